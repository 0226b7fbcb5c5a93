/*
 * nest.c — entities inside entities: «Фонд Горбачёва» ORG holding
 * «Горбачёва» PER, «Банк России» ORG holding «России» LOC, «юге Франции»
 * LOC holding «Франции» LOC.
 *
 * Runs after the flat decode and never changes the flat layer: it only adds
 * entities of depth 1 inside multi-token ORG and LOC entities.  The tagger
 * has no labels for nesting, so the inner names come from evidence that is
 * precise on its own:
 *
 *  - the same words tagged as an entity elsewhere in the document (by span
 *    key: stems of the words), or a surname the document tags PER;
 *  - the model's LOC table (span keys of the training corpora's named
 *    places, with subtypes) and its gazetteer of one-word country names;
 *  - the dictionary: a capitalized noun with the Geox grammeme is a place,
 *    a capitalized Surn word (with the Name and initials before it) is a
 *    person; so is the capitalized run after «имени» / «им.».
 *
 * Geo adjectives («Московский университет») are not names under fakt's
 * conventions and are never nested.  A LOC is searched for inner names only
 * when its head is a lowercase relational word («столицы США», «юге
 * Франции»): NEREL, the corpus with nested gold, does not nest inside
 * «Республика Казахстан», «штата Алабама» or «Южной Кореи».  PER entities
 * are not searched («Мать Тереза» is one name).  Measured by eval/nested.py.
 */
#include <string.h>

#include "../morph/morph.h"
#include "nerint.h"

#define NEST_MAXLEN 8 /* tokens of an inner entity, at most */

/* The document's own entities by span key, and surnames of its persons. */
typedef struct dkey {
    uint64_t key;        /* 0 = empty slot */
    uint8_t type;        /* FAKT_PER/LOC/ORG; 0 when the document disagrees */
    const char *subtype; /* LOC subtype the flat layer gave */
} dkey;

typedef struct nest_ctx {
    const fakt_model *m;
    const fakt_dict *d;
    const char *text;
    const fakt_seg *seg;
    const fakt_ner_feats *f;
    dkey *tab;
    uint32_t mask;
    int g_geox, g_surn, g_name, g_patr, g_adjf, g_noun, g_gent;
} nest_ctx;

/* Key space of surnames, apart from span keys. */
#define SURN_SALT 0x5375726eull

static dkey *dfind(const nest_ctx *c, uint64_t key)
{
    key |= 1;
    uint32_t i = (uint32_t)(key ^ (key >> 32)) & c->mask;
    while (c->tab[i].key && c->tab[i].key != key)
        i = (i + 1) & c->mask;
    return &c->tab[i];
}

static void dput(nest_ctx *c, uint64_t key, uint8_t type, const char *subtype)
{
    dkey *s = dfind(c, key);
    if (!s->key) {
        s->key = key | 1;
        s->type = type;
        s->subtype = subtype;
    } else if (s->type != type) {
        s->type = 0;
    }
}

static const dkey *dget(const nest_ctx *c, uint64_t key)
{
    const dkey *s = dfind(c, key);
    return s->key && s->type ? s : NULL;
}

static int tok_upper(const nest_ctx *c, uint32_t i)
{
    return c->seg->toks[i].kind == FAKT_TK_WORD && (c->seg->toks[i].flags & FAKT_TF_UPPER);
}

/* The lowercase form of token i equals w. */
static int tok_is(const nest_ctx *c, uint32_t i, const char *w)
{
    const fakt_token *t = &c->seg->toks[i];
    char low[16];
    if (t->b1 - t->b0 >= sizeof low)
        return 0;
    size_t n = fakt_ner_lower(c->text + t->b0, t->b1 - t->b0, low, sizeof low);
    return n == strlen(w) && !memcmp(low, w, n);
}

/* A relational adjective by its ending («московского», «донецкой»), as
 * corpus.c drops them from NEREL's places. */
static int geo_adjective(const nest_ctx *c, uint32_t i)
{
    const fakt_token *t = &c->seg->toks[i];
    return fakt_ner_geo_adjective(c->text + t->b0, t->b1 - t->b0);
}

/* What the dictionary says of token i (MK_*): a place noun (Geox), a
 * surname (and one in the genitive), a first name or patronymic, an
 * adjective, each from a parse with a fair share of the word's probability. */
enum { MK_GEOX = 1, MK_SURN = 2, MK_NAME = 4, MK_ADJ = 8, MK_SURN_GENT = 16 };
static unsigned morph_marks(const nest_ctx *c, uint32_t i)
{
    if (!c->d)
        return 0;
    const fakt_token *t = &c->seg->toks[i];
    fakt_mparse p[FAKT_MORPH_MAX_PARSES];
    size_t np = fakt_morph_parse(c->d, c->text + t->b0, t->b1 - t->b0, p, FAKT_MORPH_MAX_PARSES);
    const int g[7] = {c->g_geox, c->g_surn, c->g_name, c->g_patr, c->g_adjf, c->g_noun, c->g_gent};
    unsigned mk = 0;
    for (size_t k = 0; k < np; k++) {
        if (p[k].score < 0.2f && k > 0)
            continue;
        uint64_t b = fakt_morph_tag_grams(c->d, p[k].tag, g, 7);
        if ((b & 1) && (b & 32))
            mk |= MK_GEOX;
        if (b & 2)
            mk |= b & 64 ? MK_SURN | MK_SURN_GENT : MK_SURN;
        if (b & 12)
            mk |= MK_NAME;
        if (b & 16)
            mk |= MK_ADJ;
    }
    return mk;
}

/* An initial: a lone capital letter followed by a full stop. */
static int initial_at(const nest_ctx *c, uint32_t i, uint32_t end)
{
    const fakt_token *t = &c->seg->toks[i];
    return i + 1 < end && tok_upper(c, i) && fakt_utf8_count(c->text + t->b0, t->b1 - t->b0) == 1 &&
           c->seg->toks[i + 1].kind == FAKT_TK_PUNCT && c->text[c->seg->toks[i + 1].b0] == '.';
}

/* A found inner entity; doc: the document itself tags these words so. */
typedef struct cand {
    uint32_t t1;
    uint8_t type, doc;
    const char *subtype;
} cand;

/* A word that can be a place name on its own: the dictionary's Geox noun,
 * a one-word country name, or, when the model's LOC table already says so
 * (listed), an abbreviation or Latin word; never an adjective («Малой»,
 * «Единой»). */
static int place_word(const nest_ctx *c, uint32_t i, int listed)
{
    if (fakt_ner_table_get(&c->m->gaz, c->f->stemkey[i]) & FAKT_GAZ_COUNTRY)
        return 1;
    unsigned mk = morph_marks(c, i);
    if (mk & MK_ADJ)
        return 0;
    return (mk & MK_GEOX) || (listed && (c->seg->toks[i].flags & (FAKT_TF_ALLCAPS | FAKT_TF_LATIN)));
}

/* The best inner entity starting at token i of outer [o0, o1) of type ot:
 * the longest span the document tags elsewhere or the model's LOC table
 * knows, else a place word.  Names a document tags both ways are left
 * alone.  Returns 0 when there is none. */
static int find_at(const nest_ctx *c, uint32_t o0, uint32_t o1, int ot, uint32_t i, cand *out)
{
    if (!tok_upper(c, i) || geo_adjective(c, i))
        return 0;
    const fakt_ner_feats *f = c->f;
    uint32_t maxj = o1 - i > NEST_MAXLEN ? i + NEST_MAXLEN : o1;
    for (uint32_t j = maxj; j > i; j--) {
        if (i == o0 && j == o1)
            continue; /* the outer entity itself */
        if (!f->stemkey[j - 1] || !f->stemkey[i])
            continue; /* a name starts and ends with a word */
        uint64_t key = fakt_ner_span_key(f, i, j);
        const dkey *k = dget(c, key);
        if (k && (ot == FAKT_ORG || k->type == FAKT_LOC) &&
            (k->type != FAKT_LOC || j - i > 1 || !(morph_marks(c, i) & MK_ADJ))) {
            *out = (cand){j, k->type, 1, k->subtype};
            return 1;
        }
        unsigned s = fakt_ner_table_get(&c->m->sub, key);
        if (s && s < FAKT_SUB_COUNT && tok_upper(c, j - 1) && (j - i > 1 || place_word(c, i, 1))) {
            *out = (cand){j, FAKT_LOC, 0, fakt_ner_subtype_name(s)};
            return 1;
        }
    }
    if (place_word(c, i, 0)) {
        int country = (fakt_ner_table_get(&c->m->gaz, f->stemkey[i]) & FAKT_GAZ_COUNTRY) != 0;
        *out = (cand){i + 1, FAKT_LOC, 0, country ? "COUNTRY" : NULL};
        return 1;
    }
    return 0;
}

/* Whether inner entity k at token i of ORG [o0, o1) is a name of its own
 * there.  Places are («Chicago Bulls», «Банк России», «Единая Россия»: NEREL
 * nests them); a person or an ORG that begins the name is the name's own
 * word («Samsung Electronics»), and so is an ORG ending it after a
 * capitalized word («Сент-Луис Блюз», «Christian Dior»); after a lowercase
 * one it is a name of its own («газовая ОПЕК»). */
static int own_in_org(const nest_ctx *c, uint32_t o0, uint32_t o1, uint32_t i, const cand *k)
{
    if (k->type == FAKT_LOC)
        return 1;
    if (i == o0)
        return 0;
    return k->type != FAKT_ORG || k->t1 < o1 || !tok_upper(c, i - 1);
}

/* Whether a LOC starting with a lowercase word names places inside it:
 * «столицы США», «юге Франции» do; «штата Алабама», «графство Норфолк»
 * are one name with its kind word. */
static int loc_has_inner(const nest_ctx *c, uint32_t o0)
{
    /* prefixes of the lowercase form (ё is folded to е) */
    static const char *const kinds[] = {"штат", "графств", "провинц", "област", "округ", "район",
                                        "город", "село", "села", "селе", "деревн", "посел",
                                        "республик", "кра", "остров", "рек", "озер", "улиц",
                                        "проспект", "площад", "станиц", "уезд", "волост",
                                        "эмират", "королевств", "княжеств", "департамент",
                                        "муниципалитет", "коммун", "префектур", NULL};
    const fakt_token *t = &c->seg->toks[o0];
    if (tok_upper(c, o0) || t->kind != FAKT_TK_WORD)
        return 0;
    char low[64];
    if (t->b1 - t->b0 >= sizeof low)
        return 1;
    size_t n = fakt_ner_lower(c->text + t->b0, t->b1 - t->b0, low, sizeof low);
    for (int k = 0; kinds[k]; k++) {
        size_t kl = strlen(kinds[k]);
        if (n >= kl && !memcmp(low, kinds[k], kl))
            return 0;
    }
    return 1;
}

/* A person inside an ORG starting at token i (not its head word): initials
 * and first names up to a surname the document tags PER or the dictionary
 * knows as one, or up to the ORG's end after «имени»/«им.». */
static int person_at(const nest_ctx *c, uint32_t o0, uint32_t o1, uint32_t i, cand *out)
{
    if (i == o0 || !tok_upper(c, i))
        return 0;
    uint32_t prev = i - 1;
    if (prev > o0 && c->seg->toks[prev].kind == FAKT_TK_PUNCT && c->text[c->seg->toks[prev].b0] == '.')
        prev--;
    int after_imeni = tok_is(c, prev, "имени") || tok_is(c, prev, "им");
    /* Walk over initials and names to the surname. */
    uint32_t j = i;
    while (j < o1 && initial_at(c, j, o1))
        j += 2;
    while (j < o1 && tok_upper(c, j)) {
        const dkey *k = c->f->stemkey[j] ? dget(c, fakt_ner_mix(c->f->stemkey[j], SURN_SALT)) : NULL;
        unsigned mk = morph_marks(c, j);
        /* a bare surname only in the genitive: «Фонд Горбачёва», not
         * «Ляпис Трубецкой» */
        int surn = (mk & MK_SURN_GENT) || ((mk & MK_SURN) && j > i);
        if ((k && k->type == FAKT_PER) || surn || (after_imeni && j + 1 == o1)) {
            *out = (cand){j + 1, FAKT_PER, 0, NULL};
            return 1;
        }
        if (!(mk & MK_NAME))
            return 0;
        j++;
    }
    return 0;
}

/* Inner entities of outer entity e into v (at most e->t1 - e->t0);
 * returns the count. */
static uint32_t nest_one(const nest_ctx *c, const fakt_ent *e, fakt_ent *v)
{
    uint32_t n = 0;
    if (e->t1 - e->t0 < 2 || e->type == FAKT_PER)
        return 0;
    if (e->type == FAKT_LOC && !loc_has_inner(c, e->t0))
        return 0;
    for (uint32_t i = e->t0; i < e->t1;) {
        cand k = {0}, p = {0};
        int hk = find_at(c, e->t0, e->t1, e->type, i, &k);
        if (hk && e->type == FAKT_ORG && !own_in_org(c, e->t0, e->t1, i, &k))
            hk = 0;
        /* A person the document does not contradict wins a tie over a place
         * («МХТ имени Чехова»: Чехов is a town too). */
        int hp = e->type == FAKT_ORG && !(hk && k.doc) && person_at(c, e->t0, e->t1, i, &p);
        if (hp && (!hk || p.t1 >= k.t1))
            k = p, hk = 1;
        if (!hk) {
            i++;
            continue;
        }
        v[n++] = (fakt_ent){.t0 = i, .t1 = k.t1, .type = k.type, .subtype = k.subtype, .depth = 1};
        i = k.t1;
    }
    return n;
}

int fakt_ner_nest(const fakt_model *m, const fakt_dict *d, const char *text, const fakt_seg *seg,
                  const fakt_ner_feats *f, fakt_arena *a, fakt_ner_out *out)
{
    uint32_t cand_tok = 0;
    for (uint32_t i = 0; i < out->nents; i++)
        if (out->ents[i].t1 - out->ents[i].t0 >= 2 && out->ents[i].type != FAKT_PER)
            cand_tok += out->ents[i].t1 - out->ents[i].t0;
    if (!cand_tok)
        return FAKT_OK;
    nest_ctx c = {.m = m, .d = d, .text = text, .seg = seg, .f = f};
    uint32_t cap = 16;
    while (cap < 4 * out->nents + 4)
        cap <<= 1;
    c.tab = fakt_arena_calloc(a, cap, sizeof *c.tab);
    c.mask = cap - 1;
    fakt_ent *all = fakt_arena_alloc(a, ((size_t)out->nents + cand_tok + 1) * sizeof *all);
    if (!c.tab || !all)
        return FAKT_ENOMEM;
    if (d) {
        c.g_geox = fakt_morph_grammeme(d, "Geox"), c.g_surn = fakt_morph_grammeme(d, "Surn");
        c.g_name = fakt_morph_grammeme(d, "Name"), c.g_patr = fakt_morph_grammeme(d, "Patr");
        c.g_adjf = fakt_morph_grammeme(d, "ADJF"), c.g_noun = fakt_morph_grammeme(d, "NOUN");
        c.g_gent = fakt_morph_grammeme(d, "gent");
    }
    for (uint32_t i = 0; i < out->nents; i++) {
        const fakt_ent *e = &out->ents[i];
        if (!f->stemkey[e->t0])
            continue;
        dput(&c, fakt_ner_span_key(f, e->t0, e->t1), e->type, e->subtype);
        if (e->type == FAKT_PER && f->stemkey[e->t1 - 1])
            dput(&c, fakt_ner_mix(f->stemkey[e->t1 - 1], SURN_SALT), FAKT_PER, NULL);
    }
    uint32_t n = 0;
    for (uint32_t i = 0; i < out->nents; i++) {
        all[n++] = out->ents[i];
        n += nest_one(&c, &out->ents[i], all + n);
    }
    out->ents = all;
    out->nents = n;
    return FAKT_OK;
}

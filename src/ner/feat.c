/*
 * feat.c — features of every token of a document, as rows of the weight
 * table.
 *
 * Extraction runs once per document in two passes: the first describes each
 * token on its own (hashes of its forms and affixes, shape, morphology,
 * word clusters, gazetteer flags), the second combines a token with its
 * neighbours and with what the rest of the document says about the same
 * word.  A feature is a template number mixed with a value hash, reduced to
 * a row index; no feature strings are ever built, so extraction costs a few
 * multiplications per feature and nothing is allocated per token outside
 * the document's arena.  Training and tagging call this same function, so
 * what the model learned is what it sees.
 *
 * Word clusters and word statistics from unlabeled news come from the
 * model's lex table (FAKT_LEX_*, one lookup per word): the share of a
 * form's mid-sentence occurrences that are capitalized (a proper-noun
 * signal that survives sentence starts, headlines in capitals and
 * lowercase text), and flags for forms often quoted after an organization
 * head word or found after «г.»/«город».
 *
 * Morphology is optional (d may be NULL): the morphological templates then
 * simply do not fire, and the model leans on affixes and clusters.
 */
#include <string.h>

#include "../morph/morph.h"
#include "nerint.h"

/* ---- hashing -------------------------------------------------------- */

uint64_t fakt_ner_hash(const void *s, size_t n)
{
    const unsigned char *p = s;
    uint64_t h = 0xcbf29ce484222325ull;
    for (size_t i = 0; i < n; i++)
        h = (h ^ p[i]) * 0x100000001b3ull;
    return h ^ (h >> 29);
}

uint64_t fakt_ner_mix(uint64_t a, uint64_t b)
{
    uint64_t h = (a ^ 0x9E3779B97F4A7C15ull) * 0xBF58476D1CE4E5B9ull;
    h ^= b + 0x94D049BB133111EBull + (h << 6) + (h >> 2);
    h *= 0x94D049BB133111EBull;
    return h ^ (h >> 31);
}

/* ---- letters ---------------------------------------------------------- */

static inline uint32_t lower_cp(uint32_t c)
{
    if (c >= 0x430 && c <= 0x45F) /* lowercase Cyrillic, the common case */
        return c == 0x451 ? 0x435 : c;
    if (c < 0x80)
        return (c >= 'A' && c <= 'Z') ? c + 32 : c;
    if (c >= 0x410 && c <= 0x42F)
        return c + 0x20;
    if (c >= 0x400 && c <= 0x40F)
        return c == 0x401 ? 0x435 : c + 0x50; /* Ё folds to е */
    if (c == 0x451)
        return 0x435; /* ё → е: texts use both */
    if (c >= 0xC0 && c <= 0xDE && c != 0xD7)
        return c + 0x20;
    /* Cyrillic and Latin extensions (Kazakh, Uzbek, Turkish...) pair
     * upper/lower as even/odd code points, with one odd-first run. */
    if ((c >= 0x460 && c <= 0x481) || (c >= 0x48A && c <= 0x4BF) ||
        (c >= 0x4D0 && c <= 0x52F) || (c >= 0x100 && c <= 0x137) ||
        (c >= 0x14A && c <= 0x177))
        return (c & 1) ? c : c + 1;
    if ((c >= 0x4C1 && c <= 0x4CE) || (c >= 0x139 && c <= 0x148) ||
        (c >= 0x179 && c <= 0x17E))
        return (c & 1) ? c + 1 : c;
    if (c == 0x4C0)
        return 0x4CF;
    return c;
}

static int is_upper_cp(uint32_t c) { return lower_cp(c) != c && c != 0x451; }

static int is_letter_cp(uint32_t c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= 0xC0 && c <= 0x24F && c != 0xD7 && c != 0xF7) ||
           (c >= 0x400 && c <= 0x52F);
}

size_t fakt_ner_capitals(const char *s, size_t n, uint32_t *low, size_t max)
{
    size_t i = 0, k = 0;
    while (i < n) {
        uint32_t c = fakt_utf8_next(s, n, &i), l = lower_cp(c);
        if (c == l || k == max)
            return 0;
        if (low)
            low[k] = l;
        k++;
    }
    return k;
}

size_t fakt_ner_lower(const char *s, size_t n, char *out, size_t cap)
{
    size_t i = 0, o = 0;
    while (i < n) {
        uint32_t c = lower_cp(fakt_utf8_next(s, n, &i));
        if (c < 0x80) {
            if (o + 1 >= cap)
                break;
            out[o++] = (char)c;
        } else if (c < 0x800) {
            if (o + 2 >= cap)
                break;
            out[o++] = (char)(0xC0 | (c >> 6));
            out[o++] = (char)(0x80 | (c & 0x3F));
        } else {
            char tmp[4];
            size_t k = fakt_utf8_encode(c, tmp);
            if (o + k >= cap)
                break;
            memcpy(out + o, tmp, k);
            o += k;
        }
    }
    out[o < cap ? o : cap - 1] = 0;
    return o;
}

/* Lowercase Cyrillic vowels, й and ь as two-byte UTF-8 (0xD0/0xD1 lead). */
static int strippable(const unsigned char *p, int last)
{
    uint32_t c = ((uint32_t)(p[0] & 0x1F) << 6) | (p[1] & 0x3F);
    switch (c) {
    case 0x430: case 0x435: case 0x438: case 0x43E: case 0x443: /* а е и о у */
    case 0x44B: case 0x44D: case 0x44E: case 0x44F:             /* ы э ю я */
    case 0x439: case 0x44C:                                     /* й ь */
        return 1;
    case 0x43C: case 0x445: /* м х: only as the very last letter (-ом, -ах) */
        return last;
    default:
        return 0;
    }
}

size_t fakt_ner_stem(const char *lw, size_t n)
{
    const unsigned char *u = (const unsigned char *)lw;
    size_t cps = fakt_utf8_count(lw, n);
    size_t end = n;
    for (int k = 0; k < 3 && cps > 3; k++) {
        if (end < 2 || (u[end - 2] != 0xD0 && u[end - 2] != 0xD1))
            break;
        if (!strippable(u + end - 2, k == 0))
            break;
        end -= 2;
        cps--;
    }
    return end;
}

int fakt_ner_geo_adjective(const char *w, size_t n)
{
    static const char *const ends[] = {"ий", "ая", "ое", "ие", "ого", "ой", "ому", "ом", "им",
                                       "ую", "их", "ими", "ым", "ых", "ые", "ыми", NULL};
    char low[128];
    if (n >= sizeof low)
        return 0;
    /* Only the ending and the «ск» before it matter: lowercase the last
     * dozen bytes (from a character's start), not the whole word. */
    size_t from = n > 12 ? n - 12 : 0;
    while (from > 0 && ((unsigned char)w[from] & 0xC0) == 0x80)
        from--;
    size_t ln = fakt_ner_lower(w + from, n - from, low, sizeof low);
    /* Endings have two or three letters (4 or 6 bytes): «ск» or «цк» must
     * stand before one, which most words fail at once. */
    for (size_t el = 4; el <= 6 && ln >= el + 4; el += 2) {
        const char *sk = low + ln - el - 4;
        if (memcmp(sk, "ск", 4) && memcmp(sk, "цк", 4))
            continue;
        for (int k = 0; ends[k]; k++)
            if (strlen(ends[k]) == el && !memcmp(low + ln - el, ends[k], el))
                return 1;
    }
    return 0;
}

/* ---- per-token description ------------------------------------------- */

/* Grammemes whose presence the model sees, in any parse and in the best. */
static const char *const gram_names[] = {"Name", "Surn", "Patr", "Geox", "Orgn", "Abbr",
                                         "Init", "Trad", "Fixd", "anim", "Sgtm", "Pltm"};
#define NGRAM ((int)(sizeof gram_names / sizeof gram_names[0]))
static const char *const case_names[] = {"nomn", "gent", "datv", "accs", "ablt",
                                         "loct", "voct", "gen2", "acc2", "loc2"};
#define NCASE ((int)(sizeof case_names / sizeof case_names[0]))

enum { TI_START = 1, TI_INQ = 2, TI_AFTER_OPEN = 4, TI_BEFORE_CLOSE = 8, TI_END = 16 };

typedef struct tinfo {
    uint64_t low, form, stem, lemma, suf2, suf3, suf4, pre2, pre3, shape;
    uint64_t qprev; /* inside quotes: the lemma (or form) of the word before the opening quote */
    uint32_t clus, gaz, ctx;
    uint16_t silv; /* FAKT_SILV_* */
    uint16_t flags, kind;
    uint16_t gany, gtop;
    int16_t pos, cas; /* grammeme ids or -1 */
    uint8_t num;      /* 0 none, 1 sing, 2 plur */
    uint8_t docf;     /* document-level flags (DF_*) */
    uint8_t lenb;     /* length bucket */
} tinfo;

enum { DF_CAPMID = 1, DF_LOWER = 2, DF_AFTERNAME = 4, DF_MANY = 8, DF_INQUOTE = 16, DF_SURN = 32 };

/* What a morphological tag means to us, memoized per document in a small
 * open-addressing table keyed by tag id + 1 (the tags a document meets are
 * few next to the dictionary's thousands); when the memo fills up the rest
 * are computed on the spot, with the same result. */
typedef struct tagmeta {
    uint16_t gmask;
    int16_t pos, cas;
    uint8_t num, done;
} tagmeta;

typedef struct tagslot {
    uint32_t key; /* tag + 1, 0 = empty */
    tagmeta m;
} tagslot;

#define NMETA (NGRAM + NCASE + 2) /* grammemes, cases, sing, plur */
/* What the morphology says of one word form, cached per document: news
 * repeat their words, and a parse costs more than all the rest of a token. */
typedef struct mcache {
    uint64_t key, lemma;
    uint16_t gany, gtop;
    int16_t pos, cas;
    uint8_t num;
} mcache;

typedef struct morphctx {
    fakt_pcache *pc; /* the document's parse cache, shared with later stages, or NULL */
    mcache *cache;
    uint32_t cmask;
    const fakt_dict *d;
    int gid[NMETA]; /* gram_names, case_names, sing, plur */
    tagslot *meta;
    uint32_t mmask, mfill, ntags;
    tagmeta spill; /* a tag computed when the memo is full */
} morphctx;

static void tag_meta_compute(const morphctx *mc, uint32_t tag, tagmeta *t)
{
    uint64_t g = fakt_morph_tag_grams(mc->d, tag, mc->gid, NMETA);
    t->done = 1;
    t->pos = (int16_t)fakt_morph_tag_pos(mc->d, tag);
    t->gmask = (uint16_t)(g & ((1u << NGRAM) - 1));
    uint64_t cs = (g >> NGRAM) & ((1u << NCASE) - 1);
    t->cas = cs ? (int16_t)__builtin_ctzll(cs) : -1;
    t->num = ((g >> (NGRAM + NCASE)) & 1) ? 1 : ((g >> (NGRAM + NCASE + 1)) & 1) ? 2 : 0;
}

static const tagmeta *tag_meta(morphctx *mc, uint32_t tag)
{
    static const tagmeta none = {0, -1, -1, 0, 1};
    if (tag >= mc->ntags)
        return &none;
    uint32_t key = tag + 1, i = (key * 0x9E3779B1u >> 16) & mc->mmask;
    while (mc->meta[i].key && mc->meta[i].key != key)
        i = (i + 1) & mc->mmask;
    tagslot *s = &mc->meta[i];
    if (s->key)
        return &s->m;
    if (4 * (mc->mfill + 1) > 3 * (mc->mmask + 1)) {
        tag_meta_compute(mc, tag, &mc->spill);
        return &mc->spill;
    }
    mc->mfill++;
    s->key = key;
    tag_meta_compute(mc, tag, &s->m);
    return &s->m;
}

/* Sets mc up for a document of nt tokens (caches in a); d may be NULL. */
static int morphctx_init(morphctx *mc, const fakt_dict *d, fakt_arena *a, uint32_t nt)
{
    memset(mc, 0, sizeof *mc);
    if (!d)
        return FAKT_OK;
    mc->d = d;
    for (int g = 0; g < NGRAM; g++)
        mc->gid[g] = fakt_morph_grammeme(d, gram_names[g]);
    for (int c = 0; c < NCASE; c++)
        mc->gid[NGRAM + c] = fakt_morph_grammeme(d, case_names[c]);
    mc->gid[NGRAM + NCASE] = fakt_morph_grammeme(d, "sing");
    mc->gid[NGRAM + NCASE + 1] = fakt_morph_grammeme(d, "plur");
    mc->ntags = fakt_morph_tag_count(d);
    uint32_t mcap = 64; /* distinct tags seen grow far slower than tokens */
    while (mcap < nt && mcap < 1024)
        mcap <<= 1;
    mc->meta = fakt_arena_calloc(a, mcap, sizeof *mc->meta);
    mc->mmask = mcap - 1;
    uint32_t cc = 64;
    while (cc < 2 * nt + 2)
        cc <<= 1;
    mc->cache = fakt_arena_calloc(a, cc, sizeof *mc->cache);
    mc->cmask = cc - 1;
    return mc->meta && mc->cache ? FAKT_OK : FAKT_ENOMEM;
}

/* A token the word table knows: what the contextual features read of it. */
static void describe_word(const fakt_token *t, const fakt_ner_word *w, tinfo *ti)
{
    ti->flags = t->flags;
    ti->kind = t->kind;
    ti->low = w->low, ti->shape = w->shape, ti->suf3 = w->suf3;
    ti->lemma = w->lemma, ti->stem = w->stem;
    ti->clus = w->clus, ti->gaz = w->gaz, ti->silv = w->silv;
    ti->gany = w->gany, ti->gtop = w->gtop;
    ti->pos = w->pos, ti->cas = w->cas;
    /* the length bucket, as describe() counts it (forms in the table are
     * short enough that it sees all their letters) */
    ti->lenb = (uint8_t)(t->c1 - t->c0 > 12 ? 12 : t->c1 - t->c0);
}

static void describe(const fakt_model *m, morphctx *mc, const char *text, const fakt_token *t,
                     tinfo *ti)
{
    char low[256];
    const char *w = text + t->b0;
    size_t n = t->b1 - t->b0;
    size_t ln = fakt_ner_lower(w, n, low, sizeof low);
    ti->flags = t->flags;
    ti->kind = t->kind;
    ti->pos = ti->cas = -1;
    ti->form = fakt_ner_hash(w, n);
    ti->low = fakt_ner_hash(low, ln);
    /* Affixes by code points, from the lowercase form. */
    size_t cps = fakt_utf8_count(low, ln);
    ti->lenb = (uint8_t)(cps > 12 ? 12 : cps);
    size_t i = 0, k = 0, b2 = 0, b3 = 0;
    size_t ends[64];
    while (i < ln && k < 64) {
        fakt_utf8_next(low, ln, &i);
        ends[k++] = i;
    }
    if (k >= 2)
        b2 = ends[1];
    if (k >= 3)
        b3 = ends[2];
    ti->pre2 = fakt_ner_hash(low, b2 ? b2 : ln);
    ti->pre3 = fakt_ner_hash(low, b3 ? b3 : ln);
    /* Suffix starts: the byte offset where the last 2, 3, 4 letters begin. */
    size_t st2 = 0, st3 = 0, st4 = 0;
    if (k == cps) {
        st2 = cps > 2 ? ends[cps - 3] : 0;
        st3 = cps > 3 ? ends[cps - 4] : 0;
        st4 = cps > 4 ? ends[cps - 5] : 0;
    }
    ti->suf2 = fakt_ner_hash(low + st2, ln - st2);
    ti->suf3 = fakt_ner_hash(low + st3, ln - st3);
    ti->suf4 = fakt_ner_hash(low + st4, ln - st4);
    /* Shape: X upper, x lower, d digit, other marks as themselves; runs
     * capped at two, so «Путин» is Xxx and «МИД» XX. */
    char shape[24];
    size_t sn = 0;
    i = 0;
    char prev = 0;
    int run = 0;
    while (i < n && sn < sizeof shape - 1) {
        uint32_t c = fakt_utf8_next(w, n, &i);
        char s = is_upper_cp(c) ? 'X' : is_letter_cp(c) ? 'x' : (c >= '0' && c <= '9') ? 'd'
                 : (c < 0x80) ? (char)c : '*';
        run = s == prev ? run + 1 : 1;
        prev = s;
        if (run <= 2)
            shape[sn++] = s;
    }
    ti->shape = fakt_ner_hash(shape, sn);
    if (t->kind == FAKT_TK_WORD) {
        size_t sl = fakt_ner_stem(low, ln);
        ti->stem = fakt_ner_hash(low, sl) | 1;
        ti->gaz = fakt_ner_table_get(&m->gaz, ti->stem);
        ti->clus = fakt_ner_table_get(&m->lex, ti->low);
        ti->silv = fakt_ner_silver_get(m, ti->form, ti->low);
    }
    if (mc->d && t->kind == FAKT_TK_WORD) {
        uint64_t key = ti->form | 1;
        uint32_t slot = (uint32_t)key & mc->cmask;
        while (mc->cache[slot].key && mc->cache[slot].key != key)
            slot = (slot + 1) & mc->cmask;
        mcache *ce = &mc->cache[slot];
        if (ce->key) {
            ti->gany = ce->gany, ti->gtop = ce->gtop, ti->pos = ce->pos, ti->cas = ce->cas;
            ti->num = ce->num, ti->lemma = ce->lemma;
            return;
        }
        ce->key = key;
        fakt_mparse ps[32];
        size_t np = mc->pc ? fakt_pcache_parse(mc->pc, w, n, ps, 32) : fakt_morph_parse(mc->d, w, n, ps, 32);
        for (size_t p = 0; p < np; p++) {
            const tagmeta *tm = tag_meta(mc, ps[p].tag);
            ti->gany |= tm->gmask;
            if (p == 0) {
                ti->gtop = tm->gmask;
                ti->pos = tm->pos;
                ti->cas = tm->cas;
                ti->num = tm->num;
            }
        }
        if (np) {
            char lem[128];
            size_t lln = fakt_morph_lemma(mc->d, w, n, &ps[0], lem, sizeof lem);
            ti->lemma = fakt_ner_hash(lem, lln) | 1;
        }
        ce->gany = ti->gany, ce->gtop = ti->gtop, ce->pos = ti->pos, ce->cas = ti->cas;
        ce->num = ti->num, ce->lemma = ti->lemma;
    }
}

/* ---- runs of tokens ---------------------------------------------------- */

static int capitalized_word(const tinfo *t) { return t->kind == FAKT_TK_WORD && (t->flags & FAKT_TF_UPPER); }
static int quoted(const tinfo *t) { return (t->ctx & TI_INQ) != 0; }

/* The maximal runs of tokens for which in() holds, within sentences: token
 * k's run is [b[k], e[k]) (the token alone when in() fails for it). */
static void runs_of(const tinfo *ti, const uint32_t *sent1, uint32_t nt, int (*in)(const tinfo *),
                    uint32_t *b, uint32_t *e)
{
    for (uint32_t i = 0; i < nt;) {
        uint32_t j = i + 1;
        if (in(&ti[i]))
            while (j < sent1[i] && in(&ti[j]))
                j++;
        for (uint32_t k = i; k < j; k++)
            b[k] = i, e[k] = j;
        i = j;
    }
}

/* ---- document-level word table ---------------------------------------- */

typedef struct dslot {
    uint64_t key;
    uint8_t flags, count;
} dslot;

static dslot *dfind(dslot *tab, uint32_t mask, uint64_t key)
{
    uint32_t i = (uint32_t)key & mask;
    while (tab[i].key && tab[i].key != key)
        i = (i + 1) & mask;
    tab[i].key = key;
    return &tab[i];
}

/* ---- emission ---------------------------------------------------------- */

typedef struct emitter {
    uint32_t *f;
    uint32_t n, mask;
} emitter;

static inline void emit(emitter *e, uint64_t tmpl, uint64_t v)
{
    if (e->n < FAKT_NER_MAXF)
        e->f[e->n++] = (uint32_t)(fakt_ner_mix(tmpl, v) >> 20) & e->mask;
}

#define BOS 0x5151515151ull
#define EOS 0x7373737373ull

/* The most frequent silver type of a word with the share bin it has. */
static uint64_t silver_top(uint16_t sv)
{
    unsigned top = FAKT_SILV_TOP(sv);
    return top ? top * 8 + FAKT_SILV_RATE(sv, top - 1) : 0;
}

/* What a neighbour says of itself to the token beside it: side 0 for the
 * word before (t the previous token, or NULL at the sentence's start),
 * side 1 for the word after.  Like emit_local, a function of that token's
 * form alone, so the word table holds these sums too (fakt_ner_word_nb). */
static void emit_side(emitter *e, const tinfo *t, int side, int morph)
{
    uint64_t edge = side ? EOS : BOS, o = side ? 1 : 0;
    emit(e, 3 + o, t ? t->low : edge);
    emit(e, 15 + o, t ? t->suf3 : edge);
    emit(e, 18 + o, t ? t->shape : edge);
    if (morph) {
        emit(e, 32 + o, t ? fakt_ner_mix((uint64_t)(t->pos + 1), (uint64_t)(t->cas + 1)) : edge);
        emit(e, 35 + o, t ? t->lemma : edge);
        emit(e, 39 + o, t ? t->gany : edge);
    }
    emit(e, 65 + o, t ? FAKT_LEX_C256(t->clus) : 0xFFFFu);
    emit(e, 67 + o, t ? FAKT_LEX_C1024(t->clus) : 0xFFFFu);
    emit(e, 71 + o, t ? t->gaz : 0xFFFF);
    if (t && t->silv)
        emit(e, 126 + o, silver_top(t->silv));
}

/* What the token says alone: its forms, affixes, shape, letters, its own
 * morphology, clusters and gazetteer flags.  These rows depend only on
 * the form, the token flags in FAKT_NER_WORD_FLAGS and the kind, so the
 * word table holds their sums for frequent forms (fakt_ner_word_compute);
 * everything else is contextual and extracted per token. */
static void emit_local(emitter *e, const tinfo *c, uint16_t fmask, int morph)
{
    emit(e, 1, 0);
    emit(e, 2, c->low);
    emit(e, 9, c->form);
    emit(e, 10, c->suf2);
    emit(e, 11, c->suf3);
    emit(e, 12, c->suf4);
    emit(e, 13, c->pre3);
    emit(e, 14, c->pre2);
    emit(e, 17, c->shape);
    emit(e, 22, fmask);
    emit(e, 23, c->kind);
    emit(e, 29, c->lenb);
    if (morph) {
        emit(e, 30, fakt_ner_mix((uint64_t)(c->pos + 1), (uint64_t)(c->cas + 1)));
        emit(e, 31, (uint64_t)(c->pos + 1));
        emit(e, 34, c->lemma);
        emit(e, 37, c->gany);
        emit(e, 38, c->gtop);
        emit(e, 41, fakt_ner_mix(c->gany, fmask));
        emit(e, 42, fakt_ner_mix((uint64_t)(c->cas + 1), c->num));
        for (int g = 0; g < 9; g++)
            if (c->gany & (1u << g))
                emit(e, 43 + (uint64_t)g, fmask & FAKT_TF_UPPER);
    }
    if (c->clus & FAKT_LEX_CLUS) {
        emit(e, 60, FAKT_LEX_C64(c->clus));
        emit(e, 61, FAKT_LEX_C256(c->clus));
        emit(e, 62, FAKT_LEX_C1024(c->clus));
        emit(e, 63, fakt_ner_mix(FAKT_LEX_C256(c->clus), fmask & (FAKT_TF_UPPER | FAKT_TF_ALLCAPS)));
    } else {
        emit(e, 64, fmask & (FAKT_TF_UPPER | FAKT_TF_ALLCAPS));
    }
    if (c->kind == FAKT_TK_WORD) {
        if (c->clus & FAKT_LEX_ORGQ)
            emit(e, 76, fmask & FAKT_TF_UPPER);
        if (c->clus & FAKT_LEX_CITY)
            emit(e, 77, fmask & FAKT_TF_UPPER);
    }
    if (c->gaz)
        emit(e, 70, fakt_ner_mix(c->gaz, fmask & FAKT_TF_UPPER));
    /* Silver statistics: what the news at large call this word. */
    uint16_t sv = c->silv;
    if (sv) {
        uint64_t up = fmask & (FAKT_TF_UPPER | FAKT_TF_ALLCAPS);
        emit(e, 120, sv & (0x1FFu | FAKT_SILV_LOW));
        emit(e, 121, fakt_ner_mix(silver_top(sv), FAKT_SILV_FREQ(sv)));
        for (unsigned t = 0; t < 3; t++)
            emit(e, 122 + t, fakt_ner_mix(FAKT_SILV_RATE(sv, t), up));
    } else if (c->kind == FAKT_TK_WORD) {
        emit(e, 125, fmask & (FAKT_TF_UPPER | FAKT_TF_ALLCAPS | FAKT_TF_LATIN));
    }
}


int fakt_ner_features(const fakt_model *m, const fakt_dict *d, const char *text,
                      const fakt_seg *seg, fakt_arena *a, fakt_ner_feats *out)
{
    return fakt_ner_features_pc(m, d, NULL, text, seg, a, out);
}

int fakt_ner_features_pc(const fakt_model *m, const fakt_dict *d, fakt_pcache *pc, const char *text,
                         const fakt_seg *seg, fakt_arena *a, fakt_ner_feats *out)
{
    uint32_t nt = seg->ntok;
    memset(out, 0, sizeof *out);
    tinfo *ti = fakt_arena_calloc(a, nt + 1, sizeof *ti);
    uint32_t *sent0 = fakt_arena_alloc(a, (nt + 1) * sizeof *sent0);
    uint32_t *sent1 = fakt_arena_alloc(a, (nt + 1) * sizeof *sent1);
    out->off = fakt_arena_alloc(a, (nt + 1) * sizeof *out->off);
    out->stemkey = fakt_arena_calloc(a, nt + 1, sizeof *out->stemkey);
    out->upper = fakt_arena_calloc(a, nt + 1, 1);
    out->word = fakt_arena_calloc(a, nt + 1, sizeof *out->word);
    out->nbm = fakt_arena_calloc(a, nt + 1, 1);
    out->key = fakt_arena_alloc(a, (nt + 1) * sizeof *out->key);
    out->feat = fakt_arena_alloc(a, ((size_t)nt * FAKT_NER_MAXF + 1) * sizeof *out->feat);
    if (!ti || !sent0 || !sent1 || !out->off || !out->stemkey || !out->feat || !out->upper ||
        !out->word || !out->key || !out->nbm)
        return FAKT_ENOMEM;
    morphctx mc;
    if (morphctx_init(&mc, d, a, nt) != FAKT_OK)
        return FAKT_ENOMEM;
    mc.pc = d ? pc : NULL;
    /* Sentence bounds per token (tokens outside every sentence stand alone). */
    for (uint32_t i = 0; i < nt; i++)
        sent0[i] = i, sent1[i] = i + 1;
    for (uint32_t s = 0; s < seg->nsent; s++) {
        uint32_t t0 = seg->sents[s].t0, t1 = seg->sents[s].t1;
        if (t1 > nt || t0 >= t1)
            continue;
        for (uint32_t i = t0; i < t1; i++)
            sent0[i] = t0, sent1[i] = t1;
    }
    /* Frequent forms come from the word table: per block of tokens, find
     * their candidate entries first and prefetch them, so that the misses
     * overlap instead of stalling the describing loop one by one (blocks:
     * what is prefetched is still in cache when it is read). */
    int usable = fakt_ner_words_usable(m, d);
    for (uint32_t b0 = 0; b0 < nt; b0 += 256) {
        uint32_t b1 = nt - b0 > 256 ? b0 + 256 : nt;
        if (usable) {
            /* Keys, and their home slots fetched; then the slots read and
             * the entries fetched: two rounds of overlapping misses. */
            for (uint32_t i = b0; i < b1; i++) {
                const fakt_token *t = &seg->toks[i];
                out->key[i] = fakt_ner_word_key(fakt_ner_hash(text + t->b0, t->b1 - t->b0), t->flags, t->kind);
                __builtin_prefetch(m->wslots + 2 * (fakt_ner_key(out->key[i]) & m->wmask));
            }
            for (uint32_t i = b0; i < b1; i++) {
                const fakt_ner_word *w = fakt_ner_word_candidate(m, out->key[i]);
                if (w) /* the line describe_word reads; the sums wait for emissions */
                    __builtin_prefetch(w);
                out->word[i] = w;
            }
            for (uint32_t i = b0; i < b1; i++)
                if (out->word[i] && out->word[i]->key != out->key[i])
                    out->word[i] = NULL; /* a fingerprint collision: not this form */
        }
        if (d) {
            /* Words the table does not know are parsed by describe(): their
             * hot-table slots, then entries, fetched likewise. */
            for (int stage = 0; stage < 2; stage++)
                for (uint32_t i = b0; i < b1; i++) {
                    const fakt_token *t = &seg->toks[i];
                    if (t->kind == FAKT_TK_WORD && !out->word[i])
                        fakt_morph_prefetch(d, text + t->b0, t->b1 - t->b0, stage);
                }
        }
        for (uint32_t i = b0; i < b1; i++) {
            const fakt_ner_word *w = out->word[i];
            if (w)
                describe_word(&seg->toks[i], w, &ti[i]);
            else
                describe(m, &mc, text, &seg->toks[i], &ti[i]);
            out->stemkey[i] = ti[i].stem;
            out->upper[i] = (ti[i].flags & FAKT_TF_UPPER) != 0;
        }
    }
    /* Quote context within the sentence: inside an open quote/bracket. */
    for (uint32_t i = 0; i < nt; i++) {
        if (i == sent0[i])
            ti[i].ctx |= TI_START;
        if (i + 1 == sent1[i])
            ti[i].ctx |= TI_END;
        if (i > sent0[i] && (ti[i - 1].flags & FAKT_TF_OPEN))
            ti[i].ctx |= TI_AFTER_OPEN;
        if (i + 1 < sent1[i] && (ti[i + 1].flags & FAKT_TF_CLOSE))
            ti[i].ctx |= TI_BEFORE_CLOSE;
    }
    /* «компания «Вымпелком»», газета «Известия»: the word before an
     * opening quote says what the quoted name names. */
    int depth = 0;
    uint64_t qprev = 0;
    for (uint32_t i = 0; i < nt; i++) {
        if (i == sent0[i])
            depth = 0;
        uint16_t fl = ti[i].flags;
        int opens = 0;
        if ((fl & FAKT_TF_QUOTE) && !(fl & (FAKT_TF_OPEN | FAKT_TF_CLOSE)))
            opens = !depth, depth = depth ? depth - 1 : 1; /* a straight quote toggles */
        else if (fl & FAKT_TF_OPEN)
            opens = !depth, depth++;
        else if ((fl & FAKT_TF_CLOSE) && depth)
            depth--;
        else if (depth) {
            ti[i].ctx |= TI_INQ;
            ti[i].qprev = qprev;
        }
        if (opens)
            qprev = i > sent0[i] ? (ti[i - 1].lemma ? ti[i - 1].lemma : ti[i - 1].low) : BOS;
    }
    /* Document table: how each word (by stem) is used elsewhere. */
    uint32_t cap = 64;
    while (cap < 2 * nt + 2)
        cap <<= 1;
    dslot *tab = fakt_arena_calloc(a, cap, sizeof *tab);
    if (!tab)
        return FAKT_ENOMEM;
    for (uint32_t i = 0; i < nt; i++) {
        if (!ti[i].stem)
            continue;
        dslot *s = dfind(tab, cap - 1, ti[i].stem);
        if (s->count < 255)
            s->count++;
        if (!(ti[i].flags & FAKT_TF_UPPER))
            s->flags |= DF_LOWER;
        else if (i != sent0[i] && !(ti[i].ctx & TI_AFTER_OPEN))
            s->flags |= DF_CAPMID;
        if ((ti[i].flags & FAKT_TF_UPPER) && i > sent0[i] &&
            ((ti[i - 1].gtop & 1) || (ti[i - 1].flags & FAKT_TF_INITIAL)))
            s->flags |= DF_AFTERNAME;
        if (ti[i].gany & 2)
            s->flags |= DF_SURN;
        if (ti[i].ctx & TI_INQ)
            s->flags |= DF_INQUOTE;
    }
    for (uint32_t i = 0; i < nt; i++) {
        if (!ti[i].stem)
            continue;
        dslot *s = dfind(tab, cap - 1, ti[i].stem);
        ti[i].docf = (uint8_t)(s->flags | (s->count > 1 ? DF_MANY : 0));
    }
    /* Runs of capitalized words («Министерство сельского хозяйства»,
     * «Industrial and Commercial Bank of China» has several) and quoted
     * stretches, as token ranges within the sentence: what stands before
     * the run, its first and last word and the token's place in it say
     * more of a name than the token alone. */
    uint32_t *rb = fakt_arena_alloc(a, (nt + 1) * sizeof *rb);
    uint32_t *re = fakt_arena_alloc(a, (nt + 1) * sizeof *re);
    uint32_t *qb = fakt_arena_alloc(a, (nt + 1) * sizeof *qb);
    uint32_t *qe = fakt_arena_alloc(a, (nt + 1) * sizeof *qe);
    if (!rb || !re || !qb || !qe)
        return FAKT_ENOMEM;
    runs_of(ti, sent1, nt, capitalized_word, rb, re);
    runs_of(ti, sent1, nt, quoted, qb, qe);
    /* Emission. */
    emitter e = {out->feat, 0, m->mask};
    uint32_t total = 0;
    for (uint32_t i = 0; i < nt; i++) {
        const tinfo *c = &ti[i];
        const tinfo *p1 = i > sent0[i] ? &ti[i - 1] : NULL;
        const tinfo *p2 = i > sent0[i] + 1 ? &ti[i - 2] : NULL;
        const tinfo *n1 = i + 1 < sent1[i] ? &ti[i + 1] : NULL;
        const tinfo *n2 = i + 2 < sent1[i] ? &ti[i + 2] : NULL;
        uint64_t lp1 = p1 ? p1->low : BOS, lp2 = p2 ? p2->low : BOS;
        uint64_t ln1 = n1 ? n1->low : EOS, ln2 = n2 ? n2->low : EOS;
        uint64_t sp1 = p1 ? p1->shape : BOS, sn1 = n1 ? n1->shape : EOS;
        uint16_t fmask = c->flags & FAKT_NER_WORD_FLAGS;
        e.f = out->feat + total;
        e.n = 0;
        if (!out->word[i])
            emit_local(&e, c, fmask, mc.d != NULL);
        /* The neighbours' own facts: from their word-table vectors when
         * they have them, else as rows. */
        uint8_t nbm = 0;
        if (p1 && fakt_ner_word_nb(m, out->word[i - 1], 0))
            nbm |= 1;
        else
            emit_side(&e, p1, 0, mc.d != NULL);
        if (n1 && fakt_ner_word_nb(m, out->word[i + 1], 1))
            nbm |= 2;
        else
            emit_side(&e, n1, 1, mc.d != NULL);
        out->nbm[i] = nbm;
        emit(&e, 5, lp2);
        emit(&e, 6, ln2);
        emit(&e, 7, fakt_ner_mix(lp1, c->low));
        emit(&e, 8, fakt_ner_mix(c->low, ln1));
        emit(&e, 20, fakt_ner_mix(sp1, c->shape));
        emit(&e, 21, fakt_ner_mix(c->shape, sn1));
        emit(&e, 24, fakt_ner_mix(c->ctx & (TI_START | TI_END), c->shape));
        emit(&e, 25, c->ctx & (TI_INQ | TI_AFTER_OPEN | TI_BEFORE_CLOSE));
        emit(&e, 26, fakt_ner_mix(c->ctx & (TI_INQ | TI_AFTER_OPEN), fmask));
        emit(&e, 27, fakt_ner_mix(lp1, c->shape));
        emit(&e, 28, fakt_ner_mix(c->shape, ln1));
        if (c->ctx & TI_INQ)
            emit(&e, 100, c->qprev);
        if (mc.d) {
            /* «президента Токаева», «Токаев заявил»: the neighbour's lemma
             * with this token's case, across inflection. */
            emit(&e, 54, fakt_ner_mix(p1 ? p1->lemma : BOS, fmask & (FAKT_TF_UPPER | FAKT_TF_ALLCAPS)));
            emit(&e, 55, fakt_ner_mix(n1 ? n1->lemma : EOS, fmask & (FAKT_TF_UPPER | FAKT_TF_ALLCAPS)));
            emit(&e, 56, p2 ? p2->lemma : BOS);
            emit(&e, 57, fakt_ner_mix(p1 ? p1->lemma : BOS, c->lemma));
            emit(&e, 58, fakt_ner_mix(c->lemma, n1 ? n1->lemma : EOS));
            if (p1 && n1)
                emit(&e, 53, fakt_ner_mix(fakt_ner_mix((uint64_t)(p1->pos + 1), (uint64_t)(c->pos + 1)),
                                          (uint64_t)(n1->pos + 1)));
        }
        if (c->kind == FAKT_TK_WORD) {
            /* How often the news capitalize this word mid-sentence, with
             * how it is written here and where: a capital at a sentence's
             * start, in a headline or after a quote says little alone. */
            uint32_t cb = FAKT_LEX_CAP(c->clus);
            uint32_t cp = p1 ? FAKT_LEX_CAP(p1->clus) : 8, cn = n1 ? FAKT_LEX_CAP(n1->clus) : 8;
            emit(&e, 73, fakt_ner_mix(fakt_ner_mix(cb, fmask & (FAKT_TF_UPPER | FAKT_TF_ALLCAPS)),
                                      c->ctx & (TI_START | TI_AFTER_OPEN)));
            emit(&e, 74, fakt_ner_mix(cp, cb));
            emit(&e, 75, fakt_ner_mix(cb, cn));
        }
        if (c->docf) {
            for (int b = 0; b < 6; b++)
                if (c->docf & (1u << b))
                    emit(&e, 80 + (uint64_t)b, fmask & FAKT_TF_UPPER);
            emit(&e, 87, fakt_ner_mix(c->docf, fmask));
        }
        if (c->kind == FAKT_TK_WORD && (c->flags & FAKT_TF_UPPER)) {
            uint32_t r0 = rb[i], r1 = re[i], rl = r1 - r0;
            uint64_t rpos = rl == 1 ? 0 : i == r0 ? 1 : i + 1 == r1 ? 3 : 2;
            uint64_t before = r0 > sent0[i] ? (ti[r0 - 1].lemma ? ti[r0 - 1].lemma : ti[r0 - 1].low) : BOS;
            emit(&e, 101, fakt_ner_mix(rl > 4 ? 4 : rl, rpos));
            emit(&e, 102, fakt_ner_mix(before, rpos));
            emit(&e, 103, fakt_ner_mix(ti[r1 - 1].low, rpos));
            emit(&e, 104, fakt_ner_mix(ti[r0].low, rpos));
            if (c->flags & FAKT_TF_LATIN)
                emit(&e, 105, fakt_ner_mix(rl > 4 ? 4 : rl, fakt_ner_mix(rpos, before)));
        } else if (c->kind == FAKT_TK_WORD) {
            /* A lowercase word after a capitalized run: the tail of a
             * long name («Министерство сельского хозяйства и пищевой
             * промышленности») or not. */
            for (uint32_t k = i, dist = 0; k > sent0[i] && dist < 5; k--, dist++) {
                const tinfo *q = &ti[k - 1];
                if (q->kind == FAKT_TK_WORD && (q->flags & FAKT_TF_UPPER)) {
                    const tinfo *h = &ti[rb[k - 1]];
                    emit(&e, 106, fakt_ner_mix(h->lemma ? h->lemma : h->low, dist));
                    break;
                }
            }
        }
        if (c->ctx & TI_INQ) {
            uint32_t q0 = qb[i], q1 = qe[i], ql = q1 - q0;
            uint64_t qpos = ql == 1 ? 0 : i == q0 ? 1 : i + 1 == q1 ? 3 : 2;
            emit(&e, 107, fakt_ner_mix(c->qprev, qpos));
            emit(&e, 108, fakt_ner_mix(fakt_ner_mix(ql > 5 ? 5 : ql, qpos),
                                       fakt_ner_mix(ti[q0].flags & FAKT_TF_UPPER, fmask & FAKT_TF_UPPER)));
        }
        if (n1 && n2 && (n1->flags & (FAKT_TF_OPEN | FAKT_TF_QUOTE)) && (n2->ctx & TI_INQ))
            emit(&e, 109, fakt_ner_mix(c->lemma ? c->lemma : c->low, n2->flags & FAKT_TF_UPPER));
        if (c->flags & FAKT_TF_ALLCAPS)
            emit(&e, 110, fakt_ner_mix(c->lenb, fmask & (FAKT_TF_LATIN | FAKT_TF_DIGIT | FAKT_TF_HYPHEN)));
        out->off[i] = total;
        total += e.n;
    }
    out->off[nt] = total;
    return FAKT_OK;
}

/* ---- the word table's entries ------------------------------------------ */

/* acc += the quantized weight rows e emitted. */
static void sum_rows(const fakt_model *m, const emitter *e, int32_t acc[FAKT_NER_NL])
{
    for (uint32_t k = 0; k < e->n; k++)
        for (int l = 0; l < FAKT_NER_NL; l++)
            acc[l] += m->w[(size_t)e->f[k] * FAKT_NER_NL + l];
}

int fakt_ner_word_compute(const fakt_model *m, const fakt_dict *d, const char *form, size_t n,
                          fakt_ner_word *out, int32_t side[2][FAKT_NER_NL])
{
    memset(out, 0, sizeof *out);
    if (side)
        memset(side, 0, 2 * sizeof side[0]);
    fakt_arena a;
    fakt_arena_init(&a);
    fakt_seg seg;
    morphctx mc;
    int rc = fakt_segment(form, n, &a, &seg, NULL);
    if (rc == FAKT_OK && (seg.ntok != 1 || seg.toks[0].b0 != 0 || seg.toks[0].b1 != n))
        rc = FAKT_ENOTFOUND;
    if (rc == FAKT_OK)
        rc = morphctx_init(&mc, d, &a, 1);
    if (rc != FAKT_OK) {
        fakt_arena_free(&a);
        return rc == FAKT_ENOMEM ? FAKT_ENOMEM : FAKT_ENOTFOUND;
    }
    const fakt_token *t = &seg.toks[0];
    tinfo ti;
    memset(&ti, 0, sizeof ti);
    describe(m, &mc, form, t, &ti);
    uint32_t rows[FAKT_NER_MAXF];
    emitter e = {rows, 0, m->mask};
    emit_local(&e, &ti, t->flags & FAKT_NER_WORD_FLAGS, d != NULL);
    out->key = fakt_ner_word_key(ti.form, t->flags, t->kind);
    out->low = ti.low, out->shape = ti.shape, out->suf3 = ti.suf3;
    out->lemma = ti.lemma, out->stem = ti.stem;
    out->clus = ti.clus, out->gaz = (uint16_t)ti.gaz, out->silv = ti.silv;
    out->gany = ti.gany, out->gtop = ti.gtop;
    out->pos = ti.pos, out->cas = ti.cas;
    sum_rows(m, &e, out->local);
    for (int sd = 0; sd < 2 && side; sd++) {
        e.n = 0;
        emit_side(&e, &ti, sd, d != NULL);
        sum_rows(m, &e, side[sd]);
    }
    fakt_arena_free(&a);
    return FAKT_OK;
}

/* ---- second pass -------------------------------------------------------- */

typedef struct pslot {
    uint64_t key;
    uint16_t cnt[4]; /* occurrences labelled O, PER, LOC, ORG by the first pass */
} pslot;

size_t fakt_ner_doc_scratch(uint32_t ntok)
{
    uint32_t cap = 64;
    while (cap < 2 * ntok + 2)
        cap <<= 1;
    return (size_t)cap * sizeof(pslot);
}

static pslot *pfind(pslot *tab, uint32_t mask, uint64_t key)
{
    uint32_t i = (uint32_t)key & mask;
    while (tab[i].key && tab[i].key != key)
        i = (i + 1) & mask;
    tab[i].key = key;
    return &tab[i];
}

void fakt_ner_docfeats(const fakt_model *m, const fakt_ner_feats *f, uint32_t ntok,
                       const uint8_t *le, uint32_t *xf, uint8_t *nx, void *scratch)
{
    uint32_t cap = 64;
    while (cap < 2 * ntok + 2)
        cap <<= 1;
    pslot *tab = scratch;
    memset(tab, 0, (size_t)cap * sizeof *tab);
    for (uint32_t i = 0; i < ntok; i++)
        if (f->stemkey[i]) {
            pslot *p = pfind(tab, cap - 1, f->stemkey[i]);
            unsigned ty = (unsigned)fakt_ner_lab_type(le[i]);
            if (p->cnt[ty & 3] < 65535)
                p->cnt[ty & 3]++;
        }
    emitter e = {NULL, 0, m->mask};
    for (uint32_t i = 0; i < ntok; i++) {
        nx[i] = 0;
        if (!f->stemkey[i])
            continue;
        pslot *p = pfind(tab, cap - 1, f->stemkey[i]);
        unsigned self = (unsigned)fakt_ner_lab_type(le[i]);
        unsigned mask = 0, others = 0;
        for (unsigned t = 0; t < 4; t++) {
            unsigned c = p->cnt[t] - (t == self);
            others += c;
            if (c && t)
                mask |= 1u << t;
        }
        /* Only what can change a decision: types found elsewhere, or a
         * capitalized word seen elsewhere as no entity.  Tokens with no
         * such feature let the tagger skip the second pass for sentences
         * made only of them. */
        if (!others || (!mask && !f->upper[i]))
            continue;
        /* The mask of types the word got elsewhere, with the token's case
         * and its own first-pass type (agreement is the common case). */
        uint32_t buf[FAKT_NER_MAXF];
        e.f = buf;
        e.n = 0;
        emit(&e, 90, fakt_ner_mix(mask, f->upper[i]));
        emit(&e, 91, fakt_ner_mix(fakt_ner_mix(mask, self), f->upper[i]));
        if (!mask)
            emit(&e, 92, f->upper[i]); /* seen elsewhere, never an entity */
        for (uint32_t k = 0; k < e.n && k < FAKT_NER_MAXX; k++)
            xf[(size_t)i * FAKT_NER_MAXX + k] = buf[k];
        nx[i] = (uint8_t)(e.n < FAKT_NER_MAXX ? e.n : FAKT_NER_MAXX);
    }
}

void fakt_ner_add_extra(const fakt_model *m, const uint32_t *xf, const uint8_t *nx, uint32_t t0,
                        uint32_t t1, float *em)
{
    for (uint32_t i = t0; i < t1; i++) {
        float *e = em + (size_t)(i - t0) * FAKT_NER_NL;
        for (uint32_t k = 0; k < nx[i]; k++) {
            size_t row = (size_t)xf[(size_t)i * FAKT_NER_MAXX + k] * FAKT_NER_NL;
            if (m->wf)
                for (int l = 0; l < FAKT_NER_NE; l++)
                    e[l] += m->wf[row + l];
            else
                for (int l = 0; l < FAKT_NER_NE; l++)
                    e[l] += (float)m->w[row + l] * m->scale;
        }
    }
}

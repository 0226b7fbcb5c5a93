/*
 * doc.c — the pipeline: bytes → text check → segmentation → NER, and the
 * extraction object as JSON.
 *
 * A document owns one arena; every stage allocates its layer there, and
 * fakt_doc_free releases the whole document at once.  Dictionary and model
 * are read-only and shared, so any number of threads may analyse documents
 * in parallel with the same handles.
 */
#include <stdlib.h>
#include <string.h>

#include "core/core.h"
#include "morph/morph.h"
#include "ner/ner.h"
#include "pipeline/gazetteer.h"
#include "pipeline/normalize.h"
#include "text/segment.h"

struct fakt_doc {
    fakt_arena arena;
    const char *text; /* copy of the input, NUL-terminated, in the arena */
    size_t len;
    fakt_seg seg;
    fakt_ner_out ner;
    fakt_entity *ents; /* public view of ner.ents */
    size_t nents;
    fakt_span *profs;  /* public view of ner.profs */
    size_t nprofs;
};

static const char *type_name(int t)
{
    switch (t) {
    case FAKT_PER: return "PER";
    case FAKT_LOC: return "LOC";
    case FAKT_ORG: return "ORG";
    default: return "MISC";
    }
}

/* The span a token range covers. */
static fakt_span range_span(const fakt_seg *s, uint32_t t0, uint32_t t1)
{
    fakt_span sp;
    sp.start = s->toks[t0].c0;
    sp.end = s->toks[t1 - 1].c1;
    sp.byte_start = s->toks[t0].b0;
    sp.byte_end = s->toks[t1 - 1].b1;
    return sp;
}

/* Puts the gazetteer's matches over the tagger's entities: model entities
 * overlapping a match go, and with them the entities nested in them; the
 * result stays sorted by start. */
static int apply_gazetteer(fakt_doc *doc, const fakt_dict *d, const fakt_gazetteer *g,
                           fakt_error *err)
{
    fakt_ent *gm;
    uint32_t ng;
    if (fakt_gazetteer_match(g, d, doc->text, &doc->seg, &doc->arena, &gm, &ng) != FAKT_OK)
        return fakt_err(err, FAKT_ENOMEM, "out of memory matching the gazetteer");
    if (!ng)
        return FAKT_OK;
    fakt_ent *m = fakt_arena_alloc(&doc->arena, (doc->ner.nents + ng) * sizeof *m);
    if (!m)
        return fakt_err(err, FAKT_ENOMEM, "out of memory");
    uint32_t n = 0, j = 0, k = 0;
    int outer_kept = 0;
    for (uint32_t i = 0; i < doc->ner.nents; i++) {
        const fakt_ent *e = &doc->ner.ents[i];
        while (j < ng && gm[j].t0 < e->t0)
            m[n++] = gm[j++];
        /* both lists go by start and matches do not overlap: one pointer */
        while (k < ng && gm[k].t1 <= e->t0)
            k++;
        int keep = !(k < ng && gm[k].t0 < e->t1);
        if (!e->depth)
            outer_kept = keep;
        if (keep && (!e->depth || outer_kept))
            m[n++] = *e;
    }
    while (j < ng)
        m[n++] = gm[j++];
    doc->ner.ents = m;
    doc->ner.nents = n;
    return FAKT_OK;
}

/* How sentence s is written: 1 with no capital (the truecaser recases it
 * when it has three words or more), 2 in capitals (every word, two of them
 * or more of two letters), else 0. */
static int sentence_case(const fakt_seg *seg, uint32_t s)
{
    uint32_t words = 0, caps = 0, upper = 0;
    for (uint32_t k = seg->sents[s].t0; k < seg->sents[s].t1 && k < seg->ntok; k++) {
        const fakt_token *t = &seg->toks[k];
        if (t->kind != FAKT_TK_WORD)
            continue;
        words++;
        caps += (t->flags & FAKT_TF_ALLCAPS) != 0;
        upper += (t->flags & FAKT_TF_UPPER) != 0;
        if ((t->flags & (FAKT_TF_UPPER | FAKT_TF_ALLCAPS)) == FAKT_TF_UPPER && t->b1 - t->b0 > 2)
            return 0; /* a capitalized word: normal text */
    }
    return words && !upper ? 1 : caps >= 2 && upper == words ? 2 : 0;
}

/* The sentence holding token t, searching on from *s (tokens asked in order). */
static uint32_t sentence_of(const fakt_seg *seg, uint32_t t, uint32_t *s)
{
    while (*s < seg->nsent && t >= seg->sents[*s].t1)
        (*s)++;
    return *s;
}

/* Sentences in capitals lowercased, for the normalizer: *text and
 * seg->toks become copies in the document's arena when there is one
 * (letters keep their byte lengths), else stay.  -1 when out of memory. */
static int lowercase_caps(fakt_doc *doc, const char **text, fakt_seg *seg)
{
    char *t = NULL;
    fakt_token *toks = NULL;
    for (uint32_t s = 0; s < doc->seg.nsent; s++) {
        if (sentence_case(&doc->seg, s) != 2)
            continue;
        if (!t) {
            t = fakt_arena_strndup(&doc->arena, doc->text, doc->len);
            toks = fakt_arena_alloc(&doc->arena, ((size_t)doc->seg.ntok + 1) * sizeof *toks);
            if (!t || !toks)
                return -1;
            memcpy(toks, doc->seg.toks, (size_t)doc->seg.ntok * sizeof *toks);
        }
        for (uint32_t k = doc->seg.sents[s].t0; k < doc->seg.sents[s].t1 && k < doc->seg.ntok; k++) {
            fakt_token *tk = &toks[k];
            if (tk->kind != FAKT_TK_WORD)
                continue;
            fakt_ner_recase(t, tk->b0, tk->b1, 0, FAKT_RECASE_ALL);
            tk->flags &= (uint16_t) ~(FAKT_TF_UPPER | FAKT_TF_ALLCAPS);
        }
    }
    if (t) {
        *text = t;
        seg->toks = toks;
    }
    return 0;
}

/* A word of two to four letters the dictionary does not know. */
static int unknown_short(const fakt_dict *d, const char *w, size_t n)
{
    size_t cps = fakt_utf8_count(w, n);
    if (!d || cps < 2 || cps > 4)
        return 0;
    fakt_mparse p[FAKT_MORPH_MAX_PARSES];
    size_t np = fakt_morph_parse(d, w, n, p, FAKT_MORPH_MAX_PARSES);
    for (size_t i = 0; i < np; i++)
        if (p[i].kind == FAKT_MK_DICT)
            return 0;
    return 1;
}

/* In the recased copy t of a lowercase document, a name written all in
 * lowercase gets its capitals, so that the normalizer reads it as a name
 * and its norm is written as one: every word of a person but particles
 * («шавкату мирзиёеву» → «Шавкату Мирзиёеву», «шарль де голль»; the news
 * may not know an uncommon surname), the first word of a place or
 * organization («левый фронт» → «Левый фронт»); an organization of one
 * word of up to four letters the dictionary does not know is an
 * abbreviation («дпни» → «ДПНИ»).  Only in sentences without any capital
 * or all in capitals (those lowercased before the truecaser), where every
 * name was written without its capitals. */
static void capitalize_names(const fakt_doc *doc, const fakt_dict *d, char *t, fakt_seg *seg)
{
    static const char *const particles[] = {"де", "ди", "да", "дель", "делла", "дю", "фон", "ван",
                                            "дер", "ибн", "бен", "бин", "аль", "эль", "ла", "ле", NULL};
    uint32_t s = 0, cur = UINT32_MAX;
    int lower_sent = 0;
    for (uint32_t i = 0; i < doc->ner.nents; i++) {
        const fakt_ent *e = &doc->ner.ents[i];
        /* only in the sentences the truecaser recased (entities come in
         * order of their first token) */
        if (sentence_of(&doc->seg, e->t0, &s) >= doc->seg.nsent)
            break;
        if (s != cur)
            cur = s, lower_sent = sentence_case(&doc->seg, s) != 0;
        /* a place or organization nested in another name is left to it
         * («министерства иностранных дел» holds no name «Дел») */
        int lower = lower_sent && (e->type == FAKT_PER || ((e->type == FAKT_LOC || e->type == FAKT_ORG) && !e->depth));
        for (uint32_t k = e->t0; lower && k < e->t1 && k < seg->ntok; k++) {
            fakt_token *tk = &seg->toks[k];
            if (tk->kind != FAKT_TK_WORD)
                continue;
            int particle = 0;
            for (int p = 0; particles[p] && !particle; p++)
                particle = tk->b1 - tk->b0 == strlen(particles[p]) &&
                           !memcmp(t + tk->b0, particles[p], tk->b1 - tk->b0);
            if (e->type == FAKT_ORG && e->t1 - e->t0 == 1 && !(tk->flags & FAKT_TF_UPPER) &&
                unknown_short(d, t + tk->b0, tk->b1 - tk->b0)) {
                fakt_ner_recase(t, tk->b0, tk->b1, 1, FAKT_RECASE_ALL);
                tk->flags |= FAKT_TF_UPPER | FAKT_TF_ALLCAPS;
                break;
            }
            if (!particle && !(tk->flags & FAKT_TF_UPPER) &&
                fakt_ner_recase(t, tk->b0, tk->b1, 1, e->type == FAKT_PER ? FAKT_RECASE_PARTS : FAKT_RECASE_FIRST))
                tk->flags |= FAKT_TF_UPPER;
            if (e->type != FAKT_PER)
                break; /* places and organizations: the first word */
        }
    }
}

/* The tagger keeps several hundred bytes of features and scores per token
 * while it works; a huge document is tagged in windows of whole sentences
 * (a sentence longer than a window is cut), each in a scratch arena, so
 * memory stays bounded.  Document-level features then see one window. */
#define NER_WINDOW_TOKENS 100000u

static int tag_windows(fakt_doc *doc, const fakt_dict *d, const fakt_model *m, fakt_pcache *pc,
                       fakt_error *err)
{
    const fakt_seg *s = &doc->seg;
    if (s->ntok <= NER_WINDOW_TOKENS)
        return fakt_ner_tag_pc(m, d, pc, doc->text, s, &doc->arena, &doc->ner, err);
    fakt_buf ents, profs; /* fakt_ent arrays, grown as bytes */
    fakt_buf_init(&ents);
    fakt_buf_init(&profs);
    fakt_sent *ws = malloc((NER_WINDOW_TOKENS + 1) * sizeof *ws);
    if (!ws)
        return fakt_err(err, FAKT_ENOMEM, "out of memory");
    int rc = FAKT_OK;
    uint32_t si = 0, cut = 0; /* next sentence; tokens of it already done */
    while (si < s->nsent && rc == FAKT_OK) {
        uint32_t base = s->sents[si].t0 + cut, nw = 0;
        /* whole sentences while they fit; a too-long one is cut */
        while (si < s->nsent) {
            uint32_t t0 = s->sents[si].t0 + cut, t1 = s->sents[si].t1;
            uint32_t room = NER_WINDOW_TOKENS - (t0 - base);
            if (t1 - t0 > room) {
                if (nw == 0) {
                    ws[nw].t0 = t0 - base;
                    ws[nw++].t1 = t0 - base + room;
                    cut += room;
                }
                break;
            }
            ws[nw].t0 = t0 - base;
            ws[nw++].t1 = t1 - base;
            si++;
            cut = 0;
        }
        fakt_seg w = {.toks = s->toks + base,
                      .ntok = ws[nw - 1].t1,
                      .sents = ws,
                      .nsent = nw};
        fakt_arena scratch;
        fakt_ner_out o;
        fakt_arena_init(&scratch);
        rc = fakt_ner_tag_pc(m, d, pc, doc->text, &w, &scratch, &o, err);
        for (uint32_t i = 0; rc == FAKT_OK && i < o.nents; i++) {
            fakt_ent e = o.ents[i];
            e.t0 += base;
            e.t1 += base;
            fakt_buf_add(&ents, (const char *)&e, sizeof e);
        }
        for (uint32_t i = 0; rc == FAKT_OK && i < o.nprofs; i++) {
            fakt_ent e = o.profs[i];
            e.t0 += base;
            e.t1 += base;
            fakt_buf_add(&profs, (const char *)&e, sizeof e);
        }
        fakt_arena_free(&scratch);
    }
    free(ws);
    if (rc == FAKT_OK && (ents.failed || profs.failed))
        rc = fakt_err(err, FAKT_ENOMEM, "out of memory");
    if (rc == FAKT_OK) {
        /* subtypes are static strings of the model: they outlive the scratch */
        doc->ner.nents = (uint32_t)(ents.len / sizeof(fakt_ent));
        doc->ner.nprofs = (uint32_t)(profs.len / sizeof(fakt_ent));
        doc->ner.ents = fakt_arena_alloc(&doc->arena, ents.len + sizeof(fakt_ent));
        doc->ner.profs = fakt_arena_alloc(&doc->arena, profs.len + sizeof(fakt_ent));
        if (!doc->ner.ents || !doc->ner.profs)
            rc = fakt_err(err, FAKT_ENOMEM, "out of memory");
        else {
            if (ents.len)
                memcpy(doc->ner.ents, ents.data, ents.len);
            if (profs.len)
                memcpy(doc->ner.profs, profs.data, profs.len);
        }
    }
    fakt_buf_free(&ents);
    fakt_buf_free(&profs);
    return rc;
}

int fakt_doc_analyze(const fakt_dict *d, const fakt_model *m, const char *text,
                     size_t len, fakt_doc **out, fakt_error *err)
{
    return fakt_doc_analyze_gaz(d, m, NULL, text, len, out, err);
}

int fakt_doc_analyze_gaz(const fakt_dict *d, const fakt_model *m, const fakt_gazetteer *g,
                         const char *text, size_t len, fakt_doc **out, fakt_error *err)
{
    size_t bad = 0;
    int rc;
    if (!out || (!text && len))
        return fakt_err(err, FAKT_EINVAL, "fakt_doc_analyze: NULL argument");
    *out = NULL;
    if (len >= FAKT_SEG_MAX_BYTES)
        return fakt_err(err, FAKT_ELIMIT, "document of %zu bytes exceeds the limit of %zu",
                        len, (size_t)FAKT_SEG_MAX_BYTES - 1);
    if (fakt_utf8_check(text, len, &bad) != FAKT_OK)
        return fakt_err(err, FAKT_EUTF8, "%s at byte %zu",
                        text[bad] ? "invalid UTF-8" : "NUL byte", bad);
    fakt_doc *doc = calloc(1, sizeof *doc);
    if (!doc)
        return fakt_err(err, FAKT_ENOMEM, "out of memory");
    fakt_arena_init(&doc->arena);
    char *copy = fakt_arena_strndup(&doc->arena, text ? text : "", len);
    if (!copy) {
        rc = fakt_err(err, FAKT_ENOMEM, "out of memory copying the document");
        goto fail;
    }
    doc->text = copy;
    doc->len = len;
    rc = fakt_segment(copy, len, &doc->arena, &doc->seg, err);
    if (rc != FAKT_OK)
        goto fail;
    /* One parse cache for the document: the tagger parses its rare words,
     * the normalizer the names among them again. */
    fakt_pcache pc, *pcp = NULL;
    if (d && fakt_pcache_init(&pc, d, &doc->arena, doc->seg.ntok) == FAKT_OK)
        pcp = &pc;
    if (m) {
        rc = tag_windows(doc, d, m, pcp, err);
        if (rc != FAKT_OK)
            goto fail;
    }
    if (g && (rc = apply_gazetteer(doc, d, g, err)) != FAKT_OK)
        goto fail;
    doc->nents = doc->ner.nents;
    doc->ents = fakt_arena_calloc(&doc->arena, doc->nents + 1, sizeof *doc->ents);
    doc->nprofs = doc->ner.nprofs;
    doc->profs = fakt_arena_calloc(&doc->arena, doc->nprofs + 1, sizeof *doc->profs);
    if (!doc->ents || !doc->profs) {
        rc = fakt_err(err, FAKT_ENOMEM, "out of memory");
        goto fail;
    }
    /* The normalizer parses the entities' words, mostly names the tagger
     * took from its word table without parsing: their hot-table misses
     * started together rather than one by one. */
    for (int stage = 0; d && stage < 2; stage++)
        for (size_t i = 0; i < doc->nents; i++)
            for (uint32_t t = doc->ner.ents[i].t0; t < doc->ner.ents[i].t1 && t < doc->seg.ntok; t++)
                if (doc->seg.toks[t].kind == FAKT_TK_WORD)
                    fakt_morph_prefetch(d, doc->text + doc->seg.toks[t].b0,
                                        doc->seg.toks[t].b1 - doc->seg.toks[t].b0, stage);
    /* Lowercase sentences are normalized as the tagger read them, recased
     * (truecase.c): «шавкату мирзиёеву» → «Шавкат Мирзиёев», «мвд» → «МВД»;
     * sentences in capitals too, lowercased first («ШАВКАТУ МИРЗИЁЕВУ»),
     * though the tagger reads those as written. */
    const char *ntext = doc->text, *btext = doc->text;
    fakt_seg bseg = doc->seg, nseg = doc->seg;
    if (m && lowercase_caps(doc, &btext, &bseg) < 0) {
        rc = fakt_err(err, FAKT_ENOMEM, "out of memory");
        goto fail;
    }
    if (m && fakt_ner_truecase(m, d, btext, &bseg, &doc->arena, &ntext, &nseg) < 0) {
        rc = fakt_err(err, FAKT_ENOMEM, "out of memory");
        goto fail;
    }
    if (ntext != doc->text)
        capitalize_names(doc, d, (char *)ntext, &nseg);
    fakt_norm_ctx nc;
    fakt_normalize_ctx_init(&nc, d, &doc->arena);
    nc.pc = pcp;
    size_t outer = FAKT_NO_PARENT;
    for (size_t i = 0; i < doc->nents; i++) {
        const fakt_ent *e = &doc->ner.ents[i];
        if (!e->depth)
            outer = i;
        doc->ents[i].span = range_span(&doc->seg, e->t0, e->t1);
        doc->ents[i].type = e->type;
        doc->ents[i].subtype = e->subtype;
        doc->ents[i].parent = e->depth ? outer : FAKT_NO_PARENT;
        doc->ents[i].norm = fakt_normalize_entity_ctx(&nc, ntext, &nseg, e, &doc->arena);
        if (!doc->ents[i].norm) {
            rc = fakt_err(err, FAKT_ENOMEM, "out of memory");
            goto fail;
        }
    }
    for (size_t i = 0; i < doc->nprofs; i++)
        doc->profs[i] = range_span(&doc->seg, doc->ner.profs[i].t0, doc->ner.profs[i].t1);
    *out = doc;
    return FAKT_OK;
fail:
    fakt_doc_free(doc);
    return rc;
}

size_t fakt_doc_entity_count(const fakt_doc *doc) { return doc ? doc->nents : 0; }

const fakt_entity *fakt_doc_entity(const fakt_doc *doc, size_t i)
{
    return doc && i < doc->nents ? &doc->ents[i] : NULL;
}

size_t fakt_doc_profession_count(const fakt_doc *doc) { return doc ? doc->nprofs : 0; }

const fakt_span *fakt_doc_profession(const fakt_doc *doc, size_t i)
{
    return doc && i < doc->nprofs ? &doc->profs[i] : NULL;
}

static void put_span_fields(fakt_buf *b, const fakt_doc *doc, const fakt_span *sp)
{
    fakt_buf_printf(b, "\"start\":%zu,\"end\":%zu,\"text\":", sp->start, sp->end);
    fakt_buf_json_str(b, doc->text + sp->byte_start, sp->byte_end - sp->byte_start);
}

int fakt_doc_json(const fakt_doc *doc, unsigned flags, char **out, size_t *out_len)
{
    if (!doc || !out)
        return FAKT_EINVAL;
    fakt_buf b;
    fakt_buf_init(&b);
    fakt_buf_reserve(&b, 64 + doc->nents * 96);
    fakt_buf_puts(&b, "{\"entities\":[");
    for (size_t i = 0; i < doc->nents; i++) {
        const fakt_entity *e = &doc->ents[i];
        fakt_buf_puts(&b, i ? ",{" : "{");
        put_span_fields(&b, doc, &e->span);
        fakt_buf_printf(&b, ",\"type\":\"%s\",\"subtype\":", type_name(e->type));
        if (e->subtype)
            fakt_buf_json_str(&b, e->subtype, strlen(e->subtype));
        else
            fakt_buf_puts(&b, "null");
        fakt_buf_puts(&b, ",\"norm\":");
        if (e->norm)
            fakt_buf_json_str(&b, e->norm, strlen(e->norm));
        else
            fakt_buf_puts(&b, "null");
        /* object belongs to the identify stage (next). */
        fakt_buf_puts(&b, ",\"object\":null");
        if (e->parent != FAKT_NO_PARENT)
            fakt_buf_printf(&b, ",\"parent\":%zu", e->parent);
        fakt_buf_putc(&b, '}');
    }
    fakt_buf_putc(&b, ']');
    if (flags & FAKT_JSON_PROFESSIONS) {
        fakt_buf_puts(&b, ",\"professions\":[");
        for (size_t i = 0; i < doc->nprofs; i++) {
            fakt_buf_puts(&b, i ? ",{" : "{");
            put_span_fields(&b, doc, &doc->profs[i]);
            fakt_buf_putc(&b, '}');
        }
        fakt_buf_putc(&b, ']');
    }
    if (flags & FAKT_JSON_TOKENS) {
        const fakt_seg *s = &doc->seg;
        fakt_buf_puts(&b, ",\"sentences\":[");
        for (uint32_t i = 0; i < s->nsent; i++) {
            fakt_span sp = range_span(s, s->sents[i].t0, s->sents[i].t1);
            fakt_buf_printf(&b, "%s[%zu,%zu]", i ? "," : "", sp.start, sp.end);
        }
        fakt_buf_puts(&b, "],\"tokens\":[");
        for (uint32_t i = 0; i < s->ntok; i++)
            fakt_buf_printf(&b, "%s[%u,%u]", i ? "," : "", s->toks[i].c0, s->toks[i].c1);
        fakt_buf_putc(&b, ']');
    }
    fakt_buf_putc(&b, '}');
    *out = fakt_buf_take(&b, out_len);
    return *out ? FAKT_OK : FAKT_ENOMEM;
}

/* Writes the factRuEval-2016 Track 1 lines ("per|loc|org START LENGTH",
 * code points) — the format the competition's scorer reads. */
int fakt_doc_factrueval(const fakt_doc *doc, char **out, size_t *out_len)
{
    if (!doc || !out)
        return FAKT_EINVAL;
    fakt_buf b;
    fakt_buf_init(&b);
    fakt_buf_reserve(&b, 16);
    for (size_t i = 0; i < doc->nents; i++) {
        const fakt_entity *e = &doc->ents[i];
        const char *t = e->type == FAKT_PER ? "per" : e->type == FAKT_LOC ? "loc" : "org";
        fakt_buf_printf(&b, "%s %zu %zu\n", t, e->span.start, e->span.end - e->span.start);
    }
    *out = fakt_buf_take(&b, out_len);
    return *out ? FAKT_OK : FAKT_ENOMEM;
}

void fakt_doc_free(fakt_doc *doc)
{
    if (!doc)
        return;
    fakt_arena_free(&doc->arena);
    free(doc);
}

/*
 * tag.c — tagging a document: features, Viterbi per sentence for the two
 * label chains, BIO labels to entity and profession spans, LOC subtypes.
 *
 * The label chains are first-order: emission scores from the feature rows
 * plus a transition matrix.  Invalid BIO moves (I-X after anything but B-X
 * or I-X) are excluded in the search itself rather than repaired after, so
 * the decoder only ever returns well-formed spans.
 */
#include <string.h>

#include "nerint.h"

const char *fakt_ner_subtype_name(unsigned s)
{
    static const char *const names[FAKT_SUB_COUNT] = {NULL, "COUNTRY", "CITY", "STATE_OR_PROV",
                                                      "DISTRICT", "LOCATION"};
    return s < FAKT_SUB_COUNT ? names[s] : NULL;
}

size_t fakt_ner_scratch_size(uint32_t ntok)
{
    return (size_t)(ntok + 1) * FAKT_NER_NE * (sizeof(float) + 1) + 64;
}

/* Whether an entity label leaves its span open (B or I). */
static inline int open_lab(int l) { return l && fakt_ner_lab_pos(l) < 2; }

/* Label moves the schemes allow; prev 0 also stands for the start. */
static inline int allowed(int chain, int prev, int cur)
{
    if (chain) { /* BIO: I only after B or I of the phrase */
        if (cur == 0 || (cur & 1))
            return 1;
        return prev == cur || prev == cur - 1;
    }
    if (open_lab(prev)) /* inside a span: continue (I) or close (L) it */
        return cur && fakt_ner_lab_type(cur) == fakt_ner_lab_type(prev) && fakt_ner_lab_pos(cur) >= 1 &&
               fakt_ner_lab_pos(cur) <= 2;
    return cur == 0 || fakt_ner_lab_pos(cur) == 0 || fakt_ner_lab_pos(cur) == 3;
}

/* Emission scores of both chains for tokens [t0, t1): one pass over each
 * token's feature rows, since the row (10 weights) is one memory access
 * for all labels.  The weight table does not fit in cache, so the rows of
 * the next token are prefetched while this token's are summed. */
#define PREFETCH_AHEAD 3 /* tokens: enough to cover a memory round trip */

void fakt_ner_emissions(const fakt_model *m, const fakt_ner_feats *f, uint32_t t0, uint32_t t1,
                        float *em)
{
    /* The first tokens' rows, which the loop below does not prefetch. */
    for (uint32_t i = t0; i < t1 && i < t0 + PREFETCH_AHEAD; i++)
        for (uint32_t k = f->off[i]; k < f->off[i + 1]; k++)
            __builtin_prefetch(m->wf ? (const void *)(m->wf + (size_t)f->feat[k] * FAKT_NER_NL)
                                     : (const void *)(m->w + (size_t)f->feat[k] * FAKT_NER_NL));
    for (uint32_t i = t0; i < t1; i++) {
        const uint32_t *fe = f->feat + f->off[i];
        uint32_t nf = f->off[i + 1] - f->off[i];
        float *e = em + (size_t)(i - t0) * FAKT_NER_NL;
        if (i + PREFETCH_AHEAD < t1) {
            const uint32_t *nx = f->feat + f->off[i + PREFETCH_AHEAD];
            uint32_t nn = f->off[i + PREFETCH_AHEAD + 1] - f->off[i + PREFETCH_AHEAD];
            for (uint32_t k = 0; k < nn; k++)
                __builtin_prefetch(m->wf ? (const void *)(m->wf + (size_t)nx[k] * FAKT_NER_NL)
                                         : (const void *)(m->w + (size_t)nx[k] * FAKT_NER_NL));
        }
        if (m->wf) {
            for (int l = 0; l < FAKT_NER_NL; l++)
                e[l] = 0;
            for (uint32_t k = 0; k < nf; k++) {
                const float *w = m->wf + (size_t)fe[k] * FAKT_NER_NL;
                for (int l = 0; l < FAKT_NER_NL; l++)
                    e[l] += w[l];
            }
        } else {
            int32_t acc[FAKT_NER_NL] = {0};
            for (uint32_t k = 0; k < nf; k++) {
                const int16_t *w = m->w + (size_t)fe[k] * FAKT_NER_NL;
                for (int l = 0; l < FAKT_NER_NL; l++)
                    acc[l] += w[l];
            }
            for (int l = 0; l < FAKT_NER_NL; l++)
                e[l] = (float)acc[l] * m->scale;
        }
    }
}

/* Viterbi with L labels known at compile time (inlined per chain).  The
 * scheme's constraints are folded into a local transition matrix as a
 * large negative score, so the inner loop has no branches to mispredict. */
#define NEG (-1e30f)
static inline void viterbi_l(const int L, const float *tr, const float *em, int off, uint32_t n,
                             int chain, uint8_t *lab, void *scratch)
{
    /* Per label, the previous labels the scheme allows and their scores:
     * BILOU allows 61 of 169 moves, so the search visits only those. */
    float te[(FAKT_NER_NE + 1) * FAKT_NER_NE];
    uint8_t prev[FAKT_NER_NE][FAKT_NER_NE], np[FAKT_NER_NE];
    float pt[FAKT_NER_NE][FAKT_NER_NE];
    for (int l = 0; l < L; l++) {
        te[l] = allowed(chain, 0, l) ? tr[l] : NEG;
        np[l] = 0;
        for (int p = 0; p < L; p++)
            if (allowed(chain, p, l)) {
                prev[l][np[l]] = (uint8_t)p;
                pt[l][np[l]++] = tr[(1 + p) * L + l];
            }
    }
    float *sc = scratch; /* n * L best scores */
    uint8_t *bp = (uint8_t *)(sc + (size_t)n * L);
    for (int l = 0; l < L; l++) {
        sc[l] = te[l] + em[off + l];
        bp[l] = 0;
    }
    for (uint32_t i = 1; i < n; i++) {
        const float *ps = sc + (size_t)(i - 1) * L;
        float *cs = sc + (size_t)i * L;
        const float *e = em + (size_t)i * FAKT_NER_NL + off;
        for (int l = 0; l < L; l++) {
            float best = NEG * 2;
            int arg = 0;
            for (int k = 0; k < np[l]; k++) {
                float v = ps[prev[l][k]] + pt[l][k];
                arg = v > best ? prev[l][k] : arg;
                best = v > best ? v : best;
            }
            cs[l] = best + e[l];
            bp[(size_t)i * L + l] = (uint8_t)arg;
        }
    }
    /* The last token must close its span (BILOU: not B or I). */
    const float *ls = sc + (size_t)(n - 1) * L;
    int arg = 0;
    for (int l = 1; l < L; l++)
        if (ls[l] > ls[arg] && (chain || !open_lab(l)))
            arg = l;
    for (uint32_t i = n; i-- > 0;) {
        lab[i] = (uint8_t)arg;
        arg = bp[(size_t)i * L + arg];
        if (arg >= L)
            arg = 0;
    }
}

void fakt_ner_viterbi(const fakt_model *m, const float *em, uint32_t n, int chain, uint8_t *lab,
                      void *scratch)
{
    if (n == 0)
        return;
    if (chain)
        viterbi_l(FAKT_NER_NP, m->trans_p, em, FAKT_NER_NE, n, 1, lab, scratch);
    else
        viterbi_l(FAKT_NER_NE, m->trans_e, em, 0, n, 0, lab, scratch);
}

uint64_t fakt_ner_span_key(const fakt_ner_feats *f, uint32_t t0, uint32_t t1)
{
    uint64_t h = 0x5ab;
    for (uint32_t i = t0; i < t1; i++)
        if (f->stemkey[i])
            h = fakt_ner_mix(h, f->stemkey[i]);
    return h;
}

static unsigned loc_subtype(const fakt_model *m, const fakt_ner_feats *f, uint32_t t0, uint32_t t1)
{
    unsigned s = fakt_ner_table_get(&m->sub, fakt_ner_span_key(f, t0, t1));
    if (s && s < FAKT_SUB_COUNT)
        return s;
    if (t1 - t0 == 1 && f->stemkey[t0]) {
        uint32_t g = fakt_ner_table_get(&m->gaz, f->stemkey[t0]);
        if (g & FAKT_GAZ_COUNTRY)
            return FAKT_SUB_COUNTRY;
    }
    return FAKT_SUB_NONE;
}

/* Spans of the entity chain's BILOU labels (typed) or the profession
 * chain's BIO labels.  Viterbi only yields well-formed sequences; anything
 * else (a stray I) is skipped rather than trusted. */
static uint32_t spans(const uint8_t *lab, uint32_t nt, fakt_ent *out, int typed)
{
    uint32_t n = 0;
    for (uint32_t i = 0; i < nt;) {
        int l = lab[i];
        uint32_t j = i + 1;
        int type = 0;
        if (!typed) {
            if (l != 1) {
                i++;
                continue;
            }
            while (j < nt && lab[j] == 2)
                j++;
        } else {
            if (!l || (fakt_ner_lab_pos(l) != 0 && fakt_ner_lab_pos(l) != 3)) {
                i++;
                continue;
            }
            type = fakt_ner_lab_type(l);
            if (fakt_ner_lab_pos(l) == 0) {
                while (j < nt && lab[j] == fakt_ner_lab(type, 1))
                    j++;
                if (j < nt && lab[j] == fakt_ner_lab(type, 2))
                    j++;
            }
        }
        if (out) {
            out[n].t0 = i;
            out[n].t1 = j;
            out[n].type = (uint8_t)type;
            out[n].subtype = NULL;
        }
        n++;
        i = j;
    }
    return n;
}

int fakt_ner_decode(const fakt_model *m, const char *text, const fakt_seg *seg,
                    const fakt_ner_feats *f, const uint8_t *le, const uint8_t *lp,
                    fakt_arena *a, fakt_ner_out *out)
{
    (void)text;
    uint32_t nt = seg->ntok;
    uint32_t ne = spans(le, nt, NULL, 1), np = spans(lp, nt, NULL, 0);
    out->ents = fakt_arena_calloc(a, ne + 1, sizeof *out->ents);
    out->profs = fakt_arena_calloc(a, np + 1, sizeof *out->profs);
    if (!out->ents || !out->profs)
        return FAKT_ENOMEM;
    out->nents = spans(le, nt, out->ents, 1);
    out->nprofs = spans(lp, nt, out->profs, 0);
    for (uint32_t i = 0; i < out->nents; i++) {
        fakt_ent *e = &out->ents[i];
        if (e->type == FAKT_LOC)
            e->subtype = fakt_ner_subtype_name(loc_subtype(m, f, e->t0, e->t1));
    }
    return FAKT_OK;
}

int fakt_ner_tag(const fakt_model *m, const fakt_dict *d, const char *text,
                 const fakt_seg *seg, fakt_arena *a, fakt_ner_out *out,
                 fakt_error *err)
{
    if (!m || !seg || !a || !out || (!text && seg->ntok))
        return fakt_err(err, FAKT_EINVAL, "fakt_ner_tag: NULL argument");
    memset(out, 0, sizeof *out);
    uint32_t nt = seg->ntok;
    fakt_ner_feats f;
    if (fakt_ner_features(m, d, text, seg, a, &f) != FAKT_OK)
        return fakt_err(err, FAKT_ENOMEM, "out of memory in NER features");
    uint8_t *le = fakt_arena_calloc(a, nt + 1, 1), *lp = fakt_arena_calloc(a, nt + 1, 1);
    uint32_t longest = 1;
    for (uint32_t s = 0; s < seg->nsent; s++)
        if (seg->sents[s].t1 > seg->sents[s].t0 && seg->sents[s].t1 - seg->sents[s].t0 > longest)
            longest = seg->sents[s].t1 - seg->sents[s].t0;
    void *scratch = fakt_arena_alloc(a, fakt_ner_scratch_size(longest));
    float *em = fakt_arena_alloc(a, ((size_t)nt + 1) * FAKT_NER_NL * sizeof *em);
    uint32_t *xf = fakt_arena_alloc(a, ((size_t)nt + 1) * FAKT_NER_MAXX * sizeof *xf);
    uint8_t *nx = fakt_arena_alloc(a, nt + 1);
    void *dscr = fakt_arena_alloc(a, fakt_ner_doc_scratch(nt));
    if (!le || !lp || !scratch || !em || !xf || !nx || !dscr)
        return fakt_err(err, FAKT_ENOMEM, "out of memory in NER");
    /* Pass one: every sentence on its own. */
    fakt_ner_emissions(m, &f, 0, nt, em);
    for (uint32_t s = 0; s < seg->nsent; s++) {
        uint32_t t0 = seg->sents[s].t0, t1 = seg->sents[s].t1;
        if (t1 > nt || t0 >= t1)
            continue;
        fakt_ner_viterbi(m, em + (size_t)t0 * FAKT_NER_NL, t1 - t0, 0, le + t0, scratch);
        fakt_ner_viterbi(m, em + (size_t)t0 * FAKT_NER_NL, t1 - t0, 1, lp + t0, scratch);
    }
    /* Pass two: entities again, knowing what pass one found elsewhere. */
    fakt_ner_docfeats(m, &f, nt, le, xf, nx, dscr);
    fakt_ner_add_extra(m, xf, nx, 0, nt, em);
    for (uint32_t s = 0; s < seg->nsent; s++) {
        uint32_t t0 = seg->sents[s].t0, t1 = seg->sents[s].t1;
        if (t1 > nt || t0 >= t1)
            continue;
        int any = 0;
        for (uint32_t i = t0; i < t1 && !any; i++)
            any = nx[i] != 0;
        if (any) /* else pass one's labels stand: nothing new to weigh */
            fakt_ner_viterbi(m, em + (size_t)t0 * FAKT_NER_NL, t1 - t0, 0, le + t0, scratch);
    }
    if (fakt_ner_decode(m, text, seg, &f, le, lp, a, out) != FAKT_OK)
        return fakt_err(err, FAKT_ENOMEM, "out of memory in NER");
    return FAKT_OK;
}

/*
 * metric.c — NER quality as the published tables measure it.
 *
 * naeval's token-level metric: the text is tokenized (razdel-like rules;
 * fakt's segmenter), and for each type separately a token is positive when
 * it lies inside a span of that type; true/false positives and negatives
 * are counted over tokens and summed over documents before P/R/F1 are
 * taken.  Exact-span P/R/F1 counts a predicted span as right only when a
 * gold span has the same first token, last token and type.  Gold spans
 * whose ends do not fall on token boundaries are dropped, as naeval does.
 */
#include <stdlib.h>
#include <string.h>

#include "nerint.h"

/* First token whose c0 >= pos (binary search). */
static uint32_t lower_tok(const fakt_seg *seg, uint32_t pos)
{
    uint32_t lo = 0, hi = seg->ntok;
    while (lo < hi) {
        uint32_t mid = lo + (hi - lo) / 2;
        if (seg->toks[mid].c0 < pos)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo;
}

size_t fakt_ner_gold_tokens(const fakt_seg *seg, const fakt_ner_gspan *g, size_t ng,
                            int professions, fakt_ner_tspan *out)
{
    size_t k = 0;
    for (size_t i = 0; i < ng; i++) {
        int layer = g[i].type == 0 ? 1 : g[i].type == FAKT_NER_IGNORE ? 2 : 0;
        if (layer != professions)
            continue;
        uint32_t t0 = lower_tok(seg, g[i].start);
        if (t0 >= seg->ntok || seg->toks[t0].c0 != g[i].start)
            continue;
        uint32_t t1 = t0;
        while (t1 < seg->ntok && seg->toks[t1].c1 < g[i].end)
            t1++;
        if (t1 >= seg->ntok || seg->toks[t1].c1 != g[i].end)
            continue;
        out[k].t0 = t0;
        out[k].t1 = t1 + 1;
        out[k].type = g[i].type;
        k++;
    }
    return k;
}

void fakt_ner_score(uint32_t ntok, const fakt_ner_tspan *gold, size_t ngold,
                    const fakt_ner_tspan *pred, size_t npred, fakt_ner_counts c[4])
{
    uint8_t *gm = calloc(ntok + 1, 1), *pm = calloc(ntok + 1, 1);
    if (!gm || !pm) {
        free(gm);
        free(pm);
        return;
    }
    for (size_t i = 0; i < ngold; i++)
        for (uint32_t t = gold[i].t0; t < gold[i].t1 && t < ntok; t++)
            gm[t] |= (uint8_t)(1u << gold[i].type);
    for (size_t i = 0; i < npred; i++)
        for (uint32_t t = pred[i].t0; t < pred[i].t1 && t < ntok; t++)
            pm[t] |= (uint8_t)(1u << pred[i].type);
    for (int ty = 0; ty < 4; ty++) {
        uint8_t b = (uint8_t)(1u << ty);
        for (uint32_t t = 0; t < ntok; t++) {
            int g = (gm[t] & b) != 0, p = (pm[t] & b) != 0;
            c[ty].tok_tp += g && p;
            c[ty].tok_fp += !g && p;
            c[ty].tok_fn += g && !p;
        }
    }
    free(gm);
    free(pm);
    for (size_t i = 0; i < npred; i++) {
        int hit = 0;
        for (size_t j = 0; j < ngold && !hit; j++)
            hit = gold[j].t0 == pred[i].t0 && gold[j].t1 == pred[i].t1 &&
                  gold[j].type == pred[i].type;
        if (pred[i].type < 4) {
            c[pred[i].type].sp_tp += hit;
            c[pred[i].type].sp_fp += !hit;
        }
    }
    for (size_t j = 0; j < ngold; j++) {
        int hit = 0;
        for (size_t i = 0; i < npred && !hit; i++)
            hit = gold[j].t0 == pred[i].t0 && gold[j].t1 == pred[i].t1 &&
                  gold[j].type == pred[i].type;
        if (gold[j].type < 4)
            c[gold[j].type].sp_fn += !hit;
    }
}

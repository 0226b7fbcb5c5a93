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
#if defined(__SSE2__)
#include <emmintrin.h>
#endif
/* x86-64 with GCC or Clang: an AVX2 path picked at run time (row_sum). */
#if defined(__x86_64__) && defined(__GNUC__)
#define FAKT_X86_DISPATCH 1
#include <immintrin.h>
#else
#define FAKT_X86_DISPATCH 0
#endif

#include "nerint.h"

const char *fakt_ner_subtype_name(unsigned s)
{
    static const char *const names[FAKT_SUB_COUNT] = {NULL, "COUNTRY", "CITY", "STATE_OR_PROV",
                                                      "DISTRICT", "LOCATION"};
    return s < FAKT_SUB_COUNT ? names[s] : NULL;
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
 * token's feature rows, since the row (16 weights) is one memory access
 * for all labels.  The weight table does not fit in cache, so the rows of
 * the next tokens are prefetched while this token's are summed. */
#define PREFETCH_AHEAD 3 /* tokens: enough to cover a memory round trip */

#if defined(__SSE2__)
/* a[0..4) += the 16 int16 weights of row r, widened with their sign (each
 * int16 into the top half of a lane, then shifted down). */
static inline void add_row(__m128i a[4], const int16_t *r)
{
    __m128i lo = _mm_loadu_si128((const __m128i *)r), hi = _mm_loadu_si128((const __m128i *)r + 1);
    a[0] = _mm_add_epi32(a[0], _mm_srai_epi32(_mm_unpacklo_epi16(lo, lo), 16));
    a[1] = _mm_add_epi32(a[1], _mm_srai_epi32(_mm_unpackhi_epi16(lo, lo), 16));
    a[2] = _mm_add_epi32(a[2], _mm_srai_epi32(_mm_unpacklo_epi16(hi, hi), 16));
    a[3] = _mm_add_epi32(a[3], _mm_srai_epi32(_mm_unpackhi_epi16(hi, hi), 16));
}
#endif

/* e[0..16) = scale * (init + s0 + s1 + the sum of rows fe[0..nf) of the
 * int16 table w), init being a word-table entry's local sums, s0 and s1
 * the neighbours' side vectors (each may be NULL).  The sums are exact in
 * int32 on every path, so all of them give the same scores to the bit. */
typedef void row_sum_fn(const int16_t *w, const uint32_t *fe, uint32_t nf, const int32_t *init,
                        const int16_t *s0, const int16_t *s1, float scale, float *e);

static void row_sum_plain(const int16_t *w, const uint32_t *fe, uint32_t nf, const int32_t *init,
                          const int16_t *s0, const int16_t *s1, float scale, float *e)
{
#if defined(__SSE2__)
    _Static_assert(FAKT_NER_NL == 16, "row_sum takes a row as two 8-lane vectors");
    /* The four accumulators stay in registers (a plain loop kept them in
     * memory, a store-to-load chain per row); a row is two loads within
     * one cache line (see model.c). */
    __m128i a[4] = {_mm_setzero_si128(), _mm_setzero_si128(), _mm_setzero_si128(), _mm_setzero_si128()};
    if (init) {
        a[0] = _mm_loadu_si128((const __m128i *)init);
        a[1] = _mm_loadu_si128((const __m128i *)(init + 4));
        a[2] = _mm_loadu_si128((const __m128i *)(init + 8));
        a[3] = _mm_loadu_si128((const __m128i *)(init + 12));
    }
    /* Side vectors are rows too (int16 sums): added as rows are. */
    if (s0)
        add_row(a, s0);
    if (s1)
        add_row(a, s1);
    for (uint32_t k = 0; k < nf; k++)
        add_row(a, w + (size_t)fe[k] * FAKT_NER_NL);
    __m128 sc = _mm_set1_ps(scale);
    _mm_storeu_ps(e, _mm_mul_ps(_mm_cvtepi32_ps(a[0]), sc));
    _mm_storeu_ps(e + 4, _mm_mul_ps(_mm_cvtepi32_ps(a[1]), sc));
    _mm_storeu_ps(e + 8, _mm_mul_ps(_mm_cvtepi32_ps(a[2]), sc));
    _mm_storeu_ps(e + 12, _mm_mul_ps(_mm_cvtepi32_ps(a[3]), sc));
#else
    int32_t acc[FAKT_NER_NL] = {0};
    if (init)
        memcpy(acc, init, sizeof acc);
    for (int l = 0; l < FAKT_NER_NL; l++)
        acc[l] += (s0 ? s0[l] : 0) + (s1 ? s1[l] : 0);
    for (uint32_t k = 0; k < nf; k++) {
        const int16_t *r = w + (size_t)fe[k] * FAKT_NER_NL;
        for (int l = 0; l < FAKT_NER_NL; l++)
            acc[l] += r[l];
    }
    for (int l = 0; l < FAKT_NER_NL; l++)
        e[l] = (float)acc[l] * scale;
#endif
}

#if FAKT_X86_DISPATCH
/* The same with AVX2, on the CPUs that have it (chosen at run time, so the
 * library still runs on any x86-64): a row widens to int32 in two
 * instructions straight from memory instead of seven. */
__attribute__((target("avx2"))) static void row_sum_avx2(const int16_t *w, const uint32_t *fe, uint32_t nf,
                                                         const int32_t *init, const int16_t *s0,
                                                         const int16_t *s1, float scale, float *e)
{
#define ROW_LO(r) _mm256_cvtepi16_epi32(_mm_loadu_si128((const __m128i *)(r)))
#define ROW_HI(r) _mm256_cvtepi16_epi32(_mm_loadu_si128((const __m128i *)(r) + 1))
    __m256i a0 = _mm256_setzero_si256(), a1 = _mm256_setzero_si256();
    if (init) {
        a0 = _mm256_loadu_si256((const __m256i *)init);
        a1 = _mm256_loadu_si256((const __m256i *)(init + 8));
    }
    if (s0)
        a0 = _mm256_add_epi32(a0, ROW_LO(s0)), a1 = _mm256_add_epi32(a1, ROW_HI(s0));
    if (s1)
        a0 = _mm256_add_epi32(a0, ROW_LO(s1)), a1 = _mm256_add_epi32(a1, ROW_HI(s1));
    for (uint32_t k = 0; k < nf; k++) {
        const int16_t *r = w + (size_t)fe[k] * FAKT_NER_NL;
        a0 = _mm256_add_epi32(a0, ROW_LO(r));
        a1 = _mm256_add_epi32(a1, ROW_HI(r));
    }
#undef ROW_LO
#undef ROW_HI
    __m256 sc = _mm256_set1_ps(scale);
    _mm256_storeu_ps(e, _mm256_mul_ps(_mm256_cvtepi32_ps(a0), sc));
    _mm256_storeu_ps(e + 8, _mm256_mul_ps(_mm256_cvtepi32_ps(a1), sc));
}
#endif

/* The row summer this CPU runs best, or the portable one when plain. */
static row_sum_fn *row_sum_pick(int plain)
{
#if FAKT_X86_DISPATCH
    if (!plain && __builtin_cpu_supports("avx2"))
        return row_sum_avx2;
#endif
    return row_sum_plain;
}

/* The rows of token j, fetched ahead: its feature rows, and the word-table
 * sums and side vectors the sum will start from.  Always inlined: as a
 * function of its own, GCC finds it writes nothing and drops the calls. */
static inline __attribute__((always_inline)) void
prefetch_token(const fakt_model *m, const fakt_ner_feats *f, uint32_t j, const char *base, size_t stride)
{
    if (f->word && f->word[j])
        __builtin_prefetch(f->word[j]->local);
    if (f->nbm && (f->nbm[j] & 1))
        __builtin_prefetch(fakt_ner_word_nb(m, f->word[j - 1], 0));
    if (f->nbm && (f->nbm[j] & 2))
        __builtin_prefetch(fakt_ner_word_nb(m, f->word[j + 1], 1));
    for (uint32_t k = f->off[j]; k < f->off[j + 1]; k++)
        __builtin_prefetch(base + (size_t)f->feat[k] * stride);
}

void fakt_ner_emissions(const fakt_model *m, const fakt_ner_feats *f, uint32_t t0, uint32_t t1,
                        float *em)
{
    fakt_ner_emissions_path(m, f, t0, t1, em, 0);
}

void fakt_ner_emissions_path(const fakt_model *m, const fakt_ner_feats *f, uint32_t t0, uint32_t t1,
                             float *em, int plain)
{
    /* Training's float table or the model file's int16 one: row base and
     * size for the prefetches. */
    const char *base = m->wf ? (const char *)m->wf : (const char *)m->w;
    size_t stride = m->wf ? FAKT_NER_NL * sizeof(float) : FAKT_NER_NL * sizeof(int16_t);
    row_sum_fn *sum = row_sum_pick(plain);
    for (uint32_t i = t0; i < t1 && i < t0 + PREFETCH_AHEAD; i++)
        prefetch_token(m, f, i, base, stride);
    for (uint32_t i = t0; i < t1; i++) {
        const uint32_t *fe = f->feat + f->off[i];
        uint32_t nf = f->off[i + 1] - f->off[i];
        float *e = em + (size_t)(i - t0) * FAKT_NER_NL;
        if (i + PREFETCH_AHEAD < t1)
            prefetch_token(m, f, i + PREFETCH_AHEAD, base, stride);
        if (m->wf) {
            for (int l = 0; l < FAKT_NER_NL; l++)
                e[l] = 0;
            for (uint32_t k = 0; k < nf; k++) {
                const float *w = m->wf + (size_t)fe[k] * FAKT_NER_NL;
                for (int l = 0; l < FAKT_NER_NL; l++)
                    e[l] += w[l];
            }
        } else {
            /* A word-table token: its local rows are already summed. */
            const int16_t *s0 = f->nbm && (f->nbm[i] & 1) ? fakt_ner_word_nb(m, f->word[i - 1], 0) : NULL;
            const int16_t *s1 = f->nbm && (f->nbm[i] & 2) ? fakt_ner_word_nb(m, f->word[i + 1], 1) : NULL;
            sum(m->w, fe, nf, f->word && f->word[i] ? f->word[i]->local : NULL, s0, s1, m->scale, e);
        }
    }
}

/* Viterbi.  Only scores are kept in the forward pass; the backtrace finds
 * each step's best predecessor again from them (one label per token, so a
 * handful of additions), which spares the forward pass the argmax
 * bookkeeping and the back-pointer table.  Predecessors are tried in
 * ascending label order and only a strictly better score replaces the
 * best, in both passes, so ties resolve as a back-pointer table would:
 * to the lowest label.
 *
 * The scheme's allowed moves, per label: the predecessors and the score
 * of each move (start scores in st, NEG where the scheme forbids). */
#define NEG (-1e30f)
typedef struct moves {
    float st[FAKT_NER_NE];
    uint8_t np[FAKT_NER_NE], prev[FAKT_NER_NE][FAKT_NER_NE];
    float pt[FAKT_NER_NE][FAKT_NER_NE];
} moves;

static void moves_init(int L, int chain, const float *tr, moves *mv)
{
    for (int l = 0; l < L; l++) {
        mv->st[l] = allowed(chain, 0, l) ? tr[l] : NEG;
        mv->np[l] = 0;
        for (int p = 0; p < L; p++)
            if (allowed(chain, p, l)) {
                mv->prev[l][mv->np[l]] = (uint8_t)p;
                mv->pt[l][mv->np[l]++] = tr[(1 + p) * L + l];
            }
    }
}

/* The best predecessor of label l given the previous token's scores ps. */
static inline int best_prev(const moves *mv, const float *ps, int l)
{
    float best = NEG * 2;
    int arg = 0;
    for (int k = 0; k < mv->np[l]; k++) {
        float v = ps[mv->prev[l][k]] + mv->pt[l][k];
        if (v > best)
            best = v, arg = mv->prev[l][k];
    }
    return arg;
}

/* Labels from the scores sc (n x L): the last token closes its span
 * (BILOU: not B or I), then best predecessors back to the first. */
static void backtrace(const moves *mv, const float *sc, int L, uint32_t n, int chain, uint8_t *lab)
{
    const float *ls = sc + (size_t)(n - 1) * L;
    int arg = 0;
    for (int l = 1; l < L; l++)
        if (ls[l] > ls[arg] && (chain || !open_lab(l)))
            arg = l;
    lab[n - 1] = (uint8_t)arg;
    for (uint32_t i = n - 1; i > 0; i--) {
        arg = best_prev(mv, sc + (size_t)(i - 1) * L, arg);
        lab[i - 1] = (uint8_t)arg;
    }
}

/* Profession chain, BIO (3 labels, 8 moves), written out: O and B follow
 * anything, I only B or I.  A maximum does not depend on the order it is
 * taken in, so this gives the general loop's scores exactly
 * (check_viterbi in tests/test_ner.c compares it with a reference
 * decoder, ties included). */
static void viterbi_bio(const moves *mv, const float *em, uint32_t n, float *sc)
{
    enum { L = FAKT_NER_NP, OFF = FAKT_NER_NE };
    _Static_assert(FAKT_NER_NP == 3, "the profession chain is O, B, I");
    for (int l = 0; l < L; l++)
        sc[l] = mv->st[l] + em[OFF + l];
    /* the moves by predecessor: t[p][l] from p to l */
    float t[3][3] = {{NEG, NEG, NEG}, {NEG, NEG, NEG}, {NEG, NEG, NEG}};
    for (int l = 0; l < L; l++)
        for (int k = 0; k < mv->np[l]; k++)
            t[mv->prev[l][k]][l] = mv->pt[l][k];
    for (uint32_t i = 1; i < n; i++) {
        const float *ps = sc + (size_t)(i - 1) * L;
        const float *e = em + (size_t)i * FAKT_NER_NL + OFF;
        float *cs = sc + (size_t)i * L;
        float o0 = ps[0] + t[0][0], o1 = ps[1] + t[1][0], o2 = ps[2] + t[2][0];
        float b0 = ps[0] + t[0][1], b1 = ps[1] + t[1][1], b2 = ps[2] + t[2][1];
        float i1 = ps[1] + t[1][2], i2 = ps[2] + t[2][2];
        float o = o1 > o0 ? o1 : o0, b = b1 > b0 ? b1 : b0;
        cs[0] = (o2 > o ? o2 : o) + e[0];
        cs[1] = (b2 > b ? b2 : b) + e[1];
        cs[2] = (i2 > i1 ? i2 : i1) + e[2];
    }
}

/* Entity chain, BILOU over 3 types: 61 of 169 moves, in two blocks.  From
 * a closed label (O, L-x, U-x: 7) to a starting one (O, B-x, U-x: 7): 49
 * moves, done as 7 source rows of 8 lanes that the compiler vectorizes.
 * From B-x or I-x to I-x or L-x of the same type: 12.  The blocks are
 * exactly what allowed() permits (the tests check against the general
 * loop); both label lists ascend, as the tie rule needs. */
static const uint8_t closed_lab[7] = {0, 3, 4, 7, 8, 11, 12};
static const uint8_t start_lab[7] = {0, 1, 4, 5, 8, 9, 12};

/* The best score over the closed labels' moves into each starting label:
 * best[j] = max over s of ps[closed_lab[s]] + ts[s][j], s ascending, each
 * maximum taken as «v > best ? v : best» (which is what maxps does with v
 * first), so the SSE2 path and the plain one agree to the bit. */
static inline void closed_to_start(const float *ps, const float ts[7][8], float best[8])
{
#if defined(__SSE2__)
    __m128 b0 = _mm_add_ps(_mm_set1_ps(ps[0]), _mm_loadu_ps(ts[0]));
    __m128 b1 = _mm_add_ps(_mm_set1_ps(ps[0]), _mm_loadu_ps(ts[0] + 4));
#pragma GCC unroll 8
    for (int s = 1; s < 7; s++) {
        __m128 p = _mm_set1_ps(ps[closed_lab[s]]);
        b0 = _mm_max_ps(_mm_add_ps(p, _mm_loadu_ps(ts[s])), b0);
        b1 = _mm_max_ps(_mm_add_ps(p, _mm_loadu_ps(ts[s] + 4)), b1);
    }
    _mm_storeu_ps(best, b0);
    _mm_storeu_ps(best + 4, b1);
#else
    for (int j = 0; j < 8; j++)
        best[j] = ps[0] + ts[0][j];
    for (int s = 1; s < 7; s++) {
        float p = ps[closed_lab[s]];
        for (int j = 0; j < 8; j++) {
            float v = p + ts[s][j];
            best[j] = v > best[j] ? v : best[j];
        }
    }
#endif
}

static void viterbi_bilou(const float *tr, const float *em, uint32_t n, uint8_t *lab, float *sc)
{
    enum { L = FAKT_NER_NE };
    float ts[7][8]; /* ts[s][j]: closed_lab[s] → start_lab[j] */
    for (int s = 0; s < 7; s++) {
        for (int j = 0; j < 7; j++)
            ts[s][j] = tr[(1 + closed_lab[s]) * L + start_lab[j]];
        ts[s][7] = NEG;
    }
    for (int l = 0; l < L; l++)
        sc[l] = NEG + em[l];
    for (int j = 0; j < 7; j++)
        sc[start_lab[j]] = tr[start_lab[j]] + em[start_lab[j]];
    for (uint32_t i = 1; i < n; i++) {
        const float *ps = sc + (size_t)(i - 1) * L;
        const float *e = em + (size_t)i * FAKT_NER_NL;
        float *cs = sc + (size_t)i * L;
        float best[8];
        closed_to_start(ps, ts, best);
#pragma GCC unroll 8
        for (int j = 0; j < 7; j++)
            cs[start_lab[j]] = best[j] + e[start_lab[j]];
#pragma GCC unroll 4
        for (int b = 1; b < L; b += 4) { /* B-x at b, I-x b + 1, L-x b + 2 */
            float vb = ps[b], vi = ps[b + 1];
            float a0 = vb + tr[(1 + b) * L + b + 1], a1 = vi + tr[(2 + b) * L + b + 1];
            float c0 = vb + tr[(1 + b) * L + b + 2], c1 = vi + tr[(2 + b) * L + b + 2];
            cs[b + 1] = (a1 > a0 ? a1 : a0) + e[b + 1];
            cs[b + 2] = (c1 > c0 ? c1 : c0) + e[b + 2];
        }
    }
    /* The last token closes its span; then best predecessors backwards. */
    const float *ls = sc + (size_t)(n - 1) * L;
    int arg = 0;
    for (int l = 1; l < L; l++)
        if (ls[l] > ls[arg] && !open_lab(l))
            arg = l;
    lab[n - 1] = (uint8_t)arg;
    /* start_lab's index of each starting label (O 0, B-x, U-x) */
    static const int8_t start_ix[L] = {0, 1, -1, -1, 2, 3, -1, -1, 4, 5, -1, -1, 6};
    for (uint32_t i = n - 1; i > 0; i--) {
        const float *ps = sc + (size_t)(i - 1) * L;
        int cur = arg;
        int pos = cur ? fakt_ner_lab_pos(cur) : 0;
        if (pos == 1 || pos == 2) { /* I-x or L-x: from B-x or I-x */
            int b = fakt_ner_lab(fakt_ner_lab_type(cur), 0);
            float v0 = ps[b] + tr[(1 + b) * L + cur], v1 = ps[b + 1] + tr[(2 + b) * L + cur];
            arg = v1 > v0 ? b + 1 : b;
        } else { /* a starting label: from a closed one, the move scores in ts */
            int j = start_ix[cur];
            float best = ps[0] + ts[0][j];
            arg = 0;
#pragma GCC unroll 8
            for (int s = 1; s < 7; s++) {
                float v = ps[closed_lab[s]] + ts[s][j];
                if (v > best)
                    best = v, arg = closed_lab[s];
            }
        }
        lab[i - 1] = (uint8_t)arg;
    }
}

size_t fakt_ner_scratch_size(uint32_t ntok)
{
    return (size_t)(ntok + 1) * FAKT_NER_NE * sizeof(float) + 64;
}

void fakt_ner_viterbi(const fakt_model *m, const float *em, uint32_t n, int chain, uint8_t *lab,
                      void *scratch)
{
    if (n == 0)
        return;
    float *sc = scratch;
    if (chain) {
        moves mv;
        moves_init(FAKT_NER_NP, 1, m->trans_p, &mv);
        viterbi_bio(&mv, em, n, sc);
        backtrace(&mv, sc, FAKT_NER_NP, n, 1, lab);
    } else {
        viterbi_bilou(m->trans_e, em, n, lab, sc);
    }
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

/* Document consistency of multi-word names (nerint.h). */
#define PROP_MAX 32
#define PROP_LEN 8

typedef struct prop {
    uint32_t t0, len;
    int type; /* 0: found with two types */
} prop;

static int prop_same(const fakt_ner_feats *f, uint32_t a, uint32_t b, uint32_t len)
{
    for (uint32_t k = 0; k < len; k++)
        if (f->stemkey[a + k] != f->stemkey[b + k])
            return 0;
    return 1;
}

void fakt_ner_propagate(const fakt_ner_feats *f, const uint32_t *send, uint32_t nt, uint8_t *le)
{
    prop p[PROP_MAX];
    uint32_t np = 0;
    for (uint32_t i = 0; i < nt && np < PROP_MAX;) {
        int l = le[i];
        if (!l || fakt_ner_lab_pos(l) != 0) {
            i++;
            continue;
        }
        int type = fakt_ner_lab_type(l);
        uint32_t j = i + 1;
        while (j < nt && le[j] == fakt_ner_lab(type, 1))
            j++;
        if (j >= nt || le[j] != fakt_ner_lab(type, 2)) {
            i = j;
            continue;
        }
        uint32_t len = j + 1 - i, words = 1;
        for (uint32_t k = i; k <= j; k++)
            words &= f->stemkey[k] != 0;
        if (len <= PROP_LEN && words && f->upper[i]) {
            uint32_t k = 0;
            while (k < np && !(p[k].len == len && prop_same(f, p[k].t0, i, len)))
                k++;
            if (k == np)
                p[np++] = (prop){i, len, type};
            else if (p[k].type != type)
                p[k].type = 0;
        }
        i = j + 1;
    }
    /* longest first (insertion sort: a handful of names) */
    for (uint32_t a = 1; a < np; a++)
        for (uint32_t b = a; b > 0 && p[b].len > p[b - 1].len; b--) {
            prop t = p[b];
            p[b] = p[b - 1];
            p[b - 1] = t;
        }
    for (uint32_t k = 0; k < np; k++) {
        uint32_t len = p[k].len;
        int type = p[k].type;
        if (!type)
            continue;
        for (uint32_t j = 0; j + len <= nt; j++) {
            if (f->stemkey[j] != f->stemkey[p[k].t0] || !f->upper[j] || send[j] < j + len ||
                !prop_same(f, p[k].t0, j, len))
                continue;
            if (le[j] == fakt_ner_lab(type, 0) && le[j + len - 1] == fakt_ner_lab(type, 2))
                continue; /* already so (B…L of one type is one span) */
            int in = le[j] && fakt_ner_lab_pos(le[j]) != 0 && fakt_ner_lab_pos(le[j]) != 3;
            int out = le[j + len - 1] && fakt_ner_lab_pos(le[j + len - 1]) != 2 &&
                      fakt_ner_lab_pos(le[j + len - 1]) != 3;
            if (in || out)
                continue; /* an entity crosses the boundary */
            fakt_ner_label_span(le, j, j + len, type);
            j += len - 1;
        }
    }
}

/* A name does not begin or end on a stray mark: the tagger can take the
 * opening quote of the next name into the one before it («Русской службе
 * «» from «Русской службе «Голоса Америки»»).  Quotes and brackets at a
 * span's edge are cut off unless they pair with one inside it (московского
 * «Центра» keeps its quotes), and so are commas, colons and dashes; a span
 * of such marks alone goes.  Marks inside stay (РИА «Новости»). */
static int stray_mark(const char *text, const fakt_token *t)
{
    if (t->kind != FAKT_TK_PUNCT)
        return 0;
    if (t->flags & (FAKT_TF_QUOTE | FAKT_TF_OPEN | FAKT_TF_CLOSE))
        return 1;
    static const char *const marks[] = {",", ";", ":", "-", "—", "–", NULL};
    return fakt_ner_tok_in(text, t, marks);
}

/* Whether a token in [a, b) carries flag. */
static int any_flag(const fakt_seg *seg, uint32_t a, uint32_t b, uint16_t flag)
{
    for (uint32_t k = a; k < b; k++)
        if (seg->toks[k].flags & flag)
            return 1;
    return 0;
}

void fakt_ner_trim_marks(const char *text, const fakt_seg *seg, uint8_t *le)
{
    const uint16_t opener = FAKT_TF_OPEN | FAKT_TF_QUOTE, closer = FAKT_TF_CLOSE | FAKT_TF_QUOTE;
    uint32_t nt = seg->ntok;
    for (uint32_t i = 0; i < nt;) {
        uint32_t j = fakt_ner_span_end(le, nt, i);
        if (!j) {
            i++;
            continue;
        }
        uint32_t a = i, b = j;
        while (a < b && stray_mark(text, &seg->toks[a]) &&
               !((seg->toks[a].flags & opener) && any_flag(seg, a + 1, b, closer)))
            a++;
        while (b > a && stray_mark(text, &seg->toks[b - 1]) &&
               !((seg->toks[b - 1].flags & closer) && any_flag(seg, a, b - 1, opener)))
            b--;
        if (a != i || b != j) {
            int type = fakt_ner_lab_type(le[i]);
            memset(le + i, 0, j - i);
            if (b > a)
                fakt_ner_label_span(le, a, b, type);
        }
        i = j;
    }
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
    return fakt_ner_tag_pc(m, d, NULL, text, seg, a, out, err);
}

int fakt_ner_tag_pc(const fakt_model *m, const fakt_dict *d, fakt_pcache *pc, const char *text,
                    const fakt_seg *seg, fakt_arena *a, fakt_ner_out *out, fakt_error *err)
{
    if (!m || !seg || !a || !out || (!text && seg->ntok))
        return fakt_err(err, FAKT_EINVAL, "fakt_ner_tag: NULL argument");
    memset(out, 0, sizeof *out);
    /* Lowercase text: read as news is written (truecase.c). */
    fakt_seg tseg;
    int tc = fakt_ner_truecase(m, d, text, seg, a, &text, &tseg);
    if (tc < 0)
        return fakt_err(err, FAKT_ENOMEM, "out of memory in NER");
    seg = &tseg;
    if (tc)
        pc = NULL; /* the document's parse cache points into its own text,
                    * which outlives it; the recased copy lives in a, which
                    * (tagged in windows) does not */
    uint32_t nt = seg->ntok;
    fakt_ner_feats f;
    if (fakt_ner_features_pc(m, d, pc, text, seg, a, &f) != FAKT_OK)
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
    uint32_t *send = fakt_arena_calloc(a, (size_t)nt + 1, sizeof *send);
    if (!send)
        return fakt_err(err, FAKT_ENOMEM, "out of memory in NER");
    for (uint32_t s = 0; s < seg->nsent; s++)
        for (uint32_t i = seg->sents[s].t0; i < seg->sents[s].t1 && i < nt; i++)
            send[i] = seg->sents[s].t1;
    fakt_ner_propagate(&f, send, nt, le);
    fakt_ner_tails(d, text, seg, &f, send, le);
    fakt_ner_quoted(text, seg, &f, send, tc, le);
    fakt_ner_abbrev(text, seg, &f, le);
    fakt_ner_leading(text, seg, &f, send, le);
    fakt_ner_sky(text, seg, &f, le);
    fakt_ner_trim_marks(text, seg, le);
    fakt_ner_products(text, seg, send, le);
    if (fakt_ner_decode(m, text, seg, &f, le, lp, a, out) != FAKT_OK ||
        fakt_ner_nest(m, d, text, seg, &f, a, out) != FAKT_OK)
        return fakt_err(err, FAKT_ENOMEM, "out of memory in NER");
    return FAKT_OK;
}

/*
 * tokens.c — the public face of segmentation (fakt_tokenize and the
 * fakt_tokens_* accessors of fakt.h) over the private segmenter.
 *
 * The result is one malloc-ed array of spans: the segmenter's own token
 * array (fakt_segment_heap), widened in place from the back, so a caller
 * holds no arena, and a 50 MB text is not copied out of one.
 */
#include <stdlib.h>
#include <string.h>
#if defined(__SSE2__)
#include <emmintrin.h>
#endif

#include "segment.h"

struct fakt_tokens {
    fakt_span *toks; /* ntok token spans, then nsent sentence spans */
    size_t ntok;
    fakt_span *sents;
    size_t nsent;
};

#if defined(__SSE2__)
/* From i, whole 16-byte blocks of ASCII (but NUL) and two-byte sequences;
 * returns where the first other block starts (or the lead byte of a
 * sequence split by it). */
static size_t simple_blocks(const unsigned char *s, size_t len, size_t i)
{
    unsigned carry = 0; /* the block before ended with a lead byte */
    const __m128i zero = _mm_setzero_si128();
    while (len - i >= 16) {
        __m128i v = _mm_loadu_si128((const __m128i *)(const void *)(s + i));
        unsigned a = (unsigned)_mm_movemask_epi8(_mm_cmpgt_epi8(v, zero)); /* 01..7F */
        unsigned c = (unsigned)_mm_movemask_epi8(_mm_cmplt_epi8(v, _mm_set1_epi8(-64))); /* 80..BF */
        unsigned l = (unsigned)_mm_movemask_epi8(
            _mm_and_si128(_mm_cmpgt_epi8(v, _mm_set1_epi8(-63)),
                          _mm_cmplt_epi8(v, _mm_set1_epi8(-32)))); /* C2..DF */
        if ((a | c | l) != 0xFFFFu || c != (((l << 1) | carry) & 0xFFFFu))
            break;
        carry = l >> 15;
        i += 16;
    }
    return i - carry;
}
#endif

/* fakt_utf8_check, with ASCII and two-byte sequences (Cyrillic: most of
 * the text) accepted here, sixteen bytes at a time with SSE2; any other
 * sequence is handed, alone, to fakt_utf8_check, so the verdict and the
 * offset are always its own. */
static int utf8_check(const char *text, size_t len, size_t *bad)
{
    const unsigned char *s = (const unsigned char *)text;
    size_t i = 0;
    while (i < len) {
#if defined(__SSE2__)
        i = simple_blocks(s, len, i);
        if (i >= len)
            break;
#endif
        /* one sequence at a time to the end of this block */
        size_t stop = len - i > 16 ? i + 16 : len;
        while (i < stop) {
            unsigned c = s[i];
            if (c - 1u < 0x7Fu) {
                i++;
                continue;
            }
            if (c - 0xC2u < 0x1Eu && i + 1 < len && (s[i + 1] & 0xC0) == 0x80) {
                i += 2;
                continue;
            }
            size_t k = c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : 1, b = 0;
            if (k > len - i)
                k = len - i;
            if (fakt_utf8_check(text + i, k, &b) != FAKT_OK) {
                *bad = i + b;
                return FAKT_EUTF8;
            }
            i += k;
        }
    }
    return FAKT_OK;
}

int fakt_tokenize(const char *text, size_t len, fakt_tokens **out, fakt_error *err)
{
    if (!out)
        return fakt_err(err, FAKT_EINVAL, "tokenize: NULL out");
    *out = NULL;
    if (!text && len)
        return fakt_err(err, FAKT_EINVAL, "tokenize: NULL text");
    size_t bad = 0;
    if (len && utf8_check(text, len, &bad) != FAKT_OK)
        return fakt_err(err, FAKT_EUTF8, "invalid UTF-8 at byte %zu", bad);
    fakt_token *tk;
    fakt_sent *sv;
    size_t nt, ns;
    int rc = fakt_segment_heap(text ? text : "", len, &tk, &nt, &sv, &ns, err);
    if (rc != FAKT_OK)
        return rc;
    /* Spans are wider than tokens: grow the block (its token prefix is
     * kept), then convert from the last token back, so span i is written
     * only over tokens i and later, already read. */
    size_t need = (nt + ns) * sizeof(fakt_span);
    fakt_span *sp = realloc(tk, need ? need : sizeof(fakt_span));
    fakt_tokens *t = malloc(sizeof *t);
    if (!sp || !t) {
        free(sp ? (void *)sp : (void *)tk);
        free(sv);
        free(t);
        return fakt_err(err, FAKT_ENOMEM, "tokenize: out of memory");
    }
    for (size_t i = nt; i-- > 0;) {
        fakt_token k;
        memcpy(&k, (const char *)sp + i * sizeof k, sizeof k);
        sp[i] = (fakt_span){k.c0, k.c1, k.b0, k.b1};
    }
    for (size_t i = 0; i < ns; i++) {
        const fakt_span *f = &sp[sv[i].t0], *l = &sp[sv[i].t1 - 1];
        sp[nt + i] = (fakt_span){f->start, l->end, f->byte_start, l->byte_end};
    }
    free(sv);
    t->toks = sp;
    t->ntok = nt;
    t->sents = sp + nt;
    t->nsent = ns;
    *out = t;
    return FAKT_OK;
}

size_t fakt_tokens_count(const fakt_tokens *t) { return t ? t->ntok : 0; }

const fakt_span *fakt_tokens_token(const fakt_tokens *t, size_t i)
{
    return t && i < t->ntok ? &t->toks[i] : NULL;
}

size_t fakt_tokens_sentence_count(const fakt_tokens *t) { return t ? t->nsent : 0; }

const fakt_span *fakt_tokens_sentence(const fakt_tokens *t, size_t i)
{
    return t && i < t->nsent ? &t->sents[i] : NULL;
}

void fakt_tokens_free(fakt_tokens *t)
{
    if (t)
        free(t->toks);
    free(t);
}

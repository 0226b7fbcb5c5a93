/*
 * tokens.c — the public face of segmentation (fakt_tokenize and the
 * fakt_tokens_* accessors of fakt.h) over the private fakt_segment.
 *
 * The result is copied out of the segmenter's arena into one malloc-ed
 * block of spans, so a caller holds no arena and frees with one call.
 */
#include <stdlib.h>

#include "segment.h"

struct fakt_tokens {
    fakt_span *toks;
    size_t ntok;
    fakt_span *sents;
    size_t nsent;
};

int fakt_tokenize(const char *text, size_t len, fakt_tokens **out, fakt_error *err)
{
    if (!out)
        return fakt_err(err, FAKT_EINVAL, "tokenize: NULL out");
    *out = NULL;
    if (!text && len)
        return fakt_err(err, FAKT_EINVAL, "tokenize: NULL text");
    size_t bad = 0;
    if (len && fakt_utf8_check(text, len, &bad) != FAKT_OK)
        return fakt_err(err, FAKT_EUTF8, "invalid UTF-8 at byte %zu", bad);
    fakt_arena a;
    fakt_arena_init(&a);
    fakt_seg seg;
    int rc = fakt_segment(text ? text : "", len, &a, &seg, err);
    if (rc != FAKT_OK) {
        fakt_arena_free(&a);
        return rc;
    }
    fakt_tokens *t = malloc(sizeof *t + ((size_t)seg.ntok + seg.nsent) * sizeof(fakt_span));
    if (!t) {
        fakt_arena_free(&a);
        return fakt_err(err, FAKT_ENOMEM, "tokenize: out of memory");
    }
    t->toks = (fakt_span *)(t + 1);
    t->ntok = seg.ntok;
    t->sents = t->toks + seg.ntok;
    t->nsent = seg.nsent;
    for (size_t i = 0; i < seg.ntok; i++) {
        const fakt_token *k = &seg.toks[i];
        t->toks[i] = (fakt_span){k->c0, k->c1, k->b0, k->b1};
    }
    for (size_t i = 0; i < seg.nsent; i++) {
        const fakt_token *f = &seg.toks[seg.sents[i].t0], *l = &seg.toks[seg.sents[i].t1 - 1];
        t->sents[i] = (fakt_span){f->c0, l->c1, f->b0, l->b1};
    }
    fakt_arena_free(&a);
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

void fakt_tokens_free(fakt_tokens *t) { free(t); }

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

#include "segment.h"

struct fakt_tokens {
    fakt_span *toks; /* ntok token spans, then nsent sentence spans */
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

/* stub.c — TEMPORARY placeholders until segment.c lands; delete then. */
#include "text/segment.h"
int fakt_tokenize(const char *text, size_t len, fakt_tokens **out, fakt_error *err)
{ (void)text; (void)len; *out = NULL; return fakt_err(err, FAKT_EINVAL, "tokenizer not built yet"); }
size_t fakt_tokens_count(const fakt_tokens *t) { (void)t; return 0; }
const fakt_span *fakt_tokens_token(const fakt_tokens *t, size_t i) { (void)t; (void)i; return NULL; }
size_t fakt_tokens_sentence_count(const fakt_tokens *t) { (void)t; return 0; }
const fakt_span *fakt_tokens_sentence(const fakt_tokens *t, size_t i) { (void)t; (void)i; return NULL; }
void fakt_tokens_free(fakt_tokens *t) { (void)t; }
int fakt_segment(const char *text, size_t len, fakt_arena *a, fakt_seg *out, fakt_error *err)
{ (void)text; (void)len; (void)a; (void)out; return fakt_err(err, FAKT_EINVAL, "segmenter not built yet"); }

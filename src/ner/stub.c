/* stub.c — TEMPORARY placeholders until the tagger lands; delete then. */
#include "core/core.h"
int fakt_model_open(const char *path, fakt_model **out, fakt_error *err)
{ (void)path; *out = NULL; return fakt_err(err, FAKT_EIO, "NER not built yet"); }
void fakt_model_free(fakt_model *m) { (void)m; }
#include "ner/ner.h"
int fakt_ner_tag(const fakt_model *m, const fakt_dict *d, const char *text, const fakt_seg *seg,
                 fakt_arena *a, fakt_ner_out *out, fakt_error *err)
{ (void)m; (void)d; (void)text; (void)seg; (void)a; (void)out; return fakt_err(err, FAKT_EINVAL, "NER not built yet"); }

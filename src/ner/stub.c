/* stub.c — TEMPORARY placeholders until the tagger lands; delete then. */
#include "core/core.h"
int fakt_model_open(const char *path, fakt_model **out, fakt_error *err)
{ (void)path; *out = NULL; return fakt_err(err, FAKT_EIO, "NER not built yet"); }
void fakt_model_free(fakt_model *m) { (void)m; }

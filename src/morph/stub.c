/* stub.c — TEMPORARY placeholders until the dictionary reader lands; delete then. */
#include "morph/morph.h"
int fakt_dict_open(const char *dir, fakt_dict **out, fakt_error *err)
{ (void)dir; *out = NULL; return fakt_err(err, FAKT_EIO, "dictionary reader not built yet"); }
void fakt_dict_free(fakt_dict *d) { (void)d; }

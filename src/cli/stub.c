/* stub.c — TEMPORARY: commands not written yet; each moves to its cmd_*.c. */
#include "cli.h"
static int todo(const char *c) { fprintf(stderr, "fakt %s: not built yet\n", c); return FAKT_EXIT_USAGE; }
int fakt_cli_eval_ner(int argc, char **argv) { (void)argc; (void)argv; return todo("eval ner"); }
int fakt_cli_train(int argc, char **argv) { (void)argc; (void)argv; return todo("train"); }

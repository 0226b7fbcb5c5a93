/*
 * cli.h — the `fakt` command: one function per subcommand (cmd_*.c) and
 * the few helpers they share.  The CLI is the only place that prints or
 * exits; the library reports through status codes.
 */
#ifndef FAKT_CLI_H
#define FAKT_CLI_H

#include <stdio.h>

#include "fakt.h"

/* Exit codes (documented in README and `fakt --help`). */
enum {
    FAKT_EXIT_OK = 0,
    FAKT_EXIT_USAGE = 1,   /* bad command line */
    FAKT_EXIT_INPUT = 2,   /* input refused: invalid UTF-8, NUL bytes, too large */
    FAKT_EXIT_DATA = 3,    /* dictionary or model missing or corrupt */
    FAKT_EXIT_PARTIAL = 4, /* batch: some records failed (reported in-line) */
    FAKT_EXIT_IO = 5       /* a file could not be read or written */
};

int fakt_cli_tokenize(int argc, char **argv);
int fakt_cli_morph(int argc, char **argv);
int fakt_cli_extract(int argc, char **argv);
int fakt_cli_batch(int argc, char **argv);
int fakt_cli_eval(int argc, char **argv);
/* `fakt eval tokens|ner ...` dispatch to these (cmd_eval_*.c). */
int fakt_cli_eval_tokens(int argc, char **argv);
int fakt_cli_eval_ner(int argc, char **argv);
int fakt_cli_train(int argc, char **argv);

/* Where data lives: $FAKT_DICT / $FAKT_MODEL, else next to the executable
 * (../data/dict, ../models/ner.fkm relative to build/fakt), else ./data/dict. */
const char *fakt_cli_dict_dir(void);
const char *fakt_cli_model_path(void);

/* Open the dictionary / the model with FAKT_OPEN_* flags, printing a clear
 * message and returning an exit code on failure. */
int fakt_cli_open_dict(fakt_dict **d, unsigned flags);
int fakt_cli_open_model(fakt_model **m, unsigned flags);
/* Loads a user gazetteer (--gazetteer FILE), printing a message on failure. */
int fakt_cli_open_gazetteer(const char *path, const fakt_dict *d, fakt_gazetteer **g);

/* What extract and batch analyse with. */
typedef struct fakt_cli_res {
    fakt_dict *d;
    fakt_model *m;
    fakt_gazetteer *g; /* NULL without --gazetteer */
} fakt_cli_res;

/* Opens dictionary, model and (when gazetteer is not NULL) the gazetteer;
 * on failure prints why, frees what was opened and returns an exit code. */
int fakt_cli_open_res(fakt_cli_res *r, const char *gazetteer, unsigned flags);
void fakt_cli_close_res(fakt_cli_res *r);

/* Reads FILE (or stdin for NULL/"-") and checks UTF-8; on failure prints
 * "fakt CMD: FILE: invalid UTF-8 at byte N" and returns an exit code.
 * With repair != 0, invalid bytes become U+FFFD instead. */
int fakt_cli_read_text(const char *cmd, const char *path, int repair,
                       char **text, size_t *len);

extern const char *fakt_cli_argv0;

/* One `fakt batch` record: parses the JSON line (jansson), analyses its
 * "text", and returns the output line (malloc-ed, no newline; NULL only when
 * out of memory) with its length in *olen; *failed is set for error lines. */
char *fakt_cli_batch_line(const fakt_dict *d, const fakt_model *m,
                          const fakt_gazetteer *g, unsigned flags,
                          const char *line, size_t len, size_t lineno, size_t *olen,
                          int *failed);

#endif

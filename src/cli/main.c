/* main.c — `fakt COMMAND ...`: dispatch, shared helpers, usage. */
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli.h"
#include "core/core.h"

const char *fakt_cli_argv0 = "fakt";

static const char usage[] =
    "usage: fakt COMMAND [ARGS]   (fakt COMMAND --help for each)\n"
    "\n"
    "commands:\n"
    "  tokenize [FILE]         sentences and tokens as JSON (code-point offsets)\n"
    "  morph [WORD...]         morphological parses as JSON Lines (stdin: one word a line)\n"
    "  extract [FILE]          the extraction object of one document as JSON\n"
    "  batch [IN] [-o OUT]     JSON Lines in ({\"id\",\"text\"}), extractions out\n"
    "  eval ...                quality measures over the corpora (tokens, morph, ner)\n"
    "  train ...               train the NER model\n"
    "  version                 print the version\n"
    "\n"
    "FILE or IN of \"-\" or none means standard input.\n"
    "environment: FAKT_DICT (dictionary folder), FAKT_MODEL (NER model file)\n"
    "exit status: 0 ok, 1 usage, 2 input refused (invalid UTF-8, NUL, too large),\n"
    "  3 dictionary/model missing or corrupt, 4 batch with failed records, 5 I/O error\n";

/* The folder holding the executable, for data paths relative to it. */
static const char *exe_dir(void)
{
    static char dir[PATH_MAX];
    if (!dir[0]) {
        ssize_t n = readlink("/proc/self/exe", dir, sizeof dir - 1);
        if (n <= 0) {
            strcpy(dir, ".");
        } else {
            dir[n] = 0;
            char *s = strrchr(dir, '/');
            if (s)
                *s = 0;
        }
    }
    return dir;
}

static const char *find_data(const char *env, const char *rel, char *buf, size_t cap)
{
    const char *e = getenv(env);
    struct stat st;
    if (e && *e)
        return e;
    snprintf(buf, cap, "%s/../%s", exe_dir(), rel);
    if (stat(buf, &st) == 0)
        return buf;
    snprintf(buf, cap, "%s", rel);
    return buf;
}

const char *fakt_cli_dict_dir(void)
{
    static char buf[PATH_MAX + 64];
    return find_data("FAKT_DICT", "data/dict", buf, sizeof buf);
}

const char *fakt_cli_model_path(void)
{
    static char buf[PATH_MAX + 64];
    return find_data("FAKT_MODEL", "models/ner.fkm", buf, sizeof buf);
}

int fakt_cli_open_dict(fakt_dict **d, unsigned flags)
{
    fakt_error e;
    if (fakt_dict_open_flags(fakt_cli_dict_dir(), flags, d, &e) != FAKT_OK) {
        fprintf(stderr, "%s: dictionary: %s\n(run tools/fetch-dict.sh, or set FAKT_DICT)\n",
                fakt_cli_argv0, e.msg);
        return FAKT_EXIT_DATA;
    }
    return FAKT_EXIT_OK;
}

int fakt_cli_open_model(fakt_model **m, unsigned flags)
{
    fakt_error e;
    if (fakt_model_open_flags(fakt_cli_model_path(), flags, m, &e) != FAKT_OK) {
        fprintf(stderr, "%s: model: %s\n(set FAKT_MODEL or run make model)\n",
                fakt_cli_argv0, e.msg);
        return FAKT_EXIT_DATA;
    }
    return FAKT_EXIT_OK;
}

int fakt_cli_open_gazetteer(const char *path, const fakt_dict *d, fakt_gazetteer **g)
{
    fakt_error e;
    *g = NULL;
    if (!path)
        return FAKT_EXIT_OK;
    if (fakt_gazetteer_open(path, d, g, &e) != FAKT_OK) {
        fprintf(stderr, "%s: gazetteer: %s\n", fakt_cli_argv0, e.msg);
        return e.code == FAKT_EIO ? FAKT_EXIT_IO : FAKT_EXIT_DATA;
    }
    return FAKT_EXIT_OK;
}

int fakt_cli_open_res(fakt_cli_res *r, const char *gazetteer, unsigned flags)
{
    int rc;
    memset(r, 0, sizeof *r);
    if ((rc = fakt_cli_open_dict(&r->d, flags)) || (rc = fakt_cli_open_model(&r->m, flags)) ||
        (rc = fakt_cli_open_gazetteer(gazetteer, r->d, &r->g)))
        fakt_cli_close_res(r);
    return rc;
}

void fakt_cli_close_res(fakt_cli_res *r)
{
    fakt_gazetteer_free(r->g);
    fakt_model_free(r->m);
    fakt_dict_free(r->d);
    memset(r, 0, sizeof *r);
}

int fakt_cli_read_text(const char *cmd, const char *path, int repair, char **text,
                       size_t *len)
{
    fakt_error e;
    const char *name = (!path || !strcmp(path, "-")) ? "stdin" : path;
    if (fakt_read_file(path, text, len, &e) != FAKT_OK) {
        fprintf(stderr, "fakt %s: %s\n", cmd, e.msg);
        return FAKT_EXIT_IO;
    }
    size_t bad = 0;
    if (fakt_utf8_check(*text, *len, &bad) != FAKT_OK) {
        if (repair) {
            char *fixed;
            size_t flen;
            int rc = fakt_utf8_repair(*text, *len, &fixed, &flen);
            free(*text);
            *text = NULL;
            if (rc != FAKT_OK) {
                fprintf(stderr, "fakt %s: %s: %s\n", cmd, name, fakt_strerror(rc));
                return FAKT_EXIT_INPUT;
            }
            *text = fixed;
            *len = flen;
            return FAKT_EXIT_OK;
        }
        fprintf(stderr, "fakt %s: %s: %s at byte %zu (use --repair to replace with U+FFFD)\n",
                cmd, name, (*text)[bad] ? "invalid UTF-8" : "NUL byte", bad);
        free(*text);
        *text = NULL;
        return FAKT_EXIT_INPUT;
    }
    return FAKT_EXIT_OK;
}

int main(int argc, char **argv)
{
    static const struct {
        const char *name;
        int (*fn)(int, char **);
    } cmds[] = {
        {"tokenize", fakt_cli_tokenize}, {"morph", fakt_cli_morph},
        {"extract", fakt_cli_extract},   {"batch", fakt_cli_batch},
        {"eval", fakt_cli_eval},         {"train", fakt_cli_train},
    };
    if (argc < 2) {
        fputs(usage, stderr);
        return FAKT_EXIT_USAGE;
    }
    if (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h") || !strcmp(argv[1], "help")) {
        fputs(usage, stdout);
        return FAKT_EXIT_OK;
    }
    if (!strcmp(argv[1], "version") || !strcmp(argv[1], "--version")) {
        printf("fakt %s\n", fakt_version());
        return FAKT_EXIT_OK;
    }
    for (size_t i = 0; i < sizeof cmds / sizeof cmds[0]; i++)
        if (!strcmp(argv[1], cmds[i].name))
            return cmds[i].fn(argc - 1, argv + 1);
    fprintf(stderr, "fakt: unknown command '%s'\n\n%s", argv[1], usage);
    return FAKT_EXIT_USAGE;
}

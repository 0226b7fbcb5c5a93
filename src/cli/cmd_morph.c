/*
 * cmd_morph.c — `fakt morph [WORD...]`: every parse of each word as JSON
 * Lines, {"word":W,"parses":[{"lemma":L,"tag":T,"score":S},...]}, best
 * first, tags written as pymorphy2 writes them (the DESIGN contract).
 *
 * Without arguments the words come from stdin, one a line, and each input
 * line gives exactly one output line, so the output can be pasted beside
 * the input.  A line that is not valid UTF-8 gives
 * {"line":N,"error":"invalid UTF-8 at byte K"} instead; the run goes on and
 * ends with exit status 2.
 */
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "core/core.h"

static const char usage[] =
    "usage: fakt morph [WORD...]\n"
    "Prints the morphological parses of each WORD (or of each line of stdin)\n"
    "as one JSON object a line:\n"
    "  {\"word\":W,\"parses\":[{\"lemma\":L,\"tag\":\"NOUN,anim,masc,Name sing,gent\",\"score\":0.5},...]}\n"
    "best first; lemma lowercase; tag and score as pymorphy2 gives them\n"
    "(OpenCorpora dictionary, unknown words guessed).\n"
    "A stdin line that is not valid UTF-8 prints {\"line\":N,\"error\":...}.\n"
    "exit status: 0 ok, 1 usage, 2 some input line refused, 3 dictionary\n"
    "missing or corrupt, 5 output error.\n"
    "environment: FAKT_DICT (dictionary folder)\n";

static void put_score(fakt_buf *b, double s)
{
    char tmp[32];
    snprintf(tmp, sizeof tmp, "%.6g", s);
    fakt_buf_puts(b, tmp);
}

static int emit(const fakt_dict *d, const char *w, size_t n, fakt_buf *b, FILE *out)
{
    fakt_parses *ps;
    fakt_error e;
    b->len = 0;
    if (fakt_morph_analyze(d, w, n, &ps, &e) != FAKT_OK) {
        fakt_buf_puts(b, "{\"word\":null,\"error\":");
        fakt_buf_json_str(b, e.msg, strlen(e.msg));
        fakt_buf_puts(b, "}\n");
    } else {
        fakt_buf_puts(b, "{\"word\":");
        fakt_buf_json_str(b, w, n);
        fakt_buf_puts(b, ",\"parses\":[");
        for (size_t i = 0; i < fakt_parses_count(ps); i++) {
            const fakt_parse *p = fakt_parses_get(ps, i);
            fakt_buf_puts(b, i ? ",{\"lemma\":" : "{\"lemma\":");
            fakt_buf_json_str(b, p->lemma, strlen(p->lemma));
            fakt_buf_puts(b, ",\"tag\":");
            fakt_buf_json_str(b, p->tag, strlen(p->tag));
            fakt_buf_puts(b, ",\"score\":");
            put_score(b, p->score);
            fakt_buf_putc(b, '}');
        }
        fakt_buf_puts(b, "]}\n");
        fakt_parses_free(ps);
    }
    if (b->failed || fwrite(b->data, 1, b->len, out) != b->len)
        return -1;
    return 0;
}

int fakt_cli_morph(int argc, char **argv)
{
    int first = 1;
    for (int i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "--help") || !strcmp(argv[i], "-h")) {
            fputs(usage, stdout);
            return FAKT_EXIT_OK;
        }
        if (!strcmp(argv[i], "--")) {
            first = i + 1;
            break;
        }
        if (argv[i][0] == '-' && argv[i][1] == '-') {
            fprintf(stderr, "fakt morph: unknown option %s\n%s", argv[i], usage);
            return FAKT_EXIT_USAGE;
        }
    }
    fakt_dict *d;
    int rc = fakt_cli_open_dict(&d, 0);
    if (rc)
        return rc;
    fakt_buf b;
    fakt_buf_init(&b);
    int status = FAKT_EXIT_OK;
    if (first < argc) {
        for (int i = first; i < argc && status == FAKT_EXIT_OK; i++) {
            size_t bad;
            if (fakt_utf8_check(argv[i], strlen(argv[i]), &bad) != FAKT_OK) {
                fprintf(stderr, "fakt morph: argument %d: invalid UTF-8 at byte %zu\n", i, bad);
                status = FAKT_EXIT_INPUT;
            } else if (emit(d, argv[i], strlen(argv[i]), &b, stdout)) {
                status = FAKT_EXIT_IO;
            }
        }
    } else {
        char *line = NULL;
        size_t cap = 0, lineno = 0;
        ssize_t n;
        while ((n = getline(&line, &cap, stdin)) >= 0) {
            lineno++;
            size_t len = (size_t)n;
            while (len && (line[len - 1] == '\n' || line[len - 1] == '\r'))
                len--;
            size_t bad;
            if (fakt_utf8_check(line, len, &bad) != FAKT_OK) {
                printf("{\"line\":%zu,\"error\":\"invalid UTF-8 at byte %zu\"}\n", lineno, bad);
                fprintf(stderr, "fakt morph: stdin line %zu: invalid UTF-8 at byte %zu\n", lineno, bad);
                status = FAKT_EXIT_INPUT;
                continue;
            }
            if (emit(d, line, len, &b, stdout)) {
                status = FAKT_EXIT_IO;
                break;
            }
        }
        free(line);
    }
    if (fflush(stdout) != 0)
        status = FAKT_EXIT_IO;
    fakt_buf_free(&b);
    fakt_dict_free(d);
    return status;
}

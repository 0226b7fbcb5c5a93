/*
 * cmd_tokenize.c — `fakt tokenize [--repair] [FILE]`: sentences and tokens
 * as one JSON object {"sentences":[[s,e],...],"tokens":[[s,e],...]} and a
 * newline, offsets in code points, end exclusive (the DESIGN contract).
 *
 * Output is written through one large stdio buffer with hand-formatted
 * integers: a 50 MB input makes ten million spans, and printf per number
 * would cost more than the segmentation.
 */
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "core/core.h"

static const char usage[] =
    "usage: fakt tokenize [--repair] [FILE]\n"
    "Splits FILE (stdin when none or \"-\") into sentences and tokens and prints\n"
    "{\"sentences\":[[s,e],...],\"tokens\":[[s,e],...]} with code-point offsets,\n"
    "end exclusive.\n"
    "  --repair   replace invalid UTF-8 with U+FFFD instead of refusing (exit 2)\n";

/* Writes "[s,e]" into p; returns the end. */
static char *put_pair(char *p, size_t a, size_t b)
{
    char tmp[24];
    *p++ = '[';
    size_t v = a;
    int n = 0;
    do {
        tmp[n++] = (char)('0' + v % 10);
        v /= 10;
    } while (v);
    while (n)
        *p++ = tmp[--n];
    *p++ = ',';
    v = b;
    do {
        tmp[n++] = (char)('0' + v % 10);
        v /= 10;
    } while (v);
    while (n)
        *p++ = tmp[--n];
    *p++ = ']';
    return p;
}

static int write_spans(FILE *f, const fakt_tokens *t, int sents)
{
    char buf[1 << 16];
    char *p = buf;
    size_t n = sents ? fakt_tokens_sentence_count(t) : fakt_tokens_count(t);
    for (size_t i = 0; i < n; i++) {
        const fakt_span *s = sents ? fakt_tokens_sentence(t, i) : fakt_tokens_token(t, i);
        if (p - buf > (long)sizeof buf - 64) {
            if (fwrite(buf, 1, (size_t)(p - buf), f) != (size_t)(p - buf))
                return -1;
            p = buf;
        }
        if (i)
            *p++ = ',';
        p = put_pair(p, s->start, s->end);
    }
    if (p > buf && fwrite(buf, 1, (size_t)(p - buf), f) != (size_t)(p - buf))
        return -1;
    return 0;
}

int fakt_cli_tokenize(int argc, char **argv)
{
    const char *path = NULL;
    int repair = 0;
    for (int i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "--help") || !strcmp(argv[i], "-h")) {
            fputs(usage, stdout);
            return FAKT_EXIT_OK;
        } else if (!strcmp(argv[i], "--repair")) {
            repair = 1;
        } else if (argv[i][0] == '-' && argv[i][1]) {
            fprintf(stderr, "fakt tokenize: unknown option '%s'\n%s", argv[i], usage);
            return FAKT_EXIT_USAGE;
        } else if (path) {
            fprintf(stderr, "fakt tokenize: one FILE only\n%s", usage);
            return FAKT_EXIT_USAGE;
        } else {
            path = argv[i];
        }
    }
    char *text;
    size_t len;
    int rc = fakt_cli_read_text("tokenize", path, repair, &text, &len);
    if (rc != FAKT_EXIT_OK)
        return rc;
    fakt_tokens *t;
    fakt_error e;
    if (fakt_tokenize(text, len, &t, &e) != FAKT_OK) {
        fprintf(stderr, "fakt tokenize: %s\n", e.msg);
        free(text);
        return e.code == FAKT_ENOMEM ? FAKT_EXIT_IO : FAKT_EXIT_INPUT;
    }
    free(text);
    static char obuf[1 << 16];
    setvbuf(stdout, obuf, _IOFBF, sizeof obuf);
    int bad = fputs("{\"sentences\":[", stdout) < 0;
    bad |= write_spans(stdout, t, 1) != 0;
    bad |= fputs("],\"tokens\":[", stdout) < 0;
    bad |= write_spans(stdout, t, 0) != 0;
    bad |= fputs("]}\n", stdout) < 0;
    bad |= fflush(stdout) != 0;
    fakt_tokens_free(t);
    if (bad) {
        fprintf(stderr, "fakt tokenize: write error\n");
        return FAKT_EXIT_IO;
    }
    return FAKT_EXIT_OK;
}

/*
 * cmd_batch.c — `fakt batch [IN] [-o OUT] [-j N]`: JSON Lines in, JSON Lines
 * out, one extraction per input line, in input order.
 *
 * Each input line is an object with "text" (required string) and "id"
 * (optional, any JSON value, echoed back).  A line that cannot be processed
 * (malformed JSON, no "text", invalid text) yields {"id":…,"line":N,"error":…}
 * and the run goes on; the exit status is then FAKT_EXIT_PARTIAL.  Lines are
 * read in chunks; a chunk is analysed by N threads sharing the dictionary
 * and model, then written in order, so memory stays bounded by the chunk.
 * One line's work is in batchline.c.
 */
#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "core/core.h"

static const char usage[] =
    "usage: fakt batch [IN] [-o OUT] [-j N] [--gazetteer TSV] [--professions] [--tokens]\n"
    "Reads JSON Lines ({\"id\":…,\"text\":\"…\"} per line) from IN (stdin when absent\n"
    "or \"-\") and writes one extraction object per line, with its \"id\", in input\n"
    "order, to OUT (stdout by default).  A bad line gives {\"id\":…,\"line\":N,\"error\":\"…\"}\n"
    "and the run goes on; the exit status is then 4.  -j N: N threads (default 1).\n";

#define CHUNK_LINES 2048
#define CHUNK_BYTES ((size_t)64 << 20)

typedef struct job {
    char *line;   /* input line (owned) */
    size_t len;
    size_t lineno;
    char *out;    /* output line without newline (owned) */
    size_t olen;
    int failed;
} job;

typedef struct pool {
    job *jobs;
    size_t n;
    atomic_size_t next;
    const fakt_dict *d;
    const fakt_model *m;
    const fakt_gazetteer *g;
    unsigned flags;
} pool;

static void run_job(pool *p, job *j)
{
    j->out = fakt_cli_batch_line(p->d, p->m, p->g, p->flags, j->line, j->len, j->lineno, &j->olen,
                                 &j->failed);
}

static void *worker(void *arg)
{
    pool *p = arg;
    for (;;) {
        size_t i = atomic_fetch_add(&p->next, 1);
        if (i >= p->n)
            return NULL;
        run_job(p, &p->jobs[i]);
    }
}

int fakt_cli_batch(int argc, char **argv)
{
    const char *in = NULL, *outp = NULL, *gazp = NULL;
    long nthreads = 1;
    unsigned flags = 0;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        if (!strcmp(a, "--help") || !strcmp(a, "-h")) {
            fputs(usage, stdout);
            return FAKT_EXIT_OK;
        } else if (!strcmp(a, "-o") && i + 1 < argc) {
            outp = argv[++i];
        } else if (!strcmp(a, "-j") && i + 1 < argc) {
            char *end;
            nthreads = strtol(argv[++i], &end, 10);
            if (*end || nthreads < 1 || nthreads > 256) {
                fprintf(stderr, "fakt batch: -j wants a number from 1 to 256\n");
                return FAKT_EXIT_USAGE;
            }
        } else if (!strcmp(a, "--gazetteer") && i + 1 < argc) {
            gazp = argv[++i];
        } else if (!strcmp(a, "--professions")) {
            flags |= FAKT_JSON_PROFESSIONS;
        } else if (!strcmp(a, "--tokens")) {
            flags |= FAKT_JSON_TOKENS;
        } else if (a[0] == '-' && a[1]) {
            fprintf(stderr, "fakt batch: unknown option '%s'\n%s", a, usage);
            return FAKT_EXIT_USAGE;
        } else if (!in) {
            in = a;
        } else {
            fprintf(stderr, "fakt batch: one IN at most\n%s", usage);
            return FAKT_EXIT_USAGE;
        }
    }
    FILE *fi = stdin, *fo = stdout;
    if (in && strcmp(in, "-") && !(fi = fopen(in, "rb"))) {
        perror(in);
        return FAKT_EXIT_IO;
    }
    fakt_cli_res r;
    int rc = fakt_cli_open_res(&r, gazp, FAKT_OPEN_HUGE_PAGES); /* a long run */
    if (rc) {
        if (fi != stdin)
            fclose(fi);
        return rc;
    }
    if (outp && strcmp(outp, "-") && !(fo = fopen(outp, "wb"))) {
        perror(outp);
        fakt_cli_close_res(&r);
        if (fi != stdin)
            fclose(fi);
        return FAKT_EXIT_IO;
    }
    pool p = {.d = r.d, .m = r.m, .g = r.g, .flags = flags};
    p.jobs = calloc(CHUNK_LINES, sizeof *p.jobs);
    pthread_t *th = calloc((size_t)nthreads, sizeof *th);
    size_t lineno = 0, failed = 0;
    int eof = 0;
    rc = FAKT_EXIT_OK;
    if (!p.jobs || !th) {
        fprintf(stderr, "fakt batch: out of memory\n");
        rc = FAKT_EXIT_IO;
        eof = 1;
    }
    while (!eof) {
        size_t bytes = 0;
        p.n = 0;
        while (p.n < CHUNK_LINES && bytes < CHUNK_BYTES) {
            char *line = NULL;
            size_t cap = 0;
            ssize_t got = getline(&line, &cap, fi);
            if (got < 0) {
                free(line);
                eof = 1;
                break;
            }
            lineno++;
            size_t len = (size_t)got;
            if (len && line[len - 1] == '\n')
                len--;
            if (len && line[len - 1] == '\r')
                len--;
            job *j = &p.jobs[p.n++];
            memset(j, 0, sizeof *j);
            j->line = line;
            j->len = len;
            j->lineno = lineno;
            bytes += len;
        }
        if (ferror(fi)) {
            fprintf(stderr, "fakt batch: read error after line %zu\n", lineno);
            rc = FAKT_EXIT_IO;
        }
        atomic_store(&p.next, 0);
        long started = 0;
        for (long t = 1; t < nthreads && (size_t)t < p.n; t++)
            if (pthread_create(&th[t], NULL, worker, &p) == 0)
                started = t;
            else
                break;
        worker(&p); /* this thread works too */
        for (long t = 1; t <= started; t++)
            pthread_join(th[t], NULL);
        for (size_t i = 0; i < p.n; i++) {
            job *j = &p.jobs[i];
            if (j->out) {
                fwrite(j->out, 1, j->olen, fo);
            } else {
                /* Only an allocation failure leaves no output: still report the line. */
                fprintf(fo, "{\"id\":null,\"line\":%zu,\"error\":\"out of memory\"}", j->lineno);
                j->failed = 1;
            }
            fputc('\n', fo);
            failed += (size_t)j->failed;
            free(j->line);
            free(j->out);
        }
    }
    if (fflush(fo) != 0 || ferror(fo)) {
        fprintf(stderr, "fakt batch: write error\n");
        rc = FAKT_EXIT_IO;
    }
    if (failed) {
        fprintf(stderr, "fakt batch: %zu of %zu lines failed\n", failed, lineno);
        if (!rc)
            rc = FAKT_EXIT_PARTIAL;
    }
    free(p.jobs);
    free(th);
    if (fi != stdin)
        fclose(fi);
    if (fo != stdout)
        fclose(fo);
    fakt_cli_close_res(&r);
    return rc;
}

/*
 * cmd_eval_tokens.c — `fakt eval tokens [--verbose] [DEVSET_DIR]`: how
 * fakt's segmentation agrees with the factRuEval-2016 dev set.
 *
 * Gold: book_N.tokens (`id start length text` a line, an empty line ends a
 * sentence; code-point offsets into book_N.txt).  Measures, summed over
 * all documents:
 *   token F1     a token counts when its start and end both match;
 *   sentence F1  over sentence boundaries: the start offset of every
 *                sentence except a document's first (which is free);
 *                printed with the exact-span sentence F1 (start and end
 *                of the sentence both match) beside it.
 * Mismatches are counted by convention (digit groups, dots, hyphens,
 * colon before a quote, quote + dash, line breaks, abbreviations...) so
 * tuning sees where fakt and the corpus part; --verbose lists each one.
 */
#include <dirent.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "core/core.h"

typedef struct {
    size_t s, e;
} pair;

typedef struct {
    pair *v;
    size_t n, cap;
} pairs;

static int add(pairs *p, size_t s, size_t e)
{
    if (p->n == p->cap) {
        size_t cap = p->cap ? p->cap * 2 : 1024;
        pair *v = realloc(p->v, cap * sizeof *v);
        if (!v)
            return -1;
        p->v = v;
        p->cap = cap;
    }
    p->v[p->n++] = (pair){s, e};
    return 0;
}

static int cmp_pair(const void *a, const void *b)
{
    const pair *x = a, *y = b;
    if (x->s != y->s)
        return x->s < y->s ? -1 : 1;
    return x->e < y->e ? -1 : x->e > y->e;
}

/* Code-point → byte offsets of a document, for printing spans. */
typedef struct {
    const char *text;
    size_t len, ncp;
    size_t *byte; /* ncp + 1 entries */
} doc_text;

static void show(FILE *f, const doc_text *d, size_t s, size_t e)
{
    if (s > d->ncp)
        s = d->ncp;
    if (e > d->ncp)
        e = d->ncp;
    for (size_t i = d->byte[s]; i < d->byte[e]; i++) {
        char c = d->text[i];
        fputc(c == '\n' ? '|' : c, f);
    }
}

enum { TC_GROUP, TC_DOT, TC_HYPHEN, TC_NUM, TC_QUOTE, TC_OTHER, TC_N };
static const char *const tc_name[TC_N] = {"digit-groups", "dots/domains", "hyphens",
                                          "numbers", "quotes/apostrophes", "other"};

static int token_cat(const doc_text *d, pair p)
{
    int dig = 0, dot = 0, hyph = 0, sp = 0, q = 0;
    for (size_t i = d->byte[p.s]; i < d->byte[p.e]; i++) {
        unsigned char c = (unsigned char)d->text[i];
        dig |= c >= '0' && c <= '9';
        dot |= c == '.';
        hyph |= c == '-';
        sp |= c == ' ' || (c == 0xC2 && (unsigned char)d->text[i + 1] == 0xA0);
        q |= c == '\'' || c == '"' || (c == 0xE2 && (unsigned char)d->text[i + 1] == 0x80);
    }
    return sp ? TC_GROUP : dot ? TC_DOT : hyph ? TC_HYPHEN : dig ? TC_NUM : q ? TC_QUOTE : TC_OTHER;
}

enum { SC_COLON, SC_QDASH, SC_NL, SC_ABBR, SC_OTHER, SC_N };
static const char *const sc_name[SC_N] = {"colon-before-quote", "quote-then-dash",
                                          "line-break", "after-abbrev/initial", "other"};

/* Category of a sentence boundary at code point b. */
static int sent_cat(const doc_text *d, size_t b)
{
    size_t i = d->byte[b], k = i;
    int nl = 0;
    while (k > 0 && (d->text[k - 1] == ' ' || d->text[k - 1] == '\n' || d->text[k - 1] == '\r')) {
        nl |= d->text[k - 1] == '\n';
        k--;
    }
    if (nl)
        return SC_NL;
    if (k > 0 && d->text[k - 1] == ':')
        return SC_COLON;
    if (!strncmp(d->text + i, "\xE2\x80\x94", 3) || !strncmp(d->text + i, "\xE2\x80\x93", 3) ||
        d->text[i] == '-')
        return SC_QDASH;
    if (k >= 2 && d->text[k - 1] == '.') {
        /* the word before the period: short means initial or abbreviation */
        size_t w = k - 1, l = 0;
        while (w > 0 && (unsigned char)d->text[w - 1] > ' ' && d->text[w - 1] != '.' && l < 12) {
            w--;
            l++;
        }
        if (l <= 6)
            return SC_ABBR;
    }
    return SC_OTHER;
}

typedef struct {
    size_t tok_gold, tok_pred, tok_tp;
    size_t sb_gold, sb_pred, sb_tp;
    size_t ss_gold, ss_pred, ss_tp;
    size_t tok_fn[TC_N], tok_fp[TC_N], s_fn[SC_N], s_fp[SC_N];
    size_t docs;
} totals;

static int read_gold(const char *path, pairs *toks, pairs *sents)
{
    char *buf;
    size_t len;
    fakt_error e;
    if (fakt_read_file(path, &buf, &len, &e) != FAKT_OK) {
        fprintf(stderr, "fakt eval tokens: %s\n", e.msg);
        return -1;
    }
    size_t s0 = SIZE_MAX, last = 0;
    char *p = buf, *end = buf + len;
    while (p < end) {
        char *nl = memchr(p, '\n', (size_t)(end - p));
        if (!nl)
            nl = end;
        if (nl == p || (nl == p + 1 && *p == '\r')) {
            if (s0 != SIZE_MAX && add(sents, s0, last))
                goto oom;
            s0 = SIZE_MAX;
        } else {
            unsigned long long id, st, ln;
            if (sscanf(p, "%llu %llu %llu", &id, &st, &ln) == 3) {
                if (add(toks, (size_t)st, (size_t)(st + ln)))
                    goto oom;
                if (s0 == SIZE_MAX)
                    s0 = (size_t)st;
                last = (size_t)(st + ln);
            }
        }
        p = nl + 1;
    }
    if (s0 != SIZE_MAX && add(sents, s0, last))
        goto oom;
    free(buf);
    return 0;
oom:
    free(buf);
    return -1;
}

/* Compares sorted sets a (gold) and b (pred) of pairs; with starts_only,
 * by start alone and skipping each side's first element. Calls back for
 * mismatches. */
static size_t match(const pair *a, size_t na, const pair *b, size_t nb, int starts_only,
                    void (*miss)(void *, pair, int gold), void *ctx)
{
    size_t i = 0, j = 0, tp = 0;
    if (starts_only) {
        i = na ? 1 : 0;
        j = nb ? 1 : 0;
    }
    while (i < na || j < nb) {
        int c;
        if (i >= na)
            c = 1;
        else if (j >= nb)
            c = -1;
        else if (starts_only)
            c = a[i].s < b[j].s ? -1 : a[i].s > b[j].s;
        else
            c = cmp_pair(&a[i], &b[j]);
        if (c == 0) {
            tp++;
            i++;
            j++;
        } else if (c < 0) {
            if (miss)
                miss(ctx, a[i], 1);
            i++;
        } else {
            if (miss)
                miss(ctx, b[j], 0);
            j++;
        }
    }
    return tp;
}

typedef struct {
    const doc_text *d;
    totals *t;
    const char *name;
    int verbose;
} miss_ctx;

static void tok_miss(void *c, pair p, int gold)
{
    miss_ctx *m = c;
    int k = token_cat(m->d, p);
    if (gold)
        m->t->tok_fn[k]++;
    else
        m->t->tok_fp[k]++;
    if (m->verbose) {
        printf("token %s %s [%zu,%zu) %s: ", gold ? "missed" : "extra", m->name, p.s, p.e,
               tc_name[k]);
        show(stdout, m->d, p.s, p.e);
        printf("   in: ");
        show(stdout, m->d, p.s >= 20 ? p.s - 20 : 0, p.e + 20);
        putchar('\n');
    }
}

static void sent_miss(void *c, pair p, int gold)
{
    miss_ctx *m = c;
    int k = sent_cat(m->d, p.s);
    if (gold)
        m->t->s_fn[k]++;
    else
        m->t->s_fp[k]++;
    if (m->verbose) {
        printf("sentence %s %s at %zu %s: ", gold ? "missed-split" : "extra-split", m->name, p.s,
               sc_name[k]);
        show(stdout, m->d, p.s >= 50 ? p.s - 50 : 0, p.s);
        printf(" <|> ");
        show(stdout, m->d, p.s, p.s + 30);
        putchar('\n');
    }
}

static int eval_doc(const char *dir, const char *name, totals *t, int verbose)
{
    char path[4096];
    int rc = -1;
    pairs gt = {0}, gs = {0}, pt = {0}, ps = {0};
    char *text = NULL;
    size_t len;
    fakt_tokens *tk = NULL;
    doc_text d = {0};
    fakt_error e;
    snprintf(path, sizeof path, "%s/%s", dir, name);
    if (read_gold(path, &gt, &gs))
        goto out;
    size_t nl = strlen(path);
    if (nl < 7)
        goto out;
    strcpy(path + nl - 7, ".txt");
    if (fakt_read_file(path, &text, &len, &e) != FAKT_OK) {
        fprintf(stderr, "fakt eval tokens: %s\n", e.msg);
        goto out;
    }
    if (fakt_tokenize(text, len, &tk, &e) != FAKT_OK) {
        fprintf(stderr, "fakt eval tokens: %s: %s\n", path, e.msg);
        goto out;
    }
    d.text = text;
    d.len = len;
    d.ncp = fakt_utf8_count(text, len);
    d.byte = malloc((d.ncp + 1) * sizeof *d.byte);
    if (!d.byte)
        goto out;
    for (size_t i = 0, c = 0; i <= len; i++)
        if (i == len || ((unsigned char)text[i] & 0xC0) != 0x80)
            d.byte[c++] = i;
    for (size_t i = 0; i < fakt_tokens_count(tk); i++) {
        const fakt_span *s = fakt_tokens_token(tk, i);
        if (add(&pt, s->start, s->end))
            goto out;
    }
    for (size_t i = 0; i < fakt_tokens_sentence_count(tk); i++) {
        const fakt_span *s = fakt_tokens_sentence(tk, i);
        if (add(&ps, s->start, s->end))
            goto out;
    }
    /* gold offsets past the text would break show(): clamp by skipping */
    qsort(gt.v, gt.n, sizeof *gt.v, cmp_pair);
    qsort(gs.v, gs.n, sizeof *gs.v, cmp_pair);
    miss_ctx m = {&d, t, name, verbose};
    t->tok_gold += gt.n;
    t->tok_pred += pt.n;
    t->tok_tp += match(gt.v, gt.n, pt.v, pt.n, 0, tok_miss, &m);
    t->sb_gold += gs.n ? gs.n - 1 : 0;
    t->sb_pred += ps.n ? ps.n - 1 : 0;
    t->sb_tp += match(gs.v, gs.n, ps.v, ps.n, 1, sent_miss, &m);
    t->ss_gold += gs.n;
    t->ss_pred += ps.n;
    t->ss_tp += match(gs.v, gs.n, ps.v, ps.n, 0, NULL, NULL);
    t->docs++;
    rc = 0;
out:
    free(gt.v);
    free(gs.v);
    free(pt.v);
    free(ps.v);
    free(d.byte);
    free(text);
    fakt_tokens_free(tk);
    return rc;
}

static void prf(const char *what, size_t gold, size_t pred, size_t tp)
{
    double p = pred ? (double)tp / (double)pred : 0, r = gold ? (double)tp / (double)gold : 0;
    double f = p + r > 0 ? 2 * p * r / (p + r) : 0;
    printf("%s: gold=%zu pred=%zu match=%zu precision=%.4f recall=%.4f f1=%.4f\n", what, gold,
           pred, tp, p, r, f);
}

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

int fakt_cli_eval_tokens(int argc, char **argv)
{
    static const char usage[] =
        "usage: fakt eval tokens [--verbose] [DEVSET_DIR]\n"
        "Token-boundary F1 (start and end match) and sentence-boundary F1 (sentence\n"
        "starts, a document's first excluded; exact sentence spans beside it) of\n"
        "fakt tokenize against factRuEval-2016 book_*.tokens, with mismatch counts\n"
        "per convention; --verbose lists every mismatch.\n"
        "DEVSET_DIR defaults to ../shared/corpora/factrueval-2016/devset\n";
    const char *dir = "../shared/corpora/factrueval-2016/devset";
    int verbose = 0;
    for (int i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "--help") || !strcmp(argv[i], "-h")) {
            fputs(usage, stdout);
            return FAKT_EXIT_OK;
        } else if (!strcmp(argv[i], "--verbose") || !strcmp(argv[i], "-v")) {
            verbose = 1;
        } else if (argv[i][0] == '-') {
            fprintf(stderr, "fakt eval tokens: unknown option '%s'\n%s", argv[i], usage);
            return FAKT_EXIT_USAGE;
        } else {
            dir = argv[i];
        }
    }
    DIR *dp = opendir(dir);
    if (!dp) {
        fprintf(stderr, "fakt eval tokens: cannot open %s\n", dir);
        return FAKT_EXIT_IO;
    }
    char **names = NULL;
    size_t nn = 0, cap = 0;
    struct dirent *de;
    while ((de = readdir(dp))) {
        size_t l = strlen(de->d_name);
        if (l > 12 && !strncmp(de->d_name, "book_", 5) && !strcmp(de->d_name + l - 7, ".tokens")) {
            if (nn == cap) {
                cap = cap ? cap * 2 : 256;
                char **v = realloc(names, cap * sizeof *v);
                if (!v)
                    break;
                names = v;
            }
            names[nn] = strdup(de->d_name);
            if (names[nn])
                nn++;
        }
    }
    closedir(dp);
    qsort(names, nn, sizeof *names, cmp_str);
    totals t;
    memset(&t, 0, sizeof t);
    int rc = FAKT_EXIT_OK;
    for (size_t i = 0; i < nn; i++) {
        if (eval_doc(dir, names[i], &t, verbose))
            rc = FAKT_EXIT_IO;
        free(names[i]);
    }
    free(names);
    if (!t.docs) {
        fprintf(stderr, "fakt eval tokens: no book_*.tokens in %s\n", dir);
        return FAKT_EXIT_IO;
    }
    printf("documents: %zu\n", t.docs);
    prf("tokens", t.tok_gold, t.tok_pred, t.tok_tp);
    prf("sentence boundaries", t.sb_gold, t.sb_pred, t.sb_tp);
    prf("sentence spans", t.ss_gold, t.ss_pred, t.ss_tp);
    printf("token mismatches (gold missed / extra predicted):\n");
    for (int k = 0; k < TC_N; k++)
        printf("  %-20s %zu / %zu\n", tc_name[k], t.tok_fn[k], t.tok_fp[k]);
    printf("sentence boundary mismatches (split missed / extra split):\n");
    for (int k = 0; k < SC_N; k++)
        printf("  %-20s %zu / %zu\n", sc_name[k], t.s_fn[k], t.s_fp[k]);
    return rc;
}

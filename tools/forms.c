/* forms — the most frequent token forms of unlabeled news, exactly as fakt's
 * segmenter cuts them (models/forms.tsv).
 *
 * The NER model precomputes, for each of these forms, everything its
 * features say of the token alone (src/ner/words.c): a news stream's
 * tokens are mostly a few ten thousand forms, and the tagger then reads
 * one table entry for them instead of parsing, hashing affixes and summing
 * thirty weight rows.  Which forms pay is a question of frequency, hence
 * this list.
 *
 * Reads UTF-8 text on stdin (one article per line; invalid lines are
 * skipped), writes `form<TAB>count` lines, most frequent first (ties in
 * byte order), at most -n forms (default 200000) of count >= -m (default 3).
 * Case is kept: «Москва» and «москва» are two forms.  Deterministic.  Only
 * the forms and their counts enter the project, none of the text.
 */
#ifndef _POSIX_C_SOURCE
#define _POSIX_C_SOURCE 200809L
#endif
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/core.h"
#include "morph/mdict.h"
#include "text/segment.h"

typedef struct ent {
    char *w;
    uint32_t len, count;
    uint64_t h;
} ent;

static ent *tab;
static size_t tcap, tn;

static void die(const char *m)
{
    fprintf(stderr, "forms: %s\n", m);
    exit(1);
}

static void grow(void)
{
    size_t nc = tcap ? 2 * tcap : (1u << 20);
    ent *nt = calloc(nc, sizeof *nt);
    if (!nt)
        die("out of memory");
    for (size_t i = 0; i < tcap; i++) {
        if (!tab[i].h)
            continue;
        size_t j = tab[i].h & (nc - 1);
        while (nt[j].h)
            j = (j + 1) & (nc - 1);
        nt[j] = tab[i];
    }
    free(tab);
    tab = nt;
    tcap = nc;
}

static void add(const char *w, size_t n)
{
    if (n == 0 || n > 200)
        return;
    for (size_t i = 0; i < n; i++) /* the TSV cannot hold these */
        if ((unsigned char)w[i] < 0x20)
            return;
    if (2 * (tn + 1) > tcap)
        grow();
    uint64_t h = fakt_md_hash64(w, n, 0) | 1; /* 0 marks an empty slot */
    size_t j = h & (tcap - 1);
    while (tab[j].h && !(tab[j].h == h && tab[j].len == n && memcmp(tab[j].w, w, n) == 0))
        j = (j + 1) & (tcap - 1);
    if (!tab[j].h) {
        tab[j].w = malloc(n);
        if (!tab[j].w)
            die("out of memory");
        memcpy(tab[j].w, w, n);
        tab[j].len = (uint32_t)n, tab[j].h = h;
        tn++;
    }
    if (tab[j].count < UINT32_MAX)
        tab[j].count++;
}

static int by_count(const void *a, const void *b)
{
    const ent *x = a, *y = b;
    if (x->count != y->count)
        return x->count > y->count ? -1 : 1;
    size_t n = x->len < y->len ? x->len : y->len;
    int c = memcmp(x->w, y->w, n);
    return c ? c : (x->len > y->len) - (x->len < y->len);
}

int main(int argc, char **argv)
{
    long maxn = 200000, minc = 3;
    const char *out = NULL;
    int opt;
    while ((opt = getopt(argc, argv, "n:m:o:")) != -1) {
        if (opt == 'n')
            maxn = atol(optarg);
        else if (opt == 'm')
            minc = atol(optarg);
        else if (opt == 'o')
            out = optarg;
        else
            die("usage: forms [-n max forms] [-m min count] [-o out.tsv] < text");
    }
    char *line = NULL;
    size_t lcap = 0;
    ssize_t ln;
    fakt_arena a;
    fakt_arena_init(&a);
    while ((ln = getline(&line, &lcap, stdin)) > 0) {
        size_t n = (size_t)ln;
        if (fakt_utf8_check(line, n, NULL) != FAKT_OK)
            continue;
        fakt_seg seg;
        if (fakt_segment(line, n, &a, &seg, NULL) == FAKT_OK)
            for (uint32_t i = 0; i < seg.ntok; i++)
                add(line + seg.toks[i].b0, seg.toks[i].b1 - seg.toks[i].b0);
        fakt_arena_reset(&a);
    }
    free(line);
    fakt_arena_free(&a);
    size_t k = 0;
    for (size_t i = 0; i < tcap; i++)
        if (tab[i].h && tab[i].count >= (uint32_t)minc)
            tab[k++] = tab[i];
    qsort(tab, k, sizeof *tab, by_count);
    if ((long)k > maxn)
        k = (size_t)maxn;
    FILE *f = out ? fopen(out, "w") : stdout;
    if (!f)
        die("cannot write the output");
    for (size_t i = 0; i < k; i++)
        fprintf(f, "%.*s\t%u\n", (int)tab[i].len, tab[i].w, tab[i].count);
    if ((out && fclose(f) != 0) || (!out && fflush(f) != 0))
        die("write error");
    fprintf(stderr, "forms: %zu distinct forms, %zu written\n", tn, k);
    return 0;
}

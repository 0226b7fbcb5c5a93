/*
 * fakt-dictc — compiles the hot table of the morphology dictionary
 * (src/morph/hot.c): the finished parse lists of the words of a word list,
 * written next to the dictionary as fakt-hot.fkd.
 *
 *   fakt-dictc DICTDIR WORDLIST [OUT]
 *
 * WORDLIST has one word a line (the first tab-separated column is read;
 * lines starting with '#' are skipped): `make hotdict` gives the words of
 * models/clusters.tsv and models/forms.tsv, both committed, so the table is
 * reproducible offline.  Added to it: the spellings with ё
 * the dictionary reads into its words (the list writes е: еще -> ещё) and
 * the numbers 0..2100 (counts, dates and years of news text) and the
 * capital letters (sentence-initial В, С, А... read also as initials).  OUT
 * defaults to DICTDIR/fakt-hot.fkd.
 * `make hotdict` runs it; tools/setup.sh too.  Exit 0 on success, 1 on a
 * usage error, 2 when a file cannot be read or written.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/core.h"
#include "morph/morph.h"

int main(int argc, char **argv)
{
    if (argc < 3 || argc > 4 || !strcmp(argv[1], "-h") || !strcmp(argv[1], "--help")) {
        FILE *o = argc >= 2 && (!strcmp(argv[1], "-h") || !strcmp(argv[1], "--help")) ? stdout : stderr;
        fprintf(o, "usage: fakt-dictc DICTDIR WORDLIST [OUT]\n"
                   "  writes the hot table (frequent words' parse lists) of the dictionary in\n"
                   "  DICTDIR for the words of WORDLIST (first column) to OUT\n"
                   "  (default DICTDIR/" FAKT_HOT_FILE ")\n");
        return o == stdout ? 0 : 1;
    }
    char out[4096];
    if (argc == 4)
        snprintf(out, sizeof out, "%s", argv[3]);
    else
        snprintf(out, sizeof out, "%s/%s", argv[1], FAKT_HOT_FILE);
    fakt_error e;
    fakt_dict *d;
    if (fakt_dict_open_nohot(argv[1], &d, &e) != FAKT_OK) {
        fprintf(stderr, "fakt-dictc: %s\n", e.msg);
        return 2;
    }
    char *text;
    size_t len;
    if (fakt_read_file(argv[2], &text, &len, &e) != FAKT_OK) {
        fprintf(stderr, "fakt-dictc: %s\n", e.msg);
        fakt_dict_free(d);
        return 2;
    }
    size_t n = 0, cap = 1024;
    const char **words = malloc(cap * sizeof *words);
    for (char *p = text; words && p < text + len;) {
        char *nl = memchr(p, '\n', (size_t)(text + len - p));
        if (!nl)
            nl = text + len;
        *nl = 0;
        char *tab = strchr(p, '\t');
        if (tab)
            *tab = 0;
        if (*p && *p != '#') {
            if (n == cap) {
                const char **w = realloc(words, (cap *= 2) * sizeof *words);
                if (!w) {
                    free(words);
                    words = NULL;
                    break;
                }
                words = w;
            }
            words[n++] = p;
        }
        p = nl + 1;
    }
    /* the ё spellings of the list's words, then the numbers; the strings
     * live in extra (freed at the end) */
    size_t nlist = n;
    fakt_buf extra;
    fakt_buf_init(&extra);
    size_t *xoff = NULL, nx = 0, xcap = 0;
    static const char caps[] = "АБВГДЕЁЖЗИЙКЛМНОПРСТУФХЦЧШЩЪЫЬЭЮЯ";
    for (size_t i = 0; words && i < nlist + 2101 + 33; i++) {
        char num[16], form[512];
        const char *w = words[i < nlist ? i : 0];
        if (i >= nlist + 2101) {
            memcpy(num, caps + 2 * (i - nlist - 2101), 2);
            num[2] = 0;
            w = num;
        } else if (i >= nlist) {
            snprintf(num, sizeof num, "%zu", i - nlist);
            w = num;
        }
        fakt_mparse mp[FAKT_MORPH_MAX_PARSES];
        size_t np = i < nlist ? fakt_morph_parse(d, w, strlen(w), mp, FAKT_MORPH_MAX_PARSES) : 0;
        for (size_t k = 0; k <= np; k++) {
            if (k < np) {
                if (!mp[k].yo)
                    continue;
                fakt_morph_form(d, w, strlen(w), &mp[k], form, sizeof form);
            } else if (i >= nlist) {
                snprintf(form, sizeof form, "%s", w);
            } else {
                break;
            }
            if (nx == xcap) {
                size_t *o = realloc(xoff, (xcap = xcap ? 2 * xcap : 1024) * sizeof *xoff);
                if (!o)
                    break;
                xoff = o;
            }
            xoff[nx++] = extra.len;
            fakt_buf_add(&extra, form, strlen(form) + 1);
        }
    }
    if (words && n + nx > cap) {
        const char **w = realloc(words, (n + nx) * sizeof *words);
        if (!w)
            free(words);
        words = w;
    }
    for (size_t i = 0; words && !extra.failed && i < nx; i++)
        words[n++] = extra.data + xoff[i];
    if (extra.failed) {
        free(words);
        words = NULL;
    }
    size_t kept = 0;
    int rc = words ? fakt_morph_hot_write(d, words, n, out, &kept, &e) : fakt_err(&e, FAKT_ENOMEM, "out of memory");
    free(words);
    free(xoff);
    fakt_buf_free(&extra);
    free(text);
    fakt_dict_free(d);
    if (rc != FAKT_OK) {
        fprintf(stderr, "fakt-dictc: %s\n", e.msg);
        return 2;
    }
    fprintf(stderr, "fakt-dictc: %zu of %zu words in %s\n", kept, n, out);
    return 0;
}

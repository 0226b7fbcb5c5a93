/* wordstats — capitalization and context statistics of word forms from
 * unlabeled news, for the NER tagger (models/wordstats.tsv).
 *
 * Reads UTF-8 text on stdin (one article per line), writes a TSV sorted by
 * word (byte order):
 *     word<TAB>mid<TAB>cap<TAB>orgq<TAB>city<TAB>upper
 * Words are lowercased runs of Cyrillic (U+0400..U+045F) or Latin letters
 * with inner hyphens; ё is folded to е (as models/clusters.tsv).
 *   mid   occurrences inside a sentence where case is informative: not the
 *         first word of a line or after . ! ? … : ; not right after an
 *         opening quote, bracket or dash
 *   cap   of those, how many start with a capital letter (the classic
 *         proper-noun signal: «Белом доме» vs «белом»)
 *   orgq  occurrences inside «…» / "…" opened right after an organization
 *         head word («компания «Вымпелком»», «партии «Единая Россия»»)
 *   city  capitalized occurrences right after «г.», «город(а/е/у/ом)»,
 *         «село», «селе», «поселке», «деревне»
 *   upper of mid, how many are in capitals (two letters or more) after a
 *         word that is not: an abbreviation («МВД») rather than a word of
 *         a headline in capitals; the truecaser's evidence
 * Only words with mid + orgq + city >= the min count (-m, default 5) are
 * written.  Deterministic; one pass; memory grows with the vocabulary.
 * Only these counts enter the project, none of the text.
 */
#ifndef _POSIX_C_SOURCE
#define _POSIX_C_SOURCE 200809L
#endif
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct ent {
    char *w;
    uint32_t mid, cap, orgq, city, upper;
} ent;

static ent *tab;
static size_t tcap, tn;

static void die(const char *m)
{
    fprintf(stderr, "wordstats: %s\n", m);
    exit(1);
}

static uint64_t hash_bytes(const char *s, size_t n)
{
    uint64_t h = 0xcbf29ce484222325ull;
    for (size_t i = 0; i < n; i++)
        h = (h ^ (unsigned char)s[i]) * 0x100000001b3ull;
    return h ^ (h >> 29);
}

static void grow(void)
{
    size_t nc = tcap ? tcap * 2 : (1u << 16);
    ent *nt = calloc(nc, sizeof *nt);
    if (!nt)
        die("out of memory");
    for (size_t i = 0; i < tcap; i++)
        if (tab[i].w) {
            size_t j = hash_bytes(tab[i].w, strlen(tab[i].w)) & (nc - 1);
            while (nt[j].w)
                j = (j + 1) & (nc - 1);
            nt[j] = tab[i];
        }
    free(tab);
    tab = nt;
    tcap = nc;
}

static ent *get(const char *w, size_t n)
{
    if (2 * (tn + 1) > tcap)
        grow();
    size_t j = hash_bytes(w, n) & (tcap - 1);
    while (tab[j].w && (strlen(tab[j].w) != n || memcmp(tab[j].w, w, n)))
        j = (j + 1) & (tcap - 1);
    if (!tab[j].w) {
        tab[j].w = malloc(n + 1);
        if (!tab[j].w)
            die("out of memory");
        memcpy(tab[j].w, w, n);
        tab[j].w[n] = 0;
        tn++;
    }
    return &tab[j];
}

static uint32_t dec(const unsigned char *s, size_t n, size_t *i)
{
    unsigned c = s[*i];
    if (c < 0x80) {
        (*i)++;
        return c;
    }
    int k = c >= 0xF0 ? 3 : c >= 0xE0 ? 2 : c >= 0xC0 ? 1 : 0;
    uint32_t cp = c & (0x3F >> k);
    if (!k) {
        (*i)++;
        return 0xFFFD;
    }
    for (int j = 1; j <= k; j++) {
        if (*i + (size_t)j >= n || (s[*i + j] & 0xC0) != 0x80) {
            (*i)++;
            return 0xFFFD;
        }
        cp = cp << 6 | (s[*i + j] & 0x3F);
    }
    *i += (size_t)k + 1;
    return cp;
}

static size_t enc(uint32_t c, char *o)
{
    if (c < 0x80)
        return o[0] = (char)c, 1;
    if (c < 0x800)
        return o[0] = (char)(0xC0 | c >> 6), o[1] = (char)(0x80 | (c & 0x3F)), 2;
    o[0] = (char)(0xE0 | c >> 12), o[1] = (char)(0x80 | ((c >> 6) & 0x3F)), o[2] = (char)(0x80 | (c & 0x3F));
    return 3;
}

static int is_letter(uint32_t c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= 0x400 && c <= 0x45F);
}
static int is_up(uint32_t c) { return (c >= 'A' && c <= 'Z') || (c >= 0x400 && c <= 0x42F); }
static uint32_t low(uint32_t c)
{
    if (c >= 'A' && c <= 'Z')
        return c + 32;
    if (c >= 0x410 && c <= 0x42F)
        return c + 0x20;
    if (c == 0x401 || c == 0x451)
        return 0x435;
    if (c >= 0x400 && c <= 0x40F)
        return c + 0x50;
    return c;
}

static int prefix(const char *w, const char *p) { return !strncmp(w, p, strlen(p)); }

static int org_head(const char *w)
{
    static const char *const heads[] = {
        "компани", "банк", "парти", "агентств", "холдинг", "газет", "телеканал", "концерн",
        "корпораци", "фонд", "движени", "организаци", "завод", "клуб", "издани", "радиостанци",
        "групп", "объединени", "обществ", "ассоциаци", "союз", "телекомпани", "авиакомпани",
        "предприяти", "фирм", "комбинат", "ооо", "оао", "зао", "пао", "ао", "нко", "журнал",
        "радио", "издательств", "студи", "театр", "университет", "команд", "оператор",
        "ретейлер", "производител", "разработчик", "блок", "фракци", "альянс", NULL};
    for (int i = 0; heads[i]; i++)
        if (prefix(w, heads[i]) && strlen(w) <= strlen(heads[i]) + 4)
            return 1;
    return 0;
}

static int city_head(const char *w)
{
    static const char *const heads[] = {"г", "город", "города", "городе", "городу", "городом",
                                        "село", "селе", "села", "поселке", "поселка", "поселок",
                                        "деревне", "деревня", NULL};
    for (int i = 0; heads[i]; i++)
        if (!strcmp(w, heads[i]))
            return 1;
    return 0;
}

enum { PREV_NONE, PREV_WORD, PREV_PUNCT };

static void line_stats(const unsigned char *s, size_t n)
{
    size_t i = 0;
    int start = 1;      /* the next word opens a sentence */
    int after_open = 0; /* the previous token opened a quote/bracket/dash */
    int inq = 0, orgq = 0;
    char prevw[128] = "", prev2[128] = "";
    int prev_kind = PREV_NONE, prev_dot = 0, prev_allup = 0;
    while (i < n) {
        size_t k = i;
        uint32_t c = dec(s, n, &i);
        if (is_letter(c)) {
            char w[256];
            size_t wn = 0;
            int cap = is_up(c), ok = 1, allup = 1, nlet = 0;
            size_t j = k;
            while (j < n) {
                size_t jj = j;
                uint32_t d = dec(s, n, &jj);
                if (is_letter(d)) {
                    allup &= is_up(d);
                    nlet++;
                    if (wn + 4 < sizeof w)
                        wn += enc(low(d), w + wn);
                    else
                        ok = 0;
                    j = jj;
                    continue;
                }
                if (d == '-' && jj < n) {
                    size_t j3 = jj;
                    uint32_t e = dec(s, n, &j3);
                    if (is_letter(e)) {
                        if (wn + 1 < sizeof w)
                            w[wn++] = '-';
                        j = jj;
                        continue;
                    }
                }
                if (d >= 0xC0 && d <= 0x24F)
                    ok = 0; /* other letters: not a word we know */
                break;
            }
            i = j;
            w[wn] = 0;
            if (ok && wn) {
                ent *e = get(w, wn);
                if (!start && !after_open) {
                    e->mid++;
                    e->cap += (uint32_t)cap;
                    e->upper += (uint32_t)(allup && nlet >= 2 && !prev_allup);
                }
                if (inq && orgq)
                    e->orgq++;
                if (cap && prev_kind == PREV_WORD && city_head(prevw) &&
                    (strcmp(prevw, "г") || prev_dot))
                    e->city++;
            }
            snprintf(prev2, sizeof prev2, "%s", prevw);
            snprintf(prevw, sizeof prevw, "%s", wn < sizeof prevw ? w : "");
            prev_kind = PREV_WORD;
            prev_allup = allup && nlet >= 2;
            prev_dot = 0;
            start = after_open = 0;
            continue;
        }
        if (c == ' ' || c == '\t' || c == 0xA0 || c == '\r')
            continue;
        /* punctuation / digits */
        int was_word = prev_kind == PREV_WORD;
        if (c == '.' && was_word && !strcmp(prevw, "г")) {
            prev_dot = 1; /* «г.» keeps the word context for the next word */
            continue;
        }
        if (c == '.' || c == '!' || c == '?' || c == 0x2026 || c == ':' || c == ';')
            start = 1;
        after_open = 0;
        if (c == 0xAB || c == 0x201E || c == '(' || c == 0x2014 || c == 0x2013 || c == '-')
            after_open = 1;
        if (c == 0xAB || c == 0x201E || (c == '"' && !inq) || (c == 0x201C && !inq)) {
            if (!inq) {
                inq = 1;
                orgq = was_word && org_head(prevw);
            }
            after_open = 1;
        } else if (c == 0xBB || c == 0x201C || c == 0x201D || c == '"') {
            inq = orgq = 0;
        }
        prev_kind = PREV_PUNCT;
        prev_dot = 0;
        (void)prev2;
    }
}

static int cmp_ent(const void *a, const void *b)
{
    return strcmp(((const ent *)a)->w, ((const ent *)b)->w);
}

int main(int argc, char **argv)
{
    unsigned minc = 5;
    const char *out = NULL;
    for (int a = 1; a < argc; a++) {
        if (!strcmp(argv[a], "-m") && a + 1 < argc)
            minc = (unsigned)atoi(argv[++a]);
        else if (!strcmp(argv[a], "-o") && a + 1 < argc)
            out = argv[++a];
        else {
            fprintf(stderr, "usage: wordstats [-m MINCOUNT] [-o FILE] < text\n");
            return 2;
        }
    }
    char *line = NULL;
    size_t cap = 0;
    ssize_t len;
    unsigned long lines = 0;
    while ((len = getline(&line, &cap, stdin)) > 0) {
        line_stats((const unsigned char *)line, (size_t)len);
        lines++;
    }
    free(line);
    size_t k = 0;
    for (size_t i = 0; i < tcap; i++)
        if (tab[i].w && tab[i].mid + tab[i].orgq + tab[i].city >= minc)
            tab[k++] = tab[i];
        else if (tab[i].w)
            free(tab[i].w);
    qsort(tab, k, sizeof *tab, cmp_ent);
    FILE *f = out ? fopen(out, "w") : stdout;
    if (!f)
        die("cannot open output");
    for (size_t i = 0; i < k; i++)
        fprintf(f, "%s\t%u\t%u\t%u\t%u\t%u\n", tab[i].w, tab[i].mid, tab[i].cap, tab[i].orgq, tab[i].city,
                tab[i].upper);
    if (out && fclose(f))
        die("write error");
    fprintf(stderr, "wordstats: %lu lines, %zu words written (of %zu)\n", lines, k, tn);
    return 0;
}

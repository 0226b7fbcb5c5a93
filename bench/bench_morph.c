/*
 * bench_morph.c — morphology speed on one core: dictionary load time,
 * fakt_morph_parse words per second over running news text (first pass
 * over a fresh dictionary = cold, then repeated passes = warm), peak RSS,
 * and the same word list through Az.js (node bench/az_bench.js) in the same
 * run, for the ratio.
 *
 * Input: every word token of the factRuEval-2016 dev texts in text order
 * ($FAKT_SHARED or ../shared), split here on anything that is not a letter
 * or digit (inner hyphens kept), or a word list file (one a line) given as
 * argument; our own text when neither is there.
 *
 *   bench_morph [--words FILE] [--dump-words FILE] [--dump-parses FILE] [--passes N] [--no-az]
 *
 * --passes N runs exactly N warm passes (for instruction counts under
 * valgrind --tool=callgrind) instead of passes for two seconds.
 * --dump-parses writes every field of every parse of every word (one word a
 * line), so two builds can be compared byte for byte: output unchanged.
 *
 * Prints key=value lines: morph.load_ms, morph.words, morph.words_per_s_cold,
 * morph.words_per_s_warm, morph.rss_mb, az.words_per_s_warm, morph.az_ratio.
 */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>
#include <unistd.h>

#include "core/core.h"
#include "morph/morph.h"

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

static const char own_text[] =
    "Президент России Владимир Путин провёл в Кремле встречу с президентом Узбекистана "
    "Шавкатом Мирзиёевым. Стороны обсудили торгово-экономическое сотрудничество, "
    "энергетику и вопросы региональной безопасности. По словам пресс-секретаря Кремля, "
    "переговоры прошли в конструктивной атмосфере. Ранее министр иностранных дел "
    "заявил, что товарооборот между странами вырос на 20 процентов и достиг пяти "
    "миллиардов долларов. Эксперты считают, что в ближайшие годы эта тенденция "
    "сохранится, а интернет-магазины и малый бизнес получат новые возможности.";

typedef struct wl {
    char **w;
    size_t n, cap;
} wl;

static void wl_add(wl *l, const char *s, size_t n)
{
    if (l->n == l->cap) {
        l->cap = l->cap ? l->cap * 2 : 4096;
        l->w = realloc(l->w, l->cap * sizeof *l->w);
        if (!l->w)
            exit(1);
    }
    char *c = malloc(n + 1);
    if (!c)
        exit(1);
    memcpy(c, s, n);
    c[n] = 0;
    l->w[l->n++] = c;
}

static int is_wordch(uint32_t c)
{
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
           (c >= 0xC0 && c <= 0x24F && c != 0xD7 && c != 0xF7) || (c >= 0x400 && c <= 0x4FF);
}

/* Word tokens: letters/digits, with single inner hyphens. */
static void split(wl *l, const char *t, size_t n)
{
    size_t i = 0;
    while (i < n) {
        size_t s = i, k = i;
        uint32_t c = fakt_utf8_next(t, n, &k);
        if (!is_wordch(c)) {
            i = k;
            continue;
        }
        size_t e = k;
        i = k;
        while (i < n) {
            k = i;
            c = fakt_utf8_next(t, n, &k);
            if (is_wordch(c)) {
                e = i = k;
                continue;
            }
            if (c == '-' && k < n) {
                size_t k2 = k;
                if (is_wordch(fakt_utf8_next(t, n, &k2))) {
                    i = k;
                    continue;
                }
            }
            break;
        }
        wl_add(l, t + s, e - s);
        i = e;
    }
}

static int load_devset(wl *l)
{
    const char *sh = getenv("FAKT_SHARED") ? getenv("FAKT_SHARED") : "../shared";
    char dir[1024];
    snprintf(dir, sizeof dir, "%s/corpora/factrueval-2016/devset", sh);
    struct dirent **names;
    int nn = scandir(dir, &names, NULL, alphasort);
    if (nn < 0)
        return 0;
    int files = 0;
    for (int i = 0; i < nn; i++) {
        size_t len = strlen(names[i]->d_name);
        if (len > 4 && !strcmp(names[i]->d_name + len - 4, ".txt")) {
            char path[2048];
            snprintf(path, sizeof path, "%s/%s", dir, names[i]->d_name);
            char *t;
            size_t tl;
            if (fakt_read_file(path, &t, &tl, NULL) == FAKT_OK) {
                if (fakt_utf8_check(t, tl, NULL) == FAKT_OK) {
                    split(l, t, tl);
                    files++;
                }
                free(t);
            }
        }
        free(names[i]);
    }
    free(names);
    return files;
}

/* Every field of every parse, one word a line (scores as exact hex). */
static void dump_parses(const fakt_dict *d, const wl *l, const char *path)
{
    FILE *f = fopen(path, "w");
    for (size_t i = 0; f && i < l->n; i++) {
        fakt_mparse out[FAKT_MORPH_MAX_PARSES];
        size_t n = fakt_morph_parse(d, l->w[i], strlen(l->w[i]), out, FAKT_MORPH_MAX_PARSES);
        fprintf(f, "%s", l->w[i]);
        for (size_t k = 0; k < n; k++) {
            const fakt_mparse *m = &out[k];
            fprintf(f, "\t%u,%u,%u,%a,%u,%u,%u,%u,%u,%u,%u,%u,%llx", m->para, m->form, m->tag, (double)m->score,
                    m->kind, m->fixed, m->aux, m->suffix, m->split, m->fixed2, m->form2, m->para2,
                    (unsigned long long)m->yo);
        }
        fputc('\n', f);
    }
    if (f)
        fclose(f);
}

static double pass(const fakt_dict *d, const wl *l, size_t *sink)
{
    fakt_mparse out[FAKT_MORPH_MAX_PARSES];
    double t0 = now();
    size_t s = 0;
    for (size_t i = 0; i < l->n; i++)
        s += fakt_morph_parse(d, l->w[i], strlen(l->w[i]), out, FAKT_MORPH_MAX_PARSES);
    *sink += s;
    return now() - t0;
}

int main(int argc, char **argv)
{
    const char *words = NULL, *dump = NULL, *dparses = NULL;
    int az = 1, npass = 0;
    for (int i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "--words") && i + 1 < argc)
            words = argv[++i];
        else if (!strcmp(argv[i], "--dump-words") && i + 1 < argc)
            dump = argv[++i];
        else if (!strcmp(argv[i], "--dump-parses") && i + 1 < argc)
            dparses = argv[++i];
        else if (!strcmp(argv[i], "--passes") && i + 1 < argc)
            npass = atoi(argv[++i]);
        else if (!strcmp(argv[i], "--no-az"))
            az = 0;
        else {
            fprintf(stderr, "usage: bench_morph [--words FILE] [--dump-words FILE] [--dump-parses FILE] [--passes N] [--no-az]\n");
            return 1;
        }
    }
    const char *dir = getenv("FAKT_DICT") ? getenv("FAKT_DICT") : "data/dict";
    wl l = {0, 0, 0};
    const char *src = "factrueval-2016 devset";
    if (words) {
        char *t;
        size_t tl;
        fakt_error e;
        if (fakt_read_file(words, &t, &tl, &e) != FAKT_OK) {
            fprintf(stderr, "bench_morph: %s\n", e.msg);
            return 1;
        }
        for (char *p = t, *nl; p < t + tl; p = nl + 1) {
            nl = memchr(p, '\n', (size_t)(t + tl - p));
            if (!nl)
                nl = t + tl;
            if (nl > p && fakt_utf8_check(p, (size_t)(nl - p), NULL) == FAKT_OK)
                wl_add(&l, p, (size_t)(nl - p));
        }
        free(t);
        src = words;
    } else if (!load_devset(&l)) {
        src = "own text (no ../shared)";
        for (int r = 0; r < 200; r++)
            split(&l, own_text, sizeof own_text - 1);
    }
    if (dump) {
        FILE *f = fopen(dump, "w");
        for (size_t i = 0; f && i < l.n; i++)
            fprintf(f, "%s\n", l.w[i]);
        if (f)
            fclose(f);
    }
    printf("morph.input=%s\nmorph.words=%zu\n", src, l.n);

    /* load: first open, then the best of a few */
    fakt_dict *d;
    fakt_error e;
    double t0 = now();
    if (fakt_dict_open(dir, &d, &e) != FAKT_OK) {
        fprintf(stderr, "bench_morph: %s\n", e.msg);
        return 1;
    }
    double first = now() - t0;
    if (dparses) {
        dump_parses(d, &l, dparses);
        fakt_dict_free(d);
        return 0;
    }
    size_t sink = 0;
    double cold = pass(d, &l, &sink);
    fakt_dict_free(d);
    double best = first;
    for (int r = 0; r < (npass ? 0 : 5); r++) {
        t0 = now();
        if (fakt_dict_open(dir, &d, &e) != FAKT_OK)
            return 1;
        double t = now() - t0;
        if (t < best)
            best = t;
        fakt_dict_free(d);
    }
    fakt_dict_open(dir, &d, &e);
    /* warm: passes until at least two seconds, best pass counts */
    double total = 0, bestp = 1e9;
    int passes = 0;
    while (npass ? passes < npass : (total < 2.0 || passes < 3)) {
        double t = pass(d, &l, &sink);
        total += t;
        if (t < bestp)
            bestp = t;
        passes++;
    }
    struct rusage ru;
    getrusage(RUSAGE_SELF, &ru);
    printf("morph.load_ms_first=%.2f\nmorph.load_ms=%.2f\n", first * 1e3, best * 1e3);
    printf("morph.words_per_s_cold=%.0f\n", l.n / cold);
    printf("morph.words_per_s_warm=%.0f\n", l.n / bestp);
    printf("morph.parses_per_word=%.2f\n", (double)sink / ((double)l.n * (passes + 1)));
    printf("morph.rss_mb=%.1f\n", ru.ru_maxrss / 1024.0);
    fakt_dict_free(d);

    /* Az.js over the same words, same run */
    if (az) {
        char tmpl[] = "/tmp/fakt-morph-words-XXXXXX";
        int fd = mkstemp(tmpl);
        FILE *f = fd >= 0 ? fdopen(fd, "w") : NULL;
        for (size_t i = 0; f && i < l.n; i++)
            fprintf(f, "%s\n", l.w[i]);
        if (f)
            fclose(f);
        char cmd[4096];
        snprintf(cmd, sizeof cmd, "node bench/az_bench.js '%s' 2>&1", tmpl);
        FILE *p = f ? popen(cmd, "r") : NULL;
        double azw = 0;
        char line[512];
        while (p && fgets(line, sizeof line, p)) {
            fputs(line, stdout);
            sscanf(line, "az.words_per_s_warm=%lf", &azw);
        }
        if (p)
            pclose(p);
        unlink(tmpl);
        if (azw > 0)
            printf("morph.az_ratio=%.1f\n", (l.n / bestp) / azw);
        else
            printf("morph.az_ratio=n/a (Az.js not run: needs node and az@0.2.3 in data/cache/aznode)\n");
    }
    for (size_t i = 0; i < l.n; i++)
        free(l.w[i]);
    free(l.w);
    return sink == 0;
}

/*
 * bench_segment.c — segmentation speed on one core, in MB of UTF-8 input
 * per second.  Input: the factRuEval-2016 dev texts concatenated and
 * repeated to at least 50 MB (from ../shared, or $FAKT_SHARED), or, when
 * those are absent, generated Russian news-like text of the same size.
 * Prints `segment.mb_per_s=N` (best of several runs, fakt_segment alone)
 * and `tokenize.mb_per_s=N` (the public fakt_tokenize: UTF-8 check and
 * span copy included).
 */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core/core.h"
#include "text/segment.h"

#define TARGET (50u << 20)

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

/* Appends the dev texts to b; returns how many were read. */
static int load_devset(fakt_buf *b)
{
    const char *sh = getenv("FAKT_SHARED") ? getenv("FAKT_SHARED") : "../shared";
    char dir[1024];
    snprintf(dir, sizeof dir, "%s/corpora/factrueval-2016/devset", sh);
    DIR *d = opendir(dir);
    if (!d)
        return 0;
    int n = 0;
    struct dirent *de;
    while ((de = readdir(d))) {
        size_t l = strlen(de->d_name);
        if (l < 5 || strcmp(de->d_name + l - 4, ".txt"))
            continue;
        char path[2048];
        char *t;
        size_t tl;
        snprintf(path, sizeof path, "%s/%s", dir, de->d_name);
        if (fakt_read_file(path, &t, &tl, NULL) == FAKT_OK) {
            fakt_buf_add(b, t, tl);
            fakt_buf_puts(b, "\n\n");
            free(t);
            n++;
        }
    }
    closedir(d);
    return n;
}

static void generate(fakt_buf *b)
{
    static const char *const parts[] = {
        "Президент В. В. Иванов провёл встречу с главой МИД Касым-Жомартом Петровым. ",
        "По данным informburo.kz, рост ВВП составил 5,4 % за 2019 г., т. е. 1 200 000 млн руб. ",
        "«Мы готовы к диалогу», — сказал он журналистам в Нур-Султане.\n",
        "Заголовок новости\n\nВ понедельник на ул. Садовой прошла акция; пришли 10-летние дети... ",
        "\"Что дальше?\" – спросил корреспондент. Подробнее: https://example.org/news/1?x=2.\n",
    };
    for (size_t i = 0; b->len < 4u << 20; i++)
        fakt_buf_puts(b, parts[(i * 7 + i / 5) % 5]);
}

int main(void)
{
    fakt_buf b;
    fakt_buf_init(&b);
    int docs = load_devset(&b);
    const char *src = docs ? "factrueval-2016 devset" : "generated";
    if (!docs)
        generate(&b);
    size_t unit = b.len;
    fakt_buf_reserve(&b, TARGET + 16); /* appending from itself: no moves */
    while (b.len < TARGET && !b.failed)
        fakt_buf_add(&b, b.data, unit < TARGET - b.len ? unit : TARGET - b.len);
    if (b.failed) {
        fprintf(stderr, "bench_segment: out of memory\n");
        return 1;
    }
    /* the cut may split a code point: back up to a boundary */
    while (b.len && ((unsigned char)b.data[b.len] & 0xC0) == 0x80)
        b.len--;
    double mb = (double)b.len / (1024.0 * 1024.0), best = 1e9, best_t = 1e9;
    size_t ntok = 0, nsent = 0;
    for (int r = 0; r < 3; r++) {
        fakt_arena a;
        fakt_seg g;
        fakt_arena_init(&a);
        double t0 = now();
        if (fakt_segment(b.data, b.len, &a, &g, NULL) != FAKT_OK) {
            fprintf(stderr, "bench_segment: segment failed\n");
            return 1;
        }
        double dt = now() - t0;
        if (dt < best)
            best = dt;
        ntok = g.ntok;
        nsent = g.nsent;
        fakt_arena_free(&a);
        fakt_tokens *t;
        t0 = now();
        if (fakt_tokenize(b.data, b.len, &t, NULL) != FAKT_OK)
            return 1;
        dt = now() - t0;
        if (dt < best_t)
            best_t = dt;
        fakt_tokens_free(t);
    }
    printf("segment.input=%s\n", src);
    printf("segment.mb=%.1f\n", mb);
    printf("segment.tokens=%zu\n", ntok);
    printf("segment.sentences=%zu\n", nsent);
    printf("segment.mb_per_s=%.1f\n", mb / best);
    printf("tokenize.mb_per_s=%.1f\n", mb / best_t);
    fakt_buf_free(&b);
    return 0;
}

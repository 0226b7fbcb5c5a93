/*
 * bench_ner.c — named entities from raw text on one core: the whole path a
 * user pays for (UTF-8 check, segmentation, morphology, NER features,
 * Viterbi, spans) through fakt_doc_analyze, over the factRuEval-2016 dev
 * texts ($FAKT_SHARED or ../shared; our own text when absent).
 *
 * Times are CPU time of the process (the benchmark machine is shared).
 * Articles per second are normalized to 1 KB articles (bytes/s / 1024), the
 * unit of the published comparison; raw documents per second are printed
 * too.  Also: model and dictionary load times (open + validation +
 * checksum), peak RSS of the process.  Everything runs twice: with the
 * data mapped from the page cache (as `fakt extract` opens it) and read
 * into huge pages (FAKT_OPEN_HUGE_PAGES, as `fakt batch` does).
 *
 * FAKT_BENCH_SECS sets the timed CPU seconds per way (default 3; a small
 * value gives one timed pass, for callgrind).
 *
 * Prints key=value lines: ner.hot_words (words in the morphology hot
 * table; 0 warns: build it with make hotdict), ner.dict_load_ms,
 * ner.model_load_ms (mapped), ner.dict_load_huge_ms, ner.model_load_huge_ms,
 * ner.articles_per_s, ner.docs_per_s, ner.tokens_per_s (huge pages),
 * ner.articles_per_s_mapped, ner.entities, ner.peak_rss_mb, ner.docs and
 * ner.bytes (the texts of one pass).
 */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>

#include "core/core.h"
#include "morph/morph.h"
#include "text/segment.h"

/* CPU time of this process: the machine is shared, and CPU time is what
 * one core spends on the work whatever else runs (load times use it too). */
static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

static const char own_text[] =
    "Президент Казахстана Касым-Жомарт Токаев провёл в Астане переговоры с президентом "
    "Узбекистана Шавкатом Мирзиёевым. Министр иностранных дел Мурат Нуртлеу сообщил, что "
    "стороны подписали соглашение о строительстве железной дороги до Ташкента. В МИД "
    "России назвали встречу важной для всей Центральной Азии.";

int main(void)
{
    const char *shared = getenv("FAKT_SHARED") ? getenv("FAKT_SHARED") : "../shared";
    const char *mpath = getenv("FAKT_MODEL") ? getenv("FAKT_MODEL") : "models/ner.fkm";
    const char *dpath = getenv("FAKT_DICT") ? getenv("FAKT_DICT") : "data/dict";
    char dir[4096];
    snprintf(dir, sizeof dir, "%s/corpora/factrueval-2016/devset", shared);
    char **texts = NULL;
    size_t *lens = NULL, n = 0, cap = 0, bytes = 0;
    DIR *dp = opendir(dir);
    struct dirent *de;
    while (dp && (de = readdir(dp))) {
        size_t l = strlen(de->d_name);
        if (l < 5 || strcmp(de->d_name + l - 4, ".txt"))
            continue;
        char path[8192];
        snprintf(path, sizeof path, "%s/%s", dir, de->d_name);
        char *t;
        size_t tl;
        if (fakt_read_file(path, &t, &tl, NULL) != FAKT_OK)
            continue;
        if (n == cap) {
            cap = cap ? 2 * cap : 256;
            texts = realloc(texts, cap * sizeof *texts);
            lens = realloc(lens, cap * sizeof *lens);
        }
        texts[n] = t, lens[n] = tl, bytes += tl, n++;
    }
    if (dp)
        closedir(dp);
    if (!n) {
        fprintf(stderr, "bench_ner: no factRuEval texts in %s; using our own text\n", dir);
        texts = malloc(sizeof *texts);
        lens = malloc(sizeof *lens);
        texts[0] = strdup(own_text), lens[0] = strlen(own_text), bytes = lens[0], n = 1;
    }
    /* Both ways of loading: mapped from the page cache (what `fakt extract`
     * does: quick to load) and read into huge pages (what `fakt batch`
     * does: slower to load, faster to run); timed both ways. */
    double load[2][2], speed[2];
    size_t ents = 0, ntok = 0;
    for (int huge = 0; huge < 2; huge++) {
        unsigned fl = huge ? FAKT_OPEN_HUGE_PAGES : 0;
        fakt_error e;
        fakt_dict *d = NULL;
        double t0 = now();
        if (fakt_dict_open_flags(dpath, fl, &d, &e) != FAKT_OK) {
            fprintf(stderr, "bench_ner: dictionary: %s (continuing without morphology)\n", e.msg);
            d = NULL;
        }
        double t1 = now();
        fakt_model *m;
        if (fakt_model_open_flags(mpath, fl, &m, &e) != FAKT_OK) {
            fprintf(stderr, "bench_ner: model: %s\n", e.msg);
            return 1;
        }
        double t2 = now();
        load[huge][0] = (t1 - t0) * 1e3, load[huge][1] = (t2 - t1) * 1e3;
        /* The morphology hot table makes most parses a lookup; without it
         * the figures are not the ones to compare (make hotdict builds it). */
        size_t hot = d ? fakt_morph_hot_count(d) : 0;
        if (huge)
            printf("ner.hot_words=%zu\n", hot);
        if (huge && d && !hot)
            fprintf(stderr, "bench_ner: no morphology hot table in %s (make hotdict); parses will be slower\n",
                    dpath);
        double want = getenv("FAKT_BENCH_SECS") ? atof(getenv("FAKT_BENCH_SECS")) : 3.0;
        /* One warm-up pass, then passes until `want` seconds have gone. */
        size_t docs = 0, done = 0;
        double start = 0, end = 0;
        ents = 0;
        for (int pass = 0; pass < 1000; pass++) {
            if (pass == 1)
                start = now(), ents = docs = done = 0;
            for (size_t i = 0; i < n; i++) {
                fakt_doc *doc;
                if (fakt_doc_analyze(d, m, texts[i], lens[i], &doc, &e) != FAKT_OK) {
                    fprintf(stderr, "bench_ner: %s\n", e.msg);
                    return 1;
                }
                ents += fakt_doc_entity_count(doc);
                fakt_doc_free(doc);
                docs++;
                done += lens[i];
            }
            if (pass >= 1 && (end = now()) - start > want)
                break;
        }
        speed[huge] = (double)done / (end - start);
        ents /= docs / n ? docs / n : 1;
        fakt_model_free(m);
        fakt_dict_free(d);
    }
    /* Tokens per pass, counted once outside the timing. */
    for (size_t i = 0; i < n; i++) {
        fakt_arena a;
        fakt_seg seg;
        fakt_arena_init(&a);
        if (fakt_segment(texts[i], lens[i], &a, &seg, NULL) == FAKT_OK)
            ntok += seg.ntok;
        fakt_arena_free(&a);
    }
    double per_byte = (double)ntok / (double)bytes;
    printf("ner.dict_load_ms=%.1f\nner.model_load_ms=%.1f\n", load[0][0], load[0][1]);
    printf("ner.dict_load_huge_ms=%.1f\nner.model_load_huge_ms=%.1f\n", load[1][0], load[1][1]);
    struct rusage ru;
    getrusage(RUSAGE_SELF, &ru);
    printf("ner.docs=%zu\nner.bytes=%zu\nner.mb=%.1f\n", n, bytes, (double)bytes / 1e6);
    printf("ner.articles_per_s=%.0f\n", speed[1] / 1024.0);
    printf("ner.docs_per_s=%.0f\n", speed[1] / ((double)bytes / (double)n));
    printf("ner.tokens_per_s=%.0f\n", speed[1] * per_byte);
    printf("ner.articles_per_s_mapped=%.0f\n", speed[0] / 1024.0);
    printf("ner.entities=%zu\n", ents);
    printf("ner.peak_rss_mb=%.1f\n", (double)ru.ru_maxrss / 1024.0);
    for (size_t i = 0; i < n; i++)
        free(texts[i]);
    free(texts);
    free(lens);
    return 0;
}

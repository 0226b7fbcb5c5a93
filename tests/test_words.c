/*
 * test_words.c — the NER model's word table (src/ner/words.c): tagging with
 * it gives exactly the emission scores, labels and entities of tagging
 * without it (the table is a cache of sums, never a different model); the
 * builder keeps one-token forms and skips the rest; damaged sections are
 * refused; a table is not used with another dictionary.  Needs the
 * committed model and the dictionary (skips without them).
 */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/core.h"
#include "harness.h"
#include "ner/nerint.h"
#include "text/segment.h"

static const char *const texts[] = {
    "Президент Киргизии Садыр Жапаров в понедельник провёл в Бишкеке встречу с главой МИД "
    "Казахстана Муратом Нуртлеу. Стороны обсудили работу компании «Кыргызгаз» и планы "
    "Евразийского банка развития, сообщила пресс-служба президента.",
    "ГЛАВА ГАЗПРОМА АЛЕКСЕЙ МИЛЛЕР ПРИЕХАЛ В ТАШКЕНТ. В «Узбекнефтегазе» визит назвали рабочим.",
    "в самарканде открылся форум, который посетил министр энергетики россии сергей цивилев и "
    "представители компании lukoil.",
    "Зырянобурчатов и Пышкевичуте (выдуманные фамилии) встретились с представителями "
    "ООО «Трансфлюоресцент-Инвест» в г. Нур-Султан; В. В. Иванов опоздал на 15 минут.",
};

/* Emissions of text under model m, into em (ntok x NL floats); returns ntok. */
static uint32_t emissions(const fakt_model *m, const fakt_dict *d, const char *text, fakt_arena *a,
                          float **em, uint32_t *hits)
{
    fakt_seg seg;
    fakt_ner_feats f;
    if (fakt_segment(text, strlen(text), a, &seg, NULL) != FAKT_OK ||
        fakt_ner_features(m, d, text, &seg, a, &f) != FAKT_OK)
        return 0;
    *em = fakt_arena_alloc(a, ((size_t)seg.ntok + 1) * FAKT_NER_NL * sizeof **em);
    float *plain = fakt_arena_alloc(a, ((size_t)seg.ntok + 1) * FAKT_NER_NL * sizeof *plain);
    if (!*em || !plain)
        return 0;
    fakt_ner_emissions(m, &f, 0, seg.ntok, *em);
    /* The portable row sums and the CPU's fastest (AVX2 here, when it has
     * it) agree to the bit. */
    fakt_ner_emissions_path(m, &f, 0, seg.ntok, plain, 1);
    CHECK(memcmp(*em, plain, (size_t)seg.ntok * FAKT_NER_NL * sizeof *plain) == 0);
    *hits = 0;
    for (uint32_t i = 0; i < seg.ntok; i++)
        *hits += f.word[i] != NULL;
    return seg.ntok;
}

/* The same document through both paths: identical scores and entities. */
static void compare(const fakt_model *with, const fakt_model *without, const fakt_dict *d,
                    const char *text, uint32_t *hits, uint32_t *tokens)
{
    fakt_arena a1, a2;
    fakt_arena_init(&a1);
    fakt_arena_init(&a2);
    float *e1 = NULL, *e2 = NULL;
    uint32_t h1 = 0, h2 = 0;
    uint32_t n1 = emissions(with, d, text, &a1, &e1, &h1);
    uint32_t n2 = emissions(without, d, text, &a2, &e2, &h2);
    CHECK_INT(n1, n2);
    CHECK_INT(h2, 0);
    int same = n1 == n2 && memcmp(e1, e2, (size_t)n1 * FAKT_NER_NL * sizeof *e1) == 0;
    if (!same)
        fprintf(stderr, "word table changes the scores of: %.60s...\n", text);
    CHECK(same);
    *hits += h1;
    *tokens += n1;
    fakt_doc *doc1, *doc2;
    CHECK_INT(fakt_doc_analyze(d, with, text, strlen(text), &doc1, NULL), FAKT_OK);
    CHECK_INT(fakt_doc_analyze(d, without, text, strlen(text), &doc2, NULL), FAKT_OK);
    size_t ne = fakt_doc_entity_count(doc1);
    CHECK_INT(ne, fakt_doc_entity_count(doc2));
    for (size_t i = 0; i < ne && i < fakt_doc_entity_count(doc2); i++) {
        const fakt_entity *x = fakt_doc_entity(doc1, i), *y = fakt_doc_entity(doc2, i);
        CHECK(x->span.start == y->span.start && x->span.end == y->span.end && x->type == y->type);
    }
    fakt_doc_free(doc1);
    fakt_doc_free(doc2);
    fakt_arena_free(&a1);
    fakt_arena_free(&a2);
}

static void check_build(const fakt_model *m, const fakt_dict *d)
{
    char path[] = "/tmp/fakt-test-forms-XXXXXX";
    int fd = mkstemp(path);
    CHECK(fd >= 0);
    if (fd < 0)
        return;
    /* Forms of this test; "два слова" and the empty form are not one token. */
    const char forms[] = "Бишкек\t10\nглава\t9\nдва слова\t8\n\t7\n«\t6\nМИД\t5\nглава\t4\nlukoil\t3\n";
    CHECK(write(fd, forms, sizeof forms - 1) == (ssize_t)(sizeof forms - 1));
    close(fd);
    unsigned char *sect;
    size_t n, nw;
    CHECK_INT(fakt_ner_words_build(m, d, path, 100, 3, &sect, &n, &nw, NULL), FAKT_OK);
    unlink(path);
    CHECK_INT(nw, 5); /* Бишкек, глава (once), «, МИД, lukoil */
    fakt_model t = *m;
    CHECK_INT(fakt_ner_words_open(sect, n, &t, NULL), FAKT_OK);
    CHECK_INT(t.nwords, 5);
    CHECK(fakt_ner_words_usable(&t, d));
    CHECK(!fakt_ner_words_usable(&t, NULL)); /* built with morphology: not without it */
    fakt_ner_word w;
    CHECK_INT(fakt_ner_word_compute(m, d, "МИД", strlen("МИД"), &w, NULL), FAKT_OK);
    const fakt_ner_word *got = fakt_ner_word_find(&t, w.key);
    CHECK(got && memcmp(got, &w, sizeof w) == 0);
    CHECK_INT(fakt_ner_word_compute(m, d, "два слова", strlen("два слова"), &w, NULL), FAKT_ENOTFOUND);
    CHECK_INT(fakt_ner_word_compute(m, d, "Ташкент", strlen("Ташкент"), &w, NULL), FAKT_OK);
    CHECK(fakt_ner_word_find(&t, w.key) == NULL);
    /* Damage: a short section, a wrong entry size, a slot count that is not
     * a power of two, a size that does not add up. */
    fakt_model u = *m;
    CHECK_INT(fakt_ner_words_open(sect, 32, &u, NULL), FAKT_EFORMAT);
    unsigned char *bad = malloc(n + 16);
    memcpy(bad, sect, n);
    bad[16] = 64;
    CHECK_INT(fakt_ner_words_open(bad, n, &u, NULL), FAKT_EFORMAT);
    memcpy(bad, sect, n);
    bad[12] = 3, bad[13] = bad[14] = bad[15] = 0;
    CHECK_INT(fakt_ner_words_open(bad, n, &u, NULL), FAKT_EFORMAT);
    memcpy(bad, sect, n);
    CHECK_INT(fakt_ner_words_open(bad, n - 128, &u, NULL), FAKT_EFORMAT);
    /* An entry index past the table reads as a miss, not a wild read. */
    memcpy(bad, sect, n);
    fakt_model v = *m;
    CHECK_INT(fakt_ner_words_open(bad, n, &v, NULL), FAKT_OK);
    uint32_t *slots = (uint32_t *)(bad + 64);
    for (uint32_t i = 0; i <= v.wmask; i++)
        if (slots[2 * i])
            slots[2 * i + 1] = 1000;
    CHECK_INT(fakt_ner_word_compute(m, d, "МИД", strlen("МИД"), &w, NULL), FAKT_OK);
    CHECK(fakt_ner_word_find(&v, w.key) == NULL);
    free(bad);
    free(sect);
}

FAKT_SUITE(words)
{
    const char *mp = getenv("FAKT_MODEL") ? getenv("FAKT_MODEL") : "models/ner.fkm";
    const fakt_dict *d = fakt_test_dict();
    fakt_model *m;
    if (!d || fakt_model_open(mp, &m, NULL) != FAKT_OK) {
        fakt_test_skip("word table: needs the NER model and the dictionary");
        return;
    }
    check_build(m, d);
    if (!fakt_ner_words_usable(m, d)) {
        fakt_test_skip("word table: the model has none for this dictionary");
        fakt_model_free(m);
        return;
    }
    /* The side vectors are int16 sums; a word whose sums overflow has none
     * and its neighbours read its rows instead.  The weights' quantization
     * leaves headroom so that nearly all keep them (a retrain at full int16
     * range once lost a fifth, and 5 % more instructions per article). */
    uint32_t with_side = 0;
    for (uint32_t i = 0; i < m->nside; i++)
        with_side += fakt_ner_word_nb(m, &m->words[i], 0) != NULL;
    if (m->nside)
        fprintf(stderr, "words: %u of %u side vectors kept\n", with_side, m->nside);
    CHECK(with_side >= m->nside - m->nside / 100);
    fakt_model without = *m;
    without.nwords = 0;
    uint32_t hits = 0, tokens = 0;
    for (size_t i = 0; i < sizeof texts / sizeof texts[0]; i++)
        compare(m, &without, d, texts[i], &hits, &tokens);
    /* Both paths were taken: frequent forms hit, invented names missed. */
    CHECK(hits > tokens / 2);
    CHECK(hits < tokens);
    /* A table built here from every form of the texts but their last
     * tokens (so that misses stay): the builder's sums, not only the
     * committed table's, must match the plain path. */
    char path[] = "/tmp/fakt-test-forms-XXXXXX";
    int fd = mkstemp(path);
    FILE *ff = fd >= 0 ? fdopen(fd, "w") : NULL;
    CHECK(ff != NULL);
    if (ff) {
        fakt_arena a;
        fakt_arena_init(&a);
        for (size_t i = 0; i < sizeof texts / sizeof texts[0]; i++) {
            fakt_seg seg;
            if (fakt_segment(texts[i], strlen(texts[i]), &a, &seg, NULL) == FAKT_OK)
                for (uint32_t k = 0; k + 3 < seg.ntok; k++)
                    fprintf(ff, "%.*s\t1\n", (int)(seg.toks[k].b1 - seg.toks[k].b0),
                            texts[i] + seg.toks[k].b0);
        }
        fakt_arena_free(&a);
        fclose(ff);
        unsigned char *sect;
        size_t n, nw;
        CHECK_INT(fakt_ner_words_build(m, d, path, 100000, 40, &sect, &n, &nw, NULL), FAKT_OK);
        fakt_model fresh = without;
        CHECK_INT(fakt_ner_words_open(sect, n, &fresh, NULL), FAKT_OK);
        uint32_t fh = 0, ft = 0;
        for (size_t i = 0; i < sizeof texts / sizeof texts[0]; i++)
            compare(&fresh, &without, d, texts[i], &fh, &ft);
        CHECK(fh > ft / 2 && fh < ft);
        free(sect);
    }
    unlink(path);
    /* And on real news when the shared corpora are there. */
    if (fakt_test_shared_dir) {
        char dir[4096];
        snprintf(dir, sizeof dir, "%s/corpora/factrueval-2016/devset", fakt_test_shared_dir);
        DIR *dp = opendir(dir);
        struct dirent *de;
        int docs = 0;
        uint32_t h0 = hits, t0 = tokens;
        while (dp && (de = readdir(dp)) && docs < 40) {
            size_t l = strlen(de->d_name);
            if (l < 5 || strcmp(de->d_name + l - 4, ".txt"))
                continue;
            char p[8192];
            snprintf(p, sizeof p, "%s/%s", dir, de->d_name);
            char *t;
            size_t tl;
            if (fakt_read_file(p, &t, &tl, NULL) != FAKT_OK)
                continue;
            compare(m, &without, d, t, &hits, &tokens);
            free(t);
            docs++;
        }
        if (dp)
            closedir(dp);
        if (tokens > t0)
            fprintf(stderr, "words: %u of %u tokens of %d dev texts (%.1f %%) hit the word table\n", hits - h0,
                    tokens - t0, docs, 100.0 * (hits - h0) / (tokens - t0));
    }
    fakt_model_free(m);
}

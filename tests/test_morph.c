/* test_morph.c — the morphology stage: dictionary words, tags and scores,
 * ё, hyphens, guesses, word classes, inflection, the committed expectation
 * table (tests/data/morph_expect.tsv, computed once from Az.js with
 * pymorphy2's semantics), corrupted dictionaries, and the hot table: every
 * word of it gives the cascade's parse list, damaged tables are refused. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/core.h"
#include "harness.h"
#include "morph/mdict.h"
#include "morph/morph.h"

/* The best parse's "lemma tag", "" when none. */
static const char *best(const fakt_dict *d, const char *w, char *buf, size_t cap)
{
    fakt_parses *ps;
    buf[0] = 0;
    if (fakt_morph_analyze(d, w, strlen(w), &ps, NULL) != FAKT_OK)
        return buf;
    if (fakt_parses_count(ps))
        snprintf(buf, cap, "%s %s", fakt_parses_get(ps, 0)->lemma, fakt_parses_get(ps, 0)->tag);
    fakt_parses_free(ps);
    return buf;
}

/* Whether some parse reads "lemma tag". */
static int has(const fakt_dict *d, const char *w, const char *want)
{
    fakt_parses *ps;
    int found = 0;
    if (fakt_morph_analyze(d, w, strlen(w), &ps, NULL) != FAKT_OK)
        return 0;
    for (size_t i = 0; i < fakt_parses_count(ps); i++) {
        char b[512];
        snprintf(b, sizeof b, "%s %s", fakt_parses_get(ps, i)->lemma, fakt_parses_get(ps, i)->tag);
        if (!strcmp(b, want))
            found = 1;
    }
    fakt_parses_free(ps);
    return found;
}

/* The best parse of w inflected to grammemes, "" when not found. */
static const char *infl(const fakt_dict *d, const char *w, const char *g, char *buf, size_t cap)
{
    fakt_parses *ps;
    buf[0] = 0;
    if (fakt_morph_analyze(d, w, strlen(w), &ps, NULL) != FAKT_OK)
        return buf;
    char *out;
    if (fakt_parses_count(ps) && fakt_morph_inflect(d, fakt_parses_get(ps, 0), g, &out, NULL) == FAKT_OK) {
        snprintf(buf, cap, "%s", out);
        fakt_free(out);
    }
    fakt_parses_free(ps);
    return buf;
}

/* The parse of w with tag `tag` inflected to grammemes. */
static const char *infl_tag(const fakt_dict *d, const char *w, const char *tag, const char *g, char *buf,
                            size_t cap)
{
    fakt_parses *ps;
    buf[0] = 0;
    if (fakt_morph_analyze(d, w, strlen(w), &ps, NULL) != FAKT_OK)
        return buf;
    for (size_t i = 0; i < fakt_parses_count(ps); i++) {
        char *out;
        if (strcmp(fakt_parses_get(ps, i)->tag, tag) == 0 &&
            fakt_morph_inflect(d, fakt_parses_get(ps, i), g, &out, NULL) == FAKT_OK) {
            snprintf(buf, cap, "%s", out);
            fakt_free(out);
            break;
        }
    }
    fakt_parses_free(ps);
    return buf;
}

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Each row of the table: the set of parses equals, the best one too. */
static void check_table(const fakt_dict *d)
{
    char *text;
    size_t len;
    if (fakt_read_file("tests/data/morph_expect.tsv", &text, &len, NULL) != FAKT_OK) {
        CHECK(!"tests/data/morph_expect.tsv missing");
        return;
    }
    int rows = 0, bad = 0;
    for (char *line = strtok(text, "\n"); line; line = strtok(NULL, "\n")) {
        if (line[0] == '#')
            continue;
        char *t1 = strchr(line, '\t'), *t2 = t1 ? strchr(t1 + 1, '\t') : NULL;
        if (!t2)
            continue;
        *t1 = *t2 = 0;
        const char *word = line, *top = t1 + 1, *set = t2 + 1;
        rows++;
        fakt_parses *ps;
        if (fakt_morph_analyze(d, word, strlen(word), &ps, NULL) != FAKT_OK) {
            bad++;
            continue;
        }
        size_t n = fakt_parses_count(ps);
        char **keys = calloc(n + 1, sizeof *keys);
        size_t nk = 0;
        fakt_buf got;
        fakt_buf_init(&got);
        for (size_t i = 0; i < n; i++) {
            char b[512];
            snprintf(b, sizeof b, "%s %s", fakt_parses_get(ps, i)->lemma, fakt_parses_get(ps, i)->tag);
            int dup = 0;
            for (size_t k = 0; k < nk; k++)
                dup |= !strcmp(keys[k], b);
            if (!dup)
                keys[nk++] = strdup(b);
        }
        qsort(keys, nk, sizeof *keys, cmp_str);
        for (size_t k = 0; k < nk; k++) {
            if (k)
                fakt_buf_putc(&got, '|');
            fakt_buf_puts(&got, keys[k]);
        }
        int ok = got.data && !strcmp(got.data, set);
        if (ok && strcmp(top, "-") != 0) {
            char b[512];
            snprintf(b, sizeof b, "%s %s", fakt_parses_get(ps, 0)->lemma, fakt_parses_get(ps, 0)->tag);
            ok = !strcmp(b, top);
        }
        if (!ok) {
            bad++;
            fprintf(stderr, "morph_expect: %s: got %s\n", word, got.data ? got.data : "");
        }
        for (size_t k = 0; k < nk; k++)
            free(keys[k]);
        free(keys);
        fakt_buf_free(&got);
        fakt_parses_free(ps);
    }
    free(text);
    CHECK(rows >= 300);
    CHECK_INT(bad, 0);
}

static int copy_file(const char *from, const char *to, size_t keep, long flip_at)
{
    char *t;
    size_t n;
    if (fakt_read_file(from, &t, &n, NULL) != FAKT_OK)
        return -1;
    if (keep < n)
        n = keep;
    if (flip_at >= 0 && (size_t)flip_at < n)
        t[flip_at] ^= 0x5A;
    FILE *f = fopen(to, "wb");
    if (!f) {
        free(t);
        return -1;
    }
    fwrite(t, 1, n, f);
    fclose(f);
    free(t);
    return 0;
}

static const char *files[] = {"words.dawg", "paradigms.array", "gramtab-opencorpora-int.json",
                              "suffixes.json", "grammemes.json", "meta.json",
                              "prediction-suffixes-0.dawg", "prediction-suffixes-1.dawg",
                              "prediction-suffixes-2.dawg", "p_t_given_w.intdawg"};
#define NFILES (sizeof files / sizeof files[0])

/* A copy of the dictionary with file `which` truncated to `keep` bytes or
 * one byte flipped; returns the code fakt_dict_open gives. */
static int open_damaged(const char *dir, size_t which, size_t keep, long flip, fakt_dict **out)
{
    char tmp[] = "/tmp/fakt-dict-XXXXXX";
    if (!mkdtemp(tmp))
        return -1;
    char a[1024], b[1024];
    for (size_t i = 0; i < NFILES; i++) {
        snprintf(a, sizeof a, "%s/%s", dir, files[i]);
        snprintf(b, sizeof b, "%s/%s", tmp, files[i]);
        copy_file(a, b, i == which ? keep : SIZE_MAX, i == which ? flip : -1);
    }
    fakt_error e;
    int rc = fakt_dict_open(tmp, out, &e);
    if (rc == FAKT_EFORMAT)
        CHECK(strstr(e.msg, files[which]) != NULL); /* the message names the file */
    for (size_t i = 0; i < NFILES; i++) {
        snprintf(b, sizeof b, "%s/%s", tmp, files[i]);
        unlink(b);
    }
    rmdir(tmp);
    return rc;
}

static void check_damaged(const char *dir)
{
    static const char *probe[] = {"стали", "Мирзиёева", "бутявкать", "интернет-магазин", "еще", "XIV"};
    for (size_t i = 0; i < NFILES; i++) {
        char path[1024];
        snprintf(path, sizeof path, "%s/%s", dir, files[i]);
        fakt_map m;
        if (fakt_map_file(path, &m, NULL) != FAKT_OK)
            continue;
        size_t size = m.size;
        fakt_unmap(&m);
        fakt_dict *d = NULL;
        /* truncated: always refused */
        CHECK_INT(open_damaged(dir, i, size / 2, -1, &d), FAKT_EFORMAT);
        fakt_dict_free(d);
        CHECK_INT(open_damaged(dir, i, size - 1, -1, &d), FAKT_EFORMAT);
        fakt_dict_free(d);
        /* flipped bytes: refused or usable, never a crash */
        for (int k = 0; k < 4; k++) {
            long at = (long)((size / 5) * (size_t)(k + 1)) + k;
            d = NULL;
            int rc = open_damaged(dir, i, SIZE_MAX, at, &d);
            CHECK(rc == FAKT_OK || rc == FAKT_EFORMAT);
            for (size_t w = 0; d && w < sizeof probe / sizeof probe[0]; w++) {
                fakt_mparse out[FAKT_MORPH_MAX_PARSES];
                char lem[256];
                size_t n = fakt_morph_parse(d, probe[w], strlen(probe[w]), out, FAKT_MORPH_MAX_PARSES);
                for (size_t j = 0; j < n; j++) {
                    fakt_morph_lemma(d, probe[w], strlen(probe[w]), &out[j], lem, sizeof lem);
                    fakt_morph_inflect_to(d, probe[w], strlen(probe[w]), &out[j], "nomn", lem, sizeof lem, NULL);
                }
            }
            fakt_dict_free(d);
        }
    }
}


/* ---- the hot table --------------------------------------------------- */

/* Whether the parse lists of word from d (hot table) and the cascade are
 * identical, field for field; reports the word otherwise. */
static int same_as_slow(const fakt_dict *d, const char *w, size_t len)
{
    fakt_mparse a[FAKT_MORPH_MAX_PARSES], b[FAKT_MORPH_MAX_PARSES];
    memset(a, 0x55, sizeof a);
    memset(b, 0x55, sizeof b);
    size_t na = fakt_morph_parse(d, w, len, a, FAKT_MORPH_MAX_PARSES);
    size_t nb = fakt_morph_parse_slow(d, w, len, b, FAKT_MORPH_MAX_PARSES);
    int ok = na == nb;
    for (size_t i = 0; ok && i < na; i++)
        ok = a[i].para == b[i].para && a[i].form == b[i].form && a[i].tag == b[i].tag &&
             memcmp(&a[i].score, &b[i].score, sizeof a[i].score) == 0 && a[i].kind == b[i].kind &&
             a[i].fixed == b[i].fixed && a[i].aux == b[i].aux && a[i].suffix == b[i].suffix &&
             a[i].split == b[i].split && a[i].fixed2 == b[i].fixed2 && a[i].form2 == b[i].form2 &&
             a[i].para2 == b[i].para2 && a[i].yo == b[i].yo;
    /* and fewer than all parses: the same first ones */
    size_t n2 = fakt_morph_parse(d, w, len, a, 2);
    ok = ok && n2 == (nb < 2 ? nb : 2) && (n2 == 0 || (a[0].para == b[0].para && a[0].tag == b[0].tag));
    if (!ok)
        fprintf(stderr, "hot table: %.*s differs from the cascade\n", (int)len, w);
    return ok;
}

/* Every word of d's hot table, as stored and capitalised. */
static void check_hot_words(const fakt_dict *d)
{
    size_t slots = fakt_morph_hot_count(d), words = 0, bad = 0;
    for (size_t i = 0; i < slots && bad < 20; i++) {
        char w[512], c[520];
        size_t n = fakt_morph_hot_word(d, i, w, sizeof w);
        if (!n)
            continue;
        words++;
        bad += !same_as_slow(d, w, n);
        /* capitalised: the first letter up (Cyrillic or ASCII) */
        size_t k = 0;
        uint32_t cp = fakt_utf8_next(w, n, &k);
        if (cp >= 0x430 && cp <= 0x44F)
            cp -= 32;
        else if (cp >= 'a' && cp <= 'z')
            cp -= 32;
        size_t cl = fakt_utf8_encode(cp, c);
        memcpy(c + cl, w + k, n - k);
        bad += !same_as_slow(d, c, cl + n - k);
    }
    CHECK_INT(bad, 0);
    CHECK(words > 100000); /* made from models/clusters.tsv */
    fprintf(stderr, "morph: %zu hot-table words checked against the cascade\n", words);
}

static void put_file(const char *path, const void *data, size_t n)
{
    FILE *f = fopen(path, "wb");
    if (f) {
        fwrite(data, 1, n, f);
        fclose(f);
    }
}

/* Rewrites the checksum trailer after an edit (the file as a forger would). */
static void reseal(unsigned char *t, size_t n)
{
    uint64_t h = fakt_md_hash64(t, n - 8, 0);
    for (int i = 0; i < 8; i++)
        t[n - 8 + i] = (unsigned char)(h >> (8 * i));
}

/* A small table in a copy of the dictionary (symlinks), then damaged. */
static void check_hot_file(const char *dir)
{
    char tmp[] = "/tmp/fakt-hot-XXXXXX", a[1200], b[1024], hot[1100];
    if (!mkdtemp(tmp)) {
        CHECK(!"mkdtemp");
        return;
    }
    char abs[1024];
    if (!realpath(dir, abs))
        snprintf(abs, sizeof abs, "%s", dir);
    for (size_t i = 0; i < NFILES; i++) {
        snprintf(a, sizeof a, "%s/%s", abs, files[i]);
        snprintf(b, sizeof b, "%s/%s", tmp, files[i]);
        CHECK(symlink(a, b) == 0);
    }
    snprintf(hot, sizeof hot, "%s/%s", tmp, FAKT_HOT_FILE);
    static const char *words[] = {"стали", "еще", "ещё", "интернет-магазин", "Путина", "В", "в", "1998",
                                  "бутявкать", "по-русски", "человек-гора", "iphone", "стали", "ыыы", "а"};
    size_t nw = sizeof words / sizeof words[0], kept = 0;
    fakt_dict *plain = NULL, *d = NULL;
    fakt_error e;
    CHECK_INT(fakt_dict_open_nohot(tmp, &plain, &e), FAKT_OK);
    CHECK_INT(fakt_morph_hot_write(plain, words, nw, hot, &kept, &e), FAKT_OK);
    CHECK(kept >= 10 && kept < nw); /* duplicates and two-core words left out */
    CHECK_INT(fakt_dict_open(tmp, &d, &e), FAKT_OK);
    CHECK(fakt_morph_hot_count(d) >= 2 * kept);
    CHECK(fakt_morph_hot_write(d, words, nw, hot, NULL, &e) == FAKT_EINVAL); /* needs the plain dictionary */
    for (size_t i = 0; i < nw; i++)
        CHECK(same_as_slow(d, words[i], strlen(words[i])));
    fakt_dict_free(d);

    char *t;
    size_t n;
    CHECK_INT(fakt_read_file(hot, &t, &n, NULL), FAKT_OK);
    unsigned char *u = (unsigned char *)t;
    /* truncated, a byte flipped anywhere: refused */
    size_t keep[] = {0, 10, 64, n / 2, n - 1};
    for (size_t k = 0; k < sizeof keep / sizeof keep[0]; k++) {
        put_file(hot, t, keep[k]);
        d = NULL;
        CHECK_INT(fakt_dict_open(tmp, &d, &e), FAKT_EFORMAT);
        CHECK(d == NULL && strstr(e.msg, FAKT_HOT_FILE) != NULL);
    }
    for (size_t at = 0; at < n; at += 1 + n / 20) {
        u[at] ^= 0x21;
        put_file(hot, t, n);
        u[at] ^= 0x21;
        d = NULL;
        CHECK_INT(fakt_dict_open(tmp, &d, &e), FAKT_EFORMAT);
    }
    /* a newer version, another dictionary: refused even when sealed */
    u[8] = 2;
    reseal(u, n);
    put_file(hot, t, n);
    CHECK_INT(fakt_dict_open(tmp, &d, &e), FAKT_EFORMAT);
    CHECK(strstr(e.msg, "newer") != NULL);
    u[8] = 1;
    u[16] ^= 1;
    reseal(u, n);
    put_file(hot, t, n);
    CHECK_INT(fakt_dict_open(tmp, &d, &e), FAKT_EFORMAT);
    CHECK(strstr(e.msg, "another dictionary") != NULL);
    u[16] ^= 1;
    /* forged entries with a valid checksum: opened, every bad entry reads
     * as a miss, so the answers stay the cascade's */
    for (size_t at = 64; at < n - 8; at += 29) {
        unsigned char was = u[at];
        u[at] = (unsigned char)(was ^ 0xFF);
        reseal(u, n);
        put_file(hot, t, n);
        u[at] = was;
        d = NULL;
        int rc = fakt_dict_open(tmp, &d, &e);
        CHECK(rc == FAKT_OK || rc == FAKT_EFORMAT);
        for (size_t i = 0; d && i < nw; i++) {
            fakt_mparse mp[FAKT_MORPH_MAX_PARSES];
            char lem[256];
            size_t np = fakt_morph_parse(d, words[i], strlen(words[i]), mp, FAKT_MORPH_MAX_PARSES);
            for (size_t j = 0; j < np; j++) {
                fakt_morph_lemma(d, words[i], strlen(words[i]), &mp[j], lem, sizeof lem);
                fakt_morph_inflect_to(d, words[i], strlen(words[i]), &mp[j], "plur", lem, sizeof lem, NULL);
                (void)fakt_morph_tag_name(d, mp[j].tag);
            }
        }
        fakt_dict_free(d);
    }
    free(t);
    fakt_dict_free(plain);
    unlink(hot);
    for (size_t i = 0; i < NFILES; i++) {
        snprintf(b, sizeof b, "%s/%s", tmp, files[i]);
        unlink(b);
    }
    rmdir(tmp);
}

FAKT_SUITE(morph)
{
    const fakt_dict *d = fakt_test_dict();
    char b[512];
    fakt_dict *nd = NULL;
    fakt_error e;
    CHECK(fakt_dict_open("/nonexistent/dict", &nd, &e) != FAKT_OK && nd == NULL);
    fakt_dict_free(NULL);
    if (!d) {
        fakt_test_skip("morph: no dictionary (run tools/fetch-dict.sh)");
        return;
    }

    /* dictionary words, tags as pymorphy2 writes them, P(t|w) scores */
    fakt_parses *ps;
    CHECK_INT(fakt_morph_analyze(d, "стали", strlen("стали"), &ps, NULL), FAKT_OK);
    CHECK_INT(fakt_parses_count(ps), 6);
    CHECK_STR(fakt_parses_get(ps, 0)->lemma, "стать");
    CHECK_STR(fakt_parses_get(ps, 0)->tag, "VERB,perf,intr plur,past,indc");
    CHECK(fakt_parses_get(ps, 0)->score > 0.98 && fakt_parses_get(ps, 0)->score < 0.99);
    CHECK(fakt_parses_get(ps, 5) && fakt_parses_get(ps, 6) == NULL);
    double sum = 0;
    for (size_t i = 0; i < fakt_parses_count(ps); i++)
        sum += fakt_parses_get(ps, i)->score;
    CHECK(sum > 0.99 && sum < 1.01);
    fakt_parses_free(ps);
    CHECK_STR(best(d, "Стали", b, sizeof b), "стать VERB,perf,intr plur,past,indc"); /* case-insensitive */
    CHECK(has(d, "Путина", "путин NOUN,anim,masc,Sgtm,Surn sing,gent"));
    CHECK(has(d, "путина", "путин NOUN,anim,masc,Sgtm,Surn sing,gent")); /* names also when lowercase */
    /* no P(t|w): an even split */
    CHECK_INT(fakt_morph_analyze(d, "ещё", strlen("ещё"), &ps, NULL), FAKT_OK);
    CHECK_INT(fakt_parses_count(ps), 2);
    CHECK(fakt_parses_get(ps, 0)->score == 0.5);
    fakt_parses_free(ps);

    /* the fast path and the tag helpers */
    fakt_mparse mp[FAKT_MORPH_MAX_PARSES];
    size_t n = fakt_morph_parse(d, "Мирзиёева", strlen("Мирзиёева"), mp, FAKT_MORPH_MAX_PARSES);
    CHECK(n > 0);
    int surn = fakt_morph_grammeme(d, "Surn"), gent = fakt_morph_grammeme(d, "gent");
    CHECK(surn >= 0 && gent >= 0 && fakt_morph_grammeme(d, "nosuch") == -1);
    CHECK(fakt_morph_tag_has(d, mp[0].tag, surn));
    CHECK_INT(fakt_morph_tag_pos(d, mp[0].tag), fakt_morph_grammeme(d, "NOUN"));
    CHECK_INT(mp[0].kind, FAKT_MK_PREDICT);
    CHECK(fakt_morph_tag_count(d) > 4880);
    CHECK_STR(fakt_morph_tag_name(d, mp[0].tag), "NOUN,anim,masc,Sgtm,Surn sing,gent");
    fakt_morph_lemma(d, "Мирзиёева", strlen("Мирзиёева"), &mp[0], b, sizeof b);
    CHECK_STR(b, "мирзиёев");
    CHECK_INT(fakt_morph_parse(d, "стали", strlen("стали"), mp, 2), 2); /* max respected */
    CHECK_INT(fakt_morph_parse(d, "", 0, mp, 8), 0);

    /* ё: е may read ё, the lemma has it */
    CHECK_STR(best(d, "еще", b, sizeof b), "ещё PRCL");
    CHECK(has(d, "все", "всё ADVB") && has(d, "все", "весь ADJF,Subx,Apro plur,nomn"));
    n = fakt_morph_parse(d, "ежик", strlen("ежик"), mp, FAKT_MORPH_MAX_PARSES);
    CHECK(n > 0);
    fakt_morph_form(d, "ежик", strlen("ежик"), &mp[0], b, sizeof b);
    CHECK_STR(b, "ёжик");

    /* hyphens */
    CHECK_STR(best(d, "интернет-магазин", b, sizeof b), "интернет-магазин NOUN,inan,masc sing,nomn");
    CHECK_STR(best(d, "смотри-ка", b, sizeof b), "смотреть-ка VERB,impf,tran sing,impr,excl");
    CHECK_STR(best(d, "по-русски", b, sizeof b), "по-русски ADVB");
    CHECK(has(d, "человек-гора", "человек-гора NOUN,anim,masc sing,nomn"));
    CHECK(has(d, "кто-нибудь", "кто-нибудь NPRO,masc sing,nomn"));
    CHECK(has(d, "вице-премьера", "вице-премьер NOUN,anim,masc sing,gent"));

    /* guesses: known prefix, suffix */
    CHECK_STR(best(d, "бутявкать", b, sizeof b), "бутявкать INFN,impf,intr");
    CHECK(has(d, "псевдокошка", "псевдокошка NOUN,anim,femn sing,nomn"));
    CHECK(has(d, "наибыстрейший", "быстрый ADJF,Supr,Qual masc,sing,nomn"));

    /* word classes */
    CHECK_STR(best(d, "1998", b, sizeof b), "1998 NUMB,intg");
    CHECK_STR(best(d, "3,14", b, sizeof b), "3,14 NUMB,real");
    CHECK_STR(best(d, "-2.5", b, sizeof b), "-2.5 NUMB,real");
    CHECK(has(d, "XIV", "xiv ROMN") && has(d, "XIV", "xiv LATN"));
    CHECK_STR(best(d, "iPhone", b, sizeof b), "iphone LATN");
    CHECK_STR(best(d, "COVID-19", b, sizeof b), "covid-19 LATN");
    CHECK_STR(best(d, ",", b, sizeof b), ", PNCT");
    CHECK_STR(best(d, "«", b, sizeof b), "« PNCT");
    CHECK_STR(best(d, "ыыы", b, sizeof b), "ыыы UNKN");
    CHECK_STR(best(d, "$", b, sizeof b), "$ UNKN");
    CHECK(has(d, "А", "а NOUN,anim,masc,Sgtm,Name,Fixd,Abbr,Init sing,nomn"));
    CHECK(has(d, "А", "а NOUN,anim,femn,Sgtm,Patr,Fixd,Abbr,Init sing,loct"));
    CHECK(!has(d, "а", "а NOUN,anim,masc,Sgtm,Name,Fixd,Abbr,Init sing,nomn"));
    /* too long, odd bytes: a parse, no crash */
    char longw[400];
    memset(longw, 'a', sizeof longw - 1);
    longw[sizeof longw - 1] = 0;
    CHECK_INT(fakt_morph_parse(d, longw, strlen(longw), mp, 4), 1);
    CHECK_INT(fakt_morph_parse(d, "\xff\xfe\xd0", 3, mp, 4) >= 1, 1);
    CHECK_INT(fakt_morph_analyze(d, "\xff", 1, &ps, &e), FAKT_EUTF8);

    /* inflection as pymorphy2's Parse.inflect */
    CHECK_STR(infl(d, "Мирзиёева", "nomn", b, sizeof b), "мирзиёев");
    CHECK_STR(infl(d, "Шавката", "nomn", b, sizeof b), "шавкат");
    CHECK_STR(infl(d, "Казахстана", "nomn", b, sizeof b), "казахстан");
    CHECK_STR(infl(d, "стол", "plur", b, sizeof b), "столы");
    CHECK_STR(infl(d, "стол", "plur,datv", b, sizeof b), "столам");
    CHECK_STR(infl(d, "красный", "femn", b, sizeof b), "красная");
    CHECK_STR(infl(d, "красного", "nomn", b, sizeof b), "красный");
    CHECK_STR(infl(d, "человек-гора", "gent", b, sizeof b), "человек-горы"); /* best: fixed left part */
    CHECK_STR(infl_tag(d, "человек-гора", "NOUN,anim,masc sing,nomn", "gent", b, sizeof b), "человека-горы");
    CHECK_STR(infl_tag(d, "человек-гора", "NOUN,anim,masc sing,nomn", "plur", b, sizeof b), "люди-горы");
    CHECK_STR(infl(d, "интернет-магазина", "nomn", b, sizeof b), "интернет-магазин");
    CHECK_STR(infl(d, "ежика", "nomn", b, sizeof b), "ёжик");
    CHECK_STR(infl(d, "стол", "femn,ablt,plur,voct", b, sizeof b), "");
    CHECK_INT(fakt_morph_analyze(d, "стол", strlen("стол"), &ps, NULL), FAKT_OK);
    char *o;
    CHECK_INT(fakt_morph_inflect(d, fakt_parses_get(ps, 0), "nosuch", &o, &e), FAKT_EINVAL);
    CHECK_INT(fakt_morph_inflect(d, fakt_parses_get(ps, 0), "VERB", &o, &e), FAKT_ENOTFOUND);
    fakt_parses_free(ps);

    check_table(d);
    check_damaged(fakt_test_dict_dir);
    check_hot_file(fakt_test_dict_dir);
    if (fakt_morph_hot_count(d))
        check_hot_words(d);
    else
        fakt_test_skip("morph: no hot table (make hotdict): only the built-on-the-fly one tested");
}

/* Parse lists equal field by field (the struct has padding). */
static int same_parses(const fakt_mparse *x, const fakt_mparse *y, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (x[i].para != y[i].para || x[i].form != y[i].form || x[i].tag != y[i].tag ||
            x[i].score != y[i].score || x[i].kind != y[i].kind || x[i].fixed != y[i].fixed ||
            x[i].aux != y[i].aux || x[i].suffix != y[i].suffix || x[i].split != y[i].split ||
            x[i].fixed2 != y[i].fixed2 || x[i].form2 != y[i].form2 || x[i].para2 != y[i].para2 ||
            x[i].yo != y[i].yo)
            return 0;
    return 1;
}

/* The document parse cache (src/morph/pcache.c) answers what the analyser
 * does, for any bound, on first and repeated asks, and keeps answering
 * (uncached) once its table is full. */
FAKT_SUITE(pcache)
{
    const fakt_dict *d = fakt_test_dict();
    if (!d) {
        fakt_test_skip("pcache: no dictionary");
        return;
    }
    static const char text[] = "стали стекло Жапаров Жапарова жапаровы Бишкек мама ёжик ЕЖИК "
                               "xyz 123 по-новому Кыргызгаз Кыргызгаза кыргызгазу";
    fakt_arena a;
    fakt_arena_init(&a);
    fakt_pcache c;
    CHECK_INT(fakt_pcache_init(&c, d, &a, 4), FAKT_OK); /* a tiny table: 64 slots */
    static const size_t bounds[] = {32, 1, 8, 24, 32, 3};
    int same = 1;
    for (int round = 0; round < 6; round++) {
        size_t max = bounds[round];
        const char *p = text;
        while (*p) {
            const char *q = strchr(p, ' ');
            size_t n = q ? (size_t)(q - p) : strlen(p);
            fakt_mparse x[32], y[32];
            size_t nx = fakt_pcache_parse(&c, p, n, x, max);
            size_t ny = fakt_morph_parse(d, p, n, y, max);
            if (nx != ny || !same_parses(x, y, nx)) {
                fprintf(stderr, "pcache: %.*s (max %zu) differs\n", (int)n, p, max);
                same = 0;
            }
            p += n;
            while (*p == ' ')
                p++;
        }
    }
    CHECK(same);
    CHECK(c.fill > 10 && c.fill <= 48);
    /* Past three quarters full: answers still right, nothing kept. */
    char words[60][32];
    for (int i = 0; i < 60; i++) {
        snprintf(words[i], sizeof words[i], "слово%d", i);
        fakt_mparse x[8], y[8];
        size_t nx = fakt_pcache_parse(&c, words[i], strlen(words[i]), x, 8);
        size_t ny = fakt_morph_parse(d, words[i], strlen(words[i]), y, 8);
        CHECK(nx == ny && same_parses(x, y, nx));
    }
    CHECK_INT(c.fill, 48);
    fakt_arena_free(&a);
}

/* fakt_morph_prefetch reads the hot table's slot to find the entry to
 * fetch: on any word — known, unknown, damaged, too long, empty — it reads
 * nothing out of bounds (the ASan run checks) and parsing after it answers
 * as before. */
FAKT_SUITE(morph_prefetch)
{
    const fakt_dict *d = fakt_test_dict();
    fakt_morph_prefetch(NULL, "мама", 8, 0);
    fakt_morph_prefetch(d, NULL, 0, 1);
    if (!d) {
        fakt_test_skip("morph_prefetch: no dictionary");
        return;
    }
    char longw[400];
    memset(longw, 'a', sizeof longw);
    const char *words[] = {"мама", "Бишкек", "Жапарова", "стали", "ЁЖИК", "xyz", "по-новому", "", "\xff\xfe",
                           "12", "слово\xd0", longw};
    size_t lens[] = {8, 12, 16, 10, 8, 3, 17, 0, 2, 2, 11, sizeof longw};
    int same = 1;
    for (int stage = 0; stage < 2; stage++)
        for (size_t i = 0; i < sizeof words / sizeof words[0]; i++) {
            fakt_mparse x[32], y[32];
            size_t ny = fakt_morph_parse(d, words[i], lens[i], y, 32);
            fakt_morph_prefetch(d, words[i], lens[i], stage);
            size_t nx = fakt_morph_parse(d, words[i], lens[i], x, 32);
            same &= nx == ny && same_parses(x, y, nx);
        }
    CHECK(same);
}

/*
 * fuzz_dict.c — damaged dictionaries: the input picks one file of the
 * dictionary (first byte), maybe truncates it (second byte and the next
 * four), then overwrites bytes at chosen offsets (pairs of a 4-byte offset
 * and a byte).  The loader must refuse (FAKT_EFORMAT) or accept; an
 * accepted dictionary is then used for a few words.  Never a crash.
 * FAKT_DICT names the pristine dictionary; the copy lives in /dev/shm.
 * The hot table (fakt-hot.fkd) is one of the files when the dictionary has
 * one; a damaged table usually fails its checksum, so every other input
 * damages it after resealing the checksum, which reaches the lookups.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/core.h"
#include "morph/mdict.h"
#include "morph/morph.h"

static const char *files[] = {"words.dawg", "paradigms.array", "gramtab-opencorpora-int.json",
                              "suffixes.json", "grammemes.json", "meta.json",
                              "prediction-suffixes-0.dawg", "prediction-suffixes-1.dawg",
                              "prediction-suffixes-2.dawg", "p_t_given_w.intdawg", FAKT_HOT_FILE};
#define NF 11
static int nf = 10; /* 11 with a hot table */
static char *orig[NF];
static size_t orig_len[NF];
static char dir[64];

static void put(int i, const char *data, size_t n)
{
    char path[256];
    snprintf(path, sizeof path, "%s/%s", dir, files[i]);
    FILE *f = fopen(path, "wb");
    if (!f)
        abort();
    fwrite(data, 1, n, f);
    fclose(f);
}

static void setup(void)
{
    const char *src = getenv("FAKT_DICT") ? getenv("FAKT_DICT") : "data/dict";
    snprintf(dir, sizeof dir, "/dev/shm/fakt-fuzz-dict-%d", (int)getpid());
    if (mkdir(dir, 0700) && access(dir, F_OK))
        snprintf(dir, sizeof dir, "/tmp/fakt-fuzz-dict-%d", (int)getpid()), mkdir(dir, 0700);
    for (int i = 0; i < NF; i++) {
        char path[1024];
        snprintf(path, sizeof path, "%s/%s", src, files[i]);
        if (i == NF - 1 && access(path, F_OK) != 0)
            break; /* no hot table */
        if (fakt_read_file(path, &orig[i], &orig_len[i], NULL) != FAKT_OK)
            abort();
        put(i, orig[i], orig_len[i]);
        nf = i + 1;
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (!orig[0])
        setup();
    if (size < 6)
        return 0;
    int which = data[0] % nf;
    size_t n = orig_len[which];
    if (data[1] & 1) {
        uint32_t t;
        memcpy(&t, data + 2, 4);
        n = t % (n + 1);
    }
    char *copy = malloc(orig_len[which] + 1);
    memcpy(copy, orig[which], orig_len[which]);
    for (size_t i = 6; i + 5 <= size; i += 5) {
        uint32_t off;
        memcpy(&off, data + i, 4);
        if (n)
            copy[off % n] = (char)data[i + 4];
    }
    if (which == NF - 1 && (data[1] & 2) && n >= 16) { /* reseal the checksum */
        uint64_t h = fakt_md_hash64(copy, n - 8, 0);
        for (int k = 0; k < 8; k++)
            copy[n - 8 + k] = (char)(h >> (8 * k));
    }
    put(which, copy, n);
    free(copy);
    fakt_dict *d = NULL;
    fakt_error e;
    int rc = fakt_dict_open(dir, &d, &e);
    if (rc != FAKT_OK && rc != FAKT_EFORMAT && rc != FAKT_EIO)
        abort();
    if (d) {
        static const char *w[] = {"стали", "Мирзиёева", "бутявкать", "интернет-магазин", "еще",
                                  "XIV", "по-русски", "смотри-ка", "псевдокошка", "ёжика"};
        for (int k = 0; k < 10; k++) {
            fakt_mparse mp[FAKT_MORPH_MAX_PARSES];
            char buf[512];
            size_t np = fakt_morph_parse(d, w[k], strlen(w[k]), mp, FAKT_MORPH_MAX_PARSES);
            for (size_t j = 0; j < np; j++) {
                fakt_morph_lemma(d, w[k], strlen(w[k]), &mp[j], buf, sizeof buf);
                fakt_morph_inflect_to(d, w[k], strlen(w[k]), &mp[j], "plur,gent", buf, sizeof buf, NULL);
                (void)fakt_morph_tag_name(d, mp[j].tag);
            }
        }
        fakt_dict_free(d);
    }
    put(which, orig[which], orig_len[which]);
    return 0;
}

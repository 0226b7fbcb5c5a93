/*
 * gaz.c — resources read at training time and folded into the model:
 * gazetteers from Debian's iso-codes translations and word clusters.
 *
 * iso-codes ships gettext catalogues (.mo): the Russian names of countries
 * (3166-1), of former countries (3166-3), of subdivisions (3166-2) and of
 * currencies (4217).  Reading the binary .mo format directly needs no
 * gettext at runtime and no generated files in the repository; the names
 * enter the model only as hashed word stems with flags, so the tagger sees
 * «Казахстана» and «Казахстаном» as the gazetteer's «Казахстан» without a
 * dictionary.  Word clusters (models/clusters.tsv, computed from the
 * unlabeled news corpus) give every word three cluster ids that generalize
 * from the words the annotated corpora show to those they do not.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "nerint.h"

static uint32_t le32(const unsigned char *p, int big)
{
    return big ? (uint32_t)p[3] | (uint32_t)p[2] << 8 | (uint32_t)p[1] << 16 | (uint32_t)p[0] << 24
               : (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

/* Adds the words of one name: a single word gets `one`, each capitalized
 * word of a longer name gets `part`. */
static void add_name(fakt_ner_htab *gaz, const char *s, size_t n, uint32_t one, uint32_t part)
{
    size_t i = 0, nw = 0;
    size_t w0[16], w1[16];
    while (i < n && nw < 16) {
        while (i < n && (s[i] == ' ' || s[i] == ',' || s[i] == '(' || s[i] == ')'))
            i++;
        if (i >= n)
            break;
        w0[nw] = i;
        while (i < n && !(s[i] == ' ' || s[i] == ',' || s[i] == '(' || s[i] == ')'))
            i++;
        w1[nw++] = i;
    }
    for (size_t k = 0; k < nw; k++) {
        char low[128];
        size_t ln = fakt_ner_lower(s + w0[k], w1[k] - w0[k], low, sizeof low);
        if (!ln)
            continue;
        int cap = memcmp(low, s + w0[k], ln < w1[k] - w0[k] ? ln : w1[k] - w0[k]) != 0;
        uint32_t flag = nw == 1 ? one : part;
        if (nw > 1 && !cap && part != FAKT_GAZ_CURRENCY)
            continue; /* «острова», «и»: not name words */
        size_t sl = fakt_ner_stem(low, ln);
        fakt_ner_htab_put(gaz, fakt_ner_hash(low, sl) | 1, flag, 1);
    }
}

/* Reads one .mo catalogue, adding every translation. */
static size_t read_mo(const char *path, fakt_ner_htab *gaz, uint32_t one, uint32_t part)
{
    char *data;
    size_t n;
    if (fakt_read_file(path, &data, &n, NULL) != FAKT_OK)
        return 0;
    const unsigned char *p = (const unsigned char *)data;
    size_t added = 0;
    if (n >= 20) {
        int big = le32(p, 0) == 0xde120495u;
        if (big || le32(p, 0) == 0x950412deu) {
            uint32_t cnt = le32(p + 8, big), tr = le32(p + 16, big);
            for (uint32_t i = 1; i < cnt; i++) { /* entry 0 is the header */
                if ((uint64_t)tr + 8ull * i + 8 > n)
                    break;
                uint32_t len = le32(p + tr + 8 * i, big), off = le32(p + tr + 8 * i + 4, big);
                if ((uint64_t)off + len > n || fakt_utf8_check(data + off, strnlen(data + off, len), NULL))
                    continue;
                add_name(gaz, data + off, strnlen(data + off, len), one, part);
                added++;
            }
        }
    }
    free(data);
    return added;
}

size_t fakt_ner_gaz_isocodes(const char *dir, fakt_ner_htab *gaz)
{
    static const struct {
        const char *file;
        uint32_t one, part;
    } cats[] = {
        {"iso_3166-1.mo", FAKT_GAZ_COUNTRY, FAKT_GAZ_CPART},
        {"iso_3166-3.mo", FAKT_GAZ_COUNTRY, FAKT_GAZ_CPART},
        {"iso_3166-2.mo", FAKT_GAZ_REGION, FAKT_GAZ_REGION},
        {"iso_4217.mo", FAKT_GAZ_CURRENCY, FAKT_GAZ_CURRENCY},
    };
    size_t total = 0;
    char path[4096];
    for (size_t i = 0; i < sizeof cats / sizeof cats[0]; i++) {
        snprintf(path, sizeof path, "%s/%s", dir, cats[i].file);
        total += read_mo(path, gaz, cats[i].one, cats[i].part);
    }
    return total;
}

int fakt_ner_read_clusters(const char *path, fakt_ner_htab *lex, fakt_error *err)
{
    FILE *f = fopen(path, "r");
    if (!f)
        return fakt_err(err, FAKT_EIO, "cannot open clusters file %s", path);
    char line[1024];
    while (fgets(line, sizeof line, f)) {
        char *t1 = strchr(line, '\t');
        if (!t1)
            continue;
        *t1 = 0;
        unsigned a, b, c;
        if (sscanf(t1 + 1, "%u %u %u", &a, &b, &c) != 3)
            continue;
        size_t wl = strlen(line);
        if (fakt_utf8_check(line, wl, NULL) != FAKT_OK)
            continue;
        char low[256];
        size_t ln = fakt_ner_lower(line, wl, low, sizeof low);
        uint32_t v = (a & 0x3Fu) | (b & 0xFFu) << 6 | (c & 0x3FFu) << 14 | FAKT_LEX_CLUS | FAKT_LEX_ANY;
        if (fakt_ner_htab_put(lex, fakt_ner_hash(low, ln), v, 0) != FAKT_OK) {
            fclose(f);
            return fakt_err(err, FAKT_ENOMEM, "out of memory reading clusters");
        }
    }
    fclose(f);
    return FAKT_OK;
}

/* The capitalized share cap/mid as a bucket 1..7; 0 when too few seen. */
static uint32_t cap_bucket(unsigned long mid, unsigned long cap)
{
    if (mid < 5)
        return 0;
    double r = (double)cap / (double)mid;
    return r < 0.02 ? 1 : r < 0.1 ? 2 : r < 0.3 ? 3 : r < 0.7 ? 4 : r < 0.9 ? 5 : r < 0.98 ? 6 : 7;
}

long fakt_ner_read_wordstats(const char *path, fakt_ner_htab *lex, fakt_error *err)
{
    FILE *f = fopen(path, "r");
    if (!f)
        return fakt_err(err, FAKT_EIO, "cannot open word statistics %s", path), -1;
    char line[1024];
    long n = 0;
    while (fgets(line, sizeof line, f)) {
        char *t1 = strchr(line, '\t');
        if (!t1)
            continue;
        *t1 = 0;
        unsigned long mid, cap, orgq, city, upper = 0;
        if (sscanf(t1 + 1, "%lu %lu %lu %lu %lu", &mid, &cap, &orgq, &city, &upper) < 4)
            continue;
        size_t wl = strlen(line);
        if (!wl || fakt_utf8_check(line, wl, NULL) != FAKT_OK)
            continue;
        char low[256];
        size_t ln = fakt_ner_lower(line, wl, low, sizeof low);
        uint64_t h = fakt_ner_hash(low, ln);
        uint32_t v = cap_bucket(mid, cap) << 24 | FAKT_LEX_ANY;
        /* Often quoted after «компания», «банк», «партия»...: a word of
         * organization names («Вымпелком», «Единая»). */
        if (orgq >= 3 && orgq * 20 >= mid + orgq)
            v |= FAKT_LEX_ORGQ;
        /* After «г.», «город», «село»: a settlement name. */
        if (city >= 3 && city * 50 >= cap)
            v |= FAKT_LEX_CITY;
        /* Mostly in capitals inside sentences: an abbreviation («МВД»). */
        if (upper >= 3 && upper * 2 >= mid)
            v |= FAKT_LEX_UPPER;
        uint32_t old = fakt_ner_htab_get(lex, h);
        if (fakt_ner_htab_put(lex, h, old | v, 0) != FAKT_OK) {
            fclose(f);
            return fakt_err(err, FAKT_ENOMEM, "out of memory reading word statistics"), -1;
        }
        n++;
    }
    fclose(f);
    return n;
}

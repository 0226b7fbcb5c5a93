/*
 * fuzz_morph.c — arbitrary bytes through the analyser: each line is a word
 * (any bytes: the fast path must not crash on invalid UTF-8 either), parsed,
 * its lemmas, forms and inflections built.  FAKT_DICT names the dictionary.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "morph/morph.h"

static fakt_dict *dict;

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (!dict) {
        const char *dir = getenv("FAKT_DICT") ? getenv("FAKT_DICT") : "data/dict";
        if (fakt_dict_open(dir, &dict, NULL) != FAKT_OK)
            abort();
    }
    static const char *gr[] = {"nomn", "plur,datv", "femn", "gent", "VERB", "loc2", "sing,ablt"};
    const char *p = (const char *)data, *end = p + size;
    while (p < end) {
        const char *nl = memchr(p, '\n', (size_t)(end - p));
        size_t n = nl ? (size_t)(nl - p) : (size_t)(end - p);
        if (n > 300)
            n = 300;
        fakt_mparse mp[FAKT_MORPH_MAX_PARSES];
        char buf[512];
        size_t k = fakt_morph_parse(dict, p, n, mp, FAKT_MORPH_MAX_PARSES);
        for (size_t i = 0; i < k; i++) {
            fakt_morph_lemma(dict, p, n, &mp[i], buf, sizeof buf);
            fakt_morph_form(dict, p, n, &mp[i], buf, sizeof buf);
            fakt_morph_inflect_to(dict, p, n, &mp[i], gr[i % 7], buf, sizeof buf, NULL);
            (void)fakt_morph_tag_name(dict, mp[i].tag);
        }
        fakt_parses *ps;
        if (fakt_morph_analyze(dict, p, n, &ps, NULL) == FAKT_OK) {
            if (fakt_parses_count(ps)) {
                char *o;
                if (fakt_morph_inflect(dict, fakt_parses_get(ps, 0), gr[n % 7], &o, NULL) == FAKT_OK)
                    fakt_free(o);
            }
            fakt_parses_free(ps);
        }
        p += n + (nl ? 1 : 0);
        if (nl && p <= nl)
            p = nl + 1;
    }
    return 0;
}

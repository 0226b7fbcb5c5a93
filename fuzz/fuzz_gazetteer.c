/* fuzz_gazetteer.c — arbitrary bytes as a user gazetteer file: refused with
 * a message or loaded; when loaded, matched against a fixed text. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "fakt.h"

int LLVMFuzzerTestOneInput(const unsigned char *data, size_t size);
int LLVMFuzzerTestOneInput(const unsigned char *data, size_t size)
{
    static fakt_dict *dict;
    static int loaded;
    static char path[64];
    if (!loaded) {
        loaded = 1;
        const char *dd = getenv("FAKT_DICT");
        if (fakt_dict_open(dd ? dd : "data/dict", &dict, NULL) != FAKT_OK)
            dict = NULL;
        snprintf(path, sizeof path, "/tmp/fakt-fuzz-gz-%d.tsv", (int)getpid());
    }
    FILE *f = fopen(path, "wb");
    if (!f)
        return 0;
    fwrite(data, 1, size, f);
    fclose(f);
    fakt_gazetteer *g = NULL;
    fakt_error e;
    int rc = fakt_gazetteer_open(path, dict, &g, &e);
    unlink(path); /* read whole at open; leave nothing in /tmp */
    if (rc == FAKT_OK) {
        static const char text[] = "Глава «Северного холдинга» Иван Петров прилетел в Верхние Луки.";
        fakt_doc *doc = NULL;
        if (fakt_doc_analyze_gaz(dict, NULL, g, text, sizeof text - 1, &doc, &e) == FAKT_OK) {
            for (size_t i = 0; i < fakt_doc_entity_count(doc); i++) {
                const fakt_entity *en = fakt_doc_entity(doc, i);
                if (en->span.end <= en->span.start || en->span.byte_end > sizeof text - 1)
                    abort();
            }
            fakt_doc_free(doc);
        }
        fakt_gazetteer_free(g);
    } else if (!e.msg[0]) {
        abort(); /* a refusal always explains itself */
    }
    return 0;
}

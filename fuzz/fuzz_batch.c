/* fuzz_batch.c — untrusted JSON Lines records through `fakt batch`'s line
 * handler (jansson parse, id echo, pipeline, output).  The output must be
 * one line of valid UTF-8, and every record must give one (error or not). */
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "core/core.h"

static fakt_dict *dict;
static fakt_model *model;

int LLVMFuzzerTestOneInput(const unsigned char *data, size_t size);
int LLVMFuzzerTestOneInput(const unsigned char *data, size_t size)
{
    static int loaded;
    if (!loaded) {
        loaded = 1;
        const char *dd = getenv("FAKT_DICT"), *mm = getenv("FAKT_MODEL");
        if (fakt_dict_open(dd ? dd : "data/dict", &dict, NULL) != FAKT_OK)
            dict = NULL;
        if (fakt_model_open(mm ? mm : "models/ner.fkm", &model, NULL) != FAKT_OK)
            model = NULL;
    }
    size_t olen = 0;
    int failed = 0;
    char *out = fakt_cli_batch_line(dict, model, NULL, FAKT_JSON_TOKENS | FAKT_JSON_PROFESSIONS,
                                    (const char *)data, size, 1, &olen, &failed);
    if (!out)
        abort(); /* only out-of-memory may give no line */
    if (memchr(out, '\n', olen) || fakt_utf8_check(out, olen, NULL) != FAKT_OK)
        abort();
    free(out);
    return 0;
}

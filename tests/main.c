/* main.c — runs every suite (or those named on the command line) and ends
 * with "unit: N passed, N failed" where N counts checks. */
#include <stdlib.h>
#include <sys/stat.h>

#include "harness.h"

int fakt_test_checks, fakt_test_failures;
const char *fakt_test_dict_dir;
const char *fakt_test_shared_dir;
static fakt_dict *dict;
static int dict_tried;
static fakt_model *model;
static int model_tried;

#define X(name) void fakt_suite_##name(void);
#include "suites.h"
#undef X

static const struct {
    const char *name;
    void (*fn)(void);
} suites[] = {
#define X(name) {#name, fakt_suite_##name},
#include "suites.h"
#undef X
};

const fakt_dict *fakt_test_dict(void)
{
    if (!dict_tried) {
        fakt_error e;
        dict_tried = 1;
        if (fakt_dict_open(fakt_test_dict_dir, &dict, &e) != FAKT_OK) {
            fprintf(stderr, "note: dictionary %s: %s\n", fakt_test_dict_dir, e.msg);
            dict = NULL;
        }
    }
    return dict;
}

const fakt_model *fakt_test_model(void)
{
    if (!model_tried) {
        model_tried = 1;
        const char *p = getenv("FAKT_MODEL") ? getenv("FAKT_MODEL") : "models/ner.fkm";
        if (fakt_model_open(p, &model, NULL) != FAKT_OK)
            model = NULL;
    }
    return model;
}

void fakt_test_skip(const char *why) { fprintf(stderr, "skip: %s\n", why); }

int main(int argc, char **argv)
{
    struct stat st;
    fakt_test_dict_dir = getenv("FAKT_DICT") ? getenv("FAKT_DICT") : "data/dict";
    const char *sh = getenv("FAKT_SHARED") ? getenv("FAKT_SHARED") : "../shared";
    fakt_test_shared_dir = (stat(sh, &st) == 0 && S_ISDIR(st.st_mode)) ? sh : NULL;
    size_t n = sizeof suites / sizeof suites[0];
    for (size_t i = 0; i < n; i++) {
        int run = argc < 2;
        for (int a = 1; a < argc; a++)
            run |= strcmp(argv[a], suites[i].name) == 0;
        if (!run)
            continue;
        int before = fakt_test_failures;
        suites[i].fn();
        fprintf(stderr, "suite %-12s %s\n", suites[i].name,
                fakt_test_failures == before ? "ok" : "FAILED");
    }
    fakt_dict_free(dict);
    fakt_model_free(model);
    printf("unit: %d passed, %d failed\n", fakt_test_checks - fakt_test_failures,
           fakt_test_failures);
    return fakt_test_failures ? 1 : 0;
}

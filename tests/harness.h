/*
 * harness.h — the one small test harness.  A test file defines suites:
 *
 *     FAKT_SUITE(core) { CHECK(1 + 1 == 2); CHECK_STR(s, "x"); }
 *
 * The build collects every FAKT_SUITE line into the suite list, so adding
 * a suite is writing it.  Failures print file:line and go on.
 */
#ifndef FAKT_HARNESS_H
#define FAKT_HARNESS_H

#include <stdio.h>
#include <string.h>

#include "fakt.h"

extern int fakt_test_checks, fakt_test_failures;
/* Paths tests may need: the dictionary dir and the shared corpora root
 * (NULL when absent: tests that need them skip and say so). */
extern const char *fakt_test_dict_dir;
extern const char *fakt_test_shared_dir;
const fakt_dict *fakt_test_dict(void); /* opened once; NULL if missing */
/* The NER model ($FAKT_MODEL or models/ner.fkm), opened once; NULL if missing. */
const fakt_model *fakt_test_model(void);
void fakt_test_skip(const char *why);

#define FAKT_SUITE(name) void fakt_suite_##name(void); void fakt_suite_##name(void)

#define CHECK(cond)                                                            \
    do {                                                                       \
        fakt_test_checks++;                                                    \
        if (!(cond)) {                                                         \
            fakt_test_failures++;                                              \
            fprintf(stderr, "%s:%d: CHECK failed: %s\n", __FILE__, __LINE__,   \
                    #cond);                                                    \
        }                                                                      \
    } while (0)

#define CHECK_INT(a, b)                                                        \
    do {                                                                       \
        long long fa_ = (long long)(a), fb_ = (long long)(b);                  \
        fakt_test_checks++;                                                    \
        if (fa_ != fb_) {                                                      \
            fakt_test_failures++;                                              \
            fprintf(stderr, "%s:%d: %s == %lld, want %lld\n", __FILE__,        \
                    __LINE__, #a, fa_, fb_);                                   \
        }                                                                      \
    } while (0)

#define CHECK_STR(a, b)                                                        \
    do {                                                                       \
        const char *fa_ = (a), *fb_ = (b);                                     \
        fakt_test_checks++;                                                    \
        if (!fa_ || !fb_ || strcmp(fa_, fb_) != 0) {                           \
            fakt_test_failures++;                                              \
            fprintf(stderr, "%s:%d: %s == \"%s\", want \"%s\"\n", __FILE__,    \
                    __LINE__, #a, fa_ ? fa_ : "(null)", fb_ ? fb_ : "(null)"); \
        }                                                                      \
    } while (0)

#endif

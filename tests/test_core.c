/* test_core.c — arena, buffer/JSON escaping, UTF-8 checks. */
#include <stdlib.h>

#include "core/core.h"
#include "harness.h"

FAKT_SUITE(core)
{
    /* arena: alignment, many allocations, big ones */
    fakt_arena a;
    fakt_arena_init(&a);
    int bad = 0;
    for (int i = 0; i < 10000; i++) {
        char *p = fakt_arena_alloc(&a, (size_t)(i % 100) + 1);
        if (!p || ((uintptr_t)p & 15u) != 0) {
            bad++;
            break;
        }
        p[0] = 1;
    }
    CHECK_INT(bad, 0);
    char *big = fakt_arena_alloc(&a, 10u << 20);
    CHECK(big != NULL);
    big[(10u << 20) - 1] = 1;
    CHECK_STR(fakt_arena_strndup(&a, "abcdef", 3), "abc");
    fakt_arena_free(&a);
    CHECK(a.head == NULL);

    /* JSON strings: quotes, backslashes, control characters, UTF-8 as is */
    fakt_buf b;
    fakt_buf_init(&b);
    fakt_buf_json_str(&b, "a\"b\\c\nd\x01Ё", 10);
    char *s = fakt_buf_take(&b, NULL);
    CHECK_STR(s, "\"a\\\"b\\\\c\\nd\\u0001Ё\"");
    free(s);
    fakt_buf_init(&b);
    for (int i = 0; i < 1000; i++)
        fakt_buf_printf(&b, "%d,", i);
    CHECK(b.len > 2000 && !b.failed);
    fakt_buf_free(&b);

    /* UTF-8 validation names the first bad byte */
    size_t off = 99;
    CHECK_INT(fakt_utf8_check("Привет", strlen("Привет"), &off), FAKT_OK);
    CHECK_INT(fakt_utf8_check("abc\xff", 4, &off), FAKT_EUTF8);
    CHECK_INT(off, 3);
    CHECK_INT(fakt_utf8_check("ab\0c", 4, &off), FAKT_EUTF8);
    CHECK_INT(off, 2);
    CHECK_INT(fakt_utf8_check("\xd0", 1, &off), FAKT_EUTF8); /* truncated */
    CHECK_INT(fakt_utf8_check("\xc0\xaf", 2, &off), FAKT_EUTF8); /* overlong */
    CHECK_INT(fakt_utf8_check("\xed\xa0\x80", 3, &off), FAKT_EUTF8); /* surrogate */
    CHECK_INT(fakt_utf8_check("\xf4\x90\x80\x80", 4, &off), FAKT_EUTF8); /* > U+10FFFF */
    CHECK_INT(fakt_utf8_check("0123456789abcdef\xe2\x80", 18, &off), FAKT_EUTF8);
    CHECK_INT(off, 16);
    char *r;
    size_t rl;
    CHECK_INT(fakt_utf8_repair("a\xff" "b", 3, &r, &rl), FAKT_OK);
    CHECK_STR(r, "a\xEF\xBF\xBD" "b");
    CHECK_INT(rl, 5);
    fakt_free(r);
    CHECK_INT(fakt_utf8_count("сто́ит", strlen("сто́ит")), 6);
    char enc[4];
    CHECK_INT(fakt_utf8_encode(0x1F600, enc), 4);
    size_t i = 0;
    CHECK_INT(fakt_utf8_next(enc, 4, &i), 0x1F600);

    CHECK_STR(fakt_strerror(FAKT_EUTF8), "invalid UTF-8");
    CHECK_STR(fakt_version(), FAKT_VERSION);
}

/* test_core.c — arena, buffer/JSON escaping, UTF-8 checks. */
#include <fcntl.h>
#include <stdint.h>
#include <stdlib.h>
#include <unistd.h>

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

/* An independent, slow reference validator for the fast one. */
static int ref_check(const unsigned char *s, size_t n, size_t *bad)
{
    for (size_t i = 0; i < n;) {
        unsigned c = s[i], k, min;
        uint32_t cp;
        if (c == 0) { *bad = i; return 1; }
        if (c < 0x80) { i++; continue; }
        if ((c & 0xE0) == 0xC0) { k = 2; cp = c & 0x1F; min = 0x80; }
        else if ((c & 0xF0) == 0xE0) { k = 3; cp = c & 0x0F; min = 0x800; }
        else if ((c & 0xF8) == 0xF0) { k = 4; cp = c & 0x07; min = 0x10000; }
        else { *bad = i; return 1; }
        if (i + k > n) { *bad = i; return 1; }
        for (unsigned j = 1; j < k; j++) {
            if ((s[i + j] & 0xC0) != 0x80) { *bad = i; return 1; }
            cp = (cp << 6) | (s[i + j] & 0x3F);
        }
        if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) { *bad = i; return 1; }
        i += k;
    }
    return 0;
}

FAKT_SUITE(utf8_random)
{
    /* Mixed Cyrillic/ASCII/3-4-byte text with random damage: the SIMD block
     * path and the scalar path must agree with the reference, offset too. */
    static const char *pieces[] = {"Москва", " ", "abc", "—", "«", "ё", "😀", "\n", "1,5 %", "é"};
    unsigned seed = 12345;
    int mismatches = 0;
    for (int round = 0; round < 3000; round++) {
        unsigned char buf[512];
        size_t n = 0;
        while (n < 400) {
            seed = seed * 1103515245u + 12345u;
            const char *p = pieces[(seed >> 16) % 10];
            size_t l = strlen(p);
            memcpy(buf + n, p, l);
            n += l;
        }
        int damage = round % 4;
        for (int d = 0; d < damage; d++) {
            seed = seed * 1103515245u + 12345u;
            buf[(seed >> 8) % n] = (unsigned char)(seed >> 24);
        }
        size_t b1 = 0, b2 = 0;
        int r1 = fakt_utf8_check((const char *)buf, n, &b1) != FAKT_OK;
        int r2 = ref_check(buf, n, &b2);
        if (r1 != r2 || (r1 && b1 != b2))
            mismatches++;
    }
    CHECK_INT(mismatches, 0);
}

FAKT_SUITE(map_huge)
{
    /* A file read into huge-page memory: the same bytes at the asked shift
     * past a 2 MB boundary, read-only region released by fakt_unmap; empty
     * and missing files refused with their path in the message. */
    char path[] = "/tmp/fakt-map-huge-XXXXXX";
    int fd = mkstemp(path);
    CHECK(fd >= 0);
    if (fd < 0)
        return;
    size_t n = 3u << 20; /* spans two huge pages */
    unsigned char *src = malloc(n);
    for (size_t i = 0; i < n; i++)
        src[i] = (unsigned char)(i * 2654435761u >> 13);
    CHECK(write(fd, src, n) == (ssize_t)n);
    close(fd);
    size_t shifts[] = {0, 16, 4095};
    for (int k = 0; k < 3; k++) {
        fakt_map m;
        const unsigned char *p = NULL;
        size_t got = 0;
        fakt_error e;
        CHECK_INT(fakt_map_huge(path, shifts[k], &m, &p, &got, &e), FAKT_OK);
        CHECK(got == n && p && memcmp(p, src, n) == 0);
        CHECK(((uintptr_t)p & ((2u << 20) - 1)) == shifts[k]);
        CHECK(m.size % (2u << 20) == 0 && m.size >= n + shifts[k]);
        fakt_unmap(&m);
        CHECK(m.data == NULL);
    }
    fakt_error e;
    fakt_map m;
    const unsigned char *p;
    size_t got;
    fd = open(path, O_WRONLY | O_TRUNC);
    close(fd);
    CHECK_INT(fakt_map_huge(path, 0, &m, &p, &got, &e), FAKT_EFORMAT);
    CHECK(strstr(e.msg, "empty") && strstr(e.msg, path));
    unlink(path);
    CHECK_INT(fakt_map_huge(path, 0, &m, &p, &got, &e), FAKT_EIO);
    CHECK(strstr(e.msg, path) != NULL);
    free(src);
}

/* buf.c — growable byte strings and JSON string escaping for the writers. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core.h"

void fakt_buf_init(fakt_buf *b) { memset(b, 0, sizeof *b); }

void fakt_buf_free(fakt_buf *b)
{
    free(b->data);
    memset(b, 0, sizeof *b);
}

void fakt_buf_reserve(fakt_buf *b, size_t extra)
{
    if (b->failed)
        return;
    if (extra > SIZE_MAX / 2 - b->len - 1) {
        b->failed = 1;
        return;
    }
    size_t need = b->len + extra + 1;
    if (need <= b->cap)
        return;
    size_t cap = b->cap ? b->cap : 256;
    while (cap < need)
        cap *= 2;
    char *p = realloc(b->data, cap);
    if (!p) {
        b->failed = 1;
        return;
    }
    b->data = p;
    b->cap = cap;
}

void fakt_buf_add(fakt_buf *b, const char *s, size_t n)
{
    fakt_buf_reserve(b, n);
    if (b->failed)
        return;
    memcpy(b->data + b->len, s, n);
    b->len += n;
    b->data[b->len] = 0;
}

void fakt_buf_puts(fakt_buf *b, const char *s) { fakt_buf_add(b, s, strlen(s)); }

void fakt_buf_putc(fakt_buf *b, char c) { fakt_buf_add(b, &c, 1); }

void fakt_buf_printf(fakt_buf *b, const char *fmt, ...)
{
    va_list ap;
    char tmp[256];
    va_start(ap, fmt);
    int n = vsnprintf(tmp, sizeof tmp, fmt, ap);
    va_end(ap);
    if (n < 0) {
        b->failed = 1;
        return;
    }
    if ((size_t)n < sizeof tmp) {
        fakt_buf_add(b, tmp, (size_t)n);
        return;
    }
    fakt_buf_reserve(b, (size_t)n);
    if (b->failed)
        return;
    va_start(ap, fmt);
    vsnprintf(b->data + b->len, (size_t)n + 1, fmt, ap);
    va_end(ap);
    b->len += (size_t)n;
}

void fakt_buf_json_str(fakt_buf *b, const char *s, size_t n)
{
    static const char hex[] = "0123456789abcdef";
    fakt_buf_reserve(b, n + 2);
    fakt_buf_putc(b, '"');
    size_t run = 0; /* start of the pending run of bytes needing no escape */
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c >= 0x20 && c != '"' && c != '\\')
            continue;
        fakt_buf_add(b, s + run, i - run);
        run = i + 1;
        switch (c) {
        case '"': fakt_buf_add(b, "\\\"", 2); break;
        case '\\': fakt_buf_add(b, "\\\\", 2); break;
        case '\n': fakt_buf_add(b, "\\n", 2); break;
        case '\r': fakt_buf_add(b, "\\r", 2); break;
        case '\t': fakt_buf_add(b, "\\t", 2); break;
        default: {
            char e[6] = {'\\', 'u', '0', '0', hex[c >> 4], hex[c & 15]};
            fakt_buf_add(b, e, 6);
        }
        }
    }
    fakt_buf_add(b, s + run, n - run);
    fakt_buf_putc(b, '"');
}

char *fakt_buf_take(fakt_buf *b, size_t *len)
{
    if (b->failed) {
        fakt_buf_free(b);
        return NULL;
    }
    if (!b->data)
        fakt_buf_reserve(b, 0);
    char *p = b->data;
    if (p)
        p[b->len] = 0;
    if (len)
        *len = b->len;
    memset(b, 0, sizeof *b);
    return p;
}

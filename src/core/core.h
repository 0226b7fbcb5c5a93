/*
 * core.h — private helpers every stage shares: the per-document arena, the
 * growable byte buffer (with JSON string escaping), errors, UTF-8 decoding.
 *
 * Private: not part of the API (see include/fakt.h).  Every global symbol
 * still carries the fakt_ prefix so the static library stays clean.
 */
#ifndef FAKT_CORE_H
#define FAKT_CORE_H

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include "fakt.h"

#define FAKT_UNUSED(x) ((void)(x))

/* ---- errors ---------------------------------------------------------- */

/* Fills err (if not NULL) with code and a printf-style message; returns code
 * so callers can `return fakt_err(err, FAKT_EIO, "...")`. */
int fakt_err(fakt_error *err, int code, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* ---- arena ----------------------------------------------------------- */

/* A bump allocator: many allocations, one free.  Per-document data lives in
 * one arena, so a document is released at once and nothing leaks per token.
 * Allocation returns NULL only when malloc does. */
typedef struct fakt_arena_block fakt_arena_block;
typedef struct fakt_arena {
    fakt_arena_block *head; /* current block (list of older ones behind) */
    size_t used;            /* bytes used in head */
    size_t cap;             /* capacity of head */
    size_t total;           /* bytes allocated in all blocks */
} fakt_arena;

void fakt_arena_init(fakt_arena *a);
void *fakt_arena_alloc(fakt_arena *a, size_t size);  /* 16-byte aligned */
void *fakt_arena_calloc(fakt_arena *a, size_t n, size_t size);
char *fakt_arena_strndup(fakt_arena *a, const char *s, size_t n);
/* Grows an array allocated in the arena (copying; old memory is not reused). */
void *fakt_arena_grow(fakt_arena *a, void *old, size_t old_size, size_t new_size);
void fakt_arena_reset(fakt_arena *a); /* frees all but keeps nothing */
void fakt_arena_free(fakt_arena *a);

/* ---- byte buffer ----------------------------------------------------- */

/* A growable NUL-terminated byte string on malloc.  On allocation failure
 * the buffer sets `failed` and further appends do nothing, so writers can
 * check once at the end. */
typedef struct fakt_buf {
    char *data;
    size_t len, cap;
    int failed;
} fakt_buf;

void fakt_buf_init(fakt_buf *b);
void fakt_buf_free(fakt_buf *b);
void fakt_buf_reserve(fakt_buf *b, size_t extra);
void fakt_buf_add(fakt_buf *b, const char *s, size_t n);
void fakt_buf_puts(fakt_buf *b, const char *s);
void fakt_buf_putc(fakt_buf *b, char c);
void fakt_buf_printf(fakt_buf *b, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
/* Appends s[0..n) as a JSON string literal, quotes included.  Input must be
 * valid UTF-8; control characters are escaped. */
void fakt_buf_json_str(fakt_buf *b, const char *s, size_t n);
/* Hands the data over (caller frees with free()); the buffer is emptied. */
char *fakt_buf_take(fakt_buf *b, size_t *len);

/* ---- UTF-8 ----------------------------------------------------------- */

/* Decodes one code point at s[*i] (s valid UTF-8, *i < n), advancing *i. */
static inline uint32_t fakt_utf8_next(const char *s, size_t n, size_t *i)
{
    const unsigned char *u = (const unsigned char *)s;
    size_t k = *i;
    uint32_t c = u[k];
    if (c < 0x80) {
        *i = k + 1;
        return c;
    }
    if (c < 0xE0 && k + 1 < n) {
        *i = k + 2;
        return ((c & 0x1F) << 6) | (u[k + 1] & 0x3F);
    }
    if (c < 0xF0 && k + 2 < n) {
        *i = k + 3;
        return ((c & 0x0F) << 12) | ((u[k + 1] & 0x3F) << 6) | (u[k + 2] & 0x3F);
    }
    if (k + 3 < n) {
        *i = k + 4;
        return ((c & 0x07) << 18) | ((u[k + 1] & 0x3F) << 12) |
               ((u[k + 2] & 0x3F) << 6) | (u[k + 3] & 0x3F);
    }
    *i = n; /* truncated: only on invalid input, which callers reject first */
    return 0xFFFD;
}

/* Encodes c into out (at least 4 bytes); returns the byte count. */
size_t fakt_utf8_encode(uint32_t c, char *out);

/* Number of code points in valid UTF-8 s[0..n). */
size_t fakt_utf8_count(const char *s, size_t n);

/* Case of Latin and Cyrillic letters (U+0400..U+04FF), other code points
 * unchanged; a letter and its other case have the same UTF-8 length. */
uint32_t fakt_cp_lower(uint32_t c);
uint32_t fakt_cp_upper(uint32_t c);

/* ---- files ----------------------------------------------------------- */

/* Reads a whole file (or stdin when path is "-" or NULL) into a malloc-ed
 * NUL-terminated buffer. */
int fakt_read_file(const char *path, char **out, size_t *len, fakt_error *err);

/* A read-only mapping of a whole file. */
typedef struct fakt_map {
    const unsigned char *data;
    size_t size;
} fakt_map;
int fakt_map_file(const char *path, fakt_map *m, fakt_error *err);
/* The whole file read into read-only memory in 2 MB huge pages (for tables
 * read at random); *bytes = its first byte, placed shift bytes past a
 * huge-page boundary, *n = its size.  Released by fakt_unmap. */
int fakt_map_huge(const char *path, size_t shift, fakt_map *m, const unsigned char **bytes, size_t *n,
                  fakt_error *err);
/* fakt_map_huge when huge, else fakt_map_file (shift ignored): the
 * file's bytes at *bytes, *n of them, either way. */
int fakt_map_load(const char *path, int huge, size_t shift, fakt_map *m, const unsigned char **bytes,
                  size_t *n, fakt_error *err);
void fakt_unmap(fakt_map *m);

#endif

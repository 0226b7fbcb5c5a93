/* arena.c — bump allocation in growing blocks; one free per document. */
#include <stdlib.h>
#include <string.h>

#include "core.h"

struct fakt_arena_block {
    fakt_arena_block *prev;
    size_t cap;
    _Alignas(16) unsigned char data[];
};

#define ARENA_MIN_BLOCK (64u * 1024u)

void fakt_arena_init(fakt_arena *a) { memset(a, 0, sizeof *a); }

void *fakt_arena_alloc(fakt_arena *a, size_t size)
{
    size = (size + 15u) & ~(size_t)15u;
    if (size == 0)
        size = 16;
    if (!a->head || a->cap - a->used < size) {
        /* Blocks double with the arena so a big document costs few mallocs. */
        size_t cap = a->total < ARENA_MIN_BLOCK ? ARENA_MIN_BLOCK : a->total;
        if (cap < size)
            cap = size;
        if (cap > SIZE_MAX - sizeof(fakt_arena_block))
            return NULL;
        fakt_arena_block *b = malloc(sizeof *b + cap);
        if (!b)
            return NULL;
        b->prev = a->head;
        b->cap = cap;
        a->head = b;
        a->cap = cap;
        a->used = 0;
        a->total += cap;
    }
    void *p = a->head->data + a->used;
    a->used += size;
    return p;
}

void *fakt_arena_calloc(fakt_arena *a, size_t n, size_t size)
{
    if (size && n > SIZE_MAX / size)
        return NULL;
    void *p = fakt_arena_alloc(a, n * size);
    if (p)
        memset(p, 0, n * size);
    return p;
}

char *fakt_arena_strndup(fakt_arena *a, const char *s, size_t n)
{
    char *p = fakt_arena_alloc(a, n + 1);
    if (p) {
        memcpy(p, s, n);
        p[n] = 0;
    }
    return p;
}

void *fakt_arena_grow(fakt_arena *a, void *old, size_t old_size, size_t new_size)
{
    void *p = fakt_arena_alloc(a, new_size);
    if (p && old && old_size)
        memcpy(p, old, old_size < new_size ? old_size : new_size);
    return p;
}

void fakt_arena_free(fakt_arena *a)
{
    fakt_arena_block *b = a->head;
    while (b) {
        fakt_arena_block *prev = b->prev;
        free(b);
        b = prev;
    }
    memset(a, 0, sizeof *a);
}

void fakt_arena_reset(fakt_arena *a) { fakt_arena_free(a); }

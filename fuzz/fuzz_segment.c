/*
 * fuzz_segment.c — libFuzzer target for the segmenter: bytes → UTF-8
 * check (invalid input is repaired, as the CLI's --repair does, so every
 * input reaches the segmenter) → fakt_segment, then the invariants every
 * later stage relies on: tokens non-empty, ordered, inside the text, on
 * code-point boundaries, byte and code-point offsets agreeing; sentences
 * non-empty, covering the tokens in order with no gap or overlap.
 */
#include <stdlib.h>
#include <string.h>

#include "core/core.h"
#include "text/segment.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void run(const char *s, size_t n)
{
    fakt_arena a;
    fakt_seg g;
    fakt_arena_init(&a);
    if (fakt_segment(s, n, &a, &g, NULL) != FAKT_OK)
        abort();
    uint32_t prev_b = 0, prev_c = 0;
    for (uint32_t i = 0; i < g.ntok; i++) {
        const fakt_token *t = &g.toks[i];
        if (t->b0 >= t->b1 || t->c0 >= t->c1 || t->b1 > n || t->b0 < prev_b || t->c0 < prev_c)
            abort();
        if (((unsigned char)s[t->b0] & 0xC0) == 0x80 ||
            (t->b1 < n && ((unsigned char)s[t->b1] & 0xC0) == 0x80))
            abort(); /* cut inside a code point */
        if (fakt_utf8_count(s, t->b0) != t->c0 || t->c1 - t->c0 != fakt_utf8_count(s + t->b0, t->b1 - t->b0))
            abort();
        if (t->kind < FAKT_TK_WORD || t->kind > FAKT_TK_OTHER)
            abort();
        prev_b = t->b1;
        prev_c = t->c1;
    }
    uint32_t next = 0;
    for (uint32_t i = 0; i < g.nsent; i++) {
        if (g.sents[i].t0 != next || g.sents[i].t1 <= g.sents[i].t0 || g.sents[i].t1 > g.ntok)
            abort();
        next = g.sents[i].t1;
    }
    if (next != g.ntok)
        abort();
    fakt_arena_free(&a);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const char *s = (const char *)data;
    size_t bad;
    if (fakt_utf8_check(s, size, &bad) == FAKT_OK) {
        run(s, size);
    } else {
        char *r;
        size_t rn;
        if (fakt_utf8_repair(s, size, &r, &rn) == FAKT_OK) {
            run(r, rn);
            fakt_free(r);
        }
    }
    return 0;
}

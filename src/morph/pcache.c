/*
 * pcache.c — a document's parses, memoized: the word forms of one document
 * are parsed once whichever stage asks (the NER features, then the
 * normalizer, which parses the very names the tagger has just parsed).
 *
 * Names and other rare forms are where parsing is slow (the full analysis
 * cascade: dictionary walks with ё variants, prefix and suffix guessers),
 * and they are exactly what both stages parse.  The cache keys a form by
 * its bytes (the entry points at the document's own text, which outlives
 * it) and keeps up to FAKT_PCACHE_MAX parses in the document's arena; a
 * caller asking for fewer gets the first ones, which is what
 * fakt_morph_parse with that bound returns (the analyser ranks all its
 * parses, then cuts).  When the table is three quarters full, further
 * forms are parsed without being kept.
 */
#include <string.h>

#include "morph/morph.h"

struct fakt_pcache_slot {
    uint64_t h; /* 0: empty */
    const char *w;
    uint32_t n, np;
    fakt_mparse *ps;
};

int fakt_pcache_init(fakt_pcache *c, const fakt_dict *d, fakt_arena *a, uint32_t ntok)
{
    memset(c, 0, sizeof *c);
    c->d = d;
    c->a = a;
    uint32_t cap = 64;
    while (cap < ntok && cap < (1u << 16)) /* distinct forms: far fewer than tokens */
        cap <<= 1;
    c->tab = fakt_arena_calloc(a, cap, sizeof *c->tab);
    if (!c->tab)
        return FAKT_ENOMEM;
    c->mask = cap - 1;
    return FAKT_OK;
}

size_t fakt_pcache_parse(fakt_pcache *c, const char *w, size_t n, fakt_mparse *out, size_t max)
{
    if (!c || !c->tab || max > FAKT_PCACHE_MAX || n > UINT32_MAX)
        return c ? fakt_morph_parse(c->d, w, n, out, max) : 0;
    uint64_t h = 0xcbf29ce484222325ull;
    for (size_t i = 0; i < n; i++)
        h = (h ^ (unsigned char)w[i]) * 0x100000001b3ull;
    h |= 1;
    uint32_t i = (uint32_t)(h ^ (h >> 29)) & c->mask;
    while (c->tab[i].h && !(c->tab[i].h == h && c->tab[i].n == n && memcmp(c->tab[i].w, w, n) == 0))
        i = (i + 1) & c->mask;
    struct fakt_pcache_slot *s = &c->tab[i];
    if (s->h) {
        size_t k = s->np < max ? s->np : max;
        memcpy(out, s->ps, k * sizeof *out);
        return k;
    }
    fakt_mparse all[FAKT_PCACHE_MAX];
    size_t np = fakt_morph_parse(c->d, w, n, all, FAKT_PCACHE_MAX);
    size_t k = np < max ? np : max;
    memcpy(out, all, k * sizeof *out);
    if (4 * (c->fill + 1) > 3 * (c->mask + 1))
        return k;
    fakt_mparse *keep = np ? fakt_arena_alloc(c->a, np * sizeof *keep) : NULL;
    if (np && !keep)
        return k;
    if (np)
        memcpy(keep, all, np * sizeof *keep);
    s->h = h, s->w = w, s->n = (uint32_t)n, s->np = (uint32_t)np, s->ps = keep;
    c->fill++;
    return k;
}

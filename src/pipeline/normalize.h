/*
 * normalize.h — stage 5: the nominative canonical form ("norm") of each
 * entity, as a careful reader writes the name.
 *
 *  - PER: every name part (dictionary Name/Surn/Patr parses, guessed noun
 *    surnames, the -ов/-ин/-ский surname families) goes to the nominative
 *    singular, with the case and gender chosen consistently over the whole
 *    name (and a past-tense verb next to it as a hint for the gender):
 *    «Шавката Мирзиёева» → «Шавкат Мирзиёев», «Гульнары Есенжановой» →
 *    «Гульнара Есенжанова».  Initials, lowercase particles and foreign
 *    indeclinable names stay.
 *  - LOC / ORG: the head noun and the adjectives agreeing with it before it
 *    go to the nominative of the same number; genitive dependents and
 *    whatever follows the head stay («Евразийским банком развития» →
 *    «Евразийский банк развития»).  Abbreviations, Latin, quoted names,
 *    domains and numbers stay; a guessed word changes only when the guess
 *    is confident.
 *
 * Capitalization follows the source word (per hyphen-separated part).
 * Never allocates except the result in the arena; thread-safe.
 */
#ifndef FAKT_NORMALIZE_H
#define FAKT_NORMALIZE_H

#include "../core/core.h"
#include "../ner/ner.h"
#include "../text/segment.h"

/* Grammeme ids looked up once per document (fakt_normalize_ctx_init) and
 * a per-document cache of decoded tags. */
/* A memoized norm: the entity's tokens [t0, t1), its context, the norm. */
typedef struct fakt_norm_memo {
    uint32_t t0, t1, ctx;
    const char *norm; /* NULL: empty slot */
} fakt_norm_memo;

typedef struct fakt_norm_ctx {
    const fakt_dict *d;
    int noun, adjf, prtf, verb, prts, numr;
    int cas[6]; /* nomn gent datv accs ablt loct */
    int gen2, acc2, loc2;
    int masc, femn, neut, msf, sing, plur;
    int name, surn, patr, fixd, abbr, past, geox, orgn, prep;
    uint32_t ntags;
    uint32_t *tagc; /* memo of decoded tags: (tag + 1, decoded) pairs, key 0 = empty,
                       tmask + 1 slots, in the arena, or NULL */
    uint32_t tmask, tfill;
    int gids[23];   /* the grammeme ids tag_decode asks for, in its order */
    struct fakt_pcache *pc; /* the document's parse cache, or NULL (set by the caller) */
    fakt_norm_memo *memo; /* the document's norms so far (memo_mask + 1 slots), or NULL */
    uint32_t memo_mask, memo_fill;
} fakt_norm_ctx;

/* Fills ctx for d (d may be NULL: then every norm is the text itself);
 * the tag cache is allocated in a (may be NULL: no cache). */
void fakt_normalize_ctx_init(fakt_norm_ctx *ctx, const fakt_dict *d, fakt_arena *a);

/* The nominative canonical form of entity e (tokens e->t0..e->t1 of seg
 * over text), NUL-terminated in arena a; NULL only when out of memory. */
const char *fakt_normalize_entity_ctx(fakt_norm_ctx *ctx, const char *text, const fakt_seg *seg,
                                      const fakt_ent *e, fakt_arena *a);

/* The same with the grammeme ids looked up on the spot (one entity). */
const char *fakt_normalize_entity(const fakt_dict *d, const char *text, const fakt_seg *seg,
                                  const fakt_ent *e, fakt_arena *a);

#endif

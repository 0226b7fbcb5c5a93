/*
 * ner.h — stage 4: named entities (PER / LOC / ORG with subtypes) and
 * position phrases (professions), private interface used by the pipeline.
 *
 * The model (fakt_model, public handle) is a versioned, mmap-able file
 * written by the trainer (train.c); see model.c for the format.
 */
#ifndef FAKT_NER_H
#define FAKT_NER_H

#include <stdint.h>

#include "../core/core.h"
#include "../text/segment.h"

/* One entity or profession over tokens [t0, t1) of the segmentation. */
typedef struct fakt_ent {
    uint32_t t0, t1;
    uint8_t type;        /* FAKT_PER, FAKT_LOC, FAKT_ORG; 0 for professions */
    uint8_t depth;       /* 0 the flat layer; 1 inside the nearest depth-0
                          * entity before it (nest.c) */
    const char *subtype; /* static string ("COUNTRY", "CITY", ...) or NULL */
} fakt_ent;

typedef struct fakt_ner_out {
    fakt_ent *ents;   /* sorted by t0, then longer first; the flat layer
                       * (depth 0) does not overlap, each depth-1 entity
                       * follows the depth-0 entity holding it */
    uint32_t nents;
    fakt_ent *profs;  /* position phrases, sorted by t0 */
    uint32_t nprofs;
} fakt_ner_out;

/* Tags one document.  d may be NULL (then morphology features are absent,
 * and quality drops).  Arrays are allocated in a.  Thread-safe for a
 * shared model and dictionary. */
int fakt_ner_tag(const fakt_model *m, const fakt_dict *d, const char *text,
                 const fakt_seg *seg, fakt_arena *a, fakt_ner_out *out,
                 fakt_error *err);
/* The same with the document's parse cache pc (may be NULL), which the
 * normalizer then reuses (src/morph/pcache.c). */
struct fakt_pcache;
int fakt_ner_tag_pc(const fakt_model *m, const fakt_dict *d, struct fakt_pcache *pc, const char *text,
                    const fakt_seg *seg, fakt_arena *a, fakt_ner_out *out, fakt_error *err);

/* Sentences all in lowercase recased as news is written, from the model's
 * lex table and the dictionary d (truecase.c): *out_text / *out_seg are
 * text / seg when no sentence is (returns 0), else copies in a with the
 * same offsets and the tokens' case flags redone (returns 1); -1 when out
 * of memory.  The tagger reads text so; the normalizer too. */
/* Changes the case of the letters of the word t[b0, b1) in place (those
 * whose other case has the same UTF-8 length, so offsets stay), to upper
 * case (up) or lower: all of them, the first character only, or the first
 * and, after a hyphen that follows letters, the first of a part of three
 * letters or more («Санкт-Петербург», «Ростов-на-Дону»; not «10-летний»).
 * Returns whether any changed.  truecase.c. */
enum { FAKT_RECASE_ALL, FAKT_RECASE_FIRST, FAKT_RECASE_PARTS };
int fakt_ner_recase(char *t, size_t b0, size_t b1, int up, int which);
int fakt_ner_truecase(const fakt_model *m, const fakt_dict *d, const char *text,
                      const fakt_seg *seg, fakt_arena *a, const char **out_text, fakt_seg *out_seg);

#endif

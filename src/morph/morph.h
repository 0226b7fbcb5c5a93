/*
 * morph.h — stage 3: morphology over the OpenCorpora dictionary as compiled
 * by pymorphy2 (format 2.4), private interface used by the pipeline.
 *
 * The public wrappers (fakt_morph_analyze, fakt_morph_inflect) are in
 * include/fakt.h; this is the allocation-free fast path the NER stage calls
 * for every token.
 */
#ifndef FAKT_MORPH_H
#define FAKT_MORPH_H

#include <stdint.h>

#include "../core/core.h"

/* How a parse was obtained. */
enum fakt_mkind {
    FAKT_MK_DICT = 0,   /* found in the dictionary */
    FAKT_MK_PREDICT,    /* guessed from the word's suffix */
    FAKT_MK_HYPHEN,     /* hyphenated word analysed by parts */
    FAKT_MK_CLASS       /* unknown-word class: LATN, NUMB, ROMN, PNCT, UNKN */
};

/* One parse, compact.  The lemma is computed on demand (fakt_morph_lemma). */
typedef struct fakt_mparse {
    uint32_t para;  /* paradigm id (dictionary/predicted), else UINT32_MAX */
    uint16_t form;  /* form index within the paradigm */
    uint16_t tag;   /* tag id (see fakt_morph_tag_name) */
    float score;    /* P(parse | word), as pymorphy2 estimates it */
    uint8_t kind;   /* enum fakt_mkind */
    uint8_t fixed;  /* for FAKT_MK_HYPHEN: bytes of an unchanging left part etc. (morph's own use) */
    uint16_t aux;   /* morph's own use */
} fakt_mparse;

#define FAKT_MORPH_MAX_PARSES 64

/* All parses of word[0..len) (UTF-8, any case), best first, at most max.
 * Returns the number written.  Never allocates; thread-safe. */
size_t fakt_morph_parse(const fakt_dict *d, const char *word, size_t len,
                        fakt_mparse *out, size_t max);

/* Writes the lemma of parse p of word into buf (NUL-terminated, lowercase),
 * returns its length in bytes (truncated to cap-1). */
size_t fakt_morph_lemma(const fakt_dict *d, const char *word, size_t len,
                        const fakt_mparse *p, char *buf, size_t cap);

/* The tag's text, e.g. "NOUN,anim,masc,Name sing,gent". */
const char *fakt_morph_tag_name(const fakt_dict *d, uint32_t tag);

/* Grammeme id by name ("Name", "gent", "NOUN"), or -1. */
int fakt_morph_grammeme(const fakt_dict *d, const char *name);

/* Whether tag carries grammeme id g. */
int fakt_morph_tag_has(const fakt_dict *d, uint32_t tag, int g);

/* The part-of-speech grammeme id of a tag (first grammeme), or -1. */
int fakt_morph_tag_pos(const fakt_dict *d, uint32_t tag);

/* Number of tags (ids are below it). */
uint32_t fakt_morph_tag_count(const fakt_dict *d);

#endif

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

/* One parse, compact.  The lemma is computed on demand (fakt_morph_lemma).
 *
 * How the word is built (morph's own use, read by fakt_morph_lemma and the
 * inflection): the lowercased word, with ё wherever `yo` has a bit, is
 * `fixed` characters copied as they are, then the core (a form of paradigm
 * `para`), then `suffix` characters copied as they are.  A hyphenated word
 * whose both parts inflect (человек-гора) has a second core: the first one
 * ends at character `split` (the hyphen), then come `fixed2` literal
 * characters and the form `form2` of paradigm `para2`. */
typedef struct fakt_mparse {
    uint32_t para;  /* paradigm id (dictionary/predicted), else UINT32_MAX */
    uint16_t form;  /* form index within the paradigm */
    uint16_t tag;   /* tag id (see fakt_morph_tag_name) */
    float score;    /* P(parse | word), as pymorphy2 estimates it */
    uint8_t kind;   /* enum fakt_mkind */
    uint8_t fixed;  /* characters before the core copied from the word */
    uint16_t aux;   /* morph's own use */
    /* added by morph (see above) */
    uint8_t suffix; /* characters after the core copied from the word */
    uint8_t split;  /* two cores: index of the hyphen between them, else 0 */
    uint8_t fixed2; /* two cores: literal characters before the second */
    uint8_t pad_;
    uint16_t form2; /* two cores: form of the second core */
    uint16_t pad2_;
    uint32_t para2; /* two cores: paradigm of the second core, else UINT32_MAX */
    uint64_t yo;    /* bit i: character i of the lowercased word reads ё */
} fakt_mparse;

#define FAKT_MORPH_MAX_PARSES 64

/* All parses of word[0..len) (UTF-8, any case), best first, at most max.
 * Returns the number written.  Never allocates; thread-safe. */
size_t fakt_morph_parse(const fakt_dict *d, const char *word, size_t len,
                        fakt_mparse *out, size_t max);

/* A hint that word will be parsed soon: starts the hot table's cache misses
 * (stage 0 the slot, stage 1 the entry; call both, a few words apart or in
 * two rounds over a block of words) so that they overlap. */
void fakt_morph_prefetch(const fakt_dict *d, const char *word, size_t len, int stage);

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

/* Which of the grammeme ids g[0..ng) (ng <= 64; negative ids never match)
 * tag carries, as bit i for g[i]: many fakt_morph_tag_has in one call. */
uint64_t fakt_morph_tag_grams(const fakt_dict *d, uint32_t tag, const int *g, int ng);

/* The part-of-speech grammeme id of a tag (first grammeme), or -1. */
int fakt_morph_tag_pos(const fakt_dict *d, uint32_t tag);

/* Number of tags (ids are below it). */
uint32_t fakt_morph_tag_count(const fakt_dict *d);

/* A fingerprint of the dictionary's contents (its meta.json, file sizes and
 * the analyser version; 0 for NULL): data derived from parses (the NER
 * model's word table) records it and is used only with the same one. */
uint64_t fakt_morph_fingerprint(const fakt_dict *d);

/* The word form of p's lexeme carrying the comma-separated grammemes
 * (e.g. "nomn", "plur,datv"), chosen as pymorphy2's Parse.inflect does.
 * Writes it to buf (NUL-terminated, lowercase UTF-8) and the new parse to
 * *res (may be NULL); returns its length in bytes, 0 when the lexeme has no
 * such form (or buf is too small).  Never allocates; thread-safe. */
size_t fakt_morph_inflect_to(const fakt_dict *d, const char *word, size_t len,
                             const fakt_mparse *p, const char *grammemes,
                             char *buf, size_t cap, fakt_mparse *res);

/* The word form a parse stands for (the lowercased word with its ё
 * restored), like fakt_morph_lemma. */
size_t fakt_morph_form(const fakt_dict *d, const char *word, size_t len,
                       const fakt_mparse *p, char *buf, size_t cap);

/* ---- a document's parse cache (src/morph/pcache.c) -------------------- */

#define FAKT_PCACHE_MAX 32 /* parses kept per form; callers may ask for fewer */
typedef struct fakt_pcache {
    const fakt_dict *d;
    fakt_arena *a;
    struct fakt_pcache_slot *tab;
    uint32_t mask, fill;
} fakt_pcache;

/* A cache for one document of about ntok tokens, in arena a (which must
 * outlive it, as must the text of every form parsed through it). */
int fakt_pcache_init(fakt_pcache *c, const fakt_dict *d, fakt_arena *a, uint32_t ntok);
/* fakt_morph_parse(c->d, ...) through the cache; c may be NULL (returns 0). */
size_t fakt_pcache_parse(fakt_pcache *c, const char *word, size_t len, fakt_mparse *out, size_t max);

/* ---- the hot table (src/morph/hot.c) -------------------------------- */

#define FAKT_HOT_FILE "fakt-hot.fkd"

/* Opens the dictionary without its hot table (what the table builder and
 * the tests that compare against the cascade use). */
int fakt_dict_open_nohot(const char *dir, fakt_dict **out, fakt_error *err);

/* Writes the hot table of d (opened without one) for words[0..n) (UTF-8,
 * any case; duplicates and words the table cannot hold are skipped) to
 * path; *written (may be NULL) gets the number of words kept. */
int fakt_morph_hot_write(const fakt_dict *d, const char *const *words, size_t n, const char *path,
                         size_t *written, fakt_error *err);

/* The table's slot count (0 without a table) and the word in slot i
 * (lowercase UTF-8, or the capital letter of an initial's entry; "" for an
 * empty slot); for tests. */
size_t fakt_morph_hot_count(const fakt_dict *d);
size_t fakt_morph_hot_word(const fakt_dict *d, size_t slot, char *buf, size_t cap);

/* fakt_morph_parse without the hot table: the analysis cascade itself. */
size_t fakt_morph_parse_slow(const fakt_dict *d, const char *word, size_t len, fakt_mparse *out, size_t max);

#endif

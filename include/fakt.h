/*
 * fakt.h — the one public header of libfakt.
 *
 * fakt reads Russian news text and writes down, as data, what it says:
 * sentences and tokens, morphology, named entities (and, later, facts).
 *
 * Anything not declared here is not API.  Conventions, stated once:
 *
 *  - Every exported symbol starts with `fakt_` (a test checks the library).
 *  - Handles are opaque.  Each `*_open`/`*_create` has a `*_free`;
 *    `*_free(NULL)` does nothing.
 *  - Functions that can fail return an int status: FAKT_OK (0) or one of the
 *    FAKT_E* codes.  When a `fakt_error *err` argument is given (it may be
 *    NULL), it receives the code and a human-readable message.  The library
 *    never prints and never exits.
 *  - Text is UTF-8.  Offsets are Unicode code points over the exact input,
 *    end exclusive (Python's text[start:end]); byte offsets are given too.
 *  - Read-only resources (dictionary, model) are immutable after open and may
 *    be shared by any number of threads.  A document belongs to one thread.
 *  - Memory returned by the library is owned by the handle it came from and
 *    lives until that handle is freed, unless a function says otherwise.
 */
#ifndef FAKT_H
#define FAKT_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#if defined(__GNUC__)
#define FAKT_API __attribute__((visibility("default")))
#else
#define FAKT_API
#endif

#define FAKT_VERSION "0.1.0"

/* ---- status codes --------------------------------------------------- */

enum {
    FAKT_OK = 0,
    FAKT_ENOMEM = 1,  /* out of memory */
    FAKT_EIO = 2,     /* a file could not be opened, read or mapped */
    FAKT_EFORMAT = 3, /* a data file is corrupt, truncated or of a newer version */
    FAKT_EUTF8 = 4,   /* input text is not valid UTF-8 (or holds NUL bytes) */
    FAKT_EINVAL = 5,  /* a bad argument */
    FAKT_ELIMIT = 6,  /* input larger than the library accepts */
    FAKT_ENOTFOUND = 7 /* nothing found (e.g. no such form to inflect to) */
};

/* Detail of a failure: the code and a message naming what and where. */
typedef struct fakt_error {
    int code;
    char msg[256];
} fakt_error;

/* Static text for a status code; never NULL. */
FAKT_API const char *fakt_strerror(int code);

/* The library's version string, e.g. "0.1.0". */
FAKT_API const char *fakt_version(void);

/* Frees memory the library handed over with "free with fakt_free". */
FAKT_API void fakt_free(void *p);

/* ---- text: UTF-8 validation ----------------------------------------- */

/* Checks that text[0..len) is valid UTF-8 without NUL bytes.  Returns
 * FAKT_OK, or FAKT_EUTF8 with *bad_offset set to the byte offset of the
 * first offending byte (bad_offset may be NULL). */
FAKT_API int fakt_utf8_check(const char *text, size_t len, size_t *bad_offset);

/* Copies text with every invalid sequence replaced by U+FFFD and NUL bytes
 * by U+FFFD.  *out is malloc-ed (free with fakt_free), NUL-terminated, its
 * length in *out_len. */
FAKT_API int fakt_utf8_repair(const char *text, size_t len, char **out,
                              size_t *out_len);

/* ---- segmentation ---------------------------------------------------- */

/* A span of the input: code-point offsets and byte offsets, end exclusive. */
typedef struct fakt_span {
    size_t start, end;
    size_t byte_start, byte_end;
} fakt_span;

typedef struct fakt_tokens fakt_tokens;

/* Splits text into sentences and tokens.  text must be valid UTF-8
 * (FAKT_EUTF8 otherwise; see fakt_utf8_repair).  *out is freed with
 * fakt_tokens_free. */
FAKT_API int fakt_tokenize(const char *text, size_t len, fakt_tokens **out,
                           fakt_error *err);
FAKT_API size_t fakt_tokens_count(const fakt_tokens *t);
FAKT_API const fakt_span *fakt_tokens_token(const fakt_tokens *t, size_t i);
FAKT_API size_t fakt_tokens_sentence_count(const fakt_tokens *t);
FAKT_API const fakt_span *fakt_tokens_sentence(const fakt_tokens *t, size_t i);
FAKT_API void fakt_tokens_free(fakt_tokens *t);

/* ---- morphology ------------------------------------------------------ */

typedef struct fakt_dict fakt_dict;

/* Flags for fakt_dict_open_flags and fakt_model_open_flags.
 *
 * FAKT_OPEN_HUGE_PAGES reads the large tables into memory backed by 2 MB
 * pages instead of mapping them from the page cache.  Lookups land all
 * over tens of MB, and with 4 KB pages most of them also miss the TLB:
 * text → entities runs about a third faster.  The price is at load: the
 * tables are copied into fresh memory (some tens of ms, more on virtual
 * machines that back fresh memory slowly) and not shared between
 * processes.  For long runs (batch, servers); a one-document run is
 * better off without. */
enum { FAKT_OPEN_HUGE_PAGES = 1 };

/* Opens the morphology dictionary in directory dir (pymorphy2 format 2.4,
 * as fetched by tools/fetch-dict.sh).  Files are mapped read-only and
 * validated; a corrupt file is refused with FAKT_EFORMAT. */
FAKT_API int fakt_dict_open(const char *dir, fakt_dict **out, fakt_error *err);
FAKT_API int fakt_dict_open_flags(const char *dir, unsigned flags, fakt_dict **out,
                                  fakt_error *err);
FAKT_API void fakt_dict_free(fakt_dict *d);

/* One parse of a word. Strings are NUL-terminated and owned by the
 * fakt_parses they came from. */
typedef struct fakt_parse {
    const char *lemma; /* normal form, lowercase */
    const char *tag;   /* OpenCorpora tag as pymorphy2 writes it */
    double score;      /* pymorphy2's estimate of P(parse | word) */
    uint32_t tag_id;   /* index of the tag in the dictionary's tag table */
    uint32_t paradigm; /* paradigm id, or UINT32_MAX for non-dictionary parses */
    uint32_t form;     /* index of the form in its paradigm */
} fakt_parse;

typedef struct fakt_parses fakt_parses;

/* All parses of one word, best first.  Unknown words are guessed. */
FAKT_API int fakt_morph_analyze(const fakt_dict *d, const char *word,
                                size_t len, fakt_parses **out, fakt_error *err);
FAKT_API size_t fakt_parses_count(const fakt_parses *p);
FAKT_API const fakt_parse *fakt_parses_get(const fakt_parses *p, size_t i);
FAKT_API void fakt_parses_free(fakt_parses *p);

/* The form of parse p's lexeme carrying the grammemes in `grammemes`
 * (comma-separated, e.g. "nomn" or "plur,datv" or "femn"), chosen as
 * pymorphy2's Parse.inflect does.  *out is malloc-ed (free with fakt_free).
 * FAKT_ENOTFOUND when the lexeme has no such form. */
FAKT_API int fakt_morph_inflect(const fakt_dict *d, const fakt_parse *p,
                                const char *grammemes, char **out,
                                fakt_error *err);

/* ---- named entities -------------------------------------------------- */

typedef struct fakt_model fakt_model;

/* Opens an NER model file (models/ner.fkm).  Validated on load; a corrupt
 * or newer-version file is refused with FAKT_EFORMAT. */
FAKT_API int fakt_model_open(const char *path, fakt_model **out,
                             fakt_error *err);
FAKT_API int fakt_model_open_flags(const char *path, unsigned flags,
                                   fakt_model **out, fakt_error *err);
FAKT_API void fakt_model_free(fakt_model *m);

enum { FAKT_PER = 1, FAKT_LOC = 2, FAKT_ORG = 3 };

/* fakt_entity.parent of an entity not inside another. */
#define FAKT_NO_PARENT ((size_t)-1)

/* An entity.  Entities come sorted by start, an enclosing entity before
 * the ones inside it.  Those with parent FAKT_NO_PARENT form the flat layer
 * (they never overlap; the published metrics score this layer); a nested
 * entity («Киргизии» LOC inside «МВД Киргизии» ORG) lies within entity
 * number `parent`, which comes before it.  Nesting is one level deep. */
typedef struct fakt_entity {
    fakt_span span;
    int type;            /* FAKT_PER, FAKT_LOC, FAKT_ORG */
    const char *subtype; /* "COUNTRY", "CITY", ... or NULL */
    const char *norm;    /* the name in the nominative ("Мангистауская
                          * область" for "Мангистауской области"); never
                          * NULL */
    size_t parent;       /* index (for fakt_doc_entity) of the enclosing
                          * entity, or FAKT_NO_PARENT */
} fakt_entity;

typedef struct fakt_doc fakt_doc;

/* ---- user gazetteers ------------------------------------------------- */

typedef struct fakt_gazetteer fakt_gazetteer;

/* Loads a user gazetteer: a UTF-8 TSV file, one name a line,
 * `NAME<TAB>PER|LOC|ORG[<TAB>SUBTYPE]`, '#' comments and blank lines
 * skipped.  Names are matched in any inflected form through the lemmas d
 * gives (d may be NULL: then only the exact forms, case-insensitively);
 * pass the same d to the analysis.  A malformed line is refused with
 * FAKT_EFORMAT naming the line.  Read-only after load: share freely. */
FAKT_API int fakt_gazetteer_open(const char *path, const fakt_dict *d,
                                 fakt_gazetteer **out, fakt_error *err);
FAKT_API size_t fakt_gazetteer_count(const fakt_gazetteer *g);
FAKT_API void fakt_gazetteer_free(fakt_gazetteer *g);

/* Runs the pipeline (segmentation, morphology, NER when model is not NULL)
 * over text.  The text is copied; *out is freed with fakt_doc_free. */
FAKT_API int fakt_doc_analyze(const fakt_dict *d, const fakt_model *m,
                              const char *text, size_t len, fakt_doc **out,
                              fakt_error *err);
/* The same with a user gazetteer g (may be NULL): a name of g found in the
 * text becomes an entity of its type and replaces the model's entities it
 * overlaps. */
FAKT_API int fakt_doc_analyze_gaz(const fakt_dict *d, const fakt_model *m,
                                  const fakt_gazetteer *g, const char *text,
                                  size_t len, fakt_doc **out, fakt_error *err);
FAKT_API size_t fakt_doc_entity_count(const fakt_doc *doc);
FAKT_API const fakt_entity *fakt_doc_entity(const fakt_doc *doc, size_t i);
FAKT_API size_t fakt_doc_profession_count(const fakt_doc *doc);
FAKT_API const fakt_span *fakt_doc_profession(const fakt_doc *doc, size_t i);

/* Output flags for fakt_doc_json. */
enum {
    FAKT_JSON_TOKENS = 1u << 0,      /* add "sentences" and "tokens" */
    FAKT_JSON_PROFESSIONS = 1u << 1  /* add "professions" */
};

/* The extraction object of ../DESIGN contract as one JSON text (no newline).
 * A nested entity has a "parent" key, the index of its enclosing entity
 * in "entities"; entities of the flat layer have none.
 * *out is malloc-ed (free with fakt_free). */
FAKT_API int fakt_doc_json(const fakt_doc *doc, unsigned flags, char **out,
                           size_t *out_len);

/* The document's entities, nested ones included, in the factRuEval-2016
 * Track 1 submission format ("per|loc|org START LENGTH" lines, code
 * points), so the competition's scorer can be run on fakt's output.  *out
 * is malloc-ed (fakt_free). */
FAKT_API int fakt_doc_factrueval(const fakt_doc *doc, char **out,
                                 size_t *out_len);
FAKT_API void fakt_doc_free(fakt_doc *doc);

#ifdef __cplusplus
}
#endif
#endif /* FAKT_H */

/*
 * segment.h — stage 2: sentences and tokens.
 *
 * Input is valid UTF-8 (the text stage, src/core/utf8.c, checks it first).
 * Output arrays live in the caller's arena.  Offsets are both bytes (b0,b1)
 * and code points (c0,c1), end exclusive, so that every later stage can cut
 * the input and report code-point offsets without re-decoding.
 */
#ifndef FAKT_SEGMENT_H
#define FAKT_SEGMENT_H

#include <stdint.h>

#include "../core/core.h"

/* What a token is. */
enum fakt_tok_kind {
    FAKT_TK_WORD = 1, /* letters, with inner hyphens/apostrophes: что-то, Нур-Султан */
    FAKT_TK_NUM,      /* numbers: 5,4  1 200 000  2019  3.14  10-летний is WORD */
    FAKT_TK_PUNCT,    /* punctuation: . , « » – ... (one token per mark, ... is one) */
    FAKT_TK_SYM,      /* other symbols: % $ № + = */
    FAKT_TK_URL,      /* URLs, e-mails, domains: informburo.kz */
    FAKT_TK_OTHER     /* anything else (emoji, unknown scripts) */
};

/* Token flags (bit set). */
enum fakt_tok_flag {
    FAKT_TF_SPACE_BEFORE = 1u << 0, /* whitespace precedes the token */
    FAKT_TF_NL_BEFORE = 1u << 1,    /* a line break precedes it */
    FAKT_TF_PARA_BEFORE = 1u << 2,  /* an empty line precedes it */
    FAKT_TF_UPPER = 1u << 3,        /* first letter is uppercase */
    FAKT_TF_ALLCAPS = 1u << 4,      /* all letters uppercase, at least two */
    FAKT_TF_LATIN = 1u << 5,        /* holds Latin letters */
    FAKT_TF_CYRILLIC = 1u << 6,     /* holds Cyrillic letters */
    FAKT_TF_DIGIT = 1u << 7,        /* holds digits */
    FAKT_TF_HYPHEN = 1u << 8,       /* holds an inner hyphen */
    FAKT_TF_ABBR = 1u << 9,         /* a known abbreviation (its period is part of it or follows) */
    FAKT_TF_INITIAL = 1u << 10,     /* a single capital letter followed by a period (В. Путин) */
    FAKT_TF_QUOTE = 1u << 11,       /* a quotation mark of any style */
    FAKT_TF_OPEN = 1u << 12,        /* opening quote / bracket */
    FAKT_TF_CLOSE = 1u << 13        /* closing quote / bracket */
};

typedef struct fakt_token {
    uint32_t b0, b1; /* byte offsets in the input */
    uint32_t c0, c1; /* code-point offsets in the input */
    uint16_t kind;   /* enum fakt_tok_kind */
    uint16_t flags;  /* enum fakt_tok_flag */
} fakt_token;

typedef struct fakt_sent {
    uint32_t t0, t1; /* token range [t0, t1) */
} fakt_sent;

typedef struct fakt_seg {
    fakt_token *toks;
    uint32_t ntok;
    fakt_sent *sents;
    uint32_t nsent;
} fakt_seg;

/* Largest input the segmenter accepts (offsets are 32-bit). */
#define FAKT_SEG_MAX_BYTES ((size_t)1 << 31)

/* Segments text[0..len) (valid UTF-8) into out, arrays allocated in a.
 * Linear time in len.  Errors: FAKT_ENOMEM, FAKT_ELIMIT. */
int fakt_segment(const char *text, size_t len, fakt_arena *a, fakt_seg *out,
                 fakt_error *err);

/* The same into malloc-ed arrays handed over to the caller (free() both,
 * also on error, when they are NULL); for fakt_tokenize, which converts the
 * tokens in place instead of copying them out of an arena. */
int fakt_segment_heap(const char *text, size_t len, fakt_token **toks, size_t *ntok,
                      fakt_sent **sents, size_t *nsent, fakt_error *err);

#endif

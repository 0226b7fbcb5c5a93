/*
 * uclass.h — the character classes the segmenter needs, for every code
 * point, from a compact hand-written table (no libutf8proc dependency).
 *
 * Why our own table: segmentation asks only a few questions of a character
 * (letter? which case, which script? digit? space or line break? combining
 * mark? invisible joiner? punctuation or symbol?), and asks them for every
 * character of every document, so the answer must be a few comparisons.
 * ASCII and the Cyrillic block are answered by arithmetic; the rest by a
 * binary search in a small sorted range table.  Blocks not listed fall back
 * by plane: most of U+0000..U+1FFF and the CJK/Hangul ranges are scripts
 * (letters without case), so mixed scripts still make words.
 *
 * Private to src/text.
 */
#ifndef FAKT_UCLASS_H
#define FAKT_UCLASS_H

#include <stdint.h>

/* Class bits of a code point. */
enum {
    FAKT_UC_LETTER = 1u << 0,
    FAKT_UC_UPPER = 1u << 1,
    FAKT_UC_LOWER = 1u << 2,
    FAKT_UC_LATIN = 1u << 3,
    FAKT_UC_CYR = 1u << 4,
    FAKT_UC_DIGIT = 1u << 5,
    FAKT_UC_SPACE = 1u << 6, /* visible whitespace (incl. NBSP, thin spaces) */
    FAKT_UC_NL = 1u << 7,    /* line break (with SPACE) */
    FAKT_UC_MARK = 1u << 8,  /* combining mark: stays in the token before it */
    FAKT_UC_JOIN = 1u << 9,  /* invisible format char: kept inside a word, else skipped */
    FAKT_UC_ZW = 1u << 10,   /* zero-width separator (ZWSP, BOM): splits, no token */
    FAKT_UC_PUNCT = 1u << 11,
    FAKT_UC_SYM = 1u << 12,
    FAKT_UC_OTHER = 1u << 13 /* emoji, private use, unassigned */
};

/* The class bits of code point c (any value up to 0x10FFFF). */
unsigned fakt_uclass(uint32_t c);

extern const uint16_t fakt_uclass_ascii[128];

/* The same, inline for the characters that make up almost all of Russian
 * news (ASCII, basic Cyrillic, dashes and quotes); the table search for
 * the rest. */
static inline unsigned fakt_uclass_fast(uint32_t c)
{
    if (c < 0x80)
        return fakt_uclass_ascii[c];
    if (c - 0x0410u < 0x40u)
        return FAKT_UC_LETTER | FAKT_UC_CYR | (c < 0x0430 ? FAKT_UC_UPPER : FAKT_UC_LOWER);
    /* the punctuation of Russian typography: dashes, quotes, … and « » */
    if (c - 0x2010u < 0x18u || c == 0xAB || c == 0xBB)
        return FAKT_UC_PUNCT;
    return fakt_uclass(c);
}

#endif

/*
 * mint.h — what the files of src/morph share besides the dictionary
 * (mdict.h): the prepared word and the working parse list.
 */
#ifndef FAKT_MINT_H
#define FAKT_MINT_H

#include "morph/mdict.h"

#define FAKT_MI_MAXP 128 /* parses kept per (sub)word */

/* A word ready for analysis: lowercase, as CP1251 bytes and code points. */
typedef struct fakt_mword {
    uint8_t b[MD_MAX_WORD];
    uint32_t c[MD_MAX_WORD];
    size_t n;
    int initial; /* one uppercase Russian letter: also an initial */
    int plain;   /* every character is in CP1251, so b[] determines c[] */
} fakt_mword;

/* A parse being built, with its score in double precision. */
typedef struct fakt_mi {
    fakt_mparse m;
    double s;
} fakt_mi;

/* Fills mw from UTF-8 word[0..len); 0 when longer than MD_MAX_WORD chars. */
int fakt_mi_prepare(const char *word, size_t len, fakt_mword *mw);

/* All parses of mw, best first (at most max). */
size_t fakt_mi_analyze(const fakt_dict *d, const fakt_mword *mw, fakt_mi *out, size_t max);

/* Stable sort, best score first. */
void fakt_mi_sort(fakt_mi *r, size_t n);

#endif

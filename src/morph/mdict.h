/*
 * mdict.h — the dictionary as the morphology stage sees it (private to
 * src/morph).
 *
 * pymorphy2's format 2.4 (as shipped by az@0.2.3) is a folder of files:
 *
 *   words.dawg                 word + 0x01 + (paradigm, form) pairs, 2+2 bytes
 *   prediction-suffixes-N.dawg word ending + 0x01 + (count, paradigm, form)
 *   p_t_given_w.intdawg        "word:tag" -> P(tag | word) * 1e6
 *   paradigms.array            uint16 count, then per paradigm uint16 length
 *                              and length uint16s: suffix ids, tag ids,
 *                              prefix ids (a third each)
 *   gramtab-opencorpora-int.json, suffixes.json, grammemes.json, meta.json
 *
 * The DAWGs are dawgdic double arrays (kmike/DAWG): uint32 unit count, the
 * units, uint32 guide count, the guide (child label, sibling label per unit).
 * Keys are CP1251 bytes.  The payload bytes after the 0x01 separator encode
 * each uint16 v as two bytes b0, b1 with v = ((b0 ^ 1) << 6) + (b1 >> 1)
 * (az's re-encoding of pymorphy2's base64 payloads).
 *
 * Everything is checked once at load so that lookups need no bounds checks:
 * the unit count is a multiple of 256 and every non-leaf unit's child block
 * lies inside the array, so `index ^ offset ^ label` never leaves it; the
 * guide has one entry per unit; every paradigm entry names an existing
 * suffix, tag and prefix.  Payload values are checked when decoded (cheap).
 */
#ifndef FAKT_MDICT_H
#define FAKT_MDICT_H

#include <stdint.h>

#include "morph/morph.h"

#define MD_MAX_GRAM 256      /* grammeme ids fit a 256-bit set */
#define MD_MAX_WORD 64       /* chars analysed (longer words: UNKN) */
#define MD_NO_PARA UINT32_MAX
#define MD_SEP 0x01          /* payload separator in the DAWG keys */
#define MD_YO 0xB8           /* CP1251 'ё' */
#define MD_IE 0xE5           /* CP1251 'е' */
#define MD_ALGO 1          /* analyser version: bump when analyze.c's results
                              change, so hot tables built before are refused */
#define MD_NOCHAR 0x98       /* the one byte CP1251 leaves undefined: stands
                                for characters CP1251 lacks, never in a key */

typedef struct md_dawg {
    const uint32_t *units;
    const uint8_t *guide; /* 2 bytes per unit: child label, sibling label */
    uint32_t n;
} md_dawg;

typedef struct md_gset {
    uint64_t w[MD_MAX_GRAM / 64];
} md_gset;

static inline int md_gset_has(const md_gset *s, int g)
{
    return g >= 0 && g < MD_MAX_GRAM && ((s->w[g >> 6] >> (g & 63)) & 1u);
}

/* Per tag flags. */
enum {
    MD_T_PRODUCTIVE = 1, /* no NUMR, NPRO, PRED, PREP, CONJ, PRCL, INTJ, Apro */
    MD_T_POS = 2         /* first grammeme is a real part of speech */
};

struct fakt_dict {
    fakt_map map[6];      /* words, pred0..2, p_t_given_w, paradigms */
    size_t fsize[6];      /* their file sizes (a huge-page copy's map is larger) */
    md_dawg words, pred[3], ptw;
    int npred;            /* paradigm prefixes (and suffix DAWGs), <= 3 */
    char prefix[3][8];    /* paradigm prefixes, CP1251 */
    uint8_t prefix_len[3];
    int max_suffix;       /* compile_options.max_suffix_length */

    const uint16_t *para; /* paradigms.array */
    uint32_t *para_off;   /* start (in uint16s) of each paradigm's data */
    uint16_t *para_forms; /* forms per paradigm */
    uint32_t npara;

    char *sufpool;        /* suffixes, CP1251, each NUL-terminated */
    uint32_t *suf_off;
    uint8_t *suf_len;
    uint32_t nsuf;

    /* tags: gramtab first, then the tags of non-dictionary parses */
    char *tagpool;
    uint32_t *tag_off;
    uint8_t *tag_len;
    md_gset *tag_set;
    int16_t *tag_pos;     /* first grammeme of the tag */
    uint8_t *tag_flags;
    uint32_t ntag, ngramtab;

    /* grammemes: grammemes.json order, then extras */
    char gram[MD_MAX_GRAM][16];
    int16_t gram_parent[MD_MAX_GRAM];
    md_gset gram_incompat[MD_MAX_GRAM]; /* pymorphy2's _GRAMMEME_INCOMPATIBLE */
    int ngram;
    uint16_t gram_idx[4 * MD_MAX_GRAM]; /* name hash -> id + 1 (0: empty) */

    /* ids used by the analyser */
    uint16_t t_latn, t_pnct, t_intg, t_real, t_romn, t_unkn, t_advb;
    uint16_t t_init[24];  /* 12 first-name, 12 patronymic initials */
    int g_adjf, g_sing, g_datv, g_gen1, g_gent, g_loc1, g_loct, g_voct,
        g_nomn, g_gen2, g_acc2, g_accs, g_loc2, g_acc1, g_Vey, g_Voy;
    md_gset feat;         /* POS, numbers, cases, persons, tenses */

    /* pymorphy2's Russian word lists, in CP1251 */
    char kp[160][12];     /* KNOWN_PREFIXES, longest first */
    uint8_t kp_len[160];
    int nkp;
    char particle[8][8];  /* PARTICLES_AFTER_HYPHEN, in pymorphy2's order */
    uint8_t particle_len[8];
    int nparticle;

    /* identity: meta.json, file sizes, MD_ALGO (hot tables name it) */
    uint64_t fp;
    /* the hot table (hot.c), hot_slots NULL when there is none */
    fakt_map hotmap;
    int huge;             /* tables in huge pages (FAKT_OPEN_HUGE_PAGES) */
    const uint8_t *hot_slots; /* 8 bytes per slot */
    uint32_t hot_mask;        /* slot count - 1 */
    uint32_t hot_nwords;
    const uint8_t *hot_data;
    size_t hot_dsize;
};

/* ---- the hot table (hot.c) ------------------------------------------ */

/* Maps dir/fakt-hot.fkd when present and checks it against d (d->fp must
 * be set).  FAKT_OK without a file; FAKT_EFORMAT when damaged, newer or
 * built for another dictionary. */
int fakt_md_hot_open(fakt_dict *d, const char *dir, fakt_error *err);

/* The parse list of the prepared word key[0..n) (lowercase CP1251, see
 * fakt_mword; initial as fakt_mword.initial) when the table has it:
 * *found = 1 and the count (at most max) written to out.  Requires
 * d->hot_slots. */
size_t fakt_md_hot_lookup(const fakt_dict *d, const uint8_t *key, size_t n, int initial, fakt_mparse *out,
                          size_t max, int *found);
/* Starts fetching what fakt_md_hot_lookup will read for that key: stage 0
 * its home slot, stage 1 (once the slot is in cache) the entry it names. */
void fakt_md_hot_prefetch(const fakt_dict *d, const uint8_t *key, size_t n, int initial, int stage);

/* A 64-bit hash of data[0..n) (checksums, fingerprints). */
uint64_t fakt_md_hash64(const void *data, size_t n, uint64_t seed);
/* The id of the grammeme named s[0..n) (not NUL-terminated), or -1. */
int fakt_md_gram_find(const fakt_dict *d, const char *s, size_t n);

/* ---- DAWG walking --------------------------------------------------- */

static inline uint32_t md_offset(uint32_t u)
{
    return (u >> 10) << ((u & (1u << 9)) >> 6);
}

/* Follows label c from *i; 0 when there is no such transition. */
static inline int md_follow(const md_dawg *d, uint8_t c, uint32_t *i)
{
    uint32_t n = *i ^ md_offset(d->units[*i]) ^ c;
    if ((d->units[n] & ((1u << 31) | 0xFFu)) != c)
        return 0;
    *i = n;
    return 1;
}

static inline int md_has_value(const md_dawg *d, uint32_t i)
{
    return (d->units[i] >> 8) & 1u;
}

static inline uint32_t md_value(const md_dawg *d, uint32_t i)
{
    return d->units[i ^ md_offset(d->units[i])] & 0x7FFFFFFFu;
}

static inline uint16_t md_decode16(const uint8_t *b)
{
    return (uint16_t)((((uint32_t)b[0] ^ 1u) << 6) + (b[1] >> 1));
}

/* Paradigm accessors (ids validated at load; para < npara, form < forms). */
static inline uint16_t md_form_suffix(const fakt_dict *d, uint32_t para, uint32_t form)
{
    return d->para[d->para_off[para] + form];
}
static inline uint16_t md_form_tag(const fakt_dict *d, uint32_t para, uint32_t form)
{
    return d->para[d->para_off[para] + d->para_forms[para] + form];
}
static inline uint16_t md_form_prefix(const fakt_dict *d, uint32_t para, uint32_t form)
{
    return d->para[d->para_off[para] + 2u * d->para_forms[para] + form];
}

/* CP1251 <-> Unicode (the standard code page). */
extern const uint16_t fakt_md_cp1251[256];
uint8_t fakt_md_to_cp1251(uint32_t cp);  /* MD_NOCHAR when absent */
uint32_t fakt_md_lower(uint32_t cp);     /* simple lowercase mapping */

/* Appends CP1251 s[0..n) as UTF-8 to out (cap bytes), returns new length
 * (stops before overflowing). */
size_t fakt_md_put_cp1251(char *out, size_t len, size_t cap, const char *s, size_t n);

#endif

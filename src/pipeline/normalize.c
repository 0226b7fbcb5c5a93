/*
 * normalize.c — the nominative canonical form of an entity (see
 * normalize.h for the rules).
 *
 * PER: each capitalized name part (hyphenated words part by part) gets its
 * candidate readings — (case, gender) pairs with a score and how to reach
 * the nominative: a dictionary Name/Surn/Patr parse, a guessed noun parse,
 * a surname-family rule (-ов/-ев/-ин/-ын, -ский/-цкий), or "keep" (a
 * consonant-final surname read as a woman's indeclinable one).  The
 * (case, gender) of the whole name is the one the parts agree on best —
 * genders compared by their mass over all cases, a past-tense verb or
 * short participle next to the name multiplying its gender — and each part
 * goes to the nominative singular of that gender.
 *
 * LOC / ORG: over the leading run of Cyrillic words, every head position k
 * is tried: words before k must be adjectives (or participles) agreeing
 * with a noun parse of word k in case, number and gender; the head
 * position with the most mass wins (agreement is rewarded, singular and
 * nominative slightly preferred, guessed heads discounted), then its best
 * reading.  Head and adjectives go to the nominative, the rest stays.
 */
#include <string.h>

#include "morph/morph.h"
#include "pipeline/normalize.h"

enum { NC_NOMN, NC_GENT, NC_DATV, NC_ACCS, NC_ABLT, NC_LOCT, NC_N };
enum { NP_OTHER, NP_NOUN, NP_ADJ, NP_VERB, NP_PRTS };
enum { NG_MASC = 1, NG_FEMN = 2, NG_NEUT = 4 };
enum { NN_NONE, NN_SING, NN_PLUR };
enum {
    NF_NAME = 1,
    NF_SURN = 2,
    NF_PATR = 4,
    NF_FIXD = 8,
    NF_ABBR = 16,
    NF_PAST = 32,
    NF_GEOX = 64,
    NF_ORGN = 128
};

/* A decoded tag packed in 32 bits (bit 31 marks it decoded). */
#define NT_POS(t) ((t)&7u)
#define NT_CAS(t) (((t) >> 3) & 7u) /* 7: none */
#define NT_GEN(t) (((t) >> 6) & 7u)
#define NT_NUM(t) (((t) >> 9) & 3u)
#define NT_FL(t) (((t) >> 11) & 0xffu)

#define MAX_PARSES 24
#define MAX_UNITS 8
#define MAX_LWORDS 6
#define MAX_TOKENS 64
#define WBUF 256

void fakt_normalize_ctx_init(fakt_norm_ctx *c, const fakt_dict *d, fakt_arena *a)
{
    static const char *const cases[NC_N] = {"nomn", "gent", "datv", "accs", "ablt", "loct"};
    memset(c, 0, sizeof *c);
    c->d = d;
    if (!d)
        return;
    c->noun = fakt_morph_grammeme(d, "NOUN");
    c->adjf = fakt_morph_grammeme(d, "ADJF");
    c->prtf = fakt_morph_grammeme(d, "PRTF");
    c->verb = fakt_morph_grammeme(d, "VERB");
    c->prts = fakt_morph_grammeme(d, "PRTS");
    c->numr = fakt_morph_grammeme(d, "NUMR");
    for (int i = 0; i < NC_N; i++)
        c->cas[i] = fakt_morph_grammeme(d, cases[i]);
    c->gen2 = fakt_morph_grammeme(d, "gen2");
    c->acc2 = fakt_morph_grammeme(d, "acc2");
    c->loc2 = fakt_morph_grammeme(d, "loc2");
    c->masc = fakt_morph_grammeme(d, "masc");
    c->femn = fakt_morph_grammeme(d, "femn");
    c->neut = fakt_morph_grammeme(d, "neut");
    c->msf = fakt_morph_grammeme(d, "Ms-f");
    c->sing = fakt_morph_grammeme(d, "sing");
    c->plur = fakt_morph_grammeme(d, "plur");
    c->name = fakt_morph_grammeme(d, "Name");
    c->surn = fakt_morph_grammeme(d, "Surn");
    c->patr = fakt_morph_grammeme(d, "Patr");
    c->fixd = fakt_morph_grammeme(d, "Fixd");
    c->abbr = fakt_morph_grammeme(d, "Abbr");
    c->past = fakt_morph_grammeme(d, "past");
    c->geox = fakt_morph_grammeme(d, "Geox");
    c->orgn = fakt_morph_grammeme(d, "Orgn");
    c->prep = fakt_morph_grammeme(d, "PREP");
    c->ntags = fakt_morph_tag_count(d);
    /* a document meets few of the dictionary's tags: a small memo */
    c->tmask = 511;
    c->tagc = a ? fakt_arena_calloc(a, 2 * ((size_t)c->tmask + 1), sizeof *c->tagc) : NULL;
    c->memo_mask = 255;
    c->memo = a ? fakt_arena_calloc(a, (size_t)c->memo_mask + 1, sizeof *c->memo) : NULL;
    const int g[23] = {c->cas[0], c->cas[1], c->cas[2], c->cas[3], c->cas[4], c->cas[5],
                       c->gen2,   c->acc2,   c->loc2,   c->masc,   c->femn,   c->neut,
                       c->msf,    c->sing,   c->plur,   c->name,   c->surn,   c->patr,
                       c->fixd,   c->abbr,   c->past,   c->geox,   c->orgn};
    memcpy(c->gids, g, sizeof g);
}

static uint32_t tag_compute(const fakt_norm_ctx *c, uint32_t tag)
{
    uint32_t pos = NP_OTHER, cas = 7, gen = 0, num = NN_NONE, fl = 0;
    int p = fakt_morph_tag_pos(c->d, tag);
    if (p >= 0) {
        if (p == c->noun)
            pos = NP_NOUN;
        else if (p == c->adjf || p == c->prtf)
            pos = NP_ADJ;
        else if (p == c->verb)
            pos = NP_VERB;
        else if (p == c->prts)
            pos = NP_PRTS;
    }
    /* bits in the order of c->gids: 6 cases, gen2 acc2 loc2, masc femn
     * neut Ms-f, sing plur, Name Surn Patr Fixd Abbr past Geox Orgn */
    uint64_t g = fakt_morph_tag_grams(c->d, tag, c->gids, 23);
    if (g & 0x3Fu)
        cas = (uint32_t)__builtin_ctzll(g & 0x3Fu);
    else if (g & (1u << 6))
        cas = NC_GENT;
    else if (g & (1u << 7))
        cas = NC_ACCS;
    else if (g & (1u << 8))
        cas = NC_LOCT;
    if (g & (1u << 9))
        gen |= NG_MASC;
    if (g & (1u << 10))
        gen |= NG_FEMN;
    if (g & (1u << 11))
        gen |= NG_NEUT;
    if (g & (1u << 12))
        gen |= NG_MASC | NG_FEMN;
    if (g & (1u << 13))
        num = NN_SING;
    else if (g & (1u << 14))
        num = NN_PLUR;
    fl = (uint32_t)(g >> 15) & 0xFFu; /* NF_NAME .. NF_ORGN, in that order */
    return pos | cas << 3 | gen << 6 | num << 9 | fl << 11 | 1u << 31;
}

static uint32_t tag_decode(fakt_norm_ctx *c, uint32_t tag)
{
    if (!c->tagc)
        return tag_compute(c, tag);
    uint32_t key = tag + 1, i = (key * 0x9E3779B1u >> 16) & c->tmask;
    while (c->tagc[2 * i] && c->tagc[2 * i] != key)
        i = (i + 1) & c->tmask;
    if (c->tagc[2 * i])
        return c->tagc[2 * i + 1];
    uint32_t t = tag_compute(c, tag);
    if (key && 4 * (c->tfill + 1) <= 3 * (c->tmask + 1)) {
        c->tfill++;
        c->tagc[2 * i] = key;
        c->tagc[2 * i + 1] = t;
    }
    return t;
}

/* ---- letters ------------------------------------------------------- */

static int cp_letter(uint32_t c)
{
    return fakt_cp_lower(c) != c || fakt_cp_upper(c) != c;
}

/* Lowercases s[0..n) into out (cap bytes); returns the length or 0. */
static size_t lower_utf8(const char *s, size_t n, char *out, size_t cap)
{
    size_t i = 0, o = 0;
    while (i < n) {
        uint32_t c = fakt_cp_lower(fakt_utf8_next(s, n, &i));
        if (o + 4 >= cap)
            return 0;
        o += fakt_utf8_encode(c, out + o);
    }
    out[o] = 0;
    return o;
}

static int has_yo(const char *s, size_t n)
{
    for (size_t i = 0; i + 1 < n; i++)
        if ((unsigned char)s[i] == 0xD1 && (unsigned char)s[i + 1] == 0x91)
            return 1; /* ё */
        else if ((unsigned char)s[i] == 0xD0 && (unsigned char)s[i + 1] == 0x81)
            return 1; /* Ё */
    return 0;
}

/* Writes the lowercase form low[0..ln) cased like the source src[0..sn):
 * all capitals when the source is (two letters or more), else the first
 * letter of each hyphen-separated part upper when the source part's is;
 * ё read as е when the source has no ё.  Returns the length or 0. */
static size_t apply_case(const char *src, size_t sn, const char *low, size_t ln, char *out,
                         size_t cap)
{
    size_t i = 0, letters = 0, uppers = 0;
    uint8_t partup[16];
    size_t np = 0;
    int first = 1;
    while (i < sn) {
        uint32_t c = fakt_utf8_next(src, sn, &i);
        if (c == '-') {
            if (np < 16 && first)
                partup[np++] = 0;
            first = 1;
            continue;
        }
        if (cp_letter(c)) {
            letters++;
            if (fakt_cp_lower(c) != c)
                uppers++;
            if (first) {
                if (np < 16)
                    partup[np++] = fakt_cp_lower(c) != c;
                first = 0;
            }
        }
    }
    int allcaps = letters >= 2 && uppers == letters;
    int yo = has_yo(src, sn);
    size_t o = 0, part = 0;
    first = 1;
    i = 0;
    while (i < ln) {
        uint32_t c = fakt_utf8_next(low, ln, &i);
        if (c == '-') {
            part++;
            first = 1;
        } else if (cp_letter(c)) {
            if (c == 0x451 && !yo)
                c = 0x435;
            int up = allcaps || (first && np && partup[part < np ? part : np - 1]);
            if (up)
                c = fakt_cp_upper(c);
            first = 0;
        }
        if (o + 4 >= cap)
            return 0;
        o += fakt_utf8_encode(c, out + o);
    }
    out[o] = 0;
    return o;
}

/* Whether the lowercased words are the same up to ё/е. */
static int same_word(const char *a, size_t an, const char *b, size_t bn)
{
    size_t i = 0, j = 0;
    while (i < an && j < bn) {
        uint32_t x = fakt_utf8_next(a, an, &i), y = fakt_utf8_next(b, bn, &j);
        if (x == 0x451)
            x = 0x435;
        if (y == 0x451)
            y = 0x435;
        if (x != y)
            return 0;
    }
    return i == an && j == bn;
}

static int ends_with(const char *s, size_t n, const char *suf)
{
    size_t k = 0;
    while (suf[k])
        k++;
    if (n < k)
        return 0;
    s += n - k;
    for (size_t i = 0; i < k; i++)
        if (s[i] != suf[i])
            return 0;
    return 1;
}

/* Parses through the document's cache when there is one. */
static size_t nparse(fakt_norm_ctx *c, const char *w, size_t n, fakt_mparse *out, size_t max)
{
    return c->pc ? fakt_pcache_parse(c->pc, w, n, out, max) : fakt_morph_parse(c->d, w, n, out, max);
}

/* ---- output assembly ------------------------------------------------ */

typedef struct repl {
    const char *s; /* replacement of a token, or NULL (source kept) */
    size_t n;
} repl;

static const char *assemble(const char *text, const fakt_seg *seg, const fakt_ent *e,
                            const repl *r, fakt_arena *a)
{
    size_t total = 0;
    for (uint32_t t = e->t0; t < e->t1; t++) {
        const fakt_token *k = &seg->toks[t];
        size_t i = t - e->t0;
        total += 1 + (r && i < MAX_TOKENS && r[i].s ? r[i].n : k->b1 - k->b0);
    }
    char *out = fakt_arena_alloc(a, total + 1);
    if (!out)
        return NULL;
    size_t o = 0;
    for (uint32_t t = e->t0; t < e->t1; t++) {
        const fakt_token *k = &seg->toks[t];
        size_t i = t - e->t0;
        if (t > e->t0 && k->b0 > seg->toks[t - 1].b1)
            out[o++] = ' ';
        if (r && i < MAX_TOKENS && r[i].s) {
            memcpy(out + o, r[i].s, r[i].n);
            o += r[i].n;
        } else {
            memcpy(out + o, text + k->b0, k->b1 - k->b0);
            o += k->b1 - k->b0;
        }
    }
    out[o] = 0;
    return out;
}

/* A scratch pool for replacement strings. */
typedef struct pool {
    char b[2048];
    size_t n;
} pool;

/* Puts low[0..ln) cased like src into the pool; returns it or NULL. */
static const char *pool_cased(pool *p, const char *src, size_t sn, const char *low, size_t ln,
                              size_t *outn)
{
    size_t n = apply_case(src, sn, low, ln, p->b + p->n, sizeof p->b - p->n);
    if (!n)
        return NULL;
    const char *s = p->b + p->n;
    p->n += n + 1;
    *outn = n;
    return s;
}

/* ---- PER -------------------------------------------------------------- */

enum { CAND_RULE = 100, CAND_KEEP = 101, CAND_NONE = 255 };
enum { RULE_NONE, RULE_OV, RULE_SK };

typedef struct unit {
    const char *s; /* the part in the text */
    size_t n;
    uint32_t tok;  /* its token (index in the entity) */
    int any;       /* has candidate readings */
    float sc[2][NC_N];
    uint8_t ci[2][NC_N];
    size_t np;
    fakt_mparse mp[MAX_PARSES];
    int rule;
    size_t rule_base; /* bytes of the lowercase base the endings go after */
    uint8_t rr[4][2]; /* the rule's readings: (case, gender mask) */
    int nrr;
    char low[WBUF];
    size_t lown;
} unit;

static void cand_put(unit *u, unsigned gm, unsigned cas, float s, uint8_t code)
{
    for (int g = 0; g < 2; g++)
        if (gm & (1u << g))
            if (s > u->sc[g][cas]) {
                u->sc[g][cas] = s;
                u->ci[g][cas] = code;
                u->any = 1;
            }
}

/* The -ов/-ин and -ский surname families: base (the lowercase word up to
 * the family's ending) and the readings the ending allows. */
static void surname_rules(unit *u, uint8_t lic[2][NC_N])
{
    u->nrr = 0;
    static const char *const ovx[] = {"ов", "ев", "ёв", "ин", "ын"};
    static const struct {
        const char *tail;
        uint8_t cas[4][2]; /* (case, gender mask), up to 4 */
    } ov[] = {
        {"", {{NC_NOMN, NG_MASC}, {0, 0}, {0, 0}, {0, 0}}},
        {"а", {{NC_GENT, NG_MASC}, {NC_ACCS, NG_MASC}, {NC_NOMN, NG_FEMN}, {0, 0}}},
        {"у", {{NC_DATV, NG_MASC}, {NC_ACCS, NG_FEMN}, {0, 0}, {0, 0}}},
        {"ым", {{NC_ABLT, NG_MASC}, {0, 0}, {0, 0}, {0, 0}}},
        {"е", {{NC_LOCT, NG_MASC}, {0, 0}, {0, 0}, {0, 0}}},
        {"ой", {{NC_GENT, NG_FEMN}, {NC_DATV, NG_FEMN}, {NC_ABLT, NG_FEMN}, {NC_LOCT, NG_FEMN}}},
    };
    static const struct {
        const char *tail;
        uint8_t cas[4][2];
    } sk[] = {
        {"ий", {{NC_NOMN, NG_MASC}, {0, 0}, {0, 0}, {0, 0}}},
        {"ого", {{NC_GENT, NG_MASC}, {NC_ACCS, NG_MASC}, {0, 0}, {0, 0}}},
        {"ому", {{NC_DATV, NG_MASC}, {0, 0}, {0, 0}, {0, 0}}},
        {"им", {{NC_ABLT, NG_MASC}, {0, 0}, {0, 0}, {0, 0}}},
        {"ом", {{NC_LOCT, NG_MASC}, {0, 0}, {0, 0}, {0, 0}}},
        {"ая", {{NC_NOMN, NG_FEMN}, {0, 0}, {0, 0}, {0, 0}}},
        {"ой", {{NC_GENT, NG_FEMN}, {NC_DATV, NG_FEMN}, {NC_ABLT, NG_FEMN}, {NC_LOCT, NG_FEMN}}},
        {"ую", {{NC_ACCS, NG_FEMN}, {0, 0}, {0, 0}, {0, 0}}},
    };
    const char *s = u->low;
    size_t n = u->lown;
    for (size_t t = 0; t < sizeof ov / sizeof ov[0]; t++) {
        size_t tl = strlen(ov[t].tail);
        if (!ends_with(s, n, ov[t].tail))
            continue;
        size_t b = n - tl;
        for (size_t x = 0; x < sizeof ovx / sizeof ovx[0]; x++) {
            size_t xl = strlen(ovx[x]);
            /* at least two letters (4 bytes of Cyrillic) before the ending */
            if (b >= xl + 4 && ends_with(s, b, ovx[x])) {
                u->rule = RULE_OV;
                u->rule_base = b;
                for (int k = 0; k < 4 && ov[t].cas[k][1]; k++) {
                    lic[ov[t].cas[k][1] >> 1][ov[t].cas[k][0]] = 1;
                    memcpy(u->rr[u->nrr++], ov[t].cas[k], 2);
                }
                return;
            }
        }
    }
    for (size_t t = 0; t < sizeof sk / sizeof sk[0]; t++) {
        size_t tl = strlen(sk[t].tail);
        if (!ends_with(s, n, sk[t].tail))
            continue;
        size_t b = n - tl;
        if (b >= 4 + 4 && (ends_with(s, b, "ск") || ends_with(s, b, "цк"))) {
            u->rule = RULE_SK;
            u->rule_base = b;
            for (int k = 0; k < 4 && sk[t].cas[k][1]; k++) {
                lic[sk[t].cas[k][1] >> 1][sk[t].cas[k][0]] = 1;
                memcpy(u->rr[u->nrr++], sk[t].cas[k], 2);
            }
            return;
        }
    }
}

/* The last code point of UTF-8 s[0..n), or 0. */
static uint32_t last_cp(const char *s, size_t n)
{
    size_t i = n;
    while (i > 0 && ((unsigned char)s[i - 1] & 0xC0) == 0x80)
        i--;
    if (i == 0)
        return 0;
    i--;
    return fakt_utf8_next(s, n, &i);
}

static int consonant_final(const char *s, size_t n)
{
    uint32_t c = last_cp(s, n);
    switch (c) {
    case 0x430: case 0x435: case 0x451: case 0x438: case 0x43E: case 0x443: /* а е ё и о у */
    case 0x44B: case 0x44D: case 0x44E: case 0x44F: case 0x439: case 0x44C: /* ы э ю я й ь */
        return 0;
    default:
        return c >= 0x430 && c <= 0x44F;
    }
}

/* Ends in и, о, э, or е after a vowel (Проди, Тифензее): foreign-looking. */
static int vowel_final(const char *s, size_t n)
{
    uint32_t c = last_cp(s, n);
    if (c == 0x438 || c == 0x43E || c == 0x44D)
        return 1;
    if (c == 0x435 && n >= 4)
        return !consonant_final(s, n - 2) && last_cp(s, n - 2) >= 0x430;
    return 0;
}

/* Turkic patronymic surnames (Момышулы, Алиев оглы): indeclinable. */
static int indeclinable_name(const char *s, size_t n)
{
    return ends_with(s, n, "улы") || ends_with(s, n, "ұлы") || ends_with(s, n, "оглы") ||
           ends_with(s, n, "кызы") || ends_with(s, n, "қызы") || ends_with(s, n, "кизи");
}

static void unit_readings(fakt_norm_ctx *c, unit *u)
{
    memset(u->sc, 0, sizeof u->sc);
    memset(u->ci, CAND_NONE, sizeof u->ci);
    u->any = 0;
    u->rule = RULE_NONE;
    u->nrr = 0;
    u->np = 0;
    u->lown = lower_utf8(u->s, u->n, u->low, sizeof u->low);
    if (!u->lown || indeclinable_name(u->low, u->lown))
        return;
    u->np = c->d ? nparse(c, u->s, u->n, u->mp, MAX_PARSES) : 0;
    uint8_t lic[2][NC_N];
    memset(lic, 0, sizeof lic);
    surname_rules(u, lic);
    int named = 0, dictname = 0, dictword = 0;
    for (size_t j = 0; j < u->np; j++) {
        uint32_t t = tag_decode(c, u->mp[j].tag);
        dictword |= u->mp[j].kind == FAKT_MK_DICT;
        if ((NT_FL(t) & (NF_NAME | NF_SURN | NF_PATR)) && NT_NUM(t) != NN_PLUR) {
            named = 1;
            if ((NT_FL(t) & NF_NAME) && u->mp[j].kind == FAKT_MK_DICT)
                dictname = 1;
        }
    }
    for (size_t j = 0; j < u->np; j++) {
        uint32_t t = tag_decode(c, u->mp[j].tag);
        unsigned fl = NT_FL(t), cas = NT_CAS(t), gm = NT_GEN(t) & (NG_MASC | NG_FEMN);
        int guessed = u->mp[j].kind != FAKT_MK_DICT;
        if (NT_NUM(t) == NN_PLUR || cas == 7)
            continue;
        float w;
        if (fl & (NF_NAME | NF_SURN | NF_PATR)) {
            if (NT_POS(t) != NP_NOUN && NT_POS(t) != NP_ADJ)
                continue;
            w = 1.0f;
            /* a guessed first name of a surname-looking word: a surname */
            if (u->rule && guessed && (fl & NF_NAME))
                w = 0.3f;
        } else if (NT_POS(t) != NP_NOUN || named) {
            continue;
        } else if (guessed) {
            w = 0.3f; /* a guessed noun: maybe a surname */
        } else {
            w = 0.05f;
        }
        if (fl & NF_FIXD)
            w *= 0.9f; /* the declined reading first when both are there */
        if (!gm) {
            if (NT_GEN(t) & NG_NEUT)
                continue;
            gm = NG_MASC | NG_FEMN;
        }
        for (unsigned g = 0; g < 2; g++) {
            if (!(gm & (1u << g)))
                continue;
            float wg = w;
            /* a reading the surname family does not allow */
            if (u->rule && (guessed || (fl & NF_SURN)) && !(fl & NF_FIXD) && !lic[g][cas])
                wg *= 0.25f;
            cand_put(u, 1u << g, cas, u->mp[j].score * wg, (uint8_t)j);
        }
    }
    for (int k = 0; k < u->nrr; k++)
        cand_put(u, u->rr[k][1], u->rr[k][0], named ? 0.1f : 0.4f, CAND_RULE);
    /* A foreign name the dictionary does not know, ending in a vowel other
     * than а/я (Проди, Нетаньяху, Тифензее): indeclinable unless a guess
     * says otherwise with some confidence. */
    if (!dictword && !u->rule && vowel_final(u->low, u->lown))
        for (int k = 0; k < NC_N; k++)
            cand_put(u, NG_MASC | NG_FEMN, (unsigned)k, 0.15f, CAND_KEEP);
    /* A woman's consonant-final surname does not decline: the masculine
     * nominative of a word that is no first name stays for a woman too. */
    int fem = 0;
    for (int k = 0; k < NC_N; k++)
        fem |= u->sc[1][k] > 0;
    if (u->any && !fem && !dictname && u->sc[0][NC_NOMN] > 0 && consonant_final(u->low, u->lown))
        for (int k = 0; k < NC_N; k++)
            cand_put(u, NG_FEMN, (unsigned)k, 0.2f, CAND_KEEP);
}

/* Whether the entity starting at token t0 follows a preposition (then it
 * is not in the nominative). */
static int after_prep(fakt_norm_ctx *c, const char *text, const fakt_seg *seg, uint32_t t0)
{
    if (!c->d || t0 == 0 || seg->toks[t0 - 1].kind != FAKT_TK_WORD || c->prep < 0)
        return 0;
    const fakt_token *k = &seg->toks[t0 - 1];
    if (k->c1 - k->c0 > 6)
        return 0;
    fakt_mparse mp[8];
    size_t n = nparse(c, text + k->b0, k->b1 - k->b0, mp, 8);
    return n > 0 && mp[0].kind == FAKT_MK_DICT && fakt_morph_tag_pos(c->d, mp[0].tag) == c->prep;
}

/* The gender a past-tense verb or short participle in word token t shows:
 * NG_MASC, NG_FEMN or 0. */
static unsigned verb_gender(fakt_norm_ctx *c, const char *text, const fakt_seg *seg, uint32_t t)
{
    if (!c->d || t >= seg->ntok || seg->toks[t].kind != FAKT_TK_WORD)
        return 0;
    const fakt_token *k = &seg->toks[t];
    fakt_mparse mp[16];
    size_t n = nparse(c, text + k->b0, k->b1 - k->b0, mp, 16);
    unsigned gm = 0;
    float mass = 0;
    for (size_t j = 0; j < n; j++) {
        uint32_t tg = tag_decode(c, mp[j].tag);
        if ((NT_POS(tg) == NP_VERB && (NT_FL(tg) & NF_PAST)) || NT_POS(tg) == NP_PRTS) {
            if (NT_NUM(tg) == NN_SING) {
                gm |= NT_GEN(tg);
                mass += mp[j].score;
            }
        }
    }
    if (mass < 0.3f)
        return 0;
    gm &= NG_MASC | NG_FEMN | NG_NEUT;
    return gm == NG_MASC || gm == NG_FEMN ? gm : 0;
}

static const char *norm_per(fakt_norm_ctx *c, const char *text, const fakt_seg *seg,
                            const fakt_ent *e, fakt_arena *a, int prep, unsigned vg)
{
    unit units[MAX_UNITS];
    size_t nu = 0;
    uint32_t nt = e->t1 - e->t0;
    for (uint32_t i = 0; i < nt && nu < MAX_UNITS; i++) {
        const fakt_token *k = &seg->toks[e->t0 + i];
        if (k->kind != FAKT_TK_WORD || !(k->flags & FAKT_TF_CYRILLIC) ||
            (k->flags & (FAKT_TF_LATIN | FAKT_TF_DIGIT | FAKT_TF_INITIAL)) || k->c1 - k->c0 < 2)
            continue;
        if ((k->flags & FAKT_TF_ALLCAPS) && k->c1 - k->c0 <= 3)
            continue; /* an abbreviation */
        const char *s = text + k->b0;
        size_t n = k->b1 - k->b0, p = 0;
        while (p <= n && nu < MAX_UNITS) {
            size_t q = p;
            while (q < n && s[q] != '-')
                q++;
            size_t j = p;
            uint32_t first = q > p ? fakt_utf8_next(s, q, &j) : 0;
            if (q - p >= 2 && fakt_cp_lower(first) != first) {
                units[nu].s = s + p;
                units[nu].n = q - p;
                units[nu].tok = i;
                nu++;
            }
            p = q + 1;
        }
    }
    if (!nu)
        return assemble(text, seg, e, NULL, a);
    int anyc = 0;
    for (size_t u = 0; u < nu; u++) {
        unit_readings(c, &units[u]);
        anyc |= units[u].any;
    }
    if (!anyc)
        return assemble(text, seg, e, NULL, a);
    double S[2][NC_N], G[2] = {0, 0};
    double nomn_prior = prep ? 0.05 : 1.5;
    for (int g = 0; g < 2; g++)
        for (int k = 0; k < NC_N; k++) {
            /* priors: names in the nominative and men's names are
             * the more frequent in the news */
            double s = (k == NC_NOMN ? nomn_prior : 1.0) * (g == 0 ? 1.6 : 1.0);
            for (size_t u = 0; u < nu; u++)
                if (units[u].any)
                    s *= units[u].sc[g][k] > 0.002f ? units[u].sc[g][k] : 0.002f;
            S[g][k] = s;
            G[g] += s;
        }
    /* the context's gender (vg: a verb right after or right before;
     * it agrees with the name only when the name is its subject) */
    if (vg == NG_MASC || vg == NG_FEMN) {
        int vi = vg == NG_FEMN;
        G[vi] += S[vi][NC_NOMN] * 3;
        S[vi][NC_NOMN] *= 4;
    }
    int g = G[1] > G[0];
    int cas = 0;
    for (int k = 1; k < NC_N; k++)
        if (S[g][k] > S[g][cas])
            cas = k;
    if (cas == NC_NOMN)
        return assemble(text, seg, e, NULL, a);

    /* each part to the nominative singular of gender g */
    pool pl;
    pl.n = 0;
    repl r[MAX_TOKENS];
    memset(r, 0, sizeof r);
    const char *gram = g ? "nomn,sing,femn" : "nomn,sing,masc";
    for (uint32_t i = 0; i < nt && i < MAX_TOKENS; i++) {
        /* the units of token i, in order; the token rebuilt part by part */
        size_t u0 = nu, u1 = nu;
        for (size_t u = 0; u < nu; u++)
            if (units[u].tok == i) {
                if (u0 == nu)
                    u0 = u;
                u1 = u + 1;
            }
        if (u0 == nu)
            continue;
        const fakt_token *k = &seg->toks[e->t0 + i];
        const char *ts = text + k->b0;
        size_t tn = k->b1 - k->b0;
        char low[WBUF];
        size_t lo = 0, prev = 0; /* bytes of ts copied so far */
        int changed = 0, ok = 1;
        for (size_t u = u0; u < u1 && ok; u++) {
            unit *un = &units[u];
            size_t off = (size_t)(un->s - ts);
            /* the source between parts (hyphens, lowercase parts) */
            if (off > prev) {
                if (lo + (off - prev) >= sizeof low)
                    ok = 0;
                else {
                    size_t m = lower_utf8(ts + prev, off - prev, low + lo, sizeof low - lo);
                    lo += m;
                }
            }
            char w[WBUF];
            size_t wn = 0;
            uint8_t code = un->ci[g][cas];
            if (un->any && code < MAX_PARSES) {
                wn = fakt_morph_inflect_to(c->d, un->s, un->n, &un->mp[code], gram, w, sizeof w, NULL);
                if (!wn)
                    wn = fakt_morph_inflect_to(c->d, un->s, un->n, &un->mp[code], "nomn,sing", w,
                                               sizeof w, NULL);
                if (!wn)
                    wn = fakt_morph_inflect_to(c->d, un->s, un->n, &un->mp[code], "nomn", w,
                                               sizeof w, NULL);
            } else if (un->any && code == CAND_RULE && un->rule_base + 8 < sizeof w) {
                memcpy(w, un->low, un->rule_base);
                wn = un->rule_base;
                const char *end = un->rule == RULE_SK ? (g ? "ая" : "ий") : (g ? "а" : "");
                memcpy(w + wn, end, strlen(end));
                wn += strlen(end);
                w[wn] = 0;
            }
            if (!wn) {
                memcpy(w, un->low, un->lown);
                wn = un->lown;
            } else if (!same_word(w, wn, un->low, un->lown)) {
                changed = 1;
            }
            if (lo + wn >= sizeof low)
                ok = 0;
            else {
                memcpy(low + lo, w, wn);
                lo += wn;
            }
            prev = off + un->n;
        }
        if (!ok || !changed)
            continue;
        if (tn > prev) {
            if (lo + (tn - prev) >= sizeof low)
                continue;
            lo += lower_utf8(ts + prev, tn - prev, low + lo, sizeof low - lo);
        }
        r[i].s = pool_cased(&pl, ts, tn, low, lo, &r[i].n);
    }
    return assemble(text, seg, e, r, a);
}

/* ---- LOC / ORG -------------------------------------------------------- */

typedef struct lword {
    const char *s;
    size_t n;
    size_t np;
    fakt_mparse mp[MAX_PARSES];
    uint32_t t[MAX_PARSES];
    int guessed; /* no dictionary parse */
} lword;

/* Whether a guessed word's reading j is confident: parses sharing its
 * lemma hold at least half the mass. */
static int confident(fakt_norm_ctx *c, const lword *w, size_t j)
{
    char l0[WBUF], l[WBUF];
    size_t n0 = fakt_morph_lemma(c->d, w->s, w->n, &w->mp[j], l0, sizeof l0);
    float same = 0, all = 0;
    for (size_t i = 0; i < w->np; i++) {
        all += w->mp[i].score;
        if (i == j) {
            same += w->mp[i].score;
            continue;
        }
        size_t n = fakt_morph_lemma(c->d, w->s, w->n, &w->mp[i], l, sizeof l);
        if (n == n0 && memcmp(l, l0, n) == 0)
            same += w->mp[i].score;
    }
    return all > 0 && same >= 0.5f * all;
}

static const char *norm_name(fakt_norm_ctx *c, const char *text, const fakt_seg *seg,
                             const fakt_ent *e, fakt_arena *a, int prep)
{
    lword ws[MAX_LWORDS];
    size_t m = 0;
    uint32_t nt = e->t1 - e->t0;
    for (uint32_t i = 0; i < nt && m < MAX_LWORDS; i++) {
        const fakt_token *k = &seg->toks[e->t0 + i];
        if (k->kind != FAKT_TK_WORD || !(k->flags & FAKT_TF_CYRILLIC) ||
            (k->flags & (FAKT_TF_LATIN | FAKT_TF_DIGIT | FAKT_TF_ABBR)))
            break;
        if ((k->flags & FAKT_TF_ALLCAPS) && k->c1 - k->c0 <= 5)
            break; /* an abbreviation: indeclinable, ends the phrase */
        ws[m].s = text + k->b0;
        ws[m].n = k->b1 - k->b0;
        ws[m].np = nparse(c, ws[m].s, ws[m].n, ws[m].mp, MAX_PARSES);
        ws[m].guessed = 1;
        int abbr = 0;
        for (size_t j = 0; j < ws[m].np; j++) {
            ws[m].t[j] = tag_decode(c, ws[m].mp[j].tag);
            if (ws[m].mp[j].kind == FAKT_MK_DICT)
                ws[m].guessed = 0;
            abbr |= (NT_FL(ws[m].t[j]) & NF_ABBR) != 0;
        }
        if ((k->flags & FAKT_TF_ALLCAPS) && (abbr || ws[m].guessed))
            break;
        m++;
    }
    if (!m)
        return assemble(text, seg, e, NULL, a);

    /* head position k (k == m: adjectives only), reading (head parse,
     * adjective parses) */
    double nomn_prior = prep ? 0.05 : 1.5;
    double ksum[MAX_LWORDS + 1] = {0};
    double kbest[MAX_LWORDS + 1] = {0};
    int8_t kpar[MAX_LWORDS + 1][MAX_LWORDS + 1];
    uint8_t kcas[MAX_LWORDS + 1], knum[MAX_LWORDS + 1], kgen[MAX_LWORDS + 1];
    for (size_t k = 0; k <= m; k++) {
        /* the agreement a reading asks: from the head's parse, or (k == m)
         * from the first adjective's */
        lword *hw = &ws[k < m ? k : 0];
        for (size_t j = 0; j < hw->np; j++) {
            uint32_t t = hw->t[j];
            unsigned pos = NT_POS(t), cas = NT_CAS(t), num = NT_NUM(t), gen = NT_GEN(t);
            if (cas == 7 || (k < m ? pos != NP_NOUN : pos != NP_ADJ))
                continue;
            if (!num)
                num = NN_SING;
            double s = hw->mp[j].score;
            if (hw->mp[j].kind != FAKT_MK_DICT)
                s *= 0.5;
            if (k == m) /* no noun: a lone adjective, singular first */
                s *= num == NN_SING ? 0.15 : 0.05;
            int8_t par[MAX_LWORDS + 1];
            par[k < m ? k : 0] = (int8_t)j;
            size_t a0 = k < m ? 0 : 1, a1 = k < m ? k : m;
            for (size_t i = a0; i < a1 && s > 0; i++) {
                double best = 0;
                for (size_t q = 0; q < ws[i].np; q++) {
                    uint32_t tq = ws[i].t[q];
                    if (NT_POS(tq) != NP_ADJ || NT_CAS(tq) != cas)
                        continue;
                    unsigned nq = NT_NUM(tq) ? NT_NUM(tq) : NN_SING;
                    if (nq != num)
                        continue;
                    if (num == NN_SING && gen && !(NT_GEN(tq) & gen))
                        continue;
                    if (ws[i].mp[q].score > best) {
                        best = ws[i].mp[q].score;
                        par[i] = (int8_t)q;
                    }
                }
                s *= best * 3.0;
            }
            if (s <= 0)
                continue;
            if (num == NN_SING)
                s *= 2;
            if (cas == NC_NOMN)
                s *= nomn_prior;
            ksum[k] += s;
            if (s > kbest[k]) {
                kbest[k] = s;
                memcpy(kpar[k], par, sizeof par);
                kcas[k] = (uint8_t)cas;
                knum[k] = (uint8_t)num;
                kgen[k] = (uint8_t)gen;
            }
        }
    }
    size_t K = MAX_LWORDS + 1;
    for (size_t k = 0; k <= m; k++)
        if (ksum[k] > 0 && (K > MAX_LWORDS || ksum[k] > ksum[K]))
            K = k;
    if (K > MAX_LWORDS || kcas[K] == NC_NOMN)
        return assemble(text, seg, e, NULL, a);

    pool pl;
    pl.n = 0;
    repl r[MAX_TOKENS];
    memset(r, 0, sizeof r);
    size_t last = K < m ? K : m - 1;
    for (size_t i = 0; i <= last; i++) {
        const lword *w = &ws[i];
        size_t j = (size_t)kpar[K][i];
        if (w->guessed && !confident(c, w, j))
            continue;
        char gram[32];
        int head = i == K;
        if (knum[K] == NN_PLUR)
            strcpy(gram, "nomn,plur");
        else if (head)
            strcpy(gram, "nomn,sing");
        else {
            unsigned g = kgen[K];
            strcpy(gram, g & NG_MASC ? "nomn,sing,masc" : g & NG_FEMN ? "nomn,sing,femn"
                                       : g & NG_NEUT ? "nomn,sing,neut"
                                                     : "nomn,sing");
        }
        char out[WBUF], low[WBUF];
        size_t on = fakt_morph_inflect_to(c->d, w->s, w->n, &w->mp[j], gram, out, sizeof out, NULL);
        if (!on && !head)
            on = fakt_morph_inflect_to(c->d, w->s, w->n, &w->mp[j], "nomn", out, sizeof out, NULL);
        if (!on)
            continue;
        size_t ln = lower_utf8(w->s, w->n, low, sizeof low);
        if (same_word(out, on, low, ln))
            continue;
        r[i].s = pool_cased(&pl, w->s, w->n, out, on, &r[i].n);
    }
    return assemble(text, seg, e, r, a);
}

/* ---- the per-document memo -------------------------------------------- */

/* Whether tokens [a0, a0 + n) and [b0, b0 + n) read the same to the rules:
 * bytes, kinds, flags and the spaces between them. */
static int same_tokens(const char *text, const fakt_seg *seg, uint32_t a0, uint32_t b0, uint32_t n)
{
    for (uint32_t i = 0; i < n; i++) {
        const fakt_token *x = &seg->toks[a0 + i], *y = &seg->toks[b0 + i];
        if (x->kind != y->kind || x->flags != y->flags || x->b1 - x->b0 != y->b1 - y->b0 ||
            memcmp(text + x->b0, text + y->b0, x->b1 - x->b0) != 0)
            return 0;
        if (i && (x->b0 > seg->toks[a0 + i - 1].b1) != (y->b0 > seg->toks[b0 + i - 1].b1))
            return 0;
    }
    return 1;
}

/* The memo slot of entity e in context ctxv: the filled one when the same
 * tokens were normalized in the same context before, else an empty one to
 * fill, or NULL (no memo, or it is full). */
static fakt_norm_memo *memo_find(fakt_norm_ctx *c, const char *text, const fakt_seg *seg, const fakt_ent *e,
                            uint32_t ctxv)
{
    if (!c->memo)
        return NULL;
    uint64_t h = 0xcbf29ce484222325ull ^ ctxv;
    for (uint32_t t = e->t0; t < e->t1; t++) {
        const fakt_token *k = &seg->toks[t];
        for (uint32_t b = k->b0; b < k->b1; b++)
            h = (h ^ (unsigned char)text[b]) * 0x100000001b3ull;
        h = (h ^ k->flags) * 0x100000001b3ull;
    }
    uint32_t n = e->t1 - e->t0, i = (uint32_t)(h ^ (h >> 32)) & c->memo_mask;
    for (uint32_t probe = 0; probe <= c->memo_mask; probe++, i = (i + 1) & c->memo_mask) {
        fakt_norm_memo *m = &c->memo[i];
        if (!m->norm) {
            if (4 * (c->memo_fill + 1) > 3 * (c->memo_mask + 1))
                return NULL;
            c->memo_fill++;
            return m;
        }
        if (m->ctx == ctxv && m->t1 - m->t0 == n && same_tokens(text, seg, m->t0, e->t0, n))
            return m;
    }
    return NULL;
}

/* ---- entry points ----------------------------------------------------- */

const char *fakt_normalize_entity_ctx(fakt_norm_ctx *c, const char *text, const fakt_seg *seg,
                                      const fakt_ent *e, fakt_arena *a)
{
    if (!c || !text || !seg || !e || !a || e->t0 >= e->t1 || e->t1 > seg->ntok)
        return NULL;
    if (!c->d || e->t1 - e->t0 > MAX_TOKENS)
        return assemble(text, seg, e, NULL, a);
    if (e->type != FAKT_PER && e->type != FAKT_LOC && e->type != FAKT_ORG)
        return assemble(text, seg, e, NULL, a);
    /* What the rules read outside the span: a preposition before it and,
     * for persons, the gender of a verb after or before it. */
    int prep = after_prep(c, text, seg, e->t0);
    unsigned vg = 0;
    if (e->type == FAKT_PER) {
        vg = verb_gender(c, text, seg, e->t1);
        if (!vg && e->t0 > 0)
            vg = verb_gender(c, text, seg, e->t0 - 1);
    }
    /* News repeat their names: the same tokens in the same context have
     * the same norm, so a document's norms are memoized. */
    uint32_t ctxv = (uint32_t)e->type | (uint32_t)prep << 4 | vg << 8;
    fakt_norm_memo *slot = memo_find(c, text, seg, e, ctxv);
    if (slot && slot->norm)
        return slot->norm;
    const char *r = e->type == FAKT_PER ? norm_per(c, text, seg, e, a, prep, vg)
                                        : norm_name(c, text, seg, e, a, prep);
    if (slot && r) {
        slot->t0 = e->t0, slot->t1 = e->t1, slot->ctx = ctxv;
        slot->norm = r;
    }
    return r;
}

const char *fakt_normalize_entity(const fakt_dict *d, const char *text, const fakt_seg *seg,
                                  const fakt_ent *e, fakt_arena *a)
{
    fakt_norm_ctx c;
    fakt_normalize_ctx_init(&c, d, NULL);
    return fakt_normalize_entity_ctx(&c, text, seg, e, a);
}

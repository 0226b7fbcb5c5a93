/*
 * analyze.c — pymorphy2's analysis of one word, without allocation.
 *
 * pymorphy2 (0.9) runs a cascade of analyser units over the lowercased
 * word and stops after the first terminal unit that found something:
 *
 *   1. dictionary (words.dawg, е may read ё), plus initials for a single
 *      uppercase letter (А. -> Name/Patr abbreviations);
 *   2. numbers (NUMB,intg / NUMB,real);  3. punctuation (PNCT);
 *   4. Roman numbers (ROMN, not terminal), Latin words (LATN);
 *   5. word + particle (смотри-ка);  6. по- adverbs (по-русски);
 *   7. hyphenated words (интернет-магазин, человек-гора);
 *   8. known prefixes (псевдо|кошка);
 *   9. unknown prefixes (байт|код, not terminal) and known suffixes
 *      (prediction-suffixes DAWGs);  10. UNKN.
 *
 * Units 5-8 analyse parts of the word with the whole cascade again, so the
 * analysis here is one recursive function over a view of the word.  Then
 * the scores: P(tag | word) from p_t_given_w when the dictionary has any
 * for this word (and the parses are sorted by it), else the units' own
 * estimates scaled to sum to one.  We keep pymorphy2's order, except that
 * the final list is stably sorted best first (pymorphy2 leaves it unsorted
 * when no probability is known).
 *
 * The word is held as lowercase CP1251 (the DAWG alphabet; characters
 * CP1251 lacks become a byte no key contains) beside its code points, which
 * the shape tests (Latin, punctuation) read.  A parse records how to
 * rebuild its word and lemma (see fakt_mparse in morph.h) rather than the
 * strings, so nothing is allocated; lemma.c rebuilds them on demand.
 */
#include <string.h>

#include "morph/mdict.h"
#include "morph/mint.h"

#define MAXDEPTH 6

typedef struct view {
    const uint8_t *b;  /* lowercase CP1251 */
    const uint32_t *c; /* lowercase code points */
    size_t n;
} view;

/* ---- seen parses (pymorphy2's add_parse_if_not_seen) ------------------ */

typedef struct seen {
    struct {
        uint64_t yo;
        uint32_t para, para2;
        uint16_t tag;
    } k[FAKT_MI_MAXP];
    size_t n;
} seen;

static int seen_add(seen *s, const fakt_mparse *m)
{
    for (size_t i = 0; i < s->n; i++)
        if (s->k[i].yo == m->yo && s->k[i].tag == m->tag && s->k[i].para == m->para &&
            s->k[i].para2 == m->para2)
            return 0;
    if (s->n < FAKT_MI_MAXP) {
        s->k[s->n].yo = m->yo;
        s->k[s->n].tag = m->tag;
        s->k[s->n].para = m->para;
        s->k[s->n].para2 = m->para2;
        s->n++;
    }
    return 1;
}

static void mp_init(fakt_mparse *m, uint8_t kind, uint16_t tag)
{
    memset(m, 0, sizeof *m);
    m->para = MD_NO_PARA;
    m->para2 = MD_NO_PARA;
    m->kind = kind;
    m->tag = tag;
}

static int push(fakt_mi *out, size_t *n, size_t max, const fakt_mparse *m, double s)
{
    if (*n >= max)
        return 0;
    out[*n].m = *m;
    out[*n].s = s;
    (*n)++;
    return 1;
}

/* ---- DAWG lookups ------------------------------------------------------ */

typedef struct cand {
    uint32_t node; /* after the payload separator */
    uint64_t yo;   /* е read as ё at these positions (of the view) */
} cand;

#define MAXCAND 16

/* pymorphy2's similar_items with е -> ё: the word as written first, then
 * the variants with ё, by position. */
static void similar(const md_dawg *g, const uint8_t *w, size_t n, size_t pos, uint32_t idx,
                    uint64_t yo, size_t base, cand *out, size_t *nout)
{
    uint32_t j = idx;
    size_t p;
    for (p = pos; p < n; p++)
        if (!md_follow(g, w[p], &j))
            break;
    if (p == n && md_follow(g, MD_SEP, &j) && *nout < MAXCAND) {
        out[*nout].node = j;
        out[*nout].yo = yo;
        (*nout)++;
    }
    if (!memchr(w + pos, MD_IE, n - pos))
        return;
    j = idx;
    for (p = pos; p < n; p++) {
        if (w[p] == MD_IE && base + p < 64) {
            uint32_t k = j;
            if (md_follow(g, MD_YO, &k))
                similar(g, w, n, p + 1, k, yo | (1ull << (base + p)), base, out, nout);
        }
        if (!md_follow(g, w[p], &j))
            break;
    }
}

/* Payloads under node: keys of L bytes, each uint16 in two bytes. */
typedef struct plist {
    uint16_t v[FAKT_MI_MAXP][3];
    size_t n;
} plist;

static void payloads(const md_dawg *g, uint32_t root, int L, plist *o)
{
    /* depth-first over the guide, iteratively: node[k] is the node after k
     * key bytes, c the label tried next below node[dp] (0: none left) */
    uint32_t node[8];
    uint8_t key[8];
    int dp = 0;
    node[0] = root;
    uint8_t c = g->guide[2 * (size_t)root];
    for (;;) {
        if (c) {
            uint32_t j = node[dp];
            if (md_follow(g, c, &j)) {
                key[dp] = c;
                if (dp + 1 < L) {
                    node[++dp] = j;
                    c = g->guide[2 * (size_t)j];
                    continue;
                }
                if (md_has_value(g, j) && o->n < FAKT_MI_MAXP) {
                    for (int k = 0; k < L / 2; k++)
                        o->v[o->n][k] = md_decode16(key + 2 * k);
                    o->n++;
                }
                /* siblings come in increasing order; anything else is corrupt */
                uint8_t nc = g->guide[2 * (size_t)j + 1];
                c = nc > c ? nc : 0;
                continue;
            }
            c = 0;
        }
        if (dp == 0)
            return;
        uint32_t j = node[dp];
        uint8_t pc = key[--dp];
        uint8_t nc = g->guide[2 * (size_t)j + 1];
        c = nc > pc ? nc : 0;
    }
}

/* Unit 1: the dictionary.  Scores 1.0, pymorphy2's order. */
static size_t dict_parses(const fakt_dict *d, view w, fakt_mi *out, size_t n, size_t max)
{
    cand cs[MAXCAND];
    size_t nc = 0;
    similar(&d->words, w.b, w.n, 0, 0, 0, 0, cs, &nc);
    for (size_t c = 0; c < nc; c++) {
        plist pl;
        pl.n = 0;
        payloads(&d->words, cs[c].node, 4, &pl);
        for (size_t k = 0; k < pl.n; k++) {
            uint32_t para = pl.v[k][0], form = pl.v[k][1];
            if (para >= d->npara || form >= d->para_forms[para])
                continue; /* corrupt payload: skip */
            fakt_mparse m;
            mp_init(&m, FAKT_MK_DICT, md_form_tag(d, para, form));
            m.para = para;
            m.form = (uint16_t)form;
            m.yo = cs[c].yo;
            push(out, &n, max, &m, 1.0);
        }
    }
    return n;
}

/* ---- shapes ------------------------------------------------------------ */

static int is_space(uint32_t c)
{
    return c == ' ' || (c >= 9 && c <= 13) || (c >= 0x1C && c <= 0x1F) || c == 0x85 || c == 0xA0 ||
           c == 0x1680 || (c >= 0x2000 && c <= 0x200A) || c == 0x2028 || c == 0x2029 ||
           c == 0x202F || c == 0x205F || c == 0x3000;
}

/* Unicode category P* (punctuation), the common blocks. */
static int is_punct_cp(uint32_t c)
{
    if (c < 0x80)
        return c > 32 && c < 127 && strchr("!\"#%&'()*,-./:;?@[\\]_{}", (int)c) != NULL;
    if (c < 0x100)
        return c == 0xA1 || c == 0xA7 || c == 0xAB || c == 0xB6 || c == 0xB7 || c == 0xBB || c == 0xBF;
    if (c >= 0x2010 && c <= 0x205E)
        return !(c >= 0x2028 && c <= 0x202F) && c != 0x2044 && c != 0x2052;
    if (c >= 0x2E00 && c <= 0x2E4F)
        return 1;
    if (c >= 0x3001 && c <= 0x301F)
        return c <= 0x3003 || (c >= 0x3008 && c <= 0x3011) || c >= 0x3014;
    if (c >= 0xFF01 && c <= 0xFF65)
        return strchr("\x01\x02\x03\x05\x06\x07\x08\x09\x0a\x0c\x0d\x0e\x0f\x1a\x1b\x1f\x20\x3b\x3c\x3d\x3f\x5b\x5d\x5f\x60\x61\x62\x63\x64\x65",
                      (int)(c - 0xFF00)) != NULL;
    return c == 0x55A || c == 0x55B || c == 0x55C || c == 0x55D || c == 0x55E || c == 0x55F ||
           c == 0x589 || c == 0x58A || c == 0x5BE || c == 0x5C0 || c == 0x5C3 || c == 0x5C6 ||
           c == 0x5F3 || c == 0x5F4 || c == 0x60C || c == 0x61B || c == 0x61F || c == 0x964 ||
           c == 0x965;
}

static int is_latin_cp(uint32_t c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= 0xC0 && c <= 0x24F && c != 0xD7 && c != 0xF7) ||
           (c >= 0x250 && c <= 0x2AF) || (c >= 0x1E00 && c <= 0x1EFF) || (c >= 0x2C60 && c <= 0x2C7F) ||
           (c >= 0xA720 && c <= 0xA7FF) || (c >= 0xFF21 && c <= 0xFF3A) || (c >= 0xFF41 && c <= 0xFF5A);
}

/* Python's str.isalpha for one code point (letters of the common scripts). */
static int is_alpha_cp(uint32_t c)
{
    if (is_latin_cp(c))
        return 1;
    return c == 0xAA || c == 0xB5 || c == 0xBA || (c >= 0x370 && c <= 0x3FF && c != 0x375 && c != 0x37E &&
                                                   c != 0x384 && c != 0x385 && c != 0x387) ||
           (c >= 0x400 && c <= 0x52F && !(c >= 0x482 && c <= 0x489)) || (c >= 0x531 && c <= 0x587 && c != 0x557 && c != 0x558 && !(c >= 0x55A && c <= 0x560)) ||
           (c >= 0x5D0 && c <= 0x5EA) || (c >= 0x620 && c <= 0x64A) || (c >= 0x904 && c <= 0x939) ||
           (c >= 0x3041 && c <= 0x3096) || (c >= 0x30A1 && c <= 0x30FA) || (c >= 0x4E00 && c <= 0x9FFF) ||
           (c >= 0xAC00 && c <= 0xD7A3);
}

static int shape_latin(view w)
{
    int any = 0;
    for (size_t i = 0; i < w.n; i++)
        if (is_alpha_cp(w.c[i])) {
            if (!is_latin_cp(w.c[i]))
                return 0;
            any = 1;
        }
    return any;
}

static int shape_punct(view w)
{
    int any = 0;
    for (size_t i = 0; i < w.n; i++) {
        if (is_space(w.c[i]))
            continue;
        if (!is_punct_cp(w.c[i]))
            return 0;
        any = 1;
    }
    return any;
}

/* Python's int(s) / float(s.replace(',', '.')): 1 intg, 2 real, 0 neither.
 * ASCII digits only; surrounding whitespace, sign, '_' between digits. */
static int shape_number(view w)
{
    size_t i = 0, n = w.n;
    while (i < n && is_space(w.c[i]))
        i++;
    while (n > i && is_space(w.c[n - 1]))
        n--;
    if (i < n && (w.c[i] == '+' || w.c[i] == '-'))
        i++;
    if (i >= n)
        return 0;
    /* inf, infinity, nan (float accepts them, any case) */
    char low[9];
    size_t ln = n - i;
    if (ln == 3 || ln == 8) {
        for (size_t k = 0; k < ln; k++)
            low[k] = (char)(w.c[i + k] < 128 ? w.c[i + k] : '?');
        low[ln] = 0;
        if (!strcmp(low, "inf") || !strcmp(low, "nan") || !strcmp(low, "infinity"))
            return 2;
    }
    int digits = 0, dot = 0, exp = 0, prev_digit = 0, expdigits = 0;
    for (size_t k = i; k < n; k++) {
        uint32_t c = w.c[k];
        if (c >= '0' && c <= '9') {
            if (exp)
                expdigits++;
            else
                digits++;
            prev_digit = 1;
        } else if (c == '_') {
            if (!prev_digit || k + 1 >= n || w.c[k + 1] < '0' || w.c[k + 1] > '9')
                return 0;
            prev_digit = 0;
        } else if ((c == '.' || c == ',') && !dot && !exp) {
            dot = 1;
            prev_digit = 0;
        } else if ((c == 'e' || c == 'E') && !exp && digits) {
            exp = 1;
            prev_digit = 0;
            if (k + 1 < n && (w.c[k + 1] == '+' || w.c[k + 1] == '-'))
                k++;
        } else {
            return 0;
        }
    }
    if (!digits || (exp && !expdigits))
        return 0;
    return (dot || exp) ? 2 : 1;
}

/* ^M{0,4}(CM|CD|D?C{0,3})(XC|XL|L?X{0,3})(IX|IV|V?I{0,3})$, any case:
 * each group is "nine, four, or five-plus-up-to-three" of its digits. */
static int roman_group(const char *s, size_t n, size_t *i, char one, char five, char ten, int try_alt)
{
    /* alternatives in regex order; the caller backtracks via try_alt */
    size_t k = *i;
    if (try_alt == 0) {
        if (k + 1 < n && s[k] == one && s[k + 1] == ten) {
            *i = k + 2;
            return 1;
        }
        return 0;
    }
    if (try_alt == 1) {
        if (k + 1 < n && s[k] == one && s[k + 1] == five) {
            *i = k + 2;
            return 1;
        }
        return 0;
    }
    if (k < n && s[k] == five)
        k++;
    int c = 0;
    while (k < n && s[k] == one && c < 3) {
        k++;
        c++;
    }
    *i = k;
    return 1;
}

static int roman_from(const char *s, size_t n, size_t i, int g)
{
    static const char one[] = "CXI", five[] = "DLV", ten[] = "MCX";
    if (g == 3)
        return i == n;
    for (int alt = 0; alt < 3; alt++) {
        size_t k = i;
        if (roman_group(s, n, &k, one[g], five[g], ten[g], alt) && roman_from(s, n, k, g + 1))
            return 1;
    }
    return 0;
}

static int shape_roman(view w)
{
    char s[MD_MAX_WORD];
    if (w.n == 0)
        return 0;
    for (size_t i = 0; i < w.n; i++) {
        uint32_t c = w.c[i];
        if (c >= 'a' && c <= 'z')
            c -= 32;
        s[i] = (char)(c < 128 ? c : '?');
    }
    size_t i = 0;
    while (i < w.n && i < 4 && s[i] == 'M')
        i++;
    /* M{0,4} backtracks too, but fewer Ms never helps: the groups cannot
     * start with M except through CM, which needs a C first */
    return roman_from(s, w.n, i, 0);
}

/* ---- probabilities ----------------------------------------------------- */

/* pymorphy2's ProbabilityEstimator.apply_to_parses.  The keys are
 * "word:tag"; the tags of one word's parses share long prefixes (the same
 * lexeme in other cases), so each walk resumes from the node where it
 * leaves the previous tag's path. */
static void estimate(const fakt_dict *d, view w, fakt_mi *r, size_t n)
{
    if (!n)
        return;
    uint32_t node = 0, probs[FAKT_MI_MAXP];
    int any = 0;
    size_t i;
    for (i = 0; i < w.n; i++)
        if (!md_follow(&d->ptw, w.b[i], &node))
            break;
    if (i == w.n && md_follow(&d->ptw, ':', &node)) {
        uint32_t path[256]; /* path[q]: node after q characters of prev */
        const char *prev = "";
        size_t valid = 0;   /* path[0..valid] hold prev's prefixes */
        path[0] = node;
        for (size_t k = 0; k < n; k++) {
            uint16_t tag = r[k].m.tag;
            const char *t = d->tagpool + d->tag_off[tag];
            size_t tl = d->tag_len[tag], q = 0, lim = valid < tl ? valid : tl;
            while (q + 8 <= lim) { /* common prefix, a word at a time */
                uint64_t a, b;
                memcpy(&a, t + q, 8);
                memcpy(&b, prev + q, 8);
                if (a != b)
                    break;
                q += 8;
            }
            while (q < lim && t[q] == prev[q])
                q++;
            uint32_t nd = path[q];
            for (; q < tl; q++) {
                if (!md_follow(&d->ptw, (uint8_t)t[q], &nd))
                    break;
                path[q + 1] = nd;
            }
            valid = q;
            prev = t;
            probs[k] = q == tl && md_has_value(&d->ptw, nd) ? md_value(&d->ptw, nd) : 0;
            any |= probs[k] != 0;
        }
    }
    if (!any) {
        double s = 0;
        for (size_t k = 0; k < n; k++)
            s += r[k].s;
        if (s > 0)
            for (size_t k = 0; k < n; k++)
                r[k].s /= s;
        return;
    }
    for (size_t k = 0; k < n; k++)
        r[k].s = probs[k] / 1000000.0;
    fakt_mi_sort(r, n);
}

void fakt_mi_sort(fakt_mi *r, size_t n)
{
    /* stable, best first; lists are short and often sorted already */
    size_t i0 = 1;
    while (i0 < n && r[i0 - 1].s >= r[i0].s)
        i0++;
    for (size_t i = i0; i < n; i++) {
        fakt_mi t = r[i];
        size_t k = i;
        while (k > 0 && r[k - 1].s < t.s) {
            r[k] = r[k - 1];
            k--;
        }
        r[k] = t;
    }
}

/* ---- the cascade ------------------------------------------------------- */

static size_t analyze(const fakt_dict *d, view w, int initial, int depth, fakt_mi *out, size_t max);

/* Moves a sub-word parse `off` characters right inside the word. */
static void shift(fakt_mparse *m, size_t off)
{
    m->fixed = (uint8_t)(m->fixed + off);
    if (m->split)
        m->split = (uint8_t)(m->split + off);
    m->yo = off < 64 ? m->yo << off : 0;
}

static int starts(view w, const char *p, size_t pl)
{
    return w.n >= pl && (pl == 0 || w.b[0] == (uint8_t)p[0]) && memcmp(w.b, p, pl) == 0;
}

static int productive(const fakt_dict *d, uint16_t tag)
{
    return d->tag_flags[tag] & MD_T_PRODUCTIVE;
}

/* Unit 5: word + particle. */
static size_t u_particle(const fakt_dict *d, view w, int depth, fakt_mi *out, size_t n, size_t max, seen *sn)
{
    if (!memchr(w.b, '-', w.n))
        return n;
    for (int k = 0; k < d->nparticle; k++) {
        size_t pl = d->particle_len[k];
        if (w.n <= pl || memcmp(w.b + w.n - pl, d->particle[k], pl) != 0)
            continue;
        fakt_mi sub[FAKT_MI_MAXP];
        view v = {w.b, w.c, w.n - pl};
        size_t ns = analyze(d, v, 0, depth + 1, sub, FAKT_MI_MAXP);
        for (size_t i = 0; i < ns; i++) {
            fakt_mparse m = sub[i].m;
            m.suffix = (uint8_t)(m.suffix + pl);
            if (m.kind == FAKT_MK_DICT)
                m.kind = FAKT_MK_HYPHEN;
            if (seen_add(sn, &m))
                push(out, &n, max, &m, sub[i].s * 0.9);
        }
        break; /* a word ending with one particle cannot end with another */
    }
    return n;
}

/* Unit 6: по- + adjective in the dative -> adverb. */
static size_t u_adverb(const fakt_dict *d, view w, int depth, fakt_mi *out, size_t n, size_t max, seen *sn)
{
    static const char po[] = "\xEF\xEE-";
    if (w.n < 5 || !starts(w, po, 3))
        return n;
    fakt_mi sub[FAKT_MI_MAXP];
    view v = {w.b + 3, w.c + 3, w.n - 3};
    size_t ns = analyze(d, v, 0, depth + 1, sub, FAKT_MI_MAXP);
    for (size_t i = 0; i < ns; i++) {
        const md_gset *g = &d->tag_set[sub[i].m.tag];
        if (md_gset_has(g, d->g_adjf) && md_gset_has(g, d->g_sing) && md_gset_has(g, d->g_datv)) {
            fakt_mparse m;
            mp_init(&m, FAKT_MK_HYPHEN, d->t_advb);
            seen_add(sn, &m);
            push(out, &n, max, &m, 0.7);
            break;
        }
    }
    return n;
}

static void features(const fakt_dict *d, uint16_t tag, md_gset *f)
{
    for (int k = 0; k < MD_MAX_GRAM / 64; k++)
        f->w[k] = d->tag_set[tag].w[k] & d->feat.w[k];
    /* gen1 reads as gent, loc1 as loct */
    int from[2] = {d->g_gen1, d->g_loc1}, to[2] = {d->g_gent, d->g_loct};
    for (int k = 0; k < 2; k++)
        if (md_gset_has(f, from[k]) && to[k] >= 0) {
            f->w[from[k] >> 6] &= ~(1ull << (from[k] & 63));
            f->w[to[k] >> 6] |= 1ull << (to[k] & 63);
        }
}

/* Unit 7: two hyphen-separated parts. */
static size_t u_hyphenated(const fakt_dict *d, view w, int depth, fakt_mi *out, size_t n, size_t max)
{
    size_t h = 0, count = 0;
    for (size_t i = 0; i < w.n; i++)
        if (w.b[i] == '-') {
            h = i;
            count++;
        }
    if (count != 1 || h == 0 || h + 1 >= w.n || h >= 250)
        return n;
    for (int k = 0; k < d->nkp; k++)
        if (starts(w, d->kp[k], d->kp_len[k]))
            return n; /* left to the known-prefix unit */
    fakt_mi left[FAKT_MI_MAXP], right[FAKT_MI_MAXP];
    view lv = {w.b, w.c, h}, rv = {w.b + h + 1, w.c + h + 1, w.n - h - 1};
    size_t nl = analyze(d, lv, 0, depth + 1, left, FAKT_MI_MAXP);
    size_t nr = analyze(d, rv, 0, depth + 1, right, FAKT_MI_MAXP);
    md_gset rf[FAKT_MI_MAXP];
    for (size_t j = 0; j < nr; j++)
        features(d, right[j].m.tag, &rf[j]);
    /* both parts inflect: same POS, number, case, person, tense */
    for (size_t i = 0; i < nl; i++) {
        const fakt_mparse *l = &left[i].m;
        if (!(d->tag_flags[l->tag] & MD_T_POS) || l->para == MD_NO_PARA || l->suffix || l->split)
            continue;
        md_gset lf;
        features(d, l->tag, &lf);
        for (size_t j = 0; j < nr; j++) {
            const fakt_mparse *r = &right[j].m;
            if (memcmp(&lf, &rf[j], sizeof lf) != 0 || r->para == MD_NO_PARA || r->suffix || r->split)
                continue;
            fakt_mparse m = *l;
            m.kind = FAKT_MK_HYPHEN;
            m.split = (uint8_t)h;
            m.fixed2 = r->fixed;
            m.para2 = r->para;
            m.form2 = r->form;
            m.yo = l->yo | (h + 1 < 64 ? r->yo << (h + 1) : 0);
            push(out, &n, max, &m, left[i].s * 0.75);
        }
    }
    /* the left part does not change: интернет-магазин */
    for (size_t j = 0; j < nr; j++) {
        if (!(d->tag_flags[right[j].m.tag] & MD_T_POS))
            continue;
        fakt_mparse m = right[j].m;
        shift(&m, h + 1);
        m.kind = FAKT_MK_HYPHEN;
        push(out, &n, max, &m, right[j].s * 0.75);
    }
    return n;
}

/* Unit 8: known prefix + a word. */
static size_t u_known_prefix(const fakt_dict *d, view w, int depth, fakt_mi *out, size_t n, size_t max, seen *sn)
{
    for (int k = 0; k < d->nkp; k++) {
        size_t pl = d->kp_len[k];
        if (!starts(w, d->kp[k], pl) || w.n - pl < 3)
            continue;
        fakt_mi sub[FAKT_MI_MAXP];
        view v = {w.b + pl, w.c + pl, w.n - pl};
        size_t ns = analyze(d, v, 0, depth + 1, sub, FAKT_MI_MAXP);
        for (size_t i = 0; i < ns; i++) {
            if (!productive(d, sub[i].m.tag))
                continue;
            fakt_mparse m = sub[i].m;
            shift(&m, pl);
            if (m.kind == FAKT_MK_DICT)
                m.kind = FAKT_MK_PREDICT;
            if (seen_add(sn, &m))
                push(out, &n, max, &m, sub[i].s * 0.75);
        }
    }
    return n;
}

/* Unit 9a: an unknown prefix of 1..5 letters + a dictionary word. */
static size_t u_unknown_prefix(const fakt_dict *d, view w, fakt_mi *out, size_t n, size_t max, seen *sn)
{
    for (size_t i = 1; i + 3 <= w.n && i <= 5; i++) {
        fakt_mi sub[FAKT_MI_MAXP];
        view v = {w.b + i, w.c + i, w.n - i};
        size_t ns = dict_parses(d, v, sub, 0, FAKT_MI_MAXP);
        for (size_t k = 0; k < ns; k++) {
            if (!productive(d, sub[k].m.tag))
                continue;
            fakt_mparse m = sub[k].m;
            shift(&m, i);
            m.kind = FAKT_MK_PREDICT;
            if (seen_add(sn, &m))
                push(out, &n, max, &m, sub[k].s * 0.5);
        }
    }
    return n;
}

/* Unit 9b: the word's ending, as words with that ending inflect. */
static size_t u_known_suffix(const fakt_dict *d, view w, fakt_mi *out, size_t n, size_t max, seen *sn)
{
    if (w.n < 4)
        return n;
    uint32_t total[3] = {1, 1, 1};
    size_t first = n;
    uint16_t cnts[FAKT_MI_MAXP];
    uint8_t pids[FAKT_MI_MAXP];
    for (int pid = d->npred - 1; pid >= 0; pid--) {
        if (!starts(w, d->prefix[pid], d->prefix_len[pid]))
            continue;
        for (int i = d->max_suffix; i >= 1; i--) {
            size_t len = (size_t)i < w.n ? (size_t)i : w.n;
            size_t start = w.n - len;
            cand cs[MAXCAND];
            size_t nc = 0;
            similar(&d->pred[pid], w.b + start, len, 0, 0, 0, start, cs, &nc);
            for (size_t c = 0; c < nc; c++) {
                plist pl;
                pl.n = 0;
                payloads(&d->pred[pid], cs[c].node, 6, &pl);
                for (size_t k = 0; k < pl.n; k++) {
                    uint32_t cnt = pl.v[k][0], para = pl.v[k][1], form = pl.v[k][2];
                    if (para >= d->npara || form >= d->para_forms[para])
                        continue;
                    uint16_t tag = md_form_tag(d, para, form);
                    if (!productive(d, tag))
                        continue;
                    total[pid] += cnt;
                    fakt_mparse m;
                    mp_init(&m, FAKT_MK_PREDICT, tag);
                    m.para = para;
                    m.form = (uint16_t)form;
                    m.yo = cs[c].yo;
                    if (!seen_add(sn, &m))
                        continue;
                    if (n < max && n - first < FAKT_MI_MAXP) {
                        cnts[n - first] = (uint16_t)cnt;
                        pids[n - first] = (uint8_t)pid;
                        push(out, &n, max, &m, 0);
                    }
                }
            }
            if (total[pid] > 1)
                break;
        }
    }
    for (size_t k = first; k < n; k++)
        out[k].s = (double)cnts[k - first] / total[pids[k - first]] * 0.5;
    fakt_mi_sort(out + first, n - first);
    return n;
}

static size_t analyze(const fakt_dict *d, view w, int initial, int depth, fakt_mi *out, size_t max)
{
    size_t n = 0;
    fakt_mparse m;
    seen sn;
    sn.n = 0;

    /* 1. dictionary and initials */
    n = dict_parses(d, w, out, 0, max);
    if (initial) {
        for (int k = 0; k < 24; k++) {
            mp_init(&m, FAKT_MK_CLASS, d->t_init[k]);
            push(out, &n, max, &m, 0.1);
        }
    }
    if (n)
        goto done;
    /* 2-4. shapes */
    int num = shape_number(w);
    if (num) {
        mp_init(&m, FAKT_MK_CLASS, num == 1 ? d->t_intg : d->t_real);
        push(out, &n, max, &m, 0.9);
        goto done;
    }
    if (shape_punct(w)) {
        mp_init(&m, FAKT_MK_CLASS, d->t_pnct);
        push(out, &n, max, &m, 0.9);
        goto done;
    }
    if (shape_roman(w)) {
        mp_init(&m, FAKT_MK_CLASS, d->t_romn);
        push(out, &n, max, &m, 0.9);
    }
    if (shape_latin(w)) {
        mp_init(&m, FAKT_MK_CLASS, d->t_latn);
        push(out, &n, max, &m, 0.9);
    }
    if (n)
        goto done;
    if (depth < MAXDEPTH) {
        /* 5-8. parts of the word, each analysed by the whole cascade */
        n = u_particle(d, w, depth, out, n, max, &sn);
        if (n)
            goto done;
        n = u_adverb(d, w, depth, out, n, max, &sn);
        if (n)
            goto done;
        n = u_hyphenated(d, w, depth, out, n, max);
        if (n)
            goto done;
        n = u_known_prefix(d, w, depth, out, n, max, &sn);
        if (n)
            goto done;
    }
    /* 9. guesses */
    n = u_unknown_prefix(d, w, out, n, max, &sn);
    n = u_known_suffix(d, w, out, n, max, &sn);
    if (n)
        goto done;
    /* 10. nothing at all */
    mp_init(&m, FAKT_MK_CLASS, d->t_unkn);
    push(out, &n, max, &m, 1.0);
done:
    estimate(d, w, out, n);
    return n;
}

/* ---- entry points ------------------------------------------------------ */

int fakt_mi_prepare(const char *word, size_t len, fakt_mword *mw)
{
    const unsigned char *u = (const unsigned char *)word;
    size_t i = 0, k = 0;
    int nochar = 0;
    mw->initial = 0;
    while (i < len) {
        if (k >= MD_MAX_WORD)
            return 0;
        uint32_t cp, lc;
        uint8_t b;
        if (u[i] < 0x80) { /* ASCII: most digits, Latin, punctuation */
            cp = u[i++];
            lc = cp - 'A' < 26u ? cp + 32 : cp;
            b = lc ? (uint8_t)lc : MD_NOCHAR; /* NUL never walks a DAWG */
            nochar |= lc == 0;
        } else {
            cp = fakt_utf8_next(word, len, &i);
            if (cp - 0x410 < 0x40) { /* А..я */
                lc = cp < 0x430 ? cp + 32 : cp;
                b = (uint8_t)(lc - 0x430 + 0xE0);
            } else {
                lc = fakt_md_lower(cp);
                b = fakt_md_to_cp1251(lc);
                if (b == 0)
                    b = MD_NOCHAR;
                nochar |= b == MD_NOCHAR;
            }
        }
        if (k == 0 && i == len && ((cp >= 0x410 && cp <= 0x42F && cp != 0x42A && cp != 0x42B && cp != 0x42C) ||
                                   cp == 0x401))
            mw->initial = 1; /* one of АБВГДЕЁЖЗИЙКЛМНОПРСТУФХЦЧШЩЭЮЯ */
        mw->c[k] = lc;
        mw->b[k] = b;
        k++;
    }
    mw->n = k;
    mw->plain = !nochar;
    return 1;
}

size_t fakt_mi_analyze(const fakt_dict *d, const fakt_mword *mw, fakt_mi *out, size_t max)
{
    view w = {mw->b, mw->c, mw->n};
    if (mw->n == 0)
        return 0;
    size_t n = analyze(d, w, mw->initial, 0, out, max);
    fakt_mi_sort(out, n);
    return n;
}

static size_t parse(const fakt_dict *d, const char *word, size_t len, fakt_mparse *out, size_t max, int hot)
{
    if (!d || !word || !out || max == 0)
        return 0;
    fakt_mword mw;
    fakt_mi r[FAKT_MI_MAXP];
    size_t n;
    if (!fakt_mi_prepare(word, len, &mw) || mw.n == 0) {
        /* too long (or empty): UNKN, like pymorphy2 for a word it cannot place */
        if (len == 0)
            return 0;
        mp_init(&out[0], FAKT_MK_CLASS, d->t_unkn);
        out[0].score = 1.0f;
        return 1;
    }
    if (hot && d->hot_slots && mw.plain) {
        int found;
        n = fakt_md_hot_lookup(d, mw.b, mw.n, mw.initial, out, max, &found);
        if (found)
            return n;
    }
    n = fakt_mi_analyze(d, &mw, r, FAKT_MI_MAXP);
    if (n > max)
        n = max;
    for (size_t i = 0; i < n; i++) {
        out[i] = r[i].m;
        out[i].score = (float)r[i].s;
    }
    return n;
}

void fakt_morph_prefetch(const fakt_dict *d, const char *word, size_t len, int stage)
{
    fakt_mword mw;
    if (d && word && d->hot_slots && fakt_mi_prepare(word, len, &mw) && mw.n && mw.plain)
        fakt_md_hot_prefetch(d, mw.b, mw.n, mw.initial, stage);
}

size_t fakt_morph_parse(const fakt_dict *d, const char *word, size_t len, fakt_mparse *out, size_t max)
{
    return parse(d, word, len, out, max, 1);
}

size_t fakt_morph_parse_slow(const fakt_dict *d, const char *word, size_t len, fakt_mparse *out, size_t max)
{
    return parse(d, word, len, out, max, 0);
}

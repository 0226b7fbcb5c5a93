/*
 * lemma.c — words back from compact parses: the form a parse reads, its
 * lemma (pymorphy2's normal_form), the lexeme and inflection, and the
 * public allocating wrappers of include/fakt.h.
 *
 * A parse says how its word is made (morph.h): literal characters of the
 * input, then one core (a form of a paradigm), or two cores around a
 * hyphen, then literal characters.  The lemma replaces each core by its
 * paradigm's first form: prefix(form 0) + stem + suffix(form 0), the stem
 * being the core without its own form's prefix and suffix.  Inflection
 * walks the lexeme the same way and picks the form as pymorphy2's
 * MorphAnalyzer._inflect does: forms having all requested grammemes
 * (retrying with rare cases folded to common ones), the one most similar to
 * the current tag updated by the request.
 */
#include <stdlib.h>
#include <string.h>

#include "morph/mint.h"

/* An output string of code points, bounded. */
typedef struct ostr {
    uint32_t c[4 * MD_MAX_WORD + 64];
    size_t n;
} ostr;

static void o_cp(ostr *o, uint32_t c)
{
    if (o->n < sizeof o->c / sizeof o->c[0])
        o->c[o->n++] = c;
}

static void o_cp1251(ostr *o, const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++)
        o_cp(o, fakt_md_cp1251[(uint8_t)s[i]]);
}

/* The word's characters [a, b) with ё restored. */
static void o_word(ostr *o, const fakt_mword *w, const fakt_mparse *p, size_t a, size_t b)
{
    for (size_t i = a; i < b && i < w->n; i++)
        o_cp(o, (i < 64 && ((p->yo >> i) & 1)) ? 0x451 : w->c[i]);
}

static size_t o_utf8(const ostr *o, char *buf, size_t cap)
{
    size_t len = 0;
    if (cap == 0)
        return 0;
    for (size_t i = 0; i < o->n; i++) {
        char tmp[4];
        size_t k = fakt_utf8_encode(o->c[i], tmp);
        if (len + k >= cap)
            break;
        memcpy(buf + len, tmp, k);
        len += k;
    }
    buf[len] = 0;
    return len;
}

static const char *suf(const fakt_dict *d, uint16_t id, size_t *n)
{
    *n = d->suf_len[id];
    return d->sufpool + d->suf_off[id];
}

/* Core [a, b) of form `form` of `para`, rewritten as form `to` of the same
 * paradigm (pymorphy2's build_stem + prefix/suffix of the target form). */
static void o_core(ostr *o, const fakt_dict *d, const fakt_mword *w, const fakt_mparse *p, size_t a,
                   size_t b, uint32_t para, uint32_t form, uint32_t to)
{
    if (para >= d->npara || form >= d->para_forms[para] || to >= d->para_forms[para]) {
        o_word(o, w, p, a, b);
        return;
    }
    if (form == to) {
        o_word(o, w, p, a, b);
        return;
    }
    size_t pl = d->prefix_len[md_form_prefix(d, para, form)], sl;
    suf(d, md_form_suffix(d, para, form), &sl);
    size_t s0 = a + pl, s1 = b >= a + sl ? b - sl : a;
    uint16_t tp = md_form_prefix(d, para, to);
    o_cp1251(o, d->prefix[tp], d->prefix_len[tp]);
    if (s0 < s1)
        o_word(o, w, p, s0, s1);
    size_t tl;
    const char *ts = suf(d, md_form_suffix(d, para, to), &tl);
    o_cp1251(o, ts, tl);
}

/* The word of parse p with its cores turned into forms to / to2. */
static void build(ostr *o, const fakt_dict *d, const fakt_mword *w, const fakt_mparse *p, int lemma,
                  uint32_t to, uint32_t to2)
{
    size_t n = w->n, end = p->suffix <= n ? n - p->suffix : 0;
    size_t fx = p->fixed <= end ? p->fixed : end;
    o->n = 0;
    if (p->para == MD_NO_PARA) {
        o_word(o, w, p, 0, n); /* classes, по- adverbs: the word itself */
        return;
    }
    o_word(o, w, p, 0, fx);
    if (p->split && p->split > fx && p->split < end && p->para2 != MD_NO_PARA) {
        size_t r0 = p->split + 1 + p->fixed2;
        if (r0 > end)
            r0 = end;
        o_core(o, d, w, p, fx, p->split, p->para, p->form, lemma ? 0 : to);
        o_word(o, w, p, p->split, r0);
        o_core(o, d, w, p, r0, end, p->para2, p->form2, lemma ? 0 : to2);
    } else {
        o_core(o, d, w, p, fx, end, p->para, p->form, lemma ? 0 : to);
    }
    o_word(o, w, p, end, n);
}

size_t fakt_morph_lemma(const fakt_dict *d, const char *word, size_t len, const fakt_mparse *p,
                        char *buf, size_t cap)
{
    fakt_mword w;
    ostr o;
    if (!d || !word || !p || !buf || cap == 0)
        return 0;
    if (!fakt_mi_prepare(word, len, &w)) {
        buf[0] = 0;
        return 0;
    }
    build(&o, d, &w, p, 1, 0, 0);
    return o_utf8(&o, buf, cap);
}

size_t fakt_morph_form(const fakt_dict *d, const char *word, size_t len, const fakt_mparse *p,
                       char *buf, size_t cap)
{
    fakt_mword w;
    ostr o;
    if (!d || !word || !p || !buf || cap == 0)
        return 0;
    if (!fakt_mi_prepare(word, len, &w)) {
        buf[0] = 0;
        return 0;
    }
    o.n = 0;
    o_word(&o, &w, p, 0, w.n);
    return o_utf8(&o, buf, cap);
}

/* ---- inflection -------------------------------------------------------- */

static int gset_count(const md_gset *s)
{
    int c = 0;
    for (int k = 0; k < MD_MAX_GRAM / 64; k++)
        c += __builtin_popcountll(s->w[k]);
    return c;
}

static int gset_subset(const md_gset *a, const md_gset *b)
{
    for (int k = 0; k < MD_MAX_GRAM / 64; k++)
        if (a->w[k] & ~b->w[k])
            return 0;
    return 1;
}

static void gset_add(md_gset *s, int g)
{
    if (g >= 0 && g < MD_MAX_GRAM)
        s->w[g >> 6] |= 1ull << (g & 63);
}

static void gset_del(md_gset *s, int g)
{
    if (g >= 0 && g < MD_MAX_GRAM)
        s->w[g >> 6] &= ~(1ull << (g & 63));
}

/* The candidate forms of a lexeme: (left/only form, right form, tag). */
typedef struct lexf {
    uint16_t f, f2, tag;
} lexf;

/* pymorphy2's _CONSIDER_THE_SAME for aligning hyphenated lexemes. */
static md_gset same_view(const fakt_dict *d, uint16_t tag)
{
    md_gset s = d->tag_set[tag];
    int from[3] = {d->g_Voy, d->g_gen1, d->g_loc1}, to[3] = {d->g_Vey, d->g_gent, d->g_loct};
    for (int k = 0; k < 3; k++)
        if (md_gset_has(&s, from[k])) {
            gset_del(&s, from[k]);
            gset_add(&s, to[k]);
        }
    return s;
}

static size_t lexeme(const fakt_dict *d, const fakt_mparse *p, lexf *out, size_t max)
{
    size_t n = 0;
    if (p->para == MD_NO_PARA || p->para >= d->npara) {
        for (int k = 0; k < 24; k++)
            if (p->tag == d->t_init[k]) {
                /* initials: a first name keeps its gender, a patronymic has both */
                int lo = k < 12 ? (k / 6) * 6 : 12, hi = k < 12 ? lo + 6 : 24;
                for (int j = lo; j < hi && n < max; j++)
                    out[n++] = (lexf){0, 0, d->t_init[j]};
                return n;
            }
        out[n++] = (lexf){p->form, 0, p->tag};
        return n;
    }
    uint32_t nf = d->para_forms[p->para];
    if (p->split && p->para2 != MD_NO_PARA && p->para2 < d->npara) {
        /* each right form with the closest left form */
        uint32_t nf2 = d->para_forms[p->para2];
        for (uint32_t r = 0; r < nf2 && n < max; r++) {
            md_gset gr = same_view(d, md_form_tag(d, p->para2, r));
            int best = 1 << 30;
            uint32_t bl = 0;
            for (uint32_t l = 0; l < nf; l++) {
                md_gset gl = same_view(d, md_form_tag(d, p->para, l)), x;
                for (int k = 0; k < MD_MAX_GRAM / 64; k++)
                    x.w[k] = gl.w[k] ^ gr.w[k];
                int dist = gset_count(&x);
                if (dist < best) {
                    best = dist;
                    bl = l;
                }
            }
            out[n++] = (lexf){(uint16_t)bl, (uint16_t)r, md_form_tag(d, p->para, bl)};
        }
        return n;
    }
    for (uint32_t f = 0; f < nf && n < max; f++)
        out[n++] = (lexf){(uint16_t)f, 0, md_form_tag(d, p->para, f)};
    return n;
}

static int parse_grammemes(const fakt_dict *d, const char *s, md_gset *req)
{
    memset(req, 0, sizeof *req);
    int any = 0;
    while (*s) {
        const char *e = s;
        while (*e && *e != ',' && *e != ' ')
            e++;
        if (e > s) {
            int g = fakt_md_gram_find(d, s, (size_t)(e - s));
            if (g < 0)
                return 0;
            gset_add(req, g);
            any = 1;
        }
        s = *e ? e + 1 : e;
    }
    return any;
}

static int pick(const fakt_dict *d, const fakt_mparse *p, const md_gset *req0, lexf *lx, size_t nl)
{
    md_gset req = *req0;
    int found = 0;
    for (size_t i = 0; i < nl && !found; i++)
        found = gset_subset(&req, &d->tag_set[lx[i].tag]);
    if (!found) {
        /* rare cases read as the common ones */
        int from[7] = {d->g_gen1, d->g_gen2, d->g_acc1, d->g_acc2, d->g_loc1, d->g_loc2, d->g_voct};
        int to[7] = {d->g_gent, d->g_gent, d->g_accs, d->g_accs, d->g_loct, d->g_loct, d->g_nomn};
        for (int k = 0; k < 7; k++)
            if (md_gset_has(&req, from[k])) {
                gset_del(&req, from[k]);
                gset_add(&req, to[k]);
            }
    }
    /* the current grammemes with the request applied */
    md_gset g = d->tag_set[p->tag];
    for (int k = 0; k < MD_MAX_GRAM / 64; k++)
        g.w[k] |= req.w[k];
    for (int r = 0; r < d->ngram; r++)
        if (md_gset_has(&req, r))
            for (int k = 0; k < MD_MAX_GRAM / 64; k++)
                g.w[k] &= ~d->gram_incompat[r].w[k];
    int best = -1;
    long bs = 0;
    for (size_t i = 0; i < nl; i++) {
        const md_gset *t = &d->tag_set[lx[i].tag];
        if (!gset_subset(&req, t))
            continue;
        md_gset a, x;
        for (int k = 0; k < MD_MAX_GRAM / 64; k++) {
            a.w[k] = g.w[k] & t->w[k];
            x.w[k] = g.w[k] ^ t->w[k];
        }
        long sc = 10L * gset_count(&a) - gset_count(&x); /* |G&T| - 0.1|G^T|, times 10 */
        if (best < 0 || sc > bs) {
            best = (int)i;
            bs = sc;
        }
    }
    return best;
}

size_t fakt_morph_inflect_to(const fakt_dict *d, const char *word, size_t len, const fakt_mparse *p,
                             const char *grammemes, char *buf, size_t cap, fakt_mparse *res)
{
    fakt_mword w;
    md_gset req;
    static const size_t maxl = 1024;
    lexf lx[1024];
    if (!d || !word || !p || !grammemes || !buf || cap == 0)
        return 0;
    buf[0] = 0;
    if (p->tag >= d->ntag || !fakt_mi_prepare(word, len, &w) || !parse_grammemes(d, grammemes, &req))
        return 0;
    size_t nl = lexeme(d, p, lx, maxl);
    int b = pick(d, p, &req, lx, nl);
    if (b < 0)
        return 0;
    ostr o;
    fakt_mparse r = *p;
    if (p->para == MD_NO_PARA || p->para >= d->npara) {
        o.n = 0;
        o_word(&o, &w, p, 0, w.n);
    } else {
        build(&o, d, &w, p, 0, lx[b].f, lx[b].f2);
        /* where the hyphen lands in the new word */
        if (p->split && p->para2 != MD_NO_PARA) {
            for (size_t i = 0; i < o.n; i++)
                if (o.c[i] == '-' && i >= p->fixed) {
                    r.split = (uint8_t)(i < 255 ? i : 255);
                    break;
                }
        }
        r.form = lx[b].f;
        r.form2 = lx[b].f2;
    }
    r.tag = lx[b].tag;
    r.yo = 0;
    size_t n = o_utf8(&o, buf, cap);
    if (res)
        *res = r;
    return n;
}

/* ---- public wrappers (include/fakt.h) ---------------------------------- */

typedef struct pentry {
    fakt_parse pub; /* first: fakt_parse pointers lead back here */
    fakt_mparse mp;
    const char *word;
    size_t len;
} pentry;

struct fakt_parses {
    size_t n;
    char *word;
    pentry e[];
};

int fakt_morph_analyze(const fakt_dict *d, const char *word, size_t len, fakt_parses **out, fakt_error *err)
{
    size_t bad;
    if (!out)
        return fakt_err(err, FAKT_EINVAL, "fakt_morph_analyze: out is NULL");
    *out = NULL;
    if (!d || (!word && len))
        return fakt_err(err, FAKT_EINVAL, "fakt_morph_analyze: no dictionary or word");
    if (fakt_utf8_check(word, len, &bad) != FAKT_OK)
        return fakt_err(err, FAKT_EUTF8, "invalid UTF-8 at byte %zu", bad);
    fakt_mparse mp[FAKT_MORPH_MAX_PARSES];
    size_t n = len ? fakt_morph_parse(d, word, len, mp, FAKT_MORPH_MAX_PARSES) : 0;
    /* strings after the entries: the word, then lemma and tag of each */
    fakt_buf sb;
    fakt_buf_init(&sb);
    size_t lem_off[FAKT_MORPH_MAX_PARSES], tag_off[FAKT_MORPH_MAX_PARSES];
    fakt_buf_add(&sb, word ? word : "", len);
    fakt_buf_putc(&sb, 0);
    for (size_t i = 0; i < n; i++) {
        char lem[1024];
        size_t ll = fakt_morph_lemma(d, word, len, &mp[i], lem, sizeof lem);
        lem_off[i] = sb.len;
        fakt_buf_add(&sb, lem, ll);
        fakt_buf_putc(&sb, 0);
        tag_off[i] = sb.len;
        fakt_buf_puts(&sb, fakt_morph_tag_name(d, mp[i].tag));
        fakt_buf_putc(&sb, 0);
    }
    if (sb.failed) {
        fakt_buf_free(&sb);
        return fakt_err(err, FAKT_ENOMEM, "out of memory");
    }
    size_t head = sizeof(fakt_parses) + n * sizeof(pentry);
    fakt_parses *ps = malloc(head + sb.len);
    if (!ps) {
        fakt_buf_free(&sb);
        return fakt_err(err, FAKT_ENOMEM, "out of memory");
    }
    char *strs = (char *)ps + head;
    memcpy(strs, sb.data, sb.len);
    fakt_buf_free(&sb);
    ps->n = n;
    ps->word = strs;
    for (size_t i = 0; i < n; i++) {
        pentry *e = &ps->e[i];
        e->mp = mp[i];
        e->word = strs;
        e->len = len;
        e->pub.lemma = strs + lem_off[i];
        e->pub.tag = strs + tag_off[i];
        e->pub.score = mp[i].score;
        e->pub.tag_id = mp[i].tag;
        e->pub.paradigm = mp[i].para;
        e->pub.form = mp[i].form;
    }
    *out = ps;
    return FAKT_OK;
}

size_t fakt_parses_count(const fakt_parses *p)
{
    return p ? p->n : 0;
}

const fakt_parse *fakt_parses_get(const fakt_parses *p, size_t i)
{
    return p && i < p->n ? &p->e[i].pub : NULL;
}

void fakt_parses_free(fakt_parses *p)
{
    free(p);
}

int fakt_morph_inflect(const fakt_dict *d, const fakt_parse *p, const char *grammemes, char **out,
                       fakt_error *err)
{
    if (!out)
        return fakt_err(err, FAKT_EINVAL, "fakt_morph_inflect: out is NULL");
    *out = NULL;
    if (!d || !p || !grammemes)
        return fakt_err(err, FAKT_EINVAL, "fakt_morph_inflect: missing argument");
    /* p comes from fakt_parses_get: it is the head of a pentry */
    const pentry *e = (const pentry *)(const void *)p;
    char buf[1024];
    size_t n = fakt_morph_inflect_to(d, e->word, e->len, &e->mp, grammemes, buf, sizeof buf, NULL);
    if (n == 0) {
        md_gset req;
        if (!parse_grammemes(d, grammemes, &req))
            return fakt_err(err, FAKT_EINVAL, "unknown grammeme in \"%s\"", grammemes);
        return fakt_err(err, FAKT_ENOTFOUND, "no form with %s", grammemes);
    }
    *out = malloc(n + 1);
    if (!*out)
        return fakt_err(err, FAKT_ENOMEM, "out of memory");
    memcpy(*out, buf, n + 1);
    return FAKT_OK;
}

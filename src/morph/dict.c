/*
 * dict.c — opening the pymorphy2 dictionary (format 2.4): map the binary
 * files, parse the JSON tables, check everything once.
 *
 * The binary files (DAWGs, paradigms.array) are mapped read-only and used
 * in place, so several processes share one copy and load costs little.  The
 * JSON files are small; a bounded reader (no recursion beyond a fixed depth,
 * no allocation beyond the output) turns them into compact tables.
 *
 * The checks here are what make the lookups elsewhere safe without bounds
 * checks in the inner loops (see mdict.h).  A file that fails a check is
 * refused with FAKT_EFORMAT and a message naming it.  After open the handle
 * is never written: any number of threads may share it.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "morph/mdict.h"

/* ---- CP1251 ----------------------------------------------------------- */

/* The upper half of Windows-1251 (0x98 is undefined). */
const uint16_t fakt_md_cp1251[256] = {
    0x0000, 0x0001, 0x0002, 0x0003, 0x0004, 0x0005, 0x0006, 0x0007, 0x0008, 0x0009, 0x000A, 0x000B, 0x000C, 0x000D, 0x000E, 0x000F,
    0x0010, 0x0011, 0x0012, 0x0013, 0x0014, 0x0015, 0x0016, 0x0017, 0x0018, 0x0019, 0x001A, 0x001B, 0x001C, 0x001D, 0x001E, 0x001F,
    0x0020, 0x0021, 0x0022, 0x0023, 0x0024, 0x0025, 0x0026, 0x0027, 0x0028, 0x0029, 0x002A, 0x002B, 0x002C, 0x002D, 0x002E, 0x002F,
    0x0030, 0x0031, 0x0032, 0x0033, 0x0034, 0x0035, 0x0036, 0x0037, 0x0038, 0x0039, 0x003A, 0x003B, 0x003C, 0x003D, 0x003E, 0x003F,
    0x0040, 0x0041, 0x0042, 0x0043, 0x0044, 0x0045, 0x0046, 0x0047, 0x0048, 0x0049, 0x004A, 0x004B, 0x004C, 0x004D, 0x004E, 0x004F,
    0x0050, 0x0051, 0x0052, 0x0053, 0x0054, 0x0055, 0x0056, 0x0057, 0x0058, 0x0059, 0x005A, 0x005B, 0x005C, 0x005D, 0x005E, 0x005F,
    0x0060, 0x0061, 0x0062, 0x0063, 0x0064, 0x0065, 0x0066, 0x0067, 0x0068, 0x0069, 0x006A, 0x006B, 0x006C, 0x006D, 0x006E, 0x006F,
    0x0070, 0x0071, 0x0072, 0x0073, 0x0074, 0x0075, 0x0076, 0x0077, 0x0078, 0x0079, 0x007A, 0x007B, 0x007C, 0x007D, 0x007E, 0x007F,
    0x0402, 0x0403, 0x201A, 0x0453, 0x201E, 0x2026, 0x2020, 0x2021, 0x20AC, 0x2030, 0x0409, 0x2039, 0x040A, 0x040C, 0x040B, 0x040F,
    0x0452, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014, 0xFFFD, 0x2122, 0x0459, 0x203A, 0x045A, 0x045C, 0x045B, 0x045F,
    0x00A0, 0x040E, 0x045E, 0x0408, 0x00A4, 0x0490, 0x00A6, 0x00A7, 0x0401, 0x00A9, 0x0404, 0x00AB, 0x00AC, 0x00AD, 0x00AE, 0x0407,
    0x00B0, 0x00B1, 0x0406, 0x0456, 0x0491, 0x00B5, 0x00B6, 0x00B7, 0x0451, 0x2116, 0x0454, 0x00BB, 0x0458, 0x0405, 0x0455, 0x0457,
    0x0410, 0x0411, 0x0412, 0x0413, 0x0414, 0x0415, 0x0416, 0x0417, 0x0418, 0x0419, 0x041A, 0x041B, 0x041C, 0x041D, 0x041E, 0x041F,
    0x0420, 0x0421, 0x0422, 0x0423, 0x0424, 0x0425, 0x0426, 0x0427, 0x0428, 0x0429, 0x042A, 0x042B, 0x042C, 0x042D, 0x042E, 0x042F,
    0x0430, 0x0431, 0x0432, 0x0433, 0x0434, 0x0435, 0x0436, 0x0437, 0x0438, 0x0439, 0x043A, 0x043B, 0x043C, 0x043D, 0x043E, 0x043F,
    0x0440, 0x0441, 0x0442, 0x0443, 0x0444, 0x0445, 0x0446, 0x0447, 0x0448, 0x0449, 0x044A, 0x044B, 0x044C, 0x044D, 0x044E, 0x044F,
};

uint8_t fakt_md_to_cp1251(uint32_t cp)
{
    if (cp < 0x80)
        return (uint8_t)cp;
    if (cp >= 0x410 && cp <= 0x44F)
        return (uint8_t)(cp - 0x410 + 0xC0);
    if (cp == 0x451)
        return MD_YO;
    for (int i = 0x80; i < 0xC0; i++)
        if (fakt_md_cp1251[i] == cp && i != 0x98)
            return (uint8_t)i;
    return MD_NOCHAR;
}

uint32_t fakt_md_lower(uint32_t c)
{
    if (c < 0x80)
        return (c >= 'A' && c <= 'Z') ? c + 32 : c;
    if (c >= 0x410 && c <= 0x42F)
        return c + 32;
    if (c >= 0x400 && c <= 0x40F)
        return c + 80;
    if ((c >= 0xC0 && c <= 0xDE && c != 0xD7))
        return c + 32;
    if (c >= 0x100 && c <= 0x17F && c != 0x130 && c != 0x138 && c != 0x149 && c != 0x178) {
        /* Latin Extended-A pairs: even upper, odd lower, except the
         * 0x139..0x148 and 0x179..0x17E runs, which are odd upper */
        if ((c >= 0x139 && c <= 0x148) || (c >= 0x179 && c <= 0x17E))
            return (c & 1) ? c + 1 : c;
        return (c & 1) ? c : c + 1;
    }
    if (c == 0x178)
        return 0xFF;
    if (c >= 0x460 && c <= 0x4FF && c != 0x482 && !(c >= 0x483 && c <= 0x489) && c != 0x4C0)
        return (c >= 0x4C1 && c <= 0x4CE) ? ((c & 1) ? c + 1 : c) : ((c & 1) ? c : c + 1);
    if (c >= 0x391 && c <= 0x3AB && c != 0x3A2)
        return c + 32;
    if (c >= 0xFF21 && c <= 0xFF3A)
        return c + 32;
    return c;
}

size_t fakt_md_put_cp1251(char *out, size_t len, size_t cap, const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        char tmp[4];
        size_t k = fakt_utf8_encode(fakt_md_cp1251[(uint8_t)s[i]], tmp);
        if (len + k >= cap)
            return len;
        memcpy(out + len, tmp, k);
        len += k;
    }
    return len;
}

/* ---- a bounded JSON reader -------------------------------------------- */

typedef struct jr {
    const char *p, *end;
    int bad;
} jr;

static void j_ws(jr *j)
{
    while (j->p < j->end && (*j->p == ' ' || *j->p == '\n' || *j->p == '\r' || *j->p == '\t'))
        j->p++;
}

static int j_eat(jr *j, char c)
{
    j_ws(j);
    if (j->p < j->end && *j->p == c) {
        j->p++;
        return 1;
    }
    return 0;
}

static int hexv(int c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

/* A string literal, decoded to UTF-8 in out (appended, NUL-terminated). */
static int j_str(jr *j, fakt_buf *out)
{
    if (!j_eat(j, '"'))
        return j->bad = 1, 0;
    fakt_buf_add(out, "", 0); /* NUL-terminated even when empty */
    while (j->p < j->end && *j->p != '"') {
        const char *run = j->p;
        while (j->p < j->end && *j->p != '"' && *j->p != '\\' && (unsigned char)*j->p >= 0x20)
            j->p++;
        if (j->p > run) {
            fakt_buf_add(out, run, (size_t)(j->p - run));
            continue;
        }
        if (j->p >= j->end || *j->p == '"')
            break;
        unsigned char c = (unsigned char)*j->p++;
        if (c < 0x20)
            return j->bad = 1, 0;
        if (j->p >= j->end)
            return j->bad = 1, 0;
        c = (unsigned char)*j->p++;
        switch (c) {
        case '"': case '\\': case '/': fakt_buf_putc(out, (char)c); break;
        case 'b': fakt_buf_putc(out, '\b'); break;
        case 'f': fakt_buf_putc(out, '\f'); break;
        case 'n': fakt_buf_putc(out, '\n'); break;
        case 'r': fakt_buf_putc(out, '\r'); break;
        case 't': fakt_buf_putc(out, '\t'); break;
        case 'u': {
            uint32_t v = 0;
            for (int k = 0; k < 4; k++) {
                int h = j->p < j->end ? hexv(*j->p++) : -1;
                if (h < 0)
                    return j->bad = 1, 0;
                v = v << 4 | (uint32_t)h;
            }
            if (v == 0 || (v >= 0xD800 && v <= 0xDFFF))
                return j->bad = 1, 0; /* no surrogates/NUL in our tables */
            char tmp[4];
            fakt_buf_add(out, tmp, fakt_utf8_encode(v, tmp));
            break;
        }
        default:
            return j->bad = 1, 0;
        }
    }
    if (j->p >= j->end)
        return j->bad = 1, 0;
    j->p++;
    return !out->failed;
}

static int j_num(jr *j, double *v)
{
    j_ws(j);
    char tmp[64];
    size_t n = 0;
    while (j->p < j->end && n < sizeof tmp - 1 && strchr("+-0123456789.eE", *j->p))
        tmp[n++] = *j->p++;
    tmp[n] = 0;
    char *e;
    *v = strtod(tmp, &e);
    if (n == 0 || *e)
        return j->bad = 1, 0;
    return 1;
}

static int j_skip(jr *j, int depth)
{
    j_ws(j);
    if (depth > 16 || j->p >= j->end)
        return j->bad = 1, 0;
    char c = *j->p;
    if (c == '"') {
        fakt_buf b;
        fakt_buf_init(&b);
        int ok = j_str(j, &b);
        fakt_buf_free(&b);
        return ok;
    }
    if (c == '[' || c == '{') {
        char close = c == '[' ? ']' : '}';
        j->p++;
        if (j_eat(j, close))
            return 1;
        do {
            if (c == '{') {
                if (!j_skip(j, depth + 1) || !j_eat(j, ':'))
                    return j->bad = 1, 0;
            }
            if (!j_skip(j, depth + 1))
                return 0;
        } while (j_eat(j, ','));
        return j_eat(j, close) ? 1 : (j->bad = 1, 0);
    }
    if (c == 't' || c == 'f' || c == 'n') {
        const char *w = c == 't' ? "true" : c == 'f' ? "false" : "null";
        size_t l = strlen(w);
        if ((size_t)(j->end - j->p) < l || memcmp(j->p, w, l) != 0)
            return j->bad = 1, 0;
        j->p += l;
        return 1;
    }
    double v;
    return j_num(j, &v);
}

/* Reads a JSON array of strings into a pool: offsets[i] into pool. */
typedef struct strtab {
    fakt_buf pool;
    uint32_t *off;
    size_t n, cap;
} strtab;

static int strtab_push(strtab *t, uint32_t off)
{
    if (t->n == t->cap) {
        size_t nc = t->cap ? t->cap * 2 : 1024;
        uint32_t *o = realloc(t->off, nc * sizeof *o);
        if (!o)
            return 0;
        t->off = o;
        t->cap = nc;
    }
    t->off[t->n++] = off;
    return 1;
}

static int read_str_array(jr *j, strtab *t, size_t limit)
{
    if (!j_eat(j, '['))
        return 0;
    if (j_eat(j, ']'))
        return 1;
    do {
        if (t->n >= limit || t->pool.len > 0x7FFFFFF0u)
            return 0;
        uint32_t off = (uint32_t)t->pool.len;
        if (!j_str(j, &t->pool))
            return 0;
        fakt_buf_putc(&t->pool, 0);
        if (t->pool.failed || !strtab_push(t, off))
            return 0;
    } while (j_eat(j, ','));
    return j_eat(j, ']');
}

static int load_json(const char *dir, const char *name, char **text, size_t *len, fakt_error *err)
{
    char path[4096];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    int rc = fakt_read_file(path, text, len, err);
    if (rc != FAKT_OK)
        return rc;
    if (*len > (64u << 20)) {
        free(*text);
        return fakt_err(err, FAKT_EFORMAT, "%s: too large", path);
    }
    return FAKT_OK;
}

/* ---- pieces of the dictionary ------------------------------------------ */

static uint32_t gram_slot(const char *s, size_t n)
{
    uint32_t h = 2166136261u;
    for (size_t i = 0; i < n; i++)
        h = (h ^ (uint8_t)s[i]) * 16777619u;
    return h & (4 * MD_MAX_GRAM - 1);
}

/* By the hash index (load reads some 70 000 grammeme names; the
 * normalizer's inflection requests, one per name it brings to the
 * nominative). */
int fakt_md_gram_find(const fakt_dict *d, const char *s, size_t n)
{
    if (n == 0 || n >= sizeof d->gram[0])
        return -1;
    for (uint32_t i = gram_slot(s, n); d->gram_idx[i]; i = (i + 1) & (4 * MD_MAX_GRAM - 1)) {
        const char *g = d->gram[d->gram_idx[i] - 1];
        if (g[n] == 0 && memcmp(g, s, n) == 0)
            return d->gram_idx[i] - 1;
    }
    return -1;
}

static int gram_add(fakt_dict *d, const char *s, size_t n)
{
    int g = fakt_md_gram_find(d, s, n);
    if (g >= 0)
        return g;
    if (d->ngram >= MD_MAX_GRAM || n == 0 || n >= sizeof d->gram[0])
        return -1;
    memcpy(d->gram[d->ngram], s, n);
    d->gram[d->ngram][n] = 0;
    d->gram_parent[d->ngram] = -1;
    uint32_t i = gram_slot(s, n);
    while (d->gram_idx[i]) /* at most a quarter full: always ends */
        i = (i + 1) & (4 * MD_MAX_GRAM - 1);
    d->gram_idx[i] = (uint16_t)(d->ngram + 1);
    return d->ngram++;
}

static int load_meta(fakt_dict *d, const char *dir, fakt_error *err)
{
    char *text;
    size_t len;
    int rc = load_json(dir, "meta.json", &text, &len, err);
    if (rc)
        return rc;
    jr j = {text, text + len, 0};
    fakt_buf key, val;
    fakt_buf_init(&key);
    fakt_buf_init(&val);
    d->fp = fakt_md_hash64(text, len, MD_ALGO);
    int version_ok = 0, ok = j_eat(&j, '[');
    d->npred = 0;
    d->max_suffix = 5;
    while (ok && !j_eat(&j, ']')) {
        key.len = 0;
        if (!j_eat(&j, '[') || !j_str(&j, &key) || !j_eat(&j, ',')) {
            ok = 0;
            break;
        }
        if (strcmp(key.data, "format_version") == 0) {
            val.len = 0;
            if (!j_str(&j, &val)) {
                ok = 0;
                break;
            }
            /* 2.4 is what we read; a newer major or minor is refused */
            int ma = 0, mi = 0;
            version_ok = sscanf(val.data, "%d.%d", &ma, &mi) == 2 && ma == 2 && mi <= 4 && mi >= 4;
        } else if (strcmp(key.data, "compile_options") == 0) {
            if (!j_eat(&j, '{')) {
                ok = 0;
                break;
            }
            while (ok && !j_eat(&j, '}')) {
                key.len = 0;
                if (!j_str(&j, &key) || !j_eat(&j, ':')) {
                    ok = 0;
                    break;
                }
                if (strcmp(key.data, "paradigm_prefixes") == 0) {
                    strtab t = {{0}, 0, 0, 0};
                    fakt_buf_init(&t.pool);
                    ok = read_str_array(&j, &t, 3) && t.n >= 1;
                    for (size_t i = 0; ok && i < t.n; i++) {
                        const char *s = t.pool.data + t.off[i];
                        size_t sl = strlen(s), k = 0, o = 0;
                        while (k < sl && o < sizeof d->prefix[0] - 1) {
                            uint32_t cp = fakt_utf8_next(s, sl, &k);
                            d->prefix[i][o++] = (char)fakt_md_to_cp1251(cp);
                        }
                        ok = k == sl;
                        d->prefix_len[i] = (uint8_t)o;
                    }
                    if (ok)
                        d->npred = (int)t.n;
                    fakt_buf_free(&t.pool);
                    free(t.off);
                } else if (strcmp(key.data, "max_suffix_length") == 0) {
                    double v;
                    ok = j_num(&j, &v) && v >= 1 && v <= 16;
                    if (ok)
                        d->max_suffix = (int)v;
                } else {
                    ok = j_skip(&j, 0);
                }
                if (ok && !j_eat(&j, ',')) {
                    ok = j_eat(&j, '}');
                    break;
                }
            }
        } else if (!j_skip(&j, 0)) {
            ok = 0;
            break;
        }
        if (!ok || !j_eat(&j, ']')) {
            ok = 0;
            break;
        }
        if (!j_eat(&j, ',')) {
            ok = j_eat(&j, ']');
            break;
        }
    }
    fakt_buf_free(&key);
    fakt_buf_free(&val);
    free(text);
    if (!ok || j.bad)
        return fakt_err(err, FAKT_EFORMAT, "%s/meta.json: not the expected JSON", dir);
    if (!version_ok)
        return fakt_err(err, FAKT_EFORMAT, "%s/meta.json: format_version is not 2.4", dir);
    if (d->npred == 0)
        return fakt_err(err, FAKT_EFORMAT, "%s/meta.json: no paradigm_prefixes", dir);
    return FAKT_OK;
}

static int load_grammemes(fakt_dict *d, const char *dir, fakt_error *err)
{
    char *text;
    size_t len;
    int rc = load_json(dir, "grammemes.json", &text, &len, err);
    if (rc)
        return rc;
    jr j = {text, text + len, 0};
    fakt_buf a, b;
    fakt_buf_init(&a);
    fakt_buf_init(&b);
    int ok = j_eat(&j, '[');
    char parents[MD_MAX_GRAM][16];
    if (ok && !j_eat(&j, ']')) {
        do {
            a.len = b.len = 0;
            ok = j_eat(&j, '[') && j_str(&j, &a) && j_eat(&j, ',') && j_str(&j, &b);
            while (ok && j_eat(&j, ','))
                ok = j_skip(&j, 0);
            ok = ok && j_eat(&j, ']');
            if (!ok)
                break;
            int g = gram_add(d, a.data, a.len);
            if (g < 0 || b.len >= sizeof parents[0]) {
                ok = 0;
                break;
            }
            memcpy(parents[g], b.data, b.len + 1);
        } while (j_eat(&j, ','));
        ok = ok && j_eat(&j, ']');
    }
    fakt_buf_free(&a);
    fakt_buf_free(&b);
    free(text);
    if (!ok || j.bad || d->ngram < 10)
        return fakt_err(err, FAKT_EFORMAT, "%s/grammemes.json: not the expected JSON", dir);
    int n = d->ngram;
    for (int g = 0; g < n; g++)
        d->gram_parent[g] = (int16_t)(parents[g][0] ? fakt_md_gram_find(d, parents[g], strlen(parents[g])) : -1);

    /* pymorphy2's incompatibility: a grammeme excludes its siblings (the
     * children and grandchildren of its parent), and plur excludes the
     * genders */
    md_gset children[MD_MAX_GRAM];
    memset(children, 0, sizeof children);
    for (int g = 0; g < n; g++) {
        int p = d->gram_parent[g];
        if (p >= 0) {
            children[p].w[g >> 6] |= 1ull << (g & 63);
            int pp = d->gram_parent[p];
            if (pp >= 0)
                children[pp].w[g >> 6] |= 1ull << (g & 63);
        }
    }
    int plur = fakt_md_gram_find(d, "plur", 4), gndr = fakt_md_gram_find(d, "GNdr", 4);
    for (int g = 0; g < n; g++) {
        md_gset s = {{0}};
        int p = d->gram_parent[g];
        if (p >= 0)
            s = children[p];
        if (g == plur && gndr >= 0) {
            s.w[gndr >> 6] |= 1ull << (gndr & 63);
            for (int k = 0; k < MD_MAX_GRAM / 64; k++)
                s.w[k] |= children[gndr].w[k];
        }
        s.w[g >> 6] &= ~(1ull << (g & 63));
        d->gram_incompat[g] = s;
    }
    return FAKT_OK;
}

/* Parses a tag's text into grammeme ids. */
static int tag_parse(fakt_dict *d, const char *s, size_t n, md_gset *set, int16_t *pos)
{
    memset(set, 0, sizeof *set);
    *pos = -1;
    size_t i = 0;
    int first = 1;
    while (i <= n) {
        size_t k = i;
        while (k < n && s[k] != ',' && s[k] != ' ')
            k++;
        int g = gram_add(d, s + i, k - i);
        if (g < 0)
            return 0;
        set->w[g >> 6] |= 1ull << (g & 63);
        if (first)
            *pos = (int16_t)g;
        first = 0;
        i = k + 1;
    }
    return 1;
}

static int load_tags(fakt_dict *d, const char *dir, fakt_error *err)
{
    char *text;
    size_t len;
    int rc = load_json(dir, "gramtab-opencorpora-int.json", &text, &len, err);
    if (rc)
        return rc;
    jr j = {text, text + len, 0};
    strtab t = {{0}, 0, 0, 0};
    fakt_buf_init(&t.pool);
    int ok = read_str_array(&j, &t, 60000) && t.n > 0;
    free(text);
    if (!ok || j.bad) {
        fakt_buf_free(&t.pool);
        free(t.off);
        return fakt_err(err, FAKT_EFORMAT, "%s/gramtab-opencorpora-int.json: not the expected JSON", dir);
    }
    d->ngramtab = (uint32_t)t.n;

    /* the tags of non-dictionary parses, appended when the gramtab lacks them */
    static const char *extra[] = {"LATN", "PNCT", "NUMB,intg", "NUMB,real", "ROMN", "UNKN", "ADVB"};
    uint16_t *ids[] = {&d->t_latn, &d->t_pnct, &d->t_intg, &d->t_real, &d->t_romn, &d->t_unkn, &d->t_advb};
    char buf[128];
    size_t nbase = t.n;
    for (int pass = 0; pass < 2 && ok; pass++) {
        static const char *gen[] = {"masc", "femn"};
        static const char *cas[] = {"nomn", "gent", "datv", "accs", "ablt", "loct"};
        for (int k = 0; k < (pass ? 24 : 7) && ok; k++) {
            if (pass == 0)
                snprintf(buf, sizeof buf, "%s", extra[k]);
            else
                snprintf(buf, sizeof buf, "NOUN,anim,%s,Sgtm,%s,Fixd,Abbr,Init sing,%s",
                         gen[(k % 12) / 6], k < 12 ? "Name" : "Patr", cas[k % 6]);
            size_t found = SIZE_MAX, bl = strlen(buf);
            for (size_t i = 0; i < t.n; i++) {
                size_t next = i + 1 < t.n ? t.off[i + 1] : t.pool.len;
                if (next - t.off[i] == bl + 1 && memcmp(t.pool.data + t.off[i], buf, bl + 1) == 0) {
                    found = i;
                    break;
                }
            }
            if (found == SIZE_MAX) {
                found = t.n;
                uint32_t off = (uint32_t)t.pool.len;
                fakt_buf_add(&t.pool, buf, strlen(buf) + 1);
                ok = !t.pool.failed && strtab_push(&t, off);
            }
            if (pass == 0)
                *ids[k] = (uint16_t)found;
            else
                d->t_init[k] = (uint16_t)found;
        }
    }
    (void)nbase;
    if (!ok || t.n > 65535) {
        fakt_buf_free(&t.pool);
        free(t.off);
        return fakt_err(err, ok ? FAKT_EFORMAT : FAKT_ENOMEM, "%s/gramtab-opencorpora-int.json: too many tags", dir);
    }
    d->ntag = (uint32_t)t.n;
    d->tagpool = fakt_buf_take(&t.pool, NULL);
    d->tag_off = t.off;
    d->tag_len = malloc(d->ntag);
    d->tag_set = calloc(d->ntag, sizeof *d->tag_set);
    d->tag_pos = malloc(d->ntag * sizeof *d->tag_pos);
    d->tag_flags = calloc(d->ntag, 1);
    if (!d->tagpool || !d->tag_len || !d->tag_set || !d->tag_pos || !d->tag_flags)
        return fakt_err(err, FAKT_ENOMEM, "out of memory");

    static const char *nonprod[] = {"NUMR", "NPRO", "PRED", "PREP", "CONJ", "PRCL", "INTJ", "Apro"};
    static const char *posl[] = {"NOUN", "ADJF", "ADJS", "COMP", "VERB", "INFN", "PRTF", "PRTS", "GRND",
                                 "NUMR", "ADVB", "NPRO", "PRED", "PREP", "CONJ", "PRCL", "INTJ"};
    for (uint32_t i = 0; i < d->ntag; i++) {
        const char *s = d->tagpool + d->tag_off[i];
        size_t sl = strlen(s);
        if (sl == 0 || sl > 255 || !tag_parse(d, s, sl, &d->tag_set[i], &d->tag_pos[i]))
            return fakt_err(err, FAKT_EFORMAT, "%s/gramtab-opencorpora-int.json: bad tag %u", dir, i);
        d->tag_len[i] = (uint8_t)sl;
    }
    int np[8];
    for (int k = 0; k < 8; k++)
        np[k] = fakt_md_gram_find(d, nonprod[k], 4);
    md_gset posset = {{0}};
    for (int k = 0; k < 17; k++) {
        int g = fakt_md_gram_find(d, posl[k], 4);
        if (g >= 0)
            posset.w[g >> 6] |= 1ull << (g & 63);
    }
    for (uint32_t i = 0; i < d->ntag; i++) {
        int prod = 1;
        for (int k = 0; k < 8; k++)
            if (md_gset_has(&d->tag_set[i], np[k]))
                prod = 0;
        d->tag_flags[i] = (uint8_t)((prod ? MD_T_PRODUCTIVE : 0) |
                                    (md_gset_has(&posset, d->tag_pos[i]) ? MD_T_POS : 0));
    }
    /* HyphenatedWordsAnalyzer's features: POS, numbers, cases, persons, tenses */
    d->feat = posset;
    static const char *featl[] = {"sing", "plur", "nomn", "gent", "datv", "accs", "ablt", "loct", "voct",
                                  "gen1", "gen2", "acc2", "loc1", "loc2", "1per", "2per", "3per",
                                  "pres", "past", "futr"};
    for (int k = 0; k < 20; k++) {
        int g = fakt_md_gram_find(d, featl[k], 4);
        if (g >= 0)
            d->feat.w[g >> 6] |= 1ull << (g & 63);
    }
#define G(v, s) d->v = fakt_md_gram_find(d, s, strlen(s))
    G(g_adjf, "ADJF"); G(g_sing, "sing"); G(g_datv, "datv"); G(g_gen1, "gen1");
    G(g_gent, "gent"); G(g_loc1, "loc1"); G(g_loct, "loct"); G(g_voct, "voct");
    G(g_nomn, "nomn"); G(g_gen2, "gen2"); G(g_acc2, "acc2"); G(g_accs, "accs");
    G(g_loc2, "loc2"); G(g_acc1, "acc1"); G(g_Vey, "V-ey"); G(g_Voy, "V-oy");
#undef G
    return FAKT_OK;
}

static int load_suffixes(fakt_dict *d, const char *dir, fakt_error *err)
{
    char *text;
    size_t len;
    int rc = load_json(dir, "suffixes.json", &text, &len, err);
    if (rc)
        return rc;
    jr j = {text, text + len, 0};
    strtab t = {{0}, 0, 0, 0};
    fakt_buf_init(&t.pool);
    int ok = read_str_array(&j, &t, 65535) && t.n > 0;
    free(text);
    if (ok && !j.bad) {
        /* to CP1251 in place: never longer than the UTF-8 */
        d->nsuf = (uint32_t)t.n;
        d->suf_len = malloc(t.n);
        if (!d->suf_len)
            ok = 0;
        for (size_t i = 0; ok && i < t.n; i++) {
            char *s = t.pool.data + t.off[i];
            size_t sl = strlen(s), k = 0, o = 0;
            while (k < sl) {
                uint32_t cp = fakt_utf8_next(s, sl, &k);
                uint8_t c = fakt_md_to_cp1251(cp);
                if (c == MD_NOCHAR || c == 0)
                    ok = 0;
                s[o++] = (char)c;
            }
            s[o] = 0;
            if (o > 64)
                ok = 0;
            d->suf_len[i] = (uint8_t)o;
        }
    }
    if (!ok || j.bad) {
        fakt_buf_free(&t.pool);
        free(t.off);
        return fakt_err(err, FAKT_EFORMAT, "%s/suffixes.json: not the expected JSON", dir);
    }
    d->sufpool = fakt_buf_take(&t.pool, NULL);
    d->suf_off = t.off;
    return FAKT_OK;
}

/* dir/name mapped, or read into huge pages (fakt_map_load); its bytes at
 * *p, *n of them. */
static int map_one(const char *dir, const char *name, int huge, fakt_map *m, const unsigned char **p,
                   size_t *n, fakt_error *err)
{
    char path[4096];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    return fakt_map_load(path, huge, 0, m, p, n, err);
}

static int load_paradigms(fakt_dict *d, const char *dir, fakt_error *err)
{
    const unsigned char *bytes;
    int rc = map_one(dir, "paradigms.array", 0, &d->map[5], &bytes, &d->fsize[5], err);
    if (rc)
        return rc;
    const uint16_t *u = (const uint16_t *)(const void *)bytes;
    size_t nu = d->fsize[5] / 2;
    if (d->fsize[5] % 2 || nu < 1 || u[0] == 0)
        return fakt_err(err, FAKT_EFORMAT, "%s/paradigms.array: truncated", dir);
    d->para = u;
    d->npara = u[0];
    d->para_off = malloc(d->npara * sizeof *d->para_off);
    d->para_forms = malloc(d->npara * sizeof *d->para_forms);
    if (!d->para_off || !d->para_forms)
        return fakt_err(err, FAKT_ENOMEM, "out of memory");
    size_t pos = 1;
    for (uint32_t p = 0; p < d->npara; p++) {
        if (pos >= nu)
            return fakt_err(err, FAKT_EFORMAT, "%s/paradigms.array: truncated at paradigm %u", dir, p);
        uint32_t l = u[pos++];
        if (l == 0 || l % 3 || pos + l > nu)
            return fakt_err(err, FAKT_EFORMAT, "%s/paradigms.array: bad paradigm %u", dir, p);
        uint32_t f = l / 3;
        for (uint32_t k = 0; k < f; k++) {
            if (u[pos + k] >= d->nsuf || u[pos + f + k] >= d->ngramtab || u[pos + 2 * f + k] >= (uint32_t)d->npred)
                return fakt_err(err, FAKT_EFORMAT, "%s/paradigms.array: paradigm %u form %u out of range", dir, p, k);
        }
        d->para_off[p] = (uint32_t)pos;
        d->para_forms[p] = (uint16_t)f;
        pos += l;
    }
    if (pos != nu)
        return fakt_err(err, FAKT_EFORMAT, "%s/paradigms.array: %zu trailing bytes", dir, (nu - pos) * 2);
    return FAKT_OK;
}

/* A word's walk visits a unit per letter, scattered over MB: huge pages
 * pay (d->huge). */
static int load_dawg(const fakt_dict *d, const char *dir, const char *name, fakt_map *m, size_t *fsize,
                     md_dawg *dg, fakt_error *err)
{
    const unsigned char *p;
    int rc = map_one(dir, name, d->huge, m, &p, fsize, err);
    if (rc)
        return rc;
    size_t sz = *fsize;
    uint32_t n, g;
    if (sz < 8)
        return fakt_err(err, FAKT_EFORMAT, "%s/%s: truncated", dir, name);
    memcpy(&n, p, 4);
    if (n < 256 || n % 256 || (sz - 8) / 4 < n)
        return fakt_err(err, FAKT_EFORMAT, "%s/%s: bad unit count", dir, name);
    memcpy(&g, p + 4 + 4 * (size_t)n, 4);
    if (g != n || sz != 8 + 4 * (size_t)n + 2 * (size_t)g)
        return fakt_err(err, FAKT_EFORMAT, "%s/%s: truncated or bad guide", dir, name);
    const uint32_t *u = (const uint32_t *)(const void *)(p + 4);
    /* every child block (and value unit) reachable from a non-leaf unit
     * lies inside the array; with n a multiple of 256 no label can step out */
    for (uint32_t i = 0; i < n; i++) {
        if (u[i] & (1u << 31))
            continue;
        if ((i ^ md_offset(u[i])) >= n)
            return fakt_err(err, FAKT_EFORMAT, "%s/%s: unit %u points outside", dir, name, i);
    }
    if (u[0] & (1u << 31))
        return fakt_err(err, FAKT_EFORMAT, "%s/%s: bad root", dir, name);
    dg->units = u;
    dg->guide = p + 8 + 4 * (size_t)n;
    dg->n = n;
    return FAKT_OK;
}


/* ---- pymorphy2's Russian lists (pymorphy2/lang/ru.py) ------------------- */

static const char *const known_prefixes[] = {
    "авиа", "авто", "аква", "анти", "анти-", "антропо", "архи", "арт", "арт-", "астро", "аудио", "аэро",
    "без", "бес", "био", "вело", "взаимо", "вне", "внутри", "видео", "вице-", "вперед", "впереди",
    "гекто", "гелио", "гео", "гетеро", "гига", "гигро", "гипер", "гипо", "гомо", "дву", "двух", "де",
    "дез", "дека", "деци", "дис", "до", "евро", "за", "зоо", "интер", "инфра", "квази", "квази-", "кило",
    "кино", "контр", "контр-", "космо", "космо-", "крипто", "лейб-", "лже", "лже-", "макро", "макси",
    "макси-", "мало", "меж", "медиа", "медиа-", "мега", "мета", "мета-", "метео", "метро", "микро",
    "милли", "мини", "мини-", "моно", "мото", "много", "мульти", "нано", "нарко", "не", "небез", "недо",
    "нейро", "нео", "низко", "обер-", "обще", "одно", "около", "орто", "палео", "пан", "пара", "пента",
    "пере", "пиро", "поли", "полу", "после", "пост", "пост-", "порно", "пра", "пра-", "пред", "пресс-",
    "противо", "противо-", "прото", "псевдо", "псевдо-", "радио", "разно", "ре", "ретро", "ретро-",
    "само", "санти", "сверх", "сверх-", "спец", "суб", "супер", "супер-", "супра", "теле", "тетра",
    "топ-", "транс", "транс-", "ультра", "унтер-", "штаб-", "экзо", "эко", "эндо", "эконом-", "экс",
    "экс-", "экстра", "экстра-", "электро", "энерго", "этно",
};
static const char *const particles[] = {"-то", "-ка", "-таки", "-де", "-тко", "-тка", "-с", "-ста"};

static size_t to_cp1251(const char *s, char *out, size_t cap)
{
    size_t sl = strlen(s), k = 0, o = 0;
    while (k < sl && o + 1 < cap)
        out[o++] = (char)fakt_md_to_cp1251(fakt_utf8_next(s, sl, &k));
    out[o] = 0;
    return o;
}

static void load_lists(fakt_dict *d)
{
    size_t n = sizeof known_prefixes / sizeof known_prefixes[0];
    for (size_t i = 0; i < n; i++)
        d->kp_len[i] = (uint8_t)to_cp1251(known_prefixes[i], d->kp[i], sizeof d->kp[i]);
    d->nkp = (int)n;
    /* longest first, as KnownPrefixAnalyzer tries them (stable) */
    for (int i = 1; i < d->nkp; i++)
        for (int k = i; k > 0 && d->kp_len[k] > d->kp_len[k - 1]; k--) {
            char t[12];
            uint8_t tl = d->kp_len[k];
            memcpy(t, d->kp[k], sizeof t);
            memcpy(d->kp[k], d->kp[k - 1], sizeof t);
            memcpy(d->kp[k - 1], t, sizeof t);
            d->kp_len[k] = d->kp_len[k - 1];
            d->kp_len[k - 1] = tl;
        }
    for (int i = 0; i < 8; i++)
        d->particle_len[i] = (uint8_t)to_cp1251(particles[i], d->particle[i], sizeof d->particle[i]);
    d->nparticle = 8;
}

void fakt_dict_free(fakt_dict *d)
{
    if (!d)
        return;
    for (int i = 0; i < 6; i++)
        fakt_unmap(&d->map[i]);
    fakt_unmap(&d->hotmap);
    free(d->para_off);
    free(d->para_forms);
    free(d->sufpool);
    free(d->suf_off);
    free(d->suf_len);
    free(d->tagpool);
    free(d->tag_off);
    free(d->tag_len);
    free(d->tag_set);
    free(d->tag_pos);
    free(d->tag_flags);
    free(d);
}

static int dict_open(const char *dir, int hot, unsigned flags, fakt_dict **out, fakt_error *err)
{
    if (!out)
        return fakt_err(err, FAKT_EINVAL, "fakt_dict_open: out is NULL");
    *out = NULL;
    if (!dir || !*dir)
        return fakt_err(err, FAKT_EINVAL, "fakt_dict_open: no directory");
    fakt_dict *d = calloc(1, sizeof *d);
    if (!d)
        return fakt_err(err, FAKT_ENOMEM, "out of memory");
    d->huge = (flags & FAKT_OPEN_HUGE_PAGES) != 0;
    static const char *pred[] = {"prediction-suffixes-0.dawg", "prediction-suffixes-1.dawg",
                                 "prediction-suffixes-2.dawg"};
    load_lists(d);
    int rc = load_meta(d, dir, err);
    if (!rc)
        rc = load_grammemes(d, dir, err);
    if (!rc)
        rc = load_tags(d, dir, err);
    if (!rc)
        rc = load_suffixes(d, dir, err);
    if (!rc)
        rc = load_paradigms(d, dir, err);
    if (!rc)
        rc = load_dawg(d, dir, "words.dawg", &d->map[0], &d->fsize[0], &d->words, err);
    for (int i = 0; !rc && i < d->npred; i++)
        rc = load_dawg(d, dir, pred[i], &d->map[1 + i], &d->fsize[1 + i], &d->pred[i], err);
    if (!rc)
        rc = load_dawg(d, dir, "p_t_given_w.intdawg", &d->map[4], &d->fsize[4], &d->ptw, err);
    if (!rc) {
        /* the identity a hot table must match: meta.json (hashed by
         * load_meta, with MD_ALGO), the sizes of the binary files, tables */
        uint64_t v[9] = {d->fsize[0], d->fsize[1], d->fsize[2], d->fsize[3], d->fsize[4],
                         d->fsize[5], d->ntag, d->nsuf, d->npara};
        uint8_t le[sizeof v];
        for (size_t i = 0; i < sizeof le; i++)
            le[i] = (uint8_t)(v[i / 8] >> (8 * (i % 8)));
        d->fp = fakt_md_hash64(le, sizeof le, d->fp);
        if (hot)
            rc = fakt_md_hot_open(d, dir, err);
    }
    if (rc) {
        fakt_dict_free(d);
        return rc;
    }
    *out = d;
    return FAKT_OK;
}

int fakt_dict_open(const char *dir, fakt_dict **out, fakt_error *err)
{
    return dict_open(dir, 1, 0, out, err);
}

int fakt_dict_open_flags(const char *dir, unsigned flags, fakt_dict **out, fakt_error *err)
{
    return dict_open(dir, 1, flags, out, err);
}

int fakt_dict_open_nohot(const char *dir, fakt_dict **out, fakt_error *err)
{
    return dict_open(dir, 0, 0, out, err);
}

/* ---- tag queries (morph.h) --------------------------------------------- */

const char *fakt_morph_tag_name(const fakt_dict *d, uint32_t tag)
{
    if (!d || tag >= d->ntag)
        return "";
    return d->tagpool + d->tag_off[tag];
}

int fakt_morph_grammeme(const fakt_dict *d, const char *name)
{
    if (!d || !name)
        return -1;
    return fakt_md_gram_find(d, name, strlen(name));
}

int fakt_morph_tag_has(const fakt_dict *d, uint32_t tag, int g)
{
    if (!d || tag >= d->ntag)
        return 0;
    return md_gset_has(&d->tag_set[tag], g);
}

uint64_t fakt_morph_tag_grams(const fakt_dict *d, uint32_t tag, const int *g, int ng)
{
    if (!d || tag >= d->ntag)
        return 0;
    const md_gset *s = &d->tag_set[tag];
    uint64_t r = 0;
    for (int i = 0; i < ng && i < 64; i++)
        if (md_gset_has(s, g[i]))
            r |= 1ull << i;
    return r;
}

int fakt_morph_tag_pos(const fakt_dict *d, uint32_t tag)
{
    if (!d || tag >= d->ntag)
        return -1;
    return d->tag_pos[tag];
}

uint32_t fakt_morph_tag_count(const fakt_dict *d)
{
    return d ? d->ntag : 0;
}

uint64_t fakt_morph_fingerprint(const fakt_dict *d)
{
    return d ? d->fp : 0;
}

/*
 * gazetteer.c — user gazetteers: names a user knows, given as a TSV at load
 * time, found in any inflected form and put over the tagger's entities.
 *
 * File: UTF-8, one name a line, `NAME<TAB>TYPE[<TAB>SUBTYPE]`, TYPE one of
 * PER, LOC, ORG; blank lines and lines starting with '#' are skipped.
 *
 * Matching is by words: each word of a name and of the text is reduced to
 * the lemmas of all its parses plus its lowercase form (ё folded to е), and
 * a text word matches a name word when those sets meet — so «Каспийский
 * зерновой холдинг» is found as «Каспийского зернового холдинга».  At each
 * token the longest name wins; a match replaces the model's entities it
 * overlaps (the user's word is final).
 */
#include <stdlib.h>
#include <string.h>

#include "core/core.h"
#include "morph/morph.h"
#include "pipeline/gazetteer.h"
#include "text/segment.h"

#define GZ_MAX_WORDS 16 /* words in one name */
#define GZ_KEYS 8       /* keys (lemmas + form) kept per word */

typedef struct gz_word {
    uint64_t key[GZ_KEYS];
    uint8_t nkey;
} gz_word;

typedef struct gz_entry {
    uint32_t word0;  /* first word in words[] */
    uint8_t nwords;
    uint8_t type;    /* FAKT_PER / LOC / ORG */
    char *subtype;   /* owned, or NULL */
} gz_entry;

struct fakt_gazetteer {
    gz_entry *entries;
    size_t nentries, capentries;
    gz_word *words;
    size_t nwords, capwords;
    /* index: open addressing from a first-word key to entry ids (chained) */
    uint64_t *slot_key;
    uint32_t *slot_head; /* entry id + 1 of the chain head, 0 = empty */
    size_t nslots;
    uint32_t *next;      /* per (entry, key) link: see index_add */
    uint32_t *link_entry;
    size_t nlinks, caplinks;
};

static uint64_t fnv(const char *s, size_t n)
{
    uint64_t h = 1469598103934665603ull;
    for (size_t i = 0; i < n; i++)
        h = (h ^ (unsigned char)s[i]) * 1099511628211ull;
    return h ? h : 1;
}

/* Lowercase with ё→е, Cyrillic and Latin (others kept), into buf. */
static size_t fold(const char *s, size_t n, char *buf, size_t cap)
{
    size_t i = 0, o = 0;
    while (i < n && o + 4 < cap) {
        uint32_t c = fakt_utf8_next(s, n, &i);
        if (c >= 'A' && c <= 'Z')
            c += 32;
        else if (c >= 0x410 && c <= 0x42F)
            c += 0x20;
        else if (c == 0x401 || c == 0x451)
            c = 0x435;
        o += fakt_utf8_encode(c, buf + o);
    }
    buf[o] = 0;
    return o;
}

/* The keys of one word: its folded form and the folded lemmas of its parses. */
static uint8_t word_keys(const fakt_dict *d, const char *w, size_t n, uint64_t *key)
{
    char buf[256];
    uint8_t k = 0;
    key[k++] = fnv(buf, fold(w, n, buf, sizeof buf));
    if (!d)
        return k;
    fakt_mparse p[FAKT_MORPH_MAX_PARSES];
    size_t np = fakt_morph_parse(d, w, n, p, FAKT_MORPH_MAX_PARSES);
    for (size_t i = 0; i < np && k < GZ_KEYS; i++) {
        char lem[256];
        size_t ll = fakt_morph_lemma(d, w, n, &p[i], lem, sizeof lem);
        uint64_t h = fnv(buf, fold(lem, ll, buf, sizeof buf));
        int dup = 0;
        for (uint8_t j = 0; j < k; j++)
            dup |= key[j] == h;
        if (!dup)
            key[k++] = h;
    }
    return k;
}

static int words_meet(const gz_word *a, const gz_word *b)
{
    for (uint8_t i = 0; i < a->nkey; i++)
        for (uint8_t j = 0; j < b->nkey; j++)
            if (a->key[i] == b->key[j])
                return 1;
    return 0;
}

static int grow(void **p, size_t *cap, size_t need, size_t size)
{
    if (need <= *cap)
        return 0;
    size_t c = *cap ? *cap * 2 : 64;
    while (c < need)
        c *= 2;
    void *q = realloc(*p, c * size);
    if (!q)
        return -1;
    *p = q;
    *cap = c;
    return 0;
}

/* Adds (key → entry) to the index; the table is sized before indexing. */
static void index_add(fakt_gazetteer *g, uint64_t key, uint32_t entry)
{
    size_t mask = g->nslots - 1, i = (size_t)key & mask;
    while (g->slot_head[i] && g->slot_key[i] != key)
        i = (i + 1) & mask;
    g->slot_key[i] = key;
    g->link_entry[g->nlinks] = entry;
    g->next[g->nlinks] = g->slot_head[i];
    g->slot_head[i] = (uint32_t)++g->nlinks;
}

/* The chain of links for key: returns link id + 1, or 0. */
static uint32_t index_find(const fakt_gazetteer *g, uint64_t key)
{
    if (!g->nslots)
        return 0;
    size_t mask = g->nslots - 1, i = (size_t)key & mask;
    while (g->slot_head[i]) {
        if (g->slot_key[i] == key)
            return g->slot_head[i];
        i = (i + 1) & mask;
    }
    return 0;
}

void fakt_gazetteer_free(fakt_gazetteer *g)
{
    if (!g)
        return;
    for (size_t i = 0; i < g->nentries; i++)
        free(g->entries[i].subtype);
    free(g->entries);
    free(g->words);
    free(g->slot_key);
    free(g->slot_head);
    free(g->next);
    free(g->link_entry);
    free(g);
}

static int parse_type(const char *s, size_t n)
{
    if (n == 3 && !memcmp(s, "PER", 3))
        return FAKT_PER;
    if (n == 3 && !memcmp(s, "LOC", 3))
        return FAKT_LOC;
    if (n == 3 && !memcmp(s, "ORG", 3))
        return FAKT_ORG;
    return 0;
}

/* Adds one name; returns FAKT_OK or an error code with err set. */
static int add_name(fakt_gazetteer *g, const fakt_dict *d, const char *name, size_t n,
                    int type, const char *sub, size_t subn, size_t lineno, const char *path,
                    fakt_error *err)
{
    fakt_arena a;
    fakt_seg seg;
    fakt_arena_init(&a);
    int rc = fakt_segment(name, n, &a, &seg, err);
    if (rc != FAKT_OK) {
        fakt_arena_free(&a);
        return rc;
    }
    if (seg.ntok == 0 || seg.ntok > GZ_MAX_WORDS) {
        fakt_arena_free(&a);
        return fakt_err(err, FAKT_EFORMAT, "%s:%zu: a name of 1 to %d words is expected", path,
                        lineno, GZ_MAX_WORDS);
    }
    if (grow((void **)&g->entries, &g->capentries, g->nentries + 1, sizeof *g->entries) ||
        grow((void **)&g->words, &g->capwords, g->nwords + seg.ntok, sizeof *g->words)) {
        fakt_arena_free(&a);
        return fakt_err(err, FAKT_ENOMEM, "out of memory loading %s", path);
    }
    gz_entry *e = &g->entries[g->nentries];
    memset(e, 0, sizeof *e);
    e->word0 = (uint32_t)g->nwords;
    e->nwords = (uint8_t)seg.ntok;
    e->type = (uint8_t)type;
    if (subn) {
        e->subtype = malloc(subn + 1);
        if (!e->subtype) {
            fakt_arena_free(&a);
            return fakt_err(err, FAKT_ENOMEM, "out of memory loading %s", path);
        }
        memcpy(e->subtype, sub, subn);
        e->subtype[subn] = 0;
    }
    for (uint32_t t = 0; t < seg.ntok; t++) {
        gz_word *w = &g->words[g->nwords++];
        w->nkey = word_keys(d, name + seg.toks[t].b0, seg.toks[t].b1 - seg.toks[t].b0, w->key);
    }
    g->nentries++;
    fakt_arena_free(&a);
    return FAKT_OK;
}

int fakt_gazetteer_open(const char *path, const fakt_dict *d, fakt_gazetteer **out,
                        fakt_error *err)
{
    char *text;
    size_t len, bad;
    if (!path || !out)
        return fakt_err(err, FAKT_EINVAL, "fakt_gazetteer_open: NULL argument");
    *out = NULL;
    int rc = fakt_read_file(path, &text, &len, err);
    if (rc != FAKT_OK)
        return rc;
    if (fakt_utf8_check(text, len, &bad) != FAKT_OK) {
        free(text);
        return fakt_err(err, FAKT_EUTF8, "%s: invalid UTF-8 at byte %zu", path, bad);
    }
    fakt_gazetteer *g = calloc(1, sizeof *g);
    if (!g) {
        free(text);
        return fakt_err(err, FAKT_ENOMEM, "out of memory loading %s", path);
    }
    size_t lineno = 0;
    for (char *line = text; line < text + len;) {
        char *nl = memchr(line, '\n', (size_t)(text + len - line));
        char *end = nl ? nl : text + len;
        lineno++;
        size_t n = (size_t)(end - line);
        if (n && line[n - 1] == '\r')
            n--;
        if (n && line[0] != '#') {
            char *t1 = memchr(line, '\t', n);
            char *t2 = t1 ? memchr(t1 + 1, '\t', (size_t)(line + n - t1 - 1)) : NULL;
            size_t tn = t1 ? (size_t)((t2 ? t2 : line + n) - t1 - 1) : 0;
            int type = t1 ? parse_type(t1 + 1, tn) : 0;
            if (!t1 || t1 == line || !type) {
                fakt_gazetteer_free(g);
                free(text);
                return fakt_err(err, FAKT_EFORMAT,
                                "%s:%zu: want NAME<TAB>PER|LOC|ORG[<TAB>SUBTYPE]", path, lineno);
            }
            rc = add_name(g, d, line, (size_t)(t1 - line), type, t2 ? t2 + 1 : NULL,
                          t2 ? (size_t)(line + n - t2 - 1) : 0, lineno, path, err);
            if (rc != FAKT_OK) {
                fakt_gazetteer_free(g);
                free(text);
                return rc;
            }
        }
        line = nl ? nl + 1 : text + len;
    }
    free(text);
    /* Index every key of each name's first word. */
    size_t nkeys = 0;
    for (size_t i = 0; i < g->nentries; i++)
        nkeys += g->words[g->entries[i].word0].nkey;
    g->nslots = 16;
    while (g->nslots < nkeys * 2)
        g->nslots *= 2;
    g->slot_key = calloc(g->nslots, sizeof *g->slot_key);
    g->slot_head = calloc(g->nslots, sizeof *g->slot_head);
    g->next = calloc(nkeys + 1, sizeof *g->next);
    g->link_entry = calloc(nkeys + 1, sizeof *g->link_entry);
    if (!g->slot_key || !g->slot_head || !g->next || !g->link_entry) {
        fakt_gazetteer_free(g);
        return fakt_err(err, FAKT_ENOMEM, "out of memory indexing %s", path);
    }
    for (size_t i = 0; i < g->nentries; i++) {
        const gz_word *w = &g->words[g->entries[i].word0];
        for (uint8_t k = 0; k < w->nkey; k++)
            index_add(g, w->key[k], (uint32_t)i);
    }
    *out = g;
    return FAKT_OK;
}

size_t fakt_gazetteer_count(const fakt_gazetteer *g) { return g ? g->nentries : 0; }

int fakt_gazetteer_match(const fakt_gazetteer *g, const fakt_dict *d, const char *text,
                         const fakt_seg *seg, fakt_arena *a, fakt_ent **out, uint32_t *nout)
{
    *out = NULL;
    *nout = 0;
    if (!g || !g->nentries || !seg->ntok)
        return FAKT_OK;
    /* Word keys are computed lazily: most tokens never meet a name. */
    gz_word *tw = fakt_arena_calloc(a, seg->ntok, sizeof *tw);
    uint8_t *done = fakt_arena_calloc(a, seg->ntok, 1);
    uint32_t cap = 16, n = 0;
    fakt_ent *ents = fakt_arena_alloc(a, cap * sizeof *ents);
    if (!tw || !done || !ents)
        return FAKT_ENOMEM;
#define TOKEN_KEYS(t)                                                                  \
    do {                                                                               \
        if (!done[t]) {                                                                \
            done[t] = 1;                                                               \
            tw[t].nkey = word_keys(d, text + seg->toks[t].b0,                          \
                                   seg->toks[t].b1 - seg->toks[t].b0, tw[t].key);      \
        }                                                                              \
    } while (0)
    for (uint32_t t = 0; t < seg->ntok;) {
        TOKEN_KEYS(t);
        int best = -1;
        uint32_t best_len = 0;
        for (uint8_t k = 0; k < tw[t].nkey; k++) {
            for (uint32_t l = index_find(g, tw[t].key[k]); l; l = g->next[l - 1]) {
                uint32_t e = g->link_entry[l - 1];
                const gz_entry *en = &g->entries[e];
                if (en->nwords <= best_len || t + en->nwords > seg->ntok)
                    continue;
                uint32_t j = 1;
                for (; j < en->nwords; j++) {
                    TOKEN_KEYS(t + j);
                    if (!words_meet(&g->words[en->word0 + j], &tw[t + j]))
                        break;
                }
                if (j == en->nwords) {
                    best = (int)e;
                    best_len = en->nwords;
                }
            }
        }
        if (best < 0) {
            t++;
            continue;
        }
        if (n == cap) {
            ents = fakt_arena_grow(a, ents, cap * sizeof *ents, 2 * cap * sizeof *ents);
            cap *= 2;
            if (!ents)
                return FAKT_ENOMEM;
        }
        const gz_entry *en = &g->entries[best];
        ents[n].t0 = t;
        ents[n].t1 = t + best_len;
        ents[n].type = en->type;
        ents[n].depth = 0;
        ents[n].subtype = en->subtype ? fakt_arena_strndup(a, en->subtype, strlen(en->subtype)) : NULL;
        n++;
        t += best_len;
    }
#undef TOKEN_KEYS
    *out = ents;
    *nout = n;
    return FAKT_OK;
}

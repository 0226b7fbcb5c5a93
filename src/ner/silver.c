/*
 * silver.c — silver statistics: what a trained model finds in unlabeled
 * news, per word form, as features for the next model.
 *
 * The annotated corpora hold a few thousand organization names; the
 * unlabeled news name tens of thousands, most of them many times, in
 * contexts that give them away («агентство МАГАТЕ», «активисты Гринпис
 * заявили»).  A first model tags all of that news; for every form we count
 * its occurrences and in how many it was inside a PER, LOC or ORG of the
 * flat layer.  The second model sees those shares, binned, as token-local
 * features (feat.c, templates 120-127), so a name the annotated texts never
 * show, or show once in an ambiguous sentence, carries what thousands of
 * sentences said of it.  `fakt eval ner` rebuilds the table inside every
 * fold from that fold's first model, so cross-validation never sees
 * statistics made with the test documents' labels.
 *
 * The table is keyed by the exact form (fakt_ner_hash of its bytes) and by
 * its lowercase form salted with FAKT_SILV_SALT, for words in capitals or
 * in lowercase text.  Values are 16 bits: three share bins, an occurrence
 * bin and the most frequent type (FAKT_SILV_* in nerint.h).
 */
#include <dirent.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "../text/segment.h"
#include "ner.h"
#include "nerint.h"

uint16_t fakt_ner_silver_get(const fakt_model *m, uint64_t form, uint64_t low)
{
    if (!m->silv.slots)
        return 0;
    uint32_t v = fakt_ner_table_get(&m->silv, form);
    if (v)
        return (uint16_t)(v & 0x3FFFu);
    v = fakt_ner_table_get(&m->silv, low ^ FAKT_SILV_SALT);
    return v ? (uint16_t)((v & 0x3FFFu) | FAKT_SILV_LOW) : 0;
}

/* ---- reading the news --------------------------------------------------- */

typedef struct growbuf {
    char *p;
    size_t n, cap, max;
} growbuf;

/* Appends f's bytes until EOF or max; 1 when max was reached. */
static int slurp(FILE *f, growbuf *g)
{
    for (;;) {
        if (g->max && g->n >= g->max)
            return 1;
        if (g->cap - g->n < 65536) {
            size_t nc = g->cap ? g->cap * 2 : (size_t)1 << 20;
            char *np = realloc(g->p, nc + 1);
            if (!np)
                return -1;
            g->p = np, g->cap = nc;
        }
        size_t want = g->cap - g->n;
        if (g->max && want > g->max - g->n)
            want = g->max - g->n;
        size_t got = fread(g->p + g->n, 1, want, f);
        g->n += got;
        if (got == 0)
            return 0;
    }
}

static int ends_with(const char *s, const char *suf)
{
    size_t n = strlen(s), k = strlen(suf);
    return n >= k && !strcmp(s + n - k, suf);
}

/* One file, through `xz -dc` when compressed: 0, 1 when max was reached,
 * minus the status code on an error (set in err). */
static int read_one(const char *path, growbuf *g, fakt_error *err)
{
    FILE *f;
    int xz = ends_with(path, ".xz");
    if (xz) {
        /* the path goes to the shell in single quotes: refuse any inside */
        if (strchr(path, '\''))
            return -fakt_err(err, FAKT_EINVAL, "unlabeled news: unsupported path %s", path);
        char cmd[4200];
        snprintf(cmd, sizeof cmd, "xz -dc -- '%s'", path);
        f = popen(cmd, "r");
    } else {
        f = fopen(path, "rb");
    }
    if (!f)
        return -fakt_err(err, FAKT_EIO, "unlabeled news: cannot read %s", path);
    int r = slurp(f, g);
    /* xz killed by the pipe closing early (max reached) is no error */
    int bad = xz ? (pclose(f) != 0 && r == 0) : (fclose(f) != 0);
    if (r < 0)
        return -fakt_err(err, FAKT_ENOMEM, "out of memory reading %s", path);
    if (bad)
        return -fakt_err(err, FAKT_EIO, "unlabeled news: error reading %s", path);
    return r;
}

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

int fakt_ner_silver_read(const char *path, size_t max_bytes, char **buf, size_t *len,
                         fakt_error *err)
{
    growbuf g = {NULL, 0, 0, max_bytes};
    struct stat st;
    int rc = 0;
    *buf = NULL, *len = 0;
    if (!path || stat(path, &st) != 0)
        return fakt_err(err, FAKT_ENOTFOUND, "unlabeled news: %s not found", path ? path : "(null)");
    if (S_ISDIR(st.st_mode)) {
        DIR *dir = opendir(path);
        if (!dir)
            return fakt_err(err, FAKT_EIO, "unlabeled news: cannot open %s", path);
        char **names = NULL;
        size_t nn = 0;
        struct dirent *de;
        while ((de = readdir(dir))) {
            if (!ends_with(de->d_name, ".xz"))
                continue;
            char **nx = realloc(names, (nn + 1) * sizeof *names);
            if (!nx || !(nx[nn] = strdup(de->d_name))) {
                names = nx ? nx : names;
                rc = -fakt_err(err, FAKT_ENOMEM, "out of memory");
                break;
            }
            names = nx, nn++;
        }
        closedir(dir);
        if (rc == 0)
            qsort(names, nn, sizeof *names, cmp_str);
        for (size_t i = 0; rc == 0 && i < nn; i++) {
            char p[4096];
            snprintf(p, sizeof p, "%s/%s", path, names[i]);
            rc = read_one(p, &g, err);
            /* files are concatenated: keep a line break between them */
            if (rc == 0 && g.n && g.p[g.n - 1] != '\n' && (!g.max || g.n < g.max))
                g.p[g.n++] = '\n';
        }
        for (size_t i = 0; i < nn; i++)
            free(names[i]);
        free(names);
    } else {
        rc = read_one(path, &g, err);
    }
    if (rc < 0) {
        free(g.p);
        return -rc;
    }
    if (rc == 1) /* cut at max: drop the partial last article */
        while (g.n && g.p[g.n - 1] != '\n')
            g.n--;
    if (!g.p && !(g.p = malloc(1)))
        return fakt_err(err, FAKT_ENOMEM, "out of memory");
    g.p[g.n] = 0;
    *buf = g.p, *len = g.n;
    return FAKT_OK;
}

/* ---- counting --------------------------------------------------------- */

typedef struct scount {
    uint64_t key; /* 0 = empty */
    uint32_t n, t[3];
} scount;

typedef struct smap {
    scount *s;
    size_t cap, n;
} smap;

static int smap_grow(smap *m)
{
    size_t nc = m->cap ? m->cap * 2 : (size_t)1 << 16;
    scount *ns = calloc(nc, sizeof *ns);
    if (!ns)
        return -1;
    for (size_t i = 0; i < m->cap; i++) {
        if (!m->s[i].key)
            continue;
        size_t j = (size_t)m->s[i].key & (nc - 1);
        while (ns[j].key)
            j = (j + 1) & (nc - 1);
        ns[j] = m->s[i];
    }
    free(m->s);
    m->s = ns, m->cap = nc;
    return 0;
}

static scount *smap_at(smap *m, uint64_t key)
{
    key = key ? key : 1;
    if ((m->n + 1) * 4 > m->cap * 3 && smap_grow(m) != 0)
        return NULL;
    size_t j = (size_t)key & (m->cap - 1);
    while (m->s[j].key && m->s[j].key != key)
        j = (j + 1) & (m->cap - 1);
    if (!m->s[j].key) {
        m->s[j].key = key;
        m->n++;
    }
    return &m->s[j];
}

typedef struct worker {
    const fakt_model *m;
    const fakt_dict *d;
    const char *b, *e; /* whole lines */
    smap map;
    size_t ntok;
    int rc;
} worker;

static int count_line(worker *w, const char *text, size_t len, fakt_arena *a)
{
    fakt_seg seg;
    fakt_ner_out out;
    if (fakt_segment(text, len, a, &seg, NULL) != FAKT_OK)
        return FAKT_OK; /* not text (invalid UTF-8): skipped */
    if (fakt_ner_tag(w->m, w->d, text, &seg, a, &out, NULL) != FAKT_OK)
        return FAKT_ENOMEM;
    uint8_t *lab = fakt_arena_calloc(a, seg.ntok + 1, 1);
    if (!lab)
        return FAKT_ENOMEM;
    for (uint32_t i = 0; i < out.nents; i++)
        if (!out.ents[i].depth && out.ents[i].type >= 1 && out.ents[i].type <= 3)
            for (uint32_t k = out.ents[i].t0; k < out.ents[i].t1 && k < seg.ntok; k++)
                lab[k] = out.ents[i].type;
    char low[256];
    for (uint32_t i = 0; i < seg.ntok; i++) {
        const fakt_token *t = &seg.toks[i];
        if (t->kind != FAKT_TK_WORD)
            continue;
        size_t n = t->b1 - t->b0;
        size_t ln = fakt_ner_lower(text + t->b0, n, low, sizeof low);
        uint64_t keys[2] = {fakt_ner_hash(text + t->b0, n), fakt_ner_hash(low, ln) ^ FAKT_SILV_SALT};
        for (int k = 0; k < 2; k++) {
            scount *c = smap_at(&w->map, keys[k]);
            if (!c)
                return FAKT_ENOMEM;
            c->n++;
            if (lab[i])
                c->t[lab[i] - 1]++;
        }
        w->ntok++;
    }
    return FAKT_OK;
}

static void *work(void *arg)
{
    worker *w = arg;
    fakt_arena a;
    fakt_arena_init(&a);
    for (const char *p = w->b; p < w->e && w->rc == FAKT_OK;) {
        const char *nl = memchr(p, '\n', (size_t)(w->e - p));
        const char *end = nl ? nl : w->e;
        if (end > p)
            w->rc = count_line(w, p, (size_t)(end - p), &a);
        fakt_arena_reset(&a);
        p = end + 1;
    }
    fakt_arena_free(&a);
    return NULL;
}

static unsigned rate_bin(uint32_t k, uint32_t n)
{
    if (!k)
        return 0;
    double r = (double)k / n;
    return r < 0.03 ? 1 : r < 0.1 ? 2 : r < 0.3 ? 3 : r < 0.6 ? 4 : r < 0.9 ? 5 : 6;
}

static unsigned freq_bin(uint32_t n)
{
    return n < 3 ? 1 : n < 10 ? 2 : n < 30 ? 3 : n < 100 ? 4 : n < 1000 ? 5 : n < 10000 ? 6 : 7;
}

/* The most entries the table takes: 2 MB in the model (the builder keeps
 * its tables at most half full). */
#define SILV_MAX 130000u

static int by_count(const void *a, const void *b)
{
    const scount *x = *(const scount *const *)a, *y = *(const scount *const *)b;
    if (x->n != y->n)
        return x->n > y->n ? -1 : 1;
    return x->key < y->key ? -1 : x->key > y->key;
}

int fakt_ner_silver_build(const fakt_model *m, const fakt_dict *d, const char *text, size_t len,
                          int nthreads, uint32_t mincount, fakt_ner_htab *out, size_t *ntok,
                          fakt_error *err)
{
    if (nthreads < 1)
        nthreads = 1;
    if (nthreads > 8)
        nthreads = 8;
    worker w[8];
    pthread_t th[8];
    memset(w, 0, sizeof w);
    /* Contiguous shares of the text, cut at line ends. */
    const char *p = text, *end = text + len;
    for (int i = 0; i < nthreads; i++) {
        const char *q = i + 1 == nthreads ? end : text + len / (size_t)nthreads * (size_t)(i + 1);
        if (q < p)
            q = p;
        while (q < end && q > text && q[-1] != '\n')
            q++;
        w[i] = (worker){m, d, p, q, {NULL, 0, 0}, 0, FAKT_OK};
        p = q;
    }
    int started = 0;
    for (int i = 1; i < nthreads; i++)
        if (pthread_create(&th[i], NULL, work, &w[i]) == 0)
            started |= 1 << i;
        else
            work(&w[i]);
    work(&w[0]);
    int rc = w[0].rc;
    for (int i = 1; i < nthreads; i++) {
        if (started & (1 << i))
            pthread_join(th[i], NULL);
        if (rc == FAKT_OK)
            rc = w[i].rc;
    }
    /* Sums into the first map (order-free, so the result is deterministic). */
    for (int i = 1; i < nthreads && rc == FAKT_OK; i++)
        for (size_t j = 0; j < w[i].map.cap && rc == FAKT_OK; j++) {
            const scount *s = &w[i].map.s[j];
            if (!s->key)
                continue;
            scount *c = smap_at(&w[0].map, s->key);
            if (!c)
                rc = FAKT_ENOMEM;
            else {
                c->n += s->n;
                for (int t = 0; t < 3; t++)
                    c->t[t] += s->t[t];
            }
        }
    size_t total = 0;
    for (int i = 0; i < nthreads; i++)
        total += w[i].ntok;
    if (ntok)
        *ntok = total;
    for (int i = 1; i < nthreads; i++)
        free(w[i].map.s);
    if (rc != FAKT_OK) {
        free(w[0].map.s);
        return fakt_err(err, rc, "silver statistics: out of memory");
    }
    /* Forms ever tagged and seen mincount times or more; when more than
     * SILV_MAX, the most frequent (ties by key, so the choice is fixed). */
    const smap *sm = &w[0].map;
    size_t nc = 0;
    const scount **cand = malloc((sm->n + 1) * sizeof *cand);
    if (!cand) {
        free(w[0].map.s);
        return fakt_err(err, FAKT_ENOMEM, "silver statistics: out of memory");
    }
    for (size_t j = 0; j < sm->cap; j++) {
        const scount *c = &sm->s[j];
        if (c->key && c->n >= mincount && (c->t[0] | c->t[1] | c->t[2]))
            cand[nc++] = c;
    }
    if (nc > SILV_MAX) {
        qsort(cand, nc, sizeof *cand, by_count);
        nc = SILV_MAX;
    }
    memset(out, 0, sizeof *out);
    for (size_t j = 0; j < nc && rc == FAKT_OK; j++) {
        const scount *c = cand[j];
        unsigned top = 0;
        for (unsigned t = 1; t < 3; t++)
            if (c->t[t] > c->t[top])
                top = t;
        uint32_t v = rate_bin(c->t[0], c->n) | rate_bin(c->t[1], c->n) << 3 |
                     rate_bin(c->t[2], c->n) << 6 | freq_bin(c->n) << 9 | (top + 1) << 12;
        rc = fakt_ner_htab_put(out, c->key, v, 0);
    }
    free(cand);
    free(w[0].map.s);
    if (rc != FAKT_OK) {
        fakt_ner_htab_free(out);
        return fakt_err(err, rc, "silver statistics: out of memory");
    }
    return FAKT_OK;
}

/* clusters — word clusters for the NER tagger from unlabeled text.
 *
 * Reads UTF-8 text on stdin (one article per line), writes a TSV of
 *     word<TAB>c64<TAB>c256<TAB>c1024
 * sorted by word (byte order).  Words are lowercased runs of Cyrillic
 * (U+0400..U+045F) or Latin (A-Z) letters with inner hyphens; ё is folded
 * to е.  Words that mix scripts or contain other letters are not output.
 *
 * Method (deterministic, single-threaded):
 *  1. Tokenize into words, numbers (<NUM>), punctuation (one token per code
 *     point), URLs (<URL>) and a line boundary <S>; remember whether each
 *     word was capitalized.
 *  2. Vocabulary: output words with count >= min-count, at most max-vocab of
 *     them by frequency.  Context features: the top C tokens of any kind plus
 *     three classes for the rest (rare capitalized word, rare lowercase word,
 *     rare other), at relative positions -2, -1, +1, +2.
 *  3. Per word: PPMI with context-distribution smoothing (alpha 0.75) over
 *     the 4*(C+3) features, row L2-normalized; reduced to D dims either by
 *     random projection (+-1, fixed seed; -P 0) or by projection on the top
 *     D right singular vectors, found by randomized subspace iteration with
 *     P power steps (-P P); L2-normalized.
 *  4. Spherical k-means (k-means++ seeding among the most frequent words) to
 *     K1 clusters; the K1 centroids are clustered to K2, those to K3, so the
 *     three levels nest.  Cluster ids are renumbered so that children of one
 *     parent are contiguous.
 *
 * Options: -c C (1000) -m min-count (5) -V max-vocab (160000) -d D (256)
 *          -P power steps (0) -i k-means iterations (20) -s seed -o output file
 *          -S word,word,...  print the clusters of these words to stderr.
 */
#ifndef _POSIX_C_SOURCE
#define _POSIX_C_SOURCE 200809L
#endif
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define K1 1024
#define K2 256
#define K3 64
#define NPOS 4

static void die(const char *m)
{
    fprintf(stderr, "clusters: %s\n", m);
    exit(1);
}

static void *xmalloc(size_t n)
{
    void *p = malloc(n ? n : 1);
    if (!p)
        die("out of memory");
    return p;
}

static void *xcalloc(size_t n, size_t s)
{
    void *p = calloc(n ? n : 1, s ? s : 1);
    if (!p)
        die("out of memory");
    return p;
}

static void *xrealloc(void *p, size_t n)
{
    p = realloc(p, n ? n : 1);
    if (!p)
        die("out of memory");
    return p;
}

static double now(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + (double)t.tv_nsec * 1e-9;
}
static double t0;
#define LOG(...) (fprintf(stderr, "[%6.1fs] ", now() - t0), fprintf(stderr, __VA_ARGS__))

/* ---- deterministic PRNG (splitmix64) ---- */
static uint64_t rng_state;
static uint64_t rng_next(void)
{
    uint64_t z = (rng_state += 0x9E3779B97F4A7C15ull);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
}
static double rng_unit(void) { return (double)(rng_next() >> 11) * (1.0 / 9007199254740992.0); }

/* ---- token table ---- */
enum { T_WORD = 1, T_OUT = 2 }; /* T_OUT: word eligible for output */
typedef struct {
    uint32_t off, len;
    uint64_t count;
    uint32_t flags;
} Tok;

static char *arena;
static size_t arena_len, arena_cap;
static Tok *toks;
static uint32_t ntoks, toks_cap;
static uint32_t *htab;
static uint32_t hcap; /* power of two; slot = id+1, 0 empty */

static uint64_t hash_bytes(const char *s, size_t n)
{
    uint64_t h = 1469598103934665603ull;
    for (size_t i = 0; i < n; i++)
        h = (h ^ (unsigned char)s[i]) * 1099511628211ull;
    return h;
}

static void hgrow(void)
{
    uint32_t ncap = hcap ? hcap * 2 : 1u << 16;
    uint32_t *nt = xcalloc(ncap, sizeof *nt);
    for (uint32_t i = 0; i < ntoks; i++) {
        uint64_t h = hash_bytes(arena + toks[i].off, toks[i].len);
        uint32_t j = (uint32_t)h & (ncap - 1);
        while (nt[j])
            j = (j + 1) & (ncap - 1);
        nt[j] = i + 1;
    }
    free(htab);
    htab = nt;
    hcap = ncap;
}

static uint32_t intern(const char *s, size_t n, uint32_t flags)
{
    if ((uint64_t)(ntoks + 1) * 2 > hcap)
        hgrow();
    uint64_t h = hash_bytes(s, n);
    uint32_t j = (uint32_t)h & (hcap - 1);
    while (htab[j]) {
        Tok *t = &toks[htab[j] - 1];
        if (t->len == n && memcmp(arena + t->off, s, n) == 0)
            return htab[j] - 1;
        j = (j + 1) & (hcap - 1);
    }
    if (ntoks == toks_cap) {
        toks_cap = toks_cap ? toks_cap * 2 : 1u << 16;
        toks = xrealloc(toks, toks_cap * sizeof *toks);
    }
    if (arena_len + n + 1 > arena_cap) {
        while (arena_len + n + 1 > arena_cap)
            arena_cap = arena_cap ? arena_cap * 2 : 1u << 20;
        arena = xrealloc(arena, arena_cap);
    }
    memcpy(arena + arena_len, s, n);
    arena[arena_len + n] = 0;
    toks[ntoks] = (Tok){(uint32_t)arena_len, (uint32_t)n, 0, flags};
    arena_len += n + 1;
    htab[j] = ntoks + 1;
    return ntoks++;
}

/* ---- token stream: id | CAPBIT ---- */
#define CAPBIT 0x80000000u
static uint32_t *stream;
static size_t nstream, stream_cap;
static void emit(uint32_t v)
{
    if (nstream == stream_cap) {
        stream_cap = stream_cap ? stream_cap * 2 : 1u << 22;
        stream = xrealloc(stream, stream_cap * sizeof *stream);
    }
    stream[nstream++] = v;
    toks[v & ~CAPBIT].count++;
}

/* Decode one code point at s[i] (bounded by n); returns length (1 for bad bytes). */
static int utf8_dec(const unsigned char *s, size_t i, size_t n, uint32_t *cp)
{
    unsigned c = s[i];
    if (c < 0x80) {
        *cp = c;
        return 1;
    }
    int len = c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : c >= 0xC0 ? 2 : 0;
    if (!len || i + (size_t)len > n) {
        *cp = 0xFFFD;
        return 1;
    }
    uint32_t v = c & (0x3Fu >> (len - 1));
    for (int k = 1; k < len; k++) {
        if ((s[i + k] & 0xC0) != 0x80) {
            *cp = 0xFFFD;
            return 1;
        }
        v = (v << 6) | (s[i + k] & 0x3F);
    }
    *cp = v;
    return len;
}

static int utf8_enc(uint32_t cp, char *o)
{
    if (cp < 0x80) {
        o[0] = (char)cp;
        return 1;
    }
    if (cp < 0x800) {
        o[0] = (char)(0xC0 | (cp >> 6));
        o[1] = (char)(0x80 | (cp & 0x3F));
        return 2;
    }
    if (cp < 0x10000) {
        o[0] = (char)(0xE0 | (cp >> 12));
        o[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
        o[2] = (char)(0x80 | (cp & 0x3F));
        return 3;
    }
    o[0] = (char)(0xF0 | (cp >> 18));
    o[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
    o[2] = (char)(0x80 | ((cp >> 6) & 0x3F));
    o[3] = (char)(0x80 | (cp & 0x3F));
    return 4;
}

/* Letter classes: 1 basic Latin, 2 basic Cyrillic, 3 other letter. 0 not a letter. */
static int letter_class(uint32_t c)
{
    if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'))
        return 1;
    if (c >= 0x400 && c <= 0x45F)
        return 2;
    if ((c >= 0xC0 && c <= 0x24F && c != 0xD7 && c != 0xF7) || (c >= 0x460 && c <= 0x52F))
        return 3;
    return 0;
}

static int is_upper(uint32_t c)
{
    return (c >= 'A' && c <= 'Z') || (c >= 0x400 && c <= 0x42F) || (c >= 0xC0 && c <= 0xDE && c != 0xD7);
}

static uint32_t lower(uint32_t c)
{
    if (c >= 'A' && c <= 'Z')
        return c + 32;
    if (c >= 0x410 && c <= 0x42F)
        return c + 0x20;
    if (c >= 0x400 && c <= 0x40F)
        c += 0x50;
    if (c >= 0xC0 && c <= 0xDE && c != 0xD7)
        return c + 0x20;
    if (c == 0x451)
        return 0x435; /* ё -> е */
    return c;
}

static uint32_t id_S, id_NUM, id_URL;

static int is_space(uint32_t c)
{
    return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == 0xA0 || c == 0x2009 || c == 0x202F ||
           c == 0x200B || c == 0xFEFF || (c >= 0x2000 && c <= 0x200A) || c == 0x3000;
}

static void tokenize_chunk(const unsigned char *s, size_t n)
{
    /* URLs, e-mails, handles */
    for (size_t i = 0; i + 2 < n; i++)
        if ((s[i] == ':' && s[i + 1] == '/' && s[i + 2] == '/') || (i == 0 && n > 4 && memcmp(s, "www.", 4) == 0) ||
            (s[i] == '@' && i > 0)) {
            emit(id_URL);
            return;
        }
    static char buf[4096];
    size_t i = 0;
    while (i < n) {
        uint32_t c;
        int l = utf8_dec(s, i, n, &c);
        int lc = letter_class(c);
        if (lc) {
            size_t bl = 0;
            int cap = is_upper(c), scripts = 0, nletters = 0;
            for (;;) {
                uint32_t d;
                int dl = utf8_dec(s, i, n, &d);
                int dc = letter_class(d);
                if (dc) {
                    scripts |= 1 << dc;
                    if (bl + 4 < sizeof buf)
                        bl += (size_t)utf8_enc(lower(d), buf + bl);
                    nletters++;
                    i += (size_t)dl;
                    continue;
                }
                if (d == 0x301 || d == 0xAD) { /* stress mark, soft hyphen */
                    i += (size_t)dl;
                    continue;
                }
                if (d == '-' && i + 1 < n) {
                    uint32_t e;
                    utf8_dec(s, i + 1, n, &e);
                    if (letter_class(e)) {
                        if (bl + 4 < sizeof buf)
                            buf[bl++] = '-';
                        i += 1;
                        continue;
                    }
                }
                break;
            }
            int ok = (scripts == (1 << 1) || scripts == (1 << 2)) && bl < 200 && nletters > 0;
            uint32_t id = intern(buf, bl, T_WORD | (ok ? T_OUT : 0));
            emit(id | (cap ? CAPBIT : 0));
            continue;
        }
        if (c >= '0' && c <= '9') {
            while (i < n) {
                uint32_t d;
                int dl = utf8_dec(s, i, n, &d);
                if (!((d >= '0' && d <= '9') ||
                      ((d == ',' || d == '.') && i + 1 < n && s[i + 1] >= '0' && s[i + 1] <= '9')))
                    break;
                i += (size_t)dl;
            }
            emit(id_NUM);
            continue;
        }
        if (c == 0x301 || c == 0xAD) {
            i += (size_t)l;
            continue;
        }
        /* punctuation / symbol: one token per code point, prefixed by \x01 */
        char pb[8];
        pb[0] = 1;
        int pl = utf8_enc(c, pb + 1);
        emit(intern(pb, (size_t)pl + 1, 0));
        i += (size_t)l;
    }
}

static void tokenize_line(const unsigned char *s, size_t n)
{
    emit(id_S);
    size_t i = 0;
    while (i < n) {
        uint32_t c;
        int l = utf8_dec(s, i, n, &c);
        if (is_space(c)) {
            i += (size_t)l;
            continue;
        }
        size_t j = i;
        while (j < n) {
            uint32_t d;
            int dl = utf8_dec(s, j, n, &d);
            if (is_space(d))
                break;
            j += (size_t)dl;
        }
        tokenize_chunk(s + i, j - i);
        i = j;
    }
}

/* ---- ordering helpers ---- */
static int cmp_tok_freq(const void *a, const void *b)
{
    const Tok *x = &toks[*(const uint32_t *)a], *y = &toks[*(const uint32_t *)b];
    if (x->count != y->count)
        return x->count > y->count ? -1 : 1;
    size_t m = x->len < y->len ? x->len : y->len;
    int r = memcmp(arena + x->off, arena + y->off, m);
    if (r)
        return r;
    return x->len < y->len ? -1 : x->len > y->len;
}

static int cmp_tok_bytes(const void *a, const void *b)
{
    const Tok *x = &toks[*(const uint32_t *)a], *y = &toks[*(const uint32_t *)b];
    size_t m = x->len < y->len ? x->len : y->len;
    int r = memcmp(arena + x->off, arena + y->off, m);
    if (r)
        return r;
    return x->len < y->len ? -1 : x->len > y->len;
}

static int cmp_int(const void *a, const void *b)
{
    int x = *(const int *)a, y = *(const int *)b;
    return (x > y) - (x < y);
}

/* Orthonormalize the d columns of the n x d row-major matrix Q (modified
 * Gram-Schmidt, twice for stability). */
static void orth_cols(float *Q, int n, int d)
{
    double *c = xmalloc((size_t)n * sizeof *c);
    for (int pass = 0; pass < 2; pass++)
        for (int k = 0; k < d; k++) {
            for (int i = 0; i < n; i++)
                c[i] = Q[(size_t)i * (size_t)d + (size_t)k];
            for (int m = 0; m < k; m++) {
                double dot = 0;
                for (int i = 0; i < n; i++)
                    dot += c[i] * Q[(size_t)i * (size_t)d + (size_t)m];
                for (int i = 0; i < n; i++)
                    c[i] -= dot * Q[(size_t)i * (size_t)d + (size_t)m];
            }
            double nn = 0;
            for (int i = 0; i < n; i++)
                nn += c[i] * c[i];
            nn = nn > 0 ? 1.0 / sqrt(nn) : 0;
            for (int i = 0; i < n; i++)
                Q[(size_t)i * (size_t)d + (size_t)k] = (float)(c[i] * nn);
        }
    free(c);
}

/* ---- spherical k-means ----
 * X: n x d row-major, unit rows.  C: k x d centroids (output, unit rows).
 * seedcand: points eligible as k-means++ seeds (the first nseed rows). */
static void sph_kmeans(const float *X, size_t n, int d, int k, int iters, size_t nseed, float *C, int *assign,
                       const char *name)
{
    float *CT = xmalloc((size_t)d * (size_t)k * sizeof *CT);
    float *best = xmalloc(n * sizeof *best);
    float *score = xmalloc((size_t)k * sizeof *score);
    double *acc = xmalloc((size_t)k * (size_t)d * sizeof *acc);
    size_t *cnt = xmalloc((size_t)k * sizeof *cnt);
    if (nseed > n)
        nseed = n;
    if (nseed < (size_t)k)
        nseed = n;
    /* k-means++ seeding among the first nseed rows (distance 1 - cos) */
    size_t first = (size_t)(rng_unit() * (double)nseed);
    memcpy(C, X + first * (size_t)d, (size_t)d * sizeof *C);
    for (size_t i = 0; i < nseed; i++)
        best[i] = -2.0f;
    for (int c = 0; c < k; c++) {
        const float *cv = C + (size_t)c * (size_t)d;
        double tot = 0;
        for (size_t i = 0; i < nseed; i++) {
            const float *x = X + i * (size_t)d;
            float s = 0;
            for (int j = 0; j < d; j++)
                s += x[j] * cv[j];
            if (s > best[i])
                best[i] = s;
            double dd = 1.0 - best[i];
            tot += dd > 0 ? dd : 0;
        }
        if (c + 1 == k)
            break;
        double r = rng_unit() * tot;
        size_t pick = nseed - 1;
        for (size_t i = 0; i < nseed; i++) {
            double dd = 1.0 - best[i];
            r -= dd > 0 ? dd : 0;
            if (r <= 0) {
                pick = i;
                break;
            }
        }
        memcpy(C + (size_t)(c + 1) * (size_t)d, X + pick * (size_t)d, (size_t)d * sizeof *C);
    }
    for (size_t i = 0; i < n; i++)
        assign[i] = -1;
    for (int it = 0; it < iters; it++) {
        for (int c = 0; c < k; c++)
            for (int j = 0; j < d; j++)
                CT[(size_t)j * (size_t)k + (size_t)c] = C[(size_t)c * (size_t)d + (size_t)j];
        size_t changed = 0;
        double obj = 0;
        for (size_t i = 0; i < n; i++) {
            const float *x = X + i * (size_t)d;
            for (int c = 0; c < k; c++)
                score[c] = 0;
            for (int j = 0; j < d; j++) {
                const float xv = x[j];
                const float *row = CT + (size_t)j * (size_t)k;
                for (int c = 0; c < k; c++)
                    score[c] += xv * row[c];
            }
            int bc = 0;
            for (int c = 1; c < k; c++)
                if (score[c] > score[bc])
                    bc = c;
            best[i] = score[bc];
            obj += score[bc];
            if (assign[i] != bc)
                changed++;
            assign[i] = bc;
        }
        /* update */
        memset(acc, 0, (size_t)k * (size_t)d * sizeof *acc);
        memset(cnt, 0, (size_t)k * sizeof *cnt);
        for (size_t i = 0; i < n; i++) {
            double *a = acc + (size_t)assign[i] * (size_t)d;
            const float *x = X + i * (size_t)d;
            for (int j = 0; j < d; j++)
                a[j] += x[j];
            cnt[assign[i]]++;
        }
        int empty = 0;
        for (int c = 0; c < k; c++) {
            if (cnt[c] == 0) {
                /* re-seed with the worst-fitting point */
                size_t w = 0;
                for (size_t i = 1; i < n; i++)
                    if (best[i] < best[w])
                        w = i;
                best[w] = 2.0f;
                memcpy(C + (size_t)c * (size_t)d, X + w * (size_t)d, (size_t)d * sizeof *C);
                empty++;
                continue;
            }
            double *a = acc + (size_t)c * (size_t)d, nn = 0;
            for (int j = 0; j < d; j++)
                nn += a[j] * a[j];
            nn = nn > 0 ? 1.0 / sqrt(nn) : 0;
            for (int j = 0; j < d; j++)
                C[(size_t)c * (size_t)d + (size_t)j] = (float)(a[j] * nn);
        }
        LOG("%s iter %d: mean cos %.4f, changed %zu, empty %d\n", name, it + 1, obj / (double)n, changed, empty);
        if (it > 0 && changed * 1000 < n && !empty)
            break;
    }
    free(CT);
    free(best);
    free(score);
    free(acc);
    free(cnt);
}

int main(int argc, char **argv)
{
    int C = 1000, D = 256, iters = 20, power = 0;
    uint64_t minc = 5, seed = 20240101;
    size_t maxv = 160000;
    const char *outpath = NULL, *show = NULL;
    for (int a = 1; a < argc; a++) {
        const char *o = argv[a];
        if (a + 1 >= argc)
            die("usage: clusters [-P steps] [-c C] [-m mincount] [-V maxvocab] [-d dims] [-i iters] [-s seed] [-o out] [-S words]");
        const char *v = argv[++a];
        if (!strcmp(o, "-c"))
            C = atoi(v);
        else if (!strcmp(o, "-m"))
            minc = strtoull(v, NULL, 10);
        else if (!strcmp(o, "-V"))
            maxv = strtoull(v, NULL, 10);
        else if (!strcmp(o, "-d"))
            D = atoi(v);
        else if (!strcmp(o, "-i"))
            iters = atoi(v);
        else if (!strcmp(o, "-s"))
            seed = strtoull(v, NULL, 10);
        else if (!strcmp(o, "-P"))
            power = atoi(v);
        else if (!strcmp(o, "-o"))
            outpath = v;
        else if (!strcmp(o, "-S"))
            show = v;
        else
            die("unknown option");
    }
    if (C < 10 || NPOS * (C + 3) > 65535 || power < 0 || D < 8 || iters < 1 || maxv < (size_t)K1)
        die("bad parameters");
    rng_state = seed;
    t0 = now();

    /* 1. tokenize */
    id_S = intern("\x01<S>", 4, 0);
    id_NUM = intern("\x01<NUM>", 6, 0);
    id_URL = intern("\x01<URL>", 6, 0);
    {
        char *line = NULL;
        size_t lcap = 0;
        ssize_t ln;
        while ((ln = getline(&line, &lcap, stdin)) > 0)
            tokenize_line((const unsigned char *)line, (size_t)ln);
        free(line);
        emit(id_S);
    }
    LOG("tokens %zu, types %u\n", nstream, ntoks);

    /* 2. vocabulary and context features */
    uint32_t *order = xmalloc(ntoks * sizeof *order);
    for (uint32_t i = 0; i < ntoks; i++)
        order[i] = i;
    qsort(order, ntoks, sizeof *order, cmp_tok_freq);
    int32_t *feat = xmalloc(ntoks * sizeof *feat); /* token -> context feature */
    int32_t *vid = xmalloc(ntoks * sizeof *vid);   /* token -> vocab index or -1 */
    const int CX = C + 3, F_RCAP = C, F_RLOW = C + 1, F_ROTH = C + 2;
    for (uint32_t i = 0; i < ntoks; i++) {
        feat[i] = (toks[i].flags & T_WORD) ? F_RLOW : F_ROTH;
        vid[i] = -1;
    }
    for (uint32_t r = 0; r < ntoks && r < (uint32_t)C; r++)
        feat[order[r]] = (int32_t)r;
    uint32_t *vocab = xmalloc(maxv * sizeof *vocab);
    size_t V = 0;
    for (uint32_t r = 0; r < ntoks && V < maxv; r++) {
        Tok *t = &toks[order[r]];
        if (t->count < minc)
            break;
        if (t->flags & T_OUT) {
            vid[order[r]] = (int32_t)V;
            vocab[V++] = order[r];
        }
    }
    if (V < (size_t)K1)
        die("vocabulary too small");
    LOG("vocabulary %zu (min count %llu, last %llu), context features %d x %d\n", V, (unsigned long long)minc,
        (unsigned long long)toks[vocab[V - 1]].count, NPOS, CX);

    /* feature marginals, smoothed */
    double *pf = xcalloc((size_t)CX, sizeof *pf);
    for (size_t i = 0; i < nstream; i++) {
        uint32_t t = stream[i];
        int32_t f = feat[t & ~CAPBIT];
        if (f == F_RLOW && (t & CAPBIT))
            f = F_RCAP;
        pf[f] += 1;
    }
    {
        double z = 0;
        for (int f = 0; f < CX; f++)
            z += (pf[f] = pow(pf[f], 0.75));
        for (int f = 0; f < CX; f++)
            pf[f] = pf[f] > 0 ? log(pf[f] / z) : 0;
    }

    /* occurrence lists */
    size_t *vo = xcalloc(V + 1, sizeof *vo);
    for (size_t i = 0; i < nstream; i++) {
        int32_t v = vid[stream[i] & ~CAPBIT];
        if (v >= 0)
            vo[v + 1]++;
    }
    for (size_t v = 0; v < V; v++)
        vo[v + 1] += vo[v];
    uint32_t *occ = xmalloc(vo[V] * sizeof *occ);
    {
        size_t *fill = xmalloc(V * sizeof *fill);
        memcpy(fill, vo, V * sizeof *fill);
        for (size_t i = 0; i < nstream; i++) {
            int32_t v = vid[stream[i] & ~CAPBIT];
            if (v >= 0)
                occ[fill[v]++] = (uint32_t)i;
        }
        free(fill);
    }

    /* 3. PPMI rows (sparse, unit L2), then D dims by random projection or by
     *    a truncated SVD (randomized subspace iteration, -P steps). */
    const int NF = NPOS * CX;
    size_t *rp = xmalloc((V + 1) * sizeof *rp), nnz = 0, ncap = 1u << 24;
    uint16_t *col = xmalloc(ncap * sizeof *col);
    float *val = xmalloc(ncap * sizeof *val);
    uint32_t *cntf = xcalloc((size_t)NF, sizeof *cntf);
    int *touched = xmalloc((size_t)NF * sizeof *touched);
    static const int rel[NPOS] = {-2, -1, 1, 2};
    rp[0] = 0;
    for (size_t v = 0; v < V; v++) {
        int nt = 0;
        double rows[NPOS] = {0};
        for (size_t o = vo[v]; o < vo[v + 1]; o++) {
            size_t i = occ[o];
            for (int p = 0; p < NPOS; p++) {
                /* walk outwards, stopping at the line boundary */
                size_t j = i;
                int step = rel[p] < 0 ? -1 : 1, dist = rel[p] < 0 ? -rel[p] : rel[p];
                for (int s = 0; s < dist; s++) {
                    if (step < 0 ? j == 0 : j + 1 >= nstream)
                        break;
                    j = step < 0 ? j - 1 : j + 1;
                    if (stream[j] == id_S)
                        break;
                }
                uint32_t t = stream[j];
                int32_t f = feat[t & ~CAPBIT];
                if (f == F_RLOW && (t & CAPBIT))
                    f = F_RCAP;
                int fi = p * CX + f;
                if (!cntf[fi]++)
                    touched[nt++] = fi;
                rows[p] += 1;
            }
        }
        qsort(touched, (size_t)nt, sizeof *touched, cmp_int);
        if (nnz + (size_t)nt > ncap) {
            while (nnz + (size_t)nt > ncap)
                ncap *= 2;
            col = xrealloc(col, ncap * sizeof *col);
            val = xrealloc(val, ncap * sizeof *val);
        }
        size_t start = nnz;
        double nn = 0;
        for (int q = 0; q < nt; q++) {
            int fi = touched[q];
            int p = fi / CX, f = fi % CX;
            double pmi = log((double)cntf[fi] / rows[p]) - pf[f];
            cntf[fi] = 0;
            if (pmi <= 0)
                continue;
            col[nnz] = (uint16_t)fi;
            val[nnz++] = (float)pmi;
            nn += pmi * pmi;
        }
        nn = nn > 0 ? 1.0 / sqrt(nn) : 0;
        for (size_t q = start; q < nnz; q++)
            val[q] = (float)(val[q] * nn);
        rp[v + 1] = nnz;
    }
    free(cntf);
    free(touched);
    free(occ);
    LOG("PPMI rows: %zu nonzeros\n", nnz);

    float *Q = xmalloc((size_t)NF * (size_t)D * sizeof *Q); /* NF x D */
    {
        const float s = 1.0f / sqrtf((float)D);
        for (size_t i = 0; i < (size_t)NF * (size_t)D; i++)
            Q[i] = (rng_next() >> 63) ? s : -s;
    }
    float *X = xmalloc(V * (size_t)D * sizeof *X);
    for (int it = 0; it <= power; it++) {
        if (power > 0)
            orth_cols(Q, NF, D);
        /* X = A Q */
        for (size_t v = 0; v < V; v++) {
            float *y = X + v * (size_t)D;
            memset(y, 0, (size_t)D * sizeof *y);
            for (size_t q = rp[v]; q < rp[v + 1]; q++) {
                const float w = val[q], *r = Q + (size_t)col[q] * (size_t)D;
                for (int j = 0; j < D; j++)
                    y[j] += w * r[j];
            }
        }
        if (it == power)
            break;
        /* Q = A^T X */
        memset(Q, 0, (size_t)NF * (size_t)D * sizeof *Q);
        for (size_t v = 0; v < V; v++) {
            const float *y = X + v * (size_t)D;
            for (size_t q = rp[v]; q < rp[v + 1]; q++) {
                const float w = val[q];
                float *r = Q + (size_t)col[q] * (size_t)D;
                for (int j = 0; j < D; j++)
                    r[j] += w * y[j];
            }
        }
        LOG("subspace iteration %d\n", it + 1);
    }
    for (size_t v = 0; v < V; v++) {
        float *y = X + v * (size_t)D;
        double nn = 0;
        for (int j = 0; j < D; j++)
            nn += (double)y[j] * y[j];
        nn = nn > 0 ? 1.0 / sqrt(nn) : 0;
        for (int j = 0; j < D; j++)
            y[j] = (float)(y[j] * nn);
    }
    free(Q);
    free(rp);
    free(col);
    free(val);
    LOG("vectors done (%d dims, %s)\n", D, power > 0 ? "truncated SVD" : "random projection");

    /* 4. clustering: K1 over words, K2 over K1 centroids, K3 over K2 centroids */
    float *C1 = xmalloc((size_t)K1 * (size_t)D * sizeof *C1);
    float *C2 = xmalloc((size_t)K2 * (size_t)D * sizeof *C2);
    float *C3 = xmalloc((size_t)K3 * (size_t)D * sizeof *C3);
    int *a1 = xmalloc(V * sizeof *a1), a2[K1], a3[K2];
    sph_kmeans(X, V, D, K1, iters, V < 30000 ? V : 30000, C1, a1, "k1024");
    sph_kmeans(C1, K1, D, K2, 50, K1, C2, a2, "k256");
    sph_kmeans(C2, K2, D, K3, 50, K2, C3, a3, "k64");

    /* renumber so that children of one parent are contiguous */
    int n3[K3], n2[K2], n1[K1];
    for (int c = 0; c < K3; c++)
        n3[c] = -1;
    int next = 0;
    /* level-3 ids: order of first appearance over frequency-ordered words */
    for (size_t v = 0; v < V; v++) {
        int c3 = a3[a2[a1[v]]];
        if (n3[c3] < 0)
            n3[c3] = next++;
    }
    for (int c = 0; c < K3; c++)
        if (n3[c] < 0)
            n3[c] = next++;
    next = 0;
    for (int p = 0; p < K3; p++)
        for (int c = 0; c < K2; c++)
            if (n3[a3[c]] == p)
                n2[c] = next++;
    next = 0;
    for (int p = 0; p < K2; p++)
        for (int c = 0; c < K1; c++)
            if (n2[a2[c]] == p)
                n1[c] = next++;

    /* 5. output sorted by bytes */
    {
        uint32_t *sorted = xmalloc(V * sizeof *sorted);
        memcpy(sorted, vocab, V * sizeof *sorted);
        qsort(sorted, V, sizeof *sorted, cmp_tok_bytes);
        FILE *out = outpath ? fopen(outpath, "w") : stdout;
        if (!out)
            die("cannot open output");
        for (size_t i = 0; i < V; i++) {
            int v = vid[sorted[i]], c1 = a1[v];
            fprintf(out, "%s\t%d\t%d\t%d\n", arena + toks[sorted[i]].off, n3[a3[a2[c1]]], n2[a2[c1]], n1[c1]);
        }
        if (ferror(out) || (outpath && fclose(out)))
            die("write error");
        free(sorted);
    }
    LOG("wrote %zu words\n", V);

    /* sanity display */
    if (show) {
        char *dup = strdup(show), *sv = NULL;
        for (char *w = strtok_r(dup, ",", &sv); w; w = strtok_r(NULL, ",", &sv)) {
            uint32_t id = ntoks;
            for (uint32_t j = (uint32_t)hash_bytes(w, strlen(w)) & (hcap - 1); htab[j]; j = (j + 1) & (hcap - 1))
                if (toks[htab[j] - 1].len == strlen(w) && !memcmp(arena + toks[htab[j] - 1].off, w, strlen(w))) {
                    id = htab[j] - 1;
                    break;
                }
            int v = id < ntoks ? vid[id] : -1;
            if (v < 0) {
                fprintf(stderr, "%s: not in vocabulary\n", w);
                continue;
            }
            int c1 = a1[v], c2 = a2[c1];
            fprintf(stderr, "\n%s  c64=%d c256=%d c1024=%d\n  1024:", w, n3[a3[c2]], n2[c2], n1[c1]);
            int shown = 0;
            for (size_t u = 0; u < V && shown < 25; u++)
                if (a1[u] == c1)
                    fprintf(stderr, " %s", arena + toks[vocab[u]].off), shown++;
            fprintf(stderr, "\n  256:");
            shown = 0;
            for (size_t u = 0; u < V && shown < 25; u++)
                if (a2[a1[u]] == c2 && a1[u] != c1)
                    fprintf(stderr, " %s", arena + toks[vocab[u]].off), shown++;
            fprintf(stderr, "\n");
        }
        free(dup);
    }
    return 0;
}

/*
 * model.c — the NER model file: writing, validating, mapping.
 *
 * The file is mapped, or read whole into memory in huge pages
 * (FAKT_OPEN_HUGE_PAGES, fakt_map_huge in src/core/file.c), and every
 * array in it is used as it lies there; the loader therefore checks
 * everything an array access could trust (sizes, alignment, powers of two,
 * finite transition scores) before handing out the model, and a checksum
 * over the whole file catches bit rot and truncation that keep the
 * structure plausible.
 *
 * Layout (all integers little-endian; hosts of the other order are refused):
 *
 *   0   magic "FAKTNER\0"              8 bytes
 *   8   u32 format version
 *   12  u32 number of sections (<= 16)
 *   16  u64 file size
 *   24  u32 nbits (weight rows = 2^nbits, 10..26)
 *   28  u32 feature-set version (must equal FAKT_NER_FEATSET of the reader)
 *   32  u32 entity labels (13), u32 profession labels (3)
 *   40  f32 weight scale, u32 reserved, 16 bytes reserved (zero)
 *   64  section table: per section {u32 id, u32 0, u64 offset, u64 size}
 *   ... sections, each at a 16-byte aligned offset (64 from this writer)
 *   end-16: u64 checksum of bytes [0, end-16), then "FAKTEND\0"
 *
 * Sections: 1 weights (int16, rows x 16: 13 entity (BILOU) + 3 profession
 * (BIO) labels), 2 entity transitions (f32 (13+1) x 13, first row from the start), 3
 * profession transitions (f32 (3+1) x 3), 4 word clusters, 5 gazetteer,
 * 6 LOC subtypes — the last three open-addressing tables of (u32 key, u32
 * value) pairs, capacity a power of two (or empty) —, 7 the word table
 * (words.c; may be empty) and 8 the silver statistics (silver.c; a table
 * like 4-6, may be empty).
 *
 * Version history:
 *   1 — first format (this file).  Readers refuse versions above theirs.
 *       The label counts and the feature-set version are header fields, so
 *       files written before the entity chain moved from BIO (7 labels) to
 *       BILOU (13), or with other features, are refused by those checks.
 *   2 — section 7, the word table (precomputed token-local features of
 *       frequent forms).  Version 1 files still load (without one).
 *   3 — section 8, silver statistics.  Older files load without it.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <fcntl.h>
#include <unistd.h>

#include "nerint.h"

#define MODEL_VERSION 3u
#define HDR_SIZE 64u
#define MAX_SECT 16u
#define TRAILER 16u

enum { S_WEIGHTS = 1, S_TRANS_E, S_TRANS_P, S_LEX, S_GAZ, S_SUB, S_WORDS, S_SILV, S_LAST };

static const char magic[8] = {'F', 'A', 'K', 'T', 'N', 'E', 'R', 0};
static const char endmagic[8] = {'F', 'A', 'K', 'T', 'E', 'N', 'D', 0};

static uint32_t rd32(const unsigned char *p)
{
    return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

static uint64_t rd64(const unsigned char *p) { return rd32(p) | (uint64_t)rd32(p + 4) << 32; }

static int host_little(void)
{
    uint16_t x = 1;
    unsigned char c;
    memcpy(&c, &x, 1);
    return c == 1;
}

/* A fast 64-bit checksum: four multiply-rotate lanes over 8-byte words.
 * Each step is a bijection of its lane, so any single changed word changes
 * the result; it runs at memory speed so a 20 MB model loads in a few ms. */
uint64_t fakt_ner_checksum(const unsigned char *p, size_t n)
{
    const uint64_t k = 0x9E3779B97F4A7C15ull;
    uint64_t l[4] = {1, 2, 3, 4};
    size_t i = 0;
    for (; i + 32 <= n; i += 32)
        for (int j = 0; j < 4; j++) {
            uint64_t w;
            memcpy(&w, p + i + 8 * j, 8);
            l[j] = (l[j] ^ w) * k;
            l[j] = (l[j] << 29) | (l[j] >> 35);
        }
    uint64_t h = n * k;
    for (; i < n; i++)
        h = (h ^ p[i]) * 0x100000001B3ull;
    for (int j = 0; j < 4; j++) {
        h ^= l[j];
        h *= k;
        h ^= h >> 31;
    }
    return h;
}

uint32_t fakt_ner_key(uint64_t hash)
{
    uint32_t k = (uint32_t)(hash >> 32) ^ (uint32_t)hash;
    return k ? k : 1;
}

uint32_t fakt_ner_table_get(const fakt_ner_table *t, uint64_t hash)
{
    if (!t->slots)
        return 0;
    uint32_t key = fakt_ner_key(hash);
    uint32_t i = key & t->mask; /* home slot from the key, so builders can rehash */
    for (uint32_t probe = 0; probe <= t->mask; probe++) {
        uint32_t k = t->slots[2 * i];
        if (k == key)
            return t->slots[2 * i + 1];
        if (k == 0)
            return 0;
        i = (i + 1) & t->mask;
    }
    return 0;
}

/* ---- loading ---------------------------------------------------------- */

int fakt_ner_model_from_bytes(const unsigned char *p, size_t n, fakt_model *m,
                              fakt_error *err)
{
    const unsigned char *sect[S_LAST] = {0};
    uint64_t ssize[S_LAST] = {0};
    memset(m, 0, sizeof *m);
    if (!host_little())
        return fakt_err(err, FAKT_EFORMAT, "NER model: big-endian hosts are not supported");
    if (n < HDR_SIZE + TRAILER || memcmp(p, magic, 8) != 0)
        return fakt_err(err, FAKT_EFORMAT, "NER model: not a fakt NER model (bad magic or too short: %zu bytes)", n);
    uint32_t version = rd32(p + 8);
    if (version > MODEL_VERSION)
        return fakt_err(err, FAKT_EFORMAT,
                        "NER model: format version %u is newer than this build reads (%u); upgrade fakt",
                        version, MODEL_VERSION);
    if (version == 0)
        return fakt_err(err, FAKT_EFORMAT, "NER model: bad format version 0");
    if (rd64(p + 16) != n)
        return fakt_err(err, FAKT_EFORMAT,
                        "NER model: file is %zu bytes but its header says %llu (truncated or appended to)",
                        n, (unsigned long long)rd64(p + 16));
    if (memcmp(p + n - 8, endmagic, 8) != 0)
        return fakt_err(err, FAKT_EFORMAT, "NER model: trailer missing (truncated file)");
    if (rd64(p + n - TRAILER) != fakt_ner_checksum(p, n - TRAILER))
        return fakt_err(err, FAKT_EFORMAT, "NER model: checksum mismatch (corrupt file)");
    uint32_t nsect = rd32(p + 12), nbits = rd32(p + 24), featset = rd32(p + 28);
    if (nsect > MAX_SECT || HDR_SIZE + (size_t)nsect * 24 > n - TRAILER)
        return fakt_err(err, FAKT_EFORMAT, "NER model: bad section count %u", nsect);
    if (nbits < 10 || nbits > 26)
        return fakt_err(err, FAKT_EFORMAT, "NER model: bad table size 2^%u", nbits);
    if (rd32(p + 32) != FAKT_NER_NE || rd32(p + 36) != FAKT_NER_NP)
        return fakt_err(err, FAKT_EFORMAT, "NER model: label sets %u/%u, this build expects %u/%u",
                        rd32(p + 32), rd32(p + 36), FAKT_NER_NE, FAKT_NER_NP);
    if (featset != FAKT_NER_FEATSET)
        return fakt_err(err, FAKT_EFORMAT,
                        "NER model: trained with feature set %u, this build extracts set %u; retrain (make model)",
                        featset, FAKT_NER_FEATSET);
    float scale;
    memcpy(&scale, p + 40, 4);
    if (!isfinite(scale) || scale < 0)
        return fakt_err(err, FAKT_EFORMAT, "NER model: bad weight scale");
    size_t data0 = HDR_SIZE + (size_t)nsect * 24;
    for (uint32_t i = 0; i < nsect; i++) {
        const unsigned char *e = p + HDR_SIZE + (size_t)i * 24;
        uint32_t id = rd32(e);
        uint64_t off = rd64(e + 8), sz = rd64(e + 16);
        if (id == 0 || id >= S_LAST || sect[id])
            return fakt_err(err, FAKT_EFORMAT, "NER model: bad or repeated section id %u", id);
        if (off < data0 || off > n - TRAILER || sz > n - TRAILER - off || off % 16)
            return fakt_err(err, FAKT_EFORMAT, "NER model: section %u out of bounds", id);
        if (((uintptr_t)(p + off)) % 4)
            return fakt_err(err, FAKT_EFORMAT, "NER model: section %u misaligned in memory", id);
        sect[id] = p + off;
        ssize[id] = sz;
    }
    uint64_t rows = (uint64_t)1 << nbits;
    if (!sect[S_WEIGHTS] || ssize[S_WEIGHTS] != rows * FAKT_NER_NL * 2)
        return fakt_err(err, FAKT_EFORMAT, "NER model: weight section missing or of wrong size");
    if (!sect[S_TRANS_E] || ssize[S_TRANS_E] != (FAKT_NER_NE + 1) * FAKT_NER_NE * 4 ||
        !sect[S_TRANS_P] || ssize[S_TRANS_P] != (FAKT_NER_NP + 1) * FAKT_NER_NP * 4)
        return fakt_err(err, FAKT_EFORMAT, "NER model: transition section missing or of wrong size");
    const float *te = (const float *)sect[S_TRANS_E], *tp = (const float *)sect[S_TRANS_P];
    for (int i = 0; i < (FAKT_NER_NE + 1) * FAKT_NER_NE; i++)
        if (!isfinite(te[i]))
            return fakt_err(err, FAKT_EFORMAT, "NER model: non-finite transition score");
    for (int i = 0; i < (FAKT_NER_NP + 1) * FAKT_NER_NP; i++)
        if (!isfinite(tp[i]))
            return fakt_err(err, FAKT_EFORMAT, "NER model: non-finite transition score");
    fakt_ner_table *tabs[4] = {&m->lex, &m->gaz, &m->sub, &m->silv};
    static const int tsect[4] = {S_LEX, S_GAZ, S_SUB, S_SILV};
    for (int t = 0; t < 4; t++) {
        uint64_t sz = ssize[tsect[t]];
        if (!sect[tsect[t]] || sz == 0)
            continue;
        uint64_t cap = sz / 8;
        if (sz % 8 || (cap & (cap - 1)) || cap > ((uint64_t)1 << 30))
            return fakt_err(err, FAKT_EFORMAT, "NER model: table section %d of bad size", tsect[t]);
        tabs[t]->slots = (const uint32_t *)sect[tsect[t]];
        tabs[t]->mask = (uint32_t)(cap - 1);
    }
    if (sect[S_WORDS]) {
        int rc = fakt_ner_words_open(sect[S_WORDS], ssize[S_WORDS], m, err);
        if (rc != FAKT_OK)
            return rc;
    }
    m->nbits = nbits;
    m->mask = (uint32_t)(rows - 1);
    m->featset = featset;
    m->w = (const int16_t *)sect[S_WEIGHTS];
    m->scale = scale;
    m->trans_e = te;
    m->trans_p = tp;
    return FAKT_OK;
}

/* Where the file should start in memory so that its weight section lands on
 * a 64-byte boundary: a 32-byte row then never straddles two cache lines
 * (half of them did in files whose weights sit at 16 mod 64, costing a
 * second miss per feature).  Read from the header before validation, so
 * only a hint: nonsense gives 0, and the loader refuses the file anyway. */
static size_t weight_shift(int fd)
{
    unsigned char h[HDR_SIZE + MAX_SECT * 24];
    ssize_t got = pread(fd, h, sizeof h, 0);
    if (got < (ssize_t)HDR_SIZE || memcmp(h, magic, 8) != 0)
        return 0;
    uint32_t nsect = rd32(h + 12);
    for (uint32_t i = 0; i < nsect && i < MAX_SECT && HDR_SIZE + (i + 1) * 24 <= (size_t)got; i++)
        if (rd32(h + HDR_SIZE + i * 24) == S_WEIGHTS)
            return (64 - (size_t)(rd64(h + HDR_SIZE + i * 24 + 8) % 64)) % 64;
    return 0;
}

int fakt_model_open(const char *path, fakt_model **out, fakt_error *err)
{
    return fakt_model_open_flags(path, 0, out, err);
}

/* With FAKT_OPEN_HUGE_PAGES the file is read into anonymous memory in huge
 * pages rather than mapped (fakt_map_huge): the tagger reads weight rows
 * at random all over a table of several MB, and with 4 KB pages nearly
 * every row read missed the TLB too (a page walk per feature, a third of
 * the tagger's time).  A mapped file's sections lie on 64-byte boundaries
 * as the writer put them. */
int fakt_model_open_flags(const char *path, unsigned flags, fakt_model **out, fakt_error *err)
{
    if (!out || !path)
        return fakt_err(err, FAKT_EINVAL, "fakt_model_open: NULL argument");
    *out = NULL;
    fakt_model *m = calloc(1, sizeof *m);
    if (!m)
        return fakt_err(err, FAKT_ENOMEM, "out of memory");
    fakt_map map;
    const unsigned char *bytes = NULL;
    size_t n = 0;
    size_t shift = 0;
    int huge = (flags & FAKT_OPEN_HUGE_PAGES) != 0, fd = huge ? open(path, O_RDONLY) : -1;
    if (fd >= 0)
        shift = weight_shift(fd), close(fd);
    int rc = fakt_map_load(path, huge, shift, &map, &bytes, &n, err);
    if (rc != FAKT_OK) {
        free(m);
        return rc;
    }
    if ((rc = fakt_ner_model_from_bytes(bytes, n, m, err)) != FAKT_OK) {
        /* Name the file: the library's message alone does not say which. */
        if (err) {
            char tmp[sizeof err->msg];
            snprintf(tmp, sizeof tmp, "%s", err->msg);
            fakt_err(err, rc, "%s: %s", path, tmp);
        }
        fakt_unmap(&map);
        free(m);
        return rc;
    }
    m->map = map;
    *out = m;
    return FAKT_OK;
}

void fakt_model_free(fakt_model *m)
{
    if (!m)
        return;
    fakt_unmap(&m->map);
    free(m);
}

/* ---- writing ---------------------------------------------------------- */

static void put32(unsigned char *p, uint32_t v)
{
    for (int i = 0; i < 4; i++)
        p[i] = (unsigned char)(v >> (8 * i));
}

static void put64(unsigned char *p, uint64_t v)
{
    put32(p, (uint32_t)v);
    put32(p + 4, (uint32_t)(v >> 32));
}

int fakt_ner_model_write(const char *path, const fakt_ner_blob *b, fakt_error *err)
{
    if (!host_little())
        return fakt_err(err, FAKT_EFORMAT, "big-endian hosts are not supported");
    size_t rows = (size_t)1 << b->nbits;
    size_t nw = rows * FAKT_NER_NL;
    const void *data[S_LAST] = {0};
    size_t size[S_LAST] = {0};
    int16_t *q = malloc(nw * sizeof *q);
    if (!q)
        return fakt_err(err, FAKT_ENOMEM, "out of memory");
    /* Quantize to int16 with one scale: the largest weight maps to 16383.
     * 15 bits keep four significant digits, ample for perceptron weights,
     * and the spare bit is headroom for the word table's int16 side sums
     * (words.c): at 32767, a fifth of the words lost theirs to overflow. */
    float mx = 0;
    for (size_t i = 0; i < nw; i++)
        if (fabsf(b->w[i]) > mx)
            mx = fabsf(b->w[i]);
    float scale = mx > 0 ? mx / 16383.0f : 1.0f;
    for (size_t i = 0; i < nw; i++)
        q[i] = (int16_t)lrintf(b->w[i] / scale);
    data[S_WEIGHTS] = q, size[S_WEIGHTS] = nw * 2;
    data[S_TRANS_E] = b->trans_e, size[S_TRANS_E] = (FAKT_NER_NE + 1) * FAKT_NER_NE * 4;
    data[S_TRANS_P] = b->trans_p, size[S_TRANS_P] = (FAKT_NER_NP + 1) * FAKT_NER_NP * 4;
    data[S_LEX] = b->lex, size[S_LEX] = (size_t)b->lex_cap * 8;
    data[S_GAZ] = b->gaz, size[S_GAZ] = (size_t)b->gaz_cap * 8;
    data[S_SUB] = b->sub, size[S_SUB] = (size_t)b->sub_cap * 8;
    data[S_WORDS] = b->words, size[S_WORDS] = b->words ? b->words_size : 0;
    data[S_SILV] = b->silv, size[S_SILV] = b->silv ? (size_t)b->silv_cap * 8 : 0;
    /* Sections at 64-byte offsets: the loader puts the file's weight
     * section on a cache-line boundary, and then every 32-byte row is
     * within one line (the format itself asks only for 16). */
    uint32_t nsect = S_LAST - 1;
    size_t off = HDR_SIZE + nsect * 24;
    off = (off + 63) & ~(size_t)63;
    size_t offs[S_LAST];
    for (int s = 1; s < S_LAST; s++) {
        offs[s] = off;
        off += size[s];
        off = (off + 63) & ~(size_t)63;
    }
    size_t total = off + TRAILER;
    unsigned char *buf = calloc(1, total);
    if (!buf) {
        free(q);
        return fakt_err(err, FAKT_ENOMEM, "out of memory");
    }
    memcpy(buf, magic, 8);
    put32(buf + 8, MODEL_VERSION);
    put32(buf + 12, nsect);
    put64(buf + 16, total);
    put32(buf + 24, b->nbits);
    put32(buf + 28, b->featset);
    put32(buf + 32, FAKT_NER_NE);
    put32(buf + 36, FAKT_NER_NP);
    memcpy(buf + 40, &scale, 4);
    for (int s = 1; s < S_LAST; s++) {
        unsigned char *e = buf + HDR_SIZE + (size_t)(s - 1) * 24;
        put32(e, (uint32_t)s);
        put64(e + 8, offs[s]);
        put64(e + 16, size[s]);
        if (size[s])
            memcpy(buf + offs[s], data[s], size[s]);
    }
    put64(buf + total - TRAILER, fakt_ner_checksum(buf, total - TRAILER));
    memcpy(buf + total - 8, endmagic, 8);
    free(q);
    char tmp[4096];
    snprintf(tmp, sizeof tmp, "%s.tmp", path);
    FILE *f = fopen(tmp, "wb");
    if (!f) {
        free(buf);
        return fakt_err(err, FAKT_EIO, "cannot write %s", tmp);
    }
    int bad = fwrite(buf, 1, total, f) != total;
    bad |= fclose(f) != 0;
    free(buf);
    if (bad || rename(tmp, path) != 0) {
        unlink(tmp);
        return fakt_err(err, FAKT_EIO, "cannot write %s", path);
    }
    return FAKT_OK;
}

/* ---- build-time tables ------------------------------------------------- */

static int htab_grow(fakt_ner_htab *h)
{
    uint32_t ncap = h->cap ? h->cap * 2 : 1024;
    uint32_t *ns = calloc((size_t)ncap * 2, sizeof *ns);
    if (!ns)
        return FAKT_ENOMEM;
    for (uint32_t i = 0; i < h->cap; i++) {
        uint32_t k = h->slots[2 * i];
        if (!k)
            continue;
        uint32_t j = k & (ncap - 1);
        while (ns[2 * j])
            j = (j + 1) & (ncap - 1);
        ns[2 * j] = k;
        ns[2 * j + 1] = h->slots[2 * i + 1];
    }
    free(h->slots);
    h->slots = ns;
    h->cap = ncap;
    return FAKT_OK;
}

int fakt_ner_htab_put(fakt_ner_htab *h, uint64_t hash, uint32_t val, int or_bits)
{
    if ((h->n + 1) * 2 > h->cap && htab_grow(h) != FAKT_OK)
        return FAKT_ENOMEM;
    uint32_t key = fakt_ner_key(hash);
    uint32_t j = key & (h->cap - 1);
    while (h->slots[2 * j] && h->slots[2 * j] != key)
        j = (j + 1) & (h->cap - 1);
    if (!h->slots[2 * j]) {
        h->slots[2 * j] = key;
        h->n++;
        h->slots[2 * j + 1] = val;
    } else {
        h->slots[2 * j + 1] = or_bits ? (h->slots[2 * j + 1] | val) : val;
    }
    return FAKT_OK;
}

uint32_t fakt_ner_htab_get(const fakt_ner_htab *h, uint64_t hash)
{
    if (!h->cap)
        return 0;
    fakt_ner_table t = {h->slots, h->cap - 1};
    return fakt_ner_table_get(&t, hash);
}

void fakt_ner_htab_free(fakt_ner_htab *h)
{
    free(h->slots);
    memset(h, 0, sizeof *h);
}

/*
 * hot.c — the hot table: finished parse lists of frequent words, looked up
 * before the analysis cascade (data/dict/fakt-hot.fkd, fakt's own format).
 *
 * Most running words of news text are a few ten thousand frequent forms,
 * and each costs the cascade a couple of thousand instructions (DAWG walks
 * for the word, its payloads, P(t|w) per parse).  The table holds, for the
 * words of a list (models/clusters.tsv and models/forms.tsv: 169k words of
 * unlabeled news), the
 * very parse list fakt_morph_parse computes, keyed by the prepared word:
 * the lowercase CP1251 bytes the cascade itself reads.  The cascade's
 * result depends only on those bytes (they determine the code points
 * exactly when no character fell outside CP1251, the only case looked up)
 * and on the one-uppercase-letter initial flag (never looked up), so a hit
 * is the slow path's answer by construction; tests/test_morph.c checks
 * every word of the table against the cascade anyway.
 *
 * The table is built by tools/fakt-dictc.c (make hotdict) from the
 * dictionary it belongs to; its header names that dictionary (a
 * fingerprint of meta.json, the file sizes and the analyser version,
 * MD_ALGO), and a table built for another one is refused.  Without the
 * file the analyser works the same, only slower.
 *
 * File layout (little-endian, sections 8-byte aligned):
 *
 *   header, 64 bytes
 *      0  magic "fakthot\0"
 *      8  u32 format version        12  u32 header size (64)
 *     16  u64 dictionary fingerprint (fakt_dict.fp)
 *     24  u64 file size             32  u32 slot count (power of two)
 *     36  u32 word count            40  u32 data size (bytes)
 *     44  u32 record size (20)      48  u32 slots offset
 *     52  u32 data offset           56  u64 reserved, 0
 *   slots: per slot u32 hash (0 = empty), u32 offset of its entry in data
 *   data: per word u8 key length (| 0x80 when the word is one uppercase
 *         letter, which also reads as an initial), u8 parse count, the key, zero padding to
 *         a multiple of 4, then the parses, 20 bytes each:
 *            0 u32 para   4 u16 form   6 u16 tag   8 f32 score
 *           12 u8 kind   13 u8 fixed  14 u8 suffix 15 u8 0  16 u32 yo
 *   trailer: u64 checksum (md_hash64) of everything before it
 *
 * Open addressing with linear probing over the key hash; the load factor
 * is at most one half.  Words whose parses need more than a record holds
 * (two cores, ё beyond the 32nd letter, aux) or longer than 127 letters
 * are left to the cascade.
 *
 * Loading maps the file, checks the header and section bounds and the
 * checksum (one pass over the file, about 1 ms for 10 MB); lookups
 * bounds-check every entry they read (offsets, key, records, ids against
 * the dictionary), so even a table with a forged checksum cannot lead a
 * reader astray — a bad entry reads as a miss.
 *
 * Version history:
 *   1  first version.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "morph/mint.h"

#define HOT_VERSION 1
#define HOT_HEADER 64
#define HOT_REC 20
#define HOT_INITIAL 0x80 /* key length flag: the word is one uppercase letter */
static const char hot_magic[8] = {'f', 'a', 'k', 't', 'h', 'o', 't', 0};

/* ---- little-endian access ---------------------------------------------- */

static inline uint32_t rd32(const uint8_t *p)
{
    return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

static inline uint64_t rd64(const uint8_t *p)
{
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
    uint64_t v; /* one load where the host agrees with the file */
    memcpy(&v, p, 8);
    return v;
#else
    return (uint64_t)rd32(p) | (uint64_t)rd32(p + 4) << 32;
#endif
}

static inline uint16_t rd16(const uint8_t *p)
{
    return (uint16_t)(p[0] | p[1] << 8);
}

static void wr32(uint8_t *p, uint32_t v)
{
    for (int i = 0; i < 4; i++)
        p[i] = (uint8_t)(v >> (8 * i));
}

static void wr64(uint8_t *p, uint64_t v)
{
    wr32(p, (uint32_t)v);
    wr32(p + 4, (uint32_t)(v >> 32));
}

static void wr16(uint8_t *p, uint16_t v)
{
    p[0] = (uint8_t)v;
    p[1] = (uint8_t)(v >> 8);
}

/* ---- hashing ------------------------------------------------------------ */

#define P1 0x9E3779B97F4A7C15ull
#define P2 0xC2B2AE3D27D4EB4Full

static inline uint64_t mix64(uint64_t h)
{
    h ^= h >> 33;
    h *= P2;
    h ^= h >> 29;
    return h;
}

uint64_t fakt_md_hash64(const void *data, size_t n, uint64_t seed)
{
    /* four independent lanes of 8-byte words, so the multiplies overlap */
    const uint8_t *p = data;
    uint64_t h0 = seed ^ P1, h1 = seed + P2, h2 = ~seed, h3 = seed * P1 + 1;
    size_t i = 0;
#define LANE(h, o) (h ^= rd64(p + i + (o)), h = (h << 31 | h >> 33) * P1)
    for (; i + 32 <= n; i += 32) {
        LANE(h0, 0);
        LANE(h1, 8);
        LANE(h2, 16);
        LANE(h3, 24);
    }
#undef LANE
    uint64_t h[4] = {h0, h1, h2, h3};
    uint64_t r = (uint64_t)n * P2;
    for (int k = 0; k < 4; k++)
        r = (r ^ mix64(h[k])) * P1;
    for (; i + 8 <= n; i += 8)
        r = (r ^ rd64(p + i)) * P2;
    for (; i < n; i++)
        r = (r ^ p[i]) * P1;
    return mix64(r);
}

/* The key hash of k[0..n) with tag = n | 0x80 for an initial (see
 * HOT_INITIAL): never 0 (0 marks an empty slot). */
static inline uint32_t key_hash(const uint8_t *k, size_t n, unsigned tag)
{
    uint64_t h = (uint64_t)(tag + 1) * P1;
    size_t i = 0;
    for (; i + 8 <= n; i += 8) {
        h = (h ^ rd64(k + i)) * P1;
        h ^= h >> 32;
    }
    uint64_t t = 0;
    for (size_t s = 0; i < n; i++, s += 8)
        t |= (uint64_t)k[i] << s;
    h = (h ^ t) * P2;
    h ^= h >> 29;
    uint32_t r = (uint32_t)(h >> 32);
    return r ? r : 1;
}

/* ---- loading ------------------------------------------------------------ */

int fakt_md_hot_open(fakt_dict *d, const char *dir, fakt_error *err)
{
    char path[4096];
    snprintf(path, sizeof path, "%s/%s", dir, FAKT_HOT_FILE);
    if (access(path, F_OK) != 0 && errno == ENOENT)
        return FAKT_OK; /* no table: the cascade answers everything */
    fakt_map *m = &d->hotmap;
    /* Lookups land all over 18 MB of slots and entries: huge pages pay. */
    const uint8_t *p;
    size_t sz;
    int rc = fakt_map_load(path, d->huge, 0, m, &p, &sz, err);
    if (rc)
        return rc;
    if (sz < HOT_HEADER + 8 || memcmp(p, hot_magic, 8) != 0)
        return fakt_err(err, FAKT_EFORMAT, "%s: not a fakt hot table", path);
    uint32_t version = rd32(p + 8);
    if (version > HOT_VERSION)
        return fakt_err(err, FAKT_EFORMAT, "%s: format version %u is newer than this fakt reads (%u)", path,
                        version, HOT_VERSION);
    if (version != HOT_VERSION || rd32(p + 12) != HOT_HEADER || rd32(p + 44) != HOT_REC)
        return fakt_err(err, FAKT_EFORMAT, "%s: bad header", path);
    if (rd64(p + 24) != sz)
        return fakt_err(err, FAKT_EFORMAT, "%s: truncated (%zu bytes, header says %llu)", path, sz,
                        (unsigned long long)rd64(p + 24));
    uint32_t nslots = rd32(p + 32), nwords = rd32(p + 36), dsize = rd32(p + 40);
    uint32_t soff = rd32(p + 48), doff = rd32(p + 52);
    if (nslots == 0 || (nslots & (nslots - 1)) || nwords > nslots / 2 || soff != HOT_HEADER ||
        (size_t)nslots * 8 > sz - soff || doff % 8 || doff < soff + (size_t)nslots * 8 || doff > sz - 8 ||
        dsize > sz - 8 - doff || ((size_t)doff + dsize + 7) / 8 * 8 != sz - 8)
        return fakt_err(err, FAKT_EFORMAT, "%s: bad section table", path);
    if (fakt_md_hash64(p, sz - 8, 0) != rd64(p + sz - 8))
        return fakt_err(err, FAKT_EFORMAT, "%s: checksum mismatch (damaged file)", path);
    if (rd64(p + 16) != d->fp)
        return fakt_err(err, FAKT_EFORMAT,
                        "%s: built for another dictionary or analyser version; rebuild it (make hotdict)", path);
    d->hot_slots = p + soff;
    d->hot_mask = nslots - 1;
    d->hot_nwords = nwords;
    d->hot_data = p + doff;
    d->hot_dsize = dsize;
    return FAKT_OK;
}

/* ---- lookup ------------------------------------------------------------- */

/* The entry at data offset off when it is well formed: key and records
 * inside the data; NULL otherwise.  *np gets the parse count. */
static const uint8_t *entry(const fakt_dict *d, uint32_t off, size_t *klen, size_t *np)
{
    if (d->hot_dsize < 2 || off > d->hot_dsize - 2)
        return NULL;
    const uint8_t *e = d->hot_data + off;
    size_t kl = e[0] & ~HOT_INITIAL, n = e[1], rec = (2 + kl + 3) & ~(size_t)3;
    if (rec + n * HOT_REC > d->hot_dsize - off)
        return NULL;
    *klen = e[0];
    *np = n;
    return e;
}

/* Decodes one record; 0 when an id is out of range for this dictionary. */
static int decode(const fakt_dict *d, const uint8_t *r, size_t wlen, fakt_mparse *m)
{
    m->para = rd32(r);
    m->form = rd16(r + 4);
    m->tag = rd16(r + 6);
    uint32_t sb = rd32(r + 8);
    memcpy(&m->score, &sb, 4);
    m->kind = r[12];
    m->fixed = r[13];
    m->suffix = r[14];
    m->aux = 0;
    m->split = 0;
    m->fixed2 = 0;
    m->pad_ = 0;
    m->form2 = 0;
    m->pad2_ = 0;
    m->para2 = MD_NO_PARA;
    m->yo = rd32(r + 16);
    if (m->tag >= d->ntag || m->kind > FAKT_MK_CLASS || (size_t)m->fixed + m->suffix > wlen || r[15])
        return 0;
    if (m->para != MD_NO_PARA && (m->para >= d->npara || m->form >= d->para_forms[m->para]))
        return 0;
    return 1;
}

size_t fakt_md_hot_lookup(const fakt_dict *d, const uint8_t *key, size_t n, int initial, fakt_mparse *out,
                          size_t max, int *found)
{
    *found = 0;
    if (n > 127)
        return 0;
    unsigned tag = (unsigned)n | (initial ? HOT_INITIAL : 0);
    uint32_t h = key_hash(key, n, tag);
    for (uint32_t i = h & d->hot_mask, probes = 0; probes <= d->hot_mask; i = (i + 1) & d->hot_mask, probes++) {
        const uint8_t *s = d->hot_slots + 8 * (size_t)i;
        uint32_t sh = rd32(s);
        if (sh == 0)
            return 0;
        if (sh != h)
            continue;
        size_t kl, np;
        const uint8_t *e = entry(d, rd32(s + 4), &kl, &np);
        if (!e)
            return 0; /* damaged: the cascade answers */
        if (kl != tag)
            continue;
        size_t c = 0;
        while (c < n && e[2 + c] == key[c])
            c++;
        if (c < n)
            continue;
        const uint8_t *r = e + ((2 + n + 3) & ~(size_t)3);
        if (np > max)
            np = max;
        for (size_t k = 0; k < np; k++)
            if (!decode(d, r + k * HOT_REC, n, &out[k]))
                return 0;
        *found = 1;
        return np;
    }
    return 0;
}

void fakt_md_hot_prefetch(const fakt_dict *d, const uint8_t *key, size_t n, int initial, int stage)
{
    if (n > 127 || !d->hot_slots)
        return;
    unsigned tag = (unsigned)n | (initial ? HOT_INITIAL : 0);
    uint32_t h = key_hash(key, n, tag);
    const uint8_t *s = d->hot_slots + 8 * (size_t)(h & d->hot_mask);
    if (stage == 0)
        __builtin_prefetch(s);
    else if (rd32(s) == h && rd32(s + 4) < d->hot_dsize)
        __builtin_prefetch(d->hot_data + rd32(s + 4));
}

/* ---- what the tests read ------------------------------------------------ */

size_t fakt_morph_hot_count(const fakt_dict *d)
{
    return d && d->hot_slots ? d->hot_mask + 1 : 0;
}

size_t fakt_morph_hot_word(const fakt_dict *d, size_t slot, char *buf, size_t cap)
{
    if (cap)
        buf[0] = 0;
    if (!d || !d->hot_slots || slot > d->hot_mask || cap == 0)
        return 0;
    const uint8_t *s = d->hot_slots + 8 * slot;
    size_t kl, np;
    const uint8_t *e = rd32(s) ? entry(d, rd32(s + 4), &kl, &np) : NULL;
    if (!e)
        return 0;
    if (kl & HOT_INITIAL) { /* the uppercase letter it was built from */
        char up = (char)(e[2] == MD_YO ? 0xA8 : e[2] >= 0xE0 ? e[2] - 0x20 : e[2]);
        return fakt_md_put_cp1251(buf, 0, cap, &up, 1);
    }
    return fakt_md_put_cp1251(buf, 0, cap, (const char *)e + 2, kl);
}

/* ---- building ----------------------------------------------------------- */

/* Whether the record format holds parse m of a word of n characters. */
static int fits(const fakt_mparse *m)
{
    return m->aux == 0 && m->split == 0 && m->fixed2 == 0 && m->form2 == 0 && m->para2 == MD_NO_PARA &&
           (m->yo >> 32) == 0;
}

int fakt_morph_hot_write(const fakt_dict *d, const char *const *words, size_t nw, const char *path,
                         size_t *written, fakt_error *err)
{
    if (written)
        *written = 0;
    if (!d || !path || (nw && !words))
        return fakt_err(err, FAKT_EINVAL, "fakt_morph_hot_write: bad arguments");
    if (d->hot_slots)
        return fakt_err(err, FAKT_EINVAL, "fakt_morph_hot_write: open the dictionary without its hot table");
    uint32_t nslots = 16;
    while (nslots / 2 < nw && nslots < (1u << 30))
        nslots *= 2;
    uint8_t *slots = calloc(nslots, 8);
    fakt_buf data;
    fakt_buf_init(&data);
    if (!slots)
        return fakt_err(err, FAKT_ENOMEM, "out of memory");
    uint32_t nkept = 0;
    for (size_t w = 0; w < nw; w++) {
        fakt_mword mw;
        size_t len = strlen(words[w]);
        if (!len || fakt_utf8_check(words[w], len, NULL) != FAKT_OK || !fakt_mi_prepare(words[w], len, &mw) ||
            mw.n == 0 || !mw.plain || mw.n > 127)
            continue;
        fakt_mparse out[FAKT_MI_MAXP];
        size_t np = fakt_morph_parse(d, words[w], len, out, FAKT_MI_MAXP);
        int ok = np > 0 && np <= 255;
        for (size_t k = 0; ok && k < np; k++)
            ok = fits(&out[k]);
        if (!ok)
            continue;
        unsigned tag = (unsigned)mw.n | (mw.initial ? HOT_INITIAL : 0);
        uint32_t h = key_hash(mw.b, mw.n, tag), i = h & (nslots - 1);
        int dup = 0;
        for (; rd32(slots + 8 * (size_t)i); i = (i + 1) & (nslots - 1)) {
            const uint8_t *e = (const uint8_t *)data.data + rd32(slots + 8 * (size_t)i + 4);
            if (rd32(slots + 8 * (size_t)i) == h && e[0] == tag && memcmp(e + 2, mw.b, mw.n) == 0) {
                dup = 1;
                break;
            }
        }
        if (dup)
            continue;
        if (data.len > 0xFFFF0000u - 64 - np * HOT_REC) {
            free(slots);
            fakt_buf_free(&data);
            return fakt_err(err, FAKT_ELIMIT, "fakt_morph_hot_write: too many words");
        }
        wr32(slots + 8 * (size_t)i, h);
        wr32(slots + 8 * (size_t)i + 4, (uint32_t)data.len);
        uint8_t head[2] = {(uint8_t)tag, (uint8_t)np}, zero[4] = {0};
        fakt_buf_add(&data, (const char *)head, 2);
        fakt_buf_add(&data, (const char *)mw.b, mw.n);
        fakt_buf_add(&data, (const char *)zero, (4 - (2 + mw.n) % 4) % 4);
        for (size_t k = 0; k < np; k++) {
            uint8_t r[HOT_REC] = {0};
            uint32_t sb;
            memcpy(&sb, &out[k].score, 4);
            wr32(r, out[k].para);
            wr16(r + 4, out[k].form);
            wr16(r + 6, out[k].tag);
            wr32(r + 8, sb);
            r[12] = out[k].kind;
            r[13] = out[k].fixed;
            r[14] = out[k].suffix;
            wr32(r + 16, (uint32_t)out[k].yo);
            fakt_buf_add(&data, (const char *)r, HOT_REC);
        }
        nkept++;
    }
    if (data.failed) {
        free(slots);
        fakt_buf_free(&data);
        return fakt_err(err, FAKT_ENOMEM, "out of memory");
    }
    size_t doff = HOT_HEADER + (size_t)nslots * 8, dpad = (data.len + 7) / 8 * 8;
    size_t size = doff + dpad + 8;
    uint8_t *file = calloc(1, size);
    if (!file) {
        free(slots);
        fakt_buf_free(&data);
        return fakt_err(err, FAKT_ENOMEM, "out of memory");
    }
    memcpy(file, hot_magic, 8);
    wr32(file + 8, HOT_VERSION);
    wr32(file + 12, HOT_HEADER);
    wr64(file + 16, d->fp);
    wr64(file + 24, size);
    wr32(file + 32, nslots);
    wr32(file + 36, nkept);
    wr32(file + 40, (uint32_t)data.len);
    wr32(file + 44, HOT_REC);
    wr32(file + 48, HOT_HEADER);
    wr32(file + 52, (uint32_t)doff);
    memcpy(file + HOT_HEADER, slots, (size_t)nslots * 8);
    if (data.len)
        memcpy(file + doff, data.data, data.len);
    wr64(file + size - 8, fakt_md_hash64(file, size - 8, 0));
    free(slots);
    fakt_buf_free(&data);

    char tmp[4096];
    snprintf(tmp, sizeof tmp, "%s.tmp%d", path, (int)getpid());
    FILE *f = fopen(tmp, "wb");
    int ok = f && fwrite(file, 1, size, f) == size;
    if (f && fclose(f) != 0)
        ok = 0;
    free(file);
    if (!ok || rename(tmp, path) != 0) {
        unlink(tmp);
        return fakt_err(err, FAKT_EIO, "%s: cannot write", path);
    }
    if (written)
        *written = nkept;
    return FAKT_OK;
}

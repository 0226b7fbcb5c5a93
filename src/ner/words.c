/*
 * words.c — the model's word table: token-local features of frequent forms,
 * precomputed.
 *
 * About thirty of a token's seventy-odd features depend on the token alone
 * (its form, affixes, shape, letters, morphology, clusters, gazetteer
 * flags), and computing them — a morphological parse, a lemma, a dozen
 * hashes, thirty weight rows read at random — is most of the tagger's
 * time.  News text is mostly a few ten thousand forms, so the model file
 * carries, for the most frequent forms of unlabeled news (models/forms.tsv,
 * tools/forms.c), what those features contribute: the int32 sums of their
 * weight rows, plus the facts about the token its neighbours' features read.
 * The most frequent forms also carry what they say of themselves to their
 * neighbours (the neighbour's form, affixes, shape, lemma... features of a
 * token next to them), as two side vectors.
 * A table hit is then one entry (two cache lines) instead of all that, and
 * the scores are exactly the same integers (fakt_ner_word_compute sums the
 * very rows the tagger would; the tests compare both paths).
 *
 * The morphology part depends on the dictionary, so the section records the
 * dictionary's fingerprint and the table is only used with that one (or,
 * when built without a dictionary, only without one).
 *
 * Section layout (little-endian):
 *   0   u64 dictionary fingerprint (0: built without morphology)
 *   8   u32 word count          12  u32 slot count (power of two)
 *   16  u32 entry size (128)    20  u32 side count (<= word count)
 *   24  40 bytes zero
 *   64  slots: per slot u32 key fingerprint (0 empty), u32 entry index + 1
 *   64 + 8 * slots: entries (fakt_ner_word), most frequent form first
 *   then a bitmap of the first `side count` words (bit set: it has side
 *   vectors), padded to 64 bytes, then their side vectors, 2 x 16 int16
 *   each: the sums of the rows the word gives the token after it and the
 *   token before it (emit_side in feat.c).  int16 so that twice as many
 *   words fit; a word whose sums overflow int16 has no bit and its
 *   neighbours read its rows.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../morph/morph.h"
#include "nerint.h"

#define WHDR 64u

_Static_assert(sizeof(fakt_ner_word) == 128, "word table entries are two cache lines");

uint64_t fakt_ner_word_key(uint64_t form_hash, uint16_t flags, uint16_t kind)
{
    return fakt_ner_mix(form_hash, ((uint64_t)(flags & FAKT_NER_WORD_FLAGS) << 16) | kind) | 1;
}

int fakt_ner_words_usable(const fakt_model *m, const fakt_dict *d)
{
    return m->nwords && m->wdict == fakt_morph_fingerprint(d);
}

static size_t bitmap_size(uint32_t ns) { return (((size_t)ns + 7) / 8 + 63) & ~(size_t)63; }

static uint64_t section_size(uint32_t nw, uint32_t cap, uint32_t ns)
{
    return (uint64_t)WHDR + (uint64_t)cap * 8 + (uint64_t)nw * sizeof(fakt_ner_word) + bitmap_size(ns) +
           (uint64_t)ns * 2 * FAKT_NER_NL * sizeof(int16_t);
}

int fakt_ner_words_open(const unsigned char *p, size_t n, fakt_model *m, fakt_error *err)
{
    if (n == 0)
        return FAKT_OK;
    if (n < WHDR)
        return fakt_err(err, FAKT_EFORMAT, "NER model: word table section too short");
    uint32_t hdr[4]; /* as the builder writes it: words, slots, entry size, sides */
    memcpy(hdr, p + 8, sizeof hdr);
    uint32_t nw = hdr[0], cap = hdr[1], esz = hdr[2], ns = hdr[3];
    if (esz != sizeof(fakt_ner_word))
        return fakt_err(err, FAKT_EFORMAT, "NER model: word table entries of %u bytes, expected %zu", esz,
                        sizeof(fakt_ner_word));
    if (cap == 0 || (cap & (cap - 1)) || cap > (1u << 28) || nw >= cap)
        return fakt_err(err, FAKT_EFORMAT, "NER model: word table of bad size");
    if (ns > nw)
        return fakt_err(err, FAKT_EFORMAT, "NER model: word table side count too large");
    if (section_size(nw, cap, ns) != n)
        return fakt_err(err, FAKT_EFORMAT, "NER model: word table section of wrong size");
    if ((uintptr_t)p % 16)
        return fakt_err(err, FAKT_EFORMAT, "NER model: word table misaligned in memory");
    memcpy(&m->wdict, p, 8);
    m->nwords = nw;
    m->wmask = cap - 1;
    m->wslots = (const uint32_t *)(p + WHDR);
    m->words = (const fakt_ner_word *)(p + WHDR + (size_t)cap * 8);
    m->nside = ns;
    m->side_ok = (const uint8_t *)(m->words + nw);
    m->side = (const int16_t *)(m->side_ok + bitmap_size(ns));
    /* Entry indices are checked where they are read (fakt_ner_word_candidate). */
    return FAKT_OK;
}

int fakt_ner_words_build(const fakt_model *m, const fakt_dict *d, const char *forms_tsv,
                         size_t max, size_t max_side, unsigned char **out, size_t *outn,
                         size_t *nwords, fakt_error *err)
{
    *out = NULL, *outn = 0, *nwords = 0;
    char *text;
    size_t len;
    int rc = fakt_read_file(forms_tsv, &text, &len, err);
    if (rc != FAKT_OK)
        return rc;
    size_t lines = 0;
    for (size_t i = 0; i < len; i++)
        lines += text[i] == '\n';
    size_t want = lines < max ? lines : max;
    uint32_t cap = 16;
    while (cap < 2 * want + 2)
        cap <<= 1;
    size_t wside = want < max_side ? want : max_side;
    size_t total = (size_t)section_size((uint32_t)want, cap, (uint32_t)wside);
    unsigned char *buf = calloc(1, total);
    int16_t *side = malloc(wside * 2 * FAKT_NER_NL * sizeof *side + 1);
    uint8_t *ok = calloc(wside / 8 + 1, 1);
    if (!buf || !side || !ok) {
        free(text), free(buf), free(side), free(ok);
        return fakt_err(err, FAKT_ENOMEM, "out of memory for the word table");
    }
    uint32_t *slots = (uint32_t *)(buf + WHDR);
    fakt_ner_word *words = (fakt_ner_word *)(buf + WHDR + (size_t)cap * 8);
    size_t nw = 0;
    for (size_t p = 0; p < len && nw < want;) {
        size_t e = p;
        while (e < len && text[e] != '\n')
            e++;
        size_t tab = p;
        while (tab < e && text[tab] != '\t')
            tab++;
        const char *form = text + p;
        size_t fl = tab - p;
        p = e + 1;
        if (fl == 0 || fakt_utf8_check(form, fl, NULL) != FAKT_OK)
            continue;
        fakt_ner_word w;
        int32_t sd[2][FAKT_NER_NL];
        rc = fakt_ner_word_compute(m, d, form, fl, &w, sd);
        if (rc == FAKT_ENOTFOUND)
            continue; /* not one token alone */
        if (rc != FAKT_OK)
            break;
        uint32_t fp = fakt_ner_key(w.key), i = fp & (cap - 1);
        int dup = 0;
        while (slots[2 * i]) {
            dup |= slots[2 * i] == fp; /* a repeated key, or a colliding fingerprint: first wins */
            i = (i + 1) & (cap - 1);
        }
        if (dup)
            continue;
        slots[2 * i] = fp;
        slots[2 * i + 1] = (uint32_t)nw + 1;
        if (nw < wside) {
            int fits = 1;
            for (int k = 0; k < 2; k++)
                for (int l = 0; l < FAKT_NER_NL; l++) {
                    fits &= sd[k][l] >= INT16_MIN && sd[k][l] <= INT16_MAX;
                    side[(nw * 2 + (size_t)k) * FAKT_NER_NL + (size_t)l] = (int16_t)sd[k][l];
                }
            if (fits)
                ok[nw / 8] |= (uint8_t)(1u << (nw % 8));
        }
        words[nw++] = w;
    }
    free(text);
    if (rc != FAKT_OK && rc != FAKT_ENOTFOUND) {
        free(buf), free(side), free(ok);
        return fakt_err(err, rc, "out of memory building the word table");
    }
    /* Fewer forms than asked (duplicates, several-token forms): the side
     * part moves up behind the entries actually kept. */
    uint32_t ns = (uint32_t)(nw < wside ? nw : wside);
    unsigned char *bm = (unsigned char *)(words + nw);
    memcpy(bm, ok, ((size_t)ns + 7) / 8);
    if (ns % 8)
        bm[ns / 8] &= (unsigned char)((1u << (ns % 8)) - 1);
    memset(bm + ((size_t)ns + 7) / 8, 0, bitmap_size(ns) - ((size_t)ns + 7) / 8);
    memcpy(bm + bitmap_size(ns), side, (size_t)ns * 2 * FAKT_NER_NL * sizeof *side);
    free(side);
    free(ok);
    uint64_t fpd = fakt_morph_fingerprint(d);
    memcpy(buf, &fpd, 8);
    uint32_t hdr[4] = {(uint32_t)nw, cap, (uint32_t)sizeof(fakt_ner_word), ns};
    memcpy(buf + 8, hdr, sizeof hdr);
    *out = buf;
    *outn = (size_t)section_size((uint32_t)nw, cap, ns);
    *nwords = nw;
    return FAKT_OK;
}

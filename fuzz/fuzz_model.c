/*
 * fuzz_model.c — damaged model files must be refused or work, never crash.
 *
 * Two modes, by the first input byte: even — the rest of the input is a
 * whole model file (with its checksum and trailer repaired when long
 * enough, so the structural checks behind the checksum get exercised);
 * odd — the input is a list of (u32 offset, u8 xor) edits applied to the
 * real model ($FAKT_MODEL or models/ner.fkm), checksum repaired or not by
 * the second byte, optionally truncated.  A model that loads is then used
 * to tag a sentence (twice: the second time its word table is used even
 * without the dictionary it was built for).
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "ner/nerint.h"
#include "text/segment.h"

static unsigned char *real;
static size_t real_n;

static void fix_checksum(unsigned char *p, size_t n)
{
    if (n < 80)
        return;
    uint64_t h = fakt_ner_checksum(p, n - 16);
    for (int i = 0; i < 8; i++)
        p[n - 16 + i] = (unsigned char)(h >> (8 * i));
    memcpy(p + n - 8, "FAKTEND", 8);
}

static void use(const unsigned char *p, size_t n)
{
    fakt_model m;
    if (fakt_ner_model_from_bytes(p, n, &m, NULL) != FAKT_OK)
        return;
    static const char text[] = "Глава МИД России Сергей Лавров встретился в Бишкеке с «Газпромом».";
    fakt_arena a;
    fakt_arena_init(&a);
    fakt_seg seg;
    fakt_ner_out out;
    if (fakt_segment(text, sizeof text - 1, &a, &seg, NULL) == FAKT_OK) {
        fakt_ner_tag(&m, NULL, text, &seg, &a, &out, NULL);
        /* The word table is kept for the dictionary it was built with;
         * pretend it was built without one so that its (damaged) entries
         * and side vectors are read here too. */
        m.wdict = 0;
        fakt_ner_tag(&m, NULL, text, &seg, &a, &out, NULL);
    }
    fakt_arena_free(&a);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (!real) {
        const char *path = getenv("FAKT_MODEL") ? getenv("FAKT_MODEL") : "models/ner.fkm";
        char *b;
        if (fakt_read_file(path, &b, &real_n, NULL) != FAKT_OK)
            abort();
        real = (unsigned char *)b;
    }
    if (size < 2)
        return 0;
    if (!(data[0] & 1)) {
        /* 16-byte aligned copy: the loader requires aligned sections. */
        size_t n = size - 1;
        unsigned char *p = aligned_alloc(16, (n + 15) & ~(size_t)15);
        memcpy(p, data + 1, n);
        if (data[1] & 1)
            fix_checksum(p, n);
        use(p, n);
        free(p);
        return 0;
    }
    unsigned char *p = aligned_alloc(16, (real_n + 15) & ~(size_t)15);
    memcpy(p, real, real_n);
    size_t n = real_n;
    size_t i = 2;
    for (; i + 5 <= size; i += 5) {
        uint32_t off;
        memcpy(&off, data + i, 4);
        p[off % n] ^= data[i + 4];
    }
    if (data[1] & 2)
        n = n - (data[1] >> 2) * (n / 64) % n;
    if (data[1] & 1)
        fix_checksum(p, n);
    use(p, n);
    free(p);
    return 0;
}

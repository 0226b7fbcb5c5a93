/* utf8.c — the text stage: strict UTF-8 validation (the pipeline refuses
 * invalid input and names the byte offset), repair on request, counting. */
#include <stdlib.h>
#include <string.h>

#include "core.h"

/* Length of the valid sequence starting at s[i], or 0 if it is invalid
 * (overlong forms, surrogates, > U+10FFFF, truncation, NUL). */
static size_t valid_seq(const unsigned char *s, size_t n, size_t i)
{
    unsigned c = s[i];
    if (c == 0)
        return 0;
    if (c < 0x80)
        return 1;
    if (c >= 0xC2 && c <= 0xDF)
        return (i + 1 < n && (s[i + 1] & 0xC0) == 0x80) ? 2 : 0;
    if (c >= 0xE0 && c <= 0xEF) {
        if (i + 2 >= n || (s[i + 1] & 0xC0) != 0x80 || (s[i + 2] & 0xC0) != 0x80)
            return 0;
        if (c == 0xE0 && s[i + 1] < 0xA0)
            return 0; /* overlong */
        if (c == 0xED && s[i + 1] >= 0xA0)
            return 0; /* surrogate */
        return 3;
    }
    if (c >= 0xF0 && c <= 0xF4) {
        if (i + 3 >= n || (s[i + 1] & 0xC0) != 0x80 || (s[i + 2] & 0xC0) != 0x80 ||
            (s[i + 3] & 0xC0) != 0x80)
            return 0;
        if (c == 0xF0 && s[i + 1] < 0x90)
            return 0;
        if (c == 0xF4 && s[i + 1] >= 0x90)
            return 0;
        return 4;
    }
    return 0;
}

#if defined(__SSE2__)
#include <emmintrin.h>

/* From i, whole 16-byte blocks holding only ASCII (but NUL) and complete
 * two-byte sequences — Russian text is mostly that; returns where the first
 * other block starts (or the lead byte of a sequence it splits). */
static size_t simple_blocks(const unsigned char *s, size_t len, size_t i)
{
    unsigned carry = 0; /* the block before ended with a lead byte */
    const __m128i zero = _mm_setzero_si128();
    while (len - i >= 16) {
        __m128i v = _mm_loadu_si128((const __m128i *)(const void *)(s + i));
        unsigned a = (unsigned)_mm_movemask_epi8(_mm_cmpgt_epi8(v, zero)); /* 01..7F */
        unsigned c = (unsigned)_mm_movemask_epi8(_mm_cmplt_epi8(v, _mm_set1_epi8(-64))); /* 80..BF */
        unsigned l = (unsigned)_mm_movemask_epi8(
            _mm_and_si128(_mm_cmpgt_epi8(v, _mm_set1_epi8(-63)),
                          _mm_cmplt_epi8(v, _mm_set1_epi8(-32)))); /* C2..DF */
        /* every byte classified, and continuations exactly after leads */
        if ((a | c | l) != 0xFFFFu || c != (((l << 1) | carry) & 0xFFFFu))
            break;
        carry = l >> 15;
        i += 16;
    }
    return i - carry;
}
#endif

int fakt_utf8_check(const char *text, size_t len, size_t *bad_offset)
{
    const unsigned char *s = (const unsigned char *)text;
    size_t i = 0;
    if (!text && len)
        return FAKT_EINVAL;
    while (i < len) {
#if defined(__SSE2__)
        i = simple_blocks(s, len, i);
        if (i >= len)
            break;
        size_t stop = len - i > 16 ? i + 16 : len; /* scalar for one block */
#else
        size_t stop = len;
#endif
        while (i < stop) {
            /* ASCII fast path, eight bytes at a time. */
            while (i + 8 <= stop) {
                uint64_t w;
                memcpy(&w, s + i, 8);
                if ((w & 0x8080808080808080ull) ||
                    ((w - 0x0101010101010101ull) & ~w & 0x8080808080808080ull))
                    break; /* non-ASCII or a zero byte inside */
                i += 8;
            }
            if (i >= stop)
                break;
            size_t k = valid_seq(s, len, i);
            if (!k) {
                if (bad_offset)
                    *bad_offset = i;
                return FAKT_EUTF8;
            }
            i += k;
        }
    }
    return FAKT_OK;
}

int fakt_utf8_repair(const char *text, size_t len, char **out, size_t *out_len)
{
    const unsigned char *s = (const unsigned char *)text;
    if (!out || (!text && len))
        return FAKT_EINVAL;
    if (len > (SIZE_MAX - 1) / 3)
        return FAKT_ELIMIT;
    char *o = malloc(len * 3 + 1); /* each bad byte grows to 3 at most */
    if (!o)
        return FAKT_ENOMEM;
    size_t j = 0;
    for (size_t i = 0; i < len;) {
        size_t k = valid_seq(s, len, i);
        if (k) {
            memcpy(o + j, s + i, k);
            j += k;
            i += k;
        } else {
            memcpy(o + j, "\xEF\xBF\xBD", 3);
            j += 3;
            i += 1;
        }
    }
    o[j] = 0;
    *out = o;
    if (out_len)
        *out_len = j;
    return FAKT_OK;
}

size_t fakt_utf8_encode(uint32_t c, char *out)
{
    unsigned char *o = (unsigned char *)out;
    if (c < 0x80) {
        o[0] = (unsigned char)c;
        return 1;
    }
    if (c < 0x800) {
        o[0] = (unsigned char)(0xC0 | (c >> 6));
        o[1] = (unsigned char)(0x80 | (c & 0x3F));
        return 2;
    }
    if (c < 0x10000) {
        o[0] = (unsigned char)(0xE0 | (c >> 12));
        o[1] = (unsigned char)(0x80 | ((c >> 6) & 0x3F));
        o[2] = (unsigned char)(0x80 | (c & 0x3F));
        return 3;
    }
    o[0] = (unsigned char)(0xF0 | (c >> 18));
    o[1] = (unsigned char)(0x80 | ((c >> 12) & 0x3F));
    o[2] = (unsigned char)(0x80 | ((c >> 6) & 0x3F));
    o[3] = (unsigned char)(0x80 | (c & 0x3F));
    return 4;
}

size_t fakt_utf8_count(const char *s, size_t n)
{
    size_t c = 0;
    for (size_t i = 0; i < n; i++)
        c += ((unsigned char)s[i] & 0xC0) != 0x80;
    return c;
}

uint32_t fakt_cp_lower(uint32_t c)
{
    if (c >= 'A' && c <= 'Z')
        return c + 32;
    if (c >= 0x410 && c <= 0x42F)
        return c + 0x20;
    if (c >= 0x400 && c <= 0x40F)
        return c + 0x50;
    if (c >= 0x460 && c <= 0x4BF && !(c & 1))
        return c + 1;
    if (c >= 0x4D0 && c <= 0x4FF && !(c & 1))
        return c + 1;
    return c;
}

uint32_t fakt_cp_upper(uint32_t c)
{
    if (c >= 'a' && c <= 'z')
        return c - 32;
    if (c >= 0x430 && c <= 0x44F)
        return c - 0x20;
    if (c >= 0x450 && c <= 0x45F)
        return c - 0x50;
    if (c >= 0x461 && c <= 0x4BF && (c & 1))
        return c - 1;
    if (c >= 0x4D1 && c <= 0x4FF && (c & 1))
        return c - 1;
    return c;
}

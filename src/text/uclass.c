/*
 * uclass.c — code point → class bits (see uclass.h for why a table of our
 * own).  The table covers what Russian news and its neighbours write:
 * Latin with Latin-1 and Extended-A/B/Additional (Turkic, Kazakh, Uzbek and
 * Azerbaijani letters: ş ğ ı İ ö ü ç ə), IPA and modifier letters (Uzbek
 * ʻ ʼ), Greek, Cyrillic with its supplements (ә ғ қ ң ө ұ ү һ і), the
 * combining-mark blocks, general punctuation, currency, letterlike and
 * arrow/math symbols, CJK punctuation, fullwidth forms and emoji.  Case in
 * the blocks where upper and lower letters alternate is computed from the
 * parity of the code point ("alt" below) instead of listing every pair.
 */
#include "uclass.h"

#include <stddef.h>

#define L FAKT_UC_LETTER
#define U FAKT_UC_UPPER
#define W FAKT_UC_LOWER
#define LA FAKT_UC_LATIN
#define CY FAKT_UC_CYR
#define D FAKT_UC_DIGIT
#define S FAKT_UC_SPACE
#define NL FAKT_UC_NL
#define M FAKT_UC_MARK
#define J FAKT_UC_JOIN
#define Z FAKT_UC_ZW
#define P FAKT_UC_PUNCT
#define Y FAKT_UC_SYM
#define O FAKT_UC_OTHER

/* alt: 0 case from bits; 1 even = upper, odd = lower; 2 odd = upper. */
typedef struct {
    uint32_t lo, hi;
    uint16_t bits;
    uint16_t alt;
} range;

/* Sorted, non-overlapping, for c >= 0x80. */
static const range table[] = {
    {0x00A0, 0x00A0, S, 0},
    {0x00A1, 0x00A1, P, 0},
    {0x00A2, 0x00A6, Y, 0},
    {0x00A7, 0x00A7, P, 0},
    {0x00A8, 0x00A9, Y, 0},
    {0x00AA, 0x00AA, L | W | LA, 0},
    {0x00AB, 0x00AB, P, 0},
    {0x00AC, 0x00AC, Y, 0},
    {0x00AD, 0x00AD, J, 0}, /* soft hyphen */
    {0x00AE, 0x00B1, Y, 0},
    {0x00B2, 0x00B3, D, 0},
    {0x00B4, 0x00B4, Y, 0},
    {0x00B5, 0x00B5, L | W, 0},
    {0x00B6, 0x00B7, P, 0},
    {0x00B8, 0x00B8, Y, 0},
    {0x00B9, 0x00B9, D, 0},
    {0x00BA, 0x00BA, L | W | LA, 0},
    {0x00BB, 0x00BB, P, 0},
    {0x00BC, 0x00BE, Y, 0},
    {0x00BF, 0x00BF, P, 0},
    {0x00C0, 0x00D6, L | U | LA, 0},
    {0x00D7, 0x00D7, Y, 0},
    {0x00D8, 0x00DE, L | U | LA, 0},
    {0x00DF, 0x00F6, L | W | LA, 0},
    {0x00F7, 0x00F7, Y, 0},
    {0x00F8, 0x00FF, L | W | LA, 0},
    {0x0100, 0x012F, L | LA, 1},
    {0x0130, 0x0130, L | U | LA, 0}, /* İ */
    {0x0131, 0x0131, L | W | LA, 0}, /* ı */
    {0x0132, 0x0137, L | LA, 1},
    {0x0138, 0x0138, L | W | LA, 0},
    {0x0139, 0x0148, L | LA, 2},
    {0x0149, 0x0149, L | W | LA, 0},
    {0x014A, 0x0177, L | LA, 1},
    {0x0178, 0x0178, L | U | LA, 0},
    {0x0179, 0x017E, L | LA, 2},
    {0x017F, 0x0180, L | W | LA, 0},
    {0x0181, 0x0182, L | U | LA, 0},
    {0x0183, 0x0183, L | W | LA, 0},
    {0x0184, 0x0184, L | U | LA, 0},
    {0x0185, 0x0185, L | W | LA, 0},
    {0x0186, 0x0187, L | U | LA, 0},
    {0x0188, 0x0188, L | W | LA, 0},
    {0x0189, 0x018B, L | U | LA, 0},
    {0x018C, 0x018D, L | W | LA, 0},
    {0x018E, 0x0191, L | U | LA, 0}, /* Ǝ Ə Ɛ Ƒ */
    {0x0192, 0x0192, L | W | LA, 0},
    {0x0193, 0x0194, L | U | LA, 0},
    {0x0195, 0x0195, L | W | LA, 0},
    {0x0196, 0x0198, L | U | LA, 0},
    {0x0199, 0x019B, L | W | LA, 0},
    {0x019C, 0x019D, L | U | LA, 0},
    {0x019E, 0x019E, L | W | LA, 0},
    {0x019F, 0x01A0, L | U | LA, 0},
    {0x01A1, 0x01A5, L | LA, 1},
    {0x01A6, 0x01A7, L | U | LA, 0},
    {0x01A8, 0x01AB, L | W | LA, 0},
    {0x01AC, 0x01AC, L | U | LA, 0},
    {0x01AD, 0x01AD, L | W | LA, 0},
    {0x01AE, 0x01AF, L | U | LA, 0},
    {0x01B0, 0x01B0, L | W | LA, 0},
    {0x01B1, 0x01B3, L | U | LA, 0},
    {0x01B4, 0x01B4, L | W | LA, 0},
    {0x01B5, 0x01B5, L | U | LA, 0},
    {0x01B6, 0x01B6, L | W | LA, 0},
    {0x01B7, 0x01B8, L | U | LA, 0},
    {0x01B9, 0x01BB, L | W | LA, 0},
    {0x01BC, 0x01BC, L | U | LA, 0},
    {0x01BD, 0x01C3, L | W | LA, 0},
    {0x01C4, 0x01CC, L | LA, 0},
    {0x01CD, 0x01DC, L | LA, 2},
    {0x01DD, 0x01DD, L | W | LA, 0},
    {0x01DE, 0x01EF, L | LA, 1},
    {0x01F0, 0x01F0, L | W | LA, 0},
    {0x01F1, 0x01F3, L | LA, 0},
    {0x01F4, 0x01F5, L | LA, 1},
    {0x01F6, 0x01F7, L | U | LA, 0},
    {0x01F8, 0x024F, L | LA, 1},
    {0x0250, 0x02AF, L | W | LA, 0}, /* IPA, incl. ə */
    {0x02B0, 0x02FF, L, 0},          /* modifier letters: Uzbek ʻ ʼ */
    {0x0300, 0x036F, M, 0},
    {0x0370, 0x0373, L, 1},
    {0x0374, 0x0375, Y, 0},
    {0x0376, 0x0377, L, 1},
    {0x037A, 0x037D, L | W, 0},
    {0x037E, 0x037E, P, 0},
    {0x037F, 0x037F, L | U, 0},
    {0x0384, 0x0385, Y, 0},
    {0x0386, 0x0386, L | U, 0},
    {0x0387, 0x0387, P, 0},
    {0x0388, 0x038F, L | U, 0},
    {0x0390, 0x0390, L | W, 0},
    {0x0391, 0x03AB, L | U, 0},
    {0x03AC, 0x03CE, L | W, 0},
    {0x03CF, 0x03CF, L | U, 0},
    {0x03D0, 0x03D7, L | W, 0},
    {0x03D8, 0x03EF, L, 1},
    {0x03F0, 0x03F3, L | W, 0},
    {0x03F4, 0x03F4, L | U, 0},
    {0x03F5, 0x03F5, L | W, 0},
    {0x03F6, 0x03F6, Y, 0},
    {0x03F7, 0x03FF, L, 0},
    {0x0400, 0x042F, L | U | CY, 0},
    {0x0430, 0x045F, L | W | CY, 0},
    {0x0460, 0x0481, L | CY, 1},
    {0x0482, 0x0482, Y, 0},
    {0x0483, 0x0489, M, 0},
    {0x048A, 0x04BF, L | CY, 1},
    {0x04C0, 0x04C0, L | U | CY, 0},
    {0x04C1, 0x04CE, L | CY, 2},
    {0x04CF, 0x04CF, L | W | CY, 0},
    {0x04D0, 0x052F, L | CY, 1},
    {0x0531, 0x0556, L | U, 0},
    {0x0559, 0x0559, L, 0},
    {0x055A, 0x055F, P, 0},
    {0x0560, 0x0588, L | W, 0},
    {0x0589, 0x058A, P, 0},
    {0x058D, 0x058F, Y, 0},
    {0x0591, 0x05BD, M, 0},
    {0x05BE, 0x05BE, P, 0},
    {0x05BF, 0x05BF, M, 0},
    {0x05C0, 0x05C0, P, 0},
    {0x05C1, 0x05C2, M, 0},
    {0x05C3, 0x05C3, P, 0},
    {0x05C4, 0x05C5, M, 0},
    {0x05C6, 0x05C6, P, 0},
    {0x05C7, 0x05C7, M, 0},
    {0x05D0, 0x05F2, L, 0},
    {0x05F3, 0x05F4, P, 0},
    {0x0600, 0x0605, J, 0},
    {0x0606, 0x060F, P, 0},
    {0x0610, 0x061A, M, 0},
    {0x061B, 0x061B, P, 0},
    {0x061C, 0x061C, J, 0}, /* Arabic letter mark */
    {0x061D, 0x061F, P, 0},
    {0x0620, 0x064A, L, 0},
    {0x064B, 0x065F, M, 0},
    {0x0660, 0x0669, D, 0},
    {0x066A, 0x066D, P, 0},
    {0x066E, 0x066F, L, 0},
    {0x0670, 0x0670, M, 0},
    {0x0671, 0x06D3, L, 0},
    {0x06D4, 0x06D4, P, 0},
    {0x06D5, 0x06D5, L, 0},
    {0x06D6, 0x06ED, M, 0},
    {0x06EE, 0x06EF, L, 0},
    {0x06F0, 0x06F9, D, 0},
    {0x06FA, 0x06FF, L, 0},
    {0x0900, 0x0903, M, 0},
    {0x093A, 0x094F, M, 0},
    {0x0951, 0x0957, M, 0},
    {0x0962, 0x0963, M, 0},
    {0x0964, 0x0965, P, 0},
    {0x0966, 0x096F, D, 0},
    {0x0E31, 0x0E31, M, 0},
    {0x0E34, 0x0E3A, M, 0},
    {0x0E47, 0x0E4E, M, 0},
    {0x0E50, 0x0E59, D, 0},
    {0x10A0, 0x10C5, L | U, 0},
    {0x10D0, 0x10FF, L | W, 0},
    {0x1680, 0x1680, S, 0},
    {0x180E, 0x180E, Z, 0},
    {0x1AB0, 0x1AFF, M, 0},
    {0x1C80, 0x1C88, L | W | CY, 0},
    {0x1C90, 0x1CBF, L | U, 0},
    {0x1D00, 0x1DBF, L | W, 0},
    {0x1DC0, 0x1DFF, M, 0},
    {0x1E00, 0x1E95, L | LA, 1},
    {0x1E96, 0x1E9D, L | W | LA, 0},
    {0x1E9E, 0x1E9E, L | U | LA, 0},
    {0x1E9F, 0x1E9F, L | W | LA, 0},
    {0x1EA0, 0x1EFF, L | LA, 1},
    {0x1F00, 0x1FFF, L, 0},
    {0x2000, 0x200A, S, 0},
    {0x200B, 0x200B, Z, 0},
    {0x200C, 0x200F, J, 0},
    {0x2010, 0x2027, P, 0}, /* hyphens, dashes, quotes, bullet, ellipsis */
    {0x2028, 0x2029, S | NL, 0},
    {0x202A, 0x202E, J, 0},
    {0x202F, 0x202F, S, 0},
    {0x2030, 0x2031, Y, 0},
    {0x2032, 0x205E, P, 0},
    {0x205F, 0x205F, S, 0},
    {0x2060, 0x206F, J, 0},
    {0x2070, 0x2070, D, 0},
    {0x2071, 0x2071, L | W | LA, 0},
    {0x2074, 0x2079, D, 0},
    {0x207A, 0x207E, Y, 0},
    {0x207F, 0x207F, L | W | LA, 0},
    {0x2080, 0x2089, D, 0},
    {0x208A, 0x208E, Y, 0},
    {0x2090, 0x209C, L | W | LA, 0},
    {0x20A0, 0x20CF, Y, 0},
    {0x20D0, 0x20FF, M, 0},
    {0x2100, 0x2BFF, Y, 0}, /* letterlike (№), arrows, math, shapes, dingbats */
    {0x2C00, 0x2DDF, L, 0},
    {0x2DE0, 0x2DFF, M, 0}, /* Cyrillic Extended-A (combining) */
    {0x2E00, 0x2E7F, P, 0},
    {0x2E80, 0x2FFF, Y, 0},
    {0x3000, 0x3000, S, 0},
    {0x3001, 0x3003, P, 0},
    {0x3004, 0x3004, Y, 0},
    {0x3005, 0x3007, L, 0},
    {0x3008, 0x3011, P, 0},
    {0x3012, 0x3013, Y, 0},
    {0x3014, 0x301F, P, 0},
    {0x3020, 0x3020, Y, 0},
    {0x3021, 0x3029, L, 0},
    {0x302A, 0x302F, M, 0},
    {0x3030, 0x3030, P, 0},
    {0x3031, 0x303C, L, 0},
    {0x303D, 0x303D, P, 0},
    {0x303E, 0x303F, Y, 0},
    {0x3040, 0x3098, L, 0},
    {0x3099, 0x309A, M, 0},
    {0x309B, 0x30FF, L, 0},
    {0x3100, 0xA63F, L, 0},
    {0xA640, 0xA66D, L | CY, 1},
    {0xA66E, 0xA66E, L | CY, 0},
    {0xA66F, 0xA67F, M, 0},
    {0xA680, 0xA69B, L | CY, 1},
    {0xA69C, 0xA69D, L | W | CY, 0},
    {0xA69E, 0xA69F, M, 0},
    {0xA6A0, 0xA71F, L, 0},
    {0xA720, 0xA721, Y, 0},
    {0xA722, 0xA7FF, L | LA, 1},
    {0xA800, 0xD7FF, L, 0},
    {0xE000, 0xF8FF, O, 0},
    {0xF900, 0xFAFF, L, 0},
    {0xFB00, 0xFB06, L | W | LA, 0},
    {0xFB07, 0xFDFF, L, 0},
    {0xFE00, 0xFE0F, M, 0}, /* variation selectors */
    {0xFE10, 0xFE1F, P, 0},
    {0xFE20, 0xFE2F, M, 0},
    {0xFE30, 0xFE6F, P, 0},
    {0xFE70, 0xFEFE, L, 0},
    {0xFEFF, 0xFEFF, Z, 0}, /* BOM / zero-width no-break space */
    {0xFF01, 0xFF0F, P, 0},
    {0xFF10, 0xFF19, D, 0},
    {0xFF1A, 0xFF20, P, 0},
    {0xFF21, 0xFF3A, L | U | LA, 0},
    {0xFF3B, 0xFF40, P, 0},
    {0xFF41, 0xFF5A, L | W | LA, 0},
    {0xFF5B, 0xFF65, P, 0},
    {0xFF66, 0xFFDC, L, 0},
    {0xFFE0, 0xFFEE, Y, 0},
    {0xFFF9, 0xFFFB, J, 0},
    {0xFFFC, 0xFFFF, O, 0},
    {0x10000, 0x1D3FF, L, 0},
    {0x1D400, 0x1D7FF, L, 0},
    {0x1D800, 0x1EFFF, L, 0},
    {0x1F000, 0x1F3FA, O, 0},
    {0x1F3FB, 0x1F3FF, M, 0}, /* skin tone modifiers stay with their emoji */
    {0x1F400, 0x1FAFF, O, 0},
    {0x20000, 0x3FFFF, L, 0},
    {0xE0000, 0xE007F, M, 0}, /* tags (flag sequences) */
    {0xE0100, 0xE01EF, M, 0}, /* variation selectors supplement */
};

#undef L
#undef U
#undef W
#undef LA
#undef CY
#undef D
#undef S
#undef NL
#undef M
#undef J
#undef Z
#undef P
#undef Y
#undef O

/* Classes of the ASCII characters, indexed by byte (see fakt_uclass_fast). */
#define LO (FAKT_UC_LETTER | FAKT_UC_LOWER | FAKT_UC_LATIN)
#define UP (FAKT_UC_LETTER | FAKT_UC_UPPER | FAKT_UC_LATIN)
#define DG FAKT_UC_DIGIT
#define SP FAKT_UC_SPACE
#define NL (FAKT_UC_SPACE | FAKT_UC_NL)
#define ZW FAKT_UC_ZW
#define SY FAKT_UC_SYM
#define PU FAKT_UC_PUNCT
const uint16_t fakt_uclass_ascii[128] = {
    ZW, ZW, ZW, ZW, ZW, ZW, ZW, ZW,
    ZW, SP, NL, NL, NL, NL, ZW, ZW,
    ZW, ZW, ZW, ZW, ZW, ZW, ZW, ZW,
    ZW, ZW, ZW, ZW, ZW, ZW, ZW, ZW,
    SP, PU, PU, SY, SY, SY, SY, PU,
    PU, PU, SY, SY, PU, PU, PU, PU,
    DG, DG, DG, DG, DG, DG, DG, DG,
    DG, DG, PU, PU, SY, SY, SY, PU,
    SY, UP, UP, UP, UP, UP, UP, UP,
    UP, UP, UP, UP, UP, UP, UP, UP,
    UP, UP, UP, UP, UP, UP, UP, UP,
    UP, UP, UP, PU, PU, PU, SY, PU,
    SY, LO, LO, LO, LO, LO, LO, LO,
    LO, LO, LO, LO, LO, LO, LO, LO,
    LO, LO, LO, LO, LO, LO, LO, LO,
    LO, LO, LO, PU, SY, PU, SY, ZW,
};
#undef LO
#undef UP
#undef DG
#undef SP
#undef NL
#undef ZW
#undef SY
#undef PU

unsigned fakt_uclass(uint32_t c)
{
    if (c < 0x80)
        return fakt_uclass_ascii[c];
    /* The common case in Russian text: basic Cyrillic. */
    if (c >= 0x0410 && c <= 0x044F)
        return FAKT_UC_LETTER | FAKT_UC_CYR | (c < 0x0430 ? FAKT_UC_UPPER : FAKT_UC_LOWER);
    if (c < 0xA0) /* C1 controls; NEL is a line break */
        return c == 0x85 ? (FAKT_UC_SPACE | FAKT_UC_NL) : FAKT_UC_ZW;
    size_t lo = 0, hi = sizeof table / sizeof table[0];
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        if (c < table[mid].lo)
            hi = mid;
        else if (c > table[mid].hi)
            lo = mid + 1;
        else {
            unsigned b = table[mid].bits;
            if (table[mid].alt) {
                int even = (c & 1u) == 0;
                int up = table[mid].alt == 1 ? even : !even;
                b |= up ? FAKT_UC_UPPER : FAKT_UC_LOWER;
            }
            return b;
        }
    }
    /* Gaps: below U+2000 they are script blocks not listed (letters without
     * case: Syriac, Indic, Thai, Georgian...); unassigned elsewhere. */
    if (c < 0x2000)
        return FAKT_UC_LETTER;
    return FAKT_UC_OTHER;
}

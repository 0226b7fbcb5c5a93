/*
 * segment.c — stage 2: sentences and tokens over the exact input.
 *
 * Two linear passes.  The first scans the bytes once and cuts tokens with
 * their byte spans, kinds and flags; code-point offsets are counted as each
 * token is appended, from the previous token's end, eight bytes at a time
 * (cheaper than tracking them through the scanner's bounded look-aheads).
 * The second walks the tokens and decides, for each one, whether a
 * sentence ends before it, from a few tokens of context kept incrementally
 * (never by searching back), so a 50 MB line or a 100,000-character word
 * costs what a normal text does.
 *
 * Speed (bench/bench_segment.c; output checked byte for byte against the
 * plain version of each path).  ASCII and two-byte characters are decoded
 * inline; a run of basic Cyrillic letters is taken eight letters a step
 * (SSE2; four with 64-bit words elsewhere), and a Cyrillic word that ends
 * at a space or plain punctuation is cut without scan_word, its code
 * points known from the run.  Tokens go straight into the caller's arena,
 * into a reserve of one per 6 bytes of input (news has one per 11; pages
 * never reached are never touched).  Word lists are searched by halves.
 * The sentence rules skip the plain mid-line word and decode a token's
 * first character only where a rule needs it.
 *
 * Tokens.  A word is a run of letters and digits with combining marks and
 * invisible joiners (ZWJ, soft hyphen, LRM/RLM...) inside it; it continues
 * over an inner hyphen (что-то, Нур-Султан, 10-летний, ТМА-12) except between
 * two digits (2007-2008 is a range: three tokens), over an apostrophe
 * between letters (О’Рейли), over a decimal comma or point (5,4  3.14),
 * a time colon (19:28), a digit-group space (1 200 000, also NBSP and thin
 * spaces), and a dot that makes a domain (informburo.kz, Лента.ру, but not
 * т.е or г.Москва); e-mails and http/https/ftp/www URLs are one token.
 * Punctuation is one token per mark, except runs of dots (...), of ?/!
 * and of hyphens (--), which are one token each.  Dashes are tokens.
 *
 * Sentences end after . ! ? … (and any closing quotes or brackets right
 * after them) when the next token starts a sentence: not lowercase, not
 * punctuation that continues one (, ; : ) ...), not a dash followed by a
 * lowercase word (direct speech: «Кто?» — спросил он), and not after an
 * initial (В. В. Путин, Ш.М. Мирзиёев) or an abbreviation that never ends
 * a sentence (ул., им. after a name, проф., т. е., г. before a name).  An
 * empty line always ends a sentence; a single line break ends one when the
 * line had no final punctuation and the next line starts capitalized, with
 * a digit, a quote or a bullet (headlines, captions, lists).
 *
 * Conventions, measured against the factRuEval-2016 dev set
 * (`fakt eval tokens`, 122 texts, 30,940 tokens, 1,769 sentences; token
 * F1 0.9976, sentence-boundary F1 0.9871).  fakt follows the corpus in:
 * initials and abbreviations split from their period (В . / т . е .),
 * digit ranges split (2007 - 2008), hyphenated words joined, domains
 * joined (.eu alone too), ... and … one token, 5,4 one token and % apart,
 * a colon before «Capitalized quotation» ending a sentence (the corpus
 * does so in 20 of 24 places), • bullets and inline "(...) 2. Имя" items
 * starting sentences.  It deliberately differs in:
 *   - numbers with group spaces (1 200 000) are one token; the corpus
 *     splits them at the spaces (7 places: 7 extra, 14 missed tokens);
 *   - hyphenated compounds are always one token; the corpus splits those
 *     outside its word list (Жан-Мари, ракета-носитель, волна-2009:
 *     23 places, 23 extra and ~70 missed tokens);
 *   - «...», — сказал он. is one sentence; the corpus splits before the
 *     dash in 14 of ~44 such places (inconsistently) and, in 7 more,
 *     after «...», even without a dash;
 *   - headlines glued to the first line of text without any break or
 *     punctuation (17 in the corpus's own text) cannot be found;
 *   - 01:23 (score times) is one token; the corpus splits 2 of them.
 */
#include <stdlib.h>
#include <string.h>
#if defined(__SSE2__)
#include <emmintrin.h>
#endif

#include "segment.h"
#include "uclass.h"

#define UC_WORD (FAKT_UC_LETTER | FAKT_UC_DIGIT)

/* For the few small functions of the inner loops gcc would leave out of
 * line (their results come back through pointers). */
#if defined(__GNUC__)
#define ALWAYS_INLINE __attribute__((always_inline))
#else
#define ALWAYS_INLINE
#endif

/* ---- decoding helpers ------------------------------------------------ */

/* Decodes the code point at s[i] (i < n); ASCII and two-byte sequences
 * inline, the rest as fakt_utf8_next does. */
static inline ALWAYS_INLINE uint32_t dec(const unsigned char *s, size_t n, size_t i, size_t *nx)
{
    unsigned b = s[i];
    if (b < 0x80) {
        *nx = i + 1;
        return b;
    }
    if (b < 0xE0 && i + 1 < n) {
        *nx = i + 2;
        return ((b & 0x1Fu) << 6) | (s[i + 1] & 0x3Fu);
    }
    size_t k = i;
    uint32_t u = fakt_utf8_next((const char *)s, n, &k);
    *nx = k;
    return u;
}

/* Class of U+0400..U+047F (lead bytes 0xD0, 0xD1): Cyrillic letters, upper
 * below U+0430, lower to U+045F, then alternating (even upper) as in
 * uclass.c's table. */
static inline unsigned cyr_class(uint32_t v)
{
    unsigned up = v < 0x0430 || (v >= 0x0460 && !(v & 1u));
    return FAKT_UC_LETTER | FAKT_UC_CYR | (up ? FAKT_UC_UPPER : FAKT_UC_LOWER);
}

/* Class of the code point at byte j (0 past the end). */
static inline unsigned cls_at(const unsigned char *s, size_t n, size_t j, uint32_t *u,
                              size_t *nx)
{
    if (j >= n) {
        *u = 0;
        *nx = n;
        return 0;
    }
    unsigned b = s[j];
    if (b < 0x80) {
        *u = b;
        *nx = j + 1;
        return fakt_uclass_ascii[b];
    }
    if ((b & 0xFEu) == 0xD0 && j + 1 < n) {
        uint32_t v = ((b & 0x1Fu) << 6) | (s[j + 1] & 0x3Fu);
        *u = v;
        *nx = j + 2;
        return cyr_class(v);
    }
    *u = dec(s, n, j, nx);
    return fakt_uclass_fast(*u);
}

static inline int is_hyphen(uint32_t u) { return u == '-' || u == 0x2010 || u == 0x2011; }
static inline int is_apos(uint32_t u) { return u == '\'' || u == 0x2019 || u == 0x02BC; }
static inline int is_dash(uint32_t u)
{
    return u == '-' || (u >= 0x2012 && u <= 0x2015) || u == 0x2212;
}
static inline int is_digit_byte(const unsigned char *s, size_t n, size_t j)
{
    return j < n && s[j] >= '0' && s[j] <= '9';
}
/* Spaces allowed inside a digit group: space, NBSP, thin/narrow spaces. */
static inline int is_group_space(uint32_t u)
{
    return u == ' ' || u == 0xA0 || u == 0x2009 || u == 0x202F || u == 0x2007;
}

static uint32_t lower_cp(uint32_t u)
{
    if (u - 'A' < 26u)
        return u + 32;
    if (u >= 0x0410 && u <= 0x042F)
        return u + 32;
    if (u >= 0x0400 && u <= 0x040F)
        return u + 80;
    return u;
}

/* Does s[b0..b1) equal the lowercase word w (UTF-8), ignoring case of
 * basic Latin and Cyrillic? */
static int eq_lower_n(const unsigned char *s, size_t b0, size_t b1, const char *w, size_t wn)
{
    const unsigned char *p = (const unsigned char *)w;
    size_t i = b0, j = 0;
    if (b1 - b0 != wn)
        return 0;
    while (i < b1 && j < wn) {
        size_t ni, nj;
        uint32_t a = dec(s, b1, i, &ni), b = dec(p, wn, j, &nj);
        if (lower_cp(a) != b)
            return 0;
        i = ni;
        j = nj;
    }
    return i == b1 && j == wn;
}

static int eq_lower(const unsigned char *s, size_t b0, size_t b1, const char *w)
{
    return eq_lower_n(s, b0, b1, w, strlen(w));
}

/* ---- tables ---------------------------------------------------------- */

/* A lowercase word and its length in bytes.  Each list is sorted by byte
 * length, then by bytes (in_list searches it by halves): keep it so. */
typedef struct {
    const char *s;
    size_t n;
} word;
#define W(x) {x, sizeof x - 1}

/* Top-level domains: a dot before one of these joins a domain even when the
 * label is capitalized (Gzt.Ru) or Cyrillic (кремль.рф). */
static const word tlds[] = {
    W("am"), W("az"), W("by"), W("cn"), W("cz"), W("de"), W("ee"), W("es"), W("eu"),
    W("fm"), W("fr"), W("ge"), W("il"), W("io"), W("it"), W("jp"), W("kg"), W("kz"),
    W("lt"), W("lv"), W("md"), W("me"), W("pl"), W("ru"), W("su"), W("tj"), W("tm"),
    W("tr"), W("tv"), W("ua"), W("uk"), W("us"), W("uz"), W("biz"), W("com"), W("edu"),
    W("gov"), W("int"), W("mil"), W("net"), W("org"), W("pro"), W("asia"), W("info"),
    W("mobi"), W("news"), W("ру"), W("рф"), W("media"), W("online"), W("бел"), W("орг"),
    W("рус"), W("укр"), W("қаз"), W("дети"), W("сайт"), W("москва"),
};

/* Abbreviations whose period never ends a sentence (a name, a number or a
 * place follows): ул. Ленина, проф. Иванов, т. е., г. Москва.  When a
 * number precedes them they are units (5 см.) and may end one. */
static const word abbr_nosplit[] = {
    W("dr"), W("mr"), W("ms"), W("st"), W("vs"), W("г"), W("о"), W("с"), W("т"), W("х"),
    W("ш"), W("gen"), W("mrs"), W("rep"), W("sen"), W("prof"), W("вл"), W("гл"),
    W("гр"), W("дж"), W("им"), W("кв"), W("оз"), W("пл"), W("св"), W("см"), W("ср"),
    W("ст"), W("ул"), W("г-н"), W("бул"), W("ген"), W("дер"), W("доц"), W("зав"),
    W("зам"), W("мкр"), W("наб"), W("нач"), W("пгт"), W("пер"), W("пос"), W("рис"),
    W("тел"), W("тов"), W("г-жа"), W("акад"), W("корп"), W("напр"), W("преп"),
    W("проф"), W("табл"), W("просп"),
};

/* Number words flagged as abbreviations without a period: 5 млн. */
static const word number_words[] = {W("млн"), W("тыс"), W("млрд"), W("трлн")};

/* Abbreviations that may end a sentence (и т. д. / и др. / 5 млн руб.).
 * Only flagged. */
static const word abbr_maysplit[] = {
    W("co"), W("jr"), W("в"), W("д"), W("е"), W("л"), W("м"), W("н"), W("п"), W("р"),
    W("ч"), W("э"), W("etc"), W("inc"), W("ltd"), W("corp"), W("вв"), W("вс"), W("вт"),
    W("га"), W("гг"), W("др"), W("кг"), W("км"), W("мм"), W("пн"), W("пр"), W("пт"),
    W("сб"), W("сн"), W("чт"), W("шт"), W("р-н"), W("авг"), W("апр"), W("дек"),
    W("изд"), W("коп"), W("мес"), W("мин"), W("млн"), W("обл"), W("окт"), W("ред"),
    W("руб"), W("сек"), W("стр"), W("тыс"), W("чел"), W("экз"), W("янв"), W("долл"),
    W("млрд"), W("нояб"), W("сент"), W("трлн"), W("февр"),
};

/* s[b0..b1) as eq_lower_n compares it: each code point lowered and
 * re-encoded, into k (4 bytes per code point at most); returns its length. */
static size_t lower_key(const unsigned char *s, size_t b0, size_t b1, unsigned char *k)
{
    size_t i = b0, m = 0;
    while (i < b1) {
        size_t nx;
        uint32_t u = lower_cp(dec(s, b1, i, &nx));
        if (u < 0x80) {
            k[m++] = (unsigned char)u;
        } else if (u < 0x800) {
            k[m++] = (unsigned char)(0xC0 | (u >> 6));
            k[m++] = (unsigned char)(0x80 | (u & 0x3F));
        } else {
            m += fakt_utf8_encode(u, (char *)k + m);
        }
        i = nx;
    }
    return m;
}

/* Is s[b0..b1), lowercased, in list (sorted by byte length, then bytes)?
 * A binary search: the lists are kept in that order. */
static int in_list(const unsigned char *s, size_t b0, size_t b1, const word *list, size_t n)
{
    unsigned char k[16 * 4];
    if (b1 - b0 > 16 || b1 - b0 > list[n - 1].n || b1 - b0 < list[0].n)
        return 0; /* longer than the last entry, shorter than the first */
    size_t kn = lower_key(s, b0, b1, k);
    if (kn != b1 - b0)
        return 0;
    size_t lo = 0, hi = n;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        int c = 0;
        if (list[mid].n != kn) {
            c = list[mid].n < kn ? -1 : 1;
        } else {
            const unsigned char *w = (const unsigned char *)list[mid].s;
            for (size_t m = 0; m < kn && !c; m++)
                c = (int)w[m] - (int)k[m];
        }
        if (!c)
            return 1;
        if (c < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    return 0;
}
#define IN_LIST(s, b0, b1, l) in_list(s, b0, b1, l, sizeof l / sizeof l[0])

/* ---- token array ----------------------------------------------------- */

typedef struct {
    const unsigned char *s;
    size_t n;
    fakt_token *t;
    size_t nt, cap;
    unsigned pending; /* SPACE/NL/PARA flags for the next token */
    int oom;
    int qdepth; /* open straight/curly quotes, to pair ambiguous ones */
    size_t cpos, ccp; /* code points in s[0..cpos) */
    int heap;         /* t is malloc-ed (else it is the caller's reserve) */
} seg;

/* Continuation bytes (10xxxxxx) in the 8-byte word w. */
static inline size_t conts8(uint64_t w)
{
    uint64_t m = (w & ~(w << 1) & 0x8080808080808080ull) >> 7;
    return (size_t)((m * 0x0101010101010101ull) >> 56);
}

/* Code points in s[i..j) (j <= n): bytes that are not continuation bytes,
 * eight at a time; a short tail is read as one word when eight bytes are
 * there to read, the bytes past j masked off. */
static inline size_t count_cp(const unsigned char *s, size_t n, size_t i, size_t j)
{
    size_t cont = 0, len = j - i;
    while (j - i >= 8) {
        uint64_t w;
        memcpy(&w, s + i, 8);
        cont += conts8(w);
        i += 8;
    }
    if (i < j) {
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
        size_t r = j - i; /* 1..7 */
        uint64_t w;
        if (n - i >= 8) {
            memcpy(&w, s + i, 8);
            cont += conts8(w & (~0ull >> (64 - 8 * r)));
            return len - cont;
        }
        if (j >= 8) {
            memcpy(&w, s + j - 8, 8);
            cont += conts8(w >> (64 - 8 * r));
            return len - cont;
        }
#endif
        for (; i < j; i++)
            cont += (s[i] & 0xC0) == 0x80;
    }
    return len - cont;
}

static void grow(seg *g)
{
    size_t cap = g->cap ? g->cap * 2 : 256;
    fakt_token *t = g->heap ? realloc(g->t, cap * sizeof *t) : malloc(cap * sizeof *t);
    if (!t) {
        g->oom = 1;
        return;
    }
    if (!g->heap && g->nt)
        memcpy(t, g->t, g->nt * sizeof *t);
    g->t = t;
    g->cap = cap;
    g->heap = 1;
}

/* Appends a token of ncp code points ((size_t)-1: count them); code-point
 * offsets run on from the previous token's end (tokens come in order and
 * never overlap). */
static inline void push_cp(seg *g, size_t b0, size_t b1, size_t ncp, unsigned kind,
                           unsigned flags)
{
    if (g->nt == g->cap) {
        grow(g);
        if (g->oom)
            return;
    }
    fakt_token *k = &g->t[g->nt++];
    size_t c0 = g->ccp;
    if (b0 == g->cpos + 1) /* one byte between tokens, usually a space */
        c0 += (g->s[g->cpos] & 0xC0) != 0x80;
    else if (b0 != g->cpos)
        c0 += count_cp(g->s, g->n, g->cpos, b0);
    size_t c1 = c0 + (ncp != (size_t)-1 ? ncp : count_cp(g->s, g->n, b0, b1));
    g->cpos = b1;
    g->ccp = c1;
    k->b0 = (uint32_t)b0;
    k->b1 = (uint32_t)b1;
    k->c0 = (uint32_t)c0;
    k->c1 = (uint32_t)c1;
    k->kind = (uint16_t)kind;
    k->flags = (uint16_t)(flags | g->pending);
    g->pending = 0;
}

static inline void push(seg *g, size_t b0, size_t b1, unsigned kind, unsigned flags)
{
    push_cp(g, b0, b1, (size_t)-1, kind, flags);
}

/* ---- words, numbers, domains ---------------------------------------- */

/* Length in base characters of the alphanumeric label at j, its first
 * class, and whether it is a known TLD; looks at most 64 characters ahead
 * (a longer label is no TLD, and the caller only needs "at least 2"). */
static size_t label_at(const unsigned char *s, size_t n, size_t j, unsigned *first,
                       int *tld)
{
    size_t len = 0, k = j, end = j;
    *first = 0;
    while (k < n && len < 64) {
        uint32_t u;
        size_t nx;
        unsigned c = cls_at(s, n, k, &u, &nx);
        if (!(c & UC_WORD))
            break;
        if (!len)
            *first = c;
        len++;
        k = end = nx;
    }
    *tld = 0;
    if (len >= 2 && len <= 8) {
        *tld = IN_LIST(s, j, end, tlds);
    }
    return len;
}

/* Is c a character that ends a URL? */
static int url_stop(uint32_t u, unsigned c)
{
    if (c & (FAKT_UC_SPACE | FAKT_UC_ZW))
        return 1;
    return u == '"' || u == '<' || u == '>' || u == 0xAB || u == 0xBB || u == 0x201C ||
           u == 0x201D || u == 0x201E || u == '`';
}

/* Extends a URL from j to its end, then trims trailing punctuation that
 * belongs to the sentence (a final period, a closing bracket it did not
 * open). */
static size_t url_tail(const unsigned char *s, size_t n, size_t b0, size_t j)
{
    int paren = 0;
    while (j < n) {
        uint32_t u;
        size_t nx;
        unsigned c = cls_at(s, n, j, &u, &nx);
        if (url_stop(u, c))
            break;
        if (u == '(')
            paren++;
        j = nx;
    }
    while (j > b0) {
        unsigned char b = s[j - 1];
        if (b == '.' || b == ',' || b == ';' || b == ':' || b == '!' || b == '?' ||
            b == '\'' || (b == ')' && !paren))
            j--;
        else
            break;
    }
    return j;
}

/* A run of basic Cyrillic letters (U+0400..U+045F: lead byte 0xD0, or
 * 0xD1 below U+0460) from j, the bulk of the text: returns its end, with
 * the letters in *k, the uppercase ones (U+0400..U+042F) in *up and
 * whether the last is uppercase in *last.  *up is exact when all the
 * letters are uppercase and less than *k otherwise, all that ALLCAPS
 * (at least two uppercase, no lowercase) needs. */
static inline ALWAYS_INLINE size_t cyr_run(const unsigned char *s, size_t n, size_t j, int *k,
                                           int *up, unsigned *last)
{
    size_t j0 = j;
    int u = 0;
    unsigned l = 0;
#if defined(__SSE2__)
    /* Eight letters at a time, as 16-bit lanes (lead byte low, then the
     * continuation byte); the first lane that is no such letter ends the
     * run, so a word of up to eight letters takes one step. */
    while (n - j >= 16) {
        __m128i v = _mm_loadu_si128((const __m128i *)(const void *)(s + j));
        __m128i d0 = _mm_cmpeq_epi16(_mm_and_si128(v, _mm_set1_epi16(0x00FF)),
                                     _mm_set1_epi16(0x00D0));
        __m128i d1 = _mm_cmpeq_epi16(_mm_and_si128(v, _mm_set1_epi16(0x20FF)),
                                     _mm_set1_epi16(0x00D1)); /* below U+0460 */
        __m128i hi = _mm_cmpeq_epi16(_mm_and_si128(v, _mm_set1_epi16(0x30FF)),
                                     _mm_set1_epi16(0x30D0)); /* U+0430..U+043F */
        unsigned ok = (unsigned)_mm_movemask_epi8(_mm_or_si128(d0, d1));
        unsigned upm = (unsigned)_mm_movemask_epi8(_mm_andnot_si128(hi, d0));
        if (ok == 0xFFFFu) {
            u += upm == 0xFFFFu ? 8 : 0; /* exact only when all are upper */
            l = upm >> 15;
            j += 16;
            continue;
        }
        unsigned lanes = (unsigned)__builtin_ctz(~ok) / 2; /* letters before the stop */
        if (lanes) {
            unsigned valid = (1u << (2 * lanes)) - 1;
            u += (upm & valid) == valid ? (int)lanes : 0;
            l = (upm >> (2 * lanes - 1)) & 1u;
            j += 2 * lanes;
        }
        *k = (int)((j - j0) / 2);
        *up = u;
        *last = l;
        return j;
    }
#elif defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
    /* four letters at a time: lead bytes in the even bytes of w */
    while (n - j >= 8) {
        uint64_t w;
        memcpy(&w, s + j, 8);
        const uint64_t lo = 0x0001000100010001ull;
        uint64_t d1 = w & lo, t5 = (w >> 13) & lo, t4 = (w >> 12) & lo;
        if ((w & 0x00FE00FE00FE00FEull) != 0x00D000D000D000D0ull || (d1 & t5))
            break;
        uint64_t ups = ~d1 & ~(t5 & t4) & lo; /* 0xD0, below U+0430 */
        u += (int)((ups * lo) >> 48);
        l = (unsigned)(ups >> 48);
        j += 8;
    }
#endif
    while (j + 1 < n) {
        /* Which lead byte is random in text: no branch on it. */
        unsigned b = s[j], t = s[j + 1] & 0x3Fu, d1 = b & 1u;
        if (((b & 0xFEu) != 0xD0) | (d1 & (t >> 5)))
            break;
        l = (d1 ^ 1u) & (t < 0x30);
        u += (int)l;
        j += 2;
    }
    *k = (int)((j - j0) / 2);
    *up = u;
    *last = l;
    return j;
}

/* ASCII bytes that end a word outright (not letters or digits, not one of
 * - . , : ' @ _ / that scan_word looks past). */
static inline int word_stop(unsigned b)
{
    static const uint64_t m[2] = {0xf8000f7fffffffffull, 0xf800000178000000ull};
    return b < 0x80 && ((m[b >> 6] >> (b & 63)) & 1u);
}

/* Scans a word/number/domain starting at byte i (a letter or digit);
 * returns its end, sets kind and flags. */
static size_t scan_word(const unsigned char *s, size_t n, size_t i, unsigned *kind,
                        unsigned *flags)
{
    size_t j = i, end = i;
    unsigned fl = 0, prev = 0;
    size_t label = 0;    /* base characters since the last . - @ */
    int all_digits = 1;  /* only digits (and number separators) so far */
    size_t grp = 0;      /* digits in the current group */
    int grouped = 0;     /* a group space was joined */
    int decimal = 0;     /* a decimal separator was joined */
    int nup = 0, nlow = 0, nlet = 0, url = 0, at = 0;
    while (j < n) {
        if ((s[j] & 0xFEu) == 0xD0) {
            /* a run of basic Cyrillic letters: the letter bookkeeping
             * below, once per run */
            size_t j0 = j;
            int k, up;
            unsigned last;
            j = cyr_run(s, n, j, &k, &up, &last);
            if (k) {
                if (!nlet && s[j0] == 0xD0 && (s[j0 + 1] & 0x3Fu) < 0x30)
                    fl |= FAKT_TF_UPPER;
                nlet += k;
                nup += up;
                nlow += k - up;
                fl |= FAKT_TF_CYRILLIC;
                all_digits = 0;
                prev = FAKT_UC_LETTER | FAKT_UC_CYR | (last ? FAKT_UC_UPPER : FAKT_UC_LOWER);
                label += (size_t)k;
                end = j;
                continue;
            }
        }
        uint32_t u;
        size_t nx;
        unsigned c = cls_at(s, n, j, &u, &nx);
        if (c & UC_WORD) {
            if (c & FAKT_UC_LETTER) {
                if (!nlet && (c & FAKT_UC_UPPER))
                    fl |= FAKT_TF_UPPER;
                nlet++;
                nup += (c & FAKT_UC_UPPER) != 0;
                nlow += (c & FAKT_UC_LOWER) != 0;
                if (c & FAKT_UC_LATIN)
                    fl |= FAKT_TF_LATIN;
                if (c & FAKT_UC_CYR)
                    fl |= FAKT_TF_CYRILLIC;
                all_digits = 0;
            } else {
                fl |= FAKT_TF_DIGIT;
                grp++;
            }
            prev = c;
            label++;
            j = end = nx;
            continue;
        }
        if (c & FAKT_UC_MARK) {
            j = end = nx;
            continue;
        }
        if (c & FAKT_UC_JOIN) {
            /* Invisible format characters stay inside a word only. */
            size_t k = nx;
            uint32_t v;
            size_t nk;
            unsigned cv;
            while ((cv = cls_at(s, n, k, &v, &nk)) & FAKT_UC_JOIN)
                k = nk;
            if (cv & (UC_WORD | FAKT_UC_MARK)) {
                j = k;
                continue;
            }
            break;
        }
        /* most words end at a space or plain punctuation: decide before
         * looking further ahead */
        if (!(u == '-' || u == '.' || u == ',' || u == ':' || u == '\'' || u == '@' ||
              u == '_' || u == '/' || u >= 0x80 || (u == ' ' && all_digits)))
            break;
        uint32_t v;
        size_t nx2;
        unsigned cv = cls_at(s, n, nx, &v, &nx2);
        if (is_hyphen(u) && (cv & UC_WORD)) {
            if ((prev & FAKT_UC_DIGIT) && (cv & FAKT_UC_DIGIT) && all_digits)
                break; /* 2007-2008: a range */
            fl |= FAKT_TF_HYPHEN;
            all_digits = 0;
            label = 0;
            j = nx;
            continue;
        }
        if (is_apos(u) && (prev & FAKT_UC_LETTER) && (cv & FAKT_UC_LETTER)) {
            j = nx;
            continue;
        }
        if (all_digits && !url && (prev & FAKT_UC_DIGIT)) {
            if ((u == ',' || u == '.') && !decimal && (!grouped || (u == ',' && grp == 3)) &&
                is_digit_byte(s, n, nx)) {
                decimal = u == ',';
                if (u == '.')
                    decimal = 0; /* 12.05.2010, 06.00: more dots may follow */
                grp = 0;
                label = 0;
                j = nx;
                continue;
            }
            if (u == ':' && !decimal && !grouped && grp >= 1 && grp <= 2 &&
                is_digit_byte(s, n, nx) && is_digit_byte(s, n, nx + 1) &&
                !is_digit_byte(s, n, nx + 2)) {
                j = nx;
                grp = 0;
                continue;
            }
            if (is_group_space(u) && !decimal && (grouped ? grp == 3 : (grp >= 1 && grp <= 3)) &&
                grp == label && is_digit_byte(s, n, nx) && is_digit_byte(s, n, nx + 1) &&
                is_digit_byte(s, n, nx + 2) && !is_digit_byte(s, n, nx + 3)) {
                grouped = 1;
                grp = 0;
                label = 0;
                j = nx;
                continue;
            }
        }
        if (u == '.' && (prev & UC_WORD) && (cv & UC_WORD)) {
            unsigned first;
            int tld;
            size_t rl = label_at(s, n, nx, &first, &tld);
            int latin_lower = (first & FAKT_UC_DIGIT) ||
                              ((first & FAKT_UC_LATIN) && (first & FAKT_UC_LOWER));
            if (rl >= 1 && (tld || url || (latin_lower && (label >= 2 || rl >= 2)) ||
                            ((first & FAKT_UC_LOWER) && label >= 2 && rl >= 2 &&
                             (prev & FAKT_UC_LATIN)))) {
                url = 1;
                all_digits = 0;
                label = 0;
                j = nx;
                continue;
            }
            break;
        }
        if (u == '@' && !at && (prev & UC_WORD) && (cv & UC_WORD)) {
            at = url = 1;
            all_digits = 0;
            label = 0;
            j = nx;
            continue;
        }
        if (u == '_' && (prev & UC_WORD) && (cv & UC_WORD)) {
            all_digits = 0;
            label = 0;
            j = nx;
            continue;
        }
        if (url && (u == '/' || u == ':') && !at) {
            end = url_tail(s, n, i, j);
            break;
        }
        break;
    }
    if (end < n && s[end] == '-' && nlet && end + 3 < n && s[end + 1] == ' ' &&
        ((s[end + 2] == 0xD0 && s[end + 3] == 0xB8 && end + 4 < n && s[end + 4] == ' ') ||
         (end + 9 <= n && !memcmp(s + end + 2, "\xD0\xB8\xD0\xBB\xD0\xB8 ", 7))))
        end++; /* теле- и радиостанций: the hyphen belongs to the first word */
    if (nup >= 2 && nlow == 0)
        fl |= FAKT_TF_ALLCAPS;
    *kind = url ? FAKT_TK_URL : (nlet || !(fl & FAKT_TF_DIGIT)) ? FAKT_TK_WORD : FAKT_TK_NUM;
    *flags = fl;
    return end;
}

/* Does a URL start at i (http://, https://, ftp://, www.)? */
static int url_start(const unsigned char *s, size_t n, size_t i)
{
    static const char *const pre[] = {"http://", "https://", "ftp://", "www."};
    for (size_t k = 0; k < sizeof pre / sizeof pre[0]; k++) {
        size_t l = strlen(pre[k]), m;
        if (n - i <= l)
            continue;
        for (m = 0; m < l; m++) {
            unsigned b = s[i + m];
            if (b - 'A' < 26u)
                b += 32;
            if (b != (unsigned char)pre[k][m])
                break;
        }
        if (m == l && !(fakt_uclass_fast(s[i + l] < 0x80 ? s[i + l] : 0x41) & (FAKT_UC_SPACE | FAKT_UC_ZW)))
            return 1;
    }
    return 0;
}

/* Quote and bracket flags of a punctuation mark u at [b0,b1): guillemets
 * and „ open or close by themselves; straight and curly quotes by what is
 * around them (space before → opening, space after → closing), else by
 * pairing. */
static unsigned quote_flags(seg *g, uint32_t u, size_t b0, size_t b1)
{
    const unsigned char *s = g->s;
    switch (u) {
    case 0xAB: case 0x2039: case 0x201E: case 0x201A:
        return FAKT_TF_QUOTE | FAKT_TF_OPEN;
    case 0xBB: case 0x203A:
        return FAKT_TF_QUOTE | FAKT_TF_CLOSE;
    case '(': case '[': case '{':
        return FAKT_TF_OPEN;
    case ')': case ']': case '}':
        return FAKT_TF_CLOSE;
    case '"': case '\'': case 0x201C: case 0x201D: case 0x2018: case 0x2019: case 0x201F:
    case 0x201B: {
        /* free before: start, space, an opening mark or a dash */
        int lfree = 1, rfree = 1;
        if (b0 > 0) {
            size_t k = b0 - 1;
            while (k > 0 && (s[k] & 0xC0) == 0x80)
                k--;
            size_t nx;
            uint32_t p = dec(s, g->n, k, &nx);
            unsigned c = fakt_uclass_fast(p);
            lfree = (c & (FAKT_UC_SPACE | FAKT_UC_ZW)) || p == '(' || p == '[' || p == 0xAB ||
                    is_dash(p) || p == '/';
        }
        if (b1 < g->n) {
            size_t nx;
            uint32_t q = dec(s, g->n, b1, &nx);
            unsigned c = fakt_uclass_fast(q);
            rfree = (c & (FAKT_UC_SPACE | FAKT_UC_ZW | FAKT_UC_PUNCT)) != 0;
        }
        unsigned f;
        if (u == 0x201D || u == 0x2019)
            f = (lfree && !rfree) ? FAKT_TF_OPEN : FAKT_TF_CLOSE;
        else if (lfree && !rfree)
            f = FAKT_TF_OPEN;
        else if (!lfree && rfree)
            f = FAKT_TF_CLOSE;
        else
            f = g->qdepth > 0 ? FAKT_TF_CLOSE : FAKT_TF_OPEN;
        if (f == FAKT_TF_OPEN)
            g->qdepth++;
        else if (g->qdepth > 0)
            g->qdepth--;
        return FAKT_TF_QUOTE | f;
    }
    default:
        return 0;
    }
}

/* Skips combining marks (and ZWJ + emoji continuations for OTHER). */
static size_t skip_marks(const unsigned char *s, size_t n, size_t j)
{
    while (j < n) {
        uint32_t u;
        size_t nx;
        unsigned c = cls_at(s, n, j, &u, &nx);
        if (!(c & FAKT_UC_MARK))
            break;
        j = nx;
    }
    return j;
}

/* The first pass: tokens with byte spans. */
static void tokenize(seg *g)
{
    const unsigned char *s = g->s;
    size_t n = g->n, i = 0;
    int nl = 0; /* line breaks in the current whitespace run */
    unsigned sp = 0;
    while (i < n && !g->oom) {
        unsigned char b = s[i];
        if (b == ' ') {
            sp = 1;
            i++;
            continue;
        }
        if ((b & 0xFEu) == 0xD0) {
            /* The common word: Cyrillic letters up to a space or plain
             * punctuation, as scan_word would take it. */
            int k, up;
            unsigned last;
            size_t e = cyr_run(s, n, i, &k, &up, &last);
            if (k && (e == n || word_stop(s[e]))) {
                unsigned f = FAKT_TF_CYRILLIC;
                if (s[i] == 0xD0 && (s[i + 1] & 0x3Fu) < 0x30)
                    f |= FAKT_TF_UPPER;
                if (up >= 2 && up == k)
                    f |= FAKT_TF_ALLCAPS;
                g->pending = (sp ? FAKT_TF_SPACE_BEFORE : 0) | (nl ? FAKT_TF_NL_BEFORE : 0) |
                             (nl >= 2 ? FAKT_TF_PARA_BEFORE : 0);
                sp = 0;
                nl = 0;
                push_cp(g, i, e, (size_t)k, FAKT_TK_WORD, f);
                i = e;
                continue;
            }
        }
        uint32_t u;
        size_t nx;
        unsigned c = cls_at(s, n, i, &u, &nx);
        if (c & (FAKT_UC_SPACE | FAKT_UC_ZW | FAKT_UC_JOIN)) {
            if (c & FAKT_UC_NL) {
                if (!(b == '\n' && i > 0 && s[i - 1] == '\r'))
                    nl++;
            }
            if (c & FAKT_UC_SPACE)
                sp = 1;
            i = nx;
            continue;
        }
        g->pending = (sp ? FAKT_TF_SPACE_BEFORE : 0) | (nl ? FAKT_TF_NL_BEFORE : 0) |
                     (nl >= 2 ? FAKT_TF_PARA_BEFORE : 0);
        sp = 0;
        nl = 0;
        size_t start = i, end;
        unsigned kind, fl = 0;
        if (c & UC_WORD) {
            if ((b == 'h' || b == 'H' || b == 'w' || b == 'W' || b == 'f' || b == 'F') &&
                url_start(s, n, i)) {
                end = url_tail(s, n, i, i);
                kind = FAKT_TK_URL;
                fl = FAKT_TF_LATIN;
            } else {
                end = scan_word(s, n, i, &kind, &fl);
            }
        } else if (c & FAKT_UC_PUNCT) {
            end = nx;
            kind = FAKT_TK_PUNCT;
            if (u == '.') {
                if (end < n && s[end] == '.') {
                    while (end < n && s[end] == '.')
                        end++;
                } else if (end < n && (start == 0 || !(fakt_uclass_fast(s[start - 1]) & UC_WORD))) {
                    /* ".eu", ".РФ" after a space: a top-level domain named alone */
                    unsigned first;
                    int tld;
                    label_at(s, n, end, &first, &tld);
                    if (tld && (first & FAKT_UC_LETTER)) {
                        uint32_t v;
                        size_t nv, k = end;
                        while (cls_at(s, n, k, &v, &nv) & UC_WORD)
                            k = nv;
                        end = k;
                        kind = FAKT_TK_URL;
                    }
                }
            } else if (u == '?' || u == '!') {
                while (end < n && (s[end] == '?' || s[end] == '!' || s[end] == '.'))
                    end++;
            } else if (u == '-') {
                while (end < n && s[end] == '-')
                    end++;
            }
            end = skip_marks(s, n, end);
            fl = quote_flags(g, u, start, end);
        } else if (c & FAKT_UC_SYM) {
            end = skip_marks(s, n, nx);
            kind = FAKT_TK_SYM;
        } else {
            end = skip_marks(s, n, nx);
            kind = FAKT_TK_OTHER;
            /* emoji joined by ZWJ stay one token */
            for (;;) {
                uint32_t v, w;
                size_t n1, n2;
                if (cls_at(s, n, end, &v, &n1) != FAKT_UC_JOIN || v != 0x200D)
                    break;
                unsigned cw = cls_at(s, n, n1, &w, &n2);
                if (!(cw & (FAKT_UC_OTHER | FAKT_UC_SYM)))
                    break;
                end = skip_marks(s, n, n2);
            }
        }
        push(g, start, end, kind, fl); /* the one call: inlined */
        i = end;
    }
}

/* ---- token predicates for sentence decisions ------------------------- */

static inline uint32_t first_cp(const unsigned char *s, const fakt_token *t)
{
    size_t nx;
    return dec(s, t->b1, t->b0, &nx);
}

static inline int tok_is(const unsigned char *s, const fakt_token *t, uint32_t u)
{
    size_t nx;
    uint32_t v = dec(s, t->b1, t->b0, &nx);
    return v == u && nx == t->b1;
}

static inline int tok_lower(const unsigned char *s, const fakt_token *t)
{
    return t->kind == FAKT_TK_WORD && (fakt_uclass_fast(first_cp(s, t)) & FAKT_UC_LOWER);
}

/* Ends a sentence: . ! ? … ... ?! */
static int is_terminal(const unsigned char *s, const fakt_token *t)
{
    if (t->kind != FAKT_TK_PUNCT)
        return 0;
    uint32_t u = first_cp(s, t);
    return u == '.' || u == '!' || u == '?' || u == 0x2026 || u == 0x203C || u == 0x2047 ||
           u == 0x2048 || u == 0x2049;
}

/* Bullets that only ever mark list items (not dashes). */
static int is_list_bullet(uint32_t u)
{
    return u == 0x2022 || u == 0x25AA || u == 0x25E6 || u == 0x2023 || u == 0x25BA ||
           u == 0x25CF || u == 0x25A0 || u == 0x2043;
}

static int is_bullet(uint32_t u)
{
    return u == 0x2022 || u == 0x00B7 || u == 0x25AA || u == 0x25E6 || u == 0x2023 ||
           u == 0x2043 || u == 0x25BA || u == 0x25CF || u == '*' || u == 0x25A0 ||
           is_dash(u);
}

/* Can token t begin a sentence after a line break? */
static int starts_line(const unsigned char *s, const fakt_token *t)
{
    uint32_t u = first_cp(s, t);
    unsigned c = fakt_uclass_fast(u);
    if (c & FAKT_UC_LETTER)
        return !(c & FAKT_UC_LOWER);
    if (c & FAKT_UC_DIGIT)
        return 1;
    return (t->flags & FAKT_TF_OPEN) || is_bullet(u);
}

/* Does the two-byte character at p lowercase to м or т (the number words)? */
static inline int starts_m_t(const unsigned char *p)
{
    unsigned t = p[1] & 0x3Fu;
    return (p[0] == 0xD0 && (t == 0x3C || t == 0x1C || t == 0x22)) || (p[0] == 0xD1 && t == 0x02);
}

/* Flags ABBR and INITIAL on tokens followed by a period (and on the
 * number words that need none); returns nothing, used by the sentence
 * pass and by NER. */
static void mark_abbr(const unsigned char *s, fakt_token *t, size_t nt)
{
    for (size_t k = 0; k < nt; k++) {
        fakt_token *w = &t[k];
        if (w->kind != FAKT_TK_WORD)
            continue;
        int dot = k + 1 < nt && t[k + 1].b0 == w->b1 && s[w->b1] == '.' &&
                  t[k + 1].b1 == w->b1 + 1;
        if (dot) {
            size_t nx;
            uint32_t u = dec(s, w->b1, w->b0, &nx);
            if (nx == w->b1 && (fakt_uclass_fast(u) & FAKT_UC_UPPER))
                w->flags |= FAKT_TF_INITIAL;
            else if (IN_LIST(s, w->b0, w->b1, abbr_nosplit) ||
                     IN_LIST(s, w->b0, w->b1, abbr_maysplit))
                w->flags |= FAKT_TF_ABBR;
        } else if ((w->b1 - w->b0 == 6 || w->b1 - w->b0 == 8) && starts_m_t(s + w->b0) &&
                   IN_LIST(s, w->b0, w->b1, number_words)) {
            w->flags |= FAKT_TF_ABBR;
        }
    }
}

/* Does the period at token q (a terminal '.') end nothing, because of what
 * stands before it?  start is the first token of the current sentence. */
static int period_binds(const unsigned char *s, const fakt_token *t, size_t start, size_t q)
{
    if (q <= start)
        return 0;
    const fakt_token *w = &t[q - 1];
    if (w->b1 != t[q].b0)
        return 0;
    if (w->flags & FAKT_TF_INITIAL)
        return !(q >= 2 && q - 2 >= start && t[q - 2].kind == FAKT_TK_NUM); /* 8 G. is a unit */
    if (w->kind == FAKT_TK_NUM && (q - 1 == start || (w->flags & FAKT_TF_NL_BEFORE)))
        return 1; /* "2." opening a numbered list item */
    if (q >= 3 && q - 3 >= start && tok_is(s, &t[q - 2], '.') &&
        eq_lower(s, t[q - 3].b0, t[q - 3].b1, "т") &&
        (eq_lower(s, w->b0, w->b1, "е") || eq_lower(s, w->b0, w->b1, "к") ||
         eq_lower(s, w->b0, w->b1, "н")))
        return 1; /* т. е. / т. к. / т. н. go on; т. д. and т. п. may end */
    if (!(w->flags & FAKT_TF_ABBR) || !IN_LIST(s, w->b0, w->b1, abbr_nosplit))
        return 0;
    if (q >= 2 && q - 2 >= start && t[q - 2].kind == FAKT_TK_NUM)
        return 0; /* a unit after a number: 5 см. / 2010 г. */
    if (eq_lower(s, w->b0, w->b1, "им")) {
        /* им. Ломоносова after a name; "им." the pronoun after a verb */
        if (q < 2 || q - 2 < start)
            return 0;
        const fakt_token *v = &t[q - 2];
        return (v->flags & (FAKT_TF_UPPER | FAKT_TF_CLOSE)) != 0;
    }
    return 1;
}

/* Sentence boundary before token i?  q is the last token of the current
 * sentence that is not a closing quote or bracket (or SIZE_MAX). */
static int split_before(const unsigned char *s, const fakt_token *t, size_t nt, size_t start,
                        size_t q, int qterm, size_t i)
{
    const fakt_token *x = &t[i], *p = &t[i - 1];
    if (x->flags & FAKT_TF_PARA_BEFORE)
        return 1;
    if (x->flags & FAKT_TF_CLOSE)
        return 0;
    int nl = (x->flags & FAKT_TF_NL_BEFORE) != 0;
    /* the first character is decoded only where a rule needs it: most
     * tokens follow no terminal and no line break */
    if ((x->kind == FAKT_TK_PUNCT || x->kind == FAKT_TK_SYM) && is_list_bullet(first_cp(s, x)) &&
        !is_list_bullet(first_cp(s, p)))
        return 1; /* • item • item: each item is a sentence (bullets are marks) */
    if (x->kind == FAKT_TK_NUM && x->b1 - x->b0 <= 2 && i + 2 < nt && tok_is(s, p, ')') &&
        tok_is(s, &t[i + 1], '.') && t[i + 1].b0 == x->b1 && (t[i + 2].flags & FAKT_TF_UPPER))
        return 1; /* "(...) 2. Леван ...": a numbered item inside a line */
    if ((x->flags & FAKT_TF_OPEN) && (x->flags & FAKT_TF_QUOTE) && first_cp(s, x) == 0xAB &&
        tok_is(s, p, ':') &&
        i + 1 < nt && ((t[i + 1].flags & FAKT_TF_UPPER) || is_terminal(s, &t[i + 1])))
        return 1; /* сказал: «Мы ...» — the quotation is a sentence (corpus convention) */
    if (!qterm) {
        if (!nl || !starts_line(s, x))
            return 0;
        /* a line with no final punctuation: headline, caption, list item */
        if (p->kind == FAKT_TK_PUNCT && !(p->flags & FAKT_TF_CLOSE))
            return is_bullet(first_cp(s, x)) || (p->kind == FAKT_TK_PUNCT && tok_is(s, p, ':') &&
                                                 (fakt_uclass_fast(first_cp(s, x)) & FAKT_UC_DIGIT));
        return 1;
    }
    uint32_t u = first_cp(s, x);
    unsigned c = fakt_uclass_fast(u);
    if (x->kind == FAKT_TK_PUNCT && !(x->flags & FAKT_TF_OPEN) && !is_dash(u) &&
        !is_bullet(u))
        return 0; /* , ; : ) continue the sentence */
    if ((c & FAKT_UC_LETTER) && (c & FAKT_UC_LOWER))
        return 0;
    if (is_dash(u) && i + 1 < nt && tok_lower(s, &t[i + 1]) && !nl)
        return 0; /* «Кто?» — спросил он. */
    if (tok_is(s, &t[q], '.') && period_binds(s, t, start, q))
        return 0;
    return 1;
}

/* The second pass: sentences as token ranges, into a malloc-ed array. */
static int sentences(const unsigned char *s, const fakt_token *t, size_t nt, fakt_sent **out,
                     size_t *nout)
{
    size_t cap = nt / 8 + 4, ns = 0;
    fakt_sent *v = malloc(cap * sizeof *v);
    if (!v)
        return FAKT_ENOMEM;
    size_t start = 0, q = SIZE_MAX;
    int qterm = 0; /* q is a terminal (q >= start always: it is reset with start) */
    for (size_t i = 0; i <= nt; i++) {
        /* most tokens are words in mid-line after no terminal: no rule
         * of split_before can end a sentence before them */
        int plain = i < nt && !qterm && t[i].kind == FAKT_TK_WORD &&
                    !(t[i].flags & (FAKT_TF_PARA_BEFORE | FAKT_TF_NL_BEFORE));
        if (i == nt ? nt > start
                    : i > start && !plain && split_before(s, t, nt, start, q, qterm, i)) {
            if (ns == cap) {
                cap *= 2;
                fakt_sent *w = realloc(v, cap * sizeof *v);
                if (!w) {
                    free(v);
                    return FAKT_ENOMEM;
                }
                v = w;
            }
            v[ns].t0 = (uint32_t)start;
            v[ns].t1 = (uint32_t)i;
            ns++;
            start = i;
            q = SIZE_MAX;
            qterm = 0;
        }
        if (i < nt && !(t[i].flags & FAKT_TF_CLOSE)) {
            q = i;
            qterm = t[i].kind == FAKT_TK_PUNCT && is_terminal(s, &t[i]);
        }
    }
    *out = v;
    *nout = ns;
    return FAKT_OK;
}

/* Both passes.  Tokens go to buf (cap of them) while they fit, then to a
 * malloc-ed array (*heap set); sentences are malloc-ed. */
static int run(const char *text, size_t len, fakt_token *buf, size_t cap, fakt_token **toks,
               size_t *ntok, int *heap, fakt_sent **sents, size_t *nsent)
{
    seg g;
    memset(&g, 0, sizeof g);
    g.s = (const unsigned char *)text;
    g.n = len;
    g.t = buf;
    g.cap = cap;
    g.heap = *heap;
    tokenize(&g);
    *toks = g.t;
    *heap = g.heap;
    *ntok = g.nt;
    if (g.oom)
        return FAKT_ENOMEM;
    mark_abbr(g.s, g.t, g.nt);
    return sentences(g.s, g.t, g.nt, sents, nsent);
}

/* News text has a token per 11 bytes or so: room for one per 6 is
 * reserved, and only unusual text (a table of digits) grows past it. */
static size_t tok_estimate(size_t len) { return len / 6 + 64; }

int fakt_segment(const char *text, size_t len, fakt_arena *a, fakt_seg *out,
                 fakt_error *err)
{
    memset(out, 0, sizeof *out);
    if (!text && len)
        return fakt_err(err, FAKT_EINVAL, "segment: NULL text");
    if (len >= FAKT_SEG_MAX_BYTES)
        return fakt_err(err, FAKT_ELIMIT, "segment: input of %zu bytes exceeds the limit", len);
    /* Tokens are cut straight into the arena; pages of the reserve that
     * stay unused are never touched. */
    size_t cap = tok_estimate(len), nt = 0, ns = 0;
    fakt_token *buf = fakt_arena_alloc(a, cap * sizeof *buf), *t = buf;
    fakt_sent *v = NULL;
    int heap = 0;
    if (!buf)
        return fakt_err(err, FAKT_ENOMEM, "segment: out of memory");
    int rc = run(text ? text : "", len, buf, cap, &t, &nt, &heap, &v, &ns);
    if (rc == FAKT_OK && heap) { /* grew past the reserve: into the arena now */
        out->toks = fakt_arena_alloc(a, nt * sizeof *t);
        if (out->toks)
            memcpy(out->toks, t, nt * sizeof *t);
        else
            rc = FAKT_ENOMEM;
    } else {
        out->toks = t;
    }
    if (heap)
        free(t);
    if (rc == FAKT_OK) {
        out->sents = fakt_arena_alloc(a, (ns ? ns : 1) * sizeof *v);
        if (out->sents)
            memcpy(out->sents, v, ns * sizeof *v);
        else
            rc = FAKT_ENOMEM;
    }
    free(v);
    if (rc != FAKT_OK) {
        memset(out, 0, sizeof *out);
        return fakt_err(err, FAKT_ENOMEM, "segment: out of memory");
    }
    out->ntok = (uint32_t)nt;
    out->nsent = (uint32_t)ns;
    return FAKT_OK;
}

int fakt_segment_heap(const char *text, size_t len, fakt_token **toks, size_t *ntok,
                      fakt_sent **sents, size_t *nsent, fakt_error *err)
{
    *toks = NULL;
    *sents = NULL;
    *ntok = *nsent = 0;
    if (!text && len)
        return fakt_err(err, FAKT_EINVAL, "segment: NULL text");
    if (len >= FAKT_SEG_MAX_BYTES)
        return fakt_err(err, FAKT_ELIMIT, "segment: input of %zu bytes exceeds the limit", len);
    size_t cap = tok_estimate(len);
    fakt_token *buf = malloc(cap * sizeof *buf), *t = buf;
    int heap = 1;
    if (!buf)
        return fakt_err(err, FAKT_ENOMEM, "segment: out of memory");
    int rc = run(text ? text : "", len, buf, cap, &t, ntok, &heap, sents, nsent);
    if (rc != FAKT_OK) {
        free(t);
        *ntok = 0;
        return fakt_err(err, FAKT_ENOMEM, "segment: out of memory");
    }
    *toks = t;
    return FAKT_OK;
}

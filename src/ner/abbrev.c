/*
 * abbrev.c — names defined by their abbreviation in parentheses:
 * «Объединённого фронта за демократию против диктатуры (ОФДД)», «Союз
 * координационных советов (СКС)», and the other way round, «ПАСЕ
 * (Парламентской ассамблеи Совета Европы)».
 *
 * When the initials of a phrase spell the abbreviation beside it, the
 * phrase is one name, however long, and the abbreviation names the same
 * thing.  The tagger cannot count initials; this pass, run on the flat
 * labels after decoding, can.  Words are matched from the last letter
 * backwards, each capital-led or lowercase word giving its first letter
 * and the small words between them (и, по, за, в, of, the, …) giving none;
 * the phrase must start with a capital and hold no person.  The phrase
 * and the abbreviation then become one span each, of the type the tagger
 * gave the phrase's first word if that was LOC, else ORG.
 *
 * An abbreviation spelled by lowercase words («свободного программного
 * обеспечения (СПО)», «приборно-агрегатного отсека (ПАО)») names a term,
 * not an organization: all five such in NEREL and factRuEval's dev set are
 * no entity, so the one-token ORG or LOC spans of that abbreviation go,
 * there and in the rest of the document.
 */
#include <string.h>

#include "nerint.h"

#define ABBR_MAX 8   /* letters of an abbreviation */
#define PHRASE_MAX 12 /* tokens of a phrase */

static const char *const small[] = {"и", "по", "при", "за", "в", "на", "против", "для", "с", "о",
                                    "of", "for", "the", "and", "de", "to", "on", NULL};

/* The letters of an abbreviation, lowercased (code points), or 0 when the
 * token is not one: 2..ABBR_MAX letters, all capitals. */
static int abbr_letters(const char *text, const fakt_token *t, uint32_t *out)
{
    size_t n = t->b1 - t->b0;
    size_t nl = n < 64 ? fakt_ner_capitals(text + t->b0, n, out, ABBR_MAX) : 0;
    return nl >= 2 ? (int)nl : 0;
}

static uint32_t first_letter(const char *text, const fakt_token *t)
{
    char low[8];
    size_t n = t->b1 - t->b0 < 4 ? t->b1 - t->b0 : 4;
    size_t ln = fakt_ner_lower(text + t->b0, n, low, sizeof low), i = 0;
    return ln ? fakt_utf8_next(low, ln, &i) : 0;
}

/* The first token of the phrase ending before token e (exclusive) whose
 * initials spell the nl letters, or UINT32_MAX; s is the sentence start. */
static uint32_t match_back(const char *text, const fakt_seg *seg, const fakt_ner_feats *f, uint32_t s,
                           uint32_t e, const uint32_t *letters, int nl)
{
    int k = nl - 1;
    uint32_t i = e;
    while (i > s && e - i < PHRASE_MAX && k >= 0) {
        i--;
        const fakt_token *t = &seg->toks[i];
        if (!f->stemkey[i])
            return UINT32_MAX;
        if (fakt_ner_tok_in(text, t, small) && i + 1 < e)
            continue;
        if (first_letter(text, t) != letters[k])
            return UINT32_MAX;
        k--;
    }
    return k < 0 && f->upper[i] ? i : UINT32_MAX;
}

/* The phrase [a, e) spelled from its start: every word its letter. */
static int match_fwd(const char *text, const fakt_seg *seg, const fakt_ner_feats *f, uint32_t a, uint32_t e,
                     const uint32_t *letters, int nl)
{
    int k = 0;
    if (!f->upper[a])
        return 0;
    for (uint32_t i = a; i < e; i++) {
        const fakt_token *t = &seg->toks[i];
        if (!f->stemkey[i])
            return 0;
        if (fakt_ner_tok_in(text, t, small) && i > a)
            continue;
        if (k == nl || first_letter(text, t) != letters[k])
            return 0;
        k++;
    }
    return k == nl;
}

/* Whether [a, e) holds a person or an entity crossing its ends. */
static int blocked(const uint8_t *le, uint32_t a, uint32_t e)
{
    for (uint32_t k = a; k < e; k++)
        if (le[k] && fakt_ner_lab_type(le[k]) == FAKT_PER)
            return 1;
    int p0 = le[a] ? fakt_ner_lab_pos(le[a]) : 0, p1 = le[e - 1] ? fakt_ner_lab_pos(le[e - 1]) : 3;
    return p0 == 1 || p0 == 2 || p1 == 0 || p1 == 1;
}

static int phrase_type(const uint8_t *le, uint32_t a)
{
    return le[a] && fakt_ner_lab_type(le[a]) == FAKT_LOC ? FAKT_LOC : FAKT_ORG;
}

/* Whether the lowercase words ending before token e spell the nl letters,
 * each part of a hyphenated word giving its own («приборно-агрегатного
 * отсека (ПАО)»), with no capital and no entity among them. */
static int lowercase_spelled(const char *text, const fakt_seg *seg, const fakt_ner_feats *f,
                             const uint8_t *le, uint32_t s, uint32_t e, const uint32_t *letters, int nl)
{
    int k = nl - 1;
    uint32_t i = e;
    while (i > s && e - i < PHRASE_MAX && k >= 0) {
        i--;
        const fakt_token *t = &seg->toks[i];
        if (!f->stemkey[i] || f->upper[i] || le[i])
            return 0;
        if (fakt_ner_tok_in(text, t, small) && i + 1 < e)
            continue;
        uint32_t parts[ABBR_MAX];
        int np = 0;
        for (uint32_t b = t->b0; b < t->b1 && np < ABBR_MAX;) {
            const char *h = memchr(text + b, '-', t->b1 - b);
            uint32_t b1 = h ? (uint32_t)(h - text) : t->b1;
            if (b1 > b)
                parts[np++] = first_letter(text, &(fakt_token){.b0 = b, .b1 = b1});
            b = b1 + 1;
        }
        for (int j = np - 1; j >= 0; j--, k--)
            if (k < 0 || parts[j] != letters[k])
                return 0;
    }
    return k < 0;
}

/* Drops the one-token ORG and LOC spans of every token that reads as
 * token w does. */
static void drop_term(const char *text, const fakt_seg *seg, uint8_t *le, uint32_t w)
{
    const fakt_token *t = &seg->toks[w];
    size_t n = t->b1 - t->b0;
    for (uint32_t i = 0; i < seg->ntok; i++) {
        const fakt_token *u = &seg->toks[i];
        if (le[i] && fakt_ner_lab_pos(le[i]) == 3 && fakt_ner_lab_type(le[i]) != FAKT_PER &&
            u->b1 - u->b0 == n && !memcmp(text + u->b0, text + t->b0, n))
            le[i] = 0;
    }
}

void fakt_ner_abbrev(const char *text, const fakt_seg *seg, const fakt_ner_feats *f, uint8_t *le)
{
    uint32_t letters[ABBR_MAX];
    for (uint32_t s = 0; s < seg->nsent; s++) {
        uint32_t s0 = seg->sents[s].t0, s1 = seg->sents[s].t1;
        if (s1 > seg->ntok)
            continue;
        for (uint32_t o = s0 + 1; o + 2 < s1; o++) {
            if (!fakt_ner_tok_is(text, &seg->toks[o], "("))
                continue;
            int nl;
            if (fakt_ner_tok_is(text, &seg->toks[o + 2], ")") &&
                (nl = abbr_letters(text, &seg->toks[o + 1], letters))) {
                /* «Полное название (ПН)» */
                if (lowercase_spelled(text, seg, f, le, s0, o, letters, nl)) {
                    drop_term(text, seg, le, o + 1); /* a term, not a name */
                    continue;
                }
                uint32_t a = match_back(text, seg, f, s0, o, letters, nl);
                if (a == UINT32_MAX || blocked(le, a, o) ||
                    (le[o + 1] && fakt_ner_lab_type(le[o + 1]) == FAKT_PER))
                    continue;
                int type = phrase_type(le, a);
                fakt_ner_label_span(le, a, o, type);
                fakt_ner_label_span(le, o + 1, o + 2, type);
                continue;
            }
            if ((nl = abbr_letters(text, &seg->toks[o - 1], letters))) {
                /* «ПН (Полное название)» */
                uint32_t c = o + 1;
                while (c < s1 && c - o <= PHRASE_MAX && !fakt_ner_tok_is(text, &seg->toks[c], ")"))
                    c++;
                if (c >= s1 || c == o + 1 || c - o > PHRASE_MAX ||
                    !match_fwd(text, seg, f, o + 1, c, letters, nl) || blocked(le, o + 1, c) ||
                    (le[o - 1] && fakt_ner_lab_pos(le[o - 1]) != 3))
                    continue;
                int type = phrase_type(le, o + 1);
                fakt_ner_label_span(le, o + 1, c, type);
                fakt_ner_label_span(le, o - 1, o, type);
            }
        }
    }
}

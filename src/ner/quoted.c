/*
 * quoted.c — quoted names after an organization's kind word: движение «За
 * права человека», еженедельника «Пермский обозреватель», ГУП «Водоканал».
 *
 * factRuEval names the quoted part of such organizations (quotes and kind
 * word left out), and in its dev set 38 of the 39 quoted phrases right
 * after one of the kind words below are organization names.  The tagger
 * finds the well-known ones («Яблоко», «Газпром») but misses names made of
 * ordinary words, whose own features say nothing of a name, and NEREL, the
 * larger training corpus, has few quoted names to learn from.  This pass
 * runs on the flat labels after decoding: a quoted phrase of up to eight
 * tokens in one sentence, starting with a capital letter or a digit,
 * directly after a kind word that no entity covers, becomes one ORG span,
 * whatever the tagger made of its words (a place inside «Путь Грузии» is
 * part of the name), unless an entity crosses its quotes.  A Latin name
 * right after a kind word, without quotes («телеканала CNN», «корпорация
 * Philips», «профсоюза Unite»), becomes one ORG span the same way: in
 * NEREL 185 of the 190 Latin names after these words are organizations
 * (the rest facilities: «центре Pier 39»).
 */
#include <string.h>

#include "nerint.h"

#define QUOTED_MAX 8 /* tokens inside the quotes, at most */

/* Kind words by lowercase stem, and abbreviations of kinds in capitals
 * besides the legal forms (fakt_ner_legal_forms). */
#define L FAKT_NER_LIT
static const fakt_ner_lit kinds[] = {
    L("движени"), L("институт"), L("компани"), L("газет"), L("еженедельник"), L("ежедневник"),
    L("журнал"), L("клуб"), L("центр"), L("парти"), L("агентств"), L("холдинг"), L("банк"),
    L("фонд"), L("издательств"), L("телеканал"), L("радиостанци"), L("организаци"), L("союз"),
    L("ассоциаци"), L("корпораци"), L("концерн"), L("завод"), L("фабрик"), L("театр"), L("музе"),
    L("издани"), L("объединени"), L("комбинат"), L("предприяти"), L("фирм"), L("кинокомпани"),
    L("телекомпани"), L("авиакомпани"), L("радио"), L("общественн"), {NULL, 0}};
#undef L
static const char *const forms[] = {"ФК", "ХК", "ИА", NULL};
/* Kinds that head a Latin name without quotes (телеканала CNN, профсоюза
 * Unite) besides those above. */
#define L FAKT_NER_LIT
static const fakt_ner_lit latin_kinds[] = {L("канал"), L("профсоюз"), {NULL, 0}};
#undef L

static int is_kind(const char *text, const fakt_token *t, int latin)
{
    size_t n = t->b1 - t->b0;
    if (fakt_ner_tok_in(text, t, fakt_ner_legal_forms) || fakt_ner_tok_in(text, t, forms))
        return 1;
    char low[64];
    size_t ln = fakt_ner_lower(text + t->b0, n, low, sizeof low);
    return fakt_ner_stem_in(low, ln, kinds) || (latin && fakt_ner_stem_in(low, ln, latin_kinds));
}

/* A word of a Latin name: ASCII letters and digits, with inner dots,
 * hyphens and ampersands (Roem.ru, Wi-Fi, AT&T); 2 when it starts with a
 * capital or a digit, 1 when lowercase. */
static int latin_word(const char *text, const fakt_token *t)
{
    const unsigned char *w = (const unsigned char *)text + t->b0;
    size_t n = t->b1 - t->b0;
    int letters = 0;
    for (size_t i = 0; i < n; i++) {
        unsigned c = w[i];
        if ((c | 32) >= 'a' && (c | 32) <= 'z')
            letters++;
        else if (!(c >= '0' && c <= '9') && !((c == '.' || c == '-' || c == '&') && i && i + 1 < n))
            return 0;
    }
    if (!letters && !(n <= 4 && w[0] >= '0' && w[0] <= '9'))
        return 0; /* a number alone only after a word: Channel 4 */
    return (w[0] >= 'a' && w[0] <= 'z') ? 1 : 2;
}

int fakt_ner_quote_kind(const char *text, const fakt_token *t)
{
    const char *w = text + t->b0;
    size_t n = t->b1 - t->b0;
    if (n == 1 && w[0] == '"')
        return 3;
    if (n == 2 && !memcmp(w, "«", 2))
        return 1;
    if (n == 2 && !memcmp(w, "»", 2))
        return 2;
    if (n == 3 && !memcmp(w, "„", 3))
        return 1;
    if (n == 3 && (!memcmp(w, "“", 3) || !memcmp(w, "”", 3)))
        return 2;
    return 0;
}

/* A name's first token: a capital letter (Cyrillic or Latin) or a digit. */
static int starts_name(const char *text, const fakt_token *t, const fakt_ner_feats *f, uint32_t i)
{
    unsigned char c = (unsigned char)text[t->b0];
    return f->upper[i] || (c >= '0' && c <= '9');
}

/* The Latin name starting at token q after a kind word: its words (up to
 * QUOTED_MAX, spaced singly, small lowercase ones only inside) become one
 * ORG unless an entity crosses its edges. */
static void latin_name(const char *text, const fakt_seg *seg, const uint32_t *send, uint8_t *le,
                       uint32_t q)
{
    uint32_t end = send[q], c = q;
    if (!(seg->toks[q].flags & FAKT_TF_LATIN) || latin_word(text, &seg->toks[q]) != 2)
        return; /* a name starts with letters: not «центра 2010 года» */
    while (c < end && c - q < QUOTED_MAX && latin_word(text, &seg->toks[c]) &&
           (c == q || seg->toks[c].b0 == seg->toks[c - 1].b1 + 1))
        c++;
    while (c > q && latin_word(text, &seg->toks[c - 1]) == 1)
        c--; /* of, and, the: only inside */
    int first = le[q] ? fakt_ner_lab_pos(le[q]) : 0;
    int last = le[c - 1] ? fakt_ner_lab_pos(le[c - 1]) : 3;
    if (first == 1 || first == 2 || last == 0 || last == 1)
        return;
    fakt_ner_label_span(le, q, c, FAKT_ORG);
}

/* A quoted phrase that begins with a lowercase letter is a nickname or a
 * word, not a name («большой тройки», «шпор», слово «face»): factRuEval
 * tags one organization so in its dev set («парижскому клубу») and no
 * place.  Drops an ORG or LOC span that fills such quotes from q + 1.  Not
 * in a document the truecaser recased, where a name it did not know stays
 * lowercase («газпром»). */
static void lowercase_quoted(const char *text, const fakt_seg *seg, const fakt_ner_feats *f, uint8_t *le,
                             uint32_t q)
{
    uint32_t a = q + 1, b;
    int ty = le[a] ? fakt_ner_lab_type(le[a]) : 0;
    if ((ty != FAKT_ORG && ty != FAKT_LOC) || f->upper[a] || !f->stemkey[a] ||
        !(b = fakt_ner_span_end(le, seg->ntok, a)) || b >= seg->ntok ||
        !(fakt_ner_quote_kind(text, &seg->toks[b]) & 2))
        return;
    for (uint32_t k = a; k < b; k++)
        le[k] = 0;
}

void fakt_ner_quoted(const char *text, const fakt_seg *seg, const fakt_ner_feats *f,
                     const uint32_t *send, int recased, uint8_t *le)
{
    uint32_t nt = seg->ntok;
    for (uint32_t q = 1; q + 1 < nt; q++) {
        /* cheap tests first: an ASCII capital or digit, a Latin word */
        unsigned char a = (unsigned char)text[seg->toks[q].b0];
        if (((a >= 'A' && a <= 'Z') || (a >= '0' && a <= '9')) && (seg->toks[q].flags & FAKT_TF_LATIN) &&
            !le[q - 1] && is_kind(text, &seg->toks[q - 1], 1))
            latin_name(text, seg, send, le, q);
    }
    for (uint32_t q = 1; q + 2 < nt; q++) {
        unsigned char c0 = (unsigned char)text[seg->toks[q].b0];
        if (c0 != '"' && c0 != 0xC2 && c0 != 0xE2) /* quotes lead with these bytes */
            continue;
        int open = fakt_ner_quote_kind(text, &seg->toks[q]);
        if (!(open & 1) || le[q])
            continue;
        if (!recased)
            lowercase_quoted(text, seg, f, le, q);
        if (le[q - 1] || !is_kind(text, &seg->toks[q - 1], 0))
            continue;
        uint32_t c = q + 1, end = send[q];
        while (c < end && c - q <= QUOTED_MAX + 1 && !(fakt_ner_quote_kind(text, &seg->toks[c]) & 2))
            c++;
        if (c >= end || c - q > QUOTED_MAX + 1 || c == q + 1 || le[c] ||
            !starts_name(text, &seg->toks[q + 1], f, q + 1))
            continue;
        /* No entity may cross the quotes: the first inside begins one or
         * is outside any, the last ends one or is outside any. */
        int first = le[q + 1] ? fakt_ner_lab_pos(le[q + 1]) : 0;
        int last = le[c - 1] ? fakt_ner_lab_pos(le[c - 1]) : 3;
        if (first == 1 || first == 2 || last == 0 || last == 1)
            continue;
        fakt_ner_label_span(le, q + 1, c, FAKT_ORG);
        q = c;
    }
}

/*
 * products.c — names of products, works and events right after the word
 * that says what they are: корабль «Орион», автомобили «Шкода Октавия»,
 * браузера Chrome, конкурс «Новая волна-2009», игр FarmVille и CityVille.
 *
 * Neither corpus makes such names persons, places or organizations:
 * NEREL tags them PRODUCT, EVENT or WORK_OF_ART, and in factRuEval's dev
 * set none of the 43 quoted or Latin names right after one of the kind
 * words below is an entity of the name layer.  The tagger still reads a
 * quoted or Latin capitalized phrase as an organization, for that is what
 * such phrases mostly are.  This pass runs on the flat labels after
 * decoding: an ORG or LOC span in quotes, or of Latin letters, right after
 * a lowercase kind word in the same sentence, is dropped, and so are the
 * like spans joined to it by «и» or a comma; so is a Latin name of several
 * words that ends on an English word for an event («Corus Chess
 * Tournament»).  Persons are left alone, and so is a name in Cyrillic
 * without quotes («системе МВД»).
 */
#include <string.h>

#include "nerint.h"

/* Kind words by lowercase stem (ё read as е), with at most three letters
 * after it.  Left out for what they also head: «акции» (shares of
 * Facebook), «проект», «программа», «станция» (радиостанция «Маяк»),
 * «газета», «журнал». */
static const char *const kinds[] = {
    "корабл", "автомобил", "самолет", "вертолет", "ракет", "спутник", "модул", "шаттл",
    "браузер", "платформ", "систем", "аркад", "фильм", "сериал", "спектакл", "мюзикл",
    "альбом", "песн", "книг", "роман", "конкурс", "фестивал", "турнир", "чемпионат",
    "олимпиад", "марш", "преми", "выставк", "шоу", "операци", NULL};
/* «игр» + three letters would take in «игрока»: its forms whole. */
static const char *const games[] = {"игра", "игры", "игре", "игру", "игрой", "игр", "играм", "играх", "играми", NULL};

static int is_kind(const char *text, const fakt_token *t)
{
    if (t->kind != FAKT_TK_WORD || (t->flags & FAKT_TF_UPPER))
        return 0;
    char low[64];
    size_t ln = fakt_ner_lower(text + t->b0, t->b1 - t->b0, low, sizeof low);
    for (const char *const *k = games; *k; k++)
        if (strlen(*k) == ln && !memcmp(low, *k, ln))
            return 1;
    for (const char *const *k = kinds; *k; k++) {
        size_t kl = strlen(*k);
        if (ln >= kl && ln <= kl + 6 && !memcmp(low, *k, kl))
            return 1;
    }
    return 0;
}

/* The ORG or LOC span starting at a, if its words are quoted (an opening
 * quote at a - 1) or Latin: its end, else 0.  *before is the token before
 * it and its quote. */
static uint32_t product_span(const char *text, const fakt_seg *seg, const uint8_t *le, uint32_t a,
                             uint32_t *before)
{
    uint32_t nt = seg->ntok;
    uint32_t b = fakt_ner_span_end(le, nt, a);
    int ty = b ? fakt_ner_lab_type(le[a]) : 0;
    if (ty != FAKT_ORG && ty != FAKT_LOC)
        return 0;
    if (a > 0 && (fakt_ner_quote_kind(text, &seg->toks[a - 1]) & 1)) {
        *before = a - 1;
        return b;
    }
    *before = a;
    return (seg->toks[a].flags & FAKT_TF_LATIN) ? b : 0;
}

/* English words that end the name of an event («Corus Chess Tournament»,
 * «Davis Cup»), which says what it is wherever it stands. */
static const char *const events[] = {"Tournament", "Championship", "Cup", "Festival", "Awards",
                                     "Prize", "Games", "Olympics", "Marathon", NULL};

void fakt_ner_products(const char *text, const fakt_seg *seg, const uint32_t *send, uint8_t *le)
{
    uint32_t nt = seg->ntok;
    for (uint32_t a = 0; a < nt; a++) {
        uint32_t p, b = product_span(text, seg, le, a, &p);
        if (b && p == a && b - a > 1 && fakt_ner_tok_in(text, &seg->toks[b - 1], events)) {
            memset(le + a, 0, b - a);
            a = b - 1;
            continue;
        }
        if (!b || p == 0 || send[p - 1] != send[a] || !is_kind(text, &seg->toks[p - 1]))
            continue;
        /* this one, and «X и Y», «X, Y» after it */
        for (;;) {
            memset(le + a, 0, b - a);
            uint32_t c = b;
            if (c < nt && (fakt_ner_quote_kind(text, &seg->toks[c]) & 2))
                c++; /* its closing quote */
            if (c + 1 >= send[a] || !(fakt_ner_tok_is(text, &seg->toks[c], "и") ||
                                      fakt_ner_tok_is(text, &seg->toks[c], ",")))
                break;
            uint32_t a2 = c + 1;
            if (a2 < nt && (fakt_ner_quote_kind(text, &seg->toks[a2]) & 1))
                a2++;
            uint32_t p2, b2 = a2 < nt ? product_span(text, seg, le, a2, &p2) : 0;
            if (!b2 || p2 != (a2 > c + 1 ? c + 1 : a2) || b2 > send[a])
                break;
            a = a2, b = b2;
        }
        a = b - 1;
    }
}

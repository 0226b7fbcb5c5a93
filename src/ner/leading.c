/*
 * leading.c — the first words of names, where factRuEval's conventions and
 * the tagger part ways.
 *
 * Organizations take the adjective before them: «японского МИДа»,
 * «российского Минсельхоза», «американского министерства иностранных дел»,
 * «московского «Центра»».  factRuEval keeps a relative adjective in
 * -ский/-цкий that stands right before an organization's name inside that
 * name: in its dev set 18 such adjectives are part of the name they precede
 * and none is left out (the geo adjectives it leaves out stand before
 * descriptors, «российское правительство», which are no names).  The
 * tagger, taught mostly by NEREL's lowercase adjectives before generic
 * bodies («российских властей»), leaves them out.  So an ORG span (or one
 * in quotes) directly preceded, in the same sentence, by up to three such
 * adjectives that no entity covers is extended over them (and the quotes).
 *
 * Places drop the descriptor before them: «республики Крым», «столицы
 * Таиланда», «устье Невы».  Of about a thousand place names in factRuEval's
 * dev set ten begin with a lowercase word, and only one with a noun
 * («памятник ...»); the kind words before a name («города», «реки»,
 * «республики») stand outside it.  So a LOC span whose lowercase words
 * before its first capitalized one end in a word that is not shaped like an
 * adjective loses those words.
 *
 * Two more of factRuEval's conventions at a name's start: an agency
 * abbreviation or legal form is no part of it («ИА Regnum» → «Regnum»,
 * «РИА «Новости»» → «Новости»), and an adjective in -ский alone before a
 * lowercase word that heads no organization is none («Лондонские
 * беспорядки»).
 *
 * All run on the flat labels after decoding.
 */
#include <string.h>

#include "nerint.h"

#define LEADING_MAX 3 /* adjectives a name may take */

static int adjective(const char *text, const fakt_seg *seg, const uint8_t *le, uint32_t i)
{
    const fakt_token *t = &seg->toks[i];
    return !le[i] && t->kind == FAKT_TK_WORD && fakt_ner_geo_adjective(text + t->b0, t->b1 - t->b0);
}

/* A word ending as adjectives and participles do («автономной»,
 * «южные»); nouns with such endings («городом») count too, which only
 * keeps a span as the tagger made it. */
static int adjective_shaped(const char *text, const fakt_token *t)
{
    static const char *const ends[] = {"ий", "ый", "ой", "ая", "яя", "ое", "ее", "ие", "ые",
                                       "ого", "его", "ому", "ему", "ом", "ем", "им", "ым", "ую",
                                       "юю", "их", "ых", "ими", "ыми", NULL};
    const char *w = text + t->b0;
    size_t n = t->b1 - t->b0;
    for (int k = 0; ends[k]; k++) {
        size_t el = strlen(ends[k]);
        if (n > el && !memcmp(w + n - el, ends[k], el))
            return 1;
    }
    return 0;
}

/* Heads of organizations' names («Евразийским банком развития»). */
#define L FAKT_NER_LIT
static const fakt_ner_lit heads[] = {
    L("банк"), L("фонд"), L("союз"), L("комитет"), L("совет"), L("министерств"), L("служб"),
    L("агентств"), L("полици"), L("суд"), L("университет"), L("институт"), L("академи"),
    L("компани"), L("корпораци"), L("парти"), L("движени"), L("организаци"), L("ассоциаци"),
    L("федераци"), L("центр"), L("театр"), L("музе"), L("управлени"), L("департамент"),
    L("палат"), L("собрани"), L("клуб"), L("объединени"), {NULL, 0}};
#undef L

/* «Лондонские беспорядки», «по евразийским делам»: an adjective in -ский
 * before a lowercase word is no organization on its own (factRuEval names
 * one only in «Большого, Мариинского театров»), unless that word heads
 * one («Евразийским банком развития», where the tagger stopped short). */
static int lone_adjective(const char *text, const fakt_seg *seg, const fakt_ner_feats *f, uint32_t i)
{
    if (i + 1 >= seg->ntok)
        return 0;
    const fakt_token *t = &seg->toks[i], *n = &seg->toks[i + 1];
    if (!fakt_ner_geo_adjective(text + t->b0, t->b1 - t->b0) || n->kind != FAKT_TK_WORD || f->upper[i + 1])
        return 0;
    char low[64];
    size_t ln = n->b1 - n->b0 < sizeof low ? fakt_ner_lower(text + n->b0, n->b1 - n->b0, low, sizeof low) : 0;
    return !ln || !fakt_ner_stem_in(low, ln, heads);
}

/* «ИА Regnum», «ОАО «Газпром»», «РИА «Новости»»: factRuEval names the
 * organization without its legal form or agency abbreviation, and no name
 * in its dev set begins with one. */
static int kind_abbrev(const char *text, const fakt_token *t)
{
    static const char *const forms[] = {"ИА", "РИА", "ФК", "ХК", NULL};
    return fakt_ner_tok_in(text, t, fakt_ner_legal_forms) || fakt_ner_tok_in(text, t, forms);
}

/* «республики Крым» → «Крым». */
static void drop_descriptor(const char *text, const fakt_seg *seg, const fakt_ner_feats *f,
                            uint8_t *le, uint32_t a, uint32_t b)
{
    uint32_t c = a;
    while (c < b && !f->upper[c])
        c++;
    if (c == a || c == b || adjective_shaped(text, &seg->toks[c - 1]))
        return;
    for (uint32_t k = a; k < c; k++)
        le[k] = 0;
    fakt_ner_label_span(le, c, b, FAKT_LOC);
}

void fakt_ner_leading(const char *text, const fakt_seg *seg, const fakt_ner_feats *f,
                      const uint32_t *send, uint8_t *le)
{
    uint32_t nt = seg->ntok;
    for (uint32_t a = 0; a < nt; a++) {
        uint32_t b;
        if (!le[a])
            continue;
        int ty = fakt_ner_lab_type(le[a]);
        if (ty == FAKT_LOC && (b = fakt_ner_span_end(le, nt, a)) > a + 1) {
            drop_descriptor(text, seg, f, le, a, b);
            a = b - 1;
            continue;
        }
        if (ty != FAKT_ORG || !(b = fakt_ner_span_end(le, nt, a)))
            continue; /* not where an ORG span begins */
        if (b == a + 1 && lone_adjective(text, seg, f, a)) {
            le[a] = 0;
            continue;
        }
        if (b > a + 1 && kind_abbrev(text, &seg->toks[a])) {
            uint32_t s = a + 1, e = b;
            if (e - s > 2 && (fakt_ner_quote_kind(text, &seg->toks[s]) & 1) &&
                (fakt_ner_quote_kind(text, &seg->toks[e - 1]) & 2))
                s++, e--; /* РИА «Новости» → Новости */
            for (uint32_t k = a; k < b; k++)
                le[k] = 0;
            fakt_ner_label_span(le, s, e, FAKT_ORG);
            a = b - 1;
            continue;
        }
        if (a == 0)
            continue;
        uint32_t s = a, e = b;
        if (s >= 2 && e < nt && send[s - 1] == send[a] && !le[s - 1] && !le[e] &&
            (fakt_ner_quote_kind(text, &seg->toks[s - 1]) & 1) && (fakt_ner_quote_kind(text, &seg->toks[e]) & 2))
            s--, e++; /* «московского «Центра»»: the quotes come along */
        uint32_t k = s;
        while (k > 0 && s - k < LEADING_MAX && send[k - 1] == send[a] && adjective(text, seg, le, k - 1))
            k--;
        if (k < s)
            fakt_ner_label_span(le, k, e, FAKT_ORG);
        a = e - 1 > a ? e - 1 : a;
    }
}

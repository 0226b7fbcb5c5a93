/*
 * products.c — names of products, works and events right after the word
 * that says what they are: корабль «Орион», автомобили «Шкода Октавия»,
 * браузера Chrome, конкурс «Новая волна-2009», игр FarmVille и CityVille.
 *
 * Neither corpus makes such names persons, places or organizations:
 * NEREL tags them PRODUCT, EVENT or WORK_OF_ART, and in factRuEval's dev
 * set none of the 42 quoted or Latin names right after one of the kind
 * words below is an entity of the name layer.  The tagger still reads a
 * quoted or Latin capitalized phrase as an organization, for that is what
 * such phrases mostly are.  This pass runs on the flat labels after
 * decoding: an ORG or LOC span in quotes, or of Latin letters, right after
 * a lowercase kind word in the same sentence, is dropped, and so are the
 * like spans joined to it by «и» or a comma, tagged or not («игр
 * FarmVille и CityVille»); so is a Latin name of several words that ends
 * on an English word for an event («Corus Chess Tournament»).  Persons are
 * left alone, and so is a name in Cyrillic without quotes («системе
 * МВД»).  Airports and ports, places in factRuEval, make the organization
 * the tagger found after them a place («аэропорту «Домодедово»»), and
 * towns, villages and islands the person («из города Хилтон Хэд»).
 */
#include <string.h>

#include "nerint.h"

#define W FAKT_NER_LIT

/* Kind words by lowercase stem (ё read as е), with at most three letters
 * after it.  Left out for what they also head: «акции» (shares of
 * Facebook), «проект», «программа», «станция» (радиостанция «Маяк»),
 * «газета», «журнал»; and those whose name after them is as often the
 * maker's, an organization (NEREL: «альбома Rammstein», «самолета Air
 * France»): «альбом», «песня», «самолёт». */
static const fakt_ner_lit kinds[] = {
    W("корабл"), W("автомобил"), W("вертолет"), W("ракет"), W("спутник"),
    W("модул"), W("шаттл"), W("браузер"), W("платформ"), W("систем"), W("аркад"),
    W("фильм"), W("сериал"), W("спектакл"), W("мюзикл"),
    W("книг"), W("роман"), W("конкурс"), W("фестивал"), W("турнир"), W("чемпионат"),
    W("олимпиад"), W("марш"), W("преми"), W("выставк"), W("шоу"), W("операци"), {NULL, 0}};
/* «игр» + three letters would take in «игрока»: its forms whole. */
static const fakt_ner_lit games[] = {W("игра"), W("игры"), W("игре"), W("игру"), W("игрой"),
                                     W("игр"), W("играм"), W("играх"), W("играми"), {NULL, 0}};

/* Airports and ports are places in factRuEval («аэропорту «Домодедово»»,
 * «порт Козьмино»): an ORG after these words becomes LOC. */
static const fakt_ner_lit ports[] = {W("порт"), W("порта"), W("порту"), W("портом"), W("порте"),
                                     W("порты"), W("портов"), W("портах"), {NULL, 0}};
static const fakt_ner_lit airports[] = {W("аэропорт"), {NULL, 0}};
/* Towns, villages and islands: a person the tagger found after these words
 * is a place («из города Хилтон Хэд», «город Дацин»): in NEREL 169 of the
 * 174 capitalized words after them are places, and of the five persons
 * two follow a mayor («мэра города Ричарда Дэйли»). */
static const fakt_ner_lit towns[] = {
    W("город"), W("города"), W("городе"), W("городу"), W("городом"), W("городок"), W("городка"),
    W("городке"), W("поселок"), W("поселка"), W("поселке"), W("поселком"), W("село"), W("села"),
    W("селе"), W("селом"), W("деревня"), W("деревни"), W("деревне"), W("деревню"), W("деревней"),
    W("остров"), W("острова"), W("острове"), W("островом"), {NULL, 0}};
/* Who a town's person may be: «мэр города Лужков», «глава города Иванов». */
static const fakt_ner_lit posts[] = {W("мэр"), W("глав"), W("губернатор"), W("градоначальник"),
                                     W("президент"), W("руководител"), W("начальник"), W("прокурор"),
                                     W("депутат"), W("житель"), W("уроженец"), W("уроженк"),
                                     W("администраци"), W("сити-менеджер"), {NULL, 0}};
#undef W

/* What a lowercase word before a name says it is: 1 a product, work or
 * event, 2 a port, 3 a town, else 0; before a person (person != 0) only
 * a town is looked for. */
static int kind_of(const char *text, const fakt_token *t, int person)
{
    size_t n = t->b1 - t->b0;
    if (t->kind != FAKT_TK_WORD || (t->flags & (FAKT_TF_UPPER | FAKT_TF_LATIN)) || n < 6 || n > 40)
        return 0; /* kind words: lowercase Cyrillic, three letters or more */
    char low[64];
    size_t ln = fakt_ner_lower(text + t->b0, n, low, sizeof low);
    if (person)
        return fakt_ner_form_in(low, ln, towns) ? 3 : 0;
    if (fakt_ner_form_in(low, ln, games) || fakt_ner_stem_in(low, ln, kinds))
        return 1;
    return fakt_ner_form_in(low, ln, ports) || fakt_ner_stem_in(low, ln, airports) ? 2 : 0;
}

/* Whether token t names a post or a resident («мэр», «жителя»). */
static int post_word(const char *text, const fakt_token *t)
{
    char low[64];
    size_t n = t->b1 - t->b0;
    if (t->kind != FAKT_TK_WORD || n >= sizeof low)
        return 0;
    size_t ln = fakt_ner_lower(text + t->b0, n, low, sizeof low);
    return fakt_ner_stem_in(low, ln, posts);
}

static int latin_name_word(const fakt_token *t)
{
    return (t->kind == FAKT_TK_WORD && (t->flags & FAKT_TF_LATIN) && (t->flags & FAKT_TF_UPPER)) ||
           t->kind == FAKT_TK_NUM;
}

/* The name starting at token a (after its opening quote when quoted),
 * before sentence end e: its end, or 0 when there is none to judge.  A
 * span the tagger made is taken whole (ORG or LOC only); an untagged name
 * runs to the closing quote, or over Latin words. */
static uint32_t name_end(const char *text, const fakt_seg *seg, const uint8_t *le, uint32_t a,
                         uint32_t e, int quoted)
{
    if (a >= e)
        return 0;
    if (le[a]) {
        uint32_t b = fakt_ner_span_end(le, seg->ntok, a);
        int ty = b ? fakt_ner_lab_type(le[a]) : 0;
        return (ty == FAKT_ORG || ty == FAKT_LOC) && b <= e && (quoted || latin_name_word(&seg->toks[a]))
                   ? b : 0;
    }
    uint32_t b = a;
    if (quoted) {
        while (b < e && b - a < 8 && !(fakt_ner_quote_kind(text, &seg->toks[b]) & 2))
            b++;
        if (b >= e || b == a || !(fakt_ner_quote_kind(text, &seg->toks[b]) & 2))
            return 0;
    } else {
        while (b < e && latin_name_word(&seg->toks[b]) && !le[b])
            b++;
        if (b == a || seg->toks[a].kind != FAKT_TK_WORD)
            return 0;
    }
    /* an untagged stretch must not hold part of a span */
    for (uint32_t k = a; k < b; k++)
        if (le[k] && (fakt_ner_lab_type(le[k]) == FAKT_PER || (k == a && fakt_ner_lab_pos(le[k]) % 3 != 0) ||
                      (k + 1 == b && fakt_ner_lab_pos(le[k]) != 2 && fakt_ner_lab_pos(le[k]) != 3)))
            return 0;
    return b;
}

/* English words that end the name of an event («Corus Chess Tournament»,
 * «Davis Cup»), which says what it is wherever it stands. */
static const char *const events[] = {"Tournament", "Championship", "Cup", "Festival", "Awards",
                                     "Prize", "Games", "Olympics", "Marathon", NULL};

void fakt_ner_products(const char *text, const fakt_seg *seg, const uint32_t *send, uint8_t *le)
{
    uint32_t nt = seg->ntok;
    for (uint32_t a = 0; a < nt; a++) {
        uint32_t b = le[a] ? fakt_ner_span_end(le, nt, a) : 0;
        if (b > a + 1 && fakt_ner_lab_type(le[a]) != FAKT_PER && latin_name_word(&seg->toks[a]) &&
            fakt_ner_tok_in(text, &seg->toks[b - 1], events)) {
            memset(le + a, 0, b - a);
            a = b - 1;
        }
    }
    for (uint32_t k = 0; k + 1 < nt; k++) {
        /* what follows first (cheap), the word itself only then */
        const fakt_token *n = &seg->toks[k + 1];
        int next = le[k + 1] ? fakt_ner_lab_type(le[k + 1]) : 0;
        if (!(n->flags & (FAKT_TF_QUOTE | FAKT_TF_OPEN | FAKT_TF_LATIN)) && next != FAKT_ORG &&
            next != FAKT_PER)
            continue;
        int kind = kind_of(text, &seg->toks[k], next == FAKT_PER);
        if (!kind)
            continue;
        uint32_t e = send[k], a = k + 1;
        int quoted = (fakt_ner_quote_kind(text, &seg->toks[a]) & 1) != 0;
        a += (uint32_t)quoted;
        if (quoted && le[a - 1] && fakt_ner_lab_pos(le[a - 1]) % 3 == 0)
            a--; /* a span that holds its quotes («Орион» whole) */
        if (kind == 3) { /* a person there, unless a post comes first */
            uint32_t p = le[k + 1] ? fakt_ner_span_end(le, nt, k + 1) : 0;
            if (p && p <= e && fakt_ner_lab_type(le[k + 1]) == FAKT_PER &&
                !(k > 0 && post_word(text, &seg->toks[k - 1])))
                fakt_ner_label_span(le, k + 1, p, FAKT_LOC);
            continue;
        }
        if (kind == 2) { /* any organization the tagger found there */
            uint32_t p = a < e && le[a] ? fakt_ner_span_end(le, nt, a) : 0;
            if (p && p <= e && fakt_ner_lab_type(le[a]) == FAKT_ORG)
                fakt_ner_label_span(le, a, p, FAKT_LOC);
            continue;
        }
        uint32_t b = name_end(text, seg, le, a, e, quoted);
        /* this name, and «X и Y», «X, Y» after it */
        while (b) {
            memset(le + a, 0, b - a);
            uint32_t c = b + (b < e && (fakt_ner_quote_kind(text, &seg->toks[b]) & 2) ? 1 : 0);
            if (c + 1 >= e || !(fakt_ner_tok_is(text, &seg->toks[c], "и") ||
                                fakt_ner_tok_is(text, &seg->toks[c], ",")))
                break;
            a = c + 1;
            quoted = (fakt_ner_quote_kind(text, &seg->toks[a]) & 1) != 0;
            a += (uint32_t)quoted;
            if (quoted && a < e && le[a - 1] && fakt_ner_lab_pos(le[a - 1]) % 3 == 0)
                a--;
            b = name_end(text, seg, le, a, e, quoted);
        }
    }
}

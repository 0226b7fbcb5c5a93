/*
 * tails.c — the tails of long organization names: «Совета при Президенте РФ
 * по развитию информационного общества», «Организации по безопасности и
 * сотрудничеству в Европе», «МЧС по Санкт-Петербургу и Ленобласти».
 *
 * The tagger decides token by token with a window of a few words, and a
 * name that goes on past «по» or «при» looks, to it, like a name followed
 * by an adverbial phrase; in the cross-validation errors such names were
 * the largest class of organizations found only in part.  This pass runs
 * on the flat labels after decoding: an ORG span directly followed by «по»
 * or «при» (or by a place and then one: «Бюро США по патентам») is
 * extended over the noun phrase that follows, as long as the dictionary
 * reads its words as nouns, adjectives or participles in an oblique case
 * (capitalized words and the places and organizations inside come along),
 * with «и», «в», «за», «против», «по», «при» between them.  So is a span
 * whose tail the tagger began but cut short at «и» or «в» («Организации
 * по безопасности» + «и сотрудничеству в Европе»).  It stops at
 * punctuation, a person, a verb or adverb, and it leaves the span alone
 * when the phrase is adverbial («по словам», «по итогам», «при участии»).
 * The extension ends on a noun or a capitalized word.  A body's name that
 * ends on a lowercase genitive also goes on over «и» and one more such
 * phrase («Министерство сельского хозяйства и пищевой промышленности»).
 * Without a dictionary nothing is extended.
 */
#include <string.h>

#include "../morph/morph.h"
#include "nerint.h"

#define TAIL_MAX 10 /* tokens an extension may add */

/* Words after «по» / «при» that make an adverbial phrase, not a name. */
static const char *const adverbial[] = {
    "словам", "итогам", "данным", "мнению", "поводу", "причине", "сравнению", "просьбе",
    "приглашению", "инициативе", "оценкам", "оценке", "сообщению", "сообщениям", "информации",
    "подозрению", "факту", "заявлению", "результатам", "требованию", "решению", "линии",
    "телефону", "делу", "случаю", "ходу", "мере", "всей", "всему", "всем", "крайней", "меньшей",
    "большей", "этому", "этой", "этим", "его", "ее", "её", "их", "нашим", "моему", "своим",
    "своей", "своему", "словах", "указанию", "приказу", "поручению", "согласованию", "итогу",
    "адресу", "версии", "прогнозам", "расчетам", "расчётам", "подсчетам", "подсчётам",
    "сведениям", "утверждению", "признанию", "возможности", "пути", "дороге", "времени",
    "окончании", "завершении", "причинам", "обвинению", "статье", "статьям", "закону",
    "поддержке", "участии", "содействии", "помощи", "этом", "том", "условии", "необходимости",
    "желании", "попытке", "посредничестве", "финансовой", "наличии", "отсутствии", "жизни",
    "встрече", "входе", "выходе", "въезде", "выезде", "проверке", "задержании", "этих",
    "традиции", "ошибке", "неосторожности", "праву", "сути", "совместительству", "происхождению",
    "профессии", "образованию", "национальности", "специальности", "привычке", "сути",
    NULL};

/* Heads of names that take such tails (lowercase stems): the bodies,
 * services and societies named for what they do or whom they serve. */
static const char *const heads[] = {
    "совет", "комитет", "комисси", "отдел", "управлени", "министерств", "агентств", "служб",
    "бюро", "организаци", "департамент", "центр", "фонд", "институт", "палат", "инспекци",
    "академи", "ассоциаци", "союз", "групп", "прокуратур", "дирекци", "штаб", "ведомств",
    "федераци", "обществ", "движени", "парти", "коллеги", "администраци", "суд", "трибунал",
    "собрани", "представительств", "мисси", "сектор", "лаборатори", "кафедр", "факультет",
    "главк", "палат", "конгресс", "секретариат", "совещани", "корпораци", "компани", NULL};

/* Whether one of the words of [a, b) is such a head. */
static int has_head(const char *text, const fakt_seg *seg, uint32_t a, uint32_t b)
{
    char low[64];
    for (uint32_t k = a; k < b; k++) {
        const fakt_token *t = &seg->toks[k];
        size_t n = fakt_ner_lower(text + t->b0, t->b1 - t->b0, low, sizeof low);
        for (const char *const *h = heads; *h; h++)
            if (n >= strlen(*h) && !memcmp(low, *h, strlen(*h)))
                return 1;
    }
    return 0;
}

/* An abbreviation in capitals («МЧС», «УФСБ»): every letter a capital. */
static int is_abbr(const char *text, const fakt_token *t)
{
    size_t n = t->b1 - t->b0;
    return n >= 4 && n < 64 && fakt_ner_capitals(text + t->b0, n, NULL, n);
}

/* The words a tail starts with, and those a cut-short tail goes on at. */
static const char *const starts[] = {"по", "при", NULL};
static const char *const resumes[] = {"и", "в", NULL};

/* Prepositions and the conjunction that may join the words of a tail. */
static const char *const joins[] = {"по", "при", "и", "в", "за", "против", NULL};

enum { W_STOP = 0, W_NOUN = 1, W_ADJ = 2 };

/* What the tail makes of a word: a noun (or a capitalized word), an
 * adjective or participle, or a stop. */
static int word_class(const fakt_dict *d, const char *text, const fakt_token *t, int upper,
                      const int *g)
{
    if (upper)
        return W_NOUN;
    fakt_mparse p[FAKT_MORPH_MAX_PARSES];
    size_t np = fakt_morph_parse(d, text + t->b0, t->b1 - t->b0, p, FAKT_MORPH_MAX_PARSES);
    if (!np)
        return W_STOP;
    uint64_t b = fakt_morph_tag_grams(d, p[0].tag, g, 4);
    if (b & 8) /* nominative: the subject of what follows, not a tail */
        return W_STOP;
    return b & 1 ? W_NOUN : b & 6 ? W_ADJ : W_STOP;
}

static int lab_type(uint8_t l) { return l ? fakt_ner_lab_type(l) : 0; }

/* A lowercase word the dictionary can read as an inanimate noun in the
 * genitive (W_NOUN; «антропологии» is dative and locative too) or else as
 * a genitive adjective (W_ADJ), else W_STOP; g2: gent, anim. */
static int genitive_class(const fakt_dict *d, const char *text, const fakt_token *t, const int *g,
                          const int *g2)
{
    fakt_mparse p[FAKT_MORPH_MAX_PARSES];
    size_t np = fakt_morph_parse(d, text + t->b0, t->b1 - t->b0, p, FAKT_MORPH_MAX_PARSES);
    int wc = W_STOP;
    for (size_t k = 0; k < np; k++) {
        uint64_t b = fakt_morph_tag_grams(d, p[k].tag, g, 4), c = fakt_morph_tag_grams(d, p[k].tag, g2, 2);
        if (!(c & 1))
            continue;
        if ((b & 1) && (c & 2))
            return W_STOP; /* «заместителя»: a person */
        if (b & 1)
            wc = W_NOUN;
        else if ((b & 6) && wc == W_STOP)
            wc = W_ADJ;
    }
    return wc;
}

/* Bodies of their own after «и»: «Министерства обороны и генштаба». */
static const char *const bodies[] = {"генштаба", "правительства", "парламента", "полиции", "армии",
                                     "флота", "спецслужб", "прокуратуры", "руководства", NULL};

/* «Министерство сельского хозяйства» + «и пищевой промышленности»,
 * «Института этнологии» + «и антропологии»: a name whose head is a body
 * and whose last word is a lowercase genitive goes on over «и» and one
 * more lowercase genitive phrase (adjectives and an inanimate noun).
 * Returns the new end, or 0. */
static uint32_t and_tail(const fakt_dict *d, const char *text, const fakt_seg *seg, const fakt_ner_feats *f,
                         const uint8_t *le, uint32_t a, uint32_t b, uint32_t end, const int *g, const int *g2)
{
    if (b - a < 2 || b + 2 > end || f->upper[b - 1] || !fakt_ner_tok_is(text, &seg->toks[b], "и") ||
        !has_head(text, seg, a, a + 1) || genitive_class(d, text, &seg->toks[b - 1], g, g2) != W_NOUN)
        return 0;
    for (uint32_t k = b + 1; k < end && k <= b + 4; k++) {
        if (le[k] || f->upper[k] || !f->stemkey[k] || has_head(text, seg, k, k + 1) ||
            fakt_ner_tok_in(text, &seg->toks[k], bodies))
            return 0;
        int wc = genitive_class(d, text, &seg->toks[k], g, g2);
        if (wc == W_NOUN)
            return k + 1 < end && f->stemkey[k + 1] &&
                   (f->upper[k + 1] || genitive_class(d, text, &seg->toks[k + 1], g, g2) != W_STOP)
                       ? 0 /* the phrase goes on: «и профсоюза Юнайт» */
                       : k + 1;
        if (wc != W_ADJ)
            return 0;
    }
    return 0;
}

void fakt_ner_tails(const fakt_dict *d, const char *text, const fakt_seg *seg,
                    const fakt_ner_feats *f, const uint32_t *send, uint8_t *le)
{
    if (!d)
        return;
    const int g[4] = {fakt_morph_grammeme(d, "NOUN"), fakt_morph_grammeme(d, "ADJF"),
                      fakt_morph_grammeme(d, "PRTF"), fakt_morph_grammeme(d, "nomn")};
    const int g2[2] = {fakt_morph_grammeme(d, "gent"), fakt_morph_grammeme(d, "anim")};
    uint32_t nt = seg->ntok;
    for (uint32_t i = 0; i < nt; i++) {
        if (!le[i] || (fakt_ner_lab_pos(le[i]) > 0 && fakt_ner_lab_pos(le[i]) < 3))
            continue;
        if (lab_type(le[i]) != FAKT_ORG)
            continue;
        uint32_t a = i, b = fakt_ner_span_end(le, nt, i), end = send[i];
        if (!b)
            continue;
        /* «Бюро США по ...»: a place between the name and its tail. */
        uint32_t p = b;
        if (p < end && lab_type(le[p]) == FAKT_LOC && !(p = fakt_ner_span_end(le, nt, p)))
            continue;
        if (p + 1 >= end)
            continue;
        uint32_t and_end = p == b ? and_tail(d, text, seg, f, le, a, b, end, g, g2) : 0;
        if (and_end) {
            fakt_ner_label_span(le, a, and_end, FAKT_ORG);
            i = and_end - 1;
            continue;
        }
        /* A tail the tagger began but cut short: «Организации по
         * безопасности» + «и сотрудничеству в Европе». */
        int inner = 0;
        for (uint32_t k = a + 1; k < b && !inner; k++)
            inner = fakt_ner_tok_in(text, &seg->toks[k], starts);
        if (inner && p == b && fakt_ner_tok_in(text, &seg->toks[p], resumes) && !le[p + 1] && !f->upper[p + 1]) {
            /* the walk below goes on from the joining word */
        } else if (!fakt_ner_tok_in(text, &seg->toks[p], starts) ||
                   fakt_ner_tok_in(text, &seg->toks[p + 1], adverbial))
            continue;
        /* «Совета при ...», «Отдела по ...» take any tail; «МЧС по ...»
         * only a region («по Санкт-Петербургу и Ленобласти»); a person
         * («директор НАСА по космическим полётам», «вице-президент Google
         * по маркетингу») has the tail, not the name. */
        int abbr = b - a == 1 && is_abbr(text, &seg->toks[a]);
        if (!abbr && !has_head(text, seg, a, b))
            continue;
        if (abbr &&
            (p != b || !fakt_ner_tok_is(text, &seg->toks[p], "по") || lab_type(le[p + 1]) != FAKT_LOC))
            continue;
        /* Walk the phrase; last = the end after the latest noun. */
        uint32_t k = p, last = 0;
        while (k < end && k - b <= TAIL_MAX) {
            const fakt_token *t = &seg->toks[k];
            if (fakt_ner_tok_in(text, t, joins)) {
                k++;
                continue;
            }
            if (!f->stemkey[k] || lab_type(le[k]) == FAKT_PER)
                break;
            if (le[k]) { /* a place or organization inside comes whole */
                uint32_t e = fakt_ner_span_end(le, nt, k);
                if (!e || e > end)
                    break;
                k = last = e;
                continue;
            }
            if (abbr) /* a region only: places and «и» */
                break;
            int wc = word_class(d, text, t, f->upper[k], g);
            if (wc == W_STOP)
                break;
            k++;
            if (wc == W_NOUN)
                last = k;
        }
        if (!last || last - a > TAIL_MAX + (b - a))
            continue;
        fakt_ner_label_span(le, a, last, FAKT_ORG);
        i = last - 1;
    }
}

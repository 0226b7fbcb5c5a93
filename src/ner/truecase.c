/*
 * truecase.c — sentences written all in lowercase («путин приехал в
 * москву»), recased the way news is written before the tagger reads them.
 *
 * The tagger learned names mostly from their capital letters; in lowercase
 * chat-style text no word looks like a name.  Case-augmented training
 * helps, but a model trained on NEREL alone still reads the devset
 * lowercased far worse (ORG .68-.73 against .82).  A sentence where no word
 * has a capital (at least three words) is recased word by word from what
 * the news at large do with the word (the model's lex table, from
 * models/wordstats.tsv): in capitals when most of its occurrences inside
 * sentences are («мвд» → «МВД», «сша» → «США»), capitalized when 70 % or
 * more are («Путин», «Москве»), else left lowercase; a word the news do not
 * know is asked of the dictionary (abbreviations, names, surnames, places,
 * organizations); the first word of the sentence gets its capital.  Letters
 * keep their byte lengths (Cyrillic and Latin only), so offsets stay, and
 * the output reports the original text.
 *
 * Sentences in capitals are left to the model: recasing them the same way
 * lost ORG .743 → .709 on the devset in capitals (the first, capitalized
 * word of a name such as «МИНИСТЕРСТВО ИНОСТРАННЫХ ДЕЛ» comes out
 * lowercase), while the case-augmented model reads capitals well.
 */
#include <string.h>

#include "../morph/morph.h"
#include "nerint.h"

static int is_letter(uint32_t c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= 0x400 && c <= 0x45F);
}

enum { TC_LOWER, TC_CAP, TC_UPPER };


int fakt_ner_recase(char *t, size_t b0, size_t b1, int up, int which)
{
    int first = 1, letters = 0, changed = 0;
    size_t i = b0;
    while (i < b1) {
        size_t k = i;
        uint32_t c = fakt_utf8_next(t, b1, &i);
        if (which == FAKT_RECASE_PARTS && c == '-' && letters) { /* not in «10-летний» */
            /* the part after the hyphen: capitalized when 3+ letters */
            size_t j = i, nl = 0;
            while (j < b1 && is_letter(fakt_utf8_next(t, b1, &j)))
                nl++;
            first = nl >= 3;
            continue;
        }
        uint32_t d = which == FAKT_RECASE_ALL || first ? (up ? fakt_cp_upper(c) : fakt_cp_lower(c)) : c;
        letters |= is_letter(c);
        first = 0; /* a digit first too: «10-летний» stays */
        if (d != c) {
            char buf[4];
            if (fakt_utf8_encode(d, buf) == i - k) {
                memcpy(t + k, buf, i - k);
                changed = 1;
            }
        }
    }
    return changed;
}

typedef struct tc_ctx {
    const fakt_model *m;
    const fakt_dict *d;
    int abbr, proper[5]; /* grammeme ids */
} tc_ctx;

/* The case the word with lowercase form low[0..ln) gets. */
static int choose(const tc_ctx *c, const char *low, size_t ln)
{
    uint32_t v = fakt_ner_table_get(&c->m->lex, fakt_ner_hash(low, ln));
    if (v & FAKT_LEX_UPPER)
        return TC_UPPER;
    uint32_t cb = FAKT_LEX_CAP(v); /* 5: 70-90 % of mid-sentence uses capitalized */
    if (cb)
        return cb >= 5u ? TC_CAP : TC_LOWER;
    if (c->d) {
        fakt_mparse p[FAKT_MORPH_MAX_PARSES];
        size_t np = fakt_morph_parse(c->d, low, ln, p, FAKT_MORPH_MAX_PARSES);
        int abbr = 0, proper = 0;
        for (size_t i = 0; i < np; i++) {
            if (p[i].kind != FAKT_MK_DICT)
                continue;
            abbr |= fakt_morph_tag_has(c->d, p[i].tag, c->abbr);
            for (int g = 0; g < 5; g++)
                proper |= fakt_morph_tag_has(c->d, p[i].tag, c->proper[g]);
        }
        if (abbr)
            return TC_UPPER;
        if (proper)
            return TC_CAP;
    }
    return TC_LOWER;
}

/* Whether the sentence [t0, t1) has three words or more and no capital:
 * from the segmenter's flags alone, so normal text costs a scan. */
static int all_lowercase(const fakt_seg *seg, uint32_t t0, uint32_t t1)
{
    uint32_t words = 0;
    for (uint32_t i = t0; i < t1; i++) {
        const fakt_token *t = &seg->toks[i];
        if (t->kind != FAKT_TK_WORD)
            continue;
        if (t->flags & FAKT_TF_UPPER)
            return 0;
        words++;
    }
    return words >= 3;
}

int fakt_ner_truecase(const fakt_model *m, const fakt_dict *d, const char *text,
                      const fakt_seg *seg, fakt_arena *a, const char **out_text, fakt_seg *out_seg)
{
    *out_text = text;
    *out_seg = *seg;
    uint32_t nt = seg->ntok, s0 = 0;
    while (s0 < seg->nsent && !all_lowercase(seg, seg->sents[s0].t0, seg->sents[s0].t1 < nt ? seg->sents[s0].t1 : nt))
        s0++;
    if (s0 == seg->nsent || !nt)
        return 0;
    size_t len = seg->toks[nt - 1].b1;
    char *t = fakt_arena_alloc(a, len + 1);
    fakt_token *toks = fakt_arena_alloc(a, (size_t)nt * sizeof *toks);
    if (!t || !toks)
        return -1;
    memcpy(t, text, len);
    t[len] = 0;
    memcpy(toks, seg->toks, (size_t)nt * sizeof *toks);
    tc_ctx c = {m, d, -1, {-1, -1, -1, -1, -1}};
    if (d) {
        static const char *const pn[5] = {"Name", "Surn", "Patr", "Geox", "Orgn"};
        c.abbr = fakt_morph_grammeme(d, "Abbr");
        for (int g = 0; g < 5; g++)
            c.proper[g] = fakt_morph_grammeme(d, pn[g]);
    }
    for (uint32_t s = s0; s < seg->nsent; s++) {
        uint32_t t0 = seg->sents[s].t0, t1 = seg->sents[s].t1 < nt ? seg->sents[s].t1 : nt;
        if (!all_lowercase(seg, t0, t1))
            continue;
        int first = 1;
        for (uint32_t i = t0; i < t1; i++) {
            fakt_token *k = &toks[i];
            if (k->kind != FAKT_TK_WORD)
                continue;
            char low[128];
            size_t n = k->b1 - k->b0;
            int how = TC_LOWER;
            if (n < sizeof low)
                how = choose(&c, low, fakt_ner_lower(t + k->b0, n, low, sizeof low));
            if (first && how == TC_LOWER)
                how = TC_CAP;
            first = 0;
            if (how == TC_LOWER)
                continue;
            fakt_ner_recase(t, k->b0, k->b1, 1, how == TC_UPPER ? FAKT_RECASE_ALL : FAKT_RECASE_PARTS);
            k->flags |= FAKT_TF_UPPER;
            if (how == TC_UPPER && fakt_utf8_count(t + k->b0, n) >= 2)
                k->flags |= FAKT_TF_ALLCAPS;
        }
    }
    *out_text = t;
    out_seg->toks = toks;
    return 1;
}

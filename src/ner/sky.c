/*
 * sky.c — the Moon, the Sun and the planets: «высадятся на Луну», «о
 * полюсах Марса», «вспышка на Солнце».
 *
 * factRuEval tags the capitalized names of celestial bodies as Locations
 * (28 times in its dev set, 26 of them in one article on lunar missions);
 * NEREL leaves them mostly untagged and holds a handful, so the tagger
 * learns them only from the few documents that have them, and misses
 * them in a held-out article about space.  In the unlabeled news nearly
 * every capitalized «Луна», «Марс», «Венера» inside a sentence is the body
 * itself; a person so named comes with a surname («Марс Сариев»).  This
 * pass runs on the flat labels after decoding: a capitalized word whose
 * stem is one of the names below becomes LOC when no entity covers it or
 * when the tagger made it a person on its own (which held-out folds do:
 * «на Луну», «к Марсу» as PER).  The Earth is left out: «Земля» is also
 * land, a German state and part of place names («Земля Франца-Иосифа»).
 */
#include <string.h>

#include "nerint.h"

/* Lowercase stems, as fakt_ner_stem gives them, with their byte lengths. */
#define STEM(s) {s, sizeof s - 1}
static const struct {
    const char *s;
    size_t n;
} sky[] = {STEM("лун"), STEM("марс"), STEM("солнц"), STEM("юпитер"), STEM("сатурн"),
           STEM("венер"), STEM("меркур"), STEM("нептун"), STEM("плутон"), {NULL, 0}};

int fakt_ner_sky_word(const char *low, size_t n)
{
    size_t sn = fakt_ner_stem(low, n);
    for (int i = 0; sky[i].s; i++)
        if (sky[i].n == sn && !memcmp(sky[i].s, low, sn))
            return 1;
    return 0;
}

/* w[0..n), a word with a Cyrillic capital, begins as one of the stems:
 * the capital lowered by hand (А-П → а-п, Р-Я → р-я), the rest compared
 * as bytes. */
static int starts_like(const char *w, size_t n)
{
    unsigned char c = (unsigned char)w[1];
    unsigned char l0 = c < 0xA0 ? 0xD0 : 0xD1, l1 = (unsigned char)(c < 0xA0 ? c + 0x20 : c - 0x20);
    for (int i = 0; sky[i].s; i++)
        if (n >= sky[i].n && (unsigned char)sky[i].s[0] == l0 && (unsigned char)sky[i].s[1] == l1 &&
            !memcmp(w + 2, sky[i].s + 2, sky[i].n - 2))
            return 1;
    return 0;
}

void fakt_ner_sky(const char *text, const fakt_seg *seg, const fakt_ner_feats *f, uint8_t *le)
{
    for (uint32_t i = 0; i < seg->ntok; i++) {
        const fakt_token *t = &seg->toks[i];
        unsigned char c = (unsigned char)text[t->b0];
        /* Cyrillic capitals lead with 0xD0; the forms have at most 10 letters. */
        int alone = !le[i] || le[i] == fakt_ner_lab(FAKT_PER, 3);
        if (!alone || !f->upper[i] || c != 0xD0 || t->kind != FAKT_TK_WORD || t->b1 - t->b0 > 20)
            continue;
        if (!starts_like(text + t->b0, t->b1 - t->b0))
            continue; /* the common case, spared the lowercasing and the stemmer */
        char low[24];
        size_t n = fakt_ner_lower(text + t->b0, t->b1 - t->b0, low, sizeof low);
        if (fakt_ner_sky_word(low, n))
            le[i] = (uint8_t)fakt_ner_lab(FAKT_LOC, 3);
    }
}

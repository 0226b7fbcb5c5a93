/*
 * test_nest.c — nested entities (src/ner/nest.c): over flat layers given by
 * hand, so that the rules are tested apart from the tagger, and then through
 * the public API (parent indices, JSON "parent", factRuEval lines, a user
 * gazetteer taking an outer entity away with its nested ones).  Sentences
 * written for this test.  Skips without the model or the dictionary.
 */
#include <stdlib.h>
#include <unistd.h>

#include "core/core.h"
#include "harness.h"
#include "ner/nerint.h"
#include "text/segment.h"

/* Runs fakt_ner_nest over text with the flat layer `flat` ("ORG 0 2,PER 4 6":
 * type and token range per entity, in order) and writes what it added as
 * "TYPE:text" joined by '|' into out; checks that the flat entities come
 * through unchanged and each nested one lies inside the flat one before it. */
static void nest(const char *text, const char *flat, char *out, size_t cap)
{
    const fakt_model *m = fakt_test_model();
    fakt_arena a;
    fakt_arena_init(&a);
    fakt_seg seg;
    fakt_ner_feats f;
    out[0] = 0;
    if (fakt_segment(text, strlen(text), &a, &seg, NULL) != FAKT_OK ||
        fakt_ner_features(m, fakt_test_dict(), text, &seg, &a, &f) != FAKT_OK) {
        snprintf(out, cap, "error");
        fakt_arena_free(&a);
        return;
    }
    fakt_ent in[8];
    uint32_t n = 0;
    for (const char *p = flat; *p && n < 8;) {
        char ty[4];
        unsigned t0, t1;
        int used;
        if (sscanf(p, "%3s %u %u%n", ty, &t0, &t1, &used) != 3)
            break;
        in[n++] = (fakt_ent){.t0 = t0, .t1 = t1,
                             .type = !strcmp(ty, "PER") ? FAKT_PER : !strcmp(ty, "LOC") ? FAKT_LOC : FAKT_ORG};
        p += used;
        if (*p == ',')
            p++;
    }
    fakt_ner_out o = {0};
    o.ents = fakt_arena_alloc(&a, sizeof in);
    memcpy(o.ents, in, sizeof in);
    o.nents = n;
    CHECK_INT(fakt_ner_nest(m, fakt_test_dict(), text, &seg, &f, &a, &o), FAKT_OK);
    static const char *const tn[4] = {"?", "PER", "LOC", "ORG"};
    size_t w = 0;
    uint32_t flat_seen = 0;
    const fakt_ent *outer = NULL;
    for (uint32_t i = 0; i < o.nents; i++) {
        const fakt_ent *e = &o.ents[i];
        if (!e->depth) {
            CHECK(flat_seen < n && e->t0 == in[flat_seen].t0 && e->t1 == in[flat_seen].t1 &&
                  e->type == in[flat_seen].type);
            flat_seen++;
            outer = e;
            continue;
        }
        CHECK(outer && outer->t0 <= e->t0 && e->t1 <= outer->t1 &&
              e->t1 - e->t0 < outer->t1 - outer->t0);
        const fakt_token *a0 = &seg.toks[e->t0], *a1 = &seg.toks[e->t1 - 1];
        w += (size_t)snprintf(out + w, w < cap ? cap - w : 0, "%s%s:%.*s", w ? "|" : "",
                              tn[e->type & 3], (int)(a1->b1 - a0->b0), text + a0->b0);
        if (w >= cap)
            break;
    }
    CHECK_INT(flat_seen, n);
    fakt_arena_free(&a);
}

#define CHECK_NEST(text, flat, want)                                            \
    do {                                                                         \
        char got_[512];                                                          \
        nest(text, flat, got_, sizeof got_);                                     \
        if (strcmp(got_, want))                                                  \
            fprintf(stderr, "nest: \"%s\" [%s]\n  got  %s\n  want %s\n", text, flat, \
                    got_, want);                                                 \
        CHECK_STR(got_, want);                                                   \
    } while (0)

/* The rules, one by one, over flat layers given by hand. */
static void nest_rules(void)
{
    /* A place inside an organization: a country, a city by its Geox noun. */
    CHECK_NEST("Банк Киргизии снизил ставку.", "ORG 0 2", "LOC:Киргизии");
    CHECK_NEST("Совет ветеранов Воронежа собрался.", "ORG 0 3", "LOC:Воронежа");
    /* A person: the document names him elsewhere, or initials after «имени». */
    CHECK_NEST("Фонд Дорофеева открылся. Сергей Дорофеев приехал.", "ORG 0 2,PER 4 6",
               "PER:Дорофеева");
    CHECK_NEST("Библиотека имени А. С. Пушкина закрыта.", "ORG 0 7", "PER:А. С. Пушкина");
    /* A bare surname only in the genitive: a band is not a person. */
    CHECK_NEST("Ляпис Трубецкой выступил.", "ORG 0 2", "");
    /* An ORG the document tags on its own, inside a longer name, not at its head. */
    CHECK_NEST("Комиссия Госдумы по спорту заседала. Госдума против.", "ORG 0 5,ORG 6 7",
               "ORG:Госдумы");
    CHECK_NEST("Samsung Electronics растёт. Samsung доволен.", "ORG 0 2,ORG 3 4", "");
    /* Inside a LOC only after a lowercase relational head. */
    CHECK_NEST("На юге Франции жарко.", "LOC 1 3", "LOC:Франции");
    CHECK_NEST("Власти штата Алабама молчат.", "LOC 1 3", "");
    CHECK_NEST("Республика Казахстан ответила.", "LOC 0 2", "");
    /* Persons are one name; one-token entities hold nothing. */
    CHECK_NEST("Мать Тереза молилась в Калькутте.", "PER 0 2,LOC 4 5", "");
    /* Geo adjectives are not names. */
    CHECK_NEST("Воронежский университет открыт.", "ORG 0 2", "");
}

static const char *write_tmp(const char *name, const char *content)
{
    static char path[256];
    snprintf(path, sizeof path, "/tmp/fakt-test-%d-%s", (int)getpid(), name);
    FILE *f = fopen(path, "wb");
    if (!f)
        return NULL;
    fputs(content, f);
    fclose(f);
    return path;
}

/* Through the public API: parents, JSON, factRuEval lines, gazetteers. */
static void nest_api(void)
{
    const fakt_dict *d = fakt_test_dict();
    const fakt_model *m = fakt_test_model();
    const char *t = "Студенты Института имени А. С. Пушкина приехали в Казань.";
    fakt_doc *doc = NULL;
    fakt_error e;
    CHECK_INT(fakt_doc_analyze(d, m, t, strlen(t), &doc, &e), FAKT_OK);
    if (!doc)
        return;
    size_t nested = 0, org = FAKT_NO_PARENT;
    for (size_t i = 0; i < fakt_doc_entity_count(doc); i++) {
        const fakt_entity *en = fakt_doc_entity(doc, i);
        if (en->parent == FAKT_NO_PARENT) {
            if (en->type == FAKT_ORG && en->span.start == 9)
                org = i;
            continue;
        }
        nested++;
        CHECK(en->parent < i);
        const fakt_entity *p = fakt_doc_entity(doc, en->parent);
        CHECK(p && p->parent == FAKT_NO_PARENT && p->span.start <= en->span.start &&
              en->span.end <= p->span.end);
        if (en->type == FAKT_PER) {
            CHECK_INT(en->span.start, 25);
            CHECK_INT(en->span.end, 38);
            CHECK_STR(en->norm, "А. С. Пушкин");
            CHECK(en->parent == org);
        }
    }
    CHECK_INT(nested, 1);
    char *js = NULL, *fr = NULL;
    size_t jl, fl;
    CHECK_INT(fakt_doc_json(doc, 0, &js, &jl), FAKT_OK);
    CHECK(js && strstr(js, "\"text\":\"А. С. Пушкина\",\"type\":\"PER\"") != NULL);
    CHECK(js && strstr(js, ",\"object\":null,\"parent\":0}") != NULL);
    CHECK_INT(fakt_doc_factrueval(doc, &fr, &fl), FAKT_OK);
    CHECK(fr && strstr(fr, "org 9 29\nper 25 13\n") != NULL);
    fakt_free(js);
    fakt_free(fr);
    fakt_doc_free(doc);

    /* A user name over the outer entity takes its nested ones away too. */
    const char *gp = write_tmp("nest.tsv", "Института\tORG\n");
    fakt_gazetteer *g = NULL;
    CHECK(gp && fakt_gazetteer_open(gp, d, &g, &e) == FAKT_OK);
    CHECK_INT(fakt_doc_analyze_gaz(d, m, g, t, strlen(t), &doc, &e), FAKT_OK);
    for (size_t i = 0; doc && i < fakt_doc_entity_count(doc); i++)
        CHECK(fakt_doc_entity(doc, i)->parent == FAKT_NO_PARENT);
    fakt_doc_free(doc);
    fakt_gazetteer_free(g);
    if (gp)
        unlink(gp);
}

FAKT_SUITE(nest)
{
    if (!fakt_test_model() || !fakt_test_dict()) {
        fakt_test_skip("nest: needs models/ner.fkm and the dictionary");
        return;
    }
    nest_rules();
    nest_api();
}

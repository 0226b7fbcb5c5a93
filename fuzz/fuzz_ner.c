/*
 * fuzz_ner.c — arbitrary bytes through the whole path to entities: UTF-8
 * check (invalid input is refused, as the pipeline does), segmentation,
 * morphology, NER features, both Viterbi passes, decoding, nested entities
 * (inside the flat entity before them, which never overlap) — and the public
 * fakt_doc_analyze with its JSON.  FAKT_DICT and FAKT_MODEL name the data.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "ner/nerint.h"
#include "text/segment.h"

static fakt_dict *dict;
static fakt_model *model;

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (!model) {
        const char *dir = getenv("FAKT_DICT") ? getenv("FAKT_DICT") : "data/dict";
        const char *mp = getenv("FAKT_MODEL") ? getenv("FAKT_MODEL") : "models/ner.fkm";
        if (fakt_dict_open(dir, &dict, NULL) != FAKT_OK)
            dict = NULL; /* morphology is optional for the tagger */
        if (fakt_model_open(mp, &model, NULL) != FAKT_OK)
            abort();
    }
    const char *text = (const char *)data;
    if (fakt_utf8_check(text, size, NULL) != FAKT_OK)
        return 0;
    fakt_arena a;
    fakt_arena_init(&a);
    fakt_seg seg;
    fakt_ner_out out;
    if (fakt_segment(text, size, &a, &seg, NULL) == FAKT_OK &&
        fakt_ner_tag(model, dict, text, &seg, &a, &out, NULL) == FAKT_OK) {
        const fakt_ent *outer = NULL; /* nested ones lie inside the flat one before them */
        for (uint32_t i = 0; i < out.nents; i++) {
            const fakt_ent *e = &out.ents[i];
            if (e->t0 >= e->t1 || e->t1 > seg.ntok || e->depth > 1)
                abort();
            if (!e->depth) {
                if (outer && e->t0 < outer->t1)
                    abort(); /* the flat layer does not overlap */
                outer = e;
            } else if (!outer || e->t0 < outer->t0 || e->t1 > outer->t1 ||
                       e->t1 - e->t0 >= outer->t1 - outer->t0) {
                abort();
            }
        }
        for (uint32_t i = 0; i < out.nprofs; i++)
            if (out.profs[i].t0 >= out.profs[i].t1 || out.profs[i].t1 > seg.ntok)
                abort();
    }
    fakt_arena_free(&a);
    /* Without morphology too: the tagger must not depend on it for safety. */
    fakt_arena_init(&a);
    if (fakt_segment(text, size, &a, &seg, NULL) == FAKT_OK)
        fakt_ner_tag(model, NULL, text, &seg, &a, &out, NULL);
    fakt_arena_free(&a);
    fakt_doc *doc;
    if (fakt_doc_analyze(dict, model, text, size, &doc, NULL) == FAKT_OK) {
        char *js;
        size_t jl;
        if (fakt_doc_json(doc, FAKT_JSON_TOKENS | FAKT_JSON_PROFESSIONS, &js, &jl) == FAKT_OK)
            fakt_free(js);
        fakt_doc_free(doc);
    }
    return 0;
}

/* test_pipeline.c — the document API end to end: bad input refused with
 * the byte offset, JSON well-formed with code-point offsets, batch lines. */
#include <stdlib.h>
#include <unistd.h>

#include "cli/cli.h"
#include "core/core.h"
#include "harness.h"

/* rep repeated 30,000 times, tagged in windows: in every repetition the
 * person at code point per_off (per_len long) and the place at loc_off,
 * and nothing else before code point free_from (0: nowhere). */
static void check_windows(const fakt_dict *d, const fakt_model *m, const char *rep, size_t per_off,
                          size_t per_len, size_t loc_off, size_t free_from)
{
    size_t rl = strlen(rep), reps = 30000, cps = fakt_utf8_count(rep, rl);
    char *big = malloc(rl * reps + 1);
    if (!big)
        return;
    for (size_t i = 0; i < reps; i++)
        memcpy(big + i * rl, rep, rl);
    big[rl * reps] = 0;
    fakt_doc *doc = NULL;
    fakt_error e;
    CHECK_INT(fakt_doc_analyze(d, m, big, rl * reps, &doc, &e), FAKT_OK);
    size_t per = 0, loc = 0, misplaced = 0;
    for (size_t i = 0; doc && i < fakt_doc_entity_count(doc); i++) {
        const fakt_entity *en = fakt_doc_entity(doc, i);
        size_t off = en->span.start % cps;
        if (en->type == FAKT_PER && off == per_off && en->span.end - en->span.start == per_len)
            per++;
        else if (en->type == FAKT_LOC && off == loc_off)
            loc++;
        else if (!free_from || off < free_from)
            misplaced++;
    }
    CHECK_INT(per, reps);
    CHECK_INT(loc, reps);
    CHECK_INT(misplaced, 0);
    fakt_doc_free(doc);
    free(big);
}

FAKT_SUITE(pipeline)
{
    const fakt_dict *d = fakt_test_dict();
    const fakt_model *m = fakt_test_model();
    fakt_doc *doc = NULL;
    fakt_error e;

    /* Refusals name the byte offset. */
    CHECK_INT(fakt_doc_analyze(d, m, "Москва\xff", 13, &doc, &e), FAKT_EUTF8);
    CHECK(doc == NULL);
    CHECK(strstr(e.msg, "byte 12") != NULL);
    CHECK_INT(fakt_doc_analyze(d, m, "ab\0cd", 5, &doc, &e), FAKT_EUTF8);
    CHECK(strstr(e.msg, "NUL byte at byte 2") != NULL);
    CHECK_INT(fakt_doc_analyze(d, m, NULL, 3, &doc, &e), FAKT_EINVAL);

    /* Empty document: empty arrays. */
    CHECK_INT(fakt_doc_analyze(d, m, "", 0, &doc, &e), FAKT_OK);
    char *js = NULL;
    size_t jl = 0;
    if (doc) {
        CHECK_INT(fakt_doc_entity_count(doc), 0);
        CHECK_INT(fakt_doc_json(doc, FAKT_JSON_TOKENS, &js, &jl), FAKT_OK);
        CHECK_STR(js, "{\"entities\":[],\"sentences\":[],\"tokens\":[]}");
        fakt_free(js);
        fakt_doc_free(doc);
    }
    fakt_doc_free(NULL);

    /* Offsets are code points: "Ёж" is 2 code points, 4 bytes. */
    const char *t = "Ёж спит.";
    CHECK_INT(fakt_doc_analyze(d, m, t, strlen(t), &doc, &e), FAKT_OK);
    if (doc) {
        CHECK_INT(fakt_doc_json(doc, FAKT_JSON_TOKENS, &js, &jl), FAKT_OK);
        CHECK(js && strstr(js, "\"tokens\":[[0,2],[3,7],[7,8]]") != NULL);
        CHECK(js && strstr(js, "\"sentences\":[[0,8]]") != NULL);
        fakt_free(js);
        fakt_doc_free(doc);
    }

    /* Entities, when the model is there. */
    if (!m) {
        fakt_test_skip("pipeline entities: models/ner.fkm not loadable");
    } else {
        t = "Президент Казахстана Касым-Жомарт Токаев прилетел в Ташкент.";
        CHECK_INT(fakt_doc_analyze(d, m, t, strlen(t), &doc, &e), FAKT_OK);
        int per = 0, loc = 0;
        for (size_t i = 0; doc && i < fakt_doc_entity_count(doc); i++) {
            const fakt_entity *en = fakt_doc_entity(doc, i);
            if (en->type == FAKT_PER && en->span.start == 21 && en->span.end == 40)
                per++;
            if (en->type == FAKT_LOC && en->span.start == 52 && en->span.end == 59)
                loc++;
        }
        CHECK_INT(per, 1);
        CHECK_INT(loc, 1);
        char *fr = NULL;
        size_t fl;
        CHECK_INT(fakt_doc_factrueval(doc, &fr, &fl), FAKT_OK);
        CHECK(fr && strstr(fr, "per 21 19\n") != NULL);
        fakt_free(fr);
        fakt_doc_free(doc);
    }

    /* A document bigger than one tagging window (100,000 tokens): every
     * repetition still found, offsets right across window seams. */
    if (m)
        check_windows(d, m, "Касым-Жомарт Токаев прилетел в Ташкент. ", 0, 19, 31, 0);
    /* The same in lowercase: every window recased apart (its copy freed
     * with the window, while the document's parse cache lives on; a rare
     * word goes through that cache, not the model's word table). */
    if (m)
        check_windows(d, m, "вчера президент путин прилетел в ташкент с зырянобурчатовым. ", 16, 5, 33, 42);

    /* Batch records: good, malformed, missing text, bad UTF-8 inside. */
    size_t ol;
    int failed;
    const char *rec = "{\"id\":7,\"text\":\"Тест.\"}";
    char *o = fakt_cli_batch_line(d, m, NULL, 0, rec, strlen(rec), 1, &ol, &failed);
    CHECK(o && !failed && strncmp(o, "{\"id\":7,\"entities\":[", 20) == 0);
    free(o);
    o = fakt_cli_batch_line(d, m, NULL, 0, "{\"id\":7,\"text\":", 15, 2, &ol, &failed);
    CHECK(o && failed && strstr(o, "\"line\":2,\"error\":\"malformed JSON") != NULL);
    free(o);
    o = fakt_cli_batch_line(d, m, NULL, 0, "{\"id\":\"a\"}", 10, 3, &ol, &failed);
    CHECK(o && failed && strstr(o, "{\"id\":\"a\",\"line\":3,\"error\":") == o);
    free(o);
    o = fakt_cli_batch_line(d, m, NULL, 0, "{\"text\":\"\xc3\"}", 12, 4, &ol, &failed);
    CHECK(o && failed && strstr(o, "invalid UTF-8 at byte 9") != NULL);
    free(o);
    o = fakt_cli_batch_line(d, m, NULL, 0, "{\"text\":\"a\\u0000b\"}", 19, 5, &ol, &failed);
    CHECK(o && failed); /* NUL inside the text is refused, not truncated */
    free(o);
    /* jansson quotes the bad escape cut inside a character: still valid UTF-8 */
    const char *cut = "{\"text\":\"\\u1\xcb\x9e\"}";
    o = fakt_cli_batch_line(d, m, NULL, 0, cut, strlen(cut), 7, &ol, &failed);
    CHECK(o && failed && fakt_utf8_check(o, ol, NULL) == FAKT_OK);
    free(o);
    o = fakt_cli_batch_line(d, m, NULL, 0, "[1,2]", 5, 6, &ol, &failed);
    CHECK(o && failed && strstr(o, "not a JSON object") != NULL);
    free(o);
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

FAKT_SUITE(gazetteer)
{
    const fakt_dict *d = fakt_test_dict();
    fakt_gazetteer *g = NULL;
    fakt_error e;
    if (!d) {
        fakt_test_skip("gazetteer: no dictionary");
        return;
    }
    const char *p = write_tmp("gz.tsv", "# our names\n"
                                        "Северный зерновой холдинг\tORG\n"
                                        "\n"
                                        "Верхние Луки\tLOC\tCITY\r\n"
                                        "Зарема Абдуллаева\tPER\n");
    CHECK_INT(fakt_gazetteer_open(p, d, &g, &e), FAKT_OK);
    if (p)
        unlink(p); /* read whole at open: the handle does not need the file */
    CHECK_INT(fakt_gazetteer_count(g), 3);
    /* inflected forms, no model: entities come from the gazetteer alone */
    const char *t = "Акции Северного зернового холдинга выросли в Верхних Луках, "
                    "сообщила Зареме Абдуллаевой пресс-служба.";
    fakt_doc *doc = NULL;
    CHECK_INT(fakt_doc_analyze_gaz(d, NULL, g, t, strlen(t), &doc, &e), FAKT_OK);
    CHECK_INT(fakt_doc_entity_count(doc), 3);
    const fakt_entity *en = fakt_doc_entity(doc, 0);
    CHECK(en && en->type == FAKT_ORG && en->span.start == 6 && en->span.end == 34);
    en = fakt_doc_entity(doc, 1);
    CHECK(en && en->type == FAKT_LOC && en->subtype && !strcmp(en->subtype, "CITY"));
    CHECK(en && en->span.start == 45 && en->span.end == 58);
    en = fakt_doc_entity(doc, 2);
    CHECK(en && en->type == FAKT_PER && en->span.start == 69 && en->span.end == 87);
    fakt_doc_free(doc);
    /* a word that is only a prefix of a name does not match */
    t = "Северный ветер.";
    CHECK_INT(fakt_doc_analyze_gaz(d, NULL, g, t, strlen(t), &doc, &e), FAKT_OK);
    CHECK_INT(fakt_doc_entity_count(doc), 0);
    fakt_doc_free(doc);
    fakt_gazetteer_free(g);
    fakt_gazetteer_free(NULL);

    /* malformed lines are refused with their number */
    p = write_tmp("bad.tsv", "Москва\tLOC\nКазань\tCITY\n");
    CHECK_INT(fakt_gazetteer_open(p, d, &g, &e), FAKT_EFORMAT);
    CHECK(strstr(e.msg, ":2:") != NULL);
    if (p)
        unlink(p);
    p = write_tmp("bad2.tsv", "Москва LOC\n");
    CHECK_INT(fakt_gazetteer_open(p, d, &g, &e), FAKT_EFORMAT);
    if (p)
        unlink(p);
    p = write_tmp("bad3.tsv", "Мос\xffква\tLOC\n");
    CHECK_INT(fakt_gazetteer_open(p, d, &g, &e), FAKT_EUTF8);
    if (p)
        unlink(p);
    CHECK_INT(fakt_gazetteer_open("/nonexistent/gz.tsv", d, &g, &e), FAKT_EIO);
    CHECK(g == NULL);
}

/* FAKT_OPEN_HUGE_PAGES changes where the tables live, not what they say:
 * the same text gives the same entities, spans, norms and parses either
 * way; and a damaged path is refused the same way. */
FAKT_SUITE(open_huge)
{
    const char *dp = getenv("FAKT_DICT") ? getenv("FAKT_DICT") : "data/dict";
    const char *mp = getenv("FAKT_MODEL") ? getenv("FAKT_MODEL") : "models/ner.fkm";
    fakt_dict *d[2] = {NULL, NULL};
    fakt_model *m[2] = {NULL, NULL};
    fakt_error e;
    for (int h = 0; h < 2; h++) {
        unsigned fl = h ? FAKT_OPEN_HUGE_PAGES : 0;
        if (fakt_dict_open_flags(dp, fl, &d[h], &e) != FAKT_OK || fakt_model_open_flags(mp, fl, &m[h], &e) != FAKT_OK) {
            fakt_test_skip("open_huge: no dictionary or model");
            for (int k = 0; k <= h; k++)
                fakt_dict_free(d[k]), fakt_model_free(m[k]);
            return;
        }
    }
    static const char text[] = "Президент Киргизии Садыр Жапаров встретился в Бишкеке с главой МИД Казахстана. "
                               "«Переговоры прошли успешно», — сообщила пресс-служба компании «Кыргызгаз».";
    fakt_doc *doc[2];
    CHECK_INT(fakt_doc_analyze(d[0], m[0], text, strlen(text), &doc[0], &e), FAKT_OK);
    CHECK_INT(fakt_doc_analyze(d[1], m[1], text, strlen(text), &doc[1], &e), FAKT_OK);
    size_t n = fakt_doc_entity_count(doc[0]);
    CHECK(n >= 4);
    CHECK(n == fakt_doc_entity_count(doc[1]));
    int same = 1;
    for (size_t i = 0; i < n && n == fakt_doc_entity_count(doc[1]); i++) {
        const fakt_entity *a = fakt_doc_entity(doc[0], i), *b = fakt_doc_entity(doc[1], i);
        same &= a->span.start == b->span.start && a->span.end == b->span.end && a->type == b->type &&
                a->subtype == b->subtype && strcmp(a->norm, b->norm) == 0;
    }
    CHECK(same);
    fakt_doc_free(doc[0]), fakt_doc_free(doc[1]);
    static const char *words[] = {"стали", "Жапарова", "кыргызгазу", "ёжик"};
    for (int w = 0; w < 4; w++) {
        fakt_parses *p[2];
        CHECK_INT(fakt_morph_analyze(d[0], words[w], strlen(words[w]), &p[0], &e), FAKT_OK);
        CHECK_INT(fakt_morph_analyze(d[1], words[w], strlen(words[w]), &p[1], &e), FAKT_OK);
        int eq = fakt_parses_count(p[0]) == fakt_parses_count(p[1]) && fakt_parses_count(p[0]) > 0;
        for (size_t i = 0; eq && i < fakt_parses_count(p[0]); i++)
            eq = strcmp(fakt_parses_get(p[0], i)->tag, fakt_parses_get(p[1], i)->tag) == 0 &&
                 strcmp(fakt_parses_get(p[0], i)->lemma, fakt_parses_get(p[1], i)->lemma) == 0;
        CHECK(eq);
        fakt_parses_free(p[0]), fakt_parses_free(p[1]);
    }
    for (int h = 0; h < 2; h++)
        fakt_dict_free(d[h]), fakt_model_free(m[h]);
    fakt_dict *bad;
    CHECK_INT(fakt_dict_open_flags("/nonexistent/dict", FAKT_OPEN_HUGE_PAGES, &bad, &e), FAKT_EIO);
    CHECK(bad == NULL);
}

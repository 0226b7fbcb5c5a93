/*
 * test_ner.c — the NER stage: the model file refuses damage (truncation, a
 * flipped byte, a newer version) with FAKT_EFORMAT, the committed model
 * tags sentences written for this test, and the metric gives hand-computed
 * figures on a tiny example.  Tests needing the model skip when it is
 * absent ($FAKT_MODEL or models/ner.fkm).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/core.h"
#include "harness.h"
#include "ner/nerint.h"
#include "text/segment.h"

static const char *model_path(void)
{
    return getenv("FAKT_MODEL") ? getenv("FAKT_MODEL") : "models/ner.fkm";
}

static int write_bytes(const char *path, const unsigned char *p, size_t n)
{
    FILE *f = fopen(path, "wb");
    if (!f)
        return -1;
    size_t w = fwrite(p, 1, n, f);
    return fclose(f) == 0 && w == n ? 0 : -1;
}

static void check_refused(const char *what, const unsigned char *p, size_t n, const char *needle)
{
    char path[] = "/tmp/fakt-test-model-XXXXXX";
    int fd = mkstemp(path);
    CHECK(fd >= 0);
    if (fd < 0)
        return;
    close(fd);
    CHECK(write_bytes(path, p, n) == 0);
    fakt_model *m = (fakt_model *)1;
    fakt_error e;
    int rc = fakt_model_open(path, &m, &e);
    if (rc != FAKT_EFORMAT)
        fprintf(stderr, "%s: fakt_model_open gave %d\n", what, rc);
    CHECK_INT(rc, FAKT_EFORMAT);
    CHECK(m == NULL);
    if (needle && !strstr(e.msg, needle))
        fprintf(stderr, "%s: message \"%s\" lacks \"%s\"\n", what, e.msg, needle);
    CHECK(!needle || strstr(e.msg, needle) != NULL);
    unlink(path);
}

/* Reads one brat document (text, annotations) as NEREL from dir into nc;
 * the files are removed again. */
static int read_nerel_one(const char *dir, const char *text, const char *ann, fakt_ner_corpus *nc)
{
    char tp[512], ap[512];
    snprintf(tp, sizeof tp, "%s/001.txt", dir);
    snprintf(ap, sizeof ap, "%s/001.ann", dir);
    int rc = write_bytes(tp, (const unsigned char *)text, strlen(text)) == 0 &&
                     write_bytes(ap, (const unsigned char *)ann, strlen(ann)) == 0
                 ? fakt_ner_read_nerel(dir, nc, NULL)
                 : FAKT_EIO;
    unlink(tp);
    unlink(ap);
    return rc;
}

/* Whether nc holds one document whose gold spans are exactly want[0..nw). */
static int gold_is(const fakt_ner_corpus *nc, const fakt_ner_gspan *want, uint32_t nw)
{
    if (nc->n != 1 || nc->docs[0].ngold != nw)
        return 0;
    for (uint32_t g = 0; g < nw; g++) {
        const fakt_ner_gspan *h = &nc->docs[0].gold[g];
        if (h->start != want[g].start || h->end != want[g].end || h->type != want[g].type)
            return 0;
    }
    return 1;
}

/* Entity spans of text as "TYPE:text" joined by '|'. */
static void entities(const fakt_model *m, const char *text, char *out, size_t cap)
{
    fakt_doc *doc;
    fakt_error e;
    out[0] = 0;
    if (fakt_doc_analyze(fakt_test_dict(), m, text, strlen(text), &doc, &e) != FAKT_OK) {
        snprintf(out, cap, "error: %s", e.msg);
        return;
    }
    size_t o = 0;
    for (size_t i = 0; i < fakt_doc_entity_count(doc); i++) {
        const fakt_entity *en = fakt_doc_entity(doc, i);
        static const char *const tn[4] = {"?", "PER", "LOC", "ORG"};
        o += (size_t)snprintf(out + o, o < cap ? cap - o : 0, "%s%s:%.*s", i ? "|" : "",
                              tn[en->type & 3], (int)(en->span.byte_end - en->span.byte_start),
                              text + en->span.byte_start);
        if (o >= cap)
            break;
    }
    fakt_doc_free(doc);
}

/* ---- the decoder against a plain reference -----------------------------
 * The textbook Viterbi over the schemes' allowed moves, with a back-pointer
 * table and first-best ties, which the tagger's faster decoder (no
 * back-pointers, BILOU moves in blocks) must match label for label. */
static int ref_allowed(int chain, int prev, int cur)
{
    if (chain)
        return cur == 0 || (cur & 1) || prev == cur || prev == cur - 1;
    int open = prev && fakt_ner_lab_pos(prev) < 2;
    if (open)
        return cur && fakt_ner_lab_type(cur) == fakt_ner_lab_type(prev) &&
               (fakt_ner_lab_pos(cur) == 1 || fakt_ner_lab_pos(cur) == 2);
    return cur == 0 || fakt_ner_lab_pos(cur) == 0 || fakt_ner_lab_pos(cur) == 3;
}

static void ref_viterbi(const float *tr, const float *em, uint32_t n, int chain, uint8_t *lab)
{
    const int L = chain ? FAKT_NER_NP : FAKT_NER_NE, off = chain ? FAKT_NER_NE : 0;
    static float sc[64][FAKT_NER_NE];
    static uint8_t bp[64][FAKT_NER_NE];
    for (int l = 0; l < L; l++)
        sc[0][l] = (ref_allowed(chain, 0, l) ? tr[l] : -1e30f) + em[off + l];
    for (uint32_t i = 1; i < n; i++)
        for (int l = 0; l < L; l++) {
            float best = -2e30f;
            int arg = 0;
            for (int p = 0; p < L; p++) {
                if (!ref_allowed(chain, p, l))
                    continue;
                float v = sc[i - 1][p] + tr[(1 + p) * L + l];
                if (v > best)
                    best = v, arg = p;
            }
            sc[i][l] = best + em[(size_t)i * FAKT_NER_NL + off + l];
            bp[i][l] = (uint8_t)arg;
        }
    int arg = 0;
    for (int l = 1; l < L; l++)
        if (sc[n - 1][l] > sc[n - 1][arg] && (chain || !(fakt_ner_lab_pos(l) < 2)))
            arg = l;
    for (uint32_t i = n; i-- > 0;) {
        lab[i] = (uint8_t)arg;
        arg = bp[i][arg];
    }
}

static void check_viterbi(void)
{
    float te[(FAKT_NER_NE + 1) * FAKT_NER_NE], tp[(FAKT_NER_NP + 1) * FAKT_NER_NP];
    float em[64 * FAKT_NER_NL];
    uint8_t got[64], want[64];
    static float scratch[65 * FAKT_NER_NE + 16];
    fakt_model m;
    memset(&m, 0, sizeof m);
    m.trans_e = te, m.trans_p = tp;
    uint64_t r = 12345;
    int bad = 0;
    for (int round = 0; round < 3000 && !bad; round++) {
        /* Small integer scores half the time: ties, which must break alike. */
        int coarse = round & 1;
        for (size_t i = 0; i < sizeof te / sizeof te[0] + sizeof tp / sizeof tp[0] + 64 * FAKT_NER_NL; i++) {
            r = r * 6364136223846793005ull + 1442695040888963407ull;
            float v = coarse ? (float)((r >> 60) % 4) : (float)((int64_t)(r >> 33) % 2000) / 100.0f - 10;
            if (i < sizeof te / sizeof te[0])
                te[i] = v;
            else if (i < sizeof te / sizeof te[0] + sizeof tp / sizeof tp[0])
                tp[i - sizeof te / sizeof te[0]] = v;
            else
                em[i - sizeof te / sizeof te[0] - sizeof tp / sizeof tp[0]] = v;
        }
        uint32_t n = 1 + (uint32_t)(r >> 40) % 63;
        CHECK(fakt_ner_scratch_size(n) <= sizeof scratch);
        for (int chain = 0; chain < 2; chain++) {
            fakt_ner_viterbi(&m, em, n, chain, got, scratch);
            ref_viterbi(chain ? tp : te, em, n, chain, want);
            bad |= memcmp(got, want, n) != 0;
        }
    }
    CHECK(!bad);
}

/* fakt_ner_propagate on a made-up document: stems as small numbers. */
static void check_propagate(void)
{
    enum { N = 16 };
    const int O = 0;
#define B(t) fakt_ner_lab(t, 0)
#define I(t) fakt_ner_lab(t, 1)
#define L(t) fakt_ner_lab(t, 2)
#define U(t) fakt_ner_lab(t, 3)
    /* «Голоса Америки» whole; «Голос» ORG + «Америки» LOC split; inside a
     * longer ORG; in lowercase; split again, across a sentence end. */
    uint64_t stem[N] = {1, 2, 9, 9, 1, 2, 9, 1, 2, 3, 9, 1, 2, 9, 1, 2};
    uint8_t up[N] = {1, 1, 0, 0, 1, 1, 0, 1, 1, 1, 0, 0, 0, 0, 1, 1};
    uint8_t le[N] = {B(FAKT_ORG), L(FAKT_ORG), O, O, U(FAKT_ORG), U(FAKT_LOC), O,
                     B(FAKT_ORG), I(FAKT_ORG), L(FAKT_ORG), O, O, O, O, U(FAKT_ORG), U(FAKT_LOC)};
    uint32_t send[N];
    for (int i = 0; i < N; i++)
        send[i] = i < 15 ? 15 : 16; /* the last token is a sentence of its own */
    fakt_ner_feats f;
    memset(&f, 0, sizeof f);
    f.stemkey = stem;
    f.upper = up;
    uint8_t want[N];
    memcpy(want, le, N);
    want[4] = (uint8_t)B(FAKT_ORG), want[5] = (uint8_t)L(FAKT_ORG);
    fakt_ner_propagate(&f, send, N, le);
    CHECK(memcmp(le, want, N) == 0);
    /* The same words whole as ORG and as LOC: nothing is propagated. */
    uint8_t l2[N] = {B(FAKT_ORG), L(FAKT_ORG), O, O, B(FAKT_LOC), L(FAKT_LOC), O, O, O, O, O, O, O, O, O, O};
    uint8_t w2[N];
    memcpy(w2, l2, N);
    stem[7] = 7;
    fakt_ner_propagate(&f, send, N, l2);
    CHECK(memcmp(l2, w2, N) == 0);
    /* A single-word entity is never a pattern; a missed or split occurrence
     * is filled, within a sentence and capitalized only. */
    uint8_t l3[N] = {U(FAKT_PER), O, U(FAKT_PER), O, B(FAKT_LOC), L(FAKT_LOC), O, O, O, O, O, O, O, O, O, O};
    fakt_ner_propagate(&f, send, N, l3);
    CHECK_INT(l3[0], B(FAKT_LOC));
    CHECK_INT(l3[1], L(FAKT_LOC));
    CHECK_INT(l3[2], U(FAKT_PER));
    CHECK(l3[3] == O && l3[6] == O && l3[10] == O); /* stem 9 again: no pattern */
    CHECK(l3[7] == O && l3[8] == O);                /* stem 7 now: not the same words */
    CHECK(l3[11] == O && l3[12] == O);              /* lowercase */
    CHECK(l3[14] == O && l3[15] == O);              /* across a sentence end */
#undef B
#undef I
#undef L
#undef U
}

FAKT_SUITE(ner)
{
    check_viterbi();
    check_propagate();
    /* ---- the metric, by hand: 10 tokens
     * gold PER [0,2) LOC [5,6); predicted PER [0,1) LOC [5,6) ORG [7,8).
     * PER tokens: tp 1 (token 0), fn 1 (token 1); LOC tp 1; ORG fp 1.
     * Spans: PER fp 1 fn 1; LOC tp 1; ORG fp 1. */
    fakt_ner_tspan gold[] = {{0, 2, FAKT_PER}, {5, 6, FAKT_LOC}};
    fakt_ner_tspan pred[] = {{0, 1, FAKT_PER}, {5, 6, FAKT_LOC}, {7, 8, FAKT_ORG}};
    fakt_ner_counts c[4];
    memset(c, 0, sizeof c);
    fakt_ner_score(10, gold, 2, pred, 3, c);
    CHECK_INT(c[FAKT_PER].tok_tp, 1);
    CHECK_INT(c[FAKT_PER].tok_fp, 0);
    CHECK_INT(c[FAKT_PER].tok_fn, 1);
    CHECK_INT(c[FAKT_PER].sp_tp, 0);
    CHECK_INT(c[FAKT_PER].sp_fp, 1);
    CHECK_INT(c[FAKT_PER].sp_fn, 1);
    CHECK_INT(c[FAKT_LOC].tok_tp, 1);
    CHECK_INT(c[FAKT_LOC].sp_tp, 1);
    CHECK_INT(c[FAKT_LOC].sp_fp + c[FAKT_LOC].sp_fn, 0);
    CHECK_INT(c[FAKT_ORG].tok_fp, 1);
    CHECK_INT(c[FAKT_ORG].sp_fp, 1);

    /* Gold spans off token boundaries are dropped (naeval). */
    const char *t = "Мэр Москвы Собянин.";
    fakt_arena a;
    fakt_arena_init(&a);
    fakt_seg seg;
    CHECK_INT(fakt_segment(t, strlen(t), &a, &seg, NULL), FAKT_OK);
    fakt_ner_gspan gs[] = {{4, 10, FAKT_LOC, 0}, {11, 18, FAKT_PER, 0}, {5, 10, FAKT_ORG, 0}};
    fakt_ner_tspan ts[3];
    size_t nts = fakt_ner_gold_tokens(&seg, gs, 3, 0, ts);
    CHECK_INT(nts, 2);
    CHECK_INT(ts[0].t0, 1);
    CHECK_INT(ts[0].t1, 2);
    CHECK_INT(ts[1].t0, 2);
    fakt_arena_free(&a);

    /* Stems meet across inflection. */
    char l1[64], l2[64];
    size_t n1 = fakt_ner_lower("Казахстана", strlen("Казахстана"), l1, sizeof l1);
    size_t n2 = fakt_ner_lower("КАЗАХСТАНОМ", strlen("КАЗАХСТАНОМ"), l2, sizeof l2);
    CHECK(fakt_ner_stem(l1, n1) == fakt_ner_stem(l2, n2) && !memcmp(l1, l2, fakt_ner_stem(l1, n1)));

    /* Word statistics enter the lex table beside the clusters: capitalized
     * share as a bucket, quoted-after-org and after-«город» flags. */
    {
        char tmp[] = "/tmp/fakt-wordstats-XXXXXX";
        int fd = mkstemp(tmp);
        CHECK(fd >= 0);
        if (fd >= 0) {
            FILE *wf = fdopen(fd, "w");
            fputs("вымпелком\t40\t40\t12\t0\nбелом\t400\t360\t0\t0\nкомрат\t478\t478\t4\t61\n"
                  "и\t9000\t3\t50\t0\nbroken line\n", wf);
            fclose(wf);
            fakt_ner_htab lex = {0};
            fakt_error we;
            CHECK_INT(fakt_ner_read_clusters("/nonexistent/clusters.tsv", &lex, &we), FAKT_EIO);
            CHECK_INT(fakt_ner_read_wordstats(tmp, &lex, &we), 4);
            char lw[64];
            size_t ln = fakt_ner_lower("Вымпелком", strlen("Вымпелком"), lw, sizeof lw);
            uint32_t v = fakt_ner_htab_get(&lex, fakt_ner_hash(lw, ln));
            CHECK(FAKT_LEX_CAP(v) == 7 && (v & FAKT_LEX_ORGQ) && !(v & FAKT_LEX_CITY) && !(v & FAKT_LEX_CLUS));
            v = fakt_ner_htab_get(&lex, fakt_ner_hash("белом", strlen("белом")));
            CHECK(FAKT_LEX_CAP(v) == 6 && !(v & FAKT_LEX_ORGQ));
            v = fakt_ner_htab_get(&lex, fakt_ner_hash("комрат", strlen("комрат")));
            CHECK((v & FAKT_LEX_CITY) && !(v & FAKT_LEX_ORGQ));
            v = fakt_ner_htab_get(&lex, fakt_ner_hash("и", strlen("и")));
            CHECK(FAKT_LEX_CAP(v) == 1 && !(v & FAKT_LEX_ORGQ) && (v & FAKT_LEX_ANY));
            fakt_ner_htab_free(&lex);
            unlink(tmp);
        }
    }

    /* NEREL reconciliation of words factRuEval tags and NEREL does not:
     * the capitalized Moon becomes LOC, the capitalized «Интернет» ORG
     * (factRuEval's Org), a tagged entity stays as tagged. */
    {
        char dir[] = "/tmp/fakt-nerel-XXXXXX";
        CHECK(mkdtemp(dir) != NULL);
        fakt_ner_corpus nc = {0};
        /* code points: Полёт(0-5) к(6) Луне(8-12) ,(12) луна(14-18) ;(18)
         * Интернете(20-29) у(30) Марса(32-37) . */
        CHECK_INT(read_nerel_one(dir, "Полёт к Луне, луна; Интернете у Марса.", "T1\tPERSON 32 37\tМарса\n", &nc),
                  FAKT_OK);
        CHECK_INT(nc.n, 1);
        if (nc.n == 1) {
            const fakt_ner_doc *d = &nc.docs[0];
            CHECK_INT(d->ngold, 3);
            if (d->ngold == 3) {
                CHECK(d->gold[0].start == 8 && d->gold[0].end == 12 && d->gold[0].type == FAKT_LOC);
                CHECK(d->gold[1].start == 20 && d->gold[1].end == 29 && d->gold[1].type == FAKT_ORG);
                CHECK(d->gold[2].start == 32 && d->gold[2].end == 37 && d->gold[2].type == FAKT_PER);
            }
        }
        fakt_ner_corpus_free(&nc);
        /* A descriptor before a quoted name and a legal form stay out of
         * the ORG, as in factRuEval: code points Совет(0-5) директоров(6-16)
         * ООО(17-20) «(21) Ромашка(22-29) »(29); «интернет-магазин» is no
         * ORG. */
        memset(&nc, 0, sizeof nc);
        CHECK_INT(read_nerel_one(dir, "Совет директоров ООО «Ромашка» открыл Интернет-магазин.",
                                 "T1\tORGANIZATION 0 30\tСовет директоров ООО «Ромашка»\n"
                                 "T2\tORGANIZATION 17 30\tООО «Ромашка»\n",
                                 &nc),
                  FAKT_OK);
        CHECK_INT(nc.n, 1);
        if (nc.n == 1) {
            const fakt_ner_doc *d = &nc.docs[0];
            int orgs = 0, ok = 0;
            for (uint32_t g = 0; g < d->ngold; g++)
                if (d->gold[g].type == FAKT_ORG) {
                    orgs++;
                    ok = d->gold[g].start == 22 && d->gold[g].end == 29;
                }
            CHECK_INT(orgs, 1);
            CHECK(ok);
        }
        fakt_ner_corpus_free(&nc);
        /* A named facility is LOC; a one-word PRODUCT that is an
         * ORGANIZATION elsewhere is ORG; a place after «по» stays in the
         * ORG.  Code points: Белом доме(8-18) Facebook(28-36, 40-48)
         * ГУ МВД по Москве(66-82), Москве(76-82). */
        memset(&nc, 0, sizeof nc);
        CHECK_INT(read_nerel_one(dir, "Вчера в Белом доме обсудили Facebook, а Facebook ответил приказом ГУ МВД по Москве.",
                                 "T1\tFACILITY 8 18\tБелом доме\nT2\tPRODUCT 28 36\tFacebook\n"
                                 "T3\tORGANIZATION 40 48\tFacebook\nT4\tORGANIZATION 66 82\tГУ МВД по Москве\n"
                                 "T5\tCITY 76 82\tМоскве\n",
                                 &nc),
                  FAKT_OK);
        {
            static const fakt_ner_gspan want[] = {
                {8, 18, FAKT_LOC, 0}, {28, 36, FAKT_ORG, 0}, {40, 48, FAKT_ORG, 0}, {66, 82, FAKT_ORG, 0}};
            CHECK(gold_is(&nc, want, 4));
        }
        fakt_ner_corpus_free(&nc);
        /* Generic heads: a sentence-initial «Полиция» is no name, «Красной
         * армии» inside a sentence is; a body all in lowercase («кабинета
         * министров») is a "don't care" region.  Code points: Полиция(0-7)
         * Москвы(8-14) ... Красной армии(34-47) ... кабинета министров(61-79). */
        memset(&nc, 0, sizeof nc);
        CHECK_INT(read_nerel_one(dir, "Полиция Москвы задержала ветерана Красной армии, а заседание кабинета министров отложили.",
                                 "T1\tORGANIZATION 0 14\tПолиция Москвы\nT2\tCITY 8 14\tМосквы\n"
                                 "T3\tORGANIZATION 34 47\tКрасной армии\nT4\tORGANIZATION 61 79\tкабинета министров\n",
                                 &nc),
                  FAKT_OK);
        CHECK_INT(nc.n, 1);
        if (nc.n == 1) {
            const fakt_ner_doc *d = &nc.docs[0];
            static const fakt_ner_gspan want[] = {
                {8, 14, FAKT_LOC, 0}, {34, 47, FAKT_ORG, 0}, {61, 79, FAKT_NER_IGNORE, 0}};
            uint32_t k = 0;
            for (uint32_t g = 0; g < d->ngold; g++) {
                if (d->gold[g].type == 0)
                    continue;
                CHECK(k < 3 && d->gold[g].start == want[k].start && d->gold[g].end == want[k].end &&
                      d->gold[g].type == want[k].type);
                k++;
            }
            CHECK_INT(k, 3);
        }
        fakt_ner_corpus_free(&nc);
        /* An organization cut before the quoted one it ends with loses the
         * opening quote too; «Кремль» is no name.  Code points: Русской
         * службе(10-24) «(25) Голоса Америки(26-40) Америки(33-40)
         * Кремль(47-53). */
        memset(&nc, 0, sizeof nc);
        CHECK_INT(read_nerel_one(dir, "Он сказал Русской службе «Голоса Америки», что Кремль молчит.",
                                 "T1\tORGANIZATION 10 40\tРусской службе «Голоса Америки\n"
                                 "T2\tORGANIZATION 26 40\tГолоса Америки\nT3\tCOUNTRY 33 40\tАмерики\n"
                                 "T4\tORGANIZATION 47 53\tКремль\n",
                                 &nc),
                  FAKT_OK);
        {
            static const fakt_ner_gspan want[] = {{10, 24, FAKT_ORG, 0}, {26, 40, FAKT_ORG, 0}};
            CHECK(gold_is(&nc, want, 2));
        }
        fakt_ner_corpus_free(&nc);
        /* An agency abbreviation before a name stays out of it, as a legal
         * form does, with quotes or without; one before a lowercase word
         * stays in.  Code points: РИА Новости(0-11) Новости(4-11) ИА
         * Regnum(13-22) ИА «Башинформ»(24-38) Башинформ(28-37) ИА
         * региона(41-51). */
        memset(&nc, 0, sizeof nc);
        CHECK_INT(read_nerel_one(dir, "РИА Новости, ИА Regnum, ИА «Башинформ» и ИА региона.",
                                 "T1\tORGANIZATION 0 11\tРИА Новости\nT2\tORGANIZATION 13 22\tИА Regnum\n"
                                 "T3\tORGANIZATION 24 38\tИА «Башинформ»\nT4\tORGANIZATION 41 51\tИА региона\n",
                                 &nc),
                  FAKT_OK);
        {
            static const fakt_ner_gspan want[] = {
                {4, 11, FAKT_ORG, 0}, {16, 22, FAKT_ORG, 0}, {28, 37, FAKT_ORG, 0}, {41, 51, FAKT_ORG, 0}};
            CHECK(gold_is(&nc, want, 4));
        }
        fakt_ner_corpus_free(&nc);
        rmdir(dir);
    }

    /* ---- the model file */
    char *bytes;
    size_t n;
    if (fakt_read_file(model_path(), &bytes, &n, NULL) != FAKT_OK) {
        fakt_test_skip("NER model not found (models/ner.fkm or $FAKT_MODEL)");
        return;
    }
    fakt_model *m = NULL;
    fakt_error e;
    CHECK_INT(fakt_model_open(model_path(), &m, &e), FAKT_OK);
    unsigned char *p = malloc(n);
    memcpy(p, bytes, n);
    check_refused("truncated", p, n - 1, "truncated");
    check_refused("half", p, n / 2, NULL);
    check_refused("header only", p, 40, NULL);
    p[n / 2] ^= 0x10;
    check_refused("flipped byte", p, n, "checksum");
    memcpy(p, bytes, n);
    p[8] = 9; /* format version 9 */
    check_refused("newer version", p, n, "newer");
    memcpy(p, bytes, n);
    p[0] = 'X';
    check_refused("bad magic", p, n, "magic");
    /* In-memory loading of the intact bytes works, of any prefix refuses. */
    fakt_model mm;
    memcpy(p, bytes, n);
    CHECK_INT(fakt_ner_model_from_bytes(p, n, &mm, NULL), FAKT_OK);
    for (size_t cut = 0; cut < 200 && cut < n; cut += 7)
        CHECK_INT(fakt_ner_model_from_bytes(p, cut, &mm, NULL), FAKT_EFORMAT);
    free(p);
    free(bytes);
    fakt_model_free(NULL);

    /* ---- tagging sentences written for this test */
    if (m) {
        char got[1024];
        entities(m, "Президент Казахстана Касым-Жомарт Токаев встретился с Шавкатом Мирзиёевым в Ташкенте.",
                 got, sizeof got);
        CHECK_STR(got, "LOC:Казахстана|PER:Касым-Жомарт Токаев|PER:Шавкатом Мирзиёевым|LOC:Ташкенте");
        entities(m, "Глава МИД России Сергей Лавров прилетел в Бишкек на переговоры.", got, sizeof got);
        CHECK_STR(got, "ORG:МИД|LOC:России|PER:Сергей Лавров|LOC:Бишкек");
        entities(m, "Компания Google открыла офис в Алма-Ате, сообщил Виктор Бут. Бут добавил, что это важно.",
                 got, sizeof got);
        CHECK_STR(got, "ORG:Google|LOC:Алма-Ате|PER:Виктор Бут|PER:Бут");
        entities(m, "", got, sizeof got);
        CHECK_STR(got, "");
        fakt_model_free(m);
    }
}

/* Writes text to a temporary file and reads it as marked text. */
static int read_marked(const char *text, fakt_ner_corpus *c, fakt_error *e)
{
    char path[] = "/tmp/fakt-marked-XXXXXX";
    int fd = mkstemp(path);
    if (fd < 0)
        return -1;
    close(fd);
    int rc = write_bytes(path, (const unsigned char *)text, strlen(text)) ? -1
             : fakt_ner_read_marked(path, c, e);
    unlink(path);
    return rc;
}

/* The marked-text reader behind `fakt eval ner --marked`: code-point
 * offsets of the text without its marks, documents split at blank lines,
 * comments dropped, every malformed mark refused with its line. */
FAKT_SUITE(ner_marked)
{
    fakt_ner_corpus c = {0};
    fakt_error e;
    CHECK_INT(read_marked("# comment [not a mark\nЁж [PER Иван Петров] и [LOC Баку].\n\n\n"
                          "[ORG МИД]\nи [LOC Нижний\nНовгород]\n\n   \n",
                          &c, &e),
              FAKT_OK);
    CHECK_INT(c.n, 2);
    if (c.n == 2) {
        CHECK_STR(c.docs[0].text, "Ёж Иван Петров и Баку.\n");
        CHECK_INT(c.docs[0].ngold, 2);
        CHECK_INT(c.docs[0].gold[0].start, 3);
        CHECK_INT(c.docs[0].gold[0].end, 14);
        CHECK_INT(c.docs[0].gold[0].type, FAKT_PER);
        CHECK_INT(c.docs[0].gold[1].start, 17);
        CHECK_INT(c.docs[0].gold[1].end, 21);
        CHECK_INT(c.docs[0].gold[1].type, FAKT_LOC);
        CHECK_STR(c.docs[1].text, "МИД\nи Нижний\nНовгород\n");
        CHECK_INT(c.docs[1].ngold, 2);
        CHECK_INT(c.docs[1].gold[0].type, FAKT_ORG);
        CHECK_INT(c.docs[1].gold[0].end, 3);
        CHECK_INT(c.docs[1].gold[1].start, 6);
        CHECK_INT(c.docs[1].gold[1].end, 21);
    }
    fakt_ner_corpus_free(&c);
    static const struct { const char *text, *msg; } bad[] = {
        {"a [PER b", ":1: mark not closed"},
        {"a\n[PER b [LOC c]]", ":2: '[' must open"},
        {"a [FOO b]", ":1: '[' must open"},
        {"a [PERb]", ":1: '[' must open"},
        {"a\n\nb] c", ":3: ']' without"},
        {"a [LOC ]", ":1: empty mark"},
        {"a [PER", ":1: '[' must open"},
        {"a \xff b", "not UTF-8"},
    };
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
        memset(&c, 0, sizeof c);
        int rc = read_marked(bad[i].text, &c, &e);
        CHECK(rc == FAKT_EINVAL || rc == FAKT_EUTF8);
        CHECK(rc != FAKT_OK && strstr(e.msg, bad[i].msg) != NULL);
        fakt_ner_corpus_free(&c);
    }
}

/* Runs a pass after decoding (0: tails.c with the dictionary d, 1:
 * quoted.c, 2: abbrev.c, 3: leading.c, 4: sky.c, 5: the stray-mark trim,
 * 6: products.c, 7: quoted.c in a recased document) on text whose flat
 * labels are given as one letter per token ('.' none;
 * P/L/O: a one-token PER/LOC/ORG; B/I/E: begin, inside, end of a
 * multi-token ORG; b/i/l the same of a PER; a run of x a multi-token LOC)
 * and returns them in the same notation. */
static void run_pass(int pass, const fakt_dict *d, const char *text, const char *labs, char *out)
{
    fakt_arena a;
    fakt_arena_init(&a);
    fakt_seg seg;
    out[0] = 0;
    if (fakt_segment(text, strlen(text), &a, &seg, NULL) != FAKT_OK || seg.ntok != strlen(labs) ||
        seg.ntok >= 64) {
        strcpy(out, "(token count differs)");
        fakt_arena_free(&a);
        return;
    }
    uint32_t nt = seg.ntok;
    uint8_t le[64] = {0}, up[64] = {0};
    uint64_t sk[64] = {0};
    uint32_t send[64];
    for (uint32_t i = 0; i < nt; i++) {
        const char *w = text + seg.toks[i].b0;
        char c = labs[i];
        le[i] = c == 'P' ? fakt_ner_lab(FAKT_PER, 3) : c == 'L' ? fakt_ner_lab(FAKT_LOC, 3)
              : c == 'O' ? fakt_ner_lab(FAKT_ORG, 3) : c == 'b' ? fakt_ner_lab(FAKT_PER, 0)
              : c == 'i' ? fakt_ner_lab(FAKT_PER, 1) : c == 'l' ? fakt_ner_lab(FAKT_PER, 2)
              : c == 'B' ? fakt_ner_lab(FAKT_ORG, 0) : c == 'I' ? fakt_ner_lab(FAKT_ORG, 1)
              : c == 'E' ? fakt_ner_lab(FAKT_ORG, 2)
              : c == 'x' ? fakt_ner_lab(FAKT_LOC, i == 0 || labs[i - 1] != 'x' ? 0 : labs[i + 1] == 'x' ? 1 : 2)
              : 0;
        unsigned char u = (unsigned char)w[0];
        sk[i] = u >= 0x80 || (u | 32) >= 'a'; /* words (letters) have a stem */
        up[i] = (u == 0xD0 && (unsigned char)w[1] >= 0x90 && (unsigned char)w[1] <= 0xAF) || (u >= 'A' && u <= 'Z');
        send[i] = nt;
    }
    for (uint32_t k = 0; k < seg.nsent; k++)
        for (uint32_t i = seg.sents[k].t0; i < seg.sents[k].t1 && i < nt; i++)
            send[i] = seg.sents[k].t1;
    fakt_ner_feats f;
    memset(&f, 0, sizeof f);
    f.stemkey = sk, f.upper = up;
    if (pass == 6)
        fakt_ner_products(text, &seg, send, le);
    else if (pass == 5)
        fakt_ner_trim_marks(text, &seg, le);
    else if (pass == 4)
        fakt_ner_sky(text, &seg, &f, le);
    else if (pass == 3)
        fakt_ner_leading(text, &seg, &f, send, le);
    else if (pass == 2)
        fakt_ner_abbrev(text, &seg, &f, le);
    else if (pass == 1 || pass == 7)
        fakt_ner_quoted(text, &seg, &f, send, pass == 7, le);
    else
        fakt_ner_tails(d, text, &seg, &f, send, le);
    for (uint32_t i = 0; i < nt; i++) {
        int l = le[i], ty = l ? fakt_ner_lab_type(l) : 0, pos = l ? fakt_ner_lab_pos(l) : 0;
        out[i] = !l ? '.' : pos == 3 ? "?PLO"[ty] : ty == FAKT_PER ? "bil"[pos] : "BIE"[pos];
        if (ty == FAKT_LOC && pos != 3)
            out[i] = 'x';
    }
    out[nt] = 0;
    fakt_arena_free(&a);
}

/* Runs a pass (run_pass) and checks its labels, reporting the caller's line. */
#define CHECK_PASS(pass, d, text, labs, want)                                  \
    do {                                                                       \
        char got_[80];                                                         \
        run_pass(pass, d, text, labs, got_);                                   \
        CHECK_STR(got_, want);                                                 \
    } while (0)

/* The tails of long organization names (tails.c). */
FAKT_SUITE(ner_tails)
{
    const fakt_dict *d = fakt_test_dict();
    if (!d) {
        fakt_test_skip("ner_tails: no dictionary");
        return;
    }
    /* A body's name goes on over «при ...» and «по ...», places inside. */
    CHECK_PASS(0, d, "Совета при Президенте РФ по развитию информационного общества заявил .", "O..L......", "BIIIIIIE..");
    /* Nothing after an adverbial «по итогам». */
    CHECK_PASS(0, d, "Совет по итогам года решил .", "O.....", "O.....");
    /* A verb ends the tail; so does a person. */
    CHECK_PASS(0, d, "Комитет по бюджету принял закон .", "O.....", "BIE...");
    CHECK_PASS(0, d, "Комитет по бюджету Иван Петров .", "O..bl.", "BIEbl.");
    /* An abbreviation takes a region only: «МЧС по Санкт-Петербургу и
     * Ленобласти», not «НАСА по космическим полётам». */
    CHECK_PASS(0, d, "МЧС по Санкт-Петербургу и Ленобласти сообщило .", "O.L.L..", "BIIIE..");
    CHECK_PASS(0, d, "директор НАСА по космическим полётам заявил .", ".O.....", ".O.....");
    /* A name without a body's head word keeps its end. */
    CHECK_PASS(0, d, "вице-президент Google по маркетингу сообщил .", ".O....", ".O....");
    /* A tail the tagger cut short at «и» goes on; a name without one
     * does not take what follows «и». */
    CHECK_PASS(0, d, "Организации по безопасности и сотрудничеству в Европе заявили .", "BIE...L..", "BIIIIIE..");
    CHECK_PASS(0, d, "Совета Федерации и сотрудников министерства .", "BE....", "BE....");
    /* A body's name goes on over «и» and one more lowercase genitive
     * phrase; not over a person, a body of its own, a phrase that goes
     * on, or from a name that does not end on a lowercase genitive. */
    CHECK_PASS(0, d, "Министерство сельского хозяйства и пищевой промышленности выдало разрешение .", "BIE......", "BIIIIE...");
    CHECK_PASS(0, d, "Института этнологии и антропологии сотрудники", "BE...", "BIIE.");
    CHECK_PASS(0, d, "Министерства обороны и заместителя министра", "BE...", "BE...");
    CHECK_PASS(0, d, "Министерства обороны и генштаба", "BE..", "BE..");
    CHECK_PASS(0, d, "Конгресса профсоюзов и профсоюза Юнайт", "BE...", "BE...");
    CHECK_PASS(0, d, "Совета Федерации и сотрудников .", "BE...", "BE...");
    /* Without a dictionary nothing changes. */
    CHECK_PASS(0, NULL, "Комитет по бюджету принял закон .", "O.....", "O.....");
}

/* Quoted names after an organization's kind word (quoted.c). */
FAKT_SUITE(ner_quoted)
{
    /* A name of ordinary words after a kind word; a place inside it. */
    CHECK_PASS(1, NULL, "движение « За права человека » провело акцию", "........", "..BIE...");
    CHECK_PASS(1, NULL, "партии « Путь Грузии » заявили", "...L..", "..BE..");
    CHECK_PASS(1, NULL, "ГУП « Водоканал » сообщил", ".....", "..O..");
    CHECK_PASS(1, NULL, "клуба \" 16 тонн \" солист", "......", "..BE..");
    /* No kind word, a lowercase start, an entity crossing a quote, a
     * kind word inside an entity, an unclosed quote: nothing. */
    CHECK_PASS(1, NULL, "фильм « Брат » вышел", ".....", ".....");
    CHECK_PASS(1, NULL, "газета « как бы » вышла", "......", "......");
    CHECK_PASS(1, NULL, "компании « Иван » Петров", "...bl", "...bl");
    CHECK_PASS(1, NULL, "Банк « Союз » открыт", "O....", "O....");
    CHECK_PASS(1, NULL, "газета « Труд и", "....", "....");
    /* A Latin name after a kind word, without quotes: words, digits and
     * small words inside it; a name the tagger took for a person too. */
    CHECK_PASS(1, NULL, "BBC , Channel 4 и канал Five .", "O.......", "O.....O.");
    CHECK_PASS(1, NULL, "профсоюза Unite заявил", "...", ".O.");
    CHECK_PASS(1, NULL, "агентство Bank of America сообщило", ".....", ".BIE.");
    CHECK_PASS(1, NULL, "корпорация Philips и", ".P.", ".O.");
    CHECK_PASS(1, NULL, "компании Roem.ru сообщили", "...", ".O.");
    /* A lowercase word, a number alone, no kind word, a kind word inside
     * an entity, an entity running on past the name: nothing. */
    CHECK_PASS(1, NULL, "канал iTunes запущен", "...", "...");
    CHECK_PASS(1, NULL, "канал 5 сообщил", "...", "...");
    CHECK_PASS(1, NULL, "центра 2010 года", "...", "...");
    CHECK_PASS(1, NULL, "браузер Chrome вышел", "...", "...");
    CHECK_PASS(1, NULL, "ИА Regnum сообщило", "BE.", "BE.");
    CHECK_PASS(1, NULL, "компании Zynga Иван Петров", ".bil", ".bil");
    /* A lowercase phrase filling its quotes is no name; a capitalized
     * one, a person, one that does not fill the quotes stay. */
    CHECK_PASS(1, NULL, "операторов « большой тройки » признали", "..BE..", "......");
    CHECK_PASS(1, NULL, "слово « face » ушло", "..O..", ".....");
    CHECK_PASS(1, NULL, "в « Большой тройке » заявили", "..BE..", "..BE..");
    CHECK_PASS(1, NULL, "группы « дети Петрова » вышли", "...P..", "...P..");
    CHECK_PASS(1, NULL, "« газовую ОПЕК и", ".BE.", ".BE.");
    /* In a recased document (pass 7) a lowercase name may be one the
     * truecaser did not know: it stays. */
    CHECK_PASS(7, NULL, "сообщил « газпром »", "..O.", "..O.");
    CHECK_PASS(1, NULL, "сообщил « газпром »", "..O.", "....");
}

/* Names defined by their abbreviation in parentheses (abbrev.c). */
FAKT_SUITE(ner_abbrev)
{
    /* Initials spell the abbreviation, small words skipped; both ways. */
    CHECK_PASS(2, NULL, "Союз координационных советов ( СКС ) провёл митинг", "........", "BIE.O...");
    CHECK_PASS(2, NULL, "фронта за демократию против диктатуры ( ФДД ) заявил", ".........", ".........");
    CHECK_PASS(2, NULL, "Фронта за демократию против диктатуры ( ФДД ) заявил", "O........", "BIIIE.O..");
    CHECK_PASS(2, NULL, "представители ПАСЕ ( Парламентской ассамблеи Совета Европы ) призвали", ".O.BIEL..", ".O.BIIE..");
    /* A place keeps its type; a person blocks; initials that do not
     * spell it change nothing. */
    CHECK_PASS(2, NULL, "граждане Объединённых Арабских Эмиратов ( ОАЭ ) уехали", ".xxx....", ".xxx.L..");
    CHECK_PASS(2, NULL, "Иван Петров ( ИП ) пришёл", "bl....", "bl....");
    CHECK_PASS(2, NULL, "Комитет защиты журналистов ( КЗЖ )", "......", "BIE.O.");
    CHECK_PASS(2, NULL, "Комитет защиты прав ( КЗЖ )", "......", "......");
    /* An abbreviation spelled by lowercase words is a term: it goes there
     * and elsewhere in the document; one they do not spell stays. */
    CHECK_PASS(2, NULL, "свободного программного обеспечения ( СПО ) . Проблемы СПО решены", "....O...O.", "..........");
    CHECK_PASS(2, NULL, "приборно-агрегатного отсека ( ПАО ) отделился", "...O..", "......");
    CHECK_PASS(2, NULL, "программного обеспечения ( МВД ) и МВД", "...O..O", "...O..O");
}

/* Adjectives in -ский/-цкий an organization's name begins with (leading.c). */
FAKT_SUITE(ner_leading)
{
    /* One adjective, two, a name in quotes (which come along). */
    CHECK_PASS(3, NULL, "глава японского МИДа заявил", "..O.", ".BE.");
    CHECK_PASS(3, NULL, "санкции российского Минсельхоза и МИДа", "..O.O", ".BE.O");
    CHECK_PASS(3, NULL, "члены российско-американского парламентского комитета", "...O", ".BIE");
    CHECK_PASS(3, NULL, "солист ленинградского « Телевизора » спел", "...O..", ".BIIE.");
    CHECK_PASS(3, NULL, "глава американского министерства иностранных дел", "..BIE", ".BIIE");
    /* Not an adjective in -ский, one inside an entity, one in the
     * sentence before, a quote left open: nothing changes. */
    CHECK_PASS(3, NULL, "глава нового МИДа заявил", "..O.", "..O.");
    CHECK_PASS(3, NULL, "глава японского МИДа", ".LO", ".LO");
    CHECK_PASS(3, NULL, "Вестник японский\n\nМИД заявил", "..O.", "..O.");
    CHECK_PASS(3, NULL, "гость московского « Центра", "...O", "...O");
    /* An agency abbreviation or legal form leaves the name, quotes and
     * all; alone it stays. */
    CHECK_PASS(3, NULL, "цитирует ИА Regnum .", ".BE.", "..O.");
    CHECK_PASS(3, NULL, "сообщает РИА « Новости » .", ".BIIE.", "...O..");
    CHECK_PASS(3, NULL, "ОАО Газпром и ОАО", "BE.O", ".O.O");
    /* An adjective in -ский alone before a lowercase word is no
     * organization; before a capital, or as a longer span, it stays. */
    CHECK_PASS(3, NULL, "Лондонские беспорядки начались", "O..", "...");
    CHECK_PASS(3, NULL, "по евразийским делам", ".O.", "...");
    CHECK_PASS(3, NULL, "с Евразийским банком развития", ".O..", ".O..");
    CHECK_PASS(3, NULL, "Лондонская Биржа заявила", "O..", "O..");
    CHECK_PASS(3, NULL, "Российская академия наук", "BIE", "BIE");
    /* A place drops the kind word it begins with, not an adjective, and
     * a name all in lowercase stays. */
    CHECK_PASS(3, NULL, "жители республики Крым", ".xx", "..L");
    CHECK_PASS(3, NULL, "в автономной республики Крым", ".xxx", "...L");
    CHECK_PASS(3, NULL, "районы столицы Южной Кореи", ".xxx", "..xx");
    CHECK_PASS(3, NULL, "в российской Кремниевой долине", ".xxx", ".xxx");
    CHECK_PASS(3, NULL, "в федеральной тюрьме", ".xx", ".xx");
}

/* The Moon, the Sun and the planets (sky.c). */
FAKT_SUITE(ner_sky)
{
    CHECK_PASS(4, NULL, "экспедиция высадится на Луну , а потом полетит к Марсу", "..........", "...L.....L");
    CHECK_PASS(4, NULL, "вспышка на Солнце и полюса Венеры", "......", "..L..L");
    /* A lone person so named is the body; an organization stays. */
    CHECK_PASS(4, NULL, "полёт на Луну и к Марсу", "..P..O", "..L..O");
    /* Lowercase, a person so named, a city and a surname like them, the
     * Earth: nothing. */
    CHECK_PASS(4, NULL, "при луне и марсе", "....", "....");
    CHECK_PASS(4, NULL, "эксперт Марс Сариев заявил", ".bl.", ".bl.");
    CHECK_PASS(4, NULL, "в Марселе и Солнцево жил Лунин", "......", "......");
    CHECK_PASS(4, NULL, "вернулись на Землю", "...", "...");
}

/* Quotes, brackets, commas and dashes cut off the edges of names unless
 * they pair with one inside (fakt_ner_trim_marks). */
FAKT_SUITE(ner_trim_marks)
{
    /* the next name's opening quote taken into the one before */
    CHECK_PASS(5, NULL, "интервью Русской службе «Голоса Америки»", ".BIEBE.", ".BE.BE.");
    /* quotes that pair inside stay; a comma after them goes */
    CHECK_PASS(5, NULL, "лидер московского «Центра» и", ".BIIE.", ".BIIE.");
    CHECK_PASS(5, NULL, "в «Газпроме», сказал", ".BIIE.", ".BIE..");
    CHECK_PASS(5, NULL, "сообщает РИА «Новости».", ".BIE..", ".BIE..");
    /* a closing quote that opens nothing in the span, a dash, a lone mark */
    CHECK_PASS(5, NULL, "«Яблоко» заявило", ".BE.", ".O..");
    CHECK_PASS(5, NULL, "Иван Петров — министр", "bil.", "bl..");
    CHECK_PASS(5, NULL, "он сказал : да", "..O.", "....");
}

/* Products, works and events named after their kind word (products.c). */
FAKT_SUITE(ner_products)
{
    /* quoted or Latin, and those joined by «и» or a comma */
    CHECK_PASS(6, NULL, "пилотируемый корабль «Орион» стартует", "...O..", "......");
    CHECK_PASS(6, NULL, "автомобили «Шкода Октавия» собирают", "..BE..", "......");
    CHECK_PASS(6, NULL, "разработчик игр FarmVille и CityVille", "..O.O", ".....");
    CHECK_PASS(6, NULL, "конкурс «Новая волна» , «Евровидение» и «Голос»", "..BE...O...O.", ".............");
    /* a place in quotes after a kind word is dropped too */
    CHECK_PASS(6, NULL, "на корабле «Союз»", "...L.", ".....");
    /* an organization in Cyrillic without quotes, a person, a capitalized
     * kind word, an organization after «и» that is not in quotes, a kind
     * word in the sentence before, a word like a kind word: all stay */
    CHECK_PASS(6, NULL, "в системе МВД", "..O", "..O");
    CHECK_PASS(6, NULL, "фильм «Иван Петров»", "..bl.", "..bl.");
    CHECK_PASS(6, NULL, "Турнир «Спартак» выиграл", "..O..", "..O..");
    CHECK_PASS(6, NULL, "игр FarmVille и МВД", ".O.O", "...O");
    CHECK_PASS(6, NULL, "Он купил автомобиль . Toyota заявила", "....O.", "....O.");
    CHECK_PASS(6, NULL, "игрок «Спартака» забил", "..O..", "..O..");
    /* the maker after a word for its ware: an organization */
    CHECK_PASS(6, NULL, "продажи альбома Rammstein и самолета Air France", "..O..BE", "..O..BE");
    /* a span that holds its quotes */
    CHECK_PASS(6, NULL, "корабль «Орион» стартует", ".BIE.", ".....");
    /* the first of two untagged, the second tagged */
    CHECK_PASS(6, NULL, "игр FarmVille и CityVille", "...O", "....");
    /* airports and ports make places of organizations */
    CHECK_PASS(6, NULL, "в аэропорту «Домодедово» и порт Козьмино", "...O...O", "...L...L");
    CHECK_PASS(6, NULL, "в портале Roem", "..O", "..O");
    /* A person after a town's word is a place, unless a post comes first. */
    CHECK_PASS(6, NULL, "из города Хилтон Хэд вылетел", "..bl.", "..xx.");
    CHECK_PASS(6, NULL, "китайский город Дацин .", "..P.", "..L.");
    CHECK_PASS(6, NULL, "мэр города Лужков заявил", "..P.", "..P.");
    CHECK_PASS(6, NULL, "жители городов Иванов и Петров", "..P.P", "..P.P");
    /* an event by its English head, not a one-word name */
    CHECK_PASS(6, NULL, "на Corus Chess Tournament в", ".BIE.", ".....");
    CHECK_PASS(6, NULL, "компания Cup и Games", ".O.O", ".O.O");
}

/* Lowercase sentences recased before tagging (truecase.c): words the news
 * mostly capitalize get their capital, abbreviations their capitals, the
 * first word its capital; offsets stay, the entities report the original
 * text; normal text and sentences in capitals are left alone. */
FAKT_SUITE(ner_truecase)
{
    const fakt_model *m = fakt_test_model();
    const fakt_dict *d = fakt_test_dict();
    if (!m || !d) {
        fakt_test_skip("ner_truecase: no model or dictionary");
        return;
    }
    static const struct {
        const char *in, *want;
    } cases[] = {
        {"путин прилетел в москву на встречу с главой мвд.", "Путин прилетел в Москву на встречу с главой МВД."},
        {"делегация из санкт-петербурга посетила сша", "Делегация из Санкт-Петербурга посетила США"},
        /* a word that starts with a digit gets no capital */
        {"10-летний мальчик приехал в ростов-на-дону", "10-летний мальчик приехал в Ростов-на-Дону"},
        /* normal text and capitals: untouched */
        {"Путин прилетел в москву.", "Путин прилетел в москву."},
        {"ПУТИН ПРИЛЕТЕЛ В МОСКВУ.", "ПУТИН ПРИЛЕТЕЛ В МОСКВУ."},
        /* too short to tell */
        {"в москве", "в москве"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        fakt_arena a;
        fakt_arena_init(&a);
        fakt_seg seg, out;
        const char *t = NULL;
        size_t n = strlen(cases[i].in);
        CHECK_INT(fakt_segment(cases[i].in, n, &a, &seg, NULL), FAKT_OK);
        int r = fakt_ner_truecase(m, d, cases[i].in, &seg, &a, &t, &out);
        int changed = strcmp(cases[i].in, cases[i].want) != 0;
        CHECK_INT(r, changed);
        CHECK(t && strlen(t) == n && !strcmp(t, cases[i].want));
        CHECK(out.ntok == seg.ntok && out.nsent == seg.nsent);
        if (changed && r == 1 && out.ntok > 0) {
            CHECK(out.toks[0].flags & FAKT_TF_UPPER);   /* the first word */
            CHECK(!(seg.toks[0].flags & FAKT_TF_UPPER)); /* the input's stay */
        }
        if (r == 0)
            CHECK(t == cases[i].in && out.toks == seg.toks);
        fakt_arena_free(&a);
    }
    /* An abbreviation gets both flags. */
    {
        fakt_arena a;
        fakt_arena_init(&a);
        fakt_seg seg, out;
        const char *t = NULL, *in = "заявление мвд россии опубликовано";
        CHECK_INT(fakt_segment(in, strlen(in), &a, &seg, NULL), FAKT_OK);
        CHECK_INT(fakt_ner_truecase(m, d, in, &seg, &a, &t, &out), 1);
        CHECK(out.ntok >= 2 && (out.toks[1].flags & FAKT_TF_ALLCAPS) && (out.toks[1].flags & FAKT_TF_UPPER));
        CHECK(out.ntok >= 3 && (out.toks[2].flags & FAKT_TF_UPPER) && !(out.toks[2].flags & FAKT_TF_ALLCAPS));
        fakt_arena_free(&a);
    }
    /* Tagged through the library: the names of lowercase text are found,
     * and their text is the input's. */
    char got[512];
    entities(m, "вчера путин встретился в москве с сергеем лавровым и главой мвд.", got, sizeof got);
    CHECK(strstr(got, "PER:путин") != NULL);
    CHECK(strstr(got, "LOC:москве") != NULL);
    CHECK(strstr(got, "PER:сергеем лавровым") != NULL);
    CHECK(strstr(got, "ORG:мвд") != NULL);

    /* Norms of lowercase text are written as names: the normalizer reads
     * the recased sentence, with the words of persons and the first word
     * of places and organizations capitalized. */
    static const struct {
        const char *text, *name, *norm;
    } norms[] = {
        {"вчера путин встретился в ташкенте с шавкатом мирзиёевым.", "шавкатом мирзиёевым", "Шавкат Мирзиёев"},
        {"вчера путин встретился в ташкенте с шавкатом мирзиёевым.", "ташкенте", "Ташкент"},
        {"на встрече были шарль де голль и глава мвд россии.", "шарль де голль", "Шарль де Голль"},
        {"на встрече были шарль де голль и глава мвд россии.", "мвд", "МВД"},
        /* a surname the news do not know, hyphenated or not; an unknown
         * abbreviation */
        {"вчера с гульнарой есенжановой встретился министр культуры.", "гульнарой есенжановой", "Гульнара Есенжанова"},
        {"заявление сделал депутат ирина саишвили-чантурия.", "ирина саишвили-чантурия", "Ирина Саишвили-Чантурия"},
        {"активисты скс провели пикет у мэрии.", "скс", "СКС"},
        /* a headline in capitals: read by the normalizer as if lowercase */
        {"ПУТИН ВСТРЕТИЛСЯ В ТАШКЕНТЕ С ШАВКАТОМ МИРЗИЁЕВЫМ. Встреча прошла в резиденции.",
         "ШАВКАТОМ МИРЗИЁЕВЫМ", "Шавкат Мирзиёев"},
        {"ПУТИН ВСТРЕТИЛСЯ В ТАШКЕНТЕ С ШАВКАТОМ МИРЗИЁЕВЫМ. Встреча прошла в резиденции.", "ТАШКЕНТЕ",
         "Ташкент"},
        {"ГЛАВА МВД РОССИИ ПРИЕХАЛ В НИЖНИЙ НОВГОРОД", "НИЖНИЙ НОВГОРОД", "Нижний Новгород"},
        {"ГЛАВА МВД РОССИИ ПРИЕХАЛ В НИЖНИЙ НОВГОРОД", "МВД", "МВД"},
        /* normal text: as written */
        {"Вчера Путин встретился в Ташкенте с Шавкатом Мирзиёевым.", "Шавкатом Мирзиёевым", "Шавкат Мирзиёев"},
    };
    for (size_t i = 0; i < sizeof norms / sizeof *norms; i++) {
        fakt_doc *doc = NULL;
        fakt_error e;
        CHECK_INT(fakt_doc_analyze(d, m, norms[i].text, strlen(norms[i].text), &doc, &e), FAKT_OK);
        const char *at = strstr(norms[i].text, norms[i].name);
        int found = 0;
        for (size_t k = 0; doc && at && k < fakt_doc_entity_count(doc); k++) {
            const fakt_entity *en = fakt_doc_entity(doc, k);
            if (en->span.byte_start == (size_t)(at - norms[i].text) &&
                en->span.byte_end == en->span.byte_start + strlen(norms[i].name)) {
                found = 1;
                CHECK(en->norm && !strcmp(en->norm, norms[i].norm));
                if (en->norm && strcmp(en->norm, norms[i].norm))
                    fprintf(stderr, "norm of «%s»: «%s», want «%s»\n", norms[i].name, en->norm, norms[i].norm);
            }
        }
        CHECK(found);
        fakt_doc_free(doc);
    }
}

/*
 * test_train.c — the trainer end to end on a tiny corpus written here in
 * NEREL's brat format: it trains (with stacking), writes a model with a
 * word table, writes the same bytes a second time (determinism), and the
 * model it wrote loads and tags, its word table giving the scores of the
 * plain path.  With unlabeled news (a few lines of our own) it trains in
 * two rounds, and the model carries what the first round found there
 * (silver statistics).  Needs the dictionary (skips without it).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/core.h"
#include "harness.h"
#include "ner/nerint.h"
#include "text/segment.h"

/* Our own sentences; spans are found by text, so no offsets to keep right. */
static const char *const docs[][2] = {
    {"Президент Киргизии Садыр Жапаров прилетел в Бишкек. Жапаров встретился с министром.",
     "PERSON Садыр Жапаров|COUNTRY Киргизии|CITY Бишкек|PERSON Жапаров|PROFESSION министром|PROFESSION Президент"},
    {"Компания «Кыргызгаз» открыла офис в Оше. Глава компании Алмаз Бекназаров доволен.",
     "ORGANIZATION «Кыргызгаз»|CITY Оше|PERSON Алмаз Бекназаров|PROFESSION Глава компании"},
    {"В Ташкенте министр Бахтиёр Саидов обсудил работу банка «Асака».",
     "CITY Ташкенте|PERSON Бахтиёр Саидов|ORGANIZATION банка «Асака»|PROFESSION министр"},
    {"Казахстан и Узбекистан подписали соглашение в Астане.",
     "COUNTRY Казахстан|COUNTRY Узбекистан|CITY Астане"},
};

static void put(const char *path, const char *s)
{
    FILE *f = fopen(path, "w");
    if (f) {
        fputs(s, f);
        fclose(f);
    }
}

/* Writes doc i as dir/<i>.txt and .ann (byte offsets are code points here:
 * NEREL's offsets count characters). */
static void write_doc(const char *dir, int i)
{
    if (strlen(dir) > 3000)
        return;
    char p[4200], ann[4096] = "";
    const char *text = docs[i][0];
    snprintf(p, sizeof p, "%s/%03d.txt", dir, i);
    put(p, text);
    char spec[1024];
    snprintf(spec, sizeof spec, "%s", docs[i][1]);
    int k = 1;
    for (char *tok = strtok(spec, "|"); tok; tok = strtok(NULL, "|")) {
        char *sp = strchr(tok, ' ');
        *sp = 0;
        const char *at = strstr(text, sp + 1);
        if (!at)
            continue;
        size_t c0 = fakt_utf8_count(text, (size_t)(at - text));
        size_t c1 = c0 + fakt_utf8_count(sp + 1, strlen(sp + 1));
        size_t o = strlen(ann);
        snprintf(ann + o, sizeof ann - o, "T%d\t%s %zu %zu\t%s\n", k++, tok, c0, c1, sp + 1);
    }
    snprintf(p, sizeof p, "%s/%03d.ann", dir, i);
    put(p, ann);
}

static void no_log(const char *line) { (void)line; }

/* Unlabeled "news" for the silver statistics: names of the corpus above in
 * new sentences, each line an article. */
static const char unlabeled[] =
    "Садыр Жапаров прилетел в Бишкек.\n"
    "В Бишкек прилетел министр Алмаз Бекназаров.\n"
    "Компания «Кыргызгаз» открыла офис в Бишкек.\n"
    "Жапаров прилетел в Ташкенте.\n";

/* fakt_ner_silver_read: a text file whole and cut at a line end, a folder
 * of .xz files (when xz is installed), a missing path refused. */
static void silver_read(const char *root)
{
    char path[400], *buf;
    size_t len;
    fakt_error e;
    snprintf(path, sizeof path, "%s/news.txt", root);
    put(path, unlabeled);
    CHECK_INT(fakt_ner_silver_read(path, 0, &buf, &len, &e), FAKT_OK);
    CHECK(len == sizeof unlabeled - 1 && memcmp(buf, unlabeled, len) == 0);
    free(buf);
    CHECK_INT(fakt_ner_silver_read(path, 70, &buf, &len, &e), FAKT_OK);
    CHECK(len == strlen("Садыр Жапаров прилетел в Бишкек.\n") && buf[len] == 0); /* whole lines only */
    free(buf);
    unlink(path);
    snprintf(path, sizeof path, "%s/none", root);
    CHECK_INT(fakt_ner_silver_read(path, 0, &buf, &len, &e), FAKT_ENOTFOUND);
    char dir[300], cmd[700];
    snprintf(dir, sizeof dir, "%s/xz", root);
    mkdir(dir, 0700);
    snprintf(cmd, sizeof cmd, "xz -c > '%s/b.txt.xz'", dir);
    FILE *f = popen(cmd, "w");
    if (f) {
        fputs("второй файл", f); /* no final line break: the reader adds one */
        int ok = pclose(f) == 0;
        snprintf(cmd, sizeof cmd, "printf 'первый\\n' | xz -c > '%s/a.txt.xz'", dir);
        ok = ok && system(cmd) == 0;
        if (ok) {
            CHECK_INT(fakt_ner_silver_read(dir, 0, &buf, &len, &e), FAKT_OK);
            CHECK(len == strlen("первый\nвторой файл\n") && !strcmp(buf, "первый\nвторой файл\n"));
            free(buf);
        } else {
            fakt_test_skip("train: no xz to test .xz reading");
        }
    }
    snprintf(path, sizeof path, "%s/a.txt.xz", dir);
    unlink(path);
    snprintf(path, sizeof path, "%s/b.txt.xz", dir);
    unlink(path);
    rmdir(dir);
}

FAKT_SUITE(train)
{
    if (!fakt_test_dict()) {
        fakt_test_skip("train: no dictionary");
        return;
    }
    char root[] = "/tmp/fakt-test-train-XXXXXX";
    if (!mkdtemp(root)) {
        CHECK(0);
        return;
    }
    char p[256], forms[256], m1[256], m2[256];
    snprintf(p, sizeof p, "%s/nerel-1.1", root);
    mkdir(p, 0700);
    for (int part = 0; part < 2; part++) {
        snprintf(p, sizeof p, "%s/nerel-1.1/%s", root, part ? "dev" : "train");
        mkdir(p, 0700);
        for (int i = part ? 3 : 0; i < (part ? 4 : 3); i++)
            write_doc(p, i);
    }
    silver_read(root);
    char unl[256];
    snprintf(unl, sizeof unl, "%s/news.txt", root);
    put(unl, unlabeled);
    snprintf(forms, sizeof forms, "%s/forms.tsv", root);
    put(forms, "в\t9\nКиргизии\t8\nминистр\t7\n.\t6\nКазахстан\t5\n");
    snprintf(m1, sizeof m1, "%s/a.fkm", root);
    snprintf(m2, sizeof m2, "%s/b.fkm", root);
    fakt_ner_train_opts o;
    memset(&o, 0, sizeof o);
    o.corpora = root;
    o.dict_dir = fakt_test_dict_dir;
    o.forms = forms;
    o.nforms = 100;
    o.seed = 1;
    o.epochs = 3;
    o.fre_weight = 1;
    o.augment = 1;
    o.stack = 2;
    o.nerel_only = 1;
    o.nbits = 14;
    o.log = no_log;
    o.unlabeled = unl;
    fakt_error e;
    int rc = fakt_ner_train(&o, m1, &e);
    if (rc != FAKT_OK)
        fprintf(stderr, "train: %s\n", e.msg);
    CHECK_INT(rc, FAKT_OK);
    CHECK_INT(fakt_ner_train(&o, m2, &e), FAKT_OK);
    char *b1 = NULL, *b2 = NULL;
    size_t n1 = 0, n2 = 0;
    CHECK_INT(fakt_read_file(m1, &b1, &n1, NULL), FAKT_OK);
    CHECK_INT(fakt_read_file(m2, &b2, &n2, NULL), FAKT_OK);
    CHECK(n1 > 0 && n1 == n2 && memcmp(b1, b2, n1) == 0); /* deterministic */
    free(b1);
    free(b2);
    /* --org-bias / --org-cont: the same model but for the score of entering
     * an ORG span (B-ORG 9 and U-ORG 12, from every label and the start)
     * and of going on with one (from B-ORG 9 or I-ORG 10 into I 10 or L 11).
     * (The stacked first-pass labels are decoded with the biases too; on
     * these documents these biases leave them as they were.) */
    o.bias[3] = 2.5f, o.cont[3] = 1.5f;
    CHECK_INT(fakt_ner_train(&o, m2, &e), FAKT_OK);
    o.bias[3] = 0, o.cont[3] = 0;
    fakt_model *ma = NULL, *mb = NULL;
    if (fakt_model_open(m1, &ma, &e) == FAKT_OK && fakt_model_open(m2, &mb, &e) == FAKT_OK) {
        int moved = 0, cont = 0, kept = 0;
        for (int row = 0; row <= FAKT_NER_NE; row++)
            for (int to = 0; to < FAKT_NER_NE; to++) {
                float d = mb->trans_e[row * FAKT_NER_NE + to] - ma->trans_e[row * FAKT_NER_NE + to];
                if (to == 9 || to == 12)
                    moved += d > 2.499f && d < 2.501f;
                else if ((row == 1 + 9 || row == 1 + 10) && (to == 10 || to == 11))
                    cont += d > 1.499f && d < 1.501f;
                else
                    kept += d == 0;
            }
        CHECK_INT(moved, 2 * (FAKT_NER_NE + 1));
        CHECK_INT(cont, 4);
        CHECK_INT(kept, (FAKT_NER_NE - 2) * (FAKT_NER_NE + 1) - 4);
    } else {
        CHECK(0);
    }
    fakt_model_free(ma);
    fakt_model_free(mb);
    /* --margin: training decodes against a cost, so the updates and the
     * weights differ from the plain perceptron's, and deterministically. */
    o.margin = 100;
    CHECK_INT(fakt_ner_train(&o, m2, &e), FAKT_OK);
    char m3[256];
    snprintf(m3, sizeof m3, "%s/c.fkm", root);
    CHECK_INT(fakt_ner_train(&o, m3, &e), FAKT_OK);
    o.margin = 0;
    size_t n3 = 0;
    char *b3 = NULL;
    CHECK_INT(fakt_read_file(m1, &b1, &n1, NULL), FAKT_OK);
    CHECK_INT(fakt_read_file(m2, &b2, &n2, NULL), FAKT_OK);
    CHECK_INT(fakt_read_file(m3, &b3, &n3, NULL), FAKT_OK);
    CHECK(n2 > 0 && n2 == n3 && memcmp(b2, b3, n2) == 0);
    CHECK(n1 != n2 || memcmp(b1, b2, n1) != 0);
    free(b1);
    free(b2);
    free(b3);
    unlink(m3);
    fakt_model *m;
    CHECK_INT(fakt_model_open(m1, &m, &e), FAKT_OK);
    if (rc == FAKT_OK && m) {
        CHECK_INT(m->nwords, 5);
        /* Silver statistics: the first round tagged Бишкек in the news,
         * and in capitals it is found by its lowercase form. */
        CHECK(m->silv.slots != NULL);
        char low[64];
        size_t ln = fakt_ner_lower("Бишкек", strlen("Бишкек"), low, sizeof low);
        uint64_t hb = fakt_ner_hash("Бишкек", strlen("Бишкек")), hl = fakt_ner_hash(low, ln);
        uint16_t sv = fakt_ner_silver_get(m, hb, hl);
        CHECK_INT(FAKT_SILV_TOP(sv), 2); /* LOC */
        CHECK(FAKT_SILV_RATE(sv, 1) >= 5 && FAKT_SILV_FREQ(sv) == 2 && !(sv & FAKT_SILV_LOW));
        uint16_t su = fakt_ner_silver_get(m, fakt_ner_hash("БИШКЕК", strlen("БИШКЕК")), hl);
        CHECK((su & FAKT_SILV_LOW) && (su & 0x3FFFu) == sv);
        CHECK_INT(fakt_ner_silver_get(m, fakt_ner_hash("прилетел", 16), fakt_ner_hash("прилетел", 16)), 0);
        CHECK(fakt_ner_words_usable(m, fakt_test_dict()));
        static const char text[] = "Министр Киргизии прилетел в Казахстан.";
        fakt_model plain = *m;
        plain.nwords = 0;
        fakt_arena a;
        fakt_arena_init(&a);
        fakt_seg seg;
        fakt_ner_feats f1, f2;
        CHECK_INT(fakt_segment(text, sizeof text - 1, &a, &seg, NULL), FAKT_OK);
        CHECK_INT(fakt_ner_features(m, fakt_test_dict(), text, &seg, &a, &f1), FAKT_OK);
        CHECK_INT(fakt_ner_features(&plain, fakt_test_dict(), text, &seg, &a, &f2), FAKT_OK);
        float *e1 = fakt_arena_alloc(&a, (size_t)seg.ntok * FAKT_NER_NL * sizeof *e1);
        float *e2 = fakt_arena_alloc(&a, (size_t)seg.ntok * FAKT_NER_NL * sizeof *e2);
        fakt_ner_emissions(m, &f1, 0, seg.ntok, e1);
        fakt_ner_emissions(&plain, &f2, 0, seg.ntok, e2);
        CHECK(memcmp(e1, e2, (size_t)seg.ntok * FAKT_NER_NL * sizeof *e1) == 0);
        uint32_t hits = 0;
        for (uint32_t i = 0; i < seg.ntok; i++)
            hits += f1.word[i] != NULL;
        CHECK(hits >= 3); /* Киргизии, в, . (Министр and Казахстан differ in case/flags or not) */
        fakt_ner_out out;
        CHECK_INT(fakt_ner_tag(m, fakt_test_dict(), text, &seg, &a, &out, NULL), FAKT_OK);
        fakt_arena_free(&a);
        fakt_model_free(m);
    }
    /* Clean up the temporary corpus. */
    for (int part = 0; part < 2; part++)
        for (int i = 0; i < 4; i++)
            for (int x = 0; x < 2; x++) {
                snprintf(p, sizeof p, "%s/nerel-1.1/%s/%03d.%s", root, part ? "dev" : "train", i, x ? "ann" : "txt");
                unlink(p);
            }
    snprintf(p, sizeof p, "%s/nerel-1.1/train", root);
    rmdir(p);
    snprintf(p, sizeof p, "%s/nerel-1.1/dev", root);
    rmdir(p);
    snprintf(p, sizeof p, "%s/nerel-1.1", root);
    rmdir(p);
    unlink(forms);
    unlink(unl);
    unlink(m1);
    unlink(m2);
    rmdir(root);
}

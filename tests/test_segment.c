/* test_segment.c — the segmentation stage: tokens and sentences over
 * sentences written for these tests (never corpus text), offsets checked
 * by cutting the input at the reported code-point offsets; hostile input
 * (empty, blank, zero-width and RTL marks, a 100,000-character word, a
 * multi-megabyte line); and, when ../shared is present, token F1 on the
 * factRuEval-2016 dev set. */
#include <dirent.h>
#include <stdlib.h>

#include "core/core.h"
#include "harness.h"
#include "text/segment.h"

/* Byte offset of code point cp in s (valid UTF-8). */
static size_t cp_byte(const char *s, size_t len, size_t cp)
{
    size_t i = 0, c = 0;
    while (i < len && c < cp) {
        i++;
        while (i < len && ((unsigned char)s[i] & 0xC0) == 0x80)
            i++;
        c++;
    }
    return i;
}

/* Renders tokens as "a|b|c" and sentences as "a b c||d e" (each sentence
 * cut from the input at its code-point span), checking on the way that
 * byte and code-point offsets agree, tokens are ordered, non-empty and
 * inside their sentence. */
static void render(const char *s, char *toks, size_t tcap, char *sents, size_t scap)
{
    fakt_tokens *t = NULL;
    size_t len = strlen(s), tp = 0, sp = 0;
    toks[0] = sents[0] = 0;
    CHECK_INT(fakt_tokenize(s, len, &t, NULL), FAKT_OK);
    if (!t)
        return;
    size_t prev_end = 0, si = 0;
    for (size_t i = 0; i < fakt_tokens_count(t); i++) {
        const fakt_span *k = fakt_tokens_token(t, i);
        size_t b0 = cp_byte(s, len, k->start), b1 = cp_byte(s, len, k->end);
        CHECK(k->start < k->end && k->start >= prev_end);
        CHECK(b0 == k->byte_start && b1 == k->byte_end);
        prev_end = k->end;
        if (tp + (b1 - b0) + 2 < tcap) {
            if (i)
                toks[tp++] = '|';
            memcpy(toks + tp, s + b0, b1 - b0);
            tp += b1 - b0;
            toks[tp] = 0;
        }
    }
    for (size_t i = 0; i < fakt_tokens_sentence_count(t); i++) {
        const fakt_span *k = fakt_tokens_sentence(t, i);
        size_t b0 = cp_byte(s, len, k->start), b1 = cp_byte(s, len, k->end);
        CHECK(b0 == k->byte_start && b1 == k->byte_end);
        /* sentence i starts at a token and ends at a token */
        while (si < fakt_tokens_count(t) && fakt_tokens_token(t, si)->start < k->start)
            si++;
        CHECK(si < fakt_tokens_count(t) && fakt_tokens_token(t, si)->start == k->start);
        if (sp + (b1 - b0) + 3 < scap) {
            if (i) {
                sents[sp++] = '|';
                sents[sp++] = '|';
            }
            memcpy(sents + sp, s + b0, b1 - b0);
            sp += b1 - b0;
            sents[sp] = 0;
        }
    }
    fakt_tokens_free(t);
}

#define SEG(text, want_toks, want_sents)                                       \
    do {                                                                       \
        char tk_[4096], st_[4096];                                             \
        render(text, tk_, sizeof tk_, st_, sizeof st_);                        \
        if (want_toks)                                                         \
            CHECK_STR(tk_, (const char *)want_toks);                           \
        if (want_sents)                                                        \
            CHECK_STR(st_, (const char *)want_sents);                          \
    } while (0)

/* Kind and flags of token i of text, via the private segmenter. */
static fakt_token tok_at(const char *text, size_t i)
{
    fakt_arena a;
    fakt_seg g;
    fakt_token r;
    memset(&r, 0, sizeof r);
    fakt_arena_init(&a);
    if (fakt_segment(text, strlen(text), &a, &g, NULL) == FAKT_OK && i < g.ntok)
        r = g.toks[i];
    fakt_arena_free(&a);
    return r;
}

static void test_cases(void)
{
    /* initials: the period is its own token and never ends the sentence */
    SEG("Вчера В. В. Путин и Ш.М. Мирзиёев подписали договор.",
        "Вчера|В|.|В|.|Путин|и|Ш|.|М|.|Мирзиёев|подписали|договор|.", NULL);
    SEG("Вчера В. В. Путин прилетел. Затем Ш.М. Мирзиёев уехал.", NULL,
        "Вчера В. В. Путин прилетел.||Затем Ш.М. Мирзиёев уехал.");
    /* abbreviations */
    SEG("Он живёт в г. Самаре на ул. Садовой, т. е. в центре, и т. д. Потом уехал.", NULL,
        "Он живёт в г. Самаре на ул. Садовой, т. е. в центре, и т. д.||Потом уехал.");
    SEG("Театр им. Чехова открылся в 1998 г. Зрители пришли.", NULL,
        "Театр им. Чехова открылся в 1998 г.||Зрители пришли.");
    SEG("Бюджет 3 млрд руб. и 20 тыс. долл. в год.", "Бюджет|3|млрд|руб|.|и|20|тыс|.|долл|.|в|год|.",
        "Бюджет 3 млрд руб. и 20 тыс. долл. в год.");
    /* numbers */
    SEG("Рост составил 5,4 % за год, или 1 200 000 рублей.",
        "Рост|составил|5,4|%|за|год|,|или|1 200 000|рублей|.", NULL);
    SEG("Цена 3.14 и 10\xE2\x80\xAF" "500 штук в 19:28, период 2017-2019.",
        "Цена|3.14|и|10\xE2\x80\xAF" "500|штук|в|19:28|,|период|2017|-|2019|.", NULL);
    SEG("В 2020 году 300 человек.", "В|2020|году|300|человек|.", NULL);
    /* URLs, domains, e-mail */
    SEG("Пишите на info@primer.kz или читайте primer.kz и https://primer.org/a/b?c=1.",
        "Пишите|на|info@primer.kz|или|читайте|primer.kz|и|https://primer.org/a/b?c=1|.", NULL);
    SEG("Сайт Новости.ру и домен .рф открыты (см. www.primer.ru).",
        "Сайт|Новости.ру|и|домен|.рф|открыты|(|см|.|www.primer.ru|)|.", NULL);
    /* hyphens */
    SEG("Касым-Жомарт прилетел в Нур-Султан, что-то обсудить за 10-летний срок.",
        "Касым-Жомарт|прилетел|в|Нур-Султан|,|что-то|обсудить|за|10-летний|срок|.", NULL);
    SEG("Работают теле- и радиостанции.", "Работают|теле-|и|радиостанции|.", NULL);
    /* apostrophes */
    SEG("Ирландец О’Доннелл и Макдональд's.", "Ирландец|О’Доннелл|и|Макдональд's|.", NULL);
    /* ellipsis */
    SEG("Ну... Посмотрим… Завтра.", "Ну|...|Посмотрим|…|Завтра|.", "Ну...||Посмотрим…||Завтра.");
    SEG("Он ждал... и дождался.", NULL, "Он ждал... и дождался.");
    /* quotes of all kinds and direct speech */
    SEG("«Мы готовы», – сказал министр. „Правда?“ — спросил гость.",
        "«|Мы|готовы|»|,|–|сказал|министр|.|„|Правда|?|“|—|спросил|гость|.",
        "«Мы готовы», – сказал министр.||„Правда?“ — спросил гость.");
    SEG("\"Где они?\" – спросил он. \"Там\", – ответили ему.", NULL,
        "\"Где они?\" – спросил он.||\"Там\", – ответили ему.");
    SEG("Он сказал: «Начинаем. Все готовы». Потом ушёл.", NULL,
        "Он сказал:||«Начинаем.||Все готовы».||Потом ушёл.");
    SEG("— Вы придёте? — Да, конечно.", "—|Вы|придёте|?|—|Да|,|конечно|.",
        "— Вы придёте?||— Да, конечно.");
    /* headlines, captions, paragraphs, lists */
    SEG("Новый мост открыт\nСегодня мост открыли для машин.\n\nфото: автор", NULL,
        "Новый мост открыт||Сегодня мост открыли для машин.||фото: автор");
    SEG("Строка продолжается\nи здесь тоже.", NULL, "Строка продолжается\nи здесь тоже.");
    SEG("Состав:\n• Иванов\n• Петров\n1. Первый пункт\n2. Второй пункт", NULL,
        "Состав:||• Иванов||• Петров||1. Первый пункт||2. Второй пункт");
    SEG("Итоги: • Альфа • Бета", NULL, "Итоги:||• Альфа||• Бета");
    /* combining accents stay inside, mixed scripts make words */
    SEG("Это сто́ит ʻOʻzbekiston, Қазақстан, Ελλάδα и Türkiye.",
        "Это|сто́ит|ʻOʻzbekiston|,|Қазақстан|,|Ελλάδα|и|Türkiye|.", NULL);
    /* zero-width and RTL marks: inside a word they stay, alone they vanish */
    SEG("\xE2\x80\x8B\xE2\x80\x8F сло\xE2\x80\x8Dво \xE2\x80\x8E \xEF\xBB\xBF" "да",
        "сло\xE2\x80\x8Dво|да", NULL);
    SEG("a\xE2\x80\x8B" "b", "a|b", NULL);
    SEG("x\xCC\x81", "x\xCC\x81", NULL);
    SEG("\xCC\x81" "a", "\xCC\x81|a", NULL);
    /* emoji with ZWJ is one token */
    SEG("Ура \xF0\x9F\x91\xA8\xE2\x80\x8D\xF0\x9F\x92\xBB!", "Ура|\xF0\x9F\x91\xA8\xE2\x80\x8D\xF0\x9F\x92\xBB|!", NULL);

    /* exact offsets: code points, not bytes */
    fakt_tokens *t;
    const char *s = "Ёж сто́ит 5,4 %.";
    CHECK_INT(fakt_tokenize(s, strlen(s), &t, NULL), FAKT_OK);
    CHECK_INT(fakt_tokens_count(t), 5);
    static const size_t want[][2] = {{0, 2}, {3, 9}, {10, 13}, {14, 15}, {15, 16}};
    for (size_t i = 0; i < 5 && i < fakt_tokens_count(t); i++) {
        CHECK_INT(fakt_tokens_token(t, i)->start, want[i][0]);
        CHECK_INT(fakt_tokens_token(t, i)->end, want[i][1]);
    }
    CHECK_INT(fakt_tokens_sentence_count(t), 1);
    CHECK_INT(fakt_tokens_sentence(t, 0)->start, 0);
    CHECK_INT(fakt_tokens_sentence(t, 0)->end, 16);
    CHECK(fakt_tokens_token(t, 5) == NULL);
    fakt_tokens_free(t);

    /* kinds and flags: features for NER */
    const char *f = "В. Путин, МВД и NASA: 5,4 % «да» informburo.kz г.";
    fakt_token k = tok_at(f, 0);
    CHECK(k.kind == FAKT_TK_WORD && (k.flags & FAKT_TF_INITIAL) && (k.flags & FAKT_TF_UPPER));
    k = tok_at(f, 2);
    CHECK((k.flags & FAKT_TF_UPPER) && !(k.flags & FAKT_TF_ALLCAPS) && (k.flags & FAKT_TF_CYRILLIC));
    CHECK(k.flags & FAKT_TF_SPACE_BEFORE);
    k = tok_at(f, 4);
    CHECK((k.flags & FAKT_TF_ALLCAPS) && (k.flags & FAKT_TF_CYRILLIC));
    k = tok_at(f, 6);
    CHECK((k.flags & FAKT_TF_ALLCAPS) && (k.flags & FAKT_TF_LATIN) && !(k.flags & FAKT_TF_CYRILLIC));
    k = tok_at(f, 8);
    CHECK(k.kind == FAKT_TK_NUM && (k.flags & FAKT_TF_DIGIT));
    CHECK_INT(tok_at(f, 9).kind, FAKT_TK_SYM);
    k = tok_at(f, 10);
    CHECK(k.kind == FAKT_TK_PUNCT && (k.flags & FAKT_TF_QUOTE) && (k.flags & FAKT_TF_OPEN));
    k = tok_at(f, 12);
    CHECK((k.flags & FAKT_TF_QUOTE) && (k.flags & FAKT_TF_CLOSE));
    CHECK_INT(tok_at(f, 13).kind, FAKT_TK_URL);
    CHECK(tok_at(f, 14).flags & FAKT_TF_ABBR);
    CHECK(tok_at("Нур-Султан", 0).flags & FAKT_TF_HYPHEN);
    CHECK(tok_at("а\n\nБ", 1).flags & FAKT_TF_PARA_BEFORE);
    CHECK(tok_at("а\r\nБ", 1).flags & FAKT_TF_NL_BEFORE);
    CHECK(!(tok_at("а\r\nБ", 1).flags & FAKT_TF_PARA_BEFORE));
}

static void test_bad_input(void)
{
    /* "теле- или" ending the buffer exactly: the look-ahead for the
     * "теле- и радио" rule must not read past the end (found by fuzzing;
     * the copy has no terminator for ASan to see past). */
    {
        static const char src[] = "теле- или";
        size_t n = sizeof src - 1;
        char *exact = malloc(n);
        fakt_arena a;
        fakt_seg g;
        memcpy(exact, src, n);
        fakt_arena_init(&a);
        CHECK_INT(fakt_segment(exact, n, &a, &g, NULL), FAKT_OK);
        CHECK_INT(g.ntok, 3);
        fakt_arena_free(&a);
        free(exact);
    }

    fakt_tokens *t = NULL;
    fakt_error e;
    /* empty and blank */
    CHECK_INT(fakt_tokenize("", 0, &t, NULL), FAKT_OK);
    CHECK_INT(fakt_tokens_count(t), 0);
    CHECK_INT(fakt_tokens_sentence_count(t), 0);
    fakt_tokens_free(t);
    CHECK_INT(fakt_tokenize(NULL, 0, &t, NULL), FAKT_OK);
    fakt_tokens_free(t);
    CHECK_INT(fakt_tokenize(" \n\t\r\n\xC2\xA0\xE2\x80\x8B\xE2\x80\x8F ", 14, &t, NULL), FAKT_OK);
    CHECK_INT(fakt_tokens_count(t), 0);
    CHECK_INT(fakt_tokens_sentence_count(t), 0);
    fakt_tokens_free(t);
    /* invalid UTF-8 is refused with the byte offset; the caller repairs */
    CHECK_INT(fakt_tokenize("ab\xFF", 3, &t, &e), FAKT_EUTF8);
    CHECK(t == NULL);
    CHECK_STR(e.msg, "invalid UTF-8 at byte 2");
    fakt_tokens_free(NULL);

    /* a 100,000-character word is one token */
    size_t n = 100000;
    char *w = malloc(n * 2 + 1);
    for (size_t i = 0; i < n; i++)
        memcpy(w + 2 * i, "ж", 2);
    w[2 * n] = 0;
    CHECK_INT(fakt_tokenize(w, 2 * n, &t, NULL), FAKT_OK);
    CHECK_INT(fakt_tokens_count(t), 1);
    CHECK_INT(fakt_tokens_token(t, 0)->end, n);
    CHECK_INT(fakt_tokens_sentence_count(t), 1);
    fakt_tokens_free(t);
    /* ...and so is a 100,000-digit number, a long dotted chain splits
     * where it must, a long run of dots is one ellipsis */
    memset(w, '7', n);
    w[n] = 0;
    CHECK_INT(fakt_tokenize(w, n, &t, NULL), FAKT_OK);
    CHECK_INT(fakt_tokens_count(t), 1);
    fakt_tokens_free(t);
    memset(w, '.', n);
    CHECK_INT(fakt_tokenize(w, n, &t, NULL), FAKT_OK);
    CHECK_INT(fakt_tokens_count(t), 1);
    fakt_tokens_free(t);
    for (size_t i = 0; i < n; i++)
        w[i] = (i % 2) ? '.' : 'a';
    CHECK_INT(fakt_tokenize(w, n, &t, NULL), FAKT_OK);
    CHECK(fakt_tokens_count(t) >= 1);
    fakt_tokens_free(t);
    for (size_t i = 0; i < n; i++)
        w[i] = (i % 2) ? '-' : '1';
    CHECK_INT(fakt_tokenize(w, n, &t, NULL), FAKT_OK);
    CHECK_INT(fakt_tokens_count(t), n); /* 1 - 1 - 1 ...: ranges split */
    fakt_tokens_free(t);
    free(w);

    /* a few-MB single line: counts scale exactly with the repetitions */
    static const char unit[] = "Вчера В. В. Иванов заработал 1 200,5 руб. на info@x.ru, т. е. «много»! ";
    size_t ul = sizeof unit - 1, reps = 40000;
    char *big = malloc(ul * reps + 1);
    for (size_t i = 0; i < reps; i++)
        memcpy(big + i * ul, unit, ul);
    big[ul * reps] = 0;
    CHECK_INT(fakt_tokenize(big, ul, &t, NULL), FAKT_OK);
    size_t per = fakt_tokens_count(t);
    CHECK_INT(per, 21);
    fakt_tokens_free(t);
    CHECK_INT(fakt_tokenize(big, ul * reps, &t, NULL), FAKT_OK);
    CHECK_INT(fakt_tokens_count(t), per * reps);
    CHECK_INT(fakt_tokens_sentence_count(t), reps);
    CHECK_INT(fakt_tokens_token(t, per * reps - 1)->end, fakt_utf8_count(big, ul * reps) - 1);
    fakt_tokens_free(t);
    free(big);
}

/* Token F1 on the factRuEval-2016 dev set (../shared only). */
static void test_devset(void)
{
    if (!fakt_test_shared_dir) {
        fakt_test_skip("segment: ../shared absent, dev-set token F1 not measured");
        return;
    }
    char dir[1024];
    snprintf(dir, sizeof dir, "%s/corpora/factrueval-2016/devset", fakt_test_shared_dir);
    DIR *d = opendir(dir);
    if (!d) {
        fakt_test_skip("segment: no factrueval-2016/devset under ../shared");
        return;
    }
    size_t gold = 0, pred = 0, tp = 0;
    struct dirent *de;
    while ((de = readdir(d))) {
        size_t l = strlen(de->d_name);
        if (l < 8 || strcmp(de->d_name + l - 7, ".tokens"))
            continue;
        char path[2048];
        char *gtxt, *text;
        size_t glen, tlen;
        snprintf(path, sizeof path, "%s/%s", dir, de->d_name);
        if (fakt_read_file(path, &gtxt, &glen, NULL) != FAKT_OK)
            continue;
        strcpy(path + strlen(path) - 7, ".txt");
        if (fakt_read_file(path, &text, &tlen, NULL) != FAKT_OK) {
            free(gtxt);
            continue;
        }
        fakt_tokens *t;
        if (fakt_tokenize(text, tlen, &t, NULL) == FAKT_OK) {
            size_t j = 0, nt = fakt_tokens_count(t);
            pred += nt;
            for (char *p = gtxt; p && *p;) {
                unsigned long long id, st, ln;
                if (*p != '\n' && sscanf(p, "%llu %llu %llu", &id, &st, &ln) == 3) {
                    gold++;
                    while (j < nt && fakt_tokens_token(t, j)->start < st)
                        j++;
                    if (j < nt && fakt_tokens_token(t, j)->start == st &&
                        fakt_tokens_token(t, j)->end == st + ln)
                        tp++;
                }
                p = strchr(p, '\n');
                if (p)
                    p++;
            }
            fakt_tokens_free(t);
        }
        free(gtxt);
        free(text);
    }
    closedir(d);
    double P = pred ? (double)tp / (double)pred : 0, R = gold ? (double)tp / (double)gold : 0;
    double F = P + R > 0 ? 2 * P * R / (P + R) : 0;
    fprintf(stderr, "segment: dev-set token F1 %.4f (%zu gold, %zu predicted)\n", F, gold, pred);
    CHECK(gold > 1000);
    CHECK(F >= 0.99);
}

FAKT_SUITE(segment)
{
    test_cases();
    test_bad_input();
    test_devset();
}

/* test_normalize.c — entity names to the nominative: phrases written here
 * (the entity between [ and ]), and, when ../shared is there, the seed
 * sample's entities given their gold spans. */
#include <jansson.h>
#include <stdlib.h>

#include "core/core.h"
#include "harness.h"
#include "pipeline/normalize.h"
#include "text/segment.h"

/* The norm of the [bracketed] part of phrase as an entity of type. */
static const char *norm_of(const fakt_dict *d, const char *phrase, int type, fakt_arena *a)
{
    char text[1024];
    size_t n = 0, b0 = 0, b1 = 0;
    for (const char *p = phrase; *p && n + 1 < sizeof text; p++) {
        if (*p == '[')
            b0 = n;
        else if (*p == ']')
            b1 = n;
        else
            text[n++] = *p;
    }
    text[n] = 0;
    char *t = fakt_arena_strndup(a, text, n);
    fakt_seg seg;
    if (!t || fakt_segment(t, n, a, &seg, NULL) != FAKT_OK)
        return NULL;
    fakt_ent e = {.type = (uint8_t)type};
    int have0 = 0;
    for (uint32_t i = 0; i < seg.ntok; i++) {
        if (seg.toks[i].b0 >= b0 && !have0) {
            e.t0 = i;
            have0 = 1;
        }
        if (seg.toks[i].b1 <= b1)
            e.t1 = i + 1;
    }
    if (!have0 || e.t1 <= e.t0)
        return NULL;
    return fakt_normalize_entity(d, t, &seg, &e, a);
}

#define NORM(type, phrase, want) CHECK_STR(norm_of(d, phrase, type, &a), want)

/* A minimal look at the seed sample: its entities' spans, types and norms,
 * normalized from the gold spans. */
static void seed_check(const fakt_dict *d)
{
    char path[1024];
    char *text = NULL;
    size_t len = 0;
    snprintf(path, sizeof path, "%s/samples/seed.txt", fakt_test_shared_dir);
    if (fakt_read_file(path, &text, &len, NULL) != FAKT_OK) {
        fakt_test_skip("normalize: no samples/seed.txt in the shared folder");
        return;
    }
    snprintf(path, sizeof path, "%s/samples/seed.expected.json", fakt_test_shared_dir);
    json_error_t je;
    json_t *root = json_load_file(path, 0, &je);
    json_t *ents = root ? json_object_get(root, "entities") : NULL;
    if (!json_is_array(ents)) {
        fakt_test_skip("normalize: seed.expected.json unreadable");
        json_decref(root);
        free(text);
        return;
    }
    fakt_arena a;
    fakt_arena_init(&a);
    fakt_seg seg;
    CHECK_INT(fakt_segment(text, len, &a, &seg, NULL), FAKT_OK);
    size_t total = 0, exact = 0, idx;
    json_t *en;
    json_array_foreach(ents, idx, en)
    {
        json_t *js = json_object_get(en, "start"), *je_ = json_object_get(en, "end");
        const char *type = json_string_value(json_object_get(en, "type"));
        const char *want = json_string_value(json_object_get(en, "norm"));
        if (!json_is_integer(js) || !json_is_integer(je_) || !type || !want)
            continue;
        size_t s = (size_t)json_integer_value(js), e = (size_t)json_integer_value(je_);
        fakt_ent ent = {.subtype = NULL};
        ent.type = !strcmp(type, "PER") ? FAKT_PER : !strcmp(type, "LOC") ? FAKT_LOC : FAKT_ORG;
        int have0 = 0;
        for (uint32_t i = 0; i < seg.ntok; i++) {
            if (!have0 && seg.toks[i].c0 >= s) {
                ent.t0 = i;
                have0 = 1;
            }
            if (seg.toks[i].c1 <= e)
                ent.t1 = i + 1;
        }
        total++;
        if (!have0 || ent.t1 <= ent.t0)
            continue;
        const char *got = fakt_normalize_entity(d, text, &seg, &ent, &a);
        if (got && !strcmp(got, want))
            exact++;
        else
            fprintf(stderr, "normalize seed: %s [%zu,%zu) \"%s\", want \"%s\"\n", type, s, e,
                    got ? got : "(null)", want);
    }
    fprintf(stderr, "normalize seed: %zu of %zu norms exact\n", exact, total);
    CHECK(total > 0);
    CHECK(exact * 10 >= total * 9);
    fakt_arena_free(&a);
    json_decref(root);
    free(text);
}

/* The per-document memo never changes a norm: every span of up to three
 * tokens of a text full of repeated names in changing contexts (a verb's
 * gender after, a preposition before), normalized as each type through one
 * context (memo on) and alone (no memo), gives the same string. */
static void memo_check(const fakt_dict *d)
{
    static const char text[] =
        "Анна Петрова заявила, что Анна Петрова не уедет. Об Анне Петровой писали, а Анна Петрова "
        "молчала. Иван Сидоров приехал в Самару; Иван Сидоров уехал из Самары. В Самаре Сидоров "
        "встретил Петрову, и Сидоров сказал, что банк «Волга» и банк «Волга» закрыты.";
    fakt_arena a;
    fakt_arena_init(&a);
    fakt_seg seg;
    CHECK_INT(fakt_segment(text, sizeof text - 1, &a, &seg, NULL), FAKT_OK);
    fakt_norm_ctx c;
    fakt_normalize_ctx_init(&c, d, &a);
    int same = 1, hits = 0;
    for (int type = FAKT_PER; type <= FAKT_ORG; type++)
        for (uint32_t t0 = 0; t0 < seg.ntok; t0++)
            for (uint32_t n = 1; n <= 3 && t0 + n <= seg.ntok; n++) {
                fakt_ent e = {.t0 = t0, .t1 = t0 + n, .type = (uint8_t)type};
                uint32_t fill = c.memo_fill;
                const char *m = fakt_normalize_entity_ctx(&c, text, &seg, &e, &a);
                const char *p = fakt_normalize_entity(d, text, &seg, &e, &a);
                hits += c.memo_fill == fill;
                if (!m || !p || strcmp(m, p) != 0) {
                    fprintf(stderr, "memo: \"%s\" vs \"%s\"\n", m ? m : "(null)", p ? p : "(null)");
                    same = 0;
                }
            }
    CHECK(same);
    CHECK(hits > 10); /* the memo was used */
    fakt_arena_free(&a);
}

FAKT_SUITE(normalize)
{
    const fakt_dict *d = fakt_test_dict();
    if (!d) {
        fakt_test_skip("normalize: no dictionary");
        return;
    }
    fakt_arena a;
    fakt_arena_init(&a);
    memo_check(d);

    /* PER: case and gender agreed over the name's words */
    NORM(FAKT_PER, "высоко оценил вклад [Шавката Мирзиёева] в дело", "Шавкат Мирзиёев");
    NORM(FAKT_PER, "[Шавкат Мирзиёев] провёл встречу", "Шавкат Мирзиёев");
    NORM(FAKT_PER, "[Касым-Жомарт Токаев] прилетел", "Касым-Жомарт Токаев");
    NORM(FAKT_PER, "встреча с [Касымом-Жомартом Токаевым] прошла", "Касым-Жомарт Токаев");
    NORM(FAKT_PER, "письмо [Касыму-Жомарту Токаеву] отправлено", "Касым-Жомарт Токаев");
    NORM(FAKT_PER, "встретился с губернатором [Ерланом Тулегеновым] и обсудил", "Ерлан Тулегенов");
    NORM(FAKT_PER, "избрали председателем [Нурлана Абдыкадырова-Сейтказиева], сообщает",
         "Нурлан Абдыкадыров-Сейтказиев");
    NORM(FAKT_PER, "– заявил [Абдыкадыров-Сейтказиев] журналистам", "Абдыкадыров-Сейтказиев");
    /* feminine names and surnames in every case */
    NORM(FAKT_PER, "Пост занимала [Гульнара Есенжанова], перешедшая", "Гульнара Есенжанова");
    NORM(FAKT_PER, "у [Гульнары Есенжановой] нет", "Гульнара Есенжанова");
    NORM(FAKT_PER, "письмо [Гульнаре Есенжановой] пришло", "Гульнара Есенжанова");
    NORM(FAKT_PER, "поздравили [Гульнару Есенжанову] с", "Гульнара Есенжанова");
    NORM(FAKT_PER, "вместе с [Гульнарой Есенжановой] приехал", "Гульнара Есенжанова");
    NORM(FAKT_PER, "об [Анне Ивановой] писали", "Анна Иванова");
    NORM(FAKT_PER, "у [Марии Захаровой] спросили", "Мария Захарова");
    NORM(FAKT_PER, "с [Анной Шмидт] говорили", "Анна Шмидт");
    NORM(FAKT_PER, "интервью [Татьяны Голиковой] вышло", "Татьяна Голикова");
    NORM(FAKT_PER, "заявила [Валентина Матвиенко] вчера", "Валентина Матвиенко");
    NORM(FAKT_PER, "работы [Марины Цветаевой] изданы", "Марина Цветаева");
    NORM(FAKT_PER, "книги [Светланы Алексиевич] изданы", "Светлана Алексиевич");
    NORM(FAKT_PER, "слова [Ольги Ковальской] подтвердились", "Ольга Ковальская");
    /* masculine, patronymics, -ский, Turkic */
    NORM(FAKT_PER, "встреча [Владимира Путина] с", "Владимир Путин");
    NORM(FAKT_PER, "приказ [Сергея Кужугетовича Шойгу] вышел", "Сергей Кужугетович Шойгу");
    NORM(FAKT_PER, "роман [Фёдора Михайловича Достоевского] издан", "Фёдор Михайлович Достоевский");
    NORM(FAKT_PER, "беседа с [Германом Грефом] прошла", "Герман Греф");
    NORM(FAKT_PER, "вклад [Нурсултана Назарбаева] велик", "Нурсултан Назарбаев");
    NORM(FAKT_PER, "рассказал [Аскару Мамину] о", "Аскар Мамин");
    NORM(FAKT_PER, "о [Бауыржане Момышулы] написано", "Бауыржан Момышулы");
    NORM(FAKT_PER, "говорил о [Токаеве] вчера", "Токаев");
    NORM(FAKT_PER, "визит [Токаева] в", "Токаев");
    /* initials and foreign names unchanged */
    NORM(FAKT_PER, "сказал [В. В. Путину] вчера", "В. В. Путин");
    NORM(FAKT_PER, "пояснил эксперт [Виктор Ли].", "Виктор Ли");
    NORM(FAKT_PER, "встреча с [Джо Байденом] прошла", "Джо Байден");
    NORM(FAKT_PER, "звонок [Эммануэлю Макрону] был", "Эммануэль Макрон");
    NORM(FAKT_PER, "позиция [Ангелы Меркель] ясна", "Ангела Меркель");

    /* LOC / ORG: head and its adjectives to the nominative */
    NORM(FAKT_LOC, "Президенты [Казахстана] и", "Казахстан");
    NORM(FAKT_LOC, "губернатором [Мангистауской области] Ерланом", "Мангистауская область");
    NORM(FAKT_ORG, "Акционеры «[Каспийского зернового холдинга]» на", "Каспийский зерновой холдинг");
    NORM(FAKT_ORG, "проекта с [Евразийским банком развития] продолжатся", "Евразийский банк развития");
    NORM(FAKT_LOC, "президент [Соединённых Штатов] заявил", "Соединённые Штаты");
    NORM(FAKT_LOC, "президент [Соединенных Штатов Америки] заявил", "Соединенные Штаты Америки");
    NORM(FAKT_LOC, "граждан [Республики Казахстан] стало", "Республика Казахстан");
    NORM(FAKT_LOC, "прошла в [Нур-Султане] встреча", "Нур-Султан");
    NORM(FAKT_ORG, "заявили в [Белом доме] вчера", "Белый дом");
    NORM(FAKT_LOC, "живут в [Южной Корее] давно", "Южная Корея");
    NORM(FAKT_LOC, "в [Нижнем Новгороде] прошёл", "Нижний Новгород");
    NORM(FAKT_LOC, "в [Ростове-на-Дону] открыли", "Ростов-на-Дону");
    NORM(FAKT_LOC, "рейс в [Нью-Йорк] отменён", "Нью-Йорк");
    NORM(FAKT_LOC, "из [Нидерландов] привезли", "Нидерланды");
    NORM(FAKT_LOC, "в [Объединённых Арабских Эмиратах] прошла", "Объединённые Арабские Эмираты");
    NORM(FAKT_LOC, "на [Филиппинах] случилось", "Филиппины");
    NORM(FAKT_ORG, "в [министерство сельского хозяйства] Казахстана", "министерство сельского хозяйства");
    NORM(FAKT_ORG, "сотрудники [Министерства иностранных дел] России", "Министерство иностранных дел");
    NORM(FAKT_ORG, "директор [Газпрома] сказал", "Газпром");
    NORM(FAKT_ORG, "в [Государственной думе] обсудили", "Государственная дума");
    NORM(FAKT_ORG, "в [Европейском союзе] обсудили", "Европейский союз");
    NORM(FAKT_ORG, "с [Евразийским] банком", "Евразийский"); /* a cut span: the adjective alone */
    /* unchanged: indeclinable, abbreviations, Latin, quoted, domains */
    NORM(FAKT_ORG, "сообщает [Акорда].", "Акорда");
    NORM(FAKT_ORG, "Фото [Акорды]", "Акорда");
    NORM(FAKT_ORG, "сообщает [ТАСС].", "ТАСС");
    NORM(FAKT_ORG, "пишет [informburo.kz].", "informburo.kz");
    NORM(FAKT_LOC, "в [Алматы] в апреле", "Алматы");
    NORM(FAKT_LOC, "в [Актау] избрали", "Актау");
    NORM(FAKT_ORG, "аналитики [ИА «Зерно-Инфо»] считают", "ИА «Зерно-Инфо»");
    NORM(FAKT_ORG, "акции [Apple] выросли", "Apple");
    NORM(FAKT_ORG, "в [ООН] заявили", "ООН");
    NORM(FAKT_ORG, "компания [«Газпром нефть»] заявила", "«Газпром нефть»");
    NORM(FAKT_LOC, "в [КНР] заявили", "КНР");
    /* capitalization follows the source */
    NORM(FAKT_LOC, "В [КАЗАХСТАНЕ] ЗАЯВИЛИ", "КАЗАХСТАН");
    NORM(FAKT_PER, "СЛОВА [ШАВКАТА МИРЗИЁЕВА]", "ШАВКАТ МИРЗИЁЕВ");

    fakt_arena_free(&a);

    if (!fakt_test_shared_dir)
        fakt_test_skip("normalize seed: no ../shared");
    else
        seed_check(d);
}

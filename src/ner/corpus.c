/*
 * corpus.c — the annotated corpora as flat gold spans in fakt's types.
 *
 * factRuEval-2016 (book_N.txt/.spans/.objects) is read with the gold
 * conventions of naeval, which the published figures use: a Person is the
 * whole extent of its mention (first span's start to last span's end); an
 * Org contributes only its org_name spans; a Location or LocOrg only its
 * loc_name spans («правительство Японии» gives LOC «Японии», no ORG);
 * Project and the rest give nothing.  Spans overlapping an earlier one (in
 * start order) are dropped here; spans off token boundaries are dropped when
 * mapped onto tokens (metric.c).
 *
 * NEREL 1.1 (brat) annotates differently and is reconciled to those
 * conventions, deliberately:
 *
 *   PERSON                                   → PER (whole span)
 *   COUNTRY, CITY, STATE_OR_PROVINCE,
 *   DISTRICT, LOCATION                       → LOC, subtype kept
 *   ORGANIZATION                             → ORG only when it is a name,
 *                                              see org_name_part() below;
 *                                              "don't care" when all in
 *                                              lowercase («кабинета министров»)
 *   PROFESSION                               → the profession layer
 *   FACILITY                                 → LOC when it starts with a
 *                                              capital: factRuEval tags named
 *                                              facilities («Белом доме», «МКС»)
 *                                              LOC mostly; else "don't care"
 *   PRODUCT                                  → ORG when a one-word name NEREL
 *                                              also tags ORGANIZATION
 *                                              («Facebook»)
 *   NATIONALITY, EVENT, other PRODUCT,
 *   WORK_OF_ART, ... (and discontinuous)     → nothing (left O)
 *   «Кремль» (ORGANIZATION or FACILITY)      → nothing: factRuEval names it
 *                                              only as an Org's loc_name
 *
 * An ORGANIZATION span is cut at the right past nested LOC/ORG entities
 * that end it and past dangling prepositions («Правительство Японии» →
 * «Правительство» + LOC «Японии»; «МИД России» → ORG «МИД» + LOC
 * «России»); what remains is kept as ORG only if it looks like a name: an
 * abbreviation, Latin letters, digits, quotes, a capitalized word after the
 * first, or a single capitalized word that is not a generic descriptor
 * («Правительство», «полиция», «власти», «Посольство»), or several words
 * whose head is not a generic plural/state descriptor («Правоохранительные
 * органы», «российское правительство» are dropped; «Министерство
 * иностранных дел», «Верховный суд» stay).  Then entities are flattened:
 * longest first, dropping any that overlaps one already kept.  Professions
 * are flattened the same way on their own layer.
 */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "nerint.h"

int fakt_ner_corpus_add(fakt_ner_corpus *c, const fakt_ner_doc *d)
{
    if (c->n == c->cap) {
        size_t nc = c->cap ? c->cap * 2 : 256;
        fakt_ner_doc *nd = realloc(c->docs, nc * sizeof *nd);
        if (!nd)
            return FAKT_ENOMEM;
        c->docs = nd;
        c->cap = nc;
    }
    c->docs[c->n++] = *d;
    return FAKT_OK;
}

void fakt_ner_corpus_free(fakt_ner_corpus *c)
{
    for (size_t i = 0; i < c->n; i++) {
        free(c->docs[i].name);
        free(c->docs[i].text);
        free(c->docs[i].gold);
    }
    free(c->docs);
    memset(c, 0, sizeof *c);
}

static int cmp_name(const void *a, const void *b)
{
    const char *x = *(const char *const *)a, *y = *(const char *const *)b;
    size_t lx = strlen(x), ly = strlen(y);
    return lx != ly ? (lx < ly ? -1 : 1) : strcmp(x, y); /* numeric-ish order */
}

/* Sorted names of files in dir ending with suffix (without the suffix). */
static char **list_dir(const char *dir, const char *suffix, size_t *n)
{
    DIR *dp = opendir(dir);
    *n = 0;
    if (!dp)
        return NULL;
    size_t cap = 0;
    char **v = NULL;
    struct dirent *de;
    size_t sl = strlen(suffix);
    while ((de = readdir(dp))) {
        size_t l = strlen(de->d_name);
        if (l <= sl || strcmp(de->d_name + l - sl, suffix))
            continue;
        if (*n == cap) {
            cap = cap ? cap * 2 : 256;
            char **nv = realloc(v, cap * sizeof *nv);
            if (!nv)
                break;
            v = nv;
        }
        v[*n] = strndup(de->d_name, l - sl);
        if (v[*n])
            (*n)++;
    }
    closedir(dp);
    if (v)
        qsort(v, *n, sizeof *v, cmp_name);
    return v;
}

static void free_list(char **v, size_t n)
{
    for (size_t i = 0; i < n; i++)
        free(v[i]);
    free(v);
}

static char *read_path(const char *dir, const char *name, const char *ext, size_t *len)
{
    char path[4096];
    char *data = NULL;
    snprintf(path, sizeof path, "%s/%s%s", dir, name, ext);
    if (fakt_read_file(path, &data, len, NULL) != FAKT_OK)
        return NULL;
    return data;
}

static int cmp_span(const void *a, const void *b)
{
    const fakt_ner_gspan *x = a, *y = b;
    if (x->start != y->start)
        return x->start < y->start ? -1 : 1;
    if (x->end != y->end)
        return x->end > y->end ? -1 : 1;
    return (int)x->type - (int)y->type;
}

static int cmp_len(const void *a, const void *b)
{
    const fakt_ner_gspan *x = a, *y = b;
    uint32_t lx = x->end - x->start, ly = y->end - y->start;
    if (lx != ly)
        return lx > ly ? -1 : 1;
    return cmp_span(a, b);
}

/* Entities, professions and ignored spans are three separate layers. */
static int layer(uint8_t type) { return type == 0 ? 0 : type == FAKT_NER_IGNORE ? 2 : 1; }

/* Keeps spans that do not overlap one kept before them in the current
 * order; returns the new count.  Professions (type 0) and entities are
 * separate layers and never conflict. */
static uint32_t drop_overlaps(fakt_ner_gspan *s, uint32_t n)
{
    uint32_t k = 0;
    for (uint32_t i = 0; i < n; i++) {
        int ok = s[i].end > s[i].start;
        for (uint32_t j = 0; j < k && ok; j++)
            if (layer(s[j].type) == layer(s[i].type) && s[j].start < s[i].end &&
                s[i].start < s[j].end)
                ok = 0;
        if (ok)
            s[k++] = s[i];
    }
    qsort(s, k, sizeof *s, cmp_span);
    return k;
}

/* ---- factRuEval --------------------------------------------------------- */

typedef struct frspan {
    long id;
    char type[16];
    uint32_t start, len;
} frspan;

static const frspan *find_span(const frspan *v, size_t n, long id)
{
    for (size_t i = 0; i < n; i++)
        if (v[i].id == id)
            return &v[i];
    return NULL;
}

int fakt_ner_read_factru(const char *dir, fakt_ner_corpus *c, fakt_error *err)
{
    size_t nb;
    char **books = list_dir(dir, ".objects", &nb);
    if (!books || !nb) {
        free_list(books, nb);
        return fakt_err(err, FAKT_EIO, "no factRuEval books (*.objects) in %s", dir);
    }
    for (size_t b = 0; b < nb; b++) {
        size_t tl, sl, ol;
        char *text = read_path(dir, books[b], ".txt", &tl);
        char *sp = read_path(dir, books[b], ".spans", &sl);
        char *ob = read_path(dir, books[b], ".objects", &ol);
        if (!text || !sp || !ob) {
            free(text), free(sp), free(ob);
            free_list(books, nb);
            return fakt_err(err, FAKT_EIO, "cannot read factRuEval book %s in %s", books[b], dir);
        }
        size_t ns = 0, cap = 64;
        frspan *spans = malloc(cap * sizeof *spans);
        char *ssave = NULL;
        for (char *line = strtok_r(sp, "\n", &ssave); line && spans; line = strtok_r(NULL, "\n", &ssave)) {
            frspan s;
            unsigned st, ln;
            if (sscanf(line, "%ld %15s %u %u", &s.id, s.type, &st, &ln) != 4)
                continue;
            s.start = st, s.len = ln;
            if (ns == cap) {
                frspan *nv = realloc(spans, (cap *= 2) * sizeof *spans);
                if (!nv) {
                    free(spans);
                    spans = NULL;
                    break;
                }
                spans = nv;
            }
            spans[ns++] = s;
        }
        size_t ng = 0, gcap = 64;
        fakt_ner_gspan *gold = malloc(gcap * sizeof *gold);
        char *save = NULL;
        for (char *line = strtok_r(ob, "\n", &save); line && spans && gold;
             line = strtok_r(NULL, "\n", &save)) {
            char *hash = strchr(line, '#');
            if (hash)
                *hash = 0;
            char type[32];
            int pos = 0;
            long oid;
            if (sscanf(line, "%ld %31s %n", &oid, type, &pos) < 2)
                continue;
            int person = !strcmp(type, "Person"), org = !strcmp(type, "Org");
            int loc = !strcmp(type, "Location") || !strcmp(type, "LocOrg");
            if (!person && !org && !loc)
                continue;
            uint32_t pmin = UINT32_MAX, pmax = 0;
            char *p = line + pos, *end;
            for (long id = strtol(p, &end, 10); end != p; p = end, id = strtol(p, &end, 10)) {
                const frspan *s = find_span(spans, ns, id);
                if (!s)
                    continue;
                if (person) {
                    pmin = s->start < pmin ? s->start : pmin;
                    pmax = s->start + s->len > pmax ? s->start + s->len : pmax;
                    continue;
                }
                if ((org && strcmp(s->type, "org_name")) || (loc && strcmp(s->type, "loc_name")))
                    continue;
                if (ng + 1 >= gcap) {
                    fakt_ner_gspan *nv = realloc(gold, (gcap *= 2) * sizeof *gold);
                    if (!nv)
                        break;
                    gold = nv;
                }
                gold[ng++] = (fakt_ner_gspan){s->start, s->start + s->len,
                                              (uint8_t)(org ? FAKT_ORG : FAKT_LOC), 0};
            }
            if (person && pmax > pmin) {
                if (ng + 1 >= gcap) {
                    fakt_ner_gspan *nv = realloc(gold, (gcap *= 2) * sizeof *gold);
                    if (!nv)
                        continue;
                    gold = nv;
                }
                gold[ng++] = (fakt_ner_gspan){pmin, pmax, FAKT_PER, 0};
            }
        }
        free(spans);
        free(sp);
        free(ob);
        if (!gold) {
            free(text);
            free_list(books, nb);
            return fakt_err(err, FAKT_ENOMEM, "out of memory");
        }
        /* naeval: in start order, a span overlapping an earlier one goes. */
        qsort(gold, ng, sizeof *gold, cmp_span);
        uint32_t k = 0;
        for (uint32_t i = 0; i < ng; i++)
            if (!k || gold[i].start >= gold[k - 1].end)
                gold[k++] = gold[i];
        fakt_ner_doc d = {0};
        d.name = strdup(books[b]);
        d.text = text;
        d.len = tl;
        d.source = 0;
        d.gold = gold;
        d.ngold = k;
        if (!d.name || fakt_ner_corpus_add(c, &d) != FAKT_OK) {
            free(d.name), free(text), free(gold);
            free_list(books, nb);
            return fakt_err(err, FAKT_ENOMEM, "out of memory");
        }
    }
    free_list(books, nb);
    return FAKT_OK;
}

/* ---- NEREL ---------------------------------------------------------------- */

typedef struct bent {
    uint32_t start, end; /* code points */
    int kind;            /* 1 PER, 2 LOC, 3 ORG, 4 PROFESSION */
    int sub;
} bent;

/* Generic heads that make a descriptor, not a name, by lowercase stem
 * (fakt_ner_stem): strong ones even with modifiers («правоохранительные
 * органы») unless a capital inside the sentence opens the phrase («Красной
 * армии»), weak ones only alone («суд» but «Верховный суд»). */
static const char *const strong_descr[] = {
    "власт", "орган", "правительств", "руководств", "сил", "войск", "спецслужб",
    "ведомств", "полици", "милици", "парламент", "кабинет", "администраци", "мэри",
    "прокуратур", "арми", "посольств", "консульств", "режим", "оппозици", "силовик",
    "structure", "пресс-служб", "пресс-центр", "представительств", "штаб", "коллеги",
    NULL};
static const char *const weak_descr[] = {
    "суд", "совет", "комитет", "министерств", "парти", "компани", "банк", "театр",
    "агентств", "университет", "институт", "центр", "служб", "фонд", "союз", "федераци",
    "команд", "сборн", "клуб", "газет", "групп", "организаци", "корпораци", "концерн",
    "холдинг", "завод", "ассоциаци", "движени", "академи", "палат", "ассамбле", "комисси", "управлени", "департамент", "отдел",
    "бюро", "суд", "трибунал", "больниц", "школ", "журнал", "телеканал", "канал",
    "издани", "редакци", "альянс", "блок", "фракци", "профсоюз", "биржа", "бирж",
    "компан", "церк", "епархи", "мечет", "правлени", "дирекци", "инспекци", "надзор",
    NULL};

/* The entries are stems written by hand; they are stemmed again, so that
 * «полици» matches «полиция» (stem «полиц»). */
static int in_list(const char *const *l, const char *lw, size_t n)
{
    size_t sn = fakt_ner_stem(lw, n);
    for (int i = 0; l[i]; i++)
        if (fakt_ner_stem(l[i], strlen(l[i])) == sn && !memcmp(l[i], lw, sn))
            return 1;
    return 0;
}

/* Word boundaries in a UTF-8 byte range: whitespace-separated words. */
typedef struct word {
    size_t b0, b1;   /* bytes */
    uint32_t c0, c1; /* code points */
} word;

static size_t words_of(const char *t, size_t b0, size_t b1, uint32_t c0, word *w, size_t max)
{
    size_t n = 0, i = b0;
    uint32_t cp = c0;
    while (i < b1 && n < max) {
        while (i < b1 && (t[i] == ' ' || t[i] == '\n' || t[i] == '\t' || t[i] == '\r'))
            i++, cp++;
        if (i >= b1)
            break;
        w[n].b0 = i;
        w[n].c0 = cp;
        while (i < b1 && !(t[i] == ' ' || t[i] == '\n' || t[i] == '\t' || t[i] == '\r')) {
            fakt_utf8_next(t, b1, &i);
            cp++;
        }
        w[n].b1 = i;
        w[n].c1 = cp;
        n++;
    }
    return n;
}

static int has_upper_first(const char *s, size_t n)
{
    char low[8];
    size_t k = 0;
    fakt_utf8_next(s, n, &k);
    size_t ln = fakt_ner_lower(s, k, low, sizeof low);
    return ln != k || memcmp(low, s, k) != 0;
}

/* Counts uppercase letters and Latin letters / digits / quotes in a word. */
static void word_marks(const char *s, size_t n, int *upper, int *latin, int *digit, int *quote)
{
    size_t i = 0;
    *upper = *latin = *digit = *quote = 0;
    while (i < n) {
        size_t k = i;
        uint32_t c = fakt_utf8_next(s, n, &i);
        char low[8];
        size_t ln = fakt_ner_lower(s + k, i - k, low, sizeof low);
        if (ln != i - k || memcmp(low, s + k, ln))
            (*upper)++;
        if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'))
            (*latin)++;
        if (c >= '0' && c <= '9')
            (*digit)++;
        if (c == '"' || c == 0xAB || c == 0xBB || c == 0x201E || c == 0x201C || c == 0x201D)
            (*quote)++;
    }
}

/* Whether byte b starts a sentence: only blanks (or opening quotes and
 * dashes) between it and the text's start or a . ! ? … or a line break. */
static int sentence_start(const char *text, size_t b)
{
    while (b > 0) {
        unsigned char c = (unsigned char)text[b - 1];
        if (c == '\n' || c == '.' || c == '!' || c == '?')
            return 1;
        if (c == ' ' || c == '\t' || c == '\r' || c == '"' || c == '-')
            b--;
        else if (b >= 2 && (unsigned char)text[b - 2] == 0xC2 && (c == 0xAB || c == 0xA0))
            b -= 2; /* « or a no-break space */
        else if (b >= 3 && (unsigned char)text[b - 3] == 0xE2 && (unsigned char)text[b - 2] == 0x80 &&
                 (c == 0x94 || c == 0x93 || c == 0x9C || c == 0x9E))
            b -= 3; /* — – “ „ */
        else
            return b >= 3 && (unsigned char)text[b - 3] == 0xE2 && (unsigned char)text[b - 2] == 0x80 &&
                   c == 0xA6; /* … */
    }
    return 1;
}

/* «ГУ МЧС России по Санкт-Петербургу», «Организация по безопасности и
 * сотрудничеству в Европе», «Bank of America»: a place after a preposition
 * is part of the name in factRuEval, unlike a bare genitive («МИД
 * России»).  Whether the word ending before byte b (after b0) is one. */
static int kept_prep(const char *text, size_t b0, size_t b)
{
    static const char *const preps[] = {"в", "во", "по", "при", "of", "de", "del", "di", NULL};
    while (b > b0 && (text[b - 1] == ' ' || text[b - 1] == '\n'))
        b--;
    size_t a = b;
    while (a > b0 && text[a - 1] != ' ' && text[a - 1] != '\n')
        a--;
    for (int k = 0; preps[k]; k++)
        if (strlen(preps[k]) == b - a && !memcmp(preps[k], text + a, b - a))
            return 1;
    return 0;
}

/* What a cut leaves dangling at the end: prepositions, punctuation, and
 * the opening quote of a quoted organization cut off as its own («Русской
 * службы «Голоса Америки»» -> «Русской службы», not «Русской службы «»). */
static const char *const dangling[] = {"в", "на", "по", "при", "и", "из", "для", "с", "со", ",", "-", "—",
                                       "«", "\"", "„", "“", "'", "(", NULL};

/* The name part of ORGANIZATION e, or 0 (its end in code points). */
static uint32_t org_name_part(const char *text, size_t tl, const uint32_t *cp2b, const bent *all,
                              size_t n, const bent *e)
{
    uint32_t end = e->end, full = 0;
    word w[64];
    /* A quoted name («Голос Америки») is one name, nested places and all. */
    if (e->start > 0) {
        size_t q = cp2b[e->start - 1];
        uint32_t c = fakt_utf8_next(text, tl, &q);
        if (c == 0xAB || c == '"' || c == 0x201E || c == 0x201C)
            return end;
    }
    /* «Совета директоров «Башинформа»»: factRuEval names only the quoted
     * part; when NEREL tags that part as an organization of its own, the
     * outer span gives way to it. */
    if (end > e->start + 1) {
        size_t q = cp2b[end - 1];
        uint32_t c = fakt_utf8_next(text, tl, &q);
        if (c == 0xBB || c == '"' || c == 0x201C || c == 0x201D)
            for (size_t j = 0; j < n; j++)
                if (&all[j] != e && all[j].kind == 3 && all[j].start > e->start &&
                    all[j].end <= end && all[j].end + 1 >= end)
                    return 0;
    }
    for (int round = 0; round < 8; round++) {
        int changed = 0;
        for (size_t j = 0; j < n; j++) {
            const bent *x = &all[j];
            if (x == e || (x->kind != 2 && x->kind != 3) || x->end != end || x->start <= e->start)
                continue;
            if (x->kind == 2 && end == e->end && kept_prep(text, cp2b[e->start], cp2b[x->start]))
                full = e->end; /* judged without the place, kept with it */
            end = x->start;
            changed = 1;
        }
        /* Trim trailing spaces and dangling prepositions/punctuation. */
        size_t nw = words_of(text, cp2b[e->start], cp2b[end], e->start, w, 64);
        while (nw) {
            char low[32];
            size_t wl = w[nw - 1].b1 - w[nw - 1].b0;
            size_t ln = fakt_ner_lower(text + w[nw - 1].b0, wl, low, sizeof low);
            int dang = 0;
            for (int k = 0; dangling[k]; k++)
                dang |= strlen(dangling[k]) == ln && !memcmp(dangling[k], low, ln);
            if (!dang)
                break;
            nw--;
            changed = 1;
        }
        end = nw ? w[nw - 1].c1 : e->start;
        if (!changed || end <= e->start)
            break;
    }
    if (end <= e->start)
        return 0;
    size_t nw = words_of(text, cp2b[e->start], cp2b[end], e->start, w, 64);
    /* Words of the remainder not inside nested LOC/PER entities. */
    word own[64];
    size_t no = 0;
    for (size_t i = 0; i < nw; i++) {
        int inside = 0;
        for (size_t j = 0; j < n; j++) {
            const bent *x = &all[j];
            if (x != e && (x->kind == 1 || x->kind == 2) && x->start <= w[i].c0 && w[i].c1 <= x->end)
                inside = 1;
        }
        if (!inside)
            own[no++] = w[i];
    }
    if (!no)
        return 0;
    for (size_t i = 0; i < no; i++) {
        int up, lat, dig, quo;
        word_marks(text + own[i].b0, own[i].b1 - own[i].b0, &up, &lat, &dig, &quo);
        if (up >= 2 || lat || dig || quo)
            return full ? full : end; /* abbreviation, Latin, digits or quotes: a name */
        if (i > 0 && up)
            return full ? full : end; /* «Совет Федерации», «Единая Россия» */
    }
    char low[128];
    size_t ln = fakt_ner_lower(text + own[no - 1].b0, own[no - 1].b1 - own[no - 1].b0, low, sizeof low);
    /* «Красной армии», «Национальной полиции»: a capital inside a sentence
     * on the first of several words makes a name of a generic head. */
    if (no > 1 && has_upper_first(text + own[0].b0, own[0].b1 - own[0].b0) &&
        !sentence_start(text, own[0].b0))
        return full ? full : end;
    if (in_list(strong_descr, low, ln))
        return 0;
    if (no == 1) {
        if (!has_upper_first(text + own[0].b0, own[0].b1 - own[0].b0))
            return 0; /* a lone lowercase word: «полиция» */
        if (in_list(weak_descr, low, ln))
            return 0;
    }
    return full ? full : end;
}

/* «кабинета министров», «юридический комитет»: NEREL tags such
 * lowercase bodies ORG twice as often as factRuEval does (11 % of the
 * lowercase heads of bodies against 5 %), so they teach nothing either
 * way.  Whether text[b0..b1) is only lowercase Cyrillic words. */
static int lowercase_words(const char *text, size_t b0, size_t b1)
{
    size_t q = b0;
    while (q < b1) {
        uint32_t c = fakt_utf8_next(text, b1, &q);
        if (!(c == ' ' || c == '-' || (c >= 0x430 && c <= 0x44F) || c == 0x451))
            return 0;
    }
    return 1;
}

/* «ООО "МНКТ"», «ФГУП «Почта России»», «РИА Новости»: factRuEval keeps
 * the legal form or agency abbreviation out of the name (org_descr).
 * Moves e's start past a leading one and the opening quote after it (or
 * to the capitalized word after it); returns 1 when it did. */
const char *const fakt_ner_legal_forms[] = {"ООО", "ОАО", "ЗАО", "ПАО", "АО", "ФГУП", "ГУП", "МУП",
                                            "НКО", "АНО", NULL};

static int legal_form(const char *text, size_t tl, const uint32_t *cp2b, bent *e)
{
    static const char *const agencies[] = {"ИА", "РИА", NULL};
    word w[2];
    if (words_of(text, cp2b[e->start], cp2b[e->end], e->start, w, 2) < 2)
        return 0;
    const fakt_token first = {.b0 = (uint32_t)w[0].b0, .b1 = (uint32_t)w[0].b1};
    if (!fakt_ner_tok_in(text, &first, fakt_ner_legal_forms) && !fakt_ner_tok_in(text, &first, agencies))
        return 0;
    size_t q = w[1].b0;
    uint32_t c = fakt_utf8_next(text, tl, &q);
    if (c == 0xAB || c == '"' || c == 0x201E || c == 0x201C)
        e->start = w[1].c0 + 1;
    else if (has_upper_first(text + w[1].b0, w[1].b1 - w[1].b0))
        e->start = w[1].c0;
    else
        return 0;
    return e->start < e->end;
}

/* A relational adjective («российского», «американских»): NEREL marks
 * them COUNTRY/CITY, factRuEval keeps them out of the name layer (geo_adj). */
static int geo_adjective(const char *text, const uint32_t *cp2b, uint32_t s, uint32_t e)
{
    size_t b0 = cp2b[s], b1 = cp2b[e];
    return !memchr(text + b0, ' ', b1 - b0) && fakt_ner_geo_adjective(text + b0, b1 - b0);
}

static int nerel_kind(const char *type, int *sub)
{
    *sub = 0;
    if (!strcmp(type, "PERSON"))
        return 1;
    if (!strcmp(type, "ORGANIZATION"))
        return 3;
    if (!strcmp(type, "PROFESSION"))
        return 4;
    if (!strcmp(type, "COUNTRY"))
        return *sub = FAKT_SUB_COUNTRY, 2;
    if (!strcmp(type, "CITY"))
        return *sub = FAKT_SUB_CITY, 2;
    if (!strcmp(type, "STATE_OR_PROVINCE") || !strcmp(type, "STATE_OR_PROV"))
        return *sub = FAKT_SUB_STATE, 2;
    if (!strcmp(type, "DISTRICT"))
        return *sub = FAKT_SUB_DISTRICT, 2;
    if (!strcmp(type, "LOCATION"))
        return *sub = FAKT_SUB_LOCATION, 2;
    if (!strcmp(type, "FACILITY"))
        return 5;
    if (!strcmp(type, "PRODUCT"))
        return 6;
    return 0;
}

/* Words NEREL leaves untagged (or tags now and then) where factRuEval tags
 * them: the capitalized Moon, Mars, Sun and planets, Locations there (and
 * LOCATION in about half of NEREL's own cases) become LOC; «Интернет», an
 * Org in factRuEval, becomes a "don't care" region, so that the two corpora
 * do not teach opposite lessons and what the tagger does with it comes from
 * factRuEval — except the capitalized word standing alone («в Интернете»),
 * which factRuEval tags Org every time, and which becomes ORG.  Entity spans win over these (flattening keeps the longest). */
static fakt_ner_gspan *add_disputed(const char *text, size_t tl, fakt_ner_gspan *gold, uint32_t *ng)
{
    static const char *const netw[] = {"интернет", NULL};
    size_t i = 0;
    uint32_t cp = 0, n = *ng, cap = n + 1;
    while (i < tl) {
        size_t b0 = i;
        uint32_t c0 = cp;
        uint32_t c = fakt_utf8_next(text, tl, &i);
        cp++;
        if (!(c >= 0x410 && c <= 0x44F) && c != 0x401 && c != 0x451)
            continue;
        while (i < tl) {
            size_t k = i;
            uint32_t d = fakt_utf8_next(text, tl, &k);
            if (!(d >= 0x410 && d <= 0x44F) && d != 0x401 && d != 0x451)
                break;
            i = k;
            cp++;
        }
        char low[64];
        if (i - b0 >= sizeof low - 1)
            continue;
        size_t ln = fakt_ner_lower(text + b0, i - b0, low, sizeof low);
        int net = ln >= 16 && !memcmp(low, "интернет", 16);
        int star = !net && c >= 0x410 && c <= 0x42F && fakt_ner_sky_word(low, ln);
        if (!net && !star)
            continue;
        /* «Интернет», «Интернете» on their own (not «интернет-магазин»,
         * «интернетчик»): an Org in factRuEval, so ORG here too. */
        int netorg = net && c >= 0x410 && c <= 0x42F && in_list(netw, low, ln) &&
                     !(i < tl && text[i] == '-');
        if (n + 1 >= cap) {
            fakt_ner_gspan *ng2 = realloc(gold, (cap *= 2) * sizeof *gold);
            if (!ng2) {
                free(gold);
                return NULL;
            }
            gold = ng2;
        }
        gold[n++] = star     ? (fakt_ner_gspan){c0, cp, FAKT_LOC, FAKT_SUB_LOCATION}
                    : netorg ? (fakt_ner_gspan){c0, cp, FAKT_ORG, 0}
                             : (fakt_ner_gspan){c0, cp, FAKT_NER_IGNORE, 0};
    }
    *ng = n;
    return gold;
}

/* Stem key of a one-word name, or 0 when s[0..n) is not one word. */
static uint64_t one_word_key(const char *s, size_t n)
{
    char low[128];
    if (!n || n >= sizeof low - 1 || memchr(s, ' ', n))
        return 0;
    size_t ln = fakt_ner_lower(s, n, low, sizeof low);
    return fakt_ner_hash(low, fakt_ner_stem(low, ln)) | 1;
}

/* Stems of the one-word ORGANIZATION names of every document in dir:
 * NEREL tags «Facebook», «Твиттер», «Википедия» now ORGANIZATION, now
 * PRODUCT; factRuEval makes such services Orgs.  A one-word PRODUCT
 * tagged ORGANIZATION elsewhere becomes ORG. */
static void org_words(const char *dir, char **docs, size_t nb, fakt_ner_htab *h)
{
    for (size_t b = 0; b < nb; b++) {
        size_t al;
        char *ann = read_path(dir, docs[b], ".ann", &al);
        if (!ann)
            continue;
        char *save = NULL;
        for (char *line = strtok_r(ann, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
            if (line[0] != 'T' || !strstr(line, "\tORGANIZATION "))
                continue;
            char *t1 = strchr(line, '\t'), *t2 = t1 ? strchr(t1 + 1, '\t') : NULL;
            if (!t2 || memchr(t1, ';', (size_t)(t2 - t1)))
                continue; /* discontinuous */
            uint64_t k = one_word_key(t2 + 1, strlen(t2 + 1));
            if (k)
                fakt_ner_htab_put(h, k, 1, 0);
        }
        free(ann);
    }
}

int fakt_ner_read_nerel(const char *dir, fakt_ner_corpus *c, fakt_error *err)
{
    size_t nb;
    char **docs = list_dir(dir, ".ann", &nb);
    if (!docs || !nb) {
        free_list(docs, nb);
        return fakt_err(err, FAKT_EIO, "no NEREL documents (*.ann) in %s", dir);
    }
    fakt_ner_htab orgw = {0};
    org_words(dir, docs, nb, &orgw);
    for (size_t b = 0; b < nb; b++) {
        size_t tl, al;
        char *text = read_path(dir, docs[b], ".txt", &tl);
        char *ann = read_path(dir, docs[b], ".ann", &al);
        if (!text || !ann || fakt_utf8_check(text, tl, NULL) != FAKT_OK) {
            free(text), free(ann);
            continue; /* a missing or broken document is skipped */
        }
        size_t ncp = fakt_utf8_count(text, tl);
        uint32_t *cp2b = malloc((ncp + 1) * sizeof *cp2b);
        size_t ne = 0, ecap = 64;
        bent *ents = malloc(ecap * sizeof *ents);
        if (!cp2b || !ents) {
            free(text), free(ann), free(cp2b), free(ents);
            fakt_ner_htab_free(&orgw);
            free_list(docs, nb);
            return fakt_err(err, FAKT_ENOMEM, "out of memory");
        }
        for (size_t i = 0, k = 0; i <= tl && k <= ncp;) {
            cp2b[k++] = (uint32_t)i;
            if (i == tl)
                break;
            fakt_utf8_next(text, tl, &i);
        }
        char *save = NULL;
        for (char *line = strtok_r(ann, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
            if (line[0] != 'T')
                continue;
            char *tab = strchr(line, '\t');
            if (!tab)
                continue;
            char type[64];
            unsigned s0, s1;
            int pos = 0;
            if (sscanf(tab + 1, "%63s %u %u%n", type, &s0, &s1, &pos) != 3)
                continue;
            if (tab[1 + pos] == ';' || s1 <= s0 || s1 > ncp)
                continue; /* discontinuous or out of range: skipped */
            int sub, kind = nerel_kind(type, &sub);
            if (!kind || (kind == 2 && geo_adjective(text, cp2b, s0, s1)))
                continue;
            if (kind == 6) {
                uint64_t k = one_word_key(text + cp2b[s0], cp2b[s1] - cp2b[s0]);
                if (!k || !fakt_ner_htab_get(&orgw, k))
                    continue;
                kind = 3;
            }
            if (ne == ecap) {
                bent *nv = realloc(ents, (ecap *= 2) * sizeof *ents);
                if (!nv)
                    break;
                ents = nv;
            }
            ents[ne++] = (bent){s0, s1, kind, sub};
        }
        free(ann);
        fakt_ner_gspan *gold = malloc((ne + 1) * sizeof *gold);
        if (!gold) {
            free(text), free(cp2b), free(ents);
            fakt_ner_htab_free(&orgw);
            free_list(docs, nb);
            return fakt_err(err, FAKT_ENOMEM, "out of memory");
        }
        uint32_t ng = 0;
        uint64_t kreml = one_word_key("Кремль", strlen("Кремль"));
        for (size_t i = 0; i < ne; i++) {
            const bent *e = &ents[i];
            /* «Кремль» for the government is the place name of an Org in
             * factRuEval (a loc_name), which its name layer drops: so no
             * name here either.  It still cuts an organization it ends
             * («администрации Кремля» is no name), so only its own span goes. */
            if ((e->kind == 3 || e->kind == 5) &&
                one_word_key(text + cp2b[e->start], cp2b[e->end] - cp2b[e->start]) == kreml)
                continue;
            if (e->kind == 3) {
                bent e2 = *e;
                int legal = legal_form(text, tl, cp2b, &e2);
                uint32_t end = org_name_part(text, tl, cp2b, ents, ne, &e2);
                if (legal && end > e2.start + 1) {
                    size_t q = cp2b[end - 1];
                    uint32_t qc = fakt_utf8_next(text, tl, &q);
                    if (qc == 0xBB || qc == '"' || qc == 0x201C || qc == 0x201D)
                        end--;
                }
                if (end > e2.start)
                    gold[ng++] = (fakt_ner_gspan){e2.start, end,
                                                  lowercase_words(text, cp2b[e2.start], cp2b[end])
                                                      ? FAKT_NER_IGNORE
                                                      : FAKT_ORG,
                                                  0};
            } else if (e->kind == 4) {
                gold[ng++] = (fakt_ner_gspan){e->start, e->end, 0, 0};
            } else if (e->kind == 5) {
                /* A named facility («Белом доме», «МКС», «Новодевичьем
                 * кладбище»): a Location in factRuEval most of the time;
                 * one led by a lowercase word («памятник Ленину», «здания
                 * ФСБ») stays "don't care". */
                size_t q = cp2b[e->start];
                int named = has_upper_first(text + q, cp2b[e->end] - q);
                gold[ng++] = (fakt_ner_gspan){e->start, e->end, named ? FAKT_LOC : FAKT_NER_IGNORE,
                                              named ? FAKT_SUB_LOCATION : 0};
            } else {
                gold[ng++] = (fakt_ner_gspan){e->start, e->end, (uint8_t)(e->kind == 1 ? FAKT_PER : FAKT_LOC),
                                              (uint8_t)e->sub};
            }
        }
        free(ents);
        free(cp2b);
        gold = add_disputed(text, tl, gold, &ng);
        if (!gold) {
            free(text);
            fakt_ner_htab_free(&orgw);
            free_list(docs, nb);
            return fakt_err(err, FAKT_ENOMEM, "out of memory");
        }
        qsort(gold, ng, sizeof *gold, cmp_len);
        ng = drop_overlaps(gold, ng);
        char name[512];
        snprintf(name, sizeof name, "%s/%s", dir, docs[b]);
        fakt_ner_doc d = {0};
        d.name = strdup(name);
        d.text = text;
        d.len = tl;
        d.source = 1;
        d.has_prof = 1;
        d.gold = gold;
        d.ngold = ng;
        if (!d.name || fakt_ner_corpus_add(c, &d) != FAKT_OK) {
            free(d.name), free(text), free(gold);
            fakt_ner_htab_free(&orgw);
            free_list(docs, nb);
            return fakt_err(err, FAKT_ENOMEM, "out of memory");
        }
    }
    fakt_ner_htab_free(&orgw);
    free_list(docs, nb);
    return FAKT_OK;
}

/* ---- marked text (fakt eval ner --marked) ------------------------------- */

/* Appends the marked document text[0..n) (already unmarked into doc) or
 * nothing when it holds only blanks. */
static int marked_doc(fakt_ner_corpus *c, const char *path, int no, char *text, size_t len,
                      fakt_ner_gspan *g, uint32_t ng, fakt_error *err)
{
    size_t k = 0;
    while (k < len && (text[k] == ' ' || text[k] == '\n' || text[k] == '\t' || text[k] == '\r'))
        k++;
    if (k == len) {
        free(text), free(g);
        return FAKT_OK;
    }
    /* Both were sized for the whole file: keep what the document uses,
     * or a file of many documents holds its size once per document. */
    char *tt = realloc(text, len + 1);
    fakt_ner_gspan *gg = realloc(g, (ng + 1) * sizeof *g);
    text = tt ? tt : text, g = gg ? gg : g;
    char name[64];
    snprintf(name, sizeof name, "marked_%d", no);
    fakt_ner_doc d = {strdup(name), text, len, 0, 0, g, ng};
    int rc = d.name ? fakt_ner_corpus_add(c, &d) : FAKT_ENOMEM;
    if (rc != FAKT_OK) {
        free(d.name), free(text), free(g);
        return fakt_err(err, rc, "%s: out of memory", path);
    }
    return FAKT_OK;
}

/* Marked text: documents separated by blank lines, lines starting with '#'
 * are comments, and every gold name is written in place as [PER text],
 * [LOC text] or [ORG text] (no brackets inside, no nesting).  Offsets of
 * the gold spans are code points of the text with the marks removed. */
int fakt_ner_read_marked(const char *path, fakt_ner_corpus *c, fakt_error *err)
{
    char *src;
    size_t n;
    int rc = fakt_read_file(path, &src, &n, err);
    if (rc != FAKT_OK)
        return rc;
    size_t bad;
    if (fakt_utf8_check(src, n, &bad) != FAKT_OK || memchr(src, 0, n)) {
        free(src);
        return fakt_err(err, FAKT_EUTF8, "%s: not UTF-8 text", path);
    }
    static const char *const tn[] = {NULL, "PER", "LOC", "ORG"};
    int line = 1, no = 0;
    size_t i = 0;
    while (i < n && rc == FAKT_OK) {
        /* One document: lines up to a blank line or the end. */
        char *text = malloc(n + 1);
        fakt_ner_gspan *g = malloc((n / 4 + 1) * sizeof *g);
        size_t tl = 0;
        uint32_t ng = 0, cp = 0;
        if (!text || !g) {
            free(text), free(g);
            rc = fakt_err(err, FAKT_ENOMEM, "out of memory");
            break;
        }
        int open = 0, open_line = 0, seen = 0;
        while (i < n) {
            size_t e = i;
            while (e < n && src[e] != '\n')
                e++;
            int blank = 1;
            for (size_t k = i; k < e; k++)
                blank &= src[k] == ' ' || src[k] == '\t' || src[k] == '\r';
            if (blank && seen && !open) { /* ends the document */
                i = e < n ? e + 1 : e, line++;
                break;
            }
            if ((src[i] == '#' || blank) && !open) { /* a comment, or blanks before the text */
                i = e < n ? e + 1 : e, line++;
                continue;
            }
            seen |= !blank;
            for (size_t k = i; k < e && rc == FAKT_OK;) {
                if (src[k] == '[') {
                    int ty = 0;
                    for (int t = 1; t <= 3; t++)
                        if (e - k > 4 && !memcmp(src + k + 1, tn[t], 3) && src[k + 4] == ' ')
                            ty = t;
                    if (open || !ty)
                        rc = fakt_err(err, FAKT_EINVAL, "%s:%d: '[' must open [PER ...], [LOC ...] or [ORG ...]%s",
                                      path, line, open ? " (marks do not nest)" : "");
                    else {
                        open = 1, open_line = line;
                        g[ng] = (fakt_ner_gspan){cp, cp, (uint8_t)ty, 0};
                    }
                    k += 5;
                    continue;
                }
                if (src[k] == ']') {
                    if (!open)
                        rc = fakt_err(err, FAKT_EINVAL, "%s:%d: ']' without a mark to close", path, line);
                    else if (g[ng].start == cp)
                        rc = fakt_err(err, FAKT_EINVAL, "%s:%d: empty mark", path, line);
                    else
                        g[ng].end = cp, ng++, open = 0;
                    k++;
                    continue;
                }
                size_t k0 = k;
                fakt_utf8_next(src, e, &k);
                memcpy(text + tl, src + k0, k - k0);
                tl += k - k0, cp++;
            }
            if (e < n) /* the line break stays in the text */
                text[tl++] = '\n', cp++;
            i = e < n ? e + 1 : e, line++;
        }
        if (rc == FAKT_OK && open)
            rc = fakt_err(err, FAKT_EINVAL, "%s:%d: mark not closed", path, open_line);
        if (rc != FAKT_OK) {
            free(text), free(g);
            break;
        }
        text[tl] = 0;
        rc = marked_doc(c, path, ++no, text, tl, g, ng, err);
    }
    free(src);
    return rc;
}

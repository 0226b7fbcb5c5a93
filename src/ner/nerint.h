/*
 * nerint.h — the NER stage's private pieces, shared by the tagger (tag.c),
 * the feature extractor (feat.c), the model file (model.c), the corpus
 * readers (corpus.c), the training-time resources (gaz.c), the trainer
 * (train.c), the metric (metric.c) and nested entities (nest.c).
 *
 * The tagger is a linear model over hashed features with two label chains
 * decoded by Viterbi: the entity chain (BIO over PER/LOC/ORG) and the
 * profession chain (BIO over position phrases), so that «глава МИД» can be
 * a profession while «МИД» is an ORG.  Both chains read the same feature
 * rows: one row of the weight table holds FAKT_NER_NL weights, the entity
 * labels first.  The hashing trick keeps the table a fixed, mmap-able array
 * and lets feature extraction run without any dictionary of feature strings.
 */
#ifndef FAKT_NERINT_H
#define FAKT_NERINT_H

#include <stdint.h>
#include <string.h>

#include "../core/core.h"
#include "../text/segment.h"
#include "../morph/morph.h"
#include "ner.h"

/* Entity chain labels, BILOU: 0 = O; type t (1..3) at 4(t-1) + 1 + pos with
 * pos 0 B(egin), 1 I(nside), 2 L(ast), 3 U(nit).  BILOU rather than BIO so
 * that a span's end is a decision of its own: adjacent entities («Ельцина
 * Наина Иосифовна», «Аль-Джазиры Сами аль-Хадж») split where the last
 * token says so.  Profession chain labels, BIO: 0 O, 1 B, 2 I.  One weight
 * row holds 13 + 3 = 16 int16 weights: 32 bytes, half a cache line. */
enum { FAKT_NER_NE = 13, FAKT_NER_NP = 3, FAKT_NER_NL = FAKT_NER_NE + FAKT_NER_NP };
static inline int fakt_ner_lab_type(int l) { return l ? (l - 1) / 4 + 1 : 0; }
static inline int fakt_ner_lab_pos(int l) { return (l - 1) % 4; }
static inline int fakt_ner_lab(int type, int pos) { return 4 * (type - 1) + 1 + pos; }
/* Labels tokens [a, b) as one span of type: U alone, else B I... L. */
static inline void fakt_ner_label_span(uint8_t *le, uint32_t a, uint32_t b, int type)
{
    if (b - a == 1) {
        le[a] = (uint8_t)fakt_ner_lab(type, 3);
        return;
    }
    le[a] = (uint8_t)fakt_ner_lab(type, 0);
    for (uint32_t k = a + 1; k + 1 < b; k++)
        le[k] = (uint8_t)fakt_ner_lab(type, 1);
    le[b - 1] = (uint8_t)fakt_ner_lab(type, 2);
}
/* The end (exclusive) of the span whose first token (B or U label) is a,
 * its I and L labels of the same type; 0 when le[a] begins no span or the
 * labels after it do not close one. */
static inline uint32_t fakt_ner_span_end(const uint8_t *le, uint32_t nt, uint32_t a)
{
    if (!le[a])
        return 0;
    int ty = fakt_ner_lab_type(le[a]);
    if (le[a] == fakt_ner_lab(ty, 3))
        return a + 1;
    if (le[a] != fakt_ner_lab(ty, 0))
        return 0;
    uint32_t b = a + 1;
    while (b < nt && le[b] == fakt_ner_lab(ty, 1))
        b++;
    return b < nt && le[b] == fakt_ner_lab(ty, 2) ? b + 1 : 0;
}
#define FAKT_NER_MAXF 96 /* features per token, at most */

/* LOC subtypes (stored as small integers in the model's subtype table). */
enum {
    FAKT_SUB_NONE = 0, FAKT_SUB_COUNTRY, FAKT_SUB_CITY, FAKT_SUB_STATE,
    FAKT_SUB_DISTRICT, FAKT_SUB_LOCATION, FAKT_SUB_COUNT
};
const char *fakt_ner_subtype_name(unsigned s);

/* Gazetteer flags (the model's gaz table, keyed by word stem). */
enum {
    FAKT_GAZ_COUNTRY = 1u << 0,  /* a one-word country name (iso-codes 3166-1/3) */
    FAKT_GAZ_CPART = 1u << 1,    /* a word of a multi-word country name */
    FAKT_GAZ_REGION = 1u << 2,   /* a word of a subdivision name (3166-2) */
    FAKT_GAZ_CURRENCY = 1u << 3, /* a word of a currency name (4217) */
    FAKT_GAZ_USER_PER = 1u << 4, /* reserved for user gazetteers */
    FAKT_GAZ_USER_LOC = 1u << 5,
    FAKT_GAZ_USER_ORG = 1u << 6
};

/* Values of the model's lex table, keyed by the lowercase word form: what
 * the unlabeled news corpus says of the word.  Clusters (models/clusters.tsv)
 * in 6 + 8 + 10 bits; the share of its mid-sentence occurrences that are
 * capitalized, as a bucket 1..7 (0 = not counted; models/wordstats.tsv);
 * whether it is often quoted after an organization head word («компания
 * «…»») or found after «г.»/«город»; whether mostly in capitals (the
 * truecaser's); FAKT_LEX_CLUS when the cluster ids
 * are real, FAKT_LEX_ANY on every entry (so no value is 0). */
#define FAKT_LEX_C64(v) ((v) & 0x3Fu)
#define FAKT_LEX_C256(v) (((v) >> 6) & 0xFFu)
#define FAKT_LEX_C1024(v) (((v) >> 14) & 0x3FFu)
#define FAKT_LEX_CAP(v) (((v) >> 24) & 7u)
enum {
    FAKT_LEX_ORGQ = 1u << 27,
    FAKT_LEX_CITY = 1u << 28,
    FAKT_LEX_UPPER = 1u << 29, /* mostly written in capitals («МВД», «США») */
    FAKT_LEX_CLUS = 1u << 30,
    FAKT_LEX_ANY = 1u << 31
};

/* A read-only open-addressing table of (key, value) uint32 pairs, key 0 =
 * empty slot; capacity is a power of two.  Keys are 32-bit fingerprints of
 * 64-bit string hashes (forced non-zero). */
typedef struct fakt_ner_table {
    const uint32_t *slots; /* 2 * cap words */
    uint32_t mask;         /* cap - 1; a table with cap 0 has slots NULL */
} fakt_ner_table;
uint32_t fakt_ner_table_get(const fakt_ner_table *t, uint64_t hash);
uint32_t fakt_ner_key(uint64_t hash);

/* One entry of the model's word table (words.c): what the features say of
 * a frequent token form alone, precomputed.  key = fakt_ner_word_key(form
 * hash, flags, kind); the neighbour-facing facts the contextual features
 * read (hashes of the lowercase form, shape, 3-letter suffix, lemma, stem;
 * clusters and gazetteer values; grammeme masks, POS and case ids); and
 * the int32 sums of the weight rows of all its token-local features, both
 * chains.  128 bytes: two cache lines. */
typedef struct fakt_ner_word {
    uint64_t key;
    uint64_t low, shape, suf3, lemma, stem;
    uint32_t clus;
    uint16_t gaz, silv; /* FAKT_GAZ_*; FAKT_SILV_* */
    uint16_t gany, gtop;
    int16_t pos, cas;
    int32_t local[FAKT_NER_NL];
} fakt_ner_word;

struct fakt_model {
    fakt_map map;           /* the mapped file (empty for in-memory models) */
    uint32_t nbits;         /* log2 of the number of weight rows */
    uint32_t mask;          /* rows - 1 */
    uint32_t featset;       /* feature-set version the weights were trained with */
    const int16_t *w;       /* rows * FAKT_NER_NL quantized weights, or NULL */
    const float *wf;        /* rows * FAKT_NER_NL float weights (training), or NULL */
    float scale;            /* w * scale = score */
    const float *trans_e;   /* (NE + 1) * NE: row 0 = start, row 1 + a = from a */
    const float *trans_p;   /* (NP + 1) * NP likewise */
    fakt_ner_table lex;     /* word → FAKT_LEX_* (clusters, unlabeled-news statistics) */
    fakt_ner_table gaz;     /* stem → FAKT_GAZ_* */
    fakt_ner_table sub;     /* LOC span key → FAKT_SUB_* */
    fakt_ner_table silv;    /* form → FAKT_SILV_* (silver.c) */
    /* The word table (words.c), nwords 0 when absent. */
    const uint32_t *wslots;       /* (key fingerprint, index + 1) pairs */
    uint32_t wmask;               /* slot count - 1 */
    uint32_t nwords;
    const fakt_ner_word *words;
    uint64_t wdict;               /* fingerprint of the dictionary it was built with */
    uint32_t nside;               /* the first nside words may have side vectors: */
    const uint8_t *side_ok;       /* bit i: word i has them */
    const int16_t *side;          /* per word 2 x NL: as the word before, as the word after */
};

/* ---- hashing and normalization (feat.c) ------------------------------ */

uint64_t fakt_ner_hash(const void *s, size_t n);
uint64_t fakt_ner_mix(uint64_t a, uint64_t b);
/* Lowercases Cyrillic and Latin letters of s[0..n) and folds ё to е into
 * out (capacity cap, never overflowed); returns the byte length. */
size_t fakt_ner_lower(const char *s, size_t n, char *out, size_t cap);
/* When every code point of s[0..n) is a capital letter (as fakt_ner_lower
 * reads them) and there are at most max: their count, with the lowercase
 * letters in low when it is not NULL; else 0. */
size_t fakt_ner_capitals(const char *s, size_t n, uint32_t *low, size_t max);
/* Legal forms that stand before a company's name («ООО», «ФГУП»), NULL-ended. */
extern const char *const fakt_ner_legal_forms[];

/* Token t of text is exactly the word w / one of the words of list. */
static inline int fakt_ner_tok_is(const char *text, const fakt_token *t, const char *w)
{
    size_t n = strlen(w);
    return t->b1 - t->b0 == n && !memcmp(text + t->b0, w, n);
}
static inline int fakt_ner_tok_in(const char *text, const fakt_token *t, const char *const *list)
{
    for (; *list; list++)
        if (fakt_ner_tok_is(text, t, *list))
            return 1;
    return 0;
}
/* A literal with its length in bytes, counted by the compiler; lists of
 * them end with {NULL, 0}. */
typedef struct fakt_ner_lit {
    const char *s;
    size_t n;
} fakt_ner_lit;
#define FAKT_NER_LIT(x) {x, sizeof x - 1}
/* Lowercase word low[0..ln) is one of the hand-written stems of list
 * followed by at most three Cyrillic letters (six bytes): «компании»,
 * «корабле».  Forms whole, when the stem would take in other words. */
static inline int fakt_ner_stem_in(const char *low, size_t ln, const fakt_ner_lit *list)
{
    for (; list->s; list++)
        if (ln >= list->n && ln <= list->n + 6 && !memcmp(low, list->s, list->n))
            return 1;
    return 0;
}
static inline int fakt_ner_form_in(const char *low, size_t ln, const fakt_ner_lit *list)
{
    for (; list->s; list++)
        if (list->n == ln && !memcmp(low, list->s, ln))
            return 1;
    return 0;
}
/* A crude stem of a lowercase word: trailing vowels and й/ь/м/х stripped
 * (at most 3 characters, keeping at least 3), so that «казахстана»,
 * «казахстаном» and «казахстан» meet without a dictionary. */
size_t fakt_ner_stem(const char *lw, size_t n);
/* Whether a word is a relational adjective by its ending («российского»,
 * «донецкой»: -ск-/-цк- + an adjective ending), which factRuEval keeps out
 * of the name layer; words of 128 bytes or more never are. */
int fakt_ner_geo_adjective(const char *w, size_t n);

/* ---- features (feat.c) ---------------------------------------------- */

#define FAKT_NER_FEATSET 7 /* bump when feature extraction changes */

/* Per-document features: for token i, row indices feat[off[i] .. off[i+1]),
 * plus, when word[i] is set, the precomputed sums of its token-local rows
 * (which feat then leaves out). */
typedef struct fakt_ner_feats {
    const fakt_ner_word **word; /* per token, or NULL (no table entry); the
                                 * array itself may be NULL (no table) */
    uint64_t *key;              /* per token with a word: its table key */
    uint8_t *nbm;               /* per token: 1 the previous token's side vector
                                 * stands for its rows, 2 the next one's; or NULL */
    uint32_t *feat;
    uint32_t *off; /* ntok + 1 */
    uint64_t *stemkey; /* per token: hash of its lowercase stem (0 for non-words) */
    uint8_t *upper;    /* per token: 1 when it starts with a capital letter */
} fakt_ner_feats;

/* Second pass: what the first pass said of the same word elsewhere in the
 * document, as up to FAKT_NER_MAXX extra feature rows per token (entity
 * chain only).  xf has ntok * FAKT_NER_MAXX slots, nx ntok counts;
 * scratch: fakt_ner_doc_scratch(ntok) bytes. */
#define FAKT_NER_MAXX 4
void fakt_ner_docfeats(const fakt_model *m, const fakt_ner_feats *f, uint32_t ntok,
                       const uint8_t *le, uint32_t *xf, uint8_t *nx, void *scratch);
size_t fakt_ner_doc_scratch(uint32_t ntok);
/* Adds the extra rows of tokens [t0, t1) to their entity emissions. */
void fakt_ner_add_extra(const fakt_model *m, const uint32_t *xf, const uint8_t *nx, uint32_t t0,
                        uint32_t t1, float *em);

int fakt_ner_features(const fakt_model *m, const fakt_dict *d, const char *text,
                      const fakt_seg *seg, fakt_arena *a, fakt_ner_feats *out);
/* The same parsing through a document's parse cache pc (may be NULL). */
int fakt_ner_features_pc(const fakt_model *m, const fakt_dict *d, fakt_pcache *pc, const char *text,
                         const fakt_seg *seg, fakt_arena *a, fakt_ner_feats *out);

/* The word table's entry of one form (form[0..n) segmented alone must be
 * one token), computed from m's quantized weights, and, when side is not
 * NULL, its side sums (what it gives the token after it, side[0], and the
 * token before it, side[1]): FAKT_OK, FAKT_ENOTFOUND when the form is not
 * one token, FAKT_ENOMEM. */
int fakt_ner_word_compute(const fakt_model *m, const fakt_dict *d, const char *form, size_t n,
                          fakt_ner_word *out, int32_t side[2][FAKT_NER_NL]);

/* ---- the word table (words.c) ------------------------------------------ */

/* The table key of a token: its form's hash, the token flags the local
 * features read and its kind. */
uint64_t fakt_ner_word_key(uint64_t form_hash, uint16_t flags, uint16_t kind);
/* The flags of a token the local features read (fakt_ner_word_key masks
 * with it too). */
#define FAKT_NER_WORD_FLAGS                                                                     \
    (FAKT_TF_UPPER | FAKT_TF_ALLCAPS | FAKT_TF_LATIN | FAKT_TF_CYRILLIC | FAKT_TF_DIGIT |      \
     FAKT_TF_HYPHEN | FAKT_TF_ABBR | FAKT_TF_INITIAL)
/* The entry whose key fingerprint matches key's, or NULL, without reading
 * the entry (so that the caller can prefetch it and compare w->key later:
 * a fingerprint collision then reads as a miss).  Whether the table may be
 * used with dictionary d at all is the caller's check
 * (fakt_ner_words_usable). */
static inline const fakt_ner_word *fakt_ner_word_candidate(const fakt_model *m, uint64_t key)
{
    uint32_t fp = fakt_ner_key(key), i = fp & m->wmask;
    for (uint32_t probe = 0; probe <= m->wmask; probe++, i = (i + 1) & m->wmask) {
        uint32_t k = m->wslots[2 * i];
        if (k == fp) {
            uint32_t ix = m->wslots[2 * i + 1];
            return ix - 1 < m->nwords ? &m->words[ix - 1] : NULL;
        }
        if (k == 0)
            return NULL;
    }
    return NULL;
}
static inline const fakt_ner_word *fakt_ner_word_find(const fakt_model *m, uint64_t key)
{
    const fakt_ner_word *w = fakt_ner_word_candidate(m, key);
    return w && w->key == key ? w : NULL;
}
int fakt_ner_words_usable(const fakt_model *m, const fakt_dict *d);
/* The side vector of word w (NULL allowed): the sums of the rows it gives
 * the token after it (side 0) or before it (side 1), or NULL. */
static inline const int16_t *fakt_ner_word_nb(const fakt_model *m, const fakt_ner_word *w, int side)
{
    if (!w)
        return NULL;
    size_t i = (size_t)(w - m->words);
    if (i >= m->nside || !(m->side_ok[i >> 3] & (1u << (i & 7))))
        return NULL;
    return m->side + i * 2 * FAKT_NER_NL + (size_t)side * FAKT_NER_NL;
}
/* Builds the word-table section for the forms of a forms.tsv (form TAB
 * count, most frequent first), at most max of them, the first max_side
 * with side vectors, against m (quantized weights) and d; *out (malloc) /
 * *outn get the section's bytes, *nwords the forms kept. */
int fakt_ner_words_build(const fakt_model *m, const fakt_dict *d, const char *forms_tsv,
                         size_t max, size_t max_side, unsigned char **out, size_t *outn,
                         size_t *nwords, fakt_error *err);
/* Validates a word-table section p[0..n) and points m at it. */
int fakt_ner_words_open(const unsigned char *p, size_t n, fakt_model *m, fakt_error *err);

/* ---- decoding (tag.c) ------------------------------------------------ */

/* Emission scores of both chains for tokens [t0, t1) into em
 * ((t1 - t0) x FAKT_NER_NL, entity labels first). */
void fakt_ner_emissions(const fakt_model *m, const fakt_ner_feats *f, uint32_t t0, uint32_t t1,
                        float *em);
/* The same, with the portable row sums when plain (the default picks
 * AVX2 where the CPU has it); both give the same scores to the bit. */
void fakt_ner_emissions_path(const fakt_model *m, const fakt_ner_feats *f, uint32_t t0, uint32_t t1,
                             float *em, int plain);
/* Viterbi over n tokens for one chain (0 entities, 1 professions) from
 * emissions em; labels into lab[0 .. n).  scratch: fakt_ner_scratch_size(n). */
void fakt_ner_viterbi(const fakt_model *m, const float *em, uint32_t n, int chain, uint8_t *lab,
                      void *scratch);
size_t fakt_ner_scratch_size(uint32_t ntok);
/* Turns BIO labels into entities / professions (arena arrays). */
int fakt_ner_decode(const fakt_model *m, const char *text, const fakt_seg *seg,
                    const fakt_ner_feats *f, const uint8_t *le, const uint8_t *lp,
                    fakt_arena *a, fakt_ner_out *out);
/* Key of a LOC span for the subtype table: stems of its words. */
uint64_t fakt_ner_span_key(const fakt_ner_feats *f, uint32_t t0, uint32_t t1);

/* ---- decoding (tag.c) ------------------------------------------------ */

/* Document consistency of multi-word names, on the entity chain's BILOU
 * labels le: a name of several words the tagger found whole in one place
 * («Голоса Америки» ORG) gets the same span and type where the same words
 * recur (by stem, the first one capitalized, within one sentence: send[i]
 * is the end of token i's sentence) split or missed («Голос» ORG +
 * «Америки» LOC).  Longer names go first; words found whole under two
 * types are left alone, and so is an occurrence that an entity crosses
 * into or out of.  Names of up to 8 words, 32 per document. */
void fakt_ner_propagate(const fakt_ner_feats *f, const uint32_t *send, uint32_t nt, uint8_t *le);

/* Extends ORG spans over the tails of long names after «по» / «при»
 * («Совета при Президенте РФ по развитию ...»), reading the words with the
 * dictionary d (nothing happens without one).  tails.c. */
void fakt_ner_tails(const fakt_dict *d, const char *text, const fakt_seg *seg,
                    const fakt_ner_feats *f, const uint32_t *send, uint8_t *le);

/* 1 for an opening quote token («, „), 2 for a closing one (», “, ”), 3
 * for '"', else 0.  quoted.c. */
int fakt_ner_quote_kind(const char *text, const fakt_token *t);

/* Makes a quoted phrase, or a Latin name, right after an organization's
 * kind word one ORG span (движение «За права человека», ГУП «Водоканал»,
 * телеканала CNN), and drops an ORG or LOC span filling quotes that begins
 * lowercase («большой тройки») unless the truecaser recased the document
 * (recased != 0).  quoted.c. */
void fakt_ner_quoted(const char *text, const fakt_seg *seg, const fakt_ner_feats *f,
                     const uint32_t *send, int recased, uint8_t *le);

/* Makes a phrase and the abbreviation in parentheses beside it that its
 * initials spell one span each («Союз координационных советов (СКС)»,
 * «ПАСЕ (Парламентской ассамблеи Совета Европы)»).  abbrev.c. */
void fakt_ner_abbrev(const char *text, const fakt_seg *seg, const fakt_ner_feats *f, uint8_t *le);

/* Extends an ORG span over the adjectives in -ский/-цкий right before it
 * («японского МИДа», «московского «Центра»»), drops the agency
 * abbreviation or legal form one begins with («ИА Regnum») and a lone
 * adjective taken for one («Лондонские беспорядки»), and drops the lowercase
 * descriptor a LOC span begins with («республики Крым»).  leading.c. */
void fakt_ner_leading(const char *text, const fakt_seg *seg, const fakt_ner_feats *f,
                      const uint32_t *send, uint8_t *le);

/* The capitalized Moon, Sun and planets («на Луну», «полюсах Марса») that
 * no entity covers, or that stand as a person alone, become LOC.  sky.c. */
void fakt_ner_sky(const char *text, const fakt_seg *seg, const fakt_ner_feats *f, uint8_t *le);

/* Lowercase word low[0..n) is a form of one of those names. */
int fakt_ner_sky_word(const char *low, size_t n);

/* Cuts quotes, brackets, commas and dashes off the edges of entity spans
 * unless they pair with one inside («Русской службе «» -> «Русской
 * службе»; «московского «Центра»» stays).  tag.c. */
void fakt_ner_trim_marks(const char *text, const fakt_seg *seg, uint8_t *le);

/* Drops an ORG or LOC span in quotes or Latin letters right after a word
 * for a product, work or event («корабль «Орион»», «браузера Chrome»,
 * «конкурс «Новая волна»»), and the like spans joined to it by «и» or a
 * comma; makes a place of the organization after «аэропорт» or «порт».
 * products.c. */
void fakt_ner_products(const char *text, const fakt_seg *seg, const uint32_t *send, uint8_t *le);

/* ---- nested entities (nest.c) ------------------------------------------ */

/* Adds depth-1 entities inside the multi-token ORG and LOC entities of the
 * flat layer out->ents (which must all be depth 0), keeping the order of
 * fakt_ner_out; the flat entities are unchanged.  d may be NULL. */
int fakt_ner_nest(const fakt_model *m, const fakt_dict *d, const char *text, const fakt_seg *seg,
                  const fakt_ner_feats *f, fakt_arena *a, fakt_ner_out *out);

/* ---- model file (model.c) -------------------------------------------- */

/* Everything the writer needs; tables are (key,value) arrays of cap pairs. */
typedef struct fakt_ner_blob {
    uint32_t nbits, featset;
    const float *w; /* averaged float weights, rows * NL */
    const float *trans_e, *trans_p;
    const uint32_t *lex, *gaz, *sub; /* slot arrays (2 * cap words each) */
    uint32_t lex_cap, gaz_cap, sub_cap;
    const unsigned char *words; /* word-table section (fakt_ner_words_build), or NULL */
    size_t words_size;
    const uint32_t *silv; /* silver statistics table (silver.c), or NULL */
    uint32_t silv_cap;
} fakt_ner_blob;
/* The model file's checksum of p[0..n) (stored at end-16 over all before). */
uint64_t fakt_ner_checksum(const unsigned char *p, size_t n);
int fakt_ner_model_write(const char *path, const fakt_ner_blob *b, fakt_error *err);
/* Opens a model from memory (bytes must outlive the model; not copied). */
int fakt_ner_model_from_bytes(const unsigned char *p, size_t n, fakt_model *m,
                              fakt_error *err);

/* A growable (key, value) table for building lex/gaz/sub at training time. */
typedef struct fakt_ner_htab {
    uint32_t *slots;
    uint32_t cap, n;
} fakt_ner_htab;
int fakt_ner_htab_put(fakt_ner_htab *h, uint64_t hash, uint32_t val, int or_bits);
uint32_t fakt_ner_htab_get(const fakt_ner_htab *h, uint64_t hash);
void fakt_ner_htab_free(fakt_ner_htab *h);

/* ---- corpora (corpus.c) ---------------------------------------------- */

/* A gold span in code points; type FAKT_PER/LOC/ORG, 0 = profession,
 * FAKT_NER_IGNORE = a region the trainer takes no lesson from. */
#define FAKT_NER_IGNORE 7
typedef struct fakt_ner_gspan {
    uint32_t start, end;
    uint8_t type, sub;
} fakt_ner_gspan;

typedef struct fakt_ner_doc {
    char *name;
    char *text;
    size_t len;
    int source;           /* 0 factRuEval, 1 NEREL */
    int has_prof;         /* profession gold present (NEREL) */
    fakt_ner_gspan *gold; /* flat, non-overlapping entities + professions */
    uint32_t ngold;
} fakt_ner_doc;

typedef struct fakt_ner_corpus {
    fakt_ner_doc *docs;
    size_t n, cap;
} fakt_ner_corpus;

/* Reads factRuEval-2016 devset (dir with book_N.*) / NEREL brat folders. */
int fakt_ner_read_factru(const char *dir, fakt_ner_corpus *c, fakt_error *err);
int fakt_ner_read_nerel(const char *dir, fakt_ner_corpus *c, fakt_error *err);
/* Text with its gold names marked in place, [PER ...] [LOC ...] [ORG ...];
 * documents separated by blank lines, '#' lines are comments.  A malformed
 * mark is refused with its line (FAKT_EINVAL). */
int fakt_ner_read_marked(const char *path, fakt_ner_corpus *c, fakt_error *err);
/* Appends d (taking its buffers) to c, growing it; FAKT_ENOMEM on failure. */
int fakt_ner_corpus_add(fakt_ner_corpus *c, const fakt_ner_doc *d);
void fakt_ner_corpus_free(fakt_ner_corpus *c);

/* ---- training resources (gaz.c) -------------------------------------- */

/* Adds iso-codes names (ru .mo files in dir) to gaz. Missing files are
 * skipped; returns the number of names added. */
size_t fakt_ner_gaz_isocodes(const char *dir, fakt_ner_htab *gaz);
/* Loads word clusters (word TAB c64 TAB c256 TAB c1024) into lex. */
int fakt_ner_read_clusters(const char *path, fakt_ner_htab *lex, fakt_error *err);
/* Adds word statistics (word TAB mid TAB cap TAB orgq TAB city [TAB upper], from
 * tools/wordstats.c) to lex; returns the number of words read or -1. */
long fakt_ner_read_wordstats(const char *path, fakt_ner_htab *lex, fakt_error *err);

/* ---- silver statistics (silver.c) ------------------------------------ */

/* What a model trained on the annotated corpora finds in unlabeled news,
 * per word form: how often the form occurs there and in what share of those
 * occurrences it is tagged PER, LOC, ORG — knowledge the annotated texts are
 * too small to hold («Гринпис», «МАГАТЕ», «Vestas» are organizations in most
 * of the thousands of sentences that name them).  The model stores it as a
 * table of 16-bit values keyed by the exact form, and by the lowercase form
 * salted with FAKT_SILV_SALT for forms written otherwise. */
#define FAKT_SILV_SALT 0x51C7E55A11D0F00Dull
#define FAKT_SILV_RATE(v, t) (((v) >> (3 * (t))) & 7u) /* t 0 PER, 1 LOC, 2 ORG: share bin 0..6 */
#define FAKT_SILV_FREQ(v) (((v) >> 9) & 7u)            /* occurrences bin 1..7 */
#define FAKT_SILV_TOP(v) (((v) >> 12) & 3u)            /* 1 + the most frequent type, 0 none */
#define FAKT_SILV_LOW 0x4000u                          /* found by the lowercase form only */

/* The silver value of a form (exact hash, lowercase hash), 0 when unknown. */
uint16_t fakt_ner_silver_get(const fakt_model *m, uint64_t form, uint64_t low);
/* Reads raw news into *buf (one article per line): path is a text file,
 * an .xz file, or a folder whose *.xz files are read in name order; at most
 * max_bytes (0: all), cut at a line end.  Free *buf with free(). */
int fakt_ner_silver_read(const char *path, size_t max_bytes, char **buf, size_t *len,
                         fakt_error *err);
/* Tags every line of text[0..len) with m (nthreads threads) and builds the
 * silver table from forms seen at least mincount times; *ntok gets the
 * number of tokens read. */
int fakt_ner_silver_build(const fakt_model *m, const fakt_dict *d, const char *text, size_t len,
                          int nthreads, uint32_t mincount, fakt_ner_htab *out, size_t *ntok,
                          fakt_error *err);

/* ---- metric (metric.c) ----------------------------------------------- */

/* Counts for one type: token-level (naeval) and exact-span. */
typedef struct fakt_ner_counts {
    uint64_t tok_tp, tok_fp, tok_fn;
    uint64_t sp_tp, sp_fp, sp_fn;
} fakt_ner_counts;

/* A span over tokens for the metric. */
typedef struct fakt_ner_tspan {
    uint32_t t0, t1;
    uint8_t type;
} fakt_ner_tspan;

/* Adds one document's counts (types 1..3 into c[1..3]); gold and pred are
 * flat lists over ntok tokens (pred may nest: only spans of the given
 * type count, token positive when inside any). */
void fakt_ner_score(uint32_t ntok, const fakt_ner_tspan *gold, size_t ngold,
                    const fakt_ner_tspan *pred, size_t npred, fakt_ner_counts c[4]);

/* Maps gold code-point spans onto tokens; spans whose ends are not token
 * boundaries are dropped (naeval).  layer: 0 entities, 1 professions,
 * 2 ignored regions.  Returns the count written to out. */
size_t fakt_ner_gold_tokens(const fakt_seg *seg, const fakt_ner_gspan *g, size_t ng,
                            int professions, fakt_ner_tspan *out);

/* ---- training (train.c) ---------------------------------------------- */

typedef struct fakt_ner_train_opts {
    const char *corpora;   /* root holding factrueval-2016/ and nerel-1.1/ */
    const char *dict_dir;  /* morphology dictionary, or NULL */
    const char *clusters;  /* clusters.tsv, or NULL */
    const char *wordstats; /* wordstats.tsv, or NULL */
    const char *forms;     /* forms.tsv for the word table (words.c), or NULL */
    size_t nforms;         /* word-table size: at most this many forms */
    const char *isodir;    /* iso-codes .mo folder, or NULL */
    uint64_t seed;
    int epochs;
    int fre_weight;        /* factRuEval documents are seen this many times per epoch */
    float bias[4];         /* added to the score of entering a PER / LOC / ORG span
                            * (index = type) in the model that is kept */
    float cont[4];         /* added per token a span of that type goes on */
    float margin;          /* training decodes with this added to every wrong
                            * label's score (cost-augmented perceptron); 0: plain */
    const char *bias_sweep; /* eval: "TYPE:v,v,..." ("TYPE+:" for cont) scores the
                             * factRuEval documents with each of these biases */
    int augment;           /* train also on lowercased / capitalized copies */
    int stack;             /* > 1: second pass trained on first-pass labels of held-out parts */
    int eval_case;         /* eval: test on factRuEval 1 lowercased, 2 in capitals */
    const char *folds_dir; /* eval --cv: fold models kept here, scored again by
                            * later runs of the same folds instead of training */
    const char *marked;    /* eval: score a model on this marked text instead
                            * (fakt_ner_read_marked) */
    int nerel_only;
    uint32_t nbits;
    int verbose;           /* progress lines to the log callback */
    int show_errors;       /* eval: log every missed / spurious factRuEval span */
    const char *unlabeled; /* raw news for silver statistics (silver.c): a file
                            * or a folder of *.xz, one article per line; or NULL */
    size_t unlabeled_mb;   /* read at most this many MB of it (0: all) */
    int silver_rounds;     /* times the news are tagged, each by the last model (0: 1) */
    void (*log)(const char *line);
} fakt_ner_train_opts;

int fakt_ner_train(const fakt_ner_train_opts *o, const char *out_path, fakt_error *err);

/* Evaluation modes for `fakt eval ner`: cv folds (0 = none), nerel_only
 * (train on NEREL, test on factRuEval), or, with model_path, a given model
 * on factRuEval.  Results printed through o->log as a table. */
int fakt_ner_evaluate(const fakt_ner_train_opts *o, int cv, const char *model_path,
                      fakt_error *err);

#endif

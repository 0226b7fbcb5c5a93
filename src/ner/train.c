/*
 * train.c — the trainer and the evaluation driver behind `fakt train` and
 * `fakt eval ner`.
 *
 * Training is a structured averaged perceptron (Collins 2002): each sentence
 * is decoded with the current weights by the same Viterbi the tagger uses,
 * and where the best path differs from the gold one, the features of the
 * gold labels gain and those of the predicted labels lose one unit (and
 * likewise the transitions).  The averaged weights (kept with the usual
 * "sum of updates times timestamp" trick, so averaging costs no pass over
 * the table per step) are what the model file stores.  Perceptron training
 * has no learning rate or regularizer to tune, converges in a handful of
 * epochs, and its only randomness is the order of documents, drawn from
 * the seed — so the same seed, corpora and resources give the same bytes.
 *
 * Documents are segmented, parsed and turned into feature rows once; the
 * rows depend on the model's lexical tables (clusters, gazetteer) and its
 * size, not on its weights, so cross-validation reuses them for every fold.
 * Professions are learned only from NEREL, the corpus that marks all of
 * them (factRuEval marks only positions taking part in facts).
 *
 * The second pass reads what the first pass said of the same word elsewhere
 * in the document.  Trained naively, the first pass runs on documents the
 * weights are being fitted to and is right more often than it will be on
 * new text, so the second pass learns to trust it too much.  With stacking
 * (o->stack = K > 1, the default 4) the first-pass labels of each training
 * document come from a model trained, for half the epochs, on the other
 * K - 1 parts (stack_labels): the second pass sees first-pass errors as
 * they really occur.  Costs K extra shorter trainings; deterministic.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <time.h>

#include "../morph/morph.h"
#include "nerint.h"

typedef struct tdoc {
    const fakt_ner_doc *src;
    fakt_seg seg;
    fakt_ner_feats f;
    uint8_t *ge, *gp;         /* gold labels per token (entity, profession chain) */
    uint8_t *ign;             /* tokens the entity chain learns nothing from */
    fakt_ner_tspan *gold;     /* gold entity spans on tokens */
    size_t ngold;
    fakt_ner_tspan *goldp;    /* gold professions on tokens */
    size_t ngoldp;
    fakt_arena arena;
} tdoc;

typedef struct trainer {
    uint32_t nbits;
    size_t nw;
    float *w, *u;                 /* weights and their timestamped sums */
    float te[(FAKT_NER_NE + 1) * FAKT_NER_NE], tu[(FAKT_NER_NE + 1) * FAKT_NER_NE];
    float tp[(FAKT_NER_NP + 1) * FAKT_NER_NP], tpu[(FAKT_NER_NP + 1) * FAKT_NER_NP];
    double c;                     /* update timestamp */
} trainer;

static void logf_(const fakt_ner_train_opts *o, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
static void logf_(const fakt_ner_train_opts *o, const char *fmt, ...)
{
    if (!o->log)
        return;
    char line[1024];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(line, sizeof line, fmt, ap);
    va_end(ap);
    o->log(line);
}

static uint64_t rng_next(uint64_t *s)
{
    uint64_t x = *s;
    x ^= x << 13;
    x ^= x >> 7;
    x ^= x << 17;
    return *s = x;
}

static void shuffle(size_t *v, size_t n, uint64_t *s)
{
    for (size_t i = n; i > 1; i--) {
        size_t j = (size_t)(rng_next(s) % i);
        size_t t = v[i - 1];
        v[i - 1] = v[j];
        v[j] = t;
    }
}

/* ---- documents ------------------------------------------------------------ */

static void labels_from_spans(uint8_t *lab, const fakt_ner_tspan *s, size_t n, int typed)
{
    for (size_t i = 0; i < n; i++) {
        uint32_t a = s[i].t0, b = s[i].t1;
        if (!typed) { /* professions: BIO */
            lab[a] = 1;
            for (uint32_t k = a + 1; k < b; k++)
                lab[k] = 2;
            continue;
        }
        fakt_ner_label_span(lab, a, b, s[i].type); /* entities: BILOU */
    }
}

/* Segments src and maps its gold onto the tokens; with feats, also
 * extracts the training features (scoring a model needs none: tagging
 * extracts its own). */
static int prepare(const fakt_model *m, const fakt_dict *d, const fakt_ner_doc *src, tdoc *td,
                   int feats, fakt_error *err)
{
    memset(td, 0, sizeof *td);
    td->src = src;
    fakt_arena_init(&td->arena);
    int rc = fakt_segment(src->text, src->len, &td->arena, &td->seg, err);
    if (rc != FAKT_OK)
        return rc;
    /* Features go through a scratch arena: the per-token descriptions it
     * also holds are not needed after extraction. */
    fakt_arena scratch;
    fakt_arena_init(&scratch);
    fakt_ner_feats f;
    rc = feats ? fakt_ner_features(m, d, src->text, &td->seg, &scratch, &f) : FAKT_OK;
    uint32_t nt = td->seg.ntok;
    if (rc == FAKT_OK && feats) {
        /* Training models have no word table: rows only. */
        td->f.word = NULL, td->f.key = NULL, td->f.nbm = NULL;
        td->f.off = fakt_arena_alloc(&td->arena, (nt + 1) * sizeof *td->f.off);
        td->f.stemkey = fakt_arena_alloc(&td->arena, (nt + 1) * sizeof *td->f.stemkey);
        td->f.upper = fakt_arena_alloc(&td->arena, nt + 1);
        td->f.feat = fakt_arena_alloc(&td->arena, ((size_t)f.off[nt] + 1) * sizeof *td->f.feat);
        if (!td->f.off || !td->f.stemkey || !td->f.feat || !td->f.upper)
            rc = FAKT_ENOMEM;
        else {
            memcpy(td->f.off, f.off, (nt + 1) * sizeof *f.off);
            memcpy(td->f.stemkey, f.stemkey, (nt + 1) * sizeof *f.stemkey);
            memcpy(td->f.upper, f.upper, nt + 1);
            memcpy(td->f.feat, f.feat, (size_t)f.off[nt] * sizeof *f.feat);
        }
    }
    fakt_arena_free(&scratch);
    if (rc != FAKT_OK)
        return fakt_err(err, rc, "out of memory extracting features");
    td->gold = fakt_arena_alloc(&td->arena, (src->ngold + 1) * sizeof *td->gold);
    td->goldp = fakt_arena_alloc(&td->arena, (src->ngold + 1) * sizeof *td->goldp);
    td->ge = fakt_arena_calloc(&td->arena, nt + 1, 1);
    td->gp = fakt_arena_calloc(&td->arena, nt + 1, 1);
    if (!td->gold || !td->goldp || !td->ge || !td->gp)
        return fakt_err(err, FAKT_ENOMEM, "out of memory");
    td->ngold = fakt_ner_gold_tokens(&td->seg, src->gold, src->ngold, 0, td->gold);
    td->ngoldp = fakt_ner_gold_tokens(&td->seg, src->gold, src->ngold, 1, td->goldp);
    labels_from_spans(td->ge, td->gold, td->ngold, 1);
    labels_from_spans(td->gp, td->goldp, td->ngoldp, 0);
    td->ign = fakt_arena_calloc(&td->arena, nt + 1, 1);
    fakt_ner_tspan *ig = fakt_arena_alloc(&td->arena, (src->ngold + 1) * sizeof *ig);
    if (!td->ign || !ig)
        return fakt_err(err, FAKT_ENOMEM, "out of memory");
    size_t nig = fakt_ner_gold_tokens(&td->seg, src->gold, src->ngold, 2, ig);
    for (size_t i = 0; i < nig; i++)
        for (uint32_t k = ig[i].t0; k < ig[i].t1; k++)
            td->ign[k] = td->ge[k] == 0;
    return FAKT_OK;
}

static void free_docs(tdoc *td, size_t n)
{
    for (size_t i = 0; i < n && td; i++)
        fakt_arena_free(&td[i].arena);
    free(td);
}

/* ---- perceptron ------------------------------------------------------------- */

static inline void upd(float *w, float *u, size_t i, float delta, double c)
{
    w[i] += delta;
    u[i] += (float)(c * delta);
}

static void update_chain(trainer *t, const tdoc *d, uint32_t t0, uint32_t t1, int chain,
                         const uint8_t *gold, const uint8_t *pred, const uint32_t *xf,
                         const uint8_t *nx)
{
    const int L = chain ? FAKT_NER_NP : FAKT_NER_NE, off = chain ? FAKT_NER_NE : 0;
    float *tw = chain ? t->tp : t->te, *tu = chain ? t->tpu : t->tu;
    int pg = -1, pp = -1;
    for (uint32_t i = t0; i < t1; i++) {
        int g = gold[i], p = pred[i];
        if (g != p) {
            for (uint32_t k = d->f.off[i]; k < d->f.off[i + 1]; k++) {
                size_t row = (size_t)d->f.feat[k] * FAKT_NER_NL + off;
                upd(t->w, t->u, row + g, 1, t->c);
                upd(t->w, t->u, row + p, -1, t->c);
            }
            for (uint32_t k = 0; xf && k < nx[i]; k++) {
                size_t row = (size_t)xf[(size_t)i * FAKT_NER_MAXX + k] * FAKT_NER_NL + off;
                upd(t->w, t->u, row + g, 1, t->c);
                upd(t->w, t->u, row + p, -1, t->c);
            }
        }
        if (g != p || pg != pp) {
            upd(tw, tu, (size_t)(1 + pg) * L + g, 1, t->c);
            upd(tw, tu, (size_t)(1 + pp) * L + p, -1, t->c);
        }
        pg = g, pp = p;
    }
}

/* Averaged weights into w (in place) and transitions. */
static void average(trainer *t)
{
    double c = t->c > 0 ? t->c : 1;
    for (size_t i = 0; i < t->nw; i++)
        t->w[i] -= (float)(t->u[i] / c);
    for (size_t i = 0; i < sizeof t->te / sizeof t->te[0]; i++)
        t->te[i] -= (float)(t->tu[i] / c);
    for (size_t i = 0; i < sizeof t->tp / sizeof t->tp[0]; i++)
        t->tp[i] -= (float)(t->tpu[i] / c);
}

/* Cost-augmented decoding: every label but the gold one scores margin more,
 * so a sentence counts as right only when the gold path wins by a margin
 * proportional to the labels it gets wrong (a structured hinge loss, as
 * in max-margin training), not by a hair. */
static void add_margin(float margin, const tdoc *d, uint32_t t0, uint32_t t1, float *em)
{
    for (uint32_t i = t0; i < t1; i++) {
        float *r = em + (size_t)(i - t0) * FAKT_NER_NL;
        if (!d->ign[i])
            for (int l = 0; l < FAKT_NER_NE; l++)
                r[l] += l != d->ge[i] ? margin : 0.0f;
        if (d->src->has_prof)
            for (int l = 0; l < FAKT_NER_NP; l++)
                r[FAKT_NER_NE + l] += l != d->gp[i] ? margin : 0.0f;
    }
}

/* The perceptron fits its training data; on held-out folds the balance of
 * recall and precision differs by type (persons found a little too
 * readily, organizations missed more than invented).  A constant added to
 * the score of entering a span of a type (its B and U labels, from any
 * label or the start) moves that balance at decoding time; the model that
 * is kept carries it in its transition scores. */
static void entry_bias(float *te, int type, float v)
{
    for (int row = 0; row <= FAKT_NER_NE; row++) {
        te[row * FAKT_NER_NE + fakt_ner_lab(type, 0)] += v;
        te[row * FAKT_NER_NE + fakt_ner_lab(type, 3)] += v;
    }
}

/* Likewise for the length of a span: v on every move that continues a
 * span of the type (into its I and L labels), so longer names gain. */
static void cont_bias(float *te, int type, float v)
{
    for (int from = fakt_ner_lab(type, 0); from <= fakt_ner_lab(type, 1); from++) {
        te[(1 + from) * FAKT_NER_NE + fakt_ner_lab(type, 1)] += v;
        te[(1 + from) * FAKT_NER_NE + fakt_ner_lab(type, 2)] += v;
    }
}

/* Both biases of the options on transitions te. */
static void apply_biases(const fakt_ner_train_opts *o, float *te)
{
    for (int ty = 1; ty <= 3; ty++) {
        entry_bias(te, ty, o->bias[ty]);
        cont_bias(te, ty, o->cont[ty]);
    }
}

static void bind(fakt_model *m, const trainer *t)
{
    m->wf = t->w;
    m->w = NULL;
    m->trans_e = t->te;
    m->trans_p = t->tp;
}

/* The longest sentence and the largest document, in tokens (at least 1):
 * the sizes of the trainer's per-document scratch buffers. */
static void doc_sizes(const tdoc *docs, size_t n, uint32_t *longest, uint32_t *maxtok)
{
    *longest = 1;
    *maxtok = 1;
    for (size_t i = 0; i < n; i++) {
        if (docs[i].seg.ntok > *maxtok)
            *maxtok = docs[i].seg.ntok;
        for (uint32_t s = 0; s < docs[i].seg.nsent; s++)
            if (docs[i].seg.sents[s].t1 - docs[i].seg.sents[s].t0 > *longest)
                *longest = docs[i].seg.sents[s].t1 - docs[i].seg.sents[s].t0;
    }
}

/* Trains on docs[i] for which use[i]; weights averaged on return. */
static int train_on(const fakt_ner_train_opts *o, fakt_model *m, tdoc *docs, size_t n,
                    const uint8_t *use, uint8_t *const *p1fix, int epochs, trainer *t,
                    fakt_error *err)
{
    memset(t, 0, sizeof *t);
    t->nbits = m->nbits;
    t->nw = ((size_t)1 << m->nbits) * FAKT_NER_NL;
    t->w = calloc(t->nw, sizeof *t->w);
    t->u = calloc(t->nw, sizeof *t->u);
    int rep = o->fre_weight > 1 ? o->fre_weight : 1;
    size_t *order = malloc((n * (size_t)rep + 1) * sizeof *order);
    uint32_t longest, maxtok;
    doc_sizes(docs, n, &longest, &maxtok);
    void *scratch = malloc(fakt_ner_scratch_size(longest));
    float *em = malloc((size_t)(maxtok + 1) * FAKT_NER_NL * sizeof *em);
    uint8_t *pred = malloc(maxtok + 1), *p1 = malloc(maxtok + 1), *nx = malloc(maxtok + 1);
    uint8_t *geff = malloc(maxtok + 1);
    uint32_t *xf = malloc(((size_t)maxtok + 1) * FAKT_NER_MAXX * sizeof *xf);
    void *dscr = malloc(fakt_ner_doc_scratch(maxtok));
    if (!t->w || !t->u || !order || !scratch || !pred || !em || !p1 || !nx || !xf || !dscr || !geff) {
        free(order), free(scratch), free(pred), free(em), free(p1), free(nx), free(xf), free(dscr);
        free(geff);
        return fakt_err(err, FAKT_ENOMEM, "out of memory for the weight table");
    }
    bind(m, t);
    size_t k = 0;
    /* factRuEval is the style the published figures measure; NEREL is eight
     * times larger, so its documents are repeated to weigh more. */
    for (size_t i = 0; i < n; i++)
        if (!use || use[i])
            for (int r = 0; r < (docs[i].src->source == 0 ? rep : 1); r++)
                order[k++] = i;
    uint64_t rs = o->seed * 0x9E3779B97F4A7C15ull + 1;
    for (int ep = 0; ep < epochs; ep++) {
        shuffle(order, k, &rs);
        size_t errs = 0, toks = 0;
        for (size_t j = 0; j < k; j++) {
            const tdoc *d = &docs[order[j]];
            /* Pass one over the whole document with the current weights,
             * giving the second pass its document features, as tagging does. */
            uint32_t nt = d->seg.ntok;
            if (p1fix && p1fix[order[j]]) {
                /* Stacking: pass one as a model that never saw this
                 * document labels it (stack_labels). */
                memcpy(p1, p1fix[order[j]], nt + 1);
            } else {
                memset(p1, 0, nt + 1);
                fakt_ner_emissions(m, &d->f, 0, nt, em);
                for (uint32_t s = 0; s < d->seg.nsent; s++) {
                    uint32_t t0 = d->seg.sents[s].t0, t1 = d->seg.sents[s].t1;
                    if (t1 > t0 && t1 <= nt)
                        fakt_ner_viterbi(m, em + (size_t)t0 * FAKT_NER_NL, t1 - t0, 0, p1 + t0, scratch);
                }
            }
            fakt_ner_docfeats(m, &d->f, nt, p1, xf, nx, dscr);
            for (uint32_t s = 0; s < d->seg.nsent; s++) {
                uint32_t t0 = d->seg.sents[s].t0, t1 = d->seg.sents[s].t1;
                if (t1 <= t0 || t1 > d->seg.ntok)
                    continue;
                t->c += 1;
                /* Both chains' emissions before any update: the chains own
                 * disjoint columns, so this equals decoding each in turn. */
                fakt_ner_emissions(m, &d->f, t0, t1, em);
                fakt_ner_add_extra(m, xf, nx, t0, t1, em);
                if (o->margin > 0)
                    add_margin(o->margin, d, t0, t1, em);
                fakt_ner_viterbi(m, em, t1 - t0, 0, pred + t0, scratch);
                /* Where the gold is "don't care", the prediction stands. */
                int bad = 0;
                for (uint32_t i = t0; i < t1; i++) {
                    geff[i] = d->ign[i] ? pred[i] : d->ge[i];
                    bad |= pred[i] != geff[i], errs += pred[i] != geff[i];
                }
                toks += t1 - t0;
                if (bad)
                    update_chain(t, d, t0, t1, 0, geff, pred, xf, nx);
                if (d->src->has_prof) {
                    fakt_ner_viterbi(m, em, t1 - t0, 1, pred + t0, scratch);
                    bad = 0;
                    for (uint32_t i = t0; i < t1; i++)
                        bad |= pred[i] != d->gp[i];
                    if (bad)
                        update_chain(t, d, t0, t1, 1, d->gp, pred, NULL, NULL);
                }
            }
        }
        if (o->verbose)
            logf_(o, "  epoch %d: %zu docs, token label errors %.4f", ep + 1, k,
                  toks ? (double)errs / (double)toks : 0.0);
    }
    average(t);
    free(t->u);
    t->u = NULL;
    free(order), free(scratch), free(pred), free(em), free(p1), free(nx), free(xf), free(dscr);
    free(geff);
    return FAKT_OK;
}

static void trainer_free(trainer *t)
{
    free(t->w);
    free(t->u);
    t->w = t->u = NULL;
}

/* First-pass labels of every used document from a model that never saw
 * it: the used documents are dealt into o->stack parts (a case copy goes
 * with its original), a model is trained on all parts but one for half the
 * epochs and labels the held-out part with its first pass, decoded with
 * the span biases the kept model will carry.  The second pass then learns
 * how far to trust the first as it will be at tagging time, not as it is
 * on documents the weights have memorized.  Returns a
 * per-document array of label arrays (NULL for unused documents). */
static uint8_t **stack_labels(const fakt_ner_train_opts *o, fakt_model *m, tdoc *docs, size_t n,
                              const uint8_t *use, const size_t *orig, fakt_error *err)
{
    int K = o->stack;
    uint8_t **lab = calloc(n + 1, sizeof *lab);
    uint8_t *u2 = malloc(n + 1);
    uint32_t longest, maxtok;
    doc_sizes(docs, n, &longest, &maxtok);
    void *scratch = malloc(fakt_ner_scratch_size(longest));
    float *em = malloc((size_t)(maxtok + 1) * FAKT_NER_NL * sizeof *em);
    int rc = lab && u2 && scratch && em ? FAKT_OK : FAKT_ENOMEM;
    for (size_t i = 0; i < n && rc == FAKT_OK; i++)
        if (!use || use[i])
            if (!(lab[i] = calloc(docs[i].seg.ntok + 1, 1)))
                rc = FAKT_ENOMEM;
    for (int k = 0; k < K && rc == FAKT_OK; k++) {
        for (size_t i = 0; i < n; i++)
            u2[i] = (!use || use[i]) && (int)(fakt_ner_mix(orig[i], 0x57ac) % (uint64_t)K) != k;
        trainer t;
        int ep = (o->epochs + 1) / 2;
        if ((rc = train_on(o, m, docs, n, u2, NULL, ep, &t, err)) != FAKT_OK)
            break;
        bind(m, &t);
        apply_biases(o, t.te); /* t labels and is freed: its own transitions take them */
        for (size_t i = 0; i < n; i++) {
            if (!lab[i] || (int)(fakt_ner_mix(orig[i], 0x57ac) % (uint64_t)K) != k)
                continue;
            const tdoc *d = &docs[i];
            fakt_ner_emissions(m, &d->f, 0, d->seg.ntok, em);
            for (uint32_t s = 0; s < d->seg.nsent; s++) {
                uint32_t t0 = d->seg.sents[s].t0, t1 = d->seg.sents[s].t1;
                if (t1 > t0 && t1 <= d->seg.ntok)
                    fakt_ner_viterbi(m, em + (size_t)t0 * FAKT_NER_NL, t1 - t0, 0, lab[i] + t0, scratch);
            }
        }
        trainer_free(&t);
        if (o->verbose)
            logf_(o, "  stacking: part %d/%d labelled", k + 1, K);
    }
    free(u2), free(scratch), free(em);
    if (rc != FAKT_OK) {
        for (size_t i = 0; lab && i < n; i++)
            free(lab[i]);
        free(lab);
        fakt_err(err, FAKT_ENOMEM, "out of memory for stacking");
        return NULL;
    }
    return lab;
}

static void free_labels(uint8_t **lab, size_t n)
{
    for (size_t i = 0; lab && i < n; i++)
        free(lab[i]);
    free(lab);
}

/* Trains the model that is kept: with stacked first-pass labels when
 * o->stack > 1. */
static int train_model(const fakt_ner_train_opts *o, fakt_model *m, tdoc *docs, size_t n,
                       const uint8_t *use, const size_t *orig, trainer *t, fakt_error *err)
{
    uint8_t **lab = NULL;
    if (o->stack > 1 && !(lab = stack_labels(o, m, docs, n, use, orig, err)))
        return FAKT_ENOMEM;
    int rc = train_on(o, m, docs, n, use, lab, o->epochs, t, err);
    free_labels(lab, n);
    return rc;
}

/* ---- subtype table ---------------------------------------------------------- */

typedef struct subobs {
    uint64_t key;
    uint8_t sub;
} subobs;

static int cmp_subobs(const void *a, const void *b)
{
    const subobs *x = a, *y = b;
    if (x->key != y->key)
        return x->key < y->key ? -1 : 1;
    return (int)x->sub - (int)y->sub;
}

/* Majority subtype per LOC span key over the training documents. */
static int build_subtypes(tdoc *docs, size_t n, const uint8_t *use, fakt_ner_htab *sub)
{
    size_t cap = 1024, k = 0;
    subobs *v = malloc(cap * sizeof *v);
    if (!v)
        return FAKT_ENOMEM;
    for (size_t i = 0; i < n; i++) {
        if (use && !use[i])
            continue;
        const tdoc *d = &docs[i];
        /* gold carries subtypes in src->gold; map them through token spans */
        for (size_t g = 0; g < d->src->ngold; g++) {
            const fakt_ner_gspan *gs = &d->src->gold[g];
            if (gs->type != FAKT_LOC || !gs->sub)
                continue;
            fakt_ner_tspan ts;
            if (fakt_ner_gold_tokens(&d->seg, gs, 1, 0, &ts) != 1)
                continue;
            if (k == cap) {
                subobs *nv = realloc(v, (cap *= 2) * sizeof *v);
                if (!nv) {
                    free(v);
                    return FAKT_ENOMEM;
                }
                v = nv;
            }
            v[k].key = fakt_ner_span_key(&d->f, ts.t0, ts.t1);
            v[k].sub = gs->sub;
            k++;
        }
    }
    qsort(v, k, sizeof *v, cmp_subobs);
    for (size_t i = 0; i < k;) {
        size_t j = i;
        unsigned cnt[FAKT_SUB_COUNT] = {0};
        while (j < k && v[j].key == v[i].key)
            cnt[v[j].sub < FAKT_SUB_COUNT ? v[j].sub : 0]++, j++;
        unsigned best = 1;
        for (unsigned s = 2; s < FAKT_SUB_COUNT; s++)
            if (cnt[s] > cnt[best])
                best = s;
        if (fakt_ner_htab_put(sub, v[i].key, best, 0) != FAKT_OK) {
            free(v);
            return FAKT_ENOMEM;
        }
        i = j;
    }
    free(v);
    return FAKT_OK;
}

/* ---- shared setup -------------------------------------------------------------- */

typedef struct setup {
    fakt_ner_corpus fre, nerel;
    fakt_ner_htab lex, gaz;
    fakt_ner_htab silv; /* silver statistics of the last first-round model */
    char *unl;          /* unlabeled news for them (silver.c), or NULL */
    size_t unl_len;
    fakt_dict *dict;
    fakt_model m;
    fakt_ner_corpus aug; /* case-transformed copies for training */
    tdoc *docs; /* fre docs first, then nerel, then the copies */
    size_t ndocs, nfre, nreal;
    size_t *orig; /* per doc: the real document it is (a copy of) */
} setup;

static void setup_free(setup *s)
{
    free_docs(s->docs, s->ndocs);
    fakt_ner_corpus_free(&s->fre);
    fakt_ner_corpus_free(&s->nerel);
    fakt_ner_corpus_free(&s->aug);
    free(s->orig);
    fakt_ner_htab_free(&s->lex);
    fakt_ner_htab_free(&s->gaz);
    fakt_ner_htab_free(&s->silv);
    free(s->unl);
    fakt_dict_free(s->dict);
    memset(s, 0, sizeof *s);
}

/* Changes the case of ASCII and Russian letters in place (code points and
 * byte lengths stay, so gold offsets stay valid): how = 1 lower, 2 upper. */
static void recase(char *t, size_t n, int how)
{
    size_t i = 0;
    while (i < n) {
        size_t k = i;
        uint32_t c = fakt_utf8_next(t, n, &i), d = c;
        if (how == 1) {
            if (c >= 'A' && c <= 'Z')
                d = c + 32;
            else if (c >= 0x410 && c <= 0x42F)
                d = c + 0x20;
            else if (c >= 0x400 && c <= 0x40F)
                d = c + 0x50;
        } else {
            if (c >= 'a' && c <= 'z')
                d = c - 32;
            else if (c >= 0x430 && c <= 0x44F)
                d = c - 0x20;
            else if (c >= 0x450 && c <= 0x45F)
                d = c - 0x50;
        }
        if (d != c) {
            char buf[4];
            if (fakt_utf8_encode(d, buf) == i - k)
                memcpy(t + k, buf, i - k);
        }
    }
}

/* Adds a case-transformed copy of src to the augmentation corpus. */
static int add_copy(fakt_ner_corpus *c, const fakt_ner_doc *src, int how)
{
    fakt_ner_doc d = *src;
    d.name = strdup(src->name);
    d.text = malloc(src->len + 1);
    d.gold = malloc((src->ngold + 1) * sizeof *d.gold);
    if (!d.name || !d.text || !d.gold) {
        free(d.name), free(d.text), free(d.gold);
        return FAKT_ENOMEM;
    }
    memcpy(d.text, src->text, src->len + 1);
    memcpy(d.gold, src->gold, src->ngold * sizeof *d.gold);
    recase(d.text, d.len, how);
    if (fakt_ner_corpus_add(c, &d) != FAKT_OK) {
        free(d.name), free(d.text), free(d.gold);
        return FAKT_ENOMEM;
    }
    return FAKT_OK;
}

static int setup_load(const fakt_ner_train_opts *o, setup *s, int want_fre, fakt_error *err)
{
    char path[4096];
    int rc;
    memset(s, 0, sizeof *s);
    clock_t t0 = clock();
    if (o->dict_dir && fakt_dict_open(o->dict_dir, &s->dict, NULL) != FAKT_OK) {
        s->dict = NULL;
        logf_(o, "note: no morphology dictionary at %s; training without morphology", o->dict_dir);
    }
    if (o->isodir) {
        size_t ng = fakt_ner_gaz_isocodes(o->isodir, &s->gaz);
        logf_(o, "gazetteer: %zu iso-codes names, %u stems", ng, s->gaz.n);
    }
    if (o->clusters) {
        fakt_error e2;
        if (fakt_ner_read_clusters(o->clusters, &s->lex, &e2) == FAKT_OK)
            logf_(o, "clusters: %u words from %s", s->lex.n, o->clusters);
        else
            logf_(o, "note: %s; training without clusters", e2.msg);
    }
    if (o->wordstats) {
        fakt_error e2;
        long nw = fakt_ner_read_wordstats(o->wordstats, &s->lex, &e2);
        if (nw >= 0)
            logf_(o, "word statistics: %ld words from %s", nw, o->wordstats);
        else
            logf_(o, "note: %s; training without word statistics", e2.msg);
    }
    if (o->unlabeled) {
        fakt_error e2;
        clock_t u0 = clock();
        size_t maxb = o->unlabeled_mb > (SIZE_MAX >> 21) ? 0 : o->unlabeled_mb << 20; /* absurd: all */
        if (fakt_ner_silver_read(o->unlabeled, maxb, &s->unl, &s->unl_len, &e2) == FAKT_OK)
            logf_(o, "unlabeled news: %.1f MB from %s (%.1f s)", (double)s->unl_len / (1 << 20), o->unlabeled,
                  (double)(clock() - u0) / CLOCKS_PER_SEC);
        else
            logf_(o, "note: %s; training without silver statistics", e2.msg);
        if (s->unl && !s->unl_len) {
            free(s->unl);
            s->unl = NULL;
        }
    }
    if (want_fre) {
        snprintf(path, sizeof path, "%s/factrueval-2016/devset", o->corpora);
        if ((rc = fakt_ner_read_factru(path, &s->fre, err)) != FAKT_OK)
            return rc;
    }
    static const char *const parts[] = {"train", "dev"};
    for (int p = 0; p < 2; p++) {
        snprintf(path, sizeof path, "%s/nerel-1.1/%s", o->corpora, parts[p]);
        if ((rc = fakt_ner_read_nerel(path, &s->nerel, err)) != FAKT_OK)
            return rc;
    }
    s->m.nbits = o->nbits;
    s->m.mask = ((uint32_t)1 << o->nbits) - 1;
    s->m.featset = FAKT_NER_FEATSET;
    s->m.lex.slots = s->lex.slots, s->m.lex.mask = s->lex.cap ? s->lex.cap - 1 : 0;
    s->m.gaz.slots = s->gaz.slots, s->m.gaz.mask = s->gaz.cap ? s->gaz.cap - 1 : 0;
    if (o->eval_case)
        for (size_t i = 0; i < s->fre.n; i++)
            recase(s->fre.docs[i].text, s->fre.docs[i].len, o->eval_case);
    s->nfre = s->fre.n;
    s->nreal = s->fre.n + s->nerel.n;
    /* Robustness to headlines in capitals and to lowercase text: a quarter
     * of the documents are also seen lowercased, an eighth in capitals. */
    size_t *aorig = malloc((s->nreal + 1) * sizeof *aorig);
    if (!aorig)
        return fakt_err(err, FAKT_ENOMEM, "out of memory");
    for (size_t i = 0; o->augment && i < s->nreal; i++) {
        const fakt_ner_doc *src = i < s->nfre ? &s->fre.docs[i] : &s->nerel.docs[i - s->nfre];
        for (int how = 1; how <= 2; how++)
            if (i % (how == 1 ? 4 : 8) == (how == 1 ? 1u : 3u)) {
                if (add_copy(&s->aug, src, how) != FAKT_OK) {
                    free(aorig);
                    return fakt_err(err, FAKT_ENOMEM, "out of memory");
                }
                aorig[s->aug.n - 1] = i;
            }
    }
    s->ndocs = s->nreal + s->aug.n;
    s->docs = calloc(s->ndocs + 1, sizeof *s->docs);
    s->orig = malloc((s->ndocs + 1) * sizeof *s->orig);
    if (!s->docs || !s->orig) {
        free(aorig);
        return fakt_err(err, FAKT_ENOMEM, "out of memory");
    }
    for (size_t i = 0; i < s->ndocs; i++)
        s->orig[i] = i < s->nreal ? i : aorig[i - s->nreal];
    free(aorig);
    size_t ntok = 0, nsp = 0, ngs = 0;
    for (size_t i = 0; i < s->ndocs; i++) {
        const fakt_ner_doc *src = i < s->nfre ? &s->fre.docs[i]
                                  : i < s->nreal ? &s->nerel.docs[i - s->nfre]
                                                 : &s->aug.docs[i - s->nreal];
        if ((rc = prepare(&s->m, s->dict, src, &s->docs[i], 1, err)) != FAKT_OK)
            return rc;
        ntok += s->docs[i].seg.ntok;
        nsp += s->docs[i].ngold + s->docs[i].ngoldp;
        ngs += src->ngold;
    }
    logf_(o, "corpora: %zu factRuEval + %zu NEREL documents (+%zu case copies), %zu tokens, %zu/%zu gold spans on token boundaries (%.1f s)",
          s->fre.n, s->nerel.n, s->aug.n, ntok, nsp, ngs, (double)(clock() - t0) / CLOCKS_PER_SEC);
    return FAKT_OK;
}

/* ---- evaluation ---------------------------------------------------------------- */

static const fakt_ner_train_opts *show_errors;

/* Names of the types as the tables print them; 0 = position phrases. */
static const char *const type_names[4] = {"PROF", "PER", "LOC", "ORG"};

/* Prints gold spans missed and predicted spans not in gold (--errors). */
static void dump_errors(const tdoc *d, const fakt_ner_tspan *pred, size_t np)
{
    for (int side = 0; side < 2; side++) {
        const fakt_ner_tspan *a = side ? pred : d->gold, *b = side ? d->gold : pred;
        size_t na = side ? np : d->ngold, nb = side ? d->ngold : np;
        for (size_t i = 0; i < na; i++) {
            int hit = 0;
            for (size_t j = 0; j < nb && !hit; j++)
                hit = a[i].t0 == b[j].t0 && a[i].t1 == b[j].t1 && a[i].type == b[j].type;
            if (hit)
                continue;
            const fakt_token *t0 = &d->seg.toks[a[i].t0], *t1 = &d->seg.toks[a[i].t1 - 1];
            uint32_t c0 = a[i].t0 >= 3 ? d->seg.toks[a[i].t0 - 3].b0 : d->seg.toks[0].b0;
            uint32_t c1 = a[i].t1 + 2 < d->seg.ntok ? d->seg.toks[a[i].t1 + 2].b1 : t1->b1;
            logf_(show_errors, "%s %s %-4s [%.*s]   ...%.*s...", side ? "FP" : "FN", d->src->name,
                  type_names[a[i].type & 3], (int)(t1->b1 - t0->b0), d->src->text + t0->b0, (int)(c1 - c0),
                  d->src->text + c0);
        }
    }
}

/* Tags d exactly as the library does (fakt_ner_tag) and counts. */
static void eval_doc(const fakt_model *m, const fakt_dict *dict, const tdoc *d, fakt_ner_counts c[4])
{
    uint32_t nt = d->seg.ntok;
    fakt_arena a;
    fakt_arena_init(&a);
    fakt_ner_out out;
    if (fakt_ner_tag(m, dict, d->src->text, &d->seg, &a, &out, NULL) == FAKT_OK) {
        fakt_ner_tspan *pred = malloc((out.nents + out.nprofs + 1) * sizeof *pred);
        if (pred) {
            /* The flat layer only: gold is flat too (naeval drops overlaps). */
            uint32_t np = 0;
            for (uint32_t i = 0; i < out.nents; i++)
                if (!out.ents[i].depth)
                    pred[np++] = (fakt_ner_tspan){out.ents[i].t0, out.ents[i].t1, out.ents[i].type};
            fakt_ner_score(nt, d->gold, d->ngold, pred, np, c);
            if (show_errors)
                dump_errors(d, pred, np);
            if (d->src->has_prof) {
                fakt_ner_counts pc[4];
                memset(pc, 0, sizeof pc);
                for (uint32_t i = 0; i < out.nprofs; i++)
                    pred[i] = (fakt_ner_tspan){out.profs[i].t0, out.profs[i].t1, 0};
                fakt_ner_score(nt, d->goldp, d->ngoldp, pred, out.nprofs, pc);
                c[0].tok_tp += pc[0].tok_tp, c[0].tok_fp += pc[0].tok_fp, c[0].tok_fn += pc[0].tok_fn;
                c[0].sp_tp += pc[0].sp_tp, c[0].sp_fp += pc[0].sp_fp, c[0].sp_fn += pc[0].sp_fn;
            }
            free(pred);
        }
    }
    fakt_arena_free(&a);
}

static void eval_docs(const fakt_model *m, const fakt_dict *dict, const tdoc *docs, size_t n,
                      const uint8_t *sel, fakt_ner_counts c[4])
{
    for (size_t i = 0; i < n; i++)
        if (!sel || sel[i])
            eval_doc(m, dict, &docs[i], c);
}

static double ratio(uint64_t a, uint64_t b) { return b ? (double)a / (double)b : 0.0; }

static void print_table(const fakt_ner_train_opts *o, const char *title, const fakt_ner_counts c[4],
                        int with_prof)
{
    logf_(o, "%s", title);
    logf_(o, "  type   naeval-token  P      R      F1    | exact-span  P      R      F1    | gold spans");
    for (int t = 1; t <= 4; t++) {
        int ty = t == 4 ? 0 : t;
        if (ty == 0 && !with_prof)
            continue;
        const fakt_ner_counts *k = &c[ty];
        double tp = ratio(k->tok_tp, k->tok_tp + k->tok_fp), tr = ratio(k->tok_tp, k->tok_tp + k->tok_fn);
        double sp = ratio(k->sp_tp, k->sp_tp + k->sp_fp), sr = ratio(k->sp_tp, k->sp_tp + k->sp_fn);
        logf_(o, "  %-4s                %.3f  %.3f  %.3f |             %.3f  %.3f  %.3f | %llu",
              type_names[ty], tp, tr, tp + tr > 0 ? 2 * tp * tr / (tp + tr) : 0, sp, sr,
              sp + sr > 0 ? 2 * sp * sr / (sp + sr) : 0, (unsigned long long)(k->sp_tp + k->sp_fn));
    }
}

/* ---- silver statistics (silver.c) ------------------------------------------ */

/* Extracts every document's features again with m, whose tables changed. */
static int reprepare(setup *s, const fakt_model *m, fakt_error *err)
{
    for (size_t i = 0; i < s->ndocs; i++) {
        const fakt_ner_doc *src = s->docs[i].src;
        fakt_arena_free(&s->docs[i].arena);
        int rc = prepare(m, s->dict, src, &s->docs[i], 1, err);
        if (rc != FAKT_OK)
            return rc;
    }
    return FAKT_OK;
}

/* Points the training model at the current silver table and extracts the
 * features again, since they read it. */
static int use_silver(setup *s, fakt_error *err)
{
    s->m.silv.slots = s->silv.cap ? s->silv.slots : NULL;
    s->m.silv.mask = s->silv.cap ? s->silv.cap - 1 : 0;
    return reprepare(s, &s->m, err);
}

/* Trains on the documents use selects (NULL: all).  With unlabeled news,
 * in two rounds: the first model tags the news, and what it found there
 * (silver.c) is a feature of the second, the one returned in t. */
static int train_full(const fakt_ner_train_opts *o, setup *s, const uint8_t *use, trainer *t,
                      fakt_error *err)
{
    int rc;
    if (!s->unl)
        return train_model(o, &s->m, s->docs, s->ndocs, use, s->orig, t, err);
    if (s->silv.cap) { /* the table of an earlier fold: not for this one */
        fakt_ner_htab_free(&s->silv);
        if ((rc = use_silver(s, err)) != FAKT_OK)
            return rc;
    }
    if ((rc = train_model(o, &s->m, s->docs, s->ndocs, use, s->orig, t, err)) != FAKT_OK)
        return rc;
    for (int round = 0; round < (o->silver_rounds > 0 ? o->silver_rounds : 1); round++) {
        clock_t t0 = clock();
        bind(&s->m, t);
        s->m.sub = (fakt_ner_table){NULL, 0}; /* subtypes do not matter here */
        size_t ntok = 0;
        fakt_ner_htab nt = {0};
        rc = fakt_ner_silver_build(&s->m, s->dict, s->unl, s->unl_len, 2, 2, &nt, &ntok, err);
        trainer_free(t);
        if (rc != FAKT_OK)
            return rc;
        fakt_ner_htab_free(&s->silv);
        s->silv = nt;
        logf_(o, "silver statistics: %u forms from %zu tokens of unlabeled news (%.1f s CPU)", s->silv.n, ntok,
              (double)(clock() - t0) / CLOCKS_PER_SEC);
        if ((rc = use_silver(s, err)) != FAKT_OK)
            return rc;
        if ((rc = train_model(o, &s->m, s->docs, s->ndocs, use, s->orig, t, err)) != FAKT_OK)
            return rc;
    }
    return FAKT_OK;
}

/* ---- entry points ------------------------------------------------------------ */

static int finish_model(setup *s, tdoc *docs, size_t n, const uint8_t *use, fakt_ner_htab *sub)
{
    memset(sub, 0, sizeof *sub);
    int rc = build_subtypes(docs, n, use, sub);
    s->m.sub.slots = sub->slots;
    s->m.sub.mask = sub->cap ? sub->cap - 1 : 0;
    return rc;
}

/* The word table is computed from the weights as the file stores them
 * (quantized), so the model is written, opened, and written again with it. */
static int add_word_table(const fakt_ner_train_opts *o, const fakt_dict *dict, const char *path,
                          fakt_ner_blob *b, fakt_error *err)
{
    fakt_model *m;
    int rc = fakt_model_open(path, &m, err);
    if (rc != FAKT_OK)
        return rc;
    unsigned char *sect;
    size_t n, nw;
    rc = fakt_ner_words_build(m, dict, o->forms, o->nforms, o->nforms / 2 + 15000, &sect, &n, &nw, err);
    fakt_model_free(m);
    if (rc != FAKT_OK)
        return rc;
    logf_(o, "word table: %zu forms from %s, %.1f MB", nw, o->forms, (double)n / (1 << 20));
    b->words = sect, b->words_size = n;
    rc = fakt_ner_model_write(path, b, err);
    free(sect);
    b->words = NULL, b->words_size = 0;
    return rc;
}

int fakt_ner_train(const fakt_ner_train_opts *o, const char *out_path, fakt_error *err)
{
    setup s;
    int rc = setup_load(o, &s, !o->nerel_only, err);
    if (rc != FAKT_OK) {
        setup_free(&s);
        return rc;
    }
    clock_t t0 = clock();
    trainer t;
    rc = train_full(o, &s, NULL, &t, err);
    fakt_ner_htab sub = {0};
    if (rc == FAKT_OK)
        rc = finish_model(&s, s.docs, s.ndocs, NULL, &sub) == FAKT_OK ? FAKT_OK
             : fakt_err(err, FAKT_ENOMEM, "out of memory");
    if (rc == FAKT_OK) {
        logf_(o, "trained in %.1f s", (double)(clock() - t0) / CLOCKS_PER_SEC);
        apply_biases(o, t.te);
        fakt_ner_blob b = {o->nbits, FAKT_NER_FEATSET, t.w, t.te, t.tp,
                           s.lex.slots, s.gaz.slots, sub.slots, s.lex.cap, s.gaz.cap, sub.cap, NULL, 0,
                           s.silv.cap ? s.silv.slots : NULL, s.silv.cap};
        rc = fakt_ner_model_write(out_path, &b, err);
        if (rc == FAKT_OK && o->forms && o->nforms)
            rc = add_word_table(o, s.dict, out_path, &b, err);
        if (rc == FAKT_OK)
            logf_(o, "wrote %s", out_path);
    }
    trainer_free(&t);
    fakt_ner_htab_free(&sub);
    setup_free(&s);
    return rc;
}

/* --bias-sweep "TYPE:v,v,...": the type (1..3; 4..6 for "TYPE+:", the
 * continuation bias) and up to 8 values; 0 when absent or malformed. */
#define MAX_SWEEP 8
static int parse_sweep(const char *spec, float *v, int *nv)
{
    *nv = 0;
    if (!spec)
        return 0;
    int type = 0, plus = 0;
    for (int k = 1; k <= 3; k++)
        if (!strncmp(spec, type_names[k], 3) && (spec[3] == ':' || (spec[3] == '+' && spec[4] == ':')))
            type = k, plus = spec[3] == '+';
    if (!type)
        return 0;
    const char *p = spec + 4 + plus;
    while (*p && *nv < MAX_SWEEP) {
        char *end;
        v[(*nv)++] = strtof(p, &end);
        if (end == p)
            return 0;
        if (*end && *end != ',')
            return 0;
        p = *end == ',' ? end + 1 : end;
    }
    return *nv && !*p ? type + 3 * plus : 0;
}

/* Scores the factRuEval documents sel picks with each swept entry bias in
 * turn (the model's transitions restored after). */
static void sweep_eval(const fakt_ner_train_opts *o, setup *s, trainer *t, const uint8_t *sel, int type,
                       const float *v, int nv, fakt_ner_counts (*c)[4])
{
    float saved[sizeof t->te / sizeof t->te[0]];
    memcpy(saved, t->te, sizeof saved);
    for (int k = 0; k < nv; k++) {
        if (type > 3)
            cont_bias(t->te, type - 3, v[k] - o->cont[type - 3]);
        else
            entry_bias(t->te, type, v[k] - o->bias[type]);
        eval_docs(&s->m, s->dict, s->docs, s->nfre, sel, c[k]);
        memcpy(t->te, saved, sizeof saved);
    }
}

static void print_sweep(const fakt_ner_train_opts *o, const char *what, int type, const float *v, int nv,
                        fakt_ner_counts (*c)[4])
{
    char title[256];
    for (int k = 0; k < nv; k++) {
        snprintf(title, sizeof title, "%s, %s %s bias %.2f", what, type_names[type > 3 ? type - 3 : type],
                 type > 3 ? "continuation" : "entry", (double)v[k]);
        print_table(o, title, c[k], 0);
    }
}

/* A trained model scored on the factRuEval devset (recased with --case) or
 * on marked text (fakt_ner_read_marked): every document tagged as the
 * library does, with the model's own tables. */
static int eval_model(const fakt_ner_train_opts *o, const char *model_path, fakt_error *err)
{
    fakt_model *m = NULL;
    fakt_dict *d = NULL;
    fakt_ner_corpus c = {0};
    int rc = fakt_model_open(model_path, &m, err);
    if (rc == FAKT_OK && o->dict_dir && fakt_dict_open(o->dict_dir, &d, NULL) != FAKT_OK)
        logf_(o, "note: no morphology dictionary at %s; tagging without morphology", o->dict_dir);
    char path[4096];
    snprintf(path, sizeof path, "%s/factrueval-2016/devset", o->corpora);
    if (rc == FAKT_OK)
        rc = o->marked ? fakt_ner_read_marked(o->marked, &c, err) : fakt_ner_read_factru(path, &c, err);
    for (size_t i = 0; rc == FAKT_OK && !o->marked && o->eval_case && i < c.n; i++)
        recase(c.docs[i].text, c.docs[i].len, o->eval_case);
    tdoc *docs = rc == FAKT_OK ? calloc(c.n + 1, sizeof *docs) : NULL;
    if (rc == FAKT_OK && !docs)
        rc = fakt_err(err, FAKT_ENOMEM, "out of memory");
    size_t n = 0;
    for (; rc == FAKT_OK && n < c.n; n++)
        rc = prepare(m, d, &c.docs[n], &docs[n], 0, err);
    if (rc == FAKT_OK) {
        fakt_ner_counts k[4];
        memset(k, 0, sizeof k);
        show_errors = o->show_errors ? o : NULL;
        eval_docs(m, d, docs, c.n, NULL, k);
        show_errors = NULL;
        /* Base names: the table reads the same from any checkout. */
        const char *mb = strrchr(model_path, '/'), *tb = o->marked ? strrchr(o->marked, '/') : NULL;
        char title[512];
        if (o->marked)
            snprintf(title, sizeof title, "model %s on %s (%zu marked docs)", mb ? mb + 1 : model_path,
                     tb ? tb + 1 : o->marked, c.n);
        else
            snprintf(title, sizeof title, "model %s on factRuEval devset (%zu docs%s; in-sample if trained on it)",
                     mb ? mb + 1 : model_path, c.n,
                     o->eval_case == 1 ? ", lowercased" : o->eval_case == 2 ? ", in capitals" : "");
        print_table(o, title, k, 0);
    }
    for (size_t i = 0; i < n; i++)
        fakt_arena_free(&docs[i].arena);
    free(docs);
    fakt_ner_corpus_free(&c);
    fakt_dict_free(d);
    fakt_model_free(m);
    return rc;
}

/* Scores one fold's model on the documents sel picks: factRuEval into cf,
 * NEREL into cn. */
static void eval_fold(const fakt_ner_train_opts *o, const fakt_model *m, const setup *s, const uint8_t *sel,
                      fakt_ner_counts cf[4], fakt_ner_counts cn[4])
{
    show_errors = o->show_errors ? o : NULL;
    eval_docs(m, s->dict, s->docs, s->nfre, sel, cf);
    show_errors = NULL;
    eval_docs(m, s->dict, s->docs + s->nfre, s->nreal - s->nfre, sel + s->nfre, cn);
}

int fakt_ner_evaluate(const fakt_ner_train_opts *o, int cv, const char *model_path, fakt_error *err)
{
    if (o->marked || model_path)
        return eval_model(o, model_path, err);
    setup s;
    int rc;
    char title[256];
    float sv[MAX_SWEEP];
    int nsv, stype = parse_sweep(o->bias_sweep, sv, &nsv);
    if (o->bias_sweep && !stype)
        return fakt_err(err, FAKT_EINVAL, "--bias-sweep %s: expected PER|LOC|ORG[+]:v,v,... (at most %d values)",
                        o->bias_sweep, MAX_SWEEP);
    if ((rc = setup_load(o, &s, 1, err)) != FAKT_OK) {
        setup_free(&s);
        return rc;
    }
    uint8_t *use = calloc(s.ndocs + 1, 1), *sel = calloc(s.ndocs + 1, 1);
    if (!use || !sel) {
        free(use), free(sel);
        setup_free(&s);
        return fakt_err(err, FAKT_ENOMEM, "out of memory");
    }
    trainer t;
    fakt_ner_htab sub;
    fakt_ner_counts csw[MAX_SWEEP][4];
    memset(csw, 0, sizeof csw);
    if (!cv) { /* NEREL only → factRuEval */
        for (size_t i = 0; i < s.ndocs; i++)
            use[i] = s.orig[i] >= s.nfre;
        rc = train_full(o, &s, use, &t, err);
        if (rc == FAKT_OK && (rc = finish_model(&s, s.docs, s.ndocs, use, &sub)) == FAKT_OK) {
            fakt_ner_counts c[4];
            memset(c, 0, sizeof c);
            bind(&s.m, &t);
            apply_biases(o, t.te);
            show_errors = o->show_errors ? o : NULL;
            eval_docs(&s.m, s.dict, s.docs, s.nfre, NULL, c);
            show_errors = NULL;
            if (stype)
                sweep_eval(o, &s, &t, NULL, stype, sv, nsv, csw);
            snprintf(title, sizeof title, "trained on NEREL (%zu docs), tested on factRuEval devset (%zu docs%s)",
                     s.nreal - s.nfre, s.nfre,
                     o->eval_case == 1 ? ", lowercased" : o->eval_case == 2 ? ", in capitals" : "");
            print_table(o, title, c, 0);
            if (stype)
                print_sweep(o, "trained on NEREL, tested on factRuEval", stype, sv, nsv, csw);
            fakt_ner_htab_free(&sub);
        }
        trainer_free(&t);
    } else {
        /* Folds: each corpus shuffled by the seed and dealt round-robin. */
        int *fold = malloc((s.ndocs + 1) * sizeof *fold);
        size_t *ord = malloc((s.ndocs + 1) * sizeof *ord);
        fakt_ner_counts cf[4], cn[4];
        memset(cf, 0, sizeof cf);
        memset(cn, 0, sizeof cn);
        uint64_t rs = o->seed * 0x2545F4914F6CDD1Dull + 7;
        for (size_t i = 0; i < s.nreal; i++)
            ord[i] = i;
        shuffle(ord, s.nfre, &rs);
        shuffle(ord + s.nfre, s.nreal - s.nfre, &rs);
        for (size_t i = 0; i < s.nfre; i++)
            fold[ord[i]] = (int)(i % (size_t)cv);
        for (size_t i = s.nfre; i < s.nreal; i++)
            fold[ord[i]] = (int)((i - s.nfre) % (size_t)cv);
        for (int k = 0; k < cv && rc == FAKT_OK; k++) {
            /* A case copy goes with its document: never trained on when
             * that document is tested. */
            for (size_t i = 0; i < s.ndocs; i++)
                use[i] = fold[s.orig[i]] != k, sel[i] = i < s.nreal && fold[i] == k;
            logf_(o, "fold %d/%d", k + 1, cv);
            char fpath[4096];
            fakt_model *fm = NULL;
            if (o->folds_dir) {
                snprintf(fpath, sizeof fpath, "%s/fold-%d-of-%d-seed-%llu.fkm", o->folds_dir, k + 1, cv,
                         (unsigned long long)o->seed);
                if (access(fpath, R_OK) == 0) { /* kept by an earlier run */
                    if ((rc = fakt_model_open(fpath, &fm, err)) != FAKT_OK)
                        break;
                    logf_(o, "scoring %s", fpath);
                    eval_fold(o, fm, &s, sel, cf, cn);
                    fakt_model_free(fm);
                    continue;
                }
            }
            if ((rc = train_full(o, &s, use, &t, err)) != FAKT_OK)
                break;
            if ((rc = finish_model(&s, s.docs, s.ndocs, use, &sub)) == FAKT_OK) {
                bind(&s.m, &t);
                apply_biases(o, t.te);
                if (o->folds_dir) { /* scored as the file holds it, quantized */
                    fakt_ner_blob b = {o->nbits, FAKT_NER_FEATSET, t.w, t.te, t.tp, s.lex.slots, s.gaz.slots,
                                       sub.slots, s.lex.cap, s.gaz.cap, sub.cap, NULL, 0,
                                       s.silv.cap ? s.silv.slots : NULL, s.silv.cap};
                    if ((rc = fakt_ner_model_write(fpath, &b, err)) == FAKT_OK)
                        rc = fakt_model_open(fpath, &fm, err);
                }
                if (rc == FAKT_OK)
                    eval_fold(o, fm ? fm : &s.m, &s, sel, cf, cn);
                fakt_model_free(fm);
                if (rc == FAKT_OK && stype)
                    sweep_eval(o, &s, &t, sel, stype, sv, nsv, csw);
                fakt_ner_htab_free(&sub);
            }
            trainer_free(&t);
        }
        if (rc == FAKT_OK) {
            snprintf(title, sizeof title, "%d-fold cross-validation, factRuEval folds (%zu docs)", cv, s.nfre);
            print_table(o, title, cf, 0);
            snprintf(title, sizeof title, "%d-fold cross-validation, NEREL folds (%zu docs, reconciled gold)", cv,
                     s.nreal - s.nfre);
            print_table(o, title, cn, 1);
            if (stype)
                print_sweep(o, "cross-validation, factRuEval folds", stype, sv, nsv, csw);
        }
        free(fold);
        free(ord);
    }
    free(use), free(sel);
    setup_free(&s);
    return rc;
}

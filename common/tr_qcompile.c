/*
 * tr_qcompile — the parsed query, as Xapian terms (the language is in
 * tr_qparse.h, the terms in tr_schema.h).
 *
 * Words go through the same tokenizer as the documents, so a typed word
 * is keyed exactly as the indexer keyed it; a typed word that splits into
 * several tokens (kinh-tế, COVID-19) becomes a phrase of them.
 *
 * Which key a word searches: the exact key (unprefixed) when the mode is
 * exact, or auto and the word carries marks; otherwise the folded key
 * (XF).  Only folded keys carry positions (the indexer's choice, for size
 * and speed), so a phrase is a phrase of folded keys ANDed with the exact
 * keys of its words that search exactly: "giải phóng" is the folded phrase
 * "giai phong" in a document that has both "giải" and "phóng" - the same
 * documents in all but contrived cases.  Mode fold with a marked word searches the folded key but adds
 * the exact key as an optional (AND_MAYBE) part, so that documents
 * spelled as typed rank first.  Each word also matches its title term
 * (S/XFS) and, when foreign, its English stem (Z).
 *
 * Ranking: plain words are ANDed, and the same words as a phrase are an
 * optional extra (AND_MAYBE), so documents where they stand together rank
 * first.  Fields are boolean filters scaled to weight 0; negations are
 * AND_NOT.
 */
#include "config.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tr_buf.h"
#include "tr_cite.h"
#include "tr_meta.h"
#include "tr_normalize.h"
#include "tr_i18n.h"
#include "tr_qparse_int.h"
#include "tr_schema.h"
#include "tr_tokenize.h"

#define OOM ((tr_query *)0)

typedef struct {
    tr_mode mode;
    tr_tokenizer *tk;
    tr_qerror *err;
    int failed;          /* -1 semantic error, -2 out of memory */
} cctx;

static tr_query *term(const char *prefix, const char *key, unsigned wqf)
{
    char buf[TR_TERM_MAX + 8];
    size_t pl = strlen(prefix), kl = strlen(key);
    if (pl + kl > TR_TERM_MAX)
        kl = TR_TERM_MAX - pl;
    memcpy(buf, prefix, pl);
    memcpy(buf + pl, key, kl);
    return tr_q_term(buf, pl + kl, wqf);
}

static tr_query *pair(tr_op op, tr_query *a, tr_query *b)
{
    tr_query *v[2] = {a, b};
    return tr_q_combine(op, v, 2, 0);
}

/* ---- words ---- */

typedef struct {
    char *exact, *folded, *stem;
    int marks;
} qtok;

typedef struct {
    qtok *v;
    size_t n;
    char canon[TR_CANON_MAX];   /* set when the word is a document number */
} qtoks;

static void qtoks_free(qtoks *t)
{
    for (size_t i = 0; i < t->n; i++) {
        free(t->v[i].exact);
        free(t->v[i].folded);
        free(t->v[i].stem);
    }
    free(t->v);
    memset(t, 0, sizeof *t);
}

/* Tokens of a typed word (or a phrase's words joined by spaces). */
static int tokens(tr_tokenizer *tk, const char *s, int allow_number, qtoks *out)
{
    memset(out, 0, sizeof *out);
    if (allow_number && tr_cite_canonical(s, out->canon) == 0)
        return 0;
    out->canon[0] = '\0';
    tr_token t;
    int r;
    size_t cap = 0;
    tr_tokenizer_reset(tk, s, strlen(s));
    while ((r = tr_tokenizer_next(tk, &t)) == 1) {
        if (t.flags & TR_TOKF_COMPOUND)
            continue;
        if (out->n == cap) {
            cap = cap ? cap * 2 : 4;
            qtok *v = realloc(out->v, cap * sizeof *v);
            if (!v)
                return -2;
            out->v = v;
        }
        qtok *q = &out->v[out->n];
        memset(q, 0, sizeof *q);
        out->n++;
        q->exact = strdup(t.exact);
        q->folded = strdup(t.folded);
        q->stem = t.stem ? strdup(t.stem) : NULL;
        q->marks = (t.flags & TR_TOKF_MARKS) != 0;
        if (!q->exact || !q->folded || (t.stem && !q->stem))
            return -2;
    }
    return r < 0 ? -2 : 0;
}

static int use_exact(tr_mode mode, const qtok *q)
{
    return mode == TR_MODE_EXACT || (mode == TR_MODE_AUTO && q->marks);
}

/* The positional term of a token in a phrase: always the folded key. */
static tr_query *pos_term(tr_mode mode, const qtok *q)
{
    (void)mode;
    return term(TR_PFX_FOLD, q->folded, 1);
}

/* One token as a free word: body and title, stem, exact-first in fold. */
static tr_query *word_q(tr_mode mode, const qtok *q)
{
    tr_query *w;
    if (use_exact(mode, q))
        w = pair(TR_OP_OR, term("", q->exact, 1), term(TR_PFX_TITLE, q->exact, 1));
    else
        w = pair(TR_OP_OR, term(TR_PFX_FOLD, q->folded, 1),
                 term(TR_PFX_TITLE_FOLD, q->folded, 1));
    if (mode == TR_MODE_FOLD && q->marks)
        w = pair(TR_OP_AND_MAYBE, w, term("", q->exact, 1));
    if (q->stem)
        w = pair(TR_OP_OR, w, term(TR_PFX_STEM, q->stem, 1));
    return w;
}

static tr_query *phrase_q(tr_mode mode, const qtoks *t, size_t from, size_t n)
{
    if (n == 1)
        return word_q(mode, &t->v[from]);
    tr_query **v = malloc((n + 1) * sizeof *v);
    if (!v)
        return OOM;
    for (size_t i = 0; i < n; i++)
        v[i] = pos_term(mode, &t->v[from + i]);
    tr_query *q = tr_q_combine(TR_OP_PHRASE, v, n, 0);
    /* the words that search exactly must be there as typed */
    size_t k = 0;
    v[k++] = q;
    for (size_t i = 0; i < n; i++)
        if (use_exact(mode, &t->v[from + i]))
            v[k++] = term("", t->v[from + i].exact, 1);
    q = k == 1 ? q : tr_q_combine(TR_OP_AND, v, k, 0);
    free(v);
    return q;
}

static tr_query *number_q(const char *canon)
{
    return pair(TR_OP_OR, term(TR_PFX_NUMBER, canon, 1), term(TR_PFX_CITE, canon, 1));
}

/* ---- fields ---- */

static tr_query *fail(cctx *c, const tr_qast *a, const char *fmt, const char *v)
{
    if (c->err) {
        c->err->pos = a->vpos;
        c->err->col = a->vcol;
        snprintf(c->err->msg, sizeof c->err->msg, tr_lmsg(fmt), v);
    }
    c->failed = -1;
    return NULL;
}

static int parse_year(const char *s, size_t n, unsigned *y)
{
    if (n != 4)
        return -1;
    *y = 0;
    for (size_t i = 0; i < 4; i++) {
        if (s[i] < '0' || s[i] > '9')
            return -1;
        *y = *y * 10 + (unsigned)(s[i] - '0');
    }
    return *y >= 1900 && *y <= 2100 ? 0 : -1;
}

static tr_query *year_q(cctx *c, const tr_qast *a, const char *v)
{
    unsigned lo, hi;
    const char *dots = strstr(v, "..");
    size_t n = strlen(v);
    if (dots) {
        if (parse_year(v, (size_t)(dots - v), &lo) || parse_year(dots + 2, strlen(dots + 2), &hi))
            return fail(c, a, "bad year range \"%s\" (want YYYY..YYYY, 1900..2100)", v);
    } else if (n == 9 && v[4] == '-') {
        if (parse_year(v, 4, &lo) || parse_year(v + 5, 4, &hi))
            return fail(c, a, "bad year range \"%s\" (want YYYY..YYYY, 1900..2100)", v);
    } else {
        if (parse_year(v, n, &lo))
            return fail(c, a, "bad year \"%s\" (want 1900..2100 or a range 2019..2021)", v);
        hi = lo;
    }
    if (hi < lo)
        return fail(c, a, "year range \"%s\" runs backwards", v);
    if (hi - lo >= 200)
        return fail(c, a, "year range \"%s\" spans more than 200 years", v);
    size_t k = hi - lo + 1;
    tr_query **t = malloc(k * sizeof *t);
    if (!t)
        return OOM;
    for (size_t i = 0; i < k; i++) {
        char y[8];
        snprintf(y, sizeof y, "%04u", (unsigned)(lo + i) % 10000);
        t[i] = term(TR_PFX_YEAR, y, 1);
    }
    tr_query *q = k == 1 ? t[0] : tr_q_combine(TR_OP_OR, t, k, 0);
    free(t);
    return q;
}

static tr_query *slug_term(const char *prefix, const char *name)
{
    char *s = tr_slug(name);
    if (!s)
        return OOM;
    tr_query *q = term(prefix, s, 1);
    free(s);
    return q;
}

static tr_query *field_q(cctx *c, const tr_qast *a)
{
    /* Unquoted values use hyphens for spaces (tinh:quang-ngai); numbers
     * keep them. */
    char *v = strdup(a->text);
    if (!v)
        return OOM;
    tr_query *q = NULL;
    char canon[TR_CANON_MAX];
    const tr_province *p;
    const char *name;
    switch (a->field) {
    case TRQ_F_PROVINCE:
        if (!(p = tr_province_find(v)))
            q = fail(c, a, "unknown province \"%s\"", v);
        else
            q = term(TR_PFX_PROVINCE, p->slug, 1);
        break;
    case TRQ_F_YEAR:
        q = year_q(c, a, v);
        break;
    case TRQ_F_BODY:
        name = tr_body_canonical(v);
        q = slug_term(TR_PFX_BODY, name ? name : v);
        break;
    case TRQ_F_TYPE:
        name = tr_type_canonical(v);
        q = slug_term(TR_PFX_TYPE, name ? name : v);
        break;
    case TRQ_F_NUMBER:
        if (tr_cite_canonical(v, canon) != 0)
            q = fail(c, a, "\"%s\" is not a document number (e.g. 43-CT/TW, 60/2013/NĐ-CP)", v);
        else
            q = term(TR_PFX_NUMBER, canon, 1);
        break;
    case TRQ_F_CITES: {
        char *at = strchr(v, '@');
        if (tr_cite_canonical(v, canon) != 0) {
            q = fail(c, a, "\"%s\" is not a document number (e.g. 43-CT/TW, 60/2013/NĐ-CP)", v);
            break;
        }
        if (at && at[1]) {
            const tr_province *sp = tr_province_find(at + 1);
            if (!sp) {
                q = fail(c, a, "unknown province in the scope of \"%s\"", v);
                break;
            }
            char scoped[TR_CANON_MAX + 64];
            if (tr_cite_scoped(canon, sp->slug, scoped, sizeof scoped) != 0) {
                q = fail(c, a, "document number \"%s\" too long", v);
                break;
            }
            q = term(TR_PFX_CITE, scoped, 1);
        } else {
            q = term(TR_PFX_CITE, canon, 1);
        }
        break;
    }
    default:
        q = fail(c, a, "unknown field in \"%s\"", v);
    }
    free(v);
    if (!q && !c->failed)
        c->failed = -2;
    return q ? tr_q_scale(0, q) : NULL;
}

/* ---- the tree ---- */

static tr_query *compile(cctx *c, const tr_qast *a);

static tr_query *word_node(cctx *c, const tr_qast *a)
{
    qtoks t;
    int r = tokens(c->tk, a->text, a->kind == TRQ_WORD, &t);
    tr_query *q = NULL;
    if (r) {
        c->failed = -2;
    } else if (t.canon[0]) {
        q = number_q(t.canon);
    } else if (t.n == 0) {
        q = tr_q_match_nothing();   /* the parser dropped pure punctuation */
    } else {
        q = phrase_q(c->mode, &t, 0, t.n);
    }
    qtoks_free(&t);
    if (!q && !c->failed)
        c->failed = -2;
    return q;
}

static tr_query *phrase_node(cctx *c, const tr_qast *a)
{
    tr_buf b = {0};
    for (size_t i = 0; i < a->n; i++)
        if ((i && tr_buf_addc(&b, ' ')) || tr_buf_adds(&b, a->kid[i]->text)) {
            tr_buf_free(&b);
            c->failed = -2;
            return NULL;
        }
    qtoks t;
    tr_query *q = NULL;
    if (tokens(c->tk, b.data, 0, &t))
        c->failed = -2;
    else if (t.n == 0)
        q = tr_q_match_nothing();
    else
        q = phrase_q(c->mode, &t, 0, t.n);
    qtoks_free(&t);
    tr_buf_free(&b);
    if (!q && !c->failed)
        c->failed = -2;
    return q;
}

/* The optional phrase over an AND's plain words, for ranking. */
static tr_query *adjacency_boost(cctx *c, const tr_qast *a)
{
    tr_buf b = {0};
    size_t words = 0;
    for (size_t i = 0; i < a->n; i++) {
        if (a->kid[i]->kind != TRQ_WORD)
            continue;
        if ((b.len && tr_buf_addc(&b, ' ')) || tr_buf_adds(&b, a->kid[i]->text)) {
            tr_buf_free(&b);
            return OOM;
        }
        words++;
    }
    tr_query *q = NULL;
    qtoks t;
    if (words >= 2 && tokens(c->tk, b.data, 0, &t) == 0) {
        if (t.n >= 2 && t.n <= 32) {
            tr_query **v = malloc(t.n * sizeof *v);
            if (v) {
                for (size_t i = 0; i < t.n; i++)
                    v[i] = pos_term(c->mode, &t.v[i]);
                q = tr_q_combine(TR_OP_PHRASE, v, t.n, 0);
                free(v);
            }
        }
        qtoks_free(&t);
    }
    tr_buf_free(&b);
    return q;
}

static tr_query *and_node(cctx *c, const tr_qast *a)
{
    tr_query **pos = calloc(a->n, sizeof *pos), **neg = calloc(a->n, sizeof *neg),
             **flt = calloc(a->n, sizeof *flt);
    size_t np = 0, nn = 0, nf = 0;
    tr_query *q = NULL;
    if (!pos || !neg || !flt) {
        c->failed = -2;
        goto out;
    }
    for (size_t i = 0; i < a->n && !c->failed; i++) {
        const tr_qast *k = a->kid[i];
        if (k->kind == TRQ_NOT)
            neg[nn++] = compile(c, k->kid[0]);
        else if (k->kind == TRQ_FIELD)
            flt[nf++] = compile(c, k);
        else
            pos[np++] = compile(c, k);
    }
    if (c->failed)
        goto out;
    if (np) {
        q = np == 1 ? pos[0] : tr_q_combine(TR_OP_AND, pos, np, 0);
        np = 0;
        tr_query *boost = adjacency_boost(c, a);
        if (boost)
            q = pair(TR_OP_AND_MAYBE, q, boost);
    }
    if (nf) {
        tr_query *f = nf == 1 ? flt[0] : tr_q_combine(TR_OP_AND, flt, nf, 0);
        nf = 0;
        q = q ? pair(TR_OP_FILTER, q, f) : f;
    }
    if (!q)
        q = tr_q_scale(0, tr_q_match_all());
    if (nn) {
        tr_query *n = nn == 1 ? neg[0] : tr_q_combine(TR_OP_OR, neg, nn, 0);
        nn = 0;
        q = pair(TR_OP_AND_NOT, q, n);
    }
    if (!q)
        c->failed = -2;
out:
    for (size_t i = 0; i < np; i++)
        tr_q_free(pos[i]);
    for (size_t i = 0; i < nn; i++)
        tr_q_free(neg[i]);
    for (size_t i = 0; i < nf; i++)
        tr_q_free(flt[i]);
    free(pos);
    free(neg);
    free(flt);
    return c->failed ? (tr_q_free(q), NULL) : q;
}

static tr_query *compile(cctx *c, const tr_qast *a)
{
    if (c->failed)
        return NULL;
    switch (a->kind) {
    case TRQ_WORD:
        return word_node(c, a);
    case TRQ_PHRASE:
        return phrase_node(c, a);
    case TRQ_FIELD:
        return field_q(c, a);
    case TRQ_AND:
        return and_node(c, a);
    case TRQ_NOT: {
        /* a lone NOT is refused by the parser; inside OR it means
         * "everything but" */
        tr_query *k = compile(c, a->kid[0]);
        return k ? pair(TR_OP_AND_NOT, tr_q_scale(0, tr_q_match_all()), k) : NULL;
    }
    case TRQ_OR: {
        tr_query **v = calloc(a->n, sizeof *v);
        if (!v) {
            c->failed = -2;
            return NULL;
        }
        size_t n = 0;
        for (; n < a->n && !c->failed; n++)
            v[n] = compile(c, a->kid[n]);
        tr_query *q = NULL;
        if (!c->failed)
            q = tr_q_combine(TR_OP_OR, v, n, 0);
        else
            for (size_t i = 0; i < n; i++)
                tr_q_free(v[i]);
        free(v);
        if (!q && !c->failed)
            c->failed = -2;
        return q;
    }
    }
    return NULL;
}

int tr_qcompile(const tr_qast *a, tr_mode mode, tr_query **out, tr_qerror *err)
{
    /* the thread's tokenizer: a new one zeroes a 256 KB cache, and a
     * query is compiled in each of up to three modes */
    int own;
    cctx c = {mode, tr_tokenizer_thread(&own), err, 0};
    *out = NULL;
    if (!c.tk)
        return -2;
    tr_query *q = compile(&c, a);
    tr_tokenizer_put(c.tk, own);
    if (c.failed) {
        tr_q_free(q);
        return c.failed;
    }
    *out = q;
    return q ? 0 : -2;
}

int tr_qfield_query(const char *field, const char *value, tr_query **out,
                    tr_qerror *err)
{
    tr_qast node;
    memset(&node, 0, sizeof node);
    *out = NULL;
    int f = trq_field_lookup(field, strlen(field));
    if (f < 0) {
        if (err) {
            err->pos = 0;
            err->col = 1;
            snprintf(err->msg, sizeof err->msg, tr_lmsg("unknown field \"%s\""), field);
        }
        return -1;
    }
    node.kind = TRQ_FIELD;
    node.field = (trq_field)f;
    node.text = (char *)value;
    node.tlen = strlen(value);
    node.quoted = 1;
    node.vcol = 1;
    cctx c = {TR_MODE_AUTO, NULL, err, 0};
    tr_query *q = field_q(&c, &node);
    if (c.failed)
        return c.failed;
    *out = q;
    return q ? 0 : -2;
}

/* ---- what the searcher shows: words to highlight, numbers cited ---- */

static int mode_matters(const tr_qast *a)
{
    if ((a->kind == TRQ_WORD) && a->text && tr_has_marks(a->text, a->tlen))
        return 1;
    for (size_t i = 0; i < a->n; i++)
        if (mode_matters(a->kid[i]))
            return 1;
    return 0;
}

int tr_qast_mode_matters(const tr_qast *a)
{
    return a ? mode_matters(a) : 0;
}

typedef struct {
    tr_qword *v;
    size_t n, cap;
    int group;
    tr_mode mode;
    tr_tokenizer *tk;
} wlist;

static int add_word(wlist *w, const qtok *q, int group)
{
    if (w->n == w->cap) {
        size_t cap = w->cap ? w->cap * 2 : 8;
        tr_qword *v = realloc(w->v, cap * sizeof *v);
        if (!v)
            return -2;
        w->v = v;
        w->cap = cap;
    }
    int ex = use_exact(w->mode, q);
    w->v[w->n].key = strdup(ex ? q->exact : q->folded);
    w->v[w->n].folded = !ex;
    w->v[w->n].group = group;
    if (!w->v[w->n].key)
        return -2;
    w->n++;
    return 0;
}

static int collect_words(wlist *w, const tr_qast *a)
{
    if (a->kind == TRQ_NOT || a->kind == TRQ_FIELD)
        return 0;
    if (a->kind == TRQ_WORD || a->kind == TRQ_PHRASE) {
        tr_buf b = {0};
        if (a->kind == TRQ_WORD) {
            if (tr_buf_adds(&b, a->text))
                return -2;
        } else {
            for (size_t i = 0; i < a->n; i++)
                if ((i && tr_buf_addc(&b, ' ')) || tr_buf_adds(&b, a->kid[i]->text)) {
                    tr_buf_free(&b);
                    return -2;
                }
        }
        qtoks t;
        int rc = tokens(w->tk, b.data, a->kind == TRQ_WORD, &t);
        tr_buf_free(&b);
        if (rc == 0 && !t.canon[0]) {
            int g = t.n > 1 ? w->group++ : -1;
            for (size_t i = 0; i < t.n && rc == 0; i++)
                rc = add_word(w, &t.v[i], g);
        }
        qtoks_free(&t);
        return rc;
    }
    for (size_t i = 0; i < a->n; i++)
        if (collect_words(w, a->kid[i]))
            return -2;
    return 0;
}

int tr_qast_words(const tr_qast *a, tr_mode mode, tr_qword **out, size_t *n)
{
    int own;
    wlist w = {NULL, 0, 0, 0, mode, tr_tokenizer_thread(&own)};
    *out = NULL;
    *n = 0;
    if (!w.tk)
        return -2;
    int rc = a ? collect_words(&w, a) : 0;
    tr_tokenizer_put(w.tk, own);
    if (rc) {
        tr_qwords_free(w.v, w.n);
        return -2;
    }
    *out = w.v;
    *n = w.n;
    return 0;
}

void tr_qwords_free(tr_qword *w, size_t n)
{
    for (size_t i = 0; i < n; i++)
        free(w[i].key);
    free(w);
}

typedef struct {
    char (*v)[64];
    size_t n, cap;
} nlist;

static int add_number(nlist *l, const char *canon)
{
    for (size_t i = 0; i < l->n; i++)
        if (strcmp(l->v[i], canon) == 0)
            return 0;
    if (l->n == l->cap) {
        size_t cap = l->cap ? l->cap * 2 : 4;
        char (*v)[64] = realloc(l->v, cap * sizeof *v);
        if (!v)
            return -2;
        l->v = v;
        l->cap = cap;
    }
    snprintf(l->v[l->n++], 64, "%s", canon);
    return 0;
}

static int collect_numbers(nlist *l, const tr_qast *a)
{
    char canon[TR_CANON_MAX];
    if (a->kind == TRQ_NOT)
        return 0;
    if (a->kind == TRQ_WORD && tr_cite_canonical(a->text, canon) == 0)
        return add_number(l, canon);
    if (a->kind == TRQ_FIELD && (a->field == TRQ_F_NUMBER || a->field == TRQ_F_CITES) &&
        tr_cite_canonical(a->text, canon) == 0)
        return add_number(l, canon);
    for (size_t i = 0; i < a->n; i++)
        if (collect_numbers(l, a->kid[i]))
            return -2;
    return 0;
}

int tr_qast_numbers(const tr_qast *a, char (**out)[64], size_t *n)
{
    nlist l = {0};
    *out = NULL;
    *n = 0;
    if (a && collect_numbers(&l, a)) {
        free(l.v);
        return -2;
    }
    *out = l.v;
    *n = l.n;
    return 0;
}

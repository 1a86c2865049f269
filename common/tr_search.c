/*
 * tr_search.c — a request becomes a query, a ranking, facets and hits.
 *
 * Each hit's metadata comes from its stored record; its snippet from the
 * stored original text (tr_search_snippet.c).
 */
#include "tr_search.h"
#include "tr_search_int.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "tr_buf.h"
#include "tr_cite.h"
#include "tr_schema.h"
#include "tr_store.h"

const char *const tr_filter_names[TR_NFILTERS] = {"province", "year", "body", "type",
                                                  "cites"};

char *tr_record_field(const char *data, size_t len, const char *key)
{
    tr_record r;
    if (!data || tr_record_parse(data, len, &r) != 0)
        return NULL;
    char *v = tr_record_get(&r, key);
    tr_record_free(&r);
    return v;
}

/* ---- the query ---------------------------------------------------------- */

static tr_query *build_filters(const tr_search_req *req, tr_search_err *err, int *rc)
{
    tr_query *and_parts[TR_NFILTERS];
    size_t na = 0;
    *rc = TR_SEARCH_OK;
    for (int f = 0; f < TR_NFILTERS; f++) {
        size_t n = req->nfilter[f] < TR_FILTER_MAX ? req->nfilter[f] : TR_FILTER_MAX;
        if (n == 0)
            continue;
        tr_query *ors[TR_FILTER_MAX];
        size_t no = 0;
        for (size_t k = 0; k < n; k++) {
            tr_query *q = NULL;
            memset(&err->qe, 0, sizeof err->qe);
            int qrc = tr_qfield_query(tr_filter_names[f], req->filter[f][k], &q, &err->qe);
            if (qrc != 0) {
                err->field = f;
                err->value = req->filter[f][k];
                *rc = qrc == -2 ? TR_SEARCH_NOMEM : TR_SEARCH_FILTER;
                for (size_t j = 0; j < no; j++)
                    tr_q_free(ors[j]);
                for (size_t j = 0; j < na; j++)
                    tr_q_free(and_parts[j]);
                return NULL;
            }
            ors[no++] = q;
        }
        and_parts[na++] = no == 1 ? ors[0] : tr_q_combine(TR_OP_OR, ors, no, 0);
    }
    if (na == 0)
        return NULL;
    tr_query *q = na == 1 ? and_parts[0] : tr_q_combine(TR_OP_AND, and_parts, na, 0);
    if (!q)
        *rc = TR_SEARCH_NOMEM;
    return q;
}

/* words (compiled from ast in mode, may be NULL) filtered by filter
 * (borrowed: cloned).  NULL on OOM. */
static tr_query *with_filter(tr_query *words, const tr_query *filter)
{
    if (!filter)
        return words ? words : tr_q_match_all();
    if (!words)
        return tr_q_clone(filter);
    tr_query *parts[2] = {words, tr_q_clone(filter)};
    return tr_q_combine(TR_OP_FILTER, parts, 2, 0);
}

static int parse_query(const tr_search_req *req, tr_qast **ast, tr_search_err *err)
{
    *ast = NULL;
    if (!req->query || !*req->query)
        return TR_SEARCH_OK;
    memset(&err->qe, 0, sizeof err->qe);
    int rc = tr_qparse(req->query, strlen(req->query), ast, &err->qe);
    return rc == 0 ? TR_SEARCH_OK : rc == -2 ? TR_SEARCH_NOMEM : TR_SEARCH_QUERY;
}

static int compile(const tr_qast *ast, tr_mode mode, const tr_query *filter,
                   tr_query **out, tr_search_err *err)
{
    tr_query *w = NULL;
    *out = NULL;
    if (ast) {
        memset(&err->qe, 0, sizeof err->qe);
        int rc = tr_qcompile(ast, mode, &w, &err->qe);
        if (rc != 0)
            return rc == -2 ? TR_SEARCH_NOMEM : TR_SEARCH_QUERY;
    }
    *out = with_filter(w, filter);
    return *out ? TR_SEARCH_OK : TR_SEARCH_NOMEM;
}

int tr_search_compile(const tr_search_req *req, tr_mode mode, tr_query **out,
                      tr_search_err *err)
{
    tr_qast *ast = NULL;
    *out = NULL;
    int rc = parse_query(req, &ast, err);
    if (rc != TR_SEARCH_OK)
        return rc;
    tr_query *filter = build_filters(req, err, &rc);
    if (rc == TR_SEARCH_OK && (ast || filter))
        rc = compile(ast, mode, filter, out, err);
    tr_q_free(filter);
    tr_qast_free(ast);
    return rc;
}

/* ---- hits --------------------------------------------------------------- */

static int collect_cites(const tr_record *r, tr_hit *h)
{
    for (size_t i = 0; i < r->n; i++) {
        const tr_store_kv *kv = &r->kv[i];
        if (kv->key_len != 4 || memcmp(kv->key, "cite", 4) != 0)
            continue;
        size_t l = 0;
        while (l < kv->value_len && kv->value[l] != ' ')
            l++;
        int dup = 0;
        for (size_t k = 0; k < h->ncites && !dup; k++)
            dup = strlen(h->cites[k]) == l && memcmp(h->cites[k], kv->value, l) == 0;
        if (dup)
            continue;
        char **v = realloc(h->cites, (h->ncites + 1) * sizeof *v);
        if (!v)
            return -1;
        h->cites = v;
        if (!(h->cites[h->ncites] = strndup(kv->value, l)))
            return -1;
        h->ncites++;
    }
    return 0;
}

/* Most frequent first, ties by value: the order Xapian's spies give. */
static int cmp_facet(const void *a, const void *b)
{
    const tr_facet_entry *x = a, *y = b;
    if (x->count != y->count)
        return x->count < y->count ? 1 : -1;
    return strcmp(x->value, y->value);
}

static int collect(tr_db *db, int scan_all, tr_mset *m, const tr_qword *words,
                   size_t nwords, char (*numbers)[64], size_t nnumbers, tr_result *res)
{
    unsigned n = tr_mset_size(m);
    res->hits = calloc(n ? n : 1, sizeof *res->hits);
    if (!res->hits)
        return -1;
    for (unsigned i = 0; i < n; i++) {
        tr_hit *h = &res->hits[res->nhits++];
        h->rank = res->offset + i + 1;
        h->docid = tr_mset_docid(m, i);
        h->score = tr_mset_weight(m, i);
        size_t len;
        const char *data = tr_mset_data(m, i, &len);
        tr_record r;
        if (!data || tr_record_parse(data, len, &r) != 0) {
            h->snippet = strdup("(no stored record)");
            if (!h->snippet)
                return -1;
            continue;
        }
        h->path = tr_record_get(&r, "path");
        h->title = tr_record_get(&r, "title");
        h->number = tr_record_get(&r, "number");
        h->type = tr_record_get(&r, "type");
        h->body = tr_record_get(&r, "body");
        h->signed_for = tr_record_get(&r, "signed_for");
        h->province = tr_record_get(&r, "province");
        h->date = tr_record_get(&r, "date");
        h->year = tr_record_get(&r, "year");
        h->format = tr_record_get(&r, "format");
        int rc = collect_cites(&r, h);
        if (rc == 0)
            rc = tr_search_snippet(db, h->docid, scan_all, &r, words, nwords, numbers,
                                   nnumbers, h);
        tr_record_free(&r);
        if (rc != 0)
            return -1;
    }
    static const char *names[4] = {"province", "year", "body", "type"};
    for (size_t k = 0; k < 4; k++) {
        tr_facet *f = &res->facets[k];
        f->name = names[k];
        /* The body facet also counts the organs signed for (spy 4): a
         * document is the work of both, and coquan: finds it by either. */
        size_t nf = tr_mset_facet_size(m, k), ns = k == 2 ? tr_mset_facet_size(m, 4) : 0;
        f->v = calloc(nf + ns ? nf + ns : 1, sizeof *f->v);
        if (!f->v)
            return -1;
        for (size_t j = 0; j < nf + ns; j++) {
            size_t l;
            unsigned long c;
            const char *v = j < nf ? tr_mset_facet_value(m, k, j, &l, &c)
                                   : tr_mset_facet_value(m, 4, j - nf, &l, &c);
            size_t at = 0;
            while (at < f->n && !(strlen(f->v[at].value) == l &&
                                  memcmp(f->v[at].value, v, l) == 0))
                at++;
            if (at < f->n) {
                f->v[at].count += c;
                continue;
            }
            if (!(f->v[at].value = strndup(v, l)))
                return -1;
            f->v[at].count = c;
            f->n++;
        }
        if (ns)
            qsort(f->v, f->n, sizeof *f->v, cmp_facet);
    }
    /* Counted over a sample: scale to the estimated total, so the bars and
     * facets keep their proportions and their order (flagged by
     * total_exact = 0). */
    unsigned long seen = tr_mset_seen(m);
    res->facets_exact = res->total_exact && seen >= res->total;
    if (!res->facets_exact && seen && seen < res->total)
        for (size_t k = 0; k < 4; k++)
            for (size_t j = 0; j < res->facets[k].n; j++)
                res->facets[k].v[j].count = (unsigned long)(
                    (double)res->facets[k].v[j].count * res->total / seen + 0.5);
    return 0;
}

/* ---- the search --------------------------------------------------------- */

static double ms_since(const struct timespec *t0)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)(t.tv_sec - t0->tv_sec) * 1e3 + (t.tv_nsec - t0->tv_nsec) / 1e6;
}

/* The year filters' overall range, for the chart. */
static void year_span(const tr_search_req *req, int *lo, int *hi)
{
    *lo = *hi = 0;
    for (size_t i = 0; i < req->nfilter[TR_F_YEAR]; i++) {
        int a = 0, b = 0;
        const char *v = req->filter[TR_F_YEAR][i];
        if (sscanf(v, "%d..%d", &a, &b) == 2 || sscanf(v, "%d", &a) == 1) {
            if (!b)
                b = a;
            if (!*lo || a < *lo)
                *lo = a;
            if (b > *hi)
                *hi = b;
        }
    }
}

/* Canonical numbers whose citing sentence makes the best snippet: the
 * query's and the cites filter's. */
static char (*wanted_numbers(const tr_qast *ast, const tr_search_req *req,
                             size_t *n))[64]
{
    char(*numbers)[64] = NULL;
    *n = 0;
    if (ast)
        tr_qast_numbers(ast, &numbers, n);
    size_t extra = req->nfilter[TR_F_CITES];
    if (extra) {
        char(*nn)[64] = realloc(numbers, (*n + extra) * sizeof *nn);
        if (nn) {
            numbers = nn;
            for (size_t i = 0; i < extra; i++)
                if (tr_cite_canonical(req->filter[TR_F_CITES][i], numbers[*n]) == 0)
                    (*n)++;
        }
    }
    return numbers;
}

int tr_search_run(tr_db *db, const tr_search_req *req, tr_result *res,
                  tr_search_err *err)
{
    static const unsigned facet_slots[5] = {TR_SLOT_PROVINCE, TR_SLOT_YEAR,
                                            TR_SLOT_BODY, TR_SLOT_TYPE,
                                            TR_SLOT_SIGNED_FOR};
    struct timespec t0;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    memset(res, 0, sizeof *res);
    memset(err, 0, sizeof *err);
    err->field = -1;

    tr_qast *ast = NULL;
    tr_query *filter = NULL, *q = NULL;
    tr_mset *m = NULL;
    tr_qword *words = NULL;
    size_t nwords = 0, nnum = 0;
    char(*numbers)[64] = NULL;
    int rc = parse_query(req, &ast, err);
    if (rc == TR_SEARCH_OK)
        filter = build_filters(req, err, &rc);
    if (rc == TR_SEARCH_OK)
        rc = compile(ast, req->mode, filter, &q, err);
    if (rc != TR_SEARCH_OK)
        goto out;

    tr_search_opts so;
    memset(&so, 0, sizeof so);
    so.offset = req->offset;
    so.limit = req->limit;
    so.exact_total = req->exact_counts;
    so.count_budget = req->count_budget ? req->count_budget : TR_COUNT_BUDGET;
    so.facet_slots = facet_slots;
    so.nfacets = 5;
    so.facets_packed = 1;           /* the same five, in this order */
    so.packed_slot = TR_SLOT_FACETS;
    so.sort_slot = TR_SLOT_SORTKEY;
    so.sort = req->sort == 0 ? TR_SORT_RELEVANCE_THEN_VALUE : TR_SORT_VALUE;
    so.sort_descending = req->sort <= 0;
    tr_mode used = req->mode;
    if (tr_db_search(db, q, &so, &m) != 0) {
        rc = TR_SEARCH_DB;
        goto out;
    }
    if (tr_mset_total(m) == 0 && req->mode == TR_MODE_AUTO && ast &&
        tr_qast_mode_matters(ast)) {
        /* The marks typed found nothing: try without them, and say so. */
        tr_query *fq = NULL;
        tr_mset *fm = NULL;
        if (compile(ast, TR_MODE_FOLD, filter, &fq, err) == TR_SEARCH_OK &&
            tr_db_search(db, fq, &so, &fm) == 0 && tr_mset_total(fm) > 0) {
            tr_mset_free(m);
            m = fm;
            res->fallback = 1;
            used = TR_MODE_FOLD;
        } else {
            tr_mset_free(fm);
        }
        tr_q_free(fq);
    }

    if (ast && tr_qast_words(ast, used, &words, &nwords) != 0) {
        rc = TR_SEARCH_NOMEM;
        goto out;
    }
    numbers = wanted_numbers(ast, req, &nnum);
    res->query = req->query ? req->query : "";
    res->mode = used == TR_MODE_AUTO ? "auto" : used == TR_MODE_EXACT ? "exact" : "fold";
    res->total = tr_mset_total(m);
    res->total_exact = tr_mset_total_exact(m, &res->total_lo, &res->total_hi);
    res->offset = req->offset;
    res->limit = req->limit;
    year_span(req, &res->year_lo, &res->year_hi);
    if (collect(db, req->snippet_scan_all, m, words, nwords, numbers, nnum, res) != 0) {
        rc = TR_SEARCH_NOMEM;
        goto out;
    }
    if ((res->nmissing = tr_db_nmissing(db)) > 0) {
        if (!(res->missing = malloc(res->nmissing * sizeof *res->missing))) {
            rc = TR_SEARCH_NOMEM;
            goto out;
        }
        for (size_t i = 0; i < res->nmissing; i++)
            res->missing[i] = tr_db_missing(db, i);
    }
    res->elapsed_ms = ms_since(&t0);
out:
    if (rc != TR_SEARCH_OK)
        tr_result_free(res);
    tr_qwords_free(words, nwords);
    free(numbers);
    tr_mset_free(m);
    tr_q_free(q);
    tr_q_free(filter);
    tr_qast_free(ast);
    return rc;
}

void tr_result_free(tr_result *res)
{
    for (size_t i = 0; i < res->nhits; i++) {
        tr_hit *h = &res->hits[i];
        free(h->path);
        free(h->title);
        free(h->number);
        free(h->type);
        free(h->body);
        free(h->signed_for);
        free(h->province);
        free(h->date);
        free(h->year);
        free(h->format);
        for (size_t k = 0; k < h->ncites; k++)
            free(h->cites[k]);
        free(h->cites);
        free(h->snippet);
        free(h->hl);
    }
    free(res->hits);
    for (size_t k = 0; k < 4; k++) {
        for (size_t j = 0; j < res->facets[k].n; j++)
            free(res->facets[k].v[j].value);
        free(res->facets[k].v);
    }
    free(res->missing);
    memset(res, 0, sizeof *res);
}

unsigned long tr_result_year_count(const tr_result *res, int y)
{
    const tr_facet *fa = &res->facets[1];
    for (size_t j = 0; j < fa->n; j++)
        if (atoi(fa->v[j].value) == y)
            return fa->v[j].count;
    return 0;
}

void tr_result_years(const tr_result *res, int *lo, int *hi, unsigned long *known)
{
    *lo = res->year_lo;
    *hi = res->year_hi;
    *known = 0;
    const tr_facet *fa = &res->facets[1];
    for (size_t j = 0; j < fa->n; j++) {
        int y = atoi(fa->v[j].value);
        if (!res->year_lo && (*lo == 0 || y < *lo))
            *lo = y;
        if (!res->year_hi && y > *hi)
            *hi = y;
        *known += fa->v[j].count;
    }
}

static int highlight_mode(const tr_qast *ast, tr_mode mode, const char *text, size_t len,
                          tr_snippet *sn)
{
    tr_qword *words = NULL;
    size_t nw = 0;
    if (tr_qast_words(ast, mode, &words, &nw) != 0)
        return -1;
    tr_hlword *hw = calloc(nw + 1, sizeof *hw);
    int rc = -1;
    if (hw) {
        for (size_t i = 0; i < nw; i++) {
            hw[i].key = words[i].key;
            hw[i].folded = words[i].folded;
            hw[i].group = words[i].group;
        }
        /* A window as long as the text: every match, not the best passage. */
        rc = tr_snippet_best(text, len, hw, nw, len + 1, sn);
    }
    free(hw);
    tr_qwords_free(words, nw);
    return rc;
}

int tr_search_highlight(const char *query, tr_mode mode, const char *text, size_t len,
                        tr_span **hl, size_t *nhl)
{
    *hl = NULL;
    *nhl = 0;
    tr_qast *ast = NULL;
    if (!query || !*query || tr_qparse(query, strlen(query), &ast, NULL) != 0)
        return TR_SEARCH_OK;
    tr_snippet sn;
    memset(&sn, 0, sizeof sn);
    int rc = highlight_mode(ast, mode, text, len, &sn);
    if (rc == 0 && sn.nhl == 0 && mode == TR_MODE_AUTO && tr_qast_mode_matters(ast)) {
        tr_snippet_free(&sn);
        memset(&sn, 0, sizeof sn);
        rc = highlight_mode(ast, TR_MODE_FOLD, text, len, &sn);
    }
    tr_qast_free(ast);
    if (rc != 0) {
        tr_snippet_free(&sn);
        return TR_SEARCH_NOMEM;
    }
    *hl = sn.hl;
    *nhl = sn.nhl;
    sn.hl = NULL;
    sn.nhl = 0;
    tr_snippet_free(&sn);
    return TR_SEARCH_OK;
}

/*
 * api.c — the JSON API under /api/ (documented in tracuu-web(1)).
 *
 * Parameters use the English names of tracuu-search's options (q, mode,
 * province, year, body, type, cites, sort, limit, offset, by_year), and
 * every answer is written by common/tr_json.c — the writer behind
 * `tracuu-search --json` — so a script can move between the two without
 * a second contract.  Errors are {"error": message[, "column": n]} with
 * 400 (bad request), 404 (no such document) or 503 (index unreadable).
 */
#include "page.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tr_json.h"
#include "tr_schema.h"

#define API_MAX_LIMIT 1000

static void json_ok(wb_resp *resp)
{
    resp->status = 200;
    resp->ctype = "application/json; charset=utf-8";
}

static void json_error(wb_resp *resp, int status, const char *msg, size_t col)
{
    tr_buf_clear(&resp->body);
    resp->status = status;
    resp->ctype = "application/json; charset=utf-8";
    tr_json_error(&resp->body, msg, col);
    tr_buf_addc(&resp->body, '\n');
}

/* A whole number in [0, max]; -1 when absent; -2 when not one. */
static long num_arg(const wb_req *r, const char *key, long max)
{
    const char *v = wb_arg(r, key);
    if (!v)
        return -1;
    char *end;
    long n = strtol(v, &end, 10);
    return (*v && !*end && n >= 0 && n <= max) ? n : -2;
}

/* Reads the search request; 0, or -1 after answering 400. */
static int read_req(const wb_req *r, wb_resp *resp, tr_search_req *req, int paging)
{
    static const char *const names[TR_NFILTERS] = {"province", "year", "body", "type",
                                                   "cites"};
    memset(req, 0, sizeof *req);
    req->query = "";
    req->mode = TR_MODE_AUTO;
    req->limit = 10;
    for (size_t i = 0; i < r->nargs; i++) {
        const char *k = r->args[i].key, *v = r->args[i].value;
        if (strcmp(k, "q") == 0) {
            req->query = v;
        } else if (strcmp(k, "mode") == 0) {
            if (strcmp(v, "auto") == 0) req->mode = TR_MODE_AUTO;
            else if (strcmp(v, "exact") == 0) req->mode = TR_MODE_EXACT;
            else if (strcmp(v, "fold") == 0) req->mode = TR_MODE_FOLD;
            else {
                json_error(resp, 400, "mode must be auto, exact or fold", 0);
                return -1;
            }
        } else if (strcmp(k, "sort") == 0) {
            if (strcmp(v, "relevance") == 0) req->sort = 0;
            else if (strcmp(v, "date") == 0) req->sort = 1;
            else if (strcmp(v, "-date") == 0) req->sort = -1;
            else {
                json_error(resp, 400, "sort must be relevance, date or -date", 0);
                return -1;
            }
        }
        for (int f = 0; f < TR_NFILTERS; f++) {
            if (strcmp(k, names[f]) != 0)
                continue;
            if (req->nfilter[f] == TR_FILTER_MAX) {
                json_error(resp, 400, "too many values for one filter (at most 64)", 0);
                return -1;
            }
            req->filter[f][req->nfilter[f]++] = v;
        }
    }
    const char *ec = wb_arg(r, "exact_counts");
    req->exact_counts = ec && strcmp(ec, "0") != 0;
    req->count_budget = wb_count_budget;
    if (paging) {
        long limit = num_arg(r, "limit", API_MAX_LIMIT);
        long offset = num_arg(r, "offset", 100000000);
        if (limit == -2 || offset == -2) {
            json_error(resp, 400, "limit must be 0 to 1000 and offset a whole number", 0);
            return -1;
        }
        if (limit >= 0)
            req->limit = (unsigned)limit;
        if (offset >= 0)
            req->offset = (unsigned)offset;
    }
    return 0;
}

static void search_failed(const wb_req *r, wb_resp *resp, int rc, const tr_search_err *e)
{
    char msg[400];
    if (rc == TR_SEARCH_QUERY) {
        json_error(resp, 400, e->qe.msg, e->qe.col);
    } else if (rc == TR_SEARCH_FILTER) {
        snprintf(msg, sizeof msg, "%s %s: %s", tr_filter_names[e->field], e->value,
                 e->qe.msg);
        json_error(resp, 400, msg, 0);
    } else if (rc == TR_SEARCH_NOMEM) {
        json_error(resp, 503, "out of memory", 0);
    } else {
        json_error(resp, 503, tr_db_errmsg(r->db), 0);
    }
}

static void api_search(const wb_req *r, wb_resp *resp)
{
    tr_search_req req;
    if (read_req(r, resp, &req, 1) != 0)
        return;
    tr_result res;
    tr_search_err e;
    int rc = tr_search_run(r->db, &req, &res, &e);
    if (rc != TR_SEARCH_OK) {
        search_failed(r, resp, rc, &e);
        return;
    }
    const char *by = wb_arg(r, "by_year");
    res.by_year = by && strcmp(by, "0") != 0;
    json_ok(resp);
    tr_json_result(&resp->body, &res);
    tr_buf_addc(&resp->body, '\n');
    tr_result_free(&res);
}

static void api_document(const wb_req *r, wb_resp *resp, const char *id)
{
    unsigned docid;
    int rc = tr_doc_resolve(r->db, id, &docid);
    if (rc == 1) {
        json_error(resp, 404, "no such document", 0);
        return;
    }
    tr_docinfo d;
    if (rc != 0 || (rc = tr_docinfo_load(r->db, docid, &d)) != 0) {
        json_error(resp, rc == 1 ? 404 : 503, rc == 1 ? "no such document"
                                                      : "stored record unreadable", 0);
        return;
    }
    json_ok(resp);
    tr_json_doc(&resp->body, &d);
    tr_buf_addc(&resp->body, '\n');
    tr_docinfo_free(&d);
}

static void api_refs(const wb_req *r, wb_resp *resp, const char *number)
{
    tr_refs refs;
    int rc = tr_refs_get(r->db, number ? number : "", (size_t)-1, &refs);
    if (rc == 1) {
        json_error(resp, 400, "not a document number (e.g. 43-CT/TW, 60/2013/NĐ-CP)", 0);
        return;
    }
    if (rc != 0) {
        json_error(resp, 503, tr_db_errmsg(r->db), 0);
        return;
    }
    json_ok(resp);
    tr_json_refs(&resp->body, &refs);
    tr_buf_addc(&resp->body, '\n');
    tr_refs_free(&refs);
}

static void api_top(const wb_req *r, wb_resp *resp)
{
    tr_search_req req;
    if (read_req(r, resp, &req, 0) != 0)
        return;
    long limit = num_arg(r, "limit", API_MAX_LIMIT);
    if (limit == -2) {
        json_error(resp, 400, "limit must be 0 to 1000", 0);
        return;
    }
    tr_search_err e;
    tr_query *q = NULL;
    int rc = tr_search_compile(&req, req.mode, &q, &e);
    if (rc != TR_SEARCH_OK) {
        search_failed(r, resp, rc, &e);
        return;
    }
    tr_cited *v = NULL;
    size_t n = 0;
    rc = tr_top_cited(r->db, q, limit >= 0 ? (size_t)limit : 20, wb_top_max_docs, &v,
                      &n);
    tr_q_free(q);
    if (rc == 2) {
        char msg[96];
        snprintf(msg, sizeof msg, "more than %lu documents match: narrow the filters",
                 wb_top_max_docs);
        json_error(resp, 400, msg, 0);
        return;
    }
    if (rc != 0) {
        json_error(resp, 503, tr_db_errmsg(r->db), 0);
        return;
    }
    json_ok(resp);
    tr_json_top(&resp->body, v, n);
    tr_buf_addc(&resp->body, '\n');
    tr_cited_free(v, n);
}

typedef struct {
    tr_buf *b;
    size_t skip;
    int first;
} term_ctx;

static int term_count(const char *t, size_t l, unsigned long f, void *ctx)
{
    term_ctx *c = ctx;
    char num[32];
    tr_buf_adds(c->b, c->first ? "" : ", ");
    c->first = 0;
    tr_json_str(c->b, t + c->skip, l - c->skip);
    snprintf(num, sizeof num, ": %lu", f);
    tr_buf_adds(c->b, num);
    return 0;
}

static int count_term(const char *t, size_t l, unsigned long f, void *ctx)
{
    (void)f;
    if (!memchr(t, '@', l))
        ++*(unsigned long *)ctx;
    return 0;
}

/* {"documents", "facets": {…}, "formats": {…}, "encodings": {…},
 *  "cited_numbers"} */
static void api_stats(const wb_req *r, wb_resp *resp)
{
    tr_search_req req;
    memset(&req, 0, sizeof req);
    tr_result res;
    tr_search_err e;
    int rc = tr_search_run(r->db, &req, &res, &e);
    if (rc != TR_SEARCH_OK) {
        search_failed(r, resp, rc, &e);
        return;
    }
    tr_buf *b = &resp->body;
    char num[64];
    json_ok(resp);
    snprintf(num, sizeof num, "{\"documents\": %lu, \"facets\": {", tr_db_doccount(r->db));
    tr_buf_adds(b, num);
    for (int k = 0; k < 4; k++) {
        tr_buf_adds(b, k ? ", \"" : "\"");
        tr_buf_adds(b, res.facets[k].name);
        tr_buf_adds(b, "\": {");
        for (size_t j = 0; j < res.facets[k].n; j++) {
            if (j)
                tr_buf_adds(b, ", ");
            tr_json_cstr(b, res.facets[k].v[j].value);
            snprintf(num, sizeof num, ": %lu", res.facets[k].v[j].count);
            tr_buf_adds(b, num);
        }
        tr_buf_addc(b, '}');
    }
    tr_result_free(&res);
    term_ctx c = {b, strlen(TR_PFX_FORMAT), 1};
    tr_buf_adds(b, "}, \"formats\": {");
    tr_db_allterms(r->db, TR_PFX_FORMAT, term_count, &c);
    c.skip = strlen(TR_PFX_ENCODING);
    c.first = 1;
    tr_buf_adds(b, "}, \"encodings\": {");
    tr_db_allterms(r->db, TR_PFX_ENCODING, term_count, &c);
    unsigned long cited = 0;
    tr_db_allterms(r->db, TR_PFX_CITE, count_term, &cited);
    snprintf(num, sizeof num, "}, \"cited_numbers\": %lu}\n", cited);
    tr_buf_adds(b, num);
}

void wb_api(const wb_req *r, wb_resp *resp, const char *what)
{
    if (strcmp(what, "search") == 0)
        api_search(r, resp);
    else if (strcmp(what, "document") == 0 && wb_arg(r, "id"))
        api_document(r, resp, wb_arg(r, "id"));
    else if (strncmp(what, "document/", 9) == 0)
        api_document(r, resp, what + 9);
    else if (strcmp(what, "refs") == 0)
        api_refs(r, resp, wb_arg(r, "number"));
    else if (strncmp(what, "refs/", 5) == 0)
        api_refs(r, resp, what + 5);
    else if (strcmp(what, "top-cited") == 0)
        api_top(r, resp);
    else if (strcmp(what, "stats") == 0)
        api_stats(r, resp);
    else if (strcmp(what, "ping") == 0) {
        /* For monitoring: the server is up and its index opens. */
        json_ok(resp);
        tr_buf_adds(&resp->body, "{\"ok\":true}\n");
    }
    else
        json_error(resp, 404, "no such endpoint (search, document/ID, refs?number=, "
                              "top-cited, stats)", 0);
}

/*
 * jsonout.c — the --json contract (documented in tracuu-search.1):
 *
 * {"query": str, "mode": "auto"|"exact"|"fold", "fallback": bool,
 *  "total": int, "offset": int, "limit": int,
 *  "hits": [{"rank", "docid", "path", "title", "number", "type", "body",
 *            "province", "year", "date", "format", "score", "snippet",
 *            "highlights": [[byte_start, byte_length], ...], "cites": [...]}],
 *  "facets": {"province": {name: count}, "year": {...}, "body": {...},
 *             "type": {...}},
 *  "by_year": {"2019": count, ...}   (with --by-year), "elapsed_ms": number}
 *
 * Highlights are byte spans into the "snippet" string.  Unknown values are
 * null, never "".  Field order is fixed so diffs of outputs stay readable.
 */
#include "searcher.h"

#include <stdlib.h>
#include <string.h>

static void kv_str(tr_buf *b, const char *k, const char *v, int comma)
{
    tr_buf_adds(b, comma ? ", \"" : "\"");
    tr_buf_adds(b, k);
    tr_buf_adds(b, "\": ");
    sx_json_cstr(b, v);
}

static void kv_num(tr_buf *b, const char *k, const char *fmt, double v)
{
    char num[64];
    snprintf(num, sizeof num, fmt, v);
    tr_buf_adds(b, ", \"");
    tr_buf_adds(b, k);
    tr_buf_adds(b, "\": ");
    tr_buf_adds(b, num);
}

void sx_print_json(FILE *f, const sx_result *res)
{
    tr_buf b = {0};
    char num[64];
    tr_buf_adds(&b, "{");
    kv_str(&b, "query", res->query, 0);
    kv_str(&b, "mode", res->mode, 1);
    tr_buf_adds(&b, res->fallback ? ", \"fallback\": true" : ", \"fallback\": false");
    kv_num(&b, "total", "%.0f", (double)res->total);
    kv_num(&b, "offset", "%.0f", res->offset);
    kv_num(&b, "limit", "%.0f", res->limit);
    tr_buf_adds(&b, ", \"hits\": [");
    for (size_t i = 0; i < res->nhits; i++) {
        const sx_hit *h = &res->hits[i];
        tr_buf_adds(&b, i ? ", {" : "{");
        snprintf(num, sizeof num, "\"rank\": %u, \"docid\": %u", h->rank, h->docid);
        tr_buf_adds(&b, num);
        kv_str(&b, "path", h->path, 1);
        kv_str(&b, "title", h->title, 1);
        kv_str(&b, "number", h->number, 1);
        kv_str(&b, "type", h->type, 1);
        kv_str(&b, "body", h->body, 1);
        kv_str(&b, "province", h->province, 1);
        if (h->year)
            kv_num(&b, "year", "%.0f", atoi(h->year));
        else
            tr_buf_adds(&b, ", \"year\": null");
        kv_str(&b, "date", h->date, 1);
        kv_str(&b, "format", h->format, 1);
        kv_num(&b, "score", "%.6g", h->score);
        kv_str(&b, "snippet", h->snippet_plain ? h->snippet_plain : "", 1);
        tr_buf_adds(&b, ", \"highlights\": [");
        for (size_t k = 0; k < h->nhl; k++) {
            snprintf(num, sizeof num, "%s[%zu, %zu]", k ? ", " : "", h->hl[k].start,
                     h->hl[k].len);
            tr_buf_adds(&b, num);
        }
        tr_buf_adds(&b, "], \"cites\": [");
        for (size_t k = 0; k < h->ncites; k++) {
            if (k)
                tr_buf_adds(&b, ", ");
            sx_json_cstr(&b, h->cites[k]);
        }
        tr_buf_adds(&b, "]}");
    }
    tr_buf_adds(&b, "], \"facets\": {");
    for (size_t k = 0; k < 4; k++) {
        const sx_facet *fa = &res->facets[k];
        tr_buf_adds(&b, k ? ", \"" : "\"");
        tr_buf_adds(&b, fa->name ? fa->name : "");
        tr_buf_adds(&b, "\": {");
        for (size_t j = 0; j < fa->n; j++) {
            if (j)
                tr_buf_adds(&b, ", ");
            sx_json_cstr(&b, fa->v[j].value);
            snprintf(num, sizeof num, ": %lu", fa->v[j].count);
            tr_buf_adds(&b, num);
        }
        tr_buf_adds(&b, "}");
    }
    tr_buf_adds(&b, "}");
    if (res->by_year) {
        int lo, hi;
        unsigned long known;
        sx_year_range(res, &lo, &hi, &known);
        tr_buf_adds(&b, ", \"by_year\": {");
        for (int y = lo; y && y <= hi; y++) {
            snprintf(num, sizeof num, "%s\"%d\": %lu", y == lo ? "" : ", ", y,
                     sx_year_count(res, y));
            tr_buf_adds(&b, num);
        }
        tr_buf_adds(&b, "}");
    }
    kv_num(&b, "elapsed_ms", "%.3f", res->elapsed_ms);
    tr_buf_adds(&b, "}\n");
    fwrite(b.data, 1, b.len, f);
    tr_buf_free(&b);
}

/*
 * tr_json.c — the JSON writers.  File names and document text come from
 * outside and may hold invalid UTF-8 or control bytes; every string goes
 * through tr_json_str so the output always parses.
 */
#include "tr_json.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tr_utf8.h"

int tr_json_str(tr_buf *b, const char *s, size_t len)
{
    if (tr_buf_addc(b, '"'))
        return -1;
    const unsigned char *p = (const unsigned char *)s;
    size_t i = 0;
    while (i < len) {
        unsigned char c = p[i];
        if (c < 0x80) {
            char esc[8];
            const char *e = NULL;
            switch (c) {
            case '"': e = "\\\""; break;
            case '\\': e = "\\\\"; break;
            case '\n': e = "\\n"; break;
            case '\r': e = "\\r"; break;
            case '\t': e = "\\t"; break;
            default:
                if (c < 0x20 || c == 0x7f || c == '<' || c == '>' || c == '&') {
                    snprintf(esc, sizeof esc, "\\u%04x", c);
                    e = esc;
                }
            }
            if (e ? tr_buf_adds(b, e) : tr_buf_addc(b, (char)c))
                return -1;
            i++;
            continue;
        }
        uint32_t cp;
        size_t n = tr_utf8_decode(p + i, len - i, &cp);
        char out[4];
        size_t k = tr_utf8_encode(cp, out);
        if (tr_buf_add(b, out, k))
            return -1;
        i += n;
    }
    return tr_buf_addc(b, '"');
}

int tr_json_cstr(tr_buf *b, const char *s)
{
    return s ? tr_json_str(b, s, strlen(s)) : tr_buf_adds(b, "null");
}

/* Small builders; errors accumulate in *bad so call sites stay flat. */
static void key(tr_buf *b, int *bad, const char *k, int comma)
{
    *bad |= tr_buf_adds(b, comma ? ", \"" : "\"");
    *bad |= tr_buf_adds(b, k);
    *bad |= tr_buf_adds(b, "\": ");
}

static void kv_str(tr_buf *b, int *bad, const char *k, const char *v, int comma)
{
    key(b, bad, k, comma);
    *bad |= tr_json_cstr(b, v);
}

static void kv_num(tr_buf *b, int *bad, const char *k, const char *fmt, double v)
{
    char num[64];
    snprintf(num, sizeof num, fmt, v);
    key(b, bad, k, 1);
    *bad |= tr_buf_adds(b, num);
}

/* A year as a number (records keep it as text); null when absent. */
static void kv_year(tr_buf *b, int *bad, const char *year)
{
    if (year)
        kv_num(b, bad, "year", "%.0f", atoi(year));
    else
        *bad |= tr_buf_adds(b, ", \"year\": null");
}

static void str_list(tr_buf *b, int *bad, char *const *v, size_t n)
{
    *bad |= tr_buf_addc(b, '[');
    for (size_t k = 0; k < n; k++) {
        if (k)
            *bad |= tr_buf_adds(b, ", ");
        *bad |= tr_json_cstr(b, v[k]);
    }
    *bad |= tr_buf_addc(b, ']');
}

static void hit(tr_buf *b, int *bad, const tr_hit *h)
{
    char num[64];
    snprintf(num, sizeof num, "{\"rank\": %u, \"docid\": %u", h->rank, h->docid);
    *bad |= tr_buf_adds(b, num);
    kv_str(b, bad, "path", h->path, 1);
    kv_str(b, bad, "title", h->title, 1);
    kv_str(b, bad, "number", h->number, 1);
    kv_str(b, bad, "type", h->type, 1);
    kv_str(b, bad, "body", h->body, 1);
    kv_str(b, bad, "signed_for", h->signed_for, 1);
    kv_str(b, bad, "province", h->province, 1);
    kv_year(b, bad, h->year);
    kv_str(b, bad, "date", h->date, 1);
    kv_str(b, bad, "format", h->format, 1);
    kv_num(b, bad, "score", "%.6g", h->score);
    kv_str(b, bad, "snippet", h->snippet ? h->snippet : "", 1);
    *bad |= tr_buf_adds(b, ", \"highlights\": [");
    for (size_t k = 0; k < h->nhl; k++) {
        snprintf(num, sizeof num, "%s[%zu, %zu]", k ? ", " : "", h->hl[k].start,
                 h->hl[k].len);
        *bad |= tr_buf_adds(b, num);
    }
    *bad |= tr_buf_adds(b, "], \"cites\": ");
    str_list(b, bad, h->cites, h->ncites);
    *bad |= tr_buf_addc(b, '}');
}

int tr_json_result(tr_buf *b, const tr_result *res)
{
    int bad = 0;
    char num[128];
    bad |= tr_buf_addc(b, '{');
    kv_str(b, &bad, "query", res->query, 0);
    kv_str(b, &bad, "mode", res->mode, 1);
    bad |= tr_buf_adds(b, res->fallback ? ", \"fallback\": true" : ", \"fallback\": false");
    kv_num(b, &bad, "total", "%.0f", (double)res->total);
    if (res->total_exact) {
        bad |= tr_buf_adds(b, ", \"total_exact\": true");
    } else {
        snprintf(num, sizeof num, ", \"total_exact\": false, \"total_bounds\": [%lu, %lu]",
                 res->total_lo, res->total_hi);
        bad |= tr_buf_adds(b, num);
    }
    bad |= tr_buf_adds(b, res->facets_exact ? ", \"facets_exact\": true"
                                            : ", \"facets_exact\": false");
    if (res->nmissing) {
        /* Only when partial, so a complete answer reads as before. */
        bad |= tr_buf_adds(b, ", \"partial\": true, \"missing_shards\": ");
        str_list(b, &bad, (char **)res->missing, res->nmissing);
    }
    kv_num(b, &bad, "offset", "%.0f", res->offset);
    kv_num(b, &bad, "limit", "%.0f", res->limit);
    bad |= tr_buf_adds(b, ", \"hits\": [");
    for (size_t i = 0; i < res->nhits; i++) {
        if (i)
            bad |= tr_buf_adds(b, ", ");
        hit(b, &bad, &res->hits[i]);
    }
    bad |= tr_buf_adds(b, "], \"facets\": {");
    for (size_t k = 0; k < 4; k++) {
        const tr_facet *fa = &res->facets[k];
        key(b, &bad, fa->name ? fa->name : "", k > 0);
        bad |= tr_buf_addc(b, '{');
        for (size_t j = 0; j < fa->n; j++) {
            if (j)
                bad |= tr_buf_adds(b, ", ");
            bad |= tr_json_cstr(b, fa->v[j].value);
            snprintf(num, sizeof num, ": %lu", fa->v[j].count);
            bad |= tr_buf_adds(b, num);
        }
        bad |= tr_buf_addc(b, '}');
    }
    bad |= tr_buf_addc(b, '}');
    if (res->by_year) {
        int lo, hi;
        unsigned long known;
        tr_result_years(res, &lo, &hi, &known);
        bad |= tr_buf_adds(b, ", \"by_year\": {");
        for (int y = lo; y && y <= hi; y++) {
            snprintf(num, sizeof num, "%s\"%d\": %lu", y == lo ? "" : ", ", y,
                     tr_result_year_count(res, y));
            bad |= tr_buf_adds(b, num);
        }
        bad |= tr_buf_addc(b, '}');
    }
    kv_num(b, &bad, "elapsed_ms", "%.3f", res->elapsed_ms);
    bad |= tr_buf_addc(b, '}');
    return bad ? -1 : 0;
}

int tr_json_doc(tr_buf *b, const tr_docinfo *d)
{
    int bad = 0;
    char num[96];
    snprintf(num, sizeof num, "{\"docid\": %u", d->docid);
    bad |= tr_buf_adds(b, num);
    kv_str(b, &bad, "path", d->path, 1);
    for (size_t i = 0; i < TR_DOC_NFIELDS; i++) {
        if (!strcmp(tr_doc_fields[i], "year"))
            kv_year(b, &bad, d->field[i]);   /* a number, as in search and --refs */
        else
            kv_str(b, &bad, tr_doc_fields[i], d->field[i], 1);
    }
    bad |= tr_buf_adds(b, ", \"sources\": {");
    int first = 1;
    for (size_t i = 0; i < TR_DOC_NFIELDS; i++) {
        if (!d->source[i])
            continue;
        kv_str(b, &bad, tr_doc_fields[i], d->source[i], !first);
        first = 0;
    }
    bad |= tr_buf_adds(b, "}, \"cites\": [");
    for (size_t i = 0; i < d->ncites; i++) {
        const tr_citespan *c = &d->cites[i];
        bad |= tr_buf_adds(b, i ? ", {\"number\": " : "{\"number\": ");
        bad |= tr_json_cstr(b, c->canon);
        snprintf(num, sizeof num, ", \"start\": %zu, \"length\": %zu}", c->start, c->len);
        bad |= tr_buf_adds(b, num);
    }
    bad |= tr_buf_adds(b, "], \"text\": ");
    bad |= tr_json_str(b, d->text ? d->text : "", d->tlen);
    bad |= tr_buf_addc(b, '}');
    return bad ? -1 : 0;
}

static void docref(tr_buf *b, int *bad, const tr_docref *d, int own)
{
    char num[64];
    snprintf(num, sizeof num, "{\"docid\": %u", d->docid);
    *bad |= tr_buf_adds(b, num);
    kv_str(b, bad, "path", d->path, 1);
    kv_str(b, bad, "title", d->title, 1);
    kv_str(b, bad, "number", d->number, 1);
    kv_str(b, bad, "type", d->type, 1);
    kv_str(b, bad, "province", d->province, 1);
    kv_str(b, bad, "date", d->date, 1);
    kv_year(b, bad, d->year);
    if (own) {
        *bad |= tr_buf_adds(b, ", \"cites\": ");
        str_list(b, bad, d->cites, d->ncites);
    } else {
        kv_str(b, bad, "sentence", d->sentence, 1);
    }
    *bad |= tr_buf_addc(b, '}');
}

int tr_json_refs(tr_buf *b, const tr_refs *r)
{
    int bad = 0;
    bad |= tr_buf_addc(b, '{');
    kv_str(b, &bad, "number", r->number, 0);
    bad |= tr_buf_adds(b, ", \"documents\": [");
    for (size_t i = 0; i < r->nown; i++) {
        if (i)
            bad |= tr_buf_adds(b, ", ");
        docref(b, &bad, &r->own[i], 1);
    }
    bad |= tr_buf_adds(b, "], \"cited_by\": [");
    for (size_t i = 0; i < r->nciting; i++) {
        if (i)
            bad |= tr_buf_adds(b, ", ");
        docref(b, &bad, &r->citing[i], 0);
    }
    bad |= tr_buf_adds(b, "]}");
    return bad ? -1 : 0;
}

int tr_json_top(tr_buf *b, const tr_cited *v, size_t n)
{
    int bad = 0;
    char num[64];
    bad |= tr_buf_adds(b, "{\"top_cited\": [");
    for (size_t i = 0; i < n; i++) {
        bad |= tr_buf_adds(b, i ? ", {\"number\": " : "{\"number\": ");
        bad |= tr_json_cstr(b, v[i].number);
        snprintf(num, sizeof num, ", \"documents\": %lu}", v[i].documents);
        bad |= tr_buf_adds(b, num);
    }
    bad |= tr_buf_adds(b, "]}");
    return bad ? -1 : 0;
}

int tr_json_error(tr_buf *b, const char *msg, size_t col)
{
    int bad = 0;
    bad |= tr_buf_adds(b, "{\"error\": ");
    bad |= tr_json_cstr(b, msg);
    if (col) {
        char num[48];
        snprintf(num, sizeof num, ", \"column\": %zu", col);
        bad |= tr_buf_adds(b, num);
    }
    bad |= tr_buf_addc(b, '}');
    return bad ? -1 : 0;
}

/*
 * page_search.c — the search page: form, filters as chips, the year
 * chart, ranked hits with their passage, facets with exact counts, and
 * paging.  With no query and no filter it is the home page.
 *
 * Facet counts are those of the current query and filters (the same
 * counts tracuu-search prints), so clicking one never leads to an empty
 * page.  The year facet is listed by year, the others by count.
 */
#include "page.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tr_schema.h"

static const char *const FACET_LABEL[4] = {"Tỉnh, thành phố", "Năm", "Cơ quan ban hành",
                                           "Loại văn bản"};
static const char *const FILTER_LABEL[TR_NFILTERS] = {"Tỉnh", "Năm", "Cơ quan", "Loại",
                                                      "Trích dẫn"};
#define FACET_SHOWN 10

static void link_open(tr_buf *b, const tr_buf *url, const char *cls)
{
    tr_buf_adds(b, "<a");
    if (cls) {
        tr_buf_adds(b, " class=\"");
        tr_buf_adds(b, cls);
        tr_buf_addc(b, '"');
    }
    tr_buf_adds(b, " href=\"");
    wb_html(b, url->data, url->len);
    tr_buf_adds(b, "\">");
}

static int active_index(const wb_state *s, int f, const char *v)
{
    for (size_t j = 0; j < s->nfilter[f]; j++)
        if (strcmp(s->filter[f][j], v) == 0)
            return (int)j;
    return -1;
}

static void chips(tr_buf *b, const wb_state *s)
{
    int any = 0;
    for (int f = 0; f < TR_NFILTERS; f++)
        any |= s->nfilter[f] > 0;
    if (!any)
        return;
    tr_buf_adds(b, "<ul class=\"chips\" aria-label=\"Bộ lọc đang dùng\">");
    for (int f = 0; f < TR_NFILTERS; f++)
        for (size_t j = 0; j < s->nfilter[f]; j++) {
            tr_buf url = {0};
            wb_state_url(&url, s, "/", -1, NULL, f, j, 0, WB_KEEP_SORT);
            tr_buf_adds(b, "<li>");
            link_open(b, &url, "chip");
            tr_buf_adds(b, FILTER_LABEL[f]);
            tr_buf_adds(b, ": ");
            wb_htmls(b, s->filter[f][j]);
            tr_buf_adds(b, " <span aria-label=\"bỏ lọc\">×</span></a></li>");
            tr_buf_free(&url);
        }
    tr_buf url = {0};
    wb_state q = *s;
    memset(q.nfilter, 0, sizeof q.nfilter);
    wb_state_url(&url, &q, "/", -1, NULL, -1, 0, 0, WB_KEEP_SORT);
    tr_buf_adds(b, "<li>");
    link_open(b, &url, "chip clear");
    tr_buf_adds(b, "Bỏ mọi bộ lọc</a></li></ul>");
    tr_buf_free(&url);
}

static int cmp_year_desc(const void *a, const void *b)
{
    return strcmp(((const tr_facet_entry *)b)->value, ((const tr_facet_entry *)a)->value);
}

static void facet_item(tr_buf *b, const wb_state *s, int f, const tr_facet_entry *e)
{
    int act = active_index(s, f, e->value);
    tr_buf url = {0};
    if (act >= 0)
        wb_state_url(&url, s, "/", -1, NULL, f, (size_t)act, 0, WB_KEEP_SORT);
    else
        wb_state_url(&url, s, "/", f, e->value, -1, 0, 0, WB_KEEP_SORT);
    tr_buf_adds(b, "<li>");
    link_open(b, &url, act >= 0 ? "facet on" : "facet");
    tr_buf_adds(b, "<span class=\"v\">");
    wb_htmls(b, e->value);
    tr_buf_adds(b, "</span> <span class=\"n\">");
    wb_num(b, e->count);
    tr_buf_adds(b, "</span></a></li>");
    tr_buf_free(&url);
}

static void facets(tr_buf *b, const tr_result *res, const wb_state *s)
{
    tr_buf_adds(b, "<aside class=\"facets\" aria-label=\"Lọc kết quả\">");
    if (!res->facets_exact)
        tr_buf_adds(b, "<p class=\"note\">Số đếm dưới đây là ước tính từ một phần kết quả "
                       "(kết quả quá nhiều để đếm đủ trong thời gian cho phép).</p>");
    for (int k = 0; k < 4; k++) {
        const tr_facet *fa = &res->facets[k];
        if (fa->n == 0)
            continue;
        tr_facet_entry *v = malloc(fa->n * sizeof *v);
        if (!v)
            continue;
        memcpy(v, fa->v, fa->n * sizeof *v);
        if (k == 1)
            qsort(v, fa->n, sizeof *v, cmp_year_desc);
        tr_buf_adds(b, "<section class=\"fgroup\" data-facet=\"");
        tr_buf_adds(b, tr_filter_names[k]);
        tr_buf_adds(b, "\"><h2>");
        tr_buf_adds(b, FACET_LABEL[k]);
        tr_buf_adds(b, "</h2><ul>");
        for (size_t j = 0; j < fa->n && j < FACET_SHOWN; j++)
            facet_item(b, s, k, &v[j]);
        tr_buf_adds(b, "</ul>");
        if (fa->n > FACET_SHOWN) {
            char more[64];
            snprintf(more, sizeof more, "<details><summary>Thêm %zu</summary><ul>",
                     fa->n - FACET_SHOWN);
            tr_buf_adds(b, more);
            for (size_t j = FACET_SHOWN; j < fa->n; j++)
                facet_item(b, s, k, &v[j]);
            tr_buf_adds(b, "</ul></details>");
        }
        tr_buf_adds(b, "</section>");
        free(v);
    }
    tr_buf url = {0};
    wb_state_url(&url, s, "/trich-dan", -1, NULL, -1, 0, 0, 0);
    tr_buf_adds(b, "<p class=\"more\">");
    link_open(b, &url, NULL);
    tr_buf_adds(b, "Văn bản được trích dẫn nhiều nhất trong các kết quả này</a></p></aside>");
    tr_buf_free(&url);
}

static void hit_meta(tr_buf *b, const tr_hit *h)
{
    const char *parts[5] = {h->number, h->type, h->body, h->province,
                            h->date ? h->date : h->year};
    int first = 1;
    tr_buf_adds(b, "<p class=\"meta\">");
    for (int i = 0; i < 5; i++) {
        if (!parts[i])
            continue;
        if (!first)
            tr_buf_adds(b, " · ");
        wb_htmls(b, parts[i]);
        first = 0;
    }
    if (first)
        tr_buf_adds(b, "(chưa rõ số hiệu, cơ quan, ngày)");
    tr_buf_adds(b, "</p>");
}

/* A link to the number's page: /so/43-CT%2FTW. */
static void number_link(tr_buf *b, const char *number)
{
    tr_buf_adds(b, "<a class=\"cite\" href=\"/so/");
    tr_buf url = {0};
    wb_urls(&url, number);
    wb_html(b, url.data, url.len);
    tr_buf_free(&url);
    tr_buf_adds(b, "\">");
    wb_htmls(b, number);
    tr_buf_adds(b, "</a>");
}

static void hit(tr_buf *b, const tr_hit *h, const wb_state *s)
{
    char id[32];
    snprintf(id, sizeof id, "%u", h->docid);
    tr_buf_adds(b, "<li class=\"hit\"><h3><a href=\"/van-ban/");
    tr_buf_adds(b, id);
    if (*s->q) {
        tr_buf url = {0};
        wb_urls(&url, s->q);
        tr_buf_adds(b, "?q=");
        wb_html(b, url.data, url.len);
        tr_buf_free(&url);
    }
    tr_buf_adds(b, "\">");
    if (h->title) {
        wb_htmls(b, h->title);
    } else {
        const char *base = h->path ? strrchr(h->path, '/') : NULL;
        tr_buf_adds(b, "(không tên) ");
        wb_htmls(b, base ? base + 1 : h->path ? h->path : "");
    }
    tr_buf_adds(b, "</a></h3>");
    hit_meta(b, h);
    if (h->snippet && *h->snippet) {
        tr_buf_adds(b, "<p class=\"snippet\">");
        wb_marked(b, h->snippet, strlen(h->snippet), h->hl, h->nhl);
        tr_buf_adds(b, "</p>");
    }
    if (h->ncites) {
        tr_buf_adds(b, "<p class=\"cites\">Trích dẫn: ");
        for (size_t k = 0; k < h->ncites && k < 8; k++) {
            if (k)
                tr_buf_adds(b, ", ");
            number_link(b, h->cites[k]);
        }
        if (h->ncites > 8)
            tr_buf_adds(b, "…");
        tr_buf_adds(b, "</p>");
    }
    tr_buf_adds(b, "<p class=\"path\"><a href=\"/tai/");
    tr_buf_adds(b, id);
    tr_buf_adds(b, "\">");
    const char *base = h->path ? strrchr(h->path, '/') : NULL;
    wb_htmls(b, base ? base + 1 : h->path ? h->path : "");
    tr_buf_adds(b, "</a>");
    if (h->format) {
        tr_buf_adds(b, " <span class=\"fmt\">");
        wb_htmls(b, h->format);
        tr_buf_adds(b, "</span>");
    }
    tr_buf_adds(b, "</p></li>");
}

static void sort_links(tr_buf *b, const wb_state *s)
{
    static const int sorts[3] = {0, -1, 1};
    static const char *const label[3] = {"Liên quan nhất", "Mới nhất", "Cũ nhất"};
    tr_buf_adds(b, "<nav class=\"sort\" aria-label=\"Sắp xếp\">Sắp xếp: ");
    for (int i = 0; i < 3; i++) {
        if (i)
            tr_buf_adds(b, " · ");
        if (s->sort == sorts[i]) {
            tr_buf_adds(b, "<strong>");
            tr_buf_adds(b, label[i]);
            tr_buf_adds(b, "</strong>");
            continue;
        }
        tr_buf url = {0};
        wb_state_url(&url, s, "/", -1, NULL, -1, 0, 0, sorts[i]);
        link_open(b, &url, NULL);
        tr_buf_adds(b, label[i]);
        tr_buf_adds(b, "</a>");
        tr_buf_free(&url);
    }
    tr_buf_adds(b, "</nav>");
}

static void pager(tr_buf *b, const tr_result *res, const wb_state *s)
{
    unsigned long pages = (res->total + WB_PAGE_SIZE - 1) / WB_PAGE_SIZE;
    if (pages > WB_MAX_PAGE)
        pages = WB_MAX_PAGE;
    if (pages <= 1)
        return;
    tr_buf_adds(b, "<nav class=\"pager\" aria-label=\"Trang\">");
    unsigned lo = s->page > 4 ? s->page - 4 : 1;
    unsigned hi = lo + 8 < pages ? lo + 8 : (unsigned)pages;
    char num[32];
    if (s->page > 1) {
        tr_buf url = {0};
        wb_state_url(&url, s, "/", -1, NULL, -1, 0, s->page - 1, WB_KEEP_SORT);
        link_open(b, &url, "prev");
        tr_buf_adds(b, "← Trước</a>");
        tr_buf_free(&url);
    }
    for (unsigned p = lo; p <= hi; p++) {
        snprintf(num, sizeof num, "%u", p);
        if (p == s->page) {
            tr_buf_adds(b, "<strong aria-current=\"page\">");
            tr_buf_adds(b, num);
            tr_buf_adds(b, "</strong>");
            continue;
        }
        tr_buf url = {0};
        wb_state_url(&url, s, "/", -1, NULL, -1, 0, p, WB_KEEP_SORT);
        link_open(b, &url, NULL);
        tr_buf_adds(b, num);
        tr_buf_adds(b, "</a>");
        tr_buf_free(&url);
    }
    if (s->page < pages) {
        tr_buf url = {0};
        wb_state_url(&url, s, "/", -1, NULL, -1, 0, s->page + 1, WB_KEEP_SORT);
        link_open(b, &url, "next");
        tr_buf_adds(b, "Sau →</a>");
        tr_buf_free(&url);
    }
    tr_buf_adds(b, "</nav>");
}

static void home(tr_buf *b, tr_db *db)
{
    tr_buf_adds(b, "<main class=\"home\"><h1>Tra cứu văn bản</h1><p>Chỉ mục có ");
    wb_num(b, tr_db_doccount(db));
    tr_buf_adds(b,
        " văn bản. Gõ vài từ, có dấu hoặc không dấu; đặt cụm từ trong ngoặc kép để tìm "
        "đúng cụm.</p><ul class=\"examples\">"
        "<li><a href=\"/?q=%22gi%E1%BA%A3i+ph%C3%B3ng+m%E1%BA%B7t+b%E1%BA%B1ng%22\">"
        "&quot;giải phóng mặt bằng&quot;</a> — theo năm, theo tỉnh</li>"
        "<li><a href=\"/so/43-CT%2FTW\">43-CT/TW</a> — văn bản nào trích dẫn Chỉ thị 43</li>"
        "<li><a href=\"/?q=dan+van+kheo\">dan van kheo</a> — không dấu cũng được</li>"
        "<li><a href=\"/trich-dan\">Văn bản được trích dẫn nhiều nhất</a></li></ul></main>");
}

static void query_error(wb_resp *resp, const wb_state *s, const tr_search_err *e, int rc)
{
    tr_buf *b = &resp->body;
    resp->status = rc == TR_SEARCH_NOMEM ? 503 : 400;
    resp->ctype = "text/html; charset=utf-8";
    tr_buf_clear(b);
    wb_page_begin(b, "Truy vấn không hợp lệ", s);
    tr_buf_adds(b, "<main class=\"error\"><h1>Truy vấn không hợp lệ</h1><p>");
    if (rc == TR_SEARCH_QUERY) {
        char col[64];
        snprintf(col, sizeof col, "Lỗi ở cột %zu: ", e->qe.col);
        tr_buf_adds(b, col);
        wb_htmls(b, e->qe.msg);
        tr_buf_adds(b, "</p><pre class=\"caret\">");
        wb_htmls(b, s->q);
        tr_buf_addc(b, '\n');
        for (size_t i = 1; i < e->qe.col && i < 400; i++)
            tr_buf_addc(b, ' ');
        tr_buf_adds(b, "^</pre>");
    } else if (rc == TR_SEARCH_FILTER) {
        tr_buf_adds(b, "Bộ lọc ");
        tr_buf_adds(b, FILTER_LABEL[e->field]);
        tr_buf_adds(b, " “");
        wb_htmls(b, e->value);
        tr_buf_adds(b, "”: ");
        wb_htmls(b, e->qe.msg);
        tr_buf_adds(b, "</p>");
    } else {
        tr_buf_adds(b, "Máy chủ thiếu bộ nhớ; xin thử lại.</p>");
    }
    tr_buf_adds(b, "<p><a href=\"/huong-dan\">Cách viết truy vấn</a></p></main>");
    wb_page_end(b);
}

void wb_page_search(const wb_req *r, wb_resp *resp)
{
    wb_state s;
    wb_state_read(r, &s);
    tr_buf *b = &resp->body;
    int any = *s.q != 0;
    for (int f = 0; f < TR_NFILTERS; f++)
        any |= s.nfilter[f] > 0;
    resp->status = 200;
    resp->ctype = "text/html; charset=utf-8";
    if (!any) {
        wb_page_begin(b, "Tra cứu văn bản", &s);
        home(b, r->db);
        wb_page_end(b);
        return;
    }
    tr_search_req req;
    tr_result res;
    tr_search_err e;
    wb_state_req(&s, &req);
    int rc = tr_search_run(r->db, &req, &res, &e);
    if (rc == TR_SEARCH_DB) {
        wb_page_error(resp, 503, "Không đọc được chỉ mục", tr_db_errmsg(r->db));
        return;
    }
    if (rc != TR_SEARCH_OK) {
        query_error(resp, &s, &e, rc);
        return;
    }
    wb_page_begin(b, *s.q ? s.q : "Lọc văn bản", &s);
    tr_buf_adds(b, "<div class=\"layout\"><main class=\"results\">");
    if (res.fallback) {
        wb_state ex = s;
        ex.mode = TR_MODE_EXACT;
        tr_buf url = {0};
        wb_state_url(&url, &ex, "/", -1, NULL, -1, 0, 0, WB_KEEP_SORT);
        tr_buf_adds(b, "<p class=\"notice\" role=\"status\">Không có văn bản nào khớp đúng "
                       "dấu đã gõ; đang hiện các văn bản khớp khi bỏ dấu. ");
        link_open(b, &url, NULL);
        tr_buf_adds(b, "Chỉ khớp đúng dấu</a></p>");
        tr_buf_free(&url);
    } else if (res.total == 0 && s.mode == TR_MODE_EXACT && *s.q) {
        wb_state fo = s;
        fo.mode = TR_MODE_FOLD;
        tr_buf url = {0};
        wb_state_url(&url, &fo, "/", -1, NULL, -1, 0, 0, WB_KEEP_SORT);
        tr_buf_adds(b, "<p class=\"notice\" role=\"status\">Không có văn bản nào khớp đúng "
                       "từng dấu. ");
        link_open(b, &url, NULL);
        tr_buf_adds(b, "Tìm không dấu</a></p>");
        tr_buf_free(&url);
    }
    if (res.nmissing) {
        /* Never silently: an answer without some shards says which. */
        tr_buf_adds(b, "<p class=\"notice\" role=\"status\">Kết quả chưa đầy đủ: không liên lạc "
                       "được với phần chỉ mục ");
        for (size_t i = 0; i < res.nmissing; i++) {
            if (i)
                tr_buf_adds(b, ", ");
            wb_htmls(b, res.missing[i]);
        }
        tr_buf_adds(b, ".</p>");
    }
    chips(b, &s);
    char ms[64];
    snprintf(ms, sizeof ms, " · %.1f ms", res.elapsed_ms);
    for (char *p = ms; *p; p++)
        if (*p == '.')
            *p = ',';
    tr_buf_adds(b, "<p class=\"summary\" id=\"summary\" data-total=\"");
    char tot[32];
    snprintf(tot, sizeof tot, "%lu", res.total);
    tr_buf_adds(b, tot);
    tr_buf_adds(b, "\">");
    if (res.total == 0) {
        tr_buf_adds(b, "Không tìm thấy văn bản nào");
    } else {
        tr_buf_adds(b, res.total_exact ? "Tìm thấy <strong>" : "Tìm thấy khoảng <strong>≈ ");
        wb_num(b, res.total);
        tr_buf_adds(b, "</strong> văn bản");
        if (!res.total_exact) {
            /* Never silently: say it is an estimate, and within what. */
            tr_buf_adds(b, " <span class=\"est\">(ước tính, từ ");
            wb_num(b, res.total_lo);
            tr_buf_adds(b, " đến ");
            wb_num(b, res.total_hi);
            tr_buf_adds(b, ")</span>");
        }
        if (res.nhits) {
            char win[64];
            snprintf(win, sizeof win, " (hiện %u–%u)", res.offset + 1,
                     res.offset + (unsigned)res.nhits);
            tr_buf_adds(b, win);
        }
    }
    tr_buf_adds(b, ms);
    tr_buf_adds(b, "</p>");
    if (res.total > 0) {
        sort_links(b, &s);
        wb_year_chart(b, &res, &s);
    }
    char start[32];
    snprintf(start, sizeof start, "%u", res.offset + 1);
    tr_buf_adds(b, "<ol class=\"hits\" start=\"");
    tr_buf_adds(b, start);
    tr_buf_adds(b, "\">");
    for (size_t i = 0; i < res.nhits; i++)
        hit(b, &res.hits[i], &s);
    tr_buf_adds(b, "</ol>");
    pager(b, &res, &s);
    tr_buf_adds(b, "</main>");
    if (res.total > 0)
        facets(b, &res, &s);
    tr_buf_adds(b, "</div>");
    wb_page_end(b);
    tr_result_free(&res);
}

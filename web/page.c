/*
 * page.c — the URL state, links and frame every page shares.  See page.h.
 *
 * Escaping discipline: text goes through wb_html, URL components through
 * wb_url, and a built URL goes through wb_html once more when written into
 * an attribute.  Nothing from a request or a document reaches the output
 * any other way.
 */
#include "config.h"
#include "page.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

const char *const wb_filter_params[TR_NFILTERS] = {"tinh", "nam", "coquan", "loai",
                                                   "trich"};

unsigned long wb_count_budget;
unsigned long wb_top_max_docs = 20000;

static const char *const MODE_PARAM[3] = {"tu-dong", "chinh-xac", "khong-dau"};

void wb_state_read(const wb_req *r, wb_state *s)
{
    memset(s, 0, sizeof *s);
    s->q = "";
    s->mode = TR_MODE_AUTO;
    s->page = 1;
    for (size_t i = 0; i < r->nargs; i++) {
        const char *k = r->args[i].key, *v = r->args[i].value;
        if (strcmp(k, "q") == 0) {
            s->q = v;
        } else if (strcmp(k, "dau") == 0) {
            for (int m = 0; m < 3; m++)
                if (strcmp(v, MODE_PARAM[m]) == 0)
                    s->mode = (tr_mode)m;
        } else if (strcmp(k, "sx") == 0) {
            s->sort = strcmp(v, "moi-nhat") == 0 ? -1 : strcmp(v, "cu-nhat") == 0 ? 1 : 0;
        } else if (strcmp(k, "trang") == 0) {
            long p = strtol(v, NULL, 10);
            s->page = p < 1 ? 1 : p > WB_MAX_PAGE ? WB_MAX_PAGE : (unsigned)p;
        } else {
            for (int f = 0; f < TR_NFILTERS; f++) {
                if (strcmp(k, wb_filter_params[f]) != 0 || !*v)
                    continue;
                int dup = 0;
                for (size_t j = 0; j < s->nfilter[f] && !dup; j++)
                    dup = strcmp(s->filter[f][j], v) == 0;
                if (!dup && s->nfilter[f] < TR_FILTER_MAX)
                    s->filter[f][s->nfilter[f]++] = v;
            }
        }
    }
}

void wb_state_req(const wb_state *s, tr_search_req *req)
{
    memset(req, 0, sizeof *req);
    req->query = s->q;
    req->mode = s->mode;
    for (int f = 0; f < TR_NFILTERS; f++) {
        req->nfilter[f] = s->nfilter[f];
        for (size_t j = 0; j < s->nfilter[f]; j++)
            req->filter[f][j] = s->filter[f][j];
    }
    req->sort = s->sort;
    req->limit = WB_PAGE_SIZE;
    req->offset = (s->page - 1) * WB_PAGE_SIZE;
    req->count_budget = wb_count_budget;
}

static void param(tr_buf *b, int *first, const char *k, const char *v)
{
    tr_buf_addc(b, *first ? '?' : '&');
    *first = 0;
    tr_buf_adds(b, k);
    tr_buf_addc(b, '=');
    wb_urls(b, v);
}

int wb_state_url(tr_buf *b, const wb_state *s, const char *base, int add_field,
                 const char *add_value, int del_field, size_t del_index,
                 unsigned page, int sort)
{
    int first = 1;
    tr_buf_adds(b, base ? base : "/");
    if (*s->q)
        param(b, &first, "q", s->q);
    if (s->mode != TR_MODE_AUTO)
        param(b, &first, "dau", MODE_PARAM[s->mode]);
    for (int f = 0; f < TR_NFILTERS; f++) {
        for (size_t j = 0; j < s->nfilter[f]; j++)
            if (!(f == del_field && j == del_index))
                param(b, &first, wb_filter_params[f], s->filter[f][j]);
        if (f == add_field && add_value)
            param(b, &first, wb_filter_params[f], add_value);
    }
    if (sort == WB_KEEP_SORT)
        sort = s->sort;
    if (sort)
        param(b, &first, "sx", sort < 0 ? "moi-nhat" : "cu-nhat");
    if (page > 1) {
        char num[16];
        snprintf(num, sizeof num, "%u", page);
        param(b, &first, "trang", num);
    }
    return 0;
}

void wb_page_begin(tr_buf *b, const char *title, const wb_state *s)
{
    tr_buf_adds(b, "<!doctype html>\n<html lang=\"vi\"><head><meta charset=\"utf-8\">"
                   "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
                   "<title>");
    wb_htmls(b, title);
    tr_buf_adds(b, " · tra cứu</title><link rel=\"stylesheet\" href=\"/static/style.css\">"
                   "<script src=\"/static/app.js\" defer></script></head>\n<body>"
                   "<header class=\"top\"><a class=\"brand\" href=\"/\">tra cứu</a>"
                   "<form class=\"search\" action=\"/\" method=\"get\" role=\"search\">"
                   "<input type=\"search\" name=\"q\" id=\"q\" aria-label=\"Từ khóa\" "
                   "placeholder=\"giải phóng mặt bằng, so:43-CT/TW, tinh:&quot;Quảng Ngãi&quot;…\" value=\"");
    wb_htmls(b, s ? s->q : "");
    tr_buf_adds(b, "\"><select name=\"dau\" aria-label=\"Cách khớp dấu\">");
    static const char *const label[3] = {"Dấu: tự động", "Dấu: chính xác", "Không dấu"};
    static const int order[3] = {TR_MODE_AUTO, TR_MODE_FOLD, TR_MODE_EXACT};
    for (int i = 0; i < 3; i++) {
        int m = order[i];
        tr_buf_adds(b, "<option value=\"");
        tr_buf_adds(b, MODE_PARAM[m]);
        tr_buf_adds(b, s && s->mode == (tr_mode)m ? "\" selected>" : "\">");
        tr_buf_adds(b, label[m]);
        tr_buf_adds(b, "</option>");
    }
    tr_buf_adds(b, "</select>");
    /* A new query keeps the filters and the sort: they are what the user
     * chose on the page; the chips remove them. */
    for (int f = 0; s && f < TR_NFILTERS; f++)
        for (size_t j = 0; j < s->nfilter[f]; j++) {
            tr_buf_adds(b, "<input type=\"hidden\" name=\"");
            tr_buf_adds(b, wb_filter_params[f]);
            tr_buf_adds(b, "\" value=\"");
            wb_htmls(b, s->filter[f][j]);
            tr_buf_adds(b, "\">");
        }
    if (s && s->sort)
        tr_buf_adds(b, s->sort < 0 ? "<input type=\"hidden\" name=\"sx\" value=\"moi-nhat\">"
                                   : "<input type=\"hidden\" name=\"sx\" value=\"cu-nhat\">");
    tr_buf_adds(b, "<button type=\"submit\">Tìm</button></form>"
                   "<a class=\"help\" href=\"/huong-dan\">Hướng dẫn</a></header>\n");
}

void wb_page_end(tr_buf *b)
{
    tr_buf_adds(b, "\n<footer>tracuu " TR_VERSION " · <a href=\"/huong-dan\">Cách viết "
                   "truy vấn</a> · <a href=\"/trich-dan\">Văn bản được trích dẫn nhiều nhất</a>"
                   " · <a href=\"/api/stats\">API</a></footer></body></html>\n");
}

void wb_page_error(wb_resp *resp, int status, const char *title, const char *msg)
{
    resp->status = status;
    resp->ctype = "text/html; charset=utf-8";
    tr_buf_clear(&resp->body);
    wb_page_begin(&resp->body, title, NULL);
    tr_buf_adds(&resp->body, "<main class=\"error\"><h1>");
    wb_htmls(&resp->body, title);
    tr_buf_adds(&resp->body, "</h1><p>");
    wb_htmls(&resp->body, msg);
    tr_buf_adds(&resp->body, "</p><p><a href=\"/\">Về trang tìm kiếm</a></p></main>");
    wb_page_end(&resp->body);
}

void wb_num(tr_buf *b, unsigned long n)
{
    char digits[32], out[48];
    int len = snprintf(digits, sizeof digits, "%lu", n), o = 0;
    for (int i = 0; i < len; i++) {
        if (i && (len - i) % 3 == 0)
            out[o++] = '.';
        out[o++] = digits[i];
    }
    out[o] = '\0';
    tr_buf_adds(b, out);
}

void wb_marked(tr_buf *b, const char *s, size_t len, const tr_span *hl, size_t nhl)
{
    size_t at = 0;
    for (size_t k = 0; k < nhl; k++) {
        if (hl[k].start < at || hl[k].start + hl[k].len > len)
            continue;
        wb_html(b, s + at, hl[k].start - at);
        tr_buf_adds(b, "<mark>");
        wb_html(b, s + hl[k].start, hl[k].len);
        tr_buf_adds(b, "</mark>");
        at = hl[k].start + hl[k].len;
    }
    wb_html(b, s + at, len - at);
}

void wb_year_chart(tr_buf *b, const tr_result *res, const wb_state *s)
{
    int lo, hi;
    unsigned long known, max = 0;
    tr_result_years(res, &lo, &hi, &known);
    if (!lo || hi < lo)
        return;
    if (hi - lo > 200)   /* a stray year far off would squash the chart */
        lo = hi - 200;
    for (int y = lo; y <= hi; y++) {
        unsigned long c = tr_result_year_count(res, y);
        if (c > max)
            max = c;
    }
    const int bw = 28, gap = 6, ch = 120, top = 18, foot = 20;
    int n = hi - lo + 1, w = n * (bw + gap) + gap;
    char buf[512];
    snprintf(buf, sizeof buf,
             "<figure class=\"chart\"><figcaption>Số văn bản theo năm</figcaption>"
             "<svg role=\"img\" aria-label=\"Số văn bản theo năm\" viewBox=\"0 0 %d %d\" "
             "width=\"%d\" height=\"%d\" xmlns=\"http://www.w3.org/2000/svg\">",
             w, top + ch + foot, w, top + ch + foot);
    tr_buf_adds(b, buf);
    for (int y = lo; y <= hi; y++) {
        unsigned long c = tr_result_year_count(res, y);
        int h = max ? (int)((double)c * ch / (double)max + 0.5) : 0;
        if (c && h < 2)
            h = 2;
        int x = gap + (y - lo) * (bw + gap);
        char year[16];
        snprintf(year, sizeof year, "%d", y);
        tr_buf tmp = {0};
        wb_state_url(&tmp, s, "/", TR_F_YEAR, year, -1, 0, 0, WB_KEEP_SORT);
        tr_buf_adds(b, "<a class=\"bar\" href=\"");
        wb_html(b, tmp.data, tmp.len);
        tr_buf_free(&tmp);
        snprintf(buf, sizeof buf,
                 "\"><title>Năm %d: %lu văn bản</title>"
                 "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" data-year=\"%d\" "
                 "data-count=\"%lu\"></rect>"
                 "<rect class=\"hit\" x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\"></rect>"
                 "<text class=\"count\" x=\"%d\" y=\"%d\">%lu</text>"
                 "<text class=\"year\" x=\"%d\" y=\"%d\">%d</text></a>",
                 y, c, x, top + ch - h, bw, h, y, c, x, top, bw, ch, x + bw / 2,
                 top + ch - h - 4, c, x + bw / 2, top + ch + 14, y);
        tr_buf_adds(b, buf);
    }
    tr_buf_adds(b, "</svg>");
    if (res->total > known) {
        tr_buf_adds(b, "<p class=\"note\">Không rõ năm: ");
        wb_num(b, res->total - known);
        tr_buf_adds(b, " văn bản</p>");
    }
    tr_buf_adds(b, "</figure>");
}

/*
 * page_doc.c — one document, one document number, the most cited numbers,
 * and the download of an original file.
 *
 * The document view shows the stored text (what was indexed, which is what
 * the user searched), the query's words marked in it, and every citation
 * as a link: to the cited document when it is indexed, else to the search
 * for the documents citing it — so a researcher can walk the citation
 * graph in both directions without typing a number.
 *
 * Downloads go by docid only: the path comes from the index, never from
 * the request, so nothing but an indexed file can be read.
 */
#include "page.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "tr_cite.h"
#include "tr_docview.h"
#include "tr_schema.h"

static const char *const FIELD_LABEL[TR_DOC_NFIELDS] = {
    "Số hiệu", "Loại văn bản", "Trích yếu", "Cơ quan ban hành", "Thay mặt",
    "Tỉnh, thành phố", "Ngày", "Năm", "Người ký", "Định dạng", "Bảng mã cũ",
    "Trang nhận dạng (OCR)"};

static void id_link(tr_buf *b, unsigned docid, const char *q)
{
    char id[48];
    snprintf(id, sizeof id, "/van-ban/%u", docid);
    tr_buf_adds(b, "<a href=\"");
    tr_buf_adds(b, id);
    if (q && *q) {
        tr_buf url = {0};
        wb_urls(&url, q);
        tr_buf_adds(b, "?q=");
        wb_html(b, url.data, url.len);
        tr_buf_free(&url);
    }
    tr_buf_adds(b, "\">");
}

/* A document's title (else its path) as a link to its page. */
static void title_link(tr_buf *b, unsigned docid, const char *title, const char *path)
{
    id_link(b, docid, NULL);
    wb_htmls(b, title ? title : path ? path : "(không tên)");
    tr_buf_adds(b, "</a>");
}

/* href for a number: its own document when indexed, else its citers. */
static void cite_href(tr_buf *b, tr_db *db, const char *canon)
{
    unsigned docid;
    char term[96];
    snprintf(term, sizeof term, "%s%s", TR_PFX_NUMBER, canon);
    tr_buf url = {0};
    if (tr_db_termfreq(db, term) > 0 && tr_doc_resolve(db, canon, &docid) == 0) {
        char id[32];
        snprintf(id, sizeof id, "/van-ban/%u", docid);
        tr_buf_adds(&url, id);
    } else {
        tr_buf_adds(&url, "/so/");
        wb_urls(&url, canon);
    }
    wb_html(b, url.data, url.len);
    tr_buf_free(&url);
}

/* Document text for a <div class="text">: pages (\f) become rules. */
static void text_seg(tr_buf *b, const char *s, size_t len)
{
    size_t at = 0;
    for (size_t i = 0; i <= len; i++) {
        if (i < len && s[i] != '\f' && s[i] != '\r')
            continue;
        wb_html(b, s + at, i - at);
        if (i < len && s[i] == '\f')
            tr_buf_adds(b, "<hr class=\"page\">");
        at = i + 1;
    }
}

/* The text with highlights and citation links woven in.  A highlight
 * overlapping a citation is dropped: the link already stands out. */
static void doc_text(tr_buf *b, tr_db *db, const tr_docinfo *d, const tr_span *hl,
                     size_t nhl)
{
    size_t at = 0, h = 0;
    tr_buf_adds(b, "<div class=\"text\" id=\"text\">");
    for (size_t c = 0; c <= d->ncites; c++) {
        size_t cs = c < d->ncites ? d->cites[c].start : d->tlen;
        size_t ce = c < d->ncites ? cs + d->cites[c].len : d->tlen;
        if (cs < at)
            continue;   /* overlapping citation spans: keep the first */
        for (; h < nhl && hl[h].start < cs; h++) {
            if (hl[h].start < at || hl[h].start + hl[h].len > cs)
                continue;
            text_seg(b, d->text + at, hl[h].start - at);
            tr_buf_adds(b, "<mark>");
            text_seg(b, d->text + hl[h].start, hl[h].len);
            tr_buf_adds(b, "</mark>");
            at = hl[h].start + hl[h].len;
        }
        text_seg(b, d->text + at, cs - at);
        if (c == d->ncites)
            break;
        tr_buf_adds(b, "<a class=\"cite\" href=\"");
        cite_href(b, db, d->cites[c].canon);
        tr_buf_adds(b, "\" title=\"");
        wb_htmls(b, d->cites[c].canon);
        tr_buf_adds(b, "\">");
        text_seg(b, d->text + cs, ce - cs);
        tr_buf_adds(b, "</a>");
        at = ce;
    }
    tr_buf_adds(b, "</div>");
}

/* The documents citing number, newest first, each with the sentence that
 * cites it (the search makes that sentence the snippet), at most limit;
 * with a chart of citers per year when asked.  Going through the search
 * keeps a page cheap however often a directive is cited: only the shown
 * citers' texts are read. */
static void citers(tr_buf *b, tr_db *db, const char *number, unsigned limit, int chart)
{
    wb_state s;
    memset(&s, 0, sizeof s);
    s.q = "";
    s.page = 1;
    s.sort = -1;
    s.filter[TR_F_CITES][0] = number;
    s.nfilter[TR_F_CITES] = 1;
    tr_search_req req;
    tr_result res;
    tr_search_err e;
    wb_state_req(&s, &req);
    req.limit = limit;
    if (tr_search_run(db, &req, &res, &e) != TR_SEARCH_OK) {
        tr_buf_adds(b, "<p>Không đọc được danh sách văn bản trích dẫn.</p>");
        return;
    }
    tr_buf_adds(b, "<section class=\"citedby\"><h2>Được trích dẫn bởi ");
    if (!res.total_exact)
        tr_buf_adds(b, "≈ ");
    wb_num(b, res.total);
    tr_buf_adds(b, " văn bản</h2>");
    if (chart && res.total)
        wb_year_chart(b, &res, &s);
    tr_buf_adds(b, "<ul class=\"citers\">");
    for (size_t i = 0; i < res.nhits; i++) {
        const tr_hit *h = &res.hits[i];
        tr_buf_adds(b, "<li>");
        title_link(b, h->docid, h->title, h->path);
        tr_buf_adds(b, "<span class=\"meta\">");
        const char *parts[3] = {h->number, h->province, h->date ? h->date : h->year};
        for (int k = 0, first = 1; k < 3; k++)
            if (parts[k]) {
                tr_buf_adds(b, first ? " " : " · ");
                wb_htmls(b, parts[k]);
                first = 0;
            }
        tr_buf_adds(b, "</span>");
        if (h->snippet && *h->snippet) {
            tr_buf_adds(b, "<blockquote>");
            wb_marked(b, h->snippet, strlen(h->snippet), h->hl, h->nhl);
            tr_buf_adds(b, "</blockquote>");
        }
        tr_buf_adds(b, "</li>");
    }
    tr_buf_adds(b, "</ul>");
    if (res.total > res.nhits) {
        tr_buf url = {0};
        wb_state_url(&url, &s, "/", -1, NULL, -1, 0, 0, WB_KEEP_SORT);
        tr_buf_adds(b, "<p><a href=\"");
        wb_html(b, url.data, url.len);
        tr_buf_adds(b, "\">Xem tất cả, lọc theo tỉnh, năm…</a></p>");
        tr_buf_free(&url);
    }
    tr_buf_adds(b, "</section>");
    tr_result_free(&res);
}

void wb_page_doc(const wb_req *r, wb_resp *resp, unsigned docid)
{
    tr_docinfo d;
    int rc = tr_docinfo_load(r->db, docid, &d);
    if (rc == 1) {
        wb_page_error(resp, 404, "Không có văn bản này",
                      "Chỉ mục không có văn bản mang mã số này (có thể đã bị xóa khỏi kho).");
        return;
    }
    if (rc != 0) {
        wb_page_error(resp, 500, "Không đọc được văn bản", "Bản lưu của văn bản bị hỏng.");
        return;
    }
    wb_state s;
    wb_state_read(r, &s);
    tr_buf *b = &resp->body;
    resp->status = 200;
    resp->ctype = "text/html; charset=utf-8";
    const char *title = tr_docinfo_get(&d, "title");
    const char *number = tr_docinfo_get(&d, "number");
    const char *base = d.path ? strrchr(d.path, '/') : NULL;
    base = base ? base + 1 : d.path ? d.path : "";
    wb_page_begin(b, title ? title : number ? number : base, &s);
    tr_buf_adds(b, "<main class=\"doc\"><h1>");
    wb_htmls(b, title ? title : base);
    tr_buf_adds(b, "</h1><dl class=\"fields\">");
    for (size_t i = 0; i < TR_DOC_NFIELDS; i++) {
        if (!d.field[i])
            continue;
        /* "Thay mặt" only says something when it is another organ. */
        if (strcmp(tr_doc_fields[i], "signed_for") == 0 && tr_docinfo_get(&d, "body") &&
            strcmp(d.field[i], tr_docinfo_get(&d, "body")) == 0)
            continue;
        tr_buf_adds(b, "<dt>");
        tr_buf_adds(b, FIELD_LABEL[i]);
        tr_buf_adds(b, "</dt><dd>");
        wb_htmls(b, d.field[i]);
        tr_buf_adds(b, "</dd>");
    }
    char id[48];
    snprintf(id, sizeof id, "<dt>Tệp gốc</dt><dd><a href=\"/tai/%u\">", docid);
    tr_buf_adds(b, id);
    wb_htmls(b, base);
    tr_buf_adds(b, "</a></dd></dl>");

    /* What it cites, each number once. */
    if (d.ncites) {
        tr_buf_adds(b, "<section class=\"cites\"><h2>Văn bản này trích dẫn</h2><ul>");
        for (size_t i = 0; i < d.ncites; i++) {
            int dup = 0;
            for (size_t j = 0; j < i && !dup; j++)
                dup = strcmp(d.cites[j].canon, d.cites[i].canon) == 0;
            if (dup)
                continue;
            tr_buf_adds(b, "<li><a class=\"cite\" href=\"");
            cite_href(b, r->db, d.cites[i].canon);
            tr_buf_adds(b, "\">");
            wb_htmls(b, d.cites[i].canon);
            tr_buf_adds(b, "</a> · <a href=\"/so/");
            tr_buf url = {0};
            wb_urls(&url, d.cites[i].canon);
            wb_html(b, url.data, url.len);
            tr_buf_free(&url);
            tr_buf_adds(b, "\">ai trích dẫn</a></li>");
        }
        tr_buf_adds(b, "</ul></section>");
    }
    /* Who cites it, with the citing sentence. */
    char canon[96];
    if (number && tr_cite_canonical(number, canon) == 0)
        citers(b, r->db, canon, 50, 0);
    tr_span *hl = NULL;
    size_t nhl = 0;
    tr_search_highlight(s.q, s.mode, d.text, d.tlen, &hl, &nhl);
    tr_buf_adds(b, "<h2>Toàn văn</h2>");
    if (nhl) {
        char n[96];
        snprintf(n, sizeof n, "<p class=\"note\">%zu chỗ khớp với truy vấn được tô sáng.</p>",
                 nhl);
        tr_buf_adds(b, n);
    }
    doc_text(b, r->db, &d, hl, nhl);
    free(hl);
    tr_buf_adds(b, "</main>");
    wb_page_end(b);
    tr_docinfo_free(&d);
}

void wb_page_number(const wb_req *r, wb_resp *resp, const char *number)
{
    tr_refs refs;
    int rc = tr_refs_get(r->db, number, 0, &refs);
    if (rc == 1) {
        wb_page_error(resp, 400, "Không phải số hiệu văn bản",
                      "Số hiệu viết như 43-CT/TW, 246-CV/TU hay 60/2013/NĐ-CP.");
        return;
    }
    if (rc != 0) {
        wb_page_error(resp, 503, "Không đọc được chỉ mục", tr_db_errmsg(r->db));
        return;
    }
    tr_buf *b = &resp->body;
    resp->status = 200;
    resp->ctype = "text/html; charset=utf-8";
    wb_page_begin(b, refs.number, NULL);
    tr_buf_adds(b, "<main class=\"number\"><h1>");
    wb_htmls(b, refs.number);
    tr_buf_adds(b, "</h1>");
    if (refs.nown == 0)
        tr_buf_adds(b, "<p>Văn bản mang số hiệu này chưa có trong chỉ mục.</p>");
    for (size_t i = 0; i < refs.nown; i++) {
        const tr_docref *o = &refs.own[i];
        tr_buf_adds(b, "<p class=\"own\">Văn bản: ");
        title_link(b, o->docid, o->title, o->path);
        if (o->date || o->province) {
            tr_buf_adds(b, " <span class=\"meta\">");
            wb_htmls(b, o->province ? o->province : "");
            tr_buf_adds(b, o->province && o->date ? " · " : "");
            wb_htmls(b, o->date ? o->date : "");
            tr_buf_adds(b, "</span>");
        }
        tr_buf_adds(b, "</p>");
    }
    citers(b, r->db, refs.number, 200, 1);
    tr_buf_adds(b, "</main>");
    wb_page_end(b);
    tr_refs_free(&refs);
}

void wb_page_top(const wb_req *r, wb_resp *resp)
{
    wb_state s;
    wb_state_read(r, &s);
    tr_search_req req;
    tr_search_err e;
    tr_query *q = NULL;
    wb_state_req(&s, &req);
    int rc = tr_search_compile(&req, req.mode, &q, &e);
    if (rc != TR_SEARCH_OK) {
        wb_page_error(resp, 400, "Truy vấn không hợp lệ", e.qe.msg);
        return;
    }
    tr_cited *v = NULL;
    size_t n = 0;
    rc = tr_top_cited(r->db, q, 50, wb_top_max_docs, &v, &n);
    tr_q_free(q);
    if (rc == 2) {
        char msg[256];
        snprintf(msg, sizeof msg, "Hơn %lu văn bản khớp với truy vấn và bộ lọc này; hãy lọc "
                 "hẹp hơn (theo tỉnh, năm…) rồi xem lại.", wb_top_max_docs);
        wb_page_error(resp, 400, "Quá nhiều văn bản để đếm", msg);
        return;
    }
    if (rc != 0) {
        wb_page_error(resp, 503, "Không đọc được chỉ mục", tr_db_errmsg(r->db));
        return;
    }
    tr_buf *b = &resp->body;
    resp->status = 200;
    resp->ctype = "text/html; charset=utf-8";
    wb_page_begin(b, "Văn bản được trích dẫn nhiều nhất", &s);
    tr_buf_adds(b, "<main class=\"top\"><h1>Văn bản được trích dẫn nhiều nhất</h1><p>");
    int any = *s.q != 0;
    for (int f = 0; f < TR_NFILTERS; f++)
        any |= s.nfilter[f] > 0;
    tr_buf_adds(b, any ? "Trong các văn bản khớp với truy vấn và bộ lọc hiện tại."
                       : "Trong toàn bộ chỉ mục.");
    tr_buf_adds(b, "</p><table><thead><tr><th>#</th><th>Số hiệu</th><th>Số văn bản trích "
                   "dẫn</th></tr></thead><tbody>");
    for (size_t i = 0; i < n; i++) {
        char num[64];
        snprintf(num, sizeof num, "<tr><td>%zu</td><td>", i + 1);
        tr_buf_adds(b, num);
        tr_buf_adds(b, "<a class=\"cite\" href=\"/so/");
        tr_buf url = {0};
        wb_urls(&url, v[i].number);
        wb_html(b, url.data, url.len);
        tr_buf_clear(&url);
        tr_buf_adds(b, "\">");
        wb_htmls(b, v[i].number);
        tr_buf_adds(b, "</a></td><td><a href=\"");
        wb_state_url(&url, &s, "/", TR_F_CITES, v[i].number, -1, 0, 0, 0);
        wb_html(b, url.data, url.len);
        tr_buf_free(&url);
        tr_buf_adds(b, "\">");
        wb_num(b, v[i].documents);
        tr_buf_adds(b, "</a></td></tr>");
    }
    tr_buf_adds(b, "</tbody></table>");
    if (n == 0)
        tr_buf_adds(b, "<p>Không có trích dẫn nào.</p>");
    tr_buf_adds(b, "</main>");
    wb_page_end(b);
    tr_cited_free(v, n);
}

static const char *mime_of(const char *format)
{
    static const char *const map[][2] = {
        {"pdf", "application/pdf"},
        {"docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document"},
        {"odt", "application/vnd.oasis.opendocument.text"},
        {"doc", "application/msword"},
        {"rtf", "application/rtf"},
        {"html", "text/html"},
        {"txt", "text/plain"},
        {"md", "text/markdown"}};
    for (size_t i = 0; format && i < sizeof map / sizeof *map; i++)
        if (strcmp(format, map[i][0]) == 0)
            return map[i][1];
    return "application/octet-stream";
}

/* attachment; filename="ascii"; filename*=UTF-8''percent-encoded */
static char *disposition(const char *name)
{
    tr_buf b = {0};
    tr_buf_adds(&b, "attachment; filename=\"");
    for (const char *p = name; *p; p++) {
        unsigned char c = (unsigned char)*p;
        tr_buf_addc(&b, c < 0x20 || c >= 0x7f || c == '"' || c == '\\' ? '_' : (char)c);
    }
    tr_buf_adds(&b, "\"; filename*=UTF-8''");
    wb_urls(&b, name);
    return b.data;
}

void wb_download(const wb_req *r, wb_resp *resp, unsigned docid)
{
    char *data = NULL;
    size_t len;
    if (tr_db_get_data(r->db, docid, &data, &len) != 0) {
        wb_page_error(resp, 404, "Không có văn bản này",
                      "Chỉ mục không có văn bản mang mã số này.");
        return;
    }
    char *path = tr_record_field(data, len, "path");
    char *format = tr_record_field(data, len, "format");
    free(data);
    int fd = path ? open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK) : -1;
    struct stat st;
    if (fd < 0 || fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
        if (fd >= 0)
            close(fd);
        wb_page_error(resp, 410, "Tệp gốc không còn",
                      "Văn bản có trong chỉ mục nhưng tệp gốc đã bị chuyển hoặc xóa.");
        free(path);
        free(format);
        return;
    }
    const char *base = strrchr(path, '/');
    resp->status = 200;
    resp->ctype = mime_of(format);
    resp->fd = fd;
    resp->fd_size = st.st_size;
    resp->disposition = disposition(base ? base + 1 : path);
    free(path);
    free(format);
}

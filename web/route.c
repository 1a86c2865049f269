/*
 * route.c — which page answers which path.
 *
 *   /                   search (home page without a query)
 *   /van-ban/ID         a document (?q= marks the query's words)
 *   /tai/ID             its original file
 *   /so/NUMBER          a document number: its document, its citers by year
 *   /trich-dan          most cited numbers for the current query and filters
 *   /huong-dan          how to write a query
 *   /api/…              JSON (api.c)
 *   /static/…           style sheet and script (assets.c)
 *
 * IDs are whole numbers and nothing else: a path like /tai/../x or
 * /tai/%2Fetc%2Fpasswd is simply not a route.
 */
#include "page.h"

#include <stdlib.h>
#include <string.h>

/* A docid from a path segment: digits only, 1..2^32-1. */
static int parse_id(const char *s, unsigned *id)
{
    size_t n = strlen(s);
    if (n == 0 || n > 10 || strspn(s, "0123456789") != n)
        return -1;
    unsigned long long v = strtoull(s, NULL, 10);
    if (v == 0 || v > 0xffffffffULL)
        return -1;
    *id = (unsigned)v;
    return 0;
}

static int prefix(const char *path, const char *p)
{
    return strncmp(path, p, strlen(p)) == 0;
}

static void not_found(wb_resp *resp)
{
    wb_page_error(resp, 404, "Không có trang này",
                  "Đường dẫn không đúng. Hãy tìm từ trang chủ.");
}

static void help(wb_resp *resp)
{
    tr_buf *b = &resp->body;
    resp->status = 200;
    resp->ctype = "text/html; charset=utf-8";
    resp->cacheable = 1;
    wb_page_begin(b, "Cách viết truy vấn", NULL);
    tr_buf_adds(b,
        "<main class=\"help\"><h1>Cách viết truy vấn</h1><dl>"
        "<dt><code>dân vận khéo</code></dt><dd>Văn bản có đủ các từ, ở bất kỳ đâu.</dd>"
        "<dt><code>\"giải phóng mặt bằng\"</code></dt><dd>Đúng cụm từ, liền nhau.</dd>"
        "<dt><code>dan van kheo</code></dt><dd>Từ gõ không dấu khớp mọi cách bỏ dấu; từ gõ "
        "có dấu chỉ khớp đúng dấu ấy (hòa = hoà). Nếu không có kết quả, máy tự tìm lại "
        "không dấu và báo cho biết. Chọn “Dấu: chính xác” để không bao giờ tìm lại; "
        "“Không dấu” để luôn bỏ dấu.</dd>"
        "<dt><code>hòa giải OR hòa giải cơ sở</code>, <code>-tham nhũng</code>, "
        "<code>NOT</code>, <code>( … )</code></dt><dd>Hoặc, loại trừ, nhóm.</dd>"
        "<dt><code>tinh:\"Quảng Ngãi\"</code> <code>nam:2020</code> "
        "<code>nam:2018..2021</code></dt><dd>Tỉnh, năm hoặc khoảng năm.</dd>"
        "<dt><code>coquan:\"Ban Dân vận\"</code> <code>loai:\"báo cáo\"</code></dt>"
        "<dd>Cơ quan ban hành (hoặc cơ quan được thay mặt khi ký), loại văn bản.</dd>"
        "<dt><code>so:246-CV/TU</code></dt><dd>Văn bản mang số hiệu này.</dd>"
        "<dt><code>trich:43-CT/TW</code></dt><dd>Văn bản trích dẫn số hiệu này; đoạn "
        "hiện ra là câu trích dẫn. Số hiệu gõ kiểu nào cũng được: 43 ct/tw, "
        "“Chỉ thị 43-CT/TW”, 60/2013/ND-CP.</dd></dl>"
        "<p>Bấm vào một giá trị ở cột lọc để lọc; bấm lại hoặc bấm dấu × trên thẻ lọc để "
        "bỏ. Mọi lựa chọn nằm trong địa chỉ trang: có thể lưu dấu trang hoặc gửi cho "
        "đồng nghiệp.</p></main>");
    wb_page_end(b);
}

void wb_handle(const wb_req *r, wb_resp *resp)
{
    const char *p = r->path;
    unsigned id;
    if (wb_static(p, resp))
        return;
    if (strcmp(p, "/") == 0) {
        wb_page_search(r, resp);
    } else if (prefix(p, "/van-ban/")) {
        if (parse_id(p + 9, &id) == 0)
            wb_page_doc(r, resp, id);
        else
            not_found(resp);
    } else if (prefix(p, "/tai/")) {
        if (parse_id(p + 5, &id) == 0)
            wb_download(r, resp, id);
        else
            not_found(resp);
    } else if (prefix(p, "/so/") || strcmp(p, "/so") == 0) {
        char *n = p[3] ? wb_pct_decode(p + 4, strlen(p + 4)) : NULL;
        const char *number = n ? n : wb_arg(r, "n");
        if (number && *number)
            wb_page_number(r, resp, number);
        else
            wb_page_error(resp, 400, "Thiếu số hiệu", "Hãy ghi số hiệu, ví dụ /so/43-CT%2FTW.");
        free(n);
    } else if (strcmp(p, "/trich-dan") == 0) {
        wb_page_top(r, resp);
    } else if (strcmp(p, "/huong-dan") == 0) {
        help(resp);
    } else if (prefix(p, "/api/")) {
        char *what = wb_pct_decode(p + 5, strlen(p + 5));
        wb_api(r, resp, what ? what : "");
        free(what);
    } else {
        not_found(resp);
    }
}

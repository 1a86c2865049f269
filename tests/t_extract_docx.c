/* t_extract_docx — the .docx and .odt readers on files made by real
 * software (tests/fixtures/zipx/make.sh: LibreOffice, pandoc) and on
 * hostile archives (zip bombs, billion laughs, truncation, not XML).
 *
 * Points marked [legacy] depend on the real tr_legacy.c (TCVN3 conversion
 * of .VnTime runs).
 *
 * With an argument, times the reader on that file instead:
 *   tests/t_extract_docx big.docx [rounds]   (prints seconds per read)
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>

#include "tap.h"
#include "tr_extract.h"


static char *slurp(const char *name, size_t *len)
{
    char *b = tap_fixture("tests/fixtures/zipx", name, len);
    if (!b)
        tap_bail("cannot read a fixture (top_srcdir?)");
    return b;
}

typedef int (*reader)(const char *, size_t, const tr_extract_opts *, tr_extracted *, char *,
                      size_t);

static int run(reader fn, const char *name, const tr_extract_opts *o, tr_extracted *x,
               char *err, size_t errsz)
{
    size_t len;
    char *b = slurp(name, &len);
    memset(x, 0, sizeof *x);
    err[0] = 0;
    int rc = fn(b, len, o, x, err, errsz);
    free(b);
    return rc;
}

/* How many lines of text are exactly line. */
static int count_line(const char *text, const char *line)
{
    int n = 0;
    size_t k = strlen(line);
    for (const char *p = text; p && *p;) {
        const char *e = strchr(p, '\n');
        size_t l = e ? (size_t)(e - p) : strlen(p);
        if (l == k && !memcmp(p, line, k))
            n++;
        p = e ? e + 1 : NULL;
    }
    return n;
}

/* Are the lines all present, as whole lines, in this order? */
static int in_order(const char *text, const char *const *lines)
{
    const char *p = text;
    for (; *lines; lines++) {
        size_t k = strlen(*lines);
        const char *hit = NULL;
        for (const char *q = p; q && *q;) {
            const char *e = strchr(q, '\n');
            size_t l = e ? (size_t)(e - q) : strlen(q);
            if (l == k && !memcmp(q, *lines, k)) {
                hit = q;
                break;
            }
            q = e ? e + 1 : NULL;
        }
        if (!hit) {
            tap_diag("line missing or out of order: '%s'", *lines);
            return 0;
        }
        p = hit + k;
    }
    return 1;
}

/* features.docx/.odt (features.py): the cases real files rarely show. */
static void check_features(void)
{
    static const char *const docx_lines[] = {
        "Tab\tand", "break", "cr", "Kept text", "7", "x-yz\u00b7\u2013",
        "Outer left", "A1", "A2", "Outer right", "In the box", "After box",
        "An endnote", "Same header", "Footer two", NULL
    };
    static const char *const docx_legacy[] = {
        "Báo cáo", "người", "Việt Nam", "Loáop", NULL
    };
    static const char *const odt_lines[] = {
        "a   b\tc", "d e f", "L", "N1", "N2", "R", "End.", "An endnote", "Same header",
        "Footer two", NULL
    };
    tr_extract_opts o;
    tr_extract_opts_default(&o);
    tr_extracted x;
    char err[256];
    if (is_int(run(tr_extract_docx, "features.docx", &o, &x, err, sizeof err), TR_EX_OK,
               "features.docx: read (%s)", err)) {
        const char *t = x.text.data;
        if (getenv("T_DOCX_VERBOSE"))
            printf("%s", t);
        ok(in_order(t, docx_lines), "features.docx: tab/br/cr, deleted, moved and field code "
           "text skipped, hyphens, symbols, nested table, one text box, endnote, headers");
        ok(!strstr(t, "DELETED") && !strstr(t, "MOVEDAWAY") && !strstr(t, "PAGE"),
           "features.docx: no deleted, moved-away or field-code text");
        is_int(count_line(t, "In the box"), 1, "features.docx: mc:Choice taken, mc:Fallback not");
        is_int(count_line(t, "Same header"), 1, "features.docx: three identical headers once");
        is_int(count_line(t, "Café ¸"), 1, "features.docx: the paragraph mark's font does not "
               "apply to runs; theme fonts override a legacy docDefaults font");
        ok(in_order(t, docx_legacy), "features.docx: [legacy] fonts through basedOn chain, "
           "direct w:rFonts with w:softHyphen, VNI character style, basedOn cycle");
        is_int(x.enc.runs, 4, "features.docx: four legacy runs");
        is_str(x.enc.name, "TCVN3", "features.docx: [legacy] the most frequent encoding named");
        ok(!x.title && !x.author && !x.created, "features.docx: no core properties, none invented");
        tr_extracted_free(&x);
    }
    if (is_int(run(tr_extract_odt, "features.odt", &o, &x, err, sizeof err), TR_EX_OK,
               "features.odt: read (%s)", err)) {
        const char *t = x.text.data;
        if (getenv("T_DOCX_VERBOSE"))
            printf("%s", t);
        ok(in_order(t, odt_lines), "features.odt: text:s, tab, line-break, whitespace collapse, "
           "nested table, endnote after the body, header and footer");
        ok(!strstr(t, "DELETED"), "features.odt: tracked deletion skipped");
        is_int(count_line(t, "Same header"), 1, "features.odt: identical header-left once");
        is_int(count_line(t, "Báo cáo (Café) người"), 1, "features.odt: [legacy] content.xml's P1 "
               "(legacy parent) not styles.xml's P1; a Times New Roman span inside untouched");
        is_int(x.enc.runs, 1, "features.odt: one legacy run");
        is_str(x.author, "Người sửa", "features.odt: dc:creator when no initial-creator");
        ok(!x.created, "features.odt: a creation date that is no date is dropped");
        tr_extracted_free(&x);
    }
}

static const char *const REPORT_BODY[] = {
    "TỈNH ỦY THANH HÓA", "*", "Số 35-BC/TU",
    "ĐẢNG CỘNG SẢN VIỆT NAM", "Thanh Hóa, ngày 14 tháng 5 năm 2023",
    "BÁO CÁO", "Tình hình thực hiện Chỉ thị số 43-CT/TW trong năm 2023.",
    "Nội dung khung văn bản", "Đoạn có khung.",
    "Ý kiến đóng góp của các đồng chí.", "Nơi nhận:\tnhư trên.",
    "Chỉ thị của Ban Bí thư ngày 14/5/2015.", "Tài liệu nội bộ", "Trang cuối", NULL
};

static const char *const REPORT_LEGACY[] = {
    "Kính gửi: Báo cáo tình hình (Café × 2)",
    "các tổ chức chính trị - xã hội và người dân", NULL
};

static void check_report(reader fn, const char *name)
{
    tr_extract_opts o;
    tr_extract_opts_default(&o);
    tr_extracted x;
    char err[256];
    if (!is_int(run(fn, name, &o, &x, err, sizeof err), TR_EX_OK, "%s: read (%s)", name, err))
        return;
    const char *t = x.text.data ? x.text.data : "";
    if (getenv("T_DOCX_VERBOSE"))
        printf("%s", t);
    ok(in_order(t, REPORT_BODY), "%s: header table cells, body, text box, footnote, "
       "header/footer in order", name);
    is_int(count_line(t, "Nội dung khung văn bản"), 1, "%s: text box once", name);
    is_int(count_line(t, "Tài liệu nội bộ"), 1, "%s: page header once", name);
    is_int(count_line(t, "Trang cuối"), 1, "%s: page footer once", name);
    is_int(count_line(t, "Chỉ thị của Ban Bí thư ngày 14/5/2015."), 1, "%s: footnote once", name);
    ok(!strstr(t, "GHI CHÚ"), "%s: comment skipped", name);
    ok(strstr(t, " (Café × 2)\n") != NULL, "%s: Unicode run beside a legacy one untouched", name);
    ok(in_order(t, REPORT_LEGACY), "%s: [legacy] .VnTime runs converted from TCVN3", name);
    ok(!strstr(t, "\xC2\xAD"), "%s: [legacy] soft hyphen of a .VnTime run became ư", name);
    is_int(x.enc.runs, 2, "%s: two legacy runs counted", name);
    is_str(x.enc.name, "TCVN3", "%s: [legacy] encoding named", name);
    is_str(x.title, "Báo cáo tình hình thực hiện Chỉ thị 43", "%s: title", name);
    is_str(x.author, "Văn phòng Tỉnh ủy", "%s: author", name);
    is_str(x.created, "2023-05-14", "%s: created", name);
    is_str(x.extractor, "libzip+libxml2", "%s: extractor", name);
    ok(x.text.len && t[x.text.len - 1] == '\n' && !strstr(t, "\n\n\n"),
       "%s: paragraphs end with a newline, at most one blank line", name);
    tr_extracted_free(&x);
}

static void check_pandoc(void)
{
    static const char *const lines[] = {
        "Kế hoạch tổ chức hội nghị", "KẾ HOẠCH",
        "Thực hiện Kết luận số 114-KL/TW, Ban Thường vụ xây dựng kế hoạch như sau.",
        "Nội dung", "Thời gian", "Hội nghị", "Quý II", "Sơ kết", "Quý IV",
        "Đoạn cuối – hết.", "Kết luận của Bộ Chính trị.", NULL
    };
    tr_extract_opts o;
    tr_extract_opts_default(&o);
    tr_extracted x;
    char err[256];
    if (!is_int(run(tr_extract_docx, "pandoc.docx", &o, &x, err, sizeof err), TR_EX_OK,
                "pandoc.docx: read (%s)", err))
        return;
    if (getenv("T_DOCX_VERBOSE"))
        printf("%s", x.text.data);
    ok(in_order(x.text.data, lines), "pandoc.docx: paragraphs, table cells row by row, footnote");
    is_int(x.enc.runs, 0, "pandoc.docx: theme fonts are Unicode, nothing converted");
    is_str(x.enc.name, "", "pandoc.docx: no legacy encoding");
    is_str(x.title, "Kế hoạch tổ chức hội nghị", "pandoc.docx: title");
    is_str(x.author, "Ban Tuyên giáo", "pandoc.docx: author");
    ok(x.created && strlen(x.created) == 10 && x.created[4] == '-', "pandoc.docx: created date");
    tr_extracted_free(&x);
}

static void fails(reader fn, const char *name, const tr_extract_opts *o, const char *want)
{
    tr_extracted x;
    char err[256];
    int rc = run(fn, name, o, &x, err, sizeof err);
    ok(rc == TR_EX_FAIL && !strncmp(err, want, strlen(want)), "%s fails: '%s' (got %d '%s')",
       name, want, rc, err);
    tr_extracted_free(&x);
}

static long maxrss_kb(void)
{
    struct rusage ru;
    getrusage(RUSAGE_SELF, &ru);
    return ru.ru_maxrss;
}

static void check_hostile(void)
{
    tr_extract_opts o;
    tr_extract_opts_default(&o);
    long rss0 = maxrss_kb();
    fails(tr_extract_docx, "bomb.docx", &o, "zip bomb: word/document.xml expands over 24 MB (ratio");
    fails(tr_extract_docx, "bomb-lying.docx", &o, "zip bomb: word/document.xml expands over");
    fails(tr_extract_docx, "laughs.docx", &o, "XML with entity declarations refused");
    fails(tr_extract_docx, "truncated.docx", &o, "not a valid zip archive (truncated?)");
    fails(tr_extract_docx, "notxml.docx", &o, "word/document.xml is not XML: ");
    {
        tr_extracted x;
        char err[256];
        run(tr_extract_docx, "notxml.docx", &o, &x, err, sizeof err);
        ok(strstr(err, ", line 1") && !strchr(err, '\n'), "not XML: libxml2's message, one line, "
           "with its line number (%s)", err);
        tr_extracted_free(&x);
    }
    fails(tr_extract_docx, "nodoc.docx", &o, "no word/document.xml in the archive");
    fails(tr_extract_docx, "encrypted.docx", &o, "encrypted, skipped");
    fails(tr_extract_odt, "report.docx", &o, "no content.xml in the archive");
    tr_extract_opts small = o;
    small.max_unpacked = 8 << 10;
    fails(tr_extract_docx, "report.docx", &small, "zip bomb: ");
    fails(tr_extract_odt, "report.odt", &small, "zip bomb: ");
    /* a tighter ratio catches the honest bomb from its header */
    small = o;
    small.max_ratio = 20;
    fails(tr_extract_docx, "bomb.docx", &small, "zip bomb: word/document.xml");
    /* a reader that inflated the lying bomb whole would need 24 MB for the
     * bytes and as much again for the text node; valgrind's own memory
     * makes the figure meaningless there */
    long grown = maxrss_kb() - rss0;
    const char *pre = getenv("LD_PRELOAD");
    if (pre && strstr(pre, "vgpreload"))
        ok(1, "# SKIP peak memory not measured under valgrind");
    else
        ok(grown < 16 * 1024, "hostile files: peak memory grew %ld KB (< 16 MB)", grown);

    /* bytes that are no zip at all, and the empty file */
    tr_extracted x = {0};
    char err[256];
    static const char junk[] = "PK\x03\x04 this is not really a zip";
    ok(tr_extract_docx(junk, sizeof junk - 1, &o, &x, err, sizeof err) == TR_EX_FAIL,
       "junk after a zip signature fails: %s", err);
    tr_extracted_free(&x);
    ok(tr_extract_odt("", 0, &o, &x, err, sizeof err) == TR_EX_FAIL, "empty input fails: %s", err);
    tr_extracted_free(&x);

    /* max_text truncates, with a note */
    small = o;
    small.max_text = 40;
    int rc = run(tr_extract_docx, "report.docx", &small, &x, err, sizeof err);
    ok(rc == TR_EX_OK && x.text.len <= 40 && x.notes.data && strstr(x.notes.data, "truncated"),
       "max_text: truncated to %zu bytes with a note", x.text.len);
    tr_extracted_free(&x);
    rc = run(tr_extract_odt, "report.odt", &small, &x, err, sizeof err);
    ok(rc == TR_EX_OK && x.text.len <= 40 && x.notes.data && strstr(x.notes.data, "truncated"),
       "max_text (odt): truncated to %zu bytes with a note", x.text.len);
    tr_extracted_free(&x);
}

static int bench(const char *path, int rounds)
{
    size_t len;
    char *b = tap_fixture(".", path, &len);
    if (!b) {
        fprintf(stderr, "cannot read %s\n", path);
        return 1;
    }
    tr_extract_opts o;
    tr_extract_opts_default(&o);
    int odt = strstr(path, ".odt") != NULL;
    struct timespec t0, t1;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    size_t text = 0;
    for (int i = 0; i < rounds; i++) {
        tr_extracted x = {0};
        char err[256];
        int rc = (odt ? tr_extract_odt : tr_extract_docx)(b, len, &o, &x, err, sizeof err);
        if (rc != TR_EX_OK) {
            fprintf(stderr, "failed: %s\n", err);
            return 1;
        }
        text = x.text.len;
        tr_extracted_free(&x);
    }
    clock_gettime(CLOCK_MONOTONIC, &t1);
    double s = (double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) / 1e9;
    printf("%.4f s per read, %zu bytes of text, peak RSS %ld KB\n", s / rounds, text,
           maxrss_kb());
    free(b);
    return 0;
}

int main(int argc, char **argv)
{
    if (argc > 1)
        return bench(argv[1], argc > 2 ? atoi(argv[2]) : 3);
    check_report(tr_extract_docx, "report.docx");
    check_report(tr_extract_odt, "report.odt");
    check_pandoc();
    check_features();
    check_hostile();
    return tap_done();
}

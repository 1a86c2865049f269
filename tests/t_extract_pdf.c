/*
 * t_extract_pdf — the PDF reader, OCR of scanned pages and the image
 * reader, on files made by real software (tests/fixtures/pdf/make.sh:
 * LibreOffice, poppler-utils, qpdf, ImageMagick) plus two files made
 * here: a 10,000-page PDF and a PNG whose header claims 100000×100000.
 * OCR checks compare after folding diacritics and case as well as
 * exactly, and print what Tesseract read, so a change of accuracy shows.
 */
#include "config.h"

#include "tap.h"
#include "tr_extract.h"
#include "tr_ocr_int.h"

#include <stdint.h>
#include <time.h>
#include <utf8proc.h>
#include <zlib.h>
#ifdef TR_HAVE_OCR
#include <leptonica/allheaders.h>
#endif

static char *slurp(const char *name, size_t *len)
{
    return tap_fixture("tests/fixtures/pdf", name, len);
}

static double now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec + ts.tv_nsec / 1e9;
}

/* lower case, no diacritics, whitespace runs to one space */
static char *fold(const char *s)
{
    utf8proc_uint8_t *d = NULL;
    if (utf8proc_map((const utf8proc_uint8_t *)s, 0, &d,
                     UTF8PROC_NULLTERM | UTF8PROC_DECOMPOSE | UTF8PROC_STRIPMARK
                     | UTF8PROC_CASEFOLD) < 0)
        return NULL;
    char *p = (char *)d, *q = p;
    int sp = 0;
    for (; *p; p++) {
        int ws = *p == ' ' || *p == '\n' || *p == '\f' || *p == '\t';
        if (ws) {
            sp = 1;
            continue;
        }
        if (sp && q != (char *)d)
            *q++ = ' ';
        sp = 0;
        *q++ = *p;
    }
    *q = '\0';
    return (char *)d;
}

static int has_line(const char *text, const char *line)
{
    size_t n = strlen(line);
    for (const char *p = strstr(text, line); p; p = strstr(p + 1, line))
        if ((p == text || p[-1] == '\n' || p[-1] == '\f')
            && (p[n] == '\n' || p[n] == '\f' || p[n] == '\0'))
            return 1;
    return 0;
}

/* the phrase present with line breaks read as spaces */
static int has_phrase(const char *text, const char *phrase)
{
    char *t = strdup(text);
    for (char *p = t; *p; p++)
        if (*p == '\n')
            *p = ' ';
    int r = strstr(t, phrase) != NULL;
    free(t);
    return r;
}

static int folded_has(const char *text, const char *phrase)
{
    char *a = fold(text), *b = fold(phrase);
    int r = a && b && strstr(a, b);
    free(a);
    free(b);
    return r;
}

static int run(int pdf, const char *name, const tr_extract_opts *o,
               tr_extracted *x, char *err, double *secs)
{
    size_t len;
    char *data = slurp(name, &len);
    if (!data)
        { tap_diag("fixture %s", name); tap_bail("cannot read a fixture (top_srcdir?)"); }
    memset(x, 0, sizeof *x);
    err[0] = '\0';
    double t0 = now_s();
    int rc = pdf ? tr_extract_pdf(data, len, o, x, err, 200)
                 : tr_extract_image(data, len, o, x, err, 200);
    if (secs)
        *secs = now_s() - t0;
    free(data);
    return rc;
}

/* prints text as TAP comments, one per line */
static void diag_text(const char *what, const char *t)
{
    tap_diag("%s:", what);
    while (*t) {
        size_t n = strcspn(t, "\n\f");
        tap_diag("  %.*s", (int)n, t);
        t += n;
        if (*t)
            t++;
    }
}

static void test_cleaner(void)
{
    struct { const char *in, *out, *name; } c[] = {
        {"hyphen-\nated word", "hyphenated word\n", "word hyphen joined"},
        {"Hà-\nNội", "Hà-\nNội\n", "hyphen before a capital kept"},
        {"Số 35-\nBC/TU", "Số 35-BC/TU\n", "document number rejoined"},
        {"a -\nb", "a -\nb\n", "a dash is not a hyphen"},
        {"docu\xc2\xad\nment in\xc2\xadside", "document inside\n", "soft hyphens"},
        {"a\r\nb\rc\fd", "a\nb\nc\nd\n", "CR, CRLF, FF are line breaks"},
        {"\n\n  x  \n\n\n\ny\n\n", "x\n\ny\n", "blank lines"},
        {"Vie\xcc\x82\xcc\xa3t", "Việt\n", "NFC"},
        {"a\xff" "b", "a\xef\xbf\xbd" "b\n", "invalid UTF-8"},
        {"giải phóng mặt\nbằng", "giải phóng mặt\nbằng\n", "plain break kept"},
        {"", "", "empty page"},
    };
    for (size_t i = 0; i < sizeof c / sizeof c[0]; i++) {
        tr_buf b = {0};
        tr_page_text_add(&b, c[i].in, strlen(c[i].in));
        is_str(b.data ? b.data : "", c[i].out, "cleaner: %s", c[i].name);
        tr_buf_free(&b);
    }
}

static void test_text_pdf(void)
{
    tr_extract_opts o;
    tr_extracted x;
    char err[200];
    tr_extract_opts_default(&o);
    int rc = run(1, "report.pdf", &o, &x, err, NULL);
    ok(rc == TR_EX_OK, "report.pdf read (%s)", err);
    const char *t = x.text.data ? x.text.data : "";
    ok(x.pages == 1 && x.ocr_pages == 0, "one page, no OCR");
    ok(has_line(t, "TỈNH ỦY HÀ NAM") && has_line(t, "Số 35-BC/TU")
       && has_line(t, "ĐẢNG CỘNG SẢN VIỆT NAM")
       && has_line(t, "Hà Nam, ngày 10 tháng 3 năm 2015"),
       "header cells are whole lines");
    const char *a = strstr(t, "TỈNH ỦY"), *b = strstr(t, "Số 35-BC/TU");
    ok(a && b && a < b, "issuer before the number");
    ok(has_line(t, "BÁO CÁO"), "title line");
    ok(strstr(t, "chim hạc vàng bay qua núi") != NULL, "marker phrase");
    ok(strstr(t, "giải phóng mặt bằng") == NULL
       && has_phrase(t, "giải phóng mặt bằng"),
       "phrase across a line break matches with breaks as spaces");
    ok(strstr(t, "Chỉ thị số 43-CT/TW") != NULL, "citation");
    ok(strstr(t, "reviewed the document twice") != NULL, "hyphenated word joined");
    ok(strstr(t, "số 12-QĐ/UBND") != NULL, "number broken at a hyphen joined");
    is_str(x.title, "Báo cáo sơ kết công tác giải phóng mặt bằng", "Info title");
    is_str(x.author, "Văn phòng Tỉnh ủy", "Info author");
    ok(x.created && strlen(x.created) == 10 && x.created[4] == '-'
       && x.created[7] == '-', "creation date %s", x.created ? x.created : "-");
    is_str(x.extractor, "poppler", "extractor");
    if (!ok(strchr(t, '\f') == NULL, "no form feed in one page"))
        tap_diag("%s", t);
    tr_extracted_free(&x);

    rc = run(1, "tabs.pdf", &o, &x, err, NULL);
    t = x.text.data ? x.text.data : "";
    ok(rc == TR_EX_OK && has_line(t, "TỈNH ỦY HÀ NAM") && has_line(t, "Số 35-BC/TU")
       && has_line(t, "ĐẢNG CỘNG SẢN VIỆT NAM")
       && has_line(t, "Hà Nam, ngày 10 tháng 3 năm 2015"),
       "header on tab stops: cells are whole lines, not interleaved");
    tr_extracted_free(&x);

    o.max_text = 100;
    rc = run(1, "report.pdf", &o, &x, err, NULL);
    ok(rc == TR_EX_OK && x.text.len <= 100 && x.notes.data
       && strstr(x.notes.data, "truncated"), "max_text truncates with a note");
    tr_extracted_free(&x);
}

static void test_broken(void)
{
    tr_extract_opts o;
    tr_extracted x;
    char err[200];
    tr_extract_opts_default(&o);
    int rc = run(1, "encrypted.pdf", &o, &x, err, NULL);
    ok(rc == TR_EX_FAIL, "encrypted PDF fails");
    is_str(err, "encrypted PDF, skipped", "encrypted: reason");
    tr_extracted_free(&x);
    rc = run(1, "truncated.pdf", &o, &x, err, NULL);
    ok(rc == TR_EX_FAIL, "truncated PDF fails");
    is_str(err, "damaged PDF (truncated, or its structure is broken), skipped",
           "truncated PDF: our reason, not poppler's English");
    tr_extracted_free(&x);
    memset(&x, 0, sizeof x);
    rc = tr_extract_pdf("%PDF-1.4\ngarbage", 16, &o, &x, err, sizeof err);
    ok(rc == TR_EX_FAIL, "garbage PDF fails");
    is_str(err, "damaged PDF (truncated, or its structure is broken), skipped",
           "garbage PDF: our reason");
    tr_extracted_free(&x);
}

/* A PDF of n pages, each showing "Trang k" in Helvetica. */
static void many_pages(tr_buf *b, unsigned n)
{
    tr_buf_clear(b);
    size_t *off = malloc(sizeof *off * (2 * n + 4));
    char s[256];
    tr_buf_adds(b, "%PDF-1.4\n");
    unsigned obj = 1;
    off[obj] = b->len;
    tr_buf_adds(b, "1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n");
    obj = 2;
    off[obj] = b->len;
    tr_buf_adds(b, "2 0 obj << /Type /Pages /Count ");
    snprintf(s, sizeof s, "%u /Kids [", n);
    tr_buf_adds(b, s);
    for (unsigned k = 0; k < n; k++) {
        snprintf(s, sizeof s, "%u 0 R ", 4 + 2 * k);
        tr_buf_adds(b, s);
    }
    tr_buf_adds(b, "] >> endobj\n");
    off[3] = b->len;
    tr_buf_adds(b, "3 0 obj << /Type /Font /Subtype /Type1 /BaseFont /Helvetica >> endobj\n");
    for (unsigned k = 0; k < n; k++) {
        char content[64];
        int cl = snprintf(content, sizeof content,
                          "BT /F1 12 Tf 72 720 Td (Trang %u) Tj ET", k + 1);
        off[4 + 2 * k] = b->len;
        snprintf(s, sizeof s,
                 "%u 0 obj << /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] "
                 "/Resources << /Font << /F1 3 0 R >> >> /Contents %u 0 R >> endobj\n",
                 4 + 2 * k, 5 + 2 * k);
        tr_buf_adds(b, s);
        off[5 + 2 * k] = b->len;
        snprintf(s, sizeof s, "%u 0 obj << /Length %d >> stream\n%s\nendstream endobj\n",
                 5 + 2 * k, cl, content);
        tr_buf_adds(b, s);
    }
    unsigned nobj = 4 + 2 * n;
    size_t xref = b->len;
    snprintf(s, sizeof s, "xref\n0 %u\n0000000000 65535 f \n", nobj);
    tr_buf_adds(b, s);
    for (unsigned i = 1; i < nobj; i++) {
        snprintf(s, sizeof s, "%010zu 00000 n \n", off[i]);
        tr_buf_adds(b, s);
    }
    snprintf(s, sizeof s, "trailer << /Size %u /Root 1 0 R >>\nstartxref\n%zu\n%%%%EOF\n",
             nobj, xref);
    tr_buf_adds(b, s);
    free(off);
}

static void test_many_pages(void)
{
    tr_extract_opts o;
    tr_extracted x = {0};
    char err[200] = "";
    tr_buf pdf = {0};
    many_pages(&pdf, 10000);
    tr_extract_opts_default(&o);
    o.max_pages = 5;
    double t0 = now_s();
    int rc = tr_extract_pdf(pdf.data, pdf.len, &o, &x, err, sizeof err);
    double dt = now_s() - t0;
    ok(rc == TR_EX_OK && x.pages == 5, "10,000 pages: max_pages 5 read (%s)", err);
    ok(x.notes.data && strstr(x.notes.data, "only the first 5 of 10000 pages read"),
       "cap noted");
    ok(x.text.data && strstr(x.text.data, "Trang 5\n") && !strstr(x.text.data, "Trang 6"),
       "text of the first 5 pages only");
    ok(dt < 5, "capped read in %.2f s (%zu KB file)", dt, pdf.len >> 10);
    tr_extracted_free(&x);

    tr_extract_opts_default(&o);
    t0 = now_s();
    rc = tr_extract_pdf(pdf.data, pdf.len, &o, &x, err, sizeof err);
    dt = now_s() - t0;
    ok(rc == TR_EX_OK && x.pages == o.max_pages, "default cap: %u pages in %.2f s",
       x.pages, dt);
    unsigned ff = 0;
    for (size_t i = 0; i < x.text.len; i++)
        ff += x.text.data[i] == '\f';
    ok(ff + 1 == x.pages, "pages separated by form feeds");
    tr_extracted_free(&x);
    tr_buf_free(&pdf);
}

static const char *annex_marker = "cây bàng đỏ lá trước cổng trường";

static void test_ocr(void)
{
    tr_extract_opts o;
    tr_extracted x;
    char err[200];
    double dt;
    tr_extract_opts_default(&o);
    int have = tr_ocr_available(&o);
#ifdef TR_HAVE_OCR
    ok(have, "OCR available (tesseract-ocr-vie installed)");
#else
    ok(!have, "OCR not built in");
#endif
    int rc = run(1, "scan.pdf", &o, &x, err, &dt);
    ok(rc == TR_EX_OK && x.pages == 1, "scan.pdf read (%s)", err);
    const char *t = x.text.data ? x.text.data : "";
    if (have) {
        ok(x.ocr_pages == 1, "scanned page OCR'd");
        is_str(x.ocr_list.data, "1", "ocr_list");
        ok(folded_has(t, annex_marker), "marker recognised (diacritics folded)");
        ok(strstr(t, annex_marker) != NULL, "marker recognised exactly");
        ok(has_phrase(t, "Danh mục dự án giải phóng mặt bằng năm 2015"),
           "second line exactly");
        tap_diag("OCR of scan.pdf (1 page, %u dpi): %.2f s, %.2f pages/s",
                 o.ocr_dpi, dt, 1 / dt);
        diag_text("recognised", t);
    } else {
        ok(x.notes.data && strstr(x.notes.data, "page 1 has no text layer"),
           "scanned page noted");
    }
    tr_extracted_free(&x);

    o.ocr = 0;
    rc = run(1, "scan.pdf", &o, &x, err, NULL);
    ok(rc == TR_EX_OK && x.ocr_pages == 0 && x.notes.data
       && strstr(x.notes.data, "page 1 has no text layer (OCR off)"),
       "--no-ocr: scanned page noted");
    tr_extracted_free(&x);

    o.ocr = 1;
    if (have) {
        o.max_pixels = 200000;       /* forces a lower dpi */
        rc = run(1, "scan.pdf", &o, &x, err, NULL);
        ok(rc == TR_EX_OK && x.notes.data
           && strstr(x.notes.data, "dpi (page too large)"),
           "max_pixels lowers the rendering dpi");
        tr_extracted_free(&x);
        o.max_pixels = 100ul * 1000 * 1000;
    }

    rc = run(1, "mixed.pdf", &o, &x, err, &dt);
    t = x.text.data ? x.text.data : "";
    ok(rc == TR_EX_OK && x.pages == 2, "mixed.pdf: 2 pages");
    ok(strstr(t, "chim hạc vàng bay qua núi") != NULL, "mixed: text page");
    const char *ff = strchr(t, '\f');
    if (have) {
        ok(x.ocr_pages == 1 && x.ocr_list.data && !strcmp(x.ocr_list.data, "2"),
           "mixed: page 2 OCR'd");
        ok(ff && folded_has(ff, annex_marker), "mixed: scanned annex after the form feed");
    }
    tr_extracted_free(&x);
}

static void test_images(void)
{
    tr_extract_opts o;
    tr_extracted x;
    char err[200];
    double dt;
    tr_extract_opts_default(&o);
    int have = tr_ocr_available(&o);
    int rc = run(0, "annex.png", &o, &x, err, &dt);
    if (have) {
        ok(rc == TR_EX_OK && x.pages == 1 && x.ocr_pages == 1, "annex.png OCR'd (%s)", err);
        ok(folded_has(x.text.data ? x.text.data : "", annex_marker),
           "png: marker (folded)");
        ok(x.text.data && strstr(x.text.data, annex_marker), "png: marker exactly");
        tap_diag("OCR of annex.png (150 dpi): %.2f s", dt);
    } else {
        ok(rc == TR_EX_FAIL, "image without OCR: %s", err);
    }
    tr_extracted_free(&x);

    if (have) {
        rc = run(0, "annex.tif", &o, &x, err, &dt);
        ok(rc == TR_EX_OK && x.pages == 2 && x.ocr_pages == 2, "2-page TIFF (%s)", err);
        is_str(x.ocr_list.data, "1,2", "tiff: ocr_list");
        const char *f = x.text.data ? strchr(x.text.data, '\f') : NULL;
        ok(f && folded_has(f, annex_marker) && folded_has(x.text.data, annex_marker),
           "tiff: both pages, separated by a form feed");
        tap_diag("OCR of annex.tif (2 bilevel pages): %.2f s", dt);
        tr_extracted_free(&x);
        o.max_pages = 1;
        rc = run(0, "annex.tif", &o, &x, err, NULL);
        ok(rc == TR_EX_OK && x.pages == 1 && x.notes.data
           && strstr(x.notes.data, "only the first 1 pages read"), "tiff: max_pages");
        tr_extracted_free(&x);
        o.max_pages = 2000;
    }

    /* a PNG whose header claims 100000 x 100000 */
    unsigned char png[64];
    static const unsigned char sig[8] = {0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};
    memcpy(png, sig, 8);
    unsigned char ihdr[17] = {'I', 'H', 'D', 'R', 0, 1, 0x86, 0xa0, 0, 1, 0x86, 0xa0,
                              8, 0, 0, 0, 0};
    png[8] = 0, png[9] = 0, png[10] = 0, png[11] = 13;
    memcpy(png + 12, ihdr, 17);
    uint32_t crc = (uint32_t)crc32(0, ihdr, 17);
    png[29] = crc >> 24, png[30] = crc >> 16, png[31] = crc >> 8, png[32] = crc;
    memcpy(png + 33, "\0\0\0\0IEND\xae\x42\x60\x82", 12);
    memset(&x, 0, sizeof x);
    rc = tr_extract_image((const char *)png, 45, &o, &x, err, sizeof err);
    if (have)
        is_str(err, "image too large: 100000\xc3\x97" "100000 pixels",
               "PNG header over max_pixels refused before decoding");
    else
        ok(rc == TR_EX_FAIL, "huge PNG without OCR fails");
    tr_extracted_free(&x);

    memset(&x, 0, sizeof x);
    rc = tr_extract_image("not an image", 12, &o, &x, err, sizeof err);
    ok(rc == TR_EX_FAIL, "garbage image fails: %s", err);
    tr_extracted_free(&x);

    o.ocr = 0;
    rc = run(0, "annex.png", &o, &x, err, NULL);
    ok(rc == TR_EX_FAIL, "--no-ocr: image fails");
    is_str(err, "image skipped (--no-ocr)", "--no-ocr: reason");
    tr_extracted_free(&x);
}

#ifdef TR_HAVE_OCR
/* A page dense enough that OCR takes seconds: annex.png tiled 2 x 5. */
static void test_deadline(void)
{
    size_t len;
    char *data = slurp("annex.png", &len);
    PIX *tile = data ? pixReadMem((const l_uint8 *)data, len) : NULL;
    free(data);
    if (!tile) {
        ok(0, "deadline: cannot read annex.png");
        return;
    }
    int w = pixGetWidth(tile), h = pixGetHeight(tile);
    PIX *big = pixCreate(2 * w, 5 * h, pixGetDepth(tile));
    pixSetAll(big);
    for (int r = 0; r < 5; r++)
        for (int c = 0; c < 2; c++)
            pixRasterop(big, c * w, r * h, w, h, PIX_SRC, tile, 0, 0);
    l_uint8 *png = NULL;
    size_t pl = 0;
    pixWriteMem(&png, &pl, big, IFF_PNG);
    pixDestroy(&tile);
    pixDestroy(&big);

    tr_extract_opts o;
    tr_extracted x = {0};
    char err[200] = "";
    tr_extract_opts_default(&o);
    o.ocr_page_seconds = 0;             /* no limit: the reference time */
    double t0 = now_s();
    int rc = tr_extract_image((const char *)png, pl, &o, &x, err, sizeof err);
    double full = now_s() - t0;
    tap_diag("OCR of a %dx%d page without deadline: %.2f s", 2 * w, 5 * h, full);
    tr_extracted_free(&x);
    o.ocr_page_seconds = 1;
    t0 = now_s();
    rc = tr_extract_image((const char *)png, pl, &o, &x, err, sizeof err);
    double dt = now_s() - t0;
    if (full < 1.5) {
        ok(1, "# SKIP machine too fast for the deadline test (%.2f s)", full);
    } else {
        ok(rc == TR_EX_OK && x.notes.data
           && strstr(x.notes.data, "page 1: OCR stopped after 1 s"),
           "deadline noted (%s)", x.notes.data ? x.notes.data : err);
        ok(dt < full && dt < 3, "deadline: stopped after %.2f s", dt);
    }
    tr_extracted_free(&x);
    free(png);
}
#endif

int main(void)
{
    test_cleaner();
    test_text_pdf();
    test_broken();
    test_many_pages();
    test_ocr();
    test_images();
#ifdef TR_HAVE_OCR
    if (tr_ocr_available(&(tr_extract_opts){.ocr_lang = "vie"}))
        test_deadline();
#endif
    return tap_done();
}

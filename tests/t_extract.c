/* t_extract — the extraction layer: formats by content, names, the text
 * reader with legacy encodings, .doc through catdoc, and the legacy
 * repair every reader's output goes through. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tap.h"
#include "tr_extract.h"

static char *load(const char *rel, size_t *n)
{
    return tap_fixture(".", rel, n);
}

static tr_format sniff_file(const char *rel)
{
    size_t n;
    char *d = load(rel, &n);
    if (!d)
        return (tr_format)-1;
    tr_format f = tr_format_sniff(d, n, NULL);
    free(d);
    return f;
}

/* Extracts a fixture the way the indexer does (in process). */
static int extract_file(const char *rel, tr_extracted *x, char *err, size_t errsz)
{
    size_t n;
    char *d = load(rel, &n);
    if (!d) {
        snprintf(err, errsz, "cannot read %s", rel);
        return TR_EX_FAIL;
    }
    int rc = tr_extract(rel, d, n, tr_format_sniff(d, n, NULL), NULL, x, err, errsz);
    free(d);
    return rc;
}

static int text_of(const char *in, size_t n, tr_extracted *x)
{
    char err[256];
    memset(x, 0, sizeof *x);
    return tr_extract(NULL, in, n, TR_FMT_TEXT, NULL, x, err, sizeof err);
}

static void test_sniff_signatures(void)
{
    static const struct {
        const char *data;
        size_t n;
        tr_format want;
        const char *name;
    } c[] = {
        {"%PDF-1.7\n", 9, TR_FMT_PDF, "PDF"},
        {"\r\n%PDF-1.4\n", 11, TR_FMT_PDF, "PDF after a junk prefix"},
        {"{\\rtf1\\ansi x}", 14, TR_FMT_RTF, "RTF"},
        {"\x89PNG\r\n\x1a\n....", 12, TR_FMT_IMAGE, "PNG"},
        {"\xFF\xD8\xFF\xE0..", 6, TR_FMT_IMAGE, "JPEG"},
        {"II*\0....", 8, TR_FMT_IMAGE, "TIFF little-endian"},
        {"MM\0*....", 8, TR_FMT_IMAGE, "TIFF big-endian"},
        {"<!DOCTYPE html><p>x", 19, TR_FMT_HTML, "HTML doctype"},
        {"\xEF\xBB\xBF  <html><body>x", 22, TR_FMT_HTML, "HTML after BOM and blanks"},
        {"<?xml version=\"1.0\"?>\n<!-- c -->\n<html>", 39, TR_FMT_HTML, "XHTML after a declaration and a comment"},
        {"<HEAD><TITLE>x", 14, TR_FMT_HTML, "upper-case tags"},
        {"Báo cáo <html> trong văn bản", 30, TR_FMT_TEXT, "markup later in text is text"},
        {"# Tiêu đề\n", 12, TR_FMT_TEXT, "markdown"},
        {"", 0, TR_FMT_TEXT, "empty"},
    };
    for (size_t i = 0; i < sizeof c / sizeof c[0]; i++)
        ok(tr_format_sniff(c[i].data, c[i].n, NULL) == c[i].want, "sniff: %s", c[i].name);

    /* containers, looked into */
    const char *why = NULL;
    static const char zip[] = "PK\3\4....xl/workbook.xml....";
    ok(tr_format_sniff(zip, sizeof zip - 1, &why) == TR_FMT_UNKNOWN && why &&
           strstr(why, "zip"), "a zip without a document is refused: %s", why ? why : "");
    static const char ods[] = "PK\3\4........................mimetypeapplication/vnd.oasis.opendocument.spreadsheet";
    why = NULL;
    ok(tr_format_sniff(ods, sizeof ods - 1, &why) == TR_FMT_UNKNOWN && why &&
           strstr(why, "OpenDocument"), "an ODF spreadsheet is refused: %s", why ? why : "");
    /* an OLE container holding an EncryptedPackage stream is a
     * password-protected .docx (LibreOffice would not write one here) */
    char ole[1536];
    memset(ole, 0, sizeof ole);
    memcpy(ole, "\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1", 8);
    static const char enc[] = "E\0n\0c\0r\0y\0p\0t\0e\0d\0P\0a\0c\0k\0a\0g\0e\0";
    memcpy(ole + 1024, enc, sizeof enc - 1);
    why = NULL;
    ok(tr_format_sniff(ole, sizeof ole, &why) == TR_FMT_UNKNOWN && why && strstr(why, "encrypted"),
       "an encrypted OOXML (OLE EncryptedPackage) is refused: %s", why ? why : "");
    static const char wb[] = "W\0o\0r\0k\0b\0o\0o\0k\0";
    memset(ole + 8, 0, sizeof ole - 8);
    memcpy(ole + 1024, wb, sizeof wb - 1);
    why = NULL;
    ok(tr_format_sniff(ole, sizeof ole, &why) == TR_FMT_UNKNOWN && why && strstr(why, "Excel"),
       "an Excel workbook is named as one: %s", why ? why : "");
}

static void test_sniff_fixtures(void)
{
    /* files made by LibreOffice and pandoc, some with misleading names */
    static const struct {
        const char *file;
        tr_format want;
    } c[] = {
        {"tests/fixtures/formats/bao-cao.docx", TR_FMT_DOCX},
        {"tests/fixtures/formats/ke-hoach.odt", TR_FMT_ODT},
        {"tests/fixtures/formats/bao-cao-cu.doc", TR_FMT_DOC},
        {"tests/fixtures/formats/chuong-trinh.rtf", TR_FMT_RTF},
        {"tests/fixtures/formats/trang-tin.html", TR_FMT_HTML},
        {"tests/fixtures/formats/trang-web.doc", TR_FMT_HTML},
        {"tests/fixtures/formats/van-ban.pdf", TR_FMT_PDF},
        {"tests/fixtures/formats/thuc-ra-la-pdf.txt", TR_FMT_PDF},
        {"tests/fixtures/formats/bao-cao-khong-duoi", TR_FMT_DOCX},
        {"tests/fixtures/formats/trang-quet.png", TR_FMT_IMAGE},
        {"tests/fixtures/formats/tcvn3.txt", TR_FMT_TEXT},
    };
    for (size_t i = 0; i < sizeof c / sizeof c[0]; i++)
        ok(sniff_file(c[i].file) == c[i].want, "sniff %s: %s", c[i].file,
           tr_format_name(c[i].want));
}

static void test_names(void)
{
    ok(tr_format_of_name("/a/b.DOCX") == TR_FMT_DOCX, "extension: .DOCX");
    ok(tr_format_of_name("a.htm") == TR_FMT_HTML, "extension: .htm");
    ok(tr_format_of_name("a.jpeg") == TR_FMT_IMAGE, "extension: .jpeg");
    ok(tr_format_of_name("a.md") == TR_FMT_TEXT, "extension: .md");
    ok(tr_format_of_name("a.xlsx") == TR_FMT_UNKNOWN, "extension: .xlsx is not a format");
    ok(tr_format_of_name("dir.d/noext") == TR_FMT_UNKNOWN, "no extension: unknown");
    ok(tr_format_of_name("a.image") == TR_FMT_UNKNOWN, "'image' is a --formats word, not an extension");
    ok(tr_format_from_name("tiff") == TR_FMT_IMAGE && tr_format_from_name("PDF") == TR_FMT_PDF,
       "--formats words, any case");
    ok(tr_format_from_name("xls") == TR_FMT_UNKNOWN, "--formats: unknown word");
}

static void test_text(void)
{
    tr_extracted x;
    static const char utf8[] = "Báo cáo tình hình";
    ok(text_of(utf8, sizeof utf8 - 1, &x) == 0 && strcmp(x.text.data, utf8) == 0 &&
           x.enc.name[0] == 0, "UTF-8 is read as it is, no legacy encoding");
    tr_extracted_free(&x);

    /* "Báo cáo tình hình công tác dân vận" in TCVN3 bytes */
    static const char tcvn3[] = "B\xb8o c\xb8o t\xd7nh h\xd7nh c\xabng t\xb8""c d\xa9n v\xadn "
                                "\xae\xb9t k\xd5t qu\xb6 t\xe8t";
    ok(text_of(tcvn3, sizeof tcvn3 - 1, &x) == 0 && strstr(x.text.data, "Báo cáo tình hình") &&
           strcmp(x.enc.name, "TCVN3") == 0 && x.enc.score >= 600,
       "TCVN3 bytes are detected and converted (%s, %d‰): %s", x.enc.name, x.enc.score,
       x.text.data ? x.text.data : "");
    tr_extracted_free(&x);

    static const char french[] = "Le caf\xe9 cr\xe8me \xe0 la fran\xe7""aise, na\xefve fa\xe7""ade "
                                 "et d\xe9j\xe0 vu, tr\xe8s \xe9l\xe9gant.";
    ok(text_of(french, sizeof french - 1, &x) == 0 && strstr(x.text.data, "café crème") &&
           strcmp(x.enc.name, "CP1252") == 0, "French Latin-1 stays French (read as %s)",
       x.enc.name);
    tr_extracted_free(&x);

    /* UTF-8 damaged in one place is still UTF-8 */
    static const char damaged[] = "Báo cáo tình hình \xff công tác dân vận";
    ok(text_of(damaged, sizeof damaged - 1, &x) == 0 && strstr(x.text.data, "công tác") &&
           x.enc.name[0] == 0, "damaged UTF-8 is repaired, not taken for 8-bit");
    tr_extracted_free(&x);

    static const char utf16[] = "\xff\xfe" "B\0\xe1\0o\0 \0c\0\xe1\0o\0";
    ok(text_of(utf16, sizeof utf16 - 1, &x) == 0 && strcmp(x.text.data, "Báo cáo") == 0,
       "UTF-16LE with BOM");
    tr_extracted_free(&x);

    char bin[256];
    for (size_t i = 0; i < sizeof bin; i++)
        bin[i] = (char)(i * 37 + 11);
    char err[256];
    memset(&x, 0, sizeof x);
    ok(tr_extract(NULL, bin, sizeof bin, TR_FMT_TEXT, NULL, &x, err, sizeof err) == TR_EX_FAIL &&
           strstr(err, "binary"), "binary content is refused: %s", err);
    tr_extracted_free(&x);

    /* a UTF-8 text file holding TCVN3 shown as Windows-1252 (a .doc saved
     * as "Unicode text" by software that ignored the font) */
    static const char moji[] = "Ghi chú\nB\xc2\xb8o c\xc2\xb8o t\xc3\x97nh h\xc3\x97nh c\xc2\xabng t\xc2\xb8""c\n";
    ok(text_of(moji, sizeof moji - 1, &x) == 0 && strstr(x.text.data, "Báo cáo tình hình") &&
           strstr(x.text.data, "Ghi chú") && x.enc.runs == 1,
       "a TCVN3 paragraph shown as Windows-1252 inside UTF-8 is repaired: %s",
       x.text.data ? x.text.data : "");
    tr_extracted_free(&x);
}

static void test_private_use(void)
{
    /* what a PDF of an equation hands over: bracket pieces U+F8F1..F8F3
     * around the words, and a real U+FFFD and U+FB01 (ﬁ) that stay */
    static const char html[] = "<html><body><p>a\xef\xa3\xb1" "b \xee\x80\x80" "c "
                               "\xef\xbf\xbd \xef\xac\x81</p></body></html>";
    tr_extracted x = {0};
    char err[256];
    int rc = tr_extract(NULL, html, sizeof html - 1, TR_FMT_HTML, NULL, &x, err, sizeof err);
    ok(rc == 0 && x.text.data && strstr(x.text.data, "ab c \xef\xbf\xbd \xef\xac\x81"),
       "private-use characters are dropped, U+FFFD and U+FB01 kept: %s",
       x.text.data ? x.text.data : err);
    tr_extracted_free(&x);
}

static void test_doc(void)
{
    tr_extracted x = {0};
    char err[512] = "";
    int rc = extract_file("tests/fixtures/formats/bao-cao-cu.doc", &x, err, sizeof err);
    ok(rc == 0 && x.text.data && strstr(x.text.data, "chiếc nón lá nghiêng") &&
           strcmp(x.extractor, "antiword") == 0,
       ".doc (LibreOffice, Word 97) read by antiword, marker found %s", err);
    ok(x.text.data && strstr(x.text.data, "TỈNH ỦY BÌNH ĐỊNH"), ".doc: Unicode capitals intact");
    /* the two-column header table, taken apart cell by cell */
    ok(x.text.data && strstr(x.text.data, "TỈNH ỦY BÌNH ĐỊNH\nBAN DÂN VẬN\n") &&
           strstr(x.text.data, "\nĐẢNG CỘNG SẢN VIỆT NAM\n") && !strchr(x.text.data, '|'),
       ".doc: header table cells on lines of their own, left column first, no '|'");
    tr_extracted_free(&x);

    /* a one-page letter: antiword refuses it, catdoc reads it */
    memset(&x, 0, sizeof x);
    rc = extract_file("tests/fixtures/doc/small.doc", &x, err, sizeof err);
    ok(rc == 0 && strcmp(x.extractor, "catdoc") == 0 && x.text.data &&
           strstr(x.text.data, "giải phóng mặt bằng") && strstr(x.notes.data, "antiword said"),
       "small .doc refused by antiword is read by catdoc (%s)", err);
    tr_extracted_free(&x);

    memset(&x, 0, sizeof x);
    rc = extract_file("tests/fixtures/formats/vntime.doc", &x, err, sizeof err);
    ok(rc == 0 && x.text.data && strstr(x.text.data, "mái đình rêu phong") &&
           strcmp(x.enc.name, "TCVN3") == 0 && x.enc.runs >= 1,
       ".doc with a .VnTime run: catdoc's Windows-1252 text repaired to Vietnamese (%s, %u)",
       x.enc.name, x.enc.runs);
    tr_extracted_free(&x);

    memset(&x, 0, sizeof x);
    rc = extract_file("tests/fixtures/formats/vni-times.doc", &x, err, sizeof err);
    ok(rc == 0 && x.text.data && strstr(x.text.data, "cánh diều chao liệng") &&
           strcmp(x.enc.name, "VNI") == 0, ".doc with a VNI-Times run repaired (%s)", x.enc.name);
    tr_extracted_free(&x);

    memset(&x, 0, sizeof x);
    rc = extract_file("tests/fixtures/hostile-formats/encrypted.doc", &x, err, sizeof err);
    ok(rc == TR_EX_FAIL && strstr(err, "encrypted"), "password-protected .doc: %s", err);
    tr_extracted_free(&x);

    /* catdoc on garbage that carries the Word stream's name */
    size_t n;
    char *d = load("tests/fixtures/formats/bao-cao-cu.doc", &n);
    if (d) {
        memset(&x, 0, sizeof x);
        rc = tr_extract("x.doc", d, n / 3, TR_FMT_DOC, NULL, &x, err, sizeof err);
        ok(rc == TR_EX_FAIL || (rc == 0 && x.text.len < n), "a truncated .doc fails or reads less: %s",
           rc ? err : "read");
        tr_extracted_free(&x);
        free(d);
    }
}

int main(void)
{
    test_sniff_signatures();
    test_sniff_fixtures();
    test_names();
    test_text();
    test_private_use();
    test_doc();
    return tap_done();
}

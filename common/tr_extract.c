/*
 * tr_extract.c — which format a file is, and the one entry point that
 * reads any of them.
 *
 * The format comes from the content, never from the name: offices rename
 * files, save Word "web pages" as .doc, and mail PDFs without extension.
 * Signatures are cheap to test (a few memcmp and, for containers, one
 * memmem over the names a zip or OLE file stores uncompressed), so the
 * sniffer looks at the whole file rather than guessing from a prefix.
 *
 * After a reader has run, every text passes through the same two gates
 * whatever its format: the UTF-8 gate (a converter's output is not
 * trusted more than a file) and the legacy repair, which turns paragraphs
 * that are TCVN3/VNI bytes shown as Windows-1252 ("B¸o c¸o") into
 * Vietnamese.  Such paragraphs come out of every format: catdoc gives
 * them for .doc runs in .VnTime, PDF exports of ABC documents carry them
 * in their text layer, pages saved from old portals too.
 */
#define _GNU_SOURCE   /* memmem, pipe2 */
#include "config.h"
#include "tr_extract.h"
#include "tr_i18n.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "tr_legacy.h"
#include "tr_utf8.h"

static const struct {
    tr_format f;
    const char *name;
} names[] = {
    {TR_FMT_TEXT, "txt"},   {TR_FMT_TEXT, "md"},    {TR_FMT_TEXT, "text"},
    {TR_FMT_DOCX, "docx"},  {TR_FMT_ODT, "odt"},    {TR_FMT_DOC, "doc"},
    {TR_FMT_RTF, "rtf"},    {TR_FMT_HTML, "html"},  {TR_FMT_HTML, "htm"},
    {TR_FMT_PDF, "pdf"},    {TR_FMT_IMAGE, "png"},  {TR_FMT_IMAGE, "jpg"},
    {TR_FMT_IMAGE, "jpeg"}, {TR_FMT_IMAGE, "tif"},  {TR_FMT_IMAGE, "tiff"},
    {TR_FMT_IMAGE, "image"},
};

const char *tr_format_name(tr_format f)
{
    switch (f) {
    case TR_FMT_TEXT: return "txt";
    case TR_FMT_DOCX: return "docx";
    case TR_FMT_ODT: return "odt";
    case TR_FMT_DOC: return "doc";
    case TR_FMT_RTF: return "rtf";
    case TR_FMT_HTML: return "html";
    case TR_FMT_PDF: return "pdf";
    case TR_FMT_IMAGE: return "image";
    default: return "unknown";
    }
}

tr_format tr_format_from_name(const char *word)
{
    if (word && *word == '.')
        word++;
    for (size_t i = 0; word && i < sizeof names / sizeof names[0]; i++)
        if (strcasecmp(word, names[i].name) == 0)
            return names[i].f;
    return TR_FMT_UNKNOWN;
}

tr_format tr_format_of_name(const char *path)
{
    const char *dot = strrchr(path, '.');
    const char *slash = strrchr(path, '/');
    if (!dot || (slash && dot < slash) || !dot[1])
        return TR_FMT_UNKNOWN;
    tr_format f = tr_format_from_name(dot + 1);
    return strcasecmp(dot + 1, "image") == 0 || strcasecmp(dot + 1, "text") == 0
               ? TR_FMT_UNKNOWN : f;
}

static int has(const char *d, size_t n, const char *needle, size_t k)
{
    return n >= k && memmem(d, n, needle, k) != NULL;
}

/* "<html", "<!doctype html", "<head"… at the start of the content (after a
 * BOM, blanks and comments or an XML declaration): markup that only
 * appears later is a text file that quotes HTML. */
static int looks_html(const char *d, size_t n)
{
    size_t i = 0;
    if (n >= 3 && memcmp(d, "\xEF\xBB\xBF", 3) == 0)
        i = 3;
    size_t end = n < 4096 ? n : 4096;
    for (;;) {
        while (i < end && (d[i] == ' ' || d[i] == '\t' || d[i] == '\r' || d[i] == '\n'))
            i++;
        if (i >= end || d[i] != '<')
            return 0;
        static const char *const tags[] = {"<!doctype html", "<html", "<head", "<body",
                                           "<meta", "<title"};
        for (size_t k = 0; k < sizeof tags / sizeof tags[0]; k++) {
            size_t l = strlen(tags[k]);
            if (end - i >= l && strncasecmp(d + i, tags[k], l) == 0)
                return 1;
        }
        /* skip one comment or declaration (<?xml …?>, <!-- … -->) */
        const char *close = NULL;
        if (end - i >= 4 && memcmp(d + i, "<!--", 4) == 0) {
            if ((close = memmem(d + i + 4, end - i - 4, "-->", 3)) != NULL)
                close += 2;
        } else if (end - i >= 2 && (d[i + 1] == '?' || d[i + 1] == '!')) {
            close = memchr(d + i, '>', end - i);
        }
        if (!close)
            return 0;
        i = (size_t)(close - d) + 1;
    }
}

tr_format tr_format_sniff(const char *d, size_t n, const char **why)
{
    if (why)
        *why = NULL;
    if (n >= 4 && memcmp(d, "PK\3\4", 4) == 0) {
        /* Entry names are stored uncompressed in the local headers and
         * the central directory.  ODF stores its mimetype first and
         * uncompressed, so the type string is readable too. */
        if (has(d, n, "mimetypeapplication/vnd.oasis.opendocument.text", 47))
            return TR_FMT_ODT;
        if (has(d, n, "word/document.xml", 17))
            return TR_FMT_DOCX;
        if (why)
            *why = has(d, n, "mimetypeapplication/vnd.oasis.opendocument", 42)
                       ? tr_lmsg("OpenDocument file that is not a text document")
                       : tr_lmsg("zip archive without a word-processing document");
        return TR_FMT_UNKNOWN;
    }
    if (n >= 8 && memcmp(d, "\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1", 8) == 0) {
        /* OLE compound file: stream names are UTF-16LE in the directory.
         * A password-protected .docx/.xlsx is an OLE file holding an
         * "EncryptedPackage" stream. */
        static const char enc[] = "E\0n\0c\0r\0y\0p\0t\0e\0d\0P\0a\0c\0k\0a\0g\0e\0";
        static const char word[] = "W\0o\0r\0d\0D\0o\0c\0u\0m\0e\0n\0t\0";
        if (has(d, n, enc, sizeof enc - 1)) {
            if (why)
                *why = tr_lmsg("encrypted Office document, skipped");
            return TR_FMT_UNKNOWN;
        }
        if (has(d, n, word, sizeof word - 1))
            return TR_FMT_DOC;
        static const char xls[] = "W\0o\0r\0k\0b\0o\0o\0k\0";
        static const char ppt[] = "P\0o\0w\0e\0r\0P\0o\0i\0n\0t\0";
        if (why)
            *why = has(d, n, xls, sizeof xls - 1)   ? tr_lmsg("an Excel workbook, not a document")
                   : has(d, n, ppt, sizeof ppt - 1) ? tr_lmsg("a PowerPoint file, not a document")
                   : tr_lmsg("damaged or unknown OLE compound file (no Word document in it)");
        return TR_FMT_UNKNOWN;
    }
    size_t head = n < 1024 ? n : 1024;
    if (has(d, head, "%PDF-", 5))
        return TR_FMT_PDF;
    if (n >= 5 && memcmp(d, "{\\rtf", 5) == 0)
        return TR_FMT_RTF;
    if (n >= 8 && memcmp(d, "\x89PNG\r\n\x1a\n", 8) == 0)
        return TR_FMT_IMAGE;
    if (n >= 3 && memcmp(d, "\xFF\xD8\xFF", 3) == 0)
        return TR_FMT_IMAGE;
    if (n >= 4 && (memcmp(d, "II*\0", 4) == 0 || memcmp(d, "MM\0*", 4) == 0))
        return TR_FMT_IMAGE;
    if (looks_html(d, n))
        return TR_FMT_HTML;
    return TR_FMT_TEXT;
}

static int fail(char *err, size_t errsz, const char *msg)
{
    if (errsz)
        snprintf(err, errsz, "%s", msg);
    return TR_EX_FAIL;
}

/* The UTF-8 gate over a reader's output: NULs and invalid sequences from a
 * converter or a damaged file become spaces and U+FFFD, as for text. */
static int gate(tr_extracted *x)
{
    if (tr_utf8_valid(x->text.data ? x->text.data : "", x->text.len))
        return 0;
    char *clean;
    size_t clen;
    const char *why;
    tr_utf8_report rep;
    int rc = tr_utf8_clean(x->text.data, x->text.len, &clean, &clen, &rep, &why);
    if (rc == -2)
        return TR_EX_NOMEM;
    if (rc == -1)
        return TR_EX_FAIL;
    tr_buf_clear(&x->text);
    rc = tr_buf_add(&x->text, clean, clen);
    free(clean);
    if (rc)
        return TR_EX_NOMEM;
    if (rep.invalid) {
        char msg[96];
        snprintf(msg, sizeof msg, tr_lmsg("%zu invalid UTF-8 sequence(s) in the %s reader's output"),
                 rep.invalid, tr_format_name(x->format));
        if (tr_extracted_note(x, msg))
            return TR_EX_NOMEM;
    }
    return 0;
}

/* Private-use characters (U+E000..U+F8FF) are glyph pieces of symbol
 * fonts and equation brackets that a PDF's text layer or a Word symbol
 * run hands over; no Vietnamese text uses them, and as words they would
 * only be noise.  UTF-8: EE 80 80 .. EF A3 BF. */
static size_t drop_private_use(char *s, size_t n)
{
    size_t o = 0;
    for (size_t i = 0; i < n;) {
        unsigned char c = (unsigned char)s[i];
        if ((c == 0xEE || (c == 0xEF && i + 1 < n && (unsigned char)s[i + 1] <= 0xA3)) &&
            i + 2 < n) {
            i += 3;
            continue;
        }
        s[o++] = s[i++];
    }
    if (o < n)
        s[o] = '\0';
    return o;
}

/* Legacy paragraphs inside Unicode text: see the header comment. */
static int repair(tr_extracted *x)
{
    tr_buf out = {0};
    unsigned fixed = 0;
    tr_legacy which = TR_LEG_NONE;
    if (tr_legacy_repair(x->text.data ? x->text.data : "", x->text.len, &out,
                         &fixed, &which)) {
        tr_buf_free(&out);
        return TR_EX_NOMEM;
    }
    if (!fixed) {
        tr_buf_free(&out);
        return 0;
    }
    tr_buf_free(&x->text);
    x->text = out;
    x->enc.runs += fixed;
    if (!x->enc.name[0])
        snprintf(x->enc.name, sizeof x->enc.name, "%s", tr_legacy_name(which));
    char msg[128];
    snprintf(msg, sizeof msg, tr_lmsg("%u paragraph(s) in %s shown as Windows-1252 converted"),
             fixed, tr_legacy_name(which));
    return tr_extracted_note(x, msg) ? TR_EX_NOMEM : 0;
}

int tr_extract(const char *path, const char *data, size_t len, tr_format fmt,
               const tr_extract_opts *o, tr_extracted *x, char *err, size_t errsz)
{
    tr_extract_opts def;
    if (!o) {
        tr_extract_opts_default(&def);
        o = &def;
    }
    if (errsz)
        err[0] = '\0';
    x->format = fmt;
    int rc;
    switch (fmt) {
    case TR_FMT_TEXT: rc = tr_extract_text(data, len, o, x, err, errsz); break;
    case TR_FMT_DOCX: rc = tr_extract_docx(data, len, o, x, err, errsz); break;
    case TR_FMT_ODT: rc = tr_extract_odt(data, len, o, x, err, errsz); break;
    case TR_FMT_DOC: rc = tr_extract_doc(path, data, len, o, x, err, errsz); break;
    case TR_FMT_RTF: rc = tr_extract_rtf(data, len, o, x, err, errsz); break;
    case TR_FMT_HTML: rc = tr_extract_html(data, len, o, x, err, errsz); break;
    case TR_FMT_PDF: rc = tr_extract_pdf(data, len, o, x, err, errsz); break;
    case TR_FMT_IMAGE: rc = tr_extract_image(data, len, o, x, err, errsz); break;
    default: return fail(err, errsz, tr_lmsg("unknown format"));
    }
    if (rc != TR_EX_OK) {
        if (rc == TR_EX_FAIL && errsz && !err[0])
            fail(err, errsz, tr_lmsg("cannot be read"));
        return rc;
    }
    if (fmt != TR_FMT_TEXT && (rc = gate(x)) != 0)
        return rc == TR_EX_NOMEM ? rc : fail(err, errsz, tr_lmsg("extracted text is not text"));
    if (fmt != TR_FMT_TEXT && x->text.len &&
        (memchr(x->text.data, 0xEE, x->text.len) || memchr(x->text.data, 0xEF, x->text.len)))
        x->text.len = drop_private_use(x->text.data, x->text.len);
    if ((rc = repair(x)) != 0)
        return rc;
    if (x->text.len > o->max_text) {
        char msg[96];
        snprintf(msg, sizeof msg, tr_lmsg("extracted text over %zu MB"), o->max_text >> 20);
        return fail(err, errsz, msg);
    }
    return TR_EX_OK;
}

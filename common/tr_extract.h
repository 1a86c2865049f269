/*
 * tr_extract — from the bytes of a file to the UTF-8 text tracuu indexes.
 *
 * Staff hold Word files, PDFs, scans, saved web pages and 8-bit text typed
 * with the old TCVN3/VNI keyboards.  Everything downstream (metadata,
 * citations, tokens, snippets) works on one clean UTF-8 text, so this layer
 * turns each format into that text and nothing else:
 *
 *   - the format is chosen by content (magic bytes, container structure),
 *     never by the file name: a .doc that is really RTF or HTML, a PDF
 *     renamed .txt and a .docx without extension are all read for what
 *     they are;
 *   - paragraphs end with '\n'; table cells come in document order, each
 *     on its own line, so a two-column header table reads as the header
 *     lines the metadata parser expects; pages are separated by '\f';
 *   - what the container says about itself (title, author, creation date)
 *     is returned beside the text, as a low-priority metadata source.
 *
 * The parsers behind it are large C/C++ libraries fed hostile files; this
 * module forks only to run the .doc converters.  The indexer runs
 * tr_extract() in worker processes with resource limits
 * (indexer/sandbox.c), so a crash or a hang in a library costs one file,
 * never the run.
 *
 * Each format has its own file (tr_extract_docx.c, tr_extract_pdf.c…);
 * they share the result type and the error convention below.
 */
#ifndef TR_EXTRACT_H
#define TR_EXTRACT_H

#include <stddef.h>

#include "tr_buf.h"

typedef enum {
    TR_FMT_UNKNOWN = 0,
    TR_FMT_TEXT,     /* plain text (.txt, .md), any encoding */
    TR_FMT_DOCX,     /* Office Open XML word processing */
    TR_FMT_ODT,      /* OpenDocument text */
    TR_FMT_DOC,      /* Word 97-2003 binary */
    TR_FMT_RTF,
    TR_FMT_HTML,
    TR_FMT_PDF,
    TR_FMT_IMAGE,    /* PNG, JPEG, TIFF: OCR only */
    TR_FMT_COUNT
} tr_format;

/* Short lower-case name ("docx", "pdf", "txt"), static. */
const char *tr_format_name(tr_format f);

/* The format of a --formats word ("txt", "md", "docx", "doc", "odt", "rtf",
 * "html", "htm", "pdf", "png", "jpg", "jpeg", "tif", "tiff", "image"), or
 * TR_FMT_UNKNOWN. */
tr_format tr_format_from_name(const char *word);

/* The format of a file name's extension, or TR_FMT_UNKNOWN: only used to
 * decide which files of a folder are candidates, never how to read them. */
tr_format tr_format_of_name(const char *path);

/* What kind of content data[0..len) is.  Containers are looked into
 * (a zip holding word/document.xml is DOCX, one whose mimetype names
 * OpenDocument text is ODT; an OLE file with a WordDocument stream is DOC).
 * Anything without a known signature is TR_FMT_TEXT: the text path decides
 * whether it is text at all. *why, when not NULL, receives a static phrase
 * for content recognised as something that cannot be a document
 * ("zip archive without a document", "encrypted Office document") and the
 * result is then TR_FMT_UNKNOWN. */
tr_format tr_format_sniff(const char *data, size_t len, const char **why);

/* Limits against hostile files; tr_extract_opts_default() fills them. */
typedef struct {
    int ocr;                    /* OCR pages without text, and images */
    const char *ocr_lang;       /* Tesseract languages, "vie" */
    unsigned ocr_page_seconds;  /* give up one page's OCR after this */
    unsigned ocr_dpi;           /* rendering resolution of scanned pages */
    size_t max_unpacked;        /* zip: total uncompressed bytes read */
    unsigned max_ratio;         /* zip: uncompressed/compressed of an entry */
    unsigned max_pages;         /* PDF: pages read */
    unsigned long max_pixels;   /* images (and rendered pages) */
    size_t max_text;            /* extracted text, bytes */
} tr_extract_opts;

void tr_extract_opts_default(tr_extract_opts *o);

/* Which legacy 8-bit Vietnamese encoding text was in (see tr_legacy.h). */
typedef struct {
    char name[24];      /* "TCVN3", "VNI", "VISCII", "VPS", "CP1258",
                           "CP1252" (undecidable: read as Windows-1252),
                           "" when the text was Unicode */
    int score;          /* per mille of words that are Vietnamese syllables
                           under that decoding */
    unsigned runs;      /* legacy-font runs or paragraphs converted inside a
                           Unicode container (.doc/.docx/.odt/.rtf/.html) */
} tr_enc_info;

/* The result.  Zero it ({0}) before tr_extract(); tr_extracted_free()
 * releases it. */
typedef struct {
    tr_format format;
    const char *extractor;   /* static: "libzip+libxml2", "poppler",
                                "antiword", "tesseract", … */
    tr_buf text;             /* UTF-8, NFC; '\n' paragraphs, '\f' pages */
    char *title;             /* from the container (core properties, PDF
                                Info, <title>), malloc'd or NULL */
    char *author;
    char *created;           /* "YYYY-MM-DD" or NULL */
    unsigned pages;          /* PDF pages / images read */
    unsigned ocr_pages;      /* of which OCR'd */
    tr_buf ocr_list;         /* "1,3,4": the pages OCR'd (for --explain) */
    tr_enc_info enc;
    tr_buf notes;            /* '\n'-separated remarks for --explain */
} tr_extracted;

void tr_extracted_free(tr_extracted *x);

/* Adds one remark to x->notes.  0, or -1 on out-of-memory. */
int tr_extracted_note(tr_extracted *x, const char *msg);

/* Return codes of tr_extract() and of every format's reader. */
enum {
    TR_EX_OK = 0,
    TR_EX_FAIL = -1,    /* the file cannot be read: err says why, one line
                           ("encrypted, skipped", "truncated zip archive",
                           "word/document.xml is not XML: …") */
    TR_EX_NOMEM = -2
};

/* Extracts the text of data[0..len), of format fmt (from
 * tr_format_sniff), into *x.  path is the file's own path: only the .doc
 * reader needs it (the converter reads the file itself) and messages never
 * include it — the caller names the file.  err receives a one-line reason
 * on failure. */
int tr_extract(const char *path, const char *data, size_t len, tr_format fmt,
               const tr_extract_opts *o, tr_extracted *x,
               char *err, size_t errsz);

/* ---- the readers, one per file (called by tr_extract) ---- */
int tr_extract_text(const char *data, size_t len, const tr_extract_opts *o,
                    tr_extracted *x, char *err, size_t errsz);
int tr_extract_docx(const char *data, size_t len, const tr_extract_opts *o,
                    tr_extracted *x, char *err, size_t errsz);
int tr_extract_odt(const char *data, size_t len, const tr_extract_opts *o,
                   tr_extracted *x, char *err, size_t errsz);
int tr_extract_doc(const char *path, const char *data, size_t len,
                   const tr_extract_opts *o, tr_extracted *x,
                   char *err, size_t errsz);
int tr_extract_rtf(const char *data, size_t len, const tr_extract_opts *o,
                   tr_extracted *x, char *err, size_t errsz);
int tr_extract_html(const char *data, size_t len, const tr_extract_opts *o,
                    tr_extracted *x, char *err, size_t errsz);
int tr_extract_pdf(const char *data, size_t len, const tr_extract_opts *o,
                   tr_extracted *x, char *err, size_t errsz);
int tr_extract_image(const char *data, size_t len, const tr_extract_opts *o,
                     tr_extracted *x, char *err, size_t errsz);

/* 1 when OCR is compiled in and the language data is installed. */
int tr_ocr_available(const tr_extract_opts *o);

#endif

/*
 * tr_ocr_int.h — private glue between the PDF reader (tr_extract_pdf.c)
 * and the OCR/image reader (tr_extract_ocr.c).
 *
 * Both readers produce page text from engines that lay text out for the
 * eye (poppler's text layer, Tesseract's recognised lines), so both pass
 * each page through one cleaner, tr_page_text_add(), that turns it into
 * the text conventions of tr_extract.h.  The Tesseract engine is wrapped
 * as tr_ocr so that a PDF with many scanned pages loads the language
 * data once; without TR_HAVE_OCR the wrapper does not exist and callers
 * test tr_ocr_available() first.
 */
#ifndef TR_OCR_INT_H
#define TR_OCR_INT_H

#include <stddef.h>

#include "tr_buf.h"
#include "tr_extract.h"

/* Appends page text s[0..n) to out, cleaned: NFC, invalid UTF-8 replaced
 * by U+FFFD, '\r' and '\f' and other controls turned into line breaks or
 * spaces, trailing blanks cut, runs of blank lines kept to one, blank
 * lines at the start and end of the page dropped, and words broken at a
 * line end rejoined (see the comment of the implementation).  0, or -1 on
 * out-of-memory. */
int tr_page_text_add(tr_buf *out, const char *s, size_t n);

/* Number of non-space characters of s[0..n), counted up to limit. */
size_t tr_page_text_weight(const char *s, size_t n, size_t limit);

/* Cuts x->text to o->max_text (at a UTF-8 boundary) with a note.  0 when
 * under the limit, 1 when cut (the reader stops), -1 on out-of-memory. */
int tr_text_cap(tr_extracted *x, size_t max);

/* Appends ",n" (or "n") to a page list such as x->ocr_list. */
int tr_list_add(tr_buf *list, unsigned n);

#ifdef TR_HAVE_OCR
typedef struct tr_ocr tr_ocr;

/* An engine for o->ocr_lang, silenced (Tesseract and Leptonica write to
 * stderr by default).  NULL when the language data cannot be loaded or
 * on out-of-memory (*nomem set). */
tr_ocr *tr_ocr_open(const tr_extract_opts *o, int *nomem);
void tr_ocr_close(tr_ocr *t);

/* Recognises one 8-bit grey image (bytes_per_line >= w) scanned at dpi
 * and appends its cleaned text to out.  Returns 0, 1 when the deadline of
 * o->ocr_page_seconds stopped recognition (what was recognised by then is
 * kept), TR_EX_FAIL when Tesseract failed, TR_EX_NOMEM. */
int tr_ocr_grey(tr_ocr *t, const unsigned char *grey, int w, int h,
                int bytes_per_line, int dpi, tr_buf *out);
#endif

#endif

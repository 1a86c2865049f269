/*
 * tr_extract_pdf.c — PDF text through poppler-glib, scanned pages through
 * Tesseract.
 *
 * Text: poppler_page_get_text() gives each page in reading order (the
 * order of poppler's text blocks, not the physical layout), so the two
 * cells of a header table — "TỈNH ỦY HÀ NAM / Số 35-BC/TU" on the left,
 * "ĐẢNG CỘNG SẢN VIỆT NAM / Hà Nam, ngày …" on the right — come out as
 * whole lines, one column after the other, never interleaved on one line.
 * This was checked on LibreOffice output with the header both as a table
 * and as tab-separated lines (tests/fixtures/pdf); no gap splitting is
 * done on top.  Lines are then cleaned by tr_page_text_add() (rejoins
 * words hyphenated at a line end, keeps every other line break).
 *
 * Scans: a page with (almost) no text layer but with images is rendered
 * with cairo at o->ocr_dpi — lowered when the page would exceed
 * o->max_pixels — converted to 8-bit grey (a quarter of the memory of the
 * cairo surface, and what Tesseract binarises anyway) and recognised.  A
 * file's pages share one Tesseract engine, created at the first scanned
 * page so that text-only PDFs never load the language data.
 *
 * Limits: only the first o->max_pages pages are opened (poppler loads
 * pages lazily, so a 10,000-page file costs its first pages only); the
 * text is truncated at o->max_text with a note (see tr_extract_ocr.c).
 * The input bytes are wrapped, not copied: the document never outlives
 * this call.
 */
#include "config.h"
#include "tr_i18n.h"

#include "tr_extract.h"
#include "tr_ocr_int.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cairo.h>
#include <poppler.h>

/* A page with fewer non-space characters than this in its text layer is a
 * scan if it has images: scanners often stamp a page number or a file
 * name as text over the picture. */
#define TR_PDF_MIN_TEXT 20

static char *dup_field(const gchar *s, int *nomem)
{
    if (!s)
        return NULL;
    while (*s == ' ' || *s == '\t' || *s == '\r' || *s == '\n')
        s++;
    if (!*s)
        return NULL;
    tr_buf b = {0};
    if (tr_page_text_add(&b, s, strlen(s))) {
        *nomem = 1;
        return NULL;
    }
    /* one line: the cleaner ended it with '\n' and may have kept others */
    for (size_t i = 0; i < b.len; i++)
        if (b.data[i] == '\n')
            b.data[i] = ' ';
    while (b.len && b.data[b.len - 1] == ' ')
        b.data[--b.len] = '\0';
    return b.data;
}

static int read_info(PopplerDocument *doc, tr_extracted *x)
{
    gchar *title = poppler_document_get_title(doc);
    gchar *author = poppler_document_get_author(doc);
    int nomem = 0;
    x->title = dup_field(title, &nomem);
    x->author = dup_field(author, &nomem);
    g_free(title);
    g_free(author);
    GDateTime *dt = poppler_document_get_creation_date_time(doc);
    if (dt) {
        int y = g_date_time_get_year(dt);
        if (y >= 1900 && y <= 9999) {
            x->created = malloc(11);
            if (x->created)
                snprintf(x->created, 11, "%04d-%02d-%02d", y,
                         g_date_time_get_month(dt),
                         g_date_time_get_day_of_month(dt));
            else
                nomem = 1;
        }
        g_date_time_unref(dt);
    }
    return nomem ? -1 : 0;
}

static int page_has_images(PopplerPage *page)
{
    GList *l = poppler_page_get_image_mapping(page);
    int has = l != NULL;
    poppler_page_free_image_mapping(l);
    return has;
}

/* Why scanned pages could not be read, with the pages concerned: one note
 * for the file rather than one per page of a 300-page scan. */
typedef struct {
    const char *why;
    tr_buf pages;
    unsigned count;
} skipped;

static int skipped_note(tr_extracted *x, skipped *s)
{
    if (!s->count)
        return 0;
    /* one whole sentence per number, so that a translation can be one */
    const char *fmt = s->count > 1 ? tr_lmsg("pages %s have no text layer (%s)")
                                   : tr_lmsg("page %s has no text layer (%s)");
    size_t n = strlen(fmt) + s->pages.len + strlen(s->why) + 1;
    char *m = malloc(n);
    if (!m)
        return -1;
    snprintf(m, n, fmt, s->pages.data, s->why);
    int r = tr_extracted_note(x, m);
    free(m);
    return r ? -1 : 0;
}

#ifdef TR_HAVE_OCR
/* Renders page (number n, 1-based) and appends its OCR text to x->text.
 * TR_EX_OK (the note of a deadline or a failure is added here),
 * TR_EX_NOMEM. */
static int ocr_page(tr_ocr *t, PopplerPage *page, unsigned n,
                    const tr_extract_opts *o, tr_extracted *x)
{
    char msg[128];
    double pw = 0, ph = 0;
    poppler_page_get_size(page, &pw, &ph);
    if (!(pw > 0 && ph > 0 && pw < 1e6 && ph < 1e6)) {
        snprintf(msg, sizeof msg, tr_lmsg("page %u: OCR skipped (bad page size)"), n);
        return tr_extracted_note(x, msg) ? TR_EX_NOMEM : TR_EX_OK;
    }
    double dpi = o->ocr_dpi ? o->ocr_dpi : 300;
    double pixels = (pw * dpi / 72) * (ph * dpi / 72);
    if (o->max_pixels && pixels > (double)o->max_pixels) {
        /* 10% steps: no libm, and the exact dpi does not matter */
        while (dpi >= 30 && pixels > (double)o->max_pixels) {
            dpi = (double)(long)(dpi * 0.9);
            pixels = (pw * dpi / 72) * (ph * dpi / 72);
        }
        snprintf(msg, sizeof msg, tr_lmsg("page %u: rendered at %.0f dpi (page too large)"),
                 n, dpi);
        if (tr_extracted_note(x, msg))
            return TR_EX_NOMEM;
        if (dpi < 30) {
            snprintf(msg, sizeof msg, tr_lmsg("page %u: OCR skipped (page too large)"), n);
            return tr_extracted_note(x, msg) ? TR_EX_NOMEM : TR_EX_OK;
        }
    }
    int w = (int)(pw * dpi / 72), h = (int)(ph * dpi / 72);
    if (w < 1 || h < 1) {
        snprintf(msg, sizeof msg, tr_lmsg("page %u: OCR skipped (page too small)"), n);
        return tr_extracted_note(x, msg) ? TR_EX_NOMEM : TR_EX_OK;
    }
    cairo_surface_t *s = cairo_image_surface_create(CAIRO_FORMAT_RGB24, w, h);
    if (cairo_surface_status(s) != CAIRO_STATUS_SUCCESS) {
        cairo_surface_destroy(s);
        return TR_EX_NOMEM;
    }
    cairo_t *cr = cairo_create(s);
    cairo_set_source_rgb(cr, 1, 1, 1);       /* poppler paints no paper */
    cairo_paint(cr);
    cairo_scale(cr, dpi / 72, dpi / 72);
    poppler_page_render(page, cr);
    cairo_destroy(cr);
    cairo_surface_flush(s);

    int rc = TR_EX_OK;
    unsigned char *grey = malloc((size_t)w * (size_t)h);
    if (!grey) {
        cairo_surface_destroy(s);
        return TR_EX_NOMEM;
    }
    const unsigned char *px = cairo_image_surface_get_data(s);
    int stride = cairo_image_surface_get_stride(s);
    for (int yy = 0; yy < h; yy++) {
        const uint32_t *row = (const uint32_t *)(const void *)(px + (size_t)yy * stride);
        unsigned char *g = grey + (size_t)yy * w;
        for (int xx = 0; xx < w; xx++) {
            uint32_t v = row[xx];
            unsigned r = (v >> 16) & 255, gg = (v >> 8) & 255, b = v & 255;
            g[xx] = (unsigned char)((r * 299 + gg * 587 + b * 114) / 1000);
        }
    }
    cairo_surface_destroy(s);

    int r = tr_ocr_grey(t, grey, w, h, w, (int)dpi, &x->text);
    free(grey);
    if (r == TR_EX_NOMEM)
        return r;
    if (r == TR_EX_FAIL) {
        snprintf(msg, sizeof msg, tr_lmsg("page %u: OCR failed"), n);
        return tr_extracted_note(x, msg) ? TR_EX_NOMEM : TR_EX_OK;
    }
    x->ocr_pages++;
    if (tr_list_add(&x->ocr_list, n))
        return TR_EX_NOMEM;
    if (r == 1) {
        snprintf(msg, sizeof msg, tr_lmsg("page %u: OCR stopped after %u s"), n,
                 o->ocr_page_seconds);
        if (tr_extracted_note(x, msg))
            rc = TR_EX_NOMEM;
    }
    return rc;
}
#endif

int tr_extract_pdf(const char *data, size_t len, const tr_extract_opts *o,
                   tr_extracted *x, char *err, size_t errsz)
{
    x->format = TR_FMT_PDF;
    x->extractor = "poppler";
    GError *ge = NULL;
    GBytes *bytes = g_bytes_new_static(data, len);
    PopplerDocument *doc = poppler_document_new_from_bytes(bytes, NULL, &ge);
    if (!doc) {
        if (ge && g_error_matches(ge, POPPLER_ERROR, POPPLER_ERROR_ENCRYPTED))
            snprintf(err, errsz, tr_lmsg("encrypted PDF, skipped"));
        else if (ge && (g_error_matches(ge, POPPLER_ERROR, POPPLER_ERROR_DAMAGED) ||
                        g_error_matches(ge, POPPLER_ERROR, POPPLER_ERROR_BAD_CATALOG)))
            /* ours, in the user's language, rather than poppler's English */
            snprintf(err, errsz, tr_lmsg("damaged PDF (truncated, or its structure is "
                                         "broken), skipped"));
        else
            snprintf(err, errsz, tr_lmsg("not a valid PDF: %s"),
                     ge && ge->message ? ge->message : tr_lmsg("unknown error"));
        if (ge)
            g_error_free(ge);
        g_bytes_unref(bytes);
        return TR_EX_FAIL;
    }

    int rc = TR_EX_OK;
    if (read_info(doc, x))
        rc = TR_EX_NOMEM;
    int total = poppler_document_get_n_pages(doc);
    unsigned npages = total > 0 ? (unsigned)total : 0;
    unsigned want = o->max_pages && npages > o->max_pages ? o->max_pages : npages;
    skipped skip = {0};
#ifdef TR_HAVE_OCR
    tr_ocr *ocr = NULL;
    int ocr_tried = 0;
#endif

    for (unsigned i = 0; i < want && rc == TR_EX_OK; i++) {
        PopplerPage *page = poppler_document_get_page(doc, (int)i);
        if (i > 0 && tr_buf_addc(&x->text, '\f')) {
            if (page)
                g_object_unref(page);
            rc = TR_EX_NOMEM;
            break;
        }
        x->pages++;
        if (!page)
            continue;
        gchar *txt = poppler_page_get_text(page);
        size_t tl = txt ? strlen(txt) : 0;
        int scanned = tr_page_text_weight(txt ? txt : "", tl, TR_PDF_MIN_TEXT)
                          < TR_PDF_MIN_TEXT
                      && page_has_images(page);
        int done = 0;
        if (scanned) {
            const char *why = NULL;
#ifdef TR_HAVE_OCR
            if (o->ocr && !ocr && !ocr_tried) {
                int nomem = 0;
                ocr_tried = 1;
                ocr = tr_ocr_open(o, &nomem);
                if (nomem)
                    rc = TR_EX_NOMEM;
            }
            if (!o->ocr)
                why = tr_lmsg("OCR off");
            else if (!ocr)
                why = tr_lmsg("OCR not available: install tesseract-ocr-vie");
            else {
                size_t before = x->text.len;
                if (rc == TR_EX_OK)
                    rc = ocr_page(ocr, page, i + 1, o, x);
                done = x->text.len > before;
            }
#else
            why = o->ocr ? tr_lmsg("OCR not built in") : tr_lmsg("OCR off");
#endif
            if (why) {
                skip.why = why;
                skip.count++;
                if (tr_list_add(&skip.pages, i + 1))
                    rc = TR_EX_NOMEM;
            }
        }
        /* A scan's stray text layer (a stamped page number) is kept only
         * when OCR gave nothing. */
        if (!done && rc == TR_EX_OK && tl
            && tr_page_text_add(&x->text, txt, tl))
            rc = TR_EX_NOMEM;
        g_free(txt);
        g_object_unref(page);
        if (rc == TR_EX_OK) {
            int c = tr_text_cap(x, o->max_text);
            if (c < 0)
                rc = TR_EX_NOMEM;
            if (c)
                break;
        }
    }
#ifdef TR_HAVE_OCR
    tr_ocr_close(ocr);
    if (x->ocr_pages)
        x->extractor = "poppler+tesseract";
#endif
    if (rc == TR_EX_OK && want < npages) {
        char msg[96];
        snprintf(msg, sizeof msg, tr_lmsg("only the first %u of %u pages read"), want,
                 npages);
        if (tr_extracted_note(x, msg))
            rc = TR_EX_NOMEM;
    }
    if (rc == TR_EX_OK && skipped_note(x, &skip))
        rc = TR_EX_NOMEM;
    tr_buf_free(&skip.pages);
    g_object_unref(doc);
    g_bytes_unref(bytes);
    return rc;
}

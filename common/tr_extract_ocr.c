/*
 * tr_extract_ocr.c — page text cleaning, the Tesseract engine, and the
 * image reader (PNG, JPEG, TIFF: OCR only).
 *
 * Page text comes from engines that lay text out for the eye: poppler
 * breaks every printed line, Tesseract adds blank lines between blocks
 * and ends pages with form feeds.  tr_page_text_add() turns either into
 * the conventions of tr_extract.h, and its one non-obvious job is to undo
 * line-end hyphenation without ever splitting or gluing words wrongly:
 *
 *   "docu-" / "ment"      -> "document"   a letter, '-', and the next line
 *                                         starts lower-case: a word broken
 *                                         by the layout;
 *   "số 12-" / "QĐ/UBND"  -> "12-QĐ/UBND" a digit, '-', and the next line
 *                                         starts with a capital or digit:
 *                                         a document number broken in two,
 *                                         which the citation parser must
 *                                         see whole (the hyphen stays);
 *   a soft hyphen (U+00AD) at line end always joins; elsewhere it is
 *   dropped, since it is invisible and would cut a word for the tokenizer.
 * Every other line break stays a '\n': the tokenizer treats it as a space,
 * so "giải phóng mặt\nbằng" still matches the phrase, and the header
 * parser, which is line-based, keeps its lines.
 *
 * OCR: one TessBaseAPI per file (loading the language data costs more
 * than a small page), a deadline per page through Tesseract's monitor,
 * and output silenced: Tesseract's debug_file and Leptonica's message
 * severity are process-wide settings, and setting them is the one global
 * effect of this module (harmless: tracuu prints nothing through either
 * library, and every call sets the same values).
 *
 * max_text: readers truncate at a page boundary or UTF-8 boundary with a
 * note rather than fail — the first pages carry the header and the number
 * that make a long report findable at all.
 */
#include "config.h"
#include "tr_i18n.h"

#include "tr_extract.h"
#include "tr_ocr_int.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <utf8proc.h>

#ifdef TR_HAVE_OCR
#include <leptonica/allheaders.h>
#include <tesseract/capi.h>
#endif

/* ---- text cleaning ---------------------------------------------------- */

/* Valid UTF-8 with controls mapped (see tr_page_text_add), then NFC. */
static int sanitize_nfc(const char *s, size_t n, char **res)
{
    tr_buf b = {0};
    size_t i = 0;
    while (i < n) {
        utf8proc_int32_t cp;
        utf8proc_ssize_t k = utf8proc_iterate((const utf8proc_uint8_t *)s + i,
                                              (utf8proc_ssize_t)(n - i), &cp);
        if (k <= 0) {
            cp = 0xFFFD;
            k = 1;
        }
        i += (size_t)k;
        if (cp == '\r') {
            if (i < n && s[i] == '\n')
                continue;
            cp = '\n';
        } else if (cp == '\f' || cp == '\v' || cp == 0x2028 || cp == 0x2029
                   || cp == 0x85) {
            cp = '\n';
        } else if ((cp < 0x20 && cp != '\n') || cp == 0x7F || cp == 0xA0) {
            cp = ' ';
        }
        utf8proc_uint8_t enc[4];
        utf8proc_ssize_t m = utf8proc_encode_char(cp, enc);
        if (tr_buf_add(&b, (const char *)enc, (size_t)m)) {
            tr_buf_free(&b);
            return -1;
        }
    }
    if (!b.len) {
        *res = b.data ? b.data : calloc(1, 1);
        return *res ? 0 : -1;
    }
    utf8proc_uint8_t *dst = NULL;
    utf8proc_ssize_t r = utf8proc_map((const utf8proc_uint8_t *)b.data,
                                      (utf8proc_ssize_t)b.len, &dst,
                                      UTF8PROC_COMPOSE | UTF8PROC_STABLE);
    if (r < 0) {
        /* Only out-of-memory is possible on valid UTF-8; keep the
         * uncomposed text rather than lose the page. */
        if (r == UTF8PROC_ERROR_NOMEM) {
            tr_buf_free(&b);
            return -1;
        }
        *res = b.data;
        return 0;
    }
    tr_buf_free(&b);
    *res = (char *)dst;
    return 0;
}

static int is_space_byte(unsigned char c)
{
    return c == ' ' || c == '\t';
}

/* The code point ending at s[end-1] (valid UTF-8), its start in *start. */
static utf8proc_int32_t last_cp(const char *s, size_t end, size_t *start)
{
    size_t i = end;
    while (i > 0 && ((unsigned char)s[i - 1] & 0xC0) == 0x80)
        i--;
    if (i > 0)
        i--;
    utf8proc_int32_t cp = -1;
    utf8proc_iterate((const utf8proc_uint8_t *)s + i,
                     (utf8proc_ssize_t)(end - i), &cp);
    *start = i;
    return cp;
}

static utf8proc_int32_t first_cp(const char *s, size_t n)
{
    utf8proc_int32_t cp = -1;
    if (n)
        utf8proc_iterate((const utf8proc_uint8_t *)s, (utf8proc_ssize_t)n, &cp);
    return cp;
}

static int cat_is(utf8proc_int32_t cp, int a, int b)
{
    if (cp < 0)
        return 0;
    int c = utf8proc_category(cp);
    return c >= a && c <= b;
}
#define IS_LETTER(cp) cat_is((cp), UTF8PROC_CATEGORY_LU, UTF8PROC_CATEGORY_LO)
#define IS_LOWER(cp) cat_is((cp), UTF8PROC_CATEGORY_LL, UTF8PROC_CATEGORY_LL)
#define IS_UPPER(cp) cat_is((cp), UTF8PROC_CATEGORY_LU, UTF8PROC_CATEGORY_LT)
#define IS_DIGIT(cp) ((cp) >= '0' && (cp) <= '9')

enum { END_PLAIN, END_WORD_HYPHEN, END_NUM_HYPHEN, END_SOFT_HYPHEN };

int tr_page_text_add(tr_buf *out, const char *s, size_t n)
{
    char *t;
    if (sanitize_nfc(s, n, &t))
        return -1;
    size_t tn = strlen(t), pos = 0, start_len = out->len;
    int prev_end = END_PLAIN, blank = 0, any = 0, rc = 0;
    tr_buf line = {0};

    while (pos <= tn && !rc) {
        const char *nl = memchr(t + pos, '\n', tn - pos);
        size_t e = nl ? (size_t)(nl - t) : tn;
        /* the line without soft hyphens, trimmed */
        tr_buf_clear(&line);
        int soft_end = 0;
        for (size_t i = pos; i < e; i++) {
            if ((unsigned char)t[i] == 0xC2 && i + 1 < e
                && (unsigned char)t[i + 1] == 0xAD) {
                i++;
                soft_end = 1;
                continue;
            }
            if (!is_space_byte((unsigned char)t[i]))
                soft_end = 0;
            if (tr_buf_addc(&line, t[i])) {
                rc = -1;
                break;
            }
        }
        pos = e + 1;
        if (rc)
            break;
        size_t a = 0, z = line.len;
        while (a < z && is_space_byte((unsigned char)line.data[a]))
            a++;
        while (z > a && is_space_byte((unsigned char)line.data[z - 1]))
            z--;
        if (a == z) {
            if (any)
                blank = 1;
            prev_end = END_PLAIN;
            continue;
        }
        const char *l = line.data + a;
        size_t ln = z - a;
        utf8proc_int32_t first = first_cp(l, ln);

        if (any) {
            int join = 0;
            if (!blank) {
                if (prev_end == END_SOFT_HYPHEN)
                    join = IS_LETTER(first) || IS_DIGIT(first);
                else if (prev_end == END_WORD_HYPHEN && IS_LOWER(first)) {
                    out->len--;             /* drop the '-' */
                    out->data[out->len] = '\0';
                    join = 1;
                } else if (prev_end == END_NUM_HYPHEN
                           && (IS_UPPER(first) || IS_DIGIT(first)))
                    join = 1;
            }
            if (!join && tr_buf_adds(out, blank ? "\n\n" : "\n")) {
                rc = -1;
                break;
            }
        }
        if (tr_buf_add(out, l, ln)) {
            rc = -1;
            break;
        }
        any = 1;
        blank = 0;
        prev_end = END_PLAIN;
        if (soft_end) {
            prev_end = END_SOFT_HYPHEN;
        } else if (l[ln - 1] == '-' && ln >= 2) {
            size_t st;
            utf8proc_int32_t before = last_cp(l, ln - 1, &st);
            if (IS_LETTER(before))
                prev_end = END_WORD_HYPHEN;
            else if (IS_DIGIT(before))
                prev_end = END_NUM_HYPHEN;
        }
    }
    if (!rc && any && tr_buf_addc(out, '\n'))
        rc = -1;
    if (rc) {
        out->len = start_len;
        if (out->data)
            out->data[out->len] = '\0';
    }
    tr_buf_free(&line);
    free(t);
    return rc;
}

size_t tr_page_text_weight(const char *s, size_t n, size_t limit)
{
    size_t w = 0;
    for (size_t i = 0; i < n && w < limit; i++) {
        unsigned char c = (unsigned char)s[i];
        if ((c & 0xC0) != 0x80 && c != ' ' && c != '\n' && c != '\t'
            && c != '\r' && c != '\f')
            w++;
    }
    return w;
}

int tr_text_cap(tr_extracted *x, size_t max)
{
    if (!max || x->text.len <= max)
        return 0;
    size_t n = max;
    while (n > 0 && ((unsigned char)x->text.data[n] & 0xC0) == 0x80)
        n--;
    x->text.len = n;
    x->text.data[n] = '\0';
    char msg[96];
    snprintf(msg, sizeof msg, tr_lmsg("text over %zu MB: truncated"),
             max >> 20 ? max >> 20 : 1);
    return tr_extracted_note(x, msg) ? -1 : 1;
}

int tr_list_add(tr_buf *list, unsigned n)
{
    char num[16];
    snprintf(num, sizeof num, "%s%u", list->len ? "," : "", n);
    return tr_buf_adds(list, num);
}

/* ---- Tesseract -------------------------------------------------------- */

#ifdef TR_HAVE_OCR
struct tr_ocr {
    TessBaseAPI *api;
    ETEXT_DESC *mon;
    unsigned seconds;
};

tr_ocr *tr_ocr_open(const tr_extract_opts *o, int *nomem)
{
    *nomem = 0;
    const char *lang = o->ocr_lang && *o->ocr_lang ? o->ocr_lang : "vie";
    tr_ocr *t = calloc(1, sizeof *t);
    if (!t) {
        *nomem = 1;
        return NULL;
    }
    setMsgSeverity(L_SEVERITY_NONE);
    t->api = TessBaseAPICreate();
    t->mon = TessMonitorCreate();
    if (!t->api || !t->mon) {
        *nomem = 1;
        tr_ocr_close(t);
        return NULL;
    }
    /* Before Init: a missing language would otherwise be reported on
     * stderr ("Error opening data file …"). */
    TessBaseAPISetVariable(t->api, "debug_file", "/dev/null");
    if (TessBaseAPIInit3(t->api, NULL, lang) != 0) {
        tr_ocr_close(t);
        return NULL;
    }
    TessBaseAPISetVariable(t->api, "debug_file", "/dev/null");
    t->seconds = o->ocr_page_seconds;
    return t;
}

void tr_ocr_close(tr_ocr *t)
{
    if (!t)
        return;
    if (t->api) {
        TessBaseAPIEnd(t->api);
        TessBaseAPIDelete(t->api);
    }
    if (t->mon)
        TessMonitorDelete(t->mon);
    free(t);
}

static double now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

/* Recognises the image already set; see tr_ocr_grey for the result. */
static int ocr_run(tr_ocr *t, tr_buf *out)
{
    int deadline = 0;
    ETEXT_DESC *mon = NULL;
    double t0 = now_ms(), limit = 0;
    if (t->seconds) {
        /* 0 means no limit; the monitor counts from now */
        limit = t->seconds > 2000000u ? 2e9 : t->seconds * 1000.0;
        TessMonitorSetDeadlineMSecs(t->mon, (int)limit);
        mon = t->mon;
    }
    int r = TessBaseAPIRecognize(t->api, mon);
    if (mon && now_ms() - t0 >= limit)
        deadline = 1;
    if (r != 0 && !deadline) {
        TessBaseAPIClear(t->api);
        return TR_EX_FAIL;
    }
    char *txt = TessBaseAPIGetUTF8Text(t->api);
    int rc = 0;
    if (txt) {
        rc = tr_page_text_add(out, txt, strlen(txt)) ? TR_EX_NOMEM : 0;
        TessDeleteText(txt);
    } else if (!deadline) {
        rc = TR_EX_FAIL;
    }
    TessBaseAPIClear(t->api);
    return rc ? rc : deadline;
}

int tr_ocr_grey(tr_ocr *t, const unsigned char *grey, int w, int h,
                int bytes_per_line, int dpi, tr_buf *out)
{
    TessBaseAPISetImage(t->api, grey, w, h, 1, bytes_per_line);
    TessBaseAPISetSourceResolution(t->api, dpi);
    return ocr_run(t, out);
}
#endif

int tr_ocr_available(const tr_extract_opts *o)
{
#ifdef TR_HAVE_OCR
    /* Loading the data is the only sure test (a file may exist but be
     * unreadable or of the wrong version).  Not cached: the answer costs
     * ~0.1 s and callers ask once per run. */
    int nomem;
    tr_ocr *t = tr_ocr_open(o, &nomem);
    if (!t)
        return 0;
    tr_ocr_close(t);
    return 1;
#else
    (void)o;
    return 0;
#endif
}

/* ---- images ----------------------------------------------------------- */

#ifdef TR_HAVE_OCR
static int is_tiff(int fmt)
{
    return fmt == IFF_TIFF || fmt == IFF_TIFF_PACKBITS || fmt == IFF_TIFF_RLE
        || fmt == IFF_TIFF_G3 || fmt == IFF_TIFF_G4 || fmt == IFF_TIFF_LZW
        || fmt == IFF_TIFF_ZIP || fmt == IFF_TIFF_JPEG;
}

static int too_large(int w, int h, const tr_extract_opts *o, char *err,
                     size_t errsz)
{
    if (w > 0 && h > 0
        && (unsigned long long)w * (unsigned long long)h <= o->max_pixels)
        return 0;
    snprintf(err, errsz, tr_lmsg("image too large: %d\xc3\x97%d pixels"), w, h);
    return 1;
}
#endif

int tr_extract_image(const char *data, size_t len, const tr_extract_opts *o,
                     tr_extracted *x, char *err, size_t errsz)
{
    x->format = TR_FMT_IMAGE;
    x->extractor = "tesseract";
    if (!o->ocr) {
        snprintf(err, errsz, tr_lmsg("image skipped (--no-ocr)"));
        return TR_EX_FAIL;
    }
#ifndef TR_HAVE_OCR
    (void)data;
    (void)len;
    snprintf(err, errsz, tr_lmsg("image: OCR not available (install tesseract-ocr-vie)"));
    return TR_EX_FAIL;
#else
    const l_uint8 *d = (const l_uint8 *)data;
    l_int32 fmt = 0, w = 0, h = 0, bps = 0, spp = 0, cmap = 0;
    setMsgSeverity(L_SEVERITY_NONE);
    if (pixReadHeaderMem(d, len, &fmt, &w, &h, &bps, &spp, &cmap) != 0) {
        snprintf(err, errsz, tr_lmsg("not a readable image"));
        return TR_EX_FAIL;
    }
    if (too_large(w, h, o, err, errsz))
        return TR_EX_FAIL;
    int nomem = 0;
    tr_ocr *t = tr_ocr_open(o, &nomem);
    if (!t) {
        if (nomem)
            return TR_EX_NOMEM;
        snprintf(err, errsz, tr_lmsg("image: OCR not available (install tesseract-ocr-vie)"));
        return TR_EX_FAIL;
    }
    int tiff = is_tiff(fmt), rc = TR_EX_OK;
    unsigned max_pages = o->max_pages ? o->max_pages : 1u;
    for (unsigned n = 0;; n++) {
        if (n > 0 && !tiff)
            break;
        if (tiff) {
            l_int32 res = 0, f2 = 0;
            if (readHeaderMemTiff(d, len, (l_int32)n, &w, &h, &bps, &spp,
                                  &res, &cmap, &f2) != 0) {
                if (n == 0) {
                    snprintf(err, errsz, tr_lmsg("not a readable TIFF image"));
                    rc = TR_EX_FAIL;
                }
                break;
            }
            if (n >= max_pages) {
                char msg[80];
                snprintf(msg, sizeof msg, tr_lmsg("only the first %u pages read"),
                         max_pages);
                if (tr_extracted_note(x, msg))
                    rc = TR_EX_NOMEM;
                break;
            }
            if (too_large(w, h, o, err, errsz)) {
                rc = TR_EX_FAIL;
                break;
            }
        }
        PIX *pix = tiff ? pixReadMemTiff(d, len, (l_int32)n)
                        : pixReadMem(d, len);
        if (!pix) {
            if (n == 0) {
                snprintf(err, errsz, tr_lmsg("image data damaged"));
                rc = TR_EX_FAIL;
            } else {
                char msg[64];
                snprintf(msg, sizeof msg, tr_lmsg("page %u: image data damaged"), n + 1);
                rc = tr_extracted_note(x, msg) ? TR_EX_NOMEM : TR_EX_OK;
            }
            break;
        }
        if (n > 0 && tr_buf_addc(&x->text, '\f')) {
            pixDestroy(&pix);
            rc = TR_EX_NOMEM;
            break;
        }
        TessBaseAPISetImage2(t->api, pix);
        int r = ocr_run(t, &x->text);
        pixDestroy(&pix);
        if (r == TR_EX_NOMEM) {
            rc = r;
            break;
        }
        x->pages++;
        if (r == TR_EX_FAIL) {
            char msg[64];
            snprintf(msg, sizeof msg, tr_lmsg("page %u: OCR failed"), n + 1);
            if (tr_extracted_note(x, msg)) {
                rc = TR_EX_NOMEM;
                break;
            }
            continue;
        }
        x->ocr_pages++;
        if (tr_list_add(&x->ocr_list, n + 1)) {
            rc = TR_EX_NOMEM;
            break;
        }
        if (r == 1) {
            char msg[80];
            snprintf(msg, sizeof msg, tr_lmsg("page %u: OCR stopped after %u s"), n + 1,
                     o->ocr_page_seconds);
            if (tr_extracted_note(x, msg)) {
                rc = TR_EX_NOMEM;
                break;
            }
        }
        int c = tr_text_cap(x, o->max_text);
        if (c < 0)
            rc = TR_EX_NOMEM;
        if (c)
            break;
    }
    tr_ocr_close(t);
    if (rc == TR_EX_OK && !x->ocr_pages) {
        snprintf(err, errsz, tr_lmsg("image: OCR failed"));
        rc = TR_EX_FAIL;
    }
    return rc;
#endif
}

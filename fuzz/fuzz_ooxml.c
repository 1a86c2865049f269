/* fuzz_ooxml — the .docx and .odt readers (tr_extract_docx, tr_extract_odt).
 *
 * Mutating a whole zip mostly breaks its checksums and never reaches the
 * XML, so the input has two shapes:
 *   - it starts with "PK": the bytes are the archive, given to both readers
 *     (zip parsing, bombs, encryption flags, truncation);
 *   - otherwise it is up to four XML parts separated by lines "--": they are
 *     zipped in memory (libzip) as word/document.xml, word/styles.xml,
 *     word/footnotes.xml, docProps/core.xml for the .docx reader and as
 *     content.xml, styles.xml, meta.xml for the .odt reader (XML, styles,
 *     legacy fonts, notes, properties).
 * Invariants: a result is valid UTF-8 within max_text, a date is
 * "YYYY-MM-DD", a failure has a one-line reason. */
#include <stdio.h>
#include <string.h>

#include <zip.h>

#include "fuzz.h"
#include "tr_extract.h"
#include "tr_utf8.h"

int tr_fuzz_ooxml(const uint8_t *data, size_t size);   /* also in fuzz.h */

static void check(int rc, const tr_extracted *x, const tr_extract_opts *o, const char *err)
{
    if (rc == TR_EX_OK) {
        FUZZ_CHECK(x->text.len <= o->max_text);
        FUZZ_CHECK(!x->text.len || tr_utf8_valid(x->text.data, x->text.len));
        FUZZ_CHECK(!x->created || (strlen(x->created) == 10 && x->created[4] == '-'));
        FUZZ_CHECK(!x->title || tr_utf8_valid(x->title, strlen(x->title)));
        FUZZ_CHECK(!x->author || tr_utf8_valid(x->author, strlen(x->author)));
    } else if (rc == TR_EX_FAIL) {
        FUZZ_CHECK(err[0] && !strchr(err, '\n'));
    } else {
        FUZZ_CHECK(rc == TR_EX_NOMEM);
    }
}

static void run(const char *zip, size_t len, int odt)
{
    tr_extract_opts o;
    tr_extract_opts_default(&o);
    o.max_unpacked = 8u << 20;   /* keep each run fast */
    o.max_text = 1u << 20;
    tr_extracted x = {0};
    char err[256] = "";
    int rc = (odt ? tr_extract_odt : tr_extract_docx)(zip, len, &o, &x, err, sizeof err);
    check(rc, &x, &o, err);
    tr_extracted_free(&x);
}

/* Zips the parts into memory; run() on the result.  Setup failures are
 * not findings: the input is just skipped. */
static void zip_parts(const char *const *part, const size_t *plen, size_t n,
                      const char *const *names, int odt)
{
    zip_error_t ze;
    zip_error_init(&ze);
    zip_source_t *src = zip_source_buffer_create(NULL, 0, 0, &ze);
    if (!src)
        return;
    zip_source_keep(src);
    zip_t *za = zip_open_from_source(src, ZIP_TRUNCATE, &ze);
    if (!za) {
        zip_source_free(src);
        zip_source_free(src);
        zip_error_fini(&ze);
        return;
    }
    /* Stored, not deflated: compressing the parts (a fresh zlib state of
     * a few hundred KB per part, zeroed) was half of each execution, and
     * it is setup, not the code under test; the readers' inflate path is
     * fuzzed by the "PK" inputs. */
    for (size_t i = 0; i < n; i++) {
        zip_source_t *ps = zip_source_buffer(za, part[i], plen[i], 0);
        zip_int64_t idx = ps ? zip_file_add(za, names[i], ps, ZIP_FL_OVERWRITE) : -1;
        if (ps && idx < 0)
            zip_source_free(ps);
        else if (idx >= 0)
            zip_set_file_compression(za, (zip_uint64_t)idx, ZIP_CM_STORE, 0);
    }
    if (zip_close(za) < 0) {
        zip_discard(za);
        zip_source_free(src);
        zip_error_fini(&ze);
        return;
    }
    zip_stat_t st;
    if (zip_source_stat(src, &st) == 0 && (st.valid & ZIP_STAT_SIZE) &&
        zip_source_open(src) == 0) {
        char *buf = malloc(st.size ? st.size : 1);
        if (buf && zip_source_read(src, buf, st.size) == (zip_int64_t)st.size)
            run(buf, st.size, odt);
        free(buf);
        zip_source_close(src);
    }
    zip_source_free(src);
    zip_error_fini(&ze);
}

int tr_fuzz_ooxml(const uint8_t *data, size_t size)
{
    const char *d = (const char *)data;
    if (size >= 2 && d[0] == 'P' && d[1] == 'K') {
        run(d, size, 0);
        run(d, size, 1);
        return 0;
    }
    const char *part[4];
    size_t plen[4], n = 0;
    const char *p = d, *end = d + size;
    while (n < 4) {
        const char *sep = NULL;
        /* not memcmp at every byte: through ASan's interceptor that was a
         * fifth of each execution */
        for (const char *q = p; n < 3 && q + 4 <= end; q++)
            if (q[0] == '\n' && q[1] == '-' && q[2] == '-' && q[3] == '\n') {
                sep = q;
                break;
            }
        part[n] = p;
        plen[n++] = (size_t)((sep ? sep : end) - p);
        if (!sep)
            break;
        p = sep + 4;
    }
    static const char *const docx[] = {"word/document.xml", "word/styles.xml",
                                       "word/footnotes.xml", "docProps/core.xml"};
    static const char *const odt[] = {"content.xml", "styles.xml", "meta.xml", "extra.xml"};
    zip_parts(part, plen, n, docx, 0);
    zip_parts(part, plen, n, odt, 1);
    return 0;
}
TR_FUZZ_ENTRY(tr_fuzz_ooxml)

/* fuzz_rtf — the RTF reader: any bytes give a clean failure or valid,
 * bounded UTF-8 text.  A small max_text makes the limit path reachable. */
#include <string.h>

#include "fuzz.h"
#include "tr_extract.h"
#include "tr_utf8.h"

int tr_fuzz_rtf(const uint8_t *data, size_t size);

static void check_result(int rc, const tr_extracted *x, const char *err, size_t max_text)
{
    FUZZ_CHECK(rc == TR_EX_OK || rc == TR_EX_FAIL || rc == TR_EX_NOMEM);
    if (rc == TR_EX_FAIL)
        FUZZ_CHECK(err[0] && !strchr(err, '\n'));
    if (rc != TR_EX_OK)
        return;
    FUZZ_CHECK(x->text.data && x->text.len == strlen(x->text.data));
    FUZZ_CHECK(tr_utf8_valid(x->text.data, x->text.len));
    /* the limit is checked before NFC, which may lengthen (exclusions) */
    FUZZ_CHECK(x->text.len <= 3 * max_text + 8);
    FUZZ_CHECK(!x->title || tr_utf8_valid(x->title, strlen(x->title)));
    FUZZ_CHECK(!x->author || tr_utf8_valid(x->author, strlen(x->author)));
    FUZZ_CHECK(!x->created || strlen(x->created) == 10);
}

int tr_fuzz_rtf(const uint8_t *data, size_t size)
{
    tr_extract_opts o;
    tr_extract_opts_default(&o);
    o.max_text = size & 1 ? 4096 : 1u << 20;
    tr_extracted x = {0};
    char err[256] = "";
    int rc = tr_extract_rtf((const char *)data, size, &o, &x, err, sizeof err);
    check_result(rc, &x, err, o.max_text);
    tr_extracted_free(&x);
    return 0;
}
TR_FUZZ_ENTRY(tr_fuzz_rtf)

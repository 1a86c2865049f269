/*
 * fuzz_extract.h — what every reader's result must satisfy, whatever the
 * bytes: a clean one-line failure, or valid, bounded UTF-8 text and
 * well-formed properties.  Shared by the readers' fuzz targets.
 */
#ifndef TR_FUZZ_EXTRACT_H
#define TR_FUZZ_EXTRACT_H

#include <string.h>

#include "fuzz.h"
#include "tr_extract.h"
#include "tr_utf8.h"

static inline void tr_fuzz_check_extracted(int rc, const tr_extracted *x, const char *err,
                                           size_t max_text)
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

#endif

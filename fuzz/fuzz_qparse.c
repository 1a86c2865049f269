/* fuzz_qparse — the query parser, and the compiler on what it accepts. */
#include <string.h>

#include "fuzz.h"
#include "tr_qparse.h"

int tr_fuzz_qparse(const uint8_t *data, size_t size)
{
    tr_qast *a = NULL;
    tr_qerror e;
    int rc = tr_qparse((const char *)data, size, &a, &e);
    if (rc != 0) {
        FUZZ_CHECK(rc == -1 && e.pos <= size && memchr(e.msg, 0, sizeof e.msg));
        return 0;
    }
    char *d = NULL;
    FUZZ_CHECK(tr_qast_debug(a, &d) == 0 && d);
    free(d);
    for (int mode = TR_MODE_AUTO; mode <= TR_MODE_FOLD; mode++) {
        tr_query *q = NULL;
        rc = tr_qcompile(a, (tr_mode)mode, &q, &e);
        FUZZ_CHECK(rc == 0 || (rc == -1 && e.pos <= size));
        tr_q_free(q);
        tr_qword *w;
        size_t nw;
        FUZZ_CHECK(tr_qast_words(a, (tr_mode)mode, &w, &nw) == 0);
        tr_qwords_free(w, nw);
    }
    char(*nums)[64];
    size_t nn;
    FUZZ_CHECK(tr_qast_numbers(a, &nums, &nn) == 0);
    free(nums);
    tr_qast_free(a);
    return 0;
}
TR_FUZZ_ENTRY(tr_fuzz_qparse)

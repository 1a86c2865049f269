/* fuzz_cite — citation extraction and number canonicalisation. */
#include <string.h>

#include "fuzz.h"
#include "tr_cite.h"
#include "tr_utf8.h"

int tr_fuzz_cite(const uint8_t *data, size_t size)
{
    char *t;
    size_t n;
    const char *why;
    if (tr_utf8_clean((const char *)data, size, &t, &n, NULL, &why) != 0)
        return 0;
    char own[TR_CANON_MAX];
    const char *ownp = tr_cite_own_number(t, n, own) == 0 ? own : NULL;
    tr_cite_list l = {0};
    FUZZ_CHECK(tr_cite_extract(t, n, ownp, &l) == 0);
    for (size_t i = 0; i < l.n; i++) {
        const tr_cite *c = &l.v[i];
        FUZZ_CHECK(c->start + c->len <= n && c->sent_start + c->sent_len <= n);
        FUZZ_CHECK(memchr(c->canon, 0, sizeof c->canon) != NULL);
        char again[TR_CANON_MAX];
        /* a canonical number is its own canonical form */
        FUZZ_CHECK(tr_cite_canonical(c->canon, again) == 0 && !strcmp(again, c->canon));
        char scoped[160];
        FUZZ_CHECK(tr_cite_scoped(c->canon, "quang-ngai", scoped, sizeof scoped) == 0);
    }
    tr_cite_list_free(&l);
    char canon[TR_CANON_MAX];
    if (n < 300)
        (void)tr_cite_canonical(t, canon);
    free(t);
    return 0;
}
TR_FUZZ_ENTRY(tr_fuzz_cite)

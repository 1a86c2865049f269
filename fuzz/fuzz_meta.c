/* fuzz_meta — metadata extraction and the sidecar parser.  Beyond "no
 * crash, valid UTF-8": the facts must be ones the index can be asked for —
 * a number that is its own canonical form (a citation look-up finds it),
 * a province the gazetteer names, a real YYYY-MM-DD date, and a year that
 * is the date's year when both are known. */
#include <string.h>

#include "fuzz.h"
#include "tr_cite.h"
#include "tr_meta.h"
#include "tr_utf8.h"

int tr_fuzz_meta(const uint8_t *data, size_t size)
{
    tr_meta m = {0};
    char err[256];
    /* the sidecar parser takes raw bytes: it validates them itself */
    int rc = tr_meta_apply_sidecar_text("fuzz.meta", (const char *)data, size, &m, err,
                                        sizeof err);
    FUZZ_CHECK(rc == 0 || (rc == -1 && strchr(err, '\n') == NULL));
    tr_meta_free(&m);
    char *t;
    size_t n;
    const char *why;
    if (tr_utf8_clean((const char *)data, size, &t, &n, NULL, &why) != 0)
        return 0;
    FUZZ_CHECK(tr_meta_extract(t, n, &m) == 0);
    const tr_field *f[] = {&m.number, &m.type, &m.title, &m.body,
                           &m.province, &m.date, &m.year, &m.signer, &m.signed_for};
    for (size_t i = 0; i < sizeof f / sizeof f[0]; i++)
        FUZZ_CHECK(!f[i]->value || tr_utf8_valid(f[i]->value, strlen(f[i]->value)));
    FUZZ_CHECK(!m.year.value || strlen(m.year.value) == 4);
    if (m.number.value) {
        char canon[TR_CANON_MAX];
        FUZZ_CHECK(tr_cite_canonical(m.number.value, canon) == 0 &&
                   !strcmp(canon, m.number.value));
    }
    if (m.province.value) {
        const tr_province *p = tr_province_find(m.province.value);
        FUZZ_CHECK(p && !strcmp(p->name, m.province.value));
    }
    if (m.date.value) {
        const char *d = m.date.value;
        FUZZ_CHECK(strlen(d) == 10 && d[4] == '-' && d[7] == '-');
        int mo = (d[5] - '0') * 10 + (d[6] - '0'), dd = (d[8] - '0') * 10 + (d[9] - '0');
        FUZZ_CHECK(mo >= 1 && mo <= 12 && dd >= 1 && dd <= 31);
        FUZZ_CHECK(!m.year.value || !memcmp(m.year.value, d, 4));
    }
    tr_meta_free(&m);
    free(t);
    return 0;
}
TR_FUZZ_ENTRY(tr_fuzz_meta)

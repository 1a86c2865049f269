/* fuzz_meta — metadata extraction and the sidecar parser. */
#include <string.h>

#include "fuzz.h"
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
    tr_meta_free(&m);
    free(t);
    return 0;
}
TR_FUZZ_ENTRY(tr_fuzz_meta)

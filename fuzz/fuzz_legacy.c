/* fuzz_legacy — legacy Vietnamese encodings: detection, every decoder on
 * raw bytes and on UTF-8, and paragraph repair.  Invariants: outputs are
 * valid UTF-8 without NUL unless the input had NULs, decoding appends only,
 * a guess is consistent, and repair never loses a paragraph. */
#include <string.h>

#include "fuzz.h"
#include "tr_buf.h"
#include "tr_legacy.h"
#include "tr_utf8.h"

static size_t count_nl(const char *s, size_t n)
{
    size_t k = 0;
    for (size_t i = 0; i < n; i++)
        k += s[i] == '\n';
    return k;
}

int tr_fuzz_legacy(const uint8_t *data, size_t size)
{
    const char *in = (const char *)data;
    int has_nul = memchr(in, 0, size) != NULL;
    tr_legacy_guess g;
    tr_legacy_detect(in, size, &g);
    FUZZ_CHECK(g.score >= 0 && g.score <= 1000 && g.runner_up >= 0 &&
               g.runner_up <= g.score);
    FUZZ_CHECK(g.decided ? g.enc != TR_LEG_CP1252 && g.enc != TR_LEG_NONE
                         : g.enc == TR_LEG_CP1252);
    tr_buf out = {0};
    for (int e = TR_LEG_NONE; e < TR_LEG_COUNT; e++) {
        tr_buf_clear(&out);
        FUZZ_CHECK(tr_buf_addc(&out, 'x') == 0);
        FUZZ_CHECK(tr_legacy_decode((tr_legacy)e, in, size, &out) == 0);
        FUZZ_CHECK(out.data[0] == 'x');
        FUZZ_CHECK(has_nul || tr_utf8_valid(out.data + 1, out.len - 1));
        FUZZ_CHECK(count_nl(out.data, out.len) == count_nl(in, size));
        tr_buf_clear(&out);
        FUZZ_CHECK(tr_legacy_decode_utf8((tr_legacy)e, in, size, &out) == 0);
        FUZZ_CHECK(has_nul || tr_utf8_valid(out.data, out.len));
        (void)tr_legacy_name((tr_legacy)e);
    }
    char *t;
    size_t n;
    const char *why;
    if (tr_utf8_clean(in, size, &t, &n, NULL, &why) == 0) {
        unsigned fixed = 0;
        tr_legacy which = TR_LEG_NONE;
        tr_buf_clear(&out);
        FUZZ_CHECK(tr_legacy_repair(t, n, &out, &fixed, &which) == 0);
        FUZZ_CHECK(tr_utf8_valid(out.data, out.len));
        FUZZ_CHECK(count_nl(out.data, out.len) == count_nl(t, n));
        FUZZ_CHECK(fixed == 0 || which == TR_LEG_TCVN3 || which == TR_LEG_VNI);
        FUZZ_CHECK(fixed || (out.len == n && !memcmp(out.data, t, n)));
        free(t);
    }
    if (size < 256) {
        char font[256];
        memcpy(font, in, size);
        font[size] = 0;
        tr_legacy f = tr_legacy_font(font);
        FUZZ_CHECK(f >= TR_LEG_NONE && f <= TR_LEG_VPS);
    }
    tr_buf_free(&out);
    return 0;
}
TR_FUZZ_ENTRY(tr_fuzz_legacy)

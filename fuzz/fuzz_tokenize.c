/* fuzz_tokenize — the UTF-8 gate, the tokenizer and both keys; the folded
 * key must equal the utf8proc-only reference (tr_norm_fold's table path and
 * its segment-by-segment fallback are an optimisation of it). */
#include <string.h>

#include "../tests/fold_reference.h"
#include "fuzz.h"
#include "tr_normalize.h"
#include "tr_tokenize.h"
#include "tr_utf8.h"

int tr_fuzz_tokenize(const uint8_t *data, size_t size)
{
    char *t;
    size_t n;
    const char *why;
    if (tr_utf8_clean((const char *)data, size, &t, &n, NULL, &why) != 0)
        return 0;
    FUZZ_CHECK(tr_utf8_valid(t, n));
    tr_tokenizer *tk = tr_tokenizer_new();
    tr_token tok;
    size_t positional = 0;
    tr_tokenizer_reset(tk, t, n);
    while (tr_tokenizer_next(tk, &tok) == 1) {
        FUZZ_CHECK(tok.length > 0 && tok.offset + tok.length <= n);
        FUZZ_CHECK(tok.exact && strlen(tok.exact) == tok.exact_len);
        FUZZ_CHECK(tok.folded && strlen(tok.folded) == tok.folded_len);
        FUZZ_CHECK(tr_utf8_valid(tok.exact, tok.exact_len));
        positional += !(tok.flags & TR_TOKF_COMPOUND);
    }
    FUZZ_CHECK(tr_token_count(t, n) == positional);
    tr_buf b = {0};
    FUZZ_CHECK(tr_norm_exact(t, n, &b) == 0 && tr_utf8_valid(b.data, b.len));
    FUZZ_CHECK(tr_norm_fold(t, n, &b) == 0 && tr_utf8_valid(b.data, b.len));
    char *want = fold_reference(t, n);
    FUZZ_CHECK(want && strlen(want) == b.len && !memcmp(want, b.data, b.len));
    free(want);
    tr_buf_free(&b);
    tr_tokenizer_free(tk);
    free(t);
    return 0;
}
TR_FUZZ_ENTRY(tr_fuzz_tokenize)

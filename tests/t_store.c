/* Tests for tr_store: the record round-trips fields and text, and damaged
 * or foreign data is refused rather than misread. */
#include "tap.h"
#include "tr_store.h"

int main(void)
{
    tr_buf b = {0};
    const char *text = "Ban Dân vận Tỉnh ủy báo cáo\nkết quả…";
    ok(tr_store_begin(&b) == 0, "begin");
    ok(tr_store_field(&b, "path", "/a/b.txt") == 0, "field path");
    ok(tr_store_field(&b, "title", "a\tb\nc") == 0, "field with tab/newline");
    ok(tr_store_field(&b, "cite", "43-CT/TW") == 0, "cite 1");
    ok(tr_store_field(&b, "cite", "4416-CV/TU") == 0, "cite 2");
    ok(tr_store_field(&b, "none", NULL) == 0, "NULL value is skipped");
    ok(tr_store_finish(&b, text, strlen(text), 6) == 0, "finish");

    tr_record r;
    ok(tr_record_parse(b.data, b.len, &r) == 0, "parse");
    is_int(r.n, 4, "four fields");
    char *v = tr_record_get(&r, "path");
    is_str(v, "/a/b.txt", "path value");
    free(v);
    v = tr_record_get(&r, "title");
    is_str(v, "a b c", "tab and newline replaced");
    free(v);
    v = tr_record_get(&r, "cite");
    is_str(v, "43-CT/TW", "first of a repeated key");
    free(v);
    ok(tr_record_get(&r, "none") == NULL, "absent key is NULL");
    char *t = NULL;
    size_t tl = 0;
    ok(tr_record_text(&r, &t, &tl) == 0, "text inflates");
    is_str(t, text, "text round-trips");
    is_int(tl, strlen(text), "text length");
    free(t);

    /* Damage the compressed part: must be refused, not misread. */
    b.data[b.len - 3] ^= 0x55;
    b.data[b.len - 5] ^= 0x55;
    tr_record r2;
    ok(tr_record_parse(b.data, b.len, &r2) == 0, "damaged record still parses");
    ok(tr_record_text(&r2, &t, &tl) == -1, "damaged text is refused");
    tr_record_free(&r2);
    tr_record_free(&r);

    ok(tr_record_parse("hello", 5, &r) == -1, "foreign data refused");
    ok(tr_record_parse("TRD1\nkey-no-tab\n", 16, &r) == -1, "line without tab refused");

    /* Highly compressible text larger than the 4x first guess. */
    size_t big = 1 << 20;
    char *zeros = malloc(big + 1);
    memset(zeros, 'a', big);
    zeros[big] = 0;
    tr_store_begin(&b);
    tr_store_finish(&b, zeros, big, 6);
    ok(tr_record_parse(b.data, b.len, &r) == 0 && tr_record_text(&r, &t, &tl) == 0 &&
           tl == big && memcmp(t, zeros, big) == 0,
       "1 MiB of one letter round-trips");
    free(t);
    tr_record_free(&r);
    free(zeros);
    tr_buf_free(&b);
    /* Checkpoints: written as the indexer writes them, read back; a
     * damaged line is refused, not half-read. */
    {
        tr_buf line = {0}, rec = {0};
        size_t last = 0, step = 0, *cp = NULL, ncp = 0;
        for (size_t pos = 0; pos < 400; pos++)
            tr_tp_add(&line, pos, pos * 7 + 3, &last);
        tr_store_begin(&rec);
        tr_store_field(&rec, "tp", line.data);
        tr_store_finish(&rec, "x", 1, 6);
        tr_record r;
        ok(tr_record_parse(rec.data, rec.len, &r) == 0, "record with checkpoints parses");
        int rc = tr_record_checkpoints(&r, &step, &cp, &ncp);
        ok(rc == 0 && step == TR_TP_STEP && ncp == (400 + TR_TP_STEP - 1) / TR_TP_STEP,
           "checkpoints read back: step %zu, %zu of them", step, ncp);
        int right = ncp > 0;
        for (size_t k = 0; right && k < ncp; k++)
            right = cp[k] == k * TR_TP_STEP * 7 + 3;
        ok(right, "each at its token's offset");
        free(cp);
        tr_record_free(&r);
        const char *bad[] = {"128 12 x4", "128  5", "0 5", "128 5 ", "99999999999999999999999 1"};
        for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
            tr_store_begin(&rec);
            tr_store_field(&rec, "tp", bad[i]);
            tr_store_finish(&rec, "x", 1, 6);
            tr_record_parse(rec.data, rec.len, &r);
            ok(tr_record_checkpoints(&r, &step, &cp, &ncp) == -1 && !cp && ncp == 0,
               "damaged checkpoints refused: '%s'", bad[i]);
            tr_record_free(&r);
        }
        tr_store_begin(&rec);
        tr_store_finish(&rec, "x", 1, 6);
        tr_record_parse(rec.data, rec.len, &r);
        ok(tr_record_checkpoints(&r, &step, &cp, &ncp) == 0 && ncp == 0,
           "no checkpoints (an older index): none, no error");
        tr_record_free(&r);
        tr_buf_free(&line);
        tr_buf_free(&rec);
    }
    return tap_done();
}

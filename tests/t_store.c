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
    return tap_done();
}

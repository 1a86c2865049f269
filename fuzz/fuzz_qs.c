/* fuzz_qs — tracuu-web's query-string decoding and escaping (web/qs.c,
 * web/escape.c), against a naive reference decoder written from web.h's
 * rules: the same pairs must come out, none with a NUL byte, and every
 * decoded string must escape to valid UTF-8 with no raw < > " ' and only
 * entity ampersands, and survive a wb_url / wb_pct_decode round trip. */
#include <string.h>

#include "../web/web.h"
#include "fuzz.h"
#include "tr_utf8.h"

static int hex(int c)
{
    return c >= '0' && c <= '9' ? c - '0'
         : c >= 'a' && c <= 'f' ? c - 'a' + 10
         : c >= 'A' && c <= 'F' ? c - 'A' + 10
                                : -1;
}

/* Reference: decodes s[0..n) into out (room for n + 1), returns the
 * length, or -1 when a NUL byte would come out. */
static long ref_decode(const char *s, size_t n, int plus, char *out)
{
    size_t o = 0;
    for (size_t i = 0; i < n; i++) {
        int c = (unsigned char)s[i];
        if (c == '%' && i + 2 < n && hex((unsigned char)s[i + 1]) >= 0 &&
            hex((unsigned char)s[i + 2]) >= 0) {
            c = hex((unsigned char)s[i + 1]) * 16 + hex((unsigned char)s[i + 2]);
            i += 2;
        } else if (c == '+' && plus) {
            c = ' ';
        }
        if (c == 0)
            return -1;
        out[o++] = (char)c;
    }
    out[o] = '\0';
    return (long)o;
}

static void check_escapes(const char *s)
{
    tr_buf b = {0};
    FUZZ_CHECK(wb_htmls(&b, s) == 0);
    const char *o = b.data ? b.data : "";
    FUZZ_CHECK(tr_utf8_valid(o, b.len) && !strpbrk(o, "<>\"'"));
    for (const char *p = o; (p = strchr(p, '&')); p++)
        FUZZ_CHECK(!strncmp(p, "&amp;", 5) || !strncmp(p, "&lt;", 4) ||
                   !strncmp(p, "&gt;", 4) || !strncmp(p, "&quot;", 6) ||
                   !strncmp(p, "&#39;", 5));
    for (size_t i = 0; i < b.len; i++) {   /* controls other than \n \t are gone */
        unsigned char c = (unsigned char)o[i];
        FUZZ_CHECK(c >= 0x20 || c == '\n' || c == '\t');
    }
    tr_buf_clear(&b);
    FUZZ_CHECK(wb_urls(&b, s) == 0);
    o = b.data ? b.data : "";
    FUZZ_CHECK(strspn(o, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~%") ==
               b.len);
    char *back = wb_pct_decode(o, b.len);
    FUZZ_CHECK(back && strcmp(back, s) == 0);
    free(back);
    tr_buf_free(&b);
}

int tr_fuzz_qs(const uint8_t *data, size_t size)
{
    const char *qs = (const char *)data;
    size_t max = size ? data[0] % 80 : 64;
    wb_kv *args;
    size_t n;
    FUZZ_CHECK(wb_qs_parse(qs, size, max, &args, &n) == 0);
    FUZZ_CHECK(n <= max);
    char *kbuf = malloc(size + 1), *vbuf = malloc(size + 1);
    FUZZ_CHECK(kbuf && vbuf);
    size_t i = 0, k = 0;
    while (i < size && k < max) {
        const char *piece = qs + i;
        const char *amp = memchr(piece, '&', size - i);
        size_t plen = amp ? (size_t)(amp - piece) : size - i;
        i += plen + 1;
        if (plen == 0)
            continue;
        const char *eq = memchr(piece, '=', plen);
        size_t klen = eq ? (size_t)(eq - piece) : plen;
        long kl = ref_decode(piece, klen, 1, kbuf);
        long vl = eq ? ref_decode(eq + 1, plen - klen - 1, 1, vbuf) : (vbuf[0] = 0, 0);
        if (kl < 0 || vl < 0)
            continue;
        FUZZ_CHECK(k < n);
        FUZZ_CHECK(strlen(args[k].key) == (size_t)kl && !memcmp(args[k].key, kbuf, (size_t)kl));
        FUZZ_CHECK(strlen(args[k].value) == (size_t)vl &&
                   !memcmp(args[k].value, vbuf, (size_t)vl));
        check_escapes(args[k].key);
        check_escapes(args[k].value);
        k++;
    }
    FUZZ_CHECK(k == n);
    wb_args_free(args, n);

    /* the whole input as a path */
    char *p = wb_pct_decode(qs, size);
    long pl = ref_decode(qs, size, 0, kbuf);
    FUZZ_CHECK((p == NULL) == (pl < 0));
    if (p) {
        FUZZ_CHECK(strlen(p) == (size_t)pl && !memcmp(p, kbuf, (size_t)pl));
        free(p);
    }
    /* raw bytes, NULs and all, through the HTML escaper */
    tr_buf b = {0};
    FUZZ_CHECK(wb_html(&b, qs, size) == 0);
    FUZZ_CHECK(tr_utf8_valid(b.data ? b.data : "", b.len) && !memchr(b.data ? b.data : "", '<', b.len));
    tr_buf_free(&b);
    free(kbuf);
    free(vbuf);
    return 0;
}
TR_FUZZ_ENTRY(tr_fuzz_qs)

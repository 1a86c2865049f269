/* t_web_qs — tracuu-web's query-string decoding and escaping (qs.c,
 * escape.c): the rules web.h promises the pages. */
#include <stdlib.h>
#include <string.h>

#include "tap.h"
#include "tr_utf8.h"
#include "web.h"

/* The pairs of qs joined as "k=v|k=v|…", for compact checks. */
static char *pairs(const char *qs, size_t max)
{
    wb_kv *a;
    size_t n;
    static char out[4096];
    if (wb_qs_parse(qs, strlen(qs), max, &a, &n))
        return NULL;
    out[0] = '\0';
    for (size_t i = 0; i < n; i++) {
        if (i)
            strcat(out, "|");
        strcat(out, a[i].key);
        strcat(out, "=");
        strcat(out, a[i].value);
    }
    wb_args_free(a, n);
    return out;
}

static char *html(const char *s, size_t len)
{
    static tr_buf b;
    tr_buf_clear(&b);
    if (wb_html(&b, s, len))
        return NULL;
    return b.data ? b.data : "";
}

static char *url(const char *s)
{
    static tr_buf b;
    tr_buf_clear(&b);
    if (wb_urls(&b, s))
        return NULL;
    return b.data ? b.data : "";
}

int main(void)
{
    /* query strings */
    is_str(pairs("", 64), "", "empty query: no pairs");
    is_str(pairs("q=abc", 64), "q=abc", "one pair");
    is_str(pairs("q=a+b", 64), "q=a b", "+ is a space");
    is_str(pairs("q=a%2Bb", 64), "q=a+b", "%2B is a plus");
    is_str(pairs("q=ph%C3%A1p+lu%E1%BA%ADt", 64), "q=pháp luật", "UTF-8 percent-escapes");
    is_str(pairs("q=%c3%a1", 64), "q=á", "lower-case hex");
    is_str(pairs("q=100%&r=%zz&s=%4", 64), "q=100%|r=%zz|s=%4", "bad escapes kept as typed");
    is_str(pairs("q=%%41", 64), "q=%A", "a % before an escape is kept");
    is_str(pairs("a=1&b=%00&c=3", 64), "a=1|c=3", "a value with %00 drops the pair");
    is_str(pairs("x%00y=1&c=3", 64), "c=3", "a key with %00 drops the pair");
    is_str(pairs("tinh=A&tinh=B", 64), "tinh=A|tinh=B", "repeats kept in order");
    is_str(pairs("a=&b&=c", 64), "a=|b=|=c", "empty values and keys");
    is_str(pairs("a=1&&b=2&", 64), "a=1|b=2", "empty pieces are not pairs");
    is_str(pairs("a=1=2", 64), "a=1=2", "the first = splits");
    is_str(pairs("k%3Dx=v%26w", 64), "k=x=v&w", "escaped = and & are data");
    is_str(pairs("a=1&b=2&c=3&d=4", 2), "a=1|b=2", "at most max_args pairs");
    {
        wb_kv *a;
        size_t n;
        char many[1000] = "";
        for (int i = 0; i < 70; i++)
            strcat(many, i ? "&x=1" : "x=1");
        ok(wb_qs_parse(many, strlen(many), 65, &a, &n) == 0 && n == 65,
           "70 pairs with max 65: 65 come back (the server refuses > 64)");
        wb_args_free(a, n);
        const char raw[] = "q=a\0b&r=1";
        ok(wb_qs_parse(raw, sizeof raw - 1, 64, &a, &n) == 0 && n == 1 &&
               strcmp(a[0].key, "r") == 0 && strcmp(a[0].value, "1") == 0,
           "a raw NUL byte drops its pair too; the length is honoured past it");
        wb_args_free(a, n);
        wb_req r = {"GET", "/", NULL, 0, NULL, NULL};
        wb_qs_parse("p=1&q=x&q=y", 11, 64, &a, &n);
        r.args = a;
        r.nargs = n;
        is_str(wb_arg(&r, "q"), "x", "wb_arg: the first value");
        ok(wb_arg(&r, "z") == NULL, "wb_arg: NULL when absent");
        wb_args_free(a, n);
    }

    /* wb_pct_decode: paths; + stays + */
    {
        char *s = wb_pct_decode("/t%C3%A0i/a+b%20c", 17);
        is_str(s, "/tài/a+b c", "pct_decode: escapes decoded, + kept");
        free(s);
        ok(wb_pct_decode("/a%00b", 6) == NULL, "pct_decode: NULL when a NUL would appear");
        s = wb_pct_decode("%G1%", 4);
        is_str(s, "%G1%", "pct_decode: bad escapes kept");
        free(s);
        s = wb_pct_decode("abcdef", 3);
        is_str(s, "abc", "pct_decode: honours len");
        free(s);
    }

    /* wb_html */
    is_str(html("a&b<c>d\"e'f", 11), "a&amp;b&lt;c&gt;d&quot;e&#39;f", "all five escaped");
    is_str(html("Nghị quyết 43-CT/TW", strlen("Nghị quyết 43-CT/TW")),
           "Nghị quyết 43-CT/TW", "Vietnamese text unchanged");
    is_str(html("a\nb\tc", 5), "a\nb\tc", "newline and tab kept");
    is_str(html("a\rb\x01" "c\x1b", 6), "a\xef\xbf\xbd" "b\xef\xbf\xbd" "c\xef\xbf\xbd",
           "other C0 controls become U+FFFD");
    is_str(html("a\0b", 3), "a\xef\xbf\xbd" "b", "NUL becomes U+FFFD");
    is_str(html("x\x7fy\xc2\x85z", 6), "x\xef\xbf\xbdy\xef\xbf\xbdz", "DEL and C1 become U+FFFD");
    is_str(html("a\xff" "b\xc3", 4), "a\xef\xbf\xbd" "b\xef\xbf\xbd",
           "invalid and truncated UTF-8 become U+FFFD");
    is_str(html("\xed\xa0\x80<", 4), "\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd&lt;",
           "a surrogate is invalid; the < after it still escaped");
    is_str(html("\xe0\xa4<", 3), "\xef\xbf\xbd&lt;", "a truncated sequence does not swallow <");
    {
        tr_buf b = {0};
        ok(wb_htmls(&b, NULL) == 0 && b.len == 0, "wb_htmls(NULL) appends nothing");
        ok(wb_htmls(&b, "") == 0 && b.data && b.data[0] == '\0',
           "an empty string on a fresh buffer leaves it a terminated \"\"");
        wb_htmls(&b, "x<");
        wb_htmls(&b, "y");
        is_str(b.data, "x&lt;y", "wb_htmls appends");
        tr_buf_free(&b);
        /* every byte value, alone and in pairs: output valid, no raw specials */
        int good = 1;
        for (int i = 0; i < 256 && good; i++)
            for (int j = 0; j < 256 && good; j++) {
                char in[2] = {(char)i, (char)j};
                const char *o = html(in, 2);
                good = o && tr_utf8_valid(o, strlen(o)) && !strpbrk(o, "<>\"'");
                for (const char *p = o; good && (p = strchr(p, '&')); p++)
                    good = !strncmp(p, "&amp;", 5) || !strncmp(p, "&lt;", 4) ||
                           !strncmp(p, "&gt;", 4) || !strncmp(p, "&quot;", 6) ||
                           !strncmp(p, "&#39;", 5);
            }
        ok(good, "all 65536 byte pairs: valid UTF-8, only entity &s, no raw < > \" '");
    }

    /* wb_url */
    is_str(url("AZaz09-._~"), "AZaz09-._~", "unreserved kept");
    is_str(url("a b&c=d/e?f#g+h%"), "a%20b%26c%3Dd%2Fe%3Ff%23g%2Bh%25", "reserved encoded");
    is_str(url("tài"), "t%C3%A0i", "UTF-8 bytes, upper-case hex");
    {
        tr_buf b = {0};
        ok(wb_urls(&b, NULL) == 0 && b.len == 0, "wb_urls(NULL) appends nothing");
        ok(wb_urls(&b, "") == 0 && b.data && b.data[0] == '\0', "wb_urls(\"\"): terminated");
        tr_buf_free(&b);
        const char *s = "q=ph\xc3\xa1p lu\xe1\xba\xadt&x=1+2%";
        char *d = wb_pct_decode(url(s), strlen(url(s)));
        is_str(d, s, "pct_decode(wb_url(s)) == s");
        free(d);
    }
    return tap_done();
}

/* t_extract_html — the HTML reader: charsets, what is skipped, layout,
 * metadata, Word "web pages" with legacy-font runs, a portal page, and
 * pages written by LibreOffice and pandoc (tests/fixtures/markup).
 *
 * Test points named "[legacy]" need the real tr_legacy.c (TCVN3 runs). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <utf8proc.h>

#include "tap.h"
#include "tr_extract.h"

static char err[256];

static int html(const char *s, size_t len, tr_extracted *x)
{
    tr_extract_opts o;
    tr_extract_opts_default(&o);
    tr_extracted_free(x);
    err[0] = 0;
    return tr_extract_html(s, len, &o, x, err, sizeof err);
}

static const char *text_of(const char *s, tr_extracted *x)
{
    static char buf[4096];
    if (html(s, strlen(s), x) != TR_EX_OK)
        snprintf(buf, sizeof buf, "FAIL: %s", err);
    else
        snprintf(buf, sizeof buf, "%s", x->text.data ? x->text.data : "");
    return buf;
}

static int contains(const tr_extracted *x, const char *what)
{
    return x->text.data && strstr(x->text.data, what) != NULL;
}

static int is_nfc(const char *s)
{
    if (!s)
        return 1;
    utf8proc_uint8_t *n = utf8proc_NFC((const utf8proc_uint8_t *)s);
    int same = n && !strcmp((const char *)n, s);
    free(n);
    return same;
}

static char *slurp(const char *name, size_t *len)
{
    return tap_fixture("tests/fixtures/markup", name, len);
}

#define HEADER_LINES                                                            \
    "T\xE1\xBB\x88NH \xE1\xBB\xA6Y H\xC3\x80 NAM\nS\xE1\xBB\x91 35-BC/TU\n"     \
    "\xC4\x90\xE1\xBA\xA2NG C\xE1\xBB\x98NG S\xE1\xBA\xA2N VI\xE1\xBB\x86T NAM\n" \
    "H\xC3\xA0 Nam, ng\xC3\xA0y 10 th\xC3\xA1ng 3 n\xC4\x83m 2015\n"
#define MARKER "qu\xC3\xBDt l\xC3\xA0m cam ch\xE1\xBB\x8Bu."
#define FOOTNOTE "Ch\xC3\xBA th\xC3\xAD" "ch cu\xE1\xBB\x91i trang"
#define CITE_OK "Ch\xE1\xBB\x89 th\xE1\xBB\x8B s\xE1\xBB\x91 43-CT/TW c\xE1\xBB\xA7" "a Ban"

static void charsets(void)
{
    tr_extracted x = {0};
    is_str(text_of("<html><head><meta charset=\"windows-1258\"></head><body>"
                   "<p>Vi\xEA\xF2t Nam Ti\xEA\xECng \xD0\xF4ng</p></body></html>", &x),
           "Vi\xE1\xBB\x87t Nam Ti\xE1\xBA\xBFng \xC4\x90\xC3\xB4ng\n",
           "windows-1258 page, tones composed");
    ok(is_nfc(x.text.data), "NFC");
    is_str(text_of("<html><head><meta http-equiv=\"Content-Type\" content=\"text/html; "
                   "charset=windows-1252\"></head><body>Caf\xE9 d\xE9j\xE0 vu \x80 "
                   "\x93q\x94</body></html>", &x),
           "Caf\xC3\xA9 d\xC3\xA9j\xC3\xA0 vu \xE2\x82\xAC \xE2\x80\x9Cq\xE2\x80\x9D\n",
           "windows-1252 page (http-equiv)");
    is_str(text_of("<p>Caf\xE9 \x80</p>", &x), "Caf\xC3\xA9 \xE2\x82\xAC\n",
           "no charset, not UTF-8: windows-1252");
    ok(x.notes.data && strstr(x.notes.data, "WINDOWS-1252"), "noted");
    is_str(text_of("<p>Vi\xE1\xBB\x87t</p>", &x), "Vi\xE1\xBB\x87t\n", "no charset, UTF-8");
    is_str(text_of("<meta charset=iso-8859-1><p>\x80</p>", &x), "\xE2\x82\xAC\n",
           "iso-8859-1 read as windows-1252");
    is_str(text_of("\xEF\xBB\xBF<meta charset=windows-1252><p>Vi\xE1\xBB\x87t</p>", &x),
           "Vi\xE1\xBB\x87t\n", "a UTF-8 BOM wins over the meta");
    const char u16[] = "\xFF\xFE<\0p\0>\0" "A\0\xE1\0";
    is_int(html(u16, sizeof u16 - 1, &x), TR_EX_OK, "UTF-16LE with BOM");
    is_str(x.text.data, "A\xC3\xA1\n", "its text");
    is_str(text_of("<meta charset=x-user-defined><p>a\xFF" "b</p>", &x), "a\xEF\xBF\xBD" "b\n",
           "x-user-defined: UTF-8 with replacement");
    is_str(text_of("<meta charset=klingon-8><p>Vi\xE1\xBB\x87t</p>", &x), "Vi\xE1\xBB\x87t\n",
           "unknown charset: UTF-8");
    is_str(text_of("<meta charset=utf-8><p>a\xC3(b\0c</p>", &x), "a\xEF\xBF\xBD(b\n",
           "invalid UTF-8 replaced (text after a NUL is cut by strlen here)");
    tr_extracted_free(&x);
}

static void layout(void)
{
    tr_extracted x = {0};
    is_str(text_of("<html><head><title> The  title </title><style>p{}</style>"
                   "<script>var a='x';</script></head><body><!-- comment -->"
                   "<noscript>ns</noscript><template>t</template>"
                   "<p>a<b>b</b> <i>c</i>\n  d</p><div>e<div>f</div>g</div></body></html>", &x),
           "ab c d\ne\nf\ng\n", "inline, blocks, white space; scripts, styles skipped");
    is_str(x.title, "The title", "title");
    is_str(text_of("<table><tr><td>A</td><td>B</td></tr><tr><th>C</th></tr></table>", &x),
           "A\nB\nC\n", "table cells on their own lines");
    is_str(text_of("<pre>a   b\n c</pre><p>d  e</p>", &x), "a   b\n c\nd e\n", "pre kept");
    is_str(text_of("<p>a<br>b<br/>c</p>", &x), "a\nb\nc\n", "br");
    is_str(text_of("<p>a&nbsp;&nbsp;b &amp; &#7879;</p>", &x), "a b & \xE1\xBB\x87\n",
           "entities; nbsp collapsed");
    is_str(text_of("<p>one</p><p style=\"page-break-before: always\">two</p>", &x),
           "one\n\ftwo\n", "CSS page break");
    is_str(text_of("<p>43-CT/TW<a href=\"#fn1\"><sup>1</sup></a> c\xE1\xBB\xA7" "a</p>", &x),
           "43-CT/TW c\xE1\xBB\xA7" "a\n", "footnote reference dropped");
    is_str(text_of("<div class=\"has-sidebar\"><p>Body</p></div><div class=\"menu\">M</div>", &x),
           "Body\n", "has-sidebar wrapper kept, menu dropped");
    is_str(text_of("<p hidden>h</p><p style=\"display: none\">d</p><p>v</p>", &x), "v\n",
           "hidden elements");
    is_str(text_of("<div id=\"nav-content\"><p>The whole article is in a container whose id "
                   "says nav, which the furniture rule would drop; the reader sees that it "
                   "left nothing and reads the page again without the rule.</p></div>", &x),
           "The whole article is in a container whose id says nav, which the furniture rule "
           "would drop; the reader sees that it left nothing and reads the page again "
           "without the rule.\n", "furniture rule undone when it leaves nothing");
    is_str(text_of("<head><meta name=Author content=\"  Nguy\xE1\xBB\x85n   A \">"
                   "<meta name=date content=\"2015/03/10\"></head><p>x</p>", &x), "x\n", "metas");
    is_str(x.author, "Nguy\xE1\xBB\x85n A", "meta author");
    is_str(x.created, "2015-03-10", "meta date");
    is_str(text_of("", &x), "FAIL: HTML without text", "empty input");
    is_str(text_of("<html><body><script>x</script> &nbsp; </body></html>", &x),
           "FAIL: HTML without text", "no text");
    is_str(text_of("\x01\x02\x03", &x), "FAIL: HTML without text", "junk");
    size_t n = 200000;
    char *deep = malloc(n * 5 + 16);
    char *p = deep;
    for (size_t i = 0; i < n; i++, p += 5)
        memcpy(p, "<div>", 5);
    strcpy(p, "deep");
    clock_t t0 = clock();
    int rc = html(deep, strlen(deep), &x);
    ok(rc == TR_EX_OK || rc == TR_EX_FAIL, "200000 nested divs: no crash (%s)",
       rc ? err : "read");
    ok(clock() - t0 < 5 * CLOCKS_PER_SEC, "in reasonable time");
    free(deep);
    tr_extract_opts o;
    tr_extract_opts_default(&o);
    o.max_text = 10;
    const char *big = "<p>0123456789 0123456789</p>";
    is_int(tr_extract_html(big, strlen(big), &o, &x, err, sizeof err), TR_EX_FAIL,
           "max_text is a failure");
    tr_extracted_free(&x);
}

static void fixtures(void)
{
    tr_extracted x = {0};
    size_t len;
    static const char *const made[] = {"lo_report.html", "lo_report.xhtml.html",
                                       "pandoc_report.html"};
    for (int i = 0; i < 3; i++) {
        char *d = slurp(made[i], &len);
        if (!ok(d != NULL, "read %s (top_srcdir?)", made[i]))
            continue;
        is_int(html(d, len, &x), TR_EX_OK, "%s", made[i]);
        if (i < 2)
            ok(contains(&x, HEADER_LINES), "%s: header table, cell after cell", made[i]);
        else
            ok(contains(&x, "T\xE1\xBB\x88NH \xE1\xBB\xA6Y H\xC3\x80 NAM\n\xC4\x90\xE1\xBA\xA2NG"),
               "%s: header table, row by row", made[i]);
        ok(contains(&x, CITE_OK), "%s: citation not glued to the footnote number", made[i]);
        const char *m = x.text.data ? strstr(x.text.data, MARKER) : NULL;
        ok(m && strstr(m, FOOTNOTE), "%s: marker, then the footnote", made[i]);
        is_str(x.title, "B\xC3\xA1o c\xC3\xA1o t\xC3\xACnh h\xC3\xACnh th\xE1\xBB\xB1" "c hi\xE1\xBB\x87n "
               "Ch\xE1\xBB\x89 th\xE1\xBB\x8B", "%s: title", made[i]);
        is_str(x.author, "Nguy\xE1\xBB\x85n V\xC4\x83n An", "%s: author", made[i]);
        is_str(x.created, "2015-03-10", "%s: created", made[i]);
        if (i < 2)
            ok(contains(&x, "B\xC3\xA1o c\xC3\xA1o t\xC3\xACnh h\xC3\xACnh n\xC6\xB0"),
               "[legacy] %s: .VnTime run (%s)", made[i], i ? "CSS class" : "font face");
        ok(is_nfc(x.text.data), "%s: NFC", made[i]);
        free(d);
    }

    char *d = slurp("word_vntime.htm", &len);
    if (ok(d != NULL, "read word_vntime.htm")) {
        is_int(html(d, len, &x), TR_EX_OK, "Word web page");
        ok(contains(&x, "B\xC3\xA1o c\xC3\xA1o t\xC3\xACnh h\xC3\xACnh th\xE1\xBB\xB1" "c hi\xE1\xBB\x87n"),
           "[legacy] Word: .VnTime span (style), Unicode after it");
        ok(contains(&x, "\nt\xC3\xACnh h\xC3\xACnh chung."), "[legacy] Word: <font face=.VnTime>");
        ok(contains(&x, "b\xC3\xA1o c\xC3\xA1o\n"), "[legacy] Word: class with a .VnTime CSS rule");
        ok(contains(&x, "\xC4\x90\xE1\xBA\xA2NG C\xE1\xBB\x98NG S\xE1\xBA\xA2N VI\xE1\xBB\x86T NAM\n"
                        "H\xC3\xA0 Nam, ng\xC3\xA0y 10"), "Word: header cell");
        ok(contains(&x, "43-CT/TW c\xE1\xBB\xA7" "a Ban"), "Word: footnote reference dropped");
        ok(!contains(&x, "<![") && !contains(&x, "supportLists"), "Word: conditionals gone");
        ok(contains(&x, "M\xE1\xBB\xA5" "c danh s\xC3\xA1" "ch"), "Word: list item");
        ok(contains(&x, "\f"), "Word: page break");
        ok(!contains(&x, "Zoom") && !contains(&x, "Revision"), "Word: XML islands skipped");
        is_str(x.title, "Bao cao so ket", "Word: title");
        is_str(x.author, "Van phong Tinh uy", "Word: o:Author");
        is_str(x.created, "2015-03-10", "Word: o:Created");
        is_str(x.enc.name, "TCVN3", "Word: legacy runs noted");
        ok(is_nfc(x.text.data), "Word: NFC");
        free(d);
    }

    d = slurp("portal.html", &len);
    if (ok(d != NULL, "read portal.html")) {
        is_int(html(d, len, &x), TR_EX_OK, "portal page");
        ok(contains(&x, "Ban Th\xC6\xB0\xE1\xBB\x9Dng v\xE1\xBB\xA5 T\xE1\xBB\x89nh \xE1\xBB\xA7y \xC4\x91\xC3\xA3 "
                        "ban h\xC3\xA0nh b\xC3\xA1o c\xC3\xA1o v\xE1\xBB\x81 k\xE1\xBA\xBFt qu\xE1\xBA\xA3"),
           "portal: article paragraph, white space collapsed");
        ok(contains(&x, MARKER), "portal: marker");
        ok(contains(&x, "B\xC3\xA1o c\xC3\xA1o k\xE1\xBA\xBFt qu\xE1\xBA\xA3"), "portal: article heading");
        static const char *const gone[] = {"Trang ch", "Gi\xE1\xBB\x9Bi thi\xE1\xBB\x87u",
                                           "T\xC3\xACm", "V\xC4\x83n b\xE1\xBA\xA3n ch\xE1\xBB\x89",
                                           "Tin m\xE1\xBB\x9Bi", "b\xC3\xAAn l\xE1\xBB\x81",
                                           "Li\xC3\xAAn k\xE1\xBA\xBFt", "B\xE1\xBA\xA3n quy\xE1\xBB\x81n",
                                           "\xC4\x90\xE1\xBB\x8B" "a ch\xE1\xBB\x89", "script",
                                           "JavaScript", "console"};
        for (size_t i = 0; i < sizeof gone / sizeof gone[0]; i++)
            ok(!contains(&x, gone[i]), "portal: no \"%s\"", gone[i]);
        is_str(x.created, "2015-03-12", "portal: article:published_time");
        is_str(x.author, "Ban Tuy\xC3\xAAn gi\xC3\xA1o", "portal: author");
        free(d);
    }
    tr_extracted_free(&x);
}

int main(void)
{
    charsets();
    layout();
    fixtures();
    return tap_done();
}

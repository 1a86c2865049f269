/* t_utf8 — the gate: decoding, invalid sequences, BOMs, UTF-16, binary. */
#include <stdlib.h>
#include <string.h>

#include "tap.h"
#include "tr_utf8.h"

static char *clean(const char *in, size_t len, tr_utf8_report *rep, int *rc)
{
    char *out;
    size_t olen;
    const char *why;
    *rc = tr_utf8_clean(in, len, &out, &olen, rep, &why);
    if (*rc == 0 && strlen(out) != olen)
        ok(0, "output has an embedded NUL");
    return out;
}

static const struct {
    const char *in;
    size_t len;
    const char *want;
    size_t invalid;
} cases[] = {
    {"abc", 3, "abc", 0},
    {"ti\xe1\xba\xbfng", 7, "tiếng", 0},
    {"a\x80z", 3, "a\xef\xbf\xbdz", 1},                    /* stray continuation */
    {"a\xc0\x80z", 4, "a\xef\xbf\xbd\xef\xbf\xbdz", 2},     /* overlong NUL */
    {"a\xe0\x80\x80z", 5, "a\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbdz", 3}, /* overlong 3-byte */
    {"a\xed\xa0\x80z", 5, "a\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbdz", 3}, /* surrogate */
    {"a\xf4\x90\x80\x80z", 6, "a\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbdz", 4}, /* > U+10FFFF */
    {"a\xe1\xbaz", 4, "a\xef\xbf\xbdz", 1},                 /* truncated */
    {"a\xf5z", 3, "a\xef\xbf\xbdz", 1},
    {"a\xffz", 3, "a\xef\xbf\xbdz", 1},
    {"\xef\xbb\xbfxin", 6, "xin", 0},                       /* BOM */
    {"a\0b", 3, "a b", 0},                                  /* NUL -> space */
    {"\xef\xbf\xbd", 3, "\xef\xbf\xbd", 0},                 /* a real U+FFFD is valid */
    {"abc\xe1", 4, "abc\xef\xbf\xbd", 1},                   /* truncated at the end */
};

int main(void)
{
    tr_utf8_report rep;
    int rc;
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char *o = clean(cases[i].in, cases[i].len, &rep, &rc);
        is_int(rc, 0, "case %zu cleans", i);
        is_str(o, cases[i].want, "case %zu output", i);
        is_int(rep.invalid, cases[i].invalid, "case %zu invalid count", i);
        ok(o && tr_utf8_valid(o, strlen(o)), "case %zu output is valid", i);
        free(o);
    }
    char *o = clean("\xef\xbb\xbfxin", 6, &rep, &rc);
    ok(rep.had_bom && rep.encoding == TR_ENC_UTF8, "UTF-8 BOM reported");
    free(o);

    /* UTF-16: "Hà Nội" with and without BOM, both byte orders. */
    static const char le_bom[] = "\xff\xfeH\0\xe0\0 \0N\0\xd9\x1e" "i\0";
    static const char be_bom[] = "\xfe\xff\0H\0\xe0\0 \0N\x1e\xd9\0i";
    o = clean(le_bom, sizeof le_bom - 1, &rep, &rc);
    is_str(o, "Hà Nội", "UTF-16LE with BOM");
    ok(rep.encoding == TR_ENC_UTF16LE && rep.had_bom, "reported LE+BOM");
    free(o);
    o = clean(be_bom, sizeof be_bom - 1, &rep, &rc);
    is_str(o, "Hà Nội", "UTF-16BE with BOM");
    ok(rep.encoding == TR_ENC_UTF16BE, "reported BE");
    free(o);
    static const char le[] = "T\0h\0\xf4\0n\0g\0 \0b\0\xe1\0o\0 \0s\0\xf4\0 \0" "1\0";
    o = clean(le, sizeof le - 1, &rep, &rc);
    is_str(o, "Thông báo sô 1", "UTF-16LE without BOM, sniffed");
    ok(rep.encoding == TR_ENC_UTF16LE && !rep.had_bom, "reported LE, no BOM");
    free(o);
    static const char be[] = "\0T\0h\0\xf4\0n\0g\0 \0b\0\xe1\0o\0 \0s\0\xf4\0 \0" "1";
    o = clean(be, sizeof be - 1, &rep, &rc);
    is_str(o, "Thông báo sô 1", "UTF-16BE without BOM, sniffed");
    free(o);
    /* surrogate pair and a lone surrogate */
    static const char pair[] = "\xff\xfe=\xd8\x00\xde" "a\0" "\x00\xd8" "b\0";
    o = clean(pair, sizeof pair - 1, &rep, &rc);
    is_str(o, "\xf0\x9f\x98\x80" "a\xef\xbf\xbd" "b", "UTF-16 surrogates");
    is_int(rep.invalid, 1, "lone surrogate counted");
    free(o);

    /* Binary: ELF-like, mostly NULs; PNG-like header + noise. */
    char bin[512];
    for (size_t i = 0; i < sizeof bin; i++)
        bin[i] = (char)(i % 7 == 0 ? 0x7f : i % 3 ? 0 : (char)i);
    memcpy(bin, "\x7f" "ELF\x02\x01\x01", 7);
    const char *why = NULL;
    size_t olen;
    o = (char *)1;
    rc = tr_utf8_clean(bin, sizeof bin, &o, &olen, &rep, &why);
    is_int(rc, -1, "ELF-like bytes are binary");
    ok(o == NULL && why && strstr(why, "binary"), "binary: reason given (%s)", why ? why : "");
    unsigned char png[400];
    for (size_t i = 0; i < sizeof png; i++)
        png[i] = (unsigned char)((i * 131 + 7) % 256);
    memcpy(png, "\x89PNG\r\n\x1a\n", 8);
    rc = tr_utf8_clean((char *)png, sizeof png, &o, &olen, &rep, &why);
    is_int(rc, -1, "PNG-like noise is binary");
    /* Empty input is fine (empty text). */
    o = clean("", 0, &rep, &rc);
    ok(rc == 0 && o && o[0] == 0, "empty input");
    free(o);

    /* Replacement characters (3 bytes for 1) grow the output past the
     * input; the ASCII after them must still fit (a fuzzer-found overflow). */
    char grow[64];
    memset(grow, 0x80, 8);
    memset(grow + 8, 'a', 40);
    o = clean(grow, 48, &rep, &rc);
    ok(rc == 0 && o && strlen(o) == 8 * 3 + 40, "output larger than input is whole");
    free(o);

    /* decode/encode round trip over the planes */
    static const uint32_t cps[] = {0x41, 0xE0, 0x1EA1, 0xFFFD, 0x1F600, 0x10FFFF};
    for (size_t i = 0; i < 6; i++) {
        char b[4];
        uint32_t back;
        size_t n = tr_utf8_encode(cps[i], b);
        size_t m = tr_utf8_decode((unsigned char *)b, n, &back);
        ok(n == m && back == cps[i], "round trip U+%04X", (unsigned)cps[i]);
    }
    char b[4];
    uint32_t back;
    tr_utf8_decode((unsigned char *)b, tr_utf8_encode(0xD800, b), &back);
    is_int(back, 0xFFFD, "encoding a surrogate writes U+FFFD");
    ok(!tr_utf8_valid("a\0b", 3), "NUL is not valid");
    ok(!tr_utf8_valid("\xc3", 1), "truncated is not valid");
    ok(tr_utf8_valid("tiếng", strlen("tiếng")), "Vietnamese is valid");
    return tap_done();
}

/* t_tokenize — tokens, spans in the original text, compounds, stems; the
 * seeds tokenised whole and counted against an independent count. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

#include "tap.h"
#include "tr_tokenize.h"
#include "tr_utf8.h"

typedef struct {
    int kind;
    unsigned flags, position;
    char surface[64], exact[64], folded[64], stem[64];
} tok;

static size_t run(const char *text, tok *out, size_t max)
{
    tr_tokenizer *tk = tr_tokenizer_new();
    tr_token t;
    size_t n = 0;
    tr_tokenizer_reset(tk, text, strlen(text));
    while (n < max && tr_tokenizer_next(tk, &t) == 1) {
        tok *o = &out[n++];
        o->kind = (int)t.kind;
        o->flags = t.flags;
        o->position = t.position;
        snprintf(o->surface, sizeof o->surface, "%.*s", (int)t.length, text + t.offset);
        snprintf(o->exact, sizeof o->exact, "%s", t.exact);
        snprintf(o->folded, sizeof o->folded, "%s", t.folded);
        snprintf(o->stem, sizeof o->stem, "%s", t.stem ? t.stem : "");
    }
    tr_tokenizer_free(tk);
    return n;
}

/* "surface|exact|folded" for every token, joined by spaces. */
static const char *render(const char *text)
{
    static char buf[4096];
    tok t[128];
    size_t n = run(text, t, 128), k = 0;
    buf[0] = 0;
    for (size_t i = 0; i < n && k < sizeof buf - 200; i++)
        k += (size_t)snprintf(buf + k, sizeof buf - k, "%s%s|%s|%s", i ? " " : "",
                              t[i].surface, t[i].exact, t[i].folded);
    return buf;
}

static const struct {
    const char *in, *want;
} cases[] = {
    {"Giải phóng mặt bằng", "Giải|giải|giai phóng|phóng|phong mặt|mặt|mat bằng|bằng|bang"},
    {"hoà thuỷ", "hoà|hòa|hoa thuỷ|thủy|thuy"},
    {"6.483 hộ", "6.483|6.483|6.483 hộ|hộ|ho"},
    {"181,8%", "181,8|181,8|181,8"},
    {"3.768.204.194 đồng", "3.768.204.194|3.768.204.194|3.768.204.194 đồng|đồng|dong"},
    {"ngày 08/5/2020", "ngày|ngày|ngay 08/5/2020|2020-05-08|2020-05-08 08|8|8 5|5|5 2020|2020|2020"},
    {"12-4-1989", "12-4-1989|1989-04-12|1989-04-12 12|12|12 4|4|4 1989|1989|1989"},
    {"31/2/2020", "31|31|31 2|2|2 2020|2020|2020"},
    {"43-CT/TW", "43-CT/TW|43-CT/TW|43-ct/tw 43|43|43 CT|ct|ct TW|tw|tw"},
    {"374- TB/TU", "374- TB/TU|374-TB/TU|374-tb/tu 374|374|374 TB|tb|tb TU|tu|tu"},
    {"60/2013/NĐ-CP", "60/2013/NĐ-CP|60/2013/NĐ-CP|60/2013/nd-cp 60|60|60 2013|2013|2013 NĐ|nđ|nd CP|cp|cp"},
    {"QCDC MTTQ", "QCDC|qcdc|qcdc MTTQ|mttq|mttq"},
    {"**Đảng** ~~bộ~~ \\*", "Đảng|đảng|dang bộ|bộ|bo"},
    {"Nam¹ ⁽²⁾ Bộ", "Nam|nam|nam Bộ|bộ|bo"},
    {"kinh tế - xã hội", "kinh|kinh|kinh tế|tế|te xã|xã|xa hội|hội|hoi"},
    {"kinh-tế", "kinh|kinh|kinh tế|tế|te"},
    {"thông\xc2\xadtin", "thông\xc2\xadtin|thôngtin|thongtin"},
    {"a\xc2\xa0" "b", "a|a|a b|b|b"},
    {"F0 COVID-19", "F0|f0|f0 COVID|covid|covid 19|19|19"},
    {"Ho\xcc\x80\x61 Bi\xcc\x80nh", "Ho\xcc\x80\x61|hòa|hoa Bi\xcc\x80nh|bình|binh"},
    {"33,4km", "33,4|33,4|33,4 km|km|km"},
    {"4G", "4G|4g|4g"},
    {"13/13 xã", "13|13|13 13|13|13 xã|xã|xa"},
};

/* Independent count: runs of letters (any L category), decimal digits and
 * combining marks by Unicode category (utf8proc), soft hyphens joining,
 * '.' or ',' between two digits joining; superscripts (No) separate. */
static size_t independent_count(const char *s, size_t len)
{
    size_t n = 0, i = 0;
    int in = 0, joined = 0;
    uint32_t prev = 0;
    while (i < len) {
        uint32_t cp;
        size_t k = tr_utf8_decode((const unsigned char *)s + i, len - i, &cp);
        utf8proc_category_t c = utf8proc_category((utf8proc_int32_t)cp);
        int word = (c >= UTF8PROC_CATEGORY_LU && c <= UTF8PROC_CATEGORY_LO) ||
                   c == UTF8PROC_CATEGORY_ND || (in && (c == UTF8PROC_CATEGORY_MN || cp == 0xAD));
        if (!word && in && (cp == '.' || cp == ',') && prev >= '0' && prev <= '9' &&
            i + 1 < len && s[i + 1] >= '0' && s[i + 1] <= '9')
            word = 1;
        /* a decimal number glued to its unit: 33,4km is two */
        if (word && in && joined && c >= UTF8PROC_CATEGORY_LU && c <= UTF8PROC_CATEGORY_LO) {
            n++;
            joined = 0;
        }
        if (word && !in) {
            n++;
            joined = 0;
        }
        if (word && (cp == '.' || cp == ','))
            joined = 1;
        in = word;
        prev = cp;
        i += k;
    }
    return n;
}

static void seeds(void)
{
    const char *top = getenv("top_srcdir");
    static const char *const names[] = {
        "000_4a1e5ee3c0eafb22.txt", "001_f0ce601e5f83c249.txt", "002_81cd06210f247496.txt",
        "003_743e7a8b74290be1.txt", "004_b7ad970acadcf5d4.txt"};
    for (int s = 0; s < 5; s++) {
        char path[4096];
        snprintf(path, sizeof path, "%s/corpus/samples/%s", top ? top : "..", names[s]);
        FILE *f = fopen(path, "rb");
        if (!f) {
            ok(0, "open %s", path);
            continue;
        }
        static char buf[1 << 20];
        size_t len = fread(buf, 1, sizeof buf - 1, f);
        fclose(f);
        buf[len] = 0;
        tr_tokenizer *tk = tr_tokenizer_new();
        tr_token t;
        int r;
        size_t pos = 0, compounds = 0, bad = 0;
        unsigned last = 0;
        tr_tokenizer_reset(tk, buf, len);
        while ((r = tr_tokenizer_next(tk, &t)) == 1) {
            if (t.offset + t.length > len || t.length == 0 || !t.exact_len || !t.folded_len)
                bad++;
            if (t.flags & TR_TOKF_COMPOUND) {
                compounds++;
            } else {
                if (pos && t.position != last + 1)
                    bad++;
                last = t.position;
                pos++;
            }
        }
        tr_tokenizer_free(tk);
        is_int(r, 0, "%s: tokenised to the end", names[s]);
        is_int(bad, 0, "%s: spans inside the text, positions consecutive", names[s]);
        is_int(pos, independent_count(buf, len), "%s: %zu tokens as counted independently",
               names[s], pos);
        is_int(tr_token_count(buf, len), pos, "%s: tr_token_count agrees", names[s]);
        ok(compounds > 0, "%s: %zu compound tokens (numbers, dates)", names[s], compounds);
    }
}

int main(void)
{
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++)
        is_str(render(cases[i].in), cases[i].want, "tokens of «%s»", cases[i].in);

    tok t[32];
    size_t n = run("Chỉ thị 43-CT/TW về covid vaccines UBND hoà", t, 32);
    is_int(n, 11, "token count with a compound");
    is_int(t[2].kind, TR_TOK_DOCNUM, "document number is DOCNUM");
    ok(t[2].flags & TR_TOKF_COMPOUND, "DOCNUM is a compound");
    is_int(t[2].position, t[3].position, "compound takes its first part's position");
    is_int(t[3].position, 2, "parts are positioned");
    ok(t[0].flags & TR_TOKF_MARKS, "Chỉ has marks");
    is_str(t[7].stem, "covid", "covid stemmed");
    ok(t[7].flags & TR_TOKF_FOREIGN, "covid is foreign");
    is_str(t[8].stem, "vaccin", "vaccines -> vaccin");
    ok(!(t[9].flags & TR_TOKF_FOREIGN) && (t[9].flags & TR_TOKF_ABBREV), "UBND is an abbreviation, not foreign");
    is_int(t[10].position, 9, "positions after a compound continue");
    n = run("nguoi thuong xuyen index smartphone", t, 32);
    ok(!(t[0].flags & TR_TOKF_FOREIGN) && !(t[1].flags & TR_TOKF_FOREIGN) &&
       !(t[2].flags & TR_TOKF_FOREIGN), "unmarked Vietnamese is not foreign");
    ok((t[3].flags & TR_TOKF_FOREIGN) && (t[4].flags & TR_TOKF_FOREIGN), "index, smartphone are foreign");
    is_str(t[4].stem, "smartphon", "smartphone stem");
    n = run("", t, 32);
    is_int(n, 0, "empty text");
    n = run(" \xef\xbf\xbd \xcc\x80 ** ", t, 32);
    is_int(n, 0, "replacement char, stray mark and markdown make no token");
    seeds();
    return tap_done();
}

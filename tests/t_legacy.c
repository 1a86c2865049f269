/*
 * t_legacy — legacy Vietnamese encodings (tr_legacy.h).
 *
 * The round trip is the table check: every Vietnamese letter (both cases,
 * every tone) is encoded with an encoder written here from the same tables
 * run backwards — for VNI and Windows-1258 from base letter + mark bytes —
 * and must decode back.  Then detection on sentences of our own in each
 * encoding, the French/English negatives, the repair of text that went
 * through a Windows-1252 pipeline, and the soft-hyphen trap of TCVN3.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

#include "tap.h"
#include "tr_buf.h"
#include "tr_legacy.h"
#include "tr_utf8.h"

extern const uint16_t tr_leg_cp1252[256], tr_leg_tcvn3[256], tr_leg_viscii[256],
    tr_leg_cp1258[256], tr_leg_vps[256], tr_leg_vni[256],
    tr_leg_vni_mark[64][2];

/* ---- a test-only encoder ---------------------------------------------- */

/* Appends the bytes of one code point in encoding e; 0 when it has none. */
static int enc_cp(tr_legacy e, uint32_t cp, tr_buf *b)
{
    const uint16_t *t = e == TR_LEG_TCVN3 || e == TR_LEG_TCVN3H ? tr_leg_tcvn3
                        : e == TR_LEG_VISCII                     ? tr_leg_viscii
                        : e == TR_LEG_VPS                        ? tr_leg_vps
                        : e == TR_LEG_CP1258                     ? tr_leg_cp1258
                        : e == TR_LEG_VNI                        ? tr_leg_vni
                                                                 : tr_leg_cp1252;
    if (cp < 0x80) {
        tr_buf_addc(b, (char)cp);
        return 1;
    }
    /* VNI's table shows its unused bytes as Windows-1252: not letters */
    for (int i = 0; i < 256; i++)
        if (t[i] == cp && (e != TR_LEG_VNI || cp != tr_leg_cp1252[i])) {
            tr_buf_addc(b, (char)i);
            return 1;
        }
    if (e != TR_LEG_VNI && e != TR_LEG_CP1258)
        return 0;
    /* split into the letter without its tone, and the tone */
    utf8proc_int32_t d[4];
    int bc = 0;
    utf8proc_ssize_t n = utf8proc_decompose_char((utf8proc_int32_t)cp, d, 4,
                                                 UTF8PROC_DECOMPOSE, &bc);
    if (n < 2)
        return 0;
    uint32_t tone = 0, vmark = 0;
    utf8proc_uint8_t tmp[16];
    utf8proc_ssize_t m = 0;
    for (utf8proc_ssize_t j = 0; j < n; j++) {
        uint32_t c = (uint32_t)d[j];
        if (c == 0x300 || c == 0x301 || c == 0x303 || c == 0x309 || c == 0x323)
            tone = c;
        else
            m += utf8proc_encode_char(d[j], tmp + m);
        if (c == 0x302 || c == 0x306)
            vmark = c;
    }
    tmp[m] = 0;
    char *base = (char *)utf8proc_NFC(tmp);
    uint32_t bcp;
    tr_utf8_decode((const unsigned char *)base, strlen(base), &bcp);
    free(base);
    int upper = utf8proc_category(d[0]) == UTF8PROC_CATEGORY_LU;
    size_t save = b->len;
    if (e == TR_LEG_CP1258) {
        if (bcp != cp && enc_cp(e, bcp, b) && (!tone || enc_cp(e, tone, b)))
            return 1;
        b->len = save;
        return 0;
    }
    /* VNI: a one-byte base (ơ ư, plain letters) + a tone mark byte, or
     * the plain letter + one byte for vowel mark and tone together */
    uint32_t m0 = tone, m1 = 0;
    if (bcp >= 0x80 && (bcp == cp || !enc_cp(e, bcp, b))) {
        b->len = save;
        tr_buf_addc(b, (char)d[0]);
        m0 = vmark;
        m1 = tone;
    } else if (bcp >= 0x80) {
        /* written by enc_cp */
    } else {
        tr_buf_addc(b, (char)bcp);
    }
    for (int x = 0; x < 64; x++)
        if (tr_leg_vni_mark[x][0] == m0 && tr_leg_vni_mark[x][1] == m1 &&
            (x < 32) == upper) {
            tr_buf_addc(b, (char)(0xC0 + x));
            return 1;
        }
    b->len = save;
    return 0;
}

static int encode(tr_legacy e, const char *utf8, tr_buf *b)
{
    const unsigned char *s = (const unsigned char *)utf8;
    size_t n = strlen(utf8);
    tr_buf_clear(b);
    while (n) {
        uint32_t cp;
        size_t k = tr_utf8_decode(s, n, &cp);
        if (!enc_cp(e, cp, b))
            return 0;
        s += k;
        n -= k;
    }
    return 1;
}

/* What a Windows-1252 pipeline makes of bytes. */
static void as_cp1252(const tr_buf *bytes, tr_buf *out)
{
    tr_buf_clear(out);
    for (size_t i = 0; i < bytes->len; i++) {
        char u[4];
        tr_buf_add(out, u, tr_utf8_encode(tr_leg_cp1252[(unsigned char)bytes->data[i]], u));
    }
}

static const char *const vowels[] = {"a", "ă", "â", "e", "ê", "i", "o", "ô", "ơ",
                                     "u", "ư", "y"};
static const char *const tones[] = {"", "\xcc\x80", "\xcc\x81", "\xcc\x89",
                                    "\xcc\x83", "\xcc\xa3"};

static char *nfc(const char *s)
{
    return (char *)utf8proc_NFC((const utf8proc_uint8_t *)s);
}

static char *upper(const char *s)
{
    tr_buf b = {0};
    const unsigned char *p = (const unsigned char *)s;
    size_t n = strlen(s);
    while (n) {
        uint32_t cp;
        size_t k = tr_utf8_decode(p, n, &cp);
        char u[4];
        tr_buf_add(&b, u, tr_utf8_encode((uint32_t)utf8proc_toupper((utf8proc_int32_t)cp), u));
        p += k;
        n -= k;
    }
    return b.data;
}

/* every letter of the alphabet, both cases, as one NFC string each */
static int letters(char *out[], int max)
{
    int n = 0;
    char tmp[16];
    for (char c = 'a'; c <= 'z'; c++) {
        tmp[0] = c;
        tmp[1] = 0;
        out[n++] = strdup(tmp);
    }
    out[n++] = strdup("đ");
    for (size_t v = 0; v < sizeof vowels / sizeof *vowels; v++)
        for (size_t t = 0; t < 6; t++) {
            snprintf(tmp, sizeof tmp, "%s%s", vowels[v], tones[t]);
            if (t || strlen(vowels[v]) > 1)
                out[n++] = nfc(tmp);
        }
    int lower = n;
    for (int i = 0; i < lower && n < max; i++)
        out[n++] = upper(out[i]);
    return n;
}

static void round_trips(void)
{
    static const tr_legacy encs[] = {TR_LEG_TCVN3, TR_LEG_VNI, TR_LEG_VISCII,
                                     TR_LEG_VPS, TR_LEG_CP1258};
    char *l[400];
    int n = letters(l, 400);
    tr_buf b = {0}, d = {0};
    ok(n == 2 * (26 + 1 + 66), "letter list complete (%d)", n);
    for (size_t e = 0; e < sizeof encs / sizeof *encs; e++) {
        int bad = 0, checked = 0, h = 0;
        for (int i = 0; i < n; i++) {
            int is_up = i >= n / 2;
            tr_legacy enc = encs[e];
            const char *want = l[i];
            if (!encode(enc, want, &b)) {
                /* VN3 keeps only the 16 toned capitals that fit in its
                 * upper half (0xAF 0xBA 0xBF …); the other 44 come from the
                 * H fonts, which show the lower-case code points as
                 * capitals. */
                if (enc == TR_LEG_TCVN3 && is_up && encode(enc, l[i - n / 2], &b)) {
                    enc = TR_LEG_TCVN3H;
                    h++;
                } else {
                    bad++;
                    tap_diag("%s: cannot encode %s", tr_legacy_name(enc), want);
                    continue;
                }
            }
            tr_buf_clear(&d);
            tr_legacy_decode(enc, b.data, b.len, &d);
            checked++;
            if (strcmp(d.data, want)) {
                bad++;
                tap_diag("%s: %s decodes to %s", tr_legacy_name(enc), want, d.data);
            }
            /* and through a Windows-1252 pipeline */
            tr_buf u = {0};
            as_cp1252(&b, &u);
            tr_buf_clear(&d);
            tr_legacy_decode_utf8(enc, u.data, u.len, &d);
            if (strcmp(d.data, want)) {
                bad++;
                tap_diag("%s (utf8): %s decodes to %s", tr_legacy_name(enc), want, d.data);
            }
            tr_buf_free(&u);
        }
        ok(bad == 0 && checked == n, "%s: all %d letters round-trip (%d via H fonts)",
           tr_legacy_name(encs[e]), checked, h);
    }
    /* TCVN3-H: the whole alphabet in capitals from the lower-case bytes */
    encode(TR_LEG_TCVN3, "bảo đảm quyền lợi ưu tiên", &b);
    tr_buf_clear(&d);
    tr_legacy_decode(TR_LEG_TCVN3H, b.data, b.len, &d);
    is_str(d.data, "BẢO ĐẢM QUYỀN LỢI ƯU TIÊN", "TCVN3-H decodes to capitals");
    for (int i = 0; i < n; i++)
        free(l[i]);
    tr_buf_free(&b);
    tr_buf_free(&d);
}

/* ---- detection --------------------------------------------------------- */

static const char *const viet =
    "Báo cáo tình hình thực hiện nhiệm vụ phát triển kinh tế xã hội năm 1998 "
    "của Ủy ban nhân dân tỉnh. Trong năm qua, dưới sự lãnh đạo của Tỉnh ủy, "
    "sự giám sát của Hội đồng nhân dân, các ngành các cấp đã cố gắng khắc "
    "phục khó khăn, đạt được những kết quả quan trọng về sản xuất nông nghiệp, "
    "công nghiệp, thương mại, dịch vụ; đời sống nhân dân từng bước được cải "
    "thiện, quốc phòng an ninh được giữ vững.\n";

static void detection(void)
{
    static const tr_legacy encs[] = {TR_LEG_TCVN3, TR_LEG_VNI, TR_LEG_VISCII,
                                     TR_LEG_VPS, TR_LEG_CP1258};
    tr_buf b = {0}, d = {0};
    for (size_t e = 0; e < sizeof encs / sizeof *encs; e++) {
        /* TCVN3 has no toned capitals: write the sentence as typists did,
         * with the capital taken from the lower-case letter */
        const char *src = viet;
        char *low = NULL;
        if (encs[e] == TR_LEG_TCVN3) {
            low = strdup(viet);
            char *u = strstr(low, "Ủy");
            memcpy(u, "ủy", strlen("ủy"));
            src = low;
        }
        ok(encode(encs[e], src, &b), "%s: sentence encodes", tr_legacy_name(encs[e]));
        tr_legacy_guess g;
        tr_legacy_detect(b.data, b.len, &g);
        ok(g.decided && g.enc == encs[e] && g.score >= 900 && g.score - g.runner_up >= 300,
           "%s detected (decided %d, %s, score %d, runner-up %d)", tr_legacy_name(encs[e]),
           g.decided, tr_legacy_name(g.enc), g.score, g.runner_up);
        tr_buf_clear(&d);
        tr_legacy_decode(g.enc, b.data, b.len, &d);
        is_str(d.data, src, "%s: sentence decodes back", tr_legacy_name(encs[e]));
        free(low);
    }
    static const char *const foreign[] = {
        "Café crème à la française, naïve façade. Le comité a décidé, après "
        "un débat très animé, de reporter à l'année prochaine l'étude du "
        "problème; les élèves étaient déçus mais la décision était prise.\n",
        "The naïve résumé of the café's rôle: “smart quotes” — dashes – and "
        "a façade; Zoë and Chloë’s coöperation was déjà vu.\n"};
    for (int i = 0; i < 2; i++) {
        encode(TR_LEG_CP1252, foreign[i], &b);
        tr_legacy_guess g;
        tr_legacy_detect(b.data, b.len, &g);
        ok(!g.decided && g.enc == TR_LEG_CP1252, "%s text stays Windows-1252 "
           "(score %d, runner-up %d)", i ? "English" : "French", g.score, g.runner_up);
    }
    tr_legacy_guess g;
    tr_legacy_detect("plain ascii words only", 22, &g);
    ok(!g.decided && g.enc == TR_LEG_CP1252, "ASCII: undecided");
    tr_legacy_detect("", 0, &g);
    ok(!g.decided && g.enc == TR_LEG_CP1252, "empty: undecided");
    tr_buf_free(&b);
    tr_buf_free(&d);
}

/* ---- repair ------------------------------------------------------------ */

static void repair(void)
{
    tr_buf o = {0}, b = {0}, u = {0};
    unsigned fixed = 0;
    tr_legacy which = TR_LEG_NONE;
    const char *in = "B¸o c¸o t×nh h×nh\n";
    tr_legacy_repair(in, strlen(in), &o, &fixed, &which);
    is_str(o.data, "Báo cáo tình hình\n", "TCVN3 seen as cp1252 is repaired");
    ok(fixed == 1 && which == TR_LEG_TCVN3, "one TCVN3 paragraph fixed");

    /* VNI, and mixed with Unicode and French paragraphs */
    encode(TR_LEG_VNI, "Kế hoạch phát triển kinh tế của huyện", &b);
    as_cp1252(&b, &u);
    tr_buf text = {0};
    tr_buf_adds(&text, "Cộng hòa xã hội chủ nghĩa Việt Nam\n");
    tr_buf_add(&text, u.data, u.len);
    tr_buf_adds(&text, "\nCafé crème à la française, naïve façade\n");
    tr_buf_adds(&text, "English text, no accents\n");
    tr_buf_clear(&o);
    fixed = 0;
    tr_legacy_repair(text.data, text.len, &o, &fixed, &which);
    is_str(o.data,
           "Cộng hòa xã hội chủ nghĩa Việt Nam\nKế hoạch phát triển kinh tế của huyện\n"
           "Café crème à la française, naïve façade\nEnglish text, no accents\n",
           "VNI paragraph repaired, Unicode, French and English left alone");
    ok(fixed == 1 && which == TR_LEG_VNI, "one VNI paragraph fixed (%u)", fixed);

    const char *fr = "Café crème à la française, naïve façade";
    tr_buf_clear(&o);
    fixed = 7;
    tr_legacy_repair(fr, strlen(fr), &o, &fixed, NULL);
    ok(o.len == strlen(fr) && !memcmp(o.data, fr, o.len) && fixed == 0,
       "French paragraph unchanged");

    /* a paragraph too short to judge alone follows the document */
    encode(TR_LEG_TCVN3, "Điều 1.\nủy ban nhân dân tỉnh quyết định thành lập ban chỉ đạo\n", &b);
    as_cp1252(&b, &u);
    tr_buf_clear(&o);
    tr_legacy_repair(u.data, u.len, &o, &fixed, &which);
    is_str(o.data, "Điều 1.\nủy ban nhân dân tỉnh quyết định thành lập ban chỉ đạo\n",
           "short TCVN3 paragraph follows the document's encoding");

    /* the soft-hyphen trap: TCVN3 ư is 0xAD, U+00AD after a cp1252 pipeline */
    const char *sh = "Th\xc2\xad\xc2\xacng m\xc2\xb9i"; /* Th­¬ng m¹i */
    tr_buf_clear(&o);
    tr_legacy_decode_utf8(TR_LEG_TCVN3, sh, strlen(sh), &o);
    is_str(o.data, "Thương mại", "U+00AD becomes ư in a TCVN3 run");
    encode(TR_LEG_TCVN3, "Cường hướng: phương pháp cười", &b);
    as_cp1252(&b, &u);
    ok(strstr(u.data, "\xc2\xad") != NULL, "the TCVN3 text holds U+00AD");
    tr_buf_clear(&o);
    tr_legacy_repair(u.data, u.len, &o, &fixed, &which);
    is_str(o.data, "Cường hướng: phương pháp cười", "repair keeps the soft-hyphen ư");
    tr_buf_clear(&b);
    tr_buf_addc(&b, (char)0xAD);
    tr_buf_clear(&o);
    tr_legacy_decode(TR_LEG_TCVN3, b.data, b.len, &o);
    is_str(o.data, "ư", "byte 0xAD is ư in TCVN3");

    /* code points with no Windows-1252 byte are copied */
    tr_buf_clear(&o);
    tr_legacy_decode_utf8(TR_LEG_TCVN3, "B¸o — 中文 ư", strlen("B¸o — 中文 ư"), &o);
    is_str(o.data, "Báo — 中文 ư", "decode_utf8 copies what has no byte");
    tr_buf_free(&o);
    tr_buf_free(&b);
    tr_buf_free(&u);
    tr_buf_free(&text);
}

static void fonts(void)
{
    static const struct {
        const char *f;
        tr_legacy e;
    } t[] = {{".VnTime", TR_LEG_TCVN3},       {".vntime", TR_LEG_TCVN3},
             {".VnArial", TR_LEG_TCVN3},      {".VnCentury Schoolbook", TR_LEG_TCVN3},
             {".VnAvant", TR_LEG_TCVN3},      {".VnBook-Antiqua", TR_LEG_TCVN3},
             {".VnCourier", TR_LEG_TCVN3},    {".VnHelvetica", TR_LEG_TCVN3},
             {".VnTimeH", TR_LEG_TCVN3H},     {".VnArialH", TR_LEG_TCVN3H},
             {".VNTIMEH ", TR_LEG_TCVN3H},    {"VNI-Times", TR_LEG_VNI},
             {"vni-helve", TR_LEG_VNI},       {"VNI-Aptima", TR_LEG_VNI},
             {"VPS Times", TR_LEG_VPS},       {"VISCII Times", TR_LEG_VISCII},
             {"VNtimes new roman", TR_LEG_VISCII}, {"Times New Roman", TR_LEG_NONE},
             {"Arial", TR_LEG_NONE},          {"VNF-Lobster", TR_LEG_NONE},
             {"", TR_LEG_NONE},               {NULL, TR_LEG_NONE}};
    int bad = 0;
    for (size_t i = 0; i < sizeof t / sizeof *t; i++)
        if (tr_legacy_font(t[i].f) != t[i].e) {
            bad++;
            tap_diag("font %s -> %s", t[i].f ? t[i].f : "(null)",
                     tr_legacy_name(tr_legacy_font(t[i].f)));
        }
    ok(bad == 0, "font names");
    ok(!strcmp(tr_legacy_name(TR_LEG_TCVN3H), "TCVN3-H") &&
           !strcmp(tr_legacy_name(TR_LEG_NONE), ""),
       "names");
}

int main(void)
{
    round_trips();
    detection();
    repair();
    fonts();
    return tap_done();
}

/* t_normalize — exact and folded keys, tone placement, slugs. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

#include "fold_reference.h"
#include "tap.h"
#include "tr_normalize.h"
#include "tr_utf8.h"

static tr_buf kb;

static const char *exact(const char *s)
{
    if (tr_norm_exact(s, strlen(s), &kb))
        return "(oom)";
    return kb.data;
}

static const char *fold(const char *s)
{
    if (tr_norm_fold(s, strlen(s), &kb))
        return "(oom)";
    return kb.data;
}

static void put(char **p, uint32_t cp)
{
    char b[4];
    size_t n = tr_utf8_encode(cp, b);
    memcpy(*p, b, n);
    *p += n;
}

/* Every tone on every vowel, NFC and NFD, lower and upper case. */
static void every_tone_on_every_vowel(void)
{
    static const struct { char base; uint32_t quality; } vowels[] = {
        {'a', 0}, {'a', 0x306}, {'a', 0x302}, {'e', 0}, {'e', 0x302}, {'i', 0},
        {'o', 0}, {'o', 0x302}, {'o', 0x31B}, {'u', 0}, {'u', 0x31B}, {'y', 0}};
    static const uint32_t tones[] = {0, 0x300, 0x301, 0x303, 0x309, 0x323};
    for (size_t v = 0; v < sizeof vowels / sizeof vowels[0]; v++) {
        for (size_t t = 0; t < 6; t++) {
            for (int upper = 0; upper < 2; upper++) {
                char nfd[32], *p = nfd;
                /* canonical order: horn (216) < dot below (220) < others (230) */
                *p++ = upper ? (char)(vowels[v].base - 32) : vowels[v].base;
                if (tones[t] == 0x323 && vowels[v].quality != 0x31B) {
                    put(&p, 0x323);
                    if (vowels[v].quality)
                        put(&p, vowels[v].quality);
                } else {
                    if (vowels[v].quality)
                        put(&p, vowels[v].quality);
                    if (tones[t])
                        put(&p, tones[t]);
                }
                *p = 0;
                char *nfc = (char *)utf8proc_NFC((const utf8proc_uint8_t *)nfd);
                char *lower = NULL;
                if (utf8proc_map((const utf8proc_uint8_t *)nfd, 0, (utf8proc_uint8_t **)&lower,
                                 UTF8PROC_NULLTERM | UTF8PROC_COMPOSE | UTF8PROC_CASEFOLD) < 0)
                    lower = NULL;
                char want_fold[2] = {vowels[v].base, 0};
                is_str(exact(nfd), lower, "exact NFD vowel %zu tone %zu upper %d", v, t, upper);
                is_str(exact(nfc), lower, "exact NFC vowel %zu tone %zu upper %d", v, t, upper);
                is_str(fold(nfc), want_fold, "fold NFC vowel %zu tone %zu upper %d", v, t, upper);
                ok(tr_has_marks(nfd, strlen(nfd)) == (vowels[v].quality || tones[t]),
                   "has_marks vowel %zu tone %zu", v, t);
                free(nfc);
                free(lower);
            }
        }
    }
}

static const char *const pairs[][2] = {
    /* new style / mixed -> old style */
    {"hoà", "hòa"}, {"hòa", "hòa"}, {"HOÀ", "hòa"}, {"Hoà", "hòa"},
    {"thuỷ", "thủy"}, {"thủy", "thủy"}, {"khoẻ", "khỏe"}, {"khỏe", "khỏe"},
    {"luỹ", "lũy"}, {"tuỳ", "tùy"}, {"hoá", "hóa"}, {"loè", "lòe"},
    {"quý", "quý"}, {"quỹ", "quỹ"}, {"quà", "quà"}, {"qủa", "quả"},
    {"hoàng", "hoàng"}, {"hòang", "hoàng"}, {"hòan", "hoàn"}, {"thuận", "thuận"},
    {"khuyến", "khuyến"}, {"quyết", "quyết"}, {"người", "người"}, {"ngừơi", "người"},
    {"thuở", "thuở"}, {"hoài", "hoài"}, {"hòai", "hoài"}, {"khuỵu", "khuỵu"},
    {"huỳnh", "huỳnh"}, {"hoạch", "hoạch"}, {"mùa", "mùa"}, {"mía", "mía"},
    {"giá", "giá"}, {"gìn", "gìn"}, {"giữ", "giữ"}, {"giếng", "giếng"},
    {"Đồng", "đồng"}, {"ĐẢNG", "đảng"}, {"covid", "covid"}, {"café", "café"},
    {"Quảng Ngãi", "quảng ngãi"}, {"thuỷ lợi, hoà bình", "thủy lợi, hòa bình"},
};

static const char *const folds[][2] = {
    {"Đồng", "dong"}, {"đ", "d"}, {"Đ", "d"}, {"ĐẢNG ỦY", "dang uy"},
    {"giải phóng mặt bằng", "giai phong mat bang"}, {"người", "nguoi"},
    {"hoà", "hoa"}, {"hòa", "hoa"}, {"kỹ", "ky"}, {"kĩ", "ki"}, {"ABC", "abc"},
    {"café", "cafe"}, {"Ưu", "uu"}, {"", ""},
    /* punctuation kept as it is, next to letters folded a byte at a time */
    {"“Đổi mới” – năm 2024…", "“doi moi” – nam 2024…"}, {"Số\xc2\xa0""5", "so\xc2\xa0""5"},
    /* what folds to more or other than one ASCII letter */
    {"Straße", "strasse"}, {"Đà Nẵng ẞ", "da nang ss"}, {"über", "uber"},
    {"a\xcd\x85", "a\xce\xb9"},   /* U+0345 case-folds to iota: not dropped */
    {"ĳ", "ĳ"}, {"µ", "\xce\xbc"},
};

/* Every code point of U+0080..U+2FFF, between letters, before a tone mark,
 * after an NFD Vietnamese letter and among words, blanks and other code
 * points of the general path: tr_norm_fold (which folds Vietnamese letters
 * and common punctuation from tables, and sends a blank-delimited segment
 * holding anything else through utf8proc) gives the reference's answer. */
static void fold_agrees_with_reference(void)
{
    size_t bad = 0, tried = 0;
    for (uint32_t c = 0x80; c < 0x3000; c++) {
        if (c >= 0xD800 && c < 0xE000)
            continue;
        char u[8] = {0}, s[96];
        tr_utf8_encode(c, u);
        const char *ctx[] = {"a%sb", "%s\xcc\x81", "Tie\xcc\x82\xcc\x81%s\xc3\xaa", "%s",
                             "Đà Nẵng %s\xcc\x81ß x", "ĐỔI ⁽%s⁾\ny\xcc\x9b\xcc\x81 ẞ\tMới"};
        for (size_t k = 0; k < sizeof ctx / sizeof ctx[0]; k++) {
            snprintf(s, sizeof s, ctx[k], u);
            char *want = fold_reference(s, strlen(s));
            const char *got = fold(s);
            tried++;
            if (!want || strcmp(want, got)) {
                if (bad++ < 5)
                    tap_diag("U+%04X in \"%s\": got \"%s\", want \"%s\"", (unsigned)c, s, got,
                         want ? want : "(null)");
            }
            free(want);
        }
    }
    ok(bad == 0, "fold agrees with the utf8proc reference on %zu strings (U+0080..U+2FFF)", tried);
}

static const char *const slugs[][2] = {
    {"Quảng Ngãi", "quang-ngai"}, {"TỈNH ỦY", "tinh-uy"},
    {"Thành phố Hồ Chí Minh", "thanh-pho-ho-chi-minh"},
    {"  Ban Dân vận -- Tỉnh uỷ ", "ban-dan-van-tinh-uy"}, {"Bà Rịa - Vũng Tàu", "ba-ria-vung-tau"},
    {"Đắk Lắk", "dak-lak"}, {"2020", "2020"}, {"!!", ""},
};

int main(void)
{
    every_tone_on_every_vowel();
    fold_agrees_with_reference();
    for (size_t i = 0; i < sizeof pairs / sizeof pairs[0]; i++)
        is_str(exact(pairs[i][0]), pairs[i][1], "exact(%s)", pairs[i][0]);
    for (size_t i = 0; i < sizeof folds / sizeof folds[0]; i++)
        is_str(fold(folds[i][0]), folds[i][1], "fold(%s)", folds[i][0]);
    for (size_t i = 0; i < sizeof slugs / sizeof slugs[0]; i++) {
        char *s = tr_slug(slugs[i][0]);
        is_str(s, slugs[i][1], "slug(%s)", slugs[i][0]);
        free(s);
    }
    /* NFD input of old and new placement gives the same key. */
    is_str(exact("ho\xcc\x80\x61"), "hòa", "NFD hòa");
    is_str(exact("hoa\xcc\x80"), "hòa", "NFD hoà");
    is_str(exact("thuy\xcc\x89"), "thủy", "NFD thuỷ");
    is_str(exact("Ngu\xcc\x9bo\xcc\x9b\xcc\x80i"), "người", "NFD Người");
    {
        /* tr_norm_compose: decomposed text is stored composed; composed
         * text is left as it is (the same buffer: no utf8proc pass) */
        const char nfd[] = "Qua\xcc\x89ng Nga\xcc\x83i, ngu\xcc\x9bo\xcc\x9b\xcc\x80i";
        char *t = strdup(nfd);
        size_t n = strlen(t);
        ok(tr_norm_compose(&t, &n) == 0 && n == strlen(t), "compose: NFD text");
        is_str(t, "Quảng Ngãi, người", "compose: NFD becomes NFC");
        char *before = t;
        ok(tr_norm_compose(&t, &n) == 0 && t == before && !strcmp(t, "Quảng Ngãi, người"),
           "compose: NFC text is left untouched");
        free(t);
    }
    ok(!tr_has_marks("giai phong", 10), "no marks in plain ASCII");
    ok(tr_has_marks("đi", 3), "đ is a mark");
    char *f = tr_fold_dup("Tỉnh Ủy");
    is_str(f, "tinh uy", "fold_dup");
    free(f);
    tr_buf_free(&kb);
    return tap_done();
}

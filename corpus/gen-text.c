/*
 * gen-text.c — the spelling variants corpus/gen writes documents in, as
 * real files come: upper case for headers, new-style tone placement
 * (hoà, uỷ), no diacritics at all.
 */
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

#include "gen.h"

char *upper(const char *s)
{
    utf8proc_uint8_t *out = NULL;
    utf8proc_ssize_t n = utf8proc_map((const utf8proc_uint8_t *)s, 0, &out,
                                      UTF8PROC_NULLTERM | UTF8PROC_STABLE | UTF8PROC_COMPOSE);
    if (n < 0)
        return strdup(s);
    for (utf8proc_uint8_t *p = out; *p;) {
        utf8proc_int32_t cp;
        utf8proc_ssize_t k = utf8proc_iterate(p, -1, &cp);
        if (k <= 0)
            break;
        utf8proc_int32_t u = utf8proc_toupper(cp);
        utf8proc_uint8_t enc[4];
        if (utf8proc_encode_char(u, enc) == k)
            memcpy(p, enc, (size_t)k);
        p += k;
    }
    return (char *)out;
}

/* New-style tone placement on oa/oe/uy open syllables: hòa -> hoà.
 * The two spellings differ in byte length (ùy/uỳ), so it copies. */
void new_style(tr_buf *b, tr_buf *out)
{
    static const char *const pairs[][2] = {
        {"òa", "oà"}, {"óa", "oá"}, {"ỏa", "oả"}, {"õa", "oã"}, {"ọa", "oạ"},
        {"òe", "oè"}, {"óe", "oé"}, {"ỏe", "oẻ"}, {"õe", "oẽ"}, {"ọe", "oẹ"},
        {"ùy", "uỳ"}, {"úy", "uý"}, {"ủy", "uỷ"}, {"ũy", "uỹ"}, {"ụy", "uỵ"}};
    tr_buf_clear(out);
    for (size_t i = 0; i < b->len;) {
        size_t k = 0;
        for (; k < sizeof pairs / sizeof pairs[0]; k++) {
            size_t l = strlen(pairs[k][0]);
            unsigned char after = i + l < b->len ? (unsigned char)b->data[i + l] : ' ';
            if (i + l <= b->len && !memcmp(b->data + i, pairs[k][0], l) &&
                !((after >= 'a' && after <= 'z') || after >= 0x80)) {
                tr_buf_adds(out, pairs[k][1]);   /* only open syllables: not hoàn */
                i += l;
                break;
            }
        }
        if (k == sizeof pairs / sizeof pairs[0])
            tr_buf_addc(out, b->data[i++]);
    }
}

/* Text typed without diacritics keeps its capitals: "Quyet dinh so
 * 217-QD/TW", not the lower-case folded key. */
void strip_marks(const tr_buf *b, tr_buf *out)
{
    tr_buf_clear(out);
    utf8proc_uint8_t *nfd = utf8proc_NFD((const utf8proc_uint8_t *)b->data);
    for (utf8proc_uint8_t *p = nfd; p && *p;) {
        utf8proc_int32_t cp;
        utf8proc_ssize_t k = utf8proc_iterate(p, -1, &cp);
        if (k <= 0)
            break;
        if (cp == 0x111)
            tr_buf_addc(out, 'd');
        else if (cp == 0x110)
            tr_buf_addc(out, 'D');
        else if (utf8proc_category(cp) != UTF8PROC_CATEGORY_MN)
            tr_buf_add(out, (const char *)p, (size_t)k);
        p += k;
    }
    free(nfd);
}

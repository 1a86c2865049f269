/*
 * tr_cite_word — the few words around a document number.
 *
 * The extractor must recognise "Chỉ thị", "số", "và", "ngày" next to a
 * number, and users type "chi thi so 43 ct/tw".  Text arrives composed
 * (NFC) or decomposed (NFD) and in any case, so words are compared as
 * lower-case NFD code points (utf8proc), one code point at a time, forwards
 * or backwards from the number: no copy, no normalisation of the text.
 */
#include <pthread.h>
#include <string.h>
#include <utf8proc.h>

#include "tr_cite_int.h"

/* ---- UTF-8 and case, just enough for codes and type words ---- */

size_t trc_decode(const char *s, size_t len, size_t i, unsigned *cp)
{
    const unsigned char *t = (const unsigned char *)s;
    unsigned c = t[i];
    size_t n, k;
    if (c < 0x80) {
        *cp = c;
        return 1;
    }
    if (c >= 0xC2 && c < 0xE0) {
        n = 2;
        c &= 0x1F;
    } else if (c >= 0xE0 && c < 0xF0) {
        n = 3;
        c &= 0x0F;
    } else if (c >= 0xF0 && c < 0xF5) {
        n = 4;
        c &= 0x07;
    } else {
        *cp = 0xFFFD;
        return 1;
    }
    if (i + n > len) {
        *cp = 0xFFFD;
        return 1;
    }
    for (k = 1; k < n; k++) {
        if ((t[i + k] & 0xC0) != 0x80) {
            *cp = 0xFFFD;
            return 1;
        }
        c = (c << 6) | (t[i + k] & 0x3F);
    }
    *cp = c;
    return n;
}

int trc_is_letter(unsigned cp)
{
    if ((cp >= 'A' && cp <= 'Z') || (cp >= 'a' && cp <= 'z'))
        return 1;
    if (cp >= 0xC0 && cp <= 0x24F)
        return cp != 0xD7 && cp != 0xF7;
    return cp >= 0x1E00 && cp <= 0x1EFF;
}

int trc_is_mark(unsigned cp) { return cp >= 0x300 && cp <= 0x36F; }

/* Lower case, then canonical decomposition, of one code point: the form in
 * which composed (ố) and decomposed (o + ̂ + ́) text compare equal. */
static int nfd_lower(unsigned cp, utf8proc_int32_t out[4])
{
    int last = 0;
    utf8proc_ssize_t n = utf8proc_decompose_char(
        utf8proc_tolower((utf8proc_int32_t)cp), out, 4, UTF8PROC_DECOMPOSE, &last);
    if (n < 1 || n > 4) {
        out[0] = (utf8proc_int32_t)cp;
        return 1;
    }
    return (int)n;
}

/* The word w as lower-case NFD code points; returns how many (<= 64). */
static int word_nfd(const char *w, utf8proc_int32_t cps[64])
{
    size_t i = 0, n = strlen(w);
    int k = 0;
    while (i < n) {
        unsigned cp;
        utf8proc_int32_t d[4];
        int m, j;
        i += trc_decode(w, n, i, &cp);
        m = nfd_lower(cp, d);
        for (j = 0; j < m && k < 64; j++)
            cps[k++] = d[j];
    }
    return k;
}

/* 1 when the ASCII letters a (of the text) and b (of the word) differ in
 * more than case.  The type words are tried at every number and most
 * attempts fail at the first letter: this answers those without
 * decomposing the word (the decomposition was a quarter of fuzz_qparse's
 * time).  Not ASCII on either side: 0, the full comparison decides. */
static int ascii_differs(unsigned char a, unsigned char b)
{
    if (a >= 0x80 || b >= 0x80)
        return 0;
    if (a >= 'A' && a <= 'Z')
        a += 32;
    if (b >= 'A' && b <= 'Z')
        b += 32;
    return a != b;
}

/* The text at i against a word already decomposed (W, nw code points). */
static int cps_at(const char *t, size_t len, size_t i, const utf8proc_int32_t *W, int nw,
                  size_t *end)
{
    utf8proc_int32_t d[4];
    int pos = 0, m, j;
    unsigned cp;
    while (pos < nw) {
        if (i >= len)
            return 0;
        i += trc_decode(t, len, i, &cp);
        m = nfd_lower(cp, d);
        if (pos + m > nw)
            return 0;
        for (j = 0; j < m; j++)
            if (d[j] != W[pos + j])
                return 0;
        pos += m;
    }
    if (i < len) {
        trc_decode(t, len, i, &cp);
        if (trc_is_mark(cp))
            return 0; /* more marks on the last letter: another word */
    }
    *end = i;
    return 1;
}

int trc_match_at(const char *t, size_t len, size_t i, const char *w, size_t *end)
{
    utf8proc_int32_t W[64];
    if (*w && (i >= len || ascii_differs((unsigned char)t[i], (unsigned char)*w)))
        return 0;
    return cps_at(t, len, i, W, word_nfd(w, W), end);
}

/* The text ending at end against a word already decomposed. */
static int cps_before(const char *t, size_t len, size_t end, const utf8proc_int32_t *W,
                      int nw, size_t *start)
{
    utf8proc_int32_t d[4];
    int pos = nw, m, j;
    size_t i = end;
    unsigned cp;
    if (end < len) {
        trc_decode(t, len, end, &cp);
        if (trc_is_mark(cp))
            return 0;
    }
    while (pos > 0) {
        size_t k;
        if (i == 0)
            return 0;
        k = i - 1;
        while (k > 0 && i - k < 4 && ((unsigned char)t[k] & 0xC0) == 0x80)
            k--;
        trc_decode(t, i, k, &cp);
        i = k;
        m = nfd_lower(cp, d);
        if (m > pos)
            return 0;
        for (j = 0; j < m; j++)
            if (d[j] != W[pos - m + j])
                return 0;
        pos -= m;
    }
    *start = i;
    return 1;
}

int trc_match_before(const char *t, size_t len, size_t end, const char *w,
                     size_t *start)
{
    utf8proc_int32_t W[64];
    size_t wl = strlen(w);
    if (wl && (end == 0 || ascii_differs((unsigned char)t[end - 1], (unsigned char)w[wl - 1])))
        return 0;
    return cps_before(t, len, end, W, word_nfd(w, W), start);
}

/* ---- type words: the word before a number, or a user's prefix ---- */

static const struct {
    const char *name;     /* NFC, as written */
    const char *folded;   /* what users type without marks */
    const char *code;
} type_words[] = {
    /* longer phrases first: "Thông báo kết luận" must win over "Kết luận" */
    {"Thông báo kết luận", "thong bao ket luan", "TB"},
    {"Thông tư liên tịch", "thong tu lien tich", "TTLT"},
    {"Chương trình phối hợp", "chuong trinh phoi hop", "CTr"},
    {"Chương trình hành động", "chuong trinh hanh dong", "CTr"},
    {"Chỉ thị", "chi thi", "CT"},
    {"Nghị quyết", "nghi quyet", "NQ"},
    {"Kết luận", "ket luan", "KL"},
    {"Quyết định", "quyet dinh", "QĐ"},
    {"Quy định", "quy dinh", "QĐi"},
    {"Hướng dẫn", "huong dan", "HD"},
    {"Kế hoạch", "ke hoach", "KH"},
    {"Công văn", "cong van", "CV"},
    {"Thông báo", "thong bao", "TB"},
    {"Chương trình", "chuong trinh", "CTr"},
    {"Thông tri", "thong tri", "TT"},
    {"Tờ trình", "to trinh", "TTr"},
    {"Đề án", "de an", "ĐA"},
    {"Nghị định", "nghi dinh", "NĐ"},
    {"Thông tư", "thong tu", "TT"},
    {"Luật", "luat", ""},
    {"Pháp lệnh", "phap lenh", "PL"},
    {"Báo cáo", "bao cao", "BC"},
    {"Quy chế", "quy che", "QC"},
    {"Công điện", "cong dien", "CĐ"},
};
#define N_TYPE_WORDS (sizeof type_words / sizeof type_words[0])

/* The type words decomposed once per process: they are tried at every
 * number of every text, and decomposing them at each try was a tenth of
 * fuzz_cite's time. */
static struct {
    utf8proc_int32_t cps[2][64];
    int n[2];
} type_nfd[N_TYPE_WORDS];
static pthread_once_t type_once = PTHREAD_ONCE_INIT;

static void decompose_types(void)
{
    for (size_t w = 0; w < N_TYPE_WORDS; w++) {
        type_nfd[w].n[0] = word_nfd(type_words[w].name, type_nfd[w].cps[0]);
        type_nfd[w].n[1] = word_nfd(type_words[w].folded, type_nfd[w].cps[1]);
    }
}

/* Spelling f (0 as written, 1 folded) of type word w matches before end /
 * at i.  Same answers as trc_match_before / trc_match_at on the string. */
static int type_before(const char *t, size_t len, size_t end, size_t w, int f, size_t *start)
{
    const char *s = f ? type_words[w].folded : type_words[w].name;
    size_t sl = strlen(s);
    if (end == 0 || ascii_differs((unsigned char)t[end - 1], (unsigned char)s[sl - 1]))
        return 0;
    if (pthread_once(&type_once, decompose_types) != 0)
        return trc_match_before(t, len, end, s, start);
    return cps_before(t, len, end, type_nfd[w].cps[f], type_nfd[w].n[f], start);
}

static int type_at(const char *t, size_t len, size_t i, size_t w, int f, size_t *end)
{
    const char *s = f ? type_words[w].folded : type_words[w].name;
    if (i >= len || ascii_differs((unsigned char)t[i], (unsigned char)*s))
        return 0;
    if (pthread_once(&type_once, decompose_types) != 0)
        return trc_match_at(t, len, i, s, end);
    return cps_at(t, len, i, type_nfd[w].cps[f], type_nfd[w].n[f], end);
}

const char *trc_type_word_name(int idx) { return type_words[idx].name; }
const char *trc_type_word_code(int idx) { return type_words[idx].code; }

static int letter_before(const char *t, size_t i)
{
    size_t k = i;
    unsigned cp;
    if (i == 0)
        return 0;
    k = i - 1;
    while (k > 0 && i - k < 4 && ((unsigned char)t[k] & 0xC0) == 0x80)
        k--;
    trc_decode(t, i, k, &cp);
    return trc_is_letter(cp) || (cp >= '0' && cp <= '9');
}

int trc_type_word_before(const char *t, size_t len, size_t end, int folded,
                         size_t *start)
{
    size_t w;
    for (w = 0; w < N_TYPE_WORDS; w++) {
        int f;
        for (f = 0; f <= folded; f++) {
            if (type_before(t, len, end, w, f, start) && !letter_before(t, *start))
                return (int)w;
        }
    }
    return -1;
}

int trc_type_word_at(const char *t, size_t len, size_t i, int folded, size_t *end)
{
    size_t w;
    for (w = 0; w < N_TYPE_WORDS; w++) {
        int f;
        for (f = 0; f <= folded; f++) {
            size_t e;
            if (type_at(t, len, i, w, f, &e) &&
                (e == len || t[e] == ' ' || t[e] == ':' ||
                 (t[e] >= '0' && t[e] <= '9'))) {
                *end = e;
                return (int)w;
            }
        }
    }
    return -1;
}


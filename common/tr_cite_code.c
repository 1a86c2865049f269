/*
 * tr_cite_code — the grammar of a document number and the spelling of its
 * codes.
 *
 * One parser serves both the extractor (running text, strict) and the
 * searcher (what a user typed, lenient), so "43 ct/tw", "Chỉ thị 43-CT/TW"
 * and the "43-CT/TW" found in a document all become the same Xapian term.
 * Canonical rules, stable because they are stored as terms:
 *   - the leading number loses its leading zeros ("05-KH/TU" -> "5-KH/TU");
 *     a State year keeps its four digits;
 *   - codes are upper case, except the conventional mixed-case spellings of
 *     the table below (CTr, QĐi, TTr, TTg);
 *   - ASCII D becomes Đ only in codes the table knows to contain Đ (QD ->
 *     QĐ, ND -> NĐ, HDND -> HĐND); HD (hướng dẫn) stays HD;
 *   - "TƯ" is the same issuer as "TW" and is written TW (tr_cite.c turns
 *     it into TU where the text shows it is OCR's reading of a provincial
 *     TU);
 *   - no spaces; en dashes become '-'; an issuer keeps the '&' and '.'
 *     inside it (5104/BTTTT-PTTH&TTĐT, 26/TB-VP.UBND), but the old '.'
 *     between type and issuer is a '-' (01/1999/QĐ.UB -> 1/1999/QĐ-UB);
 *   - joint numbers keep their slashes (19/2008/NQLT/CP-UBTUMTTQVN,
 *     1/QCPH/UBND-UBMTTQ);
 *   - a type glued to its issuer by an export that lost the hyphen is split
 *     when both halves are known (1961/QĐUBND -> 1961/QĐ-UBND).
 */
#include <stdio.h>
#include <string.h>

#include <utf8proc.h>

#include "tr_cite_int.h"

/* ---- codes ---- */

static const struct {
    const char *code;
    const char *name;       /* in a Party number */
    const char *state_name; /* in a State number, when different */
} type_codes[] = {
    {"NQ", "Nghị quyết", NULL},    {"CT", "Chỉ thị", NULL},
    {"KL", "Kết luận", NULL},      {"QĐ", "Quyết định", NULL},
    {"QĐi", "Quy định", NULL},     {"HD", "Hướng dẫn", NULL},
    {"KH", "Kế hoạch", NULL},      {"BC", "Báo cáo", NULL},
    {"TB", "Thông báo", NULL},     {"CV", "Công văn", NULL},
    {"CTr", "Chương trình", NULL}, {"TT", "Thông tri", "Thông tư"},
    {"TTr", "Tờ trình", NULL},     {"ĐA", "Đề án", NULL},
    {"NĐ", "Nghị định", NULL},     {"TTLT", "Thông tư liên tịch", NULL},
    {"PL", "Pháp lệnh", NULL},     {"CĐ", "Công điện", NULL},
    {"QC", "Quy chế", NULL},       {"NQLT", "Nghị quyết liên tịch", NULL},
    {"QCPH", "Quy chế", NULL},
};
#define N_TYPE_CODES (sizeof type_codes / sizeof type_codes[0])

/* Codes whose spelling is not plain upper case: mixed case, or Đ that
 * typists replace by D.  Every code not listed is written upper case. */
static const char *const spellings[] = {
    "HD", /* first: hướng dẫn has no Đ, whatever a D->Đ rule would say */
    "QĐ", "QĐi", "NĐ", "ĐA", "CĐ", "CTr", "TTr", "TTg", "ĐU", "ĐUK", "ĐĐ",
    "HĐND", "BCSĐ", "BCSĐUBND", "BCSĐHĐND", "BCĐ", "BGDĐT", "BKHĐT",
    "BLĐTBXH", "ĐTN", "TƯĐTN", "LĐLĐ", "TLĐLĐVN", "MTTQVN",
    "SNgV", /* Sở Ngoại vụ */
};
#define N_SPELLINGS (sizeof spellings / sizeof spellings[0])

static int code_byte(const unsigned char *t, size_t len, size_t i, size_t *w,
                     int *upper, int *digit)
{
    unsigned c = t[i];
    *digit = 0;
    if (c >= 'A' && c <= 'Z') {
        *w = 1, *upper = 1;
        return 1;
    }
    if (c >= 'a' && c <= 'z') {
        *w = 1, *upper = 0;
        return 1;
    }
    if (c >= '0' && c <= '9') {
        *w = 1, *upper = 0, *digit = 1;
        return 1;
    }
    if (i + 1 < len && (c == 0xC4 || c == 0xC6)) {
        unsigned d = t[i + 1];
        if (c == 0xC4 && (d == 0x90 || d == 0x91)) {
            *w = 2, *upper = d == 0x90;
            return 1;
        }
        if (c == 0xC6 && (d == 0xAF || d == 0xB0)) {
            *w = 2, *upper = d == 0xAF;
            return 1;
        }
    }
    return 0;
}

/* Reads letter (letter)* (digit)*.  Returns the bytes read, 0 when there is
 * no code at i.  *first_upper and *has_lower describe the letters. */
static size_t read_code(const char *s, size_t len, size_t i, int *first_upper,
                        int *has_lower)
{
    const unsigned char *t = (const unsigned char *)s;
    size_t k = i, w;
    int up, dg, seen_digit = 0;
    *has_lower = 0;
    if (i >= len || !code_byte(t, len, i, &w, &up, &dg) || dg)
        return 0;
    *first_upper = up;
    while (k < len && code_byte(t, len, k, &w, &up, &dg)) {
        if (dg)
            seen_digit = 1;
        else if (seen_digit)
            return 0; /* "H2M" is not a code */
        else if (!up)
            *has_lower = 1;
        k += w;
        if (k - i > 15)
            return 0;
    }
    return k - i;
}

/* Upper case of a code's letters (đ -> Đ, ư -> Ư). */
static size_t code_upper(const char *s, size_t n, char *out)
{
    size_t i = 0, o = 0;
    while (i < n) {
        unsigned char c = (unsigned char)s[i];
        if ((c == 0xC4 || c == 0xC6) && i + 1 < n) {
            out[o++] = (char)c;
            out[o++] = (char)(c == 0xC4 ? 0x90 : 0xAF);
            i += 2;
        } else {
            out[o++] = (char)((c >= 'a' && c <= 'z') ? c - 32 : c);
            i++;
        }
    }
    out[o] = 0;
    return o;
}

/* 1 when the upper-cased code key is the spelling cand upper-cased as
 * code_upper does, an ASCII D of key standing for a Đ of cand when
 * d_for_dd.  Never the other way: a typed Đ is meant ("HĐ" is not "HD").
 * cand is upper-cased on the fly: copying each of the table's spellings
 * for every code read was a quarter of fuzz_cite's time. */
static int spelling_matches(const char *key, const char *cand, int d_for_dd)
{
    const unsigned char *k = (const unsigned char *)key, *c = (const unsigned char *)cand;
    while (*k && *c) {
        if ((c[0] == 0xC4 || c[0] == 0xC6) && c[1]) {
            unsigned char second = c[0] == 0xC4 ? 0x90 : 0xAF;
            if (k[0] == c[0] && k[1] == second)
                k += 2;
            else if (d_for_dd && c[0] == 0xC4 && k[0] == 'D')
                k++;
            else
                return 0;
            c += 2;
        } else {
            unsigned char u = c[0] >= 'a' && c[0] <= 'z' ? c[0] - 32 : c[0];
            if (k[0] != u)
                return 0;
            k++, c++;
        }
    }
    return *k == 0 && *c == 0;
}

/* Canonical spelling of the raw code s[0..n) into out (CODE_MAX bytes).
 * Returns 0, or -1 when it does not fit. */
#define CODE_MAX 16
static int code_canon(const char *s, size_t n, char *out)
{
    char up[40];
    const char *letters = up;
    size_t d = n, k, ul, ll;
    int pass;
    while (d > 0 && s[d - 1] >= '0' && s[d - 1] <= '9')
        d--;
    ul = code_upper(s, d, up);
    for (pass = 0; pass <= 1 && letters == up; pass++) {
        for (k = 0; k < N_SPELLINGS; k++) {
            if (spelling_matches(up, spellings[k], pass)) {
                letters = spellings[k];
                break;
            }
        }
    }
    /* "TƯ" and "…TƯ" name the centre: one spelling, TW */
    if (letters == up && ul >= 3 && memcmp(up + ul - 3, "T\xC6\xAF", 3) == 0) {
        up[ul - 2] = 'W';
        up[ul - 1] = 0;
    }
    ll = strlen(letters);
    if (ll + (n - d) >= CODE_MAX)
        return -1;
    memcpy(out, letters, ll);
    memcpy(out + ll, s + d, n - d);
    out[ll + n - d] = 0;
    return 0;
}

/* The same letters once Đ and D are treated alike. */
static int same_but_d(const char *raw, size_t n, const char *canon)
{
    char a[40], b[40];
    size_t i, o = 0;
    for (i = 0; i < n;) {
        if ((unsigned char)raw[i] == 0xC4 && i + 1 < n) {
            a[o++] = (raw[i + 1] == (char)0x90) ? 'D' : 'd';
            i += 2;
        } else {
            a[o++] = raw[i++];
        }
    }
    a[o] = 0;
    for (i = 0, o = 0; canon[i];) {
        if ((unsigned char)canon[i] == 0xC4 && canon[i + 1]) {
            b[o++] = 'D';
            i += 2;
        } else {
            b[o++] = canon[i++];
        }
    }
    b[o] = 0;
    return strcmp(a, b) == 0;
}

/* Reads one code at t[i] into its canonical spelling.  Strict mode wants
 * an upper-case first letter, and lower case only where the canonical
 * spelling has it (CTr, QĐi, TTg): "Ban" after "TW-" is a word, not a
 * code.  Returns the bytes read or 0. */
static size_t take_code(const char *t, size_t len, size_t i, int lenient,
                        int digits_ok, char *out)
{
    int fu, lower;
    size_t n = read_code(t, len, i, &fu, &lower);
    if (n == 0)
        return 0;
    if (!digits_ok && t[i + n - 1] >= '0' && t[i + n - 1] <= '9')
        return 0;
    if (i + n < len) {
        unsigned cp;
        trc_decode(t, len, i + n, &cp);
        if (trc_is_letter(cp) || trc_is_mark(cp))
            return 0; /* "T" of "Tỉnh" */
    }
    if (code_canon(t + i, n, out) != 0)
        return 0;
    if (!lenient && (!fu || (lower && !same_but_d(t + i, n, out))))
        return 0;
    return n;
}

static int is_type_code(const char *code)
{
    size_t k;
    for (k = 0; k < N_TYPE_CODES; k++)
        if (strcmp(type_codes[k].code, code) == 0)
            return 1;
    return 0;
}

const char *trc_type_name(const char *code, int state)
{
    size_t k;
    if (!code)
        return NULL;
    for (k = 0; k < N_TYPE_CODES; k++)
        if (strcmp(type_codes[k].code, code) == 0)
            return state && type_codes[k].state_name ? type_codes[k].state_name
                                                     : type_codes[k].name;
    return NULL;
}

const char *tr_cite_type_name(const char *code)
{
    return trc_type_name(code, 0);
}

/* ---- the number grammar ---- */

static size_t space_at(const char *t, size_t len, size_t i)
{
    if (i < len && (t[i] == ' ' || t[i] == '\t'))
        return 1;
    if (i + 1 < len && t[i] == (char)0xC2 && t[i + 1] == (char)0xA0)
        return 2;
    return 0;
}

static size_t skip_spaces(const char *t, size_t len, size_t i, int max)
{
    size_t w;
    while (max-- > 0 && (w = space_at(t, len, i)) > 0)
        i += w;
    return i;
}

static size_t dash_at(const char *t, size_t len, size_t i)
{
    if (i < len && t[i] == '-')
        return 1;
    /* en dash, non-breaking hyphen */
    if (i + 2 < len && t[i] == (char)0xE2 && t[i + 1] == (char)0x80 &&
        (t[i + 2] == (char)0x93 || t[i + 2] == (char)0x91))
        return 3;
    return 0;
}

/* Issuer: code ('-' code)*, joined with '-' into out.  Returns the end. */
static size_t take_issuer(const char *t, size_t len, size_t i, int lenient,
                          char *out, size_t outsz)
{
    char code[CODE_MAX];
    size_t n = take_code(t, len, i, lenient, 1, code), o;
    if (n == 0)
        return 0;
    o = (size_t)snprintf(out, outsz, "%s", code);
    i += n;
    /* parts joined by '-', or inside one unit's code by '&' or '.'
     * (PTTH&TTĐT, VP.UBND); a '.' that ends a sentence is followed by a
     * space, never by a code */
    while (i + 1 < len && (t[i] == '-' || t[i] == '&' || t[i] == '.')) {
        size_t m = take_code(t, len, i + 1, t[i] == '-' ? lenient : 0, 1, code);
        if (m == 0 || o + 1 + strlen(code) >= outsz)
            break;
        o += (size_t)snprintf(out + o, outsz - o, "%c%s", t[i], code);
        i += 1 + m;
    }
    return i;
}

static tr_level part_level(const char *s, size_t n);

/* A type code glued to a known issuer ("QĐUBND", "NĐCP", "TTVPCP": PDF
 * exports that dropped the hyphen): the length of the type prefix, or 0. */
static size_t glued_type(const char *code)
{
    size_t k, best = 0;
    for (k = 0; k < N_TYPE_CODES; k++) {
        size_t l = strlen(type_codes[k].code);
        if (l > best && strncmp(code, type_codes[k].code, l) == 0 && code[l] &&
            part_level(code + l, strlen(code + l)) != TR_LEVEL_UNKNOWN)
            best = l;
    }
    return best;
}

static int finish(trc_num *out, const char *num, const char *rest1,
                  const char *rest2, const char *type, int state, size_t end)
{
    int n = snprintf(out->canon, TR_CANON_MAX, "%s%s%s", num, rest1, rest2);
    if (n < 0 || n >= TR_CANON_MAX)
        return 0;
    out->num_len = strlen(num);
    memcpy(out->type_code, type, strlen(type) + 1); /* < CODE_MAX */
    out->state = state;
    out->end = end;
    return 1;
}

static int parse_state(const char *t, size_t len, size_t k, int lenient,
                       const char *num, trc_num *out)
{
    char year[5] = "", code1[CODE_MAX], iss[TR_CANON_MAX], rest[TR_CANON_MAX];
    size_t n, e;
    int sp = lenient ? 64 : 0;
    k = skip_spaces(t, len, k + 1, sp);
    if (k + 4 < len && t[k] >= '1' && t[k] <= '2') {
        size_t y = k, q;
        while (y < k + 4 && t[y] >= '0' && t[y] <= '9')
            y++;
        q = skip_spaces(t, len, y, sp);
        if (y == k + 4 && q < len && t[q] == '/') {
            memcpy(year, t + k, 4);
            k = skip_spaces(t, len, q + 1, sp);
        }
    }
    n = take_code(t, len, k, lenient, 1, code1);
    if (n == 0)
        return 0;
    k += n;
    /* a joint number: 19/2008/NQLT/CP-UBTUMTTQVN, 01/QCPH/UBND-UBMTTQ */
    if (k + 1 < len && t[k] == '/') {
        size_t end = take_issuer(t, len, k + 1, lenient, iss, sizeof iss);
        if (end) {
            snprintf(rest, sizeof rest, "/%s%s%s/", year, year[0] ? "/" : "", code1);
            return finish(out, num, rest, iss, is_type_code(code1) ? code1 : "", 1, end);
        }
    }
    e = skip_spaces(t, len, k, sp);
    /* the old '.' between type and issuer: 01/1999/QĐ.UB */
    if (e + 1 < len && t[e] == '.' && is_type_code(code1) && t[e + 1] >= 'A' &&
        t[e + 1] <= 'Z') {
        size_t end = take_issuer(t, len, e + 1, lenient, iss, sizeof iss);
        if (end) {
            snprintf(rest, sizeof rest, "/%s%s%s-", year, year[0] ? "/" : "", code1);
            return finish(out, num, rest, iss, code1, 1, end);
        }
    }
    if (e + 1 < len && dash_at(t, len, e)) {
        size_t d = e + dash_at(t, len, e);
        /* one stray space after the hyphen: "118/TTr- STTTT" */
        size_t end = take_issuer(t, len, skip_spaces(t, len, d, lenient ? 64 : 1), lenient,
                                 iss, sizeof iss);
        if (end) {
            int typed = year[0] || is_type_code(code1);
            if (year[0])
                snprintf(rest, sizeof rest, "/%s/%s-", year, code1);
            else
                snprintf(rest, sizeof rest, "/%s-", code1);
            return finish(out, num, rest, iss, typed ? code1 : "", 1, end);
        }
    }
    {
        size_t g = glued_type(code1);
        if (g) {
            char ty[CODE_MAX], is[CODE_MAX];
            memcpy(ty, code1, g);
            ty[g] = 0;
            /* the issuer spelled as it is once the hyphen is back, so that
             * the canonical number is its own canonical form (found by
             * fuzzing: NĐBCSDHĐND gave NĐ-BCSDHĐND, then NĐ-BCSĐHĐND) */
            if (code_canon(code1 + g, strlen(code1 + g), is) != 0)
                return 0;
            snprintf(rest, sizeof rest, "/%s%s%s-", year, year[0] ? "/" : "", ty);
            return finish(out, num, rest, is, ty, 1, k);
        }
    }
    if (!year[0])
        return 0;
    /* a law: 33/2013/QH13 */
    snprintf(rest, sizeof rest, "/%s/", year);
    return finish(out, num, rest, code1, "", 1, k);
}

size_t trc_leading_zeros(const char *s, size_t n)
{
    size_t z = 0;
    while (z + 1 < n && s[z] == '0' && s[z + 1] >= '0' && s[z + 1] <= '9')
        z++;
    return z;
}

int trc_parse(const char *t, size_t len, size_t i, int lenient, trc_num *out)
{
    char num[8], type[CODE_MAX], iss[TR_CANON_MAX], rest[TR_CANON_MAX];
    size_t j = i, k, z, n, end;
    int sp = lenient ? 64 : 2;
    while (j < len && t[j] >= '0' && t[j] <= '9')
        j++;
    if (j == i || j - i > 6)
        return 0;
    /* a lettered number of the State series: 30a/2008/NQ-CP, 30c/NQ-CP */
    if (j + 1 < len && t[j] >= 'a' && t[j] <= 'e' && t[j + 1] == '/')
        j++;
    z = i + trc_leading_zeros(t + i, j - i);
    memcpy(num, t + z, j - z);
    num[j - z] = 0;
    out->tu_written = 0;

    k = skip_spaces(t, len, j, lenient ? 64 : 0);
    if (k < len && t[k] == '/')
        return parse_state(t, len, k, lenient, num, out);
    if (j > i && t[j - 1] >= 'a')
        return 0; /* a lettered number is a State one */

    /* Party: NUMBER-TYPE/ISSUER, "374- TB/TU" */
    k = skip_spaces(t, len, j, sp);
    if (dash_at(t, len, k))
        k = skip_spaces(t, len, k + dash_at(t, len, k), sp);
    else if (!lenient)
        return 0;
    n = take_code(t, len, k, lenient, 0, type);
    if (n == 0)
        return 0;
    k = skip_spaces(t, len, k + n, lenient ? 64 : 0);
    if (k >= len || t[k] != '/')
        return 0;
    /* one stray space after the slash: "43-CT/ TW" */
    k = skip_spaces(t, len, k + 1, lenient ? 64 : 1);
    end = take_issuer(t, len, k, lenient, iss, sizeof iss);
    if (end == 0)
        return 0;
    snprintf(rest, sizeof rest, "-%s/", type);
    if (!finish(out, num, rest, iss, type, 0, end))
        return 0;
    out->tu_written = end >= k + 3 && memcmp(t + end - 3, "T\xC6\xAF", 3) == 0;
    return 1;
}

/* ---- public helpers on canonical numbers ---- */

static int match_so(const char *t, size_t len, size_t i, size_t *end)
{
    static const char *const so[] = {"số", "so", "no."};
    size_t k;
    for (k = 0; k < 3; k++) {
        size_t e;
        if (trc_match_at(t, len, i, so[k], &e) &&
            (e == len || t[e] == ' ' || t[e] == ':' ||
             (t[e] >= '0' && t[e] <= '9'))) {
            *end = e;
            return 1;
        }
    }
    return 0;
}

int tr_cite_canonical(const char *input, char out[TR_CANON_MAX])
{
    size_t len, i = 0, e;
    trc_num r;
    /* every number starts with a digit, and a query compiles each of its
     * words through here: words without one skip the type-word matchers */
    if (!input || !strpbrk(input, "0123456789"))
        return -1;
    len = strlen(input);
    for (;;) {
        while (i < len && (space_at(input, len, i) || input[i] == ':'))
            i += input[i] == ':' ? 1 : space_at(input, len, i);
        if (i < len && input[i] >= '0' && input[i] <= '9')
            break;
        if (trc_type_word_at(input, len, i, 1, &e) >= 0 ||
            match_so(input, len, i, &e)) {
            i = e;
            continue;
        }
        return -1;
    }
    if (!trc_parse(input, len, i, 1, &r))
        return -1;
    /* a scoped id ("22-CT/TU@quang-ngai") is its number plus a province;
     * the caller keeps the scope */
    for (e = r.end; e < len && input[e] != '@'; e++)
        if (!strchr(" \t.,;:)", input[e]))
            return -1;
    memcpy(out, r.canon, TR_CANON_MAX);
    return 0;
}

void tr_cite_type_code(const char *canon, char code[16])
{
    trc_num r;
    code[0] = 0;
    if (canon && trc_parse(canon, strlen(canon), 0, 1, &r))
        memcpy(code, r.type_code, 16);
}

const char *tr_cite_name(const char *canon)
{
    trc_num r;
    if (!canon || !trc_parse(canon, strlen(canon), 0, 1, &r))
        return NULL;
    return trc_type_name(r.type_code, r.state);
}

static int ends_with(const char *s, size_t n, const char *suf)
{
    size_t m = strlen(suf);
    return n >= m && memcmp(s + n - m, suf, m) == 0;
}

static int contains(const char *s, size_t n, const char *sub)
{
    size_t m = strlen(sub), i;
    for (i = 0; i + m <= n; i++)
        if (memcmp(s + i, sub, m) == 0)
            return 1;
    return 0;
}

/* Level of one issuer code (canonical spelling, no '-'). */
static tr_level part_level(const char *s, size_t n)
{
    static const char *const central[] = {
        "TW", "CP", "TTg", "QH", "UBTVQH", "VPCP", "CTN", "TANDTC", "VKSNDTC",
        "KTNN", "NHNN", "BCA", "BQP", "BNG", "BNV", "BTP", "BTC", "BCT",
        "BGDĐT", "BYT", "BKHĐT", "BNNPTNT", "BTNMT", "BLĐTBXH", "BGTVT",
        "BXD", "BTTTT", "BVHTTDL", "BKHCN", "UBDT", "TTCP", "MTTQVN",
        "UBTUMTTQVN", "UBMTTQVN",
    };
    static const char *const local_suffix[] = {"TU", "HU", "QU", "TXU", "TPU",
                                               "ĐU"};
    size_t k;
    while (n > 0 && s[n - 1] >= '0' && s[n - 1] <= '9')
        n--; /* QH13, UBTVQH11 */
    for (k = 0; k < sizeof central / sizeof central[0]; k++)
        if (strlen(central[k]) == n && memcmp(central[k], s, n) == 0)
            return TR_LEVEL_CENTRAL;
    if (ends_with(s, n, "TW"))
        return TR_LEVEL_CENTRAL; /* VPTW, BDVTW, ĐUKCCQTW */
    for (k = 0; k < sizeof local_suffix / sizeof local_suffix[0]; k++)
        if (ends_with(s, n, local_suffix[k]))
            return TR_LEVEL_LOCAL;
    if ((n >= 5 && memcmp(s, "ĐUK", 4) == 0) || contains(s, n, "UBND") ||
        contains(s, n, "HĐND"))
        return TR_LEVEL_LOCAL;
    return TR_LEVEL_UNKNOWN;
}

/* The issuer of a canonical number: after '/' for a Party number, after
 * the type for a State one, the first code of a letter (887/UBND-NC). */
static void issuer_of(const char *canon, const trc_num *r, const char **s,
                      size_t *n)
{
    const char *p = canon + r->num_len;
    if (!r->state) {
        *s = strchr(p, '/') + 1;
        *n = strlen(*s);
        return;
    }
    p = strrchr(canon, '/') + 1;
    if (r->type_code[0]) {
        /* a joint number's issuer follows its last '/' whole: 1/QCPH/UBND */
        const char *d = strchr(p, '-');
        *s = d ? d + 1 : p;
        *n = strlen(*s);
    } else {
        const char *d = strchr(p, '-');
        *s = p;
        *n = d ? (size_t)(d - p) : strlen(p);
    }
}

tr_level tr_cite_level(const char *canon)
{
    trc_num r;
    const char *s;
    size_t n;
    tr_level lv = TR_LEVEL_UNKNOWN;
    if (!canon || !trc_parse(canon, strlen(canon), 0, 1, &r))
        return TR_LEVEL_UNKNOWN;
    issuer_of(r.canon, &r, &s, &n);
    /* a joint issuer is local as soon as one party is */
    while (n > 0) {
        const char *d = memchr(s, '-', n);
        size_t m = d ? (size_t)(d - s) : n;
        tr_level p = part_level(s, m);
        if (p == TR_LEVEL_LOCAL)
            return p;
        if (p == TR_LEVEL_CENTRAL)
            lv = p;
        if (!d)
            break;
        n -= m + 1;
        s = d + 1;
    }
    return lv;
}

int tr_cite_scoped(const char *canon, const char *province_slug, char *out,
                   size_t outsz)
{
    int n;
    if (province_slug && province_slug[0] &&
        tr_cite_level(canon) == TR_LEVEL_LOCAL)
        n = snprintf(out, outsz, "%s@%s", canon, province_slug);
    else
        n = snprintf(out, outsz, "%s", canon);
    return (n < 0 || (size_t)n >= outsz) ? -1 : 0;
}

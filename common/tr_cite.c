/*
 * tr_cite — finds the documents a text cites.
 *
 * Runs on every indexed document, so it is one linear pass: it stops only
 * at a digit that starts a word, and everything else (the number grammar in
 * tr_cite_code.c, the list before it, the date after it, the sentence
 * around it) is a bounded look at the neighbourhood.  No regex engine.
 *
 * What is not a citation: dates (14/5/2015, 12-4-1989), money (25.503.200
 * đồng), percentages, ratios (13/13, 712/957), list markers ("2- Nâng
 * cao"): none of them has a code after the number, and the grammar wants
 * one.  A bare "Nghị quyết 25" has no issuer and so no identity; it is
 * left out.  The document's own number is left out too: the header line
 * "Số 246-CV/TU", and every occurrence of own_number (also restated with
 * its year, "1961/2019/QĐ-UBND" for 1961/QĐ-UBND, as sites title it).
 *
 * "TƯ" is read as TW, except where the text shows OCR misread a
 * provincial TU: the document's own header number is "…/TƯ" while it is a
 * provincial number, or the citation is followed by "của Tỉnh ủy" /
 * "(khóa …)" of a provincial body.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tr_cite_int.h"

/* The citing sentence is a snippet: past this many bytes on either side of
 * the number it is cut at a space. */
#define SENT_REACH 240

static int is_digit(char c) { return c >= '0' && c <= '9'; }

static size_t prev_start(const char *t, size_t i)
{
    size_t k = i - 1;
    while (k > 0 && i - k < 4 && ((unsigned char)t[k] & 0xC0) == 0x80)
        k--;
    return k;
}

/* May a number start at t[i]?  Not inside a word (H2), a date or a ratio
 * (14/5, 1.974, 58,1), a range (2019-2024) or after a letter. */
static int number_may_start(const char *t, size_t len, size_t i)
{
    unsigned cp;
    if (i == 0)
        return 1;
    if (strchr("/.,-_", t[i - 1]) || is_digit(t[i - 1]))
        return 0;
    /* "Nghị định s48/2013/NĐ-CP": "số" damaged by extraction to "s" */
    if (t[i - 1] == 's' && (i == 1 || t[i - 2] == ' '))
        return 1;
    trc_decode(t, len, prev_start(t, i), &cp);
    return !trc_is_letter(cp);
}

static size_t back_spaces(const char *t, size_t i)
{
    for (;;) {
        if (i > 0 && (t[i - 1] == ' ' || t[i - 1] == '\t'))
            i--;
        else if (i > 1 && t[i - 1] == (char)0xA0 && t[i - 2] == (char)0xC2)
            i -= 2;
        else
            return i;
    }
}

/* "số" (or "Số", "SỐ", "so") ending at t[end]: its start, or end itself. */
static size_t back_so(const char *t, size_t len, size_t end)
{
    static const char *const so[] = {"số", "so", "s"};
    size_t k, s;
    for (k = 0; k < 3; k++)
        if (trc_match_before(t, len, end, so[k], &s) &&
            (s == 0 || !trc_is_letter((unsigned char)t[s - 1])))
            return s;
    return end;
}

/* The type word before the number at i, past "số" and a colon:
 * "Chỉ thị số 43-CT/TW", "Quyết định 217".  Returns its index or -1;
 * *so_seen says whether "số" was there. */
static int type_word_before(const char *t, size_t len, size_t i, int *so_seen)
{
    size_t p = back_spaces(t, i), q, s;
    if (p > 0 && t[p - 1] == ':')
        p = back_spaces(t, p - 1);
    q = back_so(t, len, p);
    *so_seen = q < p;
    return trc_type_word_before(t, len, back_spaces(t, q), 0, &s);
}

/* Back over spaces, line breaks and the literal "\r\n" escapes that some
 * web exports leave in the text, at most two line breaks: "Số:\n21/2022/…". */
static size_t back_blank(const char *t, size_t i, int *breaks)
{
    *breaks = 0;
    for (;;) {
        i = back_spaces(t, i);
        if (i > 0 && (t[i - 1] == '\n' || t[i - 1] == '\r') && *breaks < 2)
            i--, ++*breaks;
        else if (i > 1 && t[i - 2] == '\\' && (t[i - 1] == 'n' || t[i - 1] == 'r') &&
                 *breaks < 4)
            i -= 2, ++*breaks;
        else
            return i;
    }
}

/* The header line "Số 246-CV/TU" (or "Số: …", the number maybe on the next
 * line), alone at the start of a line or a table cell: the document's own
 * number, never a citation.  "SỐ 164-KH/TU NGÀY …" inside a capitalised
 * title cites, with its date or issuer after it. */
static int is_header_number(const char *t, size_t len, size_t i)
{
    int br, br2;
    size_t p = back_blank(t, i, &br), q, e;
    if (p > 0 && t[p - 1] == ':')
        p = back_spaces(t, p - 1);
    else if (br)
        return 0; /* "số" ending a line cites: "Nghị định số\n34/2016/…" */
    q = back_so(t, len, p);
    if (q == p || t[q] != 'S' || p - q < 2)
        return 0;
    while (q > 0 && strchr(" \t*_#>", t[q - 1]))
        q--;
    q = back_blank(t, q, &br2);
    if (!(q == 0 || t[q - 1] == '\n' || t[q - 1] == '\r' || t[q - 1] == '|' || br2))
        return 0;
    /* what follows the number on its line */
    {
        trc_num r;
        if (!trc_parse(t, len, i, 0, &r))
            return 1;
        e = r.end;
        while (e < len && (t[e] == ' ' || t[e] == ','))
            e++;
        if (trc_match_at(t, len, e, "ngày", &e) || trc_match_at(t, len, e, "của", &e))
            return 0;
    }
    return 1;
}

/* ---- dates ---- */

static size_t read_int(const char *t, size_t len, size_t i, int maxd, int *v)
{
    size_t k = i;
    *v = 0;
    while (k < len && is_digit(t[k]) && (int)(k - i) < maxd)
        *v = *v * 10 + (t[k++] - '0');
    if (k < len && is_digit(t[k]))
        return 0;
    return k - i;
}

static size_t spaces(const char *t, size_t len, size_t i)
{
    while (i < len && (t[i] == ' ' || t[i] == '\t' ||
                       (t[i] == (char)0xC2 && i + 1 < len && t[i + 1] == (char)0xA0)))
        i += t[i] == (char)0xC2 ? 2 : 1;
    return i;
}

/* "ngày 14/5/2015", "ngày 03-6-2013", "ngày 19 /06/2013", "ngày 14 tháng
 * 5 năm 2015" right after a number (past a comma, spaces, emphasis). */
static void date_after(const char *t, size_t len, size_t i, char out[11])
{
    int d, m, y;
    size_t n, k = i;
    out[0] = 0;
    while (k < len && k - i < 8 && strchr(" \t,*_(", t[k]))
        k++;
    k = spaces(t, len, k);
    if (!trc_match_at(t, len, k, "ngày", &k))
        return;
    k = spaces(t, len, k);
    if ((n = read_int(t, len, k, 2, &d)) == 0)
        return;
    k = spaces(t, len, k + n);
    if (k < len && strchr("/-.", t[k])) {
        char sep = t[k];
        k = spaces(t, len, k + 1);
        if ((n = read_int(t, len, k, 2, &m)) == 0)
            return;
        k = spaces(t, len, k + n);
        if (k >= len || t[k] != sep)
            return;
        k = spaces(t, len, k + 1);
    } else if (trc_match_at(t, len, k, "tháng", &k)) {
        k = spaces(t, len, k);
        if ((n = read_int(t, len, k, 2, &m)) == 0)
            return;
        k = spaces(t, len, k + n);
        if (!trc_match_at(t, len, k, "năm", &k))
            return;
        k = spaces(t, len, k);
    } else {
        return;
    }
    if (read_int(t, len, k, 4, &y) != 4)
        return;
    if (d < 1 || d > 31 || m < 1 || m > 12 || y < 1930 || y > 2099)
        return;
    out[0] = (char)('0' + y / 1000);
    out[1] = (char)('0' + y / 100 % 10);
    out[2] = (char)('0' + y / 10 % 10);
    out[3] = (char)('0' + y % 10);
    out[4] = '-';
    out[5] = (char)('0' + m / 10);
    out[6] = (char)('0' + m % 10);
    out[7] = '-';
    out[8] = (char)('0' + d / 10);
    out[9] = (char)('0' + d % 10);
    out[10] = 0;
}

/* ---- the citing sentence ---- */

/* A sentence ends at a newline, a semicolon (the seeds chain whole
 * citations with "; " in one paragraph, and each part reads on its own),
 * or '.', '?', '!' followed by a space.  Returns 1 when t[i] is one. */
static int sentence_end(const char *t, size_t len, size_t i)
{
    char c = t[i];
    if (c == '\n' || c == '\r' || c == ';')
        return 1;
    if (c == '.' || c == '?' || c == '!')
        return i + 1 >= len || t[i + 1] == ' ' || t[i + 1] == '\n' ||
               t[i + 1] == '\r';
    return 0;
}

/* Bytes of a leading list marker or noise at t[i]: spaces, markdown, bullets,
 * footnote superscripts ¹ ² ³ ⁴… ⁽ ⁾, "1." "a)" "(6)" "2-" before a space. */
static size_t lead_noise(const char *t, size_t end, size_t i)
{
    unsigned char c = (unsigned char)t[i];
    size_t k;
    if (strchr(" \t*_#>+\\-", (char)c) && c)
        return 1;
    if (c == 0xC2 && i + 1 < end &&
        ((unsigned char)t[i + 1] == 0xA0 || (unsigned char)t[i + 1] == 0xB2 ||
         (unsigned char)t[i + 1] == 0xB3 || (unsigned char)t[i + 1] == 0xB9))
        return 2;
    if (c == 0xE2 && i + 2 < end && (unsigned char)t[i + 1] == 0x81 &&
        (unsigned char)t[i + 2] >= 0xB0 && (unsigned char)t[i + 2] <= 0xBE)
        return 3; /* ⁰ ⁴…⁹ ⁺ ⁻ ⁼ ⁽ ⁾ */
    if (c == 0xE2 && i + 2 < end && (unsigned char)t[i + 1] == 0x80 &&
        ((unsigned char)t[i + 2] == 0xA2 || (unsigned char)t[i + 2] == 0x93))
        return 3; /* • – */
    k = i;
    if (t[k] == '(')
        k++;
    {
        size_t s = k;
        while (k < end && k - s < 3 && (is_digit(t[k]) || (t[k] >= 'a' && t[k] <= 'z' && k == s)))
            k++;
        if (k > s && k + 1 < end && strchr(".)-", t[k]) && t[k + 1] == ' ')
            return k + 1 - i;
    }
    return 0;
}

static void sentence_of(const char *t, size_t len, size_t s, size_t e,
                        size_t *ss, size_t *sl)
{
    size_t a = s, b = e, n;
    while (a > 0 && s - a < SENT_REACH && !sentence_end(t, len, a - 1))
        a--;
    if (a > 0 && !sentence_end(t, len, a - 1)) /* cut: start at a word */
        while (a < s && t[a - 1] != ' ')
            a++;
    while (b < len && b - e < SENT_REACH && !sentence_end(t, len, b))
        b++;
    if (b < len && (t[b] == '.' || t[b] == '?' || t[b] == '!'))
        b++;
    else if (b < len && !sentence_end(t, len, b))
        while (b > e && t[b] != ' ')
            b--;
    while (a < s && (n = lead_noise(t, s, a)) > 0)
        a += n;
    while (b > e && strchr(" \t\r*_", t[b - 1]))
        b--;
    *ss = a;
    *sl = b - a;
}

/* ---- extraction ---- */

static int push(tr_cite_list *l, const tr_cite *c)
{
    if (l->n == l->cap) {
        size_t cap = l->cap ? l->cap * 2 : 16;
        tr_cite *v = realloc(l->v, cap * sizeof *v);
        if (!v)
            return -1;
        l->v = v;
        l->cap = cap;
    }
    l->v[l->n++] = *c;
    return 0;
}

/* List items before the number at i sharing its suffix: "217, 218-QĐ/TW",
 * "217 và 218-QĐ/TW".  Fills starts[] in text order; returns how many.
 * The list must follow "số" or a type word, so "năm 2019, 12-CT/TU" is
 * one citation, not two. */
#define MAX_LIST 16
static size_t list_before(const char *t, size_t len, size_t i, size_t starts[],
                          size_t lens[])
{
    size_t back[MAX_LIST], blen[MAX_LIST], n = 0, p = i, k;
    int so;
    for (;;) {
        size_t q = back_spaces(t, p), r, v;
        if (q > 0 && t[q - 1] == ',')
            q--;
        else if (trc_match_before(t, len, q, "và", &v) && v > 0 && t[v - 1] == ' ')
            q = v;
        else
            break;
        q = back_spaces(t, q);
        r = q;
        while (r > 0 && is_digit(t[r - 1]) && q - r < 6)
            r--;
        if (r == q || !number_may_start(t, len, r) || n == MAX_LIST)
            break;
        back[n] = r;
        blen[n] = q - r;
        n++;
        p = r;
    }
    if (n == 0 || (type_word_before(t, len, p, &so) < 0 && !so))
        return 0;
    for (k = 0; k < n; k++) {
        starts[k] = back[n - 1 - k];
        lens[k] = blen[n - 1 - k];
    }
    return n;
}

/* canon without its "/YYYY" year: 1961/2019/QĐ-UBND -> 1961/QĐ-UBND */
static void drop_year(const char *canon, char out[TR_CANON_MAX])
{
    const char *s = strchr(canon, '/');
    snprintf(out, TR_CANON_MAX, "%s", canon);
    if (s && is_digit(s[1]) && is_digit(s[2]) && is_digit(s[3]) && is_digit(s[4]) &&
        s[5] == '/')
        memmove(out + (s - canon), out + (s - canon) + 5, strlen(out + (s - canon) + 5) + 1);
}

/* A "…/TW" written "TƯ" that is a provincial "…/TU" misread: the whole
 * document is such an OCR text (tu_doc), or the words after it name a
 * provincial body ("13-NQ/TƯ của Tỉnh ủy", "ngày …, của Ban Thường vụ"). */
static int tu_misread(const char *t, size_t len, const trc_num *r, int tu_doc)
{
    size_t e = r->end, k;
    if (!r->tu_written)
        return 0;
    if (tu_doc)
        return 1;
    for (k = e; k < len && k < e + 48 && t[k] != '\n' && t[k] != ';'; k++) {
        size_t x;
        if (trc_match_at(t, len, k, "của", &x)) {
            x = spaces(t, len, x);
            return trc_match_at(t, len, x, "Tỉnh ủy", &x) ||
                   trc_match_at(t, len, x, "Tỉnh uỷ", &x) ||
                   trc_match_at(t, len, x, "Ban Thường vụ Tỉnh", &x) ||
                   trc_match_at(t, len, x, "Ban Chấp hành Đảng bộ tỉnh", &x);
        }
    }
    return 0;
}

static int emit(const char *t, size_t len, tr_cite_list *out, const char *own,
                const trc_num *r, const char *num, size_t numlen, size_t start,
                size_t end, int word, const char *date)
{
    tr_cite c;
    size_t z = trc_leading_zeros(num, numlen);
    memset(&c, 0, sizeof c);
    if (numlen - z + strlen(r->canon + r->num_len) >= TR_CANON_MAX)
        return 0;
    memcpy(c.canon, num + z, numlen - z);
    strcpy(c.canon + numlen - z, r->canon + r->num_len);
    if (own && strcmp(own, c.canon) == 0)
        return 0;
    if (own && r->state) {
        char a[TR_CANON_MAX], b[TR_CANON_MAX];
        drop_year(own, a);
        drop_year(c.canon, b);
        if (strcmp(a, b) == 0)
            return 0;
    }
    c.start = start;
    c.len = end - start;
    if (r->type_code[0]) {
        memcpy(c.type_code, r->type_code, sizeof c.type_code);
        c.type_name = trc_type_name(r->type_code, r->state);
    } else if (word >= 0) {
        strcpy(c.type_code, trc_type_word_code(word));
        c.type_name = trc_type_word_name(word);
    }
    c.level = tr_cite_level(c.canon);
    memcpy(c.date, date, sizeof c.date);
    sentence_of(t, len, start, end, &c.sent_start, &c.sent_len);
    return push(out, &c);
}

int tr_cite_extract(const char *text, size_t len, const char *own_number,
                    tr_cite_list *out)
{
    char own[TR_CANON_MAX];
    const char *ownp = NULL;
    size_t i = 0;
    int tu_doc = 0;
    if (own_number && own_number[0]) {
        trc_num h;
        size_t ol;
        if (tr_cite_canonical(own_number, own) != 0)
            snprintf(own, sizeof own, "%s", own_number);
        ownp = own;
        ol = strlen(own);
        tu_doc = ol > 3 && strcmp(own + ol - 3, "/TU") == 0 && trc_own_number(text, len, &h) &&
                 h.tu_written;
    }
    while (i < len) {
        trc_num r;
        size_t starts[MAX_LIST], lens[MAX_LIST], n, k, first;
        int word, so;
        char date[11];
        if (!is_digit(text[i])) {
            i++;
            continue;
        }
        if (!number_may_start(text, len, i) || !trc_parse(text, len, i, 0, &r)) {
            while (i < len && is_digit(text[i]))
                i++;
            continue;
        }
        n = list_before(text, len, i, starts, lens);
        first = n ? starts[0] : i;
        if (is_header_number(text, len, first)) {
            i = r.end;
            continue;
        }
        if (tu_misread(text, len, &r, tu_doc))
            r.canon[strlen(r.canon) - 1] = 'U'; /* …/TW -> …/TU */
        word = type_word_before(text, len, first, &so);
        date_after(text, len, r.end, date);
        for (k = 0; k < n; k++)
            if (emit(text, len, out, ownp, &r, text + starts[k], lens[k],
                     starts[k], r.end, word, date) < 0)
                return -1;
        for (k = i; k < len && is_digit(text[k]); k++)
            ;
        if (k + 1 < len && text[k] >= 'a' && text[k] <= 'e' && text[k + 1] == '/')
            k++; /* 30c/NQ-CP */
        if (emit(text, len, out, ownp, &r, text + i, k - i, i, r.end, word,
                 date) < 0)
            return -1;
        i = r.end;
    }
    return 0;
}

int trc_own_number(const char *text, size_t len, trc_num *out)
{
    size_t i;
    for (i = 0; i < len; i++) {
        if (!is_digit(text[i]))
            continue;
        if (number_may_start(text, len, i) && is_header_number(text, len, i) &&
            trc_parse(text, len, i, 0, out))
            return 1;
        while (i + 1 < len && is_digit(text[i + 1]))
            i++;
    }
    return 0;
}

int tr_cite_own_number(const char *text, size_t len, char out[TR_CANON_MAX])
{
    trc_num r;
    if (!trc_own_number(text, len, &r))
        return -1;
    memcpy(out, r.canon, TR_CANON_MAX);
    return 0;
}

void tr_cite_list_free(tr_cite_list *l)
{
    free(l->v);
    l->v = NULL;
    l->n = l->cap = 0;
}

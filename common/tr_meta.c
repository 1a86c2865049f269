/*
 * tr_meta — reading a document's identity off its text.
 *
 * Sources are tried from the most to the least reliable and the first
 * that answers wins, recording where the answer came from:
 *   body      header line (TỈNH ỦY X / BAN DÂN VẬN) > own-number issuer
 *             code (CV/TU) > a sentence in which the document speaks for
 *             itself ("Ban Dân vận Tỉnh ủy báo cáo…", "… xây dựng Kế
 *             hoạch") > the signature authority (T/M BAN THƯỜNG VỤ) > the
 *             first clause whose subject is a body ("…, Ban Dân vận Tỉnh ủy
 *             đã …");
 *   signed_for  the signature block only (T/M BAN THƯỜNG VỤ, TM. ỦY BAN
 *             NHÂN DÂN over KT. CHỦ TỊCH, K/T TRƯỞNG BAN).
 * body follows the header because DESIGN.md and the seeds say so: a Party
 * header "TỈNH ỦY X" names the issuing committee (seed 003, 246-CV/TU, is
 * the Tỉnh ủy's though its Ban Thường vụ signs), and what the signature
 * says is a second fact users filter on, kept apart in signed_for rather
 * than traded against the header; both are indexed as XB terms.
 *   province  header line > place-date line (a province or its capital) >
 *             "tỉnh X" mentioned at least twice and twice as often as any
 *             other (one passing mention of a neighbour proves nothing);
 *   year      the date > the first year of the title (the reporting
 *             period: "6 tháng đầu năm 2020", "nhiệm kỳ 2020-2025") > the
 *             "năm YYYY" the body names most, when one clearly leads.
 * Headers are lost in many files (four of the five seeds), which is why
 * the text sources exist at all; they are deliberately narrow, because a
 * wrong province is worse than none.
 *
 * A title read off the text starts with a capital: what follows the type
 * word ("BÁO CÁO / tổng kết …", "NGHỊ QUYẾT / về …") or "V/v" continues
 * that word in the document, but stands alone in a list of hits.
 *
 * Matching is done on folded text (tr_norm_fold), so NFD input, new-style
 * tones, capitals and text typed without diacritics behave alike.
 *
 * Real documents add layouts of their own (State headers broken by
 * exports, reprints stating their number in prose, title lines naming type
 * and body): tr_meta_layouts.c reads those, before and between the steps
 * here, and tr_meta_sign.c the signature block; the readers all three use
 * live below them in tr_meta_read.c (tr_meta_int.h).
 */
#include "config.h"
#include "tr_meta.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tr_buf.h"
#include "tr_cite.h"
#include "tr_cite_int.h"
#include "tr_i18n.h"
#include "tr_meta_int.h"
#include "tr_normalize.h"

#include <utf8proc.h>

const char *tr_source_name(tr_source s)
{
    /* stored in the index and in JSON as they are; N_ only lets the
     * programs show them translated (--show, --explain) */
    static const char *const names[] = {N_("none"),  N_("header"), N_("place-date"),
                                        N_("number"), N_("signature"), N_("title"),
                                        N_("body"), N_("sidecar"), N_("file properties")};
    return (unsigned)s < sizeof names / sizeof names[0] ? names[s] : "?";
}

void tr_meta_free(tr_meta *m)
{
    tr_field *f[] = {&m->number, &m->type, &m->title, &m->body,
                     &m->province, &m->date, &m->year, &m->signer, &m->signed_for};
    for (size_t i = 0; i < sizeof f / sizeof f[0]; i++)
        free(f[i]->value);
    memset(m, 0, sizeof *m);
}

/* ---- lines ---- */

/* Where a line holds two cells of a header table flattened into one
 * (catdoc and PDF text keep the cells of a row on one line, separated by
 * a tab; OCR and copied web text by spaces or " | "), the right cell
 * starts with the national heading.  Returns its offset in s, or 0. */
static size_t heading_at(const char *s, size_t n)
{
    static const char *const h[] = {"ĐẢNG CỘNG SẢN VIỆT NAM", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA",
                                    "CỘNG HOÀ XÃ HỘI CHỦ NGHĨA", "Độc lập - Tự do",
                                    "Độc Lập - Tự Do", "ĐỘC LẬP - TỰ DO"};
    for (size_t k = 0; k < sizeof h / sizeof h[0]; k++) {
        size_t l = strlen(h[k]);
        for (size_t i = 1; i + l <= n; i++)
            if (s[i] == h[k][0] && memcmp(s + i, h[k], l) == 0 && s[i - 1] == ' ')
                return i;
    }
    return 0;
}

/* Lines of the text, and each cell of a flattened table row as a line of
 * its own: tabs and " | " separate cells. */
static int split(const char *t, size_t len, lines *L)
{
    size_t n = 1, s = 0;
    for (size_t i = 0; i < len; i++)
        n += t[i] == '\n' || t[i] == '\t' || t[i] == '|';
    n *= 2;   /* a heading may split each piece once more */
    L->raw = malloc(n * sizeof *L->raw);
    L->n = 0;
    if (!L->raw)
        return -1;
    for (size_t i = 0; i <= len; i++) {
        int cell = i < len && (t[i] == '\t' || (t[i] == '|' && i > 0 && t[i - 1] == ' ' &&
                                                 i + 1 < len && t[i + 1] == ' '));
        if (i == len || t[i] == '\n' || cell) {
            size_t h = heading_at(t + s, i - s);
            if (h) {
                L->raw[L->n++] = (span){t + s, h};
                s += h;
            }
            L->raw[L->n++] = (span){t + s, i - s};
            s = i + 1;
        }
    }
    return 0;
}

/* ---- header ---- */

static int header(const lines *L, tr_meta *m, size_t *type_line)
{
    size_t seen = 0;
    int tinh_uy = 0;
    *type_line = (size_t)-1;
    for (size_t i = 0; i < L->n && seen < 20; i++) {
        span c = trm_clean_line(L->raw[i].p, L->raw[i].n);
        if (c.n == 0)
            continue;
        if (c.n > 300)
            break;                         /* running text: the header is over */
        seen++;
        char *sl = trm_slug_of(c);
        if (!sl)
            return -1;
        const char *rest;
        const tr_province *p;
        int rc = 0;
        if (trm_is_caps_line(c)) {
            const char *ty = tr_type_canonical(sl);
            if (ty && *type_line == (size_t)-1 && strchr(sl, '-')) {
                rc |= trm_sets(&m->type, ty, TR_SRC_HEADER);
                *type_line = i;
                free(sl);
                break;
            }
            if ((rest = trm_starts(sl, "tinh-uy-")) && (p = tr_province_find(rest))) {
                tinh_uy = 1;
                rc |= trm_sets(&m->province, p->name, TR_SRC_HEADER);
            } else if (((rest = trm_starts(sl, "ubnd-tinh-")) ||
                        (rest = trm_starts(sl, "uy-ban-nhan-dan-tinh-"))) &&
                       (p = tr_province_find(rest))) {
                rc |= trm_sets(&m->body, "UBND tỉnh", TR_SRC_HEADER);
                rc |= trm_sets(&m->province, p->name, TR_SRC_HEADER);
            } else if ((rest = trm_starts(sl, "dang-bo-tinh-")) && (p = tr_province_find(rest))) {
                rc |= trm_sets(&m->province, p->name, TR_SRC_HEADER);
            } else if (strcmp(sl, "ban-dan-van") == 0 && tinh_uy) {
                rc |= trm_sets(&m->body, "Ban Dân vận Tỉnh ủy", TR_SRC_HEADER);
            } else if (strcmp(sl, "van-phong") == 0 && tinh_uy) {
                rc |= trm_sets(&m->body, "Văn phòng Tỉnh ủy", TR_SRC_HEADER);
            } else if (strncmp(sl, "ban-", 4) == 0 || strncmp(sl, "ubnd", 4) == 0) {
                rc |= trm_sets(&m->body, tr_body_canonical(sl), TR_SRC_HEADER);
            }
        }
        /* The subject line of a letter: "V/v …" or a line in italics. */
        if (!m->title.value && (trm_starts(sl, "v-v-") ||
                                (L->raw[i].n > 2 && memchr(L->raw[i].p, '*', 2) &&
                                 !trm_is_caps_line(c) && !strstr(sl, "ngay") && c.n > 20 &&
                                 !trm_starts(sl, "kinh-gui")))) {
            span t = c;
            if (trm_starts(sl, "v-v-")) {
                const char *colon = memchr(t.p, ' ', t.n);
                if (colon) {
                    t.n -= (size_t)(colon + 1 - t.p);
                    t.p = colon + 1;
                }
            }
            rc |= trm_setn(&m->title, t.p, t.n, TR_SRC_HEADER);
        }
        free(sl);
        if (rc)
            return -1;
    }
    /* "TỈNH ỦY X" names the body unless a board line (BAN DÂN VẬN) followed. */
    if (tinh_uy && trm_sets(&m->body, "Tỉnh ủy", TR_SRC_HEADER))
        return -1;
    return 0;
}

/* Words that open the first paragraph of a body, never a title line.
 * Text from PDFs, scans and Word files has no blank line between the
 * title and the body, so the blank line alone cannot end the title. */
static int opens_body(span c)
{
    static const char *const w[] = {"Thực hiện ", "Căn cứ ", "Kính gửi", "Trong ", "Qua ",
                                    "Nhằm ", "Theo ", "Để ", "Ngày ", "Sau ", "Tiếp tục ",
                                    "Thời gian qua", "Năm "};
    for (size_t k = 0; k < sizeof w / sizeof w[0]; k++) {
        size_t l = strlen(w[k]);
        if (c.n >= l && memcmp(c.p, w[k], l) == 0)
            return 1;
    }
    /* "Căn Luật …", "Căn Nghị định …": OCR lost "cứ"; not "Căn cước" */
    size_t l = strlen("Căn ");
    return c.n > l && memcmp(c.p, "Căn ", l) == 0 && c.p[l] >= 'A' && c.p[l] <= 'Z';
}

/* The enacting authority State decisions and resolutions put between the
 * title and "Căn cứ" (Decree 30/2020/NĐ-CP): a line of capitals that is
 * only an organ and its place — "ỦY BAN NHÂN DÂN TỈNH", "CHỦ TỊCH ỦY BAN
 * NHÂN DÂN TỈNH KIÊN GIANG", "HỘI ĐỒNG NHÂN DÂN TỈNH BÌNH ĐỊNH KHÓA XIII
 * KỲ HỌP THỨ 7".  The place must be a province, so that a title wrapped
 * before "ỦY BAN NHÂN DÂN TỈNH VÀ ỦY BAN MẶT TRẬN…" goes on. */
static int enacting_line(span c)
{
    if (!trm_is_caps_line(c))
        return 0;
    char *sl = trm_slug_of(c);
    if (!sl)
        return 0;
    const char *r = trm_starts(sl, "chu-tich-") ? sl + 9 : sl;
    const char *t = trm_starts(r, "uy-ban-nhan-dan");
    if (!t)
        t = trm_starts(r, "hoi-dong-nhan-dan");
    if (!t && trm_starts(r, "thuong-truc-"))
        t = trm_starts(r + 12, "hoi-dong-nhan-dan");
    int ok = 0;
    if (t) {
        char *k = strstr(t, "-khoa-");   /* the HĐND's term and session */
        if (k)
            *k = '\0';
        const char *place = *t == '-' ? t + 1 : t;
        const char *name = trm_starts(place, "tinh-");
        if (!name)
            name = trm_starts(place, "thanh-pho-");
        ok = !*place || !strcmp(place, "tinh") || !strcmp(place, "thanh-pho") ||
             (name && tr_province_find(name) != NULL);
    }
    free(sl);
    return ok;
}

/* Whether the title so far ends in a word no title ends in ("… CỦA",
 * "… VÀ"): the next line finishes it, even if it names an organ. */
static int ends_open(const tr_buf *b)
{
    size_t k = b->len;
    while (k && b->data[k - 1] != ' ')
        k--;
    char w[16];
    size_t n = b->len - k;
    if (n >= sizeof w)
        return 0;
    memcpy(w, b->data + k, n);
    w[n] = '\0';
    char *f = tr_slug(w);
    static const char *const open_w[] = {"cua", "voi", "va", "giua", "cho", "tai", "tren",
                                         "ve", "den", "thuoc", "trong"};
    int open = 0;
    for (size_t i = 0; f && i < sizeof open_w / sizeof open_w[0] && !open; i++)
        open = strcmp(f, open_w[i]) == 0;
    free(f);
    return open;
}

/* A line without a letter or digit: "—–", "-----", "***" under a title. */
static int rule_line(span c)
{
    char *sl = trm_slug_of(c);
    int rule = sl && !*sl;
    free(sl);
    return rule;
}

/* The length of a numeral made of digits at p, ended by '.', ':' or the
 * line's end (not by more words: "ĐIỀU 2 QUYẾT ĐỊNH SỐ …" is a title's
 * line); 0 if there is none. */
static size_t numeral(const char *p, size_t n, const char *digits)
{
    size_t k = 0;
    while (k < n && p[k] && strchr(digits, p[k]))
        k++;
    return k && (k == n || p[k] == '.' || p[k] == ':') ? k : 0;
}

/* A heading of the body's first part: "I. CĂN CỨ XÂY DỰNG KẾ HOẠCH",
 * "Điều 1.", "Chương I", "Phần thứ nhất", "PHẦN THỨ HAI". */
static int section_head(span c)
{
    size_t k = numeral(c.p, c.n, "IVX");
    if (k && k + 1 < c.n && c.p[k] == '.' && c.p[k + 1] == ' ')
        return 1;
    /* the word and a numeral, whole: "PHẦN VỐN NHÀ NƯỚC" is a title's */
    static const char *const w[] = {"Điều ", "ĐIỀU ", "Chương ", "CHƯƠNG ", "Phần ", "PHẦN "};
    for (size_t i = 0; i < sizeof w / sizeof w[0]; i++) {
        size_t l = strlen(w[i]);
        if (c.n > l && memcmp(c.p, w[i], l) == 0 &&
            (numeral(c.p + l, c.n - l, "IVX0123456789") ||
             (c.n >= l + strlen("thứ ") && !memcmp(c.p + l, "thứ ", strlen("thứ "))) ||
             (c.n >= l + strlen("THỨ ") && !memcmp(c.p + l, "THỨ ", strlen("THỨ ")))))
            return 1;
    }
    return 0;
}

/* Whether the enacting line i ends the title: when what follows is what
 * follows an enacting authority — "Căn cứ", the HĐND's "KHÓA …", the
 * formula "QUYẾT ĐỊNH:", a heading, a blank line, the end — and not when
 * another enacting line follows (then that one is the authority and this
 * one finished the title: "… CỦA VĂN PHÒNG / ỦY BAN NHÂN DÂN TỈNH X /
 * ỦY BAN NHÂN DÂN TỈNH X"). */
static int enacting_ends(const lines *L, size_t i)
{
    if (i + 1 >= L->n)
        return 1;
    span c = trm_clean_line(L->raw[i + 1].p, L->raw[i + 1].n);
    if (c.n == 0)
        return 1;
    if (enacting_line(c))
        return 0;
    char *sl = trm_slug_of(c);
    int ends = opens_body(c) || section_head(c) || (sl && trm_starts(sl, "khoa-")) ||
               (trm_is_caps_line(c) && c.p[c.n - 1] == ':');
    free(sl);
    return ends;
}

/* The title: the lines after the type word up to a blank line (or the
 * next paragraph when the type word stands alone), a line that opens the
 * body, a section heading or the enacting authority, or a line after one
 * ending a sentence; markdown removed. */
static int title_after(const lines *L, size_t tl, tr_meta *m)
{
    if (tl == (size_t)-1 || m->title.value)
        return 0;
    /* "QUYẾT ĐỊNH:" is the enacting formula before the articles, taken for
     * the type where a page dropped the type line: "Điều 1…" follows, not
     * a title. */
    span tc = trm_clean_line(L->raw[tl].p, L->raw[tl].n);
    if (tc.n && tc.p[tc.n - 1] == ':')
        return 0;
    tr_buf b = {0};
    size_t i = tl + 1;
    while (i < L->n && trm_clean_line(L->raw[i].p, L->raw[i].n).n == 0 && i < tl + 3)
        i++;
    for (; i < L->n; i++) {
        span c = trm_clean_line(L->raw[i].p, L->raw[i].n);
        int rule = c.n && rule_line(c);
        if (rule && !b.len)
            continue;               /* a rule between the type word and the title */
        if (c.n == 0 || b.len + c.n > 400 || rule)
            break;
        if (b.len && (opens_body(c) || section_head(c) ||
                      (enacting_line(c) && !ends_open(&b) && enacting_ends(L, i)) ||
                      b.data[b.len - 1] == '.' || b.data[b.len - 1] == ':' ||
                      b.data[b.len - 1] == ';'))
            break;
        if ((b.len && tr_buf_addc(&b, ' ')) || tr_buf_add(&b, c.p, c.n)) {
            tr_buf_free(&b);
            return -1;
        }
    }
    int rc = 0;
    if (b.len && b.len <= 400)
        rc = trm_setn(&m->title, b.data, b.len, TR_SRC_TITLE);
    tr_buf_free(&b);
    return rc;
}

/* ---- place-date line ---- */

/* The next non-empty line after i that is not a rule or "|" cell, or n. */
static size_t next_text_line(const lines *L, size_t i)
{
    for (size_t j = i + 1; j < L->n && j < i + 4; j++) {
        span c = trm_clean_line(L->raw[j].p, L->raw[j].n);
        if (c.n)
            return j;
    }
    return L->n;
}

/* The place-date line "Hà Nam, ngày 23 tháng 06 năm 2016", also when an
 * export broke it over lines ("Hà\nNam, ngày 23 tháng 06\nnăm 2016"): the
 * line holding ", ngày" is joined with the two after it, and a place not
 * known alone is tried with the line before ("Sơn" + "La"). */
/* Runs of blanks as one space: Word users align "ngày 12  tháng 10" by
 * typing spaces. */
static void squeeze(char *s)
{
    char *o = s;
    for (const char *i = s; *i; i++)
        if (!((*i == ' ' || *i == '\t') && o > s && o[-1] == ' '))
            *o++ = *i == '\t' ? ' ' : *i;
    *o = '\0';
}

static int place_date(const lines *L, tr_meta *m)
{
    size_t prev = L->n;
    for (size_t i = 0; i < L->n && i < 80; i++) {
        span c = trm_clean_line(L->raw[i].p, L->raw[i].n);
        if (c.n == 0)
            continue;
        if (c.n > 120) {
            prev = L->n;
            continue;
        }
        char line[512];
        size_t ln = c.n;
        memcpy(line, c.p, c.n);
        line[ln] = '\0';
        {
            char *fl = tr_fold_dup(line);
            if (!fl)
                return -1;
            int has = strstr(fl, ", ngay") || strstr(fl, ",ngay") || strstr(fl, ", Ngay");
            free(fl);
            if (!has) {
                prev = i;
                continue;
            }
        }
        for (size_t j = i, k = 0; k < 2; k++) {
            j = next_text_line(L, j);
            if (j >= L->n)
                break;
            span d = trm_clean_line(L->raw[j].p, L->raw[j].n);
            if (d.n > 40 || ln + d.n + 2 >= sizeof line)
                break;
            line[ln++] = ' ';
            memcpy(line + ln, d.p, d.n);
            ln += d.n;
            line[ln] = '\0';
        }
        char *f = tr_fold_dup(line);
        if (!f)
            return -1;
        squeeze(f);
        char *k = strstr(f, ", ngay ");
        unsigned d, mo, y;
        int a, b2, c2;
        if (k && (a = trm_read_num(k + 7, &d)) && strncmp(k + 7 + a, " thang", 6) == 0 &&
            (b2 = trm_read_num(k + 7 + a + 6, &mo)) &&
            strncmp(k + 7 + a + 6 + b2, " nam", 4) == 0 &&
            (c2 = trm_read_num(k + 7 + a + 6 + b2 + 4, &y)) && d >= 1 && d <= 31 &&
            mo >= 1 && mo <= 12 && y >= 1900 && y <= 2100) {
            char date[16], year[8];
            snprintf(date, sizeof date, "%04u-%02u-%02u", y, mo, d);
            snprintf(year, sizeof year, "%04u", y);
            /* the place: the original text before the comma */
            const char *comma = memchr(c.p, ',', c.n);
            char place[256] = "";
            if (comma && (size_t)(comma - c.p) < sizeof place) {
                memcpy(place, c.p, (size_t)(comma - c.p));
                place[comma - c.p] = '\0';
            }
            const tr_province *p = tr_province_find(place);
            if (!p)
                p = tr_province_by_capital(place);
            /* the place broken over two lines: "Sơn" / "La, ngày …" */
            if (!p && prev < L->n && strlen(place) < 40) {
                span pv = trm_clean_line(L->raw[prev].p, L->raw[prev].n);
                char two[300];
                if (pv.n && pv.n < 30 && !memchr(pv.p, ',', pv.n)) {
                    snprintf(two, sizeof two, "%.*s %s", (int)pv.n, pv.p, place);
                    p = tr_province_find(two);
                    if (!p)
                        p = tr_province_by_capital(two);
                }
            }
            /* A cell of the left column may stand before the place on the
             * same line (OCR, flattened tables): try its last words. */
            for (int words = 4; !p && words >= 1; words--) {
                const char *q = place + strlen(place);
                int w = 0;
                while (q > place && w < words)
                    if (*--q == ' ')
                        w++;
                if (w == words && q[1] && q != place)
                    p = tr_province_find(q + 1) ? tr_province_find(q + 1)
                                                : tr_province_by_capital(q + 1);
            }
            int rc = trm_sets(&m->date, date, TR_SRC_PLACE_DATE) |
                     trm_sets(&m->year, year, TR_SRC_PLACE_DATE) |
                     (p ? trm_sets(&m->province, p->name, TR_SRC_PLACE_DATE) : 0);
            free(f);
            return rc ? -1 : 0;
        }
        free(f);
        prev = i;
    }
    return 0;
}

/* ---- own number ---- */

static int number(const char *text, size_t len, tr_meta *m)
{
    trc_num r;
    if (!trc_own_number(text, len, &r))
        return 0;
    /* OCR reads the TU of a provincial committee as "TƯ"; under a
     * "TỈNH ỦY X" header the number is that committee's */
    if (r.tu_written && m->body.value && m->body.src == TR_SRC_HEADER &&
        strstr(m->body.value, "Tỉnh ủy"))
        r.canon[strlen(r.canon) - 1] = 'U';
    return trm_own_number_found(r.canon, TR_SRC_HEADER, m);
}

/* ---- sentences of the body (folded text) ---- */

static int province_mentions(const char *f, tr_meta *m)
{
    size_t np;
    const tr_province *all = tr_province_all(&np);
    int best = 0, second = 0;
    const tr_province *bp = NULL;
    char *const *folded_names = trm_folded_provinces();
    if (!folded_names)
        return -1;
    for (size_t i = 0; i < np; i++) {
        const char *fold = folded_names[i];
        char w[160];
        int n;
        if (strncmp(fold, "thanh pho ", 10) == 0) {
            n = trm_count(f, fold);
        } else {
            snprintf(w, sizeof w, "tinh %s", fold);
            n = trm_count(f, w);
            snprintf(w, sizeof w, "thanh pho %s", fold);
            n += trm_count(f, w);
            snprintf(w, sizeof w, "tinh uy %s", fold);
            n += trm_count(f, w);
        }
        if (n > best) {
            second = best;
            best = n;
            bp = &all[i];
        } else if (n > second) {
            second = n;
        }
    }
    if (bp && best >= 2 && best >= 2 * second)
        return trm_sets(&m->province, bp->name, TR_SRC_BODY);
    /* a committee named with its province ("Ban Thường vụ Tỉnh ủy Bắc
     * Kạn"), and no other province named at all */
    if (bp && best == 1 && second == 0) {
        const char *t = strstr(f, "tinh uy ");
        for (; t; t = strstr(t + 8, "tinh uy ")) {
            const tr_province *pv = NULL;
            if (trm_province_at(t + 8, &pv) && pv == bp)
                return trm_sets(&m->province, bp->name, TR_SRC_BODY);
        }
    }
    return 0;
}

/* 1 when the year at p ends a full date ("tháng 8 năm 2022", "24/8/2022"):
 * the date of a cited document, not the period the text is about. */
static int in_full_date(const char *s, const char *p)
{
    const char *q = p;
    if (q > s && q[-1] == '/')
        return 1;
    while (q > s && (q[-1] == ' ' || q[-1] == '\n'))
        q--;
    if (q - s >= 3 && strncmp(q - 3, "nam", 3) == 0) {
        q -= 3;
        while (q > s && (q[-1] == ' ' || q[-1] == '\n'))
            q--;
        const char *d = q;
        while (d > s && d[-1] >= '0' && d[-1] <= '9')
            d--;
        while (d > s && (d[-1] == ' ' || d[-1] == '\n'))
            d--;
        if (d < q && d - s >= 5 && strncmp(d - 5, "thang", 5) == 0)
            return 1;
    }
    return 0;
}

static int first_year(const char *s, char out[5])
{
    for (const char *p = s; *p; p++) {
        if ((p[0] == '1' && p[1] == '9') || (p[0] == '2' && p[1] == '0')) {
            if (p[2] >= '0' && p[2] <= '9' && p[3] >= '0' && p[3] <= '9' &&
                !(p[4] >= '0' && p[4] <= '9') && (p == s || !(p[-1] >= '0' && p[-1] <= '9')) &&
                !in_full_date(s, p)) {
                memcpy(out, p, 4);
                out[4] = 0;
                return 1;
            }
        }
    }
    return 0;
}

static int year_from_body(const char *f, tr_meta *m)
{
    int counts[201] = {0}, alone[201] = {0};
    for (const char *p = strstr(f, "nam "); p; p = strstr(p + 4, "nam ")) {
        if (p > f && p[-1] >= 'a' && p[-1] <= 'z')
            continue;
        unsigned y;
        /* a full date (often a cited document's) counts half */
        if (trm_read_num(p + 4, &y) == 4 && y >= 1900 && y <= 2100 &&
            !(p[8] >= '0' && p[8] <= '9')) {
            int full = in_full_date(f, p + 4);
            counts[y - 1900] += full ? 1 : 2;
            alone[y - 1900] += !full;
        }
    }
    int best = -1, bc = 0, second = 0;
    for (int i = 0; i <= 200; i++) {
        if (counts[i] > bc) {
            second = bc;
            bc = counts[i];
            best = i;
        } else if (counts[i] > second) {
            second = counts[i];
        }
    }
    /* a year named only in full dates is a cited document's */
    if (best < 0 || bc <= second || !alone[best])
        return 0;
    char y[12];
    snprintf(y, sizeof y, "%d", 1900 + best);
    return trm_sets(&m->year, y, TR_SRC_BODY);
}

/* The title's first letter in capitals (above); 0, or -1 on no memory. */
static int capital_first(tr_field *t)
{
    if (!t->value || (t->src != TR_SRC_HEADER && t->src != TR_SRC_TITLE))
        return 0;
    utf8proc_int32_t c;
    utf8proc_ssize_t n = utf8proc_iterate((const utf8proc_uint8_t *)t->value, -1, &c);
    if (n <= 0)
        return 0;
    utf8proc_int32_t up = utf8proc_toupper(c);
    if (up == c)
        return 0;
    utf8proc_uint8_t enc[4];
    utf8proc_ssize_t k = utf8proc_encode_char(up, enc);
    size_t rest = strlen(t->value + n);
    char *v = malloc((size_t)k + rest + 1);
    if (!v)
        return -1;
    memcpy(v, enc, (size_t)k);
    memcpy(v + k, t->value + n, rest + 1);
    free(t->value);
    t->value = v;
    return 0;
}

int tr_meta_extract(const char *text, size_t len, tr_meta *m)
{
    lines L = {0};
    tr_buf fb = {0};
    int rc = -1;
    size_t tl;
    if (split(text, len, &L))
        return -1;
    int bare;
    if (trm_state_block(&L, m, &bare) || header(&L, m, &tl) || title_after(&L, tl, m) ||
        place_date(&L, m) || number(text, len, m) || trm_prose_own(text, len, m) ||
        trm_title_lines(&L, m))
        goto out;
    if (tr_norm_fold(text, len, &fb))
        goto out;
    const char *f = fb.data;
    static const char *const self[] = {" bao cao", " xay dung ke hoach",
                                       " ban hanh ke hoach", " yeu cau", NULL};
    if (trm_sets(&m->body, trm_speaking_body(f, self, NULL), TR_SRC_BODY) || trm_signature(&L, f, m))
        goto out;
    static const char *const did[] = {" da ", " vua ", " ban hanh", " de nghi ", NULL};
    const tr_province *pv = NULL;
    if (trm_sets(&m->body, trm_speaking_body(f, did, &pv), TR_SRC_BODY) || province_mentions(f, m) ||
        (pv && trm_sets(&m->province, pv->name, TR_SRC_BODY)))
        goto out;
    char y[5];
    if (!m->year.value && m->title.value) {
        char *ft = tr_fold_dup(m->title.value);
        if (!ft)
            goto out;
        int got = first_year(ft, y);
        free(ft);
        if (got && trm_sets(&m->year, y, TR_SRC_TITLE))
            goto out;
    }
    if (!m->year.value && year_from_body(f, m))
        goto out;
    if (!m->type.value && trm_issued_type(f, m))
        goto out;
    trm_city_body(m, bare);
    if (capital_first(&m->title))
        goto out;
    rc = 0;
out:
    tr_buf_free(&fb);
    free(L.raw);
    return rc;
}

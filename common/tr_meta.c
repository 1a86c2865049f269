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
 * Matching is done on folded text (tr_norm_fold), so NFD input, new-style
 * tones, capitals and text typed without diacritics behave alike.
 *
 * Real documents add layouts of their own (State headers broken by
 * exports, reprints stating their number in prose, title lines naming type
 * and body): tr_meta_layouts.c reads those, before and between the steps
 * here; tr_meta_int.h is what the two files share.
 */
#include "tr_meta.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tr_buf.h"
#include "tr_cite.h"
#include "tr_cite_int.h"
#include "tr_meta_int.h"
#include "tr_normalize.h"

const char *tr_source_name(tr_source s)
{
    static const char *const names[] = {"none",  "header", "place-date", "number",
                                        "signature", "title", "body", "sidecar",
                                        "file properties"};
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

static int set(tr_field *f, const char *v, size_t n, tr_source src)
{
    if (f->value || !v)
        return 0;
    f->value = malloc(n + 1);
    if (!f->value)
        return -1;
    memcpy(f->value, v, n);
    f->value[n] = '\0';
    f->src = src;
    return 0;
}

int trm_sets(tr_field *f, const char *v, tr_source src)
{
    return v ? set(f, v, strlen(v), src) : 0;
}

/* ---- lines ---- */


/* A line without markdown decoration and surrounding blanks. */
span trm_clean_line(const char *p, size_t n)
{
    for (;;) {
        while (n && (*p == ' ' || *p == '\t' || *p == '#' || *p == '*' || *p == '~' ||
                     *p == '\\' || *p == '_' || *p == '\r' || *p == '|'))
            p++, n--;
        while (n && (p[n - 1] == ' ' || p[n - 1] == '\t' || p[n - 1] == '*' ||
                     p[n - 1] == '~' || p[n - 1] == '\\' || p[n - 1] == '_' ||
                     p[n - 1] == '\r' || p[n - 1] == '|'))
            n--;
        return (span){p, n};
    }
}


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

char *trm_slug_of(span s)
{
    char tmp[512];
    size_t n = s.n < sizeof tmp - 1 ? s.n : sizeof tmp - 1;
    memcpy(tmp, s.p, n);
    tmp[n] = '\0';
    return tr_slug(tmp);
}

int trm_is_caps_line(span s)
{
    /* capitals only: every ASCII letter upper case and at least one letter;
     * Vietnamese capitals are outside ASCII and pass unchecked. */
    int letters = 0;
    for (size_t i = 0; i < s.n; i++) {
        unsigned char c = (unsigned char)s.p[i];
        if (c >= 'a' && c <= 'z')
            return 0;
        if (c >= 'A' && c <= 'Z')
            letters++;
    }
    return letters > 0;
}

const char *trm_starts(const char *s, const char *prefix)
{
    size_t n = strlen(prefix);
    return strncmp(s, prefix, n) == 0 ? s + n : NULL;
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
            rc |= set(&m->title, t.p, t.n, TR_SRC_HEADER);
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
    return 0;
}

/* The title: the lines after the type word up to a blank line (or the
 * next paragraph when the type word stands alone), a line that opens the
 * body, or a line after one ending a sentence; markdown removed. */
static int title_after(const lines *L, size_t tl, tr_meta *m)
{
    if (tl == (size_t)-1 || m->title.value)
        return 0;
    tr_buf b = {0};
    size_t i = tl + 1;
    while (i < L->n && trm_clean_line(L->raw[i].p, L->raw[i].n).n == 0 && i < tl + 3)
        i++;
    for (; i < L->n; i++) {
        span c = trm_clean_line(L->raw[i].p, L->raw[i].n);
        if (c.n == 0 || b.len + c.n > 400)
            break;
        if (b.len && (opens_body(c) || b.data[b.len - 1] == '.' || b.data[b.len - 1] == ':' ||
                      b.data[b.len - 1] == ';'))
            break;
        if ((b.len && tr_buf_addc(&b, ' ')) || tr_buf_add(&b, c.p, c.n)) {
            tr_buf_free(&b);
            return -1;
        }
    }
    int rc = 0;
    if (b.len && b.len <= 400)
        rc = set(&m->title, b.data, b.len, TR_SRC_TITLE);
    tr_buf_free(&b);
    return rc;
}

/* ---- place-date line ---- */

int trm_read_num(const char *s, unsigned *v)
{
    int n = 0;
    *v = 0;
    while (*s == ' ')
        s++, n++;
    int d = 0;
    while (s[d] >= '0' && s[d] <= '9' && d < 4)
        *v = *v * 10 + (unsigned)(s[d] - '0'), d++;
    return d ? n + d : 0;
}

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

/* What the own number says of type and body. */
int trm_own_number_found(const char *canon, tr_source src, tr_meta *m)
{
    if (trm_sets(&m->number, canon, src))
        return -1;
    char code[16];
    tr_cite_type_code(canon, code);
    if (code[0] && trm_sets(&m->type, tr_type_canonical(code), TR_SRC_NUMBER))
        return -1;
    /* NUMBER/ISSUER-UNIT without a type code is a State letter */
    if (!code[0] && !m->type.value && strchr(canon, '/') && strchr(canon, '-') &&
        !strchr(strchr(canon, '/') + 1, '/') && trm_sets(&m->type, "Công văn", TR_SRC_NUMBER))
        return -1;
    /* The issuer: what follows the type code ("TU" of 246-CV/TU), or the
     * first part after the number of a State letter ("UBND" of 887/UBND-NC). */
    const char *slash = strrchr(canon, '/');
    const char *body = NULL;
    if (slash) {
        const char *iss = slash + 1;
        if (strcmp(iss, "TU") == 0)
            body = "Tỉnh ủy";
        else if (strcmp(iss, "BDVTU") == 0)
            body = "Ban Dân vận Tỉnh ủy";
        else if (strcmp(iss, "BTVTU") == 0)
            body = "Ban Thường vụ Tỉnh ủy";
        else if (strcmp(iss, "BTGTU") == 0)
            body = "Ban Tuyên giáo Tỉnh ủy";
        else if (strcmp(iss, "HU") == 0)
            body = "Huyện ủy";
        else if (strcmp(iss, "TW") == 0)
            body = NULL;
        else if (strstr(iss, "UBND") && !strstr(iss, "MTTQ") && !strstr(iss, "BCS"))
            body = "UBND tỉnh";
        else if (strstr(iss, "UBND-UBMTTQ"))
            body = "UBND tỉnh và Ủy ban MTTQ tỉnh";
        else if (strcmp(iss, "HĐND") == 0 || strstr(iss, "-HĐND"))
            body = "HĐND tỉnh";
    }
    return trm_sets(&m->body, body, TR_SRC_NUMBER);
}

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

static const struct {
    const char *folded, *name;
} body_names[] = {
    {"ban dan van tinh uy", "Ban Dân vận Tỉnh ủy"},
    {"ban thuong vu tinh uy", "Ban Thường vụ Tỉnh ủy"},
    {"thuong truc tinh uy", "Thường trực Tỉnh ủy"},
    {"ban chap hanh dang bo tinh", "Ban Chấp hành Đảng bộ tỉnh"},
    {"ban tuyen giao tinh uy", "Ban Tuyên giáo Tỉnh ủy"},
    {"ban to chuc tinh uy", "Ban Tổ chức Tỉnh ủy"},
    {"uy ban nhan dan tinh", "UBND tỉnh"},
    {"ubnd tinh", "UBND tỉnh"},
    {"uy ban nhan dan thanh pho", "UBND thành phố"},
    {"dai hoi dai bieu dang bo tinh", "Đại hội đại biểu Đảng bộ tỉnh"},
    {"van phong tinh uy", "Văn phòng Tỉnh ủy"},
    {"tinh uy", "Tỉnh ủy"},
};

/* "tỉnh ủy" alone, not the tail of "Ban Thường vụ Tỉnh ủy" */
int trm_tail_of_longer(const char *f, size_t at)
{
    static const char *const w[] = {"vu ", "van ", "giao ", "chuc ", "chinh ", "tra ",
                                    "phong ", "truc ", "hanh ", NULL};
    for (int i = 0; w[i]; i++) {
        size_t l = strlen(w[i]);
        if (at >= l && strncmp(f + at - l, w[i], l) == 0)
            return 1;
    }
    return 0;
}

/* A province named right at f ("yen bai" of "Tỉnh ủy Yên Bái đã…"): its
 * folded length, or 0. */
size_t trm_province_at(const char *f, const tr_province **out)
{
    size_t np, best = 0;
    const tr_province *all = tr_province_all(&np);
    for (size_t i = 0; i < np; i++) {
        char *fold = tr_fold_dup(all[i].name);
        if (!fold)
            return 0;
        size_t l = strlen(fold);
        if (l > best && strncmp(f, fold, l) == 0 && !(f[l] >= 'a' && f[l] <= 'z')) {
            best = l;
            *out = &all[i];
        }
        free(fold);
    }
    return best;
}

/* 1 when the word before f[at] makes the body an object, not the author:
 * "Giao Ban Dân vận…", "của Ban Thường vụ…", "tham mưu Ban…". */
int trm_object_context(const char *f, size_t at)
{
    static const char *const words[] = {"giao", "cua", "cho", "voi", "ve", "muu",
                                        "den", "len", "gui", "qua", "va", "cac", NULL};
    if (at == 0)
        return 0;
    size_t e = at;
    while (e > 0 && f[e - 1] == ' ')
        e--;
    size_t s = e;
    while (s > 0 && f[s - 1] >= 'a' && f[s - 1] <= 'z')
        s--;
    for (int i = 0; words[i]; i++)
        if (e - s == strlen(words[i]) && strncmp(f + s, words[i], e - s) == 0)
            return 1;
    return 0;
}

/* Earliest "<body> [province] <verb>" not in object context; verbs
 * NULL-terminated; *prov receives the province named with the body. */
static const char *speaking_body_p(const char *f, const char *const *verbs,
                                   const tr_province **prov)
{
    const char *best = NULL;
    size_t best_at = (size_t)-1;
    for (size_t b = 0; b < sizeof body_names / sizeof body_names[0]; b++) {
        size_t bl = strlen(body_names[b].folded);
        for (const char *p = strstr(f, body_names[b].folded); p;
             p = strstr(p + 1, body_names[b].folded)) {
            size_t at = (size_t)(p - f);
            if (at >= best_at)
                break;
            if (at > 0 && f[at - 1] >= 'a' && f[at - 1] <= 'z')
                continue;
            if (strcmp(body_names[b].folded, "tinh uy") == 0 && trm_tail_of_longer(f, at))
                continue;
            const char *after = p + bl;
            const tr_province *pv = NULL;
            if (*after == ' ') {
                size_t pl = trm_province_at(after + 1, &pv);
                if (pl)
                    after += 1 + pl;
            }
            int hit = 0;
            for (int v = 0; verbs[v] && !hit; v++)
                hit = strncmp(after, verbs[v], strlen(verbs[v])) == 0;
            if (hit && !trm_object_context(f, at)) {
                best = body_names[b].name;
                best_at = at;
                if (prov)
                    *prov = pv;
                break;
            }
        }
    }
    return best;
}

static const char *speaking_body(const char *f, const char *const *verbs)
{
    return speaking_body_p(f, verbs, NULL);
}

int trm_count(const char *f, const char *w)
{
    int n = 0;
    size_t wl = strlen(w);
    for (const char *p = strstr(f, w); p; p = strstr(p + wl, w)) {
        char after = p[wl];
        if (!(after >= 'a' && after <= 'z') && (p == f || !(p[-1] >= 'a' && p[-1] <= 'z')))
            n++;
    }
    return n;
}

/* The provinces' names folded once per process, not once per document
 * (63 Unicode normalisations a document were a few per cent of
 * indexing).  Kept until exit. */
static char *folded_names[128];
static int folded_ok;
static pthread_once_t folded_once = PTHREAD_ONCE_INIT;

static void fold_names(void)
{
    size_t np;
    const tr_province *all = tr_province_all(&np);
    folded_ok = np <= sizeof folded_names / sizeof folded_names[0];
    for (size_t i = 0; folded_ok && i < np; i++)
        folded_ok = (folded_names[i] = tr_fold_dup(all[i].name)) != NULL;
}

static int province_mentions(const char *f, tr_meta *m)
{
    size_t np;
    const tr_province *all = tr_province_all(&np);
    int best = 0, second = 0;
    const tr_province *bp = NULL;
    if (pthread_once(&folded_once, fold_names) != 0 || !folded_ok)
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

/* The body named at f (folded), longest name first: its canonical name and
 * folded length, or NULL. */
const char *trm_body_at(const char *f, size_t *len)
{
    const char *best = NULL;
    size_t bl = 0;
    for (size_t b = 0; b < sizeof body_names / sizeof body_names[0]; b++) {
        size_t l = strlen(body_names[b].folded);
        if (l > bl && strncmp(f, body_names[b].folded, l) == 0 &&
            !(f[l] >= 'a' && f[l] <= 'z')) {
            best = body_names[b].name;
            bl = l;
        }
    }
    *len = bl;
    return best;
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
    if (trm_sets(&m->body, speaking_body(f, self), TR_SRC_BODY) || trm_signature(&L, f, m))
        goto out;
    static const char *const did[] = {" da ", " vua ", " ban hanh", " de nghi ", NULL};
    const tr_province *pv = NULL;
    if (trm_sets(&m->body, speaking_body_p(f, did, &pv), TR_SRC_BODY) || province_mentions(f, m) ||
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
    rc = 0;
out:
    tr_buf_free(&fb);
    free(L.raw);
    return rc;
}

/*
 * tr_meta_layouts — metadata from the layouts real documents arrive in
 * (issue 14; docs/study/ has the documents that showed each one).
 *
 *   - State headers as web and PDF exports leave them: "ỦY" alone and
 *     "BAN NHÂN DÂN" on the next line, the national heading's cells and "|"
 *     rows between the left column's lines, a Sở under its UBND, joint
 *     UBND-MTTQ headers (state_block);
 *   - a reprint in a newspaper or portal that states its own number only in
 *     the lead ("Ngày 25-11-2019, Ban Chấp hành Đảng bộ tỉnh đã ban hành
 *     Nghị quyết số 19-NQ/TU về …") (prose_own);
 *   - a reprint's title line ("Nghị quyết của Ban Chấp hành Đảng bộ tỉnh
 *     …", "Công điện của Ban Thường vụ Tỉnh ủy …") (title_lines), and the
 *     type a body says it issues ("UBND tỉnh ban hành Kế hoạch …");
 *   - a centrally-run city's UBND thành phố.
 * Each is narrow on purpose: it answers only where the text is explicit,
 * because a wrong number or body is worse than none.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tr_buf.h"
#include "tr_cite.h"
#include "tr_meta_int.h"
#include "tr_normalize.h"

/* ---- State header: the left column, however the export broke it ---- */

/* National heading lines and rules between the cells of the header table. */
static int heading_or_rule(const char *sl, span c)
{
    size_t k = 0;
    while (k < c.n && strchr("-=_*.|", c.p[k]))
        k++;
    if (k == c.n)
        return 1;
    return strcmp(sl, "cong") == 0 || trm_starts(sl, "cong-hoa") || trm_starts(sl, "hoa-xa-hoi") ||
           trm_starts(sl, "doc-lap") || trm_starts(sl, "dang-cong-san") || trm_starts(sl, "xa-hoi-chu-nghia");
}

/* The first words of a State issuer's header cell. */
static int state_start(const char *sl)
{
    return strcmp(sl, "uy") == 0 || strcmp(sl, "uy-ban") == 0 || strcmp(sl, "hoi") == 0 ||
           trm_starts(sl, "uy-ban-nhan") || trm_starts(sl, "ubnd") || trm_starts(sl, "hoi-dong-nhan") ||
           trm_starts(sl, "hdnd") ||
           /* "SỞ TƯ PHÁP", not "SỐ PHIẾU PHÁT RA" (a table heading folds alike) */
           (trm_starts(sl, "so-") && !(sl[3] >= '0' && sl[3] <= '9') && tr_body_canonical(sl));
}

/* "ỦY BAN NHÂN DÂN / TỈNH HÀ NAM" as web and PDF exports give it: "ỦY"
 * alone and "BAN NHÂN DÂN" on the next line, the cells of the national
 * heading in between, "|" rows.  The capitalised lines of the left column
 * are joined (slug) and read as one: the body is the last organ named (a
 * Sở under its UBND), the province the one after "tỉnh"/"thành phố". */
int trm_state_block(const lines *L, tr_meta *m, int *bare)
{
    *bare = 0;
    char blk[600] = "";
    size_t bl = 0, seen = 0, parts = 0;
    int started = 0;
    for (size_t i = 0; i < L->n && seen < 40 && parts < 6; i++) {
        span c = trm_clean_line(L->raw[i].p, L->raw[i].n);
        if (c.n == 0)
            continue;
        seen++;
        char *sl = trm_slug_of(c);
        if (!sl)
            return -1;
        int rule = heading_or_rule(sl, c), caps = trm_is_caps_line(c) && c.n < 120;
        int digits = strpbrk(sl, "0123456789") != NULL;
        if (!started) {
            if (caps && !digits && state_start(sl))
                started = 1;
        } else if (!rule && (!caps || digits || tr_type_canonical(sl))) {
            free(sl);
            break;
        }
        if (started && !rule && bl + strlen(sl) + 2 < sizeof blk) {
            bl += (size_t)snprintf(blk + bl, sizeof blk - bl, "%s%s", bl ? "-" : "", sl);
            parts++;
        }
        free(sl);
    }
    if (!started)
        return 0;
    /* the province: after the last "tinh-" / "thanh-pho-" */
    const tr_province *p = NULL;
    for (const char *q = blk; (q = strstr(q, "tinh-")) != NULL; q++)
        if ((q == blk || q[-1] == '-') && tr_province_find(q + 5))
            p = tr_province_find(q + 5);
    if (!p) {
        const char *q = strstr(blk, "thanh-pho-");
        if (q)
            p = tr_province_find(q + 10);
    }
    /* the body: the organ named last (a Sở under "UBND TỈNH X") */
    const char *body = NULL, *so = strstr(blk, "-so-");
    if (trm_starts(blk, "so-"))
        so = blk - 1;
    if (so)
        body = tr_body_canonical(so + 1);
    if (!body && (strstr(blk, "mttq") || strstr(blk, "mat-tran")) &&
        (strstr(blk, "ubnd") || strstr(blk, "uy-ban-nhan-dan")))
        body = "UBND tỉnh và Ủy ban MTTQ tỉnh";
    if (!body && strstr(blk, "van-phong"))
        body = "Văn phòng UBND tỉnh";
    if (!body && !strstr(blk, "nhan-dan") && !strstr(blk, "ubnd") && !strstr(blk, "hdnd"))
        return 0;   /* no UBND/HĐND named: not a State header after all */
    if (!body) {
        int hd = trm_starts(blk, "hoi") || trm_starts(blk, "hdnd");
        const char *after = strstr(blk, "nhan-dan");
        after = after ? after + 8 : blk + 4;
        if (trm_starts(after, "-thanh-pho"))
            body = hd ? "HĐND thành phố" : "UBND thành phố";
        else if (trm_starts(after, "-huyen") || trm_starts(after, "-quan") || trm_starts(after, "-thi-xa"))
            body = hd ? NULL : "UBND huyện";
        else {
            body = hd ? "HĐND tỉnh" : "UBND tỉnh";
            *bare = !trm_starts(after, "-tinh"); /* level not written */
        }
    }
    if (trm_sets(&m->body, body, TR_SRC_HEADER) ||
        (p && trm_sets(&m->province, p->name, TR_SRC_HEADER)))
        return -1;
    return 0;
}

/* The last body named in f[0..n) as a subject (not "của Ban …"). */
static const char *last_subject(const char *f, size_t n, const tr_province **prov)
{
    const char *best = NULL;
    for (size_t at = 0; at < n; at++) {
        size_t bl;
        const char *b;
        if (at > 0 && f[at - 1] >= 'a' && f[at - 1] <= 'z')
            continue;
        if (!(b = trm_body_at(f + at, &bl)) || at + bl > n)
            continue;
        if (trm_object_context(f, at) || (strcmp(b, "Tỉnh ủy") == 0 && trm_tail_of_longer(f, at)))
            continue;
        best = b;
        *prov = NULL;
        if (f[at + bl] == ' ')
            trm_province_at(f + at + bl + 1, prov);
        at += bl;
    }
    return best;
}

/* "Ngày 14-11-2016" / "ngày 18/8/2021" in folded f: the last one. */
static int last_date(const char *f, char date[16], char year[8])
{
    int found = 0;
    for (const char *p = strstr(f, "ngay "); p; p = strstr(p + 5, "ngay ")) {
        unsigned d, mo, y;
        int a = trm_read_num(p + 5, &d), b, c;
        if (!a || !p[5 + a] || !strchr("-/.", p[5 + a]))
            continue;
        char sep = p[5 + a];
        if (!(b = trm_read_num(p + 6 + a, &mo)) || p[6 + a + b] != sep ||
            (c = trm_read_num(p + 7 + a + b, &y)) < 4 || c > 5)
            continue;
        if (d >= 1 && d <= 31 && mo >= 1 && mo <= 12 && y >= 1945 && y <= 2100) {
            snprintf(date, 16, "%04u-%02u-%02u", y, mo, d);
            snprintf(year, 8, "%04u", y);
            found = 1;
        }
    }
    return found;
}

static int ends_with_word(const char *f, size_t *n, const char *w)
{
    size_t l = strlen(w);
    while (*n && f[*n - 1] == ' ')
        --*n;
    if (*n >= l && strncmp(f + *n - l, w, l) == 0 &&
        (*n == l || f[*n - l - 1] == ' ')) {
        *n -= l;
        while (*n && f[*n - 1] == ' ')
            --*n;
        return 1;
    }
    return 0;
}

/* A document reprinted by a newspaper or portal states its own number in
 * the lead: "Ngày 25-11-2019, Ban Chấp hành Đảng bộ tỉnh đã ban hành Nghị
 * quyết số 19-NQ/TU về …", "… giới thiệu toàn văn Nghị quyết số 10-NQ/TU,
 * ngày 18/8/2021 của Ban Thường vụ Tỉnh ủy".  Only without a header number,
 * only in the first paragraphs, and "đã ban hành" only where the page says
 * it gives the text ("toàn văn", "nội dung", "như sau"): a report citing
 * what was issued earlier says "đã ban hành" too. */
#define LEAD 900
int trm_prose_own(const char *text, size_t len, tr_meta *m)
{
    if (m->number.value)
        return 0;
    size_t reach = len < LEAD ? len : LEAD;
    tr_cite_list cl = {0};
    tr_buf fw = {0};
    int rc = -1;
    if (tr_cite_extract(text, reach, NULL, &cl) || tr_norm_fold(text, reach, &fw))
        goto out;
    int marker = strstr(fw.data, "toan van") || strstr(fw.data, "noi dung") ||
                 strstr(fw.data, "nhu sau");
    for (size_t i = 0; i < cl.n; i++) {
        const tr_cite *c = &cl.v[i];
        size_t a = c->start > 200 ? c->start - 200 : 0;
        while (a < c->start && ((unsigned char)text[a] & 0xC0) == 0x80)
            a++;
        char *w = NULL;
        tr_buf wb = {0};
        if (tr_norm_fold(text + a, c->start - a, &wb))
            goto out;
        w = wb.data;
        size_t n = wb.len;
        if (!ends_with_word(w, &n, "so"))
            ends_with_word(w, &n, "s");
        if (c->type_name) {
            char *tn = tr_fold_dup(c->type_name);
            if (tn) {
                for (char *q = tn; *q; q++)
                    if (*q >= 'A' && *q <= 'Z')
                        *q += 32;
                if (!ends_with_word(w, &n, "chuong trinh hanh dong"))
                    ends_with_word(w, &n, tn);
                free(tn);
            }
        }
        ends_with_word(w, &n, "van ban");
        size_t n2 = n;
        int just = ends_with_word(w, &n2, "vua ban hanh");
        size_t n3 = n;
        int done = ends_with_word(w, &n3, "ban hanh") || ends_with_word(w, &n3, "toan van");
        if (!just && !(done && marker)) {
            tr_buf_free(&wb);
            continue;
        }
        const tr_province *pv = NULL;
        const char *body = last_subject(w, n, &pv);
        char date[16], year[8];
        int dated = 0;
        if (c->date[0]) {
            snprintf(date, sizeof date, "%s", c->date);
            snprintf(year, sizeof year, "%.4s", c->date);
            dated = 1;
        } else {
            dated = last_date(w, date, year);
        }
        if (!body) {
            /* "… số 10-NQ/TU, ngày 18/8/2021 của Ban Thường vụ Tỉnh ủy" */
            tr_buf ab = {0};
            size_t e = c->start + c->len, z = e + 80 < reach ? e + 80 : reach;
            while (z > e && z < reach && ((unsigned char)text[z] & 0xC0) == 0x80)
                z--;
            if (tr_norm_fold(text + e, z - e, &ab) == 0) {
                const char *q = strstr(ab.data, "cua ");
                size_t bl;
                if (q && (size_t)(q - ab.data) < 40)
                    body = trm_body_at(q + 4, &bl);
            }
            tr_buf_free(&ab);
        }
        int bad = trm_sets(&m->body, body, TR_SRC_BODY) ||
                  trm_own_number_found(c->canon, TR_SRC_BODY, m) ||
                  (pv && trm_sets(&m->province, pv->name, TR_SRC_BODY)) ||
                  (dated && (trm_sets(&m->date, date, TR_SRC_BODY) ||
                             trm_sets(&m->year, year, TR_SRC_BODY)));
        tr_buf_free(&wb);
        if (bad)
            goto out;
        break;
    }
    rc = 0;
out:
    tr_buf_free(&fw);
    tr_cite_list_free(&cl);
    return rc;
}

/* A reprint's title line "Nghị quyết của Ban Chấp hành Đảng bộ tỉnh …",
 * "Công điện của Ban Thường vụ Tỉnh ủy về …": type and body; and a header
 * title "CỦA BAN THƯỜNG VỤ TỈNH ỦY về …" under the type line. */
int trm_title_lines(const lines *L, tr_meta *m)
{
    size_t seen = 0;
    for (size_t i = 0; i < L->n && seen < 6; i++) {
        span c = trm_clean_line(L->raw[i].p, L->raw[i].n);
        if (c.n == 0)
            continue;
        seen++;
        if (c.n > 250)
            continue;
        char line[256];
        memcpy(line, c.p, c.n);
        line[c.n] = 0;
        char *f = tr_fold_dup(line);
        if (!f)
            return -1;
        for (char *q = f; *q; q++)
            if (*q >= 'A' && *q <= 'Z')
                *q += 32;
        /* the first two words name the type */
        const char *sp = strchr(f, ' ');
        sp = sp ? strchr(sp + 1, ' ') : NULL;
        const char *ty = NULL;
        if (sp) {
            char two[64];
            snprintf(two, sizeof two, "%.*s", (int)(sp - f), f);
            ty = tr_type_canonical(two);
        }
        if (!ty) {
            free(f);
            continue;
        }
        const char *r = sp + 1, *b;
        size_t bl;
        if (trm_starts(r, "hanh dong "))
            r += 10;
        if (trm_starts(r, "cua "))
            r += 4;
        b = trm_body_at(r, &bl);
        int rc = trm_sets(&m->type, ty, TR_SRC_TITLE) | trm_sets(&m->body, b, TR_SRC_TITLE);
        free(f);
        return rc ? -1 : 0;
    }
    if (m->title.value && !m->body.value) {
        char *f = tr_fold_dup(m->title.value);
        if (!f)
            return -1;
        for (char *q = f; *q; q++)
            if (*q >= 'A' && *q <= 'Z')
                *q += 32;
        size_t bl;
        const char *b = trm_starts(f, "cua ") ? trm_body_at(f + 4, &bl) : NULL;
        int rc = trm_sets(&m->body, b, TR_SRC_TITLE);
        free(f);
        return rc ? -1 : 0;
    }
    return 0;
}

/* "Ủy ban nhân dân thành phố ban hành Kế hoạch …": the type a body says
 * it issues, in the opening of the text. */
int trm_issued_type(const char *f, tr_meta *m)
{
    for (const char *p = strstr(f, " ban hanh"); p && p - f < 1500;
         p = strstr(p + 9, " ban hanh")) {
        const tr_province *pv;
        size_t from = p - f > 60 ? (size_t)(p - f) - 60 : 0;
        if (!last_subject(f + from, (size_t)(p - f) - from, &pv))
            continue;
        const char *q = p + 9;
        while (*q == ' ' || *q == '\n')
            q++;
        char two[64];
        size_t k = 0;
        int words = 0;
        while (q[k] && k < sizeof two - 1 && words < 2) {
            two[k] = q[k] == '\n' ? ' ' : q[k];
            if (two[k] == ' ' && ++words == 2)
                break;
            k++;
        }
        two[k] = 0;
        for (char *c = two; *c; c++)
            if (*c >= 'A' && *c <= 'Z')
                *c += 32;
        const char *ty = tr_type_canonical(two);
        if (ty)
            return trm_sets(&m->type, ty, TR_SRC_BODY);
    }
    return 0;
}

/* A centrally-run city has a UBND thành phố, not a UBND tỉnh: where the
 * body was read off a bare "ỦY BAN NHÂN DÂN" header cell or a UBND number
 * (a sentence saying "UBND tỉnh" is taken at its word). */
void trm_city_body(tr_meta *m, int bare)
{
    static const char *const cities[] = {"Hà Nội", "Thành phố Hồ Chí Minh", "Hải Phòng",
                                         "Đà Nẵng", "Cần Thơ"};
    if (!m->body.value || !m->province.value ||
        !((m->body.src == TR_SRC_HEADER && bare) || m->body.src == TR_SRC_NUMBER))
        return;
    for (size_t i = 0; i < sizeof cities / sizeof cities[0]; i++)
        if (strcmp(m->province.value, cities[i]) == 0) {
            const char *to = strcmp(m->body.value, "UBND tỉnh") == 0   ? "UBND thành phố"
                             : strcmp(m->body.value, "HĐND tỉnh") == 0 ? "HĐND thành phố"
                                                                         : NULL;
            if (to) {
                char *v = strdup(to);
                if (v) {
                    free(m->body.value);
                    m->body.value = v;
                }
            }
        }
}


/*
 * tr_meta_sign — the signature block: who signed and for which organ.
 *
 * The block ends a document: the authority ("T/M BAN THƯỜNG VỤ", "K/T
 * TRƯỞNG BAN", "TM. ỦY BAN NHÂN DÂN" over "KT. CHỦ TỊCH"), the position
 * and the name.  It gives two fields: signed_for, the organ signed for,
 * and signer; and the body of a document that lost its header and names
 * no author in its text (seed 001).  It never overrides the body: the
 * header's "TỈNH ỦY X" over "T/M BAN THƯỜNG VỤ" is the Tỉnh ủy's document
 * signed by its standing board, and both facts are kept (DESIGN.md §5,
 * seed 003; issue 17).
 *
 * The organ is named outright after T/M, TM., TL., TUQ.; after K/T and Q.
 * comes a position, whose organ is the document's body when the kinds
 * agree (a chairman signs for a UBND, the head of a board for the board)
 * and unknown otherwise: an organ is never guessed from nothing.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tr_meta_int.h"

/* The authority prefix of a signature line, by its slug: T/M, TM. (thay
 * mặt: on behalf of an organ), TL., T/L (thừa lệnh), TUQ. (thừa ủy quyền)
 * name the organ; K/T, KT. (ký thay) and Q. (quyền) name the position of
 * the head signed for.  Returns what follows the prefix ("" when the
 * prefix stands alone, as "TM." above "ỦY BAN NHÂN DÂN TỈNH" does) and sets
 * *organ to 1 for the organ-naming kinds; NULL for any other line.
 * *strict is 1 for the prefixes that also open ordinary lines ("Q. 1", a
 * district; "TL" of a unit's name): those count only before an organ or a
 * position. */
static const char *authority(const char *sl, int *organ, int *strict)
{
    static const struct {
        const char *p;
        int organ, strict;
    } pre[] = {{"t-m", 1, 0}, {"tm", 1, 0}, {"t-l", 1, 1}, {"tl", 1, 1}, {"tuq", 1, 1},
               {"k-t", 0, 0}, {"kt", 0, 0},  {"q", 0, 1}};
    for (size_t k = 0; k < sizeof pre / sizeof pre[0]; k++) {
        size_t l = strlen(pre[k].p);
        if (strncmp(sl, pre[k].p, l) == 0 && (sl[l] == '\0' || sl[l] == '-')) {
            *organ = pre[k].organ;
            *strict = pre[k].strict;
            return sl[l] ? sl + l + 1 : sl + l;
        }
    }
    return NULL;
}

/* A head's position: what K/T and Q. are followed by. */
static int position(const char *r)
{
    static const char *const w[] = {"truong-ban", "pho-truong-ban", "chu-tich", "pho-chu-tich",
                                    "giam-doc", "pho-giam-doc", "chanh-van-phong", "bi-thu",
                                    "pho-bi-thu", "truong-phong", "chanh-an", "vien-truong"};
    for (size_t k = 0; k < sizeof w / sizeof w[0]; k++)
        if (strncmp(r, w[k], strlen(w[k])) == 0)
            return 1;
    return 0;
}

/* The committee a standing board belongs to: the one the body names
 * ("Huyện ủy", "Ban Dân vận Thành ủy"), the province's by default. */
static const char *committee(const tr_meta *m)
{
    const char *b = m->body.value;
    if (b && strstr(b, "Huyện ủy"))
        return "huyen-uy";
    if (b && strstr(b, "Thành ủy"))
        return "thanh-uy";
    return "tinh-uy";
}

static int starts_with(const char *s, const char *p)
{
    return s && strncmp(s, p, strlen(p)) == 0;
}

/* The organ a signature line's rest (slug) names, or NULL.  An organ named
 * outright is canonicalised like a body; a position ("TRƯỞNG BAN", "CHỦ
 * TỊCH") names the organ it heads, which is the document's own body when
 * the kinds agree: the head of a board signs for the board, a chairman for
 * the People's Committee or Council. */
static const char *organ_of(const char *r, const char *f, const tr_meta *m)
{
    char tmp[256];
    const char *b = m->body.value;
    if (!*r)
        return NULL;
    if (starts_with(r, "ban-thuong-vu") || starts_with(r, "thuong-truc")) {
        snprintf(tmp, sizeof tmp, "%s-%s", starts_with(r, "ban") ? "ban-thuong-vu" : "thuong-truc",
                 committee(m));
        return tr_body_canonical(tmp);
    }
    if (starts_with(r, "ban-chap-hanh"))
        return strcmp(committee(m), "tinh-uy") == 0 ? "Ban Chấp hành Đảng bộ tỉnh" : NULL;
    if (starts_with(r, "truong-ban") || starts_with(r, "pho-truong-ban")) {
        /* the head of which board: the document's, else the one the text
         * names most */
        if (starts_with(b, "Ban ") && !strstr(b, "Thường vụ") && !strstr(b, "Chấp hành"))
            return b;
        int dv = trm_count(f, "ban dan van"), tg = trm_count(f, "ban tuyen giao"),
            tc = trm_count(f, "ban to chuc");
        return dv >= tg && dv >= tc && dv > 0 ? "Ban Dân vận Tỉnh ủy"
               : tg >= tc && tg > 0           ? "Ban Tuyên giáo Tỉnh ủy"
               : tc > 0                       ? "Ban Tổ chức Tỉnh ủy"
                                              : NULL;
    }
    if (starts_with(r, "chu-tich") || starts_with(r, "pho-chu-tich"))
        return starts_with(b, "UBND") || starts_with(b, "HĐND") || starts_with(b, "Ủy ban MTTQ")
                   ? b : NULL;
    if (starts_with(r, "giam-doc"))
        return starts_with(b, "Sở ") ? b : NULL;
    if (starts_with(r, "chanh-van-phong"))
        return starts_with(b, "Văn phòng") ? b : NULL;
    const char *o = tr_body_canonical(r);
    /* a bare "ỦY BAN NHÂN DÂN" of a centrally-run city's UBND */
    if (o && b && ((!strcmp(o, "UBND tỉnh") && !strcmp(b, "UBND thành phố")) ||
                   (!strcmp(o, "HĐND tỉnh") && !strcmp(b, "HĐND thành phố"))))
        o = b;
    return o;
}

/* The signature block at the end: signed_for, signer, and the body where
 * nothing before named it.  The block is the last authority line; a State
 * block puts the organ above the position ("TM. ỦY BAN NHÂN DÂN" over "KT.
 * CHỦ TỊCH", or "TM." and the organ on lines of their own), so the organ
 * is looked for up to three lines above a position line too. */
int trm_signature(const lines *L, const char *f, tr_meta *m)
{
    size_t from = L->n > 80 ? L->n - 80 : 0;
    for (size_t i = L->n; i-- > from;) {
        span c = trm_clean_line(L->raw[i].p, L->raw[i].n);
        if (c.n < 2 || c.n > 120)
            continue;
        char *sl = trm_slug_of(c);
        if (!sl)
            return -1;
        int organ, strict;
        const char *r = authority(sl, &organ, &strict);
        const char *named = NULL;
        if (r)
            named = organ_of(r, f, m);
        /* "TM." alone: the organ is the next line */
        if (r && !*r && i + 1 < L->n) {
            span nx = trm_clean_line(L->raw[i + 1].p, L->raw[i + 1].n);
            char *ns = nx.n && nx.n < 120 ? trm_slug_of(nx) : NULL;
            if (ns)
                named = organ_of(ns, f, m);
            free(ns);
        }
        if (!r || (!*r && !named) || (strict && !named && !position(r))) {
            free(sl);
            continue;
        }
        /* a position under an organ line: the organ line names it */
        for (size_t k = i; !organ && k-- > (i > 3 ? i - 3 : 0);) {
            span u = trm_clean_line(L->raw[k].p, L->raw[k].n);
            char *us = u.n && u.n < 120 ? trm_slug_of(u) : NULL;
            int uo = 0, ustrict;
            const char *ur = us ? authority(us, &uo, &ustrict) : NULL;
            const char *un = NULL;
            if (ur && uo) {
                un = organ_of(ur, f, m);
                if (!*ur && k + 1 < i) {
                    span nx = trm_clean_line(L->raw[k + 1].p, L->raw[k + 1].n);
                    char *ns = nx.n && nx.n < 120 ? trm_slug_of(nx) : NULL;
                    if (ns)
                        un = organ_of(ns, f, m);
                    free(ns);
                }
            }
            free(us);
            if (un) {
                named = un;
                break;
            }
        }
        free(sl);
        if (trm_sets(&m->signed_for, named, TR_SRC_SIGNATURE))
            return -1;
        /* the signer: the first line after the block that is not in
         * capitals (those are position titles) nor in brackets (forms
         * leave "(Ký và ghi rõ họ tên)", "(đã ký)" where a name goes) */
        for (size_t j = i + 1; j < L->n && j < i + 10; j++) {
            span s = trm_clean_line(L->raw[j].p, L->raw[j].n);
            if (s.n == 0 || trm_is_caps_line(s) || s.p[0] == '(' || s.p[0] == '[')
                continue;
            /* one word is the hand signature's stand-in ("Hoàng"); the
             * full name follows a line or two below */
            if (!memchr(s.p, ' ', s.n))
                for (size_t k = j + 1; k < L->n && k < j + 4; k++) {
                    span t = trm_clean_line(L->raw[k].p, L->raw[k].n);
                    if (t.n && memchr(t.p, ' ', t.n) && !trm_is_caps_line(t) && t.p[0] != '(') {
                        s = t;
                        break;
                    }
                }
            if (s.n < 60 && !memchr(s.p, ',', s.n) && !memchr(s.p, ':', s.n)) {
                char name[64];
                memcpy(name, s.p, s.n);
                name[s.n] = '\0';
                if (trm_sets(&m->signer, name, TR_SRC_SIGNATURE))
                    return -1;
            }
            break;
        }
        /* Where neither the header, the own number nor a sentence named
         * the body, the organ signed for is the best evidence left: seed
         * 001 has lost its header and is the Ban Thường vụ's. */
        return trm_sets(&m->body, m->signed_for.value, TR_SRC_SIGNATURE);
    }
    return 0;
}

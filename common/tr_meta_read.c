/*
 * tr_meta_read.c — the readers the metadata files share: the line model,
 * setting a field once, and recognising bodies, provinces and numbers in
 * folded text.
 *
 * Why a file of its own: tr_meta.c (the order of the sources),
 * tr_meta_layouts.c (real documents' layouts) and tr_meta_sign.c (the
 * signature block) all read with these; kept here, below the three, the
 * three depend on this one and never on each other's helpers.
 */
#include "tr_meta.h"
#include <pthread.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tr_cite.h"
#include "tr_cite_int.h"
#include "tr_meta_int.h"
#include "tr_normalize.h"

int trm_setn(tr_field *f, const char *v, size_t n, tr_source src)
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
    return v ? trm_setn(f, v, strlen(v), src) : 0;
}

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
    char *const *folded = trm_folded_provinces();
    if (!folded)
        return 0;
    for (size_t i = 0; i < np; i++) {
        size_t l = strlen(folded[i]);
        if (l > best && strncmp(f, folded[i], l) == 0 && !(f[l] >= 'a' && f[l] <= 'z')) {
            best = l;
            *out = &all[i];
        }
    }
    return best;
}

/* The provinces' names folded once per process, not once per use (63
 * Unicode normalisations a document were a few per cent of indexing, and
 * trm_province_at, called at every "tỉnh ủy" of a text, folded them all
 * each time: an eighth of fuzz_meta's time).  Kept until exit. */
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

char *const *trm_folded_provinces(void)
{
    if (pthread_once(&folded_once, fold_names) != 0 || !folded_ok)
        return NULL;
    return folded_names;
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
const char *trm_speaking_body(const char *f, const char *const *verbs,
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

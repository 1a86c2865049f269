/*
 * gen-cites.c — corpus/gen's citations: 400 central documents cited by a
 * Zipf-like popularity, lists sharing a suffix, local documents of the
 * same province, each written in one of the forms real text uses (stray
 * spaces, ASCII D) and noted in canonical form for the manifest.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "gen.h"


typedef struct {
    char canon[64];
    const char *type_word;   /* "Chỉ thị", … */
    char date[16];           /* d/m/yyyy */
} cite_target;

static cite_target central[400];

/* Central documents: Party (…/TW) and State (…/NĐ-CP, …/QĐ-TTg). */
void make_central(void)
{
    static const struct {
        const char *code, *word;
    } party[] = {{"CT", "Chỉ thị"}, {"NQ", "Nghị quyết"}, {"KL", "Kết luận"},
                 {"QĐ", "Quyết định"}, {"QĐi", "Quy định"}, {"HD", "Hướng dẫn"}};
    for (unsigned i = 0; i < 400; i++) {
        unsigned y = 2000 + gen_pick(25);
        snprintf(central[i].date, sizeof central[i].date, "%u/%u/%u", 1 + gen_pick(28),
                 1 + gen_pick(12), y);
        if (i % 5 == 4) {
            int nd = gen_chance(60);
            snprintf(central[i].canon, sizeof central[i].canon, "%u/%u/%s", 1 + gen_pick(180), y,
                     nd ? "NĐ-CP" : "QĐ-TTg");
            central[i].type_word = nd ? "Nghị định" : "Quyết định";
        } else {
            unsigned k = gen_pick(6);
            snprintf(central[i].canon, sizeof central[i].canon, "%u-%s/TW", 1 + gen_pick(300),
                     party[k].code);
            central[i].type_word = party[k].word;
        }
    }
}

/* Zipf(1) over the 400 central documents: rank r with weight 1/(r+1). */
static unsigned zipf(void)
{
    static double cdf[400];
    if (cdf[399] == 0) {
        double s = 0;
        for (int i = 0; i < 400; i++)
            cdf[i] = (s += 1.0 / (i + 1));
        for (int i = 0; i < 400; i++)
            cdf[i] /= s;
    }
    double u = (double)(gen_next() >> 11) / 9007199254740992.0;
    unsigned lo = 0, hi = 399;
    while (lo < hi) {
        unsigned mid = (lo + hi) / 2;
        if (cdf[mid] < u)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo;
}

/* Writes a citation of canon in one of the forms real text uses. */
static void write_number(tr_buf *b, const char *canon)
{
    const char *dash = strchr(canon, '-');
    int party = dash && strchr(canon, '/') > dash;
    char tmp[96];
    snprintf(tmp, sizeof tmp, "%s", canon);
    if (party && gen_chance(8)) {                 /* stray spaces: "43- CT/TW", "43 - CT/TW" */
        size_t k = (size_t)(dash - canon);
        snprintf(tmp, sizeof tmp, "%.*s%s%s", (int)k, canon, gen_chance(50) ? "- " : " - ",
                 dash + 1);
    }
    if (gen_chance(5)) {                          /* ASCII D for Đ */
        char *d;
        while ((d = strstr(tmp, "Đ")))
            memmove(d + 1, d + 2, strlen(d + 2) + 1), d[0] = 'D';
    }
    tr_buf_adds(b, tmp);
}

static void note(cites *c, const char *canon)
{
    for (size_t i = 0; i < c->n; i++)
        if (!strcmp(c->v[i], canon))
            return;
    if (c->n == c->cap) {
        c->cap = c->cap ? c->cap * 2 : 16;
        c->v = realloc(c->v, c->cap * sizeof *c->v);
    }
    snprintf(c->v[c->n++], 64, "%s", canon);
}

void cite_sentence(tr_buf *b, cites *c)
{
    unsigned k = gen_pick(10);
    if (k < 6) {
        cite_target *t = &central[zipf()];
        tr_buf_adds(b, "Thực hiện ");
        tr_buf_adds(b, t->type_word);
        tr_buf_adds(b, gen_chance(70) ? " số " : " ");
        write_number(b, t->canon);
        if (gen_chance(60)) {
            tr_buf_adds(b, ", ngày ");
            tr_buf_adds(b, t->date);
        }
        tr_buf_adds(b, " của Trung ương, ");
        note(c, t->canon);
    } else if (k < 8) {
        /* a list sharing one suffix: "Quyết định số 217, 218-QĐ/TW" */
        unsigned a = 1 + gen_pick(250), n2 = a + 1 + gen_pick(3);
        char c1[64], c2[64];
        snprintf(c1, sizeof c1, "%u-QĐ/TW", a);
        snprintf(c2, sizeof c2, "%u-QĐ/TW", n2);
        tr_buf_adds(b, "Theo Quyết định số ");
        char tmp[64];
        snprintf(tmp, sizeof tmp, "%u, ", a);
        tr_buf_adds(b, tmp);
        write_number(b, c2);
        tr_buf_adds(b, " của Bộ Chính trị, ");
        note(c, c1);
        note(c, c2);
    } else {
        /* a local document of the same province */
        static const char *const w[] = {"Chỉ thị", "Kế hoạch", "Nghị quyết", "Công văn"};
        static const char *const code[] = {"CT", "KH", "NQ", "CV"};
        unsigned t = gen_pick(4);
        char canon[64];
        snprintf(canon, sizeof canon, "%u-%s/TU", 1 + gen_pick(400), code[t]);
        tr_buf_adds(b, "Căn cứ ");
        tr_buf_adds(b, w[t]);
        tr_buf_adds(b, " số ");
        write_number(b, canon);
        tr_buf_adds(b, " của Ban Thường vụ Tỉnh ủy, ");
        note(c, canon);
    }
}

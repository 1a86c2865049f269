/* t_qcompile — typed queries to Xapian terms, highlight words, numbers. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tap.h"
#include "tr_qparse.h"

/* Xapian's description of the compiled query, or the error message. */
static char *desc(const char *q, tr_mode mode, tr_qerror *e)
{
    tr_qast *a = NULL;
    tr_query *x = NULL;
    memset(e, 0, sizeof *e);
    if (tr_qparse(q, strlen(q), &a, e) != 0)
        return strdup("(parse error)");
    int rc = tr_qcompile(a, mode, &x, e);
    tr_qast_free(a);
    if (rc != 0)
        return strdup("(error)");
    char *d = tr_q_describe(x);
    tr_q_free(x);
    return d;
}

static void has(const char *q, tr_mode mode, const char *want, int present)
{
    tr_qerror e;
    char *d = desc(q, mode, &e);
    ok(d && (strstr(d, want) != NULL) == present, "%s %s %s in %s", q,
       present ? "has" : "lacks", want, d ? d : "(null)");
    free(d);
}

static void error_at(const char *q, size_t pos, const char *msg)
{
    tr_qerror e;
    char *d = desc(q, TR_MODE_AUTO, &e);
    ok(strcmp(d, "(error)") == 0 && e.pos == pos && strstr(e.msg, msg),
       "%s: error at %zu (%zu) «%s»", q, pos, e.pos, e.msg);
    free(d);
}

int main(void)
{
    /* auto: marks typed -> exact key; none -> folded key */
    has("bán", TR_MODE_AUTO, "bán", 1);
    has("bán", TR_MODE_AUTO, "XFban", 0);
    has("ban", TR_MODE_AUTO, "XFban", 1);
    has("hoà", TR_MODE_AUTO, "hòa", 1);          /* new-style tone, old-style key */
    has("ho\xcc\x80\x61", TR_MODE_AUTO, "hòa", 1); /* NFD */
    has("ban", TR_MODE_EXACT, "XFban", 0);
    has("bán", TR_MODE_FOLD, "XFban", 1);
    has("bán", TR_MODE_FOLD, "AND_MAYBE", 1);    /* exact spelling ranks first */
    has("giải phóng", TR_MODE_AUTO, "PHRASE", 1); /* adjacency boost */
    has("\"giải phóng mặt bằng\"", TR_MODE_AUTO, "PHRASE 4", 1);
    has("kinh-tế", TR_MODE_AUTO, "PHRASE 2", 1);
    has("vaccines", TR_MODE_AUTO, "Zvaccin", 1);
    has("43-CT/TW", TR_MODE_AUTO, "XN43-CT/TW", 1);
    has("43-CT/TW", TR_MODE_AUTO, "XC43-CT/TW", 1);
    has("trich:\"43 ct/tw\"", TR_MODE_AUTO, "XC43-CT/TW", 1);
    has("trich:22-CT/TU@quang-ngai", TR_MODE_AUTO, "XC22-CT/TU@quang-ngai", 1);
    has("so:246-cv/tu", TR_MODE_AUTO, "XN246-CV/TU", 1);
    has("tinh:quang-ngai", TR_MODE_AUTO, "XPquang-ngai", 1);
    has("tỉnh:\"Quảng Ngãi\"", TR_MODE_AUTO, "XPquang-ngai", 1);
    has("nam:2019..2021", TR_MODE_AUTO, "Y2020", 1);
    has("nam:2019-2021", TR_MODE_AUTO, "Y2021", 1);
    has("coquan:\"ban dân vận tỉnh ủy\"", TR_MODE_AUTO, "XBban-dan-van-tinh-uy", 1);
    /* as a signature names it: the province's standing board (issue 17) */
    has("coquan:\"ban thuong vu\"", TR_MODE_AUTO, "XBban-thuong-vu-tinh-uy", 1);
    has("coquan:\"ban chấp hành\"", TR_MODE_AUTO, "XBban-chap-hanh-dang-bo-tinh", 1);
    has("loai:KH", TR_MODE_AUTO, "XTke-hoach", 1);
    has("dân vận -tôn", TR_MODE_AUTO, "AND_NOT", 1);
    has("tinh:kien-giang", TR_MODE_AUTO, "0 *", 1);     /* fields weigh nothing */
    error_at("tinh:atlantis", 5, "unknown province");
    error_at("dân vận nam:1800", 15, "bad year");   /* byte offset */
    error_at("nam:2100..1900", 4, "backwards");
    error_at("nam:1900..2100", 4, "200 years");
    error_at("so:hello", 3, "not a document number");

    tr_qast *a = NULL;
    const char *q = "\"giải phóng\" ban -cấm 43-CT/TW trich:217-QĐ/TW";
    ok(tr_qparse(q, strlen(q), &a, NULL) == 0, "parse");
    tr_qword *w;
    size_t n;
    ok(tr_qast_words(a, TR_MODE_AUTO, &w, &n) == 0, "words");
    is_int(n, 3, "three words (negated and numbers excluded)");
    if (n == 3) {
        ok(!strcmp(w[0].key, "giải") && !w[0].folded && w[0].group >= 0, "phrase word 1");
        ok(!strcmp(w[1].key, "phóng") && w[1].group == w[0].group, "phrase word 2, same group");
        ok(!strcmp(w[2].key, "ban") && w[2].folded && w[2].group == -1, "free folded word");
    }
    tr_qwords_free(w, n);
    char(*nums)[64];
    ok(tr_qast_numbers(a, &nums, &n) == 0 && n == 2, "two numbers");
    if (n == 2)
        ok(!strcmp(nums[0], "43-CT/TW") && !strcmp(nums[1], "217-QĐ/TW"), "canonical numbers");
    free(nums);
    ok(tr_qast_mode_matters(a), "marks typed: mode matters");
    tr_qast_free(a);
    ok(tr_qparse("ban dan", 7, &a, NULL) == 0 && !tr_qast_mode_matters(a), "no marks: mode does not matter");
    tr_qast_free(a);

    tr_query *f = NULL;
    tr_qerror e;
    ok(tr_qfield_query("province", "quang ngai", &f, &e) == 0 && f, "field query by English name");
    tr_q_free(f);
    ok(tr_qfield_query("tinh", "Atlantis", &f, &e) == -1 && strstr(e.msg, "unknown province"),
       "field query error: %s", e.msg);
    ok(tr_qfield_query("colour", "red", &f, &e) == -1, "unknown field refused");
    return tap_done();
}

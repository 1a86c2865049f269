/* t_sidecar — user-supplied metadata: values, aliases, and every error. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "tap.h"
#include "tr_meta.h"

static int apply(const char *text, tr_meta *m, char *err)
{
    err[0] = 0;
    return tr_meta_apply_sidecar_text("x.txt.meta", text, strlen(text), m, err, 256);
}

int main(void)
{
    tr_meta m = {0};
    char err[256];
    m.province.value = strdup("Kiên Giang");
    m.province.src = TR_SRC_BODY;
    is_int(apply("# comment\nnumber: 43 ct/tw\nloai: bao cao\ntinh: quang ngai\n"
                 "ngay: 8/2/2021\ncoquan: ban dan van tinh uy\nnguoiky: Nguyễn Văn A\n"
                 "title:  Báo cáo 6 tháng  \r\n\n",
                 &m, err), 0, "valid sidecar applies (%s)", err);
    is_str(m.number.value, "43-CT/TW", "number canonical");
    is_str(m.type.value, "Báo cáo", "type canonical");
    is_str(m.province.value, "Quảng Ngãi", "province overrides the extracted one");
    ok(m.province.src == TR_SRC_SIDECAR, "marked as sidecar");
    is_str(m.date.value, "2021-02-08", "D/M/YYYY date");
    is_str(m.year.value, "2021", "year follows the date");
    is_str(m.body.value, "Ban Dân vận Tỉnh ủy", "body canonical");
    is_str(m.signer.value, "Nguyễn Văn A", "signer");
    is_str(m.title.value, "Báo cáo 6 tháng", "title trimmed");
    {
        /* the type and body the text's number implied go with it: a new
         * number brings its own, a header's type stays */
        tr_meta s = {0};
        const char *t = "Số: 246-CV/TU\n\nnội dung\n";
        is_int(tr_meta_extract(t, strlen(t), &s), 0, "extract a letter");
        is_str(s.type.value, "Công văn", "type from the text's number");
        is_int(apply("so: 134-BC/BDVTU\n", &s, err), 0, "sidecar number (%s)", err);
        is_str(s.type.value, "Báo cáo", "…the sidecar's number implies the type");
        is_str(s.body.value, "Ban Dân vận Tỉnh ủy", "…and the body");
        tr_meta_free(&s);
        memset(&s, 0, sizeof s);
        t = "Số: 246-CV/TU\n\nKẾ HOẠCH\nVề x\n\nnội dung\n";
        is_int(tr_meta_extract(t, strlen(t), &s), 0, "extract a plan");
        is_int(apply("so: 134-BC/BDVTU\n", &s, err), 0, "sidecar number (%s)", err);
        is_str(s.type.value, "Kế hoạch", "…a type read from the header stays");
        tr_meta_free(&s);
        memset(&s, 0, sizeof s);
        is_int(apply("signed_for: ban thuong vu\n", &s, err), 0, "signed_for key (%s)", err);
        is_str(s.signed_for.value, "Ban Thường vụ Tỉnh ủy", "signed_for canonical like a body");
        ok(s.signed_for.src == TR_SRC_SIDECAR, "signed_for marked as sidecar");
        tr_meta_free(&s);
    }

    static const struct {
        const char *text, *msg;
    } bad[] = {
        {"province: Atlantis\n", "x.txt.meta:1: unknown province"},
        {"\n\ndate: 2021-13-01\n", "x.txt.meta:3: bad date"},
        {"year: 20x1\n", "x.txt.meta:1: bad year"},
        {"year: 1850\n", "x.txt.meta:1: bad year"},
        {"colour: red\n", "x.txt.meta:1: unknown key"},
        {"just text\n", "x.txt.meta:1: expected"},
        {"title:\n", "x.txt.meta:1: empty value"},
        {"number: hello\n", "x.txt.meta:1: \"hello\" is not a document number"},
        {"year: 2020\nnam: 2021\n", "x.txt.meta:2: \"nam\" given twice"},
        {"date: 2020-01-01\nyear: 2021\n", "x.txt.meta: date 2020-01-01 and year 2021 disagree"},
        {"title: \xff\xfe\n", "x.txt.meta: not valid UTF-8"},
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        char *before = strdup(m.title.value);
        is_int(apply(bad[i].text, &m, err), -1, "bad sidecar %zu refused", i);
        ok(strncmp(err, bad[i].msg, strlen(bad[i].msg)) == 0, "message «%s»", err);
        ok(strchr(err, '\n') == NULL, "one line");
        is_str(m.title.value, before, "metadata unchanged on error");
        free(before);
    }
    char big[1200];
    memset(big, 'a', sizeof big);
    memcpy(big, "title: ", 7);
    big[sizeof big - 1] = 0;
    is_int(apply(big, &m, err), -1, "overlong value refused");
    tr_meta_free(&m);

    /* Files: absent, present, huge. */
    char dir[] = "/tmp/t_sidecar.XXXXXX";
    if (!mkdtemp(dir))
        tap_bail("mkdtemp");
    char doc[4200], meta[4300];
    snprintf(doc, sizeof doc, "%s/a.txt", dir);
    snprintf(meta, sizeof meta, "%s.meta", doc);
    is_int(tr_meta_apply_sidecar(doc, &m, err, sizeof err), 1, "no sidecar: 1");
    FILE *f = fopen(meta, "w");
    fputs("year: 2015\n", f);
    fclose(f);
    is_int(tr_meta_apply_sidecar(doc, &m, err, sizeof err), 0, "sidecar file applied");
    is_str(m.year.value, "2015", "year from file");
    f = fopen(meta, "w");
    for (int i = 0; i < 10000; i++)
        fputs("# padding padding padding\n", f);
    fclose(f);
    is_int(tr_meta_apply_sidecar(doc, &m, err, sizeof err), -1, "huge sidecar refused");
    ok(strstr(err, "a.txt.meta") && strstr(err, "larger"), "message names it: %s", err);
    unlink(meta);
    rmdir(dir);
    tr_meta_free(&m);
    return tap_done();
}

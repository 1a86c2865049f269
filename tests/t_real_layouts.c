/* t_real_layouts — metadata and citations on the layouts real documents
 * come in (issue 14).  Each fixture in tests/fixtures/real/ is text written
 * for this test (no real document is copied) that reproduces one layout or
 * citation form seen in the study set of docs/study/: a State header broken
 * one word per line, header cells flattened with tabs, " | " or spaces, a
 * place-date line split over lines, literal "\r\n" escapes, hyphens lost in
 * a PDF export, a reprint stating its own number in prose, a cited number in
 * a capitalised title, OCR's "TƯ" for a provincial TU, joint bodies and
 * numbers, issuer codes with '&' and '.'.  Every expectation fails if its
 * case regresses. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tap.h"
#include "tr_cite.h"
#include "tr_meta.h"

static char *slurp(const char *name, size_t *len)
{
    const char *top = getenv("top_srcdir");
    char path[4096];
    snprintf(path, sizeof path, "%s/tests/fixtures/real/%s", top ? top : "..", name);
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    char *b = malloc(1 << 16);
    *len = b ? fread(b, 1, (1 << 16) - 1, f) : 0;
    if (b)
        b[*len] = 0;
    fclose(f);
    return b;
}

static const char *v(const tr_field *f)
{
    return f->value ? f->value : "-";
}

/* Expected values; "-" is unknown, NULL is not checked.  cites: every
 * canonical number that must be found, space separated; none: numbers that
 * must not be. */
static const struct {
    const char *file, *number, *type, *body, *province, *date, *year, *cites, *none;
} cases[] = {
    {"state-word-per-line.txt", "1347/KH-UBND", "Kế hoạch", "UBND tỉnh", "Hà Nam",
     "2016-06-23", "2016", "329/QĐ-TTg", NULL},
    {"state-pipe-row.txt", "88/QĐ-UBND", "Quyết định", "UBND tỉnh", "Hà Nam", "2019-03-05",
     "2019", "30/2020/NĐ-CP", NULL},
    {"party-tab-row.txt", "35-BC/TU", "Báo cáo", "Tỉnh ủy", "Thanh Hóa", "2021-03-02", "2021",
     "5-CT/TW", "35-BC/TU"},
    {"hdnd-split.txt", "12/2020/NQ-HĐND", "Nghị quyết", "HĐND tỉnh", "Nam Định", "2020-07-10",
     "2020", "34/2019/NĐ-CP", "12/2020/NQ-HĐND"},
    {"joint-ubnd-mttq.txt", "2/QCPH/UBND-UBMTTQ", "Quy chế", "UBND tỉnh và Ủy ban MTTQ tỉnh",
     "Cao Bằng", "2018-01-09", "2018", "19/2008/NQLT/CP-UBTUMTTQVN 1/QCPH/UBND-UBMTTQ", NULL},
    {"so-header.txt", "415/STTTT-BCVT", "Công văn", "Sở Thông tin và Truyền thông", "Phú Thọ",
     "2023-08-14", "2023", "26/TB-VP.UBND 5104/BTTTT-PTTH&TTĐT", "26/TB-VP 5104/BTTTT-PTTH"},
    {"van-phong-tinh-uy.txt", "210-CV/VPTU", "Công văn", "Văn phòng Tỉnh ủy", "Lào Cai",
     "2024-04-03", "2024", NULL, NULL},
    {"reprint-prose.txt", "19-NQ/TU", "Nghị quyết", "Ban Chấp hành Đảng bộ tỉnh", "-",
     "2019-11-25", "2019", "8-CT/TW", "19-NQ/TU"},
    {"reprint-just-issued.txt", "512-CV/BTGTU", "Công văn", "Ban Tuyên giáo Tỉnh ủy", "Cà Mau",
     NULL, NULL, "96-HD/BTGTW", "512-CV/BTGTU"},
    {"caps-title-citation.txt", "-", "Chương trình", "UBND tỉnh", "-", "-", "-", "164-KH/TU",
     NULL},
    {"ocr-tu.txt", "77-KL/TU", "Kết luận", "Tỉnh ủy", "Bắc Giang", "2022-06-06", "2022",
     "21-NQ/TU 5-CT/TW", "21-NQ/TW 77-KL/TU"},
    {"tu-central.txt", "-", NULL, NULL, NULL, NULL, NULL, "18-NQ/TW", "18-NQ/TU"},
    {"letter-spaces-row.txt", "301/UBND-VX", "Công văn", "UBND tỉnh", "Bạc Liêu", "2015-05-04",
     "2015", "1150/LĐTBXH-TE", NULL},
    {"literal-escapes.txt", "54/KH-UBND", "Kế hoạch", "UBND tỉnh", "Yên Bái", "2021-04-02",
     "2021", "90/QĐ-TTg", "54/KH-UBND"},
    {"pdf-lost-hyphens.txt", "220/QĐ-UBND", "Quyết định", "UBND tỉnh", "Trà Vinh", "2021-02-11",
     "2021", "61/2018/NĐ-CP 1/2018/TT-VPCP", "61/2018/NĐCP 1/2018/TTVPCP"},
    {"city-pipe.txt", "7/2021/QĐ-UBND", "Quyết định", "UBND thành phố", "Cần Thơ", "2021-09-03",
     "2021", "118/TTr-SCT", NULL},
    {"citation-forms.txt", "-", NULL, NULL, NULL, NULL, NULL,
     "48/2013/NĐ-CP 30a/2008/NQ-CP 95/TTr-SNgV 1/1999/QĐ-UB 2231/SNV-CCHC&PC",
     "1/1999/QĐ 2231/SNV-CCHC 30/2008/NQ-CP"},
};

static int has(const tr_cite_list *l, const char *canon)
{
    for (size_t k = 0; k < l->n; k++)
        if (strcmp(l->v[k].canon, canon) == 0)
            return 1;
    return 0;
}

static void each(const char *list, const tr_cite_list *l, int want, const char *file)
{
    char buf[512];
    if (!list)
        return;
    snprintf(buf, sizeof buf, "%s", list);
    for (char *w = buf, *e; *w; w = e) {
        e = strchr(w, ' ');
        if (e)
            *e++ = 0;
        else
            e = w + strlen(w);
        ok(has(l, w) == want, "%s: %s %s", file, want ? "cites" : "does not cite", w);
    }
}

/* Titles: each ends where the document's title ends — not at the
 * enacting authority, the first section heading or a damaged "Căn cứ"
 * that follow it with no blank line between (docs/study d01, d02, d11,
 * d12, d14, d21, d23, d24, d41). */
static const struct {
    const char *file, *title;
} titles[] = {
    {"hdnd-enacting-line.txt",
     "QUY ĐỊNH MỨC CHI HỖ TRỢ CÔNG TÁC HÒA GIẢI Ở CƠ SỞ TRÊN ĐỊA BÀN TỈNH PHÚ YÊN"},
    {"plan-section-head.txt", "TRIỂN KHAI SỐ HÓA SỔ HỘ TỊCH TRÊN ĐỊA BÀN TỈNH NĂM 2024"},
    {"title-names-organ.txt",
     "BAN HÀNH QUY CHẾ PHỐI HỢP GIỮA ỦY BAN NHÂN DÂN TỈNH VÀ ỦY BAN MẶT TRẬN TỔ QUỐC VIỆT "
     "NAM TỈNH VỀ CÔNG TÁC TIẾP CÔNG DÂN CỦA ỦY BAN NHÂN DÂN TỈNH ĐỒNG THÁP"},
    {"state-pipe-row.txt", "Về việc thành lập tổ công tác số hóa hồ sơ"},
    {"pdf-lost-hyphens.txt", "VỀ VIỆC CÔNG BỐ DANH MỤC THỦ TỤC HÀNH CHÍNH"},
    {"letter-spaces-row.txt", "Hưởng ứng tháng hành động vì trẻ em"},
};

int main(void)
{
    for (size_t i = 0; i < sizeof titles / sizeof titles[0]; i++) {
        size_t len;
        char *t = slurp(titles[i].file, &len);
        tr_meta m = {0};
        ok(t && tr_meta_extract(t, len, &m) == 0, "%s: metadata", titles[i].file);
        is_str(v(&m.title), titles[i].title, "%s: title", titles[i].file);
        tr_meta_free(&m);
        free(t);
    }
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        size_t len;
        char *t = slurp(cases[i].file, &len);
        if (!t) {
            ok(0, "read %s", cases[i].file);
            continue;
        }
        tr_meta m = {0};
        tr_cite_list l = {0};
        is_int(tr_meta_extract(t, len, &m), 0, "%s: metadata", cases[i].file);
        const char *want[] = {cases[i].number, cases[i].type, cases[i].body,
                              cases[i].province, cases[i].date, cases[i].year};
        const tr_field *got[] = {&m.number, &m.type, &m.body, &m.province, &m.date, &m.year};
        const char *name[] = {"number", "type", "body", "province", "date", "year"};
        for (int f = 0; f < 6; f++)
            if (want[f])
                is_str(v(got[f]), want[f], "%s: %s", cases[i].file, name[f]);
        is_int(tr_cite_extract(t, len, m.number.value, &l), 0, "%s: citations", cases[i].file);
        each(cases[i].cites, &l, 1, cases[i].file);
        each(cases[i].none, &l, 0, cases[i].file);
        tr_cite_list_free(&l);
        tr_meta_free(&m);
        free(t);
    }
    return tap_done();
}

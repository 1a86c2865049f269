/* Tests for tr_cite: the number grammar on the examples, what is
 * not a citation (dates, money, ratios, the own number), canonical forms
 * of what users type, levels, scoping, dates and the citing sentence. */
#include "tap.h"
#include "tr_cite.h"

static tr_cite_list L;

static size_t run(const char *text, const char *own)
{
    tr_cite_list_free(&L);
    if (tr_cite_extract(text, strlen(text), own, &L) != 0)
        tap_bail("extract failed");
    if (getenv("T_CITE_VERBOSE"))
        tap_diag("%zu citation(s) in: %s", L.n, text);
    return L.n;
}

/* The canonical numbers found, joined by spaces. */
static const char *canons(const char *text)
{
    static char buf[512];
    size_t k, o = 0;
    run(text, NULL);
    buf[0] = 0;
    for (k = 0; k < L.n; k++)
        o += (size_t)snprintf(buf + o, sizeof buf - o, "%s%s", k ? " " : "",
                              L.v[k].canon);
    return buf;
}

static const char *span(const char *text, size_t k)
{
    static char buf[256];
    snprintf(buf, sizeof buf, "%.*s", (int)L.v[k].len, text + L.v[k].start);
    return buf;
}

static const char *sentence(const char *text, size_t k)
{
    static char buf[1024];
    snprintf(buf, sizeof buf, "%.*s", (int)L.v[k].sent_len, text + L.v[k].sent_start);
    return buf;
}

static const char *canonical(const char *in)
{
    static char out[TR_CANON_MAX];
    if (tr_cite_canonical(in, out) != 0)
        return NULL;
    return out;
}

static void examples(void)
{
    const char *t = "Thực hiện Chỉ thị số 43-CT/TW, ngày 14/5/2015 của Ban Bí thư.";
    is_int(run(t, NULL), 1, "Chỉ thị số 43-CT/TW: one citation");
    is_str(L.v[0].canon, "43-CT/TW", "canon");
    is_str(span(t, 0), "43-CT/TW", "span");
    is_str(L.v[0].type_code, "CT", "type code");
    is_str(L.v[0].type_name, "Chỉ thị", "type name");
    is_int(L.v[0].level, TR_LEVEL_CENTRAL, "TW is central");
    is_str(L.v[0].date, "2015-05-14", "date after the number");
    is_str(sentence(t, 0), t, "sentence is the whole line");

    is_str(canons("Nghị định số 60/2013/NĐ-CP, ngày 19 /06/2013 của Chính phủ"),
           "60/2013/NĐ-CP", "State decree");
    is_str(L.v[0].date, "2013-06-19", "date with a stray space");
    is_str(L.v[0].type_name, "Nghị định", "decree type name");
    is_str(canons("Công văn 887/UBND-NC ngày 06/3/2020"), "887/UBND-NC",
           "State letter");
    is_str(L.v[0].type_code, "CV", "letter: type from the word");
    is_int(L.v[0].level, TR_LEVEL_LOCAL, "UBND is local");

    t = "theo Thông báo Kết luận số 374- TB/TU, ngày 08/3/2018 của Ban";
    is_str(canons(t), "374-TB/TU", "stray space after the dash");
    is_str(span(t, 0), "374- TB/TU", "span keeps the text as written");
    is_str(L.v[0].type_name, "Thông báo", "type from the code");
    is_str(canons("Công văn 4156- CV/TU ngày 03/02/2020"), "4156-CV/TU",
           "Công văn 4156- CV/TU");
    is_str(canons("Công văn 4156 -CV/TU và 4157 - CV/TU"), "4156-CV/TU 4157-CV/TU",
           "space before the dash");

    t = "thực hiện các Quyết định số 217, 218-QĐ/TW ngày 12/12/2013 của Bộ Chính trị";
    is_str(canons(t), "217-QĐ/TW 218-QĐ/TW", "list sharing one suffix = two");
    is_str(span(t, 0), "217, 218-QĐ/TW", "list item span runs to the suffix");
    is_str(span(t, 1), "218-QĐ/TW", "last item span");
    is_str(L.v[0].date, "2013-12-12", "list items share the date");
    is_str(L.v[0].type_code, "QĐ", "list item type");
    is_str(canons("Quyết định số 217 và 218-QĐ/TW"), "217-QĐ/TW 218-QĐ/TW",
           "list with và");
    is_str(canons("Quyết định 217, 218, 219-QĐ/TW"),
           "217-QĐ/TW 218-QĐ/TW 219-QĐ/TW", "three items, no số");
    is_str(canons("trong năm 2019, 12-CT/TU được"), "12-CT/TU",
           "a year before a comma is not a list item");
    is_str(canons("ngày 12/12/2013, 218-QĐ/TW"), "218-QĐ/TW",
           "a date before a comma is not a list item");

    is_str(canons("Tiếp tục thực hiện Kết luận 114-KL/TW ngày 14/7/2015"),
           "114-KL/TW", "no số");
    is_str(L.v[0].date, "2015-07-14", "date, no số");
    is_str(canons("Quyết định số 217-QD/TW và Nghị định 60/2013/ND-CP"),
           "217-QĐ/TW 60/2013/NĐ-CP", "ASCII D for Đ");
    is_str(canons("Chương trình phối hợp số 52-CTr/BDV-BCSDUBND, ngày 19-4-2017"),
           "52-CTr/BDV-BCSĐUBND", "joint issuer");
    is_int(L.v[0].level, TR_LEVEL_LOCAL, "joint issuer with UBND is local");
    is_str(L.v[0].date, "2017-04-19", "dashed date");
    is_str(canons("(theo 374-TB/TU)"), "374-TB/TU", "no type word at all");
    is_str(L.v[0].type_code, "TB", "type from the code alone");
    is_str(canons("Pháp lệnh số 34/2007/PL-UBTVQH11 và Luật số 33/2013/QH13"),
           "34/2007/PL-UBTVQH11 33/2013/QH13", "ordinance and law");
    is_str(L.v[1].type_name, "Luật", "law: type name from the word");
    is_int(L.v[1].level, TR_LEVEL_CENTRAL, "QH13 is central");
    is_str(canons("Chỉ thị số 16/CT-TTg, ngày 16-5-2016 của Thủ tướng"),
           "16/CT-TTg", "TTg keeps its case");
    is_str(canons("Quy định số 12-QĐi/TU ngày 24/4/2018"), "12-QĐi/TU", "QĐi");
    is_str(L.v[0].type_name, "Quy định", "QĐi is Quy định");
    is_str(canons("Thông tri số 04-TT/TU ngày 12/4/2016"), "4-TT/TU",
           "leading zero dropped");
    is_str(L.v[0].type_name, "Thông tri", "Party TT is Thông tri");
    is_str(canons("Thông tư số 10/2019/TT-BNV"), "10/2019/TT-BNV", "circular");
    is_str(L.v[0].type_name, "Thông tư", "State TT is Thông tư");
    is_str(canons("Kết luận 43-CT/TW, 43-KL/TW, 43-KL/TU"),
           "43-CT/TW 43-KL/TW 43-KL/TU", "same number, three documents");
    is_str(canons("ngày 14 tháng 5 năm 2015"), "", "a long date is nothing");
    run("Chỉ thị số 43-CT/TW ngày 14 tháng 5 năm 2015 của", NULL);
    is_str(L.v[0].date, "2015-05-14", "long date after a number");
    run("Chỉ thị số 43-CT/TW về việc…, ngày 14/5/2015", NULL);
    is_str(L.v[0].date, "", "a date far after the number is not its date");
    run("Chỉ thị số 43-CT/TW ngày 31/13/2015", NULL);
    is_str(L.v[0].date, "", "impossible month refused");
    is_str(canons("Chỉ thị số 43-CT/TW-Ban Bí thư"), "43-CT/TW",
           "a word after '-' is not a joint issuer");
    is_str(canons("Chỉ thị\xC2\xA0số\xC2\xA0" "43-CT/TW"), "43-CT/TW",
           "non-breaking spaces");
    is_str(canons("CHỈ THỊ SỐ 05-CT/TU"), "5-CT/TU", "capitals");
    is_str(L.v[0].type_name, "Chỉ thị", "capitals: type name");
    is_str(canons("Chỉ thị 43-CT/ TW và 44-CT/Tỉnh ủy"), "43-CT/TW",
           "a space after '/'; a word is not an issuer");

    /* decomposed (NFD) text: the same words with combining marks */
    t = "Ca\xCC\x81" "c Quye\xCC\x82\xCC\x81t \xC4\x91i\xCC\xA3nh "
        "so\xCC\x82\xCC\x81 217 va\xCC\x80 218-QĐ/TW, nga\xCC\x80y 12/12/2013";
    is_str(canons(t), "217-QĐ/TW 218-QĐ/TW", "NFD: list after số and và");
    is_str(L.v[0].date, "2013-12-12", "NFD: ngày");
    is_str(L.v[0].type_name, "Quyết định", "NFD: type name");
    is_str(canons("Co\xCC\x82ng va\xCC\x86n 887/UBND-NC nga\xCC\x80y 14 "
                  "tha\xCC\x81ng 5 na\xCC\x86m 2015"), "887/UBND-NC", "NFD letter");
    is_str(L.v[0].type_name, "Công văn", "NFD: type word");
    is_str(L.v[0].date, "2015-05-14", "NFD: long date");
    is_str(canons("\nSo\xCC\x82\xCC\x81 246-CV/TU\n"), "", "NFD header number");
    is_str(canonical("Chi\xCC\x89 thi\xCC\xA3 43-CT/TW"), "43-CT/TW",
           "NFD type word typed by a user");
}

static void negatives(void)
{
    is_str(canons("ngày 14/5/2015 và ngày 12-4-1989, giai đoạn 2019-2024"), "",
           "dates and ranges");
    is_str(canons("tổng số tiền khoảng 25.503.200.000 đồng; 1.974 đoàn viên"), "",
           "money and thousands");
    is_str(canons("đạt 58,1%, 69,84% và 100%"), "", "percentages");
    is_str(canons("13/13 huyện; 712/957 ấp; 28/145 xã; 24/3"), "", "ratios");
    is_str(canons("1- Mục đích, yêu cầu\n2- Nâng cao chất lượng\n5.1- Công tác"),
           "", "list markers");
    is_str(canons("Covid-19, H2-M3/KH31/142, Điều 5/CT"), "", "codes inside words");
    is_str(canons("Nghị quyết 25 khóa XI"), "", "a bare number has no identity");
    is_str(canons("\n# TỈNH ỦY QUẢNG NGÃI\n\n\\*\n\nSố 246-CV/TU\n\n*Quảng Ngãi*"),
           "", "the header number is not a citation");
    is_str(canons("| TỈNH ỦY | Số: 246-CV/TU |"), "", "header in a table cell");
    is_str(canons("Tỉnh ủy ban hành Công văn Số 12-CV/TU"), "12-CV/TU",
           "capital Số mid-sentence is a citation");
    is_int(run("Công văn 246-CV/TU này thay Công văn 245-CV/TU", "246-CV/TU"), 1,
           "own number skipped");
    is_str(L.v[0].canon, "245-CV/TU", "the other one stays");
    is_int(run("Công văn 246- CV/TU", "Công văn số 246-cv/tu"), 0,
           "own number given as typed");
    is_str(canons("43-ct/tw và 43 CT/TW"), "", "running text wants the code form");
    is_str(canons(""), "", "empty text");
    is_str(canons("12345678-CT/TW"), "", "a number too long");
}

static void user_input(void)
{
    is_str(canonical("43 ct/tw"), "43-CT/TW", "43 ct/tw");
    is_str(canonical("Chỉ thị 43-CT/TW"), "43-CT/TW", "with the type word");
    is_str(canonical("43-CT/TW"), "43-CT/TW", "already canonical");
    is_str(canonical("chi thi so 43-ct/tw"), "43-CT/TW", "unmarked type word, so");
    is_str(canonical("Chỉ thị số: 43 - CT / TW"), "43-CT/TW", "spaces everywhere");
    is_str(canonical("60/2013/ND-CP"), "60/2013/NĐ-CP", "ND -> NĐ");
    is_str(canonical("60 / 2013 / nđ-cp"), "60/2013/NĐ-CP", "lower đ");
    is_str(canonical("08-CT/TU"), "8-CT/TU", "leading zero, same rule as the text");
    is_str(canonical("12-qdi/tu"), "12-QĐi/TU", "qdi -> QĐi");
    is_str(canonical("217 qd/tw"), "217-QĐ/TW", "qd -> QĐ");
    is_str(canonical("36-HD/VPTW"), "36-HD/VPTW", "HD stays HD");
    is_str(canonical("16/ct-ttg"), "16/CT-TTg", "ttg -> TTg");
    is_str(canonical("51-ctr/tu"), "51-CTr/TU", "ctr -> CTr");
    is_str(canonical("43-CT/TƯ"), "43-CT/TW", "TƯ is TW");
    is_str(canonical("77/2017/NQ-HDND"), "77/2017/NQ-HĐND", "HĐND restored");
    is_str(canonical("887/ubnd-nc"), "887/UBND-NC", "letter");
    is_str(canonical("Quyết định 217-QĐ/TW."), "217-QĐ/TW", "trailing period");
    is_str(canonical("22-ct/tu@quang-ngai"), "22-CT/TU", "scope left to the caller");
    ok(canonical("Nghị quyết 25") == NULL, "no code: not a number");
    ok(canonical("2020") == NULL, "a year");
    ok(canonical("14/5/2015") == NULL, "a date");
    ok(canonical("hello 43-CT/TW") == NULL, "other words before");
    ok(canonical("43-CT/TW abc") == NULL, "other words after");
    ok(canonical(NULL) == NULL, "NULL");
}

static void codes(void)
{
    char code[16], out[96];
    tr_cite_type_code("43-CT/TW", code);
    is_str(code, "CT", "type code of 43-CT/TW");
    tr_cite_type_code("60/2013/NĐ-CP", code);
    is_str(code, "NĐ", "type code of 60/2013/NĐ-CP");
    tr_cite_type_code("887/UBND-NC", code);
    is_str(code, "", "a letter has no type code");
    tr_cite_type_code("52-CTr/BDV-BCSĐUBND", code);
    is_str(code, "CTr", "type code of a joint number");
    tr_cite_type_code("not a number", code);
    is_str(code, "", "garbage has no type code");
    is_str(tr_cite_type_name("QĐi"), "Quy định", "QĐi name");
    is_str(tr_cite_type_name("ĐA"), "Đề án", "ĐA name");
    ok(tr_cite_type_name("XYZ") == NULL, "unknown code");
    is_str(tr_cite_name("10/2019/TT-BNV"), "Thông tư", "name from the form");
    is_str(tr_cite_name("4-TT/TU"), "Thông tri", "name from the form, Party");

    is_int(tr_cite_level("43-CT/TW"), TR_LEVEL_CENTRAL, "TW");
    is_int(tr_cite_level("36-HD/VPTW"), TR_LEVEL_CENTRAL, "VPTW");
    is_int(tr_cite_level("15/QĐ-TTg"), TR_LEVEL_CENTRAL, "TTg");
    is_int(tr_cite_level("34/2007/PL-UBTVQH11"), TR_LEVEL_CENTRAL, "UBTVQH11");
    is_int(tr_cite_level("22-CT/TU"), TR_LEVEL_LOCAL, "TU");
    is_int(tr_cite_level("3-NQ/HU"), TR_LEVEL_LOCAL, "HU");
    is_int(tr_cite_level("7-NQ/ĐU"), TR_LEVEL_LOCAL, "ĐU");
    is_int(tr_cite_level("134-KH/BDVTU"), TR_LEVEL_LOCAL, "BDVTU");
    is_int(tr_cite_level("77/2017/NQ-HĐND"), TR_LEVEL_LOCAL, "HĐND");
    is_int(tr_cite_level("1018/QĐ-UBND"), TR_LEVEL_LOCAL, "UBND");
    is_int(tr_cite_level("1-KH/XYZ"), TR_LEVEL_UNKNOWN, "unknown issuer");

    ok(tr_cite_scoped("22-CT/TU", "quang-ngai", out, sizeof out) == 0, "scoped");
    is_str(out, "22-CT/TU@quang-ngai", "local number gets the province");
    tr_cite_scoped("22-CT/TU", "kien-giang", out, sizeof out);
    is_str(out, "22-CT/TU@kien-giang", "another province, another id");
    tr_cite_scoped("43-CT/TW", "quang-ngai", out, sizeof out);
    is_str(out, "43-CT/TW", "central number is not scoped");
    tr_cite_scoped("22-CT/TU", "", out, sizeof out);
    is_str(out, "22-CT/TU", "unknown province: unscoped");
    tr_cite_scoped("22-CT/TU", NULL, out, sizeof out);
    is_str(out, "22-CT/TU", "NULL province: unscoped");
    ok(tr_cite_scoped("22-CT/TU", "quang-ngai", out, 10) == -1, "too small");
}

static void sentences(void)
{
    const char *t =
        "Mở đầu. Tiếp theo.\n"
        "- Thực hiện Chỉ thị số 43-CT/TW của Ban Bí thư. Câu sau.\n"
        "¹⁰ Chương trình số 52-CTr/TU, ngày 19-4-2017; Kế hoạch số 400-KH/TU về X\n"
        "(6) Thực hiện Công văn số 882-CV/TU của Ban";
    is_int(run(t, NULL), 4, "four citations");
    is_str(sentence(t, 0), "Thực hiện Chỉ thị số 43-CT/TW của Ban Bí thư.",
           "list marker trimmed, period kept");
    is_str(sentence(t, 1), "Chương trình số 52-CTr/TU, ngày 19-4-2017",
           "footnote marker trimmed, cut at ';'");
    is_str(sentence(t, 2), "Kế hoạch số 400-KH/TU về X", "after ';'");
    is_str(sentence(t, 3), "Thực hiện Công văn số 882-CV/TU của Ban",
           "(6) trimmed, text end");
    {
        /* a very long sentence is cut at word boundaries */
        char big[4096];
        size_t o = 0, k;
        for (k = 0; k < 60; k++)
            o += (size_t)snprintf(big + o, sizeof big - o, "chữ %zu ", k);
        o += (size_t)snprintf(big + o, sizeof big - o, "Kết luận 62-KL/TW ");
        for (k = 0; k < 60; k++)
            o += (size_t)snprintf(big + o, sizeof big - o, "và %zu ", k);
        run(big, NULL);
        ok(L.n == 1 && L.v[0].sent_len < 600 && L.v[0].sent_start > 0 &&
               big[L.v[0].sent_start - 1] == ' ' &&
               big[L.v[0].sent_start + L.v[0].sent_len] == ' ',
           "long sentence clipped at spaces");
    }
}

/* Forms seen in real documents (issue 14; text written for this test). */
static void real_forms(void)
{
    is_str(canons("theo Thông báo số 26/TB-VP.UBND của Văn phòng"), "26/TB-VP.UBND",
           "issuer code with a dot");
    is_str(canons("Công văn số 5104/BTTTT-PTTH&TTĐT của Bộ"), "5104/BTTTT-PTTH&TTĐT",
           "issuer code with an ampersand");
    is_str(canons("Nghị quyết liên tịch số 19/2008/NQLT/CP-UBTUMTTQVN ngày 22/8/2008"),
           "19/2008/NQLT/CP-UBTUMTTQVN", "joint number with three slashes");
    is_str(canons("theo Quy chế số 01/QCPH/UBND-UBMTTQ ngày 3/2/2012"), "1/QCPH/UBND-UBMTTQ",
           "joint regulation number");
    is_str(canons("tại Tờ trình số 118/TTr- STTTT ngày 20/12/2023"), "118/TTr-STTTT",
           "a space after the hyphen");
    is_str(canons("Căn cứ Nghị định s48/2013/NĐ-CP ngày 14/5/2013"), "48/2013/NĐ-CP",
           "'số' damaged to 's' and glued");
    is_str(canons("Căn cứ Nghị định số 61/2018/NĐCP và Quyết định số 2468/QĐUBND"),
           "61/2018/NĐ-CP 2468/QĐ-UBND", "hyphen lost by a PDF export");
    is_str(canons("theo Công văn số 3/NĐBCSDHĐND"), "3/NĐ-BCSĐHĐND",
           "glued issuer spelled as after a hyphen (fuzz_cite, 2026-11-28)");
    is_str(canons("Nghị quyết số 30a/2008/NQ-CP và số 30c/NQ-CP"), "30a/2008/NQ-CP 30c/NQ-CP",
           "lettered numbers");
    /* fuzz_cite, 2026-11-29: the zeros of "0d" were all stripped, leaving
     * "d/2006/NĐ-CP", which is not a number */
    is_str(canons("Nghị định số 0d/2006/NĐ-CP và số 00a/2006/NĐ-CP"), "0d/2006/NĐ-CP 0a/2006/NĐ-CP",
           "a lettered number keeps its last zero (fuzz_cite, 2026-11-29)");
    is_str(canonical("0d/2006/nđ-cp"), "0d/2006/NĐ-CP", "typed lettered zero number");
    is_str(canonical("0d/2006/NĐ-CP"), "0d/2006/NĐ-CP", "0d/… is its own canonical form");
    is_str(canons("Quyết định số 007, 08-QĐ/TW"), "7-QĐ/TW 8-QĐ/TW",
           "a list's numbers lose their leading zeros");
    is_str(canons("thay thế Quyết định số 01/1999/QĐ.UB ngày 15/01/1999"), "1/1999/QĐ-UB",
           "the old dot between type and issuer");
    is_str(canons("Tờ trình số 495/TTr-SNgV ngày 24/5/2017"), "495/TTr-SNgV",
           "mixed-case issuer SNgV");
    is_str(canons("sau 10 năm thực hiện Nghị quyết 13-NQ/TƯ của Tỉnh ủy (khóa XIV)"), "13-NQ/TU",
           "OCR TƯ followed by 'của Tỉnh ủy' is a provincial TU");
    is_str(canons("Nghị quyết số 18-NQ/TƯ ngày 25/10/2017 của Ban Chấp hành Trung ương"),
           "18-NQ/TW", "TƯ of the Central Committee stays TW");
    run("\nTỈNH ỦY X\nSố 445-KL/TƯ\nNghị quyết 13-NQ/TƯ (khóa XIV), Chỉ thị 05-CT/TW.\n",
        "445-KL/TU");
    is_str(L.n == 2 ? L.v[0].canon : "?", "13-NQ/TU",
           "in a text whose own number is an OCR TƯ, every TƯ is TU");
    is_str(canons("\nCHƯƠNG TRÌNH\nSỐ 164-KH/TU NGÀY 24 THÁNG 8 NĂM 2022 CỦA BAN THƯỜNG VỤ\n"),
           "164-KH/TU", "a cited number starting a capitalised title line is cited");
    is_str(canons("\nSố:\n21/2022/NQ-HĐND\n|\n"), "", "'Số:' with the number on the next line");
    is_int(tr_cite_level("1/QCPH/UBND"), TR_LEVEL_LOCAL,
           "a joint number whose issuer has no hyphen (found by fuzzing)");
    is_int(tr_cite_level("19/2008/NQLT/CP-UBTUMTTQVN"), TR_LEVEL_CENTRAL, "joint central");
    run("Quyết định số 1961/2019/QĐ-UBND tỉnh Kiên Giang\n", "1961/QĐ-UBND");
    is_int(L.n, 0, "the own number restated with its year is not a citation");
}

int main(void)
{
    real_forms();
    examples();
    negatives();
    user_input();
    codes();
    sentences();
    tr_cite_list_free(&L);
    return tap_done();
}

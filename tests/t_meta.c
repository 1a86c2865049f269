/* t_meta — metadata extraction: the seed facts (issue 4) and header variants. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tap.h"
#include "tr_meta.h"

static char *slurp(const char *name, size_t *len)
{
    return tap_fixture("corpus/samples", name, len);
}

static const char *v(const tr_field *f)
{
    return f->value ? f->value : "(unknown)";
}

static void extract(const char *text, tr_meta *m)
{
    memset(m, 0, sizeof *m);
    ok(tr_meta_extract(text, strlen(text), m) == 0, "extract");
}

/* The facts of issue 4, read off the seeds by a person; signed_for (issue
 * 17) is the organ of each signature block: K/T TRƯỞNG BAN of the Ban Dân
 * vận's report, T/M BAN THƯỜNG VỤ under 001, 003 and 004 (003's header
 * and 004's own sentence name another body). */
static const struct {
    const char *file, *type, *body, *province, *year, *date, *number, *signed_for;
} seeds[] = {
    {"000_4a1e5ee3c0eafb22.txt", "Báo cáo", "Ban Dân vận Tỉnh ủy", "Quảng Ngãi", "2020", NULL, NULL,
     "Ban Dân vận Tỉnh ủy"},
    {"001_f0ce601e5f83c249.txt", "Báo cáo", "Ban Thường vụ Tỉnh ủy", "Kiên Giang", "2019", NULL, NULL,
     "Ban Thường vụ Tỉnh ủy"},
    {"002_81cd06210f247496.txt", NULL, "Ban Dân vận Tỉnh ủy", NULL, "2018", NULL, NULL, NULL},
    {"003_743e7a8b74290be1.txt", "Công văn", "Tỉnh ủy", "Quảng Ngãi", "2021", "2021-02-08", "246-CV/TU",
     "Ban Thường vụ Tỉnh ủy"},
    {"004_b7ad970acadcf5d4.txt", "Kế hoạch", "Ban Chấp hành Đảng bộ tỉnh", NULL, "2020", NULL, NULL,
     "Ban Thường vụ Tỉnh ủy"},
};

int main(void)
{
    for (size_t i = 0; i < sizeof seeds / sizeof seeds[0]; i++) {
        size_t len;
        char *t = slurp(seeds[i].file, &len);
        tr_meta m = {0};
        if (!t) {
            ok(0, "read %s", seeds[i].file);
            continue;
        }
        is_int(tr_meta_extract(t, len, &m), 0, "%s: extract", seeds[i].file);
        is_str(v(&m.type), seeds[i].type ? seeds[i].type : "(unknown)", "%s: type", seeds[i].file);
        is_str(v(&m.body), seeds[i].body, "%s: body", seeds[i].file);
        is_str(v(&m.province), seeds[i].province ? seeds[i].province : "(unknown)",
               "%s: province", seeds[i].file);
        is_str(v(&m.year), seeds[i].year, "%s: year", seeds[i].file);
        is_str(v(&m.date), seeds[i].date ? seeds[i].date : "(unknown)", "%s: date", seeds[i].file);
        is_str(v(&m.number), seeds[i].number ? seeds[i].number : "(unknown)", "%s: number",
               seeds[i].file);
        is_str(v(&m.signed_for), seeds[i].signed_for ? seeds[i].signed_for : "(unknown)",
               "%s: signed_for", seeds[i].file);
        tr_meta_free(&m);
        free(t);
    }
    /* Sources of 003: header, number code, place-date, signature. */
    size_t len;
    char *t = slurp("003_743e7a8b74290be1.txt", &len);
    tr_meta m = {0};
    tr_meta_extract(t, len, &m);
    is_str(tr_source_name(m.province.src), "header", "003 province from the header");
    is_str(tr_source_name(m.type.src), "number", "003 type from the number code");
    is_str(tr_source_name(m.date.src), "place-date", "003 date from the place-date line");
    is_str(v(&m.signer), "Đặng Ngọc Huy", "003 signer");
    is_str(tr_source_name(m.body.src), "header", "003 body from the header, not the signature");
    is_str(tr_source_name(m.signed_for.src), "signature", "003 signed_for from the signature");
    ok(m.title.value && strstr(m.title.value, "Triển khai thực hiện công tác dân vận năm 2021"),
       "003 title is the subject line");
    tr_meta_free(&m);
    free(t);
    t = slurp("000_4a1e5ee3c0eafb22.txt", &len);
    tr_meta_extract(t, len, &m);
    is_str(tr_source_name(m.year.src), "title", "000 year from the title");
    is_str(tr_source_name(m.body.src), "body", "000 body from «Ban Dân vận Tỉnh ủy báo cáo»");
    is_str(v(&m.signer), "Trần Ngọc Nguyên", "000 signer after K/T TRƯỞNG BAN");
    tr_meta_free(&m);
    free(t);
    t = slurp("001_f0ce601e5f83c249.txt", &len);
    tr_meta_extract(t, len, &m);
    is_str(tr_source_name(m.body.src), "signature", "001 (no header) body from the signature");
    tr_meta_free(&m);
    free(t);

    /* Signature blocks (issue 17): the organ signed for, however written. */
    extract("ỦY BAN NHÂN DÂN\nTỈNH TIỀN GIANG\n\nQUYẾT ĐỊNH\nVề việc x\n\nNội dung.\n|\n"
            "TM.\nỦY BAN NHÂN DÂN TỈNH\nKT. CHỦ TỊCH\nPHÓ CHỦ TỊCH\nNguyễn Văn Phòng\n", &m);
    is_str(v(&m.signed_for), "UBND tỉnh", "TM. alone, the organ on the next line, KT. below");
    is_str(v(&m.signer), "Nguyễn Văn Phòng", "signer after KT. CHỦ TỊCH / PHÓ CHỦ TỊCH");
    tr_meta_free(&m);
    extract("ỦY BAN NHÂN DÂN TỈNH LẠNG SƠN\n\nSố: 847/UBND-VX\n\nNội dung.\n\n"
            "KT. CHỦ TỊCH\nPHÓ CHỦ TỊCH\n\nTrần Thành Lập\n", &m);
    is_str(v(&m.signed_for), "UBND tỉnh", "KT. CHỦ TỊCH of a UBND letter: the UBND");
    tr_meta_free(&m);
    extract("TỈNH ỦY BẮC KẠN\n*\nSố 12-TB/TU\n\nTHÔNG BÁO\nKết luận x\n\nNội dung.\n\n"
            "TL. BAN THƯỜNG VỤ\nCHÁNH VĂN PHÒNG\n\nLê Văn Bình\n", &m);
    is_str(v(&m.body), "Tỉnh ủy", "TL. block: the body stays the header's");
    is_str(v(&m.signed_for), "Ban Thường vụ Tỉnh ủy", "TL. BAN THƯỜNG VỤ");
    tr_meta_free(&m);
    extract("Số 7-CV/HU\n\nNội dung.\n\n**T/M BAN THƯỜNG VỤ\nBÍ THƯ**\n\nHồ Văn Cường\n", &m);
    is_str(v(&m.body), "Huyện ủy", "HU number: Huyện ủy");
    is_str(v(&m.signed_for), "Ban Thường vụ Huyện ủy", "a Huyện ủy's standing board");
    tr_meta_free(&m);
    extract("Các cấp ủy tiếp tục thực hiện.\n\nT/M BAN CHẤP HÀNH\nBÍ THƯ\n\nNgô Văn An\n", &m);
    is_str(v(&m.body), "Ban Chấp hành Đảng bộ tỉnh", "no header, no author sentence: body signed for");
    is_str(v(&m.signed_for), "Ban Chấp hành Đảng bộ tỉnh", "T/M BAN CHẤP HÀNH");
    tr_meta_free(&m);
    extract("Nội dung.\n\nVăn phòng đại diện\nQ. 1\nLê Thị Hoa\n", &m);
    ok(!m.signed_for.value && !m.signer.value, "\"Q. 1\" (a district) is no signature");
    tr_meta_free(&m);

    /* A full header, NFC. */
    extract("TỈNH ỦY KIÊN GIANG\nBAN DÂN VẬN\n*\nSố 134-KH/BDVTU\n\nĐẢNG CỘNG SẢN VIỆT NAM\n"
            "Rạch Giá, ngày 5 tháng 3 năm 2019\n\nKẾ HOẠCH\nTuyên truyền năm 2019\n\nNội dung.\n", &m);
    is_str(v(&m.body), "Ban Dân vận Tỉnh ủy", "header: TỈNH ỦY + BAN DÂN VẬN");
    is_str(v(&m.province), "Kiên Giang", "header province");
    is_str(v(&m.date), "2019-03-05", "place-date with the capital");
    is_str(v(&m.number), "134-KH/BDVTU", "own number");
    is_str(v(&m.type), "Kế hoạch", "type word line");
    is_str(v(&m.title), "Tuyên truyền năm 2019", "title");
    tr_meta_free(&m);
    /* The title ends at the enacting authority, a line of capitals naming
     * only an organ and a province, not at a wrapped title line that
     * starts with an organ and goes on to another. */
    extract("Số: 7/QĐ-UBND\nQUYẾT ĐỊNH\nBAN HÀNH QUY CHẾ PHỐI HỢP CÔNG TÁC\n"
            "ỦY BAN NHÂN DÂN TỈNH VÀ ỦY BAN MẶT TRẬN TỔ QUỐC TỈNH\n"
            "CHỦ TỊCH ỦY BAN NHÂN DÂN TỈNH AN GIANG\nCăn cứ Luật.\n", &m);
    is_str(v(&m.title), "BAN HÀNH QUY CHẾ PHỐI HỢP CÔNG TÁC ỦY BAN NHÂN DÂN TỈNH VÀ ỦY BAN "
           "MẶT TRẬN TỔ QUỐC TỈNH", "title: organ line going on kept, enacting line not");
    tr_meta_free(&m);
    extract("Số: 8/NQ-HĐND\nNGHỊ QUYẾT\nVỀ GIÁ DỊCH VỤ\n"
            "THƯỜNG TRỰC HỘI ĐỒNG NHÂN DÂN THÀNH PHỐ HẢI PHÒNG KHÓA XVI\nCăn cứ Luật.\n", &m);
    is_str(v(&m.title), "VỀ GIÁ DỊCH VỤ", "title ends at the HĐND with its term");
    tr_meta_free(&m);
    extract("Số: 9/QĐ-UBND\nQUYẾT ĐỊNH\nVỀ GIÁ DỊCH VỤ\nỦY BAN NHÂN DÂN TỈNH ATLANTIS\n\nx\n", &m);
    is_str(v(&m.title), "VỀ GIÁ DỊCH VỤ ỦY BAN NHÂN DÂN TỈNH ATLANTIS",
           "…but not at an organ of no known province");
    tr_meta_free(&m);
    extract("Số: 10/KH-UBND\nKẾ HOẠCH\nTRIỂN KHAI ĐỀ ÁN\nII. NHIỆM VỤ\nĐiều 1. x\n", &m);
    is_str(v(&m.title), "TRIỂN KHAI ĐỀ ÁN", "title ends at a section heading");
    tr_meta_free(&m);
    extract("Số: 11/KH-UBND\nKẾ HOẠCH\nTRIỂN KHAI ĐỀ ÁN\nĐiều 1. Phạm vi\n", &m);
    is_str(v(&m.title), "TRIỂN KHAI ĐỀ ÁN", "…or an article");
    tr_meta_free(&m);
    extract("Số: 13/KH-UBND\nKẾ HOẠCH\nTRIỂN KHAI ĐỀ ÁN\nPhần thứ nhất\n", &m);
    is_str(v(&m.title), "TRIỂN KHAI ĐỀ ÁN", "…or a part (Phần thứ nhất)");
    tr_meta_free(&m);
    extract("Số: 14/KH-UBND\nKẾ HOẠCH\nTHOÁI\nPHẦN VỐN NHÀ NƯỚC\nChương II\n", &m);
    is_str(v(&m.title), "THOÁI PHẦN VỐN NHÀ NƯỚC", "…not at PHẦN VỐN (V is no numeral there)");
    tr_meta_free(&m);
    /* An organ line ends the title only where an enacting authority's
     * neighbours follow (Căn cứ, KHÓA, a blank); before a second organ line
     * it finished the title; after CỦA, VÀ… it always does. */
    extract("Số: 15/QĐ-UBND\nQUYẾT ĐỊNH\nBAN HÀNH QUY CHẾ LÀM VIỆC CỦA VĂN PHÒNG\n"
            "ỦY BAN NHÂN DÂN TỈNH KIÊN GIANG\nỦY BAN NHÂN DÂN TỈNH KIÊN GIANG\nCăn cứ Luật.\n", &m);
    is_str(v(&m.title), "BAN HÀNH QUY CHẾ LÀM VIỆC CỦA VĂN PHÒNG ỦY BAN NHÂN DÂN TỈNH KIÊN GIANG",
           "title: an organ line before the enacting line finishes the title");
    tr_meta_free(&m);
    extract("Số: 16/NQ-HĐND\nNGHỊ QUYẾT\nVỀ VIỆC BẦU BỔ SUNG PHÓ CHỦ TỊCH\n"
            "HỘI ĐỒNG NHÂN DÂN TỈNH AN GIANG\nNHIỆM KỲ 2021 - 2026\n\nx\n", &m);
    is_str(v(&m.title), "VỀ VIỆC BẦU BỔ SUNG PHÓ CHỦ TỊCH HỘI ĐỒNG NHÂN DÂN TỈNH AN GIANG "
           "NHIỆM KỲ 2021 - 2026", "…and goes on where no enacting authority's neighbour follows");
    tr_meta_free(&m);
    extract("Số: 17/QĐ-UBND\nQUYẾT ĐỊNH\nVỀ TIẾP CÔNG DÂN CỦA\n"
            "ỦY BAN NHÂN DÂN TỈNH AN GIANG\nCăn cứ Luật.\n", &m);
    is_str(v(&m.title), "VỀ TIẾP CÔNG DÂN CỦA ỦY BAN NHÂN DÂN TỈNH AN GIANG",
           "…and after CỦA the organ line is the title's");
    tr_meta_free(&m);
    /* "Căn " before a capital is a damaged "Căn cứ"; "Căn cước" is a word */
    extract("Số: 18/KH-UBND\nKẾ HOẠCH\nVề giá dịch vụ\nCăn Luật Giá năm 2012;\n", &m);
    is_str(v(&m.title), "Về giá dịch vụ", "title ends at a damaged Căn cứ");
    tr_meta_free(&m);
    extract("Số: 19/KH-UBND\nKẾ HOẠCH\nTriển khai thi hành Luật\nCăn cước trên địa bàn tỉnh\n\nx\n", &m);
    is_str(v(&m.title), "Triển khai thi hành Luật Căn cước trên địa bàn tỉnh",
           "…not at Căn cước");
    tr_meta_free(&m);
    extract("Số: 20/QĐ-UBND\nQUYẾT ĐỊNH\nSỬA ĐỔI, BỔ SUNG\nĐIỀU 2 QUYẾT ĐỊNH SỐ 5/2019/QĐ-UBND\n\nx\n", &m);
    is_str(v(&m.title), "SỬA ĐỔI, BỔ SUNG ĐIỀU 2 QUYẾT ĐỊNH SỐ 5/2019/QĐ-UBND",
           "title goes on at ĐIỀU 2 followed by more words");
    tr_meta_free(&m);
    extract("Số: 21-BC/TU\nBÁO CÁO\nKẾT QUẢ NĂM 2023\nPHẦN THỨ NHẤT\nx\n", &m);
    is_str(v(&m.title), "KẾT QUẢ NĂM 2023", "title ends at PHẦN THỨ NHẤT");
    tr_meta_free(&m);
    extract("Số: 22-NQ/TU\nNGHỊ QUYẾT\n—–\nvề phát triển đô thị\n\nx\n", &m);
    is_str(v(&m.title), "Về phát triển đô thị", "a rule under the type word is passed over");
    tr_meta_free(&m);
    /* A rule under the title ends it; "QUYẾT ĐỊNH:" (the enacting formula,
     * where a page dropped the type line) gives the type, not a title. */
    extract("Số: 12-NQ/TU\nNGHỊ QUYẾT\nvề lãnh đạo phát triển đô thị\n—–\nmột đoạn văn\n", &m);
    is_str(v(&m.title), "Về lãnh đạo phát triển đô thị", "title ends at a rule line");
    tr_meta_free(&m);
    extract("Số: 41/2019/QĐ-UBND\nQUYẾT ĐỊNH:\nĐiều 2. Quyết định này có hiệu lực.\n", &m);
    is_str(v(&m.type), "Quyết định", "QUYẾT ĐỊNH: gives the type");
    is_str(v(&m.title), "(unknown)", "…but what follows it is no title");
    tr_meta_free(&m);
    /* What follows the type word or "V/v" continues it in the document but
     * stands alone as a title: its first letter becomes a capital (ư, đ
     * and composed vowels too); the rest is kept as written. */
    extract("Số: 5-CV/TU\nV/v ưu tiên vốn cho Đề án 06\n\nx\n", &m);
    is_str(v(&m.title), "Ưu tiên vốn cho Đề án 06", "a V/v subject starts with a capital");
    tr_meta_free(&m);
    extract("Số: 6-BC/TU\nBÁO CÁO\nđánh giá việc thực hiện Chỉ thị 43-CT/TW\n\nx\n", &m);
    is_str(v(&m.title), "Đánh giá việc thực hiện Chỉ thị 43-CT/TW", "…and a title under the type word");
    tr_meta_free(&m);
    extract("Số: 7-BC/TU\nBÁO CÁO\n6 tháng đầu năm 2020\n\nx\n", &m);
    is_str(v(&m.title), "6 tháng đầu năm 2020", "…a title starting with a digit is left alone");
    tr_meta_free(&m);
    /* Capital on the place-date line only: Quy Nhơn is Bình Định. */
    extract("Quy Nhơn, ngày 14 tháng 5 năm 2015\n\nBÁO CÁO\nSơ kết\n\nText.\n", &m);
    is_str(v(&m.province), "Bình Định", "capital -> province");
    is_str(tr_source_name(m.province.src), "place-date", "source place-date");
    tr_meta_free(&m);
    /* Without diacritics, and NFD, and new-style tone. */
    extract("TINH UY QUANG NGAI\nSo 12-CV/TU\nQuang Ngai, ngay 1 thang 2 nam 2022\n", &m);
    is_str(v(&m.province), "Quảng Ngãi", "header without diacritics");
    is_str(v(&m.date), "2022-02-01", "place-date without diacritics");
    tr_meta_free(&m);
    extract("TI\xcc\x89NH U\xcc\x89Y QUA\xcc\x89NG NGA\xcc\x83I\n\nBA\xcc\x81O CA\xcc\x81O\nKê\xcc\x81t qua\xcc\x89\n", &m);
    is_str(v(&m.province), "Quảng Ngãi", "NFD header");
    is_str(v(&m.type), "Báo cáo", "NFD type word");
    tr_meta_free(&m);
    extract("UỶ BAN NHÂN DÂN TỈNH THỪA THIÊN HUẾ\n\nCÔNG VĂN\nVề việc x\n\nNội dung.\n", &m);
    is_str(v(&m.province), "Thừa Thiên Huế", "new-style UỶ BAN header");
    is_str(v(&m.body), "UBND tỉnh", "UBND body");
    tr_meta_free(&m);
    /* Nothing to go on: everything unknown, never guessed. */
    extract("Các đồng chí cần thực hiện tốt nhiệm vụ.\n", &m);
    ok(!m.province.value && !m.body.value && !m.year.value && !m.type.value,
       "no evidence: all unknown");
    tr_meta_free(&m);
    /* One passing mention of a province is not enough. */
    extract("Báo Đồng Nai và tỉnh Đồng Nai đưa tin. Ban Dân vận tỉnh ủy đã làm.\n", &m);
    ok(!m.province.value, "one mention of a province is not evidence");
    tr_meta_free(&m);
    /* An object is not the author: "Giao Ban Dân vận Tỉnh ủy …". */
    extract("Giao Ban Dân vận Tỉnh ủy báo cáo kết quả.\n", &m);
    ok(!m.body.value, "object context is not the author");
    tr_meta_free(&m);
    extract("", &m);
    ok(!m.title.value && !m.number.value, "empty text");
    tr_meta_free(&m);
    /* Layouts seen in real Word files (own text): the date aligned with
     * double spaces, a capitalised table heading that folds like "SỞ …"
     * in a minutes form, the signature's one-word stand-in and the form's
     * "(Ký và ghi rõ họ tên)" placeholder. */
    extract("CHI ĐOÀN KHOA ĐIỆN\n"
            "ĐOÀN TNCS HỒ CHÍ MINH\n"
            "Hà Nội, ngày 12  tháng 10  năm 2024\n"
            "BIÊN BẢN KIỂM PHIẾU\n"
            "SỐ PHIẾU PHÁT RA\n"
            "Hôm nay đại hội đã bầu ban chấp hành mới.\n"
            "TM. TỔ BẦU CỬ\n"
            "TỔ TRƯỞNG\n"
            "(Ký và ghi rõ họ tên)\n"
            "Lan\n"
            "\n"
            "Trần Thị Lan\n", &m);
    is_str(v(&m.date), "2024-10-12", "a place-date aligned with double spaces is read");
    is_str(v(&m.body), "(unknown)", "a capitalised 'SỐ PHIẾU' heading is no State header");
    is_str(v(&m.signer), "Trần Thị Lan", "the signer skips the placeholder and the one-word stand-in");
    is_str(v(&m.signed_for), "(unknown)", "TM. TỔ BẦU CỬ names no known organ");
    tr_meta_free(&m);
    return tap_done();
}

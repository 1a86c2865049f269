/* t_gazetteer — the 63 provinces, their capitals and successors; bodies and types. */
#include <stdlib.h>
#include <string.h>

#include "tap.h"
#include "tr_meta.h"
#include "tr_normalize.h"

int main(void)
{
    size_t n;
    const tr_province *all = tr_province_all(&n);
    is_int(n, 63, "63 provinces and cities before July 2025");
    size_t bad = 0, successors = 0;
    for (size_t i = 0; i < n; i++) {
        char *s = tr_slug(all[i].name);
        if (tr_province_find(all[i].name) != &all[i] || tr_province_find(all[i].slug) != &all[i] ||
            tr_province_by_capital(all[i].capital) == NULL)
            bad++;
        free(s);
        const tr_province *succ = tr_province_find(all[i].successor);
        if (succ && strcmp(succ->name, all[i].successor) == 0)
            successors++;
        else if (strcmp(all[i].successor, "Huế") == 0)
            successors++;   /* Thừa Thiên Huế became the city of Huế */
    }
    is_int(bad, 0, "every entry found by name, slug and capital");
    is_int(successors, 63, "every successor is itself a pre-2025 unit's name (or Huế)");
    /* the 34 units of 2025 */
    size_t distinct = 0;
    for (size_t i = 0; i < n; i++) {
        size_t j = 0;
        while (j < i && strcmp(all[j].successor, all[i].successor) != 0)
            j++;
        distinct += j == i;
    }
    is_int(distinct, 34, "34 units from 1 July 2025");
    static const char *const forms[][2] = {
        {"quang ngai", "Quảng Ngãi"}, {"QUẢNG NGÃI", "Quảng Ngãi"}, {"tỉnh Quảng Ngãi", "Quảng Ngãi"},
        {"TP. Hồ Chí Minh", "Thành phố Hồ Chí Minh"}, {"HCM", "Thành phố Hồ Chí Minh"},
        {"tp hcm", "Thành phố Hồ Chí Minh"}, {"Thành phố Hồ Chí Minh", "Thành phố Hồ Chí Minh"},
        {"Bà Rịa-Vũng Tàu", "Bà Rịa - Vũng Tàu"}, {"dak lak", "Đắk Lắk"}, {"Huế", "Thừa Thiên Huế"},
        {"kien-giang", "Kiên Giang"}, {"Qua\xcc\x89ng Nga\xcc\x83i", "Quảng Ngãi"},
        {"Thanh Hoá", "Thanh Hóa"}, {"Khánh Hoà", "Khánh Hòa"},
    };
    for (size_t i = 0; i < sizeof forms / sizeof forms[0]; i++) {
        const tr_province *p = tr_province_find(forms[i][0]);
        is_str(p ? p->name : "(none)", forms[i][1], "find(%s)", forms[i][0]);
    }
    ok(!tr_province_find("Hà Tây") && !tr_province_find("Atlantis") && !tr_province_find(""),
       "unknown names are unknown");
    static const char *const caps[][2] = {
        {"Quy Nhơn", "Bình Định"}, {"Rạch Giá", "Kiên Giang"}, {"Buôn Ma Thuột", "Đắk Lắk"},
        {"Vinh", "Nghệ An"}, {"Biên Hoà", "Đồng Nai"}, {"Pleiku", "Gia Lai"}, {"TP. Đà Lạt", "Lâm Đồng"},
    };
    for (size_t i = 0; i < sizeof caps / sizeof caps[0]; i++) {
        const tr_province *p = tr_province_by_capital(caps[i][0]);
        is_str(p ? p->name : "(none)", caps[i][1], "capital %s", caps[i][0]);
    }
    is_str(tr_province_find("Kiên Giang")->successor, "An Giang", "Kiên Giang -> An Giang in 2025");
    is_str(tr_province_find("Kon Tum")->successor, "Quảng Ngãi", "Kon Tum -> Quảng Ngãi in 2025");
    static const char *const bodies[][2] = {
        {"BAN DÂN VẬN TỈNH UỶ", "Ban Dân vận Tỉnh ủy"}, {"ban dan van tinh uy", "Ban Dân vận Tỉnh ủy"},
        {"Tỉnh uỷ", "Tỉnh ủy"}, {"TỈNH ỦY", "Tỉnh ủy"}, {"BDVTU", "Ban Dân vận Tỉnh ủy"},
        {"Ban Thường vụ Tỉnh ủy", "Ban Thường vụ Tỉnh ủy"},
        {"BAN DÂN VẬN TỈNH ỦY QUẢNG NGÃI", "Ban Dân vận Tỉnh ủy"},
        {"Ủy ban nhân dân tỉnh", "UBND tỉnh"}, {"ban chap hanh dang bo tinh", "Ban Chấp hành Đảng bộ tỉnh"},
    };
    for (size_t i = 0; i < sizeof bodies / sizeof bodies[0]; i++) {
        const char *b = tr_body_canonical(bodies[i][0]);
        is_str(b ? b : "(none)", bodies[i][1], "body(%s)", bodies[i][0]);
    }
    ok(!tr_body_canonical("Hội Nông dân xã"), "unknown body");
    static const char *const types[][2] = {
        {"BÁO CÁO", "Báo cáo"}, {"bao cao", "Báo cáo"}, {"BC", "Báo cáo"}, {"KH", "Kế hoạch"},
        {"CV", "Công văn"}, {"Chỉ thị", "Chỉ thị"}, {"CTr", "Chương trình"}, {"QĐ", "Quyết định"},
        {"qd", "Quyết định"}, {"QĐi", "Quy định"}, {"kết luận", "Kết luận"}, {"nghi-quyet", "Nghị quyết"},
    };
    for (size_t i = 0; i < sizeof types / sizeof types[0]; i++) {
        const char *t = tr_type_canonical(types[i][0]);
        is_str(t ? t : "(none)", types[i][1], "type(%s)", types[i][0]);
    }
    ok(!tr_type_canonical("xyz"), "unknown type");
    return tap_done();
}

/*
 * tr_gazetteer — provinces, issuing bodies and document types as data.
 *
 * Provinces: the 63 provinces and centrally-run cities in force from 2008
 * (Hà Tây merged into Hà Nội) until 30 June 2025, with the seat of each
 * provincial government (what a place-date line names: "Quy Nhơn, ngày…"
 * is Bình Định) and the unit each belongs to from 1 July 2025 under
 * Resolution 202/2025/QH15 (63 -> 34).  Documents name the unit of their
 * time, so facets use the old name; the successor is kept for a later
 * mapping and is never substituted.
 *
 * Lookups compare slugs (tr_slug: folded, lower case, hyphens), so every
 * spelling with or without diacritics, any case, "tỉnh"/"TP." prefixes and
 * hyphens or spaces finds the same entry.
 */
#include <stdlib.h>
#include <string.h>

#include "tr_meta.h"
#include "tr_normalize.h"

static const tr_province provinces[] = {
    {"An Giang", "an-giang", "Long Xuyên", "An Giang"},
    {"Bà Rịa - Vũng Tàu", "ba-ria-vung-tau", "Bà Rịa", "Thành phố Hồ Chí Minh"},
    {"Bắc Giang", "bac-giang", "Bắc Giang", "Bắc Ninh"},
    {"Bắc Kạn", "bac-kan", "Bắc Kạn", "Thái Nguyên"},
    {"Bạc Liêu", "bac-lieu", "Bạc Liêu", "Cà Mau"},
    {"Bắc Ninh", "bac-ninh", "Bắc Ninh", "Bắc Ninh"},
    {"Bến Tre", "ben-tre", "Bến Tre", "Vĩnh Long"},
    {"Bình Định", "binh-dinh", "Quy Nhơn", "Gia Lai"},
    {"Bình Dương", "binh-duong", "Thủ Dầu Một", "Thành phố Hồ Chí Minh"},
    {"Bình Phước", "binh-phuoc", "Đồng Xoài", "Đồng Nai"},
    {"Bình Thuận", "binh-thuan", "Phan Thiết", "Lâm Đồng"},
    {"Cà Mau", "ca-mau", "Cà Mau", "Cà Mau"},
    {"Cần Thơ", "can-tho", "Cần Thơ", "Cần Thơ"},
    {"Cao Bằng", "cao-bang", "Cao Bằng", "Cao Bằng"},
    {"Đà Nẵng", "da-nang", "Đà Nẵng", "Đà Nẵng"},
    {"Đắk Lắk", "dak-lak", "Buôn Ma Thuột", "Đắk Lắk"},
    {"Đắk Nông", "dak-nong", "Gia Nghĩa", "Lâm Đồng"},
    {"Điện Biên", "dien-bien", "Điện Biên Phủ", "Điện Biên"},
    {"Đồng Nai", "dong-nai", "Biên Hòa", "Đồng Nai"},
    {"Đồng Tháp", "dong-thap", "Cao Lãnh", "Đồng Tháp"},
    {"Gia Lai", "gia-lai", "Pleiku", "Gia Lai"},
    {"Hà Giang", "ha-giang", "Hà Giang", "Tuyên Quang"},
    {"Hà Nam", "ha-nam", "Phủ Lý", "Ninh Bình"},
    {"Hà Nội", "ha-noi", "Hà Nội", "Hà Nội"},
    {"Hà Tĩnh", "ha-tinh", "Hà Tĩnh", "Hà Tĩnh"},
    {"Hải Dương", "hai-duong", "Hải Dương", "Hải Phòng"},
    {"Hải Phòng", "hai-phong", "Hải Phòng", "Hải Phòng"},
    {"Hậu Giang", "hau-giang", "Vị Thanh", "Cần Thơ"},
    {"Hòa Bình", "hoa-binh", "Hòa Bình", "Phú Thọ"},
    {"Thành phố Hồ Chí Minh", "ho-chi-minh", "Thành phố Hồ Chí Minh", "Thành phố Hồ Chí Minh"},
    {"Hưng Yên", "hung-yen", "Hưng Yên", "Hưng Yên"},
    {"Khánh Hòa", "khanh-hoa", "Nha Trang", "Khánh Hòa"},
    {"Kiên Giang", "kien-giang", "Rạch Giá", "An Giang"},
    {"Kon Tum", "kon-tum", "Kon Tum", "Quảng Ngãi"},
    {"Lai Châu", "lai-chau", "Lai Châu", "Lai Châu"},
    {"Lâm Đồng", "lam-dong", "Đà Lạt", "Lâm Đồng"},
    {"Lạng Sơn", "lang-son", "Lạng Sơn", "Lạng Sơn"},
    {"Lào Cai", "lao-cai", "Lào Cai", "Lào Cai"},
    {"Long An", "long-an", "Tân An", "Tây Ninh"},
    {"Nam Định", "nam-dinh", "Nam Định", "Ninh Bình"},
    {"Nghệ An", "nghe-an", "Vinh", "Nghệ An"},
    {"Ninh Bình", "ninh-binh", "Ninh Bình", "Ninh Bình"},
    {"Ninh Thuận", "ninh-thuan", "Phan Rang - Tháp Chàm", "Khánh Hòa"},
    {"Phú Thọ", "phu-tho", "Việt Trì", "Phú Thọ"},
    {"Phú Yên", "phu-yen", "Tuy Hòa", "Đắk Lắk"},
    {"Quảng Bình", "quang-binh", "Đồng Hới", "Quảng Trị"},
    {"Quảng Nam", "quang-nam", "Tam Kỳ", "Đà Nẵng"},
    {"Quảng Ngãi", "quang-ngai", "Quảng Ngãi", "Quảng Ngãi"},
    {"Quảng Ninh", "quang-ninh", "Hạ Long", "Quảng Ninh"},
    {"Quảng Trị", "quang-tri", "Đông Hà", "Quảng Trị"},
    {"Sóc Trăng", "soc-trang", "Sóc Trăng", "Cần Thơ"},
    {"Sơn La", "son-la", "Sơn La", "Sơn La"},
    {"Tây Ninh", "tay-ninh", "Tây Ninh", "Tây Ninh"},
    {"Thái Bình", "thai-binh", "Thái Bình", "Hưng Yên"},
    {"Thái Nguyên", "thai-nguyen", "Thái Nguyên", "Thái Nguyên"},
    {"Thanh Hóa", "thanh-hoa", "Thanh Hóa", "Thanh Hóa"},
    {"Thừa Thiên Huế", "thua-thien-hue", "Huế", "Huế"},
    {"Tiền Giang", "tien-giang", "Mỹ Tho", "Đồng Tháp"},
    {"Trà Vinh", "tra-vinh", "Trà Vinh", "Vĩnh Long"},
    {"Tuyên Quang", "tuyen-quang", "Tuyên Quang", "Tuyên Quang"},
    {"Vĩnh Long", "vinh-long", "Vĩnh Long", "Vĩnh Long"},
    {"Vĩnh Phúc", "vinh-phuc", "Vĩnh Yên", "Phú Thọ"},
    {"Yên Bái", "yen-bai", "Yên Bái", "Lào Cai"},
};

#define NPROV (sizeof provinces / sizeof provinces[0])

/* Other names people write. */
static const struct {
    const char *slug, *to;
} aliases[] = {
    {"hcm", "ho-chi-minh"},           {"tphcm", "ho-chi-minh"},
    {"tp-hcm", "ho-chi-minh"},        {"thanh-pho-ho-chi-minh", "ho-chi-minh"},
    {"sai-gon", "ho-chi-minh"},       {"hue", "thua-thien-hue"},
    {"brvt", "ba-ria-vung-tau"},      {"vung-tau", "ba-ria-vung-tau"},
    {"daklak", "dak-lak"},            {"dac-lac", "dak-lak"},
    {"daknong", "dak-nong"},          {"bac-can", "bac-kan"},
};

const tr_province *tr_province_all(size_t *n)
{
    *n = NPROV;
    return provinces;
}

/* The slug of a written name without the administrative prefix. */
static char *bare_slug(const char *name)
{
    char *s = tr_slug(name);
    if (!s)
        return NULL;
    static const char *const prefixes[] = {"thanh-pho-", "tinh-", "tp-", "t-p-", NULL};
    for (int i = 0; prefixes[i]; i++) {
        size_t n = strlen(prefixes[i]);
        if (strncmp(s, prefixes[i], n) == 0 && s[n]) {
            memmove(s, s + n, strlen(s + n) + 1);
            break;
        }
    }
    return s;
}

static const tr_province *by_slug(const char *slug)
{
    for (size_t i = 0; i < sizeof aliases / sizeof aliases[0]; i++)
        if (strcmp(slug, aliases[i].slug) == 0) {
            slug = aliases[i].to;
            break;
        }
    for (size_t i = 0; i < NPROV; i++)
        if (strcmp(slug, provinces[i].slug) == 0)
            return &provinces[i];
    return NULL;
}

const tr_province *tr_province_find(const char *name)
{
    if (!name)
        return NULL;
    char *s = bare_slug(name);
    if (!s)
        return NULL;
    const tr_province *p = by_slug(s);
    if (!p && strcmp(s, "thanh-pho-ho-chi-minh") != 0) {
        char *full = tr_slug(name);       /* "Thành phố Hồ Chí Minh" itself */
        if (full)
            p = by_slug(full);
        free(full);
    }
    free(s);
    return p;
}

const tr_province *tr_province_by_capital(const char *place)
{
    char *s = bare_slug(place);
    if (!s)
        return NULL;
    const tr_province *found = NULL;
    for (size_t i = 0; i < NPROV && !found; i++) {
        char *c = bare_slug(provinces[i].capital);
        if (c && strcmp(c, s) == 0)
            found = &provinces[i];
        free(c);
    }
    free(s);
    return found;
}

/* ---- issuing bodies ---- */

static const struct {
    const char *slug, *name;
} bodies[] = {
    {"ban-dan-van-tinh-uy", "Ban Dân vận Tỉnh ủy"},
    {"bdvtu", "Ban Dân vận Tỉnh ủy"},
    {"ban-dan-van", "Ban Dân vận Tỉnh ủy"},
    {"ban-thuong-vu-tinh-uy", "Ban Thường vụ Tỉnh ủy"},
    {"btvtu", "Ban Thường vụ Tỉnh ủy"},
    /* as a signature names it ("T/M BAN THƯỜNG VỤ") and a user types it:
     * in a provincial archive, the province's (as "ban dân vận" is) */
    {"ban-thuong-vu", "Ban Thường vụ Tỉnh ủy"},
    {"ban-chap-hanh", "Ban Chấp hành Đảng bộ tỉnh"},
    {"thuong-truc-tinh-uy", "Thường trực Tỉnh ủy"},
    {"tinh-uy", "Tỉnh ủy"},
    {"ban-chap-hanh-dang-bo-tinh", "Ban Chấp hành Đảng bộ tỉnh"},
    {"ban-chap-hanh-tinh-uy", "Ban Chấp hành Đảng bộ tỉnh"},
    {"ban-tuyen-giao-tinh-uy", "Ban Tuyên giáo Tỉnh ủy"},
    {"ban-to-chuc-tinh-uy", "Ban Tổ chức Tỉnh ủy"},
    {"ban-noi-chinh-tinh-uy", "Ban Nội chính Tỉnh ủy"},
    {"uy-ban-kiem-tra-tinh-uy", "Ủy ban Kiểm tra Tỉnh ủy"},
    {"van-phong-tinh-uy", "Văn phòng Tỉnh ủy"},
    {"thanh-uy", "Thành ủy"},
    {"ban-dan-van-thanh-uy", "Ban Dân vận Thành ủy"},
    {"ban-thuong-vu-thanh-uy", "Ban Thường vụ Thành ủy"},
    {"huyen-uy", "Huyện ủy"},
    {"ban-dan-van-huyen-uy", "Ban Dân vận Huyện ủy"},
    {"ban-thuong-vu-huyen-uy", "Ban Thường vụ Huyện ủy"},
    {"ubnd-tinh", "UBND tỉnh"},
    {"uy-ban-nhan-dan-tinh", "UBND tỉnh"},
    {"ubnd", "UBND tỉnh"},
    {"uy-ban-nhan-dan", "UBND tỉnh"},
    {"ubnd-thanh-pho", "UBND thành phố"},
    {"uy-ban-nhan-dan-thanh-pho", "UBND thành phố"},
    {"ubnd-huyen", "UBND huyện"},
    {"uy-ban-nhan-dan-huyen", "UBND huyện"},
    {"hdnd-tinh", "HĐND tỉnh"},
    {"hoi-dong-nhan-dan-tinh", "HĐND tỉnh"},
    {"hoi-dong-nhan-dan", "HĐND tỉnh"},
    {"hdnd-thanh-pho", "HĐND thành phố"},
    {"hoi-dong-nhan-dan-thanh-pho", "HĐND thành phố"},
    /* a joint regulation of the two: one facet value for the pair */
    {"ubnd-ubmttq", "UBND tỉnh và Ủy ban MTTQ tỉnh"},
    {"uy-ban-nhan-dan-uy-ban-mttq-viet-nam", "UBND tỉnh và Ủy ban MTTQ tỉnh"},
    {"uy-ban-nhan-dan-uy-ban-mat-tran-to-quoc-viet-nam", "UBND tỉnh và Ủy ban MTTQ tỉnh"},
    {"uy-ban-mttq-tinh", "Ủy ban MTTQ tỉnh"},
    {"uy-ban-mat-tran-to-quoc-viet-nam-tinh", "Ủy ban MTTQ tỉnh"},
    {"dai-hoi-dai-bieu-dang-bo-tinh", "Đại hội đại biểu Đảng bộ tỉnh"},
    {"van-phong-ubnd-tinh", "Văn phòng UBND tỉnh"},
    {"van-phong-uy-ban-nhan-dan-tinh", "Văn phòng UBND tỉnh"},
    /* the departments (sở) of a province */
    {"so-noi-vu", "Sở Nội vụ"},
    {"so-tu-phap", "Sở Tư pháp"},
    {"so-ke-hoach-va-dau-tu", "Sở Kế hoạch và Đầu tư"},
    {"so-tai-chinh", "Sở Tài chính"},
    {"so-cong-thuong", "Sở Công Thương"},
    {"so-nong-nghiep-va-phat-trien-nong-thon", "Sở Nông nghiệp và Phát triển nông thôn"},
    {"so-nong-nghiep-va-moi-truong", "Sở Nông nghiệp và Môi trường"},
    {"so-giao-thong-van-tai", "Sở Giao thông vận tải"},
    {"so-xay-dung", "Sở Xây dựng"},
    {"so-tai-nguyen-va-moi-truong", "Sở Tài nguyên và Môi trường"},
    {"so-thong-tin-va-truyen-thong", "Sở Thông tin và Truyền thông"},
    {"so-lao-dong-thuong-binh-va-xa-hoi", "Sở Lao động - Thương binh và Xã hội"},
    {"so-van-hoa-the-thao-va-du-lich", "Sở Văn hóa, Thể thao và Du lịch"},
    {"so-khoa-hoc-va-cong-nghe", "Sở Khoa học và Công nghệ"},
    {"so-giao-duc-va-dao-tao", "Sở Giáo dục và Đào tạo"},
    {"so-y-te", "Sở Y tế"},
    {"so-ngoai-vu", "Sở Ngoại vụ"},
    {"so-du-lich", "Sở Du lịch"},
    {"so-dan-toc-va-ton-giao", "Sở Dân tộc và Tôn giáo"},
    {"ban-dan-van-trung-uong", "Ban Dân vận Trung ương"},
    {"ban-chap-hanh-trung-uong", "Ban Chấp hành Trung ương"},
    {"bo-chinh-tri", "Bộ Chính trị"},
    {"ban-bi-thu", "Ban Bí thư"},
};

const char *tr_body_canonical(const char *raw)
{
    if (!raw)
        return NULL;
    char *s = tr_slug(raw);
    if (!s)
        return NULL;
    const char *found = NULL;
    for (int pass = 0; pass < 2 && !found; pass++) {
        for (size_t i = 0; i < sizeof bodies / sizeof bodies[0]; i++)
            if (strcmp(s, bodies[i].slug) == 0) {
                found = bodies[i].name;
                break;
            }
        if (found || pass)
            break;
        /* "BAN DÂN VẬN TỈNH ỦY QUẢNG NGÃI": drop a trailing province. */
        for (size_t i = 0; i < NPROV; i++) {
            size_t n = strlen(s), m = strlen(provinces[i].slug);
            if (n > m + 1 && strcmp(s + n - m, provinces[i].slug) == 0 &&
                s[n - m - 1] == '-') {
                s[n - m - 1] = '\0';
                break;
            }
        }
    }
    free(s);
    return found;
}

/* ---- document types ---- */

static const struct {
    const char *slug, *code, *name;
} types[] = {
    {"bao-cao", "bc", "Báo cáo"},     {"ke-hoach", "kh", "Kế hoạch"},
    {"cong-van", "cv", "Công văn"},   {"chi-thi", "ct", "Chỉ thị"},
    {"nghi-quyet", "nq", "Nghị quyết"}, {"ket-luan", "kl", "Kết luận"},
    {"quyet-dinh", "qd", "Quyết định"}, {"thong-bao", "tb", "Thông báo"},
    {"huong-dan", "hd", "Hướng dẫn"}, {"chuong-trinh", "ctr", "Chương trình"},
    {"quy-dinh", "qdi", "Quy định"},  {"thong-tri", "tt", "Thông tri"},
    {"to-trinh", "ttr", "Tờ trình"},  {"de-an", "da", "Đề án"},
    {"quy-che", "qc", "Quy chế"},     {"nghi-dinh", "nd", "Nghị định"},
    {"thong-tu", NULL, "Thông tư"},   {"luat", NULL, "Luật"},
    {"cong-dien", "cd", "Công điện"}, {"bien-ban", "bb", "Biên bản"},
};

const char *tr_type_name(size_t i)
{
    return i < sizeof types / sizeof types[0] ? types[i].name : NULL;
}

const char *tr_body_name(size_t i)
{
    /* the table has several spellings per body: count each name once */
    for (size_t k = 0; k < sizeof bodies / sizeof bodies[0]; k++) {
        size_t j = 0;
        while (j < k && strcmp(bodies[j].name, bodies[k].name) != 0)
            j++;
        if (j == k && i-- == 0)
            return bodies[k].name;
    }
    return NULL;
}

const char *tr_type_canonical(const char *raw)
{
    if (!raw)
        return NULL;
    char *s = tr_slug(raw);
    if (!s)
        return NULL;
    const char *found = NULL;
    for (size_t i = 0; i < sizeof types / sizeof types[0] && !found; i++)
        if (strcmp(s, types[i].slug) == 0 || (types[i].code && strcmp(s, types[i].code) == 0))
            found = types[i].name;
    free(s);
    return found;
}

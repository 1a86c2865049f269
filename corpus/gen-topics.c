/*
 * gen-topics.c — the topics corpus/gen spreads over its documents (issue 16).
 *
 * A real archive of Party and State documents is not one document repeated:
 * a Công văn on one project's land clearance says nothing of religion, a plan
 * for the "Dân vận khéo" movement nothing of Covid.  Each generated document
 * draws a few of these topics (more for an annual Báo cáo, which sums up
 * many fields, one or two for a letter), by a Zipf-like popularity over the
 * ranks below, and its topical vocabulary comes only from its topics: seed
 * sentences are kept only when every topic their keys name is one of the
 * document's, and each topic adds sentences of its own.  The genre words
 * every document of a Ban Dân vận archive shares (công tác, dân vận, Mặt
 * trận Tổ quốc, đoàn thể, cấp ủy) are in no topic and stay common.
 *
 * The order is the popularity rank: the standing fields an annual dân vận
 * report names (social security, religion, ethnic minorities, grassroots
 * democracy, the emulation movement) first, event-driven ones (land
 * clearance, complaints, Covid) in the middle, a tail of rare subjects
 * (drugs, child marriage, OCOP products) last.  Keys are case-folded
 * substrings of seed sentences; a seed sentence that names no key is
 * general text.  In the sentences, {p} is the province, {x} a made-up
 * place or project name, {n} a number, {y} the document's year.
 *
 * load_samples, below, cuts the seeds into those tagged sentences.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

#include "gen.h"

_Static_assert(NTOPICS <= 64, "a document's topics are one 64-bit mask");

const topic topics[NTOPICS] = {
    {"công tác an sinh xã hội, giảm nghèo bền vững",
     {"an sinh", "hộ nghèo", "giảm nghèo", "suất quà", "hoàn cảnh khó khăn", "người nghèo",
      "dân nghèo"},
     {"Thực hiện tốt các chính sách an sinh xã hội, trong năm hỗ trợ {n} hộ nghèo trên địa bàn "
      "tỉnh {p} sửa chữa nhà ở.",
      "Tỷ lệ hộ nghèo giảm còn {n}%, công tác giảm nghèo bền vững được các cấp ủy quan tâm chỉ đạo.",
      "Vận động xây dựng {n} căn nhà đại đoàn kết cho hộ nghèo, hộ có hoàn cảnh khó khăn tại xã {x}."}},
    {"công tác tôn giáo",
     {"tôn giáo", "có đạo", "chức sắc", "hội thánh", "cao đài", "thờ tự", "phật giáo",
      "công giáo", "tín đồ"},
     {"Công tác tôn giáo được quan tâm, các cơ sở tôn giáo trên địa bàn tỉnh {p} hoạt động đúng "
      "quy định của pháp luật.",
      "Thăm, tặng quà chức sắc, chức việc và tín đồ các tôn giáo nhân dịp lễ trọng; nắm tình hình "
      "hoạt động tôn giáo tại xã {x}.",
      "Giải quyết {n} vụ việc liên quan đến đất đai tôn giáo, không để phát sinh điểm phức tạp."}},
    {"công tác dân tộc",
     {"dân tộc thiểu số", "đồng bào", "khmer", "người có uy tín", "công tác dân tộc",
      "dân tộc, tôn giáo", "ban dân tộc", "các dân tộc"},
     {"Các chính sách đối với vùng đồng bào dân tộc thiểu số được triển khai kịp thời, đời sống "
      "đồng bào từng bước được nâng lên.",
      "Phát huy vai trò người có uy tín trong đồng bào dân tộc thiểu số tại xã {x}, huyện miền "
      "núi của tỉnh {p}.",
      "Hỗ trợ {n} hộ đồng bào dân tộc thiểu số phát triển sản xuất, ổn định cuộc sống."}},
    {"việc thực hiện Quy chế dân chủ ở cơ sở",
     {"dân chủ", "qcdc"},
     {"Việc thực hiện Quy chế dân chủ ở cơ sở gắn với phương châm dân biết, dân bàn, dân làm, "
      "dân kiểm tra, dân giám sát, dân thụ hưởng.",
      "Ban Chỉ đạo thực hiện Quy chế dân chủ ở cơ sở tỉnh {p} kiểm tra {n} đơn vị, địa phương.",
      "Công khai, minh bạch các khoản đóng góp của nhân dân tại xã {x} theo quy chế dân chủ."}},
    {"phong trào thi đua \"Dân vận khéo\"",
     {"dân vận khéo", "thi đua"},
     {"Phong trào thi đua \"Dân vận khéo\" được triển khai sâu rộng, toàn tỉnh có {n} mô hình, "
      "điển hình dân vận khéo được công nhận.",
      "Biểu dương mô hình \"Dân vận khéo\" của xã {x} trong vận động nhân dân hiến đất làm đường.",
      "Tổ chức hội nghị sơ kết phong trào thi đua \"Dân vận khéo\" năm {y}."}},
    {"công tác xây dựng nông thôn mới",
     {"nông thôn mới", "nông thôn", "nông nghiệp", "nông dân"},
     {"Vận động nhân dân tham gia xây dựng nông thôn mới, đến nay tỉnh {p} có {n} xã đạt chuẩn "
      "nông thôn mới.",
      "Hội Nông dân phối hợp hướng dẫn nông dân xã {x} chuyển đổi cơ cấu cây trồng.",
      "Chương trình mục tiêu quốc gia xây dựng nông thôn mới tiếp tục được quan tâm chỉ đạo."}},
    {"công tác bồi thường, giải phóng mặt bằng",
     {"giải phóng mặt bằng", "bồi thường", "tái định cư", "đền bù", "đèn bù",
      "thu hồi đất"},
     {"Tổ công tác tuyên truyền, vận động nhân dân hỗ trợ công tác bồi thường, giải phóng mặt "
      "bằng Dự án {x}.",
      "Đã bàn giao {n} ha mặt bằng sạch; công tác giải phóng mặt bằng, tái định cư cơ bản đúng "
      "tiến độ.",
      "Còn {n} hộ chưa đồng ý nhận tiền bồi thường, giải phóng mặt bằng tại xã {x}."}},
    {"công tác cải cách hành chính",
     {"cải cách hành chính", "một cửa", "thủ tục hành chính"},
     {"Đẩy mạnh cải cách hành chính, {n}% hồ sơ thủ tục hành chính được giải quyết đúng hạn.",
      "Bộ phận một cửa của huyện {x} thực hiện tốt phương châm phục vụ nhân dân.",
      "Chỉ số cải cách hành chính của tỉnh {p} năm {y} tăng {n} bậc."}},
    {"công tác tiếp xúc, đối thoại với Nhân dân",
     {"đối thoại", "tiếp xúc cử tri"},
     {"Bí thư cấp ủy tổ chức đối thoại trực tiếp với nhân dân xã {x}, tiếp nhận {n} ý kiến.",
      "Các kiến nghị sau đối thoại được giao các ngành giải quyết dứt điểm.",
      "Duy trì tiếp xúc, đối thoại định kỳ giữa người đứng đầu cấp ủy với nhân dân."}},
    {"công tác giải quyết khiếu nại, tố cáo",
     {"khiếu nại", "tố cáo", "đơn thư", "điểm nóng", "khiếu kiện", "tranh chấp"},
     {"Tiếp nhận {n} đơn thư khiếu nại, tố cáo, kiến nghị, phản ánh; đã giải quyết phần lớn.",
      "Không để xảy ra khiếu kiện đông người, vượt cấp tại huyện {x}.",
      "Phối hợp giải quyết dứt điểm các vụ khiếu nại kéo dài trên địa bàn tỉnh {p}."}},
    {"công tác phòng, chống dịch Covid-19",
     {"covid", "dịch bệnh"},
     {"Vận động nhân dân thực hiện nghiêm các biện pháp phòng, chống dịch Covid-19.",
      "Mặt trận Tổ quốc tỉnh {p} tiếp nhận {n} triệu đồng ủng hộ phòng, chống dịch Covid-19.",
      "Hỗ trợ người dân xã {x} gặp khó khăn do ảnh hưởng của dịch Covid-19."}},
    {"công tác hòa giải ở cơ sở",
     {"hòa giải", "hoà giải"},
     {"Các tổ hòa giải ở cơ sở hòa giải thành {n} vụ việc mâu thuẫn trong nhân dân.",
      "Kiện toàn {n} tổ hòa giải tại các thôn, khu dân cư của huyện {x}.",
      "Nâng cao kỹ năng cho hòa giải viên ở cơ sở trên địa bàn tỉnh {p}."}},
    {"công tác vận động ngư dân, bảo vệ chủ quyền biển đảo",
     {"ngư dân", "cảnh sát biển", "tàu cá", "biển đảo"},
     {"Vận động ngư dân vươn khơi bám biển, góp phần bảo vệ chủ quyền biển đảo.",
      "Tặng {n} suất quà cho gia đình ngư dân có hoàn cảnh khó khăn tại xã {x}.",
      "Phối hợp với Cảnh sát biển tuyên truyền cho ngư dân không khai thác hải sản trái phép."}},
    {"công tác cựu chiến binh và quốc phòng toàn dân",
     {"cựu chiến binh", "chất độc", "da cam", "quân sự", "quốc phòng", "lực lượng vũ trang",
      "nhập ngũ"},
     {"Hội Cựu chiến binh tỉnh {p} vận động hội viên giúp nhau phát triển kinh tế.",
      "Công tác tuyển quân năm {y} đạt 100% chỉ tiêu, giao {n} thanh niên nhập ngũ.",
      "Lực lượng vũ trang phối hợp làm công tác dân vận tại xã {x}."}},
    {"công tác vận động công nhân, người lao động",
     {"công nhân", "người lao động", "công đoàn", "lao động tỉnh"},
     {"Công đoàn các cấp chăm lo đời sống công nhân, người lao động trong các khu công nghiệp.",
      "Đối thoại tại nơi làm việc giữa doanh nghiệp và người lao động ở khu công nghiệp {x}.",
      "Hỗ trợ {n} công nhân có hoàn cảnh khó khăn về quê đón Tết."}},
    {"công tác thanh niên",
     {"thanh niên", "đoàn viên thanh"},
     {"Đoàn Thanh niên tổ chức {n} công trình thanh niên tại xã {x}.",
      "Phát huy vai trò xung kích của thanh niên trong phát triển kinh tế - xã hội của tỉnh {p}."}},
    {"công tác phụ nữ",
     {"phụ nữ"},
     {"Hội Liên hiệp Phụ nữ tỉnh {p} giúp {n} hội viên phụ nữ nghèo vay vốn phát triển kinh tế.",
      "Nâng cao vai trò của phụ nữ trong xây dựng gia đình no ấm, bình đẳng, tiến bộ."}},
    {"công tác đối ngoại nhân dân",
     {"đối ngoại", "campuchia", "nước ngoài", "hữu nghị"},
     {"Hoạt động đối ngoại nhân dân được đẩy mạnh, thắt chặt quan hệ hữu nghị với các địa phương "
      "giáp biên.",
      "Tổ chức đoàn giao lưu hữu nghị với nhân dân nước bạn nhân dịp năm {y}."}},
    {"công tác bảo vệ môi trường",
     {"môi trường", "rác thải"},
     {"Vận động nhân dân xã {x} phân loại rác thải tại nguồn, giữ gìn vệ sinh môi trường.",
      "Giải quyết kiến nghị của nhân dân về ô nhiễm môi trường tại khu công nghiệp {x}."}},
    {"công tác phòng, chống tham nhũng, tiêu cực",
     {"tham nhũng", "tiêu cực", "chạy chức", "lãng phí"},
     {"Mặt trận Tổ quốc tham gia phòng, chống tham nhũng, lãng phí, tiêu cực ở cơ sở.",
      "Tiếp nhận {n} phản ánh của nhân dân về dấu hiệu tham nhũng, tiêu cực tại huyện {x}."}},
    {"công tác chuyển đổi số",
     {"chuyển đổi số", "điện tử", "trực tuyến"},
     {"Vận động nhân dân sử dụng dịch vụ công trực tuyến, đẩy mạnh chuyển đổi số ở cơ sở.",
      "Tổ công nghệ số cộng đồng tại xã {x} hướng dẫn {n} hộ dân cài đặt ứng dụng chuyển đổi số."}},
    {"công tác phòng, chống thiên tai",
     {"thiên tai", "lũ lụt", "khô hạn", "hạn hán", "sạt lở", "mưa bão", "xâm nhập mặn"},
     {"Vận động nhân dân chủ động phòng, chống thiên tai, di dời {n} hộ khỏi vùng sạt lở.",
      "Hỗ trợ nhân dân xã {x} khắc phục hậu quả thiên tai, mưa bão."}},
    {"công tác bảo đảm an ninh trật tự",
     {"an ninh", "tội phạm", "tệ nạn", "dân phòng"},
     {"Phong trào toàn dân bảo vệ an ninh Tổ quốc được duy trì, giữ vững an ninh trật tự ở xã {x}.",
      "Nhân rộng mô hình tổ tự quản về an ninh trật tự tại khu dân cư."}},
    {"công tác phòng, chống ma túy",
     {"ma túy"},
     {"Vận động gia đình có người nghiện ma túy tự nguyện cai nghiện tại cộng đồng.",
      "Xây dựng xã {x} không có tệ nạn ma túy."}},
    {"việc phòng, chống tảo hôn và hôn nhân cận huyết thống",
     {"tảo hôn", "cận huyết"},
     {"Tuyên truyền phòng, chống tảo hôn và hôn nhân cận huyết thống trong vùng đồng bào dân tộc "
      "thiểu số.",
      "Năm {y} giảm {n} cặp tảo hôn so với cùng kỳ tại huyện {x}."}},
    {"công tác đưa người lao động đi làm việc ở nước ngoài",
     {"xuất khẩu lao động"},
     {"Vận động {n} lao động tham gia xuất khẩu lao động theo hợp đồng, giảm nghèo bền vững."}},
    {"việc vận động nhân dân tham gia bảo hiểm y tế",
     {"bảo hiểm y tế"},
     {"Tỷ lệ người dân tham gia bảo hiểm y tế đạt {n}%, vận động hộ cận nghèo tham gia bảo hiểm "
      "y tế."}},
    {"công tác bảo đảm trật tự an toàn giao thông",
     {"an toàn giao thông"},
     {"Vận động nhân dân chấp hành quy định về trật tự an toàn giao thông, giảm {n} vụ tai nạn."}},
    {"chương trình mỗi xã một sản phẩm (OCOP)",
     {"ocop"},
     {"Hỗ trợ hợp tác xã ở xã {x} xây dựng sản phẩm OCOP đạt {n} sao."}},
    {"công tác cấp nước sạch nông thôn",
     {"nước sạch"},
     {"Vận động nhân dân góp công xây dựng công trình nước sạch cho {n} hộ tại xã {x}."}},
    {"công tác quản lý di cư tự do",
     {"di cư tự do", "di dân tự do"},
     {"Nắm tình hình di cư tự do, vận động {n} hộ ổn định cuộc sống tại nơi ở mới."}},
    {"công tác phòng ngừa, ứng phó biến đổi khí hậu",
     {"biến đổi khí hậu"},
     {"Tuyên truyền nhân dân thích ứng với biến đổi khí hậu, chuyển đổi mùa vụ phù hợp."}},
};


para *paras;
size_t nparas;

static uint64_t topics_of(const char *s, size_t len)
{
    utf8proc_uint8_t *f = NULL;
    uint64_t m = 0;
    if (utf8proc_map((const utf8proc_uint8_t *)s, (utf8proc_ssize_t)len, &f,
                     UTF8PROC_CASEFOLD | UTF8PROC_COMPOSE | UTF8PROC_STABLE) < 0)
        return 0;
    for (size_t t = 0; t < NTOPICS; t++)
        for (size_t k = 0; k < 10 && topics[t].keys[k]; k++)
            if (strstr((const char *)f, topics[t].keys[k]))
                m |= (uint64_t)1 << t;
    free(f);
    return m;
}

/* A paragraph's sentences end at '.' or ';' before a space; those that cite
 * or date anything (a '/') are dropped here, as the manifest could not know
 * them. */
static void add_paragraph(const char *p)
{
    para pa = {0};
    while (*p) {
        const char *e = p;
        while (*e && !((*e == '.' || *e == ';') && (e[1] == ' ' || !e[1])))
            e++;
        if (*e)
            e++;
        if (memchr(p, '/', (size_t)(e - p)) == NULL) {
            pa.v = realloc(pa.v, (pa.n + 1) * sizeof *pa.v);
            pa.v[pa.n++] = (sentence){p, (size_t)(e - p), topics_of(p, (size_t)(e - p))};
        }
        p = e;
    }
    if (!pa.n)
        return;
    paras = realloc(paras, (nparas + 1) * sizeof *paras);
    paras[nparas++] = pa;
}

int load_samples(const char *dir)
{
    static const char *const names[] = {
        "000_4a1e5ee3c0eafb22.txt", "001_f0ce601e5f83c249.txt", "002_81cd06210f247496.txt",
        "003_743e7a8b74290be1.txt", "004_b7ad970acadcf5d4.txt"};
    for (int i = 0; i < 5; i++) {
        char path[8192];
        snprintf(path, sizeof path, "%s/%s", dir, names[i]);
        FILE *f = fopen(path, "rb");
        if (!f) {
            fprintf(stderr, "gen: %s: %s\n", path, strerror(errno));
            return -1;
        }
        static char buf[1 << 20];
        size_t n = fread(buf, 1, sizeof buf - 1, f);
        fclose(f);
        buf[n] = 0;
        /* paragraphs: non-empty lines of running text */
        for (char *p = strtok(buf, "\n"); p; p = strtok(NULL, "\n")) {
            size_t l = strlen(p);
            if (l < 120 || strstr(p, "Nơi nhận"))
                continue;
            add_paragraph(strdup(p));
        }
    }
    return nparas ? 0 : -1;
}

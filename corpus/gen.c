/*
 * gen — a deterministic corpus of realistic policy documents, with the
 * ground truth of every document in a manifest.
 *
 *   corpus/gen --docs N [--seed S] [--samples DIR] OUTDIR
 *
 * Writes OUTDIR/<province-slug>/<year>/<n>.txt and OUTDIR/manifest.tsv
 * (path, number, type, body, province, date, year, cited numbers,
 * signed_for).  One document at a time: memory stays flat whatever N is.
 * body and signed_for mean what tr_meta.h says: the organ the header names
 * (or, without a header, the author the text names) and the organ the
 * signature block signs for (empty when no block was written).
 *
 * Why the text looks the way it does: the benchmarks and accuracy figures
 * only mean something if the corpus has what real files have, so each
 * document gets a Party or State header in the real formats and the layouts
 * exports leave them in (cells flattened by tabs or " | ", a column broken
 * one word per line, the place-date line split), or is a reprint stating
 * its number in the lead (or, one time in five, has none, as four of the
 * five seeds), a body assembled from the
 * seeds' paragraphs with their numbers, years and place names varied, new
 * proper names (people, communes, projects) so that the vocabulary keeps
 * growing with N, citations drawn from a Zipf-like popularity over
 * central documents plus local ones of the same province, in every
 * written form (stray spaces, lists sharing a suffix, ASCII D), and the
 * spelling variants of real text: some documents without diacritics, some
 * in new-style tone placement, some in NFD.  Ground truth is known by
 * construction (canonical numbers are built first, then written out), not
 * by running tracuu's own extractors.
 *
 * What the text is about follows a real archive's spread, not the seeds'
 * (issue 16): each document draws a few topics by a Zipf-like popularity
 * (gen-topics.c), keeps only the seed sentences whose topics are its own
 * and adds its topics' sentences, so that a topical phrase such as "giải
 * phóng mặt bằng" lands in a few per cent of documents, rare subjects in
 * well under one, while the genre's words (công tác, dân vận) stay in most
 * — the selectivity strata of bench/queries.tsv depend on it.
 */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <utf8proc.h>

#include "gen.h"
#include "tr_buf.h"
#include "tr_meta.h"

#ifndef TR_SRCDIR
#define TR_SRCDIR "."
#endif

/* ---- randomness: splitmix64, so every platform writes the same corpus ---- */

static uint64_t rng;

uint64_t gen_next(void)
{
    uint64_t z = (rng += 0x9E3779B97F4A7C15ull);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
}

unsigned gen_pick(unsigned n)
{
    return (unsigned)(gen_next() % n);
}

int gen_chance(unsigned percent)
{
    return gen_pick(100) < percent;
}

/* ---- names that make the vocabulary grow ---- */

static const char *const surnames[] = {"Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Huỳnh", "Phan",
                                       "Vũ", "Võ", "Đặng", "Bùi", "Đỗ", "Hồ", "Ngô", "Dương", "Lý"};
static const char *const syll[] = {
    "An", "Bình", "Cường", "Dũng", "Đức", "Giang", "Hà", "Hải", "Hạnh", "Hòa", "Hùng", "Hương",
    "Khánh", "Lan", "Linh", "Long", "Mai", "Minh", "Nam", "Nga", "Ngọc", "Nhung", "Phong", "Phúc",
    "Quang", "Sơn", "Tâm", "Thắng", "Thảo", "Thủy", "Tiến", "Trang", "Trung", "Tuấn", "Văn", "Việt",
    "Xuân", "Yến", "Thị", "Hữu", "Công", "Thanh", "Kim", "Bảo", "Gia", "Thiện", "Lộc", "Thịnh"};
#define NSYLL (sizeof syll / sizeof syll[0])

/* A made-up name: two or three syllables, with a numbered suffix drawn
 * from a range that widens with the document number, as new names keep
 * appearing in real archives. */
static void name(tr_buf *b, unsigned long doc)
{
    tr_buf_adds(b, syll[gen_pick(NSYLL)]);
    tr_buf_addc(b, ' ');
    tr_buf_adds(b, syll[gen_pick(NSYLL)]);
    if (gen_chance(40)) {
        char n[32];
        snprintf(n, sizeof n, " %c%lu", "ABCDEFGHKLMNPQRSTVX"[gen_pick(19)],
                 (unsigned long)gen_pick((unsigned)(doc / 4 + 10)));
        tr_buf_adds(b, n);
    }
}

static void person(tr_buf *b)
{
    tr_buf_adds(b, surnames[gen_pick(sizeof surnames / sizeof surnames[0])]);
    tr_buf_addc(b, ' ');
    tr_buf_adds(b, syll[gen_pick(NSYLL)]);
    tr_buf_addc(b, ' ');
    tr_buf_adds(b, syll[gen_pick(NSYLL)]);
}

/* ---- document kinds ---- */

typedef struct {
    const char *name, *code, *upper;
} dtype;

static const dtype types[] = {
    {"Báo cáo", "BC", "BÁO CÁO"},       {"Kế hoạch", "KH", "KẾ HOẠCH"},
    {"Công văn", "CV", NULL},           {"Chỉ thị", "CT", "CHỈ THỊ"},
    {"Nghị quyết", "NQ", "NGHỊ QUYẾT"}, {"Thông báo", "TB", "THÔNG BÁO"},
    {"Hướng dẫn", "HD", "HƯỚNG DẪN"},   {"Chương trình", "CTr", "CHƯƠNG TRÌNH"},
};
static const unsigned type_weight[] = {35, 25, 15, 5, 5, 7, 4, 4};

/* Which organ is the body: the author the document's text speaks for
 * (name, "Ban Thường vụ Tỉnh ủy báo cáo…"), what its header names
 * (headed: the Tỉnh ủy's header "TỈNH ỦY X" serves the Tỉnh ủy, its Ban
 * Thường vụ and its Ban Chấp hành alike, as in real files and seed 003),
 * and the organ its signature block signs for (signs_for). */
typedef struct {
    const char *name, *issuer, *header2, *sign, *headed, *signs_for;
} dbody;

static const dbody bodies[] = {
    {"Tỉnh ủy", "TU", NULL, "T/M BAN THƯỜNG VỤ\nPHÓ BÍ THƯ", "Tỉnh ủy", "Ban Thường vụ Tỉnh ủy"},
    {"Ban Thường vụ Tỉnh ủy", "TU", NULL, "T/M BAN THƯỜNG VỤ\nBÍ THƯ", "Tỉnh ủy",
     "Ban Thường vụ Tỉnh ủy"},
    {"Ban Dân vận Tỉnh ủy", "BDVTU", "BAN DÂN VẬN", "K/T TRƯỞNG BAN\nPHÓ TRƯỞNG BAN",
     "Ban Dân vận Tỉnh ủy", "Ban Dân vận Tỉnh ủy"},
    {"Ban Chấp hành Đảng bộ tỉnh", "TU", NULL, "T/M BAN CHẤP HÀNH\nBÍ THƯ", "Tỉnh ủy",
     "Ban Chấp hành Đảng bộ tỉnh"},
    {"UBND tỉnh", "UBND", NULL, "TM. ỦY BAN NHÂN DÂN\nCHỦ TỊCH", "UBND tỉnh", "UBND tỉnh"},
};
static const unsigned body_weight[] = {20, 20, 40, 5, 15};

static unsigned weighted(const unsigned *w, unsigned n)
{
    unsigned total = 0, r;
    for (unsigned i = 0; i < n; i++)
        total += w[i];
    r = gen_pick(total);
    for (unsigned i = 0; i < n; i++) {
        if (r < w[i])
            return i;
        r -= w[i];
    }
    return 0;
}

/* ---- one document ---- */

typedef struct {
    unsigned long doc;
    const tr_province *prov;
    const dtype *type;
    const dbody *body;
    unsigned d, m, y;
    char number[64];
    int header;
    int variant;            /* 0 plain, 1 no diacritics, 2 new style, 3 NFD */
    int reprint, signature; /* written by document() */
    uint64_t topics;        /* bit t: topics[t] is a subject of the document */
    unsigned main_topic;    /* the one its title names */
} docinfo;

/* Zipf-like popularity over the topics' ranks, steeper than Zipf(1) and
 * offset (1/(r+4)^2), so that the standing fields land in a fifth to a
 * third of the documents, most topics in 1-20% and the tail under 1%
 * (issue 16; the counts are in docs/benchmarks.md). */
static unsigned topic_rank(void)
{
    static double cdf[NTOPICS];
    if (cdf[NTOPICS - 1] == 0) {
        double s = 0;
        for (size_t i = 0; i < NTOPICS; i++)
            cdf[i] = (s += 1.0 / ((i + 4.0) * (i + 4.0)));
        for (size_t i = 0; i < NTOPICS; i++)
            cdf[i] /= s;
    }
    double u = (double)(gen_next() >> 11) / 9007199254740992.0;
    unsigned r = 0;
    while (r < NTOPICS - 1 && cdf[r] < u)
        r++;
    return r;
}

/* An annual report sums up several fields, a plan one to three, a letter or
 * a notice one or two. */
static void draw_topics(docinfo *di)
{
    unsigned k = di->type == &types[0]   ? 2 + gen_pick(2)
                 : di->type == &types[2] || di->type == &types[5] ? 1
                                                                   : 1 + gen_pick(2);
    di->topics = 0;
    for (unsigned i = 0; i < k;) {
        unsigned t = topic_rank();
        if (di->topics & ((uint64_t)1 << t))
            continue;
        if (!i)
            di->main_topic = t;
        di->topics |= (uint64_t)1 << t;
        i++;
    }
}

/* One of the document's topics, at random. */
static const topic *doc_topic(const docinfo *di)
{
    unsigned n = 0, k;
    for (size_t t = 0; t < NTOPICS; t++)
        n += (di->topics >> t) & 1;
    k = gen_pick(n);
    for (size_t t = 0; t < NTOPICS; t++)
        if (((di->topics >> t) & 1) && k-- == 0)
            return &topics[t];
    return &topics[di->main_topic];
}

/* Numbers in running text: a year near the document's, else a count. */
static void varied_number(tr_buf *b, const docinfo *di, const char *s, size_t n)
{
    char tmp[32];
    if (n == 4 && (s[0] == '2' || s[0] == '1'))
        snprintf(tmp, sizeof tmp, "%u", di->y - (gen_chance(30) ? 1 : 0));
    else
        snprintf(tmp, sizeof tmp, "%u", gen_pick((unsigned)n * 300 + 10));
    tr_buf_adds(b, tmp);
}

/* A topic's own sentence, its slots filled. */
static void topic_sentence(tr_buf *b, const docinfo *di, const topic *t)
{
    unsigned n = 0;
    while (n < 4 && t->says[n])
        n++;
    for (const char *s = t->says[gen_pick(n)]; *s;) {
        if (!strncmp(s, "{p}", 3))
            tr_buf_adds(b, di->prov->name);
        else if (!strncmp(s, "{x}", 3))
            name(b, di->doc);
        else if (!strncmp(s, "{n}", 3))
            varied_number(b, di, "9", 1 + gen_pick(3));
        else if (!strncmp(s, "{y}", 3))
            varied_number(b, di, "2000", 4);
        else {
            tr_buf_addc(b, *s++);
            continue;
        }
        s += 3;
    }
}

/* A paragraph of the document's topics: two or three of their sentences. */
static void topic_paragraph(tr_buf *b, const docinfo *di, const topic *t)
{
    unsigned n = 2 + gen_pick(2);
    for (unsigned i = 0; i < n; i++) {
        if (i)
            tr_buf_addc(b, ' ');
        topic_sentence(b, di, i && gen_chance(40) ? doc_topic(di) : t);
    }
}

/* A seed paragraph, numbers and years varied, keeping only its sentences
 * whose topics are all the document's (a paragraph on religion and ethnic
 * affairs loses those sentences in a document on land clearance). */
static void varied_paragraph(tr_buf *b, const docinfo *di)
{
    size_t start = b->len;
    for (int tries = 0; tries < 4 && b->len == start; tries++) {
        const para *pa = &paras[gen_pick((unsigned)nparas)];
        for (size_t k = 0; k < pa->n; k++) {
            const sentence *st = &pa->v[k];
            if (st->topics & ~di->topics)
                continue;
            for (const char *s = st->s, *e = st->s + st->len; s < e;) {
                int glued = s > st->s && (s[-1] == '-' || s[-1] == '/');
                if (*s >= '0' && *s <= '9' && !glued) {
                    const char *q = s;
                    while (q < e && *q >= '0' && *q <= '9')
                        q++;
                    varied_number(b, di, s, (size_t)(q - s));
                    s = q;
                } else {
                    tr_buf_addc(b, *s++);
                }
            }
        }
    }
    if (b->len == start)
        tr_buf_adds(b, "Các cấp ủy tiếp tục quan tâm lãnh đạo công tác dân vận.");
    if (gen_chance(35)) {
        tr_buf_adds(b, " Đồng chí ");
        person(b);
        tr_buf_adds(b, " chủ trì buổi làm việc tại xã ");
        name(b, di->doc);
        tr_buf_adds(b, ", huyện ");
        name(b, di->doc);
        tr_buf_adds(b, ".");
    }
    if (gen_chance(15)) {
        tr_buf_adds(b, " Dự án ");
        name(b, di->doc);
        tr_buf_adds(b, " trên địa bàn tỉnh ");
        tr_buf_adds(b, di->prov->name);
        /* land clearance only where it is the document's subject */
        tr_buf_adds(b, di->topics & ((uint64_t)1 << LAND) ? " đã hoàn thành công tác giải phóng mặt bằng."
                                                         : " được triển khai đúng tiến độ.");
    }
}

static int is_city(const tr_province *p)
{
    return !strcmp(p->slug, "ha-noi") || !strcmp(p->slug, "ho-chi-minh") ||
           !strcmp(p->slug, "hai-phong") || !strcmp(p->slug, "da-nang") ||
           !strcmp(p->slug, "can-tho");
}

/* "Hà Nam, ngày …" broken the way web and PDF exports break it: after the
 * place's first word and inside the date ("Hà\nNam, ngày 23 tháng 06\nnăm
 * 2016"). */
static void broken_place_date(tr_buf *b, const char *place, const docinfo *di)
{
    const char *sp = strchr(place, ' ');
    char tail[64];
    if (sp) {
        tr_buf_add(b, place, (size_t)(sp - place));
        tr_buf_addc(b, '\n');
        tr_buf_adds(b, sp + 1);
    } else {
        tr_buf_adds(b, place);
    }
    snprintf(tail, sizeof tail, ", ngày %02u tháng %02u\nnăm %u\n", di->d, di->m, di->y);
    tr_buf_adds(b, tail);
}

/* Headers in the layouts real files come in (issue 14): as typed; the two
 * cells of each row flattened onto one line by tabs (PDF, .doc) or " | "
 * (web tables, which also lose the province line); a web export's column
 * broken one word per line with "|" rows between the cells. */
static void header(tr_buf *b, const docinfo *di)
{
    char *pu = upper(di->prov->name);
    char date[96];
    const char *place = gen_chance(50) ? di->prov->name : di->prov->capital;
    unsigned layout = gen_pick(10);          /* 0-5 typed, 6-7 broken, 8-9 flattened */
    snprintf(date, sizeof date, ", ngày %02u tháng %02u năm %u\n\n", di->d, di->m, di->y);
    if (!strcmp(di->body->issuer, "UBND")) {
        if (layout >= 8 && !is_city(di->prov) && strcmp(place, di->prov->name) != 0) {
            /* the province only in the place-date line: use its name */
            place = di->prov->name;
        }
        if (layout >= 8 && !is_city(di->prov)) {
            tr_buf_adds(b, "ỦY BAN NHÂN DÂN | CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM |\nSố: ");
            tr_buf_adds(b, di->number);
            tr_buf_adds(b, " | ");
            tr_buf_adds(b, place);
            tr_buf_add(b, date, strlen(date) - 2);
            tr_buf_adds(b, " |\n");
        } else if (layout >= 6) {
            tr_buf_adds(b, "ỦY\nBAN NHÂN DÂN\nTỈNH ");
            tr_buf_adds(b, pu);
            tr_buf_adds(b, "\n-------\n|\nCỘNG\nHÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\n"
                           "Độc lập - Tự do - Hạnh phúc\n---------------\n|\nSố: ");
            tr_buf_adds(b, di->number);
            tr_buf_adds(b, "\n|\n");
            broken_place_date(b, place, di);
            tr_buf_adds(b, "|\n");
        } else {
            tr_buf_adds(b, "ỦY BAN NHÂN DÂN TỈNH ");
            tr_buf_adds(b, pu);
            tr_buf_adds(b, "\n\nSố: ");
            tr_buf_adds(b, di->number);
            tr_buf_adds(b, "\n\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc\n\n");
            tr_buf_adds(b, place);
            tr_buf_adds(b, date);
        }
    } else if (layout >= 7) {
        tr_buf_adds(b, "TỈNH ỦY ");
        tr_buf_adds(b, pu);
        tr_buf_adds(b, "\t\tĐẢNG CỘNG SẢN VIỆT NAM\n");
        if (di->body->header2) {
            tr_buf_adds(b, di->body->header2);
            tr_buf_adds(b, "\t\t*\n");
        }
        tr_buf_adds(b, "Số ");
        tr_buf_adds(b, di->number);
        tr_buf_adds(b, "\t\t");
        tr_buf_adds(b, place);
        tr_buf_adds(b, date);
    } else {
        tr_buf_adds(b, "TỈNH ỦY ");
        tr_buf_adds(b, pu);
        tr_buf_addc(b, '\n');
        if (di->body->header2) {
            tr_buf_adds(b, di->body->header2);
            tr_buf_addc(b, '\n');
        }
        tr_buf_adds(b, "*\nSố ");
        tr_buf_adds(b, di->number);
        tr_buf_adds(b, "\n\nĐẢNG CỘNG SẢN VIỆT NAM\n\n");
        tr_buf_adds(b, place);
        tr_buf_adds(b, date);
    }
    free(pu);
}

/* A document reprinted by a newspaper or portal: no header, its number and
 * date stated in the lead, as real reprints do. */
static void reprint_lead(tr_buf *b, const docinfo *di)
{
    char lead[512];
    snprintf(lead, sizeof lead, "Ngày %u-%u-%u, %s %s đã ban hành %s số %s về công tác dân "
             "vận năm %u. Báo %s trân trọng giới thiệu toàn văn %s.\n\n",
             di->d, di->m, di->y, di->body->name, di->prov->name, di->type->name,
             di->number, di->y, di->prov->name, di->type->name);
    tr_buf_adds(b, lead);
}

static void document(tr_buf *b, cites *c, docinfo *di, size_t target)
{
    const dtype *t = di->type;
    di->reprint = di->header && gen_chance(8);
    if (di->reprint)
        reprint_lead(b, di);
    else if (di->header)
        header(b, di);
    /* the subject line names the genre or the document's main topic */
    char title[256];
    snprintf(title, sizeof title, "%s %s năm %u",
             t == &types[0] ? "Tình hình thực hiện" : "Về việc triển khai",
             gen_chance(t == &types[0] ? 60 : 25) ? "công tác dân vận"
                                              : topics[di->main_topic].title, di->y);
    if (t->upper) {
        tr_buf_adds(b, t->upper);
        tr_buf_addc(b, '\n');
        tr_buf_adds(b, title);
        tr_buf_adds(b, "\n\n");
    } else if (di->header) {
        tr_buf_adds(b, "V/v ");
        tr_buf_adds(b, title);
        tr_buf_adds(b, "\n\n");
    }
    /* the document speaks for itself, as the seeds do */
    cite_sentence(b, c);
    tr_buf_adds(b, di->body->name);
    /* the year named once more than any varied paragraph can name another
     * (those reuse the seeds' years), so that the manifest's year is the
     * one the text states even without a header */
    {
        char self[96];
        snprintf(self, sizeof self,
                 t == &types[0] ? " báo cáo kết quả năm %u như sau:\n\n"
                                : " yêu cầu trong năm %u như sau:\n\n",
                 di->y);
        tr_buf_adds(b, self);
    }
    /* each of its topics said at least once, the main one first */
    topic_paragraph(b, di, &topics[di->main_topic]);
    tr_buf_adds(b, "\n\n");
    for (size_t k = 0; k < NTOPICS; k++)
        if (k != di->main_topic && (di->topics >> k) & 1) {
            topic_paragraph(b, di, &topics[k]);
            tr_buf_adds(b, "\n\n");
        }
    while (b->len < target) {
        if (gen_chance(25))
            cite_sentence(b, c);
        if (gen_chance(20))
            topic_paragraph(b, di, doc_topic(di));
        else
            varied_paragraph(b, di);
        tr_buf_adds(b, "\n\n");
    }
    di->signature = gen_chance(70);
    if (di->signature) {
        tr_buf_adds(b, "Nơi nhận:\n- Như trên,\n- Lưu Văn phòng.\n\n");
        tr_buf_adds(b, di->body->sign);
        tr_buf_adds(b, "\n\n");
        person(b);
        tr_buf_addc(b, '\n');
    }
}

static int mkdirs(char *path)
{
    for (char *p = path + 1; *p; p++) {
        if (*p != '/')
            continue;
        *p = 0;
        int r = mkdir(path, 0755);
        *p = '/';
        if (r && errno != EEXIST)
            return -1;
    }
    return mkdir(path, 0755) && errno != EEXIST ? -1 : 0;
}

int main(int argc, char **argv)
{
    unsigned long ndocs = 100;
    uint64_t seed = 1;
    const char *samples = NULL, *out = NULL;
    for (int i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "--docs") && i + 1 < argc)
            ndocs = strtoul(argv[++i], NULL, 10);
        else if (!strcmp(argv[i], "--seed") && i + 1 < argc)
            seed = strtoull(argv[++i], NULL, 10);
        else if (!strcmp(argv[i], "--samples") && i + 1 < argc)
            samples = argv[++i];
        else if (argv[i][0] != '-' && !out)
            out = argv[i];
        else {
            fprintf(stderr, "usage: gen --docs N [--seed S] [--samples DIR] OUTDIR\n");
            return 2;
        }
    }
    if (!out) {
        fprintf(stderr, "usage: gen --docs N [--seed S] [--samples DIR] OUTDIR\n");
        return 2;
    }
    char sdir[4096];
    if (!samples) {
        const char *top = getenv("top_srcdir");
        snprintf(sdir, sizeof sdir, "%s/corpus/samples", top ? top : TR_SRCDIR);
        samples = sdir;
    }
    rng = seed * 0x2545F4914F6CDD1Dull + 1;
    if (load_samples(samples))
        return 1;
    make_central();
    char path[8192];
    snprintf(path, sizeof path, "%s", out);
    if (mkdirs(path)) {
        fprintf(stderr, "gen: %s: %s\n", out, strerror(errno));
        return 1;
    }
    snprintf(path, sizeof path, "%s/manifest.tsv", out);
    FILE *man = fopen(path, "w");
    if (!man) {
        fprintf(stderr, "gen: %s: %s\n", path, strerror(errno));
        return 1;
    }
    fprintf(man, "path\tnumber\ttype\tbody\tprovince\tdate\tyear\tcites\tsigned_for\n");
    size_t np;
    const tr_province *provs = tr_province_all(&np);
    tr_buf b = {0}, v = {0};
    cites c = {0};
    for (unsigned long i = 0; i < ndocs; i++) {
        docinfo di = {0};
        di.doc = i;
        di.prov = &provs[gen_pick((unsigned)np)];
        di.type = &types[weighted(type_weight, 8)];
        di.body = &bodies[weighted(body_weight, 5)];
        di.y = 2005 + gen_pick(21);
        di.m = 1 + gen_pick(12);
        di.d = 1 + gen_pick(28);
        draw_topics(&di);
        di.header = !gen_chance(20);
        di.variant = gen_chance(10) ? 1 : gen_chance(15) ? 2 : gen_chance(10) ? 3 : 0;
        if (!strcmp(di.body->issuer, "UBND"))
            snprintf(di.number, sizeof di.number, "%u/%s-UBND", 1 + gen_pick(3000), di.type->code);
        else
            snprintf(di.number, sizeof di.number, "%u-%s/%s", 1 + gen_pick(900), di.type->code,
                     di.body->issuer);
        /* sizes like the seeds: 5-60 KB, more small than large */
        size_t target = 6000 + (size_t)(47000.0 * ((double)gen_pick(1000) / 1000.0) *
                                         ((double)gen_pick(1000) / 1000.0));
        if (di.variant == 1)
            target = target * 5 / 4;   /* stripping marks shrinks the bytes */
        tr_buf_clear(&b);
        c.n = 0;
        document(&b, &c, &di, target);
        const char *text = b.data;
        size_t tlen = b.len;
        char *alt = NULL;
        if (di.variant == 1) {
            strip_marks(&b, &v);
            text = v.data;
            tlen = v.len;
        } else if (di.variant == 2) {
            new_style(&b, &v);
            text = v.data;
            tlen = v.len;
        } else if (di.variant == 3) {
            alt = (char *)utf8proc_NFD((const utf8proc_uint8_t *)b.data);
            if (alt) {
                text = alt;
                tlen = strlen(alt);
            }
        }
        char dir[4096];
        if ((size_t)snprintf(dir, sizeof dir, "%s/%s/%u", out, di.prov->slug, di.y) >= sizeof dir - 32) {
            fprintf(stderr, "gen: %s: path too long\n", out);
            return 1;
        }
        if (mkdirs(dir)) {
            fprintf(stderr, "gen: %s: %s\n", dir, strerror(errno));
            return 1;
        }
        snprintf(path, sizeof path, "%s/%06lu.txt", dir, i);
        FILE *f = fopen(path, "wb");
        if (!f || fwrite(text, 1, tlen, f) != tlen || fclose(f)) {
            fprintf(stderr, "gen: %s: %s\n", path, strerror(errno));
            return 1;
        }
        free(alt);
        /* body as DESIGN.md and tr_meta.h define it: the header's organ
         * where a header was written, else the author the text names (the
         * reprint's lead, the opening sentence) */
        fprintf(man, "%s/%u/%06lu.txt\t%s\t%s\t%s\t%s\t%04u-%02u-%02u\t%u\t", di.prov->slug,
                di.y, i, di.header ? di.number : "", di.type->name,
                di.header && !di.reprint ? di.body->headed : di.body->name,
                di.prov->name, di.y, di.m, di.d, di.y);
        for (size_t k = 0; k < c.n; k++)
            fprintf(man, "%s%s", k ? "," : "", c.v[k]);
        fprintf(man, "\t%s\n", di.signature ? di.body->signs_for : "");
    }
    if (fclose(man)) {
        fprintf(stderr, "gen: manifest: %s\n", strerror(errno));
        return 1;
    }
    tr_buf_free(&b);
    tr_buf_free(&v);
    free(c.v);
    return 0;
}

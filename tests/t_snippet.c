/* Tests for tr_snippet: the passage chosen is the one a reader wants (the
 * phrase over scattered words, coverage over repetition), highlights are
 * exactly the author's bytes, boundaries never split a character or a
 * word, and rendering strips markdown and marks matches. */
#include "tap.h"
#include "tr_normalize.h"
#include "tr_snippet.h"
#include "tr_tokenize.h"
#include "tr_utf8.h"

#include <stdint.h>

/* Query words as the searcher builds them: the exact key of a word typed
 * with marks, the folded key of one typed without. */
typedef struct {
    tr_hlword w[16];
    tr_buf keys[16];
    size_t n;
} query;

static void q_add(query *q, const char *word, int group)
{
    tr_buf *k = &q->keys[q->n];
    int folded = !tr_has_marks(word, strlen(word));
    if ((folded ? tr_norm_fold : tr_norm_exact)(word, strlen(word), k) != 0)
        tap_bail("normalize failed");
    q->w[q->n].key = k->data;
    q->w[q->n].folded = folded;
    q->w[q->n].group = group;
    q->n++;
}

static void q_free(query *q)
{
    for (size_t i = 0; i < q->n; i++)
        tr_buf_free(&q->keys[i]);
    q->n = 0;
}

static char *span_dup(const char *text, tr_span s)
{
    char *r = malloc(s.len + 1);
    memcpy(r, text + s.start, s.len);
    r[s.len] = '\0';
    return r;
}

static char *render(const char *text, const tr_snippet *s, const char *o, const char *c)
{
    tr_buf b = {0};
    if (tr_snippet_render(text, s, o, c, &b) != 0)
        tap_bail("render failed");
    char *r = strdup(b.data ? b.data : "");
    tr_buf_free(&b);
    return r;
}

/* Letters and digits (incl. combining marks): what a cut must not split. */
static int wordy(uint32_t cp)
{
    if (cp < 0x80)
        return (cp >= '0' && cp <= '9') || ((cp | 32) >= 'a' && (cp | 32) <= 'z');
    return cp >= 0xC0 && !(cp >= 0x2000 && cp <= 0x2BFF) && cp != 0xD7 && cp != 0xF7 &&
           cp != 0xFEFF && cp != 0xFFFD;
}

static uint32_t cp_before(const char *t, size_t p)
{
    size_t q = p - 1;
    while (q > 0 && ((unsigned char)t[q] & 0xC0) == 0x80)
        q--;
    uint32_t cp;
    tr_utf8_decode((const unsigned char *)t + q, p - q, &cp);
    return cp;
}

/* Every structural promise of a snippet; returns 1 when all hold. */
static int well_formed(const char *text, size_t len, const tr_snippet *s, char *why, size_t wl)
{
    if (s->start + s->len > len)
        return snprintf(why, wl, "passage past the end"), 0;
    if (!tr_utf8_valid(text + s->start, s->len))
        return snprintf(why, wl, "passage not valid UTF-8 at %zu+%zu", s->start, s->len), 0;
    if (s->start > 0 && wordy(cp_before(text, s->start)) && s->len > 0) {
        uint32_t c;
        tr_utf8_decode((const unsigned char *)text + s->start, len - s->start, &c);
        if (wordy(c))
            return snprintf(why, wl, "passage starts mid-word at %zu", s->start), 0;
    }
    if (s->start + s->len < len && s->len > 0) {
        uint32_t c;
        tr_utf8_decode((const unsigned char *)text + s->start + s->len, len - s->start - s->len, &c);
        if (wordy(c) && wordy(cp_before(text, s->start + s->len)))
            return snprintf(why, wl, "passage ends mid-word at %zu", s->start + s->len), 0;
    }
    size_t prev = s->start;
    for (size_t i = 0; i < s->nhl; i++) {
        tr_span h = s->hl[i];
        if (h.start < prev || h.start + h.len > s->start + s->len || h.len == 0)
            return snprintf(why, wl, "highlight %zu out of order or outside", i), 0;
        if (!tr_utf8_valid(text + h.start, h.len))
            return snprintf(why, wl, "highlight %zu not on character boundaries", i), 0;
        prev = h.start + h.len;
    }
    return 1;
}

static char *slurp(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    fseek(f, 0, SEEK_END);
    long n = ftell(f);
    fseek(f, 0, SEEK_SET);
    char *b = malloc((size_t)n + 1);
    *len = fread(b, 1, (size_t)n, f);
    b[*len] = '\0';
    fclose(f);
    return b;
}

static char *seed(const char *prefix, size_t *len)
{
    const char *top = getenv("top_srcdir");
    char path[4096];
    static const char *const names[] = {"000_4a1e5ee3c0eafb22.txt", "001_f0ce601e5f83c249.txt",
                                        "002_81cd06210f247496.txt", "003_743e7a8b74290be1.txt",
                                        "004_b7ad970acadcf5d4.txt"};
    for (size_t i = 0; i < 5; i++)
        if (strncmp(names[i], prefix, strlen(prefix)) == 0) {
            snprintf(path, sizeof path, "%s/corpus/samples/%s", top ? top : ".", names[i]);
            return slurp(path, len);
        }
    return NULL;
}

static void test_phrase_beats_scattered(void)
{
    /* Scattered words first, all within one window; the phrase later. */
    const char *text =
        "Giải thưởng phóng sự: mặt hàng bằng tre, giải nhì phóng viên, mặt trận bằng "
        "lòng, giải ba.\n\n"
        "Nhiều nội dung khác được triển khai đồng bộ trong toàn tỉnh, các cấp ủy quan tâm "
        "lãnh đạo, chỉ đạo sâu sát; đời sống Nhân dân cơ bản ổn định và phát triển. "
        "Các ngành chức năng phối hợp chặt chẽ, thường xuyên kiểm tra, đôn đốc.\n\n"
        "Ban Dân vận hỗ trợ công tác bồi thường, giải phóng mặt bằng các dự án trọng điểm.";
    size_t len = strlen(text);
    for (int quoted = 0; quoted < 2; quoted++) {
        query q = {0};
        q_add(&q, "giải", quoted ? 0 : -1);
        q_add(&q, "phóng", quoted ? 0 : -1);
        q_add(&q, "mặt", quoted ? 0 : -1);
        q_add(&q, "bằng", quoted ? 0 : -1);
        tr_snippet s;
        ok(tr_snippet_best(text, len, q.w, q.n, 200, &s) == 0, "best (%s)", quoted ? "quoted" : "free");
        const char *ph = strstr(text, "giải phóng mặt bằng");
        size_t at = (size_t)(ph - text);
        ok(s.start <= at && at + strlen("giải phóng mặt bằng") <= s.start + s.len,
           "%s: the passage holds the phrase, not the scattered words",
           quoted ? "quoted" : "free words");
        is_int(s.nhl, 1, "%s: the phrase is one highlight", quoted ? "quoted" : "free words");
        if (s.nhl == 1) {
            char *h = span_dup(text, s.hl[0]);
            is_str(h, "giải phóng mặt bằng", "highlight is the phrase's bytes");
            free(h);
        }
        char why[128] = "";
        ok(well_formed(text, len, &s, why, sizeof why), "well formed %s", why);
        tr_snippet_free(&s);
        q_free(&q);
    }
}

static void test_coverage_beats_repetition(void)
{
    const char *text =
        "Dân chủ, dân sinh, dân trí, dân quyền, dân tộc, dân cư, dân số, dân dụng, dân gian, "
        "dân ca, dân quân, dân phòng, dân lập, dân vũ, dân y, dân doanh.\n"
        "Những nội dung này được nhắc lại trong nhiều văn bản khác nhau của tỉnh, huyện và "
        "xã, nhưng không phải lúc nào cũng có đủ điều kiện để thực hiện đầy đủ như mong muốn "
        "của đông đảo cán bộ, đảng viên và các tầng lớp.\n"
        "Công tác dân vận của hệ thống chính trị tiếp tục được quan tâm.";
    size_t len = strlen(text);
    query q = {0};
    q_add(&q, "dân", -1);
    q_add(&q, "thống", -1);
    q_add(&q, "tâm", -1);
    tr_snippet s;
    ok(tr_snippet_best(text, len, q.w, q.n, 160, &s) == 0, "best");
    const char *want = strstr(text, "thống");
    ok(s.start <= (size_t)(want - text) && (size_t)(want - text) < s.start + s.len,
       "three distinct words beat sixteen repetitions of one");
    ok(s.nhl >= 2, "several highlights (%zu)", s.nhl);
    tr_snippet_free(&s);
    q_free(&q);
}

static void test_sentence_start(void)
{
    const char *text = "Mở đầu báo cáo nêu rõ bối cảnh chung của tỉnh trong năm qua. "
                       "Trong kỳ, dù gặp nhiều khó khăn, công tác dân vận được các cấp ủy quan tâm lãnh đạo, chỉ đạo "
                       "thường xuyên và có nhiều chuyển biến tích cực.";
    size_t len = strlen(text);
    query q = {0};
    q_add(&q, "dân", 0);
    q_add(&q, "vận", 0);
    tr_snippet s;
    ok(tr_snippet_best(text, len, q.w, q.n, 140, &s) == 0, "best");
    is_int(s.start, (size_t)(strstr(text, "Trong") - text), "the passage starts at the sentence");
    ok(s.cut_before && s.cut_after, "cut on both sides");
    char *r = render(text, &s, "[", "]");
    const char *want = "… Trong kỳ, dù gặp nhiều khó khăn, công tác [dân vận]";
    ok(strncmp(r, want, strlen(want)) == 0,
       "rendered: %s", r);
    free(r);
    tr_snippet_free(&s);
    q_free(&q);
}

static void test_original_bytes(void)
{
    /* NFD "GIẢI" (A + breve + hook above... decomposed), upper case, and a
     * new-style tone "hoà" against the normalised query "hòa". */
    const char *text = "Mở đầu. Công tác GIA\xcc\x89I PHÓNG mặt bằng và hoà giải ở cơ sở, giải quyết.";
    size_t len = strlen(text);
    query q = {0};
    q_add(&q, "hòa", -1);
    q_add(&q, "giải", -1);
    tr_snippet s;
    ok(tr_snippet_best(text, len, q.w, q.n, 300, &s) == 0, "best");
    is_int(s.nhl, 3, "three highlights");
    if (s.nhl == 3) {
        char *a = span_dup(text, s.hl[0]), *b = span_dup(text, s.hl[1]);
        char *c = span_dup(text, s.hl[2]);
        is_str(a, "GIA\xcc\x89I", "NFD upper-case bytes are highlighted as written");
        is_str(b, "hoà giải", "new-style tone is highlighted as written, with the next word as typed");
        is_str(c, "giải", "the other giải");
        free(a);
        free(b);
        free(c);
    }
    tr_snippet_free(&s);
    q_free(&q);

    /* A word typed without marks matches every marked form. */
    q_add(&q, "giai", -1);
    ok(q.w[0].folded == 1, "unmarked word is folded");
    ok(tr_snippet_best(text, len, q.w, q.n, 300, &s) == 0, "best folded");
    is_int(s.nhl, 3, "folded 'giai' matches GIẢI and both giải");
    if (s.nhl == 3) {
        char *b = span_dup(text, s.hl[1]);
        is_str(b, "giải", "second folded match");
        free(b);
    }
    tr_snippet_free(&s);
    q_free(&q);
}

static void test_docnum(void)
{
    const char *text = "Thực hiện Chỉ thị số 43-CT/TW, ngày 14/5/2015 của Ban Bí thư về "
                       "tăng cường công tác dân vận; Kết luận 43-KL/TW cũng nêu rõ.";
    size_t len = strlen(text);
    query q = {0};
    q_add(&q, "43-ct/tw", -1);
    tr_snippet s;
    ok(tr_snippet_best(text, len, q.w, q.n, 280, &s) == 0, "best with a document number");
    is_int(s.nhl, 1, "one highlight: the number, not its parts, not 43-KL/TW");
    if (s.nhl == 1) {
        char *h = span_dup(text, s.hl[0]);
        is_str(h, "43-CT/TW", "the whole number is highlighted");
        free(h);
    }
    tr_snippet_free(&s);

    /* The citing sentence. */
    size_t ss = (size_t)(strstr(text, "Thực") - text);
    size_t sl = (size_t)(strstr(text, ";") - text) - ss;
    ok(tr_snippet_span(text, len, ss, sl, q.w, q.n, &s) == 0, "span");
    is_int(s.start, ss, "span start kept");
    ok(s.len <= sl && s.len > sl - 4, "span end kept (%zu of %zu)", s.len, sl);
    ok(s.nhl == 1 && s.hl[0].len == strlen("43-CT/TW"), "span highlight");
    ok(!s.cut_before && s.cut_after, "cut flags of a first sentence");
    char *r = render(text, &s, "«", "»");
    is_str(r, "Thực hiện Chỉ thị số «43-CT/TW», ngày 14/5/2015 của Ban Bí thư về tăng "
              "cường công tác dân vận …", "span rendered");
    free(r);
    tr_snippet_free(&s);
    q_free(&q);
}

static void test_no_match_and_render(void)
{
    const char *text = "\n\n  **BÁO CÁO**\n\nTình hình   thực hiện nhiệm vụ\n6 tháng đầu năm.";
    size_t len = strlen(text);
    query q = {0};
    q_add(&q, "zzqq", -1);
    tr_snippet s;
    ok(tr_snippet_best(text, len, q.w, q.n, 54, &s) == 0, "best without a match");
    is_int(s.nhl, 0, "no highlight");
    is_int(s.start, (size_t)(strstr(text, "BÁO") - text), "passage starts at the first word");
    ok(!s.cut_before && s.cut_after, "cut only after");
    char *r = render(text, &s, "«", "»");
    is_str(r, "BÁO CÁO Tình hình thực hiện nhiệm vụ …", "no-match passage rendered");
    free(r);
    tr_snippet_free(&s);
    ok(tr_snippet_best(text, len, NULL, 0, 40, &s) == 0 && s.nhl == 0, "no words at all");
    tr_snippet_free(&s);
    ok(tr_snippet_best("", 0, q.w, q.n, 40, &s) == 0 && s.len == 0 && s.nhl == 0, "empty text");
    tr_snippet_free(&s);
    q_free(&q);

    const char *md = "Kết quả: công tác **giải phóng** mặt bằng¹ đạt ~~cũ~~ tốt \\* # "
                     "diện\xc2\xa0tích\xc2\xad 500 m² và *phóng* viên.";
    len = strlen(md);
    q_add(&q, "giải", -1);
    q_add(&q, "phóng", -1);
    ok(tr_snippet_best(md, len, q.w, q.n, 400, &s) == 0, "best in markdown");
    is_int(s.nhl, 2, "two highlights: the words as typed, then one");
    r = render(md, &s, "«", "»");
    is_str(r, "Kết quả: công tác «giải phóng» mặt bằng đạt cũ tốt diện tích 500 m² và «phóng» viên.",
           "render: markers, markdown, footnotes, NBSP and soft hyphen");
    free(r);
    is_int(s.start, 0, "whole text");
    ok(!s.cut_before && !s.cut_after, "not cut");
    r = render(md, &s, "\033[1m", "\033[0m");
    ok(strstr(r, "\033[1mphóng\033[0m") != NULL, "ANSI markers");
    free(r);
    tr_snippet_free(&s);
    q_free(&q);
}

static void test_seed(void)
{
    size_t len;
    char *text = seed("000", &len);
    if (!text) {
        ok(0, "seed 000 readable");
        return;
    }
    query q = {0};
    q_add(&q, "giải", -1);
    q_add(&q, "phóng", -1);
    q_add(&q, "mặt", -1);
    q_add(&q, "bằng", -1);
    tr_snippet s;
    ok(tr_snippet_best(text, len, q.w, q.n, 280, &s) == 0, "seed 000: best");
    int consecutive = 0;
    for (size_t i = 0; i < s.nhl; i++) {
        char *h = span_dup(text, s.hl[i]);
        if (strcmp(h, "giải phóng mặt bằng") == 0)
            consecutive = 1;
        free(h);
    }
    ok(consecutive, "seed 000: 'giải phóng mặt bằng' highlighted as one run");
    char *r = render(text, &s, "«", "»");
    ok(strstr(r, "«giải phóng mặt bằng»") != NULL, "seed 000 rendered: %s", r);
    ok(s.len <= 300, "passage size %zu", s.len);
    free(r);
    char why[128] = "";
    ok(well_formed(text, len, &s, why, sizeof why), "seed 000 well formed %s", why);
    tr_snippet_free(&s);
    q_free(&q);
    free(text);
}

/* Random sizes and words over every seed: structure always holds. */
static void test_random_boundaries(void)
{
    static const char *const words[] = {"dân", "vận", "giai", "phong", "tỉnh", "năm",
                                        "2020", "đảng", "covid", "xã", "hội", "tw", "kết",
                                        "quả", "thực", "hiện", "nhân", "uy"};
    const char *seeds[] = {"000", "001", "002", "003", "004"};
    uint32_t rnd = 12345;
    int bad = 0, runs = 0;
    char why[128] = "";
    for (size_t f = 0; f < 5; f++) {
        size_t len;
        char *text = seed(seeds[f], &len);
        if (!text) {
            bad++;
            continue;
        }
        for (int k = 0; k < 60; k++) {
            query q = {0};
            rnd = rnd * 1103515245u + 12345u;
            size_t nq = 1 + (rnd >> 16) % 3;
            for (size_t i = 0; i < nq; i++) {
                rnd = rnd * 1103515245u + 12345u;
                q_add(&q, words[(rnd >> 16) % (sizeof words / sizeof words[0])], k % 4 == 0 ? 0 : -1);
            }
            rnd = rnd * 1103515245u + 12345u;
            size_t maxb = 20 + (rnd >> 16) % 400;
            tr_snippet s;
            runs++;
            if (tr_snippet_best(text, len, q.w, q.n, maxb, &s) != 0 ||
                !well_formed(text, len, &s, why, sizeof why) || s.len > maxb + 64) {
                if (!bad++)
                    tap_diag("seed %s maxb %zu: %s (len %zu)", seeds[f], maxb, why, s.len);
            }
            char *r = render(text, &s, "«", "»");
            if (!tr_utf8_valid(r, strlen(r)) && !bad++)
                tap_diag("render not UTF-8");
            free(r);
            /* The citing-sentence mode over an arbitrary byte range. */
            rnd = rnd * 1103515245u + 12345u;
            size_t a = (rnd >> 8) % len;
            while (a > 0 && ((unsigned char)text[a] & 0xC0) == 0x80)
                a--;
            tr_snippet_free(&s);
            if (tr_snippet_span(text, len, a, 50 + maxb * 3, q.w, q.n, &s) != 0 ||
                !well_formed(text, len, &s, why, sizeof why) ||
                s.len > TR_SNIPPET_SPAN_MAX + 64) {
                if (!bad++)
                    tap_diag("span seed %s at %zu: %s", seeds[f], a, why);
            }
            tr_snippet_free(&s);
            q_free(&q);
        }
        free(text);
    }
    ok(bad == 0, "%d random passages: valid UTF-8, whole words, highlights in order", runs);
}

static void test_large(void)
{
    const char *para = "Các cấp ủy, tổ chức đảng tiếp tục quán triệt, triển khai thực hiện "
                       "nghiêm túc các chủ trương, nghị quyết của Đảng về công tác dân vận; "
                       "đời sống Nhân dân cơ bản ổn định.\n";
    const char *tail = "Cuối cùng, tổ công tác hỗ trợ giải phóng mặt bằng dự án.\n";
    size_t pl = strlen(para), tl = strlen(tail), target = 50u << 20;
    char *text = malloc(target + tl + 1);
    if (!text) {
        ok(0, "allocate 50 MB");
        return;
    }
    size_t len = 0;
    while (len + pl <= target) {
        memcpy(text + len, para, pl);
        len += pl;
    }
    memcpy(text + len, tail, tl);
    len += tl;
    text[len] = '\0';
    query q = {0};
    q_add(&q, "dân", -1);
    q_add(&q, "giải", 0);
    q_add(&q, "phóng", 0);
    tr_snippet s;
    ok(tr_snippet_best(text, len, q.w, q.n, 280, &s) == 0, "50 MB text completes");
    ok(s.start > len - 400, "the only window with every word is at the end (%zu of %zu)", s.start, len);
    char why[128] = "";
    ok(well_formed(text, len, &s, why, sizeof why), "50 MB passage well formed %s", why);
    tr_snippet_free(&s);
    q_free(&q);
    free(text);
}

/* tr_snippet_best_loc: located by positions and checkpoints as the index
 * gives them, the passage is the whole text's; and the positions are what
 * is scanned (leave out the best occurrence's and another passage wins). */
static void locate(const char *text, size_t len, const query *q, size_t step, size_t **cp,
                   size_t *ncp, unsigned **pos, size_t *npos, size_t skip_from,
                   size_t skip_to)
{
    tr_tokenizer *tk = tr_tokenizer_new();
    tr_token t;
    tr_buf fk[16] = {{0}};
    for (size_t i = 0; i < q->n; i++)   /* positions are the folded key's */
        tr_norm_fold(q->w[i].key, strlen(q->w[i].key), &fk[i]);
    *cp = malloc((len / 2 + 2) * sizeof **cp);
    *ncp = 0;
    for (size_t i = 0; i < q->n; i++) {
        pos[i] = malloc((len / 2 + 2) * sizeof *pos[i]);
        npos[i] = 0;
    }
    tr_tokenizer_reset(tk, text, len);
    while (tr_tokenizer_next(tk, &t) == 1) {
        if (t.flags & TR_TOKF_COMPOUND)
            continue;
        if (t.position % step == 0)
            (*cp)[(*ncp)++] = t.offset;
        for (size_t i = 0; i < q->n; i++)
            if (t.folded_len == fk[i].len && !memcmp(t.folded, fk[i].data, t.folded_len) &&
                !(t.offset >= skip_from && t.offset < skip_to))
                pos[i][npos[i]++] = (unsigned)t.position;
    }
    for (size_t i = 0; i < q->n; i++)
        tr_buf_free(&fk[i]);
    tr_tokenizer_free(tk);
}

static void test_located(void)
{
    tr_buf b = {0};
    const char *filler = "Các cấp ủy tiếp tục quan tâm lãnh đạo công tác vận động quần chúng. ";
    for (int i = 0; i < 40; i++)
        tr_buf_adds(&b, filler);
    size_t first = b.len;
    tr_buf_adds(&b, "Công tác giải phóng mặt bằng được chú trọng. ");
    for (int i = 0; i < 60; i++)
        tr_buf_adds(&b, filler);
    tr_buf_adds(&b, "Ban chỉ đạo giải phóng mặt bằng và tái định cư của tỉnh họp. ");
    for (int i = 0; i < 40; i++)
        tr_buf_adds(&b, filler);
    query q = {0};
    q_add(&q, "giai", 0);
    q_add(&q, "phong", 0);
    q_add(&q, "mat", 0);
    q_add(&q, "bang", 0);
    q_add(&q, "tái", -1);
    tr_snippet whole, loc;
    ok(tr_snippet_best(b.data, b.len, q.w, q.n, 280, &whole) == 0 && whole.nhl > 0,
       "whole text: a passage");
    size_t *cp, ncp;
    unsigned *pos[16];
    size_t npos[16];
    locate(b.data, b.len, &q, 8, &cp, &ncp, pos, npos, 0, 0);
    tr_snippet_loc l = {cp, ncp, 8, (const unsigned *const *)pos, npos};
    ok(tr_snippet_best_loc(b.data, b.len, &l, q.w, q.n, 280, &loc) == 0, "located: a passage");
    int same = loc.start == whole.start && loc.len == whole.len && loc.nhl == whole.nhl;
    for (size_t i = 0; same && i < loc.nhl; i++)
        same = loc.hl[i].start == whole.hl[i].start && loc.hl[i].len == whole.hl[i].len;
    ok(same, "located passage = whole text's (%zu+%zu, %zu highlights)", loc.start, loc.len,
       loc.nhl);
    ok(whole.start > first + 100, "the best passage is the second, with tái định cư");
    tr_snippet_free(&loc);
    for (size_t i = 0; i < q.n; i++)
        free(pos[i]);
    free(cp);
    /* Hide the second occurrence from the positions: the located scan
     * does not see it, so the first occurrence is shown — the proof that
     * only the located passages were tokenized. */
    locate(b.data, b.len, &q, 8, &cp, &ncp, pos, npos, first + 100, b.len);
    l = (tr_snippet_loc){cp, ncp, 8, (const unsigned *const *)pos, npos};
    int rc = tr_snippet_best_loc(b.data, b.len, &l, q.w, q.n, 280, &loc);
    ok(rc == 0 && loc.nhl > 0 && loc.hl[0].start >= first && loc.hl[0].start < first + 100,
       "positions left out are not scanned (first occurrence shown, at %zu)",
       loc.nhl ? loc.hl[0].start : 0);
    tr_snippet_free(&loc);
    for (size_t i = 0; i < q.n; i++)
        free(pos[i]);
    free(cp);
    tr_snippet_free(&whole);
    q_free(&q);
    tr_buf_free(&b);
}

int main(void)
{
    test_phrase_beats_scattered();
    test_coverage_beats_repetition();
    test_sentence_start();
    test_original_bytes();
    test_docnum();
    test_no_match_and_render();
    test_seed();
    test_random_boundaries();
    test_large();
    test_located();
    return tap_done();
}

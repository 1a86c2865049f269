/*
 * report.c — the two read-only reports of tracuu-index.
 *
 * --explain shows, for one file, exactly what the indexer would store and
 * why: each metadata field with the evidence it came from, each citation
 * with its span and canonical id.  It runs the indexer's own analysis, so
 * it cannot drift from what indexing does.  --stats summarises a database.
 */
#include "indexer.h"

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "tr_path.h"
#include "tr_schema.h"

static void field(const char *name, const tr_field *f)
{
    if (f->value)
        printf("  %-9s %s  [%s]\n", name, f->value, tr_source_name(f->src));
    else
        printf("  %-9s (unknown)\n", name);
}

static const char *level_name(tr_level l)
{
    return l == TR_LEVEL_CENTRAL ? "central" : l == TR_LEVEL_LOCAL ? "local" : "?";
}

/* The length of s[0..n) cut to at most max bytes, never inside a UTF-8
 * character. */
static size_t utf8_cut(const char *s, size_t n, size_t max)
{
    if (n <= max)
        return n;
    while (max > 0 && ((unsigned char)s[max] & 0xC0) == 0x80)
        max--;
    return max;
}

/* The first lines of the extracted text: what the readers made of the
 * file is the first thing to check when a document is not found. */
static void print_head(const char *t, size_t n)
{
    printf("text      (first lines)\n");
    int lines = 0;
    size_t i = 0;
    while (i < n && lines < 12) {
        size_t e = i;
        while (e < n && t[e] != '\n' && t[e] != '\f')
            e++;
        size_t k = e - i;
        while (k && (t[i + k - 1] == ' ' || t[i + k - 1] == '\r' || t[i + k - 1] == '\t'))
            k--;
        if (k) {
            printf("  | %.*s%s\n", (int)utf8_cut(t + i, k, 160), t + i, k > 160 ? "…" : "");
            lines++;
        }
        i = e + 1;
    }
}

static void print_warnings(const char *w)
{
    printf("warnings\n");
    while (*w) {
        size_t k = strcspn(w, "\n");
        printf("  %.*s\n", (int)k, w);
        w += k;
        if (*w)
            w++;
    }
}

int ix_explain(const ix_options *o, const char *path)
{
    struct stat st;
    char buf[1024];
    if (stat(path, &st) != 0) {
        fprintf(stderr, "tracuu-index: %s: %s\n", ix_printable(path, buf, sizeof buf),
                "no such file");
        return IX_SKIPPED;
    }
    char *abs = tr_abspath(path);
    ix_analyzer *a = ix_analyzer_new();
    if (!abs || !a) {
        fprintf(stderr, "tracuu-index: out of memory\n");
        free(abs);
        ix_analyzer_free(a);
        return IX_DBERR;
    }
    ix_result r;
    ix_analyze(a, o, abs, NULL, 0, &r);
    printf("file      %s\n", ix_printable(abs, buf, sizeof buf));
    printf("id        %s\n", r.uid);
    if (r.format != TR_FMT_UNKNOWN)
        printf("format    %s%s%s%s\n", tr_format_name(r.format), r.extractor[0] ? "  (read by " : "",
               r.extractor, r.extractor[0] ? ")" : "");
    if (r.skipped) {
        printf("skipped   %s\n", r.why);
        fprintf(stderr, "tracuu-index: %s: %s\n", ix_printable(path, buf, sizeof buf), r.why);
        ix_result_free(&r);
        ix_analyzer_free(a);
        free(abs);
        return IX_SKIPPED;
    }
    if (r.enc.name[0] && r.enc.score)
        printf("encoding  %s (score %d‰)%s\n", r.enc.name, r.enc.score,
               strcmp(r.enc.name, "CP1252") == 0 ? "  undecidable: read as Windows-1252" : "");
    else if (r.enc.name[0] && r.enc.runs)
        printf("encoding  %s (%u legacy run(s) or paragraph(s) converted; the rest Unicode)\n",
               r.enc.name, r.enc.runs);
    else if (r.enc.name[0])
        printf("encoding  %s (declared by the file)\n", r.enc.name);
    if (r.pages)
        printf("pages     %u%s%s%s\n", r.pages, r.ocr_pages ? "  (OCR: pages " : "",
               r.ocr_pages ? r.ocr_list : "", r.ocr_pages ? ")" : "");
    printf("bytes     %zu (text %zu)\n", r.bytes, r.text_len);
    printf("tokens    %zu\n", r.ntokens);
    printf("metadata  (field  value  [source])\n");
    field("number", &r.meta.number);
    field("type", &r.meta.type);
    field("title", &r.meta.title);
    field("body", &r.meta.body);
    field("province", &r.meta.province);
    field("date", &r.meta.date);
    field("year", &r.meta.year);
    field("signer", &r.meta.signer);
    printf("citations %zu\n", r.cites.n);
    for (size_t i = 0; i < r.cites.n; i++) {
        const tr_cite *c = &r.cites.v[i];
        char scoped[TR_CANON_MAX + 80] = "";
        if (c->level == TR_LEVEL_LOCAL && r.province_slug)
            tr_cite_scoped(c->canon, r.province_slug, scoped, sizeof scoped);
        printf("  %-22s bytes %zu+%zu  %-7s %s%s%s%s%s\n", c->canon, c->start, c->len,
               level_name(c->level), c->type_name ? c->type_name : "",
               c->date[0] ? "  ngày " : "", c->date, scoped[0] ? "  scoped " : "",
               scoped);
        printf("    \"%.*s\"\n", (int)utf8_cut(r.text + c->sent_start, c->sent_len, 200),
               r.text + c->sent_start);
    }
    print_head(r.text, r.text_len);
    if (r.warnings.len)
        print_warnings(r.warnings.data);
    else
        printf("warnings  none\n");
    ix_result_free(&r);
    ix_analyzer_free(a);
    free(abs);
    return IX_OK;
}

/* ---- --stats ---- */

static unsigned long long dir_size(const char *path)
{
    DIR *d = opendir(path);
    if (!d)
        return 0;
    unsigned long long total = 0;
    struct dirent *e;
    char p[4096];
    while ((e = readdir(d)) != NULL) {
        struct stat st;
        if (e->d_name[0] == '.' && (!e->d_name[1] || (e->d_name[1] == '.' && !e->d_name[2])))
            continue;
        snprintf(p, sizeof p, "%s/%s", path, e->d_name);
        if (lstat(p, &st) != 0)
            continue;
        total += S_ISDIR(st.st_mode) ? dir_size(p) : (unsigned long long)st.st_size;
    }
    closedir(d);
    return total;
}

typedef struct {
    unsigned long n;
} count_ctx;

static int count_cb(const char *t, size_t l, unsigned long f, void *ctx)
{
    (void)t;
    (void)l;
    (void)f;
    ((count_ctx *)ctx)->n++;
    return 0;
}

typedef struct {
    char term[TR_CANON_MAX + 8];
    unsigned long freq;
} cited;

typedef struct {
    cited top[20];
    size_t n;
} top_ctx;

static int top_cb(const char *t, size_t l, unsigned long f, void *vctx)
{
    top_ctx *c = vctx;
    if (memchr(t, '@', l) || l - 2 >= sizeof c->top[0].term)
        return 0;   /* scoped twins repeat their unscoped number */
    size_t i = c->n < 20 ? c->n++ : 19;
    if (i == 19 && c->n == 20 && c->top[19].freq >= f)
        return 0;
    while (i > 0 && c->top[i - 1].freq < f) {
        c->top[i] = c->top[i - 1];
        i--;
    }
    memcpy(c->top[i].term, t + 2, l - 2);
    c->top[i].term[l - 2] = '\0';
    c->top[i].freq = f;
    return 0;
}

typedef struct {
    size_t plen;
} list_ctx;

static int list_cb(const char *t, size_t l, unsigned long f, void *vctx)
{
    list_ctx *c = vctx;
    printf("  %-36.*s %lu\n", (int)(l - c->plen), t + c->plen, f);
    return 0;
}

/* Counts of a boolean prefix's terms: documents by format, by encoding. */
static void by_terms(tr_db *db, const char *prefix, const char *title)
{
    list_ctx c = {strlen(prefix)};
    printf("%s\n", title);
    tr_db_allterms(db, prefix, list_cb, &c);
}

int ix_stats(const char *dbpath)
{
    tr_db *db = NULL;
    char *err = NULL;
    int rc = tr_db_open_readonly(&dbpath, 1, &db, &err);
    if (rc != 0) {
        fprintf(stderr, "tracuu-index: %s: %s\n", dbpath,
                rc == TR_DB_NOTFOUND ? "no database here (build one with tracuu-index PATH)"
                                     : (err ? err : "cannot open"));
        free(err);
        return IX_DBERR;
    }
    count_ctx terms = {0};
    tr_db_allterms(db, "", count_cb, &terms);
    printf("database   %s\n", dbpath);
    printf("documents  %lu\n", tr_db_doccount(db));
    printf("terms      %lu\n", terms.n);
    printf("size       %.1f MB on disk\n", dir_size(dbpath) / 1e6);
    char *last = NULL;
    if (tr_db_get_metadata(db, "tracuu.last_change", &last) == 0)
        printf("last change %s\n", last && *last ? last : "(not recorded)");
    free(last);

    static const unsigned slots[] = {TR_SLOT_PROVINCE, TR_SLOT_YEAR, TR_SLOT_BODY,
                                     TR_SLOT_TYPE};
    static const char *names[] = {"province", "year", "body", "type"};
    tr_query *all = tr_q_match_all();
    tr_search_opts so = {0};
    so.limit = 0;
    so.exact_total = 1;
    so.facet_slots = slots;
    so.nfacets = 4;
    tr_mset *m = NULL;
    if (all && tr_db_search(db, all, &so, &m) == 0) {
        for (size_t k = 0; k < 4; k++) {
            printf("by %s\n", names[k]);
            size_t n = tr_mset_facet_size(m, k);
            unsigned long known = 0;
            for (size_t j = 0; j < n; j++) {
                size_t len;
                unsigned long cnt;
                const char *v = tr_mset_facet_value(m, k, j, &len, &cnt);
                printf("  %-36.*s %lu\n", (int)len, v, cnt);
                known += cnt;
            }
            if (known < tr_db_doccount(db))
                printf("  %-36s %lu\n", "(unknown)", tr_db_doccount(db) - known);
        }
    }
    tr_mset_free(m);
    tr_q_free(all);
    by_terms(db, TR_PFX_FORMAT, "by format");
    by_terms(db, TR_PFX_ENCODING, "by legacy encoding (converted)");
    top_ctx top = {0};
    tr_db_allterms(db, TR_PFX_CITE, top_cb, &top);
    printf("most cited (documents citing)\n");
    for (size_t i = 0; i < top.n; i++)
        printf("  %-36s %lu\n", top.top[i].term, top.top[i].freq);
    tr_db_close(db);
    return IX_OK;
}

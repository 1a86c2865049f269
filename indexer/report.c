/*
 * report.c — the two read-only reports of tracuu-index.
 *
 * --explain shows, for one file, exactly what the indexer would store and
 * why: each metadata field with the evidence it came from, each citation
 * with its span and canonical id.  It runs the indexer's own analysis, so
 * it cannot drift from what indexing does.  --stats summarises a database.
 * Labels are translated and every column is padded by display width (a
 * Vietnamese name is fewer columns than bytes).
 */
#include "config.h"
#include "indexer.h"

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "tr_i18n.h"
#include "tr_path.h"
#include "tr_schema.h"
#include "tr_utf8.h"

/* s[0..len) then spaces up to width terminal columns (at least one). */
static void pad(const char *s, size_t len, size_t width)
{
    fwrite(s, 1, len, stdout);
    size_t w = tr_utf8_width(s, len);
    do
        putchar(' ');
    while (++w < width);
}

/* A label column: the label and spaces to width columns. */
static void label(const char *s, size_t width)
{
    pad(s, strlen(s), width);
}

/* The column for n labels once translated: their widest plus one space,
 * never narrower than min (the English layout). */
static size_t column(const char *const *msgids, size_t n, size_t min)
{
    size_t w = min;
    for (size_t i = 0; i < n; i++) {
        const char *t = _(msgids[i]);
        size_t k = tr_utf8_width(t, strlen(t)) + 1;
        if (k > w)
            w = k;
    }
    return w;
}

static const char *const head_labels[] = {
    N_("file"), N_("id"), N_("format"), N_("skipped"), N_("encoding"), N_("pages"),
    N_("bytes"), N_("tokens"), N_("metadata"), N_("citations"), N_("text"),
    N_("warnings")};
static const char *const field_labels[] = {
    N_("number"), N_("type"), N_("title"), N_("body"), N_("province"), N_("date"),
    N_("year"), N_("signer")};
static const char *const level_labels[] = {N_("central"), N_("local")};
static size_t head_w = 10, field_w = 10, level_w = 8;

static void field(const char *name, const tr_field *f)
{
    fputs("  ", stdout);
    label(name, field_w);
    if (f->value)
        /* "body" as a source is the text's body, not the field */
        printf("%s  [%s]\n", f->value,
               f->src == TR_SRC_BODY ? _("body text") : _(tr_source_name(f->src)));
    else
        printf("%s\n", _("(unknown)"));
}

static const char *level_name(tr_level l)
{
    return l == TR_LEVEL_CENTRAL ? _("central") : l == TR_LEVEL_LOCAL ? _("local") : "?";
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
    label(_("text"), head_w);
    printf("%s\n", _("(first lines)"));
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
    printf("%s\n", _("warnings"));
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
                _("no such file"));
        return IX_SKIPPED;
    }
    char *abs = tr_abspath(path);
    ix_analyzer *a = ix_analyzer_new();
    if (!abs || !a) {
        fprintf(stderr, _("tracuu-index: out of memory\n"));
        free(abs);
        ix_analyzer_free(a);
        return IX_DBERR;
    }
    ix_result r;
    ix_analyze(a, o, abs, NULL, 0, &r);
    head_w = column(head_labels, sizeof head_labels / sizeof *head_labels, 10);
    field_w = column(field_labels, sizeof field_labels / sizeof *field_labels, 10);
    level_w = column(level_labels, 2, 8);
    label(_("file"), head_w);
    printf("%s\n", ix_printable(abs, buf, sizeof buf));
    label(_("id"), head_w);
    printf("%s\n", r.uid);
    if (r.format != TR_FMT_UNKNOWN) {
        label(_("format"), head_w);
        /* "text" and "rtf" are our own readers, not programs to name */
        int own = !strcmp(r.extractor, "text") || !strcmp(r.extractor, "rtf");
        if (r.extractor[0])
            printf(_("%s  (read by %s)\n"), tr_format_name(r.format),
                   own ? _("tracuu's own reader") : r.extractor);
        else
            printf("%s\n", tr_format_name(r.format));
    }
    if (r.skipped) {
        label(_("skipped"), head_w);
        printf("%s\n", r.why);
        fprintf(stderr, "tracuu-index: %s: %s\n", ix_printable(path, buf, sizeof buf), r.why);
        ix_result_free(&r);
        ix_analyzer_free(a);
        free(abs);
        return IX_SKIPPED;
    }
    if (r.enc.name[0])
        label(_("encoding"), head_w);
    if (r.enc.name[0] && r.enc.score)
        printf(_("%s (score %d‰)%s\n"), r.enc.name, r.enc.score,
               strcmp(r.enc.name, "CP1252") == 0 ? _("  undecidable: read as Windows-1252") : "");
    else if (r.enc.name[0] && r.enc.runs)
        printf(_("%s (%u legacy run(s) or paragraph(s) converted; the rest Unicode)\n"),
               r.enc.name, r.enc.runs);
    else if (r.enc.name[0])
        printf(_("%s (declared by the file)\n"), r.enc.name);
    if (r.pages) {
        label(_("pages"), head_w);
        if (r.ocr_pages)
            printf(_("%u  (OCR: pages %s)\n"), r.pages, r.ocr_list ? r.ocr_list : "");
        else
            printf("%u\n", r.pages);
    }
    label(_("bytes"), head_w);
    printf(_("%zu (text %zu)\n"), r.bytes, r.text_len);
    label(_("tokens"), head_w);
    printf("%zu\n", r.ntokens);
    label(_("metadata"), head_w);
    printf("%s\n", _("(field  value  [source])"));
    field(_("number"), &r.meta.number);
    field(_("type"), &r.meta.type);
    field(_("title"), &r.meta.title);
    field(_("body"), &r.meta.body);
    field(_("province"), &r.meta.province);
    field(_("date"), &r.meta.date);
    field(_("year"), &r.meta.year);
    field(_("signer"), &r.meta.signer);
    field(_("signed_for"), &r.meta.signed_for);
    label(_("citations"), head_w);
    printf("%zu\n", r.cites.n);
    for (size_t i = 0; i < r.cites.n; i++) {
        const tr_cite *c = &r.cites.v[i];
        char scoped[TR_CANON_MAX + 80] = "";
        if (c->level == TR_LEVEL_LOCAL && r.province_slug)
            tr_cite_scoped(c->canon, r.province_slug, scoped, sizeof scoped);
        fputs("  ", stdout);
        label(c->canon, 23);
        printf(_("bytes %zu+%zu"), c->start, c->len);
        fputs("  ", stdout);
        label(level_name(c->level), level_w);
        printf("%s%s%s%s%s\n", c->type_name ? c->type_name : "",
               c->date[0] ? "  ngày " : "", c->date, scoped[0] ? _("  scoped ") : "",
               scoped);
        printf("    \"%.*s\"\n", (int)utf8_cut(r.text + c->sent_start, c->sent_len, 200),
               r.text + c->sent_start);
    }
    print_head(r.text, r.text_len);
    if (r.warnings.len)
        print_warnings(r.warnings.data);
    else {
        label(_("warnings"), head_w);
        printf("%s\n", _("none"));
    }
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
    unsigned long n;
    size_t width;
} list_ctx;

static int list_cb(const char *t, size_t l, unsigned long f, void *vctx)
{
    list_ctx *c = vctx;
    c->n++;
    fputs("  ", stdout);
    pad(t + c->plen, l - c->plen, c->width);
    printf("%lu\n", f);
    return 0;
}

/* Counts of a boolean prefix's terms: documents by format, by encoding. */
static void by_terms(tr_db *db, const char *prefix, const char *title, size_t width)
{
    list_ctx c = {strlen(prefix), 0, width};
    printf("%s\n", title);
    tr_db_allterms(db, prefix, list_cb, &c);
    if (c.n == 0)   /* an empty heading reads like a fault */
        printf("  %s\n", _("(none)"));
}

int ix_stats(const char *dbpath)
{
    tr_db *db = NULL;
    char *err = NULL;
    int rc = tr_db_open_readonly(&dbpath, 1, &db, &err);
    if (rc != 0) {
        /* err names the path itself */
        if (rc == TR_DB_NOTFOUND && !ix_has_xapian_tables(dbpath))
            fprintf(stderr, _("tracuu-index: %s: no database here (build one with "
                              "tracuu-index --db %s PATH)\n"), dbpath, dbpath);
        else
            fprintf(stderr, _("tracuu-index: %s (damaged? --rebuild makes it anew)\n"),
                    err ? err : _("cannot open"));
        free(err);
        return IX_DBERR;
    }
    count_ctx terms = {0};
    tr_db_allterms(db, "", count_cb, &terms);
    static const char *const stat_labels[] = {N_("database"), N_("documents"),
                                              N_("terms"), N_("size"), N_("last change")};
    size_t w = column(stat_labels, 5, 11);
    label(_("database"), w);
    printf("%s\n", dbpath);
    label(_("documents"), w);
    printf("%lu\n", tr_db_doccount(db));
    label(_("terms"), w);
    printf("%lu\n", terms.n);
    label(_("size"), w);
    printf(_("%.1f MB on disk\n"), dir_size(dbpath) / 1e6);
    char *last = NULL;
    if (tr_db_get_metadata(db, "tracuu.last_change", &last) == 0) {
        label(_("last change"), w);
        printf("%s\n", last && *last ? last : _("(not recorded)"));
    }
    free(last);

    static const unsigned slots[] = {TR_SLOT_PROVINCE, TR_SLOT_YEAR, TR_SLOT_BODY,
                                     TR_SLOT_TYPE};
    static const char *names[] = {N_("by province"), N_("by year"), N_("by body"),
                                  N_("by type")};
    tr_query *all = tr_q_match_all();
    tr_search_opts so = {0};
    so.limit = 0;
    so.exact_total = 1;
    so.facet_slots = slots;
    so.nfacets = 4;
    tr_mset *m = NULL;
    /* one value column for every table, wide enough for the longest name
     * ("Sở Nông nghiệp và Phát triển nông thôn") */
    size_t colw = 37;
    int ok = all && tr_db_search(db, all, &so, &m) == 0;
    for (size_t k = 0; ok && k < 4; k++)
        for (size_t j = 0; j < tr_mset_facet_size(m, k); j++) {
            size_t len;
            unsigned long cnt;
            const char *v = tr_mset_facet_value(m, k, j, &len, &cnt);
            if (tr_utf8_width(v, len) + 2 > colw)
                colw = tr_utf8_width(v, len) + 2;
        }
    if (ok) {
        for (size_t k = 0; k < 4; k++) {
            printf("%s\n", _(names[k]));
            size_t n = tr_mset_facet_size(m, k);
            unsigned long known = 0;
            for (size_t j = 0; j < n; j++) {
                size_t len;
                unsigned long cnt;
                const char *v = tr_mset_facet_value(m, k, j, &len, &cnt);
                fputs("  ", stdout);
                pad(v, len, colw);
                printf("%lu\n", cnt);
                known += cnt;
            }
            if (known < tr_db_doccount(db)) {
                fputs("  ", stdout);
                label(_("(unknown)"), colw);
                printf("%lu\n", tr_db_doccount(db) - known);
            }
        }
    }
    tr_mset_free(m);
    tr_q_free(all);
    by_terms(db, TR_PFX_FORMAT, _("by format"), colw);
    by_terms(db, TR_PFX_ENCODING, _("by legacy encoding (converted)"), colw);
    top_ctx top = {0};
    tr_db_allterms(db, TR_PFX_CITE, top_cb, &top);
    printf("%s\n", _("most cited (documents citing)"));
    for (size_t i = 0; i < top.n; i++) {
        fputs("  ", stdout);
        label(top.top[i].term, colw);
        printf("%lu\n", top.top[i].freq);
    }
    tr_db_close(db);
    return IX_OK;
}

/*
 * analyze.c — one file in, one Xapian document out.
 *
 * This is the part of indexing that parallelises: reading, decoding,
 * metadata, citations and tokenizing are pure C with no shared state, so
 * each analysis thread owns an ix_analyzer (its tokenizer and buffers) and
 * builds a complete tr_doc that the single writer thread only has to hand
 * to Xapian.  --explain runs the same code, so what it prints is what
 * would be indexed.
 */
#include "config.h"
#include "indexer.h"
#include "tr_i18n.h"

#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "tr_normalize.h"
#include "tr_path.h"
#include "tr_schema.h"
#include "tr_store.h"
#include "tr_tokenize.h"
#include "tr_utf8.h"

/* Title words count this many times a body occurrence: a word in the
 * title says more about the document than one in its tenth paragraph. */
#define TITLE_WDF 5

struct ix_analyzer {
    tr_tokenizer *tk;
    tr_tokenizer *tk_title;
    tr_buf term;
    tr_buf data;
    tr_buf tp;             /* checkpoints of the text being indexed */
    tr_buf facets;         /* the packed facet value (TR_SLOT_FACETS) */
    ix_worker *worker;     /* extraction process of this thread */
};

ix_analyzer *ix_analyzer_new(void)
{
    ix_analyzer *a = calloc(1, sizeof *a);
    if (!a)
        return NULL;
    a->tk = tr_tokenizer_new();
    a->tk_title = tr_tokenizer_new();
    a->worker = ix_worker_new();
    if (!a->tk || !a->tk_title || !a->worker) {
        ix_analyzer_free(a);
        return NULL;
    }
    return a;
}

void ix_analyzer_free(ix_analyzer *a)
{
    if (!a)
        return;
    tr_tokenizer_free(a->tk);
    tr_tokenizer_free(a->tk_title);
    ix_worker_free(a->worker);
    tr_buf_free(&a->term);
    tr_buf_free(&a->data);
    tr_buf_free(&a->facets);
    tr_buf_free(&a->tp);
    free(a);
}

size_t ix_change_stamp(const char *path, const struct stat *st, char out[IX_STAMP_MAX])
{
    /* The test suite plays an older tracuu with TRACUU_ANALYSIS_VERSION
     * ("" writes the stamps of the versions before it was recorded). */
    const char *av = getenv("TRACUU_ANALYSIS_VERSION");
    if (!av)
        av = TR_ANALYSIS_VERSION;
    int n = snprintf(out, IX_STAMP_MAX, "%lld.%09ld%s%.8s", (long long)st->st_mtim.tv_sec,
                     (long)st->st_mtim.tv_nsec, *av ? "@a" : "", av);
    char side[4096];
    struct stat ss;
    /* no sidecar, no suffix: indexes made before sidecars counted stay
     * unchanged */
    if (snprintf(side, sizeof side, "%s.meta", path) < (int)sizeof side &&
        stat(side, &ss) == 0)
        n += snprintf(out + n, IX_STAMP_MAX - (size_t)n, "+%lld.%09ld:%lld",
                      (long long)ss.st_mtim.tv_sec, (long)ss.st_mtim.tv_nsec,
                      (long long)ss.st_size);
    return (size_t)n;
}

const char *ix_stamp_sidecar(const char *stamp)
{
    const char *p = stamp ? strchr(stamp, '+') : NULL;
    return p ? p : "";
}

/* The analysis version of a stamp, as a span: "" (version 1) for the
 * stamps written before it was recorded. */
static size_t stamp_analysis(const char *stamp, const char **at)
{
    const char *p = stamp ? strstr(stamp, "@a") : NULL;
    *at = p ? p + 2 : "";
    return p ? strcspn(*at, "+") : 0;
}

int ix_stamp_same_analysis(const char *a, const char *b)
{
    const char *pa, *pb;
    size_t na = stamp_analysis(a, &pa), nb = stamp_analysis(b, &pb);
    return na == nb && memcmp(pa, pb, na) == 0;
}

int ix_has_xapian_tables(const char *dir)
{
    char p[4096];
    struct stat st;
    return snprintf(p, sizeof p, "%s/postlist.glass", dir) < (int)sizeof p && stat(p, &st) == 0;
}

const char *ix_printable(const char *path, char *buf, size_t bufsz)
{
    size_t i = 0;
    for (; path[i] && i + 1 < bufsz; i++) {
        unsigned char c = (unsigned char)path[i];
        buf[i] = (c < 0x20 || c == 0x7f) ? '?' : (char)c;
    }
    buf[i] = '\0';
    return buf;
}

void ix_options_default(ix_options *o)
{
    memset(o, 0, sizeof *o);
    o->max_size = IX_DEFAULT_MAX_SIZE;
    tr_extract_opts_default(&o->ex);
    /* Five minutes and 2 GB are far above what a real document needs
     * (a 50-page scan OCRs in a few minutes) and far below what a
     * runaway library would take from the machine. */
    o->lim.wall_seconds = 300;
    o->lim.cpu_seconds = 300;
    o->lim.mem_mb = 2048;
}

void ix_result_free(ix_result *r)
{
    free(r->text);
    free(r->ocr_list);
    free(r->prop_title);
    tr_meta_free(&r->meta);
    tr_cite_list_free(&r->cites);
    free(r->province_slug);
    tr_buf_free(&r->warnings);
    tr_doc_free(r->doc);
    memset(r, 0, sizeof *r);
}

static void skip(ix_result *r, const char *fmt, const char *arg)
{
    r->skipped = 1;
    snprintf(r->why, sizeof r->why, fmt, arg);
}

static void warn(ix_result *r, const char *msg)
{
    if (r->warnings.len)
        tr_buf_addc(&r->warnings, '\n');
    tr_buf_adds(&r->warnings, msg);
}

/* Reads the whole file, refusing what is not a regular file, too large,
 * or changing while read.  O_NONBLOCK: a FIFO that slipped past the walk
 * must not hang the indexer. */
static char *read_file(ix_result *r, const ix_options *o, const char *path,
                       const struct stat *expect, size_t *len)
{
    int fd = open(path, O_RDONLY | O_NONBLOCK | O_NOCTTY | O_CLOEXEC);
    if (fd < 0) {
        skip(r, _("cannot open: %s"), strerror(errno));
        return NULL;
    }
    struct stat st;
    if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
        close(fd);
        skip(r, "%s", _("not a regular file"));
        return NULL;
    }
    if ((uint64_t)st.st_size > o->max_size) {
        char lim[64];
        snprintf(lim, sizeof lim, _("%lld bytes > --max-size %zu"),
                 (long long)st.st_size, o->max_size);
        close(fd);
        skip(r, _("file too large (%s)"), lim);
        return NULL;
    }
    size_t cap = (size_t)st.st_size + 1, n = 0;
    char *buf = malloc(cap + 1);
    if (!buf) {
        close(fd);
        skip(r, "%s", _("out of memory reading the file"));
        return NULL;
    }
    for (;;) {
        if (n == cap) {
            /* Grew while we read it: refuse rather than index half. */
            free(buf);
            close(fd);
            skip(r, "%s", _("file changed while being read"));
            return NULL;
        }
        ssize_t k = read(fd, buf + n, cap - n);
        if (k < 0) {
            if (errno == EINTR)
                continue;
            int e = errno;
            free(buf);
            close(fd);
            skip(r, _("read error: %s"), strerror(e));
            return NULL;
        }
        if (k == 0)
            break;
        n += (size_t)k;
    }
    struct stat after;
    int changed = fstat(fd, &after) != 0 || after.st_size != st.st_size ||
                  (off_t)n != st.st_size ||
                  after.st_mtim.tv_sec != st.st_mtim.tv_sec ||
                  after.st_mtim.tv_nsec != st.st_mtim.tv_nsec;
    if (expect && !changed)
        changed = expect->st_size != st.st_size ||
                  expect->st_mtim.tv_sec != st.st_mtim.tv_sec ||
                  expect->st_mtim.tv_nsec != st.st_mtim.tv_nsec;
    close(fd);
    if (changed) {
        free(buf);
        skip(r, "%s", _("file changed while being read"));
        return NULL;
    }
    buf[n] = '\0';
    *len = n;
    return buf;
}

static int add_prefixed(ix_analyzer *a, tr_doc *d, const char *prefix,
                        const char *key, size_t klen, int positional,
                        unsigned pos, unsigned wdf)
{
    tr_buf_clear(&a->term);
    if (tr_buf_adds(&a->term, prefix) || tr_buf_add(&a->term, key, klen))
        return -1;
    if (a->term.len > TR_TERM_MAX || a->term.len == 0)
        return 0;   /* Xapian refuses longer terms; such a "word" is noise */
    if (positional)
        return tr_doc_add_posting(d, a->term.data, a->term.len, pos, wdf);
    return tr_doc_add_term(d, a->term.data, a->term.len, wdf);
}

static int add_bool(ix_analyzer *a, tr_doc *d, const char *prefix, const char *v)
{
    if (!v || !*v)
        return 0;
    return add_prefixed(a, d, prefix, v, strlen(v), -1, 0, 0) < 0 ? -1
           : 0;
}

static int add_bool_slug(ix_analyzer *a, tr_doc *d, const char *prefix,
                         const char *v)
{
    if (!v)
        return 0;
    char *slug = tr_slug(v);
    if (!slug)
        return -1;
    int rc = add_bool(a, d, prefix, slug);
    free(slug);
    return rc;
}

static int set_value(tr_doc *d, unsigned slot, const char *v)
{
    return v ? tr_doc_set_value(d, slot, v, strlen(v)) : 0;
}

/* Terms for the words of text.  Only the folded keys (XF) carry
 * positions; exact keys carry frequencies.  Positions are most of an
 * index's size and of its build time, and one positional stream is
 * enough: a phrase is matched on folded keys and its marked words are
 * then required as exact terms (see tr_qcompile.c). */
static int index_words(ix_analyzer *a, tr_doc *d, ix_result *r)
{
    tr_token t;
    int rc;
    size_t n = 0;
    size_t last = 0;
    tr_buf_clear(&a->tp);
    tr_tokenizer_reset(a->tk, r->text, r->text_len);
    while ((rc = tr_tokenizer_next(a->tk, &t)) == 1) {
        if (!(t.flags & TR_TOKF_COMPOUND)) {
            n++;
            if (tr_tp_add(&a->tp, t.position, t.offset, &last))
                return -1;
        }
        if (add_prefixed(a, d, "", t.exact, t.exact_len, 0, 0, 1) ||
            add_prefixed(a, d, TR_PFX_FOLD, t.folded, t.folded_len,
                         !(t.flags & TR_TOKF_COMPOUND), t.position + 1, 1))
            return -1;
        if (t.stem && add_prefixed(a, d, TR_PFX_STEM, t.stem, t.stem_len, 0, 0, 1))
            return -1;
    }
    r->ntokens = n;
    if (rc < 0)
        return -1;
    const char *title = r->meta.title.value;
    if (title) {
        tr_tokenizer_reset(a->tk_title, title, strlen(title));
        while ((rc = tr_tokenizer_next(a->tk_title, &t)) == 1) {
            if (add_prefixed(a, d, "", t.exact, t.exact_len, 0, 0, TITLE_WDF) ||
                add_prefixed(a, d, TR_PFX_FOLD, t.folded, t.folded_len, 0, 0,
                             TITLE_WDF) ||
                add_prefixed(a, d, TR_PFX_TITLE, t.exact, t.exact_len, 0, 0, 1) ||
                add_prefixed(a, d, TR_PFX_TITLE_FOLD, t.folded, t.folded_len, 0,
                             0, 1))
                return -1;
        }
        if (rc < 0)
            return -1;
    }
    return 0;
}

static int store_field(tr_buf *b, const char *key, const tr_field *f)
{
    if (!f->value)
        return 0;
    char srckey[32];
    snprintf(srckey, sizeof srckey, "src.%s", key);
    return tr_store_field(b, key, f->value) ||
           tr_store_field(b, srckey, tr_source_name(f->src));
}

/* The facet values again in one slot (TR_SLOT_FACETS, the order of
 * tr_search's facets), so that counting facets reads one value per
 * document.  A value holding the separator itself leaves the slot unset:
 * the search then counts this index from the separate slots. */
static int set_facets(ix_analyzer *a, tr_doc *d, const tr_meta *m, const char *signed_for)
{
    const char *f[5] = {m->province.value, m->year.value, m->body.value, m->type.value,
                        signed_for};
    tr_buf *b = &a->facets;
    b->len = 0;
    for (int k = 0; k < 5; k++) {
        if (f[k] && strchr(f[k], TR_FACET_SEP))
            return 0;
        if ((k && tr_buf_addc(b, TR_FACET_SEP)) || (f[k] && tr_buf_adds(b, f[k])))
            return -1;
    }
    return tr_doc_set_value(d, TR_SLOT_FACETS, b->data, b->len);
}

static int build_doc(ix_analyzer *a, ix_result *r, const struct stat *st)
{
    tr_doc *d = tr_doc_new();
    if (!d)
        return -1;
    r->doc = d;
    const tr_meta *m = &r->meta;
    char buf[64];

    if (tr_doc_add_boolean(d, r->uid) || index_words(a, d, r))
        return -1;
    if (add_bool(a, d, TR_PFX_NUMBER, m->number.value) ||
        add_bool(a, d, TR_PFX_PROVINCE, r->province_slug) ||
        add_bool(a, d, TR_PFX_YEAR, m->year.value) ||
        add_bool_slug(a, d, TR_PFX_BODY, m->body.value) ||
        /* coquan:/--body match the organ signed for as well ("TỈNH ỦY X"
         * over "T/M BAN THƯỜNG VỤ": both are facts users filter on); the
         * body facet counts it too (TR_SLOT_SIGNED_FOR), so clicking a
         * facet value finds exactly as many documents as it shows */
        add_bool_slug(a, d, TR_PFX_BODY, m->signed_for.value) ||
        add_bool_slug(a, d, TR_PFX_TYPE, m->type.value) ||
        add_bool(a, d, TR_PFX_FORMAT, tr_format_name(r->format)) ||
        add_bool_slug(a, d, TR_PFX_ENCODING, r->enc.name[0] ? r->enc.name : NULL))
        return -1;
    for (size_t i = 0; i < r->cites.n; i++) {
        const tr_cite *c = &r->cites.v[i];
        char scoped[TR_CANON_MAX + 80];
        if (add_bool(a, d, TR_PFX_CITE, c->canon))
            return -1;
        if (r->province_slug && c->level == TR_LEVEL_LOCAL &&
            tr_cite_scoped(c->canon, r->province_slug, scoped, sizeof scoped) == 0 &&
            add_bool(a, d, TR_PFX_CITE, scoped))
            return -1;
    }

    /* Values: sortable date ("YYYYMMDD", "YYYY0000" when only the year is
     * known, so year-only documents sort before dated ones of that year). */
    const char *date = m->date.value;
    if (date && strlen(date) == 10) {
        snprintf(buf, sizeof buf, "%.4s%.2s%.2s", date, date + 5, date + 8);
        if (set_value(d, TR_SLOT_DATE, buf) || add_bool(a, d, TR_PFX_DATE, buf))
            return -1;
    } else if (m->year.value) {
        snprintf(buf, sizeof buf, "%.4s0000", m->year.value);
        if (set_value(d, TR_SLOT_DATE, buf))
            return -1;
    } else {
        buf[0] = '\0';
    }
    /* The sort key: the date, then the unique id, so that documents of one
     * date (or one score) come in the same order however the index is laid
     * out — docids differ between one database and its shards. */
    char key[64];
    snprintf(key, sizeof key, "%-8s%s", buf, r->uid);
    if (set_value(d, TR_SLOT_SORTKEY, key))
        return -1;
    char hash[24], size[32];
    snprintf(hash, sizeof hash, "%016" PRIx64, r->hash);
    snprintf(size, sizeof size, "%lld", (long long)st->st_size);
    /* the organ signed for, when it is another than the body */
    const char *signed_for =
        m->signed_for.value && (!m->body.value || strcmp(m->signed_for.value, m->body.value))
            ? m->signed_for.value : NULL;
    if (set_value(d, TR_SLOT_YEAR, m->year.value) ||
        set_value(d, TR_SLOT_PROVINCE, m->province.value) ||
        set_value(d, TR_SLOT_BODY, m->body.value) ||
        set_value(d, TR_SLOT_SIGNED_FOR, signed_for) ||
        set_value(d, TR_SLOT_TYPE, m->type.value) ||
        set_value(d, TR_SLOT_SIZE, size) || set_value(d, TR_SLOT_MTIME, r->stamp) ||
        set_value(d, TR_SLOT_HASH, hash) || set_value(d, TR_SLOT_PATH, r->path) ||
        set_facets(a, d, m, signed_for))
        return -1;

    /* The record: metadata with sources, citations, compressed text. */
    tr_buf *b = &a->data;
    if (tr_store_begin(b) || tr_store_field(b, "path", r->path) ||
        store_field(b, "number", &m->number) || store_field(b, "type", &m->type) ||
        store_field(b, "title", &m->title) || store_field(b, "body", &m->body) ||
        store_field(b, "province", &m->province) ||
        store_field(b, "date", &m->date) || store_field(b, "year", &m->year) ||
        store_field(b, "signer", &m->signer) ||
        store_field(b, "signed_for", &m->signed_for) ||
        tr_store_field(b, "format", tr_format_name(r->format)) ||
        (r->enc.name[0] && tr_store_field(b, "encoding", r->enc.name)) ||
        (r->ocr_list && tr_store_field(b, "ocr", r->ocr_list)) ||
        (a->tp.len && tr_store_field(b, "tp", a->tp.data)))
        return -1;
    for (size_t i = 0; i < r->cites.n; i++) {
        const tr_cite *c = &r->cites.v[i];
        char line[TR_CANON_MAX + 128];
        snprintf(line, sizeof line, "%s %zu %zu %zu %zu %s", c->canon, c->start,
                 c->len, c->sent_start, c->sent_len, c->date[0] ? c->date : "-");
        if (tr_store_field(b, "cite", line))
            return -1;
    }
    if (tr_store_finish(b, r->text, r->text_len, 6) ||
        tr_doc_set_data(d, b->data, b->len))
        return -1;
    return 0;
}

static int only_space(const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (!(s[i] == ' ' || s[i] == '\t' || s[i] == '\n' || s[i] == '\r' ||
              s[i] == '\f' || s[i] == '\v'))
            return 0;
    return 1;
}

/* Titles that office software writes by itself say nothing. */
static int useless_title(const char *t)
{
    size_t n = strlen(t);
    return n < 4 || strncmp(t, "Microsoft Word - ", 17) == 0 ||
           (n > 4 && (strcasecmp(t + n - 4, ".doc") == 0 || strcasecmp(t + n - 4, ".pdf") == 0)) ||
           (n > 5 && strcasecmp(t + n - 5, ".docx") == 0) || strcasecmp(t, "untitled") == 0;
}

/* The file's own properties fill only what the text left unknown. */
static int apply_properties(tr_meta *m, const char *title, const char *created)
{
    if (!m->title.value && title && !useless_title(title)) {
        if (!(m->title.value = strdup(title)))
            return -1;
        m->title.src = TR_SRC_PROPERTIES;
    }
    if (!m->date.value && !m->year.value && created && strlen(created) == 10) {
        if (!(m->date.value = strdup(created)) || !(m->year.value = strndup(created, 4)))
            return -1;
        m->date.src = m->year.src = TR_SRC_PROPERTIES;
    }
    return 0;
}

void ix_analyze(ix_analyzer *a, const ix_options *o, const char *path,
                const struct stat *st, int want_doc, ix_result *r)
{
    memset(r, 0, sizeof *r);
    r->path = path;
    tr_uid(path, r->uid);
    /* before reading: a change made while we read shows next time
     * (--explain passes no stat and stores nothing) */
    if (st)
        ix_change_stamp(path, st, r->stamp);

    size_t rawlen = 0;
    char *raw = read_file(r, o, path, st, &rawlen);
    if (!raw)
        return;
    r->bytes = rawlen;
    r->hash = tr_fnv1a64(raw, rawlen);
    if (rawlen == 0) {
        free(raw);
        skip(r, "%s", _("empty file"));
        return;
    }

    const char *why = NULL;
    r->format = tr_format_sniff(raw, rawlen, &why);
    if (r->format == TR_FMT_UNKNOWN) {
        free(raw);
        skip(r, "%s", why ? why : _("unknown format"));
        return;
    }
    /* (an image under the default set: the reader says whether OCR can
     * read it) */
    if (o->formats && !(o->formats & (1u << r->format)) &&
        !(r->format == TR_FMT_IMAGE && (o->formats & IX_IMAGES_IF_OCR))) {
        free(raw);
        skip(r, _("a %s file, not in --formats"), tr_format_name(r->format));
        return;
    }
    tr_extracted x = {0};
    char err[512] = "";
    int rc;
    /* Plain text is read by our own fuzzed code in this process; every
     * other format by a library, in this thread's worker process
     * (sandbox.c). */
    if (r->format == TR_FMT_TEXT)
        rc = tr_extract(path, raw, rawlen, r->format, &o->ex, &x, err, sizeof err);
    else
        rc = ix_extract_sandboxed(a->worker, path, raw, rawlen, r->format, &o->ex, &o->lim, &x,
                                  r->extractor, sizeof r->extractor, err, sizeof err);
    free(raw);
    if (rc != TR_EX_OK) {
        tr_extracted_free(&x);
        if (rc == TR_EX_NOMEM)
            skip(r, "%s", _("out of memory extracting the text"));
        else
            skip(r, "%s", err[0] ? err : _("cannot be read"));
        return;
    }
    if (x.extractor && x.extractor != r->extractor)
        snprintf(r->extractor, sizeof r->extractor, "%s", x.extractor);
    r->text = x.text.data ? x.text.data : strdup("");
    r->text_len = x.text.len;
    memset(&x.text, 0, sizeof x.text);
    /* stored and shown composed, whatever the file's normalisation; the
     * citations' offsets below are then offsets into this text */
    if (r->text && tr_norm_compose(&r->text, &r->text_len) != 0) {
        tr_extracted_free(&x);
        skip(r, "%s", _("out of memory extracting the text"));
        return;
    }
    r->enc = x.enc;
    r->pages = x.pages;
    r->ocr_pages = x.ocr_pages;
    if (x.ocr_list.len)
        r->ocr_list = strdup(x.ocr_list.data);
    if (x.notes.len)
        warn(r, x.notes.data);
    char *created = x.created;
    r->prop_title = x.title;
    x.created = x.title = NULL;
    tr_extracted_free(&x);
    if (!r->text) {
        free(created);
        skip(r, "%s", _("out of memory extracting the text"));
        return;
    }
    if (only_space(r->text, r->text_len)) {
        free(created);
        skip(r, "%s", r->format == TR_FMT_TEXT ? _("no text (whitespace only)")
                      : _("no text (nothing to index: a scan without OCR?)"));
        return;
    }
    if (tr_meta_extract(r->text, r->text_len, &r->meta) != 0 ||
        apply_properties(&r->meta, r->prop_title, created) != 0) {
        free(created);
        skip(r, "%s", _("out of memory extracting metadata"));
        return;
    }
    free(created);
    rc = tr_meta_apply_sidecar(path, &r->meta, err, sizeof err);
    if (rc < 0) {
        skip(r, _("bad sidecar: %s"), err);
        return;
    }
    if (r->meta.province.value) {
        const tr_province *p = tr_province_find(r->meta.province.value);
        r->province_slug = p ? strdup(p->slug) : tr_slug(r->meta.province.value);
    }
    if (tr_cite_extract(r->text, r->text_len, r->meta.number.value, &r->cites) != 0) {
        skip(r, "%s", _("out of memory extracting citations"));
        return;
    }
    if (!want_doc) {
        r->ntokens = tr_token_count(r->text, r->text_len);
    } else if (build_doc(a, r, st) != 0) {
        skip(r, "%s", _("out of memory building the document"));
        tr_doc_free(r->doc);
        r->doc = NULL;
        return;
    }
    if (r->ntokens == 0) {
        skip(r, "%s", _("no indexable words"));
        tr_doc_free(r->doc);
        r->doc = NULL;
    }
}

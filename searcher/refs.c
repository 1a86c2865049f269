/*
 * refs.c — the citation-graph views of tracuu-search.
 *
 *   --show ID|NUMBER|PATH  one document: metadata (with sources) and text
 *   --refs NUMBER          the document having that number, what it cites,
 *                          and every document citing it, with the sentence
 *   --top-cited            the most cited numbers within the filters
 *
 * Citations are stored twice: as XC terms (to find citing documents fast)
 * and as "cite" lines in each record (span and sentence, to show them).
 */
#include "searcher.h"

#include <stdlib.h>
#include <string.h>

#include "tr_cite.h"
#include "tr_path.h"
#include "tr_schema.h"
#include "tr_store.h"

static const char *FIELDS[] = {"number", "type", "title", "body", "province",
                               "date", "year", "signer", "format", "encoding", "ocr"};
#define NFIELDS (sizeof FIELDS / sizeof *FIELDS)

typedef struct {
    unsigned *v;
    size_t n, cap;
} idlist;

static int collect_id(unsigned docid, void *ctx)
{
    idlist *l = ctx;
    if (l->n == l->cap) {
        size_t cap = l->cap ? l->cap * 2 : 16;
        unsigned *v = realloc(l->v, cap * sizeof *v);
        if (!v)
            return 1;
        l->v = v;
        l->cap = cap;
    }
    l->v[l->n++] = docid;
    return 0;
}

static int load(tr_db *db, unsigned docid, char **data, size_t *len, tr_record *r)
{
    if (tr_db_get_data(db, docid, data, len) != 0)
        return -1;
    if (tr_record_parse(*data, *len, r) != 0) {
        free(*data);
        *data = NULL;
        return -1;
    }
    return 0;
}

/* Resolves what --show was given to a docid: a docid, a document number,
 * or a path.  0 found, 1 not found, -1 error. */
static int resolve(tr_db *db, const char *what, unsigned *docid)
{
    char canon[TR_CANON_MAX];
    char *end;
    unsigned long id = strtoul(what, &end, 10);
    if (*what && !*end && id > 0 && id <= 0xffffffffUL) {
        char *d = NULL;
        size_t l;
        if (tr_db_get_data(db, (unsigned)id, &d, &l) == 0) {
            free(d);
            *docid = (unsigned)id;
            return 0;
        }
    }
    if (strchr(what, '/') && tr_cite_canonical(what, canon) == 0) {
        char term[TR_CANON_MAX + 4];
        snprintf(term, sizeof term, "%s%s", TR_PFX_NUMBER, canon);
        idlist l = {0};
        tr_db_postings(db, term, collect_id, &l);
        if (l.n > 0) {
            *docid = l.v[0];
            free(l.v);
            return 0;
        }
        free(l.v);
    }
    char *abs = tr_abspath(what);
    if (!abs)
        return -1;
    char uid[TR_UID_SIZE];
    tr_uid(abs, uid);
    free(abs);
    int rc = tr_db_find(db, uid, docid);
    return rc == 1 ? 0 : rc == 0 ? 1 : -1;
}

/* The sentence of the first citation of canon in a record (malloc'd). */
static char *citing_sentence(const tr_record *r, const char *text, size_t tlen,
                             const char *canon)
{
    size_t ql = strcspn(canon, "@");
    for (size_t i = 0; i < r->n; i++) {
        const tr_store_kv *kv = &r->kv[i];
        if (kv->key_len != 4 || memcmp(kv->key, "cite", 4) != 0)
            continue;
        char line[256], c[TR_CANON_MAX];
        size_t n = kv->value_len < sizeof line - 1 ? kv->value_len : sizeof line - 1;
        memcpy(line, kv->value, n);
        line[n] = '\0';
        size_t a, b, s, sl;
        if (sscanf(line, "%63s %zu %zu %zu %zu", c, &a, &b, &s, &sl) != 5)
            continue;
        if (strlen(c) != ql || strncmp(c, canon, ql) != 0 || s + sl > tlen)
            continue;
        char *out = malloc(sl + 1);
        if (!out)
            return NULL;
        /* One line: newlines inside a sentence become spaces. */
        for (size_t k = 0; k < sl; k++)
            out[k] = (text[s + k] == '\n' || text[s + k] == '\r') ? ' ' : text[s + k];
        out[sl] = '\0';
        return out;
    }
    return NULL;
}

int sx_show(tr_db *db, const char *what, int json, const sx_style *st)
{
    (void)st;
    unsigned docid;
    int rc = resolve(db, what, &docid);
    if (rc != 0) {
        fprintf(stderr, "tracuu-search: --show %s: %s\n", what,
                rc > 0 ? "no such document (give a docid, a document number or a path)"
                       : tr_db_errmsg(db));
        return rc > 0 ? SX_NOHITS : SX_DBERR;
    }
    char *data;
    size_t len;
    tr_record r;
    char *text = NULL;
    size_t tlen = 0;
    if (load(db, docid, &data, &len, &r) != 0 || tr_record_text(&r, &text, &tlen) != 0) {
        fprintf(stderr, "tracuu-search: --show %s: stored record is damaged\n", what);
        return SX_DBERR;
    }
    tr_buf b = {0};
    char num[64];
    char *path = tr_record_get(&r, "path");
    if (json) {
        snprintf(num, sizeof num, "{\"docid\": %u, \"path\": ", docid);
        tr_buf_adds(&b, num);
        sx_json_cstr(&b, path);
        for (size_t i = 0; i < NFIELDS; i++) {
            char *v = tr_record_get(&r, FIELDS[i]);
            tr_buf_adds(&b, ", \"");
            tr_buf_adds(&b, FIELDS[i]);
            tr_buf_adds(&b, "\": ");
            sx_json_cstr(&b, v);
            free(v);
        }
        tr_buf_adds(&b, ", \"sources\": {");
        int first = 1;
        for (size_t i = 0; i < NFIELDS; i++) {
            char key[32];
            snprintf(key, sizeof key, "src.%s", FIELDS[i]);
            char *v = tr_record_get(&r, key);
            if (!v)
                continue;
            tr_buf_adds(&b, first ? "\"" : ", \"");
            tr_buf_adds(&b, FIELDS[i]);
            tr_buf_adds(&b, "\": ");
            sx_json_cstr(&b, v);
            free(v);
            first = 0;
        }
        tr_buf_adds(&b, "}, \"text\": ");
        sx_json_str(&b, text, tlen);
        tr_buf_adds(&b, "}\n");
    } else {
        snprintf(num, sizeof num, "docid     %u\n", docid);
        tr_buf_adds(&b, num);
        tr_buf_adds(&b, "path      ");
        tr_buf_adds(&b, path ? path : "");
        tr_buf_addc(&b, '\n');
        for (size_t i = 0; i < NFIELDS; i++) {
            char key[32];
            snprintf(key, sizeof key, "src.%s", FIELDS[i]);
            char *v = tr_record_get(&r, FIELDS[i]), *s = tr_record_get(&r, key);
            snprintf(num, sizeof num, "%-9s ", FIELDS[i]);
            tr_buf_adds(&b, num);
            tr_buf_adds(&b, v ? v : "(unknown)");
            if (s) {
                tr_buf_adds(&b, "  [");
                tr_buf_adds(&b, s);
                tr_buf_adds(&b, "]");
            }
            tr_buf_addc(&b, '\n');
            free(v);
            free(s);
        }
        tr_buf_adds(&b, "\n");
        tr_buf_add(&b, text, tlen);
        if (tlen && text[tlen - 1] != '\n')
            tr_buf_addc(&b, '\n');
    }
    fwrite(b.data, 1, b.len, stdout);
    tr_buf_free(&b);
    free(path);
    free(text);
    tr_record_free(&r);
    free(data);
    return SX_HITS;
}

static void doc_summary(tr_buf *b, tr_db *db, unsigned docid, int json,
                        const tr_record *r)
{
    (void)db;
    char *path = tr_record_get(r, "path"), *title = tr_record_get(r, "title");
    char *num = tr_record_get(r, "number"), *prov = tr_record_get(r, "province");
    char *date = tr_record_get(r, "date"), *year = tr_record_get(r, "year");
    char buf[64];
    if (json) {
        snprintf(buf, sizeof buf, "\"docid\": %u, \"path\": ", docid);
        tr_buf_adds(b, buf);
        sx_json_cstr(b, path);
        tr_buf_adds(b, ", \"title\": ");
        sx_json_cstr(b, title);
        tr_buf_adds(b, ", \"number\": ");
        sx_json_cstr(b, num);
        tr_buf_adds(b, ", \"province\": ");
        sx_json_cstr(b, prov);
        tr_buf_adds(b, ", \"date\": ");
        sx_json_cstr(b, date ? date : NULL);
        tr_buf_adds(b, ", \"year\": ");
        tr_buf_adds(b, year ? year : "null");
    } else {
        snprintf(buf, sizeof buf, "  [%u] ", docid);
        tr_buf_adds(b, buf);
        tr_buf_adds(b, title ? title : "(untitled)");
        tr_buf_adds(b, "\n      ");
        const char *parts[3] = {num, prov, date ? date : year};
        int first = 1;
        for (int i = 0; i < 3; i++)
            if (parts[i]) {
                tr_buf_adds(b, first ? "" : " · ");
                tr_buf_adds(b, parts[i]);
                first = 0;
            }
        if (!first)
            tr_buf_adds(b, " · ");
        tr_buf_adds(b, path ? path : "");
        tr_buf_addc(b, '\n');
    }
    free(path);
    free(title);
    free(num);
    free(prov);
    free(date);
    free(year);
}

int sx_refs(tr_db *db, const char *number, int json, const sx_style *st)
{
    (void)st;
    char canon[TR_CANON_MAX + 80];
    const char *at = strchr(number, '@');
    char base[TR_CANON_MAX];
    if (tr_cite_canonical(number, base) != 0) {
        fprintf(stderr, "tracuu-search: --refs: '%s' is not a document number "
                        "(e.g. 43-CT/TW, 60/2013/NĐ-CP)\n", number);
        return SX_USAGE;
    }
    snprintf(canon, sizeof canon, "%s%s", base, at ? at : "");
    char term[TR_CANON_MAX + 90];
    idlist own = {0}, citing = {0};
    snprintf(term, sizeof term, "%s%s", TR_PFX_NUMBER, base);
    tr_db_postings(db, term, collect_id, &own);
    snprintf(term, sizeof term, "%s%s", TR_PFX_CITE, canon);
    tr_db_postings(db, term, collect_id, &citing);

    tr_buf b = {0};
    if (json) {
        tr_buf_adds(&b, "{\"number\": ");
        sx_json_cstr(&b, canon);
        tr_buf_adds(&b, ", \"documents\": [");
    } else {
        tr_buf_adds(&b, canon);
        tr_buf_adds(&b, own.n ? "\nindexed as\n" : "\nnot indexed itself\n");
    }
    for (size_t i = 0; i < own.n; i++) {
        char *data;
        size_t len;
        tr_record r;
        if (load(db, own.v[i], &data, &len, &r) != 0)
            continue;
        if (json)
            tr_buf_adds(&b, i ? ", {" : "{");
        doc_summary(&b, db, own.v[i], json, &r);
        /* What it cites, each number once. */
        tr_buf_adds(&b, json ? ", \"cites\": [" : "    cites:");
        size_t shown = 0;
        for (size_t k = 0; k < r.n; k++) {
            if (r.kv[k].key_len != 4 || memcmp(r.kv[k].key, "cite", 4) != 0)
                continue;
            size_t l = strcspn(r.kv[k].value, " ");
            int dup = 0;
            for (size_t j = 0; j < k && !dup; j++)
                dup = r.kv[j].key_len == 4 && memcmp(r.kv[j].key, "cite", 4) == 0 &&
                      strcspn(r.kv[j].value, " ") == l &&
                      memcmp(r.kv[j].value, r.kv[k].value, l) == 0;
            if (dup)
                continue;
            if (json) {
                if (shown)
                    tr_buf_adds(&b, ", ");
                sx_json_str(&b, r.kv[k].value, l);
            } else {
                tr_buf_adds(&b, shown ? ", " : " ");
                tr_buf_add(&b, r.kv[k].value, l);
            }
            shown++;
        }
        tr_buf_adds(&b, json ? "]}" : (shown ? "\n" : " (nothing)\n"));
        tr_record_free(&r);
        free(data);
    }
    if (json)
        tr_buf_adds(&b, "], \"cited_by\": [");
    else {
        char line[64];
        snprintf(line, sizeof line, "cited by %zu document%s\n", citing.n,
                 citing.n == 1 ? "" : "s");
        tr_buf_adds(&b, line);
    }
    for (size_t i = 0; i < citing.n; i++) {
        char *data, *text = NULL;
        size_t len, tlen = 0;
        tr_record r;
        if (load(db, citing.v[i], &data, &len, &r) != 0)
            continue;
        tr_record_text(&r, &text, &tlen);
        char *sent = text ? citing_sentence(&r, text, tlen, canon) : NULL;
        if (json) {
            tr_buf_adds(&b, i ? ", {" : "{");
            doc_summary(&b, db, citing.v[i], 1, &r);
            tr_buf_adds(&b, ", \"sentence\": ");
            sx_json_cstr(&b, sent);
            tr_buf_adds(&b, "}");
        } else {
            doc_summary(&b, db, citing.v[i], 0, &r);
            if (sent) {
                tr_buf_adds(&b, "      “");
                tr_buf_adds(&b, sent);
                tr_buf_adds(&b, "”\n");
            }
        }
        free(sent);
        free(text);
        tr_record_free(&r);
        free(data);
    }
    tr_buf_adds(&b, json ? "]}\n" : "");
    fwrite(b.data, 1, b.len, stdout);
    tr_buf_free(&b);
    int found = own.n || citing.n;
    free(own.v);
    free(citing.v);
    return found ? SX_HITS : SX_NOHITS;
}

/* ---- --top-cited ---- */

typedef struct {
    char *term;
    unsigned long n;
} tally;

typedef struct {
    tally *v;
    size_t n, cap;
    int oom;
} tallies;

static int cmp_tally_term(const void *a, const void *b)
{
    return strcmp(((const tally *)a)->term, ((const tally *)b)->term);
}

static int cmp_tally_count(const void *a, const void *b)
{
    const tally *x = a, *y = b;
    if (x->n != y->n)
        return x->n < y->n ? 1 : -1;
    return strcmp(x->term, y->term);
}

static int add_cited(const char *t, size_t l, unsigned long f, void *ctx)
{
    tallies *ts = ctx;
    if (memchr(t, '@', l))
        return 0;   /* the scoped twin of a number already counted */
    if (ts->n == ts->cap) {
        size_t cap = ts->cap ? ts->cap * 2 : 256;
        tally *v = realloc(ts->v, cap * sizeof *v);
        if (!v) {
            ts->oom = 1;
            return 1;
        }
        ts->v = v;
        ts->cap = cap;
    }
    ts->v[ts->n].term = strndup(t + strlen(TR_PFX_CITE), l - strlen(TR_PFX_CITE));
    ts->v[ts->n].n = f;
    if (!ts->v[ts->n].term) {
        ts->oom = 1;
        return 1;
    }
    ts->n++;
    return 0;
}

int sx_top_cited(tr_db *db, const tr_query *q, int json, size_t top)
{
    tallies ts = {0};
    if (!q) {
        /* No filter: the term frequencies are the answer. */
        tr_db_allterms(db, TR_PFX_CITE, add_cited, &ts);
    } else {
        /* Filtered: count the cited numbers of every matching document. */
        tr_search_opts so = {0};
        so.limit = (unsigned)tr_db_doccount(db);
        so.exact_total = 1;
        tr_mset *m = NULL;
        if (tr_db_search(db, q, &so, &m) != 0) {
            fprintf(stderr, "tracuu-search: %s\n", tr_db_errmsg(db));
            return SX_DBERR;
        }
        for (unsigned i = 0; i < tr_mset_size(m) && !ts.oom; i++) {
            size_t before = ts.n;
            tr_db_doc_terms(db, tr_mset_docid(m, i), TR_PFX_CITE, add_cited, &ts);
            for (size_t k = before; k < ts.n; k++)
                ts.v[k].n = 1;   /* one citing document, whatever its wdf */
        }
        tr_mset_free(m);
        /* Merge equal numbers. */
        if (ts.n > 1)
            qsort(ts.v, ts.n, sizeof *ts.v, cmp_tally_term);
        size_t w = 0;
        for (size_t i = 0; i < ts.n; i++) {
            if (w > 0 && strcmp(ts.v[w - 1].term, ts.v[i].term) == 0) {
                ts.v[w - 1].n += ts.v[i].n;
                free(ts.v[i].term);
            } else {
                ts.v[w++] = ts.v[i];
            }
        }
        ts.n = w;
    }
    if (ts.n > 1)
        qsort(ts.v, ts.n, sizeof *ts.v, cmp_tally_count);
    tr_buf b = {0};
    tr_buf_adds(&b, json ? "{\"top_cited\": [" : "most cited (documents citing)\n");
    for (size_t i = 0; i < ts.n && i < top; i++) {
        char line[TR_CANON_MAX + 64];
        if (json) {
            tr_buf_adds(&b, i ? ", {\"number\": " : "{\"number\": ");
            sx_json_cstr(&b, ts.v[i].term);
            snprintf(line, sizeof line, ", \"documents\": %lu}", ts.v[i].n);
        } else {
            snprintf(line, sizeof line, "  %-28s %lu\n", ts.v[i].term, ts.v[i].n);
        }
        tr_buf_adds(&b, line);
    }
    tr_buf_adds(&b, json ? "]}\n" : "");
    fwrite(b.data, 1, b.len, stdout);
    tr_buf_free(&b);
    int any = ts.n > 0;
    for (size_t i = 0; i < ts.n; i++)
        free(ts.v[i].term);
    free(ts.v);
    return any ? SX_HITS : SX_NOHITS;
}

/*
 * tr_docview.c — documents, their citations and their citers, gathered
 * from the stored records and the XN/XC terms.  See tr_docview.h.
 */
#include "tr_docview.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tr_cite.h"
#include "tr_path.h"
#include "tr_schema.h"
#include "tr_store.h"

const char *const tr_doc_fields[TR_DOC_NFIELDS] = {
    "number", "type", "title", "body", "signed_for", "province",
    "date", "year", "signer", "format", "encoding", "ocr"};

typedef struct {
    unsigned *v;
    size_t n, cap;
    int oom;
} idlist;

static int collect_id(unsigned docid, void *ctx)
{
    idlist *l = ctx;
    if (l->n == l->cap) {
        size_t cap = l->cap ? l->cap * 2 : 16;
        unsigned *v = realloc(l->v, cap * sizeof *v);
        if (!v) {
            l->oom = 1;
            return 1;
        }
        l->v = v;
        l->cap = cap;
    }
    l->v[l->n++] = docid;
    return 0;
}

static int load(tr_db *db, unsigned docid, char **data, tr_record *r)
{
    size_t len;
    int rc = tr_db_get_data(db, docid, data, &len);
    if (rc != 0)
        return rc == TR_DB_INVALID ? 1 : rc;
    if (tr_record_parse(*data, len, r) != 0) {
        free(*data);
        *data = NULL;
        return -1;
    }
    return 0;
}

int tr_doc_resolve(tr_db *db, const char *what, unsigned *docid)
{
    char canon[TR_CANON_MAX];
    char *end;
    unsigned long id = strtoul(what, &end, 10);
    if (*what >= '0' && *what <= '9' && !*end && id > 0 && id <= 0xffffffffUL) {
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
        return TR_DB_NOMEM;
    char uid[TR_UID_SIZE];
    tr_uid(abs, uid);
    free(abs);
    int rc = tr_db_find(db, uid, docid);
    return rc == 1 ? 0 : rc == 0 ? 1 : rc;
}

/* Parses a record's "cite" line: "CANON start len sent_start sent_len …". */
static int parse_cite(const tr_store_kv *kv, tr_citespan *c)
{
    char line[256];
    size_t n = kv->value_len < sizeof line - 1 ? kv->value_len : sizeof line - 1;
    memcpy(line, kv->value, n);
    line[n] = '\0';
    return sscanf(line, "%63s %zu %zu %zu %zu", c->canon, &c->start, &c->len,
                  &c->sent_start, &c->sent_len) == 5 ? 0 : -1;
}

static int is_cite(const tr_store_kv *kv)
{
    return kv->key_len == 4 && memcmp(kv->key, "cite", 4) == 0;
}

static int cmp_citespan(const void *a, const void *b)
{
    const tr_citespan *x = a, *y = b;
    return x->start < y->start ? -1 : x->start > y->start;
}

int tr_docinfo_load(tr_db *db, unsigned docid, tr_docinfo *d)
{
    memset(d, 0, sizeof *d);
    char *data = NULL;
    tr_record r;
    int rc = load(db, docid, &data, &r);
    if (rc != 0)
        return rc;
    d->docid = docid;
    d->path = tr_record_get(&r, "path");
    for (size_t i = 0; i < TR_DOC_NFIELDS; i++) {
        char key[32];
        d->field[i] = tr_record_get(&r, tr_doc_fields[i]);
        snprintf(key, sizeof key, "src.%s", tr_doc_fields[i]);
        d->source[i] = tr_record_get(&r, key);
    }
    if (tr_record_text(&r, &d->text, &d->tlen) != 0) {
        rc = -1;
        goto out;
    }
    size_t n = 0;
    for (size_t i = 0; i < r.n; i++)
        n += is_cite(&r.kv[i]);
    d->cites = calloc(n ? n : 1, sizeof *d->cites);
    if (!d->cites) {
        rc = TR_DB_NOMEM;
        goto out;
    }
    for (size_t i = 0; i < r.n; i++) {
        tr_citespan *c = &d->cites[d->ncites];
        if (!is_cite(&r.kv[i]) || parse_cite(&r.kv[i], c) != 0)
            continue;
        /* A span outside the text would send a reader past its end. */
        if (c->start + c->len > d->tlen || c->sent_start + c->sent_len > d->tlen)
            continue;
        d->ncites++;
    }
    qsort(d->cites, d->ncites, sizeof *d->cites, cmp_citespan);
out:
    tr_record_free(&r);
    free(data);
    if (rc != 0)
        tr_docinfo_free(d);
    return rc;
}

void tr_docinfo_free(tr_docinfo *d)
{
    free(d->path);
    for (size_t i = 0; i < TR_DOC_NFIELDS; i++) {
        free(d->field[i]);
        free(d->source[i]);
    }
    free(d->text);
    free(d->cites);
    memset(d, 0, sizeof *d);
}

const char *tr_docinfo_get(const tr_docinfo *d, const char *name)
{
    for (size_t i = 0; i < TR_DOC_NFIELDS; i++)
        if (strcmp(tr_doc_fields[i], name) == 0)
            return d->field[i];
    return NULL;
}

/* ---- refs ---------------------------------------------------------------- */

/* The sentence of the first citation of canon in a record, on one line. */
static char *citing_sentence(const tr_record *r, const char *text, size_t tlen,
                             const char *canon)
{
    size_t ql = strcspn(canon, "@");
    for (size_t i = 0; i < r->n; i++) {
        tr_citespan c;
        if (!is_cite(&r->kv[i]) || parse_cite(&r->kv[i], &c) != 0)
            continue;
        if (strlen(c.canon) != ql || strncmp(c.canon, canon, ql) != 0 ||
            c.sent_start + c.sent_len > tlen)
            continue;
        char *out = malloc(c.sent_len + 1);
        if (!out)
            return NULL;
        for (size_t k = 0; k < c.sent_len; k++) {
            char ch = text[c.sent_start + k];
            out[k] = (ch == '\n' || ch == '\r') ? ' ' : ch;
        }
        out[c.sent_len] = '\0';
        return out;
    }
    return NULL;
}

static int own_cites(const tr_record *r, tr_docref *d)
{
    for (size_t k = 0; k < r->n; k++) {
        if (!is_cite(&r->kv[k]))
            continue;
        const char *v = r->kv[k].value;
        size_t l = strcspn(v, " ");
        if (l > r->kv[k].value_len)
            l = r->kv[k].value_len;
        int dup = 0;
        for (size_t j = 0; j < d->ncites && !dup; j++)
            dup = strlen(d->cites[j]) == l && memcmp(d->cites[j], v, l) == 0;
        if (dup)
            continue;
        char **nv = realloc(d->cites, (d->ncites + 1) * sizeof *nv);
        if (!nv)
            return -1;
        d->cites = nv;
        if (!(d->cites[d->ncites] = strndup(v, l)))
            return -1;
        d->ncites++;
    }
    return 0;
}

/* Fills d from docid's record: summary fields, and either what it cites
 * (canon NULL) or the sentence citing canon. */
static int docref(tr_db *db, unsigned docid, const char *canon, tr_docref *d)
{
    char *data = NULL, *text = NULL;
    size_t tlen = 0;
    tr_record r;
    memset(d, 0, sizeof *d);
    d->docid = docid;
    if (load(db, docid, &data, &r) != 0)
        return 1;   /* vanished or damaged: skipped, not fatal */
    d->path = tr_record_get(&r, "path");
    d->title = tr_record_get(&r, "title");
    d->number = tr_record_get(&r, "number");
    d->type = tr_record_get(&r, "type");
    d->province = tr_record_get(&r, "province");
    d->date = tr_record_get(&r, "date");
    d->year = tr_record_get(&r, "year");
    int rc = 0;
    if (!canon)
        rc = own_cites(&r, d);
    else if (tr_record_text(&r, &text, &tlen) == 0)
        d->sentence = citing_sentence(&r, text, tlen, canon);
    free(text);
    tr_record_free(&r);
    free(data);
    return rc;
}

static void docref_free(tr_docref *d)
{
    free(d->path);
    free(d->title);
    free(d->number);
    free(d->type);
    free(d->province);
    free(d->date);
    free(d->year);
    for (size_t k = 0; k < d->ncites; k++)
        free(d->cites[k]);
    free(d->cites);
    free(d->sentence);
}

/* By path: docids depend on how the index is laid out (one database or
 * shards, and the order files were indexed in), paths do not. */
static int cmp_docref(const void *a, const void *b)
{
    const tr_docref *x = a, *y = b;
    int c = strcmp(x->path ? x->path : "", y->path ? y->path : "");
    return c ? c : (x->docid > y->docid) - (x->docid < y->docid);
}

static int gather(tr_db *db, const idlist *ids, const char *canon, tr_docref **out,
                  size_t *n)
{
    *out = calloc(ids->n ? ids->n : 1, sizeof **out);
    *n = 0;
    if (!*out)
        return -2;
    for (size_t i = 0; i < ids->n; i++) {
        int rc = docref(db, ids->v[i], canon, &(*out)[*n]);
        if (rc < 0) {
            docref_free(&(*out)[*n]);
            return -2;
        }
        if (rc == 0)
            (*n)++;
        else
            docref_free(&(*out)[*n]);
    }
    if (*n > 1)
        qsort(*out, *n, sizeof **out, cmp_docref);
    return 0;
}

int tr_refs_get(tr_db *db, const char *number, size_t max_citing, tr_refs *out)
{
    memset(out, 0, sizeof *out);
    char base[TR_CANON_MAX];
    if (tr_cite_canonical(number, base) != 0)
        return 1;
    const char *at = strchr(number, '@');
    snprintf(out->number, sizeof out->number, "%s%.30s", base, at ? at : "");
    char term[sizeof out->number + 8];
    idlist own = {0}, citing = {0};
    snprintf(term, sizeof term, "%s%s", TR_PFX_NUMBER, base);
    int rc = tr_db_postings(db, term, collect_id, &own);
    snprintf(term, sizeof term, "%s%s", TR_PFX_CITE, out->number);
    if (rc == 0)
        rc = tr_db_postings(db, term, collect_id, &citing);
    if (rc == 0 && (own.oom || citing.oom))
        rc = -2;
    if (rc == 0)
        rc = gather(db, &own, NULL, &out->own, &out->nown);
    out->nciting_total = citing.n;
    if (citing.n > max_citing)
        citing.n = max_citing;
    if (rc == 0)
        rc = gather(db, &citing, out->number, &out->citing, &out->nciting);
    free(own.v);
    free(citing.v);
    if (rc != 0)
        tr_refs_free(out);
    return rc;
}

void tr_refs_free(tr_refs *r)
{
    for (size_t i = 0; i < r->nown; i++)
        docref_free(&r->own[i]);
    for (size_t i = 0; i < r->nciting; i++)
        docref_free(&r->citing[i]);
    free(r->own);
    free(r->citing);
    r->own = r->citing = NULL;
    r->nown = r->nciting = 0;
}

/* ---- most cited ----------------------------------------------------------- */

typedef struct {
    tr_cited *v;
    size_t n, cap;
    int oom;
} tallies;

static int cmp_term(const void *a, const void *b)
{
    return strcmp(((const tr_cited *)a)->number, ((const tr_cited *)b)->number);
}

static int cmp_count(const void *a, const void *b)
{
    const tr_cited *x = a, *y = b;
    if (x->documents != y->documents)
        return x->documents < y->documents ? 1 : -1;
    return strcmp(x->number, y->number);
}

static int add_cited(const char *t, size_t l, unsigned long f, void *ctx)
{
    tallies *ts = ctx;
    if (memchr(t, '@', l))
        return 0;   /* the scoped twin of a number already counted */
    if (ts->n == ts->cap) {
        size_t cap = ts->cap ? ts->cap * 2 : 256;
        tr_cited *v = realloc(ts->v, cap * sizeof *v);
        if (!v) {
            ts->oom = 1;
            return 1;
        }
        ts->v = v;
        ts->cap = cap;
    }
    size_t pl = strlen(TR_PFX_CITE);
    ts->v[ts->n].number = strndup(t + pl, l - pl);
    ts->v[ts->n].documents = f;
    if (!ts->v[ts->n].number) {
        ts->oom = 1;
        return 1;
    }
    ts->n++;
    return 0;
}

int tr_top_cited(tr_db *db, const tr_query *q, size_t top, unsigned long max_docs,
                 tr_cited **out, size_t *n)
{
    tallies ts = {0};
    int rc = 0;
    *out = NULL;
    *n = 0;
    if (!q) {
        /* No filter: the term frequencies are the answer. */
        rc = tr_db_allterms(db, TR_PFX_CITE, add_cited, &ts);
    } else {
        /* Filtered: count the cited numbers of every matching document. */
        tr_search_opts so = {0};
        unsigned long all = tr_db_doccount(db);
        so.limit = (unsigned)(max_docs && max_docs < all ? max_docs + 1 : all);
        so.exact_total = 1;
        tr_mset *m = NULL;
        rc = tr_db_search(db, q, &so, &m);
        if (rc == 0 && max_docs && tr_mset_total(m) > max_docs) {
            tr_mset_free(m);
            return 2;
        }
        for (unsigned i = 0; rc == 0 && i < tr_mset_size(m) && !ts.oom; i++) {
            size_t before = ts.n;
            rc = tr_db_doc_terms(db, tr_mset_docid(m, i), TR_PFX_CITE, add_cited, &ts);
            for (size_t k = before; k < ts.n; k++)
                ts.v[k].documents = 1;   /* one citing document, whatever its wdf */
        }
        tr_mset_free(m);
        if (ts.n > 1)
            qsort(ts.v, ts.n, sizeof *ts.v, cmp_term);
        size_t w = 0;
        for (size_t i = 0; i < ts.n; i++) {
            if (w > 0 && strcmp(ts.v[w - 1].number, ts.v[i].number) == 0) {
                ts.v[w - 1].documents += ts.v[i].documents;
                free(ts.v[i].number);
            } else {
                ts.v[w++] = ts.v[i];
            }
        }
        ts.n = w;
    }
    if (rc == 0 && ts.oom)
        rc = TR_DB_NOMEM;
    if (rc != 0) {
        tr_cited_free(ts.v, ts.n);
        return rc;
    }
    if (ts.n > 1)
        qsort(ts.v, ts.n, sizeof *ts.v, cmp_count);
    for (size_t i = top; i < ts.n; i++)
        free(ts.v[i].number);
    *out = ts.v;
    *n = ts.n < top ? ts.n : top;
    return 0;
}

void tr_cited_free(tr_cited *v, size_t n)
{
    for (size_t i = 0; i < n; i++)
        free(v[i].number);
    free(v);
}

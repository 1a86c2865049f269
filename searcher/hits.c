/*
 * hits.c — from Xapian matches to hits a person can read.
 *
 * Each hit's metadata comes from its stored record; its snippet from the
 * stored original text: the citing sentence when the query asks for a
 * document number (that sentence is what a researcher wants to see), the
 * best passage for the query's words otherwise.  The snippet is rendered
 * once with private-use sentinels around the matches; stripping them
 * yields both the plain text with byte spans (for JSON) and the styled
 * text (for the terminal), so the two can never disagree.
 */
#include "searcher.h"

#include <stdlib.h>
#include <string.h>

#include "tr_cite.h"
#include "tr_schema.h"
#include "tr_store.h"

#define SNIPPET_BYTES 280
#define HL_OPEN "\xee\x80\x80"    /* U+E000 */
#define HL_CLOSE "\xee\x80\x81"   /* U+E001 */

char *sx_record_field(const char *data, size_t len, const char *key)
{
    tr_record r;
    if (!data || tr_record_parse(data, len, &r) != 0)
        return NULL;
    char *v = tr_record_get(&r, key);
    tr_record_free(&r);
    return v;
}

/* Splits a rendered snippet with sentinels into plain text and spans,
 * and builds the styled version. */
static int split_rendered(const char *s, const sx_style *st, sx_hit *h)
{
    tr_buf plain = {0}, styled = {0};
    size_t cap = 0, open_at = 0;
    int in = 0;
    const size_t sl = strlen(HL_OPEN);
    for (size_t i = 0; s[i];) {
        if (strncmp(s + i, HL_OPEN, sl) == 0) {
            in = 1;
            open_at = plain.len;
            if (tr_buf_adds(&styled, st->hl_on))
                goto oom;
            i += sl;
        } else if (strncmp(s + i, HL_CLOSE, sl) == 0) {
            if (in) {
                if (h->nhl == cap) {
                    cap = cap ? cap * 2 : 8;
                    tr_span *v = realloc(h->hl, cap * sizeof *v);
                    if (!v)
                        goto oom;
                    h->hl = v;
                }
                h->hl[h->nhl].start = open_at;
                h->hl[h->nhl].len = plain.len - open_at;
                h->nhl++;
            }
            in = 0;
            if (tr_buf_adds(&styled, st->hl_off))
                goto oom;
            i += sl;
        } else {
            if (tr_buf_addc(&plain, s[i]) || tr_buf_addc(&styled, s[i]))
                goto oom;
            i++;
        }
    }
    h->snippet_plain = plain.data ? plain.data : strdup("");
    h->snippet = styled.data ? styled.data : strdup("");
    return 0;
oom:
    tr_buf_free(&plain);
    tr_buf_free(&styled);
    return -1;
}

/* The cite line "CANON start len sent_start sent_len date" matching one of
 * numbers, parsed into the sentence span and the citation span. */
static int find_citation(const tr_record *r, char (*numbers)[64], size_t nn,
                         size_t *cs, size_t *cl, size_t *ss, size_t *sl)
{
    for (size_t i = 0; i < r->n; i++) {
        const tr_store_kv *kv = &r->kv[i];
        if (kv->key_len != 4 || memcmp(kv->key, "cite", 4) != 0)
            continue;
        char line[256];
        size_t n = kv->value_len < sizeof line - 1 ? kv->value_len : sizeof line - 1;
        memcpy(line, kv->value, n);
        line[n] = '\0';
        char canon[TR_CANON_MAX];
        size_t a, b, c, d;
        if (sscanf(line, "%63s %zu %zu %zu %zu", canon, &a, &b, &c, &d) != 5)
            continue;
        for (size_t k = 0; k < nn; k++) {
            /* "22-CT/TU@quang-ngai" asks for the number "22-CT/TU". */
            size_t ql = strcspn(numbers[k], "@");
            if (strlen(canon) == ql && strncmp(canon, numbers[k], ql) == 0) {
                *cs = a;
                *cl = b;
                *ss = c;
                *sl = d;
                return 1;
            }
        }
    }
    return 0;
}

static int make_snippet(const tr_record *r, const tr_qword *words, size_t nw,
                        char (*numbers)[64], size_t nn, const sx_style *st,
                        sx_hit *h)
{
    char *text = NULL;
    size_t tlen = 0;
    if (tr_record_text(r, &text, &tlen) != 0) {
        h->snippet = strdup("(stored text unreadable)");
        h->snippet_plain = strdup(h->snippet);
        return 0;
    }
    tr_hlword *hw = calloc(nw + 1, sizeof *hw);
    if (!hw) {
        free(text);
        return -1;
    }
    for (size_t i = 0; i < nw; i++) {
        hw[i].key = words[i].key;
        hw[i].folded = words[i].folded;
        hw[i].group = words[i].group;
    }
    tr_snippet sn;
    memset(&sn, 0, sizeof sn);
    size_t cs, cl, ss, sl;
    int rc;
    int cited = nn && find_citation(r, numbers, nn, &cs, &cl, &ss, &sl) &&
                ss + sl <= tlen && cs + cl <= tlen;
    if (cited) {
        rc = tr_snippet_span(text, tlen, ss, sl, hw, nw, &sn);
        /* The cited number itself is the match that matters. */
        if (rc == 0 && cs >= sn.start && cs + cl <= sn.start + sn.len) {
            size_t k = 0;
            while (k < sn.nhl && sn.hl[k].start + sn.hl[k].len <= cs)
                k++;
            if (k == sn.nhl || sn.hl[k].start >= cs + cl) {
                tr_span *v = realloc(sn.hl, (sn.nhl + 1) * sizeof *v);
                if (v) {
                    sn.hl = v;
                    memmove(&sn.hl[k + 1], &sn.hl[k], (sn.nhl - k) * sizeof *v);
                    sn.hl[k].start = cs;
                    sn.hl[k].len = cl;
                    sn.nhl++;
                }
            }
        }
    } else {
        rc = tr_snippet_best(text, tlen, hw, nw, SNIPPET_BYTES, &sn);
    }
    free(hw);
    if (rc != 0) {
        free(text);
        return -1;
    }
    tr_buf out = {0};
    rc = tr_snippet_render(text, &sn, HL_OPEN, HL_CLOSE, &out);
    tr_snippet_free(&sn);
    free(text);
    if (rc == 0)
        rc = split_rendered(out.data ? out.data : "", st, h);
    tr_buf_free(&out);
    return rc;
}

static int collect_cites(const tr_record *r, sx_hit *h)
{
    for (size_t i = 0; i < r->n; i++) {
        const tr_store_kv *kv = &r->kv[i];
        if (kv->key_len != 4 || memcmp(kv->key, "cite", 4) != 0)
            continue;
        size_t l = 0;
        while (l < kv->value_len && kv->value[l] != ' ')
            l++;
        int dup = 0;
        for (size_t k = 0; k < h->ncites && !dup; k++)
            dup = strlen(h->cites[k]) == l && memcmp(h->cites[k], kv->value, l) == 0;
        if (dup)
            continue;
        char **v = realloc(h->cites, (h->ncites + 1) * sizeof *v);
        if (!v)
            return -1;
        h->cites = v;
        if (!(h->cites[h->ncites] = strndup(kv->value, l)))
            return -1;
        h->ncites++;
    }
    return 0;
}

int sx_collect(tr_db *db, tr_mset *m, const tr_qword *words, size_t nwords,
               char (*numbers)[64], size_t nnumbers, const sx_style *st,
               sx_result *res)
{
    (void)db;
    unsigned n = tr_mset_size(m);
    res->hits = calloc(n ? n : 1, sizeof *res->hits);
    if (!res->hits)
        return -1;
    for (unsigned i = 0; i < n; i++) {
        sx_hit *h = &res->hits[res->nhits++];
        h->rank = res->offset + i + 1;
        h->docid = tr_mset_docid(m, i);
        h->score = tr_mset_weight(m, i);
        size_t len;
        const char *data = tr_mset_data(m, i, &len);
        tr_record r;
        if (!data || tr_record_parse(data, len, &r) != 0) {
            h->snippet = strdup("(no stored record)");
            h->snippet_plain = strdup(h->snippet);
            continue;
        }
        h->path = tr_record_get(&r, "path");
        h->title = tr_record_get(&r, "title");
        h->number = tr_record_get(&r, "number");
        h->type = tr_record_get(&r, "type");
        h->body = tr_record_get(&r, "body");
        h->province = tr_record_get(&r, "province");
        h->date = tr_record_get(&r, "date");
        h->year = tr_record_get(&r, "year");
        h->format = tr_record_get(&r, "format");
        int rc = collect_cites(&r, h);
        if (rc == 0)
            rc = make_snippet(&r, words, nwords, numbers, nnumbers, st, h);
        tr_record_free(&r);
        if (rc != 0)
            return -1;
    }
    static const char *names[4] = {"province", "year", "body", "type"};
    for (size_t k = 0; k < 4; k++) {
        sx_facet *f = &res->facets[k];
        f->name = names[k];
        size_t nf = tr_mset_facet_size(m, k);
        f->v = calloc(nf ? nf : 1, sizeof *f->v);
        if (!f->v)
            return -1;
        for (size_t j = 0; j < nf; j++) {
            size_t l;
            unsigned long c;
            const char *v = tr_mset_facet_value(m, k, j, &l, &c);
            if (!(f->v[j].value = strndup(v, l)))
                return -1;
            f->v[j].count = c;
            f->n++;
        }
    }
    return 0;
}

void sx_result_free(sx_result *res)
{
    for (size_t i = 0; i < res->nhits; i++) {
        sx_hit *h = &res->hits[i];
        free(h->path);
        free(h->title);
        free(h->number);
        free(h->type);
        free(h->body);
        free(h->province);
        free(h->date);
        free(h->year);
        free(h->format);
        for (size_t k = 0; k < h->ncites; k++)
            free(h->cites[k]);
        free(h->cites);
        free(h->snippet);
        free(h->snippet_plain);
        free(h->hl);
    }
    free(res->hits);
    for (size_t k = 0; k < 4; k++) {
        for (size_t j = 0; j < res->facets[k].n; j++)
            free(res->facets[k].v[j].value);
        free(res->facets[k].v);
    }
    memset(res, 0, sizeof *res);
}

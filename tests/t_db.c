/* Tests for tr_db: the C wrapper must give the indexer and searcher real
 * Xapian behaviour (postings, phrases, filters, ranges, sorting, facets,
 * reopen) and turn every Xapian failure into a status and a message. */
#include "tap.h"
#include "tr_db.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <ftw.h>
#include <unistd.h>

static char base[64];

static int rm_one(const char *p, const struct stat *sb, int flag,
                  struct FTW *ftw)
{
    (void)sb; (void)flag; (void)ftw;
    return remove(p);
}

static void path_in(char *out, size_t n, const char *name)
{
    snprintf(out, n, "%s/%s", base, name);
}

/* A document: words get positions 1.., plus Q<id>, XP<prov> and values
 * 0 = year, 1 = province, data "doc:<id>". */
static int add_doc(tr_db *db, const char *id, const char *text,
                   const char *year, const char *prov)
{
    tr_doc *d = tr_doc_new();
    char buf[256], q[64];
    unsigned pos = 1;
    if (!d)
        return -1;
    snprintf(buf, sizeof buf, "%s", text);
    for (char *w = strtok(buf, " "); w; w = strtok(NULL, " "))
        tr_doc_add_posting(d, w, strlen(w), pos++, 1);
    snprintf(q, sizeof q, "Q%s", id);
    tr_doc_add_boolean(d, q);
    snprintf(buf, sizeof buf, "XP%s", prov);
    tr_doc_add_boolean(d, buf);
    tr_doc_set_value(d, 0, year, strlen(year));
    tr_doc_set_value(d, 1, prov, strlen(prov));
    snprintf(buf, sizeof buf, "doc:%s", id);
    tr_doc_set_data(d, buf, strlen(buf));
    int rc = tr_db_replace(db, q, d, NULL);
    tr_doc_free(d);
    return rc;
}

/* A document with the facet values (slot 1 province, slot 0 year) and,
 * when pack, both again in slot 11 joined by TR_FACET_SEP; "" is no
 * value. */
static void add_faceted(tr_db *db, const char *id, const char *prov, const char *year, int pack)
{
    tr_doc *d = tr_doc_new();
    char q[64], v[128];
    snprintf(q, sizeof q, "Q%s", id);
    tr_doc_add_boolean(d, q);
    tr_doc_add_posting(d, "dan", 3, 1, 1);
    if (*prov)
        tr_doc_set_value(d, 1, prov, strlen(prov));
    if (*year)
        tr_doc_set_value(d, 0, year, strlen(year));
    snprintf(v, sizeof v, "%s%c%s", prov, TR_FACET_SEP, year);
    if (pack)
        tr_doc_set_value(d, 11, v, strlen(v));
    tr_doc_set_data(d, q, strlen(q));
    tr_db_replace(db, q, d, NULL);
    tr_doc_free(d);
}

/* The facets of "dan" as "value=count,…" per slot, "|"-separated. */
static void facets_of(tr_db *db, int packed, unsigned long budget, char *out, size_t n)
{
    unsigned slots[2] = {1, 0};
    tr_search_opts o = {0};
    tr_mset *m = NULL;
    o.limit = 3;
    o.facet_slots = slots;
    o.nfacets = 2;
    o.facets_packed = packed;
    o.packed_slot = 11;
    o.count_budget = budget;
    o.exact_total = budget == 0;
    tr_query *q = tr_q_term("dan", 3, 1);
    out[0] = 0;
    if (tr_db_search(db, q, &o, &m) == 0) {
        for (size_t k = 0; k < 2; k++)
            for (size_t j = 0; j < tr_mset_facet_size(m, k); j++) {
                size_t len, used = strlen(out);
                unsigned long c;
                const char *v = tr_mset_facet_value(m, k, j, &len, &c);
                snprintf(out + used, n - used, "%s%s=%lu", j ? "," : k ? "|" : "", v, c);
            }
        size_t used = strlen(out);
        snprintf(out + used, n - used, " seen %lu", tr_mset_seen(m));
    }
    tr_mset_free(m);
    tr_q_free(q);
}

/* Rewrites 1000 documents of 40 terms each in one transaction. */
static void churn(tr_db *w, int round)
{
    char q[32], t[32];
    tr_db_begin(w);
    for (int i = 0; i < 1000; i++) {
        tr_doc *d = tr_doc_new();
        snprintf(q, sizeof q, "Q%d", i);
        tr_doc_add_boolean(d, q);
        for (int p = 1; p <= 40; p++) {
            snprintf(t, sizeof t, "w%d", (i * 7 + p * 13 + round) % 300);
            tr_doc_add_posting(d, t, strlen(t), (unsigned)p, 1);
        }
        tr_db_replace(w, q, d, NULL);
        tr_doc_free(d);
    }
    tr_db_commit_tx(w);
}

static tr_query *T(const char *t)
{
    return tr_q_term(t, strlen(t), 1);
}

static tr_query *op2(tr_op op, tr_query *a, tr_query *b)
{
    tr_query *s[2] = {a, b};
    return tr_q_combine(op, s, 2, 0);
}

/* Runs q and writes the ids (data without "doc:") of the hits, space
 * separated, into out; returns the total, or -1 on failure. */
static long run(tr_db *db, tr_query *q, const tr_search_opts *o, char *out,
                size_t n)
{
    tr_mset *m = NULL;
    tr_search_opts def = {0};
    def.limit = 100;
    out[0] = 0;
    int rc = tr_db_search(db, q, o ? o : &def, &m);
    tr_q_free(q);
    if (rc != TR_DB_OK) {
        tap_diag("search failed: %s", tr_db_errmsg(db));
        return -1;
    }
    for (unsigned i = 0; i < tr_mset_size(m); i++) {
        size_t len;
        const char *d = tr_mset_data(m, i, &len);
        size_t used = strlen(out);
        snprintf(out + used, n - used, "%s%s", used ? " " : "", d + 4);
    }
    long total = (long)tr_mset_total(m);
    tr_mset_free(m);
    return total;
}

static int count_cb(const char *t, size_t len, unsigned long f, void *ctx)
{
    (void)t; (void)len; (void)f;
    return ++*(int *)ctx >= 2;    /* stop after two */
}

static int collect_cb(const char *t, size_t len, unsigned long f, void *ctx)
{
    char *out = ctx;
    size_t used = strlen(out);
    (void)f;
    snprintf(out + used, 256 - used, "%s%.*s", used ? "," : "", (int)len, t);
    return 0;
}

static int docid_cb(unsigned id, void *ctx)
{
    unsigned long *sum = ctx;
    *sum += id;
    return 0;
}

int main(void)
{
    char pa[128], pb[128], pc[128], got[512];
    char *err = NULL;
    tr_db *w = NULL, *w2 = NULL, *r = NULL;

    snprintf(base, sizeof base, "/tmp/t_db.XXXXXX");
    if (!mkdtemp(base))
        tap_bail("mkdtemp");
    path_in(pa, sizeof pa, "a");
    path_in(pb, sizeof pb, "b");
    path_in(pc, sizeof pc, "c");

    /* ---- create, lock ---- */
    is_int(tr_db_open_writable(pa, TR_DB_CREATE, &w, &err), TR_DB_OK,
           "create a writable database");
    if (!w)
        tap_bail(err ? err : "no handle");
    is_int(tr_db_open_writable(pa, TR_DB_CREATE, &w2, &err), TR_DB_LOCKED,
           "second writer gets TR_DB_LOCKED");
    ok(w2 == NULL, "no handle on lock failure");
    ok(err && strstr(err, "locked by another writer"), "lock message: %s",
       err ? err : "(null)");
    free(err);
    err = NULL;

    /* ---- add in a transaction ---- */
    is_int(tr_db_begin(w), TR_DB_OK, "begin transaction");
    ok(add_doc(w, "1", "cong tac dan van nam 2020", "2020", "quangngai") == 0 &&
       add_doc(w, "2", "dan van cong tac", "2019", "kiengiang") == 0 &&
       add_doc(w, "3", "bao cao cong tac dan van", "2021", "quangngai") == 0 &&
       add_doc(w, "4", "ke hoach thuc hien nghi quyet", "2020", "kiengiang") == 0 &&
       add_doc(w, "5", "van dan", "2018", "binhdinh") == 0, "add 5 documents");
    for (int i = 0; i < 20; i++) {
        char id[16];
        snprintf(id, sizeof id, "f%02d", i);
        add_doc(w, id, "filler tac", "2017", i % 4 ? "kiengiang" : "angiang");
    }
    is_int(tr_db_set_metadata(w, "schema", "3"), TR_DB_OK, "set metadata");
    is_int(tr_db_commit_tx(w), TR_DB_OK, "commit transaction");
    is_int(tr_db_doccount(w), 25, "25 documents");
    is_int(tr_db_commit_tx(w), TR_DB_INVALID, "commit without transaction is invalid");
    ok(tr_db_errmsg(w)[0] != 0, "and says why: %s", tr_db_errmsg(w));

    /* ---- read-only ---- */
    const char *one[] = {pa};
    is_int(tr_db_open_readonly(one, 1, &r, &err), TR_DB_OK, "open read-only");
    if (!r)
        tap_bail(err ? err : "no reader");
    is_int(tr_db_doccount(r), 25, "reader sees 25");
    char *meta = NULL;
    ok(tr_db_get_metadata(r, "schema", &meta) == 0 && meta && !strcmp(meta, "3"),
       "metadata round-trips");
    free(meta);
    ok(tr_db_get_metadata(r, "nope", &meta) == 0 && meta && !*meta,
       "unset metadata is empty");
    free(meta);
    is_int(tr_db_termfreq(r, "van"), 4, "termfreq van");
    is_int(tr_db_termfreq(r, "XPkiengiang"), 17, "termfreq boolean term");
    is_int(tr_db_replace(r, "Q1", NULL, NULL), TR_DB_INVALID, "reader cannot write");

    /* ---- queries ---- */
    is_int(run(r, op2(TR_OP_PHRASE, T("dan"), T("van")), NULL, got, sizeof got), 3,
           "phrase 'dan van': 3 hits");
    is_int(run(r, op2(TR_OP_AND, T("dan"), T("van")), NULL, got, sizeof got), 4,
           "AND dan van: 4 hits (includes 'van dan')");
    run(r, op2(TR_OP_PHRASE, T("van"), T("dan")), NULL, got, sizeof got);
    is_str(got, "5", "phrase is ordered");
    run(r, op2(TR_OP_AND_NOT, T("dan"), T("bao")), NULL, got, sizeof got);
    ok(strstr(got, "3") == NULL && strstr(got, "1") && strstr(got, "5"),
       "AND_NOT drops doc 3: %s", got);
    is_int(run(r, op2(TR_OP_FILTER, T("tac"), T("XPquangngai")), NULL, got,
               sizeof got), 2, "FILTER by boolean term");
    is_int(run(r, tr_q_value_range(0, "2019", "2020"), NULL, got, sizeof got), 3,
           "value range 2019..2020");
    is_int(run(r, tr_q_value_range(0, "2021", NULL), NULL, got, sizeof got), 1,
           "open value range >= 2021");
    is_int(run(r, op2(TR_OP_SYNONYM, T("hoach"), T("bao")), NULL, got, sizeof got),
           2, "SYNONYM of two terms");
    {
        tr_query *alt[2] = {T("dan"), T("cao")};
        tr_query *ph[2] = {T("bao"), tr_q_combine(TR_OP_OR, alt, 2, 0)};
        run(r, tr_q_combine(TR_OP_PHRASE, ph, 2, 0), NULL, got, sizeof got);
        is_str(got, "3", "phrase with an OR of variants");
    }
    {
        tr_query *ph[2] = {T("cong"), T("dan")};
        tr_query *near = tr_q_combine(TR_OP_NEAR, ph, 2, 3);
        is_int(run(r, near, NULL, got, sizeof got), 3, "NEAR window 3");
    }
    {
        tr_query *q = op2(TR_OP_PHRASE, T("dan"), T("van"));
        tr_query *c = tr_q_clone(q);
        tr_q_free(q);
        char *desc = tr_q_describe(c);
        ok(desc && strstr(desc, "PHRASE") && strstr(desc, "dan"),
           "clone outlives original; describe: %s", desc ? desc : "(null)");
        free(desc);
        tr_q_free(c);
    }
    ok(tr_q_term("", 0, 1) == NULL, "empty term is refused");

    /* ---- sorting, window, totals ---- */
    tr_search_opts o = {0};
    o.limit = 5;
    o.sort = TR_SORT_VALUE;
    o.sort_slot = 0;
    run(r, op2(TR_OP_FILTER, tr_q_match_all(), T("XPquangngai")), &o, got, sizeof got);
    is_str(got, "1 3", "sort by year ascending");
    o.sort_descending = 1;
    run(r, op2(TR_OP_FILTER, tr_q_match_all(), T("XPquangngai")), &o, got, sizeof got);
    is_str(got, "3 1", "sort by year descending");
    o.sort_descending = 0;
    run(r, op2(TR_OP_OR, T("dan"), T("van")), &o, got, sizeof got);
    is_str(got, "5 2 1 3", "value sort over an OR");
    o.offset = 1;
    o.limit = 2;
    run(r, op2(TR_OP_OR, T("dan"), T("van")), &o, got, sizeof got);
    is_str(got, "2 1", "offset 1 limit 2");
    o.offset = 0;
    o.limit = 1;
    o.sort = TR_SORT_RELEVANCE;
    o.exact_total = 1;
    is_int(run(r, T("tac"), &o, got, sizeof got), 23, "exact total with limit 1");
    o.bm25_set = 1;
    o.bm25_k1 = 1.2; o.bm25_k2 = 0; o.bm25_k3 = 1; o.bm25_b = 0.75;
    o.bm25_min_normlen = 0.5;
    is_int(run(r, T("tac"), &o, got, sizeof got), 23, "custom BM25 parameters");
    o.bm25_set = 0;
    o.exact_total = 0;
    o.limit = 10;
    o.sort = TR_SORT_RELEVANCE_THEN_VALUE;
    o.sort_slot = 0;
    o.sort_descending = 1;
    /* Weight 0 for every hit: the value decides, against docid order. */
    run(r, tr_q_scale(0, T("XPquangngai")), &o, got, sizeof got);
    is_str(got, "3 1", "relevance ties broken by year descending");
    o.sort = TR_SORT_RELEVANCE;
    run(r, tr_q_scale(0, T("XPquangngai")), &o, got, sizeof got);
    is_str(got, "1 3", "plain relevance ties go by docid");
    {
        tr_mset *m1 = NULL, *m2 = NULL;
        tr_query *q1 = T("bao"), *q2 = tr_q_scale(2.5, T("bao"));
        tr_db_search(r, q1, &o, &m1);
        tr_db_search(r, q2, &o, &m2);
        double w1 = tr_mset_weight(m1, 0), w2 = tr_mset_weight(m2, 0);
        ok(w1 > 0 && w2 > 2.49 * w1 && w2 < 2.51 * w1, "scale multiplies the weight (%g, %g)",
           w1, w2);
        tr_mset_free(m1);
        tr_mset_free(m2);
        tr_q_free(q1);
        tr_q_free(q2);
    }

    /* ---- facets over the whole match set ---- */
    {
        unsigned slots[2] = {1, 0};
        tr_search_opts f = {0};
        tr_mset *m = NULL;
        tr_query *q = T("tac");
        f.limit = 3;
        f.facet_slots = slots;
        f.nfacets = 2;
        is_int(tr_db_search(r, q, &f, &m), TR_DB_OK, "faceted search");
        tr_q_free(q);
        is_int(tr_mset_size(m), 3, "window of 3");
        is_int(tr_mset_total(m), 23, "total is exact with facets");
        is_int(tr_mset_facet_size(m, 0), 3, "three provinces");
        size_t len;
        unsigned long cnt, sum = 0;
        const char *v = tr_mset_facet_value(m, 0, 0, &len, &cnt);
        ok(v && !strcmp(v, "kiengiang") && cnt == 16, "top province kiengiang 16 (%s %lu)",
           v ? v : "(null)", cnt);
        v = tr_mset_facet_value(m, 0, 1, &len, &cnt);
        ok(v && !strcmp(v, "angiang") && cnt == 5, "then angiang 5");
        v = tr_mset_facet_value(m, 0, 2, &len, &cnt);
        ok(v && !strcmp(v, "quangngai") && cnt == 2, "then quangngai 2");
        for (size_t j = 0; j < tr_mset_facet_size(m, 1); j++) {
            tr_mset_facet_value(m, 1, j, &len, &cnt);
            sum += cnt;
        }
        is_int(sum, 23, "year facet counts cover the whole match set");
        ok(tr_mset_facet_value(m, 0, 3, &len, &cnt) == NULL, "facet past end is NULL");
        tr_mset_free(m);
        /* Counting only (no hits wanted) must still see every match. */
        f.limit = 0;
        q = T("tac");
        is_int(tr_db_search(r, q, &f, &m), TR_DB_OK, "faceted search with limit 0");
        tr_q_free(q);
        v = tr_mset_facet_value(m, 0, 0, &len, &cnt);
        ok(tr_mset_size(m) == 0 && tr_mset_total(m) == 23 && v && cnt == 16,
           "limit 0: no hits, exact total and facet counts");
        tr_mset_free(m);
    }

    /* Ranked searches count on the query without its boosts (AND_MAYBE's
     * right side dropped): the totals and facets must be those of the
     * boosted query, counted in one pass (a value sort), and the hits
     * those of a search that counts nothing. */
    {
        unsigned slots[2] = {1, 0};
        tr_search_opts a = {0}, b = {0}, c = {0};
        tr_mset *ma = NULL, *mb = NULL, *mc = NULL;
        a.limit = b.limit = c.limit = 5;
        a.facet_slots = b.facet_slots = slots;
        a.nfacets = b.nfacets = 2;
        a.exact_total = b.exact_total = 1;
        a.sort = c.sort = TR_SORT_RELEVANCE;
        b.sort = TR_SORT_VALUE;
        tr_query *q = op2(TR_OP_FILTER,
                          op2(TR_OP_AND_MAYBE, op2(TR_OP_OR, T("dan"), T("van")),
                              op2(TR_OP_PHRASE, T("dan"), T("van"))),
                          tr_q_match_all());
        tr_db_search(r, q, &a, &ma);
        tr_db_search(r, q, &b, &mb);
        tr_db_search(r, q, &c, &mc);
        /* the same query unboosted: no AND_MAYBE left, the phrase gone,
         * the same match set */
        tr_query *u = tr_q_unboosted(q);
        char *du = tr_q_describe(u);
        tr_mset *mu = NULL;
        tr_search_opts uo = a;
        tr_db_search(r, u, &uo, &mu);
        ok(du && !strstr(du, "AND_MAYBE") && !strstr(du, "PHRASE") && strstr(du, "FILTER") &&
               mu && ma && tr_mset_total(mu) == tr_mset_total(ma),
           "tr_q_unboosted: %s, total %lu", du ? du : "(null)", mu ? tr_mset_total(mu) : 0);
        free(du);
        tr_mset_free(mu);
        tr_q_free(u);
        tr_query *plain = T("dan"), *pu = tr_q_unboosted(plain);
        char *d1 = tr_q_describe(plain), *d2 = tr_q_describe(pu);
        ok(d1 && d2 && !strcmp(d1, d2), "tr_q_unboosted of a query without boosts: a copy");
        free(d1);
        free(d2);
        tr_q_free(plain);
        tr_q_free(pu);
        ok(tr_q_unboosted(NULL) == NULL, "tr_q_unboosted(NULL)");
        tr_q_free(q);
        int same = ma && mb && mc && tr_mset_total(ma) == tr_mset_total(mb) &&
                   tr_mset_total(ma) > 0;
        for (size_t k = 0; same && k < 2; k++) {
            same = tr_mset_facet_size(ma, k) == tr_mset_facet_size(mb, k);
            for (size_t j = 0; same && j < tr_mset_facet_size(ma, k); j++) {
                size_t l1, l2;
                unsigned long c1, c2;
                const char *v1 = tr_mset_facet_value(ma, k, j, &l1, &c1);
                const char *v2 = tr_mset_facet_value(mb, k, j, &l2, &c2);
                same = v1 && v2 && !strcmp(v1, v2) && c1 == c2;
            }
        }
        ok(same, "boosted query: total %lu and facets counted without the boost",
           ma ? tr_mset_total(ma) : 0);
        int order = ma && mc && tr_mset_size(ma) == tr_mset_size(mc) && tr_mset_size(ma) > 0;
        for (unsigned i = 0; order && i < tr_mset_size(ma); i++)
            order = tr_mset_docid(ma, i) == tr_mset_docid(mc, i) &&
                    tr_mset_weight(ma, i) == tr_mset_weight(mc, i);
        ok(order, "and the hits ranked with it");
        tr_mset_free(ma);
        tr_mset_free(mb);
        tr_mset_free(mc);
    }

    /* Facets from the packed slot: the same counts as from the slots
     * (empty fields are documents without the value), and the slots again
     * as soon as one document lacks the packed value. */
    {
        char pp[128], a1[512], a2[512];
        tr_db *f = NULL;
        path_in(pp, sizeof pp, "packed");
        tr_db_open_writable(pp, TR_DB_CREATE, &f, &err);
        static const char *const prov[] = {"Quảng Ngãi", "Kiên Giang", "", "An Giang"};
        static const char *const year[] = {"2020", "", "2019", "2021", "2020"};
        char id[16];
        for (int i = 0; i < 40; i++) {
            snprintf(id, sizeof id, "p%d", i);
            add_faceted(f, id, prov[i % 4], year[i % 5], 1);
        }
        tr_db_commit_tx(f);
        facets_of(f, 1, 0, a1, sizeof a1);
        facets_of(f, 0, 0, a2, sizeof a2);
        ok(a1[0] && !strcmp(a1, a2) && strstr(a1, "Quảng Ngãi=10") && strstr(a1, "2020=16"),
           "packed facets = facets of the slots: %s", a1);
        facets_of(f, 1, 5, a1, sizeof a1);
        facets_of(f, 0, 5, a2, sizeof a2);
        ok(a1[0] && !strcmp(a1, a2), "and over the documents a budget saw: %s", a1);
        add_faceted(f, "unpacked", "Bình Định", "2018", 0);
        tr_db_commit_tx(f);
        facets_of(f, 1, 0, a1, sizeof a1);
        facets_of(f, 0, 0, a2, sizeof a2);
        ok(!strcmp(a1, a2) && strstr(a1, "Bình Định=1") && strstr(a1, "2018=1"),
           "a document without the packed value: counted from the slots: %s", a1);
        /* and the packed value is what is counted when every document has
         * it: one whose packed value disagrees with its slots shows it */
        tr_doc *d = tr_doc_new();
        char v[64];
        snprintf(v, sizeof v, "Packed Only%c2018", TR_FACET_SEP);
        tr_doc_add_boolean(d, "Qunpacked");
        tr_doc_add_posting(d, "dan", 3, 1, 1);
        tr_doc_set_value(d, 1, "Bình Định", strlen("Bình Định"));
        tr_doc_set_value(d, 11, v, strlen(v));
        tr_db_replace(f, "Qunpacked", d, NULL);
        tr_doc_free(d);
        tr_db_commit_tx(f);
        facets_of(f, 1, 0, a1, sizeof a1);
        facets_of(f, 0, 0, a2, sizeof a2);
        ok(strstr(a1, "Packed Only=1") && !strstr(a1, "Bình Định") && strstr(a2, "Bình Định=1"),
           "all packed: the packed slot is read (%s)", a1);
        tr_db_close(f);
    }

    /* ---- hit contents ---- */
    {
        tr_search_opts h = {0};
        tr_mset *m = NULL;
        tr_query *q = op2(TR_OP_OR, T("bao"), T("hoach"));
        h.limit = 10;
        h.sort = TR_SORT_VALUE;
        h.matching_terms = 1;
        tr_db_search(r, q, &h, &m);
        tr_q_free(q);
        size_t len;
        ok(m && tr_mset_size(m) == 2, "two hits");
        is_str(tr_mset_value(m, 0, 1, &len), "kiengiang", "value of hit 0 (doc 4)");
        is_str(tr_mset_value(m, 0, 7, &len), "", "missing slot is empty");
        ok(tr_mset_value(m, 5, 0, &len) == NULL, "hit out of range is NULL");
        ok(tr_mset_weight(m, 0) > 0, "hit has a weight");
        got[0] = 0;
        tr_mset_matching_terms(m, 1, collect_cb, got);
        is_str(got, "bao", "matching terms of doc 3");
        unsigned id = tr_mset_docid(m, 1);
        char *data = NULL;
        ok(tr_db_get_data(r, id, &data, &len) == 0 && data && !strcmp(data, "doc:3"),
           "get_data by docid");
        free(data);
        char *val = NULL;
        ok(tr_db_get_value(r, id, 0, &val, &len) == 0 && val && !strcmp(val, "2021"),
           "get_value by docid");
        free(val);
        is_int(tr_db_get_data(r, 9999, &data, &len), TR_DB_INVALID, "missing docid");
        ok(tr_db_errmsg(r)[0] != 0, "with a message: %s", tr_db_errmsg(r));
        tr_mset_free(m);
        /* Matching terms are kept only when asked for. */
        q = op2(TR_OP_OR, T("bao"), T("hoach"));
        h.matching_terms = 0;
        m = NULL;
        tr_db_search(r, q, &h, &m);
        tr_q_free(q);
        got[0] = 0;
        if (m)
            tr_mset_matching_terms(m, 1, collect_cb, got);
        ok(m && tr_mset_size(m) == 2 && got[0] == 0, "no matching terms unless asked");
        tr_mset_free(m);
    }

    /* ---- iteration ---- */
    {
        int n = 0;
        got[0] = 0;
        tr_db_allterms(r, "XP", collect_cb, got);
        is_str(got, "XPangiang,XPbinhdinh,XPkiengiang,XPquangngai", "allterms by prefix");
        tr_db_allterms(r, "", count_cb, &n);
        is_int(n, 2, "allterms stops when the callback says so");
        unsigned id = 0;
        is_int(tr_db_find(r, "Q3", &id), 1, "find by unique term");
        got[0] = 0;
        tr_db_doc_terms(r, id, "Q", collect_cb, got);
        is_str(got, "Q3", "doc terms by prefix");
        got[0] = 0;
        tr_db_doc_terms(r, id, "", collect_cb, got);
        is_str(got, "Q3,XPquangngai,bao,cao,cong,dan,tac,van", "all doc terms");
        unsigned long sum = 0;
        unsigned i1 = 0, i2 = 0;
        tr_db_find(r, "Q1", &i1);
        tr_db_find(r, "Q3", &i2);
        tr_db_postings(r, "XPquangngai", docid_cb, &sum);
        is_int(sum, i1 + i2, "postings of a boolean term");
        is_int(tr_db_find(r, "Qnone", &id), 0, "unknown unique term");
    }

    /* ---- replace, delete, reopen ---- */
    {
        unsigned before = 0, after = 0;
        tr_db_find(w, "Q2", &before);
        ok(add_doc(w, "2", "replaced text", "2019", "kiengiang") == 0, "replace doc 2");
        tr_db_find(w, "Q2", &after);
        is_int(after, before, "replace keeps the docid");
        is_int(tr_db_delete(w, "Q5"), TR_DB_OK, "delete doc 5");
        is_int(tr_db_delete(w, "Qnone"), TR_DB_OK, "deleting nothing is fine");
        is_int(tr_db_commit(w), TR_DB_OK, "commit");
        is_int(tr_db_doccount(w), 24, "writer: 24 after replace + delete");
        is_int(tr_db_termfreq(w, "Q2"), 1, "replace does not duplicate");
        is_int(tr_db_doccount(r), 25, "reader still sees 25 before reopen");
        is_int(tr_db_reopen(r), 1, "reopen reports a change");
        is_int(tr_db_doccount(r), 24, "reader sees 24 after reopen");
        is_int(tr_db_reopen(r), 0, "second reopen: nothing new");
        is_int(run(r, T("replaced"), NULL, got, sizeof got), 1, "new text searchable");
        is_int(tr_db_find(r, "Q5", NULL), 0, "deleted doc gone");
    }

    /* ---- close semantics ---- */
    tr_db_begin(w);
    add_doc(w, "tx", "in a transaction", "2015", "x");
    tr_db_close(w);
    w = NULL;
    is_int(tr_db_open_writable(pa, 0, &w, &err), TR_DB_OK, "reopen writable after close");
    is_int(tr_db_find(w, "Qtx", NULL), 0, "close cancels an open transaction");
    add_doc(w, "out", "outside any transaction", "2015", "x");
    tr_db_close(w);
    tr_db_reopen(r);
    is_int(tr_db_find(r, "Qout", NULL), 1, "close commits changes made outside one");
    tr_db_cancel_tx(NULL);
    tr_db_close(NULL);

    /* ---- several databases, compact ---- */
    is_int(tr_db_open_writable(pb, TR_DB_OVERWRITE, &w, &err), TR_DB_OK, "create b");
    add_doc(w, "b1", "dan van b", "2022", "angiang");
    add_doc(w, "b2", "other b", "2022", "angiang");
    tr_db_commit(w);
    tr_db_close(w);
    unsigned long na = tr_db_doccount(r);
    tr_db_close(r);
    const char *two[] = {pa, pb};
    is_int(tr_db_open_readonly(two, 2, &r, &err), TR_DB_OK, "open a and b together");
    is_int(tr_db_doccount(r), na + 2, "combined count");
    is_int(run(r, op2(TR_OP_PHRASE, T("dan"), T("van")), NULL, got, sizeof got), 3,
           "phrase across both databases");
    tr_db_close(r);
    is_int(tr_db_compact(two, 2, pc, &err), TR_DB_OK, "compact a+b into c");
    const char *cc[] = {pc};
    is_int(tr_db_open_readonly(cc, 1, &r, &err), TR_DB_OK, "open compacted");
    is_int(tr_db_doccount(r), na + 2, "compacted count");
    ok(tr_db_find(r, "Qb2", NULL) == 1 && tr_db_find(r, "Q3", NULL) == 1,
       "compacted has documents of both");
    tr_db_close(r);

    /* ---- a reader left behind by several commits ---- */
    {
        char pd[160];
        tr_db *rd = NULL;
        path_in(pd, sizeof pd, "d");
        is_int(tr_db_open_writable(pd, TR_DB_CREATE, &w, &err), TR_DB_OK, "create d");
        churn(w, 0);
        const char *dd[] = {pd};
        is_int(tr_db_open_readonly(dd, 1, &rd, &err), TR_DB_OK, "reader on d");
        /* Four rewrites of every document discard the blocks of the
         * revision the reader holds: Xapian raises DatabaseModifiedError
         * and tr_db_search must reopen and retry. */
        for (int round = 1; round <= 4; round++)
            churn(w, round);
        tr_search_opts e = {0};
        e.limit = 10;
        e.exact_total = 1;
        tr_mset *m = NULL;
        tr_query *q = T("w5");
        is_int(tr_db_search(rd, q, &e, &m), TR_DB_OK, "search retried after the revision was discarded");
        ok(m && tr_mset_total(m) > 0, "and found the current documents");
        tr_mset_free(m);
        tr_q_free(q);
        tr_db_close(rd);
        tr_db_close(w);

        /* A damaged table is reported as corruption, not as "not found". */
        char tab[200];
        snprintf(tab, sizeof tab, "%s/postlist.glass", pd);
        FILE *f = fopen(tab, "r+");
        if (f) {
            char junk[8192];
            memset(junk, 0x5a, sizeof junk);
            for (int i = 0; i < 4; i++)
                fwrite(junk, 1, sizeof junk, f);
            fclose(f);
        }
        is_int(tr_db_open_readonly(dd, 1, &rd, &err), TR_DB_CORRUPT, "damaged database");
        ok(err && strstr(err, "Corrupt"), "corruption message: %s", err ? err : "(null)");
        free(err);
        err = NULL;
    }

    /* ---- bad paths ---- */
    char file[160], under[200], missing[160];
    path_in(file, sizeof file, "plain");
    FILE *fp = fopen(file, "w");
    if (fp)
        fclose(fp);
    snprintf(under, sizeof under, "%s/db", file);
    int st = tr_db_open_writable(under, TR_DB_CREATE, &w, &err);
    ok(st < 0 && st != TR_DB_LOCKED && w == NULL, "writable under a regular file fails (%d)", st);
    ok(err && strstr(err, under), "message names the path: %s", err ? err : "(null)");
    free(err);
    err = NULL;
    path_in(missing, sizeof missing, "missing");
    const char *miss[] = {pa, missing};
    is_int(tr_db_open_readonly(miss, 2, &r, &err), TR_DB_NOTFOUND,
           "read-only missing database");
    ok(r == NULL && err && strstr(err, missing), "message names it: %s",
       err ? err : "(null)");
    free(err);
    err = NULL;
    is_int(tr_db_open_writable(missing, 0, &w, &err), TR_DB_NOTFOUND,
           "writable open without CREATE of a missing database");
    free(err);

    nftw(base, rm_one, 16, FTW_DEPTH | FTW_PHYS);
    return tap_done();
}

/*
 * bench-query — query latency through the library, warm, for tracuu and
 * for SQLite FTS5 on the same files and the same query mix.
 *
 *   bench-query [-n RUNS] tracuu DBDIR  queries.tsv
 *   bench-query [-n RUNS] fts5   DB.sqlite queries.tsv
 *
 * queries.tsv: "tracuu query<TAB>FTS5 MATCH expression" per line ('#'
 * comments).  Each run of a query is what a user waits for: tracuu parses,
 * compiles, searches with an exact total and the four facets, and builds
 * the snippets of the top 10; FTS5 runs bm25()-ordered MATCH with
 * snippet() for the top 10 plus a count(*) for the total.  Prints
 * p50/p95/p99 in milliseconds over all runs of all queries.
 */
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "tr_db.h"
#include "tr_qparse.h"
#include "tr_schema.h"
#include "tr_snippet.h"
#include "tr_store.h"

static double now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

static int cmpd(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}

static unsigned long tracuu_one(tr_db *db, const char *q)
{
    tr_qast *a = NULL;
    tr_query *x = NULL;
    if (tr_qparse(q, strlen(q), &a, NULL) || tr_qcompile(a, TR_MODE_AUTO, &x, NULL)) {
        tr_qast_free(a);
        return 0;
    }
    static const unsigned facets[4] = {TR_SLOT_PROVINCE, TR_SLOT_YEAR, TR_SLOT_BODY, TR_SLOT_TYPE};
    tr_search_opts so;
    memset(&so, 0, sizeof so);
    so.limit = 10;
    so.exact_total = 1;
    so.facet_slots = facets;
    so.nfacets = 4;
    so.sort = TR_SORT_RELEVANCE_THEN_VALUE;
    so.sort_slot = TR_SLOT_DATE;
    so.sort_descending = 1;
    tr_mset *m = NULL;
    unsigned long total = 0;
    if (tr_db_search(db, x, &so, &m) == 0) {
        total = tr_mset_total(m);
        tr_qword *w = NULL;
        size_t nw = 0;
        tr_qast_words(a, TR_MODE_AUTO, &w, &nw);
        tr_hlword *hw = calloc(nw + 1, sizeof *hw);
        for (size_t i = 0; i < nw; i++)
            hw[i] = (tr_hlword){w[i].key, w[i].folded, w[i].group};
        for (unsigned i = 0; i < tr_mset_size(m); i++) {
            size_t dl;
            const char *d = tr_mset_data(m, i, &dl);
            tr_record rec;
            char *text;
            size_t tl;
            if (d && tr_record_parse(d, dl, &rec) == 0) {
                if (tr_record_text(&rec, &text, &tl) == 0) {
                    tr_snippet sn;
                    if (tr_snippet_best(text, tl, hw, nw, 240, &sn) == 0)
                        tr_snippet_free(&sn);
                    free(text);
                }
                tr_record_free(&rec);
            }
        }
        free(hw);
        tr_qwords_free(w, nw);
    }
    tr_mset_free(m);
    tr_q_free(x);
    tr_qast_free(a);
    return total;
}

static unsigned long fts5_one(sqlite3 *db, sqlite3_stmt *top, sqlite3_stmt *cnt, const char *q)
{
    unsigned long total = 0;
    sqlite3_bind_text(top, 1, q, -1, SQLITE_STATIC);
    while (sqlite3_step(top) == SQLITE_ROW)
        (void)sqlite3_column_text(top, 1);
    sqlite3_reset(top);
    sqlite3_bind_text(cnt, 1, q, -1, SQLITE_STATIC);
    if (sqlite3_step(cnt) == SQLITE_ROW)
        total = (unsigned long)sqlite3_column_int64(cnt, 0);
    sqlite3_reset(cnt);
    (void)db;
    return total;
}

int main(int argc, char **argv)
{
    int runs = 20, i = 1;
    if (argc > 2 && !strcmp(argv[1], "-n")) {
        runs = atoi(argv[2]);
        i = 3;
    }
    if (argc - i != 3) {
        fprintf(stderr, "usage: bench-query [-n RUNS] tracuu|fts5 DB queries.tsv\n");
        return 2;
    }
    int fts = !strcmp(argv[i], "fts5");
    const char *dbpath = argv[i + 1];
    FILE *qf = fopen(argv[i + 2], "r");
    if (!qf) {
        perror(argv[i + 2]);
        return 2;
    }
    tr_db *tdb = NULL;
    sqlite3 *sdb = NULL;
    sqlite3_stmt *top = NULL, *cnt = NULL;
    char *err = NULL;
    if (fts) {
        if (sqlite3_open_v2(dbpath, &sdb, SQLITE_OPEN_READONLY, NULL) ||
            sqlite3_prepare_v2(sdb,
                               "SELECT path, snippet(docs, 1, '[', ']', '…', 24) FROM docs "
                               "WHERE docs MATCH ?1 ORDER BY bm25(docs) LIMIT 10",
                               -1, &top, NULL) ||
            sqlite3_prepare_v2(sdb, "SELECT count(*) FROM docs WHERE docs MATCH ?1", -1, &cnt,
                               NULL)) {
            fprintf(stderr, "bench-query: %s: %s\n", dbpath, sqlite3_errmsg(sdb));
            return 3;
        }
    } else if (tr_db_open_readonly(&dbpath, 1, &tdb, &err)) {
        fprintf(stderr, "bench-query: %s\n", err ? err : dbpath);
        return 3;
    }
    double *t = NULL;
    size_t nt = 0, nq = 0;
    char line[4096];
    while (fgets(line, sizeof line, qf)) {
        line[strcspn(line, "\n")] = 0;
        char *tab = strchr(line, '\t');
        if (line[0] == '#' || !tab)
            continue;
        *tab = 0;
        const char *q = fts ? tab + 1 : line;
        nq++;
        unsigned long total = fts ? fts5_one(sdb, top, cnt, q) : tracuu_one(tdb, q); /* warm-up */
        t = realloc(t, (nt + (size_t)runs) * sizeof *t);
        for (int r = 0; r < runs; r++) {
            double t0 = now_ms();
            if (fts)
                fts5_one(sdb, top, cnt, q);
            else
                tracuu_one(tdb, q);
            t[nt++] = now_ms() - t0;
        }
        if (getenv("BENCH_VERBOSE"))
            fprintf(stderr, "%8lu  %s\n", total, q);
    }
    qsort(t, nt, sizeof *t, cmpd);
    if (!nt) {
        fprintf(stderr, "bench-query: no queries\n");
        return 2;
    }
    printf("%s: %zu queries x %d runs: p50 %.3f ms, p95 %.3f ms, p99 %.3f ms\n",
           fts ? "fts5" : "tracuu", nq, runs, t[nt / 2], t[nt * 95 / 100], t[nt * 99 / 100]);
    free(t);
    if (sdb) {
        sqlite3_finalize(top);
        sqlite3_finalize(cnt);
        sqlite3_close(sdb);
    }
    tr_db_close(tdb);
    return 0;
}

/*
 * bench-query — query latency through the library, warm, for tracuu and
 * for SQLite FTS5 on the same files and the same query mix.
 *
 *   bench-query [-n RUNS] tracuu DBDIR  queries.tsv
 *   bench-query [-n RUNS] fts5   DB.sqlite queries.tsv
 *
 * queries.tsv: "tracuu query<TAB>FTS5 MATCH expression<TAB>stratum" per
 * line, optionally a share measured after it ('#' comments); the stratum
 * is the query's selectivity, the share of
 * documents it matches, as measured on the benchmark's generated corpus:
 * "<1%", "1-10%", "10-50%" or ">50%" (a line without one counts in the
 * overall figures only).  Each run of a query is what a user waits for:
 * tracuu runs tr_search_run as its programs do (parse, compile, search
 * with the total and four facets counted exactly up to the count budget,
 * BENCH_COUNT_BUDGET, 0 for always exact; snippets of the top 10); FTS5 runs bm25()-ordered
 * MATCH with snippet() for the top 10 plus a count(*) for the total.
 * Prints p50/p95/p99 in milliseconds over all runs of all queries, then
 * the same per stratum, because one figure over a mix hides that broad
 * queries (exact counts and facets over most of the corpus) cost far more
 * than selective ones.  BENCH_VERBOSE=1 prints each query's total, share
 * and fastest run on stderr, to find the queries a profile should look
 * at.  A query whose share on this corpus falls outside
 * its stratum is named on stderr: the labels are only as good as the
 * corpus they were measured on.
 */
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "bench.h"
#include "tr_db.h"
#include "tr_search.h"
#include "tr_qparse.h"
#include "tr_schema.h"
#include "tr_snippet.h"
#include "tr_store.h"

typedef struct {
    double *v;
    size_t n;
} times;

static void add_time(times *t, double ms)
{
    if (t->n % 256 == 0)
        t->v = realloc(t->v, (t->n + 256) * sizeof *t->v);
    t->v[t->n++] = ms;
}

static void report(const char *what, const char *label, size_t nq, int runs, times *t)
{
    if (!t->n)
        return;
    qsort(t->v, t->n, sizeof *t->v, cmpd);
    printf("%s%s: %zu queries x %d runs: p50 %.3f ms, p95 %.3f ms, p99 %.3f ms\n", what, label,
           nq, runs, t->v[t->n / 2], t->v[t->n * 95 / 100], t->v[t->n * 99 / 100]);
}

/* One query as a user gets it: tr_search_run, the path tracuu-search and
 * tracuu-web take (parse, compile, search with totals and the four facets
 * counted up to the count budget, snippets of the top 10).
 * BENCH_COUNT_BUDGET sets the budget (0: count everything exactly). */
static unsigned long tracuu_one(tr_db *db, const char *q)
{
    static long budget = -2;
    if (budget == -2) {
        const char *e = getenv("BENCH_COUNT_BUDGET");
        budget = e && *e ? atol(e) : -1;
    }
    tr_search_req req;
    memset(&req, 0, sizeof req);
    req.query = q;
    req.mode = TR_MODE_AUTO;
    req.limit = 10;
    if (budget == 0)
        req.exact_counts = 1;
    else if (budget > 0)
        req.count_budget = (unsigned long)budget;
    tr_result res;
    tr_search_err e;
    if (tr_search_run(db, &req, &res, &e) != TR_SEARCH_OK)
        return 0;
    unsigned long total = res.total;
    tr_result_free(&res);
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
    times all = {0}, by[NSTRATA] = {{0}};
    size_t nq = 0, nqs[NSTRATA] = {0};
    unsigned long ndocs = 0;
    if (fts) {
        sqlite3_stmt *n = NULL;
        if (sqlite3_prepare_v2(sdb, "SELECT count(*) FROM docs", -1, &n, NULL) == 0 &&
            sqlite3_step(n) == SQLITE_ROW)
            ndocs = (unsigned long)sqlite3_column_int64(n, 0);
        sqlite3_finalize(n);
    } else {
        ndocs = tr_db_doccount(tdb);
    }
    char line[4096];
    unsigned lineno = 0;
    while (fgets(line, sizeof line, qf)) {
        lineno++;
        line[strcspn(line, "\n")] = 0;
        char *tab = strchr(line, '\t');
        if (line[0] == '#' || !tab)
            continue;
        *tab = 0;
        char *tab2 = strchr(tab + 1, '\t');
        int st = -1;
        if (tab2) {
            *tab2 = 0;
            tab2[1 + strcspn(tab2 + 1, "\t")] = 0;   /* a fourth column: the share measured */
            st = stratum_of(tab2 + 1);
            if (st < 0) {
                fprintf(stderr, "bench-query: %s:%u: unknown stratum \"%s\" (<1%%, 1-10%%, "
                        "10-50%%, >50%%)\n", argv[i + 2], lineno, tab2 + 1);
                return 2;
            }
        }
        const char *q = fts ? tab + 1 : line;
        nq++;
        if (st >= 0)
            nqs[st]++;
        unsigned long total = fts ? fts5_one(sdb, top, cnt, q) : tracuu_one(tdb, q); /* warm-up */
        double qmin = 0;
        for (int r = 0; r < runs; r++) {
            double t0 = now_ms();
            if (fts)
                fts5_one(sdb, top, cnt, q);
            else
                tracuu_one(tdb, q);
            double ms = now_ms() - t0;
            if (r == 0 || ms < qmin)
                qmin = ms;
            add_time(&all, ms);
            if (st >= 0)
                add_time(&by[st], ms);
        }
        double share = ndocs ? (double)total / (double)ndocs : 0;
        /* FTS5 runs the text part only of a query with fields: its share
         * says nothing of the stratum */
        if (!fts && st >= 0 && ndocs >= 1000 &&
            (share >= strata_hi[st] || (st > 0 && share < strata_hi[st - 1])))
            fprintf(stderr, "bench-query: %s matches %.1f%% of %lu documents, not %s\n", line,
                    100 * share, ndocs, strata[st]);
        if (getenv("BENCH_VERBOSE"))
            fprintf(stderr, "%8lu %6.2f%% %9.1f ms  %s\n", total, 100 * share, qmin, q);
    }
    if (!all.n) {
        fprintf(stderr, "bench-query: no queries\n");
        return 2;
    }
    const char *what = fts ? "fts5" : "tracuu";
    report(what, "", nq, runs, &all);
    for (int k = 0; k < NSTRATA; k++) {
        char label[32];
        snprintf(label, sizeof label, " stratum %s", strata[k]);
        report(what, label, nqs[k], runs, &by[k]);
        free(by[k].v);
    }
    free(all.v);
    if (sdb) {
        sqlite3_finalize(top);
        sqlite3_finalize(cnt);
        sqlite3_close(sdb);
    }
    tr_db_close(tdb);
    return 0;
}

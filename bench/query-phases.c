/*
 * query-phases — where a query's time goes, phase by phase, through the
 * library: the profile behind "what stands between tracuu and its query
 * targets" in docs/benchmarks.md.
 *
 *   query-phases [-n RUNS] DBDIR queries.tsv
 *
 * bench-query times what a user waits for; this times the parts of it
 * separately, each the fastest of RUNS warm runs (default 3), for every
 * query of the mix (the first column of queries.tsv, its third the
 * stratum):
 *
 *   rank      the top 10 of the compiled query as searched (boosts
 *             included), nothing counted — Xapian's ranking pass;
 *   plain     the same top 10 without the boosts (tr_q_unboosted): the
 *             ranking pass of the words alone, so rank - plain is what the
 *             phrase boosts cost;
 *   count     the total alone (no window, no facets);
 *   search    the search as tr_search_run asks it: the window of 10, the
 *             total and the five facets (so search - rank - count is about
 *             what the facets cost), counted from the packed slot
 *             (TR_SLOT_FACETS) when the index has it, from the five slots
 *             with BENCH_FACETS_UNPACKED=1;
 *   whole     tr_search_run as tracuu-search runs it: parsing, the search,
 *             and the window's records and snippets (whole - search).
 *
 * The query is compiled in the automatic mode, marks as typed: a query
 * whose marks find nothing falls back to folded keys in tr_search_run
 * only, so for it whole is far above search (the fallback's search is in
 * whole alone).  Counting is exact, or up to BENCH_COUNT_BUDGET documents
 * when it is set (as in bench-query).  The phases overlap (whole is not their sum), but
 * their sizes say which one to work on.  Prints a line a query, then the
 * median of each phase per stratum.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "bench.h"
#include "tr_db.h"
#include "tr_schema.h"
#include "tr_search.h"

#define NPHASES 5
static const char *const phase_names[NPHASES] = {"rank", "plain", "count", "search", "whole"};

static unsigned long budget(void)
{
    const char *e = getenv("BENCH_COUNT_BUDGET");
    return e && *e ? strtoul(e, NULL, 10) : 0;
}

/* The options tr_search_run uses, with the window and counting asked. */
static void opts(tr_search_opts *o, unsigned limit, int count, int facets)
{
    static const unsigned slots[5] = {TR_SLOT_PROVINCE, TR_SLOT_YEAR, TR_SLOT_BODY,
                                      TR_SLOT_TYPE, TR_SLOT_SIGNED_FOR};
    memset(o, 0, sizeof *o);
    o->limit = limit;
    o->sort = TR_SORT_RELEVANCE_THEN_VALUE;
    o->sort_slot = TR_SLOT_SORTKEY;
    o->sort_descending = 1;
    if (count) {
        o->count_budget = budget();
        o->exact_total = o->count_budget == 0;
    }
    if (facets) {
        o->facet_slots = slots;
        o->nfacets = 5;
        o->facets_packed = !getenv("BENCH_FACETS_UNPACKED");
        o->packed_slot = TR_SLOT_FACETS;
    }
}

/* One run of phase p; -1 on failure. */
static double run(tr_db *db, const char *text, const tr_query *q, const tr_query *plain,
                  int p, unsigned long *total)
{
    tr_search_opts o;
    tr_mset *m = NULL;
    double t0 = now_ms();
    if (p == 4) {
        tr_search_req req;
        memset(&req, 0, sizeof req);
        req.query = text;
        req.mode = TR_MODE_AUTO;
        req.limit = 10;
        req.count_budget = budget();
        req.exact_counts = req.count_budget == 0;
        tr_result res;
        tr_search_err e;
        if (tr_search_run(db, &req, &res, &e) != TR_SEARCH_OK)
            return -1;
        double ms = now_ms() - t0;
        *total = res.total;
        tr_result_free(&res);
        return ms;
    }
    opts(&o, p == 2 ? 0 : 10, p >= 2, p == 3);
    if (tr_db_search(db, p == 1 ? plain : q, &o, &m) != 0)
        return -1;
    double ms = now_ms() - t0;
    tr_mset_free(m);
    return ms;
}

int main(int argc, char **argv)
{
    int runs = 3, i = 1;
    if (argc > 2 && !strcmp(argv[1], "-n")) {
        runs = atoi(argv[2]);
        i = 3;
    }
    if (argc - i != 2 || runs < 1) {
        fprintf(stderr, "usage: query-phases [-n RUNS] DBDIR queries.tsv\n");
        return 2;
    }
    const char *path = argv[i];
    FILE *qf = fopen(argv[i + 1], "r");
    if (!qf) {
        perror(argv[i + 1]);
        return 2;
    }
    tr_db *db = NULL;
    char *err = NULL;
    if (tr_db_open_readonly(&path, 1, &db, &err)) {
        fprintf(stderr, "query-phases: %s\n", err ? err : path);
        return 3;
    }
    unsigned long ndocs = tr_db_doccount(db);
    double *med[NSTRATA][NPHASES] = {{0}};
    size_t nst[NSTRATA] = {0};
    printf("%9s %7s %9s %9s %9s %9s %9s  query\n", "total", "share", "rank", "plain", "count",
           "search", "whole");
    char line[4096];
    while (fgets(line, sizeof line, qf)) {
        line[strcspn(line, "\n")] = 0;
        char *tab = strchr(line, '\t');
        if (line[0] == '#' || !tab)
            continue;
        *tab = 0;
        char *st_s = strchr(tab + 1, '\t');
        int st = -1;
        if (st_s) {
            st_s++;
            st_s[strcspn(st_s, "\t")] = 0;
            st = stratum_of(st_s);
        }
        tr_search_req req;
        memset(&req, 0, sizeof req);
        req.query = line;
        req.mode = TR_MODE_AUTO;
        tr_query *q = NULL;
        tr_search_err e;
        if (tr_search_compile(&req, TR_MODE_AUTO, &q, &e) != TR_SEARCH_OK)
            continue;
        if (!q)
            q = tr_q_match_all();
        tr_query *plain = tr_q_unboosted(q);
        double best[NPHASES];
        unsigned long total = 0;
        for (int p = 0; p < NPHASES; p++) {
            best[p] = -1;
            run(db, line, q, plain, p, &total);     /* warm-up */
            for (int r = 0; r < runs; r++) {
                double ms = run(db, line, q, plain, p, &total);
                if (ms >= 0 && (best[p] < 0 || ms < best[p]))
                    best[p] = ms;
            }
        }
        tr_q_free(q);
        tr_q_free(plain);
        printf("%9lu %6.2f%% %9.1f %9.1f %9.1f %9.1f %9.1f  %s\n", total,
               ndocs ? 100.0 * (double)total / (double)ndocs : 0.0, best[0], best[1], best[2],
               best[3], best[4], line);
        fflush(stdout);
        if (st >= 0) {
            for (int p = 0; p < NPHASES; p++) {
                double *v = realloc(med[st][p], (nst[st] + 1) * sizeof *v);
                if (!v)
                    return 4;
                v[nst[st]] = best[p];
                med[st][p] = v;
            }
            nst[st]++;
        }
    }
    fclose(qf);
    printf("\nmedian ms per stratum (%lu documents%s):\n%-8s %6s", ndocs,
           budget() ? ", count budget set" : ", exact counts", "stratum", "n");
    for (int p = 0; p < NPHASES; p++)
        printf(" %9s", phase_names[p]);
    printf("\n");
    for (int k = 0; k < NSTRATA; k++) {
        if (!nst[k])
            continue;
        printf("%-8s %6zu", strata[k], nst[k]);
        for (int p = 0; p < NPHASES; p++) {
            qsort(med[k][p], nst[k], sizeof(double), cmpd);
            printf(" %9.1f", med[k][p][nst[k] / 2]);
            free(med[k][p]);
        }
        printf("\n");
    }
    tr_db_close(db);
    return 0;
}

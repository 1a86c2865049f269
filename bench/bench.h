/*
 * bench.h — what the query benchmarks (bench-query, query-phases) share:
 * the clock they time with and the selectivity strata of
 * bench/queries.tsv, so that both name and bound them the same way.
 */
#ifndef BENCH_H
#define BENCH_H

#include <string.h>
#include <time.h>

static inline double now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

/* qsort comparison of doubles, ascending. */
static inline int cmpd(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}

/* Selectivity strata: their labels in queries.tsv and the upper bound of
 * the share of documents a query of each matches. */
#define NSTRATA 4
static const char *const strata[NSTRATA] = {"<1%", "1-10%", "10-50%", ">50%"};
static const double strata_hi[NSTRATA] = {0.01, 0.10, 0.50, 1.01};

/* The stratum of a label, or -1. */
static inline int stratum_of(const char *label)
{
    for (int k = 0; k < NSTRATA; k++)
        if (!strcmp(label, strata[k]))
            return k;
    return -1;
}

#endif

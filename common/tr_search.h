/*
 * tr_search — one search, from what a user asked to hits a person can read.
 *
 * Both front ends (tracuu-search and tracuu-web) ask the same questions: a
 * query in tracuu's language, filters by province/year/body/type/citation,
 * a window of the ranking, a sort.  They must get the same answer — same
 * hits, same snippets, same exact totals and facet counts, same fallback
 * to diacritic-insensitive matching — so the whole path from request to
 * result lives here, and the programs only print it.
 *
 * The fallback rule: in mode auto, when the marks as typed match nothing,
 * the search is run again without marks and the result says so
 * (fallback = 1).  Modes exact and fold never fall back: a user who asked
 * for exact matching is told that nothing matches exactly.
 *
 * Snippets are plain text with byte spans for the highlights; each front
 * end styles them (ANSI, «», <mark>) so the JSON spans and the displayed
 * marks can never disagree.
 */
#ifndef TR_SEARCH_H
#define TR_SEARCH_H

#include <stddef.h>

#include "tr_db.h"
#include "tr_qparse.h"
#include "tr_snippet.h"

/* The filter fields, in the order facets and filters are listed. */
enum { TR_F_PROVINCE, TR_F_YEAR, TR_F_BODY, TR_F_TYPE, TR_F_CITES, TR_NFILTERS };
/* Field names as the query language knows them ("province", "year"…). */
extern const char *const tr_filter_names[TR_NFILTERS];

#define TR_FILTER_MAX 64   /* values per field */

typedef struct {
    const char *query;          /* query language; NULL or "" = everything */
    tr_mode mode;
    /* Values of one field are ORed, fields are ANDed.  Years may be
     * "2020" or "2018..2021". */
    const char *filter[TR_NFILTERS][TR_FILTER_MAX];
    size_t nfilter[TR_NFILTERS];
    unsigned offset, limit;
    int sort;                   /* 0 relevance, 1 oldest first, -1 newest */
    /* Counting: a match set of up to count_budget documents (0: the
     * default, TR_COUNT_BUDGET) is counted exactly, total and facets; a
     * larger one is estimated, with bounds, and flagged — counting 900,000
     * matches cannot fit a query's time budget.  exact_counts: always
     * count everything, whatever it costs. */
    int exact_counts;
    unsigned long count_budget;
    /* Snippets: tokenize each hit's whole text rather than the passages
     * the index's positions point to.  The answer is the same (tests
     * check it); only slower. */
    int snippet_scan_all;
} tr_search_req;

#define TR_COUNT_BUDGET 100000

/* Why a request was refused or failed. */
typedef enum {
    TR_SEARCH_OK = 0,
    TR_SEARCH_QUERY = -1,   /* the query: qe says where and why */
    TR_SEARCH_FILTER = -2,  /* a filter value: field, value and qe.msg */
    TR_SEARCH_DB = -3,      /* the database: tr_db_errmsg() */
    TR_SEARCH_NOMEM = -4
} tr_search_status;

typedef struct {
    tr_qerror qe;
    int field;              /* TR_F_… of a bad filter */
    const char *value;      /* the bad filter value (the request's) */
} tr_search_err;

/* One hit. */
typedef struct {
    unsigned rank, docid;
    double score;
    char *path, *title, *number, *type, *body, *province, *date, *year;
    char *signed_for;   /* organ signed for ("T/M Ban Thường vụ"), or NULL */
    char *format;       /* "docx", "pdf"… as read (records before 0.2: NULL) */
    char **cites;       /* numbers cited, each once, in order */
    size_t ncites;
    char *snippet;      /* plain text */
    tr_span *hl;        /* highlights: byte spans into snippet */
    size_t nhl;
} tr_hit;

typedef struct {
    char *value;
    unsigned long count;
} tr_facet_entry;

typedef struct {
    const char *name;       /* "province", "year", "body", "type" */
    tr_facet_entry *v;      /* most frequent first */
    size_t n;
} tr_facet;

typedef struct {
    const char *query;      /* the request's */
    const char *mode;       /* mode used: "auto", "exact", "fold" */
    int fallback;           /* auto mode fell back to folded matching */
    unsigned long total;    /* exact when total_exact, else an estimate */
    int total_exact;        /* 0: the true total lies in [total_lo, total_hi] */
    unsigned long total_lo, total_hi;
    int facets_exact;       /* 0: facet counts are scaled from the documents
                               examined (a total can be exact, from term
                               statistics, while the facets are not) */
    unsigned offset, limit;
    tr_hit *hits;
    size_t nhits;
    tr_facet facets[4];     /* province, year, body, type */
    int by_year;            /* the front end wants by_year in JSON */
    int year_lo, year_hi;   /* years asked for (0: from the data) */
    double elapsed_ms;
    /* Shards left out (opened with allow_partial and down or timed out):
     * the answer is partial.  Names owned by the database handle. */
    const char **missing;
    size_t nmissing;
} tr_result;

/* The query of req (words and filters) compiled in mode: *out is NULL
 * when req asks for everything.  Same return codes as tr_search_run. */
int tr_search_compile(const tr_search_req *req, tr_mode mode, tr_query **out,
                      tr_search_err *err);

/* Runs req.  On success res is filled (free with tr_result_free); on
 * failure res is empty and err/tr_db_errmsg(db) say why. */
int tr_search_run(tr_db *db, const tr_search_req *req, tr_result *res,
                  tr_search_err *err);
void tr_result_free(tr_result *res);

/* The years to chart: the filter's range when one was given, else from
 * the earliest to the latest year with matches (lo = hi = 0 when none).
 * known: matches that have a year. */
void tr_result_years(const tr_result *res, int *lo, int *hi, unsigned long *known);
unsigned long tr_result_year_count(const tr_result *res, int year);

/* Every occurrence of query's words in text[0..len) (a whole document, for
 * the document view), as tr_snippet marks them: *hl malloc'd, in order.
 * Mode auto uses the marks as typed, and the folded words when those find
 * nothing in this text (as the search falls back).  A query that does not
 * parse highlights nothing.  0, or TR_SEARCH_NOMEM. */
int tr_search_highlight(const char *query, tr_mode mode, const char *text, size_t len,
                        tr_span **hl, size_t *nhl);

/* A record's field as a malloc'd string (NULL when absent). */
char *tr_record_field(const char *data, size_t len, const char *key);

#endif

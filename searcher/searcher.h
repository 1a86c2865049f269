/*
 * searcher.h — the parts of tracuu-search, shared between its files.
 *
 *   main.c     options, opening the database, the search and its fallback
 *   hits.c     turning an mset into printable hits (record, snippet)
 *   output.c   human output: hits, facets, --by-year chart
 *   jsonout.c  the --json contract
 *   refs.c     --show, --refs, --top-cited
 *   json.c     JSON string writing
 */
#ifndef TR_SEARCHER_H
#define TR_SEARCHER_H

#include <stddef.h>
#include <stdio.h>

#include "tr_buf.h"
#include "tr_db.h"
#include "tr_qparse.h"
#include "tr_snippet.h"

enum { SX_HITS = 0, SX_NOHITS = 1, SX_USAGE = 2, SX_DBERR = 3 };

/* Output styling. */
typedef struct {
    int color;          /* ANSI on */
    const char *hl_on, *hl_off;
} sx_style;

/* One hit, ready to print. */
typedef struct {
    unsigned rank, docid;
    double score;
    char *path, *title, *number, *type, *body, *province, *date, *year;
    char *format;       /* "docx", "pdf"… as read (records before 0.2: NULL) */
    char **cites;
    size_t ncites;
    char *snippet;       /* rendered with the style's markers */
    char *snippet_plain; /* no markers, for JSON */
    tr_span *hl;         /* highlights relative to snippet_plain */
    size_t nhl;
} sx_hit;

typedef struct {
    char *value;
    unsigned long count;
} sx_facet_entry;

typedef struct {
    const char *name;
    sx_facet_entry *v;
    size_t n;
} sx_facet;

typedef struct {
    const char *query;
    const char *mode;
    int fallback;
    unsigned long total;
    unsigned offset, limit;
    sx_hit *hits;
    size_t nhits;
    sx_facet facets[4];   /* province, year, body, type */
    int by_year;          /* chart / by_year object wanted */
    int year_lo, year_hi; /* range of the chart (0 when from the data) */
    double elapsed_ms;
} sx_result;

/* hits.c: fill res->hits from m.  words/numbers drive the snippets. */
int sx_collect(tr_db *db, tr_mset *m, const tr_qword *words, size_t nwords,
               char (*numbers)[64], size_t nnumbers, const sx_style *st,
               sx_result *res);
void sx_result_free(sx_result *res);
/* A record's field as a malloc'd string (NULL when absent). */
char *sx_record_field(const char *data, size_t len, const char *key);

/* output.c */
void sx_print_human(FILE *f, const sx_result *res, const sx_style *st);
void sx_print_by_year(FILE *f, const sx_result *res, const sx_style *st);
void sx_year_range(const sx_result *res, int *lo, int *hi, unsigned long *known);
unsigned long sx_year_count(const sx_result *res, int y);

/* jsonout.c */
void sx_print_json(FILE *f, const sx_result *res);

/* json.c: append s (len bytes, any bytes) as a JSON string literal;
 * invalid UTF-8 becomes U+FFFD so the output always parses. */
int sx_json_str(tr_buf *b, const char *s, size_t len);
int sx_json_cstr(tr_buf *b, const char *s);   /* NULL -> null */

/* refs.c */
int sx_show(tr_db *db, const char *what, int json, const sx_style *st);
int sx_refs(tr_db *db, const char *number, int json, const sx_style *st);
int sx_top_cited(tr_db *db, const tr_query *q, int json, size_t top);

#endif

/*
 * searcher.h — the parts of tracuu-search, shared between its files.
 *
 *   main.c     options, opening the database, running the request
 *              (common/tr_search.h does the search itself, fallback
 *              included, so tracuu-web answers the same)
 *   output.c   human output: hits, facets, --by-year chart, --show,
 *              --refs, --top-cited (JSON: common/tr_json.h)
 *   interactive.c  the -i prompt: one open database, a query per line,
 *              paging, filters kept between queries (readline)
 */
#ifndef TR_SEARCHER_H
#define TR_SEARCHER_H

#include <stdio.h>

#include "tr_docview.h"
#include "tr_search.h"

enum { SX_HITS = 0, SX_NOHITS = 1, SX_USAGE = 2, SX_DBERR = 3 };

/* Output styling. */
typedef struct {
    int color;          /* ANSI on */
    const char *hl_on, *hl_off;
} sx_style;

void sx_print_human(FILE *f, const tr_result *res, const sx_style *st);
void sx_print_by_year(FILE *f, const tr_result *res, const sx_style *st);
void sx_print_doc(FILE *f, const tr_docinfo *d);
void sx_print_refs(FILE *f, const tr_refs *r);
void sx_print_top(FILE *f, const tr_cited *v, size_t n);
/* Prints s left-aligned in width terminal columns (display width, not
 * bytes: Vietnamese names keep tables aligned). */
void sx_pad(FILE *f, const char *s, size_t width);
/* A field's label in the user's language ("province" -> "tỉnh"); names
 * are the JSON keys, which never change. */
const char *sx_label(const char *name);

/* The interactive lookup (-i): base holds the options given on the command
 * line (filters, mode, limit), kept for every query.  Returns the exit
 * status. */
/* tracuu-search --complete WHAT [TYPED] (for the shell completion
 * scripts): prints one candidate per line, those TYPED begins if given.
 * WHAT: provinces, types or bodies.  Returns the status. */
int sx_complete_list(const char *what, const char *typed);
/* Tab completion for -i (complete.c): the database to complete from, and
 * readline's attempted-completion function. */
void sx_complete_db(tr_db *db);
char **sx_complete(const char *text, int start, int end);

int sx_interactive(tr_db *db, const char *dbpath, const tr_search_req *base,
                   const sx_style *st);

#endif

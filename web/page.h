/*
 * page.h — what the pages of tracuu-web share: the search state carried
 * in the URL, links that change one part of it, and the page frame.
 *
 * All state lives in the URL (q, dau, tinh, nam, coquan, loai, trich, sx,
 * trang), so a search can be bookmarked, shared and reloaded, and the
 * pages need no JavaScript and no session.
 */
#ifndef TR_WEB_PAGE_H
#define TR_WEB_PAGE_H

#include "tr_search.h"
#include "web.h"

#define WB_PAGE_SIZE 20
#define WB_MAX_PAGE 500        /* deeper pages are refused: nobody reads them */
/* "Most cited" under a query reads each match's citations: past this many
 * matches (--top-cited-max, default 20000) a request is asked to narrow its
 * filters instead. */
extern unsigned long wb_top_max_docs;

/* URL parameter names of the filters, by TR_F_…: Vietnamese, as the query
 * language's own field names. */
extern const char *const wb_filter_params[TR_NFILTERS];

typedef struct {
    const char *q;                         /* "" when none */
    tr_mode mode;
    const char *filter[TR_NFILTERS][TR_FILTER_MAX];
    size_t nfilter[TR_NFILTERS];
    int sort;                              /* as tr_search_req */
    unsigned page;                         /* 1-based */
} wb_state;

/* Matches counted exactly before totals and facets are estimated (0: the
 * library's default); set once at start by --count-budget. */
extern unsigned long wb_count_budget;

/* Reads the state from the request's arguments (unknown ones ignored). */
void wb_state_read(const wb_req *r, wb_state *s);
/* The request for tr_search_run (limit/offset from the page). */
void wb_state_req(const wb_state *s, tr_search_req *req);

/* Appends the URL of the search page for s, with changes:
 *   add_field/add_value: one more filter value (field -1: none)
 *   del_field/del_index: one filter value removed (field -1: none)
 *   page: 0 keeps none (page 1), else that page
 *   sort: 2 keeps s->sort, else that sort
 * The result is a path+query, already escaped for a URL; escape it again
 * with wb_html when writing it into an attribute. */
int wb_state_url(tr_buf *b, const wb_state *s, const char *base, int add_field,
                 const char *add_value, int del_field, size_t del_index,
                 unsigned page, int sort);
#define WB_KEEP_SORT 2

/* The page frame: <head>, the header with the search form (carrying s's
 * filters as hidden fields), and the closing tags. */
void wb_page_begin(tr_buf *b, const char *title, const wb_state *s);
void wb_page_end(tr_buf *b);

/* A whole page for an error: status, a title and one line of explanation
 * (plain text, escaped here). */
void wb_page_error(wb_resp *resp, int status, const char *title, const char *msg);

/* A number with thin grouping as Vietnamese writes it: 1.234.567. */
void wb_num(tr_buf *b, unsigned long n);
/* Text with the highlight spans (byte offsets) wrapped in <mark>. */
void wb_marked(tr_buf *b, const char *s, size_t len, const tr_span *hl, size_t nhl);

/* The pages. */
void wb_page_search(const wb_req *r, wb_resp *resp);
void wb_page_doc(const wb_req *r, wb_resp *resp, unsigned docid);
void wb_page_number(const wb_req *r, wb_resp *resp, const char *number);
void wb_page_top(const wb_req *r, wb_resp *resp);
void wb_download(const wb_req *r, wb_resp *resp, unsigned docid);
void wb_api(const wb_req *r, wb_resp *resp, const char *what);
/* Static assets: 1 when path was one (resp filled), else 0. */
int wb_static(const char *path, wb_resp *resp);

/* The year chart of a result as inline SVG: every year from the lowest to
 * the highest (zeros included), each bar a link filtering that year. */
void wb_year_chart(tr_buf *b, const tr_result *res, const wb_state *s);

#endif

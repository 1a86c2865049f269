/*
 * tr_json — tracuu's JSON: strings that always parse, and the one writer
 * of each answer's contract, shared by `tracuu-search --json` and
 * tracuu-web's /api/ so the two can never drift apart.
 *
 * The contracts are documented in tracuu-search(1) and tracuu-web(1).
 * Field order is fixed so diffs of outputs stay readable; unknown values
 * are null, never "".  Every writer appends to b and ends without a
 * newline; 0, or -1 on OOM.
 */
#ifndef TR_JSON_H
#define TR_JSON_H

#include <stddef.h>

#include "tr_buf.h"
#include "tr_docview.h"
#include "tr_search.h"

/* s (len bytes, any bytes) as a JSON string literal: invalid UTF-8 becomes
 * U+FFFD, controls are escaped, and so are <, > and & (as \u003c…) so the
 * output is also safe inside HTML. */
int tr_json_str(tr_buf *b, const char *s, size_t len);
int tr_json_cstr(tr_buf *b, const char *s);     /* NULL -> null */

/* {"query", "mode", "fallback", "total", "total_exact"[, "total_bounds"],
 *  "facets_exact",
 *  "offset", "limit", "hits": […],
 *  "facets": {…}, ["by_year": {…},] "elapsed_ms"} */
int tr_json_result(tr_buf *b, const tr_result *res);
/* {"docid", "path", fields…, "sources": {…}, "cites": [{number, start,
 *  length}…], "text"} */
int tr_json_doc(tr_buf *b, const tr_docinfo *d);
/* {"number", "documents": [{…, "cites": […]}], "cited_by": [{…,
 *  "sentence"}]} */
int tr_json_refs(tr_buf *b, const tr_refs *r);
/* {"top_cited": [{"number", "documents"}…]} */
int tr_json_top(tr_buf *b, const tr_cited *v, size_t n);
/* {"error": msg[, "column": col]}  (col 0: omitted) */
int tr_json_error(tr_buf *b, const char *msg, size_t col);

#endif

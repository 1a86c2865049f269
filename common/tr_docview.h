/*
 * tr_docview — one document and the citation graph around it.
 *
 * The questions "show me this document", "which documents cite 43-CT/TW,
 * and in which sentence" and "what is cited most within these filters"
 * are asked by tracuu-search (--show, --refs, --top-cited) and by
 * tracuu-web (document view, number page, most cited), so the answers are
 * computed here once and only printed by the programs.
 *
 * Citations are stored twice: as XC terms (to find citing documents fast)
 * and as "cite" lines in each record (the number's span and its sentence,
 * to show and link them).
 */
#ifndef TR_DOCVIEW_H
#define TR_DOCVIEW_H

#include <stddef.h>

#include "tr_db.h"

/* The metadata fields a document shows, in display order. */
#define TR_DOC_NFIELDS 12
extern const char *const tr_doc_fields[TR_DOC_NFIELDS];

/* One citation in a document's text: byte spans into the text. */
typedef struct {
    char canon[64];          /* canonical number, "43-CT/TW" */
    size_t start, len;       /* the number as written */
    size_t sent_start, sent_len;   /* its sentence */
} tr_citespan;

typedef struct {
    unsigned docid;
    char *path;
    char *field[TR_DOC_NFIELDS];   /* NULL when unknown */
    char *source[TR_DOC_NFIELDS];  /* where each came from, or NULL */
    char *text;                    /* the stored text, NUL-terminated */
    size_t tlen;
    tr_citespan *cites;            /* in text order */
    size_t ncites;
} tr_docinfo;

/* Resolves a docid ("17"), a document number ("43-CT/TW") or a path to a
 * docid.  0 found, 1 not found, negative tr_db status on error. */
int tr_doc_resolve(tr_db *db, const char *what, unsigned *docid);

/* Loads docid.  0, 1 when there is no such document, -1 when its record is
 * damaged, negative tr_db status on a database error. */
int tr_docinfo_load(tr_db *db, unsigned docid, tr_docinfo *out);
void tr_docinfo_free(tr_docinfo *d);
/* The value of field name ("title", "number"…) or NULL. */
const char *tr_docinfo_get(const tr_docinfo *d, const char *name);

/* A document in a list: what identifies it to a reader. */
typedef struct {
    unsigned docid;
    char *path, *title, *number, *type, *province, *date, *year;
    char **cites;            /* numbers it cites, each once (own docs only) */
    size_t ncites;
    char *sentence;          /* the citing sentence, one line (citers only) */
} tr_docref;

typedef struct {
    char number[96];         /* canonical, with "@scope" when asked */
    tr_docref *own;          /* the documents having that number,
                                by path */
    size_t nown;
    tr_docref *citing;       /* documents citing it, by path */
    size_t nciting;
    size_t nciting_total;    /* all citers, loaded or not */
} tr_refs;

/* Gathers the number's documents and at most max_citing of its citers (in
 * docid order; each costs a record and its text to find the sentence, so a
 * page asks for few and a listing for all: (size_t)-1).  0; 1 when number
 * is not a document number; -2 on OOM; other negatives: database. */
int tr_refs_get(tr_db *db, const char *number, size_t max_citing, tr_refs *out);
void tr_refs_free(tr_refs *r);

typedef struct {
    char *number;
    unsigned long documents;     /* documents citing it */
} tr_cited;

/* The most cited numbers among documents matching q (NULL: the whole
 * index, from term statistics), most cited first, at most top.  Counting
 * under a query reads every matching document's citations, so max_docs
 * (0: no limit) bounds the work: more matches than that returns 2 and
 * nothing (a server must not let one request read a million documents).
 * 0, 2, or a negative status. */
int tr_top_cited(tr_db *db, const tr_query *q, size_t top, unsigned long max_docs,
                 tr_cited **out, size_t *n);
void tr_cited_free(tr_cited *v, size_t n);

#endif

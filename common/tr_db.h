/*
 * tr_db — the C API over Xapian.
 *
 * tr_db.cc is the only C++ in tracuu.  Every Xapian::Error (and every
 * std::exception, including bad_alloc) is caught there and turned into a
 * status code plus a message; nothing ever unwinds into C.
 *
 * Errors: functions return TR_DB_OK (0) or a negative tr_db_status.  The
 * message of the last failure on a handle is tr_db_errmsg(db); open
 * functions, which have no handle yet, hand back a malloc'd message.
 *
 * Ownership: whatever a function returns as `char *` or `tr_* *` is the
 * caller's, to free with free() or the matching tr_*_free().  Pointers
 * returned as `const` stay owned by the object they came from.  Queries
 * are consumed by tr_q_combine()/tr_q_scale(): the subqueries passed in
 * belong to the result afterwards.
 */
#ifndef TR_DB_H
#define TR_DB_H

#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef enum {
    TR_DB_OK = 0,
    TR_DB_ERROR = -1,      /* any other Xapian error: see the message */
    TR_DB_LOCKED = -2,     /* another writer holds the database */
    TR_DB_NOTFOUND = -3,   /* no database at that path (opening read-only) */
    TR_DB_CORRUPT = -4,    /* DatabaseCorruptError / DatabaseVersionError */
    TR_DB_MODIFIED = -5,   /* changed under a reader: tr_db_search has
                              already reopened and retried; other reads
                              should tr_db_reopen() and try again */
    TR_DB_NOMEM = -6,
    TR_DB_INVALID = -7,    /* bad argument (query, slot, docid) */
    TR_DB_SHARD = -8       /* a shard of a sharded database is down, timed
                              out or missing: the message names it */
} tr_db_status;

typedef struct tr_db tr_db;
typedef struct tr_doc tr_doc;
typedef struct tr_query tr_query;
typedef struct tr_mset tr_mset;

/* ---- opening ---------------------------------------------------------- */

#define TR_DB_CREATE    1   /* create if missing, else open */
#define TR_DB_OVERWRITE 2   /* start from an empty database */

/* Opens path for writing.  On failure returns a status and sets *errmsg
 * (malloc'd; caller frees) — TR_DB_LOCKED when another writer has it.
 * A stub (file, or directory with XAPIANDB) opens every shard it lists
 * for writing: local ones, or "remote HOST:PORT" served by
 * xapian-tcpsrv --writable; documents then go to tr_db_shard_of(). */
int tr_db_open_writable(const char *path, int flags, tr_db **out, char **errmsg);

/* Opens one or several databases read-only, searched as one.  A missing
 * database gives TR_DB_NOTFOUND.  Each path may be a database directory
 * or a Xapian stub database: a file, or a directory holding a file named
 * XAPIANDB, listing shards one a line ("auto PATH", "glass PATH",
 * "remote HOST:PORT" served by xapian-tcpsrv, "remote :PROGRAM ARGS"; a
 * relative PATH is relative to the stub).  tr_db reads stubs itself,
 * rather than leaving them to Xapian, so that a failure can name the
 * shard and a shard that is down can be left out (see below).  Same as
 * tr_db_open_readonly_ex with no options. */
int tr_db_open_readonly(const char *const *paths, size_t npaths, tr_db **out,
                        char **errmsg);

typedef struct {
    int allow_partial;            /* a shard that cannot be read is left out
                                     (tr_db_nmissing) instead of failing */
    unsigned timeout_ms;          /* remote shards: longest wait for one
                                     reply (0: Xapian's 10 s) */
    unsigned connect_timeout_ms;  /* remote shards: longest wait to connect
                                     (0: 10 s) */
} tr_db_open_opts;

/* As tr_db_open_readonly, with options (NULL: defaults).  A shard that is
 * down, times out or is missing gives TR_DB_SHARD and a message naming it,
 * unless allow_partial: then it is left out, at open or at any later
 * search, and listed by tr_db_missing().  At least one shard must answer.
 * A shard left out is replaced by an empty one, so the docids of the
 * others do not change; tr_db_reopen() tries the missing ones again. */
int tr_db_open_readonly_ex(const char *const *paths, size_t npaths,
                           const tr_db_open_opts *o, tr_db **out,
                           char **errmsg);

/* Shards searched (1 for a plain database), and those left out. */
size_t tr_db_nshards(const tr_db *db);
size_t tr_db_nmissing(const tr_db *db);
/* Name of missing shard i (its path or HOST:PORT), owned by db. */
const char *tr_db_missing(const tr_db *db, size_t i);

/* Closes the handle and frees it (NULL is a no-op).  For a writer this is
 * Xapian's close: a transaction still open is cancelled (its changes are
 * discarded), changes made outside a transaction are committed, and the
 * write lock is released.  Close cannot report failure, so a writer that
 * cares should end with tr_db_commit_tx()/tr_db_commit() and check it. */
void tr_db_close(tr_db *db);

/* Message of the last failure on db (never NULL; "" when none). */
const char *tr_db_errmsg(const tr_db *db);

/* ---- writing ---------------------------------------------------------- */

int tr_db_begin(tr_db *db);          /* begin a flushed transaction */
int tr_db_commit_tx(tr_db *db);      /* commit it (durable on return) */
int tr_db_cancel_tx(tr_db *db);
int tr_db_commit(tr_db *db);         /* commit outside a transaction */

tr_doc *tr_doc_new(void);            /* NULL on OOM */
void tr_doc_free(tr_doc *d);
/* term with a position (wdf += wdf_inc) */
int tr_doc_add_posting(tr_doc *d, const char *term, size_t len, unsigned pos,
                       unsigned wdf_inc);
/* term without position (wdf += wdf_inc) */
int tr_doc_add_term(tr_doc *d, const char *term, size_t len, unsigned wdf_inc);
/* boolean filter term: no position, wdf 0 */
int tr_doc_add_boolean(tr_doc *d, const char *term);
int tr_doc_set_value(tr_doc *d, unsigned slot, const char *v, size_t len);
int tr_doc_set_data(tr_doc *d, const void *data, size_t len);

/* Adds or replaces the document indexed by unique_term (which d must also
 * carry as a term).  *docid (may be NULL) receives its id. */
int tr_db_replace(tr_db *db, const char *unique_term, const tr_doc *d,
                  unsigned *docid);
/* Deletes every document carrying unique_term (none is not an error). */
int tr_db_delete(tr_db *db, const char *unique_term);

/* Database-wide metadata (schema version, roots…); "" when unset. */
int tr_db_set_metadata(tr_db *db, const char *key, const char *value);
int tr_db_get_metadata(tr_db *db, const char *key, char **value);

/* The shard, of nshards, that unique_term belongs in: a stable hash of
 * the term (64-bit FNV-1a) spread by jump consistent hashing (Lamping and
 * Veach), so that going from N to N+1 shards moves only 1/(N+1) of the
 * documents.  A writer opened on a stub of local (or writable remote)
 * shards puts every document where this says (tr_db_replace). */
unsigned tr_db_shard_of(const char *unique_term, unsigned nshards);

/* Moves every document of a sharded writer whose unique term (the term
 * starting with uid_prefix) belongs in another shard there: after shards
 * were added.  *moved (may be NULL) counts them.  Commits. */
int tr_db_rebalance(tr_db *db, const char *uid_prefix, unsigned long *moved);

/* Merges several databases into a new compacted one at dest. */
int tr_db_compact(const char *const *srcs, size_t n, const char *dest,
                  char **errmsg);

/* ---- reading (any handle) -------------------------------------------- */

/* Makes a reader see the latest commit.  Returns 1 when something changed,
 * 0 when not, or a negative status. */
int tr_db_reopen(tr_db *db);

unsigned long tr_db_doccount(tr_db *db);
unsigned long tr_db_termfreq(tr_db *db, const char *term);   /* 0 on error */

/* The docid carrying unique_term: returns 1 and sets *docid when found,
 * 0 when not, negative on error. */
int tr_db_find(tr_db *db, const char *unique_term, unsigned *docid);

/* Document data / value of docid (malloc'd copy, NUL-terminated too). */
int tr_db_get_data(tr_db *db, unsigned docid, char **data, size_t *len);
/* The positions of term in document docid, as indexed (1-based,
 * ascending): *pos malloc'd, *n of them — none when the term does not
 * index the document or was indexed without positions. */
int tr_db_positions(tr_db *db, unsigned docid, const char *term, unsigned **pos,
                    size_t *n);
/* 1 when one of the databases searched is a remote shard (where each
 * position list is a round trip). */
int tr_db_has_remote(const tr_db *db);
int tr_db_get_value(tr_db *db, unsigned docid, unsigned slot, char **v,
                    size_t *len);

/* Callbacks return 0 to go on, non-zero to stop early. */
typedef int (*tr_term_cb)(const char *term, size_t len, unsigned long freq,
                          void *ctx);
typedef int (*tr_docid_cb)(unsigned docid, void *ctx);

/* Every term of the database starting with prefix, in byte order, with its
 * document frequency. */
int tr_db_allterms(tr_db *db, const char *prefix, tr_term_cb cb, void *ctx);
/* Every term of one document starting with prefix (freq = wdf). */
int tr_db_doc_terms(tr_db *db, unsigned docid, const char *prefix,
                    tr_term_cb cb, void *ctx);
/* Every document carrying term, in docid order. */
int tr_db_postings(tr_db *db, const char *term, tr_docid_cb cb, void *ctx);

/* ---- queries ---------------------------------------------------------- */

typedef enum {
    TR_OP_AND, TR_OP_OR, TR_OP_AND_NOT, TR_OP_FILTER, TR_OP_AND_MAYBE,
    TR_OP_SYNONYM, TR_OP_PHRASE, TR_OP_NEAR
} tr_op;

/* NULL on OOM.  wqf: within-query frequency (1 normally). */
tr_query *tr_q_term(const char *term, size_t len, unsigned wqf);
/* Combines subs[0..n) with op; takes ownership of every sub (also on
 * failure).  param is the window for PHRASE/NEAR (0 = number of subs).
 * PHRASE/NEAR subqueries may be terms or OR/SYNONYM of terms. */
tr_query *tr_q_combine(tr_op op, tr_query **subs, size_t n, unsigned param);
/* Documents whose value in slot lies in [lo, hi] (bytewise).  A NULL bound
 * is open: lo NULL = "<= hi", hi NULL = ">= lo". */
tr_query *tr_q_value_range(unsigned slot, const char *lo, const char *hi);
/* Multiplies the weight of sub (takes ownership). */
tr_query *tr_q_scale(double factor, tr_query *sub);
tr_query *tr_q_match_all(void);
tr_query *tr_q_match_nothing(void);
tr_query *tr_q_clone(const tr_query *q);
/* q without its ranking boosts: every AND_MAYBE replaced by its left side
 * (a copy of q when it has none).  The match set is the same; the weights
 * are those of the plain words.  For measuring what the boosts cost
 * (bench/query-phases); the search itself strips them for counting. */
tr_query *tr_q_unboosted(const tr_query *q);
void tr_q_free(tr_query *q);
/* Xapian's description of q (malloc'd), for --debug and tests. */
char *tr_q_describe(const tr_query *q);

/* ---- searching -------------------------------------------------------- */

#define TR_FACET_SEP '\x1f'    /* between the fields of a packed facet value */

typedef enum {
    TR_SORT_RELEVANCE = 0,         /* BM25 score, ties by docid */
    TR_SORT_RELEVANCE_THEN_VALUE,  /* BM25, ties by value of sort_slot */
    TR_SORT_VALUE                  /* value of sort_slot only */
} tr_sort;

typedef struct {
    unsigned offset, limit;        /* window of the ranking */
    tr_sort sort;
    unsigned sort_slot;
    int sort_descending;           /* for the value part of the sort */
    int exact_total;               /* count the whole match set exactly */
    const unsigned *facet_slots;   /* value-count facets over the match */
    size_t nfacets;                /* set (exact unless count_budget cut) */
    /* With exact_total 0: examine at least this many matches (0: none
     * beyond the window, or every match when there are facets).  A match
     * set within the budget is counted exactly; a larger one gets Xapian's
     * estimate and bounds, and facets counted over the documents seen. */
    unsigned long count_budget;
    /* Facets from one value (0: off).  When every document of the
     * database has a value in packed_slot — the values of facet_slots
     * joined by TR_FACET_SEP, in their order — the facets are counted from
     * it: one value read per matching document instead of nfacets, the
     * same counts.  Otherwise (an index written before it, a shard
     * without it) from facet_slots, as without this. */
    int facets_packed;
    unsigned packed_slot;
    int bm25_set;                  /* use bm25 below, else Xapian defaults */
    double bm25_k1, bm25_k2, bm25_k3, bm25_b, bm25_min_normlen;
    /* Keep each hit's matching terms (tr_mset_matching_terms).  Off by
     * default: Xapian finds them by walking the hit's whole term list, a
     * few per cent of a query locally and a round trip per hit to a
     * remote shard, and nothing in the programs needs them. */
    int matching_terms;
} tr_search_opts;

/* Runs q.  A reader whose database changed underneath is reopened and the
 * search retried (a few times) before TR_DB_MODIFIED is returned. */
int tr_db_search(tr_db *db, const tr_query *q, const tr_search_opts *opts,
                 tr_mset **out);
void tr_mset_free(tr_mset *m);

unsigned tr_mset_size(const tr_mset *m);          /* hits in the window */
unsigned long tr_mset_total(const tr_mset *m);    /* exact when asked */
/* 1 when the total is exact (the whole match set was counted), else 0:
 * then the true total lies in [lo, hi] and tr_mset_total is Xapian's
 * estimate; facets counted only the tr_mset_seen() documents examined. */
int tr_mset_total_exact(const tr_mset *m, unsigned long *lo, unsigned long *hi);
unsigned long tr_mset_seen(const tr_mset *m);
unsigned tr_mset_docid(const tr_mset *m, unsigned i);
double tr_mset_weight(const tr_mset *m, unsigned i);
/* Document data and values of hit i, fetched with the mset (owned by m,
 * valid until tr_mset_free whatever happens to the database).  A slot the
 * document has no value in gives "" (len 0); NULL only for i out of range. */
const char *tr_mset_data(const tr_mset *m, unsigned i, size_t *len);
const char *tr_mset_value(const tr_mset *m, unsigned i, unsigned slot,
                          size_t *len);
/* Query terms that hit i contains, in term order (freq passed as 1);
 * none unless the search asked for them (opts->matching_terms). */
int tr_mset_matching_terms(const tr_mset *m, unsigned i, tr_term_cb cb,
                           void *ctx);

/* Facet k (index into opts->facet_slots): its distinct values, most
 * frequent first (ties by value).  Strings owned by m. */
size_t tr_mset_facet_size(const tr_mset *m, size_t k);
const char *tr_mset_facet_value(const tr_mset *m, size_t k, size_t j,
                                size_t *len, unsigned long *count);

#ifdef __cplusplus
}
#endif
#endif

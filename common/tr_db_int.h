/*
 * tr_db_int.h — what the C++ files behind tr_db.h share: the handle, the
 * query and result types, the exception firewall and the shard helpers.
 * Private to tr_db.cc (opening, writing, reading), tr_db_err.cc (the
 * firewall), tr_db_shard.cc (stubs, shards, placement) and
 * tr_db_search.cc (queries and the match); nothing in C sees it.
 */
#ifndef TR_DB_INT_H
#define TR_DB_INT_H

#include "tr_db.h"

#include <xapian.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <new>
#include <string>
#include <utility>
#include <vector>

const size_t ERRMAX = 1024;

/* How many times a search is retried after DatabaseModifiedError.  A
 * writer would have to commit five times during one search to exhaust it. */
const int MODIFIED_RETRIES = 5;

/* Where a failure happened changes what an opening error means: reading
 * a path that holds no database is "not found", writing there is not. */
enum ctx_kind { CTX_OPERATE, CTX_OPEN_READ, CTX_OPEN_WRITE };

/* A shard of a stub database (docs/scale-out.md). */
enum shard_kind { SHARD_LOCAL, SHARD_TCP, SHARD_PROG };

struct shard_spec {
    std::string name;    /* as the user knows it: path or HOST:PORT */
    shard_kind kind;
    std::string path;    /* local path, or the program */
    std::string host;    /* tcp host, or the program's arguments */
    unsigned port;
    bool from_stub;      /* false: a plain path given by the caller */
};

struct tr_db {
    Xapian::Database *rd;          /* the handle used for reading */
    Xapian::WritableDatabase *wr;  /* same object as rd when writable */
    bool in_tx;
    char err[ERRMAX];
    /* Readers: every database searched, in order (rd combines them; a
     * missing one is a placeholder).  Sharded writers: their shards. */
    std::vector<shard_spec> specs;
    std::vector<Xapian::Database> shards;
    std::vector<Xapian::WritableDatabase> wshards;
    std::vector<size_t> missing;   /* indexes into specs */
    std::chrono::steady_clock::time_point retry_at;  /* of missing shards */
    tr_db_open_opts oo;
};

struct tr_doc {
    Xapian::Document doc;
};

struct tr_query {
    Xapian::Query q;
};

/* One hit of a search, copied out of Xapian. */
struct hit {
    Xapian::docid docid;
    double weight;
    std::string data;
    std::vector<std::pair<Xapian::valueno, std::string>> values; /* by slot */
    std::vector<std::string> terms;
};

typedef std::vector<std::pair<std::string, Xapian::doccount>> facet;

struct tr_mset {
    std::vector<hit> hits;
    unsigned long total, total_lo, total_hi, seen;
    std::vector<facet> facets;
};

/* Entry points that work on a handle share this shape. */
#define DB_TRY(db) \
    if (!(db)) return TR_DB_INVALID; \
    (db)->err[0] = '\0'; \
    try
#define DB_CATCH(db) \
    catch (...) { return trdb_catch((db)->err); }

static inline int invalid(tr_db *db, const char *why)
{
    snprintf(db->err, ERRMAX, "%s", why);
    return TR_DB_INVALID;
}


/* A malloc'd NUL-terminated copy of s (*len: its size, may be NULL);
 * throws std::bad_alloc, which the firewall turns into TR_DB_NOMEM. */
static inline char *dup_bytes(const std::string &s, size_t *len)
{
    char *p = static_cast<char *>(malloc(s.size() + 1));
    if (!p)
        throw std::bad_alloc();
    memcpy(p, s.data(), s.size());
    p[s.size()] = '\0';
    if (len)
        *len = s.size();
    return p;
}

/* tr_db_err.cc.  Called inside a catch block: the exception in flight as
 * a status and a message in buf (after prefix, which may be NULL); ctx
 * says what a "not found" means.  Never throws. */
int trdb_catch(char *buf);
int trdb_catch_status(char *buf, ctx_kind ctx, const char *prefix);
/* The same for functions without a handle: the message, naming path, in
 * *errmsg (malloc'd). */
int trdb_open_failure(ctx_kind ctx, const char *path, char **errmsg);
/* A malloc'd copy of msg, or NULL. */
char *trdb_dup_msg(const char *msg);

/* After a NetworkError while reading: leaves the failing shard out and
 * returns true (try again) when the caller allowed partial answers, else
 * sets the message naming the shard and returns false. */
bool trdb_shard_failed(tr_db *db, const Xapian::NetworkError &e);

/* e's description after prefix, in buf (never throws). */
void trdb_xapian_msg(char *buf, const char *prefix, const Xapian::Error &e);

/* tr_db_shard.cc */
namespace trdb {

/* A reader reopened at every request (the web server) tries shards left
 * out again no more often than this: a shard that hangs would otherwise
 * cost every request a connect timeout. */
const std::chrono::seconds RETRY_MISSING(5);

/* The stub file behind path, if path is a stub (file or directory). */
bool stub_file(const std::string &path, std::string *file);
/* Appends the stub's shards to out; throws Xapian errors naming the line. */
void parse_stub(const std::string &file, std::vector<shard_spec> &out);
/* A path given by the caller, a stub expanded into its shards. */
void expand(const char *path, std::vector<shard_spec> &out);
Xapian::Database open_shard(const shard_spec &s, const tr_db_open_opts &o);
Xapian::WritableDatabase open_shard_writable(const shard_spec &s, int action);
/* Stands in for a shard that is down: empty, keeps the others' docids. */
Xapian::Database placeholder();
/* Rebuilds db->rd from db->shards, in order. */
void combine(tr_db *db);
/* Tries the shards left out again (at most every RETRY_MISSING); true
 * when one came back. */
bool retry_missing(tr_db *db);

} // namespace trdb

#endif

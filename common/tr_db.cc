/*
 * tr_db.cc — the C API over Xapian (see tr_db.h).
 *
 * Why this file exists: Xapian is C++ and reports failure by throwing;
 * tracuu is C, where an exception crossing a C frame is undefined
 * behaviour.  So every entry point here is a complete firewall: the body
 * runs in a try block, and catch_to_status() turns whatever escaped
 * (Xapian::Error, std::bad_alloc, any std::exception, anything else)
 * into a tr_db_status and a message.  Messages live in a fixed buffer in
 * the handle, so reporting an out-of-memory failure cannot itself fail.
 *
 * Shards (docs/scale-out.md): a Xapian stub database listing shards, local
 * or remote (xapian-tcpsrv), is read here rather than by Xapian, so that
 * a shard that is down or slow can be named, or left out on request, and
 * remote timeouts set; writers put each document in the shard its unique
 * term hashes to.  Only what Xapian serialises to a remote server runs in
 * the match (built-in BM25, value sorts, ValueCountMatchSpy).
 *
 * Queries and the match are in tr_db_search.cc; what the two share (the
 * handle, the result types, the firewall) in tr_db_int.h.  They are the
 * only C++ in tracuu: every Xapian type stays behind tr_db.h, and the rest
 * is compiled as plain C.  This half is still long because of the shards
 * (stub parsing, per-shard opening and failure handling); they are the
 * next part to move out.
 */
#include "tr_db.h"
#include "tr_db_int.h"

#include <xapian.h>

#include <algorithm>
#include <chrono>
#include <cerrno>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <memory>
#include <new>
#include <string>
#include <utility>
#include <vector>

#include <sys/stat.h>

namespace {


void set_msg(char *buf, const char *prefix, const char *msg)
{
    snprintf(buf, ERRMAX, "%s%s", prefix ? prefix : "", msg ? msg : "");
}

/* Xapian's get_description() builds a std::string, which could throw
 * while we are already handling an exception; this formats the same text
 * without allocating. */
void xapian_msg(char *buf, const char *prefix, const Xapian::Error &e)
{
    const char *syserr = nullptr;
    try {
        syserr = e.get_error_string();
    } catch (...) {
    }
    const std::string &ctx = e.get_context();
    snprintf(buf, ERRMAX, "%s%s: %s%s%s%s%s%s%s", prefix ? prefix : "",
             e.get_type(), e.get_msg().c_str(), syserr ? " (" : "",
             syserr ? syserr : "", syserr ? ")" : "",
             ctx.empty() ? "" : " [", ctx.c_str(), ctx.empty() ? "" : "]");
}

int xfail(char *buf, const char *prefix, const Xapian::Error &e, int st)
{
    xapian_msg(buf, prefix, e);
    return st;
}

/* Must be called from inside a catch block: rethrows the active exception
 * to classify it (Xapian::Error has no virtual functions, so catch clauses
 * are the only way to tell its subclasses apart).  Never throws itself. */
int catch_to_status(char *buf, ctx_kind ctx, const char *prefix = nullptr)
{
    try {
        throw;
    } catch (const Xapian::NetworkError &e) {
        return xfail(buf, prefix, e, TR_DB_SHARD);
    } catch (const Xapian::DatabaseLockError &) {
        set_msg(buf, prefix, "database is locked by another writer");
        return TR_DB_LOCKED;
    } catch (const Xapian::DatabaseVersionError &e) {
        return xfail(buf, prefix, e, TR_DB_CORRUPT);
    } catch (const Xapian::DatabaseCorruptError &e) {
        return xfail(buf, prefix, e, TR_DB_CORRUPT);
    } catch (const Xapian::DatabaseNotFoundError &e) {
        return xfail(buf, prefix, e,
                     ctx == CTX_OPERATE ? TR_DB_ERROR : TR_DB_NOTFOUND);
    } catch (const Xapian::DatabaseOpeningError &e) {
        return xfail(buf, prefix, e,
                     ctx == CTX_OPEN_READ ? TR_DB_NOTFOUND : TR_DB_ERROR);
    } catch (const Xapian::DatabaseModifiedError &e) {
        return xfail(buf, prefix, e, TR_DB_MODIFIED);
    } catch (const Xapian::DocNotFoundError &e) {
        return xfail(buf, prefix, e, TR_DB_INVALID);
    } catch (const Xapian::InvalidArgumentError &e) {
        return xfail(buf, prefix, e, TR_DB_INVALID);
    } catch (const Xapian::InvalidOperationError &e) {
        return xfail(buf, prefix, e, TR_DB_INVALID);
    } catch (const Xapian::Error &e) {
        return xfail(buf, prefix, e, TR_DB_ERROR);
    } catch (const std::bad_alloc &) {
        set_msg(buf, prefix, "out of memory");
        return TR_DB_NOMEM;
    } catch (const std::exception &e) {
        set_msg(buf, prefix, e.what());
        return TR_DB_ERROR;
    } catch (...) {
        set_msg(buf, prefix, "unknown C++ exception");
        return TR_DB_ERROR;
    }
}

char *dup_msg(const char *msg)
{
    size_t n = strlen(msg) + 1;
    char *p = static_cast<char *>(malloc(n));
    if (p)
        memcpy(p, msg, n);
    return p;
}

/* For functions without a handle (opening, compacting): the message goes
 * to *errmsg, malloc'd, naming the path.  Called inside a catch block. */
int open_failure(ctx_kind ctx, const char *path, char **errmsg)
{
    char buf[ERRMAX], prefix[ERRMAX / 2];
    snprintf(prefix, sizeof prefix, "%s: ", path ? path : "");
    int st = catch_to_status(buf, ctx, prefix);
    if (errmsg)
        *errmsg = dup_msg(buf);
    return st;
}


bool has_prefix(const std::string &s, const std::string &prefix)
{
    return s.compare(0, prefix.size(), prefix) == 0;
}

/* ---- shards ----------------------------------------------------------
 * A sharded index is a Xapian stub database: a file (or a directory's
 * XAPIANDB file) listing shards, local or remote.  Xapian can open stubs
 * itself, but then a remote that is down makes the whole open fail with
 * no way to tell which shard, or to go on without it; so tr_db reads the
 * stub and opens each shard itself, with the caller's timeouts. */


/* Stubs are text; a single-file glass database is a regular file too,
 * but binary. */
bool looks_like_text(const std::string &file)
{
    FILE *f = fopen(file.c_str(), "rb");
    if (!f)
        return true;   /* let parse_stub report why it cannot be read */
    unsigned char buf[256];
    size_t n = fread(buf, 1, sizeof buf, f);
    fclose(f);
    for (size_t i = 0; i < n; i++)
        if (buf[i] == 0 || (buf[i] < 0x20 && buf[i] != '\n' && buf[i] != '\r' &&
                            buf[i] != '\t'))
            return false;
    return true;
}

/* The stub file behind path, if path is a stub (file or directory). */
bool stub_file(const std::string &path, std::string *file)
{
    struct stat st;
    if (stat(path.c_str(), &st) != 0)
        return false;
    if (S_ISREG(st.st_mode)) {
        *file = path;
        return looks_like_text(path);
    }
    if (!S_ISDIR(st.st_mode))
        return false;
    struct stat st2;
    if (stat((path + "/iamglass").c_str(), &st2) == 0 ||
        stat((path + "/iamchert").c_str(), &st2) == 0)
        return false;
    *file = path + "/XAPIANDB";
    return stat(file->c_str(), &st2) == 0;
}

std::string trim(const std::string &s)
{
    size_t b = s.find_first_not_of(" \t\r\n");
    if (b == std::string::npos)
        return std::string();
    size_t e = s.find_last_not_of(" \t\r\n");
    return s.substr(b, e - b + 1);
}

/* Reads the stub's lines into out.  The format is Xapian's own, so that
 * the same file also works with xapian-delve and friends. */
void parse_stub(const std::string &file, std::vector<shard_spec> &out)
{
    FILE *f = fopen(file.c_str(), "r");
    if (!f)
        throw Xapian::DatabaseOpeningError("cannot read stub " + file, errno);
    std::string dir = ".";
    size_t slash = file.rfind('/');
    if (slash != std::string::npos)
        dir = slash ? file.substr(0, slash) : "/";
    char line[4096];
    unsigned lineno = 0;
    size_t before = out.size();
    while (fgets(line, sizeof line, f)) {
        lineno++;
        std::string l = trim(line);
        if (l.empty() || l[0] == '#')
            continue;
        size_t sp = l.find_first_of(" \t");
        std::string type = l.substr(0, sp);
        std::string rest = sp == std::string::npos ? "" : trim(l.substr(sp));
        std::string where = file + ":" + std::to_string(lineno) + ": ";
        shard_spec s;
        s.port = 0;
        s.from_stub = true;
        if (rest.empty()) {
            fclose(f);
            throw Xapian::InvalidArgumentError(where + "'" + type + "' needs an argument");
        }
        if (type == "auto" || type == "glass" || type == "chert" || type == "honey") {
            s.kind = SHARD_LOCAL;
            s.path = rest[0] == '/' ? rest : dir + "/" + rest;
            s.name = s.path;
        } else if (type == "remote" && rest[0] == ':') {
            s.kind = SHARD_PROG;
            size_t a = rest.find_first_of(" \t");
            s.path = rest.substr(1, a == std::string::npos ? a : a - 1);
            s.host = a == std::string::npos ? "" : trim(rest.substr(a));
            s.name = rest;
        } else if (type == "remote") {
            size_t colon = rest.rfind(':');
            char *end = nullptr;
            unsigned long port = colon == std::string::npos ? 0
                : strtoul(rest.c_str() + colon + 1, &end, 10);
            if (port == 0 || port > 65535 || !end || *end || colon == 0) {
                fclose(f);
                throw Xapian::InvalidArgumentError(where + "'remote' wants HOST:PORT, not '" +
                                                   rest + "'");
            }
            s.kind = SHARD_TCP;
            s.host = rest.substr(0, colon);
            if (s.host.size() > 2 && s.host[0] == '[' && s.host.back() == ']')
                s.host = s.host.substr(1, s.host.size() - 2);
            s.port = static_cast<unsigned>(port);
            s.name = rest;
        } else {
            fclose(f);
            throw Xapian::InvalidArgumentError(where + "unknown database type '" + type + "'");
        }
        out.push_back(s);
    }
    fclose(f);
    if (out.size() == before)
        throw Xapian::InvalidArgumentError(file + ": the stub lists no database");
}

/* Paths given by the caller, stubs expanded into their shards. */
void expand(const char *path, std::vector<shard_spec> &out)
{
    std::string file;
    if (stub_file(path, &file)) {
        parse_stub(file, out);
        return;
    }
    shard_spec s;
    s.kind = SHARD_LOCAL;
    s.path = s.name = path;
    s.port = 0;
    s.from_stub = false;
    out.push_back(s);
}

Xapian::Database open_shard(const shard_spec &s, const tr_db_open_opts &o)
{
    unsigned t = o.timeout_ms ? o.timeout_ms : 10000;
    unsigned ct = o.connect_timeout_ms ? o.connect_timeout_ms : 10000;
    switch (s.kind) {
    case SHARD_TCP: return Xapian::Remote::open(s.host, s.port, t, ct);
    case SHARD_PROG: return Xapian::Remote::open(s.path, s.host, t);
    default: return Xapian::Database(s.path);
    }
}

Xapian::WritableDatabase open_shard_writable(const shard_spec &s, int action)
{
    if (s.kind != SHARD_LOCAL && action == Xapian::DB_CREATE_OR_OVERWRITE)
        throw Xapian::InvalidOperationError("a remote shard cannot be started afresh "
                                            "(--rebuild): rebuild it where it lives");
    switch (s.kind) {
    case SHARD_TCP: return Xapian::Remote::open_writable(s.host, s.port, 0, 10000);
    case SHARD_PROG: return Xapian::Remote::open_writable(s.path, s.host, 0);
    default: return Xapian::WritableDatabase(s.path, action);
    }
}

/* Stands in for a shard that is down: empty, so it adds nothing, but it
 * keeps the place so the docids of the other shards stay the same. */
Xapian::Database placeholder()
{
    return Xapian::WritableDatabase(std::string(), Xapian::DB_BACKEND_INMEMORY);
}

/* How Xapian names a remote in an error's context. */
std::string remote_context(const shard_spec &s)
{
    if (s.kind == SHARD_TCP)
        return "remote:tcp(" + s.host + ":" + std::to_string(s.port) + ")";
    if (s.kind == SHARD_PROG)
        return "remote:prog(" + s.path + " " + s.host + ")";
    return std::string();
}

} // namespace

/* The firewall of every entry point (DB_CATCH in tr_db_int.h). */
int trdb_catch(char *buf)
{
    return catch_to_status(buf, CTX_OPERATE);
}

static int need_writer(tr_db *db)
{
    return db->wr ? TR_DB_OK : invalid(db, "database was opened read-only");
}

/* ---- opening ---------------------------------------------------------- */

static tr_db *new_handle()
{
    tr_db *db = new tr_db();    /* value-initialised: pointers are null */
    db->err[0] = '\0';
    return db;
}

static void free_handle(tr_db *db)
{
    if (db)
        delete db->rd;
    delete db;
}

extern "C" int tr_db_open_writable(const char *path, int flags, tr_db **out,
                                   char **errmsg)
{
    tr_db *db = nullptr;
    std::string current;
    if (errmsg)
        *errmsg = nullptr;
    if (!path || !out) {
        if (errmsg)
            *errmsg = dup_msg("tr_db_open_writable: missing argument");
        return TR_DB_INVALID;
    }
    *out = nullptr;
    current = path;
    try {
        int action = Xapian::DB_OPEN;
        if (flags & TR_DB_OVERWRITE)
            action = Xapian::DB_CREATE_OR_OVERWRITE;
        else if (flags & TR_DB_CREATE)
            action = Xapian::DB_CREATE_OR_OPEN;
        db = new_handle();
        std::string stub;
        if (stub_file(path, &stub)) {
            /* Each shard is opened (and locked) on its own, so that
             * tr_db_replace can choose where a document goes; the
             * combined handle serves reads and whole-database writes
             * (transactions, deletes), which Xapian applies to every
             * shard. */
            parse_stub(stub, db->specs);
            db->rd = db->wr = new Xapian::WritableDatabase();
            for (const shard_spec &sp : db->specs) {
                current = sp.name;
                db->wshards.push_back(open_shard_writable(sp, action));
                db->wr->add_database(db->wshards.back());
            }
        } else {
            db->rd = db->wr = new Xapian::WritableDatabase(path, action);
        }
        *out = db;
        return TR_DB_OK;
    } catch (...) {
        free_handle(db);
        return open_failure(CTX_OPEN_WRITE, current.c_str(), errmsg);
    }
}

/* A reader reopened at every request (the web server) tries shards left
 * out again no more often than this: a shard that hangs would otherwise
 * cost every request a connect timeout. */
static const std::chrono::seconds RETRY_MISSING(5);

/* The combined database of db's shards, in order. */
static void combine(tr_db *db)
{
    Xapian::Database *all = new Xapian::Database();
    for (const Xapian::Database &d : db->shards)
        all->add_database(d);
    delete db->rd;
    db->rd = all;
}

static bool is_missing(const tr_db *db, size_t i)
{
    return std::find(db->missing.begin(), db->missing.end(), i) != db->missing.end();
}

/* Leaves shard i out (allow_partial). */
static void drop_shard(tr_db *db, size_t i)
{
    if (is_missing(db, i))
        return;
    db->shards[i] = placeholder();
    db->missing.push_back(i);
    db->retry_at = std::chrono::steady_clock::now() + RETRY_MISSING;
    combine(db);
}

extern "C" int tr_db_open_readonly(const char *const *paths, size_t npaths,
                                   tr_db **out, char **errmsg)
{
    return tr_db_open_readonly_ex(paths, npaths, nullptr, out, errmsg);
}

extern "C" int tr_db_open_readonly_ex(const char *const *paths, size_t npaths,
                                      const tr_db_open_opts *o, tr_db **out,
                                      char **errmsg)
{
    tr_db *db = nullptr;
    std::string current;
    bool shard = false;
    if (errmsg)
        *errmsg = nullptr;
    if (!paths || npaths == 0 || !out) {
        if (errmsg)
            *errmsg = dup_msg("tr_db_open_readonly: no database given");
        return TR_DB_INVALID;
    }
    *out = nullptr;
    try {
        db = new_handle();
        if (o)
            db->oo = *o;
        for (size_t i = 0; i < npaths; i++) {
            current = paths[i] ? paths[i] : "";
            expand(current.c_str(), db->specs);
        }
        for (size_t i = 0; i < db->specs.size(); i++) {
            const shard_spec &sp = db->specs[i];
            current = sp.name;
            shard = sp.from_stub;
            try {
                db->shards.push_back(open_shard(sp, db->oo));
            } catch (const Xapian::Error &) {
                if (!db->oo.allow_partial || !sp.from_stub)
                    throw;
                db->shards.push_back(placeholder());
                db->missing.push_back(i);
                db->retry_at = std::chrono::steady_clock::now() + RETRY_MISSING;
            }
        }
        if (db->missing.size() == db->specs.size()) {
            /* Nothing answered: open the first again for its error. */
            current = db->specs[0].name;
            db->shards[0] = open_shard(db->specs[0], db->oo);
        }
        combine(db);
        *out = db;
        return TR_DB_OK;
    } catch (...) {
        free_handle(db);
        if (!shard)
            return open_failure(CTX_OPEN_READ, current.c_str(), errmsg);
        /* A shard named by a stub: whatever went wrong, the message names
         * it and the status says it is one shard of several. */
        char buf[ERRMAX], prefix[ERRMAX / 2];
        snprintf(prefix, sizeof prefix, "shard %s: ", current.c_str());
        int st = catch_to_status(buf, CTX_OPEN_READ, prefix);
        if (errmsg)
            *errmsg = dup_msg(buf);
        return st == TR_DB_NOMEM ? st : TR_DB_SHARD;
    }
}

extern "C" size_t tr_db_nshards(const tr_db *db)
{
    if (!db)
        return 0;
    if (!db->wshards.empty())
        return db->wshards.size();
    return db->specs.empty() ? 1 : db->specs.size();
}

extern "C" size_t tr_db_nmissing(const tr_db *db)
{
    return db ? db->missing.size() : 0;
}

extern "C" const char *tr_db_missing(const tr_db *db, size_t i)
{
    if (!db || i >= db->missing.size())
        return nullptr;
    return db->specs[db->missing[i]].name.c_str();
}

/* The shard a NetworkError came from: Xapian names the remote in the
 * error's context; failing that, each remote is asked whether it is still
 * there.  -1 when no shard can be blamed. */
static long failed_shard(tr_db *db, const Xapian::NetworkError &e)
{
    const std::string &ctx = e.get_context();
    for (size_t i = 0; i < db->specs.size(); i++)
        if (!is_missing(db, i) && !ctx.empty() && remote_context(db->specs[i]) == ctx)
            return static_cast<long>(i);
    for (size_t i = 0; i < db->specs.size(); i++) {
        if (is_missing(db, i) || db->specs[i].kind == SHARD_LOCAL)
            continue;
        try {
            db->shards[i].keep_alive();
        } catch (const Xapian::Error &) {
            return static_cast<long>(i);
        }
    }
    return -1;
}

/* After a NetworkError while reading: leaves the failing shard out and
 * returns true (try again) when the caller allowed partial answers, else
 * sets the message naming the shard and returns false. */
bool trdb_shard_failed(tr_db *db, const Xapian::NetworkError &e)
{
    long i = failed_shard(db, e);
    if (i < 0)
        return false;
    if (db->oo.allow_partial && db->missing.size() + 1 < db->specs.size()) {
        drop_shard(db, static_cast<size_t>(i));
        return true;
    }
    char prefix[ERRMAX / 2];
    snprintf(prefix, sizeof prefix, "shard %s: ", db->specs[i].name.c_str());
    xapian_msg(db->err, prefix, e);
    return false;
}

extern "C" void tr_db_close(tr_db *db)
{
    if (!db)
        return;
    try {
        if (db->wr && db->in_tx)
            db->wr->cancel_transaction();
    } catch (...) {
    }
    try {
        /* For a writer this commits changes made outside a transaction and
         * releases the lock. */
        db->rd->close();
    } catch (...) {
    }
    free_handle(db);
}

extern "C" const char *tr_db_errmsg(const tr_db *db)
{
    return db ? db->err : "no database handle";
}

/* ---- writing ---------------------------------------------------------- */

extern "C" int tr_db_begin(tr_db *db)
{
    DB_TRY(db) {
        if (int st = need_writer(db)) return st;
        db->wr->begin_transaction(true);
        db->in_tx = true;
        return TR_DB_OK;
    } DB_CATCH(db)
}

extern "C" int tr_db_commit_tx(tr_db *db)
{
    DB_TRY(db) {
        if (int st = need_writer(db)) return st;
        /* Xapian ends the transaction even when the commit throws. */
        db->in_tx = false;
        db->wr->commit_transaction();
        return TR_DB_OK;
    } DB_CATCH(db)
}

extern "C" int tr_db_cancel_tx(tr_db *db)
{
    DB_TRY(db) {
        if (int st = need_writer(db)) return st;
        db->in_tx = false;
        db->wr->cancel_transaction();
        return TR_DB_OK;
    } DB_CATCH(db)
}

extern "C" int tr_db_commit(tr_db *db)
{
    DB_TRY(db) {
        if (int st = need_writer(db)) return st;
        db->wr->commit();
        return TR_DB_OK;
    } DB_CATCH(db)
}

extern "C" tr_doc *tr_doc_new(void)
{
    try {
        return new tr_doc();
    } catch (...) {
        return nullptr;
    }
}

extern "C" void tr_doc_free(tr_doc *d)
{
    try {
        delete d;
    } catch (...) {
    }
}

/* Document building has no handle for a message; the only failures are
 * bad arguments and running out of memory. */
#define DOC_TRY(cond) \
    if (!(cond)) return TR_DB_INVALID; \
    try
#define DOC_CATCH \
    catch (const std::bad_alloc &) { return TR_DB_NOMEM; } \
    catch (...) { return TR_DB_ERROR; }

extern "C" int tr_doc_add_posting(tr_doc *d, const char *term, size_t len,
                                  unsigned pos, unsigned wdf_inc)
{
    DOC_TRY(d && term && len) {
        d->doc.add_posting(std::string(term, len), pos, wdf_inc);
        return TR_DB_OK;
    } DOC_CATCH
}

extern "C" int tr_doc_add_term(tr_doc *d, const char *term, size_t len,
                               unsigned wdf_inc)
{
    DOC_TRY(d && term && len) {
        d->doc.add_term(std::string(term, len), wdf_inc);
        return TR_DB_OK;
    } DOC_CATCH
}

extern "C" int tr_doc_add_boolean(tr_doc *d, const char *term)
{
    DOC_TRY(d && term && *term) {
        d->doc.add_boolean_term(term);
        return TR_DB_OK;
    } DOC_CATCH
}

extern "C" int tr_doc_set_value(tr_doc *d, unsigned slot, const char *v,
                                size_t len)
{
    DOC_TRY(d && slot != Xapian::BAD_VALUENO && (v || len == 0)) {
        d->doc.add_value(slot, v ? std::string(v, len) : std::string());
        return TR_DB_OK;
    } DOC_CATCH
}

extern "C" int tr_doc_set_data(tr_doc *d, const void *data, size_t len)
{
    DOC_TRY(d && (data || len == 0)) {
        d->doc.set_data(data ? std::string(static_cast<const char *>(data), len)
                             : std::string());
        return TR_DB_OK;
    } DOC_CATCH
}

extern "C" int tr_db_replace(tr_db *db, const char *unique_term,
                             const tr_doc *d, unsigned *docid)
{
    DB_TRY(db) {
        if (int st = need_writer(db)) return st;
        if (!unique_term || !*unique_term || !d)
            return invalid(db, "tr_db_replace: missing argument");
        Xapian::docid id;
        size_t n = db->wshards.size();
        if (n > 1) {
            /* The shard is chosen by the unique term, so re-indexing a
             * file always lands where it was; a copy elsewhere (shards
             * listed in another order, added, or a stub edited by hand)
             * is removed, so a document is never in two shards. */
            unsigned i = tr_db_shard_of(unique_term, static_cast<unsigned>(n));
            for (size_t j = 0; j < n; j++)
                if (j != i && db->wshards[j].term_exists(unique_term))
                    db->wshards[j].delete_document(unique_term);
            Xapian::docid sub = db->wshards[i].replace_document(unique_term, d->doc);
            /* Xapian's docid in the combined database: interleaved. */
            id = (sub - 1) * static_cast<Xapian::docid>(n) + i + 1;
        } else {
            id = db->wr->replace_document(unique_term, d->doc);
        }
        if (docid)
            *docid = id;
        return TR_DB_OK;
    } DB_CATCH(db)
}

extern "C" int tr_db_delete(tr_db *db, const char *unique_term)
{
    DB_TRY(db) {
        if (int st = need_writer(db)) return st;
        if (!unique_term || !*unique_term)
            return invalid(db, "tr_db_delete: missing unique term");
        db->wr->delete_document(unique_term);
        return TR_DB_OK;
    } DB_CATCH(db)
}

extern "C" int tr_db_set_metadata(tr_db *db, const char *key,
                                  const char *value)
{
    DB_TRY(db) {
        if (int st = need_writer(db)) return st;
        if (!key || !*key)
            return invalid(db, "metadata key must not be empty");
        if (db->wshards.empty())
            db->wr->set_metadata(key, value ? value : "");
        for (Xapian::WritableDatabase &w : db->wshards)
            w.set_metadata(key, value ? value : "");
        return TR_DB_OK;
    } DB_CATCH(db)
}

extern "C" int tr_db_get_metadata(tr_db *db, const char *key, char **value)
{
    if (value)
        *value = nullptr;
    DB_TRY(db) {
        if (!key || !*key || !value)
            return invalid(db, "tr_db_get_metadata: missing argument");
        *value = dup_bytes(db->rd->get_metadata(key), nullptr);
        return TR_DB_OK;
    } DB_CATCH(db)
}

extern "C" int tr_db_compact(const char *const *srcs, size_t n,
                             const char *dest, char **errmsg)
{
    const char *current = "";
    if (errmsg)
        *errmsg = nullptr;
    if (!srcs || n == 0 || !dest) {
        if (errmsg)
            *errmsg = dup_msg("tr_db_compact: missing argument");
        return TR_DB_INVALID;
    }
    try {
        Xapian::Database all;
        for (size_t i = 0; i < n; i++) {
            current = srcs[i];
            all.add_database(Xapian::Database(srcs[i]));
        }
        current = dest;
        all.compact(dest);
        return TR_DB_OK;
    } catch (...) {
        return open_failure(CTX_OPEN_READ, current, errmsg);
    }
}

extern "C" unsigned tr_db_shard_of(const char *unique_term, unsigned nshards)
{
    if (!unique_term || nshards <= 1)
        return 0;
    uint64_t h = 14695981039346656037ull;   /* FNV-1a, 64 bits */
    for (const unsigned char *p = reinterpret_cast<const unsigned char *>(unique_term);
         *p; p++) {
        h ^= *p;
        h *= 1099511628211ull;
    }
    /* Jump consistent hash: the bucket only ever moves to a new shard as
     * shards are added, never between old ones. */
    int64_t b = -1, j = 0;
    while (j < static_cast<int64_t>(nshards)) {
        b = j;
        h = h * 2862933555777941757ull + 1;
        j = static_cast<int64_t>(static_cast<double>(b + 1) *
                                 (static_cast<double>(1ll << 31) /
                                  static_cast<double>((h >> 33) + 1)));
    }
    return static_cast<unsigned>(b);
}

extern "C" int tr_db_rebalance(tr_db *db, const char *uid_prefix,
                               unsigned long *moved)
{
    if (moved)
        *moved = 0;
    DB_TRY(db) {
        if (int st = need_writer(db)) return st;
        if (!uid_prefix || !*uid_prefix)
            return invalid(db, "tr_db_rebalance: missing prefix");
        size_t n = db->wshards.size();
        if (n < 2)
            return TR_DB_OK;
        /* Listed first, moved after: a shard's term list is not walked
         * while the shard changes. */
        std::vector<std::pair<std::string, size_t>> todo;
        for (size_t j = 0; j < n; j++) {
            Xapian::WritableDatabase &w = db->wshards[j];
            for (Xapian::TermIterator t = w.allterms_begin(uid_prefix);
                 t != w.allterms_end(uid_prefix); ++t)
                if (tr_db_shard_of((*t).c_str(), static_cast<unsigned>(n)) != j)
                    todo.emplace_back(*t, j);
        }
        size_t since = 0;
        for (const auto &m : todo) {
            Xapian::WritableDatabase &from = db->wshards[m.second];
            Xapian::PostingIterator p = from.postlist_begin(m.first);
            if (p == from.postlist_end(m.first))
                continue;
            Xapian::Document doc = from.get_document(*p);
            unsigned to = tr_db_shard_of(m.first.c_str(), static_cast<unsigned>(n));
            db->wshards[to].replace_document(m.first, doc);
            from.delete_document(m.first);
            if (moved)
                (*moved)++;
            if (++since == 1000) {
                db->wr->commit();
                since = 0;
            }
        }
        db->wr->commit();
        return TR_DB_OK;
    } DB_CATCH(db)
}

/* ---- reading ---------------------------------------------------------- */

extern "C" int tr_db_reopen(tr_db *db)
{
    DB_TRY(db) {
        /* Shards left out are tried again: a long-running reader (the web
         * server) gets a shard back once it answers. */
        bool changed = false;
        bool retry = !db->missing.empty() &&
                     std::chrono::steady_clock::now() >= db->retry_at;
        if (retry)
            db->retry_at = std::chrono::steady_clock::now() + RETRY_MISSING;
        for (size_t k = 0; retry && k < db->missing.size();) {
            size_t i = db->missing[k];
            try {
                db->shards[i] = open_shard(db->specs[i], db->oo);
                db->missing.erase(db->missing.begin() + static_cast<long>(k));
                changed = true;
            } catch (const Xapian::Error &) {
                k++;
            }
        }
        if (changed)
            combine(db);
        for (;;) {
            try {
                return db->rd->reopen() || changed ? 1 : 0;
            } catch (const Xapian::NetworkError &e) {
                if (db->wshards.empty() && trdb_shard_failed(db, e)) {
                    changed = true;
                    continue;
                }
                if (db->err[0])
                    return TR_DB_SHARD;
                throw;
            }
        }
    } DB_CATCH(db)
}

extern "C" unsigned long tr_db_doccount(tr_db *db)
{
    if (!db)
        return 0;
    db->err[0] = '\0';
    try {
        return db->rd->get_doccount();
    } catch (...) {
        catch_to_status(db->err, CTX_OPERATE);
        return 0;
    }
}

extern "C" unsigned long tr_db_termfreq(tr_db *db, const char *term)
{
    if (!db || !term)
        return 0;
    db->err[0] = '\0';
    try {
        return db->rd->get_termfreq(term);
    } catch (...) {
        catch_to_status(db->err, CTX_OPERATE);
        return 0;
    }
}

extern "C" int tr_db_find(tr_db *db, const char *unique_term, unsigned *docid)
{
    DB_TRY(db) {
        if (!unique_term || !*unique_term)
            return invalid(db, "tr_db_find: missing unique term");
        Xapian::PostingIterator it = db->rd->postlist_begin(unique_term);
        if (it == db->rd->postlist_end(unique_term))
            return 0;
        if (docid)
            *docid = *it;
        return 1;
    } DB_CATCH(db)
}

extern "C" int tr_db_get_data(tr_db *db, unsigned docid, char **data,
                              size_t *len)
{
    if (data)
        *data = nullptr;
    DB_TRY(db) {
        if (!data || docid == 0)
            return invalid(db, "tr_db_get_data: bad argument");
        *data = dup_bytes(db->rd->get_document(docid).get_data(), len);
        return TR_DB_OK;
    } DB_CATCH(db)
}

extern "C" int tr_db_get_value(tr_db *db, unsigned docid, unsigned slot,
                               char **v, size_t *len)
{
    if (v)
        *v = nullptr;
    DB_TRY(db) {
        if (!v || docid == 0 || slot == Xapian::BAD_VALUENO)
            return invalid(db, "tr_db_get_value: bad argument");
        *v = dup_bytes(db->rd->get_document(docid).get_value(slot), len);
        return TR_DB_OK;
    } DB_CATCH(db)
}

extern "C" int tr_db_allterms(tr_db *db, const char *prefix, tr_term_cb cb,
                              void *ctx)
{
    DB_TRY(db) {
        if (!cb)
            return invalid(db, "tr_db_allterms: no callback");
        std::string p(prefix ? prefix : "");
        for (Xapian::TermIterator it = db->rd->allterms_begin(p);
             it != db->rd->allterms_end(p); ++it) {
            const std::string t = *it;
            if (cb(t.data(), t.size(), it.get_termfreq(), ctx))
                break;
        }
        return TR_DB_OK;
    } DB_CATCH(db)
}

extern "C" int tr_db_doc_terms(tr_db *db, unsigned docid, const char *prefix,
                               tr_term_cb cb, void *ctx)
{
    DB_TRY(db) {
        if (!cb || docid == 0)
            return invalid(db, "tr_db_doc_terms: bad argument");
        std::string p(prefix ? prefix : "");
        Xapian::TermIterator it = db->rd->termlist_begin(docid);
        Xapian::TermIterator end = db->rd->termlist_end(docid);
        if (!p.empty())
            it.skip_to(p);
        for (; it != end; ++it) {
            const std::string t = *it;
            if (!has_prefix(t, p))
                break;
            if (cb(t.data(), t.size(), it.get_wdf(), ctx))
                break;
        }
        return TR_DB_OK;
    } DB_CATCH(db)
}

extern "C" int tr_db_postings(tr_db *db, const char *term, tr_docid_cb cb,
                              void *ctx)
{
    DB_TRY(db) {
        if (!cb || !term || !*term)
            return invalid(db, "tr_db_postings: bad argument");
        for (Xapian::PostingIterator it = db->rd->postlist_begin(term);
             it != db->rd->postlist_end(term); ++it) {
            if (cb(*it, ctx))
                break;
        }
        return TR_DB_OK;
    } DB_CATCH(db)
}


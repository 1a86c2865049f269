/*
 * tr_db_shard.cc — sharded indexes (docs/scale-out.md): reading Xapian
 * stub databases, opening each shard, local or remote, leaving out one
 * that is down when the caller allows it, and placing documents by a
 * stable hash of their unique term.
 *
 * Why tr_db reads stubs itself: Xapian can open a stub, but then a remote
 * that is down makes the whole open fail with no way to tell which shard,
 * or to go on without it, and the remote timeouts cannot be chosen.  Only
 * what Xapian serialises to a remote server runs in the match (built-in
 * BM25, value sorts, ValueCountMatchSpy); everything else is computed on
 * the client from returned data.
 */
#include "tr_db.h"
#include "tr_db_int.h"

#include <xapian.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <utility>
#include <vector>

#include <sys/stat.h>

namespace trdb {
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

/* A reader reopened at every request (the web server) tries shards left
 * out again no more often than this: a shard that hangs would otherwise
 * cost every request a connect timeout. */

/* The combined database of db's shards, in order. */
void combine(tr_db *db)
{
    Xapian::Database *all = new Xapian::Database();
    for (const Xapian::Database &d : db->shards)
        all->add_database(d);
    delete db->rd;
    db->rd = all;
}

bool is_missing(const tr_db *db, size_t i)
{
    return std::find(db->missing.begin(), db->missing.end(), i) != db->missing.end();
}

/* Leaves shard i out (allow_partial). */
void drop_shard(tr_db *db, size_t i)
{
    if (is_missing(db, i))
        return;
    db->shards[i] = placeholder();
    db->missing.push_back(i);
    db->retry_at = std::chrono::steady_clock::now() + RETRY_MISSING;
    combine(db);
}

/* Shards left out are opened again, no more often than RETRY_MISSING;
 * true when one came back (the combined database was rebuilt). */
bool retry_missing(tr_db *db)
{
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
    return changed;
}

/* The shard a NetworkError came from: Xapian names the remote in the
 * error's context; failing that, each remote is asked whether it is still
 * there.  -1 when no shard can be blamed. */
long failed_shard(tr_db *db, const Xapian::NetworkError &e)
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

} // namespace trdb

using namespace trdb;

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
    trdb_xapian_msg(db->err, prefix, e);
    return false;
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
        if (!db->wr)
            return invalid(db, "database was opened read-only");
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

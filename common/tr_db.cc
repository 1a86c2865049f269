/*
 * tr_db.cc — the C API over Xapian (see tr_db.h).
 *
 * Why this file exists: Xapian is C++ and reports failure by throwing;
 * tracuu is C, where an exception crossing a C frame is undefined
 * behaviour.  So every entry point here is a complete firewall: the body
 * runs in a try block, and trdb_catch_status() (tr_db_err.cc) turns whatever escaped
 * (Xapian::Error, std::bad_alloc, any std::exception, anything else)
 * into a tr_db_status and a message.  Messages live in a fixed buffer in
 * the handle, so reporting an out-of-memory failure cannot itself fail.
 *
 * Shards (stubs, per-shard opening and failures, placement) are in
 * tr_db_shard.cc, queries and the match in tr_db_search.cc; what the
 * three share (the handle, the result types, the firewall) in
 * tr_db_int.h.  They are the only C++ in tracuu: every Xapian type stays
 * behind tr_db.h, and the rest is compiled as plain C.
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

using namespace trdb;

namespace {

bool has_prefix(const std::string &s, const std::string &prefix)
{
    return s.compare(0, prefix.size(), prefix) == 0;
}

} // namespace

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
            *errmsg = trdb_dup_msg("tr_db_open_writable: missing argument");
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
        return trdb_open_failure(CTX_OPEN_WRITE, current.c_str(), errmsg);
    }
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
            *errmsg = trdb_dup_msg("tr_db_open_readonly: no database given");
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
            return trdb_open_failure(CTX_OPEN_READ, current.c_str(), errmsg);
        /* A shard named by a stub: whatever went wrong, the message names
         * it and the status says it is one shard of several. */
        char buf[ERRMAX], prefix[ERRMAX / 2];
        snprintf(prefix, sizeof prefix, "shard %s: ", current.c_str());
        int st = trdb_catch_status(buf, CTX_OPEN_READ, prefix);
        if (errmsg)
            *errmsg = trdb_dup_msg(buf);
        return st == TR_DB_NOMEM ? st : TR_DB_SHARD;
    }
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
            *errmsg = trdb_dup_msg("tr_db_compact: missing argument");
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
        return trdb_open_failure(CTX_OPEN_READ, current, errmsg);
    }
}

/* ---- reading ---------------------------------------------------------- */

extern "C" int tr_db_reopen(tr_db *db)
{
    DB_TRY(db) {
        /* Shards left out are tried again: a long-running reader (the web
         * server) gets a shard back once it answers. */
        bool changed = trdb::retry_missing(db);
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
        trdb_catch_status(db->err, CTX_OPERATE, nullptr);
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
        trdb_catch_status(db->err, CTX_OPERATE, nullptr);
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

extern "C" int tr_db_positions(tr_db *db, unsigned docid, const char *term,
                               unsigned **pos, size_t *n)
{
    if (pos)
        *pos = nullptr;
    if (n)
        *n = 0;
    DB_TRY(db) {
        if (!pos || !n || !term || docid == 0)
            return invalid(db, "tr_db_positions: bad argument");
        std::vector<unsigned> v;
        for (Xapian::PositionIterator p = db->rd->positionlist_begin(docid, term);
             p != db->rd->positionlist_end(docid, term); ++p)
            v.push_back(*p);
        if (v.empty())
            return TR_DB_OK;
        *pos = static_cast<unsigned *>(malloc(v.size() * sizeof **pos));
        if (!*pos)
            throw std::bad_alloc();
        memcpy(*pos, v.data(), v.size() * sizeof **pos);
        *n = v.size();
        return TR_DB_OK;
    } DB_CATCH(db)
}

extern "C" int tr_db_has_remote(const tr_db *db)
{
    if (!db)
        return 0;
    for (const shard_spec &s : db->specs)
        if (s.kind != SHARD_LOCAL)
            return 1;
    return 0;
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


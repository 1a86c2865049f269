/*
 * tr_db_err.cc — the exception firewall of tr_db: whatever a Xapian call
 * throws becomes a tr_db_status and a message.
 *
 * Why it is its own file: every C++ file behind tr_db.h (opening and
 * writing, shards, searching) catches the same way, and none of them
 * should depend on another for it.  Xapian::Error has no virtual
 * functions, so only catch clauses can tell its subclasses apart; the
 * messages are formatted into the handle's fixed buffer without
 * allocating, so that reporting an out-of-memory failure cannot fail.
 */
#include "tr_db.h"
#include "tr_db_int.h"

#include <xapian.h>

#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <new>
#include <string>

namespace {

void set_msg(char *buf, const char *prefix, const char *msg)
{
    snprintf(buf, ERRMAX, "%s%s", prefix ? prefix : "", msg ? msg : "");
}

} // namespace

/* Xapian's get_description() builds a std::string, which could throw
 * while we are already handling an exception; this formats the same text
 * without allocating. */
void trdb_xapian_msg(char *buf, const char *prefix, const Xapian::Error &e)
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

namespace {

int xfail(char *buf, const char *prefix, const Xapian::Error &e, int st)
{
    trdb_xapian_msg(buf, prefix, e);
    return st;
}

} // namespace

/* Must be called from inside a catch block: rethrows the active exception
 * to classify it (Xapian::Error has no virtual functions, so catch clauses
 * are the only way to tell its subclasses apart).  Never throws itself. */
int trdb_catch_status(char *buf, ctx_kind ctx, const char *prefix)
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

char *trdb_dup_msg(const char *msg)
{
    size_t n = strlen(msg) + 1;
    char *p = static_cast<char *>(malloc(n));
    if (p)
        memcpy(p, msg, n);
    return p;
}

/* For functions without a handle (opening, compacting): the message goes
 * to *errmsg, malloc'd, naming the path.  Called inside a catch block. */
int trdb_open_failure(ctx_kind ctx, const char *path, char **errmsg)
{
    char buf[ERRMAX], prefix[ERRMAX / 2];
    snprintf(prefix, sizeof prefix, "%s: ", path ? path : "");
    int st = trdb_catch_status(buf, ctx, prefix);
    if (errmsg)
        *errmsg = trdb_dup_msg(buf);
    return st;
}

/* The firewall of every entry point (DB_CATCH in tr_db_int.h). */
int trdb_catch(char *buf)
{
    return trdb_catch_status(buf, CTX_OPERATE, nullptr);
}

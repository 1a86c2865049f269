/*
 * web.h — the parts of tracuu-web, shared between its files.
 *
 *   main.c     options, --add-user, start-up warnings, signals
 *   server.c   libmicrohttpd: thread pool, limits and timeouts, security
 *              headers, Basic auth, TLS, one reader per worker thread
 *              (reopened to the latest commit before every request),
 *              dispatch to wb_handle()
 *   qs.c       query-string decoding (fuzzed: fuzz/fuzz_qs.c)
 *   escape.c   escaping for HTML text and attributes, URLs
 *   auth.c     the --users file and crypt_r
 *   route.c    what each path answers: pages, /api/, /tai/ (download),
 *              /static/
 *   page_*.c   the server-rendered pages
 *   api.c      the JSON API (the writers are common/tr_json.h's, shared
 *              with tracuu-search --json)
 *
 * Why the split at wb_handle(): everything about HTTP (sockets, limits,
 * auth, headers) stays in server.c, and the pages can be tested by
 * calling wb_handle() with a hand-made request, no socket involved.
 */
#ifndef TR_WEB_H
#define TR_WEB_H

#include <stddef.h>
#include <sys/types.h>

#include "tr_buf.h"
#include "tr_db.h"

/* One decoded key=value of the query string; repeats are kept in order
 * (tinh=A&tinh=B means "A or B").  (Named wb_kv, not wb_arg: C puts
 * typedefs and functions in one namespace, and wb_arg() is the getter.) */
typedef struct {
    char *key, *value;
} wb_kv;

typedef struct {
    const char *method;     /* "GET" or "HEAD" (others never reach wb_handle) */
    const char *path;       /* as received, still percent-encoded, no query */
    const wb_kv *args;       /* decoded query string */
    size_t nargs;
    const char *user;       /* the authenticated user, or NULL */
    tr_db *db;              /* this worker's reader, at the latest commit */
} wb_req;

typedef struct {
    int status;             /* 200, 400, 404, 500… */
    const char *ctype;      /* static string: "text/html; charset=utf-8"… */
    tr_buf body;
    int fd;                 /* >= 0: send this file instead of body; the
                               server closes it */
    off_t fd_size;
    char *disposition;      /* Content-Disposition (malloc'd) or NULL */
    int cacheable;          /* static assets: may be cached for a day */
} wb_resp;

/* route.c: answers one request.  Never fails: an error becomes a page or
 * a JSON error with the right status.  resp arrives zeroed with fd = -1. */
void wb_handle(const wb_req *req, wb_resp *resp);

/* qs.c: decodes "a=1&b=%C3%A1+x" into args (malloc'd; free with
 * wb_args_free).  '+' is a space; invalid %-escapes are kept as typed;
 * keys and values with NUL bytes are dropped; at most max_args pairs.
 * 0, or -1 on OOM. */
int wb_qs_parse(const char *qs, size_t len, size_t max_args, wb_kv **args,
                size_t *nargs);
void wb_args_free(wb_kv *args, size_t nargs);
/* Percent-decodes s[0..len) into a malloc'd string; NULL when the result
 * would hold a NUL byte or on OOM. */
char *wb_pct_decode(const char *s, size_t len);
/* The first value of key, or NULL. */
const char *wb_arg(const wb_req *r, const char *key);

/* escape.c: append s escaped for HTML text and quoted attributes (& < > "
 * ' escaped; invalid UTF-8 and C0 controls other than \n \t become U+FFFD),
 * or percent-encoded as a URL component (RFC 3986 unreserved kept). */
int wb_html(tr_buf *b, const char *s, size_t len);
int wb_htmls(tr_buf *b, const char *s);    /* NULL appends nothing */
int wb_url(tr_buf *b, const char *s, size_t len);
int wb_urls(tr_buf *b, const char *s);

/* ---- the server side (main.c, server.c, auth.c); not for the pages --- */

#include <sys/socket.h>

/* auth.c: the --users file, "user:crypt-hash" lines. */
typedef struct wb_users wb_users;
/* 0, or -1 with a one-line "FILE:LINE: problem" in err. */
int wb_users_load(const char *path, wb_users **out, char *err, size_t errlen);
void wb_users_free(wb_users *u);
/* 1 when user and password match an entry, else 0 (also on OOM).  An
 * unknown user costs one hash like a known one. */
int wb_users_check(const wb_users *u, const char *user, const char *pass);
/* --add-user: writes or replaces NAME's line with a fresh yescrypt hash,
 * atomically, mode 0600.  0, or -1 with a one-line message in err. */
int wb_users_add(const char *path, const char *name, const char *pass, char *err,
                 size_t errlen);

/* server.c */
typedef struct {
    const char *db;                  /* the database path */
    struct sockaddr_storage addr;    /* where to listen */
    socklen_t addrlen;
    unsigned threads;                /* MHD worker threads */
    unsigned max_conns, per_ip;      /* connection caps */
    unsigned timeout;                /* seconds of inactivity */
    const char *tls_cert, *tls_key;  /* PEM text, or NULL for plain HTTP */
    const wb_users *users;           /* NULL: no authentication */
    const char *cors;                /* Access-Control-Allow-Origin for /api/ */
    int quiet;                       /* no access log */
    tr_db_open_opts oo;              /* shards: --allow-partial, --shard-timeout */
} wb_config;

#define WB_MAX_URL 4096              /* longer request targets: 414 */
#define WB_MAX_ARGS 64               /* more query pairs: 400 */

/* Listens, serves until SIGTERM or SIGINT, stops.  Returns the exit code
 * (0 clean, 1 cannot listen or start).  SIGTERM and SIGINT must be
 * blocked in every thread before the call (main does it first thing). */
int wb_serve(const wb_config *cfg);

#endif

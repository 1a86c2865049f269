/*
 * server.c — everything about HTTP, on libmicrohttpd.
 *
 * MHD runs its own threads (a pool of --threads epoll loops sharing the
 * listening socket) for the sockets only.  A request that needs the index
 * is handed to a pool of --threads search workers: its connection is
 * suspended (MHD_suspend_connection), a worker answers it, and resumes the
 * connection, whose handler then queues the answer.  Why not search in
 * the socket threads: a search takes tens of milliseconds, and while one
 * runs, every other connection of that thread waits unread — under load
 * the wait passed the inactivity timeout and MHD closed connections whose
 * request was merely queued (seen with 50 clients on 2 cores).  A
 * suspended connection does not time out, the socket threads stay free to
 * read and write, and one queue feeds the workers fairly.
 * Each worker keeps its own tr_db reader in thread-specific data: Xapian
 * readers are not shared between threads, and one per thread needs no
 * lock.  Before every request the reader is reopened to the latest commit
 * (a cheap check of the revision when nothing changed), so an answer never
 * lags an indexer run; a reader that cannot be reopened is thrown away and
 * opened from scratch, and when even that fails the request gets a 503.
 *
 * Hostile clients are bounded by MHD's limits (total and per-IP
 * connection caps, an inactivity timeout, a per-connection memory pool
 * that bounds the request line and headers) and by checks here: only GET
 * and HEAD, request targets up to WB_MAX_URL bytes, at most WB_MAX_ARGS
 * query pairs.  The raw request target is taken from MHD's URI-log hook,
 * before MHD decodes it, so the pages get the path still percent-encoded
 * and the query string decoded by our own wb_qs_parse (fuzzed), not by
 * MHD's rules.
 *
 * Every response gets the same security headers; /api/ gets CORS headers
 * only when --cors names an origin.  The access log is one write(2) per
 * request so lines from different threads never interleave.
 */
#include "config.h"
#include "web.h"

#include <errno.h>
#include <microhttpd.h>
#include <netdb.h>
#include <netinet/in.h>
#include <pthread.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#define CSP "default-src 'none'; style-src 'self'; script-src 'self'; img-src 'self' data:; " \
            "form-action 'self'; frame-ancestors 'none'; base-uri 'none'"
#define MEMORY_LIMIT ((size_t)32 * 1024)

static const wb_config *g;
static pthread_key_t db_key;

typedef struct job job;

/* One per request: made by the URI-log hook, freed when MHD is done. */
typedef struct {
    char *uri;                /* the request target as received */
    struct timespec t0;
    int seen;                 /* the handler ran once (headers only) */
    int answered;
    job *job;                 /* handed to a worker, connection suspended */
} rq;

/* A request for a search worker, and its answer. */
struct job {
    struct MHD_Connection *c;
    char *path, *user;
    wb_kv *args;
    size_t nargs;
    int head;
    int no_db;                /* the index could not be opened: 503 */
    wb_resp resp;
    job *next;
};

/* The workers' queue. */
static pthread_mutex_t q_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t q_cond = PTHREAD_COND_INITIALIZER;
static job *q_head, *q_tail;
static int q_stop;
static pthread_t *workers;
static unsigned nworkers;

static void job_free(job *j)
{
    if (!j)
        return;
    wb_args_free(j->args, j->nargs);
    free(j->path);
    free(j->user);
    if (j->resp.fd >= 0)
        close(j->resp.fd);
    tr_buf_free(&j->resp.body);
    free(j->resp.disposition);
    free(j);
}

static void *on_uri(void *cls, const char *uri, struct MHD_Connection *c)
{
    (void)cls;
    (void)c;
    rq *r = calloc(1, sizeof *r);
    if (r) {
        clock_gettime(CLOCK_MONOTONIC, &r->t0);
        r->uri = strdup(uri);
    }
    return r;
}

static void on_done(void *cls, struct MHD_Connection *c, void **req_cls,
                    enum MHD_RequestTerminationCode toe)
{
    (void)cls;
    (void)c;
    (void)toe;
    rq *r = *req_cls;
    if (r) {
        job_free(r->job);
        free(r->uri);
        free(r);
        *req_cls = NULL;
    }
}

/* MHD's own errors: one line each on stderr. */
static void on_mhd_log(void *cls, const char *fmt, va_list ap)
{
    (void)cls;
    char msg[512];
    int n = snprintf(msg, sizeof msg, "tracuu-web: ");
    vsnprintf(msg + n, sizeof msg - (size_t)n - 1, fmt, ap);
    size_t len = strlen(msg);
    while (len > (size_t)n && (msg[len - 1] == '\n' || msg[len - 1] == ' '))
        len--;
    for (size_t i = 0; i < len; i++)
        if (msg[i] == '\n')
            msg[i] = ' ';
    msg[len++] = '\n';
    ssize_t w = write(2, msg, len);
    (void)w;
}

static void db_destroy(void *p)
{
    tr_db_close(p);
}

/* This thread's reader at the latest commit, or NULL (logged). */
static tr_db *thread_db(void)
{
    tr_db *db = pthread_getspecific(db_key);
    if (db) {
        if (tr_db_reopen(db) >= 0)
            return db;
        tr_db_close(db);
        pthread_setspecific(db_key, NULL);
        db = NULL;
    }
    const char *paths[1] = {g->db};
    char *msg = NULL;
    if (tr_db_open_readonly_ex(paths, 1, &g->oo, &db, &msg) != 0) {
        char line[1024];
        int n = snprintf(line, sizeof line, "tracuu-web: %s: cannot open the index: %s\n",
                         g->db, msg ? msg : "unknown error");
        ssize_t w = write(2, line, n < (int)sizeof line ? (size_t)n : sizeof line - 1);
        (void)w;
        free(msg);
        return NULL;
    }
    pthread_setspecific(db_key, db);
    return db;
}

static void *worker(void *arg)
{
    (void)arg;
    for (;;) {
        pthread_mutex_lock(&q_lock);
        while (!q_head && !q_stop)
            pthread_cond_wait(&q_cond, &q_lock);
        job *j = q_head;
        if (j) {
            q_head = j->next;
            if (!q_head)
                q_tail = NULL;
        }
        pthread_mutex_unlock(&q_lock);
        if (!j)
            return NULL;   /* stopping, and the queue is drained */
        tr_db *db = thread_db();
        if (db) {
            wb_req req = {j->head ? "HEAD" : "GET", j->path, j->args, j->nargs, j->user, db};
            wb_handle(&req, &j->resp);
        } else {
            j->no_db = 1;
        }
        MHD_resume_connection(j->c);
    }
}

static void enqueue(job *j)
{
    pthread_mutex_lock(&q_lock);
    if (q_tail)
        q_tail->next = j;
    else
        q_head = j;
    q_tail = j;
    pthread_cond_signal(&q_cond);
    pthread_mutex_unlock(&q_lock);
}

static int start_workers(unsigned n)
{
    workers = calloc(n, sizeof *workers);
    if (!workers)
        return -1;
    for (nworkers = 0; nworkers < n; nworkers++)
        if (pthread_create(&workers[nworkers], NULL, worker, NULL))
            return nworkers ? 0 : -1;
    return 0;
}

/* Lets the workers finish what is queued (resuming those connections), then
 * joins them: MHD must not be stopped with connections suspended. */
static void stop_workers(void)
{
    pthread_mutex_lock(&q_lock);
    q_stop = 1;
    pthread_cond_broadcast(&q_cond);
    pthread_mutex_unlock(&q_lock);
    for (unsigned i = 0; i < nworkers; i++)
        pthread_join(workers[i], NULL);
    free(workers);
}

static void add_headers(struct MHD_Response *mr, const char *path, int cacheable)
{
    MHD_add_response_header(mr, "Content-Security-Policy", CSP);
    MHD_add_response_header(mr, "X-Content-Type-Options", "nosniff");
    MHD_add_response_header(mr, "Referrer-Policy", "same-origin");
    MHD_add_response_header(mr, "X-Frame-Options", "DENY");
    MHD_add_response_header(mr, "Cache-Control",
                            cacheable ? "public, max-age=86400" : "no-store");
    if (g->cors && path && strncmp(path, "/api/", 5) == 0) {
        MHD_add_response_header(mr, "Access-Control-Allow-Origin", g->cors);
        MHD_add_response_header(mr, "Vary", "Origin");
    }
}

static void access_log(struct MHD_Connection *c, const rq *r, const char *method,
                       int status, unsigned long long bytes, const char *user)
{
    if (g->quiet)
        return;
    struct timespec t1;
    clock_gettime(CLOCK_MONOTONIC, &t1);
    double ms = r ? (double)(t1.tv_sec - r->t0.tv_sec) * 1e3 +
                        (double)(t1.tv_nsec - r->t0.tv_nsec) / 1e6
                  : 0;
    char host[NI_MAXHOST] = "-";
    const union MHD_ConnectionInfo *ci =
        MHD_get_connection_info(c, MHD_CONNECTION_INFO_CLIENT_ADDRESS);
    if (ci && ci->client_addr) {
        socklen_t sl = ci->client_addr->sa_family == AF_INET6 ? sizeof(struct sockaddr_in6)
                                                               : sizeof(struct sockaddr_in);
        if (getnameinfo(ci->client_addr, sl, host, sizeof host, NULL, 0, NI_NUMERICHOST))
            strcpy(host, "-");
    }
    time_t now = time(NULL);
    struct tm tm;
    char when[64];
    localtime_r(&now, &tm);
    strftime(when, sizeof when, "%d/%b/%Y:%H:%M:%S %z", &tm);
    /* the target as sent, with bytes that would break the line escaped */
    char target[2100];
    size_t t = 0;
    const char *u = r && r->uri ? r->uri : "-";
    for (; *u && t < sizeof target - 8; u++) {
        unsigned char ch = (unsigned char)*u;
        if (ch <= ' ' || ch == '"' || ch >= 0x7f || ch == '\\')
            t += (size_t)snprintf(target + t, 4, "%%%02X", ch);
        else
            target[t++] = (char)ch;
    }
    if (*u)
        t += (size_t)snprintf(target + t, 8, "...");
    target[t] = '\0';
    char line[2400];
    int n = snprintf(line, sizeof line, "%s - %s [%s] \"%s %s\" %d %llu %.1fms\n", host,
                     user && *user ? user : "-", when, method, target, status, bytes, ms);
    if (n > 0) {
        ssize_t w = write(2, line, n < (int)sizeof line ? (size_t)n : sizeof line - 1);
        (void)w;
    }
}

/* A short text/plain answer of our own (errors, 401, 405). */
static enum MHD_Result simple(struct MHD_Connection *c, rq *r, const char *method,
                              int status, const char *msg, const char *hname,
                              const char *hvalue)
{
    struct MHD_Response *mr =
        MHD_create_response_from_buffer(strlen(msg), (void *)msg, MHD_RESPMEM_PERSISTENT);
    if (!mr)
        return MHD_NO;
    add_headers(mr, NULL, 0);
    MHD_add_response_header(mr, "Content-Type", "text/plain; charset=utf-8");
    if (hname)
        MHD_add_response_header(mr, hname, hvalue);
    enum MHD_Result res = MHD_queue_response(c, (unsigned)status, mr);
    MHD_destroy_response(mr);
    if (r)
        r->answered = 1;
    access_log(c, r, method, status, strlen(msg), NULL);
    return res;
}

/* The resumed connection's answer, from what its worker made. */
static enum MHD_Result answer(struct MHD_Connection *c, rq *r, const char *method)
{
    job *j = r->job;
    r->job = NULL;
    if (j->no_db) {
        job_free(j);
        return simple(c, r, method, 503, "503 the index cannot be opened just now; "
                      "try again in a moment\n", NULL, NULL);
    }
    wb_resp *resp = &j->resp;
    int status = resp->status ? resp->status : 500;
    struct MHD_Response *mr;
    unsigned long long bytes;
    if (resp->fd >= 0) {
        bytes = (unsigned long long)resp->fd_size;
        mr = MHD_create_response_from_fd64((uint64_t)resp->fd_size, resp->fd);
        if (mr)
            resp->fd = -1;   /* MHD closes it */
    } else if (resp->body.len) {
        bytes = resp->body.len;
        mr = MHD_create_response_from_buffer(resp->body.len, resp->body.data,
                                             MHD_RESPMEM_MUST_FREE);
        if (mr)
            resp->body = (tr_buf){0};
    } else {
        bytes = 0;
        mr = MHD_create_response_from_buffer(0, (void *)"", MHD_RESPMEM_PERSISTENT);
    }
    if (!mr) {
        job_free(j);
        return MHD_NO;
    }
    add_headers(mr, j->path, resp->cacheable);
    MHD_add_response_header(mr, "Content-Type",
                            resp->ctype ? resp->ctype : "application/octet-stream");
    if (resp->disposition)
        MHD_add_response_header(mr, "Content-Disposition", resp->disposition);
    enum MHD_Result res = MHD_queue_response(c, (unsigned)status, mr);
    MHD_destroy_response(mr);
    r->answered = 1;
    access_log(c, r, method, status, j->head ? 0 : bytes, j->user);
    job_free(j);
    return res;
}

static enum MHD_Result on_request(void *cls, struct MHD_Connection *c, const char *url,
                                  const char *method, const char *version,
                                  const char *upload, size_t *upload_size, void **req_cls)
{
    (void)cls;
    (void)url;
    (void)version;
    (void)upload;
    rq *r = *req_cls;
    if (r && r->job)            /* resumed: a worker has the answer */
        return answer(c, r, method);
    if (r && r->answered) {     /* the rest of a body we refused */
        *upload_size = 0;
        return MHD_YES;
    }
    if (!r || !r->uri)
        return simple(c, r, method, 500, "500 out of memory\n", NULL, NULL);
    int head = strcmp(method, "HEAD") == 0;
    if (!head && strcmp(method, "GET") != 0)   /* early: MHD closes, reads no body */
        return simple(c, r, method, 405, "405 only GET and HEAD are allowed\n", "Allow",
                      "GET, HEAD");
    /* A response queued on the first call (headers read, body not yet) makes
     * MHD close the connection after it; answering on the next call keeps
     * keep-alive.  A body sent with GET is read and ignored. */
    if (!r->seen || *upload_size) {
        r->seen = 1;
        *upload_size = 0;
        return MHD_YES;
    }
    size_t ulen = strlen(r->uri);
    if (ulen > WB_MAX_URL)
        return simple(c, r, method, 414, "414 the address is too long\n", NULL, NULL);
    if (r->uri[0] != '/')
        return simple(c, r, method, 400, "400 bad request target\n", NULL, NULL);

    char *user = NULL;
    if (g->users) {
        char *pass = NULL;
        char *u = MHD_basic_auth_get_username_password(c, &pass);
        int good = u && wb_users_check(g->users, u, pass);
        if (good)
            user = strdup(u);
        if (pass) {
            explicit_bzero(pass, strlen(pass));
            MHD_free(pass);
        }
        if (u)
            MHD_free(u);
        if (!good)
            return simple(c, r, method, 401, "401 name and password required\n",
                          "WWW-Authenticate", "Basic realm=\"tracuu\", charset=\"UTF-8\"");
        if (!user)
            return simple(c, r, method, 500, "500 out of memory\n", NULL, NULL);
    }

    const char *q = memchr(r->uri, '?', ulen);
    size_t plen = q ? (size_t)(q - r->uri) : ulen;
    job *j = calloc(1, sizeof *j);
    if (!j || !(j->path = strndup(r->uri, plen)) ||
        wb_qs_parse(q ? q + 1 : "", q ? ulen - plen - 1 : 0, WB_MAX_ARGS + 1, &j->args,
                    &j->nargs)) {
        job_free(j);
        free(user);
        return simple(c, r, method, 500, "500 out of memory\n", NULL, NULL);
    }
    j->resp.fd = -1;
    j->user = user;
    j->head = head;
    j->c = c;
    if (j->nargs > WB_MAX_ARGS) {
        job_free(j);
        return simple(c, r, method, 400, "400 too many query parameters\n", NULL, NULL);
    }
    r->job = j;
    MHD_suspend_connection(c);
    enqueue(j);
    return MHD_YES;
}

static int listen_socket(const wb_config *cfg, char *url, size_t urllen)
{
    int fam = cfg->addr.ss_family, one = 1;
    int fd = socket(fam, SOCK_STREAM | SOCK_CLOEXEC, 0);
    char host[NI_MAXHOST], port[NI_MAXSERV];
    if (getnameinfo((const struct sockaddr *)&cfg->addr, cfg->addrlen, host, sizeof host,
                    port, sizeof port, NI_NUMERICHOST | NI_NUMERICSERV))
        strcpy(host, "?");
    if (fd < 0 || setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one) ||
        bind(fd, (const struct sockaddr *)&cfg->addr, cfg->addrlen) || listen(fd, 256)) {
        fprintf(stderr, "tracuu-web: cannot listen on %s%s%s:%s: %s\n",
                fam == AF_INET6 ? "[" : "", host, fam == AF_INET6 ? "]" : "", port,
                strerror(errno));
        if (fd >= 0)
            close(fd);
        return -1;
    }
    struct sockaddr_storage ss;
    socklen_t sl = sizeof ss;
    if (getsockname(fd, (struct sockaddr *)&ss, &sl) == 0)
        getnameinfo((struct sockaddr *)&ss, sl, host, sizeof host, port, sizeof port,
                    NI_NUMERICHOST | NI_NUMERICSERV);
    snprintf(url, urllen, "%s://%s%s%s:%s/", cfg->tls_cert ? "https" : "http",
             fam == AF_INET6 ? "[" : "", host, fam == AF_INET6 ? "]" : "", port);
    return fd;
}

int wb_serve(const wb_config *cfg)
{
    char url[NI_MAXHOST + 32];
    g = cfg;
    int fd = listen_socket(cfg, url, sizeof url);
    if (fd < 0)
        return 1;
    if (pthread_key_create(&db_key, db_destroy)) {
        fprintf(stderr, "tracuu-web: cannot create thread-specific data\n");
        close(fd);
        return 1;
    }
    /* MHD never raises SIGPIPE itself on Linux (MSG_NOSIGNAL), but a
     * response from an fd may use sendfile: ignore it for the process */
    signal(SIGPIPE, SIG_IGN);
    unsigned flags = MHD_USE_AUTO_INTERNAL_THREAD | MHD_USE_ERROR_LOG |
                     MHD_ALLOW_SUSPEND_RESUME;
    if (cfg->tls_cert)
        flags |= MHD_USE_TLS;
    if (cfg->addr.ss_family == AF_INET6)
        flags |= MHD_USE_IPv6;
    struct MHD_OptionItem opts[16];
    size_t n = 0;
#define OPT(o, v, p) opts[n++] = (struct MHD_OptionItem){(o), (intptr_t)(v), (p)}
    OPT(MHD_OPTION_LISTEN_SOCKET, fd, NULL);
    if (cfg->threads > 1)
        OPT(MHD_OPTION_THREAD_POOL_SIZE, cfg->threads, NULL);
    OPT(MHD_OPTION_CONNECTION_LIMIT, cfg->max_conns, NULL);
    if (cfg->per_ip)
        OPT(MHD_OPTION_PER_IP_CONNECTION_LIMIT, cfg->per_ip, NULL);
    OPT(MHD_OPTION_CONNECTION_TIMEOUT, cfg->timeout, NULL);
    OPT(MHD_OPTION_CONNECTION_MEMORY_LIMIT, MEMORY_LIMIT, NULL);
    OPT(MHD_OPTION_SIGPIPE_HANDLED_BY_APP, 1, NULL);
    if (cfg->tls_cert) {
        OPT(MHD_OPTION_HTTPS_MEM_CERT, 0, (void *)cfg->tls_cert);
        OPT(MHD_OPTION_HTTPS_MEM_KEY, 0, (void *)cfg->tls_key);
    }
    OPT(MHD_OPTION_END, 0, NULL);
#undef OPT
    struct MHD_Daemon *d = MHD_start_daemon(
        flags, 0, NULL, NULL, on_request, NULL, MHD_OPTION_EXTERNAL_LOGGER, on_mhd_log, NULL,
        MHD_OPTION_URI_LOG_CALLBACK, on_uri, NULL, MHD_OPTION_NOTIFY_COMPLETED, on_done, NULL,
        MHD_OPTION_ARRAY, opts, MHD_OPTION_END);
    if (!d) {
        fprintf(stderr, "tracuu-web: cannot start the HTTP server (see the message above)\n");
        close(fd);
        pthread_key_delete(db_key);
        return 1;
    }
    if (start_workers(cfg->threads ? cfg->threads : 1) != 0) {
        fprintf(stderr, "tracuu-web: cannot start the search workers\n");
        MHD_stop_daemon(d);
        pthread_key_delete(db_key);
        return 1;
    }
    fprintf(stderr, "tracuu-web: serving %s on %s\n", cfg->db, url);
    fflush(stderr);

    sigset_t set;
    sigemptyset(&set);
    sigaddset(&set, SIGTERM);
    sigaddset(&set, SIGINT);
    int sig = 0;
    while (sigwait(&set, &sig) != 0)
        ;
    /* Stop taking connections, let the workers answer what they hold,
     * then stop MHD (no connection may stay suspended); the workers'
     * readers close in db_destroy as they exit. */
    MHD_socket lfd = MHD_quiesce_daemon(d);
    if (lfd != MHD_INVALID_SOCKET)
        close(lfd);   /* quiesced, the listening socket is ours to close */
    stop_workers();
    MHD_stop_daemon(d);
    pthread_key_delete(db_key);
    if (!cfg->quiet)
        fprintf(stderr, "tracuu-web: stopped (%s)\n", sig == SIGTERM ? "SIGTERM" : "SIGINT");
    return 0;
}

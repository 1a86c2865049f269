/*
 * bench-web-load — a closed-loop HTTP/1.1 load client for tracuu-web.
 *
 *   bench-web-load [-c CONNS] [-n REQS] [-d SECONDS] [-P SERVER_PID]
 *                  [-q QUERIES.tsv] [-t TARGET]... http://HOST:PORT/
 *
 * CONNS keep-alive connections (default 50) each send exactly REQS
 * requests (default 2000), one at a time: a connection sends its next
 * request only when the previous answer is complete, so the latency of a
 * request is what one user would wait for at that load.  The targets are
 * cycled: -q adds, for each tracuu query in the first column of the TSV
 * ('#' comments skipped), the page "/?q=Q" and the API "/api/search?q=Q"
 * (Q percent-encoded), alternating, so an even REQS sends exactly half to
 * each; -t adds a literal target (e.g. /static/style.css).  Connection i
 * starts at target i, so the connections do not walk the mix in step.
 *
 * Every answer is checked, not just timed: status 200, a complete body
 * (Content-Length or chunked), no bytes beyond it, and a body that ends
 * as its type must ("</html>" for HTML, '}' for JSON).  Anything else is
 * an error: a non-200, an incomplete answer, a socket error or EOF, or a
 * request still unanswered at the deadline (-d, default 170 s: the run is
 * bounded in time whatever the server does).  A failed connection is
 * reopened and the connection carries on with its next request, so the
 * count of requests sent stays exact.
 *
 * Why one thread and epoll rather than a thread per connection: on a
 * small machine the client competes with the server for the cores; an
 * event loop costs a few microseconds per request and no context switch
 * per answer.  The client's own CPU time is printed next to the wall time
 * (and the server's, with -P) so a reader can check that the server, not
 * the client, was the bottleneck.
 *
 * Output: a summary line "requests N ok N errors E …" (the quick test
 * greps it), throughput, then per class (page, api, static, other)
 * p50/p95/p99/max latency in milliseconds.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <netdb.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/epoll.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

enum { C_PAGE, C_API, C_STATIC, C_OTHER, NCLASS };
static const char *class_name[NCLASS] = {"page", "api", "static", "other"};

typedef struct {
    char *target;
    int cls;
} target;

typedef struct {
    int fd;
    long done;            /* requests finished (answered or failed) */
    size_t next;          /* index of the target being asked */
    char req[8192];
    size_t reqlen, reqoff;
    char *buf;
    size_t len, cap;
    double t0;            /* when the current request was started */
} conn;

static target *targets;
static size_t ntargets;
static struct addrinfo *addr;
static char hosthdr[300];
static int ep;
static long nreqs = 2000;
static double *lat[NCLASS];
static size_t nlat[NCLASS];
static double bytes_total;
static long n_ok, n_status, n_incomplete, n_socket, n_unfinished, n_reconnect;
static int shown;

static double now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

static void *xmalloc(size_t n)
{
    void *p = malloc(n ? n : 1);
    if (!p) {
        fprintf(stderr, "bench-web-load: out of memory\n");
        exit(2);
    }
    return p;
}

static void add_target(const char *t)
{
    targets = realloc(targets, (ntargets + 1) * sizeof *targets);
    if (!targets) {
        fprintf(stderr, "bench-web-load: out of memory\n");
        exit(2);
    }
    int cls = C_OTHER;
    if (strncmp(t, "/api/", 5) == 0)
        cls = C_API;
    else if (strncmp(t, "/static/", 8) == 0)
        cls = C_STATIC;
    else if (strncmp(t, "/?", 2) == 0 || strcmp(t, "/") == 0)
        cls = C_PAGE;
    targets[ntargets].target = strdup(t);
    targets[ntargets].cls = cls;
    ntargets++;
}

/* "/?q=" and "/api/search?q=" for each query of the TSV's first column. */
static void add_queries(const char *path)
{
    FILE *f = fopen(path, "r");
    if (!f) {
        fprintf(stderr, "bench-web-load: %s: %s\n", path, strerror(errno));
        exit(2);
    }
    char line[4096], enc[3 * sizeof line], t[sizeof enc + 32];
    while (fgets(line, sizeof line, f)) {
        if (line[0] == '#' || line[0] == '\n' || line[0] == '\t')
            continue;
        line[strcspn(line, "\t\r\n")] = 0;
        char *o = enc;
        for (const unsigned char *p = (const unsigned char *)line; *p; p++) {
            if ((*p >= 'A' && *p <= 'Z') || (*p >= 'a' && *p <= 'z') ||
                (*p >= '0' && *p <= '9') || strchr("-._~", *p))
                *o++ = (char)*p;
            else
                o += sprintf(o, "%%%02X", *p);
        }
        *o = 0;
        snprintf(t, sizeof t, "/?q=%s", enc);
        add_target(t);
        snprintf(t, sizeof t, "/api/search?q=%s", enc);
        add_target(t);
    }
    fclose(f);
}

static void conn_open(conn *c)
{
    for (;;) {
        c->fd = socket(addr->ai_family, SOCK_STREAM | SOCK_CLOEXEC, 0);
        if (c->fd >= 0 && connect(c->fd, addr->ai_addr, addr->ai_addrlen) == 0)
            break;
        /* A refused connection is a failed request: count it and go on,
         * the deadline bounds the loop. */
        perror("bench-web-load: connect");
        if (c->fd >= 0)
            close(c->fd);
        n_socket++;
        c->done++;
        if (c->done >= nreqs) {
            c->fd = -1;
            return;
        }
        usleep(10000);
    }
    int one = 1;
    setsockopt(c->fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    struct epoll_event ev = {.events = EPOLLOUT | EPOLLIN, .data.ptr = c};
    epoll_ctl(ep, EPOLL_CTL_ADD, c->fd, &ev);
}

static void conn_close(conn *c)
{
    if (c->fd >= 0) {
        epoll_ctl(ep, EPOLL_CTL_DEL, c->fd, NULL);
        close(c->fd);
    }
    c->fd = -1;
}

static void start_request(conn *c)
{
    const target *t = &targets[c->next % ntargets];
    c->reqlen = (size_t)snprintf(c->req, sizeof c->req,
                                 "GET %s HTTP/1.1\r\nHost: %s\r\n"
                                 "User-Agent: bench-web-load\r\n\r\n",
                                 t->target, hosthdr);
    c->reqoff = 0;
    c->len = 0;
    c->t0 = now_ms();
    struct epoll_event ev = {.events = EPOLLOUT | EPOLLIN, .data.ptr = c};
    epoll_ctl(ep, EPOLL_CTL_MOD, c->fd, &ev);
}

/* Ends the current request; ok: its latency counts.  A failed request
 * closes the connection (its state is unknown), the next one reopens. */
static void finish(conn *c, int ok, int reuse)
{
    const target *t = &targets[c->next % ntargets];
    if (ok) {
        n_ok++;
        lat[t->cls][nlat[t->cls]++] = now_ms() - c->t0;
    } else if (shown < 5) {
        shown++;
        fprintf(stderr, "bench-web-load: failed: %s\n", t->target);
    }
    bytes_total += (double)c->len;
    c->done++;
    c->next++;
    if (!ok || !reuse)
        conn_close(c);
    if (c->done >= nreqs) {
        conn_close(c);
        return;
    }
    if (c->fd < 0) {
        n_reconnect++;
        conn_open(c);
        if (c->fd < 0)
            return;
    }
    start_request(c);
}

static const char *header(const char *h, size_t hlen, const char *name)
{
    size_t n = strlen(name);
    for (const char *p = h; p && p < h + hlen; p = memchr(p, '\n', (size_t)(h + hlen - p))) {
        if (*p == '\n')
            p++;
        if (strncasecmp(p, name, n) == 0 && p[n] == ':') {
            p += n + 1;
            while (*p == ' ')
                p++;
            return p;
        }
    }
    return NULL;
}

/* Is the answer in c->buf complete?  0: need more bytes; 1: complete and
 * valid; -1: complete or broken but not a valid 200.  *reuse: the server
 * keeps the connection open. */
static int parse(conn *c, int *reuse, int *bad_status)
{
    char *end = memmem(c->buf, c->len, "\r\n\r\n", 4);
    if (!end)
        return c->len > 65536 ? -1 : 0;
    size_t hlen = (size_t)(end - c->buf) + 2;
    char *body = end + 4;
    size_t have = c->len - (size_t)(body - c->buf);
    *end = 0;    /* headers as a string; restored below */
    int status = 0;
    if (sscanf(c->buf, "HTTP/1.%*d %d", &status) != 1)
        status = 0;
    const char *cl = header(c->buf, hlen, "Content-Length");
    const char *te = header(c->buf, hlen, "Transfer-Encoding");
    const char *ct = header(c->buf, hlen, "Content-Type");
    const char *cn = header(c->buf, hlen, "Connection");
    *reuse = !(cn && strncasecmp(cn, "close", 5) == 0);
    int html = ct && strncmp(ct, "text/html", 9) == 0;
    int json = ct && strncmp(ct, "application/json", 16) == 0;
    int chunked = te && strncasecmp(te, "chunked", 7) == 0;
    long want = cl ? atol(cl) : -1;
    *end = '\r';
    size_t blen;
    if (chunked) {
        /* Walk the chunks (re-walked from the start on every read: the
         * buffer is never rewritten, as the answer may still be partial);
         * the type check looks at the end of the last chunk. */
        size_t in = 0, last = 0, lastlen = 0;
        for (;;) {
            char *nl = memmem(body + in, have - in, "\r\n", 2);
            if (!nl)
                return 0;
            unsigned long sz = strtoul(body + in, NULL, 16);
            size_t data = (size_t)(nl - body) + 2;
            if (sz == 0) {
                if (have < data + 2)
                    return 0;
                if (have != data + 2)
                    return -1;     /* bytes past the end, or trailers */
                break;
            }
            if (have < data + sz + 2)
                return 0;
            last = data;
            lastlen = sz;
            in = data + sz + 2;
        }
        body += last;
        blen = lastlen;
    } else if (want >= 0) {
        if (have < (size_t)want)
            return 0;
        if (have > (size_t)want)
            return -1;
        blen = (size_t)want;
    } else {
        return -1;    /* no framing: this client cannot tell the end */
    }
    if (status != 200) {
        *bad_status = 1;
        return -1;
    }
    while (blen && (body[blen - 1] == '\n' || body[blen - 1] == ' '))
        blen--;
    if (html && (blen < 7 || memcmp(body + blen - 7, "</html>", 7) != 0))
        return -1;
    if (json && (blen < 1 || body[blen - 1] != '}'))
        return -1;
    if (blen == 0)
        return -1;
    return 1;
}

static void on_event(conn *c, unsigned events)
{
    if (c->fd < 0)
        return;
    if (c->reqoff < c->reqlen && (events & EPOLLOUT)) {
        ssize_t w = send(c->fd, c->req + c->reqoff, c->reqlen - c->reqoff, MSG_NOSIGNAL);
        if (w < 0 && errno != EAGAIN && errno != EINTR) {
            n_socket++;
            finish(c, 0, 0);
            return;
        }
        if (w > 0)
            c->reqoff += (size_t)w;
        if (c->reqoff == c->reqlen) {
            struct epoll_event ev = {.events = EPOLLIN, .data.ptr = c};
            epoll_ctl(ep, EPOLL_CTL_MOD, c->fd, &ev);
        }
    }
    if (!(events & (EPOLLIN | EPOLLHUP | EPOLLERR)))
        return;
    for (;;) {
        if (c->cap - c->len < 65536) {
            c->cap = c->cap * 2 + 65536;
            c->buf = realloc(c->buf, c->cap);
            if (!c->buf) {
                fprintf(stderr, "bench-web-load: out of memory\n");
                exit(2);
            }
        }
        ssize_t r = recv(c->fd, c->buf + c->len, c->cap - c->len - 1, 0);
        if (r < 0 && (errno == EAGAIN || errno == EINTR))
            return;
        if (r <= 0) {
            /* EOF or error before the answer was complete. */
            if (c->len)
                n_incomplete++;
            else
                n_socket++;
            finish(c, 0, 0);
            return;
        }
        c->len += (size_t)r;
        int reuse = 1, bad_status = 0;
        int st = parse(c, &reuse, &bad_status);
        if (st == 0)
            continue;
        if (st < 0) {
            if (bad_status)
                n_status++;
            else
                n_incomplete++;
        }
        finish(c, st > 0, reuse);
        return;
    }
}

static int cmpd(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}

static double pct(const double *v, size_t n, double p)
{
    if (!n)
        return 0;
    size_t i = (size_t)(p * (double)n + 0.999999);
    if (i < 1)
        i = 1;
    return v[(i > n ? n : i) - 1];
}

/* utime + stime of a process in seconds, from /proc; -1 when unknown. */
static double proc_cpu(long pid)
{
    char path[64], line[1024];
    snprintf(path, sizeof path, "/proc/%ld/stat", pid);
    FILE *f = fopen(path, "r");
    if (!f)
        return -1;
    size_t n = fread(line, 1, sizeof line - 1, f);
    fclose(f);
    line[n] = 0;
    char *p = strrchr(line, ')');
    unsigned long ut, st;
    if (!p || sscanf(p + 2, "%*c %*d %*d %*d %*d %*d %*u %*u %*u %*u %*u %lu %lu", &ut, &st) != 2)
        return -1;
    return (double)(ut + st) / (double)sysconf(_SC_CLK_TCK);
}

static void usage(void)
{
    fprintf(stderr, "usage: bench-web-load [-c CONNS] [-n REQS] [-d SECONDS] [-P PID] "
                    "[-q QUERIES.tsv] [-t TARGET]... http://HOST:PORT/\n");
    exit(2);
}

int main(int argc, char **argv)
{
    long nconns = 50, server_pid = 0;
    double deadline_s = 170;
    int opt;
    while ((opt = getopt(argc, argv, "c:n:d:P:q:t:")) != -1) {
        switch (opt) {
        case 'c': nconns = atol(optarg); break;
        case 'n': nreqs = atol(optarg); break;
        case 'd': deadline_s = atof(optarg); break;
        case 'P': server_pid = atol(optarg); break;
        case 'q': add_queries(optarg); break;
        case 't': add_target(optarg); break;
        default: usage();
        }
    }
    if (optind != argc - 1 || nconns < 1 || nconns > 10000 || nreqs < 1 || deadline_s <= 0)
        usage();
    if (!ntargets) {
        fprintf(stderr, "bench-web-load: no targets: give -q QUERIES.tsv or -t TARGET\n");
        return 2;
    }
    char host[256], port[16] = "80";
    const char *u = argv[optind];
    if (strncmp(u, "http://", 7) != 0) {
        fprintf(stderr, "bench-web-load: %s: only http:// URLs\n", u);
        return 2;
    }
    u += 7;
    size_t hl = strcspn(u, "/");
    if (hl >= sizeof host)
        usage();
    snprintf(hosthdr, sizeof hosthdr, "%.*s", (int)hl, u);
    memcpy(host, u, hl);
    host[hl] = 0;
    char *colon = strrchr(host, ':');
    if (colon && !strchr(colon, ']')) {
        snprintf(port, sizeof port, "%s", colon + 1);
        *colon = 0;
    }
    if (host[0] == '[') {
        memmove(host, host + 1, strlen(host));
        host[strcspn(host, "]")] = 0;
    }
    struct addrinfo hints = {.ai_socktype = SOCK_STREAM};
    int gai = getaddrinfo(host, port, &hints, &addr);
    if (gai) {
        fprintf(stderr, "bench-web-load: %s: %s\n", host, gai_strerror(gai));
        return 2;
    }

    size_t total = (size_t)nconns * (size_t)nreqs;
    for (int k = 0; k < NCLASS; k++)
        lat[k] = xmalloc(total * sizeof(double));
    ep = epoll_create1(EPOLL_CLOEXEC);
    conn *cs = calloc((size_t)nconns, sizeof *cs);
    if (!cs || ep < 0) {
        perror("bench-web-load");
        return 2;
    }

    double srv0 = server_pid ? proc_cpu(server_pid) : -1;
    double t0 = now_ms(), deadline = t0 + deadline_s * 1e3;
    for (long i = 0; i < nconns; i++) {
        cs[i].next = (size_t)i;
        conn_open(&cs[i]);
        if (cs[i].fd >= 0)
            start_request(&cs[i]);
    }
    struct epoll_event evs[256];
    for (;;) {
        long open = 0;
        for (long i = 0; i < nconns; i++)
            open += cs[i].fd >= 0;
        if (!open)
            break;
        double left = deadline - now_ms();
        if (left <= 0)
            break;
        int n = epoll_wait(ep, evs, 256, left > 1000 ? 1000 : (int)left + 1);
        for (int i = 0; i < n; i++)
            on_event(evs[i].data.ptr, evs[i].events);
    }
    double wall = (now_ms() - t0) / 1e3;
    double srv1 = server_pid ? proc_cpu(server_pid) : -1;
    for (long i = 0; i < nconns; i++) {
        n_unfinished += nreqs - cs[i].done;
        conn_close(&cs[i]);
    }

    struct rusage ru;
    getrusage(RUSAGE_SELF, &ru);
    double cpu = (double)ru.ru_utime.tv_sec + ru.ru_utime.tv_usec / 1e6 +
                 (double)ru.ru_stime.tv_sec + ru.ru_stime.tv_usec / 1e6;
    long errors = n_status + n_incomplete + n_socket + n_unfinished;
    printf("requests %zu ok %ld errors %ld (non-200 %ld, incomplete %ld, socket %ld, "
           "unanswered at the deadline %ld), reconnects %ld\n",
           total, n_ok, errors, n_status, n_incomplete, n_socket, n_unfinished, n_reconnect);
    printf("connections %ld x %ld requests, %zu distinct targets, %.1f MB received\n",
           nconns, nreqs, ntargets, bytes_total / 1e6);
    printf("wall %.2f s, %.0f requests/s; client CPU %.2f s (%.0f%% of one core)",
           wall, (double)n_ok / wall, cpu, 100 * cpu / wall);
    if (srv0 >= 0 && srv1 >= 0)
        printf("; server CPU %.2f s (%.0f%% of one core)", srv1 - srv0,
               100 * (srv1 - srv0) / wall);
    printf("\n%-7s %9s %9s %9s %9s %9s\n", "class", "answers", "p50 ms", "p95 ms",
           "p99 ms", "max ms");
    for (int k = 0; k < NCLASS; k++) {
        if (!nlat[k])
            continue;
        qsort(lat[k], nlat[k], sizeof(double), cmpd);
        printf("%-7s %9zu %9.2f %9.2f %9.2f %9.2f\n", class_name[k], nlat[k],
               pct(lat[k], nlat[k], .50), pct(lat[k], nlat[k], .95),
               pct(lat[k], nlat[k], .99), lat[k][nlat[k] - 1]);
    }
    freeaddrinfo(addr);
    return errors ? 1 : 0;
}

/*
 * sandbox.c — every reader but plain text runs in a worker process.
 *
 * poppler, libxml2, libzip, Tesseract, antiword and catdoc are large and
 * fed files that nobody vouches for.  A segfault, an endless loop or a
 * memory blow-up in one of them must cost one file, never the run: so
 * each analysis thread keeps a worker process, forked from the indexer,
 * that reads a request (format, path, bytes) from a socket, extracts under
 * an address-space limit and a per-file CPU limit, and writes the result
 * back.  The thread waits with a wall-clock deadline and kills the
 * worker's whole process group (converters included) when it passes, or
 * when the worker dies; the next file gets a fresh worker.
 *
 * Why a long-lived worker and not a fork per file: forking the indexer
 * (Xapian's caches, the writer's buffers) and tearing the copy down again
 * cost more than reading a small .docx, and made extraction the
 * bottleneck of indexing.  A worker is still replaced every
 * WORKER_FILES files, so what a library leaks or fragments stays bounded.
 *
 * Why the worker is exec'd, not just forked: the indexer is threaded, and
 * a child forked from one thread inherits every lock another thread held
 * at that instant, held for good.  malloc and stdio are reset across fork,
 * but nothing else is: a worker forked while a thread was inside gettext
 * waited on its catalog lock until the time limit.  So the child does
 * only async-signal-safe calls (fcntl, dup2, fexecve) and becomes a
 * fresh tracuu-index in its worker mode (ix_sandbox_main), run from a
 * descriptor on the indexer's own executable opened at start-up — the
 * very file this run started from, even if a package upgrade replaces it
 * during a long --watch.  The exec costs a few milliseconds per worker,
 * i.e. per WORKER_FILES files.  Only without /proc (no descriptor), or
 * when the exec fails, does the forked child go on as the worker itself.
 *
 * The socket carries tagged records (tag byte, 8-byte length, bytes); the
 * last record of a result is its status.  A worker that dies before
 * writing it is reported by how it died.
 */
#define _GNU_SOURCE   /* memmem, pipe2 */
#include "config.h"
#include "indexer.h"
#include "tr_i18n.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

extern char **environ;

/* The indexer's own executable (ix_sandbox_init), -1 without /proc. */
static int self_fd = -1;

int ix_sandbox_init(void)
{
    int fd = open("/proc/self/exe", O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return -1;
    /* above the low numbers: the child moves its socket to 3 with dup2,
     * which must not close this one */
    int high = fcntl(fd, F_DUPFD_CLOEXEC, 10);
    close(fd);
    self_fd = high;
    return high >= 0 ? 0 : -1;
}

enum {
    R_TEXT = 'T', R_TITLE = 't', R_AUTHOR = 'a', R_CREATED = 'c', R_NOTES = 'n',
    R_OCRLIST = 'o', R_EXTRACTOR = 'x', R_NUMS = 'N', R_ENC = 'e', R_STATUS = 'S'
};

typedef struct {
    int fd;
    int bad;
} wr;

static void put(wr *w, char tag, const char *p, size_t n)
{
    unsigned char h[9];
    h[0] = (unsigned char)tag;
    uint64_t len = n;
    memcpy(h + 1, &len, 8);
    const char *parts[2] = {(const char *)h, p};
    size_t sizes[2] = {9, n};
    for (int k = 0; k < 2 && !w->bad; k++) {
        size_t off = 0;
        while (off < sizes[k]) {
            ssize_t r = write(w->fd, parts[k] + off, sizes[k] - off);
            if (r < 0 && errno == EINTR)
                continue;
            if (r <= 0) {
                w->bad = 1;
                break;
            }
            off += (size_t)r;
        }
    }
}

static void puts_(wr *w, char tag, const char *s)
{
    if (s)
        put(w, tag, s, strlen(s));
}

/* The test hook of tests/t_sandbox.sh: a reader that crashes, hangs or
 * eats memory cannot be had on demand from a real library, so the child
 * can be told to misbehave.  Only the child reads it; a user who sets it
 * gets skipped files, nothing worse. */
static void selftest(void)
{
    const char *t = getenv("TRACUU_SANDBOX_SELFTEST");
    if (!t)
        return;
    if (strcmp(t, "crash") == 0)
        raise(SIGSEGV);
    if (strcmp(t, "hang") == 0)
        for (;;)
            pause();
    if (strcmp(t, "spin") == 0)
        for (volatile unsigned long i = 0;; i++)
            ;
    if (strcmp(t, "hog") == 0)
        for (;;) {
            char *p = malloc(64u << 20);
            if (!p)
                abort();   /* what a C++ library does on bad_alloc */
            memset(p, 1, 64u << 20);
        }
}

/* Files a worker extracts before it is replaced. */
#define WORKER_FILES 200

struct ix_worker {
    pid_t pid;          /* 0: none running */
    int fd;             /* our end of the socket */
    unsigned served;
};

ix_worker *ix_worker_new(void)
{
    ix_worker *w = calloc(1, sizeof *w);
    if (w)
        w->fd = -1;
    return w;
}

static int read_full(int fd, void *p, size_t n)
{
    size_t off = 0;
    while (off < n) {
        ssize_t k = read(fd, (char *)p + off, n - off);
        if (k < 0 && errno == EINTR)
            continue;
        if (k <= 0)
            return -1;
        off += (size_t)k;
    }
    return 0;
}

/* The worker: limits, then one extraction per request until EOF. */
static void worker_main(int fd, const tr_extract_opts *eo, const ix_sandbox_limits *lim,
                        pid_t parent)
{
    setpgid(0, 0);
    /* The worker is in a process group of its own, out of reach of the
     * terminal's ^C: if the indexer dies (killed, interrupted), the worker
     * must not go on with a long OCR for nobody. */
    prctl(PR_SET_PDEATHSIG, SIGKILL);
    if (getppid() != parent)
        _exit(0);
    signal(SIGPIPE, SIG_IGN);
    /* Nothing of the indexer's but our socket: above all not the sockets
     * of the other threads' workers, whose EOF would never come while we
     * held a copy. */
    if (fd > 3)
        close_range(3, (unsigned)fd - 1, 0);
    close_range((unsigned)fd + 1, ~0u, 0);
    struct rlimit rl;
    if (lim->mem_mb) {
        /* The worker starts with an address space of its own (its
         * libraries; a forked one, the parent's database maps and thread
         * stacks): the limit is what it may add to that. */
        unsigned long long vm = 0;
        FILE *f = fopen("/proc/self/statm", "r");
        if (f) {
            unsigned long pages;
            if (fscanf(f, "%lu", &pages) == 1)
                vm = (unsigned long long)pages * (unsigned long long)sysconf(_SC_PAGESIZE);
            fclose(f);
        }
        rl.rlim_cur = rl.rlim_max = vm + ((unsigned long long)lim->mem_mb << 20);
        setrlimit(RLIMIT_AS, &rl);
    }
    for (;;) {
        uint64_t hdr[3];   /* format, path length, data length */
        if (read_full(fd, hdr, sizeof hdr) != 0)
            _exit(0);      /* the indexer is done with us */
        char *path = malloc((size_t)hdr[1] + 1);
        char *data = malloc((size_t)hdr[2] + 1);
        if (!path || !data || read_full(fd, path, (size_t)hdr[1]) != 0 ||
            read_full(fd, data, (size_t)hdr[2]) != 0)
            _exit(3);
        path[hdr[1]] = '\0';
        data[hdr[2]] = '\0';
        /* CPU time for this file only: the soft limit moves with what
         * the worker has used so far (SIGXCPU ends it past that). */
        if (lim->cpu_seconds) {
            struct rusage ru;
            getrusage(RUSAGE_SELF, &ru);
            rl.rlim_cur = (rlim_t)ru.ru_utime.tv_sec + (rlim_t)ru.ru_stime.tv_sec + 1 +
                          lim->cpu_seconds;
            rl.rlim_max = RLIM_INFINITY;
            setrlimit(RLIMIT_CPU, &rl);
        }
        selftest();
        tr_extracted x = {0};
        char err[512];
        int rc = tr_extract(path, data, (size_t)hdr[2], (tr_format)hdr[0], eo, &x, err,
                            sizeof err);
        free(path);
        free(data);
        wr w = {fd, 0};
        if (rc == TR_EX_OK) {
            put(&w, R_TEXT, x.text.data ? x.text.data : "", x.text.len);
            puts_(&w, R_TITLE, x.title);
            puts_(&w, R_AUTHOR, x.author);
            puts_(&w, R_CREATED, x.created);
            put(&w, R_NOTES, x.notes.data ? x.notes.data : "", x.notes.len);
            put(&w, R_OCRLIST, x.ocr_list.data ? x.ocr_list.data : "", x.ocr_list.len);
            puts_(&w, R_EXTRACTOR, x.extractor);
            puts_(&w, R_ENC, x.enc.name);
            char nums[96];
            snprintf(nums, sizeof nums, "%u %u %d %u", x.pages, x.ocr_pages, x.enc.score,
                     x.enc.runs);
            puts_(&w, R_NUMS, nums);
        } else {
            puts_(&w, R_EXTRACTOR, x.extractor);
        }
        tr_extracted_free(&x);
        char st[600];
        snprintf(st, sizeof st, "%d %s", rc, rc == TR_EX_OK ? "" : err);
        puts_(&w, R_STATUS, st);
        if (w.bad)
            _exit(3);
    }
}

/* ---- starting a fresh program in the child ---- */

/* The worker's settings travel as arguments, built before fork (after
 * it, only async-signal-safe calls): program, mode, twelve numbers (the
 * parent's pid first, where ps shows it; tr_extract_opts; the limits),
 * the OCR languages. */
enum { SELF_ARGC = 15 };

typedef struct {
    char num[12][24];
} self_args;

static void self_argv(self_args *a, char **argv, const char *mode, pid_t parent,
                      const tr_extract_opts *eo, const ix_sandbox_limits *lim)
{
    unsigned long long v[12] = {(unsigned long long)parent, (unsigned long long)eo->ocr,
                                eo->ocr_page_seconds, eo->ocr_dpi, eo->max_unpacked,
                                eo->max_ratio, eo->max_pages, eo->max_pixels, eo->max_text,
                                lim->wall_seconds, lim->cpu_seconds, lim->mem_mb};
    argv[0] = "tracuu-index";
    argv[1] = (char *)mode;
    for (int i = 0; i < 12; i++) {
        snprintf(a->num[i], sizeof a->num[i], "%llu", v[i]);
        argv[2 + i] = a->num[i];
    }
    argv[14] = (char *)(eo->ocr_lang ? eo->ocr_lang : "");
    argv[SELF_ARGC] = NULL;
}

/* In the child: the socket (if any) becomes descriptor 3, kept across
 * exec; then this program again, from the descriptor opened at start. */
static void exec_self(char **argv, int sock)
{
    if (sock >= 0) {
        if (sock == 3) {
            if (fcntl(3, F_SETFD, 0) != 0)
                return;
        } else if (dup2(sock, 3) != 3) {
            return;
        }
    }
    fexecve(self_fd, argv, environ);
}

int ix_sandbox_main(int argc, char **argv, int *status)
{
    int worker = argc > 1 && strcmp(argv[1], "--sandbox-worker") == 0;
    if (!worker && !(argc > 1 && strcmp(argv[1], "--sandbox-ocr") == 0))
        return 0;
    /* Started by hand, or by another version of the program: nothing to
     * serve.  The parent's pid is checked by the worker itself. */
    if (argc != SELF_ARGC) {
        *status = 2;
        return 1;
    }
    unsigned long long v[12];
    for (int i = 0; i < 12; i++) {
        char *end;
        errno = 0;
        v[i] = strtoull(argv[2 + i], &end, 10);
        if (errno || *end || end == argv[2 + i]) {
            *status = 2;
            return 1;
        }
    }
    tr_extract_opts eo;
    tr_extract_opts_default(&eo);
    eo.ocr_lang = argv[14];
    eo.ocr = (int)v[1];
    eo.ocr_page_seconds = (unsigned)v[2];
    eo.ocr_dpi = (unsigned)v[3];
    eo.max_unpacked = (size_t)v[4];
    eo.max_ratio = (unsigned)v[5];
    eo.max_pages = (unsigned)v[6];
    eo.max_pixels = (unsigned long)v[7];
    eo.max_text = (size_t)v[8];
    ix_sandbox_limits lim = {(unsigned)v[9], (unsigned)v[10], (unsigned)v[11]};
    if (!worker) {
        *status = tr_ocr_available(&eo) ? 0 : 1;
        return 1;
    }
    /* fd 3 lost close-on-exec to come through exec; the converters the
     * worker runs (antiword, catdoc) must not hold the indexer's socket:
     * while one lived on after the worker died, no EOF would come. */
    if (fcntl(3, F_SETFD, FD_CLOEXEC) != 0) {
        *status = 2;
        return 1;
    }
    worker_main(3, &eo, &lim, (pid_t)v[0]);   /* leaves with _exit */
    *status = 3;
    return 1;
}

/* Ends the worker: EOF lets it leave by itself, SIGKILL when kill is set
 * (it hangs, or is in the middle of a file). */
static int worker_stop(ix_worker *w, int kill_it, struct rusage *ru)
{
    int st = 0;
    if (!w->pid)
        return 0;
    if (w->fd >= 0)
        close(w->fd);
    w->fd = -1;
    if (kill_it)
        kill(-w->pid, SIGKILL), kill(w->pid, SIGKILL);
    struct rusage dummy;
    /* at EOF a worker leaves at once; one that does not is killed */
    for (int tries = 0;; tries++) {
        pid_t r = wait4(w->pid, &st, tries < 200 ? WNOHANG : 0, ru ? ru : &dummy);
        if (r == w->pid || (r < 0 && errno != EINTR))
            break;
        if (r == 0) {
            if (tries == 199)
                kill(-w->pid, SIGKILL), kill(w->pid, SIGKILL);
            struct timespec ts = {0, 10 * 1000 * 1000};
            nanosleep(&ts, NULL);
        }
    }
    /* converters and any other grandchild go with the group */
    kill(-w->pid, SIGKILL);
    w->pid = 0;
    w->served = 0;
    return st;
}

void ix_worker_free(ix_worker *w)
{
    if (!w)
        return;
    worker_stop(w, 0, NULL);
    free(w);
}

static int worker_start(ix_worker *w, const tr_extract_opts *eo, const ix_sandbox_limits *lim)
{
    int sv[2];
    if (socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sv) != 0)
        return -1;
    pid_t parent = getpid();
    self_args a;
    char *argv[SELF_ARGC + 1];
    self_argv(&a, argv, "--sandbox-worker", parent, eo, lim);
    pid_t pid = fork();
    if (pid < 0) {
        close(sv[0]);
        close(sv[1]);
        return -1;
    }
    if (pid == 0) {
        if (self_fd >= 0)
            exec_self(argv, sv[1]);   /* returns only if exec failed */
        close(sv[0]);
        worker_main(sv[1], eo, lim, parent);
    }
    setpgid(pid, pid);   /* also in the worker: whichever runs first */
    close(sv[1]);
    w->pid = pid;
    w->fd = sv[0];
    w->served = 0;
    return 0;
}

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

static char *dupn(const char *p, size_t n)
{
    char *s = malloc(n + 1);
    if (s) {
        memcpy(s, p, n);
        s[n] = '\0';
    }
    return s;
}

/* Takes the records of buf[0..n) into x; returns the status record's text
 * or NULL when the child did not get that far. */
static const char *parse(const char *buf, size_t n, tr_extracted *x, char *exname,
                         size_t exsz, int *oom)
{
    const char *status = NULL;
    size_t i = 0;
    while (i + 9 <= n) {
        char tag = buf[i];
        uint64_t len;
        memcpy(&len, buf + i + 1, 8);
        if (len > n - i - 9)
            break;
        const char *p = buf + i + 9;
        i += 9 + (size_t)len;
        int bad = 0;
        switch (tag) {
        case R_TEXT: bad = tr_buf_add(&x->text, p, (size_t)len); break;
        case R_NOTES: bad = tr_buf_add(&x->notes, p, (size_t)len); break;
        case R_OCRLIST: bad = tr_buf_add(&x->ocr_list, p, (size_t)len); break;
        case R_TITLE: bad = !(x->title = dupn(p, (size_t)len)); break;
        case R_AUTHOR: bad = !(x->author = dupn(p, (size_t)len)); break;
        case R_CREATED: bad = !(x->created = dupn(p, (size_t)len)); break;
        case R_EXTRACTOR:
            snprintf(exname, exsz, "%.*s", (int)len, p);
            x->extractor = exname;
            break;
        case R_ENC:
            snprintf(x->enc.name, sizeof x->enc.name, "%.*s", (int)len, p);
            break;
        case R_NUMS: {
            char tmp[96];
            snprintf(tmp, sizeof tmp, "%.*s", (int)len, p);
            sscanf(tmp, "%u %u %d %u", &x->pages, &x->ocr_pages, &x->enc.score,
                   &x->enc.runs);
            break;
        }
        case R_STATUS: status = p; break;
        }
        if (bad)
            *oom = 1;
    }
    return status;
}

/* Sends all of p[0..n) before the deadline; -1 on failure or timeout. */
static int send_all(int fd, const char *p, size_t n, double deadline)
{
    size_t off = 0;
    while (off < n) {
        double left = deadline - now();
        if (left <= 0)
            return -1;
        struct pollfd pf = {fd, POLLOUT, 0};
        int r = poll(&pf, 1, left > 1e6 ? -1 : (int)(left * 1000) + 1);
        if (r < 0 && errno == EINTR)
            continue;
        if (r <= 0)
            continue;
        ssize_t k = send(fd, p + off, n - off, MSG_NOSIGNAL | MSG_DONTWAIT);
        if (k < 0 && (errno == EINTR || errno == EAGAIN))
            continue;
        if (k <= 0)
            return -1;
        off += (size_t)k;
    }
    return 0;
}

/* 1 when buf[0..n) ends with a complete status record. */
static int complete(const char *buf, size_t n)
{
    size_t i = 0;
    while (i + 9 <= n) {
        uint64_t len;
        memcpy(&len, buf + i + 1, 8);
        if (len > n - i - 9)
            return 0;
        if (buf[i] == R_STATUS)
            return 1;
        i += 9 + (size_t)len;
    }
    return 0;
}

int ix_extract_sandboxed(ix_worker *w, const char *path, const char *data, size_t len,
                         tr_format fmt, const tr_extract_opts *eo,
                         const ix_sandbox_limits *lim, tr_extracted *x,
                         char *exname, size_t exsz, char *err, size_t errsz)
{
    if (w->pid && w->served >= WORKER_FILES)
        worker_stop(w, 0, NULL);
    if (!w->pid && worker_start(w, eo, lim) != 0) {
        snprintf(err, errsz, _("cannot start the extractor: %s"), strerror(errno));
        return TR_EX_FAIL;
    }
    w->served++;
    double deadline = now() + (lim->wall_seconds ? lim->wall_seconds : 1e9);
    uint64_t hdr[3] = {(uint64_t)fmt, strlen(path), len};
    int dead = 0;
    for (int attempt = 0; attempt < 2; attempt++) {
        dead = send_all(w->fd, (const char *)hdr, sizeof hdr, deadline) != 0 ||
               send_all(w->fd, path, strlen(path), deadline) != 0 ||
               send_all(w->fd, data, len, deadline) != 0;
        /* A worker that died between two files (killed from outside)
         * must not cost the next one: one fresh worker gets the file. */
        if (!dead || attempt == 1 || now() >= deadline)
            break;
        worker_stop(w, 1, NULL);
        if (worker_start(w, eo, lim) != 0)
            break;
        w->served++;
    }

    tr_buf in = {0};
    int timed_out = 0, oom = 0;
    char chunk[65536];
    while (!dead) {
        double left = deadline - now();
        if (left <= 0) {
            timed_out = 1;
            break;
        }
        struct pollfd pf = {w->fd, POLLIN, 0};
        int r = poll(&pf, 1, left > 1e6 ? -1 : (int)(left * 1000) + 1);
        if (r < 0 && errno == EINTR)
            continue;
        if (r == 0)
            continue;
        ssize_t k = read(w->fd, chunk, sizeof chunk);
        if (k < 0 && errno == EINTR)
            continue;
        if (k <= 0) {
            dead = 1;    /* the worker died: how, wait4 says below */
            break;
        }
        if (in.len + (size_t)k > eo->max_text + (16u << 20)) {
            oom = 2;     /* more than any limit allows: the worker misbehaves */
            break;
        }
        if (tr_buf_add(&in, chunk, (size_t)k)) {
            oom = 1;
            break;
        }
        if (complete(in.data, in.len))
            break;
    }
    int st = 0;
    struct rusage ru;
    memset(&ru, 0, sizeof ru);
    if (timed_out || oom || dead)
        st = worker_stop(w, 1, &ru);

    int rc = TR_EX_FAIL;
    const char *status = oom ? NULL
                             : parse(in.data ? in.data : "", in.len, x, exname, exsz, &oom);
    if (timed_out) {
        snprintf(err, errsz, _("extractor killed after %u s"), lim->wall_seconds);
    } else if (oom == 1) {
        rc = TR_EX_NOMEM;
    } else if (oom == 2) {
        snprintf(err, errsz, "%s", _("extractor produced more text than --max-size allows"));
    } else if (status) {
        rc = atoi(status);
        const char *sp = strchr(status, ' ');
        if (rc != TR_EX_OK)
            snprintf(err, errsz, "%s", sp && sp[1] ? sp + 1 : _("cannot be read"));
    } else if (WIFSIGNALED(st)) {
        int sig = WTERMSIG(st);
        /* ru_maxrss is in KiB; RLIMIT_AS counts what it could add */
        int oom_likely = lim->mem_mb && (unsigned long)ru.ru_maxrss / 1024 > lim->mem_mb / 2;
        if (sig == SIGXCPU || sig == SIGKILL)
            snprintf(err, errsz, _("extractor killed after %u s of CPU time"), lim->cpu_seconds);
        else if (oom_likely)
            snprintf(err, errsz, _("extractor ran out of memory (limit %u MB)"), lim->mem_mb);
        else
            snprintf(err, errsz, _("extractor crashed (%s)%s"), strsignal(sig),
                     sig == SIGABRT || sig == SIGSEGV ? _("; out of memory or a damaged file") : "");
    } else {
        snprintf(err, errsz, _("extractor failed (exit status %d)"),
                 WIFEXITED(st) ? WEXITSTATUS(st) : -1);
    }
    tr_buf_free(&in);
    if (rc != TR_EX_OK) {
        tr_buf_free(&x->text);
        memset(&x->text, 0, sizeof x->text);
    }
    return rc;
}

int ix_ocr_available(const tr_extract_opts *eo)
{
    /* Loading Tesseract's data is the only sure test, and it is done in a
     * child so that the indexer itself never maps Tesseract (nor starts
     * its thread pools) before forking its extraction children. */
    self_args a;
    char *argv[SELF_ARGC + 1];
    ix_sandbox_limits none = {0, 0, 0};
    self_argv(&a, argv, "--sandbox-ocr", getpid(), eo, &none);
    pid_t pid = fork();
    if (pid < 0)
        return 0;
    if (pid == 0) {
        if (self_fd >= 0)
            exec_self(argv, -1);   /* returns only if exec failed */
        _exit(tr_ocr_available(eo) ? 0 : 1);
    }
    int st = 0;
    while (waitpid(pid, &st, 0) < 0 && errno == EINTR)
        ;
    return WIFEXITED(st) && WEXITSTATUS(st) == 0;
}

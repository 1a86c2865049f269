/*
 * tracuu-web — the search engine for a whole office, over HTTP.  See
 * tracuu-web.1.
 *
 * This file is the program's front: options, --add-user, the checks that
 * must fail at start rather than on the first request (the index opens,
 * the users file parses, the TLS files read), the warning about
 * passwords over plain HTTP, and the signal mask.  SIGTERM and SIGINT are
 * blocked before any thread exists, so every MHD thread inherits the mask
 * and only the main thread's sigwait() ever sees them: shutdown is plain
 * code, not a handler.
 */
#include "config.h"
#include "page.h"
#include "tr_path.h"
#include "tr_i18n.h"
#include "web.h"

#include <errno.h>
#include <getopt.h>
#include <microhttpd.h>
#include <netdb.h>
#include <netinet/in.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

enum { EX_OK = 0, EX_FAIL = 1, EX_USAGE = 2, EX_DB = 3 };

static void usage(FILE *f)
{
    fputs(
        "usage: tracuu-web [OPTIONS]\n"
        "       tracuu-web --add-user FILE NAME   (password read from standard input)\n"
        "Serves a tracuu index to web browsers: search pages and a JSON API,\n"
        "read-only.\n\n"
        "  --db DIR               database (default: $TRACUU_DB, else\n"
        "                         $XDG_DATA_HOME/tracuu/db, else ~/.local/share/tracuu/db)\n"
        "  --listen ADDR:PORT     where to listen (default 127.0.0.1:8080; [::1]:8080,\n"
        "                         0.0.0.0:8080 for the whole network; port 0: any free)\n"
        "  --threads N            worker threads (default: one per core)\n"
        "  --users FILE           require a name and password (user:crypt-hash lines)\n"
        "  --add-user FILE NAME   add NAME to FILE or change its password, then exit\n"
        "  --tls-cert FILE        serve HTTPS with this PEM certificate (chain)…\n"
        "  --tls-key FILE         …and this PEM private key\n"
        "  --max-connections N    open connections at most (default 512)\n"
        "  --max-per-ip N         open connections per client address (default 64, 0: no cap)\n"
        "  --count-budget N       count totals and facets exactly up to N matches,\n"
        "                         estimate (flagged) past them (default 100000)\n"
        "  --allow-partial        a sharded index answers from the shards that are up,\n"
        "                         and says which are missing (else: 503)\n"
        "  --shard-timeout MS     longest wait for a remote shard (default 10000)\n"
        "  --top-cited-max N      \"most cited\" under a query for at most N matching\n"
        "                         documents (default 20000); more: narrow the filters\n"
        "  --timeout SEC          close a connection idle this long (default 15)\n"
        "  --cors ORIGIN          allow ORIGIN's scripts to call /api/\n"
        "  -q, --quiet            no access log\n"
        "  -h, --help             this help\n"
        "      --version          print the version\n\n"
        "Exit status: 0 stopped by SIGTERM or SIGINT, 1 cannot listen or start,\n"
        "2 usage or configuration error, 3 database missing or unreadable.\n",
        f);
}

static int parse_num(const char *opt, const char *s, unsigned lo, unsigned hi, unsigned *out)
{
    char *end;
    errno = 0;
    long v = strtol(s, &end, 10);
    if (*s == '\0' || *end || errno || v < (long)lo || v > (long)hi) {
        fprintf(stderr, "tracuu-web: %s wants a number from %u to %u, not '%s'\n", opt, lo,
                hi, s);
        return -1;
    }
    *out = (unsigned)v;
    return 0;
}

/* "127.0.0.1:8080", "[::1]:8080", "0.0.0.0:0", "localhost:8080". */
static int parse_listen(const char *s, wb_config *cfg)
{
    char host[256];
    const char *port;
    if (s[0] == '[') {
        const char *close = strchr(s, ']');
        if (!close || close[1] != ':' || (size_t)(close - s - 1) >= sizeof host)
            goto bad;
        memcpy(host, s + 1, (size_t)(close - s - 1));
        host[close - s - 1] = '\0';
        port = close + 2;
    } else {
        const char *colon = strrchr(s, ':');
        if (!colon || (size_t)(colon - s) >= sizeof host || memchr(s, ':', (size_t)(colon - s)))
            goto bad;
        memcpy(host, s, (size_t)(colon - s));
        host[colon - s] = '\0';
        port = colon + 1;
    }
    unsigned p;
    if (!*host || strspn(port, "0123456789") != strlen(port) || !*port ||
        parse_num("--listen", port, 0, 65535, &p))
        goto bad;
    struct addrinfo hints, *res;
    memset(&hints, 0, sizeof hints);
    hints.ai_socktype = SOCK_STREAM;
    hints.ai_flags = AI_NUMERICSERV | AI_PASSIVE;
    int e = getaddrinfo(host, port, &hints, &res);
    if (e) {
        fprintf(stderr, "tracuu-web: --listen %s: %s\n", s, gai_strerror(e));
        return -1;
    }
    memcpy(&cfg->addr, res->ai_addr, res->ai_addrlen);
    cfg->addrlen = res->ai_addrlen;
    freeaddrinfo(res);
    return 0;
bad:
    fprintf(stderr, "tracuu-web: --listen wants ADDR:PORT ([ADDR]:PORT for IPv6), not '%s'\n",
            s);
    return -1;
}

static int is_loopback(const struct sockaddr_storage *a)
{
    if (a->ss_family == AF_INET)
        return (ntohl(((const struct sockaddr_in *)a)->sin_addr.s_addr) >> 24) == 127;
    const struct in6_addr *v6 = &((const struct sockaddr_in6 *)a)->sin6_addr;
    return IN6_IS_ADDR_LOOPBACK(v6) ||
           (IN6_IS_ADDR_V4MAPPED(v6) && v6->s6_addr[12] == 127);
}

/* The whole of a small text file (PEM), or NULL with a message. */
static char *slurp(const char *opt, const char *path)
{
    FILE *f = fopen(path, "rb");
    if (!f) {
        fprintf(stderr, "tracuu-web: %s %s: %s\n", opt, path, strerror(errno));
        return NULL;
    }
    tr_buf b = {0};
    char chunk[4096];
    size_t n;
    while ((n = fread(chunk, 1, sizeof chunk, f)) > 0 && b.len < (1u << 20))
        if (tr_buf_add(&b, chunk, n))
            break;
    int bad = ferror(f) || b.len == 0 || b.len >= (1u << 20) || !strstr(b.data, "-----BEGIN");
    fclose(f);
    if (bad) {
        fprintf(stderr, "tracuu-web: %s %s: not a PEM file\n", opt, path);
        tr_buf_free(&b);
        return NULL;
    }
    return b.data;
}

/* One line of standard input without its newline, echo off on a tty. */
static int read_password(const char *prompt, char *buf, size_t size)
{
    int tty = isatty(0);
    struct termios old, quiet;
    if (tty) {
        fputs(prompt, stderr);
        fflush(stderr);
        if (tcgetattr(0, &old) == 0) {
            quiet = old;
            quiet.c_lflag &= ~(tcflag_t)ECHO;
            tcsetattr(0, TCSAFLUSH, &quiet);
        } else {
            tty = 0;
        }
    }
    char *got = fgets(buf, (int)size, stdin);
    if (tty) {
        tcsetattr(0, TCSAFLUSH, &old);
        fputc('\n', stderr);
    }
    if (!got)
        return -1;
    size_t len = strlen(buf);
    if (len == size - 1 && buf[len - 1] != '\n') {
        fprintf(stderr, "tracuu-web: password longer than %zu bytes\n", size - 2);
        return -1;
    }
    while (len > 0 && (buf[len - 1] == '\n' || buf[len - 1] == '\r'))
        buf[--len] = '\0';
    return 0;
}

static int add_user(const char *file, const char *name)
{
    char pw[1024], again[1024], err[1024];
    int rc = EX_FAIL;
    if (read_password("Password: ", pw, sizeof pw)) {
        fprintf(stderr, "tracuu-web: --add-user: no password on standard input\n");
        return EX_USAGE;
    }
    if (isatty(0)) {
        if (read_password("Again: ", again, sizeof again) || strcmp(pw, again) != 0) {
            fprintf(stderr, "tracuu-web: the two passwords differ; nothing changed\n");
            rc = EX_USAGE;
            goto out;
        }
    }
    if (wb_users_add(file, name, pw, err, sizeof err)) {
        fprintf(stderr, "tracuu-web: --add-user: %s\n", err);
        rc = strstr(err, "password") || strstr(err, "user name") ? EX_USAGE : EX_FAIL;
        goto out;
    }
    fprintf(stderr, "tracuu-web: %s: password set for %s\n", file, name);
    rc = EX_OK;
out:
    explicit_bzero(pw, sizeof pw);
    explicit_bzero(again, sizeof again);
    return rc;
}

int main(int argc, char **argv)
{
    enum { O_DB = 256, O_LISTEN, O_THREADS, O_USERS, O_ADDUSER, O_CERT, O_KEY, O_MAXCONN,
           O_PERIP, O_TIMEOUT, O_CORS, O_VERSION, O_BUDGET, O_TOPMAX, O_PARTIAL,
           O_SHARD_TIMEOUT };
    static const struct option longopts[] = {
        {"db", required_argument, NULL, O_DB},
        {"listen", required_argument, NULL, O_LISTEN},
        {"threads", required_argument, NULL, O_THREADS},
        {"users", required_argument, NULL, O_USERS},
        {"add-user", required_argument, NULL, O_ADDUSER},
        {"tls-cert", required_argument, NULL, O_CERT},
        {"tls-key", required_argument, NULL, O_KEY},
        {"max-connections", required_argument, NULL, O_MAXCONN},
        {"max-per-ip", required_argument, NULL, O_PERIP},
        {"timeout", required_argument, NULL, O_TIMEOUT},
        {"cors", required_argument, NULL, O_CORS},
        {"count-budget", required_argument, NULL, O_BUDGET},
        {"top-cited-max", required_argument, NULL, O_TOPMAX},
        {"allow-partial", no_argument, NULL, O_PARTIAL},
        {"shard-timeout", required_argument, NULL, O_SHARD_TIMEOUT},
        {"quiet", no_argument, NULL, 'q'},
        {"help", no_argument, NULL, 'h'},
        {"version", no_argument, NULL, O_VERSION},
        {NULL, 0, NULL, 0}};
    wb_config cfg;
    memset(&cfg, 0, sizeof cfg);
    long cores = sysconf(_SC_NPROCESSORS_ONLN);
    cfg.threads = cores < 1 ? 1 : cores > 64 ? 64 : (unsigned)cores;
    cfg.max_conns = 512;
    cfg.per_ip = 64;
    cfg.timeout = 15;
    const char *listen_at = "127.0.0.1:8080", *users = NULL, *adduser = NULL;
    const char *certf = NULL, *keyf = NULL;
    char *dbpath = NULL, *cert = NULL, *key = NULL;
    wb_users *u = NULL;
    int c, rc = EX_USAGE;

    /* The pages are in Vietnamese, so the library's messages they show (a
     * query's error, positioned) are too, whatever the service's locale. */
    setenv("LANGUAGE", "vi", 0);
    if (!getenv("LC_ALL") && !getenv("LC_MESSAGES") && !getenv("LANG"))
        setenv("LANG", "C.UTF-8", 1);
    tr_i18n_init();

    while ((c = getopt_long(argc, argv, "qh", longopts, NULL)) != -1) {
        switch (c) {
        case O_DB: free(dbpath); dbpath = strdup(optarg); break;
        case O_LISTEN: listen_at = optarg; break;
        case O_THREADS:
            if (parse_num("--threads", optarg, 1, 256, &cfg.threads)) goto out;
            break;
        case O_USERS: users = optarg; break;
        case O_ADDUSER: adduser = optarg; break;
        case O_CERT: certf = optarg; break;
        case O_KEY: keyf = optarg; break;
        case O_MAXCONN:
            if (parse_num("--max-connections", optarg, 1, 65536, &cfg.max_conns)) goto out;
            break;
        case O_PERIP:
            if (parse_num("--max-per-ip", optarg, 0, 65536, &cfg.per_ip)) goto out;
            break;
        case O_TIMEOUT:
            if (parse_num("--timeout", optarg, 1, 86400, &cfg.timeout)) goto out;
            break;
        case O_CORS: cfg.cors = optarg; break;
        case O_BUDGET: {
            unsigned v;
            if (parse_num("--count-budget", optarg, 1, 4000000000u, &v)) goto out;
            wb_count_budget = v;
            break;
        }
        case O_PARTIAL: cfg.oo.allow_partial = 1; break;
        case O_SHARD_TIMEOUT: {
            unsigned v;
            if (parse_num("--shard-timeout", optarg, 1, 3600000, &v)) goto out;
            cfg.oo.timeout_ms = cfg.oo.connect_timeout_ms = v;
            break;
        }
        case O_TOPMAX: {
            unsigned v;
            if (parse_num("--top-cited-max", optarg, 1, 4000000000u, &v)) goto out;
            wb_top_max_docs = v;
            break;
        }
        case 'q': cfg.quiet = 1; break;
        case 'h': usage(stdout); rc = EX_OK; goto out;
        case O_VERSION: printf("tracuu-web %s\n", TR_VERSION); rc = EX_OK; goto out;
        default:   /* getopt has named the option: one line more, not the help */
            fputs(_("Try 'tracuu-web --help' for the options.\n"), stderr);
            goto out;
        }
    }
    if (adduser) {
        if (optind != argc - 1) {
            fprintf(stderr, "tracuu-web: --add-user FILE NAME: give exactly one NAME\n");
            goto out;
        }
        rc = add_user(adduser, argv[optind]);
        goto out;
    }
    if (optind < argc) {
        fprintf(stderr, "tracuu-web: unexpected argument '%s' (see tracuu-web --help)\n",
                argv[optind]);
        goto out;
    }
    if (cfg.per_ip > cfg.max_conns)
        cfg.per_ip = cfg.max_conns;
    if (cfg.cors && (!*cfg.cors || strpbrk(cfg.cors, "\r\n"))) {
        fprintf(stderr, "tracuu-web: --cors wants an origin like https://intranet.example\n");
        goto out;
    }
    if (parse_listen(listen_at, &cfg))
        goto out;
    if (!certf != !keyf) {
        fprintf(stderr, "tracuu-web: --tls-cert and --tls-key go together\n");
        goto out;
    }
    if (certf) {
        if (MHD_is_feature_supported(MHD_FEATURE_TLS) != MHD_YES) {
            fprintf(stderr, "tracuu-web: this libmicrohttpd was built without TLS "
                            "(GnuTLS); cannot use --tls-cert\n");
            rc = EX_FAIL;
            goto out;
        }
        if (!(cert = slurp("--tls-cert", certf)) || !(key = slurp("--tls-key", keyf)))
            goto out;
        cfg.tls_cert = cert;
        cfg.tls_key = key;
    }
    if (users) {
        char err[1024];
        if (wb_users_load(users, &u, err, sizeof err)) {
            fprintf(stderr, "tracuu-web: %s\n", err);
            goto out;
        }
        cfg.users = u;
        if (!certf && !is_loopback(&cfg.addr))
            fprintf(stderr, "tracuu-web: warning: --users without --tls-cert on a network "
                            "address: passwords cross the network in clear text\n");
    }
    if (!dbpath && !(dbpath = tr_default_db())) {
        fprintf(stderr, "tracuu-web: no --db given and neither $TRACUU_DB nor $HOME is set\n");
        goto out;
    }
    cfg.db = dbpath;

    /* fail now, not on the first request, when there is no index */
    const char *paths[1] = {dbpath};
    tr_db *db = NULL;
    char *err = NULL;
    int orc = tr_db_open_readonly_ex(paths, 1, &cfg.oo, &db, &err);
    if (orc != 0) {
        if (orc == TR_DB_SHARD)
            fprintf(stderr, "tracuu-web: %s: %s\n", dbpath, err ? err : "a shard failed");
        else if (orc == TR_DB_NOTFOUND)
            fprintf(stderr, "tracuu-web: %s: no index here; build one with: "
                            "tracuu-index --db %s DIR\n", dbpath, dbpath);
        else
            fprintf(stderr, "tracuu-web: %s: cannot open the index: %s\n", dbpath,
                    err ? err : "unknown error");
        free(err);
        rc = EX_DB;
        goto out;
    }
    tr_db_close(db);

    sigset_t set;
    sigemptyset(&set);
    sigaddset(&set, SIGTERM);
    sigaddset(&set, SIGINT);
    pthread_sigmask(SIG_BLOCK, &set, NULL);
    rc = wb_serve(&cfg);
out:
    wb_users_free(u);
    free(cert);
    if (key) {
        explicit_bzero(key, strlen(key));
        free(key);
    }
    free(dbpath);
    return rc;
}

/*
 * watch.c — tracuu-index --watch: keep an index current while folders
 * change under it.
 *
 * Design: inotify only says *which paths* need looking at; the work is
 * done by the ordinary incremental machinery (ix_walk, ix_run), so a
 * watched folder ends in exactly the state a manual run would leave.
 *
 *   1. A full pass: walk the roots, ix_run (size/mtime comparison, sweep
 *      of vanished files), watch every directory.
 *   2. Events mark paths dirty in a table (path -> time of the last event,
 *      closed-after-write or not).  New directories are watched and walked
 *      at once, so files created before the watch existed are not missed.
 *   3. When the folders have been quiet for QUIET seconds (or pending work
 *      is older than MAX_WAIT, so a steady stream is not starved), the
 *      dirty paths that are ready become one ix_run: one stream of
 *      transactions of --batch documents, not a commit per file.  A file
 *      is ready when it was closed after writing or renamed into place, or
 *      when nothing has happened to it for STABLE seconds: a copy still
 *      growing keeps producing events and waits.  A path that no longer
 *      exists is deleted from the index by its unique id; a directory that
 *      went away becomes a root of ix_run's sweep.
 *   4. A full pass again on SIGHUP, every --rescan-every seconds (network
 *      mounts, where inotify sees only local writers), after an inotify
 *      queue overflow, and periodically when the watch limit was hit.
 *
 * The writer stays open between batches: readers see each commit, and a
 * second tracuu-index on the same database is refused (it would fight
 * over the write lock anyway).  SIGTERM/SIGINT set a flag the pipeline
 * looks at between documents: the open transaction is committed and the
 * program exits 0.  Every action is one line on stderr (the journal).
 */
#define _GNU_SOURCE
#include "config.h"
#include "indexer.h"
#include "tr_i18n.h"

#include <dirent.h>
#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/inotify.h>
#include <sys/vfs.h>
#include <time.h>
#include <unistd.h>

#include "tr_path.h"
#include "tr_schema.h"

#define QUIET     0.5    /* s without events before a batch starts */
#define MAX_WAIT  3.0    /* s a ready path may wait during a steady stream */
#define STABLE    1.0    /* s without events for a file not seen closed */
#define TICK_MS   250    /* poll period while paths are pending */
#define LIMIT_RESCAN 300 /* s between rescans when the watch limit was hit */
#define MAX_DEPTH 256

#define WATCH_MASK (IN_CREATE | IN_CLOSE_WRITE | IN_MODIFY | IN_ATTRIB | IN_MOVED_FROM | \
                    IN_MOVED_TO | IN_DELETE | IN_DELETE_SELF | IN_MOVE_SELF | IN_ONLYDIR)

static volatile sig_atomic_t stop_flag, hup_flag;

static void on_signal(int sig)
{
    if (sig == SIGHUP)
        hup_flag = 1;
    else
        stop_flag = 1;
}

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

static void logp(const char *verb, const char *path)
{
    char buf[1024];
    fprintf(stderr, "%s %s\n", verb, ix_printable(path, buf, sizeof buf));
}

/* ---- what is never a document: office lock and temporary files ---- */

static int ends_with(const char *s, const char *suf)
{
    size_t n = strlen(s), k = strlen(suf);
    return n >= k && strcasecmp(s + n - k, suf) == 0;
}

int ix_temporary_name(const char *path)
{
    const char *b = strrchr(path, '/');
    b = b ? b + 1 : path;
    /* ~$x.docx: Word's owner file; .~lock.x#: LibreOffice's lock (hidden
     * anyway); ~WRL0001.tmp, x.tmp: saves in progress; x~ and #x#:
     * editors' backups; .part/.crdownload/.partial: downloads and copies
     * in progress. */
    return b[0] == '~' || b[0] == '.' || (b[0] == '#' && ends_with(b + 1, "#")) ||
           ends_with(b, "~") || ends_with(b, ".tmp") || ends_with(b, ".temp") ||
           ends_with(b, ".part") || ends_with(b, ".partial") ||
           ends_with(b, ".crdownload") || ends_with(b, ".swp");
}

/* ---- "tracuu.last_change": when the index last changed ---- */

void ix_note_change(tr_db *db, const ix_counts *c)
{
    if (!c->indexed && !c->updated && !c->removed)
        return;
    char buf[64];
    time_t t = time(NULL);
    struct tm tm;
    localtime_r(&t, &tm);
    strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%S%z", &tm);
    tr_db_set_metadata(db, "tracuu.last_change", buf);
}

/* ---- the watcher's state ---- */

typedef struct {
    char *path;
    double t;            /* last event */
    unsigned char closed, isdir, used;
} dirty;

typedef struct {
    tr_db *db;
    const char *dbpath;
    ix_run_options ro;   /* for batches: per-file log lines, no progress */
    const ix_run_options *ro_full;
    char **roots;
    size_t nroots;
    unsigned formats;
    int fd;              /* inotify, -1 when unavailable */
    char **wd_path;      /* by watch descriptor (they are never reused soon) */
    size_t nwd;
    size_t nwatched;
    int limit_hit;
    unsigned rescan_every;
    dirty *tab;          /* open addressing, power-of-two size */
    size_t tabcap, ntab;
    double first_pending, last_event;
    int quiet_walk;      /* walk skips are printed on the first pass only */
} watcher;

/* ---- the dirty table ---- */

static size_t hash(const char *s)
{
    size_t h = 1469598103934665603u;
    for (; *s; s++)
        h = (h ^ (unsigned char)*s) * 1099511628211u;
    return h;
}

static int tab_grow(watcher *w)
{
    size_t cap = w->tabcap ? w->tabcap * 2 : 1024;
    dirty *t = calloc(cap, sizeof *t);
    if (!t)
        return -1;
    for (size_t i = 0; i < w->tabcap; i++)
        if (w->tab[i].used) {
            size_t j = hash(w->tab[i].path) & (cap - 1);
            while (t[j].used)
                j = (j + 1) & (cap - 1);
            t[j] = w->tab[i];
        }
    free(w->tab);
    w->tab = t;
    w->tabcap = cap;
    return 0;
}

/* Records an event on path at time t.  closed: 1 closed after writing or
 * renamed into place, 0 written to, -1 unchanged (attributes). */
static void put(watcher *w, const char *path, double t, int closed, int isdir)
{
    if ((w->ntab + 1) * 2 > w->tabcap && tab_grow(w) != 0)
        return;   /* out of memory: the next rescan catches up */
    size_t j = hash(path) & (w->tabcap - 1);
    while (w->tab[j].used && strcmp(w->tab[j].path, path) != 0)
        j = (j + 1) & (w->tabcap - 1);
    if (!w->tab[j].used) {
        char *p = strdup(path);
        if (!p)
            return;
        w->tab[j] = (dirty){p, t, 0, 0, 1};
        w->ntab++;
    }
    w->tab[j].t = t;
    if (closed >= 0)
        w->tab[j].closed = (unsigned char)closed;
    w->tab[j].isdir |= (unsigned char)isdir;
    if (w->first_pending == 0 || t < w->first_pending)
        w->first_pending = t;
}

static void mark(watcher *w, const char *path, int closed, int isdir)
{
    double t = now();
    put(w, path, t, closed, isdir);
    w->last_event = t;
}

/* ---- watches ---- */

static void limit_message(watcher *w, int err)
{
    if (w->limit_hit)
        return;
    w->limit_hit = 1;
    if (!w->rescan_every)
        w->rescan_every = LIMIT_RESCAN;
    fprintf(stderr,
            _("tracuu-index: %s after %zu folders: raise the limit, e.g. "
              "`sysctl fs.inotify.max_user_watches=524288` (and a file in /etc/sysctl.d/ to "
              "keep it); until then every folder is rescanned every %u s\n"),
            err == ENOSPC ? _("inotify watch limit (fs.inotify.max_user_watches) reached")
                          : _("out of kernel memory for inotify watches"),
            w->nwatched, w->rescan_every);
}

static int add_watch(watcher *w, const char *dir)
{
    if (w->fd < 0)
        return -1;
    int wd = inotify_add_watch(w->fd, dir, WATCH_MASK);
    if (wd < 0) {
        if (errno == ENOSPC || errno == ENOMEM)
            limit_message(w, errno);
        return -1;
    }
    if ((size_t)wd >= w->nwd) {
        size_t n = (size_t)wd * 2 + 64;
        char **v = realloc(w->wd_path, n * sizeof *v);
        if (!v)
            return -1;
        memset(v + w->nwd, 0, (n - w->nwd) * sizeof *v);
        w->wd_path = v;
        w->nwd = n;
    }
    if (!w->wd_path[wd])
        w->nwatched++;
    else if (strcmp(w->wd_path[wd], dir) == 0)
        return 0;
    free(w->wd_path[wd]);
    w->wd_path[wd] = strdup(dir);
    return 0;
}

/* Watches dir and the folders under it (hidden ones are not indexed, so
 * not watched).  mark_files: also mark every file found dirty — a folder
 * that was just created or moved in may have filled before its watch. */
static void watch_tree(watcher *w, const char *dir, int mark_files, int depth)
{
    if (depth >= MAX_DEPTH)
        return;
    add_watch(w, dir);
    DIR *d = opendir(dir);
    if (!d)
        return;
    struct dirent *e;
    while ((e = readdir(d)) != NULL) {
        if (e->d_name[0] == '.')
            continue;
        char *p;
        if (asprintf(&p, "%s/%s", dir, e->d_name) < 0)
            break;
        struct stat st;
        if (stat(p, &st) == 0) {
            struct stat lst;
            /* Links to folders are followed by the walk but not watched
             * here: a link back up would recurse without end. */
            if (S_ISDIR(st.st_mode) && lstat(p, &lst) == 0 && !S_ISLNK(lst.st_mode))
                watch_tree(w, p, mark_files, depth + 1);
            else if (mark_files && S_ISREG(st.st_mode))
                mark(w, p, 1, 0);
        }
        free(p);
    }
    closedir(d);
}

/* Forgets the watches of dir and everything under it (a folder moved
 * away keeps its watch, under a name that is no longer true). */
static void unwatch_tree(watcher *w, const char *dir)
{
    size_t n = strlen(dir);
    for (size_t i = 0; i < w->nwd; i++)
        if (w->wd_path[i] && strncmp(w->wd_path[i], dir, n) == 0 &&
            (w->wd_path[i][n] == '\0' || w->wd_path[i][n] == '/')) {
            inotify_rm_watch(w->fd, (int)i);
            free(w->wd_path[i]);
            w->wd_path[i] = NULL;
            w->nwatched--;
        }
}

/* ---- passes ---- */

static void on_skip(const char *path, const char *why, void *ctx)
{
    watcher *w = ctx;
    if (w->quiet_walk)
        return;
    char buf[1024];
    fprintf(stderr, "tracuu-index: %s: %s\n", ix_printable(path, buf, sizeof buf), why);
}

void ix_drop_temporary(ix_filelist *fl)
{
    size_t k = 0;
    for (size_t i = 0; i < fl->n; i++) {
        if (ix_temporary_name(fl->v[i].path))
            free(fl->v[i].path);
        else
            fl->v[k++] = fl->v[i];
    }
    fl->n = k;
}

/* Commits the batch's last changes with the "last change" mark. */
static int finish(watcher *w, const ix_counts *c)
{
    if (tr_db_begin(w->db) != 0)
        goto fail;
    ix_note_change(w->db, c);
    if (tr_db_commit_tx(w->db) != 0)
        goto fail;
    return 0;
fail:
    fprintf(stderr, _("tracuu-index: %s: commit failed: %s\n"), w->dbpath, tr_db_errmsg(w->db));
    return -1;
}

/* The whole roots, as a manual run would; then every folder watched. */
static int full_pass(watcher *w, const char *why)
{
    double t0 = now();
    ix_filelist fl = {0};
    fl.formats = w->formats;
    for (size_t i = 0; i < w->nroots; i++) {
        size_t had = fl.nroots;
        if (ix_walk(&fl, w->roots[i], on_skip, w) != 0) {
            fprintf(stderr, "%s", _("tracuu-index: out of memory listing files\n"));
            ix_filelist_free(&fl);
            return -1;
        }
        /* An empty root is most likely a share that is not mounted (its
         * mount point is an empty folder): sweeping it would empty the
         * index.  Its documents stay; deletions seen by inotify still
         * remove them one by one. */
        if (ix_spare_empty_root(&fl, had))
            fprintf(stderr, _("tracuu-index: %s is empty (a share not mounted?): its documents "
                              "are kept\n"), w->roots[i]);
    }
    ix_drop_temporary(&fl);
    ix_counts c = {0};
    int rc = ix_run(w->db, &fl, w->ro_full, &c);
    ix_filelist_free(&fl);
    if (rc == 0)
        rc = finish(w, &c);
    if (rc == 0 && !stop_flag)
        for (size_t i = 0; i < w->nroots; i++)
            watch_tree(w, w->roots[i], 0, 0);
    w->quiet_walk = 1;
    fprintf(stderr,
            _("tracuu-index: %s: %lu indexed, %lu updated, %lu unchanged, %lu removed, "
              "%lu skipped in %.2f s; watching %zu folder(s)%s\n"),
            why, c.indexed, c.updated, c.unchanged, c.removed, c.skipped, now() - t0,
            w->nwatched, w->fd < 0 ? _(" by rescans only") : "");
    ix_print_reanalysed(&c);
    return rc;
}

static int push_file(ix_filelist *fl, const char *path, const struct stat *st)
{
    if (fl->n == fl->cap) {
        size_t cap = fl->cap ? fl->cap * 2 : 64;
        ix_file *v = realloc(fl->v, cap * sizeof *v);
        if (!v)
            return -1;
        fl->v = v;
        fl->cap = cap;
    }
    if (!(fl->v[fl->n].path = strdup(path)))
        return -1;
    fl->v[fl->n].st = *st;
    fl->n++;
    return 0;
}

static int push_root(ix_filelist *fl, const char *path)
{
    char **r = realloc(fl->roots, (fl->nroots + 1) * sizeof *r);
    if (!r)
        return -1;
    fl->roots = r;
    if (!(r[fl->nroots] = strdup(path)))
        return -1;
    fl->nroots++;
    return 0;
}

/* A file worth indexing: the same choice as the walk of a folder. */
static int candidate(const watcher *w, const char *path)
{
    const char *b = strrchr(path, '/');
    b = b ? b + 1 : path;
    size_t n = strlen(b);
    if (n > 5 && strcmp(b + n - 5, ".meta") == 0)
        return 0;
    if (ix_temporary_name(path) || !ix_accepted_name(path, w->formats))
        return 0;
    if (access(path, R_OK) != 0) {
        char buf[1024];
        fprintf(stderr, _("tracuu-index: %s: not readable (permission denied)\n"),
                ix_printable(path, buf, sizeof buf));
        return 0;
    }
    return 1;
}

/* One batch: the ready dirty paths.  Paths not ready stay in the table. */
static int flush(watcher *w)
{
    double t = now();
    ix_filelist fl = {0};
    fl.formats = w->formats;
    dirty *old = w->tab;
    size_t oldcap = w->tabcap;
    w->tab = NULL;
    w->tabcap = w->ntab = 0;
    w->first_pending = 0;
    unsigned long gone = 0;
    int rc = 0, in_tx = 0;
    for (size_t i = 0; i < oldcap; i++) {
        dirty *d = &old[i];
        if (!d->used)
            continue;
        struct stat st;
        if (rc != 0 || stop_flag) {
            /* keep it for later */
        } else if (stat(d->path, &st) != 0 && (errno == ENOENT || errno == ENOTDIR)) {
            if (d->isdir) {
                if (push_root(&fl, d->path) != 0)
                    rc = -1;
            } else {
                char uid[TR_UID_SIZE];
                unsigned docid;
                tr_uid(d->path, uid);
                if (tr_db_find(w->db, uid, &docid) == 1) {
                    if (!in_tx && (rc = tr_db_begin(w->db)) == 0)
                        in_tx = 1;
                    if (rc == 0 && (rc = tr_db_delete(w->db, uid)) == 0) {
                        gone++;
                        logp(_("removed"), d->path);
                    }
                }
            }
            free(d->path);
            continue;
        } else if (S_ISREG(st.st_mode)) {
            if (!(d->closed || t - d->t >= STABLE)) {
                put(w, d->path, d->t, 0, 0);   /* still being written */
                free(d->path);
                continue;
            }
            if (candidate(w, d->path) && push_file(&fl, d->path, &st) != 0)
                rc = -1;
            free(d->path);
            continue;
        } else {
            free(d->path);   /* folders were walked when they appeared */
            continue;
        }
        put(w, d->path, d->t, d->closed, d->isdir);
        free(d->path);
    }
    free(old);
    if (rc == 0 && in_tx) {
        rc = tr_db_commit_tx(w->db);
        in_tx = 0;
    }
    if (in_tx)
        tr_db_cancel_tx(w->db);
    if (rc != 0) {
        fprintf(stderr, _("tracuu-index: %s: database error: %s\n"), w->dbpath,
                tr_db_errmsg(w->db)[0] ? tr_db_errmsg(w->db) : _("out of memory"));
        ix_filelist_free(&fl);
        return -1;
    }
    ix_counts c = {0};
    if (fl.n || fl.nroots) {
        rc = ix_run(w->db, &fl, &w->ro, &c);
        for (size_t i = 0; rc == 0 && c.removed && i < fl.nroots; i++)
            logp(_("removed the documents under"), fl.roots[i]);
    }
    c.removed += gone;
    ix_filelist_free(&fl);
    if (rc == 0 && (c.indexed || c.updated || c.removed))
        rc = finish(w, &c);
    return rc;
}

static void on_event(watcher *w, const struct inotify_event *ev)
{
    if (ev->mask & IN_Q_OVERFLOW) {
        fprintf(stderr, "%s", _("tracuu-index: too many changes at once (inotify queue "
                                "overflow); rescanning\n"));
        hup_flag = 1;
        return;
    }
    if (ev->wd < 0 || (size_t)ev->wd >= w->nwd || !w->wd_path[ev->wd])
        return;
    const char *dir = w->wd_path[ev->wd];
    if (ev->mask & IN_IGNORED) {
        free(w->wd_path[ev->wd]);
        w->wd_path[ev->wd] = NULL;
        w->nwatched--;
        return;
    }
    if (ev->mask & (IN_DELETE_SELF | IN_MOVE_SELF)) {
        for (size_t i = 0; i < w->nroots; i++)
            if (strcmp(dir, w->roots[i]) == 0) {
                fprintf(stderr, _("tracuu-index: %s: the watched folder went away; its "
                                  "documents are removed, and it is watched again at the next "
                                  "rescan (SIGHUP)\n"), dir);
                mark(w, dir, 0, 1);
            }
        return;
    }
    if (!ev->len || ev->name[0] == '.')
        return;   /* hidden entries (.~lock.x#) are never indexed */
    char *p;
    if (asprintf(&p, "%s/%s", dir, ev->name) < 0)
        return;
    if (ev->mask & IN_ISDIR) {
        if (ev->mask & (IN_CREATE | IN_MOVED_TO)) {
            if (ev->mask & IN_MOVED_TO)
                mark(w, p, 0, 1);   /* a folder moved over another */
            watch_tree(w, p, 1, 1);
        } else if (ev->mask & (IN_MOVED_FROM | IN_DELETE)) {
            unwatch_tree(w, p);
            mark(w, p, 0, 1);
        }
    } else if (!ix_temporary_name(p)) {
        /* a sidecar's change is its document's: ix_run's change stamp
         * covers the sidecar */
        size_t n = strlen(p);
        if (n > 5 && strlen(ev->name) > 5 && !strcmp(p + n - 5, ".meta"))
            p[n - 5] = '\0';
        mark(w, p, ev->mask & (IN_CLOSE_WRITE | IN_MOVED_TO) ? 1
                   : ev->mask & (IN_MODIFY | IN_CREATE)    ? 0 : -1, 0);
    }
    free(p);
}

static void read_events(watcher *w)
{
    char buf[64 * 1024] __attribute__((aligned(__alignof__(struct inotify_event))));
    for (;;) {
        ssize_t n = read(w->fd, buf, sizeof buf);
        if (n <= 0)
            return;
        for (char *p = buf; p < buf + n;) {
            const struct inotify_event *ev = (const struct inotify_event *)p;
            on_event(w, ev);
            p += sizeof *ev + ev->len;
        }
    }
}

/* Network file systems: inotify sees only what this machine writes. */
static void warn_network(const char *root, unsigned rescan)
{
    struct statfs sf;
    if (rescan || statfs(root, &sf) != 0)
        return;
    unsigned long t = (unsigned long)sf.f_type;
    if (t == 0x6969 || t == 0x517B || t == 0xFF534D42 || t == 0xFE534D42 || t == 0x65735546)
        fprintf(stderr, _("tracuu-index: %s is on a network file system, where changes made "
                          "by other machines raise no events: add --rescan-every SECONDS\n"),
                root);
}

int ix_watch(tr_db *db, const char *dbpath, char *const *args, int nargs,
             const ix_run_options *ro, unsigned rescan_every)
{
    watcher w;
    memset(&w, 0, sizeof w);
    w.db = db;
    w.dbpath = dbpath;
    w.ro_full = ro;
    w.ro = *ro;
    w.ro.progress = 0;
    if (w.ro.verbose < 1)
        w.ro.verbose = 1;
    w.formats = ro->opt->formats;
    w.rescan_every = rescan_every;
    int rc = 0;

    w.roots = calloc((size_t)nargs, sizeof *w.roots);
    for (int i = 0; w.roots && i < nargs; i++) {
        struct stat st;
        char *abs = tr_abspath(args[i]);
        int bad = !abs ? ENOMEM : stat(abs, &st) != 0 ? errno : 0;
        if (bad || !S_ISDIR(st.st_mode)) {
            fprintf(stderr, "tracuu-index: %s: %s\n", args[i],
                    bad ? strerror(bad) : _("not a folder (--watch follows folders)"));
            free(abs);
            rc = IX_USAGE;
            break;
        }
        w.roots[w.nroots++] = abs;
        warn_network(abs, rescan_every);
    }
    if (!w.roots)
        rc = IX_DBERR;

    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_signal;
    sigemptyset(&sa.sa_mask);   /* no SA_RESTART: a signal ends ppoll */
    sigaction(SIGTERM, &sa, NULL);
    sigaction(SIGINT, &sa, NULL);
    sigaction(SIGHUP, &sa, NULL);
    sigset_t block, orig;
    sigemptyset(&block);
    sigaddset(&block, SIGTERM);
    sigaddset(&block, SIGINT);
    sigaddset(&block, SIGHUP);
    w.ro.stop = &stop_flag;
    ix_run_options full = *ro;
    full.stop = &stop_flag;
    w.ro_full = &full;

    if (rc == 0) {
        w.fd = inotify_init1(IN_NONBLOCK | IN_CLOEXEC);
        if (w.fd < 0) {
            if (!w.rescan_every)
                w.rescan_every = LIMIT_RESCAN;
            fprintf(stderr, _("tracuu-index: cannot use inotify (%s)%s; rescanning every %u s "
                              "instead\n"), strerror(errno),
                    errno == EMFILE ? _(": raise fs.inotify.max_user_instances") : "",
                    w.rescan_every);
        }
        /* Watches first, then the pass: what changes during a long first
         * pass is seen too. */
        for (size_t i = 0; i < w.nroots; i++)
            watch_tree(&w, w.roots[i], 0, 0);
        if (full_pass(&w, _("first pass")) != 0)
            rc = IX_DBERR;
    }
    double next_rescan = w.rescan_every ? now() + w.rescan_every : 0;
    while (rc == 0 && !stop_flag) {
        double t = now();
        if (hup_flag || (next_rescan && t >= next_rescan)) {
            const char *why = hup_flag ? _("rescan (SIGHUP)") : _("rescan");
            hup_flag = 0;
            if (w.fd >= 0)
                read_events(&w);   /* the pass covers what is pending */
            if (full_pass(&w, why) != 0)
                rc = IX_DBERR;
            next_rescan = w.rescan_every ? now() + w.rescan_every : 0;
            continue;
        }
        if (w.ntab && (t - w.last_event >= QUIET || t - w.first_pending >= MAX_WAIT)) {
            if (flush(&w) != 0)
                rc = IX_DBERR;
            continue;
        }
        int timeout = w.ntab ? TICK_MS : -1;
        if (next_rescan) {
            double left = next_rescan - t;
            int ms = left <= 0 ? 0 : left > 3600 ? 3600000 : (int)(left * 1000) + 1;
            if (timeout < 0 || ms < timeout)
                timeout = ms;
        }
        struct pollfd pfd = {w.fd, POLLIN, 0};
        struct timespec ts, *tsp = NULL;
        if (timeout >= 0) {
            ts.tv_sec = timeout / 1000;
            ts.tv_nsec = (long)(timeout % 1000) * 1000000;
            tsp = &ts;
        }
        /* The flags are checked with the signals blocked and ppoll
         * unblocks them atomically: a signal cannot slip in between. */
        sigprocmask(SIG_BLOCK, &block, &orig);
        if (!stop_flag && !hup_flag) {
            int n = ppoll(&pfd, w.fd >= 0 ? 1 : 0, tsp, &orig);
            if (n > 0 && (pfd.revents & POLLIN))
                read_events(&w);
        }
        sigprocmask(SIG_SETMASK, &orig, NULL);
    }
    if (stop_flag && rc == 0)
        fprintf(stderr, "%s", _("tracuu-index: stopped by a signal; the index is committed\n"));

    if (w.fd >= 0)
        close(w.fd);
    for (size_t i = 0; i < w.nwd; i++)
        free(w.wd_path[i]);
    free(w.wd_path);
    for (size_t i = 0; i < w.tabcap; i++)
        free(w.tab[i].path);
    free(w.tab);
    for (size_t i = 0; i < w.nroots; i++)
        free(w.roots[i]);
    free(w.roots);
    return rc;
}

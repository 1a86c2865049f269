/*
 * pipeline.c — analysis threads feeding the single Xapian writer.
 *
 * Why this shape: Xapian allows one writer per database, but most of the
 * cost of indexing is ours — reading, decoding, metadata, citations,
 * tokenizing, building the term list — and that is independent per file.
 * So `threads` workers each turn a file into a finished tr_doc, and the
 * main thread only hands documents to Xapian.  (Building shards in
 * parallel and compacting them was the alternative; it doubles the disk
 * traffic and the writer is not the bottleneck on two cores, so the
 * pipeline stays until a profile says otherwise.)  The hand-over queue is
 * bounded, so memory stays flat however large the corpus.
 *
 * Crash safety: documents are written inside Xapian transactions of
 * batch_docs documents or batch_bytes of text; a kill at any moment leaves
 * the last committed batch, and the next incremental run (which compares
 * size, mtime and content hash) redoes exactly what is missing.
 */
#include "config.h"
#include "indexer.h"
#include "tr_i18n.h"

#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "tr_path.h"
#include "tr_schema.h"

typedef struct {
    const ix_file *file;
} job;

typedef struct {
    const ix_run_options *ro;
    job *jobs;
    size_t njobs, next;
    ix_result **ring;             /* finished results, bounded */
    size_t cap, head, count;
    int stop;
    pthread_mutex_t mu;
    pthread_cond_t not_empty, not_full;
} pipe_state;

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

static void *worker(void *arg)
{
    pipe_state *p = arg;
    ix_analyzer *a = ix_analyzer_new();
    for (;;) {
        pthread_mutex_lock(&p->mu);
        if (p->stop || p->next >= p->njobs) {
            pthread_mutex_unlock(&p->mu);
            break;
        }
        size_t i = p->next++;
        pthread_mutex_unlock(&p->mu);

        ix_result *r = calloc(1, sizeof *r);
        if (r && a) {
            ix_analyze(a, p->ro->opt, p->jobs[i].file->path, &p->jobs[i].file->st, 1, r);
        } else if (r) {
            r->path = p->jobs[i].file->path;
            r->skipped = 1;
            snprintf(r->why, sizeof r->why, "%s", _("out of memory"));
        }
        /* r == NULL is passed on too: the writer counts it as skipped. */
        pthread_mutex_lock(&p->mu);
        while (p->count == p->cap && !p->stop)
            pthread_cond_wait(&p->not_full, &p->mu);
        if (p->stop) {
            pthread_mutex_unlock(&p->mu);
            if (r) {
                ix_result_free(r);
                free(r);
            }
            break;
        }
        p->ring[(p->head + p->count) % p->cap] = r;
        p->count++;
        pthread_cond_signal(&p->not_empty);
        pthread_mutex_unlock(&p->mu);
    }
    ix_analyzer_free(a);
    return NULL;
}

/* ---- the set of unique ids seen in this run (for removals) ---- */

typedef struct {
    char (*v)[20];
    size_t n, cap;
} uidset;

static int uid_add(uidset *s, const char *uid)
{
    if (s->n == s->cap) {
        size_t cap = s->cap ? s->cap * 2 : 1024;
        char(*v)[20] = realloc(s->v, cap * sizeof *v);
        if (!v)
            return -1;
        s->v = v;
        s->cap = cap;
    }
    memcpy(s->v[s->n++], uid, 20);
    return 0;
}

static int cmp_uid(const void *a, const void *b)
{
    return strcmp(a, b);
}

typedef struct {
    tr_db *db;
    uidset *seen;
    ix_filelist *fl;
    uidset gone;
    int oom;
} sweep_ctx;

static int under_roots(const ix_filelist *fl, const char *path)
{
    for (size_t i = 0; i < fl->nroots; i++) {
        size_t n = strlen(fl->roots[i]);
        if (strncmp(path, fl->roots[i], n) == 0 &&
            (path[n] == '\0' || path[n] == '/' || strcmp(fl->roots[i], "/") == 0))
            return 1;
    }
    return 0;
}

static int sweep_cb(const char *term, size_t len, unsigned long freq, void *vctx)
{
    (void)freq;
    sweep_ctx *c = vctx;
    char uid[20];
    if (len >= sizeof uid)
        return 0;
    memcpy(uid, term, len);
    uid[len] = '\0';
    if (c->seen->n && bsearch(uid, c->seen->v, c->seen->n, sizeof *c->seen->v, cmp_uid))
        return 0;
    if (uid_add(&c->gone, uid) != 0) {
        c->oom = 1;
        return 1;
    }
    return 0;
}

/* Removes the documents of files under the roots that no longer exist.  A
 * file that exists but could not be read this time keeps its document:
 * nothing already indexed is lost to a transient error. */
static int sweep(tr_db *db, ix_filelist *fl, uidset *seen, ix_counts *cnt)
{
    if (seen->n > 1)   /* qsort(NULL, 0) is undefined */
        qsort(seen->v, seen->n, sizeof *seen->v, cmp_uid);
    sweep_ctx c = {db, seen, fl, {0}, 0};
    int rc = tr_db_allterms(db, TR_PFX_ID, sweep_cb, &c);
    if (rc == 0 && c.oom)
        rc = TR_DB_NOMEM;
    for (size_t i = 0; rc == 0 && i < c.gone.n; i++) {
        unsigned docid;
        char *path = NULL;
        size_t plen;
        if (tr_db_find(db, c.gone.v[i], &docid) != 1 ||
            tr_db_get_value(db, docid, TR_SLOT_PATH, &path, &plen) != 0)
            continue;
        struct stat st;
        if (under_roots(fl, path) && lstat(path, &st) != 0 && errno == ENOENT) {
            rc = tr_db_delete(db, c.gone.v[i]);
            if (rc == 0)
                cnt->removed++;
        }
        free(path);
    }
    free(c.gone.v);
    return rc;
}

static void progress(const ix_run_options *ro, size_t done, size_t total,
                     uint64_t bytes, unsigned long ocr, double t0, int final)
{
    if (!ro->progress)
        return;
    double el = now() - t0;
    double mbs = el > 0 ? bytes / el / 1e6 : 0;
    double eta = done > 0 ? el * (double)(total - done) / (double)done : 0;
    fputs("\r\033[K", stderr);
    fprintf(stderr, _("%zu/%zu files  %.1f MB/s  ETA %d:%02d"), done, total, mbs,
            (int)eta / 60, (int)eta % 60);
    if (ocr)
        fprintf(stderr, _("  %lu page(s) OCR'd"), ocr);
    if (final)
        fputs("\r\033[K", stderr);
    fflush(stderr);
}

static int db_fail(tr_db *db, int rc)
{
    fprintf(stderr, _("tracuu-index: database error: %s\n"),
            tr_db_errmsg(db)[0] ? tr_db_errmsg(db) : _("unknown error"));
    (void)rc;
    return -1;
}

void ix_print_reanalysed(const ix_counts *c)
{
    if (c->reanalysed)
        fprintf(stderr,
                ngettext("tracuu-index: %lu document indexed by another version of tracuu "
                         "was read again with this version's analysis\n",
                         "tracuu-index: %lu documents indexed by another version of tracuu "
                         "were read again with this version's analysis\n", c->reanalysed),
                c->reanalysed);
}

int ix_run(tr_db *db, ix_filelist *fl, const ix_run_options *ro, ix_counts *cnt)
{
    double t0 = now();
    uidset seen = {0};
    job *jobs = calloc(fl->n ? fl->n : 1, sizeof *jobs);
    if (!jobs)
        return db_fail(db, TR_DB_NOMEM);
    size_t njobs = 0;

    /* Decide what changed: size and change stamp (mtime, and the
     * sidecar's), as stored in the values. */
    for (size_t i = 0; i < fl->n; i++) {
        char uid[20];
        tr_uid(fl->v[i].path, uid);
        if (uid_add(&seen, uid) != 0) {
            free(jobs);
            free(seen.v);
            return db_fail(db, TR_DB_NOMEM);
        }
        unsigned docid;
        int found = tr_db_find(db, uid, &docid);
        if (found < 0) {
            free(jobs);
            free(seen.v);
            return db_fail(db, found);
        }
        jobs[njobs].file = &fl->v[i];
        if (found == 1) {
            char *size = NULL, *mt = NULL;
            size_t l;
            char want_size[32], want_mt[IX_STAMP_MAX];
            snprintf(want_size, sizeof want_size, "%lld", (long long)fl->v[i].st.st_size);
            ix_change_stamp(fl->v[i].path, &fl->v[i].st, want_mt);
            tr_db_get_value(db, docid, TR_SLOT_SIZE, &size, &l);
            tr_db_get_value(db, docid, TR_SLOT_MTIME, &mt, &l);
            int same = size && mt && strcmp(size, want_size) == 0 &&
                       strcmp(mt, want_mt) == 0;
            free(size);
            free(mt);
            if (same) {
                cnt->unchanged++;
                if (ro->verbose > 1)
                    fprintf(stderr, _("unchanged %s\n"), fl->v[i].path);
                continue;
            }
        }
        njobs++;
    }

    pipe_state p;
    memset(&p, 0, sizeof p);
    p.ro = ro;
    p.jobs = jobs;
    p.njobs = njobs;
    p.cap = 32;
    p.ring = calloc(p.cap, sizeof *p.ring);
    pthread_mutex_init(&p.mu, NULL);
    pthread_cond_init(&p.not_empty, NULL);
    pthread_cond_init(&p.not_full, NULL);
    int nth = ro->threads < 1 ? 1 : ro->threads;
    pthread_t *th = calloc((size_t)nth, sizeof *th);
    int started = 0, rc = 0;
    if (!p.ring || !th)
        rc = TR_DB_NOMEM;
    for (int i = 0; rc == 0 && i < nth && njobs > 0; i++)
        if (pthread_create(&th[i], NULL, worker, &p) == 0)
            started++;
    if (rc == 0 && njobs > 0 && started == 0)
        rc = TR_DB_NOMEM;

    size_t in_batch = 0, batch_bytes = 0, done = 0;
    int in_tx = 0, stopped = 0;
    double last = 0;
    while (rc == 0 && done < njobs) {
        if (ro->stop && *ro->stop) {
            stopped = 1;   /* the open transaction is committed below */
            break;
        }
        pthread_mutex_lock(&p.mu);
        while (p.count == 0)
            pthread_cond_wait(&p.not_empty, &p.mu);
        ix_result *r = p.ring[p.head];
        p.head = (p.head + 1) % p.cap;
        p.count--;
        pthread_cond_signal(&p.not_full);
        pthread_mutex_unlock(&p.mu);
        done++;

        if (!r) {
            cnt->skipped++;
            fprintf(stderr, _("tracuu-index: out of memory analysing a file\n"));
            continue;
        }
        char pbuf[1024];
        if (r->skipped || !r->doc) {
            cnt->skipped++;
            fprintf(stderr, "tracuu-index: %s: %s\n",
                    ix_printable(r->path, pbuf, sizeof pbuf), r->why);
        } else {
            /* The old state, for the counters: one term lookup. */
            unsigned docid;
            int existed = tr_db_find(db, r->uid, &docid) == 1;
            char *old = NULL, *old_stamp = NULL;
            size_t l;
            if (existed) {
                tr_db_get_value(db, docid, TR_SLOT_HASH, &old, &l);
                tr_db_get_value(db, docid, TR_SLOT_MTIME, &old_stamp, &l);
            }
            char newhash[24];
            snprintf(newhash, sizeof newhash, "%016llx", (unsigned long long)r->hash);
            if (!in_tx) {
                if ((rc = tr_db_begin(db)) != 0) {
                    free(old);
                    ix_result_free(r);
                    free(r);
                    break;
                }
                in_tx = 1;
            }
            rc = tr_db_replace(db, r->uid, r->doc, NULL);
            if (rc == 0) {
                if (!existed) {
                    cnt->indexed++;
                } else if (!ix_stamp_same_analysis(old_stamp, r->stamp)) {
                    cnt->updated++;        /* its facts may have changed */
                    cnt->reanalysed++;
                } else if (old && strcmp(old, newhash) == 0 &&
                           !strcmp(ix_stamp_sidecar(old_stamp), ix_stamp_sidecar(r->stamp))) {
                    cnt->unchanged++;      /* touched, same content, same sidecar */
                } else {
                    cnt->updated++;
                }
                cnt->bytes += r->bytes;
                cnt->ocr_pages += r->ocr_pages;
                in_batch++;
                batch_bytes += r->text_len;
                if (ro->verbose)
                    fprintf(stderr, existed ? _("updated %s\n") : _("indexed %s\n"),
                            ix_printable(r->path, pbuf, sizeof pbuf));
            }
            free(old);
            free(old_stamp);
            if (rc == 0 && (in_batch >= ro->batch_docs || batch_bytes >= ro->batch_bytes)) {
                rc = tr_db_commit_tx(db);
                in_tx = 0;
                in_batch = batch_bytes = 0;
            }
        }
        ix_result_free(r);
        free(r);
        double t = now();
        if (t - last > 0.2) {
            progress(ro, done + cnt->unchanged, fl->n, cnt->bytes, cnt->ocr_pages, t0, 0);
            last = t;
        }
    }

    /* Stop and join the workers (also on error). */
    pthread_mutex_lock(&p.mu);
    p.stop = 1;
    pthread_cond_broadcast(&p.not_full);
    pthread_mutex_unlock(&p.mu);
    for (int i = 0; i < started; i++)
        pthread_join(th[i], NULL);
    while (p.count > 0) {
        ix_result *r = p.ring[p.head];
        p.head = (p.head + 1) % p.cap;
        p.count--;
        if (r) {
            ix_result_free(r);
            free(r);
        }
    }

    if (rc == 0) {
        if (!in_tx && (rc = tr_db_begin(db)) == 0)
            in_tx = 1;
        /* Not after a stop: files not looked at would look vanished.
         * No roots (--watch's batches of single files): nothing to do,
         * and the sweep would read every document. */
        if (rc == 0 && !stopped && fl->nroots)
            rc = sweep(db, fl, &seen, cnt);
        if (rc == 0 && in_tx) {
            rc = tr_db_commit_tx(db);
            in_tx = 0;
        }
    }
    if (rc != 0 && in_tx)
        tr_db_cancel_tx(db);
    progress(ro, fl->n, fl->n, cnt->bytes, cnt->ocr_pages, t0, 1);

    free(th);
    free(p.ring);
    pthread_mutex_destroy(&p.mu);
    pthread_cond_destroy(&p.not_empty);
    pthread_cond_destroy(&p.not_full);
    free(jobs);
    free(seen.v);
    return rc == 0 ? 0 : db_fail(db, rc);
}

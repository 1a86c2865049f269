/*
 * indexer.h — the parts of tracuu-index, shared between its files.
 *
 *   main.c      options, the default database, exit status
 *   walk.c      turning PATH arguments into a list of candidate files
 *   analyze.c   one file -> a ready Xapian document (also --explain)
 *   sandbox.c   running the readers in worker processes with limits
 *   pipeline.c  analysis threads feeding the single Xapian writer
 *   report.c    --explain and --stats output
 *   watch.c     --watch: following folders with inotify
 *   shards.c    the layout of a sharded index (--shards)
 */
#ifndef TR_INDEXER_H
#define TR_INDEXER_H

#include <signal.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/stat.h>

#include "tr_db.h"
#include "tr_meta.h"
#include "tr_cite.h"
#include "tr_buf.h"
#include "tr_extract.h"

/* Exit statuses (documented in tracuu-index.1). */
enum { IX_OK = 0, IX_SKIPPED = 1, IX_USAGE = 2, IX_DBERR = 3 };

/* Files larger than this are refused unless --max-size says otherwise:
 * the whole text is held in memory while it is analysed. */
#define IX_DEFAULT_MAX_SIZE (64u << 20)

/* ---- walk.c ---- */
typedef struct {
    char *path;        /* absolute, as found (symlinks not resolved) */
    struct stat st;    /* stat() of it (symlinks followed) */
} ix_file;

/* Called for every path that cannot be a document (why: one phrase). */
typedef void (*ix_skip_fn)(const char *path, const char *why, void *ctx);

typedef struct {
    ix_file *v;
    size_t n, cap;
    char **roots;      /* absolute roots, for removing vanished files */
    size_t nroots;
    size_t ignored;    /* hidden entries passed over */
    size_t others;     /* files of a folder not of a format indexed (a
                          spreadsheet, a photo, a backup "x.doc~"): passed
                          over, counted, named only through other */
    ix_skip_fn other;  /* NULL, or told of each of those (-v) */
    unsigned formats;  /* candidate files: bit (1 << tr_format) per format
                          selected (0: the default set) */
} ix_filelist;


/* Adds arg (a file or a directory, walked recursively; symlinks followed,
 * loops detected) to fl.  Files of a directory whose extension is not of
 * a selected format are reported through skip, as are files that are not
 * regular or unreadable; a file named explicitly is taken whatever its
 * name (its content decides).  Returns 0, -1 on out-of-memory. */
int ix_walk(ix_filelist *fl, const char *arg, ix_skip_fn skip, void *ctx);

/* After an ix_walk (fl->nroots was had before): 1 when the root it added is an
 * empty folder, which is then taken off the roots so that the run sweeps
 * none of its documents away — an empty root is most likely a share that
 * is not mounted (its mount point is an empty folder).  0 otherwise. */
int ix_spare_empty_root(ix_filelist *fl, size_t had);
void ix_filelist_free(ix_filelist *fl);
/* 1 if path's extension is one of formats (0: the default set). */
int ix_accepted_name(const char *path, unsigned formats);
/* The default set: every format, and IX_IMAGES_IF_OCR: images only when
 * OCR is available, which ix_images_readable() finds out once. */
#define IX_IMAGES_IF_OCR (1u << 31)
unsigned ix_default_formats(const tr_extract_opts *eo);
int ix_images_readable(void);
/* Parses a --formats list ("docx,pdf,txt"); 0 on a bad word (*bad set). */
unsigned ix_parse_formats(const char *list, const char **bad);

/* ---- sandbox.c ---- */
typedef struct {
    unsigned wall_seconds;   /* whole extraction of one file */
    unsigned cpu_seconds;    /* CPU time of one file in the worker */
    unsigned mem_mb;         /* address space a worker may add */
} ix_sandbox_limits;

/* A worker process (started on first use, replaced when it dies or has
 * served its share of files); each analysis thread owns one. */
typedef struct ix_worker ix_worker;
ix_worker *ix_worker_new(void);
void ix_worker_free(ix_worker *w);    /* ends the process too */

/* tr_extract() in w's process under lim.  exname (exsz bytes) receives
 * the extractor's name and x->extractor points to it.  Returns as
 * tr_extract(); err says how a killed or crashed worker died. */
int ix_extract_sandboxed(ix_worker *w, const char *path, const char *data, size_t len,
                         tr_format fmt, const tr_extract_opts *eo,
                         const ix_sandbox_limits *lim, tr_extracted *x,
                         char *exname, size_t exsz, char *err, size_t errsz);

/* tr_ocr_available(), asked in a child process. */
int ix_ocr_available(const tr_extract_opts *eo);

/* Opens the program's own executable, from which workers are started;
 * call before any thread.  -1 without /proc: workers are then forked
 * copies of the indexer. */
int ix_sandbox_init(void);

/* main() of a worker started by the indexer (argv[1] is
 * "--sandbox-worker" or "--sandbox-ocr"): 1 and the exit status in
 * *status when it was one, 0 when argv is an ordinary command line. */
int ix_sandbox_main(int argc, char **argv, int *status);

/* ---- analyze.c ---- */
typedef struct {
    size_t max_size;
    unsigned formats;        /* formats read (bit 1 << tr_format) */
    tr_extract_opts ex;      /* readers' limits, OCR */
    ix_sandbox_limits lim;
} ix_options;

/* Defaults of all of the above. */
void ix_options_default(ix_options *o);

#define IX_STAMP_MAX 112   /* ix_change_stamp, below */

/* Everything learnt about one file. */
typedef struct {
    const char *path;          /* absolute (borrowed) */
    char uid[20];              /* "Q" + 16 hex digits of the path hash */
    char stamp[IX_STAMP_MAX];  /* ix_change_stamp, taken before reading */
    int skipped;               /* 1: why says why */
    char why[600];
    uint64_t hash;             /* content hash of the raw bytes */
    size_t bytes;              /* raw size read */
    size_t ntokens;
    char *text;                /* clean UTF-8 (malloc'd) */
    size_t text_len;
    tr_format format;          /* by content */
    char extractor[32];
    tr_enc_info enc;           /* legacy encoding read, if any */
    unsigned pages, ocr_pages;
    char *ocr_list;            /* "2,3" (malloc'd) or NULL */
    char *prop_title;          /* the container's own title (malloc'd) */
    tr_meta meta;
    tr_cite_list cites;
    char *province_slug;       /* malloc'd or NULL */
    tr_buf warnings;           /* "\n"-separated, for --explain */
    tr_doc *doc;               /* the Xapian document (NULL if skipped) */
} ix_result;

typedef struct ix_analyzer ix_analyzer;   /* per thread: owns a tokenizer */
ix_analyzer *ix_analyzer_new(void);
void ix_analyzer_free(ix_analyzer *a);

/* Reads and analyses path.  build_doc: also build res->doc.  expect_size
 * and expect_mtime (from the walk) detect a file changing while read. */
void ix_analyze(ix_analyzer *a, const ix_options *o, const char *path,
                const struct stat *st, int build_doc, ix_result *res);
void ix_result_free(ix_result *res);

/* The MTIME value: what says a file is unchanged since it was indexed —
 * its mtime ("seconds.nanoseconds"), and when PATH.meta exists, "+" and the
 * sidecar's mtime and size, so that editing a sidecar alone re-indexes its
 * document.  Returns the length written (< IX_STAMP_MAX). */
size_t ix_change_stamp(const char *path, const struct stat *st, char out[IX_STAMP_MAX]);
/* The sidecar part of a stamp ("" when it has none). */
const char *ix_stamp_sidecar(const char *stamp);
/* 1 when two stamps record the same analysis version (TR_ANALYSIS_VERSION). */
int ix_stamp_same_analysis(const char *a, const char *b);

/* 1 when dir holds Xapian's tables: a database that does not open is then
 * damaged, whatever Xapian calls the failure. */
int ix_has_xapian_tables(const char *dir);

/* Makes a path safe to print on one line (control bytes -> '?'). */
const char *ix_printable(const char *path, char *buf, size_t bufsz);

/* ---- report.c ---- */
int ix_explain(const ix_options *o, const char *path);
int ix_stats(const char *dbpath);

/* ---- shards.c ---- */
/* Makes dbpath a sharded index of n shards (a directory with shard-NN and
 * the stub XAPIANDB), or grows an existing one to n.  Prints why not and
 * returns IX_USAGE/IX_DBERR; 0 when done. */
int ix_shards_prepare(const char *dbpath, unsigned n);
/* Shards of a sharded index at dbpath; 0 when it is not one. */
unsigned ix_shards_count(const char *dbpath);

/* ---- pipeline.c ---- */
typedef struct {
    unsigned long indexed, updated, unchanged, removed, skipped, ignored;
    unsigned long ocr_pages;   /* scanned pages read by OCR */
    unsigned long reanalysed;  /* of the updated: read by an older analysis */
    uint64_t bytes;
} ix_counts;

typedef struct {
    const ix_options *opt;
    int threads;             /* analysis threads */
    int verbose;
    int progress;            /* draw progress on stderr */
    size_t batch_docs;       /* documents per transaction */
    size_t batch_bytes;      /* text bytes per transaction */
    const volatile sig_atomic_t *stop;  /* set (by a signal): commit what is
                                           done and return; may be NULL */
} ix_run_options;

/* Indexes fl into db (a writer).  Prints one line per skipped file on
 * stderr.  Returns 0, or -1 on a database error (message printed). */
int ix_run(tr_db *db, ix_filelist *fl, const ix_run_options *ro,
           ix_counts *counts);

/* After a run's summary: says how many documents an older analysis had
 * read (TR_ANALYSIS_VERSION), which is why they were read again. */
void ix_print_reanalysed(const ix_counts *c);

/* ---- watch.c ---- */
/* Indexes the folders args[0..nargs) once, then follows their changes
 * until SIGTERM/SIGINT.  rescan_every: seconds between full passes (0:
 * only on SIGHUP).  Returns an exit status. */
int ix_watch(tr_db *db, const char *dbpath, char *const *args, int nargs,
             const ix_run_options *ro, unsigned rescan_every);
/* Stores the time of day in "tracuu.last_change" if c counts a change. */
void ix_note_change(tr_db *db, const ix_counts *c);
/* 1 for office lock files and temporary copies (~$x.docx, x.tmp, …). */
int ix_temporary_name(const char *path);
/* Takes them out of a walk's list: a manual run and --watch agree. */
void ix_drop_temporary(ix_filelist *fl);

#endif

/*
 * tracuu-index — builds and updates a tracuu index.  See tracuu-index.1.
 *
 * The program owns every message and exit status; the work is in the
 * library (analysis) and in pipeline.c (threads and transactions).
 */
#include "config.h"
#include "indexer.h"

#include <errno.h>
#include <ftw.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "tr_path.h"
#include "tr_i18n.h"
#include "tr_schema.h"

static void usage(FILE *f)
{
    fputs(_("usage: tracuu-index [OPTIONS] PATH...\n"
          "       tracuu-index --explain FILE\n"
          "       tracuu-index --watch [OPTIONS] DIR...\n"
          "       tracuu-index --stats\n"
          "Indexes documents and directories (recursively) into a tracuu database:\n"
          "txt, md, docx, doc, odt, rtf, html/htm, pdf (scans through OCR) and,\n"
          "with OCR, png/jpg/tif images; legacy TCVN3/VNI/VISCII/VPS/CP1258 text\n"
          "is converted. A second run only re-indexes what changed. PATH '-'\n"
          "reads paths from standard input, one per line.\n\n"
          "  --db DIR         database (default: $TRACUU_DB, else\n"
          "                   $XDG_DATA_HOME/tracuu/db, else ~/.local/share/tracuu/db)\n"
          "  --rebuild        index PATHs into a new database and replace the old\n"
          "                   one when done (the old one stays usable until then)\n"
          "  --explain FILE   print what would be indexed for FILE; no database\n"
          "  --stats          summary of the database\n"
          "  --watch          index DIRs, then follow their changes until stopped\n"
          "  --rescan-every SECS  with --watch: also a full pass every SECS seconds\n"
          "                   (network mounts, where inotify misses other machines)\n"
          "  -j, --jobs N     analysis threads (default: number of CPUs)\n"
          "  --max-size SIZE  largest file accepted, e.g. 64M (default 64M)\n"
          "  --batch N        documents per committed transaction (default 500)\n"
          "  --formats LIST   only these formats, e.g. docx,pdf (default: all)\n"
          "  --no-ocr         do not OCR scanned pages and images\n"
          "  --ocr-lang L     Tesseract languages (default vie)\n"
          "  --timeout SECS   longest extraction of one file (default 300)\n"
          "  --max-memory SIZE  memory one file's extraction may use (default 2G)\n"
          "  -v, --verbose    list files as they are indexed (-vv: unchanged too)\n"
          "  -q, --quiet      no summary line\n"
          "  -h, --help       this help\n"
          "      --version    print the version\n\n"
          "Exit status: 0 all good, 1 some files skipped (listed on stderr),\n"
          "2 usage error, 3 database error (locked, corrupt, unwritable).\n"
          "Messages follow LANGUAGE/LANG (Vietnamese: LANGUAGE=vi).\n"),
          f);
    fputs(_("\nSharded index (docs/scale-out.md):\n"
            "  --shards N       make DIR a sharded index of N shards (DIR/shard-NN and\n"
            "                   the stub DIR/XAPIANDB), or grow it to N\n"
            "  --rebalance      move documents to the shard they belong in (after\n"
            "                   adding shards); PATHs are optional\n"),
          f);
}

static unsigned long skipped_walk;

/* -v: the files of a folder passed over as no document format */
static void on_other(const char *path, const char *why, void *ctx)
{
    (void)ctx;
    char buf[1024];
    fprintf(stderr, "tracuu-index: %s: %s\n", ix_printable(path, buf, sizeof buf), why);
}

static void on_skip(const char *path, const char *why, void *ctx)
{
    (void)ctx;
    char buf[1024];
    fprintf(stderr, "tracuu-index: %s: %s\n", ix_printable(path, buf, sizeof buf), why);
    skipped_walk++;
}

/* mkdir -p of the parent of path. */
static int make_parent(const char *path)
{
    char *p = strdup(path);
    if (!p)
        return -1;
    char *slash = strrchr(p, '/');
    if (slash && slash != p) {
        *slash = '\0';
        for (char *q = p + 1; *q; q++)
            if (*q == '/') {
                *q = '\0';
                if (mkdir(p, 0777) != 0 && errno != EEXIST) {
                    free(p);
                    return -1;
                }
                *q = '/';
            }
        if (mkdir(p, 0777) != 0 && errno != EEXIST) {
            free(p);
            return -1;
        }
    }
    free(p);
    return 0;
}

static int rm_entry(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
    (void)st;
    (void)flag;
    (void)ftw;
    return remove(path);
}

static int parse_size(const char *s, size_t *out)
{
    char *end;
    errno = 0;
    unsigned long long v = strtoull(s, &end, 10);
    if (errno || end == s)
        return -1;
    switch (*end) {
    case 'k': case 'K': v <<= 10; end++; break;
    case 'm': case 'M': v <<= 20; end++; break;
    case 'g': case 'G': v <<= 30; end++; break;
    default: break;
    }
    if (*end || v == 0)
        return -1;
    *out = (size_t)v;
    return 0;
}

/* damaged_ok: --rebuild's hold on the old database, which a damaged one
 * cannot give; the rebuild goes on without it (nothing can write to that
 * database anyway) and replaces it at the end. */
static int open_writer(const char *path, int flags, tr_db **db, int damaged_ok)
{
    char *err = NULL;
    if (make_parent(path) != 0) {
        fprintf(stderr, _("tracuu-index: %s: cannot create its directory: %s\n"), path,
                strerror(errno));
        return IX_DBERR;
    }
    int rc = tr_db_open_writable(path, flags, db, &err);
    /* any failure but a lock or memory: a table cut short is a plain
     * DatabaseError, a lost iamglass not even "corrupt" */
    if (rc != 0 && rc != TR_DB_LOCKED && rc != TR_DB_NOMEM && damaged_ok) {
        fprintf(stderr, _("tracuu-index: %s: the database cannot be opened (%s); the "
                          "rebuild replaces it\n"), path, err ? err : _("unknown error"));
        free(err);
        *db = NULL;
        return 0;
    }
    if (rc == TR_DB_LOCKED)
        fprintf(stderr, _("tracuu-index: %s: database is locked by another tracuu-index\n"),
                path);
    else if (rc == TR_DB_CORRUPT || (rc != 0 && rc != TR_DB_NOMEM && rc != TR_DB_INVALID &&
                                      ix_has_xapian_tables(path)))
        fprintf(stderr, _("tracuu-index: %s: the database is damaged (%s); --rebuild makes "
                          "it anew\n"), path, err ? err : _("unknown error"));
    else if (rc == TR_DB_INVALID)
        fprintf(stderr, _("tracuu-index: %s: not a database (%s)\n"), path,
                err ? err : _("unknown error"));
    else if (rc != 0)
        fprintf(stderr, _("tracuu-index: %s: cannot open the database: %s\n"), path,
                err ? err : _("unknown error"));
    free(err);
    return rc == 0 ? 0 : IX_DBERR;
}

static int read_stdin_paths(ix_filelist *fl)
{
    char *line = NULL;
    size_t cap = 0;
    ssize_t n;
    while ((n = getline(&line, &cap, stdin)) > 0) {
        while (n > 0 && (line[n - 1] == '\n' || line[n - 1] == '\r'))
            line[--n] = '\0';
        if (n == 0)
            continue;
        if (ix_walk(fl, line, on_skip, NULL) != 0) {
            free(line);
            return -1;
        }
    }
    free(line);
    return 0;
}

/* Debian's Tesseract parallelises each page with OpenMP, up to 10
 * threads.  tracuu-index already reads several files at once, and OpenMP
 * threads that outnumber the cores spin: on 2 busy cores a scanned page
 * took 18.6 s with OpenMP's defaults and 6.8 s with one thread.  libgomp
 * reads its limit from the environment once, when it is loaded, so the
 * only way to set it is before the program starts: once, re-executing
 * ourselves.  A limit the user set is kept. */
static void limit_openmp(char **argv)
{
#ifdef TR_HAVE_OCR
    if (getenv("OMP_THREAD_LIMIT"))
        return;
    /* the program's own path (readlink, not /proc/self/exe itself: under
     * valgrind only the link's target names the program) */
    char self[4096];
    ssize_t n = readlink("/proc/self/exe", self, sizeof self - 1);
    if (n <= 0)
        return;   /* no /proc: go on with OpenMP's defaults */
    self[n] = '\0';
    setenv("OMP_THREAD_LIMIT", "1", 1);
    execv(self, argv);
#else
    (void)argv;
#endif
}

int main(int argc, char **argv)
{
    limit_openmp(argv);
    tr_i18n_init();
    int wst;
    if (ix_sandbox_main(argc, argv, &wst)) {
        if (wst == 2)
            fprintf(stderr, _("tracuu-index: %s is for the indexer's own worker processes\n"),
                    argv[1]);
        return wst;
    }
    ix_sandbox_init();
    enum { OPT_DB = 256, OPT_REBUILD, OPT_EXPLAIN, OPT_STATS, OPT_MAXSIZE, OPT_BATCH,
           OPT_VERSION, OPT_FORMATS, OPT_NOOCR, OPT_OCRLANG, OPT_TIMEOUT, OPT_MAXMEM,
           OPT_WATCH, OPT_RESCAN, OPT_SHARDS, OPT_REBALANCE };
    static const struct option longopts[] = {
        {"db", required_argument, NULL, OPT_DB},
        {"rebuild", no_argument, NULL, OPT_REBUILD},
        {"shards", required_argument, NULL, OPT_SHARDS},
        {"rebalance", no_argument, NULL, OPT_REBALANCE},
        {"explain", required_argument, NULL, OPT_EXPLAIN},
        {"stats", no_argument, NULL, OPT_STATS},
        {"watch", no_argument, NULL, OPT_WATCH},
        {"rescan-every", required_argument, NULL, OPT_RESCAN},
        {"jobs", required_argument, NULL, 'j'},
        {"max-size", required_argument, NULL, OPT_MAXSIZE},
        {"batch", required_argument, NULL, OPT_BATCH},
        {"formats", required_argument, NULL, OPT_FORMATS},
        {"no-ocr", no_argument, NULL, OPT_NOOCR},
        {"ocr-lang", required_argument, NULL, OPT_OCRLANG},
        {"timeout", required_argument, NULL, OPT_TIMEOUT},
        {"max-memory", required_argument, NULL, OPT_MAXMEM},
        {"verbose", no_argument, NULL, 'v'},
        {"quiet", no_argument, NULL, 'q'},
        {"help", no_argument, NULL, 'h'},
        {"version", no_argument, NULL, OPT_VERSION},
        {NULL, 0, NULL, 0}};
    char *dbpath = NULL;
    const char *explain = NULL;
    int rebuild = 0, stats = 0, verbose = 0, quiet = 0, watch = 0, rebalance = 0, c;
    long rescan = 0, shards = 0;
    long jobs = sysconf(_SC_NPROCESSORS_ONLN), batch = 500;
    ix_options opt;
    ix_options_default(&opt);
    const char *formats = NULL;

    while ((c = getopt_long(argc, argv, "j:vqh", longopts, NULL)) != -1) {
        switch (c) {
        case OPT_DB: free(dbpath); dbpath = strdup(optarg); break;
        case OPT_REBUILD: rebuild = 1; break;
        case OPT_REBALANCE: rebalance = 1; break;
        case OPT_SHARDS: {
            char *end;
            shards = strtol(optarg, &end, 10);
            if (*end || shards < 1 || shards > 1024) {
                fprintf(stderr, _("tracuu-index: --shards wants a number from 1 to 1024, not '%s'\n"), optarg);
                return IX_USAGE;
            }
            break;
        }
        case OPT_EXPLAIN: explain = optarg; break;
        case OPT_STATS: stats = 1; break;
        case OPT_WATCH: watch = 1; break;
        case OPT_RESCAN: {
            char *end;
            rescan = strtol(optarg, &end, 10);
            if (*end || rescan < 1 || rescan > 7 * 86400) {
                fprintf(stderr, _("tracuu-index: --rescan-every wants seconds from 1 to 604800, not '%s'\n"), optarg);
                return IX_USAGE;
            }
            break;
        }
        case 'j': {
            char *end;
            jobs = strtol(optarg, &end, 10);
            if (*end || jobs < 1 || jobs > 256) {
                fprintf(stderr, _("tracuu-index: --jobs wants a number from 1 to 256, not '%s'\n"), optarg);
                return IX_USAGE;
            }
            break;
        }
        case OPT_MAXSIZE:
            if (parse_size(optarg, &opt.max_size) != 0) {
                fprintf(stderr, _("tracuu-index: --max-size wants a size like 64M, not '%s'\n"), optarg);
                return IX_USAGE;
            }
            break;
        case OPT_BATCH: {
            char *end;
            batch = strtol(optarg, &end, 10);
            if (*end || batch < 1 || batch > 1000000) {
                fprintf(stderr, _("tracuu-index: --batch wants a number from 1 to 1000000, not '%s'\n"), optarg);
                return IX_USAGE;
            }
            break;
        }
        case OPT_FORMATS: formats = optarg; break;
        case OPT_NOOCR: opt.ex.ocr = 0; break;
        case OPT_OCRLANG: opt.ex.ocr_lang = optarg; break;
        case OPT_TIMEOUT: {
            char *end;
            long t = strtol(optarg, &end, 10);
            if (*end || t < 1 || t > 86400) {
                fprintf(stderr, _("tracuu-index: --timeout wants seconds from 1 to 86400, not '%s'\n"), optarg);
                return IX_USAGE;
            }
            opt.lim.wall_seconds = opt.lim.cpu_seconds = (unsigned)t;
            if (opt.ex.ocr_page_seconds > (unsigned)t)
                opt.ex.ocr_page_seconds = (unsigned)t;
            break;
        }
        case OPT_MAXMEM: {
            size_t sz;
            if (parse_size(optarg, &sz) != 0 || sz < (16u << 20)) {
                fprintf(stderr, _("tracuu-index: --max-memory wants a size of at least 16M, not '%s'\n"), optarg);
                return IX_USAGE;
            }
            opt.lim.mem_mb = (unsigned)(sz >> 20);
            break;
        }
        case 'v': verbose++; break;
        case 'q': quiet = 1; break;
        case 'h': usage(stdout); return IX_OK;
        case OPT_VERSION: {
            int ocr = ix_ocr_available(&opt.ex);
            printf(_("tracuu-index %s\nformats: txt md docx odt doc rtf html pdf%s\nOCR: %s\n"),
                   TR_VERSION, ocr ? " png jpg tif" : "",
#ifdef TR_HAVE_OCR
                   ocr ? _("available (Tesseract)")
                                             : _("not available (install tesseract-ocr-vie)")
#else
                   _("not built in (configured --without-ocr)")
#endif
            );
            return IX_OK;
        }
        default:   /* getopt has named the option: one line more, not the help */
            fputs(_("Try 'tracuu-index --help' for the options.\n"), stderr);
            return IX_USAGE;
        }
    }
    if (jobs < 1)
        jobs = 1;
    if (formats) {
        const char *bad = NULL;
        if (!(opt.formats = ix_parse_formats(formats, &bad))) {
            fprintf(stderr, _("tracuu-index: --formats: unknown format '%s' (known: txt md docx "
                      "doc odt rtf html htm pdf png jpg jpeg tif tiff)\n"), bad ? bad : formats);
            return IX_USAGE;
        }
        if ((opt.formats & (1u << TR_FMT_IMAGE)) && !(opt.ex.ocr && ix_ocr_available(&opt.ex)))
            fputs(opt.ex.ocr ? _("tracuu-index: images need OCR, which is not available "
                                 "(install tesseract-ocr-vie)\n")
                             : _("tracuu-index: images need OCR, which is off (--no-ocr)\n"),
                  stderr);
    } else {
        opt.formats = ix_default_formats(&opt.ex);
    }
    /* Extracted text may outgrow its file (a compressed PDF), within reason. */
    opt.ex.max_text = opt.max_size > opt.ex.max_text ? opt.max_size : opt.ex.max_text;

    if (rescan && !watch) {
        fputs(_("tracuu-index: --rescan-every goes with --watch\n"), stderr);
        return IX_USAGE;
    }
    if (watch && (explain || stats || rebuild || rebalance)) {
        fputs(_("tracuu-index: --watch does not go with --explain, --stats, --rebuild or "
                "--rebalance\n"), stderr);
        return IX_USAGE;
    }
    for (int i = optind; watch && i < argc; i++)
        if (strcmp(argv[i], "-") == 0) {
            fputs(_("tracuu-index: --watch follows folders, not paths read from '-'\n"), stderr);
            return IX_USAGE;
        }
    if (explain) {
        if (optind < argc || stats || rebuild) {
            fprintf(stderr, _("tracuu-index: --explain takes one FILE and no other paths\n"));
            return IX_USAGE;
        }
        free(dbpath);
        return ix_explain(&opt, explain);
    }
    if (!dbpath && !(dbpath = tr_default_db())) {
        fprintf(stderr, _("tracuu-index: no database: give --db DIR or set TRACUU_DB\n"));
        return IX_USAGE;
    }
    if (stats) {
        if (optind < argc || rebuild) {
            fprintf(stderr, _("tracuu-index: --stats takes no paths\n"));
            free(dbpath);
            return IX_USAGE;
        }
        int rc = ix_stats(dbpath);
        free(dbpath);
        return rc;
    }
    if (optind >= argc && !rebalance) {
        fprintf(stderr, _("tracuu-index: no PATH given (try --help)\n"));
        free(dbpath);
        return IX_USAGE;
    }

    /* The lock comes first: a second writer should fail at once, not
     * after walking a large tree.
     * --rebuild writes a new database beside the old one and swaps them
     * at the end, holding the old one's lock meanwhile: a crash or a kill
     * during the rebuild leaves the old index intact and searchable. */
    tr_db *db = NULL, *keep = NULL;
    char *tmppath = NULL;
    /* A rebuild keeps the shard count unless told otherwise. */
    if (rebuild && !shards)
        shards = ix_shards_count(dbpath);
    int rc = shards && !rebuild ? ix_shards_prepare(dbpath, (unsigned)shards) : 0;
    if (rc == 0)
        rc = open_writer(dbpath, TR_DB_CREATE, rebuild ? &keep : &db, rebuild);
    if (rc == 0 && rebuild) {
        size_t n = strlen(dbpath) + 16;
        tmppath = malloc(n);
        snprintf(tmppath, n, "%s.rebuild", dbpath);
        /* Left by a rebuild that died: ours, since we hold the lock. */
        nftw(tmppath, rm_entry, 16, FTW_DEPTH | FTW_PHYS);
        if (shards)
            rc = ix_shards_prepare(tmppath, (unsigned)shards);
        if (rc == 0)
            rc = open_writer(tmppath, TR_DB_OVERWRITE, &db, 0);
    }
    if (rc != 0) {
        tr_db_close(keep);
        free(dbpath);
        free(tmppath);
        return rc;
    }
    tr_db_set_metadata(db, "tracuu.schema", TR_SCHEMA_VERSION);
    if (watch) {
        ix_run_options ro = {&opt, (int)jobs, verbose, 0, (size_t)batch, 64u << 20, NULL};
        rc = ix_watch(db, dbpath, argv + optind, argc - optind, &ro, (unsigned)rescan);
        tr_db_close(db);
        free(dbpath);
        return rc;
    }
    struct timespec t0, t1;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    ix_filelist fl = {0};
    fl.formats = opt.formats;
    fl.other = verbose ? on_other : NULL;
    int lost_root = 0;
    for (int i = optind; i < argc; i++) {
        size_t had = fl.nroots;
        int wrc = strcmp(argv[i], "-") == 0 ? read_stdin_paths(&fl)
                                            : ix_walk(&fl, argv[i], on_skip, NULL);
        if (wrc == 0 && strcmp(argv[i], "-") != 0) {
            /* A root that is missing or empty (a typo, a share not
             * mounted) must not cost the index its documents: a run keeps
             * them, a rebuild stops before it replaces the index. */
            if (fl.nroots == had)
                lost_root = 1;
            else if (ix_spare_empty_root(&fl, had)) {
                lost_root = 1;
                fprintf(stderr, _("tracuu-index: %s is empty (a share not mounted?): its "
                                  "documents are kept\n"), argv[i]);
            }
        }
        if (wrc != 0) {
            fprintf(stderr, _("tracuu-index: out of memory listing files\n"));
            ix_filelist_free(&fl);
            tr_db_close(db);
            tr_db_close(keep);
            free(dbpath);
            free(tmppath);
            return IX_DBERR;
        }
    }

    if (rebuild && lost_root) {
        fprintf(stderr, _("tracuu-index: --rebuild stops: a path given is missing or empty, "
                          "and the new index would lack its documents; %s is left as it was\n"),
                dbpath);
        ix_filelist_free(&fl);
        tr_db_close(db);
        tr_db_close(keep);
        nftw(tmppath, rm_entry, 16, FTW_DEPTH | FTW_PHYS);
        free(dbpath);
        free(tmppath);
        return IX_USAGE;
    }
    ix_drop_temporary(&fl);
    ix_run_options ro = {&opt, (int)jobs, verbose, isatty(2) && !quiet, (size_t)batch,
                           64u << 20, NULL};
    ix_counts cnt = {0};
    int err = optind < argc ? ix_run(db, &fl, &ro, &cnt) : 0;
    unsigned long moved = 0;
    if (err == 0 && rebalance && tr_db_rebalance(db, TR_PFX_ID, &moved) != 0) {
        fprintf(stderr, _("tracuu-index: %s: rebalancing failed: %s\n"), dbpath,
                tr_db_errmsg(db));
        err = -1;
    }
    if (rebalance && !quiet)
        fprintf(stderr, _("tracuu-index: %lu document(s) moved to their shard\n"), moved);
    if (err == 0)
        ix_note_change(db, &cnt);
    if (err == 0 && tr_db_commit(db) != 0) {
        fprintf(stderr, _("tracuu-index: %s: commit failed: %s\n"), dbpath, tr_db_errmsg(db));
        err = -1;
    }
    tr_db_close(db);
    if (rebuild) {
        tr_db_close(keep);
        if (err == 0) {
            /* Swap: the old database goes aside, the new one takes its
             * name, then the old one is removed. */
            size_t n = strlen(dbpath) + 16;
            char *old = malloc(n);
            snprintf(old, n, "%s.old", dbpath);
            nftw(old, rm_entry, 16, FTW_DEPTH | FTW_PHYS);
            if (rename(dbpath, old) != 0 || rename(tmppath, dbpath) != 0) {
                fprintf(stderr, _("tracuu-index: %s: cannot replace the database: %s\n"),
                        dbpath, strerror(errno));
                err = -1;
            } else {
                nftw(old, rm_entry, 16, FTW_DEPTH | FTW_PHYS);
            }
            free(old);
        } else {
            nftw(tmppath, rm_entry, 16, FTW_DEPTH | FTW_PHYS);
        }
    }
    clock_gettime(CLOCK_MONOTONIC, &t1);
    double el = (double)(t1.tv_sec - t0.tv_sec) + (t1.tv_nsec - t0.tv_nsec) / 1e9;
    cnt.skipped += skipped_walk;
    char ocrbuf[48] = "";
    if (cnt.ocr_pages)
        snprintf(ocrbuf, sizeof ocrbuf,
                 _(", %lu page(s) OCR'd"), cnt.ocr_pages);
    if (!quiet)
        fprintf(stderr,
                _("tracuu-index: %lu indexed, %lu updated, %lu unchanged, %lu removed, "
                  "%lu skipped in %.2f s (%.1f MB/s, %.0f docs/s%s)%s\n"),
                cnt.indexed, cnt.updated, cnt.unchanged, cnt.removed, cnt.skipped, el,
                el > 0 ? cnt.bytes / el / 1e6 : 0.0,
                el > 0 ? (cnt.indexed + cnt.updated) / el : 0.0, ocrbuf,
                err ? _(" — stopped by a database error; committed batches are kept") : "");
    if (!quiet)
        ix_print_reanalysed(&cnt);
    if (!quiet && fl.others)
        fprintf(stderr, ngettext("tracuu-index: %zu other file passed over: not a document "
                                 "format being indexed (-v names it)\n",
                                 "tracuu-index: %zu other files passed over: not a document "
                                 "format being indexed (-v names them)\n", fl.others),
                fl.others);
    ix_filelist_free(&fl);
    free(dbpath);
    free(tmppath);
    if (err)
        return IX_DBERR;
    return cnt.skipped ? IX_SKIPPED : IX_OK;
}

/*
 * tracuu-search — ranked search over a tracuu index.  See tracuu-search.1.
 *
 * The query language lives in the library (tr_qparse); this program reads
 * the options, runs the query, falls back to diacritic-insensitive
 * matching when the marks typed find nothing, and prints.
 */
#include "config.h"
#include "searcher.h"

#include <getopt.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "tr_path.h"
#include "tr_i18n.h"
#include "tr_json.h"

#define MAX_LIMIT 10000

static void usage(FILE *f)
{
    fputs(_(
        "usage: tracuu-search [OPTIONS] QUERY...\n"
        "       tracuu-search -i [OPTIONS]\n"
        "       tracuu-search --show ID|NUMBER|PATH\n"
        "       tracuu-search --refs NUMBER\n"
        "Searches a tracuu index. Words must all match; \"…\" is a phrase; OR,\n"
        "NOT or -word, (…); fields tinh:/province: nam:/year: coquan:/body:\n"
        "loai:/type: so:/number: trich:/cites:. A word typed with Vietnamese\n"
        "marks matches only that form; without marks it matches every form.\n\n"
        "  --db DIR             database (default: $TRACUU_DB, else\n"
        "                       $XDG_DATA_HOME/tracuu/db, else ~/.local/share/tracuu/db)\n"
        "  -p, --province NAME  only this province (repeatable: any of them)\n"
        "  -y, --year Y|Y1..Y2  only this year or range (repeatable)\n"
        "  -b, --body NAME      only this issuing body (repeatable)\n"
        "  -t, --type NAME      only this document type (repeatable)\n"
        "      --cites NUMBER   only documents citing NUMBER (e.g. 43-CT/TW)\n"
        "      --fold           match every word without diacritics\n"
        "      --exact          match every word exactly as typed (marks too)\n"
        "      --limit N        hits to show (default 10, at most 10000)\n"
        "      --offset N       skip the first N hits\n"
        "      --sort ORDER     relevance (default), date (oldest first), -date\n"
        "      --by-year        chart of matching documents per year\n"
        "      --show WHAT      one document (docid, number or path): metadata, text\n"
        "      --refs NUMBER    a number's document, what it cites, who cites it\n"
        "      --top-cited      most cited numbers among matching documents (20, or\n"
        "                       --limit N)\n"
        "      --json           machine-readable output (see tracuu-search(1))\n"
        "      --exact-counts   count every match, however many (by default a\n"
        "                       match set past 100000 documents is estimated, flagged)\n"
        "      --count-budget N matches counted exactly before estimating (100000)\n"
        "      --color WHEN     auto (default; respects NO_COLOR), always, never\n"
        "  -i, --interactive    a prompt: one query per line, :help for commands\n"
        "                       (the default with no query on a terminal)\n"
        "  -h, --help           this help\n"
        "      --version        print the version\n\n"
        "Exit status: 0 hits found, 1 no hits, 2 usage or query error,\n"
        "3 database missing or unreadable.\n"
        "Messages follow LANGUAGE/LANG (Vietnamese: LANGUAGE=vi).\n"),
        f);
    fputs(_("\nSharded index (--db a stub listing shards, docs/scale-out.md):\n"
            "      --allow-partial  answer from the shards that answer, flagged, when\n"
            "                       one is down or times out (default: exit 3)\n"
            "      --shard-timeout MS  longest wait for a remote shard (default 10000)\n"),
          f);
}

/* The answer lacks shards (--allow-partial): say so, once. */
static void warn_partial(tr_db *db)
{
    size_t n = tr_db_nmissing(db);
    if (!n)
        return;
    fputs(_("tracuu-search: warning: partial answer; shards not answering:"), stderr);
    for (size_t i = 0; i < n; i++)
        fprintf(stderr, " %s", tr_db_missing(db, i));
    fputc('\n', stderr);
}

/* Prints a query error with a caret under the offending column. */
static void query_error(const char *q, const tr_qerror *e)
{
    fprintf(stderr, _("tracuu-search: query error at column %zu: %s\n"), e->col, e->msg);
    if (q && strlen(q) < 200 && !strchr(q, '\n')) {
        fprintf(stderr, "  %s\n  ", q);
        for (size_t i = 1; i < e->col; i++)
            fputc(' ', stderr);
        fputs("^\n", stderr);
    }
}

static int add_value(tr_search_req *req, int field, const char *opt, const char *v)
{
    if (req->nfilter[field] == TR_FILTER_MAX) {
        fprintf(stderr, _("tracuu-search: too many %s values (at most %d)\n"), opt,
                TR_FILTER_MAX);
        return -1;
    }
    req->filter[field][req->nfilter[field]++] = v;
    return 0;
}

static int parse_uint(const char *opt, const char *s, unsigned max, unsigned *out)
{
    char *end;
    long v = strtol(s, &end, 10);
    if (*s == '\0' || *end || v < 0 || (unsigned long)v > max) {
        fprintf(stderr, _("tracuu-search: %s wants a number from 0 to %u, not '%s'\n"), opt,
                max, s);
        return -1;
    }
    *out = (unsigned)v;
    return 0;
}

/* Says why a request was refused; returns the exit status. */
static int search_error(int rc, const tr_search_req *req, const tr_search_err *e,
                        tr_db *db, const char *dbpath)
{
    static const char *const opt[TR_NFILTERS] = {"--province", "--year", "--body",
                                                 "--type", "--cites"};
    switch (rc) {
    case TR_SEARCH_QUERY:
        query_error(req->query, &e->qe);
        return SX_USAGE;
    case TR_SEARCH_FILTER:
        fprintf(stderr, "tracuu-search: %s %s: %s\n", opt[e->field], e->value, e->qe.msg);
        return SX_USAGE;
    case TR_SEARCH_NOMEM:
        fprintf(stderr, _("tracuu-search: out of memory\n"));
        return SX_DBERR;
    default:
        fprintf(stderr, _("tracuu-search: %s: search failed: %s\n"), dbpath,
                db ? tr_db_errmsg(db) : "");
        return SX_DBERR;
    }
}

static int emit(tr_buf *b, int ok)
{
    if (!ok || tr_buf_addc(b, '\n')) {
        fprintf(stderr, _("tracuu-search: out of memory\n"));
        return -1;
    }
    fwrite(b->data, 1, b->len, stdout);
    return 0;
}

static int do_show(tr_db *db, const char *what, int json)
{
    unsigned docid;
    int rc = tr_doc_resolve(db, what, &docid);
    if (rc != 0) {
        fprintf(stderr, "tracuu-search: --show %s: %s\n", what,
                rc > 0 ? _("no such document (give a docid, a document number or a path)")
                       : tr_db_errmsg(db));
        return rc > 0 ? SX_NOHITS : SX_DBERR;
    }
    tr_docinfo d;
    if (tr_docinfo_load(db, docid, &d) != 0) {
        fprintf(stderr, _("tracuu-search: --show %s: stored record is damaged\n"), what);
        return SX_DBERR;
    }
    int out = SX_HITS;
    if (json) {
        tr_buf b = {0};
        if (emit(&b, tr_json_doc(&b, &d) == 0))
            out = SX_DBERR;
        tr_buf_free(&b);
    } else {
        sx_print_doc(stdout, &d);
    }
    tr_docinfo_free(&d);
    return out;
}

static int do_refs(tr_db *db, const char *number, int json)
{
    tr_refs r;
    int rc = tr_refs_get(db, number, (size_t)-1, &r);
    if (rc == 1) {
        fprintf(stderr, _("tracuu-search: --refs: '%s' is not a document number "
                          "(e.g. 43-CT/TW, 60/2013/NĐ-CP)\n"), number);
        return SX_USAGE;
    }
    if (rc != 0) {
        fprintf(stderr, "tracuu-search: --refs %s: %s\n", number,
                rc == -2 ? _("out of memory") : tr_db_errmsg(db));
        return SX_DBERR;
    }
    int out = r.nown || r.nciting ? SX_HITS : SX_NOHITS;
    if (json) {
        tr_buf b = {0};
        if (emit(&b, tr_json_refs(&b, &r) == 0))
            out = SX_DBERR;
        tr_buf_free(&b);
    } else {
        sx_print_refs(stdout, &r);
    }
    tr_refs_free(&r);
    return out;
}

/* A directory holding Xapian's tables that does not open is a damaged
 * index, whatever Xapian calls the failure (a table cut short is a plain
 * DatabaseError; without iamglass it is "not found"). */
static int looks_like_index(const char *dbpath)
{
    char p[4096];
    struct stat st;
    return snprintf(p, sizeof p, "%s/postlist.glass", dbpath) < (int)sizeof p &&
           stat(p, &st) == 0;
}

static int do_top(tr_db *db, const tr_search_req *req, unsigned limit, int json,
                  const char *dbpath)
{
    tr_search_err e;
    tr_query *q = NULL;
    int rc = tr_search_compile(req, req->mode, &q, &e);
    if (rc != 0)
        return search_error(rc, req, &e, NULL, dbpath);
    tr_cited *v = NULL;
    size_t n = 0;
    rc = tr_top_cited(db, q, limit, 0, &v, &n);
    tr_q_free(q);
    if (rc != 0) {
        fprintf(stderr, "tracuu-search: %s: %s\n", dbpath, tr_db_errmsg(db));
        return SX_DBERR;
    }
    int out = n ? SX_HITS : SX_NOHITS;
    if (json) {
        tr_buf b = {0};
        if (emit(&b, tr_json_top(&b, v, n) == 0))
            out = SX_DBERR;
        tr_buf_free(&b);
    } else {
        sx_print_top(stdout, v, n);
    }
    tr_cited_free(v, n);
    return out;
}

int main(int argc, char **argv)
{
    enum { O_DB = 256, O_CITES, O_FOLD, O_EXACT, O_LIMIT, O_OFFSET, O_SORT, O_BYYEAR,
           O_SHOW, O_REFS, O_TOP, O_JSON, O_COLOR, O_VERSION, O_COMPLETE,
           O_EXACT_COUNTS, O_BUDGET, O_PARTIAL, O_SHARD_TIMEOUT };
    static const struct option longopts[] = {
        {"db", required_argument, NULL, O_DB},
        {"province", required_argument, NULL, 'p'},
        {"year", required_argument, NULL, 'y'},
        {"body", required_argument, NULL, 'b'},
        {"type", required_argument, NULL, 't'},
        {"cites", required_argument, NULL, O_CITES},
        {"fold", no_argument, NULL, O_FOLD},
        {"exact", no_argument, NULL, O_EXACT},
        {"limit", required_argument, NULL, O_LIMIT},
        {"offset", required_argument, NULL, O_OFFSET},
        {"sort", required_argument, NULL, O_SORT},
        {"by-year", no_argument, NULL, O_BYYEAR},
        {"show", required_argument, NULL, O_SHOW},
        {"refs", required_argument, NULL, O_REFS},
        {"top-cited", no_argument, NULL, O_TOP},
        {"json", no_argument, NULL, O_JSON},
        {"color", required_argument, NULL, O_COLOR},
        {"colour", required_argument, NULL, O_COLOR},
        {"help", no_argument, NULL, 'h'},
        {"version", no_argument, NULL, O_VERSION},
        {"exact-counts", no_argument, NULL, O_EXACT_COUNTS},
        {"count-budget", required_argument, NULL, O_BUDGET},
        {"interactive", no_argument, NULL, 'i'},
        {"complete", required_argument, NULL, O_COMPLETE},   /* for shell completion */
        {"allow-partial", no_argument, NULL, O_PARTIAL},
        {"shard-timeout", required_argument, NULL, O_SHARD_TIMEOUT},
        {NULL, 0, NULL, 0}};
    tr_i18n_init();
    tr_search_req req;
    memset(&req, 0, sizeof req);
    req.mode = TR_MODE_AUTO;
    req.limit = 10;
    char *dbpath = NULL;
    const char *show = NULL, *refs = NULL, *color = "auto", *complete = NULL;
    int by_year = 0, top = 0, json = 0, interactive = 0, c, rc = SX_USAGE;
    int limit_given = 0, mode_given = 0;
    tr_db_open_opts oo;
    memset(&oo, 0, sizeof oo);

    while ((c = getopt_long(argc, argv, "p:y:b:t:hi", longopts, NULL)) != -1) {
        switch (c) {
        case O_DB: free(dbpath); dbpath = strdup(optarg); break;
        case 'p': if (add_value(&req, TR_F_PROVINCE, "--province", optarg)) goto out; break;
        case 'y': if (add_value(&req, TR_F_YEAR, "--year", optarg)) goto out; break;
        case 'b': if (add_value(&req, TR_F_BODY, "--body", optarg)) goto out; break;
        case 't': if (add_value(&req, TR_F_TYPE, "--type", optarg)) goto out; break;
        case O_CITES: if (add_value(&req, TR_F_CITES, "--cites", optarg)) goto out; break;
        case O_FOLD:
        case O_EXACT: {
            tr_mode m = c == O_FOLD ? TR_MODE_FOLD : TR_MODE_EXACT;
            if (mode_given && req.mode != m) {
                fprintf(stderr, "%s", _("tracuu-search: --exact and --fold exclude each other\n"));
                goto out;
            }
            req.mode = m;
            mode_given = 1;
            break;
        }
        case O_LIMIT:
            if (parse_uint("--limit", optarg, MAX_LIMIT, &req.limit))
                goto out;
            limit_given = 1;
            break;
        case O_OFFSET:
            if (parse_uint("--offset", optarg, 100000000, &req.offset))
                goto out;
            break;
        case O_SORT:
            if (strcmp(optarg, "relevance") == 0) req.sort = 0;
            else if (strcmp(optarg, "date") == 0) req.sort = 1;
            else if (strcmp(optarg, "-date") == 0) req.sort = -1;
            else {
                fprintf(stderr, _("tracuu-search: --sort wants relevance, date or -date, not '%s'\n"), optarg);
                goto out;
            }
            break;
        case O_BYYEAR: by_year = 1; break;
        case O_SHOW: show = optarg; break;
        case O_REFS: refs = optarg; break;
        case O_TOP: top = 1; break;
        case O_JSON: json = 1; break;
        case O_EXACT_COUNTS: req.exact_counts = 1; break;
        case O_BUDGET: {
            unsigned v;
            if (parse_uint("--count-budget", optarg, 4000000000u, &v))
                goto out;
            req.count_budget = v ? v : 1;
            break;
        }
        case O_COLOR:
            if (strcmp(optarg, "auto") && strcmp(optarg, "always") && strcmp(optarg, "never")) {
                fprintf(stderr, _("tracuu-search: --color wants auto, always or never, not '%s'\n"), optarg);
                goto out;
            }
            color = optarg;
            break;
        case 'h': usage(stdout); rc = SX_HITS; goto out;
        case O_VERSION: printf("tracuu-search %s\n", TR_VERSION); rc = SX_HITS; goto out;
        case 'i': interactive = 1; break;
        case O_COMPLETE: complete = optarg; break;
        case O_PARTIAL: oo.allow_partial = 1; break;
        case O_SHARD_TIMEOUT:
            if (parse_uint("--shard-timeout", optarg, 3600000, &oo.timeout_ms))
                goto out;
            oo.connect_timeout_ms = oo.timeout_ms;
            break;
        default:   /* getopt has named the option: one line more, not the help */
            fputs(_("Try 'tracuu-search --help' for the options.\n"), stderr);
            goto out;
        }
    }

    /* --complete WHAT [WORD]: for the shell completion scripts */
    if (complete) {
        rc = sx_complete_list(complete, optind < argc ? argv[optind] : NULL);
        goto out;
    }

    sx_style st;
    st.color = strcmp(color, "always") == 0 ||
               (strcmp(color, "auto") == 0 && isatty(1) && !getenv("NO_COLOR"));
    st.hl_on = st.color ? "\033[1;33m" : "«";
    st.hl_off = st.color ? "\033[0m" : "»";

    /* The query: the remaining arguments, joined by spaces. */
    tr_buf qb = {0};
    for (int i = optind; i < argc; i++) {
        if (i > optind)
            tr_buf_addc(&qb, ' ');
        tr_buf_adds(&qb, argv[i]);
    }
    req.query = qb.data ? qb.data : "";
    size_t nfilters = 0;
    for (int f = 0; f < TR_NFILTERS; f++)
        nfilters += req.nfilter[f];
    /* No query on a terminal: a person wants to look things up. */
    if (!show && !refs && !top && !json && !by_year && !qb.len && !nfilters && isatty(0) && isatty(1))
        interactive = 1;
    if (interactive && (show || refs || top || json || by_year || qb.len)) {
        fprintf(stderr, _("tracuu-search: -i takes no query, --show, --refs, --top-cited, "
                          "--by-year or --json\n"));
        goto out_q;
    }
    if (!interactive && !show && !refs && !top && !qb.len && !nfilters) {
        fprintf(stderr, _("tracuu-search: nothing to search for (try --help)\n"));
        goto out_q;
    }
    /* "--show --json FILE": getopt gave --show the next option as its value */
    int show_opt = show && show[0] == '-' && show[1] == '-';
    if (show_opt || (refs && refs[0] == '-' && refs[1] == '-')) {
        const char *o = show_opt ? "--show" : "--refs", *v = show_opt ? show : refs;
        fprintf(stderr, _("tracuu-search: %s wants a document, not the option '%s' (put it "
                          "first: %s %s WHAT)\n"), o, v, v, o);
        goto out_q;
    }
    if ((show || refs) && (qb.len || nfilters || top || (show && refs))) {
        fprintf(stderr, _("tracuu-search: --show and --refs take no query, filters or other view\n"));
        goto out_q;
    }

    /* Parse before opening the database: a syntax error is the user's to
     * fix whatever the state of the index. */
    if (qb.len) {
        tr_qast *ast = NULL;
        tr_qerror qe;
        memset(&qe, 0, sizeof qe);
        if (tr_qparse(req.query, qb.len, &ast, &qe) != 0) {
            query_error(req.query, &qe);
            goto out_q;
        }
        tr_qast_free(ast);
    }

    if (!dbpath && !(dbpath = tr_default_db())) {
        fprintf(stderr, _("tracuu-search: no database: give --db DIR or set TRACUU_DB\n"));
        goto out_q;
    }
    tr_db *db = NULL;
    char *err = NULL;
    const char *paths[1] = {dbpath};
    int orc = tr_db_open_readonly_ex(paths, 1, &oo, &db, &err);
    if (orc != 0) {
        if (orc == TR_DB_SHARD)
            fprintf(stderr, _("tracuu-search: %s: %s (--allow-partial answers from the "
                              "other shards)\n"), dbpath, err ? err : _("unknown error"));
        else if (orc != TR_DB_NOMEM && looks_like_index(dbpath))
            fprintf(stderr, _("tracuu-search: %s: the index is damaged (%s); rebuild it with "
                              "tracuu-index --db %s --rebuild DIR\n"), dbpath,
                    err ? err : _("unknown error"), dbpath);
        else if (orc == TR_DB_NOTFOUND && access("quickstart", X_OK) == 0)
            fprintf(stderr, _("tracuu-search: %s: no index here; build one with: "
                              "tracuu-index --db %s DIR (or run ./quickstart search)\n"),
                    dbpath, dbpath);
        else if (orc == TR_DB_NOTFOUND)   /* not in a checkout: no quickstart */
            fprintf(stderr, _("tracuu-search: %s: no index here; build one with: "
                              "tracuu-index --db %s DIR\n"), dbpath, dbpath);
        else if (orc == TR_DB_CORRUPT)
            fprintf(stderr, _("tracuu-search: %s: the index is damaged (%s); rebuild it with "
                              "tracuu-index --db %s --rebuild DIR\n"), dbpath,
                    err ? err : _("unknown error"), dbpath);
        else if (orc == TR_DB_INVALID)    /* a file that is no list of shards */
            fprintf(stderr, _("tracuu-search: %s: not an index, nor a list of shards (%s)\n"),
                    dbpath, err ? err : _("unknown error"));
        else
            fprintf(stderr, _("tracuu-search: %s: cannot open the index: %s\n"), dbpath,
                    err ? err : _("unknown error"));
        free(err);
        rc = SX_DBERR;
        goto out_q;
    }

    if (interactive) {
        rc = sx_interactive(db, dbpath, &req, &st);
    } else if (show) {
        rc = do_show(db, show, json);
    } else if (refs) {
        rc = do_refs(db, refs, json);
    } else if (top) {
        rc = do_top(db, &req, limit_given ? req.limit : 20, json, dbpath);
    } else {
        tr_result res;
        tr_search_err e;
        int src = tr_search_run(db, &req, &res, &e);
        if (src != TR_SEARCH_OK) {
            rc = search_error(src, &req, &e, db, dbpath);
            goto out_db;
        }
        res.by_year = by_year;
        if (json) {
            tr_buf b = {0};
            if (emit(&b, tr_json_result(&b, &res) == 0))
                rc = SX_DBERR;
            tr_buf_free(&b);
        } else {
            if (res.fallback)
                fputs(_("tracuu-search: nothing matches the diacritics as typed; "
                        "showing matches without diacritics\n"), stderr);
            else if (res.total == 0 && req.mode == TR_MODE_EXACT)
                fputs(_("tracuu-search: nothing matches exactly as typed; "
                        "--fold matches without diacritics\n"), stderr);
            if (!by_year || req.limit > 0)
                sx_print_human(stdout, &res, &st);
            if (by_year)
                sx_print_by_year(stdout, &res, &st);
        }
        if (rc != SX_DBERR)
            rc = res.total > 0 ? SX_HITS : SX_NOHITS;
        tr_result_free(&res);
    }
out_db:
    warn_partial(db);
    tr_db_close(db);
out_q:
    tr_buf_free(&qb);
out:
    free(dbpath);
    return rc;
}

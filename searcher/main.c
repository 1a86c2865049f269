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
#include <time.h>
#include <unistd.h>

#include "tr_cite.h"
#include "tr_schema.h"

#define MAX_LIMIT 10000

static void usage(FILE *f)
{
    fputs(
        "usage: tracuu-search [OPTIONS] QUERY...\n"
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
        "      --top-cited      most cited numbers among matching documents\n"
        "      --json           machine-readable output (see tracuu-search(1))\n"
        "      --color WHEN     auto (default; respects NO_COLOR), always, never\n"
        "  -h, --help           this help\n"
        "      --version        print the version\n\n"
        "Exit status: 0 hits found, 1 no hits, 2 usage or query error,\n"
        "3 database missing or unreadable.\n",
        f);
}

static char *default_db(void)
{
    const char *e = getenv("TRACUU_DB");
    if (e && *e)
        return strdup(e);
    const char *xdg = getenv("XDG_DATA_HOME"), *home = getenv("HOME");
    char buf[4096];
    if (xdg && *xdg)
        snprintf(buf, sizeof buf, "%s/tracuu/db", xdg);
    else if (home && *home)
        snprintf(buf, sizeof buf, "%s/.local/share/tracuu/db", home);
    else
        return NULL;
    return strdup(buf);
}

static double ms_since(const struct timespec *t0)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)(t.tv_sec - t0->tv_sec) * 1e3 + (t.tv_nsec - t0->tv_nsec) / 1e6;
}

/* Prints a query error with a caret under the offending column. */
static void query_error(const char *what, const char *q, const tr_qerror *e)
{
    fprintf(stderr, "tracuu-search: %s error at column %zu: %s\n", what, e->col, e->msg);
    if (q && strlen(q) < 200 && !strchr(q, '\n')) {
        fprintf(stderr, "  %s\n  ", q);
        for (size_t i = 1; i < e->col; i++)
            fputc(' ', stderr);
        fputs("^\n", stderr);
    }
}

/* Option filters: values of one option are ORed, options are ANDed. */
typedef struct {
    const char *field;
    const char *values[64];
    size_t n;
} optfilter;

static int add_value(optfilter *f, const char *v)
{
    if (f->n == sizeof f->values / sizeof *f->values) {
        fprintf(stderr, "tracuu-search: too many --%s values (at most 64)\n", f->field);
        return -1;
    }
    f->values[f->n++] = v;
    return 0;
}

static int parse_uint(const char *opt, const char *s, unsigned max, unsigned *out)
{
    char *end;
    long v = strtol(s, &end, 10);
    if (*s == '\0' || *end || v < 0 || (unsigned long)v > max) {
        fprintf(stderr, "tracuu-search: %s wants a number from 0 to %u, not '%s'\n", opt,
                max, s);
        return -1;
    }
    *out = (unsigned)v;
    return 0;
}

static tr_query *build_filters(optfilter *fs, size_t nfs, int *err)
{
    tr_query *and_parts[8];
    size_t na = 0;
    *err = 0;
    for (size_t i = 0; i < nfs; i++) {
        if (fs[i].n == 0)
            continue;
        tr_query *ors[64];
        size_t no = 0;
        for (size_t k = 0; k < fs[i].n; k++) {
            tr_qerror e;
            memset(&e, 0, sizeof e);
            tr_query *q = NULL;
            if (tr_qfield_query(fs[i].field, fs[i].values[k], &q, &e) != 0) {
                fprintf(stderr, "tracuu-search: --%s %s: %s\n", fs[i].field,
                        fs[i].values[k], e.msg);
                for (size_t j = 0; j < no; j++)
                    tr_q_free(ors[j]);
                for (size_t j = 0; j < na; j++)
                    tr_q_free(and_parts[j]);
                *err = 1;
                return NULL;
            }
            ors[no++] = q;
        }
        and_parts[na++] = no == 1 ? ors[0] : tr_q_combine(TR_OP_OR, ors, no, 0);
    }
    if (na == 0)
        return NULL;
    return na == 1 ? and_parts[0] : tr_q_combine(TR_OP_AND, and_parts, na, 0);
}

int main(int argc, char **argv)
{
    enum { O_DB = 256, O_CITES, O_FOLD, O_EXACT, O_LIMIT, O_OFFSET, O_SORT, O_BYYEAR,
           O_SHOW, O_REFS, O_TOP, O_JSON, O_COLOR, O_VERSION };
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
        {NULL, 0, NULL, 0}};
    optfilter fs[5] = {{"province", {0}, 0}, {"year", {0}, 0}, {"body", {0}, 0},
                       {"type", {0}, 0}, {"cites", {0}, 0}};
    char *dbpath = NULL;
    const char *show = NULL, *refs = NULL, *color = "auto";
    tr_mode mode = TR_MODE_AUTO;
    unsigned limit = 10, offset = 0;
    int by_year = 0, top = 0, json = 0, sort = 0, c, rc = SX_USAGE;
    int year_lo = 0, year_hi = 0;

    while ((c = getopt_long(argc, argv, "p:y:b:t:h", longopts, NULL)) != -1) {
        switch (c) {
        case O_DB: free(dbpath); dbpath = strdup(optarg); break;
        case 'p': if (add_value(&fs[0], optarg)) goto out; break;
        case 'y': {
            if (add_value(&fs[1], optarg))
                goto out;
            int a = 0, b = 0;
            if (sscanf(optarg, "%d..%d", &a, &b) == 2 || sscanf(optarg, "%d", &a) == 1) {
                if (!b)
                    b = a;
                if (!year_lo || a < year_lo)
                    year_lo = a;
                if (b > year_hi)
                    year_hi = b;
            }
            break;
        }
        case 'b': if (add_value(&fs[2], optarg)) goto out; break;
        case 't': if (add_value(&fs[3], optarg)) goto out; break;
        case O_CITES: if (add_value(&fs[4], optarg)) goto out; break;
        case O_FOLD: mode = TR_MODE_FOLD; break;
        case O_EXACT: mode = TR_MODE_EXACT; break;
        case O_LIMIT: if (parse_uint("--limit", optarg, MAX_LIMIT, &limit)) goto out; break;
        case O_OFFSET:
            if (parse_uint("--offset", optarg, 100000000, &offset))
                goto out;
            break;
        case O_SORT:
            if (strcmp(optarg, "relevance") == 0) sort = 0;
            else if (strcmp(optarg, "date") == 0) sort = 1;
            else if (strcmp(optarg, "-date") == 0) sort = -1;
            else {
                fprintf(stderr, "tracuu-search: --sort wants relevance, date or -date, not '%s'\n", optarg);
                goto out;
            }
            break;
        case O_BYYEAR: by_year = 1; break;
        case O_SHOW: show = optarg; break;
        case O_REFS: refs = optarg; break;
        case O_TOP: top = 1; break;
        case O_JSON: json = 1; break;
        case O_COLOR:
            if (strcmp(optarg, "auto") && strcmp(optarg, "always") && strcmp(optarg, "never")) {
                fprintf(stderr, "tracuu-search: --color wants auto, always or never, not '%s'\n", optarg);
                goto out;
            }
            color = optarg;
            break;
        case 'h': usage(stdout); rc = SX_HITS; goto out;
        case O_VERSION: printf("tracuu-search %s\n", TR_VERSION); rc = SX_HITS; goto out;
        default: usage(stderr); goto out;
        }
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
    const char *qtext = qb.data ? qb.data : "";
    size_t nfilters = fs[0].n + fs[1].n + fs[2].n + fs[3].n + fs[4].n;
    if (!show && !refs && !top && !qb.len && !nfilters) {
        fprintf(stderr, "tracuu-search: nothing to search for (try --help)\n");
        goto out_q;
    }
    if ((show || refs) && (qb.len || nfilters || top || (show && refs))) {
        fprintf(stderr, "tracuu-search: --show and --refs take no query, filters or other view\n");
        goto out_q;
    }

    /* Parse before opening the database: a syntax error is the user's to
     * fix whatever the state of the index. */
    tr_qast *ast = NULL;
    tr_qerror qe;
    memset(&qe, 0, sizeof qe);
    if (qb.len) {
        int prc = tr_qparse(qtext, qb.len, &ast, &qe);
        if (prc != 0) {
            query_error("query", qtext, &qe);
            goto out_q;
        }
    }

    if (!dbpath && !(dbpath = default_db())) {
        fprintf(stderr, "tracuu-search: no database: give --db DIR or set TRACUU_DB\n");
        goto out_ast;
    }
    tr_db *db = NULL;
    char *err = NULL;
    const char *paths[1] = {dbpath};
    int orc = tr_db_open_readonly(paths, 1, &db, &err);
    if (orc != 0) {
        if (orc == TR_DB_NOTFOUND)
            fprintf(stderr, "tracuu-search: %s: no index here; build one with: "
                            "tracuu-index --db %s DIR (or run ./quickstart search)\n",
                    dbpath, dbpath);
        else
            fprintf(stderr, "tracuu-search: %s: cannot open the index: %s\n", dbpath,
                    err ? err : "unknown error");
        free(err);
        rc = SX_DBERR;
        goto out_ast;
    }

    if (show) {
        rc = sx_show(db, show, json, &st);
        goto out_db;
    }
    if (refs) {
        rc = sx_refs(db, refs, json, &st);
        goto out_db;
    }

    int ferr;
    tr_query *filter = build_filters(fs, 5, &ferr);
    if (ferr) {
        rc = SX_USAGE;
        goto out_db;
    }
    struct timespec t0;
    clock_gettime(CLOCK_MONOTONIC, &t0);

    tr_mode used = mode;
    tr_query *q = NULL;
    if (ast && tr_qcompile(ast, mode, &q, &qe) != 0) {
        query_error("query", qtext, &qe);
        tr_q_free(filter);
        rc = SX_USAGE;
        goto out_db;
    }
    if (!q)
        q = tr_q_match_all();
    if (filter) {
        /* filter is kept: the fold fallback below needs it again */
        tr_query *parts[2] = {q, tr_q_clone(filter)};
        q = tr_q_combine(TR_OP_FILTER, parts, 2, 0);
    }
    if (!q) {
        tr_q_free(filter);
        fprintf(stderr, "tracuu-search: out of memory\n");
        rc = SX_DBERR;
        goto out_db;
    }
    if (top) {
        rc = sx_top_cited(db, (ast || filter) ? q : NULL, json, 20);
        tr_q_free(q);
        tr_q_free(filter);
        goto out_db;
    }

    static const unsigned facet_slots[4] = {TR_SLOT_PROVINCE, TR_SLOT_YEAR, TR_SLOT_BODY,
                                            TR_SLOT_TYPE};
    tr_search_opts so;
    memset(&so, 0, sizeof so);
    so.offset = offset;
    so.limit = limit;
    so.exact_total = 1;
    so.facet_slots = facet_slots;
    so.nfacets = 4;
    so.sort_slot = TR_SLOT_DATE;
    so.sort = sort == 0 ? TR_SORT_RELEVANCE_THEN_VALUE : TR_SORT_VALUE;
    so.sort_descending = sort <= 0;
    tr_mset *m = NULL;
    int src = tr_db_search(db, q, &so, &m);
    int fallback = 0;
    if (src == 0 && tr_mset_total(m) == 0 && mode != TR_MODE_FOLD && ast &&
        (mode == TR_MODE_EXACT || tr_qast_mode_matters(ast))) {
        /* The marks typed found nothing: try without them, and say so. */
        tr_query *fq = NULL;
        if (tr_qcompile(ast, TR_MODE_FOLD, &fq, &qe) == 0 && fq) {
            if (filter) {
                tr_query *parts[2] = {fq, tr_q_clone(filter)};
                fq = tr_q_combine(TR_OP_FILTER, parts, 2, 0);
            }
            tr_mset *fm = NULL;
            if (fq && tr_db_search(db, fq, &so, &fm) == 0 && tr_mset_total(fm) > 0) {
                tr_mset_free(m);
                m = fm;
                fallback = 1;
                used = TR_MODE_FOLD;
            } else {
                tr_mset_free(fm);
            }
            tr_q_free(fq);
        }
    }
    tr_q_free(q);
    tr_q_free(filter);
    if (src != 0) {
        fprintf(stderr, "tracuu-search: %s: search failed: %s\n", dbpath, tr_db_errmsg(db));
        rc = SX_DBERR;
        goto out_db;
    }

    tr_qword *words = NULL;
    size_t nwords = 0, nnum = 0;
    char(*numbers)[64] = NULL;
    if (ast) {
        tr_qast_words(ast, used, &words, &nwords);
        tr_qast_numbers(ast, &numbers, &nnum);
    }
    if (fs[4].n) {
        char(*nn)[64] = realloc(numbers, (nnum + fs[4].n) * sizeof *nn);
        if (nn) {
            numbers = nn;
            for (size_t i = 0; i < fs[4].n; i++)
                if (tr_cite_canonical(fs[4].values[i], numbers[nnum]) == 0)
                    nnum++;
        }
    }

    sx_result res;
    memset(&res, 0, sizeof res);
    res.query = qtext;
    res.mode = used == TR_MODE_AUTO ? "auto" : used == TR_MODE_EXACT ? "exact" : "fold";
    res.fallback = fallback;
    res.total = tr_mset_total(m);
    res.offset = offset;
    res.limit = limit;
    res.by_year = by_year;
    res.year_lo = year_lo;
    res.year_hi = year_hi;
    if (sx_collect(db, m, words, nwords, numbers, nnum, &st, &res) != 0) {
        fprintf(stderr, "tracuu-search: out of memory preparing results\n");
        rc = SX_DBERR;
    } else {
        res.elapsed_ms = ms_since(&t0);
        if (json) {
            sx_print_json(stdout, &res);
        } else {
            if (fallback)
                fprintf(stderr, "tracuu-search: nothing matches the diacritics as typed; "
                                "showing matches without diacritics\n");
            if (!by_year || limit > 0)
                sx_print_human(stdout, &res, &st);
            if (by_year)
                sx_print_by_year(stdout, &res, &st);
        }
        rc = res.total > 0 ? SX_HITS : SX_NOHITS;
    }
    sx_result_free(&res);
    tr_qwords_free(words, nwords);
    free(numbers);
    tr_mset_free(m);
out_db:
    tr_db_close(db);
out_ast:
    tr_qast_free(ast);
out_q:
    tr_buf_free(&qb);
out:
    free(dbpath);
    return rc;
}

/*
 * interactive.c — tracuu-search -i: look documents up without retyping
 * options.
 *
 * Each line is a query in tracuu's language, answered exactly as on the
 * command line (tr_search_run and the printers of output.c); lines that
 * start with ':' are commands: page the results, open the N-th hit in
 * $PAGER with the query's words highlighted, list its citations, keep a
 * filter for the next queries.  The options given on the command line
 * (filters, --exact/--fold, --limit, --sort) hold for every query.
 *
 * Speed: the database is opened once; before each query tr_db_reopen
 * makes it see what tracuu-index committed meanwhile, which costs a
 * stat, not an open.
 *
 * On a terminal, GNU readline gives line editing, history kept between
 * runs ($XDG_STATE_HOME/tracuu/history) and Tab completion of field
 * names, commands, province names (with or without marks) and the
 * document numbers in the index.  When standard input is not a terminal
 * the lines are read plainly and no prompt is printed, so scripts and the
 * tests can drive it through a pipe.
 */
#include "config.h"
#include "searcher.h"

#include <errno.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/select.h>
#include <sys/stat.h>
#include <unistd.h>

#include "tr_i18n.h"
#include "tr_meta.h"
#include "tr_normalize.h"
#include "tr_schema.h"

#ifdef TR_HAVE_READLINE
#include <readline/history.h>
#include <readline/readline.h>
#endif

typedef struct {
    tr_db *db;
    const char *dbpath;
    const sx_style *st;
    tr_search_req base;     /* the command line's options */
    char *query;            /* the last query line, as typed */
    char *loc;              /* the kept filter (":loc"), or NULL */
    unsigned offset;
    unsigned *docids;       /* the page shown: docids by rank - first */
    size_t ndocids;
    unsigned first;         /* rank of docids[0] */
    unsigned long total;
    tr_mode used;           /* the mode the last answer used (fallback) */
} isx;


/* The query to run: the typed line, then the kept filter.  The line is
 * parenthesised so that "a OR b" stays one alternative under the filter. */
static char *full_query(const isx *s)
{
    const char *q = s->query ? s->query : "";
    size_t n = strlen(q) + (s->loc ? strlen(s->loc) : 0) + 8;
    char *out = malloc(n);
    if (!out)
        return NULL;
    if (s->loc && *q)
        snprintf(out, n, "(%s) %s", q, s->loc);
    else
        snprintf(out, n, "%s", s->loc && !*q ? s->loc : q);
    return out;
}

/* Reports an error of text (the user's line or filter, columns as typed):
 * its syntax, and what only compiling finds (an unknown province, a bad
 * year) — checked here, alone, because once a filter is joined to the
 * query the columns would be those of the joined text. */
static int check_syntax(const char *text)
{
    tr_qast *ast = NULL;
    tr_query *q = NULL;
    tr_qerror qe;
    memset(&qe, 0, sizeof qe);
    int rc = tr_qparse(text, strlen(text), &ast, &qe);
    if (rc == 0)
        rc = tr_qcompile(ast, TR_MODE_AUTO, &q, &qe);
    tr_q_free(q);
    tr_qast_free(ast);
    if (rc == -1) {
        printf(_("query error at column %zu: %s\n"), qe.col, qe.msg);
        printf("  %s\n  %*s^\n", text, (int)(qe.col ? qe.col - 1 : 0), "");
        return -1;
    }
    if (rc != 0) {
        printf(_("out of memory\n"));
        return -1;
    }
    return 0;
}

/* Runs the current query at s->offset with the given window; res is
 * filled on success (0). */
static int search(isx *s, unsigned offset, unsigned limit, tr_result *res)
{
    char *q = full_query(s);
    if (!q) {
        printf(_("out of memory\n"));
        return -1;
    }
    tr_search_req req = s->base;
    req.query = q;
    req.offset = offset;
    req.limit = limit;
    if (tr_db_reopen(s->db) < 0) {
        printf(_("%s: cannot reopen the index: %s\n"), s->dbpath, tr_db_errmsg(s->db));
        free(q);
        return -1;
    }
    tr_search_err e;
    int rc = tr_search_run(s->db, &req, res, &e);
    if (rc == TR_SEARCH_FILTER)
        printf("%s %s: %s\n", tr_filter_names[e.field], e.value, e.qe.msg);
    else if (rc == TR_SEARCH_QUERY)
        printf(_("query error at column %zu: %s\n"), e.qe.col, e.qe.msg);
    else if (rc != TR_SEARCH_OK)
        printf(_("%s: search failed: %s\n"), s->dbpath, tr_db_errmsg(s->db));
    free(q);
    return rc == TR_SEARCH_OK ? 0 : -1;
}

/* Shows the page of results at s->offset and remembers its docids. */
static void show_page(isx *s)
{
    tr_result res;
    if (search(s, s->offset, s->base.limit, &res) != 0)
        return;
    if (res.fallback)
        printf("%s", _("tracuu-search: nothing matches the diacritics as typed; "
                       "showing matches without diacritics\n"));
    else if (res.total == 0 && s->base.mode == TR_MODE_EXACT)
        printf("%s", _("nothing matches exactly as typed; :khongdau (:fold) matches "
                       "without diacritics\n"));
    s->used = res.fallback ? TR_MODE_FOLD : s->base.mode;
    sx_print_human(stdout, &res, s->st);
    if (res.nmissing) {   /* --allow-partial left shards out of this answer */
        printf("%s", _("tracuu-search: warning: partial answer; shards not answering:"));
        for (size_t i = 0; i < res.nmissing; i++)
            printf(" %s", res.missing[i]);
        putchar('\n');
    }
    free(s->docids);
    s->docids = res.nhits ? malloc(res.nhits * sizeof *s->docids) : NULL;
    s->ndocids = s->docids ? res.nhits : 0;
    for (size_t i = 0; i < s->ndocids; i++)
        s->docids[i] = res.hits[i].docid;
    s->first = s->offset + 1;
    s->total = res.total;
    tr_result_free(&res);
}

/* The docid of the n-th hit (1-based rank) of the current query; cmd is
 * the command as typed, for the hint. */
static int nth_docid(isx *s, const char *cmd, const char *arg, unsigned *docid)
{
    char *end;
    long n = strtol(arg ? arg : "", &end, 10);
    if (!s->query && !s->loc) {
        printf(_("no query yet: type some words first\n"));
        return -1;
    }
    if (!arg || *arg == '\0' || *end || n < 1) {
        printf(_("give the number of a hit, e.g. :%s 1\n"), cmd);
        return -1;
    }
    if ((unsigned long)n >= s->first && (unsigned long)n < s->first + s->ndocids) {
        *docid = s->docids[n - s->first];
        return 0;
    }
    tr_result res;
    if (search(s, (unsigned)n - 1, 1, &res) != 0)
        return -1;
    int found = res.nhits == 1;
    if (found)
        *docid = res.hits[0].docid;
    else
        printf(_("there is no hit %ld (%lu documents match)\n"), n, res.total);
    tr_result_free(&res);
    return found ? 0 : -1;
}

/* Where a document goes: the pager when one is set or stdout is a
 * terminal, else stdout itself. */
static FILE *open_pager(int *piped)
{
    const char *p = getenv("PAGER");
    *piped = 0;
    if ((!p || !*p) && isatty(1))
        p = "less -R";
    if (!p || !*p)
        return stdout;
    fflush(stdout);
    FILE *f = popen(p, "w");
    if (!f)
        return stdout;
    *piped = 1;
    return f;
}

/* The document's text with every occurrence of the query's words marked
 * (tr_search_highlight: the same marks as tracuu-web's document view). */
static void print_highlighted(FILE *f, isx *s, const tr_docinfo *d)
{
    tr_span *hl = NULL;
    size_t nhl = 0, at = 0;
    tr_search_highlight(s->query, s->used, d->text, d->tlen, &hl, &nhl);
    for (size_t k = 0; k < nhl; k++) {
        const tr_span *sp = &hl[k];
        if (sp->start < at || sp->start + sp->len > d->tlen)
            continue;
        fwrite(d->text + at, 1, sp->start - at, f);
        fputs(s->st->hl_on, f);
        fwrite(d->text + sp->start, 1, sp->len, f);
        fputs(s->st->hl_off, f);
        at = sp->start + sp->len;
    }
    fwrite(d->text + at, 1, d->tlen - at, f);
    if (d->tlen && d->text[d->tlen - 1] != '\n')
        fputc('\n', f);
    free(hl);
}

static void cmd_show(isx *s, const char *cmd, const char *arg)
{
    unsigned docid;
    if (nth_docid(s, cmd, arg, &docid) != 0)
        return;
    tr_docinfo d;
    if (tr_docinfo_load(s->db, docid, &d) != 0) {
        printf(_("document %u: stored record is damaged\n"), docid);
        return;
    }
    int piped;
    FILE *f = open_pager(&piped);
    tr_docinfo head = d;
    head.tlen = 0;      /* the metadata only: the text is printed marked */
    sx_print_doc(f, &head);
    print_highlighted(f, s, &d);
    if (piped)
        pclose(f);
    else
        fflush(f);
    tr_docinfo_free(&d);
}

static void cmd_cites(isx *s, const char *cmd, const char *arg)
{
    unsigned docid;
    if (nth_docid(s, cmd, arg, &docid) != 0)
        return;
    tr_docinfo d;
    if (tr_docinfo_load(s->db, docid, &d) != 0) {
        printf(_("document %u: stored record is damaged\n"), docid);
        return;
    }
    const char *number = tr_docinfo_get(&d, "number");
    tr_refs r;
    if (number && tr_refs_get(s->db, number, (size_t)-1, &r) == 0) {
        sx_print_refs(stdout, &r);
        tr_refs_free(&r);
    } else {
        /* No number of its own: nobody can cite it, but it cites.  Named
         * by its hit number and title, as in the list (the bracketed
         * numbers of --refs are docids, which the session never shows). */
        const char *title = tr_docinfo_get(&d, "title");
        long n = strtol(arg, NULL, 10);
        if (title)
            printf(_("hit %ld (%s) has no document number; it cites:"), n, title);
        else
            printf(_("hit %ld has no document number; it cites:"), n);
        int first = 1;
        for (size_t i = 0; i < d.ncites; i++) {
            size_t k = 0;
            while (k < i && strcmp(d.cites[k].canon, d.cites[i].canon) != 0)
                k++;
            if (k < i)
                continue;   /* cited again further on */
            printf("%s%s", first ? " " : ", ", d.cites[i].canon);
            first = 0;
        }
        fputs(d.ncites ? "\n" : _(" (nothing)\n"), stdout);
    }
    tr_docinfo_free(&d);
}

/* A filter value as the query language reads it back: quoted unless it
 * is plain ASCII letters, digits and "-./_@" (the parser ends a word at
 * any Unicode space, a parenthesis, a quote; quoting a value that needs
 * none changes nothing).  The language has no escape for a quote inside
 * quotes, so a quote (straight or curly) and a control character are
 * written as a space: every field that can hold one (province, body,
 * type) is matched by its slug, where all of them are the same break; a
 * number with one in it was refused before the session began. */
static int curly_quote(const char *p)
{
    const unsigned char *u = (const unsigned char *)p;
    return u[0] == 0xE2 && u[1] == 0x80 && u[2] >= 0x9C && u[2] <= 0x9E;
}

static int as_space(char c)
{
    return c == '"' || ((unsigned char)c < 0x20);
}

static void print_value(const char *v)
{
    int q = !*v;
    for (const char *p = v; *p && !q; p++)
        q = !((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9') ||
              strchr("-./_@", *p));
    if (q)
        putchar('"');
    for (const char *p = v; *p; p++) {
        if (curly_quote(p)) {
            putchar(' ');
            p += 2;
        } else {
            putchar(as_space(*p) ? ' ' : *p);
        }
    }
    if (q)
        putchar('"');
}

/* The command line's filters (-p, -y, -b, -t, --cites), which hold for
 * every query of the session, written as the query language writes them;
 * 0 when there are none. */
static int print_base_filters(const isx *s)
{
    int any = 0;
    for (int f = 0; f < TR_NFILTERS; f++)
        for (size_t i = 0; i < s->base.nfilter[f]; i++) {
            const char *v = s->base.filter[f][i];
            if (!any)
                fputs(_("from the command line, for every query:"), stdout);
            printf(" %s:", tr_filter_names[f]);
            print_value(v);
            any = 1;
        }
    if (any)
        putchar('\n');
    return any;
}

static void cmd_filter(isx *s, const char *arg)
{
    if (!arg || !*arg) {
        int base = print_base_filters(s);
        if (s->loc)
            printf(_("filter: %s (:bo clears it)\n"), s->loc);
        else if (!base)
            printf(_("no filter (e.g. :loc tinh:quang-ngai nam:2020)\n"));
        return;
    }
    if (check_syntax(arg) != 0)
        return;
    free(s->loc);
    s->loc = strdup(arg);
    printf(_("filter: %s\n"), arg);
    if (s->query) {
        s->offset = s->base.offset;
        show_page(s);
    }
}

static void help(void)
{
    fputs(_("Type a query (words, \"phrases\", tinh: nam: coquan: loai: so: trich:) and "
            "press Enter.\n"
            "  :xem N, :show N    open hit N in the pager, query words marked\n"
            "  :trich N           what hit N cites and who cites it\n"
            "  :sau, :next        the next page of results\n"
            "  :truoc, :prev      the previous page\n"
            "  :loc FILTER        keep a filter for the next queries (e.g. tinh:hue)\n"
            "  :loc               show the filter; :bo clears it\n"
            "  :codau, :khongdau, :tudong   match exactly as typed, without\n"
            "                     diacritics, or by what is typed (:exact :fold :auto)\n"
            "  :help, :?          this help\n"
            "  :q, :thoat         quit (or Ctrl-D)\n"
            "Tab completes field names, provinces and document numbers.\n"),
          stdout);
}

/* One command line (after ':').  Returns 1 to quit. */
static int command(isx *s, char *line)
{
    char *arg = line + strcspn(line, " \t");
    if (*arg) {
        *arg++ = '\0';
        arg += strspn(arg, " \t");
        size_t n = strlen(arg);
        while (n && (arg[n - 1] == ' ' || arg[n - 1] == '\t'))
            arg[--n] = '\0';
    }
    if (!strcmp(line, "q") || !strcmp(line, "quit") || !strcmp(line, "thoat"))
        return 1;
    if (!strcmp(line, "xem") || !strcmp(line, "show"))
        cmd_show(s, line, arg);
    else if (!strcmp(line, "trich") || !strcmp(line, "cites") || !strcmp(line, "refs"))
        cmd_cites(s, line, arg);
    else if (!strcmp(line, "sau") || !strcmp(line, "next") || !strcmp(line, "truoc") ||
             !strcmp(line, "prev")) {
        int fwd = line[0] == 's' || line[0] == 'n';
        if (!s->query && !s->loc)
            printf(_("no query yet: type some words first\n"));
        else if (fwd && s->offset + s->base.limit >= s->total)
            printf(_("this is the last page\n"));
        else if (!fwd && s->offset == 0)
            printf(_("this is the first page\n"));
        else {
            s->offset = fwd ? s->offset + s->base.limit
                            : (s->offset > s->base.limit ? s->offset - s->base.limit : 0);
            show_page(s);
        }
    } else if (!strcmp(line, "loc") || !strcmp(line, "filter"))
        cmd_filter(s, arg);
    else if (!strcmp(line, "bo") || !strcmp(line, "clear")) {
        free(s->loc);
        s->loc = NULL;
        printf(_("filter cleared\n"));
        if (s->query) {
            s->offset = s->base.offset;
            show_page(s);
        }
    } else if (!strcmp(line, "codau") || !strcmp(line, "exact") ||
               !strcmp(line, "khongdau") || !strcmp(line, "fold") ||
               !strcmp(line, "tudong") || !strcmp(line, "auto")) {
        /* --exact, --fold or neither, for the next queries and this one */
        s->base.mode = line[0] == 'c' || line[0] == 'e'   ? TR_MODE_EXACT
                       : line[0] == 'k' || line[0] == 'f' ? TR_MODE_FOLD
                                                          : TR_MODE_AUTO;
        printf("%s", s->base.mode == TR_MODE_EXACT ? _("words match exactly as typed\n")
                     : s->base.mode == TR_MODE_FOLD ? _("words match without diacritics\n")
                                                    : _("words typed with marks match "
                                                        "exactly, others without\n"));
        if (s->query) {
            s->offset = s->base.offset;
            show_page(s);
        }
    } else if (!strcmp(line, "help") || !strcmp(line, "?") || !strcmp(line, "giup"))
        help();
    else
        printf(_("unknown command ':%s' (:help lists them)\n"), line);
    return 0;
}

#ifdef TR_HAVE_READLINE

/* $XDG_STATE_HOME/tracuu/history, else ~/.local/state/tracuu/history;
 * the directories are made.  NULL when there is no home. */
static char *history_path(void)
{
    const char *xdg = getenv("XDG_STATE_HOME"), *home = getenv("HOME");
    char dir[4096];
    if (xdg && *xdg)
        snprintf(dir, sizeof dir, "%s/tracuu", xdg);
    else if (home && *home)
        snprintf(dir, sizeof dir, "%s/.local/state/tracuu", home);
    else
        return NULL;
    for (char *p = dir + 1; *p; p++)
        if (*p == '/') {
            *p = '\0';
            mkdir(dir, 0700);
            *p = '/';
        }
    if (mkdir(dir, 0700) != 0 && errno != EEXIST)
        return NULL;
    size_t n = strlen(dir) + 16;
    char *path = malloc(n);
    if (path)
        snprintf(path, n, "%s/history", dir);
    return path;
}

/* Ctrl-C at the prompt clears the line and gives a new prompt, as in a
 * shell, instead of ending the session.  Without a race: readline does
 * not catch signals (rl_catch_signals = 0); SIGINT is blocked while
 * readline runs except inside the pselect of getc_sig, so a Ctrl-C is
 * seen there at once, wherever readline was (a handler that only set a
 * flag would leave a Ctrl-C typed during a redisplay waiting for the next
 * key).  The line is reset there, in readline's own context, not in the
 * handler.  While a query runs or $PAGER shows a document SIGINT is not
 * blocked and only sets the flag (the pager deals with its own Ctrl-C). */
static volatile sig_atomic_t got_sigint;
static sigset_t rl_unblocked;   /* the mask to wait with: SIGINT let in */

static void on_sigint(int sig)
{
    (void)sig;
    got_sigint = 1;
}

static int getc_sig(FILE *in)
{
    for (;;) {
        if (got_sigint) {
            got_sigint = 0;
            rl_echo_signal_char(SIGINT);
            rl_replace_line("", 0);
            rl_crlf();
            rl_on_new_line();
            rl_redisplay();
        }
        fd_set r;
        FD_ZERO(&r);
        FD_SET(fileno(in), &r);
        int n = pselect(fileno(in) + 1, &r, NULL, NULL, NULL, &rl_unblocked);
        if (n > 0)
            return rl_getc(in);
        if (n < 0 && errno != EINTR)
            return EOF;
    }
}

#endif /* TR_HAVE_READLINE */

#ifdef TR_HAVE_READLINE
static const char *hist_file;   /* the history file, or NULL */
#endif

/* The next line, malloc'd, without its newline; NULL at the end. */
static char *next_line(int tty)
{
#ifdef TR_HAVE_READLINE
    if (tty) {
        sigset_t block;
        sigemptyset(&block);
        sigaddset(&block, SIGINT);
        sigprocmask(SIG_BLOCK, &block, &rl_unblocked);
        sigdelset(&rl_unblocked, SIGINT);
        got_sigint = 0;   /* a Ctrl-C during the last query is spent */
        char *l = readline("tracuu> ");
        sigprocmask(SIG_UNBLOCK, &block, NULL);
        HIST_ENTRY *last = history_length ? history_get(history_base + history_length - 1)
                                          : NULL;
        /* ":q" is not worth recalling: the line before it is. */
        int quit = l && (!strcmp(l, ":q") || !strcmp(l, ":quit") || !strcmp(l, ":thoat"));
        if (l && *l && !quit && (!last || strcmp(last->line, l) != 0)) {
            add_history(l);
            /* at once: a session killed or hung up keeps what it typed */
            if (hist_file)
                append_history(1, hist_file);
        }
        return l;
    }
#else
    if (tty) {
        fputs("tracuu> ", stdout);
        fflush(stdout);
    }
#endif
    char *line = NULL;
    size_t cap = 0;
    ssize_t n = getline(&line, &cap, stdin);
    if (n < 0) {
        free(line);
        return NULL;
    }
    while (n > 0 && (line[n - 1] == '\n' || line[n - 1] == '\r'))
        line[--n] = '\0';
    return line;
}

int sx_interactive(tr_db *db, const char *dbpath, const tr_search_req *base,
                   const sx_style *st)
{
    isx s;
    memset(&s, 0, sizeof s);
    s.db = db;
    s.dbpath = dbpath;
    s.st = st;
    s.base = *base;
    s.base.query = NULL;
    s.used = base->mode;
    int tty = isatty(0);
    /* A pager that quits early must not end the session. */
    signal(SIGPIPE, SIG_IGN);
#ifdef TR_HAVE_READLINE
    char *hist = NULL;
    if (tty) {
        rl_readline_name = "tracuu";
        sx_complete_db(db);
        rl_attempted_completion_function = sx_complete;
        /* ':' and '"' belong to the word: "tinh:\"Quảng" is completed whole. */
        rl_basic_word_break_characters = " \t\n()";
        rl_completer_word_break_characters = " \t\n()";
        hist = history_path();
        if (hist) {
            /* append_history below needs the file to exist */
            if (read_history(hist) != 0)
                write_history(hist);
            hist_file = hist;
        }
        rl_catch_signals = 0;
        rl_getc_function = getc_sig;
        struct sigaction sa;
        memset(&sa, 0, sizeof sa);
        sa.sa_handler = on_sigint;
        sigemptyset(&sa.sa_mask);
        sigaction(SIGINT, &sa, NULL);
    }
#endif
    if (tty)
        printf(_("tracuu-search: %lu documents in %s. Type a query, :help for commands, "
                 ":q to quit.\n"), tr_db_doccount(db), dbpath);
    char *line;
    while ((line = next_line(tty)) != NULL) {
        char *p = line + strspn(line, " \t");
        int quit = 0;
        if (*p == ':') {
            quit = command(&s, p + 1);
        } else if (*p && check_syntax(p) == 0) {
            free(s.query);
            s.query = strdup(p);
            s.offset = s.base.offset;   /* --offset: where each query's first page starts */
            show_page(&s);
        }
        free(line);
        fflush(stdout);
        if (quit)
            break;
    }
#ifdef TR_HAVE_READLINE
    if (hist) {
        write_history(hist);
        history_truncate_file(hist, 1000);
        hist_file = NULL;
        free(hist);
    }
#endif
    free(s.query);
    free(s.loc);
    free(s.docids);
    return SX_HITS;
}

/*
 * snippet_ranges — a helper of tests/t_snippet_ranges.sh.  For every query
 * of a queries.tsv (first column), runs the search twice — snippets from
 * the passages the index's positions point to, and from each hit's whole
 * text — and prints one TAP line per query: the two must agree, hit by
 * hit, on the snippet text and every highlight.  Then checks the index's
 * checkpoints: each lies at the start of the token at its position.
 *
 *   snippet_ranges DB queries.tsv
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tr_search.h"
#include "tr_store.h"
#include "tr_tokenize.h"

static int n, failed;

static void ok(int c, const char *what, const char *q)
{
    printf("%sok %d - %s: %s\n", c ? "" : "not ", ++n, what, q);
    failed += !c;
}

static int same(const tr_result *a, const tr_result *b, char *why, size_t wl)
{
    if (a->nhits != b->nhits)
        return snprintf(why, wl, "%zu hits against %zu", a->nhits, b->nhits), 0;
    for (size_t i = 0; i < a->nhits; i++) {
        const tr_hit *x = &a->hits[i], *y = &b->hits[i];
        if (x->docid != y->docid)
            return snprintf(why, wl, "hit %zu: docid", i + 1), 0;
        if (strcmp(x->snippet ? x->snippet : "", y->snippet ? y->snippet : ""))
            return snprintf(why, wl, "hit %zu: «%s» against «%s»", i + 1,
                            x->snippet, y->snippet), 0;
        if (x->nhl != y->nhl)
            return snprintf(why, wl, "hit %zu: %zu highlights against %zu", i + 1,
                            x->nhl, y->nhl), 0;
        for (size_t k = 0; k < x->nhl; k++)
            if (x->hl[k].start != y->hl[k].start || x->hl[k].len != y->hl[k].len)
                return snprintf(why, wl, "hit %zu: highlight %zu", i + 1, k + 1), 0;
    }
    return 1;
}

/* Every checkpoint of the first hits' records is where the tokenizer puts
 * the token of its position. */
static int checkpoints_right(tr_db *db, const tr_result *r, size_t *seen)
{
    for (size_t i = 0; i < r->nhits; i++) {
        char *data = NULL, *text = NULL;
        size_t len, tlen, step, *cp = NULL, ncp;
        tr_record rec;
        if (tr_db_get_data(db, r->hits[i].docid, &data, &len) != 0 ||
            tr_record_parse(data, len, &rec) != 0) {
            free(data);
            return 0;
        }
        int good = tr_record_checkpoints(&rec, &step, &cp, &ncp) == 0 && ncp > 0 &&
                   step == TR_TP_STEP && tr_record_text(&rec, &text, &tlen) == 0;
        if (good) {
            tr_tokenizer *tk = tr_tokenizer_new();
            tr_token t;
            size_t k = 0;
            tr_tokenizer_reset(tk, text, tlen);
            while (good && tr_tokenizer_next(tk, &t) == 1) {
                if ((t.flags & TR_TOKF_COMPOUND) || t.position % step)
                    continue;
                good = k < ncp && cp[k] == t.offset;
                k++;
            }
            good = good && k == ncp;
            tr_tokenizer_free(tk);
            *seen += ncp;
        }
        free(text);
        free(cp);
        tr_record_free(&rec);
        free(data);
        if (!good)
            return 0;
    }
    return 1;
}

int main(int argc, char **argv)
{
    if (argc != 3) {
        fprintf(stderr, "usage: snippet_ranges DB queries.tsv\n");
        return 2;
    }
    tr_db *db = NULL;
    char *err = NULL;
    const char *paths[1] = {argv[1]};
    FILE *f = fopen(argv[2], "r");
    if (!f || tr_db_open_readonly(paths, 1, &db, &err) != 0) {
        printf("Bail out! %s\n", err ? err : argv[2]);
        return 1;
    }
    char line[4096];
    size_t hits = 0, cps = 0;
    int cp_ok = 1;
    while (fgets(line, sizeof line, f)) {
        if (line[0] == '#' || line[0] == '\n')
            continue;
        line[strcspn(line, "\t\n")] = '\0';
        tr_search_req req;
        memset(&req, 0, sizeof req);
        req.query = line;
        req.limit = 10;
        tr_result a, b;
        tr_search_err ea, eb;
        int ra = tr_search_run(db, &req, &a, &ea);
        req.snippet_scan_all = 1;
        int rb = tr_search_run(db, &req, &b, &eb);
        char why[1200] = "";
        if (ra != 0 || rb != 0) {
            ok(ra == rb, "both fail alike", line);
        } else {
            int c = same(&a, &b, why, sizeof why);
            ok(c, "snippets from positions = from the whole text", line);
            if (!c)
                printf("#   %s\n", why);
            hits += a.nhits;
            if (cp_ok)
                cp_ok = checkpoints_right(db, &a, &cps);
        }
        if (ra == 0)
            tr_result_free(&a);
        if (rb == 0)
            tr_result_free(&b);
    }
    fclose(f);
    printf("# %zu hits compared, %zu checkpoints checked\n", hits, cps);
    ok(cp_ok && cps > 0, "checkpoints lie at their tokens", "every hit");
    ok(hits > 0, "the queries found documents", argv[2]);
    tr_db_close(db);
    printf("1..%d\n", n);
    return failed ? 1 : 0;
}

/*
 * tr_snippet_loc — the best passage of a long text without tokenizing all
 * of it, from where the index says the query's words are.
 *
 * Why: ten snippets of long reports were half of a query's instructions,
 * nearly all of it tokenizing text far from any query word.  The index
 * already holds each word's positions, and the record the byte offset of
 * every 128th token (tr_store.h); from them each block of the text gets a
 * bound on the score of any window starting in it.  Scanning only the
 * blocks whose bound can reach the best window found gives the whole
 * text's answer — the same passage, byte for byte (t_snippet_ranges).
 */
#include "tr_snippet.h"

#include <limits.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "tr_snippet_int.h"
#include "tr_tokenize.h"

/* Appends [lo, hi) to the ranges, merging with the last (ranges come in
 * order of lo).  -1 on out-of-memory. */
static int range_add(tr_span **v, size_t *n, size_t *cap, size_t lo, size_t hi)
{
    if (*n && lo <= (*v)[*n - 1].start + (*v)[*n - 1].len) {
        tr_span *l = &(*v)[*n - 1];
        if (hi > l->start + l->len)
            l->len = hi - l->start;
        return 0;
    }
    if (*n == *cap) {
        size_t nc = *cap ? *cap * 2 : 16;
        tr_span *nv = realloc(*v, nc * sizeof *nv);
        if (!nv)
            return -1;
        *v = nv;
        *cap = nc;
    }
    (*v)[*n].start = lo;
    (*v)[(*n)++].len = hi - lo;
    return 0;
}

static int has_pos(const unsigned *p, size_t n, unsigned x)
{
    size_t lo = 0, hi = n;
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        if (p[mid] < x)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo < n && p[lo] == x;
}

/* What each block could contribute to a window: its distinct words, the
 * pairs and phrases completed in it, its matches.  Taken from positions,
 * which are a superset of the matches (a folded key's positions, where
 * the word may be asked with its marks), so the score bound holds. */
typedef struct {
    uint64_t words, pairs;
    uint32_t phrases;
    unsigned matches;
} blockinfo;

/* Positions of each distinct word, merged over the query words that share
 * it (the matcher's ids), ascending and unique. */
typedef struct {
    unsigned *p;
    size_t n;
} poslist;

static int merge_positions(const tr_snippet_loc *loc, const tr_hlword *w, size_t nw,
                           const matcher *m, poslist *pl)
{
    matcher tmp = *m;
    for (size_t i = 0; i < nw; i++) {
        if (!w[i].key || !w[i].key[0] || !loc->npos[i])
            continue;
        int id = tr_sn_word_id(&tmp, &w[i]);
        if (id < 0 || (size_t)id >= m->ndw)
            continue;
        poslist *d = &pl[id];
        unsigned *v = malloc((d->n + loc->npos[i]) * sizeof *v);
        if (!v)
            return -1;
        size_t a = 0, b = 0, k = 0;
        const unsigned *src = loc->pos[i];
        while (a < d->n || b < loc->npos[i]) {
            unsigned x = b == loc->npos[i] || (a < d->n && d->p[a] <= src[b]) ? d->p[a++]
                                                                              : src[b++];
            if (k == 0 || v[k - 1] != x)
                v[k++] = x;
        }
        free(d->p);
        d->p = v;
        d->n = k;
    }
    return 0;
}

static void block_info(const matcher *m, const poslist *pl, size_t step, size_t nb,
                       blockinfo *bi)
{
    for (size_t id = 0; id < m->ndw; id++)
        for (size_t k = 0; k < pl[id].n; k++) {
            size_t b = pl[id].p[k] / step;
            if (b < nb) {
                bi[b].words |= (uint64_t)1 << id;
                bi[b].matches++;
            }
        }
    /* A pair is completed by its second word, the very next token. */
    for (size_t i = 0; i < m->npr; i++) {
        const poslist *a = &pl[m->pr[i].a], *z = &pl[m->pr[i].b];
        for (size_t k = 0; k < a->n; k++)
            if (has_pos(z->p, z->n, a->p[k] + 1) && (a->p[k] + 1) / step < nb)
                bi[(a->p[k] + 1) / step].pairs |= (uint64_t)1 << i;
    }
    /* A phrase is completed by its last word, its words on consecutive
     * tokens. */
    for (size_t g = 0; g < m->nph; g++) {
        const phrase *ph = &m->ph[g];
        const poslist *f = &pl[ph->w[0]];
        for (size_t k = 0; k < f->n; k++) {
            unsigned j = 1;
            while (j < ph->n && has_pos(pl[ph->w[j]].p, pl[ph->w[j]].n, f->p[k] + j))
                j++;
            if (j == ph->n && (f->p[k] + j - 1) / step < nb)
                bi[(f->p[k] + j - 1) / step].phrases |= (uint32_t)1 << g;
        }
    }
}

/* The most a window starting in block b (and so lying in blocks
 * b..to[b]) can score. */
static long long block_bound(const matcher *m, const blockinfo *bi, size_t b, size_t e)
{
    blockinfo u = {0, 0, 0, 0};
    for (size_t k = b; k <= e; k++) {
        u.words |= bi[k].words;
        u.pairs |= bi[k].pairs;
        u.phrases |= bi[k].phrases;
        u.matches += bi[k].matches;
    }
    long long s = (long long)__builtin_popcountll(u.words) * W_DISTINCT +
                  (long long)__builtin_popcountll(u.pairs) * W_PAIR + W_SENTENCE +
                  (long long)(u.matches < MAX_MATCH_COUNTED ? u.matches : MAX_MATCH_COUNTED) *
                      W_MATCH;
    for (size_t g = 0; g < m->nph; g++)
        if (u.phrases >> g & 1)
            s += m->ph[g].astyped ? W_ASTYPED : W_PHRASE;
    return s;
}

/* The ranges of the blocks where a window can start (a block with a
 * word) whose bound reaches floor, with the blocks their windows reach
 * and a margin either side; *bytes gets the bytes covered. */
static int ranges_from(const tr_snippet_loc *loc, size_t len, const blockinfo *bi,
                       const long long *ub, const size_t *to, long long floor, size_t margin,
                       tr_span **v, size_t *n, size_t *bytes)
{
    size_t cap = 0;
    *v = NULL;
    *n = 0;
    for (size_t b = 0; b < loc->ncp; b++) {
        if (!bi[b].words || ub[b] < floor)
            continue;
        size_t lo = loc->cp[b] > margin ? loc->cp[b] - margin : 0;
        size_t e = to[b] + 1 < loc->ncp ? loc->cp[to[b] + 1] : len;
        size_t hi = e + margin < len ? e + margin : len;
        if (range_add(v, n, &cap, lo, hi))
            return -1;
    }
    *bytes = 0;
    for (size_t i = 0; i < *n; i++)
        *bytes += (*v)[i].len;
    return 0;
}

/* How far under its bound a window typically scores: the matches counted
 * over whole blocks rather than the window, the spread and the sentence. */
#define BOUND_SLACK (MAX_MATCH_COUNTED * W_MATCH + W_SPREAD + W_SENTENCE)

/* Chooses what to scan from where the words are, then scans it.  Windows
 * of at most max_bytes starting in block b lie in blocks b..to[b], so
 * their score is at most ub[b] (words, pairs and phrases found there from
 * the positions).  A first pass over the blocks with the highest bound
 * gives a real window's score; the second scans, in text order, every
 * block whose bound reaches it — the blocks left out can neither hold the
 * best window nor tie with it, so the answer is the whole text's.
 * Returns 1 when done, 0 when the whole text is better scanned (the
 * blocks cover most of it), -1 on out-of-memory. */
static int scan_located(const char *text, size_t len, const tr_snippet_loc *loc,
                        const tr_hlword *w, size_t nw, const matcher *m, tr_tokenizer *tk,
                        size_t max_bytes, bestw *bw)
{
    size_t nb = loc->ncp;
    blockinfo *bi = calloc(nb, sizeof *bi);
    long long *ub = calloc(nb, sizeof *ub);
    size_t *to = calloc(nb, sizeof *to);
    poslist pl[MAXW];
    tr_span *v = NULL;
    size_t nv = 0, bytes = 0;
    int rc = -1;
    memset(pl, 0, sizeof pl);
    if (!bi || !ub || !to || loc->step == 0 || merge_positions(loc, w, nw, m, pl))
        goto out;
    block_info(m, pl, loc->step, nb, bi);
    long long top = LLONG_MIN;
    for (size_t b = 0, e = 0; b < nb; b++) {
        size_t lim = b + 1 < nb ? loc->cp[b + 1] + max_bytes : len;
        if (e < b)
            e = b;
        while (e + 1 < nb && loc->cp[e + 1] < lim)
            e++;
        to[b] = e;
        ub[b] = block_bound(m, bi, b, e);
        if (bi[b].words && ub[b] > top)
            top = ub[b];
    }
    size_t margin = max_bytes + TR_SNIPPET_MARGIN;
    /* When the blocks within reach of the top bound already cover most of
     * the text, pass 2 would too: scan the whole text at once rather than
     * pay for pass 1 first (a report whose subject is the query, the
     * phrase on every page).  Only a choice of path; both are exact. */
    rc = 0;
    if (ranges_from(loc, len, bi, ub, to, top == LLONG_MIN ? top : top - BOUND_SLACK, margin,
                    &v, &nv, &bytes))
        goto oom;
    if (bytes > len / 2)
        goto out;
    free(v);
    v = NULL;
    /* Pass 1: the blocks with the highest bound. */
    if (ranges_from(loc, len, bi, ub, to, top, margin, &v, &nv, &bytes))
        goto oom;
    if (bytes > len / 2)
        goto out;
    bestw first = {LLONG_MIN, 0, 0, 0, 0};
    if (tr_sn_scan_ranges(text, len, v, nv, m, tk, max_bytes, &first)) {
        rc = -1;
        goto out;
    }
    free(v);
    v = NULL;
    if (first.found && first.best > top)
        goto out;   /* a match the positions did not list: scan it all */
    /* Pass 2: every block that could reach it, in text order. */
    if (ranges_from(loc, len, bi, ub, to, first.found ? first.best : LLONG_MIN, margin, &v,
                    &nv, &bytes)) {
        rc = -1;
        goto out;
    }
    if (bytes > len / 2)
        goto out;
    rc = tr_sn_scan_ranges(text, len, v, nv, m, tk, max_bytes, bw) ? -1 : 1;
    goto out;
oom:
    rc = -1;
out:
    for (size_t i = 0; i < MAXW; i++)
        free(pl[i].p);
    free(v);
    free(bi);
    free(ub);
    free(to);
    return rc;
}

int tr_snippet_best_loc(const char *text, size_t len, const tr_snippet_loc *loc,
                        const tr_hlword *w, size_t nw, size_t max_bytes, tr_snippet *out)
{
    memset(out, 0, sizeof *out);
    if (!text || len == 0)
        return 0;
    if (max_bytes == 0)
        max_bytes = 1;
    matcher *m = malloc(sizeof *m);
    int own, rc = -1;
    tr_tokenizer *tk = tr_tokenizer_thread(&own);
    if (!m || !tk)
        goto out;
    tr_sn_matcher_init(m, w, nw);
    bestw bw = {LLONG_MIN, 0, 0, 0, 0};
    int done = 0;
    if (loc && loc->ncp && m->ndw)
        done = scan_located(text, len, loc, w, nw, m, tk, max_bytes, &bw);
    if (done == 0) {
        tr_span whole = {0, len};
        bw = (bestw){LLONG_MIN, 0, 0, 0, 0};
        done = tr_sn_scan_ranges(text, len, &whole, 1, m, tk, max_bytes, &bw) ? -1 : 1;
    }
    if (done == 1)
        rc = tr_sn_finish(text, len, &bw, max_bytes, m, tk, out);
out:
    tr_tokenizer_put(tk, own);
    free(m);
    return rc;
}

/* The whole text: the same chooser, nothing located. */
int tr_snippet_best(const char *text, size_t len, const tr_hlword *w, size_t nw,
                    size_t max_bytes, tr_snippet *out)
{
    return tr_snippet_best_loc(text, len, NULL, w, nw, max_bytes, out);
}

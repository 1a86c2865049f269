/*
 * tr_search_snippet.c — the snippet of one hit.
 *
 * The citing sentence when the query asks for a document number (that
 * sentence is what a researcher wants to see), the best passage for the
 * query's words otherwise — located from the index's positions when the
 * index has them, so that a long report is not tokenized whole.  The
 * passage is rendered once with private-use sentinels around the matches
 * and then split into plain text and byte spans, so every front end
 * styles the same spans.
 */
#include "tr_search.h"
#include "tr_search_int.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tr_buf.h"
#include "tr_cite.h"
#include "tr_schema.h"
#include "tr_store.h"
#include "tr_tokenize.h"

#define SNIPPET_BYTES 280
#define HL_OPEN "\xee\x80\x80"    /* U+E000 */
#define HL_CLOSE "\xee\x80\x81"   /* U+E001 */

/* Splits a rendered snippet with sentinels into plain text and spans. */
static int split_rendered(const char *s, tr_hit *h)
{
    tr_buf plain = {0};
    size_t cap = 0, open_at = 0;
    int in = 0;
    const size_t sl = strlen(HL_OPEN);
    for (size_t i = 0; s[i];) {
        if (strncmp(s + i, HL_OPEN, sl) == 0) {
            in = 1;
            open_at = plain.len;
            i += sl;
        } else if (strncmp(s + i, HL_CLOSE, sl) == 0) {
            if (in) {
                if (h->nhl == cap) {
                    cap = cap ? cap * 2 : 8;
                    tr_span *v = realloc(h->hl, cap * sizeof *v);
                    if (!v)
                        goto oom;
                    h->hl = v;
                }
                h->hl[h->nhl].start = open_at;
                h->hl[h->nhl].len = plain.len - open_at;
                h->nhl++;
            }
            in = 0;
            i += sl;
        } else {
            if (tr_buf_addc(&plain, s[i]))
                goto oom;
            i++;
        }
    }
    h->snippet = plain.data ? plain.data : strdup("");
    return h->snippet ? 0 : -1;
oom:
    tr_buf_free(&plain);
    return -1;
}

/* The cite line "CANON start len sent_start sent_len date" matching one of
 * numbers, parsed into the sentence span and the citation span. */
static int find_citation(const tr_record *r, char (*numbers)[64], size_t nn,
                         size_t *cs, size_t *cl, size_t *ss, size_t *sl)
{
    for (size_t i = 0; i < r->n; i++) {
        const tr_store_kv *kv = &r->kv[i];
        if (kv->key_len != 4 || memcmp(kv->key, "cite", 4) != 0)
            continue;
        char line[256];
        size_t n = kv->value_len < sizeof line - 1 ? kv->value_len : sizeof line - 1;
        memcpy(line, kv->value, n);
        line[n] = '\0';
        char canon[TR_CANON_MAX];
        size_t a, b, c, d;
        if (sscanf(line, "%63s %zu %zu %zu %zu", canon, &a, &b, &c, &d) != 5)
            continue;
        for (size_t k = 0; k < nn; k++) {
            /* "22-CT/TU@quang-ngai" asks for the number "22-CT/TU". */
            size_t ql = strcspn(numbers[k], "@");
            if (strlen(canon) == ql && strncmp(canon, numbers[k], ql) == 0) {
                *cs = a;
                *cl = b;
                *ss = c;
                *sl = d;
                return 1;
            }
        }
    }
    return 0;
}

/* Adds the span of the cited number itself to the sentence's highlights:
 * it is the match that matters. */
static void mark_citation(tr_snippet *sn, size_t cs, size_t cl)
{
    if (cs < sn->start || cs + cl > sn->start + sn->len)
        return;
    size_t k = 0;
    while (k < sn->nhl && sn->hl[k].start + sn->hl[k].len <= cs)
        k++;
    if (k < sn->nhl && sn->hl[k].start < cs + cl)
        return;
    tr_span *v = realloc(sn->hl, (sn->nhl + 1) * sizeof *v);
    if (!v)
        return;
    sn->hl = v;
    memmove(&sn->hl[k + 1], &sn->hl[k], (sn->nhl - k) * sizeof *v);
    sn->hl[k].start = cs;
    sn->hl[k].len = cl;
    sn->nhl++;
}

/* Where the query's words are in the hit's text, from the index's
 * positions and the record's checkpoints, so that the snippet of a long
 * report tokenizes a few passages rather than the whole text
 * (tr_snippet_best_loc, same answer).  Returns 1 with *loc filled (free
 * with loc_free), or 0 when the whole text must be scanned: no
 * checkpoints (an index made before them), a remote shard (a round trip
 * per word), a word the index keeps without positions (a document
 * number).  -1: out of memory. */
typedef struct {
    tr_snippet_loc loc;
    size_t *cp;
    unsigned **pos;
    size_t *npos;
    size_t nw;
} hit_loc;

static void loc_free(hit_loc *h)
{
    for (size_t i = 0; i < h->nw; i++)
        free(h->pos[i]);
    free(h->pos);
    free(h->npos);
    free(h->cp);
    memset(h, 0, sizeof *h);
}

static int locate_words(tr_db *db, unsigned docid, const tr_record *r, const tr_qword *words,
                        size_t nw, hit_loc *h)
{
    memset(h, 0, sizeof *h);
    if (!db || tr_db_has_remote(db) || nw == 0)
        return 0;
    size_t step, ncp;
    int rc = tr_record_checkpoints(r, &step, &h->cp, &ncp);
    if (rc == -2)
        return -1;
    if (rc != 0 || ncp == 0)
        return 0;
    h->pos = calloc(nw, sizeof *h->pos);
    h->npos = calloc(nw, sizeof *h->npos);
    if (!h->pos || !h->npos) {
        loc_free(h);
        return -1;
    }
    h->nw = nw;
    int own, res = 1;
    tr_tokenizer *tk = tr_tokenizer_thread(&own);
    tr_buf term = {0};
    for (size_t i = 0; i < nw && res == 1 && tk; i++) {
        /* The word's folded key, if the index gave it positions: one
         * token, not a compound (document numbers are kept whole). */
        tr_token t;
        tr_tokenizer_reset(tk, words[i].key, strlen(words[i].key));
        if (tr_tokenizer_next(tk, &t) != 1 || (t.flags & TR_TOKF_COMPOUND)) {
            res = 0;
            break;
        }
        tr_buf_clear(&term);
        if (tr_buf_adds(&term, TR_PFX_FOLD) || tr_buf_add(&term, t.folded, t.folded_len)) {
            res = -1;
            break;
        }
        if (tr_tokenizer_next(tk, &t) != 0) {
            res = 0;
            break;
        }
        unsigned *pos = NULL;
        size_t np = 0;
        if (tr_db_positions(db, docid, term.data, &pos, &np) != 0) {
            res = 0;
            break;
        }
        /* Indexed positions are 1-based; the last block runs to the end. */
        for (size_t k = 0; k < np && res == 1; k++) {
            if (pos[k] == 0 || (pos[k] - 1) / step >= ncp)
                res = 0;   /* checkpoints and positions disagree */
            else
                pos[k]--;
        }
        h->pos[i] = pos;
        h->npos[i] = np;
    }
    tr_tokenizer_put(tk, own);
    tr_buf_free(&term);
    if (!tk)
        res = -1;
    if (res != 1) {
        loc_free(h);
        return res;
    }
    h->loc.cp = h->cp;
    h->loc.ncp = ncp;
    h->loc.step = step;
    h->loc.pos = (const unsigned *const *)h->pos;
    h->loc.npos = h->npos;
    return 1;
}

int tr_search_snippet(tr_db *db, unsigned docid, int scan_all, const tr_record *r,
                      const tr_qword *words, size_t nw, char (*numbers)[64], size_t nn,
                      tr_hit *h)
{
    char *text = NULL;
    size_t tlen = 0;
    if (tr_record_text(r, &text, &tlen) != 0) {
        h->snippet = strdup("(stored text unreadable)");
        return h->snippet ? 0 : -1;
    }
    tr_hlword *hw = calloc(nw + 1, sizeof *hw);
    if (!hw) {
        free(text);
        return -1;
    }
    for (size_t i = 0; i < nw; i++) {
        hw[i].key = words[i].key;
        hw[i].folded = words[i].folded;
        hw[i].group = words[i].group;
    }
    tr_snippet sn;
    memset(&sn, 0, sizeof sn);
    size_t cs, cl, ss, sl;
    int rc;
    if (nn && find_citation(r, numbers, nn, &cs, &cl, &ss, &sl) && ss + sl <= tlen &&
        cs + cl <= tlen) {
        rc = tr_snippet_span(text, tlen, ss, sl, hw, nw, &sn);
        if (rc == 0)
            mark_citation(&sn, cs, cl);
    } else {
        hit_loc hl;
        rc = scan_all ? 0 : locate_words(db, docid, r, words, nw, &hl);
        if (rc >= 0)
            rc = tr_snippet_best_loc(text, tlen, rc == 1 ? &hl.loc : NULL, hw, nw,
                                     SNIPPET_BYTES, &sn);
        if (!scan_all)
            loc_free(&hl);
    }
    free(hw);
    if (rc != 0) {
        free(text);
        return -1;
    }
    tr_buf out = {0};
    rc = tr_snippet_render(text, &sn, HL_OPEN, HL_CLOSE, &out);
    tr_snippet_free(&sn);
    free(text);
    if (rc == 0)
        rc = split_rendered(out.data ? out.data : "", h);
    tr_buf_free(&out);
    return rc;
}

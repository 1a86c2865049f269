/*
 * tr_snippet_int.h — what the parts of the snippet module share: the
 * character classes (choosing the passage and rendering it decide alike
 * what a blank or a word character is), and the passage chooser's scoring
 * and scan, which tr_snippet_loc.c drives over located ranges.  Internal.
 */
#ifndef TR_SNIPPET_INT_H
#define TR_SNIPPET_INT_H

#include <stddef.h>
#include <stdint.h>

/* Spaces, controls, NBSP and the other Unicode blanks. */
int tr_sn_is_blank(uint32_t cp);
/* Letters, digits and combining marks: what a word is made of. */
int tr_sn_is_content(uint32_t cp);
/* The code point at text[p] (len bounds the read); *n gets its size. */
uint32_t tr_sn_cp_at(const char *text, size_t len, size_t p, size_t *n);

/* ---- the passage chooser, shared with tr_snippet_loc.c ---------------- */

#include "tr_snippet.h"
#include "tr_tokenize.h"

#define MAXW 64   /* distinct words tracked (bits of a uint64_t) */
#define MAXG 32   /* phrases tracked (bits of a uint32_t) */
#define MAXPH 63  /* words per phrase (bits of the progress mask) */

/* Scoring weights.  Distinct words dominate (a window with one more
 * query word always wins), then complete quoted phrases, the free words
 * in the order typed, adjacent query words, and finally the number of
 * matches and compactness as tie-breakers. */
#define W_DISTINCT 1000
#define W_PHRASE 600
#define W_ASTYPED 300
#define W_PAIR 100
#define W_MATCH 8
#define MAX_MATCH_COUNTED 20
#define W_SPREAD 20
#define W_SENTENCE 15

typedef struct {
    const char *key;
    size_t klen;
    int folded;
} dword;

typedef struct {
    unsigned char w[MAXPH]; /* distinct-word ids in phrase order */
    unsigned n;
    int astyped;            /* the free words in typed order, not a quote */
} phrase;

typedef struct {
    unsigned char a, b;     /* distinct ids: a immediately followed by b */
} wpair;

typedef struct {
    dword dw[MAXW];
    size_t ndw;
    phrase ph[MAXG];
    size_t nph;
    wpair pr[64];
    size_t npr;
} matcher;

/* The best window so far of one scan. */
typedef struct {
    long long best;
    size_t bs, be, bsent;
    int found;
} bestw;

/* The id of w among m's distinct words (added if new); -1 past MAXW. */
int tr_sn_word_id(matcher *m, const tr_hlword *w);
void tr_sn_matcher_init(matcher *m, const tr_hlword *w, size_t nw);
/* Scans the byte ranges rg[0..nrg) in order with one window, updating
 * *bw; 0, or -1 on out-of-memory. */
int tr_sn_scan_ranges(const char *text, size_t len, const tr_span *rg, size_t nrg,
                      const matcher *m, tr_tokenizer *tk, size_t max_bytes, bestw *bw);
/* The passage around the best window, cut and highlighted. */
int tr_sn_finish(const char *text, size_t len, const bestw *bw, size_t max_bytes,
                 const matcher *m, tr_tokenizer *tk, tr_snippet *out);

#endif

/*
 * tr_snippet — the passage shown under each hit, with the query's words
 * highlighted where the author wrote them.
 *
 * Staff judge a result by its snippet before they open the document, so
 * the passage must be the one that best answers the query (every distinct
 * word, quoted phrases intact, words close together), and the highlights
 * must cover the ORIGINAL bytes (NFD, capitals, new-style tones and all)
 * so that the terminal and the JSON consumer show exactly what is in the
 * file.  Matching goes through the tokenizer, so a word matches here iff
 * it would match in the index.
 */
#ifndef TR_SNIPPET_H
#define TR_SNIPPET_H

#include <stddef.h>
#include "tr_buf.h"

/* One query word to highlight.  key is the exact key (folded == 0) or the
 * folded key (folded == 1) a token must have (see tr_normalize.h); group
 * is shared by the words of one quoted phrase (>= 0, words in phrase
 * order), -1 for a free word.  Only the first 64 distinct words count. */
typedef struct {
    const char *key;
    int folded;
    int group;
} tr_hlword;

typedef struct {
    size_t start, len;
} tr_span;

typedef struct {
    size_t start, len;    /* the passage: byte span of the text, on UTF-8
                             character boundaries, never cutting a word */
    tr_span *hl;          /* matches inside the passage: absolute byte spans
                             of the text, in order, non-overlapping.  An
                             occurrence of a quoted phrase (or of the free
                             words in the order typed) is one span when only
                             spaces separate its words. */
    size_t nhl;
    int cut_before;       /* text precedes the passage: print "…" */
    int cut_after;        /* text follows the passage */
} tr_snippet;

/* The passage of at most max_bytes (about; a single over-long word may
 * exceed it) that best matches w[0..nw) in text[0..len) (clean UTF-8).
 * Windows are ranked by distinct words, then complete phrases, adjacent
 * query words, number of matches and compactness; a window that can start
 * at a sentence start is preferred among near equals.  With no match the
 * passage is the start of the text and nhl == 0.  One linear pass over the
 * text with state bounded by the window.  Returns 0, or -1 on
 * out-of-memory (*out is then empty). */
int tr_snippet_best(const char *text, size_t len, const tr_hlword *w, size_t nw,
                    size_t max_bytes, tr_snippet *out);

/* Where the query's words are, from the index: the text in blocks of
 * step tokens (block k starts at byte cp[k]: the index's checkpoints,
 * tr_store.h) and, for each word w[i], the positions (0-based, ascending)
 * of the tokens it can match.  Every token a word matches must be listed
 * (a word the index keeps without positions cannot be located this way);
 * listing more is allowed (a folded key's positions for a marked word). */
typedef struct {
    const size_t *cp;
    size_t ncp, step;
    const unsigned *const *pos;   /* pos[i][0..npos[i]) */
    const size_t *npos;
} tr_snippet_loc;

/* tr_snippet_best, tokenizing only the blocks that can hold the best
 * passage and a margin around them (TR_SNIPPET_MARGIN bytes beyond
 * max_bytes) rather than the whole text: the answer is the same, but the
 * snippet of a long report costs a few passages.  loc NULL: the whole
 * text. */
#define TR_SNIPPET_MARGIN 256
int tr_snippet_best_loc(const char *text, size_t len, const tr_snippet_loc *loc,
                        const tr_hlword *w, size_t nw, size_t max_bytes, tr_snippet *out);

/* The passage is the given span text[start..start+slen) (the sentence a
 * citation stands in), trimmed of surrounding blanks and punctuation and,
 * when longer than TR_SNIPPET_SPAN_MAX bytes, clamped to that many bytes
 * around its first match; highlights as for tr_snippet_best.  Returns 0,
 * or -1 on out-of-memory. */
#define TR_SNIPPET_SPAN_MAX 600
int tr_snippet_span(const char *text, size_t len, size_t start, size_t slen,
                    const tr_hlword *w, size_t nw, tr_snippet *out);

void tr_snippet_free(tr_snippet *s);

/* Appends the passage to out as one line: each highlight wrapped in
 * open/close (e.g. "\033[1m" "\033[0m", or "«" "»"), line breaks and runs
 * of blanks collapsed to one space, markdown emphasis (* ** ~~ \* #),
 * footnote superscripts and soft hyphens dropped, "… " / " …" added where
 * the passage is cut.  Returns 0, or -1 on out-of-memory. */
int tr_snippet_render(const char *text, const tr_snippet *s, const char *open,
                      const char *close, tr_buf *out);

#endif

/*
 * tr_qparse — the search query language: what a user types, parsed into a
 * tree (tr_qparse), then compiled into a Xapian query (tr_qcompile).
 *
 * Parsing and compiling are separate so that a syntax error is reported
 * before any database is opened, and so that the same tree can be compiled
 * twice (the searcher retries a query typed with diacritics in fold mode
 * when it finds nothing).  The parser depends on nothing but utf8proc; the
 * compiler uses the tokenizer, tr_cite and the gazetteer.
 *
 * THE QUERY LANGUAGE
 *
 *   giải phóng          every word must match (AND); ranked by BM25, and
 *                       documents where the words stand together as a
 *                       phrase rank first
 *   "giải phóng mặt bằng"  a phrase: the words in this order, adjacent
 *                       (“curly quotes” work as well as "straight" ones)
 *   a OR b              either; OR binds loosest: a b OR c = (a b) OR c
 *   NOT a, -a           without a; binds tightest: NOT a b = (NOT a) b
 *   ( … )               grouping: (a OR b) c
 *   Only upper-case OR and NOT are operators; "or", "not" are words.  A
 *   '-' is NOT only at the start of a term (-abc); inside a word it joins
 *   (kinh-tế is the phrase "kinh tế").  A query, or a branch of an OR, made
 *   only of negations is an error: there is nothing to search for.
 *
 * Diacritics.  By default (mode auto) a word typed with Vietnamese marks
 * matches only that spelling (bán finds bán, not bàn or ban); a word typed
 * without marks matches every marked form (ban finds bàn, bán, bạn…).
 * NFD and NFC input, and old-style (hòa) and new-style (hoà) tone placement
 * are the same.  Mode exact honours every word as typed; mode fold ignores
 * marks but still ranks documents with the marks as typed first.  A
 * foreign word (covid, vaccines) also matches its English stem.
 *
 * Document numbers.  A word that is a document number (43-CT/TW,
 * 60/2013/NĐ-CP, 246-CV/TU; ASCII "QD" for "QĐ" is fine) finds the
 * document with that number AND every document citing it.
 *
 * Fields (Vietnamese or English name; names and values match without
 * diacritics or case, so tỉnh: and TINH: work too):
 *   tinh:   province:  province name or slug     tinh:quang-ngai
 *   nam:    year:      a year or a range          nam:2020  nam:2019..2021
 *   coquan: body:      issuing body               coquan:"ban dân vận tỉnh ủy"
 *   loai:   type:      document type or its code  loai:bao-cao  loai:KH
 *   so:     number:    the document's own number  so:246-CV/TU
 *   trich:  cites:     a number it cites          trich:"43 ct/tw"
 *                      (a local number may be scoped: trich:22-CT/TU@quang-ngai)
 * A value is a quoted string, or a bare token up to the next space or
 * parenthesis in which hyphens stand for spaces (tinh:quang-ngai; in
 * numbers a hyphen stays a hyphen).  Fields filter and add no weight.
 * Several values of one field are all required unless joined by OR
 * (tinh:quang-ngai OR tinh:kien-giang).  A query made only of fields lists
 * every document passing them.  Years run from 1900 to 2100, a range over
 * at most 200 years; 2019-2021 is read as 2019..2021.
 *
 * A word ending in ':' after letters only, followed by a value (foo:bar),
 * is an error naming the known fields: it is almost always a mistyped
 * field.  Anything else with a colon is a plain word: a time 10:30, a
 * "Điều 5:" or a trailing "như sau:".
 *
 * Limits: 10,000 bytes, 1,000 terms, parentheses and NOTs nested 64 deep.
 */
#ifndef TR_QPARSE_H
#define TR_QPARSE_H

#include <stddef.h>
#include "tr_db.h"

#define TR_QUERY_MAX_BYTES 10000
#define TR_QUERY_MAX_TERMS 1000
#define TR_QUERY_MAX_DEPTH 64

typedef enum { TR_MODE_AUTO, TR_MODE_EXACT, TR_MODE_FOLD } tr_mode;

/* Where and why a query was refused.  pos: byte offset into the query;
 * col: 1-based column in characters (combining marks take none, so a
 * caret printed under the query lines up with NFD input too). */
typedef struct {
    size_t pos;
    size_t col;
    char msg[200];
} tr_qerror;

typedef struct tr_qast tr_qast;

/* Parses query[0..len).  Returns 0 and sets *out, -1 on a syntax error
 * (err filled; invalid UTF-8 is one, at its first bad byte), -2 on
 * out-of-memory.  err may be NULL. */
int tr_qparse(const char *query, size_t len, tr_qast **out, tr_qerror *err);
void tr_qast_free(tr_qast *a);

/* The tree in a compact canonical text form, for tests and --debug:
 * words as typed, "phrase words", field:"value", (AND …), (OR …), (NOT x).
 * malloc'd into *out; 0 or -2 on out-of-memory. */
int tr_qast_debug(const tr_qast *a, char **out);

/* Compiles the tree into a Xapian query.  Returns 0, -1 on a semantic
 * error (unknown province, bad year…; err filled, pointing into the
 * original query), -2 on out-of-memory.  err may be NULL. */
int tr_qcompile(const tr_qast *a, tr_mode mode, tr_query **out, tr_qerror *err);

/* One field as if typed field:"value" — the boolean filter only.  field is
 * any field name the language knows (Vietnamese or English, any case or
 * diacritics).  Error positions are byte offsets into value.  Same return
 * codes as tr_qcompile. */
int tr_qfield_query(const char *field, const char *value, tr_query **out,
                    tr_qerror *err);

/* 1 if compiling in mode auto or exact can give a different query from
 * mode fold (some searched word was typed with marks), else 0.  A query
 * compiled in mode exact differs from fold whenever it has a word at all,
 * which the caller knows from its own mode. */
int tr_qast_mode_matters(const tr_qast *a);

/* Words to highlight, as the tokenizer keys them: key is the exact key
 * (folded 0) or the folded key (folded 1), as the query in that mode
 * searches them; group: one id shared by the words of a phrase (quoted, or
 * a word that splits into several like kinh-tế), -1 for a lone word.
 * Negated words are not listed.  Returns 0 or -2 (out-of-memory). */
typedef struct {
    char *key;
    int folded;
    int group;
} tr_qword;
int tr_qast_words(const tr_qast *a, tr_mode mode, tr_qword **out, size_t *n);
void tr_qwords_free(tr_qword *w, size_t n);

/* The canonical numbers the query searches for (so:, trich: and bare
 * document numbers; negated ones excluded; no duplicates; a scoped
 * "22-CT/TU@slug" is given unscoped): the searcher shows the sentence
 * citing them as the snippet.  *out is malloc'd (NULL when *n is 0).
 * Returns 0 or -2. */
int tr_qast_numbers(const tr_qast *a, char (**out)[64], size_t *n);

#endif

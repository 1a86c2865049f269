/*
 * tr_tokenize — splitting clean UTF-8 text into indexable tokens.
 *
 * Each token remembers where it stood in the ORIGINAL text (byte offset
 * and length) so that snippets can highlight what the author wrote, not
 * our normalised form.  Besides plain words the tokenizer recognises
 * numbers (6.483; 181,8%), dates (08/5/2020), abbreviations (UBND) and
 * document numbers (43-CT/TW, 60/2013/NĐ-CP, "374- TB/TU"); a document
 * number is emitted as one TR_TOK_DOCNUM token AND as its parts, so that
 * both "43-CT/TW" and "43 CT TW" can be found.  Footnote markers,
 * markdown emphasis, soft hyphens and NBSP are not tokens.
 */
#ifndef TR_TOKENIZE_H
#define TR_TOKENIZE_H

#include <stddef.h>

typedef enum {
    TR_TOK_WORD = 0,   /* a word (Vietnamese syllable, foreign word, abbreviation) */
    TR_TOK_NUMBER,     /* 6.483, 181,8, 2020 */
    TR_TOK_DATE,       /* 08/5/2020, 12-4-1989 */
    TR_TOK_DOCNUM      /* 43-CT/TW (compound: its parts follow as separate tokens) */
} tr_token_kind;

/* flags */
#define TR_TOKF_MARKS    0x01u  /* the surface form carries Vietnamese marks */
#define TR_TOKF_FOREIGN  0x02u  /* plain Latin, not a possible Vietnamese syllable */
#define TR_TOKF_ABBREV   0x04u  /* all-capitals abbreviation (UBND, MTTQ) */
#define TR_TOKF_COMPOUND 0x08u  /* spans other tokens (DOCNUM, DATE); takes no position of its own */

typedef struct {
    tr_token_kind kind;
    unsigned flags;
    size_t offset;        /* byte offset of the surface form in the text */
    size_t length;        /* its byte length (may include stray spaces: "374- TB/TU") */
    unsigned position;    /* word position, counting from 0; a COMPOUND token
                             carries the position of its first part */
    const char *exact;    /* exact key (see tr_normalize.h), NUL-terminated */
    size_t exact_len;
    const char *folded;   /* folded key, NUL-terminated */
    size_t folded_len;
    const char *stem;     /* English Snowball stem for FOREIGN words, else NULL */
    size_t stem_len;
} tr_token;

typedef struct tr_tokenizer tr_tokenizer;

/* NULL on out-of-memory. */
tr_tokenizer *tr_tokenizer_new(void);
void tr_tokenizer_free(tr_tokenizer *tk);
/* The calling thread's tokenizer, kept from call to call so that its
 * cache of word keys stays warm (a new tokenizer starts cold and
 * allocates a 256 KB cache).  *own is set to 1 when no per-thread slot
 * could be had and the tokenizer is a new one; give it back with
 * tr_tokenizer_put either way.  Only for code that does not hold it
 * across a call to another user of it.  NULL: out of memory.  Freed when
 * the thread ends. */
tr_tokenizer *tr_tokenizer_thread(int *own);
void tr_tokenizer_put(tr_tokenizer *tk, int own);

/* Starts tokenizing text[0..len) (clean UTF-8, see tr_utf8_clean).  The
 * text must outlive the iteration; the tokenizer does not copy it. */
void tr_tokenizer_reset(tr_tokenizer *tk, const char *text, size_t len);

/* Fills *tok with the next token and returns 1, or returns 0 at the end
 * (or -1 on out-of-memory).  The key strings in *tok belong to the
 * tokenizer and stay valid only until the next call. */
int tr_tokenizer_next(tr_tokenizer *tk, tr_token *tok);

/* Counts the positional tokens (non-COMPOUND) of a text: the document
 * length reported by --explain.  Uses the calling thread's tokenizer
 * (tr_tokenizer_thread): not to be called while holding it. */
size_t tr_token_count(const char *text, size_t len);

#endif

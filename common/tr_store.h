/*
 * tr_store — the record kept in each Xapian document's data.
 *
 * Snippets and `tracuu-search --show` need the original text, and results
 * need the metadata without another lookup, so each document's data holds
 * both: a small header of "key\tvalue" lines (UTF-8; tabs and newlines in
 * values are replaced by spaces), an empty line, then the text compressed
 * with zlib.  Keys may repeat (one "cite" line per citation).  The text is
 * decompressed only when a snippet or --show needs it.
 */
#ifndef TR_STORE_H
#define TR_STORE_H

#include <stddef.h>
#include "tr_buf.h"

#define TR_STORE_MAGIC "TRD1\n"

/* Builder: start, add fields, finish with the text. All return 0 or -1
 * (out-of-memory, or zlib failure). */
int tr_store_begin(tr_buf *out);
int tr_store_field(tr_buf *out, const char *key, const char *value);
int tr_store_finish(tr_buf *out, const char *text, size_t len, int level);

/* A parsed record: points into the data it was parsed from, which must
 * outlive it (values are not NUL-terminated: use the lengths). */
typedef struct {
    const char *key, *value;
    size_t key_len, value_len;
} tr_store_kv;

typedef struct {
    tr_store_kv *kv;
    size_t n;
    const unsigned char *z;   /* compressed text */
    size_t zlen;
} tr_record;

/* Parses data[0..len).  Returns 0, -1 when it is not a tracuu record,
 * -2 on out-of-memory. */
int tr_record_parse(const char *data, size_t len, tr_record *rec);
void tr_record_free(tr_record *rec);

/* The first value of key as a malloc'd string, or NULL when absent. */
char *tr_record_get(const tr_record *rec, const char *key);

/* Checkpoints ("tp" line): the byte offset in the text of every
 * TR_TP_STEP-th positional token (positions 0, STEP, 2*STEP...), so that
 * the index's positions of a word locate it in the text without
 * re-tokenizing the text (snippets of long documents).  Stored as the
 * step then the offsets' differences, in decimal: about 0.6% of the text.
 * tr_tp_add appends position pos at offset off to the line being built
 * in out (empty at first); tr_record_checkpoints reads them back
 * (*off malloc'd, *n of them; 0 when there are none, -2 on
 * out-of-memory, -1 when the line is damaged). */
#define TR_TP_STEP 128
int tr_tp_add(tr_buf *out, size_t pos, size_t off, size_t *last);
int tr_record_checkpoints(const tr_record *rec, size_t *step, size_t **off, size_t *n);

/* Decompresses the text: malloc'd, NUL-terminated.  0, or -1 when the
 * compressed part is damaged, -2 on out-of-memory. */
int tr_record_text(const tr_record *rec, char **text, size_t *len);

#endif

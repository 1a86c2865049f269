/*
 * tr_buf — a growable byte buffer, always NUL-terminated.
 *
 * Keys, records and output strings are built byte by byte all over the
 * library; one buffer type reused across calls avoids a malloc per word on
 * the indexing hot path.  Zero-initialise ({0}) before first use.
 */
#ifndef TR_BUF_H
#define TR_BUF_H

#include <stddef.h>

typedef struct {
    char *data;
    size_t len;
    size_t cap;
} tr_buf;

/* Make room for extra more bytes (plus the NUL).  0, or -1 on OOM. */
int tr_buf_reserve(tr_buf *b, size_t extra);
/* Append n bytes / a C string / one byte.  0, or -1 on OOM. */
int tr_buf_add(tr_buf *b, const char *s, size_t n);
int tr_buf_adds(tr_buf *b, const char *s);
int tr_buf_addc(tr_buf *b, char c);
/* Empty it, keeping the memory. */
void tr_buf_clear(tr_buf *b);
void tr_buf_free(tr_buf *b);

#endif

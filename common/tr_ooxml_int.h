/*
 * tr_ooxml_int.h — what the two zip+XML readers (tr_extract_docx.c,
 * tr_extract_odt.c) share, implemented in tr_extract_zip.c.  Private to
 * those three files.
 *
 *   - tr_ox_zip: one archive opened from memory, with the budget of
 *     uncompressed bytes every entry read draws from (zip bombs);
 *   - tr_ox_part: one XML entry streamed from the zip into libxml2's
 *     xmlTextReader through a read callback, so an entry is never held
 *     whole in memory and the bomb limits are checked on the bytes
 *     actually inflated (a zip header can lie about the size);
 *   - tr_ox_sink: where text goes — paragraph and line discipline, the
 *     legacy-font conversion of runs, and the max_text cap.
 */
#ifndef TR_OOXML_INT_H
#define TR_OOXML_INT_H

#include <stddef.h>

#include <libxml/xmlreader.h>
#include <zip.h>

#include "tr_extract.h"
#include "tr_legacy.h"

typedef struct {
    zip_t *za;
    zip_source_t *src;
    const tr_extract_opts *o;
    size_t unpacked;        /* bytes inflated so far, all entries */
    char *err;
    size_t errsz;
} tr_ox_zip;

typedef struct {
    tr_ox_zip *z;
    zip_file_t *zf;
    const char *name;
    zip_uint64_t comp;      /* compressed size from the central directory */
    zip_uint64_t got;       /* bytes inflated from this entry */
    unsigned match;         /* progress through "<!ENTITY" */
    int wide;               /* UTF-16/32: scan with NULs skipped */
    int failed;             /* our own error is in z->err */
    char xmlerr[160];       /* libxml2's first error, first line */
    int xmlline;
    xmlTextReaderPtr rd;
    /* this thread's libxml2 error handlers, replaced while the part is
     * open (errors outside the parser context, such as encoding errors,
     * would otherwise be printed) */
    xmlStructuredErrorFunc old_serr;
    void *old_sctx;
    xmlGenericErrorFunc old_gerr;
    void *old_gctx;
    int handlers_set;
} tr_ox_part;

/* Return codes of the helpers besides TR_EX_OK/FAIL/NOMEM. */
#define TR_OX_MISSING 1

int tr_ox_open(tr_ox_zip *z, const char *data, size_t len,
               const tr_extract_opts *o, char *err, size_t errsz);
void tr_ox_close(tr_ox_zip *z);

/* Opens entry name for streaming: TR_EX_OK, TR_OX_MISSING (no such entry;
 * nothing written to err), TR_EX_FAIL (encrypted, bomb by its header) or
 * TR_EX_NOMEM. */
int tr_ox_part_open(tr_ox_zip *z, tr_ox_part *p, const char *name);
/* Calls xmlTextReaderRead / xmlTextReaderNext; on the reader's -1 writes the
 * reason (ours first: bomb, entities; else libxml2's) to z->err. */
int tr_ox_read(tr_ox_part *p);
int tr_ox_next(tr_ox_part *p);
/* After a loop ended with -1: TR_EX_FAIL (err written) or TR_EX_NOMEM. */
int tr_ox_part_fail(tr_ox_part *p);
void tr_ox_part_close(tr_ox_part *p);

/* The namespace URI of the reader's current node, or NULL. */
const char *tr_ox_ns(tr_ox_part *p);
/* Attribute by namespace URI and local name, malloc'd (xmlFree) or NULL. */
char *tr_ox_attr(tr_ox_part *p, const char *ns, const char *local);

typedef struct {
    tr_buf *out;            /* the buffer text goes to now */
    tr_buf pend;            /* legacy-font text waiting for conversion */
    tr_legacy pend_enc;
    size_t max_text;
    size_t para_mark;       /* out->len when the current paragraph began */
    int full;               /* max_text reached: everything else dropped */
    unsigned runs;          /* legacy runs converted */
    unsigned enc_runs[TR_LEG_COUNT];
    int nomem;
} tr_ox_sink;

/* Text of a run in encoding enc (TR_LEG_NONE: Unicode, copied). */
void tr_ox_text(tr_ox_sink *s, tr_legacy enc, const char *t, size_t n);
/* Counts one legacy run (call once per run that gave legacy text). */
void tr_ox_count_run(tr_ox_sink *s, tr_legacy enc);
/* A control character of the text: '\t', '\n', ' ', '-'. */
void tr_ox_char(tr_ox_sink *s, char c);
void tr_ox_para_start(tr_ox_sink *s);
void tr_ox_para_end(tr_ox_sink *s);
/* Converts pending legacy text. */
void tr_ox_flush(tr_ox_sink *s);
/* Switches the output buffer (notes, headers); flushes first. */
void tr_ox_redirect(tr_ox_sink *s, tr_buf *to);

/* Texts already appended, by hash: headers repeat on every section. */
typedef struct {
    unsigned long long h[64];
    unsigned n;
} tr_ox_seen;

/* Appends part text src (trimmed; nothing when blank) to dst after a blank
 * line, under the sink's max_text; skipped when seen (may be NULL) already
 * holds the same text.  0, or -1 on out-of-memory. */
int tr_ox_append_part(tr_ox_sink *s, tr_buf *dst, const tr_buf *src, tr_ox_seen *seen);

/* Ends a reader: NFC, the truncation note, the legacy encoding's name;
 * frees the sink's pending buffer. */
int tr_ox_finish(tr_ox_sink *s, tr_extracted *x, char *err, size_t errsz);

/* "2021-03-04T…" -> malloc'd "2021-03-04", or NULL when not a date. */
char *tr_ox_date(const char *w3cdtf);

#endif

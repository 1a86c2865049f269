/*
 * tr_qparse_int — the query tree, shared by the parser (tr_qparse.c) and
 * the compiler (tr_qcompile.c) and by nobody else: callers hold an opaque
 * tr_qast and go through tr_qparse.h.
 */
#ifndef TR_QPARSE_INT_H
#define TR_QPARSE_INT_H

#include <stddef.h>
#include "tr_qparse.h"

typedef enum {
    TRQ_WORD,      /* text: the word as typed */
    TRQ_PHRASE,    /* kid[]: its TRQ_WORDs, at least two */
    TRQ_FIELD,     /* field, text: the value (unquoted), vpos/vcol */
    TRQ_AND,       /* kid[]: at least two, none of them an AND */
    TRQ_OR,        /* kid[]: at least two, none of them an OR */
    TRQ_NOT        /* kid[0] */
} trq_kind;

typedef enum {
    TRQ_F_PROVINCE, TRQ_F_YEAR, TRQ_F_BODY, TRQ_F_TYPE, TRQ_F_NUMBER,
    TRQ_F_CITES, TRQ_NFIELDS
} trq_field;

struct tr_qast {
    trq_kind kind;
    trq_field field;
    char *text;            /* NUL-terminated copy; NULL for operators */
    size_t tlen;
    int quoted;            /* field value was quoted: hyphens are literal */
    size_t pos, col;       /* where the node starts in the query */
    size_t vpos, vcol;     /* field value start */
    tr_qast **kid;
    size_t n;
};

/* Vietnamese (canonical) and English names of a field. */
extern const char *const trq_field_vi[TRQ_NFIELDS];
extern const char *const trq_field_en[TRQ_NFIELDS];

/* The field called name[0..len) (any case, with or without diacritics),
 * or -1. */
int trq_field_lookup(const char *name, size_t len);

/* Formats an error into err (may be NULL). */
void trq_seterr(tr_qerror *err, size_t pos, size_t col, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 4, 5)))
#endif
    ;

#endif

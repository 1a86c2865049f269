/*
 * tr_meta_int.h — what tr_meta.c shares with tr_meta_layouts.c and
 * tr_meta_sign.c.
 *
 * tr_meta.c reads the layouts the project's own documents have (a Party
 * header, a place-date line, the body's sentences); tr_meta_layouts.c the
 * ones real documents arrive in (State headers broken by web and PDF
 * exports, reprints stating their number in prose, title lines);
 * tr_meta_sign.c the signature block.  They share the line model and the
 * readers of tr_meta_read.c; nothing here is public.
 */
#ifndef TR_META_INT_H
#define TR_META_INT_H

#include <stddef.h>
#include "tr_meta.h"

typedef struct {
    const char *p;
    size_t n;
} span;

/* The text's lines, each cell of a flattened table row a line of its own. */
typedef struct {
    span *raw;
    size_t n;
} lines;

/* tr_meta_read.c */
span trm_clean_line(const char *p, size_t n);
char *trm_slug_of(span s);
int trm_is_caps_line(span s);
const char *trm_starts(const char *s, const char *prefix);
/* Sets f to v (a copy) unless f already has a value; -1 on out-of-memory. */
int trm_sets(tr_field *f, const char *v, tr_source src);
int trm_setn(tr_field *f, const char *v, size_t n, tr_source src);   /* v[0..n) */
int trm_read_num(const char *s, unsigned *v);
/* 1 when the word before f[at] makes a body an object ("của Ban …"). */
int trm_object_context(const char *f, size_t at);
/* 1 when "tinh uy" at f[at] ends a longer body name ("… thuong vu tinh uy"). */
int trm_tail_of_longer(const char *f, size_t at);
/* The names of tr_province_all(), folded (tr_fold_dup), in the same
 * order; made once per process.  NULL when out of memory. */
char *const *trm_folded_provinces(void);

/* A province named at folded f: its folded length, or 0. */
size_t trm_province_at(const char *f, const tr_province **out);
/* The body named at folded f, longest first, and its length; or NULL. */
const char *trm_body_at(const char *f, size_t *len);
/* Records the own number canon and what it says of type and body. */
int trm_own_number_found(const char *canon, tr_source src, tr_meta *m);
/* Occurrences of the whole words w in folded f. */
int trm_count(const char *f, const char *w);
/* The earliest "<body> [province] <verb>" of folded f not in object
 * context (verbs NULL-terminated); *prov (may be NULL) gets the province
 * named with the body. */
const char *trm_speaking_body(const char *f, const char *const *verbs,
                              const tr_province **prov);

/* tr_meta_sign.c: signed_for, signer, and the body as a last resort. */
int trm_signature(const lines *L, const char *f, tr_meta *m);

/* tr_meta_layouts.c */
int trm_state_block(const lines *L, tr_meta *m, int *bare);
int trm_prose_own(const char *text, size_t len, tr_meta *m);
int trm_title_lines(const lines *L, tr_meta *m);
int trm_issued_type(const char *f, tr_meta *m);
void trm_city_body(tr_meta *m, int bare);

#endif

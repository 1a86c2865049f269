/*
 * tr_snippet_int.h — character classes shared by the two halves of the
 * snippet module (choosing the passage, rendering it), so that what counts
 * as a blank or a word character is decided in one place.  Internal.
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

#endif

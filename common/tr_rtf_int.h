/*
 * tr_rtf_int.h — the code pages of the RTF reader (tr_extract_rtf.c),
 * kept apart so that the reader is the grammar and this is the bytes.
 * Internal to the library.
 */
#ifndef TR_RTF_INT_H
#define TR_RTF_INT_H

#include <stdint.h>

typedef struct {
    int cpg;
    uint32_t map[128];  /* bytes 0x80.. of that code page */
} tr_rtf_cpmap;

/* Single-byte code pages built with iconv(3) during one reader call (the
 * reader owns it: no global state, no lock). */
typedef struct {
    tr_rtf_cpmap maps[4];
    int n;
} tr_rtf_cpcache;

/* The code page of a \fcharset value; 0 for "the document's". */
int tr_rtf_charset_cpg(int charset);

/* The code point of byte b (>= 0x80) in code page cpg (0: Windows-1252);
 * U+FFFD for a multi-byte page or one iconv does not know. */
uint32_t tr_rtf_byte(tr_rtf_cpcache *c, int cpg, unsigned char b);

/* The Windows-1252 byte 0x80..0x9F of code point u, or -1. */
int tr_rtf_cp1252_byte(uint32_t u);

#endif

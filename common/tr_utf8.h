/*
 * tr_utf8 — turning untrusted bytes into clean UTF-8.
 *
 * Every byte tracuu indexes comes from a file somebody else wrote, so
 * nothing downstream may assume valid UTF-8.  This module is the single
 * gate: it detects UTF-16 (by BOM or by the tell-tale zero bytes of ASCII
 * text), converts it, skips a UTF-8 BOM, and replaces every invalid
 * sequence (truncated, overlong, surrogate, > U+10FFFF) by U+FFFD and every
 * NUL by a space.  After this gate the rest of the library may trust its
 * input to be valid UTF-8 without NULs.
 */
#ifndef TR_UTF8_H
#define TR_UTF8_H

#include <stddef.h>
#include <stdint.h>

#define TR_UTF8_REPLACEMENT 0xFFFDu

/* Decodes one code point from s[0..len).  Always consumes at least one
 * byte when len > 0; returns the number of bytes consumed and stores the
 * code point (U+FFFD for an invalid sequence) in *cp.  Returns 0 only when
 * len == 0. */
size_t tr_utf8_decode(const unsigned char *s, size_t len, uint32_t *cp);

/* Encodes cp (must be <= 0x10FFFF and not a surrogate; otherwise U+FFFD is
 * written) into out, which needs 4 bytes.  Returns the byte count. */
size_t tr_utf8_encode(uint32_t cp, char out[4]);

/* 1 if s[0..len) is valid UTF-8 with no NUL byte, else 0. */
int tr_utf8_valid(const char *s, size_t len);

typedef enum {
    TR_ENC_UTF8 = 0,     /* UTF-8 (or ASCII), with or without BOM */
    TR_ENC_UTF16LE,
    TR_ENC_UTF16BE,
    TR_ENC_BINARY        /* not text: rejected */
} tr_encoding;

/* Result of tr_utf8_clean(). */
typedef struct {
    tr_encoding encoding;   /* what the input looked like */
    int had_bom;            /* a BOM was present and removed */
    size_t invalid;         /* invalid sequences replaced by U+FFFD */
    size_t nuls;            /* NUL bytes (UTF-8 input) turned into spaces */
} tr_utf8_report;

/* Converts raw file bytes into clean UTF-8.  On success returns 0 and sets
 * *out (malloc'd, NUL-terminated, caller frees) and *outlen.  Returns -1
 * when the input is binary (too many control bytes or replacement
 * characters to be text); *why then points to a static one-phrase reason
 * ("binary file (NUL bytes)", …) and *out is NULL.  Returns -2 on
 * out-of-memory. */
int tr_utf8_clean(const char *in, size_t len, char **out, size_t *outlen,
                  tr_utf8_report *rep, const char **why);

/* Columns s[0..len) takes on a terminal: combining marks none, wide
 * characters two (utf8proc_charwidth).  Tables pad by this, not by bytes,
 * or "Quảng Ngãi" (13 bytes, 10 columns) breaks the alignment. */
size_t tr_utf8_width(const char *s, size_t len);

#endif

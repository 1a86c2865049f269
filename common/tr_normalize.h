/*
 * tr_normalize — the keys under which Vietnamese words are indexed.
 *
 * The same word reaches us composed (NFC) or decomposed (NFD), in upper or
 * lower case, and with the tone mark on either vowel of oa/oe/uy (hòa vs
 * hoà).  A word therefore gets two keys:
 *   exact  — NFC, case-folded, tone placed in the canonical (old) style,
 *            every mark kept: bàn, bán, bạn, bản stay four words;
 *   folded — the exact key with tones and vowel marks removed and đ -> d:
 *            what a query typed without diacritics is matched against.
 * See DESIGN.md §3 and the comment in tr_normalize.c for where the
 * tone-placement rule comes from.
 */
#ifndef TR_NORMALIZE_H
#define TR_NORMALIZE_H

#include <stddef.h>
#include "tr_buf.h"

/* Writes the exact key of s[0..len) (valid UTF-8, one word or any text)
 * into out (replacing its contents).  Returns 0, or -1 on out-of-memory. */
int tr_norm_exact(const char *s, size_t len, tr_buf *out);

/* Writes the folded key of s[0..len) into out.  Returns 0 or -1. */
int tr_norm_fold(const char *s, size_t len, tr_buf *out);

/* 1 if s[0..len) carries any Vietnamese tone or vowel mark or the letter
 * đ/Đ (in NFC or NFD), else 0.  Decides the per-word search mode: a word
 * typed with marks is matched exactly, one without is matched folded. */
int tr_has_marks(const char *s, size_t len);

/* Composes *text (malloc'd, NUL-terminated, *len bytes) to NFC in place
 * when it holds combining diacritics (U+0300..U+036F: Vietnamese typed or
 * saved decomposed, as macOS and "Unicode tổ hợp" keyboards do), so that
 * the text stored and shown is the text other tools search for; text
 * without them is left alone, without a pass of utf8proc.  0, or -1 on
 * out-of-memory (the text unchanged). */
int tr_norm_compose(char **text, size_t *len);

/* Convenience for short strings (names, facet values): returns a malloc'd
 * folded key of a NUL-terminated string, or NULL on out-of-memory. */
char *tr_fold_dup(const char *s);

/* A slug for facet/boolean terms: folded, lower-case, runs of anything
 * that is not [a-z0-9] collapsed to one '-', trimmed ("Quảng Ngãi" ->
 * "quang-ngai", "TỈNH ỦY" -> "tinh-uy").  malloc'd, NULL on OOM. */
char *tr_slug(const char *s);

#endif

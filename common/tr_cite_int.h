/*
 * tr_cite_int.h — what the two halves of tr_cite share.
 *
 * tr_cite_code.c knows the codes (spelling, type names, issuer levels) and
 * the number grammar; tr_cite_word.c the words around a number (type words,
 * "số", "ngày") in NFC or NFD; tr_cite.c scans running text (lists, dates,
 * the citing sentence, the header's own number).  Splitting them keeps each
 * file readable; nothing here is public.
 */
#ifndef TR_CITE_INT_H
#define TR_CITE_INT_H

#include <stddef.h>
#include "tr_cite.h"

/* One parsed number.  canon is complete; num_len is the length of its
 * leading number ("43" of "43-CT/TW"), so a list item can reuse the rest. */
typedef struct {
    size_t end;                 /* byte offset just past the number */
    char canon[TR_CANON_MAX];
    size_t num_len;
    char type_code[16];         /* canonical spelling, "" for letters */
    int state;                  /* 1: State form (60/2013/NĐ-CP, 887/UBND-NC) */
    int tu_written;             /* the issuer was written "TƯ" (read as TW;
                                   OCR also reads a provincial TU so) */
} trc_num;

/* Parses a document number starting at the digit t[i].  strict (running
 * text) wants upper-case codes, '-' between number and type and at most two
 * stray spaces around it; lenient (what a user typed) also takes lower-case
 * codes and spaces in place of '-' or around '/'.  Returns 1 or 0. */
int trc_parse(const char *t, size_t len, size_t i, int lenient, trc_num *out);

/* The header number "Số 246-CV/TU" of text[0..len), parsed, or 0. */
int trc_own_number(const char *text, size_t len, trc_num *out);

/* Decodes one UTF-8 code point at t[i]; returns its byte length (1 for an
 * invalid byte, which then reads as U+FFFD). */
size_t trc_decode(const char *t, size_t len, size_t i, unsigned *cp);

/* How many leading zeros of the number s[0..n) its canonical form drops:
 * every zero followed by a digit, so the last digit stays ("05" -> "5",
 * "0d" -> "0d", not "d": fuzz_cite, 2026-11-29). */
size_t trc_leading_zeros(const char *s, size_t n);

/* 1 when cp is a letter of Vietnamese text (ASCII or precomposed Latin);
 * a combining mark (U+0300–U+036F). */
int trc_is_letter(unsigned cp);
int trc_is_mark(unsigned cp);

/* Case-insensitive match of the word w (UTF-8) in t, composed (NFC) or
 * decomposed (NFD) alike: starting at t[i] (sets *end), or ending at
 * t[end] (sets *start).  Returns 1 or 0. */
int trc_match_at(const char *t, size_t len, size_t i, const char *w, size_t *end);
int trc_match_before(const char *t, size_t len, size_t end, const char *w,
                     size_t *start);

/* Type word ("Chỉ thị", "Quyết định"…, or its unmarked form "chi thi")
 * ending exactly at t[end]: returns its table index and sets *start, or -1.
 * folded also tries the unmarked forms. */
int trc_type_word_before(const char *t, size_t len, size_t end, int folded,
                         size_t *start);

/* Same, starting at t[i] and followed by a space, a digit or the end. */
int trc_type_word_at(const char *t, size_t len, size_t i, int folded, size_t *end);

const char *trc_type_word_name(int idx);
const char *trc_type_word_code(int idx);

/* Type name of a canonical type code; TT is "Thông tri" in a Party number
 * and "Thông tư" in a State one. */
const char *trc_type_name(const char *code, int state);

#endif

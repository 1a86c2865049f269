/*
 * tr_syllable — could this folded, plain-ASCII word be a Vietnamese
 * syllable?  The tokenizer asks, to tell foreign words (covid, index),
 * which also get an English stem, from Vietnamese words written without
 * diacritics (nguoi, thuong), which must not.
 */
#ifndef TR_SYLLABLE_H
#define TR_SYLLABLE_H

#include <stddef.h>

/* 1 if w[0..len) (lower-case ASCII) parses as onset + vowel nucleus +
 * final consonant of Vietnamese, else 0. */
int tr_syllable_valid(const char *w, size_t len);

#endif

/*
 * tr_syllable — the shape of a Vietnamese syllable, on folded letters.
 *
 * A syllable is (onset) + nucleus + (final).  The inventories below are the
 * standard description of Vietnamese orthography (onsets b c ch d đ g gh gi
 * h k kh l m n ng ngh nh p ph qu r s t th tr v x; finals c ch m n ng nh p
 * t, and the semivowels i/y o u written as vowels), with the vowel
 * clusters folded: ươi -> uoi, uyê -> uye.  Folding merges distinct
 * clusters, which is fine: the question is only "could it be Vietnamese",
 * and a false "yes" costs nothing but a missing English stem.
 */
#include "tr_syllable.h"

#include <string.h>

static const char *const onsets[] = {
    "ngh", "ch", "gh", "gi", "kh", "ng", "nh", "ph", "qu", "th", "tr",
    "b", "c", "d", "g", "h", "k", "l", "m", "n", "p", "r", "s", "t", "v", "x",
    NULL};

static const char *const nuclei[] = {
    /* three letters */
    "ieu", "yeu", "oai", "oay", "oao", "oeo", "uay", "uoi", "uou", "uya",
    "uye", "uyu",
    /* two */
    "ai", "ao", "au", "ay", "eo", "eu", "ia", "ie", "iu", "oa", "oe", "oi",
    "oo", "ua", "ue", "ui", "uo", "uu", "uy", "ye",
    /* one */
    "a", "e", "i", "o", "u", "y", NULL};

static const char *const finals[] = {"ch", "ng", "nh", "c", "m", "n", "p", "t",
                                     "", NULL};

static int rest_ok(const char *w, size_t len)
{
    for (int i = 0; nuclei[i]; i++) {
        size_t n = strlen(nuclei[i]);
        if (n > len || memcmp(w, nuclei[i], n) != 0)
            continue;
        for (int f = 0; finals[f]; f++) {
            size_t m = strlen(finals[f]);
            if (n + m == len && memcmp(w + n, finals[f], m) == 0)
                return 1;
        }
    }
    return 0;
}

int tr_syllable_valid(const char *w, size_t len)
{
    if (len == 0 || len > 7)
        return 0;
    if (rest_ok(w, len))
        return 1;
    for (int i = 0; onsets[i]; i++) {
        size_t n = strlen(onsets[i]);
        if (n < len && memcmp(w, onsets[i], n) == 0 && rest_ok(w + n, len - n))
            return 1;
    }
    return 0;
}

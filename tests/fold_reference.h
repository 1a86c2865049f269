/*
 * fold_reference.h — what tr_norm_fold means, written with utf8proc alone:
 * NFD, case-fold, drop the combining marks (Mn, Me), đ -> d, NFC.
 *
 * tr_norm_fold folds Vietnamese letters and common punctuation from tables
 * and sends only what they do not cover through utf8proc, segment by
 * segment; this slow, obviously right version is its oracle, shared by
 * t_normalize (every code point of U+0080..U+2FFF in set contexts) and
 * fuzz_tokenize (whatever libFuzzer makes).  A header, not a library file:
 * the library must not carry its own test oracle.
 */
#ifndef TR_FOLD_REFERENCE_H
#define TR_FOLD_REFERENCE_H

#include <stdlib.h>
#include <utf8proc.h>

/* The folded form of s[0..len) as a new NUL-terminated string, NULL when
 * utf8proc refuses the input or memory runs out. */
static char *fold_reference(const char *s, size_t len)
{
    utf8proc_uint8_t *d = NULL;
    utf8proc_ssize_t n = utf8proc_map((const utf8proc_uint8_t *)s, (utf8proc_ssize_t)len, &d,
                                      UTF8PROC_DECOMPOSE | UTF8PROC_CASEFOLD);
    if (n < 0)
        return NULL;
    utf8proc_int32_t *cp = malloc(((size_t)n + 1) * sizeof *cp);
    char *out = NULL;
    if (cp) {
        utf8proc_ssize_t k = 0, i = 0;
        while (i < n) {
            utf8proc_int32_t c;
            i += utf8proc_iterate(d + i, n - i, &c);
            const utf8proc_property_t *p = utf8proc_get_property(c);
            if (c >= 0x80 && (p->category == UTF8PROC_CATEGORY_MN ||
                              p->category == UTF8PROC_CATEGORY_ME))
                continue;
            cp[k++] = c == 0x111 ? 'd' : c;
        }
        k = utf8proc_normalize_utf32(cp, k, UTF8PROC_COMPOSE);
        out = k >= 0 ? malloc((size_t)k * 4 + 1) : NULL;
        if (out) {
            char *o = out;
            for (utf8proc_ssize_t j = 0; j < k; j++)
                o += utf8proc_encode_char(cp[j], (utf8proc_uint8_t *)o);
            *o = 0;
        }
    }
    free(cp);
    free(d);
    return out;
}

#endif

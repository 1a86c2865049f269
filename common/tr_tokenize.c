/*
 * tr_tokenize — clean UTF-8 in, tokens with keys and original spans out.
 *
 * One forward scan, no copy of the text, no allocation per token: keys are
 * written into buffers the tokenizer owns.  Compound tokens (document
 * numbers, dates) need no look-behind either: the compound is emitted
 * first, and the scan then simply continues over its span, emitting the
 * parts as ordinary tokens.
 *
 * Document numbers are recognised by the citation module's own number
 * grammar (trc_parse, strict form), so that a number the tokenizer keys is
 * exactly a number the citation extractor would report, canonical form
 * included.
 *
 * A plain-ASCII word that cannot be a Vietnamese syllable (covid, index,
 * smartphone) is foreign: it also gets an English Snowball stem, so that
 * "vaccine" finds "vaccines".  The syllable tables are in tr_syllable.c.
 */
#include "tr_tokenize.h"

#include <libstemmer.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

#include "tr_buf.h"
#include "tr_cite_int.h"
#include "tr_normalize.h"
#include "tr_syllable.h"
#include "tr_utf8.h"

#define SOFT_HYPHEN 0xADu

/* Keys of recently seen words.  Vietnamese has only about 7,000
 * syllables in use, so nearly every word of a document was seen a moment
 * ago; remembering its keys skips Unicode decomposition, tone placement
 * and recomposition, which otherwise dominate the analyzer's time. */
#define CACHE_SLOTS 4096
typedef struct {          /* one cache line: surface|exact\0folded\0stem\0 */
    unsigned char slen, elen, flen, stlen, flags;
    char d[59];
} cache_entry;

struct tr_tokenizer {
    const char *t;
    size_t len, pos;
    unsigned position;
    size_t compound_end;     /* no new compound starts before this offset */
    tr_buf raw, exact, folded, stem;
    struct sb_stemmer *stemmer;
    cache_entry *cache;
};

tr_tokenizer *tr_tokenizer_new(void)
{
    tr_tokenizer *tk = calloc(1, sizeof *tk);
    if (!tk)
        return NULL;
    tk->stemmer = sb_stemmer_new("english", "UTF_8");
    tk->cache = calloc(CACHE_SLOTS, sizeof *tk->cache);
    if (!tk->stemmer || !tk->cache) {
        if (tk->stemmer)
            sb_stemmer_delete(tk->stemmer);
        free(tk->cache);
        free(tk);
        return NULL;
    }
    return tk;
}

static pthread_key_t tk_key;
static pthread_once_t tk_once = PTHREAD_ONCE_INIT;
static int tk_keyed;

static void tk_destroy(void *p)
{
    tr_tokenizer_free(p);
}

static void tk_init(void)
{
    tk_keyed = pthread_key_create(&tk_key, tk_destroy) == 0;
}

tr_tokenizer *tr_tokenizer_thread(int *own)
{
    *own = 0;
    if (pthread_once(&tk_once, tk_init) == 0 && tk_keyed) {
        tr_tokenizer *tk = pthread_getspecific(tk_key);
        if (tk)
            return tk;
        tk = tr_tokenizer_new();
        if (!tk || pthread_setspecific(tk_key, tk) == 0)
            return tk;
        *own = 1;
        return tk;
    }
    *own = 1;
    return tr_tokenizer_new();
}

void tr_tokenizer_put(tr_tokenizer *tk, int own)
{
    if (own)
        tr_tokenizer_free(tk);
}

void tr_tokenizer_free(tr_tokenizer *tk)
{
    if (!tk)
        return;
    sb_stemmer_delete(tk->stemmer);
    free(tk->cache);
    tr_buf_free(&tk->raw);
    tr_buf_free(&tk->exact);
    tr_buf_free(&tk->folded);
    tr_buf_free(&tk->stem);
    free(tk);
}

void tr_tokenizer_reset(tr_tokenizer *tk, const char *text, size_t len)
{
    tk->t = text;
    tk->len = len;
    tk->pos = 0;
    tk->position = 0;
    tk->compound_end = 0;
}

/* ---- character classes ---- */

static inline __attribute__((always_inline)) size_t dec(const char *t, size_t len, size_t i,
                                                      uint32_t *cp)
{
    const unsigned char *u = (const unsigned char *)t + i;
    unsigned char c = u[0];
    if (c < 0x80) {
        *cp = c;
        return 1;
    }
    /* Vietnamese letters are two bytes (ư, ơ, đ, ă) or three (ạ, ấ, ử):
     * decoded here when plainly well formed (no overlong or surrogate
     * lead byte), the rest by the validating decoder. */
    if (c >= 0xC2 && c < 0xE0 && i + 1 < len && (u[1] & 0xC0) == 0x80) {
        *cp = (uint32_t)(c & 0x1F) << 6 | (u[1] & 0x3F);
        return 2;
    }
    if (c > 0xE0 && c < 0xF0 && c != 0xED && i + 2 < len && (u[1] & 0xC0) == 0x80 &&
        (u[2] & 0xC0) == 0x80) {
        *cp = (uint32_t)(c & 0x0F) << 12 | (uint32_t)(u[1] & 0x3F) << 6 | (u[2] & 0x3F);
        return 3;
    }
    return tr_utf8_decode(u, len - i, cp);
}

static inline int is_mark(uint32_t cp)
{
    if (cp >= 0x300 && cp <= 0x36F)
        return 1;
    if (cp < 0x300)
        return 0;
    utf8proc_category_t c = utf8proc_category((utf8proc_int32_t)cp);
    return c == UTF8PROC_CATEGORY_MN || c == UTF8PROC_CATEGORY_MC ||
           c == UTF8PROC_CATEGORY_ME;
}

static inline int is_letter(uint32_t cp)
{
    if (cp < 0x80)
        return (cp | 32) >= 'a' && (cp | 32) <= 'z';
    if (cp >= 0xC0 && cp <= 0x24F)
        return cp != 0xD7 && cp != 0xF7;
    if (cp >= 0x1E00 && cp <= 0x1EFF)
        return 1;
    if (cp == 0xAA || cp == 0xBA || cp < 0x370)
        return 0;
    /* Superscripts/subscripts are footnote markers, not letters. */
    if (cp >= 0x2070 && cp <= 0x209F)
        return 0;
    utf8proc_category_t c = utf8proc_category((utf8proc_int32_t)cp);
    return c >= UTF8PROC_CATEGORY_LU && c <= UTF8PROC_CATEGORY_LO;
}

static inline int is_digit(uint32_t cp)
{
    return cp >= '0' && cp <= '9';
}

static inline int is_upper(uint32_t cp)
{
    if (cp < 0x80)
        return cp >= 'A' && cp <= 'Z';
    return utf8proc_category((utf8proc_int32_t)cp) == UTF8PROC_CATEGORY_LU;
}

/* ---- compounds ---- */

static int digits_at(const char *t, size_t len, size_t i, size_t min, size_t max,
                     unsigned *val, size_t *end)
{
    size_t j = i;
    unsigned v = 0;
    while (j < len && j - i < max + 1 && t[j] >= '0' && t[j] <= '9')
        v = v * 10 + (unsigned)(t[j++] - '0');
    if (j - i < min || j - i > max)
        return 0;
    *val = v;
    *end = j;
    return 1;
}

/* d/m/yyyy or d-m-yyyy with the same separator, a real calendar day. */
static int date_at(const char *t, size_t len, size_t i, size_t *end, char key[11])
{
    unsigned d, m, y;
    size_t j;
    if (!digits_at(t, len, i, 1, 2, &d, &j) || j >= len)
        return 0;
    char sep = t[j];
    if (sep != '/' && sep != '-')
        return 0;
    if (!digits_at(t, len, j + 1, 1, 2, &m, &j) || j >= len || t[j] != sep)
        return 0;
    if (!digits_at(t, len, j + 1, 4, 4, &y, &j))
        return 0;
    if (j < len && ((t[j] >= '0' && t[j] <= '9') || t[j] == '/' ||
                    ((unsigned char)t[j] < 0x80 && is_letter((unsigned char)t[j]))))
        return 0;
    static const unsigned mdays[] = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    if (m < 1 || m > 12 || d < 1 || d > mdays[m - 1] || y < 1900 || y > 2100)
        return 0;
    int leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    if (m == 2 && d == 29 && !leap)
        return 0;
    key[0] = (char)('0' + y / 1000);
    key[1] = (char)('0' + y / 100 % 10);
    key[2] = (char)('0' + y / 10 % 10);
    key[3] = (char)('0' + y % 10);
    key[4] = '-';
    key[5] = (char)('0' + m / 10);
    key[6] = (char)('0' + m % 10);
    key[7] = '-';
    key[8] = (char)('0' + d / 10);
    key[9] = (char)('0' + d % 10);
    key[10] = '\0';
    *end = j;
    return 1;
}

static int set_keys(tr_tokenizer *tk, tr_token *tok, const char *exact, size_t n)
{
    tr_buf_clear(&tk->exact);
    if (tr_buf_add(&tk->exact, exact, n) || tr_norm_fold(exact, n, &tk->folded))
        return -1;
    tok->exact = tk->exact.data;
    tok->exact_len = tk->exact.len;
    tok->folded = tk->folded.data;
    tok->folded_len = tk->folded.len;
    return 1;
}

static int try_compound(tr_tokenizer *tk, size_t i, tr_token *tok)
{
    const char *t = tk->t;
    size_t len = tk->len, end;
    char key[11];
    trc_num num;
    if (date_at(t, len, i, &end, key)) {
        tok->kind = TR_TOK_DATE;
        tok->flags = TR_TOKF_COMPOUND;
        tok->offset = i;
        tok->length = end - i;
        tk->compound_end = end;
        return set_keys(tk, tok, key, 10);
    }
    if (trc_parse(t, len, i, 0, &num) && num.end > i) {
        tok->kind = TR_TOK_DOCNUM;
        tok->flags = TR_TOKF_COMPOUND;
        tok->offset = i;
        tok->length = num.end - i;
        tk->compound_end = num.end;
        return set_keys(tk, tok, num.canon, strlen(num.canon));
    }
    return 0;
}

/* ---- the scan ---- */

/* A number: digits with '.' or ',' group/decimal separators between
 * digits (6.483; 181,8; 3.768.204.194).  Leading zeros are dropped from
 * the key so that "08" and "8" (ngày 08 tháng 02) are one term. */
static int number_token(tr_tokenizer *tk, size_t i, tr_token *tok)
{
    const char *t = tk->t;
    size_t len = tk->len, j = i;
    for (;;) {
        while (j < len && t[j] >= '0' && t[j] <= '9')
            j++;
        if (j + 1 < len && (t[j] == '.' || t[j] == ',') && t[j + 1] >= '0' &&
            t[j + 1] <= '9')
            j++;
        else
            break;
    }
    /* Digits glued to letters (4G, 3D) are a word; a decimal number glued
     * to its unit (33,4km) is the number, then the unit. */
    uint32_t cp;
    if (j < len && (dec(t, len, j, &cp), is_letter(cp)) &&
        !memchr(t + i, '.', j - i) && !memchr(t + i, ',', j - i))
        return 0;
    size_t z = i;
    while (z + 1 < j && t[z] == '0' && t[z + 1] >= '0' && t[z + 1] <= '9')
        z++;
    tok->kind = TR_TOK_NUMBER;
    tok->flags = 0;
    tok->offset = i;
    tok->length = j - i;
    tk->pos = j;
    return set_keys(tk, tok, t + z, j - z);
}

static int word_token(tr_tokenizer *tk, size_t i, tr_token *tok)
{
    const char *t = tk->t;
    size_t len = tk->len, j = i, nletters = 0;
    int ascii = 1, soft = 0, digits = 0, caps = 1;
    uint32_t cp;
    while (j < len) {
        unsigned char c = (unsigned char)t[j];
        if (c >= 'a' && c <= 'z') {   /* most of a word's bytes */
            nletters++;
            caps = 0;
            j++;
            continue;
        }
        size_t n = dec(t, len, j, &cp);
        if (is_letter(cp)) {
            nletters++;
            if (caps && !is_upper(cp))
                caps = 0;       /* most words: decided at the first letter */
            if (cp >= 0x80)
                ascii = 0;
        } else if (is_digit(cp)) {
            digits = 1;
        } else if (is_mark(cp) && j > i) {
            ascii = 0;
        } else if (cp == SOFT_HYPHEN && j > i) {
            soft = 1;
        } else {
            break;
        }
        j += n;
    }
    while (soft && j > i && (unsigned char)t[j - 1] == 0xAD && (unsigned char)t[j - 2] == 0xC2)
        j -= 2;                     /* a trailing soft hyphen is not the word's */
    const char *w = t + i;
    size_t wl = j - i;
    if (soft) {
        tr_buf_clear(&tk->raw);
        for (size_t k = i; k < j;) {
            size_t n = dec(t, len, k, &cp);
            if (cp != SOFT_HYPHEN && tr_buf_add(&tk->raw, t + k, n))
                return -1;
            k += n;
        }
        w = tk->raw.data;
        wl = tk->raw.len;
    }
    tok->kind = TR_TOK_WORD;
    tok->flags = 0;
    tok->offset = i;
    tok->length = j - i;
    tk->pos = j;
    cache_entry *ce = NULL;
    if (wl < sizeof ce->d / 2) {
        /* The first and last eight bytes and the length tell words apart
         * well enough for a cache, at the cost of two multiplications. */
        uint64_t a = 0, b = 0;
        memcpy(&a, w, wl < 8 ? wl : 8);
        if (wl > 8)
            memcpy(&b, w + wl - 8, 8);
        uint64_t h = (a * 0x9E3779B97F4A7C15ull) ^ (b * 0xC2B2AE3D27D4EB4Full) ^ wl;
        ce = &tk->cache[(h >> 40) & (CACHE_SLOTS - 1)];
        if (ce->slen == wl && memcmp(ce->d, w, wl) == 0) {
            /* The keys are returned in place: NUL-terminated in the entry,
             * valid, like any token's, until the next call. */
            const char *e = ce->d + ce->slen, *f = e + ce->elen + 1;
            tok->exact = e;
            tok->exact_len = ce->elen;
            tok->folded = f;
            tok->folded_len = ce->flen;
            tok->flags = ce->flags;
            if (ce->flags & TR_TOKF_FOREIGN) {
                tok->stem = f + ce->flen + 1;
                tok->stem_len = ce->stlen;
            }
            return 1;
        }
    }
    if (tr_norm_exact(w, wl, &tk->exact) || tr_norm_fold(w, wl, &tk->folded))
        return -1;
    tok->exact = tk->exact.data;
    tok->exact_len = tk->exact.len;
    tok->folded = tk->folded.data;
    tok->folded_len = tk->folded.len;
    if (!ascii && tr_has_marks(w, wl))
        tok->flags |= TR_TOKF_MARKS;
    if (nletters >= 2 && caps)
        tok->flags |= TR_TOKF_ABBREV;
    if (ascii && !digits && nletters >= 3 && !(tok->flags & TR_TOKF_ABBREV) &&
        !tr_syllable_valid(tk->folded.data, tk->folded.len)) {
        const sb_symbol *s = sb_stemmer_stem(tk->stemmer,
                                             (const sb_symbol *)tk->folded.data,
                                             (int)tk->folded.len);
        if (!s)
            return -1;
        tr_buf_clear(&tk->stem);
        if (tr_buf_add(&tk->stem, (const char *)s,
                       (size_t)sb_stemmer_length(tk->stemmer)))
            return -1;
        tok->flags |= TR_TOKF_FOREIGN;
        tok->stem = tk->stem.data;
        tok->stem_len = tk->stem.len;
    }
    size_t stl = tok->stem ? tk->stem.len : 0;
    if (ce && wl + tk->exact.len + tk->folded.len + stl + 3 <= sizeof ce->d) {
        char *d = ce->d;
        size_t el = tk->exact.len, fl = tk->folded.len;
        ce->slen = (unsigned char)wl;
        ce->elen = (unsigned char)el;
        ce->flen = (unsigned char)fl;
        ce->stlen = (unsigned char)stl;
        memcpy(d, w, wl);
        memcpy(d + wl, tk->exact.data, el);
        d[wl + el] = '\0';
        memcpy(d + wl + el + 1, tk->folded.data, fl);
        d[wl + el + 1 + fl] = '\0';
        if (stl)
            memcpy(d + wl + el + fl + 2, tk->stem.data, stl);
        d[wl + el + fl + 2 + stl] = '\0';
        ce->flags = (unsigned char)tok->flags;
    }
    return 1;
}

int tr_tokenizer_next(tr_tokenizer *tk, tr_token *tok)
{
    const char *t = tk->t;
    size_t len = tk->len;
    memset(tok, 0, sizeof *tok);
    while (tk->pos < len) {
        size_t i = tk->pos;
        uint32_t cp;
        size_t n = dec(t, len, i, &cp);
        if (is_digit(cp)) {
            int boundary = 1;
            if (i > 0) {
                uint32_t pc;
                size_t k = i - 1;
                while (k > 0 && ((unsigned char)t[k] & 0xC0) == 0x80)
                    k--;
                dec(t, len, k, &pc);
                boundary = !is_letter(pc) && !is_digit(pc) && !is_mark(pc);
            }
            if (boundary && i >= tk->compound_end) {
                int r = try_compound(tk, i, tok);
                if (r != 0) {
                    tok->position = tk->position;
                    return r;
                }
            }
            int r = number_token(tk, i, tok);
            if (r != 0) {
                tok->position = tk->position++;
                return r;
            }
            r = word_token(tk, i, tok);
            tok->position = tk->position++;
            return r;
        }
        if (is_letter(cp)) {
            int r = word_token(tk, i, tok);
            tok->position = tk->position++;
            return r;
        }
        tk->pos += n;   /* separators, punctuation, stray marks, markdown */
    }
    return 0;
}

size_t tr_token_count(const char *text, size_t len)
{
    int own;
    tr_tokenizer *tk = tr_tokenizer_thread(&own);   /* warm, not a new 256 KB */
    tr_token tok;
    size_t n = 0;
    if (!tk)
        return 0;
    tr_tokenizer_reset(tk, text, len);
    while (tr_tokenizer_next(tk, &tok) == 1)
        if (!(tok.flags & TR_TOKF_COMPOUND))
            n++;
    tr_tokenizer_put(tk, own);
    return n;
}

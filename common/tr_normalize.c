/*
 * tr_normalize — exact and folded keys (see tr_normalize.h for what they
 * are).
 *
 * Method.  The text is decomposed and case-folded one code point at a time
 * with utf8proc (no allocation), so every mark becomes a combining
 * character after an ASCII base letter (đ, which has no decomposition, is
 * the one exception).  The folded key simply drops the marks.  For the
 * exact key each syllable's tone mark is moved to the vowel where the old
 * style puts it, and the result is recomposed to NFC.
 *
 * Where the tone goes (old style, "kiểu cũ", the placement of the
 * pre-1980 dictionaries and still of most Party documents — the seeds
 * write hòa, thủy, khỏe).  After removing the onset consonants (with "qu"
 * and "gi"+vowel counted as onsets, so quý and già keep their tone on the
 * following vowel):
 *   1. a vowel with a quality mark (ă â ê ô ơ ư) takes it; of two (ươ)
 *      the second: thuở, người, quyết, khuyến;
 *   2. otherwise, if a final consonant follows, the last vowel: hoàn,
 *      hoạch, huỳnh;
 *   3. otherwise of three vowels the middle one (hoài, ngoáy, khuỵu), of
 *      two the first (hòa, thủy, khỏe, lũy, mùa, mía), of one that one.
 * New style ("kiểu mới", the 1984 Ministry of Education rule, used by
 * much recent text: hoà, thuỷ) differs only in rule 3 for oa, oe, uy.
 * A word that does not parse as one syllable (onset, one to three vowels,
 * a legal final) is left as written: foreign words and typos keep their
 * marks where the author put them.
 *
 * i/y variants (kỹ/kĩ, lý/lí, Mỹ/Mĩ) are NOT folded into one key.  The two
 * letters distinguish words in rhymes (tay "hand" / tai "ear", may / mai),
 * so only a rule limited to a lone vowel after some onsets would be safe,
 * and Party and State documents write y almost everywhere; a user who
 * types kĩ gets what the text says.  The query language's OR covers the
 * rare case.
 */
#include "tr_normalize.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

#include "tr_utf8.h"

#define GRAVE 0x0300
#define ACUTE 0x0301
#define CIRCUMFLEX 0x0302
#define TILDE 0x0303
#define BREVE 0x0306
#define HOOK 0x0309
#define HORN 0x031B
#define DOT_BELOW 0x0323
#define D_STROKE 0x0111
#define D_STROKE_UP 0x0110

static int is_tone(int32_t c)
{
    return c == GRAVE || c == ACUTE || c == TILDE || c == HOOK || c == DOT_BELOW;
}

static int is_quality(int32_t c)
{
    return c == CIRCUMFLEX || c == BREVE || c == HORN;
}

static int is_mark(int32_t c)
{
    if (c >= 0x0300 && c <= 0x036F)
        return 1;
    if (c < 0x0300)
        return 0;
    const utf8proc_property_t *p = utf8proc_get_property(c);
    return p->category == UTF8PROC_CATEGORY_MN || p->category == UTF8PROC_CATEGORY_ME;
}

static int is_vowel(int32_t c)
{
    return c == 'a' || c == 'e' || c == 'i' || c == 'o' || c == 'u' || c == 'y';
}

/* ---- scratch code-point buffer: stack for words, heap for long text ---- */

typedef struct {
    int32_t *p;
    size_t n, cap;
    int32_t stack[256];
} cpbuf;

static void cp_init(cpbuf *b)
{
    b->p = b->stack;
    b->n = 0;
    b->cap = sizeof b->stack / sizeof b->stack[0];
}

static void cp_free(cpbuf *b)
{
    if (b->p != b->stack)
        free(b->p);
}

static int cp_reserve(cpbuf *b, size_t more)
{
    if (b->n + more <= b->cap)
        return 0;
    size_t cap = b->cap * 2;
    while (cap < b->n + more)
        cap *= 2;
    int32_t *p = b->p == b->stack ? malloc(cap * sizeof *p)
                                  : realloc(b->p, cap * sizeof *p);
    if (!p)
        return -1;
    if (b->p == b->stack)
        memcpy(p, b->stack, b->n * sizeof *p);
    b->p = p;
    b->cap = cap;
    return 0;
}

/* Decomposes and case-folds s into b (NFD, lower case). */
static int decompose(const char *s, size_t len, cpbuf *b)
{
    const unsigned char *u = (const unsigned char *)s;
    size_t i = 0;
    while (i < len) {
        if (u[i] < 0x80) {
            if (cp_reserve(b, 1))
                return -1;
            unsigned c = u[i++];
            b->p[b->n++] = (int32_t)(c >= 'A' && c <= 'Z' ? c + 32 : c);
            continue;
        }
        uint32_t cp;
        i += tr_utf8_decode(u + i, len - i, &cp);
        if (cp_reserve(b, 8))
            return -1;
        int bound = 0;
        utf8proc_ssize_t n = utf8proc_decompose_char(
            (utf8proc_int32_t)cp, b->p + b->n, 8,
            UTF8PROC_DECOMPOSE | UTF8PROC_CASEFOLD, &bound);
        if (n < 0 || n > 8) {
            b->p[b->n++] = (int32_t)cp;   /* cannot happen for valid cp */
        } else {
            b->n += (size_t)n;
        }
    }
    return 0;
}

static int encode_into(const int32_t *p, size_t n, tr_buf *out)
{
    tr_buf_clear(out);
    if (tr_buf_reserve(out, n * 4 + 1))
        return -1;
    for (size_t i = 0; i < n; i++) {
        if (p[i] < 0x80)
            out->data[out->len++] = (char)p[i];
        else
            out->len += tr_utf8_encode((uint32_t)p[i], out->data + out->len);
    }
    out->data[out->len] = '\0';
    return 0;
}

/* ---- tone placement on one word, in place on NFD code points ---- */

/* One letter of a word: its base and the span of marks that follow. */
typedef struct {
    int32_t base;
    size_t at;          /* index of the base in the code-point array */
    size_t nmarks;
    int quality;        /* carries a quality mark */
    int tone_at;        /* index of a tone mark among its marks, or -1 */
} letter;

static int legal_final(const letter *L, size_t from, size_t m)
{
    size_t k = m - from;
    if (k == 0)
        return 1;
    int32_t a = L[from].base, b = k > 1 ? L[from + 1].base : 0;
    for (size_t i = from; i < m; i++)
        if (L[i].nmarks)
            return 0;
    if (k == 1)
        return a == 'c' || a == 'm' || a == 'n' || a == 'p' || a == 't';
    if (k == 2)
        return (a == 'c' && b == 'h') || (a == 'n' && (b == 'g' || b == 'h'));
    return 0;
}

/* Stable sort of a base's marks by canonical combining class, so that the
 * moved tone lands in canonical order (dot below, class 220, goes before
 * the class-230 marks; the horn, 216, before both). */
static void sort_marks(int32_t *m, size_t n)
{
    for (size_t i = 1; i < n; i++) {
        int32_t c = m[i];
        int cc = utf8proc_get_property(c)->combining_class;
        size_t j = i;
        while (j > 0 && utf8proc_get_property(m[j - 1])->combining_class > cc) {
            m[j] = m[j - 1];
            j--;
        }
        m[j] = c;
    }
}

static void place_tone(int32_t *p, size_t from, size_t to)
{
    letter L[16];
    size_t m = 0, tones = 0, src = 0;
    for (size_t i = from; i < to;) {
        if (m == 16)
            return;                     /* too long to be a syllable */
        int32_t c = p[i];
        if (!((c >= 'a' && c <= 'z') || c == D_STROKE))
            return;
        letter *l = &L[m];
        l->base = c;
        l->at = i;
        l->nmarks = 0;
        l->quality = 0;
        l->tone_at = -1;
        i++;
        while (i < to && is_mark(p[i])) {
            if (is_tone(p[i])) {
                if (l->tone_at >= 0)
                    return;
                l->tone_at = (int)l->nmarks;
                tones++;
                src = m;
            } else if (is_quality(p[i])) {
                l->quality = 1;
            } else {
                return;
            }
            l->nmarks++;
            i++;
        }
        m++;
    }
    if (tones != 1)
        return;
    size_t v = 0;
    while (v < m && !is_vowel(L[v].base))
        v++;
    if (v == m)
        return;
    if (v > 0 && L[v - 1].base == 'q' && L[v].base == 'u' && !L[v].quality &&
        v + 1 < m && is_vowel(L[v + 1].base))
        v++;
    else if (v == 1 && L[0].base == 'g' && L[1].base == 'i' && !L[1].quality &&
             m > 2 && is_vowel(L[2].base))
        v++;
    size_t e = v;
    while (e < m && is_vowel(L[e].base))
        e++;
    size_t nv = e - v;
    if (nv == 0 || nv > 3 || !legal_final(L, e, m))
        return;
    if (src < v && !(src == v - 1 && is_vowel(L[src].base)))
        return;                          /* tone on a consonant: leave it */
    size_t target = (size_t)-1;
    for (size_t k = v; k < e; k++)
        if (L[k].quality)
            target = k;
    if (target == (size_t)-1)
        target = e < m ? e - 1 : nv == 3 ? v + 1 : v;
    if (target == src)
        return;
    /* Remove the tone from its letter, shifting the code points between
     * the two letters by one, then insert it among the target's marks. */
    size_t from_i = L[src].at + 1 + (size_t)L[src].tone_at;
    int32_t tone = p[from_i];
    if (target > src) {
        size_t to_i = L[target].at + L[target].nmarks; /* last mark of target */
        memmove(p + from_i, p + from_i + 1, (to_i - from_i) * sizeof *p);
        p[to_i] = tone;
        /* the target's base moved to L[target].at - 1: its marks and the
         * tone now occupy L[target].at .. to_i */
        sort_marks(p + L[target].at, L[target].nmarks + 1);
    } else {
        size_t to_i = L[target].at + 1 + L[target].nmarks; /* after its marks */
        memmove(p + to_i + 1, p + to_i, (from_i - to_i) * sizeof *p);
        p[to_i] = tone;
        sort_marks(p + L[target].at + 1, L[target].nmarks + 1);
    }
}

static void place_tones(int32_t *p, size_t n)
{
    size_t i = 0;
    while (i < n) {
        int32_t c = p[i];
        int letterish = (c >= 'a' && c <= 'z') || c == D_STROKE;
        if (!letterish) {
            i++;
            continue;
        }
        size_t s = i;
        while (i < n && ((p[i] >= 'a' && p[i] <= 'z') || p[i] == D_STROKE ||
                         is_mark(p[i])))
            i++;
        place_tone(p, s, i);
    }
}

static int ascii_lower(const char *s, size_t len, tr_buf *out)
{
    tr_buf_clear(out);
    if (tr_buf_reserve(out, len + 1))
        return -1;
    for (size_t i = 0; i < len; i++) {
        char c = s[i];
        out->data[i] = (c >= 'A' && c <= 'Z') ? (char)(c + 32) : c;
    }
    out->len = len;
    out->data[len] = '\0';
    return 0;
}

static int all_ascii(const char *s, size_t len)
{
    for (size_t i = 0; i < len; i++)
        if ((unsigned char)s[i] >= 0x80)
            return 0;
    return 1;
}

int tr_norm_exact(const char *s, size_t len, tr_buf *out)
{
    if (all_ascii(s, len))
        return ascii_lower(s, len, out);
    cpbuf b;
    cp_init(&b);
    int rc = -1;
    if (decompose(s, len, &b) == 0) {
        place_tones(b.p, b.n);
        utf8proc_ssize_t n = utf8proc_normalize_utf32(b.p, (utf8proc_ssize_t)b.n,
                                                      UTF8PROC_COMPOSE);
        if (n >= 0)
            rc = encode_into(b.p, (size_t)n, out);
    }
    cp_free(&b);
    return rc;
}

/* ---- folding Vietnamese letters without utf8proc ---- */

/* The folded form of each code point of Latin-1 Supplement, Latin
 * Extended-A/B (U+00C0..U+024F) and Latin Extended Additional
 * (U+1E00..U+1EFF) that folds to one ASCII letter, else 0.  Made once per
 * process by the slow path's own steps (decompose, case-fold, drop marks,
 * đ -> d), so both paths answer alike by construction.  Every Vietnamese
 * letter is in it: text of Vietnamese letters, ASCII and combining marks
 * folds a byte at a time, without the decomposition and recomposition
 * that were a quarter of fuzz_meta's time (metadata folds every header
 * line it reads). */
static char fold_lo[0x250 - 0xC0], fold_hi[0x100];
static unsigned char mark_drops[0x370 - 0x300]; /* 1: folds to marks only */
/* 1: kept as it is (NBSP, «», °, –, “”, …): punctuation of Latin-1 and of
 * General Punctuation that neither decomposes nor case-folds, and that no
 * canonical composition takes as its second part */
static unsigned char keep_l1[0xC0 - 0x80], keep_gp[0x2070 - 0x2000];
static pthread_once_t fold_once = PTHREAD_ONCE_INIT;

/* One ASCII letter cp folds to; 0 when it folds to anything else.  With
 * *marks_only (may be NULL): 1 when it folds to nothing at all (a mark). */
static char fold_one(int32_t cp, unsigned char *marks_only)
{
    utf8proc_int32_t d[8];
    int bound = 0;
    char f = 0;
    if (marks_only)
        *marks_only = 0;
    utf8proc_ssize_t n = utf8proc_decompose_char(cp, d, 8,
                                                 UTF8PROC_DECOMPOSE | UTF8PROC_CASEFOLD, &bound);
    if (n < 1 || n > 8)
        return 0;
    for (utf8proc_ssize_t i = 0; i < n; i++) {
        int32_t c = d[i] == D_STROKE ? 'd' : d[i];
        if (c >= 0x80 && is_mark(c))
            continue;
        if (f || c >= 0x80 || c == 0)
            return 0;
        f = (char)c;
    }
    if (marks_only)
        *marks_only = f == 0;   /* not U+0345, which case-folds to ι */
    return f;
}

static void fold_tables(void)
{
    for (int32_t c = 0xC0; c < 0x250; c++)
        fold_lo[c - 0xC0] = fold_one(c, NULL);
    for (int32_t c = 0; c < 0x100; c++)
        fold_hi[c] = fold_one(0x1E00 + c, NULL);
    for (int32_t c = 0x300; c < 0x370; c++)
        (void)fold_one(c, &mark_drops[c - 0x300]);
    for (int32_t c = 0x80; c < 0x2070; c = c == 0xBF ? 0x2000 : c + 1) {
        utf8proc_int32_t d[8];
        int bound = 0;
        utf8proc_ssize_t n = utf8proc_decompose_char(
            c, d, 8, UTF8PROC_DECOMPOSE | UTF8PROC_CASEFOLD, &bound);
        unsigned char k = n == 1 && d[0] == c && !is_mark(c);
        if (c < 0xC0)
            keep_l1[c - 0x80] = k;
        else
            keep_gp[c - 0x2000] = k;
    }
}

/* The general path: every code point through utf8proc (decompose and
 * case-fold, drop the marks, đ -> d, recompose).  Replaces out. */
static int fold_slow(const char *s, size_t len, tr_buf *out)
{
    cpbuf b;
    cp_init(&b);
    int rc = -1;
    if (decompose(s, len, &b) == 0) {
        size_t k = 0;
        for (size_t i = 0; i < b.n; i++) {
            int32_t c = b.p[i];
            if (c >= 0x80 && is_mark(c))
                continue;
            b.p[k++] = c == D_STROKE ? 'd' : c;
        }
        /* Non-Vietnamese letters keep whatever NFC gives them. */
        utf8proc_ssize_t n = utf8proc_normalize_utf32(b.p, (utf8proc_ssize_t)k,
                                                      UTF8PROC_COMPOSE);
        if (n >= 0)
            rc = encode_into(b.p, (size_t)n, out);
    }
    cp_free(&b);
    return rc;
}

static int is_blank(unsigned char c)
{
    return c == ' ' || c == '\n' || c == '\t' || c == '\r';
}

/* Folds s into out from the tables a byte at a time; a code point they do
 * not answer for sends its blank-delimited segment through fold_slow.
 * Blanks cut the text into segments that fold independently: no canonical
 * composition starts or ends with an ASCII blank, so NFC never joins
 * across one (one footnote mark "⁽¹⁾" in a document no longer sends the
 * whole text down the slow path). */
static int fold_fast(const char *s, size_t len, tr_buf *out)
{
    const unsigned char *u = (const unsigned char *)s;
    size_t i = 0, seg_in = 0, seg_out = 0;  /* where the current segment began */
    tr_buf slow = {0};
    int rc = -1;
    tr_buf_clear(out);
    if (tr_buf_reserve(out, len + 1))
        return -1;
    while (i < len) {
        if (u[i] < 0x80) {
            unsigned c = u[i++];
            out->data[out->len++] = (char)(c >= 'A' && c <= 'Z' ? c + 32 : c);
            if (is_blank((unsigned char)c))
                seg_in = i, seg_out = out->len;
            continue;
        }
        uint32_t cp;
        char f = 0;
        i += tr_utf8_decode(u + i, len - i, &cp);
        if (cp >= 0x300 && cp < 0x370 && mark_drops[cp - 0x300])
            continue;   /* a combining mark: folding drops it */
        if (cp >= 0xC0 && cp < 0x250)
            f = fold_lo[cp - 0xC0];
        else if (cp >= 0x1E00 && cp < 0x1F00)
            f = fold_hi[cp - 0x1E00];
        else if ((cp >= 0x80 && cp < 0xC0 && keep_l1[cp - 0x80]) ||
                 (cp >= 0x2000 && cp < 0x2070 && keep_gp[cp - 0x2000])) {
            out->len += tr_utf8_encode(cp, out->data + out->len);
            continue;
        }
        if (f) {
            out->data[out->len++] = f;
            continue;
        }
        size_t e = i;
        while (e < len && !is_blank(u[e]))
            e++;
        if (fold_slow(s + seg_in, e - seg_in, &slow))
            goto out;
        out->len = seg_out;
        /* the slow result may be longer ("ß" -> "ss"): room for the rest */
        if (tr_buf_add(out, slow.data, slow.len) || tr_buf_reserve(out, len - e + 1))
            goto out;
        i = seg_in = e;
        seg_out = out->len;
    }
    out->data[out->len] = '\0';
    rc = 0;
out:
    tr_buf_free(&slow);
    return rc;
}

int tr_norm_fold(const char *s, size_t len, tr_buf *out)
{
    if (all_ascii(s, len))
        return ascii_lower(s, len, out);
    if (pthread_once(&fold_once, fold_tables) != 0)
        return fold_slow(s, len, out);
    return fold_fast(s, len, out);
}

int tr_has_marks(const char *s, size_t len)
{
    const unsigned char *u = (const unsigned char *)s;
    size_t i = 0;
    while (i < len) {
        if (u[i] < 0x80) {
            i++;
            continue;
        }
        uint32_t cp;
        i += tr_utf8_decode(u + i, len - i, &cp);
        if ((cp >= 0xC0 && cp <= 0x24F && cp != 0xD7 && cp != 0xF7) ||
            (cp >= 0x1E00 && cp <= 0x1EFF) || (cp >= 0x300 && cp <= 0x36F))
            return 1;
    }
    return 0;
}

char *tr_fold_dup(const char *s)
{
    tr_buf b = {0};
    if (tr_norm_fold(s, strlen(s), &b)) {
        tr_buf_free(&b);
        return NULL;
    }
    return b.data;
}

char *tr_slug(const char *s)
{
    char *f = tr_fold_dup(s);
    if (!f)
        return NULL;
    size_t k = 0;
    int dash = 0;
    for (size_t i = 0; f[i]; i++) {
        char c = f[i];
        if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) {
            if (dash && k)
                f[k++] = '-';
            dash = 0;
            f[k++] = c;
        } else {
            dash = 1;
        }
    }
    f[k] = '\0';
    return f;
}

int tr_norm_compose(char **text, size_t *len)
{
    /* 0xCC and 0xCD lead every UTF-8 sequence of U+0300..U+037F */
    if (!memchr(*text, 0xCC, *len) && !memchr(*text, 0xCD, *len))
        return 0;
    utf8proc_uint8_t *dst = NULL;
    utf8proc_ssize_t n = utf8proc_map((const utf8proc_uint8_t *)*text, (utf8proc_ssize_t)*len,
                                      &dst, UTF8PROC_COMPOSE | UTF8PROC_STABLE);
    if (n < 0) {
        free(dst);
        return n == UTF8PROC_ERROR_NOMEM ? -1 : 0;   /* not valid UTF-8: keep */
    }
    free(*text);
    *text = (char *)dst;
    *len = (size_t)n;
    return 0;
}

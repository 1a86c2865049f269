/*
 * tr_legacy — legacy 8-bit Vietnamese encodings to UTF-8 NFC, and the
 * detection of which one (if any) a text is in.
 *
 * Decoding is table-driven (tr_legacy_tables.c, with sources): every byte
 * becomes the code point its font shows.  Two encodings are not one byte
 * per letter: VNI writes most letters as base letter + mark byte(s), and
 * Windows-1258 as base letter + combining tone; both decode to combining
 * marks which a final NFC pass (utf8proc) composes.  The pass only runs when
 * a combining mark was emitted, so TCVN3/VISCII/VPS text costs one table
 * look-up per byte.
 *
 * One decoder loop serves both the raw-byte entry point and the
 * "already went through Windows-1252" entry point (each code point mapped
 * back to its byte first), and it feeds either an output buffer or a word
 * scorer, so that detection decodes exactly as conversion does without
 * materialising each candidate's text.
 *
 * Detection scores a decoding by the share of its words holding a non-ASCII
 * letter that are plausible Vietnamese syllables.  ASCII-only words read the
 * same under every candidate and would only dilute the score.  "Plausible"
 * is stricter than tr_syllable_valid() alone, because wrong decodings of
 * Vietnamese produce Vietnamese-looking letters: the word must use only the
 * Vietnamese alphabet and marks, carry at most one tone, on a vowel, put
 * đ first, be cased as a word is (lower, UPPER or Capitalised — the
 * Windows-1252 reading of TCVN3, "ViÖt", is not), obey the rule that a
 * syllable ending in c/ch/p/t has the sắc or nặng tone, that nh/ch follow
 * only a ê i y and that ă/â do not end a syllable, and its folded form
 * must parse as onset + nucleus + final (tr_syllable).  Even so a wrong
 * decoding of real Vietnamese keeps 30-60% plausible words (the letters
 * Latin-1 shares with Vietnamese), hence the margin below.  A winner is taken
 * only well above every other reading, the Windows-1252 one included, so
 * French or English Latin-1 text stays as it is.
 *
 * Thread-safe: no mutable static state.
 */
#include "tr_legacy.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

#include "tr_syllable.h"
#include "tr_utf8.h"

extern const uint16_t tr_leg_cp1252[256], tr_leg_tcvn3[256], tr_leg_viscii[256],
    tr_leg_cp1258[256], tr_leg_vps[256], tr_leg_vni[256],
    tr_leg_vni_mark[64][2];

/* Decision thresholds (per mille of the non-ASCII words). */
#define LEG_MIN_SCORE 600   /* the winner's share of plausible words */
#define LEG_MARGIN 150      /* over every other reading */
#define LEG_DETECT_MIN 3    /* non-ASCII words a file needs to be judged */
#define LEG_REPAIR_MIN 2    /* ... and a paragraph, on its own */
#define LEG_DETECT_SAMPLE (64u * 1024u) /* bytes of a file scored:
                                             thousands of words */

const char *tr_legacy_name(tr_legacy e)
{
    switch (e) {
    case TR_LEG_TCVN3: return "TCVN3";
    case TR_LEG_TCVN3H: return "TCVN3-H";
    case TR_LEG_VNI: return "VNI";
    case TR_LEG_VISCII: return "VISCII";
    case TR_LEG_VPS: return "VPS";
    case TR_LEG_CP1258: return "CP1258";
    case TR_LEG_CP1252: return "CP1252";
    default: return "";
    }
}

static int prefix_ci(const char *s, const char *p)
{
    for (; *p; s++, p++) {
        char c = *s;
        if (c >= 'A' && c <= 'Z')
            c = (char)(c - 'A' + 'a');
        if (c != *p)
            return 0;
    }
    return 1;
}

/* Font-name conventions: the ABC package named its fonts ".Vn…" and the
 * capital-only ones ".Vn…H"; VNI's are "VNI-…"; VPS's "VPS …".  VISCII
 * font names varied (the VISCII 1.1 fonts were "VNtimes new roman",
 * "VNarial", "VNcourier new"); only those and explicit "VISCII"/"VN " names
 * are taken, since Unicode fonts too may begin with "VN" (VNF-…). */
tr_legacy tr_legacy_font(const char *font)
{
    if (!font)
        return TR_LEG_NONE;
    while (*font == ' ' || *font == '\t')
        font++;
    if (prefix_ci(font, ".vn")) {
        size_t n = strlen(font);
        while (n > 3 && (font[n - 1] == ' ' || font[n - 1] == '\t'))
            n--;
        return (font[n - 1] == 'H' || font[n - 1] == 'h') && n > 4 ? TR_LEG_TCVN3H
                                                                 : TR_LEG_TCVN3;
    }
    if (prefix_ci(font, "vni-") || prefix_ci(font, "vni "))
        return TR_LEG_VNI;
    if (prefix_ci(font, "vps ") || prefix_ci(font, "vps-"))
        return TR_LEG_VPS;
    if (prefix_ci(font, "viscii") || prefix_ci(font, "vn ") ||
        prefix_ci(font, "vntimes") || prefix_ci(font, "vnarial") ||
        prefix_ci(font, "vncourier"))
        return TR_LEG_VISCII;
    return TR_LEG_NONE;
}

/* ---- Windows-1252 code point -> byte ---------------------------------- */

/* -1 when the code point has no Windows-1252 byte.  U+0080-U+009F map to
 * themselves: Word and antiword pass the undefined bytes through as C1. */
static int cp1252_byte(uint32_t cp)
{
    if (cp < 0x100)
        return (int)cp;
    switch (cp) {
    case 0x20AC: return 0x80;
    case 0x201A: return 0x82;
    case 0x0192: return 0x83;
    case 0x201E: return 0x84;
    case 0x2026: return 0x85;
    case 0x2020: return 0x86;
    case 0x2021: return 0x87;
    case 0x02C6: return 0x88;
    case 0x2030: return 0x89;
    case 0x0160: return 0x8A;
    case 0x2039: return 0x8B;
    case 0x0152: return 0x8C;
    case 0x017D: return 0x8E;
    case 0x2018: return 0x91;
    case 0x2019: return 0x92;
    case 0x201C: return 0x93;
    case 0x201D: return 0x94;
    case 0x2022: return 0x95;
    case 0x2013: return 0x96;
    case 0x2014: return 0x97;
    case 0x02DC: return 0x98;
    case 0x2122: return 0x99;
    case 0x0161: return 0x9A;
    case 0x203A: return 0x9B;
    case 0x0153: return 0x9C;
    case 0x017E: return 0x9E;
    case 0x0178: return 0x9F;
    default: return -1;
    }
}

/* ---- word scoring ------------------------------------------------------ */

#define WORD_MAX 24

typedef struct {
    unsigned words;  /* words with a non-ASCII code point */
    unsigned valid;  /* ... that are plausible syllables */
    uint32_t w[WORD_MAX];
    unsigned n;
    int over, nonascii;
} scorer;

static int is_tone(uint32_t m)
{
    return m == 0x300 || m == 0x301 || m == 0x303 || m == 0x309 || m == 0x323;
}

static int is_vowel(char c)
{
    return c == 'a' || c == 'e' || c == 'i' || c == 'o' || c == 'u' || c == 'y';
}

static int is_upper(uint32_t cp)
{
    if (cp < 0x80)
        return cp >= 'A' && cp <= 'Z';
    return utf8proc_category((utf8proc_int32_t)cp) == UTF8PROC_CATEGORY_LU;
}

static int is_mark(uint32_t cp)
{
    if (cp < 0x300)
        return 0;
    utf8proc_category_t c = utf8proc_category((utf8proc_int32_t)cp);
    return c == UTF8PROC_CATEGORY_MN || c == UTF8PROC_CATEGORY_MC;
}

static int word_valid(const uint32_t *w, unsigned n)
{
    char f[8];
    unsigned char vm[8] = {0}; /* vowel mark per letter: 1 ^, 2 breve, 3 horn */
    size_t fl = 0;
    unsigned letters = 0, upper = 0, tones = 0;
    int first_upper = 0;
    uint32_t tone = 0;
    for (unsigned i = 0; i < n; i++) {
        uint32_t cp = w[i];
        utf8proc_int32_t d[8];
        utf8proc_ssize_t nd;
        if (cp < 0x80) {
            d[0] = (utf8proc_int32_t)(cp | 0x20); /* ASCII letters only here */
            nd = 1;
        } else {
            int bc = 0;
            nd = utf8proc_decompose_char((utf8proc_int32_t)cp, d, 8,
                                         UTF8PROC_DECOMPOSE | UTF8PROC_CASEFOLD, &bc);
            if (nd <= 0 || nd > 8)
                return 0;
        }
        if (!is_mark(cp)) {
            letters++;
            if (is_upper(cp)) {
                upper++;
                if (letters == 1)
                    first_upper = 1;
            }
        }
        for (utf8proc_ssize_t k = 0; k < nd; k++) {
            uint32_t c = (uint32_t)d[k];
            if (c >= 'a' && c <= 'z') {
                if (fl >= 7)
                    return 0;
                f[fl++] = (char)c;
            } else if (c == 0x111) { /* đ: onsets only */
                if (fl != 0)
                    return 0;
                f[fl++] = 'd';
            } else if (is_tone(c)) {
                if (fl == 0 || !is_vowel(f[fl - 1]))
                    return 0;
                tones++;
                tone = c;
            } else if (c == 0x302) {
                if (fl == 0 || (f[fl - 1] != 'a' && f[fl - 1] != 'e' && f[fl - 1] != 'o'))
                    return 0;
                vm[fl - 1] = 1;
            } else if (c == 0x306) {
                if (fl == 0 || f[fl - 1] != 'a')
                    return 0;
                vm[fl - 1] = 2;
            } else if (c == 0x31B) {
                if (fl == 0 || (f[fl - 1] != 'o' && f[fl - 1] != 'u'))
                    return 0;
                vm[fl - 1] = 3;
            } else {
                return 0; /* a letter or mark Vietnamese does not use */
            }
        }
    }
    if (tones > 1 || fl == 0)
        return 0;
    if (upper && upper != letters && !(upper == 1 && first_upper))
        return 0;
    char last = f[fl - 1];
    if ((last == 'c' || last == 'p' || last == 't' ||
         (last == 'h' && fl >= 2 && f[fl - 2] == 'c')) &&
        tone != 0x301 && tone != 0x323)
        return 0;
    /* finals nh/ch only after a, ê, i, y (anh ênh inh uynh; no "unh") */
    if (fl >= 3 && last == 'h' && (f[fl - 2] == 'n' || f[fl - 2] == 'c')) {
        char v = f[fl - 3];
        unsigned char m = vm[fl - 3];
        if (!((v == 'a' && !m) || (v == 'e' && m == 1) || v == 'i' || v == 'y'))
            return 0;
    }
    /* ă and â never end a syllable (â only before a final or u/y) */
    if (f[fl - 1] == 'a' && vm[fl - 1])
        return 0;
    return tr_syllable_valid(f, fl);
}

static void score_end(scorer *s)
{
    if (s->n && s->nonascii) {
        s->words++;
        if (!s->over && word_valid(s->w, s->n))
            s->valid++;
    }
    s->n = 0;
    s->over = 0;
    s->nonascii = 0;
}

static void score_cp(scorer *s, uint32_t cp)
{
    int in_word;
    if (cp < 0x80) {
        in_word = (cp | 0x20) >= 'a' && (cp | 0x20) <= 'z';
    } else if ((cp >= 0xC0 && cp <= 0xFF && cp != 0xD7 && cp != 0xF7) ||
               (cp >= 0x1EA0 && cp <= 0x1EF9)) {
        in_word = 1; /* the common letters, without a table look-up */
    } else {
        utf8proc_category_t c = utf8proc_category((utf8proc_int32_t)cp);
        in_word = (c >= UTF8PROC_CATEGORY_LU && c <= UTF8PROC_CATEGORY_LO) ||
                  c == UTF8PROC_CATEGORY_MN || c == UTF8PROC_CATEGORY_MC;
    }
    if (!in_word) {
        score_end(s);
        return;
    }
    if (s->n < WORD_MAX)
        s->w[s->n++] = cp;
    else
        s->over = 1;
    if (cp >= 0x80)
        s->nonascii = 1;
}

static int score_permille(const scorer *s)
{
    return s->words ? (int)(s->valid * 1000u / s->words) : 0;
}

/* ---- the decoder ------------------------------------------------------- */

typedef struct {
    tr_buf *out;     /* UTF-8 output, or NULL when scoring */
    scorer *sc;
    int upper;       /* TCVN3-H: the font shows capitals */
    int marks;       /* a combining mark was written: NFC needed */
    int err;
} sink;

static void emit(sink *k, uint32_t cp)
{
    if (k->upper)
        cp = (uint32_t)utf8proc_toupper((utf8proc_int32_t)cp);
    if (k->sc) {
        score_cp(k->sc, cp);
        return;
    }
    if (cp >= 0x300 && cp < 0x370)
        k->marks = 1;
    char u[4];
    if (cp < 0x80) {
        if (tr_buf_addc(k->out, (char)cp))
            k->err = 1;
    } else if (tr_buf_add(k->out, u, tr_utf8_encode(cp, u))) {
        k->err = 1;
    }
}

static const uint16_t *table_of(tr_legacy e)
{
    switch (e) {
    case TR_LEG_TCVN3:
    case TR_LEG_TCVN3H: return tr_leg_tcvn3;
    case TR_LEG_VNI: return tr_leg_vni;
    case TR_LEG_VISCII: return tr_leg_viscii;
    case TR_LEG_VPS: return tr_leg_vps;
    case TR_LEG_CP1258: return tr_leg_cp1258;
    default: return tr_leg_cp1252;
    }
}

/* Decodes in[0..len) into k.  utf8: the input is UTF-8 whose code points
 * stand for Windows-1252 bytes (tr_legacy_decode_utf8); those without a
 * byte are passed through. */
static void run(tr_legacy e, const char *in, size_t len, int utf8, sink *k)
{
    const uint16_t *t = table_of(e);
    const unsigned char *p = (const unsigned char *)in, *end = p + len;
    int vni = e == TR_LEG_VNI, after_letter = 0;
    while (p < end && !k->err) {
        int b;
        if (!utf8 || *p < 0x80) {
            b = *p++;
        } else {
            uint32_t cp;
            p += tr_utf8_decode(p, (size_t)(end - p), &cp);
            b = cp1252_byte(cp);
            if (b < 0) {
                int up = k->upper;
                k->upper = 0; /* copied unchanged */
                emit(k, cp);
                k->upper = up;
                if (is_mark(cp))
                    k->marks = 1; /* may compose with what precedes */
                after_letter = 0;
                continue;
            }
        }
        /* A VNI mark byte is a mark only after a letter; elsewhere the font
         * shows its Windows-1252 glyph, and a lone combining mark would be
         * worse than that. */
        if (vni && b >= 0xC0 && tr_leg_vni_mark[b - 0xC0][0] && after_letter) {
            emit(k, tr_leg_vni_mark[b - 0xC0][0]);
            if (tr_leg_vni_mark[b - 0xC0][1])
                emit(k, tr_leg_vni_mark[b - 0xC0][1]);
            continue;
        }
        uint32_t cp = t[b];
        emit(k, cp);
        if (vni)
            after_letter = ((cp | 0x20) >= 'a' && (cp | 0x20) <= 'z') ||
                           (b >= 0x80 && cp != (uint32_t)tr_leg_cp1252[b]);
    }
}

/* NFC of out[start..len) in place, when the decoder wrote combining marks. */
static int compose_tail(tr_buf *out, size_t start)
{
    utf8proc_uint8_t *dst = NULL;
    utf8proc_ssize_t n = utf8proc_map((const utf8proc_uint8_t *)out->data + start,
                                      (utf8proc_ssize_t)(out->len - start), &dst,
                                      UTF8PROC_COMPOSE | UTF8PROC_STABLE);
    if (n < 0) {
        free(dst);
        return n == UTF8PROC_ERROR_NOMEM ? -1 : 0; /* invalid input: keep */
    }
    out->len = start;
    int r = tr_buf_add(out, (const char *)dst, (size_t)n);
    free(dst);
    return r;
}

static int decode(tr_legacy e, const char *in, size_t len, int utf8, tr_buf *out)
{
    size_t start = out->len;
    sink k = {out, NULL, e == TR_LEG_TCVN3H, 0, 0};
    if (tr_buf_reserve(out, len + len / 2))
        return -1;
    run(e, in, len, utf8, &k);
    if (k.err)
        return -1;
    if (k.marks && compose_tail(out, start))
        return -1;
    return 0;
}

int tr_legacy_decode(tr_legacy e, const char *in, size_t len, tr_buf *out)
{
    return decode(e, in, len, 0, out);
}

int tr_legacy_decode_utf8(tr_legacy e, const char *in, size_t len, tr_buf *out)
{
    return decode(e, in, len, 1, out);
}

static void score(tr_legacy e, const char *in, size_t len, int utf8, scorer *s)
{
    memset(s, 0, sizeof *s);
    sink k = {NULL, s, 0, 0, 0};
    run(e, in, len, utf8, &k);
    score_end(s);
}

/* ---- detection --------------------------------------------------------- */

static const tr_legacy detect_cands[] = {TR_LEG_TCVN3, TR_LEG_VNI, TR_LEG_VISCII,
                                         TR_LEG_VPS, TR_LEG_CP1258, TR_LEG_CP1252};
#define NCANDS (sizeof detect_cands / sizeof detect_cands[0])

void tr_legacy_detect(const char *in, size_t len, tr_legacy_guess *g)
{
    scorer s;
    int best = -1, second = 0;
    unsigned best_words = 0;
    tr_legacy enc = TR_LEG_CP1252;
    if (len > LEG_DETECT_SAMPLE)
        len = LEG_DETECT_SAMPLE;
    for (size_t i = 0; i < NCANDS; i++) {
        score(detect_cands[i], in, len, 0, &s);
        int p = score_permille(&s);
        if (p > best) {
            second = best < 0 ? 0 : best;
            best = p;
            best_words = s.words;
            enc = detect_cands[i];
        } else if (p > second) {
            second = p;
        }
    }
    g->score = best;
    g->runner_up = second;
    g->decided = enc != TR_LEG_CP1252 && best_words >= LEG_DETECT_MIN &&
                 best >= LEG_MIN_SCORE && best - second >= LEG_MARGIN;
    g->enc = g->decided ? enc : TR_LEG_CP1252;
}

/* ---- repair of UTF-8 text ---------------------------------------------- */

/* 1 when p[0..n) is made only of Windows-1252 code points and has at least
 * one >= U+0080: the only paragraphs a legacy run can have become. */
static int legacy_candidate(const char *p, size_t n)
{
    const unsigned char *s = (const unsigned char *)p, *end = s + n;
    int high = 0;
    while (s < end) {
        if (*s < 0x80) {
            s++;
            continue;
        }
        uint32_t cp;
        s += tr_utf8_decode(s, (size_t)(end - s), &cp);
        if (cp1252_byte(cp) < 0)
            return 0;
        high = 1;
    }
    return high;
}

/* The encoding (TCVN3 or VNI) the paragraph is in, or TR_LEG_NONE.  With
 * dominant set (an encoding other paragraphs of the text were clearly in),
 * one plausible word is enough, provided it reads better than as it is. */
static tr_legacy judge(const char *p, size_t n, tr_legacy dominant)
{
    scorer as_is, tc, vn;
    score(TR_LEG_CP1252, p, n, 1, &as_is);
    score(TR_LEG_TCVN3, p, n, 1, &tc);
    score(TR_LEG_VNI, p, n, 1, &vn);
    int a = score_permille(&as_is), t = score_permille(&tc), v = score_permille(&vn);
    tr_legacy w = t >= v ? TR_LEG_TCVN3 : TR_LEG_VNI;
    int ws = t >= v ? t : v, other = t >= v ? v : t;
    unsigned words = t >= v ? tc.words : vn.words;
    if (a > other)
        other = a;
    if (words >= LEG_REPAIR_MIN && ws >= LEG_MIN_SCORE && ws - other >= LEG_MARGIN)
        return w;
    if (dominant != TR_LEG_NONE) {
        const scorer *d = dominant == TR_LEG_TCVN3 ? &tc : &vn;
        int ds = score_permille(d), ns = dominant == TR_LEG_TCVN3 ? v : t;
        if (d->words >= 1 && ds >= LEG_MIN_SCORE && ds > a && ds >= ns)
            return dominant;
    }
    return TR_LEG_NONE;
}

int tr_legacy_repair(const char *in, size_t len, tr_buf *out, unsigned *fixed,
                     tr_legacy *which)
{
    unsigned nt = 0, nv = 0, nfix = 0;
    tr_legacy last = TR_LEG_NONE;
    /* Pass 1: which paragraphs are clearly legacy, and in what; the
     * verdicts are kept (one byte a paragraph: 0 plain, 1 candidate left
     * undecided, else 2 + encoding) so pass 2 scores only the undecided. */
    unsigned char *v = NULL;
    size_t np = 0, cap = 0;
    for (size_t i = 0; i < len;) {
        const char *nl = memchr(in + i, '\n', len - i);
        size_t e = nl ? (size_t)(nl - in) : len;
        unsigned char verdict = 0;
        if (legacy_candidate(in + i, e - i)) {
            tr_legacy j = judge(in + i, e - i, TR_LEG_NONE);
            nt += j == TR_LEG_TCVN3;
            nv += j == TR_LEG_VNI;
            verdict = j == TR_LEG_NONE ? 1 : (unsigned char)(2 + j);
        }
        if (np == cap) {
            size_t nc = cap ? 2 * cap : 64;
            unsigned char *nv2 = realloc(v, nc);
            if (!nv2) {
                free(v);
                return -1;
            }
            v = nv2;
            cap = nc;
        }
        v[np++] = verdict;
        i = e + 1;
    }
    if (nt + nv == 0) {
        free(v);
        if (fixed)
            *fixed = 0;
        return tr_buf_add(out, in, len);
    }
    /* Pass 2: convert, letting the text's dominant encoding decide the
     * paragraphs too short to decide alone ("§iÒu 1."). */
    tr_legacy dom = nt >= nv ? TR_LEG_TCVN3 : TR_LEG_VNI;
    size_t k = 0;
    for (size_t i = 0; i < len; k++) {
        const char *nl = memchr(in + i, '\n', len - i);
        size_t e = nl ? (size_t)(nl - in) : len;
        tr_legacy j = TR_LEG_NONE;
        if (v[k] >= 2)
            j = (tr_legacy)(v[k] - 2);
        else if (v[k] == 1)
            j = judge(in + i, e - i, dom);
        int r;
        if (j != TR_LEG_NONE) {
            r = tr_legacy_decode_utf8(j, in + i, e - i, out);
            nfix++;
            last = j;
        } else {
            r = tr_buf_add(out, in + i, e - i);
        }
        if (r || (nl && tr_buf_addc(out, '\n'))) {
            free(v);
            return -1;
        }
        i = e + 1;
    }
    free(v);
    if (fixed)
        *fixed = nfix;
    if (which && nfix)
        *which = last;
    return 0;
}

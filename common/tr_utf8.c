/*
 * tr_utf8 — the single gate between file bytes and the analyser.
 *
 * Decoding follows the Unicode "maximal subpart" practice (one U+FFFD per
 * maximal invalid prefix), so a damaged file loses as little text as
 * possible and the result is the same whoever decodes it.  UTF-16 is
 * recognised by its BOM or, without one, by the zero bytes that ASCII
 * letters leave in every other position: Word's "Unicode text" export
 * looks exactly like that, and indexing it as bytes would index garbage.
 */
#include "config.h"
#include "tr_utf8.h"
#include "tr_i18n.h"

#include <stdlib.h>
#include <string.h>

#include <utf8proc.h>

size_t tr_utf8_decode(const unsigned char *s, size_t len, uint32_t *cp)
{
    if (len == 0)
        return 0;
    unsigned c = s[0];
    if (c < 0x80) {
        *cp = c;
        return 1;
    }
    size_t need;
    uint32_t v;
    unsigned lo = 0x80, hi = 0xBF;   /* allowed range of the 2nd byte */
    if (c >= 0xC2 && c <= 0xDF) {
        need = 1;
        v = c & 0x1F;
    } else if (c >= 0xE0 && c <= 0xEF) {
        need = 2;
        v = c & 0x0F;
        if (c == 0xE0)
            lo = 0xA0;               /* overlong */
        else if (c == 0xED)
            hi = 0x9F;               /* surrogates */
    } else if (c >= 0xF0 && c <= 0xF4) {
        need = 3;
        v = c & 0x07;
        if (c == 0xF0)
            lo = 0x90;               /* overlong */
        else if (c == 0xF4)
            hi = 0x8F;               /* > U+10FFFF */
    } else {
        *cp = TR_UTF8_REPLACEMENT;   /* C0, C1, F5..FF, stray continuation */
        return 1;
    }
    size_t i = 1;
    for (; i <= need; i++) {
        if (i >= len) {
            *cp = TR_UTF8_REPLACEMENT;
            return i;
        }
        unsigned b = s[i];
        if (i == 1 ? (b < lo || b > hi) : (b & 0xC0) != 0x80) {
            *cp = TR_UTF8_REPLACEMENT;
            return i;
        }
        v = (v << 6) | (b & 0x3F);
    }
    *cp = v;
    return i;
}

size_t tr_utf8_encode(uint32_t cp, char out[4])
{
    if (cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
        cp = TR_UTF8_REPLACEMENT;
    if (cp < 0x80) {
        out[0] = (char)cp;
        return 1;
    }
    if (cp < 0x800) {
        out[0] = (char)(0xC0 | (cp >> 6));
        out[1] = (char)(0x80 | (cp & 0x3F));
        return 2;
    }
    if (cp < 0x10000) {
        out[0] = (char)(0xE0 | (cp >> 12));
        out[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
        out[2] = (char)(0x80 | (cp & 0x3F));
        return 3;
    }
    out[0] = (char)(0xF0 | (cp >> 18));
    out[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
    out[2] = (char)(0x80 | ((cp >> 6) & 0x3F));
    out[3] = (char)(0x80 | (cp & 0x3F));
    return 4;
}

int tr_utf8_valid(const char *s, size_t len)
{
    const unsigned char *u = (const unsigned char *)s;
    size_t i = 0;
    while (i < len) {
        if (u[i] && u[i] < 0x80) {
            i++;
            continue;
        }
        if (!u[i])
            return 0;
        uint32_t cp;
        size_t n = tr_utf8_decode(u + i, len - i, &cp);
        if (cp == TR_UTF8_REPLACEMENT &&
            !(n == 3 && u[i] == 0xEF && u[i + 1] == 0xBF && u[i + 2] == 0xBD))
            return 0;
        i += n;
    }
    return 1;
}

/* Growable output without tr_buf: this file must stand alone for the
 * fuzzer and the gate is called once per file. */
typedef struct {
    char *p;
    size_t len, cap;
} obuf;

static int oreserve(obuf *o, size_t more)
{
    if (o->len + more + 1 <= o->cap)
        return 0;
    size_t cap = o->cap ? o->cap : 256;
    while (cap < o->len + more + 1)
        cap *= 2;
    char *p = realloc(o->p, cap);
    if (!p)
        return -1;
    o->p = p;
    o->cap = cap;
    return 0;
}

/* UTF-16 without a BOM: ASCII-heavy text has a zero in every other byte.
 * Requires most of the first 4 KiB's even (or odd) bytes to be zero and
 * the other half not, which binary formats rarely manage. */
static tr_encoding sniff_utf16(const unsigned char *s, size_t len)
{
    size_t n = len < 4096 ? len : 4096, zeven = 0, zodd = 0;
    if (n < 4)
        return TR_ENC_UTF8;
    n &= ~(size_t)1;
    for (size_t i = 0; i < n; i += 2) {
        zeven += s[i] == 0;
        zodd += s[i + 1] == 0;
    }
    size_t half = n / 2;
    if (zodd * 10 >= half * 7 && zeven * 10 <= half)
        return TR_ENC_UTF16LE;
    if (zeven * 10 >= half * 7 && zodd * 10 <= half)
        return TR_ENC_UTF16BE;
    return TR_ENC_UTF8;
}

static int from_utf16(const unsigned char *s, size_t len, int be, obuf *o,
                      tr_utf8_report *rep)
{
    size_t i = 0;
    if (oreserve(o, len / 2 * 3 + 4))
        return -1;
    while (i + 1 < len) {
        uint32_t u = be ? (uint32_t)(s[i] << 8 | s[i + 1])
                        : (uint32_t)(s[i + 1] << 8 | s[i]);
        i += 2;
        if (u >= 0xD800 && u <= 0xDBFF && i + 1 < len) {
            uint32_t l = be ? (uint32_t)(s[i] << 8 | s[i + 1])
                            : (uint32_t)(s[i + 1] << 8 | s[i]);
            if (l >= 0xDC00 && l <= 0xDFFF) {
                u = 0x10000 + ((u - 0xD800) << 10) + (l - 0xDC00);
                i += 2;
            } else {
                u = TR_UTF8_REPLACEMENT;
                rep->invalid++;
            }
        } else if (u >= 0xD800 && u <= 0xDFFF) {
            u = TR_UTF8_REPLACEMENT;
            rep->invalid++;
        } else if (u == 0) {
            u = ' ';
            rep->nuls++;
        }
        if (oreserve(o, 4))
            return -1;
        o->len += tr_utf8_encode(u, o->p + o->len);
    }
    if (i < len)
        rep->invalid++;               /* odd trailing byte */
    return 0;
}

/* The end of the run of plain text from i: printable ASCII, and two- and
 * three-byte characters plainly well formed (no overlong or surrogate
 * lead byte), which is all of Vietnamese; i when s[i] starts none.  Such
 * a run is copied as it is, and only what is left goes through the
 * decoder and the counts. */
static size_t clean_run(const unsigned char *s, size_t len, size_t i)
{
    size_t e = i;
    while (e < len) {
        unsigned b = s[e];
        if (b >= 0x20 && b < 0x80)
            e++;
        else if (b >= 0xC2 && b < 0xE0 && e + 1 < len && (s[e + 1] & 0xC0) == 0x80)
            e += 2;
        else if (b > 0xE0 && b < 0xF0 && b != 0xED && e + 2 < len &&
                 (s[e + 1] & 0xC0) == 0x80 && (s[e + 2] & 0xC0) == 0x80)
            e += 3;
        else
            break;
    }
    return e;
}

int tr_utf8_clean(const char *in, size_t len, char **out, size_t *outlen,
                  tr_utf8_report *rep, const char **why)
{
    const unsigned char *s = (const unsigned char *)in;
    tr_utf8_report dummy;
    obuf o = {0};
    if (!rep)
        rep = &dummy;
    memset(rep, 0, sizeof *rep);
    *out = NULL;
    *outlen = 0;
    if (why)
        *why = NULL;

    if (len >= 2 && s[0] == 0xFF && s[1] == 0xFE) {
        rep->encoding = TR_ENC_UTF16LE;
        rep->had_bom = 1;
        s += 2, len -= 2;
    } else if (len >= 2 && s[0] == 0xFE && s[1] == 0xFF) {
        rep->encoding = TR_ENC_UTF16BE;
        rep->had_bom = 1;
        s += 2, len -= 2;
    } else if (len >= 3 && s[0] == 0xEF && s[1] == 0xBB && s[2] == 0xBF) {
        rep->had_bom = 1;
        s += 3, len -= 3;
    } else {
        rep->encoding = sniff_utf16(s, len);
    }

    if (rep->encoding != TR_ENC_UTF8) {
        if (from_utf16(s, len, rep->encoding == TR_ENC_UTF16BE, &o, rep))
            goto oom;
    } else {
        /* Control bytes other than tab/CR/LF/FF/VT and ESC are rare in
         * text and common in binaries; so are NULs. */
        size_t ctl = 0, i = 0;
        if (oreserve(&o, len))
            goto oom;
        while (i < len) {
            unsigned c = s[i];
            size_t e = clean_run(s, len, i);
            if (e > i) {                 /* copy a run of plain text at once */
                /* reserve again: replacement characters (3 bytes for 1)
                 * may have grown the output past the input's length */
                if (oreserve(&o, e - i))
                    goto oom;
                memcpy(o.p + o.len, s + i, e - i);
                o.len += e - i;
                i = e;
                continue;
            }
            if (c < 0x20) {
                if (c == 0) {
                    rep->nuls++;
                    c = ' ';
                } else if (c != '\t' && c != '\n' && c != '\r' && c != '\f' &&
                           c != '\v' && c != 0x1B) {
                    ctl++;
                }
                if (oreserve(&o, 1))
                    goto oom;
                o.p[o.len++] = (char)c;
                i++;
                continue;
            }
            uint32_t cp;
            size_t n = tr_utf8_decode(s + i, len - i, &cp);
            if (cp == TR_UTF8_REPLACEMENT &&
                !(n == 3 && s[i] == 0xEF && s[i + 1] == 0xBF && s[i + 2] == 0xBD))
                rep->invalid++;
            if (oreserve(&o, 4))
                goto oom;
            if (cp == TR_UTF8_REPLACEMENT) {
                o.len += tr_utf8_encode(cp, o.p + o.len);
            } else {
                memcpy(o.p + o.len, s + i, n);   /* valid: copy as is */
                o.len += n;
            }
            i += n;
        }
        /* Text may be damaged here and there; a file where one byte in
         * eight is a NUL or a stray control byte, or one in four cannot be
         * decoded, is not text.  (Undecodable bytes get more slack: one
         * damaged 4-byte character in a short note is still a note.) */
        size_t bad = rep->nuls + ctl + rep->invalid;
        if (len >= 16 && ((rep->nuls + ctl) * 8 > len || rep->invalid * 4 > len)) {
            free(o.p);
            rep->encoding = TR_ENC_BINARY;
            if (why)
                *why = rep->nuls * 2 > bad ? tr_lmsg("binary file (NUL bytes)")
                       : rep->invalid * 2 > bad ? tr_lmsg("binary file (not UTF-8 or UTF-16 text)")
                       : tr_lmsg("binary file (control bytes)");
            return -1;
        }
    }
    if (oreserve(&o, 0))
        goto oom;
    o.p[o.len] = '\0';
    *out = o.p;
    *outlen = o.len;
    return 0;
oom:
    free(o.p);
    return -2;
}

size_t tr_utf8_width(const char *s, size_t len)
{
    size_t i = 0, w = 0;
    while (i < len) {
        uint32_t cp;
        i += tr_utf8_decode((const unsigned char *)s + i, len - i, &cp);
        int cw = utf8proc_charwidth((utf8proc_int32_t)cp);
        w += cw > 0 ? (size_t)cw : 0;
    }
    return w;
}

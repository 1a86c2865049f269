/*
 * tr_html_charset.c — the bytes of an HTML page to UTF-8, for
 * tr_extract_html.c (see tr_html_charset.h for the rule).
 *
 * Kept apart from the tree walk because the rule is the browsers' and not
 * libxml2's: libxml2 is handed UTF-8 and told to ignore the page's own
 * declaration, so that a wrong or missing declaration is handled here, in
 * one place, the same way for every page.
 */
#include "tr_html_charset.h"

#include <ctype.h>
#include <errno.h>
#include <iconv.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "tr_utf8.h"

/* The charset a <meta> names in the first 4 KB, into cs; 0 if none. */
static int meta_charset(const char *d, size_t len, char *cs, size_t cssz)
{
    size_t n = len < 4096 ? len : 4096;
    for (size_t i = 0; i + 5 < n; i++) {
        if (d[i] != '<' || strncasecmp(d + i + 1, "meta", 4))
            continue;
        size_t e = i;
        while (e < n && d[e] != '>')
            e++;
        for (size_t k = i; k + 8 <= e; k++)
            if (!strncasecmp(d + k, "charset", 7)) {
                size_t v = k + 7;
                while (v < e && (d[v] == ' ' || d[v] == '='))
                    v++;
                while (v < e && (d[v] == '"' || d[v] == '\''))
                    v++;
                size_t m = 0;
                while (v < e && m + 1 < cssz &&
                       (isalnum((unsigned char)d[v]) || d[v] == '-' || d[v] == '_' ||
                        d[v] == ':' || d[v] == '.'))
                    cs[m++] = d[v++];
                cs[m] = 0;
                if (m)
                    return 1;
            }
    }
    return 0;
}

/* Appends U+FFFD; -1 on OOM. */
static int add_repl(tr_buf *o)
{
    return tr_buf_add(o, "\xEF\xBF\xBD", 3);
}

/* UTF-8 with invalid sequences replaced and NULs as spaces. */
static int clean_utf8(const char *d, size_t len, tr_buf *o)
{
    size_t i = 0;
    if (tr_buf_reserve(o, len))
        return -1;
    while (i < len) {
        uint32_t cp;
        size_t k = tr_utf8_decode((const unsigned char *)d + i, len - i, &cp);
        int r;
        if (cp == 0)
            r = tr_buf_addc(o, ' ');
        else if (cp == TR_UTF8_REPLACEMENT && !(k == 3 && !memcmp(d + i, "\xEF\xBF\xBD", 3)))
            r = add_repl(o);
        else
            r = tr_buf_add(o, d + i, k);
        if (r)
            return -1;
        i += k;
    }
    return 0;
}

/* Converts with iconv; 1 when the charset is unknown to iconv. */
static int convert(const char *cs, const char *d, size_t len, tr_buf *o)
{
    iconv_t cd = iconv_open("UTF-8", cs);
    if (cd == (iconv_t)-1)
        return 1;
    char *ip = (char *)d;
    size_t il = len;
    while (il > 0) {
        if (tr_buf_reserve(o, il * 3 + 16)) {
            iconv_close(cd);
            return -1;
        }
        char *op = o->data + o->len;
        size_t ol = o->cap - o->len - 1;
        size_t r = iconv(cd, &ip, &il, &op, &ol);
        o->len = (size_t)(op - o->data);
        if (r == (size_t)-1 && errno != E2BIG) {
            /* an invalid or truncated sequence: one replacement, skip a byte */
            if (add_repl(o)) {
                iconv_close(cd);
                return -1;
            }
            ip++;
            il--;
            iconv(cd, NULL, NULL, NULL, NULL);
        }
    }
    /* flush a base letter windows-1258 holds back for a tone */
    if (tr_buf_reserve(o, 16) == 0) {
        char *op = o->data + o->len;
        size_t ol = o->cap - o->len - 1;
        iconv(cd, NULL, NULL, &op, &ol);
        o->len = (size_t)(op - o->data);
    }
    o->data[o->len] = 0;
    iconv_close(cd);
    /* NULs: spaces, as everywhere else */
    for (size_t i = 0; i < o->len; i++)
        if (!o->data[i])
            o->data[i] = ' ';
    return 0;
}

int tr_html_to_utf8(const char *d, size_t len, tr_buf *o, const char **cs_out)
{
    char cs[48];
    if (len >= 3 && !memcmp(d, "\xEF\xBB\xBF", 3)) {
        *cs_out = "UTF-8";
        return clean_utf8(d + 3, len - 3, o);
    }
    if (len >= 2 && (!memcmp(d, "\xFF\xFE", 2) || !memcmp(d, "\xFE\xFF", 2))) {
        *cs_out = d[0] == '\xFF' ? "UTF-16LE" : "UTF-16BE";
        return convert(*cs_out, d + 2, len - 2, o) < 0 ? -1 : 0;
    }
    int has_meta = meta_charset(d, len, cs, sizeof cs);
    if (has_meta) {
        /* x-user-defined is a binary hack; a UTF-16 page has a BOM, a meta
         * saying so in ASCII bytes is wrong: both read as UTF-8 */
        if (!strcasecmp(cs, "utf-8") || !strcasecmp(cs, "utf8") ||
            !strcasecmp(cs, "x-user-defined") || !strncasecmp(cs, "utf-16", 6)) {
            *cs_out = "UTF-8";
            return clean_utf8(d, len, o);
        }
        /* browsers read latin1/iso-8859-1/us-ascii as windows-1252 */
        if (!strcasecmp(cs, "iso-8859-1") || !strcasecmp(cs, "latin1") ||
            !strcasecmp(cs, "us-ascii") || !strcasecmp(cs, "ascii"))
            snprintf(cs, sizeof cs, "WINDOWS-1252");
        int r = convert(cs, d, len, o);
        if (r <= 0) {
            /* the legacy Vietnamese charsets are worth reporting */
            *cs_out = !strcasecmp(cs, "windows-1258") || !strcasecmp(cs, "cp1258") ? "CP1258"
                      : !strcasecmp(cs, "viscii")                                 ? "VISCII"
                      : !strncasecmp(cs, "tcvn", 4)                              ? "TCVN3"
                                                                                  : "meta";
            return r;
        }
        tr_buf_clear(o);    /* unknown to iconv */
    } else if (!tr_utf8_valid(d, len)) {
        int r = convert("WINDOWS-1252", d, len, o);
        *cs_out = "WINDOWS-1252";
        if (r <= 0)
            return r;
        tr_buf_clear(o);
    }
    *cs_out = "UTF-8";
    return clean_utf8(d, len, o);
}


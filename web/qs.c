/*
 * qs.c — the query string, decoded once, before any page sees it.
 *
 * The bytes come straight from the request line, so everything here is
 * hostile input (fuzzed by fuzz/fuzz_qs.c).  The rules, from web.h:
 * pieces are split on '&', the first '=' splits key from value, '+' is a
 * space and %XX a byte; a '%' not followed by two hex digits is kept as
 * typed (browsers send "100%" unescaped now and then, and dropping it
 * would change the query); a pair whose key or value decodes to a NUL
 * byte is dropped whole, because every consumer downstream takes C
 * strings and a silently truncated value could mean something else.
 * Empty pieces ("a=1&&b=2", a trailing '&') are not pairs.  Decoded bytes
 * need not be valid UTF-8: escaping (escape.c) and the query parser cope.
 *
 * The count is capped by the caller (server.c asks for one more than it
 * accepts, to tell "too many" from "exactly the limit").
 */
#include "web.h"

#include <stdlib.h>
#include <string.h>

static int hexval(unsigned char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

/* Decodes s[0..len) into a malloc'd string.  *nul is set when the result
 * would hold a NUL byte (the string is then freed and NULL returned, with
 * *nul telling it apart from OOM). */
static char *decode(const char *s, size_t len, int plus, int *nul)
{
    char *out = malloc(len + 1), *o = out;
    *nul = 0;
    if (!out)
        return NULL;
    for (size_t i = 0; i < len; i++) {
        unsigned char c = (unsigned char)s[i];
        int hi, lo;
        if (c == '%' && i + 2 < len && (hi = hexval((unsigned char)s[i + 1])) >= 0 &&
            (lo = hexval((unsigned char)s[i + 2])) >= 0) {
            c = (unsigned char)(hi << 4 | lo);
            i += 2;
        } else if (c == '+' && plus) {
            c = ' ';
        }
        if (c == '\0') {
            free(out);
            *nul = 1;
            return NULL;
        }
        *o++ = (char)c;
    }
    *o = '\0';
    return out;
}

char *wb_pct_decode(const char *s, size_t len)
{
    int nul;
    return decode(s, len, 0, &nul);
}

void wb_args_free(wb_kv *args, size_t nargs)
{
    if (!args)
        return;
    for (size_t i = 0; i < nargs; i++) {
        free(args[i].key);
        free(args[i].value);
    }
    free(args);
}

int wb_qs_parse(const char *qs, size_t len, size_t max_args, wb_kv **args,
                size_t *nargs)
{
    wb_kv *v = NULL;
    size_t n = 0, cap = 0;
    *args = NULL;
    *nargs = 0;
    size_t i = 0;
    while (i < len && n < max_args) {
        const char *piece = qs + i;
        const char *amp = memchr(piece, '&', len - i);
        size_t plen = amp ? (size_t)(amp - piece) : len - i;
        i += plen + 1;
        if (plen == 0)
            continue;
        const char *eq = memchr(piece, '=', plen);
        size_t klen = eq ? (size_t)(eq - piece) : plen;
        int knul, vnul = 0;
        char *k = decode(piece, klen, 1, &knul), *val = NULL;
        if (k)
            val = eq ? decode(eq + 1, plen - klen - 1, 1, &vnul) : strdup("");
        if (!k || !val) {
            free(k);
            free(val);
            if (knul || vnul)
                continue;          /* a NUL byte: drop the pair */
            goto oom;
        }
        if (n == cap) {
            size_t nc = cap ? cap * 2 : 8;
            wb_kv *nv = realloc(v, nc * sizeof *nv);
            if (!nv) {
                free(k);
                free(val);
                goto oom;
            }
            v = nv;
            cap = nc;
        }
        v[n].key = k;
        v[n].value = val;
        n++;
    }
    *args = v;
    *nargs = n;
    return 0;
oom:
    wb_args_free(v, n);
    return -1;
}

const char *wb_arg(const wb_req *r, const char *key)
{
    for (size_t i = 0; i < r->nargs; i++)
        if (strcmp(r->args[i].key, key) == 0)
            return r->args[i].value;
    return NULL;
}

/*
 * json.c — writing JSON strings that always parse.
 *
 * File names and document text come from outside and may hold invalid
 * UTF-8 or control bytes; the --json contract promises output that any
 * parser accepts, so every string goes through here.
 */
#include "searcher.h"

#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "tr_utf8.h"

int sx_json_str(tr_buf *b, const char *s, size_t len)
{
    if (tr_buf_addc(b, '"'))
        return -1;
    const unsigned char *p = (const unsigned char *)s;
    size_t i = 0;
    while (i < len) {
        unsigned char c = p[i];
        if (c < 0x80) {
            char esc[8];
            const char *e = NULL;
            switch (c) {
            case '"': e = "\\\""; break;
            case '\\': e = "\\\\"; break;
            case '\n': e = "\\n"; break;
            case '\r': e = "\\r"; break;
            case '\t': e = "\\t"; break;
            default:
                if (c < 0x20 || c == 0x7f) {
                    snprintf(esc, sizeof esc, "\\u%04x", c);
                    e = esc;
                }
            }
            if (e ? tr_buf_adds(b, e) : tr_buf_addc(b, (char)c))
                return -1;
            i++;
            continue;
        }
        uint32_t cp;
        size_t n = tr_utf8_decode(p + i, len - i, &cp);
        char out[4];
        size_t k = tr_utf8_encode(cp, out);
        if (tr_buf_add(b, out, k))
            return -1;
        i += n;
    }
    return tr_buf_addc(b, '"');
}

int sx_json_cstr(tr_buf *b, const char *s)
{
    return s ? sx_json_str(b, s, strlen(s)) : tr_buf_adds(b, "null");
}

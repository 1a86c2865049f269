/*
 * escape.c — text into HTML and into URLs.
 *
 * Everything shown on a page (document titles, snippets, the query typed)
 * went through files and requests nobody vetted, so the page writers call
 * these for every byte they did not write themselves.  One function for
 * text and quoted attributes: escaping ' and " too costs nothing and
 * removes the "which context am I in" question.
 *
 * The output is always valid UTF-8: invalid sequences become U+FFFD
 * (maximal-subpart, through tr_utf8_decode, the same rule as the
 * indexer's gate), and so do the control characters HTML calls parse
 * errors — C0 other than \n and \t (web.h), and also DEL and the C1 range
 * U+0080..U+009F, which only ever come from mis-decoded windows-1252 and
 * which some browsers render as invisible or odd glyphs.
 */
#include "web.h"

#include <string.h>

#include "tr_utf8.h"

static const char FFFD[] = "\xef\xbf\xbd";

int wb_html(tr_buf *b, const char *s, size_t len)
{
    const unsigned char *p = (const unsigned char *)s;
    size_t i = 0;
    /* about right for text with a few entities: one reserve, rarely two */
    if (tr_buf_reserve(b, len + len / 8 + 8))
        return -1;
    b->data[b->len] = '\0';   /* reserve alone does not terminate: s may be empty */
    while (i < len) {
        /* fast path: a run of plain ASCII that needs nothing */
        size_t j = i;
        while (j < len && p[j] >= 0x20 && p[j] < 0x7f && p[j] != '&' && p[j] != '<' &&
               p[j] != '>' && p[j] != '"' && p[j] != '\'')
            j++;
        if (j > i && tr_buf_add(b, s + i, j - i))
            return -1;
        i = j;
        if (i >= len)
            break;
        uint32_t cp;
        size_t n = tr_utf8_decode(p + i, len - i, &cp);
        const char *rep = NULL;
        switch (cp) {
        case '&': rep = "&amp;"; break;
        case '<': rep = "&lt;"; break;
        case '>': rep = "&gt;"; break;
        case '"': rep = "&quot;"; break;
        case '\'': rep = "&#39;"; break;
        case '\n': rep = "\n"; break;
        case '\t': rep = "\t"; break;
        default:
            if (cp < 0x20 || (cp >= 0x7f && cp <= 0x9f) || cp == TR_UTF8_REPLACEMENT)
                rep = FFFD;
        }
        if (rep ? tr_buf_adds(b, rep) : tr_buf_add(b, s + i, n))
            return -1;
        i += n;
    }
    return 0;
}

int wb_htmls(tr_buf *b, const char *s)
{
    return s ? wb_html(b, s, strlen(s)) : 0;
}

int wb_url(tr_buf *b, const char *s, size_t len)
{
    static const char hex[] = "0123456789ABCDEF";
    if (tr_buf_reserve(b, len))
        return -1;
    b->data[b->len] = '\0';
    for (size_t i = 0; i < len; i++) {
        unsigned char c = (unsigned char)s[i];
        if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
            c == '-' || c == '.' || c == '_' || c == '~') {
            if (tr_buf_addc(b, (char)c))
                return -1;
        } else {
            char e[3] = {'%', hex[c >> 4], hex[c & 15]};
            if (tr_buf_add(b, e, 3))
                return -1;
        }
    }
    return 0;
}

int wb_urls(tr_buf *b, const char *s)
{
    return s ? wb_url(b, s, strlen(s)) : 0;
}

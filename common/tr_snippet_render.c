/*
 * tr_snippet_render — the passage as one readable line.
 *
 * Stored text keeps the author's layout and noise (line breaks, runs of
 * blanks, markdown emphasis, footnote superscripts, soft hyphens); a
 * result list wants one clean line with the matches marked, and the
 * markers must land exactly around the highlighted bytes even when noise
 * is dropped inside or next to them.
 */
#include "tr_snippet.h"

#include <stdint.h>
#include <string.h>

#include "tr_snippet_int.h"

/* Bytes of noise at t that a reader should not see: markdown emphasis,
 * footnote superscripts, soft hyphens, zero-width joiners.  0 = keep. */
static size_t noise_len(const char *t, size_t avail, uint32_t cp, size_t n, const uint32_t *word,
                        size_t wl)
{
    if (cp == '*' || cp == '#')
        return 1;
    if ((cp == '~' || cp == '\\') && avail >= 2 &&
        (t[1] == '~' || (cp == '\\' && (t[1] == '*' || t[1] == '#'))))
        return 2;
    /* m², km², cm³ are units, not footnotes ("chậm²" is one). */
    if ((cp == 0xB2 || cp == 0xB3) && wl >= 1 && wl <= 2 && word[wl - 1] == 'm' &&
        (wl == 1 || word[0] == 'k' || word[0] == 'c' || word[0] == 'd' || word[0] == 'm'))
        return 0;
    if (cp == 0xAD || cp == 0xB2 || cp == 0xB3 || cp == 0xB9 ||
        (cp >= 0x2070 && cp <= 0x209F) || cp == 0x200C || cp == 0x200D)
        return n;
    return 0;
}

int tr_snippet_render(const char *text, const tr_snippet *s, const char *open,
                      const char *close, tr_buf *out)
{
    size_t p = s->start, end = s->start + s->len, k = 0;
    int in = 0, pend = 0, space = 0, any = 0;
    uint32_t word[3];   /* the word being written, for noise_len */
    size_t wl = 0;
    if (s->cut_before && tr_buf_adds(out, "\xe2\x80\xa6 "))
        return -1;
    for (;;) {
        if (in && p >= s->hl[k].start + s->hl[k].len) {
            if (!pend && tr_buf_adds(out, close))
                return -1;
            in = pend = 0;
            k++;
        }
        while (!in && k < s->nhl && s->hl[k].start < p &&
               s->hl[k].start + s->hl[k].len <= p)
            k++;
        if (!in && k < s->nhl && p >= s->hl[k].start) {
            in = 1;
            pend = 1;   /* opened before the first visible character */
        }
        if (p >= end)
            break;
        size_t n, d;
        uint32_t cp = tr_sn_cp_at(text, end, p, &n);
        if (tr_sn_is_blank(cp) || cp < 0x20 || cp == 0x7F) {
            space = any;
            wl = 0;
            p += n;
            continue;
        }
        if ((d = noise_len(text + p, end - p, cp, n, word, wl)) > 0) {
            p += d;
            continue;
        }
        if (space && tr_buf_addc(out, ' '))
            return -1;
        space = 0;
        if (pend && tr_buf_adds(out, open))
            return -1;
        pend = 0;
        if (tr_buf_add(out, text + p, n))
            return -1;
        any = 1;
        if (!tr_sn_is_content(cp))
            wl = 0;
        else if (wl < 3)
            word[wl++] = cp;
        p += n;
    }
    if (in && !pend && tr_buf_adds(out, close))
        return -1;
    if (s->cut_after && tr_buf_adds(out, any ? " \xe2\x80\xa6" : "\xe2\x80\xa6"))
        return -1;
    return 0;
}

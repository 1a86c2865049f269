/*
 * tr_extract_text.c — plain text in any encoding a Vietnamese office used.
 *
 * UTF-8 (and UTF-16 with or without BOM) goes through the UTF-8 gate as it
 * always did.  Bytes that are not UTF-8 are either a damaged UTF-8 file (a
 * few bad bytes among many good multi-byte characters: the gate replaces
 * them) or 8-bit text from before Unicode: TCVN3, VNI, VISCII, VPS or
 * Windows-1258.  For those tr_legacy_detect() scores every decoding by the
 * share of Vietnamese syllables and takes a clear winner; an undecidable
 * file is read as Windows-1252 and the result says so.
 */
#include "config.h"
#include "tr_extract.h"
#include "tr_i18n.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tr_legacy.h"
#include "tr_utf8.h"

static int fail(char *err, size_t errsz, const char *msg)
{
    if (errsz)
        snprintf(err, errsz, "%s", msg);
    return TR_EX_FAIL;
}

/* Counts what decides between "damaged UTF-8" and "another encoding":
 * well-formed multi-byte sequences against bytes >= 0x80 that are not
 * part of one. */
static void count_utf8(const unsigned char *s, size_t n, size_t *good, size_t *bad)
{
    *good = *bad = 0;
    for (size_t i = 0; i < n;) {
        if (s[i] < 0x80) {
            i++;
            continue;
        }
        uint32_t cp;
        size_t k = tr_utf8_decode(s + i, n - i, &cp);
        if (cp == TR_UTF8_REPLACEMENT && !(k == 3 && s[i] == 0xEF))
            (*bad)++;
        else
            (*good)++;
        i += k;
    }
}

/* Binary content has NULs and C0 control bytes; legacy text has neither
 * (VISCII's six capitals in the C0 range excepted). */
static const char *binary_why(const unsigned char *s, size_t n)
{
    size_t nul = 0, ctl = 0;
    for (size_t i = 0; i < n; i++) {
        unsigned c = s[i];
        if (c == 0)
            nul++;
        else if (c < 0x20 && c != '\t' && c != '\n' && c != '\r' && c != '\f' &&
                 c != '\v' && c != 0x1B && c != 0x02 && c != 0x05 && c != 0x06 &&
                 c != 0x14 && c != 0x19 && c != 0x1E)
            ctl++;
    }
    if (n >= 16 && (nul + ctl) * 8 > n)
        return nul >= ctl ? tr_lmsg("binary file (NUL bytes)") : tr_lmsg("binary file (control bytes)");
    return NULL;
}

/* Takes the gate's output as the text (no copy) and says what the gate
 * did. */
static int adopt(tr_extracted *x, char *out, size_t olen, const tr_utf8_report *rep)
{
    tr_buf_free(&x->text);
    x->text.data = out;
    x->text.len = olen;
    x->text.cap = olen + 1;
    char msg[128];
    if (rep->encoding == TR_ENC_UTF16LE || rep->encoding == TR_ENC_UTF16BE) {
        snprintf(msg, sizeof msg, tr_lmsg("converted from UTF-16%s"),
                 rep->encoding == TR_ENC_UTF16LE ? "LE" : "BE");
        if (tr_extracted_note(x, msg))
            return TR_EX_NOMEM;
    }
    if (rep->invalid) {
        snprintf(msg, sizeof msg, tr_lmsg("%zu invalid UTF-8 sequence(s) replaced by U+FFFD"),
                 rep->invalid);
        if (tr_extracted_note(x, msg))
            return TR_EX_NOMEM;
    }
    if (rep->nuls) {
        snprintf(msg, sizeof msg, tr_lmsg("%zu NUL byte(s) treated as spaces"), rep->nuls);
        if (tr_extracted_note(x, msg))
            return TR_EX_NOMEM;
    }
    return TR_EX_OK;
}

int tr_extract_text(const char *data, size_t len, const tr_extract_opts *o,
                    tr_extracted *x, char *err, size_t errsz)
{
    (void)o;
    const unsigned char *s = (const unsigned char *)data;
    x->extractor = "text";
    int bom = (len >= 2 && ((s[0] == 0xFF && s[1] == 0xFE) || (s[0] == 0xFE && s[1] == 0xFF))) ||
              (len >= 3 && s[0] == 0xEF && s[1] == 0xBB && s[2] == 0xBF);
    /* The gate first: almost every file is UTF-8 (or UTF-16, which it
     * sniffs), and then one pass over the bytes is all it costs. */
    char *out;
    size_t olen;
    tr_utf8_report rep;
    const char *why = NULL;
    int rc = tr_utf8_clean(data, len, &out, &olen, &rep, &why);
    if (rc == -2)
        return TR_EX_NOMEM;
    if (rc == 0 && (rep.invalid == 0 || rep.encoding != TR_ENC_UTF8 || bom))
        return adopt(x, out, olen, &rep);
    /* Bytes that are not UTF-8: damaged UTF-8 (a few bad bytes among good
     * multi-byte characters), binary, or 8-bit text from before Unicode. */
    size_t good, bad;
    count_utf8(s, len, &good, &bad);
    if (rc == 0 && (good >= bad || rep.nuls))
        return adopt(x, out, olen, &rep);
    free(out);
    if (rc == -1 && (bom || rep.nuls || good >= bad))
        return fail(err, errsz, why ? why : tr_lmsg("not text"));
    why = binary_why(s, len);
    if (why)
        return fail(err, errsz, why);
    tr_legacy_guess g;
    tr_legacy_detect(data, len, &g);
    if (tr_legacy_decode(g.enc, data, len, &x->text))
        return TR_EX_NOMEM;
    snprintf(x->enc.name, sizeof x->enc.name, "%s", tr_legacy_name(g.enc));
    x->enc.score = g.score;
    char msg[160];
    if (g.decided)
        snprintf(msg, sizeof msg, tr_lmsg("8-bit text decoded as %s (%d‰ Vietnamese syllables; next best %d‰)"),
                 tr_legacy_name(g.enc), g.score, g.runner_up);
    else
        snprintf(msg, sizeof msg, tr_lmsg("8-bit text of undecidable encoding read as Windows-1252 "
                 "(best Vietnamese decoding %d‰)"), g.runner_up);
    if (tr_extracted_note(x, msg))
        return TR_EX_NOMEM;
    /* The decoders emit valid UTF-8, but control bytes survive: let the
     * gate see the result like any other text. */
    char *clean;
    size_t clen;
    rc = tr_utf8_clean(x->text.data, x->text.len, &clean, &clen, &rep, &why);
    if (rc == -2)
        return TR_EX_NOMEM;
    if (rc == -1)
        return fail(err, errsz, why ? why : tr_lmsg("not text"));
    return adopt(x, clean, clen, &rep);
}

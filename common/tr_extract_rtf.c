/*
 * tr_extract_rtf.c — the text of an RTF file, by a small streaming reader
 * of our own.
 *
 * Why our own: Debian has no maintained C library that turns RTF into text
 * (librtf/unrtf are programs, not libraries, and get code pages and \uN
 * wrong), and what we need is a small subset of the format: one pass over
 * the bytes with a stack of group states, no layout.
 *
 * The design, in the order the bytes are met:
 *   - groups '{' '}' push and pop a state (font, \ucN, destination); the
 *     stack is capped at TR_RTF_DEPTH so that a file of a million '{' costs
 *     nothing ("RTF nested too deeply");
 *   - a destination says where text goes: the body, the title/author of
 *     \info, a font name of \fonttbl, the "aside" buffer (footnotes, page
 *     headers and footers, appended after the body: inline they would cut a
 *     sentence, or the letterhead, in two), or nowhere (\*\ unknown
 *     destinations, colour and style tables, pictures, objects, \fldinst…);
 *   - characters go through one function per kind: put_cp() takes a code
 *     point, put_byte() a byte of the current font's code page.  A byte of a
 *     run whose font is a legacy Vietnamese font (.VnTime, VNI-Times…, by
 *     tr_legacy_font) is not decoded by the code page but collected, and the
 *     collected run is converted by tr_legacy_decode when something else
 *     comes (another font, a paragraph end, a code point);
 *   - code pages: the document's \ansicpgN, overridden per font by \fcharset
 *     and \cpg in \fonttbl; 1252 and 1258 from built-in tables, other
 *     single-byte pages through an iconv(3) table built on first use;
 *     multi-byte Asian pages are not decoded (U+FFFD);
 *   - the whole text is put in NFC at the end, which also composes the
 *     base letters and combining tones of Windows-1258.
 *
 * TCVN3 and the soft hyphen: the TCVN3 byte of "ư" is 0xAD, the soft
 * hyphen of Windows-1252.  A writer that only sees Unicode (LibreOffice)
 * writes that character as the control symbol \- (optional hyphen), Word
 * as \'ad.  Vietnamese syllables are never hyphenated, so in a legacy-font
 * run both \'ad and \- are the byte 0xAD; elsewhere \- is dropped.
 *
 * Limits: o->max_text is a failure ("extracted text over N MB"), not a
 * truncation: a document that large is a generated file, not a report.
 * The reader keeps no global state and is thread-safe (iconv handles are
 * per call).
 */
#include "config.h"
#include "tr_extract.h"
#include "tr_i18n.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

#include "tr_legacy.h"
#include "tr_rtf_int.h"
#include "tr_utf8.h"

#define TR_RTF_DEPTH 1000
#define TR_RTF_FONTS 4096       /* fonts kept from \fonttbl */

/* Where text goes. */
enum { D_BODY, D_SKIP, D_TITLE, D_AUTHOR, D_FONT, D_ASIDE, D_COUNT };
/* What a group is, beyond where its text goes. */
enum { G_NONE, G_FONTTBL, G_INFO, G_CREATIM, G_OBJECT, G_SHPINST, G_UPR };

typedef struct {
    int font;           /* \fN, -1 before any */
    unsigned char live; /* the text destination around a skipped one */
    unsigned char hidden;   /* \v: hidden text, not what a reader sees */
    int uc;             /* fallback bytes after \uN */
    unsigned char dest, kind;
} rtf_state;

typedef struct {
    int num;
    int cpg;            /* from \fcharset / \cpg, 0: the document's */
    tr_legacy leg;
    char name[64];
} rtf_font;

typedef struct {
    const char *p, *end;
    rtf_state st[TR_RTF_DEPTH];
    int depth;
    tr_buf out[D_COUNT];
    int doc_cpg, deff;
    rtf_font *fonts;
    int nfonts;
    rtf_font *fdef;             /* the font being defined in \fonttbl */
    size_t fname_len;
    const rtf_font *cur;        /* cache: font of the current state */
    int cur_num, cur_ok;
    tr_rtf_cpcache cps;         /* iconv-built code pages */
    int skip_fallback;          /* bytes still to skip after \uN */
    uint32_t high;              /* a pending high surrogate */
    tr_buf leg;                 /* pending legacy bytes */
    tr_legacy leg_enc;
    int leg_dest;
    unsigned leg_runs[TR_LEG_COUNT];
    int yr, mo, dy;
    size_t max_text;
    int nomem, over;
} rtf;

static const rtf_font *font_of(rtf *r, int num)
{
    if (r->cur_ok && r->cur_num == num)
        return r->cur;
    r->cur = NULL;
    r->cur_num = num;
    r->cur_ok = 1;
    for (int i = 0; i < r->nfonts; i++)
        if (r->fonts[i].num == num)
            r->cur = &r->fonts[i];     /* the last definition wins */
    return r->cur;
}

static void add(rtf *r, int dest, const char *s, size_t n)
{
    if (dest == D_SKIP || dest == D_FONT)
        return;
    tr_buf *b = &r->out[dest];
    if (tr_buf_add(b, s, n))
        r->nomem = 1;
    if (r->out[D_BODY].len + r->out[D_ASIDE].len > r->max_text)
        r->over = 1;
}

static void flush_legacy(rtf *r)
{
    if (!r->leg.len)
        return;
    tr_buf tmp = {0};
    if (tr_legacy_decode(r->leg_enc, r->leg.data, r->leg.len, &tmp))
        r->nomem = 1;
    else
        add(r, r->leg_dest, tmp.data ? tmp.data : "", tmp.len);
    tr_buf_free(&tmp);
    r->leg_runs[r->leg_enc]++;
    tr_buf_clear(&r->leg);
}

static void put_cp(rtf *r, uint32_t cp)
{
    int dest = r->st[r->depth].dest;
    if (dest == D_SKIP || (r->st[r->depth].hidden && dest != D_FONT))
        return;
    flush_legacy(r);
    if (r->high) {      /* a high surrogate not followed by its low half */
        r->high = 0;
        put_cp(r, TR_UTF8_REPLACEMENT);
    }
    if (cp == 0)
        return;
    if (dest == D_FONT) {   /* font names: ASCII is enough to recognise them */
        if (r->fdef && r->fname_len + 1 < sizeof r->fdef->name && cp < 0x80)
            r->fdef->name[r->fname_len++] = (char)cp;
        return;
    }
    char u[4];
    add(r, dest, u, tr_utf8_encode(cp, u));
}

/* The name of the font being defined is complete. */
static void end_font(rtf *r)
{
    if (r->fdef) {
        r->fdef->name[r->fname_len] = 0;
        r->fdef->leg = tr_legacy_font(r->fdef->name);
        r->cur_ok = 0;
    }
    r->fdef = NULL;
}

/* A byte of text (plain or \'hh) in the current font. */
static void put_byte(rtf *r, unsigned char b)
{
    rtf_state *s = &r->st[r->depth];
    if (r->skip_fallback > 0) {
        r->skip_fallback--;
        return;
    }
    if (s->dest == D_SKIP || (s->hidden && s->dest != D_FONT))
        return;
    if (s->dest == D_FONT) {
        if (b == ';')
            end_font(r);
        else if (b != ' ' || r->fname_len)
            put_cp(r, b);
        return;
    }
    const rtf_font *f = s->font >= 0 ? font_of(r, s->font) : NULL;
    if (f && f->leg != TR_LEG_NONE) {
        if (r->leg.len && (r->leg_enc != f->leg || r->leg_dest != s->dest))
            flush_legacy(r);
        r->leg_enc = f->leg;
        r->leg_dest = s->dest;
        if (tr_buf_addc(&r->leg, (char)b))
            r->nomem = 1;
        return;
    }
    if (b < 0x80) {
        put_cp(r, b);
        return;
    }
    put_cp(r, tr_rtf_byte(&r->cps, f && f->cpg ? f->cpg : r->doc_cpg, b));
}

/* \uN: a UTF-16 code unit; pairs of surrogates make one code point. */
static void put_u16(rtf *r, long n)
{
    r->skip_fallback = r->st[r->depth].uc;
    if (n < -32768 || n > 65535)     /* not a 16-bit value */
        n = TR_UTF8_REPLACEMENT;
    uint32_t u = (uint32_t)(n < 0 ? n + 65536 : n);
    rtf_state *s = &r->st[r->depth];
    if (u >= 0xDC00 && u < 0xE000 && r->high) {
        uint32_t cp = 0x10000 + ((r->high - 0xD800) << 10) + (u - 0xDC00);
        r->high = 0;
        put_cp(r, cp);
        return;
    }
    if (u >= 0xD800 && u < 0xDC00) {
        if (r->high)
            put_cp(r, TR_UTF8_REPLACEMENT);
        r->high = u;
        return;
    }
    if (u >= 0xD800 && u < 0xE000)
        u = TR_UTF8_REPLACEMENT;
    /* in a legacy run, a \u of a Windows-1252 character is its byte (what
     * Word writes for bytes outside the document's code page) */
    const rtf_font *f = s->font >= 0 ? font_of(r, s->font) : NULL;
    if (f && f->leg != TR_LEG_NONE && s->dest != D_SKIP && s->dest != D_FONT) {
        int b = u < 0x100 ? (int)u : tr_rtf_cp1252_byte(u);
        if (b >= 0) {
            int keep = r->skip_fallback;
            r->skip_fallback = 0;
            put_byte(r, (unsigned char)b);
            r->skip_fallback = keep;
            return;
        }
    }
    put_cp(r, u);
}

/* Ends the current line of dest unless it is empty already. */
static void end_line(rtf *r, int force)
{
    int dest = r->st[r->depth].dest;
    if (dest != D_BODY && dest != D_ASIDE)
        return;
    flush_legacy(r);
    tr_buf *b = &r->out[dest];
    if (force || (b->len && b->data[b->len - 1] != '\n'))
        put_cp(r, '\n');
}

/* Destinations and their effect; a \* group whose word is not here is
 * skipped whole. */
static const struct {
    const char *word;
    unsigned char dest, kind;
} dests[] = {
    {"fonttbl", D_SKIP, G_FONTTBL},  {"colortbl", D_SKIP, 0},
    {"stylesheet", D_SKIP, 0},       {"listtable", D_SKIP, 0},
    {"listoverridetable", D_SKIP, 0}, {"revtbl", D_SKIP, 0},
    {"rsidtbl", D_SKIP, 0},          {"info", D_SKIP, G_INFO},
    {"title", D_TITLE, 0},           {"upr", D_SKIP, G_UPR},
    {"ud", D_SKIP, G_INFO},           {"author", D_AUTHOR, 0},
    {"creatim", D_SKIP, G_CREATIM},  {"revtim", D_SKIP, 0},
    {"printim", D_SKIP, 0},          {"buptim", D_SKIP, 0},
    {"pict", D_SKIP, 0},             {"object", D_SKIP, G_OBJECT},
    {"result", D_BODY, 0},           {"fldinst", D_SKIP, 0},
    {"fldrslt", D_BODY, 0},          {"header", D_ASIDE, 0},
    {"headerl", D_ASIDE, 0},         {"headerr", D_ASIDE, 0},
    {"headerf", D_ASIDE, 0},         {"footer", D_ASIDE, 0},
    {"footerl", D_ASIDE, 0},         {"footerr", D_ASIDE, 0},
    {"footerf", D_ASIDE, 0},         {"footnote", D_ASIDE, 0},
    {"annotation", D_SKIP, 0},       {"nonshppict", D_SKIP, 0},
    {"shpinst", D_SKIP, G_SHPINST},  {"shptxt", D_BODY, 0},
    {"shprslt", D_SKIP, 0},          {"themedata", D_SKIP, 0},
    {"colorschememapping", D_SKIP, 0}, {"datastore", D_SKIP, 0},
    {"latentstyles", D_SKIP, 0},     {"xmlnstbl", D_SKIP, 0},
    {"generator", D_SKIP, 0},        {"pn", D_SKIP, 0},
    {"operator", D_SKIP, 0},         {"subject", D_SKIP, 0},
    {"keywords", D_SKIP, 0},         {"comment", D_SKIP, 0},
    {"doccomm", D_SKIP, 0},          {"company", D_SKIP, 0},
    {"category", D_SKIP, 0},         {"manager", D_SKIP, 0},
    {"hlinkbase", D_SKIP, 0},        {"template", D_SKIP, 0},
    {"txe", D_SKIP, 0},              {"xe", D_SKIP, 0},
    {"tc", D_SKIP, 0},               {"bkmkstart", D_SKIP, 0},
    {"bkmkend", D_SKIP, 0},          {"falt", D_SKIP, 0},
    {"panose", D_SKIP, 0},           {"userprops", D_SKIP, 0},
};

/* Control words that produce a character. */
static const struct {
    const char *word;
    uint32_t cp;
} chars[] = {
    {"tab", '\t'},        {"emdash", 0x2014},   {"endash", 0x2013},
    {"bullet", 0x2022},   {"lquote", 0x2018},   {"rquote", 0x2019},
    {"ldblquote", 0x201C}, {"rdblquote", 0x201D}, {"emspace", ' '},
    {"enspace", ' '},     {"qmspace", ' '},     {"zwj", 0},
    {"zwnj", 0},          {"zwbo", 0},          {"zwnbo", 0},
};

static int is_container(int kind)
{
    return kind == G_FONTTBL || kind == G_INFO || kind == G_OBJECT || kind == G_SHPINST;
}

static void control_word(rtf *r, const char *w, int has_n, long n, int starred)
{
    rtf_state *s = &r->st[r->depth];
    int first = r->depth > 0 && s->kind == 0xFF;  /* the group's first word */
    int parent = r->depth > 0 ? r->st[r->depth - 1].kind : G_NONE;
    if (first)
        s->kind = G_NONE;
    if (!strcmp(w, "bin")) {                    /* raw bytes: skip them */
        size_t k = has_n && n > 0 ? (size_t)n : 0;
        size_t left = (size_t)(r->end - r->p);
        r->p += k < left ? k : left;
        return;
    }
    /* inside a skipped destination only the words of the tables we read
     * (fonts, \info, objects, shapes) matter */
    /* {\upr{ANSI info}{\*\ud{Unicode info}}}: only the second is read */
    if (s->dest == D_SKIP && !(first && (is_container(parent) || parent == G_UPR)) &&
        s->kind != G_CREATIM &&
        parent != G_FONTTBL && s->kind != G_FONTTBL)
        return;
    if (r->skip_fallback > 0 && strcmp(w, "u")) {
        r->skip_fallback--;
        return;
    }
    if (first) {
        for (size_t i = 0; i < sizeof dests / sizeof dests[0]; i++)
            if (!strcmp(w, dests[i].word)) {
                if (!strcmp(w, "result") && parent != G_OBJECT)
                    break;
                if (!strcmp(w, "shptxt") && parent != G_SHPINST)
                    break;
                if ((parent == G_UPR) != !strcmp(w, "ud"))
                    break;
                if (dests[i].dest == D_TITLE || dests[i].dest == D_AUTHOR)
                    tr_buf_clear(&r->out[dests[i].dest]);   /* the last one wins */
                /* D_BODY in the table: the enclosing text destination */
                s->dest = dests[i].dest == D_BODY ? s->live : dests[i].dest;
                if (s->dest != D_SKIP)
                    s->live = s->dest;
                s->kind = dests[i].kind;
                return;
            }
        if (starred) {
            s->dest = D_SKIP;
            return;
        }
    }
    if (s->kind == G_CREATIM) {
        if (!strcmp(w, "yr")) r->yr = (int)n;
        else if (!strcmp(w, "mo")) r->mo = (int)n;
        else if (!strcmp(w, "dy")) r->dy = (int)n;
        return;
    }
    /* a font definition: {\f0\fcharset163 Name;} inside \fonttbl, or the
     * old form without groups */
    if (parent == G_FONTTBL || s->kind == G_FONTTBL) {
        if (!strcmp(w, "f") && has_n) {
            if (r->nfonts < TR_RTF_FONTS) {
                r->fdef = &r->fonts[r->nfonts++];
                memset(r->fdef, 0, sizeof *r->fdef);
                r->fdef->num = (int)n;
                r->fname_len = 0;
                r->cur_ok = 0;
                s->dest = D_FONT;
            }
        } else if (!strcmp(w, "fcharset") && r->fdef && !r->fdef->cpg) {
            r->fdef->cpg = tr_rtf_charset_cpg((int)n);
        } else if (!strcmp(w, "cpg") && r->fdef && n > 0 && n < 100000) {
            r->fdef->cpg = (int)n;
        }
        return;
    }
    if (s->dest == D_SKIP)
        return;
    if (!strcmp(w, "u") && has_n) {
        put_u16(r, n);
    } else if (!strcmp(w, "uc") && has_n) {
        s->uc = n < 0 ? 0 : n > 10 ? 10 : (int)n;
    } else if (!strcmp(w, "f") && has_n) {
        s->font = (int)n;
    } else if (!strcmp(w, "plain")) {
        s->font = r->deff;
        s->hidden = 0;
    } else if (!strcmp(w, "v")) {
        s->hidden = !has_n || n != 0;
    } else if (!strcmp(w, "deff") && has_n) {
        r->deff = (int)n;
        s->font = (int)n;
    } else if (!strcmp(w, "ansicpg") && has_n && n > 0 && n < 100000) {
        r->doc_cpg = (int)n;
    } else if (!strcmp(w, "mac")) {
        r->doc_cpg = 10000;
    } else if (!strcmp(w, "pc")) {
        r->doc_cpg = 437;
    } else if (!strcmp(w, "pca")) {
        r->doc_cpg = 850;
    } else if (!strcmp(w, "par") || !strcmp(w, "line") || !strcmp(w, "sect")) {
        end_line(r, 1);
    } else if (!strcmp(w, "cell") || !strcmp(w, "nestcell") || !strcmp(w, "row") ||
               !strcmp(w, "nestrow")) {
        end_line(r, 0);
    } else if (!strcmp(w, "page")) {
        end_line(r, 0);
        put_cp(r, '\f');
    } else {
        for (size_t i = 0; i < sizeof chars / sizeof chars[0]; i++)
            if (!strcmp(w, chars[i].word)) {
                put_cp(r, chars[i].cp);
                break;
            }
    }
}

static int hexval(char c)
{
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

/* A control symbol \X other than \'hh and \*. */
static void control_symbol(rtf *r, char c)
{
    rtf_state *s = &r->st[r->depth];
    if (s->dest == D_SKIP)
        return;
    if (r->skip_fallback > 0) {
        r->skip_fallback--;
        return;
    }
    const rtf_font *f = s->font >= 0 ? font_of(r, s->font) : NULL;
    switch (c) {
    case '\\': case '{': case '}':
        put_byte(r, (unsigned char)c);
        break;
    case '~':
        put_cp(r, 0xA0);
        break;
    case '_':
        put_cp(r, '-');
        break;
    case '-':       /* see the header: TCVN3 "ư" written as a soft hyphen */
        if (f && f->leg != TR_LEG_NONE)
            put_byte(r, 0xAD);
        break;
    case '\n': case '\r':
        end_line(r, 1);
        break;
    default:
        break;
    }
}

/* Pops a group, or returns 1 at the end of the document. */
static int close_group(rtf *r)
{
    if (r->depth == 0)
        return 1;
    int was = r->st[r->depth].dest;
    if (was == D_FONT)
        end_font(r);
    if (was == D_ASIDE && r->st[r->depth - 1].dest != D_ASIDE)
        end_line(r, 0);     /* one footnote, one line */
    r->depth--;
    r->skip_fallback = 0;
    return 0;
}

static void parse(rtf *r, char *err, size_t errsz, int *fail)
{
    while (r->p < r->end && !r->nomem && !r->over) {
        char c = *r->p++;
        if (c == '{') {
            if (r->depth + 1 >= TR_RTF_DEPTH) {
                snprintf(err, errsz, tr_lmsg("RTF nested too deeply"));
                *fail = 1;
                return;
            }
            r->st[r->depth + 1] = r->st[r->depth];
            r->depth++;
            r->st[r->depth].kind = 0xFF;    /* not yet known */
            r->skip_fallback = 0;
        } else if (c == '}') {
            if (close_group(r))
                return;
        } else if (c == '\\') {
            if (r->p >= r->end)
                return;
            char d = *r->p;
            if ((d >= 'a' && d <= 'z') || (d >= 'A' && d <= 'Z')) {
                char w[33];
                size_t k = 0;
                while (r->p < r->end && ((*r->p >= 'a' && *r->p <= 'z') ||
                                         (*r->p >= 'A' && *r->p <= 'Z'))) {
                    if (k < sizeof w - 1)
                        w[k++] = *r->p;
                    r->p++;
                }
                w[k] = 0;
                int neg = 0, has_n = 0;
                long n = 0;
                if (r->p < r->end && *r->p == '-') {
                    neg = 1;
                    r->p++;
                }
                while (r->p < r->end && *r->p >= '0' && *r->p <= '9') {
                    if (n < 100000000L)
                        n = n * 10 + (*r->p - '0');
                    has_n = 1;
                    r->p++;
                }
                if (neg)
                    n = -n;
                if (r->p < r->end && *r->p == ' ')
                    r->p++;
                /* \* right before: was this group starred? */
                int starred = r->depth > 0 && r->st[r->depth].kind == 0xFE;
                if (starred)
                    r->st[r->depth].kind = 0xFF;
                control_word(r, w, has_n, n, starred);
            } else if (d == '\'') {
                r->p++;
                int h = r->p < r->end ? hexval(r->p[0]) : -1;
                int l = h >= 0 && r->end - r->p >= 2 ? hexval(r->p[1]) : -1;
                if (h >= 0 && l < 0)
                    r->p++;     /* a malformed \'h is dropped */
                if (l >= 0) {
                    r->p += 2;
                    if (r->st[r->depth].kind == 0xFF || r->st[r->depth].kind == 0xFE)
                        r->st[r->depth].kind = G_NONE;
                    put_byte(r, (unsigned char)(h * 16 + l));
                }
            } else if (d == '*') {
                r->p++;
                if (r->st[r->depth].kind == 0xFF)
                    r->st[r->depth].kind = 0xFE;    /* starred, word next */
            } else {
                r->p++;
                if (r->st[r->depth].kind >= 0xFE)
                    r->st[r->depth].kind = G_NONE;
                control_symbol(r, d);
            }
        } else if (c == '\r' || c == '\n') {
            continue;
        } else {
            if (r->st[r->depth].kind >= 0xFE) {
                /* text before any word: an ordinary group; a starred one
                 * with text first is still skipped */
                if (r->st[r->depth].kind == 0xFE)
                    r->st[r->depth].dest = D_SKIP;
                r->st[r->depth].kind = G_NONE;
            }
            if (c == '\t')
                put_cp(r, '\t');
            else if ((unsigned char)c >= 0x20 || r->st[r->depth].dest == D_FONT)
                put_byte(r, (unsigned char)c);
        }
    }
}

/* The buffer in NFC, trimmed of surrounding white space; NULL if empty. */
static char *nfc_dup(const tr_buf *b, int trim, int *nomem)
{
    if (!b->len)
        return NULL;
    utf8proc_uint8_t *o = NULL;
    utf8proc_ssize_t n = utf8proc_map((const utf8proc_uint8_t *)b->data,
                                      (utf8proc_ssize_t)b->len, &o,
                                      UTF8PROC_STABLE | UTF8PROC_COMPOSE);
    if (n < 0) {
        if (n == UTF8PROC_ERROR_NOMEM)
            *nomem = 1;
        return NULL;
    }
    char *s = (char *)o;
    if (trim) {
        size_t a = 0, z = (size_t)n;
        while (a < z && (s[a] == ' ' || s[a] == '\t' || s[a] == '\n'))
            a++;
        while (z > a && (s[z - 1] == ' ' || s[z - 1] == '\t' || s[z - 1] == '\n'))
            z--;
        memmove(s, s + a, z - a);
        s[z - a] = 0;
        if (!s[0]) {
            free(s);
            return NULL;
        }
    }
    return s;
}

int tr_extract_rtf(const char *data, size_t len, const tr_extract_opts *o,
                   tr_extracted *x, char *err, size_t errsz)
{
    size_t i = 0;
    if (len >= 3 && !memcmp(data, "\xEF\xBB\xBF", 3))
        i = 3;
    while (i < len && (data[i] == ' ' || data[i] == '\r' || data[i] == '\n' || data[i] == '\t'))
        i++;
    if (len - i < 5 || memcmp(data + i, "{\\rtf", 5)) {
        snprintf(err, errsz, tr_lmsg("not RTF (no {\\rtf header)"));
        return TR_EX_FAIL;
    }
    rtf *r = calloc(1, sizeof *r);
    if (!r || !(r->fonts = calloc(TR_RTF_FONTS, sizeof *r->fonts))) {
        free(r);
        return TR_EX_NOMEM;
    }
    r->p = data + i + 1;        /* past the outer '{': depth 0 is the document */
    r->end = data + len;
    r->st[0].font = -1;
    r->st[0].uc = 1;
    r->st[0].dest = D_BODY;
    r->st[0].live = D_BODY;
    r->doc_cpg = 1252;
    r->deff = -1;
    r->max_text = o ? o->max_text : (size_t)-1;
    int fail = 0, rc = TR_EX_OK;
    parse(r, err, errsz, &fail);
    r->st[r->depth].dest = D_BODY;  /* where a pending legacy run goes */
    flush_legacy(r);
    if (r->high)
        add(r, r->leg_dest, "\xEF\xBF\xBD", 3);
    if (fail) {
        rc = TR_EX_FAIL;
        goto out;
    }
    if (r->over) {
        snprintf(err, errsz, tr_lmsg("extracted text over %zu MB"), r->max_text >> 20);
        rc = TR_EX_FAIL;
        goto out;
    }
    if (r->nomem)
        goto nomem;
    if (r->depth > 0 && tr_extracted_note(x, tr_lmsg("RTF truncated: groups left open")))
        goto nomem;
    /* the body, then the page headers, footers and footnotes */
    if (r->out[D_ASIDE].len) {
        if (r->out[D_BODY].len && r->out[D_BODY].data[r->out[D_BODY].len - 1] != '\n' &&
            tr_buf_addc(&r->out[D_BODY], '\n'))
            goto nomem;
        if (tr_buf_add(&r->out[D_BODY], r->out[D_ASIDE].data, r->out[D_ASIDE].len))
            goto nomem;
    }
    int nomem = 0;
    char *text = nfc_dup(&r->out[D_BODY], 0, &nomem);
    if (nomem)
        goto nomem;
    size_t tl = text ? strlen(text) : 0;
    size_t k = 0;
    while (k < tl) {
        if (text[k] == ' ' || text[k] == '\n' || text[k] == '\t' || text[k] == '\f')
            k++;
        else if (k + 1 < tl && !memcmp(text + k, "\xC2\xA0", 2))
            k += 2;     /* U+00A0 */
        else
            break;
    }
    if (k == tl) {
        free(text);
        snprintf(err, errsz, tr_lmsg("RTF without text"));
        rc = TR_EX_FAIL;
        goto out;
    }
    if (tl && text[tl - 1] != '\n' && text[tl - 1] != '\f') {
        char *t2 = realloc(text, tl + 2);
        if (!t2) {
            free(text);
            goto nomem;
        }
        text = t2;
        text[tl++] = '\n';
        text[tl] = 0;
    }
    tr_buf_free(&x->text);
    x->text.data = text;
    x->text.len = tl;
    x->text.cap = tl + 1;
    x->format = TR_FMT_RTF;
    x->extractor = "rtf";
    free(x->title);
    free(x->author);
    x->title = nfc_dup(&r->out[D_TITLE], 1, &nomem);
    x->author = nfc_dup(&r->out[D_AUTHOR], 1, &nomem);
    if (nomem)
        goto nomem;
    if (r->yr >= 1900 && r->yr <= 2999 && r->mo >= 1 && r->mo <= 12 && r->dy >= 1 &&
        r->dy <= 31) {
        char d[16];
        snprintf(d, sizeof d, "%04d-%02d-%02d", r->yr, r->mo, r->dy);
        free(x->created);
        if (!(x->created = strdup(d)))
            goto nomem;
    }
    tr_legacy best = TR_LEG_NONE;
    unsigned runs = 0;
    for (int e = 1; e < TR_LEG_COUNT; e++) {
        runs += r->leg_runs[e];
        if (r->leg_runs[e] > r->leg_runs[best])
            best = (tr_legacy)e;
    }
    if (runs) {
        snprintf(x->enc.name, sizeof x->enc.name, "%s", tr_legacy_name(best));
        x->enc.runs = runs;
    }
    goto out;
nomem:
    rc = TR_EX_NOMEM;
out:
    for (int d = 0; d < D_COUNT; d++)
        tr_buf_free(&r->out[d]);
    tr_buf_free(&r->leg);
    free(r->fonts);
    free(r);
    return rc;
}

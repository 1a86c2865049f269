/*
 * tr_extract_docx.c — the text of a Word .docx (Office Open XML).
 *
 * word/document.xml is streamed once through xmlTextReader (see
 * tr_extract_zip.c for the zip and safety side).  Text is taken only from
 * w:t inside runs, which leaves out by construction what Word does not
 * show: deleted text (w:delText), field codes (w:instrText), tab-stop
 * definitions; moved-away text (w:moveFrom) and the VML duplicate of a
 * drawing (mc:Fallback of mc:AlternateContent, whose mc:Choice holds the
 * same text box) are skipped as whole subtrees.  Paragraphs are lines;
 * table cells come in document order, so the usual two-column header table
 * of a Vietnamese document reads left cell ("TỈNH ỦY…", "Số 35-BC/TU") then
 * right cell ("ĐẢNG CỘNG SẢN VIỆT NAM", "Thanh Hóa, ngày…").  A text box
 * anchored inside a paragraph opens a nested paragraph, hence the small
 * stack of paragraph states.  Footnotes, endnotes, then headers and
 * footers (each distinct text once: every section repeats them) follow the
 * body after a blank line.
 *
 * Legacy fonts: a run's font decides whether its characters are really
 * TCVN3/VNI bytes that Word shows as Windows-1252.  The font is resolved
 * as Word does, per w:rFonts attribute: docDefaults, then the paragraph
 * style's w:basedOn chain, then the run style's chain, then the run's own
 * w:rPr.  The w:hAnsi font is the one Word draws bytes >= 0x80 with, so it
 * decides, falling back to w:ascii then w:cs; theme fonts (w:asciiTheme…)
 * are Unicode.  styles.xml is read first, into a sorted table with each
 * style's chain resolved once.  w:softHyphen is dropped, except in a legacy
 * run where it is the byte 0xAD, TCVN3's "ư".
 */
#include "config.h"
#include "tr_ooxml_int.h"
#include "tr_i18n.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum { F_ASCII, F_HANSI, F_CS, F_N };
typedef signed char fonts[F_N];   /* -1 unset, else a tr_legacy */

typedef struct {
    char *id, *based;
    fonts own, res;
    int state;                    /* 0 unresolved, 1 resolving, 2 done */
} dstyle;

/* Interned (per reader dictionary) local names: compared by pointer. */
enum {
    N_P, N_R, N_T, N_TAB, N_BR, N_CR, N_NBH, N_SHY, N_SYM, N_PPR, N_RPR, N_PSTYLE,
    N_RSTYLE, N_RFONTS, N_MOVEFROM, N_FALLBACK, N_STYLE, N_BASEDON, N_DOCDEF,
    N_RPRDEF, N_TITLE, N_CREATOR, N_CREATED, N_COUNT
};
static const char *const NAMES[N_COUNT] = {
    "p", "r", "t", "tab", "br", "cr", "noBreakHyphen", "softHyphen", "sym", "pPr", "rPr",
    "pStyle", "rStyle", "rFonts", "moveFrom", "Fallback", "style", "basedOn",
    "docDefaults", "rPrDefault", "title", "creator", "created"
};

static const char W_NS[] = "http://schemas.openxmlformats.org/wordprocessingml/2006/main";
static const char W_STRICT[] = "http://purl.oclc.org/ooxml/wordprocessingml/main";
static const char MC_NS[] = "http://schemas.openxmlformats.org/markup-compatibility/2006";

typedef struct {
    int pstyle, rstyle;           /* style indexes, -1 none */
    int in_run, in_ppr, in_rpr;
    fonts direct;
    int enc;                      /* the run's tr_legacy, -1 not yet known */
    int counted;
} plevel;

#define MAXLV 24

typedef struct {
    tr_ox_zip z;
    tr_ox_sink s;
    dstyle *st;
    size_t nst;
    fonts defaults;
    int default_p;
    const xmlChar *nm[N_COUNT];
    const char *wns;              /* the namespace pointer last seen as W */
    const char *notw;             /* …and last seen as something else */
    plevel lv[MAXLV];
    int depth;
    int in_t;
} docx;

static void intern(docx *d, tr_ox_part *p)
{
    for (int i = 0; i < N_COUNT; i++)
        d->nm[i] = xmlTextReaderConstString(p->rd, BAD_CAST NAMES[i]);
    d->wns = d->notw = NULL;
}

/* Is the current node in the WordprocessingML namespace?  Cached by the
 * xmlNs pointer, which is shared by all elements under one declaration. */
static int is_w(docx *d, tr_ox_part *p)
{
    const char *ns = tr_ox_ns(p);
    if (!ns)
        return 0;
    if (ns == d->wns)
        return 1;
    if (ns == d->notw)
        return 0;
    if (!strcmp(ns, W_NS) || !strcmp(ns, W_STRICT)) {
        d->wns = ns;
        return 1;
    }
    d->notw = ns;
    return 0;
}

static char *wattr(tr_ox_part *p, const char *local)
{
    const char *ns = tr_ox_ns(p);
    return tr_ox_attr(p, ns ? ns : W_NS, local);
}

/* ---- styles.xml ---- */

static void read_rfonts(tr_ox_part *p, fonts f)
{
    static const char *const attr[F_N] = {"ascii", "hAnsi", "cs"};
    static const char *const theme[F_N] = {"asciiTheme", "hAnsiTheme", "cstheme"};
    for (int i = 0; i < F_N; i++) {
        char *v = wattr(p, theme[i]);
        if (v) {
            f[i] = TR_LEG_NONE;
            xmlFree(v);
            continue;
        }
        v = wattr(p, attr[i]);
        if (v) {
            f[i] = (signed char)tr_legacy_font(v);
            xmlFree(v);
        }
    }
}

static void overlay(fonts dst, const fonts src)
{
    for (int i = 0; i < F_N; i++)
        if (src[i] >= 0)
            dst[i] = src[i];
}

static int cmp_style(const void *a, const void *b)
{
    return strcmp(((const dstyle *)a)->id, ((const dstyle *)b)->id);
}

static int find_style(const docx *d, const char *id)
{
    if (!id || !d->nst)
        return -1;
    dstyle key = {.id = (char *)id};
    const dstyle *f = bsearch(&key, d->st, d->nst, sizeof *d->st, cmp_style);
    return f ? (int)(f - d->st) : -1;
}

static void resolve(docx *d, int i, int depth)
{
    dstyle *s = &d->st[i];
    if (s->state == 2)
        return;
    memset(s->res, -1, sizeof s->res);
    if (s->state == 1 || depth > 32) {   /* a w:basedOn cycle */
        overlay(s->res, s->own);
        return;
    }
    s->state = 1;
    int b = find_style(d, s->based);
    if (b >= 0) {
        resolve(d, b, depth + 1);
        overlay(s->res, d->st[b].res);
    }
    overlay(s->res, s->own);
    s->state = 2;
}

static int read_styles(docx *d, tr_extracted *x)
{
    tr_ox_part p;
    int rc = tr_ox_part_open(&d->z, &p, "word/styles.xml");
    if (rc == TR_OX_MISSING)
        return TR_EX_OK;
    if (rc != TR_EX_OK)
        return rc;
    intern(d, &p);
    size_t cap = 0;
    int cur = -1, sdepth = -1, in_def = 0, r;
    char *default_id = NULL;
    while ((r = tr_ox_read(&p)) == 1) {
        int type = xmlTextReaderNodeType(p.rd);
        if (type == XML_READER_TYPE_END_ELEMENT) {
            if (xmlTextReaderDepth(p.rd) == sdepth)
                cur = -1, sdepth = -1;
            else if (xmlTextReaderConstLocalName(p.rd) == d->nm[N_DOCDEF])
                in_def = 0;
            continue;
        }
        if (type != XML_READER_TYPE_ELEMENT || !is_w(d, &p))
            continue;
        const xmlChar *ln = xmlTextReaderConstLocalName(p.rd);
        int depth = xmlTextReaderDepth(p.rd);
        if (ln == d->nm[N_STYLE] && depth == 1) {
            if (d->nst == cap) {
                size_t nc = cap ? cap * 2 : 64;
                dstyle *n = realloc(d->st, nc * sizeof *n);
                if (!n) {
                    rc = TR_EX_NOMEM;
                    break;
                }
                d->st = n;
                cap = nc;
            }
            dstyle *s = &d->st[d->nst];
            memset(s, 0, sizeof *s);
            memset(s->own, -1, sizeof s->own);
            s->id = wattr(&p, "styleId");
            if (!s->id)
                continue;
            char *t = wattr(&p, "type"), *def = wattr(&p, "default");
            if (t && !strcmp(t, "paragraph") && def && (!strcmp(def, "1") || !strcmp(def, "true"))) {
                free(default_id);
                default_id = strdup(s->id);
            }
            xmlFree(t);
            xmlFree(def);
            cur = (int)d->nst++;
            sdepth = xmlTextReaderIsEmptyElement(p.rd) ? -1 : depth;
            if (sdepth < 0)
                cur = -1;
        } else if (ln == d->nm[N_DOCDEF]) {
            in_def = !xmlTextReaderIsEmptyElement(p.rd);
        } else if (ln == d->nm[N_BASEDON] && cur >= 0 && depth == sdepth + 1) {
            xmlFree(d->st[cur].based);
            d->st[cur].based = wattr(&p, "val");
        } else if (ln == d->nm[N_RFONTS]) {
            /* w:style/w:rPr/w:rFonts only: not table-style conditional parts */
            if (cur >= 0 && depth == sdepth + 2)
                read_rfonts(&p, d->st[cur].own);
            else if (in_def)
                read_rfonts(&p, d->defaults);
        }
    }
    if (r < 0 && rc == TR_EX_OK) {
        rc = tr_ox_part_fail(&p);
        if (rc == TR_EX_FAIL && !p.failed) {   /* broken styles: read on */
            char msg[300];
            snprintf(msg, sizeof msg, tr_lmsg("styles ignored: %s"), d->z.err);
            d->z.err[0] = 0;
            rc = tr_extracted_note(x, msg) ? TR_EX_NOMEM : TR_EX_OK;
        }
    }
    tr_ox_part_close(&p);
    if (d->nst)
        qsort(d->st, d->nst, sizeof *d->st, cmp_style);
    for (size_t i = 0; i < d->nst; i++)
        resolve(d, (int)i, 0);
    d->default_p = find_style(d, default_id);
    free(default_id);
    return rc;
}

/* ---- the text parts ---- */

static int run_enc(docx *d, plevel *l)
{
    if (l->enc >= 0)
        return l->enc;
    fonts f;
    memcpy(f, d->defaults, sizeof f);
    if (l->pstyle >= 0)
        overlay(f, d->st[l->pstyle].res);
    if (l->rstyle >= 0)
        overlay(f, d->st[l->rstyle].res);
    overlay(f, l->direct);
    l->enc = f[F_HANSI] >= 0 ? f[F_HANSI] : f[F_ASCII] >= 0 ? f[F_ASCII]
           : f[F_CS] >= 0 ? f[F_CS] : TR_LEG_NONE;
    return l->enc;
}

static void run_text(docx *d, plevel *l, const char *t, size_t n)
{
    int e = run_enc(d, l);
    if (e != TR_LEG_NONE && !l->counted) {
        l->counted = 1;
        tr_ox_count_run(&d->s, (tr_legacy)e);
    }
    tr_ox_text(&d->s, (tr_legacy)e, t, n);
}

static void put_utf8(docx *d, unsigned long c)
{
    char b[4];
    size_t n;
    if (c < 0x20)
        return;
    if (c < 0x80)
        b[0] = (char)c, n = 1;
    else if (c < 0x800)
        b[0] = (char)(0xC0 | c >> 6), b[1] = (char)(0x80 | (c & 63)), n = 2;
    else if (c < 0x10000 && (c < 0xD800 || c > 0xDFFF))
        b[0] = (char)(0xE0 | c >> 12), b[1] = (char)(0x80 | ((c >> 6) & 63)),
        b[2] = (char)(0x80 | (c & 63)), n = 3;
    else
        return;
    tr_ox_text(&d->s, TR_LEG_NONE, b, n);
}

static void elem_start(docx *d, tr_ox_part *p, const xmlChar *ln, int empty)
{
    plevel *l = &d->lv[d->depth];
    if (ln == d->nm[N_P]) {
        if (d->depth < MAXLV - 1)
            d->depth++;
        l = &d->lv[d->depth];
        memset(l, 0, sizeof *l);
        l->pstyle = d->default_p;
        l->rstyle = -1;
        tr_ox_para_start(&d->s);
        if (empty)
            tr_ox_para_end(&d->s), d->depth -= d->depth > 0;
    } else if (ln == d->nm[N_R]) {
        l->in_run = !empty;
        l->rstyle = -1;
        memset(l->direct, -1, sizeof l->direct);
        l->enc = -1;
        l->counted = 0;
    } else if (ln == d->nm[N_T]) {
        d->in_t = !empty && l->in_run;
    } else if (ln == d->nm[N_PPR]) {
        l->in_ppr = !empty;
    } else if (ln == d->nm[N_RPR]) {
        l->in_rpr = !empty && l->in_run && !l->in_ppr;
    } else if (ln == d->nm[N_PSTYLE] && l->in_ppr) {
        char *v = wattr(p, "val");
        int i = find_style(d, v);
        if (i >= 0)
            l->pstyle = i;
        xmlFree(v);
    } else if (ln == d->nm[N_RSTYLE] && l->in_rpr) {
        char *v = wattr(p, "val");
        l->rstyle = find_style(d, v);
        l->enc = -1;
        xmlFree(v);
    } else if (ln == d->nm[N_RFONTS] && l->in_rpr) {
        read_rfonts(p, l->direct);
        l->enc = -1;
    } else if (!l->in_run || l->in_rpr) {
        return;
    } else if (ln == d->nm[N_TAB]) {
        tr_ox_char(&d->s, '\t');
    } else if (ln == d->nm[N_BR] || ln == d->nm[N_CR]) {
        tr_ox_char(&d->s, '\n');
    } else if (ln == d->nm[N_NBH]) {
        run_text(d, l, "-", 1);
    } else if (ln == d->nm[N_SHY]) {
        if (run_enc(d, l) != TR_LEG_NONE)
            run_text(d, l, "\xC2\xAD", 2);
    } else if (ln == d->nm[N_SYM]) {
        char *v = wattr(p, "char");
        if (v) {
            unsigned long c = strtoul(v, NULL, 16);
            /* symbol fonts use the private area F0xx for their byte xx */
            put_utf8(d, c >= 0xF000 && c <= 0xF0FF ? c - 0xF000 : c);
            xmlFree(v);
        }
    }
}

static void elem_end(docx *d, const xmlChar *ln)
{
    plevel *l = &d->lv[d->depth];
    if (ln == d->nm[N_P]) {
        tr_ox_para_end(&d->s);
        if (d->depth > 0)
            d->depth--;
    } else if (ln == d->nm[N_R]) {
        l->in_run = 0;
    } else if (ln == d->nm[N_T]) {
        d->in_t = 0;
    } else if (ln == d->nm[N_PPR]) {
        l->in_ppr = 0;
    } else if (ln == d->nm[N_RPR]) {
        l->in_rpr = 0;
    }
}

/* Streams one text part (document, notes, header) into out.  Only for
 * main (document.xml) is absence or broken XML fatal; a broken note or
 * header part is skipped with a note. */
static int read_text_part(docx *d, const char *name, tr_buf *out, tr_extracted *x, int main)
{
    tr_ox_part p;
    int rc = tr_ox_part_open(&d->z, &p, name);
    if (rc == TR_OX_MISSING) {
        if (main)
            snprintf(d->z.err, d->z.errsz, tr_lmsg("no word/document.xml in the archive (not a Word document)"));
        return main ? TR_EX_FAIL : TR_EX_OK;
    }
    if (rc != TR_EX_OK)
        return rc;
    intern(d, &p);
    tr_ox_redirect(&d->s, out);
    memset(d->lv, 0, sizeof d->lv);
    d->lv[0].pstyle = d->lv[0].rstyle = -1;
    d->depth = 0;
    d->in_t = 0;
    int r = tr_ox_read(&p);
    while (r == 1 && !d->s.full) {
        int type = xmlTextReaderNodeType(p.rd);
        if (type == XML_READER_TYPE_ELEMENT) {
            const xmlChar *ln = xmlTextReaderConstLocalName(p.rd);
            if (is_w(d, &p)) {
                if (ln == d->nm[N_MOVEFROM]) {
                    r = tr_ox_next(&p);
                    continue;
                }
                elem_start(d, &p, ln, xmlTextReaderIsEmptyElement(p.rd));
            } else if (ln == d->nm[N_FALLBACK]) {
                const char *ns = tr_ox_ns(&p);
                if (ns && !strcmp(ns, MC_NS)) {
                    r = tr_ox_next(&p);
                    continue;
                }
            }
        } else if (type == XML_READER_TYPE_END_ELEMENT) {
            if (is_w(d, &p))
                elem_end(d, xmlTextReaderConstLocalName(p.rd));
        } else if (d->in_t && (type == XML_READER_TYPE_TEXT || type == XML_READER_TYPE_CDATA ||
                               type == XML_READER_TYPE_SIGNIFICANT_WHITESPACE ||
                               type == XML_READER_TYPE_WHITESPACE)) {
            const char *v = (const char *)xmlTextReaderConstValue(p.rd);
            if (v)
                run_text(d, &d->lv[d->depth], v, strlen(v));
        }
        r = tr_ox_read(&p);
    }
    tr_ox_flush(&d->s);
    if (r < 0) {
        rc = tr_ox_part_fail(&p);
        if (rc == TR_EX_FAIL && !main && !p.failed) {   /* a broken note part */
            char msg[300];
            snprintf(msg, sizeof msg, tr_lmsg("skipped: %s"), d->z.err);
            d->z.err[0] = 0;
            rc = tr_extracted_note(x, msg) ? TR_EX_NOMEM : TR_EX_OK;
        }
    }
    tr_ox_part_close(&p);
    return d->s.nomem ? TR_EX_NOMEM : rc;
}

/* ---- docProps/core.xml ---- */

static char *trimmed(const tr_buf *b)
{
    size_t a = 0, e = b->len;
    while (a < e && (b->data[a] == ' ' || b->data[a] == '\n' || b->data[a] == '\t' ||
                     b->data[a] == '\r'))
        a++;
    while (e > a && (b->data[e - 1] == ' ' || b->data[e - 1] == '\n' ||
                     b->data[e - 1] == '\t' || b->data[e - 1] == '\r'))
        e--;
    return a < e ? strndup(b->data + a, e - a) : NULL;
}

static int read_core(docx *d, tr_extracted *x)
{
    tr_ox_part p;
    int rc = tr_ox_part_open(&d->z, &p, "docProps/core.xml");
    if (rc == TR_OX_MISSING)
        return TR_EX_OK;
    if (rc != TR_EX_OK)
        return rc;
    intern(d, &p);
    tr_buf v = {0};
    int which = -1, r;   /* N_TITLE, N_CREATOR, N_CREATED while inside */
    while ((r = tr_ox_read(&p)) == 1) {
        int type = xmlTextReaderNodeType(p.rd);
        const xmlChar *ln = xmlTextReaderConstLocalName(p.rd);
        if (type == XML_READER_TYPE_ELEMENT && xmlTextReaderDepth(p.rd) == 1 &&
            !xmlTextReaderIsEmptyElement(p.rd) &&
            (ln == d->nm[N_TITLE] || ln == d->nm[N_CREATOR] || ln == d->nm[N_CREATED])) {
            which = ln == d->nm[N_TITLE] ? N_TITLE : ln == d->nm[N_CREATOR] ? N_CREATOR : N_CREATED;
            tr_buf_clear(&v);
        } else if (type == XML_READER_TYPE_END_ELEMENT && which >= 0 &&
                   xmlTextReaderDepth(p.rd) == 1) {
            char **slot = which == N_TITLE ? &x->title : which == N_CREATOR ? &x->author
                        : &x->created;
            if (!*slot && v.len < 4096) {
                char *t = trimmed(&v);
                *slot = which == N_CREATED ? tr_ox_date(t) : t;
                if (which == N_CREATED)
                    free(t);
            }
            which = -1;
        } else if (which >= 0 && (type == XML_READER_TYPE_TEXT || type == XML_READER_TYPE_CDATA)) {
            const char *s = (const char *)xmlTextReaderConstValue(p.rd);
            if (s && v.len < 4096 && tr_buf_adds(&v, s)) {
                rc = TR_EX_NOMEM;
                break;
            }
        }
    }
    tr_buf_free(&v);
    if (r < 0 && rc == TR_EX_OK) {   /* broken properties: the text still counts */
        rc = tr_ox_part_fail(&p);
        if (rc == TR_EX_FAIL && !p.failed) {
            d->z.err[0] = 0;
            rc = tr_extracted_note(x, tr_lmsg("docProps/core.xml is not XML: properties ignored"))
                     ? TR_EX_NOMEM : TR_EX_OK;
        }
    }
    tr_ox_part_close(&p);
    return rc;
}

/* header10.xml after header2.xml */
static int cmp_part(const void *a, const void *b)
{
    const char *x = *(char *const *)a, *y = *(char *const *)b;
    size_t lx = strlen(x), ly = strlen(y);
    return lx != ly ? (lx < ly ? -1 : 1) : strcmp(x, y);
}

static int is_hf(const char *n, const char *kind)
{
    size_t k = strlen(kind), l = strlen(n);
    return !strncmp(n, kind, k) && l > k + 4 && !strcmp(n + l - 4, ".xml") &&
           !strchr(n + k, '/');
}

static int read_extras(docx *d, tr_extracted *x)
{
    static const char *const notes[] = {"word/footnotes.xml", "word/endnotes.xml"};
    tr_buf part = {0};
    tr_ox_seen seen = {0};
    int rc = TR_EX_OK;
    for (int i = 0; i < 2 && rc == TR_EX_OK; i++) {
        tr_buf_clear(&part);
        rc = read_text_part(d, notes[i], &part, x, 0);
        if (rc == TR_EX_OK && tr_ox_append_part(&d->s, &x->text, &part, NULL))
            rc = TR_EX_NOMEM;
    }
    static const char *const kinds[] = {"word/header", "word/footer"};
    zip_int64_t n = zip_get_num_entries(d->z.za, 0);
    for (int k = 0; k < 2 && rc == TR_EX_OK; k++) {
        const char *names[64];
        size_t m = 0;
        for (zip_int64_t i = 0; i < n && m < 64; i++) {
            const char *nm = zip_get_name(d->z.za, (zip_uint64_t)i, 0);
            if (nm && is_hf(nm, kinds[k]))
                names[m++] = nm;
        }
        qsort(names, m, sizeof *names, cmp_part);
        for (size_t i = 0; i < m && rc == TR_EX_OK; i++) {
            tr_buf_clear(&part);
            rc = read_text_part(d, names[i], &part, x, 0);
            if (rc == TR_EX_OK && tr_ox_append_part(&d->s, &x->text, &part, &seen))
                rc = TR_EX_NOMEM;
        }
    }
    tr_buf_free(&part);
    return rc;
}

int tr_extract_docx(const char *data, size_t len, const tr_extract_opts *o,
                    tr_extracted *x, char *err, size_t errsz)
{
    docx d;
    memset(&d, 0, sizeof d);
    memset(d.defaults, -1, sizeof d.defaults);
    d.default_p = -1;
    x->format = TR_FMT_DOCX;
    x->extractor = "libzip+libxml2";
    if (errsz)
        err[0] = 0;
    int rc = tr_ox_open(&d.z, data, len, o, err, errsz);
    if (rc != TR_EX_OK)
        return rc;
    d.s.out = &x->text;
    d.s.max_text = o->max_text;
    rc = read_styles(&d, x);
    if (rc == TR_EX_OK)
        rc = read_text_part(&d, "word/document.xml", &x->text, x, 1);
    if (rc == TR_EX_OK && !d.s.full)
        rc = read_extras(&d, x);
    if (rc == TR_EX_OK)
        rc = read_core(&d, x);
    tr_ox_redirect(&d.s, &x->text);
    if (rc == TR_EX_OK)
        rc = tr_ox_finish(&d.s, x, err, errsz);
    tr_buf_free(&d.s.pend);
    for (size_t i = 0; i < d.nst; i++) {
        xmlFree(d.st[i].id);
        xmlFree(d.st[i].based);
    }
    free(d.st);
    tr_ox_close(&d.z);
    return rc;
}

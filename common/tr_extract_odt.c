/*
 * tr_extract_odt.c — the text of an OpenDocument text file (.odt).
 *
 * Three parts are streamed through xmlTextReader (tr_extract_zip.c):
 *   1. styles.xml: font faces, common and automatic styles, and the text of
 *      the page headers and footers of the master pages (style:header,
 *      style:footer and their -left/-first variants), kept aside;
 *   2. content.xml: its own font faces and automatic styles (they come
 *      before office:body), then the body: text:p and text:h are lines,
 *      table cells come in document order, text boxes (draw:text-box) open
 *      nested paragraphs.  Footnotes and endnotes (text:note) are put AFTER
 *      the body, like the .docx reader does, so the body reads as printed;
 *      the citation mark is dropped.  Comments (office:annotation), tracked
 *      deletions (text:tracked-changes) and image titles/descriptions are
 *      skipped.  Whitespace is collapsed as ODF specifies; text:s, text:tab
 *      and text:line-break give the spaces, tabs and breaks;
 *   3. meta.xml: dc:title, meta:initial-creator (else dc:creator),
 *      meta:creation-date.
 * Then come the notes, then each distinct header/footer text once.
 *
 * Legacy fonts: the encoding of text follows the style of the innermost
 * text:span (or text:a), else the paragraph: style:style →
 * style:text-properties style:font-name → style:font-face svg:font-family
 * (or fo:font-family directly), through the style:parent-style-name chain,
 * down to the paragraph default style.  Automatic styles of content.xml and
 * of styles.xml may share names (P1…), so each style remembers which file
 * and section it came from and a lookup prefers the current file's.
 */
#include "config.h"
#include "tr_ooxml_int.h"
#include "tr_i18n.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum { NS_OTHER, NS_TEXT, NS_STYLE, NS_OFFICE, NS_SVG, NS_FO, NS_META, NS_DC,
       NS_COUNT };
static const char *const NS_URI[NS_COUNT] = {
    "",
    "urn:oasis:names:tc:opendocument:xmlns:text:1.0",
    "urn:oasis:names:tc:opendocument:xmlns:style:1.0",
    "urn:oasis:names:tc:opendocument:xmlns:office:1.0",
    "urn:oasis:names:tc:opendocument:xmlns:svg-compatible:1.0",
    "urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0",
    "urn:oasis:names:tc:opendocument:xmlns:meta:1.0",
    "http://purl.org/dc/elements/1.1/",
};

enum {
    N_P, N_H, N_SPAN, N_A, N_S, N_TAB, N_LB, N_NOTE, N_CITATION, N_ANNOT, N_TRACKED,
    N_TITLE, N_DESC, N_FONTFACE, N_STYLE, N_DEFSTYLE, N_TEXTPROPS, N_HEADER, N_FOOTER,
    N_HEADER_L, N_FOOTER_L, N_HEADER_F, N_FOOTER_F, N_AUTOSTYLES, N_BODY,
    N_INITIAL_CREATOR, N_CREATOR, N_CREATION_DATE, N_COUNT
};
static const char *const NAMES[N_COUNT] = {
    "p", "h", "span", "a", "s", "tab", "line-break", "note", "note-citation", "annotation",
    "tracked-changes", "title", "desc", "font-face", "style", "default-style",
    "text-properties", "header", "footer", "header-left", "footer-left", "header-first",
    "footer-first", "automatic-styles", "body", "initial-creator", "creator",
    "creation-date"
};

typedef struct {
    char *name;
    char *parent;
    int origin;    /* 0 styles.xml common, 1 styles.xml automatic, 2 content.xml */
    int own;       /* tr_legacy of its text-properties, -1 unset */
    int res;       /* resolved through parents, -2 not yet */
    int next;      /* the next style in the same hash bucket, -1 */
} ostyle;

typedef struct {
    char *name;
    tr_legacy enc;
} oface;

#define MAXSP 64

typedef struct {
    tr_ox_zip z;
    tr_ox_sink s;
    ostyle *st;
    size_t nst, capst;
    int *bucket;                /* hash of style names: capst buckets */
    oface *ff;
    size_t nff, capff;
    int def_enc;                /* the default paragraph style's, -1 unset */
    int scope;                  /* 1 reading styles.xml, 2 content.xml */
    const xmlChar *nm[N_COUNT];
    const char *nsptr[8];
    int nsid[8];
    unsigned nsn;
    int enc[MAXSP];             /* encoding of the open p/h/span/a */
    int counted[MAXSP];
    int sp;
    int in_p;                   /* open text:p/text:h */
    int ws;                     /* last output was whitespace (collapse) */
    tr_buf notes, hf, part;
    tr_ox_seen seen;
} odt;

static void intern(odt *d, tr_ox_part *p)
{
    for (int i = 0; i < N_COUNT; i++)
        d->nm[i] = xmlTextReaderConstString(p->rd, BAD_CAST NAMES[i]);
    d->nsn = 0;
}

/* Namespace of the current node, cached by xmlNs pointer. */
static int nsof(odt *d, tr_ox_part *p)
{
    const char *ns = tr_ox_ns(p);
    if (!ns)
        return NS_OTHER;
    for (unsigned i = 0; i < d->nsn; i++)
        if (d->nsptr[i] == ns)
            return d->nsid[i];
    int id = NS_OTHER;
    for (int i = 1; i < NS_COUNT; i++)
        if (!strcmp(ns, NS_URI[i]))
            id = i;
    unsigned slot = d->nsn < 8 ? d->nsn++ : 7;
    d->nsptr[slot] = ns;
    d->nsid[slot] = id;
    return id;
}

static char *attr(tr_ox_part *p, int ns, const char *local)
{
    return tr_ox_attr(p, NS_URI[ns], local);
}

/* "'.VnTime'" -> ".VnTime" in place */
static void unquote(char *s)
{
    size_t n = strlen(s);
    if (n >= 2 && (s[0] == '\'' || s[0] == '"') && s[n - 1] == s[0]) {
        memmove(s, s + 1, n - 2);
        s[n - 2] = 0;
    }
}

static int font_enc(odt *d, tr_ox_part *p)
{
    char *v = attr(p, NS_STYLE, "font-name");
    int e = -1;
    if (v) {
        for (size_t i = 0; i < d->nff; i++)
            if (!strcmp(d->ff[i].name, v))
                e = d->ff[i].enc;
        if (e < 0)
            e = tr_legacy_font(v);
        xmlFree(v);
        return e;
    }
    v = attr(p, NS_FO, "font-family");
    if (v) {
        unquote(v);
        e = tr_legacy_font(v);
        xmlFree(v);
    }
    return e;
}

static int add_face(odt *d, tr_ox_part *p)
{
    char *name = attr(p, NS_STYLE, "name");
    if (!name)
        return 0;
    char *fam = attr(p, NS_SVG, "font-family");
    if (fam)
        unquote(fam);
    tr_legacy e = tr_legacy_font(fam ? fam : name);
    xmlFree(fam);
    if (d->nff == d->capff) {
        size_t nc = d->capff ? d->capff * 2 : 32;
        oface *n = realloc(d->ff, nc * sizeof *n);
        if (!n) {
            xmlFree(name);
            return -1;
        }
        d->ff = n;
        d->capff = nc;
    }
    d->ff[d->nff].name = name;
    d->ff[d->nff++].enc = e;
    return 0;
}

static size_t name_hash(const char *s, size_t mask)
{
    size_t h = 5381;
    while (*s)
        h = h * 33 + (unsigned char)*s++;
    return h & mask;
}

/* Paragraph and span styles are looked up at every text:p and text:span
 * of the body, and LibreOffice writes hundreds of automatic styles: a
 * hash table (capst buckets, rebuilt as the table doubles). */
static int add_style(odt *d, tr_ox_part *p, int origin)
{
    char *name = attr(p, NS_STYLE, "name");
    if (!name)
        return 0;
    if (d->nst == d->capst) {
        size_t nc = d->capst ? d->capst * 2 : 64;
        ostyle *n = realloc(d->st, nc * sizeof *n);
        int *b = n ? realloc(d->bucket, nc * sizeof *b) : NULL;
        if (n)
            d->st = n;
        if (!b) {
            xmlFree(name);
            return -1;
        }
        d->bucket = b;
        d->capst = nc;
        for (size_t i = 0; i < nc; i++)
            b[i] = -1;
        for (size_t i = 0; i < d->nst; i++) {
            size_t h = name_hash(d->st[i].name, nc - 1);
            d->st[i].next = b[h];
            b[h] = (int)i;
        }
    }
    ostyle *s = &d->st[d->nst];
    s->name = name;
    s->parent = attr(p, NS_STYLE, "parent-style-name");
    s->origin = origin;
    s->own = -1;
    s->res = -2;
    size_t h = name_hash(name, d->capst - 1);
    s->next = d->bucket[h];
    d->bucket[h] = (int)d->nst++;
    return 0;
}

static ostyle *find_style(odt *d, const char *name)
{
    ostyle *common = NULL;
    if (!name || !d->nst)
        return NULL;
    for (int i = d->bucket[name_hash(name, d->capst - 1)]; i >= 0; i = d->st[i].next)
        if (!strcmp(d->st[i].name, name)) {
            if (d->st[i].origin == d->scope)
                return &d->st[i];
            if (d->st[i].origin == 0 && !common)
                common = &d->st[i];
        }
    return common;
}

static int style_enc(odt *d, ostyle *s, int depth)
{
    if (!s)
        return -1;
    if (s->res != -2)
        return s->res;
    int e = s->own;
    if (e < 0 && depth < 32)
        e = style_enc(d, find_style(d, s->parent), depth + 1);
    if (depth == 0 || s->origin == 0)
        s->res = e;   /* parents are common styles: safe to memoize */
    return e;
}

static void push(odt *d, int enc)
{
    if (d->sp < MAXSP - 1)
        d->sp++;
    d->enc[d->sp] = enc;
    d->counted[d->sp] = 0;
}

static void pop(odt *d)
{
    if (d->sp > 0)
        d->sp--;
}

static void text(odt *d, const char *t, size_t n)
{
    int e = d->enc[d->sp];
    if (e > TR_LEG_NONE && !d->counted[d->sp]) {
        d->counted[d->sp] = 1;
        tr_ox_count_run(&d->s, (tr_legacy)e);
    }
    tr_ox_text(&d->s, e > 0 ? (tr_legacy)e : TR_LEG_NONE, t, n);
}

/* A text node of a paragraph: whitespace runs collapse to one space and
 * leading whitespace goes, as ODF says. */
static void text_node(odt *d, const char *t)
{
    const char *a = t, *c = t;
    for (; *c; c++) {
        char ch = *c;
        if (ch != ' ' && ch != '\n' && ch != '\t' && ch != '\r') {
            d->ws = 0;
            continue;
        }
        if (ch == ' ' && !d->ws) {   /* one space between words: kept as is */
            d->ws = 1;
            continue;
        }
        if (c > a)
            text(d, a, (size_t)(c - a));
        if (!d->ws)
            text(d, " ", 1);
        d->ws = 1;
        a = c + 1;
    }
    if (c > a)
        text(d, a, (size_t)(c - a));
}

static int is_hf(odt *d, const xmlChar *ln)
{
    return ln == d->nm[N_HEADER] || ln == d->nm[N_FOOTER] || ln == d->nm[N_HEADER_L] ||
           ln == d->nm[N_FOOTER_L] || ln == d->nm[N_HEADER_F] || ln == d->nm[N_FOOTER_F];
}

/* A password-protected ODF package keeps its manifest readable and gives
 * each encrypted entry a manifest:encryption-data element; its parts are
 * ciphertext that would only fail as "not XML". */
static int encrypted(odt *d)
{
    tr_ox_part p;
    if (tr_ox_part_open(&d->z, &p, "META-INF/manifest.xml") != TR_EX_OK)
        return 0;
    int enc = 0, r;
    while (!enc && (r = tr_ox_read(&p)) == 1)
        enc = xmlTextReaderNodeType(p.rd) == XML_READER_TYPE_ELEMENT &&
              strcmp((const char *)xmlTextReaderConstLocalName(p.rd), "encryption-data") == 0;
    tr_ox_part_close(&p);
    return enc;
}

/* Streams styles.xml (scope 1) or content.xml (scope 2). */
static int read_part(odt *d, const char *name, tr_extracted *x)
{
    tr_ox_part p;
    int rc = tr_ox_part_open(&d->z, &p, name);
    if (rc == TR_OX_MISSING) {
        if (d->scope == 2)
            snprintf(d->z.err, d->z.errsz, tr_lmsg("no content.xml in the archive (not an OpenDocument file)"));
        return d->scope == 2 ? TR_EX_FAIL : TR_EX_OK;
    }
    if (rc != TR_EX_OK)
        return rc;
    intern(d, &p);
    d->sp = 0;
    d->enc[0] = d->def_enc;
    d->in_p = 0;
    int origin = d->scope == 2 ? 2 : 0, cur = -1, hf_depth = -1, body = 0;
    int r = tr_ox_read(&p);
    while (r == 1 && !d->s.full && !d->s.nomem) {
        int type = xmlTextReaderNodeType(p.rd);
        if (type == XML_READER_TYPE_ELEMENT) {
            const xmlChar *ln = xmlTextReaderConstLocalName(p.rd);
            int ns = nsof(d, &p), empty = xmlTextReaderIsEmptyElement(p.rd);
            int depth = xmlTextReaderDepth(p.rd);
            if ((ns == NS_OFFICE && ln == d->nm[N_ANNOT]) ||
                (ns == NS_TEXT && (ln == d->nm[N_TRACKED] || ln == d->nm[N_CITATION])) ||
                (ns == NS_SVG && (ln == d->nm[N_TITLE] || ln == d->nm[N_DESC]))) {
                r = tr_ox_next(&p);
                continue;
            }
            if (ns == NS_TEXT && hf_depth < 0 && !body) {
                /* text outside the body and outside headers: none */
            } else if (ns == NS_TEXT) {
                if (ln == d->nm[N_P] || ln == d->nm[N_H]) {
                    char *sn = attr(&p, NS_TEXT, "style-name");
                    int e = style_enc(d, find_style(d, sn), 0);
                    xmlFree(sn);
                    tr_ox_para_start(&d->s);
                    d->ws = 1;
                    if (empty) {
                        tr_ox_para_end(&d->s);
                    } else {
                        push(d, e >= 0 ? e : d->def_enc);
                        d->in_p++;
                    }
                } else if ((ln == d->nm[N_SPAN] || ln == d->nm[N_A]) && !empty) {
                    char *sn = attr(&p, NS_TEXT, "style-name");
                    int e = style_enc(d, find_style(d, sn), 0);
                    xmlFree(sn);
                    push(d, e >= 0 ? e : d->enc[d->sp]);
                } else if (ln == d->nm[N_S] && d->in_p) {
                    char *c = attr(&p, NS_TEXT, "c");
                    long n = c ? strtol(c, NULL, 10) : 1;
                    xmlFree(c);
                    for (long i = 0; i < (n < 1 ? 1 : n > 1000 ? 1000 : n); i++)
                        text(d, " ", 1);
                    d->ws = 1;
                } else if (ln == d->nm[N_TAB] && d->in_p) {
                    tr_ox_char(&d->s, '\t');
                    d->ws = 1;
                } else if (ln == d->nm[N_LB] && d->in_p) {
                    tr_ox_char(&d->s, '\n');
                    d->ws = 1;
                } else if (ln == d->nm[N_NOTE] && !empty) {
                    tr_ox_redirect(&d->s, &d->notes);
                }
            } else if (ns == NS_STYLE) {
                if (ln == d->nm[N_FONTFACE]) {
                    if (add_face(d, &p))
                        rc = TR_EX_NOMEM;
                } else if (ln == d->nm[N_STYLE] && depth == 2) {
                    if (add_style(d, &p, origin))
                        rc = TR_EX_NOMEM;
                    cur = empty ? -1 : (int)d->nst - 1;
                } else if (ln == d->nm[N_DEFSTYLE] && depth == 2) {
                    char *fam = attr(&p, NS_STYLE, "family");
                    cur = fam && !strcmp(fam, "paragraph") && !empty ? -2 : -1;
                    xmlFree(fam);
                } else if (ln == d->nm[N_TEXTPROPS] && cur != -1 && depth == 3) {
                    int e = font_enc(d, &p);
                    if (e >= 0 && cur == -2)
                        d->def_enc = e;
                    else if (e >= 0 && cur < (int)d->nst)
                        d->st[cur].own = e;
                } else if (is_hf(d, ln) && d->scope == 1 && !empty) {
                    hf_depth = depth;
                    tr_buf_clear(&d->part);
                    tr_ox_redirect(&d->s, &d->part);
                }
            } else if (ns == NS_OFFICE) {
                if (ln == d->nm[N_AUTOSTYLES])
                    origin = d->scope == 2 ? 2 : 1;
                else if (ln == d->nm[N_BODY] && d->scope == 2)
                    body = 1;
            }
            if (rc != TR_EX_OK)
                break;
        } else if (type == XML_READER_TYPE_END_ELEMENT) {
            const xmlChar *ln = xmlTextReaderConstLocalName(p.rd);
            int ns = nsof(d, &p);
            if (ns == NS_TEXT) {
                if ((ln == d->nm[N_P] || ln == d->nm[N_H]) && d->in_p) {
                    tr_ox_para_end(&d->s);
                    d->in_p--;
                    pop(d);
                } else if ((ln == d->nm[N_SPAN] || ln == d->nm[N_A]) && d->sp > 0) {
                    pop(d);
                } else if (ln == d->nm[N_NOTE]) {
                    tr_ox_redirect(&d->s, hf_depth >= 0 ? &d->part : &x->text);
                }
            } else if (ns == NS_STYLE && xmlTextReaderDepth(p.rd) == hf_depth && is_hf(d, ln)) {
                hf_depth = -1;
                tr_ox_redirect(&d->s, &x->text);
                if (tr_ox_append_part(&d->s, &d->hf, &d->part, &d->seen))
                    rc = TR_EX_NOMEM;
            } else if (ns == NS_STYLE && xmlTextReaderDepth(p.rd) == 2) {
                cur = -1;
            }
            if (rc != TR_EX_OK)
                break;
        } else if (d->in_p && (type == XML_READER_TYPE_TEXT || type == XML_READER_TYPE_CDATA ||
                               type == XML_READER_TYPE_SIGNIFICANT_WHITESPACE ||
                               type == XML_READER_TYPE_WHITESPACE)) {
            const char *v = (const char *)xmlTextReaderConstValue(p.rd);
            if (v)
                text_node(d, v);
        }
        r = tr_ox_read(&p);
    }
    tr_ox_redirect(&d->s, &x->text);
    if (r < 0 && rc == TR_EX_OK) {
        rc = tr_ox_part_fail(&p);
        if (rc == TR_EX_FAIL && d->scope == 1 && !p.failed) {   /* broken styles */
            char msg[300];
            snprintf(msg, sizeof msg, tr_lmsg("styles ignored: %s"), d->z.err);
            d->z.err[0] = 0;
            rc = tr_extracted_note(x, msg) ? TR_EX_NOMEM : TR_EX_OK;
        }
    }
    tr_ox_part_close(&p);
    return d->s.nomem ? TR_EX_NOMEM : rc;
}

static int read_meta(odt *d, tr_extracted *x)
{
    tr_ox_part p;
    int rc = tr_ox_part_open(&d->z, &p, "meta.xml");
    if (rc == TR_OX_MISSING)
        return TR_EX_OK;
    if (rc != TR_EX_OK)
        return rc;
    intern(d, &p);
    tr_buf v = {0};
    char *creator = NULL;
    int which = -1, r;
    while ((r = tr_ox_read(&p)) == 1) {
        int type = xmlTextReaderNodeType(p.rd);
        if (type == XML_READER_TYPE_ELEMENT && !xmlTextReaderIsEmptyElement(p.rd)) {
            const xmlChar *ln = xmlTextReaderConstLocalName(p.rd);
            int ns = nsof(d, &p);
            which = ns == NS_DC && ln == d->nm[N_TITLE] ? 0
                  : ns == NS_META && ln == d->nm[N_INITIAL_CREATOR] ? 1
                  : ns == NS_DC && ln == d->nm[N_CREATOR] ? 2
                  : ns == NS_META && ln == d->nm[N_CREATION_DATE] ? 3 : -1;
            tr_buf_clear(&v);
        } else if (type == XML_READER_TYPE_END_ELEMENT && which >= 0) {
            size_t a = 0, e = v.len;
            while (a < e && (v.data[a] == ' ' || v.data[a] == '\n' || v.data[a] == '\t'))
                a++;
            while (e > a && (v.data[e - 1] == ' ' || v.data[e - 1] == '\n' || v.data[e - 1] == '\t'))
                e--;
            char *t = a < e && e - a < 4096 ? strndup(v.data + a, e - a) : NULL;
            char **slot = which == 0 ? &x->title : which == 1 ? &x->author
                        : which == 2 ? &creator : &x->created;
            if (which == 3 && t) {
                char *dt = tr_ox_date(t);
                free(t);
                t = dt;
            }
            if (!*slot)
                *slot = t;
            else
                free(t);
            which = -1;
        } else if (which >= 0 && (type == XML_READER_TYPE_TEXT || type == XML_READER_TYPE_CDATA)) {
            const char *s = (const char *)xmlTextReaderConstValue(p.rd);
            if (s && v.len < 4096 && tr_buf_adds(&v, s)) {
                rc = TR_EX_NOMEM;
                break;
            }
        }
    }
    if (!x->author) {
        x->author = creator;
        creator = NULL;
    }
    free(creator);
    tr_buf_free(&v);
    if (r < 0 && rc == TR_EX_OK) {
        rc = tr_ox_part_fail(&p);
        if (rc == TR_EX_FAIL && !p.failed) {
            d->z.err[0] = 0;
            rc = tr_extracted_note(x, tr_lmsg("meta.xml is not XML: properties ignored"))
                     ? TR_EX_NOMEM : TR_EX_OK;
        }
    }
    tr_ox_part_close(&p);
    return rc;
}

int tr_extract_odt(const char *data, size_t len, const tr_extract_opts *o,
                   tr_extracted *x, char *err, size_t errsz)
{
    odt d;
    memset(&d, 0, sizeof d);
    d.def_enc = -1;
    x->format = TR_FMT_ODT;
    x->extractor = "libzip+libxml2";
    if (errsz)
        err[0] = 0;
    int rc = tr_ox_open(&d.z, data, len, o, err, errsz);
    if (rc != TR_EX_OK)
        return rc;
    if (encrypted(&d)) {
        tr_ox_close(&d.z);
        snprintf(err, errsz, tr_lmsg("encrypted (password-protected) OpenDocument file, skipped"));
        return TR_EX_FAIL;
    }
    d.s.out = &x->text;
    d.s.max_text = o->max_text;
    d.scope = 1;
    rc = read_part(&d, "styles.xml", x);
    if (rc == TR_EX_OK) {
        d.scope = 2;
        rc = read_part(&d, "content.xml", x);
    }
    if (rc == TR_EX_OK && (tr_ox_append_part(&d.s, &x->text, &d.notes, NULL) ||
                           tr_ox_append_part(&d.s, &x->text, &d.hf, NULL)))
        rc = TR_EX_NOMEM;
    if (rc == TR_EX_OK)
        rc = read_meta(&d, x);
    if (rc == TR_EX_OK)
        rc = tr_ox_finish(&d.s, x, err, errsz);
    tr_buf_free(&d.s.pend);
    tr_buf_free(&d.notes);
    tr_buf_free(&d.hf);
    tr_buf_free(&d.part);
    for (size_t i = 0; i < d.nst; i++) {
        xmlFree(d.st[i].name);
        xmlFree(d.st[i].parent);
    }
    for (size_t i = 0; i < d.nff; i++)
        xmlFree(d.ff[i].name);
    free(d.st);
    free(d.bucket);
    free(d.ff);
    tr_ox_close(&d.z);
    return rc;
}

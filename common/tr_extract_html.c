/*
 * tr_extract_html.c — the text of an HTML page or of a Word "web page"
 * (.doc/.htm saved as HTML), with libxml2's HTML parser.
 *
 * Bytes to UTF-8 first, by us rather than by libxml2, so that one rule
 * holds whatever the page says: a BOM wins, then a <meta charset> or
 * <meta http-equiv content-type> in the first 4 KB, then UTF-8 when the
 * bytes are valid UTF-8, else Windows-1252 (what browsers do).  The
 * conversion is iconv(3), which knows windows-1258 and composes its tones;
 * an invalid byte becomes U+FFFD; an unknown charset or x-user-defined is
 * read as UTF-8 with replacement (tr_html_charset.c).  libxml2 then gets
 * UTF-8 and is told to ignore the page's own declaration
 * (HTML_PARSE_IGNORE_ENC).
 *
 * The tree is walked without recursion (libxml2 caps the depth, but the
 * walk should not depend on that) and laid out like a browser would for a
 * reader, not for a screen:
 *   - runs of white space collapse to one space, except inside <pre>;
 *     block elements (p, div, li, h1-h6, tr, td/th…) end a line, so table
 *     cells come one per line; <br> ends a line; a CSS page-break-before
 *     (Word's page breaks) emits '\f';
 *   - script, style, head (but <title>), comments (Word's <!--[if …]>
 *     blocks) and the furniture of portal pages are skipped: nav, aside,
 *     form controls, iframes, page-level header/footer, and elements
 *     whose class or id is a word such as menu, nav, breadcrumb, sidebar
 *     or footer.  That last rule is a guess about someone else's markup,
 *     so it is checked: when it leaves almost nothing of a page that has
 *     text, the page is read again without it;
 *   - a run in a legacy Vietnamese font (style="font-family:.VnTime" or
 *     <font face="VNI-Times">) was saved as the Windows-1252 reading of
 *     its bytes; tr_legacy_decode_utf8 converts it back.
 *
 * <title> gives the title, <meta name=author> the author, and the first
 * of the usual date metas (article:published_time, date, dcterms.created,
 * created…) in ISO form the creation date; Word pages keep theirs in
 * <o:Author>/<o:Created> inside a conditional comment, read as well.
 *
 * o->max_text is a failure, as in the RTF reader.  libxml2 is initialised
 * once by xmlInitParser (thread-safe); the reader has no other state.
 */
#include "config.h"
#include "tr_extract.h"
#include "tr_i18n.h"

#include <ctype.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <utf8proc.h>

#include <libxml/HTMLparser.h>
#include <libxml/tree.h>

#include "tr_html_charset.h"
#include "tr_html_font.h"
#include "tr_legacy.h"
#include "tr_utf8.h"

/* ---- the walk ---- */

typedef struct {
    tr_buf out;
    tr_html_fonts css;  /* <style> rules that set a legacy font */
    int at_line;        /* nothing on the current line yet */
    int space;          /* a collapsed space is pending */
    int filter;         /* apply the class/id furniture rule */
    size_t max_text;
    int nomem, over;
    unsigned leg_runs[TR_LEG_COUNT];
    tr_buf tmp, plain;
} walker;

#define name_is tr_html_name_is

static int in_list(const xmlNode *n, const char *const *list)
{
    for (; *list; list++)
        if (name_is(n, *list))
            return 1;
    return 0;
}

static const char *const skipped[] = {
    "script", "style", "noscript", "template", "svg", "math", "head", "nav",
    "aside", "form", "button", "select", "textarea", "input", "iframe",
    "object", "embed", "canvas", "audio", "video", "xml", "menu", NULL};

static const char *const blocks[] = {
    "p", "div", "li", "dt", "dd", "tr", "td", "th", "h1", "h2", "h3", "h4",
    "h5", "h6", "blockquote", "pre", "address", "article", "section", "main",
    "table", "thead", "tbody", "tfoot", "caption", "ul", "ol", "dl", "hr",
    "figure", "figcaption", "center", "fieldset", "legend", "details",
    "summary", "header", "footer", "body", "html", "title", NULL};

/* Words of a class or id that name page furniture. */
static const char *const furniture[] = {
    "menu", "nav", "navbar", "navigation", "breadcrumb", "breadcrumbs",
    "sidebar", "footer", "topbar", "menubar", NULL};

/* 1 if the value (class or id) has a furniture word.  Words are split on
 * anything but letters and digits; "has-sidebar", "no-footer"… are layout
 * modifiers of a wrapper that holds the article, so a token starting with
 * has/with/no/is is not looked into. */
static int furniture_value(const char *v)
{
    while (*v) {
        while (*v == ' ' || *v == '\t' || *v == '\n')
            v++;
        const char *t = v;
        while (*v && *v != ' ' && *v != '\t' && *v != '\n')
            v++;
        size_t tl = (size_t)(v - t);
        if (!tl)
            break;
        if ((tl > 4 && !strncasecmp(t, "has", 3) && !isalnum((unsigned char)t[3])) ||
            (tl > 5 && !strncasecmp(t, "with", 4) && !isalnum((unsigned char)t[4])) ||
            (tl > 3 && !strncasecmp(t, "no", 2) && !isalnum((unsigned char)t[2])) ||
            (tl > 3 && !strncasecmp(t, "is", 2) && !isalnum((unsigned char)t[2])))
            continue;
        for (size_t a = 0; a < tl;) {
            while (a < tl && !isalnum((unsigned char)t[a]))
                a++;
            size_t b = a;
            while (b < tl && isalnum((unsigned char)t[b]))
                b++;
            for (const char *const *f = furniture; *f; f++)
                if (b - a == strlen(*f) && !strncasecmp(t + a, *f, b - a))
                    return 1;
            a = b;
        }
    }
    return 0;
}

static int has_ancestor(const xmlNode *n, const char *a, const char *b)
{
    for (n = n->parent; n; n = n->parent)
        if (n->type == XML_ELEMENT_NODE && (name_is(n, a) || name_is(n, b)))
            return 1;
    return 0;
}

/* A copy of attribute name of n with white space removed, lower-cased
 * (for CSS tests), or NULL. */
static char *attr_squeezed(const xmlNode *n, const char *name)
{
    xmlChar *v = xmlGetNoNsProp(n, (const xmlChar *)name);
    if (!v)
        return NULL;
    char *s = (char *)v, *w = s;
    for (char *r = s; *r; r++)
        if (!isspace((unsigned char)*r))
            *w++ = (char)tolower((unsigned char)*r);
    *w = 0;
    return s;
}

/* Copies s[0..n) to out without Word's downlevel-revealed conditionals,
 * "<![if !supportLists]>" and "<![endif]>", which libxml2 leaves in text
 * (their content, a list bullet or a footnote number, stays). */
static int strip_downlevel(const char *s, size_t n, tr_buf *out)
{
    tr_buf_clear(out);
    size_t i = 0;
    while (i < n) {
        const char *m = memchr(s + i, '<', n - i);
        size_t j = m ? (size_t)(m - s) : n;
        if (tr_buf_add(out, s + i, j - i))
            return -1;
        if (j == n)
            break;
        if (n - j >= 5 && !memcmp(s + j, "<![if", 5)) {
            const char *e = memchr(s + j, '>', n - j);
            i = e ? (size_t)(e - s) + 1 : n;
        } else if (n - j >= 10 && !memcmp(s + j, "<![endif]>", 10)) {
            i = j + 10;
        } else {
            if (tr_buf_addc(out, '<'))
                return -1;
            i = j + 1;
        }
    }
    return 0;
}

/* A footnote reference or back-link: <a href="#…">1</a>, "[1]", "↩". */
static int footnote_link(const xmlNode *n)
{
    xmlChar *href = xmlGetNoNsProp(n, (const xmlChar *)"href");
    int internal = href && href[0] == '#';
    xmlFree(href);
    if (!internal)
        return 0;
    xmlChar *raw = xmlNodeGetContent(n);
    if (!raw)
        return 0;
    tr_buf tb = {0};
    if (strip_downlevel((const char *)raw, strlen((const char *)raw), &tb) || !tb.data) {
        xmlFree(raw);
        tr_buf_free(&tb);
        return 0;
    }
    xmlFree(raw);
    char *t = tb.data;
    const char *s = t;
    size_t digits = 0, other = 0;
    for (; *s; s++) {
        if (*s >= '0' && *s <= '9')
            digits++;
        else if (*s != '[' && *s != ']' && *s != '(' && *s != ')' && *s != ' ' && *s != '*' &&
                 !((unsigned char)*s >= 0x80))
            other++;
    }
    size_t len = strlen(t);
    tr_buf_free(&tb);
    return other == 0 && len <= 12 && (digits || len);
}

static int skip_element(const walker *w, const xmlNode *n)
{
    if (in_list(n, skipped))
        return 1;
    if (name_is(n, "a") && footnote_link(n))
        return 1;
    if ((name_is(n, "header") || name_is(n, "footer")) &&
        !has_ancestor(n, "article", "main"))
        return 1;
    if (xmlHasProp(n, (const xmlChar *)"hidden"))
        return 1;
    char *st = attr_squeezed(n, "style");
    int hide = st && (strstr(st, "display:none") || strstr(st, "mso-hide:all"));
    free(st);
    if (hide)
        return 1;
    if (w->filter && !name_is(n, "body") && !name_is(n, "html") && !name_is(n, "main") &&
        !name_is(n, "article")) {
        static const char *const attrs[] = {"class", "id", "role", NULL};
        for (const char *const *a = attrs; *a; a++) {
            xmlChar *v = xmlGetNoNsProp(n, (const xmlChar *)*a);
            int f = v && furniture_value((const char *)v);
            xmlFree(v);
            if (f)
                return 1;
        }
    }
    return 0;
}

static void emit(walker *w, const char *s, size_t n)
{
    if (tr_buf_add(&w->out, s, n))
        w->nomem = 1;
    if (w->out.len > w->max_text)
        w->over = 1;
}

static void end_line(walker *w)
{
    if (!w->at_line)
        emit(w, "\n", 1);
    w->at_line = 1;
    w->space = 0;
}

/* Text in flow: white space collapsed, or kept inside <pre>. */
static void text(walker *w, const char *s, size_t n, int pre)
{
    size_t i = 0;
    while (i < n) {
        unsigned char c = (unsigned char)s[i];
        if (pre) {
            if (c == '\r') {
                i++;
                continue;
            }
            emit(w, s + i, 1);
            w->at_line = c == '\n';
            i++;
            continue;
        }
        if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' ||
            (c == 0xC2 && i + 1 < n && (unsigned char)s[i + 1] == 0xA0)) {
            if (!w->at_line)
                w->space = 1;
            i += c == 0xC2 ? 2 : 1;
            continue;
        }
        size_t j = i;
        while (j < n && s[j] != ' ' && s[j] != '\t' && s[j] != '\n' && s[j] != '\r' &&
               s[j] != '\f' && !((unsigned char)s[j] == 0xC2 && j + 1 < n &&
                                 (unsigned char)s[j + 1] == 0xA0))
            j++;
        if (w->space)
            emit(w, " ", 1);
        w->space = 0;
        w->at_line = 0;
        emit(w, s + i, j - i);
        i = j;
    }
}

/* One walk of the body; legacy fonts and <pre> are tracked on a small
 * stack of what each open element set. */
static void walk(walker *w, xmlNode *root)
{
    enum { DEPTH = 4096 };
    signed char *leg = malloc(DEPTH), *pre = malloc(DEPTH);
    if (!leg || !pre) {
        w->nomem = 1;
        free(leg);
        free(pre);
        return;
    }
    int d = 0;
    leg[0] = TR_LEG_NONE;
    pre[0] = 0;
    xmlNode *n = root;
    while (n && !w->nomem && !w->over) {
        int descend = 0;
        if (n->type == XML_ELEMENT_NODE && !skip_element(w, n)) {
            if (name_is(n, "br")) {
                char *st = attr_squeezed(n, "style");
                if (st && strstr(st, "page-break-before:always")) {
                    end_line(w);
                    emit(w, "\f", 1);
                } else {
                    emit(w, "\n", 1);
                }
                free(st);
                w->at_line = 1;
                w->space = 0;
            } else {
                char *st = attr_squeezed(n, "style");
                if (st && strstr(st, "page-break-before:always")) {
                    end_line(w);
                    emit(w, "\f", 1);
                }
                free(st);
                if (in_list(n, blocks))
                    end_line(w);
                if (n->children && d + 1 < DEPTH) {
                    int f = tr_html_element_font(&w->css, n);
                    leg[d + 1] = f >= 0 ? (signed char)f : leg[d];
                    pre[d + 1] = pre[d] || name_is(n, "pre") || name_is(n, "textarea");
                    d++;
                    descend = 1;
                }
            }
        } else if ((n->type == XML_TEXT_NODE || n->type == XML_CDATA_SECTION_NODE) &&
                   n->content) {
            const char *s = (const char *)n->content;
            size_t len = strlen(s);
            if (memchr(s, '<', len)) {
                if (strip_downlevel(s, len, &w->plain)) {
                    w->nomem = 1;
                    break;
                }
                s = w->plain.data ? w->plain.data : "";
                len = w->plain.len;
            }
            if (leg[d] != TR_LEG_NONE) {
                tr_buf_clear(&w->tmp);
                if (tr_legacy_decode_utf8((tr_legacy)leg[d], s, len, &w->tmp)) {
                    w->nomem = 1;
                    break;
                }
                w->leg_runs[(int)leg[d]]++;
                text(w, w->tmp.data ? w->tmp.data : "", w->tmp.len, pre[d]);
            } else {
                text(w, s, len, pre[d]);
            }
        }
        if (descend) {
            n = n->children;
            continue;
        }
        /* next: a sibling, or up until there is one (ending blocks) */
        while (n && n != root && !n->next) {
            n = n->parent;
            d--;
            if (n && n->type == XML_ELEMENT_NODE && in_list(n, blocks))
                end_line(w);
        }
        if (!n || n == root)
            break;
        n = n->next;
    }
    free(leg);
    free(pre);
}

/* ---- metadata ---- */

/* The next node of a document-order traversal of the whole tree. */
static xmlNode *next_node(xmlNode *n)
{
    if (n->children && n->type == XML_ELEMENT_NODE)
        return n->children;
    while (n && !n->next)
        n = n->parent;
    return n ? n->next : NULL;
}

/* s with white space collapsed and trimmed, malloc'd; NULL if empty. */
static char *squeeze(const char *s, size_t n)
{
    walker w = {0};
    w.at_line = 1;
    w.max_text = (size_t)-1;
    text(&w, s, n, 0);
    if (w.nomem || !w.out.len) {
        tr_buf_free(&w.out);
        return NULL;
    }
    return w.out.data;
}

/* "YYYY-MM-DD" from the start of an ISO date (also YYYY/MM/DD). */
static char *iso_date(const char *s)
{
    while (*s == ' ')
        s++;
    int y, m, d;
    char sep1, sep2;
    if (sscanf(s, "%4d%c%2d%c%2d", &y, &sep1, &m, &sep2, &d) != 5 || sep1 != sep2 ||
        (sep1 != '-' && sep1 != '/') || y < 1900 || y > 2999 || m < 1 || m > 12 ||
        d < 1 || d > 31)
        return NULL;
    char out[16];
    snprintf(out, sizeof out, "%04d-%02d-%02d", y, m, d);
    return strdup(out);
}

/* The text between <o:tag> and </o:tag> in a comment, squeezed. */
static char *office_prop(const char *c, const char *tag)
{
    char open[40], close[40];
    snprintf(open, sizeof open, "<o:%s>", tag);
    snprintf(close, sizeof close, "</o:%s>", tag);
    const char *a = strstr(c, open);
    if (!a)
        return NULL;
    a += strlen(open);
    const char *z = strstr(a, close);
    return z ? squeeze(a, (size_t)(z - a)) : NULL;
}

static const char *const date_metas[] = {
    "article:published_time", "date", "dcterms.created", "dc.date.created",
    "dc.date", "dcterms.date", "dcterms.issued", "created", "pubdate",
    "publishdate", NULL};

static const char *const author_metas[] = {
    "author", "dcterms.creator", "dc.creator", "article:author", NULL};

static int metadata(xmlDoc *doc, tr_extracted *x)
{
    int date_rank = 100;
    for (xmlNode *n = xmlDocGetRootElement(doc); n; n = next_node(n)) {
        if (n->type == XML_COMMENT_NODE && n->content &&
            strstr((const char *)n->content, "<o:DocumentProperties")) {
            const char *c = (const char *)n->content;
            if (!x->author)
                x->author = office_prop(c, "Author");
            char *cr = office_prop(c, "Created");
            if (cr && date_rank > 50) {
                char *d = iso_date(cr);
                if (d) {
                    free(x->created);
                    x->created = d;
                    date_rank = 50;
                }
            }
            free(cr);
            continue;
        }
        if (n->type != XML_ELEMENT_NODE)
            continue;
        if (name_is(n, "title") && !x->title && !has_ancestor(n, "svg", "body")) {
            xmlChar *t = xmlNodeGetContent(n);
            if (t) {
                x->title = squeeze((const char *)t, strlen((const char *)t));
                xmlFree(t);
            }
        } else if (name_is(n, "meta")) {
            xmlChar *name = xmlGetNoNsProp(n, (const xmlChar *)"name");
            if (!name)
                name = xmlGetNoNsProp(n, (const xmlChar *)"property");
            xmlChar *content = xmlGetNoNsProp(n, (const xmlChar *)"content");
            if (name && content) {
                const char *nm = (const char *)name;
                for (int k = 0; author_metas[k] && !x->author; k++)
                    if (!strcasecmp(nm, author_metas[k]))
                        x->author = squeeze((const char *)content,
                                            strlen((const char *)content));
                for (int k = 0; date_metas[k] && k < date_rank; k++)
                    if (!strcasecmp(nm, date_metas[k])) {
                        char *d = iso_date((const char *)content);
                        if (d) {
                            free(x->created);
                            x->created = d;
                            date_rank = k;
                        }
                        break;
                    }
            }
            xmlFree(name);
            xmlFree(content);
        }
    }
    return 0;
}

/* ---- the reader ---- */

/* Bytes of text other than white space (and U+00A0) in b. */
static size_t ink(const tr_buf *b)
{
    size_t k = 0;
    for (size_t i = 0; i < b->len; i++) {
        unsigned char c = (unsigned char)b->data[i];
        if (c == 0xC2 && i + 1 < b->len && (unsigned char)b->data[i + 1] == 0xA0)
            i++;
        else if (c != ' ' && c != '\n' && c != '\t' && c != '\f')
            k++;
    }
    return k;
}

static int run_walk(walker *w, xmlDoc *doc, xmlNode *body, int filter, size_t max_text)
{
    memset(w, 0, sizeof *w);
    for (xmlNode *n = xmlDocGetRootElement(doc); n; n = next_node(n))
        if (n->type == XML_ELEMENT_NODE && name_is(n, "style")) {
            xmlChar *css = xmlNodeGetContent(n);
            if (css)
                tr_html_css_scan(&w->css, (const char *)css);
            xmlFree(css);
        }
    w->at_line = 1;
    w->filter = filter;
    w->max_text = max_text;
    walk(w, body);
    tr_buf_free(&w->tmp);
    tr_buf_free(&w->plain);
    if (w->nomem)
        return TR_EX_NOMEM;
    return w->over ? TR_EX_FAIL : TR_EX_OK;
}

int tr_extract_html(const char *data, size_t len, const tr_extract_opts *o,
                    tr_extracted *x, char *err, size_t errsz)
{
    tr_buf u = {0};
    const char *cs = "UTF-8";
    size_t max_text = o ? o->max_text : (size_t)-1;
    if (tr_html_to_utf8(data, len, &u, &cs)) {
        tr_buf_free(&u);
        return TR_EX_NOMEM;
    }
    if (!strcmp(cs, "CP1258") || !strcmp(cs, "VISCII") || !strcmp(cs, "TCVN3"))
        snprintf(x->enc.name, sizeof x->enc.name, "%s", cs);
    if (u.len > INT32_MAX) {
        tr_buf_free(&u);
        snprintf(err, errsz, tr_lmsg("HTML too large"));
        return TR_EX_FAIL;
    }
    xmlInitParser();
    xmlDoc *doc = htmlReadMemory(u.data ? u.data : "", (int)u.len, NULL, "UTF-8",
                                 HTML_PARSE_RECOVER | HTML_PARSE_NONET |
                                     HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING |
                                     HTML_PARSE_IGNORE_ENC | HTML_PARSE_COMPACT);
    tr_buf_free(&u);
    xmlNode *root = doc ? xmlDocGetRootElement(doc) : NULL;
    if (!root) {
        xmlFreeDoc(doc);
        snprintf(err, errsz, tr_lmsg("HTML without text"));
        return TR_EX_FAIL;
    }
    xmlNode *body = root;
    for (xmlNode *n = root; n; n = next_node(n))
        if (n->type == XML_ELEMENT_NODE && name_is(n, "body")) {
            body = n;
            break;
        }
    int rc = TR_EX_OK;
    walker w, all;
    memset(&all, 0, sizeof all);
    rc = run_walk(&w, doc, body, 1, max_text);
    if (rc == TR_EX_OK && ink(&w.out) < 200) {
        /* the furniture rule may have eaten the article: compare */
        rc = run_walk(&all, doc, body, 0, max_text);
        if (rc == TR_EX_OK && ink(&all.out) > 2 * ink(&w.out) + 50) {
            tr_buf_free(&w.out);
            w = all;
            memset(&all, 0, sizeof all);
            if (tr_extracted_note(x, tr_lmsg("HTML: page furniture rule left too little, not applied")))
                rc = TR_EX_NOMEM;
        }
    }
    tr_buf_free(&all.out);
    if (rc == TR_EX_FAIL)
        snprintf(err, errsz, tr_lmsg("extracted text over %zu MB"), max_text >> 20);
    if (rc == TR_EX_OK && !ink(&w.out)) {
        snprintf(err, errsz, tr_lmsg("HTML without text"));
        rc = TR_EX_FAIL;
    }
    if (rc == TR_EX_OK) {
        if (w.out.len && w.out.data[w.out.len - 1] != '\n' && tr_buf_addc(&w.out, '\n'))
            rc = TR_EX_NOMEM;
    }
    utf8proc_uint8_t *nfc = NULL;
    if (rc == TR_EX_OK) {
        utf8proc_ssize_t n = utf8proc_map((const utf8proc_uint8_t *)w.out.data,
                                          (utf8proc_ssize_t)w.out.len, &nfc,
                                          UTF8PROC_STABLE | UTF8PROC_COMPOSE);
        if (n < 0) {
            rc = n == UTF8PROC_ERROR_NOMEM ? TR_EX_NOMEM : TR_EX_FAIL;
            if (rc == TR_EX_FAIL)
                snprintf(err, errsz, tr_lmsg("HTML text is not UTF-8 after conversion"));
        } else {
            tr_buf_free(&x->text);
            x->text.data = (char *)nfc;
            x->text.len = (size_t)n;
            x->text.cap = (size_t)n + 1;
        }
    }
    tr_buf_free(&w.out);
    if (rc == TR_EX_OK) {
        x->format = TR_FMT_HTML;
        x->extractor = "libxml2";
        metadata(doc, x);
        /* the metadata came from the page's text: NFC it too */
        char **fields[] = {&x->title, &x->author};
        for (int i = 0; i < 2; i++)
            if (*fields[i]) {
                utf8proc_uint8_t *f = utf8proc_NFC((const utf8proc_uint8_t *)*fields[i]);
                if (f) {
                    free(*fields[i]);
                    *fields[i] = (char *)f;
                }
            }
        tr_legacy best = TR_LEG_NONE;
        unsigned runs = 0;
        for (int e = 1; e < TR_LEG_COUNT; e++) {
            runs += w.leg_runs[e];
            if (w.leg_runs[e] > w.leg_runs[best])
                best = (tr_legacy)e;
        }
        if (runs) {
            snprintf(x->enc.name, sizeof x->enc.name, "%s", tr_legacy_name(best));
            x->enc.runs = runs;
        }
        if (strcmp(cs, "UTF-8") && strcmp(cs, "meta")) {
            char note[64];
            snprintf(note, sizeof note, "HTML read as %s", cs);
            if (tr_extracted_note(x, note))
                rc = TR_EX_NOMEM;
        }
    }
    xmlFreeDoc(doc);
    return rc;
}

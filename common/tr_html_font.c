/*
 * tr_html_font.c — which runs of an HTML page are in a legacy Vietnamese
 * font (.VnTime, VNI-Times…), from inline styles, <font face> and the
 * rules of <style> sheets.  Private to the HTML reader (tr_extract_html.c).
 *
 * Why this is not a CSS parser: Word and the old editors that wrote these
 * pages set fonts in three plain ways (style="font-family:…", <font
 * face>, a class or element rule in one <style> sheet), and a page whose
 * bytes were typed in TCVN3 or VNI is only readable if those runs are
 * found.  Selectors are read as far as their last simple selector (".T1",
 * "p.MsoNormal", "body"); anything subtler is left alone, which costs a
 * run read as Windows-1252 and never a crash.
 */
#include <ctype.h>
#include <string.h>
#include <strings.h>

#include "tr_html_font.h"

int tr_html_name_is(const xmlNode *n, const char *name)
{
    return n->name && !strcasecmp((const char *)n->name, name);
}

/* strcasestr without _GNU_SOURCE. */
static const char *ci_find(const char *h, const char *needle)
{
    size_t n = strlen(needle);
    for (; *h; h++)
        if (!strncasecmp(h, needle, n))
            return h;
    return NULL;
}

int tr_html_element_font(const tr_html_fonts *w, const xmlNode *n)
{
    char fam[80];
    fam[0] = 0;
    xmlChar *v = xmlGetNoNsProp(n, (const xmlChar *)"style");
    if (v) {
        const char *s = (const char *)v, *p = s;
        while ((p = ci_find(p, "font-family")) != NULL) {
            if (p > s && (p[-1] == '-' || isalnum((unsigned char)p[-1]))) {
                p += 11;
                continue;
            }
            p += 11;
            while (*p == ' ' || *p == ':')
                p++;
            size_t k = 0;
            while (*p && *p != ',' && *p != ';' && k + 1 < sizeof fam)
                if (*p != '"' && *p != '\'')
                    fam[k++] = *p++;
                else
                    p++;
            while (k && fam[k - 1] == ' ')
                k--;
            fam[k] = 0;
            break;
        }
        xmlFree(v);
    }
    if (!fam[0] && tr_html_name_is(n, "font") && (v = xmlGetNoNsProp(n, (const xmlChar *)"face"))) {
        size_t k = 0;
        for (const char *p = (const char *)v; *p && *p != ',' && k + 1 < sizeof fam; p++)
            if (*p != '"' && *p != '\'')
                fam[k++] = *p;
        fam[k] = 0;
        xmlFree(v);
    }
    if (fam[0])
        return (int)tr_legacy_font(fam);
    /* a class or element a <style> rule gives a legacy font */
    if (!w->n)
        return -1;
    xmlChar *cls = xmlGetNoNsProp(n, (const xmlChar *)"class");
    int r = -1;
    for (int i = 0; i < w->n && r < 0; i++) {
        if (!w->v[i].is_class) {
            if (tr_html_name_is(n, w->v[i].name))
                r = (int)w->v[i].enc;
            continue;
        }
        if (!cls)
            continue;
        size_t nl = strlen(w->v[i].name);
        for (const char *c = (const char *)cls; *c;) {
            while (*c == ' ')
                c++;
            const char *e = c;
            while (*e && *e != ' ')
                e++;
            if ((size_t)(e - c) == nl && !strncmp(c, w->v[i].name, nl)) {
                r = (int)w->v[i].enc;
                break;
            }
            c = e;
        }
    }
    xmlFree(cls);
    return r;
}

/* The first family of a font-family declaration at p (after the colon). */
static void first_family(const char *p, char *fam, size_t famsz)
{
    size_t k = 0;
    while (*p == ' ' || *p == ':')
        p++;
    while (*p && *p != ',' && *p != ';' && *p != '}' && k + 1 < famsz)
        if (*p != '"' && *p != '\'')
            fam[k++] = *p++;
        else
            p++;
    while (k && (fam[k - 1] == ' ' || fam[k - 1] == '\n'))
        k--;
    fam[k] = 0;
}

/* Reads the rules of a <style> sheet that set a legacy font-family. */
void tr_html_css_scan(tr_html_fonts *w, const char *css)
{
    const char *p = css;
    while (*p && w->n < TR_HTML_CSS) {
        const char *open = strchr(p, '{');
        if (!open)
            break;
        const char *close = strchr(open, '}');
        if (!close)
            break;
        const char *ff = open;
        char fam[80] = "";
        while ((ff = ci_find(ff, "font-family")) != NULL && ff < close) {
            if (ff[-1] != '-') {
                first_family(ff + 11, fam, sizeof fam);
                break;
            }
            ff += 11;
        }
        tr_legacy enc = fam[0] ? tr_legacy_font(fam) : TR_LEG_NONE;
        if (enc != TR_LEG_NONE) {
            /* selectors: comma-separated; take the last simple selector's
             * class, or its element name */
            const char *a = p;
            while (a < open && w->n < TR_HTML_CSS) {
                const char *z = a;
                while (z < open && *z != ',')
                    z++;
                const char *e = z;
                while (e > a && isspace((unsigned char)e[-1]))
                    e--;
                const char *b = e;
                while (b > a && (isalnum((unsigned char)b[-1]) || b[-1] == '-' || b[-1] == '_'))
                    b--;
                tr_html_font *c = &w->v[w->n];
                size_t len = (size_t)(e - b);
                if (len && len < sizeof c->name) {
                    c->is_class = b > a && b[-1] == '.';
                    int bare = !c->is_class && (b == a || isspace((unsigned char)b[-1]));
                    if (c->is_class || bare) {
                        memcpy(c->name, b, len);
                        c->name[len] = 0;
                        c->enc = enc;
                        w->n++;
                    }
                }
                a = z + 1;
            }
        }
        p = close + 1;
    }
}

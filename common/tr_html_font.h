/*
 * tr_html_font — legacy Vietnamese fonts in HTML (tr_html_font.c).
 * Private to the HTML reader (tr_extract_html.c).
 */
#ifndef TR_HTML_FONT_H
#define TR_HTML_FONT_H

#include <libxml/tree.h>

#include "tr_legacy.h"

/* A CSS rule that sets a legacy font: ".T1", "p.MsoNormal" (class T1,
 * MsoNormal) or a bare element name ("body"). */
typedef struct {
    char name[48];
    int is_class;
    tr_legacy enc;
} tr_html_font;

#define TR_HTML_CSS 64          /* rules kept: a page with more is a generated one */

typedef struct {
    tr_html_font v[TR_HTML_CSS];
    int n;
} tr_html_fonts;

/* An element named name (ASCII case-insensitive). */
int tr_html_name_is(const xmlNode *n, const char *name);

/* Adds the rules of a <style> sheet that set a legacy font-family. */
void tr_html_css_scan(tr_html_fonts *f, const char *css);

/* The legacy encoding (tr_legacy) an element's font sets: the first family
 * of font-family in its style attribute (not the mso-…-font-family ones),
 * or <font face>, or a rule of f matching its class or name; -1 when
 * nothing says. */
int tr_html_element_font(const tr_html_fonts *f, const xmlNode *n);

#endif

/*
 * tr_html_charset — private to the HTML reader (tr_extract_html.c).
 */
#ifndef TR_HTML_CHARSET_H
#define TR_HTML_CHARSET_H

#include <stddef.h>

#include "tr_buf.h"

/* Appends the page data[0..len) as UTF-8 to o: a BOM wins, then a <meta>
 * charset in the first 4 KB (iso-8859-1 and us-ascii read as
 * windows-1252, x-user-defined and utf-16 as UTF-8), then UTF-8 if the
 * bytes are valid UTF-8, else windows-1252; a charset iconv does not know
 * is read as UTF-8.  Invalid sequences become U+FFFD, NULs spaces.  *cs
 * receives a static name of what the page was read as ("UTF-8",
 * "WINDOWS-1252", "UTF-16LE", …, "CP1258", "VISCII" or "TCVN3" for a
 * declared legacy Vietnamese charset, "meta" for another declared one).
 * 0, or -1 on out-of-memory. */
int tr_html_to_utf8(const char *data, size_t len, tr_buf *o, const char **cs);

#endif

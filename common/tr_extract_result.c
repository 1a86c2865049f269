/*
 * tr_extract_result.c — the result type every reader fills, and the
 * defaults of the limits.  Kept apart from the dispatcher so that one
 * reader (and its test or fuzz target) links without all the others.
 */
#include "tr_extract.h"

#include <stdlib.h>
#include <string.h>

void tr_extract_opts_default(tr_extract_opts *o)
{
    memset(o, 0, sizeof *o);
    o->ocr = 1;
    o->ocr_lang = "vie";
    o->ocr_page_seconds = 60;
    o->ocr_dpi = 300;
    o->max_unpacked = 256u << 20;      /* a real .docx unpacks to a few MB */
    o->max_ratio = 200;                /* XML compresses ~10x; bombs 1000x+ */
    o->max_pages = 2000;
    o->max_pixels = 100ul * 1000 * 1000;   /* an A4 page at 600 dpi is 35M */
    o->max_text = 64u << 20;
}

void tr_extracted_free(tr_extracted *x)
{
    tr_buf_free(&x->text);
    free(x->title);
    free(x->author);
    free(x->created);
    tr_buf_free(&x->ocr_list);
    tr_buf_free(&x->notes);
    memset(x, 0, sizeof *x);
}

int tr_extracted_note(tr_extracted *x, const char *msg)
{
    if (x->notes.len && tr_buf_addc(&x->notes, '\n'))
        return -1;
    return tr_buf_adds(&x->notes, msg);
}

/*
 * tr_extract_zip.c — the zip and XML plumbing of the .docx and .odt
 * readers (tr_ooxml_int.h), and the text sink they write to.
 *
 * Both formats are a zip of XML parts.  The archive is opened from memory
 * with libzip (zip_source_buffer_create + zip_open_from_source), and each
 * part is streamed straight from zip_fread into libxml2's xmlTextReader
 * (xmlReaderForIO): nothing is held whole, so memory stays flat whatever
 * the size of document.xml, and every limit is enforced on the bytes as
 * they are inflated rather than on what the zip headers claim:
 *
 *   - zip bombs: the total inflated bytes of all parts read is capped at
 *     o->max_unpacked, and an entry whose expansion ratio (from zip_stat,
 *     then from the bytes actually read, since the header can lie) exceeds
 *     o->max_ratio is refused once it passes 1 MB — a small part may
 *     legitimately compress very well, a bomb by definition is large;
 *   - entity expansion (billion laughs): libxml2 runs without
 *     XML_PARSE_NOENT and without DTD loading or network access, and a
 *     part that declares entities is refused outright: the bytes are
 *     scanned for "<!ENTITY" as they stream in (NUL bytes skipped, so
 *     UTF-16 does not hide it), and a DOCTYPE node whose internal subset
 *     holds entities is refused as a backstop.  Word and LibreOffice never
 *     write a DOCTYPE;
 *   - errors are returned as one line, libxml2's first error message with
 *     its line number, never printed: the reader's structured error
 *     handler, and for errors raised outside the parser context (encoding,
 *     I/O) this thread's libxml2 handlers, point at the open part and are
 *     restored when it closes.  libxml2 keeps those handlers per thread, so
 *     readers may run in several threads — provided xmlInitParser() was
 *     called once beforehand (libxml2 2.9 does not make its first
 *     initialisation thread-safe; the indexer's worker processes are
 *     single-threaded).
 *
 * The sink gives both readers the same text conventions: a paragraph ends
 * with '\n' (an empty one gives at most one blank line), a paragraph that
 * opens inside another (a text box anchored mid-paragraph) starts a new
 * line, and text of a run in a legacy Vietnamese font is collected while
 * consecutive runs share the encoding and converted in one go
 * (tr_legacy_decode_utf8), since a VNI letter and its mark byte can fall
 * in two runs.  o->max_text truncates (with a note) rather than fails: the
 * beginning of a huge document is still worth indexing.
 */
#include "config.h"
#include "tr_ooxml_int.h"
#include "tr_i18n.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <utf8proc.h>

#define MB (1024u * 1024u)
/* Below this an entry's ratio is not checked (see the header comment). */
#define RATIO_FLOOR ((zip_uint64_t)MB)

int tr_ox_open(tr_ox_zip *z, const char *data, size_t len,
               const tr_extract_opts *o, char *err, size_t errsz)
{
    zip_error_t ze;
    memset(z, 0, sizeof *z);
    z->o = o;
    z->err = err;
    z->errsz = errsz;
    zip_error_init(&ze);
    z->src = zip_source_buffer_create(data, len, 0, &ze);
    if (!z->src) {
        zip_error_fini(&ze);
        return TR_EX_NOMEM;
    }
    z->za = zip_open_from_source(z->src, ZIP_RDONLY, &ze);
    if (!z->za) {
        int code = zip_error_code_zip(&ze);
        zip_source_free(z->src);
        z->src = NULL;
        if (code == ZIP_ER_MEMORY) {
            zip_error_fini(&ze);
            return TR_EX_NOMEM;
        }
        if (code == ZIP_ER_NOZIP || code == ZIP_ER_INCONS)
            snprintf(err, errsz, tr_lmsg("not a valid zip archive (truncated?)"));
        else
            snprintf(err, errsz, tr_lmsg("not a valid zip archive (%s)"), zip_error_strerror(&ze));
        zip_error_fini(&ze);
        return TR_EX_FAIL;
    }
    zip_error_fini(&ze);
    return TR_EX_OK;
}

void tr_ox_close(tr_ox_zip *z)
{
    if (z->za)
        zip_discard(z->za);   /* frees the source too; read-only anyway */
    z->za = NULL;
    z->src = NULL;
}

/* Is the inflated size n of an entry compressed to comp a bomb? */
static int bomb(const tr_ox_zip *z, zip_uint64_t n, zip_uint64_t comp)
{
    zip_uint64_t c = comp ? comp : 1;
    return n > RATIO_FLOOR && z->o->max_ratio && n / c > z->o->max_ratio;
}

static void bomb_err(tr_ox_part *p, zip_uint64_t n)
{
    zip_uint64_t c = p->comp ? p->comp : 1;
    int mb = n >= MB;
    snprintf(p->z->err, p->z->errsz, tr_lmsg("zip bomb: %s expands over %llu %s (ratio %llu)"), p->name,
             (unsigned long long)(mb ? n / MB : n / 1024), mb ? "MB" : "KB",
             (unsigned long long)(n / c));
    p->failed = 1;
}

static const char ENTITY[] = "<!ENTITY";

/* Does "<!ENTITY" occur in the part, this chunk b[0..n) included?  Runs on
 * every byte inflated, so it jumps from '<' to '<' with memchr and carries
 * a partial match over chunk ends.  A part that starts like UTF-16/32 (a
 * NUL among its first bytes, or a byte-order mark) is scanned byte by byte
 * with the NULs skipped. */
static int entity_decl(tr_ox_part *p, const char *b, size_t n)
{
    const unsigned char *u = (const unsigned char *)b;
    size_t i = 0;
    if (p->got == n)
        p->wide = (n >= 2 && ((u[0] == 0xFF && u[1] == 0xFE) || (u[0] == 0xFE && u[1] == 0xFF))) ||
                  memchr(b, 0, n < 4 ? n : 4) != NULL;
    if (p->wide) {
        for (; i < n; i++) {
            if (!b[i])
                continue;
            if (b[i] == ENTITY[p->match]) {
                if (++p->match == sizeof ENTITY - 1)
                    return 1;
            } else {
                p->match = b[i] == '<';
            }
        }
        return 0;
    }
    while (p->match && i < n) {
        if (b[i] != ENTITY[p->match]) {
            p->match = 0;
            break;
        }
        i++;
        if (++p->match == sizeof ENTITY - 1)
            return 1;
    }
    while (i < n) {
        const char *lt = memchr(b + i, '<', n - i);
        if (!lt)
            break;
        size_t j = (size_t)(lt - b), k = 1;
        while (k < sizeof ENTITY - 1 && j + k < n && b[j + k] == ENTITY[k])
            k++;
        if (k == sizeof ENTITY - 1)
            return 1;
        if (j + k == n) {
            p->match = (unsigned)k;
            break;
        }
        i = j + 1;
    }
    return 0;
}

static int io_read(void *ctx, char *buf, int len)
{
    tr_ox_part *p = ctx;
    if (p->failed)
        return -1;
    zip_int64_t n = zip_fread(p->zf, buf, (zip_uint64_t)len);
    if (n < 0) {
        snprintf(p->z->err, p->z->errsz, tr_lmsg("%s: damaged zip entry (%s)"), p->name,
                 zip_file_strerror(p->zf));
        p->failed = 1;
        return -1;
    }
    p->got += (zip_uint64_t)n;
    p->z->unpacked += (size_t)n;
    if (bomb(p->z, p->got, p->comp) || p->z->unpacked > p->z->o->max_unpacked) {
        bomb_err(p, p->got > p->z->unpacked ? p->got : (zip_uint64_t)p->z->unpacked);
        return -1;
    }
    if (entity_decl(p, buf, (size_t)n)) {
        snprintf(p->z->err, p->z->errsz, tr_lmsg("XML with entity declarations refused"));
        p->failed = 1;
        return -1;
    }
    return (int)n;
}

static void on_xml_error(void *ctx, xmlErrorPtr e)
{
    tr_ox_part *p = ctx;
    if (!e || e->level < XML_ERR_ERROR || p->xmlerr[0])
        return;
    const char *m = e->message ? e->message : tr_lmsg("error");
    size_t k = strcspn(m, "\r\n");
    if (k >= sizeof p->xmlerr)
        k = sizeof p->xmlerr - 1;
    memcpy(p->xmlerr, m, k);
    p->xmlerr[k] = 0;
    if (!k)
        snprintf(p->xmlerr, sizeof p->xmlerr, "error %d", e->code);
    p->xmlline = e->line;
    if (e->code == XML_ERR_NO_MEMORY)
        p->xmlline = -1;
}

static void silent(void *ctx, const char *msg, ...)
{
    (void)ctx;
    (void)msg;
}

int tr_ox_part_open(tr_ox_zip *z, tr_ox_part *p, const char *name)
{
    zip_stat_t st;
    memset(p, 0, sizeof *p);
    p->z = z;
    p->name = name;
    zip_int64_t idx = zip_name_locate(z->za, name, ZIP_FL_NOCASE);
    if (idx < 0 || zip_stat_index(z->za, (zip_uint64_t)idx, 0, &st) != 0)
        return TR_OX_MISSING;
    if ((st.valid & ZIP_STAT_ENCRYPTION_METHOD) && st.encryption_method != ZIP_EM_NONE) {
        snprintf(z->err, z->errsz, tr_lmsg("encrypted, skipped"));
        return TR_EX_FAIL;
    }
    if (st.valid & ZIP_STAT_COMP_SIZE)
        p->comp = st.comp_size;
    if ((st.valid & ZIP_STAT_SIZE) && (st.valid & ZIP_STAT_COMP_SIZE) &&
        bomb(z, st.size, st.comp_size)) {
        bomb_err(p, st.size);
        return TR_EX_FAIL;
    }
    if ((st.valid & ZIP_STAT_SIZE) && st.size > z->o->max_unpacked - z->unpacked) {
        bomb_err(p, st.size);
        return TR_EX_FAIL;
    }
    p->zf = zip_fopen_index(z->za, (zip_uint64_t)idx, 0);
    if (!p->zf) {
        int code = zip_error_code_zip(zip_get_error(z->za));
        if (code == ZIP_ER_MEMORY)
            return TR_EX_NOMEM;
        if (code == ZIP_ER_ENCRNOTSUPP || code == ZIP_ER_NOPASSWD || code == ZIP_ER_WRONGPASSWD)
            snprintf(z->err, z->errsz, tr_lmsg("encrypted, skipped"));
        else
            snprintf(z->err, z->errsz, tr_lmsg("%s: cannot be read from the zip archive (%s)"), name,
                     zip_strerror(z->za));
        return TR_EX_FAIL;
    }
    /* libxml2's handlers are per thread (xmlGlobalState): routing them to
     * this part for as long as it is open keeps every message out of
     * stderr and in the reason we return. */
    p->old_serr = xmlStructuredError;
    p->old_sctx = xmlStructuredErrorContext;
    p->old_gerr = xmlGenericError;
    p->old_gctx = xmlGenericErrorContext;
    xmlSetStructuredErrorFunc(p, on_xml_error);
    xmlSetGenericErrorFunc(p, silent);
    p->handlers_set = 1;
    /* No NOENT (entities stay references), no DTD loading, no network;
     * errors go to on_xml_error only. */
    p->rd = xmlReaderForIO(io_read, NULL, p, NULL, NULL,
                           XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING);
    if (!p->rd) {
        tr_ox_part_close(p);
        return TR_EX_NOMEM;
    }
    xmlTextReaderSetStructuredErrorHandler(p->rd, on_xml_error, p);
    return TR_EX_OK;
}

static int after(tr_ox_part *p, int r)
{
    if (r == 1 && xmlTextReaderNodeType(p->rd) == XML_READER_TYPE_DOCUMENT_TYPE) {
        xmlDocPtr d = xmlTextReaderCurrentDoc(p->rd);
        if (d && d->intSubset && d->intSubset->entities) {
            snprintf(p->z->err, p->z->errsz, tr_lmsg("XML with entity declarations refused"));
            p->failed = 1;
            return -1;
        }
    }
    if (r == 1 && xmlTextReaderNodeType(p->rd) == XML_READER_TYPE_ENTITY_REFERENCE) {
        snprintf(p->z->err, p->z->errsz, tr_lmsg("XML with entity declarations refused"));
        p->failed = 1;
        return -1;
    }
    return r < 0 ? -1 : r;
}

int tr_ox_read(tr_ox_part *p)
{
    return after(p, xmlTextReaderRead(p->rd));
}

int tr_ox_next(tr_ox_part *p)
{
    return after(p, xmlTextReaderNext(p->rd));
}

int tr_ox_part_fail(tr_ox_part *p)
{
    if (p->failed)
        return TR_EX_FAIL;
    if (p->xmlline == -1)
        return TR_EX_NOMEM;
    if (p->xmlerr[0])
        snprintf(p->z->err, p->z->errsz, tr_lmsg("%s is not XML: %s, line %d"), p->name, p->xmlerr,
                 p->xmlline);
    else
        snprintf(p->z->err, p->z->errsz, tr_lmsg("%s is not XML"), p->name);
    return TR_EX_FAIL;
}

void tr_ox_part_close(tr_ox_part *p)
{
    if (p->rd)
        xmlFreeTextReader(p->rd);
    if (p->zf)
        zip_fclose(p->zf);
    if (p->handlers_set) {
        xmlSetStructuredErrorFunc(p->old_sctx, p->old_serr);
        xmlSetGenericErrorFunc(p->old_gctx, p->old_gerr);
    }
    p->rd = NULL;
    p->zf = NULL;
    p->handlers_set = 0;
}

const char *tr_ox_ns(tr_ox_part *p)
{
    xmlNodePtr n = xmlTextReaderCurrentNode(p->rd);
    return n && n->ns ? (const char *)n->ns->href : NULL;
}

char *tr_ox_attr(tr_ox_part *p, const char *ns, const char *local)
{
    return (char *)xmlTextReaderGetAttributeNs(p->rd, BAD_CAST local, BAD_CAST ns);
}

/* ---- the sink ---- */

/* Cuts out back to max_text on a UTF-8 boundary once it is over. */
static void cap(tr_ox_sink *s)
{
    tr_buf *b = s->out;
    if (b->len <= s->max_text)
        return;
    size_t k = s->max_text;
    while (k > 0 && ((unsigned char)b->data[k] & 0xC0) == 0x80)
        k--;
    b->len = k;
    b->data[k] = 0;
    s->full = 1;
}

static void add(tr_ox_sink *s, const char *t, size_t n)
{
    if (s->full || s->nomem)
        return;
    if (tr_buf_add(s->out, t, n)) {
        s->nomem = 1;
        return;
    }
    cap(s);
}

void tr_ox_flush(tr_ox_sink *s)
{
    if (!s->pend.len)
        return;
    if (!s->full && !s->nomem) {
        if (tr_legacy_decode_utf8(s->pend_enc, s->pend.data, s->pend.len, s->out))
            s->nomem = 1;
        else
            cap(s);
    }
    tr_buf_clear(&s->pend);
}

void tr_ox_text(tr_ox_sink *s, tr_legacy enc, const char *t, size_t n)
{
    if (s->full || !n)
        return;
    if (enc == TR_LEG_NONE) {
        tr_ox_flush(s);
        add(s, t, n);
        return;
    }
    if (s->pend.len && enc != s->pend_enc)
        tr_ox_flush(s);
    s->pend_enc = enc;
    if (tr_buf_add(&s->pend, t, n))
        s->nomem = 1;
    /* keep the pending text bounded: a run cannot outgrow max_text */
    else if (s->pend.len > (1u << 16))
        tr_ox_flush(s);
}

void tr_ox_count_run(tr_ox_sink *s, tr_legacy enc)
{
    if (enc > TR_LEG_NONE && enc < TR_LEG_COUNT) {
        s->runs++;
        s->enc_runs[enc]++;
    }
}

void tr_ox_char(tr_ox_sink *s, char c)
{
    tr_ox_flush(s);
    add(s, &c, 1);
}

static int ends_nl(const tr_buf *b, size_t k)
{
    return b->len >= k && b->data[b->len - 1] == '\n' && (k < 2 || b->data[b->len - 2] == '\n');
}

void tr_ox_para_start(tr_ox_sink *s)
{
    tr_ox_flush(s);
    if (s->out->len && !ends_nl(s->out, 1))
        add(s, "\n", 1);
    s->para_mark = s->out->len;
}

void tr_ox_para_end(tr_ox_sink *s)
{
    tr_ox_flush(s);
    if (!s->out->len)
        return;   /* no blank lines at the top */
    if (!ends_nl(s->out, 1))
        add(s, "\n", 1);
    else if (s->out->len == s->para_mark && !ends_nl(s->out, 2))
        add(s, "\n", 1);
    s->para_mark = (size_t)-1;
}

void tr_ox_redirect(tr_ox_sink *s, tr_buf *to)
{
    tr_ox_flush(s);
    s->out = to;
    s->para_mark = (size_t)-1;
}

/* FNV-1a: part texts are compared by hash to drop repeated headers. */
static unsigned long long hash(const char *t, size_t n)
{
    unsigned long long h = 1469598103934665603ull;
    for (size_t i = 0; i < n; i++)
        h = (h ^ (unsigned char)t[i]) * 1099511628211ull;
    return h;
}

int tr_ox_append_part(tr_ox_sink *s, tr_buf *dst, const tr_buf *src, tr_ox_seen *seen)
{
    size_t a = 0, b = src->len;
    while (a < b && (src->data[a] == '\n' || src->data[a] == ' ' || src->data[a] == '\t'))
        a++;
    while (b > a && (src->data[b - 1] == '\n' || src->data[b - 1] == ' ' ||
                     src->data[b - 1] == '\t'))
        b--;
    if (a == b)
        return 0;
    if (seen) {
        unsigned long long h = hash(src->data + a, b - a);
        for (unsigned i = 0; i < seen->n; i++)
            if (seen->h[i] == h)
                return 0;
        if (seen->n < sizeof seen->h / sizeof seen->h[0])
            seen->h[seen->n++] = h;
    }
    tr_buf *keep = s->out;
    s->out = dst;
    if (dst->len && !ends_nl(dst, 2))
        add(s, ends_nl(dst, 1) ? "\n" : "\n\n", ends_nl(dst, 1) ? 1 : 2);
    add(s, src->data + a, b - a);
    add(s, "\n", 1);
    s->out = keep;
    return s->nomem ? -1 : 0;
}

/* Is one BMP code point NFC_QC=Yes: a starter that nothing composes with
 * and that NFC leaves alone?  Marks and the Hangul vowel/final jamo can
 * compose with what precedes them; singletons and exclusions change. */
static int nfc_stable(utf8proc_int32_t c)
{
    const utf8proc_property_t *p = utf8proc_get_property(c);
    if (p->combining_class || p->category == UTF8PROC_CATEGORY_MN ||
        p->category == UTF8PROC_CATEGORY_MC || p->category == UTF8PROC_CATEGORY_ME ||
        (c >= 0x1161 && c <= 0x1175) || (c >= 0x11A8 && c <= 0x11C2))
        return 0;
    utf8proc_uint8_t in[4], *out = NULL;
    utf8proc_ssize_t n = utf8proc_encode_char(c, in);
    utf8proc_ssize_t m = utf8proc_map(in, n, &out, UTF8PROC_COMPOSE | UTF8PROC_STABLE);
    int same = m == n && !memcmp(in, out, (size_t)n);
    free(out);
    return same;
}

/* 1 when t is certainly NFC already — every code point NFC_QC=Yes — so
 * that the normalisation pass, most of the reader's time otherwise, runs
 * only on text with combining marks (decomposed tones from some keyboards)
 * or rarer cases.  Everything below U+0300 is stable; each distinct BMP
 * code point above is looked up once per call. */
static int nfc_already(const char *t, size_t n)
{
    unsigned char seen[8192] = {0}, yes[8192] = {0};
    const utf8proc_uint8_t *s = (const utf8proc_uint8_t *)t;
    for (size_t i = 0; i < n;) {
        if (s[i] < 0xCC) {
            i++;
            continue;
        }
        utf8proc_int32_t c;
        if (s[i] < 0xE0 && i + 1 < n && (s[i + 1] & 0xC0) == 0x80) {
            c = (s[i] & 0x1F) << 6 | (s[i + 1] & 0x3F);
            i += 2;
        } else if (s[i] >= 0xE0 && s[i] < 0xF0 && i + 2 < n && (s[i + 1] & 0xC0) == 0x80 &&
                   (s[i + 2] & 0xC0) == 0x80) {
            c = (s[i] & 0x0F) << 12 | (s[i + 1] & 0x3F) << 6 | (s[i + 2] & 0x3F);
            i += 3;
        } else {
            return 0;   /* astral or malformed: let utf8proc decide */
        }
        if (c < 0x300)
            continue;
        unsigned byte = (unsigned)c >> 3, bit = 1u << (c & 7);
        if (!(seen[byte] & bit)) {
            seen[byte] |= (unsigned char)bit;
            if (nfc_stable(c))
                yes[byte] |= (unsigned char)bit;
        }
        if (!(yes[byte] & bit))
            return 0;
    }
    return 1;
}

int tr_ox_finish(tr_ox_sink *s, tr_extracted *x, char *err, size_t errsz)
{
    (void)err;
    (void)errsz;
    tr_ox_flush(s);
    tr_buf_free(&s->pend);
    if (s->nomem)
        return TR_EX_NOMEM;
    /* Word keeps what was typed: decomposed tones from some keyboards. */
    if (x->text.len && !nfc_already(x->text.data, x->text.len)) {
        utf8proc_uint8_t *nfc = NULL;
        utf8proc_ssize_t n = utf8proc_map((const utf8proc_uint8_t *)x->text.data,
                                          (utf8proc_ssize_t)x->text.len, &nfc,
                                          UTF8PROC_COMPOSE | UTF8PROC_STABLE);
        if (n == UTF8PROC_ERROR_NOMEM)
            return TR_EX_NOMEM;
        if (n >= 0) {
            tr_buf_free(&x->text);
            x->text.data = (char *)nfc;
            x->text.len = (size_t)n;
            x->text.cap = (size_t)n + 1;
        }
    }
    if (s->runs) {
        int best = 0;
        for (int e = 1; e < TR_LEG_COUNT; e++)
            if (s->enc_runs[e] > s->enc_runs[best])
                best = e;
        x->enc.runs += s->runs;
        snprintf(x->enc.name, sizeof x->enc.name, "%s", tr_legacy_name((tr_legacy)best));
    }
    if (s->full) {
        char msg[80];
        snprintf(msg, sizeof msg, tr_lmsg("text truncated at %zu MB (max_text)"), s->max_text / MB);
        if (tr_extracted_note(x, msg))
            return TR_EX_NOMEM;
    }
    return TR_EX_OK;
}

char *tr_ox_date(const char *s)
{
    if (!s)
        return NULL;
    while (*s == ' ' || *s == '\t' || *s == '\n')
        s++;
    for (int i = 0; i < 10; i++) {
        int dash = i == 4 || i == 7;
        if (dash ? s[i] != '-' : (s[i] < '0' || s[i] > '9'))
            return NULL;
    }
    if (s[10] && s[10] != 'T' && s[10] != ' ' && s[10] != 'Z' && s[10] != '+')
        return NULL;
    char *d = malloc(11);
    if (d) {
        memcpy(d, s, 10);
        d[10] = 0;
    }
    return d;
}

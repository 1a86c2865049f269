/*
 * output.c — what a person sees: ranked hits with their metadata line and
 * highlighted passage, facet counts over the whole match set, the exact
 * total and the time taken; the --by-year chart; --show, --refs and
 * --top-cited.  Columns are padded by display width, never by bytes, and
 * label columns are as wide as their widest translated label.
 */
#include "config.h"
#include "searcher.h"

#include <stdlib.h>
#include <string.h>

#include "tr_i18n.h"
#include "tr_utf8.h"

#define C_BOLD "\033[1m"
#define C_DIM "\033[2m"
#define C_CYAN "\033[36m"
#define C_OFF "\033[0m"

static const char *on(const sx_style *st, const char *code)
{
    return st->color ? code : "";
}

void sx_pad(FILE *f, const char *s, size_t width)
{
    fputs(s, f);
    for (size_t w = tr_utf8_width(s, strlen(s)); w < width; w++)
        fputc(' ', f);
}

/* The label of a field or facet in the user's language: the names are the
 * JSON keys ("province", "signed_for"), which never change, so the words
 * a person reads are looked up here. */
const char *sx_label(const char *name)
{
    static const char *const names[][2] = {
        {"province", N_("province")}, {"year", N_("year")}, {"body", N_("body")},
        {"type", N_("type")}, {"number", N_("number")}, {"title", N_("title")},
        {"signed_for", N_("signed_for")}, {"date", N_("date")},
        {"signer", N_("signer")}, {"format", N_("format")},
        {"encoding", N_("encoding")}, {"ocr", N_("ocr")}, {"docid", N_("docid")},
        {"path", N_("path")}, {"cites", N_("cites")}};
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
        if (strcmp(name, names[i][0]) == 0)
            return _(names[i][1]);
    return name;
}

/* The display width of the widest of n labels. */
static size_t label_width(const char *const *labels, size_t n)
{
    size_t w = 0;
    for (size_t i = 0; i < n; i++) {
        size_t k = tr_utf8_width(labels[i], strlen(labels[i]));
        if (k > w)
            w = k;
    }
    return w;
}

static void meta_line(FILE *f, const tr_hit *h)
{
    const char *parts[5] = {h->number, h->type, h->body, h->province,
                            h->date ? h->date : h->year};
    int first = 1;
    for (int i = 0; i < 5; i++) {
        if (!parts[i])
            continue;
        fprintf(f, "%s%s", first ? "" : " · ", parts[i]);
        first = 0;
    }
    if (first)
        fputs(_("(no metadata)"), f);
}

/* The snippet with the style's markers around its highlight spans. */
static void print_snippet(FILE *f, const tr_hit *h, const sx_style *st)
{
    size_t at = 0, len = strlen(h->snippet);
    for (size_t k = 0; k < h->nhl; k++) {
        const tr_span *s = &h->hl[k];
        if (s->start < at || s->start + s->len > len)
            continue;
        fwrite(h->snippet + at, 1, s->start - at, f);
        fputs(st->hl_on, f);
        fwrite(h->snippet + s->start, 1, s->len, f);
        fputs(st->hl_off, f);
        at = s->start + s->len;
    }
    fputs(h->snippet + at, f);
}

void sx_print_human(FILE *f, const tr_result *res, const sx_style *st)
{
    for (size_t i = 0; i < res->nhits; i++) {
        const tr_hit *h = &res->hits[i];
        const char *title = h->title;
        char fallback[256];
        if (!title) {
            const char *base = h->path ? strrchr(h->path, '/') : NULL;
            snprintf(fallback, sizeof fallback, _("(untitled) %s"),
                     base ? base + 1 : h->path ? h->path : "");
            title = fallback;
        }
        fprintf(f, "%s%u. %s%s\n", on(st, C_BOLD), h->rank, title, on(st, C_OFF));
        fprintf(f, "   %s", on(st, C_DIM));
        meta_line(f, h);
        fprintf(f, "%s\n", on(st, C_OFF));
        if (h->path)
            fprintf(f, "   %s%s%s\n", on(st, C_CYAN), h->path, on(st, C_OFF));
        if (h->snippet && *h->snippet) {
            fputs("   ", f);
            print_snippet(f, h, st);
            fputc('\n', f);
        }
        fputc('\n', f);
    }
    if (res->total > 0) {
        const char *labels[4];
        for (size_t k = 0; k < 4; k++)
            labels[k] = sx_label(res->facets[k].name);
        size_t w = label_width(labels, 4) + 1;
        for (size_t k = 0; k < 4; k++) {
            const tr_facet *fa = &res->facets[k];
            if (fa->n == 0)
                continue;
            fputs(on(st, C_BOLD), f);
            sx_pad(f, labels[k], w);
            fputs(on(st, C_OFF), f);
            for (size_t j = 0; j < fa->n && j < 12; j++)
                fprintf(f, "%s%s (%lu)", j ? " · " : " ", fa->v[j].value, fa->v[j].count);
            if (fa->n > 12)
                fprintf(f, _(" · … %zu more"), fa->n - 12);
            fputc('\n', f);
        }
    }
    if (res->total > 0 && !res->total_exact)
        fputs("≈ ", f);
    if (res->total == 0)
        fputs(_("no documents match"), f);
    else if (res->nhits == 0)
        fprintf(f, ngettext("%lu document matches (none in the window from %u)",
                            "%lu documents match (none in the window from %u)", res->total),
                res->total, res->offset + 1);
    else
        fprintf(f, ngettext("%lu document matches; showing %u–%u",
                            "%lu documents match; showing %u–%u", res->total),
                res->total, res->offset + 1, res->offset + (unsigned)res->nhits);
    if (res->total > 0 && !res->total_exact)
        fprintf(f, _(" (estimated, between %lu and %lu, and so are the facet counts; "
                     "--exact-counts counts them all)"), res->total_lo, res->total_hi);
    else if (res->total > 0 && !res->facets_exact)
        fputs(_(" (facet counts estimated from a sample; --exact-counts counts them all)"), f);
    fprintf(f, " · %.1f ms\n", res->elapsed_ms);
}

void sx_print_by_year(FILE *f, const tr_result *res, const sx_style *st)
{
    int lo, hi;
    unsigned long max = 0, known;
    tr_result_years(res, &lo, &hi, &known);
    fprintf(f, "%s%s%s\n", on(st, C_BOLD), _("documents per year"), on(st, C_OFF));
    for (int y = lo; y && y <= hi; y++) {
        unsigned long c = tr_result_year_count(res, y);
        if (c > max)
            max = c;
    }
    const int width = 40;
    for (int y = lo; y && y <= hi; y++) {
        unsigned long c = tr_result_year_count(res, y);
        int bar = max ? (int)((c * width + max - 1) / max) : 0;
        fprintf(f, "  %d │", y);
        for (int i = 0; i < bar; i++)
            fputs("█", f);
        fprintf(f, " %lu\n", c);
    }
    if (res->total > known)
        fprintf(f, _("  year unknown: %lu\n"), res->total - known);
}

void sx_print_doc(FILE *f, const tr_docinfo *d)
{
    const char *labels[TR_DOC_NFIELDS + 2];
    labels[0] = sx_label("docid");
    labels[1] = sx_label("path");
    for (size_t i = 0; i < TR_DOC_NFIELDS; i++)
        labels[i + 2] = sx_label(tr_doc_fields[i]);
    size_t w = label_width(labels, TR_DOC_NFIELDS + 2) + 1;
    if (w < 11)
        w = 11;     /* the English layout */
    sx_pad(f, labels[0], w);
    fprintf(f, "%u\n", d->docid);
    sx_pad(f, labels[1], w);
    fprintf(f, "%s\n", d->path ? d->path : "");
    for (size_t i = 0; i < TR_DOC_NFIELDS; i++) {
        /* A field older records never had is left out, not "(unknown)". */
        if (!d->field[i] && strcmp(tr_doc_fields[i], "signed_for") == 0)
            continue;
        sx_pad(f, labels[i + 2], w);
        /* Documents whose format was recorded have an encoding only when
         * it was a legacy one, OCR only when pages were read by it. */
        const char *none = _("(unknown)");
        int has_format = tr_docinfo_get(d, "format") != NULL;
        if (has_format && !strcmp(tr_doc_fields[i], "encoding"))
            none = _("Unicode");
        else if (has_format && !strcmp(tr_doc_fields[i], "ocr"))
            none = _("(none)");
        fputs(d->field[i] ? d->field[i] : none, f);
        if (d->source[i])
            /* "body" as a source is the text's body, not the field */
            fprintf(f, "  [%s]", strcmp(d->source[i], "body") ? _(d->source[i])
                                                                 : _("body text"));
        fputc('\n', f);
    }
    fputc('\n', f);
    fwrite(d->text, 1, d->tlen, f);
    if (d->tlen && d->text[d->tlen - 1] != '\n')
        fputc('\n', f);
}

static void ref_summary(FILE *f, const tr_docref *d)
{
    /* the id is what --show takes */
    fputs("  ", f);
    fprintf(f, _("[id %u]"), d->docid);
    fprintf(f, " %s\n      ", d->title ? d->title : _("(untitled)"));
    const char *parts[3] = {d->number, d->province, d->date ? d->date : d->year};
    int first = 1;
    for (int i = 0; i < 3; i++)
        if (parts[i]) {
            fprintf(f, "%s%s", first ? "" : " · ", parts[i]);
            first = 0;
        }
    fprintf(f, "%s%s\n", first ? "" : " · ", d->path ? d->path : "");
}

void sx_print_refs(FILE *f, const tr_refs *r)
{
    fprintf(f, "%s\n%s\n", r->number, r->nown ? _("indexed as") : _("not indexed itself"));
    for (size_t i = 0; i < r->nown; i++) {
        const tr_docref *d = &r->own[i];
        ref_summary(f, d);
        fprintf(f, "    %s:", _("cites"));
        for (size_t k = 0; k < d->ncites; k++)
            fprintf(f, "%s%s", k ? ", " : " ", d->cites[k]);
        fputs(d->ncites ? "\n" : _(" (nothing)\n"), f);
    }
    if (r->nciting == 0)
        fputs(_("cited by no document\n"), f);
    else
        fprintf(f, ngettext("cited by %zu document\n", "cited by %zu documents\n", r->nciting),
                r->nciting);
    for (size_t i = 0; i < r->nciting; i++) {
        ref_summary(f, &r->citing[i]);
        if (r->citing[i].sentence)
            fprintf(f, "      “%s”\n", r->citing[i].sentence);
    }
}

void sx_print_top(FILE *f, const tr_cited *v, size_t n)
{
    fprintf(f, "%s\n", _("most cited (documents citing)"));
    for (size_t i = 0; i < n; i++) {
        fputs("  ", f);
        sx_pad(f, v[i].number, 28);
        fprintf(f, " %lu\n", v[i].documents);
    }
}

/*
 * output.c — what a person sees: ranked hits with their metadata line and
 * highlighted passage, facet counts over the whole match set, the exact
 * total and the time taken; the --by-year chart; --show, --refs and
 * --top-cited.  Columns are padded by display width, never by bytes.
 */
#include "searcher.h"

#include <stdlib.h>
#include <string.h>

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
        fputs("(no metadata)", f);
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
            snprintf(fallback, sizeof fallback, "(untitled) %s",
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
        for (size_t k = 0; k < 4; k++) {
            const tr_facet *fa = &res->facets[k];
            if (fa->n == 0)
                continue;
            fputs(on(st, C_BOLD), f);
            sx_pad(f, fa->name, 9);
            fputs(on(st, C_OFF), f);
            for (size_t j = 0; j < fa->n && j < 12; j++)
                fprintf(f, "%s%s (%lu)", j ? " · " : " ", fa->v[j].value, fa->v[j].count);
            if (fa->n > 12)
                fprintf(f, " · … %zu more", fa->n - 12);
            fputc('\n', f);
        }
    }
    if (res->total == 0)
        fprintf(f, "no documents match");
    else if (res->nhits == 0)
        fprintf(f, "%lu document%s match (none in the window from %u)", res->total,
                res->total == 1 ? "" : "s", res->offset + 1);
    else
        fprintf(f, "%lu document%s match; showing %u–%u", res->total,
                res->total == 1 ? "" : "s", res->offset + 1,
                res->offset + (unsigned)res->nhits);
    fprintf(f, " · %.1f ms\n", res->elapsed_ms);
}

void sx_print_by_year(FILE *f, const tr_result *res, const sx_style *st)
{
    int lo, hi;
    unsigned long max = 0, known;
    tr_result_years(res, &lo, &hi, &known);
    fprintf(f, "%sdocuments per year%s\n", on(st, C_BOLD), on(st, C_OFF));
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
        fprintf(f, "  year unknown: %lu\n", res->total - known);
}

void sx_print_doc(FILE *f, const tr_docinfo *d)
{
    fprintf(f, "docid      %u\n", d->docid);
    fprintf(f, "path       %s\n", d->path ? d->path : "");
    for (size_t i = 0; i < TR_DOC_NFIELDS; i++) {
        /* A field older records never had is left out, not "(unknown)". */
        if (!d->field[i] && strcmp(tr_doc_fields[i], "signed_for") == 0)
            continue;
        sx_pad(f, tr_doc_fields[i], 11);
        fputs(d->field[i] ? d->field[i] : "(unknown)", f);
        if (d->source[i])
            fprintf(f, "  [%s]", d->source[i]);
        fputc('\n', f);
    }
    fputc('\n', f);
    fwrite(d->text, 1, d->tlen, f);
    if (d->tlen && d->text[d->tlen - 1] != '\n')
        fputc('\n', f);
}

static void ref_summary(FILE *f, const tr_docref *d)
{
    fprintf(f, "  [%u] %s\n      ", d->docid, d->title ? d->title : "(untitled)");
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
    fprintf(f, "%s\n%s\n", r->number, r->nown ? "indexed as" : "not indexed itself");
    for (size_t i = 0; i < r->nown; i++) {
        const tr_docref *d = &r->own[i];
        ref_summary(f, d);
        fputs("    cites:", f);
        for (size_t k = 0; k < d->ncites; k++)
            fprintf(f, "%s%s", k ? ", " : " ", d->cites[k]);
        fputs(d->ncites ? "\n" : " (nothing)\n", f);
    }
    fprintf(f, "cited by %zu document%s\n", r->nciting, r->nciting == 1 ? "" : "s");
    for (size_t i = 0; i < r->nciting; i++) {
        ref_summary(f, &r->citing[i]);
        if (r->citing[i].sentence)
            fprintf(f, "      “%s”\n", r->citing[i].sentence);
    }
}

void sx_print_top(FILE *f, const tr_cited *v, size_t n)
{
    fputs("most cited (documents citing)\n", f);
    for (size_t i = 0; i < n; i++) {
        fputs("  ", f);
        sx_pad(f, v[i].number, 28);
        fprintf(f, " %lu\n", v[i].documents);
    }
}

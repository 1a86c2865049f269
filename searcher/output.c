/*
 * output.c — what a person sees: ranked hits with their metadata line and
 * highlighted passage, facet counts over the whole match set, the exact
 * total and the time taken; and the --by-year chart.
 */
#include "searcher.h"

#include <stdlib.h>
#include <string.h>

#define C_BOLD "\033[1m"
#define C_DIM "\033[2m"
#define C_CYAN "\033[36m"
#define C_OFF "\033[0m"

static const char *on(const sx_style *st, const char *code)
{
    return st->color ? code : "";
}

static void meta_line(FILE *f, const sx_hit *h)
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

void sx_print_human(FILE *f, const sx_result *res, const sx_style *st)
{
    for (size_t i = 0; i < res->nhits; i++) {
        const sx_hit *h = &res->hits[i];
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
        if (h->snippet && *h->snippet)
            fprintf(f, "   %s\n", h->snippet);
        fputc('\n', f);
    }
    if (res->total > 0) {
        for (size_t k = 0; k < 4; k++) {
            const sx_facet *fa = &res->facets[k];
            if (fa->n == 0)
                continue;
            fprintf(f, "%s%-9s%s", on(st, C_BOLD), fa->name, on(st, C_OFF));
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

unsigned long sx_year_count(const sx_result *res, int y)
{
    const sx_facet *fa = &res->facets[1];
    for (size_t j = 0; j < fa->n; j++)
        if (atoi(fa->v[j].value) == y)
            return fa->v[j].count;
    return 0;
}

/* The chart's years: the filter's range when one was given, else from the
 * earliest to the latest year that has matches. */
void sx_year_range(const sx_result *res, int *lo, int *hi, unsigned long *known)
{
    *lo = res->year_lo;
    *hi = res->year_hi;
    *known = 0;
    const sx_facet *fa = &res->facets[1];
    for (size_t j = 0; j < fa->n; j++) {
        int y = atoi(fa->v[j].value);
        if (!res->year_lo && (*lo == 0 || y < *lo))
            *lo = y;
        if (!res->year_hi && y > *hi)
            *hi = y;
        *known += fa->v[j].count;
    }
}

void sx_print_by_year(FILE *f, const sx_result *res, const sx_style *st)
{
    int lo, hi;
    unsigned long max = 0, known;
    sx_year_range(res, &lo, &hi, &known);
    fprintf(f, "%sdocuments per year%s\n", on(st, C_BOLD), on(st, C_OFF));
    for (int y = lo; y && y <= hi; y++) {
        unsigned long c = sx_year_count(res, y);
        if (c > max)
            max = c;
    }
    const int width = 40;
    for (int y = lo; y && y <= hi; y++) {
        unsigned long c = sx_year_count(res, y);
        int bar = max ? (int)((c * width + max - 1) / max) : 0;
        fprintf(f, "  %d │", y);
        for (int i = 0; i < bar; i++)
            fputs("█", f);
        fprintf(f, " %lu\n", c);
    }
    if (res->total > known)
        fprintf(f, "  year unknown: %lu\n", res->total - known);
}

/*
 * bench-extract — how fast the readers turn files into text, in process
 * (no sandbox: this measures the readers, the indexer's fork is measured
 * by indexing the same files).
 *
 *   bench-extract [-n RUNS] FILE...
 *
 * Prints one line per format: files, source MB, for docx/odt the MB of
 * the main XML part (the figure the target is stated in), the
 * median seconds of RUNS passes, MB/s of source and of XML, docs/s, and
 * pages/s where pages were read (PDF, OCR).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <zip.h>

#include "tr_extract.h"

typedef struct {
    char *data;
    size_t len;
    tr_format fmt;
    size_t xml;          /* uncompressed main XML part, docx/odt */
} file;

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

static size_t xml_size(const char *d, size_t n, const char *part)
{
    zip_error_t ze;
    zip_error_init(&ze);
    zip_source_t *src = zip_source_buffer_create(d, n, 0, &ze);
    zip_t *z = src ? zip_open_from_source(src, ZIP_RDONLY, &ze) : NULL;
    size_t size = 0;
    zip_stat_t st;
    if (z && zip_stat(z, part, 0, &st) == 0 && (st.valid & ZIP_STAT_SIZE))
        size = (size_t)st.size;
    if (z)
        zip_discard(z);
    else if (src)
        zip_source_free(src);
    zip_error_fini(&ze);
    return size;
}

static int load(const char *path, file *f)
{
    FILE *fp = fopen(path, "rb");
    if (!fp)
        return -1;
    fseek(fp, 0, SEEK_END);
    long n = ftell(fp);
    fseek(fp, 0, SEEK_SET);
    f->data = malloc((size_t)n + 1);
    if (!f->data || fread(f->data, 1, (size_t)n, fp) != (size_t)n) {
        fclose(fp);
        return -1;
    }
    fclose(fp);
    f->len = (size_t)n;
    f->fmt = tr_format_sniff(f->data, f->len, NULL);
    f->xml = f->fmt == TR_FMT_DOCX  ? xml_size(f->data, f->len, "word/document.xml")
             : f->fmt == TR_FMT_ODT ? xml_size(f->data, f->len, "content.xml")
                                    : 0;
    return 0;
}

static int cmp(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}

int main(int argc, char **argv)
{
    int runs = 3, i = 1;
    if (argc > 2 && strcmp(argv[1], "-n") == 0) {
        runs = atoi(argv[2]);
        i = 3;
    }
    if (i >= argc || runs < 1) {
        fprintf(stderr, "usage: bench-extract [-n RUNS] FILE...\n");
        return 2;
    }
    size_t nf = (size_t)(argc - i);
    file *fs = calloc(nf, sizeof *fs);
    for (size_t k = 0; k < nf; k++)
        if (load(argv[i + (int)k], &fs[k]) != 0) {
            fprintf(stderr, "bench-extract: %s: cannot read\n", argv[i + (int)k]);
            return 1;
        }
    tr_extract_opts o;
    tr_extract_opts_default(&o);
    printf("%-6s %6s %9s %9s %9s %9s %9s %9s %9s\n", "format", "files", "src MB", "xml MB",
           "seconds", "src MB/s", "xml MB/s", "docs/s", "pages/s");
    for (int f = TR_FMT_TEXT; f < TR_FMT_COUNT; f++) {
        size_t files = 0, bytes = 0, xml = 0, failed = 0;
        unsigned pages = 0;
        double *t = calloc((size_t)runs, sizeof *t);
        for (int r = 0; r < runs; r++) {
            double t0 = now();
            for (size_t k = 0; k < nf; k++) {
                if (fs[k].fmt != (tr_format)f)
                    continue;
                tr_extracted x = {0};
                char err[256];
                if (tr_extract(argv[i + (int)k], fs[k].data, fs[k].len, fs[k].fmt, &o, &x, err,
                               sizeof err) != TR_EX_OK && r == 0) {
                    fprintf(stderr, "bench-extract: %s: %s\n", argv[i + (int)k], err);
                    failed++;
                }
                if (r == 0) {
                    files++;
                    bytes += fs[k].len;
                    xml += fs[k].xml;
                    pages += x.pages;
                }
                tr_extracted_free(&x);
            }
            t[r] = now() - t0;
        }
        if (files) {
            qsort(t, (size_t)runs, sizeof *t, cmp);
            double med = t[runs / 2];
            printf("%-6s %6zu %9.2f %9.2f %9.3f %9.1f %9.1f %9.1f %9s\n", tr_format_name(f), files,
                   bytes / 1e6, xml / 1e6, med, bytes / 1e6 / med, xml ? xml / 1e6 / med : 0.0,
                   files / med, "");
            if (pages)
                printf("%-6s %6s %9s %9s %9s %9s %9s %9s %9.2f\n", "", "", "", "", "", "", "", "",
                       pages / med);
            if (failed)
                printf("%-6s %zu file(s) failed\n", "", failed);
        }
        free(t);
    }
    for (size_t k = 0; k < nf; k++)
        free(fs[k].data);
    free(fs);
    return 0;
}

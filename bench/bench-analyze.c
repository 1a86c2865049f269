/*
 * bench-analyze — the analyzer alone: UTF-8 gate, tokenizer, exact and
 * folded keys, stems; no database.  It is the physical reference for
 * indexing speed: tracuu-index cannot be faster than this per core.
 *
 *   bench-analyze [-n ROUNDS] FILE|DIR...
 *
 * Prints bytes, tokens, seconds, MB/s and tokens/s of the best round (the
 * files are read into memory first, so the disk is not measured).
 */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include "tr_tokenize.h"
#include "tr_utf8.h"

typedef struct {
    char *p;
    size_t n;
} blob;

static blob *files;
static size_t nfiles, capfiles;

static void add_file(const char *path)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return;
    fseek(f, 0, SEEK_END);
    long n = ftell(f);
    fseek(f, 0, SEEK_SET);
    if (n <= 0) {
        fclose(f);
        return;
    }
    char *p = malloc((size_t)n);
    if (p && fread(p, 1, (size_t)n, f) == (size_t)n) {
        if (nfiles == capfiles) {
            capfiles = capfiles ? capfiles * 2 : 64;
            files = realloc(files, capfiles * sizeof *files);
        }
        files[nfiles++] = (blob){p, (size_t)n};
    } else {
        free(p);
    }
    fclose(f);
}

static void add_path(const char *path)
{
    struct stat st;
    if (stat(path, &st) != 0)
        return;
    if (!S_ISDIR(st.st_mode)) {
        size_t l = strlen(path);
        if ((l > 4 && !strcmp(path + l - 4, ".txt")) || (l > 3 && !strcmp(path + l - 3, ".md")))
            add_file(path);
        return;
    }
    DIR *d = opendir(path);
    struct dirent *e;
    while (d && (e = readdir(d))) {
        if (e->d_name[0] == '.')
            continue;
        char sub[4096];
        snprintf(sub, sizeof sub, "%s/%s", path, e->d_name);
        add_path(sub);
    }
    if (d)
        closedir(d);
}

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec + ts.tv_nsec / 1e9;
}

int main(int argc, char **argv)
{
    int rounds = 5, i = 1;
    if (argc > 2 && !strcmp(argv[1], "-n")) {
        rounds = atoi(argv[2]);
        i = 3;
    }
    for (; i < argc; i++)
        add_path(argv[i]);
    if (!nfiles) {
        fprintf(stderr, "usage: bench-analyze [-n ROUNDS] FILE|DIR...\n");
        return 2;
    }
    tr_tokenizer *tk = tr_tokenizer_new();
    size_t bytes = 0, tokens = 0;
    double best = 1e30;
    for (int r = 0; r < rounds; r++) {
        double t0 = now();
        bytes = tokens = 0;
        for (size_t k = 0; k < nfiles; k++) {
            char *clean;
            size_t clen;
            const char *why;
            if (tr_utf8_clean(files[k].p, files[k].n, &clean, &clen, NULL, &why) != 0)
                continue;
            tr_token t;
            tr_tokenizer_reset(tk, clean, clen);
            while (tr_tokenizer_next(tk, &t) == 1)
                tokens++;
            bytes += files[k].n;
            free(clean);
        }
        double dt = now() - t0;
        if (dt < best)
            best = dt;
    }
    printf("analyzer: %zu files, %.1f MB, %zu tokens, best of %d rounds %.3f s: "
           "%.1f MB/s, %.2f M tokens/s\n",
           nfiles, bytes / 1e6, tokens, rounds, best, bytes / 1e6 / best, tokens / 1e6 / best);
    tr_tokenizer_free(tk);
    return 0;
}

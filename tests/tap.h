/*
 * tap.h — a tiny TAP producer for tracuu's C tests.
 *
 * Debian packages no C TAP library, and the tests need only a handful of
 * checks, so this header is the whole framework.  Each check prints
 * "ok N - name" or "not ok N - name" plus a diagnostic; tap_done() prints
 * the plan ("1..N") last, which TAP allows, so tests need not count their
 * checks in advance.  automake's tap-driver.sh reads the output.
 *
 * Include it in exactly one file per test program.
 */
#ifndef TAP_H
#define TAP_H

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int tap_n, tap_failed;

static inline void tap_diag(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    fputs("# ", stdout);
    vprintf(fmt, ap);
    fputc('\n', stdout);
    va_end(ap);
}

/* ok(cond, "name %d", …): one test point. Returns cond. */
static inline int ok(int cond, const char *fmt, ...)
{
    va_list ap;
    tap_n++;
    printf("%sok %d - ", cond ? "" : "not ", tap_n);
    va_start(ap, fmt);
    vprintf(fmt, ap);
    va_end(ap);
    fputc('\n', stdout);
    if (!cond)
        tap_failed++;
    fflush(stdout);
    return cond;
}

/* String equality with a diagnostic showing both sides. */
#define is_str(got, want, ...) tap_is_str((got), (want), __FILE__, __LINE__, __VA_ARGS__)
static inline int tap_is_str(const char *got, const char *want, const char *file,
                      int line, const char *fmt, ...)
{
    int cond = (got == NULL && want == NULL) ||
               (got != NULL && want != NULL && strcmp(got, want) == 0);
    va_list ap;
    tap_n++;
    printf("%sok %d - ", cond ? "" : "not ", tap_n);
    va_start(ap, fmt);
    vprintf(fmt, ap);
    va_end(ap);
    fputc('\n', stdout);
    if (!cond) {
        tap_failed++;
        printf("#   at %s:%d\n#   got:  %s%s%s\n#   want: %s%s%s\n", file, line,
               got ? "'" : "", got ? got : "NULL", got ? "'" : "",
               want ? "'" : "", want ? want : "NULL", want ? "'" : "");
    }
    fflush(stdout);
    return cond;
}

/* Integer equality with a diagnostic. */
#define is_int(got, want, ...) tap_is_int((long long)(got), (long long)(want), __FILE__, __LINE__, __VA_ARGS__)
static inline int tap_is_int(long long got, long long want, const char *file, int line,
                      const char *fmt, ...)
{
    int cond = got == want;
    va_list ap;
    tap_n++;
    printf("%sok %d - ", cond ? "" : "not ", tap_n);
    va_start(ap, fmt);
    vprintf(fmt, ap);
    va_end(ap);
    fputc('\n', stdout);
    if (!cond) {
        tap_failed++;
        printf("#   at %s:%d\n#   got:  %lld\n#   want: %lld\n", file, line, got, want);
    }
    fflush(stdout);
    return cond;
}

/* Prints the plan; use as `return tap_done();` from main. */
static inline int tap_done(void)
{
    printf("1..%d\n", tap_n);
    return tap_failed ? 1 : 0;
}

/* Reads the whole file at $top_srcdir/dir/name, or name itself when it
 * is an absolute path (NUL-terminated, malloc'd; *len its size).  NULL
 * when it cannot be read. */
static inline char *tap_fixture(const char *dir, const char *name, size_t *len)
{
    const char *top = getenv("top_srcdir");
    char path[4096];
    if (name[0] == '/')
        snprintf(path, sizeof path, "%s", name);
    else
        snprintf(path, sizeof path, "%s/%s/%s", top ? top : ".", dir, name);
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    char *b = NULL;
    size_t n = 0, cap = 0, k;
    do {
        if (n + 65536 + 1 > cap) {
            char *nb = realloc(b, cap = (n + 65536 + 1) * 2);
            if (!nb) {
                free(b);
                fclose(f);
                return NULL;
            }
            b = nb;
        }
        n += k = fread(b + n, 1, 65536, f);
    } while (k > 0);
    fclose(f);
    b[n] = '\0';
    *len = n;
    return b;
}

/* Stops the test with a reason the driver reports as an error. */
static inline void tap_bail(const char *why)
{
    printf("Bail out! %s\n", why);
    fflush(stdout);
    exit(1);
}

#endif

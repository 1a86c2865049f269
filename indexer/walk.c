/*
 * walk.c — from the PATH arguments to the list of files to index.
 *
 * Directories are walked recursively, following symbolic links (users keep
 * corpora behind links) while remembering every directory's (device,
 * inode) on the current path, so a link pointing back up is reported as a
 * loop instead of recursing forever.  Hidden entries (".git", ".cache")
 * are passed over silently; FILE.meta sidecars are read with their
 * document, not indexed on their own; files of a folder whose extension is
 * no format being indexed are counted and passed over.  Everything else
 * that cannot be a document is reported with a reason — the caller
 * decides how loud.
 */
#include "config.h"
#include "indexer.h"
#include "tr_i18n.h"
#include "tr_path.h"

#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

/* Directory depth beyond which we stop: deeper trees are almost certainly
 * loops that inode tracking cannot see (e.g. bind mounts). */
#define MAX_DEPTH 256

typedef struct {
    dev_t dev;
    ino_t ino;
} dirid;

/* Images hold nothing but pixels: they are candidates only when OCR can
 * read them.  Asking costs loading Tesseract's data (0.15 s), so it is
 * asked the first time an image is met, not by every run: a folder of
 * text documents pays nothing.  Scanned PDFs are candidates anyway. */
static const tr_extract_opts *ocr_opts;
static int ocr_state = -1;   /* -1 not asked yet; the walk is one thread */

unsigned ix_default_formats(const tr_extract_opts *eo)
{
    unsigned m = 0;
    for (int f = TR_FMT_TEXT; f < TR_FMT_COUNT; f++)
        if (f != TR_FMT_IMAGE)
            m |= 1u << f;
    if (eo && eo->ocr) {
        ocr_opts = eo;
        m |= IX_IMAGES_IF_OCR;
    }
    return m;
}

int ix_images_readable(void)
{
    if (ocr_state < 0)
        ocr_state = ocr_opts && ix_ocr_available(ocr_opts);
    return ocr_state;
}

unsigned ix_parse_formats(const char *list, const char **bad)
{
    static char word[32];
    unsigned m = 0;
    const char *p = list;
    while (*p) {
        size_t n = strcspn(p, ", ");
        if (n) {
            snprintf(word, sizeof word, "%.*s", (int)(n < 31 ? n : 31), p);
            tr_format f = tr_format_from_name(word);
            if (f == TR_FMT_UNKNOWN || n >= 31) {
                *bad = word;
                return 0;
            }
            m |= 1u << f;
        }
        p += n;
        while (*p == ',' || *p == ' ')
            p++;
    }
    if (!m)
        *bad = list;
    return m;
}

int ix_accepted_name(const char *path, unsigned formats)
{
    const char *base = strrchr(path, '/');
    base = base ? base + 1 : path;
    if (!strchr(base, '.'))
        return 1;   /* no extension: saved that way, the content decides */
    tr_format f = tr_format_of_name(path);
    if (!formats)
        formats = ix_default_formats(NULL);
    if (f == TR_FMT_IMAGE && (formats & IX_IMAGES_IF_OCR))
        return ix_images_readable();
    return f != TR_FMT_UNKNOWN && (formats & (1u << f));
}

static int is_sidecar(const char *name)
{
    size_t n = strlen(name);
    return n > 5 && strcmp(name + n - 5, ".meta") == 0;
}

static int push(ix_filelist *fl, char *path, const struct stat *st)
{
    if (fl->n == fl->cap) {
        size_t cap = fl->cap ? fl->cap * 2 : 256;
        ix_file *v = realloc(fl->v, cap * sizeof *v);
        if (!v)
            return -1;
        fl->v = v;
        fl->cap = cap;
    }
    fl->v[fl->n].path = path;
    fl->v[fl->n].st = *st;
    fl->n++;
    return 0;
}

static int add_file(ix_filelist *fl, char *path, const struct stat *st,
                    int explicit, ix_skip_fn skip, void *ctx)
{
    if (!S_ISREG(st->st_mode)) {
        skip(path, S_ISFIFO(st->st_mode)   ? _("not a regular file (FIFO)")
                   : S_ISSOCK(st->st_mode) ? _("not a regular file (socket)")
                   : S_ISCHR(st->st_mode) || S_ISBLK(st->st_mode)
                       ? _("not a regular file (device)")
                       : _("not a regular file"),
             ctx);
        free(path);
        return 0;
    }
    /* Inside a directory the extension picks the candidates (a folder
     * also holds spreadsheets and photos); a file named by the user is
     * taken as it is, and its content decides what it is. */
    if (is_sidecar(path)) {
        if (explicit)
            skip(path, _("a sidecar: it is read with its document, not indexed"), ctx);
        free(path);
        return 0;
    }
    /* Not an error: a shared folder holds spreadsheets and photos too,
     * and a run that flagged them every time would never end clean. */
    if (!explicit && !ix_accepted_name(path, fl->formats)) {
        fl->others++;
        if (fl->other)
            fl->other(path, _("not a document format being indexed, passed over"), ctx);
        free(path);
        return 0;
    }
    if (access(path, R_OK) != 0) {
        skip(path, _("not readable (permission denied)"), ctx);
        free(path);
        return 0;
    }
    if (push(fl, path, st) != 0) {
        free(path);
        return -1;
    }
    return 0;
}

static int cmp_dirent(const void *a, const void *b)
{
    return strcmp((*(struct dirent *const *)a)->d_name,
                  (*(struct dirent *const *)b)->d_name);
}

static int walk_dir(ix_filelist *fl, const char *dir, dirid *stack, int depth,
                    ix_skip_fn skip, void *ctx)
{
    if (depth >= MAX_DEPTH) {
        skip(dir, _("directory nesting too deep (over 256 levels)"), ctx);
        return 0;
    }
    DIR *d = opendir(dir);
    if (!d) {
        char why[160];
        snprintf(why, sizeof why, _("cannot open directory: %s"), strerror(errno));
        skip(dir, why, ctx);
        return 0;
    }
    /* Sorted order makes runs, ids and messages reproducible. */
    struct dirent **names = NULL;
    size_t n = 0, cap = 0;
    struct dirent *e;
    int rc = 0;
    while ((e = readdir(d)) != NULL) {
        if (e->d_name[0] == '.')
            continue;
        if (n == cap) {
            cap = cap ? cap * 2 : 64;
            struct dirent **nn = realloc(names, cap * sizeof *nn);
            if (!nn) {
                rc = -1;
                break;
            }
            names = nn;
        }
        size_t sz = offsetof(struct dirent, d_name) + strlen(e->d_name) + 1;
        names[n] = malloc(sz < sizeof *e ? sizeof *e : sz);
        if (!names[n]) {
            rc = -1;
            break;
        }
        memcpy(names[n], e, sz);
        n++;
    }
    closedir(d);
    if (rc == 0 && n > 1)
        qsort(names, n, sizeof *names, cmp_dirent);
    for (size_t i = 0; rc == 0 && i < n; i++) {
        size_t len = strlen(dir) + strlen(names[i]->d_name) + 2;
        char *path = malloc(len);
        if (!path) {
            rc = -1;
            break;
        }
        snprintf(path, len, "%s/%s", dir, names[i]->d_name);
        struct stat st;
        if (stat(path, &st) != 0) {
            struct stat lst;
            int dangling = lstat(path, &lst) == 0 && S_ISLNK(lst.st_mode);
            char why[160];
            if (dangling && errno == ELOOP)
                snprintf(why, sizeof why, "%s", _("symbolic link loop"));
            else if (dangling)
                snprintf(why, sizeof why, "%s", _("dangling symbolic link"));
            else
                snprintf(why, sizeof why, _("cannot stat: %s"), strerror(errno));
            skip(path, why, ctx);
            free(path);
            continue;
        }
        if (S_ISDIR(st.st_mode)) {
            int loop = 0;
            for (int k = 0; k < depth; k++)
                if (stack[k].dev == st.st_dev && stack[k].ino == st.st_ino)
                    loop = 1;
            if (loop) {
                skip(path, _("symbolic link loop (directory already being walked)"), ctx);
            } else {
                stack[depth].dev = st.st_dev;
                stack[depth].ino = st.st_ino;
                rc = walk_dir(fl, path, stack, depth + 1, skip, ctx);
            }
            free(path);
        } else {
            rc = add_file(fl, path, &st, 0, skip, ctx);
        }
    }
    for (size_t i = 0; i < n; i++)
        free(names[i]);
    free(names);
    return rc;
}

static int add_root(ix_filelist *fl, const char *abs)
{
    char **r = realloc(fl->roots, (fl->nroots + 1) * sizeof *r);
    if (!r)
        return -1;
    fl->roots = r;
    if (!(fl->roots[fl->nroots] = strdup(abs)))
        return -1;
    fl->nroots++;
    return 0;
}

int ix_walk(ix_filelist *fl, const char *arg, ix_skip_fn skip, void *ctx)
{
    char *abs = tr_abspath(arg);
    if (!abs)
        return -1;
    struct stat st;
    if (stat(abs, &st) != 0) {
        char why[160];
        struct stat lst;
        if (lstat(abs, &lst) == 0 && S_ISLNK(lst.st_mode))
            snprintf(why, sizeof why, "%s",
                     errno == ELOOP ? _("symbolic link loop") : _("dangling symbolic link"));
        else
            snprintf(why, sizeof why, "%s", strerror(errno));
        skip(arg, why, ctx);
        free(abs);
        return 0;
    }
    if (add_root(fl, abs) != 0) {
        free(abs);
        return -1;
    }
    if (S_ISDIR(st.st_mode)) {
        dirid *stack = calloc(MAX_DEPTH + 1, sizeof *stack);
        if (!stack) {
            free(abs);
            return -1;
        }
        stack[0].dev = st.st_dev;
        stack[0].ino = st.st_ino;
        int rc = walk_dir(fl, abs, stack, 1, skip, ctx);
        free(stack);
        free(abs);
        return rc;
    }
    return add_file(fl, abs, &st, 1, skip, ctx);
}

int ix_spare_empty_root(ix_filelist *fl, size_t had)
{
    if (fl->nroots <= had)
        return 0;   /* not walked (missing): nothing to sweep anyway */
    DIR *d = opendir(fl->roots[fl->nroots - 1]);
    if (!d)
        return 0;
    struct dirent *e;
    int empty = 1;
    while (empty && (e = readdir(d)) != NULL)
        if (strcmp(e->d_name, ".") != 0 && strcmp(e->d_name, ".."))
            empty = 0;
    closedir(d);
    if (empty)
        free(fl->roots[--fl->nroots]);
    return empty;
}

void ix_filelist_free(ix_filelist *fl)
{
    for (size_t i = 0; i < fl->n; i++)
        free(fl->v[i].path);
    for (size_t i = 0; i < fl->nroots; i++)
        free(fl->roots[i]);
    free(fl->v);
    free(fl->roots);
    memset(fl, 0, sizeof *fl);
}

/*
 * shards.c — the on-disk layout of a sharded index (tracuu-index --shards).
 *
 * A sharded index is a directory holding shard-00, shard-01, … (ordinary
 * Xapian databases) and XAPIANDB, a Xapian stub file listing them one a
 * line ("auto shard-00").  Because the stub is Xapian's own format and
 * Xapian opens a directory holding XAPIANDB as that stub, `--db DIR` keeps
 * meaning "the index" for every program and for xapian-delve alike, and a
 * person can edit XAPIANDB to replace a local shard by a `remote HOST:PORT`
 * served by xapian-tcpsrv (docs/scale-out.md).
 *
 * This file only makes and grows the layout; which shard a document goes
 * to is tr_db's business (tr_db_shard_of), so that every writer agrees.
 * The stub may also be a plain file given as --db; new shards are then
 * made beside it.
 */
#include "config.h"
#include "indexer.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "tr_i18n.h"

/* The stub file of dbpath (malloc'd) when dbpath is sharded, else NULL. */
static char *stub_of(const char *dbpath)
{
    struct stat st;
    if (stat(dbpath, &st) != 0)
        return NULL;
    if (S_ISREG(st.st_mode))
        return strdup(dbpath);
    size_t n = strlen(dbpath) + 16;
    char *p = malloc(n);
    if (!p)
        return NULL;
    snprintf(p, n, "%s/XAPIANDB", dbpath);
    if (stat(p, &st) != 0) {
        free(p);
        return NULL;
    }
    return p;
}

/* Databases the stub lists (lines that are not blank or comments). */
static unsigned count_entries(const char *stub)
{
    FILE *f = fopen(stub, "r");
    if (!f)
        return 0;
    char line[4096];
    unsigned n = 0;
    while (fgets(line, sizeof line, f)) {
        char *p = line + strspn(line, " \t\r\n");
        if (*p && *p != '#')
            n++;
    }
    fclose(f);
    return n;
}

unsigned ix_shards_count(const char *dbpath)
{
    char *stub = stub_of(dbpath);
    unsigned n = stub ? count_entries(stub) : 0;
    free(stub);
    return n;
}

/* Appends shards first..n-1 to the stub, named shard-NN beside it (a name
 * already taken on disk is skipped, so a hand-made layout is never
 * overwritten). */
static int append_shards(const char *stub, unsigned first, unsigned n)
{
    FILE *f = fopen(stub, "a");
    if (!f)
        goto fail;
    char dir[4096];
    snprintf(dir, sizeof dir, "%s", stub);
    char *slash = strrchr(dir, '/');
    if (slash)
        *slash = '\0';
    else
        snprintf(dir, sizeof dir, ".");
    unsigned k = first;
    for (unsigned i = first; i < n; i++) {
        char path[4200];
        struct stat st;
        for (;; k++) {
            snprintf(path, sizeof path, "%s/shard-%02u", dir, k);
            if (stat(path, &st) != 0)
                break;
        }
        if (fprintf(f, "auto shard-%02u\n", k++) < 0)
            goto fail_close;
    }
    if (fclose(f) != 0)
        goto fail;
    return 0;
fail_close:
    fclose(f);
fail:
    fprintf(stderr, _("tracuu-index: %s: cannot write the shard list: %s\n"), stub,
            strerror(errno));
    return IX_DBERR;
}

int ix_shards_prepare(const char *dbpath, unsigned n)
{
    struct stat st;
    char *stub = stub_of(dbpath);
    if (!stub) {
        char probe[4200];
        snprintf(probe, sizeof probe, "%s/iamglass", dbpath);
        if (stat(probe, &st) == 0) {
            fprintf(stderr, _("tracuu-index: %s is a single database; to shard it, add "
                              "--rebuild (re-indexes into %u shards)\n"), dbpath, n);
            return IX_USAGE;
        }
        if (stat(dbpath, &st) == 0 && !S_ISDIR(st.st_mode)) {
            fprintf(stderr, _("tracuu-index: %s: not a directory\n"), dbpath);
            return IX_USAGE;
        }
        if (mkdir(dbpath, 0777) != 0 && errno != EEXIST) {
            fprintf(stderr, _("tracuu-index: %s: cannot create it: %s\n"), dbpath,
                    strerror(errno));
            return IX_DBERR;
        }
        size_t len = strlen(dbpath) + 16;
        if (!(stub = malloc(len)))
            return IX_DBERR;
        snprintf(stub, len, "%s/XAPIANDB", dbpath);
        FILE *f = fopen(stub, "w");
        int bad = !f || fputs("# tracuu shards: one database a line (auto PATH, "
                              "remote HOST:PORT); see docs/scale-out.md\n", f) < 0;
        if (f && fclose(f) != 0)
            bad = 1;
        if (bad) {
            fprintf(stderr, _("tracuu-index: %s: cannot write the shard list: %s\n"), stub,
                    strerror(errno));
            free(stub);
            return IX_DBERR;
        }
    }
    unsigned have = count_entries(stub);
    int rc = 0;
    if (n < have) {
        fprintf(stderr, _("tracuu-index: %s has %u shards; shards cannot be removed in "
                          "place (use --rebuild --shards %u)\n"), dbpath, have, n);
        rc = IX_USAGE;
    } else if (n > have) {
        rc = append_shards(stub, have, n);
    }
    free(stub);
    return rc;
}

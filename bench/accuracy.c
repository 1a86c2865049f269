/*
 * accuracy — what tracuu-index understood, against the generator's
 * manifest: per-field metadata accuracy and citation precision/recall.
 *
 *   accuracy DBDIR CORPUSDIR
 *
 * A field counts as right when the stored value equals the manifest's;
 * "unknown" (no value) counts as wrong, so the figures also show how much
 * a headerless document cannot reveal.  Headered documents are reported
 * separately for that reason.  signed_for is right when both are empty
 * too (a document without a signature block names no organ).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tr_db.h"
#include "tr_store.h"

#define NF 7
static const char *const fields[NF] = {"number", "type",  "body",      "province",
                                       "date",   "year",  "signed_for"};
/* each field's column in manifest.tsv (cited numbers are column 7) */
static const int column[NF] = {1, 2, 3, 4, 5, 6, 8};

typedef struct {
    char *path, *f[NF], *cites;
} row;

static row *rows;
static size_t nrows;

static row *find(const char *abs)
{
    for (size_t i = 0; i < nrows; i++) {
        size_t a = strlen(abs), p = strlen(rows[i].path);
        if (a >= p && !strcmp(abs + a - p, rows[i].path) && (a == p || abs[a - p - 1] == '/'))
            return &rows[i];
    }
    return NULL;
}

int main(int argc, char **argv)
{
    if (argc != 3) {
        fprintf(stderr, "usage: accuracy DBDIR CORPUSDIR\n");
        return 2;
    }
    char mp[4096];
    snprintf(mp, sizeof mp, "%s/manifest.tsv", argv[2]);
    FILE *m = fopen(mp, "r");
    if (!m) {
        perror(mp);
        return 2;
    }
    char line[16384];
    fgets(line, sizeof line, m);
    while (fgets(line, sizeof line, m)) {
        line[strcspn(line, "\n")] = 0;
        rows = realloc(rows, (nrows + 1) * sizeof *rows);
        row *r = &rows[nrows++];
        char *s = line, *tab;
        char *col[9] = {0};
        for (int k = 0; k < 9; k++) {
            tab = strchr(s, '\t');
            if (tab)
                *tab = 0;
            col[k] = strdup(s);
            s = tab ? tab + 1 : s + strlen(s);
        }
        r->path = col[0];
        for (int k = 0; k < NF; k++)
            r->f[k] = col[column[k]];
        r->cites = col[7];
    }
    fclose(m);
    tr_db *db;
    char *err = NULL;
    const char *dbp = argv[1];
    if (tr_db_open_readonly(&dbp, 1, &db, &err)) {
        fprintf(stderr, "accuracy: %s\n", err ? err : dbp);
        return 3;
    }
    unsigned long total = tr_db_doccount(db), seen = 0;
    size_t right[2][NF] = {{0}}, count[2] = {0};
    size_t tp = 0, fp = 0, fn = 0;
    for (unsigned id = 1; seen < total && id < total * 4 + 100; id++) {
        char *data;
        size_t len;
        if (tr_db_get_data(db, id, &data, &len) != 0)
            continue;
        seen++;
        tr_record rec;
        if (tr_record_parse(data, len, &rec) != 0) {
            free(data);
            continue;
        }
        char *path = tr_record_get(&rec, "path");
        row *r = path ? find(path) : NULL;
        if (r) {
            int headered = r->f[0][0] != 0;
            for (int h = 0; h < 2; h++) {
                if (h == 1 && !headered)
                    continue;
                count[h]++;
                for (int k = 0; k < NF; k++) {
                    char *v = tr_record_get(&rec, fields[k]);
                    right[h][k] += (v ? !strcmp(v, r->f[k]) : !r->f[k][0]);
                    free(v);
                }
            }
            /* citations: the record's "cite" lines against the manifest */
            char found[4096] = ",";
            for (size_t i = 0; i < rec.n; i++) {
                if (rec.kv[i].key_len != 4 || memcmp(rec.kv[i].key, "cite", 4))
                    continue;
                size_t cl = strcspn(rec.kv[i].value, " ");
                char c[128];
                snprintf(c, sizeof c, ",%.*s,", (int)cl, rec.kv[i].value);
                if (strstr(found, c))
                    continue;   /* each distinct number once */
                if (strlen(found) + strlen(c) < sizeof found)
                    strcat(found, c + 1);
                char want[16400];
                snprintf(want, sizeof want, ",%s,", r->cites);
                if (strstr(want, c))
                    tp++;
                else
                    fp++;
            }
            for (char *s = r->cites; *s;) {
                size_t cl = strcspn(s, ",");
                char c[128];
                snprintf(c, sizeof c, ",%.*s,", (int)cl, s);
                if (!strstr(found, c))
                    fn++;
                s += cl + (s[cl] == ',');
            }
        }
        free(path);
        tr_record_free(&rec);
        free(data);
    }
    tr_db_close(db);
    printf("| field | all documents (%zu) | with a header (%zu) |\n|---|---|---|\n", count[0],
           count[1]);
    for (int k = 0; k < NF; k++)
        printf("| %s | %.1f%% | %.1f%% |\n", fields[k],
               count[0] ? 100.0 * right[0][k] / count[0] : 0,
               count[1] ? 100.0 * right[1][k] / count[1] : 0);
    printf("\ncitations: precision %.2f%%, recall %.2f%% (%zu right, %zu wrong, %zu missed)\n",
           tp + fp ? 100.0 * tp / (tp + fp) : 0, tp + fn ? 100.0 * tp / (tp + fn) : 0, tp, fp,
           fn);
    return 0;
}

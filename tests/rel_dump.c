/*
 * rel_dump — every document of a database as one sorted-friendly line:
 * unique id, path and the stored metadata and citations.  The crash and
 * concurrency tests compare dumps to prove that a database converged to
 * exactly the document set of a clean build.
 *
 *   rel_dump DBDIR      (prints "count N" first)
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tr_db.h"
#include "tr_store.h"

static int print_term(const char *t, size_t len, unsigned long f, void *ctx)
{
    (void)f;
    (void)ctx;
    printf("%.*s\t", (int)len, t);
    return 0;
}

int main(int argc, char **argv)
{
    tr_db *db;
    char *err = NULL;
    const char *p = argc > 1 ? argv[1] : "";
    if (argc != 2 || tr_db_open_readonly(&p, 1, &db, &err) != 0) {
        fprintf(stderr, "rel_dump: %s\n", err ? err : "usage: rel_dump DBDIR");
        return 3;
    }
    unsigned long n = tr_db_doccount(db), seen = 0;
    printf("count %lu\n", n);
    for (unsigned id = 1; seen < n && id < n * 8 + 1000; id++) {
        char *data;
        size_t len;
        if (tr_db_get_data(db, id, &data, &len) != 0)
            continue;
        seen++;
        if (tr_db_doc_terms(db, id, "Q", print_term, NULL) != 0)
            printf("?\t");
        tr_record rec;
        if (tr_record_parse(data, len, &rec) == 0) {
            for (size_t i = 0; i < rec.n; i++)
                printf("%.*s=%.*s\t", (int)rec.kv[i].key_len, rec.kv[i].key,
                       (int)rec.kv[i].value_len, rec.kv[i].value);
            printf("text=%zu\n", rec.zlen);
            tr_record_free(&rec);
        } else {
            printf("BAD RECORD\n");
        }
        free(data);
    }
    tr_db_close(db);
    return seen == n ? 0 : 1;
}

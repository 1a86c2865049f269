/*
 * fts5-index — the yardstick: the same files into SQLite FTS5, as a user
 * of FTS5 would do it (text stored, unicode61 with diacritics removed,
 * one transaction per 1,000 files).
 *
 *   fts5-index DB.sqlite < list-of-paths
 */
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static char *slurp(const char *path, size_t *n)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    fseek(f, 0, SEEK_END);
    long l = ftell(f);
    fseek(f, 0, SEEK_SET);
    char *b = malloc((size_t)l + 1);
    *n = b ? fread(b, 1, (size_t)l, f) : 0;
    fclose(f);
    return b;
}

int main(int argc, char **argv)
{
    sqlite3 *db;
    sqlite3_stmt *ins;
    if (argc != 2 || sqlite3_open(argv[1], &db) != SQLITE_OK) {
        fprintf(stderr, "usage: fts5-index DB.sqlite < paths\n");
        return 2;
    }
    const char *schema =
        "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;"
        "CREATE VIRTUAL TABLE IF NOT EXISTS docs USING fts5(path UNINDEXED, body,"
        " tokenize='unicode61 remove_diacritics 2');";
    if (sqlite3_exec(db, schema, NULL, NULL, NULL) != SQLITE_OK ||
        sqlite3_prepare_v2(db, "INSERT INTO docs(path, body) VALUES (?, ?)", -1, &ins, NULL)) {
        fprintf(stderr, "fts5-index: %s\n", sqlite3_errmsg(db));
        return 3;
    }
    char line[8192];
    size_t n = 0, bytes = 0;
    sqlite3_exec(db, "BEGIN", NULL, NULL, NULL);
    while (fgets(line, sizeof line, stdin)) {
        line[strcspn(line, "\n")] = 0;
        size_t len;
        char *t = slurp(line, &len);
        if (!t)
            continue;
        sqlite3_bind_text(ins, 1, line, -1, SQLITE_TRANSIENT);
        sqlite3_bind_text(ins, 2, t, (int)len, free);
        if (sqlite3_step(ins) != SQLITE_DONE) {
            fprintf(stderr, "fts5-index: %s: %s\n", line, sqlite3_errmsg(db));
            return 3;
        }
        sqlite3_reset(ins);
        bytes += len;
        if (++n % 1000 == 0) {
            sqlite3_exec(db, "COMMIT", NULL, NULL, NULL);
            sqlite3_exec(db, "BEGIN", NULL, NULL, NULL);
        }
    }
    sqlite3_exec(db, "COMMIT", NULL, NULL, NULL);
    sqlite3_exec(db, "PRAGMA wal_checkpoint(TRUNCATE)", NULL, NULL, NULL);
    sqlite3_finalize(ins);
    sqlite3_close(db);
    printf("fts5-index: %zu files, %zu bytes\n", n, bytes);
    return 0;
}

/*
 * tr_path — a document's stable identity.
 *
 * A document is identified by its file's absolute path (symlinks not
 * resolved, so moving a corpus behind a link keeps ids stable for the
 * user's view of it).  Both programs need the same answer: the indexer to
 * write the unique term, the searcher to find a document from a PATH given
 * to --show.  Hence one function, in the library.
 */
#ifndef TR_PATH_H
#define TR_PATH_H

#include <stddef.h>
#include <stdint.h>

/* FNV-1a, 64 bits: fast, good enough for ids and change detection. */
uint64_t tr_fnv1a64(const void *data, size_t len);

/* The absolute form of path (malloc'd; NULL on OOM or when the current
 * directory is unknown): relative paths are joined to the working
 * directory, "./" prefixes and trailing slashes dropped. */
char *tr_abspath(const char *path);

/* The unique-id term of an absolute path: "Q" + 16 hex digits. */
#define TR_UID_SIZE 18
void tr_uid(const char *abspath, char out[TR_UID_SIZE]);

/* The database every program uses when --db is not given (malloc'd; NULL
 * when there is no home to put it in): $TRACUU_DB, else
 * $XDG_DATA_HOME/tracuu/db, else ~/.local/share/tracuu/db.  One place, so
 * the indexer, the searcher and the web server can never disagree. */
char *tr_default_db(void);

#endif

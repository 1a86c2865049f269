/*
 * tr_search_int.h — what tr_search.c (the search) and tr_search_snippet.c
 * (a hit's snippet) share.  Internal to the library.
 */
#ifndef TR_SEARCH_INT_H
#define TR_SEARCH_INT_H

#include "tr_search.h"
#include "tr_store.h"

/* Fills h->snippet and its highlights for the hit docid of db, from its
 * record r: the sentence citing one of numbers[0..nn) if there is one,
 * else the best passage for words (scan_all: tokenize the whole text
 * rather than the passages the index points to).  0, or -1 on
 * out-of-memory. */
int tr_search_snippet(tr_db *db, unsigned docid, int scan_all, const tr_record *r,
                      const tr_qword *words, size_t nw, char (*numbers)[64], size_t nn,
                      tr_hit *h);

#endif

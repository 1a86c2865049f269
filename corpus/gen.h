/*
 * gen.h — what corpus/gen's four files share: the topics documents are
 * about and the seed sentences tagged with them (gen-topics.c), the
 * spelling variants (gen-text.c), the citations (gen-cites.c); gen.c
 * assembles the documents.
 */
#ifndef GEN_H
#define GEN_H

#include <stddef.h>
#include <stdint.h>

#include "tr_buf.h"

typedef struct {
    const char *title;      /* the subject line's words: "công tác hòa giải ở cơ sở" */
    const char *keys[10];   /* case-folded substrings marking a seed sentence */
    const char *says[4];    /* the topic's own sentences */
} topic;

#define NTOPICS 32
extern const topic topics[NTOPICS];

/* land clearance: the generator's project sentences name it only in its documents */
enum { LAND = 6 };

typedef struct {
    const char *s;
    size_t len;
    uint64_t topics;   /* bit t: the sentence names a key of topics[t] */
} sentence;

typedef struct {
    sentence *v;
    size_t n;
} para;

/* the seeds' paragraphs, loaded by load_samples (-1 and a message on stderr
 * when a seed cannot be read) */
extern para *paras;
extern size_t nparas;
int load_samples(const char *dir);

/* splitmix64 (gen.c), so every platform writes the same corpus */
uint64_t gen_next(void);
unsigned gen_pick(unsigned n);
int gen_chance(unsigned percent);

/* the canonical numbers a document cites, for the manifest (gen-cites.c) */
typedef struct {
    char (*v)[64];
    size_t n, cap;
} cites;
void make_central(void);
/* one citing clause, written to b, its numbers noted in c */
void cite_sentence(tr_buf *b, cites *c);

char *upper(const char *s);
void new_style(tr_buf *b, tr_buf *out);
void strip_marks(const tr_buf *b, tr_buf *out);

#endif

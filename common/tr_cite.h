/*
 * tr_cite — document numbers (số hiệu) and the citations between documents.
 *
 * A Party number is NUMBER-TYPE/ISSUER (43-CT/TW, 134-KH/BDVTU,
 * 52-CTr/BDV-BCSDUBND); a State number is NUMBER/YEAR/TYPE-ISSUER
 * (60/2013/NĐ-CP) or NUMBER/ISSUER-UNIT for letters (887/UBND-NC).  In
 * running text they come with stray spaces ("374- TB/TU"), ASCII D for Đ,
 * and in lists sharing one suffix ("Quyết định số 217, 218-QĐ/TW" = two
 * citations).  The canonical form is what every term, facet and query
 * uses: upper-case codes with the Party spelling of mixed-case codes kept
 * (CTr, QĐi, HD), Đ restored, no spaces, leading zeros of the number
 * dropped.
 *
 * Scope: TW/CP/QH/TTg/… numbers are national; TU/HU/ĐU/BDVTU/UBND… numbers
 * restart in every province, so a local citation is also given a scoped id
 * "22-CT/TU@quang-ngai" when the citing document's province is known.
 */
#ifndef TR_CITE_H
#define TR_CITE_H

#include <stddef.h>

#define TR_CANON_MAX 64

typedef enum {
    TR_LEVEL_UNKNOWN = 0,
    TR_LEVEL_CENTRAL,     /* TW, VPTW, BDVTW, CP, TTg, QH, UBTVQH, ministries */
    TR_LEVEL_LOCAL        /* TU, HU, ĐU, BDVTU, UBND, HĐND, … */
} tr_level;

typedef struct {
    size_t start, len;             /* byte span of the number in the text
                                      (for a list item: that item's digits
                                      through the shared suffix) */
    char canon[TR_CANON_MAX];      /* "43-CT/TW", "60/2013/NĐ-CP" */
    char type_code[16];            /* "CT", "NĐ", "QĐ", "" when none */
    const char *type_name;         /* "Chỉ thị", "Nghị định"…: static, or NULL */
    tr_level level;
    char date[11];                 /* "YYYY-MM-DD" from a following "ngày …", or "" */
    size_t sent_start, sent_len;   /* the sentence the citation stands in */
} tr_cite;

typedef struct {
    tr_cite *v;
    size_t n, cap;
} tr_cite_list;

/* Appends to *out every citation in text[0..len) (clean UTF-8), in text
 * order, de-duplicated by nothing (the same number cited twice is two
 * entries; callers de-duplicate terms).  own_number, when not NULL, is the
 * document's own canonical number: its occurrences are not citations.  The
 * header line "Số 246-CV/TU" is never a citation either.  Returns 0, or -1
 * on out-of-memory. */
int tr_cite_extract(const char *text, size_t len, const char *own_number,
                    tr_cite_list *out);

void tr_cite_list_free(tr_cite_list *l);

/* Normalises what a user typed ("43 ct/tw", "Chỉ thị 43-CT/TW",
 * "60/2013/ND-CP", "43-CT/TW") into the canonical number.  Writes it into
 * out (TR_CANON_MAX bytes) and returns 0, or returns -1 when the input is
 * not a document number.  Before the number only type words (marked or
 * not: "Chỉ thị", "chi thi") and "số"/"so" may stand; after it only
 * punctuation, or a scope "@quang-ngai", which is left out of out (the
 * caller keeps it).  Same rules as the extractor: "08-CT/TU" -> "8-CT/TU",
 * "qd" -> "QĐ", "TƯ" -> "TW". */
int tr_cite_canonical(const char *input, char out[TR_CANON_MAX]);

/* Level of a canonical number, from its issuer code. */
tr_level tr_cite_level(const char *canon);

/* The type code of a canonical number ("CT" of "43-CT/TW", "NĐ" of
 * "60/2013/NĐ-CP", "" for "887/UBND-NC") into code (16 bytes). */
void tr_cite_type_code(const char *canon, char code[16]);

/* The Vietnamese name of a type code ("CT" -> "Chỉ thị"), or NULL.  TT is
 * read as the Party "Thông tri"; tr_cite_name knows the form. */
const char *tr_cite_type_name(const char *code);

/* The type name of a canonical number, from its code and form: "Thông tri"
 * for 4-TT/TU, "Thông tư" for 10/2019/TT-BNV; NULL when it has no type
 * code (887/UBND-NC). */
const char *tr_cite_name(const char *canon);

/* The document's own number from its header line "Số 246-CV/TU" (or
 * "Số: …", alone at the start of a line or table cell), canonical, into
 * out.  Returns 0, or -1 when the text has no such line. */
int tr_cite_own_number(const char *text, size_t len, char out[TR_CANON_MAX]);

/* Writes "CANON@province_slug" into out when canon is local and
 * province_slug is non-empty, else canon itself.  Returns 0, or -1 when
 * out (outsz bytes) is too small. */
int tr_cite_scoped(const char *canon, const char *province_slug,
                   char *out, size_t outsz);

#endif

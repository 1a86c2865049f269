/*
 * tr_meta — what a document is: number, type, title, body, province, date,
 * signer; each with where it came from, so that --explain can say why.
 *
 * Sources, from most to least trusted: a sidecar supplied by the user,
 * the header block (TỈNH ỦY QUẢNG NGÃI, Số 246-CV/TU, the type word and
 * title), the place-date line, the issuer code of the own number, the
 * signature block (T/M BAN THƯỜNG VỤ, K/T TRƯỞNG BAN), and sentences of the
 * body ("Ban Dân vận Tỉnh ủy báo cáo…", "tỉnh Kiên Giang").  What cannot be
 * known stays NULL: a province is never guessed from nothing.
 */
#ifndef TR_META_H
#define TR_META_H

#include <stddef.h>

typedef enum {
    TR_SRC_NONE = 0,
    TR_SRC_HEADER,       /* header block lines */
    TR_SRC_PLACE_DATE,   /* "Quảng Ngãi, ngày 08 tháng 02 năm 2021" */
    TR_SRC_NUMBER,       /* the issuer/type code of the own number */
    TR_SRC_SIGNATURE,    /* the signature block */
    TR_SRC_TITLE,        /* the title ("6 tháng đầu năm 2020") */
    TR_SRC_BODY,         /* a sentence of the body text */
    TR_SRC_SIDECAR,      /* supplied by the user */
    TR_SRC_PROPERTIES    /* the file's own properties (Word core
                            properties, PDF Info, HTML <title>): used only
                            where the text itself says nothing */
} tr_source;

/* Short English name of a source ("header", "sidecar"…), static. */
const char *tr_source_name(tr_source s);

typedef struct {
    char *value;         /* malloc'd display value, or NULL when unknown */
    tr_source src;
} tr_field;

/* Display values are canonical so that facets group them:
 *   number   canonical (tr_cite), "246-CV/TU"
 *   type     "Báo cáo", "Kế hoạch", "Công văn", "Chỉ thị"…
 *   body     "Ban Dân vận Tỉnh ủy", "Ban Thường vụ Tỉnh ủy", "Tỉnh ủy",
 *            "Ban Chấp hành Đảng bộ tỉnh", "UBND tỉnh"… ("uỷ"/"ủy"/"ỦY" -> "ủy")
 *   province gazetteer name, "Quảng Ngãi"
 *   date     "YYYY-MM-DD";  year "YYYY"
 *   signed_for  the organ the signature block signs for, named like a body
 *
 * body and signed_for are two facts, not two guesses at one.  body is the
 * issuing organ as the document presents itself: the organ of its header
 * ("TỈNH ỦY QUẢNG NGÃI" -> "Tỉnh ủy", as seed 003 is), and where the header
 * is lost the organ the text names as its author ("Ban Chấp hành Đảng bộ
 * tỉnh xây dựng Kế hoạch", seed 004), else the signing organ (seed 001).
 * signed_for is the organ after T/M, TM., TL., TUQ. ("T/M BAN THƯỜNG VỤ"
 * -> "Ban Thường vụ Tỉnh ủy"), or the organ whose head K/T, Q. sign for
 * ("K/T TRƯỞNG BAN" of a Ban Dân vận report -> "Ban Dân vận Tỉnh ủy");
 * NULL where the block is missing or names no known organ.  Seed 003 is
 * body "Tỉnh ủy", signed_for "Ban Thường vụ Tỉnh ủy". */
typedef struct {
    tr_field number, type, title, body, province, date, year, signer;
    tr_field signed_for;
} tr_meta;

/* Releases the field values; leaves *m zeroed. */
void tr_meta_free(tr_meta *m);

/* Extracts metadata from text[0..len) (clean UTF-8) into *m, which must be
 * zeroed or freshly freed.  Returns 0, or -1 on out-of-memory. */
int tr_meta_extract(const char *text, size_t len, tr_meta *m);

/* Sidecar: "FILE.meta" next to FILE, UTF-8 "key: value" lines; keys are
 * number, type, title, body, province, date (YYYY-MM-DD or D/M/YYYY), year,
 * signer, signed_for (Vietnamese aliases: so, loai, tieude, coquan, tinh,
 * ngay, nam, nguoiky, thaymat); '#' starts a comment line.  Every given field overrides *m and
 * is marked TR_SRC_SIDECAR.
 * Returns 0 when applied, 1 when there is no sidecar file, -1 on a
 * malformed or unreadable sidecar: err (errsz bytes) then holds a one-line
 * message "PATH:LINE: problem" and *m is unchanged. */
int tr_meta_apply_sidecar(const char *doc_path, tr_meta *m,
                          char *err, size_t errsz);

/* Same, from sidecar text already in memory (label names it in errors). */
int tr_meta_apply_sidecar_text(const char *label, const char *text, size_t len,
                               tr_meta *m, char *err, size_t errsz);

/* ---- gazetteer: the 63 provinces and cities in force until mid-2025 ---- */
typedef struct {
    const char *name;        /* "Quảng Ngãi", "Thành phố Hồ Chí Minh" */
    const char *slug;        /* "quang-ngai" */
    const char *capital;     /* "Quảng Ngãi", "Quy Nhơn" (Bình Định) */
    const char *successor;   /* the unit it belongs to from 1 July 2025 */
} tr_province;

/* Finds a province by any written form of its name or slug, with or
 * without diacritics, any case ("quang ngai", "TP. Hồ Chí Minh", "HCM").
 * NULL when unknown. */
const tr_province *tr_province_find(const char *name);

/* Finds the province whose capital is named (as on a place-date line). */
const tr_province *tr_province_by_capital(const char *place);

/* The table, for --stats and tests; *n receives 63. */
const tr_province *tr_province_all(size_t *n);

/* Canonical display name of an issuing body as written ("BAN DÂN VẬN TỈNH
 * UỶ", "ban dan van tinh uy" -> "Ban Dân vận Tỉnh ủy"), or NULL when it is
 * not a known body.  Static storage. */
const char *tr_body_canonical(const char *raw);

/* Canonical display name of a document type from a type word or code
 * ("BÁO CÁO", "bao cao", "BC" -> "Báo cáo"), or NULL.  Static storage. */
const char *tr_type_canonical(const char *raw);

/* The i-th distinct canonical type / body name (i from 0), NULL past the
 * last: the values shell completion offers for loai: and coquan:. */
const char *tr_type_name(size_t i);
const char *tr_body_name(size_t i);

#endif

/*
 * tr_legacy — Vietnamese text typed before Unicode: TCVN3 (ABC), VNI,
 * VISCII, VPS and Windows-1258.
 *
 * A large share of provincial archives from the 1990s-2000s was typed with
 * the ABC (fonts .VnTime, .VnArial; the "H" fonts .VnTimeH… for capitals)
 * or VNI (VNI-Times…) keyboards: the bytes are Vietnamese only through the
 * font, so a program that ignores the font sees Latin-1 gibberish such as
 * "B¸o c¸o t×nh h×nh" for "Báo cáo tình hình".  This module converts such
 * text, either because the caller knows the encoding (a run's font name in
 * a Word file) or by detection: each candidate decoding is scored by the
 * share of its words that are valid Vietnamese syllables (tr_syllable) and
 * only a clear winner is taken, so that French or English Latin-1 text is
 * never "converted".
 */
#ifndef TR_LEGACY_H
#define TR_LEGACY_H

#include <stddef.h>

#include "tr_buf.h"

typedef enum {
    TR_LEG_NONE = 0,    /* Unicode (or not a legacy font) */
    TR_LEG_TCVN3,       /* TCVN 5712:1993 VN3, the ABC fonts .VnTime… */
    TR_LEG_TCVN3H,      /* the ABC capital fonts .VnTimeH…: lower-case
                           code points show capitals */
    TR_LEG_VNI,         /* VNI-Windows: base letter + mark bytes */
    TR_LEG_VISCII,
    TR_LEG_VPS,
    TR_LEG_CP1258,      /* Windows-1258: base letters + combining tones */
    TR_LEG_CP1252,      /* not Vietnamese: plain Windows-1252 */
    TR_LEG_COUNT
} tr_legacy;

/* "TCVN3", "TCVN3-H", "VNI", "VISCII", "VPS", "CP1258", "CP1252", "" */
const char *tr_legacy_name(tr_legacy e);

/* The encoding a font name implies: ".VnTime" -> TCVN3, ".VnTimeH" ->
 * TCVN3H, "VNI-Times" -> VNI, "VISCII …"/"VN …" -> VISCII, "VPS …" -> VPS;
 * TR_LEG_NONE for every Unicode font ("Times New Roman"). */
tr_legacy tr_legacy_font(const char *font);

/* Appends the UTF-8 (NFC) of in[0..len), bytes in encoding e, to out.
 * 0, or -1 on out-of-memory. */
int tr_legacy_decode(tr_legacy e, const char *in, size_t len, tr_buf *out);

/* Same for text that already went through a Unicode pipeline that took the
 * legacy bytes for Windows-1252 (what Word, LibreOffice and antiword give
 * for a run in a legacy font): every code point is mapped back to its byte,
 * then decoded.  Code points with no byte are copied unchanged. */
int tr_legacy_decode_utf8(tr_legacy e, const char *in, size_t len, tr_buf *out);

typedef struct {
    tr_legacy enc;      /* the winner, or TR_LEG_CP1252 when undecidable */
    int score;          /* per mille of its words that are syllables */
    int runner_up;      /* the next candidate's score */
    int decided;        /* 1: a clear winner; 0: read as Windows-1252 */
} tr_legacy_guess;

/* Detects the encoding of 8-bit (non-UTF-8) bytes in[0..len). */
void tr_legacy_detect(const char *in, size_t len, tr_legacy_guess *g);

/* Repairs legacy text inside UTF-8 text: each paragraph made only of
 * Windows-1252 code points, with bytes >= 0x80 among them, whose TCVN3 or
 * VNI decoding is clearly Vietnamese while the text as it stands is not,
 * is replaced by that decoding.  Everything else is copied unchanged.
 * *fixed (may be NULL) receives the number of paragraphs converted and
 * *which (may be NULL) the encoding of the last one.  0, or -1 on OOM. */
int tr_legacy_repair(const char *in, size_t len, tr_buf *out,
                     unsigned *fixed, tr_legacy *which);

#endif

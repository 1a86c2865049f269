/*
 * tr_rtf_cp.c — bytes of an RTF file's code pages as code points.
 *
 * Windows-1252 (the default of every RTF writer) and Windows-1258 (the
 * Vietnamese page, whose tones are combining marks) are tables here,
 * because they are on the hot path of every non-Unicode RTF and must not
 * depend on the C library's iconv having them; any other single-byte page
 * is a 128-entry table built with iconv(3) on first use in a reader call.
 * Multi-byte Asian pages are not decoded: no Vietnamese document is
 * written in them, and a half-decoded byte stream is worse than U+FFFD.
 */
#include <iconv.h>
#include <stdio.h>

#include "tr_rtf_int.h"
#include "tr_utf8.h"

/* Windows-1252 0x80..0x9F (0: unassigned, kept as the C1 code point). */
static const uint16_t cp1252_hi[32] = {
    0x20AC, 0, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021,
    0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0, 0x017D, 0,
    0, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014,
    0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0, 0x017E, 0x0178};

/* Windows-1258 0xC0..0xFF; 0x80..0x9F as 1252 except Š š Ž ž, which it
 * lacks; 0xA0..0xBF as Latin-1.  The combining tones (0xCC 0xD2 0xDE 0xEC
 * 0xF2) are composed with their base letter by the final NFC. */
static const uint16_t cp1258_c0[64] = {
    0xC0, 0xC1, 0xC2, 0x102, 0xC4, 0xC5, 0xC6, 0xC7,
    0xC8, 0xC9, 0xCA, 0xCB, 0x300, 0xCD, 0xCE, 0xCF,
    0x110, 0xD1, 0x309, 0xD3, 0xD4, 0x1A0, 0xD6, 0xD7,
    0xD8, 0xD9, 0xDA, 0xDB, 0xDC, 0x1AF, 0x303, 0xDF,
    0xE0, 0xE1, 0xE2, 0x103, 0xE4, 0xE5, 0xE6, 0xE7,
    0xE8, 0xE9, 0xEA, 0xEB, 0x301, 0xED, 0xEE, 0xEF,
    0x111, 0xF1, 0x323, 0xF3, 0xF4, 0x1A1, 0xF6, 0xF7,
    0xF8, 0xF9, 0xFA, 0xFB, 0xFC, 0x1B0, 0x20AB, 0xFF};

static uint32_t cp1252(unsigned char b)
{
    if (b >= 0x80 && b < 0xA0 && cp1252_hi[b - 0x80])
        return cp1252_hi[b - 0x80];
    return b;
}

int tr_rtf_charset_cpg(int cs)
{
    switch (cs) {
    case 0: return 1252;
    case 2: return 1252;        /* Symbol: bullets, read as 1252 */
    case 77: return 10000;
    case 128: return 932;
    case 129: return 949;
    case 134: return 936;
    case 136: return 950;
    case 161: return 1253;
    case 162: return 1254;
    case 163: return 1258;
    case 177: return 1255;
    case 178: return 1256;
    case 186: return 1257;
    case 204: return 1251;
    case 222: return 874;
    case 238: return 1250;
    case 254: return 437;
    case 255: return 850;
    default: return 0;
    }
}

/* A 128-entry table of a single-byte code page, built with iconv once per
 * reader call; NULL when iconv does not know it or it is multi-byte. */
static const tr_rtf_cpmap *cpmap(tr_rtf_cpcache *r, int cpg)
{
    for (int i = 0; i < r->n; i++)
        if (r->maps[i].cpg == cpg)
            return &r->maps[i];
    if (cpg == 932 || cpg == 936 || cpg == 949 || cpg == 950)
        return NULL;
    char name[16];
    if (cpg == 10000)
        snprintf(name, sizeof name, "MACINTOSH");
    else
        snprintf(name, sizeof name, "CP%d", cpg);
    iconv_t cd = iconv_open("UTF-32LE", name);
    if (cd == (iconv_t)-1)
        return NULL;
    tr_rtf_cpmap *m = &r->maps[r->n < 4 ? r->n++ : 3];
    m->cpg = cpg;
    for (int b = 0x80; b < 0x100; b++) {
        char in = (char)b, outb[8];
        char *ip = &in, *op = outb;
        size_t il = 1, ol = sizeof outb;
        iconv(cd, NULL, NULL, NULL, NULL);
        if (iconv(cd, &ip, &il, &op, &ol) == (size_t)-1 || ol != 4)
            m->map[b - 0x80] = TR_UTF8_REPLACEMENT;
        else
            m->map[b - 0x80] = (uint32_t)(unsigned char)outb[0] |
                               (uint32_t)(unsigned char)outb[1] << 8 |
                               (uint32_t)(unsigned char)outb[2] << 16;
    }
    iconv_close(cd);
    return m;
}

uint32_t tr_rtf_byte(tr_rtf_cpcache *c, int cpg, unsigned char b)
{
    if (b < 0x80)
        return b;
    if (cpg == 1252 || cpg == 0)
        return cp1252(b);
    if (cpg == 1258)
        return b >= 0xC0 ? cp1258_c0[b - 0xC0]
             : (b == 0x8A || b == 0x8E || b == 0x9A || b == 0x9E) ? TR_UTF8_REPLACEMENT
                                                                  : cp1252(b);
    const tr_rtf_cpmap *m = cpmap(c, cpg);
    return m ? m->map[b - 0x80] : TR_UTF8_REPLACEMENT;
}

int tr_rtf_cp1252_byte(uint32_t u)
{
    for (int i = 0; i < 32; i++)
        if (cp1252_hi[i] == u)
            return 0x80 + i;
    return -1;
}

#!/bin/sh
# gen-legacy-tables.sh — regenerates the iconv-derived byte tables of
# common/tr_legacy_tables.c (TCVN3, VISCII, Windows-1258, Windows-1252).
#
# Not run by the build: the tables are checked in, so that the build does
# not depend on which converters the local iconv has.  It is kept so that
# the data can be re-derived and audited: run it with glibc's iconv and
# paste its output over the four generated arrays.
#
#   TCVN3  = bytes 0x00-0x7F ASCII, 0x80-0x9F as Windows-1252 (the ABC
#            fonts left the ANSI punctuation there), 0xA0-0xFF from glibc's
#            TCVN5712-1, whose upper half is the VN3 set of TCVN 5712:1993.
#            The control bytes stay controls: VN1's capitals there are
#            not in VN3.
#   VISCII = glibc's VISCII (RFC 1456), all 256 bytes, capitals in C0.
#   CP1258 = glibc's CP1258 byte by byte (each byte alone, so the
#            converter's own composition does not hide the combining marks).
#   CP1252 = glibc's CP1252; its five undefined bytes (0x81 0x8D 0x8F 0x90
#            0x9D) map to the C1 controls U+0081…, as Windows itself does.
set -eu

cp_of() { # enc byte -> hex code point, or empty when undefined
    printf "\\$(printf %03o "$2")" | iconv -f "$1" -t UTF-32BE 2>/dev/null |
        od -An -tx1 | tr -d ' \n' | sed 's/^0*//'
}

emit() { # name enc [tcvn3]
    printf 'const uint16_t %s[256] = {\n' "$1"
    i=0
    while [ $i -lt 256 ]; do
        if [ "${3:-}" = tcvn3 ] && [ $i -lt 160 ]; then
            c=$(cp_of CP1252 $i)
        else
            c=$(cp_of "$2" $i)
        fi
        [ -n "$c" ] || c=$(printf %x $i)
        [ $((i % 8)) -eq 0 ] && printf '   '
        printf ' 0x%04X,' "0x$c"
        [ $((i % 8)) -eq 7 ] && printf '  /* %02X */\n' $((i - 7))
        i=$((i + 1))
    done
    printf '};\n\n'
}

emit tr_leg_cp1252 CP1252
emit tr_leg_tcvn3 TCVN5712-1 tcvn3
emit tr_leg_viscii VISCII
emit tr_leg_cp1258 CP1258

#!/bin/sh
# Hostile files of every format issue 13 reads, beside two good files:
# `tracuu-index DIR` must finish in bounded time without crashing, exit 1
# (some files skipped), name each refused file on its own stderr line with
# a reason, index the good files, and never index what an external XML
# entity points at (/etc/passwd).  The files are made at test time by
# tests/fixtures/hostile-formats/make-hostile.py (a zip bomb, billion
# laughs, XXE, broken XML/zip/PDF/OLE, a 10,000-page PDF, a PNG claiming
# 10^10 pixels, 100,000 nested RTF groups); encrypted.pdf (qpdf) and
# encrypted.doc and encrypted.odt (LibreOffice, make-encrypted.py) are
# committed.
. "$top_srcdir/tests/tap.sh"

PY=${PYTHON3:-python3}
H="$top_srcdir/tests/fixtures/hostile-formats"
G="$top_srcdir/tests/fixtures/formats"
B="$T/bad"
DB="$T/db"
mkdir "$B"
"$PY" "$H/make-hostile.py" "$B"
ok $? "hostile files generated"
cp "$H/encrypted.pdf" "$H/encrypted.doc" "$H/encrypted.odt" "$B/"
cp "$G/utf8.txt" "$B/good.txt"
cp "$G/bao-cao.docx" "$B/good.docx"

start=$(date +%s)
timeout 300 "$INDEX" --db "$DB" "$B" >"$T/out" 2>"$T/err"; rc=$?
secs=$(( $(date +%s) - start ))
out=$(cat "$T/out" "$T/err")
[ "$rc" -ne 124 ] && [ "$rc" -lt 128 ]
ok $? "the indexer finishes within 300 s without a crash (exit $rc, ${secs}s)"
is "$rc" 1 "skipped files make the exit status 1"

# reason NAME REGEX: one stderr line names the file and gives the reason
reason() {
    n=$(grep -c "^tracuu-index: .*/$1: " "$T/err")
    is "$n" 1 "$1: exactly one line on stderr"
    # the reason alone: the file's name must not satisfy the pattern
    grep "^tracuu-index: .*/$1: " "$T/err" | sed "s|^tracuu-index: .*/$1: ||" |
        grep -Eiq "$2"
    ok $? "$1: the reason says /$2/"
}
reason bomb.docx      'zip bomb|expands|ratio|too large|unpacked'
reason laughs.docx    'entit|amplif|loop|not XML'
reason notxml.docx    'not XML'
reason truncated.docx 'truncated|not a valid|damaged|zip'
reason encrypted.pdf  'encrypted|password'
reason encrypted.doc  'encrypted|password'
reason encrypted.odt  'encrypted|password'
reason truncated.pdf  'truncated|not a valid|damaged|no pages'
# without OCR an image is not even a candidate: skipped by its extension
if "$INDEX" --version | grep -q '^OCR: available'; then
    reason huge.png   'too large|pixels'
else
    grep -q "other files\? passed over" "$T/err"
    ok $? "huge.png: without OCR an image is passed over, counted"
fi
reason garbage.doc    'truncated|not a valid|damaged|corrupt|cannot'
reason nested.rtf     'nest|deep|depth'

# may be indexed (entity left unexpanded) or refused, but never leaks
n=$(grep -c "^tracuu-index: .*/xxe.docx: " "$T/err")
[ "$n" -le 1 ]
ok $? "xxe.docx: at most one line on stderr"
# may be read up to the page cap (with a note) or refused with a reason
if grep -q "^tracuu-index: .*/pages.pdf: " "$T/err"; then
    grep "^tracuu-index: .*/pages.pdf: " "$T/err" | sed 's|^tracuu-index: .*/pages.pdf: ||' |
        grep -Eiq 'pages|too many|too large|time'
    ok $? "pages.pdf: refused because of its pages"
else
    "$INDEX" --explain "$B/pages.pdf" 2>&1 | grep -Eiq 'pages|cap|limit'
    ok $? "pages.pdf: indexed, and --explain mentions the page limit"
fi
[ "$secs" -lt 120 ]
ok $? "all of it takes under two minutes (${secs}s)"

lines=$(grep -c '^tracuu-index: /' "$T/err")
[ "$lines" -ge 9 ]
ok $? "each refused file has its own line ($lines)"

"$SEARCH" --db "$DB" --json "đồi chè xanh ngắt" 2>/dev/null | grep -q '"path": *"[^"]*/good.txt"'
ok $? "the good text file is found"
"$SEARCH" --db "$DB" --json "khóm trúc rì rào" 2>/dev/null | grep -q '"path": *"[^"]*/good.docx"'
ok $? "the good .docx is found"

# /etc/passwd must never reach the index, whatever became of xxe.docx
for w in root nologin daemon; do
    total=$("$SEARCH" --db "$DB" --json "$w" 2>/dev/null | "$PY" -c '
import json, sys
try: print(json.load(sys.stdin)["total"])
except ValueError: print("no JSON")')
    is "$total" 0 "'$w' (from /etc/passwd) is not in the index"
done
if "$SEARCH" --db "$DB" xxeprobeword >/dev/null 2>&1; then
    shown=$("$SEARCH" --db "$DB" --show "$B/xxe.docx" 2>&1)
    lacks "$shown" "root:x:0:0" "xxe.docx is indexed without the entity's target"
else
    skip "xxe.docx refused: nothing to show"
fi
lacks "$out" "root:x:0:0" "no message quotes /etc/passwd"

# a second run is as bounded, and changes nothing
timeout 300 "$INDEX" --db "$DB" "$B" >/dev/null 2>&1; rc=$?
is "$rc" 1 "a second run exits 1 again (the same files skipped)"

done_testing

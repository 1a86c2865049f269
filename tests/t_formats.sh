#!/bin/sh
# Issue 13's acceptance test: a folder holding one real file of every
# format tracuu reads (tests/fixtures/formats/, table EXPECT) is indexed by
# `tracuu-index DIR` with no option; then every document is found by its
# marker phrase typed with and without diacritics, as the only hit, with
# its metadata (number, type, province, year), its citation (--cites), a
# snippet and --show text holding the marker; --explain names each file's
# format (read by content, whatever the name) and legacy encoding; --stats
# counts every format.  Rows needing OCR are skipped when Tesseract has no
# Vietnamese ("vie") data.
. "$top_srcdir/tests/tap.sh"

PY=${PYTHON3:-python3}
F="$top_srcdir/tests/fixtures/formats"
D="$T/docs"
DB="$T/db"
mkdir "$D"
sed 1d "$F/EXPECT" | tr '\t' '|' > "$T/expect"
while IFS='|' read -r file rest <&4; do
    cp "$F/$file" "$D/$file"
done 4< "$T/expect"
rows=$(wc -l < "$T/expect")

# the indexer says whether it can OCR (built with Tesseract, data installed)
if "$INDEX" --version | grep -q '^OCR: available'; then ocr=1; else ocr=0; fi

out=$(timeout 600 "$INDEX" --db "$DB" "$D" 2>&1); rc=$?
if [ "$ocr" -eq 1 ]; then
    is "$rc" 0 "tracuu-index DIR with no option indexes every format (exit 0)"
    contains "$out" "$rows indexed, 0 updated, 0 unchanged, 0 removed, 0 skipped" \
        "the summary counts all $rows files"
    # ban-quet.pdf, hon-hop.pdf's annex and trang-quet.png: three scanned pages
    contains "$out" ", 3 page(s) OCR'd)" "the summary counts the pages read by OCR"
else
    [ "$rc" -le 1 ]
    ok $? "without OCR, tracuu-index DIR exits 0 or 1 (scans may be skipped): $rc"
    skip "no OCR: summary count not checked"
fi
[ "$rc" -eq 0 ] || printf '%s\n' "$out" | head -30 | sed 's/^/# /'

# fold TEXT: no marks, đ -> d (what a user types without a Vietnamese keyboard)
fold() {
    "$PY" -c '
import sys, unicodedata
s = sys.argv[1].replace("đ", "d").replace("Đ", "D")
print("".join(c for c in unicodedata.normalize("NFD", s) if not unicodedata.combining(c)))' "$1"
}
# top ARGS...: the first hit of a JSON search, as one line:
# total|file name|number|type|province|year|snippet (whitespace collapsed)
top() {
    "$SEARCH" --db "$DB" --json "$@" 2>/dev/null | "$PY" -c '
import json, sys
try:
    d = json.load(sys.stdin)
except ValueError:
    print("-1|no JSON|||||"); sys.exit(0)
if not d["hits"]:
    print("%d|||||||" % d["total"]); sys.exit(0)
h = d["hits"][0]
f = lambda v: "" if v is None else str(v)
print("|".join([str(d["total"]), h["path"].rsplit("/", 1)[-1], f(h["number"]),
                f(h["type"]), f(h["province"]), f(h["year"]),
                " ".join(h["snippet"].split())]))'
}
# files ARGS...: the file names of every hit, one per line
files() {
    "$SEARCH" --db "$DB" --json --limit 1000 "$@" 2>/dev/null | "$PY" -c '
import json, sys
try:
    d = json.load(sys.stdin)
except ValueError:
    sys.exit(0)
for h in d["hits"]:
    print(h["path"].rsplit("/", 1)[-1])'
}
squash() { printf '%s' "$1" | tr -s ' \t\n\r\f' '    '; }

seen_formats=""
while IFS='|' read -r file fmt enc marker number type province year cite needs_ocr <&4; do
    # --explain reads the file for what it is, whatever its name
    case $fmt in
        md) want_fmt='(txt|md)' ;;
        image) want_fmt='(image|png)' ;;
        *) want_fmt=$fmt ;;
    esac
    if [ "$needs_ocr" = yes ] && [ "$ocr" -eq 0 ]; then
        for what in "marker" "folded marker" "metadata" "--cites" "snippet" "--show" "--explain format"; do
            skip "no OCR in this build or no Vietnamese data: $file $what"
        done
        continue
    fi
    # (a format only scans have is not in the index without OCR)
    case " $seen_formats " in *" $want_fmt "*) ;; *) seen_formats="$seen_formats $want_fmt" ;; esac
    ex=$("$INDEX" --explain "$D/$file" 2>&1)
    printf '%s' "$ex" | "$PY" -c 'import sys; sys.stdin.buffer.read().decode("utf-8")' 2>/dev/null
    ok $? "$file: --explain prints valid UTF-8 (long lines cut between characters)"
    printf '%s\n' "$ex" | grep -Eq "^format +$want_fmt( |\$)"
    ok $? "$file: --explain says format: $fmt"
    if [ -n "$enc" ]; then
        printf '%s\n' "$ex" | grep -Eq "^encoding +$enc( |\$)"
        ok $? "$file: --explain says encoding: $enc"
        if [ "$fmt" = txt ]; then
            printf '%s\n' "$ex" | grep -Eq "^encoding +$enc \\(score [0-9]+‰\\)"
            ok $? "$file: the encoding line gives the score in per mille"
        fi
    fi

    got=$(top "$marker")
    tot=${got%%|*}; r=${got#*|}; name=${r%%|*}
    is "$tot $name" "1 $file" "$file: '$marker' finds exactly this file"
    r=${r#*|}; gnum=${r%%|*}; r=${r#*|}; gtype=${r%%|*}; r=${r#*|}
    gprov=${r%%|*}; r=${r#*|}; gyear=${r%%|*}; snip=${r#*|}
    is "$gnum|$gtype|$gprov|$gyear" "$number|$type|$province|$year" \
        "$file: number, type, province and year"
    contains "$snip" "$marker" "$file: the snippet shows the marker"

    folded=$(fold "$marker")
    got=$(top "$folded")
    tot=${got%%|*}; r=${got#*|}; name=${r%%|*}
    is "$tot $name" "1 $file" "$file: '$folded' (no marks) finds exactly this file"

    files --cites "$cite" | grep -qxF "$file"
    ok $? "$file: --cites $cite includes it"

    shown=$("$SEARCH" --db "$DB" --show "$D/$file" 2>&1)
    contains "$(squash "$shown")" "$marker" "$file: --show prints the text with the marker"
done 4< "$T/expect"

# --stats counts documents per format: every format of the table is named
stats=$("$INDEX" --db "$DB" --stats 2>&1)
for f in $seen_formats; do
    printf '%s\n' "$stats" | grep -Eq "(^|[^[:alnum:]])$f([^[:alnum:]]|\$)"
    ok $? "--stats names the format $f"
done

done_testing

#!/bin/sh
# t_hostile_index — one hostile file per class beside good files: no crash,
# one line naming the file and the reason for each refusal, exit status 1,
# and every good file (each carries a unique word) still indexed.
# HOSTILE_BIG_MB sets the one-line file's size (check-long uses 300).
. "$top_srcdir/tests/tap.sh"
H="$T/h"; mkdir "$H"
BIG=${HOSTILE_BIG_MB:-4}
n=0
good() {   # good NAME WORD: a good file that must be found by WORD
    printf 'Báo cáo công tác dân vận năm 2020.\nTừ khóa: %s.\n' "$2" > "$H/$1"
    GOODWORDS="${GOODWORDS:-} $2"
}
hostile() { n=$((n + 1)); }

good g1.txt goodalpha
good g2.md goodbravo
# --- encodings
hostile; printf '\377\376' > "$H/u16le-bom.txt"; printf 'g\000o\000o\000d\000c\000h\000a\000r\000l\000i\000e\000\n\000' >> "$H/u16le-bom.txt"
hostile; printf '\376\377' > "$H/u16be-bom.txt"; printf '\000g\000o\000o\000d\000d\000e\000l\000t\000a\000\n' >> "$H/u16be-bom.txt"
hostile; printf 'g\000o\000o\000d\000e\000c\000h\000o\000 \000v\000a\000n\000 \000b\000a\000n\000\n\000' > "$H/u16le-nobom.txt"
hostile; printf '\000g\000o\000o\000d\000f\000o\000x\000 \000v\000a\000n\000 \000b\000a\000n\000\n' > "$H/u16be-nobom.txt"
hostile; printf 'goodgolf \300\200 overlong\n' > "$H/overlong.txt"
hostile; printf 'goodhotel \355\240\200 surrogate\n' > "$H/surrogate.txt"
hostile; printf 'goodindia truncated at the end \341\272' > "$H/truncated.txt"
hostile; printf 'goodjuliet \200\201\202 stray continuation bytes\n' > "$H/stray.txt"
hostile; printf 'goodkilo \364\220\200\200 beyond U+10FFFF\n' > "$H/beyond.txt"
hostile; head -c 3000 /dev/urandom > "$H/random.txt"
hostile; printf 'abc\000\000\000\000\000\000\000\000\000\000\000\000\000\000\000\000\000\000' > "$H/nul.txt"
hostile; printf 'goodlima \000 one NUL in text\n' > "$H/one-nul.txt"
# --- binaries wearing a text name
hostile; head -c 8192 /bin/sh > "$H/elf.txt"
hostile; { printf '\211PNG\r\n\032\n'; head -c 2000 /dev/urandom; } > "$H/png.txt"
hostile; { printf 'PK\003\004\024\000\006\000'; head -c 2000 /dev/urandom; } > "$H/docx.md"
hostile; { printf '%%PDF-1.7\n%%\342\343\317\323\n'; head -c 2000 /dev/urandom; } > "$H/pdf.txt"
# --- shapes
hostile; : > "$H/empty.txt"
hostile; printf '  \n\t\n\r\n   ' > "$H/blank.txt"
hostile; printf '** ~~ ## \\* __\n' > "$H/markdown-only.md"
hostile; awk -v n=$((BIG * 1024 * 1024 / 10)) 'BEGIN { for (i = 0; i < n; i++) printf "dân vận "; printf "goodmike\n" }' > "$H/one-line.txt"
hostile; awk 'BEGIN { for (i = 0; i < 100000; i++) print "a" } END { print "goodnovember" }' > "$H/tiny-lines.txt"
hostile; awk 'BEGIN { for (i = 0; i < 20000; i++) printf "x"; print " goodoscar" }' > "$H/long-word.txt"
hostile; printf 'goodpapa\r\nCRLF lines\r\n' > "$H/crlf.txt"
hostile; printf 'goodquebec\rold Mac lines\r' > "$H/cr.txt"
hostile; awk 'BEGIN { printf "goodromeo a"; for (i = 0; i < 5000; i++) printf "\xcc\x81"; print "" }' > "$H/marks.txt"
# --- the file system
hostile; d="$H/deep"; for i in $(seq 1 60); do d="$d/d$i"; done; mkdir -p "$d"; printf 'goodsierra\n' > "$d/deep.txt"
hostile; ln -s "$H/nowhere.txt" "$H/dangling.txt"
hostile; ln -s loopb.txt "$H/loopa.txt"; ln -s loopa.txt "$H/loopb.txt"
hostile; mkdir "$H/cyc"; ln -s .. "$H/cyc/up"
hostile; mkfifo "$H/fifo.txt"
hostile; printf 'goodtango\n' > "$H/$(printf 'name\377bytes').txt"
hostile; printf 'gooduniform\n' > "$H/$(printf 'new\nline').txt"
hostile; printf 'secret\n' > "$H/unreadable.txt"; chmod 000 "$H/unreadable.txt"
# --- sidecars
hostile; printf 'goodvictor\n' > "$H/sc-bad.txt"; printf 'tinh: Atlantis\n' > "$H/sc-bad.txt.meta"
hostile; printf 'goodwhiskey\n' > "$H/sc-huge.txt"; head -c 200000 /dev/zero | tr '\0' '#' > "$H/sc-huge.txt.meta"
hostile; printf 'goodxray\n' > "$H/sc-absurd.txt"; printf 'nam: 99999\n' > "$H/sc-absurd.txt.meta"
hostile; printf 'goodyankee\n' > "$H/sc-ok.txt"; printf 'tieude: %s\nnam: 2019\n' "$(head -c 900 /dev/zero | tr '\0' 'a')" > "$H/sc-ok.txt.meta"
ok $([ $n -ge 30 ]; echo $?) "$n hostile classes"

out=$("$INDEX" --db "$T/db" "$H" 2>&1); rc=$?
is "$rc" 1 "exit status 1 when files were skipped"
[ "$rc" -lt 128 ]; ok $? "no crash (status $rc)"
printf '%s\n' "$out" | grep -v '^tracuu-index: ' | grep -q .; ok $(( ! $? )) "every message line starts with the program name (one line each)"
for f in random.txt nul.txt elf.txt png.txt docx.md pdf.txt empty.txt blank.txt markdown-only.md \
         dangling.txt loopa.txt cyc/up fifo.txt sc-bad.txt sc-huge.txt sc-absurd.txt; do
    contains "$out" "$H/$f: " "$f refused with its name and a reason"
done
contains "$out" "sc-bad.txt.meta:1: unknown province" "malformed sidecar: file:line"
contains "$out" "sc-absurd.txt.meta:1: bad year" "absurd metadata value: file:line"
# The one-line file: indexed as it is in the quick suite; in check-long
# (300 MB) it is over the default --max-size (64 MiB), so it must be
# refused with the reason, and then indexed when the limit is raised.
bigsize=$(wc -c < "$H/one-line.txt")
if [ "$bigsize" -gt $((64 * 1024 * 1024)) ]; then
    contains "$out" "$H/one-line.txt: file too large" "a $BIG MB line is refused by the default --max-size, with the reason"
    "$INDEX" -q --db "$T/db" --max-size $((bigsize / 1048576 + 16))M "$H/one-line.txt"
    is "$?" 0 "with a larger --max-size the $BIG MB line is indexed"
fi
# every good word is searchable
for w in goodalpha goodbravo goodcharlie gooddelta goodecho goodfox goodgolf goodhotel goodindia \
         goodjuliet goodkilo goodlima goodmike goodnovember goodoscar goodpapa goodquebec goodromeo \
         goodsierra goodtango gooduniform goodyankee; do
    "$SEARCH" --db "$T/db" "$w" >/dev/null 2>&1
    ok $? "good content indexed: $w"
done
# a second run changes nothing and still reports the same refusals
out2=$("$INDEX" --db "$T/db" "$H" 2>&1); rc=$?
is "$rc" 1 "second run: same exit status"
contains "$out2" " 0 indexed, 0 updated" "second run: nothing re-indexed"

# --- a file that vanishes, and one that changes, between the listing and
# the read: the paths come on standard input and are stat'ed as they
# arrive; the files are touched before the list ends, so the indexer
# reads them only after the change.  The one assumption is that the
# indexer has started and read the three lines within two seconds.
V="$T/v"; mkdir "$V"
printf 'goodzulu\n' > "$V/keep.txt"; printf 'goodvanish\n' > "$V/gone.txt"; printf 'goodgrow\n' > "$V/grow.txt"
out3=$({ printf '%s\n' "$V/keep.txt" "$V/gone.txt" "$V/grow.txt"; sleep 2
         rm "$V/gone.txt"; printf 'more text\n' >> "$V/grow.txt"; } | "$INDEX" --db "$T/db" - 2>&1); rc=$?
is "$rc" 1 "vanished/changed files: exit status 1"
contains "$out3" "$V/gone.txt: cannot open: No such file" "a file that vanished after the listing is named with the reason"
contains "$out3" "$V/grow.txt: file changed while being read" "a file that changed after the listing is refused, not half-indexed"
"$SEARCH" --db "$T/db" goodzulu >/dev/null 2>&1; ok $? "the file beside them is indexed"
"$SEARCH" --db "$T/db" goodgrow >/dev/null 2>&1; is "$?" 1 "the changed file left no document behind (no hits)"
"$SEARCH" --db "$T/db" goodalpha >/dev/null 2>&1; ok $? "nothing already indexed was lost"
out4=$("$INDEX" --db "$T/db" "$V" 2>&1); rc=$?
is "$rc" 0 "next run over the directory: clean"
"$SEARCH" --db "$T/db" goodgrow >/dev/null 2>&1; ok $? "next run indexes the changed file as it now is"
done_testing

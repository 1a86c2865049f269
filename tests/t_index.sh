#!/bin/sh
# tracuu-index from the command line: indexing the samples, incremental
# runs (touch, modify, delete, add), --explain, --stats, --rebuild, lock
# contention, and every class of bad input next to good files.
. "$top_srcdir/tests/tap.sh"

DB="$T/db"
cp -R "$SAMPLES" "$T/corpus"
rm -f "$T/corpus/README.md"   # prose about the corpus, not a document
C="$T/corpus"

out=$("$INDEX" --db "$DB" "$C" 2>&1); rc=$?
is "$rc" 0 "indexing the samples exits 0"
contains "$out" "5 indexed, 0 updated, 0 unchanged, 0 removed, 0 skipped" "summary counts 5 new documents"

stats=$("$INDEX" --db "$DB" --stats 2>&1)
is "$(printf "%s\n" "$stats" | awk '$1 == "documents" {print $2}')" "5" "--stats counts 5 documents"
contains "$stats" "Quảng Ngãi" "--stats lists a province"
contains "$stats" "43-CT/TW" "--stats lists a cited number"
contains "$stats" "by legacy encoding (converted)
  (none)" "--stats says (none) under a heading with nothing in it"

out=$("$INDEX" --db "$DB" "$C" 2>&1); rc=$?
is "$rc" 0 "second run exits 0"
contains "$out" "0 indexed, 0 updated, 5 unchanged, 0 removed, 0 skipped" "second run changes nothing"

# touch: same content, new mtime -> re-hashed, still unchanged
sleep 1
touch "$C/002_81cd06210f247496.txt"
out=$("$INDEX" --db "$DB" "$C" 2>&1)
contains "$out" "0 indexed, 0 updated, 5 unchanged" "touched file with the same content counts as unchanged"

# modify: appended text becomes searchable
printf '\nTừ khóa kiểm thử: xylophonequartz.\n' >> "$C/002_81cd06210f247496.txt"
out=$("$INDEX" --db "$DB" "$C" 2>&1)
contains "$out" "0 indexed, 1 updated, 4 unchanged" "modified file is updated"
"$SEARCH" --db "$DB" xylophonequartz >/dev/null 2>&1
ok $? "appended word is found after the update"

# a sidecar added, edited, removed: its document is re-indexed each time
# (the change stamp covers PATH.meta), and only then
SC="$C/003_743e7a8b74290be1.txt"
printf 'tinh: Huế\n' > "$SC.meta"
out=$("$INDEX" --db "$DB" "$C" 2>&1)
contains "$out" "0 indexed, 1 updated, 4 unchanged" "a new sidecar updates its document"
is "$("$SEARCH" --db "$DB" --json -p hue xylophonequartz 2>/dev/null | sed -n 's/.*"total": \([0-9]*\).*/\1/p')" 0 "…only its own document"
is "$("$SEARCH" --db "$DB" --json -p hue 246-CV/TU 2>/dev/null | sed -n 's/.*"total": \([0-9]*\).*/\1/p')" 1 "…whose province is now the sidecar's"
out=$("$INDEX" --db "$DB" "$C" 2>&1)
contains "$out" "0 indexed, 0 updated, 5 unchanged" "an unchanged sidecar changes nothing"
sleep 1
printf 'tinh: Kiên Giang\n' > "$SC.meta"
out=$("$INDEX" --db "$DB" "$C" 2>&1)
contains "$out" "0 indexed, 1 updated, 4 unchanged" "an edited sidecar updates its document"
is "$("$SEARCH" --db "$DB" --json -p "kien giang" 246-CV/TU 2>/dev/null | sed -n 's/.*"total": \([0-9]*\).*/\1/p')" 1 "…with the edited province"
rm "$SC.meta"
out=$("$INDEX" --db "$DB" "$C" 2>&1)
contains "$out" "0 indexed, 1 updated, 4 unchanged" "a removed sidecar updates its document"
is "$("$SEARCH" --db "$DB" --json -p "quang ngai" 246-CV/TU 2>/dev/null | sed -n 's/.*"total": \([0-9]*\).*/\1/p')" 1 "…back to the province its text gives"

# an index made by another version's analysis: its files are read again,
# once, and the summary says why (TRACUU_ANALYSIS_VERSION plays the older
# tracuu; "" writes the stamps of the versions before it was recorded)
cp -R "$C" "$T/av"
TRACUU_ANALYSIS_VERSION= "$INDEX" -q --db "$T/av-db" "$T/av" 2>/dev/null
out=$("$INDEX" --db "$T/av-db" "$T/av" 2>&1)
contains "$out" "0 indexed, 5 updated, 0 unchanged" "files an older analysis read are read again"
contains "$out" "5 documents indexed by another version of tracuu were read again with this version's analysis" \
    "…and the summary says why"
out=$("$INDEX" --db "$T/av-db" "$T/av" 2>&1)
contains "$out" "0 indexed, 0 updated, 5 unchanged" "…once: the next run reads nothing"
lacks "$out" "another version" "…and says nothing of versions"
TRACUU_ANALYSIS_VERSION=1 "$INDEX" -q --db "$T/av-db" "$T/av" 2>/dev/null
out=$("$INDEX" -q --db "$T/av-db" "$T/av" 2>&1)
is "$out" "" "-q: no summary, no word of versions either"
out=$("$INDEX" --db "$T/av-db" "$T/av" 2>&1)
contains "$out" "0 indexed, 0 updated, 5 unchanged" "…though the files were read again"

# delete: document removed
rm "$C/004_b7ad970acadcf5d4.txt"
out=$("$INDEX" --db "$DB" "$C" 2>&1)
contains "$out" "1 removed" "deleted file's document is removed"
stats=$("$INDEX" --db "$DB" --stats 2>&1)
is "$(printf "%s\n" "$stats" | awk '$1 == "documents" {print $2}')" "4" "4 documents after the deletion"

# add: a new file
cp "$SAMPLES/004_b7ad970acadcf5d4.txt" "$C/new-plan.md"
out=$("$INDEX" --db "$DB" "$C" 2>&1)
contains "$out" "1 indexed, 0 updated, 4 unchanged, 0 removed" "added .md file is indexed"

# a file outside the roots being indexed is not removed
mkdir "$T/other" && printf 'Báo cáo khác về dân vận năm 2015.\n' > "$T/other/x.txt"
"$INDEX" --db "$DB" "$T/other" >/dev/null 2>&1
out=$("$INDEX" --db "$DB" "$C" 2>&1)
contains "$out" "0 removed" "documents of other roots are kept"
stats=$("$INDEX" --db "$DB" --stats 2>&1)
is "$(printf "%s\n" "$stats" | awk '$1 == "documents" {print $2}')" "6" "6 documents with the second root"

# --rebuild: only what is named now
out=$("$INDEX" --db "$DB" --rebuild "$C" 2>&1); rc=$?
is "$rc" 0 "--rebuild exits 0"
contains "$out" "5 indexed" "--rebuild indexes everything again"
stats=$("$INDEX" --db "$DB" --stats 2>&1)
is "$(printf "%s\n" "$stats" | awk '$1 == "documents" {print $2}')" "5" "--rebuild leaves exactly the named corpus"
[ ! -e "$DB.rebuild" ] && [ ! -e "$DB.old" ]
ok $? "--rebuild leaves no temporary database behind"

PY=${PYTHON3:-python3}
# a file saved decomposed (NFD, as macOS and "Unicode tổ hợp" keyboards
# write Vietnamese) is stored and shown composed, citations' offsets
# pointing into that text
mkdir "$T/nfd"
"$PY" -c 'import sys, unicodedata; sys.stdout.write(unicodedata.normalize("NFD", open(sys.argv[1], encoding="utf-8").read()))' \
    "$SAMPLES/003_743e7a8b74290be1.txt" > "$T/nfd/nfd.txt"
"$INDEX" -q --db "$T/nfddb" "$T/nfd" 2>/dev/null
got=$("$SEARCH" --db "$T/nfddb" --show 1 --json | "$PY" -c '
import json, sys, unicodedata
d = json.load(sys.stdin); t = d["text"]; b = t.encode(); c = d["cites"][0]
print(unicodedata.is_normalized("NFC", t), b[c["start"]:c["start"] + c["length"]].decode(), d["province"])')
is "$got" "True 43-KL/TW Quảng Ngãi" "an NFD file is stored composed; citation offsets point into that text"

# --stats: one count column for every table, widened for a long name
mkdir "$T/long" && cp "$SAMPLES/000_4a1e5ee3c0eafb22.txt" "$T/long/a.txt"
printf 'coquan: Sở Nông nghiệp và Phát triển nông thôn\n' > "$T/long/a.txt.meta"
"$INDEX" -q --db "$T/longdb" "$T/long" 2>/dev/null
cols=$("$INDEX" --db "$T/longdb" --stats | "$PY" -c '
import re, sys, unicodedata
w = set()
for l in sys.stdin:
    m = re.match(r"^(  \S.*?\s+)(\d+)$", l.rstrip("\n"))
    if m:
        w.add(sum(not unicodedata.combining(c) for c in m.group(1)))
print(len(w))')
is "$cols" 1 "--stats: counts in one column even past a 37-column name"

# a typo or an unmounted share must not empty the index: --rebuild with a
# missing path stops before replacing it; a run over an empty root folder
# keeps that folder's documents
cp -R "$DB" "$T/safe"
out=$("$INDEX" --db "$T/safe" --rebuild "$T/no-such-folder" 2>&1); rc=$?
is "$rc" 2 "--rebuild with a missing path stops (exit 2)"
contains "$out" "--rebuild stops: a path given is missing or empty" "…and says why"
is "$("$SEARCH" --db "$T/safe" --json dân vận 2>/dev/null | sed -n 's/.*"total": \([0-9]*\).*/\1/p')" 5 "…leaving the index as it was"
[ ! -e "$T/safe.rebuild" ]
ok $? "…and no half-built database behind"
mkdir "$T/emptyroot"
out=$("$INDEX" --db "$T/safe" --rebuild "$T/emptyroot" 2>&1); rc=$?
is "$rc" 2 "--rebuild of an empty folder stops too"
mv "$C" "$C.away" && mkdir "$C"
out=$("$INDEX" --db "$T/safe" "$C" 2>&1); rc=$?
contains "$out" "is empty (a share not mounted?): its documents are kept" "a run over an emptied root folder warns"
contains "$out" "0 removed" "…and removes nothing"
rmdir "$C" && mv "$C.away" "$C"

# a damaged database: both programs say so and what to do, and --rebuild
# (which holds the old database while it works, and cannot here) replaces it
cp -R "$DB" "$T/damaged" && : > "$T/damaged/iamglass"
out=$("$SEARCH" --db "$T/damaged" dân vận 2>&1); rc=$?
is "$rc" 3 "searching a damaged index exits 3"
contains "$out" "the index is damaged" "…and says the index is damaged"
contains "$out" "tracuu-index --db $T/damaged --rebuild DIR" "…and how to rebuild it"
out=$("$INDEX" --db "$T/damaged" "$C" 2>&1); rc=$?
is "$rc" 3 "indexing into a damaged database exits 3"
contains "$out" "the database is damaged" "…and says so"
out=$("$INDEX" --db "$T/damaged" --rebuild "$C" 2>&1); rc=$?
is "$rc" 0 "--rebuild replaces a damaged database"
contains "$out" "cannot be opened" "…saying so"
is "$("$SEARCH" --db "$T/damaged" --json dân vận 2>/dev/null | sed -n 's/.*"total": \([0-9]*\).*/\1/p')" 5 "…and the new one answers"
# damage Xapian does not call "corrupt": a table cut short, a lost iamglass
for how in cut lost; do
    rm -rf "$T/dmg" && cp -R "$DB" "$T/dmg"
    case $how in
        cut) truncate -s 100 "$T/dmg/postlist.glass" ;;
        lost) rm "$T/dmg/iamglass" ;;
    esac
    out=$("$SEARCH" --db "$T/dmg" dân vận 2>&1)
    contains "$out" "the index is damaged" "$how table: tracuu-search says the index is damaged"
    out=$("$INDEX" --db "$T/dmg" "$C" 2>&1)
    contains "$out" "the database is damaged" "$how table: tracuu-index says so too"
    "$INDEX" -q --db "$T/dmg" --rebuild "$C" 2>/dev/null
    is "$("$SEARCH" --db "$T/dmg" --json dân vận 2>/dev/null | sed -n 's/.*"total": \([0-9]*\).*/\1/p')" 5 \
       "$how table: --rebuild replaces the damaged database"
done
# a file that is neither an index nor a list of shards
printf 'root:x:0:0:root:/root:/bin/sh\n' > "$T/notadb"
out=$("$SEARCH" --db "$T/notadb" dân vận 2>&1); rc=$?
is "$rc" 3 "--db naming an unrelated file exits 3"
contains "$out" "not an index, nor a list of shards" "…and says what is wrong"
out=$(cd "$T" && "$SEARCH" --db "$T/none" x 2>&1)
is "$out" "tracuu-search: $T/none: no index here; build one with: tracuu-index --db $T/none DIR" \
   "no index: the hint names ./quickstart only in a checkout"

# paths from standard input
out=$(printf '%s\n' "$C/003_743e7a8b74290be1.txt" | "$INDEX" --db "$T/db2" - 2>&1); rc=$?
is "$rc" 0 "reading paths from stdin exits 0"
contains "$out" "1 indexed" "the path from stdin is indexed"

# --explain on the Công văn: metadata with sources, citations with spans
ex=$("$INDEX" --explain "$C/003_743e7a8b74290be1.txt" 2>&1); rc=$?
is "$rc" 0 "--explain exits 0"
contains "$ex" "txt  (read by tracuu's own reader)" "--explain names the reader (ours, for plain text)"
contains "$ex" "246-CV/TU" "--explain shows the own number"
contains "$ex" "Quảng Ngãi" "--explain shows the province"
contains "$ex" "2021-02-08" "--explain shows the date"
contains "$ex" "[header]" "--explain names the header as a source"
contains "$ex" "217-QĐ/TW" "--explain lists the citation 217-QĐ/TW"
contains "$ex" "218-QĐ/TW" "--explain lists the citation 218-QĐ/TW (shared suffix)"
contains "$ex" "tokens" "--explain reports a token count"
[ ! -e "$T/nodb" ]
ok $? "--explain creates no database"

# lock contention: a writer waiting on stdin holds the lock
mkfifo "$T/fifo"
"$INDEX" --db "$T/db2" - < "$T/fifo" >"$T/w1.out" 2>&1 &
wpid=$!
exec 3>"$T/fifo"
sleep 1
out=$("$INDEX" --db "$T/db2" "$C" 2>&1); rc=$?
is "$rc" 3 "a second writer exits 3"
contains "$out" "locked by another tracuu-index" "the second writer is told who holds the lock"
"$SEARCH" --db "$T/db2" dân vận >/dev/null 2>&1
ok $? "readers are not blocked by the writer"
exec 3>&-
wait $wpid
is "$?" 0 "the first writer finishes normally"

# usage and database errors
"$INDEX" --db "$DB" >/dev/null 2>&1
is "$?" 2 "no PATH is a usage error (2)"
"$INDEX" --bogus "$C" >/dev/null 2>&1
is "$?" 2 "unknown option is a usage error (2)"
printf x > "$T/plainfile"
out=$("$INDEX" --db "$T/plainfile/db" "$C" 2>&1); rc=$?
is "$rc" 3 "an unwritable database path exits 3"
contains "$out" "$T/plainfile/db" "the database error names the path"

# bad input, one file per class, beside good files
B="$T/bad"
mkdir "$B"
cp "$SAMPLES/000_4a1e5ee3c0eafb22.txt" "$B/good1.txt"
cp "$SAMPLES/003_743e7a8b74290be1.txt" "$B/good2.md"
: > "$B/empty.txt"
printf '   \n\t\r\n  ' > "$B/spaces.txt"
printf 'abc\000\000\000\000\001\002\003\000\000\000\000\000\000\000\000\000\000\000\000\000' > "$B/binary.txt"
head -c 4096 /bin/sh > "$B/elf.txt"
printf 'Báo cáo \377\376 dân vận \300\257 khéo\n' > "$B/invalid-utf8.txt"
printf '\377\376' > "$B/utf16.txt"; printf 'B\000\341\000o\000 \000c\000\341\000o\000 \000u\000t\000f\000s\000i\000x\000t\000e\000e\000n\000\n\000' >> "$B/utf16.txt"
printf 'a sheet\n' > "$B/sheet.xlsx"
ln -s "$B/nowhere.txt" "$B/dangling.txt"
ln -s loop2.txt "$B/loop1.txt"; ln -s loop1.txt "$B/loop2.txt"
mkdir "$B/sub"; ln -s .. "$B/sub/up"
mkfifo "$B/fifo.txt"
printf 'Tên tệp không hợp lệ: namebytesok.\n' > "$B/$(printf 'bad\377name').txt"
printf 'nội dung\n' > "$B/secret.txt"; chmod 000 "$B/secret.txt"
out=$("$INDEX" --db "$T/dbbad" "$B" 2>&1); rc=$?
is "$rc" 1 "skipped files make the exit status 1"
contains "$out" "empty.txt: empty file" "empty file: one line with the reason"
contains "$out" "spaces.txt: no text" "whitespace-only file: reason"
contains "$out" "binary.txt: binary" "NUL-heavy file: refused as binary"
contains "$out" "elf.txt: binary" "ELF executable named .txt: refused as binary"
contains "$out" "1 other file passed over: not a document format being indexed" "other extensions are passed over and counted, not skipped"
vout=$("$INDEX" -v --db "$T/dbbad" "$B" 2>&1)
contains "$vout" "sheet.xlsx: not a document format being indexed, passed over" "…and -v names them"
mkdir "$T/office" && cp "$SAMPLES/003_743e7a8b74290be1.txt" "$T/office/" && printf 'PK' > "$T/office/bang.xlsx" && printf x > "$T/office/bc.txt~"
oout=$("$INDEX" --db "$T/dboffice" "$T/office" 2>&1); orc=$?
is "$orc" 0 "a folder with spreadsheets and backups beside its documents indexes cleanly (exit 0)"
contains "$oout" "2 other files passed over" "…saying how many files it passed over"
is "$(printf '%s\n' "$oout" | grep -c 'damaged')" 0 "…and a new database is not called damaged"
contains "$out" "dangling.txt: dangling symbolic link" "dangling symlink: reason"
contains "$out" "loop1.txt: symbolic link loop" "symlink loop: reason"
contains "$out" "sub/up: symbolic link loop" "directory link loop: reason"
contains "$out" "fifo.txt: not a regular file (FIFO)" "FIFO: reason, and no hang"
if [ "$(id -u)" -eq 0 ]; then
    skip "root reads unreadable files"
else
    contains "$out" "secret.txt: not readable" "unreadable file: reason"
fi
lines=$(printf '%s\n' "$out" | grep -c '^tracuu-index: /')
[ "$lines" -ge 9 ]
ok $? "each skipped file has its own line ($lines)"
"$SEARCH" --db "$T/dbbad" namebytesok >/dev/null 2>&1
ok $? "a file whose name is not UTF-8 is indexed"
"$SEARCH" --db "$T/dbbad" utfsixteen >/dev/null 2>&1
ok $? "UTF-16 with BOM is converted and indexed"
"$SEARCH" --db "$T/dbbad" khéo >/dev/null 2>&1
ok $? "invalid UTF-8 is repaired and the rest of the file indexed"
"$SEARCH" --db "$T/dbbad" '"dân vận"' >/dev/null 2>&1
ok $? "good files are still indexed"
# root can read secret.txt, so it is a good file then
good=5; [ "$(id -u)" -eq 0 ] && good=6
stats=$("$INDEX" --db "$T/dbbad" --stats 2>&1)
is "$(printf "%s\n" "$stats" | awk '$1 == "documents" {print $2}')" "$good" "exactly the $good good files are indexed"
ex=$("$INDEX" --explain "$B/invalid-utf8.txt" 2>&1)
contains "$ex" "invalid UTF-8" "--explain warns about repaired bytes"

done_testing

#!/bin/sh
# tracuu-search from the command line, on the sample corpus: diacritic
# modes, phrases, citations, filters, facets, --by-year, sorting, paging,
# --show/--refs/--top-cited, colour, JSON, errors and exit statuses.
. "$top_srcdir/tests/tap.sh"

PY=${PYTHON3:-python3}
DB="$T/db"
mkdir "$T/c" && cp "$SAMPLES"/*.txt "$T/c/"
"$INDEX" -q --db "$DB" "$T/c" 2>/dev/null
is "$?" 0 "sample corpus indexed"

# The seed numbers (000…004) of the hits, sorted: what the tests compare.
seeds() {
    "$SEARCH" --db "$DB" --json --limit 100 "$@" 2>/dev/null | "$PY" -c '
import json, sys
d = json.load(sys.stdin)
print(" ".join(sorted(h["path"].rsplit("/", 1)[1][:3] for h in d["hits"])))'
}
# The same, in rank order.
ranked() {
    "$SEARCH" --db "$DB" --json --limit 100 "$@" 2>/dev/null | "$PY" -c '
import json, sys
d = json.load(sys.stdin)
print(" ".join(h["path"].rsplit("/", 1)[1][:3] for h in d["hits"]))'
}
jget() {   # jget EXPR ARGS...: evaluate EXPR on the JSON output as d
    expr=$1; shift
    "$SEARCH" --db "$DB" --json "$@" 2>/dev/null | "$PY" -c "
import json, sys
d = json.load(sys.stdin)
print($expr)"
}
nfd() { "$PY" -c 'import sys, unicodedata; print(unicodedata.normalize("NFD", sys.argv[1]))' "$1"; }

# --- words, diacritics, phrases ---
is "$(seeds giải phóng mặt bằng)" "000 001 003" "'giải phóng mặt bằng' finds exactly seeds 000 001 003"
is "$(seeds giai phong mat bang)" "000 001 003" "'giai phong mat bang' (no marks) finds the same"
is "$(seeds '"giải phóng mặt bằng"')" "000 001 003" "the quoted phrase finds the same"
is "$(seeds "$(nfd 'giải phóng mặt bằng')")" "000 001 003" "an NFD query equals its NFC twin"
is "$(seeds 'lũy kế')" "000" "old-style tone 'lũy kế' finds 000"
is "$(seeds 'luỹ kế')" "000" "new-style tone 'luỹ kế' equals its old-style twin"
is "$(seeds 'hoá')" "$(seeds 'hóa')" "'hoá' and 'hóa' find the same documents"
is "$(seeds 'LŨY KẾ')" "000" "upper case is ignored"
hoa=$(seeds hoa); hoa_marked=$(seeds hòa)
[ "$hoa" != "$hoa_marked" ]
ok $? "a word with marks ('hòa': $hoa_marked) is narrower than without ('hoa': $hoa)"
is "$(jget 'd["mode"]' giai phong)" "auto" "JSON reports mode auto"
is "$(jget 'd["mode"]' --fold giải phóng)" "fold" "--fold reports mode fold"

# A fresh corpus for ranking rules the seeds cannot isolate.
R="$T/rank"; mkdir "$R"
printf 'Báo cáo.\nCông tác giải phóng mặt bằng được triển khai đúng tiến độ.\nNăm 2020.\n' > "$R/phrase.txt"
printf 'Báo cáo.\nGiải quyết việc làm; phóng viên đưa tin; mặt trận; bằng khen. Năm 2021.\n' > "$R/scattered.txt"
printf 'Báo cáo.\nGiai phong mat bang (ban khong dau) nam 2020.\n' > "$R/nomarks.txt"
"$INDEX" -q --db "$T/rdb" "$R" 2>/dev/null
top=$("$SEARCH" --db "$T/rdb" --json giải phóng mặt bằng | "$PY" -c 'import json,sys; print(json.load(sys.stdin)["hits"][0]["path"].rsplit("/",1)[1])')
is "$top" "phrase.txt" "an exact-phrase match outranks scattered words"
top=$("$SEARCH" --db "$T/rdb" --json --fold giải phóng mặt bằng | "$PY" -c 'import json,sys; d=json.load(sys.stdin); print(d["hits"][0]["path"].rsplit("/",1)[1], d["total"])')
is "$top" "phrase.txt 3" "--fold matches all three, marks typed rank first"
out=$("$SEARCH" --db "$T/rdb" --json "giãi phóng" 2>"$T/err")
rc=$?
is "$rc" 0 "a misspelt mark falls back to folded matching"
is "$(printf '%s' "$out" | "$PY" -c 'import json,sys; print(json.load(sys.stdin)["fallback"])')" "True" "JSON says fallback true"
"$SEARCH" --db "$T/rdb" "giãi phóng" >/dev/null 2>"$T/err"
contains "$(cat "$T/err")" "without diacritics" "the fallback is announced in one line"
"$SEARCH" --db "$T/rdb" --exact "phong vien" >/dev/null 2>"$T/err"
contains "$(cat "$T/err")" "nothing matches exactly" "--exact never falls back: it says nothing matches exactly"
out=$("$SEARCH" --db "$T/rdb" --json --exact "giãi phóng" 2>/dev/null); rc=$?
is "$rc" 1 "--exact with a misspelt mark finds nothing (exit 1)"
is "$(printf '%s' "$out" | "$PY" -c 'import json,sys; d=json.load(sys.stdin); print(d["total"], d["fallback"], d["mode"])')" "0 False exact" \
   "--exact in JSON: total 0, no fallback, mode exact"

# --- citations ---
is "$(seeds --cites 43-CT/TW)" "000 001" "--cites 43-CT/TW finds 000 and 001, not 003 (43-KL/TW)"
is "$(seeds --cites '43 ct/tw')" "000 001" "--cites accepts '43 ct/tw'"
is "$(seeds 'trich:"Chỉ thị 43-CT/TW"')" "000 001" "trich: accepts 'Chỉ thị 43-CT/TW'"
case " $(seeds --cites 217-QĐ/TW) " in *" 003 "*) r=0 ;; *) r=1 ;; esac
ok $r "--cites 217-QĐ/TW includes 003 ('217, 218-QĐ/TW')"
is "$(seeds --cites 217-QD/TW)" "$(seeds --cites 217-QĐ/TW)" "ASCII D for Đ is the same number"
is "$(seeds 'cites:43-KL/TW')" "001 003" "cites:43-KL/TW is a different document from 43-CT/TW"
snip=$(jget 'd["hits"][0]["snippet"]' --cites 43-CT/TW)
contains "$snip" "43-CT/TW" "a citation search shows the citing sentence"
is "$(seeds so:246-CV/TU)" "003" "so: finds the document by its own number"

# --- filters and facets ---
is "$(seeds -p quang-ngai giải phóng mặt bằng)" "000 003" "-p quang-ngai"
is "$(seeds 'tinh:"Quảng Ngãi"' giải phóng mặt bằng)" "000 003" "tinh:\"Quảng Ngãi\""
is "$(seeds -p 'kien giang' -p quang-ngai giải phóng)" "000 001 003" "repeated -p means any of them"
is "$(seeds -y 2020 giải phóng mặt bằng)" "000" "-y 2020"
is "$(seeds -y 2019..2020 giải phóng mặt bằng)" "000 001" "-y 2019..2020"
is "$(seeds 'nam:2021' giải phóng)" "003" "nam:2021"
is "$(seeds -t 'công văn' dân vận)" "003" "-t 'công văn'"
is "$(seeds 'loai:ke-hoach' dân vận)" "004" "loai:ke-hoach"
case " $(seeds -b 'ban dan van tinh uy' dân vận) " in *" 000 "*) r=0 ;; *) r=1 ;; esac
ok $r "-b 'ban dan van tinh uy' finds 000"
is "$(seeds 'dân vận -"giải phóng mặt bằng"')" "002 004" "NOT by leading minus"
is "$(seeds '"giải phóng mặt bằng" OR "quy chế dân chủ"')" "$(seeds 'quy chế dân chủ OR "giải phóng mặt bằng"' )" "OR is symmetric"
is "$(jget 'd["total"]' --limit 1 giải phóng mặt bằng)" "3" "total is exact with --limit 1"
is "$(jget 'len(d["hits"])' --limit 1 giải phóng mặt bằng)" "1" "--limit 1 shows one hit"
is "$(jget 'd["hits"][0]["rank"]' --offset 1 giải phóng mặt bằng)" "2" "--offset 1 starts at rank 2"
is "$(jget 'd["facets"]["province"].get("Quảng Ngãi")' --limit 1 giải phóng mặt bằng)" "2" "province facet counts the whole match set"
is "$(jget 'sorted(d["facets"]["year"].items())' giải phóng mặt bằng)" "[('2019', 1), ('2020', 1), ('2021', 1)]" "year facet"
# The facets are counted from one packed value a document (slot 11): they
# must be what the hits' own fields add up to (the body facet counts the
# organ signed for too, when it is another organ), and every document must
# carry that value.
is "$(jget '
sorted((k, sorted(v.items())) for k, v in d["facets"].items()) == sorted(
  (f, sorted(__import__("collections").Counter(
     str(x) for h in d["hits"] for x in ([h[f]] + ([h["signed_for"]] if f == "body"
       and h.get("signed_for") not in (None, h["body"]) else []))
     if x not in (None, "")).items()))
  for f in ("province", "year", "body", "type"))' --limit 100 dân)" "True" "facets = the hits' fields counted"
n=$(xapian-delve -V11 "$DB" 2>/dev/null | tr ' ' '\n' | grep -c '^[0-9][0-9]*:')
is "$n" "$(ls "$T/c" | wc -l)" "every document has the packed facet value"
is "$(ranked --sort date giải phóng mặt bằng)" "001 000 003" "--sort date: oldest first"
is "$(ranked --sort -date giải phóng mặt bằng)" "003 000 001" "--sort -date: newest first"

# --- by year ---
chart=$("$SEARCH" --db "$DB" --by-year -y 2017..2021 giải phóng mặt bằng)
contains "$chart" "2017 │ 0" "--by-year shows years with zero matches"
contains "$chart" "2019 │" "--by-year shows 2019"
contains "$chart" "█ 1" "--by-year draws a bar"
is "$(jget 'd["by_year"]' --by-year giải phóng mặt bằng)" "{'2019': 1, '2020': 1, '2021': 1}" "JSON by_year"

# --- views ---
show=$("$SEARCH" --db "$DB" --show 246-CV/TU)
contains "$show" "Đặng Ngọc Huy" "--show NUMBER prints the text"
contains "$show" "[header]" "--show prints each field's source"
is "$(jget 'repr(d["year"]) + " " + repr(d["date"])' --show 246-CV/TU)" "2021 '2021-02-08'" "--show --json: year a number, as in search results"
contains "$show" "encoding   Unicode
ocr        (none)" "--show: a Unicode text file's encoding and OCR are known, not '(unknown)'"
show=$("$SEARCH" --db "$DB" --show "$T/c/000_4a1e5ee3c0eafb22.txt")
contains "$show" "Trần Ngọc Nguyên" "--show PATH"
refs=$("$SEARCH" --db "$DB" --refs 43-CT/TW)
contains "$refs" "cited by 2 documents" "--refs counts citing documents"
contains "$refs" "Chỉ thị số 43-CT/TW" "--refs shows the citing sentence"
refs=$("$SEARCH" --db "$DB" --refs 246-CV/TU)
contains "$refs" "indexed as" "--refs finds the document having the number"
contains "$refs" "217-QĐ/TW" "--refs lists what it cites"
top=$("$SEARCH" --db "$DB" --top-cited)
contains "$top" "217-QĐ/TW" "--top-cited lists the most cited numbers"
is "$(jget 'len(d["top_cited"])' --top-cited --limit 3)" "3" "--top-cited --limit 3 lists three numbers"
is "$(jget 'len(d["top_cited"])' --top-cited)" "20" "--top-cited lists twenty by default"
"$SEARCH" --db "$DB" --bogus dân vận >/dev/null 2>"$T/err"; rc=$?
is "$rc" 2 "an unknown option is a usage error"
is "$(wc -l < "$T/err" | tr -d ' ')" 2 "…told in two lines (the option, where the help is), not the whole help"
contains "$(cat "$T/err")" "Try 'tracuu-search --help' for the options." "…pointing to --help"
# getopt hands "--json" to --show as its value: say so, not "no query"
"$SEARCH" --db "$DB" --show --json "$T/x.txt" >/dev/null 2>"$T/err"; rc=$?
is "$rc" 2 "--show --json FILE is a usage error"
contains "$(cat "$T/err")" "--show wants a document, not the option '--json' (put it first: --json --show WHAT)" \
    "…naming the option taken for the document"
"$SEARCH" --db "$DB" --show 1 --refs --json >/dev/null 2>"$T/err"
contains "$(cat "$T/err")" "--refs wants a document, not the option '--json'" \
    "…the option that took it, when the other one is right"
"$SEARCH" --db "$DB" --exact --fold dân vận >/dev/null 2>"$T/err"; rc=$?
is "$rc" 2 "--exact with --fold is a usage error"
contains "$(cat "$T/err")" "--exact and --fold exclude each other" "…and says why"
is "$(jget 'd["top_cited"][0]["documents"]' --top-cited -p quang-ngai)" "2" "--top-cited within a province filter"
# Columns line up by what the eye sees: "217-QĐ/TW" is 10 bytes, 9 columns.
cols=$(printf '%s\n' "$top" | "$PY" -c '
import sys, unicodedata
ends = set()
for line in sys.stdin.read().splitlines()[1:]:
    line = unicodedata.normalize("NFC", line)
    ends.add(len(line.rstrip().rsplit(" ", 1)[0]))
print(len(ends))')
is "$cols" 1 "--top-cited pads numbers by display width (counts in one column)"

# --- output ---
out=$("$SEARCH" --db "$DB" --color always giải phóng mặt bằng)
contains "$out" "$(printf '\033[1;33m')" "--color always highlights with ANSI"
out=$("$SEARCH" --db "$DB" --color never giải phóng mặt bằng)
contains "$out" "«giải phóng mặt bằng»" "--color never marks matches with «»"
lacks "$out" "$(printf '\033')" "--color never prints no escape codes"
out=$(NO_COLOR=1 "$SEARCH" --db "$DB" giải phóng mặt bằng)
lacks "$out" "$(printf '\033')" "NO_COLOR is respected"
contains "$out" "3 documents match" "human output shows the exact total"
contains "$out" "province" "human output shows facets"
"$SEARCH" --db "$DB" --json --by-year giải phóng | "$PY" -m json.tool >/dev/null
ok $? "JSON output parses"
v=$("$SEARCH" --db "$DB" --json giải phóng mặt bằng | "$PY" -c '
import json, sys, unicodedata
d = json.load(sys.stdin)
need = {"query","mode","fallback","total","offset","limit","hits","facets","elapsed_ms"}
hk = {"rank","docid","path","title","number","type","body","province","year","date","score","snippet","highlights","cites"}
assert need <= set(d), set(d)
for h in d["hits"]:
    assert hk <= set(h), set(h)
    b = h["snippet"].encode()
    assert h["highlights"], h
    for s, n in h["highlights"]:
        w = b[s:s+n].decode().lower()
        assert w in ("giải","phóng","mặt","bằng","giải phóng mặt bằng"), w
print("ok")')
is "$v" "ok" "JSON hits carry every field; highlights are the matched words"

# --- errors and exit statuses ---
"$SEARCH" --db "$DB" zzqqxxnotaword >/dev/null 2>&1
is "$?" 1 "no hits exits 1"
err=$("$SEARCH" --db "$DB" '"giải phóng' 2>&1); rc=$?
is "$rc" 2 "unbalanced quote exits 2"
contains "$err" "column" "the syntax error names the column"
"$SEARCH" --db "$DB" '(dân vận' >/dev/null 2>&1
is "$?" 2 "unbalanced parenthesis exits 2"
err=$("$SEARCH" --db "$DB" 'foo:bar' 2>&1); rc=$?
is "$rc" 2 "unknown field exits 2"
contains "$err" "foo" "the unknown field is named"
"$SEARCH" --db "$DB" '' >/dev/null 2>&1
is "$?" 2 "empty query exits 2"
"$SEARCH" --db "$DB" --limit 99999999 dân >/dev/null 2>&1
is "$?" 2 "absurd --limit is refused"
"$SEARCH" --db "$DB" -p atlantis dân >/dev/null 2>&1
is "$?" 2 "unknown province is an error"
err=$("$SEARCH" --db "$T/none" dân 2>&1); rc=$?
is "$rc" 3 "missing index exits 3"
contains "$err" "tracuu-index" "the message says how to build the index"
"$SEARCH" --version >/dev/null; ok $? "--version"
"$SEARCH" --help | grep -q -- '--by-year'; ok $? "--help documents the options"

done_testing

#!/bin/sh
# The Vietnamese interface (po/vi.po through gettext): --help, an error, a
# search summary, facet labels, --show/--refs/--stats labels and the
# interactive help come out in Vietnamese under LANGUAGE=vi; JSON is
# byte-for-byte the English JSON; tables stay aligned by display width.
#
# The programs are not installed, so the catalog is compiled from
# po/vi.po into a scratch directory that TRACUU_LOCALEDIR points to.
# Locales: glibc ignores LANGUAGE under the "C" locale, but not under
# C.UTF-8 (built into glibc >= 2.35, so present on a fresh Debian 12), so
# LC_ALL=C.UTF-8 LANGUAGE=vi is the setting every machine can test;
# LANG=vi_VN.UTF-8 is tested too when that locale has been generated.
. "$top_srcdir/tests/tap.sh"

PY=${PYTHON3:-python3}
MSGFMT=$(command -v msgfmt)
if [ -z "$MSGFMT" ]; then
    echo "1..0 # SKIP msgfmt not found (install the Debian package gettext)"
    exit 0
fi
if ! locale -a 2>/dev/null | grep -qix 'c\.utf-\?8'; then
    echo "1..0 # SKIP no C.UTF-8 locale here (glibc older than 2.35?)"
    exit 0
fi
mkdir -p "$T/loc/vi/LC_MESSAGES"
"$MSGFMT" -o "$T/loc/vi/LC_MESSAGES/tracuu.mo" "$top_srcdir/po/vi.po"
ok $? "po/vi.po compiles"
TRACUU_LOCALEDIR="$T/loc"; export TRACUU_LOCALEDIR

mkdir "$T/c" && cp "$SAMPLES"/*.txt "$T/c/"
"$INDEX" -q --db "$T/db" "$T/c" 2>/dev/null
is "$?" 0 "sample corpus indexed"

vi() { LANGUAGE=vi LC_ALL=C.UTF-8 "$@"; }

out=$(vi "$SEARCH" --help)
contains "$out" "cách dùng: tracuu-search [TÙY CHỌN] TRUY-VẤN" "tracuu-search --help in Vietnamese"
contains "$out" "cơ quan ban hành" "the help names the fields in Vietnamese"
out=$(vi "$INDEX" --help)
contains "$out" "cách dùng: tracuu-index" "tracuu-index --help in Vietnamese"
out=$("$SEARCH" --help)
contains "$out" "usage: tracuu-search" "English stays the default"

err=$(vi "$SEARCH" --db "$T/db" --sort sideways dân vận 2>&1 >/dev/null)
is "$?" 2 "a usage error still exits 2 in Vietnamese"
contains "$err" "--sort cần relevance, date hoặc -date, không phải 'sideways'" "the error is in Vietnamese"
err=$(vi "$SEARCH" --db "$T/nothing-here" dân vận 2>&1 >/dev/null)
contains "$err" "chưa có chỉ mục ở đây" "a missing index is reported in Vietnamese"
err=$(vi "$SEARCH" --db "$T/db" 'tinh: x' 2>&1 >/dev/null)
contains "$err" "lỗi câu truy vấn ở cột 1: thiếu giá trị sau 'tinh:'" "the parser's own reason is in Vietnamese too"
err=$(vi "$SEARCH" --db "$T/db" -p atlantis x 2>&1 >/dev/null)
contains "$err" 'không có tỉnh, thành phố "atlantis"' "…and so is the compiler's (an unknown province)"
err=$("$SEARCH" --db "$T/db" 'tinh: x' 2>&1 >/dev/null)
contains "$err" "missing value after 'tinh:'" "…and in English by default"
err=$(vi "$INDEX" --db "$T/db" --jobs 0 x 2>&1 >/dev/null)
contains "$err" "--jobs cần một số từ 1 đến 256" "tracuu-index errors in Vietnamese"

out=$(vi "$SEARCH" --db "$T/db" --color never giải phóng mặt bằng)
contains "$out" "có 3 văn bản phù hợp; hiển thị 1–3" "the search summary in Vietnamese (plural form)"
contains "$out" "
tỉnh              Quảng Ngãi (2)" "facet label 'province' is 'tỉnh', padded to the widest label"
contains "$out" "
cơ quan ban hành  " "facet label 'body' is 'cơ quan ban hành'"
out=$(vi "$SEARCH" --db "$T/db" zzzkhongcotu)
contains "$out" "không tìm thấy văn bản nào" "no match, in Vietnamese"
out=$(vi "$SEARCH" --db "$T/db" --show 246-CV/TU)
contains "$out" "
số hiệu          246-CV/TU" "--show labels in Vietnamese"
out=$(vi "$SEARCH" --db "$T/db" --refs 246-CV/TU)
contains "$out" "văn bản mang số hiệu này" "--refs in Vietnamese"
contains "$out" "chưa có văn bản nào trích dẫn" "--refs counts in Vietnamese (none)"
out=$(printf ':help\n' | vi "$SEARCH" --db "$T/db" -i)
contains "$out" ":trich N           văn bản thứ N trích dẫn" "the interactive help in Vietnamese"

# JSON never changes with the language (elapsed time aside).
json() { "$PY" -c 'import json, sys; d = json.load(sys.stdin); d.pop("elapsed_ms", None); print(json.dumps(d, sort_keys=True, ensure_ascii=False))'; }
en=$("$SEARCH" --db "$T/db" --json giải phóng mặt bằng | json)
vj=$(vi "$SEARCH" --db "$T/db" --json giải phóng mặt bằng | json)
is "$vj" "$en" "search JSON is the same in Vietnamese"
is "$(vi "$SEARCH" --db "$T/db" --json --show 246-CV/TU)" "$("$SEARCH" --db "$T/db" --json --show 246-CV/TU)" "--show JSON is the same in Vietnamese"
is "$(vi "$SEARCH" --db "$T/db" --json --refs 246-CV/TU)" "$("$SEARCH" --db "$T/db" --json --refs 246-CV/TU)" "--refs JSON is the same in Vietnamese"

# --stats: translated, and every count of a table in the same terminal
# column whatever the bytes of the name before it (Vietnamese names are
# fewer columns than bytes).
cols() {   # the display columns where the counts of the "  name  N" rows end
    "$PY" -c '
import sys, unicodedata
cols = set()
for line in sys.stdin.read().splitlines():
    if line.startswith("  ") and line.rstrip()[-1:].isdigit() and not line.startswith("    "):
        cols.add(len(unicodedata.normalize("NFC", line.rstrip())) - len(line.rstrip().split()[-1]))
print(len(cols))'
}
out=$(vi "$INDEX" --db "$T/db" --stats)
contains "$out" "theo tỉnh/thành phố" "--stats headings in Vietnamese"
contains "$out" "được trích dẫn nhiều nhất" "--stats most cited in Vietnamese"
is "$(printf '%s\n' "$out" | cols)" 1 "--stats counts aligned by display width (Vietnamese)"
is "$("$INDEX" --db "$T/db" --stats | cols)" 1 "--stats counts aligned by display width (English)"
head=$(vi "$INDEX" --db "$T/db" --stats | sed -n '1,3p' | "$PY" -c '
import sys
print(len({line.index(line.split()[-1]) for line in sys.stdin.read().splitlines()}))')
is "$head" 1 "--stats header values aligned under translated labels"
out=$(vi "$INDEX" --explain "$T/c/003_743e7a8b74290be1.txt")
contains "$out" "
  số hiệu          246-CV/TU  [phần đầu]
  loại văn bản     Công văn  [số hiệu]" "--explain field labels and sources in Vietnamese, padded to the widest"
contains "$out" "
  43-KL/TW               byte 2551+8  trung ương Kết luận" "--explain citation lines in Vietnamese"

# LANG=vi_VN.UTF-8 alone: with the locale generated, the usual way; without
# it (a fresh Debian), the programs run under C.UTF-8 in the language asked.
if locale -a 2>/dev/null | grep -qix 'vi_VN\.utf-\?8'; then how="generated"; else how="not generated"; fi
out=$(env -u LC_ALL -u LANGUAGE LANG=vi_VN.UTF-8 "$SEARCH" --help)
contains "$out" "cách dùng: tracuu-search" "LANG=vi_VN.UTF-8 alone selects Vietnamese (locale $how)"
out=$(env -u LC_ALL LANGUAGE= LANG=vi_VN.UTF-8 "$SEARCH" --help)
contains "$out" "cách dùng: tracuu-search" "LANG=vi_VN.UTF-8 with an empty LANGUAGE (locale $how)"
out=$(env -u LC_ALL -u LANGUAGE LANG=vi_VN.UTF-8 "$SEARCH" --db "$T/db" --color never giải phóng mặt bằng)
contains "$out" "có 3 văn bản phù hợp" "a search under LANG=vi_VN.UTF-8 (locale $how)"
out=$(env -u LC_ALL -u LANGUAGE LANG=vi_VN.UTF-8 "$SEARCH" --db "$T/db" --json --limit 1 dân vận | json)
is "$out" "$("$SEARCH" --db "$T/db" --json --limit 1 dân vận | json)" "JSON under vi_VN.UTF-8 (a decimal-comma locale) equals English"
# The generated-locale path, with a vi_VN.UTF-8 built here (LOCPATH) when
# the locale sources are installed (Debian package locales).
if mkdir "$T/locale" && localedef -i vi_VN -f UTF-8 "$T/locale/vi_VN.UTF-8" >/dev/null 2>&1; then
    out=$(env -u LC_ALL -u LANGUAGE LOCPATH="$T/locale" LANG=vi_VN.UTF-8 "$SEARCH" --db "$T/db" --color never giải phóng mặt bằng)
    contains "$out" "có 3 văn bản phù hợp" "a search under a generated vi_VN.UTF-8 locale"
    out=$(env -u LC_ALL -u LANGUAGE LOCPATH="$T/locale" LANG=vi_VN.UTF-8 "$SEARCH" --db "$T/db" --json --limit 1 dân vận | json)
    is "$out" "$("$SEARCH" --db "$T/db" --json --limit 1 dân vận | json)" "JSON under a generated vi_VN.UTF-8 (decimal comma) equals English"
    out=$(env -u LC_ALL -u LANGUAGE LOCPATH="$T/locale" LANG=vi_VN.UTF-8 "$SEARCH" --db "$T/db" --json --limit 0 dân vận)
    case $out in *'"elapsed_ms": '[0-9]*.[0-9]*'}'*|*'"elapsed_ms": '[0-9]*'}'*) r=0 ;; *) r=1 ;; esac
    ok $r "numbers in JSON keep the decimal point under vi_VN"
else
    skip "localedef cannot build vi_VN.UTF-8 (install the Debian package locales)"
    skip "JSON under a generated vi_VN.UTF-8: no locale"
    skip "decimal point under vi_VN: no locale"
fi
out=$(env -u LC_ALL LANG=vi_VN.UTF-8 LANGUAGE=en "$SEARCH" --help)
contains "$out" "usage: tracuu-search" "LANGUAGE set by the user wins"
out=$(env -u LC_ALL -u LANGUAGE LANG=en_GB.UTF-8 "$SEARCH" --help)
contains "$out" "usage: tracuu-search" "another language stays English"

# --watch logs in Vietnamese too (watch.c once lacked config.h, so its
# messages stayed English while the rest of the program spoke Vietnamese).
mkdir "$T/w" && cp "$SAMPLES"/000_*.txt "$T/w/"
vi timeout -s INT 3 "$INDEX" --watch --db "$T/wdb" "$T/w" 2>"$T/wlog"
out=$(cat "$T/wlog")
contains "$out" "lượt đầu: 1 văn bản mới" "--watch: the first pass in Vietnamese"
contains "$out" "đang theo dõi 1 thư mục" "--watch: what it watches, in Vietnamese"
contains "$out" "dừng do nhận tín hiệu" "--watch: the stop by a signal, in Vietnamese"

# --help fits an 80-column terminal in Vietnamese too (display columns:
# combining marks take none)
width() { "$PY" -c 'import sys, unicodedata
print(max(sum(not unicodedata.combining(c) for c in l.rstrip("\n")) for l in sys.stdin))'; }
is "$(vi "$SEARCH" --help | width | awk '$1 > 80 {print "over 80: " $1; next} {print "fits"}')" "fits" "tracuu-search --help in Vietnamese fits 80 columns"
is "$(vi "$INDEX" --help | width | awk '$1 > 80 {print "over 80: " $1; next} {print "fits"}')" "fits" "tracuu-index --help in Vietnamese fits 80 columns"

# The reasons a file is skipped come from the library (readers, sidecar
# parser, UTF-8 gate) and are Vietnamese too
mkdir "$T/bad" && printf 'PK\003\004junk' > "$T/bad/b.docx" && printf '{\\rtf1 }' > "$T/bad/c.rtf"
cp "$SAMPLES"/000_*.txt "$T/bad/d.txt" && printf 'tinh: Atlantis\n' > "$T/bad/d.txt.meta"
out=$(vi "$INDEX" --db "$T/baddb" "$T/bad" 2>&1)
contains "$out" "$T/bad/b.docx: tệp nén zip không chứa văn bản soạn thảo" "a reader's reason in Vietnamese"
contains "$out" "$T/bad/c.rtf: RTF không có nội dung" "the RTF reader's reason in Vietnamese"
contains "$out" "$T/bad/d.txt.meta:1: không có tỉnh, thành phố \"Atlantis\"" "the sidecar parser's reason in Vietnamese"
# Readers are forked from worker threads; one forked while another thread
# loaded the catalog hung on gettext's lock (1 run in 20 on this box):
# the catalog is loaded before any thread starts.
hung=0
for i in 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17 18 19 20; do
    rm -rf "$T/baddb2"
    vi timeout 20 "$INDEX" --db "$T/baddb2" "$T/bad" >/dev/null 2>&1
    [ $? -eq 124 ] && hung=$((hung + 1))
done
is "$hung" 0 "no run hangs on the catalog's lock (20 runs)"
out=$(vi "$SEARCH" --db "$T/db" --show 246-CV/TU)
contains "$out" "[địa danh, ngày tháng]" "--show names the sources in Vietnamese"
out=$(vi "$SEARCH" --db "$T/db" --show "$T/c/000_4a1e5ee3c0eafb22.txt")
contains "$out" "Ban Dân vận Tỉnh ủy  [nội dung văn bản]" "a value found in the body text is not labelled as the issuing body"
out=$("$SEARCH" --db "$T/db" --show 246-CV/TU --json)
contains "$out" '"place-date"' "…while JSON keeps the English source names"

done_testing

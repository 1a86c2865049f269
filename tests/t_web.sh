#!/bin/sh
# tracuu-web's pages and JSON API over HTTP, on the sample corpus plus a
# few files of our own: every page and endpoint, status codes, the API
# equal to tracuu-search --json, facets and the year chart, escaping of
# hostile queries and document text, downloads (only indexed files, by
# docid), and reopening after the indexer commits.
. "$top_srcdir/tests/tap.sh"
. "$top_srcdir/tests/web.sh"

PY=${PYTHON3:-python3}
C="$T/c"
mkdir "$C" && cp "$SAMPLES"/*.txt "$C/"
# A document whose text would run script if it were not escaped.
printf 'Báo cáo kiểm thử.\nNội dung <script>alert("xss")</script> & <b>đậm</b> trộm cắp.\n' \
    > "$C/hostile.txt"
# A document citing one of the samples, so a citation link can lead to an
# indexed document.
printf 'Báo cáo kết quả.\nThực hiện Công văn số 246-CV/TU của Tỉnh ủy, Ban Dân vận đã triển khai.\n' \
    > "$C/cites-246.txt"
"$INDEX" -q --db "$DB" "$C" 2>/dev/null
is "$?" 0 "corpus indexed"
# The catalog, uninstalled: the page shows the parser's reasons in Vietnamese.
if command -v msgfmt >/dev/null 2>&1; then
    mkdir -p "$T/loc/vi/LC_MESSAGES"
    msgfmt -o "$T/loc/vi/LC_MESSAGES/tracuu.mo" "$top_srcdir/po/vi.po"
    TRACUU_LOCALEDIR="$T/loc"; export TRACUU_LOCALEDIR
fi

start main --listen 127.0.0.1:0
ok $? "server starts"

# --- pages ---
is "$(code "$URL")" 200 "home page"
home=$(curl -s "$URL")
contains "$home" '<html lang="vi">' "the page is in Vietnamese"
contains "$home" "Chỉ mục có 7 văn bản" "the home page counts the documents"
page=$(curl -s "${URL}?q=gi%E1%BA%A3i+ph%C3%B3ng+m%E1%BA%B7t+b%E1%BA%B1ng")
contains "$page" 'data-total="3"' "a search with marks finds the 3 documents"
contains "$page" "<mark>" "the passage marks the matched words"
contains "$page" "Số văn bản theo năm" "the year chart is drawn"
page=$(curl -s "${URL}?q=giai+phong+mat+bang")
contains "$page" 'data-total="3"' "the same search without marks finds the same 3"
page=$(curl -s "${URL}?q=gi%C3%A3i+ph%C3%B3ng")
contains "$page" 'class="notice"' "a misspelt mark falls back, with a notice"
page=$(curl -s "${URL}?q=gi%C3%A3i+ph%C3%B3ng&dau=chinh-xac")
contains "$page" 'data-total="0"' "dau=chinh-xac never falls back"
contains "$page" "Tìm không dấu" "…and offers the search without marks"

# Facets: each link filters to exactly its count.
v=$(curl -s "${URL}?q=d%C3%A2n+v%E1%BA%ADn" | "$PY" -c '
import re, sys, html
page = sys.stdin.read()
bad = 0; n = 0
for href, value, count in re.findall(r"<a class=\"facet\" href=\"([^\"]+)\"><span class=\"v\">([^<]*)</span> <span class=\"n\">([0-9.]+)</span>", page):
    n += 1
    print(html.unescape(href), count.replace(".", ""))
' )
n=$(printf '%s\n' "$v" | grep -c .)
[ "$n" -ge 8 ]; ok $? "facet links found ($n)"
fails=0
while read -r href count; do
    got=$(curl -s "$URL${href#/}" | sed -n 's/.*data-total="\([0-9]*\)".*/\1/p')
    [ "$got" = "$count" ] || { fails=$((fails + 1)); echo "# $href: $got, want $count"; }
done <<EOF
$v
EOF
is "$fails" 0 "every facet link filters to exactly the count it shows"
page=$(curl -s "${URL}?q=d%C3%A2n+v%E1%BA%ADn&tinh=Qu%E1%BA%A3ng+Ng%C3%A3i")
contains "$page" 'class="chip"' "an active filter shows as a chip"
contains "$page" 'name="tinh" value="Quảng Ngãi"' "the form keeps the filter for the next query"
chip=$(printf '%s' "$page" | sed -n 's/.*<a class="chip" href="\([^"]*\)".*/\1/p' | head -1)
is "$chip" "/?q=d%C3%A2n%20v%E1%BA%ADn" "the chip's link removes the filter"

# The year chart: every year from first to last, zeros included, counts as
# tracuu-search --by-year.
want=$("$SEARCH" --db "$DB" --json --by-year --limit 0 giải phóng | "$PY" -c '
import json, sys; print(" ".join("%s:%s" % kv for kv in json.load(sys.stdin)["by_year"].items()))')
got=$(curl -s "${URL}?q=gi%E1%BA%A3i+ph%C3%B3ng" | "$PY" -c '
import re, sys
print(" ".join("%s:%s" % m for m in re.findall(r"data-year=\"(\d+)\" data-count=\"(\d+)\"", sys.stdin.read())))')
is "$got" "$want" "the chart has a bar per year, zeros included, with the CLI's counts"
contains "$(curl -s "${URL}?q=gi%E1%BA%A3i+ph%C3%B3ng")" "<title>Năm 2019: 1 văn bản</title>" "hovering a bar tells its count"

# Paging and sorting keep the rest of the state.
page=$(curl -s "${URL}?q=d%C3%A2n&sx=moi-nhat")
contains "$page" "<strong>Mới nhất</strong>" "sort newest is shown as chosen"
is "$(code "${URL}?q=d%C3%A2n&trang=999999")" 200 "an absurd page number is clamped, not an error"

# Query errors: 400 with the parser's positioned message.
is "$(code "${URL}?q=%22gi%E1%BA%A3i")" 400 "an unbalanced quote is 400"
contains "$(curl -s "${URL}?q=%22gi%E1%BA%A3i")" "Lỗi ở cột" "…with the column"
if [ -n "${TRACUU_LOCALEDIR:-}" ]; then
    contains "$(curl -s "${URL}?q=%22gi%E1%BA%A3i")" "ngoặc kép không cân" "…and the parser's reason, in Vietnamese"
else
    skip "no msgfmt: the parser's reason stays English"
fi
is "$(code "${URL}?q=x&tinh=atlantis")" 400 "an unknown province filter is 400"

# --- the document view ---
id=$("$SEARCH" --db "$DB" --json so:246-CV/TU | "$PY" -c 'import json,sys; print(json.load(sys.stdin)["hits"][0]["docid"])')
doc=$(curl -s "${URL}van-ban/$id?q=gi%E1%BA%A3i+ph%C3%B3ng")
contains "$doc" "246-CV/TU" "the document view shows the number"
contains "$doc" "<mark>" "the query's words are marked in the full text"
contains "$doc" 'class="cite" href="/so/217-Q%C4%90%2FTW"' "a citation of an unindexed number links to its number page"
contains "$doc" "/tai/$id" "the document links its original file"
is "$(code "${URL}van-ban/999999")" 404 "an unknown docid is 404"
is "$(code "${URL}van-ban/abc")" 404 "a docid that is not a number is 404"
# A citation to an indexed document links to that document: 003 is cited?
cites_indexed=$("$SEARCH" --db "$DB" --json --limit 100 dân | "$PY" -c '
import json, sys
d = json.load(sys.stdin)
own = {h["number"]: h["docid"] for h in d["hits"] if h["number"]}
for h in d["hits"]:
    for c in h["cites"]:
        if c in own and own[c] != h["docid"]:
            print(h["docid"], own[c]); sys.exit()
')
if [ -n "$cites_indexed" ]; then
    set -- $cites_indexed
    contains "$(curl -s "${URL}van-ban/$1")" "class=\"cite\" href=\"/van-ban/$2\"" "a citation of an indexed document links to it"
else
    skip "no sample document cites another indexed one"
fi

# --- the number page ---
page=$(curl -s "${URL}so/43-CT%2FTW")
contains "$page" "Được trích dẫn bởi 2 văn bản" "/so/43-CT%2FTW counts its citers"
contains "$page" "Chỉ thị số <mark>43-CT/TW</mark>" "…with the citing sentences, the number marked"
contains "$page" "Số văn bản theo năm" "…and a chart by year"
is "$(code "${URL}so/43-CT/TW")" 200 "an unencoded slash works too"
is "$(code "${URL}so/not-a-number")" 400 "a number page for no number is 400"
page=$(curl -s "${URL}trich-dan")
contains "$page" "217-QĐ/TW" "most cited lists 217-QĐ/TW"
page=$(curl -s "${URL}trich-dan?tinh=quang-ngai")
contains "$page" "Trong các văn bản khớp" "most cited follows the filters"
is "$(code "${URL}huong-dan")" 200 "the help page"
is "$(code "${URL}static/style.css")" 200 "the style sheet"
contains "$(curl -s -D - -o /dev/null "${URL}static/app.js" | tr -d '\r')" "Content-Type: text/javascript" "the script's type"

# --- escaping ---
page=$(curl -s "${URL}?q=%3Cscript%3Ealert(1)%3C%2Fscript%3E%22+onmouseover%3D%22x")
lacks "$page" "<script>alert(1)" "a hostile query is escaped in the page"
lacks "$page" '" onmouseover="x' "…and cannot leave an attribute"
contains "$page" "&lt;script&gt;" "…and is shown as typed"
hid=$("$SEARCH" --db "$DB" --json trộm cắp | "$PY" -c 'import json,sys; print(json.load(sys.stdin)["hits"][0]["docid"])')
doc=$(curl -s "${URL}van-ban/$hid")
lacks "$doc" '<script>alert("xss")' "document text with <script> is escaped"
contains "$doc" "&lt;script&gt;alert(&quot;xss&quot;)&lt;/script&gt; &amp; &lt;b&gt;" "…and shown as written"
lacks "$(curl -s "${URL}api/document/$hid")" "<script>" "JSON never carries a raw <script>"

# --- downloads ---
curl -s -o "$T/got" "${URL}tai/$hid"
cmp -s "$T/got" "$C/hostile.txt"; ok $? "an indexed file downloads byte for byte"
H=$(curl -s -D - -o /dev/null "${URL}tai/$hid" | tr -d '\r')
contains "$H" 'Content-Disposition: attachment; filename="hostile.txt"' "…as an attachment with its name"
for p in "tai/..%2F..%2F..%2Fetc%2Fpasswd" "tai/%2Fetc%2Fpasswd" "tai/../../etc/passwd" \
         "tai/0" "tai/99999999999" "tai/1abc" "tai/-1"; do
    c=$(code --path-as-is "$URL$p")
    case $c in 404|400) r=0 ;; *) r=1 ;; esac
    ok $r "refused: /$p ($c)"
done
lacks "$(curl -s --path-as-is "${URL}tai/../../etc/passwd")" "root:" "no path from the request is ever read"
mv "$C/hostile.txt" "$T/moved.txt"
is "$(code "${URL}tai/$hid")" 410 "an indexed file that has gone away is 410"
mv "$T/moved.txt" "$C/hostile.txt"

# --- the JSON API ---
strip() { "$PY" -c 'import json,sys; d=json.load(sys.stdin); d.pop("elapsed_ms",None); print(json.dumps(d, sort_keys=True))'; }
a=$(curl -s "${URL}api/search?q=gi%E1%BA%A3i+ph%C3%B3ng&province=quang-ngai&limit=5&by_year=1" | strip)
b=$("$SEARCH" --db "$DB" --json --limit 5 --by-year -p quang-ngai giải phóng | strip)
is "$a" "$b" "/api/search answers exactly as tracuu-search --json"
a=$(curl -s "${URL}api/refs?number=43-CT/TW" | strip)
b=$("$SEARCH" --db "$DB" --json --refs 43-CT/TW | strip)
is "$a" "$b" "/api/refs answers as tracuu-search --refs --json"
a=$(curl -s "${URL}api/top-cited?province=quang-ngai" | strip)
b=$("$SEARCH" --db "$DB" --json --top-cited -p quang-ngai | strip)
is "$a" "$b" "/api/top-cited answers as tracuu-search --top-cited --json"
a=$(curl -s "${URL}api/document/$id" | strip)
b=$("$SEARCH" --db "$DB" --json --show "$id" | strip)
is "$a" "$b" "/api/document/ID answers as tracuu-search --show --json"
is "$(curl -s "${URL}api/stats" | "$PY" -c 'import json,sys; d=json.load(sys.stdin); print(d["documents"], d["formats"], sorted(d["facets"]))')" \
   "7 {'txt': 7} ['body', 'province', 'type', 'year']" "/api/stats counts documents, formats and facets"
H=$(curl -s -D - -o "$T/err.json" "${URL}api/search?q=%22gi" | tr -d '\r')
contains "$H" "HTTP/1.1 400" "a bad query in the API is 400"
contains "$H" "Content-Type: application/json" "…answered in JSON"
is "$("$PY" -c 'import json,sys; d=json.load(open(sys.argv[1])); print("column" in d and bool(d["error"]))' "$T/err.json")" "True" "…with the error and its column"
is "$(code "${URL}api/document/999999")" 404 "an unknown document in the API is 404"
is "$(code "${URL}api/search?limit=5000")" 400 "an absurd limit is 400"
is "$(code "${URL}api/nope")" 404 "an unknown endpoint is 404"
is "$(curl -s "${URL}api/ping")" '{"ok":true}' "/api/ping for monitoring"

# --- reopening after the indexer commits ---
is "$(curl -s "${URL}api/search?q=zyxwvutsr" | "$PY" -c 'import json,sys; print(json.load(sys.stdin)["total"])')" 0 "a word not yet indexed"
printf 'Công văn mới.\nTừ khóa zyxwvutsr xuất hiện.\n' > "$C/new.txt"
"$INDEX" -q --db "$DB" "$C" 2>/dev/null
n=0; i=0
while [ $i -lt 50 ]; do
    n=$(curl -s "${URL}api/search?q=zyxwvutsr" | "$PY" -c 'import json,sys; print(json.load(sys.stdin)["total"])')
    [ "$n" = 1 ] && break
    sleep 0.1; i=$((i + 1))
done
is "$n" 1 "the running server sees the indexer's commit, no restart"

stop; is "$?" 0 "SIGTERM stops the server with status 0"

# "Most cited" under a query reads each match: bounded by --top-cited-max.
start capped --listen 127.0.0.1:0 --top-cited-max 2
is "$(code "${URL}trich-dan?tinh=quang-ngai")" 200 "most cited for 2 matching documents, at the cap"
is "$(code "${URL}trich-dan?q=d%C3%A2n")" 400 "more matches than the cap: 400, narrow the filters"
contains "$(curl -s "${URL}api/top-cited?q=d%C3%A2n")" "narrow the filters" "…the API says so too"
is "$(code "${URL}trich-dan")" 200 "without a query it comes from the statistics, uncapped"
stop

# A Xapian stub database file is an index like any other.
printf 'auto %s\n' "$DB" > "$T/stub"
start stub --db "$T/stub" --listen 127.0.0.1:0   # the later --db wins
is "$(curl -s "${URL}api/search?q=zyxwvutsr" | "$PY" -c 'import json,sys; print(json.load(sys.stdin)["total"])')" 1 "a stub database file serves the same index"
stop
done_testing

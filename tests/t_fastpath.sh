#!/bin/sh
# The counting fast path (issue 16): with a count budget smaller than the
# match sets, every query of the bench mix is either counted exactly or
# flagged, with bounds that contain the exact total; facets are exact or
# flagged; and the top 10 are those of the exhaustive run.  A budget of 20
# documents on 600 generated ones forces the estimated path for most
# queries, as a budget of 100,000 does at a million documents.
. "$top_srcdir/tests/tap.sh"
. "$top_srcdir/tests/web.sh"

PY=${PYTHON3:-python3}
"$top_builddir/corpus/gen" --docs 600 --seed 3 --samples "$SAMPLES" "$T/c" >/dev/null 2>&1
"$INDEX" -q --db "$DB" "$T/c" 2>/dev/null
[ -d "$DB" ]; ok $? "600 generated documents indexed"

grep -v '^#' "$top_srcdir/bench/queries.tsv" | cut -f1 > "$T/queries"
nq=$(grep -c . "$T/queries")
: > "$T/report"
while IFS= read -r q; do
    [ -n "$q" ] || continue
    "$SEARCH" --db "$DB" --json --limit 10 --count-budget 20 -- "$q" > "$T/fast" 2>/dev/null
    "$SEARCH" --db "$DB" --json --limit 10 --exact-counts -- "$q" > "$T/full" 2>/dev/null
    "$PY" - "$T/fast" "$T/full" "$q" >> "$T/report" <<'EOF'
import json, sys
fast, full = (json.load(open(p)) for p in sys.argv[1:3])
q = sys.argv[3]
exact = full["total"]
out = []
if not full["total_exact"] or not full["facets_exact"]:
    out.append("exhaustive run not exact")
if fast["total_exact"]:
    if fast["total"] != exact:
        out.append("total flagged exact but %d != %d" % (fast["total"], exact))
else:
    lo, hi = fast["total_bounds"]
    if not lo <= exact <= hi:
        out.append("bounds [%d, %d] miss %d" % (lo, hi, exact))
if fast["facets_exact"] and fast["facets"] != full["facets"]:
    out.append("facets flagged exact but differ")
top = [h["docid"] for h in fast["hits"]] == [h["docid"] for h in full["hits"]]
kind = "estimated" if not fast["total_exact"] else ("facets-estimated" if not fast["facets_exact"] else "exact")
print("%s\t%s\t%s\t%s" % ("bad" if out else "ok", kind, "same-top" if top else "other-top", q + (": " + "; ".join(out) if out else "")))
EOF
done < "$T/queries"

is "$(grep -c . "$T/report")" "$nq" "every query of the mix ran both ways"
bad=$(grep -c '^bad' "$T/report")
is "$bad" 0 "totals and facets are exact when flagged so, else bounded around the truth"
grep '^bad' "$T/report" | head -5 | sed 's/^/# /'
est=$(grep -c '	estimated	' "$T/report")
[ "$est" -gt 0 ]; ok $? "the small budget did force estimates ($est of $nq queries)"
other=$(grep -c 'other-top' "$T/report")
is "$other" 0 "the top 10 equal the exhaustive run's for every query"
grep 'other-top' "$T/report" | head -3 | sed 's/^/# /'

# Human output and the web page say so: never silently.
q=$(grep '	estimated	' "$T/report" | head -1 | cut -f4)
out=$("$SEARCH" --db "$DB" --count-budget 20 -- "$q" 2>/dev/null | tail -1)
contains "$out" "≈ " "human output marks an estimated total with ≈"
contains "$out" "--exact-counts" "…and says how to count them all"
start fp --listen 127.0.0.1:0 --count-budget 20
ok $? "server with a small budget starts"
enc=$("$PY" -c 'import sys, urllib.parse; print(urllib.parse.quote(sys.argv[1]))' "$q")
page=$(curl -s "${URL}?q=$enc")
contains "$page" "ước tính" "the page flags the estimate"
a=$(curl -s "${URL}api/search?q=$enc&exact_counts=1" | "$PY" -c 'import json,sys; d=json.load(sys.stdin); print(d["total_exact"], d["total"])')
b=$("$SEARCH" --db "$DB" --json --exact-counts -- "$q" | "$PY" -c 'import json,sys; d=json.load(sys.stdin); print(d["total_exact"], d["total"])')
is "$a" "$b" "/api/search?exact_counts=1 counts everything"
stop
done_testing

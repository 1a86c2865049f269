#!/bin/sh
# t_signed_for — the issuing body and the organ signed for (issue 17) on
# the seeds: both are stored in the record, coquan:/--body match either,
# and the body facet counts a document under both organs, so that each
# facet value finds, as a filter, exactly as many documents as it shows.
#   seed  body (header or text)          signed for
#   000   Ban Dân vận Tỉnh ủy            Ban Dân vận Tỉnh ủy (K/T TRƯỞNG BAN)
#   001   Ban Thường vụ Tỉnh ủy          Ban Thường vụ Tỉnh ủy (T/M)
#   002   Ban Dân vận Tỉnh ủy            - (a fragment, no signature)
#   003   Tỉnh ủy (TỈNH ỦY QUẢNG NGÃI)   Ban Thường vụ Tỉnh ủy (T/M)
#   004   Ban Chấp hành Đảng bộ tỉnh     Ban Thường vụ Tỉnh ủy (T/M)
. "$top_srcdir/tests/tap.sh"

PY=${PYTHON3:-python3}
DB="$T/db"
mkdir "$T/c" && cp "$SAMPLES"/*.txt "$T/c/"
"$INDEX" -q --db "$DB" "$T/c" 2>/dev/null
is "$?" 0 "sample corpus indexed"

seeds() {
    "$SEARCH" --db "$DB" --json --limit 100 "$@" 2>/dev/null | "$PY" -c '
import json, sys
d = json.load(sys.stdin)
print(" ".join(sorted(h["path"].rsplit("/", 1)[1][:3] for h in d["hits"])))'
}

# The record: signed_for and where it came from, beside the body.
"$top_builddir/tests/rel_dump" "$DB" > "$T/dump"
ok $? "records dumped"
line003=$(grep '/003_' "$T/dump")
contains "$line003" "	body=Tỉnh ủy	" "003: body is the header's Tỉnh ủy"
contains "$line003" "	signed_for=Ban Thường vụ Tỉnh ủy	" "003: signed for the Ban Thường vụ"
contains "$line003" "	src.signed_for=signature	" "003: src.signed_for is the signature"
lacks "$(grep '/002_' "$T/dump")" "signed_for=" "002 (no signature block): no signed_for"

# coquan: and --body match the body or the organ signed for.
is "$(seeds 'coquan:"ban thuong vu"')" "001 003 004" \
    'coquan:"ban thuong vu" finds the seeds signed T/M Ban Thường vụ'
is "$(seeds 'coquan:"Ban Thường vụ Tỉnh ủy"')" "001 003 004" "the full marked name, the same"
is "$(seeds coquan:ban-thuong-vu-tinh-uy)" "001 003 004" "the slug form, the same"
is "$(seeds --body 'ban thuong vu')" "001 003 004" "--body 'ban thuong vu', the same"
is "$(seeds coquan:tinh-uy)" "003" "coquan:tinh-uy finds the header's Tỉnh ủy only"
is "$(seeds 'coquan:"ban chap hanh"')" "004" "coquan:\"ban chap hanh\" finds 004 by its body"
is "$(seeds 'coquan:"ban dan van"')" "000 002" "the Ban Dân vận's own reports"

# The body facet counts both organs: clicking a value finds as many
# documents as it shows (003 and 004 are signed for the Ban Thường vụ).
facets=$("$SEARCH" --db "$DB" --json 'coquan:"ban thuong vu"' 2>/dev/null | "$PY" -c '
import json, sys
d = json.load(sys.stdin)
print(";".join("%s=%d" % kv for kv in sorted(d["facets"]["body"].items())))')
is "$facets" "Ban Chấp hành Đảng bộ tỉnh=1;Ban Thường vụ Tỉnh ủy=3;Tỉnh ủy=1" \
    "body facet counts each document under its body and the organ signed for"
n=$("$SEARCH" --db "$DB" --json -b "Ban Thường vụ Tỉnh ủy" 2>/dev/null | "$PY" -c 'import json,sys; print(json.load(sys.stdin)["total"])')
is "$n" 3 "…and filtering by that value finds exactly that many"

# A sidecar sets signed_for like any field.
mkdir "$T/s" && cp "$SAMPLES/002_81cd06210f247496.txt" "$T/s/"
printf 'thaymat: ban thuong vu\n' > "$T/s/002_81cd06210f247496.txt.meta"
"$INDEX" -q --db "$T/dbs" "$T/s" 2>/dev/null
"$top_builddir/tests/rel_dump" "$T/dbs" > "$T/dumps"
contains "$(cat "$T/dumps")" "	signed_for=Ban Thường vụ Tỉnh ủy	src.signed_for=sidecar	" \
    "sidecar 'thaymat:' sets signed_for, canonical, source sidecar"
done_testing

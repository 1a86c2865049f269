#!/bin/sh
# Snippets from positions (issue 16): the snippet of a hit is searched in
# the passages the index's positions and the record's checkpoints point to,
# not in the whole text; for every query of the bench mix the answer must
# be the whole text's, byte for byte, highlights included.
. "$top_srcdir/tests/tap.sh"
"$top_builddir/corpus/gen" --docs 400 --seed 5 --samples "$SAMPLES" "$T/c" >/dev/null 2>&1
"$INDEX" -q --db "$T/db" "$T/c" "$SAMPLES" 2>/dev/null
[ -d "$T/db" ]; ok $? "generated documents and the samples indexed"
"$top_builddir/tests/snippet_ranges" "$T/db" "$top_srcdir/bench/queries.tsv" > "$T/out"
st=$?
# renumber the helper's lines into this test's
while IFS= read -r l; do
    case "$l" in
        "ok "*) tap_n=$((tap_n + 1)); echo "ok $tap_n ${l#ok [0-9]* }" ;;
        "not ok "*) tap_n=$((tap_n + 1)); tap_failed=$((tap_failed + 1))
                    echo "not ok $tap_n ${l#not ok [0-9]* }" ;;
        "#"*) echo "$l" ;;
    esac
done < "$T/out"
ok $st "helper exit status"
done_testing

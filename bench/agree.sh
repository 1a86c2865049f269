#!/bin/sh
# bench/agree.sh — does the count budget change what users see?  For each
# query of bench/queries.tsv, the top 10 of tracuu-search with the default
# count budget against the top 10 with --exact-counts (issue 16: the same
# for at least 99% of the mix).  tests/t_fastpath.sh checks it on a small
# corpus with a tiny budget; this is for a real index, by hand:
#
#   bench/agree.sh BUILDDIR DBDIR      (needs jq)
#
# Prints "same" or "DIFF" and the query, one line a query, then a count.
set -eu
B=$(cd "$1" && pwd); DB=$2
S=$(cd "$(dirname "$0")/.." && pwd)
same=0; diff=0
while IFS= read -r q; do
    a=$("$B/searcher/tracuu-search" --db "$DB" --json -- "$q" 2>/dev/null | jq -c '[.hits[].docid]')
    b=$("$B/searcher/tracuu-search" --db "$DB" --json --exact-counts -- "$q" 2>/dev/null |
        jq -c '[.hits[].docid]')
    if [ "$a" = "$b" ]; then
        same=$((same + 1)); printf 'same\t%s\n' "$q"
    else
        diff=$((diff + 1)); printf 'DIFF\t%s\t%s\t%s\n' "$q" "$a" "$b"
    fi
done <<EOQ
$(grep -v '^#' "$S/bench/queries.tsv" | cut -f1 | grep .)
EOQ
echo "top 10 the same for $same of $((same + diff)) queries"

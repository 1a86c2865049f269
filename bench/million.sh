#!/bin/sh
# bench/million.sh — the large-scale run of issue 16, by hand: generate a
# corpus, index it, and measure the query mix at several count budgets.
#
#   bench/million.sh BUILDDIR WORKDIR [DOCS]     (DOCS: 1000000)
#
# Every step can be interrupted and run again: the corpus is generated
# once (its manifest marks it complete), and tracuu-index is incremental,
# so a second run indexes only what the first did not commit.  The index
# time is the sum of the runs (WORKDIR/index-*.time, GNU time), which the
# log says.  Then bench-query runs the mix of bench/queries.tsv, 3 warm
# runs a query, with the default count budget (100,000), 10,000 and
# exact counts, and prints sizes; each query's total, share and fastest
# run are logged too (BENCH_VERBOSE); then bench/query-phases says where
# each query's time goes.  Everything goes to WORKDIR/million.log.
set -eu
B=$(cd "$1" && pwd); mkdir -p "$2"; W=$(cd "$2" && pwd); N=${3:-1000000}
S=$(cd "$(dirname "$0")/.." && pwd)
C="$W/corpus-$N"; DB="$W/tracuu-$N"; LOG="$W/million.log"
say() { printf '%s %s\n' "$(date -u +%FT%TZ)" "$*" | tee -a "$LOG"; }

if [ ! -f "$C/manifest.tsv" ]; then
    say "generating $N documents into $C"
    rm -rf "$C"
    /usr/bin/time -f '%e s, %M KB' -o "$W/gen.time" \
        "$B/corpus/gen" --docs "$N" --seed 1 --samples "$S/corpus/samples" "$C"
    say "generated: $(cat "$W/gen.time")"
fi
[ -f "$W/files" ] || find "$C" -name '*.txt' | sort > "$W/files"
[ -f "$W/bytes" ] || tr '\n' '\0' < "$W/files" | xargs -0 cat | wc -c > "$W/bytes"
say "corpus: $(wc -l < "$W/files") files, $(cat "$W/bytes") bytes"

k=$(ls "$W"/index-*.time 2>/dev/null | wc -l)
say "indexing (run $((k + 1)))"
/usr/bin/time -f '%e s, %M KB' -o "$W/index-$k.time" \
    "$B/indexer/tracuu-index" -q --db "$DB" - < "$W/files"
say "indexed: $(cat "$W/index-$k.time"); all runs: $(cat "$W"/index-*.time |
    awk '{s += $1} END {print s}') s"
say "index: $(du -sbL "$DB" | cut -f1) bytes, docdata $(du -sbL "$DB/docdata.glass" | cut -f1)"

for budget in 100000 10000 exact; do
    if [ "$budget" = exact ]; then
        say "queries, exact counts"
        BENCH_VERBOSE=1 BENCH_COUNT_BUDGET=0 "$B/bench/bench-query" -n 3 tracuu "$DB" \
            "$S/bench/queries.tsv" 2>&1 | tee -a "$LOG"
    else
        say "queries, count budget $budget"
        BENCH_VERBOSE=1 BENCH_COUNT_BUDGET=$budget "$B/bench/bench-query" -n 3 tracuu "$DB" \
            "$S/bench/queries.tsv" 2>&1 | tee -a "$LOG"
    fi
done
say "where the time goes (bench/query-phases, count budget 100000)"
BENCH_COUNT_BUDGET=100000 "$B/bench/query-phases" -n 1 "$DB" "$S/bench/queries.tsv" 2>&1 |
    tee -a "$LOG"

#!/bin/sh
# t_concurrent — searchers in a loop while the indexer re-indexes and
# commits: no search fails, and every answer is a whole committed state.
# CONC_ROUNDS (default 5; check-long 30).
. "$top_srcdir/tests/tap.sh"
ROUNDS=${CONC_ROUNDS:-5}
PY=${PYTHON3:-python3}
"$top_builddir/corpus/gen" --docs 200 --seed 9 "$T/c" >/dev/null
rm "$T/c/manifest.tsv"
"$INDEX" -q --batch 20 --db "$T/db" "$T/c"; ok $? "initial index"
# the reader: searches until told to stop, recording each status and total
( while [ ! -f "$T/stop" ]; do
      "$SEARCH" --db "$T/db" --json --limit 3 'nam:2005..2025' > "$T/r.json" 2>"$T/r.err"
      rc=$?
      t=$("$PY" -c 'import json,sys; print(json.load(open(sys.argv[1]))["total"])' "$T/r.json" 2>/dev/null || echo bad)
      echo "$rc $t" >> "$T/reads"
  done ) &
reader=$!
r=0
while [ $r -lt "$ROUNDS" ]; do
    r=$((r + 1))
    # change every file: each round rewrites the whole index, batch by batch
    for f in $(find "$T/c" -name '*.txt'); do
        printf '\nround %s\n' "$r" >> "$f"
    done
    "$INDEX" -q --batch 20 --db "$T/db" "$T/c" || echo "index failed in round $r" >> "$T/fail"
done
touch "$T/stop"; wait $reader
[ ! -f "$T/fail" ]; ok $? "every indexing round succeeded"
reads=$(grep -c . "$T/reads")
[ "$reads" -ge 5 ]; ok $? "$reads searches ran during $ROUNDS indexing rounds"
bad=$(awk '$1 != 0 && $1 != 1' "$T/reads" | grep -c .)
is "$bad" "0" "no search failed"
# every document has a year, so every committed state answers 200
odd=$(awk '$2 != 200' "$T/reads" | grep -c .)
is "$odd" "0" "every answer counts the whole corpus (200), never a partial state"
done_testing

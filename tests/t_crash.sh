#!/bin/sh
# t_crash — SIGKILL tracuu-index at random moments; after each kill the
# database opens, passes xapian-check, answers searches, holds a committed
# state (a whole number of batches), and the next run converges to exactly
# the documents of a clean build.  CRASH_KILLS (default 10; check-long 50)
# is the number of kills that must land while indexing is under way: the
# kill times are drawn within the measured length of a clean build, a kill
# that came too late (the run had finished) is not counted, and rounds go
# on until enough kills have landed.  CRASH_DOCS (default 300).
. "$top_srcdir/tests/tap.sh"
KILLS=${CRASH_KILLS:-10}; DOCS=${CRASH_DOCS:-300}; BATCH=25
DUMP="$top_builddir/tests/rel_dump"
"$top_builddir/corpus/gen" --docs "$DOCS" --seed 5 "$T/c" >/dev/null
rm "$T/c/manifest.tsv"
t0=$(date +%s%N)
"$INDEX" -q --batch $BATCH --db "$T/clean" "$T/c"; ok $? "clean build"
clean_ms=$(( ($(date +%s%N) - t0) / 1000000 ))
"$DUMP" "$T/clean" | sort > "$T/clean.dump"
is "$(grep -c . "$T/clean.dump")" "$((DOCS + 1))" "clean build holds $DOCS documents"
echo "# clean build: $clean_ms ms"

seed=7
count() { "$DUMP" "$T/k" 2>/dev/null | head -n 1 | cut -d' ' -f2; }

# kill_at MAX_MS LABEL: one run on top of $T/k, killed after a random
# 20..MAX_MS ms, then the checks; counts the kill when it interrupted.
kill_at() {
    seed=$(( (seed * 1103515245 + 12345) % 2147483648 ))
    ms=$(( 20 + seed % ($1 > 21 ? $1 - 20 : 1) ))
    "$INDEX" -q --batch $BATCH --db "$T/k" "$T/c" 2>/dev/null &
    pid=$!
    sleep "$(awk "BEGIN{print $ms/1000}")"
    kill -9 $pid 2>/dev/null
    wait $pid 2>/dev/null
    kills=$((kills + 1))
    if [ ! -f "$T/k/iamglass" ]; then
        landed=$((landed + 1))
        ok 0 "$2 at $ms ms: killed before the first commit (no database yet)"
        return
    fi
    if [ -n "${XAPIAN_CHECK:-}" ]; then
        "$XAPIAN_CHECK" "$T/k" >/dev/null 2>&1; ok $? "$2 at $ms ms: xapian-check passes"
    fi
    n=$(count)
    [ -n "$n" ] && { [ $((n % BATCH)) -eq 0 ] || [ "$n" -eq "$DOCS" ]; }
    ok $? "$2 at $ms ms: $n documents, a committed state"
    "$SEARCH" --db "$T/k" dân >/dev/null 2>&1; rc=$?
    [ $rc -eq 0 ] || [ $rc -eq 1 ]; ok $? "$2: searches work (status $rc)"
    [ "$n" -lt "$DOCS" ] && landed=$((landed + 1))
}

kills=0; landed=0; round=0
while [ $landed -lt $KILLS ] && [ $round -lt $((KILLS * 3)) ]; do
    round=$((round + 1))
    rm -rf "$T/k"
    # a run from nothing killed, then a run resuming it killed in turn
    # (within the time the rest should take): kills land in every phase
    kill_at "$clean_ms" "round $round, first kill"
    n=$(count); n=${n:-0}
    kill_at $(( clean_ms * (DOCS - n) / DOCS )) "round $round, second kill"
    "$INDEX" -q --batch $BATCH --db "$T/k" "$T/c"; ok $? "round $round: the next run completes"
    "$DUMP" "$T/k" | sort > "$T/k.dump"
    cmp -s "$T/clean.dump" "$T/k.dump"; ok $? "round $round: same documents and metadata as the clean build"
done
[ $landed -ge $KILLS ]; ok $? "$landed of $kills kills landed while indexing was under way (wanted $KILLS)"
done_testing

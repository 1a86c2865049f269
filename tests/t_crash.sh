#!/bin/sh
# t_crash — SIGKILL tracuu-index at random moments; after each kill the
# database opens, passes xapian-check, answers searches, holds a committed
# state (a whole number of batches), and the next run converges to exactly
# the documents of a clean build.  CRASH_KILLS (default 10; check-long 50),
# CRASH_DOCS (default 300).
. "$top_srcdir/tests/tap.sh"
KILLS=${CRASH_KILLS:-10}; DOCS=${CRASH_DOCS:-300}; BATCH=25
DUMP="$top_builddir/tests/rel_dump"
"$top_builddir/corpus/gen" --docs "$DOCS" --seed 5 "$T/c" >/dev/null
rm "$T/c/manifest.tsv"
"$INDEX" -q --batch $BATCH --db "$T/clean" "$T/c"; ok $? "clean build"
"$DUMP" "$T/clean" | sort > "$T/clean.dump"
is "$(grep -c . "$T/clean.dump")" "$((DOCS + 1))" "clean build holds $DOCS documents"
i=0; seed=7
while [ $i -lt $KILLS ]; do
    i=$((i + 1))
    rm -rf "$T/k"
    # first a partial run killed at a random moment, then a second run,
    # also killed, on top of it: kills land in every phase
    for phase in 1 2; do
        seed=$(( (seed * 1103515245 + 12345) % 2147483648 ))
        ms=$(( 30 + seed % 1500 ))
        "$INDEX" -q --batch $BATCH --db "$T/k" "$T/c" 2>/dev/null &
        pid=$!
        sleep "$(awk "BEGIN{print $ms/1000}")"
        kill -9 $pid 2>/dev/null
        wait $pid 2>/dev/null
    done
    if [ -d "$T/k" ] && [ -f "$T/k/iamglass" ]; then
        if [ -n "${XAPIAN_CHECK:-}" ]; then
            "$XAPIAN_CHECK" "$T/k" >/dev/null 2>&1; ok $? "kill $i: xapian-check passes"
        fi
        n=$("$DUMP" "$T/k" | head -n 1 | cut -d' ' -f2)
        [ -n "$n" ] && { [ $((n % BATCH)) -eq 0 ] || [ "$n" -eq "$DOCS" ]; }
        ok $? "kill $i: $n documents, a committed state"
        "$SEARCH" --db "$T/k" dân >/dev/null 2>&1; rc=$?
        [ $rc -eq 0 ] || [ $rc -eq 1 ]; ok $? "kill $i: searches work (status $rc)"
    else
        ok 0 "kill $i: killed before the first commit (no database yet)"
    fi
    "$INDEX" -q --batch $BATCH --db "$T/k" "$T/c"; ok $? "kill $i: the next run completes"
    "$DUMP" "$T/k" | sort > "$T/k.dump"
    cmp -s "$T/clean.dump" "$T/k.dump"; ok $? "kill $i: same documents and metadata as the clean build"
done
done_testing

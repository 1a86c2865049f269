#!/bin/sh
# fuzz/run.sh — long fuzzing, one target at a time, in rounds, keeping a
# ledger of executions (issue 17: 10 million per target, over several
# runs if needed).  `make fuzz-run` calls it after `make fuzz`.
#
#   fuzz/run.sh [SECONDS_PER_TARGET [ROUNDS]]   (defaults 600 and 1)
#
# Each target runs from its growing corpus (fuzz/work/T) and its seeds
# (fuzz/corpus/T); a crash is written to fuzz/work/T-crash-* and the run
# goes on with the next target.  Every run appends "date target executions
# crashes exec/s" to fuzz/work/ledger.tsv; the totals per target, and the
# time each still needs for FUZZ_GOAL, are printed at the end
# (`fuzz/run.sh 0` prints them alone).  libFuzzer's own output goes to
# fuzz/work/T.log while it runs (progress: tail it).  FUZZ_NICE (default
# 19) keeps it out of the way of other work.  FUZZ_JOB=2 (any name) runs
# one more process on the same target and corpus, e.g. on a second core:
# libFuzzer reloads the corpus the other grows; its log is T-2.log, and its
# executions go to the ledger like any run's.  FUZZ_TO_GOAL=1 skips the
# targets whose ledger total has reached FUZZ_GOAL and stops each run at the
# executions still missing (libFuzzer's -runs), so that one core can work
# through a queue: FUZZ_TO_GOAL=1 FUZZ_TARGETS="tokenize qparse" run.sh 3600 9
SECS=${1:-600}
ROUNDS=${2:-1}
# 0 seconds would be libFuzzer's "no limit": it means "no run" here
[ "$SECS" -gt 0 ] || ROUNDS=0
TARGETS=${FUZZ_TARGETS:-"cite tokenize meta html qparse legacy rtf qs ooxml"}
# Run from the build directory (fuzz/bin, fuzz/work); seeds from the source.
S=$(cd "$(dirname "$0")/.." && pwd)
mkdir -p fuzz/work
L=fuzz/work/ledger.tsv
GOAL=${FUZZ_GOAL:-10000000}
# executions a target still needs for the goal, from the ledger
left() {
    awk -F'\t' -v t="$1" -v goal="$GOAL" '$2 == t {n += $3}
        END {print (goal > n ? goal - n : 0)}' "$L" 2>/dev/null || echo "$GOAL"
}
r=0
while [ "$r" -lt "$ROUNDS" ]; do
    for t in $TARGETS; do
        [ -x "fuzz/bin/fuzz_$t" ] || { echo "fuzz/bin/fuzz_$t missing: make fuzz" >&2; exit 1; }
        runs=
        if [ -n "${FUZZ_TO_GOAL:-}" ]; then
            k=$(left "$t")
            [ "$k" -gt 0 ] || continue
            runs=-runs=$k
        fi
        mkdir -p "fuzz/work/$t"
        log=fuzz/work/$t${FUZZ_JOB:+-$FUZZ_JOB}.log
        nice -n "${FUZZ_NICE:-19}" "fuzz/bin/fuzz_$t" -max_total_time="$SECS" $runs \
            -print_final_stats=1 -artifact_prefix="fuzz/work/$t-" \
            "fuzz/work/$t" "$S/fuzz/corpus/$t" > "$log" 2>&1
        out=$(cat "$log")
        n=$(printf '%s\n' "$out" | sed -n 's/^stat::number_of_executed_units: *//p')
        rate=$(printf '%s\n' "$out" | sed -n 's/^stat::average_exec_per_sec: *//p')
        # crashes, leaks, timeouts, out-of-memory; not libFuzzer's "slow
        # units" (an input over 10 s of wall time — a process stopped by a
        # signal or starved by the box writes them too), which are named on
        # stderr to be replayed by hand
        c=$(printf '%s\n' "$out" | grep -cE 'Test unit written to .*-(crash|leak|timeout|oom)-')
        printf '%s\n' "$out" | grep -E 'Test unit written to .*-slow-unit-' >&2 || true
        printf '%s\t%s\t%s\t%s\t%s\n' "$(date -u +%FT%TZ)" "$t" "${n:-0}" "$c" "${rate:-}" >> "$L"
        [ "$c" -eq 0 ] || printf '%s\n' "$out" | grep -E 'ERROR|SUMMARY|Test unit' >&2
    done
    r=$((r + 1))
done
# Totals, and the hours of one core each target still needs to reach
# FUZZ_GOAL executions (default 10 million) at the rate of its last run.
awk -F'\t' -v goal="$GOAL" '
    {n[$2]+=$3; c[$2]+=$4; if ($5 > 0) r[$2]=$5}
    END {for (t in n) {
        left = goal - n[t]
        if (left <= 0) w = "goal reached"
        else if (r[t] > 0) w = sprintf("%.1f h to the goal at %d/s", left / r[t] / 3600, r[t])
        else w = "rate unknown"
        printf "%-9s %12d executions, %d crashes, %s\n", t, n[t], c[t], w}}' "$L" | sort

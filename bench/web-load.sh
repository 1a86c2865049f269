#!/bin/sh
# bench/web-load.sh — tracuu-web under load: `make bench-web`, and the last
# lane of `make bench`.  Usage: web-load.sh BUILDDIR SRCDIR
#
# Indexes the generated corpus of bench/run.sh (bench-data/corpus-N, made
# when missing; the index bench-data/tracuu-N is reused when it is newer
# than tracuu-index), starts tracuu-web on an ephemeral loopback port, then
# runs bench/bench-web-load three times:
#   0. one client alone, each target of the mix once: latency without
#      queueing (and the warm-up);
#   1. the query mix: BENCH_WEB_CONNS keep-alive clients (default 50), each
#      sending exactly BENCH_WEB_REQS requests (default 40) cycling over the
#      queries of bench/queries.tsv, alternately the page /?q= and the API
#      /api/search?q=;
#   2. the HTTP ceiling: the same clients, 2,000 requests each, for the
#      static /static/style.css (no search behind it).
# Environment: BENCH_DOCS (10000), BENCH_WEB_CONNS, BENCH_WEB_REQS,
# BENCH_WEB_SECONDS (deadline of each run, default 150: requests still
# unanswered then count as errors).  Why 40 and not the issue's 2,000 per
# client by default: a search costs tens of milliseconds of CPU at 10,000
# documents, so 100,000 of them take most of an hour on two cores;
# BENCH_WEB_REQS=2000 runs the full figure.
# Exits 1 when any request failed (non-200, incomplete, socket error).
set -eu
B=$1; S=$2
N=${BENCH_DOCS:-10000}
CONNS=${BENCH_WEB_CONNS:-50}; REQS=${BENCH_WEB_REQS:-40}
SECS=${BENCH_WEB_SECONDS:-150}
W="$B/bench-data"; C="$W/corpus-$N"; DB="$W/tracuu-$N"
LOAD="$B/bench/bench-web-load"
mkdir -p "$W"
say() { printf '%s\n' "$*"; }

if [ ! -f "$C/manifest.tsv" ]; then
    say "generating $N documents into $C"
    rm -rf "$C"
    "$B/corpus/gen" --docs "$N" --seed 1 --samples "$S/corpus/samples" "$C"
fi
if [ ! "$DB/iamglass" -nt "$B/indexer/tracuu-index" ]; then
    say "indexing $N documents into $DB"
    rm -rf "$DB"
    find "$C" -name '*.txt' | sort | "$B/indexer/tracuu-index" -q --db "$DB" -
fi

say "== tracuu-web under load ($N documents)"
rc=0
LOG="$W/web-load.log"
: > "$LOG"
"$B/web/tracuu-web" --db "$DB" --listen 127.0.0.1:0 --quiet 2>"$LOG" &
PID=$!
trap 'kill "$PID" 2>/dev/null || :' EXIT
URL=""
i=0
while [ -z "$URL" ] && [ $i -lt 100 ] && kill -0 "$PID" 2>/dev/null; do
    sleep 0.1
    URL=$(sed -n 's|^tracuu-web: serving .* on \(http://.*/\)$|\1|p' "$LOG")
    i=$((i + 1))
done
if [ -z "$URL" ]; then
    say "tracuu-web did not start:"; cat "$LOG"
    exit 1
fi

# One client alone, every target once: the latency without queueing (and
# the warm-up: each worker opens the index, the page cache fills).
say "-- one client alone: each of the mix's targets once"
"$LOAD" -c 1 -n "$(grep -c '^[^#	]' "$S/bench/queries.tsv" | awk '{print 2 * $1}')" \
    -d "$SECS" -P "$PID" -q "$S/bench/queries.tsv" "$URL" | tee "$W/web-one" || :
grep -q ' errors 0 ' "$W/web-one" || rc=1

say "-- query mix: $CONNS clients x $REQS requests, page and API alternately"
"$LOAD" -c "$CONNS" -n "$REQS" -d "$SECS" -P "$PID" -q "$S/bench/queries.tsv" "$URL" |
    tee "$W/web-mix" || :
grep -q ' errors 0 ' "$W/web-mix" || rc=1

say "-- HTTP ceiling: $CONNS clients x 2000 requests of /static/style.css"
"$LOAD" -c "$CONNS" -n 2000 -d "$SECS" -P "$PID" -t /static/style.css "$URL" |
    tee "$W/web-static" || :
grep -q ' errors 0 ' "$W/web-static" || rc=1

kill -TERM "$PID"
wait "$PID" || :
trap - EXIT
say "($(date -u +%Y-%m-%d), $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg))"
exit $rc

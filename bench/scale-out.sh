#!/bin/sh
# bench/scale-out.sh — query latency of one database against 2 and 4
# shards, local and remote (xapian-tcpsrv on loopback), same documents,
# same query mix (bench/queries.tsv), warm, through bench-query.
#
#   bench/scale-out.sh S4DIR WORKDIR [RUNS]
#
# S4DIR is an index made with `tracuu-index --shards 4`.  The 2-shard and
# 1-database layouts are made from it with xapian-compact (the documents
# are the same; only where they live changes), in WORKDIR.  Prints one
# line per layout: p50/p95/p99 in ms as bench-query reports them.
set -e
S4=$(cd "$1" && pwd); W=$2; RUNS=${3:-3}
top=$(cd "$(dirname "$0")/.." && pwd)
BQ="$top/bench/bench-query"; Q="$top/bench/queries.tsv"
mkdir -p "$W"; W=$(cd "$W" && pwd)
[ -d "$W/one" ] || xapian-compact -q "$S4"/shard-00 "$S4"/shard-01 "$S4"/shard-02 "$S4"/shard-03 "$W/one" >/dev/null
[ -d "$W/two-a" ] || xapian-compact -q "$S4"/shard-00 "$S4"/shard-01 "$W/two-a" >/dev/null
[ -d "$W/two-b" ] || xapian-compact -q "$S4"/shard-02 "$S4"/shard-03 "$W/two-b" >/dev/null
printf 'auto two-a\nauto two-b\n' > "$W/two.stub"

PIDS=""
trap 'for p in $PIDS; do kill "$p" 2>/dev/null; done' EXIT
port=47300
serve() {   # serve DIR: a xapian-tcpsrv in its own session (it kills its group on TERM)
    port=$((port + 1))
    setsid xapian-tcpsrv --quiet --interface 127.0.0.1 --port "$port" "$1" </dev/null >/dev/null 2>&1 &
    PIDS="$PIDS $!"
    i=0
    until python3 -c "import socket; socket.create_connection(('127.0.0.1', $port), 0.2).close()" 2>/dev/null; do
        i=$((i + 1)); [ $i -lt 100 ] || { echo "xapian-tcpsrv on $port did not start" >&2; exit 1; }
        sleep 0.1
    done
    echo "remote 127.0.0.1:$port"
}
serve "$W/one" > "$W/r1.stub"
{ serve "$W/two-a"; serve "$W/two-b"; } > "$W/r2.stub"
{ for s in "$S4"/shard-0[0-3]; do serve "$s"; done; } > "$W/r4.stub"

run() {   # run NAME DB
    "$BQ" -n "$RUNS" tracuu "$2" "$Q" >/dev/null 2>&1   # warm the cache
    printf '%-22s %s\n' "$1" "$("$BQ" -n "$RUNS" tracuu "$2" "$Q" 2>&1 | tail -1)"
}
run "1 database, local" "$W/one"
run "2 shards, local" "$W/two.stub"
run "4 shards, local" "$S4"
run "1 database, remote" "$W/r1.stub"
run "2 shards, remote" "$W/r2.stub"
run "4 shards, remote" "$W/r4.stub"

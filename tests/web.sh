# web.sh — starting and stopping tracuu-web in shell tests (sourced after
# tap.sh).  Every server listens on an ephemeral loopback port and is
# killed when the test exits, whatever happens.
WEB="$top_builddir/web/tracuu-web"
DB="$T/db"
PIDS=""
trap 'for p in $PIDS; do kill -9 "$p" 2>/dev/null; done; chmod -R u+rwx "$T" 2>/dev/null; rm -rf "$T"' EXIT

# start NAME ARGS...: runs tracuu-web in the background, waits (bounded)
# for its "serving" line; sets PID, URL and PORT; the log is $T/NAME.log.
start() {
    name=$1; shift
    : > "$T/$name.log"
    "$WEB" --db "$DB" "$@" 2>"$T/$name.log" &
    PID=$!
    PIDS="$PIDS $PID"
    URL=""
    i=0
    while [ $i -lt 100 ]; do
        URL=$(sed -n 's|^tracuu-web: serving .* on \(http[s]*://.*/\)$|\1|p' "$T/$name.log")
        if [ -n "$URL" ]; then
            PORT=${URL##*:}; PORT=${PORT%/}
            return 0
        fi
        kill -0 "$PID" 2>/dev/null || break
        sleep 0.1
        i=$((i + 1))
    done
    echo "# server $name did not start:"; sed 's/^/#   /' "$T/$name.log"
    return 1
}
# stop: SIGTERM and the exit status, waiting at most 10 s.
stop() {
    kill -TERM "$PID" 2>/dev/null
    i=0
    while kill -0 "$PID" 2>/dev/null && [ $i -lt 100 ]; do sleep 0.1; i=$((i + 1)); done
    wait "$PID"
}
code() { curl -s -o /dev/null -w '%{http_code}' "$@"; }

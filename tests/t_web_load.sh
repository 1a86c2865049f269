#!/bin/sh
# tracuu-web under a small load (the quick version of bench/web-load.sh):
# 10 keep-alive clients x 50 requests over the benchmark's query mix, page
# and API alternately, on the sample corpus.  Asserts counts, never speed:
# no error, every answer complete and valid (bench-web-load checks status,
# framing and the end of each body), half of them pages and half API
# answers, and the server's access log holding exactly those requests.
# Runs against a missing path and a fake server that cuts its answers
# short check that the client does count failures.
. "$top_srcdir/tests/tap.sh"
. "$top_srcdir/tests/web.sh"

LOAD="$top_builddir/bench/bench-web-load"
QUERIES="$top_srcdir/bench/queries.tsv"

"$INDEX" -q --db "$DB" "$SAMPLES" 2>/dev/null
is "$?" 0 "sample corpus indexed"

start main --listen 127.0.0.1:0
ok $? "server starts"

"$LOAD" -c 10 -n 50 -d 120 -q "$QUERIES" "$URL" > "$T/load.out" 2>&1
is "$?" 0 "the load client exits 0 (no failed request)"
out=$(cat "$T/load.out")
contains "$out" "requests 500 ok 500 errors 0 (" "500 requests, 500 valid answers, 0 errors"
contains "$out" "non-200 0, incomplete 0, socket 0, unanswered at the deadline 0" "no failure of any kind"
contains "$out" "reconnects 0" "keep-alive held: no connection was reopened"
contains "$out" "connections 10 x 50 requests" "10 clients x 50 requests each"
contains "$(grep '^page ' "$T/load.out")" "page          250 " "250 answers were search pages"
contains "$(grep '^api ' "$T/load.out")" "api           250 " "250 answers were API searches"

# The server saw exactly those requests, all answered 200.
n200=$(grep -c '"GET /[^ ]*q=[^ ]*" 200 ' "$T/main.log")
is "$n200" 500 "the access log has 500 searches answered 200"
nother=$(grep -c '" [0-9][0-9][0-9] ' "$T/main.log")
is "$nother" 500 "and no other request"
is "$(curl -s "${URL}api/ping")" '{"ok":true}' "the server still answers after the load"

# The client is not blind: a 404 is an error, counted as such.
"$LOAD" -c 2 -n 5 -d 60 -t /nope "$URL" > "$T/bad.out" 2>&1
is "$?" 1 "the client exits 1 when requests fail"
contains "$(cat "$T/bad.out")" "requests 10 ok 0 errors 10 (non-200 10," "10 answers of 404 are 10 errors"

stop
is "$?" 0 "the server stops cleanly"

# ... and an answer cut short is an error too: a fake server sends a
# shorter body than its Content-Length and closes, then (second mode) a
# JSON body that stops half-way with a matching length.
PY=${PYTHON3:-python3}
if command -v "$PY" >/dev/null 2>&1; then
    cat > "$T/fake.py" <<'PYEOF'
import socket, sys, threading
mode = sys.argv[1]
s = socket.socket(); s.bind(("127.0.0.1", 0)); s.listen(16)
print(s.getsockname()[1], flush=True)
def serve(c):
    try:
        while True:
            d = b""
            while b"\r\n\r\n" not in d:
                b = c.recv(4096)
                if not b:
                    return
                d += b
            if mode == "short":
                c.sendall(b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n"
                          b"Content-Length: 100\r\n\r\n<html>cut")
                return
            body = b'{"total": 3, "hits": ['
            c.sendall(b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n"
                      b"Content-Length: %d\r\n\r\n" % len(body) + body)
    except OSError:
        pass
    finally:
        c.close()
while True:
    c, _ = s.accept()
    threading.Thread(target=serve, args=(c,), daemon=True).start()
PYEOF
    for mode in short json; do
        : > "$T/fake.$mode"
        "$PY" "$T/fake.py" $mode > "$T/fake.$mode" 2>/dev/null &
        fpid=$!
        PIDS="$PIDS $fpid"
        i=0
        while [ ! -s "$T/fake.$mode" ] && [ $i -lt 100 ]; do sleep 0.1; i=$((i + 1)); done
        "$LOAD" -c 2 -n 5 -d 60 -t /x "http://127.0.0.1:$(cat "$T/fake.$mode")/" \
            > "$T/fake.out" 2>&1
        contains "$(cat "$T/fake.out")" "requests 10 ok 0 errors 10 (non-200 0, incomplete 10," \
            "answers cut short ($mode) are counted as incomplete"
        kill "$fpid" 2>/dev/null
    done
else
    skip "no python3 for the fake server"
    skip "no python3 for the fake server"
fi
done_testing

#!/bin/sh
# tracuu-web over real sockets: status codes, security headers, limits
# (long URLs, too many arguments, methods), HEAD, keep-alive, CORS, the
# access log, Basic auth with --add-user, TLS, slow clients that must not
# starve a normal one, the per-IP cap, the idle timeout, exit statuses.
# Every server listens on an ephemeral loopback port and is killed on exit.
. "$top_srcdir/tests/tap.sh"

. "$top_srcdir/tests/web.sh"

PY=${PYTHON3:-python3}

"$INDEX" -q --db "$DB" "$SAMPLES" 2>/dev/null
is "$?" 0 "sample corpus indexed"

# --- basics ---
start main --listen 127.0.0.1:0 --timeout 2
ok $? "starts on an ephemeral port"
contains "$URL" "http://127.0.0.1:" "the serving line names the address"
is "$(code "$URL")" 200 "GET / is 200"
is "$(curl -s "${URL}api/ping")" '{"ok":true}' "/api/ping answers JSON"
is "$(code "${URL}nope")" 404 "unknown path is 404"
H=$(curl -s -D - -o /dev/null "$URL" | tr -d '\r')
contains "$H" "Content-Security-Policy: default-src 'none'; style-src 'self'; script-src 'self'; img-src 'self' data:; form-action 'self'; frame-ancestors 'none'; base-uri 'none'" "CSP header"
contains "$H" "X-Content-Type-Options: nosniff" "nosniff header"
contains "$H" "Referrer-Policy: same-origin" "Referrer-Policy header"
contains "$H" "X-Frame-Options: DENY" "X-Frame-Options header"
contains "$H" "Cache-Control: no-store" "Cache-Control: no-store"
lacks "$H" "Access-Control" "no CORS header without --cors"
H=$(curl -s -D - -o /dev/null "${URL}nope" | tr -d '\r')
contains "$H" "X-Frame-Options: DENY" "security headers on a 404 too"
H=$(curl -s -D - -X POST -d x=1 "$URL" | tr -d '\r')
contains "$H" "HTTP/1.1 405" "POST is 405"
contains "$H" "Allow: GET, HEAD" "405 says Allow: GET, HEAD"
contains "$H" "X-Content-Type-Options: nosniff" "security headers on a 405 too"
is "$(code -X DELETE "$URL")" 405 "DELETE is 405"
long=$(head -c 5000 /dev/zero | tr '\0' a)
is "$(code "$URL$long")" 414 "a 5000-byte URL is 414"
long=$(head -c 60000 /dev/zero | tr '\0' a)
is "$(code "$URL?q=$long")" 414 "a 60000-byte URL is 414 (past the memory limit)"
q64=$(i=0; while [ $i -lt 64 ]; do printf 'a=%d&' $i; i=$((i + 1)); done)
is "$(code "$URL?${q64}")" 200 "64 query arguments pass"
is "$(code "$URL?${q64}z=1")" 400 "65 query arguments are 400"
is "$(curl -s "${URL}api/ping?q=%00&x=%zz+1")" '{"ok":true}' "odd escapes in the query are harmless"

# HEAD: headers with the GET's Content-Length, then nothing
"$PY" - "$PORT" > "$T/head.out" <<'PYEOF'
import socket, sys
s = socket.create_connection(("127.0.0.1", int(sys.argv[1])), timeout=5)
s.sendall(b"HEAD / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
data = b""
while True:
    b = s.recv(65536)
    if not b:
        break
    data += b
head, _, body = data.partition(b"\r\n\r\n")
print("status", head.split(b"\r\n")[0].decode())
print("length", [l for l in head.split(b"\r\n") if l.lower().startswith(b"content-length")])
print("body", len(body))
PYEOF
out=$(cat "$T/head.out")
contains "$out" "status HTTP/1.1 200" "HEAD / is 200"
contains "$out" "body 0" "HEAD has no body"
glen=$(curl -s "$URL" | wc -c)
contains "$out" "Content-Length: $glen'" "HEAD keeps the GET's Content-Length ($glen)"

v=$(curl -sv "$URL" "${URL}api/ping" 2>&1 >/dev/null)
contains "$v" "Re-using existing connection" "keep-alive: the second request reuses the connection"
contains "$(cat "$T/main.log")" '127.0.0.1 - - [' "access log: client and user fields"
contains "$(cat "$T/main.log")" '"GET /api/ping?q=%00&x=%zz+1" 200 12 ' "access log: target with query, status, bytes"

# --- slow clients: 200 half-sent requests from four addresses (under the
# per-IP cap) must not stop a normal client; the per-IP cap closes the
# 65th and later connections of one address; the idle timeout (2 s here)
# closes a client that stops half-way.
"$PY" - "$PORT" "$URL" > "$T/slow.out" 2>&1 <<'PYEOF'
import socket, subprocess, sys, time, select
port, url = int(sys.argv[1]), sys.argv[2]
def half(src):
    s = socket.socket()
    s.bind((src, 0))
    s.connect(("127.0.0.1", port))
    s.sendall(b"GET / HT")
    return s
held = [half("127.0.0.%d" % (2 + i // 50)) for i in range(200)]
t0 = time.time()
r = subprocess.run(["curl", "-s", "-o", "/dev/null", "-w", "%{http_code}", "--max-time", "5", url],
                   capture_output=True, text=True)
print("normal", r.stdout, "%.2f" % (time.time() - t0))
# all 200 still open (none refused, none timed out yet)
time.sleep(0.3)
readable, _, _ = select.select(held, [], [], 0)
print("closed_early", len(readable))
# per-IP cap: 70 from one address, those past 64 are closed at once
many = []
for i in range(70):
    s = socket.socket(); s.bind(("127.0.0.6", 0)); s.connect(("127.0.0.1", port)); many.append(s)
deadline = time.time() + 3
closed = set()
while time.time() < deadline and len(closed) < 6:
    rd, _, _ = select.select([m for m in many if m not in closed], [], [], 0.2)
    for m in rd:
        try:
            if m.recv(1) == b"":
                closed.add(m)
        except OSError:
            closed.add(m)
print("per_ip_closed", len(closed))
# idle timeout: the held ones are closed by the server within ~2 s + slack
t0 = time.time()
gone = 0
while time.time() - t0 < 8 and held:
    rd, _, _ = select.select(held, [], [], 0.5)
    for m in rd:
        held.remove(m)
        gone += 1
print("timed_out", gone, "%.1f" % (time.time() - t0))
PYEOF
out=$(cat "$T/slow.out")
sed 's/^/# /' "$T/slow.out"
contains "$out" "normal 200" "with 200 slow clients held open, a normal GET / gets 200"
normal_s=$(sed -n 's/^normal 200 //p' "$T/slow.out")
ok "$(awk -v s="${normal_s:-99}" 'BEGIN { exit !(s < 2) }'; echo $?)" "…within 2 s (took ${normal_s:-?} s)"
contains "$out" "closed_early 0" "the 200 slow clients were all accepted and held"
n=$(sed -n 's/^per_ip_closed //p' "$T/slow.out")
ok "$([ "${n:-0}" -ge 6 ]; echo $?)" "per-IP cap: 70 connections from one address, $n closed"
contains "$out" "timed_out 200 " "the idle timeout closes all 200 half-sent requests"
stop
is "$?" 0 "SIGTERM: exit 0"
contains "$(cat "$T/main.log")" "tracuu-web: stopped (SIGTERM)" "SIGTERM: says it stopped"

# --- CORS ---
start cors --listen 127.0.0.1:0 --cors https://intranet.example
H=$(curl -s -D - -o /dev/null "${URL}api/ping" | tr -d '\r')
contains "$H" "Access-Control-Allow-Origin: https://intranet.example" "--cors: /api/ gets the origin"
H=$(curl -s -D - -o /dev/null "$URL" | tr -d '\r')
lacks "$H" "Access-Control" "--cors: pages get no CORS header"
kill -INT "$PID"; wait "$PID"
is "$?" 0 "SIGINT: exit 0"

# --- users and Basic auth ---
U="$T/users"
printf 'correct horse\n' | "$WEB" --add-user "$U" alice 2>/dev/null
is "$?" 0 "--add-user alice (password from stdin)"
printf 'other\n' | "$WEB" --add-user "$U" bob 2>/dev/null
printf 'battery staple\n' | "$WEB" --add-user "$U" alice 2>/dev/null
is "$(stat -c %a "$U")" 600 "users file is mode 0600"
is "$(grep -c '^alice:\$y\$' "$U")" 1 "alice: one line, a yescrypt hash (replaced, not added)"
is "$(grep -c '^bob:' "$U")" 1 "bob kept"
# the deployment guide's chown root:tracuu + chmod 640 survive the next
# --add-user (else the service can no longer read the file)
cp "$U" "$T/users2" && chmod 640 "$T/users2"
if [ "$(id -u)" = 0 ]; then chgrp daemon "$T/users2"; fi
printf 'pw\n' | "$WEB" --add-user "$T/users2" dave 2>/dev/null
is "$(stat -c %a "$T/users2")" 640 "--add-user keeps an existing file's mode"
if [ "$(id -u)" = 0 ]; then
    is "$(stat -c %G "$T/users2")" daemon "…and its group"
else
    skip "not root: --add-user keeping the file's group"
fi
printf '' | "$WEB" --add-user "$U" carol 2>/dev/null
is "$?" 2 "--add-user with no password: exit 2"
printf 'x\n' | "$WEB" --add-user "$U" 'bad:name' 2>/dev/null
is "$?" 2 "--add-user with ':' in the name: exit 2"
start auth --listen 127.0.0.1:0 --users "$U"
H=$(curl -s -D - -o /dev/null "$URL" | tr -d '\r')
contains "$H" "HTTP/1.1 401" "no credentials: 401"
contains "$H" 'WWW-Authenticate: Basic realm="tracuu", charset="UTF-8"' "401 asks for Basic auth"
contains "$H" "X-Frame-Options: DENY" "security headers on a 401"
is "$(code "${URL}api/ping")" 401 "auth on every path"
is "$(code -u alice:'correct horse' "$URL")" 401 "the old password: 401"
is "$(code -u nobody:'battery staple' "$URL")" 401 "unknown user: 401"
is "$(code -u alice:'battery staple' "$URL")" 200 "right password: 200"
is "$(code -u bob:other "${URL}api/ping")" 200 "second user: 200"
contains "$(cat "$T/auth.log")" "127.0.0.1 - alice [" "access log names the user"
lacks "$(cat "$T/auth.log")" "warning" "no clear-text warning on loopback"
stop
start warn --listen 0.0.0.0:0 --users "$U"
contains "$(cat "$T/warn.log")" "warning: --users without --tls-cert" "clear-text password warning on a network address"
stop
printf '# staff\n\nalice:$y$j9T$abc$def\nbroken line\n' > "$T/bad-users"
"$WEB" --db "$DB" --users "$T/bad-users" 2>"$T/err"
is "$?" 2 "malformed users file: exit 2"
contains "$(cat "$T/err")" "$T/bad-users:4:" "the error names file:line"

# --- TLS ---
if command -v openssl >/dev/null 2>&1 &&
   openssl req -x509 -newkey rsa:2048 -nodes -keyout "$T/key.pem" -out "$T/cert.pem" \
       -days 2 -subj /CN=localhost -addext subjectAltName=IP:127.0.0.1 >/dev/null 2>&1; then
    start tls --listen 127.0.0.1:0 --tls-cert "$T/cert.pem" --tls-key "$T/key.pem" --users "$U"
    contains "$URL" "https://127.0.0.1:" "TLS: the serving line says https"
    is "$(code --cacert "$T/cert.pem" -u bob:other "${URL}api/ping")" 200 "TLS: GET over https with auth is 200"
    is "$(code --cacert "$T/cert.pem" "${URL}api/ping")" 401 "TLS: auth still required"
    plain=$(echo "$URL" | sed 's/^https/http/')
    ok "$([ "$(code --max-time 5 "$plain")" != 200 ]; echo $?)" "TLS: plain HTTP gets no page"
    stop
    "$WEB" --db "$DB" --tls-cert "$T/cert.pem" 2>"$T/err"
    is "$?" 2 "--tls-cert without --tls-key: exit 2"
    "$WEB" --db "$DB" --tls-cert "$T/nope.pem" --tls-key "$T/key.pem" 2>"$T/err"
    is "$?" 2 "missing certificate file: exit 2"
else
    skip "TLS: openssl cannot make a certificate here"
fi

# --- reopen after an indexer commit ---
# Reopening after the indexer commits is tested through the pages: t_web.sh.
# readers open lazily, per thread: an index gone after start gives 503,
# and one built again at the same place is picked up without a restart
cp -r "$DB" "$T/db2"
DB0=$DB; DB="$T/db2"
start gone --listen 127.0.0.1:0 --threads 1
DB=$DB0
rm -rf "$T/db2"
H=$(curl -s -D - "$URL" | tr -d '\r')
contains "$H" "HTTP/1.1 503" "index removed after start: 503"
contains "$H" "X-Frame-Options: DENY" "security headers on a 503"
contains "$(cat "$T/gone.log")" "cannot open the index" "the 503 is explained in the log"
"$INDEX" -q --db "$T/db2" "$SAMPLES" 2>/dev/null
is "$(code "$URL")" 200 "index built again: 200 without a restart"
stop

# --- start-up errors ---
"$WEB" --db "$T/none" 2>"$T/err"
is "$?" 3 "no index: exit 3"
contains "$(cat "$T/err")" "no index here" "no index: says so"
"$WEB" --db "$DB" --listen nonsense 2>/dev/null
is "$?" 2 "bad --listen: exit 2"
"$WEB" --db "$DB" --bogus 2>/dev/null
is "$?" 2 "unknown option: exit 2"
start v6 --listen '[::1]:0'
if [ -n "$URL" ]; then
    contains "$URL" "http://[::1]:" "IPv6 listen address"
    is "$(code "$URL")" 200 "GET over IPv6"
    stop
else
    skip "no IPv6 loopback here"; skip "no IPv6 loopback here"
fi
done_testing

#!/bin/sh
# t_shards — a sharded index answers exactly as one database does.
#
# The same generated corpus is indexed into one database and into 3
# shards (tracuu-index --shards 3); the shards are then searched locally
# (the stub directory) and remotely (a stub of `remote 127.0.0.1:PORT`
# lines, each shard served by its own xapian-tcpsrv on a loopback port
# that this test starts and stops).  Every answer — hits in order with
# scores and snippets, totals, facets, --by-year, --show, --refs,
# --top-cited — must be identical apart from docids, which differ by
# construction.  Then: a stopped shard (an error naming it, exit 3; with
# --allow-partial the answer of the others, flagged), a shard that hangs
# (--shard-timeout), incremental re-indexing of a changed, a moved and a
# deleted file across shards, and growing to 4 shards with --rebalance.
. "$top_srcdir/tests/tap.sh"

PY=${PYTHON3:-python3}
GEN="$top_builddir/corpus/gen"
TCPSRV=${XAPIAN_TCPSRV:-$(command -v xapian-tcpsrv)}
if [ -z "$TCPSRV" ]; then
    echo "1..0 # SKIP xapian-tcpsrv not found (install the Debian package xapian-tools)"
    exit 0
fi

PIDS=""
cleanup() {
    for p in $PIDS; do kill -CONT "$p" 2>/dev/null; kill "$p" 2>/dev/null; done
    chmod -R u+rwx "$T" 2>/dev/null
    rm -rf "$T"
}
trap cleanup EXIT

# A free loopback port (the kernel's choice; the server binds it next).
free_port() {
    "$PY" -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}
# Waits (at most 10 s) until something answers on the port.
wait_port() {
    "$PY" - "$1" <<'EOF'
import socket, sys, time
end = time.time() + 10
while time.time() < end:
    try:
        socket.create_connection(("127.0.0.1", int(sys.argv[1])), 0.2).close()
        sys.exit(0)
    except OSError:
        time.sleep(0.05)
sys.exit(1)
EOF
}
# serve SHARD_DIR VAR: starts xapian-tcpsrv on a free port; VAR=port, VAR_pid=pid
serve() {
    port=$(free_port)
    # Its own session: on SIGTERM xapian-tcpsrv kills its whole process
    # group, which would otherwise be this test and make.
    setsid "$TCPSRV" --quiet --interface 127.0.0.1 --port "$port" "$1" \
        >"$T/tcpsrv.$port.log" 2>&1 </dev/null &
    pid=$!
    PIDS="$PIDS $pid"
    eval "$2=$port; ${2}_pid=$pid"
    wait_port "$port"
}

# --- the corpus, one database and 3 shards ---
"$GEN" --docs 240 --seed 16 "$T/c" >/dev/null
rm -f "$T/c/manifest.tsv"
"$INDEX" -q --db "$T/one" "$T/c" 2>"$T/err"
is "$?" 0 "corpus indexed into one database"
"$INDEX" -q --db "$T/sh" --shards 3 "$T/c" 2>"$T/err"
is "$?" 0 "corpus indexed into 3 shards"
is "$(grep -c '^auto shard-0[012]$' "$T/sh/XAPIANDB")" 3 "the stub DIR/XAPIANDB lists shard-00..02"

# Documents per shard, and the total of the combined index (xapian-delve
# reads the stub directory natively: the layout is Xapian's own).
counts() {
    for s in "$1"/shard-*; do
        xapian-delve "$s" 2>/dev/null | sed -n 's/^number of documents = //p'
    done | tr '\n' ' '
}
total_of() { xapian-delve "$1" 2>/dev/null | sed -n 's/^number of documents = //p'; }
c3=$(counts "$T/sh")
is "$(total_of "$T/sh")" 240 "the stub directory holds all 240 documents ($c3)"
empty=0; for n in $c3; do [ "$n" -gt 40 ] || empty=1; done
is "$empty" 0 "every shard got a fair share (more than 40 of 240)"

# --- remote shards ---
serve "$T/sh/shard-00" P0
serve "$T/sh/shard-01" P1
serve "$T/sh/shard-02" P2
printf '# three shards on loopback\nremote 127.0.0.1:%s\nremote 127.0.0.1:%s\nremote 127.0.0.1:%s\n' \
    "$P0" "$P1" "$P2" > "$T/remote.stub"
# A stub file (not a directory) mixing a local and remote shards.
printf 'auto sh/shard-00\nremote 127.0.0.1:%s\nremote 127.0.0.1:%s\n' "$P1" "$P2" > "$T/mixed.stub"

# compare DB_A DB_B: runs the query set over both, prints the differences.
cat > "$T/compare.py" <<'EOF'
import json, subprocess, sys
search, a, b, queries = sys.argv[1:5]
def run(db, args):
    p = subprocess.run([search, "--db", db, "--json"] + args, capture_output=True)
    out = p.stdout.decode("utf-8", "replace")
    if not out.strip():
        return (p.returncode, p.stderr.decode("utf-8", "replace").split(": ", 1)[-1])
    def clean(x):
        if isinstance(x, dict):
            return {k: clean(v) for k, v in x.items() if k not in ("docid", "elapsed_ms")}
        if isinstance(x, list):
            return [clean(v) for v in x]
        return x
    return (p.returncode, ties(clean(json.loads(out)), "--sort" in args))
# Documents that tie (same score and date; same date when sorted by date)
# come in docid order, and docids differ between layouts: within a tie
# group the order is not compared, only the documents; a group cut by the
# window's edge is compared by its key and size only (docs/scale-out.md).
ntied = 0
def ties(d, by_date):
    global ntied
    hs = d.get("hits")
    if not hs:
        return d
    key = lambda h: h.get("date") if by_date else (h["score"], h.get("date"))
    out, i, n = [], 0, len(hs)
    while i < n:
        j = i
        while j < n and key(hs[j]) == key(hs[i]):
            j += 1
        if j - i == 1:
            out.append(hs[i])
        else:
            ntied += 1
            cut = (i == 0 and d["offset"] > 0) or (j == n and d["offset"] + n < d["total"])
            strip = [json.dumps({k: v for k, v in h.items() if k != "rank"}, sort_keys=True)
                     for h in hs[i:j]]
            out.append(("cut", key(hs[i]), j - i) if cut else sorted(strip))
        i = j
    d["hits"] = out
    return d
cases = []
for q in [l.rstrip("\n") for l in open(queries, encoding="utf-8") if l.strip()]:
    cases += [[q], ["--limit", "25", q], ["--sort", "-date", "--offset", "5", q],
              ["--by-year", "--limit", "0", q], ["--top-cited", q]]
n = bad = 0
for c in cases:
    n += 1
    x, y = run(a, c), run(b, c)
    if x != y:
        bad += 1
        if bad <= 3:
            print("#   differs:", c, str(x)[:300], "|", str(y)[:300])
print("# tie groups:", ntied // 2)
print("compared", n, "differ", bad)
EOF
cat > "$T/queries" <<'EOF'
dân vận
dan van
"giải phóng mặt bằng"
giai phong mat bang
tôn giáo
an sinh xã hội -việc
"Mặt trận Tổ quốc" OR đoàn kết
khiếu nại tố cáo nam:2015..2020
loai:bao-cao
tinh:ha-noi
coquan:"ban dân vận tỉnh ủy" đoàn kết
trich:43-CT/TW
quy chế dân chủ
EOF
# Documents for --show and numbers for --refs, picked from the corpus.
"$SEARCH" --db "$T/one" --json --limit 200 'trich:43-CT/TW OR dân vận' | "$PY" -c '
import json, sys
d = json.load(sys.stdin)
hs = d["hits"]
for h in hs[:4]: print("SHOW\t" + h["path"])
for h in [h for h in hs if h.get("number")][:3]: print("SHOW\t" + h["number"]); print("REFS\t" + h["number"])
for c in sorted({c for h in hs for c in h.get("cites", [])})[:3]: print("REFS\t" + c)' > "$T/views"
cat > "$T/views.py" <<'EOF'
import json, subprocess, sys
search, a, b, views = sys.argv[1:5]
def run(db, args):
    p = subprocess.run([search, "--db", db, "--json"] + args, capture_output=True)
    d = json.loads(p.stdout or b"null")
    def clean(x):
        if isinstance(x, dict):
            return {k: clean(v) for k, v in x.items() if k != "docid"}
        if isinstance(x, list):
            return [clean(v) for v in x]
        return x
    return (p.returncode, clean(d))
n = bad = 0
for line in open(views, encoding="utf-8"):
    kind, arg = line.rstrip("\n").split("\t")
    c = ["--show", arg] if kind == "SHOW" else ["--refs", arg]
    n += 1
    x, y = run(a, c), run(b, c)
    if x != y or x[0] != 0 or not x[1]:
        bad += 1
        print("#   differs:", c, str(x)[:200], "|", str(y)[:200])
print("compared", n, "differ", bad)
EOF
cmp_all() {   # cmp_all DB_B NAME
    r=$("$PY" "$T/compare.py" "$SEARCH" "$T/one" "$1" "$T/queries")
    n=$(printf '%s\n' "$r" | sed -n 's/^compared \([0-9]*\) differ.*/\1/p')
    printf '%s\n' "$r" | grep '^#'
    is "$(printf '%s\n' "$r" | tail -1)" "compared $n differ 0" \
        "$2: $n searches (hits, scores, snippets, totals, facets, by-year, top-cited) as one database"
    r=$("$PY" "$T/views.py" "$SEARCH" "$T/one" "$1" "$T/views")
    printf '%s\n' "$r" | grep '^#'
    is "$(printf '%s\n' "$r" | tail -1)" "compared $(wc -l < "$T/views" | tr -d ' ') differ 0" \
        "$2: --show and --refs as one database"
}
cmp_all "$T/sh" "3 local shards"
cmp_all "$T/remote.stub" "3 remote shards (xapian-tcpsrv)"
cmp_all "$T/mixed.stub" "1 local + 2 remote shards"

# --- a shard that is down ---
full=$("$SEARCH" --db "$T/one" --json --limit 0 'dân vận' | "$PY" -c 'import json,sys; print(json.load(sys.stdin)["total"])')
kill "$P1_pid"; wait "$P1_pid" 2>/dev/null
err=$("$SEARCH" --db "$T/remote.stub" 'dân vận' 2>&1 >/dev/null); rc=$?
is "$rc" 3 "a stopped shard: exit 3"
contains "$err" "shard 127.0.0.1:$P1" "the error names the stopped shard"
is "$(printf '%s\n' "$err" | wc -l | tr -d ' ')" 1 "in one line"
out=$("$SEARCH" --db "$T/remote.stub" --allow-partial --json 'dân vận' 2>"$T/err"); rc=$?
is "$rc" 0 "--allow-partial: an answer from the other shards"
is "$(printf '%s' "$out" | "$PY" -c 'import json,sys; d=json.load(sys.stdin); print(d["partial"], d["missing_shards"])')" \
   "True ['127.0.0.1:$P1']" "flagged in JSON: partial, missing_shards"
# The partial answer is exactly that of the two other shards.
printf 'auto sh/shard-00\nauto sh/shard-02\n' > "$T/two.stub"
want=$("$SEARCH" --db "$T/two.stub" --json 'dân vận' | "$PY" -c 'import json,sys; d=json.load(sys.stdin); d.pop("elapsed_ms"); [h.pop("docid") for h in d["hits"]]; print(json.dumps(d, sort_keys=True))')
got=$(printf '%s' "$out" | "$PY" -c 'import json,sys; d=json.load(sys.stdin); d.pop("elapsed_ms"); d.pop("partial"); d.pop("missing_shards"); [h.pop("docid") for h in d["hits"]]; print(json.dumps(d, sort_keys=True))')
is "$got" "$want" "the partial answer equals the answer of the shards that are up"
part=$(printf '%s' "$out" | "$PY" -c 'import json,sys; print(json.load(sys.stdin)["total"])')
[ "$part" -lt "$full" ]; ok $? "and is smaller ($part of $full)"
"$SEARCH" --db "$T/remote.stub" --allow-partial --color never 'dân vận' >/dev/null 2>"$T/err"
contains "$(cat "$T/err")" "warning: partial answer; shards not answering: 127.0.0.1:$P1" \
    "human output: a warning line naming it"
"$SEARCH" --db "$T/remote.stub" --json 'dân vận' >"$T/out" 2>/dev/null
is "$(wc -c < "$T/out" | tr -d ' ')" 0 "no JSON answer without --allow-partial"
"$SEARCH" --db "$T/one" --json 'dân vận' | grep -c '"partial"' > "$T/n"
is "$(cat "$T/n")" 0 "a complete answer has no partial field"
# tracuu-web over the same stub: refuses to start without --allow-partial,
# and with it flags the partial answer on the page and in the API.
WEB="$top_builddir/web/tracuu-web"
"$WEB" --db "$T/remote.stub" --listen 127.0.0.1:0 2>"$T/web0.log"; rc=$?
is "$rc" 3 "tracuu-web on a stub with a stopped shard: exit 3"
contains "$(cat "$T/web0.log")" "127.0.0.1:$P1" "…naming the shard"
"$WEB" --db "$T/remote.stub" --listen 127.0.0.1:0 --allow-partial --quiet 2>"$T/web1.log" &
wpid=$!
i=0; wurl=""
while [ -z "$wurl" ] && [ $i -lt 100 ] && kill -0 $wpid 2>/dev/null; do
    wurl=$(sed -n 's|^tracuu-web: serving .* on \(http://.*/\)$|\1|p' "$T/web1.log"); sleep 0.1; i=$((i + 1))
done
contains "$(curl -s "${wurl}?q=d%C3%A2n+v%E1%BA%ADn")" "Kết quả chưa đầy đủ" "tracuu-web --allow-partial: the page says the answer is partial"
is "$(curl -s "${wurl}api/search?q=d%C3%A2n+v%E1%BA%ADn" | "$PY" -c 'import json,sys; d=json.load(sys.stdin); print(d["partial"], d["total"])')" \
   "True $part" "…and the API flags it, with the same total"
kill $wpid 2>/dev/null; wait $wpid 2>/dev/null

# --- a shard that hangs: stopped, its connections wait in the backlog ---
kill -STOP "$P2_pid"
printf 'remote 127.0.0.1:%s\nremote 127.0.0.1:%s\n' "$P0" "$P2" > "$T/hang.stub"
ms() { "$PY" -c 'import time; print(int(time.time() * 1000))'; }
t0=$(ms)
err=$("$SEARCH" --db "$T/hang.stub" --shard-timeout 300 'dân vận' 2>&1 >/dev/null); rc=$?
t1=$(ms)
is "$rc" 3 "a hanging shard: exit 3"
contains "$err" "shard 127.0.0.1:$P2: NetworkTimeoutError" "the error names the hanging shard: a timeout"
[ $((t1 - t0)) -ge 300 ] && [ $((t1 - t0)) -le 5000 ]
ok $? "--shard-timeout 300 waits that long, not Xapian's 10 s ($((t1 - t0)) ms)"
out=$("$SEARCH" --db "$T/remote.stub" --allow-partial --shard-timeout 300 --json 'dân vận' 2>/dev/null)
is "$(printf '%s' "$out" | "$PY" -c 'import json,sys; print(sorted(json.load(sys.stdin)["missing_shards"]))')" \
   "$(printf '%s\n%s\n' "127.0.0.1:$P1" "127.0.0.1:$P2" | "$PY" -c 'import sys; print(sorted(l.strip() for l in sys.stdin))')" \
   "--allow-partial leaves out the stopped and the hanging shard"
kill -CONT "$P2_pid"

# A shard that dies between two searches of one session: left out of the
# second, with --allow-partial.
serve "$T/sh/shard-01" P1
printf 'remote 127.0.0.1:%s\nremote 127.0.0.1:%s\nremote 127.0.0.1:%s\n' "$P0" "$P1" "$P2" > "$T/remote.stub"
mkfifo "$T/fifo"
"$SEARCH" -i --db "$T/remote.stub" --allow-partial --color never <"$T/fifo" >"$T/session" 2>&1 &
spid=$!
exec 7>"$T/fifo"
echo 'dân vận' >&7
i=0; while [ $i -lt 100 ] && ! grep -q 'documents match' "$T/session"; do sleep 0.1; i=$((i + 1)); done
kill "$P0_pid"; wait "$P0_pid" 2>/dev/null
echo 'dân vận' >&7
exec 7>&-
wait "$spid"
in0=$("$SEARCH" --db "$T/sh/shard-00" --json --limit 0 'dân vận' | "$PY" -c 'import json,sys; print(json.load(sys.stdin)["total"])')
is "$(grep -o '^[0-9]* documents match' "$T/session" | tr '\n' ' ')" \
   "$full documents match $((full - in0)) documents match " \
   "a shard dying mid-session is left out of the next search"
contains "$(cat "$T/session")" "partial answer; shards not answering: 127.0.0.1:$P0" "and named"
serve "$T/sh/shard-00" P0
printf 'remote 127.0.0.1:%s\nremote 127.0.0.1:%s\nremote 127.0.0.1:%s\n' "$P0" "$P1" "$P2" > "$T/remote.stub"

# --- incremental re-indexing across shards ---
files=$(cd "$T/c" && find . -name '*.txt' | sort)
f_change=$(printf '%s\n' "$files" | sed -n 10p)
f_move=$(printf '%s\n' "$files" | sed -n 20p)
f_del=$(printf '%s\n' "$files" | sed -n 30p)
printf '\nKhen thưởng đột xuất cho tổ tự quản xóm Quỳnh Lâm.\n' >> "$T/c/$f_change"
mkdir -p "$T/c/moved"
mv "$T/c/$f_move" "$T/c/moved/"
rm "$T/c/$f_del"
"$INDEX" --db "$T/one" "$T/c" 2>"$T/e1"
"$INDEX" --db "$T/sh" "$T/c" 2>"$T/e3"
s1=$(sed -n 's/.*: \(.*\) skipped in.*/\1/p' "$T/e1"); s3=$(sed -n 's/.*: \(.*\) skipped in.*/\1/p' "$T/e3")
is "$s3" "1 indexed, 1 updated, 237 unchanged, 2 removed, 0" "sharded: the moved file re-indexed, the changed one updated, moved and deleted removed"
is "$s3" "$s1" "the same counts as one database"
is "$(total_of "$T/sh")" 239 "239 documents, none twice"
cat >> "$T/queries" <<'EOF'
Quỳnh Lâm
khen thưởng đột xuất
EOF
is "$("$SEARCH" --db "$T/sh" --json 'Quỳnh Lâm' | "$PY" -c 'import json,sys; d=json.load(sys.stdin); print(d["total"], d["hits"][0]["path"].endswith(sys.argv[1][1:]))' "$f_change")" \
   "1 True" "the changed text is found in its shard"
cmp_all "$T/sh" "after re-indexing, 3 local shards"
cmp_all "$T/remote.stub" "after re-indexing, 3 remote shards"
# Re-indexing a file lands in the shard it was in: the counts per shard
# change only by the moved and the deleted file.
touch "$T/c/$f_change"
before=$(counts "$T/sh")
"$INDEX" -q --db "$T/sh" "$T/c" 2>/dev/null
is "$(counts "$T/sh")" "$before" "a touched file is re-indexed in place"

# --- growing: 4 shards, then moving documents where they belong ---
"$INDEX" --db "$T/sh" --shards 4 --rebalance 2>"$T/err"
rc=$?
is "$rc" 0 "--shards 4 --rebalance on 3 shards"
moved=$(sed -n 's/.*: \([0-9]*\) document(s) moved.*/\1/p' "$T/err")
is "$(grep -c '^auto shard-0[0-3]$' "$T/sh/XAPIANDB")" 4 "the stub now lists 4 shards"
c4=$(counts "$T/sh"); n4=$(echo "$c4" | awk '{print $4}')
[ "${moved:-0}" -gt 20 ] && [ "$moved" -lt 120 ] && [ "$n4" = "$moved" ]
ok $? "about a quarter of the documents moved, all to the new shard ($moved; $c4)"
is "$(total_of "$T/sh")" 239 "still 239 documents"
"$INDEX" --db "$T/sh" --rebalance 2>"$T/err"
contains "$(cat "$T/err")" "0 document(s) moved" "a second --rebalance moves nothing"
cmp_all "$T/sh" "4 local shards"
"$INDEX" -q --db "$T/sh" --shards 2 "$T/c" 2>"$T/err"
is "$?" 2 "shards are not removed in place (exit 2)"
contains "$(cat "$T/err")" "--rebuild --shards 2" "the message says how"
"$INDEX" -q --db "$T/one" --shards 2 "$T/c" 2>"$T/err"
is "$?" 2 "a single database is not sharded in place (exit 2)"
"$INDEX" -q --db "$T/sh" --rebuild --shards 2 "$T/c" 2>"$T/err"
is "$?" 0 "--rebuild --shards 2 re-shards"
is "$(grep -c '^auto shard-0[01]$' "$T/sh/XAPIANDB") $(total_of "$T/sh")" "2 239" "into 2 shards of 239 documents"
cmp_all "$T/sh" "2 local shards after --rebuild"

# --- stubs that are wrong ---
printf 'auto sh/shard-00\nbogus thing\n' > "$T/bad.stub"
err=$("$SEARCH" --db "$T/bad.stub" 'dân vận' 2>&1 >/dev/null); rc=$?
is "$rc" 3 "a stub with a bad line: exit 3"
contains "$err" "bad.stub:2: unknown database type 'bogus'" "the message gives file and line"
printf 'auto sh/shard-00\nauto sh/shard-09\n' > "$T/gone.stub"
err=$("$SEARCH" --db "$T/gone.stub" 'dân vận' 2>&1 >/dev/null); rc=$?
is "$rc" 3 "a stub naming a missing local shard: exit 3"
contains "$err" "shard $T/sh/shard-09" "naming it"

done_testing

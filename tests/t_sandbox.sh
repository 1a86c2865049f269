#!/bin/sh
# The extraction sandbox (indexer/sandbox.c): a reader that crashes, hangs,
# spins or eats memory costs its file, with a one-line reason, and never
# the run, the files beside it, or what was indexed before.  Real
# libraries do not misbehave on demand, so the child is told to by the
# TRACUU_SANDBOX_SELFTEST hook; plain text never enters the sandbox and
# must be indexed all the same.
. "$top_srcdir/tests/tap.sh"

F="$top_srcdir/tests/fixtures/formats"
D="$T/docs"
mkdir "$D"
cp "$F/bao-cao.docx" "$F/van-ban.pdf" "$D/"
cp "$F/utf8.txt" "$D/plain.txt"
DB="$T/db"

# a committed index first: nothing of it may be lost
"$INDEX" -q --db "$DB" "$F/ghi-chep.md"
is "$?" 0 "an index to start from"

# The workers are exec'd afresh ("tracuu-index --sandbox-worker PARENT
# …"), not forked copies of the indexer: a copy would inherit, held, any
# lock another thread of the indexer held when it was made.
workers_of() {  # PID: how many workers of indexer PID are running
    ps -eo args= | awk -v p="$1" '$1 == "tracuu-index" && $2 == "--sandbox-worker" && $3 == p' |
        wc -l
}
pids=""
run() {   # MODE EXTRA-OPTIONS...: index $D with the child misbehaving
    mode=$1; shift
    start=$(date +%s)
    TRACUU_SANDBOX_SELFTEST=$mode timeout 120 sh -c 'echo $$ >"$0"; exec "$@"' "$T/pid" \
        "$INDEX" -q --db "$DB" "$@" "$D" >"$T/out" 2>"$T/err"
    rc=$?
    secs=$(( $(date +%s) - start ))
    pids="$pids $(cat "$T/pid")"
}
check() {  # MODE REASON-REGEX
    [ "$rc" -eq 1 ]; ok $? "$1: exit status 1, files skipped (got $rc)"
    n=$(grep -c "^tracuu-index: $D/bao-cao.docx: " "$T/err")
    is "$n" 1 "$1: one line names bao-cao.docx"
    grep "^tracuu-index: $D/bao-cao.docx: " "$T/err" | grep -Eq "$2"
    ok $? "$1: the reason says /$2/"
    grep -q "^tracuu-index: $D/van-ban.pdf: " "$T/err"
    ok $? "$1: the PDF beside it is skipped too, with its own line"
    "$SEARCH" --db "$DB" --json "đồi chè xanh ngắt" >/dev/null 2>&1
    ok $? "$1: the plain text file beside them is indexed"
    "$SEARCH" --db "$DB" --json "vườn cau rợp bóng" >/dev/null 2>&1
    ok $? "$1: the document indexed before is still there"
}

run crash
check crash 'extractor crashed \(Segmentation fault'
run hang --timeout 2
check hang 'extractor killed after 2 s'
[ "$secs" -lt 30 ]; ok $? "hang: the deadline ends it (${secs} s for two files)"
run spin --timeout 3
check spin 'extractor killed after 3 s'
run hog --max-memory 200M
check hog 'extractor ran out of memory \(limit 200 MB\)'

# no child survives its file: nothing of ours is left running
sleep 1
left=$(ps -eo args= | grep "^$INDEX" | grep -cF "$D")   # the indexers (or forked workers)
for p in $pids; do left=$((left + $(workers_of "$p"))); done
is "$left" 0 "no extraction child is left behind"

# an indexer killed while its worker hangs takes the worker with it
TRACUU_SANDBOX_SELFTEST=hang "$INDEX" -q --db "$T/db-killed" "$D" >/dev/null 2>&1 &
ipid=$!
n=0
while [ "$(workers_of $ipid)" -lt 1 ] && [ $n -lt 100 ]; do
    sleep 0.1; n=$((n + 1))
done
[ "$(workers_of $ipid)" -ge 1 ]
ok $? "the worker is a program of its own, started by the indexer"
wpid=$(ps -eo pid=,args= |
    awk -v p="$ipid" '$2 == "tracuu-index" && $3 == "--sandbox-worker" && $4 == p {print $1; exit}')
# it holds nothing of the indexer's but its socket (3), which converters
# it runs must not inherit: close-on-exec (O_CLOEXEC, 02000000 in fdinfo)
is "$(ls "/proc/$wpid/fd" 2>/dev/null | awk '$1 >= 3' | sort -n | tr '\n' ' ')" "3 " \
    "…holding no descriptor of the indexer's but its socket"
flags=$(sed -n 's/^flags:[[:space:]]*//p' "/proc/$wpid/fdinfo/3" 2>/dev/null)
[ -n "$flags" ] && [ $(( 0$flags & 02000000 )) -ne 0 ]
ok $? "…which it closes before running a converter (flags $flags)"
kill -9 "$ipid" 2>/dev/null
wait "$ipid" 2>/dev/null
n=0
while [ "$(workers_of $ipid)" -gt 0 ] && [ $n -lt 50 ]; do
    sleep 0.1; n=$((n + 1))
done
is "$(workers_of $ipid)" 0 "killing the indexer (SIGKILL) ends its hanging worker too"

# the OCR probe runs as a worker of its own too: where Tesseract has its
# Vietnamese data, --version must say OCR is available
v=$(LANGUAGE=C "$INDEX" --version)
if [ -z "${TESSDATA_PREFIX:-}" ] && ls /usr/share/tesseract-ocr/*/tessdata/vie.traineddata >/dev/null 2>&1 &&
   ! printf '%s\n' "$v" | grep -q '^OCR: not built'; then
    printf '%s\n' "$v" | grep -q '^OCR: available'
    ok $? "the OCR probe finds Tesseract's Vietnamese data"
else
    skip "no Tesseract Vietnamese data here, or built without OCR"
fi

# started by hand, the worker mode says what it is for
out=$("$INDEX" --sandbox-worker 2>&1)
is "$?" 2 "--sandbox-worker by hand: exit status 2"
is "$out" "tracuu-index: --sandbox-worker is for the indexer's own worker processes" \
    "…and a line saying why"

# and with a well-behaved child everything is indexed
"$INDEX" -q --db "$DB" "$D"
is "$?" 0 "without the hook every file is indexed"
"$SEARCH" --db "$DB" --json "khóm trúc rì rào" >/dev/null 2>&1
ok $? "the docx is found once its reader behaves"
done_testing

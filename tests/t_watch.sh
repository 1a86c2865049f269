#!/bin/sh
# t_watch — tracuu-index --watch follows a folder: files and folders
# created, changed, renamed, deleted; a burst of 500 files in a few
# transactions; office lock and temporary files never indexed; a file
# still being written waits for its last byte; SIGTERM exits 0 with a
# clean database.  Every wait polls (0.2 s) with a bound (WATCH_WAIT s).
. "$top_srcdir/tests/tap.sh"
# The bound of every poll: a watched change normally shows in under a
# second; 60 s leaves room for a loaded CI machine (the burst of 500 took
# 20 s once on 2 cores at load 10) and costs nothing when things are fast.
WAIT=${WATCH_WAIT:-60}
D="$T/archive"; DB="$T/db"; LOG="$T/log"
mkdir -p "$D"

total() {
    "$SEARCH" --db "${2:-$DB}" --json "$1" 2>/dev/null | sed -n 's/.*"total": \([0-9]*\).*/\1/p'
}
paths() {
    "$SEARCH" --db "$DB" --json --limit 1000 "$1" 2>/dev/null |
        grep -o '"path": "[^"]*"' | sed 's/"path": "//; s/"$//' | sort | tr '\n' ' '
}
# poll CMD WANT: re-runs CMD until it prints WANT or WAIT seconds pass;
# $got holds the last output, $waited the time taken.
poll() {
    t0=$(date +%s%N); got=""
    while :; do
        got=$(eval "$1")
        [ "$got" = "$2" ] && break
        [ $(( ($(date +%s%N) - t0) / 1000000 )) -ge $((WAIT * 1000)) ] && break
        sleep 0.2
    done
    waited=$(( ($(date +%s%N) - t0) / 1000000 ))
    [ "$got" = "$2" ]
}
check() {   # check CMD WANT NAME
    poll "$1" "$2"; rc=$?
    ok $rc "$3 (${waited} ms)"
    [ $rc -eq 0 ] || printf '#   got: %s\n#   want: %s\n' "$got" "$2"
}

# usage errors
"$INDEX" --db "$DB" --rescan-every 5 "$D" 2>"$T/err"; is $? 2 "--rescan-every without --watch is a usage error"
echo x > "$T/file.txt"
"$INDEX" --watch --db "$T/db0" "$T/file.txt" 2>"$T/err"; is $? 2 "--watch on a file is a usage error"
contains "$(cat "$T/err")" "not a folder" "…and says so"

printf 'Báo cáo tổng kết công tác năm zzfirstdoc\n' > "$D/old.txt"
"$INDEX" --watch --db "$DB" "$D" 2>"$LOG" &
pid=$!
check "grep -c 'first pass' '$LOG'" 1 "the first pass runs"
is "$(total zzfirstdoc)" 1 "the first pass indexed the existing file"

# create
printf 'Kế hoạch phát triển nông thôn mới zzcreated\n' > "$D/new.txt"
check "total zzcreated" 1 "a new file is found"

# modify
printf 'Kế hoạch phát triển nông thôn mới zzmodified\n' > "$D/new.txt"
check "total zzmodified" 1 "a changed file is found by its new words"
is "$(total zzcreated)" 0 "…and no longer by its old ones"

# rename
mv "$D/new.txt" "$D/renamed.txt"
check "paths zzmodified" "$D/renamed.txt " "a renamed file is found under its new name only"

# delete
rm "$D/renamed.txt"
check "total zzmodified" 0 "a deleted file leaves the index"

# a sidecar written next to a watched document changes its metadata
printf 'Báo cáo tổng kết công tác năm zzsidecar\n' > "$D/sc.txt"
check "total zzsidecar" 1 "a document for the sidecar is found"
printf 'tinh: Huế\n' > "$D/sc.txt.meta"
check "total 'tinh:hue zzsidecar'" 1 "a new sidecar re-indexes its document (province from it)"
rm "$D/sc.txt.meta"
check "total 'tinh:hue zzsidecar'" 0 "a removed sidecar re-indexes it again"
rm "$D/sc.txt"
check "total zzsidecar" 0 "…and the document goes when deleted"

# folders: created with contents, renamed, deleted
mkdir -p "$D/a/b/c"
printf 'Thông báo kết luận của Ban Thường vụ zzdeep\n' > "$D/a/b/c/deep.txt"
check "paths zzdeep" "$D/a/b/c/deep.txt " "a file in new nested folders is found"
printf 'Tờ trình về việc phê duyệt zzlater\n' > "$D/a/b/c/later.txt"
check "total zzlater" 1 "a new folder is watched (a later file in it is found)"
mv "$D/a" "$D/moved"
check "paths zzdeep" "$D/moved/b/c/deep.txt " "a renamed folder moves its documents"
printf 'Công văn hướng dẫn zzaftermove\n' > "$D/moved/b/after.txt"
check "total zzaftermove" 1 "a renamed folder is still watched"
rm -r "$D/moved"
check "total zzdeep" 0 "a deleted folder leaves the index"
is "$(total zzlater)" 0 "…all of it"
mkdir "$T/outside"
printf 'Báo cáo sơ kết zzmovedin\n' > "$T/outside/in.txt"
mv "$T/outside" "$D/outside"
check "paths zzmovedin" "$D/outside/in.txt " "a folder moved in from elsewhere is indexed"

# office lock and temporary files, then a sentinel written after them
printf 'zzlockword owner file\n' > "$D/~\$x.docx"
printf 'zzlockword Word owner file of a text\n' > "$D/~\$notes.txt"
printf 'zzlockword,user,host\n' > "$D/.~lock.x.docx#"
printf 'zzlockword partial save\n' > "$D/report.txt.tmp"
printf 'zzlockword editor backup\n' > "$D/report.txt~"
printf 'Báo cáo zzsentinel\n' > "$D/sentinel.txt"
check "total zzsentinel" 1 "a file written after the lock files is found"
is "$(total zzlockword)" 0 "lock and temporary files are not indexed"
lacks "$(cat "$LOG")" '~$' "…nor even mentioned in the log"
lacks "$(cat "$LOG")" '.~lock' "…the LibreOffice lock either"

# a file still being written waits until it is closed
exec 3>"$D/growing.txt"
for i in 1 2 3 4 5 6 7 8 9 10 11 12; do
    printf 'Dòng %s của báo cáo zzgrowing\n' "$i" >&3; sleep 0.2
done
printf 'zzlastline\n' >&3
early=$(grep -c 'growing.txt' "$LOG")
exec 3>&-
check "total zzlastline" 1 "a file written slowly is indexed once closed, last line included"
is "$early" 0 "…and not while it was still being written"

# a burst of 500 files: a few transactions, not 500
rev() { xapian-delve "$DB" 2>/dev/null | sed -n 's/^revision = //p'; }
have_delve=0; command -v xapian-delve >/dev/null 2>&1 && have_delve=1
[ $have_delve -eq 1 ] && r0=$(rev)
mkdir "$D/burst"
i=0
while [ $i -lt 500 ]; do
    printf 'Báo cáo số %s zzburst\n' "$i" > "$D/burst/f$i.txt"; i=$((i + 1))
done
check "total zzburst" 500 "a burst of 500 files is indexed"
if [ $have_delve -eq 1 ]; then
    r1=$(rev)
    echo "# burst: revisions $r0 -> $r1"
    [ $((r1 - r0)) -le 30 ]; ok $? "…in $((r1 - r0)) commits, not one per file"
else
    skip "xapian-delve not installed (xapian-tools): commits not counted"
fi
rm -r "$D/burst"
check "total zzburst" 0 "…and leaves the index when its folder is deleted"

# SIGHUP rescans
kill -HUP $pid
check "grep -c 'rescan (SIGHUP)' '$LOG'" 1 "SIGHUP starts a rescan"

# --stats: when the index last changed
contains "$("$INDEX" --stats --db "$DB")" "last change 20" "--stats shows when the index last changed"

# SIGTERM: exit 0, a clean database that a normal run finds up to date
kill -TERM $pid
wait $pid; is $? 0 "SIGTERM: exit status 0"
contains "$(cat "$LOG")" "stopped by a signal" "…after saying so"
if [ -n "${XAPIAN_CHECK:-}" ]; then
    "$XAPIAN_CHECK" "$DB" >/dev/null 2>&1; ok $? "xapian-check passes"
else
    skip "xapian-check not found"
fi
out=$("$INDEX" --db "$DB" "$D" 2>&1)
contains "$out" "0 indexed, 0 updated" "a manual run afterwards finds nothing to do"
contains "$out" "0 removed" "…and nothing to remove"

# The watch limit: a user namespace of its own has its own limit
# (/proc/sys/user/max_inotify_watches, not the machine-wide
# fs.inotify.max_user_watches, which must never be touched here), set to
# 5 watches for 12 folders.  The indexer must say which sysctl to raise and
# still index every new file, through its rescans.
limited() { unshare -Ur sh -c 'echo 5 > /proc/sys/user/max_inotify_watches && exec "$@"' sh "$@"; }
global0=$(cat /proc/sys/fs/inotify/max_user_watches 2>/dev/null)
if [ -n "$global0" ] && limited true 2>/dev/null; then
    L="$T/limited"; i=0
    while [ $i -lt 12 ]; do mkdir -p "$L/d$i"; i=$((i + 1)); done
    # (not through the function: a backgrounded function is a subshell,
    # and $! would not be the indexer)
    unshare -Ur sh -c 'echo 5 > /proc/sys/user/max_inotify_watches && exec "$@"' sh \
        "$INDEX" --watch --rescan-every 1 --db "$T/db3" "$L" 2>"$T/log3" &
    pid=$!
    poll "grep -c 'first pass' '$T/log3'" 1
    contains "$(cat "$T/log3")" "fs.inotify.max_user_watches" "at the watch limit, the log names the sysctl to raise"
    i=0
    while [ $i -lt 12 ]; do printf 'Báo cáo zzlimit %s\n' $i > "$L/d$i/r.txt"; i=$((i + 1)); done
    check "total zzlimit '$T/db3'" 12 "…and files in unwatched folders are indexed by rescans"
    kill -TERM $pid; wait $pid; is $? 0 "…and it stops cleanly"
    is "$(cat /proc/sys/fs/inotify/max_user_watches)" "$global0" "the machine's own limit is untouched"
else
    skip "no user namespaces here: the watch limit is not tested"
fi

# SIGTERM in the middle of a first pass: the batch in progress is
# committed, the status is 0, the database clean, and a normal run then
# completes exactly what is missing.
"$top_builddir/corpus/gen" --docs 600 --seed 11 "$T/big" >/dev/null
rm -f "$T/big/manifest.tsv"
"$INDEX" --watch --batch 25 -j1 --db "$T/db2" "$T/big" 2>"$T/log2" &
pid=$!
poll "test -f '$T/db2/iamglass' && echo yes" yes
kill -TERM $pid
wait $pid; is $? 0 "SIGTERM during the first pass: exit status 0"
first=$(grep 'first pass' "$T/log2")
echo "# $first"
n=$(echo "$first" | sed -n 's/.*first pass: \([0-9]*\) indexed.*/\1/p')
[ -n "$n" ] && [ "$n" -lt 600 ]; ok $? "…it stopped the pass ($n of 600 documents)"
if [ -n "${XAPIAN_CHECK:-}" ]; then
    "$XAPIAN_CHECK" "$T/db2" >/dev/null 2>&1; ok $? "…and xapian-check passes"
fi
out=$("$INDEX" --db "$T/db2" "$T/big" 2>&1); ok $? "a normal run completes it"
contains "$out" "$((600 - n)) indexed, 0 updated, $n unchanged" "…indexing exactly the $((600 - n)) missing documents"

# An empty watched folder is a share not mounted, not a deleted archive.
mkdir -p "$T/share"; printf 'Báo cáo zzmounted\n' > "$T/share/r.txt"
"$INDEX" -q --db "$T/db4" "$T/share"; rm "$T/share/r.txt"
"$INDEX" --watch --db "$T/db4" "$T/share" 2>"$T/log4" &
pid=$!
poll "grep -c 'first pass' '$T/log4'" 1
contains "$(cat "$T/log4")" "is empty (a share not mounted?)" "an empty watched folder is reported"
is "$(total zzmounted "$T/db4")" 1 "…and its documents are kept"
kill -TERM $pid; wait $pid; is $? 0 "…and the watcher stops cleanly"

echo "# log:"; sed 's/^/#   /' "$LOG" | tail -n 15
done_testing

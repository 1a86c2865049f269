#!/bin/sh
# bench/run.sh — `make bench`: tracuu against SQLite FTS5 on the same
# generated corpus, in one run.  Usage: run.sh BUILDDIR SRCDIR
# (BENCH_DOCS, default 10000; BENCH_RUNS query repetitions, default 20;
# BENCH_WEB=0 skips the last lane, tracuu-web under load; BENCH_EXTRACT=0
# the extraction lane; BENCH_SHARDS=N indexes into N shards, the layout
# of docs/scale-out.md).  Query latency is reported overall and per
# selectivity stratum of bench/queries.tsv.
set -eu
SHELL=${SHELL:-/bin/sh}
B=$1; S=$2
N=${BENCH_DOCS:-10000}; RUNS=${BENCH_RUNS:-20}; SHARDS=${BENCH_SHARDS:-1}
W="$B/bench-data"; C="$W/corpus-$N"
mkdir -p "$W"
say() { printf '%s\n' "$*"; }

# a corpus written by an older generator is not the corpus the strata of
# bench/queries.tsv were measured on: write it again
if [ ! -f "$C/manifest.tsv" ] || [ "$B/corpus/gen" -nt "$C/manifest.tsv" ]; then
    say "generating $N documents into $C"
    rm -rf "$C"
    "$B/corpus/gen" --docs "$N" --seed 1 --samples "$S/corpus/samples" "$C"
fi
find "$C" -name '*.txt' | sort > "$W/files-$N"
bytes=$(cat "$W/files-$N" | xargs cat | wc -c)
mb=$(awk "BEGIN{printf \"%.1f\", $bytes/1e6}")

# measure CMD...: wall seconds and peak RSS (MB) of a child, via GNU time
# when present, else the shell's clock only.
measure() {
    if [ -x /usr/bin/time ]; then
        /usr/bin/time -f '%e %M' -o "$W/time" "$@" >"$W/out" 2>"$W/err" || true
        read -r wall rss <<EOT
$(tail -n 1 "$W/time")
EOT
        rss=$((rss / 1024))
    else
        t0=$(date +%s.%N); "$@" >"$W/out" 2>"$W/err" || true; t1=$(date +%s.%N)
        wall=$(awk "BEGIN{print $t1-$t0}"); rss="?"
    fi
}
ratio() { awk "BEGIN{ if ($2+0 == 0) print \"-\"; else printf \"%.2f\", $1/$2 }"; }

say "== analyzer alone"
"$B/bench/bench-analyze" -n 3 "$C" | tee "$W/analyze"

say "== tracuu-index"
rm -rf "$W/tracuu-$N"
shard_opt=
[ "$SHARDS" -gt 1 ] && shard_opt="--shards $SHARDS"
measure sh -c "'$B/indexer/tracuu-index' -q $shard_opt --db '$W/tracuu-$N' - < '$W/files-$N'"
t_wall=$wall; t_rss=$rss
t_size=$(du -sb "$W/tracuu-$N" | cut -f1)
# docdata.glass of the database, or of every shard
t_text=$(find "$W/tracuu-$N" -name docdata.glass -exec du -sb {} + | awk '{s+=$1} END{print s+0}')
say "wall $t_wall s, peak RSS $t_rss MB, index $t_size bytes (stored text and metadata $t_text)"

have_fts=0
if [ -x "$B/bench/fts5-index" ]; then
    have_fts=1
    say "== SQLite FTS5"
    rm -f "$W/fts5-$N.sqlite"*
    measure sh -c "'$B/bench/fts5-index' '$W/fts5-$N.sqlite' < '$W/files-$N'"
    f_wall=$wall; f_rss=$rss
    f_size=$(du -sb "$W/fts5-$N.sqlite" | cut -f1)
    say "wall $f_wall s, peak RSS $f_rss MB, database $f_size bytes"
fi

say "== queries ($RUNS warm runs each)"
"$B/bench/bench-query" -n "$RUNS" tracuu "$W/tracuu-$N" "$S/bench/queries.tsv" | tee "$W/q-tracuu"
if [ $have_fts = 1 ]; then
    "$B/bench/bench-query" -n "$RUNS" fts5 "$W/fts5-$N.sqlite" "$S/bench/queries.tsv" | tee "$W/q-fts5"
fi

say "== accuracy against the manifest"
"$B/bench/accuracy" "$W/tracuu-$N" "$C" | tee "$W/accuracy"

# p K FILE [STRATUM]: percentile K of the overall line, or of a stratum's
p() {
    if [ $# -gt 2 ]; then grep -F "stratum $3:" "$2"; else head -n 1 "$2"; fi |
        sed -n "s/.* $1 \([0-9.]*\) ms.*/\1/p"
}
nq() { grep -F "stratum $2:" "$1" | sed -n 's/.*: \([0-9]*\) queries.*/\1/p'; }
say ""
say "## $N documents, $mb MB ($(date -u +%Y-%m-%d), $(nproc) cores, $SHARDS shard(s))"
say ""
say "| figure | tracuu | FTS5 | tracuu/FTS5 |"
say "|---|---|---|---|"
t_mbs=$(awk "BEGIN{printf \"%.2f\", $mb/$t_wall}"); t_dps=$(awk "BEGIN{printf \"%.0f\", $N/$t_wall}")
if [ $have_fts = 1 ]; then
    f_mbs=$(awk "BEGIN{printf \"%.2f\", $mb/$f_wall}"); f_dps=$(awk "BEGIN{printf \"%.0f\", $N/$f_wall}")
    say "| index wall time (s) | $t_wall | $f_wall | $(ratio $t_wall $f_wall) |"
    say "| index MB/s | $t_mbs | $f_mbs | $(ratio $t_mbs $f_mbs) |"
    say "| index docs/s | $t_dps | $f_dps | $(ratio $t_dps $f_dps) |"
    say "| index peak RSS (MB) | $t_rss | $f_rss | $(ratio $t_rss $f_rss) |"
    say "| size on disk, text stored (MB) | $(awk "BEGIN{printf \"%.1f\", $t_size/1e6}") | $(awk "BEGIN{printf \"%.1f\", $f_size/1e6}") | $(ratio $t_size $f_size) |"
    say "| size without stored text (MB) | $(awk "BEGIN{printf \"%.1f\", ($t_size-$t_text)/1e6}") | - | - |"
    for k in p50 p95 p99; do
        a=$(p $k "$W/q-tracuu"); b=$(p $k "$W/q-fts5")
        say "| query $k (ms) | $a | $b | $(ratio $a $b) |"
    done
else
    say "| index MB/s | $t_mbs | (libsqlite3-dev missing) | - |"
fi
say "| analyzer alone MB/s | $(sed -n 's/.*: \([0-9.]*\) MB\/s.*/\1/p' "$W/analyze") | - | - |"
say "| corpus size (MB) | $mb | | |"
if [ $have_fts = 1 ]; then
    say ""
    say "Query latency by selectivity (share of the $N documents a query matches, measured on this corpus):"
    say ""
    say "| stratum | queries | tracuu p50 | tracuu p99 | FTS5 p50 | FTS5 p99 | p50 tracuu/FTS5 |"
    say "|---|---|---|---|---|---|---|"
    for st in '<1%' '1-10%' '10-50%' '>50%'; do
        a=$(p p50 "$W/q-tracuu" "$st"); a9=$(p p99 "$W/q-tracuu" "$st")
        b=$(p p50 "$W/q-fts5" "$st"); b9=$(p p99 "$W/q-fts5" "$st")
        [ -n "$a" ] || continue
        say "| $st | $(nq "$W/q-tracuu" "$st") | $a | $a9 | $b | $b9 | $(ratio "$a" "${b:-0}") |"
    done
    say "| all | $(sed -n 's/.*: \([0-9]*\) queries.*/\1/p' "$W/q-tracuu" | head -n 1) | $(p p50 "$W/q-tracuu") | $(p p99 "$W/q-tracuu") | $(p p50 "$W/q-fts5") | $(p p99 "$W/q-fts5") | $(ratio "$(p p50 "$W/q-tracuu")" "$(p p50 "$W/q-fts5")") |"
fi

if [ "${BENCH_EXTRACT:-1}" != 0 ]; then
    $SHELL "$S/bench/extract.sh" "$B" "$C" "$W" || say "(extraction lane failed)"
fi
if [ "${BENCH_WEB:-1}" != 0 ]; then
    $SHELL "$S/bench/web-load.sh" "$B" "$S" || say "(web load lane: requests failed, see above)"
fi

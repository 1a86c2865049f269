#!/bin/sh
# tracuu-search -i: queries, paging, a kept filter, :xem through $PAGER
# with the query's words marked, :trich, errors that do not end the
# session — first with lines from a pipe (no readline), then on a
# pseudo-terminal (readline: completion, history kept between runs, the
# prompt when no query is given on a terminal).
. "$top_srcdir/tests/tap.sh"

PY=${PYTHON3:-python3}
mkdir "$T/c" && cp "$SAMPLES"/*.txt "$T/c/"
"$INDEX" -q --db "$T/db" "$T/c" 2>/dev/null
is "$?" 0 "sample corpus indexed"

session() {   # session [OPTIONS]: runs -i on the lines of stdin
    PAGER=cat "$SEARCH" --db "$T/db" --color never -i "$@" 2>&1
}

out=$(printf 'giải phóng mặt bằng\n' | session --limit 2)
ok $? "a session ends at end of input with status 0"
contains "$out" "3 documents match; showing 1–2" "a line is a query, answered as on the command line"
lacks "$out" "tracuu>" "no prompt when standard input is not a terminal"

out=$(printf 'giải phóng mặt bằng\n:next\n:sau\n:prev\n' | session --limit 2)
contains "$out" "showing 3–3" ":next shows the next page"
contains "$out" "this is the last page" ":sau on the last page says so"
n=$(printf '%s\n' "$out" | grep -c "showing 1–2")
is "$n" 2 ":prev goes back to the first page"

out=$(printf ':loc tinh:kien-giang\ngiải phóng mặt bằng\n:loc\n:bo\ngiải phóng mặt bằng\n' | session)
contains "$out" "filter: tinh:kien-giang" ":loc keeps a filter"
contains "$out" "1 document matches; showing 1–1" "the filter applies to the next query"
contains "$out" "filter: tinh:kien-giang (:bo clears it)" ":loc alone shows the filter"
contains "$out" "3 documents match; showing 1–3" ":bo clears it"
# :loc alone names the command line's filters too: they hold all along
out=$(printf ':loc\n' | session -p kien-giang -b "Ban Dân vận Tỉnh ủy")
contains "$out" 'from the command line, for every query: province:kien-giang body:"Ban Dân vận Tỉnh ủy"' \
    ":loc alone shows the command line's filters"
lacks "$out" "no filter" "…and does not say there is none"
# …in a form :loc takes back: a quote inside a value (the language has no
# escape for it) is written as a space, which matches the same slug, and a
# parenthesis or a no-break space gets the value quoted
nbsp=$(printf 'Kiên\302\240Giang')
out=$(printf ':loc\ndân vận\n' | session -p "$nbsp" -b 'Ban “Thường vụ” Tỉnh ủy' -t '(Báo cáo)')
f=$(printf '%s\n' "$out" | sed -n 's/^from the command line, for every query: //p')
is "$f" "province:\"$nbsp\" body:\"Ban  Thường vụ  Tỉnh ủy\" type:\"(Báo cáo)\"" \
    ":loc alone writes quotes inside a value as spaces"
contains "$out" "1 document matches" "…and the command line's filters find the Kiên Giang report"
out=$(printf ':loc %s\ndân vận\n' "$f" | session)
lacks "$out" "unbalanced" "the printed filters parse as a :loc filter"
contains "$out" "1 document matches" "…and find the same document"
# the search mode can change inside a session: :khongdau after an exact
# query that found nothing, :codau back, :tudong for the automatic mode
out=$(printf 'bán giao\n:khongdau\n:codau\n:tudong\n' | session --exact)
contains "$out" "nothing matches exactly as typed; :khongdau (:fold) matches without diacritics" \
    "-i --exact: the notice names the command that switches mode"
contains "$out" "words match without diacritics
1. " ":khongdau re-runs the query without diacritics, and finds"
contains "$out" "words match exactly as typed
nothing matches exactly" ":codau goes back to exact matching"
contains "$out" "words typed with marks match exactly, others without
tracuu-search: nothing matches the diacritics as typed; showing matches without diacritics" \
    ":tudong is the automatic mode, with its flagged fallback"

# --offset holds for each query's first page, as --limit does
out=$(printf 'dân vận\n' | "$SEARCH" --db "$T/db" --color never -i --offset 3 --limit 1)
contains "$out" "showing 4–4" "--offset applies in interactive lookup"

# a filter the query language refuses (here: no such province) is refused
# at :loc, pointed at in the filter as typed, and not kept
out=$(printf ':loc tinh:atlantis\ngiải phóng mặt bằng\n' | session)
contains "$out" 'query error at column 6: unknown province "atlantis"
  tinh:atlantis
       ^' ":loc refuses an unknown province, caret in the filter"
contains "$out" "3 documents match" "…and keeps no filter: the next query runs unfiltered"
out=$(printf 'dân vận OR giải phóng mặt bằng\n:loc tinh:kien-giang\n' | session)
contains "$out" "1 document matches" "a kept filter applies to the whole of an OR query"

out=$(printf 'giải phóng mặt bằng\n:xem 3\n' | session)
contains "$out" "path       $T/c/" ":xem pages the document's metadata"
contains "$out" "«giải phóng mặt bằng»" ":xem marks the query's words in the text"
n=$(printf '%s\n' "$out" | sed -n '/^docid/,$p' | grep -o "«[^»]*»" | wc -l)
[ "$n" -ge 2 ]
ok $? ":xem marks every occurrence, not one passage ($n marks)"
out=$(printf 'giải phóng mặt bằng\n:xem 1\n' | PAGER="sed s/^/PAGED:/" "$SEARCH" --db "$T/db" -i 2>&1)
contains "$out" "PAGED:docid" ":xem goes through \$PAGER"

out=$(printf 'dân vận\n:trich 1\n' | session --limit 1 --sort -date)
contains "$out" "246-CV/TU
indexed as" ":trich N shows the hit's number and its document"
contains "$out" "cites: 43-KL/TW, 120-KL/TW, 217-QĐ/TW" ":trich lists what it cites"
contains "$out" "cited by no document" ":trich says who cites it (no one)"
# a hit without a number of its own is named as the list names it
out=$(printf 'dân vận\n:trich 2\n:trich 02\n' | session --sort date)
n=$(printf '%s\n' "$out" | grep -c '^hit 2 (Tổng kết công tác dân vận năm 2019.*) has no document number; it cites: ')
is "$n" 2 ":trich on a hit without a number names it by its hit number and title"

out=$(printf 'tinh:\n:xem 1\n:nonsense\n"unclosed\ngiải phóng mặt bằng\n:xem 99\n:help\n:q\nhidden after quit\n' | session)
contains "$out" "query error at column 1: missing value after 'tinh:'" "a query error is reported"
contains "$out" "no query yet" ":xem before any query"
contains "$out" "unknown command ':nonsense'" "an unknown command is reported"
contains "$out" "unbalanced quote" "a second error"
contains "$out" "3 documents match" "the session goes on after errors"
contains "$out" "there is no hit 99" ":xem beyond the hits"
contains "$out" ":trich N" ":help lists the commands"
lacks "$out" "hidden after quit" ":q ends the session"

# A commit made during the session is seen by the next query.
printf 'Báo cáo.\nVề công tác xyzzyplugh mới.\nNăm 2022.\n' > "$T/new.txt"
out=$( { printf 'xyzzyplugh\n'; "$INDEX" -q --db "$T/db" "$T/new.txt" 2>/dev/null
         printf 'xyzzyplugh\n'; } | session)
contains "$out" "no documents match" "before the commit: nothing"
contains "$out" "1 document matches" "after the commit: the open session sees it"

# --- on a terminal (readline) ---
if ! "$PY" -c 'import pty' 2>/dev/null; then
    skip "no python3 with pty: readline tests"
    done_testing
fi
drive() { XDG_STATE_HOME="$T/state" PAGER=cat "$PY" "$top_srcdir/tests/pty_drive.py" "$@"; }
out=$(drive '[["tracuu> ","tinh:quang-ng\t"],["tinh:quang-ngai","\r"],["match","so:246\t"],["246-CV/TU","\r"],["match",":q\r"]]' \
      -- "$SEARCH" --db "$T/db" --color never)
ok $? "with no query on a terminal, a prompt opens (and :q ends it)"
contains "$out" "2 documents match" "Tab completes tinh:quang-ng to a province in the index"
contains "$out" "1 document matches" "Tab completes so:246 to a document number in the index"
hist="$T/state/tracuu/history"
grep -q '^tinh:quang-ngai' "$hist" 2>/dev/null
ok $? "history is kept in \$XDG_STATE_HOME/tracuu/history"
out=$(drive '[["tracuu> ","tinh:\"quangng\t"],["Ngãi\"","\r"],["match",":q\r"]]' -- "$SEARCH" --db "$T/db" -i)
grep -q '^tinh:"Quảng Ngãi"' "$hist"
ok $? "Tab turns a name typed without marks into the marked name"
contains "$out" "2 documents match" "the completed name finds Quảng Ngãi's documents"
# trich: completes the numbers cited in the index (43-CT/TW is cited by
# two samples and is not itself indexed)
out=$(drive '[["tracuu> ","trich:43-c\t"],["TW","\r"],["match",":q\r"]]' -- "$SEARCH" --db "$T/db" -i)
grep -q '^trich:43-CT/TW *$' "$hist"
ok $? "Tab completes trich:43-c to a number cited in the index"
contains "$out" "2 documents match" "…and the documents citing it are found"

# loai: and coquan: complete the known types and bodies, plainly or quoted
out=$(drive '[["tracuu> ","loai:ke-h\t"],["oach","\r"],["match","coquan:\"ban dan van ti\t"],["ủy\"","\r"],["match",":q\r"]]' \
      -- "$SEARCH" --db "$T/db" -i)
grep -q '^loai:ke-hoach *$' "$hist"
ok $? "Tab completes loai:ke-h to a document type"
grep -q '^coquan:"Ban Dân vận Tỉnh ủy" *$' "$hist"
ok $? "Tab completes coquan:\"ban dan van ti to the body's marked name"

# a name typed with its space inside the quote: readline's word is only
# what follows the space, the completion replaces from the field on
out=$(drive '[["tracuu> ","tinh:\"quang ng\t"],["Ngãi\"","\r"],["match",":q\r"]]' -- "$SEARCH" --db "$T/db" -i)
grep -q '^tinh:"Quảng Ngãi" *$' "$hist"
ok $? "Tab completes tinh:\"quang ng (a space inside the quote) to the marked name"
contains "$out" "2 documents match" "…which finds Quảng Ngãi's documents"
# a later word of the name: what people type for "Thành phố Hồ Chí Minh"
out=$(drive '[["tracuu> ","tinh:ngai\t"],["tinh:quang-ngai","\r"],["match",":q\r"]]' -- "$SEARCH" --db "$T/db" -i)
grep -q '^tinh:quang-ngai *$' "$hist"
ok $? "Tab completes tinh:ngai (the name's second word) to the province"
out=$(drive '[["tracuu> ","\u0010\r"],["match",":q\r"]]' -- "$SEARCH" --db "$T/db" -i)
contains "$out" "2 documents match" "the previous run's query comes back with Ctrl-P"

# Ctrl-C at the prompt drops the line typed and gives a new prompt, as a
# shell does; the session goes on (it used to end, losing its history).
out=$(drive '[["tracuu> ","dân vận zzdropped"],["zzdropped","\u0003"],["tracuu> ","so:246-CV/TU\r"],["match",":q\r"]]' \
      -- "$SEARCH" --db "$T/db" --color never -i)
ok $? "Ctrl-C at the prompt does not end the session"
contains "$out" "1 document matches" "…the next line is a query as usual"
grep -q zzdropped "$hist"
ok $((! $?)) "…and the line dropped by Ctrl-C is not in the history"
# Each line reaches the history file at once: a session killed (here by
# Ctrl-\, SIGQUIT) keeps what was typed.
ulimit -c 0 2>/dev/null
drive '[["tracuu> ","dân vận zzkept\r"],["match","\u001c"]]' -- "$SEARCH" --db "$T/db" -i >/dev/null
grep -q '^dân vận zzkept$' "$hist"
ok $? "a killed session's lines are in the history"

done_testing

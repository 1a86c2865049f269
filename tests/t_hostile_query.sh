#!/bin/sh
# t_hostile_query — hostile queries and options: a clear one-line error
# with a position and exit 2, never a crash.
. "$top_srcdir/tests/tap.sh"
"$INDEX" -q --db "$T/db" "$SAMPLES" 2>/dev/null
q() {   # q NAME QUERY...: must exit 2 with a one-line error
    name=$1; shift
    "$SEARCH" --db "$T/db" "$@" >"$T/out" 2>"$T/err"; rc=$?
    is "$rc" 2 "$name: exit 2"
    [ -s "$T/err" ] && [ "$(grep -c '^tracuu-search: ' "$T/err")" -ge 1 ]
    ok $? "$name: an error message ($(head -n 1 "$T/err" | cut -c1-80))"
}
q "unbalanced quote" '"giải phóng'
q "unbalanced open parenthesis" '(dân vận'
q "unbalanced close parenthesis" 'dân vận)'
q "unknown field" 'foo:bar'
q "only a negation" -- '-dân'
q "NOT alone" 'NOT'
q "empty query" ''
q "only punctuation" '!!! ... ,,,'
q "invalid UTF-8" "$(printf 'd\377n')"
q "unknown province" 'tinh:atlantis'
q "year out of range" 'nam:1066'
q "year range too wide" 'nam:1900..2100'
q "bad document number" 'so:hello'
q "deep nesting" "$(awk 'BEGIN { for (i = 0; i < 200; i++) printf "("; printf "x"; for (i = 0; i < 200; i++) printf ")" }')"
q "10,000-word query" "$(awk 'BEGIN { for (i = 0; i < 10000; i++) printf "dân "; }')"
q "absurd --limit" --limit 99999999 dân
q "negative --limit" --limit -5 dân
q "non-numeric --offset" --offset abc dân
q "bad --sort" --sort sideways dân
q "bad --year" -y 20x0 dân
q "bad --color" --color purple dân
# the caret points at the position
"$SEARCH" --db "$T/db" 'dân vận foo:bar' 2>"$T/err"
contains "$(cat "$T/err")" "^" "a caret marks the position"
# long but valid query: not an error
"$SEARCH" --db "$T/db" "$(awk 'BEGIN { for (i = 0; i < 300; i++) printf "dân OR "; printf "vận" }')" >/dev/null 2>&1; rc=$?
[ "$rc" -eq 0 ] || [ "$rc" -eq 1 ]; ok $? "a long valid OR query runs (status $rc)"
done_testing

#!/bin/sh
# Bash completion (completions/tracuu-search, completions/tracuu-index):
# each script is sourced in bash and its function called with COMP_WORDS,
# COMP_CWORD, COMP_LINE and COMP_POINT set as bash sets them (bash splits
# words at ':'), and the candidates are checked.
. "$top_srcdir/tests/tap.sh"

if ! command -v bash >/dev/null 2>&1; then
    echo "1..0 # SKIP bash not found"
    exit 0
fi
mkdir "$T/dir" "$T/dir/sub" && : > "$T/dir/a.docx"

# comp SCRIPT FUNCTION WORD...: the candidates, one per line, for the
# last WORD ("" to complete an empty word), words split as bash splits them.
comp() {
    script=$1; fn=$2; shift 2
    bash -c '
        script=$1 fn=$2; shift 2
        . "$script"
        COMP_WORDS=("$@"); COMP_CWORD=$(($# - 1))
        line=""
        for w in "$@"; do
            case $w in :) line="$line:" ;; *) case $line in *:) line="$line$w" ;; *) line="$line${line:+ }$w" ;; esac ;; esac
        done
        [ -z "${!#}" ] && line="$line "
        COMP_LINE=$line; COMP_POINT=${#line}
        compopt() { :; }
        "$fn"
        printf "%s\n" "${COMPREPLY[@]}"' bash "$script" "$fn" "$@"
}
S="$top_srcdir/completions/tracuu-search"
I="$top_srcdir/completions/tracuu-index"

got=$(comp "$S" _tracuu_search "$SEARCH" --so)
is "$got" "--sort" "tracuu-search --so completes to --sort"
got=$(comp "$S" _tracuu_search "$SEARCH" --sort "")
is "$(printf '%s\n' "$got" | sort | tr '\n' ' ')" "-date date relevance " "--sort values"
got=$(comp "$S" _tracuu_search "$SEARCH" --color a)
is "$(printf '%s\n' "$got" | tr '\n' ' ')" "auto always " "--color values"
got=$(comp "$S" _tracuu_search "$SEARCH" -p quang)
is "$(printf '%s\n' "$got" | sort | tr '\n' ' ')" "quang-binh quang-nam quang-ngai quang-ninh quang-tri " "-p completes province slugs (no marks)"
got=$(comp "$S" _tracuu_search "$SEARCH" --province "Quảng N")
contains "$got" 'Quảng\ Ngãi' "--province completes names with marks, quoted for the shell"
got=$(comp "$S" _tracuu_search "$SEARCH" giải tin)
is "$got" "tinh:" "a field name: tin -> tinh:"
got=$(comp "$S" _tracuu_search "$SEARCH" tinh : ha-)
is "$(printf '%s\n' "$got" | sort | tr '\n' ' ')" "ha-giang ha-nam ha-noi ha-tinh " "tinh:ha- completes provinces (what follows the colon)"
got=$(comp "$S" _tracuu_search "$SEARCH" province :)
is "$(printf '%s\n' "$got" | wc -l | tr -d ' ')" 63 "province: offers the 63 provinces"
got=$(comp "$S" _tracuu_search "$SEARCH" --db "$T/dir/s")
is "$got" "$T/dir/sub" "--db completes directories"

got=$(comp "$I" _tracuu_index "$INDEX" --ex)
is "$got" "--explain" "tracuu-index --ex completes to --explain"
got=$(comp "$I" _tracuu_index "$INDEX" --formats docx,p)
is "$(printf '%s\n' "$got" | sort | tr '\n' ' ')" "docx,pdf docx,png " "--formats completes the last item of a list"
got=$(comp "$I" _tracuu_index "$INDEX" "$T/dir/a")
is "$got" "$T/dir/a.docx" "paths to index are completed"

got=$("$SEARCH" --complete provinces | wc -l | tr -d ' ')
is "$got" 126 "tracuu-search --complete provinces: 63 slugs and 63 names"
"$SEARCH" --complete bogus >/dev/null 2>&1
is "$?" 2 "--complete with an unknown list is a usage error"

done_testing

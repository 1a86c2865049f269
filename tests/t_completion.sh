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
# the program as typed answers, ~/ included (bash leaves it unexpanded)
mkdir -p "$T/bin" && ln -s "$SEARCH" "$T/bin/tracuu-search"
got=$(HOME="$T" comp "$S" _tracuu_search "~/bin/tracuu-search" -p quang-ng)
is "$got" "quang-ngai" "~/bin/tracuu-search -p quang-ng completes (the program found through ~)"
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
# with the word typed, the program matches it as the -i prompt does:
# without marks or capitals, word breaks optional unless typed, a later
# word when no name begins with it
lst() { "$SEARCH" --complete "$@" | tr '\n' '|'; }
is "$(lst provinces 'quang n')" "Quảng Nam|Quảng Ngãi|Quảng Ninh|" "--complete provinces 'quang n': the marked names"
is "$(lst provinces 'Quảng Ng')" "Quảng Ngãi|" "…'Quảng Ng'"
is "$(lst provinces quang)" "quang-binh|quang-nam|quang-ngai|quang-ninh|quang-tri|" "…'quang': slugs, and not tuyen-quang"
is "$(lst provinces ha-)" "ha-giang|ha-nam|ha-noi|ha-tinh|" "…'ha-': a typed break is wanted (not hai-duong)"
is "$(lst provinces hanoi)" "ha-noi|" "…'hanoi' finds ha-noi"
is "$(lst provinces minh)" "ho-chi-minh|" "…'minh': a later word of Thành phố Hồ Chí Minh"
is "$(lst provinces 'ho chi')" "Thành phố Hồ Chí Minh|" "…'ho chi': its name"
is "$(lst provinces xyz)" "" "…'xyz': nothing"
is "$(lst bodies 'ban dan van ti')" "Ban Dân vận Tỉnh ủy|" "--complete bodies, without marks"
is "$(lst provinces:slugs 'Quảng N')" "quang-nam|quang-ngai|quang-ninh|" "--complete provinces:slugs: slugs however typed"
is "$(lst provinces:names quangng)" "Quảng Ngãi|" "--complete provinces:names: names however typed"
got=$(comp "$S" _tracuu_search "$SEARCH" tinh : Quảng)
is "$(printf '%s\n' "$got" | tr '\n' ' ')" "quang-binh quang-nam quang-ngai quang-ninh quang-tri " "bash: tinh:Quảng completes to slugs"
got=$(comp "$S" _tracuu_search "$SEARCH" -p 'quang\ ng')
is "$got" 'Quảng\ Ngãi' "bash: -p quang\\ ng completes to the marked name"
got=$(comp "$S" _tracuu_search "$SEARCH" -p minh)
is "$got" "ho-chi-minh" "bash: -p minh completes to ho-chi-minh"
got=$(comp "$S" _tracuu_search "$SEARCH" tinh : minh)
is "$got" "ho-chi-minh" "bash: tinh:minh completes to ho-chi-minh"
"$SEARCH" --complete bogus >/dev/null 2>&1
is "$?" 2 "--complete with an unknown list is a usage error"

got=$(comp "$S" _tracuu_search "$SEARCH" loai : ke-h)
is "$got" "ke-hoach" "loai:ke-h completes a document type"
got=$(comp "$S" _tracuu_search "$SEARCH" coquan : ban-dan-van-ti)
is "$got" "ban-dan-van-tinh-uy" "coquan:ban-dan-van-ti completes an issuing body"
got=$("$SEARCH" --complete types | grep -c '^Báo cáo$')
is "$got" 1 "--complete types lists the type names"
got=$("$SEARCH" --complete bodies | grep -c '^Ban Thường vụ Tỉnh ủy$')
is "$got" 1 "--complete bodies lists each body name once"

# In a real interactive bash (readline does the quoting, which the calls
# above cannot show): names with spaces after -p/-t/-b, typed with an
# opening quote or with backslashes, complete whole; a folder after --show
# gets '/', not a space.  `ts` prints the words bash would pass; each line
# is typed once the prompt is back, lest its echo fall into the output.
PY=${PYTHON3:-python3}
if "$PY" -c 'import pty' 2>/dev/null; then
    mkdir -p "$T/deep/inner" "$T/spaced/Báo cáo 2020" && : > "$T/spaced/Văn bản số 1.txt"
    cat > "$T/rc" <<EOF
PS1='$ '
. "$S"
ts() { printf 'ARGS:'; printf '<%s>' "\$@"; printf '\\n'; }
_ts() { COMP_WORDS[0]="$SEARCH"; _tracuu_search "\$@"; }
complete -F _ts ts
. "$I"
ti() { printf 'ARGS:'; printf '<%s>' "\$@"; printf '\\n'; }
_ti() { COMP_WORDS[0]="$INDEX"; _tracuu_index "\$@"; }
complete -F _ti ti
bind 'set bell-style none'
EOF
    steps='[["$ ","ts -p \"Quảng Ng\t"],["i","\r"],["\r\n$ ","ts -p Quả\t"],["ng\\ ","Ng\t"],["ãi","\r"],'
    steps=$steps'["\r\n$ ","ts -p quang\\ ng\t"],["ãi","\r"],["\r\n$ ","ts -p \"quangng\t"],["Ngãi\"","\r"],["\r\n$ ","ts -t \"Báo c\t"],["cáo\"","\r"],["\r\n$ ","ts -b Ban\\ Dân\\ vận\\ Tỉ\t"],["y","\r"],'
    steps=$steps'["\r\n$ ","ts --show '"$T"'/dee\t"],["deep/","i\t"],["inner/","\r"],'
    steps=$steps'["\r\n$ ","ti '"$T"'/spaced/Bá\t"],["2020/","\r"],["\r\n$ ","ti --explain '"$T"'/spaced/Vă\t"],["txt","\r"],'
    steps=$steps'["\r\n$ ","exit\r"]]'
    out=$(cd "$T" && HOME="$T" "$PY" "$top_srcdir/tests/pty_drive.py" "$steps" -- \
          bash --noprofile --rcfile "$T/rc" -i 2>&1 | tr -d '\r')
    contains "$out" "ARGS:<-p><Quảng Ngãi>" "bash: -p \"Quảng Ng<Tab> completes a quoted province name"
    contains "$out" 'ts -p Quảng\ Ngãi' "bash: -p Quả<Tab>Ng<Tab> completes it with backslashes"
    is "$(printf '%s\n' "$out" | grep -o 'ARGS:<-p><Quảng Ngãi>' | wc -l | tr -d ' ')" 4 "…to the same name, and quang\\ ng<Tab> and \"quangng<Tab> too"
    contains "$out" "ARGS:<-t><Báo cáo>" "bash: -t completes a type name"
    contains "$out" "ARGS:<-b><Ban Dân vận Tỉnh ủy>" "bash: -b completes a body name"
    contains "$out" "ARGS:<--show><$T/deep/inner/>" "bash: --show goes on into a folder"
    contains "$out" "ARGS:<$T/spaced/Báo cáo 2020/>" "bash: tracuu-index completes a folder name with spaces"
    contains "$out" "ARGS:<--explain><$T/spaced/Văn bản số 1.txt>" "bash: --explain completes a file name with spaces"
else
    skip "no python3 with pty: real-bash completion"
fi

# zsh (completions/zsh/_tracuu-search, _tracuu-index): the same cases in a
# real zsh with compinit.  The candidates come from the program, and zsh
# must not filter them again by the letters typed ("quang\ ng" becomes
# "Quảng Ngãi"); a field keeps its name in front of the slug.
if command -v zsh >/dev/null 2>&1 && "$PY" -c 'import pty' 2>/dev/null; then
    mkdir -p "$T/zdot" "$T/deep/inner" "$T/spaced/Báo cáo 2020"
    cat > "$T/zdot/.zshrc" <<EOF
PS1='$ '
fpath=("$top_srcdir/completions/zsh" \$fpath)
autoload -U compinit && compinit -u -d "$T/zdot/.zcompdump"
ts() { printf 'ARGS:'; printf '<%s>' "\$@"; printf '\\n'; }
_ts() { words[1]="$SEARCH"; _tracuu-search "\$@"; }
compdef _ts ts
ti() { printf 'ARGS:'; printf '<%s>' "\$@"; printf '\\n'; }
_ti() { words[1]="$INDEX"; _tracuu-index "\$@"; }
compdef _ti ti
EOF
    cat > "$T/zsteps.py" <<'EOF'
import json, sys
t = sys.argv[1]
cases = [("ts -p Quả\t", "ng\\ ", "Ng\t", "ãi"), ("ts -p quang\\ ng\t", "ãi"),
         ("ts -p \"quang ng\t", "ãi\""), ("ts -t \"Báo c\t", "cáo\""),
         ("ts tinh:quang-ng\t", "ngai"), ("ts -p minh\t", "minh"),
         ("ts ti\t", "tinh:"), ("ts --exact-c\t", "counts"),
         ("ti --formats pdf,od\t", "odt"), ("ti " + t + "/dee\t", "deep/"),
         ("ti " + t + "/spaced/Bá\t", "2020/")]
steps = []
for c in cases:
    steps.append(["$ ", c[0]])
    for i in range(1, len(c) - 1, 2):
        steps.append([c[i], c[i + 1]])
    steps += [[c[-1], "\r"], ["ARGS:", ""]]
steps.append(["$ ", "exit\r"])
print(json.dumps(steps))
EOF
    steps=$("$PY" "$T/zsteps.py" "$T")
    out=$(cd "$T" && ZDOTDIR="$T/zdot" HOME="$T" "$PY" "$top_srcdir/tests/pty_drive.py" "$steps" -- \
          zsh -i 2>&1 | tr -d '\r')
    is "$(printf '%s\n' "$out" | grep -o 'ARGS:<-p><Quảng Ngãi>' | wc -l | tr -d ' ')" 3 \
        "zsh: -p Quả<Tab>Ng<Tab>, quang\\ ng<Tab> and \"quang ng<Tab> complete Quảng Ngãi"
    contains "$out" "ARGS:<-t><Báo cáo>" "zsh: -t completes a type name"
    contains "$out" "ARGS:<tinh:quang-ngai>" "zsh: tinh:quang-ng<Tab> keeps the field name"
    contains "$out" "ARGS:<-p><ho-chi-minh>" "zsh: a later word of the name (minh) finds it"
    contains "$out" "ARGS:<tinh:>" "zsh: a field name, with no space after it"
    contains "$out" "ARGS:<--exact-counts>" "zsh: options"
    contains "$out" "ARGS:<--formats><pdf,odt>" "zsh: tracuu-index completes the last of a list of formats"
    # (the '/' a folder gets is taken off again by Enter: zsh's auto_remove_slash)
    contains "$out" "ARGS:<$T/deep>" "zsh: tracuu-index completes folders"
    contains "$out" "ARGS:<$T/spaced/Báo cáo 2020>" "zsh: …with spaces in their names"
else
    skip "no zsh (or no python3 with pty): zsh completion"
fi

done_testing

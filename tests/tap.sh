# tap.sh — TAP for tracuu's shell tests (sourced, POSIX sh).
#   ok COND_EXIT "name"   — after a command: ok $? "name"
#   is GOT WANT "name"    — string equality with a diagnostic
#   contains HAYSTACK NEEDLE "name"
#   done_testing          — prints the plan, exits non-zero on failure
# Programs are found through $top_builddir; each test gets a scratch
# directory $T removed on exit.
tap_n=0
tap_failed=0
: "${top_builddir:=$(cd "$(dirname "$0")/.." && pwd)}"
: "${top_srcdir:=$top_builddir}"
INDEX="$top_builddir/indexer/tracuu-index"
SEARCH="$top_builddir/searcher/tracuu-search"
SAMPLES="$top_srcdir/corpus/samples"
T=$(mktemp -d "${TMPDIR:-/tmp}/tracuu-test.XXXXXX")
trap 'chmod -R u+rwx "$T" 2>/dev/null; rm -rf "$T"' EXIT
unset TRACUU_DB NO_COLOR
export LC_ALL=C.UTF-8

ok() {
    tap_n=$((tap_n + 1))
    if [ "$1" -eq 0 ]; then echo "ok $tap_n - $2"
    else echo "not ok $tap_n - $2"; tap_failed=$((tap_failed + 1)); fi
}
is() {
    tap_n=$((tap_n + 1))
    if [ "$1" = "$2" ]; then echo "ok $tap_n - $3"
    else
        echo "not ok $tap_n - $3"; tap_failed=$((tap_failed + 1))
        printf '#   got:  %s\n#   want: %s\n' "$1" "$2"
    fi
}
contains() {
    tap_n=$((tap_n + 1))
    case "$1" in
        *"$2"*) echo "ok $tap_n - $3" ;;
        *) echo "not ok $tap_n - $3"; tap_failed=$((tap_failed + 1))
           printf '#   missing: %s\n' "$2"
           printf '%s\n' "$1" | head -20 | sed 's/^/#   | /' ;;
    esac
}
lacks() {
    tap_n=$((tap_n + 1))
    case "$1" in
        *"$2"*) echo "not ok $tap_n - $3"; tap_failed=$((tap_failed + 1))
           printf '#   unexpected: %s\n' "$2" ;;
        *) echo "ok $tap_n - $3" ;;
    esac
}
done_testing() {
    echo "1..$tap_n"
    [ "$tap_failed" -eq 0 ]
    exit $?
}
skip() {
    tap_n=$((tap_n + 1))
    echo "ok $tap_n # SKIP $1"
}

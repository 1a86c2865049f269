#!/bin/sh
# tracuu-web in headless Chromium (tests/web_browser.py).  Screenshots go
# to tests/web-screenshots/ in the build tree, to be looked at.  Without
# Chromium, ChromeDriver or Selenium the test says so and skips: it never
# passes without having run.
. "$top_srcdir/tests/tap.sh"
. "$top_srcdir/tests/web.sh"

BPY=/usr/bin/python3   # Debian's python3-selenium lives with Debian's python
if ! command -v chromium >/dev/null 2>&1 || ! command -v chromedriver >/dev/null 2>&1; then
    skip "skipped: no chromium (apt-get install chromium chromium-driver)"
    done_testing
fi
if ! "$BPY" -c 'import selenium' 2>/dev/null; then
    skip "skipped: no python3-selenium"
    done_testing
fi

mkdir "$T/c" && cp "$SAMPLES"/*.txt "$T/c/"
"$INDEX" -q --db "$DB" "$T/c" 2>/dev/null
is "$?" 0 "sample corpus indexed"
start browser --listen 127.0.0.1:0
ok $? "server starts"

SHOTS="$top_builddir/tests/web-screenshots"
mkdir -p "$SHOTS"
# The script prints numbered TAP lines of its own; renumber them after ours.
"$BPY" "$top_srcdir/tests/web_browser.py" "$URL" "$SHOTS" > "$T/browser.tap" 2>"$T/browser.err"
rc=$?
while IFS= read -r line; do
    case $line in
        "ok "*) ok 0 "${line#ok * - }" ;;
        "not ok "*) ok 1 "${line#not ok * - }" ;;
        *) echo "$line" ;;
    esac
done < "$T/browser.tap"
[ $rc -eq 0 ] || [ -s "$T/browser.tap" ] || sed 's/^/# /' "$T/browser.err" | tail -20
ok $rc "the browser session ended cleanly"
for f in search facet document number phone; do
    [ -s "$SHOTS/$f.png" ]; ok $? "screenshot $f.png saved"
done
stop
done_testing

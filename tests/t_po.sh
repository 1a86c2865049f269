#!/bin/sh
# The Vietnamese catalog is complete: every message marked in the
# programs is in po/vi.po, translated, and none is fuzzy.  `make check`
# fails here when a new message was marked but not translated (run
# `make update-po`, translate, and remove the fuzzy flags).
. "$top_srcdir/tests/tap.sh"

for tool in msgfmt msgattrib xgettext msgcmp; do
    if ! command -v "$tool" >/dev/null 2>&1; then
        echo "1..0 # SKIP $tool not found (install the Debian package gettext)"
        exit 0
    fi
done
PO="$top_srcdir/po/vi.po"
stats=$(LC_ALL=C msgfmt --check --statistics -o /dev/null "$PO" 2>&1)
ok $? "msgfmt --check accepts vi.po"
lacks "$stats" "untranslated" "no untranslated message ($stats)"
lacks "$stats" "fuzzy" "no fuzzy message"
is "$(msgattrib --untranslated --no-obsolete "$PO" | grep -c '^msgid ')" 0 "msgattrib --untranslated lists nothing"
is "$(msgattrib --only-fuzzy --no-obsolete "$PO" | grep -c '^msgid ')" 0 "msgattrib --only-fuzzy lists nothing"

# The catalog covers the sources as they are now.
(cd "$top_srcdir" && grep -v '^#' po/POTFILES.in | xargs xgettext --from-code=UTF-8 \
    --keyword=_ --keyword=N_ --keyword=ngettext:1,2 --keyword=tr_lmsg \
    --keyword=fail:3 --keyword=trq_seterr:4 -o "$T/now.pot") 2>/dev/null
ok $? "xgettext reads the sources"
err=$(msgcmp "$PO" "$T/now.pot" 2>&1)
ok $? "every marked message is in vi.po (else: make update-po)"
[ -n "$err" ] && printf '%s\n' "$err" | head -5 | sed 's/^/#   /'

done_testing

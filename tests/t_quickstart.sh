#!/bin/sh
# ./quickstart search in Vietnamese: the programs it runs are not installed,
# so it must hand them the catalog the build made (TRACUU_LOCALEDIR), or
# `LANGUAGE=vi ./quickstart search …` answers in English.
#
# The real script runs in a scratch checkout whose build is already done:
# built programs, sample corpus and po/vi.gmo linked in, a Makefile with
# nothing to do, and a dpkg-query that finds every package installed (the
# test must never call apt-get).
. "$top_srcdir/tests/tap.sh"

gmo=""
for g in "$top_builddir/po/vi.gmo" "$top_srcdir/po/vi.gmo"; do
    [ -f "$g" ] && { gmo=$g; break; }
done
if [ -z "$gmo" ]; then
    echo "1..0 # SKIP po/vi.gmo not built (gettext's msgfmt missing?)"
    exit 0
fi
if ! locale -a 2>/dev/null | grep -qix 'c\.utf-\?8'; then
    echo "1..0 # SKIP no C.UTF-8 locale here (glibc older than 2.35?)"
    exit 0
fi

Q="$T/checkout"
mkdir -p "$Q/po" "$Q/corpus" "$T/bin"
cp "$top_srcdir/quickstart" "$Q/"
ln -s "$top_builddir/indexer" "$Q/indexer"
ln -s "$top_builddir/searcher" "$Q/searcher"
ln -s "$SAMPLES" "$Q/corpus/samples"
cp "$gmo" "$Q/po/vi.gmo"
printf 'all:\n\t@:\n' > "$Q/Makefile"
printf '#!/bin/sh\n' > "$Q/configure" && chmod +x "$Q/configure"
touch -d '2001-01-01' "$Q/configure.ac"
touch -d '2001-01-02' "$Q/configure"
touch -d '2001-01-03' "$Q/config.status"
printf '#!/bin/sh\necho "install ok installed"\n' > "$T/bin/dpkg-query"
chmod +x "$T/bin/dpkg-query"
qs() { env -u TRACUU_LOCALEDIR PATH="$T/bin:$PATH" "$@"; }

out=$(qs LANGUAGE=vi "$Q/quickstart" search --color never giải phóng mặt bằng 2>&1)
contains "$out" "có 3 văn bản phù hợp" "LANGUAGE=vi ./quickstart search answers in Vietnamese"
contains "$out" "cơ quan ban hành" "facet labels in Vietnamese"
out=$(qs LANG=vi_VN.UTF-8 LC_ALL= LANGUAGE= "$Q/quickstart" search --color never giải phóng mặt bằng 2>&1)
contains "$out" "có 3 văn bản phù hợp" "LANG=vi_VN.UTF-8 ./quickstart search answers in Vietnamese"
out=$(qs "$Q/quickstart" search --color never giải phóng mặt bằng 2>&1)
contains "$out" "3 documents match" "English stays the default"
is "$(cat "$Q/.quickstart/locale/vi/LC_MESSAGES/tracuu.mo" | cksum)" "$(cksum < "$gmo")" \
    "the catalog handed over is the one the build made"
done_testing

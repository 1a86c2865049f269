#!/bin/sh
# bench/extract.sh — the extraction lane of `make bench`: how fast the
# readers are, and whether extraction slows indexing down.
# Usage: extract.sh BUILDDIR CORPUSDIR WORKDIR  (BENCH_EXTRACT_DOCS, default 300)
#
# The documents are the generator's, turned into the formats by the real
# tools users' files come from: pandoc for .docx, LibreOffice for .odt and
# .pdf, pdftoppm for the "scanned" pages.  A missing tool skips its line.
set -eu
B=$1; C=$2; W=$3
K=${BENCH_EXTRACT_DOCS:-300}
X="$W/extract-$K"
say() { printf '%s\n' "$*"; }
if [ ! -d "$X/txt" ]; then
    rm -rf "$X"; mkdir -p "$X/txt" "$X/docx" "$X/odt" "$X/pdf" "$X/scan"
    find "$C" -name '*.txt' | sort | head -n "$K" | while read -r f; do cp "$f" "$X/txt/"; done
    if command -v pandoc >/dev/null 2>&1; then
        for f in "$X"/txt/*.txt; do
            n=$(basename "$f" .txt)
            pandoc -f markdown -t docx -o "$X/docx/$n.docx" "$f"
        done
    fi
    if command -v soffice >/dev/null 2>&1; then
        h=$(mktemp -d)
        ls "$X"/txt/*.txt | head -n 50 > "$X/fifty"
        HOME=$h soffice --headless --convert-to pdf --outdir "$X/pdf" $(cat "$X/fifty") >/dev/null 2>&1 || true
        HOME=$h soffice --headless --convert-to odt --outdir "$X/odt" $(cat "$X/fifty") >/dev/null 2>&1 || true
        rm -rf "$h"
    fi
    if command -v pdftoppm >/dev/null 2>&1; then
        ls "$X"/pdf/*.pdf 2>/dev/null | head -n 3 | while read -r p; do
            pdftoppm -r 300 -gray -png -f 1 -l 1 "$p" "$X/scan/$(basename "$p" .pdf)"
        done
    fi
fi
say "== extraction (in process, median of 3 passes)"
set -- "$X"/docx/*.docx "$X"/odt/*.odt "$X"/pdf/*.pdf
"$B/bench/bench-extract" -n 3 "$@" 2>&1 | grep -v ': cannot read' || true
if ls "$X"/scan/*.png >/dev/null 2>&1; then
    say "== OCR (Tesseract, vie; one pass)"
    # one OpenMP thread, as tracuu-index runs Tesseract
    OMP_THREAD_LIMIT=${OMP_THREAD_LIMIT:-1} "$B/bench/bench-extract" -n 1 "$X"/scan/*.png || true
fi
say "== indexing the same documents as .txt and as .docx (whole runs)"
for fmt in txt docx; do
    [ -n "$(ls "$X/$fmt" 2>/dev/null)" ] || continue
    rm -rf "$X/db-$fmt"
    t0=$(date +%s.%N)
    "$B/indexer/tracuu-index" -q --db "$X/db-$fmt" "$X/$fmt" || true
    t1=$(date +%s.%N)
    n=$(ls "$X/$fmt" | wc -l)
    say "$fmt: $n documents in $(awk "BEGIN{printf \"%.2f\", $t1-$t0}") s ($(awk "BEGIN{printf \"%.0f\", $n/($t1-$t0)}") docs/s)"
done

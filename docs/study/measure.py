#!/usr/bin/env python3
"""Measure tracuu's metadata and citation extraction on the real-document
study set (real-docs.tsv).  The texts are not in the repository: pass the
directory holding ID.txt for each id (default /tmp/study).

  docs/study/measure.py [--index PATH] [--texts DIR] [-v]

Per field: right / documents that state the field (label not '-'), and
'claimed' = a value extracted where the document states none.  Citations:
precision and recall over the union of all documents, own number excluded
from both sides.  -v lists every miss."""
import argparse, os, re, subprocess, sys, unicodedata

HERE = os.path.dirname(os.path.abspath(__file__))
FIELDS = ["number", "type", "body", "province", "date", "year"]


def norm_num(s):
    s = unicodedata.normalize("NFC", s).strip().upper().replace(" ", "")
    return re.sub(r"^0+(?=\d)", "", s)


def norm_text(s):
    s = unicodedata.normalize("NFC", s).strip().lower()
    return s.replace("uỷ", "ủy").replace("hoà", "hòa")


def explain(index, path):
    out = subprocess.run([index, "--explain", path], capture_output=True, errors="replace",
                         text=True).stdout
    meta, cites, sec = {}, set(), None
    for line in out.splitlines():
        if line.startswith("metadata"):
            sec = "m"; continue
        if line.startswith("citations"):
            sec = "c"; continue
        if line and not line.startswith(" "):
            sec = None; continue
        if sec == "m":
            m = re.match(r"  (\w+)\s+(.*?)\s+\[[^\]]*\]$", line)
            if m and m.group(1) in FIELDS:
                meta[m.group(1)] = m.group(2)
        elif sec == "c" and line.startswith("  ") and not line.startswith("    "):
            cites.add(norm_num(line.split()[0]))
    return meta, cites


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--index", default=os.path.join(HERE, "../../indexer/tracuu-index"))
    ap.add_argument("--texts", default="/tmp/study")
    ap.add_argument("-v", action="store_true")
    a = ap.parse_args()
    rows = [l.rstrip("\n").split("\t") for l in open(os.path.join(HERE, "real-docs.tsv"))]
    head, rows = rows[0], rows[1:]
    right = {f: 0 for f in FIELDS}; stated = dict(right); claimed = dict(right)
    tp = fp = fn = 0
    for r in rows:
        lab = dict(zip(head, r))
        path = os.path.join(a.texts, lab["id"] + ".txt")
        if not os.path.exists(path):
            print("missing", path, file=sys.stderr); continue
        meta, got = explain(a.index, path)
        for f in FIELDS:
            want, have = lab[f], meta.get(f)
            if want == "-":
                if have:
                    claimed[f] += 1
                    if a.v: print(f"{lab['id']} {f}: claimed {have!r} (not stated)")
                continue
            stated[f] += 1
            if f == "number":
                ok = have is not None and norm_num(have) == norm_num(want)
            else:
                ok = have is not None and any(norm_text(have) == norm_text(w)
                                              for w in want.split("|"))
            right[f] += ok
            if not ok and a.v:
                print(f"{lab['id']} {f}: want {want!r} got {have!r}")
        want = {norm_num(c) for c in lab["citations"].split(";") if c}
        own = norm_num(lab["number"]) if lab["number"] != "-" else None
        got.discard(own)
        tp += len(want & got); fp += len(got - want); fn += len(want - got)
        if a.v:
            for c in sorted(want - got): print(f"{lab['id']} cite missed {c}")
            for c in sorted(got - want): print(f"{lab['id']} cite wrong  {c}")
    print(f"documents {len(rows)}")
    for f in FIELDS:
        pct = 100.0 * right[f] / stated[f] if stated[f] else 0
        print(f"{f:9s} {right[f]:3d}/{stated[f]:<3d} {pct:5.1f}%   claimed where unstated: {claimed[f]}")
    p = 100.0 * tp / (tp + fp) if tp + fp else 0
    rc = 100.0 * tp / (tp + fn) if tp + fn else 0
    print(f"citations precision {tp}/{tp+fp} {p:.1f}%  recall {tp}/{tp+fn} {rc:.1f}%")


if __name__ == "__main__":
    main()

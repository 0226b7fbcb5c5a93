#!/usr/bin/env python3
"""norm-case.py — do names get the same norm however the text is cased?

Every factRuEval dev text is extracted three times with fakt: as written,
all in lowercase and all in capitals (the same code points, so the same
offsets).  For each recased version, the entities found at the same span
with the same type as in the original are counted, and of those the ones
whose "norm" is the same string as the original's.  The original's norm is
the reference: this measures how well the truecaser and the normalizer
undo the lost capitals («шавкатом мирзиёевым» → «Шавкат Мирзиёев»), not
whether the norms themselves are right.

Usage: eval/norm-case.py [--fakt build/fakt] [--corpora ../shared/corpora]
                         [--errors N]
(FAKT_DICT / FAKT_MODEL as for the CLI.)
"""
import argparse
import json
import os
import subprocess
import sys


def entities(fakt, text):
    r = subprocess.run([fakt, "extract"], input=text.encode("utf-8"), capture_output=True)
    if r.returncode != 0:
        sys.exit("norm-case: fakt extract failed: " + r.stderr.decode("utf-8", "replace"))
    return {(e["start"], e["end"], e["type"]): e["norm"] for e in json.loads(r.stdout)["entities"]}


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--fakt", default="build/fakt")
    ap.add_argument("--corpora", default="../shared/corpora")
    ap.add_argument("--errors", type=int, default=0, help="print up to N differing norms per case")
    a = ap.parse_args()
    dev = os.path.join(a.corpora, "factrueval-2016", "devset")
    books = sorted(f for f in os.listdir(dev) if f.endswith(".txt"))
    if not books:
        sys.exit("norm-case: no factRuEval texts in " + dev)
    counts = {"lower": [0, 0], "upper": [0, 0]}
    shown = {"lower": 0, "upper": 0}
    for b in books:
        with open(os.path.join(dev, b), encoding="utf-8") as f:
            text = f.read()
        orig = entities(a.fakt, text)
        for case, recased in (("lower", text.lower()), ("upper", text.upper())):
            if len(recased) != len(text):
                continue  # a letter whose other case has another length: offsets would move
            for k, norm in entities(a.fakt, recased).items():
                if k not in orig:
                    continue
                counts[case][0] += 1
                if norm == orig[k]:
                    counts[case][1] += 1
                elif shown[case] < a.errors:
                    shown[case] += 1
                    print(f"  {case} {b[:-4]}: «{orig[k]}» / «{norm}»")
    for case, (n, same) in counts.items():
        print(f"norm-case {case}: {same} of {n} entities found in both keep the original's norm "
              f"({same / max(n, 1):.3f})")


if __name__ == "__main__":
    main()

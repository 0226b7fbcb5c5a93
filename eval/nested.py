#!/usr/bin/env python3
"""nested.py — quality of fakt's nested entities against NEREL's nested gold.

fakt nests entities only inside entities of its flat layer, so this scores
the inner layer given the outer one: for every flat (top-level) entity fakt
predicts, the gold inner entities are NEREL's PERSON / ORGANIZATION / place
(COUNTRY, CITY, STATE_OR_PROVINCE, DISTRICT, LOCATION) annotations lying
strictly inside its span; the predicted inner entities are fakt's entities
with a "parent".  A prediction is right when a gold inner entity has the same
start, end and type (PER / LOC / ORG).  Geo adjectives («Московский» in
«Московский университет»), which NEREL marks CITY but fakt does not treat as
names (src/ner/corpus.c does the same for the flat layer), are left out of
the gold, as are discontinuous annotations.

The committed model was trained on NEREL train+dev: its outer spans are
optimistic there, and so is every figure of this script.  The inner layer
itself is not trained (src/ner/nest.c is rule-based), but its document and
LOC-table evidence comes from the same model.

Usage: eval/nested.py [--fakt build/fakt] [--corpora ../shared/corpora]
                      [--parts dev,train] [--errors]
(FAKT_DICT / FAKT_MODEL as for the CLI.)
"""
import argparse
import collections
import json
import os
import re
import subprocess
import sys

TYPES = {"PERSON": "PER", "ORGANIZATION": "ORG", "COUNTRY": "LOC", "CITY": "LOC",
         "STATE_OR_PROVINCE": "LOC", "STATE_OR_PROV": "LOC", "DISTRICT": "LOC", "LOCATION": "LOC"}
GEO_ADJ = re.compile(r"^\S+[сц]к(ий|ая|ое|ие|ого|ой|ому|ом|им|ую|их|ими|ым|ых|ые|ыми)$")


def gold_of(path):
    out = []
    with open(path, encoding="utf-8") as f:
        for line in f:
            if not line.startswith("T"):
                continue
            _, ann, text = line.rstrip("\n").split("\t", 2)
            if ";" in ann:
                continue
            ty, s, e = ann.split()
            if ty not in TYPES or GEO_ADJ.match(text.lower()):
                continue
            out.append((int(s), int(e), TYPES[ty]))
    return out


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--fakt", default="build/fakt")
    ap.add_argument("--corpora", default="../shared/corpora")
    ap.add_argument("--parts", default="dev")
    ap.add_argument("--errors", action="store_true", help="list every miss and false alarm")
    a = ap.parse_args()
    root = os.path.join(a.corpora, "nerel-1.1")
    docs = []
    for part in a.parts.split(","):
        d = os.path.join(root, part)
        if not os.path.isdir(d):
            sys.exit(f"nested.py: no NEREL part {d}")
        for n in sorted(os.listdir(d)):
            if n.endswith(".txt"):
                with open(os.path.join(d, n), encoding="utf-8") as f:
                    docs.append((os.path.join(d, n[:-4]), f.read()))
    lines = "".join(json.dumps({"id": i, "text": t}, ensure_ascii=False) + "\n" for i, t in docs)
    res = subprocess.run([a.fakt, "batch"], input=lines.encode(), capture_output=True, check=True)
    texts = dict(docs)
    tp = collections.Counter()
    fp = collections.Counter()
    fn = collections.Counter()
    nouter = collections.Counter()
    for line in res.stdout.decode().splitlines():
        r = json.loads(line)
        text = texts[r["id"]]
        gold = gold_of(r["id"] + ".ann")
        ents = r["entities"]
        pred = {(e["start"], e["end"], e["type"]) for e in ents if "parent" in e}
        want = set()
        for o in ents:
            if "parent" in o:
                continue
            nouter[o["type"]] += 1
            for g in gold:
                if o["start"] <= g[0] and g[1] <= o["end"] and (g[0], g[1]) != (o["start"], o["end"]):
                    want.add(g)
        for x in pred | want:
            ok = x in pred and x in want
            (tp if ok else fp if x in pred else fn)[x[2]] += 1
            if a.errors and not ok:
                outer = next(o for o in ents if "parent" not in o and o["start"] <= x[0] and x[1] <= o["end"])
                print(f"{'FP' if x in pred else 'FN'} {x[2]} [{text[x[0]:x[1]]}] in {outer['type']} "
                      f"[{text[outer['start']:outer['end']]}]  {r['id']}")
    print(f"nested entities inside fakt's flat entities, NEREL {a.parts} ({len(docs)} docs; "
          f"outer entities: {sum(nouter.values())}; model trained on NEREL: optimistic)")
    print("  type   P      R      F1    | predicted  gold")
    for ty in ("PER", "LOC", "ORG", "all"):
        keys = ("PER", "LOC", "ORG") if ty == "all" else (ty,)
        t = sum(tp[k] for k in keys)
        p = t + sum(fp[k] for k in keys)
        g = t + sum(fn[k] for k in keys)
        P, R = (t / p if p else 0.0), (t / g if g else 0.0)
        F = 2 * P * R / (P + R) if P + R else 0.0
        print(f"  {ty:<5}  {P:.3f}  {R:.3f}  {F:.3f} | {p:9d}  {g:4d}")


if __name__ == "__main__":
    main()

#!/usr/bin/env bash
# Builds models/forms.tsv: the most frequent token forms (case kept) of the
# unlabeled news, as fakt's segmenter cuts them (tools/forms.c), for the NER
# model's precomputed word table (src/ner/words.c).   Run: make forms
#
# Data: ../shared/corpora/unlabeled (see its README and tools/make-clusters.sh);
# only the forms and their counts are stored, none of the text.
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top"
BUILD=${BUILD:-build}
CORPORA=${CORPORA:-$top/../shared/corpora/unlabeled}
MAXFORMS=${MAXFORMS:-200000}
MINCOUNT=${MINCOUNT:-3}
OUT=${OUT:-models/forms.tsv}
make -s "BUILD=$BUILD" "$BUILD/forms"
files=()
for f in rt-ng-analytics moldova-regional-news telegram-news; do
    [ -r "$CORPORA/$f.txt.xz" ] || { echo "make-forms: missing $CORPORA/$f.txt.xz" >&2; exit 1; }
    files+=("$CORPORA/$f.txt.xz")
done
xz -dc "${files[@]}" | nice -n 10 "$BUILD/forms" -n "$MAXFORMS" -m "$MINCOUNT" -o "$OUT.tmp"
mv "$OUT.tmp" "$OUT"
echo "make-forms: wrote $OUT ($(wc -l < "$OUT") forms, $(du -k "$OUT" | cut -f1) KB)" >&2

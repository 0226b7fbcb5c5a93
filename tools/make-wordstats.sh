#!/usr/bin/env bash
# Builds models/wordstats.tsv: per word form, how the unlabeled news use it
# (tools/wordstats.c): mid-sentence occurrences, how many of them are
# capitalized, occurrences quoted after an organization head word
# («компания «…»»), capitalized occurrences after «г.»/«город»/«село».
# The NER trainer folds them into the model's lex table (src/ner/gaz.c).
#   Run: make wordstats
#
# Data: ../shared/corpora/unlabeled (see its README and tools/make-clusters.sh);
# only the counts are stored, none of the text.  Deterministic; about 25 s,
# 110,233 words (mid + orgq + city >= 5), 2.9 MB.
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top"
BUILD=${BUILD:-build}
CORPORA=${CORPORA:-$top/../shared/corpora/unlabeled}
MINCOUNT=${MINCOUNT:-5}
OUT=${OUT:-models/wordstats.tsv}
make -s "BUILD=$BUILD" "$BUILD/wordstats"
files=()
for f in rt-ng-analytics moldova-regional-news telegram-news; do
    [ -r "$CORPORA/$f.txt.xz" ] || { echo "make-wordstats: missing $CORPORA/$f.txt.xz" >&2; exit 1; }
    files+=("$CORPORA/$f.txt.xz")
done
xz -dc "${files[@]}" | nice -n 10 "$BUILD/wordstats" -m "$MINCOUNT" -o "$OUT.tmp"
mv "$OUT.tmp" "$OUT"
echo "make-wordstats: wrote $OUT ($(wc -l < "$OUT") words, $(du -k "$OUT" | cut -f1) KB)" >&2

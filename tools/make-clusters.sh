#!/usr/bin/env bash
# Builds models/clusters.tsv: word clusters for the NER tagger, learned by
# tools/clusters.c from the unlabeled news corpora.   Run: make clusters
#
# Output: one line per word, sorted by word (byte order):
#     word<TAB>c64<TAB>c256<TAB>c1024
# Words are lowercased runs of Cyrillic (U+0400..U+045F) or Latin letters with
# inner hyphens; ё is folded to е (look words up the same way).  Cluster ids
# nest: every c1024 cluster lies inside one c256 cluster, which lies inside
# one c64 cluster; ids of siblings are contiguous.
#
# Method: tokens (words, <NUM>, punctuation, <URL>, line boundary) of all
# articles; vocabulary = words with count >= MINCOUNT (capped at MAXVOCAB);
# context features = the 1000 most frequent tokens plus 3 rare-token classes
# (capitalized word, lowercase word, other) at positions -2,-1,+1,+2;
# PPMI with context smoothing alpha 0.75, rows L2-normalized (5.8 M nonzeros);
# truncated SVD to 256 dims by randomized subspace iteration (+-1 start with a
# fixed seed, POWER=4 steps; the word vectors are the rows projected on the
# top singular subspace, L2-normalized); spherical k-means (k-means++ seeds
# from the 30k most frequent words, at most 20 iterations) to 1024 clusters;
# 256 and 64 clusters by spherical k-means on the 1024 (then 256) centroids.
# Deterministic (fixed seed, one
# thread, no -march, no fast-math).
#
# Data: ../shared/corpora/unlabeled (see its README), about 18 M tokens:
#   rt-ng-analytics.txt.xz        RT / Nezavisimaya Gazeta articles; no license
#                                 stated, used as training statistics only
#   moldova-regional-news.txt.xz  Moldovan/Gagauz regional news; no license
#                                 stated, used as training statistics only
#   telegram-news.txt.xz          Russian news Telegram channels, CC BY 4.0
# Only derived statistics (the cluster ids) are stored; none of the text.
#
# Runtime measured: 2 min 20 s CPU on one core (4 min wall on the shared
# machine, nice -n 10), peak RAM well under 1 GB;
# 115,928 words (count >= 5), 3.2 MB.  POWER=0 gives plain random projection
# (faster, noisier clusters).
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top"
BUILD=${BUILD:-build}
CORPORA=${CORPORA:-$top/../shared/corpora/unlabeled}
MINCOUNT=${MINCOUNT:-5}
MAXVOCAB=${MAXVOCAB:-160000}
SEED=${SEED:-20240101}
POWER=${POWER:-4}
OUT=${OUT:-models/clusters.tsv}
make -s "BUILD=$BUILD" "$BUILD/clusters"
mkdir -p "$(dirname "$OUT")"
files=()
for f in rt-ng-analytics moldova-regional-news telegram-news; do
    [ -r "$CORPORA/$f.txt.xz" ] || { echo "make-clusters: missing $CORPORA/$f.txt.xz" >&2; exit 1; }
    files+=("$CORPORA/$f.txt.xz")
done
xz -dc "${files[@]}" |
    nice -n 10 "$BUILD/clusters" -m "$MINCOUNT" -V "$MAXVOCAB" -s "$SEED" -P "$POWER" -o "$OUT.tmp" \
        -S "${SHOW:-москва,путин,газпром,министр,понедельник,франция,иванов,молдова}"
mv "$OUT.tmp" "$OUT"
echo "make-clusters: wrote $OUT ($(wc -l < "$OUT") words, $(du -k "$OUT" | cut -f1) KB)" >&2

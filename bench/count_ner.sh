#!/usr/bin/env bash
# Instructions from text to entities, counted by callgrind: a figure that,
# unlike throughput on a shared machine, is the same on every run, so two
# versions can be compared to the percent.  Runs $BUILD/bench_ner with one
# timed pass per way of opening (warm-up + timed, mapped and huge pages:
# four passes over the texts) and counts only inside fakt_doc_analyze.
# Prints ner.instructions_per_article (per 1 KB article, the unit of
# articles/s) and ner.instructions_per_token.  Needs valgrind; skipped
# without it.
set -u
top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top"
BUILD=${BUILD:-build}
if ! command -v valgrind >/dev/null || ! command -v callgrind_annotate >/dev/null; then
    echo "count_ner: valgrind not installed; skipped"
    exit 0
fi
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
FAKT_BENCH_SECS=0 valgrind --tool=callgrind --toggle-collect=fakt_doc_analyze \
    --callgrind-out-file="$out/cg" "$BUILD/bench_ner" >"$out/bench.txt" 2>"$out/vg.txt" || {
    echo "count_ner: bench_ner failed under valgrind" >&2
    tail -5 "$out/vg.txt" >&2
    exit 1
}
ir=$(callgrind_annotate "$out/cg" 2>/dev/null | sed -n 's/^ *\([0-9,]*\) .*PROGRAM TOTALS.*/\1/p' | tr -d ,)
bytes=$(sed -n 's/^ner.bytes=//p' "$out/bench.txt")
tps=$(sed -n 's/^ner.tokens_per_s=//p' "$out/bench.txt")
aps=$(sed -n 's/^ner.articles_per_s=//p' "$out/bench.txt")
if [ -z "$ir" ] || [ -z "$bytes" ] || [ -z "$tps" ] || [ -z "$aps" ]; then
    echo "count_ner: could not read the counts" >&2
    exit 1
fi
# four passes; tokens per 1 KB article from the bench's own rates
awk -v ir="$ir" -v b="$bytes" -v t="$tps" -v a="$aps" 'BEGIN {
    art = 4 * b / 1024
    printf "ner.instructions=%d\nner.instructions_per_article=%.0f\nner.instructions_per_token=%.0f\n", ir, ir / art, ir / art / (t / a)
}'

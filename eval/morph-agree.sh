#!/usr/bin/env bash
# morph-agree.sh — fakt's morphology against Az.js (az@0.2.3) over every word
# token of the factRuEval-2016 dev texts (see eval/morph-agree.js for the
# figures).  Needs node and az installed outside the repository:
#   mkdir -p data/cache/aznode && (cd data/cache/aznode && npm install az@0.2.3)
# Usage: eval/morph-agree.sh [BUILD]   (differences in $BUILD/morph-agree.diff)
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top"
BUILD=${1:-${BUILD:-build}}
export FAKT_DICT=${FAKT_DICT:-$top/data/dict}
[ -d "${AZ_DIR:-data/cache/aznode/node_modules/az}" ] || {
    echo "morph-agree: Az.js missing: (cd data/cache/aznode && npm install az@0.2.3)" >&2; exit 1; }
make -s BUILD="$BUILD" "$BUILD/fakt" "$BUILD/bench_morph" >/dev/null
words=$(mktemp); out=$(mktemp)
trap 'rm -f "$words" "$out"' EXIT
"$BUILD/bench_morph" --no-az --dump-words "$words" | grep -E '^morph\.(input|words)='
"$BUILD/fakt" morph <"$words" >"$out"
node eval/morph-agree.js "$words" "$out" "$BUILD/morph-agree.diff"

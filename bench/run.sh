#!/usr/bin/env bash
# `make bench`: every benchmark program on one core (taskset), over the
# factRuEval dev texts when ../shared is there (own text otherwise).
# Prints key=value lines; also kept in $BUILD/bench.txt.
set -u
top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top"
BUILD=${BUILD:-build}
export FAKT_DICT=${FAKT_DICT:-$top/data/dict}
export FAKT_MODEL=${FAKT_MODEL:-$top/models/ner.fkm}
export FAKT_SHARED=${FAKT_SHARED:-$top/../shared}
pin=""
command -v taskset >/dev/null && pin="taskset -c 0"
out="$BUILD/bench.txt"
: >"$out"
echo "bench: $(date -u +%FT%TZ) on $(nproc) cores, pinned to one: ${pin:-no}" | tee -a "$out"
# Throughput depends on the host (the same build ran 9,200 and 21,900
# articles/s on two hosts of this kind): say which one this is.
cpu=$(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo 2>/dev/null | head -n 1)
l2=$(getconf LEVEL2_CACHE_SIZE 2>/dev/null || echo 0)
echo "bench: cpu ${cpu:-unknown}, L2 $((${l2:-0} / 1024)) KB per core" | tee -a "$out"
for b in "$BUILD"/bench_*; do
    [ -x "$b" ] || continue
    echo "== $(basename "$b")" | tee -a "$out"
    $pin "$b" 2>&1 | tee -a "$out"
done
# Programs that compare with another tool in the same run (e.g. Az.js).
for s in bench/compare_*.sh; do
    [ -x "$s" ] || continue
    echo "== $(basename "$s")" | tee -a "$out"
    BUILD=$BUILD $pin "$s" 2>&1 | tee -a "$out"
done
# Instruction counts (callgrind; skipped without valgrind): the figure to
# compare versions by when the shared machine's throughput wanders.
for s in bench/count_*.sh; do
    [ -x "$s" ] || continue
    echo "== $(basename "$s")" | tee -a "$out"
    BUILD=$BUILD "$s" 2>&1 | tee -a "$out"
done

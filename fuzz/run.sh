#!/usr/bin/env bash
# Runs each libFuzzer target given for FUZZ_SECONDS (default 20) over its
# seed corpus fuzz/seeds/NAME (if any) plus a scratch corpus; fails on the
# first crash.  Usage: fuzz/run.sh build-fuzz/fuzz_X ...
set -u
secs=${FUZZ_SECONDS:-20}
top=$(cd "$(dirname "$0")/.." && pwd)
export FAKT_DICT=${FAKT_DICT:-$top/data/dict}
export FAKT_MODEL=${FAKT_MODEL:-$top/models/ner.fkm}
status=0
for bin in "$@"; do
    name=$(basename "$bin")
    work="$top/build-fuzz/corpus-$name"
    mkdir -p "$work"
    seeds=()
    [ -d "$top/fuzz/seeds/${name#fuzz_}" ] && seeds=("$top/fuzz/seeds/${name#fuzz_}")
    echo "fuzz: $name for ${secs}s"
    if ! "$bin" -max_total_time="$secs" -max_len=65536 -timeout=10 -rss_limit_mb=4096 \
        -artifact_prefix="$top/build-fuzz/$name-" "$work" "${seeds[@]}" >"$top/build-fuzz/$name.log" 2>&1; then
        echo "fuzz: $name FAILED (see build-fuzz/$name.log)"; tail -30 "$top/build-fuzz/$name.log"
        status=1
    else
        grep -E "^#[0-9]+.*DONE" "$top/build-fuzz/$name.log" | tail -1
    fi
done
exit $status

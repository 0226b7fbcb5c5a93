#!/usr/bin/env bash
# Runs every test: unit suites, the exported-symbol check, CLI golden tests.
# Ends with "N passed, N failed" alone on a line (checks + cases).
set -u
cd "$(dirname "$0")/.."
BUILD=${BUILD:-build}
pass=0 fail=0
count() { # adds "X passed, Y failed" from the last such line of a file
    local l
    l=$(grep -oE '[0-9]+ passed, [0-9]+ failed' "$1" | tail -1)
    if [ -z "$l" ]; then fail=$((fail + 1)); return; fi
    pass=$((pass + ${l%% passed*}))
    l=${l#*passed, }; fail=$((fail + ${l%% failed*}))
}
out=$(mktemp)
trap 'rm -f "$out"' EXIT
"$BUILD/fakt-test" >"$out"; cat "$out"; count "$out"
tests/symbols.sh "$BUILD" >"$out" 2>&1; cat "$out"; count "$out"
tests/cli.sh "$BUILD" >"$out" 2>&1; cat "$out"; count "$out"
tests/stress.sh "$BUILD" >"$out" 2>&1; cat "$out"; count "$out"
echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]

#!/usr/bin/env bash
# The whole suite, as CI runs it (`make test`): the unit/symbol/CLI checks
# with gcc, a clang build (warnings are errors), the checks again under
# AddressSanitizer + UBSan, and every fuzz target for a short bounded time.
# Ends with the totals, "N passed, N failed", alone on the last line.
set -u
cd "$(dirname "$0")/.."
pass=0 fail=0
log=$(mktemp)
trap 'rm -f "$log"' EXIT
add_counts() { # the last "X passed, Y failed" line of the log
    local l
    l=$(grep -E '^[0-9]+ passed, [0-9]+ failed' "$log" | tail -1)
    if [ -z "$l" ]; then fail=$((fail + 1)); return; fi
    pass=$((pass + ${l%% passed*}))
    l=${l#*passed, }; fail=$((fail + ${l%% failed*}))
}
step() { # NAME CMD...: one pass/fail case
    echo "== $1"; shift
    if "$@" >"$log" 2>&1; then pass=$((pass + 1)); tail -3 "$log"
    else fail=$((fail + 1)); tail -40 "$log"; echo "FAILED: $*"; fi
}
echo "== check (gcc)"
make -s check >"$log" 2>&1; cat "$log" | grep -vE '^(cc|ar|rm) ' | tail -60; add_counts
step "build (clang, -Werror)" make -s all CC=clang BUILD=build-clang
echo "== check (ASan + UBSan)"
make -s check SANITIZE=1 BUILD=build-san >"$log" 2>&1; grep -vE '^(cc|ar|rm) ' "$log" | tail -60; add_counts
step "fuzz (${CI_FUZZ_SECONDS:-5}s per target)" make -s fuzz FUZZ_SECONDS="${CI_FUZZ_SECONDS:-5}"
echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]

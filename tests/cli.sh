#!/usr/bin/env bash
# CLI golden tests.  Each case is tests/golden/NAME.args (the arguments, one
# line, run through `eval` with $F pointing at tests/golden), optional
# NAME.stdin, the expected NAME.out (stdout) and optional NAME.code (exit
# status, default 0).  UPDATE=1 rewrites the .out files.
set -u
BUILD=${1:-build}
top=$(cd "$(dirname "$0")/.." && pwd)
F="$top/tests/golden"
FAKT="$top/$BUILD/fakt"
export FAKT_DICT=${FAKT_DICT:-$top/data/dict}
export FAKT_MODEL=${FAKT_MODEL:-$top/models/ner.fkm}
pass=0 fail=0
tmp=$(mktemp); trap 'rm -f "$tmp"' EXIT
for a in "$F"/*.args; do
    [ -e "$a" ] || continue
    n=${a%.args}; name=$(basename "$n")
    want_code=0; [ -f "$n.code" ] && want_code=$(cat "$n.code")
    args=$(cat "$a")
    if [ -f "$n.stdin" ]; then
        eval "\"$FAKT\" $args" <"$n.stdin" >"$tmp" 2>/dev/null; code=$?
    else
        eval "\"$FAKT\" $args" </dev/null >"$tmp" 2>/dev/null; code=$?
    fi
    if [ "${UPDATE:-0}" = 1 ]; then cp "$tmp" "$n.out"; fi
    if [ "$code" != "$want_code" ]; then
        echo "cli $name: exit $code, want $want_code"; fail=$((fail + 1))
    elif ! cmp -s "$tmp" "$n.out"; then
        echo "cli $name: output differs:"; diff "$n.out" "$tmp" | head -20; fail=$((fail + 1))
    else
        pass=$((pass + 1))
    fi
done
echo "cli: $pass passed, $fail failed"
[ "$fail" -eq 0 ]

#!/usr/bin/env bash
# Big and odd inputs through the CLI: a 50 MB single line, a 100,000-letter
# word, a 5 MB document through the whole pipeline, 20,000 batch lines.  Each
# must finish with exit 0 and well-formed output; none is timed (speed lives
# in `make bench`), but a quadratic step would not finish in CI's time.
set -u
BUILD=${1:-build}
top=$(cd "$(dirname "$0")/.." && pwd)
FAKT="$top/$BUILD/fakt"
export FAKT_DICT=${FAKT_DICT:-$top/data/dict}
export FAKT_MODEL=${FAKT_MODEL:-$top/models/ner.fkm}
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
pass=0 fail=0
ok() { pass=$((pass + 1)); }
bad() { echo "stress: $1"; fail=$((fail + 1)); }
line='Президент Казахстана Касым-Жомарт Токаев встретился с коллегой в Ташкенте, рост составил 5,4 %, а затем '
# 50 MB on one line (no newline at all)
awk -v s="$line" 'BEGIN { n = int(50 * 1048576 / length(s)) + 1; for (i = 0; i < n; i++) printf "%s", s }' >"$tmp/big.txt"
if "$FAKT" tokenize "$tmp/big.txt" >"$tmp/out" 2>"$tmp/err" && tail -c 4 "$tmp/out" | grep -q ']]}'; then ok; else bad "tokenize of a 50 MB line failed"; fi
# 100,000-letter word, and 100,000 combining accents
awk 'BEGIN { for (i = 0; i < 100000; i++) printf "а"; printf " конец.\n" }' >"$tmp/word.txt"
if "$FAKT" extract --tokens "$tmp/word.txt" >"$tmp/out" 2>"$tmp/err" && grep -q '"tokens":\[\[0,100000\]' "$tmp/out"; then ok; else bad "100,000-letter word"; fi
awk 'BEGIN { printf "с"; for (i = 0; i < 100000; i++) printf "\xcc\x81"; printf "то\n" }' >"$tmp/acc.txt"
if "$FAKT" extract "$tmp/acc.txt" >"$tmp/out" 2>"$tmp/err"; then ok; else bad "100,000 combining accents"; fi
# 5 MB document through the whole pipeline
head -c 5242880 "$tmp/big.txt" | sed 's/а затем $//' >"$tmp/mid.txt"
if "$FAKT" extract "$tmp/mid.txt" >"$tmp/out" 2>"$tmp/err" && grep -q '"type":"PER"' "$tmp/out"; then ok; else bad "5 MB document"; cat "$tmp/err"; fi
# 20,000 batch lines with 4 threads: every line answered, in order
awk -v s="$line" 'BEGIN { for (i = 1; i <= 20000; i++) printf "{\"id\":%d,\"text\":\"%s\"}\n", i, s }' >"$tmp/in.jsonl"
if "$FAKT" batch -j 4 "$tmp/in.jsonl" -o "$tmp/out.jsonl" 2>"$tmp/err" &&
   [ "$(wc -l <"$tmp/out.jsonl")" -eq 20000 ] &&
   awk -F'[:,]' '{ if ($2 != NR) exit 1 }' "$tmp/out.jsonl"; then ok; else bad "batch of 20,000 lines"; fi
echo "stress: $pass passed, $fail failed"
[ "$fail" -eq 0 ]

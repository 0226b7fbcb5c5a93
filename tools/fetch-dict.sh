#!/usr/bin/env bash
# Fetches the pinned dictionary tarball with npm, verifies its sha512
# integrity against data/dict.lock, and extracts dicts/ into data/dict.
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top"
. <(grep -E '^(package|version|integrity)=' data/dict.lock)
want=${integrity#sha512-}
cache=data/cache
mkdir -p "$cache"
tgz="$cache/$package-$version.tgz"
if [ ! -f "$tgz" ]; then
    command -v npm >/dev/null || { echo "fetch-dict: npm is needed (apt-get install npm)" >&2; exit 1; }
    (cd "$cache" && npm pack --silent "$package@$version" >/dev/null)
fi
got=$(openssl dgst -sha512 -binary "$tgz" | base64 -w0)
if [ "$got" != "$want" ]; then
    echo "fetch-dict: integrity mismatch for $tgz" >&2
    echo "  want sha512-$want" >&2
    echo "  got  sha512-$got" >&2
    rm -f "$tgz"
    exit 1
fi
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
tar -xzf "$tgz" -C "$tmp" package/dicts
rm -rf data/dict
mkdir -p data/dict
cp "$tmp"/package/dicts/* data/dict/
echo "fetch-dict: $package@$version verified, dictionary in data/dict" >&2

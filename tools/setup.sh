#!/usr/bin/env bash
# Sets up a fresh Debian 12 machine for fakt: the Debian packages it needs
# (only those missing), the verified dictionary, the build.
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top"
need=()
for p in make gcc clang libclang-rt-14-dev nodejs npm openssl ca-certificates xz-utils python3 jq libjansson-dev iso-codes; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "ok installed" || need+=("$p")
done
# npm may come from outside Debian (e.g. a preinstalled Node); accept it.
if command -v npm >/dev/null; then
    need=("${need[@]/nodejs}"); need=("${need[@]/npm}")
fi
pk=()
for p in "${need[@]}"; do [ -n "$p" ] && pk+=("$p"); done
if [ ${#pk[@]} -gt 0 ]; then
    echo "setup: installing ${pk[*]}" >&2
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    apt-get install -y -qq --no-install-recommends "${pk[@]}" >&2
fi
tools/fetch-dict.sh
make -s all
# the morphology hot table (optional; faster analysis): data/dict/fakt-hot.fkd
make -s hotdict

#!/usr/bin/env bash
# Fails when libfakt exports a symbol without the fakt_ prefix (static
# library: every global definition; shared library: the dynamic table).
set -u
BUILD=${1:-build}
bad=$( { nm -g --defined-only "$BUILD/libfakt.a" 2>/dev/null | awk 'NF==3{print $3}';
         nm -D --defined-only "$BUILD/libfakt.so" 2>/dev/null | awk 'NF==3{print $3}'; } |
       grep -v '^fakt_' | grep -vE '^(_init|_fini|__bss_start|_edata|_end)$' |
       grep -vE '^(__odr_asan|__asan|__ubsan|__sancov)' | sort -u)
# (the last filter drops names the sanitizer instrumentation adds)
n=$( { nm -g --defined-only "$BUILD/libfakt.a"; nm -D --defined-only "$BUILD/libfakt.so"; } 2>/dev/null | awk 'NF==3' | grep -c '^.* fakt_')
if [ -n "$bad" ]; then
    echo "symbols: exported without the fakt_ prefix:"; echo "$bad"
    echo "symbols: 0 passed, 1 failed"; exit 1
fi
if [ "$n" -eq 0 ]; then echo "symbols: no symbols found"; echo "symbols: 0 passed, 1 failed"; exit 1; fi
echo "symbols: 1 passed, 0 failed ($n fakt_ symbols)"

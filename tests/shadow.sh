#!/bin/sh
# shadow.sh - the shadow-model property test (tests/shadow.c) over every built-in scenario and
# over COUNT programs of the differential fuzzer's generator (default 1000).
#
#     shadow.sh SHADOW_BINARY SOURCE_ROOT [COUNT]
set -eu
shadow=$1
root=$2
count=${3:-1000}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
"$shadow" $(ls "$root"/scenarios/*.json | grep -v /schema.json) || exit 1
node "$root/tests/fuzz/gen.mjs" --seed 900000 --count "$count" --out "$tmp" >/dev/null
"$shadow" "$tmp"/*.json

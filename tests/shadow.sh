#!/bin/sh
# shadow.sh - the shadow-model property test (tests/shadow.c) over every built-in scenario, the
# JavaScript corpus and COUNT programs of the differential fuzzer's generator (default 1000).
#
#     shadow.sh SHADOW_BINARY SOURCE_ROOT [COUNT]
set -eu
shadow=$1
root=$2
count=${3:-1000}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
# Every built-in, JSON and JavaScript, and the JavaScript corpus (tests/js/conformance/): a
# JavaScript step that queues promise jobs says so in one event counting them, which the shadow
# takes as that many microtasks of any name (shadow.c, ANY_JOB).
"$shadow" $(ls "$root"/scenarios/*.json | grep -v /schema.json) "$root"/scenarios/*.js \
    "$root"/scenarios/*.mjs || exit 1
"$shadow" "$root"/tests/js/conformance/*.js "$root"/tests/js/conformance/*.mjs || exit 1
node "$root/tests/fuzz/gen.mjs" --seed 900000 --count "$count" --out "$tmp" >/dev/null
"$shadow" "$tmp"/*.json

#!/bin/sh
# shadow.sh - the shadow-model property test (tests/shadow.c) over every JSON built-in scenario and
# over COUNT programs of the differential fuzzer's generator (default 1000).
#
#     shadow.sh SHADOW_BINARY SOURCE_ROOT [COUNT]
set -eu
shadow=$1
root=$2
count=${3:-1000}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
# Only the JSON built-ins: the shadow replays one event per action, each naming what it queued,
# and a JavaScript program's step can make several (a promise-jobs event counts the jobs a step
# queued without naming each), so the replay of scenarios/*.js and *.mjs would fail on the first
# step for that reason alone, not for a wrong inspection. Their traces are pinned by the golden
# files; the inspection API on JavaScript programs has no shadow check yet.
"$shadow" $(ls "$root"/scenarios/*.json | grep -v /schema.json) || exit 1
node "$root/tests/fuzz/gen.mjs" --seed 900000 --count "$count" --out "$tmp" >/dev/null
"$shadow" "$tmp"/*.json

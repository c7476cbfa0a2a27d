#!/usr/bin/env bash
# tests/golden.sh BINARY SRCROOT [--update]
#
# Golden traces: for every scenarios/X.json (and tests/profiles/X.json, into
# tests/golden/profiles/), `BINARY trace scenarios/X.json` (run from SRCROOT,
# so the header names the file the same way everywhere) must equal tests/golden/X.txt byte for
# byte; a mismatch shows a unified diff. A JavaScript built-in, scenarios/X.js or X.mjs, is
# traced by its name, `BINARY trace X`, as a user runs it: its header then has the title of the
# program's header comment, which the file alone does not give (tests/cli.sh checks that the
# rest of the trace is the file's). Each trace is also made twice and compared, since the same
# scenario must always give the same trace. The exercises, scenarios/exercises/X.js or X.mjs,
# are traced by their name as well, into tests/golden/exercises/X.txt. --update rewrites the
# golden files instead.
#
# A trace longer than LONG_TRACE lines (a loop that spins for thousands of iterations) is kept
# as its first and last KEPT_LINES lines around one line that gives the number of lines left
# out and the SHA-256 of the whole trace: the diff stays readable, and any change is caught.
set -u

LONG_TRACE=2000
KEPT_LINES=300

if [ $# -lt 2 ]; then
    echo "usage: $0 BINARY SRCROOT [--update]" >&2
    exit 2
fi
bin=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
cd "$2" || exit 2
update=false
[ "${3:-}" = "--update" ] && update=true

tmp=$(mktemp -d) || exit 2
trap 'rm -rf "$tmp"' EXIT

passed=0
failed=0
pass() { passed=$((passed + 1)); }
fail() {
    failed=$((failed + 1))
    printf 'FAIL  %s\n' "$*"
}

# Makes the trace of scenario file $1 into $2 (condensed when long); fails on status 2 (an
# invalid scenario).
trace() {
    "$bin" trace "$1" >"$tmp/whole" 2>"$tmp/stderr"
    local status=$?
    if [ "$status" -ge 2 ]; then
        fail "$1: loopsim exited with status $status: $(head -c 500 "$tmp/stderr")"
        return 1
    fi
    local lines
    lines=$(wc -l <"$tmp/whole")
    if [ "$lines" -le "$LONG_TRACE" ]; then
        mv "$tmp/whole" "$2"
        return 0
    fi
    {
        head -n "$KEPT_LINES" "$tmp/whole"
        printf '... %d lines left out; sha256 of the whole trace: %s ...\n' \
            $((lines - 2 * KEPT_LINES)) "$(sha256sum <"$tmp/whole" | cut -d' ' -f1)"
        tail -n "$KEPT_LINES" "$tmp/whole"
    } >"$2"
}

# The name of scenario file $1 (scenarios/X.json, X.js or X.mjs): X.
scenario_name() {
    local base=${1##*/}
    echo "${base%.*}"
}

# What `trace` is given for scenario file $1: the file itself, or a JavaScript built-in's name.
trace_arg() {
    case "$1" in
        *.json) echo "$1" ;;
        *) scenario_name "$1" ;;
    esac
}

shopt -s nullglob
scenarios=()
for file in scenarios/*.json scenarios/*.js scenarios/*.mjs; do
    # schema.json is the format's JSON Schema, not a scenario.
    [ "$(basename "$file")" = schema.json ] || scenarios+=("$file")
done
# The exercises (their name is unique among all built-ins).
exercises=(scenarios/exercises/*.js scenarios/exercises/*.mjs)
# Scenarios that are not shipped, since node 20 cannot be their twin: the other profiles'
# (tests/profiles/X.json, traced to tests/golden/profiles/X.txt).
fixtures=(tests/profiles/*.json)
if [ ${#scenarios[@]} -eq 0 ]; then
    fail "no scenarios/*.json found under $PWD"
fi

$update && mkdir -p tests/golden/exercises
for file in "${scenarios[@]}" "${exercises[@]}" "${fixtures[@]}"; do
    name=$(scenario_name "$file")
    golden=tests/golden/$name.txt
    case "$file" in
        tests/profiles/*) golden=tests/golden/profiles/$name.txt ;;
        scenarios/exercises/*) golden=tests/golden/exercises/$name.txt ;;
    esac
    trace "$(trace_arg "$file")" "$tmp/$name.txt" || continue
    if $update; then
        cp "$tmp/$name.txt" "$golden" && pass
        continue
    fi
    if [ ! -f "$golden" ]; then
        fail "$golden is missing; create it with: tests/golden.sh $1 $2 --update"
        continue
    fi
    if ! cmp -s "$golden" "$tmp/$name.txt"; then
        fail "$file: the trace differs from $golden (- golden, + now):"
        diff -u "$golden" "$tmp/$name.txt" | head -n 80
        continue
    fi
    trace "$(trace_arg "$file")" "$tmp/$name.again" || continue
    if ! cmp -s "$tmp/$name.txt" "$tmp/$name.again"; then
        fail "$file: two runs gave different traces (not deterministic):"
        diff -u "$tmp/$name.txt" "$tmp/$name.again" | head -n 40
        continue
    fi
    pass
done

# Golden files whose scenario is gone would silently stop being checked.
for golden in tests/golden/*.txt; do
    name=$(basename "$golden" .txt)
    if [ ! -f "scenarios/$name.json" ] && [ ! -f "scenarios/$name.js" ] &&
        [ ! -f "scenarios/$name.mjs" ]; then
        if $update; then
            rm -f "$golden"
        else
            fail "$golden has no scenarios/$name.json (or .js, .mjs); delete it or run with --update"
        fi
    fi
done

for golden in tests/golden/exercises/*.txt; do
    name=$(basename "$golden" .txt)
    if [ ! -f "scenarios/exercises/$name.js" ] && [ ! -f "scenarios/exercises/$name.mjs" ]; then
        if $update; then
            rm -f "$golden"
        else
            fail "$golden has no scenarios/exercises/$name.js (or .mjs); delete it or run with --update"
        fi
    fi
done

$update && echo "updated the golden files of ${#scenarios[@]} scenarios and ${#exercises[@]} exercises"
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]

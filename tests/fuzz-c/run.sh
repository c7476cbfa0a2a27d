#!/usr/bin/env bash
# tests/fuzz-c/run.sh BUILD_DIR SECONDS [TARGET...] - runs the libFuzzer targets for a while.
#
# BUILD_DIR is configured with -Dfuzz=true and clang (docs/fuzzing.md; ./run-tests makes
# build-fuzz/). Each TARGET (default: fuzz-load fuzz-run fuzz-js fuzz-js-run) is built, then runs for
# SECONDS on one core with its dictionary (TARGET.dict if the build makes one, else the
# format's), from its corpus in BUILD_DIR/fuzz/corpus-TARGET/ (kept from run to run, so coverage
# grows) and the seeds (seeds.py: scenarios/, the refusals of tests/test_load*.c,
# tests/fuzz-c/js-seeds/, tests/fuzz-c/regressions/). A finding (a crash, a sanitizer report, a leak,
# an input slower than 10 s) is kept in BUILD_DIR/fuzz/findings/ and shown; make it a regression
# test by copying it into tests/fuzz-c/regressions/ once it is understood. The last line is
# "N passed, N failed"; the exit status is 0 iff no target found anything.
set -u

if [ $# -lt 2 ]; then
    echo "usage: $0 BUILD_DIR SECONDS [TARGET...]" >&2
    exit 2
fi
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd) || exit 2
build=$(cd "$1" && pwd) || exit 2
seconds=$2
shift 2
targets=("$@")
[ ${#targets[@]} -gt 0 ] || targets=(fuzz-load fuzz-run fuzz-js fuzz-js-run)

work=$build/fuzz
mkdir -p "$work/findings"
rm -rf "$work/seeds"
python3 "$root/tests/fuzz-c/seeds.py" "$root" "$work/seeds" || exit 2
ninja -C "$build" tests/fuzz-c/fuzz.dict tests/fuzz-c/fuzz-js.dict \
    "${targets[@]/#/tests/fuzz-c/}" >/dev/null || exit 2

# A sanitizer report is a finding: stop at the first, with its stack; but not at the engine bugs
# whose fix is under way (known-bugs.supp says which, and where their cases are).
export ASAN_OPTIONS="halt_on_error=1:abort_on_error=1:detect_leaks=1"
export UBSAN_OPTIONS="halt_on_error=1:abort_on_error=1:print_stacktrace=1:suppressions=$root/tests/fuzz-c/known-bugs.supp"

passed=0
failed=0
for target in "${targets[@]}"; do
    corpus=$work/corpus-$target
    log=$work/$target.log
    dict=$build/tests/fuzz-c/$target.dict
    [[ $target == fuzz-js* ]] && dict=$build/tests/fuzz-c/fuzz-js.dict
    [ -f "$dict" ] || dict=$build/tests/fuzz-c/fuzz.dict
    mkdir -p "$corpus"
    touch "$work/started"
    "$build/tests/fuzz-c/$target" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 \
        -max_len=16384 -dict="$dict" -print_final_stats=1 \
        -artifact_prefix="$work/findings/$target-" "$corpus" "$work/seeds" >"$log" 2>&1
    status=$?
    runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -n 1)
    cov=$(grep -o 'cov: [0-9]*' "$log" | tail -n 1)
    found=$(find "$work/findings" -type f -newer "$work/started" | head -n 3)
    if [ "$status" -eq 0 ] && [ -z "$found" ]; then
        passed=$((passed + 1))
        printf 'ok   %s: %s s, %s inputs, %s, corpus %s files\n' "$target" "$seconds" \
            "${runs:-?}" "${cov:-cov: ?}" "$(find "$corpus" -type f | wc -l)"
        continue
    fi
    failed=$((failed + 1))
    printf 'FAIL %s: exit status %d after %s inputs; the report (%s):\n' "$target" "$status" \
        "${runs:-?}" "$log"
    grep -E '^(==[0-9]+==ERROR|SUMMARY|.*runtime error|    #[0-9] )' "$log" | head -n 14 |
        sed 's/^/  /'
    for f in $found; do
        printf '  finding %s (%d bytes), escaped:\n' "$f" "$(wc -c <"$f")"
        head -c 600 "$f" | LC_ALL=C cat -v | sed 's/^/  | /'
        echo
        printf '  replay: %s %s\n' "$build/tests/fuzz-c/$target" "$f"
    done
done
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]

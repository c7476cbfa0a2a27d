#!/usr/bin/env bash
# tests/under-load.sh [RUNS] - ./run-tests RUNS times in a row (default 5) beside a CPU hog.
#
# The suite must not fail because the machine is busy (issue 7): this is how that is measured.
# It installs Debian's `stress` (here, not in ./run-tests: the suite itself never needs it),
# starts `stress --cpu 2` (two workers spinning, as many as the cores the suite is meant for),
# runs ./run-tests RUNS times one after the other with the hog running throughout, then stops
# the hog. Each run's output is kept in a fresh directory under $TMPDIR (or /tmp), named
# at the start: not under build/, which ./run-tests sets up afresh in a new clone. Prints one line per run
# (its last line, "N passed, N failed", and how long it took) and exits 0 iff every run passed.
set -u

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd) || exit 2
cd "$root" || exit 2
runs=${1:-5}
[[ $runs =~ ^[1-9][0-9]*$ ]] || { echo "usage: $0 [RUNS]" >&2; exit 2; }
# shellcheck source=../loopsim
source ./loopsim
loopsim_ensure_packages stress || exit 2

logs=$(mktemp -d "${TMPDIR:-/tmp}/loopsim-under-load.XXXXXX") || exit 2
echo "logs in $logs"
# The hog, with a timeout of its own in case this script is killed before it can stop it.
stress --cpu 2 --timeout $((runs * 3600)) >/dev/null 2>&1 &
hog=$!
trap 'kill "$hog" 2>/dev/null; wait "$hog" 2>/dev/null' EXIT
sleep 1
echo "stress --cpu 2 running (pid $hog); $(nproc) cores; load average $(cut -d' ' -f1-3 /proc/loadavg)"

failed=0
for ((n = 1; n <= runs; n++)); do
    start=$SECONDS
    ./run-tests >"$logs/run-$n.log" 2>&1
    status=$?
    [ "$status" -eq 0 ] || failed=$((failed + 1))
    printf 'run %d: %s, exit status %d, %d s, load average %s\n' "$n" \
        "$(tail -n 1 "$logs/run-$n.log")" "$status" $((SECONDS - start)) \
        "$(cut -d' ' -f1-3 /proc/loadavg)"
    grep -E '^(FAIL|failed:)' "$logs/run-$n.log" | sed 's/^/    /'
done
echo "$((runs - failed)) of $runs runs passed beside stress --cpu 2 (logs in $logs/)"
[ "$failed" -eq 0 ]

#!/usr/bin/env bash
# bench/run.sh - runs loopsim's benchmarks and prints the results as a Markdown table.
#
#   bench/run.sh [LOOPSIM_BINARY]          (default: build/ui/loopsim)
#
# It generates the scenarios with bench/gen.py when they are missing or older than it, counts
# each scenario's events and callbacks once from a jsonl trace (bench/count.py), then times
# `loopsim trace --format F -o /dev/null FILE` BENCH_RUNS times per format: wall seconds from
# bash's clock, CPU seconds from getrusage (bench/cpu.py, to the microsecond), peak RSS from GNU
# time. Then it times node on the same programs (bench/node/NAME.js, for the scenarios that have
# one) and prints node's CPU over loopsim's per scenario and format, against the targets.
# Progress goes to stderr, the tables to stdout.
#
# Environment (all optional):
#   BENCH_RUNS       runs per scenario and format; the table shows median times (3)
#   BENCH_FORMATS    trace formats to time ("jsonl text logs"; logs prints only console.log
#                    output, so on the empty-bodied scenarios it times the engine alone)
#   BENCH_SCENARIOS  scenario names, without .json (every one gen.py writes but tiny)
#   BENCH_OUT        where the scenarios are written (bench/out, git-ignored)
#   BENCH_NODE       the node to compare with ("node"; "" leaves the comparison out)
#
# Peak RSS comes from GNU time (/usr/bin/time, Debian package `time`), not from a Python
# wrapper: a child's ru_maxrss starts at its parent's peak, and a Python parent's ~10 MiB would
# swamp the baseline that "bytes per pending timer" subtracts.
set -euo pipefail
export LC_ALL=C # a decimal point in awk and sort -g

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(dirname "$here")
bin=${1:-$root/build/ui/loopsim}
out=${BENCH_OUT:-$here/out}
runs=${BENCH_RUNS:-3}
formats=${BENCH_FORMATS:-jsonl text logs}
all="timers-1m timers-1m-log immediates-1m microtasks-1m fsstat-200k step-1m"
scenarios=${BENCH_SCENARIOS:-$all}
gnu_time=/usr/bin/time
baseline="tiny"         # the scenario whose peak RSS is the process's own size
timers="timers-1m"      # the scenario whose 1,000,000 timers are all pending at once
timer_count=1000000
node=${BENCH_NODE-node}
# Node's CPU over loopsim's that each format must reach (issue 7): the engine alone (logs)
# 10 times node, with a trace 5 times.
declare -A target=([logs]=10 [jsonl]=5 [text]=5)

die() {
    printf 'bench/run.sh: %s\n' "$*" >&2
    exit 2
}

[ $# -le 1 ] || die "usage: bench/run.sh [LOOPSIM_BINARY]"
[ -x "$bin" ] || die "no loopsim binary at $bin: build it with ./loopsim, or pass its path"
"$gnu_time" -f '%M' -o /dev/null true 2>/dev/null ||
    die "GNU time is needed at $gnu_time (Debian/Ubuntu: apt-get install time)"
command -v python3 >/dev/null || die "python3 is needed for bench/gen.py and bench/count.py"
[[ $runs =~ ^[1-9][0-9]*$ ]] || die "BENCH_RUNS must be a positive whole number, got '$runs'"

# Generate when missing or older than the generator.
stamp=$out/.generated
if [ ! -f "$stamp" ] || [ "$here/gen.py" -nt "$stamp" ]; then
    python3 "$here/gen.py" "$out" >&2
    touch "$stamp"
fi

scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT

# One timed run of FORMAT on FILE: prints "WALL_S CPU_S PEAK_RSS_KIB EXIT_STATUS". Wall and CPU
# come from bench/cpu.py around GNU time (whose own %e and %U have only 10 ms steps): a
# monotonic clock, and user + system time from getrusage, GNU time's own millisecond of each
# included. CPU time is what a machine shared with other work distorts least.
measure() {
    local status=0 wall cpu
    python3 "$here/cpu.py" "$scratch/cpu" "$gnu_time" -f '%M' -o "$scratch/time" \
        "$bin" trace --format "$1" -o /dev/null "$2" >/dev/null 2>"$scratch/stderr" || status=$?
    if [ "$status" -ne 0 ]; then
        printf '  %s --format %s: exit status %d: %s\n' "$(basename "$2")" "$1" "$status" \
            "$(head -n 1 "$scratch/stderr")" >&2
    fi
    # GNU time puts "Command exited with non-zero status N" above the figure.
    read -r wall cpu <"$scratch/cpu"
    tail -n 1 "$scratch/time" | awk -v w="$wall" -v c="$cpu" -v s="$status" \
        '{ printf "%.3f %.3f %d %d\n", w, c, $1, s }'
}

# One run of node on bench/node/NAME.js: prints its CPU seconds (its worker pool's included).
measure_node() {
    UV_THREADPOOL_SIZE=4 python3 "$here/cpu.py" "$scratch/cpu" "$node" "$here/node/$1.js" \
        >/dev/null 2>"$scratch/stderr" ||
        printf '  node %s.js: exit status %d: %s\n' "$1" "$?" "$(head -n 1 "$scratch/stderr")" >&2
    cut -d' ' -f2 "$scratch/cpu"
}

# The median of the numbers on stdin, one per line.
median() {
    sort -g | awk '{ v[NR] = $1 }
        END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'
}

# Times one scenario in one format: prints
# "MEDIAN_WALL_S MEDIAN_CPU_S PEAK_RSS_KIB WORST_EXIT_STATUS".
time_runs() {
    local walls="" cpus="" rss=0 worst=0 wall cpu kib status
    for ((n = 1; n <= runs; n++)); do
        read -r wall cpu kib status < <(measure "$1" "$2")
        walls+="$wall"$'\n'
        cpus+="$cpu"$'\n'
        ((kib > rss)) && rss=$kib
        ((status > worst)) && worst=$status
    done
    printf '%s %s %d %d\n' "$(printf '%s' "$walls" | median)" "$(printf '%s' "$cpus" | median)" \
        "$rss" "$worst"
}

# One table row: NAME FORMAT EVENTS CALLBACKS WALL_S CPU_S PEAK_RSS_KIB OUTCOME.
row() {
    awk -v n="$1" -v f="$2" -v e="$3" -v c="$4" -v w="$5" -v u="$6" -v k="$7" -v o="$8" \
        -v base="$baseline" '
    function rate(s) {
        return (n != base && s > 0 && c ~ /^[0-9]+$/) ? sprintf("%.2f M", c / s / 1e6) : "—"
    }
    BEGIN {
        printf "| %s | %s | %s | %s | %.3f | %.3f | %s | %s | %.1f | %s |\n",
            n, f, e, c, w, u, rate(w), rate(u), k / 1024, o
    }'
}

# One line on the timers' memory: FORMAT PEAK_RSS_KIB BASELINE_RSS_KIB.
per_timer_line() {
    awk -v n="$timers" -v f="$1" -v k="$2" -v b="$3" -v t="$timer_count" 'BEGIN {
        printf "- `%s`, `--format %s`: (%.1f MiB − %.1f MiB) / %d = **%.0f bytes**\n",
            n, f, k / 1024, b / 1024, t, (k - b) * 1024 / t
    }'
}

declare -A base_rss
declare -A cpu_of       # "NAME FORMAT": loopsim's median CPU seconds
rows=""
per_timer=""
for name in $baseline $scenarios; do
    file=$out/$name.json
    [ -f "$file" ] || die "no scenario $file (BENCH_SCENARIOS names what bench/gen.py writes)"
    printf '%s: counting events\n' "$name" >&2
    read -r events callbacks outcome < <(
        "$bin" trace --format jsonl "$file" 2>/dev/null | python3 "$here/count.py")
    for fmt in $formats; do
        printf '%s: %d run(s) of --format %s\n' "$name" "$runs" "$fmt" >&2
        read -r wall cpu kib status < <(time_runs "$fmt" "$file")
        ending=$outcome
        [ "$status" -eq 0 ] || ending="$outcome, exit $status"
        rows+=$(row "$name" "$fmt" "$events" "$callbacks" "$wall" "$cpu" "$kib" "$ending")$'\n'
        cpu_of["$name $fmt"]=$cpu
        if [ "$name" = "$baseline" ]; then
            base_rss[$fmt]=$kib
        elif [ "$name" = "$timers" ]; then
            per_timer+=$(per_timer_line "$fmt" "$kib" "${base_rss[$fmt]}")$'\n'
        fi
    done
done

# Node on the same programs: its median CPU, and node's CPU over loopsim's per format.
ratio_cell() {
    awk -v n="$1" -v l="$2" -v t="$3" 'BEGIN {
        if (l <= 0) { print "—"; exit }
        r = n / l
        printf "%.1f× (%s)", r, (r >= t ? "holds" : "misses " t "×")
    }'
}
ratios=""
node_version=""
if [ -n "$node" ] && command -v "$node" >/dev/null; then
    node_version=$("$node" --version)
    for name in $scenarios; do
        [ -f "$here/node/$name.js" ] || continue
        printf '%s: %d run(s) of node bench/node/%s.js\n' "$name" "$runs" "$name" >&2
        cpus=""
        for ((n = 1; n <= runs; n++)); do
            cpus+="$(measure_node "$name")"$'\n'
        done
        node_cpu=$(printf '%s' "$cpus" | median)
        row="| $name | $(printf '%.3f' "$node_cpu")"
        for fmt in logs jsonl text; do
            if [ -n "${cpu_of["$name $fmt"]:-}" ]; then
                row+=" | $(ratio_cell "$node_cpu" "${cpu_of["$name $fmt"]}" "${target[$fmt]}")"
            else
                row+=" | —"
            fi
        done
        ratios+="$row |"$'\n'
    done
fi

commit=$(git -C "$root" rev-parse --short HEAD 2>/dev/null || echo unknown)
[ -z "$(git -C "$root" status --porcelain -- sim ui 2>/dev/null)" ] ||
    commit="$commit (sim/ or ui/ modified)"
cpu=$(awk -F': ' '/^model name/ { print $2; exit }' /proc/cpuinfo)
cat <<EOF
Measured $(date -u '+%Y-%m-%d %H:%M UTC') on $(nproc) core(s), ${cpu:-unknown CPU},
Linux $(uname -r), load average $(cut -d' ' -f1-3 /proc/loadavg); loopsim $commit;
medians of $runs run(s) per row.

| scenario | format | events | callbacks | wall s | CPU s | callbacks/s (wall) | callbacks/s (CPU) | peak RSS MiB | outcome |
|---|---|---:|---:|---:|---:|---:|---:|---:|---|
${rows}
Bytes per pending timer (peak RSS of $timers minus that of $baseline, over $timer_count timers):
${per_timer:-- not measured ($timers not among BENCH_SCENARIOS)}
EOF
if [ -z "$node_version" ]; then
    echo
    echo "Node's CPU over loopsim's: not measured (BENCH_NODE is empty or not installed)."
    exit 0
fi
cat <<EOF
Node's CPU over loopsim's on the same programs (node $node_version running bench/node/NAME.js,
UV_THREADPOOL_SIZE=4; medians of $runs run(s); targets: --logs ${target[logs]}×, jsonl and text ${target[jsonl]}×):

| scenario | node CPU s | --logs | --format jsonl | --format text |
|---|---:|---:|---:|---:|
${ratios}
EOF

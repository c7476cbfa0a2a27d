#!/usr/bin/env bash
# tests/cli.sh BINARY SRCROOT
#
# End-to-end checks of loopsim's command line: exit statuses (0, 1, 2), the messages for files
# that cannot be read, the FILE:LINE:COL format of scenario errors, usage errors and their
# suggestions, pipes closed early, -o never clobbering a file on failure, `check`, `list`,
# --help, --version, that jsonl lines are JSON, and `screen` (its errors, --at a time, colors,
# ASCII, and that README.md's capture is what it prints).
set -u

if [ $# -lt 2 ]; then
    echo "usage: $0 BINARY SRCROOT" >&2
    exit 2
fi
bin=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
cd "$2" || exit 2

tmp=$(mktemp -d) || exit 2
trap 'chmod -R u+rwx "$tmp" 2>/dev/null; rm -rf "$tmp"' EXIT

passed=0
failed=0
skipped=0
last=""

# Runs loopsim with the arguments; its stdout, stderr and status land in $tmp/out, $tmp/err
# and $status.
run() {
    last="loopsim $*"
    "$bin" "$@" >"$tmp/out" 2>"$tmp/err"
    status=$?
}

# expect DESCRIPTION COMMAND...: passes when COMMAND succeeds; else shows the last run.
expect() {
    local desc=$1
    shift
    if "$@"; then
        passed=$((passed + 1))
        return
    fi
    failed=$((failed + 1))
    printf 'FAIL  %s\n      after: %s (status %s)\n' "$desc" "$last" "${status:-?}"
    sed -n '1,5s/^/      stdout| /p' "$tmp/out"
    sed -n '1,5s/^/      stderr| /p' "$tmp/err"
}

skip() {
    skipped=$((skipped + 1))
    printf 'skip  %s\n' "$1"
}

status_is() { [ "$status" -eq "$1" ]; }
err_has() { grep -qE -- "$1" "$tmp/err"; }
out_has() { grep -qE -- "$1" "$tmp/out"; }
out_lacks() { ! grep -qE -- "$1" "$tmp/out"; }
err_empty() { [ ! -s "$tmp/err" ]; }

# A JSON checker: node if present, else python3. Reads JSON lines on stdin.
json_lines_valid() {
    if command -v node >/dev/null; then
        node -e '
            const lines = require("fs").readFileSync(0, "utf8").split("\n").filter(Boolean);
            if (lines.length === 0) process.exit(1);
            for (const l of lines) JSON.parse(l);'
    else
        python3 -c '
import json, sys
lines = [l for l in sys.stdin.read().split("\n") if l]
assert lines
for l in lines:
    json.loads(l)'
    fi
}

# ---- Scenarios used below ----------------------------------------------------------------

cat >"$tmp/good.json" <<'EOF'
{"loopsim": 1, "name": "good", "main": [
  {"op": "setImmediate", "do": ["immediate"]},
  {"op": "promise", "do": ["promise"]},
  {"op": "nextTick", "do": ["tick"]},
  "main \"quoted\"\tand tabbed"
], "expect": ["main \"quoted\"\tand tabbed", "tick", "promise", "immediate"]}
EOF
sed 's/"tick", "promise"/"tick", "PROMISE"/' "$tmp/good.json" >"$tmp/wrong.json"
cat >"$tmp/noexpect.json" <<'EOF'
{"loopsim": 1, "name": "no expectation", "main": ["hello"]}
EOF
cat >"$tmp/bad.json" <<'EOF'
{"loopsim": 1, "name": "bad",
 "main": [{"op": "setTimeout", "delay": "ten"}]}
EOF
cat >"$tmp/typo.json" <<'EOF'
{"loopsim": 1, "name": "typo", "main": [{"op": "setTimout", "delay": 1}]}
EOF
cat >"$tmp/runaway.json" <<'EOF'
{"loopsim": 1, "name": "runaway", "main": [{"op": "setInterval", "delay": 1, "do": ["tick"]}]}
EOF
cat >"$tmp/big.json" <<'EOF'
{"loopsim": 1, "name": "big", "main": [{"op": "repeat", "times": 200000, "do": ["line {i}"]}]}
EOF
printf '\x00\x01\x02\xfe\xff binary\n' >"$tmp/binary.json"
printf '{"loopsim": 1, "name": "\xc3\x28", "main": []}\n' >"$tmp/badutf8.json"
mkdir "$tmp/dir.json"
echo '{}' >"$tmp/plain"

# ---- --version, --help, list ------------------------------------------------------------

run --version
expect "--version exits 0" status_is 0
expect "--version names loopsim and its version" out_has '^loopsim [0-9]+\.[0-9]+'

run --help
expect "--help exits 0" status_is 0
for word in trace check list tui --format jsonl --logs --output --threadpool --cpus --limit \
    --entry --until --max-callbacks "Exit status" Examples; do
    expect "--help mentions $word" out_has "$word"
done

run list
expect "list exits 0" status_is 0
expect "list starts with default" out_has '^default '
scenario_lines() { sed '/^$/,$d' "$tmp/out" | wc -l; }
expect "list has one line per scenario, then a blank line" [ "$(scenario_lines)" -eq \
    "$(ls scenarios/*.json scenarios/*.js scenarios/*.mjs | grep -vc '/schema\.json$')" ]
exercise_lines() { sed '1,/^Exercises (loopsim quiz NAME):$/d' "$tmp/out" | wc -l; }
expect "list has a section with one line per exercise" [ "$(exercise_lines)" -eq \
    "$(ls scenarios/exercises/*.js scenarios/exercises/*.mjs | wc -l)" ]

run list extra
expect "list refuses a scenario" status_is 2

# ---- Traces ------------------------------------------------------------------------------

run
cp "$tmp/out" "$tmp/bare.out"
expect "no arguments (stdout not a terminal) exits 0" status_is 0
run trace default
expect "no arguments prints the default trace" cmp -s "$tmp/bare.out" "$tmp/out"
expect "the trace has a header naming the scenario" out_has '^loopsim trace of '
expect "the trace ends with how it ended" out_has '^end: exited with code 0 \([0-9]+ events, '

run trace scenarios/default.json
expect "a built-in and its file give the same events" \
    [ "$(tail -n +2 "$tmp/out")" = "$(tail -n +2 "$tmp/bare.out")" ]

run trace "$tmp/good.json"
expect "trace of a good scenario exits 0" status_is 0
expect "log lines are quoted and escaped" out_has '"main \\"quoted\\"\\tand tabbed"'

run trace "$tmp/good.json" --logs
expect "--logs exits 0" status_is 0
printf 'main "quoted"\tand tabbed\ntick\npromise\nimmediate\n' >"$tmp/good.logs"
expect "--logs prints only what node prints" cmp -s "$tmp/good.logs" "$tmp/out"
run trace --format logs "$tmp/good.json"
expect "--format logs is --logs" cmp -s "$tmp/good.logs" "$tmp/out"
run trace "$tmp/good.json" --logs --format jsonl
expect "--logs with another --format is a usage error" status_is 2

run trace default --format jsonl
expect "jsonl exits 0" status_is 0
expect "jsonl lines are JSON" json_lines_valid <"$tmp/out"
expect "jsonl ends with an end object" [ "$(tail -n 1 "$tmp/out" | cut -c1-15)" = '{"event":"end",' ]
run trace "$tmp/good.json" --format=jsonl
expect "jsonl escapes quotes and tabs" json_lines_valid <"$tmp/out"
expect "jsonl has the log text" out_has '"text":"main \\"quoted\\"\\tand tabbed"'

run trace "$tmp/runaway.json" --max-callbacks 10
expect "a stop by max_callbacks exits 1" status_is 1
expect "the trace says it was stopped by max_callbacks" out_has '^end: stopped by max_callbacks = 10'
run trace "$tmp/runaway.json" --until 5.5
expect "--until stops a server-like scenario (exit 0)" status_is 0
expect "the trace says it stopped at until_ms" out_has '^end: stopped at until_ms = 5\.500 ms'

# Past 999,999 ms and 99,999 iterations the numbers still stand apart, and the columns after
# them line up (they move right once, when a wider number comes).
numbers_apart() {
    node -e '
        const lines = require("fs").readFileSync(process.argv[1], "utf8").split("\n")
            .slice(2).filter((l) => /^ *[0-9]/.test(l));
        let col = 0;
        for (const l of lines) {
            const m = /^( *[0-9]+\.[0-9]{3} +[0-9]+  )[a-z]/.exec(l);
            if (!m || m[1].length < col) {
                console.log("not apart or not aligned: " + l);
                process.exit(1);
            }
            col = m[1].length;
        }
        if (lines.length < 10) process.exit(1);' "$1"
}
cat >"$tmp/late.json" <<'EOF'
{"loopsim": 1, "name": "late", "main": [
  {"op": "setTimeout", "delay": 999999, "do": ["almost"]},
  {"op": "setTimeout", "delay": 2000000, "do": ["late"]}]}
EOF
cat >"$tmp/iterations.json" <<'EOF'
{"loopsim": 1, "name": "iterations", "main": [
  {"op": "setInterval", "delay": 1, "times": 100001, "do": []}]}
EOF
run trace "$tmp/late.json"
expect "a trace past 1,000,000 ms exits 0" status_is 0
expect "times past 1,000,000 ms stand apart from the iteration" numbers_apart "$tmp/out"
expect "the time 2000000.xxx is printed whole" out_has '^2000000\.[0-9]{3} +2  timers   log'
run trace "$tmp/iterations.json"
expect "iterations past 99,999 stand apart from the time" numbers_apart "$tmp/out"
expect "iteration 100001 has a space before it" out_has '^100001\.[0-9]{3} 100001  timers'

# ---- Closed pipes ------------------------------------------------------------------------

for scenario in default "$tmp/big.json"; do
    last="loopsim trace $scenario | head -1"
    lines=$("$bin" trace "$scenario" 2>"$tmp/err" | head -1 | wc -l)
    status=${PIPESTATUS[0]}
    expect "trace $(basename "$scenario") | head -1 prints one line" [ "$lines" -eq 1 ]
    expect "trace $(basename "$scenario") | head -1 exits 0" status_is 0
    expect "trace $(basename "$scenario") | head -1 prints no error" err_empty
done

# ---- Files that cannot be read -----------------------------------------------------------

run trace "$tmp/missing.json"
expect "a missing file exits 2" status_is 2
expect "a missing file is named with its reason" err_has "^loopsim: $tmp/missing.json: no such file"
run trace "$tmp/dir.json"
expect "a directory exits 2" status_is 2
expect "a directory is reported as one" err_has "^loopsim: $tmp/dir.json: is a directory"
run trace "$tmp/plain/inside.json"
expect "a path through a file exits 2" status_is 2
expect "a path through a file says so" err_has "not a directory"
truncate -s 300M "$tmp/huge.json"
run trace "$tmp/huge.json"
expect "a file over 256 MiB exits 2" status_is 2
expect "a file over 256 MiB is too large" err_has "too large"
rm -f "$tmp/huge.json"
mkfifo "$tmp/fifo.json"
last="loopsim trace fifo.json (no writer)"
timeout 10 "$bin" trace "$tmp/fifo.json" >"$tmp/out" 2>"$tmp/err"
status=$?
expect "a FIFO with no writer does not hang, and is invalid (exit 2)" status_is 2

chmod 000 "$tmp/noexpect.json"
if [ "$(id -u)" -ne 0 ]; then
    run trace "$tmp/noexpect.json"
    expect "an unreadable file exits 2" status_is 2
    expect "an unreadable file says permission denied" err_has "permission denied"
elif command -v setpriv >/dev/null && chmod o+rx "$tmp" &&
    setpriv --reuid=65534 --regid=65534 --clear-groups "$bin" --version >/dev/null 2>&1; then
    last="setpriv --reuid=nobody loopsim trace noexpect.json (mode 000)"
    setpriv --reuid=65534 --regid=65534 --clear-groups "$bin" trace "$tmp/noexpect.json" \
        >"$tmp/out" 2>"$tmp/err"
    status=$?
    expect "an unreadable file exits 2" status_is 2
    expect "an unreadable file says permission denied" err_has "permission denied"
else
    skip "unreadable file: running as root without a usable setpriv"
fi
chmod 644 "$tmp/noexpect.json"

# ---- Invalid scenarios -------------------------------------------------------------------

run trace "$tmp/binary.json"
expect "a binary file exits 2" status_is 2
expect "a binary file gets FILE:LINE:COL: error:" err_has "^$tmp/binary.json:[0-9]+:[0-9]+: error: "
run trace "$tmp/badutf8.json"
expect "bad UTF-8 exits 2" status_is 2
expect "bad UTF-8 gets FILE:LINE:COL: error:" err_has "^$tmp/badutf8.json:1:[0-9]+: error: "
run trace "$tmp/bad.json"
expect "a bad value exits 2" status_is 2
expect "a bad value gets FILE:LINE:COL: error: PATH:" \
    err_has "^$tmp/bad.json:2:[0-9]+: error: main\[0\]\.delay: "
expect "a scenario error is one line" [ "$(wc -l <"$tmp/err")" -eq 1 ]
run trace "$tmp/typo.json"
expect "an unknown op exits 2" status_is 2
expect "an unknown op suggests the closest op" err_has "setTimeout"

# ---- Usage errors ------------------------------------------------------------------------

run trce default
expect "an unknown command exits 2" status_is 2
expect "an unknown command suggests the closest" err_has "did you mean 'trace'"
run trace default --formt jsonl
expect "an unknown option exits 2" status_is 2
expect "an unknown option suggests the closest" err_has "did you mean '--format'"
run trace default --format yaml
expect "an unknown format exits 2" status_is 2
expect "an unknown format lists the formats" \
    err_has "unknown format 'yaml' \(the formats: [a-z, ]+\)"
formats=$(sed -n "s/.*(the formats: \([a-z, ]*\)).*/\1/p" "$tmp/err" | tr -d ',')
for format in $formats; do
    "$bin" trace default --format "$format" >/dev/null 2>&1
    status=$?
    expect "the listed format '$format' works" status_is 0
done
expect "the list has text, jsonl, logs, chrome, html, markdown, mermaid and svg" \
    [ "$formats" = "text jsonl logs chrome html markdown mermaid svg" ]
run trace defualt
expect "an unknown built-in exits 2" status_is 2
expect "an unknown built-in suggests the closest" err_has "did you mean 'default'"
for bad in "--threadpool 4x" "--threadpool -1" "--threadpool 99999999999999999999" \
    "--threadpool 0" "--threadpool 1025" "--max-callbacks 1e3" "--until abc" "--until -1" \
    "--until 1." "--entry esm" "--limit check" "--limit check=-1" "--limit chek=1" \
    "--threadpool" "--cpus 1025" "--cpus -1" "--cpus 2x"; do
    # shellcheck disable=SC2086
    run trace default $bad
    expect "$bad is refused (exit 2)" status_is 2
    expect "$bad is explained on stderr" [ -s "$tmp/err" ]
done
run trace default --limit chek=1
expect "--limit suggests the closest phase" err_has "did you mean 'check'"
run check default --format jsonl
expect "an option of another command is refused" status_is 2
run trace default "$tmp/good.json"
expect "trace takes one scenario" status_is 2
run check
expect "check needs a scenario" status_is 2
run trace "$tmp/good.json" --threadpool 1 --limit check=1 --limit timers=0 --entry module \
    --until 100 --max-callbacks 50
expect "every override together is accepted" status_is 0
run trace --logs pool-shares-two-cores --cpus 0
expect "--cpus 0 overrides the scenario's cores: the jobs finish first" \
    [ "$(tail -n 1 "$tmp/out")" = "timeout: 80 ms" ]
run trace --logs pool-shares-two-cores
expect "the scenario's two cores put the timeout before the jobs" \
    [ "$(sed -n 2p "$tmp/out")" = "timeout: 80 ms" ]
run trace default --cpus 1025
expect "--cpus out of range names the option" err_has "--cpus: expected 0 to 1024, got 1025"

run tui default
expect "tui without a terminal exits 2" status_is 2
expect "tui without a terminal says it needs one" err_has "needs a terminal"
run tui "$tmp/bad.json"
expect "tui with an invalid scenario exits 2" status_is 2
expect "tui reports an invalid scenario as trace does" err_has 'bad\.json:[0-9]+:[0-9]+: error: '
run default
expect "a bare scenario off a terminal is the trace" out_has '^loopsim trace of'
run
expect "no scenario off a terminal is the default trace" out_has 'Welcome to the Node.js event loop'

# ---- -o FILE -----------------------------------------------------------------------------

echo KEEP >"$tmp/keep.txt"
run trace "$tmp/bad.json" -o "$tmp/keep.txt"
expect "-o with an invalid scenario exits 2" status_is 2
expect "-o leaves the existing file untouched on failure" [ "$(cat "$tmp/keep.txt")" = KEEP ]
expect "-o leaves no temporary file behind" [ "$(ls "$tmp" | grep -c '^keep\.txt\.')" -eq 0 ]
run trace "$tmp/good.json" -o "$tmp/keep.txt"
expect "-o writes the trace (exit 0)" status_is 0
expect "-o writes nothing on stdout" [ ! -s "$tmp/out" ]
"$bin" trace "$tmp/good.json" >"$tmp/direct.txt"
expect "-o writes the same trace as stdout" cmp -s "$tmp/keep.txt" "$tmp/direct.txt"
chmod 640 "$tmp/keep.txt"
ln -s keep.txt "$tmp/link.txt"
run trace "$tmp/noexpect.json" -o "$tmp/link.txt"
expect "-o through a symbolic link keeps the link" [ -L "$tmp/link.txt" ]
expect "-o through a symbolic link writes its target" grep -q '"no expectation"' "$tmp/keep.txt"
expect "-o keeps the mode of the file it replaces" [ "$(stat -c %a "$tmp/keep.txt")" = 640 ]
run trace "$tmp/good.json" -o "$tmp/no/such/dir/out.txt"
expect "-o into a missing directory exits 2" status_is 2
if [ -w /dev/full ]; then
    last="loopsim trace default >/dev/full"
    "$bin" trace default >/dev/full 2>"$tmp/err"
    status=$?
    expect "a write error exits 2" status_is 2
    expect "a write error is reported" err_has "write error"
fi

# ---- check -------------------------------------------------------------------------------

run check "$tmp/good.json"
expect "check of a matching scenario exits 0" status_is 0
expect "check prints ok" out_has "^ok    $tmp/good.json$"
run check "$tmp/wrong.json"
expect "check with a wrong expect exits 1" status_is 1
expect "check says the output differs from expect" \
    out_has "^FAIL  $tmp/wrong.json: what it prints differs from \`expect\` \(- expected, \+ \
printed\):$"
expect "the diff's header names the scenario's file" out_has "^--- $tmp/wrong.json: expect$"
expect "the diff's header names what was printed" \
    out_has "^\+\+\+ $tmp/wrong.json: printed by the simulation$"
expect "the diff shows the expected line removed" out_has '^-PROMISE$'
expect "the diff shows the printed line added" out_has '^\+promise$'
expect "a short output is shown whole, every line" out_has '^ main "quoted"\\tand tabbed$' &&
    out_has '^ tick$' && out_has '^ immediate$'

# The diff is true: applied to the expected lines it gives what the program prints (--logs).
# Two changes far apart in a long output, and one missing line at the end.
node -e '
    const lines = [];
    for (let i = 1; i <= 300; i++) lines.push("line " + i);
    const expect = lines.slice(0, 299);
    expect[9] = "line ten"; expect[249] = "line 250?";
    console.log(JSON.stringify({loopsim: 1, name: "long", main: [{op: "repeat", times: 300,
        do: ["line {i}"]}], expect}));' >"$tmp/long.json"
# applies the unified diff on stdin to the `expect` of scenario $1; prints the result.
apply_diff() {
    node -e '
        const fs = require("fs");
        const want = JSON.parse(fs.readFileSync(process.argv[1], "utf8")).expect;
        const diff = fs.readFileSync(0, "utf8").split("\n");
        const out = [];
        let at = 0;
        for (const line of diff) {
            const h = /^@@ -([0-9]+),([0-9]+) \+([0-9]+),([0-9]+) @@$/.exec(line);
            if (h) {
                const from = Number(h[2]) === 0 ? Number(h[1]) : Number(h[1]) - 1;
                while (at < from) out.push(want[at++]);
            } else if (line.startsWith(" ")) {
                if (want[at++] !== line.slice(1)) process.exit(3);
                out.push(line.slice(1));
            } else if (line.startsWith("-") && !line.startsWith("--- ")) {
                if (want[at++] !== line.slice(1)) process.exit(4);
            } else if (line.startsWith("+") && !line.startsWith("+++ ")) {
                out.push(line.slice(1));
            }
        }
        while (at < want.length) out.push(want[at++]);
        process.stdout.write(out.map((l) => l + "\n").join(""));' "$1"
}
run check "$tmp/long.json"
expect "check of a long output exits 1" status_is 1
expect "a long output: each change in a hunk with 3 lines around it" \
    [ "$(grep -c '^@@ ' "$tmp/out")" -eq 3 ] && out_has '^@@ -7,7 \+7,7 @@$'
expect "a long output: every change is shown, not only the first" \
    out_has '^-line ten$' && out_has '^\+line 250$' && out_has '^\+line 300$'
tail -n +2 "$tmp/out" | apply_diff "$tmp/long.json" >"$tmp/applied"
"$bin" trace "$tmp/long.json" --logs >"$tmp/long.logs"
expect "the diff applied to expect gives what is printed" cmp -s "$tmp/applied" "$tmp/long.logs"
cat >"$tmp/short.json" <<'EOF'
{"loopsim": 1, "name": "short", "main": [{"op": "nextTick", "do": ["tick"]},
  {"op": "promise", "do": ["promise"]}, "main"], "expect": ["main", "tick", "more"]}
EOF
run check "$tmp/short.json"
tail -n +2 "$tmp/out" | apply_diff "$tmp/short.json" >"$tmp/applied"
"$bin" trace "$tmp/short.json" --logs >"$tmp/short.logs"
expect "a missing and an extra line: the diff applied gives what is printed" \
    cmp -s "$tmp/applied" "$tmp/short.logs"
cat >"$tmp/any.json" <<'EOF'
{"loopsim": 1, "name": "any", "main": [{"op": "setImmediate", "do": ["b"]}, "a"],
 "expect_any": [["x", "y", "z"], ["a", "c"]]}
EOF
run check "$tmp/any.json"
expect "expect_any: none matches, exit 1" status_is 1
expect "expect_any: the diff is against the closest output" \
    out_has "none of the 2 outputs of \`expect_any\`; the closest is expect_any\[1\]" &&
    out_has "^--- $tmp/any.json: expect_any\[1\]$" && out_has '^-c$' && out_has '^\+b$'
run check "$tmp/noexpect.json"
expect "check without an expectation exits 0" status_is 0
expect "check says there is no expectation" out_has "^valid $tmp/noexpect.json \(no expectation\)"
run check "$tmp/runaway.json" --max-callbacks 20
expect "check of a runaway scenario exits 1" status_is 1
expect "check says max_callbacks stopped it" out_has "^FAIL  .*max_callbacks"
run check "$tmp/good.json" "$tmp/wrong.json"
expect "check of good and wrong exits 1" status_is 1
run check "$tmp/wrong.json" "$tmp/bad.json" "$tmp/good.json"
expect "check with an invalid file exits 2" status_is 2
expect "check goes on after an invalid file" out_has "^ok    $tmp/good.json$"
run check scenarios/default.json
expect "check of the default scenario passes" status_is 0

# ---- screen ------------------------------------------------------------------------------

# The README's example trace: the fenced JSON after "saved as `my.json`" and the trace block
# after "its trace, `./loopsim trace my.json`" must be what loopsim prints for that JSON now.
awk '/saved as `my.json`/ { found = 1 }
    found && /^```/ { if (inside) exit; inside = 1; next }
    inside { print }' README.md >"$tmp/my.json"
awk '/its trace, `.\/loopsim trace my.json`/ { found = 1 }
    found && /^```/ { if (inside) exit; inside = 1; next }
    inside { print }' README.md >"$tmp/readme.trace"
(cd "$tmp" && "$bin" trace my.json >"$tmp/my.trace" 2>"$tmp/err")
expect "README.md's example scenario is there" [ -s "$tmp/my.json" ]
expect "README.md's example trace is what 'loopsim trace my.json' prints (regenerate it)" \
    cmp -s "$tmp/readme.trace" "$tmp/my.trace"
if ! cmp -s "$tmp/readme.trace" "$tmp/my.trace"; then
    diff -u "$tmp/readme.trace" "$tmp/my.trace" | head -n 20 | sed 's/^/      /'
fi

# The README's JavaScript example: the program after "saved as `quiz.js`", and its trace after
# "`./loopsim trace quiz.js`, says why"; with node there, --logs prints what node prints.
awk '/`quiz.js`, the classic quiz/ { found = 1 }
    found && /^```/ { if (inside) exit; inside = 1; next }
    inside { print }' README.md >"$tmp/quiz.js"
awk '/`.\/loopsim trace quiz.js`, says why/ { found = 1 }
    found && /^```/ { if (inside) exit; inside = 1; next }
    inside { print }' README.md >"$tmp/quiz.readme"
(cd "$tmp" && "$bin" trace quiz.js >"$tmp/quiz.trace" 2>"$tmp/err")
expect "README.md's JavaScript example is there" [ -s "$tmp/quiz.js" ]
expect "README.md's JavaScript trace is what 'loopsim trace quiz.js' prints (regenerate it)" \
    cmp -s "$tmp/quiz.readme" "$tmp/quiz.trace"
if command -v node >/dev/null; then
    (cd "$tmp" && node quiz.js >"$tmp/quiz.node" && "$bin" trace --logs quiz.js >"$tmp/quiz.logs")
    expect "README.md's JavaScript example prints in loopsim what it prints in node" \
        cmp -s "$tmp/quiz.node" "$tmp/quiz.logs"
fi

# The README's capture: the fenced block after the line naming its `loopsim screen ...` command
# must be what that command prints now.
readme_cmd=$(grep -o '`loopsim screen [^`]*`' README.md | head -n 1 | tr -d '`')
awk -v cmd="$readme_cmd" 'index($0, cmd) { found = 1 }
    found && /^```/ { if (inside) exit; inside = 1; next }
    inside { print }' README.md >"$tmp/readme.capture"
last="$readme_cmd (LC_ALL=C.UTF-8)"
# shellcheck disable=SC2086
LC_ALL=C.UTF-8 "$bin" ${readme_cmd#loopsim } >"$tmp/out" 2>"$tmp/err"
status=$?
expect "README.md names the loopsim screen command of its capture" [ -n "$readme_cmd" ]
expect "README.md's capture is there" [ "$(wc -l <"$tmp/readme.capture")" -ge 24 ]
expect "README.md's capture is what '$readme_cmd' prints (regenerate it)" \
    cmp -s "$tmp/readme.capture" "$tmp/out"
if ! cmp -s "$tmp/readme.capture" "$tmp/out"; then
    diff -u "$tmp/readme.capture" "$tmp/out" | head -n 20 | sed 's/^/      /'
fi

screen() { LC_ALL=C.UTF-8 run screen "$@"; }
screen default --at 29 --size 80x24
expect "screen exits 0" status_is 0
expect "screen prints as many rows as --size says" [ "$(wc -l <"$tmp/out")" -eq 24 ]
expect "screen rows fit the width" [ "$(LC_ALL=C.UTF-8 wc -L <"$tmp/out")" -le 80 ]
expect "screen has no escape codes unless asked" [ "$(grep -c $'\e' "$tmp/out")" -eq 0 ]
expect "screen says the event" out_has 'event 29 of [0-9]+ · '
screen default --at 29 --size 80x24 --color
expect "--color gives SGR escapes" out_has $'\e''\[0(;[0-9]+)*m'
expect "--color colors the highlighted phase (black on yellow)" out_has $'\e''\[0;1;7?;?30;43m'
LC_ALL=C.UTF-8 NO_COLOR=1 run screen default --at 29 --size 80x24 --color
expect "--color with NO_COLOR: attributes, no colors" \
    [ "$(grep -cE $'\e''\[[0-9;]*(3[0-7]|4[0-7])m' "$tmp/out")" -eq 0 ]
screen default --at 29 --focus program --color
expect "--focus program gives the program pane the focus style" out_has $'\e''\[0;1;30;46mprogram'
screen default --at 0
expect "--at 0 is the start" out_has 'event 0 of [0-9]+ · 0 ms'
screen default --at end
expect "--at end is the last event" out_has 'event ([0-9]+) of \1 · .* · end'

# --at TIME: the loop at that time is its last event at or before it; the title says the time.
"$bin" trace default --format jsonl >"$tmp/default.jsonl"
at_seq=$(node -e '
    const evs = require("fs").readFileSync(process.argv[1], "utf8").split("\n").filter(Boolean)
        .map(JSON.parse).filter((e) => e.event !== "end");
    const before = evs.filter((e) => e.time_ns <= 12500000);
    const last = before[before.length - 1], next = evs[before.length];
    console.log(last.seq, last.event, next.time_ns > 12500000 ? "later" : "not-later");
' "$tmp/default.jsonl")
screen default --at 12.5ms
expect "--at 12.5ms goes to the last event at or before 12.5 ms" \
    out_has "event ${at_seq%% *} of [0-9]+ · 12\.5 ms"
expect "the event after it is later than 12.5 ms" [ "${at_seq##* }" = later ]
expect "the loop pane's title says 12.5 ms" out_has 'iteration [0-9]+ · 12\.5 ms'
expect "that event is the poll-wait the loop sleeps in" \
    [ "$(echo "$at_seq" | cut -d' ' -f2)" = poll-wait ]
expect "the status bar says the loop sleeps in poll between the two events" \
    out_has "12\.5 ms: the loop sleeps in poll between event ${at_seq%% *} \([0-9.]+ ms\) and \
$((${at_seq%% *} + 1)) \([0-9.]+ ms\)$"

for bad in "--at soon" "--at 12.5" "--at 999" "--at 5s" "--size 80" "--size 0x24" "--size 80x24x" \
    "--size 2000x10" "--focus loop" "--focus nowhere"; do
    # shellcheck disable=SC2086
    screen default $bad
    expect "screen $bad is refused (exit 2)" status_is 2
    expect "screen $bad is explained on stderr" [ -s "$tmp/err" ]
    expect "screen $bad prints no screen" [ ! -s "$tmp/out" ]
done
screen default --at 999
expect "--at past the last event says how many there are" \
    err_has '--at 999: the run has [0-9]+ events'
screen default --at 5s
expect "--at past the end says when the run ended" \
    err_has '--at 5s: the run ended at [0-9.]+ ms \(event [0-9]+\)'
screen default --at soon
expect "a bad --at says what it takes" err_has "--at: 'soon' is not an event number"
screen default --focus nowhere --at 1
expect "an unknown pane lists the panes" err_has "--focus: 'nowhere' is not a pane .*program.*trace"
screen default --size 2000x10 --at 1
expect "a size out of range says the range" err_has "--size: 2000x10 is out of range"
screen default
expect "screen needs --at" status_is 2
expect "screen without --at says so" err_has "needs --at"
screen "$tmp/bad.json" --at 1
expect "screen of an invalid scenario exits 2" status_is 2
expect "screen reports an invalid scenario as trace does" err_has 'bad\.json:[0-9]+:[0-9]+: error: '
screen default --at 1 --size 39x11
expect "a size too small for the TUI shows its message" out_has 'loopsim needs 40x12'

# Labels cut to fit lose their middle, so different timers stay different (100 columns).
screen clear-from-nexttick --at 8 --size 100x30
expect "four timers waiting show four different labels" \
    [ "$(grep -oE 'setT[^ ]*#[1-4] +due 100 ms' "$tmp/out" | sort -u | wc -l)" -eq 4 ]
"$bin" trace clear-from-nexttick | awk '$1 == "0.000" && $4 == "schedule" { print $5 }' |
    grep -E '^setTimeout#[0-9]+$' | sort -u >"$tmp/timer-labels"
grep -oE 'setT[^ ]*#[0-9]+ +due' "$tmp/out" | grep -oE '#[0-9]+' | sort -u >"$tmp/shown-ends"
expect "those are the setTimeouts the trace scheduled" [ "$(wc -l <"$tmp/timer-labels")" -eq 4 ] &&
    [ "$(sed 's/^setTimeout//' "$tmp/timer-labels")" = "$(cat "$tmp/shown-ends")" ]

# --keys: the keys the TUI takes, after --at.
screen default --at 29 --keys '?' --size 80x24
expect "--keys '?' shows the help" out_has '^ loopsim · keys'
expect "the help at 80x24 says it scrolls" out_has 'rows 1-[0-9]+ of [0-9]+'
screen default --at 29 --keys '?<End>' --size 80x24
expect "the help's last line can be scrolled to" out_has 'q +quit$'
screen default --at 29 --keys 'i' --size 80x24
expect "--keys i shows the event in full" out_has '^ loopsim · event 29$' &&
    out_has '^  why +queued for the next check phase$' &&
    out_has '^  label +immediate from readFile$'
screen default --at 29 --keys 'd' --size 80x24
expect "--keys d shows the description with its code as written" \
    out_has "^    console\.log\('main: the script runs first, top to bottom'\);$"
right6='<Right><Right><Right><Right><Right><Right>'
screen default --at 29 --focus program --keys "$right6" --size 80x24
expect "the program pane scrolls sideways to a line's end" out_has 'worker-pool request' &&
    out_has '─ program ─.*→ [0-9]+ ─'
screen default --at 29 --keys 'x<Nope>'
expect "--keys with an unknown <name> is refused (exit 2)" status_is 2
expect "--keys says which key it does not know" err_has "--keys: '<Nope>' is not a key"

# Issue 6 §1: each screen shows the state at the event shown, never a later one. The events are
# found in the jsonl trace by what they are, not by number, so the cost model may move them.
# nth_event NAME N JS-CONDITION: the seq of the N-th event e of NAME for which the condition holds.
nth_event() {
    "$bin" trace "$1" --format jsonl | node -e '
        const [n, cond] = [Number(process.argv[1]), new Function("e", "return " + process.argv[2])];
        const evs = require("fs").readFileSync(0, "utf8").trim().split("\n").map(JSON.parse);
        console.log(evs.filter((e) => e.event !== "end" && cond(e))[n - 1]?.seq ?? "none");
    ' "$2" "$3"
}
at=$(nth_event pool-of-4-five-jobs 1 'e.event === "poll-wait"')
screen pool-of-4-five-jobs --at "$at" --size 120x40
expect "pool-of-4: asleep in poll, all four workers are busy" out_has '4 threads · 4 busy'
expect "pool-of-4: asleep in poll, no job is listed as completed yet" \
    [ "$(grep -c 'done 200 ms' "$tmp/out")" -eq 0 ]
expect "pool-of-4: asleep in poll, the fifth job waits for a worker" \
    out_has 'waiting +crypto\.pbkdf2#2'
at=$(nth_event default 1 'e.event === "worker-done"')
screen default --at "$at" --size 120x40
expect "default: at a worker-done its worker is idle" out_has '4 threads · 0 busy'
expect "default: at a worker-done the finished job waits for poll" \
    out_has 'completed +readFile \(open\)'
at=$(nth_event default 5 'e.event === "poll-wait"')
screen default --at "$at" --size 120x40
expect "default: asleep until the client connects, no callback runs" out_lacks 'in connection'
expect "default: asleep until the client connects, it still waits in io" \
    out_has 'io +connection +ready [0-9.]+ ms'
expect "default: asleep until the client connects, no socket is open yet" out_lacks 'open socket'
first=$(nth_event pool-of-4-five-jobs 2 'e.event === "poll-wait"')
last=$(nth_event pool-of-4-five-jobs 5 'e.event === "callback" && e.phase === "poll"')
for at in $(seq "$first" $((last - 1))); do
    screen pool-of-4-five-jobs --at "$at" --size 120x40
    expect "pool-of-4 event $at: the fifth job keeps the loop alive" out_has 'alive +yes: crypto'
    expect "pool-of-4 event $at: the fifth job is running or completed" \
        out_has '(1 busy|completed +crypto\.pbkdf2#2)'
done
at=$(nth_event server-keeps-process-alive 1 \
    'e.reason === "sched-tick" && /server\.close/.test(e.label)')
screen server-keeps-process-alive --at "$at" --size 120x40
expect "server.close: its callback waits in nextTick" out_has 'nextTick +server\.close#1'
expect "server.close: the close queue has the listen handle" out_has 'close +listen#1'
expect "server.close: the close queue does not list server.close#1 too" \
    out_lacks '^ +close +server\.close'
at=$(nth_event esm-entry 1 'e.event === "callback" && e.label === "promise#1"')
screen esm-entry --at "$at" --size 120x40
expect "esm-entry: a microtask runs while nextTick#1 waits" out_has 'nextTick +nextTick#1'
expect "esm-entry: and the why says the checkpoint goes first" \
    out_has 'why +microtask queue: the microtask checkpoint under way'
cat >"$tmp/stop.json" <<'EOF'
{"loopsim": 1, "name": "stop", "config": {"max_callbacks": 2}, "main": [
  {"op": "nextTick", "label": "a", "do": [{"op": "nextTick", "label": "b"}]}]}
EOF
screen "$tmp/stop.json" --at end --size 120x40
expect "a max_callbacks stop: the tick just scheduled is still listed" out_has 'nextTick +b'

# ASCII (a locale that is not UTF-8, or --ascii): only ASCII; busy and idle worker lanes differ;
# the running callback's gutter mark is not another '|' beside the divider.
LC_ALL=C run screen default --at 15
cp "$tmp/out" "$tmp/ascii15"
expect "a C locale gives ASCII only" [ "$(LC_ALL=C grep -c '[^ -~]' "$tmp/out")" -eq 0 ]
screen default --at 15 --ascii
expect "--ascii is the C locale's screen" cmp -s "$tmp/out" "$tmp/ascii15"
busy=$(grep -E '^ +1 [#-]+ +readFi' "$tmp/out" | awk '{ print $2 }')
idle=$(grep -E '^ +2 [^ ]+ +idle' "$tmp/out" | awk '{ print $2 }')
expect "ASCII: a busy lane is drawn with # and -" [ -n "$busy" ] && [[ "$busy" =~ ^[#-]+$ ]]
expect "ASCII: an idle lane is drawn with dots" [ -n "$idle" ] && [[ "$idle" =~ ^\.+$ ]]
expect "ASCII: busy and idle lanes look different" [ "$busy" != "$idle" ]
screen default --at 29 --ascii
expect "ASCII: the running callback is marked in the gutter" out_has '\|: +console\.log'
expect "ASCII: its mark is not '||' beside the divider" [ "$(grep -c '||' "$tmp/out")" -eq 0 ]

# ---- Terminal injection (issue 7) ----------------------------------------------------------
# A scenario's labels, ids, texts and name, and a file's name, reach the terminal escaped: no
# ESC, BEL or C1 control (U+009B is CSI) from a scenario gets to retitle or clear it. --logs is
# what node prints, byte for byte; jsonl stays JSON.

cat >"$tmp/evil.json" <<'EOF'
{"loopsim": 1, "name": "evil\u001b]0;pwned\u0007", "main": [
  {"op": "setTimeout", "delay": 1, "label": "lab\u001b[2Jel", "do": ["log\u001b[2J\u009b"]},
  {"op": "setImmediate", "id": "i\u001b]0;d\u0007"},
  {"op": "clearTimeout", "id": "i\u001b]0;d\u0007"},
  {"op": "block", "ms": 1, "what": "wh\u001b]0;x\u0007at\u009b1m\u007f"}
], "expect": ["a\u001b[2Jb\u009b"]}
EOF
# No C0 control but the newline, no DEL, no C1 control (as UTF-8: C2 80..C2 9F).
no_controls() { ! LC_ALL=C grep -qP '[\x00-\x09\x0b-\x1f\x7f]|\xc2[\x80-\x9f]' "$1"; }
evil_name=$tmp/$'ev\e]0;t\ail.json'
cp "$tmp/evil.json" "$evil_name"
run trace "$evil_name"
last="loopsim trace (evil.json, in a file whose name holds ESC and BEL)"
expect "text trace: a hostile scenario exits 0" status_is 0
expect "text trace: no control character reaches the terminal" no_controls "$tmp/out"
expect "text trace: a label's ESC is shown escaped" out_has 'lab\\u001b\[2Jel'
expect "text trace: an id's ESC and BEL are shown escaped" \
    out_has "note +i\\\\u001b\\]0;d\\\\u0007 +-- 'i\\\\u001b\\]0;d\\\\u0007' is an Immediate"
expect "text trace: a block's what, C1 and DEL included" \
    out_has 'wh\\u001b\]0;x\\u0007at\\u009b1m\\u007f for 1\.000 ms'
expect "text trace: a log line's C1 control is escaped" out_has '"log\\u001b\[2J\\u009b"'
expect "text trace: the file's name is escaped" out_has '\(.*ev\\u001b\]0;t\\u0007il\.json\)$'
run check "$evil_name"
last="loopsim check (evil.json, in a file whose name holds ESC and BEL)"
expect "check: a hostile scenario's mismatch exits 1" status_is 1
expect "check: no control character reaches the terminal" no_controls "$tmp/out"
expect "check: the expected line is shown escaped" out_has '^-a\\u001b\[2Jb\\u009b$'
run trace "$tmp/evil.json" --format jsonl
expect "jsonl: a hostile scenario's trace is JSON" json_lines_valid <"$tmp/out"
expect "jsonl: no control character in it" no_controls "$tmp/out"
run trace "$tmp/evil.json" --logs
expect "--logs: the log line is what node prints, byte for byte" \
    [ "$(cat "$tmp/out")" = $'log\e[2J\xc2\x9b' ]

# ---- -o FILE and stop signals (issue 7) ------------------------------------------------------
# SIGINT, SIGTERM or SIGHUP during a long trace into -o FILE: FILE is as it was, the temporary
# FILE.XXXXXX is gone, and loopsim dies of the signal. (env --default-signal: a background job
# of a script starts with SIGINT ignored, which loopsim would rightly keep.)

cat >"$tmp/forever.json" <<'EOF'
{"loopsim": 1, "name": "forever", "main": [{"op": "setInterval", "delay": 1, "do": ["tick"]}]}
EOF
# Starts the endless trace into $tmp/sig.txt, waits until its temporary file holds 64 KiB (5 s
# at most), sends signal $1; sets $status to how loopsim ended, $started to whether the
# temporary file grew.
trace_then_signal() {
    last="loopsim trace forever.json -o sig.txt, then kill -s $1"
    env --default-signal="$1" "$bin" trace "$tmp/forever.json" --max-callbacks 100000000 \
        -o "$tmp/sig.txt" >"$tmp/out" 2>"$tmp/err" &
    local pid=$! i
    started=no
    for ((i = 0; i < 500; i++)); do
        if [ -n "$(find "$tmp" -maxdepth 1 -name 'sig.txt.*' -size +64k)" ]; then
            started=yes
            break
        fi
        sleep 0.01
    done
    kill -s "$1" "$pid"
    wait "$pid" 2>/dev/null # no "Hangup" notice from bash
    status=$?
}
for sig in INT TERM HUP; do
    echo KEEP >"$tmp/sig.txt"
    trace_then_signal "$sig"
    expect "SIG$sig: the trace was under way in a temporary file" [ "$started" = yes ]
    expect "SIG$sig: loopsim dies of the signal" status_is $((128 + $(kill -l "$sig")))
    expect "SIG$sig: -o FILE is left as it was" [ "$(cat "$tmp/sig.txt")" = KEEP ]
    expect "SIG$sig: the temporary FILE.XXXXXX is removed" \
        [ "$(find "$tmp" -maxdepth 1 -name 'sig.txt.*' | wc -l)" -eq 0 ]
    rm -f "$tmp"/sig.txt.*
done
# A signal ignored before loopsim starts (nohup) stays ignored: the trace runs to its end.
last="loopsim trace forever.json --max-callbacks 300000 -o sig.txt with SIGHUP ignored"
(
    trap '' HUP
    exec "$bin" trace "$tmp/forever.json" --max-callbacks 300000 -o "$tmp/sig.txt"
) 2>"$tmp/err" &
pid=$!
sleep 0.05
kill -s HUP "$pid" 2>/dev/null
wait "$pid"
status=$?
expect "an ignored SIGHUP: the trace runs on to max_callbacks (exit 1)" status_is 1
expect "an ignored SIGHUP: -o FILE is then the whole trace" \
    grep -q '^end: stopped by max_callbacks' "$tmp/sig.txt"

# ---- The loader's memory (issue 7, section 7) -----------------------------------------------

# Loads (and checks) a generated scenario of about 20 MB and compares the peak memory of the
# process with docs/performance.md's bound: the loader builds the program straight from the
# scanner's positions, never the document a second time. $1: what the statements are like; $2:
# a JSON statement with its comma; $3: the most the peak may be, in multiples of the file size
# beyond a tiny scenario's. AddressSanitizer's shadow memory would swamp the figure: skipped there.
peak_within() {
    local what=$1 stmt=$2 most=$3
    if grep -q __asan_init "$bin" 2>/dev/null; then
        skip "the loader's peak memory on $what (an AddressSanitizer build)"
        return
    fi
    last="loopsim check on a generated 20 MB scenario of $what"
    : >"$tmp/out"
    python3 - "$bin" "$tmp" "$stmt" "$most" <<'PY' >"$tmp/peak" 2>"$tmp/err"
import os, resource, subprocess, sys
binary, tmp, stmt, most = sys.argv[1], sys.argv[2], sys.argv[3], float(sys.argv[4])
# meson test sets MALLOC_PERTURB_, which makes malloc write every byte it hands out: room an
# array reserved to grow into would count, which no real run pays for.
env = {k: v for k, v in os.environ.items() if k != "MALLOC_PERTURB_"}
def peak(path):
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    run = subprocess.run([binary, "check", path], stdout=subprocess.DEVNULL, env=env)
    after = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    assert run.returncode == 0, "loopsim check failed on " + path
    return max(before, after) * 1024
tiny = os.path.join(tmp, "tiny.json")
with open(tiny, "w") as f:
    f.write('{"loopsim":1,"name":"tiny","main":["x"]}')
base = peak(tiny)
big = os.path.join(tmp, "big.json")
with open(big, "w") as f:
    f.write('{"loopsim":1,"name":"big","functions":{"unused":[')
    f.write(stmt * (20000000 // len(stmt)))
    f.write('"end"]},"main":["x"]}')
size = os.path.getsize(big)
ratio = (peak(big) - base) / size
print("%.1f %s" % (ratio, "ok" if ratio <= most else "over"))
PY
    read -r ratio verdict <"$tmp/peak"
    expect "loading 20 MB of $what peaks at ${ratio:-?}x the file (at most ${most}x)" \
        [ "${verdict:-}" = ok ]
}
peak_within "statements as they are usually written" \
    '{"op":"setTimeout","delay":5,"label":"t","do":["tick",{"op":"nextTick","do":["n"]}]},
{"op":"fs.readFile","ms":2,"size":1000,"do":["read"]},"plain log line",{"op":"setImmediate"},' 10
peak_within "empty log strings (the worst case: three bytes a statement)" '"",' 48

# ---- Control characters never reach the terminal from `screen` or `js` ---------------------
# C1 controls (U+009B is CSI), ESC and U+2028 in a log, a label and a block's `what`: the TUI
# draws dots, the JavaScript escapes them in strings and blanks them in comments (and still
# parses: a U+2028 would end a // comment).
printf '%s' '{"loopsim":1,"name":"e","main":[{"op":"log","msg":"a\u009b2J\u001b]0;x\u2028y"},
  {"op":"setTimeout","delay":1,"label":"l\u009bq\u2028\u001b[2J","do":[]},
  {"op":"block","ms":1,"what":"w\u009b\u2029"}]}' >"$tmp/c1.json"
controls() { python3 -c 'import sys
t = sys.stdin.buffer.read().decode()
print(sum(1 for c in t if (ord(c) < 32 and c != "\n") or 0x7f <= ord(c) <= 0x9f or c in "\u2028\u2029"))'; }
for at in 1 3 5 end; do
    LC_ALL=C.UTF-8 "$bin" screen "$tmp/c1.json" --at "$at" >"$tmp/out" 2>"$tmp/err"
    expect "screen --at $at of a scenario with control characters prints none" \
        [ "$(controls <"$tmp/out")" = 0 ]
done
"$bin" js "$tmp/c1.json" >"$tmp/c1.js" 2>"$tmp/err"
expect "js of a scenario with control characters prints none" [ "$(controls <"$tmp/c1.js")" = 0 ]
expect "js escapes them in strings" grep -qF "'a\\u009b2J\\x1b]0;x\\u2028y'" "$tmp/c1.js"
expect "js with blanked comments still parses" node --check "$tmp/c1.js"

# ---- JavaScript built-ins (scenarios/*.js, *.mjs) -----------------------------------------

cp "$tmp/out" "$tmp/saved.out" # `run list` below overwrites it
run list
cp "$tmp/out" "$tmp/list"
# The title `list` shows for built-in $1.
list_title() { awk -v n="$1" '$1 == n { sub(/^[^ ]+ +/, ""); print }' "$tmp/list"; }
# Did the last run exit 0 and print a line matching ERE $1 (ok_and_has_fixed: string $1)?
ok_and_has() { [ "$status" -eq 0 ] && out_has "$1"; }
ok_and_has_fixed() { [ "$status" -eq 0 ] && grep -qF -- "$1" "$tmp/out"; }
# Did the last run fail and say ERE $1 on stderr?
failed_saying() { [ "$status" -ne 0 ] && err_has "$1"; }
js_builtins=0
for file in scenarios/*.js scenarios/*.mjs; do
    [ -f "$file" ] || continue
    js_builtins=$((js_builtins + 1))
    base=${file##*/}
    name=${base%.*}
    title=$(head -n 1 "$file" | sed 's|^// ||')
    expect "list shows $name with its header comment's first line" \
        [ "$(list_title "$name")" = "$title" ]
    run trace "$file"
    cp "$tmp/out" "$tmp/file.out"
    run trace "$name"
    expect "trace $name exits 0" status_is 0
    expect "trace $name names the program by its title and its name" \
        [ "$(head -n 1 "$tmp/out")" = "loopsim trace of \"$title\" ($name)" ]
    expect "trace $name is the trace of $file" \
        [ "$(tail -n +2 "$tmp/out")" = "$(tail -n +2 "$tmp/file.out")" ]
    run check "$name"
    expect "check $name holds its expect block" ok_and_has "^ok +$name\$"
    run js "$name"
    expect "js $name prints the program's own text" cmp -s "$file" "$tmp/out"
    # The description (line 3 on), as the page shows it: Markdown's code marks dropped.
    run screen "$name" --at end --keys d
    expect "screen $name --keys d: the description page shows the header's description" \
        ok_and_has_fixed "$(sed -n 3p "$file" | sed 's|^// ||' | tr -d '`' | cut -c1-30)"
done
expect "there are JavaScript built-ins" [ "$js_builtins" -ge 10 ]
run trace four-queues-in-i
expect "a near miss of a JavaScript built-in's name suggests it" err_has "four-queues-in-io"

# embed.py refuses a JavaScript built-in that breaks its rules, with the file and line.
embed_refuses() {
    local desc=$1 text=$2 want=$3
    rm -rf "$tmp/embed" && mkdir "$tmp/embed"
    printf '%s' "$text" >"$tmp/embed/prog.js"
    last="embed.py on: $desc"
    python3 scenarios/embed.py "$tmp/embed.c" "$tmp/embed.d" "$tmp/embed" >"$tmp/out" 2>"$tmp/err"
    status=$?
    expect "embed.py refuses $desc" failed_saying "prog\.js:[0-9]+: error: .*$want"
}
good_body=$(printf 'console.log(1);\n// loopsim: expect\n// 1\n')
embed_refuses "a program without a title" "$good_body"$'\n' "a built-in program begins"
embed_refuses "a title without a description" "// T"$'\n'"$good_body"$'\n' "needs a description"
embed_refuses "a description not set apart" "// T"$'\n'"// d"$'\n'"$good_body"$'\n' "an empty"
embed_refuses "a program without expect" $'// T\n//\n// d\nconsole.log(1);\n// 1\n' \
    "loopsim: expect"
embed_refuses "a program of 41 lines" \
    "// T"$'\n//\n// d\n'"$(yes '//' | head -n 35)"$'\n'"$good_body"$'\n' "41 lines"
embed_refuses "a line of 101 columns" \
    "// T"$'\n//\n// d\n'"// $(printf 'x%.0s' $(seq 98))"$'\n'"$good_body"$'\n' "101 columns"
printf '{"loopsim": 1, "name": "p", "main": []}\n' >"$tmp/embed/prog.json"
printf '// T\n//\n// d\n%s\n' "$good_body" >"$tmp/embed/prog.js"
python3 scenarios/embed.py "$tmp/embed.c" "$tmp/embed.d" "$tmp/embed" >"$tmp/out" 2>"$tmp/err"
status=$?
expect "embed.py refuses two files of one name" failed_saying "one file per name"
rm "$tmp/embed/prog.json"
python3 scenarios/embed.py "$tmp/embed.c" "$tmp/embed.d" "$tmp/embed" >"$tmp/out" 2>"$tmp/err"
status=$?
embedded_script() { [ "$status" -eq 0 ] && grep -qF 'UI_LANG_SCRIPT' "$tmp/embed.c"; }
expect "embed.py takes a good program" embedded_script

# An exercise (scenarios/exercises/NAME.js): a level and a prompt, and no expect block.
embed_refuses_exercise() {
    local desc=$1 text=$2 want=$3
    rm -rf "$tmp/embed" && mkdir -p "$tmp/embed/exercises"
    printf '%s' "$text" >"$tmp/embed/exercises/prog.js"
    last="embed.py on the exercise: $desc"
    python3 scenarios/embed.py "$tmp/embed.c" "$tmp/embed.d" "$tmp/embed" >"$tmp/out" 2>"$tmp/err"
    status=$?
    expect "embed.py refuses an exercise with $desc" \
        failed_saying "exercises/prog\.js:[0-9]+: error: .*$want"
}
ex_head=$'// T\n//\n// d\n'
ex_body=$'setImmediate(() => console.log(2));\nconsole.log(1);\n'
lv1=$'// loopsim: level 1\n'
ask=$'// loopsim: prompt Q?\n'
embed_refuses_exercise "no level" "$ex_head$ask$ex_body" "level N"
embed_refuses_exercise "no prompt" "$ex_head$lv1$ex_body" "prompt TEXT"
embed_refuses_exercise "level 5" "$ex_head// loopsim: level 5"$'\n'"$ask$ex_body" \
    "takes 1 \\(first steps\\) to 4"
embed_refuses_exercise "an expect block" "$ex_head$lv1$ask$ex_body"$'// loopsim: expect\n// 1\n' \
    "has no .// loopsim: expect. block"
embed_refuses_exercise "an empty prompt" "$ex_head$lv1"$'// loopsim: prompt\n'"$ex_body" \
    "needs its question"
embed_refuses_exercise "two levels" "$ex_head$lv1$lv1$ask$ex_body" "once"
printf '%s// loopsim: level 2\n// loopsim: prompt Q?\n%s' "$ex_head" "$ex_body" \
    >"$tmp/embed/exercises/prog.js"
printf '%s%s' "$ex_head" "$good_body" >"$tmp/embed/prog.js"
python3 scenarios/embed.py "$tmp/embed.c" "$tmp/embed.d" "$tmp/embed" >"$tmp/out" 2>"$tmp/err"
status=$?
expect "embed.py refuses an exercise named as a scenario" failed_saying "one file per name"
rm "$tmp/embed/prog.js"
python3 scenarios/embed.py "$tmp/embed.c" "$tmp/embed.d" "$tmp/embed" >"$tmp/out" 2>"$tmp/err"
status=$?
embedded_exercise() {
    [ "$status" -eq 0 ] && grep -qF '"prog.js", UI_LANG_SCRIPT, true' "$tmp/embed.c" &&
        grep -qF "$tmp/embed/exercises " "$tmp/embed.d"
}
expect "embed.py takes a good exercise, marked, and depends on its directory" embedded_exercise

# Each built-in exercise: listed with its level's name and title, traced by its name as its file.
run list
cp "$tmp/out" "$tmp/list"
exercises=0
for file in scenarios/exercises/*.js scenarios/exercises/*.mjs; do
    [ -f "$file" ] || continue
    exercises=$((exercises + 1))
    base=${file##*/}
    name=${base%.*}
    title=$(head -n 1 "$file" | sed 's|^// ||')
    level=$(sed -n 's|^// loopsim: level ||p' "$file")
    level_name=$(printf '%s\n' "first steps" intermediate advanced expert | sed -n "${level}p")
    listed() {
        [ "$(awk -F '  +' -v n="$name" '$1 == n { print $2 "|" $3 }' "$tmp/list")" = \
            "$level_name|$title" ]
    }
    expect "list shows exercise $name as $level_name with its title" listed
    run trace "$file"
    cp "$tmp/out" "$tmp/file.out"
    run trace "$name"
    same_trace() {
        [ "$status" -eq 0 ] && [ "$(tail -n +2 "$tmp/out")" = "$(tail -n +2 "$tmp/file.out")" ]
    }
    expect "trace $name is the trace of $file" same_trace
done
expect "there are at least 22 exercises" [ "$exercises" -ge 22 ]
cp "$tmp/saved.out" "$tmp/out"

# ---- --node and compare (docs/node-profiles.md) ----------------------------------------------
fixture=tests/profiles/node10-ticks-per-phase.json
run check "$fixture"
expect "check runs a Node 10 scenario against its expect" ok_and_has '^ok +tests/profiles/'
run trace --logs --node 20 "$fixture"
logs_20_first() { [ "$status" -eq 0 ] && [ "$(sed -n 2p "$tmp/out")" = "tick from t1" ]; }
expect "--node 20 overrides the scenario's node 10" logs_20_first
run trace --node 11 "$fixture"
expect "--node refuses a profile it does not have" failed_saying "--node: '11' is not a profile"
run trace --node 10 --node 20 "$fixture"
expect "trace takes one --node" failed_saying "--node is given once"
run compare --node 10 --node 20 "$fixture"
expect "compare exits 0 when the outputs differ" status_is 0
expect "compare heads the columns with the profiles" out_has '^  node 10 +node 20$'
expect "compare marks the first difference with >" out_has '^> t2 +tick from t1$'
expect "compare marks later differences with *" out_has '^\* tick from i1 +i2$'
expect "compare says where the outputs first differ" out_has '^first difference: line 2$'
run compare --node 20 --node 20 "$fixture"
expect "compare of one profile twice says so" ok_and_has '^no difference: both print the same 7 lines$'
printf 'setTimeout(() => console.log("a"), 1);\n' >"$tmp/same.js"
run compare --node 10 --node 20 "$tmp/same.js"
expect "compare runs a JavaScript program" ok_and_has '^no difference: both print the same 1 line$'
printf '// loopsim: config node=10\nsetImmediate(() => { console.log("i1");\n  process.nextTick(() => console.log("tick")); });\nsetImmediate(() => console.log("i2"));\n' >"$tmp/n10.js"
run trace --logs "$tmp/n10.js"
n10_order() { [ "$status" -eq 0 ] && [ "$(tr '\n' ' ' <"$tmp/out")" = "i1 i2 tick " ]; }
expect "a program's config line sets node=10" n10_order
run export-js "$fixture" -o "$tmp/n10-export.js"
run trace --logs "$tmp/n10-export.js"
exported_n10() { [ "$status" -eq 0 ] && [ "$(sed -n 2p "$tmp/out")" = "t2" ]; }
expect "export-js keeps the Node 10 profile as a config line" exported_n10
run compare --node 10 "$fixture"
expect "compare needs two profiles" failed_saying "'compare' needs two profiles"
run compare --node 10 --node 20
expect "compare needs a scenario" failed_saying "'compare' needs a SCENARIO"
run compare --node 10 --node 20 --node 10 "$fixture"
expect "compare takes at most two profiles" failed_saying "--node is given at most twice"
printf '{"loopsim":1,"name":"x","config":{"node":"9"},"main":[]}\n' >"$tmp/bad-node.json"
run compare --node 10 --node 20 "$tmp/bad-node.json"
expect "compare of a bad scenario exits 2" status_is 2
expect "compare of a bad scenario is a located error" failed_saying \
    "bad-node.json:1:[0-9]+: error: config.node: unsupported node profile"

# ---- races and check's warning (docs/races.md) ------------------------------------------------
run races timeout-vs-immediate-in-main
expect "races of the main-module pair finds two outputs" \
    ok_and_has '^timeout-vs-immediate-in-main: 2 outputs, 2 runs,'
expect "races marks the default output" out_has '^output 1 \(the default, 1 of 2 runs\):$'
expect "races names the choice that leads to the other" \
    out_has '^  when: at 0.040 ms, before event [0-9]+ \(start-up\): 1 ms of start-up passed'
expect "races says how to pin the order" out_has '^  pin:  to fix the order'
run races timeout-vs-immediate-in-main --format jsonl
expect "races --format jsonl prints JSON lines" json_lines_valid <"$tmp/out"
jsonl_two() {
    [ "$status" -eq 0 ] && [ "$(wc -l <"$tmp/out")" -eq 2 ] &&
        grep -qF '{"output":["immediate","timeout"],"choices":[{"kind":"start-up",' "$tmp/out" &&
        grep -qF '"default":true' "$tmp/out" && grep -qF '"default":false' "$tmp/out"
}
expect "races jsonl: one object per output, with output, choices and default" jsonl_two
run races timeout-vs-immediate-in-io
expect "races of the pair inside an I/O callback finds one output" \
    ok_and_has '^timeout-vs-immediate-in-io: 1 output, '
printf 'setTimeout(() => console.log("t"), 0);\nsetImmediate(() => console.log("i"));\n' \
    >"$tmp/pair.js"
run races "$tmp/pair.js" --format jsonl
jsonl_js_pair() { [ "$status" -eq 0 ] && [ "$(wc -l <"$tmp/out")" -eq 2 ]; }
expect "races reads a JavaScript program" jsonl_js_pair
printf '%s\n' '{"loopsim": 1, "name": "two races", "main": [' \
    '  {"op": "setTimeout", "delay": 0, "do": ["t1"]}, {"op": "setImmediate", "do": ["i1"]},' \
    '  {"op": "on", "event": "beforeExit", "once": true, "do": [' \
    '    {"op": "setTimeout", "delay": 0, "do": ["t2"]}, {"op": "setImmediate", "do": ["i2"]}]}]}' \
    >"$tmp/two-races.json"
run races "$tmp/two-races.json" --budget 2
expect "races stops at its budget and says so" ok_and_has 'two-races.json: 2 outputs, 2 runs,'
expect "races lists what the budget left untried" \
    out_has '^not covered: the budget of 2 runs ran out before the other alternative of:$'
run races "$tmp/two-races.json" --budget 2 --format jsonl
expect "races jsonl reports the budget on stderr" err_has '^loopsim: note: .*untried'
run races "$tmp/two-races.json"
expect "races without a budget limit finds all four" ok_and_has 'two-races.json: 4 outputs, 4 runs,'
run races pool-shares-two-cores
expect "races lists at most eight choices of an output, then how many more" \
    out_has '^  and:  [0-9]+ more choice points \(--format jsonl lists them all\)$'
run races "$tmp/two-races.json" --budget 0
expect "races refuses a budget of 0" failed_saying "--budget: '0' is not a number of runs"
run races "$tmp/two-races.json" --format logs
expect "races takes only text or jsonl" failed_saying "races: --format takes 'text' or 'jsonl'"
run races
expect "races needs a scenario" failed_saying "'races' needs a SCENARIO"
run races "$tmp/bad-node.json"
expect "races of a bad scenario is a located error" failed_saying \
    "bad-node.json:1:[0-9]+: error: config.node: unsupported node profile"
run trace --budget 3 timeout-vs-immediate-in-main
expect "--budget is only for races" failed_saying "option '--budget' does not apply to 'trace'"
printf '%s\n' '{"loopsim": 1, "name": "racy", "main": [' \
    '  {"op": "setTimeout", "delay": 0, "do": ["timeout"]},' \
    '  {"op": "setImmediate", "do": ["immediate"]}], "expect": ["immediate", "timeout"]}' \
    >"$tmp/racy-expect.json"
run check "$tmp/racy-expect.json"
expect "check of a racy scenario with expect still passes" ok_and_has '^ok +.*racy-expect.json$'
expect "check warns that races finds more than one output" \
    err_has '^loopsim: warning: .*racy-expect.json: it states `expect`, but real Node may print 2'
expect "check suggests expect_any with every output" \
    err_has '^  "expect_any": \[\["immediate", "timeout"\], \["timeout", "immediate"\]\]$'
run screen timeout-vs-immediate-in-main --at 5
expect "the trace marks the event on a choice point with ~" out_has '▶~5 +0\.040 idle +note'
expect "the why of that event names the race and the key" \
    out_has 'why a race \(x: the other branch\): if 1 ms of start-up passed'
run screen timeout-vs-immediate-in-main --at 5 --ascii
expect "the mark is ~ in ASCII too" out_has '>~5 +0\.040 idle +note'
run screen timeout-vs-immediate-in-main --at 4
expect "an event on no choice point has no mark" out_lacks '~4 '
run screen timeout-vs-immediate-in-main --at 5 --keys 'x'
expect "x says which branch it runs" \
    out_has '^ the other branch: 1 ms of start-up passed before the loop'
expect "x goes to the same event number, which the other branch makes the timers phase" \
    out_has '▶~5 +1\.000 timers +phase'
run screen timeout-vs-immediate-in-main --at 5 --keys 'xgend<Enter>'
timeout_first() {
    [ "$status" -eq 0 ] && grep -A1 -- '─ console ─' "$tmp/out" | tail -1 | grep -q 'timeout$'
}
expect "after x the other branch prints the timeout first" timeout_first
run screen timeout-vs-immediate-in-main --at 5 --keys 'xxgend<Enter>'
immediate_first() {
    [ "$status" -eq 0 ] && grep -A1 -- '─ console ─' "$tmp/out" | tail -1 | grep -q 'immediate$'
}
expect "x twice is the default branch again" immediate_first
run screen timeout-vs-immediate-in-main --at 3 --keys 'x'
expect "x away from a race says where to use it" \
    out_has 'x runs the other branch of a race: select an event marked ~'
run check scenarios/timeout-vs-immediate-in-main.json scenarios/timeout-vs-immediate-in-io.json
expect "check does not warn where expect_any is stated or the order is fixed" err_empty

if [ "$skipped" -ne 0 ]; then
    echo "$skipped skipped"
fi
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]

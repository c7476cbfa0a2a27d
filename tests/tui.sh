#!/usr/bin/env bash
# tests/tui.sh BINARY SRCROOT
#
# The TUI end to end, driven by tmux on a private server: start `loopsim tui` at 120x40, 80x24
# and 60x20, send keys, read the screen with capture-pane, and check what it shows after each
# step: the highlighted phase, the queues, the worker lanes, the clock, the console; that b
# brings back exactly the earlier screen; that resizing during play keeps it working; and that
# q, Ctrl-C and SIGTERM leave a clean shell (normal screen, echo and canonical mode, cursor on).
# Also: the picker, the help, search, a terminal too small, NO_COLOR, a non-UTF-8 locale, a bad
# scenario that must never reach curses, and predict mode (--predict: questions, verdicts checked
# against the jsonl trace, the tally).
#
# The last line is "N passed, N failed"; the exit status is non-zero when anything failed.
set -u

if [ $# -lt 2 ]; then
    echo "usage: $0 BINARY SRCROOT" >&2
    exit 2
fi
bin=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
cd "$2" || exit 2

passed=0
failed=0

if ! command -v tmux >/dev/null; then
    echo "FAIL  tmux is not installed (./run-tests installs it)"
    echo "0 passed, 1 failed"
    exit 1
fi

tmp=$(mktemp -d) || exit 2
sock="loopsim-tui-$$"
tm() { tmux -L "$sock" -f "$tmp/tmux.conf" "$@"; }
socket_file="${TMUX_TMPDIR:-/tmp}/tmux-$(id -u)/$sock"
trap 'tm kill-server 2>/dev/null; rm -rf "$tmp"; rm -f "$socket_file"' EXIT

# A private server with no user configuration; the panes' TERM is one ncurses knows here.
term=screen
if infocmp tmux-256color >/dev/null 2>&1; then
    term=tmux-256color
fi
echo "set -g default-terminal $term" >"$tmp/tmux.conf"

cat >"$tmp/bad.json" <<'EOF'
{"loopsim": 1, "name": "bad",
 "main": [{"op": "setTimeout", "delay": "ten"}]}
EOF

# ---- Helpers ------------------------------------------------------------------------------

# start NAME COLS ROWS [ENV=VALUE...] -- ARGS...: a session running `loopsim ARGS` in a shell
# that, once loopsim is gone, prints its status and the terminal modes, then waits.
start() {
    local name=$1 cols=$2 rows=$3
    shift 3
    local envs=("LANG=C.UTF-8" "LC_ALL=C.UTF-8")
    while [ $# -gt 0 ] && [ "$1" != "--" ]; do
        envs+=("$1")
        shift
    done
    shift
    local cmd
    cmd="env $(printf '%q ' "${envs[@]}") $(printf '%q ' "$bin" "$@") 2>$(printf '%q' "$tmp/err.$name")"
    cmd="$cmd; echo EXIT=\$?; stty -a | tr -s ' ;' '\n\n' | grep -xE -- '-?(icanon|echo)' | tr '\n' ' '; echo; exec sleep 600"
    tm kill-session -t "$name" 2>/dev/null
    tm new-session -d -s "$name" -x "$cols" -y "$rows" "$cmd"
}

# The screen of session $1, as text.
screen() {
    tm capture-pane -p -t "$1"
}

# wait_for NAME REGEX: waits (up to 5 s) for the screen to show REGEX, then for it to settle.
wait_for() {
    local i
    for i in $(seq 100); do
        if screen "$1" | grep -qE -- "$2"; then
            settle "$1"
            return 0
        fi
        sleep 0.05
    done
    return 1
}

# Waits until two captures 60 ms apart are the same: the redraw is over.
settle() {
    local a b i
    a=$(screen "$1")
    for i in $(seq 40); do
        sleep 0.06
        b=$(screen "$1")
        [ "$a" = "$b" ] && return 0
        a=$b
    done
}

keys() {
    local name=$1
    shift
    tm send-keys -t "$name" "$@"
}

# n_times NAME N KEY: sends KEY N times.
n_times() {
    local i
    for i in $(seq "$2"); do
        tm send-keys -t "$1" "$3"
    done
}

last_screen=""
check() {
    local desc=$1
    shift
    if "$@"; then
        passed=$((passed + 1))
        return 0
    fi
    failed=$((failed + 1))
    printf 'FAIL  %s\n' "$desc"
    if [ -n "$last_screen" ]; then
        screen "$last_screen" | sed 's/^/      | /'
    fi
    return 1
}

# on NAME: the session the next checks are about (its screen is shown when one fails).
on() {
    last_screen=$1
}

shows() { screen "$last_screen" | grep -qE -- "$1"; }
lacks() { ! screen "$last_screen" | grep -qE -- "$1"; }
waits() { wait_for "$last_screen" "$1"; }
option() { tm display-message -p -t "$last_screen" "#{$1}"; }

# same_as_screen LOCALE COLSxROWS ARGS...: the session's screen is what `loopsim screen ARGS`
# prints at that size in that locale, line for line.
same_as_screen() {
    local locale=$1 size=$2
    shift 2
    LC_ALL=$locale "$bin" screen "$@" --size "$size" >"$tmp/screen.txt" 2>&1
    screen "$last_screen" >"$tmp/capture.txt"
    if [ "$(cat "$tmp/screen.txt")" = "$(cat "$tmp/capture.txt")" ]; then
        return 0
    fi
    diff -u "$tmp/capture.txt" "$tmp/screen.txt" | head -n 20 | sed 's/^/      /'
    return 1
}

# After loopsim ended: the status, and a terminal given back as it was.
clean_exit() {
    local status=$1
    waits "EXIT=$status" &&
        shows '(^| )icanon echo( |$)' &&
        [ "$(option alternate_on)" = 0 ] &&
        [ "$(option cursor_flag)" = 1 ] &&
        lacks 'loopsim · |── loop|─ trace'
}

# ---- At three sizes: stepping, panes, back, go to, resize during play, quit ----------------

for size in 120x40 80x24 60x20; do
    cols=${size%x*}
    rows=${size#*x}
    s="s$size"
    compact=$([ "$cols" -lt 80 ] && echo 1 || echo 0)
    on "$s"
    start "$s" "$cols" "$rows" -- tui default
    check "$size: the stepper starts at event 0" waits 'event 0 of [0-9]+'
    if [ "$compact" = 1 ]; then
        check "$size: main is the highlighted phase" shows '▶main'
    else
        check "$size: main is the highlighted phase" shows '▶ main'
        check "$size: the program is shown as JavaScript" shows "console\.log\('main: the script"
    fi
    check "$size: the status bar lists the keys" shows 'space step .*q quit'

    n_times "$s" 15 n
    check "$size: 15 steps reach event 15" waits 'event 15 of'
    check "$size: the clock and iteration" shows 'iteration 1 · 2.64 ms'
    if [ "$compact" = 1 ]; then
        check "$size: poll is highlighted in the strip" shows '▶poll'
        check "$size: the trace shows the poll wait" shows '15 +2\.640 +poll-wait'
        keys "$s" Tab
        check "$size: tab shows the program" waits '\[?program.*in first promise|process\.nextTick'
        keys "$s" Tab
        check "$size: tab shows the queues" waits 'timers +timer 200 ms +due 202 ms · ref'
        keys "$s" Tab
        check "$size: tab shows the worker lanes" waits '1 █?░+ .*open\) +0\.14/2 ms'
        keys "$s" Tab
        check "$size: tab shows the console" waits 'promise: runs once the nextTick queue'
        keys "$s" Tab
        check "$size: tab comes back to the trace" waits '15 +2\.640 +poll-wait'
    else
        check "$size: poll is highlighted" shows '▶ poll +1 I/O waiting, 1 job runn'
        check "$size: the timer waits in its queue" shows 'timers +tim.* due 202 ms · ref'
        check "$size: a worker lane runs readFile's open" shows '1 █?░+ .*open\) +0\.14/2 ms'
        check "$size: the console has what was printed" shows 'promise: runs once the nextTick'
        check "$size: alive, and why" shows 'alive +yes: readFile'
        check "$size: poll's timeout and its reason" shows 'poll +200 ms: until the timer due'
    fi

    before=$(screen "$s")
    keys "$s" n
    check "$size: n moves on" waits 'event 16 of'
    keys "$s" b
    check "$size: b goes back" waits 'event 15 of'
    after=$(screen "$s")
    check "$size: b brings back exactly the earlier screen" [ "$before" = "$after" ]

    keys "$s" g 2 7 Enter
    check "$size: g goes to an event" waits 'event 27 of'
    if [ "$compact" = 0 ]; then
        check "$size: the program marks the running callback" shows 'in readFile'
        check "$size: the worker's callback runs in poll" shows '▶ poll'
    fi
    check "$size: the selected event says why" shows 'why +worker-pool job finished at 10\.5( ms|$)'
    check "$size: loopsim screen --at 27 prints this very screen" \
        same_as_screen C.UTF-8 "$size" default --at 27
    keys "$s" g 1 2 . 5 m s Enter
    check "$size: g 12.5ms shows the loop at 12.5 ms" waits 'event [0-9]+ of [0-9]+ · 12\.5 ms'
    check "$size: loopsim screen --at 12.5ms prints this very screen" \
        same_as_screen C.UTF-8 "$size" default --at 12.5ms

    keys "$s" g 0 Enter p
    check "$size: p plays" waits '▶ 5/s'
    tm resize-window -t "$s" -x 100 -y 30
    sleep 0.3
    tm resize-window -t "$s" -x 50 -y 14
    sleep 0.3
    tm resize-window -t "$s" -x "$cols" -y "$rows"
    keys "$s" p
    check "$size: pausing after resizes" waits 'paused at event [0-9]+'
    check "$size: the screen fits the size again" waits "$([ "$compact" = 1 ] && echo '─ trace' || echo '─ workers')"
    keys "$s" r
    check "$size: r runs to the end" waits 'the end: exited with code 0 \(51 events\)'
    keys "$s" q
    check "$size: q leaves a clean shell" clean_exit 0
done

# ---- Signals ------------------------------------------------------------------------------

on sig
start sig 80 24 -- tui default
waits 'event 0 of'
n_times sig 5 n
waits 'event 5 of'
keys sig C-c
check "Ctrl-C restores the terminal" clean_exit 0

start sig 80 24 -- tui default
waits 'event 0 of'
shell_pid=$(tm display-message -p -t sig '#{pane_pid}')
loopsim_pid=$(pgrep -P "$shell_pid" | head -n 1)
kill -TERM "$loopsim_pid" 2>/dev/null
check "SIGTERM restores the terminal" clean_exit 0

# ---- Starting: picker, bad scenario, too small, colors, locale ------------------------------

# The second built-in of the list, by name and title (regular-expression characters escaped).
second=$("$bin" list | awk 'NR == 2 { print $1 }')
second_title=$("$bin" list | awk 'NR == 2 { sub(/^[^ ]+ +/, ""); print }' |
    sed 's/[][\.*^$()|+?{}]/\\&/g')
on pick
start pick 100 30 --
check "no scenario on a terminal: the picker" waits 'choose a scenario'
check "the picker offers default first" shows '▶ default +Welcome to the Node\.js event loop'
check "the picker shows the description" shows 'Welcome! This is the scenario'
check "the picker's description keeps fenced code as written" \
    lacks '·js·|```' && shows "^ +console\.log\('main: the script runs first, top to bottom'\);"
check "a description too long for its rows says how to read it whole" \
    shows 'more rows: d reads the whole description'
keys pick d
check "d reads the description as a page" waits '^ loopsim · Welcome to the Node\.js event loop$'
check "the page says it scrolls" shows 'rows 1-[0-9]+ of [0-9]+'
keys pick End
check "End scrolls to the description's end" waits 'rows [0-9]+-([0-9]+) of \1 '
keys pick x
check "another key closes the page" waits 'choose a scenario'
keys pick PgDn
# A page down from the first row: the selection is on the list's last row, not its second.
last_row_selected() {
    screen "$last_screen" |
        awk '/^ ▶ / { sel = NR; name = $2 } /^─ / && $2 == name { print NR - sel }' | grep -qx 2
}
check "PgDn moves the selection a page, not a row" \
    waits '^ ▶ ' && lacks "▶ $second " && last_row_selected
keys pick Home Down Enter
check "enter opens the scenario" waits "event 0 of .*|loopsim · $second_title"
check "it is the one chosen" shows "$second_title"
keys pick s
check "s goes back to the picker" waits 'choose a scenario'
check "on the scenario it came from" shows "▶ $second "
keys pick Enter
check "enter opens it again" waits "$second_title"
keys pick q
check "q after the picker leaves a clean shell" clean_exit 0

# A JavaScript built-in by name: its title, its own text in the program pane, its description.
on jsb
start jsb 100 30 -- tui await-script-start
check "tui NAME opens a JavaScript built-in" waits 'event 0 of' && shows 'async1/async2 quiz'
check "its program pane shows its own text" shows 'async function async1\(\) \{'
keys jsb r
check "r steps it to its end" waits 'loop-exit'
keys jsb d
check "d shows the header comment's description" waits 'An async function runs synchronously'
keys jsb q q
check "q leaves a clean shell after a JavaScript built-in" clean_exit 0

on bad
start bad 80 24 -- tui "$tmp/bad.json"
check "a bad scenario exits 2" waits 'EXIT=2'
check "a bad scenario never reaches curses" [ "$(option alternate_on)" = 0 ]
check "its error is on stderr, located" grep -qE 'bad\.json:2:[0-9]+: error: main\[0\]\.delay' "$tmp/err.bad"

on logs
start logs 80 24 -- default --logs
check "on a terminal, a trace option prints the trace" waits 'EXIT=0'
check "what the program printed, not the stepper" shows '^main: the script runs first'

on small
start small 39 11 -- tui default
check "below 40x12 a clear message" waits 'loopsim needs 40x12'
check "it says the size" shows 'this is 39x11'
tm resize-window -t small -x 80 -y 24
check "grown back, the stepper returns" waits 'event 0 of'
keys small q
check "q from there leaves a clean shell" clean_exit 0

on help
start help 100 36 -- tui default
waits 'event 0 of'
keys help '?'
check "? shows the help" waits 'loopsim · keys'
for k in 'space, n' '^ +b ' '\]  \[' '\}  \{' '^ +g ' '^ +r ' '^ +p ' '\+  -' '^ +/ ' '^ +tab ' 'PgUp' '^ +enter ' '^ +\? ' '^ +q '; do
    check "the help lists '$k'" shows "$k"
done
keys help x
check "any key closes the help" waits 'event 0 of'
keys help / c o n n e c t i o n Enter
check "/ finds an event" waits '"connection" at event [0-9]+'
keys help q
check "q leaves a clean shell after a search" clean_exit 0

# Colors where the terminal has them; none with NO_COLOR (bold, dim and reverse still mark).
# capture-pane -e keeps the attributes as SGR escapes: 30-37 and 40-47 are colors, 7 reverse.
sgr() { tm capture-pane -e -p -t "$last_screen" | grep -qE $'\e''\[([0-9]+;)*'"$1"'m'; }
no_sgr() { ! sgr "$1"; }
on color
start color 80 24 -- tui default
waits 'event 0 of'
check "colors by default" sgr '(3[0-7]|4[0-7])'
keys color q
on nocolor
start nocolor 80 24 NO_COLOR=1 -- tui default
waits 'event 0 of'
check "NO_COLOR: no colors" no_sgr '(3[0-7]|4[0-7])'
check "NO_COLOR: the phase is still marked" shows '▶ main'
check "NO_COLOR: still highlighted (reverse)" sgr 7
keys nocolor q
check "NO_COLOR: q leaves a clean shell" clean_exit 0

on ascii
start ascii 80 24 LANG=C LC_ALL=C -- tui default
check "a non-UTF-8 locale still draws" waits 'event 0 of'
check "with ASCII marks and lines" shows '> main'
keys ascii g 1 5 Enter
check "C locale: g 15 goes there" waits 'event 15 of'
check "C locale: a busy lane (# and -) looks unlike an idle one (dots)" \
    shows '^ +1 #?-+ +read' && shows '^ +2 \.+ +idle'
keys ascii g 2 9 Enter
check "C locale: the running callback's mark is not '||' beside the divider" \
    waits '\|: +console\.log' && lacks '\|\|'
check "C locale: loopsim screen --ascii prints this very screen" \
    same_as_screen C 80x24 default --at 29 --ascii
keys ascii q
check "C locale: q leaves a clean shell" clean_exit 0

# ---- Predict mode -------------------------------------------------------------------------
# `loopsim tui --predict`: r runs to the first question, Enter answers it (the first row of the
# queues pane), Down Enter picks the second row for the next one; each verdict must name the
# callback the jsonl trace has at that event, with its why; Esc skips the rest, and the tally at
# the end counts one right, one wrong, and every other callback of the run skipped.
"$bin" trace default --format jsonl >"$tmp/predict.jsonl"
# jsonl_field SEQ FIELD: a field of event SEQ of the trace.
jsonl_field() {
    python3 -c 'import json, sys
for line in open(sys.argv[1]):
    e = json.loads(line)
    if e.get("seq") == int(sys.argv[2]):
        print(e[sys.argv[3]])' "$tmp/predict.jsonl" "$1" "$2"
}
# The event the top bar is at: the question is about the next one.
at_event() { screen "$last_screen" | sed -n '1s/.*event \([0-9]*\) of.*/\1/p'; }
queued_callbacks=$(grep '"event":"callback"' "$tmp/predict.jsonl" | grep -vc '"reason":"main-script"')

on predict
start predict 120 40 -- tui --predict default
check "--predict: the status bar says predict and the tally" waits 'predict 0/0'
keys predict r
check "predict: r stops before the first queued callback and asks" \
    waits 'Which callback runs next\? pick it in the queues pane'
check "predict: the queues pane takes the focus and marks the row picked" \
    shows 'queues .*pick the next callback' && shows '^▶[a-zA-Z]'
seq=$(( $(at_event) + 1 ))
label=$(jsonl_field "$seq" label)
why=$(jsonl_field "$seq" why)
check "predict: the question is about a callback (event $seq of the trace)" \
    [ "$(jsonl_field "$seq" event)" = callback ]
first_row=$(screen predict | grep '^▶' | sed 's/^▶[a-zA-Z]* *//; s/  .*//')
keys predict Enter
check "predict: the first question, answered right, says so with the trace's why" \
    waits "right: $label — ${why:0:40}" && [ "$first_row" = "$label" ]
check "predict: the tally so far is 1/1" shows 'predict 1/1'
keys predict r
check "predict: r stops before the next callback" waits 'Which callback runs next\?'
seq=$(( $(at_event) + 1 ))
label=$(jsonl_field "$seq" label)
why=$(jsonl_field "$seq" why)
keys predict Down
second_row=$(settle predict; screen predict | grep '^▶' | sed 's/^▶[a-zA-Z]* *//; s/  .*//')
keys predict Enter
check "predict: a wrong pick names the pick and what ran, with the trace's why" \
    waits "wrong: you picked $second_row; $label ran — ${why:0:30}" && [ "$second_row" != "$label" ]
check "predict: the tally so far is 1/2" shows 'predict 1/2'
for i in $(seq 12); do
    screen predict | grep -q 'Predict mode:' && break
    keys predict r
    settle predict
    if screen predict | grep -q 'Which callback runs next'; then
        keys predict Escape
        settle predict
    fi
done
check "predict: the tally at the end" \
    waits "Predict mode: 1 of $queued_callbacks right, 1 wrong, $((queued_callbacks - 2)) skipped"
check "predict: the tally lists the wrong guess" shows "event $seq +you picked $second_row"
keys predict q
check "predict: q leaves a clean shell" clean_exit 0
# The same first answer, drawn by `loopsim screen`: the verdict, and the row picked before it.
screen_predicts() {
    "$bin" screen default --at 0 --predict --keys "$1" --size 120x40 | grep -E -- "$2" >/dev/null
}
check "loopsim screen --predict --keys: the question, the row picked" \
    screen_predicts 'r' '^▶nextTick +first nextTick' && screen_predicts 'r' 'predict 0/0'
check "loopsim screen --predict --keys: the verdict" \
    screen_predicts 'r<Enter>' "right: first nextTick — process.nextTick queue"

echo
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]

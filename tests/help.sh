#!/usr/bin/env bash
# tests/help.sh BINARY SRCROOT BUILDDIR
#
# --help, the man page and the shell completions say the same (ui/help.c makes all three from
# the same tables): every command, option, format, exit status and example of --help is in
# loopsim(1) as groff renders it, and nothing else is; groff reads the page without a warning;
# `meson install` puts the binary, the page and both completions where Debian looks; and the
# completions, run in bash and in zsh, offer the commands, the options of each command, the
# formats after --format and the built-in scenarios.
set -u

if [ $# -lt 3 ]; then
    echo "usage: $0 BINARY SRCROOT BUILDDIR" >&2
    exit 2
fi
bin=$1
build=$3

tmp=$(mktemp -d) || exit 2
trap 'rm -rf "$tmp"' EXIT

passed=0
failed=0

# expect DESCRIPTION COMMAND...: passes when COMMAND succeeds.
expect() {
    local desc=$1
    shift
    if "$@"; then
        passed=$((passed + 1))
    else
        failed=$((failed + 1))
        echo "FAIL  $desc"
    fi
}

# same A B: files A and B hold the same lines; else shows the difference.
same() {
    if diff "$1" "$2" >"$tmp/diff"; then
        return 0
    fi
    sed 's/^/      /' "$tmp/diff" | head -20
    return 1
}

"$bin" --help >"$tmp/help.txt" || { echo "FAIL  --help"; exit 1; }
"$bin" man >"$tmp/loopsim.1" || { echo "FAIL  loopsim man"; exit 1; }
expect "the built man page is what 'loopsim man' prints" \
    cmp -s "$tmp/loopsim.1" "$build/ui/install/loopsim.1"
groff -man -ww -z "$tmp/loopsim.1" 2>"$tmp/groff.err"
expect "groff reads the man page without a warning" test ! -s "$tmp/groff.err"
sed 's/^/      /' "$tmp/groff.err" | head -5
MANWIDTH=200 man -l "$tmp/loopsim.1" 2>/dev/null | col -b >"$tmp/man.txt"
expect "man renders the page" grep -q '^NAME' "$tmp/man.txt"

# The words of a section of the rendered page: the lines from heading $1 to the next one.
man_section() {
    awk -v h="$1" '/^[A-Z]/ { on = ($0 == h); next } on' "$tmp/man.txt"
}

# Commands: "loopsim NAME" in --help's usage and in the page's COMMANDS.
sed -n '/^Usage:/,/^$/p' "$tmp/help.txt" | grep -oE '^  loopsim [a-z][a-z-]*' |
    awk '{print $2}' | sort -u >"$tmp/help.commands"
man_section COMMANDS | grep -oE '^ +loopsim [a-z][a-z-]*' | awk '{print $2}' |
    sort -u >"$tmp/man.commands"
expect "--help lists commands" test "$(wc -l <"$tmp/help.commands")" -ge 8
expect "--help and the man page list the same commands" \
    same "$tmp/help.commands" "$tmp/man.commands"

# Options: every --name, in --help's option groups and in the page's OPTIONS.
sed -n '/^Trace options:/,/^Exit status:/p' "$tmp/help.txt" | grep -oE '^  (-[a-z], )?--[a-z-]+' |
    grep -oE -- '--[a-z-]+' | sort -u >"$tmp/help.options"
man_section OPTIONS | grep -oE '^ +(-[a-z], )?--[a-z-]+' | grep -oE -- '--[a-z-]+' |
    sort -u >"$tmp/man.options"
expect "--help lists options" test "$(wc -l <"$tmp/help.options")" -ge 15
expect "--help and the man page list the same options" \
    same "$tmp/help.options" "$tmp/man.options"

# Formats: the names under --format, and the page's FORMATS; `--format NAME` takes each.
sed -n '/^  --format/,/^  --[a-z]/p' "$tmp/help.txt" | grep -oE '^ {21}[a-z]+' |
    awk '{print $1}' | sort -u >"$tmp/help.formats"
man_section FORMATS | grep -oE '^ {7}[a-z]+' | awk '{print $1}' | sort -u >"$tmp/man.formats"
expect "--help lists the formats" test "$(wc -l <"$tmp/help.formats")" -ge 3
expect "--help and the man page list the same formats" \
    same "$tmp/help.formats" "$tmp/man.formats"
while read -r format; do
    expect "--format $format is a format" "$bin" trace default --format "$format" -o /dev/null
done <"$tmp/help.formats"

# Exit statuses, and the examples' command lines.
sed -n '/^Exit status:/,/^$/p' "$tmp/help.txt" | grep -oE '^  [0-9]+' | tr -d ' ' \
    >"$tmp/help.status"
man_section 'EXIT STATUS' | grep -oE '^ +[0-9]+ ' | tr -d ' ' >"$tmp/man.status"
expect "--help and the man page list the same exit statuses (0, 1, 2)" \
    same "$tmp/help.status" "$tmp/man.status"
expect "the exit statuses are 0, 1 and 2" test "$(tr '\n' ' ' <"$tmp/help.status")" = "0 1 2 "
sed -n '/^Examples:/,$p' "$tmp/help.txt" | grep -oE '^  loopsim.*' |
    sed -E 's/^  //; s/ {2,}.*//' >"$tmp/help.examples"
man_section EXAMPLES | grep -E '^ {7}loopsim' | sed -E 's/^ +//' >"$tmp/man.examples"
expect "--help and the man page show the same examples" \
    same "$tmp/help.examples" "$tmp/man.examples"
# The built-in scenarios and the TUI's keys are in the page too.
# Every built-in: list's scenarios, then its exercises (without their section's heading line).
"$bin" list | awk 'NF && !/^Exercises / {print $1}' >"$tmp/list"
man_section 'BUILT-IN SCENARIOS' | grep -oE '^ {7}[a-z0-9-]+$' | tr -d ' ' >"$tmp/man.list"
expect "the man page names every built-in scenario" same "$tmp/list" "$tmp/man.list"
expect "the man page lists the TUI's keys" grep -q 'one event back' "$tmp/man.txt"

# meson install, into a scratch root.
if meson install -C "$build" --no-rebuild --quiet --destdir "$tmp/root" >"$tmp/install.log" 2>&1
then
    prefix=$(meson introspect "$build" --buildoptions |
        python3 -c 'import json,sys; print(next(o["value"] for o in json.load(sys.stdin)
                                                  if o["name"] == "prefix"))')
    for f in bin/loopsim share/man/man1/loopsim.1 share/bash-completion/completions/loopsim \
        share/zsh/vendor-completions/_loopsim; do
        expect "meson install puts $prefix/$f" test -s "$tmp/root$prefix/$f"
    done
    expect "the installed man page opens with man" \
        sh -c "MANPATH='$tmp/root$prefix/share/man' man -w loopsim | grep -q loopsim.1"
else
    failed=$((failed + 1))
    echo "FAIL  meson install"
    head -20 "$tmp/install.log"
fi

# bash: the completion function, called as bash calls it.
"$bin" completion bash >"$tmp/loopsim.bash"
# bash_complete WORDS...: the offers for the last word (COMPREPLY, one per line).
bash_complete() {
    (cd "$tmp" && bash -c 'source "$1"; shift; COMP_WORDS=("$@"); COMP_CWORD=$(($# - 1))
        _loopsim; printf "%s\n" "${COMPREPLY[@]}"' _ "$tmp/loopsim.bash" "$@") 2>&1
}
mkdir -p "$tmp/dir" && touch "$tmp/prog.js" "$tmp/notes.txt"
expect "bash: loopsim trac<TAB> offers trace" sh -c '[ "$1" = trace ]' _ "$(bash_complete loopsim trac)"
expect "bash: loopsim trace x --format <TAB> offers every format" \
    same <(bash_complete loopsim trace x --format '' | sort) "$tmp/help.formats"
expect "bash: --for<TAB> after trace offers --format" \
    sh -c '[ "$1" = --format ]' _ "$(bash_complete loopsim trace --for)"
expect "bash: screen's options include --at, trace's do not" \
    sh -c 'echo "$1" | grep -qx -- --at && ! echo "$2" | grep -qx -- --at' _ \
    "$(bash_complete loopsim screen x --)" "$(bash_complete loopsim trace x --)"
expect "bash: trace time<TAB> offers the built-in scenarios" \
    sh -c 'echo "$1" | grep -qx timers-are-thresholds' _ "$(bash_complete loopsim trace time)"
expect "bash: a .js file and a folder are offered, a .txt file not" \
    sh -c 'echo "$1" | grep -qx prog.js && echo "$1" | grep -qx dir &&
           ! echo "$1" | grep -q notes' _ "$(bash_complete loopsim trace '')"
expect "bash: --node <TAB> offers the profiles" \
    same <(bash_complete loopsim trace x --node '' | sort) <(printf '10\n20\n')

# zsh: the completion function with stand-ins for the completion system's builtins, which
# record what would be offered.
"$bin" completion zsh >"$tmp/_loopsim"
zsh_complete() {
    (cd "$tmp" && zsh -f -c '
        offers=()
        compadd() { while [[ $1 == -* && $1 != -- ]]; do [[ $1 == -S ]] && shift; shift; done
                    [[ $1 == -- ]] && shift; offers+=("$@"); }
        _describe() { for x in ${(P)${@[-1]}}; do
                      offers+=("${${x%%:*}//\\:/:}"); done; }
        _files() { offers+=("<files>"); }
        _message() { offers+=("<message>"); }
        words=("${@:2}"); CURRENT=${#words}
        source "$1"
        print -l -- $offers' _ "$tmp/_loopsim" "$@") 2>&1
}
expect "zsh: the script parses" zsh -n "$tmp/_loopsim"
expect "zsh: loopsim <TAB> offers the commands" \
    sh -c 'echo "$1" | grep -qx trace && echo "$1" | grep -qx completion' _ \
    "$(zsh_complete loopsim '')"
expect "zsh: trace x --format <TAB> offers every format" \
    same <(zsh_complete loopsim trace x --format '' | sort) "$tmp/help.formats"
expect "zsh: screen's options include --focus" \
    sh -c 'echo "$1" | grep -qx -- --focus' _ "$(PREFIX=-- zsh_complete loopsim screen x --)"
expect "zsh: trace <TAB> offers the built-in scenarios and files" \
    sh -c 'echo "$1" | grep -qx default && echo "$1" | grep -qx "<files>"' _ \
    "$(zsh_complete loopsim trace '')"

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]

#!/bin/sh
# statics.sh LIBSIM - the engine has no mutable statics (issue 7 §3): every loop owns its whole
# state, so two loops (the TUI's cursor, frontier and snapshots) never share anything.
#
# Writable data is what nm lists in .data or .bss (letters d, D, b, B) and common symbols (C).
# A table of string pointers (static const char *const names[]) compiled as position-
# independent code also shows as `d`, in .data.rel.ro: the linker makes it read-only once
# relocated, so it is left out. So are names that begin with "__", which C reserves and only a
# compiler makes (a sanitizer's __odr_asan.NAME markers, for one).
set -eu
lib=$1
found=$(nm --format=sysv "$lib" |
    awk -F'|' '{ gsub(/ /, "", $1) }
        $3 ~ /[bBdDC]/ && $7 !~ /\.data\.rel\.ro/ && $1 !~ /^__/ { print $1 " (" $7 ")" }')
if [ -n "$found" ]; then
    echo "FAIL  mutable statics in the engine:"
    echo "$found" | sed 's/^/      /'
    exit 1
fi
echo "PASS  no mutable statics in $(basename "$lib")"

#!/usr/bin/env bash
# docs/gallery-sync.sh check|update BUILT GALLERY FILE...
#
# `check` (the `gallery` test) fails when GALLERY (docs/gallery/) is not exactly the FILEs the
# build made in BUILT: one differs, is missing, or GALLERY holds another file. `update` copies
# them there and removes the others.
set -u

if [ $# -lt 4 ] || { [ "$1" != check ] && [ "$1" != update ]; }; then
    echo "usage: $0 check|update BUILT GALLERY FILE..." >&2
    exit 2
fi
mode=$1
built=$2
gallery=$3
shift 3
stale=0
mkdir -p "$gallery"
for f in "$@"; do
    if ! cmp -s "$built/$f" "$gallery/$f"; then
        if [ "$mode" = update ]; then
            cp "$built/$f" "$gallery/$f"
            echo "updated docs/gallery/$f"
        else
            echo "FAIL  docs/gallery/$f is not what the build makes (ninja -C build update-gallery)"
            diff "$built/$f" "$gallery/$f" 2>&1 | head -10 | sed 's/^/      /'
            stale=1
        fi
    fi
done
for path in "$gallery"/*; do
    [ -e "$path" ] || continue
    f=${path##*/}
    case " $* " in
    *" $f "*) ;;
    *)
        if [ "$mode" = update ]; then
            rm -f "$path"
            echo "removed docs/gallery/$f"
        else
            echo "FAIL  docs/gallery/$f is not made by the build"
            stale=1
        fi
        ;;
    esac
done
[ "$mode" = update ] || [ "$stale" -ne 0 ] || echo "docs/gallery/ is up to date ($# files)"
exit "$stale"

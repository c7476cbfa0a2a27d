#!/usr/bin/env bash
# docs/gallery.sh BINARY OUTDIR NAME...
#
# Writes the gallery (docs/gallery/) into OUTDIR: for each built-in scenario NAME, NAME.svg (the
# timeline) and NAME.md (the program, the timeline, the Mermaid diagram, the Markdown table of
# callbacks and logs, and the explanation), then README.md, the index. The build makes it in
# build/docs/gallery/; the `gallery` test fails when docs/gallery/ differs from it, and
# `ninja -C build update-gallery` copies it there.
set -eu

if [ $# -lt 3 ]; then
    echo "usage: $0 BINARY OUTDIR NAME..." >&2
    exit 2
fi
bin=$1
out=$2
shift 2
mkdir -p "$out"

# The title of built-in scenario $1, as `loopsim list` shows it.
title_of() {
    "$bin" list | awk -v n="$1" '$1 == n { sub(/^[^ ]+ +/, ""); print; exit }'
}

{
    echo "# Gallery"
    echo
    echo "Key scenarios drawn by loopsim's documentation formats: for each, the program, its"
    echo "timeline (\`--format svg\`), its sequence diagram (\`--format mermaid\`), the table of its"
    echo "callbacks and logs (\`--format markdown --brief\`) and the run told in words"
    echo "(\`loopsim explain --format markdown\`). Every file here is made by \`docs/gallery.sh\`"
    echo "in the build; a test fails when one is out of date (\`ninja -C build update-gallery\`)."
    echo
    echo "| scenario | what it shows |"
    echo "|---|---|"
    for name in "$@"; do
        echo "| [\`$name\`]($name.md) | $(title_of "$name") |"
    done
} >"$out/README.md"

for name in "$@"; do
    "$bin" trace "$name" --format svg -o "$out/$name.svg"
    {
        echo "# $(title_of "$name")"
        echo
        echo "The built-in scenario \`$name\` (\`loopsim trace $name\`); [all of the gallery](README.md)."
        echo
        echo "![The timeline of $name: a lane per phase and per worker]($name.svg)"
        echo
        echo "## The program"
        echo
        echo '```js'
        "$bin" js "$name"
        echo '```'
        echo
        echo "## The sequence"
        echo
        echo '```mermaid'
        "$bin" trace "$name" --format mermaid
        echo '```'
        echo
        echo "## Callbacks and logs"
        echo
        "$bin" trace "$name" --format markdown --brief
        echo
        echo "## Why it runs in this order"
        echo
        "$bin" explain "$name" --format markdown | sed '1{/^# /d;}; s/^## /### /'
    } >"$out/$name.md"
done

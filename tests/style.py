#!/usr/bin/env python3
"""tests/style.py SRCROOT - the mechanical part of the style, on every file git tracks.

The rules .editorconfig gives an editor, checked: UTF-8, LF line ends, a final newline, no tab
for indentation, no trailing whitespace (Markdown may keep it: two spaces are a line break),
and style.md's 100 columns at most in C sources and headers (characters, not bytes).
The layout rules of style.md that take judgement (K&R braces, aligned field notes, X-macro
tables) are not a formatter's to enforce, so there is no .clang-format: review keeps them.
Prints one line per problem, then "N files checked, N problems"; exit 0 iff none (77, meson's
"skipped", outside a git checkout).
"""

import subprocess
import sys

# style.md: "100 columns at most", for the C code.
MAX_COLUMNS = 100
C_SUFFIXES = (".c", ".h")

# Files whose bytes are data, not text someone edits: traces compared byte for byte, and the
# fuzzers' findings, kept as the bytes that failed (a last line without its newline, say).
DATA_PREFIXES = ("tests/golden/", "tests/fuzz-c/regressions/")


def problems(path, data):
    """The rule violations of one file, as messages."""
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as e:
        return [f"{path}: not UTF-8 (byte {e.start})"]
    found = []
    if "\r" in text:
        found.append(f"{path}: a CR (line ends must be LF)")
    if text and not text.endswith("\n"):
        found.append(f"{path}: no newline at the end")
    for n, line in enumerate(text.split("\n"), 1):
        if "\t" in line:
            found.append(f"{path}:{n}: a tab")
        if line != line.rstrip() and not path.endswith(".md"):
            found.append(f"{path}:{n}: trailing whitespace")
        if path.endswith(C_SUFFIXES) and len(line) > MAX_COLUMNS:
            found.append(f"{path}:{n}: {len(line)} columns (at most {MAX_COLUMNS})")
    return found


def main(argv):
    if len(argv) != 2:
        sys.stderr.write("usage: style.py SRCROOT\n")
        return 2
    listed = subprocess.run(["git", "-C", argv[1], "ls-files", "-z"], capture_output=True)
    if listed.returncode != 0:
        print("not a git checkout: nothing to check (skipped)")
        return 77  # meson's "skipped"
    files = listed.stdout.decode().split("\0")
    checked = 0
    found = []
    for path in files:
        if not path or path.startswith(DATA_PREFIXES):
            continue
        with open(f"{argv[1]}/{path}", "rb") as f:
            data = f.read()
        if b"\0" in data:
            continue  # binary
        checked += 1
        found += problems(path, data)
    for p in found:
        print(p)
    print(f"{checked} files checked, {len(found)} problems")
    return 0 if not found else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv))

#!/usr/bin/env python3
"""tests/fuzz-c/seeds.py SRCROOT OUTDIR - the fuzzers' seed corpus.

Writes into OUTDIR (made if missing) one file per seed:
  * every scenario of scenarios/ (what the format looks like when it is right);
  * every scenario tests/test_load*.c expects the loader to refuse (the first argument of its
    refused, refuse_at and refuse_like calls: C string literals, SCENARIO(...) and TU_IDEAL,
    single quotes turned into double ones as tu_json does), so the fuzzers start from each
    error path the loader has a test for; a call it cannot read is passed over;
  * every JavaScript program of tests/fuzz-c/js-seeds/ and the JavaScript built-ins of
    scenarios/ (fuzz-js's own; the other targets refuse them at once, as they refuse JSON in
    fuzz-js);
  * every finding so far, tests/fuzz-c/regressions/.
Prints how many of each. Standard library only.
"""

import glob
import os
import re
import shutil
import sys

SCENARIO_HEAD = "{'loopsim':1,'name':'t','main':["
SCENARIO_TAIL = "]}"
MACROS = {"TU_IDEAL": "'callback_ms':0,'loop_start_ms':0"}
CALLS = re.compile(r"\b(?:refused|refuse_at|refuse_like)\(")
C_ESCAPES = {"n": "\n", "t": "\t", "r": "\r", "\\": "\\", '"': '"', "'": "'", "0": "\0"}


class Unreadable(Exception):
    """A call whose argument is not made of literals and the macros above."""


def string_literal(src, i):
    """The C string literal at src[i] ('"'): (its text, the index after it)."""
    out = []
    i += 1
    while src[i] != '"':
        if src[i] == "\\":
            nxt = src[i + 1]
            if nxt == "x":
                m = re.match(r"[0-9a-fA-F]+", src[i + 2:])
                out.append(chr(int(m.group(0), 16)))
                i += 2 + len(m.group(0))
                continue
            if nxt not in C_ESCAPES:
                raise Unreadable(nxt)
            out.append(C_ESCAPES[nxt])
            i += 2
        else:
            out.append(src[i])
            i += 1
    return "".join(out), i + 1


def expression(src, i):
    """Literals, SCENARIO(...) and macros from src[i] up to a top-level ',' or ')'."""
    parts = []
    while True:
        while src[i].isspace():
            i += 1
        if src[i] in ",)":
            return "".join(parts), i
        if src[i] == '"':
            text, i = string_literal(src, i)
            parts.append(text)
            continue
        m = re.match(r"[A-Za-z_][A-Za-z0-9_]*", src[i:])
        if m is None:
            raise Unreadable(src[i])
        name = m.group(0)
        i += len(name)
        if name == "SCENARIO":
            inner, i = expression(src, src.index("(", i) + 1)
            parts.append(SCENARIO_HEAD + inner + SCENARIO_TAIL)
            i += 1  # the ')'
        elif name in MACROS:
            parts.append(MACROS[name])
        else:
            raise Unreadable(name)


def refusals(path):
    """The scenarios the loader's tests expect it to refuse, as JSON text."""
    src = open(path, encoding="utf-8").read()
    found, skipped = [], 0
    for m in CALLS.finditer(src):
        try:
            text, _ = expression(src, m.end())
        except (Unreadable, IndexError, ValueError):
            skipped += 1
            continue
        found.append(text.replace("'", '"'))
    return found, skipped


def main(argv):
    if len(argv) != 3:
        sys.stderr.write("usage: seeds.py SRCROOT OUTDIR\n")
        return 2
    root, out = argv[1], argv[2]
    os.makedirs(out, exist_ok=True)
    scenarios = sorted(glob.glob(os.path.join(root, "scenarios", "*.json")))
    for path in scenarios:
        shutil.copy(path, os.path.join(out, "scenario-" + os.path.basename(path)))
    bad, skipped = [], 0
    for path in sorted(glob.glob(os.path.join(root, "tests", "test_load*.c"))):
        found_here, skipped_here = refusals(path)
        bad += found_here
        skipped += skipped_here
    for n, text in enumerate(bad, 1):
        with open(os.path.join(out, f"refused-{n:03d}.json"), "w", encoding="utf-8") as f:
            f.write(text)
    programs = sorted(glob.glob(os.path.join(root, "tests", "fuzz-c", "js-seeds", "*")) +
                      glob.glob(os.path.join(root, "scenarios", "*.js")) +
                      glob.glob(os.path.join(root, "scenarios", "*.mjs")))
    for path in programs:
        shutil.copy(path, os.path.join(out, "js-" + os.path.basename(path)))
    found = sorted(glob.glob(os.path.join(root, "tests", "fuzz-c", "regressions", "*")))
    for path in found:
        shutil.copy(path, os.path.join(out, "regression-" + os.path.basename(path)))
    print(f"seeds: {len(scenarios)} scenarios, {len(bad)} refused by tests/test_load*.c "
          f"({skipped} calls passed over), {len(programs)} JavaScript programs, "
          f"{len(found)} regressions")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))

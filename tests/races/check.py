#!/usr/bin/env python3
"""check.py - `loopsim races` against what node printed and what the scenarios state.

    python3 tests/races/check.py LOOPSIM ROOT

1. For every record tests/races/NAME.node.json (written by record.mjs, node's distinct outputs
   over its runs), the outputs `loopsim races --format jsonl` finds for the record's scenario
   must be exactly the set node printed: one node printed that races misses is a bug in races,
   and so is one races finds that node never printed.
2. For every shipped scenario (scenarios/*.json, *.js, *.mjs), the outputs races finds must be
   exactly its `expect_any`, or its one `expect`.
3. For every program of the JavaScript corpus (tests/js/conformance/ and tests/js/contract/,
   whose outputs node fixes), races must find one output, the program's .out.

Prints one line per failure and a summary; exit status 0 iff nothing failed.
"""
import glob
import json
import os
import subprocess
import sys


def races(loopsim, path):
    """The outputs races finds for `path` (run in its directory), each its lines joined by a
    newline, as node writes them (a logged string may hold newlines itself)."""
    r = subprocess.run([loopsim, 'races', '--format', 'jsonl', os.path.basename(path)],
                       cwd=os.path.dirname(path), capture_output=True, text=True, check=False)
    if r.returncode != 0:
        raise RuntimeError(f'{path}: loopsim races exited {r.returncode}: {r.stderr.strip()}')
    outs = [json.loads(line) for line in r.stdout.splitlines()]
    defaults = [o for o in outs if o['default']]
    if len(defaults) != 1:
        raise RuntimeError(f'{path}: {len(defaults)} outputs are marked default')
    return ['\n'.join(o['output']) for o in outs]


def compare(what, found, want):
    """A failure message when the two sets of outputs differ, else None."""
    found_set, want_set = set(found), set(want)
    if len(found) != len(found_set):
        return f'{what}: races lists an output twice'
    if found_set == want_set:
        return None
    missing = [o.split('\n') for o in want_set - found_set]
    extra = [o.split('\n') for o in found_set - want_set]
    return f'{what}: races misses {missing}, finds besides {extra}'


def check_records(loopsim, root):
    for rec_path in sorted(glob.glob(os.path.join(root, 'tests', 'races', '*.node.json'))):
        with open(rec_path, encoding='utf-8') as f:
            rec = json.load(f)
        if rec['runs'] < 100:
            yield f'{rec_path}: only {rec["runs"]} node runs (at least 100)'
        want = ['\n'.join(o['output']) for o in rec['outputs']]
        found = races(loopsim, os.path.join(root, rec['races']))
        yield compare(f'{os.path.basename(rec_path)} ({rec["runs"]} node runs)', found, want)


def check_scenarios(loopsim, root):
    for ext in ('json', 'js', 'mjs'):
        for path in sorted(glob.glob(os.path.join(root, 'scenarios', '*.' + ext))):
            if os.path.basename(path) == 'schema.json':
                continue
            found = races(loopsim, path)
            want = None
            if ext == 'json':
                with open(path, encoding='utf-8') as f:
                    doc = json.load(f)
                if 'expect_any' in doc:
                    want = ['\n'.join(o) for o in doc['expect_any']]
                elif 'expect' in doc:
                    want = ['\n'.join(doc['expect'])]
            if want is None:
                yield None if len(found) == 1 else f'{path}: races finds {len(found)} outputs'
            else:
                yield compare(os.path.basename(path), found, want)


def check_corpus(loopsim, root):
    paths = []
    for corpus in ('conformance', 'contract'):
        for ext in ('js', 'mjs'):
            paths += glob.glob(os.path.join(root, 'tests', 'js', corpus, '*.' + ext))
    for path in sorted(paths):
        with open(os.path.splitext(path)[0] + '.out', encoding='utf-8') as f:
            text = f.read()
        want = [text[:-1] if text.endswith('\n') else text]
        yield compare(os.path.basename(path), races(loopsim, path), want)


def main():
    loopsim, root = os.path.abspath(sys.argv[1]), os.path.abspath(sys.argv[2])
    failures = 0
    counts = {}
    for name, check in (('node records', check_records), ('scenarios', check_scenarios),
                        ('corpus programs', check_corpus)):
        counts[name] = 0
        for message in check(loopsim, root):
            counts[name] += 1
            if message is not None:
                failures += 1
                print('FAIL  ' + message)
    print(', '.join(f'{n} {name}' for name, n in counts.items()) + f'; {failures} failed')
    return 0 if failures == 0 else 1


if __name__ == '__main__':
    sys.exit(main())

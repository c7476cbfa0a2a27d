#!/usr/bin/env python3
"""tests/explain/check.py BINARY SRCROOT [--update] - `loopsim explain` against the trace.

For every built-in scenario (`loopsim list`), tests/profiles/*.json and the scenarios of
tests/explain/scenarios/ (runs that reach the reasons no shipped scenario cites), it makes the
jsonl trace and the explanation of the same run, and checks that

  (a) the explanation has one paragraph per callback of the trace, in the trace's order, each
      opening with the callback's label, time, phase and iteration, and saying why it ran
      there: the explanation (sim/names.h, from `loopsim names`) of the callback's reason,
      filled with the callback's arguments;
  (b) every reason the engine cites in these runs is told somewhere, in the words of its
      explanation filled with the event's arguments; and every reason of the table is cited
      by these runs, but for the ones listed in NOT_IN_DEFAULT_RUNS with why (test_explain.c
      tells those);
  (c) the explanations of the key scenarios equal the files under tests/explain/golden/
      (text and Markdown), which were read for truth against Node; --update rewrites them.
"""

import json
import os
import re
import subprocess
import sys

GOLDEN = [
    "timeout-vs-immediate-in-io",
    "nexttick-vs-promise",
    "check-limit",
    "pool-of-4-five-jobs",
    "close-callbacks",
    "return-promise-two-ticks",
    "unhandled-rejection-exits",
]

# Reasons that no run here cites with every choice at its default, so no tested explanation
# tells them yet (a known gap: a white-box test that lowers the run's bounds, or takes a
# choice's other branch, would reach them).
NOT_IN_DEFAULT_RUNS = {
    "stop-max-jobs": "a million worker-pool jobs",
    "stop-max-events": "sixteen million events",
    "stop-max-memory": "a gigabyte of loop state",
    "worker-done-ahead": "only a cpu-ahead choice's other alternative (loopsim races)",
    "no-handle": "no scenario the loader accepts reaches it by an op",
}
UNTOLD = {"none", "phase"}

failures = []


def fail(msg):
    failures.append(msg)
    print("FAIL  " + msg)


def run(binary, args, cwd):
    p = subprocess.run([binary] + args, cwd=cwd, capture_output=True, text=True)
    if p.returncode >= 2:
        fail(f"{' '.join(args)}: exit status {p.returncode}: {p.stderr[:300]}")
    return p.stdout


def ms(ns):
    """Nanoseconds as milliseconds like sim_format_ms(trim): whole microseconds, trimmed."""
    sign = "-" if ns < 0 else ""
    us = abs(ns) // 1000
    s = f"{us // 1000}.{us % 1000:03d}".rstrip("0").rstrip(".")
    return sign + s


def fill(template, ev):
    """The explanation of `ev`'s reason with its arguments, as sim_event_explain makes it."""
    def sub(m):
        v = ev.get("arg_a" if m.group(1) == "A" else "arg_b", 0)
        return ms(v) if m.group(2) else str(v)
    out = re.sub(r"%([AB])(_MS)?", sub, template)
    return out.replace("%S", ev.get("text") or "")


def where(ev):
    if ev["phase"] == "main":
        return "before the loop"
    if ev["phase"] == "exit":
        return "after the loop"
    return f"in the {ev['phase']} phase of iteration {ev['iteration']}"


def paragraphs(text):
    """The paragraphs, their wrapped lines joined with spaces."""
    return [" ".join(p.split("\n")) for p in text.split("\n\n") if p.strip()]


def check_scenario(binary, root, scenario, explains, told):
    trace = [json.loads(l) for l in run(binary, ["trace", scenario, "--format", "jsonl"], root)
             .splitlines() if l.strip()]
    events = [e for e in trace if "event" in e]
    text = run(binary, ["explain", scenario], root)
    paras = paragraphs(text)
    whole = " ".join(paras)
    opening = re.compile(r"^(?:`(?P<label>[^`]*)`|A callback) ran at (?P<t>[0-9.]+) ms, "
                         r"(?P<where>before the loop|after the loop|in the \w+ phase of "
                         r"iteration \d+)\. It ran there because ")
    told_cbs = [(p, m) for p in paras for m in [opening.match(p)] if m]
    cbs = [e for e in events if e["event"] == "callback"]
    if len(told_cbs) != len(cbs):
        fail(f"{scenario}: {len(cbs)} callbacks in the trace, {len(told_cbs)} paragraphs")
    for i, (ev, (para, m)) in enumerate(zip(cbs, told_cbs)):
        want = (ev["label"], ms(ev["time_ns"]), where(ev))
        got = (m.group("label"), m.group("t"), m.group("where"))
        if want != got:
            fail(f"{scenario}: callback {i + 1} is {want} in the trace, {got} told")
            break
        why = fill(explains[ev["reason"]], ev)
        if why not in para:
            fail(f"{scenario}: callback {i + 1} ({ev['label']}): its reason "
                 f"'{ev['reason']}' is not told as '{why}'")
    for ev in events:
        r = ev.get("reason")
        if r in UNTOLD or r is None or r in told:
            continue
        if explains[r] and fill(explains[r], ev) in whole:
            told[r] = scenario


def check_golden(binary, root, update):
    gdir = os.path.join(root, "tests", "explain", "golden")
    for name in GOLDEN:
        for fmt, ext in (("text", "txt"), ("markdown", "md")):
            out = run(binary, ["explain", name, "--format", fmt], root)
            path = os.path.join(gdir, f"{name}.{ext}")
            if update:
                os.makedirs(gdir, exist_ok=True)
                with open(path, "w") as f:
                    f.write(out)
                continue
            try:
                with open(path) as f:
                    want = f.read()
            except OSError as e:
                fail(f"{path}: {e}")
                continue
            if want != out:
                fail(f"explain {name} --format {fmt} differs from {path} "
                     "(tests/explain/check.py BINARY SRCROOT --update rewrites it)")


def main(argv):
    binary, root = os.path.abspath(argv[1]), argv[2]
    update = len(argv) > 3 and argv[3] == "--update"
    names = json.loads(run(binary, ["names"], root))
    explains = {r["key"]: r["explain"] for r in names["reasons"]}
    # The scenarios: `loopsim list` up to its blank line (the exercises follow it).
    scenarios = [l.split()[0] for l in run(binary, ["list"], root).split("\n\n")[0].splitlines()
                 if l.strip()]
    for sub in (os.path.join("tests", "profiles"), os.path.join("tests", "explain", "scenarios")):
        scenarios += sorted(os.path.join(sub, f) for f in os.listdir(os.path.join(root, sub)))
    told = {}
    for s in scenarios:
        check_scenario(binary, root, s, explains, told)
    for key in explains:
        if key in UNTOLD or key in NOT_IN_DEFAULT_RUNS:
            continue
        if key not in told:
            fail(f"reason '{key}' is told in no explanation of the corpus")
    check_golden(binary, root, update)
    print(f"{len(scenarios)} scenarios, {len(told)} reasons told; {len(failures)} failures")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))

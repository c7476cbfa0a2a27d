#!/usr/bin/env python3
"""The SVG timeline (loopsim trace --format svg, docs/format-svg.md) against its readers and
against the jsonl trace of the same run.

For every shipped scenario and the fixtures of tests/svg/: xmllint accepts it, rsvg-convert
renders a non-empty PNG, and what it draws is what the jsonl trace says: one box per callback
whose <title> names its label, time and phase, on its phase's lane, in event order from left to
right; one box per worker job on its worker's lane; axis labels that increase. A 1 ms and a 10 s
run get 3..15 axis labels; a 5,000-callback run draws 2,000 and says how many more ran.

    python3 tests/svg-check.py build/ui/loopsim . build
"""
import json
import os
import re
import subprocess
import sys
import xml.etree.ElementTree as ET

NS = "{http://www.w3.org/2000/svg}"
CAP = 2000
failures = 0


REASON_QUEUE = {}


def expect(what, ok, detail=""):
    global failures
    if not ok:
        failures += 1
        print(f"FAIL  {what}" + (f": {detail}" if detail else ""))


def run(*args):
    return subprocess.run(args, capture_output=True, check=False)


def lanes_of(root):
    """{lane name: (top, bottom)} from the lane labels (a band is LANE_H = 34 px high)."""
    lanes = {}
    for t in root.iter(NS + "text"):
        if t.get("class") == "lane-label":
            mid = float(t.get("y")) - 4
            lanes[t.text] = (mid - 17, mid + 17)
    return lanes


def axis_labels(root):
    for g in root.iter(NS + "g"):
        if g.get("class") == "axis":
            return [(float(t.get("x")), t.text) for t in g.iter(NS + "text")]
    return []


def label_ms(text):
    m = re.fullmatch(r"([0-9]+(?:\.[0-9]+)?) ms", text or "")
    return float(m.group(1)) if m else None


def check_boxes(name, root, events):
    lanes = lanes_of(root)
    boxes = {}
    for g in root.iter(NS + "g"):
        if g.get("data-seq") is not None:
            boxes.setdefault(int(g.get("data-seq")), []).append(g)
    callbacks = [e for e in events if e["event"] == "callback"][:CAP]
    last_x = -1.0
    for ev in callbacks:
        gs = boxes.get(ev["seq"], [])
        expect(f"{name}: callback {ev['seq']} has one box", len(gs) == 1, f"{len(gs)} boxes")
        if len(gs) != 1:
            continue
        g = gs[0]
        title = g.find(NS + "title").text.split("\n")
        expect(f"{name}: box {ev['seq']}'s title names its label", title[0] == (ev["label"] or ""),
               f"{title[0]!r} vs {ev['label']!r}")
        where = f"at {ev['time_ms']:.3f} ms, phase {ev['phase']}, iteration {ev['iteration']}"
        expect(f"{name}: box {ev['seq']}'s title says {where}", title[1] == where, title[1])
        rect = g.find(NS + "rect")
        x, y = float(rect.get("x")), float(rect.get("y"))
        top, bottom = lanes.get(ev["phase"], (None, None))
        expect(f"{name}: box {ev['seq']} is on the {ev['phase']} lane",
               top is not None and top <= y and y + float(rect.get("height")) <= bottom,
               f"y={y}, lane {top}..{bottom}")
        expect(f"{name}: box {ev['seq']} is not left of the one before", x >= last_x,
               f"{x} < {last_x}")
        last_x = x
        cls = g.get("class")
        kind = {"nextTick": "cb tick", "microtasks": "cb micro"}.get(
            REASON_QUEUE.get(ev["reason"]), "cb")
        expect(f"{name}: box {ev['seq']} is drawn as a {kind}", cls == kind, cls)
        has_dot = g.find(NS + "circle") is not None
        logs = logs_of(events, ev["seq"])
        expect(f"{name}: box {ev['seq']} has a console dot iff it printed",
               has_dot == bool(logs), f"dot={has_dot}, logs={logs}")
        for line in logs[:1]:
            expect(f"{name}: box {ev['seq']}'s title quotes what it printed",
                   printable(line[:40]) in printable(g.find(NS + "title").text))
    if len([e for e in events if e["event"] == "callback"]) <= CAP:
        for ev in events:
            if ev["event"] == "worker-start":
                gs = boxes.get(ev["seq"], [])
                expect(f"{name}: job {ev['seq']} has one box", len(gs) == 1)
                if gs:
                    y = float(gs[0].find(NS + "rect").get("y"))
                    top, bottom = lanes.get(f"worker {ev['worker']}", (None, None))
                    expect(f"{name}: job {ev['seq']} is on worker {ev['worker']}'s lane",
                           top is not None and top <= y <= bottom)


def logs_of(events, seq):
    """The lines the callback `seq` printed: the logs after it, before the next callback."""
    out = []
    started = False
    for ev in events:
        if ev["seq"] == seq:
            started = True
        elif started and ev["event"] == "callback":
            break
        elif started and ev["event"] == "log":
            out.append(ev["text"])
    return out


def printable(text):
    """The text's printable ASCII: what the SVG quotes as it is (it replaces controls and
    characters XML cannot hold, and the jsonl spells bytes that are not UTF-8 as U+00XX)."""
    return re.sub(" +", " ", re.sub("[^\x21-\x7e]", " ", text))


def check_scenario(loopsim, name, build, want_ticks=False):
    svg = os.path.join(build, "svg-check.svg")
    png = os.path.join(build, "svg-check.png")
    r = run(loopsim, "trace", name, "--format", "svg", "-o", svg)
    expect(f"{name}: trace --format svg exits 0", r.returncode == 0, r.stderr.decode())
    if r.returncode != 0:
        return None
    r = run("xmllint", "--noout", svg)
    expect(f"{name}: xmllint accepts it", r.returncode == 0, r.stderr.decode()[:300])
    root = ET.parse(svg).getroot()
    # librsvg renders at most 32767 px a side: a wider timeline (2,000 callbacks) is scaled.
    args = ["rsvg-convert", "-o", png, svg]
    if float(root.get("width")) > 32000:
        args[1:1] = ["-w", "32000", "-a"]
    r = run(*args)
    expect(f"{name}: rsvg-convert renders it", r.returncode == 0 and os.path.getsize(png) > 0,
           r.stderr.decode()[:300])
    lines = run(loopsim, "trace", name, "--format", "jsonl").stdout.decode().splitlines()
    events = [json.loads(line) for line in lines[:-1]]
    check_boxes(name, root, events)
    ticks = axis_labels(root)
    values = [label_ms(t) for _, t in ticks]
    expect(f"{name}: the axis labels are times in ms", None not in values, str(ticks))
    if None not in values:
        expect(f"{name}: the axis labels increase, left to right",
               all(a < b for a, b in zip(values, values[1:]))
               and all(a[0] < b[0] for a, b in zip(ticks, ticks[1:])), str(ticks))
        end_ms = json.loads(lines[-1])["time_ms"]
        expect(f"{name}: no axis label past the end", not values or values[-1] <= end_ms + 1e-9)
    if want_ticks:
        expect(f"{name}: 3..15 axis labels", 3 <= len(ticks) <= 15, str(ticks))
    return root, json.loads(lines[-1])


def main():
    loopsim, src, build = sys.argv[1:4]
    # The queue each reason's callback waited in, from the engine's table (loopsim names).
    for reason in json.loads(run(loopsim, "names").stdout)["reasons"]:
        REASON_QUEUE[reason["key"]] = reason["queue"]
    # The scenarios: `loopsim list` up to its blank line (the exercises follow it).
    names = [line.split()[0]
             for line in run(loopsim, "list").stdout.decode().split("\n\n")[0].splitlines()
             if line.strip()]
    expect("loopsim list names the shipped scenarios", len(names) >= 10, str(names))
    for name in names:
        check_scenario(loopsim, name, build)
    fixtures = os.path.join(src, "tests", "svg")
    for f in ("one-ms.json", "ten-seconds.json"):
        check_scenario(loopsim, os.path.join(fixtures, f), build, want_ticks=True)
    # A lone surrogate, control characters and markup in labels and logs: still well-formed.
    got = check_scenario(loopsim, os.path.join(fixtures, "strange-text.js"), build)
    if got is not None:
        titles = [t.text for t in got[0].iter(NS + "title")]
        expect("a lone surrogate is one U+FFFD in the SVG",
               any("x\ufffdy" in (t or "") for t in titles), str(titles))
    got = check_scenario(loopsim, os.path.join(fixtures, "five-thousand.json"), build)
    if got is not None:
        root, end = got
        notes = [t.text for t in root.iter(NS + "text") if t.get("class") == "note"]
        want = (f"\u2026 {end['callbacks'] - CAP} more callbacks not drawn "
                "(loopsim trace --format jsonl has them all)")
        expect("5,000 callbacks: the cut note says how many more ran", notes == [want],
               f"{notes} vs {want!r}")
        drawn = sum(1 for g in root.iter(NS + "g")
                    if g.get("data-seq") and g.get("class").startswith("cb"))
        expect("5,000 callbacks: 2,000 boxes drawn", drawn == CAP, str(drawn))
    print("svg-check: " + ("ok" if failures == 0 else f"{failures} failure(s)"))
    return 1 if failures else 0


sys.exit(main())

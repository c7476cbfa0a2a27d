#!/usr/bin/env python3
"""bench/gen.py - writes the large benchmark scenarios (python3, standard library only).

    bench/gen.py [OUTDIR]          (default: bench/out/, beside this file; git-ignored)

Each scenario is a valid loopsim scenario (format version 1) that stays small on disk: the
volume comes from `repeat` and from named functions, never from listing statements one by one.
They are benchmarks, not tests: none carries `expect`. Every one sets `max_callbacks` well above
its own count, since the contract's default (1,000,000) would stop the million-callback runs.

| file                    | what it runs                                            | callbacks |
|-------------------------|---------------------------------------------------------|-----------|
| tiny.json               | one console.log: the baseline for peak RSS               | 1         |
| timers-1m.json          | 1,000,000 setTimeout, 1,000 delays (1..1000 ms), empty   | 1,000,001 |
| timers-1m-log.json      | the same, each callback logs one line                   | 1,000,001 |
| immediates-1m.json      | 1,000 chains of 1,000 setImmediate, empty bodies         | 1,000,001 |
| microtasks-1m.json      | 1,000 chains of 1,000 microtasks, promise/queueMicrotask | 1,000,001 |
| fsstat-200k.json        | 200,000 fs.stat of 1 ms on a pool of 4                   | 200,001   |
| step-1m.json            | ~1,000,000 events: timers, immediates, ticks, promises   | 448,001   |

(The `+1` is the main script, which the engine counts as a callback.)
"""

import json
import os
import sys

# Far above every count below: these runs must end on their own, not by max_callbacks.
MAX_CALLBACKS = 10_000_000


def scenario(name, description, main, functions=None, config=None):
    """A scenario object; `config` adds to the shared max_callbacks."""
    doc = {
        "loopsim": 1,
        "name": name,
        "description": description,
        "config": {"max_callbacks": MAX_CALLBACKS, **(config or {})},
    }
    if functions:
        doc["functions"] = functions
    doc["main"] = main
    return doc


def chain(prefix, length, link):
    """Functions prefix1..prefixN; each but the last schedules the next with `link(k)`."""
    functions = {}
    for k in range(1, length + 1):
        nxt = f"@{prefix}{k + 1}"
        functions[f"{prefix}{k}"] = [link(k, nxt)] if k < length else []
    return functions


def tiny():
    return scenario("bench: baseline", "One log line: the process's own size, for peak RSS.",
                    ["hello"])


def timers(log):
    """1000 repeat statements, one per delay 1..1000, of 1000 setTimeout each."""
    body = ["timeout"] if log else []
    main = [{"op": "repeat", "times": 1000,
             "do": [{"op": "setTimeout", "delay": d, "do": body}]}
            for d in range(1, 1001)]
    what = "logs `timeout`" if log else "has an empty body"
    return scenario(
        "bench: 1,000,000 timers" + (" (log)" if log else ""),
        "1,000,000 setTimeout over 1,000 distinct delays (1..1000 ms), 1,000 per delay; each "
        f"callback {what}. All are pending when the main script returns.",
        main)


def immediates():
    """main queues 1000 immediates running c1; c_k queues c_(k+1); c1000 is empty."""
    main = [{"op": "repeat", "times": 1000, "do": [{"op": "setImmediate", "do": "@c1"}]}]
    functions = chain("c", 1000, lambda k, nxt: {"op": "setImmediate", "do": nxt})
    return scenario(
        "bench: 1,000,000 immediates",
        "1,000 chains of 1,000 setImmediate: each check phase runs 1,000 immediates, each "
        "queueing the next link for the following iteration. Empty bodies.",
        main, functions)


def microtasks():
    """Like immediates(), with microtasks; odd links use promise, even ones queueMicrotask."""
    main = [{"op": "repeat", "times": 1000, "do": [{"op": "promise", "do": "@m1"}]}]
    functions = chain("m", 1000, lambda k, nxt: {
        "op": "queueMicrotask" if k % 2 == 0 else "promise", "do": nxt})
    return scenario(
        "bench: 1,000,000 microtasks",
        "1,000 chains of 1,000 microtasks (promise and queueMicrotask alternating), all drained "
        "after the main script. Empty bodies.",
        main, functions)


def fsstat():
    main = [{"op": "repeat", "times": 200_000, "do": [{"op": "fs.stat", "ms": 1}]}]
    return scenario(
        "bench: 200,000 fs.stat",
        "200,000 fs.stat requests of 1 ms each on a pool of 4 workers: 50 s of virtual time. "
        "Empty callbacks.",
        main, config={"threadpool_size": 4})


# step-1m: W chains of K rounds. One round is an immediate whose body logs, queues a nextTick, a
# promise, a 1 ms timer and the next round's immediate: 9 events (the callback, the log, 4
# schedules, then the tick, the microtask and the timer callbacks) and 4 callbacks. 100 x 1120
# rounds make about 1,008,000 events, plus a few phase events per iteration; callback_ms makes
# the clock move so the timers come due while the chains still run.
STEP_CHAINS = 100
STEP_ROUNDS = 1120


def step():
    functions = {}
    for k in range(1, STEP_ROUNDS + 1):
        body = [f"round {k}",
                {"op": "nextTick"},
                {"op": "promise"},
                {"op": "setTimeout", "delay": 1}]
        if k < STEP_ROUNDS:
            body.append({"op": "setImmediate", "do": f"@r{k + 1}"})
        functions[f"r{k}"] = body
    main = [{"op": "repeat", "times": STEP_CHAINS,
             "do": [{"op": "setImmediate", "do": "@r1"}]}]
    return scenario(
        "bench: ~1,000,000 events for stepping",
        f"{STEP_CHAINS} chains of {STEP_ROUNDS} rounds; each round (an immediate) logs and "
        "queues a nextTick, a promise, a 1 ms timer and the next round. Every callback costs "
        "0.01 ms, so timers fall due while the chains run. For the TUI's step-back benchmark.",
        main, functions, config={"callback_ms": 0.01})


SCENARIOS = {
    "tiny.json": tiny,
    "timers-1m.json": lambda: timers(log=False),
    "timers-1m-log.json": lambda: timers(log=True),
    "immediates-1m.json": immediates,
    "microtasks-1m.json": microtasks,
    "fsstat-200k.json": fsstat,
    "step-1m.json": step,
}


def write(path, doc):
    """One statement (or function) per line: small, and still readable with `less`."""
    tmp = path + ".tmp"
    with open(tmp, "w", encoding="utf-8") as f:
        f.write("{\n")
        items = list(doc.items())
        for n, (key, value) in enumerate(items):
            f.write(f"  {json.dumps(key)}: ")
            if key == "main":
                f.write("[\n" + ",\n".join("    " + json.dumps(s) for s in value) + "\n  ]")
            elif key == "functions":
                f.write("{\n" + ",\n".join(f"    {json.dumps(k)}: {json.dumps(v)}"
                                           for k, v in value.items()) + "\n  }")
            else:
                f.write(json.dumps(value, ensure_ascii=False))
            f.write(",\n" if n + 1 < len(items) else "\n")
        f.write("}\n")
    os.replace(tmp, path)


def main(argv):
    here = os.path.dirname(os.path.abspath(__file__))
    if len(argv) > 2 or (len(argv) == 2 and argv[1].startswith("-")):
        sys.stderr.write("usage: bench/gen.py [OUTDIR]\n")
        return 2
    outdir = argv[1] if len(argv) == 2 else os.path.join(here, "out")
    os.makedirs(outdir, exist_ok=True)
    for filename, make in SCENARIOS.items():
        path = os.path.join(outdir, filename)
        write(path, make())
        print(f"{path}: {os.path.getsize(path)} bytes")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))

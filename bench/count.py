#!/usr/bin/env python3
"""bench/count.py - counts a `loopsim trace --format jsonl` stream (python3, standard library only).

    loopsim trace --format jsonl FILE | bench/count.py      prints "EVENTS CALLBACKS OUTCOME"

It prefers the counts of the final {"event":"end",...} line, and where that line or one of its
fields is missing it counts for itself: every line is an event, and those whose "event" is
"callback" are callbacks. An outcome it cannot read prints as "?".
"""

import json
import sys


def main():
    lines = 0
    callbacks = 0
    last = b""
    for line in sys.stdin.buffer:
        lines += 1
        if b'"event":"callback"' in line:
            callbacks += 1
        last = line
    end = {}
    try:
        parsed = json.loads(last)
        if isinstance(parsed, dict) and parsed.get("event") == "end":
            end = parsed
    except ValueError:
        pass
    events = end.get("events")
    if not isinstance(events, int):
        events = lines - (1 if end else 0)
    if isinstance(end.get("callbacks"), int):
        callbacks = end["callbacks"]
    print(f"{events} {callbacks} {end.get('outcome', '?')}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

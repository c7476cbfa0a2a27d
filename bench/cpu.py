#!/usr/bin/env python3
"""bench/cpu.py OUT CMD [ARG...] - runs CMD and writes "WALL_S CPU_S" of it into OUT.

CPU is user + system time of CMD and everything it waited for (its threads and children), as
getrusage(RUSAGE_CHILDREN) counts it, to the microsecond: GNU time prints it in 10 ms steps,
too coarse for runs of a tenth of a second. WALL is a monotonic clock around CMD alone, so
this script's own start-up is in neither. CMD's output and exit status pass through.
"""

import resource
import subprocess
import sys
import time


def main(argv):
    if len(argv) < 3:
        sys.stderr.write("usage: cpu.py OUT CMD [ARG...]\n")
        return 2
    # The difference: children reaped before (e.g. by a launcher that exec'd this python) count
    # in RUSAGE_CHILDREN too.
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.monotonic()
    status = subprocess.run(argv[2:]).returncode
    wall = time.monotonic() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    with open(argv[1], "w", encoding="utf-8") as f:
        f.write(f"{wall:.6f} {cpu:.6f}\n")
    return status if status >= 0 else 128 - status


if __name__ == "__main__":
    sys.exit(main(sys.argv))

#!/usr/bin/env python3
"""bench/cpu.py OUT CMD [ARG...] - runs CMD and writes the CPU seconds it used into OUT.

CPU is user + system time of CMD and everything it waited for (its threads and children), as
getrusage(RUSAGE_CHILDREN) counts it, to the microsecond: GNU time prints it in 10 ms steps,
too coarse for runs of a tenth of a second. CMD's output and exit status pass through.
"""

import resource
import subprocess
import sys


def main(argv):
    if len(argv) < 3:
        sys.stderr.write("usage: cpu.py OUT CMD [ARG...]\n")
        return 2
    # The difference: children reaped before (e.g. by a launcher that exec'd this python) count
    # in RUSAGE_CHILDREN too.
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    status = subprocess.run(argv[2:]).returncode
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    with open(argv[1], "w", encoding="utf-8") as f:
        f.write(f"{cpu:.6f}\n")
    return status if status >= 0 else 128 - status


if __name__ == "__main__":
    sys.exit(main(sys.argv))

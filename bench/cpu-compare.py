#!/usr/bin/env python3
"""CPU time of commands compared interleaved: what a shared, loaded machine inflates least.

Usage: PIN=0 python3 bench/cpu-compare.py RUNS 'label=shell command' ...   (PIN=off: unpinned)

Each round runs every command once (starting one later each round), under `taskset -c $PIN`; CPU is the user +
system time of the whole process tree (wait4's rusage: the tracer and the traced command), wall time beside
it. Prints medians and each CPU median over the first command's. Used for BENCHMARKS.md's "CPU time" table.
"""

import os
import statistics
import subprocess
import sys
import time

runs = int(sys.argv[1])
cells = [a.split("=", 1) for a in sys.argv[2:]]
pin = os.environ.get("PIN", "0")
res = {label: ([], []) for label, _ in cells}
for r in range(runs):
    order = cells[r % len(cells):] + cells[: r % len(cells)]
    for label, cmd in order:
        argv = (["taskset", "-c", pin] if pin != "off" else []) + ["sh", "-c", cmd]
        t0 = time.monotonic()
        p = subprocess.Popen(argv, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        _, _, ru = os.wait4(p.pid, 0)
        res[label][0].append(ru.ru_utime + ru.ru_stime)
        res[label][1].append(time.monotonic() - t0)
base = statistics.median(res[cells[0][0]][0])
for label, _ in cells:
    cpu, wall = res[label]
    c = statistics.median(cpu)
    print(f"{label:28s} cpu {c * 1000:8.1f} ms  wall {statistics.median(wall) * 1000:8.1f} ms  cpu/{cells[0][0]} {c / base:5.2f}x")
print(f"load {os.getloadavg()[0]:.1f} runs {runs} pin {pin}")

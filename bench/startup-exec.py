#!/usr/bin/env python3
"""A tracer's start-up up to the traced command's exec, and its whole run, compared interleaved.

Usage: PIN=0 RUNS=21 python3 bench/startup-exec.py 'label=shell command with CMD' ...   (PIN=off: unpinned)

CMD is replaced by bench/cpu-at-exec (built static here, once), which notes at its start the CPU its parent (the
tracer) has used so far, every thread, user and system: "to exec" is what the tracer did before the command ran
(`vat -c -o F -- CMD`). "whole" is the user + system time of the process tree (wait4), wall beside each. A command
without CMD (`node -e 0`) has only "whole". Each round runs every cell once, starting one cell later each round;
medians. Used for BENCHMARKS.md's "Start-up, stop 29".
"""

import os
import statistics
import subprocess
import sys
import tempfile
import time

here = os.path.dirname(os.path.abspath(__file__))
work = tempfile.mkdtemp(prefix="vat-startup-")
probe = os.path.join(work, "cpu-at-exec")
subprocess.run(["gcc", "-O2", "-static", "-o", probe, os.path.join(here, "cpu-at-exec.c")], check=True)
runs = int(os.environ.get("RUNS", "21"))
pin = os.environ.get("PIN", "0")
cells = [a.split("=", 1) for a in sys.argv[1:]]
res = {label: ([], [], [], []) for label, _ in cells}
out = os.path.join(work, "at-exec")
for r in range(runs):
    for label, cmd in cells[r % len(cells):] + cells[: r % len(cells)]:
        if os.path.exists(out):
            os.unlink(out)
        argv = (["taskset", "-c", pin] if pin != "off" else []) + ["sh", "-c", "exec " + cmd.replace("CMD", probe)]
        t0 = time.monotonic_ns()
        p = subprocess.Popen(argv, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=dict(os.environ, CPUAT_OUT=out))
        _, _, ru = os.wait4(p.pid, 0)
        t1 = time.monotonic_ns()
        if os.path.exists(out):
            cpu, at = open(out).read().split()[:2]
            res[label][0].append(int(cpu) / 1e6)
            res[label][1].append((int(at) - t0) / 1e6)
        res[label][2].append((ru.ru_utime + ru.ru_stime) * 1e3)
        res[label][3].append((t1 - t0) / 1e6)
for label, _ in cells:
    med = [statistics.median(x) if x else float("nan") for x in res[label]]
    print(f"{label:24s} to exec: cpu {med[0]:7.1f} wall {med[1]:7.1f} ms | whole: cpu {med[2]:7.1f} wall {med[3]:7.1f} ms")
print(f"load {os.getloadavg()[0]:.2f} runs {runs} pin {pin}")
subprocess.run(["rm", "-rf", work])

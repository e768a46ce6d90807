#!/usr/bin/env python3
"""vat against untraced, strace and perf trace, side by side (see BENCHMARKS.md).

Usage: python3 bench/bench.py [--smoke]          (npm run bench, npm run bench:smoke)

Environment:
  RUNS=5        timed runs per workload and tracer (interleaved: run 1 of every cell, then run 2, ...)
  PIN=0         CPU list for `taskset -c` around every command, untraced too; PIN=off runs unpinned
  VAT_PIN       CPU list for vat's commands only (default: PIN); VAT_PIN=off with ENGINE=auto measures eBPF
                unpinned against strace pinned (its best case), as issue 15 asks
  ENGINE=ptrace vat's --engine (ptrace, ebpf or auto)
  WORKLOADS     subset of: true storm walk make threads git py-import dd (default: all)
  TRACERS       subset of: vat strace perf (default: all)
  MODES         subset of: plain count openat json (vat modes; those vat lacks are skipped with a note)
  SCALE=1       multiplies the loop counts of storm, walk and threads (e.g. 0.1 while developing)
  WARMUP=1      untimed untraced runs per workload first (page cache, dentries)
  TIMEOUT=600   seconds per run
  MEMCHECK=1000000  syscalls for the memory check (storm under vat -o FILE); 0 skips it
  BENCH_WORK=/tmp/vat-bench  binaries, data and results (reports, raw runs as CSV, last outputs)
  VAT           the vat command (default: bin/vat, the installed shim, on a copy of bin/ and dist/ taken at the start)

--smoke: storm with 2000 writes, one run of untraced, vat and strace in each mode, no memory check; checks
that the runner works and that vat lost no events (never timings). Exit status 1 when any check fails.
"""

import csv
import os
import shlex
import shutil
import subprocess
import sys
import time

sys.dont_write_bytecode = True  # no __pycache__ in the source tree
sys.path.insert(0, os.path.dirname(os.path.realpath(__file__)))

from vatbench import machine, report  # noqa: E402
from vatbench.measure import Runner, strace_count  # noqa: E402
from vatbench.memcheck import LIMIT_MIB, memcheck  # noqa: E402
from vatbench.tracers import MODES, Cell, cells, command, events  # noqa: E402
from vatbench.workloads import NAMES, prepare, workloads  # noqa: E402

ROOT = os.path.dirname(os.path.dirname(os.path.realpath(__file__)))


def settings(smoke):
    env = os.environ.get
    pin = env("PIN", "0")
    vat_pin = env("VAT_PIN", pin)
    off = ("", "off", "none", "no")
    s = {
        "runs": int(env("RUNS", "5")),
        "pin": None if pin in off else pin,
        "vat_pin": None if vat_pin in off else vat_pin,
        "engine": env("ENGINE") or "ptrace",
        "workloads": env("WORKLOADS", " ".join(NAMES)).replace(",", " ").split(),
        "tracers": env("TRACERS", "vat strace perf").replace(",", " ").split(),
        "modes": env("MODES", " ".join(MODES)).replace(",", " ").split(),
        "scale": float(env("SCALE", "1")),
        "warmup": int(env("WARMUP", "1")),
        "timeout": float(env("TIMEOUT", "600")),
        "memcheck": int(env("MEMCHECK", "1000000")),
        "work": env("BENCH_WORK", "/tmp/vat-bench"),
        "vat": shlex.split(env("VAT", "")) or None,  # None: a snapshot of this checkout's dist/
    }
    if smoke:
        s.update(runs=1, workloads=["storm"], tracers=["vat", "strace"], scale=0.01, warmup=0, memcheck=0)
    for name in s["workloads"]:
        if name not in NAMES:
            sys.exit(f"bench: unknown workload {name!r} (known: {' '.join(NAMES)})")
    return s


def snapshot_vat(work):
    """`WORK/vat/bin/vat`: the installed command (its Perl shim, then node on the bundled dist/cli.js, which runs
    dist/vat-trace.cjs or dist/vat.cjs from their code caches), on a copy of this checkout's bin/ and dist/ (built
    first if missing), so that a rebuild while the benchmark runs cannot break or change the vat being measured."""
    cli = os.path.join(ROOT, "dist", "cli.js")
    bundled = all(os.path.exists(os.path.join(ROOT, "dist", f)) for f in ("vat.cjs", "vat-trace.cjs"))
    if os.path.exists(cli) and not bundled:
        # tsc alone leaves dist/cli.js unbundled (no dist/vat.cjs): that start-up is not what users run
        print("bench: dist/cli.js is not the bundle, rebuilding", file=sys.stderr)
        subprocess.run(["npm", "run", "--silent", "build"], cwd=ROOT, check=True)
    if not os.path.exists(cli):
        print("bench: dist/ missing, building it (npm run build: the bundled CLI users run)", file=sys.stderr)
        subprocess.run(["npm", "run", "--silent", "build"], cwd=ROOT, check=True)
    snap = os.path.join(work, "vat")
    shutil.rmtree(snap, ignore_errors=True)
    shutil.copytree(os.path.join(ROOT, "dist"), os.path.join(snap, "dist"))  # with the code caches (.vat-*.cache)
    shutil.copytree(os.path.join(ROOT, "bin"), os.path.join(snap, "bin"))
    shutil.copy(os.path.join(ROOT, "package.json"), snap)  # read by vat --version
    for d in ("node_modules", "data"):
        os.symlink(os.path.join(ROOT, d), os.path.join(snap, d))
    vat = [os.path.join(snap, "bin", "vat")]
    r = subprocess.run([*vat, "-o", os.devnull, "--", "true"], capture_output=True, text=True)
    if r.returncode != 0:  # e.g. copied in the middle of someone's rebuild
        sys.exit(f"bench: vat does not run ({r.stderr.strip()}); rebuild with npm run build")
    return vat


def main():
    s = settings("--smoke" in sys.argv[1:])
    work, pin = s["work"], s["pin"]
    results = os.path.join(work, "results")
    os.makedirs(os.path.join(results, "out"), exist_ok=True)
    s["started"] = time.localtime()
    stamp = time.strftime("%Y%m%d-%H%M%S", s["started"])
    log = open(os.path.join(results, f"stderr-{stamp}.log"), "w")  # the commands' stderr
    if shutil.which("strace") is None:
        sys.exit("bench: strace is needed (syscall counts, expected events): apt-get install strace")
    if pin and subprocess.run(["taskset", "-c", pin, "true"]).returncode != 0:
        sys.exit(f"bench: `taskset -c {pin}` does not work here; set PIN=off")
    vat = s["vat"] = s["vat"] or snapshot_vat(work)
    prepare(work, s["workloads"], sys.stderr)
    wls = [w for w in workloads(work, s["scale"]) if w.name in s["workloads"]]
    notes = []
    todo = cells(vat, s["tracers"], s["modes"], notes)
    for n in notes:
        print(f"bench: {n}", file=sys.stderr)
    syscalls = {}
    for w in wls:
        syscalls[w.name] = strace_count(w.argv, os.path.join(results, "out", "count.txt"))
        count = f"{w.name}: {syscalls[w.name]} syscalls (strace -f -c)"
        print(f"bench: {count} ", shlex.join(w.argv), file=sys.stderr)

    load = [os.getloadavg()[0]]
    res = report.Results(wls, todo, syscalls)
    runner = Runner(pin, s["timeout"], log, os.path.join(work, "bin", "rusage"))
    with open(os.path.join(results, f"runs-{stamp}.csv"), "w", newline="") as raw:
        time_cells(s, res, runner, raw)
    vat_modes = [c.mode for c in todo if c.tracer == "vat"]
    mem_lines, mem_ok = [], True
    if s["memcheck"] > 0 and "vat" in s["tracers"]:
        print(f"bench: memory check, storm {s['memcheck']}", file=sys.stderr)
        mem_modes = [m for m in ("plain", "json") if m in vat_modes]
        mem_lines, mem_ok = memcheck(runner, vat, mem_modes, s["memcheck"], work)
    load.append(os.getloadavg()[0])

    text, ok = render(s, res, vat_modes, notes, mem_lines, load)
    print(text)
    with open(os.path.join(results, f"report-{stamp}.md"), "w") as f:
        f.write(text + "\n")
    failed = not (ok and mem_ok)
    print(f"\nbench: report in {results}/report-{stamp}.md; {'FAIL' if failed else 'all checks ok'}")
    return 1 if failed else 0


def time_cells(s, res, runner, raw):
    """Every cell RUNS times per workload, interleaved: round r runs each cell once, starting at cell r."""
    out_dir = os.path.join(s["work"], "results", "out")
    rows = csv.writer(raw)
    rows.writerow(["workload", "tracer", "mode", "run", "seconds", "status", "rss_kib", "calls", "exits"])
    cells_ = res.cells
    for w in res.workloads:
        for _ in range(s["warmup"]):  # page cache, dentries
            runner.run(w.argv)
        for r in range(s["runs"]):
            k = r % len(cells_)
            for c in cells_[k:] + cells_[:k]:
                out = os.path.join(out_dir, f"{w.name}.{c.key.replace(':', '.')}.txt")
                if os.path.exists(out):
                    os.unlink(out)
                run = runner.run(command(c, s["vat"], w.argv, out), s["vat_pin"] if c.tracer == "vat" else ...)
                ev = events(c, out)
                res.add(w, c, run, ev)
                counts = [ev.calls, ev.exits] if ev else ["", ""]
                row = [w.name, c.tracer, c.mode, r, f"{run.seconds:.4f}", run.status, run.rss_kib, *counts]
                rows.writerow(row)
                raw.flush()
                progress = f"{w.name:9s} run {r} {c.key:14s} {run.seconds:8.3f} s  exit {run.status}"
                print(f"  {progress}", file=sys.stderr)


def render(s, res, vat_modes, notes, mem_lines, load):
    pin = f"`taskset -c {s['pin']}` around every command, untraced too" if s["pin"] else "not pinned"
    if s["vat_pin"] != s["pin"]:
        pin += f"; vat's commands {'`taskset -c ' + s['vat_pin'] + '`' if s['vat_pin'] else 'not pinned'}"
    summary, ok = report.summary(res, vat_modes, s["tracers"])
    started = time.strftime("%Y-%m-%d %H:%M", s["started"])
    scale = f", SCALE={s['scale']:g}" if s["scale"] != 1 else ""
    out = [
        f"Measured {started}: median wall time of {s['runs']} interleaved runs per cell, CPU pinning: {pin}"
        f"{scale}; load average (1 min) {load[0]:.2f} at the start, {load[1]:.2f} at the end.",
        "",
        report.table(["machine", ""], machine.describe(ROOT, s["vat"]), numeric=False),
    ]
    if res.workloads:
        fixed = "" if "true" in s["workloads"] else " (not subtracted here: `true` was not run)"
        out += [
            "",
            summary,
            "",
            f"vat runs with `--engine {s['engine']}`"
            + (
                " (the engine issue 16's targets are about; the default, auto, picks eBPF as root). "
                if s["engine"] == "ptrace"
                else ". "
            )
            + 
            f"µs/call = (traced − untraced − the tracer's fixed cost on `true`{fixed}) / syscalls (the "
            "workload's `strace -f -c` count), over every syscall of the workload, filtered or not. "
            "events vat/strace = syscall lines recorded with the same options (FAIL when vat lost any); "
            "events perf = what perf trace wrote. vat RSS = peak RSS of vat's process (ru_maxrss, as "
            "`/usr/bin/time -f %M` reports it).",
            "",
            "<details><summary>Every cell</summary>",
            "",
            report.detail(res),
            "",
            "</details>",
        ]
    if mem_lines:
        out += ["", f"Memory check (peak RSS ≤ {LIMIT_MIB} MiB):", "", *mem_lines]
    if notes:
        out += ["", *(f"Note: {n}." for n in notes)]
    return "\n".join(out), ok


if __name__ == "__main__":
    sys.exit(main())

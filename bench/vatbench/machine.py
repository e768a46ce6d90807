"""The machine and tool versions a report was measured with."""

import os
import subprocess


def _output(argv, cwd=None):
    """ARGV's output (stdout, else stderr), stripped; None when it cannot run or fails."""
    try:
        r = subprocess.run(argv, capture_output=True, text=True, timeout=30, cwd=cwd)
    except (OSError, subprocess.TimeoutExpired):
        return None
    return (r.stdout or r.stderr).strip() if r.returncode == 0 else None


def _first_line(argv, cwd=None):
    out = _output(argv, cwd)
    return "not installed" if out is None else (out.splitlines() or ["?"])[0]


def _cpuinfo(key):
    try:
        with open("/proc/cpuinfo") as f:
            for line in f:
                if line.startswith(key):
                    return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return "?"


def _mem_gib():
    with open("/proc/meminfo") as f:
        kib = int(f.readline().split()[1])
    return f"{kib / 1024 / 1024:.1f} GiB"


def describe(root, vat):
    """(label, value) pairs: CPUs, model, memory, kernel, node, vat, strace, perf, vat's commit."""
    commit = _output(["git", "rev-parse", "--short", "HEAD"], cwd=root) or "unknown (not a git checkout)"
    dirty = _output(["git", "status", "--porcelain", "--untracked-files=no"], cwd=root)
    return [
        ("CPUs (nproc)", str(len(os.sched_getaffinity(0)))),
        ("CPU model", _cpuinfo("model name")),
        ("memory", _mem_gib()),
        ("kernel", os.uname().release),
        ("node", _first_line(["node", "--version"])),
        ("vat --version", _first_line([*vat, "--version"])),
        ("strace", _first_line(["strace", "-V"])),
        ("perf", _first_line(["perf", "version"])),
        ("vat", f"{commit}{' + uncommitted changes' if dirty else ''}"),
    ]

"""The tracers and modes compared, how each command line is built, and how events are counted."""

import json
import os
import re
import shutil
import subprocess
from dataclasses import dataclass

# mode -> (label, vat's options, strace's options, perf's options); {out} is the output file.
# perf trace follows children by default; it has no JSON output, and strace has none either: vat's
# --json is compared with their plain text output.
MODES = {
    "plain": ("-f -o FILE", ["-f", "-o", "{out}"], ["-f", "-o", "{out}"], ["trace", "-o", "{out}"]),
    "count": ("-c", ["-f", "-c", "-o", "{out}"], ["-f", "-c", "-o", "{out}"], ["trace", "-s", "-o", "{out}"]),
    # both with their seccomp filter: vat turns it on by itself with -e trace=, strace needs --seccomp-bpf
    "openat": (
        "-e trace=openat",
        ["-f", "-e", "trace=openat", "-o", "{out}"],
        ["--seccomp-bpf", "-f", "-e", "trace=openat", "-o", "{out}"],
        ["trace", "-e", "openat", "-o", "{out}"],
    ),
    "json": ("--json", ["-f", "--json", "-o", "{out}"], None, None),
}
# the mode whose strace/perf cells a vat mode is compared with
PEER = {"plain": "plain", "count": "count", "openat": "openat", "json": "plain"}
TRACERS = ("vat", "strace", "perf")
# issue 16's targets are the ptrace engine's: vat's default (auto) would pick eBPF as root. ENGINE=auto or ebpf
# measures the other engine (issue 15's targets).
VAT_ENGINE = ["--engine", os.environ.get("ENGINE") or "ptrace"]


def options(tracer, mode):
    """TRACER's options for MODE (None when it has no such mode)."""
    opts = MODES[mode][1 + TRACERS.index(tracer)]
    return [*VAT_ENGINE, *opts] if tracer == "vat" and opts is not None else opts


@dataclass(frozen=True)
class Cell:
    tracer: str  # none | vat | strace | perf
    mode: str  # a MODES key; "-" for untraced

    @property
    def key(self):
        return "none" if self.tracer == "none" else f"{self.tracer}:{self.mode}"


def vat_supports(vat, mode):
    """Whether this vat has MODE's options: usage errors exit 2 (`vat -c -- true`)."""
    args = [a.replace("{out}", os.devnull) for a in options("vat", mode)]
    r = subprocess.run([*vat, *args, "--", "true"], capture_output=True, timeout=60)
    return r.returncode != 2


def cells(vat, tracers, modes, notes):
    """The cells to time: untraced, then each (tracer, mode) that exists here."""
    out = [Cell("none", "-")]
    for mode in modes:
        if not vat_supports(vat, mode):
            notes.append(f"vat {MODES[mode][0]}: not supported yet (exit status 2), skipped")
            continue
        for tracer in tracers:
            if options(tracer, mode) is not None:
                out.append(Cell(tracer, mode))
    for tracer in ("strace", "perf"):
        if tracer in tracers and shutil.which(tracer) is None:
            notes.append(f"{tracer}: not installed, skipped")
            out = [c for c in out if c.tracer != tracer]
    # a vat mode without a strace/perf equivalent (--json) is compared with their PEER mode
    for c in list(out):
        if c.tracer == "vat":
            for peer in ("strace", "perf"):
                want = Cell(peer, PEER[c.mode])
                if peer in tracers and shutil.which(peer) and want not in out:
                    out.append(want)
    return out


def command(cell, vat, argv, out):
    """The argv that runs ARGV under CELL, writing the trace to OUT."""
    if cell.tracer == "none":
        return list(argv)
    head = {"vat": vat, "strace": ["strace"], "perf": ["perf"]}[cell.tracer]
    return [*head, *(o.replace("{out}", out) for o in options(cell.tracer, cell.mode)), "--", *argv]


# strace's text (and vat's): "PID name(" or "name(" at the start of a line; "<... name resumed>",
# "+++ exited" and "--- SIG" lines are not calls, and an "<unfinished ...>" call is counted once.
STRACE_CALL = re.compile(rb"^(?:\d+ +)?[a-z_][a-z0-9_]*\(")
STRACE_EXIT = re.compile(rb"^(?:\d+ +)?\+\+\+ (?:exited|killed)")
# perf trace: " 0.123 ( 0.004 ms): comm/1234 name(" ("... [continued]: name()" is the second half)
PERF_CALL = re.compile(rb"^ *[\d.?]+ \( *[\d.]* *(?:ms)?\): .*?/\d+ +[a-z_][a-z0-9_]*\(")
SUMMARY_TOTAL = re.compile(r"^\s*[\d.]+\s+[\d.]+\s+\d+\s+(\d+)\s+(?:\d+\s+)?total\s*$")
PERF_SUMMARY_ROW = re.compile(r"^\s+[a-z_][a-z0-9_]*\s+(\d+)\s+\d+\s+[\d.]+\s")


@dataclass(frozen=True)
class Events:
    calls: int | None  # syscalls recorded
    exits: int | None  # "+++ exited" lines (strace text only): one per process and thread


def events(cell, out):
    """What CELL recorded in OUT (None when there is no output to count)."""
    if cell.tracer == "none" or not os.path.exists(out):
        return None
    if cell.mode == "count":
        return Events(summary_calls(out, cell.tracer == "perf"), None)
    if cell.mode == "json":
        return Events(json_calls(out), None)
    if cell.tracer == "perf":
        with open(out, "rb") as f:
            return Events(sum(1 for line in f if PERF_CALL.match(line) and b"[continued]" not in line), None)
    calls = exits = 0
    with open(out, "rb") as f:
        for line in f:
            if STRACE_CALL.match(line):
                calls += 1
            elif STRACE_EXIT.match(line):
                exits += 1
    return Events(calls, exits)


def summary_calls(out, perf):
    """The calls column of a -c table's total line (strace, vat), or the sum of perf trace -s rows."""
    total = 0
    with open(out, errors="replace") as f:
        for line in f:
            m = (PERF_SUMMARY_ROW if perf else SUMMARY_TOTAL).match(line)
            if m and perf:
                total += int(m.group(1))
            elif m:
                return int(m.group(1))
    return total if perf else None


def json_calls(out):
    """vat's JSON Lines: one {"type": "syscall", ...} object per call."""
    n = 0
    with open(out, errors="replace") as f:
        for line in f:
            try:
                n += json.loads(line).get("type") == "syscall"
            except (ValueError, AttributeError):
                continue
    return n

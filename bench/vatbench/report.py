"""Turning timed runs into Markdown tables: medians, ratios, µs per syscall, events, peak RSS."""

import math
import statistics

from .tracers import MODES, PEER, Cell, options


def med(xs):
    return statistics.median(xs) if xs else math.nan


def table(header, rows, numeric=True):
    """A Markdown table with padded columns (readable as plain text too); numbers right-aligned."""
    cols = [header, *rows]
    width = [max(len(str(r[i])) for r in cols) for i in range(len(header))]
    right = [numeric and any(str(r[i])[:1].isdigit() for r in rows) for i in range(len(header))]

    def line(r):
        cells = (str(c).rjust(w) if a else str(c).ljust(w) for c, w, a in zip(r, width, right))
        return "| " + " | ".join(cells) + " |"

    rule = "|" + "|".join(("-" * (w + 1) + ":") if a else ("-" * (w + 2)) for w, a in zip(width, right)) + "|"
    return "\n".join([line(header), rule, *(line(r) for r in rows)])


class Results:
    """Runs per (workload, cell key): timings, exit statuses, peak RSS, events counted."""

    def __init__(self, workloads, cells, syscalls):
        self.workloads, self.cells, self.syscalls = workloads, cells, syscalls
        self.runs = {}  # (workload name, cell key) -> [Run]
        self.events = {}  # (workload name, cell key) -> [Events | None]

    def add(self, w, cell, run, events):
        self.runs.setdefault((w.name, cell.key), []).append(run)
        self.events.setdefault((w.name, cell.key), []).append(events)

    def has(self, w, cell):
        return (w.name, cell.key) in self.runs

    def median(self, w, cell):
        return med([r.seconds for r in self.runs.get((w.name, cell.key), [])])

    def rss_mib(self, w, cell):
        return med([r.rss_kib / 1024 for r in self.runs.get((w.name, cell.key), [])])

    def fixed(self, cell):
        """The tracer's start/exit cost: its median on `true` minus untraced `true` (0 if not run)."""
        t = next((w for w in self.workloads if w.name == "true"), None)
        if t is None or not self.has(t, cell):
            return 0.0
        return self.median(t, cell) - self.median(t, Cell("none", "-"))

    def us_per_call(self, w, cell):
        """Added µs per syscall of the workload: (traced - untraced - fixed cost) / syscalls."""
        if w.name == "true":
            return math.nan
        added = self.median(w, cell) - self.median(w, Cell("none", "-")) - self.fixed(cell)
        return added / self.syscalls[w.name] * 1e6

    def counted(self, w, key, field):
        """FIELD ("calls" or "exits") of every run of KEY on W that counted it."""
        values = (getattr(e, field) for e in self.events.get((w.name, key), []) if e)
        return [v for v in values if v is not None]

    def check(self, w, cell):
        """(text, ok): vat's events against strace's with the same options, and vat's exit status.

        A run fails when vat records fewer calls than strace's fewest minus the workload's slack (and
        strace's own run-to-run spread), or a different number of "+++ exited" lines than strace.
        """
        base = {r.status for r in self.runs.get((w.name, "none"), [])}
        if {r.status for r in self.runs.get((w.name, cell.key), [])} - base:
            return "FAIL: exit status differs from untraced", False
        got = self.counted(w, cell.key, "calls")
        if not got:
            return "FAIL: no output", False
        peer = f"strace:{PEER[cell.mode]}"
        want = self.counted(w, peer, "calls")
        if not want:
            return f"{min(got)}/?", True
        lo, hi = min(want), max(want)
        slack = (hi - lo) + (w.slack if isinstance(w.slack, int) else math.ceil(w.slack * lo))
        text = f"{_span(got)}/{_span(want)}"
        if min(got) < lo - slack:
            return f"FAIL {text} (lost {lo - min(got)})", False
        exits, want_exits = set(self.counted(w, cell.key, "exits")), set(self.counted(w, peer, "exits"))
        if exits and want_exits and exits != want_exits:
            return f"FAIL {text}, exits {_span(list(exits))}/{_span(list(want_exits))}", False
        return f"{text} ok", True


def _span(xs):
    return str(min(xs)) if min(xs) == max(xs) else f"{min(xs)}…{max(xs)}"


def fmt_s(x):
    return "–" if math.isnan(x) else f"{x:.3f}"


def fmt_x(a, b):
    return "–" if math.isnan(a) or math.isnan(b) or b <= 0 else f"{a / b:.1f}×"


def fmt_us(x):
    return "–" if math.isnan(x) else f"{x:.1f}"


def summary(res, vat_modes, tracers):
    """One row per workload and vat mode: vat side by side with untraced, strace and perf."""
    none = Cell("none", "-")
    header = ["workload", "syscalls", "vat options", "untraced s", "vat s"]
    peers = [t for t in ("strace", "perf") if t in tracers]
    header += [f"{p} s" for p in peers] + ["vat/untraced"] + [f"vat/{p}" for p in peers]
    header += ["µs/call vat"] + [f"µs/call {p}" for p in peers] + ["events vat/strace"]
    header += ["events perf"] if "perf" in peers else []
    header += ["vat RSS MiB"]
    rows, ok = [], True
    for w in res.workloads:
        for mode in vat_modes:
            v = Cell("vat", mode)
            if not res.has(w, v):
                continue
            pc = [Cell(p, PEER[mode]) for p in peers]
            events, good = res.check(w, v)
            ok &= good
            row = [w.name, res.syscalls[w.name], MODES[mode][0], fmt_s(res.median(w, none))]
            row += [fmt_s(res.median(w, c)) for c in [v, *pc]]
            row += [fmt_x(res.median(w, v), res.median(w, none))]
            row += [fmt_x(res.median(w, v), res.median(w, c)) for c in pc]
            row += [fmt_us(res.us_per_call(w, c)) for c in [v, *pc]]
            row += [events]
            if "perf" in peers:
                perf = res.counted(w, f"perf:{PEER[mode]}", "calls")
                row += [_span(perf) if perf else "–"]
            row += [f"{res.rss_mib(w, v):.0f}"]
            rows.append(row)
    return table(header, rows), ok


def detail(res):
    """One row per workload and cell: median, spread, ratio, µs per call, events, peak RSS, exit status."""
    none = Cell("none", "-")
    header = ["workload", "tracer", "options", "median s", "min–max s", "×untraced", "µs/call"]
    header += ["events", "peak RSS MiB", "exit"]
    rows = []
    for w in res.workloads:
        for c in res.cells:
            runs = res.runs.get((w.name, c.key), [])
            if not runs:
                continue
            secs = [r.seconds for r in runs]
            ev = res.counted(w, c.key, "calls")
            opts = "" if c.tracer == "none" else MODES[c.mode][0]
            if c.tracer == "perf":  # perf trace, perf trace -s, perf trace -e openat
                opts = " ".join(["perf", *(a for a in options("perf", c.mode) if a not in ("-o", "{out}"))])
            rows.append(
                [
                    w.name,
                    c.tracer,
                    opts,
                    fmt_s(res.median(w, c)),
                    f"{min(secs):.3f}–{max(secs):.3f}",
                    "" if c.tracer == "none" else fmt_x(res.median(w, c), res.median(w, none)),
                    "" if c.tracer == "none" else fmt_us(res.us_per_call(w, c)),
                    _span(ev) if ev else "",
                    f"{res.rss_mib(w, c):.0f}",
                    ",".join(sorted({str(r.status) for r in runs})),
                ]
            )
    return table(header, rows)

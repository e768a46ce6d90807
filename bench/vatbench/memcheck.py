"""The memory check: vat traces about a million syscalls (storm, scaled) and must stay under a peak RSS."""

import os

from .tracers import Cell, command, events

LIMIT_MIB = 150


def expected_events(runner, storm, n, work):
    """Syscall lines strace prints for `storm N`: its lines for a small run plus the extra writes."""
    small, out = 1000, os.path.join(work, "results", "out", "memcheck-strace.txt")
    runner.run(["strace", "-f", "-o", out, "--", storm, str(small)])
    return events(Cell("strace", "plain"), out).calls + (n - small)


def memcheck(runner, vat, modes, n, work):
    """Lines of a report and whether every check passed."""
    storm = os.path.join(work, "bin", "storm")
    want = expected_events(runner, storm, n, work)
    lines, ok = [], True
    for mode in modes:
        cell = Cell("vat", mode)
        out = os.path.join(work, "results", "out", f"memcheck-{mode}.txt")
        if os.path.exists(out):
            os.unlink(out)
        run = runner.run(command(cell, vat, [storm, str(n)], out))
        counted = events(cell, out)
        got = counted.calls if counted else None
        mib = run.rss_kib / 1024
        good = run.status == 0 and got == want and mib <= LIMIT_MIB
        ok &= good
        lines.append(
            f"- `storm {n}` under `vat {' '.join(a for a in command(cell, ['vat'], [], 'FILE')[1:-1])}`: "
            f"peak RSS {mib:.0f} MiB (limit {LIMIT_MIB}), {run.seconds:.1f} s, "
            f"{got} of {want} events, exit {run.status}: {'ok' if good else 'FAIL'}"
        )
    return lines, ok

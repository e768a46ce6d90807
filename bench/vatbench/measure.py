"""Running one command: wall time, exit status and peak RSS, with an optional CPU pin and a timeout."""

import os
import signal
import subprocess
import tempfile
import threading
import time
from dataclasses import dataclass


@dataclass
class Run:
    seconds: float
    status: object  # exit status (int), or "timeout"
    rss_kib: int  # peak RSS of the command's process


@dataclass
class Runner:
    pin: object  # CPU list for taskset -c, or None
    timeout: float  # seconds per run
    log: object  # file for the commands' stderr
    rusage: str  # bench/rusage.c, built

    def run(self, argv, pin=...):
        """Runs ARGV (under `taskset -c PIN` when PIN, or the Runner's pin, is set) with stdin and stdout on /dev/null.

        rusage forks the command and writes its ru_maxrss, as /usr/bin/time -f %M does. taskset execs the
        command, so that is the tracer's own process (vat's node, strace, perf), or the maximum of it and
        the descendants it reaped (the tracee, for a ptrace tracer). A process forked from this Python
        runner would start at the runner's ~17 MiB: ru_maxrss survives exec.
        """
        fd, rss_file = tempfile.mkstemp(prefix="vat-bench-rss-")
        os.close(fd)
        pin = self.pin if pin is ... else pin
        full = [self.rusage, rss_file, *(["taskset", "-c", pin] if pin else []), *argv]
        try:
            dt, status = _timed(full, self.timeout, self.log)
            with open(rss_file) as f:
                rss = f.read().strip()
        finally:
            os.unlink(rss_file)
        return Run(dt, status, int(rss) if rss.isdigit() else 0)


def _timed(argv, timeout, log):
    """Wall seconds and exit status of ARGV ("timeout" when it was killed for running too long)."""
    t0 = time.perf_counter()
    p = subprocess.Popen(
        argv, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=log, start_new_session=True
    )
    timer = threading.Timer(timeout, _kill_group, (p.pid,))
    timer.start()
    try:
        _, wstatus, _ = os.wait4(p.pid, 0)
    finally:
        timer.cancel()
    dt = time.perf_counter() - t0
    p.returncode = status = os.waitstatus_to_exitcode(wstatus)  # Popen must not wait again
    return dt, "timeout" if dt >= timeout else status


def _kill_group(pid):
    try:
        os.killpg(pid, signal.SIGKILL)
    except ProcessLookupError:
        pass


def strace_count(argv, out):
    """How many syscalls ARGV makes, from `strace -f -c` (its total line)."""
    subprocess.run(
        ["strace", "-f", "-c", "-o", out, "--", *argv],
        stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    with open(out) as f:
        for line in f:
            if line.rstrip().endswith(" total"):
                return int(line.split()[3])
    raise RuntimeError(f"no total line in {out}")

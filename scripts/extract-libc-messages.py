#!/usr/bin/env python3
"""Regenerates data/kernel/{errno,signal}-messages.tsv from this machine's glibc: strace prints strerror() text."""
import os
import signal
import sys

here = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "data", "kernel")
origin = "Read from glibc 2.36 (Debian 12 libc6) by scripts/extract-libc-messages.py; see data/kernel/ORIGIN.md."

with open(os.path.join(here, "errno-messages.tsv"), "w") as out:
    print("# errno number -> message as glibc's strerror() prints it (strace prints these).", file=out)
    print("# " + origin, file=out)
    for n in range(1, 134):
        print(f"{n}\t{os.strerror(n)}", file=out)

with open(os.path.join(here, "signal-messages.tsv"), "w") as out:
    print("# signal number -> description as glibc's strsignal() prints it.", file=out)
    print("# " + origin, file=out)
    for n in range(1, 32):
        print(f"{n}\t{signal.strsignal(n)}", file=out)
sys.exit(0)

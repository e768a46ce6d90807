#!/usr/bin/env python3
"""Where the tracer thread's CPU time goes, per stage, from a V8 CPU profile of the tracer worker.

Usage:
  taskset -c 0 node --cpu-prof --cpu-prof-dir=DIR --cpu-prof-interval 250 dist/cli.js --engine ptrace -f -o FILE -- CMD
  python3 bench/profile-stages.py DIR/CPU.*.cpuprofile [LABEL]

(`--cpu-prof` writes one profile per thread. With `-o FILE` the tracer runs on the main thread: take the `.0.`
profile; when it runs in a worker (trace on stderr, -p), the worker's has thread id 1 in its name.) Each sample goes to
the stage of the innermost frame that names one; samples V8 could not attribute ("(program)": mostly time
blocked in wait4 while the tracee runs) and start-up (loading, compiling) are left out. `wait` and `resume`
are not shown: V8 sometimes charges the time blocked in those calls to them, which says nothing about CPU
cost; count their syscalls per stop with `perf trace -s` instead. With LABEL, prints one Markdown table row
(shares of the attributed time, then its total), else every stage. Proportions, not times: they hold under
load where absolute times do not.
"""

import collections
import json
import sys

STAGES = {
    "registers": {"syscallStop", "seccompStop"},  # PTRACE_GET_SYSCALL_INFO and reading its result
    "memory reads": {"fill", "read", "readString", "concat", "byteBuffer"},
    "decode": {
        "decodeEnter", "decodeExit", "decodeRange", "runHooks", "decodeReturn", "returnFields", "kernelArgs",
        "narrow", "argWidths", "signatureFor", "signatureOf", "exitSplit", "phaseOf", "callOptions", "fdValue",
        "decode", "atEntry", "atExit", "rawArgs", "cloneCall", "isKnownNumber", "syscallName", "plan",
    },
    "format": {
        "format", "event", "put", "prefix", "leader", "returned", "lost", "valueText", "argsText", "hexText",
        "quoteForX", "quoteFdPath", "result", "lineEnded", "checkPersonality", "add", "record", "stringify",
    },
    "write": {"flush", "flushText", "write", "writeSync", "writeBuffer", "utf8Write", "fromString", "from"},
    "clock": {"now", "hrtimeBigInt", "stime"},
    "tracer bookkeeping": {
        "enter", "leave", "handle", "emit", "loop", "eventStop", "signalStop", "gone", "firstStop", "adopt",
        "guardClone", "cloneReturned", "execReturned", "execStop", "idle", "stopRequested",
    },
    "wait": {"wait", "awaitCommand"},
    "resume": {"resume"},
}
SHOWN = ["registers", "memory reads", "decode", "format", "write", "clock", "gc", "tracer bookkeeping"]
STARTUP = {"compileSourceTextModule", "compileForInternalLoader", "loadAndTranslate", "requireBuiltin"}


def stages(path):
    p = json.load(open(path))
    nodes = {n["id"]: n for n in p["nodes"]}
    parent = {c: n["id"] for n in p["nodes"] for c in n.get("children", [])}
    by_name = {fn: st for st, names in STAGES.items() for fn in names}
    spent = collections.Counter()
    deltas = p["timeDeltas"]
    for i, sid in enumerate(p["samples"]):
        spent[sid] += deltas[i + 1] if i + 1 < len(deltas) else 0
    out = collections.Counter()
    for sid, us in spent.items():
        x, stage = sid, None
        while x is not None:
            fn = nodes[x]["callFrame"]["functionName"]
            if fn in ("(program)", "(idle)"):
                stage = "unattributed"
            elif fn == "(garbage collector)":
                stage = "gc"
            elif fn in STARTUP:
                stage = "start-up"
            elif fn == "resume" and nodes[parent[x]]["callFrame"]["functionName"] in ("returned", "lost"):
                stage = "format"  # the text formatter's `<... resumed>` (one bundle: urls do not tell them apart)
            else:
                stage = by_name.get(fn)
            if stage:
                break
            x = parent.get(x)
        out[stage or "start-up"] += us
    return out


def main():
    if len(sys.argv) < 2:
        sys.exit(__doc__)
    out = stages(sys.argv[1])
    total = sum(out[s] for s in SHOWN)
    if len(sys.argv) > 2:
        cells = " | ".join(f"{out[s] / total * 100:.0f} %" for s in SHOWN)
        print(f"| {sys.argv[2]} | {cells} | {total / 1e6:.2f} s |")
        return
    for s in SHOWN:
        print(f"{s:20} {out[s] / 1e3:9.1f} ms {out[s] / total * 100:5.1f} %")
    for s in ("wait", "resume", "start-up", "unattributed"):
        print(f"{s:20} {out[s] / 1e3:9.1f} ms (not counted)")


if __name__ == "__main__":
    main()

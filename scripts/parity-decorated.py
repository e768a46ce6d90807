#!/usr/bin/env python3
"""Rescores traces that compare.py saved (--save-dir) when a line decoration hides the call from its normaliser.

compare.py parses `PID name(...)`. Under -n (`PID [ 257] openat(...)`), -i (`PID [00007f...] openat(...)`) and
-Y (`PID<comm> openat(...)`) it sees no syscall name, so it normalises no pid and scores even strace against
itself near 0 % (-Y) or 91 % (-n). This script moves the decoration to the end of each line (`... = 3 «[ 257]»`,
on the resumed half of a split call), where no normalisation rule looks, and scores the traces again with
compare.py's own normalise() and compare(). A decoration that differs still makes the line differ.

The tracer's own name (`PID<strace> execve(...)` on the launcher's exec line, `getppid() = PID<strace>`; vat's
is `vat`) becomes `<TRACER>`.

    python3 ../shared/parity/compare.py --candidate "node $PWD/dist/cli.js" --corpus CORPUS \\
        --flags '-f -qq -s 64 -n' --save-dir /tmp/n
    python3 scripts/parity-decorated.py --compare ../shared/parity/compare.py /tmp/n
"""

import argparse
import glob
import importlib.util
import os
import re
import sys

# after the pid prefix: -Y's <comm>, then -i's [ip] and -n's [nr] in either order
DECORATED = re.compile(r'^(\[pid\s+\d+\]|\d+)(<[^>]*>)?(\s+)((?:\[[ 0-9a-f?]+\]\s)*)')
TRACER_COMM = re.compile(r'<(?:strace|vat)>')


def undecorate(text):
    """The trace with each line's decoration moved to its end. A call split in two halves carries its first
    half's decoration, as the same call printed in one line does: where a call splits is timing, and strace reads
    the resumed half's instruction pointer and comm again (after an execve, those of the new program)."""
    out, pending = [], {}
    for line in text.splitlines():
        m = DECORATED.match(line)
        if not m or not (m.group(2) or m.group(4)):
            out.append(line)
            continue
        pid, body = m.group(1), TRACER_COMM.sub('<TRACER>', line[m.end():].rstrip())
        mark = TRACER_COMM.sub('<TRACER>', (m.group(2) or '') + m.group(4).strip())
        if body.endswith(' <unfinished ...>'):
            pending[pid] = mark
            out.append('%s %s' % (pid, body))
            continue
        if body.startswith('<... '):
            mark = pending.pop(pid, mark)
        out.append('%s %s \u00ab%s\u00bb' % (pid, body, mark))
    return '\n'.join(out) + '\n'


def main():
    ap = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    ap.add_argument('--compare', required=True, help='path of compare.py')
    ap.add_argument('--show-diff', type=int, default=0, help='differing lines to print per command')
    ap.add_argument('save_dir')
    args = ap.parse_args()
    spec = importlib.util.spec_from_file_location('compare', args.compare)
    cmp = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(cmp)
    exact = total = 0
    for ref_path in sorted(glob.glob(os.path.join(args.save_dir, '*.ref.raw'))):
        base = ref_path[:-len('.ref.raw')]
        with open(base + '.cmd') as f:
            cmd = f.read().strip()
        texts = []
        for suffix in ('.ref.raw', '.cand.raw'):
            with open(base + suffix, errors='surrogateescape') as f:
                texts.append(undecorate(f.read()))
        # the run directory differs per run only by its random suffix: mask it as compare.py does (N5)
        roots = sorted(set(re.findall(r'/tmp/parity-[A-Za-z0-9_]+', texts[0] + texts[1])))
        ref, cand = (cmp.normalise(t, roots) for t in texts)
        st = cmp.compare(ref, cand, max_diff=args.show_diff)
        exact += st['exact']
        total += st['strace_lines']
        print('%6.1f%% %6d/%-6d %s' % (100 * st['score'], st['exact'], st['strace_lines'], cmd[:80]))
        for d in st['diff']:
            print('          ' + d[:300])
    if total == 0:
        print('no saved traces in %s' % args.save_dir, file=sys.stderr)
        return 2
    print('parity (decorations moved): %.1f%% exact (%d/%d lines)' % (100 * exact / total, exact, total))
    return 0


if __name__ == '__main__':
    sys.exit(main())

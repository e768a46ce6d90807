// Syscall-specific decoders (src/decode/custom) against strace as the oracle: C fixtures make the exact calls,
// vat and strace trace them with -f, and the lines of the calls under test must be equal once split calls are
// merged and what differs between two runs (addresses, pids, clocks, random bytes) is masked.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { fixture, scratch } from '../helpers/fixtures.js';
import { runVat } from '../helpers/run-vat.js';
import { hasStrace } from '../helpers/strace-oracle.js';

/** Calls whose arguments hold pids (besides the pid-valued results), masked where a traced pid appears. */
const PID_ARGS = /^(kill|tgkill|tkill|wait4|waitid|ptrace|kcmp|futex)\(/;
const PID_RESULTS = /^(clone|clone3|fork|vfork|wait4|waitid|getpid|gettid)\(/;

/**
 * One line per call: `<unfinished ...>` and `<... name resumed>` joined, the pid prefix turned into P1, P2...
 * (in order of appearance), and addresses, times and random bytes masked.
 */
function calls(trace: string, names: ReadonlySet<string>): string[] {
  const open = new Map<string, string>();
  const labels = new Map<string, string>();
  const merged: [string, string][] = [];
  for (const raw of trace.split('\n')) {
    const m = /^(\d+) +(.*)$/.exec(raw);
    if (!m) continue;
    const [, pid = '', body = ''] = m;
    if (!labels.has(pid)) labels.set(pid, `P${labels.size + 1}`);
    const resumed = /^<\.\.\. [a-z0-9_]+ resumed>(.*)$/.exec(body);
    if (resumed) {
      const head = open.get(pid);
      open.delete(pid);
      if (head !== undefined) merged.push([pid, head + (resumed[1] ?? '')]);
      continue;
    }
    if (body.endsWith(' <unfinished ...>')) open.set(pid, body.slice(0, -' <unfinished ...>'.length));
    else merged.push([pid, body]);
  }
  const pidRe = new RegExp(`\\b(${[...labels.keys()].join('|') || 'NONE'})\\b`, 'g');
  const label = (n: string): string => labels.get(n) ?? n;
  const out: string[] = [];
  for (const [pid, line] of merged) {
    const name = /^([a-z_0-9]+)\(/.exec(line)?.[1];
    if (name === undefined || !names.has(name)) continue;
    let text = line.replace(/ +=/, ' =');
    if (PID_ARGS.test(text)) text = text.replace(pidRe, label);
    if (PID_RESULTS.test(text)) text = text.replace(/ = (\d+)$/, (_, n: string) => ` = ${label(n)}`);
    text = text
      .replace(/parent_tid=\[(\d+)\]/g, (_, n: string) => `parent_tid=[${label(n)}]`)
      .replace(/0x[0-9a-f]{6,}/g, 'ADDR')
      .replace(/tv_(sec|nsec)=\d+/g, 'tv_$1=N')
      .replace(/^getrandom\("(?:\\x[0-9a-f]{2})*"/, 'getrandom(BYTES');
    out.push(`${label(pid)} ${text}`);
  }
  return out;
}

interface Case {
  readonly fixture: string;
  readonly names: readonly string[];
  /** Runs in a fresh empty directory, passed as argv[1]. */
  readonly dir?: boolean;
  readonly flags?: readonly string[];
  /** Something the trace must show, so that the comparison cannot pass on two raw decodings. */
  readonly expect?: RegExp;
  /** vat's engine, pinned (the default may be eBPF). */
  readonly engine?: 'ptrace';
  /** Lines a race decides whether the program makes at all, dropped from both traces. */
  readonly racy?: RegExp;
}

function compare(c: Case): void {
  const exe = fixture(c.fixture, ['-pthread']);
  const out = scratch();
  const run = (tracer: 'strace' | 'vat'): string => {
    const file = join(out, `${tracer}.txt`);
    const args = [...(c.flags ?? []), '-f', '-o', file, '--', exe, ...(c.dir ? [scratch()] : [])];
    if (tracer === 'vat') runVat([...(c.engine ? ['--engine', c.engine] : []), ...args]);
    else spawnSync('strace', args, { stdio: 'ignore' });
    return readFileSync(file, 'utf8');
  };
  const names = new Set(c.names);
  const kept = (lines: string[]): string[] => (c.racy ? lines.filter((l) => !c.racy?.test(l)) : lines);
  const expected = kept(calls(run('strace'), names));
  const actual = kept(calls(run('vat'), names));
  assert.ok(expected.length > 0, 'strace traced none of the calls');
  assert.deepEqual(actual, expected);
  if (c.expect) assert.match(actual.join('\n'), c.expect);
}

const FD: Case = {
  fixture: 'decode-custom-fd',
  names: ['open', 'openat', 'fcntl', 'ioctl'],
  dir: true,
  // termios2 by name (asm-generic/ioctls.h), its struct printed as termios is
  expect: /TCGETS2, \{c_iflag=[^\n]*\n[^\n]*TCSETS2, \{c_iflag=/,
};

test('open/openat mode, fcntl by command and ioctl by request match strace', { skip: !hasStrace }, () =>
  compare(FD),
);

test('with -v, termios shows c_line and c_cc as strace does', { skip: !hasStrace }, () =>
  compare({ ...FD, flags: ['-v'] }),
);

for (const style of ['-Xraw', '-Xverbose'] as const)
  test(
    `personality ${style}: the type and the flags styled each on its own, as strace does`,
    { skip: !hasStrace },
    () =>
      compare({
        fixture: 'personality-styles',
        names: ['personality'],
        flags: [style],
        // the type, then | and the flags (in the argument and in the result's persona)
        expect:
          style === '-Xraw'
            ? /personality\(0x6\|0x50000\) = 0x10006 \(0x6\|0x10000\)/
            : /\(0x6 \/\* PER_BSD \*\/\|0x10000\)/,
      }),
  );

test('clone, clone3, wait4, waitid, futex, prctl and arch_prctl match strace', { skip: !hasStrace }, () =>
  compare({
    fixture: 'decode-custom-proc',
    names: ['clone', 'clone3', 'wait4', 'waitid', 'futex', 'prctl', 'arch_prctl', 'kill', 'tgkill', 'tkill'],
    // pthread_join waits on the thread's tid only when the thread has not exited yet
    racy: /^P\d+ futex\(ADDR, FUTEX_WAIT_BITSET\|FUTEX_CLOCK_REALTIME, P\d+, NULL, FUTEX_BITSET_MATCH_ANY\)/,
  }),
);

test('sleeps, memory, syslog, reboot, mount, scheduler, seccomp, keyctl, ptrace calls match strace', {
  skip: !hasStrace,
}, () => {
  // reboot's RESTART2 string lies on a page nothing read before the kernel's EINVAL: eBPF cannot copy it
  // (README, Engines), so reboot is compared with ptrace
  compare({ fixture: 'decode-custom-misc', dir: true, names: ['reboot'], engine: 'ptrace' });
  compare({
    fixture: 'decode-custom-misc',
    dir: true,
    names: [
      'getrandom',
      'nanosleep',
      'clock_nanosleep',
      'mremap',
      'mincore',
      'syslog',
      'mount',
      'membarrier',
      'mknodat',
      'swapon',
      'kcmp',
      'getpriority',
      'ioprio_set',
      'personality',
      'sched_getscheduler',
      'sched_getparam',
      'sched_setscheduler',
      'sched_getaffinity',
      'seccomp',
      'keyctl',
      'ptrace',
      'quotactl',
    ],
  });
});

// A thread killed at a traced call's entry before the tracer read which call it is: strace shows `???(` and,
// as it dies, `<... ??? resumed>) = ?`. With -f -e trace= the entry is a seccomp stop (the filter is on by
// default); vat dropped the call there. The kill is a race: the fixture makes children until one lands in it.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { fixture } from '../../helpers/fixtures.js';
import { hasStrace, normalize, traceWith } from '../../helpers/strace-oracle.js';

const OPTIONS = ['-f', '-qq', '-e', 'signal=none', '-e', 'trace=sched_yield,/kill'];
const CHILDREN = '1000';
/** Runs of 1000 children before giving up: a run at load ~20 shows 0-26 such kills, at rest fewer (8 runs missed once at stop 26). */
const TRIES = 24;

/** Each thread that died with an unread call: its last two lines (pid normalized). */
function unreadCalls(trace: string): string[][] {
  const byPid = new Map<string, string[]>();
  for (const line of trace.split('\n')) {
    const pid = /^(\d+) /.exec(line)?.[1];
    if (pid !== undefined) byPid.set(pid, [...(byPid.get(pid) ?? []), normalize(line)].slice(-2));
  }
  return [...byPid.values()].filter((ends) => ends.some((l) => l.includes('???')));
}

/** Traces the fixture until a run shows such a kill; the ends of the threads it hit. */
function untilUnread(tracer: 'strace' | 'vat', extra: readonly string[]): string[][] {
  const exe = fixture('killed-at-entry');
  for (let i = 0; i < TRIES; i++) {
    // the subject is a kill at the ptrace engine's entry stop (eBPF makes none): vat pinned to ptrace
    const pin = tracer === 'vat' ? ['--engine', 'ptrace'] : [];
    const r = traceWith(tracer, [...pin, ...extra, ...OPTIONS], [exe, CHILDREN]);
    assert.equal(r.status, 0, r.stderr);
    const ends = unreadCalls(r.trace);
    if (ends.length > 0) return ends;
  }
  return [];
}

const UNREAD = ['PID ???( <unfinished ...>', 'PID <... ??? resumed>) = ?'];

test('a child killed at a seccomp entry stop before its call is read: ???( then <... ??? resumed>) = ?', () => {
  const ends = untilUnread('vat', []);
  assert.ok(ends.length > 0, `no kill landed at an unread entry in ${TRIES} runs of ${CHILDREN} children`);
  for (const e of ends) assert.deepEqual(e, UNREAD);
});

test('the lines strace --seccomp-bpf prints there', { skip: !hasStrace && 'strace is not installed' }, () => {
  const shapes = (ends: string[][]) => [...new Set(ends.flat().filter((l) => l.includes('???')))].sort();
  const strace = untilUnread('strace', ['--seccomp-bpf']);
  if (strace.length === 0) return; // the oracle did not hit the race this time: nothing to compare
  // strace leaves out the end of a thread killed at its first call; vat says it as for any other thread
  const vat = shapes(untilUnread('vat', ['--seccomp-bpf']));
  assert.deepEqual(vat, [...UNREAD].sort());
  for (const line of shapes(strace)) assert.ok(vat.includes(line), line);
});

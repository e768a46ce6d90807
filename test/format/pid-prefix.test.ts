// `[pid N]` on stderr with -f: strace prefixes a line while more than one process or thread is traced, counting
// the command itself even before it made a shown call (a filter hides its first calls). Compared with strace
// 6.1 on the lines whose prefix does not depend on timing.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { fixture } from '../helpers/fixtures.js';
import { messages, normalize, runTracer } from '../helpers/strace-oracle.js';

const family = fixture('family', ['-pthread']);

/** The trace a tracer writes on stderr (the command's stdout is dropped), normalized, one line each. */
function stderrTrace(tracer: 'strace' | 'vat', args: readonly string[]): string[] {
  const argv = ['-f', ...args];
  const r = runTracer(tracer, argv, { timeout: 120_000 });
  assert.equal(r.error, undefined);
  return normalize(messages(r.stderr)).split('\n').filter(Boolean);
}

/**
 * A fork or vfork child: while it runs its parent waits for it, so its lines are prefixed; the parent's lines
 * before the fork and after reaping it (the real parent hears of a traced child's death only once the tracer
 * reaped it) are not. The whole trace is fixed.
 */
for (const [name, args] of [
  ['fork', ['-e', 'trace=write,exit_group', '--', family, 'fork']],
  ['vfork', ['-e', 'trace=write,exit_group', '--', family, 'vfork']],
  ['sh -c "true & wait"', ['-e', 'trace=exit_group', '--', 'sh', '-c', 'true & wait']],
] as const)
  test(`-f, a filter hiding the parent's first calls: ${name}`, () => {
    const want = stderrTrace('strace', args);
    const got = stderrTrace('vat', args);
    assert.deepEqual(got, want);
    const child = got.filter((l) => l.startsWith('[pid PID] '));
    assert.ok(
      child.some((l) => l.startsWith('[pid PID] exit_group(0)')),
      got.join('\n'),
    );
    assert.ok(child.includes('[pid PID] +++ exited with 0 +++'), got.join('\n'));
    assert.ok(!got.at(-1)?.startsWith('[pid'), 'the parent, alone again, has no prefix');
  });

/**
 * A thread: its lines are prefixed (the main thread is in pthread_join), the main thread's first write is not.
 * After the join, whether the thread was reaped yet is timing, so only the lines up to its end are compared.
 * With trace=exit the main thread shows nothing before the thread's lines.
 */
for (const set of ['write', 'exit'])
  test(`-f -e trace=${set} on a threaded program: the thread is prefixed`, () => {
    const args = ['-e', `trace=${set}`, '--', family, 'thread'];
    // the thread's own status, or the group's when it is reaped after exit_group began (kernel's wait rule)
    const head = (lines: string[]): string[] => {
      const end = lines.findIndex((l) => /^\[pid PID\] \+\+\+ exited with \d+ \+\+\+$/.test(l));
      return lines.slice(0, end + 1).map((l) => l.replace(/exited with \d+/, 'exited with N'));
    };
    const want = head(stderrTrace('strace', args));
    const got = head(stderrTrace('vat', args));
    assert.deepEqual(got, want);
    assert.ok(
      got.some((l) => l.startsWith(set === 'write' ? '[pid PID] write(1, "thread: ' : '[pid PID] exit(0)')),
      got.join('\n'),
    );
    if (set === 'write') assert.match(got[0] ?? '', /^write\(1, "parent: /);
  });

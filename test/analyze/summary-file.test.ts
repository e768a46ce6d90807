// vat summary on a recorded trace: the counts strace -c printed for the same run.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { fixture, scratch } from '../helpers/fixtures.js';
import { runVat } from '../helpers/run-vat.js';

/** One strace run with -C: the trace, then strace's own table, in the same -o file. */
function straceRun(argv: string[], flags: string[] = []): { trace: string; table: string } {
  const dir = scratch();
  const out = join(dir, 'out.txt');
  spawnSync(
    'strace',
    ['-f', '-C', '-U', 'name,calls,errors', '-S', 'calls', ...flags, '-o', out, '--', ...argv],
    {
      stdio: 'ignore',
    },
  );
  const text = readFileSync(out, 'utf8');
  const at = text.search(/^syscall +calls +errors$/m);
  assert.ok(at > 0, text.slice(-500));
  const trace = join(dir, 'trace.txt');
  writeFileSync(trace, text.slice(0, at));
  return { trace, table: text.slice(at) };
}

for (const [name, argv] of [
  ['fork-wait', () => [fixture('fork-wait')]],
  ['exact-calls', () => [fixture('exact-calls')]],
  ['fork-tree 30', () => [fixture('fork-tree'), '30']],
] as const) {
  test(`summary of an strace log of ${name} equals strace -c -U name,calls,errors -S calls`, () => {
    const { trace, table } = straceRun(argv());
    const r = runVat(['summary', trace, '-U', 'name,calls,errors', '-S', 'calls']);
    assert.equal(r.status, 0, r.stderr);
    assert.equal(r.stdout, table);
  });
}

test('summary of the same run through JSON Lines gives the same counts; -T times are summed', () => {
  const { trace, table } = straceRun([fixture('exact-calls')], ['-T']);
  const dir = scratch();
  const jsonl = join(dir, 't.jsonl');
  assert.equal(runVat(['import', trace, '-o', jsonl]).status, 0);
  assert.equal(runVat(['summary', jsonl, '-U', 'name,calls,errors', '-S', 'calls']).stdout, table);
  const timed = runVat(['summary', jsonl, '-U', 'total-time,calls,name', '--summary-latency']).stdout;
  const header = timed.split('\n')[0] ?? '';
  // the same columns as `-c --summary-latency`: the percentiles and the longest call (README's max column)
  assert.match(header, /seconds +calls +p50 +p90 +p99 +longest syscall/);
  const total = timed.trimEnd().split('\n').at(-1) ?? '';
  assert.ok(Number(total.trim().split(/\s+/)[0]) > 0, total);
});

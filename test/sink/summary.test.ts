// -c / -C / -S / -U / --summary-latency: strace's table, byte for byte where counts are stable.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { fixture, scratch } from '../helpers/fixtures.js';
import { runVat } from '../helpers/run-vat.js';

function both(flags: string[]): { strace: string; vat: string } {
  const dir = scratch();
  const exe = fixture('exact-calls');
  spawnSync('strace', [...flags, '-o', join(dir, 's.txt'), '--', exe]);
  const r = runVat([...flags, '-o', join(dir, 'v.txt'), '--', exe]);
  assert.equal(r.status, 7, r.stderr);
  return { strace: readFileSync(join(dir, 's.txt'), 'utf8'), vat: readFileSync(join(dir, 'v.txt'), 'utf8') };
}

const TIME_HEADERS = new Set(['% time', 'seconds', 'usecs/call', 'shortest', 'longest']);

/** Time cells differ between runs; the layout (column spans from the dashed rule), counts, errors and names must not. */
function maskTimes(table: string): string {
  const lines = table.split('\n');
  const rule = lines.find((l) => l.startsWith('------')) ?? '';
  const spans = [...rule.matchAll(/-+/g)].map((m) => [m.index ?? 0, (m.index ?? 0) + m[0].length] as const);
  const header = lines[0] ?? '';
  const timed = spans.map(([a, b]) => TIME_HEADERS.has(header.slice(a, b).trim()));
  return lines
    .map((l) =>
      l.startsWith('---') || l === header
        ? l
        : spans.map(([a, b], i) => (timed[i] ? '*'.repeat(b - a) : l.slice(a, b))).join('|'),
    )
    .join('\n');
}

test('-c -U name,calls,errors -S calls is byte for byte strace', () => {
  const { strace, vat } = both(['-c', '-U', 'name,calls,errors', '-S', 'calls']);
  assert.equal(vat, strace);
});

test('-c -S name: the default columns, same rows and layout as strace', () => {
  const { strace, vat } = both(['-c', '-S', 'name']);
  assert.equal(maskTimes(vat), maskTimes(strace));
});

test('-c -w -U with shortest/longest columns keeps strace layout', () => {
  const { strace, vat } = both([
    '-c',
    '-w',
    '-S',
    'name',
    '-U',
    'time-percent,total-time,avg-time,min-time,max-time,calls,errors,name',
  ]);
  assert.equal(maskTimes(vat), maskTimes(strace));
});

test('-C prints the trace and then the table', () => {
  const { vat } = both(['-C', '-S', 'name']);
  assert.match(vat, /^execve\(/);
  assert.match(vat, /\+\+\+ exited with 7 \+\+\+\n% time {5}seconds/);
  assert.match(vat, /\n100\.00 +\S+ +\d+ +\d+ +4 total\n$/);
});

test('--summary-latency adds p50/p90/p99 and max columns', () => {
  const r = runVat(['--summary-latency', '--', fixture('exact-calls')]);
  const header = r.stderr.split('\n')[0] ?? '';
  assert.match(header, /calls +errors +p50 +p90 +p99 +longest syscall$/);
});

test('bad -S and -U values: strace wording, exit 1', () => {
  const s = runVat(['-c', '-S', 'bogus', 'true']);
  assert.equal(s.status, 1);
  assert.equal(s.stderr, "vat: invalid sortby: 'bogus'\nTry 'vat -h' for more information.\n");
  const u = runVat(['-c', '-U', 'bogus', 'true']);
  assert.equal(u.status, 1);
  assert.equal(u.stderr, "vat: unknown column name: 'bogus'\nTry 'vat -h' for more information.\n");
});

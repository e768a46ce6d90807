// Output destinations: -o FILE, -A, -o '|COMMAND' (including a reader that quits early).
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { fixture, scratch } from '../helpers/fixtures.js';
import { runVat } from '../helpers/run-vat.js';

test("-o '|COMMAND' pipes the trace into the command", () => {
  const dir = scratch();
  const out = join(dir, 'count');
  const r = runVat(['-o', `|grep -c '^openat(' > ${out}`, '--', fixture('exact-calls')]);
  assert.equal(r.status, 7, r.stderr);
  const file = join(dir, 'trace.txt');
  runVat(['-o', file, '--', fixture('exact-calls')]);
  const expected = readFileSync(file, 'utf8')
    .split('\n')
    .filter((l) => l.startsWith('openat(')).length;
  assert.ok(expected >= 1);
  assert.equal(readFileSync(out, 'utf8').trim(), String(expected));
});

test("a pipe reader that quits early does not break the trace or the command's status", () => {
  const r = runVat([
    '-o',
    '|head -1 >/dev/null',
    '--',
    'sh',
    '-c',
    'for i in 1 2 3 4 5 6 7 8; do ls / >/dev/null; done; exit 3',
  ]);
  assert.equal(r.status, 3, r.stderr);
  assert.equal(r.stderr, '');
});

test('-A appends to the output file instead of truncating it', () => {
  const dir = scratch();
  const file = join(dir, 'trace.txt');
  writeFileSync(file, 'previous\n');
  assert.equal(runVat(['-A', '-o', file, '--', fixture('exact-calls')]).status, 7);
  const text = readFileSync(file, 'utf8');
  assert.ok(text.startsWith('previous\nexecve('), text.slice(0, 80));
});

test('-ff with a pipe is refused with one line', () => {
  const r = runVat(['-ff', '-o', '|cat', 'true']);
  assert.equal(r.status, 1);
  assert.equal(
    r.stderr,
    "vat: piping the output and -ff/--output-separately are mutually exclusive\nTry 'vat -h' for more information.\n",
  );
});

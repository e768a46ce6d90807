// `vat compare A B`: what changed between two runs, pids and addresses masked.
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { fixture, scratch } from '../helpers/fixtures.js';
import { record } from '../helpers/record.js';
import { runVat } from '../helpers/run-vat.js';

const env = { ...process.env, NO_COLOR: '1' };

test('compare: the config found in B: exit status, errors, files and counts change', () => {
  const exe = fixture('puzzle-config');
  const a = record([exe], scratch());
  const withConf = scratch();
  writeFileSync(join(withConf, 'vat-puzzle.conf'), 'x=1\n');
  const b = record([exe], withConf);
  const r = runVat(['compare', a, b], { env });
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, /#1 {2}exited 1 -> exited 0/);
  assert.match(r.stdout, /openat ENOENT +3 -> 0/);
  assert.match(r.stdout, /~ \.\/vat-puzzle\.conf {2}ENOENT -> ok/);
  assert.match(r.stdout, /- \/etc\/vat-puzzle\/vat-puzzle\.conf {2}\(ENOENT\)/);
  assert.match(r.stdout, /openat +5 +3 {2}-2/);
  const j = JSON.parse(runVat(['compare', '--json', a, b]).stdout);
  assert.equal(j.same, false);
  assert.deepEqual(j.exits, [{ key: '#1', a: 'exited 1', b: 'exited 0' }]);
  assert.deepEqual(j.errors, [{ key: 'openat ENOENT', a: 3, b: 0 }]);
  // pids never show: the two runs had different ones
  assert.doesNotMatch(r.stdout, /pid \d+/);
});

test('compare: the same program twice (a trace and a live run) shows no difference', () => {
  const exe = fixture('puzzle-config');
  const a = record([exe], process.cwd());
  const r = runVat(['compare', a, '--', exe], { env });
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, /no differences/);
  assert.equal(JSON.parse(runVat(['compare', '--json', a, a]).stdout).same, true);
});

test('compare: bad input exits 2', () => {
  assert.equal(runVat(['compare', '/etc/hostname']).status, 2);
  const r = runVat(['compare', '/etc/passwd', '/etc/passwd']);
  assert.equal(r.status, 2);
  assert.equal(r.stderr.split('\n').length, 2);
});

// The benchmark suite must not rot: its smoke mode (one tiny workload, one run) has to run and vat must
// record every event strace records. No timing is asserted: timings belong to `npm run bench`.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { test } from 'node:test';
import { ROOT, scratch } from '../helpers/fixtures.js';

test('bench --smoke runs, and vat loses no events', () => {
  const r = spawnSync('python3', [join(ROOT, 'bench', 'bench.py'), '--smoke'], {
    encoding: 'utf8',
    env: { ...process.env, BENCH_WORK: scratch() },
    timeout: 120_000,
  });
  const output = `${r.stdout}\n${r.stderr}`;
  assert.equal(r.status, 0, output);
  const rows = r.stdout.split('\n').filter((l) => /^\| storm +\| +\d+ \|/.test(l));
  assert.ok(rows.length >= 2, `one summary row per vat mode (plain, trace=openat, ...):\n${output}`);
  for (const row of rows) assert.match(row, / (\d+)\/\1 ok \|/, `vat's events equal strace's:\n${row}`);
  assert.doesNotMatch(r.stdout, /^\|.*FAIL/m);
  assert.match(r.stdout, /; all checks ok$/m);
});

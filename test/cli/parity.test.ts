// The parity ratchet: vat's text against strace's on the public corpus must not fall below the recorded floor.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { CLI, ROOT, tempDir } from '../helpers/fixtures.js';

const SHARED = join(ROOT, '..', 'shared', 'parity');
const floor = JSON.parse(readFileSync(join(ROOT, 'test', 'parity-floor.json'), 'utf8')) as {
  exact_percent: number;
  name_percent: number;
};

test('parity with strace on the public corpus stays at or above the recorded floor', (t) => {
  if (!existsSync(join(SHARED, 'compare.py'))) return t.skip('../shared/parity is not beside this checkout');
  const out = join(tempDir('vat-parity-'), 'report.json');
  const r = spawnSync(
    'python3',
    [
      join(SHARED, 'compare.py'),
      '--candidate',
      `${process.execPath} ${CLI}`,
      '--corpus',
      join(SHARED, 'corpus-public.txt'),
      '--out',
      out,
    ],
    { encoding: 'utf8', timeout: 600_000 },
  );
  assert.equal(r.status, 0, r.stderr);
  const report = JSON.parse(readFileSync(out, 'utf8')) as {
    aggregate: { total_score: number; name_score: number };
  };
  const exact = report.aggregate.total_score * 100;
  const names = report.aggregate.name_score * 100;
  t.diagnostic(
    `parity ${exact.toFixed(1)} % exact, ${names.toFixed(1)} % same name (floor ${floor.exact_percent} / ${floor.name_percent})`,
  );
  assert.ok(exact >= floor.exact_percent, `exact ${exact.toFixed(1)} % < floor ${floor.exact_percent} %`);
  assert.ok(names >= floor.name_percent, `names ${names.toFixed(1)} % < floor ${floor.name_percent} %`);
});

// `npm run gen` with a table that cannot be made: one clear message, exit 1, and no file written.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { appendFileSync, cpSync, mkdirSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { ROOT } from '../helpers/fixtures.js';

const dir = mkdtempSync(join(tmpdir(), 'vat-gen-'));
after(() => rmSync(dir, { recursive: true, force: true }));
// the compiled generator, beside this test in build/
const MAIN = join(ROOT, 'build', 'scripts', 'gen', 'main.js');

test('a table that fails stops gen with its file and line, and nothing is written', () => {
  cpSync(join(ROOT, 'data'), join(dir, 'data'), { recursive: true });
  appendFileSync(join(dir, 'data', 'xlat', 'access_mode.xlat'), 'NOT_A_KERNEL_NAME\n');
  const out = join(dir, 'out');
  mkdirSync(out);
  const r = spawnSync(process.execPath, [MAIN, join(dir, 'data'), out], { encoding: 'utf8' });
  assert.equal(r.status, 1, r.stderr);
  assert.match(
    r.stderr,
    /^gen: xlat tables do not resolve:\n {2}data\/xlat\/access_mode\.xlat:\d+: NOT_A_KERNEL_NAME/,
  );
  assert.match(r.stderr, /gen: nothing written\n$/);
  assert.doesNotMatch(r.stderr, /\n\s+at /, 'no stack trace');
  assert.deepEqual(readdirSync(out), []);
});

test('the same data, unbroken, makes every table', () => {
  const out = join(dir, 'good');
  mkdirSync(out);
  const r = spawnSync(process.execPath, [MAIN, join(ROOT, 'data'), out], { encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  assert.ok(readdirSync(out).includes('trace-classes.ts'));
});

// A dist/ copied without node_modules (the FFI package is missing) says what to do in one line, before any
// command runs, instead of "internal error" with a require stack.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { after, test } from 'node:test';
import { CLI, scratch } from '../helpers/fixtures.js';

const dirs: string[] = [];
after(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

test('a copied dist/ without node_modules names the missing package, exits 2 and never runs the command', () => {
  const dir = scratch();
  dirs.push(dir);
  cpSync(dirname(CLI), join(dir, 'dist'), { recursive: true });
  const marker = join(dir, 'ran');
  const r = spawnSync(process.execPath, [join(dir, 'dist', 'cli.js'), '--', '/bin/touch', marker], {
    encoding: 'utf8',
    cwd: dir,
    timeout: 60_000,
  });
  assert.equal(r.status, 2, r.stderr);
  assert.match(r.stderr, /^vat: cannot load its dependency koffi: install vat with npm/);
  assert.equal(r.stderr.trim().split('\n').length, 1, r.stderr);
  assert.doesNotMatch(r.stderr, /internal error|Require stack/);
  assert.equal(existsSync(marker), false, 'the command ran without a tracer');
});

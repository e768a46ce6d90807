// `profile record -- ./prog`, `profile check P -- ./prog`, `-- sub/../prog` and `-- /abs/prog` name the same
// executable: each form recorded is checked clean under every other form.
import assert from 'node:assert/strict';
import { copyFileSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { after, test } from 'node:test';
import type { Profile } from '../../src/security/profile.js';
import { fixture, scratch } from '../helpers/fixtures.js';
import { runVat } from '../helpers/run-vat.js';

const dir = scratch();
after(() => rmSync(dir, { recursive: true, force: true }));

test('record and check resolve ./prog, sub/../prog and the absolute path to one executable', () => {
  mkdirSync(join(dir, 'sub'));
  const prog = join(dir, 'prog');
  copyFileSync(fixture('signal-tracer'), prog);
  const forms = ['./prog', 'sub/../prog', prog];
  for (const [i, recorded] of forms.entries()) {
    const out = join(dir, `p${i}.json`);
    const r = runVat(['profile', 'record', '-o', out, '--', recorded, 'quiet'], { cwd: dir });
    assert.equal(r.status, 0, r.stderr);
    const p = JSON.parse(readFileSync(out, 'utf8')) as Profile;
    assert.deepEqual(
      p.executables.map((e) => e.path),
      [prog],
      `recorded as ${recorded}`,
    );
    for (const checked of forms) {
      const c = runVat(['profile', 'check', out, '--', checked, 'quiet'], { cwd: dir });
      assert.equal(c.status, 0, `recorded as ${recorded}, checked as ${checked}: ${c.stderr}`);
      assert.match(c.stderr, /deviations from the profile: none/);
    }
  }
});

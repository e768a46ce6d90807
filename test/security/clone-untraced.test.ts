// A followed program creating a child with CLONE_UNTRACED cannot hide the child's calls from profile record,
// profile check or sandbox --mode log. clone3's flags live in memory a racing thread can rewrite after vat's
// check, so the security modes answer clone3 ENOSYS and libc falls back to clone (flags in a register).
// Fixture: test/fixtures/clone-untraced.c.
import assert from 'node:assert/strict';
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import type { Profile } from '../../src/security/profile.js';
import { fixture, scratch } from '../helpers/fixtures.js';
import { runVat } from '../helpers/run-vat.js';

const dir = scratch();
after(() => rmSync(dir, { recursive: true, force: true }));
const prog = (): string => fixture('clone-untraced', ['-pthread']);
/** The program's profile when its children make no call of their own. */
const quiet = join(dir, 'quiet.json');

before(() => {
  const merged: Profile[] = [];
  for (const mode of ['clone', 'clone3', 'race']) {
    const out = join(dir, `quiet-${mode}.json`);
    const r = runVat(['profile', 'record', '-f', '-o', out, '--', prog(), mode, 'quiet']);
    assert.equal(r.status, 0, r.stderr);
    merged.push(JSON.parse(readFileSync(out, 'utf8')) as Profile);
  }
  const m = runVat([
    'profile',
    'merge',
    ...['clone', 'clone3', 'race'].map((x) => join(dir, `quiet-${x}.json`)),
    '-o',
    quiet,
  ]);
  assert.equal(m.status, 0, m.stderr);
});

for (const mode of ['clone', 'clone3'] as const) {
  test(`profile record -f: the calls of a ${mode}(CLONE_UNTRACED) child are in the profile`, () => {
    const out = join(dir, `${mode}.json`);
    const r = runVat(['profile', 'record', '-f', '-o', out, '--', prog(), mode]);
    assert.equal(r.status, 0, r.stderr);
    const p = JSON.parse(readFileSync(out, 'utf8')) as Profile;
    const names = p.executables.flatMap((e) => e.syscalls.x86_64 ?? []);
    assert.ok(names.includes('getcpu'), JSON.stringify(names));
    assert.ok(p.executables.some((e) => e.sockets.some((s) => s.family === 'AF_INET')));
  });

  test(`profile check -f and sandbox --mode log report a ${mode}(CLONE_UNTRACED) child's deviations`, () => {
    const c = runVat(['profile', 'check', quiet, '-f', '--', prog(), mode]);
    assert.equal(c.status, 1, c.stderr);
    assert.match(c.stderr, /ALERT pid \d+: syscall getcpu not in profile/);
    assert.match(c.stderr, /ALERT pid \d+: socket family AF_INET not in profile/);
    assert.doesNotMatch(c.stderr, /deviations from the profile: none/);
    const s = runVat(['sandbox', '--profile', quiet, '--mode', 'log', '--', prog(), mode]);
    assert.equal(s.status, 0, s.stderr);
    assert.equal(s.stdout, 'child exited 7\n');
    assert.match(s.stderr, /ALERT pid \d+: syscall getcpu not in profile/);
  });
}

test('profile check -f: a racing thread cannot make a clone3 child escape: clone3 is refused, clone is traced', () => {
  for (let i = 0; i < 3; i++) {
    const c = runVat(['profile', 'check', quiet, '-f', '--', prog(), 'race']);
    assert.equal(c.status, 1, c.stderr);
    assert.match(c.stderr, /syscall getcpu not in profile/);
    assert.doesNotMatch(c.stderr, /created untraced/);
    assert.equal(c.stdout, 'child exited 7\n');
  }
});

test('profile record -f: clone3 is answered ENOSYS, the fallback clone is followed', () => {
  const p = JSON.parse(readFileSync(join(dir, 'quiet-race.json'), 'utf8')) as Profile;
  const names = p.executables.flatMap((e) => e.syscalls.x86_64 ?? []);
  assert.ok(names.includes('clone3') && names.includes('clone'), JSON.stringify(names));
  const c = runVat(['profile', 'check', quiet, '-f', '--', prog(), 'race', 'quiet']);
  assert.equal(c.status, 0, c.stderr);
  assert.equal(c.stdout, 'child exited 7\n');
});

test('profile check -f: a profile learnt from a plain trace (clone3, no clone) covers the fallback clone (check and log-mode sandbox)', () => {
  const log = join(dir, 'plain.log');
  const t = runVat(['-f', '-o', log, '--', prog(), 'clone3', 'quiet']);
  assert.equal(t.status, 0, t.stderr);
  const learnt = join(dir, 'plain.json');
  const p = runVat(['profile', 'from', log, '-o', learnt]);
  assert.equal(p.status, 0, p.stderr);
  const names = (JSON.parse(readFileSync(learnt, 'utf8')) as Profile).executables.flatMap(
    (e) => e.syscalls.x86_64 ?? [],
  );
  assert.ok(names.includes('clone3') && !names.includes('clone'), JSON.stringify(names));
  const c = runVat(['profile', 'check', learnt, '-f', '--', prog(), 'clone3', 'quiet']);
  assert.equal(c.status, 0, c.stderr);
  assert.equal(c.stdout, 'child exited 7\n');
  const s = runVat(['sandbox', '--profile', learnt, '--mode', 'log', '--', prog(), 'clone3', 'quiet']);
  assert.equal(s.status, 0, s.stderr);
  assert.doesNotMatch(s.stderr, /ALERT/);
});

// The traced program signals vat (its parent) and its own process group with every signal that ends a process
// by default: profile record, profile check and sandbox --mode log survive and still write their result.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { after, test } from 'node:test';
import type { Profile } from '../../src/security/profile.js';
import { CLI, fixture, scratch } from '../helpers/fixtures.js';

const dir = scratch();
after(() => rmSync(dir, { recursive: true, force: true }));

/**
 * vat in a session of its own (setsid): the fixture's kill(0, ...) reaches vat's group, never the test
 * runner's. A vat killed by a signal would show as an exit status other than the command's, with no result.
 */
function vat(args: readonly string[]) {
  const r = spawnSync('setsid', ['-w', process.execPath, CLI, ...args], {
    encoding: 'utf8',
    timeout: 60_000,
  });
  return { status: r.status, signal: r.signal, stdout: r.stdout, stderr: r.stderr };
}

const prog = (): string => fixture('signal-tracer');
const syscallsOf = (path: string): string[] =>
  (JSON.parse(readFileSync(path, 'utf8')) as Profile).executables.flatMap((e) => e.syscalls.x86_64 ?? []);

test('profile record: the command signalling vat does not lose the profile', () => {
  const out = join(dir, 'record.json');
  const r = vat(['profile', 'record', '-o', out, '--', prog()]);
  assert.equal(r.signal, null, `vat was killed: ${r.stderr}`);
  assert.equal(r.status, 0, r.stderr);
  assert.equal(r.stdout, 'still here\n');
  assert.ok(existsSync(out), 'the profile is written');
  const names = syscallsOf(out);
  assert.ok(names.includes('kill'), 'the signals were recorded');
  assert.ok(names.includes('getcpu'), 'and the call made after them');
});

test('profile check and sandbox --mode log: the command signalling vat is still reported', () => {
  const quiet = join(dir, 'quiet.json');
  const rec = vat(['profile', 'record', '-o', quiet, '--', prog(), 'quiet']);
  assert.equal(rec.status, 0, rec.stderr);
  assert.ok(!syscallsOf(quiet).includes('kill'));

  const check = vat(['profile', 'check', quiet, '--', prog()]);
  assert.equal(check.signal, null, `vat was killed: ${check.stderr}`);
  assert.equal(check.status, 1, check.stderr);
  assert.match(check.stderr, /ALERT pid \d+: syscall kill not in profile/);
  assert.match(check.stderr, /ALERT pid \d+: syscall getcpu not in profile/);
  assert.match(check.stderr, /deviations from the profile: \d+/);

  const log = vat(['sandbox', '--profile', quiet, '--mode', 'log', '--', prog()]);
  assert.equal(log.signal, null, `vat was killed: ${log.stderr}`);
  assert.equal(log.status, 0, log.stderr);
  assert.equal(log.stdout, 'still here\n');
  assert.match(log.stderr, /syscall kill not in profile/);
  assert.match(log.stderr, /syscall getcpu not in profile/);
  assert.match(log.stderr, /sandbox \(log mode\) calls outside the profile/);
});

// vat import of an strace -k log: every ` > ` frame lands in the `stack` of the call or signal it follows
// (exit_group's too, which strace prints after `+++ exited`), nothing is left unparsed, and convert prints them back.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { fixture, scratch } from '../helpers/fixtures.js';
import { runVat } from '../helpers/run-vat.js';

const dirs: string[] = [];
after(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

test('an strace -k -f log imports with its stacks', () => {
  const dir = scratch();
  dirs.push(dir);
  const log = join(dir, 'k.log');
  execFileSync('strace', ['-f', '-k', '-o', log, fixture('stack-chain', ['-O2']), 'fork'], {
    stdio: 'ignore',
  });
  const frames = readFileSync(log, 'utf8')
    .split('\n')
    .filter((l) => l.startsWith(' > '));
  assert.ok(frames.length > 20, 'strace printed stacks');
  const r = runVat(['import', log]);
  assert.equal(r.status, 0, r.stderr);
  assert.doesNotMatch(r.stderr, /cannot parse/);
  const records = r.stdout
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l) as { name?: string; stack?: { module?: string; address: string }[] });
  const imported = records.flatMap((x) => x.stack ?? []);
  assert.equal(imported.length, frames.length, 'every frame is in a stack');
  const exits = records.filter((x) => x.name === 'exit_group');
  assert.ok(exits.length === 2 && exits.every((x) => (x.stack?.length ?? 0) > 2), 'exit_group stacks kept');
  // back to strace text: the same frame lines
  const back = runVat(['convert', log, '--to', 'strace']);
  assert.equal(back.status, 0, back.stderr);
  assert.deepEqual(
    back.stdout
      .split('\n')
      .filter((l) => l.startsWith(' > '))
      .sort(),
    [...frames].sort(),
  );
});

// -f follows a child created with CLONE_UNTRACED (clone's flags register, clone3's struct clone_args): the flag
// is cleared at the call's entry, so the child's calls are traced; a child that still escapes (another thread
// set the flag again before the kernel read it) is said. Fixture: test/fixtures/clone-untraced.c.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { fixture, scratch } from '../../helpers/fixtures.js';
import { runVat } from '../../helpers/run-vat.js';

const dir = scratch();
after(() => rmSync(dir, { recursive: true, force: true }));
const prog = (): string => fixture('clone-untraced', ['-pthread']);

/** The pid of each line that shows `call(` (with -f -o every line starts with its pid). */
function callers(trace: string, call: string): number[] {
  return trace
    .split('\n')
    .filter((l) => new RegExp(`^\\d+ +${call}\\(`).test(l))
    .map((l) => Number.parseInt(l, 10));
}

for (const mode of ['clone', 'clone3'] as const)
  for (const seccomp of [false, true])
    test(`-f${seccomp ? ' --seccomp-bpf' : ''}: a child made by ${mode}(CLONE_UNTRACED) is traced`, () => {
      const plain = spawnSync(prog(), [mode], { encoding: 'utf8' });
      const out = join(dir, `${mode}-${seccomp}.txt`);
      const filter = seccomp ? ['--seccomp-bpf', '-e', 'trace=getcpu,socket'] : [];
      const r = runVat(['-f', ...filter, '-o', out, '--', prog(), mode]);
      assert.equal(r.status, plain.status, r.stderr);
      assert.equal(r.stdout, plain.stdout, 'the program is not changed: its child exited 7');
      assert.equal(r.stdout, 'child exited 7\n');
      const trace = readFileSync(out, 'utf8');
      const getcpu = callers(trace, 'getcpu');
      assert.equal(getcpu.length, 1, trace);
      assert.deepEqual(callers(trace, 'socket'), getcpu, 'the same child made both calls');
      if (!seccomp) {
        // the call is shown as the program made it, the flag included
        const parent = callers(trace, mode)[0];
        assert.ok(parent !== undefined && parent !== getcpu[0], trace);
        assert.match(trace, /CLONE_UNTRACED/);
      }
      assert.doesNotMatch(r.stderr, /created untraced/);
    });

test('-f: a child whose clone3 flags a racing thread sets again is traced or said, never missed silently', () => {
  for (let i = 0; i < 5; i++) {
    const out = join(dir, `race-${i}.txt`);
    const r = runVat(['-f', '-e', 'trace=getcpu', '-o', out, '--', prog(), 'race']);
    assert.equal(r.status, 0, r.stderr);
    assert.equal(r.stdout, 'child exited 7\n', 'plain tracing never kills the escaped child');
    const seen = callers(readFileSync(out, 'utf8'), 'getcpu').length === 1;
    const said = /vat: process \d+ was created untraced \(CLONE_UNTRACED\): its calls are not seen/.test(
      r.stderr,
    );
    assert.ok(seen !== said, `seen ${seen}, said ${said}: ${r.stderr}`);
  }
});

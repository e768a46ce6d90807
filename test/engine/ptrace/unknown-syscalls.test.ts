// Numbers no table names are shown as `syscall_0x1f4(...)` whatever `-e trace=` selects (strace does the same:
// a filter can only name what it knows), with and without the seccomp filter that skips unselected calls.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { fixture, scratch } from '../../helpers/fixtures.js';
import { runVat } from '../../helpers/run-vat.js';
import { hasStrace } from '../../helpers/strace-oracle.js';

const dir = scratch();
after(() => rmSync(dir, { recursive: true, force: true }));

const calls = (file: string): string[] =>
  readFileSync(file, 'utf8')
    .split('\n')
    .filter((l) => /^(syscall_0x|getpid\()/.test(l))
    .map((l) => l.replace(/ +=/, ' =').replace(/= \d+$/, '= PID'));

for (const filter of ['none', 'getpid', '!getpid']) {
  for (const bpf of ['--seccomp-bpf', '--no-seccomp-bpf']) {
    test(`-e trace=${filter} ${bpf} shows syscall_0x1f4`, { skip: !hasStrace }, () => {
      const exe = fixture('unknown-syscall');
      const out = join(dir, `vat-${filter}${bpf}.txt`);
      const run = runVat([bpf, '-e', `trace=${filter}`, '-o', out, '--', exe]);
      assert.equal(run.status, 0, run.stderr);
      const expected = join(dir, `strace-${filter}.txt`);
      spawnSync('strace', ['-e', `trace=${filter}`, '-o', expected, '--', exe], { stdio: 'ignore' });
      const lines = calls(out);
      assert.ok(lines[0]?.startsWith('syscall_0x1f4(0xface0fedbadc0ded, 0x2, '), lines.join('\n'));
      assert.deepEqual(lines, calls(expected));
    });
  }
}

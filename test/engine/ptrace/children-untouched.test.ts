// The traced program behaves as untraced whatever vat's mode: {-f, no -f} x {fork, vfork, thread, exec'd
// grandchild} x {seccomp filter on, off}, comparing the program's own stdout and exit status.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { fixture, scratch } from '../../helpers/fixtures.js';
import { runVat } from '../../helpers/run-vat.js';

const dir = scratch();
after(() => rmSync(dir, { recursive: true, force: true }));
const exe = fixture('family', ['-pthread']);
const hostname = readFileSync('/etc/hostname', 'utf8');

for (const mode of ['fork', 'vfork', 'thread', 'exec'] as const) {
  const untraced = spawnSync(exe, [mode], { encoding: 'utf8' });
  for (const follow of [true, false])
    for (const filter of [true, false]) {
      const name = `${mode}, ${follow ? '-f' : 'no -f'}, filter ${filter ? 'on' : 'off'}`;
      test(name, () => {
        assert.equal(untraced.status, 10, untraced.stderr);
        const out = join(dir, `${mode}-${follow}-${filter}.txt`);
        const r = runVat([
          '-o',
          out,
          ...(follow ? ['-f'] : []),
          filter ? '--seccomp-bpf' : '--no-seccomp-bpf',
          '-e',
          'trace=openat,read,write',
          '--',
          exe,
          mode,
        ]);
        assert.equal(r.stdout, untraced.stdout, r.stderr);
        assert.equal(r.status, untraced.status, r.stderr);
        const opened = readFileSync(out, 'utf8').match(/openat\(AT_FDCWD, "\/etc\/hostname"/g) ?? [];
        assert.equal(opened.length, follow ? 2 : 1, 'every traced process opened the file once');
        if (filter && !follow)
          assert.match(r.stderr, /--seccomp-bpf cannot be used without -f\/--follow-forks, disabling/);
      });
    }
}

test('-e trace=SET without -f: a shell child reads its file (no ENOSYS from an inherited filter)', () => {
  const r = runVat(['-o', '/dev/null', '-e', 'trace=openat', '--', 'sh', '-c', 'cat /etc/hostname']);
  assert.equal(r.status, 0, r.stderr);
  assert.equal(r.stdout, hostname);
  assert.equal(r.stderr, '', 'the default filter is turned off silently');
});

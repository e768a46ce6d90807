// Exports name syscalls for systemd, Docker and runc, which resolve them through libseccomp: a name an older
// libseccomp does not know (mseal, listmount) is skipped there, so the call is refused; vat says which, on
// one line, and says nothing when every name is known. The table is generated (data/kernel/libseccomp-unknown.tsv).
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { LIBSECCOMP_UNKNOWN } from '../../src/tables/generated/libseccomp.js';
import { ROOT, scratch } from '../helpers/fixtures.js';
import { runVat } from '../helpers/run-vat.js';

const dir = scratch();
after(() => rmSync(dir, { recursive: true, force: true }));

function profile(name: string, x86_64: string[]): string {
  const path = join(dir, `${name}.json`);
  writeFileSync(
    path,
    JSON.stringify({
      format: 'vat-profile',
      version: 1,
      arch: 'x86_64',
      executables: [{ path: '/x', syscalls: { x86_64: ['execve', 'read', 'exit_group', ...x86_64] } }],
    }),
  );
  return path;
}

test('systemd, docker, oci: names libseccomp does not know are said on one line; the unit still lists them', () => {
  const p = profile('new', ['mseal', 'listmount']);
  for (const format of ['systemd', 'docker', 'oci']) {
    const r = runVat(['seccomp', p, '--format', format]);
    assert.equal(r.status, 0, r.stderr);
    const lines = r.stderr.split('\n').filter((l) => l !== '');
    assert.equal(lines.length, 1, r.stderr);
    assert.match(
      lines[0] ?? '',
      /^vat: seccomp: .* libseccomp 2\.5\.4\S* or older does not know listmount, mseal: .* refused those calls$/,
    );
    assert.match(r.stdout, /mseal/, 'still allowed where a newer libseccomp knows it');
  }
  const known = runVat(['seccomp', profile('old', ['openat']), '--format', 'systemd']);
  assert.equal(known.status, 0, known.stderr);
  assert.equal(known.stderr, '');
});

test('the generated table lists mseal and listmount, and agrees with the libseccomp installed here', () => {
  const names = LIBSECCOMP_UNKNOWN.filter(([arch]) => arch === 'x86_64').map(([, n]) => n);
  assert.ok(names.includes('mseal') && names.includes('listmount'));
  assert.ok(!names.includes('read') && !names.includes('clone3'));
  const regenerated = spawnSync('python3', [join(ROOT, 'scripts', 'extract-libseccomp-names.py')], {
    encoding: 'utf8',
  });
  const pinned = readFileSync(join(ROOT, 'data', 'kernel', 'libseccomp-unknown.tsv'), 'utf8');
  const installed = /#version\t(\S+)/.exec(regenerated.stdout)?.[1];
  // only meaningful where the same libseccomp package is installed (the machine the table was made on, CI)
  if (regenerated.status === 0 && installed === /#version\t(\S+)/.exec(pinned)?.[1])
    assert.equal(regenerated.stdout, pinned);
});

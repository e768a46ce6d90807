// Socket families are the one argument a profile restricts: i386 socketcall must not create sockets around
// it, and no export may write a family that does not fit socket()'s 32-bit int.
import assert from 'node:assert/strict';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { actionOf, compileSeccomp, runSeccompFilter } from '../../src/bpf/index.js';
import { SOCKETCALL_CREATING, SOCKETCALL_OTHERS, sandboxPolicy } from '../../src/security/enforce.js';
import { dockerProfile, ociProfile, systemdLines } from '../../src/security/export.js';
import { type Profile, validateProfile } from '../../src/security/profile.js';
import { fixture, needsIa32, ROOT, scratch } from '../helpers/fixtures.js';
import { runVat } from '../helpers/run-vat.js';

const AUDIT_ARCH_I386 = 0x40000003;
const SOCKETCALL = 102;
const dirs: string[] = [];
after(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

const profileWith = (families: string[], i386: string[]): Profile =>
  validateProfile(
    {
      format: 'vat-profile',
      version: 1,
      arch: 'x86_64',
      executables: [
        {
          path: '/x',
          syscalls: { x86_64: ['read', 'write', 'execve', 'exit_group', 'socket'], i386 },
          sockets: families.map((family) => ({ family, type: 'SOCK_STREAM' })),
        },
      ],
    },
    'test',
  );

test('socketcall with families restricted: SYS_SOCKET and SYS_SOCKETPAIR refused, other sub-calls allowed', () => {
  const insns = compileSeccomp(sandboxPolicy(profileWith(['AF_UNIX'], ['socketcall', 'socket']), 'errno'));
  const kind = (call: number) =>
    actionOf(runSeccompFilter(insns, { arch: AUDIT_ARCH_I386, nr: SOCKETCALL, args: [BigInt(call)] }))?.kind;
  assert.equal(kind(1), 'errno', 'SYS_SOCKET');
  assert.equal(kind(8), 'errno', 'SYS_SOCKETPAIR');
  assert.equal(kind(1 + 2 ** 32), 'errno', 'SYS_SOCKET with high bits set (the kernel reads an int)');
  for (const call of [2, 3, 4, 5, 6, 9, 10, 11, 12, 16, 17, 20])
    assert.equal(kind(call), 'allow', `sub-call ${call}`);
  // families not restricted: socketcall stays whole
  const open = compileSeccomp(sandboxPolicy(profileWith([], ['socketcall']), 'errno'));
  assert.equal(
    actionOf(runSeccompFilter(open, { arch: AUDIT_ARCH_I386, nr: SOCKETCALL, args: [1n] }))?.kind,
    'allow',
  );
});

test('socketcall in the exports: Docker/OCI allow only creating-nothing sub-calls, systemd leaves it out; each says so', () => {
  const p = profileWith(['AF_UNIX'], ['socketcall', 'socket']);
  for (const [what, out] of [
    ['docker', dockerProfile(p)],
    ['oci', ociProfile(p)],
  ] as const) {
    const doc = JSON.parse(out.text) as {
      syscalls: { names: string[]; args?: { index: number; value: number; op: string }[] }[];
    };
    const plain = doc.syscalls.filter((r) => !r.args);
    assert.ok(
      plain.every((r) => !r.names.includes('socketcall')),
      `${what}: socketcall never unconditional`,
    );
    const values = doc.syscalls
      .filter((r) => r.names.includes('socketcall'))
      .map((r) =>
        r.args?.length === 1 && r.args[0]?.index === 0 && r.args[0].op === 'SCMP_CMP_EQ'
          ? r.args[0].value
          : -1,
      );
    assert.ok(
      values.length > 0 && !values.includes(1) && !values.includes(8) && !values.includes(-1),
      `${what}: ${values}`,
    );
    assert.ok(
      out.warnings.some((w) => /socketcall/.test(w)),
      `${what}: said`,
    );
  }
  const sd = systemdLines(p);
  assert.doesNotMatch(sd.text, /socketcall/);
  assert.ok(sd.warnings.some((w) => /socketcall/.test(w)));
});

test('socketcall through int $0x80 in a sandbox: SYS_SOCKET refused, getsockname runs (when the kernel runs i386 code)', (t) => {
  const exe = fixture('socketcall');
  const skip = needsIa32();
  if (skip) {
    t.skip(`${skip}: checked in the interpreter above`);
    return;
  }
  const dir = scratch();
  dirs.push(dir);
  const path = join(dir, 'p.json');
  assert.equal(runVat(['profile', 'record', '-o', path, '--', exe, 'benign']).status, 0);
  const p = JSON.parse(readFileSync(path, 'utf8')) as Profile;
  const e = p.executables[0] as { syscalls: Record<string, string[]> };
  e.syscalls.i386 = ['socketcall', 'socket'];
  writeFileSync(path, JSON.stringify(p));
  const run = (mode: string) => runVat(['sandbox', '--profile', path, '--', exe, mode]).stdout;
  assert.equal(run('inet'), 'inet: -1 1\n', 'EPERM');
  assert.equal(run('pair'), 'pair: -1 1\n', 'EPERM');
  assert.doesNotMatch(run('getsockname'), /: -1 1\n/, 'not refused by the filter');
});

test('families beyond 32 bits are refused by every export and the compiler, exit 2', () => {
  const dir = scratch();
  dirs.push(dir);
  const path = join(dir, 'big.json');
  writeFileSync(
    path,
    JSON.stringify({
      format: 'vat-profile',
      version: 1,
      arch: 'x86_64',
      executables: [
        {
          path: '/x',
          syscalls: { x86_64: ['execve', 'socket'] },
          sockets: [{ family: 'AF_4294967298', type: 'SOCK_STREAM' }],
        },
      ],
    }),
  );
  for (const format of ['docker', 'oci', 'systemd', 'bpf-asm']) {
    const r = runVat(['seccomp', path, '--format', format]);
    assert.equal(r.status, 2, `${format}: ${r.stdout}${r.stderr}`);
    assert.match(r.stderr, /AF_4294967298.*32 bits/, format);
    assert.equal(r.stdout, '', `${format}: nothing written`);
  }
});

test('systemd export: a family without a name systemd parses is left out and said, never AF_NN', () => {
  const p = profileWith(['AF_UNIX', 'AF_200'], []);
  const sd = systemdLines(p);
  assert.match(sd.text, /^RestrictAddressFamilies=AF_UNIX$/m);
  assert.doesNotMatch(sd.text, /AF_\d/);
  assert.ok(sd.warnings.some((w) => /AF_200/.test(w)));
  // a number that has a name is written by its name
  const named = systemdLines(profileWith(['AF_2'], []));
  assert.match(named.text, /^RestrictAddressFamilies=AF_INET$/m);
});

test('socketcall sub-call numbers come from the pinned uapi net.h', () => {
  const header = readFileSync(join(ROOT, 'data', 'kernel', 'uapi', 'linux', 'net.h'), 'utf8');
  const defined = new Map(
    [...header.matchAll(/^#define\s+(SYS_[A-Z0-9]+)\s+(\d+)/gm)].map((m) => [m[1], Number(m[2])]),
  );
  assert.deepEqual(SOCKETCALL_CREATING, [defined.get('SYS_SOCKET'), defined.get('SYS_SOCKETPAIR')]);
  const others = [...defined.entries()]
    .filter(([name]) => name !== 'SYS_SOCKET' && name !== 'SYS_SOCKETPAIR')
    .map(([, v]) => v)
    .sort((a, b) => a - b);
  assert.deepEqual(
    [...SOCKETCALL_OTHERS].sort((a, b) => a - b),
    others,
  );
  assert.equal(others.length, 18);
});

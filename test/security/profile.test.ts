// vat profile record/from/merge/check and vat seccomp: real traces, real files, the compiled filter checked
// against every syscall number; bad profiles are refused with one line and exit status 2.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { actionOf, compileSeccomp, decodeProgram, runSeccompFilter } from '../../src/bpf/index.js';
import { fileCovered } from '../../src/security/checker.js';
import { sandboxPolicy } from '../../src/security/enforce.js';
import { type Profile, validateProfile } from '../../src/security/profile.js';
import { foldFiles } from '../../src/security/recorder.js';
import { syscallTable, X32_SYSCALL_BIT } from '../../src/tables/syscalls.js';
import { CLI, fixture, ia32Available, scratch } from '../helpers/fixtures.js';
import { runVat } from '../helpers/run-vat.js';

const AUDIT_ARCH_X86_64 = 0xc000003e;
const AUDIT_ARCH_I386 = 0x40000003;
const AUDIT_ARCH_AARCH64 = 0xc00000b7;

const read = (path: string): Profile => JSON.parse(readFileSync(path, 'utf8')) as Profile;

const NET = `
import socket
u = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
u.connect(("127.0.0.1", 9))
x = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
print(open("/etc/hostname").read() != "")
`;

test('profile record: per executable its path, sha256, syscalls, files, sockets and addresses', () => {
  const dir = scratch();
  const out = join(dir, 'net.json');
  const r = runVat(['profile', 'record', '-f', '-o', out, '--', 'python3', '-c', NET]);
  assert.equal(r.status, 0, r.stderr);
  const p = read(out);
  assert.equal(p.format, 'vat-profile');
  assert.equal(p.version, 1);
  assert.equal(p.arch, 'x86_64');
  const py = p.executables.find((e) => e.sockets.length > 0);
  assert.ok(py, 'the interpreter that made the sockets');
  assert.equal(py.sha256, createHash('sha256').update(readFileSync(py.path)).digest('hex'));
  assert.ok(py.syscalls.x86_64?.includes('socket'));
  assert.ok(py.syscalls.x86_64?.includes('connect'));
  assert.deepEqual(
    py.sockets.map((s) => `${s.family} ${s.type}`),
    ['AF_INET SOCK_DGRAM', 'AF_UNIX SOCK_STREAM'],
  );
  assert.ok(
    py.addresses.some((a) => a.op === 'connect' && a.family === 'AF_INET' && a.address === '127.0.0.1:9'),
  );
  assert.ok(fileCovered(py.files, '/etc/hostname', 'r'), JSON.stringify(py.files));
  assert.ok(!fileCovered(py.files, '/etc/hostname', 'w'), 'read, not written');
  // validated by the loader, as any profile is
  validateProfile(p, out);
});

test('profile record -f: exec paths, and clone of processes vs threads', () => {
  const dir = scratch();
  const out = join(dir, 'sh.json');
  const r = runVat(['profile', 'record', '-f', '-o', out, '--', 'sh', '-c', 'cat /etc/hostname | wc -c']);
  assert.equal(r.status, 0, r.stderr);
  const p = read(out);
  const sh = p.executables.find((e) => e.execs.some((x) => x.endsWith('/cat')));
  assert.ok(sh, JSON.stringify(p.executables.map((e) => [e.path, e.execs])));
  assert.ok(sh.execs.some((x) => x.endsWith('/wc')));
  assert.equal(sh.clone.processes, true);
  assert.ok(p.executables.some((e) => e.path.endsWith('/cat')));
  assert.ok(p.executables.some((e) => e.path.endsWith('/wc')));
  const threads = join(dir, 'threads.json');
  assert.equal(
    runVat(['profile', 'record', '-f', '-o', threads, '--', fixture('threads64', ['-pthread'])]).status,
    0,
  );
  assert.ok(read(threads).executables.some((e) => e.clone.threads));
});

test('profile from a `vat --json` trace gives what profile record gives', () => {
  const dir = scratch();
  const trace = join(dir, 't.jsonl');
  const cmd = ['sh', '-c', 'ls / >/dev/null; cat /etc/hostname'];
  assert.equal(runVat(['--json', '-f', '-o', trace, '--', ...cmd]).status, 0);
  assert.equal(runVat(['profile', 'from', trace, '-o', join(dir, 'from.json')]).status, 0);
  assert.equal(runVat(['profile', 'record', '-f', '-o', join(dir, 'rec.json'), '--', ...cmd]).status, 0);
  const names = (p: Profile) =>
    p.executables.map((e) => [e.path, e.syscalls.x86_64?.length ? 'some' : 'none']);
  const a = read(join(dir, 'from.json'));
  const b = read(join(dir, 'rec.json'));
  assert.deepEqual(
    names(a),
    names(b),
    `${readFileSync(join(dir, 'from.json'), 'utf8')}\n----\n${readFileSync(join(dir, 'rec.json'), 'utf8')}`,
  );
  const calls = (p: Profile) => new Set(p.executables.flatMap((e) => e.syscalls.x86_64 ?? []));
  for (const s of ['execve', 'openat', 'write', 'clone', 'wait4']) {
    assert.ok(calls(a).has(s) || s === 'clone', s);
    assert.equal(calls(a).has(s), calls(b).has(s), s);
  }
});

test('profile from an strace log (through the strace importer)', (t) => {
  if (spawnSync('strace', ['-V']).status !== 0) {
    t.skip('strace is not installed');
    return;
  }
  const dir = scratch();
  const log = join(dir, 's.log');
  const py = 'import socket; socket.socket(socket.AF_INET6, socket.SOCK_DGRAM).connect(("::1", 53))';
  const traced = spawnSync('strace', [
    '-f',
    '-o',
    log,
    '--',
    'sh',
    '-c',
    `cat /etc/hostname | wc -c; python3 -c '${py}'`,
  ]);
  assert.equal(traced.status, 0, String(traced.stderr));
  const out = join(dir, 'from-strace.json');
  const r = runVat(['profile', 'from', log, '-o', out]);
  assert.equal(r.status, 0, r.stderr);
  const p = read(out);
  const sh = p.executables.find((e) => e.path.endsWith('/sh'));
  assert.ok(
    sh?.execs.some((x) => x.endsWith('/cat')),
    JSON.stringify(sh?.execs),
  );
  assert.ok(p.executables.some((e) => e.path.endsWith('/wc') && e.syscalls.x86_64?.includes('read')));
  const net = p.executables.find((e) => e.sockets.length > 0);
  assert.deepEqual(net?.sockets, [{ family: 'AF_INET6', type: 'SOCK_DGRAM' }]);
  assert.deepEqual(net?.addresses, [{ op: 'connect', family: 'AF_INET6', address: '[::1]:53' }]);
});

test('profile merge unions executables and their facts', () => {
  const dir = scratch();
  const a = join(dir, 'a.json');
  const b = join(dir, 'b.json');
  assert.equal(runVat(['profile', 'record', '-o', a, '--', 'cat', '/etc/hostname']).status, 0);
  assert.equal(runVat(['profile', 'record', '-o', b, '--', 'ls', '/']).status, 0);
  const c = join(dir, 'c.json');
  assert.equal(runVat(['profile', 'merge', a, b, '-o', c]).status, 0);
  const merged = read(c);
  assert.deepEqual(
    merged.executables.map((e) => e.path.replace(/.*\//, '')),
    ['cat', 'ls'],
  );
  const again = join(dir, 'd.json');
  assert.equal(runVat(['profile', 'merge', c, a, '-o', again]).status, 0);
  assert.deepEqual(read(again).executables, merged.executables);
});

test('files fold into directory prefixes where many are opened', () => {
  const files = new Map<string, 'r' | 'w' | 'rw'>([
    ['/usr/lib/x/a.so', 'r'],
    ['/usr/lib/x/b.so', 'r'],
    ['/usr/lib/x/c.so', 'r'],
    ['/etc/passwd', 'r'],
    ['/tmp/out', 'w'],
  ]);
  assert.deepEqual(foldFiles(files), [
    { path: '/etc/passwd', access: 'r' },
    { path: '/tmp/out', access: 'w' },
    { path: '/usr/lib/x/', access: 'r' },
  ]);
});

test('profile check: a deviation is an alert line as it happens and exit status 1; none: 0', () => {
  const dir = scratch();
  const p = join(dir, 'cat.json');
  assert.equal(runVat(['profile', 'record', '-o', p, '--', 'cat', '/etc/hostname']).status, 0);
  const same = runVat(['profile', 'check', p, '--', 'cat', '/etc/hostname']);
  assert.equal(same.status, 0, same.stderr);
  assert.match(same.stderr, /deviations from the profile: none/);
  const other = runVat(['profile', 'check', p, '--', 'cat', '/etc/os-release', '/proc/self/status']);
  assert.equal(other.status, 1);
  assert.match(other.stderr, /^vat: ALERT pid \d+: file \/etc\/os-release \(r\) outside profile$/m);
  const hostile = fixture('hostile');
  const hp = join(dir, 'h.json');
  assert.equal(runVat(['profile', 'record', '-o', hp, '--', hostile, 'benign']).status, 0);
  const bad = runVat(['profile', 'check', hp, '--', hostile, 'socket-64']);
  assert.equal(bad.status, 1);
  assert.match(bad.stderr, /^vat: ALERT pid \d+: syscall socket not in profile$/m);
  assert.match(bad.stderr, /^vat: ALERT pid \d+: socket family AF_PACKET not in profile$/m);
  if (!ia32Available()) return; // this kernel runs no i386 code: int $0x80 faults before any tracer sees it
  const i386 = runVat(['profile', 'check', hp, '--json', '--', hostile, 'ptrace-i386']);
  assert.equal(i386.status, 1);
  const alerts = i386.stderr
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l) as { type: string; kind?: string; detail?: string; arch?: string });
  assert.ok(alerts.some((a) => a.type === 'alert' && a.detail === 'ptrace' && a.arch === 'i386'));
});

test('profile check -p: attaches to a running process and reports its deviations', async () => {
  const { spawn } = await import('node:child_process');
  const dir = scratch();
  const p = join(dir, 'sleep.json');
  assert.equal(runVat(['profile', 'record', '-o', p, '--', 'sleep', '0']).status, 0);
  // a shell that keeps exec'ing nothing but makes new calls: `read` of a file, in a loop
  const child = spawn('sh', ['-c', 'while :; do cat /etc/hostname >/dev/null; sleep 0.1; done'], {
    stdio: 'ignore',
  });
  try {
    // SIGTERM once the first alert is out (however long vat takes to start under load): vat detaches on it
    // and still writes its summary. Then SIGTERM again every few ms until vat closes, as a second Ctrl-C
    // would: a signal that came after the run, while vat wrote its results, once killed it without its summary.
    // (Its exit status is not asked for: Node gives the signals their default action back as it exits, so a
    // signal sent after the summary may still end vat then.)
    const vat = spawn(
      process.execPath,
      [CLI, 'profile', 'check', p, '-f', '-p', String(child.pid), '--json'],
      {
        stdio: ['ignore', 'ignore', 'pipe'],
      },
    );
    let stderr = '';
    let again: NodeJS.Timeout | undefined;
    vat.stderr.setEncoding('utf8');
    vat.stderr.on('data', (chunk: string) => {
      stderr += chunk;
      if (again === undefined && stderr.includes('"type":"alert"')) {
        vat.kill('SIGTERM');
        again = setInterval(() => vat.kill('SIGTERM'), 5);
      }
    });
    const guard = setTimeout(() => vat.kill('SIGKILL'), 120_000);
    const [status, signal] = await new Promise<[number | null, NodeJS.Signals | null]>((done) =>
      vat.on('close', (code, sig) => done([code, sig])),
    );
    clearTimeout(guard);
    clearInterval(again);
    const how = `vat exited with status ${status}, signal ${signal}; its stderr:\n${stderr}`;
    assert.match(stderr, /"type":"alert"/, how);
    assert.match(stderr, /"type":"summary"/, how);
  } finally {
    child.kill('SIGKILL');
  }
});

test('vat seccomp: Docker, OCI and systemd shapes, BPF and its listing', () => {
  const dir = scratch();
  const p = join(dir, 'net.json');
  assert.equal(runVat(['profile', 'record', '-f', '-o', p, '--', 'python3', '-c', NET]).status, 0);
  const docker = runVat(['seccomp', p, '--format', 'docker']);
  assert.equal(docker.status, 0, docker.stderr);
  const d = JSON.parse(docker.stdout) as {
    defaultAction: string;
    defaultErrnoRet: number;
    archMap: { architecture: string; subArchitectures: string[] }[];
    syscalls: { names: string[]; action: string; args?: { index: number; value: number; op: string }[] }[];
  };
  assert.equal(d.defaultAction, 'SCMP_ACT_ERRNO');
  assert.equal(d.defaultErrnoRet, 1);
  assert.equal(d.archMap[0]?.architecture, 'SCMP_ARCH_X86_64');
  assert.ok(!d.archMap[0]?.subArchitectures.includes('SCMP_ARCH_X32'), 'x32 is never opened');
  assert.ok(d.syscalls[0]?.names.includes('connect'));
  assert.ok(!d.syscalls[0]?.names.includes('socket'), 'socket only with its families');
  const families = d.syscalls.filter((s) => s.names[0] === 'socket').map((s) => s.args?.[0]?.value);
  assert.deepEqual(families, [2, 1]);
  const oci = JSON.parse(runVat(['seccomp', p, '--format', 'oci']).stdout) as { architectures: string[] };
  assert.deepEqual(oci.architectures, ['SCMP_ARCH_X86_64']);
  const systemd = runVat(['seccomp', p, '--format', 'systemd']).stdout;
  assert.match(systemd, /^SystemCallFilter=.*\bconnect\b/m);
  assert.match(systemd, /^SystemCallArchitectures=native$/m);
  assert.match(systemd, /^RestrictAddressFamilies=AF_INET AF_UNIX$/m);
  const bpf = join(dir, 'f.bpf');
  const written = runVat(['seccomp', p, '--format', 'bpf', '-o', bpf]);
  assert.equal(written.status, 0, written.stderr);
  const bytes = readFileSync(bpf);
  assert.equal(bytes.length % 8, 0);
  const insns = decodeProgram(new Uint8Array(bytes));
  const asm = runVat(['seccomp', p, '--format', 'bpf-asm']).stdout;
  assert.equal(asm.trim().split('\n').length, insns.length);
  assert.match(asm, /AUDIT_ARCH_X86_64/);
  assert.match(asm, /X32_SYSCALL_BIT/);
});

test('the compiled filter allows exactly the profile: every number on every ABI', () => {
  const profile = validateProfile(
    {
      format: 'vat-profile',
      version: 1,
      arch: 'x86_64',
      executables: [
        {
          path: '/x',
          syscalls: { x86_64: ['read', 'write', 'execve', 'exit_group', 'socket'], i386: ['exit'] },
          sockets: [{ family: 'AF_UNIX', type: 'SOCK_STREAM' }],
        },
      ],
    },
    'test',
  );
  const insns = compileSeccomp(sandboxPolicy(profile, 'errno'));
  const kind = (arch: number, nr: number, args: bigint[] = []) =>
    actionOf(runSeccompFilter(insns, { arch, nr, args }))?.kind;
  const allowed64 = new Set(['read', 'write', 'execve', 'exit_group']);
  for (const row of syscallTable('x86_64')) {
    if (!row) continue;
    const [nr, name] = row;
    const expect = allowed64.has(name) ? 'allow' : 'errno';
    if (name !== 'socket') assert.equal(kind(AUDIT_ARCH_X86_64, nr), expect, name);
    assert.equal(kind(AUDIT_ARCH_X86_64, nr | X32_SYSCALL_BIT), 'errno', `x32 ${name}`);
  }
  for (const row of syscallTable('i386')) {
    if (!row) continue;
    assert.equal(kind(AUDIT_ARCH_I386, row[0]), row[1] === 'exit' ? 'allow' : 'errno', `i386 ${row[1]}`);
  }
  const socket = 41;
  assert.equal(kind(AUDIT_ARCH_X86_64, socket, [1n]), 'allow');
  assert.equal(kind(AUDIT_ARCH_X86_64, socket, [2n]), 'errno');
  assert.equal(kind(AUDIT_ARCH_X86_64, socket, [17n]), 'errno');
  assert.equal(kind(AUDIT_ARCH_X86_64, socket, [(1n << 32n) | 17n]), 'errno', 'high bits do not help');
  assert.equal(kind(AUDIT_ARCH_AARCH64, 63), 'errno', 'a foreign architecture');
});

const BAD: [string, unknown, RegExp][] = [
  ['not JSON', '{"format": ', /not JSON/],
  ['another format', { format: 'docker', version: 1 }, /not a vat profile/],
  ['another version', { format: 'vat-profile', version: 2, arch: 'x86_64', executables: [] }, /version 2/],
  ['another machine', { format: 'vat-profile', version: 1, arch: 'arm64', executables: [] }, /"arm64"/],
  [
    'an unknown syscall',
    {
      format: 'vat-profile',
      version: 1,
      arch: 'x86_64',
      executables: [{ path: '/x', syscalls: { x86_64: ['execve', 'opneat'] } }],
    },
    /unknown x86_64 syscall 'opneat'.*did you mean 'openat'/,
  ],
  [
    'arm64 syscalls',
    {
      format: 'vat-profile',
      version: 1,
      arch: 'x86_64',
      executables: [{ path: '/x', syscalls: { arm64: ['read'] } }],
    },
    /architecture "arm64" cannot be enforced/,
  ],
  [
    'x32 syscalls',
    {
      format: 'vat-profile',
      version: 1,
      arch: 'x86_64',
      executables: [{ path: '/x', syscalls: { x32: ['read'] } }],
    },
    /"x32" cannot be enforced/,
  ],
  [
    'no execve',
    {
      format: 'vat-profile',
      version: 1,
      arch: 'x86_64',
      executables: [{ path: '/x', syscalls: { x86_64: ['read'] } }],
    },
    /does not allow execve/,
  ],
];

test('bad profiles: one line on stderr, exit status 2, for every command that reads them', () => {
  const dir = scratch();
  for (const [label, doc, message] of BAD) {
    const path = join(dir, `${label.replace(/\W/g, '_')}.json`);
    writeFileSync(path, typeof doc === 'string' ? doc : JSON.stringify(doc));
    const runs = [
      ['sandbox', '--profile', path, '--', 'true'],
      ['seccomp', path, '--format', 'bpf-asm'],
      ...(label === 'no execve' ? [] : [['profile', 'check', path, '--', 'true']]),
    ];
    for (const args of runs) {
      const r = runVat(args);
      assert.equal(r.status, 2, `${label}: ${args[0]}: ${r.stderr}`);
      assert.equal(r.stdout, '', label);
      assert.equal(r.stderr.trim().split('\n').length, 1, `${label}: ${r.stderr}`);
      assert.match(r.stderr, /^vat: /, label);
      assert.match(r.stderr, message, `${label}: ${r.stderr}`);
    }
  }
  const missing = runVat(['seccomp', join(dir, 'nope.json'), '--format', 'docker']);
  assert.equal(missing.status, 2);
  assert.match(missing.stderr, /^vat: .*nope\.json: no such file/);
  const format = runVat(['seccomp', join(dir, 'not_JSON.json'), '--format', 'yaml']);
  assert.equal(format.status, 2);
  assert.match(format.stderr, /unknown format 'yaml'/);
});

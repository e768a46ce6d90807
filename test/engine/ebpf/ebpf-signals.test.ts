// Signals with the eBPF engine: the kernel program reads the whole siginfo being delivered (a raw tracepoint's
// arguments), so `--- SIGCHLD {..., si_pid=N, si_status=3, ...} ---` names the child as the ptrace engine does.
import assert from 'node:assert/strict';
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { scratch } from '../../helpers/fixtures.js';
import { runVat } from '../../helpers/run-vat.js';

const dir = scratch();
after(() => rmSync(dir, { recursive: true, force: true }));

/** The signal lines, each pid named by role: the shell (MAIN) or the child it waited for (CHILD). */
function signalLines(engine: string): string[] {
  const out = join(dir, `${engine}.txt`);
  const script = 'trap "echo usr1" USR1; (exit 3); kill -USR1 $$';
  const r = runVat(['--engine', engine, '-f', '-e', 'trace=none', '-o', out, '--', '/bin/sh', '-c', script]);
  assert.equal(r.status, 0, r.stderr);
  assert.equal(r.stdout, 'usr1\n');
  const text = readFileSync(out, 'utf8');
  const main = /^(\d+) +\+\+\+ exited with 0 \+\+\+/m.exec(text)?.[1];
  const child = /^(\d+) +\+\+\+ exited with 3 \+\+\+/m.exec(text)?.[1];
  assert.ok(main && child, text);
  return text
    .split('\n')
    .filter((l) => l.includes('--- SIG'))
    .map((l) =>
      l
        .replace(/^\d+ +/, '')
        .replaceAll(`si_pid=${child},`, 'si_pid=CHILD,')
        .replaceAll(`si_pid=${main},`, 'si_pid=MAIN,'),
    );
}

test('ebpf: delivered signals carry their whole siginfo, as with ptrace', () => {
  const ebpf = signalLines('ebpf');
  assert.ok(
    ebpf.some((l) => l.includes('si_pid=CHILD, si_uid=0, si_status=3')),
    ebpf.join('\n'),
  );
  assert.deepEqual(ebpf, signalLines('ptrace'));
});

test('ebpf: a process the kernel ends at sending for a fatal signal: its signal line and end as strace shows them (yes | head)', () => {
  const ends = (engine: string): string[] => {
    const out = join(dir, `pipe-${engine}.txt`);
    const r = runVat([
      '--engine',
      engine,
      '-f',
      '-e',
      'trace=none',
      '-o',
      out,
      '--',
      '/bin/sh',
      '-c',
      'yes | head -1',
    ]);
    assert.equal(r.status, 0, r.stderr);
    assert.equal(r.stdout, 'y\n');
    const text = readFileSync(out, 'utf8');
    const killed = /^(\d+) +\+\+\+ killed by SIGPIPE/m.exec(text)?.[1];
    return text
      .split('\n')
      .flatMap((l) => /(\+\+\+ .* \+\+\+|--- SIGPIPE .* ---)$/.exec(l)?.[1] ?? [])
      .map((l) => l.replaceAll(`si_pid=${killed},`, 'si_pid=KILLED,'))
      .sort();
  };
  const ebpf = ends('ebpf');
  assert.deepEqual(ebpf, [
    '+++ exited with 0 +++',
    '+++ exited with 0 +++',
    '+++ killed by SIGPIPE +++',
    '--- SIGPIPE {si_signo=SIGPIPE, si_code=SI_USER, si_pid=KILLED, si_uid=0} ---',
  ]);
  assert.deepEqual(ebpf, ends('ptrace'));
});

test("ebpf: rt_sigreturn shows the mask saved in its frame (read from the user stack at entry), as ptrace's", () => {
  const lines = (engine: string): string[] => {
    const out = join(dir, `sigreturn-${engine}.txt`);
    // the shell's handler returns through rt_sigreturn (the main engine's line was rt_sigreturn(NULL))
    const script = 'trap "echo usr1" USR1; kill -USR1 $$';
    const r = runVat([
      '--engine',
      engine,
      '-e',
      'trace=rt_sigreturn',
      '-o',
      out,
      '--',
      '/bin/sh',
      '-c',
      script,
    ]);
    assert.equal(r.status, 0, r.stderr);
    return readFileSync(out, 'utf8')
      .split('\n')
      .filter((l) => l.startsWith('rt_sigreturn('));
  };
  const ebpf = lines('ebpf');
  assert.ok(ebpf.length > 0 && ebpf.every((l) => l.startsWith('rt_sigreturn({mask=[')), ebpf.join('\n'));
  assert.deepEqual(ebpf, lines('ptrace'));
});

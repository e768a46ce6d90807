// strace 6.1's output options against strace itself: the same fixture traced by both with the same option,
// each trace normalized where two runs legitimately differ (pids, addresses, instruction pointers).
import assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import { after, test } from 'node:test';
import { fixture, scratch } from '../helpers/fixtures.js';
import { normalize, traceWith } from '../helpers/strace-oracle.js';

const dirs: string[] = [];
after(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

/** Both tracers' normalized traces; -i's addresses and -Y's tracer name made comparable. */
function both(options: readonly string[], command: readonly string[]): [string, string] {
  const dir = scratch();
  dirs.push(dir);
  const norm = (t: string): string =>
    normalize(
      t
        .replace(/\[[0-9a-f]{16}\] /g, '[IP] ')
        .replace(/<(strace|vat)>/g, '<TRACER>')
        .replace(/\b\d{3,}<([^>\n]*)>/g, 'PID<$1>')
        .replace(/:\[\d+\]/g, ':[INODE]'),
    )
      // pids (-e raw=: in hex) behind -n/-i columns, which normalize() does not expect before a call's name
      .replace(
        /(getpid|getppid|v?fork|clone|set_tid_address|wait4)\((.*)\) = (0x[0-9a-f]+|\d+)/g,
        '$1($2) = PID',
      )
      .replace(/(kill|wait4)\((0x[0-9a-f]+|\d+)/g, '$1(PID')
      .replace(/PIDx[0-9a-f]+/g, 'PID')
      .replace(/(<\.\.\. v?fork resumed>\)) = \d+/g, '$1 = PID');
  const s = traceWith('strace', options, command, dir);
  const v = traceWith('vat', options, command, dir);
  assert.equal(v.status, s.status, v.stderr);
  return [norm(s.trace), norm(v.trace)];
}

const calls = (): string[] => [fixture('options-calls')];

for (const options of [
  ['-a', '50'],
  ['-a', '0'],
  ['--columns=60'],
  ['-n'],
  ['--syscall-number', '-f', '-qq'],
  ['-i'],
  ['-i', '-n', '-f', '-qq'],
  ['-X', 'raw'],
  ['-X', 'verbose'],
  ['--const-print-style=abbrev'],
  ['--strings-in-hex=non-ascii-chars'],
  ['--strings-in-hex=non-ascii'],
  ['--strings-in-hex'],
  ['-Y', '-f', '-qq'],
  ['--decode-pids=comm'],
  ['--decode-pids=pidns'],
  ['-e', 'raw=openat,write,lseek'],
  ['--raw=all'],
  ['-e', 'verbose=none'],
  ['--verbose=!fstat,rt_sigaction'],
  ['-e', 'abbrev=none'],
  ['-e', 'decode-fds=path'],
  ['-e', 'decode-fds=dev'],
  ['--decode-fds=socket'],
  ['-e', 'decode-fds=all'],
  ['-e', 'trace=openat@64,write@64,close'],
  ['-e', 'trace=write@32,close'],
  ['-e', 'kvm=vcpu'],
  ['-I', '1'],
  ['-I', 'never_tstp'],
]) {
  test(`${options.join(' ')} prints what strace prints`, () => {
    const [strace, vat] = both(options, calls());
    assert.ok(strace.length > 0);
    assert.equal(vat, strace);
  });
}

// pidfds: a live child's (`3<pid:N>`), the process's own, and a reaped child's, which strace prints by its path
// whatever the set (`3<anon_inode:[pidfd]>`)
for (const set of ['pidfd', 'path,pidfd', 'dev,pidfd', 'all', 'path']) {
  test(`-e decode-fds=${set} on pidfds prints what strace prints`, () => {
    const options = ['-e', `decode-fds=${set}`, '-e', 'trace=pidfd_open,fcntl,pidfd_send_signal,close'];
    const pids = (t: string): string =>
      t.replace(/pid:\d+/g, 'pid:PID').replace(/pidfd_open\(\d+/g, 'pidfd_open(PID');
    const [strace, vat] = both(options, [fixture('pidfd-calls')]).map(pids);
    assert.match(strace ?? '', set === 'path' ? /anon_inode:\[pidfd\]/ : /<pid:PID>/);
    assert.equal(vat, strace);
  });
}

// PTRACE_GET_SYSCALL_INFO's struct cut at the size copied, at none/entry/exit stops, under each -X style,
// compared with strace 6.1 (the fixture traces its own child; the tracers trace only the fixture).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { fixture } from '../../helpers/fixtures.js';
import { hasStrace, normalize, traceWith } from '../../helpers/strace-oracle.js';

/** The child's pid is the second argument of every ptrace call. */
const sameRun = (trace: string): string => normalize(trace).replace(/^(ptrace\([^,]+), \d+/gm, '$1, PID');

for (const style of ['abbrev', 'raw', 'verbose']) {
  test(`ptrace_syscall_info under -X ${style}, as strace`, {
    skip: !hasStrace && 'strace is not installed',
  }, () => {
    const exe = fixture('ptrace-syscall-info');
    const opts = ['-e', 'trace=ptrace', '-e', 'signal=none', `-X${style}`];
    const v = traceWith('vat', opts, [exe]).trace;
    assert.equal(sameRun(v), sameRun(traceWith('strace', opts, [exe]).trace));
    if (style === 'abbrev') {
      assert.match(
        v,
        /, 88, \{op=PTRACE_SYSCALL_INFO_ENTRY, arch=AUDIT_ARCH_X86_64, .*entry=\{nr=__NR_chdir, args=\[0x/,
      );
      assert.match(v, /, 33, \{op=PTRACE_SYSCALL_INFO_EXIT, .*exit=\{rval=-ENOENT, is_error=1\}\}\) = \d+/);
      assert.match(v, /, 32, \{op=PTRACE_SYSCALL_INFO_EXIT, .*exit=\{rval=-2\}\}\) = \d+/);
    }
  });
}

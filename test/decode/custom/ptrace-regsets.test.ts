// ptrace's register sets (GETREGS/SETREGS, GETFPREGS/SETFPREGS, GETREGSET/SETREGSET's iovec by NT_* type, as far as
// its length reaches) and PTRACE_PEEKSIGINFO (its args struct and the siginfo array it returns), against strace
// 6.1 in each -X style: a real stopped child for the calls that read, pid -1 for those strace decodes at entry.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { fixture } from '../../helpers/fixtures.js';
import { hasStrace, normalize, traceWith } from '../../helpers/strace-oracle.js';

/** ptrace's pid is the fixture's child, different in each run. */
const samePid = (t: string): string => normalize(t).replace(/(ptrace\([^,]*, )\d+/g, '$1PID');

test('ptrace register sets and PEEKSIGINFO, as strace', {
  skip: !hasStrace && 'strace is not installed',
}, () => {
  const exe = fixture('ptrace-regsets');
  for (const x of ['-Xabbrev', '-Xraw', '-Xverbose']) {
    const opts = [x, '-e', 'trace=ptrace', '-e', 'signal=none'];
    const v = traceWith('vat', opts, [exe]).trace;
    assert.equal(samePid(v), samePid(traceWith('strace', opts, [exe]).trace), x);
    if (x !== '-Xabbrev') continue;
    assert.match(v, /PEEKSIGINFO, \d+, \{off=0, flags=0, nr=4\}, \[\{si_signo=SIGUSR1, si_code=SI_TKILL, /);
    assert.match(v, /NT_FPREGSET, \{iov_base=\{cwd=0x37f, [^}]*st_space=\[0, 0\]\}, iov_len=40\}\) = 0/);
    assert.match(v, /NT_FPREGSET, \{iov_base=\{cwd=[^}]*xmm_space=\[0, [^}]*\}, iov_len=600 => 512\}\) = 0/);
    assert.match(v, /SETREGSET, -1, NT_PRSTATUS, \{iov_base=\{r15=0x10, r14=0x11, r13=0x12\}, iov_len=24\}/);
    assert.match(
      v,
      /SETREGSET, -1, NT_PRSTATUS, \{iov_base=\{r15=0x10, [^}]*, gs=0x2a, \.\.\.\}, iov_len=304\}/,
    );
    assert.match(v, /SETREGS, -1, \{r15=0x10, r14=0x11, [^}]*, gs=0x2a\}\)/);
  }
});

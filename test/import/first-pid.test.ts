// strace's stderr prefixes `[pid N]` only while several processes run: when the child is gone before its parent
// prints again (and its attach notice cut the parent's line), no line names the parent. Its set_tid_address return
// (glibc, at start-up) does: this log is strace 6.1's own output of test/fixtures/fork-wait.c in that interleaving.
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { scratch } from '../helpers/fixtures.js';
import { runVat } from '../helpers/run-vat.js';

const LOG = `execve("./fork-wait", ["./fork-wait"], 0x7ffd4e2ee8e0 /* 39 vars */) = 0
set_tid_address(0x7f07935e7a10)         = 19540
clone(child_stack=NULL, flags=CLONE_CHILD_CLEARTID|CLONE_CHILD_SETTID|SIGCHLD, child_tidptr=0x7f07935e7a10) = 19541
wait4(19541, strace: Process 19541 attached
 <unfinished ...>
[pid 19541] getppid()                   = 19540
[pid 19541] exit_group(3)               = ?
[pid 19541] +++ exited with 3 +++
<... wait4 resumed>[{WIFEXITED(s) && WEXITSTATUS(s) == 3}], 0, NULL) = 19541
--- SIGCHLD {si_signo=SIGCHLD, si_code=CLD_EXITED, si_pid=19541, si_uid=0, si_status=3, si_utime=0, si_stime=0} ---
exit_group(0)                           = ?
+++ exited with 0 +++
`;

test('a stderr log whose parent is never prefixed takes its pid from set_tid_address', () => {
  const log = join(scratch(), 'err.txt');
  writeFileSync(log, LOG);
  const r = runVat(['import', log]);
  assert.equal(r.status, 0, r.stderr);
  const events = r.stdout
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l) as { pid: number; name?: string });
  assert.deepEqual([...new Set(events.map((e) => e.pid))].sort(), [19540, 19541]);
  assert.equal(events.find((e) => e.name === 'wait4')?.pid, 19540);
});

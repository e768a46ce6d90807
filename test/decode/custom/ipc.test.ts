// System V IPC buffers (msgctl/semctl/shmctl structs, msgbuf, sembuf), shmget's huge-page flags and memfd_create's
// long names, compared with strace 6.1 under each -X style on a fixture that creates and removes private objects.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { fixture } from '../../helpers/fixtures.js';
import { hasStrace, traceWith } from '../../helpers/strace-oracle.js';

/**
 * Ids, times, pids, counters and addresses differ between two runs; names, flags and layout do not. Zeros too:
 * the *_INFO commands return the highest index in use, which the kernel allocates cyclically (0 on a fresh
 * machine's first run, 1 on the next), and their counters count the host's other objects.
 */
const normalize = (trace: string): string =>
  trace
    .replace(/0x7[0-9a-f]{9,11}\b/g, 'ADDR')
    .replace(/\b\d+\b/g, 'N')
    .replace(/ +=/g, ' =');

for (const style of ['abbrev', 'raw', 'verbose']) {
  test(`IPC structs, shmget and memfd_create flags under -X ${style}, as strace`, {
    skip: !hasStrace && 'strace is not installed',
  }, () => {
    const exe = fixture('ipc-structs');
    const opts = ['-e', 'trace=%ipc,memfd_create', `-X${style}`];
    const v = traceWith('vat', opts, [exe]).trace;
    assert.equal(normalize(v), normalize(traceWith('strace', opts, [exe]).trace));
    if (style === 'abbrev') {
      assert.match(
        v,
        /^msgctl\(\d+, IPC_SET, \{msg_perm=\{uid=0, gid=0, mode=0600\}, msg_qbytes=\d+\}\) = 0$/m,
      );
      assert.match(v, /^msgsnd\(\d+, \{mtype=2125315823, mtext="STRACE!\\0"\}, 8, 0\) = 0$/m);
      assert.match(v, /sem_flg=IPC_NOWAIT\|0x20\}\], 2, NULL\) = 0$/m);
      assert.match(v, /^shmctl\(\d+, SHM_INFO, \{used_ids=\d+, shm_tot=/m);
      assert.match(v, /^memfd_create\("m{32}"\.\.\., MFD_CLOEXEC\|MFD_HUGETLB\|30<<MFD_HUGE_SHIFT\)/m);
    }
    if (style === 'verbose') assert.match(v, /\|21<<26 \/\* SHM_HUGE_SHIFT \*\/\|0600\)/);
  });
}

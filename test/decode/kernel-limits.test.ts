// Decoding that depends on a kernel limit or on the call's result, as strace 6.1 does it (see the fixture):
// compared line for line with strace on the same program.
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { test } from 'node:test';
import { fixture, tempDir } from '../helpers/fixtures.js';
import { hasStrace, normalize, traceWith } from '../helpers/strace-oracle.js';

const CALLS = 'time,umask,wait4,setxattr,getxattr,listxattr,sethostname,setgroups,reboot,_sysctl,write';

test('limits and results shape the decoding as in strace', {
  skip: !hasStrace && 'strace is not installed',
}, () => {
  const bin = fixture('kernel-limits');
  const file = `${tempDir('vat-limits-')}/f`;
  writeFileSync(file, '');
  const opts = ['-e', `trace=${CALLS}`, '-e', 'write=3', '-e', 'signal=none'];
  const v = normalize(traceWith('vat', opts, [bin, file]).trace);
  const s = normalize(traceWith('strace', opts, [bin, file]).trace);
  // time's return is the clock (the dates may differ by a second); the dump names the tracee's pid
  const clock = (t: string): string =>
    t
      .replace(/^time\(NULL\) += \d+ \([^)]*\)$/m, 'time(NULL) = T (DATE)')
      .replace(/ from pid \d+ @/, ' from pid PID @');
  assert.equal(clock(v), clock(s));
  assert.match(v, /^time\(NULL\) += \d+ \(\d{4}-\d\d-\d\dT/m);
  assert.ok(v.includes('umask(042) = 022'), v);
  assert.ok(v.includes('WNOHANG, ADDR) = '), v);
  assert.ok(v.includes(' | <Cannot fetch 10 bytes from pid '), v);
});

// sock_ioctl's SIOCGIFCONF (the length given and got, the ifreqs the kernel wrote), compared with strace 6.1 in
// several styles.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { fixture } from '../../helpers/fixtures.js';
import { hasStrace, normalize, traceWith } from '../../helpers/strace-oracle.js';

test('SIOCGIFCONF as strace', { skip: !hasStrace && 'strace is not installed' }, () => {
  const exe = fixture('ioctl-ifconf');
  for (const style of [[], ['-X', 'raw'], ['-v'], ['-s', '1']]) {
    const opts = [...style, '-e', 'trace=ioctl'];
    const v = normalize(traceWith('vat', opts, [exe]).trace);
    assert.equal(v, normalize(traceWith('strace', opts, [exe]).trace));
  }
  const v = traceWith('vat', ['-e', 'trace=ioctl'], [exe]).trace;
  assert.match(v, /SIOCGIFCONF, NULL\)/);
  assert.match(v, /\{ifc_len=\d+ \/\* \d+ \* sizeof\(struct ifreq\) \*\/, ifc_buf=NULL\}\) = 0/);
  assert.match(v, /\{ifc_len=1 => 0, ifc_buf=\[\]\}\) = 0/);
  assert.match(v, /ifc_buf=\[\{ifr_name="lo", ifr_addr=\{sa_family=AF_INET, sin_port=htons\(0\), /);
});

// Control messages (SOL_IP's pktinfo, options, recverr, origdstaddr, checksum; SOL_SOCKET time stamps at their
// size and at another one) and recvmmsg's `left` detail under -e verbose=none, compared with strace 6.1.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { fixture } from '../../helpers/fixtures.js';
import { hasStrace, normalize, traceWith } from '../../helpers/strace-oracle.js';

/** The time left of recvmmsg's timeout differs from run to run. */
const sameLeft = (t: string): string => normalize(t).replace(/\(left \{[^}]*\}\)/g, '(left T)');

for (const opts of [
  ['-e', 'trace=sendmsg,recvmmsg'],
  ['-e', 'verbose=none', '-e', 'trace=recvmmsg'],
]) {
  test(`control messages and recvmmsg with ${opts.join(' ')}, as strace`, {
    skip: !hasStrace && 'strace is not installed',
  }, () => {
    const exe = fixture('cmsg-ip');
    const v = sameLeft(traceWith('vat', opts, [exe]).trace);
    assert.equal(v, sameLeft(traceWith('strace', opts, [exe]).trace));
    if (opts.includes('verbose=none')) assert.match(v, /^recvmmsg\(3, ADDR, 1, MSG_DONTWAIT, ADDR\) = 1$/m);
    else {
      assert.match(
        v,
        /cmsg_type=IP_PKTINFO, cmsg_data=\{ipi_ifindex=\S+, ipi_spec_dst=inet_addr\("1\.2\.3\.4"\)/,
      );
      assert.match(
        v,
        /cmsg_type=IP_RECVERR, cmsg_data=\{ee_errno=111, .*offender=\{sa_family=AF_INET, sin_port=htons\(12345\)/,
      );
      assert.match(v, /cmsg_type=SO_TIMESTAMPING_OLD, cmsg_data=\?\?\?\}/);
      assert.match(v, /\(left T\)$/m);
    }
  });
}

// Socket option structs (SO_PEERCRED/SO_LINGER cut short, packet_mreq, tpacket_req, icmp_filter, group_req) and
// SO_TXREHASH's named values in the three -X styles, compared with strace 6.1.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { fixture } from '../../helpers/fixtures.js';
import { hasStrace, normalize, traceWith } from '../../helpers/strace-oracle.js';

/** The peer's pid differs between the two runs, whole or as its first bytes. */
const samePid = (t: string): string => normalize(t).replace(/pid=("[^"]*"|\d+)/g, 'pid=PID');

for (const style of ['abbrev', 'raw', 'verbose']) {
  test(`get/setsockopt structs under -X ${style}, as strace`, {
    skip: !hasStrace && 'strace is not installed',
  }, () => {
    const exe = fixture('sockopt-structs');
    const opts = [`-X${style}`, '-e', 'trace=getsockopt,setsockopt'];
    const v = samePid(traceWith('vat', opts, [exe]).trace);
    assert.equal(v, samePid(traceWith('strace', opts, [exe]).trace));
    if (style === 'abbrev') {
      assert.match(v, /\{pid=PID, uid=0, gid="\\x00\\x00\\x00"\}, \[11\]\) = 0/);
      assert.match(v, /\{l_onoff=1, l_linger="\\x05\\x00"\}, \[6\]\) = 0/);
      assert.match(v, /mr_type=PACKET_MR_PROMISC, mr_alen=6, mr_address=52:54:00:12:34:56\}/);
      assert.match(v, /ICMP_FILTER, ~\[ICMP_ECHO ICMP_TIMESTAMP 0x1e \/\* ICMP_\?\?\? \*\/\], 4\)/);
      assert.match(
        v,
        /MCAST_JOIN_GROUP, \{gr_interface=\S+, gr_group=\{sa_family=AF_INET6, sin6_port=htons\(1234\)/,
      );
      assert.match(v, /SO_TXREHASH, \[SOCK_TXREHASH_ENABLED\], 5\)/);
      assert.match(v, /SO_TXREHASH, \[2 \/\* SOCK_TXREHASH_\?\?\? \*\/\], 4\)/);
    }
  });
}

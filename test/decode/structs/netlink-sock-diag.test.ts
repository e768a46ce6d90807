// NETLINK_SOCK_DIAG requests and responses of the unix, netlink and packet families and inet requests (header
// structs chosen by family, type and NLM_F_REQUEST, then attributes), compared with strace 6.1 in the three -X styles.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { fixture } from '../../helpers/fixtures.js';
import { ENGINES, hasStrace, normalize, stylesOf, traceWith } from '../../helpers/strace-oracle.js';

for (const engine of ENGINES)
  test(`${engine}: sock_diag requests and responses by family, as strace`, {
    skip: !hasStrace && 'strace is not installed',
  }, () => {
    const exe = fixture('netlink-sock-diag');
    for (const style of stylesOf(engine, [[], ['-X', 'raw'], ['-X', 'verbose']])) {
      const opts = [...style, '-e', 'trace=sendto'];
      const v = normalize(traceWith('vat', ['--engine', engine, ...opts], [exe]).trace);
      assert.equal(v, normalize(traceWith('strace', opts, [exe]).trace));
    }
    // not normalized: the group words are long hex numbers, which normalize() takes for addresses
    const v = traceWith('vat', ['--engine', engine, '-e', 'trace=sendto'], [exe]).trace;
    assert.match(
      v,
      /udiag_states=1<<TCP_ESTABLISHED\|1<<TCP_LISTEN, udiag_ino=0, udiag_show=UDIAG_SHOW_NAME/,
    );
    assert.match(v, /udiag_cookie=\[4294967295, 4294967295\]/);
    assert.match(v, /\{udiag_vfs_dev=makedev\(0x8, 0x1\), udiag_vfs_ino=42\}/);
    assert.match(v, /\[\[SK_MEMINFO_RMEM_ALLOC\]=0, \[SK_MEMINFO_RCVBUF\]=100, /);
    assert.match(v, /\{udiag_family=AF_UNIX, \.\.\.\}/);
    assert.match(v, /sdiag_protocol=NDIAG_PROTO_ALL/);
    assert.match(v, /NETLINK_DIAG_GROUPS\}, \[0000000000000000, 0x00000000010001\]/);
    assert.match(v, /pdi_version=TPACKET_V3, .*pdi_flags=PDI_RUNNING\|PDI_LOSS\}/);
    assert.match(
      v,
      /idiag_ext=1<<\(INET_DIAG_INFO-1\), idiag_states=1<<TCP_LISTEN, id=\{idiag_sport=htons\(80\)/,
    );
    assert.match(
      v,
      /\{code=INET_DIAG_BC_S_COND, yes=4, no=8\}, \{family=AF_INET, prefix_len=8, port=4294967295, addr=/,
    );
    assert.match(v, /nlmsg_type=TCPDIAG_GETSOCK, .*inet_pton\(AF_INET6, "::1", &idiag_dst\)/);
  });

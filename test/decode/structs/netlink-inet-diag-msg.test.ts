// NETLINK_SOCK_DIAG responses of the inet families (inet_diag_msg and its INET_DIAG_* attributes: memory and
// congestion-control structs, addresses, MD5 keys, TLS/MPTCP nests, BPF storages, socket option bits), compared
// with strace 6.1 in the three -X styles.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { fixture } from '../../helpers/fixtures.js';
import { ENGINES, hasStrace, normalize, stylesOf, traceWith } from '../../helpers/strace-oracle.js';

for (const engine of ENGINES)
  test(`${engine}: inet_diag_msg responses and their attributes, as strace`, {
    skip: !hasStrace && 'strace is not installed',
  }, () => {
    const exe = fixture('netlink-inet-diag-msg');
    for (const style of stylesOf(engine, [[], ['-X', 'raw'], ['-X', 'verbose']])) {
      const opts = [...style, '-e', 'trace=sendto'];
      const v = normalize(traceWith('vat', ['--engine', engine, ...opts], [exe]).trace);
      assert.equal(v, normalize(traceWith('strace', opts, [exe]).trace));
    }
    const v = traceWith('vat', ['--engine', engine, '-e', 'trace=sendto'], [exe]).trace;
    assert.match(v, /\{idiag_family=AF_INET, idiag_state=TCP_LISTEN, idiag_timer=1, idiag_retrans=2, id=\{/);
    assert.match(v, /idiag_uid=1000, idiag_inode=4242\}, \[\[\{nla_len=20, nla_type=INET_DIAG_MEMINFO\}/);
    assert.match(
      v,
      /\[\{nla_len=5, nla_type=INET_DIAG_SHUTDOWN\}, 0x3 \/\* RCV_SHUTDOWN\|SEND_SHUTDOWN \*\/\]/,
    );
    assert.match(v, /tcpm_addr=inet_addr\("198\.51\.100\.7"\), tcpm_key="\\x6b\\x01\\x79\\xff"/);
    assert.match(v, /\{recverr=1, is_icsk=1, bind_address_no_port=1\}/);
    assert.match(v, /TLS_1_3_VERSION\], \[\{nla_len=6, nla_type=TLS_INFO_CIPHER\}, TLS_CIPHER_AES_GCM_256\]/);
    assert.match(v, /MPTCP_SUBFLOW_FLAG_MCAP_REM\|MPTCP_SUBFLOW_FLAG_CONNECTED\|0x10000/);
    assert.match(v, /\{idiag_family=AF_INET6, .*inet_pton\(AF_INET6, "::1", &idiag_src\)/);
    assert.match(v, /\{idiag_family=AF_INET, \.\.\.\}/);
    // nla_type's NLA_F_NESTED in the -X style, as print_xlat
    if (engine === 'ebpf') return; // -X: ptrace's
    const raw = traceWith('vat', ['--engine', engine, '-X', 'raw', '-e', 'trace=sendto'], [exe]).trace;
    assert.match(raw, /nla_type=0x8000\|0x13\}/);
  });

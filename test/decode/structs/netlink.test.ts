// Netlink messages whose type and flag names depend on the socket's protocol (audit, xfrm, selinux, netfilter's
// subsystem<<8|command, sock_diag), their payloads, and a message cut by an unreadable page, compared with strace 6.1.
// Both engines: the eBPF reader decodes after the process is gone and -e trace=sendto hides socket(), so what fd 3
// is (NETLINK_AUDIT, _XFRM...) comes from the kernel program, which reads the socket at the call.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { fixture } from '../../helpers/fixtures.js';
import { ENGINES, hasStrace, normalize, traceWith } from '../../helpers/strace-oracle.js';

for (const engine of ENGINES)
  test(`${engine}: netlink message types, flags and payloads by protocol, as strace`, {
    skip: !hasStrace && 'strace is not installed',
  }, () => {
    const exe = fixture('netlink-protocols');
    const opts = ['-e', 'trace=sendto'];
    const v = normalize(traceWith('vat', ['--engine', engine, ...opts], [exe]).trace);
    assert.equal(v, normalize(traceWith('strace', opts, [exe]).trace));
    assert.match(v, /nlmsg_type=XFRM_MSG_DELSA, nlmsg_flags=NLM_F_ECHO\|NLM_F_NONREC,/);
    assert.match(v, /nlmsg_type=0xff \/\* NFNL_SUBSYS_\?\?\? \*\/<<8\|0xff,/);
    assert.match(v, /\{nfgen_family=AF_INET, version=NFNETLINK_V0, res_id=htons\(NFNL_SUBSYS_NFTABLES\)\}/);
    assert.match(v, /SELNL_MSG_SETENFORCE, .*\{val=-2\}/);
    assert.match(v, /\{rtgen_family=AF_INET\}, \[\{nla_len=8, nla_type=NETNSA_NSID\}, -2\]\]/);
    assert.match(
      v,
      /\{ncm_family=AF_INET\}, \[\{nla_len=8, nla_type=0x3fff \/\* NETCONFA_\?\?\? \*\/\}, "\\x61/,
    );
    assert.match(v, /\{ifal_family=AF_INET, ifal_prefixlen=8, ifal_flags=0, ifal_index=\S+, ifal_seq=7\}/);
    // the attribute past the readable page: its address, the other arguments decoded
    assert.match(
      v,
      /^sendto\(3, \[\{nlmsg_len=44, nlmsg_type=RTM_GETADDR, .*IFA_ADDRESS\}, ADDR\]\], 44, MSG_DONTWAIT/m,
    );
  });

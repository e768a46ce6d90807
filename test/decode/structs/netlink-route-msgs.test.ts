// Route message families (rtmsg, ndmsg, ndtmsg, fib_rule_hdr, dcbmsg, nhmsg, br_port_msg, cache reports,
// traffic control tcmsg and tcamsg) with their attributes,
// nested ones and structs among them, compared with strace 6.1, in the default and raw -X styles.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { fixture } from '../../helpers/fixtures.js';
import { ENGINES, hasStrace, normalize, stylesOf, traceWith } from '../../helpers/strace-oracle.js';

for (const engine of ENGINES)
  test(`${engine}: route message families and their attributes, as strace`, {
    skip: !hasStrace && 'strace is not installed',
  }, () => {
    const exe = fixture('netlink-route-msgs');
    for (const style of stylesOf(engine, [[], ['-X', 'raw']])) {
      const opts = [...style, '-e', 'trace=sendto'];
      const v = normalize(traceWith('vat', ['--engine', engine, ...opts], [exe]).trace);
      assert.equal(v, normalize(traceWith('strace', opts, [exe]).trace));
    }
    const v = normalize(traceWith('vat', ['--engine', engine, '-e', 'trace=sendto'], [exe]).trace);
    assert.match(
      v,
      /rtm_tos=IPTOS_LOWDELAY, rtm_table=RT_TABLE_MAIN, rtm_protocol=RTPROT_BOOT, rtm_scope=RT_SCOPE_LINK/,
    );
    assert.match(v, /\{nla_len=\d+, nla_type=RTA_METRICS\}, \[\[\{nla_len=8, nla_type=RTAX_MTU\}, 1500\]/);
    assert.match(v, /\{rtnh_len=16, rtnh_flags=RTNH_F_DEAD, rtnh_hops=3, rtnh_ifindex=/);
    assert.match(v, /\{id=8, weight=2, resvd2=0xbeef\}/);
    assert.match(v, /addr=\{inet_pton\(AF_INET6, "ff02::1", &u\), proto=htons\(AF_INET6\)\}/);
    assert.match(v, /\{rtvia_family=AF_INET6, inet_pton\(AF_INET6, "fe80::1", &rtvia_addr\)\}/);
    assert.match(
      v,
      /\{rtgen_family=RTNL_FAMILY_IPMR\}, \[\[\{nla_len=5, nla_type=IPMRA_CREPORT_MSGTYPE\}, IGMPMSG_NOCACHE\]/,
    );
    assert.match(v, /\[\{nla_len=16, nla_type=TCA_STATS_BASIC\}, \{bytes=1234, packets=5\}\]/);
    assert.match(v, /cell_align=-1, overhead=-4, .*\[\{nla_len=10, nla_type=TCA_STAB_DATA\}, \[1, 2, 3\]\]/);
    assert.match(v, /NHA_RES_GROUP_IDLE_TIMER\}, 250 \/\* 2\.50 s \*\/\]/);
  });

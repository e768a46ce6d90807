// RTM_*STATS messages (if_stats_msg) and their IFLA_STATS_* attributes, nested bridge, bond, offload and MPLS
// statistics among them, compared with strace 6.1 in the default and raw -X styles.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { fixture } from '../../helpers/fixtures.js';
import { ENGINES, hasStrace, normalize, stylesOf, traceWith } from '../../helpers/strace-oracle.js';

for (const engine of ENGINES)
  test(`${engine}: interface statistics messages and their attributes, as strace`, {
    skip: !hasStrace && 'strace is not installed',
  }, () => {
    const exe = fixture('netlink-route-stats');
    for (const style of stylesOf(engine, [[], ['-X', 'raw']])) {
      const opts = [...style, '-e', 'trace=sendto'];
      const v = normalize(traceWith('vat', ['--engine', engine, ...opts], [exe]).trace);
      assert.equal(v, normalize(traceWith('strace', opts, [exe]).trace));
    }
    const v = normalize(traceWith('vat', ['--engine', engine, '-e', 'trace=sendto'], [exe]).trace);
    assert.match(v, /filter_mask=1<<IFLA_STATS_LINK_64\|1<<IFLA_STATS_LINK_XSTATS\|1<<IFLA_STATS_AF_SPEC\}/);
    assert.match(v, /vid=100, flags=BRIDGE_VLAN_INFO_PVID\|BRIDGE_VLAN_INFO_UNTAGGED, pad2=0xbad\}/);
    assert.match(v, /igmp_v1queries=\[\[BR_MCAST_DIR_RX\]=1, \[BR_MCAST_DIR_TX\]=2\]/);
    assert.match(v, /\[\{nla_len=12, nla_type=BOND_3AD_STAT_LACPDU_RX\}, 42\]/);
    assert.match(v, /nla_type=MPLS_STATS_LINK\}, \{rx_packets=5, .*rx_noroute=6\}/);
    assert.match(
      v,
      /\{family=0xff \/\* AF_\?\?\? \*\/, pad1=0xde, pad2=0xbeef, ifindex=.*filter_mask=\S+ \/\* 1<<IFLA_STATS_\?\?\? \*\//,
    );
    assert.match(v, /\{family=0xff \/\* AF_\?\?\? \*\/, \.\.\.\}/);
  });

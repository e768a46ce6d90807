// RTM_*LINK nested attributes (bridge port and inet6 protinfo, link info by kind, VF info and ports, per-family
// and bridge af_spec, XDP, ifmap, events, ext mask, property list, proto-down reason), compared with strace 6.1
// in the three -X styles.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { fixture } from '../../helpers/fixtures.js';
import { ENGINES, hasStrace, normalize, stylesOf, traceWith } from '../../helpers/strace-oracle.js';

for (const engine of ENGINES)
  test(`${engine}: link attributes nested by family and kind, as strace`, {
    skip: !hasStrace && 'strace is not installed',
  }, () => {
    const exe = fixture('netlink-route-link');
    for (const style of stylesOf(engine, [[], ['-X', 'raw'], ['-X', 'verbose']])) {
      const opts = [...style, '-e', 'trace=sendto'];
      const v = normalize(traceWith('vat', ['--engine', engine, ...opts], [exe]).trace);
      assert.equal(v, normalize(traceWith('strace', opts, [exe]).trace));
    }
    const v = normalize(traceWith('vat', ['--engine', engine, '-e', 'trace=sendto'], [exe]).trace);
    assert.match(
      v,
      /\{nla_len=12, nla_type=IFLA_BRPORT_ROOT_ID\}, \{prio=\[128, 0\], addr=52:54:00:12:34:56\}/,
    );
    assert.match(v, /\[\[DEVCONF_FORWARDING\]=1, \[DEVCONF_HOPLIMIT\]=64, \[DEVCONF_MTU6\]=-1\]/);
    assert.match(v, /\{optval=1<<BR_BOOLOPT_NO_LL_LEARN, optmask=1<<BR_BOOLOPT_NO_LL_LEARN\|0x10\}/);
    assert.match(v, /nla_type=IFLA_TUN_OWNER\}, -1\].*nla_type=IFLA_TUN_TYPE\}, IFF_TAP\]/);
    assert.match(
      v,
      /\{bus_error=1, error_warning=2, error_passive=3, bus_off=4, arbitration_lost=5, restarts=6\}/,
    );
    assert.match(v, /vlan_proto=htons\(ETH_P_8021AD\)/);
    assert.match(v, /\[\[IPV4_DEVCONF_FORWARDING-1\]=1, \[IPV4_DEVCONF_MC_FORWARDING-1\]=0\]/);
    assert.match(v, /\{nla_len=8, nla_type=AF_UNIX\}, "\\xef\\xbe\\xad\\xde"\]/);
    assert.match(v, /XDP_FLAGS_UPDATE_IF_NOEXIST\|XDP_FLAGS_DRV_MODE/);
  });

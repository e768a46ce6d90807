// RTM_*STATS (struct if_stats_msg) and its IFLA_STATS_* attributes as strace's rtnl_stats.c prints them: link
// counters, bridge and bond extended statistics, offload and per-family (MPLS) statistics. Layouts come from the
// generated STRUCTS table, names from the xlat tables; only the shapes are here.

import { int, ptr, text, type Value } from '../../model/value.js';
import { STRUCTS } from '../../tables/generated/structs.js';
import {
  type AttrDecoder,
  attributes,
  type Buf,
  type Decoders,
  type FieldSpec,
  hexString,
  type Layout,
  layoutFields,
  nested,
  readable,
  u64,
} from './netlink-attr.js';
import { afSpec } from './netlink-route-link.js';
import { routeMsg } from './netlink-route-msgs.js';
import { xlatText } from './read.js';

const S = STRUCTS;

/** struct rtnl_link_stats / rtnl_link_stats64 (include/uapi/linux/if_link.h): these counters, then rx_nohandler and
 * (64-bit only) rx_otherhost_dropped when the length has them. */
const LINK_STATS = [
  'rx_packets',
  'tx_packets',
  'rx_bytes',
  'tx_bytes',
  'rx_errors',
  'tx_errors',
  'rx_dropped',
  'tx_dropped',
  'multicast',
  'collisions',
  'rx_length_errors',
  'rx_over_errors',
  'rx_crc_errors',
  'rx_frame_errors',
  'rx_fifo_errors',
  'rx_missed_errors',
  'tx_aborted_errors',
  'tx_carrier_errors',
  'tx_fifo_errors',
  'tx_heartbeat_errors',
  'tx_window_errors',
  'rx_compressed',
  'tx_compressed',
] as const;

/** IFLA_STATS (width 4) and IFLA_STATS64 (width 8): sizes strace accepts are exact field counts, or more. */
export function linkStats(width: 4 | 8, extra: readonly string[]): AttrDecoder {
  return (b, off, len) => {
    const names = [...LINK_STATS, ...extra];
    const sizes = names.map((_, i) => (i + 1) * width).filter((n) => n >= LINK_STATS.length * width);
    const full = names.length * width;
    const size = len >= full ? full : sizes.includes(len) ? len : 0;
    if (size === 0) return undefined;
    if (!readable(b, off, size)) return ptr(b.addr + BigInt(off));
    const value = (i: number): Value =>
      int(width === 4 ? b.view.getUint32(off + i * width, true) : b.view.getBigUint64(off + i * width, true));
    return { k: 'struct', fields: names.slice(0, size / width).map((n, i) => [n, value(i)]) };
  };
}

/** A struct attribute read whole (sizeof), then any bytes past it as a hex string (strace's xstats decoders). */
function structThenHex(layout: Layout, specs: readonly FieldSpec[]): AttrDecoder {
  return (b, off, len) => {
    if (len < layout.size) return undefined;
    if (!readable(b, off, layout.size)) return ptr(b.addr + BigInt(off));
    const value: Value = { k: 'struct', fields: layoutFields(b, off, layout, specs) };
    return len > layout.size ? [value, hexString(b, off + layout.size, len - layout.size)] : value;
  };
}

/** PRINT_FIELD_ARRAY_INDEXED over u64 elements: `[[BR_MCAST_DIR_RX]=1, [BR_MCAST_DIR_TX]=2]`. */
const indexedU64 =
  (layout: Layout, field: string, table: string) =>
  (b: Buf, at: number): Value => ({
    k: 'array',
    items: Array.from({ length: layout.fields[field]?.count ?? 0 }, (_, i) =>
      text(`[${xlatText(table, i, 'enum')}]=${b.view.getBigUint64(at + 8 * i, true)}`),
    ),
  });

const MCAST: Layout = S.br_mcast_stats;
/** br_mcast_stats: the [RX, TX] pairs indexed by direction, the parse error counters plain. */
const mcastField = (name: string): FieldSpec =>
  MCAST.fields[name]?.count ? [name, indexedU64(MCAST, name, 'ifstats_xstats_bridge_mcast_indices')] : [name];

/** LINK_XSTATS_TYPE_BRIDGE: per-VLAN, multicast and STP counters. */
const BRIDGE_XSTATS: Decoders = {
  BRIDGE_XSTATS_VLAN: structThenHex(S.bridge_vlan_xstats, [
    ['rx_bytes'],
    ['rx_packets'],
    ['tx_bytes'],
    ['tx_packets'],
    ['vid'],
    ['flags', { flags: 'nl_bridge_vlan_flags' }],
    ['pad2', 'x', 'nonzero'],
  ]),
  BRIDGE_XSTATS_MCAST: structThenHex(
    MCAST,
    [
      'igmp_v1queries',
      'igmp_v2queries',
      'igmp_v3queries',
      'igmp_leaves',
      'igmp_v1reports',
      'igmp_v2reports',
      'igmp_v3reports',
      'igmp_parse_errors',
      'mld_v1queries',
      'mld_v2queries',
      'mld_leaves',
      'mld_v1reports',
      'mld_v2reports',
      'mld_parse_errors',
      'mcast_bytes',
      'mcast_packets',
    ].map(mcastField),
  ),
  BRIDGE_XSTATS_STP: structThenHex(S.bridge_stp_xstats, [
    ['transition_blk'],
    ['transition_fwd'],
    ['rx_bpdu'],
    ['tx_bpdu'],
    ['rx_tcn'],
    ['tx_tcn'],
  ]),
};

/** BOND_XSTATS_3AD: every counter a u64 (BOND_3AD_STAT_PAD stays hex). */
const BOND_3AD: Decoders = Object.fromEntries(
  [
    'LACPDU_RX',
    'LACPDU_TX',
    'LACPDU_UNKNOWN_RX',
    'LACPDU_ILLEGAL_RX',
    'MARKER_RX',
    'MARKER_TX',
    'MARKER_RESP_RX',
    'MARKER_RESP_TX',
    'MARKER_UNKNOWN_RX',
  ].map((n) => [`BOND_3AD_STAT_${n}`, u64]),
);

const xstats = nested('ifstats_xstats_type_attrs', {
  LINK_XSTATS_TYPE_BRIDGE: nested('ifstats_xstats_bridge_attrs', BRIDGE_XSTATS),
  LINK_XSTATS_TYPE_BOND: nested('ifstats_xstats_bond_attrs', {
    BOND_XSTATS_3AD: nested('ifstats_xstats_bond_3ad_attrs', BOND_3AD),
  }),
});

const mplsLink = structThenHex(
  S.mpls_link_stats,
  [
    'rx_packets',
    'tx_packets',
    'rx_bytes',
    'tx_bytes',
    'rx_errors',
    'tx_errors',
    'rx_dropped',
    'tx_dropped',
    'rx_noroute',
  ].map((n): FieldSpec => [n]),
);

const STATS_AF_SPEC = {
  AF_MPLS: ['ifstats_af_spec_mpls_attrs', { MPLS_STATS_LINK: mplsLink }],
} as const;

/** IFLA_STATS_AF_SPEC: one attribute per address family (its type), decoded by that family's table. */
const statsAfSpec: AttrDecoder = (b, off, len, family) =>
  attributes(
    b,
    off,
    len,
    'socket_domain',
    { '*': (bb, o, l, type) => afSpec(STATS_AF_SPEC, type & 0xff)(bb, o, l, type) },
    family,
  );

const ifStatsMsg = routeMsg({
  layout: S.if_stats_msg,
  fields: [
    ['family'],
    ['pad1', 'x', 'nonzero'],
    ['pad2', 'x', 'nonzero'],
    ['ifindex', 'ifindex'],
    ['filter_mask', { flags: 'ifstats_attr_flags' }],
  ],
  attrs: 'ifstats_attrs',
  decoders: {
    IFLA_STATS_LINK_64: linkStats(8, ['rx_nohandler', 'rx_otherhost_dropped']),
    IFLA_STATS_LINK_XSTATS: xstats,
    IFLA_STATS_LINK_XSTATS_SLAVE: xstats,
    IFLA_STATS_LINK_OFFLOAD_XSTATS: nested('ifstats_offload_attrs', {
      IFLA_OFFLOAD_XSTATS_CPU_HIT: linkStats(8, ['rx_nohandler', 'rx_otherhost_dropped']),
    }),
    IFLA_STATS_AF_SPEC: statsAfSpec,
  },
});

/** RTM_*STATS message decoders by type name. */
export const STATS_MSGS: Readonly<Record<string, (b: Buf, off: number, len: number) => Value[]>> = {
  RTM_NEWSTATS: ifStatsMsg,
  RTM_GETSTATS: ifStatsMsg,
};

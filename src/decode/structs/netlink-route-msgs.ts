// Route message families beyond links and addresses, as strace's rtnl_route.c, rtnl_neigh.c, rtnl_neightbl.c,
// rtnl_rule.c, rtnl_dcb.c, rtnl_nh.c and rtnl_mdb.c print them: a header struct (layout generated from the
// pinned headers, fields named here) and its attribute tables, as data.

import { int, ptr, sym, text, type Value } from '../../model/value.js';
import { STRUCTS } from '../../tables/generated/structs.js';
import { lookupXlat, xlatName } from '../xlat.js';
import { arrayLimit } from './array.js';
import { ipv4Text, ipv6Text, netBytes, quoted } from './inet.js';
import {
  type AttrDecoder,
  align4,
  attributes,
  type Buf,
  be16,
  be64,
  type Decoders,
  type FieldSpec,
  hexString,
  hwaddrPlain,
  ifindex,
  in6Addr,
  inAddr,
  inetAddr,
  type Layout,
  layoutFields,
  nested,
  readable,
  str,
  structAttr,
  u8,
  u16,
  u32,
  u64,
  xlatAttr,
} from './netlink-attr.js';
import { clockTicks, xlatText } from './read.js';
import { xlatValue } from './xlat-value.js';

/** A message family: its header (the first field is the family byte), attribute table and decoders. */
export interface RouteMsg {
  readonly layout: Layout;
  readonly fields: readonly FieldSpec[];
  readonly attrs: string;
  readonly decoders?: Decoders;
}

/** strace's decode_rtmsg pattern: `{family=AF_INET, ...}` (`...` when short), then the attributes. */
export function routeMsg(m: RouteMsg): (b: Buf, off: number, len: number) => Value[] {
  return (b, off, len) => {
    const [first, ...rest] = m.fields;
    const family = b.view.getUint8(off);
    const fields: [string, Value][] = [
      [first?.[0] ?? 'family', sym(xlatText('socket_domain', family, 'enum'))],
    ];
    if (len < m.layout.size) return [{ k: 'struct', fields, more: true }];
    if (!readable(b, off, m.layout.size))
      return [{ k: 'struct', fields: [...fields, ['', ptr(b.addr + BigInt(off + 1))]] }];
    fields.push(...layoutFields(b, off, m.layout, rest));
    const out: Value[] = [{ k: 'struct', fields }];
    const at = align4(m.layout.size);
    if (len > at) out.push(attributes(b, off + at, len - at, m.attrs, m.decoders ?? {}, family));
    return out;
  };
}

/** An attribute of exactly `size` bytes (more are ignored) named by an xlat table (decode_nla_rt_class, ...). */
export function xlatFixed(table: string, how: 'enum' | 'flags', size: 1 | 2 | 4): AttrDecoder {
  return (b, off, len) => {
    if (len < size) return undefined;
    if (!readable(b, off, size)) return ptr(b.addr + BigInt(off));
    const v =
      size === 1
        ? b.view.getUint8(off)
        : size === 2
          ? b.view.getUint16(off, true)
          : b.view.getUint32(off, true);
    return sym(xlatText(table, v, how));
  };
}

/** decode_nla_clock_t: up to 8 bytes of ticks with their seconds. */
export const clockT: AttrDecoder = (b, off, len) => {
  if (len > 8) return undefined;
  if (!readable(b, off, len)) return ptr(b.addr + BigInt(off));
  let v = 0n;
  for (let i = len - 1; i >= 0; i--) v = (v << 8n) | BigInt(b.view.getUint8(off + i));
  return clockTicks(v);
};

/** decode_inet_addr with a field name: `name=inet_addr("1.2.3.4")`, `inet_pton(AF_INET6, "::1", &name)`. */
export function inetField(b: Buf, off: number, len: number, family: number, name: string): [string, Value] {
  const size =
    family === xlatValue('socket_domain', 'AF_INET')
      ? 4
      : family === xlatValue('socket_domain', 'AF_INET6')
        ? 16
        : 0;
  if (!size || len < size) return [name, hexString(b, off, len)];
  if (!readable(b, off, size)) return [name, ptr(b.addr + BigInt(off))];
  const bytes = new Uint8Array(b.view.buffer, b.view.byteOffset + off, size);
  if (size === 4)
    return [
      name,
      text(netBytes(bytes, 0, 4, `inet_addr(${quoted(b.c, new TextEncoder().encode(ipv4Text(bytes)))})`)),
    ];
  const addr = quoted(b.c, new TextEncoder().encode(ipv6Text(bytes)));
  const raw = netBytes(bytes, 0, 16, `inet_pton(AF_INET6, ${addr})`);
  return raw.startsWith('inet_pton')
    ? ['', text(`inet_pton(AF_INET6, ${addr}, &${name})`)]
    : [name, text(raw)];
}

/** PRINT_FIELD_INET_ADDR of a field `size` bytes long (inet_diag's __be32[4]): as inetField, but an AF_INET address
 * under -X raw/verbose shows every byte of the field, not only the first 4. */
export function inetFieldOf(
  b: Buf,
  off: number,
  size: number,
  family: number,
  name: string,
): [string, Value] {
  if (family !== xlatValue('socket_domain', 'AF_INET') || size < 4 || !readable(b, off, size))
    return inetField(b, off, size, family, name);
  const bytes = new Uint8Array(b.view.buffer, b.view.byteOffset + off, size);
  const v4 = `inet_addr(${quoted(b.c, new TextEncoder().encode(ipv4Text(bytes)))})`;
  return [name, text(netBytes(bytes, 0, size, v4))];
}

/** print_array of fixed-size elements over a payload: `[elem, ...]`, cut at the array limit. */
export function structArray(size: number, elem: (b: Buf, off: number, index: number) => Value): AttrDecoder {
  return (b, off, len) => {
    const n = Math.floor(len / size);
    if (n === 0) return undefined;
    if (!readable(b, off, size)) return ptr(b.addr + BigInt(off));
    const items: Value[] = [];
    for (let i = 0; i < n; i++) {
      if (i === arrayLimit(b.c)) {
        items.push(text('...'));
        break;
      }
      const at = off + i * size;
      if (!readable(b, at, size)) {
        items.push(text(`... /* ${`0x${(b.addr + BigInt(at)).toString(16)}`} */`));
        break;
      }
      items.push(elem(b, at, i));
    }
    return { k: 'array', items };
  };
}

const S = STRUCTS;
const ipProto = xlatAttr('ipproto', 'enum');

// ---- RTM_*ROUTE (rtnl_route.c) ----

const RTA_METRICS: Decoders = {
  ...Object.fromEntries(
    [
      'LOCK',
      'MTU',
      'WINDOW',
      'RTT',
      'RTTVAR',
      'SSTHRESH',
      'CWND',
      'ADVMSS',
      'REORDERING',
      'HOPLIMIT',
      'INITCWND',
      'FEATURES',
      'RTO_MIN',
      'INITRWND',
      'QUICKACK',
    ].map((n) => [`RTAX_${n}`, u32]),
  ),
  RTAX_CC_ALGO: str,
};

const rtvia: AttrDecoder = (b, off, len) => {
  const size = S.rtvia.size;
  if (len < size) return undefined;
  if (!readable(b, off, size)) return ptr(b.addr + BigInt(off));
  const family = b.view.getUint16(off, true);
  const fields: [string, Value][] = [['rtvia_family', sym(xlatText('socket_domain', family, 'enum'))]];
  const at = S.rtvia.fields.rtvia_addr.off;
  if (len > at) fields.push(inetField(b, off + at, len - at, family, 'rtvia_addr'));
  return { k: 'struct', fields };
};

/** RTA_MULTIPATH: rtnexthop structs, each followed by its own RTA_* attributes. */
const multipath: AttrDecoder = (b, off, len, family) => {
  const L = S.rtnexthop;
  if (len < L.size) return undefined;
  const items: Value[] = [];
  let cur = off;
  let left = len;
  let isArray = false;
  for (;;) {
    if (!readable(b, cur, L.size)) {
      items.push(ptr(b.addr + BigInt(cur)));
      break;
    }
    const nhLen = b.view.getUint16(cur + L.fields.rtnh_len.off, true);
    const size = Math.min(left, nhLen);
    if (cur === off && nhLen < len) isArray = true;
    const nh: Value = {
      k: 'struct',
      fields: layoutFields(b, cur, L, [
        ['rtnh_len'],
        ['rtnh_flags', { flags: 'route_nexthop_flags' }],
        ['rtnh_hops'],
        ['rtnh_ifindex', 'ifindex'],
      ]),
    };
    const hdr = align4(L.size);
    items.push(
      size > hdr
        ? { k: 'array', items: [nh, attributes(b, cur + hdr, size - hdr, 'rtnl_route_attrs', RTA, family)] }
        : nh,
    );
    if (align4(size) >= left) break;
    cur += align4(size);
    left -= align4(size);
  }
  return isArray ? { k: 'array', items } : items[0];
};

const routeAddr: AttrDecoder = (b, off, len, family) => inetAddr(b, off, len, family);

const RTA: Decoders = {
  RTA_DST: routeAddr,
  RTA_SRC: routeAddr,
  RTA_IIF: ifindex,
  RTA_OIF: ifindex,
  RTA_GATEWAY: routeAddr,
  RTA_PRIORITY: u32,
  RTA_PREFSRC: routeAddr,
  RTA_METRICS: nested('rtnl_rta_metrics_attrs', RTA_METRICS),
  RTA_MULTIPATH: (b, off, len, family) => multipath(b, off, len, family),
  RTA_PROTOINFO: u32,
  RTA_FLOW: u32,
  RTA_CACHEINFO: structAttr(S.rta_cacheinfo, [
    ['rta_clntref'],
    ['rta_lastuse'],
    ['rta_expires'],
    ['rta_error'],
    ['rta_used'],
    ['rta_id', 'x'],
    ['rta_ts'],
    ['rta_tsage'],
  ]),
  RTA_MP_ALGO: u32,
  RTA_TABLE: xlatFixed('routing_table_ids', 'enum', 4),
  RTA_MARK: u32,
  RTA_MFC_STATS: structAttr(S.rta_mfc_stats, [['mfcs_packets'], ['mfcs_bytes'], ['mfcs_wrong_if']]),
  RTA_VIA: rtvia,
  RTA_NEWDST: routeAddr,
  RTA_PREF: u8,
  RTA_ENCAP_TYPE: xlatFixed('lwtunnel_encap_types', 'enum', 2),
  RTA_EXPIRES: u64,
  RTA_UID: u32,
  RTA_TTL_PROPAGATE: u8,
  RTA_IP_PROTO: u8,
  RTA_SPORT: u16,
  RTA_DPORT: u16,
};

const rtmsg = routeMsg({
  layout: S.rtmsg,
  fields: [
    ['rtm_family'],
    ['rtm_dst_len'],
    ['rtm_src_len'],
    ['rtm_tos', { flags: 'ip_type_of_services' }],
    ['rtm_table', { enum: 'routing_table_ids' }],
    ['rtm_protocol', { enum: 'routing_protocols' }],
    ['rtm_scope', { enum: 'rt_scope' }],
    ['rtm_type', { enum: 'routing_types' }],
    ['rtm_flags', { flags: 'routing_flags' }],
  ],
  attrs: 'rtnl_route_attrs',
  decoders: RTA,
});

// ---- RTM_*NEIGH, RTM_*NEIGHTBL (rtnl_neigh.c, rtnl_neightbl.c) ----

const NDA: Decoders = {
  NDA_DST: routeAddr,
  NDA_LLADDR: hwaddrPlain,
  NDA_CACHEINFO: structAttr(S.nda_cacheinfo, [
    ['ndm_confirmed'],
    ['ndm_used'],
    ['ndm_updated'],
    ['ndm_refcnt'],
  ]),
  NDA_PROBES: u32,
  NDA_VLAN: u16,
  NDA_PORT: be16,
  NDA_VNI: u32,
  NDA_IFINDEX: ifindex,
  NDA_MASTER: ifindex,
  NDA_LINK_NETNSID: u32,
  NDA_SRC_VNI: u32,
  NDA_PROTOCOL: ipProto,
  NDA_NH_ID: u32,
  NDA_FDB_EXT_ATTRS: nested('rtnl_neigh_fdb_ext_attrs', {
    NFEA_ACTIVITY_NOTIFY: xlatAttr('fdb_notify_flags', 'flags', 1),
  }),
  NDA_FLAGS_EXT: xlatAttr('neighbor_cache_entry_ext_flags', 'flags', 4),
  NDA_NDM_STATE_MASK: xlatAttr('neighbor_cache_entry_states', 'flags', 2),
  NDA_NDM_FLAGS_MASK: xlatAttr('neighbor_cache_entry_flags', 'flags', 1),
};

const ndmsg = routeMsg({
  layout: S.ndmsg,
  fields: [
    ['ndm_family'],
    ['ndm_ifindex', 'ifindex'],
    ['ndm_state', { flags: 'neighbor_cache_entry_states' }],
    ['ndm_flags', { flags: 'neighbor_cache_entry_flags' }],
    ['ndm_type', { enum: 'routing_types' }],
  ],
  attrs: 'rtnl_neigh_attrs',
  decoders: NDA,
});

const NDT_STATS = [
  'ndts_allocs',
  'ndts_destroys',
  'ndts_hash_grows',
  'ndts_res_failed',
  'ndts_lookups',
  'ndts_hits',
  'ndts_rcv_probes_mcast',
  'ndts_rcv_probes_ucast',
  'ndts_periodic_gc_runs',
  'ndts_forced_gc_runs',
] as const;

/** NDTA_STATS: the whole struct, or exactly the part before ndts_table_fulls (older kernels). */
const ndtStats: AttrDecoder = (b, off, len) => {
  const L = S.ndt_stats;
  const min = L.fields.ndts_forced_gc_runs.off + L.fields.ndts_forced_gc_runs.size;
  const size = len >= L.size ? L.size : len === min ? min : 0;
  if (!size) return undefined;
  if (!readable(b, off, size)) return ptr(b.addr + BigInt(off));
  const names: FieldSpec[] = NDT_STATS.map((n) => [n]);
  if (len >= L.size) names.push(['ndts_table_fulls']);
  return { k: 'struct', fields: layoutFields(b, off, L, names) };
};

const NDTPA: Decoders = {
  NDTPA_IFINDEX: ifindex,
  ...Object.fromEntries(
    [
      'REFCNT',
      'QUEUE_LEN',
      'APP_PROBES',
      'UCAST_PROBES',
      'MCAST_PROBES',
      'PROXY_QLEN',
      'QUEUE_LENBYTES',
      'MCAST_REPROBES',
    ].map((n) => [`NDTPA_${n}`, u32]),
  ),
  ...Object.fromEntries(
    [
      'REACHABLE_TIME',
      'BASE_REACHABLE_TIME',
      'RETRANS_TIME',
      'GC_STALETIME',
      'DELAY_PROBE_TIME',
      'ANYCAST_DELAY',
      'PROXY_DELAY',
      'LOCKTIME',
      'INTERVAL_PROBE_TIME_MS',
    ].map((n) => [`NDTPA_${n}`, u64]),
  ),
};

const ndtmsg = routeMsg({
  layout: S.ndtmsg,
  fields: [['ndtm_family']],
  attrs: 'rtnl_neightbl_attrs',
  decoders: {
    NDTA_NAME: str,
    NDTA_THRESH1: u32,
    NDTA_THRESH2: u32,
    NDTA_THRESH3: u32,
    NDTA_CONFIG: structAttr(S.ndt_config, [
      ['ndtc_key_len'],
      ['ndtc_entry_size'],
      ['ndtc_entries'],
      ['ndtc_last_flush'],
      ['ndtc_last_rand'],
      ['ndtc_hash_rnd'],
      ['ndtc_hash_mask', '0x'],
      ['ndtc_hash_chain_gc'],
      ['ndtc_proxy_qlen'],
    ]),
    NDTA_PARMS: nested('rtnl_neightbl_parms_attrs', NDTPA),
    NDTA_STATS: ndtStats,
    NDTA_GC_INTERVAL: u64,
  },
});

// ---- RTM_*RULE (rtnl_rule.c) ----

const portRange = structAttr(S.fib_rule_port_range, [['start'], ['end']]);
const fibRuleHdr = routeMsg({
  layout: S.fib_rule_hdr,
  fields: [
    ['family'],
    ['dst_len'],
    ['src_len'],
    ['tos', { flags: 'ip_type_of_services' }],
    ['table', { enum: 'routing_table_ids_rule' }],
    ['action', { enum: 'fib_rule_actions' }],
    ['flags', { flags: 'fib_rule_flags' }],
  ],
  attrs: 'rtnl_rule_attrs',
  decoders: {
    FRA_DST: routeAddr,
    FRA_SRC: routeAddr,
    FRA_IIFNAME: str,
    FRA_GOTO: u32,
    FRA_PRIORITY: u32,
    FRA_FWMARK: u32,
    FRA_FLOW: u32,
    FRA_TUN_ID: be64,
    FRA_SUPPRESS_IFGROUP: u32,
    FRA_SUPPRESS_PREFIXLEN: u32,
    FRA_TABLE: xlatFixed('routing_table_ids', 'enum', 4),
    FRA_FWMASK: u32,
    FRA_OIFNAME: str,
    FRA_L3MDEV: u8,
    FRA_UID_RANGE: structAttr(S.fib_rule_uid_range, [['start'], ['end']]),
    FRA_PROTOCOL: xlatFixed('routing_protocols', 'enum', 1),
    FRA_IP_PROTO: ipProto,
    FRA_SPORT_RANGE: portRange,
    FRA_DPORT_RANGE: portRange,
  },
});

// ---- RTM_*DCB (rtnl_dcb.c) ----

const dcbmsg = routeMsg({
  layout: S.dcbmsg,
  fields: [['dcb_family'], ['cmd', { enum: 'dcb_commands' }]],
  attrs: 'rtnl_dcb_attrs',
});

// ---- RTM_*NEXTHOP (rtnl_nh.c) ----

const nhGroup = structArray(S.nexthop_grp.size, (b, off) => ({
  k: 'struct',
  fields: layoutFields(b, off, S.nexthop_grp, [
    ['id'],
    ['weight'],
    // strace 6.1 names weight_high (6.12) resvd1
    ['resvd1=weight_high', 'x', 'nonzero'],
    ['resvd2', 'x', 'nonzero'],
  ]),
}));

const nhmsg = routeMsg({
  layout: S.nhmsg,
  fields: [
    ['nh_family'],
    ['nh_scope', { enum: 'rt_scope' }],
    ['nh_protocol', { enum: 'routing_protocols' }],
    ['resvd', 'x', 'nonzero'],
    ['nh_flags', { flags: 'route_nexthop_flags' }],
  ],
  attrs: 'rtnl_nexthop_attrs',
  decoders: {
    NHA_ID: u32,
    NHA_GROUP: nhGroup,
    NHA_GROUP_TYPE: xlatAttr('rtnl_nexthop_grp_types', 'enum', 2),
    NHA_BLACKHOLE: u32,
    NHA_OIF: ifindex,
    NHA_GATEWAY: routeAddr,
    NHA_ENCAP_TYPE: xlatFixed('lwtunnel_encap_types', 'enum', 2),
    NHA_GROUPS: u32,
    NHA_MASTER: ifindex,
    NHA_FDB: u32,
    NHA_RES_GROUP: nested('rtnl_nha_res_group_attrs', {
      NHA_RES_GROUP_BUCKETS: u16,
      NHA_RES_GROUP_IDLE_TIMER: clockT,
      NHA_RES_GROUP_UNBALANCED_TIMER: clockT,
      NHA_RES_GROUP_UNBALANCED_TIME: clockT,
    }),
    NHA_RES_BUCKET: nested('rtnl_nha_res_bucket_attrs', {
      NHA_RES_BUCKET_INDEX: u16,
      NHA_RES_BUCKET_IDLE_TIME: clockT,
      NHA_RES_BUCKET_NH_ID: u32,
    }),
  },
});

// ---- RTM_*MDB (rtnl_mdb.c) ----

/** MDBA_MDB_ENTRY_INFO: br_mdb_entry (its address by addr.proto), then MDBA_MDB_EATTR_* attributes. */
const mdbEntryInfo: AttrDecoder = (b, off, len) => {
  const L = S.br_mdb_entry;
  if (len < L.size) return undefined;
  if (!readable(b, off, L.size)) return ptr(b.addr + BigInt(off));
  const addrOff = off + L.fields.addr.off;
  // struct br_mdb_entry.addr: a 16-byte union u, then __be16 proto (include/uapi/linux/if_bridge.h)
  const proto = b.view.getUint16(addrOff + 16, false);
  const entry: Value = {
    k: 'struct',
    fields: [
      ...layoutFields(b, off, L, [
        ['ifindex', 'ifindex'],
        ['state', { enum: 'mdb_states' }],
        ['flags', { flags: 'mdb_flags' }],
        ['vid'],
      ]),
      [
        'addr',
        {
          k: 'struct',
          fields: [
            inetField(b, addrOff, 16, proto, 'u'),
            ['proto', text(`htons(${xlatText('socket_domain', proto, 'enum')})`)],
          ],
        },
      ],
    ],
  };
  const at = align4(L.size);
  if (len <= at) return entry;
  return [
    entry,
    attributes(b, off + at, len - at, 'rtnl_mdba_mdb_eattr_attrs', { MDBA_MDB_EATTR_TIMER: clockT }, 0),
  ];
};

/** MDBA_ROUTER_PORT: an ifindex, then MDBA_ROUTER_PATTR_* attributes. */
const mdbRouterPort: AttrDecoder = (b, off, len) => {
  if (len < 4) return undefined;
  const index = ifindex(b, off, len, 0) as Value;
  const at = align4(4);
  if (len <= at || !readable(b, off, 4)) return index;
  return [
    index,
    attributes(
      b,
      off + at,
      len - at,
      'rtnl_mdba_router_pattr_attrs',
      {
        MDBA_ROUTER_PATTR_TIMER: clockT,
        MDBA_ROUTER_PATTR_TYPE: (bb, o) =>
          readable(bb, o, 1)
            ? sym(xlatText('multicast_router_types', bb.view.getUint8(o), 'enum'))
            : ptr(bb.addr + BigInt(o)),
        MDBA_ROUTER_PATTR_INET_TIMER: clockT,
        MDBA_ROUTER_PATTR_INET6_TIMER: clockT,
      },
      0,
    ),
  ];
};

const brPortMsg = routeMsg({
  layout: S.br_port_msg,
  fields: [['family'], ['ifindex', 'ifindex']],
  attrs: 'rtnl_mdb_attrs',
  decoders: {
    MDBA_MDB: nested('rtnl_mdba_mdb_attrs', {
      MDBA_MDB_ENTRY: nested('rtnl_mdba_mdb_entry_attrs', { MDBA_MDB_ENTRY_INFO: mdbEntryInfo }),
    }),
    MDBA_ROUTER: nested('rtnl_mdba_router_attrs', { MDBA_ROUTER_PORT: mdbRouterPort }),
  },
});

// ---- RTM_NEWCACHEREPORT (rtnl_cachereport.c) ----

/** Cache report attributes by rtgen_family (RTNL_FAMILY_IPMR, RTNL_FAMILY_IP6MR): strace's decode_nla_af_spec. */
const CREPORT: Readonly<Record<string, readonly [string, Decoders]>> = {
  RTNL_FAMILY_IPMR: [
    'rtnl_ipmra_creport_attr',
    {
      IPMRA_CREPORT_MSGTYPE: xlatAttr('rtnl_ipmra_msg_types', 'enum', 1),
      IPMRA_CREPORT_VIF_ID: u32,
      IPMRA_CREPORT_SRC_ADDR: inAddr,
      IPMRA_CREPORT_DST_ADDR: inAddr,
      IPMRA_CREPORT_TABLE: u32,
    },
  ],
  RTNL_FAMILY_IP6MR: [
    'rtnl_ip6mra_creport_attr',
    {
      IP6MRA_CREPORT_MSGTYPE: xlatAttr('rtnl_ip6mra_msg_types', 'enum', 1),
      IP6MRA_CREPORT_MIF_ID: u32,
      IP6MRA_CREPORT_SRC_ADDR: in6Addr,
      IP6MRA_CREPORT_DST_ADDR: in6Addr,
    },
  ],
};

const cachereport = (b: Buf, off: number, len: number): Value[] => {
  const family = b.view.getUint8(off);
  const out: Value[] = [
    { k: 'struct', fields: [['rtgen_family', sym(xlatText('rtnl_family', family, 'enum'))]] },
  ];
  const at = align4(1);
  if (len <= at) return out;
  const names = lookupXlat('rtnl_family');
  const spec = CREPORT[(names && xlatName(names, family)) ?? ''];
  out.push(
    spec ? attributes(b, off + at, len - at, spec[0], spec[1], family) : hexString(b, off + at, len - at),
  );
  return out;
};

// ---- traffic control: RTM_*QDISC/TCLASS/TFILTER/CHAIN and RTM_*ACTION (rtnl_tc.c, rtnl_tc_action.c) ----

/** The end of a layout's field (offsetofend). */
const endOf = (l: Layout, field: string): number =>
  (l.fields[field]?.off ?? 0) + (l.fields[field]?.size ?? 0);

const gnetBasic = structAttr(
  S.gnet_stats_basic,
  [['bytes'], ['packets']],
  endOf(S.gnet_stats_basic, 'packets'),
);
const tcStats2 = nested('rtnl_tca_stats_attrs', {
  TCA_STATS_BASIC: gnetBasic,
  TCA_STATS_RATE_EST: structAttr(S.gnet_stats_rate_est, [['bps'], ['pps']]),
  TCA_STATS_QUEUE: structAttr(S.gnet_stats_queue, [
    ['qlen'],
    ['backlog'],
    ['drops'],
    ['requeues'],
    ['overlimits'],
  ]),
  TCA_STATS_RATE_EST64: structAttr(S.gnet_stats_rate_est64, [['bps'], ['pps']]),
  TCA_STATS_BASIC_HW: gnetBasic,
  TCA_STATS_PKT64: u64,
});

const tcmsg = routeMsg({
  layout: S.tcmsg,
  fields: [['tcm_family'], ['tcm_ifindex', 'ifindex'], ['tcm_handle'], ['tcm_parent'], ['tcm_info']],
  attrs: 'rtnl_tc_attrs',
  decoders: {
    TCA_KIND: str,
    TCA_STATS: structAttr(
      S.tc_stats,
      [['bytes'], ['packets'], ['drops'], ['overlimits'], ['bps'], ['pps'], ['qlen'], ['backlog']],
      endOf(S.tc_stats, 'backlog'),
    ),
    TCA_RATE: structAttr(S.tc_estimator, [['interval', 'd'], ['ewma_log']]),
    TCA_FCNT: u32,
    TCA_STATS2: tcStats2,
    TCA_STAB: nested('rtnl_tca_stab_attrs', {
      TCA_STAB_BASE: structAttr(S.tc_sizespec, [
        ['cell_log'],
        ['size_log'],
        ['cell_align', 'd'],
        ['overhead', 'd'],
        ['linklayer'],
        ['mpu'],
        ['mtu'],
        ['tsize'],
      ]),
      TCA_STAB_DATA: structArray(2, (b, off) => int(b.view.getUint16(off, true))),
    }),
    TCA_CHAIN: u32,
    TCA_HW_OFFLOAD: u8,
    TCA_INGRESS_BLOCK: u32,
    TCA_EGRESS_BLOCK: u32,
    TCA_DUMP_FLAGS: u32,
  },
});

/** tcamsg: the family alone (no `...` when short), then TCA_ACT_* attributes. */
const tcamsg = (b: Buf, off: number, len: number): Value[] => {
  const family = b.view.getUint8(off);
  const out: Value[] = [
    { k: 'struct', fields: [['tca_family', sym(xlatText('socket_domain', family, 'enum'))]] },
  ];
  const at = align4(S.tcamsg.size);
  if (len > at) {
    const hwStats = xlatAttr('rtnl_tca_act_hw_stats', 'flags', 4);
    out.push(
      attributes(
        b,
        off + at,
        len - at,
        'rtnl_tc_action_attrs',
        {
          TCA_ACT_KIND: str,
          TCA_ACT_INDEX: u32,
          TCA_ACT_STATS: tcStats2,
          TCA_ACT_FLAGS: xlatAttr('rtnl_tca_act_flags', 'flags', 4),
          TCA_ACT_HW_STATS: hwStats,
          TCA_ACT_USED_HW_STATS: hwStats,
          TCA_ACT_IN_HW_COUNT: u32,
        },
        family,
      ),
    );
  }
  return out;
};

/** Route message decoders by message type name. */
export const ROUTE_MSGS: Readonly<Record<string, (b: Buf, off: number, len: number) => Value[]>> = {
  RTM_NEWROUTE: rtmsg,
  RTM_DELROUTE: rtmsg,
  RTM_GETROUTE: rtmsg,
  RTM_NEWNEIGH: ndmsg,
  RTM_DELNEIGH: ndmsg,
  RTM_NEWNEIGHTBL: ndtmsg,
  RTM_GETNEIGHTBL: ndtmsg,
  RTM_SETNEIGHTBL: ndtmsg,
  RTM_NEWRULE: fibRuleHdr,
  RTM_DELRULE: fibRuleHdr,
  RTM_GETRULE: fibRuleHdr,
  RTM_GETDCB: dcbmsg,
  RTM_SETDCB: dcbmsg,
  RTM_NEWNEXTHOP: nhmsg,
  RTM_DELNEXTHOP: nhmsg,
  RTM_GETNEXTHOP: nhmsg,
  RTM_NEWMDB: brPortMsg,
  RTM_DELMDB: brPortMsg,
  RTM_GETMDB: brPortMsg,
  RTM_NEWCACHEREPORT: cachereport,
  RTM_NEWQDISC: tcmsg,
  RTM_DELQDISC: tcmsg,
  RTM_GETQDISC: tcmsg,
  RTM_NEWTCLASS: tcmsg,
  RTM_DELTCLASS: tcmsg,
  RTM_GETTCLASS: tcmsg,
  RTM_NEWTFILTER: tcmsg,
  RTM_DELTFILTER: tcmsg,
  RTM_GETTFILTER: tcmsg,
  RTM_NEWCHAIN: tcmsg,
  RTM_DELCHAIN: tcmsg,
  RTM_GETCHAIN: tcmsg,
  RTM_NEWACTION: tcamsg,
  RTM_DELACTION: tcamsg,
  RTM_GETACTION: tcamsg,
};

/** RTM_GETNEIGH: a bridge's request is an ifinfomsg, others an ndmsg (decode_rtm_getneigh). */
export const getNeigh =
  (
    ifinfomsg: (b: Buf, off: number, len: number) => Value[],
  ): ((b: Buf, off: number, len: number) => Value[]) =>
  (b, off, len) =>
    (b.view.getUint8(off) === xlatValue('socket_domain', 'AF_BRIDGE') ? ifinfomsg : ndmsg)(b, off, len);

// RTM_*LINK nested attributes as strace's rtnl_link.c prints them (IFLA_PROTINFO, IFLA_LINKINFO, IFLA_VFINFO_LIST,
// IFLA_VF_PORTS/IFLA_PORT_SELF, IFLA_AF_SPEC, IFLA_XDP, IFLA_PROTO_DOWN_REASON, IFLA_MAP, ...): tables and structs
// as data (layouts generated from the pinned headers), custom code only where strace keeps state or picks by family.

import { int, ptr, sym, text, type Value } from '../../model/value.js';
import { STRUCTS } from '../../tables/generated/structs.js';
import { fdValue } from '../args/fds.js';
import {
  type AttrDecoder,
  attributes,
  type Buf,
  type Decoders,
  hexString,
  hwaddrPlain,
  ifindex,
  in6Addr,
  inAddr,
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
  x16,
  x32,
  xlatAttr,
} from './netlink-attr.js';
import { clockT, structArray } from './netlink-route-msgs.js';
import { xlatText } from './read.js';
import { xlatValue } from './xlat-value.js';

const S = STRUCTS;

/** A byte-array field of `layout` at `at`, printed as strace's PRINT_FIELD_MAC (print_hwaddr over every byte). */
const macField =
  (field: string, layout: Layout) =>
  (b: Buf, at: number): Value => {
    const n = layout.fields[field]?.count ?? 0;
    return (hwaddrPlain(b, at, n, 0) as Value | undefined) ?? hexString(b, at, n);
  };

/** decode_nla_fd: an fd (with -y its path). */
const fd: AttrDecoder = (b, off, len) => {
  if (len < 4) return undefined;
  if (!readable(b, off, 4)) return ptr(b.addr + BigInt(off));
  return fdValue(b.c, b.view.getInt32(off, true));
};

/** decode_nla_uid / decode_nla_gid: printuid (-1 for the all-ones id). */
export const uid: AttrDecoder = (b, off, len) => {
  if (len < 4) return undefined;
  if (!readable(b, off, 4)) return ptr(b.addr + BigInt(off));
  const v = b.view.getUint32(off, true);
  return int(v === 0xffffffff ? -1 : v);
};

/** print_array_ex with PAF_PRINT_INDICES: `[[NAME]=value, ...]`, the index named by an xlat table. */
export function indexedArray(size: 4 | 8, signed: boolean, table: string): AttrDecoder {
  return structArray(size, (b, at, i) => {
    const v =
      size === 4
        ? signed
          ? b.view.getInt32(at, true)
          : b.view.getUint32(at, true)
        : b.view.getBigUint64(at, true);
    return text(`[${xlatText(table, i, 'enum')}]=${v}`);
  });
}

/** struct ifla_bridge_id: `{prio=[1, 2], addr=xx:xx:...}`. */
const bridgeId: AttrDecoder = (b, off, len) => {
  const L = S.ifla_bridge_id;
  if (len < L.size) return undefined;
  if (!readable(b, off, L.size)) return ptr(b.addr + BigInt(off));
  const prio = L.fields.prio;
  return {
    k: 'struct',
    fields: [
      [
        'prio',
        {
          k: 'array',
          items: Array.from({ length: prio.count }, (_, i) => int(b.view.getUint8(off + prio.off + i))),
        },
      ],
      ['addr', macField('addr', L)(b, off + L.fields.addr.off)],
    ],
  };
};

const BRPORT: Decoders = {
  ...Object.fromEntries(
    [
      'STATE',
      'MODE',
      'GUARD',
      'PROTECT',
      'FAST_LEAVE',
      'LEARNING',
      'UNICAST_FLOOD',
      'PROXYARP',
      'LEARNING_SYNC',
      'PROXYARP_WIFI',
      'TOPOLOGY_CHANGE_ACK',
      'CONFIG_PENDING',
      'MULTICAST_ROUTER',
      'MCAST_FLOOD',
      'MCAST_TO_UCAST',
      'VLAN_TUNNEL',
      'BCAST_FLOOD',
      'NEIGH_SUPPRESS',
      'ISOLATED',
      'MRP_RING_OPEN',
      'MRP_IN_OPEN',
      'LOCKED',
    ].map((n) => [`IFLA_BRPORT_${n}`, u8]),
  ),
  ...Object.fromEntries(
    ['PRIORITY', 'DESIGNATED_PORT', 'DESIGNATED_COST', 'ID', 'NO'].map((n) => [`IFLA_BRPORT_${n}`, u16]),
  ),
  IFLA_BRPORT_COST: u32,
  IFLA_BRPORT_ROOT_ID: bridgeId,
  IFLA_BRPORT_BRIDGE_ID: bridgeId,
  IFLA_BRPORT_MESSAGE_AGE_TIMER: clockT,
  IFLA_BRPORT_FORWARD_DELAY_TIMER: clockT,
  IFLA_BRPORT_HOLD_TIMER: clockT,
  IFLA_BRPORT_GROUP_FWD_MASK: x16,
  IFLA_BRPORT_BACKUP_PORT: ifindex,
  IFLA_BRPORT_MCAST_EHT_HOSTS_LIMIT: u32,
  IFLA_BRPORT_MCAST_EHT_HOSTS_CNT: u32,
};

const INET6: Decoders = {
  IFLA_INET6_FLAGS: xlatAttr('inet6_if_flags', 'flags', 4),
  IFLA_INET6_CONF: indexedArray(4, true, 'inet6_devconf_indices'),
  IFLA_INET6_STATS: indexedArray(8, false, 'snmp_ip_stats'),
  IFLA_INET6_CACHEINFO: structAttr(S.ifla_cacheinfo, [
    ['max_reasm_len'],
    ['tstamp'],
    ['reachable_time'],
    ['retrans_time'],
  ]),
  IFLA_INET6_ICMP6STATS: indexedArray(8, false, 'snmp_icmp6_stats'),
  IFLA_INET6_TOKEN: in6Addr,
  IFLA_INET6_ADDR_GEN_MODE: xlatAttr('in6_addr_gen_mode', 'enum', 1),
  IFLA_INET6_RA_MTU: u32,
};

/** decode_nla_af_spec: attributes of the table for `af`, else a hex string. */
export function afSpec(
  specs: Readonly<Record<string, readonly [string, Decoders]>>,
  af: number,
): AttrDecoder {
  return (b, off, len) => {
    for (const [name, [table, decoders]] of Object.entries(specs)) {
      if (xlatValue('socket_domain', name) === af) return attributes(b, off, len, table, decoders, af);
    }
    return hexString(b, off, len);
  };
}

const PROTINFO = {
  AF_BRIDGE: ['rtnl_ifla_brport_attrs', BRPORT],
  AF_INET6: ['rtnl_ifla_af_spec_inet6_attrs', INET6],
} as const;

/** IFLA_PROTINFO: by the message's ifi_family. */
const protinfo: AttrDecoder = (b, off, len, family) => afSpec(PROTINFO, family)(b, off, len, family);

// ---- IFLA_LINKINFO: IFLA_INFO_DATA/XSTATS/SLAVE_DATA by the kind named before them ----

const BR_DATA: Decoders = {
  ...Object.fromEntries(
    [
      'FORWARD_DELAY',
      'HELLO_TIME',
      'MAX_AGE',
      'AGEING_TIME',
      'HELLO_TIMER',
      'TCN_TIMER',
      'TOPOLOGY_CHANGE_TIMER',
      'GC_TIMER',
      'MCAST_LAST_MEMBER_INTVL',
      'MCAST_MEMBERSHIP_INTVL',
      'MCAST_QUERIER_INTVL',
      'MCAST_QUERY_INTVL',
      'MCAST_QUERY_RESPONSE_INTVL',
      'MCAST_STARTUP_QUERY_INTVL',
    ].map((n) => [`IFLA_BR_${n}`, clockT]),
  ),
  ...Object.fromEntries(
    [
      'STP_STATE',
      'ROOT_PATH_COST',
      'MCAST_HASH_ELASTICITY',
      'MCAST_HASH_MAX',
      'MCAST_LAST_MEMBER_CNT',
      'MCAST_STARTUP_QUERY_CNT',
    ].map((n) => [`IFLA_BR_${n}`, u32]),
  ),
  ...Object.fromEntries(
    [
      'VLAN_FILTERING',
      'TOPOLOGY_CHANGE',
      'TOPOLOGY_CHANGE_DETECTED',
      'MCAST_ROUTER',
      'MCAST_SNOOPING',
      'MCAST_QUERY_USE_IFADDR',
      'MCAST_QUERIER',
      'NF_CALL_IPTABLES',
      'NF_CALL_IP6TABLES',
      'NF_CALL_ARPTABLES',
      'VLAN_STATS_ENABLED',
      'MCAST_STATS_ENABLED',
      'MCAST_IGMP_VERSION',
      'MCAST_MLD_VERSION',
      'VLAN_STATS_PER_PORT',
    ].map((n) => [`IFLA_BR_${n}`, u8]),
  ),
  IFLA_BR_PRIORITY: u16,
  IFLA_BR_ROOT_PORT: u16,
  IFLA_BR_VLAN_DEFAULT_PVID: u16,
  IFLA_BR_VLAN_PROTOCOL: (b, off, len) => {
    if (len < 2) return undefined;
    if (!readable(b, off, 2)) return ptr(b.addr + BigInt(off));
    return text(`htons(${xlatText('ethernet_protocol', b.view.getUint16(off, false), 'enum')})`);
  },
  IFLA_BR_GROUP_FWD_MASK: x16,
  IFLA_BR_ROOT_ID: bridgeId,
  IFLA_BR_BRIDGE_ID: bridgeId,
  IFLA_BR_GROUP_ADDR: hwaddrPlain,
  IFLA_BR_MULTI_BOOLOPT: structAttr(S.br_boolopt_multi, [
    ['optval', { flags: 'rtnl_ifla_br_boolopt_flags' }],
    ['optmask', { flags: 'rtnl_ifla_br_boolopt_flags' }],
  ]),
  IFLA_BR_MCAST_QUERIER_STATE: nested('rtnl_ifla_br_mcast_querier_attrs', {
    BRIDGE_QUERIER_IP_ADDRESS: inAddr,
    BRIDGE_QUERIER_IP_PORT: ifindex,
    BRIDGE_QUERIER_IP_OTHER_TIMER: clockT,
    BRIDGE_QUERIER_IPV6_ADDRESS: in6Addr,
    BRIDGE_QUERIER_IPV6_PORT: ifindex,
    BRIDGE_QUERIER_IPV6_OTHER_TIMER: clockT,
  }),
};

const TUN_DATA: Decoders = {
  IFLA_TUN_OWNER: uid,
  IFLA_TUN_GROUP: uid,
  IFLA_TUN_TYPE: xlatAttr('tun_device_types', 'enum', 1),
  IFLA_TUN_PI: u8,
  IFLA_TUN_VNET_HDR: u8,
  IFLA_TUN_PERSIST: u8,
  IFLA_TUN_MULTI_QUEUE: u8,
  IFLA_TUN_NUM_QUEUES: u32,
  IFLA_TUN_NUM_DISABLED_QUEUES: u32,
};

/** struct can_device_stats (include/uapi/linux/can/netlink.h): six u32 counters. */
const CAN_STATS = ['bus_error', 'error_warning', 'error_passive', 'bus_off', 'arbitration_lost', 'restarts'];
const canXstats: AttrDecoder = (b, off, len) => {
  const size = CAN_STATS.length * 4;
  if (len < size) return undefined;
  if (!readable(b, off, size)) return ptr(b.addr + BigInt(off));
  return { k: 'struct', fields: CAN_STATS.map((n, i) => [n, int(b.view.getUint32(off + 4 * i, true))]) };
};

/** update_ctx_str: the kind when the attribute holds a NUL within its length, else "". */
function kindOf(b: Buf, off: number, len: number): string {
  if (len >= 16 || !readable(b, off, len)) return '';
  const bytes = new Uint8Array(b.view.buffer, b.view.byteOffset + off, len);
  const nul = bytes.indexOf(0);
  return nul < 0 ? '' : new TextDecoder('latin1').decode(bytes.subarray(0, nul));
}

/** IFLA_LINKINFO: the kinds seen so far choose how IFLA_INFO_DATA/XSTATS/SLAVE_DATA print. */
const linkinfo: AttrDecoder = (b, off, len, family) => {
  const ctx = { kind: '', slave: '' };
  const byKind =
    (pick: () => AttrDecoder | undefined): AttrDecoder =>
    (bb, o, l, f) =>
      pick()?.(bb, o, l, f);
  return attributes(
    b,
    off,
    len,
    'rtnl_ifla_info_attrs',
    {
      IFLA_INFO_KIND: (bb, o, l) => {
        ctx.kind = kindOf(bb, o, l);
        return str(bb, o, l, 0);
      },
      IFLA_INFO_DATA: byKind(() =>
        ctx.kind === 'bridge'
          ? nested('rtnl_ifla_info_data_bridge_attrs', BR_DATA)
          : ctx.kind === 'tun'
            ? nested('rtnl_ifla_info_data_tun_attrs', TUN_DATA)
            : undefined,
      ),
      IFLA_INFO_XSTATS: byKind(() => (ctx.kind === 'can' ? canXstats : undefined)),
      IFLA_INFO_SLAVE_KIND: (bb, o, l) => {
        ctx.slave = kindOf(bb, o, l);
        return str(bb, o, l, 0);
      },
      IFLA_INFO_SLAVE_DATA: byKind(() =>
        ctx.slave === 'bridge' ? nested('rtnl_ifla_brport_attrs', BRPORT) : undefined,
      ),
    },
    family,
  );
};

// ---- IFLA_VFINFO_LIST ----

const vf = (layout: Layout, ...rest: string[]): AttrDecoder =>
  structAttr(layout, [['vf'], ...rest.map((n) => [n] as const)]);

/** IFLA_VF_IB_*_GUID: a packed 12-byte or an aligned 16-byte {vf, guid}. */
const vfGuid: AttrDecoder = (b, off, len) => {
  if (len !== 12 && len !== 16) return undefined;
  if (!readable(b, off, len)) return ptr(b.addr + BigInt(off));
  const guid = b.view.getBigUint64(off + (len === 12 ? 4 : 8), true);
  return {
    k: 'struct',
    fields: [
      ['vf', int(b.view.getUint32(off, true))],
      ['guid', { k: 'hex', v: guid }],
    ],
  };
};

const VF_INFO: Decoders = {
  IFLA_VF_MAC: (b, off, len) => {
    const L = S.ifla_vf_mac;
    if (len < L.size) return undefined;
    if (!readable(b, off, L.size)) return ptr(b.addr + BigInt(off));
    return {
      k: 'struct',
      fields: [...layoutFields(b, off, L, [['vf']]), ['mac', macField('mac', L)(b, off + L.fields.mac.off)]],
    };
  },
  IFLA_VF_VLAN: vf(S.ifla_vf_vlan, 'vlan', 'qos'),
  IFLA_VF_TX_RATE: vf(S.ifla_vf_tx_rate, 'rate'),
  IFLA_VF_SPOOFCHK: vf(S.ifla_vf_spoofchk, 'setting'),
  IFLA_VF_LINK_STATE: structAttr(S.ifla_vf_link_state, [
    ['vf'],
    ['link_state', { enum: 'rtnl_ifla_vf_link_states' }],
  ]),
  IFLA_VF_RATE: vf(S.ifla_vf_rate, 'min_tx_rate', 'max_tx_rate'),
  IFLA_VF_RSS_QUERY_EN: vf(S.ifla_vf_rss_query_en, 'setting'),
  IFLA_VF_STATS: nested(
    'rtnl_ifla_vf_stats_attrs',
    Object.fromEntries(
      [
        'RX_PACKETS',
        'TX_PACKETS',
        'RX_BYTES',
        'TX_BYTES',
        'BROADCAST',
        'MULTICAST',
        'RX_DROPPED',
        'TX_DROPPED',
      ].map((n) => [`IFLA_VF_STATS_${n}`, u64]),
    ),
  ),
  IFLA_VF_TRUST: vf(S.ifla_vf_trust, 'setting'),
  IFLA_VF_IB_NODE_GUID: vfGuid,
  IFLA_VF_IB_PORT_GUID: vfGuid,
  IFLA_VF_VLAN_LIST: nested('rtnl_ifla_vf_vlan_list_attrs', {
    IFLA_VF_VLAN_INFO: structAttr(S.ifla_vf_vlan_info, [
      ['vf'],
      ['vlan'],
      ['qos'],
      [
        'vlan_proto',
        (b, at) => text(`htons(${xlatText('ethernet_protocol', b.view.getUint16(at, false), 'enum')})`),
      ],
    ]),
  }),
  IFLA_VF_BROADCAST: (b, off, len) => {
    const L = S.ifla_vf_broadcast;
    if (len < L.size) return undefined;
    if (!readable(b, off, L.size)) return ptr(b.addr + BigInt(off));
    return {
      k: 'struct',
      fields: [['broadcast', macField('broadcast', L)(b, off + L.fields.broadcast.off)]],
    };
  },
};

// ---- IFLA_VF_PORTS / IFLA_PORT_SELF ----

const portVsi: AttrDecoder = (b, off, len) => {
  const L = S.ifla_port_vsi;
  if (len < L.size) return undefined;
  if (!readable(b, off, L.size)) return ptr(b.addr + BigInt(off));
  const bytes = (field: 'vsi_type_id' | 'pad'): number[] => {
    const f = L.fields[field];
    return Array.from({ length: f.count }, (_, i) => b.view.getUint8(off + f.off + i));
  };
  const hex = (xs: number[]): Value =>
    text(`"${xs.map((x) => `\\x${x.toString(16).padStart(2, '0')}`).join('')}"`);
  const fields: [string, Value][] = [
    ...layoutFields(b, off, L, [['vsi_mgr_id']]),
    ['vsi_type_id', hex(bytes('vsi_type_id'))],
    ...layoutFields(b, off, L, [['vsi_type_version']]),
  ];
  const pad = bytes('pad');
  if (pad.some((x) => x !== 0)) fields.push(['pad', hex(pad)]);
  return { k: 'struct', fields };
};

const PORT: Decoders = {
  IFLA_PORT_VF: u32,
  IFLA_PORT_PROFILE: str,
  IFLA_PORT_VSI_TYPE: portVsi,
  IFLA_PORT_REQUEST: u8,
  IFLA_PORT_RESPONSE: u16,
};

// ---- IFLA_AF_SPEC ----

const AF_SPEC = {
  AF_INET: [
    'rtnl_ifla_af_spec_inet_attrs',
    { IFLA_INET_CONF: indexedArray(4, true, 'inet_devconf_indices') },
  ],
  AF_INET6: ['rtnl_ifla_af_spec_inet6_attrs', INET6],
  AF_MCTP: ['rtnl_ifla_af_spec_mctp_attrs', { IFLA_MCTP_NET: u32 }],
} as const;

const BRIDGE_AF_SPEC: Decoders = {
  IFLA_BRIDGE_FLAGS: xlatAttr('rtnl_ifla_bridge_flags', 'flags', 2),
  IFLA_BRIDGE_MODE: xlatAttr('rtnl_ifla_bridge_modes', 'enum', 2),
  IFLA_BRIDGE_VLAN_INFO: (b, off, len) => {
    const L = S.bridge_vlan_info;
    if (len < L.size) return undefined;
    if (!readable(b, off, L.size)) return ptr(b.addr + BigInt(off));
    const info: Value = {
      k: 'struct',
      fields: layoutFields(b, off, L, [['flags', { flags: 'nl_bridge_vlan_flags' }], ['vid']]),
    };
    return len > L.size ? [info, hexString(b, off + L.size, len - L.size)] : info;
  },
  IFLA_BRIDGE_VLAN_TUNNEL_INFO: nested('rtnl_ifla_af_spec_bridge_vlan_tunnel_info_attrs', {
    IFLA_BRIDGE_VLAN_TUNNEL_ID: u32,
    IFLA_BRIDGE_VLAN_TUNNEL_VID: u16,
    IFLA_BRIDGE_VLAN_TUNNEL_FLAGS: xlatAttr('nl_bridge_vlan_flags', 'flags', 2),
  }),
};

/** IFLA_AF_SPEC: bridge attributes for AF_BRIDGE messages, else one attribute per address family. */
const afSpecAttr: AttrDecoder = (b, off, len, family) =>
  family === xlatValue('socket_domain', 'AF_BRIDGE')
    ? attributes(b, off, len, 'rtnl_ifla_af_spec_bridge_attrs', BRIDGE_AF_SPEC, family)
    : attributes(
        b,
        off,
        len,
        'socket_domain',
        { '*': (bb, o, l, type) => afSpec(AF_SPEC, type & 0xff)(bb, o, l, type) },
        family,
      );

/** IFLA_* attributes of strace's ifinfomsg_nla_decoders that nest or need more than a plain value. */
export const IFLA_NESTED: Decoders = {
  IFLA_PROTINFO: protinfo,
  IFLA_MAP: structAttr(
    S.rtnl_link_ifmap,
    [['mem_start', 'x'], ['mem_end', 'x'], ['base_addr', 'x'], ['irq'], ['dma'], ['port']],
    S.rtnl_link_ifmap.fields.port.off + S.rtnl_link_ifmap.fields.port.size,
  ),
  IFLA_LINKINFO: linkinfo,
  IFLA_VFINFO_LIST: nested('rtnl_ifla_vfinfo_list_attrs', {
    IFLA_VF_INFO: nested('rtnl_ifla_vf_info_attrs', VF_INFO),
  }),
  IFLA_VF_PORTS: nested('rtnl_ifla_vf_port_attrs', { IFLA_VF_PORT: nested('rtnl_ifla_port_attrs', PORT) }),
  IFLA_PORT_SELF: nested('rtnl_ifla_port_attrs', PORT),
  IFLA_AF_SPEC: afSpecAttr,
  IFLA_NET_NS_FD: fd,
  IFLA_EXT_MASK: xlatAttr('rtnl_ifla_ext_filter_flags', 'flags', 4),
  IFLA_XDP: nested('rtnl_ifla_xdp_attrs', {
    IFLA_XDP_FD: fd,
    IFLA_XDP_ATTACHED: xlatAttr('rtnl_ifla_xdp_attached_mode', 'enum', 1),
    IFLA_XDP_FLAGS: (b, off, len) => {
      if (len < 4) return undefined;
      if (!readable(b, off, 4)) return ptr(b.addr + BigInt(off));
      return sym(xlatText('xdp_flags', b.view.getUint32(off, true), 'flags'));
    },
    IFLA_XDP_PROG_ID: u32,
    IFLA_XDP_DRV_PROG_ID: u32,
    IFLA_XDP_SKB_PROG_ID: u32,
    IFLA_XDP_HW_PROG_ID: u32,
    IFLA_XDP_EXPECTED_FD: fd,
  }),
  IFLA_EVENT: (b, off, len) => {
    if (len < 4) return undefined;
    if (!readable(b, off, 4)) return ptr(b.addr + BigInt(off));
    return sym(xlatText('rtnl_ifla_events', b.view.getUint32(off, true), 'enum'));
  },
  IFLA_PROP_LIST: (b, off, len, family) =>
    attributes(b, off, len, 'ifla_attr', { IFLA_ALT_IFNAME: str }, family),
  IFLA_PROTO_DOWN_REASON: nested('rtnl_ifla_proto_down_reason_attrs', {
    IFLA_PROTO_DOWN_REASON_MASK: x32,
    IFLA_PROTO_DOWN_REASON_VALUE: x32,
  }),
};

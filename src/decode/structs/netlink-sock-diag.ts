// NETLINK_SOCK_DIAG payloads as strace's netlink_sock_diag.c and netlink_{unix,netlink,packet}_diag.c print them:
// the request or response header struct chosen by the family byte and NLM_F_REQUEST, then its attributes. Layouts
// come from the generated STRUCTS table; what each field and attribute prints as is data here.

import { int, ptr, sym, text, type Value } from '../../model/value.js';
import { STRUCTS } from '../../tables/generated/structs.js';
import { lookupXlat, xlatName } from '../xlat.js';
import { filterProgram } from './bpf-filter.js';
import { ifindexText, netBytes } from './inet.js';
import {
  type AttrDecoder,
  align4,
  attributes,
  type Buf,
  type Decoders,
  type FieldFormat,
  type FieldSpec,
  hexString,
  type Layout,
  layoutFields,
  readable,
  str,
  structAttr,
  u8,
  u32,
  xlatAttr,
} from './netlink-attr.js';
import { INET_DIAG_MSG_ATTRS, skMeminfo } from './netlink-inet-diag-attrs.js';
import { uid } from './netlink-route-link.js';
import { inetField, inetFieldOf, structArray } from './netlink-route-msgs.js';
import { SMC_DIAG_MSG_ATTRS } from './netlink-smc-diag-attrs.js';
import { devValue, xlatText } from './read.js';
import { xlatValue } from './xlat-value.js';

const S = STRUCTS;

/** PRINT_FIELD_COOKIE: the two u32 halves, `[0, 0]`. */
const cookie: FieldFormat = (b, at) => ({
  k: 'array',
  items: [int(b.view.getUint32(at, true)), int(b.view.getUint32(at + 4, true))],
});

/** A diag header: `{X_family=AF_UNIX, ...}` (`...` when shorter than the struct), then its attributes if any. */
function diagMsg(
  layout: Layout,
  fields: readonly FieldSpec[],
  attrs?: readonly [string, Decoders],
): (b: Buf, off: number, len: number) => Value[] {
  return (b, off, len) => {
    const [first, ...rest] = fields;
    const family = b.view.getUint8(off);
    const out: [string, Value][] = [[first?.[0] ?? 'family', sym(xlatText('socket_domain', family, 'enum'))]];
    if (len < layout.size) return [{ k: 'struct', fields: out, more: true }];
    if (!readable(b, off, layout.size))
      return [{ k: 'struct', fields: [...out, ['', ptr(b.addr + BigInt(off + 1))]] }];
    out.push(...layoutFields(b, off, layout, rest));
    const items: Value[] = [{ k: 'struct', fields: out }];
    const at = align4(layout.size);
    if (attrs && len > at) items.push(attributes(b, off + at, len - at, attrs[0], attrs[1], family));
    return items;
  };
}

// ---- AF_UNIX (netlink_unix_diag.c) ----

const unixReq = diagMsg(S.unix_diag_req, [
  ['sdiag_family'],
  ['sdiag_protocol'],
  ['udiag_states', { flags: 'tcp_state_flags' }],
  ['udiag_ino'],
  ['udiag_show', { flags: 'unix_diag_show' }],
  ['udiag_cookie', cookie],
]);

const unixMsg = diagMsg(
  S.unix_diag_msg,
  [
    ['udiag_family'],
    ['udiag_type', { enum: 'socket_type_base' }],
    ['udiag_state', { enum: 'tcp_states' }],
    ['udiag_ino'],
    ['udiag_cookie', cookie],
  ],
  [
    'unix_diag_attrs',
    {
      UNIX_DIAG_NAME: str,
      UNIX_DIAG_VFS: structAttr(S.unix_diag_vfs, [
        ['udiag_vfs_dev', (b, at) => devValue(BigInt(b.view.getUint32(at, true)))],
        ['udiag_vfs_ino'],
      ]),
      UNIX_DIAG_PEER: u32,
      UNIX_DIAG_ICONS: structArray(4, (b, at) => int(b.view.getUint32(at, true))),
      UNIX_DIAG_RQLEN: structAttr(S.unix_diag_rqlen, [['udiag_rqueue'], ['udiag_wqueue']]),
      UNIX_DIAG_MEMINFO: skMeminfo,
      UNIX_DIAG_SHUTDOWN: u8,
      UNIX_DIAG_UID: uid,
    },
  ],
);

// ---- AF_NETLINK (netlink_netlink_diag.c) ----

const netlinkReq = diagMsg(S.netlink_diag_req, [
  ['sdiag_family'],
  [
    'sdiag_protocol',
    (b, at) => {
      const p = b.view.getUint8(at);
      // NDIAG_PROTO_ALL (include/uapi/linux/netlink_diag.h) by name, else a NETLINK_* protocol
      return p === 255
        ? sym(xlatText('ndiag_proto', p, 'enum'))
        : sym(xlatText('netlink_protocol', p, 'enum'));
    },
  ],
  ['ndiag_ino'],
  ['ndiag_show', { flags: 'netlink_diag_show' }],
  ['ndiag_cookie', cookie],
]);

/** NETLINK_DIAG_GROUPS: words (unsigned long) in hex. */
const groups: AttrDecoder = structArray(8, (b, at) => {
  // PRINT_VAL_0X: `%#0*llx` 16 wide, 0x included (a zero has no 0x)
  const v = b.view.getBigUint64(at, true);
  return text(v === 0n ? '0'.repeat(16) : `0x${v.toString(16).padStart(14, '0')}`);
});

const netlinkMsg = diagMsg(
  S.netlink_diag_msg,
  [
    ['ndiag_family'],
    ['ndiag_type', { enum: 'socket_type_base' }],
    ['ndiag_protocol', { enum: 'netlink_protocol' }],
    ['ndiag_state', { enum: 'netlink_states' }],
    ['ndiag_portid'],
    ['ndiag_dst_portid'],
    ['ndiag_dst_group'],
    ['ndiag_ino'],
    ['ndiag_cookie', cookie],
  ],
  [
    'netlink_diag_attrs',
    {
      NETLINK_DIAG_MEMINFO: skMeminfo,
      NETLINK_DIAG_GROUPS: groups,
      NETLINK_DIAG_RX_RING: structAttr(S.netlink_diag_ring, [
        ['ndr_block_size'],
        ['ndr_block_nr'],
        ['ndr_frame_size'],
        ['ndr_frame_nr'],
      ]),
      NETLINK_DIAG_TX_RING: structAttr(S.netlink_diag_ring, [
        ['ndr_block_size'],
        ['ndr_block_nr'],
        ['ndr_frame_size'],
        ['ndr_frame_nr'],
      ]),
      NETLINK_DIAG_FLAGS: (b, off, len) => {
        if (len < 4) return undefined;
        if (!readable(b, off, 4)) return ptr(b.addr + BigInt(off));
        return sym(xlatText('netlink_socket_flags', b.view.getUint32(off, true), 'flags'));
      },
    },
  ],
);

// ---- AF_PACKET (netlink_packet_diag.c) ----

const packetReq = diagMsg(S.packet_diag_req, [
  ['sdiag_family'],
  ['sdiag_protocol', 'x'],
  ['pdiag_ino'],
  ['pdiag_show', { flags: 'packet_diag_show' }],
  ['pdiag_cookie', cookie],
]);

const ML = S.packet_diag_mclist;
const mclist = structArray(ML.size, (b, at) => {
  const alen = Math.min(b.view.getUint16(at + ML.fields.pdmc_alen.off, true), ML.fields.pdmc_addr.count);
  return {
    k: 'struct',
    fields: [
      ...layoutFields(b, at, ML, [['pdmc_index', 'ifindex'], ['pdmc_count'], ['pdmc_type'], ['pdmc_alen']]),
      ['pdmc_addr', hexString(b, at + ML.fields.pdmc_addr.off, alen)],
    ],
  };
});

const packetRing = structAttr(S.packet_diag_ring, [
  ['pdr_block_size'],
  ['pdr_block_nr'],
  ['pdr_frame_size'],
  ['pdr_frame_nr'],
  ['pdr_retire_tmo'],
  ['pdr_sizeof_priv'],
  ['pdr_features'],
]);

const packetMsg = diagMsg(
  S.packet_diag_msg,
  [
    ['pdiag_family'],
    ['pdiag_type', { enum: 'socket_type_base' }],
    ['pdiag_num', { enum: 'ethernet_protocol' }],
    ['pdiag_ino'],
    ['pdiag_cookie', cookie],
  ],
  [
    'packet_diag_attrs',
    {
      PACKET_DIAG_INFO: structAttr(S.packet_diag_info, [
        ['pdi_index', 'ifindex'],
        ['pdi_version', { enum: 'af_packet_versions' }],
        ['pdi_reserve'],
        ['pdi_copy_thresh'],
        ['pdi_tstamp'],
        ['pdi_flags', { flags: 'packet_diag_info_flags' }],
      ]),
      PACKET_DIAG_MCLIST: mclist,
      PACKET_DIAG_RX_RING: packetRing,
      PACKET_DIAG_TX_RING: packetRing,
      PACKET_DIAG_FANOUT: u32,
      PACKET_DIAG_UID: uid,
      PACKET_DIAG_MEMINFO: skMeminfo,
      PACKET_DIAG_FILTER: (b, off, len) => {
        // struct sock_filter (include/uapi/linux/filter.h): 8 bytes; listed under -v (print_sock_fprog)
        const n = Math.floor(len / 8);
        if (n === 0 || n > 0xffff) return undefined;
        return filterProgram(b.c, b.addr + BigInt(off), n, 'socket');
      },
    },
  ],
);

// ---- AF_INET/AF_INET6 requests (netlink_inet_diag.c) ----

/** struct inet_diag_sockid: ports in network order, addresses by the request's family, interface, cookie. */
function sockid(b: Buf, at: number, family: number): Value {
  const L = S.inet_diag_sockid;
  const bytes = (o: number, n: number): Uint8Array =>
    new Uint8Array(b.view.buffer, b.view.byteOffset + at + o, n);
  // PRINT_FIELD_NET_PORT and PRINT_FIELD_INET_ADDR: under -X raw/verbose the field's bytes, all of them
  const port = (f: 'idiag_sport' | 'idiag_dport'): Value =>
    text(
      netBytes(bytes(L.fields[f].off, 2), 0, 2, `htons(${b.view.getUint16(at + L.fields[f].off, false)})`),
    );
  const addr = (f: 'idiag_src' | 'idiag_dst'): [string, Value] =>
    inetFieldOf(b, at + L.fields[f].off, L.fields[f].size * (L.fields[f].count ?? 1), family, f);
  return {
    k: 'struct',
    fields: [
      ['idiag_sport', port('idiag_sport')],
      ['idiag_dport', port('idiag_dport')],
      addr('idiag_src'),
      addr('idiag_dst'),
      ...layoutFields(b, at, L, [
        ['idiag_if', 'ifindex'],
        ['idiag_cookie', cookie],
      ]),
    ],
  };
}
const sockidField: FieldFormat = (b, at) =>
  sockid(b, at, b.view.getUint8(at - S.inet_diag_req.fields.id.off));
const sockidFieldV2: FieldFormat = (b, at) =>
  sockid(b, at, b.view.getUint8(at - S.inet_diag_req_v2.fields.id.off));
const sockidFieldMsg: FieldFormat = (b, at) =>
  sockid(b, at, b.view.getUint8(at - S.inet_diag_msg.fields.id.off));

const bcOp = (b: Buf, at: number): Value => ({
  k: 'struct',
  fields: layoutFields(b, at, S.inet_diag_bc_op, [
    ['code', { enum: 'inet_diag_bytecodes' }],
    ['yes'],
    ['no'],
  ]),
});

/** The operand after an inet_diag_bc_op, by its code (decode_bytecode_data). */
function bcData(b: Buf, off: number, len: number, code: string | undefined): Value {
  const sized = (size: number, f: () => Value): Value =>
    len < size ? hexString(b, off, len) : readable(b, off, size) ? f() : ptr(b.addr + BigInt(off));
  if (code === 'INET_DIAG_BC_S_COND' || code === 'INET_DIAG_BC_D_COND') {
    const L = S.inet_diag_hostcond;
    return sized(L.size, () => {
      const family = b.view.getUint8(off + L.fields.family.off);
      const fields = layoutFields(b, off, L, [
        ['family', { enum: 'socket_domain' }],
        ['prefix_len'],
        ['port'],
      ]);
      if (len > L.size) fields.push(inetField(b, off + L.size, len - L.size, family, 'addr'));
      return { k: 'struct', fields };
    });
  }
  if (code === 'INET_DIAG_BC_DEV_COND')
    return sized(4, () => text(ifindexText(b.c, b.view.getUint32(off, true))));
  if (
    code === 'INET_DIAG_BC_S_GE' ||
    code === 'INET_DIAG_BC_S_LE' ||
    code === 'INET_DIAG_BC_D_GE' ||
    code === 'INET_DIAG_BC_D_LE'
  )
    return sized(S.inet_diag_bc_op.size, () => bcOp(b, off));
  if (code === 'INET_DIAG_BC_MARK_COND')
    return sized(S.inet_diag_markcond.size, () => ({
      k: 'struct',
      fields: layoutFields(b, off, S.inet_diag_markcond, [['mark'], ['mask']]),
    }));
  return hexString(b, off, len);
}

const INET_REQ_ATTRS: readonly [string, Decoders] = [
  'inet_diag_req_attrs',
  {
    INET_DIAG_REQ_BYTECODE: (b, off, len) => {
      const size = S.inet_diag_bc_op.size;
      if (len < size) return undefined;
      if (!readable(b, off, size)) return ptr(b.addr + BigInt(off));
      const op = bcOp(b, off);
      if (len <= size) return op;
      const names = lookupXlat('inet_diag_bytecodes');
      const code = names ? xlatName(names, b.view.getUint8(off)) : undefined;
      return [op, bcData(b, off + size, len - size, code)];
    },
    INET_DIAG_REQ_PROTOCOL: xlatAttr('ipproto', 'enum'),
  },
];

const inetReqCompat = diagMsg(
  S.inet_diag_req,
  [
    ['idiag_family'],
    ['idiag_src_len'],
    ['idiag_dst_len'],
    ['idiag_ext', { flags: 'inet_diag_extended_flags' }],
    ['id', sockidField],
    ['idiag_states', { flags: 'tcp_state_flags' }],
    ['idiag_dbs'],
  ],
  INET_REQ_ATTRS,
);

const inetReqV2 = diagMsg(
  S.inet_diag_req_v2,
  [
    ['sdiag_family'],
    ['sdiag_protocol', { enum: 'ipproto' }],
    ['idiag_ext', { flags: 'inet_diag_extended_flags' }],
    ['idiag_states', { flags: 'tcp_state_flags' }],
    ['id', sockidFieldV2],
  ],
  INET_REQ_ATTRS,
);

/** decode_inet_diag_msg: a response, whatever its type. */
const inetMsg = diagMsg(
  S.inet_diag_msg,
  [
    ['idiag_family'],
    ['idiag_state', { enum: 'tcp_states' }],
    ['idiag_timer'],
    ['idiag_retrans'],
    ['id', sockidFieldMsg],
    ['idiag_expires'],
    ['idiag_rqueue'],
    ['idiag_wqueue'],
    ['idiag_uid'],
    ['idiag_inode'],
  ],
  ['inet_diag_attrs', INET_DIAG_MSG_ATTRS],
);

/** TCPDIAG_GETSOCK and DCCPDIAG_GETSOCK carry the old inet_diag_req, others inet_diag_req_v2. */
const inetReq =
  (type: number) =>
  (b: Buf, off: number, len: number): Value[] => {
    const names = lookupXlat('nl_sock_diag_types');
    const name = names ? xlatName(names, type) : undefined;
    return (name === 'TCPDIAG_GETSOCK' || name === 'DCCPDIAG_GETSOCK' ? inetReqCompat : inetReqV2)(
      b,
      off,
      len,
    );
  };

// ---- AF_SMC (netlink_smc_diag.c): the socket id is the internal TCP socket's, always AF_INET ----

const smcSockid: FieldFormat = (b, at) => sockid(b, at, xlatValue('socket_domain', 'AF_INET') ?? 2);

const smcReq = diagMsg(S.smc_diag_req, [
  ['diag_family'],
  ['diag_ext', { flags: 'smc_diag_extended_flags' }],
  ['id', smcSockid],
]);

const smcMsg = diagMsg(
  S.smc_diag_msg,
  [
    ['diag_family'],
    ['diag_state', { enum: 'smc_states' }],
    ['diag_fallback', { enum: 'smc_diag_mode' }],
    ['diag_shutdown'],
    ['id', smcSockid],
    ['diag_uid'],
    ['diag_inode'],
  ],
  ['smc_diag_attrs', SMC_DIAG_MSG_ATTRS],
);

/** Request and response decoders by family (strace's diag_decoders). */
const DIAG: Readonly<Record<string, readonly [typeof unixReq, typeof unixMsg]>> = {
  AF_UNIX: [unixReq, unixMsg],
  AF_NETLINK: [netlinkReq, netlinkMsg],
  AF_PACKET: [packetReq, packetMsg],
  AF_SMC: [smcReq, smcMsg],
};

/** decode_netlink_sock_diag after the family byte was read: the family's decoder, or undefined. */
export function sockDiagPayload(
  b: Buf,
  type: number,
  flags: number,
  off: number,
  len: number,
): Value[] | undefined {
  if (len <= 1) return undefined;
  const names = lookupXlat('socket_domain');
  const family = (names && xlatName(names, b.view.getUint8(off))) ?? '';
  const request = (flags & (xlatValue('netlink_flags', 'NLM_F_REQUEST') ?? 1)) !== 0;
  if (family === 'AF_INET' || family === 'AF_INET6')
    return request ? inetReq(type)(b, off, len) : inetMsg(b, off, len);
  const pair = DIAG[family];
  if (!pair) return undefined;
  return (request ? pair[0] : pair[1])(b, off, len);
}

// NETLINK_SOCK_DIAG payloads as strace's netlink_sock_diag.c and netlink_{unix,netlink,packet}_diag.c print them:
// the request or response header struct chosen by the family byte and NLM_F_REQUEST, then its attributes. Layouts
// come from the generated STRUCTS table; what each field and attribute prints as is data here.

import { int, ptr, sym, text, type Value } from '../../model/value.js';
import { STRUCTS } from '../../tables/generated/structs.js';
import { lookupXlat, xlatName } from '../xlat.js';
import { filterProgram } from './bpf-filter.js';
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
} from './netlink-attr.js';
import { indexedArray, uid } from './netlink-route-link.js';
import { structArray } from './netlink-route-msgs.js';
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

/** decode_nla_meminfo: `[[SK_MEMINFO_RMEM_ALLOC]=0, ...]`. */
const meminfo = indexedArray(4, false, 'netlink_sk_meminfo_indices');

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
      UNIX_DIAG_MEMINFO: meminfo,
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
      NETLINK_DIAG_MEMINFO: meminfo,
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
      PACKET_DIAG_MEMINFO: meminfo,
      PACKET_DIAG_FILTER: (b, off, len) => {
        // struct sock_filter (include/uapi/linux/filter.h): 8 bytes; listed under -v (print_sock_fprog)
        const n = Math.floor(len / 8);
        if (n === 0 || n > 0xffff) return undefined;
        return filterProgram(b.c, b.addr + BigInt(off), n, 'socket');
      },
    },
  ],
);

/** Request and response decoders by family (strace's diag_decoders). */
const DIAG: Readonly<Record<string, readonly [typeof unixReq, typeof unixMsg]>> = {
  AF_UNIX: [unixReq, unixMsg],
  AF_NETLINK: [netlinkReq, netlinkMsg],
  AF_PACKET: [packetReq, packetMsg],
};

/** decode_netlink_sock_diag after the family byte was read: the family's decoder, or undefined. */
export function sockDiagPayload(b: Buf, flags: number, off: number, len: number): Value[] | undefined {
  if (len <= 1) return undefined;
  const names = lookupXlat('socket_domain');
  const pair = DIAG[(names && xlatName(names, b.view.getUint8(off))) ?? ''];
  if (!pair) return undefined;
  const request = (flags & (xlatValue('netlink_flags', 'NLM_F_REQUEST') ?? 1)) !== 0;
  return (request ? pair[0] : pair[1])(b, off, len);
}

// The less common socket address families as strace 6.1's sockaddr.c prints them: AX.25, IPX, X.25, Bluetooth,
// RxRPC, IEEE 802.15.4, AF_ALG, NFC, vsock, Qualcomm IPC router, XDP and MCTP. Layouts come from the generated
// STRUCTS table where a uapi header has the struct; IPX, Bluetooth, RxRPC and IEEE 802.15.4 have none, so their
// offsets are strace's own local definitions, written beside each printer.

import { quoteForX } from '../../model/quote.js';
import { int, sym, text, type Value } from '../../model/value.js';
import { STRUCTS } from '../../tables/generated/structs.js';
import { fdValue } from '../args/fds.js';
import type { CallContext } from '../context.js';
import { currentConstStyle, hex, lookupXlat, styled, xlatName } from '../xlat.js';
import { ifindexText, netBytes, ntohs } from './inet.js';
import { charArray, xlatText } from './read.js';
import { xlatValue } from './xlat-value.js';

export type Fields = [string, Value][];
/** Prints the fields after sa_family from the zero-padded address bytes; `len` is the length given. */
export type FamilyPrinter = (c: CallContext, v: DataView, b: Uint8Array, len: number) => Fields;

const S = STRUCTS;

/** C's `%#0*x` of a field `size` bytes wide (PRINT_VAL_0X): zero fills the width, else 0x-prefixed. */
const hex0 = (v: number, size: number): string =>
  v === 0 ? '0'.repeat(size * 2) : `0x${v.toString(16).padStart(size * 2 - 2, '0')}`;

/** print_quoted_string(..., QUOTE_FORCE_HEX): every byte as \xNN. */
const hexBytes = (b: Uint8Array, off: number, len: number): Value =>
  text(quoteForX(b.subarray(off, off + len), false, 2));

/** PRINT_FIELD_XVAL with a NULL default: the name, or the number in hex. */
const xval = (table: string, v: number): Value => sym(xlatText(table, v, 'enum'));

/** PRINT_FIELD_XVAL_VERBOSE: the number and its name as a comment, also under -X abbrev; -X raw: the number. */
function xvalVerbose(table: string, v: number, unknown?: string): Value {
  if (currentConstStyle() === 'raw') return text(hex(v));
  const t = lookupXlat(table);
  const name = t ? xlatName(t, v) : undefined;
  const comment = name ?? unknown;
  return text(comment ? `${hex(v)} /* ${comment} */` : hex(v));
}

/** PRINT_FIELD_FLAGS_VERBOSE: the number, then the flag names as a comment, also under -X abbrev. */
function flagsVerbose(table: string, v: number): Value {
  if (v === 0) return int(0);
  if (currentConstStyle() === 'raw') return text(hex(v));
  const t = lookupXlat(table);
  const names: string[] = [];
  let rest = v;
  for (const [name, value] of t?.values ?? []) {
    if (value !== 0 && (rest & value) === value) {
      names.push(name);
      rest = (rest & ~value) >>> 0;
    }
  }
  if (names.length === 0) return text(`${hex(v)}${t?.unknown ? ` /* ${t.unknown} */` : ''}`);
  if (rest) names.push(hex(rest));
  return text(`${hex(v)} /* ${names.join('|')} */`);
}

/** print_quoted_string(QUOTE_0_TERMINATED | QUOTE_EXPECT_TRAILING_0): up to the NUL, `...` when there is none. */
function expectNul(c: CallContext, b: Uint8Array, off: number, size: number): Value {
  if (size <= 0) return text('""');
  const bytes = b.subarray(off, off + size);
  const nul = bytes.indexOf(0);
  if (nul >= 0) return { k: 'str', bytes: bytes.slice(0, nul), more: false };
  return text(`${quoteForX(bytes.subarray(0, size - 1), false, c.opts.xflag)}...`);
}

// ---- AX.25 (include/uapi/linux/ax25.h) ----

const AX = S.full_sockaddr_ax25;
const AX_ADDR = S.ax25_address.size;
const AX_CALL = S.sockaddr_ax25.fields.sax25_call.off;
const AX_NDIGIS = S.sockaddr_ax25.fields.sax25_ndigis.off;

/** check_ax25_address: abbrev when the callsign is sane, verbose when odd, raw when it cannot be printed. */
function ax25Style(call: Uint8Array): 'default' | 'verbose' | 'raw' {
  let style: 'default' | 'verbose' = 'default';
  let space = false;
  let chars = false;
  for (let i = 0; i < AX_ADDR - 1; i++) {
    const raw = call[i] ?? 0;
    if (raw & 1) style = 'verbose';
    const ch = raw >> 1;
    if (ch === 0x20) space = true;
    else chars = true;
    const ok = (ch >= 0x30 && ch <= 0x39) || (ch >= 0x41 && ch <= 0x5a) || ch === 0x20;
    if (!ok) style = 'verbose';
    if (ch !== 0x20 && space) style = 'verbose';
    if (ch < 0x20 || ch > 0x7e || ch === 0x2a || ch === 0x2f) return 'raw';
  }
  const ssid = call[AX_ADDR - 1] ?? 0;
  if (ssid & ~0x1e) style = 'verbose';
  if (!chars && ssid) style = 'verbose';
  return style;
}

/** ax25_addr2str: `CALL-SSID`, `*` for an empty callsign with SSID 0. */
function ax25Text(call: Uint8Array): string {
  let end = AX_ADDR - 1;
  while (end > 0 && (call[end - 1] ?? 0) >> 1 === 0x20) end--;
  let s = '';
  for (let i = 0; i < end; i++) s += String.fromCharCode((call[i] ?? 0) >> 1);
  const ssid = ((call[AX_ADDR - 1] ?? 0) >> 1) & 0xf;
  s += `-${ssid}`;
  return s === '-0' ? '*' : s;
}

/** print_ax25_addr: the callsign, its bytes under -X raw/verbose (or always when it is odd). */
function ax25Addr(b: Uint8Array, off: number): Value {
  const call = b.subarray(off, off + AX_ADDR);
  const checked = ax25Style(call);
  const style = checked === 'default' ? currentConstStyle() : checked;
  const raw = `{ax25_call=${quoteForX(call, false, 2)}}`;
  if (style === 'raw') return text(raw);
  if (style === 'abbrev') return text(ax25Text(call));
  return text(`${raw} /* ${ax25Text(call)} */`);
}

const ax25Fields: FamilyPrinter = (_c, v, b, len) => {
  const ndigis = v.getInt32(AX_NDIGIS, true);
  const head: Fields = [
    ['sax25_call', ax25Addr(b, AX_CALL)],
    ['sax25_ndigis', int(ndigis)],
  ];
  const base = S.sockaddr_ax25.size;
  if (ndigis === 0 && len <= base) return head;
  const max = AX.fields.fsa_digipeater.count;
  const has = Math.min(Math.floor((len - base) / AX_ADDR), max);
  const want = Math.min(Math.max(ndigis, 0), max);
  const out: Fields = [['fsa_ax25', { k: 'struct', fields: head }]];
  if (want > 0) {
    const items: Value[] = [];
    for (let i = 0; i < Math.min(has, want); i++)
      items.push(ax25Addr(b, AX.fields.fsa_digipeater.off + i * AX_ADDR));
    if (want > has) items.push(text('...'));
    out.push(['fsa_digipeater', { k: 'array', items }]);
  }
  if (len > has * AX_ADDR + base) out.push(['', text('...')]);
  return out;
};

// ---- IPX (no uapi header: strace's struct sockaddr_ipx, port be16 @2, network be32 @4, node[6] @8, type @14) ----

const IPX = { size: 16, port: 2, network: 4, node: 8, nodeLen: 6, type: 14, zero: 15 } as const;

const ipxFields: FamilyPrinter = (_c, v, b) => {
  const node: Value[] = [];
  for (let i = 0; i < IPX.nodeLen; i++) node.push(text(hex0(b[IPX.node + i] ?? 0, 1)));
  const out: Fields = [
    ['sipx_port', text(netBytes(b, IPX.port, 2, `htons(${ntohs(v, IPX.port)})`))],
    ['sipx_network', text(`htonl(${hex(v.getUint32(IPX.network, false))})`)],
    ['sipx_node', { k: 'array', items: node }],
    ['sipx_type', text(hex0(b[IPX.type] ?? 0, 1))],
  ];
  const zero = b[IPX.zero] ?? 0;
  if (zero) out.push(['sipx_zero', text(hex(zero))]);
  return out;
};

// ---- X.25 (include/uapi/linux/x25.h) ----

const x25Fields: FamilyPrinter = (_c, v) => {
  const f = S.sockaddr_x25.fields.sx25_addr;
  return [['sx25_addr', { k: 'struct', fields: [['x25_addr', charArray(v, f.off, f.size)]] }]];
};

// ---- Bluetooth (no uapi header: BlueZ's sockaddr_hci, _sco, _rc and _l2, as strace defines them) ----

/** Lengths that choose the Bluetooth address (strace switches on the length given). */
const BT = {
  hciDevEnd: 4,
  hci: 6,
  sco: 8,
  rc: 10,
  l2TypeOff: 12,
  l2: 14,
  bdaddr: 2,
  bdaddrLen: 6,
  rcChannel: 8,
  l2Psm: 2,
  l2Bdaddr: 4,
  l2Cid: 10,
} as const;

/** print_mac_addr: `01:02:...`, with the bytes under -X raw/verbose. */
const macAddr = (b: Uint8Array, off: number, len: number): Value =>
  text(
    netBytes(
      b,
      off,
      len,
      Array.from(b.subarray(off, off + len), (x) => x.toString(16).padStart(2, '0')).join(':'),
    ),
  );

/**
 * print_bluetooth_l2_psm / _cid: `htobs(NAME)`, a dynamic range's start plus an offset, or the number with
 * a comment when it has no name.
 */
function btValue(
  v: number,
  table: string,
  ranges: readonly (readonly [string, number, number])[],
  unknown: string,
): Value {
  const t = lookupXlat(table);
  const name = t ? xlatName(t, v) : undefined;
  const range = name === undefined ? ranges.find(([, lo, hi]) => v >= lo && v <= hi) : undefined;
  const known = name !== undefined || range !== undefined;
  const style = currentConstStyle();
  let s = style !== 'abbrev' || !known ? hex(v) : '';
  if (style !== 'raw') {
    const what = name ?? (range ? `${styled(hex(range[1]), range[0])}+${v - range[1]}` : unknown);
    s += style === 'verbose' || !known ? `${s ? ' ' : ''}/* ${what} */` : what;
  }
  return text(`htobs(${s})`);
}

const L2_PSM_RANGES = [
  ['L2CAP_PSM_LE_DYN_START', 0x80, 0xff],
  ['L2CAP_PSM_DYN_START', 0x1001, 0xffff],
] as const;
const L2_CID_RANGES = [['L2CAP_CID_DYN_START', 0x40, 0xffff]] as const;

const btFields: FamilyPrinter = (c, v, b, len) => {
  if (len === BT.hciDevEnd || len === BT.hci) {
    const out: Fields = [['hci_dev', text(`htobs(${v.getUint16(2, true)})`)]];
    if (len === BT.hci) out.push(['hci_channel', xval('hci_channels', v.getUint16(4, true))]);
    return out;
  }
  if (len === BT.sco) return [['sco_bdaddr', macAddr(b, BT.bdaddr, BT.bdaddrLen)]];
  if (len === BT.rc)
    return [
      ['rc_bdaddr', macAddr(b, BT.bdaddr, BT.bdaddrLen)],
      ['rc_channel', int(b[BT.rcChannel] ?? 0)],
    ];
  if (len === BT.l2TypeOff || len === BT.l2) {
    const out: Fields = [
      ['l2_psm', btValue(v.getUint16(BT.l2Psm, true), 'bluetooth_l2_psm', L2_PSM_RANGES, 'L2CAP_PSM_???')],
      ['l2_bdaddr', macAddr(b, BT.l2Bdaddr, BT.bdaddrLen)],
      ['l2_cid', btValue(v.getUint16(BT.l2Cid, true), 'bluetooth_l2_cid', L2_CID_RANGES, 'L2CAP_CID_???')],
    ];
    if (len === BT.l2) out.push(['l2_bdaddr_type', xval('bdaddr_types', b[BT.l2TypeOff] ?? 0)]);
    return out;
  }
  return [['sa_data', rawData(c, b, len)]];
};

/** print_sockaddr_data_raw: the bytes after the family as a string. */
export const rawData = (_c: CallContext, b: Uint8Array, len: number): Value => ({
  k: 'str',
  bytes: b.slice(2, Math.max(2, len)),
  more: false,
});

// ---- RxRPC (no uapi header: strace's struct sockaddr_rxrpc) ----

const RX = { size: 36, service: 2, type: 4, tlen: 6, transport: 8 } as const;

const rxrpcFields =
  (inFields: FamilyPrinter, in6Fields: FamilyPrinter, in6Min: number): FamilyPrinter =>
  (c, v, b, len) => {
    const tlen = v.getUint16(RX.tlen, true);
    const tl = Math.min(tlen, len - RX.transport);
    const rest = Math.max(0, tl - 2);
    const family = v.getUint16(RX.transport, true);
    const tb = b.subarray(RX.transport);
    const tv = new DataView(tb.buffer, tb.byteOffset, tb.length);
    const restText = (): Value => ({ k: 'str', bytes: tb.slice(2, 2 + rest), more: false });
    const familyValue = xval('socket_domain', family);
    let transport: Fields;
    const inet = xlatValue('socket_domain', 'AF_INET');
    const inet6 = xlatValue('socket_domain', 'AF_INET6');
    if (family === inet || family === inet6) {
      const [name, min, print] =
        family === inet ? (['sin', 16, inFields] as const) : (['sin6', in6Min, in6Fields] as const);
      const inner: Fields = [[`${name}_family`, familyValue]];
      if (tlen >= min) inner.push(...print(c, tv, tb, tl));
      else if (rest > 0) inner.push(['', restText()]);
      transport = [[name, { k: 'struct', fields: inner }]];
    } else {
      transport = [['family', familyValue]];
      if (rest > 0) transport.push(['', restText()]);
    }
    return [
      ['srx_service', xvalVerbose('rxrpc_services', v.getUint16(RX.service, true), '???_SERVICE')],
      ['transport_type', xval('socket_type_base', v.getUint16(RX.type, true))],
      ['transport_len', int(tlen)],
      ['transport', { k: 'struct', fields: transport }],
    ];
  };

// ---- IEEE 802.15.4 (no uapi header: strace's struct sockaddr_ieee802154) ----

const WPAN = { size: 20, type: 4, pan: 8, addr: 10, hwLen: 8 } as const;

const ieee802154Fields: FamilyPrinter = (_c, v, b) => {
  const type = v.getInt32(WPAN.type, true) >>> 0;
  const fields: Fields = [
    ['addr_type', xvalVerbose('ieee802154_addr_types', type, 'IEEE802154_ADDR_???')],
    ['pan_id', xvalVerbose('ieee802154_pan_ids', v.getUint16(WPAN.pan, true))],
  ];
  if (type === xlatValue('ieee802154_addr_types', 'IEEE802154_ADDR_SHORT'))
    fields.push(['short_addr', xvalVerbose('ieee802154_addrs', v.getUint16(WPAN.addr, true))]);
  else if (type !== xlatValue('ieee802154_addr_types', 'IEEE802154_ADDR_NONE'))
    fields.push(['hwaddr', macAddr(b, WPAN.addr, WPAN.hwLen)]);
  return [['addr', { k: 'struct', fields }]];
};

// ---- AF_ALG (include/uapi/linux/if_alg.h) ----

const ALG = S.sockaddr_alg_new;

const algFields: FamilyPrinter = (c, v, b, len) => [
  ['salg_type', expectNul(c, b, ALG.fields.salg_type.off, ALG.fields.salg_type.count)],
  ['salg_feat', flagsVerbose('alg_sockaddr_flags', v.getUint32(ALG.fields.salg_feat.off, true))],
  ['salg_mask', flagsVerbose('alg_sockaddr_flags', v.getUint32(ALG.fields.salg_mask.off, true))],
  ['salg_name', expectNul(c, b, ALG.fields.salg_name.off, len - ALG.fields.salg_name.off)],
];

// ---- NFC (include/uapi/linux/nfc.h) ----

const NFC = S.sockaddr_nfc_llcp;

const nfcFields: FamilyPrinter = (c, v, b, len) => {
  const F = NFC.fields;
  const out: Fields = [
    ['dev_idx', text(ifindexText(c, v.getUint32(F.dev_idx.off, true)))],
    ['target_idx', text(hex(v.getUint32(F.target_idx.off, true)))],
    ['nfc_protocol', xval('nfc_sockaddr_protocols', v.getUint32(F.nfc_protocol.off, true))],
  ];
  if (len < NFC.size) {
    if (len > S.sockaddr_nfc.size) out.push(['', text('...')]);
    return out;
  }
  const snsz = v.getBigUint64(F.service_name_len.off, true);
  const shown = Number(snsz < BigInt(F.service_name.count) ? snsz : BigInt(F.service_name.count));
  out.push(
    ['dsap', xvalVerbose('nfc_saps', b[F.dsap.off] ?? 0)],
    ['ssap', xvalVerbose('nfc_saps', b[F.ssap.off] ?? 0)],
    [
      'service_name',
      { k: 'str', bytes: b.slice(F.service_name.off, F.service_name.off + shown), more: false },
    ],
    ['service_name_len', int(snsz)],
  );
  return out;
};

// ---- vsock (include/uapi/linux/vm_sockets.h) ----

const VM = S.sockaddr_vm.fields;

const vsockFields: FamilyPrinter = (_c, v, b) => {
  const out: Fields = [];
  const reserved = v.getUint16(VM.svm_reserved1.off, true);
  if (reserved) out.push(['svm_reserved1', text(hex(reserved))]);
  out.push(
    ['svm_cid', xval('vsock_cids', v.getUint32(VM.svm_cid.off, true))],
    ['svm_port', xval('vsock_ports', v.getUint32(VM.svm_port.off, true))],
    ['svm_flags', sym(xlatText('vsock_flags', b[VM.svm_flags.off] ?? 0, 'flags'))],
  );
  const zero = b.subarray(VM.svm_zero.off, VM.svm_zero.off + VM.svm_zero.count);
  if (zero.some((x) => x !== 0)) out.push(['svm_zero', hexBytes(b, VM.svm_zero.off, VM.svm_zero.count)]);
  return out;
};

// ---- Qualcomm IPC router (include/uapi/linux/qrtr.h) ----

const QRTR = S.sockaddr_qrtr.fields;

const qrtrFields: FamilyPrinter = (_c, v) => [
  ['sq_node', xval('qipcrtr_nodes', v.getUint32(QRTR.sq_node.off, true))],
  ['sq_port', xval('qipcrtr_ports', v.getUint32(QRTR.sq_port.off, true))],
];

// ---- XDP (include/uapi/linux/if_xdp.h) ----

const XDP = S.sockaddr_xdp.fields;

const xdpFields: FamilyPrinter = (c, v) => {
  const flags = v.getUint16(XDP.sxdp_flags.off, true);
  const fd = v.getUint32(XDP.sxdp_shared_umem_fd.off, true);
  const out: Fields = [
    ['sxdp_flags', sym(xlatText('xdp_sockaddr_flags', flags, 'flags'))],
    ['sxdp_ifindex', text(ifindexText(c, v.getUint32(XDP.sxdp_ifindex.off, true)))],
    ['sxdp_queue_id', int(v.getUint32(XDP.sxdp_queue_id.off, true))],
  ];
  if (flags & (xlatValue('xdp_sockaddr_flags', 'XDP_SHARED_UMEM') ?? 1))
    out.push(['sxdp_shared_umem_fd', fdValue(c, fd | 0)]);
  else if (fd) out.push(['sxdp_shared_umem_fd', text(hex(fd))]);
  return out;
};

// ---- MCTP (include/uapi/linux/mctp.h) ----

const MCTP = S.sockaddr_mctp.fields;

const mctpFields: FamilyPrinter = (_c, v, b) => {
  const out: Fields = [];
  const pad0 = v.getUint16(MCTP.__smctp_pad0.off, true);
  if (pad0) out.push(['__smctp_pad0', text(hex(pad0))]);
  out.push(
    ['smctp_network', xval('mctp_nets', v.getUint32(MCTP.smctp_network.off, true))],
    ['smctp_addr', { k: 'struct', fields: [['s_addr', xval('mctp_addrs', b[MCTP.smctp_addr.off] ?? 0)]] }],
    ['smctp_type', text(hex(b[MCTP.smctp_type.off] ?? 0))],
    ['smctp_tag', text(hex(b[MCTP.smctp_tag.off] ?? 0))],
  );
  const pad1 = b[MCTP.__smctp_pad1.off] ?? 0;
  if (pad1) out.push(['__smctp_pad1', text(hex(pad1))]);
  return out;
};

/** The families above: their printer and the shortest address each needs (strace's sa_printers). */
export function moreFamilies(
  inFields: FamilyPrinter,
  in6Fields: FamilyPrinter,
  in6Min: number,
): Readonly<Record<string, { readonly min: number; readonly print: FamilyPrinter }>> {
  return {
    AF_AX25: { min: S.sockaddr_ax25.size, print: ax25Fields },
    AF_IPX: { min: IPX.size, print: ipxFields },
    AF_X25: { min: S.sockaddr_x25.size, print: x25Fields },
    AF_BLUETOOTH: { min: 3, print: btFields },
    AF_RXRPC: { min: RX.size, print: rxrpcFields(inFields, in6Fields, in6Min) },
    AF_IEEE802154: { min: WPAN.size, print: ieee802154Fields },
    AF_ALG: { min: ALG.size + 1, print: algFields },
    AF_NFC: { min: S.sockaddr_nfc.size, print: nfcFields },
    AF_VSOCK: { min: S.sockaddr_vm.size, print: vsockFields },
    AF_QIPCRTR: { min: S.sockaddr_qrtr.size, print: qrtrFields },
    AF_XDP: { min: S.sockaddr_xdp.size, print: xdpFields },
    AF_MCTP: { min: S.sockaddr_mctp.size, print: mctpFields },
  };
}

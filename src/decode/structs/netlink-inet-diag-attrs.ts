// inet_diag_msg's INET_DIAG_* attributes as strace's netlink_inet_diag.c prints them: memory and congestion
// control structs, socket addresses, MD5 keys, ULP (TLS, MPTCP) and BPF storage nests, socket option bits.
// Layouts come from the generated STRUCTS table, names from the xlat tables.

import { int, ptr, text, type Value } from '../../model/value.js';
import { STRUCTS } from '../../tables/generated/structs.js';
import { abbreviated, currentConstStyle } from '../xlat.js';
import {
  type AttrDecoder,
  type Decoders,
  fieldValue,
  hexString,
  layoutFields,
  nested,
  readable,
  str,
  structAttr,
  u8,
  u16,
  u32,
  u64,
  x32,
  xlatAttr,
} from './netlink-attr.js';
import { indexedArray } from './netlink-route-link.js';
import { inetFieldOf, structArray } from './netlink-route-msgs.js';
import { xlatText } from './read.js';
import { sockaddrOf } from './sockaddr.js';

const S = STRUCTS;

/** decode_nla_meminfo: `[[SK_MEMINFO_RMEM_ALLOC]=0, ...]`. */
export const skMeminfo = indexedArray(4, false, 'netlink_sk_meminfo_indices');

/** decode_nla_xint: 1, 2, 4 or 8 bytes in hex, other sizes as a hex string. */
const xint: AttrDecoder = (b, off, len) => {
  if (len !== 1 && len !== 2 && len !== 4 && len !== 8) return undefined;
  if (!readable(b, off, len)) return ptr(b.addr + BigInt(off));
  return { k: 'hex', v: fieldValue(b, off, len, 'u') };
};

/** INET_DIAG_SHUTDOWN: RCV_SHUTDOWN/SEND_SHUTDOWN are not uapi, so strace shows the number with them as a comment
 * (verbose style) unless -X raw. */
const shutdown: AttrDecoder = (b, off, len) => {
  if (len < 1) return undefined;
  if (!readable(b, off, 1)) return ptr(b.addr + BigInt(off));
  const v = b.view.getUint8(off);
  const num = v === 0 ? '0' : `0x${v.toString(16)}`;
  if (v === 0 || currentConstStyle() === 'raw') return text(num);
  const names = abbreviated(() => xlatText('inet_diag_shutdown_flags', v, 'flags'));
  return text(names.startsWith(`${num} /* `) ? names : `${num} /* ${names} */`);
};

/** INET_DIAG_LOCALS/PEERS: an array of struct sockaddr_storage, each printed as a socket address. */
const SOCKADDR_STORAGE = 128;
const sockaddrs = structArray(SOCKADDR_STORAGE, (b, at) =>
  sockaddrOf(b.c, new Uint8Array(b.view.buffer, b.view.byteOffset + at, SOCKADDR_STORAGE), SOCKADDR_STORAGE),
);

/** INET_DIAG_MD5SIG: tcp_diag_md5sig entries, the address by tcpm_family, the key up to tcpm_keylen bytes. */
const MD5 = S.tcp_diag_md5sig;
const md5sig = structArray(MD5.size, (b, at): Value => {
  const family = b.view.getUint8(at + MD5.fields.tcpm_family.off);
  const keylen = Math.min(b.view.getUint16(at + MD5.fields.tcpm_keylen.off, true), MD5.fields.tcpm_key.count);
  const key = Array.from(
    { length: keylen },
    (_, i) =>
      `\\x${b.view
        .getUint8(at + MD5.fields.tcpm_key.off + i)
        .toString(16)
        .padStart(2, '0')}`,
  );
  return {
    k: 'struct',
    fields: [
      ...layoutFields(b, at, MD5, [
        ['tcpm_family', { enum: 'socket_domain' }],
        ['tcpm_prefixlen'],
        ['tcpm_keylen'],
      ]),
      inetFieldOf(
        b,
        at + MD5.fields.tcpm_addr.off,
        MD5.fields.tcpm_addr.size * (MD5.fields.tcpm_addr.count ?? 1),
        family,
        'tcpm_addr',
      ),
      ['tcpm_key', text(`"${key.join('')}"`)],
    ],
  };
});

/** struct inet_diag_sockopt's bits (include/uapi/linux/inet_diag.h), in order from bit 0 of its first byte. */
const SOCKOPT_BITS = [
  'recverr',
  'is_icsk',
  'freebind',
  'hdrincl',
  'mc_loop',
  'transparent',
  'mc_all',
  'nodefrag',
  'bind_address_no_port',
  'recverr_rfc4884',
  'defer_connect',
] as const;
const SOCKOPT_SIZE = 2;

/** INET_DIAG_SOCKOPT: set bits by name (every bit unless abbreviated), the 5 unused bits, then any nonzero bytes
 * past the struct as `/* bytes 2..N *\/ "\x.."`. */
const sockopt: AttrDecoder = (b, off, len) => {
  if (len < SOCKOPT_SIZE) return undefined;
  if (!readable(b, off, SOCKOPT_SIZE)) return ptr(b.addr + BigInt(off));
  const bits = b.view.getUint16(off, true);
  const all = b.c.opts.verbose === true;
  const fields: [string, Value][] = [];
  SOCKOPT_BITS.forEach((name, i) => {
    const bit = (bits >> i) & 1;
    if (all || bit) fields.push([name, int(bit)]);
  });
  const unused = bits >> SOCKOPT_BITS.length;
  if (all || unused)
    fields.push(['unused', text(`${unused ? `0x${unused.toString(16)}` : '0'} /* bits 3..8 */`)]);
  const value: Value = { k: 'struct', fields };
  const rest = Math.min(len, 4096) - SOCKOPT_SIZE;
  if (rest <= 0) return value;
  if (!readable(b, off + SOCKOPT_SIZE, rest)) return [value, text('???')];
  let nonzero = false;
  for (let i = 0; i < rest; i++) if (b.view.getUint8(off + SOCKOPT_SIZE + i)) nonzero = true;
  if (!nonzero) return value;
  const hex = hexString(b, off + SOCKOPT_SIZE, rest);
  return [value, hex.k === 'text' ? text(`/* bytes ${SOCKOPT_SIZE}..${len - 1} */ ${hex.text}`) : hex];
};

const tlsConf = xlatAttr('tls_info_configs', 'enum', 2);

/** inet_diag_msg attributes by name (strace's inet_diag_msg_nla_decoders). */
export const INET_DIAG_MSG_ATTRS: Decoders = {
  INET_DIAG_MEMINFO: structAttr(S.inet_diag_meminfo, [
    ['idiag_rmem'],
    ['idiag_wmem'],
    ['idiag_fmem'],
    ['idiag_tmem'],
  ]),
  INET_DIAG_VEGASINFO: structAttr(S.tcpvegas_info, [
    ['tcpv_enabled'],
    ['tcpv_rttcnt'],
    ['tcpv_rtt'],
    ['tcpv_minrtt'],
  ]),
  INET_DIAG_CONG: str,
  INET_DIAG_TOS: u8,
  INET_DIAG_TCLASS: u8,
  INET_DIAG_SKMEMINFO: skMeminfo,
  INET_DIAG_SHUTDOWN: shutdown,
  INET_DIAG_DCTCPINFO: structAttr(S.tcp_dctcp_info, [
    ['dctcp_enabled'],
    ['dctcp_ce_state'],
    ['dctcp_alpha'],
    ['dctcp_ab_ecn'],
    ['dctcp_ab_tot'],
  ]),
  INET_DIAG_PROTOCOL: xlatAttr('ipproto', 'enum'),
  INET_DIAG_SKV6ONLY: u8,
  INET_DIAG_LOCALS: sockaddrs,
  INET_DIAG_PEERS: sockaddrs,
  INET_DIAG_MARK: u32,
  INET_DIAG_BBRINFO: structAttr(S.tcp_bbr_info, [
    ['bbr_bw_lo', 'x'],
    ['bbr_bw_hi', 'x'],
    ['bbr_min_rtt'],
    ['bbr_pacing_gain'],
    ['bbr_cwnd_gain'],
  ]),
  INET_DIAG_CLASS_ID: u32,
  INET_DIAG_MD5SIG: md5sig,
  INET_DIAG_ULP_INFO: nested('inet_diag_ulp_info_attrs', {
    INET_ULP_INFO_NAME: str,
    INET_ULP_INFO_TLS: nested('inet_diag_ulp_info_tls_attrs', {
      TLS_INFO_VERSION: xlatAttr('tls_info_versions', 'enum', 2),
      TLS_INFO_CIPHER: xlatAttr('tls_info_ciphers', 'enum', 2),
      TLS_INFO_TXCONF: tlsConf,
      TLS_INFO_RXCONF: tlsConf,
    }),
    INET_ULP_INFO_MPTCP: nested('inet_diag_ulp_info_mptcp_attrs', {
      MPTCP_SUBFLOW_ATTR_TOKEN_REM: x32,
      MPTCP_SUBFLOW_ATTR_TOKEN_LOC: x32,
      MPTCP_SUBFLOW_ATTR_RELWRITE_SEQ: u32,
      MPTCP_SUBFLOW_ATTR_MAP_SEQ: u64,
      MPTCP_SUBFLOW_ATTR_MAP_SFSEQ: u32,
      MPTCP_SUBFLOW_ATTR_SSN_OFFSET: u32,
      MPTCP_SUBFLOW_ATTR_MAP_DATALEN: u16,
      MPTCP_SUBFLOW_ATTR_FLAGS: xlatAttr('mptcp_subflow_flags', 'flags', 4),
      MPTCP_SUBFLOW_ATTR_ID_REM: u8,
      MPTCP_SUBFLOW_ATTR_ID_LOC: u8,
    }),
  }),
  INET_DIAG_SK_BPF_STORAGES: nested('inet_diag_bpf_storages_attrs', {
    SK_DIAG_BPF_STORAGE: nested('inet_diag_bpf_storage_attrs', {
      SK_DIAG_BPF_STORAGE_MAP_ID: u32,
      SK_DIAG_BPF_STORAGE_MAP_VALUE: xint,
    }),
  }),
  INET_DIAG_CGROUP_ID: u64,
  INET_DIAG_SOCKOPT: sockopt,
};

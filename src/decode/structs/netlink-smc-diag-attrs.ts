// smc_diag_msg's SMC_DIAG_* attributes as strace's netlink_smc_diag.c prints them: connection cursors, link group
// links, shutdown bits, SMC-D buffer info and fallback reasons. Layouts come from the generated STRUCTS table.

import { ptr, text, type Value } from '../../model/value.js';
import { STRUCTS } from '../../tables/generated/structs.js';
import {
  type Buf,
  type Decoders,
  type FieldFormat,
  fieldValue,
  layoutFields,
  readable,
  structAttr,
  xlatAttr,
} from './netlink-attr.js';
import { charArray } from './read.js';

const S = STRUCTS;

/** PRINT_FIELD_0X: `%#0*llx` as wide as the field's hex digits (a zero prints as that many 0s, no 0x). */
const zeroX: FieldFormat = (b, at) => text(`0x${b.view.getUint8(at).toString(16)}`.replace(/^0x0$/, '00'));

/** struct smc_diag_cursor: `{reserved=.., wrap=.., count=..}`. */
const cursor: FieldFormat = (b, at) => ({
  k: 'struct',
  fields: layoutFields(b, at, S.smc_diag_cursor, [['reserved'], ['wrap'], ['count']]),
});

/** A char array field up to its NUL (PRINT_FIELD_CSTRING). */
const cstring =
  (size: number): FieldFormat =>
  (b, at) =>
    charArray(b.view, at, size);

const LNK = S.smc_diag_linkinfo;
const link = (b: Buf, at: number): Value => ({
  k: 'struct',
  fields: layoutFields(b, at, LNK, [
    ['link_id'],
    ['ibname', cstring(LNK.fields.ibname.size * (LNK.fields.ibname.count ?? 1))],
    ['ibport'],
    ['gid', cstring(LNK.fields.gid.size * (LNK.fields.gid.count ?? 1))],
    ['peer_gid', cstring(LNK.fields.peer_gid.size * (LNK.fields.peer_gid.count ?? 1))],
  ]),
});

/** SMC_DIAG_DMBINFO: the five fields strace 6.1 knows, then newer kernels' peer_gid_ext and my_gid_ext when the
 * attribute is longer (later strace reads up to my_gid_ext's end). */
const DMB = S.smcd_diag_dmbinfo;
const DMB_MIN = DMB.fields.peer_token.off + DMB.fields.peer_token.size;
const dmbinfo = (b: Buf, off: number, len: number): Value | undefined => {
  if (len < DMB_MIN) return undefined;
  const end = Math.min(len, DMB.size);
  if (!readable(b, off, end)) return ptr(b.addr + BigInt(off));
  const fields = layoutFields(b, off, DMB, [
    ['linkid'],
    ['peer_gid', 'x'],
    ['my_gid', 'x'],
    ['token', 'x'],
    ['peer_token', 'x'],
  ]);
  if (len > DMB_MIN) {
    for (const name of ['peer_gid_ext', 'my_gid_ext'] as const) {
      const f = DMB.fields[name];
      // bytes past the attribute read as zeros, as strace's zeroed struct
      const v = f.off + f.size <= end ? fieldValue(b, off + f.off, f.size, 'u') : 0n;
      fields.push([name, { k: 'hex', v }]);
    }
  }
  return { k: 'struct', fields };
};

/** smc_diag_msg attributes by name (strace's smc_diag_msg_nla_decoders). */
export const SMC_DIAG_MSG_ATTRS: Decoders = {
  SMC_DIAG_CONNINFO: structAttr(S.smc_diag_conninfo, [
    ['token'],
    ['sndbuf_size'],
    ['rmbe_size'],
    ['peer_rmbe_size'],
    ['rx_prod', cursor],
    ['rx_cons', cursor],
    ['tx_prod', cursor],
    ['tx_cons', cursor],
    ['rx_prod_flags', zeroX],
    ['rx_conn_state_flags', zeroX],
    ['tx_prod_flags', zeroX],
    ['tx_conn_state_flags', zeroX],
    ['tx_prep', cursor],
    ['tx_sent', cursor],
    ['tx_fin', cursor],
  ]),
  SMC_DIAG_LGRINFO: structAttr(S.smc_diag_lgrinfo, [
    ['lnk', (b, at) => ({ k: 'array', items: [link(b, at)] })],
    ['role', { enum: 'smc_link_group_roles' }],
  ]),
  SMC_DIAG_SHUTDOWN: xlatAttr('inet_diag_shutdown_flags', 'flags', 1),
  SMC_DIAG_DMBINFO: dmbinfo,
  SMC_DIAG_FALLBACK: structAttr(S.smc_diag_fallback, [
    ['reason', { enum: 'smc_decl_codes' }],
    ['peer_diagnosis', { enum: 'smc_decl_codes' }],
  ]),
};

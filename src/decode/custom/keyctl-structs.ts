// keyctl(2)'s structs (uapi/linux/keyctl.h, through the generated layouts) as strace 6.1 prints them: the
// Diffie-Hellman parameters and KDF, the public-key operation parameters and the query result.
import { int, ptr, type Value } from '../../model/value.js';
import { STRUCTS } from '../../tables/generated/structs.js';
import { byteBuffer, cString } from '../args/strings.js';
import type { CallContext } from '../context.js';
import { localArray } from '../structs/array.js';
import { xint } from '../structs/read.js';
import { enumOf, flagsOf, view } from './util.js';

/** A key serial: KEY_SPEC_* by name, else decimal (strace's print_keyring_serial_number). */
export const serialValue = (n: number): Value => enumOf('key_spec', n);

interface F {
  readonly off: number;
  readonly count?: number;
}

/** A `__spare` array, shown only when not all zero (`__spare=[0x1, 0, ...]`). */
function spare(c: CallContext, v: DataView, f: F): [string, Value][] {
  const count = f.count ?? 1;
  const at = (k: number): number => v.getUint32(f.off + 4 * k, true);
  if (Array.from({ length: count }, (_, k) => at(k)).every((w) => w === 0)) return [];
  return [['__spare', localArray(c, v, count, 4, (_v, _o, k) => xint(at(k)))]];
}

const DH = STRUCTS.keyctl_dh_params;
/** struct keyctl_dh_params: three key serials. */
export function dhParams(c: CallContext, addr: bigint): Value {
  const v = view(c, addr, DH.size);
  if (!v) return ptr(addr);
  const f = DH.fields;
  return {
    k: 'struct',
    fields: [
      ['private', serialValue(v.getInt32(f.private.off, true))],
      ['prime', serialValue(v.getInt32(f.prime.off, true))],
      ['base', serialValue(v.getInt32(f.base.off, true))],
    ],
  };
}

const KDF = STRUCTS.keyctl_kdf_params;
/** struct keyctl_kdf_params: the hash name, the other info (not read when its length is 0), the spare words. */
export function kdfParams(c: CallContext, addr: bigint): Value {
  const v = view(c, addr, KDF.size);
  if (!v) return ptr(addr);
  const f = KDF.fields;
  const other = v.getBigUint64(f.otherinfo.off, true);
  const otherLen = v.getUint32(f.otherinfolen.off, true);
  return {
    k: 'struct',
    fields: [
      ['hashname', cString(c, v.getBigUint64(f.hashname.off, true), c.opts.strsize)],
      ['otherinfo', otherLen ? byteBuffer(c, other, otherLen) : ptr(other)],
      ['otherinfolen', int(otherLen)],
      ...spare(c, v, f.__spare),
    ],
  };
}

const QUERY = STRUCTS.keyctl_pkey_query;
/** struct keyctl_pkey_query, as the kernel filled it. */
export function pkeyQuery(c: CallContext, addr: bigint): Value {
  const v = view(c, addr, QUERY.size);
  if (!v || c.failed) return ptr(addr);
  const f = QUERY.fields;
  const u16 = (o: number): Value => int(v.getUint16(o, true));
  return {
    k: 'struct',
    fields: [
      ['supported_ops', flagsOf('keyctl_pkey_ops', v.getUint32(f.supported_ops.off, true))],
      ['key_size', int(v.getUint32(f.key_size.off, true))],
      ['max_data_size', u16(f.max_data_size.off)],
      ['max_sig_size', u16(f.max_sig_size.off)],
      ['max_enc_size', u16(f.max_enc_size.off)],
      ['max_dec_size', u16(f.max_dec_size.off)],
      ...spare(c, v, f.__spare),
    ],
  };
}

const PARAMS = STRUCTS.keyctl_pkey_params;
/** struct keyctl_pkey_params: out_len for the operations that write, in2_len for VERIFY. */
export interface PkeyParams {
  readonly value: Value;
  readonly inLen: number;
  /** out_len or in2_len (one union). */
  readonly len2: number;
}
export function pkeyParams(c: CallContext, addr: bigint, out: boolean): PkeyParams | undefined {
  const v = view(c, addr, PARAMS.size);
  if (!v) return undefined;
  const f = PARAMS.fields;
  const inLen = v.getUint32(f.in_len.off, true);
  const len2 = v.getUint32(f.out_len.off, true);
  return {
    inLen,
    len2,
    value: {
      k: 'struct',
      fields: [
        ['key_id', serialValue(v.getInt32(f.key_id.off, true))],
        ['in_len', int(inLen)],
        [out ? 'out_len' : 'in2_len', int(len2)],
        ...spare(c, v, f.__spare),
      ],
    },
  };
}

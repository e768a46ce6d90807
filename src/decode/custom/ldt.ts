// struct user_desc (asm/ldt.h, bit-fields laid out by the generator) for modify_ldt, set_thread_area and
// get_thread_area, as strace 6.1's ldt.c prints it; and modify_ldt's result, which the kernel cuts to 32 bits.
import { int, ptr, text, type Value } from '../../model/value.js';
import { errnoByValue } from '../../tables/errnos.js';
import { STRUCTS } from '../../tables/generated/structs.js';
import type { ArgDecoder, CallContext } from '../context.js';
import { idValue } from '../structs/read.js';
import { save, saved, u64, view } from './util.js';

const D = STRUCTS.user_desc;
type BitName =
  | 'seg_32bit'
  | 'contents'
  | 'read_exec_only'
  | 'limit_in_pages'
  | 'seg_not_present'
  | 'useable'
  | 'lm';
const BITS: readonly BitName[] = [
  'seg_32bit',
  'contents',
  'read_exec_only',
  'limit_in_pages',
  'seg_not_present',
  'useable',
  'lm',
];

/** PRINT_FIELD_0X: `%#0*x` at the field's width, which counts the `0x` (0x0fffff; 0 prints as zeros, without 0x). */
const zeroX = (n: number, size: number): Value =>
  text(n === 0 ? '0'.repeat(size * 2) : `0x${n.toString(16).padStart(size * 2 - 2, '0')}`);

/** The bit-fields an i386 process has: `lm` exists only for 64-bit code (strace prints it on x86_64 only). */
const BITS_I386 = BITS.filter((b) => b !== 'lm');

/** The fields after entry_number: base_addr, limit and the bit-fields (lm: x86_64's own). */
function descRest(v: DataView, bits: readonly BitName[] = BITS): [string, Value][] {
  const out: [string, Value][] = [
    ['base_addr', zeroX(v.getUint32(D.fields.base_addr.off, true), D.fields.base_addr.size)],
    ['limit', zeroX(v.getUint32(D.fields.limit.off, true), D.fields.limit.size)],
  ];
  for (const name of bits) {
    const f = D.fields[name];
    out.push([name, int((v.getUint32(f.off, true) >>> f.bit) & ((1 << f.bits) - 1))]);
  }
  return out;
}

/** print_user_desc(USER_DESC_BOTH): the whole struct, or the address when unreadable. */
function userDesc(c: CallContext, addr: bigint, bits: readonly BitName[] = BITS): Value {
  // outside -e verbose the struct stays an address
  const v = addr === 0n || c.opts.noDeref ? undefined : view(c, addr, D.size);
  if (!v) return ptr(addr);
  return {
    k: 'struct',
    fields: [['entry_number', idValue(v.getUint32(D.fields.entry_number.off, true))], ...descRest(v, bits)],
  };
}

/** The user_desc at `addr` as set_thread_area prints it, in the bit-fields of the caller's ABI (clone's tls on i386). */
export const userDescAt = (c: CallContext, addr: bigint, i386: boolean): Value =>
  userDesc(c, addr, i386 ? BITS_I386 : BITS);

/** modify_ldt's ptr: a user_desc only when bytecount is its size; the result's clipped -errno as strace shows it. */
const modifyLdtPtr: ArgDecoder = {
  phase: 'entry',
  decode: (c, i) => (u64(c, i + 1) === BigInt(D.size) ? userDesc(c, u64(c, i)) : ptr(u64(c, i))),
  atExit: (c) => {
    // the kernel returns an int through a long: -ENOSYS arrives as 4294967258 (strace: value, then the error)
    const r = c.ret ?? 0n;
    if (c.failed || r < 0xfffff000n || r > 0xffffffffn) return;
    const info = errnoByValue(Number(0x100000000n - r));
    if (info) c.retValue = text(`${r} ${info.name} (${info.message})`);
  },
};

/** set_thread_area's u_info: the whole struct at entry; the entry number the kernel chose after success. */
const setThreadAreaOf = (bits: readonly BitName[]): ArgDecoder => ({
  phase: 'entry',
  decode: (c, i) => userDesc(c, u64(c, i), bits),
  atExit: (c, i) => {
    if (c.failed || c.opts.noDeref) return;
    const v = view(c, u64(c, i), 4);
    if (v) c.retDetail = `entry_number=${v.getUint32(0, true)}`;
  },
});
const setThreadArea = setThreadAreaOf(BITS);

/** get_thread_area's u_info: entry_number at entry, the rest at exit (`...` when the call failed). */
const getThreadAreaOf = (bits: readonly BitName[]): ArgDecoder => ({
  phase: 'exit',
  atEntry: (c, i) => {
    const v = u64(c, i) === 0n || c.opts.noDeref ? undefined : view(c, u64(c, i), 4);
    save(c, i, v ? idValue(v.getUint32(0, true)) : ptr(u64(c, i)));
  },
  decode: (c, i) => {
    const entry = saved(c, i) ?? ptr(u64(c, i));
    if (entry.k !== 'int') return entry;
    const v = c.failed || c.opts.noDeref ? undefined : view(c, u64(c, i), D.size);
    if (!v) return { k: 'struct', fields: [['entry_number', entry]], more: true };
    const now = v.getUint32(D.fields.entry_number.off, true);
    const same = Number(entry.v) === (now === 0xffffffff ? -1 : now);
    const shown: Value = same ? entry : { k: 'changed', before: entry, after: idValue(now) };
    return { k: 'struct', fields: [['entry_number', shown], ...descRest(v, bits)] };
  },
});

export const LDT_DECODERS = {
  modify_ldt_ptr: modifyLdtPtr,
  user_desc: setThreadArea,
  user_desc_out: getThreadAreaOf(BITS),
  // the same struct from a 32-bit process (set_thread_area/get_thread_area through int 0x80)
  user_desc32: setThreadAreaOf(BITS_I386),
  user_desc32_out: getThreadAreaOf(BITS_I386),
} as const satisfies Record<string, ArgDecoder>;

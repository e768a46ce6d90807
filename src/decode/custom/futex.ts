// futex(2)'s last four arguments, which the command gives a meaning (strace's do_futex): a table from command
// name to what each of val, timeout, uaddr2 and val3 shows, NONE where strace prints nothing.
import { int, NONE, ptr, sym, type Value } from '../../model/value.js';
import type { ArgDecoder, CallContext } from '../context.js';
import { timespecAt } from '../structs/time.js';
import { hex, styled } from '../xlat.js';
import { byValue, i32, nameOf, u32, u64, xv, xval } from './util.js';

type Slot = 'val' | 'timeout' | 'uaddr2' | 'val3';
type Printer = (c: CallContext, i: number) => Value;

const uint: Printer = (c, i) => int(u32(c, i));
const addr: Printer = (c, i) => ptr(u64(c, i));
const timeout: Printer = (c, i) => timespecAt(c, u64(c, i));
const bitset: Printer = (c, i) => {
  const name = nameOf('futex_bitset', u32(c, i));
  return name ? sym(styled(hex(u32(c, i)), name)) : xval(u32(c, i));
};
const hex32: Printer = (c, i) => xval(u32(c, i));

/** val3 of FUTEX_WAKE_OP: `FUTEX_OP_ADD<<28|0x1<<12|FUTEX_OP_CMP_GT<<24|0`. */
const wakeOp: Printer = (c, i) => {
  const v = u32(c, i);
  const shift = xv('futex_consts', 'FUTEX_OP_OPARG_SHIFT');
  const named = (table: string, n: number, unknown: string, at: number): string => {
    const name = nameOf(table, n);
    return name ? `${name}<<${at}` : `${hexOf(n)}<<${at} /* ${unknown} */`;
  };
  const parts: string[] = [];
  if ((v >>> 28) & shift) parts.push('FUTEX_OP_OPARG_SHIFT<<28');
  parts.push(named('futex_wake_ops', (v >>> 28) & 7, 'FUTEX_OP_???', 28));
  parts.push(`${hexOf((v >>> 12) & 0xfff)}<<12`);
  parts.push(named('futex_wake_cmps', (v >>> 24) & 0xf, 'FUTEX_OP_CMP_???', 24));
  parts.push(hexOf(v & 0xfff));
  return sym(parts.join('|'));
};
const hexOf = (n: number): string => (n === 0 ? '0' : `0x${n.toString(16)}`);

/** The printers of each command, by slot; a slot left out prints nothing. */
type Shape = Partial<Record<Slot, Printer>>;

// biome-ignore format: one command per line
const SHAPES: Readonly<Record<string, Shape>> = {
  FUTEX_WAIT: { val: uint, timeout },
  FUTEX_LOCK_PI: { timeout },
  FUTEX_LOCK_PI2: { timeout },
  FUTEX_WAIT_BITSET: { val: uint, timeout, val3: bitset },
  FUTEX_WAKE_BITSET: { val: uint, val3: bitset },
  FUTEX_REQUEUE: { val: uint, timeout: uint, uaddr2: addr },
  FUTEX_CMP_REQUEUE: { val: uint, timeout: uint, uaddr2: addr, val3: uint },
  FUTEX_CMP_REQUEUE_PI: { val: uint, timeout: uint, uaddr2: addr, val3: uint },
  FUTEX_WAKE_OP: { val: uint, timeout: uint, uaddr2: addr, val3: wakeOp },
  FUTEX_WAIT_REQUEUE_PI: { val: uint, timeout, uaddr2: addr },
  FUTEX_FD: { val: uint },
  FUTEX_WAKE: { val: uint },
  FUTEX_UNLOCK_PI: {},
  FUTEX_TRYLOCK_PI: {},
};
/** An unknown command: everything, raw. */
const OTHER: Shape = { val: uint, timeout: addr, uaddr2: addr, val3: hex32 };

let shapes: ReadonlyMap<number, Shape> | undefined;
function shapeOf(c: CallContext): Shape {
  shapes ??= byValue('futex_op', SHAPES);
  const flags = xv('futex_consts', 'FUTEX_PRIVATE_FLAG') | xv('futex_consts', 'FUTEX_CLOCK_REALTIME');
  return shapes.get(i32(c, 1) & ~flags) ?? OTHER;
}

const slot = (name: Slot): ArgDecoder => ({
  phase: 'entry',
  decode: (c, i) => shapeOf(c)[name]?.(c, i) ?? NONE,
});

export const FUTEX_DECODERS = {
  futex_val: slot('val'),
  futex_timeout: slot('timeout'),
  futex_uaddr2: slot('uaddr2'),
  futex_val3: slot('val3'),
} as const satisfies Record<string, ArgDecoder>;

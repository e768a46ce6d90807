// How an ioctl request shows its argument (the families' tables in ioctl-*.ts), and struct layouts as data: each
// field's name, byte offset, C type and printer, so a family is a table of layouts rather than code.
import { int, ptr, type Value } from '../../model/value.js';
import type { CallContext } from '../context.js';
import { type FieldType, fieldNumber, xint } from '../structs/read.js';
import { formatFlags, lookupXlat, type XlatTable } from '../xlat.js';
import { enumOf, flagsOf, view } from './util.js';

/**
 * How a request shows its argument: read at entry (`in`), at exit (`out`), not at all (`none`), read at both
 * (`inout`: `out` gets what `in` read at entry, e.g. the interface name a SIOCGIF* request passed), or printed at
 * entry and again at exit when the kernel changed it (`changes`: `{in} => {out}`, FS_IOC_FIEMAP), or printed at entry
 * and completed at exit from what entry printed (`staged`: strace's entering/exiting printers, V4L2's). Any shape
 * may also describe a successful call's return value (`ret`: strace's RVAL_FD, or RVAL_STR's auxstr).
 */
export type Shape = ShapeArg & { readonly ret?: (c: CallContext, ret: bigint) => void };

type ShapeArg =
  | { readonly in: (c: CallContext, addr: bigint) => Value }
  | { readonly out: (c: CallContext, addr: bigint) => Value }
  | { readonly none: true }
  | {
      readonly inout: {
        readonly in: (c: CallContext, addr: bigint) => DataView | undefined;
        readonly out: (c: CallContext, addr: bigint, before: DataView) => Value;
      };
    }
  | {
      readonly changes: {
        readonly in: (c: CallContext, addr: bigint) => Value;
        /** What the kernel wrote back; undefined prints the entry's value alone. */
        readonly out: (c: CallContext, addr: bigint) => Value | undefined;
        /** A failed call whose answer still prints (HDIO_DRIVE_CMD's status after EIO); default: none does. */
        readonly failedToo?: (c: CallContext) => boolean;
      };
    }
  | {
      readonly staged: {
        readonly in: (c: CallContext, addr: bigint) => Staged;
        /** The final value from what entry printed (not called when entry was `done`). */
        readonly out: (c: CallContext, addr: bigint, entry: Staged) => Value;
      };
    };

/** What a `staged` request printed at entry; `done`: that is all (strace's RVAL_IOCTL_DECODED at entry). */
export interface Staged {
  readonly value: Value;
  readonly done?: boolean;
}

/** A field's printer: decimal (PRINT_FIELD_U/D), hex (PRINT_FIELD_X), by an xlat table, or a nested layout. */
export type FieldKind =
  | FieldType
  | { readonly x: FieldType }
  | { readonly enum: string; readonly t: FieldType }
  | { readonly flags: string; readonly t: FieldType }
  | { readonly struct: Layout }
  | { readonly custom: (v: DataView, off: number) => Value };

/** One field: its name as strace prints it, its byte offset (from the kernel's uapi header) and its printer. */
export type LayoutField = readonly [name: string, offset: number, kind: FieldKind];

/** A struct's size and the fields strace prints, in its order. */
export interface Layout {
  readonly size: number;
  readonly fields: readonly LayoutField[];
}

function fieldValue(v: DataView, off: number, kind: FieldKind): Value {
  if (typeof kind === 'string') return int(fieldNumber(v, off, kind));
  if ('x' in kind) return xint(fieldNumber(v, off, kind.x));
  if ('enum' in kind) return enumOf(kind.enum, fieldNumber(v, off, kind.t));
  if ('flags' in kind) return flagsOf(kind.flags, fieldNumber(v, off, kind.t));
  if ('struct' in kind) return layoutValue(v, kind.struct, off);
  return kind.custom(v, off);
}

/** The struct at byte `base` of `v` as `{name=value, ...}`. */
export function layoutValue(v: DataView, layout: Layout, base = 0): Value {
  return { k: 'struct', fields: layout.fields.map(([n, off, kind]) => [n, fieldValue(v, base + off, kind)]) };
}

/** strace's umove_or_printaddr and a struct printer: NULL, the address when unreadable, else the struct. */
export function readLayout(c: CallContext, addr: bigint, layout: Layout): Value {
  const v = view(c, addr, layout.size);
  return v ? layoutValue(v, layout) : ptr(addr);
}

/** A request whose argument is `layout`, read at entry (`in`) or at exit (`out`). */
export const inStruct = (layout: Layout): Shape => ({ in: (c, a) => readLayout(c, a, layout) });
export const outStruct = (layout: Layout): Shape => ({ out: (c, a) => readLayout(c, a, layout) });

/**
 * Flags whose table holds bit numbers (IDE_NICE_*, RTC_FEATURE_*): strace names each set bit `1 << NAME` (the
 * separator is strace's, `1 << ` or `1<<`), then the unknown bits in hex.
 */
export function bitNumberFlags(
  table: string,
  shift: string,
  unknown: string,
): (v: number | bigint) => string {
  let t: XlatTable | undefined;
  return (v) => {
    t ??= {
      kind: 'flags',
      unknown,
      values: (lookupXlat(table)?.values ?? []).map(([n, bit]) => [`1${shift}${n}`, 2 ** bit] as const),
    };
    return formatFlags(t, v);
  };
}

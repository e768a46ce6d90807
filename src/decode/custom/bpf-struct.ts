// The machinery of strace's bpf(2) struct printers: a struct as a table of the fields strace shows (names and
// printers, in its order, with the struct versions at which it stops when the caller's size is shorter); every
// offset comes from the generated layouts of the pinned linux/bpf.h (src/tables/generated/structs.ts). Used for
// union bpf_attr (bpf-attr.ts) and the bpf_map_info / bpf_prog_info BPF_OBJ_GET_INFO_BY_FD returns (bpf-info.ts).
import { int, NONE, ptr, text, type Value } from '../../model/value.js';
import { STRUCTS } from '../../tables/generated/structs.js';
import { fdValue } from '../args/fds.js';
import { cString } from '../args/strings.js';
import type { CallContext } from '../context.js';
import { memArray } from '../structs/array.js';
import { ifindexText } from '../structs/inet.js';
import { charArray, xint } from '../structs/read.js';
import { enumOf, flagsOf, nameOf } from './util.js';

export type StructName = keyof typeof STRUCTS;
export interface GenField {
  readonly name?: string;
  readonly off: number;
  readonly size: number;
  readonly kind: string;
  readonly count?: number;
  /** A bit-field: its first bit and width within the `size` bytes at `off`. */
  readonly bit?: number;
  readonly bits?: number;
}

/** What a printer sees: the struct's bytes (zero-filled past the caller's size), the field, the call. */
export interface At {
  readonly c: CallContext;
  readonly v: DataView;
  readonly f: GenField;
  /** The caller's size, capped at strace's struct size. */
  readonly len: number;
  /** Reads another field of the same struct as a number. */
  readonly get: (name: string) => bigint;
  /** For a command decoded at exit: a field as it was at entry. */
  readonly before: (name: string) => bigint;
  /** A field of the named inner struct this one is (`kprobe_multi` -> `kprobe_multi.cnt`). */
  readonly sub: (name: string) => At;
  /** What the command's entry hook kept for exit. */
  readonly state?: unknown;
}
export type Printer = (a: At) => Value;

export const num = (a: At): bigint => {
  const { v, f } = a;
  if (f.bits !== undefined) {
    const word =
      f.size === 4 ? v.getUint32(f.off, true) : f.size === 2 ? v.getUint16(f.off, true) : v.getUint8(f.off);
    return BigInt((word >>> (f.bit ?? 0)) & (2 ** f.bits - 1));
  }
  if (f.size === 8) return f.kind === 's' ? v.getBigInt64(f.off, true) : v.getBigUint64(f.off, true);
  if (f.size === 4) return BigInt(f.kind === 's' ? v.getInt32(f.off, true) : v.getUint32(f.off, true));
  if (f.size === 2) return BigInt(v.getUint16(f.off, true));
  return BigInt(v.getUint8(f.off));
};

/** PRINT_FIELD_U / _ADDR64 / _FD / _XVAL / _FLAGS. */
export const U: Printer = (a) => int(BigInt.asUintN(a.f.size * 8, num(a)));
export const X: Printer = (a) => xint(BigInt.asUintN(a.f.size * 8, num(a)));
export const ADDR: Printer = (a) => ptr(BigInt.asUintN(64, num(a)));
export const FD: Printer = (a) => fdValue(a.c, Number(BigInt.asIntN(32, num(a))));
export const en =
  (table: string): Printer =>
  (a) =>
    enumOf(table, num(a));
export const fl =
  (table: string): Printer =>
  (a) =>
    flagsOf(table, num(a));
/** PRINT_FIELD_CSTRING_SZ: a char array, no further than the caller's size. */
export const NAME: Printer = (a) => charArray(a.v, a.f.off, Math.min(a.f.count ?? a.f.size, a.len - a.f.off));
/** PRINT_FIELD_IFINDEX. */
export const IFINDEX: Printer = (a) => text(ifindexText(a.c, Number(num(a))));
/** printstr: a NUL-terminated string, cut at -s. */
export const STR: Printer = (a) => cString(a.c, BigInt.asUintN(64, num(a)), a.c.opts.strsize);
/** printpath. */
export const PATH: Printer = (a) => cString(a.c, BigInt.asUintN(64, num(a)), 4095);

/** PRINT_FIELD_TGID: a process id (signed). */
export const TGID: Printer = (a) => int(Number(BigInt.asIntN(32, num(a))));

/** An array of `count` elements of `size` bytes at the field's address (strace's print_array with tfetch_mem). */
export const array =
  (count: string, size: number, print: (c: CallContext, v: DataView, off: number) => Value): Printer =>
  (a) => {
    const addr = BigInt.asUintN(64, num(a));
    const n = a.get(count);
    // tfetch_mem reads nothing after a failed call: the address, once NULL and [] are ruled out
    if (a.c.failed && addr !== 0n && n !== 0n) return ptr(addr);
    return memArray(a.c, addr, n, size, (v, off) => print(a.c, v, off));
  };

/** A named inner struct (`perf_event={bpf_cookie=...}`): its fields, laid out as `member.field`. */
export const group =
  (fields: readonly (readonly [string, Printer])[]): Printer =>
  (a) => ({ k: 'struct', fields: fields.map(([n, p]) => [n, p(a.sub(n))] as [string, Value]) });

/** Printers of a field as the caller set it and, when the kernel changed it, as it is now (read at exit). */
const CHANGERS = new Set<Printer>();
/** `print` of the entry value, then ` => ` and `print` of the exit one when they differ: `next_id=0 => 5`. */
export function changed(print: (v: bigint) => Value): Printer {
  const p: Printer = (a) => {
    const bits = a.f.bits ?? a.f.size * 8;
    const was = BigInt.asUintN(bits, a.before(a.f.name ?? ''));
    const now = BigInt.asUintN(bits, num(a));
    return was === now ? print(now) : { k: 'changed', before: print(was), after: print(now) };
  };
  CHANGERS.add(p);
  return p;
}
export const CHANGED: Printer = changed(int);

/**
 * How a field shows: `when` (shown only when it holds), `exit` (read when the call returns; the command is then
 * decoded at exit, its other fields as they were at entry).
 */
export interface FieldOpts {
  readonly when?: (a: At) => boolean;
  readonly exit?: boolean;
}
/** One printed field or a version break (`len <= offsetof(next field)` stops the struct there). */
export type Item =
  | readonly [name: string, p: Printer]
  | readonly [name: string, p: Printer, o: FieldOpts]
  | typeof BREAK;
export const BREAK = '|' as const;
export const AT_EXIT: FieldOpts = { exit: true };

export interface Command {
  /** The generated layout: `bpf_attr.MEMBER` (named member) or `bpf_attr.FIRSTFIELD` (anonymous), or a struct. */
  readonly s: StructName;
  /** strace's struct size: the end of this field. */
  readonly end: string;
  /** The member strace prints around the fields (`{test={...}}`). */
  readonly wrap?: string;
  readonly items: readonly Item[];
  /** BPF_MAP_*_BATCH: at exit, a count the kernel changed follows as `=> {batch={count=N}}`. */
  readonly countAtExit?: boolean;
  /** RVAL_FD: a successful call returns a new fd (decorated under -y). */
  readonly returnsFd?: boolean;
  /** For a command decoded at exit: what else to keep at entry (printers see it as `state`). */
  readonly entry?: (c: CallContext, attr: Uint8Array) => unknown;
  /**
   * BPF_LINK_CREATE: strace guesses the union after `flags` from attach_type, each guess with its own struct end
   * (by attach type name; `default` for the others).
   */
  readonly byType?: {
    readonly field: string;
    readonly table: string;
    readonly cases: Readonly<Record<string, Variant>>;
  };
}
interface Variant {
  readonly end: string;
  readonly items: readonly Item[];
}

/** Decoded at exit: a field read then, a changed one, or the batch count. */
export const atExit = (cmd: Command): boolean =>
  !!cmd.countAtExit || cmd.items.some((it) => it !== BREAK && (CHANGERS.has(it[1]) || !!it[2]?.exit));

/** strace's struct size for a command: the end of its last field (offsetofend, as bpf_attr.h's sizes). */
export function sizeOf(cmd: Command, endField = cmd.end): number {
  const last = (STRUCTS[cmd.s].fields as Readonly<Record<string, GenField>>)[endField];
  if (!last) throw new Error(`${cmd.s} has no field ${endField}`);
  return last.off + last.size * (last.count ?? 1);
}

/** decode_attr_extra_data: bytes past strace's struct that are not all zero show as `...` (the bytes with -v). */
function extraData(c: CallContext, bytes: Uint8Array, size: number): Value | undefined {
  const extra = bytes.subarray(size);
  if (extra.every((b) => b === 0)) return undefined;
  if (!c.opts.verbose) return NONE;
  const hexed = Array.from(extra, (b) => `\\x${b.toString(16).padStart(2, '0')}`).join('');
  return text(`extra_data="${hexed}" /* bytes ${size}..${size + extra.length - 1} */`);
}

/** The bytes of an attr, zero-filled past the caller's size up to strace's struct size. */
export function attrView(bytes: Uint8Array, attrSize: number): DataView {
  const buf = new Uint8Array(Math.max(attrSize, 8));
  buf.set(bytes.subarray(0, Math.min(bytes.length, attrSize)));
  return new DataView(buf.buffer);
}

/** What else decodeStruct reads: the bytes at exit (for exit and changed fields), at entry (for `before`), state. */
export interface Also {
  readonly now?: Uint8Array | undefined;
  readonly was?: Uint8Array | undefined;
  readonly state?: unknown;
}

/**
 * The struct of `cmd` from the bytes the caller passed (their length is the caller's size); `also.now`: as they are
 * at exit, for exit fields; `also.was`: as they were at entry, when `bytes` are the exit ones.
 */
export function decodeStruct(c: CallContext, cmd: Command, bytes: Uint8Array, also: Also = {}): Value {
  const fields = STRUCTS[cmd.s].fields as Readonly<Record<string, GenField>>;
  const attrSize = sizeOf(cmd);
  const len = Math.min(bytes.length, attrSize);
  const entry = attrView(bytes, attrSize);
  const exit = also.now ? attrView(also.now, attrSize) : entry;
  const was = also.was ? attrView(also.was, attrSize) : entry;
  const field = (name: string): GenField => {
    const f = fields[name];
    if (!f) throw new Error(`${cmd.s} has no field ${name}`);
    return { ...f, name };
  };
  const raw = (v: DataView, name: string): bigint => {
    const f = field(name);
    return num({ c, v, f, len, get: () => 0n, before: () => 0n, sub: () => at(v, f) });
  };
  const before = (name: string): bigint => raw(was, name);
  const at = (v: DataView, f: GenField): At => ({
    c,
    v,
    f,
    len,
    get: (name) => raw(v, name),
    before,
    sub: (name) => at(v, field(`${f.name}.${name}`)),
    state: also.state,
  });
  let items = cmd.items;
  let size = attrSize;
  if (cmd.byType) {
    const t = nameOf(cmd.byType.table, Number(raw(entry, cmd.byType.field))) ?? '';
    const variant = cmd.byType.cases[t] ?? cmd.byType.cases.default;
    if (variant) {
      items = [...items, ...variant.items];
      size = sizeOf(cmd, variant.end);
    }
  }
  const out: [string, Value][] = [];
  let stop = false;
  for (let k = 0; k < items.length && !stop; k++) {
    const item = items[k];
    if (item === BREAK) {
      const next = items[k + 1];
      if (next && next !== BREAK && len <= field(next[0]).off) stop = true;
      continue;
    }
    if (!item) continue;
    const o = item[2];
    const v = o?.exit || CHANGERS.has(item[1]) ? exit : entry;
    const here = at(v, field(item[0]));
    if (o?.when && !o.when(here)) continue;
    out.push([item[0], item[1](here)]);
  }
  const inner: Value = { k: 'struct', fields: out };
  const fieldsShown: [string, Value][] = cmd.wrap ? [[cmd.wrap, inner]] : out;
  const extra = stop ? undefined : extraData(c, bytes, size);
  if (extra === undefined) return { k: 'struct', fields: fieldsShown };
  if (extra.k === 'none') return { k: 'struct', fields: fieldsShown, more: true };
  return { k: 'struct', fields: [...fieldsShown, ['', extra]] };
}

// Small readers shared by the syscall-specific decoders: raw arguments, xlat lookups by name, and strace's
// printnum_* family (`[42]` for an int the kernel wrote, the address when it cannot be read).
import { hex, int, NONE, ptr, sym, text, type Value } from '../../model/value.js';
import { byteBuffer } from '../args/strings.js';
import { type ArgDecoder, asInt, type CallContext } from '../context.js';
import { formatEnum, formatFlags, lookupXlat } from '../xlat.js';

/** Argument `i` as an unsigned 64-bit number. */
export const u64 = (c: CallContext, i: number): bigint => BigInt.asUintN(64, c.raw[i] ?? 0n);
/** Argument `i` as the kernel reads an `unsigned int`. */
export const u32 = (c: CallContext, i: number): number => Number(BigInt.asUintN(32, c.raw[i] ?? 0n));
/** Argument `i` as the kernel reads an `int`. */
export const i32 = (c: CallContext, i: number): number => asInt(c.raw[i]);

/**
 * Each table's values by name, made at its first lookup: the first entry of a name, as a search finds it. The
 * decoders look constants up per call (futex's command shape, fcntl's commands): a linear search with a closure
 * per lookup was ~5 % of a traced make's instructions.
 */
const byName = new Map<string, ReadonlyMap<string, number> | undefined>();
function valuesByName(table: string): ReadonlyMap<string, number> | undefined {
  if (byName.has(table)) return byName.get(table);
  const t = lookupXlat(table);
  let out: Map<string, number> | undefined;
  if (t) {
    out = new Map();
    for (const [n, v] of t.values) if (!out.has(n)) out.set(n, v);
  }
  byName.set(table, out);
  return out;
}

/** The value of `name` in xlat table `table` (kernel facts come from the generated tables, never typed in). */
export function xv(table: string, name: string): number {
  const v = valuesByName(table)?.get(name);
  if (v === undefined) throw new Error(`xlat table ${table} has no ${name}`);
  return v;
}

/** A constant the decoders compute with (data/xlat/custom_consts.xlat: limits, masks, struct sizes). */
export const customConst = (name: string): number => xv('custom_consts', name);

/** Like `xv`, undefined when the table or the name is missing (tables other engineers are still writing). */
export function xvMaybe(table: string, name: string): number | undefined {
  return valuesByName(table)?.get(name);
}

/** A command table keyed by the names in an xlat table, turned into a map keyed by value. */
export function byValue<T>(table: string, entries: Readonly<Record<string, T>>): ReadonlyMap<number, T> {
  const out = new Map<number, T>();
  for (const [name, shape] of Object.entries(entries)) {
    const v = xvMaybe(table, name);
    if (v !== undefined && !out.has(v)) out.set(v, shape);
  }
  return out;
}

/** strace's `%#x`: 0 stays 0. */
export const xval = (v: number | bigint): Value => (v === 0 || v === 0n ? int(0) : hex(v));

/** printflags with a table by name; the raw value in hex while the table does not exist. */
export function flagsOf(table: string, v: number | bigint): Value {
  const t = lookupXlat(table);
  return t ? sym(formatFlags(t, v)) : xval(v);
}

/** printxval with a table by name; the raw value in hex while the table does not exist. */
export function enumOf(table: string, v: number | bigint): Value {
  const t = lookupXlat(table);
  return t ? sym(formatEnum(t, v)) : xval(v);
}

/** The name of `v` in `table`, or undefined (strace's xlookup). */
export function nameOf(table: string, v: number | bigint): string | undefined {
  const t = lookupXlat(table);
  if (!t) return undefined;
  const want = BigInt.asUintN(64, BigInt(v));
  return t.values.find(([, n]) => BigInt.asUintN(64, BigInt(n)) === want)?.[0];
}

/** printflags' text without a value: known names joined by `|`, unknown bits in hex, undefined for 0. */
export function flagsText(table: string, v: number | bigint): string | undefined {
  if (v === 0 || v === 0n) return undefined;
  const t = lookupXlat(table);
  return t ? formatFlags(t, v) : `0x${BigInt(v).toString(16)}`;
}

/** `size` bytes at `addr` as a little-endian view, or undefined unless all are readable (strace's umove). */
export function view(c: CallContext, addr: bigint, size: number): DataView | undefined {
  if (addr === 0n) return undefined;
  const bytes = c.mem.read(addr, size);
  if (!bytes || bytes.length < size) return undefined;
  return new DataView(bytes.buffer, bytes.byteOffset, size);
}

/** strace's umove_or_printaddr: the view, or undefined when unreadable or when -e verbose= leaves the call out. */
export const derefView = (c: CallContext, addr: bigint, size: number): DataView | undefined =>
  c.opts.noDeref ? undefined : view(c, addr, size);

/** strace's printnum_int and friends: `[N]` from tracee memory, NULL, or the address when unreadable. */
export function indirect(c: CallContext, addr: bigint, size: number, show: (v: DataView) => Value): Value {
  if (addr === 0n) return ptr(0n);
  const v = view(c, addr, size);
  return v ? { k: 'array', items: [show(v)] } : ptr(addr);
}

/** The same through umove_or_printaddr: the address too when -e verbose= leaves the call's structures out. */
export function derefIndirect(
  c: CallContext,
  addr: bigint,
  size: number,
  show: (v: DataView) => Value,
): Value {
  if (addr === 0n) return ptr(0n);
  const v = derefView(c, addr, size);
  return v ? { k: 'array', items: [show(v)] } : ptr(addr);
}

export const readInt = (v: DataView): Value => int(v.getInt32(0, true));
export const readUint = (v: DataView): Value => int(v.getUint32(0, true));
export const readU64 = (v: DataView): Value => int(v.getBigUint64(0, true));

/** An exit-phase argument: the address when the call failed, else `decode`. */
export const ifOk = (c: CallContext, addr: bigint, decode: () => Value): Value =>
  c.failed ? ptr(addr) : decode();

/** Keeps what an argument showed at entry for the exit-phase decoder (strace decoding an `in` argument at entry). */
export function save(c: CallContext, i: number, v: Value): void {
  c.saved ??= [];
  c.saved[i] = v;
}

/** The value `save` kept for argument `i`. */
export const saved = (c: CallContext, i: number): Value | undefined => c.saved?.[i] as Value | undefined;

/**
 * An argument printed after the entry part whose shape depends on other arguments: `entry` decides at entry
 * (a value printed as it was then, NONE for nothing, undefined to decide at exit); `exit` runs at exit when
 * entry left it open. When `last` and entry chose NONE, the entry line closes without `, ` (ctx.entryOnly).
 */
export function twoPhase(
  entry: (c: CallContext, i: number) => Value | undefined,
  exit: (c: CallContext, i: number) => Value,
  last = true,
): {
  phase: 'exit';
  atEntry: (c: CallContext, i: number) => void;
  decode: (c: CallContext, i: number) => Value;
} {
  return {
    phase: 'exit',
    atEntry: (c, i) => {
      const v = entry(c, i);
      if (v === undefined) return;
      save(c, i, v);
      if (last && v.k === 'none') c.entryOnly = true;
    },
    decode: (c, i) => saved(c, i) ?? exit(c, i),
  };
}

/**
 * How one command of a multiplexing syscall (prctl, keyctl) shows its arguments: `args` at entry, one value per
 * argument from the first multiplexed one (undefined: decided at exit by `out`; missing ones print nothing),
 * and `ret`, which may set the return value's form and comment at exit.
 */
export interface CommandShape {
  readonly args?: (c: CallContext) => readonly (Value | undefined)[];
  readonly out?: (c: CallContext, i: number) => Value;
  readonly ret?: (c: CallContext, ret: bigint) => void;
}

/**
 * The decoder of the `count` arguments from index `first` of a syscall whose argument `cmdIndex` is a command
 * of xlat table `table`: the entry decides each argument (saved for the exit line), `out` fills the rest at
 * exit. Commands without a shape print `fallback`.
 */
export function commandArgs(o: {
  readonly table: string;
  readonly cmdIndex: number;
  readonly first: number;
  readonly count: number;
  readonly shapes: Readonly<Record<string, CommandShape>>;
  readonly fallback: (c: CallContext) => readonly Value[];
}): ArgDecoder {
  let map: ReadonlyMap<number, CommandShape> | undefined;
  const shapeOf = (c: CallContext): CommandShape | undefined => {
    map ??= byValue(o.table, o.shapes);
    return map.get(u32(c, o.cmdIndex));
  };
  return {
    phase: 'exit',
    atEntry: (c, i) => {
      if (i !== o.first) return;
      const shape = shapeOf(c);
      const values = shape ? (shape.args?.(c) ?? []) : o.fallback(c);
      for (let k = 0; k < o.count; k++) {
        const v = k < values.length ? values[k] : NONE;
        if (v !== undefined) save(c, o.first + k, v);
      }
      if (values.length === 0) c.entryOnly = true;
    },
    decode: (c, i) => saved(c, i) ?? shapeOf(c)?.out?.(c, i) ?? NONE,
    atExit: (c, i) => {
      if (i !== o.first || c.failed || c.ret === undefined) return;
      shapeOf(c)?.ret?.(c, BigInt.asIntN(64, c.ret));
    },
  };
}

/**
 * strace's printstr_ex(addr, len, QUOTE_0_TERMINATED): it reads min(len, -s + 1) bytes (up to a NUL; the address
 * when unreadable before one) and shows the string up to its NUL, else the first -s of them followed by `...`
 * (no `...` when the NUL is the one byte read past -s, nor when len is 0).
 */
export function boundedString(c: CallContext, addr: bigint, len: number): Value {
  if (addr === 0n) return ptr(0n);
  const size = Math.min(len, c.opts.strsize + 1);
  const bytes = c.mem.read(addr, size);
  const nul = bytes ? bytes.indexOf(0) : -1;
  if (!bytes || (nul < 0 && bytes.length < size)) return ptr(addr);
  const shown = Math.min(size, c.opts.strsize);
  if (nul >= 0 && nul <= shown)
    return { k: 'str', bytes: bytes.subarray(0, Math.min(nul, shown)), more: false };
  // no `...` for an empty span: strace's ellipsis needs a nonzero len
  return { k: 'str', bytes: bytes.subarray(0, shown), more: len !== 0 };
}

/**
 * strace's print_nonzero_bytes: bytes `start..total-1` past the struct a decoder knows, as an unnamed field
 * (a `bytes 88..95` comment, then the bytes hex-escaped, cut at -s), `???` when unreadable, nothing when all zero.
 */
export function nonzeroTail(c: CallContext, addr: bigint, start: number, total: number): Value | undefined {
  if (start >= total) return undefined;
  const len = total - start;
  const bytes = c.mem.read(addr + BigInt(start), len);
  if (!bytes || bytes.length < len) return text('???');
  if (bytes.every((b) => b === 0)) return undefined;
  const shown = bytes.subarray(0, Math.min(len, c.opts.strsize));
  const hexed = Array.from(shown, (b) => `\\x${b.toString(16).padStart(2, '0')}`).join('');
  return text(`/* bytes ${start}..${total - 1} */ "${hexed}"${shown.length < len ? '...' : ''}`);
}

/** printstr_ex(..., QUOTE_FORCE_HEX): `len` bytes, every one as \xNN, cut at -s; NULL, or the address when unreadable. */
export function hexString(c: CallContext, addr: bigint, len: number): Value {
  if (addr !== 0n && len === 0) return text('""');
  const s = byteBuffer(c, addr, len);
  if (s.k !== 'str') return s;
  const body = [...s.bytes].map((b) => `\\x${b.toString(16).padStart(2, '0')}`).join('');
  return text(`"${body}"${s.more ? '...' : ''}`);
}

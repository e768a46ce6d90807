// Shared pieces of the struct decoders: reading a whole struct, field lists, and strace's value printers that
// several structs use (times with their date comment, clock ticks, device numbers, file modes, C strings).
import { hex, int, sym, type Value } from '../../model/value.js';
import type { CallContext } from '../context.js';
import { currentConstStyle, formatEnum, formatFlags, lookupXlat, styled } from '../xlat.js';

/** `size` bytes at `addr` as a little-endian view, or undefined unless all of them are readable (strace's umove). */
export function readView(c: CallContext, addr: bigint, size: number): DataView | undefined {
  const bytes = c.mem.read(addr, size);
  if (!bytes || bytes.length < size) return undefined;
  return new DataView(bytes.buffer, bytes.byteOffset, size);
}

/** How a field is stored: signed/unsigned and its width in bytes. */
export type FieldType = 'u8' | 'i8' | 'u16' | 'i16' | 'u32' | 'i32' | 'u64' | 'i64';

/** One field of a struct layout: its name as strace prints it, its byte offset and its C type. */
export type Field = readonly [name: string, offset: number, type: FieldType];

/** The raw number in a field (bigint for 64-bit fields). */
export function fieldNumber(v: DataView, offset: number, type: FieldType): number | bigint {
  switch (type) {
    case 'u8':
      return v.getUint8(offset);
    case 'i8':
      return v.getInt8(offset);
    case 'u16':
      return v.getUint16(offset, true);
    case 'i16':
      return v.getInt16(offset, true);
    case 'u32':
      return v.getUint32(offset, true);
    case 'i32':
      return v.getInt32(offset, true);
    case 'u64':
      return v.getBigUint64(offset, true);
    case 'i64':
      return v.getBigInt64(offset, true);
  }
}

/** Decimal fields from a layout, in the layout's order (strace's PRINT_FIELD_U / PRINT_FIELD_D). */
export const intFields = (v: DataView, fields: readonly Field[]): [string, Value][] =>
  fields.map(([name, off, type]) => [name, int(fieldNumber(v, off, type))]);

/** strace's `%#x` fields (PRINT_FIELD_X): 0 stays 0, anything else in hex. */
export const xint = (v: number | bigint): Value => (v === 0 || v === 0n ? int(0) : hex(v));

/** A uid_t/gid_t field (PRINT_FIELD_ID): unsigned, but (uid_t)-1 as -1. */
export const idValue = (v: number): Value => int(v === 0xffffffff ? -1 : v);

/** Prints with a table the xlat module knows; the raw number in hex when the table is not there. */
export function xlatText(table: string, value: number | bigint, how: 'flags' | 'enum'): string {
  const t = lookupXlat(table);
  if (t) return how === 'flags' ? formatFlags(t, value) : formatEnum(t, value);
  const v = BigInt.asUintN(64, BigInt(value));
  return v === 0n ? '0' : `0x${v.toString(16)}`;
}

const pad2 = (n: number): string => String(n).padStart(2, '0');

/**
 * strace's sprinttime_ex: `2023-11-14T22:13:20.123456789+0000` in the tracer's local time zone, with `width`
 * fraction digits when `part` is not 0; undefined (no comment) for the epoch itself, an out-of-range fraction or
 * a time the calendar cannot show.
 */
export function timeComment(sec: bigint, part: bigint, maxPart: bigint, width: number): string | undefined {
  if ((sec === 0n && part === 0n) || part > maxPart || part < 0n) return undefined;
  const ms = Number(sec) * 1000;
  if (!Number.isFinite(ms)) return undefined;
  const frac = part > 0n ? `.${part.toString().padStart(width, '0')}` : '';
  // past the years a Date holds (±275760), glibc's localtime still gives one while the year fits an int
  if (Math.abs(ms) > 8.64e15) return farTime(sec, frac);
  const d = new Date(ms);
  const off = -d.getTimezoneOffset();
  const zone = `${off < 0 ? '-' : '+'}${pad2(Math.floor(Math.abs(off) / 60))}${pad2(Math.abs(off) % 60)}`;
  const date = `${d.getFullYear()}-${pad2(d.getMonth() + 1)}-${pad2(d.getDate())}`;
  const clock = `${pad2(d.getHours())}:${pad2(d.getMinutes())}:${pad2(d.getSeconds())}`;
  return `${date}T${clock}${frac}${zone}`;
}

/**
 * A time too far for Date, as localtime would give it: the civil date of its day (Hinnant's days-to-civil), in the
 * zone's offset at the latest time Date knows; undefined when the year overflows struct tm's int.
 */
function farTime(sec: bigint, frac: string): string | undefined {
  const offMin = -new Date(sec > 0n ? 8.64e15 : -8.64e15).getTimezoneOffset();
  const t = sec + BigInt(offMin * 60);
  const floorDiv = (a: bigint, b: bigint): bigint => (a >= 0n ? a / b : -((-a + b - 1n) / b));
  const days = floorDiv(t, 86400n);
  const secs = Number(t - days * 86400n);
  const z = days + 719468n;
  const era = floorDiv(z, 146097n);
  const doe = z - era * 146097n;
  const yoe = (doe - doe / 1460n + doe / 36524n - doe / 146096n) / 365n;
  const doy = doe - (365n * yoe + yoe / 4n - yoe / 100n);
  const mp = (5n * doy + 2n) / 153n;
  const day = doy - (153n * mp + 2n) / 5n + 1n;
  const month = mp < 10n ? mp + 3n : mp - 9n;
  const year = yoe + era * 400n + (month <= 2n ? 1n : 0n);
  if (year - 1900n > 2147483647n || year - 1900n < -2147483648n) return undefined;
  const zone = `${offMin < 0 ? '-' : '+'}${pad2(Math.floor(Math.abs(offMin) / 60))}${pad2(Math.abs(offMin) % 60)}`;
  const clock = `${pad2(Math.floor(secs / 3600))}:${pad2(Math.floor(secs / 60) % 60)}:${pad2(secs % 60)}`;
  return `${year}-${pad2(Number(month))}-${pad2(Number(day))}T${clock}${frac}${zone}`;
}

/** A value followed by its date, when it has one: `1700000000 /* 2023-11-14T22:13:20+0000 *\/`. */
export const withComment = (value: Value, comment: string | undefined): Value =>
  comment === undefined ? value : { k: 'commented', value, comment };

/**
 * A value strace names in abbrev style and prints raw under -X raw, with the name as a comment under -X verbose:
 * utimensat's `UTIME_NOW` is `{tv_sec=0, tv_nsec=1073741823} /* UTIME_NOW *\/`.
 */
export function styledValue(raw: Value, name: string): Value {
  const style = currentConstStyle();
  if (style === 'abbrev') return sym(name);
  return style === 'raw' ? raw : { k: 'commented', value: raw, comment: name };
}

/** Seconds since the epoch with their date (strace's sprinttime). */
export const epochSeconds = (sec: bigint): Value => withComment(int(sec), timeComment(sec, 0n, 0n, 0));

/** USER_HZ on Linux: clock_t values (times, si_utime) count 1/100 s. */
const CLK_TCK = 100n;

/** strace's print_clock_t: the tick count, and for a positive count its seconds: `5 /* 0.05 s *\/`. */
export function clockTicks(ticks: bigint): Value {
  // -X raw: the count alone, as strace's print_clock_t
  if (ticks <= 0n || currentConstStyle() === 'raw') return int(ticks);
  const frac = (ticks % CLK_TCK).toString().padStart(2, '0');
  return { k: 'commented', value: int(ticks), comment: `${ticks / CLK_TCK}.${frac} s` };
}

/** glibc's major()/minor() of a 64-bit dev_t, as strace prints it: `makedev(0x1, 0x3)`. */
export function devValue(dev: bigint): Value {
  // unsigned int results: the high bits of the minor past 32 are dropped
  const major = ((dev >> 8n) & 0xfffn) | ((dev >> 32n) & 0xfffff000n);
  const minor = (dev & 0xffn) | ((dev >> 12n) & 0xffffff00n);
  const x = (n: bigint): string => (n === 0n ? '0' : `0x${n.toString(16)}`);
  return sym(styled(x(dev), `makedev(${x(major)}, ${x(minor)})`));
}

/** S_IFMT and the special bits (include/uapi/linux/stat.h). */
const S_IFMT = 0o170000;
const S_ISUID = 0o4000;
const S_ISGID = 0o2000;
const S_ISVTX = 0o1000;

/** strace's print_symbolic_mode_t: `S_IFDIR|S_ISGID|0775`; a mode of unknown type in octal. */
export function modeValue(mode: number): Value {
  const type = mode & S_IFMT;
  const permissions = mode & ~(S_IFMT | S_ISUID | S_ISGID | S_ISVTX);
  const octal = (n: number): string => `0${n.toString(8)}`.padStart(3, '0');
  let head = '';
  if (type !== 0) {
    const t = lookupXlat(MODE_TYPES);
    const name = t?.values.find(([, v]) => v === type)?.[0];
    if (name === undefined) return { k: 'oct', v: mode };
    head = `${name}|`;
  }
  if (mode & S_ISUID) head += 'S_ISUID|';
  if (mode & S_ISGID) head += 'S_ISGID|';
  if (mode & S_ISVTX) head += 'S_ISVTX|';
  return head === '' ? { k: 'oct', v: mode } : sym(styled(octal(mode), `${head}${octal(permissions)}`));
}

/** The xlat table of file types (S_IFREG ...). */
const MODE_TYPES = 'file_mode_type';

/** A NUL-terminated char array field (strace's print_quoted_cstring): up to the NUL, `...` when none. */
export function charArray(v: DataView, offset: number, size: number): Value {
  const bytes = new Uint8Array(v.buffer, v.byteOffset + offset, size);
  const nul = bytes.indexOf(0);
  return nul < 0
    ? { k: 'str', bytes: bytes.slice(0, size - 1), more: true }
    : { k: 'str', bytes: bytes.slice(0, nul), more: false };
}

// strace's printers for xlat tables (src/xlat.c): bit flags joined by |, one enum value by name, and the
// composite forms (open's access mode, mmap's type and huge page size, clone's exit signal).
import { XLAT, type XlatTable } from '../tables/generated/xlat.js';
import { signalName } from '../tables/signals.js';

export type { XlatTable } from '../tables/generated/xlat.js';

interface Entry {
  readonly name: string;
  readonly value: bigint;
  /** A negative value's 32-bit form: an int argument may arrive sign-extended or truncated to 32 bits. */
  readonly value32?: bigint;
}

const U64 = (v: number | bigint): bigint => BigInt.asUintN(64, BigInt(v));

const entryCache = new WeakMap<XlatTable, readonly Entry[]>();
function entries(table: XlatTable): readonly Entry[] {
  let list = entryCache.get(table);
  if (!list) {
    list = table.values.map(([name, value]) =>
      value < 0
        ? { name, value: U64(value), value32: BigInt.asUintN(32, BigInt(value)) }
        : { name, value: U64(value) },
    );
    entryCache.set(table, list);
  }
  return list;
}

/** -X: how named constants print (strace's xlat_verbosity): names, numbers, or numbers with the names. */
export type ConstStyle = 'raw' | 'abbrev' | 'verbose';
let constStyle: ConstStyle = 'abbrev';

/** Set once per trace, before decoding starts (the tracer thread decodes with one style). */
export function setConstStyle(style: ConstStyle): void {
  constStyle = style;
}

/** The -X style decoding runs under (for the few printers whose raw form is not a number: htons, UTIME_NOW). */
export const currentConstStyle = (): ConstStyle => constStyle;

/** Text made in abbrev style whatever -X says: strace's return details (`(flags O_RDONLY|...)`) never change. */
export function abbreviated<T>(make: () => T): T {
  const saved = constStyle;
  constStyle = 'abbrev';
  try {
    return make();
  } finally {
    constStyle = saved;
  }
}

/** A named constant in the -X style: `name`, `num`, or `num /* name *\/` (`num` alone when unnamed). */
export function styled(num: string, abbrev: string): string {
  if (constStyle === 'abbrev') return abbrev;
  if (constStyle === 'raw' || abbrev === num) return num;
  return abbrev.startsWith(`${num} /* `) ? abbrev : `${num} /* ${abbrev} */`;
}

/** The number strace prints for a table's value under -X raw/verbose: hex, or decimal for decimal tables. */
function rawNumber(table: XlatTable, value: number | bigint): string {
  const v = U64(value);
  return table.decimal ? BigInt.asIntN(v >> 32n === 0n ? 32 : 64, v).toString() : hex(v);
}

/** A table by name (the signature table's `flags(open_flags)` parameter), or undefined. */
export function lookupXlat(name: string): XlatTable | undefined {
  return Object.hasOwn(XLAT, name) ? (XLAT as Readonly<Record<string, XlatTable>>)[name] : undefined;
}

/** strace's `%#x`: 0 stays 0, everything else is 0x-prefixed lowercase hex. */
export function hex(value: number | bigint): string {
  const v = U64(value);
  return v === 0n ? '0' : `0x${v.toString(16)}`;
}

/** A number with strace's `/* X_??? *\/` comment; no comment when `comment` is undefined or empty. */
const commented = (v: bigint, comment: string | undefined): string =>
  comment ? `${hex(v)} /* ${comment} */` : hex(v);

/** The name of one value, or undefined (first entry wins when names share a value). */
export function xlatName(table: XlatTable, value: number | bigint): string | undefined {
  const v = U64(value);
  return entries(table).find((e) => e.value === v || e.value32 === v)?.name;
}

/** printxval: the name, or the number in hex followed by the table's `unknown` comment (`0x7` + SEEK_???). */
export function formatEnum(table: XlatTable, value: number | bigint): string {
  const text = enumText(table, value);
  return constStyle === 'abbrev' ? text : styled(rawNumber(table, value), text);
}

function enumText(table: XlatTable, value: number | bigint): string {
  let v = U64(value);
  let prefix = '';
  if (table.withFlag && (v & BigInt(table.withFlag[1])) !== 0n) {
    prefix = `${table.withFlag[0]}|`;
    v &= ~BigInt(table.withFlag[1]);
  }
  const name = xlatName(table, v);
  if (name !== undefined && !table.verbose) return prefix + name;
  const num = table.decimal ? BigInt.asIntN(v >> 32n === 0n ? 32 : 64, v).toString() : hex(v);
  const comment = name ?? table.unknown;
  return prefix + (comment ? `${num} /* ${comment} */` : num);
}

/**
 * printflags_ex over the table's own entries: names of the set bits in table order (an entry matches when
 * all its bits are set), then any unnamed bits in hex. With no name at all: the zero name or `0` for 0,
 * else the hex value followed by `comment` when given.
 */
function plainFlags(table: XlatTable, value: bigint, comment: string | undefined): string {
  const list = entries(table);
  if (value === 0n) return list[0]?.value === 0n ? list[0].name : '0';
  const names: string[] = [];
  let rest = value;
  for (const e of list) {
    if (e.value !== 0n && (rest & e.value) === e.value) {
      names.push(e.name);
      rest &= ~e.value;
      if (rest === 0n) break;
    }
  }
  if (names.length === 0) return commented(rest, comment);
  if (rest !== 0n) names.push(hex(rest));
  return names.join('|');
}

/** The leading field (access mode, mmap type, statx sync type, mount magic) and what follows it. */
function withField(table: XlatTable, value: bigint): string {
  const field = table.field;
  const sub = field ? lookupXlat(field.table) : undefined;
  if (!field || !sub) return plainFlags(table, value, table.unknown);
  const mask = BigInt(field.mask);
  const part = value & mask;
  const rest = value & ~mask;
  const restComment = field.rest === 'comment' ? table.unknown : undefined;
  const name = sub.kind === 'flags' ? plainFlags(sub, part, undefined) : xlatName(sub, part);
  if (sub.kind === 'flags' && constStyle !== 'abbrev')
    return flagsField(table, part, name ?? hex(part), rest);
  if (name === undefined && field.miss === 'whole') {
    const whole = plainFlags(table, value, table.unknown);
    // a split field's flags get no styling from formatFlags: printflags styles the whole value itself (mount)
    return constStyle !== 'abbrev' && splitField(table) ? styled(hex(value), whole) : whole;
  }
  const head = name ?? commented(part, sub.unknown);
  if (constStyle !== 'abbrev' && splitField(table)) {
    const styledHead = styled(hex(part), head);
    return rest === 0n
      ? styledHead
      : `${styledHead}|${styled(hex(rest), plainFlags(table, rest, restComment))}`;
  }
  return rest === 0n ? head : `${head}|${plainFlags(table, rest, restComment)}`;
}

/**
 * printflags: known bits joined by |, unknown remainder as 0x..., 0 as the table's zero name or `0`, nothing
 * known as the hex value with the table's `unknown` comment. A field, a shifted count, a signal byte or octal
 * permission bits print the way strace's open, mmap, memfd_create, clone and shmget decoders print them.
 */
export function formatFlags(table: XlatTable, value: number | bigint): string {
  let v = U64(value);
  if (table.raw !== undefined && v === U64(table.raw)) return hex(v);
  let mode: bigint | undefined;
  if (table.octalMask !== undefined) {
    mode = v & BigInt(table.octalMask);
    v &= ~BigInt(table.octalMask);
  }
  let signal: bigint | undefined;
  if (table.signalMask !== undefined) {
    signal = v & BigInt(table.signalMask);
    v &= ~BigInt(table.signalMask);
    if (v === 0n) return styled(String(signal), signalName(Number(signal)));
  }
  let count = 0n;
  const counted = v;
  if (table.shifted) {
    const mask = BigInt(table.shifted.mask) << BigInt(table.shifted.shift);
    count = (v & mask) >> BigInt(table.shifted.shift);
    v &= ~mask;
  }
  const parts: string[] = [];
  if (table.field || v !== 0n || (count === 0n && mode === undefined)) parts.push(withField(table, v));
  const apart = table.shifted?.apart === true && constStyle !== 'abbrev';
  // shmget: the flags styled alone, then the count shifted by a styled constant (print_xlat_u)
  if (apart && parts.length > 0) parts.splice(0, 1, styled(hex(v), parts[0] ?? ''));
  if (count !== 0n && table.shifted) {
    const shift = apart ? styled(String(table.shifted.shift), table.shifted.name) : table.shifted.name;
    parts.push(`${count}<<${shift}`);
  }
  // -X raw/verbose: the number and names of the flags (with a huge-page count), then the signal on its own
  if (constStyle !== 'abbrev' && !apart && !splitField(table) && parts.length > 0)
    parts.splice(0, parts.length, styled(hex(counted), parts.join('|')));
  if (signal) parts.push(styled(String(signal), signalName(Number(signal))));
  if (mode !== undefined) parts.push(octal(mode));
  return parts.join('|');
}

/**
 * -X raw/verbose of a flags field (statx's sync type): strace prints the field and the rest with two printflags
 * calls, each styled apart; raw prints a zero field as nothing (`|0x900`, or an empty argument for 0).
 */
function flagsField(table: XlatTable, part: bigint, head: string, rest: bigint): string {
  const first = part === 0n && constStyle === 'raw' ? '' : styled(hex(part), head);
  if (rest === 0n) return first;
  return `${first}|${styled(hex(rest), plainFlags(table, rest, undefined))}`;
}

/** A leading field printed apart from the flags after it (socket's type, then SOCK_CLOEXEC; statx's sync type). */
const splitField = (table: XlatTable): boolean =>
  table.field !== undefined &&
  (table.field.rest !== 'bare' || lookupXlat(table.field.table)?.kind === 'flags');

/** strace's print_numeric_umode_t (`%#03o`): 0600, 000. */
const octal = (mode: bigint): string => (mode === 0n ? '000' : `0${mode.toString(8)}`.padStart(3, '0'));

/** open(2) flags: the access mode from the low bits, then the other flags, e.g. O_RDONLY|O_CLOEXEC. */
export function formatOpenFlags(value: number | bigint): string {
  return formatFlags(XLAT.open_flags, value);
}

/** Prints with the table's own kind: formatFlags for flags, formatEnum for enums. */
export function formatXlat(table: XlatTable, value: number | bigint): string {
  return table.kind === 'flags' ? formatFlags(table, value) : formatEnum(table, value);
}

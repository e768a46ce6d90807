// ioctl requests of the virtual console (linux/kd.h, type 'K'), as strace's kd_ioctl prints them: the speaker's
// tone, LEDs, modes, key table entries with their keysym by KT_* type, function key strings, accent tables, fonts,
// screen and Unicode maps.
import { hex, int, ptr, sym, text, type Value } from '../../model/value.js';
import { hexText } from '../../model/value-text.js';
import { errnoByName } from '../../tables/errnos.js';
import { STRUCTS } from '../../tables/generated/structs.js';
import { signalName } from '../../tables/signals.js';
import { cString } from '../args/strings.js';
import type { CallContext } from '../context.js';
import { memArray } from '../structs/array.js';
import { currentConstStyle, formatEnum, formatFlags, lookupXlat, styled, type XlatTable } from '../xlat.js';
import { bitNumberFlags, type Shape } from './ioctl-shape.js';
import { enumOf, flagsOf, hexString, indirect, nameOf, view, xv } from './util.js';

/** Struct layouts from the pinned linux/kd.h (src/tables/generated/structs.ts), gcc-checked by struct-layouts.test. */
const S = STRUCTS;
const C = (name: string): number => xv('kd_consts', name);
const isRaw = (): boolean => currentConstStyle() === 'raw';
const struct = (fields: [string, Value][]): Value => ({ k: 'struct', fields });
const arg32 = (a: bigint): number => Number(BigInt.asUintN(32, a));

/** KIOCSOUND: the PIT divisor, with the frequency it gives as a comment (`off` for 0). */
function sound(_c: CallContext, a: bigint): Value {
  const freq = a === 0n ? 0 : Number(BigInt.asUintN(32, BigInt(C('PIT_TICK_RATE')) / a));
  return isRaw() ? int(a) : { k: 'commented', value: int(a), comment: freq ? `${freq} Hz` : 'off' };
}

/** KDMKTONE: `ticks<<16|count`, with the frequency and duration as a comment. */
function tone(_c: CallContext, a: bigint): Value {
  const v = arg32(a);
  const ticks = v >>> 16;
  const count = v & 0xffff;
  const freq = ticks && count ? Math.floor(C('PIT_TICK_RATE') / count) : 0;
  const value = text(`${ticks ? `${ticks}<<16|` : ''}${count}`);
  return isRaw() ? value : { k: 'commented', value, comment: freq ? `${freq} Hz, ${ticks} ms` : 'off' };
}

/** KDSKBLED's flags: the LEDs, then the same LEDs shifted by 4 (the default state), `LED_SCR<<4`. */
let defaultLeds: XlatTable | undefined;
function defaultLedText(v: number): string {
  const leds = lookupXlat('kd_led_flags');
  defaultLeds ??= {
    kind: 'flags',
    unknown: leds?.unknown ?? 'LED_???',
    values: [
      ...(leds?.values ?? []),
      ...(leds?.values ?? []).map(([n, bit]) => [`${n}<<4`, bit * 16] as const),
    ],
  };
  return formatFlags(defaultLeds, v);
}
const leds = (dflt: boolean, v: number): Value =>
  dflt ? sym(defaultLedText(v)) : flagsOf('kd_led_flags', v);
/** strace's umove_or_printaddr of one byte: `[value]`, NULL, or the address when unreadable. */
function byteAt(c: CallContext, a: bigint, show: (b: number) => Value): Value {
  const v = view(c, a, 1);
  return v ? { k: 'array', items: [show(v.getUint8(0))] } : ptr(a);
}
const ledsOut = (dflt: boolean): Shape => ({ out: (c, a) => byteAt(c, a, (b) => leds(dflt, b)) });
const ledsIn = (dflt: boolean): Shape => ({ in: (_c, a) => leds(dflt, Number(a & 0xffn)) });

/** KDADDIO/KDDELIO: the port, and its place in the graphics ports range. */
function ioPort(_c: CallContext, a: bigint): Value {
  const first = BigInt(C('GPFIRST'));
  const value = a === 0n ? int(0) : hex(a);
  if (a < first || a > BigInt(C('GPLAST')) || isRaw()) return value;
  return { k: 'commented', value, comment: `GPFIRST + ${a - first}` };
}

/** strace's printsignal: the name (styled), or the number. */
function signalValue(n: number): Value {
  const name = signalName(n);
  return n > 0 && name !== String(n) ? sym(styled(String(n), name)) : int(n);
}

/** print_char with quotes and whitespace escapes: `'a'`, `'\n'`, `'\''`, `'\x00'`. */
function quotedChar(b: number): string {
  if (b >= 0x20 && b < 0x7f) return `'${b === 0x27 || b === 0x5c ? '\\' : ''}${String.fromCharCode(b)}'`;
  if (b >= 9 && b <= 13) return `'\\${'tnvfr'[b - 9]}'`;
  return `'\\x${b.toString(16).padStart(2, '0')}'`;
}

/** kb_table: one of the plain key tables by name, else the modifier bits (`1<<KG_CTRL|1<<KG_ALT`). */
const keymapBits = bitNumberFlags('kd_keymap_bits', '<<', 'K_???');
function kbTable(v: number): Value {
  const table = nameOf('kd_key_tables', v);
  return table ? sym(styled(hexText(v), table)) : sym(keymapBits(v));
}

/** The types whose value is a character (print_char); the others print it in hex. */
const CHAR_TYPES = ['KT_LATIN', 'KT_META', 'KT_LETTER', 'KT_DEAD2'];
/** KTYP values below this have a keysym table in strace (KT_BRL is the last). */
const keysymTypes = (): number => xv('kd_key_types', 'KT_BRL') + 1;

/** kb_value: hex, then the keysym's name or `K(KT_*, value)` as a comment. */
function kbValue(v: number): Value {
  const value = v === 0 ? int(0) : hex(v);
  if (isRaw()) return value;
  const type = v >>> 8;
  const kval = v & 0xff;
  const name = type < keysymTypes() ? nameOf('kd_keysyms', v) : undefined;
  if (name) return { k: 'commented', value, comment: name };
  const typeName = nameOf('kd_key_types', type) ?? hexText(type);
  const val = CHAR_TYPES.some((t) => nameOf('kd_key_types', type) === t) ? quotedChar(kval) : hexText(kval);
  return { k: 'commented', value, comment: `K(${typeName}, ${val})` };
}

const KBENTRY = S.kbentry.fields;
const kbentryHead = (v: DataView): [string, Value][] => [
  ['kb_table', kbTable(v.getUint8(KBENTRY.kb_table.off))],
  ['kb_index', int(v.getUint8(KBENTRY.kb_index.off))],
];
/** kb_value, read on its own: `???` when unreadable. */
function kbValueField(c: CallContext, a: bigint): [string, Value] {
  const v = view(c, a + BigInt(KBENTRY.kb_value.off), 2);
  return ['kb_value', v ? kbValue(v.getUint16(0, true)) : text('???')];
}
const KBENTRY_HEAD = KBENTRY.kb_value.off;
const kbentrySet: Shape = {
  in: (c, a) => {
    const v = view(c, a, KBENTRY_HEAD);
    return v ? struct([...kbentryHead(v), kbValueField(c, a)]) : ptr(a);
  },
};
const kbentryGet: Shape = {
  inout: {
    in: (c, a) => view(c, a, KBENTRY_HEAD),
    out: (c, a, before) => struct([...kbentryHead(before), ...(c.failed ? [] : [kbValueField(c, a)])]),
  },
};

/** kb_func: the function key's number, `KVAL(K_F1)`. */
let fnKeys: XlatTable | undefined;
function kbFunc(v: number): Value {
  fnKeys ??= {
    kind: 'enum',
    unknown: 'KVAL(K_???)',
    values: (lookupXlat('kd_keysyms')?.values ?? [])
      .filter(([, k]) => k >>> 8 === xv('kd_key_types', 'KT_FN'))
      .map(([n, k]) => [`KVAL(${n})`, k & 0xff] as const),
  };
  return sym(formatEnum(fnKeys, v));
}

/** kb_string: up to 512 bytes to the NUL (strace's umovestr), cut at -s; `???` when unreadable. */
function kbString(c: CallContext, a: bigint): Value {
  const size = S.kbsentry.fields.kb_string.count;
  const at = a + BigInt(S.kbsentry.fields.kb_string.off);
  const s = c.mem.readString(at, size - 1);
  if (!s) return text('???');
  const limit = c.opts.strsize;
  if (s.complete && s.bytes.length + 1 <= limit) return { k: 'str', bytes: s.bytes, more: false };
  const bytes = s.complete ? s.bytes : (c.mem.read(at, Math.min(limit, size)) ?? s.bytes);
  return { k: 'str', bytes: bytes.subarray(0, limit), more: true };
}
const kbsentryHead = (c: CallContext, a: bigint): DataView | undefined => view(c, a, 1);
const kbsentrySet: Shape = {
  in: (c, a) => {
    const v = kbsentryHead(c, a);
    return v
      ? struct([
          ['kb_func', kbFunc(v.getUint8(0))],
          ['kb_string', kbString(c, a)],
        ])
      : ptr(a);
  },
};
const kbsentryGet: Shape = {
  inout: {
    in: kbsentryHead,
    out: (c, a, before) =>
      struct([
        ['kb_func', kbFunc(before.getUint8(0))],
        ...(c.failed ? [] : [['kb_string', kbString(c, a)] as [string, Value]]),
      ]),
  },
};

/** struct kbdiacrs/kbdiacrsuc: the count, then at most MAX_DIACR entries (`...` past them). */
function diacrs(uc: boolean) {
  const elem = uc ? S.kbdiacruc : S.kbdiacr;
  const name = uc ? 'kbdiacruc' : 'kbdiacr';
  const F = elem.fields;
  const print = (d: DataView, o: number): Value =>
    struct(
      (['diacr', 'base', 'result'] as const).map((f) => {
        const off = o + F[f].off;
        if (!uc) return [f, text(quotedChar(d.getUint8(off)))];
        const n = d.getUint32(off, true);
        return [f, n === 0 ? int(0) : hex(n)];
      }),
    );
  return (c: CallContext, a: bigint): Value => {
    const v = view(c, a, 4);
    if (!v) return ptr(a);
    const count = v.getUint32(0, true);
    const max = C('MAX_DIACR');
    const off = BigInt(uc ? S.kbdiacrsuc.fields.kbdiacruc.off : S.kbdiacrs.fields.kbdiacr.off);
    let items = memArray(c, a + off, Math.min(count, max), elem.size, print);
    if (count > max && items.k === 'array' && !items.more) items = { ...items, more: true };
    return struct([
      ['kb_cnt', int(count)],
      [name, items],
    ]);
  };
}

/** struct kbkeycode: the keycode the kernel wrote back for KDGETKEYCODE (`keycode=0 => 0x1e`). */
const xv32 = (d: DataView, o: number): Value => {
  const n = d.getUint32(o, true);
  return n === 0 ? int(0) : hex(n);
};
const KEYCODE = S.kbkeycode;
const keycodeSet: Shape = {
  in: (c, a) => {
    const v = view(c, a, KEYCODE.size);
    return v
      ? struct([
          ['scancode', xv32(v, KEYCODE.fields.scancode.off)],
          ['keycode', xv32(v, KEYCODE.fields.keycode.off)],
        ])
      : ptr(a);
  },
};
const keycodeGet: Shape = {
  inout: {
    in: (c, a) => view(c, a, KEYCODE.size),
    out: (c, a, before) => {
      const keycode = xv32(before, KEYCODE.fields.keycode.off);
      const after = c.failed ? undefined : view(c, a + BigInt(KEYCODE.fields.keycode.off), 4);
      return struct([
        ['scancode', xv32(before, KEYCODE.fields.scancode.off)],
        ['keycode', after ? { k: 'changed', before: keycode, after: xv32(after, 0) } : keycode],
      ]);
    },
  },
};

/** struct kbd_repeat, before and after (KDKBDREP sets and reports the repeat rate). */
function kbdRepeat(c: CallContext, a: bigint): Value | undefined {
  const v = view(c, a, S.kbd_repeat.size);
  if (!v) return undefined;
  const F = S.kbd_repeat.fields;
  return struct([
    ['delay', int(v.getInt32(F.delay.off, true))],
    ['period', int(v.getInt32(F.period.off, true))],
  ]);
}

/** The font's bytes: `(width + 7) / 8 * 32 * charcount` (width at most 32, at most 512 characters), hex-escaped. */
const fontSize = (width: number, count: number): number =>
  Math.ceil(Math.min(width, 32) / 8) * 32 * Math.min(count, 512);

/** struct unimapdesc: the entry count (and what the kernel set it to), then the unipairs. */
const UNIMAP = S.unimapdesc.fields;
const unipair = (d: DataView, o: number): Value =>
  struct([
    ['unicode', xv16(d, o + S.unipair.fields.unicode.off)],
    ['fontpos', xv16(d, o + S.unipair.fields.fontpos.off)],
  ]);
function xv16(d: DataView, o: number): Value {
  const n = d.getUint16(o, true);
  return n === 0 ? int(0) : hex(n);
}
const unipairs = (c: CallContext, d: DataView, count: number): Value =>
  memArray(c, d.getBigUint64(UNIMAP.entries.off, true), count, S.unipair.size, unipair);
const unimapSet: Shape = {
  in: (c, a) => {
    const v = view(c, a, S.unimapdesc.size);
    if (!v) return ptr(a);
    const count = v.getUint16(UNIMAP.entry_ct.off, true);
    return struct([
      ['entry_ct', int(count)],
      ['entries', unipairs(c, v, count)],
    ]);
  },
};
const isEnomem = (c: CallContext): boolean => c.ret === -BigInt(errnoByName('ENOMEM')?.value ?? 12);
const unimapGet: Shape = {
  inout: {
    in: (c, a) => view(c, a, S.unimapdesc.size),
    out: (c, a, before) => {
      const count = before.getUint16(UNIMAP.entry_ct.off, true);
      // read even after a failed call: ENOMEM reports the count the map needs
      const after = c.mem.read(a, S.unimapdesc.size);
      if (!after || after.length < S.unimapdesc.size) return struct([['entry_ct', int(count)]]);
      const v = new DataView(after.buffer, after.byteOffset, after.length);
      const ct: Value = {
        k: 'changed',
        before: int(count),
        after: int(v.getUint16(UNIMAP.entry_ct.off, true)),
      };
      const entries = v.getBigUint64(UNIMAP.entries.off, true);
      // any other error: the address; ENOMEM: the array, which a failed call's memory does not give (tfetch_mem)
      const unfetched = c.failed && (!isEnomem(c) || (entries !== 0n && count > 0));
      return struct([
        ['entry_ct', ct],
        ['entries', unfetched ? ptr(entries) : unipairs(c, v, count)],
      ]);
    },
  },
};

/** struct consolefontdesc: the font data by address when the kernel is to fill it, else its bytes. */
const FONTDESC = S.consolefontdesc.fields;
function fontDesc(c: CallContext, v: DataView, addressOnly: boolean): Value {
  const count = v.getUint16(FONTDESC.charcount.off, true);
  const data = v.getBigUint64(FONTDESC.chardata.off, true);
  return struct([
    ['charcount', int(count)],
    ['charheight', int(v.getUint16(FONTDESC.charheight.off, true))],
    ['chardata', addressOnly ? ptr(data) : hexString(c, data, Math.min(count, 512) * 32)],
  ]);
}
const fontxGet: Shape = {
  changes: {
    in: (c, a) => {
      const v = view(c, a, S.consolefontdesc.size);
      return v ? fontDesc(c, v, true) : ptr(a);
    },
    out: (c, a) => {
      const v = view(c, a, S.consolefontdesc.size);
      return v ? fontDesc(c, v, false) : undefined;
    },
  },
};
const fontxSet: Shape = {
  in: (c, a) => {
    const v = view(c, a, S.consolefontdesc.size);
    return v ? fontDesc(c, v, false) : ptr(a);
  },
};

/** struct console_font_op, as strace prints it by operation at entry and (`entry` false) at exit. */
const FONTOP = S.console_font_op.fields;
const op = (name: string): number => xv('kd_font_ops', name);
function fontOp(c: CallContext, v: DataView, entry: boolean): Value {
  const u = (f: keyof typeof FONTOP): number => v.getUint32(FONTOP[f].off, true);
  const code = u('op');
  const data = v.getBigUint64(FONTOP.data.off, true);
  const isCopy = code === op('KD_FONT_OP_COPY');
  const isDefault = code === op('KD_FONT_OP_SET_DEFAULT');
  const fields: [string, Value][] = [];
  if (entry) {
    fields.push(['op', enumOf('kd_font_ops', code)]);
    if (!isCopy && !isDefault) fields.push(['flags', flagsOf('kd_font_flags', u('flags'))]);
  }
  if (!isCopy) fields.push(['width', int(u('width'))]);
  fields.push(['height', int(u('height'))]);
  if (!isCopy && !isDefault) fields.push(['charcount', int(u('charcount'))]);
  if (code === op('KD_FONT_OP_GET') && entry) fields.push(['data', ptr(data)]);
  else if (code === op('KD_FONT_OP_GET') || code === op('KD_FONT_OP_SET'))
    fields.push(['data', hexString(c, data, fontSize(u('width'), u('charcount')))]);
  else if (isDefault) {
    // the font's name, at most KERNEL_MAX_FONT_NAME (32) bytes with its NUL
    if (entry) fields.push(['data', cString(c, data, Math.min(31, c.opts.strsize))]);
  } else if (!isCopy) fields.push(['data', ptr(data)]);
  return struct(fields);
}
const FONT_OP_SIZE = S.console_font_op.size;
/** Operations the kernel answers (GET, SET_DEFAULT, unknown ones) print again at exit; SET and COPY do not. */
const fontOpShape: Shape = {
  changes: {
    in: (c, a) => {
      const v = view(c, a, FONT_OP_SIZE);
      return v ? fontOp(c, v, true) : ptr(a);
    },
    out: (c, a) => {
      const before = view(c, a, FONT_OP_SIZE);
      const code = before?.getUint32(FONTOP.op.off, true);
      if (code === op('KD_FONT_OP_SET') || code === op('KD_FONT_OP_COPY')) return undefined;
      return before ? fontOp(c, before, false) : undefined;
    },
  },
};

/** GIO_UNISCRNMAP/PIO_UNISCRNMAP elements: `UNI_DIRECT_BASE+0x15` for the direct-mapped range. */
function scrmapEntry(d: DataView, o: number): Value {
  const v = d.getUint16(o, true);
  const base = C('UNI_DIRECT_BASE');
  const mask = C('UNI_DIRECT_MASK');
  const value = v === 0 ? int(0) : hex(v);
  const style = currentConstStyle();
  if ((v & ~mask) !== base || style === 'raw') return value;
  const name = `UNI_DIRECT_BASE+${hexText(v & mask)}`;
  return style === 'verbose' ? { k: 'commented', value, comment: name } : sym(name);
}
const uniScreenMap = (c: CallContext, a: bigint): Value => memArray(c, a, C('E_TABSZ'), 2, scrmapEntry);

const hexIn = (size: () => number): Shape => ({ in: (c, a) => hexString(c, a, size()) });
const hexOut = (size: () => number): Shape => ({ out: (c, a) => hexString(c, a, size()) });
const GIO_FONT_SIZE = (): number => fontSize(8, 256);
const CMAP_SIZE = (): number => 3 * 16;
const NO_ARG: Shape = { none: true };
const enumIn = (table: string, width: 32 | 64): Shape => ({
  in: (_c, a) => enumOf(table, width === 32 ? arg32(a) : a),
});
const enumOut = (table: string, size: 1 | 4): Shape => ({
  out: (c, a) =>
    size === 1
      ? byteAt(c, a, (b) => enumOf(table, b))
      : indirect(c, a, 4, (d) => enumOf(table, d.getUint32(0, true))),
});

// biome-ignore format: one request per line
export const KD_SHAPES: Readonly<Record<string, Shape>> = {
  KIOCSOUND: { in: sound },
  KDMKTONE: { in: tone },
  KDGETLED: ledsOut(false), KDSETLED: ledsIn(false),
  KDGKBLED: ledsOut(true), KDSKBLED: ledsIn(true),
  KDGKBTYPE: enumOut('kd_kbd_types', 1),
  KDADDIO: { in: ioPort }, KDDELIO: { in: ioPort },
  KDSETMODE: enumIn('kd_modes', 32), KDGETMODE: enumOut('kd_modes', 4),
  GIO_SCRNMAP: hexOut(() => C('E_TABSZ')), PIO_SCRNMAP: hexIn(() => C('E_TABSZ')),
  GIO_UNISCRNMAP: { out: uniScreenMap }, PIO_UNISCRNMAP: { in: uniScreenMap },
  KDGKBMODE: enumOut('kd_kbd_modes', 4), KDSKBMODE: enumIn('kd_kbd_modes', 32),
  KDGKBENT: kbentryGet, KDSKBENT: kbentrySet,
  KDGKBSENT: kbsentryGet, KDSKBSENT: kbsentrySet,
  KDGKBDIACR: { out: diacrs(false) }, KDSKBDIACR: { in: diacrs(false) },
  KDGKBDIACRUC: { out: diacrs(true) }, KDSKBDIACRUC: { in: diacrs(true) },
  KDGETKEYCODE: keycodeGet, KDSETKEYCODE: keycodeSet,
  KDSIGACCEPT: { in: (_c, a) => (a < 0x7fffffffn ? signalValue(Number(a)) : int(a)) },
  KDKBDREP: { changes: { in: (c, a) => kbdRepeat(c, a) ?? ptr(a), out: kbdRepeat } },
  GIO_FONT: hexOut(GIO_FONT_SIZE), PIO_FONT: hexIn(GIO_FONT_SIZE),
  KDGKBMETA: enumOut('kd_meta_vals', 4), KDSKBMETA: enumIn('kd_meta_vals', 32),
  PIO_UNIMAPCLR: {
    in: (c, a) => {
      const v = view(c, a, S.unimapinit.size);
      if (!v) return ptr(a);
      const F = S.unimapinit.fields;
      return struct(
        (['advised_hashsize', 'advised_hashstep', 'advised_hashlevel'] as const).map((f) => [
          f,
          int(v.getUint16(F[f].off, true)),
        ]),
      );
    },
  },
  GIO_CMAP: hexOut(CMAP_SIZE), PIO_CMAP: hexIn(CMAP_SIZE),
  GIO_UNIMAP: unimapGet, PIO_UNIMAP: unimapSet,
  GIO_FONTX: fontxGet, PIO_FONTX: fontxSet,
  KDFONTOP: fontOpShape,
  KDENABIO: NO_ARG, KDDISABIO: NO_ARG, KDMAPDISP: NO_ARG, KDUNMAPDISP: NO_ARG, PIO_FONTRESET: NO_ARG,
};

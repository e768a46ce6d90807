// ioctl requests of the input event device (linux/input.h, type 'E'), as strace's evdev_ioctl prints them: by
// direction, so numbered requests (EVIOCGABS(ABS_X), EVIOCGNAME(256)) are covered too. Read requests print at exit,
// write requests at entry. The bitsets (EVIOCGBIT, EVIOCGKEY, ...) print their set bits by name.
import { int, ptr, text, type Value } from '../../model/value.js';
import { byteBuffer } from '../args/strings.js';
import type { CallContext } from '../context.js';
import { memArray } from '../structs/array.js';
import { currentConstStyle } from '../xlat.js';
import { type Layout, layoutValue, readLayout, type Shape } from './ioctl-shape.js';
import { byValue, enumOf, indirect, nameOf, view, xv, xval } from './util.js';

const i16 = { custom: (v: DataView, off: number): Value => int(v.getInt16(off, true)) } as const;

/** struct input_id (include/uapi/linux/input.h): four __u16. */
const INPUT_ID: Layout = {
  size: 8,
  fields: [
    ['bustype', 0, 'u16'],
    ['vendor', 2, 'u16'],
    ['product', 4, 'u16'],
    ['version', 6, 'u16'],
  ],
};

/** struct input_absinfo (include/uapi/linux/input.h): six __s32, printed unsigned; resolution came later. */
const ABSINFO = {
  names: ['value', 'minimum', 'maximum', 'fuzz', 'flat', 'resolution'],
  orig: 20,
  full: 24,
} as const;
function absinfo(c: CallContext, code: number, a: bigint): Value {
  const size = (code >>> xv('ioctl_consts', '_IOC_SIZESHIFT')) & xv('ioctl_consts', '_IOC_SIZEMASK');
  if (size < ABSINFO.orig) return ptr(a);
  const v = view(c, a, Math.min(size, ABSINFO.full));
  if (!v) return ptr(a);
  const u = (i: number): [string, Value] => [ABSINFO.names[i] ?? '', int(v.getUint32(4 * i, true))];
  if (!c.opts.verbose) return { k: 'struct', fields: [u(0), u(1)], more: true };
  const fields = [u(0), u(1), u(2), u(3), u(4)];
  if (size >= ABSINFO.full) fields.push(u(5));
  return { k: 'struct', fields, more: size > ABSINFO.orig && size !== ABSINFO.full };
}

/** `[scancode, KEY_*]`: two unsigned ints (EVIOCGKEYCODE/EVIOCSKEYCODE). */
const keycodePair = (c: CallContext, a: bigint): Value => {
  const v = view(c, a, 8);
  if (!v) return ptr(a);
  return { k: 'array', items: [int(v.getUint32(0, true)), enumOf('evdev_keycode', v.getUint32(4, true))] };
};

/** `[a, b]`: two unsigned ints (EVIOCGREP/EVIOCSREP: delay and period). */
const uintPair = (c: CallContext, a: bigint): Value => {
  const v = view(c, a, 8);
  return v ? { k: 'array', items: [int(v.getUint32(0, true)), int(v.getUint32(4, true))] } : ptr(a);
};

/** struct input_keymap_entry (include/uapi/linux/input.h): flags, len, index, keycode, scancode[32]. */
function keymapEntry(c: CallContext, a: bigint): Value {
  const v = view(c, a, 40);
  if (!v) return ptr(a);
  const head: [string, Value][] = [
    ['flags', int(v.getUint8(0))],
    ['len', int(v.getUint8(1))],
  ];
  if (!c.opts.verbose) return { k: 'struct', fields: head, more: true };
  const scancode: Value[] = [];
  for (let i = 0; i < 32; i++) scancode.push(xval(v.getUint8(8 + i)));
  return {
    k: 'struct',
    fields: [
      ...head,
      ['index', int(v.getUint16(2, true))],
      ['keycode', enumOf('evdev_keycode', v.getUint32(4, true))],
      ['scancode', { k: 'array', items: scancode }],
    ],
  };
}

/** struct ff_envelope (include/uapi/linux/input.h): four __u16, the last in hex. */
const FF_ENVELOPE: Layout = {
  size: 8,
  fields: [
    ['attack_length', 0, 'u16'],
    ['attack_level', 2, 'u16'],
    ['fade_length', 4, 'u16'],
    ['fade_level', 6, { x: 'u16' }],
  ],
};
/** The union of struct ff_effect (at 16) by effect type. */
const FF_UNION: Readonly<Record<string, Layout>> = {
  FF_CONSTANT: {
    size: 10,
    fields: [
      ['level', 0, i16],
      ['envelope', 2, { struct: FF_ENVELOPE }],
    ],
  },
  FF_RAMP: {
    size: 12,
    fields: [
      ['start_level', 0, i16],
      ['end_level', 2, i16],
      ['envelope', 4, { struct: FF_ENVELOPE }],
    ],
  },
  FF_PERIODIC: {
    size: 32,
    fields: [
      ['waveform', 0, 'u16'],
      ['period', 2, 'u16'],
      ['magnitude', 4, i16],
      ['offset', 6, i16],
      ['phase', 8, 'u16'],
      ['envelope', 10, { struct: FF_ENVELOPE }],
      ['custom_len', 20, 'u32'],
      ['custom_data', 24, { custom: (v, off) => ptr(v.getBigUint64(off, true)) }],
    ],
  },
  FF_RUMBLE: {
    size: 4,
    fields: [
      ['strong_magnitude', 0, 'u16'],
      ['weak_magnitude', 2, 'u16'],
    ],
  },
};
const FF_UNION_NAMES: Readonly<Record<string, string>> = {
  FF_CONSTANT: 'constant',
  FF_RAMP: 'ramp',
  FF_PERIODIC: 'periodic',
  FF_RUMBLE: 'rumble',
};

/** struct ff_effect (include/uapi/linux/input.h): type, id, direction, trigger, replay, then the union at 16. */
function ffEffect(c: CallContext, a: bigint): Value {
  const v = view(c, a, 48);
  if (!v) return ptr(a);
  const type = v.getUint16(0, true);
  const head: [string, Value][] = [
    ['type', enumOf('evdev_ff_types', type)],
    ['id', int(v.getInt16(2, true))],
    ['direction', int(v.getUint16(4, true))],
  ];
  if (!c.opts.verbose) return { k: 'struct', fields: head, more: true };
  const fields: [string, Value][] = [
    ...head,
    [
      'trigger',
      {
        k: 'struct',
        fields: [
          ['button', int(v.getUint16(6, true))],
          ['interval', int(v.getUint16(8, true))],
        ],
      },
    ],
    [
      'replay',
      {
        k: 'struct',
        fields: [
          ['length', int(v.getUint16(10, true))],
          ['delay', int(v.getUint16(12, true))],
        ],
      },
    ],
  ];
  const name = nameOf('evdev_ff_types', type);
  const layout = name ? FF_UNION[name] : undefined;
  const field = name ? FF_UNION_NAMES[name] : undefined;
  if (layout && field) fields.push([field, layoutValue(v, layout, 16)]);
  return { k: 'struct', fields };
}

type Printer = (c: CallContext, a: bigint) => Value;

/** EVIOCGMTSLOTS(len): `{code=ABS_MT_*, values=[...]}`, len / sizeof(int) - 1 values after the code. */
function mtslots(c: CallContext, code: number, a: bigint): Value {
  const count = Math.floor(((code >>> K('_IOC_SIZESHIFT')) & K('_IOC_SIZEMASK')) / 4);
  if (!count) return ptr(a);
  const v = view(c, a, 4);
  if (!v) return ptr(a);
  const values = memArray(c, a + 4n, count - 1, 4, (w, off) => int(w.getInt32(off, true)));
  return {
    k: 'struct',
    fields: [
      ['code', enumOf('evdev_mtslots', v.getUint32(0, true))],
      ['values', values],
    ],
  };
}
/** A bitset's names (xlat table of bit numbers), its largest bit number's name and strace's unknown text. */
type Bitset = readonly [table: string, max: string, unknown: string];
/** EVIOCGBIT by event type name; EV_PWR is an int, the other types print the address. */
const BIT_TYPES: Readonly<Record<string, Bitset>> = {
  EV_KEY: ['evdev_keycode', 'KEY_MAX', 'KEY_???'],
  EV_REL: ['evdev_relative_axes', 'REL_MAX', 'REL_???'],
  EV_ABS: ['evdev_abs', 'ABS_MAX', 'ABS_???'],
  EV_MSC: ['evdev_misc', 'MSC_MAX', 'MSC_???'],
  EV_SW: ['evdev_switch', 'SW_MAX', 'SW_???'],
  EV_LED: ['evdev_leds', 'LED_MAX', 'LED_???'],
  EV_SND: ['evdev_snd', 'SND_MAX', 'SND_???'],
  EV_REP: ['evdev_autorepeat', 'REP_MAX', 'REP_???'],
  EV_FF: ['evdev_ff_types', 'FF_MAX', 'FF_???'],
  EV_FF_STATUS: ['evdev_ff_status', 'FF_STATUS_MAX', 'FF_STATUS_???'],
};
/** The other bitset requests by number: EVIOCGPROP, EVIOCGKEY, EVIOCGLED, EVIOCGSND, EVIOCGSW. */
const BIT_NRS: Readonly<Record<number, Bitset>> = {
  9: ['evdev_prop', 'INPUT_PROP_MAX', 'INPUT_PROP_???'],
  24: ['evdev_keycode', 'KEY_MAX', 'KEY_???'],
  25: ['evdev_leds', 'LED_MAX', 'LED_???'],
  26: ['evdev_snd', 'SND_MAX', 'SND_???'],
  27: ['evdev_switch', 'SW_MAX', 'SW_???'],
};
const WORD = 8;
/** How many names strace shows before `...` unless -v. */
const BITS_SHOWN = 4;

/** One bit number by name as printxval prints it under the current -X style. */
function bitName(table: string, unknown: string, bit: number): string {
  const name = nameOf(table, bit);
  const num = bit === 0 ? '0' : `0x${bit.toString(16)}`;
  if (!name) return `${num} /* ${unknown} */`;
  return currentConstStyle() === 'verbose' ? `${num} /* ${name} */` : name;
}

/**
 * strace's decode_bitset: as many bits as the call returned bytes (at most MAX + 1), read in whole words;
 * `[NAME NAME ...]` by set bit, the words in hex under -X raw, both under -X verbose.
 */
function bitset(c: CallContext, a: bigint, [table, max, unknown]: Bitset): Value {
  const maxNr = xv('evdev_bitset_max', max);
  const ret = c.ret ?? 0n;
  const bits = ret > BigInt(Math.floor(maxNr / 8)) ? maxNr : Number(ret) * 8;
  const size = Math.ceil(Math.ceil(bits / 8) / WORD) * WORD;
  if (c.failed || size === 0) return ptr(a);
  const v = view(c, a, size);
  if (!v) return ptr(a);
  const style = currentConstStyle();
  const words: Value[] = [];
  for (let i = 0; i < size; i += WORD) words.push(xval(v.getBigUint64(i, true)));
  if (style === 'raw') return { k: 'array', items: words };
  const names: string[] = [];
  for (let bit = 0; bit < bits; bit++) {
    if (!((v.getUint8(bit >> 3) >> (bit & 7)) & 1)) continue;
    if (!c.opts.verbose && names.length === BITS_SHOWN) {
      names.push('...');
      break;
    }
    names.push(bitName(table, unknown, bit));
  }
  const set = text(`[${names.join(' ')}]`);
  if (style !== 'verbose') return set;
  return {
    k: 'commented',
    value: set,
    comment: `[${words.map((w) => (w.k === 'hex' ? `0x${w.v.toString(16)}` : '0')).join(', ')}]`,
  };
}

const uintAt: Printer = (c, a) => indirect(c, a, 4, (v) => int(v.getUint32(0, true)));

// biome-ignore format: one request per line
const READS: Readonly<Record<string, Printer>> = {
  EVIOCGVERSION: (c, a) => indirect(c, a, 4, (v) => xval(v.getUint32(0, true))),
  EVIOCGEFFECTS: uintAt,
  EVIOCGID: (c, a) => readLayout(c, a, INPUT_ID),
  EVIOCGREP: uintPair,
  EVIOCGKEYCODE: keycodePair,
  EVIOCGKEYCODE_V2: keymapEntry,
};
// biome-ignore format: one request per line
const WRITES: Readonly<Record<string, Printer>> = {
  EVIOCSREP: uintPair,
  EVIOCSKEYCODE: keycodePair,
  EVIOCSKEYCODE_V2: keymapEntry,
  EVIOCRMFF: (_c, a) => int(Number(BigInt.asIntN(32, a))),
  EVIOCGRAB: (_c, a) => int(a),
  EVIOCREVOKE: (_c, a) => int(a),
  EVIOCSCLOCKID: uintAt,
  EVIOCSFF: ffEffect,
};
let reads: ReadonlyMap<number, Printer> | undefined;
let writes: ReadonlyMap<number, Printer> | undefined;

const K = (name: string): number => xv('ioctl_consts', name);
const nrOf = (code: number): number => (code >>> K('_IOC_NRSHIFT')) & K('_IOC_NRMASK');
/** EVIOCGNAME/PHYS/UNIQ: the string the kernel wrote, as long as the return value says. */
const STRING_NRS = new Set([0x06, 0x07, 0x08]);

function readShape(code: number): Printer {
  reads ??= new Map([...byValue('ioctl_cmd', READS)].map(([k, v]) => [k >>> 0, v]));
  const known = reads.get(code);
  if (known) return known;
  const nr = nrOf(code);
  if (STRING_NRS.has(nr)) return (c, a) => byteBuffer(c, a, Number(c.ret ?? 0n));
  if ((nr & ~0x3f) === 0x40) return (c, a) => absinfo(c, code, a);
  if (nr === 0x0a) return (c, a) => mtslots(c, code, a);
  // EVIOCGBIT(EV_PWR, n) is an int
  if (nr === 0x20 + xv('evdev_ev', 'EV_PWR'))
    return (c, a) => indirect(c, a, 4, (v) => int(v.getInt32(0, true)));
  const byType = nr === 0x20 ? (['evdev_ev', 'EV_MAX', 'EV_???'] as const) : undefined;
  const type = nr > 0x20 && nr <= 0x20 + 0x1f ? nameOf('evdev_ev', nr - 0x20) : undefined;
  const set = byType ?? (type ? BIT_TYPES[type] : BIT_NRS[nr]);
  if (set) return (c, a) => bitset(c, a, set);
  return (_c, a) => ptr(a);
}

function writeShape(code: number): Printer {
  writes ??= new Map([...byValue('ioctl_cmd', WRITES)].map(([k, v]) => [k >>> 0, v]));
  const known = writes.get(code);
  if (known) return known;
  if ((nrOf(code) & ~0x3f) === 0xc0) return (c, a) => absinfo(c, code, a);
  return (_c, a) => ptr(a);
}

/** The shape of any request of type 'E' by its direction; undefined for the others (printed raw). */
export function evdevShape(code: number): Shape | undefined {
  const dir = code >>> K('_IOC_DIRSHIFT');
  if (dir === K('_IOC_READ')) {
    const print = readShape(code);
    return { out: print };
  }
  if (dir === K('_IOC_WRITE')) {
    const print = writeShape(code);
    return { in: print };
  }
  return undefined;
}

/** strace's evdev_decode_number for EVIOCGBIT/EVIOCGABS/EVIOCSABS: the type or axis by name. */
export function evdevNumberedName(code: number, verbose: boolean): string | undefined {
  const dir = code >>> K('_IOC_DIRSHIFT');
  const nr = nrOf(code);
  const size = (code >>> K('_IOC_SIZESHIFT')) & K('_IOC_SIZEMASK');
  // under -X verbose the name alone, or the bare number when it has none
  const named = (table: string, v: number): string => {
    const n = nameOf(table, v);
    if (n || verbose) return n ?? `0x${v.toString(16)}`;
    const e = enumOf(table, v);
    return e.k === 'sym' ? e.text : `0x${v.toString(16)}`;
  };
  if (dir === K('_IOC_WRITE') && nr >= 0xc0 && nr <= 0xc0 + 0x3f)
    return `EVIOCSABS(${named('evdev_abs', nr - 0xc0)})`;
  if (dir !== K('_IOC_READ')) return undefined;
  if (nr >= 0x20 && nr <= 0x20 + 0x1f)
    return `EVIOCGBIT(${nr === 0x20 ? '0' : named('evdev_ev', nr - 0x20)}, ${size})`;
  if (nr >= 0x40 && nr <= 0x40 + 0x3f) return `EVIOCGABS(${named('evdev_abs', nr - 0x40)})`;
  return undefined;
}

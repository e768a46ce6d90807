// ioctl requests of the GPIO character device (linux/gpio.h, type 0xb4), as strace's gpio_ioctl prints them: the
// v1 chip, line, handle and event requests and the v2 line info, request, config and values, with their flags.
import { hex, int, ptr, type Value } from '../../model/value.js';
import { fdValue } from '../args/fds.js';
import type { CallContext } from '../context.js';
import { localArray } from '../structs/array.js';
import { charArray } from '../structs/read.js';
import { type Layout, outStruct, type Shape } from './ioctl-shape.js';
import { flagsOf, nameOf, view } from './util.js';

/** The number of lines a v1 handle and a v2 request hold (GPIOHANDLES_MAX, GPIO_V2_LINES_MAX) and attributes. */
const LINES_MAX = 64;
const ATTRS_MAX = 10;
const NAME_SIZE = 32;

/** struct gpiochip_info (include/uapi/linux/gpio.h): name[32], label[32], lines. */
const CHIP_INFO: Layout = {
  size: 68,
  fields: [
    ['name', 0, { custom: (v, o) => charArray(v, o, NAME_SIZE) }],
    ['label', 32, { custom: (v, o) => charArray(v, o, NAME_SIZE) }],
    ['lines', 64, 'u32'],
  ],
};

/** struct gpioline_info: line_offset, flags, name[32] at 8, consumer[32] at 40. */
const LINE_INFO = { size: 72, offset: 0, flags: 4, name: 8, consumer: 40 } as const;
/** struct gpiohandle_request: lineoffsets[64], flags at 256, u8 default_values[64] at 260, label at 324. */
const HANDLE_REQ = {
  size: 364,
  offsets: 0,
  flags: 256,
  values: 260,
  label: 324,
  lines: 356,
  fd: 360,
} as const;
/** struct gpioevent_request: lineoffset, handleflags, eventflags, consumer_label[32] at 12, fd at 44. */
const EVENT_REQ = { size: 48, line: 0, handleflags: 4, eventflags: 8, label: 12, fd: 44 } as const;
/** struct gpiohandle_data: u8 values[64]. struct gpiohandle_config: flags, u8 default_values[64] at 4. */
const HANDLE_DATA_SIZE = 64;
const HANDLE_CONFIG = { size: 84, flags: 0, values: 4 } as const;
/** struct gpio_v2_line_attribute: id, padding, then a u64 union (flags, values, debounce_period_us). */
const ATTR = { size: 16, id: 0, padding: 4, value: 8 } as const;
/** struct gpio_v2_line_config_attribute: the attribute, then mask at 16. */
const CONFIG_ATTR = { size: 24, mask: 16 } as const;
/** struct gpio_v2_line_config: u64 flags, num_attrs at 8, padding[5] at 12, attrs[10] at 32. */
const LINE_CONFIG = { size: 272, flags: 0, numAttrs: 8, padding: 12, npadding: 5, attrs: 32 } as const;
/** struct gpio_v2_line_request: offsets[64], consumer[32] at 256, config at 288, num_lines at 560, ... */
const LINE_REQ = {
  size: 592,
  offsets: 0,
  consumer: 256,
  config: 288,
  numLines: 560,
  eventBufferSize: 564,
  padding: 568,
  npadding: 5,
  fd: 588,
} as const;
/** struct gpio_v2_line_info: name[32], consumer[32] at 32, offset at 64, num_attrs, u64 flags at 72, attrs[10] at 80. */
const V2_LINE_INFO = {
  size: 256,
  name: 0,
  consumer: 32,
  offset: 64,
  numAttrs: 68,
  flags: 72,
  attrs: 80,
  padding: 240,
  npadding: 4,
} as const;
/** struct gpio_v2_line_values: bits, mask (u64). */
const VALUES = { size: 16, bits: 0, mask: 8 } as const;

type Fields = [string, Value][];
const struct = (fields: Fields): Value => ({ k: 'struct', fields });
const u32At = (v: DataView, o: number): number => v.getUint32(o, true);

/** PRINT_FIELD_ARRAY_UPTO: the first min(count, max) elements of `size` bytes, cut at -s unless -v. */
function numbers(c: CallContext, v: DataView, off: number, count: number, max: number, size: 1 | 4): Value {
  const sub = new DataView(v.buffer, v.byteOffset + off, max * size);
  return localArray(c, sub, Math.min(count, max), size, (d, o) =>
    int(size === 1 ? d.getUint8(o) : d.getUint32(o, true)),
  );
}

/** PRINT_FIELD_X_ARRAY of the padding words, printed only when one of them is set. */
function padding(v: DataView, off: number, n: number): Fields {
  const words = Array.from({ length: n }, (_, i) => u32At(v, off + 4 * i));
  return words.some((w) => w !== 0)
    ? [['padding', { k: 'array', items: words.map((w) => (w === 0 ? int(0) : hex(w))) }]]
    : [];
}

/** A v2 attribute: its union member by id; raw (id, padding, data) for an unknown id or set padding. */
function attribute(v: DataView, off: number, asField: boolean): Fields {
  const id = u32At(v, off + ATTR.id);
  const pad = u32At(v, off + ATTR.padding);
  const value = v.getBigUint64(off + ATTR.value, true);
  if (pad === 0) {
    switch (nameOf('gpio_v2_line_attr_ids', id)) {
      case 'GPIO_V2_LINE_ATTR_ID_FLAGS':
        return [['flags', flagsOf('gpio_v2_line_flags', value)]];
      case 'GPIO_V2_LINE_ATTR_ID_OUTPUT_VALUES':
        return [['values', hex(value)]];
      case 'GPIO_V2_LINE_ATTR_ID_DEBOUNCE':
        return [['debounce_period_us', int(Number(value & 0xffffffffn))]];
    }
  }
  const raw: Fields = [['id', int(id)], ...(pad ? [['padding', hex(pad)] as [string, Value]] : [])];
  raw.push(['data', value === 0n ? int(0) : hex(value)]);
  return asField ? [['attr', struct(raw)]] : raw;
}

function lineConfig(c: CallContext, v: DataView, base: number): Value {
  const n = u32At(v, base + LINE_CONFIG.numAttrs);
  const fields: Fields = [
    ['flags', flagsOf('gpio_v2_line_flags', v.getBigUint64(base + LINE_CONFIG.flags, true))],
    ['num_attrs', int(n)],
    ...padding(v, base + LINE_CONFIG.padding, LINE_CONFIG.npadding),
  ];
  if (n) {
    const sub = new DataView(v.buffer, v.byteOffset + base + LINE_CONFIG.attrs, ATTRS_MAX * CONFIG_ATTR.size);
    const attrs = localArray(c, sub, Math.min(n, ATTRS_MAX), CONFIG_ATTR.size, (d, o) =>
      struct([...attribute(d, o, true), ['mask', hex(d.getBigUint64(o + CONFIG_ATTR.mask, true))]]),
    );
    fields.push(['attrs', attrs]);
  }
  return struct(fields);
}

type Printer = (c: CallContext, v: DataView) => Value;

/** umove_or_printaddr: the struct of `size` bytes at `a` printed by `f`, or the address when unreadable. */
const reader =
  (size: number, f: Printer) =>
  (c: CallContext, a: bigint): Value => {
    const v = view(c, a, size);
    return v ? f(c, v) : ptr(a);
  };

/** A request read at entry and, when the call succeeded, what the kernel wrote back (`{...} => {...}`). */
const changes = (size: number, entry: Printer, exit: Printer): Shape => ({
  changes: { in: reader(size, entry), out: reader(size, exit) },
});

/** A request whose argument is read once, at entry (`in`) or at exit (`out`). */
const input = (size: number, f: Printer): Shape => ({ in: reader(size, f) });
const output = (size: number, f: Printer): Shape => ({ out: reader(size, f) });

const lineInfo = changes(
  LINE_INFO.size,
  (_c, v) => struct([['line_offset', int(u32At(v, LINE_INFO.offset))]]),
  (_c, v) =>
    struct([
      ['flags', flagsOf('gpio_line_flags', u32At(v, LINE_INFO.flags))],
      ['name', charArray(v, LINE_INFO.name, NAME_SIZE)],
      ['consumer', charArray(v, LINE_INFO.consumer, NAME_SIZE)],
    ]),
);

const v2LineInfo = changes(
  V2_LINE_INFO.size,
  (_c, v) => struct([['offset', int(u32At(v, V2_LINE_INFO.offset))]]),
  (c, v) => {
    const n = u32At(v, V2_LINE_INFO.numAttrs);
    const fields: Fields = [
      ['name', charArray(v, V2_LINE_INFO.name, NAME_SIZE)],
      ['consumer', charArray(v, V2_LINE_INFO.consumer, NAME_SIZE)],
      ['flags', flagsOf('gpio_v2_line_flags', v.getBigUint64(V2_LINE_INFO.flags, true))],
      ['num_attrs', int(n)],
    ];
    if (n) {
      const sub = new DataView(v.buffer, v.byteOffset + V2_LINE_INFO.attrs, ATTRS_MAX * ATTR.size);
      const attrs = localArray(c, sub, Math.min(n, ATTRS_MAX), ATTR.size, (d, o) =>
        struct(attribute(d, o, false)),
      );
      fields.push(['attrs', attrs]);
    }
    fields.push(...padding(v, V2_LINE_INFO.padding, V2_LINE_INFO.npadding));
    return struct(fields);
  },
);

const fdAt = (off: number) => (c: CallContext, v: DataView) =>
  struct([['fd', fdValue(c, v.getInt32(off, true))]]);

const handleValues: Printer = (c, v) => struct([['values', numbers(c, v, 0, LINES_MAX, LINES_MAX, 1)]]);

// biome-ignore format: one request per line
export const GPIO_SHAPES: Readonly<Record<string, Shape>> = {
  GPIO_GET_CHIPINFO_IOCTL: outStruct(CHIP_INFO),
  GPIO_GET_LINEINFO_UNWATCH_IOCTL: input(4, (_c, v) => struct([['offset', int(u32At(v, 0))]])),
  GPIO_GET_LINEINFO_IOCTL: lineInfo,
  GPIO_GET_LINEINFO_WATCH_IOCTL: lineInfo,
  GPIO_GET_LINEHANDLE_IOCTL: changes(HANDLE_REQ.size, (c, v) => {
    const lines = u32At(v, HANDLE_REQ.lines);
    return struct([
      ['lines', int(lines)],
      ['lineoffsets', numbers(c, v, HANDLE_REQ.offsets, lines, LINES_MAX, 4)],
      ['flags', flagsOf('gpio_handle_flags', u32At(v, HANDLE_REQ.flags))],
      ['default_values', numbers(c, v, HANDLE_REQ.values, lines, LINES_MAX, 1)],
      ['consumer_label', charArray(v, HANDLE_REQ.label, NAME_SIZE)],
    ]);
  }, fdAt(HANDLE_REQ.fd)),
  GPIO_GET_LINEEVENT_IOCTL: changes(EVENT_REQ.size, (_c, v) => struct([
    ['lineoffset', int(u32At(v, EVENT_REQ.line))],
    ['handleflags', flagsOf('gpio_handle_flags', u32At(v, EVENT_REQ.handleflags))],
    ['eventflags', flagsOf('gpio_event_flags', u32At(v, EVENT_REQ.eventflags))],
    ['consumer_label', charArray(v, EVENT_REQ.label, NAME_SIZE)],
  ]), fdAt(EVENT_REQ.fd)),
  GPIOHANDLE_GET_LINE_VALUES_IOCTL: output(HANDLE_DATA_SIZE, handleValues),
  GPIOHANDLE_SET_LINE_VALUES_IOCTL: input(HANDLE_DATA_SIZE, handleValues),
  GPIOHANDLE_SET_CONFIG_IOCTL: input(HANDLE_CONFIG.size, (c, v) => struct([
    ['flags', flagsOf('gpio_handle_flags', u32At(v, HANDLE_CONFIG.flags))],
    ['default_values', numbers(c, v, HANDLE_CONFIG.values, LINES_MAX, LINES_MAX, 1)],
  ])),
  GPIO_V2_GET_LINEINFO_IOCTL: v2LineInfo,
  GPIO_V2_GET_LINEINFO_WATCH_IOCTL: v2LineInfo,
  GPIO_V2_GET_LINE_IOCTL: changes(LINE_REQ.size, (c, v) => {
    const n = u32At(v, LINE_REQ.numLines);
    const size = u32At(v, LINE_REQ.eventBufferSize);
    return struct([
      ['num_lines', int(n)],
      ['offsets', numbers(c, v, LINE_REQ.offsets, n, LINES_MAX, 4)],
      ['consumer', charArray(v, LINE_REQ.consumer, NAME_SIZE)],
      ['config', lineConfig(c, v, LINE_REQ.config)],
      ...(size ? [['event_buffer_size', int(size)] as [string, Value]] : []),
      ...padding(v, LINE_REQ.padding, LINE_REQ.npadding),
    ]);
  }, fdAt(LINE_REQ.fd)),
  GPIO_V2_LINE_SET_CONFIG_IOCTL: input(LINE_CONFIG.size, (c, v) => lineConfig(c, v, 0)),
  GPIO_V2_LINE_GET_VALUES_IOCTL: changes(VALUES.size,
    (_c, v) => struct([['mask', hex(v.getBigUint64(VALUES.mask, true))]]),
    (_c, v) => struct([['bits', hex(v.getBigUint64(VALUES.bits, true))]])),
  GPIO_V2_LINE_SET_VALUES_IOCTL: input(VALUES.size, (_c, v) => struct([
    ['bits', hex(v.getBigUint64(VALUES.bits, true))],
    ['mask', hex(v.getBigUint64(VALUES.mask, true))],
  ])),
};

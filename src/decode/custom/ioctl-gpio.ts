// ioctl requests of the GPIO character device (linux/gpio.h, type 0xb4), as strace's gpio_ioctl prints them: the
// v1 chip, line, handle and event requests and the v2 line info, request, config and values, with their flags.
import { hex, int, ptr, type Value } from '../../model/value.js';
import { STRUCTS } from '../../tables/generated/structs.js';
import { fdValue } from '../args/fds.js';
import type { CallContext } from '../context.js';
import { localArray } from '../structs/array.js';
import { charArray } from '../structs/read.js';
import { type Layout, outStruct, type Shape } from './ioctl-shape.js';
import { flagsOf, nameOf, view } from './util.js';

/** Struct layouts from the pinned linux/gpio.h (src/tables/generated/structs.ts), gcc-checked by struct-layouts.test. */
const G = STRUCTS;
const LINES_MAX = G.gpiohandle_request.fields.lineoffsets.count;
const ATTRS_MAX = G.gpio_v2_line_config.fields.attrs.count;
const NAME_SIZE = G.gpiochip_info.fields.name.count;

const CHIP = G.gpiochip_info;
/** struct gpiochip_info: name, label, lines. */
const CHIP_INFO: Layout = {
  size: CHIP.size,
  fields: [
    ['name', CHIP.fields.name.off, { custom: (v, o) => charArray(v, o, NAME_SIZE) }],
    ['label', CHIP.fields.label.off, { custom: (v, o) => charArray(v, o, NAME_SIZE) }],
    ['lines', CHIP.fields.lines.off, 'u32'],
  ],
};
const offsetsOf = <T extends { readonly fields: Readonly<Record<string, { readonly off: number }>> }>(
  t: T,
): { readonly [K in keyof T['fields']]: number } =>
  Object.fromEntries(Object.entries(t.fields).map(([k, f]) => [k, f.off])) as {
    readonly [K in keyof T['fields']]: number;
  };
/** Each struct's field offsets by name. */
const LINE_INFO = offsetsOf(G.gpioline_info);
const HANDLE_REQ = offsetsOf(G.gpiohandle_request);
const EVENT_REQ = offsetsOf(G.gpioevent_request);
const HANDLE_CONFIG = offsetsOf(G.gpiohandle_config);
const ATTR = offsetsOf(G.gpio_v2_line_attribute);
const CONFIG_ATTR = offsetsOf(G.gpio_v2_line_config_attribute);
const LINE_CONFIG = offsetsOf(G.gpio_v2_line_config);
const LINE_REQ = offsetsOf(G.gpio_v2_line_request);
const V2_LINE_INFO = offsetsOf(G.gpio_v2_line_info);
const VALUES = offsetsOf(G.gpio_v2_line_values);

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
  const value = v.getBigUint64(off + ATTR.values, true);
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
  const n = u32At(v, base + LINE_CONFIG.num_attrs);
  const fields: Fields = [
    ['flags', flagsOf('gpio_v2_line_flags', v.getBigUint64(base + LINE_CONFIG.flags, true))],
    ['num_attrs', int(n)],
    ...padding(v, base + LINE_CONFIG.padding, G.gpio_v2_line_config.fields.padding.count),
  ];
  if (n) {
    const sub = new DataView(
      v.buffer,
      v.byteOffset + base + LINE_CONFIG.attrs,
      ATTRS_MAX * G.gpio_v2_line_config_attribute.size,
    );
    const attrs = localArray(c, sub, Math.min(n, ATTRS_MAX), G.gpio_v2_line_config_attribute.size, (d, o) =>
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
  G.gpioline_info.size,
  (_c, v) => struct([['line_offset', int(u32At(v, LINE_INFO.line_offset))]]),
  (_c, v) =>
    struct([
      ['flags', flagsOf('gpio_line_flags', u32At(v, LINE_INFO.flags))],
      ['name', charArray(v, LINE_INFO.name, NAME_SIZE)],
      ['consumer', charArray(v, LINE_INFO.consumer, NAME_SIZE)],
    ]),
);

const v2LineInfo = changes(
  G.gpio_v2_line_info.size,
  (_c, v) => struct([['offset', int(u32At(v, V2_LINE_INFO.offset))]]),
  (c, v) => {
    const n = u32At(v, V2_LINE_INFO.num_attrs);
    const fields: Fields = [
      ['name', charArray(v, V2_LINE_INFO.name, NAME_SIZE)],
      ['consumer', charArray(v, V2_LINE_INFO.consumer, NAME_SIZE)],
      ['flags', flagsOf('gpio_v2_line_flags', v.getBigUint64(V2_LINE_INFO.flags, true))],
      ['num_attrs', int(n)],
    ];
    if (n) {
      const sub = new DataView(
        v.buffer,
        v.byteOffset + V2_LINE_INFO.attrs,
        ATTRS_MAX * G.gpio_v2_line_attribute.size,
      );
      const attrs = localArray(c, sub, Math.min(n, ATTRS_MAX), G.gpio_v2_line_attribute.size, (d, o) =>
        struct(attribute(d, o, false)),
      );
      fields.push(['attrs', attrs]);
    }
    fields.push(...padding(v, V2_LINE_INFO.padding, G.gpio_v2_line_info.fields.padding.count));
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
  GPIO_GET_LINEHANDLE_IOCTL: changes(G.gpiohandle_request.size, (c, v) => {
    const lines = u32At(v, HANDLE_REQ.lines);
    return struct([
      ['lines', int(lines)],
      ['lineoffsets', numbers(c, v, HANDLE_REQ.lineoffsets, lines, LINES_MAX, 4)],
      ['flags', flagsOf('gpio_handle_flags', u32At(v, HANDLE_REQ.flags))],
      ['default_values', numbers(c, v, HANDLE_REQ.default_values, lines, LINES_MAX, 1)],
      ['consumer_label', charArray(v, HANDLE_REQ.consumer_label, NAME_SIZE)],
    ]);
  }, fdAt(HANDLE_REQ.fd)),
  GPIO_GET_LINEEVENT_IOCTL: changes(G.gpioevent_request.size, (_c, v) => struct([
    ['lineoffset', int(u32At(v, EVENT_REQ.lineoffset))],
    ['handleflags', flagsOf('gpio_handle_flags', u32At(v, EVENT_REQ.handleflags))],
    ['eventflags', flagsOf('gpio_event_flags', u32At(v, EVENT_REQ.eventflags))],
    ['consumer_label', charArray(v, EVENT_REQ.consumer_label, NAME_SIZE)],
  ]), fdAt(EVENT_REQ.fd)),
  GPIOHANDLE_GET_LINE_VALUES_IOCTL: output(G.gpiohandle_data.size, handleValues),
  GPIOHANDLE_SET_LINE_VALUES_IOCTL: input(G.gpiohandle_data.size, handleValues),
  GPIOHANDLE_SET_CONFIG_IOCTL: input(G.gpiohandle_config.size, (c, v) => struct([
    ['flags', flagsOf('gpio_handle_flags', u32At(v, HANDLE_CONFIG.flags))],
    ['default_values', numbers(c, v, HANDLE_CONFIG.default_values, LINES_MAX, LINES_MAX, 1)],
  ])),
  GPIO_V2_GET_LINEINFO_IOCTL: v2LineInfo,
  GPIO_V2_GET_LINEINFO_WATCH_IOCTL: v2LineInfo,
  GPIO_V2_GET_LINE_IOCTL: changes(G.gpio_v2_line_request.size, (c, v) => {
    const n = u32At(v, LINE_REQ.num_lines);
    const size = u32At(v, LINE_REQ.event_buffer_size);
    return struct([
      ['num_lines', int(n)],
      ['offsets', numbers(c, v, LINE_REQ.offsets, n, LINES_MAX, 4)],
      ['consumer', charArray(v, LINE_REQ.consumer, NAME_SIZE)],
      ['config', lineConfig(c, v, LINE_REQ.config)],
      ...(size ? [['event_buffer_size', int(size)] as [string, Value]] : []),
      ...padding(v, LINE_REQ.padding, G.gpio_v2_line_request.fields.padding.count),
    ]);
  }, fdAt(LINE_REQ.fd)),
  GPIO_V2_LINE_SET_CONFIG_IOCTL: input(G.gpio_v2_line_config.size, (c, v) => lineConfig(c, v, 0)),
  GPIO_V2_LINE_GET_VALUES_IOCTL: changes(G.gpio_v2_line_values.size,
    (_c, v) => struct([['mask', hex(v.getBigUint64(VALUES.mask, true))]]),
    (_c, v) => struct([['bits', hex(v.getBigUint64(VALUES.bits, true))]])),
  GPIO_V2_LINE_SET_VALUES_IOCTL: input(G.gpio_v2_line_values.size, (_c, v) => struct([
    ['bits', hex(v.getBigUint64(VALUES.bits, true))],
    ['mask', hex(v.getBigUint64(VALUES.mask, true))],
  ])),
};

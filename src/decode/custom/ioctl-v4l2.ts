// ioctl requests of Video4Linux2 (linux/videodev2.h, type 'V'), as strace's v4l2_ioctl prints them: formats by
// buffer type, buffers, controls (ids by name or class+offset), tuners, standards, frame sizes and intervals, fourcc.
import { int, ptr, sym, type Value } from '../../model/value.js';
import { STRUCTS } from '../../tables/generated/structs.js';
import type { CallContext } from '../context.js';
import { localArray, memArray } from '../structs/array.js';
import { charArray } from '../structs/read.js';
import { currentConstStyle, formatFlags, hex, lookupXlat, styled } from '../xlat.js';
import type { Shape, Staged } from './ioctl-shape.js';
import { enumOf, flagsOf, nameOf, view, xv, xval } from './util.js';

type Fields = [string, Value][];
type StructName = keyof typeof STRUCTS;
const struct = (fields: Fields, more = false): Value => ({ k: 'struct', fields, ...(more ? { more } : {}) });

/** A field's layout in the pinned videodev2.h (src/tables/generated/structs.ts). */
function at(
  s: StructName,
  f: string,
): { readonly off: number; readonly size: number; readonly count?: number } {
  const field = (
    STRUCTS[s].fields as Readonly<Record<string, { off: number; size: number; count?: number }>>
  )[f];
  if (!field) throw new Error(`${s}.${f} is not in the generated layouts`);
  return field;
}
const o = (s: StructName, f: string): number => at(s, f).off;
const sizeOf = (s: StructName): number => STRUCTS[s].size;
const K = (name: string): number => xv('v4l2_consts', name);

const u8 = (v: DataView, off: number): number => v.getUint8(off);
const u32 = (v: DataView, off: number): number => v.getUint32(off, true);
const i32 = (v: DataView, off: number): number => v.getInt32(off, true);
const U = (v: DataView, off: number): Value => int(u32(v, off));
const D = (v: DataView, off: number): Value => int(i32(v, off));
const X = (v: DataView, off: number): Value => xval(u32(v, off));
const cstr =
  (s: StructName, f: string) =>
  (v: DataView, base: number): Value =>
    charArray(v, base + o(s, f), at(s, f).count ?? at(s, f).size);

/** struct v4l2_fract as strace's PRINT_FIELD_FRACT: `numerator/denominator`. */
const fract = (v: DataView, off: number): Value =>
  sym(`${u32(v, off + o('v4l2_fract', 'numerator'))}/${u32(v, off + o('v4l2_fract', 'denominator'))}`);

/** struct v4l2_rect: signed left and top, unsigned width and height. */
const rect = (v: DataView, off: number): Value =>
  struct([
    ['left', D(v, off + o('v4l2_rect', 'left'))],
    ['top', D(v, off + o('v4l2_rect', 'top'))],
    ['width', U(v, off + o('v4l2_rect', 'width'))],
    ['height', U(v, off + o('v4l2_rect', 'height'))],
  ]);

/** strace's print_char with quotes: `'a'`, `'\''`, `'\\'`, `'\x0d'`. */
function quotedChar(c: number): string {
  if (c === 0x27 || c === 0x5c) return `'\\${String.fromCharCode(c)}'`;
  if (c >= 0x20 && c < 0x7f) return `'${String.fromCharCode(c)}'`;
  return `'\\x${c.toString(16).padStart(2, '0')}'`;
}

/** strace's print_pixelformat: `v4l2_fourcc('Y', 'U', 'Y', 'V') /* V4L2_PIX_FMT_YUYV *\/`, the number under -X raw. */
function fourcc(code: number, table: string): Value {
  if (currentConstStyle() === 'raw') return xval(code);
  const chars = [0, 8, 16, 24].map((s) => quotedChar((code >>> s) & 0xff)).join(', ');
  const name = nameOf(table, code);
  return sym(`v4l2_fourcc(${chars})${name ? ` /* ${name} */` : ''}`);
}
const pixfmt =
  (table: string) =>
  (v: DataView, off: number): Value =>
    fourcc(u32(v, off), table);

/** strace's print_kernel_version: `KERNEL_VERSION(5, 10, 0)` (the number under -X raw, both under verbose). */
function kernelVersion(n: number): Value {
  return sym(styled(hex(n), `KERNEL_VERSION(${n >>> 16}, ${(n >>> 8) & 0xff}, ${n & 0xff})`));
}

/** The control class a control id belongs to: the greatest class value not above it (strace's xlookup_le). */
function classOf(id: number): readonly [string, number] | undefined {
  let best: readonly [string, number] | undefined;
  for (const [n, v] of lookupXlat('v4l2_control_classes')?.values ?? [])
    if (v <= id && (!best || v > best[1])) best = [n, v];
  return best;
}

/**
 * strace's print_v4l2_cid: the enumeration flags first when asked (`V4L2_CTRL_FLAG_NEXT_CTRL|`), then the id by
 * name, else as `CLASS+offset` within 0x10000 of its class, else `0x... /* V4L2_CID_??? *\/`.
 */
function cid(id: number, nextFlags: boolean): Value {
  if (currentConstStyle() === 'raw') return xval(id);
  const parts: string[] = [];
  let rest = id >>> 0;
  const query = lookupXlat('v4l2_control_query_flags');
  if (nextFlags && query) {
    const mask = query.values.reduce((m, [, v]) => (m | v) >>> 0, 0);
    const flags = (rest & mask) >>> 0;
    if (flags) {
      parts.push(formatFlags(query, flags));
      rest = (rest & ~mask) >>> 0;
    }
  }
  const name = nameOf('v4l2_control_ids', rest);
  const cls = classOf(rest);
  if (name) parts.push(styled(hex(rest), name));
  else if (cls && rest - cls[1] < 0x10000) parts.push(styled(hex(rest), `${cls[0]}+${hex(rest - cls[1])}`));
  else parts.push(`${hex(rest)} /* V4L2_CID_??? */`);
  return sym(parts.join('|'));
}

/** struct v4l2_buffer's flags: the flags, then the timestamp type and source by name (the number under -X raw). */
function bufferFlags(n: number): Value {
  if (currentConstStyle() === 'raw') return xval(n);
  const tsType = (n & K('V4L2_BUF_FLAG_TIMESTAMP_MASK')) >>> 0;
  const tsSrc = (n & K('V4L2_BUF_FLAG_TSTAMP_SRC_MASK')) >>> 0;
  const flags = (n & ~tsType & ~tsSrc) >>> 0;
  const parts: string[] = [];
  const text = (x: Value): string => (x.k === 'sym' ? x.text : hex(n));
  if (flags) parts.push(text(flagsOf('v4l2_buf_flags', flags)));
  parts.push(text(enumOf('v4l2_buf_flags_ts_type', tsType)), text(enumOf('v4l2_buf_flags_ts_src', tsSrc)));
  return sym(parts.join('|'));
}

// The union members of struct v4l2_format, by buffer type; `complete` is false when an array stopped short
// (strace then prints nothing more for the call).
interface Fmt {
  readonly name: string;
  readonly value: Value;
  readonly complete: boolean;
}

function pixFormat(v: DataView, b: number): Value {
  const s = 'v4l2_pix_format';
  return struct([
    ['width', U(v, b + o(s, 'width'))],
    ['height', U(v, b + o(s, 'height'))],
    ['pixelformat', pixfmt('v4l2_pix_fmts')(v, b + o(s, 'pixelformat'))],
    ['field', enumOf('v4l2_fields', u32(v, b + o(s, 'field')))],
    ['bytesperline', U(v, b + o(s, 'bytesperline'))],
    ['sizeimage', U(v, b + o(s, 'sizeimage'))],
    ['colorspace', enumOf('v4l2_colorspaces', u32(v, b + o(s, 'colorspace')))],
  ]);
}

function pixMpFormat(c: CallContext, v: DataView, b: number): Value {
  const s = 'v4l2_pix_format_mplane';
  const planes = at(s, 'plane_fmt');
  const n = u8(v, b + o(s, 'num_planes'));
  const sub = new DataView(v.buffer, v.byteOffset + b + planes.off, planes.size * (planes.count ?? 1));
  const p = 'v4l2_plane_pix_format';
  return struct([
    ['width', U(v, b + o(s, 'width'))],
    ['height', U(v, b + o(s, 'height'))],
    ['pixelformat', pixfmt('v4l2_pix_fmts')(v, b + o(s, 'pixelformat'))],
    ['field', enumOf('v4l2_fields', u32(v, b + o(s, 'field')))],
    ['colorspace', enumOf('v4l2_colorspaces', u32(v, b + o(s, 'colorspace')))],
    [
      'plane_fmt',
      localArray(c, sub, Math.min(n, planes.count ?? 1), planes.size, (d, off) =>
        struct([
          ['sizeimage', U(d, off + o(p, 'sizeimage'))],
          ['bytesperline', U(d, off + o(p, 'bytesperline'))],
        ]),
      ),
    ],
    ['num_planes', int(n)],
  ]);
}

function window(c: CallContext, v: DataView, b: number): Fmt {
  const s = 'v4l2_window';
  const count = u32(v, b + o(s, 'clipcount'));
  const addr = v.getBigUint64(b + o(s, 'clips'), true);
  const clips = memArray(c, addr, count, sizeOf('v4l2_clip'), (d, off) =>
    struct([['c', rect(d, off + o('v4l2_clip', 'c'))]]),
  );
  // print_array succeeds only when every element printed
  const complete =
    addr !== 0n &&
    count > 0 &&
    clips.k === 'array' &&
    !clips.more &&
    clips.items.length === count &&
    clips.items.every((i) => i.k !== 'text');
  const alpha = u8(v, b + o(s, 'global_alpha'));
  const fields: Fields = [
    ['w', rect(v, b + o(s, 'w'))],
    ['field', enumOf('v4l2_fields', u32(v, b + o(s, 'field')))],
    ['chromakey', X(v, b + o(s, 'chromakey'))],
    ['clips', clips],
    ['clipcount', int(count)],
    ['bitmap', ptr(v.getBigUint64(b + o(s, 'bitmap'), true))],
  ];
  if (alpha) fields.push(['global_alpha', xval(alpha)]);
  return { name: 'fmt.win', value: struct(fields), complete };
}

function vbiFormat(v: DataView, b: number): Value {
  const s = 'v4l2_vbi_format';
  const start = o(s, 'start');
  const count = o(s, 'count');
  return struct([
    ['sampling_rate', U(v, b + o(s, 'sampling_rate'))],
    ['offset', U(v, b + o(s, 'offset'))],
    ['samples_per_line', U(v, b + o(s, 'samples_per_line'))],
    ['sample_format', pixfmt('v4l2_pix_fmts')(v, b + o(s, 'sample_format'))],
    ['start', { k: 'array', items: [D(v, b + start), D(v, b + start + 4)] }],
    ['count', { k: 'array', items: [U(v, b + count), U(v, b + count + 4)] }],
    ['flags', flagsOf('v4l2_vbi_flags', u32(v, b + o(s, 'flags')))],
  ]);
}

function slicedFormat(v: DataView, b: number): Value {
  const s = 'v4l2_sliced_vbi_format';
  const lines = at(s, 'service_lines');
  const per = (lines.count ?? 2) / 2;
  const row = (r: number): Value => ({
    k: 'array',
    items: Array.from({ length: per }, (_, i) =>
      xval(v.getUint16(b + lines.off + (r * per + i) * lines.size, true)),
    ),
  });
  return struct([
    ['service_set', flagsOf('v4l2_sliced_flags', v.getUint16(b + o(s, 'service_set'), true))],
    ['service_lines', { k: 'array', items: [row(0), row(1)] }],
    ['io_size', U(v, b + o(s, 'io_size'))],
  ]);
}

function sdrFormat(v: DataView, b: number): Value {
  const s = 'v4l2_sdr_format';
  const size = u32(v, b + o(s, 'buffersize'));
  const fields: Fields = [['pixelformat', pixfmt('v4l2_sdr_fmts')(v, b + o(s, 'pixelformat'))]];
  if (size) fields.push(['buffersize', int(size)]);
  return struct(fields);
}

function metaFormat(v: DataView, b: number): Value {
  const s = 'v4l2_meta_format';
  return struct([
    ['dataformat', pixfmt('v4l2_meta_fmts')(v, b + o(s, 'dataformat'))],
    ['buffersize', U(v, b + o(s, 'buffersize'))],
  ]);
}

/** strace's print_v4l2_format_fmt: the union member the buffer type selects, or undefined for an unknown type. */
function formatFmt(c: CallContext, v: DataView, typeOff: number, fmtOff: number): Fmt | undefined {
  const type = nameOf('v4l2_buf_types', u32(v, typeOff)) ?? '';
  const done = (name: string, value: Value): Fmt => ({ name, value, complete: true });
  switch (type.replace(/^V4L2_BUF_TYPE_/, '')) {
    case 'VIDEO_CAPTURE':
    case 'VIDEO_OUTPUT':
      return done('fmt.pix', pixFormat(v, fmtOff));
    case 'VIDEO_CAPTURE_MPLANE':
    case 'VIDEO_OUTPUT_MPLANE':
      return done('fmt.pix_mp', pixMpFormat(c, v, fmtOff));
    case 'VIDEO_OUTPUT_OVERLAY':
    case 'VIDEO_OVERLAY':
      return window(c, v, fmtOff);
    case 'VBI_CAPTURE':
    case 'VBI_OUTPUT':
      return done('fmt.vbi', vbiFormat(v, fmtOff));
    case 'SLICED_VBI_CAPTURE':
    case 'SLICED_VBI_OUTPUT':
      return done('fmt.sliced', slicedFormat(v, fmtOff));
    case 'SDR_OUTPUT':
    case 'SDR_CAPTURE':
      return done('fmt.sdr', sdrFormat(v, fmtOff));
    case 'META_OUTPUT':
    case 'META_CAPTURE':
      return done('fmt.meta', metaFormat(v, fmtOff));
    default:
      return undefined;
  }
}

const bufType = (v: DataView, off: number): Value => enumOf('v4l2_buf_types', u32(v, off));
const memory = (v: DataView, off: number): Value => enumOf('v4l2_memories', u32(v, off));

/**
 * A request read at entry and completed at exit, as strace's entering/exiting printers: `entry` gives the fields
 * known at entry (done: nothing more at exit), `exit` the final value from them and the struct the kernel returned
 * (undefined when the call failed or the struct is unreadable).
 */
function staged(
  s: StructName,
  entry: (c: CallContext, v: DataView) => { fields: Fields; done?: boolean },
  exit: (c: CallContext, fields: Fields, after: DataView | undefined, addr: bigint) => Value = (_c, f) =>
    struct(f),
  size = sizeOf(s),
): Shape {
  return {
    staged: {
      in: (c, a): Staged => {
        const v = view(c, a, size);
        if (!v) return { value: ptr(a), done: true };
        const r = entry(c, v);
        return r.done ? { value: struct(r.fields), done: true } : { value: struct(r.fields) };
      },
      out: (c, a, before) => {
        const fields = before.value.k === 'struct' ? [...before.value.fields] : [];
        return exit(c, fields as Fields, c.failed ? undefined : view(c, a, size), a);
      },
    },
  };
}

/** Fields the kernel fills, appended at exit (strace's `if (!syserror && !umove) { ... }` then `}`). */
const appendAtExit =
  (more: (c: CallContext, v: DataView) => Fields) =>
  (c: CallContext, fields: Fields, after: DataView | undefined): Value =>
    struct(after ? [...fields, ...more(c, after)] : fields);

/** `{...} => {...}`: the fields again as the kernel returned them. */
const changedAtExit =
  (more: (c: CallContext, v: DataView) => Fields | undefined) =>
  (c: CallContext, fields: Fields, after: DataView | undefined): Value => {
    const again = after ? more(c, after) : undefined;
    return again ? { k: 'changed', before: struct(fields), after: struct(again) } : struct(fields);
  };

function formatShape(get: boolean): Shape {
  const s = 'v4l2_format';
  const typeOff = o(s, 'type');
  const fmtOff = o(s, 'fmt');
  const member = (c: CallContext, v: DataView): Fields | undefined => {
    const f = formatFmt(c, v, typeOff, fmtOff);
    return f ? [[f.name, f.value]] : undefined;
  };
  return staged(
    s,
    (c, v) => {
      const fields: Fields = [['type', bufType(v, typeOff)]];
      if (get) return { fields };
      const f = formatFmt(c, v, typeOff, fmtOff);
      if (f) fields.push([f.name, f.value]);
      return { fields, done: !f?.complete };
    },
    get ? appendAtExit((c, v) => member(c, v) ?? []) : changedAtExit(member),
  );
}

function bufferShape(dq: boolean): Shape {
  const s = 'v4l2_buffer';
  return staged(
    s,
    (_c, v) => {
      const fields: Fields = [['type', bufType(v, o(s, 'type'))]];
      if (!dq) fields.push(['index', U(v, o(s, 'index'))]);
      return { fields };
    },
    (_c, fields, v) => {
      if (!v) return struct(fields);
      const out: Fields = [...fields];
      if (dq) out.push(['index', U(v, o(s, 'index'))]);
      const mem = nameOf('v4l2_memories', u32(v, o(s, 'memory')));
      out.push(['memory', memory(v, o(s, 'memory'))]);
      if (mem === 'V4L2_MEMORY_MMAP') out.push(['m.offset', X(v, o(s, 'm'))]);
      else if (mem === 'V4L2_MEMORY_USERPTR') out.push(['m.userptr', ptr(v.getBigUint64(o(s, 'm'), true))]);
      out.push(['length', U(v, o(s, 'length'))], ['bytesused', U(v, o(s, 'bytesused'))]);
      out.push(['flags', bufferFlags(u32(v, o(s, 'flags')))]);
      if (dq) {
        const t = o(s, 'timestamp');
        out.push([
          'timestamp',
          struct([
            ['tv_sec', int(v.getBigInt64(t + o('timeval', 'tv_sec'), true))],
            ['tv_usec', int(v.getBigUint64(t + o('timeval', 'tv_usec'), true))],
          ]),
        ]);
      }
      return struct(out, true);
    },
  );
}

function streamparmFields(v: DataView): Fields {
  const s = 'v4l2_streamparm';
  const parm = o(s, 'parm');
  const capture = nameOf('v4l2_buf_types', u32(v, o(s, 'type'))) === 'V4L2_BUF_TYPE_VIDEO_CAPTURE';
  const p = capture ? 'v4l2_captureparm' : 'v4l2_outputparm';
  const mode = capture ? 'capturemode' : 'outputmode';
  const buffers = capture ? 'readbuffers' : 'writebuffers';
  return [
    [
      capture ? 'parm.capture' : 'parm.output',
      struct([
        ['capability', flagsOf('v4l2_streaming_capabilities', u32(v, parm + o(p, 'capability')))],
        [mode, flagsOf('v4l2_capture_modes', u32(v, parm + o(p, mode)))],
        ['timeperframe', fract(v, parm + o(p, 'timeperframe'))],
        ['extendedmode', X(v, parm + o(p, 'extendedmode'))],
        [buffers, U(v, parm + o(p, buffers))],
      ]),
    ],
  ];
}

function streamparmShape(get: boolean): Shape {
  const s = 'v4l2_streamparm';
  return staged(
    s,
    (_c, v) => {
      const fields: Fields = [['type', bufType(v, o(s, 'type'))]];
      const type = nameOf('v4l2_buf_types', u32(v, o(s, 'type')));
      if (type !== 'V4L2_BUF_TYPE_VIDEO_CAPTURE' && type !== 'V4L2_BUF_TYPE_VIDEO_OUTPUT')
        return { fields, done: true };
      return get ? { fields } : { fields: [...fields, ...streamparmFields(v)] };
    },
    get ? appendAtExit((_c, v) => streamparmFields(v)) : changedAtExit((_c, v) => streamparmFields(v)),
  );
}

function tunerFields(v: DataView): Fields {
  const s = 'v4l2_tuner';
  return [
    ['name', cstr(s, 'name')(v, 0)],
    ['type', enumOf('v4l2_tuner_types', u32(v, o(s, 'type')))],
    ['capability', flagsOf('v4l2_tuner_capabilities', u32(v, o(s, 'capability')))],
    ['rangelow', U(v, o(s, 'rangelow'))],
    ['rangehigh', U(v, o(s, 'rangehigh'))],
    ['rxsubchans', flagsOf('v4l2_tuner_rxsubchanses', u32(v, o(s, 'rxsubchans')))],
    ['audmode', enumOf('v4l2_tuner_audmodes', u32(v, o(s, 'audmode')))],
    ['signal', D(v, o(s, 'signal'))],
    ['afc', D(v, o(s, 'afc'))],
  ];
}

function tunerShape(get: boolean): Shape {
  const s = 'v4l2_tuner';
  return staged(
    s,
    (_c, v) => {
      const fields: Fields = [['index', U(v, o(s, 'index'))]];
      return { fields: get ? fields : [...fields, ...tunerFields(v)] };
    },
    get ? appendAtExit((_c, v) => tunerFields(v)) : changedAtExit((_c, v) => tunerFields(v)),
  );
}

function controlShape(get: boolean): Shape {
  const s = 'v4l2_control';
  return staged(
    s,
    (_c, v) => {
      const fields: Fields = [['id', cid(u32(v, o(s, 'id')), false)]];
      if (!get) fields.push(['value', D(v, o(s, 'value'))]);
      return { fields };
    },
    (_c, fields, v) => {
      if (!v) return struct(fields);
      if (get) return struct([...fields, ['value', D(v, o(s, 'value'))]]);
      const last = fields.at(-1);
      if (!last) return struct(fields);
      return struct([
        ...fields.slice(0, -1),
        [last[0], { k: 'changed', before: last[1], after: D(v, o(s, 'value')) }],
      ]);
    },
  );
}

/** The `reserved` words, printed only when one of them is set. */
function reserved(c: CallContext, v: DataView, s: StructName): Fields {
  const r = at(s, 'reserved');
  const n = r.count ?? 1;
  const words = Array.from({ length: n }, (_, i) => u32(v, r.off + 4 * i));
  if (words.every((w) => w === 0)) return [];
  const sub = new DataView(v.buffer, v.byteOffset + r.off, 4 * n);
  return [['reserved', localArray(c, sub, n, 4, (d, off) => xval(d.getUint32(off, true)))]];
}

/** VIDIOC_QUERYCTRL and VIDIOC_QUERY_EXT_CTRL: the id with its enumeration flags, then what the driver filled. */
function queryShape(ext: boolean): Shape {
  const s = ext ? 'v4l2_query_ext_ctrl' : 'v4l2_queryctrl';
  return staged(
    s,
    (_c, v) => ({ fields: [['id', cid(u32(v, o(s, 'id')), true)]] }),
    (c, fields, v) => {
      if (!v) return struct(fields);
      const out: Fields = [...fields];
      const id = u32(v, o(s, 'id'));
      const first = out[0];
      if (first && entryIds.get(c) !== id)
        out[0] = ['id', { k: 'changed', before: first[1], after: cid(id, false) }];
      out.push(['type', enumOf('v4l2_control_types', u32(v, o(s, 'type')))], ['name', cstr(s, 'name')(v, 0)]);
      if (!c.opts.verbose) return struct(out, true);
      const big = (f: string): Value => int(v.getBigInt64(o(s, f), true));
      if (ext) {
        out.push(
          ['minimum', big('minimum')],
          ['maximum', big('maximum')],
          ['step', int(v.getBigUint64(o(s, 'step'), true))],
          ['default_value', big('default_value')],
          ['flags', flagsOf('v4l2_control_flags', u32(v, o(s, 'flags')))],
          ['elem_size', U(v, o(s, 'elem_size'))],
          ['elems', U(v, o(s, 'elems'))],
          ['nr_of_dims', U(v, o(s, 'nr_of_dims'))],
        );
        const dims = at(s, 'dims');
        const n = Math.min(u32(v, o(s, 'nr_of_dims')), dims.count ?? 1);
        const sub = new DataView(v.buffer, v.byteOffset + dims.off, 4 * (dims.count ?? 1));
        out.push(['dims', localArray(c, sub, n, 4, (d, off) => int(d.getUint32(off, true)))]);
      } else {
        out.push(
          ['minimum', D(v, o(s, 'minimum'))],
          ['maximum', D(v, o(s, 'maximum'))],
          ['step', D(v, o(s, 'step'))],
          ['default_value', D(v, o(s, 'default_value'))],
          ['flags', flagsOf('v4l2_control_flags', u32(v, o(s, 'flags')))],
        );
      }
      return struct([...out, ...reserved(c, v, s)]);
    },
  );
}
/** The control id each query passed at entry, to show the one the driver moved to (`id=A => B`). */
const entryIds = new WeakMap<CallContext, number>();
const rememberId = (s: StructName, shape: Shape): Shape => {
  if (!('staged' in shape)) return shape;
  return {
    staged: {
      in: (c, a) => {
        const v = view(c, a, 4);
        if (v) entryIds.set(c, u32(v, o(s, 'id')));
        return shape.staged.in(c, a);
      },
      out: shape.staged.out,
    },
  };
};

/** struct v4l2_ext_control: the id, the size, then the string (size > 0) or the values. */
function extControl(c: CallContext, d: DataView, off: number): Value {
  const s = 'v4l2_ext_control';
  const size = u32(d, off + o(s, 'size'));
  const fields: Fields = [
    ['id', enumOf('v4l2_control_ids', u32(d, off + o(s, 'id')))],
    ['size', int(size)],
  ];
  if (size > 0) {
    const addr = d.getBigUint64(off + o(s, 'string'), true);
    const bytes = addr === 0n ? undefined : c.mem.read(addr, Math.min(size, c.opts.strsize));
    fields.push([
      'string',
      bytes && bytes.length === Math.min(size, c.opts.strsize)
        ? { k: 'str', bytes, more: size > c.opts.strsize }
        : ptr(addr),
    ]);
  } else {
    fields.push(
      ['value', D(d, off + o(s, 'value'))],
      ['value64', int(d.getBigInt64(off + o(s, 'value64'), true))],
    );
  }
  return struct(fields);
}

function extControlsShape(get: boolean): Shape {
  const s = 'v4l2_ext_controls';
  const controls = (c: CallContext, v: DataView): { value: Value; ok: boolean } => {
    const n = u32(v, o(s, 'count'));
    const addr = v.getBigUint64(o(s, 'controls'), true);
    const value = memArray(c, addr, n, sizeOf('v4l2_ext_control'), (d, off) => extControl(c, d, off));
    const ok =
      addr !== 0n &&
      value.k === 'array' &&
      !value.more &&
      value.items.length === n &&
      value.items.every((i) => i.k !== 'text');
    return { value, ok };
  };
  return staged(
    s,
    (c, v) => {
      const fields: Fields = [
        ['ctrl_class', enumOf('v4l2_control_classes', u32(v, o(s, 'ctrl_class')))],
        ['count', U(v, o(s, 'count'))],
      ];
      if (u32(v, o(s, 'count')) === 0) return { fields, done: true };
      if (get) return { fields };
      const r = controls(c, v);
      return { fields: [...fields, ['controls', r.value]], done: !r.ok };
    },
    (c, fields, _after, addr) => {
      // the controls print even when the call failed (tfetch_mem_ignore_syserror), with error_idx then
      const v = view(c, addr, sizeOf(s));
      if (!v) return struct(fields);
      const more: Fields = [['controls', controls(c, v).value]];
      if (c.failed) more.push(['error_idx', U(v, o(s, 'error_idx'))]);
      return get
        ? struct([...fields, ...more])
        : { k: 'changed', before: struct(fields), after: struct(more) };
    },
  );
}

function createBuffersShape(): Shape {
  const s = 'v4l2_create_buffers';
  const fmt = o(s, 'format');
  return staged(
    s,
    (c, v) => {
      const f = formatFmt(c, v, fmt + o('v4l2_format', 'type'), fmt + o('v4l2_format', 'fmt'));
      const format: Fields = [['type', bufType(v, fmt + o('v4l2_format', 'type'))]];
      if (f) format.push([f.name, f.value]);
      return {
        fields: [
          ['count', U(v, o(s, 'count'))],
          ['memory', memory(v, o(s, 'memory'))],
          ['format', struct(format)],
        ],
      };
    },
    (c, fields, v) => {
      if (v) c.retDetail = `{index=${u32(v, o(s, 'index'))}, count=${u32(v, o(s, 'count'))}}`;
      return struct(fields);
    },
  );
}

const intAt =
  (show: (n: number) => Value) =>
  (c: CallContext, a: bigint): Value => {
    const v = view(c, a, 4);
    return v ? { k: 'array', items: [show(u32(v, 0))] } : ptr(a);
  };
const u64At = (c: CallContext, a: bigint): Value => {
  const v = view(c, a, 8);
  return v ? { k: 'array', items: [xval(v.getBigUint64(0, true))] } : ptr(a);
};

function framebuffer(c: CallContext, a: bigint): Value {
  const s = 'v4l2_framebuffer';
  const v = view(c, a, sizeOf(s));
  if (!v) return ptr(a);
  return struct([
    ['capability', X(v, o(s, 'capability'))],
    ['flags', X(v, o(s, 'flags'))],
    ['base', ptr(v.getBigUint64(o(s, 'base'), true))],
  ]);
}

function capability(c: CallContext, a: bigint): Value {
  const s = 'v4l2_capability';
  const v = view(c, a, sizeOf(s));
  if (!v) return ptr(a);
  const caps = (f: string): Value => flagsOf('v4l2_device_capabilities_flags', u32(v, o(s, f)));
  const fields: Fields = [
    ['driver', cstr(s, 'driver')(v, 0)],
    ['card', cstr(s, 'card')(v, 0)],
    ['bus_info', cstr(s, 'bus_info')(v, 0)],
    ['version', kernelVersion(u32(v, o(s, 'version')))],
    ['capabilities', caps('capabilities')],
  ];
  if (u32(v, o(s, 'device_caps'))) fields.push(['device_caps', caps('device_caps')]);
  return struct(fields);
}

const frmsize = 'v4l2_frmsizeenum';
const frmival = 'v4l2_frmivalenum';

// biome-ignore format: one request per line
export const V4L2_SHAPES: Readonly<Record<string, Shape>> = {
  VIDIOC_QUERYCAP: { out: capability },
  VIDIOC_ENUM_FMT: staged(
    'v4l2_fmtdesc',
    (_c, v) => ({ fields: [['index', U(v, o('v4l2_fmtdesc', 'index'))], ['type', bufType(v, o('v4l2_fmtdesc', 'type'))]] }),
    appendAtExit((_c, v) => [
      ['flags', flagsOf('v4l2_format_description_flags', u32(v, o('v4l2_fmtdesc', 'flags')))],
      ['description', cstr('v4l2_fmtdesc', 'description')(v, 0)],
      ['pixelformat', pixfmt('v4l2_pix_fmts')(v, o('v4l2_fmtdesc', 'pixelformat'))],
    ]),
  ),
  VIDIOC_G_FMT: formatShape(true),
  VIDIOC_S_FMT: formatShape(false),
  VIDIOC_TRY_FMT: formatShape(false),
  VIDIOC_REQBUFS: staged(
    'v4l2_requestbuffers',
    (_c, v) => ({
      fields: [
        ['type', bufType(v, o('v4l2_requestbuffers', 'type'))],
        ['memory', memory(v, o('v4l2_requestbuffers', 'memory'))],
        ['count', U(v, o('v4l2_requestbuffers', 'count'))],
      ],
    }),
    (_c, fields, v) => {
      const last = fields.at(-1);
      if (!v || !last) return struct(fields);
      const after = U(v, o('v4l2_requestbuffers', 'count'));
      return struct([...fields.slice(0, -1), [last[0], { k: 'changed', before: last[1], after }]]);
    },
  ),
  VIDIOC_QUERYBUF: bufferShape(false),
  VIDIOC_QBUF: bufferShape(false),
  VIDIOC_DQBUF: bufferShape(true),
  VIDIOC_G_FBUF: { out: framebuffer },
  VIDIOC_S_FBUF: { in: framebuffer },
  VIDIOC_STREAMON: { in: intAt((n) => enumOf('v4l2_buf_types', n)) },
  VIDIOC_STREAMOFF: { in: intAt((n) => enumOf('v4l2_buf_types', n)) },
  VIDIOC_G_PARM: streamparmShape(true),
  VIDIOC_S_PARM: streamparmShape(false),
  VIDIOC_G_STD: { out: u64At },
  VIDIOC_S_STD: { in: u64At },
  VIDIOC_ENUMSTD: staged(
    'v4l2_standard',
    (_c, v) => ({ fields: [['index', U(v, o('v4l2_standard', 'index'))]] }),
    appendAtExit((_c, v) => [
      ['name', cstr('v4l2_standard', 'name')(v, 0)],
      ['frameperiod', fract(v, o('v4l2_standard', 'frameperiod'))],
      ['framelines', U(v, o('v4l2_standard', 'framelines'))],
    ]),
  ),
  VIDIOC_ENUMINPUT: staged(
    'v4l2_input',
    (_c, v) => ({ fields: [['index', U(v, o('v4l2_input', 'index'))]] }),
    appendAtExit((_c, v) => [
      ['name', cstr('v4l2_input', 'name')(v, 0)],
      ['type', enumOf('v4l2_input_types', u32(v, o('v4l2_input', 'type')))],
    ]),
  ),
  VIDIOC_G_CTRL: controlShape(true),
  VIDIOC_S_CTRL: controlShape(false),
  VIDIOC_G_TUNER: tunerShape(true),
  VIDIOC_S_TUNER: tunerShape(false),
  VIDIOC_QUERYCTRL: rememberId('v4l2_queryctrl', queryShape(false)),
  VIDIOC_QUERY_EXT_CTRL: rememberId('v4l2_query_ext_ctrl', queryShape(true)),
  VIDIOC_G_INPUT: { out: intAt((n) => int(n)) },
  VIDIOC_S_INPUT: { in: intAt((n) => int(n)) },
  VIDIOC_CROPCAP: staged(
    'v4l2_cropcap',
    (_c, v) => ({ fields: [['type', bufType(v, o('v4l2_cropcap', 'type'))]] }),
    appendAtExit((_c, v) => [
      ['bounds', rect(v, o('v4l2_cropcap', 'bounds'))],
      ['defrect', rect(v, o('v4l2_cropcap', 'defrect'))],
      ['pixelaspect', fract(v, o('v4l2_cropcap', 'pixelaspect'))],
    ]),
  ),
  VIDIOC_G_CROP: staged(
    'v4l2_crop',
    (_c, v) => ({ fields: [['type', bufType(v, o('v4l2_crop', 'type'))]] }),
    appendAtExit((_c, v) => [['c', rect(v, o('v4l2_crop', 'c'))]]),
  ),
  VIDIOC_S_CROP: staged('v4l2_crop', (_c, v) => ({
    fields: [['type', bufType(v, o('v4l2_crop', 'type'))], ['c', rect(v, o('v4l2_crop', 'c'))]],
    done: true,
  })),
  VIDIOC_S_EXT_CTRLS: extControlsShape(false),
  VIDIOC_TRY_EXT_CTRLS: extControlsShape(false),
  VIDIOC_G_EXT_CTRLS: extControlsShape(true),
  VIDIOC_ENUM_FRAMESIZES: staged(
    frmsize,
    (_c, v) => ({
      fields: [['index', U(v, o(frmsize, 'index'))], ['pixel_format', pixfmt('v4l2_pix_fmts')(v, o(frmsize, 'pixel_format'))]],
    }),
    appendAtExit((_c, v) => {
      const type = u32(v, o(frmsize, 'type'));
      const out: Fields = [['type', enumOf('v4l2_framesize_types', type)]];
      const name = nameOf('v4l2_framesize_types', type);
      if (name === 'V4L2_FRMSIZE_TYPE_DISCRETE') {
        const b = o(frmsize, 'discrete');
        out.push(['discrete', struct([
          ['width', U(v, b + o('v4l2_frmsize_discrete', 'width'))],
          ['height', U(v, b + o('v4l2_frmsize_discrete', 'height'))],
        ])]);
      } else if (name === 'V4L2_FRMSIZE_TYPE_STEPWISE') {
        const b = o(frmsize, 'stepwise');
        const f = (n: string): [string, Value] => [n, U(v, b + o('v4l2_frmsize_stepwise', n))];
        out.push(['stepwise', struct([f('min_width'), f('max_width'), f('step_width'), f('min_height'), f('max_height'), f('step_height')])]);
      }
      return out;
    }),
  ),
  VIDIOC_ENUM_FRAMEINTERVALS: staged(
    frmival,
    (_c, v) => ({
      fields: [
        ['index', U(v, o(frmival, 'index'))],
        ['pixel_format', pixfmt('v4l2_pix_fmts')(v, o(frmival, 'pixel_format'))],
        ['width', U(v, o(frmival, 'width'))],
        ['height', U(v, o(frmival, 'height'))],
      ],
    }),
    appendAtExit((_c, v) => {
      const type = u32(v, o(frmival, 'type'));
      const out: Fields = [['type', enumOf('v4l2_frameinterval_types', type)]];
      const name = nameOf('v4l2_frameinterval_types', type);
      if (name === 'V4L2_FRMIVAL_TYPE_DISCRETE') out.push(['discrete', fract(v, o(frmival, 'discrete'))]);
      else if (name === 'V4L2_FRMIVAL_TYPE_STEPWISE' || name === 'V4L2_FRMIVAL_TYPE_CONTINUOUS') {
        const b = o(frmival, 'stepwise');
        const f = (n: string): [string, Value] => [n, fract(v, b + o('v4l2_frmival_stepwise', n))];
        out.push(['stepwise', struct([f('min'), f('max'), f('step')])]);
      }
      return out;
    }),
  ),
  VIDIOC_CREATE_BUFS: createBuffersShape(),
};

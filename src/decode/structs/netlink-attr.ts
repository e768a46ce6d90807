// Netlink attributes (struct nlattr) and the pieces every netlink payload decoder shares: the bytes read from
// the tracee, strace's hex-string and string forms, decode_nlattr's walk, and attribute value decoders.

import { int, ptr, sym, text, type Value } from '../../model/value.js';
import { hexText } from '../../model/value-text.js';
import type { CallContext } from '../context.js';
import { hex, lookupXlat, styled, xlatName } from '../xlat.js';
import { arrayLimit } from './array.js';
import { hwaddrText, MAX_ADDR_LEN } from './hwaddr.js';
import { ifindexText, ipv4Text, ipv6Text, netBytes, quoted } from './inet.js';
import { xlatText } from './read.js';
import { xlatValue } from './xlat-value.js';

/** struct nlattr (include/uapi/linux/netlink.h): nla_len u16 @0, nla_type u16 @2; NLA_F_* in the type's top bits. */
export const NLATTR = { size: 4, len: 0, type: 2, nested: 1 << 15, netByteorder: 1 << 14 } as const;
/** NLMSG_ALIGN / NLA_ALIGN. */
export const align4 = (n: number): number => (n + 3) & ~3;

/** The message bytes read from the tracee: `got` of the `len` asked for could be read. */
export interface Buf {
  readonly c: CallContext;
  readonly addr: bigint;
  readonly view: DataView;
  readonly got: number;
  readonly family: number | undefined;
}

export const readable = (b: Buf, off: number, size: number): boolean => off + size <= b.got;

/** printstr_ex(..., QUOTE_FORCE_HEX): every byte as \xNN, cut at -s. */
export function hexString(b: Buf, off: number, len: number): Value {
  const shown = Math.min(len, b.c.opts.strsize);
  if (!readable(b, off, shown)) return ptr(b.addr + BigInt(off));
  let s = '"';
  for (let i = 0; i < shown; i++)
    s += `\\x${b.view
      .getUint8(off + i)
      .toString(16)
      .padStart(2, '0')}`;
  return text(`${s}"${len > shown ? '...' : ''}`);
}

/** decode_nla_str: the bytes as a string without the trailing NUL; `...` when there is none. */
export function nlaString(b: Buf, off: number, len: number): Value {
  const max = b.c.opts.strsize;
  const size = Math.min(len, max);
  if (!readable(b, off, size)) return ptr(b.addr + BigInt(off));
  const bytes = new Uint8Array(b.view.buffer, b.view.byteOffset + off, size);
  if (size > 0 && bytes[size - 1] === 0) return { k: 'str', bytes: bytes.slice(0, size - 1), more: false };
  return { k: 'str', bytes: bytes.slice(), more: len > 0 };
}
/** Prints an attribute's payload; undefined when it cannot (then it prints as a hex string); a JS array for
 * several items after the attribute's header (a struct followed by its own attributes). */
export type AttrDecoder = (
  b: Buf,
  off: number,
  len: number,
  family: number,
) => Value | readonly Value[] | undefined;

/** decode_inet_addr without a field name: `inet_addr("127.0.0.1")`, `inet_pton(AF_INET6, "::1")`. */
export const inetAddr: AttrDecoder = (b, off, len, family) => {
  // only the bytes that were read: a view past them throws, and the call would print raw
  const bytes = new Uint8Array(
    b.view.buffer,
    b.view.byteOffset + off,
    Math.max(0, Math.min(len, 16, b.got - off)),
  );
  if (family === xlatValue('socket_domain', 'AF_INET') && len >= 4 && readable(b, off, 4)) {
    return text(
      netBytes(bytes, 0, 4, `inet_addr(${quoted(b.c, new TextEncoder().encode(ipv4Text(bytes)))})`),
    );
  }
  if (family === xlatValue('socket_domain', 'AF_INET6') && len >= 16 && readable(b, off, 16)) {
    const addr = quoted(b.c, new TextEncoder().encode(ipv6Text(bytes)));
    return text(netBytes(bytes, 0, 16, `inet_pton(AF_INET6, ${addr})`));
  }
  return hexString(b, off, len);
};

export const u32: AttrDecoder = (b, off, len) =>
  len >= 4 && readable(b, off, 4) ? int(b.view.getUint32(off, true)) : undefined;
export const s32: AttrDecoder = (b, off, len) =>
  len >= 4 && readable(b, off, 4) ? int(b.view.getInt32(off, true)) : undefined;

export const u8: AttrDecoder = (b, off, len) =>
  len >= 1 && readable(b, off, 1) ? int(b.view.getUint8(off)) : undefined;
export const str: AttrDecoder = (b, off, len) => nlaString(b, off, len);
/** decode_nla_hwaddr: `52:54:00:12:34:56`, sized by the message's family as if it were a device type (as strace). */
export const hwaddr: AttrDecoder = (b, off, len, family) => hwaddrAttr(b, off, len, family);

/** decode_nla_hwaddr_nofamily: every byte. */
export const hwaddrPlain: AttrDecoder = (b, off, len) => hwaddrAttr(b, off, len, -1);

/** print_hwaddr over an attribute's bytes; a longer one than MAX_ADDR_LEN is left to the raw printer. */
function hwaddrAttr(b: Buf, off: number, len: number, type: number): Value | undefined {
  if (len > MAX_ADDR_LEN) return undefined;
  if (!readable(b, off, len)) return ptr(b.addr + BigInt(off));
  return text(hwaddrText(new Uint8Array(b.view.buffer, b.view.byteOffset + off, len), type));
}

/** nla_type: NLA_F_NESTED and NLA_F_NET_BYTEORDER by name (each in the -X style, as print_xlat), then the
 * attribute's name. */
export function attrType(type: number, table: string): Value {
  let prefix = '';
  if (type & NLATTR.nested) prefix += `${styled(hex(NLATTR.nested), 'NLA_F_NESTED')}|`;
  if (type & NLATTR.netByteorder) prefix += `${styled(hex(NLATTR.netByteorder), 'NLA_F_NET_BYTEORDER')}|`;
  return sym(prefix + xlatText(table, type & ~(NLATTR.nested | NLATTR.netByteorder), 'enum'));
}

/** strace's decode_nlattr: one attribute, or an array of them, each `[{nla_len, nla_type}, value]`. */
export function attributes(
  b: Buf,
  off: number,
  len: number,
  table: string,
  decoders: Readonly<Record<string, AttrDecoder>>,
  family: number,
): Value {
  const items: Value[] = [];
  let isArray = false;
  for (let elt = 0; ; elt++) {
    if (len < NLATTR.size) {
      items.push(hexString(b, off, len));
      break;
    }
    if (!readable(b, off, NLATTR.size)) {
      items.push(isArray ? text(`... /* ${hexText(b.addr + BigInt(off))} */`) : ptr(b.addr + BigInt(off)));
      break;
    }
    if (elt === arrayLimit(b.c)) {
      items.push(text('...'));
      break;
    }
    const nlaLen = b.view.getUint16(off + NLATTR.len, true);
    const type = b.view.getUint16(off + NLATTR.type, true);
    const next = nlaLen >= NLATTR.size && len > align4(nlaLen) ? align4(nlaLen) : 0;
    if (next) isArray = true;
    const head: Value = {
      k: 'struct',
      fields: [
        ['nla_len', int(nlaLen)],
        ['nla_type', attrType(type, table)],
      ],
    };
    const size = Math.min(nlaLen, len);
    if (size > NLATTR.size) {
      const names = lookupXlat(table);
      const name = (names && xlatName(names, type & ~(NLATTR.nested | NLATTR.netByteorder))) ?? '';
      const payload = size - NLATTR.size;
      // '*': one decoder for every type, given the type instead of the family (strace's zero-size decoder list)
      const any = decoders[name] ? undefined : decoders['*'];
      const value =
        (any
          ? any(b, off + NLATTR.size, payload, type)
          : decoders[name]?.(b, off + NLATTR.size, payload, family)) ??
        hexString(b, off + NLATTR.size, payload);
      items.push({ k: 'array', items: [head, ...(Array.isArray(value) ? value : [value as Value])] });
    } else {
      items.push(head);
    }
    if (!next) break;
    off += next;
    len -= next;
  }
  return isArray ? { k: 'array', items } : (items[0] ?? { k: 'array', items: [] });
}

/** Attribute decoders by the attribute's name in its table (strace's nla_decoder_t arrays). */
export type Decoders = Readonly<Record<string, AttrDecoder>>;

/** A struct's generated layout (src/tables/generated/structs.ts). */
export interface Layout {
  readonly size: number;
  readonly fields: Readonly<
    Record<
      string,
      { readonly off: number; readonly size: number; readonly kind: string; readonly count?: number }
    >
  >;
}

/** How a field prints: u/d decimal (unsigned/signed), x hex, an xlat table as enum or flags, or custom. */
export type FieldFormat =
  | 'u'
  | 'd'
  | 'x'
  | '0x'
  | 'ifindex'
  | { readonly enum: string }
  | { readonly flags: string }
  | ((b: Buf, off: number) => Value);

/** [field name in the layout, format (default u), 'nonzero': printed only when not 0], in strace's print order.
 * `shown=field` prints layout field `field` under strace's older name `shown` (a field renamed in the headers). */
export type FieldSpec = readonly [string, FieldFormat?, 'nonzero'?];

/** A field's integer (little-endian, or big-endian for __be types); 64-bit fields as bigint. */
export function fieldValue(b: Buf, off: number, size: number, kind: string): number | bigint {
  const le = kind !== 'be';
  const signed = kind === 's';
  const v = b.view;
  if (size === 1) return signed ? v.getInt8(off) : v.getUint8(off);
  if (size === 2) return signed ? v.getInt16(off, le) : v.getUint16(off, le);
  if (size === 4) return signed ? v.getInt32(off, le) : v.getUint32(off, le);
  return signed ? v.getBigInt64(off, le) : v.getBigUint64(off, le);
}

/** The fields of a struct at `off` (already known readable), printed by `specs`. */
export function layoutFields(
  b: Buf,
  off: number,
  layout: Layout,
  specs: readonly FieldSpec[],
): [string, Value][] {
  const out: [string, Value][] = [];
  for (const [spec, format = 'u', when] of specs) {
    const [name, field = name] = spec.split('=') as [string, string?];
    const f = layout.fields[field];
    if (!f) throw new Error(`no field ${name} in layout`);
    const at = off + f.off;
    if (when === 'nonzero' && BigInt(fieldValue(b, at, f.size, 'u')) === 0n) continue;
    out.push([name, typeof format === 'function' ? format(b, at) : fieldText(b, at, f, format)]);
  }
  return out;
}

/** One field by a non-custom format. */
function fieldText(
  b: Buf,
  at: number,
  f: { readonly size: number; readonly kind: string },
  format: Exclude<FieldFormat, (b: Buf, off: number) => Value>,
): Value {
  // PRINT_FIELD_U prints a signed field as unsigned too
  const value = fieldValue(b, at, f.size, format === 'd' ? 's' : f.kind === 'be' ? 'be' : 'u');
  if (format === 'u' || format === 'd') return int(value);
  if (format === 'x') return { k: 'hex', v: value };
  if (format === '0x') {
    const digits = BigInt(value)
      .toString(16)
      .padStart(f.size * 2, '0');
    return text(BigInt(value) === 0n ? '0'.repeat(f.size * 2 + 2) : `0x${digits}`);
  }
  if (format === 'ifindex') return text(ifindexText(b.c, Number(value)));
  if ('enum' in format) return sym(xlatText(format.enum, value, 'enum'));
  return sym(xlatText(format.flags, value, 'flags'));
}

/** An attribute holding one struct: undefined (hex) when shorter than the struct, the address when unreadable. */
export function structAttr(layout: Layout, specs: readonly FieldSpec[], size = layout.size): AttrDecoder {
  // size: strace reads some structs only up to a field's end (offsetofend), not their padded sizeof
  return (b, off, len) => {
    if (len < size) return undefined;
    if (!readable(b, off, size)) return ptr(b.addr + BigInt(off));
    return { k: 'struct', fields: layoutFields(b, off, layout, specs) };
  };
}

/** An integer attribute of `size` bytes (strace's decode_nla_u8 ... decode_nla_s64, decode_nla_x32). */
function integer(size: 1 | 2 | 4 | 8, kind: 'u' | 's' | 'x'): AttrDecoder {
  return (b, off, len) => {
    if (len < size) return undefined;
    if (!readable(b, off, size)) return ptr(b.addr + BigInt(off));
    const v = fieldValue(b, off, size, kind === 's' ? 's' : 'u');
    return kind === 'x' ? { k: 'hex', v } : int(v);
  };
}
export const u16 = integer(2, 'u');
export const u64 = integer(8, 'u');
export const x16 = integer(2, 'x');
export const x32 = integer(4, 'x');

/** decode_nla_be16 / decode_nla_be64: `htons(N)`, `htobe64(N)`. */
export const be16: AttrDecoder = (b, off, len) => {
  if (len < 2) return undefined;
  if (!readable(b, off, 2)) return ptr(b.addr + BigInt(off));
  return text(`htons(${b.view.getUint16(off, false)})`);
};
export const be64: AttrDecoder = (b, off, len) => {
  if (len < 8) return undefined;
  if (!readable(b, off, 8)) return ptr(b.addr + BigInt(off));
  return text(`htobe64(${b.view.getBigUint64(off, false)})`);
};

/** decode_nla_ifindex. */
export const ifindex: AttrDecoder = (b, off, len) => {
  if (len < 4) return undefined;
  if (!readable(b, off, 4)) return ptr(b.addr + BigInt(off));
  return text(ifindexText(b.c, b.view.getUint32(off, true)));
};

/** decode_nla_xval / decode_nla_flags: a value of up to 8 bytes (at least `size`) named by an xlat table. */
export function xlatAttr(table: string, how: 'enum' | 'flags', size = 0): AttrDecoder {
  return (b, off, len) => {
    if (len > 8 || len < size) return undefined;
    const n = size ? Math.min(len, size) : len;
    if (!readable(b, off, n)) return ptr(b.addr + BigInt(off));
    let v = 0n;
    for (let i = n - 1; i >= 0; i--) v = (v << 8n) | BigInt(b.view.getUint8(off + i));
    return sym(xlatText(table, v, how));
  };
}

/** decode_nla_in_addr / decode_nla_in6_addr: an address whatever the message's family. */
export const inAddr: AttrDecoder = (b, off, len) =>
  len < 4 ? undefined : inetAddr(b, off, 4, xlatValue('socket_domain', 'AF_INET') ?? -1);
export const in6Addr: AttrDecoder = (b, off, len) =>
  len < 16 ? undefined : inetAddr(b, off, 16, xlatValue('socket_domain', 'AF_INET6') ?? -1);

/** Nested attributes of another table. */
export const nested =
  (table: string, decoders: Decoders = {}): AttrDecoder =>
  (b, off, len, family) =>
    attributes(b, off, len, table, decoders, family);

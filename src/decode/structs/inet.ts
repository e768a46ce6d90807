// Network address text as strace prints it: inet_ntop for IPv4 and IPv6 (glibc's shortest form), interface
// names for indexes (`if_nametoindex("lo")`, sys/net-interfaces.ts, read once), and quoted strings at decode time.
import { quoteForX } from '../../model/quote.js';
import { interfaceNames } from '../../sys/net-interfaces.js';
import type { CallContext } from '../context.js';
import { styled } from '../xlat.js';

/** inet_ntop(AF_INET): four bytes in network order. */
export const ipv4Text = (b: Uint8Array, off = 0): string =>
  `${b[off] ?? 0}.${b[off + 1] ?? 0}.${b[off + 2] ?? 0}.${b[off + 3] ?? 0}`;

/** inet_ntop(AF_INET6) as glibc writes it: the longest run of two or more zero groups as `::`, an IPv4 tail for
 * ::a.b.c.d and ::ffff:a.b.c.d. */
export function ipv6Text(b: Uint8Array, off = 0): string {
  const words = Array.from({ length: 8 }, (_, i) => ((b[off + 2 * i] ?? 0) << 8) | (b[off + 2 * i + 1] ?? 0));
  let best = { base: -1, len: 0 };
  let cur = { base: -1, len: 0 };
  for (let i = 0; i < 8; i++) {
    if (words[i] === 0) {
      cur = cur.base < 0 ? { base: i, len: 1 } : { base: cur.base, len: cur.len + 1 };
    } else if (cur.base >= 0) {
      if (best.base < 0 || cur.len > best.len) best = cur;
      cur = { base: -1, len: 0 };
    }
  }
  if (cur.base >= 0 && (best.base < 0 || cur.len > best.len)) best = cur;
  if (best.len < 2) best = { base: -1, len: 0 };
  let out = '';
  for (let i = 0; i < 8; i++) {
    if (best.base >= 0 && i >= best.base && i < best.base + best.len) {
      if (i === best.base) out += ':';
      continue;
    }
    if (i !== 0) out += ':';
    if (i === 6 && best.base === 0 && (best.len === 6 || (best.len === 5 && words[5] === 0xffff))) {
      return out + ipv4Text(b, off + 12);
    }
    out += (words[i] ?? 0).toString(16);
  }
  if (best.base >= 0 && best.base + best.len === 8) out += ':';
  return out;
}

/** An IPv6 address is link-local (fe80::/10) or link-local multicast (ff02::/16): its scope id is an interface. */
export const ipv6LinkLocal = (b: Uint8Array, off = 0): boolean =>
  (b[off] === 0xfe && ((b[off + 1] ?? 0) & 0xc0) === 0x80) ||
  (b[off] === 0xff && ((b[off + 1] ?? 0) & 0x0f) === 2);

let ifNames: Map<number, string> | undefined;

/** The interface with this index in the tracer's namespace (strace calls if_indextoname), read once. */
function ifName(index: number): string | undefined {
  ifNames ??= interfaceNames();
  return ifNames.get(index);
}

/** strace's print_ifindex: `if_nametoindex("lo")` for a known interface (styled by -X), else the number. */
export function ifindexText(c: CallContext, index: number): string {
  // print_ifindex takes an unsigned int: a negative int field prints as its 32-bit unsigned value
  const u = index >>> 0;
  const name = u === 0 ? undefined : ifName(u);
  if (name === undefined) return String(u);
  return styled(String(u), `if_nametoindex(${quoted(c, new TextEncoder().encode(name))})`);
}

/** A string quoted now, with the trace's -x setting, for values that embed it in other text. */
export const quoted = (c: CallContext, bytes: Uint8Array): string => quoteForX(bytes, false, c.opts.xflag);

/** Network-order 16 bits. */
export const ntohs = (v: DataView, off: number): number => v.getUint16(off, false);

/**
 * An address or port under -X (strace's print_inet_addr and PRINT_FIELD_NET_PORT): the decoded form in abbrev
 * style, the network-order bytes in hex under raw, both under verbose (`"\x00\x50" /* htons(80) *\/`).
 */
export const netBytes = (b: Uint8Array, off: number, len: number, decoded: string): string =>
  styled(quoteForX(b.subarray(off, off + len), false, 2), decoded);

// Extensible structs (openat2's open_how, mount_setattr's mount_attr, landlock's ruleset attr): the caller passes
// the struct's size; strace reads what it knows of it, then shows any non-zero bytes past that.
import { ptr, type Value } from '../../model/value.js';
import type { CallContext } from '../context.js';
import { nonzeroTail, u64 } from './util.js';

/**
 * The struct at `addr` of `size` bytes (the argument after it): its address when smaller than `minSize` or
 * unreadable, else the fields `fields` makes of its first `known` bytes (zero-filled when size is smaller), then
 * strace's print_nonzero_bytes for the rest.
 */
export function extensible(
  c: CallContext,
  addr: bigint,
  index: number,
  sizes: { readonly min: number; readonly known: number },
  fields: (v: DataView) => (readonly [string, Value])[],
): Value {
  const size = u64(c, index + 1);
  if (size < BigInt(sizes.min)) return ptr(addr);
  const fetch = size < BigInt(sizes.known) ? Number(size) : sizes.known;
  const bytes = c.mem.read(addr, fetch);
  if (!bytes || bytes.length < fetch) return ptr(addr);
  const full = new Uint8Array(sizes.known);
  full.set(bytes);
  const out = fields(new DataView(full.buffer));
  // strace looks at most a page past the struct
  const end = size > 4096n ? 4096 : Number(size);
  const tail = size > BigInt(sizes.known) ? nonzeroTail(c, addr, sizes.known, end) : undefined;
  if (tail) out.push(['', tail]);
  return { k: 'struct', fields: out };
}

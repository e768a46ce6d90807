// strace's print_array over tracee memory: NULL, `[]`, the address when nothing is readable, elements up to the
// -s limit (all of them with -v) then `...`, and `... /* 0x... */` where memory stops being readable.

import { ptr, text, type Value } from '../../model/value.js';
import { hexText } from '../../model/value-text.js';
import type { CallContext } from '../context.js';

/** Prints one element from `view` at `off`; undefined stops the array there (strace's print_fn returning false). */
export type ElementPrinter = (view: DataView, off: number, index: number) => Value | undefined;

/** What a printer returns to end the array with `...` (strace's print_fn printing it and returning false). */
export const MORE: Value = text('...');

const MAX_U64 = (1n << 64n) - 1n;

/** How many elements strace prints before `...`: max_strlen unless -v. */
export const arrayLimit = (c: CallContext): number =>
  c.opts.verbose ? Number.MAX_SAFE_INTEGER : c.opts.strsize;

/** The `nmemb` elements of `size` bytes at `addr`, as strace's print_array with tfetch_mem. */
export function memArray(
  c: CallContext,
  addr: bigint,
  nmemb: bigint | number,
  size: number,
  print: ElementPrinter,
): Value {
  const n = BigInt(nmemb);
  if (addr === 0n) return ptr(0n);
  if (n === 0n) return { k: 'array', items: [] };
  if (n < 0n || addr + n * BigInt(size) > MAX_U64) return ptr(addr);
  const limit = arrayLimit(c);
  // one read for every element strace may look at: the printed ones and the one that decides `...`
  const wanted = n > BigInt(limit) ? limit + 1 : Number(n);
  const bytes = c.mem.read(addr, wanted * size);
  const got = bytes ? Math.floor(bytes.length / size) : 0;
  if (got === 0 || !bytes) return ptr(addr);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.length);
  const items: Value[] = [];
  for (let i = 0; i < wanted; i++) {
    if (i >= got) {
      items.push(text(`... /* ${hexText(addr + BigInt(i * size))} */`));
      break;
    }
    if (i >= limit) return { k: 'array', items, more: true };
    const item = print(view, i * size, i);
    if (item === undefined) break;
    items.push(item);
    if (item === MORE) break;
  }
  return { k: 'array', items };
}

/** The same over bytes already read (strace's print_local_array): no fetch, so no address in the output. */
export function localArray(
  c: CallContext,
  view: DataView,
  count: number,
  size: number,
  print: ElementPrinter,
): Value {
  const limit = arrayLimit(c);
  const items: Value[] = [];
  for (let i = 0; i < count; i++) {
    if (i >= limit) return { k: 'array', items, more: true };
    const item = print(view, i * size, i);
    if (item === undefined) break;
    items.push(item);
    if (item === MORE) break;
  }
  return { k: 'array', items };
}

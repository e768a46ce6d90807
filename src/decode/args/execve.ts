// execve's argv (strings, cut at -s and at 32 entries unless -v) and envp (`0x7ffd... /* 23 vars */` unless -v).
import { ptr, type Value } from '../../model/value.js';
import type { ArgDecoder, CallContext } from '../context.js';
import { cString } from './strings.js';

/** strace's default cap on printed array elements (-v lifts it). */
const MAX_ELEMENTS = 32;
const MAX_POINTERS = 65536;

/** Reads the NULL-terminated pointer array at `a`; undefined when unreadable. */
function readPointers(c: CallContext, a: bigint, limit: number): bigint[] | undefined {
  const out: bigint[] = [];
  while (out.length < limit) {
    const chunk = c.mem.read(a + BigInt(out.length * 8), 8 * 64);
    if (!chunk || chunk.length < 8) return out.length ? out : undefined;
    const view = new DataView(chunk.buffer, chunk.byteOffset, chunk.length);
    for (let off = 0; off + 8 <= chunk.length; off += 8) {
      const p = view.getBigUint64(off, true);
      if (p === 0n) return out;
      out.push(p);
    }
  }
  return out;
}

function argv(c: CallContext, i: number): Value {
  const a = BigInt.asUintN(64, c.raw[i] ?? 0n);
  if (a === 0n) return ptr(0n);
  const max = c.opts.verbose ? MAX_POINTERS : MAX_ELEMENTS;
  const ptrs = readPointers(c, a, max + 1);
  if (!ptrs) return ptr(a);
  const items = ptrs.slice(0, max).map((p) => cString(c, p, c.opts.strsize));
  return { k: 'array', items, more: ptrs.length > max };
}

function envp(c: CallContext, i: number): Value {
  if (c.opts.verbose) return argv(c, i);
  const a = BigInt.asUintN(64, c.raw[i] ?? 0n);
  if (a === 0n) return ptr(0n);
  const ptrs = readPointers(c, a, MAX_POINTERS);
  if (!ptrs) return ptr(a);
  return { k: 'commented', value: ptr(a), comment: `${ptrs.length} var${ptrs.length === 1 ? '' : 's'}` };
}

export const EXECVE_DECODERS = {
  argv: { phase: 'entry', decode: argv },
  envp: { phase: 'entry', decode: envp },
} as const satisfies Record<string, ArgDecoder>;

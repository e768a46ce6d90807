// execve's argv and envp as strace's printargv/printargc show them: argv's strings cut at -s each and, unless -v,
// after -s elements; envp as `0x7ffd... /* 23 vars */` unless -v; an array that runs into unreadable memory ends
// with `... /* 0xADDR */]` (envp: `/* 5 vars, unterminated */`).
import { ptr, text, type Value } from '../../model/value.js';
import { isI386 } from '../abi.js';
import type { ArgDecoder, CallContext } from '../context.js';
import { cString } from './strings.js';

/** A bound for -v (strace has none): more pointers than any kernel accepts (MAX_ARG_STRINGS is 0x7fffffff). */
const MAX_POINTERS = 1 << 20;

interface Pointers {
  readonly ptrs: bigint[];
  /** Where reading stopped short (unreadable memory, or the address space's end), when not at the NULL. */
  readonly cut?: bigint;
}

/** Reads the NULL-terminated pointer array at `a`, up to `limit` non-NULL entries (32-bit pointers for i386). */
function readPointers(c: CallContext, a: bigint, limit: number): Pointers {
  const word = isI386(c) ? 4 : 8;
  const top = word === 4 ? 1n << 32n : 1n << 64n;
  const ptrs: bigint[] = [];
  while (ptrs.length < limit) {
    const at = a + BigInt(ptrs.length * word);
    if (at + BigInt(word) > top) return { ptrs, cut: BigInt.asUintN(64, at) };
    const chunk = c.mem.read(at, Math.min(word * 64, Number(top - at)));
    if (!chunk || chunk.length < word) return { ptrs, cut: at };
    const view = new DataView(chunk.buffer, chunk.byteOffset, chunk.length);
    for (let off = 0; off + word <= chunk.length && ptrs.length < limit; off += word) {
      const p = word === 4 ? BigInt(view.getUint32(off, true)) : view.getBigUint64(off, true);
      if (p === 0n) return { ptrs };
      ptrs.push(p);
    }
  }
  return { ptrs };
}

function argv(c: CallContext, i: number): Value {
  const a = BigInt.asUintN(64, c.raw[i] ?? 0n);
  if (a === 0n) return ptr(0n);
  // unless -v, strace stops after -s elements (`...` when another follows)
  const max = c.opts.verbose ? MAX_POINTERS : c.opts.strsize;
  const { ptrs, cut } = readPointers(c, a, max + 1);
  if (ptrs.length === 0 && cut !== undefined) return ptr(a);
  const items = ptrs.slice(0, max).map((p) => cString(c, p, c.opts.strsize));
  if (ptrs.length > max) return { k: 'array', items, more: true };
  if (cut !== undefined) items.push({ k: 'commented', value: text('...'), comment: `0x${cut.toString(16)}` });
  return { k: 'array', items, more: false };
}

function envp(c: CallContext, i: number): Value {
  if (c.opts.verbose) return argv(c, i);
  const a = BigInt.asUintN(64, c.raw[i] ?? 0n);
  if (a === 0n) return ptr(0n);
  const { ptrs, cut } = readPointers(c, a, MAX_POINTERS);
  if (ptrs.length === 0 && cut !== undefined) return ptr(a);
  const n = ptrs.length;
  const comment = `${n} var${n === 1 ? '' : 's'}${cut !== undefined ? ', unterminated' : ''}`;
  return { k: 'commented', value: ptr(a), comment };
}

export const EXECVE_DECODERS = {
  argv: { phase: 'entry', decode: argv },
  envp: { phase: 'entry', decode: envp },
} as const satisfies Record<string, ArgDecoder>;

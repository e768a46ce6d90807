// Signal-set arguments, as strace's sprintsigmask_n prints them: `[INT TERM]`, `~[RTMIN RT_1]` when two thirds
// or more of the bits are set, `[]`. `sigset(size)` is given by the caller, `osigset(size)` filled by the kernel.
import { ptr, sym, type Value } from '../../model/value.js';
import { signalName } from '../../tables/signals.js';
import { type ArgDecoder, argIndex, type CallContext } from '../context.js';
import { styled } from '../xlat.js';
import { inputShownAsAddress } from './read-at-exit.js';

/** The kernel's sigset_t on x86_64: 64 signals, 8 bytes (NSIG_BYTES); strace wants at least a word of it. */
const NSIG_BYTES = 8;
const WORD = 8;

/** Calls whose size may be any 1..8 bytes (rt_sigpending serves sigpending too); the rest need a full word. */
const MIN_SIZE: Readonly<Record<string, number>> = { rt_sigpending: 1 };

/** The text of a signal set held in `bytes` (little-endian words), as strace prints it. */
export function sigsetText(bytes: Uint8Array): string {
  const words = Math.ceil(Math.min(bytes.length, NSIG_BYTES) / 4);
  const bits = words * 32;
  const isSet = (i: number): boolean => (((bytes[i >> 3] ?? 0) >> (i & 7)) & 1) === 1;
  let count = 0;
  for (let i = 0; i < bits; i++) if (isSet(i)) count++;
  const invert = count >= Math.floor((bits * 2) / 3);
  const names: string[] = [];
  for (let i = 0; i < bits; i++) {
    if (isSet(i) === invert) continue;
    const name = signalName(i + 1);
    names.push(styled(String(i + 1), name.startsWith('SIG') ? name.slice(3) : name));
  }
  return `${invert ? '~' : ''}[${names.join(' ')}]`;
}

/** The set of `size` bytes at `addr`: NULL, the set, or the address when the size is odd or memory unreadable. */
export function sigsetAt(c: CallContext, addr: bigint, size: bigint, minSize = WORD): Value {
  if (addr === 0n) return ptr(0n);
  if (size < BigInt(minSize) || size > BigInt(NSIG_BYTES)) return ptr(addr);
  const bytes = c.mem.read(addr, Number(size));
  if (!bytes || bytes.length < Number(size)) return ptr(addr);
  return sym(sigsetText(bytes));
}

function decode(c: CallContext, i: number, param: string | undefined): Value {
  const addr = BigInt.asUintN(64, c.raw[i] ?? 0n);
  const filled = c.args[i]?.kind === 'osigset';
  if ((c.ret !== undefined && c.failed && filled) || inputShownAsAddress(c)) return ptr(addr);
  const size = BigInt.asUintN(64, c.raw[argIndex(c, param)] ?? 0n);
  return sigsetAt(c, addr, size, MIN_SIZE[c.name] ?? WORD);
}

export const SIGSET_DECODERS = {
  sigset: { phase: 'entry', decode },
  osigset: { phase: 'exit', decode },
} as const satisfies Record<string, ArgDecoder>;

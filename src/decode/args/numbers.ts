// Plain numeric arguments: printed from the register, nothing read from memory (-Y: a pid's /proc comm).
import { readFileSync } from 'node:fs';
import { hex, int, ptr, type Value } from '../../model/value.js';
import { type ArgDecoder, asInt, asLong, asUint, type CallContext } from '../context.js';

const entry = (f: (raw: bigint) => Value): ArgDecoder => ({
  phase: 'entry',
  decode: (c, i) => f(c.raw[i] ?? 0n),
});

export const NUMBER_DECODERS = {
  int: entry((r) => int(asInt(r))),
  uint: entry((r) => int(asUint(r))),
  long: entry((r) => int(asLong(r))),
  ulong: entry((r) => int(BigInt.asUintN(64, r))),
  hex: entry((r) => hex(BigInt.asUintN(64, r))),
  octal: entry((r) => ({ k: 'oct', v: asUint(r) })),
  ptr: entry((r) => ptr(BigInt.asUintN(64, r))),
  size: entry((r) => int(BigInt.asUintN(64, r))),
  off: entry((r) => int(asLong(r))),
  pid: { phase: 'entry', decode: (c, i) => pidValue(c, asInt(c.raw[i] ?? 0n)) },
  uid: entry((r) => int(asInt(r) === -1 ? -1 : asUint(r))),
  gid: entry((r) => int(asInt(r) === -1 ? -1 : asUint(r))),
} as const satisfies Record<string, ArgDecoder>;

/** -Y: a positive pid with its command name while the process exists (`1234<sh>`), as strace's printpid. */
export function pidValue(c: Pick<CallContext, 'opts'>, pid: number): Value {
  if (!c.opts.decodePids || pid <= 0) return int(pid);
  try {
    const comm = readFileSync(`/proc/${pid}/comm`, 'utf8').replace(/\n$/, '');
    return { k: 'text', text: `${pid}<${comm}>` };
  } catch {
    return int(pid);
  }
}

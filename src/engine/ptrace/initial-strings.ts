// The argument and environment strings the kernel placed at the top of a process's stack at its execve, by
// content: the exec rewrite points at them instead of copying them again below the stack pointer.
import { readFileSync } from 'node:fs';
import type { Memory } from '../../decode/memory.js';
import { procDir } from '../../sys/proc-dir.js';
import type { StringFinder } from './exec-args.js';

/** Reads in pieces: Memory may return fewer bytes than asked (its buffer is bounded). */
function readAll(mem: Memory, from: bigint, to: bigint): Uint8Array | undefined {
  const out = new Uint8Array(Number(to - from));
  let off = 0;
  while (off < out.length) {
    const got = mem.read(from + BigInt(off), out.length - off);
    if (!got || got.length === 0) return undefined;
    out.set(got, off);
    off += got.length;
  }
  return out;
}

/**
 * A finder over PID's initial argv and environment strings (arg_start..arg_end, env_start..env_end in
 * /proc/PID/stat). Strings are compared as bytes, so keys are the UTF-8 bytes of a string read as latin1.
 */
export function initialStrings(pid: number, mem: Memory): StringFinder {
  const at = new Map<string, bigint>();
  try {
    const stat = readFileSync(`${procDir(pid)}/stat`, 'latin1');
    // fields after the parenthesised comm start at field 3; arg_start is field 48
    const rest = stat
      .slice(stat.lastIndexOf(')') + 2)
      .trim()
      .split(' ');
    const field = (n: number): bigint => BigInt(rest[n - 3] ?? '0');
    for (const [from, to] of [
      [field(48), field(49)],
      [field(50), field(51)],
    ] as const) {
      if (from === 0n || to <= from || to - from > 1n << 26n) continue;
      const bytes = readAll(mem, from, to);
      if (!bytes) continue;
      let start = 0;
      for (let i = 0; i < bytes.length; i++) {
        if (bytes[i] !== 0) continue;
        const key = Buffer.from(bytes.buffer, bytes.byteOffset + start, i - start).toString('latin1');
        if (!at.has(key)) at.set(key, from + BigInt(start));
        start = i + 1;
      }
    }
  } catch {}
  return (s) => at.get(Buffer.from(s, 'utf8').toString('latin1'));
}

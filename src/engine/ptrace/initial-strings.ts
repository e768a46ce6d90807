// The argument and environment strings the kernel placed at the top of a process's stack at its execve, by
// content: the exec rewrite points at them instead of copying them again below the stack pointer.
import { closeSync, openSync, readFileSync, readSync } from 'node:fs';
import { procDir } from '../../sys/proc-dir.js';
import type { StringFinder } from './exec-args.js';

/**
 * Reads from /proc/PID/mem, not with process_vm_readv: these are vat's launch machinery, not the trace's reads
 * (strace's umovestr_cached test counts the tracer's process_vm_readv calls).
 */
function readAll(fd: number, from: bigint, to: bigint): Uint8Array | undefined {
  const out = new Uint8Array(Number(to - from));
  let off = 0;
  while (off < out.length) {
    const got = readSync(fd, out, off, out.length - off, Number(from) + off);
    if (got <= 0) return undefined;
    off += got;
  }
  return out;
}

/**
 * A finder over PID's initial argv and environment strings (arg_start..arg_end, env_start..env_end in
 * /proc/PID/stat). Strings are compared as bytes, so keys are the UTF-8 bytes of a string read as latin1.
 */
export function initialStrings(pid: number): StringFinder {
  const at = new Map<string, bigint>();
  let fd = -1;
  try {
    const stat = readFileSync(`${procDir(pid)}/stat`, 'latin1');
    // fields after the parenthesised comm start at field 3; arg_start is field 48
    const rest = stat
      .slice(stat.lastIndexOf(')') + 2)
      .trim()
      .split(' ');
    const field = (n: number): bigint => BigInt(rest[n - 3] ?? '0');
    fd = openSync(`${procDir(pid)}/mem`, 'r');
    for (const [from, to] of [
      [field(48), field(49)],
      [field(50), field(51)],
    ] as const) {
      if (from === 0n || to <= from || to - from > 1n << 26n) continue;
      const bytes = readAll(fd, from, to);
      if (!bytes) continue;
      let start = 0;
      for (let i = 0; i < bytes.length; i++) {
        if (bytes[i] !== 0) continue;
        const key = Buffer.from(bytes.buffer, bytes.byteOffset + start, i - start).toString('latin1');
        if (!at.has(key)) at.set(key, from + BigInt(start));
        start = i + 1;
      }
    }
  } catch {
  } finally {
    if (fd >= 0) closeSync(fd);
  }
  return (s) => at.get(Buffer.from(s, 'utf8').toString('latin1'));
}

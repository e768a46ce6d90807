// The argument and environment strings the kernel placed at the top of a process's stack at its execve, by
// content: the exec rewrite points at them instead of copying them again below the stack pointer.
import { procFile, procMemRead } from '../../sys/procfs.js';
import type { StringFinder } from './exec-args.js';

/**
 * A finder over PID's initial argv and environment strings (arg_start..arg_end, env_start..env_end in
 * /proc/PID/stat). Strings are compared as bytes, so keys are the UTF-8 bytes of a string read as latin1. They are
 * read from /proc/PID/mem, not with process_vm_readv: these are vat's launch machinery, not the trace's reads
 * (strace's umovestr_cached test counts the tracer's process_vm_readv calls).
 */
export function initialStrings(pid: number): StringFinder {
  const at = new Map<string, bigint>();
  const stat = procFile(pid, 'stat', 'latin1');
  if (stat !== undefined) {
    // fields after the parenthesised comm start at field 3; arg_start is field 48
    const rest = stat
      .slice(stat.lastIndexOf(')') + 2)
      .trim()
      .split(' ');
    const field = (n: number): bigint =>
      BigInt(/^\d+$/.test(rest[n - 3] ?? '') ? (rest[n - 3] as string) : '0');
    for (const [from, to] of [
      [field(48), field(49)],
      [field(50), field(51)],
    ] as const) {
      if (from === 0n || to <= from || to - from > 1n << 26n) continue;
      const bytes = procMemRead(pid, from, Number(to - from));
      // all of it or nothing: a cut area would give a cut last string
      if (bytes === undefined || bytes.length < Number(to - from)) continue;
      let start = 0;
      for (let i = 0; i < bytes.length; i++) {
        if (bytes[i] !== 0) continue;
        const key = Buffer.from(bytes.buffer, bytes.byteOffset + start, i - start).toString('latin1');
        if (!at.has(key)) at.set(key, from + BigInt(start));
        start = i + 1;
      }
    }
  }
  return (s) => at.get(Buffer.from(s, 'utf8').toString('latin1'));
}

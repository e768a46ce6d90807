// The call a thread is in, as /proc/PID/task/TID/syscall gives it (number and six raw registers), decoded with
// the signature table without stopping the thread: fds through /proc/PID/fd, strings from /proc/PID/mem.
import { procFdLink } from '../../sys/procfs.js';
import { signatureOf } from '../../tables/lookup.js';
import { syscallByNumber } from '../../tables/syscalls.js';
import { memString } from './mem-string.js';
import { describeSocket } from './socket-text.js';
import type { ProcCall } from './types.js';

/** `/proc/PID/task/TID/syscall` decoded with the signature table. */
export function decodeProcSyscall(pid: number, line: string): ProcCall | null {
  const parts = line.trim().split(/\s+/);
  const nr = Number(parts[0]);
  if (parts[0] === 'running' || !Number.isInteger(nr) || nr < 0) return null;
  const name = syscallByNumber('x86_64', nr)?.name ?? `syscall_${nr}`;
  const raw = parts.slice(1, 7).map((h) => BigInt(h));
  const sig = signatureOf(name);
  const fds: { fd: number; target: string }[] = [];
  const args = (sig?.args ?? raw.map((_, i) => ({ name: `arg${i}`, kind: 'hex' as const }))).map((a, i) => {
    const v = raw[i] ?? 0n;
    const s32 = Number(BigInt.asIntN(32, v));
    switch (a.kind) {
      case 'fd':
      case 'dirfd': {
        if (a.kind === 'dirfd' && s32 === -100) return 'AT_FDCWD';
        const link = procFdLink(pid, s32);
        const sock = link === undefined ? undefined : describeSocket(pid, link);
        const target = sock === undefined ? link : `${link} ${sock}`;
        if (target !== undefined) fds.push({ fd: s32, target });
        return target === undefined ? String(s32) : `${s32}<${target}>`;
      }
      case 'path':
      case 'str': {
        const s = memString(pid, v);
        return s === undefined ? `0x${v.toString(16)}` : JSON.stringify(s);
      }
      case 'int':
      case 'pid':
      case 'uid':
      case 'gid':
        return String(s32);
      case 'uint':
      case 'size':
      case 'ulong':
        return String(v);
      case 'long':
      case 'off':
        return String(BigInt.asIntN(64, v));
      default:
        return v === 0n && a.kind === 'ptr' ? 'NULL' : `0x${v.toString(16)}`;
    }
  });
  return { nr, name, text: `${name}(${args.join(', ')})`, fds };
}

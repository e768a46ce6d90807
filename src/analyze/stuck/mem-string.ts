// A string argument of a thread that is not stopped: read from its memory through the ProcFs port.
import { procMemRead } from '../../sys/procfs.js';

/** The NUL-terminated string at `addr` (up to 256 bytes) in `pid`'s memory; undefined for NULL or unreadable. */
export function memString(pid: number, addr: bigint): string | undefined {
  if (addr === 0n) return undefined;
  const buf = procMemRead(pid, addr, 256);
  if (buf === undefined) return undefined;
  const end = buf.indexOf(0);
  return buf.subarray(0, end < 0 ? buf.length : end).toString('utf8');
}

// Reading and writing a tracee word by word with PTRACE_PEEKDATA/POKEDATA, for when process_vm_readv/writev
// cannot (strace's umoven_peekdata and upoken_pokedata): partial words at either end are read, merged and written back.
import { allocNative, lastErrno, libc } from '../../sys/libc.js';
import { errnoByValue } from '../../tables/errnos.js';
import { syscallByName } from '../../tables/syscalls.js';
import { PT } from './consts.js';

const PTRACE = syscallByName('x86_64', 'ptrace')?.nr ?? 101;
const WORD = 8;
const word = allocNative(WORD);

/** The word at the aligned `addr`, or undefined (errno says why). */
function peek(pid: number, addr: bigint): Uint8Array | undefined {
  if (libc.ptraceSyscall(PTRACE, PT.PEEKDATA, pid, addr, word.address) !== 0) return undefined;
  return word.bytes.slice(0, WORD);
}

function poke(pid: number, addr: bigint, bytes: Uint8Array): boolean {
  const v = new DataView(bytes.buffer, bytes.byteOffset, WORD);
  return libc.ptrace(PT.POKEDATA, pid, addr, v.getBigUint64(0, true)) === 0;
}

/** Reads up to `into.length` bytes at `addr` into `into`; returns how many were read before memory ended. */
export function peekWords(pid: number, addr: bigint, into: Uint8Array): number {
  const residue = Number(addr % BigInt(WORD));
  let at = addr - BigInt(residue);
  let done = 0;
  let skip = residue;
  while (done < into.length) {
    const w = peek(pid, at);
    if (!w) break;
    const part = w.subarray(skip, Math.min(WORD, skip + into.length - done));
    into.set(part, done);
    done += part.length;
    skip = 0;
    at += BigInt(WORD);
  }
  return done;
}

/** `data` into the word at the aligned `addr` from byte `offset` on, keeping the word's other bytes. */
function merge(pid: number, addr: bigint, data: Uint8Array, offset: number): boolean {
  const w = peek(pid, addr);
  if (!w) return false;
  w.set(data, offset);
  return poke(pid, addr, w);
}

/**
 * Writes `data` at `addr`; returns the count of bytes written. A write that stops where memory ends after some
 * bytes is reported through `warn` (`pid:N short write (8 < 15) @0x...: Input/output error`), as strace does.
 */
export function pokeWords(
  pid: number,
  addr: bigint,
  data: Uint8Array,
  warn?: (message: string) => void,
): number {
  let written = 0;
  let at = addr;
  const residue = Number(addr % BigInt(WORD));
  let ok = true;
  if (residue !== 0 && data.length > 0) {
    const n = Math.min(WORD - residue, data.length);
    at -= BigInt(residue);
    ok = merge(pid, at, data.subarray(0, n), residue);
    if (ok) {
      written += n;
      at += BigInt(WORD);
    }
  }
  while (ok && data.length - written >= WORD) {
    ok = poke(pid, at, data.slice(written, written + WORD));
    if (ok) {
      written += WORD;
      at += BigInt(WORD);
    }
  }
  if (ok && written < data.length) {
    ok = merge(pid, at, data.subarray(written), 0);
    if (ok) written = data.length;
  }
  if (!ok && written > 0) {
    const e = errnoByValue(lastErrno());
    if (e && ['EFAULT', 'EIO', 'EPERM'].includes(e.name))
      warn?.(`pid:${pid} short write (${written} < ${data.length}) @0x${addr.toString(16)}: ${e.message}`);
  }
  return written;
}

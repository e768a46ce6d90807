// Whether a program is a 32-bit ELF (ELFCLASS32): its calls use the i386 table, which the eBPF engine does not
// decode (its capture plans and records are x86_64's), so auto leaves such a command to ptrace.
import { closeSync, openSync, readSync } from 'node:fs';

/** e_ident: the 4 magic bytes, then EI_CLASS (1: ELFCLASS32, 2: ELFCLASS64). */
const MAGIC = [0x7f, 0x45, 0x4c, 0x46];
const ELFCLASS32 = 1;

/** True when PATH (a file, or /proc/PID/exe) starts with a 32-bit ELF header; false when unreadable or not ELF. */
export function isElf32(path: string): boolean {
  const head = Buffer.alloc(5);
  let fd: number | undefined;
  try {
    fd = openSync(path, 'r');
    if (readSync(fd, head, 0, 5, 0) < 5) return false;
  } catch {
    return false;
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
  return MAGIC.every((b, i) => head[i] === b) && head[4] === ELFCLASS32;
}

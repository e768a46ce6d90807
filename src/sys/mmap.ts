// mmap(2) through libc, declared once for the two users that map memory: the BPF ring buffer and vat's own code page.
import { koffi } from './koffi.js';

/** mmap(addr, len, prot, flags, fd, off): the mapping as a koffi pointer, or MAP_FAILED ((void *)-1). */
export const mmap = koffi
  .load('libc.so.6')
  .func('void *mmap(uintptr_t addr, size_t len, int prot, int flags, int fd, long off)') as (
  addr: number,
  len: number,
  prot: number,
  flags: number,
  fd: number,
  off: number,
) => unknown;

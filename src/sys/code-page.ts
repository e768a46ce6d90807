// Machine code vat wrote itself, made callable: mapped writable, filled, then made executable and read-only (never
// writable and executable at once). A hardened kernel (SELinux execmem, PaX MPROTECT) may refuse the last step.
import { koffi } from './koffi.js';
import { lastErrno } from './libc.js';
import { mmap } from './mmap.js';

const lib = koffi.load('libc.so.6');
const mprotect = lib.func('int mprotect(void *addr, size_t len, int prot)') as (
  addr: unknown,
  len: number,
  prot: number,
) => number;
const munmap = lib.func('int munmap(void *addr, size_t len)') as (addr: unknown, len: number) => number;
/** The type of every routine made here: `int f(void)` (a prototype's name may be declared once per thread). */
let noArgs: ReturnType<typeof koffi.proto> | undefined;

/** mmap's and mprotect's flags, from vat's tables (sys/ sits below them). */
export interface MapFlags {
  readonly PROT_READ: number;
  readonly PROT_WRITE: number;
  readonly PROT_EXEC: number;
  readonly MAP_PRIVATE: number;
  readonly MAP_ANONYMOUS: number;
}

/** A function of no arguments returning an int, or which step refused the code (with its errno, 0 for none). */
export type CodeResult =
  | { readonly call: () => number }
  | { readonly refused: string; readonly errno: number };

const PAGE = 4096;

export function mapCode(code: Uint8Array, f: MapFlags): CodeResult {
  if (process.arch !== 'x64') return { refused: `x86-64 code on ${process.arch}`, errno: 0 };
  const len = Math.ceil(code.length / PAGE) * PAGE;
  const page = mmap(0, len, f.PROT_READ | f.PROT_WRITE, f.MAP_PRIVATE | f.MAP_ANONYMOUS, -1, 0);
  // MAP_FAILED is (void *)-1
  if (page === null || BigInt(koffi.address(page)) === 0xffff_ffff_ffff_ffffn)
    return { refused: 'mmap', errno: lastErrno() };
  new Uint8Array(koffi.view(page, len)).set(code);
  if (mprotect(page, len, f.PROT_READ | f.PROT_EXEC) !== 0) {
    const e = lastErrno();
    munmap(page, len);
    return { refused: 'mprotect(PROT_EXEC)', errno: e };
  }
  noArgs ??= koffi.proto('int vat_code(void)');
  const call = koffi.decode(page, noArgs) as () => number;
  return { call };
}

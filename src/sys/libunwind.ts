// The koffi binding to libunwind-ptrace, the unwinder Debian's strace -k uses: loaded on first use, so a
// machine without it loses -k and nothing else.
import { koffi } from './koffi.js';

/** libunwind's x86_64 register number for the instruction pointer (UNW_REG_IP = UNW_X86_64_RIP). */
export const UNW_REG_IP = 16;
/** unw_get_proc_name's answer when the name did not fit the buffer (-UNW_ENOMEM). */
export const UNW_ENOMEM = -2;
/** unw_cursor_t is UNW_TDEP_CURSOR_LEN (127) words on x86_64; rounded up. */
export const CURSOR_SIZE = 1024;

/** Pointers are plain addresses (bigint) so calls never convert JavaScript objects. */
export interface Libunwind {
  /** An address space over _UPT_accessors (ptrace), with libunwind's global cache enabled. */
  createAddressSpace(): bigint;
  flushCache(as: bigint): void;
  uptCreate(pid: number): bigint;
  uptDestroy(upt: bigint): void;
  initRemote(cursor: bigint, as: bigint, upt: bigint): number;
  step(cursor: bigint): number;
  getReg(cursor: bigint, reg: number, out: bigint): number;
  getProcName(cursor: bigint, buf: bigint, len: number, offset: bigint): number;
  /** The cursor's frame is a signal trampoline (the next frame's ip is not a return address). */
  isSignalFrame(cursor: bigint): number;
}

/** The library names, overridable (VAT_LIBUNWIND_PTRACE, VAT_LIBUNWIND_ARCH) to test a machine without them. */
const names = (): { ptrace: string; arch: string } => ({
  ptrace: process.env.VAT_LIBUNWIND_PTRACE || 'libunwind-ptrace.so.0',
  arch: process.env.VAT_LIBUNWIND_ARCH || 'libunwind-x86_64.so.8',
});

let loaded: Libunwind | string | undefined;

/** The binding, or why it could not be loaded (the library named is missing). */
export function loadLibunwind(): Libunwind | string {
  if (loaded !== undefined) return loaded;
  const { ptrace, arch } = names();
  try {
    // libunwind-ptrace names neither libunwind nor liblzma as needed: both must be loaded globally first
    koffi.load('liblzma.so.5', { global: true });
    const a = koffi.load(arch, { global: true });
    const p = koffi.load(ptrace);
    const accessors = koffi.address(p.symbol('_UPT_accessors', 'uint8_t')) as bigint;
    const create = a.func('uintptr_t _Ux86_64_create_addr_space(uintptr_t accessors, int byteorder)');
    const setCaching = a.func('int _Ux86_64_set_caching_policy(uintptr_t as, int policy)');
    const flush = a.func('void _Ux86_64_flush_cache(uintptr_t as, uintptr_t lo, uintptr_t hi)');
    const uptCreate = p.func('uintptr_t _UPT_create(int pid)');
    loaded = {
      createAddressSpace(): bigint {
        const as = BigInt(create(accessors, 0));
        if (as !== 0n) setCaching(as, 1); // UNW_CACHE_GLOBAL, as strace sets it
        return as;
      },
      flushCache: (as) => flush(as, 0, 0),
      uptCreate: (pid) => BigInt(uptCreate(pid)),
      uptDestroy: p.func('void _UPT_destroy(uintptr_t upt)'),
      initRemote: a.func('int _Ux86_64_init_remote(uintptr_t cursor, uintptr_t as, uintptr_t upt)'),
      step: a.func('int _Ux86_64_step(uintptr_t cursor)'),
      getReg: a.func('int _Ux86_64_get_reg(uintptr_t cursor, int reg, uintptr_t out)'),
      getProcName: a.func(
        'int _Ux86_64_get_proc_name(uintptr_t cursor, uintptr_t buf, size_t len, uintptr_t offset)',
      ),
      isSignalFrame: a.func('int _Ux86_64_is_signal_frame(uintptr_t cursor)'),
    };
  } catch {
    loaded = `${ptrace} (or ${arch})`;
  }
  return loaded;
}

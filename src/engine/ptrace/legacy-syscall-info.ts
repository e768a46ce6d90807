// Where PTRACE_GET_SYSCALL_INFO fails (a seccomp filter on vat refusing it, as strace's
// disable_ptrace_get_syscall_info helper makes; a kernel before 5.3), a syscall stop is read from the registers,
// as strace's legacy code does, into the same struct ptrace_syscall_info the rest of the tracer reads.
// PTRACE_GETREGS, not GETREGSET: on x86_64 it gives the 64-bit layout for every tracee (GETREGSET's NT_PRSTATUS
// gives a 32-bit process the i386 one), and it still works where GETREGSET is refused.
import { lastErrno, libc, type NativeBuffer } from '../../sys/libc.js';
import { constantOf } from '../../tables/constants.js';
import { PT } from './consts.js';
import { REG } from './regs.js';

const AUDIT_ARCH_X86_64 = Number(constantOf('audit_arch', 'AUDIT_ARCH_X86_64'));
const AUDIT_ARCH_I386 = Number(constantOf('audit_arch', 'AUDIT_ARCH_I386'));
/** The code segment selector of a 32-bit process on x86_64 (__USER32_CS, arch/x86/include/asm/segment.h). */
const USER32_CS = 0x23n;
/** The kernel puts -ENOSYS in rax before it reports a syscall-entry stop (arch/x86/entry/common.c). */
const ENOSYS_RET = -38n;
/** Return values from -4095 to -1 are errors (IS_ERR_VALUE, include/linux/err.h's MAX_ERRNO). */
const MAX_ERRNO = 4095n;

/** struct ptrace_syscall_info (include/uapi/linux/ptrace.h): the offsets the tracer reads. */
const INFO = { op: 0, arch: 4, ip: 8, sp: 16, nr: 24, args: 32, rval: 24, isError: 32 } as const;

/**
 * Fills `info` from `tid`'s registers at a syscall stop the tracer believes is an exit (`exit`) or an entry; an
 * entry whose rax is not -ENOSYS is an exit (a stop vat lost count of). Returns the op written, or -errno.
 */
export function syscallInfoFromRegs(
  tid: number,
  exit: boolean,
  regs: NativeBuffer,
  info: NativeBuffer,
): number {
  if (libc.ptrace(PT.GETREGS, tid, 0, regs.address) !== 0) return -lastErrno();
  const r = regs.view;
  const reg = (off: number): bigint => r.getBigUint64(off, true);
  const i386 = reg(REG.cs) === USER32_CS;
  // a 32-bit process's return value is an int: rax's low half, sign-extended
  const rax = i386 ? BigInt.asIntN(32, reg(REG.rax)) : BigInt.asIntN(64, reg(REG.rax));
  const op = exit || rax !== ENOSYS_RET ? PT.INFO_EXIT : PT.INFO_ENTRY;
  const v = info.view;
  info.bytes.fill(0);
  v.setUint8(INFO.op, op);
  v.setUint32(INFO.arch, i386 ? AUDIT_ARCH_I386 : AUDIT_ARCH_X86_64, true);
  v.setBigUint64(INFO.ip, reg(REG.rip), true);
  v.setBigUint64(INFO.sp, reg(REG.rsp), true);
  if (op === PT.INFO_EXIT) {
    v.setBigInt64(INFO.rval, rax, true);
    v.setUint8(INFO.isError, rax < 0n && rax >= -MAX_ERRNO ? 1 : 0);
    return op;
  }
  v.setBigInt64(INFO.nr, BigInt.asIntN(64, reg(REG.orig_rax)), true);
  const args = i386
    ? [REG.rbx, REG.rcx, REG.rdx, REG.rsi, REG.rdi, REG.rbp].map((o) => reg(o) & 0xffffffffn)
    : [REG.rdi, REG.rsi, REG.rdx, REG.r10, REG.r8, REG.r9].map(reg);
  for (const [i, a] of args.entries()) v.setBigUint64(INFO.args + 8 * i, a, true);
  return op;
}

// PTRACE_GET_SYSCALL_INFO's struct ptrace_syscall_info (uapi/linux/ptrace.h), as strace prints it: only the fields
// that fit in what was copied (the smaller of the caller's size and the kernel's), the union by op.
import { int, ptr, sym, type Value } from '../../model/value.js';
import { errnoByValue } from '../../tables/errnos.js';
import { type Arch, syscallByNumber } from '../../tables/syscalls.js';
import type { CallContext } from '../context.js';
import { styled } from '../xlat.js';
import { enumOf, u64, view, xv, xval } from './util.js';

/** Field offsets: op u8, arch u32, two u64 pointers, then the union (entry/seccomp: nr and args; exit). */
const OFF = { op: 0, arch: 4, ip: 8, sp: 16, nr: 24, args: 32, retData: 80, rval: 24, isError: 32 } as const;
const ARGS = 6;

/** The syscall table of an AUDIT_ARCH_* value (the arch the stopped call was made in). */
function archOf(audit: number): Arch | undefined {
  if (audit === xv('audit_arch', 'AUDIT_ARCH_X86_64')) return 'x86_64';
  if (audit === xv('audit_arch', 'AUDIT_ARCH_I386')) return 'i386';
  if (audit === xv('audit_arch', 'AUDIT_ARCH_AARCH64')) return 'arm64';
  return undefined;
}

/** `__NR_chdir` in the -X style; the number when the arch or the call is unknown. */
function syscallNr(audit: number, nr: bigint): Value {
  const arch = archOf(audit);
  const name = arch && nr < 0x7fffffffn ? syscallByNumber(arch, Number(nr))?.name : undefined;
  return name ? sym(styled(nr.toString(), `__NR_${name}`)) : int(nr);
}

/** entry/seccomp: `{nr=__NR_x, args=[...]}`, each argument only when all its bytes were copied. */
function callPart(v: DataView, len: number, audit: number): [string, Value][] {
  const fields: [string, Value][] = [['nr', syscallNr(audit, v.getBigUint64(OFF.nr, true))]];
  const n = Math.min(ARGS, Math.max(0, Math.floor((len - OFF.args) / 8)));
  if (n > 0)
    fields.push([
      'args',
      {
        k: 'array',
        items: Array.from({ length: n }, (_, k) => xval(v.getBigUint64(OFF.args + 8 * k, true))),
      },
    ]);
  return fields;
}

/** exit: `{rval=-ENOENT, is_error=1}`; rval is an errno only when is_error was copied and set. */
function exitPart(v: DataView, len: number): [string, Value][] {
  const rval = v.getBigInt64(OFF.rval, true);
  const hasError = len > OFF.isError;
  const isError = hasError ? v.getUint8(OFF.isError) : 0;
  const name = isError && rval < 0n ? errnoByValue(Number(-rval))?.name : undefined;
  const fields: [string, Value][] = [['rval', name ? sym(styled(rval.toString(), `-${name}`)) : int(rval)]];
  if (hasError) fields.push(['is_error', int(isError)]);
  return fields;
}

/** The struct at `addr`, `size` bytes asked for (PTRACE_GET_SYSCALL_INFO's addr), read at exit. */
export function ptraceSyscallInfo(c: CallContext, addr: bigint): Value {
  const asked = u64(c, 2);
  const got = c.ret === undefined ? 0n : BigInt(c.ret);
  const len = Number(asked < got ? asked : got);
  if (len <= 0) return ptr(addr);
  const v = view(c, addr, Math.min(len, 88));
  if (!v) return ptr(addr);
  const op = v.getUint8(OFF.op);
  const fields: [string, Value][] = [['op', enumOf('ptrace_syscall_info_op', op)]];
  if (len < OFF.arch + 4) return { k: 'struct', fields };
  const audit = v.getUint32(OFF.arch, true);
  fields.push(['arch', enumOf('audit_arch', audit)]);
  if (len < OFF.ip + 8) return { k: 'struct', fields };
  fields.push(['instruction_pointer', xval(v.getBigUint64(OFF.ip, true))]);
  if (len < OFF.sp + 8) return { k: 'struct', fields };
  fields.push(['stack_pointer', xval(v.getBigUint64(OFF.sp, true))]);
  if (len < OFF.nr + 8) return { k: 'struct', fields };
  if (op === xv('ptrace_syscall_info_op', 'PTRACE_SYSCALL_INFO_ENTRY'))
    fields.push(['entry', { k: 'struct', fields: callPart(v, len, audit) }]);
  else if (op === xv('ptrace_syscall_info_op', 'PTRACE_SYSCALL_INFO_EXIT'))
    fields.push(['exit', { k: 'struct', fields: exitPart(v, len) }]);
  else if (op === xv('ptrace_syscall_info_op', 'PTRACE_SYSCALL_INFO_SECCOMP')) {
    const part = callPart(v, len, audit);
    if (len >= OFF.retData + 4) part.push(['ret_data', int(v.getUint32(OFF.retData, true))]);
    fields.push(['seccomp', { k: 'struct', fields: part }]);
  }
  return { k: 'struct', fields };
}

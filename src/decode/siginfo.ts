// siginfo_t as strace's printsiginfo prints it, in signal lines (`--- SIGCHLD {si_signo=SIGCHLD, ...} ---`) and
// as a syscall argument (rt_sigqueueinfo, rt_sigtimedwait, waitid): which fields depend on si_code and si_signo.

import { hex, int, ptr, sym, type Value } from '../model/value.js';
import { errnoByValue } from '../tables/errnos.js';
import { SI_CODES } from '../tables/generated/siginfo-codes.js';
import { signalByName, signalName } from '../tables/signals.js';
import { syscallName } from '../tables/syscalls.js';
import { clockTicks, xint } from './structs/read.js';
import { hex as hexText, styled } from './xlat.js';

/** siginfo_t on x86_64 (include/uapi/asm-generic/siginfo.h): byte offsets of the union members strace prints. */
const SI = {
  signo: 0,
  errno: 4,
  code: 8,
  /** _kill, _rt, _sigchld */
  pid: 16,
  uid: 20,
  /** _timer */
  timerid: 16,
  overrun: 20,
  /** sigval in _rt and _timer */
  value: 24,
  /** _sigchld */
  status: 24,
  utime: 32,
  stime: 40,
  /** _sigfault */
  addr: 16,
  addrLsb: 24,
  lower: 32,
  upper: 40,
  pkey: 32,
  perfData: 24,
  perfType: 32,
  perfFlags: 36,
  /** _sigpoll */
  band: 16,
  fd: 24,
  /** _sigsys */
  callAddr: 16,
  syscall: 24,
  arch: 28,
} as const;

/** si_code names by family: positive codes mean different things per signal; SI_* (<= 0, and SI_KERNEL) are shared. */
const families = new Map<string, Map<number, string>>();
for (const [name, value] of SI_CODES) {
  const family = name.slice(0, name.indexOf('_'));
  if (name === 'TRAP_PERF_FLAG_ASYNC') continue;
  const m = families.get(family) ?? new Map<number, string>();
  families.set(family, m);
  if (!m.has(value)) m.set(value, name);
}

const s = (n: string): number => signalByName(n)?.value ?? -1;
const SIGCHLD = s('CHLD');
const SIGILL = s('ILL');
const SIGFPE = s('FPE');
const SIGBUS = s('BUS');
const SIGSEGV = s('SEGV');
const SIGTRAP = s('TRAP');
const SIGIO = s('IO');
const SIGSYS = s('SYS');
/** The per-signal code tables strace consults after the shared SI_* names. */
const FAMILY_OF: ReadonlyMap<number, string> = new Map([
  [SIGTRAP, 'TRAP'],
  [SIGCHLD, 'CLD'],
  [SIGIO, 'POLL'],
  [s('PROF'), 'PROF'],
  [SIGILL, 'ILL'],
  [SIGFPE, 'FPE'],
  [SIGSEGV, 'SEGV'],
  [SIGBUS, 'BUS'],
  [SIGSYS, 'SYS'],
]);

const CODES: ReadonlyMap<string, number> = new Map(SI_CODES.map(([n, v]) => [n, v]));
const code = (name: string): number => CODES.get(name) ?? Number.NaN;
const SI_USER = code('SI_USER');
const SI_TKILL = code('SI_TKILL');
const SI_TIMER = code('SI_TIMER');
const SI_SIGIO = code('SI_SIGIO');
const CLD_EXITED = code('CLD_EXITED');
const BUS_MCEERR_AR = code('BUS_MCEERR_AR');
const BUS_MCEERR_AO = code('BUS_MCEERR_AO');
const SEGV_BNDERR = code('SEGV_BNDERR');
const SEGV_PKUERR = code('SEGV_PKUERR');
const TRAP_PERF = code('TRAP_PERF');
/** POLL_IN .. POLL_HUP carry si_band and si_fd. */
const POLL_CODES = new Set(families.get('POLL')?.keys() ?? []);

/** AUDIT_ARCH_* values (include/uapi/linux/audit.h) seccomp reports in si_arch. */
const AUDIT_ARCHES: ReadonlyMap<number, string> = new Map([
  [0xc000003e, 'AUDIT_ARCH_X86_64'],
  [0x40000003, 'AUDIT_ARCH_I386'],
]);

function codeValue(signo: number, c: number): Value {
  // -X raw/verbose: the code as an unsigned int in hex (strace's print_si_code), shared SI_* codes too
  const shared = families.get('SI')?.get(c);
  if (shared) return sym(styled(hexText(c >>> 0), shared));
  const family = FAMILY_OF.get(signo);
  const name = family ? families.get(family)?.get(c) : undefined;
  return name ? sym(styled(hexText(c >>> 0), name)) : hex(c >>> 0);
}

const signalValue = (n: number): Value =>
  n > 0 && signalName(n) !== String(n) ? sym(styled(String(n), signalName(n))) : int(n);

/** Decodes a 128-byte siginfo_t (from PTRACE_GETSIGINFO or tracee memory); si_fd is the reader's fd (-y). */
export function decodeSiginfo(
  v: DataView,
  pidValue: (pid: number) => Value = int,
  fdValue: (fd: number) => Value = int,
): Value {
  const signo = v.getInt32(SI.signo, true);
  if (signo === 0) return { k: 'struct', fields: [] };
  const c = v.getInt32(SI.code, true);
  const fields: [string, Value][] = [
    ['si_signo', signalValue(signo)],
    ['si_code', codeValue(signo, c)],
  ];
  const push = (name: string, value: Value): void => void fields.push([name, value]);
  const errno = v.getInt32(SI.errno, true);
  if (errno !== 0) {
    // PRINT_FIELD_ERR_U: the name (styled by -X), or the number unsigned
    const name = errnoByValue(errno)?.name;
    push('si_errno', name ? sym(styled(String(errno >>> 0), name)) : int(errno >>> 0));
  }
  const source = (): void => {
    push('si_pid', pidValue(v.getInt32(SI.pid, true)));
    // strace's PRINT_FIELD_ID: (uid_t) -1 is -1
    push('si_uid', int(v.getInt32(SI.uid, true) === -1 ? -1 : v.getUint32(SI.uid, true)));
  };
  const sigval = (): void => {
    push('si_int', int(v.getInt32(SI.value, true)));
    push('si_ptr', ptr(v.getBigUint64(SI.value, true)));
  };
  const hasPtr = (): boolean => v.getBigUint64(SI.value, true) !== 0n;
  if (c <= 0) {
    if (c === SI_USER || c === SI_TKILL) source();
    else if (c === SI_TIMER) {
      push('si_timerid', xint(v.getInt32(SI.timerid, true) >>> 0));
      push('si_overrun', int(v.getInt32(SI.overrun, true)));
      sigval();
    } else if (c === SI_SIGIO) {
      push('si_band', int(v.getBigInt64(SI.band, true)));
      push('si_fd', fdValue(v.getInt32(SI.fd, true)));
    } else {
      source();
      if (hasPtr()) sigval();
    }
    return { k: 'struct', fields };
  }
  const addr = (): void => push('si_addr', ptr(v.getBigUint64(SI.addr, true)));
  if (signo === SIGCHLD) {
    source();
    const status = v.getInt32(SI.status, true);
    push('si_status', c === CLD_EXITED ? int(status) : signalValue(status));
    push('si_utime', clockTicks(v.getBigUint64(SI.utime, true)));
    push('si_stime', clockTicks(v.getBigUint64(SI.stime, true)));
  } else if (signo === SIGILL || signo === SIGFPE) addr();
  else if (signo === SIGBUS) {
    addr();
    if (c === BUS_MCEERR_AR || c === BUS_MCEERR_AO) push('si_addr_lsb', xint(v.getUint16(SI.addrLsb, true)));
  } else if (signo === SIGSEGV) {
    addr();
    if (c === SEGV_BNDERR) {
      push('si_lower', ptr(v.getBigUint64(SI.lower, true)));
      push('si_upper', ptr(v.getBigUint64(SI.upper, true)));
    } else if (c === SEGV_PKUERR) push('si_pkey', int(v.getUint32(SI.pkey, true)));
  } else if (signo === SIGTRAP) {
    addr();
    if (c === TRAP_PERF) {
      push('si_perf_data', xint(v.getBigUint64(SI.perfData, true)));
      push('si_perf_type', int(v.getUint32(SI.perfType, true)));
      push('si_perf_flags', xint(v.getUint32(SI.perfFlags, true)));
    }
  } else if (signo === SIGIO) {
    if (POLL_CODES.has(c)) {
      push('si_band', int(v.getBigInt64(SI.band, true)));
      push('si_fd', fdValue(v.getInt32(SI.fd, true)));
    }
  } else if (signo === SIGSYS) {
    push('si_call_addr', ptr(v.getBigUint64(SI.callAddr, true)));
    const nr = v.getInt32(SI.syscall, true);
    const arch = v.getUint32(SI.arch, true);
    const name = AUDIT_ARCHES.get(arch) === 'AUDIT_ARCH_X86_64' ? syscallName('x86_64', nr) : undefined;
    const known = name && !name.startsWith('syscall_');
    push('si_syscall', known ? sym(styled(String(nr >>> 0), `__NR_${name}`)) : int(nr >>> 0));
    const archName = AUDIT_ARCHES.get(arch);
    push('si_arch', sym(styled(hexText(arch), archName ?? `${hexText(arch)} /* AUDIT_ARCH_??? */`)));
  } else {
    if (v.getInt32(SI.pid, true) !== 0 || v.getUint32(SI.uid, true) !== 0) source();
    if (hasPtr()) sigval();
  }
  return { k: 'struct', fields };
}

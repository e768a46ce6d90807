// ptrace(2)'s pid, addr and data by request (strace's decode_ptrace_entering/exiting): signals, options, the
// words PEEK* and GETEVENTMSG return, siginfo (one, or PEEKSIGINFO's array), signal masks, seccomp metadata and
// the x86_64 register sets (GETREGS/GETFPREGS and the NT_PRSTATUS/NT_FPREGSET regsets' iovec) are decoded.
import { int, NONE, ptr, sym, type Value } from '../../model/value.js';
import { STRUCTS } from '../../tables/generated/structs.js';
import { signalByValue } from '../../tables/signals.js';
import { fdValue } from '../args/fds.js';
import { pidValue } from '../args/numbers.js';
import { sigsetAt } from '../args/sigset.js';
import type { ArgDecoder, CallContext } from '../context.js';
import { decodeSiginfo } from '../siginfo.js';
import { memArray } from '../structs/array.js';
import { styled } from '../xlat.js';
import { noteRegset, wholeRegs } from './ptrace-regs.js';
import { ptraceSyscallInfo } from './ptrace-syscall-info.js';
import { enumOf, flagsOf, i32, ifOk, indirect, nameOf, save, saved, u64, view, xval } from './util.js';

/** The request's name in the ptrace_request table (PTRACE_PEEKUSER rather than the header's PEEKUSR). */
const request = (c: CallContext): string => nameOf('ptrace_request', u64(c, 0)) ?? '';

const NO_PID = new Set(['PTRACE_TRACEME']);
const NO_ADDR = new Set([
  'PTRACE_TRACEME',
  'PTRACE_ATTACH',
  'PTRACE_INTERRUPT',
  'PTRACE_KILL',
  'PTRACE_LISTEN',
]);
/** Register requests print the data pointer in place of addr (x86_64 ignores addr for them). */
const REGS = new Set(['PTRACE_GETREGS', 'PTRACE_SETREGS', 'PTRACE_GETFPREGS', 'PTRACE_SETFPREGS']);
const ADDR_NUMBER = new Set([
  'PTRACE_GETSIGMASK',
  'PTRACE_SETSIGMASK',
  'PTRACE_SECCOMP_GET_FILTER',
  'PTRACE_SECCOMP_GET_METADATA',
  'PTRACE_GET_SYSCALL_INFO',
]);
const DATA_SIGNAL = new Set([
  'PTRACE_CONT',
  'PTRACE_DETACH',
  'PTRACE_SYSCALL',
  'PTRACE_SINGLESTEP',
  'PTRACE_SINGLEBLOCK',
  'PTRACE_SYSEMU',
  'PTRACE_SYSEMU_SINGLESTEP',
]);
const DATA_OPTIONS = new Set(['PTRACE_SEIZE', 'PTRACE_SETOPTIONS', 'PTRACE_OLDSETOPTIONS']);
/** Requests whose data the kernel fills, shown at exit (strace's verbose default). */
const DATA_OUT: Readonly<Record<string, (c: CallContext, addr: bigint) => Value>> = {
  PTRACE_PEEKDATA: (c, a) => indirect(c, a, 8, (v) => ptr(v.getBigUint64(0, true))),
  PTRACE_PEEKTEXT: (c, a) => indirect(c, a, 8, (v) => ptr(v.getBigUint64(0, true))),
  PTRACE_PEEKUSER: (c, a) => indirect(c, a, 8, (v) => ptr(v.getBigUint64(0, true))),
  PTRACE_GETEVENTMSG: (c, a) => indirect(c, a, 8, (v) => int(v.getBigUint64(0, true))),
  PTRACE_GETSIGINFO: siginfoAt,
  PTRACE_GETREGS: (c, a) => wholeRegs(c, 'user_regs_struct', a),
  PTRACE_GETFPREGS: (c, a) => wholeRegs(c, 'user_fpregs_struct', a),
  // as many siginfo_t as the call returned
  PTRACE_PEEKSIGINFO: (c, a) =>
    memArray(c, a, c.ret ?? 0n, SIGINFO_SIZE, (v, off) =>
      siginfo(c, new DataView(v.buffer, v.byteOffset + off, SIGINFO_SIZE)),
    ),
  PTRACE_GET_SYSCALL_INFO: ptraceSyscallInfo,
  // the mask's size is in addr (strace's print_sigset_addr_len)
  PTRACE_GETSIGMASK: (c, a) => sigsetAt(c, a, u64(c, 2)),
};

const SIGINFO_SIZE = 128;

const siginfo = (c: CallContext, v: DataView): Value =>
  decodeSiginfo(
    v,
    (pid) => pidValue(c, pid),
    (fd) => fdValue(c, fd),
  );

/** A siginfo_t in tracee memory (128 bytes). */
function siginfoAt(c: CallContext, addr: bigint): Value {
  const v = view(c, addr, SIGINFO_SIZE);
  return v ? siginfo(c, v) : ptr(addr);
}

const PEEK = STRUCTS.ptrace_peeksiginfo_args;

/** PTRACE_PEEKSIGINFO's addr: struct ptrace_peeksiginfo_args, or its address. */
function peeksiginfoArgs(c: CallContext, addr: bigint): Value {
  const v = view(c, addr, PEEK.size);
  if (!v) return ptr(addr);
  return {
    k: 'struct',
    fields: [
      ['off', int(v.getBigUint64(PEEK.fields.off.off, true))],
      ['flags', flagsOf('ptrace_peeksiginfo_flags', v.getUint32(PEEK.fields.flags.off, true))],
      // strace reads nr as unsigned
      ['nr', int(v.getUint32(PEEK.fields.nr.off, true))],
    ],
  };
}

/** struct iovec: { void *iov_base; size_t iov_len; } (16 bytes), as [base, len], or undefined when unreadable. */
function iovecAt(c: CallContext, addr: bigint): readonly [bigint, bigint] | undefined {
  const v = view(c, addr, 16);
  return v ? [v.getBigUint64(0, true), v.getBigUint64(8, true)] : undefined;
}

/**
 * PTRACE_SETREGSET's data at entry: `{iov_base=REGSET, iov_len=N` (the kernel reads the regset now), or the
 * address when the iovec cannot be read.
 */
function setRegsetAtEntry(c: CallContext, addr: bigint): Value {
  const iov = iovecAt(c, addr);
  if (!iov) return ptr(addr);
  const [base, len] = iov;
  return {
    k: 'struct',
    fields: [
      ['iov_base', noteRegset(c, u64(c, 2), base, len)],
      ['iov_len', int(len)],
    ],
  };
}

/** The iov_len printed at entry, and `=> NEW` when the kernel changed it. */
function lenChanged(c: CallContext, addr: bigint, old: bigint): Value {
  const now = iovecAt(c, addr)?.[1];
  return now === undefined || now === old ? int(old) : { k: 'changed', before: int(old), after: int(now) };
}

/** PTRACE_GETREGSET at exit: the regset the kernel filled, as long as the iov_len it wrote back. */
function getRegsetAtExit(c: CallContext, addr: bigint, old: bigint): Value {
  const iov = iovecAt(c, addr);
  if (!iov) return ptr(addr);
  const [base, len] = iov;
  return {
    k: 'struct',
    fields: [
      ['iov_base', c.failed ? ptr(base) : noteRegset(c, u64(c, 2), base, len)],
      ['iov_len', len === old ? int(len) : { k: 'changed', before: int(old), after: int(len) }],
    ],
  };
}

/** struct seccomp_metadata (include/uapi/linux/ptrace.h): { __u64 filter_off @0; __u64 flags @8 }, 16 bytes. */
const METADATA = { filterOff: 0, flags: 8, size: 16 } as const;

/** PTRACE_SECCOMP_GET_METADATA's data at entry: `{filter_off=N` (flags follow at exit), or its address. */
function metadataAtEntry(c: CallContext, addr: bigint, size: bigint): Value {
  const v = size < BigInt(METADATA.flags) ? undefined : view(c, addr, METADATA.flags);
  return v
    ? { k: 'struct', fields: [['filter_off', int(v.getBigUint64(METADATA.filterOff, true))]] }
    : ptr(addr);
}

/** The struct begun at entry, with the flags the kernel wrote when the size covers them (strace's order). */
function metadataAtExit(c: CallContext, begun: Value, addr: bigint, size: bigint): Value {
  if (begun.k !== 'struct' || c.failed || size <= BigInt(METADATA.flags)) return begun;
  const v = size < BigInt(METADATA.size) ? undefined : view(c, addr + BigInt(METADATA.flags), 8);
  const flags = v ? flagsOf('seccomp_filter_flags', v.getBigUint64(0, true)) : sym('???');
  return { k: 'struct', fields: [...begun.fields, ['flags', flags]], more: size > BigInt(METADATA.size) };
}

const ptracePid: ArgDecoder = {
  phase: 'entry',
  decode: (c, i) => (NO_PID.has(request(c)) ? NONE : int(i32(c, i))),
};

const ptraceAddr: ArgDecoder = {
  phase: 'entry',
  decode: (c, i) => {
    const req = request(c);
    if (NO_ADDR.has(req) || REGS.has(req)) return NONE;
    if (ADDR_NUMBER.has(req)) return int(u64(c, i));
    if (req === 'PTRACE_PEEKUSER' || req === 'PTRACE_POKEUSER') return xval(u64(c, i));
    if (req === 'PTRACE_GETREGSET' || req === 'PTRACE_SETREGSET')
      return enumOf('nt_descriptor_types', u64(c, i));
    if (req === 'PTRACE_PEEKSIGINFO') return peeksiginfoArgs(c, u64(c, i));
    return ptr(u64(c, i));
  },
};

/** data at entry: its value, NONE when not printed, undefined when the kernel fills it (shown at exit). */
function dataAtEntry(c: CallContext, i: number): Value | undefined {
  const req = request(c);
  const data = u64(c, i);
  if (NO_ADDR.has(req)) return NONE;
  if (DATA_SIGNAL.has(req)) {
    const n = Number(data);
    return n === 0 ? int(0) : (signalValue(n) ?? int(data));
  }
  if (DATA_OPTIONS.has(req)) return flagsOf('ptrace_setoptions_flags', data);
  if (req === 'PTRACE_SETSIGINFO') return siginfoAt(c, data);
  if (req === 'PTRACE_SETSIGMASK') return sigsetAt(c, data, u64(c, 2));
  if (req === 'PTRACE_SECCOMP_GET_METADATA') return metadataAtEntry(c, data, u64(c, 2));
  if (req === 'PTRACE_SETREGS') return wholeRegs(c, 'user_regs_struct', data);
  if (req === 'PTRACE_SETFPREGS') return wholeRegs(c, 'user_fpregs_struct', data);
  if (req === 'PTRACE_SETREGSET') return setRegsetAtEntry(c, data);
  // the iov_len the caller gave (compared at exit), or the address when the iovec cannot be read
  if (req === 'PTRACE_GETREGSET') {
    const iov = iovecAt(c, data);
    return iov ? int(iov[1]) : ptr(data);
  }
  return req in DATA_OUT ? undefined : ptr(data);
}

const ptraceData: ArgDecoder = {
  phase: 'exit',
  atEntry: (c, i) => {
    const v = dataAtEntry(c, i);
    if (v === undefined) return;
    save(c, i, v);
    if (v.k === 'none') c.entryOnly = true;
  },
  decode: (c, i) => {
    const req = request(c);
    const addr = u64(c, i);
    const begun = saved(c, i);
    if (req === 'PTRACE_SECCOMP_GET_METADATA' && begun) return metadataAtExit(c, begun, addr, u64(c, 2));
    if (req === 'PTRACE_GETREGSET' && begun?.k === 'int') return getRegsetAtExit(c, addr, BigInt(begun.v));
    if (req === 'PTRACE_SETREGSET' && begun?.k === 'struct') {
      const [base, len] = begun.fields;
      if (base && len?.[1].k === 'int')
        return { k: 'struct', fields: [base, ['iov_len', lenChanged(c, addr, BigInt(len[1].v))]] };
    }
    if (begun) return begun;
    const out = DATA_OUT[req];
    return out ? ifOk(c, addr, () => out(c, addr)) : ptr(addr);
  },
};

/** printsignal: the name, styled by -X. */
function signalValue(n: number): Value | undefined {
  const s = signalByValue(n);
  return s ? sym(styled(String(n), s.name)) : undefined;
}

export const PTRACE_DECODERS = {
  ptrace_pid: ptracePid,
  ptrace_addr: ptraceAddr,
  ptrace_data: ptraceData,
} as const satisfies Record<string, ArgDecoder>;

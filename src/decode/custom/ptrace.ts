// ptrace(2)'s pid, addr and data by request (strace's decode_ptrace_entering/exiting), basic: signals, options,
// the words PEEK* and GETEVENTMSG return, siginfo, signal masks and seccomp metadata are decoded; register sets
// and the other structs print as their address.
import { int, NONE, ptr, sym, type Value } from '../../model/value.js';
import { signalByValue } from '../../tables/signals.js';
import { fdValue } from '../args/fds.js';
import { pidValue } from '../args/numbers.js';
import { sigsetAt } from '../args/sigset.js';
import type { ArgDecoder, CallContext } from '../context.js';
import { decodeSiginfo } from '../siginfo.js';
import { ptraceSyscallInfo } from './ptrace-syscall-info.js';
import { flagsOf, i32, ifOk, indirect, nameOf, save, saved, u64, view, xval } from './util.js';

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
  PTRACE_GETREGS: (_c, a) => ptr(a),
  PTRACE_GETFPREGS: (_c, a) => ptr(a),
  PTRACE_GET_SYSCALL_INFO: ptraceSyscallInfo,
  // the mask's size is in addr (strace's print_sigset_addr_len)
  PTRACE_GETSIGMASK: (c, a) => sigsetAt(c, a, u64(c, 2)),
};

/** A siginfo_t in tracee memory (128 bytes). */
function siginfoAt(c: CallContext, addr: bigint): Value {
  const v = view(c, addr, 128);
  return v
    ? decodeSiginfo(
        v,
        (pid) => pidValue(c, pid),
        (fd) => fdValue(c, fd),
      )
    : ptr(addr);
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
    if (req === 'PTRACE_GETREGSET' || req === 'PTRACE_SETREGSET') return xval(u64(c, i));
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
    if (begun) return begun;
    const out = DATA_OUT[req];
    return out ? ifOk(c, addr, () => out(c, addr)) : ptr(addr);
  },
};

function signalValue(n: number): Value | undefined {
  const s = signalByValue(n);
  return s ? { k: 'sym', text: s.name } : undefined;
}

export const PTRACE_DECODERS = {
  ptrace_pid: ptracePid,
  ptrace_addr: ptraceAddr,
  ptrace_data: ptraceData,
} as const satisfies Record<string, ArgDecoder>;

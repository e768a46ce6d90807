// Signatures for calls made through the i386 ABI (int 0x80 from a 32-bit program): the x86_64 signature of the
// call with the same kernel entry point (or its *_time32/*32/*16 twin), its longs read as 32 bits. A struct whose
// layout differs is decoded by a decoder that reads CallContext.abi (ABI_AWARE: time, iovec, msghdr, rusage...)
// or by its i386 form (I386_FORM, OWN); any other stays a pointer rather than being decoded wrongly.
import { signatureOf } from '../tables/lookup.js';
import { type ArgKind, parseSignature, type Signature, type SignatureArg } from '../tables/signature.js';
import { listSyscalls, syscallByName } from '../tables/syscalls.js';
import { WIDE_CALL } from './abi.js';
import type { Memory } from './memory.js';
import { lookupXlat, xlatName } from './xlat.js';

/** Calls of the i386 ABI with their own argument forms, in the signature language (see signature.ts). */
const OWN: Readonly<Record<string, string>> = {
  stat64: 'pathname:path, statbuf:out(stat64)',
  lstat64: 'pathname:path, statbuf:out(stat64)',
  fstat64: 'fd:fd, statbuf:out(stat64)',
  fstatat64: 'dirfd:dirfd, pathname:path, statbuf:out(stat64), flags:flags(at_flags)',
  _llseek:
    'fd:fd, offset_high:custom(llseek_offset), offset_low:custom(llseek_low), result:out(llseek_result), whence:enum(whence)',
  // x86_64 has the numbers but no entry points (64-bit code sets %fs with arch_prctl)
  set_thread_area: 'u_info:custom(user_desc32)',
  // the mask saved in the signal frame on the stack, in the i386 frame layouts
  sigreturn: 'mask:frame(sigreturn_mask_i386) -> none',
  rt_sigreturn: 'mask:frame(rt_sigreturn_mask_i386) -> none',
  // 64-bit offsets split over two registers, low half first (sys_ia32_*: arch/x86/kernel/sys_ia32.c)
  pread64: 'fd:fd, buf:obuf(count), count:uint, offset:custom(off_lo), offset_hi:custom(off_hi)',
  pwrite64: 'fd:fd, buf:ibuf(count), count:uint, offset:custom(off_lo), offset_hi:custom(off_hi)',
  truncate64: 'path:path, length:custom(off_lo), length_hi:custom(off_hi)',
  ftruncate64: 'fd:fd, length:custom(off_lo), length_hi:custom(off_hi)',
  readahead: 'fd:fd, offset:custom(off_lo), offset_hi:custom(off_hi), count:uint',
  fadvise64: 'fd:fd, offset:custom(off_lo), offset_hi:custom(off_hi), len:uint, advice:enum(fadvise_advice)',
  fadvise64_64:
    'fd:fd, offset:custom(off_lo), offset_hi:custom(off_hi), len:custom(off_lo), len_hi:custom(off_hi), advice:enum(fadvise_advice)',
  fallocate:
    'fd:fd, mode:flags(fallocate_mode), offset:custom(off_lo), offset_hi:custom(off_hi), len:custom(off_lo), len_hi:custom(off_hi)',
  sync_file_range:
    'fd:fd, offset:custom(off_lo), offset_hi:custom(off_hi), nbytes:custom(off_lo), nbytes_hi:custom(off_hi), flags:flags(sync_file_range_flags)',
  statfs64: 'pathname:path, sz:uint, buf:out(statfs64)',
  fstatfs64: 'fd:fd, sz:uint, buf:out(statfs64)',
  get_thread_area: 'u_info:custom(user_desc32_out)',
  // the i386 (compat) ipc64_perm structs are not read: their buffers stay addresses, as strace shows a bad one
  msgctl: 'msqid:int, cmd:enum(msgctl_cmd), buf:ptr',
  shmctl: 'shmid:int, cmd:enum(shmctl_cmd), buf:ptr',
  // an ipc call number no header names: strace shows the multiplexer's own arguments
  ipc: 'call:uint, first:hex, second:hex, third:hex, ptr:hex, fifth:hex',
};

/**
 * i386 names whose entry point x86_64 lacks, with the x86_64 call they decode like (their struct arguments
 * then print as pointers: their i386 layouts are not decoded yet).
 */
const LIKE: Readonly<Record<string, string>> = {
  mmap2: 'mmap',
  // old mmap's six arguments, once read from its struct mmap_arg_struct (oldMmapArgs)
  mmap: 'mmap',
  // ipc's sub-calls i386 has no number of its own for (ipcTarget)
  semop: 'semop',
  semtimedop: 'semtimedop',
  fcntl64: 'fcntl',
  nanosleep: 'nanosleep',
  clock_gettime: 'clock_gettime',
  clock_nanosleep: 'clock_nanosleep',
  gettimeofday: 'gettimeofday',
  time: 'time',
};

/** Struct and array parameters with the same bytes on both ABIs (no long, pointer or 32-bit time inside). */
const SAME_LAYOUT = new Set([
  'sockaddr',
  'socklen_t',
  'sembuf',
  'fd_set',
  'uint',
  'int',
  'move_pages_nodes',
  'move_pages_status',
  'loff_t',
  'epoll_event',
  'uid_t',
  'gid_t',
  'gid_list',
  'sched_param',
  'sched_attr',
  'pollfd',
  'futex_waitv',
  'cap_user_header',
  'cap_user_data',
  'utsname',
  'statx',
  'open_how',
  'clone_args',
  'mount_attr',
  'landlock_ruleset_attr',
  'cachestat_range',
  'cachestat',
  'io_uring_params',
  'file_handle',
  'linux_dirent64',
  'wait_status',
  'timezone',
  // ints, struct linger (ints) or bytes
  'sockopt',
]);

/** 64-bit structs: the same on both ABIs, but only in the calls made for them (the others take compat layouts). */
const WIDE = new Set(['timespec', 'itimerspec', 'timespec_pair', 'entry_timespec', 'rlimit']);

/** Structs whose i386 (compat) layout has its own decoder: the x86_64 name, then the i386 one. */
const I386_FORM: Readonly<Record<string, string>> = {
  rlimit: 'rlimit32',
  sigaction: 'sigaction32',
};

/** Structs whose decoder reads the layout of the call's ABI (CallContext.abi; abi.ts). */
const ABI_AWARE = new Set([
  'timespec',
  'timeval',
  'itimerspec',
  'itimerval',
  'timespec_pair',
  'timeval_pair',
  'time_t',
  'utimbuf',
  'rusage',
  'tms',
  'sysinfo',
  'kernel_sigset',
  'sigaltstack',
  'msghdr',
  'mmsghdr',
  'entry_timespec',
  'msgbuf',
]);

/** Custom decoders that read no memory laid out by the ABI, or read it in the call's ABI. */
const SAME_CUSTOM = new Set([
  'io_uring_params',
  'perf_event_attr',
  'xattr_set_value',
  'xattr_get_value',
  'xattr_list',
  'hostname',
  'open_mode',
  'dev',
  'mknod_dev',
  'socket_protocol',
  'symbolic_mode',
  'priority_who',
  'ioprio',
  'ioprio_who',
  'seccomp_flags',
  'swap_flags',
  'sockopt_name',
  'kcmp_idx',
  'pidfd_target_fd',
  // the request number only (its argument, ioctl_arg, reads structs of either layout: still raw)
  'ioctl',
  // these read the call's ABI (abi.ts): struct flock by command; clone's slots after i386Raw's reordering
  'fcntl_arg',
  'clone_entry',
  'clone_exit',
  // bytes, or netlink messages (the same on both ABIs)
  'futex_val',
  'futex_timeout',
  'futex_uaddr2',
  'futex_val3',
  'sockbuf_in',
  'sockbuf_out',
  // bytes the kernel wrote, as many as it returned
  'getrandom_buf',
]);

/** 32-bit forms of the integer kinds: the registers hold 32 bits, zero-extended. */
const NARROW: Partial<Record<ArgKind, ArgKind>> = { long: 'int', ulong: 'uint', size: 'uint', off: 'int' };

const STRUCT_KINDS: ReadonlySet<ArgKind> = new Set(['in', 'out', 'inout']);

function narrow(a: SignatureArg, wide: boolean): SignatureArg {
  const k = NARROW[a.kind];
  if (k) return { name: a.name, kind: k };
  const param = a.param ?? '';
  const form = I386_FORM[param];
  if (STRUCT_KINDS.has(a.kind) && form !== undefined && !(wide && WIDE.has(param)))
    return { ...a, param: form };
  if (
    STRUCT_KINDS.has(a.kind) &&
    !SAME_LAYOUT.has(param) &&
    !ABI_AWARE.has(param) &&
    !(wide && WIDE.has(param))
  )
    return { name: a.name, kind: 'ptr' };
  if (a.kind === 'custom' && !SAME_CUSTOM.has(param)) return { name: a.name, kind: 'hex' };
  return a;
}

let byEntry: Map<string, string> | undefined;
/** The x86_64 call an i386 call decodes like: the same kernel entry point, else the LIKE table. */
export function x86Equivalent(name: string): string | undefined {
  if (!byEntry) {
    byEntry = new Map();
    for (const s of listSyscalls('x86_64')) if (s.entry !== '') byEntry.set(s.entry, s.name);
  }
  const entry = syscallByName('i386', name)?.entry ?? '';
  // the 32-bit-time and 16-bit-id variants of a call (sys_futex_time32, sys_timer_settime32, sys_setuid16):
  // the same arguments, their structs swapped for the i386 forms below
  return byEntry.get(entry) ?? byEntry.get(entry.replace(/(_time32|32|16)$/, '')) ?? LIKE[name];
}

const cache = new Map<string, Signature | undefined>();
/** The signature an i386 call decodes with; undefined when there is none (raw hex, strace's fallback). */
export function i386Signature(name: string): Signature | undefined {
  if (cache.has(name)) return cache.get(name);
  const own = OWN[name];
  if (own !== undefined) {
    const sig = parseSignature(own);
    cache.set(name, sig);
    return sig;
  }
  const like = x86Equivalent(name);
  const base = like === undefined ? undefined : signatureOf(like);
  const wide = WIDE_CALL.test(name);
  // a signal frame on the stack (rt_sigreturn's mask) has the i386 layout: not read
  // the 16-bit-id calls (sys_getgroups16, sys_getresuid16) write 16-bit ids: their arrays and out-ids as addresses
  const ids16 = /16$/.test(syscallByName('i386', name)?.entry ?? '');
  const args = base?.args
    .filter((a) => a.kind !== 'frame')
    .map((a) => narrow(a, wide))
    .map((a): SignatureArg => (ids16 && STRUCT_KINDS.has(a.kind) ? { name: a.name, kind: 'ptr' } : a));
  const sig: Signature | undefined = base && args && { ...base, args };
  cache.set(name, sig);
  return sig;
}

/**
 * Raw arguments as the decoders expect them: mmap2's offset is in 4096-byte pages, strace prints bytes; i386's
 * clone takes (flags, stack, parent_tid, tls, child_tid) (CONFIG_CLONE_BACKWARDS), x86_64's the last two swapped.
 */
export function i386Raw(name: string, raw: readonly bigint[]): readonly bigint[] {
  if (name === 'mmap2') return raw.map((r, i) => (i === 5 ? r << 12n : r));
  if (name === 'clone') return raw.map((r, i) => (i === 3 ? (raw[4] ?? 0n) : i === 4 ? (raw[3] ?? 0n) : r));
  return raw;
}

/** The call a multiplexer (socketcall, ipc) stands for; `signature` when it differs from the call's own. */
export interface SubCall {
  readonly name: string;
  readonly raw: readonly bigint[];
  readonly signature?: Signature;
  /** Where the kernel stores the call's real result (ipc's shmat: *third), shown as its return value. */
  readonly resultAt?: bigint;
  /** The arguments shown instead when the call fails (msgrcv's version 0: the kludge's address, no msgtyp). */
  readonly failedForm?: { readonly raw: readonly bigint[]; readonly signature: Signature };
}

/**
 * socketcall(call, args): the socket call it stands for, as strace shows it (`socket(AF_INET, ...)`), with its
 * arguments read from the array of 32-bit values at `args`. Undefined when the call number or the array is bad.
 */
export function socketcallTarget(raw: readonly bigint[], mem: Memory): SubCall | undefined {
  const table = lookupXlat('socketcall');
  const sub = table ? xlatName(table, BigInt.asIntN(32, raw[0] ?? 0n)) : undefined;
  if (!sub) return undefined;
  const name = sub.slice('SYS_'.length).toLowerCase();
  const n = i386Signature(name)?.args.length ?? 6;
  const bytes = mem.read(raw[1] ?? 0n, n * 4);
  if (!bytes || bytes.length < n * 4) return undefined;
  const v = new DataView(bytes.buffer, bytes.byteOffset, bytes.length);
  const args = Array.from({ length: 6 }, (_, i) => (i < n ? BigInt(v.getUint32(i * 4, true)) : 0n));
  return { name, raw: args };
}

const u32 = (bytes: Uint8Array, i: number): bigint =>
  BigInt(new DataView(bytes.buffer, bytes.byteOffset, bytes.length).getUint32(i * 4, true));

/** semctl through ipc: its union semun is behind ptr (ksys_ipc reads it), shown in brackets as strace does. */
const SEMCTL_INDIRECT: Signature = parseSignature(
  'semid:int, semnum:int, cmd:enum(semctl_cmd), arg:in(semun_ptr32)',
);

/** msgrcv through ipc version 0, failed or its struct ipc_kludge unreadable: the kludge's address and no msgtyp. */
const MSGRCV_KLUDGE: Signature = parseSignature(
  'msqid:int, msgp:ptr, msgsz:size, msgflg:flags(ipc_msg_flags)',
);

/**
 * ipc(call, first, second, third, ptr, fifth): the System V IPC call it stands for (ipc/syscall.c's ksys_ipc), as
 * strace shows it (`semget(IPC_PRIVATE, 1, 0600)`), with the sub-call's own arguments. The call is in the low 16 bits,
 * the version in the high 16: msgrcv's version 0 passes msgp and msgtyp in a struct ipc_kludge behind ptr.
 * Undefined when the call has no name, or when the kludge cannot be read.
 */
export function ipcTarget(raw: readonly bigint[], mem: Memory): SubCall | undefined {
  const table = lookupXlat('ipccall');
  const call = Number((raw[0] ?? 0n) & 0xffffn);
  const version = Number(((raw[0] ?? 0n) >> 16n) & 0xffffn);
  const sub = table ? xlatName(table, BigInt(call)) : undefined;
  if (!sub) return undefined;
  const [, first = 0n, second = 0n, third = 0n, ptr = 0n, fifth = 0n] = raw;
  const args = ((): bigint[] | undefined => {
    switch (sub) {
      case 'SEMOP':
        return [first, ptr, second];
      case 'SEMTIMEDOP':
        return [first, ptr, second, fifth];
      case 'SEMCTL':
        return [first, second, third, ptr];
      case 'MSGSND':
        return [first, ptr, second, third];
      case 'MSGRCV': {
        if (version !== 0) return [first, ptr, second, fifth, third];
        const kludge = mem.read(ptr, 8);
        if (!kludge || kludge.length < 8) return [first, ptr, second, third];
        return [first, u32(kludge, 0), second, u32(kludge, 1), third];
      }
      case 'MSGCTL':
      case 'SHMCTL':
        return [first, second, ptr];
      case 'SHMAT':
        return [first, ptr, second];
      case 'SHMDT':
        return [ptr];
      default:
        // SEMGET, MSGGET, SHMGET: (key, ..., flags)
        return sub === 'MSGGET' ? [first, second] : [first, second, third];
    }
  })();
  if (!args) return undefined;
  const raw6 = [...args, ...Array<bigint>(6 - args.length).fill(0n)];
  if (sub === 'MSGRCV' && version === 0) {
    const failedForm = { raw: [first, ptr, second, third, 0n, 0n], signature: MSGRCV_KLUDGE };
    // an unreadable kludge: shown as a failed call's, whatever the result
    return args.length === 4 ? { name: 'msgrcv', ...failedForm } : { name: 'msgrcv', raw: raw6, failedForm };
  }
  if (sub === 'SEMCTL') return { name: 'semctl', raw: raw6, signature: SEMCTL_INDIRECT };
  // ipc returns 0 from shmat and stores the address at third (put_user), which strace shows as the result
  if (sub === 'SHMAT' && version !== 1) return { name: 'shmat', raw: raw6, resultAt: third };
  return { name: sub.toLowerCase(), raw: raw6 };
}

/**
 * i386's old mmap (syscall 90, sys_old_mmap): its one argument points to struct mmap_arg_struct, six u32s (addr,
 * len, prot, flags, fd, offset) that strace prints as mmap's six arguments. Undefined when they cannot be read
 * (strace then shows the pointer alone).
 */
export function oldMmapArgs(raw: readonly bigint[], mem: Memory): readonly bigint[] | undefined {
  const bytes = mem.read(raw[0] ?? 0n, 24);
  if (!bytes || bytes.length < 24) return undefined;
  return Array.from({ length: 6 }, (_, i) => u32(bytes, i));
}

/** old mmap's pointer when struct mmap_arg_struct cannot be read: `mmap(0x10)`, as strace. */
export const OLD_MMAP_UNREADABLE: Signature = parseSignature('args:ptr -> hex');

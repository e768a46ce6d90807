// Capture plans from the signature tables: for each syscall, what each argument points to, when to copy it
// (entry or exit) and how much (a string up to NUL, a buffer sized by an argument or the return value, a
// struct's size, execve's arrays, iovecs one level deep). Adding a signature never means writing BPF.

import { CLONE_ARGS_FOLLOWED } from '../../decode/custom/clone.js';
import { signatureFor } from '../../decode/decode-call.js';
import type { DecodeOptions } from '../../decode/options.js';
import { structDecoder } from '../../decode/structs/index.js';
import { SIGRETURN_MASK } from '../../decode/structs/signal.js';
import { STRUCTS } from '../../tables/generated/structs.js';
import type { Signature, SignatureArg } from '../../tables/signature.js';
import { syscallByNumber } from '../../tables/syscalls.js';
import {
  ARGV_MAX,
  CAPTURE_MAX,
  LEN_SRC,
  type LenSrc,
  MAX_ARGS,
  OP,
  OP_KIND,
  OP_NETLINK,
  type OpKind,
  PAGES_MAX,
  PAIR_ARG,
  PHASE,
  PLAN,
  PLAN_ENTRIES,
  PLAN_FLAG,
  STR_MAX,
} from './layout.js';

export interface CaptureOp {
  readonly kind: OpKind;
  readonly phase: number;
  readonly lenSrc: LenSrc;
  readonly lenArg: number;
  readonly max: number;
  readonly count: number;
  readonly itemMax: number;
}

/** Bytes read for a struct the decoders name; others get a window that covers the common ones. */
const STRUCT_BYTES: Readonly<Record<string, number>> = {
  utsname: 390,
  pollfd: 1024,
  epoll_event: 1024,
  io_event: 1024,
  mmsghdr: 1024,
  gid_list: 1024,
  move_pages_nodes: 1024,
  move_pages_status: 1024,
  move_pages_pages: 1024,
};
const STRUCT_DEFAULT = 256;
/** Bytes read behind each address a scanned struct holds (a name, a buffer's start, a short array). */
const SCAN_ITEM = 256;
/**
 * An ioctl's struct: the size its request encodes, at least this (old requests encode none; some decoders read
 * past the encoded size, as device-mapper's).
 */
const IOCTL_FLOOR = 512;
/** Custom arguments whose decoders follow the addresses in the struct they point to: scanned one level. */
const SCANNED = new Set([
  'bpf_attr',
  'keyctl_arg',
  'seccomp_args',
  'io_uring_register_arg',
  'ptrace_data',
  'semctl_arg',
]);
/** PATH_MAX and one more byte (a path of PATH_MAX - 1 bytes known whole): paths are printed whole. */
const PATH_BYTES = STR_MAX;
/** Pointers read from envp to count them (`/* 23 vars *\/`). */
const ENV_POINTERS = 256;

const EXEC_NAMES = new Set(['execve', 'execveat']);
const EXIT_NAMES = new Set(['exit', 'exit_group']);
/** Calls that change a process's fds or directory without returning an fd (those that return one change them too). */
const FD_CHANGERS = new Set([
  'close',
  'close_range',
  'dup2',
  'dup3',
  'fcntl',
  'chdir',
  'fchdir',
  'execve',
  'execveat',
  // bpf's maps and programs are fds its signature does not type as fds
  'bpf',
]);

/** Calls that rename or delete files: an open fd's path follows them (`PATH (deleted)` once it is unlinked). */
const PATH_CHANGERS = new Set(['unlink', 'unlinkat', 'rmdir', 'rename', 'renameat', 'renameat2']);

/** Calls that return two new fds in an int[2] argument: its index. */
const FD_PAIRS: Readonly<Record<string, number>> = { pipe: 0, pipe2: 0, socketpair: 3 };

/**
 * -y: the reader names fds from each process's fds as it followed them through its calls, so the calls that change
 * them make records outside -e trace= too (hidden, with their paths captured), or a dup2 onto fd 1 goes unseen.
 */
const changesFds = (name: string, sig: Signature): boolean =>
  sig.ret === 'fd' || FD_CHANGERS.has(name) || FD_PAIRS[name] !== undefined || PATH_CHANGERS.has(name);

/** -y: which new fds the exit program names from the kernel's fd table (the return value, or an fd pair). */
function fdFlags(name: string, sig: Signature): number {
  const pair = FD_PAIRS[name];
  if (pair !== undefined) return PLAN_FLAG.fdPair | (pair << PAIR_ARG.shift);
  return sig.ret === 'fd' ? PLAN_FLAG.newFd : 0;
}

/**
 * Calls whose buffers are decoded by what their socket (argument 0) is (strace's decode_sockbuf and msghdr's
 * netlink iovecs: netlink messages by the socket's protocol): the exit program reads its family and protocol.
 */
const SOCKET_BUFFERS: ReadonlySet<string | undefined> = new Set([
  'sockbuf_in',
  'sockbuf_out',
  'msghdr',
  'mmsghdr',
]);
const asksSocket = (sig: Signature): boolean =>
  sig.args[0]?.kind === 'fd' && sig.args.some((a) => SOCKET_BUFFERS.has(a.param));

/**
 * A call whose struct decoders read memory again at exit (a result detail: poll's revents, select's sets and the
 * time left, which the kernel writes into what the call was given): its input structs are copied at exit too.
 */
const readsInputsAtExit = (sig: Signature): boolean =>
  sig.args.some(
    (a) =>
      (a.kind === 'in' || a.kind === 'inout' || a.kind === 'out') &&
      a.param !== undefined &&
      structDecoder(a.param)?.atExit !== undefined,
  );

export interface PlanContext {
  readonly decode: DecodeOptions;
  /** The reader follows fds through the calls (-y, decode-fds): fd-changing calls are always recorded. */
  readonly followFds?: boolean;
}

const op = (kind: OpKind, phase: number, max: number, more: Partial<CaptureOp> = {}): CaptureOp => ({
  kind,
  phase,
  lenSrc: 'const',
  lenArg: 0,
  max: Math.min(max, kind === 'pages' ? PAGES_MAX : kind === 'str' ? STR_MAX : CAPTURE_MAX),
  count: 0,
  itemMax: 0,
  ...more,
});

/** The capture op for one argument, or undefined when it is not memory. */
export function argOp(
  sig: Signature,
  arg: SignatureArg,
  name: string,
  ctx: PlanContext,
): CaptureOp | undefined {
  const exec = EXEC_NAMES.has(name);
  // exec replaces the memory image: everything is read at entry, and again at exit for a failed exec (strings on
  // a page the kernel faulted in reading them; the reader drops exit copies of an exec that succeeded); otherwise
  // at exit, when user pages are in
  const inPhase = exec ? PHASE.entry : PHASE.exit;
  const execPhase = PHASE.entry | PHASE.exit;
  const str = ctx.decode.strsize + 2; // strsize + 1 characters tell whether `...` follows
  const dumps = ctx.decode.dumpRead !== undefined || ctx.decode.dumpWrite !== undefined;
  // strace's printstr_ex fetches one byte past -s, and shows the address unless all of it is readable
  const data = dumps ? CAPTURE_MAX : ctx.decode.strsize + 1;
  const index = (n: string | undefined): number => sig.args.findIndex((a) => a.name === n);
  switch (arg.kind) {
    // at entry, as the kernel reads them (another thread may reuse the memory before the exit); again at
    // exit, for strings whose pages were not yet faulted in at entry (the decoder takes the entry copy first)
    case 'path':
      return op('str', exec ? execPhase : PHASE.entry | PHASE.exit, PATH_BYTES);
    case 'str':
      return op('str', exec ? execPhase : PHASE.entry | PHASE.exit, str);
    // a path the kernel fills (getcwd): printed whole, whatever -s
    case 'ostr':
      return op('str', PHASE.exit, PATH_BYTES);
    case 'ibuf': {
      const i = index(arg.param);
      return op('buf', inPhase, data, i >= 0 ? { lenSrc: 'arg', lenArg: i } : {});
    }
    case 'obuf': {
      const i = index(arg.param);
      return op('buf', PHASE.exit, data, i >= 0 ? { lenSrc: 'argRet', lenArg: i } : { lenSrc: 'ret' });
    }
    case 'in':
    case 'out':
    case 'inout': {
      const p = arg.param ?? '';
      // sendmsg's at exit, recvmsg's struct at entry too (its msg_namelen as given)
      if (p === 'msghdr')
        return op('msghdr', (arg.kind === 'inout' ? PHASE.entry | PHASE.exit : inPhase) | OP_NETLINK, data);
      // the records returned, all of them (strace counts them): a page per segment
      if (p === 'linux_dirent64' || p === 'linux_dirent')
        return op('pages', PHASE.exit, PAGES_MAX, { lenSrc: 'ret' });
      // clone3's struct, and at exit the pidfd and parent tid the kernel wrote where it points
      if (p === 'clone_args') {
        const [first = 0, second = 0] = CLONE_ARGS_FOLLOWED.fields.map((f) => f + 1);
        return op('follow', PHASE.entry | PHASE.exit, STRUCT_DEFAULT, {
          count: first | (second << 16),
          itemMax: CLONE_ARGS_FOLLOWED.item,
        });
      }
      // io_submit's array of iocb pointers, nr of them, and each iocb they point to; io_cancel's iocb and its buffer
      if (p === 'iocb') {
        const nr = index('nr');
        return nr >= 0
          ? op('scan', PHASE.entry, CAPTURE_MAX, {
              lenSrc: 'arg',
              lenArg: nr,
              count: 8,
              itemMax: STRUCTS.iocb.size,
            })
          : op('scan', PHASE.entry, STRUCTS.iocb.size, { itemMax: SCAN_ITEM });
      }
      // what the call reads, at entry as ptrace reads it: a call blocked past BLOCKED_NS shows its entry before
      // its record comes (clock_nanosleep's request printed as an address when read at exit only)
      const phase =
        arg.kind === 'inout' || (arg.kind === 'in' && readsInputsAtExit(sig))
          ? PHASE.entry | PHASE.exit
          : arg.kind === 'in'
            ? PHASE.entry
            : PHASE.exit;
      return op('buf', phase, STRUCT_BYTES[p] ?? STRUCT_DEFAULT);
    }
    case 'iovec':
    case 'oiovec': {
      const i = index(arg.param);
      if (i < 0) return undefined;
      return op('iov', PHASE.exit, data, { lenArg: i });
    }
    case 'sigset':
    case 'osigset':
      return op('buf', PHASE.exit, 128);
    case 'fdpair':
      return op('buf', PHASE.exit, 8);
    // the frame below the stack pointer (the program puts it in the argument): up to the saved mask
    case 'frame':
      return op('buf', PHASE.entry, SIGRETURN_MASK.offset + SIGRETURN_MASK.size);
    case 'argv':
      return op('argv', execPhase, 8 * (ARGV_MAX + 1), { count: ARGV_MAX + 1, itemMax: str });
    case 'envp':
      return ctx.decode.verbose
        ? op('argv', execPhase, 8 * (ARGV_MAX + 1), { count: ARGV_MAX + 1, itemMax: str })
        : op('argv', execPhase, 8 * ENV_POINTERS, { count: ENV_POINTERS, itemMax: 0 });
    case 'custom': {
      // on a netlink socket, up to a page (OP_NETLINK): its messages are printed whole
      if (arg.param === 'sockbuf_in')
        return op('buf', inPhase | OP_NETLINK, data, { lenSrc: 'arg', lenArg: 2 });
      if (arg.param === 'sockbuf_out')
        return op('buf', PHASE.exit | OP_NETLINK, data, { lenSrc: 'argRet', lenArg: 2 });
      // buffers sized by the next argument (decode/custom/xattr.ts)
      const next = sig.args.indexOf(arg) + 1;
      if (arg.param === 'xattr_set_value' || arg.param === 'hostname')
        return op('buf', inPhase, data, { lenSrc: 'arg', lenArg: next });
      if (arg.param === 'xattr_get_value' || arg.param === 'xattr_list')
        return op('buf', PHASE.exit, data, { lenSrc: 'argRet', lenArg: next });
      // the struct an ioctl request names, its size encoded in the request (a request without one: a window),
      // before and after the call: what the driver reads and what it writes back
      if (arg.param === 'ioctl_arg')
        return op('scan', PHASE.entry | PHASE.exit, CAPTURE_MAX, {
          lenSrc: 'ioc',
          lenArg: index('request'),
          count: IOCTL_FLOOR,
          itemMax: SCAN_ITEM,
        });
      // futex_waitv's array, its count in the next argument
      if (arg.param === 'futex_waiters')
        return op('buf', PHASE.entry | PHASE.exit, CAPTURE_MAX, {
          lenSrc: 'arg',
          lenArg: sig.args.indexOf(arg) + 1,
          count: STRUCTS.futex_waitv.size,
        });
      if (arg.param !== undefined && SCANNED.has(arg.param))
        return op('scan', PHASE.entry | PHASE.exit, STRUCT_DEFAULT, { itemMax: SCAN_ITEM });
      // whatever a custom decoder may follow: a window around a value that looks like an address
      return op('buf', PHASE.entry | PHASE.exit, STRUCT_DEFAULT);
    }
    default:
      return undefined;
  }
}

export interface Plans {
  /** The plan map's values, PLAN.size bytes per syscall number. */
  readonly bytes: Uint8Array;
  /** Op kinds used per phase and argument: the programs contain only those. */
  readonly kinds: (phase: number, slot: number) => ReadonlySet<OpKind>;
}

/**
 * Everything buildPlans() reads from its arguments, as text (the program cache's key): what argOp() and
 * buildPlans() look at must be here too.
 */
export function planKey(ctx: PlanContext, traced: ReadonlySet<number> | undefined): string {
  const d = ctx.decode;
  const dumps = d.dumpRead !== undefined || d.dumpWrite !== undefined;
  const set = traced ? [...traced].sort((x, y) => x - y) : null;
  return JSON.stringify([d.strsize, d.verbose, dumps, ctx.followFds === true, set]);
}

/** Plans for every x86_64 syscall number; `traced` limits which calls produce records (-e trace=). */
export function buildPlans(ctx: PlanContext, traced: ReadonlySet<number> | undefined): Plans {
  const bytes = new Uint8Array(PLAN_ENTRIES * PLAN.size);
  const v = new DataView(bytes.buffer);
  const used = new Map<string, Set<OpKind>>();
  for (let nr = 0; nr < PLAN_ENTRIES; nr++) {
    const entry = syscallByNumber('x86_64', nr);
    const base = nr * PLAN.size;
    // a number no table names is always shown (`syscall_0x1f4(...)`), whatever -e trace= selects, as strace does:
    // a filter can only name what it knows; nothing behind its arguments is read
    if (!entry) {
      v.setUint32(base + PLAN.flags, PLAN_FLAG.traced, true);
      continue;
    }
    const sig = signatureFor(entry.name);
    const hidden = traced !== undefined && !traced.has(nr);
    if (hidden) {
      // the exit status a process gives is in its exit/exit_group call: read, never shown
      if (EXIT_NAMES.has(entry.name))
        v.setUint32(base + PLAN.flags, PLAN_FLAG.traced | PLAN_FLAG.hidden, true);
      if (!(ctx.followFds && changesFds(entry.name, sig))) continue;
    }
    // a frame argument is read from the stack: the program gives it the stack pointer (argument 0 only)
    const stack = sig.args[0]?.kind === 'frame' ? PLAN_FLAG.stack : 0;
    v.setUint32(
      base + PLAN.flags,
      PLAN_FLAG.traced |
        (hidden ? PLAN_FLAG.hidden : 0) |
        (ctx.followFds ? fdFlags(entry.name, sig) : 0) |
        (!hidden && asksSocket(sig) ? PLAN_FLAG.sockArg : 0) |
        // -v: BPF_OBJ_GET_INFO_BY_FD's info struct is printed by what its fd is (decode/custom/bpf-info.ts)
        (!hidden && entry.name === 'bpf' && ctx.decode.verbose ? PLAN_FLAG.bpfInfo : 0) |
        stack,
      true,
    );
    sig.args.slice(0, MAX_ARGS).forEach((arg, slot) => {
      // a hidden call needs only the paths it opens or changes to (a memfd's name is its file's)
      if (hidden && arg.kind !== 'path' && arg.param !== 'memfd_name') return;
      if (arg.kind === 'frame' && slot !== 0) return;
      const o = argOp(sig, arg, entry.name, ctx);
      if (!o) return;
      const at = base + PLAN.ops + slot * PLAN.opSize;
      v.setUint8(at + OP.kind, OP_KIND[o.kind]);
      v.setUint8(at + OP.phase, o.phase);
      v.setUint8(at + OP.lenSrc, LEN_SRC[o.lenSrc]);
      v.setUint8(at + OP.lenArg, o.lenArg);
      v.setUint32(at + OP.max, o.max, true);
      v.setUint32(at + OP.count, o.count, true);
      v.setUint32(at + OP.itemMax, Math.min(o.itemMax, CAPTURE_MAX), true);
      for (const phase of [PHASE.entry, PHASE.exit]) {
        if (!(o.phase & phase)) continue;
        const key = `${phase}:${slot}`;
        const set = used.get(key) ?? new Set<OpKind>();
        used.set(key, set);
        set.add(o.kind);
      }
    });
  }
  return { bytes, kinds: (phase, slot) => used.get(`${phase}:${slot}`) ?? new Set() };
}

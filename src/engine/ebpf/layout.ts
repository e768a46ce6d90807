// The byte layout shared by the kernel programs and the reader: records, segments of captured memory, plans.

/** Record header: the same 96 bytes in the ring, in the per-thread entry state and in the scratch buffer. */
export const REC = {
  kind: 0, // u32 RecordKind
  tid: 4, // u32
  tgid: 8, // u32
  nr: 12, // u32: syscall number; fork: parent tid; exec: old pid; signal: signal number
  tsEnter: 16, // u64 CLOCK_MONOTONIC ns
  tsExit: 24, // u64
  args: 32, // u64[6]
  ret: 80, // i64
  dataLen: 88, // u32 bytes of segments after the header
  flags: 92, // u32
  size: 96,
} as const;

export const KIND = {
  syscall: 1,
  fork: 2,
  exec: 3,
  exit: 4,
  signal: 5,
  unfinished: 6,
  generated: 7,
} as const;
/**
 * A syscall record's flags beyond its plan's: ALONE, no other traced call was in flight when it was written, so
 * every event stamped before its exit is already in the ring before it.
 */
export const REC_FLAG = { alone: 0x100 } as const;
/** An exit record's flags: its ret word holds the task's exit_code (a wait status: code << 8, or signal | 0x80). */
export const EXIT_FLAG = { code: 1 } as const;
/**
 * A generated record's flags: signal_generate's result, ignored (the kernel dropped the signal at sending); its ret
 * word then holds the entry stamp of the call its target was in (0: none).
 */
export const GEN_FLAG = { ignored: 1 } as const;

/** A captured piece of tracee memory: address, length, flags, argument index, then the bytes (8-aligned). */
export const SEG = { addr: 0, len: 8, flags: 12, arg: 14, size: 16 } as const;
/**
 * inode: not memory but what fd `addr` refers to at the call's exit, 16 bytes: i_ino (u64), then i_mode and for a
 * socket its family, type and protocol (u16 each, 0 for another file). argFd: that fd is the call's socket argument,
 * not one it made.
 */
export const SEG_FLAG = { string: 1, complete: 2, exit: 4, inode: 8, argFd: 16, fdName: 32 } as const;
/** fdName: the first bytes of the name of fd `addr`'s file at the call's exit (an anonymous inode's: `bpf-prog`). */
export const NAME_SEG = 32;
/** Bytes of an inode segment (header and its two words). */
export const INODE_SEG = 32;

/**
 * Capture limits: bytes of segments per call at entry (kept per thread) and in all (one record): room for a
 * directory read's PAGES_MAX besides the rest.
 */
export const ENTRY_DATA = 3584;
export const DATA_MAX = 40960;
/** One capture never exceeds a page worth of bytes (a string, a buffer, a struct). */
export const CAPTURE_MAX = 4096;
/**
 * A string's capture, one byte more: the kernel's string read stops at the size asked, so a path of 4095 bytes
 * and its NUL (PATH_MAX) is known whole only when 4097 were asked.
 */
export const STR_MAX = CAPTURE_MAX + 1;
/**
 * A `pages` op (getdents' records, sized by the return value) reads up to this many bytes, a page per segment:
 * glibc's readdir asks for 32 KiB at a time, and strace counts the entries of all of it.
 */
export const PAGES_MAX = 32768;
/**
 * The scratch buffer, one per CPU (an array indexed by CPU: a per-CPU map's value stops at 32 KiB): header,
 * data, and room for one more capture past the limit checks.
 */
export const SCRATCH_SIZE = REC.size + DATA_MAX + SEG.size + 2 * CAPTURE_MAX + 64;

/** Syscall numbers the plan map covers (x86_64 numbers stay below 512). */
export const PLAN_ENTRIES = 512;
export const MAX_ARGS = 6;
/** One plan: flags (bit 0: traced), then one capture op per argument. */
export const PLAN = { flags: 0, ops: 8, opSize: 16, size: 8 + MAX_ARGS * 16 } as const;
/**
 * Plan flags, copied into each record's flags: traced (the call makes a record), hidden (a record the reader
 * reads but never shows: exit and exit_group outside -e trace=, for the exit status they carry); under -y,
 * newFd (the return value is a new fd) and fdPair (argument PAIR_ARG holds two new fds: pipe, socketpair),
 * whose inodes the exit program reads from the fd table (a pipe or socket has no path /proc can still give);
 * stack: argument 0 is not a register but the user stack pointer at entry (rt_sigreturn's frame lies there);
 * sockArg: argument 0 is a socket whose family and protocol its buffers' decoders need (netlink messages), read
 * from the fd table at the exit as the reader cannot later (the process may be gone); bpfInfo: bpf, whose
 * BPF_OBJ_GET_INFO_BY_FD's fd is named from the kernel (its info struct is printed by the fd's kind under -v).
 */
export const PLAN_FLAG = {
  traced: 1,
  hidden: 2,
  newFd: 4,
  fdPair: 8,
  stack: 0x80,
  sockArg: 0x200,
  bpfInfo: 0x400,
} as const;
/** Bits of the plan flags that hold fdPair's argument index. */
export const PAIR_ARG = { shift: 4, mask: 7 } as const;
/** One op: what to capture from the argument at its index. */
export const OP = { kind: 0, phase: 1, lenSrc: 2, lenArg: 3, max: 4, count: 8, itemMax: 12 } as const;

/**
 * pages: a buffer of up to PAGES_MAX bytes, a page per segment (the reader joins them). follow: a struct, then at
 * exit the bytes (itemMax) at the pointers in it at byte offsets `count & 0xffff` and `count >> 16`, each stored
 * plus one (0: none), as clone3's `=> {pidfd=[3], parent_tid=[N]}` needs. scan: a struct, then itemMax bytes behind
 * each of its first SCAN_WORDS words that holds a user address. buf and scan sized by an argument or the return
 * value: times OP.count (an array's element size) when it is not 0.
 */
export const OP_KIND = {
  none: 0,
  str: 1,
  buf: 2,
  argv: 3,
  iov: 4,
  msghdr: 5,
  pages: 6,
  follow: 7,
  scan: 8,
} as const;
export type OpKind = keyof typeof OP_KIND;
export const PHASE = { entry: 1, exit: 2 } as const;
/**
 * A bit of OP.phase's byte: on a netlink socket (the call's argument 0, PLAN_FLAG.sockArg) the op's buffers are read
 * up to CAPTURE_MAX, not its max: they hold messages the decoders print whole, whatever -s.
 */
export const OP_NETLINK = 4;
/**
 * Where a buffer's length comes from: a constant, an argument, the return value, the smaller of the last two, or
 * the size an ioctl request encodes (_IOC_SIZE of the argument at lenArg), at least OP.count bytes.
 */
export const LEN_SRC = { const: 0, arg: 1, ret: 2, argRet: 3, ioc: 4 } as const;
/** _IOC_SIZE(request): bits 16-29 of an ioctl request (include/uapi/asm-generic/ioctl.h). */
export const IOC_SIZE = { shift: 16, mask: 0x3fff } as const;
export type LenSrc = keyof typeof LEN_SRC;
/** Capture plans for ARGV and IOV ops: how many array elements at most. */
export const ARGV_MAX = 32;
export const IOV_MAX = 32;
/** msghdr ops: bytes of msg_name (sockaddr_storage) and of msg_control read at most. */
export const MSG_NAME_MAX = 128;
export const MSG_CONTROL_MAX = 1024;

/** scan ops: the words of a struct looked at for addresses, and the user address range (x86_64, 4-level). */
export const SCAN_WORDS = 32;
export const USER_ADDR = { min: 0x10000, end: 0x800000000000n } as const;

/** Scope values in the `traced` map: traced, or the launcher before its execve (only execve is shown). */
export const TRACED = { yes: 1, launcher: 2 } as const;

/**
 * -c's per-thread state: the scope word (TRACED, launch and -p scopes), the number and the entry time of the call in
 * flight (0: none). It is the `traced` map's value under -c in those scopes, so each call looks its thread up once
 * at entry and once at exit (a separate entry map cost a second lookup per entry); the entries map's otherwise.
 */
export const SUMMARY_STATE = { traced: 0, nr: 4, tsEnter: 8, size: 16 } as const;

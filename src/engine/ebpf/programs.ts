// The kernel side, written with the assembler: sys_enter keeps each traced call's entry per thread, sys_exit
// joins it with the return and the captured memory and emits one record; fork/exec/exit/signal programs keep
// the scope and report what strace reports. Capture ops are interpreted from the plan map (plans.ts), one
// unrolled block per argument; the write offset lives in map memory so the verifier's work stays linear.
import { MSGHDR } from '../../decode/structs/msghdr.js';
import { xlatValue } from '../../decode/structs/xlat-value.js';
import {
  Assembler,
  FP,
  type MapRef,
  R0,
  R1,
  R2,
  R3,
  R4,
  R5,
  R6,
  R7,
  R8,
  R9,
  type Reg,
} from './asm/assembler.js';
import type { JmpOp } from './asm/opcodes.js';
import {
  ARGV_MAX,
  CAPTURE_MAX,
  DATA_MAX,
  ENTRY_DATA,
  EXIT_FLAG,
  INODE_SEG,
  IOC_SIZE,
  IOV_MAX,
  KIND,
  LEN_SRC,
  MSG_CONTROL_MAX,
  MSG_NAME_MAX,
  NAME_SEG,
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
  REC,
  REC_FLAG,
  SCAN_WORDS,
  SEG,
  SEG_FLAG,
  STR_MAX,
  SUMMARY_STATE,
  TRACED,
  USER_ADDR,
} from './layout.js';

/** Whose calls are traced: threads in the `traced` map, everything but vat, or one cgroup v2. */
export type Scope =
  | { kind: 'tids' }
  | { kind: 'all'; self: number }
  | { kind: 'cgroup'; id: bigint; self: number };

export interface Maps {
  readonly traced: MapRef;
  readonly plans: MapRef;
  readonly entries: MapRef;
  readonly entryData: MapRef;
  readonly scratch: MapRef;
  readonly ring: MapRef;
  readonly lost: MapRef;
  readonly stats: MapRef;
  /** One u64: traced calls in flight now (entered, their record not yet written). */
  readonly inflight: MapRef;
}

export interface ProgramOptions {
  readonly scope: Scope;
  readonly maps: Maps;
  /** -c: aggregate in the kernel, no records. */
  readonly summary: boolean;
  /** -O under -c: nanoseconds taken off each call's time (never below 0), as the summary sink does per call. */
  readonly overhead?: bigint;
  /** Which op kinds the plans use per argument and phase (only those are generated). */
  readonly kinds: (phase: number, slot: number) => ReadonlySet<OpKind>;
  readonly execveNrs: readonly number[];
  /** task_struct's exit_code offset in the running kernel (its BTF), when known. */
  readonly exitCodeOffset?: number;
  /**
   * Offsets of the fd table walk (task→files→fdt→fd[n]→f_inode→i_ino, i_mode; a socket's family, type and
   * protocol), when the BTF gives them: for the socket argument of the calls whose plans ask (PLAN_FLAG.sockArg).
   */
  readonly fdWalk?: FdWalk;
  /** -y: the exit program also names the fds calls make (their plans' newFd and fdPair flags). */
  readonly newFds?: boolean;
  /**
   * The kernel has bpf_loop (Linux 5.17+): the capture loops are callbacks, verified once each instead of once
   * per unrolled iteration (kernelHasLoops()).
   */
  readonly loops?: boolean;
  /** maps.ring is a map of maps whose slot 0 holds the ring (it may grow: GrowingRing); else the ring itself. */
  readonly ringInSlot?: boolean;
}

/** Struct offsets from the running kernel's BTF for reading what an fd refers to. */
export interface FdWalk {
  readonly files: number;
  readonly fdt: number;
  readonly maxFds: number;
  readonly fd: number;
  readonly fInode: number;
  readonly iIno: number;
  readonly iMode: number;
  /** A socket's file: file→private_data (struct socket)→sk (struct sock)→family, type, protocol (u16 each). */
  readonly sock?: SockWalk;
  /** A file's name: file→f_path.dentry→d_name.name (an anonymous inode's: `bpf-prog` for anon_inode:bpf-prog). */
  readonly name?: { readonly dentry: number; readonly name: number };
}

export interface SockWalk {
  readonly privateData: number;
  readonly sk: number;
  readonly family: number;
  readonly type: number;
  readonly protocol: number;
}

/** Lost-counter slots. */
export const LOST = { ring: 0, entries: 1 } as const;
/** Per-syscall counters of -c: calls, errors, nanoseconds. */
export const STATS_SIZE = 24;

// stack slots
const S_PIDTGID = -8;
const S_TID = -16;
const S_KEY = -24;
const S_ADDR = -32;
const S_LEN = -40;
const S_POS = -48;
const S_N1 = -56;
const S_ONE = -64;
const S_COUNT = -72;
const S_MSG = -80;
const S_REC = -176; // a 96-byte record on the stack (fork, exec, exit, signal)
// the fd walk's: the struct file (then its struct sock), and the inode segment's second word (mode, a socket's family,
// type, protocol)
const S_FILE = -184;
const S_SOCK = -192;
/** The max of the op being run: its plan's, or CAPTURE_MAX for a netlink socket's buffers (OP_NETLINK). */
const S_MAX = -200;
/** A loop's: the bytes each item gets (argv's strings, scan's pointed-to bytes), and the iteration's index. */
const S_ITEM = -208;
const S_J = -216;

const RB_NO_WAKEUP = 1;
/** struct kernel_siginfo (include/linux/signal_types.h): the 16-byte preamble and 32 bytes of fields. */
const KERNEL_SIGINFO_SIZE = 48;

/** r0 = get_current_pid_tgid(); tid key at S_TID; ends the program unless the thread is in scope. */
function scopeCheck(
  a: Assembler,
  o: ProgramOptions,
  out: string,
  onLauncher?: (slot: typeof R0) => void,
): void {
  a.call('get_current_pid_tgid');
  a.store('DW', FP, S_PIDTGID, R0);
  setKey(a, S_TID, R0);
  const s = o.scope;
  if (s.kind === 'tids') {
    mapCall(a, 'map_lookup_elem', o.maps.traced, S_TID, { miss: out });
    onLauncher?.(R0);
    return;
  }
  a.load('DW', R1, FP, S_PIDTGID);
  a.op('rsh', R1, 32);
  a.jmp('jeq', R1, s.self, out);
  if (s.kind === 'cgroup') {
    a.call('get_current_cgroup_id');
    a.ld64(R1, s.id);
    a.jmp('jne', R0, R1, out);
  }
}

/** A 4-byte map key at stack `slot` (its upper half zeroed): an immediate or a register's low 32 bits. */
function setKey(a: Assembler, slot: number, src: number | typeof R0): void {
  a.store('DW', FP, slot, 0);
  a.store('W', FP, slot, src);
}

/**
 * One map helper call with the key at stack `slot`: lookup (R0 = the value or 0; to `miss` when absent), update
 * (`value` puts the value pointer in R3; flags 0) or delete. Every map access of the programs goes through here.
 */
function mapCall(
  a: Assembler,
  op: 'map_lookup_elem' | 'map_update_elem' | 'map_delete_elem',
  map: MapRef,
  slot: number,
  more: { miss?: string; value?: () => void } = {},
): void {
  a.ldMap(R1, map);
  a.mov(R2, FP).add(R2, slot);
  if (op === 'map_update_elem') {
    more.value?.();
    a.mov(R4, 0);
  }
  a.call(op);
  if (more.miss !== undefined) a.jmp('jeq', R0, 0, more.miss);
}

/** R0 = this CPU's scratch record (an array indexed by CPU); ends at `out` when absent. */
function lookupScratch(a: Assembler, o: ProgramOptions, out: string): void {
  a.call('get_smp_processor_id');
  setKey(a, S_KEY, R0);
  mapCall(a, 'map_lookup_elem', o.maps.scratch, S_KEY, { miss: out });
}

function lookupKey0(a: Assembler, map: MapRef, key: number, out: string): void {
  setKey(a, S_KEY, key);
  mapCall(a, 'map_lookup_elem', map, S_KEY, { miss: out });
}

function countLost(a: Assembler, o: ProgramOptions, slot: number): void {
  const skip = a.newLabel('lost');
  lookupKey0(a, o.maps.lost, slot, skip);
  a.load('DW', R1, R0, 0);
  a.add(R1, 1);
  a.store('DW', R0, 0, R1);
  a.label(skip);
}

/**
 * Copies tracee memory into the scratch record: address at S_ADDR, length (1..CAPTURE_MAX) at S_LEN; a string
 * stops at its NUL, a buffer is read in two parts at a page end so an unmapped next page loses only its part.
 */
function capture(a: Assembler, kind: 'str' | 'buf', limit: number, flags: number, slot: number): void {
  const done = a.newLabel('cap_done');
  const hdr = a.newLabel('cap_hdr');
  a.load('W', R9, R7, REC.dataLen);
  a.jmp('jgt', R9, limit - SEG.size, done);
  a.load('DW', R3, FP, S_LEN);
  a.jmp('jgt', R3, kind === 'str' ? STR_MAX : CAPTURE_MAX, done);
  // what does not fit is cut (a long path keeps its start), never written past the limit
  a.mov(R2, limit - SEG.size).sub(R2, R9);
  onlyIf(a, 'jgt', R3, R2, () => {
    a.mov(R3, R2);
    a.store('DW', FP, S_LEN, R3);
  });
  a.jmp('jeq', R3, 0, done);
  a.mov(R1, R7)
    .add(R1, REC.size + SEG.size)
    .add(R1, R9);
  if (kind === 'str') {
    a.mov(R2, R3);
    a.load('DW', R3, FP, S_ADDR);
    a.call('probe_read_user_str');
    const read = a.newLabel('cap_read');
    a.jmp('jsgt', R0, 0, read);
    // a path running to the end of its mapping faults at the byte past the page it was read for: the page alone
    a.load('DW', R3, FP, S_LEN);
    a.jmp('jne', R3, STR_MAX, done);
    a.mov(R3, CAPTURE_MAX);
    a.store('DW', FP, S_LEN, R3);
    a.mov(R1, R7)
      .add(R1, REC.size + SEG.size)
      .add(R1, R9);
    a.mov(R2, R3);
    a.load('DW', R3, FP, S_ADDR);
    a.call('probe_read_user_str');
    a.jmp('jsle', R0, 0, done);
    a.label(read);
    a.mov(R2, R0).sub(R2, 1); // bytes without the NUL
    a.load('DW', R4, FP, S_LEN);
    a.mov(R5, flags | SEG_FLAG.string);
    const cut = a.newLabel('cap_cut');
    a.jmp('jge', R0, R4, cut);
    a.mov(R5, flags | SEG_FLAG.string | SEG_FLAG.complete);
    a.label(cut);
    a.mov(R1, R7).add(R1, R9);
    a.store('W', R1, REC.size + SEG.len, R2);
    a.store('H', R1, REC.size + SEG.flags, R5);
    a.mov(R2, R0); // advance past the NUL too
    a.ja(hdr);
  } else {
    a.load('DW', R4, FP, S_ADDR);
    a.and(R4, 4095);
    a.mov(R5, 4096).sub(R5, R4);
    atMost(a, R3, R5);
    a.store('DW', FP, S_N1, R3);
    a.mov(R2, R3);
    a.load('DW', R3, FP, S_ADDR);
    a.call('probe_read_user');
    a.jmp('jne', R0, 0, done);
    const one = a.newLabel('cap_one');
    const two = a.newLabel('cap_two');
    const lenDone = a.newLabel('cap_len');
    a.load('DW', R3, FP, S_LEN);
    a.load('DW', R4, FP, S_N1);
    a.sub(R3, R4);
    a.jmp('jeq', R3, 0, one);
    a.jmp('jgt', R3, CAPTURE_MAX, one);
    a.jmp('jgt', R4, CAPTURE_MAX, one);
    a.mov(R1, R7)
      .add(R1, REC.size + SEG.size)
      .add(R1, R9)
      .add(R1, R4);
    a.mov(R2, R3);
    a.load('DW', R3, FP, S_ADDR);
    a.add(R3, R4);
    a.call('probe_read_user');
    a.jmp('jeq', R0, 0, two);
    a.label(one);
    a.load('DW', R2, FP, S_N1);
    a.ja(lenDone);
    a.label(two);
    a.load('DW', R2, FP, S_LEN);
    a.label(lenDone);
    a.mov(R1, R7).add(R1, R9);
    a.store('W', R1, REC.size + SEG.len, R2);
    a.store('H', R1, REC.size + SEG.flags, flags);
  }
  a.label(hdr);
  // R1 = scratch + off, R2 = bytes to advance over
  a.load('DW', R3, FP, S_ADDR);
  a.store('DW', R1, REC.size + SEG.addr, R3);
  a.store('H', R1, REC.size + SEG.arg, slot);
  a.add(R9, R2)
    .add(R9, SEG.size + 7)
    .and(R9, ~7);
  a.store('W', R7, REC.dataLen, R9);
  a.label(done);
}

/**
 * Runs `then` only when `reg OP bound`, its path verified second. The verifier follows a branch's fall-through
 * first and prunes a later path whose state is within one it has seen: the wide path (a range) must come first, so
 * that the narrow one (a clamped constant) is pruned where it joins. Ordered the other way, each such choice doubled
 * the states of every block after it (vat_sys_exit, unrolled: 243,834 instructions processed, 67,532 this way).
 */
function onlyIf(a: Assembler, op: JmpOp, reg: Reg, bound: number | Reg, then: () => void): void {
  const go = a.newLabel('only_if');
  const join = a.newLabel('joined');
  a.jmp(op, reg, bound, go);
  a.ja(join);
  a.label(go);
  then();
  a.label(join);
}

/**
 * A value read from a stack slot is linked to it (one id): every bound a later check puts on the register is put on
 * the slot too, and a slot that differs between paths keeps the verifier from pruning them. An ALU operation that
 * changes nothing (and with all ones) gives the register a value of its own.
 */
function unlink(a: Assembler, reg: Reg): void {
  a.and(reg, -1);
}

/** Where the next segment starts, kept at stack `slot`: what a capture adds is measured from it. */
function markSegment(a: Assembler, slot: number): void {
  a.load('W', R9, R7, REC.dataLen);
  a.store('DW', FP, slot, R9);
}

/** To `end` when nothing was captured since the mark at stack `slot` (a failed or empty copy). */
function endIfNoneSince(a: Assembler, slot: number, end: string): void {
  a.load('W', R1, R7, REC.dataLen);
  a.load('DW', R2, FP, slot);
  a.jmp('jeq', R1, R2, end);
}

/** reg = min(reg, bound), unsigned; bound an immediate or a register. */
function atMost(a: Assembler, reg: Reg, bound: number | Reg): void {
  onlyIf(a, 'jgt', reg, bound, () => a.mov(reg, bound));
}

/**
 * reg = max(reg, bound), unsigned. Its one use raises an ioctl's encoded size (14 bits) to the op's floor (a
 * 32-bit map word): the raised value is the wide one, so it goes first (the other order: 67k -> 88k processed).
 */
function atLeast(a: Assembler, reg: Reg, bound: Reg): void {
  const ok = a.newLabel('at_least');
  a.jmp('jge', reg, bound, ok);
  a.mov(reg, bound);
  a.label(ok);
}

/** R3 = argument `R5` of the record (R5 checked below 6 first). */
function argByIndex(a: Assembler, out: string): void {
  a.jmp('jgt', R5, 5, out);
  a.op('lsh', R5, 3);
  a.add(R5, R7);
  a.load('DW', R3, R5, REC.args);
}

/** Runs the op of argument `slot` from the plan (R8) in this phase. */
function slotOps(a: Assembler, o: ProgramOptions, phase: number, slot: number, limit: number): void {
  const kinds = o.kinds(phase, slot);
  if (kinds.size === 0) return;
  const end = a.newLabel(`slot${slot}`);
  const base = PLAN.ops + slot * PLAN.opSize;
  const segFlags = phase === PHASE.exit ? SEG_FLAG.exit : 0;
  a.load('B', R1, R8, base + OP.kind);
  a.jmp('jeq', R1, 0, end);
  a.load('B', R2, R8, base + OP.phase);
  a.and(R2, phase);
  a.jmp('jeq', R2, 0, end);
  a.load('DW', R2, R7, REC.args + slot * 8);
  a.jmp('jlt', R2, 4096, end); // NULL and small numbers are not addresses
  a.store('DW', FP, S_ADDR, R2);
  // the length: a constant, an argument, the return value, or the smaller of the last two; never above max
  a.load('W', R4, R8, base + OP.max);
  if (phase === PHASE.exit && o.fdWalk?.sock) {
    // a netlink socket's buffers hold messages, decoded whole (not cut at -s): up to a page
    const keep = a.newLabel('max_keep');
    a.load('B', R2, R8, base + OP.phase);
    a.and(R2, OP_NETLINK);
    a.jmp('jeq', R2, 0, keep);
    a.load('DW', R2, FP, S_SOCK);
    a.op('rsh', R2, 16);
    a.and(R2, 0xffff);
    a.jmp('jne', R2, AF_NETLINK, keep);
    a.mov(R4, CAPTURE_MAX);
    a.label(keep);
  }
  a.store('DW', FP, S_MAX, R4);
  a.store('DW', FP, S_LEN, R4);
  a.load('B', R2, R8, base + OP.lenSrc);
  const lenDone = a.newLabel('len');
  const fromArg = a.newLabel('len_arg');
  a.jmp('jeq', R2, LEN_SRC.const, lenDone);
  a.label(fromArg);
  a.load('B', R5, R8, base + OP.lenArg);
  a.mov(R3, -1);
  const haveArg = a.newLabel('len_have');
  const noRet = a.newLabel('len_noret');
  const scaled = a.newLabel('len_scaled');
  a.jmp('jeq', R2, LEN_SRC.ret, haveArg);
  argByIndex(a, end);
  // ioc: the size the request encodes, never below the op's floor (a request without one gets the floor)
  const notIoc = a.newLabel('len_notioc');
  a.load('B', R2, R8, base + OP.lenSrc);
  a.jmp('jne', R2, LEN_SRC.ioc, notIoc);
  a.op('rsh', R3, IOC_SIZE.shift);
  a.and(R3, IOC_SIZE.mask);
  a.load('W', R4, R8, base + OP.count);
  atLeast(a, R3, R4);
  a.ja(scaled);
  a.label(notIoc);
  a.label(haveArg);
  // ret and argRet: the return value caps the length (a failed call captures nothing)
  a.load('B', R2, R8, base + OP.lenSrc);
  a.jmp('jeq', R2, LEN_SRC.arg, noRet);
  a.load('DW', R4, R7, REC.ret);
  a.jmp('jslt', R4, 0, end);
  atMost(a, R3, R4);
  a.label(noRet);
  // an array's length in elements: times the element size the plan gives (OP.count), the count bounded first
  a.load('W', R4, R8, base + OP.count);
  a.jmp('jeq', R4, 0, scaled);
  atMost(a, R3, CAPTURE_MAX);
  atMost(a, R4, CAPTURE_MAX);
  a.op('mul', R3, R4);
  a.label(scaled);
  a.load('DW', R4, FP, S_LEN);
  onlyIf(a, 'jlt', R3, R4, () => a.store('DW', FP, S_LEN, R3));
  a.label(lenDone);
  a.load('B', R1, R8, base + OP.kind);
  for (const k of kinds) a.jmp('jeq', R1, OP_KIND[k], `${end}_${k}`);
  a.ja(end);
  for (const k of kinds) {
    a.label(`${end}_${k}`);
    if (k === 'str' || k === 'buf') capture(a, k, limit, segFlags, slot);
    else if (k === 'argv') argvOp(a, o, base, limit, segFlags, slot, end);
    else if (k === 'iov') iovOp(a, o, base, limit, segFlags, slot, end);
    else if (k === 'msghdr') msghdrOp(a, o, limit, segFlags, slot, end, phase);
    else if (k === 'pages') pagesOp(a, o, limit, segFlags, slot);
    else if (k === 'follow') followOp(a, base, limit, segFlags, slot, end, phase);
    else if (k === 'scan') scanOp(a, o, base, limit, segFlags, slot, end);
    a.ja(end);
  }
  a.label(end);
}

/**
 * Runs `body` for j = 0..n-1 until it jumps to `stop`; it jumps to `next` or falls through to go on, and calls
 * `index()` to have j in R5 (below n). With bpf_loop the body is a callback, verified once rather than n times: it runs in its own frame, so
 * the stack `slots` it reads are copied in from the program's frame (through bpf_loop's context pointer) and the
 * scratch record is looked up again into R7. Without bpf_loop the body is unrolled (j a constant each time).
 */
function loop(
  a: Assembler,
  o: ProgramOptions,
  n: number,
  slots: readonly number[],
  body: (next: string, stop: string, index: () => void) => void,
): void {
  if (!o.loops) {
    const done = a.newLabel('loop_done');
    for (let j = 0; j < n; j++) {
      const next = a.newLabel('loop_next');
      body(next, done, () => a.mov(R5, j));
      a.label(next);
    }
    a.label(done);
    return;
  }
  const low = Math.min(...slots);
  a.mov(R1, n);
  a.ldFunc(R2, () => {
    const next = a.newLabel('loop_next');
    const stop = a.newLabel('loop_stop');
    // R1: the index, R2: the context (the program's frame from its slot `low` up)
    a.store('DW', FP, S_J, R1);
    for (const slot of slots) {
      a.load('DW', R3, R2, slot - low);
      a.store('DW', FP, slot, R3);
    }
    lookupScratch(a, o, stop);
    a.mov(R7, R0);
    body(next, stop, () => {
      a.load('DW', R5, FP, S_J);
      a.jmp('jgt', R5, n - 1, stop);
    });
    a.label(next);
    a.mov(R0, 0);
    a.exit();
    a.label(stop);
    a.mov(R0, 1);
    a.exit();
  });
  a.mov(R3, FP).add(R3, low);
  a.mov(R4, 0);
  a.call('loop');
}

/**
 * R2 = the address of item R5 (the loop's index, below its count) of the array captured in the segment at record
 * offset S_POS or S_MSG (`at`), items of `size` bytes; to `stop` when the segment does not hold it whole.
 */
function arrayItem(a: Assembler, at: number, size: number, limit: number, stop: string): void {
  segmentAt(a, at, limit, stop);
  a.load('W', R3, R2, REC.size + SEG.len);
  a.mov(R4, R5).add(R4, 1).op('mul', R4, size);
  a.jmp('jlt', R3, R4, stop);
  a.op('mul', R5, size);
  a.add(R2, R5);
}

/** execve's argv/envp: the pointer array, then up to ARGV_MAX of its strings. */
function argvOp(
  a: Assembler,
  o: ProgramOptions,
  base: number,
  limit: number,
  flags: number,
  slot: number,
  end: string,
): void {
  markSegment(a, S_POS);
  a.load('W', R3, R8, base + OP.count);
  a.op('lsh', R3, 3);
  atMost(a, R3, CAPTURE_MAX);
  a.store('DW', FP, S_LEN, R3);
  capture(a, 'buf', limit, flags, slot);
  endIfNoneSince(a, S_POS, end);
  a.load('W', R1, R8, base + OP.itemMax);
  a.jmp('jeq', R1, 0, end);
  a.store('DW', FP, S_ITEM, R1);
  loop(a, o, ARGV_MAX, [S_POS, S_ITEM], (_next, stop, index) => {
    index();
    arrayItem(a, S_POS, 8, limit, stop);
    a.load('DW', R3, R2, REC.size + SEG.size);
    a.jmp('jeq', R3, 0, stop);
    a.store('DW', FP, S_ADDR, R3);
    a.load('DW', R1, FP, S_ITEM);
    unlink(a, R1);
    a.store('DW', FP, S_LEN, R1);
    capture(a, 'str', limit, flags, slot);
  });
}

/** A buffer of S_LEN (up to PAGES_MAX) bytes at S_ADDR, a page worth per segment. */
function pagesOp(a: Assembler, o: ProgramOptions, limit: number, flags: number, slot: number): void {
  a.load('DW', R1, FP, S_ADDR);
  a.store('DW', FP, S_POS, R1);
  a.load('DW', R1, FP, S_LEN);
  a.store('DW', FP, S_COUNT, R1);
  const pages = PAGES_MAX / CAPTURE_MAX;
  loop(a, o, pages, [S_POS, S_COUNT], (_next, stop, index) => {
    index();
    a.op('mul', R5, CAPTURE_MAX);
    a.load('DW', R3, FP, S_COUNT);
    a.jmp('jle', R3, R5, stop);
    a.sub(R3, R5);
    atMost(a, R3, CAPTURE_MAX);
    a.store('DW', FP, S_LEN, R3);
    a.load('DW', R1, FP, S_POS);
    a.add(R1, R5);
    a.store('DW', FP, S_ADDR, R1);
    capture(a, 'buf', limit, flags, slot);
  });
}

/**
 * A struct of the op's max bytes; at exit also what two of its pointer fields point to (OP.count: their offsets
 * plus one, 16 bits each), OP.itemMax bytes each: what the kernel wrote there for the caller.
 */
function followOp(
  a: Assembler,
  base: number,
  limit: number,
  flags: number,
  slot: number,
  end: string,
  phase: number,
): void {
  markSegment(a, S_MSG);
  capture(a, 'buf', limit, flags, slot);
  if (phase !== PHASE.exit) return;
  // the struct's segment, whole up to the field: a failed or cut capture leaves nothing to follow
  for (const shift of [0, 16]) {
    const skip = a.newLabel('follow_skip');
    a.load('W', R4, R8, base + OP.count);
    if (shift) a.op('rsh', R4, shift);
    a.and(R4, 0xffff);
    a.jmp('jeq', R4, 0, skip);
    a.add(R4, 7); // offset + 1 + 7: the field's end
    a.jmp('jgt', R4, CAPTURE_MAX, skip);
    segmentAt(a, S_MSG, limit, end);
    a.load('W', R3, R2, REC.size + SEG.len);
    a.jmp('jlt', R3, R4, skip);
    a.add(R2, R4);
    a.load('DW', R3, R2, REC.size + SEG.size - 8);
    a.jmp('jlt', R3, 4096, skip);
    a.store('DW', FP, S_ADDR, R3);
    a.load('W', R1, R8, base + OP.itemMax);
    atMost(a, R1, 64);
    a.store('DW', FP, S_LEN, R1);
    capture(a, 'buf', limit, flags, slot);
    a.label(skip);
  }
}

/**
 * A struct, then one level behind each of its first SCAN_WORDS words that holds a user address: OP.itemMax bytes
 * there (what an ioctl's, bpf's or keyctl's struct points to: names, buffers, arrays). No table says which words
 * are pointers (uapi structs carry them as __u64), so every word that could be one is read; one that is not
 * reads nothing (the address is unmapped) or bytes no decoder asks for.
 */
function scanOp(
  a: Assembler,
  o: ProgramOptions,
  base: number,
  limit: number,
  flags: number,
  slot: number,
  end: string,
): void {
  markSegment(a, S_MSG);
  capture(a, 'buf', limit, flags, slot);
  endIfNoneSince(a, S_MSG, end);
  a.load('W', R1, R8, base + OP.itemMax);
  atMost(a, R1, CAPTURE_MAX);
  a.store('DW', FP, S_ITEM, R1);
  loop(a, o, SCAN_WORDS, [S_MSG, S_ITEM], (next, stop, index) => {
    index();
    arrayItem(a, S_MSG, 8, limit, stop);
    a.load('DW', R3, R2, REC.size + SEG.size);
    a.jmp('jlt', R3, USER_ADDR.min, next);
    a.ld64(R4, USER_ADDR.end);
    a.jmp('jge', R3, R4, next);
    a.store('DW', FP, S_ADDR, R3);
    a.load('DW', R1, FP, S_ITEM);
    unlink(a, R1);
    a.store('DW', FP, S_LEN, R1);
    capture(a, 'buf', limit, flags, slot);
  });
}

/** readv/writev's iovec array, then each buffer up to the op's max. */
function iovOp(
  a: Assembler,
  o: ProgramOptions,
  base: number,
  limit: number,
  flags: number,
  slot: number,
  end: string,
): void {
  a.load('B', R5, R8, base + OP.lenArg);
  argByIndex(a, end);
  atMost(a, R3, IOV_MAX + 1); // one more iovec than printed: strace reads it to know `...` follows
  a.jmp('jeq', R3, 0, end);
  a.store('DW', FP, S_COUNT, R3);
  a.load('DW', R1, R7, REC.args + slot * 8);
  a.store('DW', FP, S_ADDR, R1);
  iovArray(a, o, limit, flags, slot, end);
}

/** The iovec array at S_ADDR (S_COUNT elements, 1..IOV_MAX + 1), then the first IOV_MAX buffers up to S_MAX. */
function iovArray(
  a: Assembler,
  o: ProgramOptions,
  limit: number,
  flags: number,
  slot: number,
  end: string,
): void {
  markSegment(a, S_POS);
  a.load('DW', R3, FP, S_COUNT);
  a.op('lsh', R3, 4);
  a.store('DW', FP, S_LEN, R3);
  capture(a, 'buf', limit, flags, slot);
  endIfNoneSince(a, S_POS, end);
  loop(a, o, IOV_MAX, [S_POS, S_COUNT, S_MAX], (next, stop, index) => {
    index();
    a.load('DW', R1, FP, S_COUNT);
    a.jmp('jle', R1, R5, stop);
    arrayItem(a, S_POS, 16, limit, stop);
    a.load('DW', R3, R2, REC.size + SEG.size);
    a.load('DW', R4, R2, REC.size + SEG.size + 8);
    a.jmp('jeq', R3, 0, next);
    a.store('DW', FP, S_ADDR, R3);
    a.load('DW', R1, FP, S_MAX);
    unlink(a, R1);
    atMost(a, R4, R1);
    a.store('DW', FP, S_LEN, R4);
    capture(a, 'buf', limit, flags, slot);
  });
}

/**
 * R2 = the address of the segment captured at the record offset kept in stack slot `at`; an offset past `limit`
 * goes to `end` (the bound the verifier needs before R7 + offset is read).
 */
function segmentAt(a: Assembler, at: number, limit: number, end: string): void {
  a.load('DW', R2, FP, at);
  a.jmp('jgt', R2, limit, end);
  a.add(R2, R7);
}

/** R3 = the field at `field` of the msghdr captured at S_MSG (its segment checked whole first). */
function msghdrField(a: Assembler, limit: number, field: number, size: 'W' | 'DW', end: string): void {
  segmentAt(a, S_MSG, limit, end);
  a.load(size, R3, R2, REC.size + SEG.size + field);
}

/**
 * sendmsg/recvmsg's struct msghdr; at exit also what it points to, each capped: msg_name, msg_control, then the
 * iovecs as readv's. At recvmsg's entry only the struct (its msg_namelen as the program gave it).
 */
function msghdrOp(
  a: Assembler,
  o: ProgramOptions,
  limit: number,
  flags: number,
  slot: number,
  end: string,
  phase: number,
): void {
  markSegment(a, S_MSG);
  a.mov(R3, MSGHDR.size);
  a.store('DW', FP, S_LEN, R3);
  capture(a, 'buf', limit, flags, slot);
  if (phase !== PHASE.exit) return;
  // the struct must be there whole: a failed or cut capture leaves nothing to follow
  endIfNoneSince(a, S_MSG, end);
  a.jmp('jgt', R2, limit, end);
  a.add(R2, R7);
  a.load('W', R3, R2, REC.size + SEG.len);
  a.jmp('jlt', R3, MSGHDR.size, end);
  const pointed = (addr: number, len: number, lenSize: 'W' | 'DW', max: number): void => {
    const skip = a.newLabel('msg_skip');
    msghdrField(a, limit, addr, 'DW', end);
    a.jmp('jlt', R3, 4096, skip);
    a.store('DW', FP, S_ADDR, R3);
    msghdrField(a, limit, len, lenSize, end);
    a.jmp('jeq', R3, 0, skip);
    atMost(a, R3, max);
    a.store('DW', FP, S_LEN, R3);
    capture(a, 'buf', limit, flags, slot);
    a.label(skip);
  };
  pointed(MSGHDR.name, MSGHDR.namelen, 'W', MSG_NAME_MAX);
  pointed(MSGHDR.control, MSGHDR.controllen, 'DW', MSG_CONTROL_MAX);
  msghdrField(a, limit, MSGHDR.iov, 'DW', end);
  a.jmp('jlt', R3, 4096, end);
  a.store('DW', FP, S_ADDR, R3);
  msghdrField(a, limit, MSGHDR.iovlen, 'DW', end);
  a.jmp('jeq', R3, 0, end);
  atMost(a, R3, IOV_MAX + 1); // one more iovec than printed: strace reads it to know `...` follows
  a.store('DW', FP, S_COUNT, R3);
  iovArray(a, o, limit, flags, slot, end);
}

/** Loads the plan of the call in the scratch record into R8; ends at `out` unless the plan traces it. */
function loadPlan(a: Assembler, o: ProgramOptions, out: string): void {
  a.load('W', R1, R7, REC.nr);
  setKey(a, S_KEY, R1);
  mapCall(a, 'map_lookup_elem', o.maps.plans, S_KEY, { miss: out });
  a.mov(R8, R0);
}

/**
 * The raw tracepoints' context: sys_enter(struct pt_regs *regs, long id), sys_exit(struct pt_regs *regs, long
 * ret). Cheaper than the perf tracepoints (no trace record built per call), and they detach without waiting.
 */
const CTX_REGS = 0;
const CTX_NR = 8;
const CTX_RET = 8;
/** struct pt_regs (x86_64): r10 at 56 up to di at 112; a call's arguments are di, si, dx, r10, r8, r9. */
const REGS_FROM = 56;
const REGS_LEN = 64;
const REGS_ARGS = [112 - REGS_FROM, 104 - REGS_FROM, 96 - REGS_FROM, 0, 72 - REGS_FROM, 64 - REGS_FROM];
/** struct pt_regs's sp: the user stack pointer at entry. */
const REGS_SP = 152;

/**
 * -c at entry (R2: the call's number): only the entry time and number, written in place into the thread's state
 * (a map update per call costs more than the rest of the program). Launch and -p scopes: R9 is the thread's
 * `traced` value, its state; other scopes: the entries map's, made at the thread's first call.
 */
function summaryEnter(a: Assembler, o: ProgramOptions, out: string): void {
  a.store('DW', FP, S_N1, R2);
  setKey(a, S_KEY, R2);
  mapCall(a, 'map_lookup_elem', o.maps.plans, S_KEY, { miss: out });
  a.load('W', R1, R0, PLAN.flags);
  a.and(R1, 1);
  a.jmp('jeq', R1, 0, out);
  a.call('ktime_get_ns');
  if (o.scope.kind === 'tids') {
    a.store('DW', R9, SUMMARY_STATE.tsEnter, R0);
    a.load('DW', R1, FP, S_N1);
    a.store('W', R9, SUMMARY_STATE.nr, R1);
    return;
  }
  a.store('DW', FP, S_POS, R0);
  const fresh = a.newLabel('fresh');
  mapCall(a, 'map_lookup_elem', o.maps.entries, S_TID, { miss: fresh });
  a.load('DW', R1, FP, S_POS);
  a.store('DW', R0, SUMMARY_STATE.tsEnter, R1);
  a.load('DW', R1, FP, S_N1);
  a.store('W', R0, SUMMARY_STATE.nr, R1);
  a.ja(out);
  a.label(fresh);
  a.store('DW', FP, S_REC, 0);
  a.load('DW', R1, FP, S_POS);
  a.store('DW', FP, S_REC + SUMMARY_STATE.tsEnter, R1);
  a.load('DW', R1, FP, S_N1);
  a.store('W', FP, S_REC + SUMMARY_STATE.nr, R1);
  mapCall(a, 'map_update_elem', o.maps.entries, S_TID, { value: () => a.mov(R3, FP).add(R3, S_REC) });
  a.jmp('jeq', R0, 0, out);
  countLost(a, o, LOST.entries);
}

/** Reads the registers holding the call's six arguments into the stack record area (offsets in REGS_ARGS). */
function syscallArgs(a: Assembler): void {
  a.mov(R1, FP).add(R1, S_REC);
  a.mov(R2, REGS_LEN);
  a.load('DW', R3, R6, CTX_REGS);
  a.add(R3, REGS_FROM);
  a.call('probe_read_kernel');
}

export function sysEnterProgram(o: ProgramOptions): Uint8Array {
  const a = new Assembler();
  const out = 'out';
  a.mov(R6, R1);
  scopeCheck(a, o, out, (v) => {
    // the launcher before its execve: only that execve is shown; sched_process_exec traces the thread from
    // there (a failed execve leaves the launcher unseen: it exits at once with the errno)
    const go = a.newLabel('go');
    a.load('B', R1, v, 0);
    a.jmp('jne', R1, TRACED.launcher, go);
    a.load('DW', R2, R6, CTX_NR);
    for (const nr of o.execveNrs) a.jmp('jeq', R2, nr, go);
    a.ja(out);
    a.label(go);
  });
  // -c: the thread's `traced` value is its state (summaryEnter)
  if (o.summary && o.scope.kind === 'tids') a.mov(R9, R0);
  a.load('DW', R2, R6, CTX_NR);
  a.jmp('jgt', R2, PLAN_ENTRIES - 1, out);
  if (o.summary) {
    summaryEnter(a, o, out);
    a.label(out);
    a.mov(R0, 0);
    a.exit();
    return a.assemble();
  }
  lookupScratch(a, o, out);
  a.mov(R7, R0);
  a.load('DW', R2, R6, CTX_NR);
  a.store('W', R7, REC.nr, R2);
  loadPlan(a, o, out);
  a.load('W', R1, R8, PLAN.flags);
  a.and(R1, 1);
  a.jmp('jeq', R1, 0, out);
  // counted in flight before the entry is stamped: a record that sees no other call in flight then comes after
  // every record of a call that entered earlier
  inflightAdd(a, o, 1);
  a.store('W', R7, REC.kind, KIND.syscall);
  a.load('DW', R1, FP, S_PIDTGID);
  a.store('W', R7, REC.tid, R1);
  a.op('rsh', R1, 32);
  a.store('W', R7, REC.tgid, R1);
  a.call('ktime_get_ns');
  a.store('DW', R7, REC.tsEnter, R0);
  a.store('DW', R7, REC.tsExit, 0);
  syscallArgs(a);
  for (let i = 0; i < 6; i++) {
    a.load('DW', R1, FP, S_REC + (REGS_ARGS[i] as number));
    a.store('DW', R7, REC.args + i * 8, R1);
  }
  a.store('DW', R7, REC.ret, 0);
  a.store('W', R7, REC.dataLen, 0);
  a.load('W', R1, R8, PLAN.flags);
  a.store('W', R7, REC.flags, R1);
  // a frame argument (rt_sigreturn's): argument 0 becomes the stack pointer, its capture reads from there
  const noStack = a.newLabel('nostack');
  a.and(R1, PLAN_FLAG.stack);
  a.jmp('jeq', R1, 0, noStack);
  a.mov(R1, R7).add(R1, REC.args);
  a.mov(R2, 8);
  a.load('DW', R3, R6, CTX_REGS);
  a.add(R3, REGS_SP);
  a.call('probe_read_kernel');
  a.label(noStack);
  for (let s = 0; s < 6; s++) slotOps(a, o, PHASE.entry, s, ENTRY_DATA);
  const none = a.newLabel('nodata');
  a.load('W', R1, R7, REC.dataLen);
  a.jmp('jeq', R1, 0, none);
  mapCall(a, 'map_update_elem', o.maps.entryData, S_TID, { value: () => a.mov(R3, R7).add(R3, REC.size) });
  a.label(none);
  // a new entry stays counted; one that replaced a stale entry (already counted) or failed is uncounted
  a.ldMap(R1, o.maps.entries);
  a.mov(R2, FP).add(R2, S_TID);
  a.mov(R3, R7);
  a.mov(R4, BPF_NOEXIST);
  a.call('map_update_elem');
  a.jmp('jeq', R0, 0, out);
  mapCall(a, 'map_update_elem', o.maps.entries, S_TID, { value: () => a.mov(R3, R7) });
  const replaced = a.newLabel('replaced');
  a.jmp('jeq', R0, 0, replaced);
  countLost(a, o, LOST.entries);
  a.label(replaced);
  inflightAdd(a, o, -1);
  a.label(out);
  a.mov(R0, 0);
  a.exit();
  return a.assemble();
}

const BPF_NOEXIST = 1;

/** Atomically adds `n` to the count of calls in flight. */
function inflightAdd(a: Assembler, o: ProgramOptions, n: number): void {
  const skip = a.newLabel('inflight');
  lookupKey0(a, o.maps.inflight, 0, skip);
  a.mov(R1, n);
  a.atomicAdd(R0, 0, R1);
  a.label(skip);
}

/** Marks the scratch record (R7) ALONE when its own call is the only one in flight (read after its exit stamp). */
function markAlone(a: Assembler, o: ProgramOptions): void {
  const skip = a.newLabel('alone');
  lookupKey0(a, o.maps.inflight, 0, skip);
  a.load('DW', R1, R0, 0);
  a.jmp('jne', R1, 1, skip);
  a.load('W', R1, R7, REC.flags);
  a.op('or', R1, REC_FLAG.alone);
  a.store('W', R7, REC.flags, R1);
  a.label(skip);
}

/** Copies the thread's entry state (header and entry captures) into the scratch record (R7). */
function loadEntry(a: Assembler, o: ProgramOptions, out: string): void {
  setKey(a, S_TID, R0);
  mapCall(a, 'map_lookup_elem', o.maps.entries, S_TID, { miss: out });
  a.mov(R8, R0);
  lookupScratch(a, o, out);
  a.mov(R7, R0);
  a.mov(R1, R7);
  a.mov(R2, REC.size);
  a.mov(R3, R8);
  a.call('probe_read_kernel');
  const none = a.newLabel('noentry');
  a.load('W', R1, R7, REC.dataLen);
  a.jmp('jeq', R1, 0, none);
  a.store('W', R7, REC.dataLen, 0);
  a.jmp('jgt', R1, ENTRY_DATA, none);
  mapCall(a, 'map_lookup_elem', o.maps.entryData, S_TID, { miss: none });
  a.load('W', R2, R8, REC.dataLen);
  a.jmp('jeq', R2, 0, none);
  a.jmp('jgt', R2, ENTRY_DATA, none);
  a.store('W', R7, REC.dataLen, R2);
  a.mov(R1, R7).add(R1, REC.size);
  a.mov(R3, R0);
  a.call('probe_read_kernel');
  a.label(none);
}

/**
 * The one record emit: ringbuf_output from R2 of R3 bytes (`size` runs before the ring is loaded, `from` after),
 * counting a failure, or a jump to `drop`, as lost. Every record of every program leaves through here. The ring may
 * be the one in slot 0 of a map of maps (ringInSlot): a bigger one takes its place when the reader falls behind.
 */
function ringOutput(
  a: Assembler,
  o: ProgramOptions,
  from: () => void,
  size: () => void,
  drop?: string,
): void {
  const lost = drop ?? a.newLabel('unsent');
  if (o.ringInSlot) lookupKey0(a, o.maps.ring, 0, lost);
  size();
  if (o.ringInSlot) a.mov(R1, R0);
  else a.ldMap(R1, o.maps.ring);
  from();
  a.mov(R4, RB_NO_WAKEUP);
  a.call('ringbuf_output');
  const ok = a.newLabel('sent');
  a.jmp('jeq', R0, 0, ok);
  a.label(lost);
  countLost(a, o, LOST.ring);
  a.label(ok);
}

/** The scratch record (R7): header and captured data, dropped (and counted) past DATA_MAX. */
function emitScratch(a: Assembler, o: ProgramOptions): void {
  const drop = a.newLabel('drop');
  ringOutput(
    a,
    o,
    () => a.mov(R2, R7),
    () => {
      a.load('W', R3, R7, REC.dataLen);
      a.jmp('jgt', R3, DATA_MAX, drop);
      a.add(R3, REC.size);
    },
    drop,
  );
}

/** R3 = the kernel word of `size` bytes at R3 + `off` (read into S_ADDR, zeroed first); ends at `fail` on error. */
function kernelWord(a: Assembler, off: number, size: 2 | 4 | 8, fail: string): void {
  a.store('DW', FP, S_ADDR, 0);
  a.add(R3, off);
  a.mov(R1, FP).add(R1, S_ADDR);
  a.mov(R2, size);
  a.call('probe_read_kernel');
  a.jmp('jne', R0, 0, fail);
  a.load('DW', R3, FP, S_ADDR);
}

/** R3 = the pointer reached from the current task through these pointer fields (BTF offsets), none NULL; else `fail`. */
function currentPointer(a: Assembler, fields: readonly number[], fail: string): void {
  a.call('get_current_task');
  a.mov(R3, R0);
  for (const off of fields) {
    kernelWord(a, off, 8, fail);
    a.jmp('jeq', R3, 0, fail);
  }
}

/** bpf's BPF_OBJ_GET_INFO_BY_FD command (include/uapi/linux/bpf.h). */
const BPF_OBJ_GET_INFO_BY_FD = xlatValue('bpf_cmd', 'BPF_OBJ_GET_INFO_BY_FD') ?? 15;

/** AF_NETLINK (include/linux/socket.h). */
const AF_NETLINK = xlatValue('socket_domain', 'AF_NETLINK') ?? 16;

/** S_IFMT and S_IFSOCK (include/uapi/linux/stat.h): a socket's inode mode. */
const S_IFMT = 0o170000;
const S_IFSOCK = 0o140000;

/**
 * Appends an inode segment for the fd in R1 of the current task: its inode number and mode, and for a socket its
 * family, type and protocol, read from the fd table as it is at the call's exit (the reader decodes later, when
 * the fd may be closed or the process gone). `flags`: the segment's (SEG_FLAG.argFd for a call's socket argument).
 */
/** R3 = the struct file of the fd in R1 of the current task (also at S_FILE; the fd at S_POS); else to `skip`. */
function fileOf(a: Assembler, w: FdWalk, skip: string): void {
  a.jmp('jslt', R1, 0, skip);
  a.store('DW', FP, S_POS, R1);
  currentPointer(a, [w.files, w.fdt], skip);
  a.store('DW', FP, S_N1, R3);
  kernelWord(a, w.maxFds, 4, skip);
  a.load('DW', R1, FP, S_POS);
  a.jmp('jge', R1, R3, skip);
  a.load('DW', R3, FP, S_N1);
  kernelWord(a, w.fd, 8, skip);
  a.load('DW', R1, FP, S_POS);
  a.op('lsh', R1, 3);
  a.add(R3, R1);
  kernelWord(a, 0, 8, skip); // struct file *
  a.jmp('jeq', R3, 0, skip);
  a.store('DW', FP, S_FILE, R3);
}

function fdInode(a: Assembler, w: FdWalk, flags: number = 0): void {
  const skip = a.newLabel('ino_skip');
  const write = a.newLabel('ino_write');
  fileOf(a, w, skip);
  kernelWord(a, w.fInode, 8, skip);
  a.jmp('jeq', R3, 0, skip);
  a.store('DW', FP, S_N1, R3);
  kernelWord(a, w.iIno, 8, skip);
  a.store('DW', FP, S_LEN, R3);
  a.load('DW', R3, FP, S_N1);
  kernelWord(a, w.iMode, 2, skip);
  // the second word: mode, then a socket's family, type and protocol (16 bits each; 0 when unknown)
  a.store('DW', FP, S_SOCK, R3);
  if (w.sock) {
    const s = w.sock;
    a.and(R3, S_IFMT);
    a.jmp('jne', R3, S_IFSOCK, write);
    a.load('DW', R3, FP, S_FILE);
    kernelWord(a, s.privateData, 8, write); // struct socket *
    a.jmp('jeq', R3, 0, write);
    kernelWord(a, s.sk, 8, write); // struct sock *
    a.jmp('jeq', R3, 0, write);
    a.store('DW', FP, S_FILE, R3);
    for (const [field, shift] of [
      [s.family, 16],
      [s.type, 32],
      [s.protocol, 48],
    ] as const) {
      a.load('DW', R3, FP, S_FILE);
      kernelWord(a, field, 2, write);
      a.op('lsh', R3, shift);
      a.load('DW', R1, FP, S_SOCK);
      a.op('or', R1, R3);
      a.store('DW', FP, S_SOCK, R1);
    }
  }
  a.label(write);
  a.load('W', R9, R7, REC.dataLen);
  a.jmp('jgt', R9, DATA_MAX - INODE_SEG, skip);
  a.mov(R1, R7).add(R1, R9);
  a.load('DW', R2, FP, S_POS);
  a.store('DW', R1, REC.size + SEG.addr, R2);
  a.store('W', R1, REC.size + SEG.len, INODE_SEG - SEG.size);
  a.store('H', R1, REC.size + SEG.flags, SEG_FLAG.inode | SEG_FLAG.exit | flags);
  a.store('H', R1, REC.size + SEG.arg, 0);
  a.load('DW', R2, FP, S_LEN);
  a.store('DW', R1, REC.size + SEG.size, R2);
  a.load('DW', R2, FP, S_SOCK);
  a.store('DW', R1, REC.size + SEG.size + 8, R2);
  a.add(R9, INODE_SEG);
  a.store('W', R7, REC.dataLen, R9);
  a.label(skip);
}

/**
 * The socket in argument 0 of a call whose plan asks (sendto, recvmsg...: its buffers' decoders need the socket's
 * family and protocol, e.g. NETLINK_ROUTE messages), whether or not the call succeeded; before the captures, which
 * read a netlink socket's buffers whole (S_SOCK holds its family).
 */
function argSocket(a: Assembler, w: FdWalk): void {
  const end = a.newLabel('sock_end');
  a.store('DW', FP, S_SOCK, 0); // no socket: family 0
  a.load('W', R1, R7, REC.flags);
  a.and(R1, PLAN_FLAG.sockArg);
  a.jmp('jeq', R1, 0, end);
  a.load('DW', R1, R7, REC.args);
  a.op('lsh', R1, 32);
  a.op('arsh', R1, 32); // an int: the kernel's fd
  fdInode(a, w, SEG_FLAG.argFd);
  a.label(end);
}

/**
 * bpf(BPF_OBJ_GET_INFO_BY_FD) under -v, when its plan asks: the name of the file behind the attr's bpf_fd
 * (`bpf-prog`, `bpf-map`), whose info struct the decoder prints by it (the reader cannot ask /proc later).
 */
function bpfInfoName(a: Assembler, w: FdWalk, name: NonNullable<FdWalk['name']>): void {
  const end = a.newLabel('bpfname_end');
  a.load('W', R1, R7, REC.flags);
  a.and(R1, PLAN_FLAG.bpfInfo);
  a.jmp('jeq', R1, 0, end);
  a.load('DW', R1, R7, REC.args);
  a.jmp('jne', R1, BPF_OBJ_GET_INFO_BY_FD, end);
  a.store('DW', FP, S_ADDR, 0);
  a.mov(R1, FP).add(R1, S_ADDR);
  a.mov(R2, 4);
  a.load('DW', R3, R7, REC.args + 8);
  a.call('probe_read_user');
  a.jmp('jne', R0, 0, end);
  a.load('W', R1, FP, S_ADDR);
  a.op('lsh', R1, 32);
  a.op('arsh', R1, 32);
  fileOf(a, w, end);
  kernelWord(a, name.dentry, 8, end);
  a.jmp('jeq', R3, 0, end);
  kernelWord(a, name.name, 8, end);
  a.jmp('jeq', R3, 0, end);
  a.load('W', R9, R7, REC.dataLen);
  a.jmp('jgt', R9, DATA_MAX - NAME_SEG, end);
  a.mov(R1, R7).add(R1, R9);
  a.load('DW', R2, FP, S_POS);
  a.store('DW', R1, REC.size + SEG.addr, R2);
  a.store('W', R1, REC.size + SEG.len, NAME_SEG - SEG.size);
  a.store('H', R1, REC.size + SEG.flags, SEG_FLAG.fdName | SEG_FLAG.exit);
  a.store('H', R1, REC.size + SEG.arg, 0);
  // the name's first bytes (a dentry's short names are inline, 40 bytes: never read past)
  a.add(R1, REC.size + SEG.size);
  a.mov(R2, NAME_SEG - SEG.size);
  a.call('probe_read_kernel');
  a.load('W', R9, R7, REC.dataLen);
  a.add(R9, NAME_SEG);
  a.store('W', R7, REC.dataLen, R9);
  a.label(end);
}

/** -y: the inodes of the fds a successful call made (its return value, or the int[2] of pipe and socketpair). */
function newFdInodes(a: Assembler, w: FdWalk): void {
  const end = a.newLabel('ino_end');
  const pair = a.newLabel('ino_pair');
  a.load('DW', R1, R7, REC.ret);
  a.jmp('jslt', R1, 0, end);
  a.load('W', R1, R7, REC.flags);
  a.and(R1, PLAN_FLAG.newFd);
  a.jmp('jeq', R1, 0, pair);
  a.load('DW', R1, R7, REC.ret);
  fdInode(a, w);
  a.ja(end);
  a.label(pair);
  a.load('W', R1, R7, REC.flags);
  a.and(R1, PLAN_FLAG.fdPair);
  a.jmp('jeq', R1, 0, end);
  a.load('W', R5, R7, REC.flags);
  a.op('rsh', R5, PAIR_ARG.shift);
  a.and(R5, PAIR_ARG.mask);
  argByIndex(a, end);
  a.store('DW', FP, S_MSG, 0);
  a.mov(R1, FP).add(R1, S_MSG);
  a.mov(R2, 8);
  a.call('probe_read_user');
  a.jmp('jne', R0, 0, end);
  for (const half of [0, 4]) {
    a.load('W', R1, FP, S_MSG + half);
    fdInode(a, w);
  }
  a.label(end);
}

function deleteEntry(a: Assembler, o: ProgramOptions): void {
  mapCall(a, 'map_delete_elem', o.maps.entries, S_TID);
}

export function sysExitProgram(o: ProgramOptions): Uint8Array {
  const a = new Assembler();
  const out = 'out';
  a.mov(R6, R1);
  a.call('get_current_pid_tgid');
  if (o.summary) {
    // the state stays (a zero stamp: no call in flight) for the thread's next call to reuse
    setKey(a, S_TID, R0);
    const state = o.scope.kind === 'tids' ? o.maps.traced : o.maps.entries;
    mapCall(a, 'map_lookup_elem', state, S_TID, { miss: out });
    a.mov(R8, R0);
    a.load('DW', R1, R8, SUMMARY_STATE.tsEnter);
    a.jmp('jeq', R1, 0, out);
    a.load('W', R1, R8, SUMMARY_STATE.nr);
    setKey(a, S_KEY, R1);
    mapCall(a, 'map_lookup_elem', o.maps.stats, S_KEY);
    const del = a.newLabel('del');
    a.jmp('jeq', R0, 0, del);
    a.mov(R9, R0);
    a.load('DW', R1, R9, 0);
    a.add(R1, 1);
    a.store('DW', R9, 0, R1);
    const okCall = a.newLabel('ok');
    a.load('DW', R1, R6, CTX_RET);
    a.jmp('jsge', R1, 0, okCall);
    a.jmp('jslt', R1, -4095, okCall);
    a.load('DW', R1, R9, 8);
    a.add(R1, 1);
    a.store('DW', R9, 8, R1);
    a.label(okCall);
    a.call('ktime_get_ns');
    a.load('DW', R1, R8, SUMMARY_STATE.tsEnter);
    a.sub(R0, R1);
    if (o.overhead) {
      const over = a.newLabel('over');
      a.ld64(R1, o.overhead);
      a.jmp('jgt', R0, R1, over);
      a.mov(R0, R1);
      a.label(over);
      a.sub(R0, R1);
    }
    a.load('DW', R1, R9, 16);
    a.add(R1, R0);
    a.store('DW', R9, 16, R1);
    a.label(del);
    a.store('DW', R8, SUMMARY_STATE.tsEnter, 0);
    a.label(out);
    a.mov(R0, 0);
    a.exit();
    return a.assemble();
  }
  a.store('DW', FP, S_PIDTGID, R0);
  loadEntry(a, o, out);
  // the thread's id now (an exec from a non-leader thread returns under the leader's id)
  a.load('DW', R1, FP, S_PIDTGID);
  a.store('W', R7, REC.tid, R1);
  a.call('ktime_get_ns');
  a.store('DW', R7, REC.tsExit, R0);
  a.load('DW', R1, R6, CTX_RET);
  a.store('DW', R7, REC.ret, R1);
  markAlone(a, o);
  const emit = a.newLabel('emit');
  loadPlan(a, o, emit);
  if (o.fdWalk?.sock) argSocket(a, o.fdWalk);
  for (let s = 0; s < 6; s++) slotOps(a, o, PHASE.exit, s, DATA_MAX);
  if (o.fdWalk && o.newFds) newFdInodes(a, o.fdWalk);
  if (o.fdWalk?.name) bpfInfoName(a, o.fdWalk, o.fdWalk.name);
  a.label(emit);
  emitScratch(a, o);
  deleteEntry(a, o);
  // out of flight only once its record is in the ring
  inflightAdd(a, o, -1);
  a.label(out);
  a.mov(R0, 0);
  a.exit();
  return a.assemble();
}

/** Zeroes the 96-byte stack record and fills kind, tid, tgid and the time. */
function stackRecord(a: Assembler, kind: number): void {
  blankRecord(a, kind);
  a.load('DW', R1, FP, S_PIDTGID);
  a.store('W', FP, S_REC + REC.tid, R1);
  a.op('rsh', R1, 32);
  a.store('W', FP, S_REC + REC.tgid, R1);
  stampRecord(a);
}

/** The stack record zeroed, with its kind. */
function blankRecord(a: Assembler, kind: number): void {
  for (let i = 0; i < REC.size; i += 8) a.store('DW', FP, S_REC + i, 0);
  a.store('W', FP, S_REC + REC.kind, kind);
}

/** The stack record stamped now (entry and exit alike: it stands for one instant). */
function stampRecord(a: Assembler): void {
  a.call('ktime_get_ns');
  a.store('DW', FP, S_REC + REC.tsEnter, R0);
  a.store('DW', FP, S_REC + REC.tsExit, R0);
}

/** The 96-byte record built on the stack (fork, exec, exit, signal). */
function emitStack(a: Assembler, o: ProgramOptions): void {
  ringOutput(
    a,
    o,
    () => {
      a.mov(R2, FP).add(R2, S_REC);
      a.mov(R3, REC.size);
    },
    () => {},
  );
}

/**
 * sched_process_fork (-f): a child of a traced thread is traced from its first instruction. The parent is the
 * current thread (kernel_clone traces current and the new task); the child's tid is the raw tracepoint's second
 * argument's task->pid at `taskPid` (its BTF offset), or without one the perf record's child_pid.
 */
export function forkProgram(o: ProgramOptions, taskPid?: number): Uint8Array {
  const a = new Assembler();
  const out = 'out';
  a.mov(R6, R1);
  a.call('get_current_pid_tgid');
  a.store('DW', FP, S_PIDTGID, R0);
  setKey(a, S_KEY, R0);
  mapCall(a, 'map_lookup_elem', o.maps.traced, S_KEY, { miss: out });
  a.store('DW', FP, S_TID, 0);
  if (taskPid === undefined) {
    a.load('W', R1, R6, 20); // child_pid
    a.store('W', FP, S_TID, R1);
  } else {
    a.mov(R1, FP).add(R1, S_TID);
    a.mov(R2, 4);
    a.load('DW', R3, R6, 8); // the child's task_struct
    a.add(R3, taskPid);
    a.call('probe_read_kernel');
    a.jmp('jne', R0, 0, out);
  }
  a.store('DW', FP, S_ONE, TRACED.yes);
  if (o.summary) a.store('DW', FP, S_ONE + 8, 0); // -c: the value is the thread's state, no call in flight
  mapCall(a, 'map_update_elem', o.maps.traced, S_TID, { value: () => a.mov(R3, FP).add(R3, S_ONE) });
  stackRecord(a, KIND.fork);
  a.load('W', R1, FP, S_TID);
  a.store('W', FP, S_REC + REC.tid, R1);
  a.load('W', R1, FP, S_PIDTGID); // the parent's tid
  a.store('W', FP, S_REC + REC.nr, R1);
  emitStack(a, o);
  a.label(out);
  a.mov(R0, 0);
  a.exit();
  return a.assemble();
}

/**
 * Whether the exiting thread was its process's last, for sched_process_exit's record: the raw tracepoint's own
 * argument (kernels whose tracepoint has group_dead), else the task's signal->live read at these BTF offsets (do_exit
 * counts it down before the tracepoint), else unknown (0).
 */
export type GroupDead = 'arg' | { readonly signal: number; readonly live: number } | undefined;

/**
 * sched_process_exit, as a raw tracepoint (the task, and group_dead on newer kernels): a call the thread never
 * returned from (`= ?`), then the exit itself.
 */
export function exitProgram(o: ProgramOptions, groupDead?: GroupDead): Uint8Array {
  const a = new Assembler();
  const out = 'out';
  a.mov(R6, R1);
  scopeCheck(a, o, out);
  if (o.scope.kind === 'tids') {
    mapCall(a, 'map_delete_elem', o.maps.traced, S_TID);
  }
  const noCall = a.newLabel('nocall');
  a.store('DW', FP, S_COUNT, 0);
  if (!o.summary) {
    a.load('DW', R0, FP, S_PIDTGID);
    loadEntry(a, o, noCall);
    a.store('W', R7, REC.kind, KIND.unfinished);
    emitScratch(a, o);
    a.store('DW', FP, S_COUNT, 1);
  }
  a.label(noCall);
  stackRecord(a, KIND.exit);
  if (groupDead === 'arg') {
    a.load('B', R1, R6, 8);
    a.store('W', FP, S_REC + REC.nr, R1);
  } else if (groupDead) {
    const unknown = a.newLabel('group_unknown');
    currentPointer(a, [groupDead.signal], unknown);
    kernelWord(a, groupDead.live, 4, unknown);
    a.jmp('jne', R3, 0, unknown);
    a.store('W', FP, S_REC + REC.nr, 1);
    a.label(unknown);
  }
  if (o.exitCodeOffset !== undefined) {
    // do_exit sets task->exit_code before this tracepoint: exit_group's status, or the signal that killed it
    a.call('get_current_task');
    a.mov(R3, R0).add(R3, o.exitCodeOffset);
    a.mov(R1, FP).add(R1, S_REC + REC.ret);
    a.mov(R2, 4);
    a.call('probe_read_kernel');
    const unread = a.newLabel('exit_unread');
    a.jmp('jne', R0, 0, unread);
    a.store('W', FP, S_REC + REC.flags, EXIT_FLAG.code);
    a.label(unread);
  }
  emitStack(a, o);
  // after the record: the reader orders events by the calls it sees in flight
  deleteEntry(a, o);
  if (!o.summary) {
    const counted = a.newLabel('counted');
    a.load('DW', R1, FP, S_COUNT);
    a.jmp('jeq', R1, 0, counted);
    inflightAdd(a, o, -1);
    a.label(counted);
  }
  a.label(out);
  a.mov(R0, 0);
  a.exit();
  return a.assemble();
}

/**
 * sched_process_exec, as a raw tracepoint (the task, which is current, the old pid, the binprm): a thread other than
 * the leader exec'd (old pid), for `superseded by execve`.
 */
export function execProgram(o: ProgramOptions): Uint8Array {
  const a = new Assembler();
  const out = 'out';
  a.mov(R6, R1);
  if (o.scope.kind === 'tids') {
    // in scope by its old id: the leader's id it took was dropped when the leader exited
    a.call('get_current_pid_tgid');
    a.store('DW', FP, S_PIDTGID, R0);
    setKey(a, S_TID, R0);
    a.store('DW', FP, S_KEY, 0);
    a.load('W', R1, R6, 8); // old_pid
    a.store('W', FP, S_KEY, R1);
    mapCall(a, 'map_lookup_elem', o.maps.traced, S_KEY, { miss: out });
    if (o.summary) {
      // -c: the value is the thread's state, the execve in flight with it (its stamp and number kept)
      a.load('DW', R1, R0, 0);
      a.store('DW', FP, S_ONE, R1);
      a.load('DW', R1, R0, 8);
      a.store('DW', FP, S_ONE + 8, R1);
      a.store('W', FP, S_ONE + SUMMARY_STATE.traced, TRACED.yes);
    } else a.store('DW', FP, S_ONE, TRACED.yes);
    mapCall(a, 'map_update_elem', o.maps.traced, S_TID, { value: () => a.mov(R3, FP).add(R3, S_ONE) });
  } else scopeCheck(a, o, out);
  // a non-leader thread exec'd and took the leader's id: its execve entry moves to that id
  const same = a.newLabel('same');
  a.load('W', R1, R6, 8); // old_pid
  a.load('W', R2, FP, S_PIDTGID); // current's tid
  a.jmp('jeq', R1, R2, same);
  setKey(a, S_KEY, R1);
  for (const m of [o.maps.entries, o.maps.entryData]) {
    const next = a.newLabel('moved');
    mapCall(a, 'map_lookup_elem', m, S_KEY, { miss: next });
    a.mov(R3, R0);
    a.ldMap(R1, m);
    a.mov(R2, FP).add(R2, S_TID);
    a.mov(R4, 0);
    a.call('map_update_elem');
    mapCall(a, 'map_delete_elem', m, S_KEY);
    a.label(next);
  }
  a.label(same);
  stackRecord(a, KIND.exec);
  a.load('W', R1, R6, 8); // old_pid
  a.store('W', FP, S_REC + REC.nr, R1);
  emitStack(a, o);
  a.label(out);
  a.mov(R0, 0);
  a.exit();
  return a.assemble();
}

/**
 * signal_deliver, as a raw tracepoint (its arguments: the signal, the kernel_siginfo being delivered, the
 * k_sigaction): `--- SIGCHLD {si_signo=..., si_pid=...} ---` from the whole siginfo. The record carries the
 * siginfo in its argument words and the handler in its return word.
 */
export function signalProgram(o: ProgramOptions): Uint8Array {
  const a = new Assembler();
  const out = 'out';
  a.mov(R6, R1);
  scopeCheck(a, o, out);
  stackRecord(a, KIND.signal);
  a.load('DW', R1, R6, 0);
  a.store('W', FP, S_REC + REC.nr, R1);
  a.mov(R1, FP).add(R1, S_REC + REC.args);
  a.mov(R2, KERNEL_SIGINFO_SIZE);
  a.load('DW', R3, R6, 8);
  a.call('probe_read_kernel');
  // k_sigaction starts with sa_handler (struct sigaction, x86_64)
  a.mov(R1, FP).add(R1, S_REC + REC.ret);
  a.mov(R2, 8);
  a.load('DW', R3, R6, 16);
  a.call('probe_read_kernel');
  emitStack(a, o);
  a.label(out);
  a.mov(R0, 0);
  a.exit();
  return a.assemble();
}

/**
 * signal_generate's result (include/trace/events/signal.h): TRACE_SIGNAL_IGNORED, a signal the kernel drops at
 * sending (its action is to ignore it). A ptraced thread never ignores one (kernel/signal.c sig_ignored), so strace
 * shows it (`--- SIGCONT ---`, `--- SIGCHLD ---` without a handler): the reader shows it too.
 */
const TRACE_SIGNAL_IGNORED = 1;
/** signal_generate's result for a signal queued for delivery (or acted on at sending: a fatal default action). */
const TRACE_SIGNAL_DELIVERED = 0;
/** task_struct's flags: PF_EXITING (include/linux/sched.h), set as a thread starts to exit. */
const PF_EXITING = 0x4;

/** siginfo's si_code for the kernel's special info pointers (include/uapi/asm-generic/siginfo.h). */
const SI_USER = 0;
const SI_KERNEL = 0x80;

/**
 * signal_generate, as a raw tracepoint (the signal, its kernel_siginfo, the target task, group, result): a signal
 * queued for a traced thread. When nobody ptraces, the kernel ends a process for a fatal signal with the default
 * action at sending and no signal_deliver follows; the reader then shows this one (`--- SIGPIPE {...} ---`).
 * Its record: the target's tid and tgid, the signal, the siginfo in the argument words; flags: the result (0
 * delivered, 1 ignored); an ignored one's ret word: the entry stamp of the call the target is in (0: none).
 */
/**
 * The walk from a task to its cgroup v2 id (task→cgroups→dfl_cgrp→kn→id, offsets from the BTF): what
 * get_current_cgroup_id gives for the current task, for the target of a signal.
 */
export interface CgroupWalk {
  readonly cgroups: number;
  readonly dflCgrp: number;
  readonly kn: number;
  readonly id: number;
}

export function generateProgram(
  o: ProgramOptions,
  ids: { pid: number; tgid: number; flags?: number },
  cgroup?: CgroupWalk,
): Uint8Array {
  const a = new Assembler();
  const out = 'out';
  const s = o.scope;
  if (s.kind === 'cgroup' && !cgroup) throw new Error('the cgroup scope needs the cgroup walk');
  a.mov(R6, R1);
  a.load('DW', R1, R6, 32);
  // delivered or ignored (not already pending, nor lost); system-wide, delivered only: every process's ignored
  // signals (SIGCHLD of every shell and build on the machine, hundreds a second) are no trace's subject
  a.jmp('jgt', R1, s.kind === 'all' ? TRACE_SIGNAL_DELIVERED : TRACE_SIGNAL_IGNORED, out);
  blankRecord(a, KIND.generated);
  a.load('DW', R1, R6, 32);
  a.store('W', FP, S_REC + REC.flags, R1);
  const readTask = (field: number, to: number): void => {
    a.mov(R1, FP).add(R1, to);
    a.mov(R2, 4);
    a.load('DW', R3, R6, 16);
    a.add(R3, field);
    a.call('probe_read_kernel');
    a.jmp('jne', R0, 0, out);
  };
  readTask(ids.pid, S_REC + REC.tid);
  readTask(ids.tgid, S_REC + REC.tgid);
  if (s.kind === 'tids') {
    a.load('W', R1, FP, S_REC + REC.tid);
    setKey(a, S_TID, R1);
    mapCall(a, 'map_lookup_elem', o.maps.traced, S_TID, { miss: out });
  } else {
    a.load('W', R1, FP, S_REC + REC.tgid);
    a.jmp('jeq', R1, s.self, out);
  }
  if (s.kind === 'cgroup' && cgroup) {
    // the target's cgroup (the sender's is current's): task→cgroups→dfl_cgrp→kn→id
    a.load('DW', R3, R6, 16);
    for (const field of [cgroup.cgroups, cgroup.dflCgrp, cgroup.kn]) {
      kernelWord(a, field, 8, out);
      a.jmp('jeq', R3, 0, out);
    }
    kernelWord(a, cgroup.id, 8, out);
    a.ld64(R1, s.id);
    a.jmp('jne', R3, R1, out);
  }
  stampRecord(a);
  // ignored: the call the target is in, if any (its entry stamp), which the reader shows the signal after
  const free = a.newLabel('gen_free');
  a.load('W', R1, FP, S_REC + REC.flags);
  a.jmp('jne', R1, TRACE_SIGNAL_IGNORED, free);
  if (ids.flags !== undefined) {
    // a thread already exiting never returns to user space, where a signal is delivered: ptrace shows none
    readTask(ids.flags, S_TID);
    a.load('W', R1, FP, S_TID);
    a.jmp('jset', R1, PF_EXITING, out);
  }
  a.load('W', R1, FP, S_REC + REC.tid);
  setKey(a, S_TID, R1);
  mapCall(a, 'map_lookup_elem', o.maps.entries, S_TID, { miss: free });
  a.load('DW', R1, R0, REC.tsEnter);
  a.store('DW', FP, S_REC + REC.ret, R1);
  a.label(free);
  a.load('DW', R1, R6, 0);
  a.store('W', FP, S_REC + REC.nr, R1);
  // SEND_SIG_NOINFO (0) and SEND_SIG_PRIV (1) stand for a siginfo the kernel makes: SI_USER from the sender,
  // or SI_KERNEL
  const real = a.newLabel('gen_info');
  const emit = a.newLabel('gen_emit');
  a.load('DW', R3, R6, 8);
  a.jmp('jgt', R3, 1, real);
  a.load('DW', R1, R6, 0);
  a.store('W', FP, S_REC + REC.args, R1);
  const kernel = a.newLabel('gen_kernel');
  a.jmp('jeq', R3, 1, kernel);
  a.store('W', FP, S_REC + REC.args + 8, SI_USER);
  a.call('get_current_pid_tgid');
  a.op('rsh', R0, 32);
  a.store('W', FP, S_REC + REC.args + 16, R0);
  a.call('get_current_uid_gid');
  a.store('W', FP, S_REC + REC.args + 20, R0);
  a.ja(emit);
  a.label(kernel);
  a.store('W', FP, S_REC + REC.args + 8, SI_KERNEL);
  a.ja(emit);
  a.label(real);
  a.mov(R1, FP).add(R1, S_REC + REC.args);
  a.mov(R2, KERNEL_SIGINFO_SIZE);
  a.call('probe_read_kernel');
  a.label(emit);
  emitStack(a, o);
  a.label(out);
  a.mov(R0, 0);
  a.exit();
  return a.assemble();
}

// A joined call: a syscall's entry and exit events as one value, with the process it belongs to. What the
// library yields, and what consumers that want whole calls (not entry/exit halves) read.
import type { Nanos, StackFrame, SyscallEnter, SyscallExit, TamperMark, TraceEvent } from './events.js';
import type { Value } from './value.js';

export interface Call {
  readonly type: 'syscall';
  /** The process (thread group) the calling thread belongs to. */
  readonly pid: number;
  /** The thread that made the call (strace's "pid"). */
  readonly tid: number;
  readonly nr: number;
  readonly name: string;
  /** The ABI when not x86_64 (`int $0x80` or an x32 number). */
  readonly abi?: 'i386' | 'x32';
  /** The argument registers as the program passed them. */
  readonly raw: readonly bigint[];
  /** Decoded arguments, entry ones then those decoded at exit, as strace prints them. */
  readonly args: readonly Value[];
  /** Entry time, ns since the epoch (the exit's time for a call whose entry was not seen). */
  readonly ts: Nanos;
  /** Exit time; undefined when the call never returned. */
  readonly end?: Nanos;
  /** Only the exit was seen (the thread was attached inside the call): `args` are the exit's, `raw` empty. */
  readonly resumed?: true;
  /** Time inside the call; undefined when it never returned. */
  readonly duration?: Nanos;
  /** The raw return value; undefined when the call never returned (exit_group, a thread killed in it). */
  readonly ret: bigint | undefined;
  /** errno number when the call failed. */
  readonly errno?: number;
  /** The return value in its display form (an fd with its path, flags, an address). */
  readonly retValue?: Value;
  readonly retDetail?: string;
  readonly stack?: readonly StackFrame[];
  readonly tamper?: TamperMark;
}

/** clone()'s CLONE_THREAD: the child is a thread of the caller's process, not a process of its own. */
const CLONE_THREAD = 0x10000n;
const CLONES = new Set(['clone', 'clone3']);

/** Whether a clone made a thread: its flags register (clone) or the decoded clone_args (clone3). */
function madeThread(enter: SyscallEnter): boolean {
  if (enter.name === 'clone') return ((enter.raw[0] ?? 0n) & CLONE_THREAD) !== 0n;
  return JSON.stringify(enter.args, (_k, v) => (typeof v === 'bigint' ? String(v) : v)).includes(
    'CLONE_THREAD',
  );
}

/** Which process a thread belongs to, from outside the event stream (a port: /proc for a live trace). */
export interface ThreadGroups {
  pidOf(tid: number): number;
  /** The thread exited: its id may come back as another process's. */
  forget?(tid: number): void;
  /**
   * The engine saw thread `tid` in process `tgid` (an eBPF record's ids): its process without asking /proc, where a
   * thread that has exited is no more. A thread already known keeps its process until it is forgotten.
   */
  know?(tid: number, tgid: number): void;
}

export interface JoinOptions {
  /**
   * Where a thread's process comes from when the caller knows better than the clone flags (the live tracer
   * asks /proc, the strace-log importer reads `[pid N]` and -ff names); by default the joiner tracks it.
   */
  readonly pidOf?: (tid: number) => number;
  /** Also yield calls whose entry was not seen (an exit alone), marked `resumed`; by default they are dropped. */
  readonly resumed?: boolean;
}

/**
 * Joins entry and exit events per thread into Calls, in the order the calls finish, and keeps which process
 * each thread belongs to (from the clone flags that made it; a thread seen first is its own process). The one
 * join: the JSON Lines writer, the importer's records, the security recorder and the library all read it.
 */
export class CallJoiner {
  private readonly open = new Map<number, SyscallEnter>();
  private readonly tgids = new Map<number, number>();

  constructor(private readonly options: JoinOptions = {}) {}

  /** The process of a thread: its thread group leader's id. */
  pidOf(tid: number): number {
    return this.options.pidOf?.(tid) ?? this.tgids.get(tid) ?? tid;
  }

  /** Whether a call of the thread is open (entered, not yet returned). */
  isOpen(tid: number): boolean {
    return this.open.has(tid);
  }

  /** Seeds a thread's process when it is known from elsewhere (an attached process's threads). */
  setPid(tid: number, pid: number): void {
    this.tgids.set(tid, pid);
  }

  /** The Calls this event completes (none, one, or the previous call of a thread that never returned). */
  add(e: TraceEvent): Call[] {
    switch (e.type) {
      case 'enter': {
        const prev = this.open.get(e.pid);
        this.open.set(e.pid, e);
        return prev ? [this.call(prev, undefined)] : [];
      }
      case 'exit': {
        const enter = this.open.get(e.pid);
        this.open.delete(e.pid);
        if (!enter) return this.options.resumed ? [this.resumed(e)] : [];
        const call = this.call(enter, e);
        if (CLONES.has(enter.name) && e.ret !== undefined && e.ret > 0n)
          this.tgids.set(Number(e.ret), madeThread(enter) ? this.pidOf(e.pid) : Number(e.ret));
        else if ((enter.name === 'fork' || enter.name === 'vfork') && e.ret !== undefined && e.ret > 0n)
          this.tgids.set(Number(e.ret), Number(e.ret));
        return [call];
      }
      case 'exited':
      case 'detach': {
        const enter = this.open.get(e.pid);
        this.open.delete(e.pid);
        return enter ? [this.call(enter, undefined)] : [];
      }
      case 'exec': {
        // a non-leader thread exec'd: it now has the leader's id, and its call goes on under that id; the leader's
        // own call, if its end was not seen, never returned (strace: `= ?`), and is not lost under the new one
        if (e.oldPid === e.pid) return [];
        const leader = this.close(e.pid);
        const enter = this.open.get(e.oldPid);
        this.open.delete(e.oldPid);
        if (enter) this.open.set(e.pid, { ...enter, pid: e.pid });
        return leader ? [leader] : [];
      }
      default:
        return [];
    }
  }

  /** The thread's open call, as one that never returned (another path goes on with the thread's next call). */
  close(tid: number): Call | undefined {
    const enter = this.open.get(tid);
    if (!enter) return undefined;
    this.open.delete(tid);
    return this.call(enter, undefined);
  }

  /** Calls still open when the trace ended: they never returned. */
  finish(): Call[] {
    const out = [...this.open.values()].map((e) => this.call(e, undefined));
    this.open.clear();
    return out;
  }

  private call(enter: SyscallEnter, exit: SyscallExit | undefined): Call {
    return {
      type: 'syscall',
      pid: this.pidOf(enter.pid),
      tid: enter.pid,
      nr: enter.nr,
      name: enter.name,
      ...(enter.abi ? { abi: enter.abi } : {}),
      raw: enter.raw,
      args: exit ? [...enter.args, ...exit.args] : enter.args,
      ts: enter.ts,
      ...(exit ? { end: exit.ts } : {}),
      ret: exit?.ret,
      ...(exit?.duration !== undefined ? { duration: exit.duration } : {}),
      ...(exit?.errno !== undefined ? { errno: exit.errno } : {}),
      ...(exit?.retValue !== undefined ? { retValue: exit.retValue } : {}),
      ...(exit?.retDetail !== undefined ? { retDetail: exit.retDetail } : {}),
      ...(exit?.stack !== undefined ? { stack: exit.stack } : {}),
      ...(exit?.tamper !== undefined ? { tamper: exit.tamper } : {}),
    };
  }

  /** An exit whose entry was not seen, as a call of its own. */
  private resumed(exit: SyscallExit): Call {
    return {
      ...this.call(
        {
          type: 'enter',
          pid: exit.pid,
          ts: exit.ts,
          nr: exit.nr,
          name: exit.name,
          raw: [],
          args: [],
          more: false,
        },
        exit,
      ),
      resumed: true,
    };
  }
}

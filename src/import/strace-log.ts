// strace log lines into vat's event stream: pids for unprefixed lines, time stamps (clock, -r deltas, -T),
// unfinished/resumed pairs, signals, exits, and the thread-group of each thread (from clone's flags).

import type { TimeOptions } from '../format/timestamps.js';
import type { Call } from '../model/call.js';
import type { SignalEvent, StackFrame, SyscallEnter, SyscallExit, TraceEvent } from '../model/events.js';
import type { Value } from '../model/value.js';
import { syscallByName } from '../tables/syscalls.js';
import type { StraceLine } from './strace-line.js';

const BILLION = 1_000_000_000n;
const DAY = 86_400n * BILLION;
const HALF_DAY = DAY / 2n;

const nrCache = new Map<string, number>();
/** The x86_64 number of a syscall name; `syscall_0x1c8` parses; -1 when unknown. */
export function syscallNr(name: string): number {
  let nr = nrCache.get(name);
  if (nr === undefined) {
    const m = /^syscall_0x([0-9a-f]+)$/.exec(name);
    nr = m ? Number.parseInt(m[1] as string, 16) : (syscallByName('x86_64', name)?.nr ?? -1);
    nrCache.set(name, nr);
  }
  return nr;
}

/** Whether a value tree mentions CLONE_THREAD (clone's flags, clone3's struct). */
function hasCloneThread(v: Value): boolean {
  switch (v.k) {
    case 'sym':
    case 'text':
      return v.text.includes('CLONE_THREAD');
    case 'named':
      return hasCloneThread(v.value);
    case 'struct':
      return v.fields.some(([, f]) => hasCloneThread(f));
    case 'commented':
      return hasCloneThread(v.value);
    case 'changed':
      return hasCloneThread(v.before);
    default:
      return false;
  }
}

const FORKS = new Set(['clone', 'clone3', 'fork', 'vfork']);

/** Clock state of one input file: -t's day roll-over and -r's running sum. */
export class FileClock {
  private day = 0n;
  private lastClock: bigint | undefined;
  private sum = 0n;
  /** `midnight`: local midnight, ns since the epoch, for -t/-tt clocks (which carry no date). */
  constructor(private readonly midnight: bigint) {}

  /** The line's time in ns since the epoch (0 when the log has no time columns). */
  of(line: StraceLine): bigint {
    const c = line.time.clock;
    if (c) return this.ofClock(c.unix, c.seconds, c.nanos);
    if (line.time.relative) {
      this.sum += line.time.relative.nanos;
      return this.sum;
    }
    return 0n;
  }

  /** The time of a line's -t/-tt/-ttt clock (`unix`: -ttt's seconds since the epoch). */
  ofClock(unix: boolean, seconds: number, nanos: number): bigint {
    // -t/-tt's seconds (under 100 hours) in ns fit a double exactly: one BigInt made a line instead of three
    let t =
      unix || seconds >= 360_000
        ? BigInt(seconds) * BILLION + BigInt(nanos)
        : BigInt(seconds * 1_000_000_000 + nanos);
    if (!unix) {
      t += this.midnight;
      // a clock going back by more than 12 hours crossed midnight
      if (this.lastClock !== undefined && t + this.day + HALF_DAY < this.lastClock) this.day += DAY;
      t += this.day;
    }
    this.lastClock = t;
    return t;
  }
}

/** The time columns seen in a log, to print it back the same way. */
export class TimeFormat {
  absolute: { unix: boolean; digits: number } | undefined;
  relative: number | undefined;
  syscall: number | undefined;

  see(line: StraceLine): void {
    if (line.time.relative && this.relative === undefined) this.relative = line.time.relative.digits;
    this.seeCall(
      line.time.clock,
      (line.kind === 'call' || line.kind === 'resumed') && line.duration ? line.duration.digits : undefined,
    );
  }

  /** A line's clock (its -t/-tt/-ttt form) and the digits of its -T duration, when it has them. */
  seeCall(clock: { unix: boolean; digits: number } | undefined, durationDigits: number | undefined): void {
    if (clock && !this.absolute) this.absolute = { unix: clock.unix, digits: clock.digits };
    if (durationDigits !== undefined && this.syscall === undefined) this.syscall = durationDigits;
  }

  get timed(): boolean {
    return this.absolute !== undefined || this.relative !== undefined;
  }

  options(): TimeOptions {
    return {
      ...(this.absolute ? { absolute: this.absolute } : {}),
      ...(this.relative !== undefined ? { relative: this.relative } : {}),
      ...(this.syscall !== undefined ? { syscall: this.syscall } : {}),
    };
  }
}

/**
 * A plain call whose record import/direct-line.ts wrote from its line, held (as a call's exit is) for the -k stack
 * lines that may follow it.
 */
export interface DirectCall {
  readonly type: 'direct';
  /** The record's text without its closing brace. */
  readonly head: string;
}

interface Open {
  readonly name: string;
  readonly ts: bigint;
  readonly thread: boolean;
}

/** Turns parsed lines into events, keeping the calls each thread has open. */
/** Calls whose return value is the caller's own thread or process id. */
const SELF_ID_CALLS = new Set(['set_tid_address', 'gettid', 'getpid']);

export class StraceEvents {
  private readonly open = new Map<number, Open>();
  private readonly tgids = new Map<number, number>();
  readonly format = new TimeFormat();
  /** Events emitted so far. */
  events = 0;
  /** How the log prefixes pids: `1234  ` (-o with -f), `[pid  1234] ` (stderr), or none; from the first line. */
  pidStyle: 'plain' | 'bracket' | 'none' | undefined;
  private readonly emit: (e: TraceEvent) => void;
  /**
   * strace's stderr output prefixes `[pid N]` only while several processes run, so the first process's pid is
   * unknown until a prefixed line names a pid that is no child: events of unprefixed lines wait here (bounded)
   * until then, and go out with that pid.
   */
  private waiting: TraceEvent[] | undefined = [];
  private readonly children = new Set<number>();
  /** Threads seen so far (one entry per thread, not per line). */
  private readonly seen = new Set<number>();
  private static readonly MAX_WAITING = 100_000;
  /** -k: the last call exit or signal, held until the stack lines after it are read. */
  private stackable: SyscallExit | SignalEvent | DirectCall | Call | undefined;
  /**
   * Where the calls read straight from their lines go (written by import/direct-line.ts, or import/line-call.ts's
   * Calls) when no stack line follows them (or with their stack).
   */
  onDirect: ((call: DirectCall | Call, stack: readonly StackFrame[] | undefined) => void) | undefined;
  private frames: StackFrame[] = [];
  /** strace prints the stack of exit_group after `+++ exited`: that line waits with the call it ends. */
  private trailing: TraceEvent[] = [];

  /** `defaultPid`: the pid of lines without a prefix when no -ff file name tells (strace does not print it). */
  constructor(
    private readonly sink: (e: TraceEvent) => void,
    private defaultPid = 0,
    knownPid = false,
  ) {
    if (knownPid) this.waiting = undefined;
    this.emit = (e) => {
      this.events++;
      if (this.waiting && e.pid === this.defaultPid) {
        this.waiting.push(e);
        if (this.waiting.length >= StraceEvents.MAX_WAITING) this.release(this.defaultPid);
      } else if (this.waiting && this.waiting.length > 0) {
        this.waiting.push(e);
      } else sink(e);
    };
  }

  /** The unprefixed lines' pid is known (or will never be): events held back go out with it. */
  private release(pid: number): void {
    const held = this.waiting ?? [];
    this.waiting = undefined;
    const from = this.defaultPid;
    if (pid !== from) {
      const open = this.open.get(from);
      this.open.delete(from);
      if (open) this.open.set(pid, open);
      for (const [tid, tgid] of this.tgids) if (tgid === from) this.tgids.set(tid, pid);
      this.defaultPid = pid;
    }
    for (const e of held) this.sink(e.pid === from ? { ...e, pid } : e);
  }

  /**
   * A thread's first line can come before its parent's clone returns (`clone3(... <unfinished ...>`, then the
   * child's lines): a new thread while a clone is open is that clone's child.
   */
  private newThread(tid: number): void {
    this.seen.add(tid);
    if (this.tgids.has(tid)) return;
    let parent: number | undefined;
    for (const [opener, call] of this.open) if (FORKS.has(call.name)) parent = opener;
    if (parent === undefined) return;
    this.children.add(tid);
    const call = this.open.get(parent) as Open;
    this.tgids.set(tid, call.thread ? this.tgidOf(parent) : tid);
  }

  /** End of input: anything held back goes out. */
  finish(): void {
    this.flushStack();
    if (this.waiting) this.release(this.defaultPid);
  }

  /** A call's end or a signal waits for the -k stack lines that may follow it. */
  private hold(e: SyscallExit | SignalEvent | DirectCall | Call): void {
    this.flushStack();
    this.stackable = e;
  }

  private flushStack(): void {
    const e = this.stackable;
    if (!e) return;
    this.stackable = undefined;
    // new arrays only when the old ones were handed on (not two new arrays for every line of a log without -k)
    const frames = this.frames;
    if (frames.length > 0) this.frames = [];
    if (e.type === 'direct' || e.type === 'syscall')
      this.onDirect?.(e, frames.length > 0 ? frames : undefined);
    else this.emit(frames.length > 0 ? { ...e, stack: frames } : e);
    if (this.trailing.length > 0) {
      for (const t of this.trailing) this.emit(t);
      this.trailing = [];
    }
  }

  /** The held event is a call the thread never returned from (`exit_group(0) = ?`). */
  private heldLost(pid: number): boolean {
    const e = this.stackable;
    return e?.type === 'exit' && e.ret === undefined && e.pid === pid;
  }

  /** The process a thread belongs to, as clone's flags told (the thread itself when unknown). */
  tgidOf(tid: number): number {
    return this.tgids.get(tid) ?? tid;
  }

  /**
   * The thread of a plain call line (import/direct-line.ts) when line() would only join it: the first process
   * known, the thread seen before, no call of it open. undefined: the line goes through line().
   */
  plainCallTid(linePid: number | undefined, filePid: number | undefined): number | undefined {
    if (this.waiting) return undefined;
    const tid = linePid ?? filePid ?? this.defaultPid;
    return this.seen.has(tid) && !this.open.has(tid) ? tid : undefined;
  }

  /** What line() does first for any line but a stack line: the call or signal before it goes out. */
  flushHeld(): void {
    this.flushStack();
  }

  /**
   * A plain call read by import/direct-line.ts (plainCallTid() said yes, flushHeld() was called): what line()
   * would note of it, its entry and exit counted.
   */
  seeDirect(
    pidStyle: 'plain' | 'bracket' | 'none',
    clock: { unix: boolean; digits: number } | undefined,
    durationDigits: number | undefined,
  ): void {
    this.format.seeCall(clock, durationDigits);
    this.pidStyle ??= pidStyle;
    this.events += 2;
  }

  /** The plain call's record or Call, held as a call's exit is for the -k stack lines that may follow. */
  holdDirect(call: DirectCall | Call): void {
    this.hold(call);
  }

  /** Feeds one parsed line; `filePid` is the pid of a -ff file (FILE.PID) when the line has no prefix. */
  line(l: StraceLine, ts: bigint, filePid?: number): void {
    if (l.kind === 'frame') {
      // a stack line belongs to the line before it (strace prints nothing between them)
      if (this.stackable) this.frames.push(l.frame);
      return;
    }
    if (!(l.kind === 'exited' && this.heldLost(l.pid ?? filePid ?? this.defaultPid))) this.flushStack();
    this.format.see(l);
    this.pidStyle ??= l.pidStyle;
    if (this.waiting && (filePid !== undefined || l.pidStyle === 'plain')) this.release(this.defaultPid);
    // a pid that is no child names the first process; while its fork is open it may be the new child (whose
    // notice can come late), unless the line resumes that very fork: then it is the parent
    const forking = this.open.get(this.defaultPid)?.name;
    if (
      this.waiting &&
      l.pid !== undefined &&
      l.pidStyle === 'bracket' &&
      !this.children.has(l.pid) &&
      (!forking?.match(/^(clone3?|v?fork)$/) || (l.kind === 'resumed' && l.name === forking))
    )
      this.release(l.pid);
    // an unprefixed call that returns its caller's own id names the first process (glibc's set_tid_address at
    // start-up): its lines may never get a prefix when its children are gone before it prints again
    if (
      this.waiting &&
      l.pid === undefined &&
      filePid === undefined &&
      (l.kind === 'call' || l.kind === 'resumed')
    ) {
      const ret = l.result?.ret;
      if (SELF_ID_CALLS.has(l.name) && ret !== undefined && ret > 0n) this.release(Number(ret));
    }
    const pid = l.pid ?? filePid ?? this.defaultPid;
    if (!this.seen.has(pid)) this.newThread(pid);
    switch (l.kind) {
      case 'call':
      case 'resumed':
        this.call(l, pid, ts);
        return;
      case 'signal':
        this.hold({
          type: 'signal',
          pid,
          ts,
          signo: l.signo,
          info: l.info,
          ...(l.stopped ? { stopped: true } : {}),
        });
        return;
      case 'exited': {
        this.open.delete(pid);
        const exited: TraceEvent = {
          type: 'exited',
          pid,
          ts,
          ...(l.signo !== undefined ? { signo: l.signo, core: l.core === true } : { code: l.code ?? 0 }),
        };
        if (this.heldLost(pid)) this.trailing.push(exited);
        else this.emit(exited);
        return;
      }
      case 'superseded': {
        const open = this.open.get(l.oldPid);
        this.open.delete(l.oldPid);
        if (open) this.open.set(pid, open);
        this.emit({ type: 'exec', pid, ts, oldPid: l.oldPid });
        return;
      }
      case 'attach':
      case 'detach':
        if (l.kind === 'attach' && l.pid !== undefined) this.children.add(l.pid);
        this.emit({ type: l.kind, pid: l.pid ?? pid, ts });
        return;
      case 'note':
        return;
    }
  }

  private call(l: Extract<StraceLine, { kind: 'call' | 'resumed' }>, pid: number, ts: bigint): void {
    const nr = syscallNr(l.name);
    let open: Open | undefined;
    if (l.kind === 'call') {
      const enter: SyscallEnter = {
        type: 'enter',
        pid,
        ts,
        nr,
        name: l.name,
        raw: [],
        args: l.args,
        more: l.end === 'returned' ? false : l.more,
      };
      this.emit(enter);
      open = { name: l.name, ts, thread: FORKS.has(l.name) && l.args.some(hasCloneThread) };
      if (l.end !== 'returned' && l.end !== 'lost') {
        this.open.set(pid, open);
        if (l.end === 'detached') this.emit({ type: 'detach', pid, ts });
        return;
      }
    } else {
      open = this.open.get(pid);
      this.open.delete(pid);
      if (l.end === 'unfinished' || l.end === 'detached' || l.end === 'pid-changed') {
        if (open) this.open.set(pid, open);
        return;
      }
      if (open && FORKS.has(l.name) && l.args.some(hasCloneThread)) open = { ...open, thread: true };
    }
    const r = l.result;
    const duration = l.duration?.nanos;
    const exit: SyscallExit = {
      type: 'exit',
      pid,
      ts: l.kind === 'call' || (ts === 0n && open) ? (open?.ts ?? ts) + (duration ?? 0n) : ts,
      nr,
      name: l.name,
      args: l.kind === 'call' ? [] : l.args,
      ret: r?.ret,
      errno: r?.errno,
      retValue: r?.retValue,
      retDetail: r?.retDetail,
      duration,
      lostArgs: l.end === 'lost',
    };
    this.hold(exit);
    if (r?.ret !== undefined && r.errno === undefined && r.ret > 0n && FORKS.has(l.name)) {
      const child = Number(r.ret);
      this.children.add(child);
      this.tgids.set(child, open?.thread ? this.tgidOf(pid) : child);
    }
  }

  /** Calls still open at the end of the log, for the caller to close. */
  openCalls(): number {
    return this.open.size;
  }
}

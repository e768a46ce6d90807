// Ring records into the event stream: one syscall record becomes the usual enter + exit pair (decoded by the
// same signature-driven decoders, reading captured bytes), and fork/exec/exit/signal records their events.

import { fdValue } from '../../decode/args/fds.js';
import { noteSocketKind } from '../../decode/args/socket-details.js';
import type { CallContext } from '../../decode/context.js';
import { xv } from '../../decode/custom/util.js';
import {
  decodeEnter,
  decodeExit,
  decodeReturn,
  exitSplit,
  returnFields,
  signatureFor,
} from '../../decode/decode-call.js';
import { decodeSiginfo } from '../../decode/siginfo.js';
import type { CallText } from '../../model/call-text.js';
import type { TraceEvent } from '../../model/events.js';
import { hex, int, type Value } from '../../model/value.js';
import { procFdLink, procPath } from '../../sys/procfs.js';
import { narrower } from '../../tables/arg-width.js';
import { syscallByName, syscallName } from '../../tables/syscalls.js';
import type { TraceConfig } from '../engine.js';
import type { LiveRecord } from '../ptrace/live-text.js';
import { CapturedMemory, type FdInode } from './captured-memory.js';
import type { Render } from './fast-decoded.js';
import { type CallJson, RecordJson } from './fast-json.js';
import {
  argsOf,
  type FastPlan,
  FastPlans,
  fitsWidths,
  narrowArgs,
  type RecordView,
  resultText,
  viewRecord,
} from './fast-text.js';
import { FdShadow, followsFds, inodeText } from './fd-shadow.js';
import { InFlightMemory } from './in-flight-memory.js';
import { EXIT_FLAG, GEN_FLAG, KIND, PLAN_FLAG, REC } from './layout.js';

/** CLOCK_MONOTONIC (bpf_ktime_get_ns, process.hrtime) to nanoseconds since the epoch. */
export const clockOffset = BigInt(Date.now()) * 1_000_000n - process.hrtime.bigint();
/** Now, on the records' clock: events vat makes itself (attach, exit status, losses) sort among them. */
export const now = (): bigint => process.hrtime.bigint() + clockOffset;

/** What the decoder hands on: events, or whole calls as text or as JSON items (the record-to-text and -JSON paths). */
export type Decoded = TraceEvent | CallText | CallJson;

export interface RecordSink {
  emit(e: Decoded): void;
  /** A traced thread exec'd PATH (absolute, when its execve record said), or a program /proc/TID/exe names. */
  execed?(tid: number, path?: string): void;
  /** Thread `tid` is in process `tgid`: said at its first record (and again once its id came back after its exit). */
  thread?(tid: number, tgid: number): void;
}

/** What the reader learnt about each thread: its exit code comes from exit/exit_group, or a fatal signal. */
interface ThreadNote {
  code?: number;
  signo?: number;
}

export class RecordDecoder {
  private readonly mem = new CapturedMemory();
  private readonly notes = new Map<number, ThreadNote>();
  /** Per process, signals sent to it and not yet delivered (signo to its siginfo). */
  private readonly pending = new Map<number, Map<number, DataView>>();
  /**
   * Per thread, signals the kernel dropped at sending (their action ignores them) while the thread was in a call
   * (its entry stamp): shown after that call returns, where ptrace, which never lets a signal be ignored, shows them.
   */
  private readonly ignored = new Map<number, { inCall: bigint; e: TraceEvent }[]>();
  /** Per thread, a call that returned ERESTART*: shown when the thread's next record says how it ended. */
  private readonly held = new Map<number, Uint8Array>();
  /** Threads followed with -f: announced at their fork, as ptrace announces them at their first stop. */
  readonly live = new Set<number>();
  /** Threads whose exit event the engine writes itself (the launched command, from its wait status). */
  readonly waited = new Set<number>();
  /** Of those, the ones whose execve succeeded (a launcher that never got there failed to exec). */
  readonly execed = new Set<number>();
  /** Calls whose entry was shown before their record came (blocked calls): tsEnter to thread. */
  private readonly early = new Map<bigint, number>();
  /**
   * A thread other than the leader exec'd and took the leader's id (new id to old): the execve record, next, carries
   * the new id, but the call entered under the old one (ptrace shows its entry there, `<pid changed to N ...>` with -ff).
   */
  private readonly execedFrom = new Map<number, number>();
  /** Per thread, the entry stamp of its last call read from the ring (an in-flight look may lag behind it). */
  private readonly done = new Map<number, bigint>();
  /** Threads whose process was said (RecordSink.thread), until their exit record. */
  private readonly said = new Set<number>();
  /** A launcher whose own doings are vat's, not the command's, until its execve entered after `resumed`. */
  private launcher: { readonly tid: number; readonly resumed: bigint } | undefined;
  calls = 0;
  /** -y: each process's fds followed through its calls (the reader decodes after the calls ran). */
  private readonly fds: FdShadow | undefined;

  /** Per syscall number, how it prints as text straight from its record (when the output is text alone). */
  private readonly fast: FastPlans | undefined;
  /** --json alone: calls written as their JSON items straight from their records, and the text plans' widths. */
  private readonly json: RecordJson | undefined;
  private readonly widths: FastPlans | undefined;
  /** The record view the JSON path reads (a live record's fields: its words are unused here). */
  private readonly jsonView: LiveRecord = {
    v: new DataView(new ArrayBuffer(0)),
    bytes: new Uint8Array(0),
    words: new Uint32Array(0),
    off: 0,
    len: 0,
    ret: 0,
    failed: false,
    more: true,
  };
  private readonly view: RecordView = {
    v: new DataView(new ArrayBuffer(0)),
    bytes: new Uint8Array(0),
    off: 0,
    len: 0,
    ret: 0,
    failed: false,
  };

  /**
   * `text`: the output is strace text alone, so calls that can be may come as text (CallText); `json`: it is JSON
   * Lines alone, written by `json` (the sink's value writer), so calls may come as their JSON items (CallJson).
   */
  constructor(
    private readonly config: TraceConfig,
    private readonly out: RecordSink,
    text = false,
    json?: Render,
  ) {
    const d = config.decode;
    if (followsFds(d)) this.fds = new FdShadow();
    this.fast = text && !this.fds ? new FastPlans(d, this.mem) : undefined;
    if (json !== undefined && !text && !this.fds) {
      this.widths = new FastPlans(d, this.mem);
      if (this.widths.any) this.json = new RecordJson(d, this.mem, json, this.widths);
    }
  }

  /** Calls still held back (the trace ends): shown as they returned. */
  finish(): void {
    for (const [tid, held] of this.held) {
      this.held.delete(tid);
      this.syscall(new DataView(held.buffer), held, 0, held.length, false);
    }
    // ignored signals held for a call that never returned in the trace: never delivered while traced (ptrace
    // shows none); a record may come after its target's exit record in the ring
    this.ignored.clear();
  }

  /** -y: a process vat starts or attaches to, seen before it changes its fds. */
  fdsAtStart(tgid: number): void {
    this.fds?.snapshot(tgid);
  }

  /**
   * Whether a call's entry may be decoded before the records ahead of it are (-y follows fds through the calls: its
   * entry must wait for them; a hidden launcher's records are told apart in ring order).
   */
  get entersAhead(): boolean {
    return this.fds === undefined && this.launcher === undefined;
  }

  /**
   * A returned call's record seen ahead of the reader (behind a backlog): its entry event now, as a blocked call's,
   * so that what came after its entry need not wait for the reader to get to it. False: not a call, or not now.
   */
  enterAhead(v: DataView, bytes: Uint8Array, off: number, len: number): boolean {
    if (!this.entersAhead || v.getUint32(off + REC.kind, true) !== KIND.syscall) return false;
    const tid = v.getUint32(off + REC.tid, true);
    const kts = v.getBigUint64(off + REC.tsEnter, true);
    if (this.early.has(kts)) return true;
    if (this.execedFrom.has(tid)) return false;
    const record = bytes.slice(off, off + len);
    this.enter(new DataView(record.buffer), record, 0, len);
    this.early.set(kts, tid);
    return true;
  }

  /** The earliest entry stamp (kernel clock) of a call held back for its thread's next record. */
  heldSince(): bigint | undefined {
    let min: bigint | undefined;
    for (const h of this.held.values()) {
      const ts = new DataView(h.buffer).getBigUint64(REC.tsEnter, true);
      if (min === undefined || ts < min) min = ts;
    }
    return min;
  }

  /**
   * Whether calls of thread `tid` were read and it has not exited: one of its calls not `known` then has its record
   * still unread.
   */
  running(tid: number): boolean {
    return this.done.has(tid);
  }

  /** Whether a call still in flight (its entry state, kernel clock stamp) needs no early entry event. */
  known(tid: number, tsEnter: bigint): boolean {
    if (this.early.has(tsEnter)) return true;
    const last = this.done.get(tid);
    return last !== undefined && tsEnter <= last;
  }

  /**
   * A call blocked in the kernel (its entry state and entry captures, read from the maps): its entry event
   * now, as ptrace shows it at the entry stop; its record later adds only the exit.
   */
  enterEarly(record: Uint8Array): void {
    const v = new DataView(record.buffer, record.byteOffset, record.length);
    const tsEnter = v.getBigUint64(REC.tsEnter, true);
    this.enter(v, record, 0, record.length, undefined, true);
    this.early.set(tsEnter, v.getUint32(REC.tid, true));
  }

  /**
   * --system-wide -- CMD: every process is traced, the launcher too (a launch scope shows only its execve): its
   * start, its SIGSTOP and what it does once continued (`resumed`, kernel clock) are hidden until that execve.
   */
  hideLauncher(tid: number, resumed: bigint): void {
    this.launcher = { tid, resumed };
  }

  /** Whether a record is the launcher's own (dropped); its execve of the command ends the hiding. */
  private launcherOwn(kind: number, v: DataView, off: number): boolean {
    const l = this.launcher;
    if (l === undefined || v.getUint32(off + REC.tid, true) !== l.tid) return false;
    const after = v.getBigUint64(off + REC.tsEnter, true) >= l.resumed;
    if (after && kind === KIND.exec) return false;
    if (!after || kind !== KIND.syscall || !EXECVE_NRS.has(v.getUint32(off + REC.nr, true))) return true;
    this.launcher = undefined;
    return false;
  }

  handle(v: DataView, bytes: Uint8Array, off: number, len: number): void {
    const kind = v.getUint32(off + REC.kind, true);
    if (this.launcher !== undefined && this.launcherOwn(kind, v, off)) return;
    // a signal sent to a traced thread (its tid is the target's, not the record maker's): kept, not shown
    if (kind === KIND.generated) {
      this.generated(v, off);
      return;
    }
    const tid = v.getUint32(off + REC.tid, true);
    // a fork record's ids are the parent's but for the child's tid: the child's process is said by its own records
    if (kind !== KIND.fork && !this.said.has(tid)) this.sayThread(tid, v.getUint32(off + REC.tgid, true));
    if (this.ignored.size > 0) this.ignoredAfter(tid, kind, v, off);
    const held = this.held.get(tid);
    if (held) {
      // a call interrupted for a signal: SIGKILL (or death) means it never returned (`= ?`), as ptrace sees it
      this.held.delete(tid);
      const killed =
        kind === KIND.exit || (kind === KIND.signal && v.getUint32(off + REC.nr, true) === SIGKILL);
      const hv = new DataView(held.buffer);
      this.syscall(hv, held, 0, held.length, killed);
      if (killed && kind === KIND.signal) return;
    }
    if (kind === KIND.syscall && isRestart(v.getBigInt64(off + REC.ret, true))) {
      this.held.set(tid, bytes.slice(off, off + len));
      return;
    }
    const ts = v.getBigUint64(off + REC.tsEnter, true) + clockOffset;
    switch (kind) {
      case KIND.syscall: {
        const nr = v.getUint32(off + REC.nr, true);
        if (this.out.thread !== undefined && CLONE_NRS.has(nr)) this.childOf(v, bytes, off, len, nr);
        const plan = this.fast?.get(nr);
        if (plan && this.asText(plan, v, bytes, off, len, tid)) return;
        if (this.json !== undefined && this.asJson(this.json, nr, v, bytes, off, len, tid)) return;
        this.syscall(v, bytes, off, len, false);
        return;
      }
      case KIND.unfinished:
        this.syscall(v, bytes, off, len, kind === KIND.unfinished);
        return;
      case KIND.fork:
        this.fds?.forked(v.getUint32(off + REC.tgid, true), tid);
        this.live.add(tid);
        this.out.emit({ type: 'attach', pid: tid, ts });
        return;
      case KIND.exec: {
        if (this.waited.has(tid)) this.execed.add(tid);
        this.out.execed?.(tid);
        const old = v.getUint32(off + REC.nr, true);
        if (old !== tid && old !== 0) {
          this.live.delete(old);
          this.held.delete(old);
          this.execedFrom.set(tid, old);
          this.out.emit({ type: 'exec', pid: tid, oldPid: old, ts });
        }
        return;
      }
      case KIND.exit:
        this.done.delete(tid);
        this.said.delete(tid);
        this.exited(v, off, tid, ts);
        return;
      case KIND.signal:
        this.signal(v, off, tid, ts);
        return;
    }
  }

  /**
   * A clone, clone3, fork or vfork that made a thread or process: its process said now, from the call's flags (the
   * reorder queue lets the child's `attach` out after this record, so its line has its process too).
   */
  private childOf(v: DataView, bytes: Uint8Array, off: number, len: number, nr: number): void {
    const child = Number(v.getBigInt64(off + REC.ret, true));
    if (child <= 0 || this.said.has(child)) return;
    let flags = 0n;
    if (nr === CLONE_NR) flags = v.getBigUint64(off + REC.args, true);
    else if (nr === CLONE3_NR) {
      // struct clone_args' flags, its first field, as the caller gave it
      this.mem.load(capturesOf(v, bytes, off, len), true);
      this.mem.phase = 'entry';
      const b = this.mem.read(v.getBigUint64(off + REC.args, true), 8);
      if (b === undefined || b.length < 8) return;
      flags = new DataView(b.buffer, b.byteOffset, 8).getBigUint64(0, true);
    }
    this.sayThread(child, (flags & CLONE_THREAD) !== 0n ? v.getUint32(off + REC.tgid, true) : child);
  }

  /** Says which process thread `tid` is in, once per thread (the JSON Lines' `pid`, asked of /proc otherwise). */
  private sayThread(tid: number, tgid: number): void {
    if (this.out.thread === undefined) return;
    if (this.said.size >= SAID_MAX) this.said.clear();
    this.said.add(tid);
    this.out.thread(tid, tgid);
  }

  /**
   * Points `r` at a returned call's record for a record path, its arguments with bits above their kernel types cut
   * (an int's -100 in a 32-bit register), as narrow() cuts them. Its entry stamp, or undefined when the general path
   * takes it: hidden, or its entry already shown early.
   */
  private fastRecord(
    r: RecordView,
    widths: FastPlan['widths'],
    v: DataView,
    bytes: Uint8Array,
    off: number,
    len: number,
  ): bigint | undefined {
    if ((v.getUint32(off + REC.flags, true) & PLAN_FLAG.hidden) !== 0) return undefined;
    const kts = v.getBigUint64(off + REC.tsEnter, true);
    if (this.early.size > 0 && this.early.has(kts)) return undefined;
    viewRecord(r, v, bytes, off, len);
    if (widths !== undefined && !fitsWidths(r, widths)) narrowArgs(r, widths);
    return kts;
  }

  /**
   * The record-to-text path: a returned call whose arguments all have a fast form becomes one CallText (what its
   * enter and exit events would print), with no Value tree nor BigInt arguments. False: the general path.
   */
  private asText(
    plan: FastPlan,
    v: DataView,
    bytes: Uint8Array,
    off: number,
    len: number,
    tid: number,
  ): boolean {
    const r = this.view;
    const kts = this.fastRecord(r, plan.widths, v, bytes, off, len);
    if (kts === undefined) return false;
    // structs and signal sets are read as the general path reads them (rt_sigaction's, wait4's, getdents64's)
    if (plan.captures) this.mem.load(capturesOf(v, bytes, off, len), true);
    const entry = argsOf(r, plan.entry, 0);
    if (entry === undefined) return false;
    // a hooked argument's entry hook: whether it prints at exit (undefined: it read memory, the general path's)
    const open = plan.hook === undefined ? true : plan.hook.open(r);
    if (open === undefined) return false;
    const exit = argsOf(r, plan.exit, plan.entry.length);
    if (exit === undefined) return false;
    const hooked = plan.hook !== undefined && !r.failed ? plan.hook.result() : undefined;
    const tsExit = v.getBigUint64(off + REC.tsExit, true);
    this.done.set(tid, kts);
    this.calls++;
    this.out.emit({
      type: 'call',
      pid: tid,
      ts: kts + clockOffset,
      tsExit: tsExit + clockOffset,
      nr: v.getUint32(off + REC.nr, true),
      name: plan.name,
      head: `${plan.name}(${entry}${open && plan.exit.length > 0 && entry !== '' ? ', ' : ''}`,
      tail: `${exit})`,
      result: hooked ?? resultText(r, plan.ret),
      failed: r.failed,
    });
    return true;
  }

  /**
   * The record-to-JSON path: a returned call whose arguments all have a live JSON form becomes one CallJson (its
   * items as the general path's syscall line has them). False: the general path.
   */
  private asJson(
    json: RecordJson,
    nr: number,
    v: DataView,
    bytes: Uint8Array,
    off: number,
    len: number,
    tid: number,
  ): boolean {
    const text = this.widths?.get(nr);
    if (text === undefined) return false;
    const plan = json.plan(nr);
    if (plan === undefined) return false;
    const r = this.jsonView;
    const kts = this.fastRecord(r, text.widths, v, bytes, off, len);
    if (kts === undefined) return false;
    // read in place: the items are written before the ring moves on
    this.mem.load(capturesOf(v, bytes, off, len), true);
    // a hooked argument's entry hook (fcntl's): whether it prints at exit; false: it read memory, the general path's
    if (!json.takes(r, plan)) return false;
    const tsExit = v.getBigUint64(off + REC.tsExit, true);
    this.done.set(tid, kts);
    this.calls++;
    // the raw registers as the program passed them: the record's own, not the narrowed copy
    this.out.emit(json.write(r, v, off, plan, tid, kts + clockOffset, tsExit + clockOffset));
    return true;
  }

  private exited(v: DataView, off: number, tid: number, ts: bigint): void {
    this.live.delete(tid);
    if (v.getUint32(off + REC.nr, true) !== 0) this.fds?.forget(v.getUint32(off + REC.tgid, true));
    const tgid = v.getUint32(off + REC.tgid, true);
    const known = (v.getUint32(off + REC.flags, true) & EXIT_FLAG.code) !== 0;
    // the kernel's own exit_code (read through its BTF): exact whatever calls or signals the trace saw
    const status = known ? v.getUint32(off + REC.ret, true) : 0;
    const signo = status & 0x7f;
    const sent = this.pending.get(tgid);
    if (v.getUint32(off + REC.nr, true) !== 0) this.pending.delete(tgid);
    // ended at sending, never delivered: the signal as it was sent, as strace shows it before the end
    const info = signo !== 0 && signo !== SIGKILL ? sent?.get(signo) : undefined;
    if (info) {
      sent?.delete(signo);
      this.out.emit(this.signalEvent(tid, tgid, ts, signo, info));
    }
    // the launched command's end comes from its wait status (the engine writes it)
    if (this.waited.has(tid)) return;
    const note = this.notes.get(tid) ?? this.notes.get(tgid) ?? {};
    this.notes.delete(tid);
    if (known) {
      if (signo !== 0) this.out.emit({ type: 'exited', pid: tid, ts, signo, core: (status & 0x80) !== 0 });
      else this.out.emit({ type: 'exited', pid: tid, ts, code: (status >> 8) & 0xff });
      return;
    }
    if (note.signo !== undefined)
      this.out.emit({ type: 'exited', pid: tid, ts, signo: note.signo, core: false });
    else this.out.emit({ type: 'exited', pid: tid, ts, code: note.code ?? 0 });
  }

  /** A signal sent to a traced thread: kept per process until it is delivered or ends the process. */
  private generated(v: DataView, off: number): void {
    const signo = v.getUint32(off + REC.nr, true);
    if (signo === SIGKILL) return;
    if ((v.getUint32(off + REC.flags, true) & GEN_FLAG.ignored) !== 0) {
      this.ignoredSignal(v, off, signo);
      return;
    }
    const tgid = v.getUint32(off + REC.tgid, true);
    const sent = this.pending.get(tgid) ?? new Map<number, DataView>();
    this.pending.set(tgid, sent);
    sent.set(signo, siginfoAt(v, off));
  }

  /**
   * A signal the kernel dropped at sending, as ptrace would have shown it delivered: now when its target was not in a
   * call, else after that call (the target's records say when).
   */
  private ignoredSignal(v: DataView, off: number, signo: number): void {
    // vat's own (the SIGCONT that lets the launcher go): no tracer shows its own signals
    if (
      v.getInt32(off + REC.args + SI_CODE, true) === SI_USER &&
      v.getUint32(off + REC.args + SI_PID, true) === process.pid
    )
      return;
    const tid = v.getUint32(off + REC.tid, true);
    const ts = v.getBigUint64(off + REC.tsEnter, true) + clockOffset;
    const e = this.signalEvent(tid, v.getUint32(off + REC.tgid, true), ts, signo, siginfoAt(v, off));
    const inCall = v.getBigUint64(off + REC.ret, true);
    if (inCall === 0n) {
      this.out.emit(e);
      return;
    }
    const list = this.ignored.get(tid) ?? [];
    list.push({ inCall, e });
    this.ignored.set(tid, list);
  }

  /**
   * A record of thread `tid`: the ignored signals held for the call it ends (or for an earlier one) go out. A thread
   * that dies in its call (unfinished, exit) never returns to user space, where a signal is delivered: ptrace never
   * shows those signals (a SIGCHLD from the child that SIGKILLed it), so they are dropped.
   */
  private ignoredAfter(tid: number, kind: number, v: DataView, off: number): void {
    const list = this.ignored.get(tid);
    if (list === undefined) return;
    if (kind === KIND.unfinished || kind === KIND.exit) {
      this.ignored.delete(tid);
      return;
    }
    if (kind !== KIND.syscall) return;
    // a call interrupted (-ERESTART*: 512-516) by a signal: the thread may die of it before returning to user space
    // (SIGKILL), so the signals wait for its next record
    const ret = v.getBigInt64(off + REC.ret, true);
    if (ret <= -512n && ret >= -516n) return;
    const kts = v.getBigUint64(off + REC.tsEnter, true);
    const after = v.getBigUint64(off + REC.tsExit, true);
    const rest = list.filter(({ inCall, e }) => {
      if (kts < inCall) return true; // this record is an earlier call than the one the signal came during
      // right after the call's exit (equal stamps would split its line around the signal)
      this.out.emit(kts === inCall ? { ...e, ts: after + clockOffset + 1n } : e);
      return false;
    });
    if (rest.length > 0) this.ignored.set(tid, rest);
    else this.ignored.delete(tid);
  }

  private signal(v: DataView, off: number, tid: number, ts: bigint): void {
    const signo = v.getUint32(off + REC.nr, true);
    this.pending.get(v.getUint32(off + REC.tgid, true))?.delete(signo);
    const info = siginfoAt(v, off);
    const handler = v.getBigUint64(off + REC.ret, true);
    if (signo === SIGKILL) {
      // strace never shows SIGKILL's delivery, only its end: `+++ killed by SIGKILL +++`
      this.notes.set(v.getUint32(off + REC.tgid, true), { signo });
      return;
    }
    // a signal delivered with its default action that kills: the thread's end (SIGKILL never gets here)
    if (handler === 0n && FATAL.has(signo)) {
      const tgid = v.getUint32(off + REC.tgid, true);
      this.notes.set(tgid, { signo });
    }
    this.out.emit(this.signalEvent(tid, v.getUint32(off + REC.tgid, true), ts, signo, info));
    // a stop signal with its default action: the kernel stops the thread group right after this tracepoint, where
    // strace shows the group-stop
    if (handler === 0n && STOPS.has(signo))
      this.out.emit({ type: 'signal', pid: tid, ts, signo, info: undefined, stopped: true });
  }

  /** Thread `tid` (of `tgid`) shown signal `signo` with its siginfo, as delivered. */
  private signalEvent(tid: number, tgid: number, ts: bigint, signo: number, info: DataView): TraceEvent {
    return { type: 'signal', pid: tid, ts, signo, info: this.siginfo(info, tid, tgid) };
  }

  /** A siginfo decoded; its si_fd (SIGIO with F_SETSIG) is the thread's fd, named under -y as in a call's arguments. */
  private siginfo(info: DataView, tid: number, tgid: number): Value {
    if (!this.fds) return decodeSiginfo(info);
    const paths = this.pathsOf(tgid);
    const ctx: CallContext = {
      pid: tid,
      name: '',
      raw: [],
      args: [],
      mem: this.mem,
      opts: this.config.decode,
      fdPath: paths.fdPath,
      ...(paths.fdDeleted ? { fdDeleted: paths.fdDeleted } : {}),
    };
    return decodeSiginfo(info, int, (fd) => fdValue(ctx, fd));
  }

  /** Per syscall number, its name, signature and exit split (looked up once, not at every record). */
  private readonly infos: CallInfo[] = [];

  private callInfo(nr: number): CallInfo {
    let info = this.infos[nr];
    if (!info) {
      const name = syscallName('x86_64', nr);
      const signature = signatureFor(name);
      info = {
        name,
        signature,
        split: exitSplit(signature),
        narrow: narrower(name),
        exec: name === 'execve' || name === 'execveat',
      };
      this.infos[nr] = info;
    }
    return info;
  }

  /** Per process, the fd and cwd lookups its calls' decoders use (made once per process, not per call). */
  private readonly lookups = new Map<number, Paths>();

  /** The program a successful execve ran, from its entry copy of the path (execveat: an absolute path only); CWD
   *  is the process's directory (a /proc link while it is there, when -y does not follow it). */
  private execPath(name: string, raw: readonly bigint[], cwd: string): string | undefined {
    const at = name === 'execveat' ? raw[1] : raw[0];
    const read = at === undefined ? undefined : this.mem.readString(at, 4096);
    if (!read?.complete) return undefined;
    const path = Buffer.from(read.bytes).toString('latin1');
    if (path.startsWith('/')) return path;
    return name === 'execve' ? `${cwd}/${path}` : undefined;
  }

  private pathsOf(tgid: number): Paths {
    let p = this.lookups.get(tgid);
    if (!p) {
      const fds = this.fds;
      p = fds
        ? {
            fdPath: (fd) => fds.path(tgid, fd),
            cwdPath: () => fds.cwd(tgid),
            fdDeleted: (fd, link) => fds.deleted(tgid, fd, link),
          }
        : { fdPath: (fd) => procFdLink(tgid, fd) };
      if (this.lookups.size > 4096) this.lookups.clear();
      this.lookups.set(tgid, p);
    }
    return p;
  }

  /**
   * The fd lookups of the call in `this.mem`: fds the exit program read (a socket argument, bpf's info fd) are what
   * they were then, the others asked of `fdPath`.
   */
  private kernelFds(fdPath: (fd: number) => string | undefined): (fd: number) => string | undefined {
    const named = this.mem.fdName;
    const withName = named
      ? (fd: number) => (fd === named.fd ? `anon_inode:${named.name}` : fdPath(fd))
      : fdPath;
    return this.mem.socket ? socketFirst(this.mem.socket, withName) : withName;
  }

  /**
   * Decodes a call's entry (the captured memory loaded) and emits its entry event unless shown early. `inFlight`: the
   * call is still in the kernel (shown early), so memory its entry did not copy is read from the process now.
   */
  private enter(
    v: DataView,
    bytes: Uint8Array,
    off: number,
    len: number,
    enteredAs?: number,
    inFlight = false,
  ): Entered {
    const tid = v.getUint32(off + REC.tid, true);
    const tgid = v.getUint32(off + REC.tgid, true);
    // an entry shown early or ahead comes before its record is handled
    if (!this.said.has(tid)) this.sayThread(tid, tgid);
    const nr = v.getUint32(off + REC.nr, true);
    const regs: bigint[] = [];
    for (let i = 0; i < 6; i++) regs.push(v.getBigUint64(off + REC.args + i * 8, true));
    this.mem.load(capturesOf(v, bytes, off, len));
    const { name, signature, split, narrow, exec } = this.callInfo(nr);
    // the records carry whole registers: cut to the kernel's argument types, as the ptrace engine cuts them
    const raw = narrow(regs);
    // a failed exec's strings are read again at exit (pages the kernel faulted in); after one that succeeded the
    // same addresses hold the new program's memory
    const execed = exec && !isErrno(v.getBigInt64(off + REC.ret, true));
    if (execed) this.mem.dropExit();
    const paths = this.pathsOf(tgid);
    if (execed && this.out.execed)
      this.out.execed(tid, this.execPath(name, raw, paths.cwdPath?.() ?? procPath(tgid, 'cwd')));
    const ctx: CallContext = {
      pid: tid,
      name,
      raw,
      args: signature.args,
      mem: inFlight ? new InFlightMemory(this.mem, tgid) : this.mem,
      opts: this.config.decode,
      fdPath: this.kernelFds(paths.fdPath),
      ...(paths.cwdPath ? { cwdPath: paths.cwdPath } : {}),
      ...(paths.fdDeleted ? { fdDeleted: paths.fdDeleted } : {}),
      // the program put the stack pointer in argument 0 (a frame argument is read from there)
      ...((v.getUint32(off + REC.flags, true) & PLAN_FLAG.stack) !== 0 ? { stackPointer: raw[0] } : {}),
    };
    const kts = v.getBigUint64(off + REC.tsEnter, true);
    const tsEnter = kts + clockOffset;
    this.mem.phase = 'entry';
    let args: Value[];
    let more = false;
    try {
      args = decodeEnter(ctx, split);
      more = split < signature.args.length && !ctx.entryOnly;
    } catch {
      args = raw.slice(0, signature.args.length).map((r) => hex(r));
    }
    // the event keeps the registers as they were (--json's raw), as the ptrace engine's: decoders read them narrowed
    if (this.early.get(kts) === undefined && !hidden(v, off))
      this.out.emit({ type: 'enter', pid: enteredAs ?? tid, ts: tsEnter, nr, name, raw: regs, args, more });
    return { ctx, signature, split, tsEnter, more, args };
  }

  private syscall(v: DataView, bytes: Uint8Array, off: number, len: number, unfinished: boolean): void {
    const tid = v.getUint32(off + REC.tid, true);
    const tgid = v.getUint32(off + REC.tgid, true);
    const kts = v.getBigUint64(off + REC.tsEnter, true);
    // the execve that made it the leader, if it is traced (else the thread's next call, under its new id)
    let from = this.execedFrom.get(tid);
    if (from !== undefined) {
      this.execedFrom.delete(tid);
      if (!EXECVE_NRS.has(v.getUint32(off + REC.nr, true))) from = undefined;
    }
    const { ctx, signature, split, tsEnter, more, args } = this.enter(v, bytes, off, len, from);
    this.early.delete(kts);
    this.done.set(tid, kts);
    const { name, raw } = ctx;
    const nr = v.getUint32(off + REC.nr, true);
    if (name === 'exit_group' || name === 'exit') {
      const code = Number(raw[0] ?? 0n) & 0xff;
      this.notes.set(name === 'exit' ? tid : tgid, { code });
    }
    const unseen = hidden(v, off);
    if (unseen && unfinished) return;
    if (unfinished) {
      this.out.emit({
        type: 'exit',
        pid: tid,
        ts: tsEnter,
        nr,
        name,
        args: [],
        ret: undefined,
        ...(more ? { lostArgs: true } : {}),
      });
      return;
    }
    const ret = v.getBigInt64(off + REC.ret, true);
    const tsExit = v.getBigUint64(off + REC.tsExit, true) + clockOffset;
    ctx.ret = ret;
    ctx.failed = ret < 0n && ret >= -4095n;
    if (!ctx.failed) this.fds?.learn(tgid, name, raw, args, ret, signature.ret === 'fd', this.mem.inodes);
    // outside -e trace=: read for the exit status or the fds it changed, never shown
    if (unseen) return;
    this.mem.phase = 'exit';
    let exitArgs: Value[] = [];
    let result: ReturnType<typeof decodeReturn>;
    try {
      exitArgs = decodeExit(ctx, split);
      result = decodeReturn(ctx, signature, BigInt.asUintN(64, ret));
    } catch {
      result = ctx.failed ? { errno: Number(-ret) } : { value: int(ret) };
    }
    this.calls++;
    this.out.emit({
      type: 'exit',
      pid: tid,
      ts: tsExit,
      nr,
      name,
      args: exitArgs,
      ret,
      ...returnFields(ctx, result),
      duration: tsExit - tsEnter,
    });
  }
}

/** A raw return that is an error (-4095..-1). */
const isErrno = (ret: bigint): boolean => ret < 0n && ret >= -4095n;

/** A record's captured segments: its data area, as far as the record holds it. */
const capturesOf = (v: DataView, bytes: Uint8Array, off: number, len: number): Uint8Array =>
  bytes.subarray(off + REC.size, off + Math.min(len, REC.size + v.getUint32(off + REC.dataLen, true)));

interface CallInfo {
  readonly name: string;
  readonly signature: ReturnType<typeof signatureFor>;
  readonly split: number;
  readonly narrow: (raw: readonly bigint[]) => readonly bigint[];
  /** execve or execveat: its exit copies are the new program's memory when it succeeded. */
  readonly exec: boolean;
}

interface Paths {
  readonly fdPath: (fd: number) => string | undefined;
  readonly cwdPath?: () => string | undefined;
  readonly fdDeleted?: (fd: number, link: string) => { path: string; deleted: boolean };
}

interface Entered {
  readonly ctx: CallContext;
  readonly signature: ReturnType<typeof signatureFor>;
  readonly split: number;
  readonly tsEnter: bigint;
  readonly more: boolean;
  readonly args: readonly Value[];
}

/** The kernel_siginfo a signal record carries (48 bytes in its argument words), in a user siginfo's 128. */
function siginfoAt(v: DataView, off: number): DataView {
  const raw = new Uint8Array(128);
  raw.set(new Uint8Array(v.buffer, v.byteOffset + off + REC.args, 48));
  return new DataView(raw.buffer);
}

/**
 * fd lookups for a call that was given a socket the exit program read (sendto, recvmsg...): that fd is the socket
 * it was then, whatever the fd is now (closed, reused, or its process gone), and the decoders learn what it is
 * (a netlink socket's protocol) through the port socket() feeds.
 */
function socketFirst(
  sock: FdInode,
  fdPath: (fd: number) => string | undefined,
): (fd: number) => string | undefined {
  const path = inodeText(sock);
  if (path === undefined) return fdPath;
  if (sock.family !== 0) noteSocketKind(path, sock.family, sock.type, sock.protocol, true);
  return (fd) => (fd === sock.fd ? path : fdPath(fd));
}

/** A record read for what it tells (an exit status, fds it changed under -y), outside -e trace=: never shown. */
const hidden = (v: DataView, off: number): boolean =>
  (v.getUint32(off + REC.flags, true) & PLAN_FLAG.hidden) !== 0;

const nrOf = (name: string): number => syscallByName('x86_64', name)?.nr ?? -1;
const CLONE_NR = nrOf('clone');
const CLONE3_NR = nrOf('clone3');
/** The calls that make a thread or a process (the child's id their return). */
const CLONE_NRS = new Set([CLONE_NR, CLONE3_NR, nrOf('fork'), nrOf('vfork')]);
/** The child is a thread of the caller's process (include/uapi/linux/sched.h, by the generated table). */
const CLONE_THREAD = BigInt(xv('clone_flags', 'CLONE_THREAD'));
/** Threads remembered as said at most (beyond, they are said again: the sink keeps what it first heard). */
const SAID_MAX = 65_536;
const SIGKILL = 9;
/** siginfo's si_code and si_pid (a kill's sender) offsets, and SI_USER (include/uapi/asm-generic/siginfo.h). */
const SI_CODE = 8;
const SI_PID = 16;
const SI_USER = 0;
const EXECVE_NRS = new Set(['execve', 'execveat'].flatMap((n) => syscallByName('x86_64', n)?.nr ?? []));
/** -ERESTARTSYS .. -ERESTART_RESTARTBLOCK: the call was interrupted by a signal. */
const isRestart = (ret: bigint): boolean => ret <= -512n && ret >= -516n;

/** Signals whose default action stops the process (signal(7)): SIGSTOP, SIGTSTP, SIGTTIN, SIGTTOU. */
const STOPS = new Set([19, 20, 21, 22]);

/** Signals whose default action ends the process (signal(7)). */
const FATAL = new Set([1, 2, 3, 4, 5, 6, 7, 8, 10, 11, 12, 13, 14, 15, 16, 24, 25, 26, 27, 29, 30, 31]);

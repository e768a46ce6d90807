// One ptrace stop, one crossing into native code: the resume of the stop before, wait4 and the next stop's
// PTRACE_GET_SYSCALL_INFO are made by one routine (stop-step-code.ts) over a shared control block. The routine
// also handles plain syscall stops itself when the tracer asks for it (-c counts, calls outside -e trace=), and
// returns only with a stop the tracer must see. Where the routine cannot be mapped executable (a hardened
// kernel, another architecture) the same calls go through libc and the same loop runs here, with the same
// results in the same block.

import type { CallCounts } from '../util/call-counts.js';
import { type CodeResult, type MapFlags, mapCode } from './code-page.js';
import { allocNative, lastErrno, libc, type NativeBuffer } from './libc.js';
import {
  ACTION,
  assemble,
  CTL,
  INFO_SIZE,
  NRS,
  QUEUE,
  QUEUED,
  ROW,
  SLOT,
  SLOTS,
  STATE,
  type StepNumbers,
  stopStepLines,
} from './stop-step-code.js';

export type { MapFlags } from './code-page.js';
export type { StepNumbers } from './stop-step-code.js';
export { ACTION, NRS, STATE } from './stop-step-code.js';

const U64_MAX = 0xffff_ffff_ffff_ffffn;

export class StopStep {
  private readonly ctl: NativeBuffer = allocNative(CTL.size);
  /** The control block as 32-bit words (the 8-byte slots' low halves) and as 64-bit ones. */
  private readonly w = new Int32Array(this.ctl.bytes.buffer, this.ctl.bytes.byteOffset, CTL.size / 4);
  private readonly q = new BigUint64Array(this.ctl.bytes.buffer, this.ctl.bytes.byteOffset, CTL.size / 8);
  /** The queued exits (CTL.queue) as unsigned 32-bit words and signed 64-bit ones. */
  readonly queue32: Uint32Array;
  private readonly queue64: BigInt64Array;
  /** struct ptrace_syscall_info of the last syscall stop, where the routine puts it. */
  readonly info: NativeBuffer;
  private readonly native: (() => number) | undefined;
  /** Why the one-crossing routine is not used (undefined when it is), and the errno of the refusal (0: none). */
  readonly refused: string | undefined;
  readonly refusedErrno: number;
  /** The slot of the last take(): its call's number and start (ns on the step's clock). */
  takenNr = 0;
  takenStart = 0n;

  constructor(
    private readonly k: StepNumbers,
    flags: MapFlags,
    /** Whether wait4 fills the block's struct rusage (its ru_stime times -c's calls). */
    private readonly withRusage: boolean,
    native = true,
  ) {
    const bytes = this.ctl.bytes;
    this.info = {
      address: this.ctl.address + BigInt(CTL.info),
      at: this.ctl.at + CTL.info,
      bytes: bytes.subarray(CTL.info, CTL.info + INFO_SIZE),
      view: new DataView(bytes.buffer, bytes.byteOffset + CTL.info, INFO_SIZE),
    };
    this.queue32 = new Uint32Array(bytes.buffer, bytes.byteOffset + CTL.queue, (QUEUED * QUEUE.size) / 4);
    this.queue64 = new BigInt64Array(bytes.buffer, bytes.byteOffset + CTL.queue, (QUEUED * QUEUE.size) / 8);
    this.q[CTL.rusage / 8] = withRusage ? this.ctl.address + BigInt(CTL.rusageBuf) : 0n;
    this.w[CTL.liveRequest / 4] = k.syscall;
    this.w[CTL.liveState / 4] = STATE.free;
    for (let nr = 0; nr < NRS; nr++) this.q[(CTL.counts + nr * ROW.size + ROW.min) / 8] = U64_MAX;
    const code: CodeResult = native
      ? mapCode(assemble(stopStepLines(this.ctl.address, k)), flags)
      : { refused: 'VAT_STOP_STEP=libc', errno: 0 };
    this.native = 'call' in code ? code.call : undefined;
    this.refused = 'refused' in code ? code.refused : undefined;
    this.refusedErrno = 'refused' in code ? code.errno : 0;
  }

  /**
   * What the step does at the entry of each syscall number (ACTION, below NRS), the clock of counted calls
   * (monotonic, or ru_stime of the rusage given to the constructor) and the ns taken off each (-O).
   */
  configure(actions: Uint8Array, monotonic: boolean, overhead: bigint): void {
    this.ctl.bytes.set(actions.subarray(0, NRS), CTL.actions);
    this.w[CTL.clock / 4] = monotonic ? 1 : 0;
    this.q[CTL.overhead / 8] = overhead;
  }

  /**
   * What becomes of a thread after the step queued its call's exit, as the tracer would leave a thread between
   * calls: resumed with `request` (PTRACE_SYSCALL unless told; PTRACE_CONT under the tracing seccomp filter), its
   * slot `armed` (the step may pass over its next call) or free (the default).
   */
  afterQueued(request: number, armed: boolean): void {
    this.w[CTL.liveRequest / 4] = request;
    this.w[CTL.liveState / 4] = armed ? STATE.armed : STATE.free;
  }

  /** Resumes `tid` with `request` and `signal` at the next wait (one resume is held at a time). */
  resume(request: number, tid: number, signal: number): void {
    const w = this.w;
    if (w[CTL.request / 4] !== 0) this.flush();
    w[CTL.request / 4] = request;
    w[CTL.tid / 4] = tid;
    w[CTL.data / 4] = signal;
  }

  /** Makes the held resume now (before anything else acts on the tracees: detaching, signalling, waitpid). */
  flush(): void {
    const w = this.w;
    const request = w[CTL.request / 4] as number;
    if (request === 0) return;
    w[CTL.request / 4] = 0;
    const r = libc.ptrace(request, w[CTL.tid / 4] as number, 0, w[CTL.data / 4] as number);
    w[CTL.resumed / 4] = r < 0 ? -lastErrno() : r;
  }

  /**
   * The held resume, then wait4(-1, options), then the syscall info when the report is a syscall stop; with a
   * `budget`, up to that many entries (and their exits) of armed threads are handled before a stop returns:
   * wait4's result (a pid, 0 under WNOHANG, or -errno).
   */
  wait(options: number, budget = 0): number {
    const w = this.w;
    w[CTL.options / 4] = options;
    w[CTL.budget / 4] = budget;
    if (this.native) return this.native();
    for (;;) {
      this.flush();
      const pid = libc.wait4(
        -1,
        this.ctl.at + CTL.status,
        options,
        this.withRusage ? this.ctl.at + CTL.rusageBuf : 0,
      );
      w[CTL.waited / 4] = pid < 0 ? -lastErrno() : pid;
      w[CTL.infoResult / 4] = 0;
      if (pid <= 0) return w[CTL.waited / 4] as number;
      const status = w[CTL.status / 4] as number;
      // a seccomp stop: its info read as the routine reads it, and handed to the tracer
      const seccomp = (status & 0xffffff) === this.k.seccompStop;
      if (!seccomp && (status & 0xffff) !== this.k.syscallStop) return pid;
      if (!seccomp && this.passedOver(pid)) continue;
      const r = libc.ptrace(this.k.getSyscallInfo, pid, INFO_SIZE, this.info.at);
      w[CTL.infoResult / 4] = r < 0 ? -lastErrno() : r;
      if (seccomp || r <= 0 || !this.handled(pid)) return pid;
    }
  }

  /**
   * The routine's first check, in JavaScript for the libc path: the exit of a call it passed over is resumed
   * without reading the syscall info (strace's get_regs skip for filtered calls). True when it was.
   */
  private passedOver(pid: number): boolean {
    const w = this.w;
    const slot = CTL.slots + (pid & (SLOTS - 1)) * SLOT.size;
    if (w[(slot + SLOT.tid) / 4] !== pid || w[(slot + SLOT.state) / 4] !== STATE.skipping) return false;
    w[(slot + SLOT.state) / 4] = STATE.armed;
    this.held(pid, this.k.syscall);
    return true;
  }

  /** The routine's handling of a syscall stop, in JavaScript for the libc path: true when it was handled. */
  private handled(pid: number): boolean {
    const { w, q } = this;
    if (this.info.view.getUint32(4, true) !== this.k.archX86_64) return false;
    const slot = CTL.slots + (pid & (SLOTS - 1)) * SLOT.size;
    if (w[(slot + SLOT.tid) / 4] !== pid) return false;
    const state = w[(slot + SLOT.state) / 4];
    const op = this.info.bytes[0];
    if (op === this.k.infoExit && state === STATE.live) {
      const n = w[CTL.queued / 4] as number;
      if (n >= QUEUED) return false;
      const at = (n * QUEUE.size) / 8;
      this.queue32[at * 2] = pid;
      this.queue64[at + QUEUE.rval / 8] = this.info.view.getBigInt64(24, true);
      w[CTL.queued / 4] = n + 1;
      w[(slot + SLOT.state) / 4] = w[CTL.liveState / 4] as number;
      this.held(pid, w[CTL.liveRequest / 4] as number);
      return true;
    }
    if (op === this.k.infoExit) {
      if (state === STATE.inCall) {
        const nr = Number(q[(slot + SLOT.nr) / 8]);
        const start = q[(slot + SLOT.start) / 8] as bigint;
        this.count(nr, BigInt.asUintN(64, this.time() - start), this.info.view.getBigInt64(24, true));
      } else if (state !== STATE.skipping) return false;
      w[(slot + SLOT.state) / 4] = STATE.armed;
    } else if (op === this.k.infoEntry && state === STATE.armed && w[CTL.budget / 4] !== 0) {
      const nr = this.info.view.getBigUint64(24, true);
      if (nr >= BigInt(NRS)) return false;
      const action = this.ctl.bytes[CTL.actions + Number(nr)];
      if (action === ACTION.skip) w[(slot + SLOT.state) / 4] = STATE.skipping;
      else if (action === ACTION.count) {
        q[(slot + SLOT.nr) / 8] = nr;
        q[(slot + SLOT.start) / 8] = this.time();
        w[(slot + SLOT.state) / 4] = STATE.inCall;
      } else return false;
      w[CTL.budget / 4] = (w[CTL.budget / 4] as number) - 1;
    } else return false;
    this.held(pid, this.k.syscall);
    return true;
  }

  /** The routine's .Lheld: `pid`'s resume with `request` held to the loop's top, one stop more handled. */
  private held(pid: number, request: number): void {
    const { w, q } = this;
    w[CTL.request / 4] = request;
    w[CTL.tid / 4] = pid;
    w[CTL.data / 4] = 0;
    q[CTL.handled / 8] = (q[CTL.handled / 8] as bigint) + 1n;
  }

  /** The routine's .Ltime: ns of CLOCK_MONOTONIC, or of the last wait's ru_stime. */
  private time(): bigint {
    return this.w[CTL.clock / 4] !== 0 ? process.hrtime.bigint() : this.stime();
  }

  /** ru_stime of the last wait's report in ns (struct timeval at offset 16 of struct rusage), 0 without one. */
  stime(): bigint {
    if (!this.withRusage) return 0n;
    const at = (CTL.rusageBuf + 16) / 8;
    return BigInt.asUintN(64, (this.q[at] as bigint) * 1_000_000_000n + (this.q[at + 1] as bigint) * 1000n);
  }

  /** The routine's count of one call: its time less the overhead (never below 0), its row. */
  private count(nr: number, elapsed: bigint, rval: bigint): void {
    const q = this.q;
    const overhead = q[CTL.overhead / 8] as bigint;
    const t = elapsed >= overhead ? elapsed - overhead : 0n;
    const row = (CTL.counts + nr * ROW.size) / 8;
    q[row] = (q[row] as bigint) + 1n;
    if (rval < 0n && rval >= -4095n) q[row + 1] = (q[row + 1] as bigint) + 1n;
    q[row + 2] = BigInt.asUintN(64, (q[row + 2] as bigint) + t);
    if (t < (q[row + 3] as bigint)) q[row + 3] = t;
    if (t > (q[row + 4] as bigint)) q[row + 4] = t;
  }

  /** Marks `tid` as a thread between calls whose plain stops the step may handle: false when its slot is another's. */
  arm(tid: number): boolean {
    const w = this.w;
    const slot = (CTL.slots + (tid & (SLOTS - 1)) * SLOT.size) / 4;
    if (w[slot] !== tid && w[slot + 1] !== STATE.free) return false;
    w[slot] = tid;
    w[slot + 1] = STATE.armed;
    return true;
  }

  /**
   * Marks `tid` as inside a call whose exit the step may queue (queued()) rather than return: false when its slot
   * is another's.
   */
  armLive(tid: number): boolean {
    const w = this.w;
    const slot = (CTL.slots + (tid & (SLOTS - 1)) * SLOT.size) / 4;
    if (w[slot] !== tid && w[slot + 1] !== STATE.free) return false;
    w[slot] = tid;
    w[slot + 1] = STATE.live;
    return true;
  }

  /** Exits queued since the last clearQueue(): entry i's thread and return. */
  queued(): number {
    return this.w[CTL.queued / 4] as number;
  }

  queuedTid(i: number): number {
    return this.queue32[(i * QUEUE.size) / 4] as number;
  }

  /** Index in queue32 of entry i's return (its low half, then its high half). */
  queuedReturnAt(i: number): number {
    return (i * QUEUE.size + QUEUE.rval) / 4;
  }

  clearQueue(): void {
    this.w[CTL.queued / 4] = 0;
  }

  /**
   * Takes `tid`'s slot back before the tracer handles a stop of it: its state (STATE), and for a call counted
   * in the step its number and start in takenNr and takenStart. The slot is then free.
   */
  take(tid: number): number {
    const w = this.w;
    const slot = CTL.slots + (tid & (SLOTS - 1)) * SLOT.size;
    if (w[slot / 4] !== tid) return STATE.free;
    const state = w[(slot + SLOT.state) / 4] as number;
    w[(slot + SLOT.state) / 4] = STATE.free;
    if (state === STATE.inCall) {
      this.takenNr = Number(this.q[(slot + SLOT.nr) / 8]);
      this.takenStart = this.q[(slot + SLOT.start) / 8] as bigint;
    }
    return state;
  }

  /** The calls counted by the step, per syscall number (only numbers with calls). */
  counts(): CallCounts[] {
    const q = this.q;
    const out: CallCounts[] = [];
    for (let nr = 0; nr < NRS; nr++) {
      const row = (CTL.counts + nr * ROW.size) / 8;
      const calls = Number(q[row]);
      if (calls === 0) continue;
      const [errors, total, min, max] = [q[row + 1], q[row + 2], q[row + 3], q[row + 4]] as bigint[];
      out.push({
        nr,
        calls,
        errors: Number(errors),
        total: total as bigint,
        min: min as bigint,
        max: max as bigint,
      });
    }
    return out;
  }

  /** Stops the step handled without returning, since it was made. */
  handledStops(): number {
    return Number(this.q[CTL.handled / 8]);
  }

  /** The wait status of the last report. */
  status(): number {
    return this.w[CTL.status / 4] as number;
  }

  /** The last resume's result: 0, or -errno (ESRCH when the tracee was killed while stopped). */
  resumed(): number {
    return this.w[CTL.resumed / 4] as number;
  }

  /** PTRACE_GET_SYSCALL_INFO's result at the last syscall or seccomp stop: the size read, or -errno (0: another stop). */
  infoResult(): number {
    return this.w[CTL.infoResult / 4] as number;
  }
}

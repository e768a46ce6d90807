// The ptrace loop: one thread seizes tracees, waits for their stops, decodes syscalls and resumes them.
// Runs inside a worker (every ptrace call must come from the thread that attached).
import { readdirSync, readlinkSync } from 'node:fs';
import type { CallContext } from '../../decode/context.js';
import { decodeEnter, decodeExit, decodeReturn, exitSplit, signatureFor } from '../../decode/decode-call.js';
import { decodeSiginfo } from '../../decode/siginfo.js';
import { VatError } from '../../errors.js';
import type { TraceEvent } from '../../model/events.js';
import { errnoByName } from '../../tables/errnos.js';
import { signalByName } from '../../tables/signals.js';
import type { Signature } from '../../tables/signature.js';
import { syscallByName, syscallByNumber } from '../../tables/syscalls.js';
import type { TraceConfig, TraceOutcome } from '../engine.js';
import { PT } from './consts.js';
import { buildExecBlob } from './exec-args.js';
import { errnoText, spawnLauncher } from './launch.js';
import { allocNative, lastErrno, libc } from './libc.js';
import { LiveMemory } from './live-memory.js';
import { REG, REGS_SIZE } from './regs.js';
import * as W from './wait-status.js';

const sig = (name: string): number => signalByName(name)?.value ?? 0;
const SIGTRAP = sig('TRAP');
const SIGSTOP = sig('STOP');
const SIGCONT = sig('CONT');
const STOP_SIGNALS = new Set([SIGSTOP, sig('TSTP'), sig('TTIN'), sig('TTOU')]);
const SYSCALL_TRAP = SIGTRAP | 0x80;
const EXECVE = syscallByName('x86_64', 'execve')?.nr;
/** AUDIT_ARCH_I386 (EM_386 | __AUDIT_ARCH_LE): the arch a PTRACE_GET_SYSCALL_INFO entry reports for int 0x80. */
const AUDIT_ARCH_I386 = 0x40000003;
const errno = (name: string): number => errnoByName(name)?.value ?? -1;
const EINTR = errno('EINTR');
const ECHILD = errno('ECHILD');
const ESRCH = errno('ESRCH');
const EPERM = errno('EPERM');

interface Call {
  readonly ctx: CallContext;
  readonly sig: Signature;
  readonly split: number;
  readonly nr: number;
  readonly name: string;
  readonly enterTs: bigint;
}

interface Thread {
  readonly tid: number;
  /** Waiting for the first stop after seize/auto-attach: resume it rather than treating it as job control. */
  initial: boolean;
  /** The launcher shell before its execve: nothing is shown, and the execve is rewritten. */
  launcher: boolean;
  call: Call | undefined;
  /** Inside a syscall the trace filter does not select: its exit stop is passed over silently. */
  skipping: boolean;
  attached: boolean;
}

/** Realtime nanoseconds from the monotonic clock (one hrtime read per stop). */
const clockOffset = BigInt(Date.now()) * 1_000_000n - process.hrtime.bigint();
const now = (): bigint => process.hrtime.bigint() + clockOffset;

export interface TracerIo {
  emit(event: TraceEvent): void;
  /** Hand pending events over before the tracer may block. */
  flush(): void;
  /** True once the user asked vat to stop (Ctrl-C in attach mode): detach and return. */
  stopRequested(): boolean;
}

export class Tracer {
  private readonly status = allocNative(8);
  private readonly info = allocNative(128);
  private readonly regs = allocNative(REGS_SIZE);
  private readonly msg = allocNative(8);
  private readonly siginfo = allocNative(128);
  private readonly mem = new LiveMemory();
  private readonly threads = new Map<number, Thread>();
  private mainPid = 0;
  private mainStatus: TraceOutcome = { status: 0 };
  private readonly options: number;
  /** Syscall numbers to report; undefined reports all. */
  private readonly selected: ReadonlySet<number> | undefined;

  constructor(
    private readonly config: TraceConfig,
    private readonly io: TracerIo,
  ) {
    let opts = PT.O_TRACESYSGOOD | PT.O_TRACEEXEC;
    if (config.followForks) opts |= PT.O_TRACEFORK | PT.O_TRACEVFORK | PT.O_TRACECLONE;
    this.options = opts;
    this.selected = config.traceSet
      ? new Set(config.traceSet.flatMap((n) => syscallByName('x86_64', n)?.nr ?? []))
      : undefined;
  }

  run(): TraceOutcome {
    for (const pid of this.config.attach) this.attachProcess(pid);
    if (this.config.command.length > 0) this.launch();
    this.loop();
    return this.mainStatus;
  }

  private launch(): void {
    const env = Object.entries(process.env).map(([k, v]) => `${k}=${v}`);
    const pid = spawnLauncher(this.config.commandPath ?? this.config.command[0] ?? '', env);
    // the launcher stops itself; seize it while stopped, then let it run into its execve
    if (libc.waitpid(pid, this.status.address, PT.WUNTRACED) !== pid)
      throw new VatError('launcher vanished', 'ESPAWN');
    if (libc.ptrace(PT.SEIZE, pid, 0, this.options | PT.O_EXITKILL) < 0) {
      libc.kill(pid, sig('KILL'));
      throw new VatError(`ptrace(PTRACE_SEIZE, ${pid}): ${errnoText()}`, 'EPTRACE');
    }
    this.threads.set(pid, {
      tid: pid,
      initial: true,
      launcher: true,
      call: undefined,
      skipping: false,
      attached: false,
    });
    this.mainPid = pid;
    libc.kill(pid, SIGCONT);
  }

  /** Seizes every thread of a running process and interrupts each so that syscall tracing can start. */
  private attachProcess(pid: number): void {
    let tids: number[];
    try {
      tids = readdirSync(`/proc/${pid}/task`).map(Number);
    } catch {
      throw new VatError(`attach: ptrace(PTRACE_SEIZE, ${pid}): No such process`, 'ESRCH');
    }
    for (const tid of tids) {
      if (this.threads.has(tid)) continue;
      if (libc.ptrace(PT.SEIZE, tid, 0, this.options) < 0) {
        const e = lastErrno();
        if (e === ESRCH && tid !== pid) continue;
        const hint =
          e === EPERM
            ? " (tracing another user's process, or with kernel.yama.ptrace_scope > 0, needs CAP_SYS_PTRACE: run as root)"
            : '';
        throw new VatError(
          `attach: ptrace(PTRACE_SEIZE, ${tid}): ${errnoText(e)}${hint}`,
          e === EPERM ? 'EPERM' : 'ESRCH',
        );
      }
      libc.ptrace(PT.INTERRUPT, tid, 0, 0);
      this.threads.set(tid, {
        tid,
        initial: true,
        launcher: false,
        call: undefined,
        skipping: false,
        attached: true,
      });
    }
    this.io.emit({ type: 'attach', pid, ts: now() });
  }

  private loop(): void {
    let pending = false;
    while (this.threads.size > 0) {
      if (this.io.stopRequested()) {
        this.detachAll();
        return;
      }
      let pid: number = pending ? libc.waitpid(-1, this.status.address, PT.WALL | PT.WNOHANG) : 0;
      if (pid === 0) {
        if (pending) this.io.flush();
        pending = false;
        pid = libc.waitpid(-1, this.status.address, PT.WALL);
      }
      if (pid < 0) {
        const e = lastErrno();
        if (e === EINTR) continue;
        if (e === ECHILD) break;
        throw new VatError(`waitpid: ${errnoText(e)}`, 'EWAIT');
      }
      pending = this.handle(pid, this.status.view.getInt32(0, true)) || pending;
    }
    this.io.flush();
  }

  /** Handles one wait report; returns true when it emitted events. */
  private handle(pid: number, status: number): boolean {
    const t = this.threads.get(pid);
    if (!W.stopped(status)) {
      if (!t) return false; // a child that is not a tracee (vat's own wake-up process)
      return this.gone(t, status);
    }
    const thread = t ?? this.adopt(pid);
    const s = W.stopSig(status);
    if (s === SYSCALL_TRAP) return this.syscallStop(thread);
    const event = W.ptraceEvent(status);
    if (event !== 0) return this.eventStop(thread, event, s);
    return this.signalStop(thread, s);
  }

  /** A thread we had not seen: an auto-attached child reporting before its parent's fork event. */
  private adopt(tid: number): Thread {
    const t: Thread = {
      tid,
      initial: true,
      launcher: false,
      call: undefined,
      skipping: false,
      attached: false,
    };
    this.threads.set(tid, t);
    return t;
  }

  private resume(tid: number, signal = 0): void {
    libc.ptrace(PT.SYSCALL, tid, 0, signal);
  }

  private gone(t: Thread, status: number): boolean {
    this.threads.delete(t.tid);
    if (t.launcher) return false;
    const ts = now();
    if (t.call)
      this.io.emit({
        type: 'exit',
        pid: t.tid,
        ts,
        nr: t.call.nr,
        name: t.call.name,
        args: [],
        ret: undefined,
      });
    if (W.exited(status)) {
      this.io.emit({ type: 'exited', pid: t.tid, ts, code: W.exitCode(status) });
      if (t.tid === this.mainPid) this.mainStatus = { status: W.exitCode(status) };
    } else {
      const signo = W.termSig(status);
      this.io.emit({ type: 'exited', pid: t.tid, ts, signo, core: W.coreDumped(status) });
      if (t.tid === this.mainPid) this.mainStatus = { status: 128 + signo, killedBy: signo };
    }
    return true;
  }

  private syscallStop(t: Thread): boolean {
    const v = this.info.view;
    if (libc.ptrace(PT.GET_SYSCALL_INFO, t.tid, 128, this.info.address) <= 0) {
      this.resume(t.tid);
      return false;
    }
    const op = v.getUint8(0);
    if (op === PT.INFO_ENTRY) return this.enter(t);
    if (op === PT.INFO_EXIT && t.call) return this.leave(t);
    t.skipping = false;
    this.resume(t.tid);
    return false;
  }

  private enter(t: Thread): boolean {
    const v = this.info.view;
    let nr = Number(v.getBigUint64(24, true));
    if (t.launcher) {
      if (nr !== EXECVE) {
        this.resume(t.tid);
        return false;
      }
      this.rewriteExec(t.tid);
      t.launcher = false;
      libc.ptrace(PT.GET_SYSCALL_INFO, t.tid, 128, this.info.address);
      nr = Number(v.getBigUint64(24, true));
    }
    const i386 = v.getUint32(4, true) === AUDIT_ARCH_I386;
    if (this.selected && (i386 || !this.selected.has(nr))) {
      t.skipping = true;
      this.resume(t.tid);
      return false;
    }
    const raw = [0, 1, 2, 3, 4, 5].map((i) => v.getBigUint64(32 + i * 8, true));
    const name =
      (i386 ? syscallByNumber('i386', nr)?.name : syscallByNumber('x86_64', nr)?.name) ??
      `syscall_0x${nr.toString(16)}`;
    const signature = signatureFor(i386 ? '' : name);
    this.mem.pid = t.tid;
    const ctx: CallContext = {
      pid: t.tid,
      name,
      raw,
      args: signature.args,
      mem: this.mem,
      opts: this.config.decode,
      fdPath: (fd) => fdPath(t.tid, fd),
    };
    const split = exitSplit(signature);
    const ts = now();
    const args = decodeEnter(ctx, split);
    t.call = { ctx, sig: signature, split, nr, name, enterTs: ts };
    this.io.emit({
      type: 'enter',
      pid: t.tid,
      ts,
      nr,
      name,
      raw,
      args,
      more: split < signature.args.length,
      ...(i386 ? { abi: 'i386' as const } : {}),
    });
    this.resume(t.tid);
    return true;
  }

  private leave(t: Thread): boolean {
    const call = t.call;
    if (!call) return false;
    t.call = undefined;
    const v = this.info.view;
    const ret = v.getBigInt64(24, true);
    const failed = v.getUint8(32) !== 0;
    const ctx = call.ctx;
    ctx.ret = ret;
    ctx.failed = failed;
    this.mem.pid = t.tid;
    const args = decodeExit(ctx, call.split);
    const result = decodeReturn(ctx, call.sig, BigInt.asUintN(64, ret));
    const ts = now();
    this.io.emit({
      type: 'exit',
      pid: t.tid,
      ts,
      nr: call.nr,
      name: call.name,
      args,
      ret,
      ...(result.errno !== undefined ? { errno: result.errno } : {}),
      ...(ctx.retValue !== undefined && result.errno === undefined
        ? { retValue: ctx.retValue }
        : result.value !== undefined
          ? { retValue: result.value }
          : {}),
      ...(ctx.retDetail !== undefined && result.errno === undefined ? { retDetail: `(${ctx.retDetail})` } : {}),
      duration: ts - call.enterTs,
    });
    this.resume(t.tid);
    return true;
  }

  /** Replaces the launcher's execve arguments with the command's path, argv and vat's environment. */
  private rewriteExec(tid: number): void {
    const r = this.regs.view;
    libc.ptrace(PT.GETREGS, tid, 0, this.regs.address);
    const env = Object.entries(process.env).map(([k, val]) => `${k}=${val}`);
    const path = this.config.commandPath ?? this.config.command[0] ?? '';
    const blob = buildExecBlob(r.getBigUint64(REG.rsp, true), path, this.config.command, env);
    this.mem.pid = tid;
    if (!this.mem.write(blob.base, blob.bytes)) return; // keep the launcher's own arguments
    r.setBigUint64(REG.rdi, blob.path, true);
    r.setBigUint64(REG.rsi, blob.argv, true);
    r.setBigUint64(REG.rdx, blob.envp, true);
    libc.ptrace(PT.SETREGS, tid, 0, this.regs.address);
  }

  private eventStop(t: Thread, event: number, s: number): boolean {
    switch (event) {
      case PT.EVENT_FORK:
      case PT.EVENT_VFORK:
      case PT.EVENT_CLONE: {
        libc.ptrace(PT.GETEVENTMSG, t.tid, 0, this.msg.address);
        const child = Number(this.msg.view.getBigUint64(0, true));
        if (!this.threads.has(child)) this.adopt(child);
        this.resume(t.tid);
        return false;
      }
      case PT.EVENT_EXEC: {
        libc.ptrace(PT.GETEVENTMSG, t.tid, 0, this.msg.address);
        const oldTid = Number(this.msg.view.getBigUint64(0, true));
        let emitted = false;
        if (oldTid !== t.tid) {
          // a non-leader thread exec'd: it now has the leader's id and carries the execve call
          const old = this.threads.get(oldTid);
          this.threads.delete(oldTid);
          t.call = old?.call;
          this.io.emit({ type: 'exec', pid: t.tid, oldPid: oldTid, ts: now() });
          emitted = true;
        }
        this.resume(t.tid);
        return emitted;
      }
      case PT.EVENT_STOP:
        if (t.initial || !STOP_SIGNALS.has(s)) {
          t.initial = false;
          this.resume(t.tid);
        } else {
          libc.ptrace(PT.LISTEN, t.tid, 0, 0); // group-stop: stay stopped until SIGCONT, as without vat
        }
        return false;
      default:
        this.resume(t.tid);
        return false;
    }
  }

  private signalStop(t: Thread, s: number): boolean {
    if (t.launcher) {
      this.resume(t.tid, s === SIGCONT ? 0 : s);
      return false;
    }
    libc.ptrace(PT.GETSIGINFO, t.tid, 0, this.siginfo.address);
    this.io.emit({ type: 'signal', pid: t.tid, ts: now(), signo: s, info: decodeSiginfo(this.siginfo.view) });
    this.resume(t.tid, s);
    return true;
  }

  /** Detaches from every tracee, leaving each running with no signal lost. */
  private detachAll(): void {
    for (const t of this.threads.values()) libc.ptrace(PT.INTERRUPT, t.tid, 0, 0);
    while (this.threads.size > 0) {
      const pid = libc.waitpid(-1, this.status.address, PT.WALL);
      if (pid < 0) {
        if (lastErrno() === EINTR) continue;
        break;
      }
      const t = this.threads.get(pid);
      if (!t) continue;
      const status = this.status.view.getInt32(0, true);
      if (!W.stopped(status)) {
        this.gone(t, status);
        continue;
      }
      const s = W.stopSig(status);
      const event = W.ptraceEvent(status);
      // a signal-delivery-stop carries a signal that must still be delivered after detaching
      const deliver = s !== SYSCALL_TRAP && event === 0 ? s : 0;
      libc.ptrace(PT.DETACH, pid, 0, deliver);
      this.threads.delete(pid);
      this.io.emit({ type: 'detach', pid, ts: now() });
    }
    this.io.flush();
  }
}

/** The path behind an fd, as -y prints it (readlink of /proc/PID/fd/N). */
function fdPath(pid: number, fd: number): string | undefined {
  try {
    return readlinkSync(`/proc/${pid}/fd/${fd}`);
  } catch {
    return undefined;
  }
}

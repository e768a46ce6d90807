// strace's text output: prefixes, unfinished/resumed pairs, `= ret` at column 40, signal and exit lines, time
// columns, and the output filters strace applies when printing (-e status=, -e signal=, -e quiet=, -P).
import { inSet, type NumberSet } from '../filter/number-set.js';
import type { PathTraceSpec } from '../filter/path-trace.js';
import type { CallStatus, QuietClass } from '../filter/qualifiers.js';
import type { CallText } from '../model/call-text.js';
import type { AttachEvent, SyscallEnter, SyscallExit, TraceEvent } from '../model/events.js';
import { type PidKind, pidNsComment } from '../model/pid-ns-comment.js';
import { quoteComm } from '../model/quote.js';
import type { Value } from '../model/value.js';
import { valueText } from '../model/value-text.js';
import { errnoByValue } from '../tables/errnos.js';
import { signatureOf } from '../tables/lookup.js';
import { signalName } from '../tables/signals.js';
import { argsText } from './args-text.js';
import { dumpsText } from './hex-dump.js';
import { stackText } from './stack-text.js';
import { TimeColumns, type TimeOptions } from './timestamps.js';

export interface StraceTextOptions {
  /** -o FILE given (prefix `PID ` when following), else stderr (prefix `[pid N]` while several run). */
  readonly toFile: boolean;
  readonly followForks: boolean;
  /** -ff: one output per process, no prefixes. */
  readonly perProcess: boolean;
  readonly xflag: 0 | 1 | 2 | 3;
  /**
   * strace's quiet classes (-q: attach, personality; -qq: also exit; -qqq: all). Here: `exit` drops
   * `+++ exited with N +++` lines (`+++ killed by` stays), `thread-execve` drops `+++ superseded by execve +++`;
   * `attach` is the sink's notices.
   */
  readonly quiet: readonly QuietClass[];
  /** Several processes were attached with -p: prefix as when following. */
  readonly multiAttach?: boolean;
  /** -t/-tt/-ttt/--timestamps, -r, -T. */
  readonly time?: TimeOptions;
  /**
   * -e status= (-z, -Z): only calls that ended so print. strace then holds each call's text until its exit, so
   * lines come whole. Undefined prints every call.
   */
  readonly status?: readonly CallStatus[];
  /** -e signal=: the signals whose `--- SIG ---`, `--- stopped by ---` and `+++ killed by +++` lines print. */
  readonly signals?: NumberSet;
  /** -P PATH, -e trace-fds=: only calls touching these. */
  readonly pathTrace?: PathTraceSpec;
  /** -e read=/write= given: print the hex dumps the decoders captured, after each call's line. */
  readonly dumps?: boolean;
  /** -a COLUMN: where ` = ` goes (strace's acolumn, default 40). */
  readonly align?: number;
  /** -n: `[ 257] ` before each line, the thread's current syscall number. */
  readonly syscallNumber?: boolean;
  /** -i: `[00007f...] ` before each line, the instruction pointer of the call or signal. */
  readonly instructionPointer?: boolean;
  /** -Y / --decode-pids=comm: `1234<sh>` for pids in prefixes and pid-valued results. */
  readonly decodePids?: boolean;
  /** --secontext: each line starts with its process's SELinux context (`[type] `), after the pid. */
  readonly secontext?: { readonly full: boolean; readonly mismatch: boolean };
  /** --decode-pids=pidns: pid results of a tracee in another pid namespace also given in vat's. */
  readonly pidns?: boolean;
}

/** Reads a live process's command name (`/proc/PID/comm`), undefined once it is gone. */
export type CommLookup = (pid: number) => string | undefined;

/** --decode-pids=pidns: a tracee's id `pid` of a kind as vat's pid namespace numbers it, undefined when the same. */
export type PidNsLookup = (tracee: number, pid: number, kind: PidKind) => number | undefined;

/**
 * A result that is a process or thread id (-Y names it), or a process group or session (--decode-pids=pidns
 * translates it), by the signature's return kind: strace's RVAL_TGID/TID, RVAL_PGID, RVAL_SID.
 */
function pidResultKind(name: string): PidKind | undefined {
  const ret = signatureOf(name)?.ret;
  return ret === 'pid' || ret === 'pgid' || ret === 'sid' ? ret : undefined;
}

/** The time columns an output prints, if any. */
export const timeColumns = (o: StraceTextOptions): TimeColumns | undefined =>
  o.time && (o.time.absolute || o.time.relative !== undefined || o.time.syscall !== undefined)
    ? new TimeColumns(o.time)
    : undefined;

/** Column where ` = ` starts, as strace's default -a40. */
const ALIGN = 39;
/** strace's -i placeholder when no instruction pointer is known (exit lines). */
const NO_IP = `[${'?'.repeat(16)}] `;
const UNFINISHED = ' <unfinished ...>\n';
/** '\n' as a char code: whether a text ends a line is read from its last code unit, not with endsWith (a builtin
 * call at every put, ~3 per call on make). */
const NEWLINE = 10;
const endsLine = (text: string): boolean => text.charCodeAt(text.length - 1) === NEWLINE;

/** The line that says events were dropped (eBPF ring buffer full), in the trace and on stderr. */
export const lostNotice = (count: number): string =>
  `vat: ${count} events lost (ring buffer full); use --ring-size`;

/**
 * One output's formatter. It follows strace's own bookkeeping: the thread whose line was printed last
 * (printing_tcp), each thread's column (curcol), and with -e status= each thread's held-back text.
 */
export class StraceTextFormatter {
  /** The thread whose line was started last and not ended (strace's printing_tcp). */
  private printing: number | undefined;
  /** Column of each thread's current line, when not 0 (strace's curcol). */
  private readonly col = new Map<number, number>();
  /** -e status=: each thread's text held back until its call's status is known (strace's memstream). */
  private readonly stage = new Map<number, string>();
  /** Threads whose next exit says `<... name resumed>` whatever (strace's TCB_REPRINT, after an exec). */
  private readonly reprint = new Set<number>();
  /** -e read=/write=: the arguments decoded at entry, for the dumps printed after the exit. */
  private readonly entryArgs = new Map<number, readonly Value[]>();
  private readonly live = new Set<number>();
  /** No trace line yet: attach events still decide the -o prefix (strace's print_pid_pfx, set after -p). */
  private starting = true;
  /** Several threads were traced from the start (-p of several processes or threads): prefix as with -f. */
  private several = false;
  private readonly time: TimeColumns | undefined;
  private readonly status: ReadonlySet<CallStatus> | undefined;
  private readonly quietExit: boolean;
  private readonly quietExecve: boolean;
  private readonly quietPersonality: boolean;
  /** strace's currpers: the ABI each thread last made a call through; a new thread starts with the last one seen. */
  private readonly personality = new Map<number, string>();
  private lastPersonality = '64 bit';
  /** Text produced by the event being formatted. */
  private out = '';
  /** -n: each thread's last syscall number (strace prints it on signal and exit lines too). */
  private readonly lastNr = new Map<number, number>();
  private readonly align: number;
  /** -i: each thread's instruction pointer at its current call's entry (for `resumed` lines). */
  private readonly ips = new Map<number, bigint>();
  private readonly marked: boolean;
  private readonly comm: CommLookup | undefined;
  private readonly context: CommLookup | undefined;
  private readonly pidOutside: PidNsLookup | undefined;
  /** -Y: each process's command name when last seen. */
  private readonly comms = new Map<number, string>();
  /** The last pid prefix made without a command name (`1234  `), and its pid (-1: none yet). */
  private paddedPid = -1;
  private padded = '';

  /**
   * `shared`: what strace keeps once for all outputs of a trace (-ff): the -r clock. Made here when not given.
   * The -P decisions are not made here (they read /proc): the caller passes each call's to format().
   */
  constructor(
    private readonly o: StraceTextOptions,
    shared: {
      readonly time?: TimeColumns;
      readonly comm?: CommLookup;
      /** --secontext: a process's context, quoted, for the start of its lines. */
      readonly context?: CommLookup;
      /** --decode-pids=pidns: the lookup of a pid result in vat's namespace (it reads /proc: the sink gives it). */
      readonly pidOutside?: PidNsLookup;
    } = {},
  ) {
    this.align = o.align === undefined ? ALIGN : o.align - 1;
    this.comm = o.decodePids ? shared.comm : undefined;
    this.context = o.secontext ? shared.context : undefined;
    this.pidOutside = o.pidns ? shared.pidOutside : undefined;
    this.marked = Boolean(o.syscallNumber || o.instructionPointer);
    this.time = shared.time ?? timeColumns(o);
    this.status = o.status ? new Set(o.status) : undefined;
    this.quietExit = o.quiet.includes('exit');
    this.quietExecve = o.quiet.includes('thread-execve');
    this.quietPersonality = o.quiet.includes('personality');
  }

  private prefix(pid: number): string {
    if (this.o.perProcess) return '';
    // strace pads the pid alone (`%-5u` / `[pid %5u`), then -Y's `<comm>` follows it unpadded
    if (this.o.toFile && (this.o.followForks || this.o.multiAttach || this.several)) {
      const comm = this.commOf(pid, true);
      if (comm !== undefined) return `${pid}<${comm}> `;
      // the pid alone depends on the pid alone: kept for the last pid (most lines follow one of the same thread)
      if (pid !== this.paddedPid) {
        this.paddedPid = pid;
        this.padded = `${String(pid).padEnd(5)} `;
      }
      return this.padded;
    }
    if (!this.o.toFile && this.live.size > 1) {
      const comm = this.commOf(pid, true);
      return `[pid ${String(pid).padStart(5)}${comm === undefined ? '' : `<${comm}>`}] `;
    }
    return '';
  }

  /** --secontext: strace's selinux_printpidcon, `[type] ` between the pid and the time columns. */
  private contextPrefix(pid: number): string {
    const context = this.context?.(pid);
    return context === undefined ? '' : `[${context}] `;
  }

  /** -Y: a process's command name (quoted) while it exists, else (cached) its last known one. */
  private commOf(pid: number, cached = false): string | undefined {
    const name = this.comm?.(pid);
    let comm = name === undefined ? undefined : quoteComm(name, this.o.xflag);
    // a process's last name stays known for its final lines (`+++ exited +++` comes after it was reaped)
    if (comm !== undefined) this.comms.set(pid, comm);
    else if (cached) comm = this.comms.get(pid);
    return comm;
  }

  /** A pid, with `<comm>` under -Y while the process exists. */
  /** A pid result; under pidns (not for wait4/waitid, as strace) with ` /* N in strace's PID NS *\/`. */
  private pidResult(tracee: number, name: string, pid: number, kind: PidKind): string {
    const outer = this.o.pidns && !name.startsWith('wait') ? this.pidOutside?.(tracee, pid, kind) : undefined;
    // strace names the command of a process or thread, not of a group or session
    if (kind !== 'pid') return outer === undefined ? String(pid) : `${pid}${pidNsComment(outer)}`;
    if (outer === undefined) return this.pidText(pid);
    const comm = this.commOf(outer);
    return `${pid}${comm === undefined ? '' : `<${comm}>`}${pidNsComment(outer)}`;
  }

  private pidText(pid: number): string {
    const comm = this.commOf(pid);
    return comm === undefined ? String(pid) : `${pid}<${comm}>`;
  }

  /** -n and -i columns after the time columns: `[ 257] `, `[00007f...] `. */
  private marks(pid: number, ip: bigint | undefined | null): string {
    let out = '';
    if (this.o.syscallNumber) out += `[${String(this.lastNr.get(pid) ?? 0).padStart(4)}] `;
    if (this.o.instructionPointer)
      out += ip === null || ip === undefined ? NO_IP : `[${ip.toString(16).padStart(16, '0')}] `;
    return out;
  }

  /**
   * Text for one event, possibly closing another process's open line first. `shown`: whether a syscall's entry
   * or exit is selected (-P, -e trace-fds=: the caller's CallSelector decides); an unselected call prints nothing.
   */
  format(e: TraceEvent, shown = true): string {
    if (e.type === 'attach') {
      // strace's nprocs: every thread traced now (`[pid N]` on stderr while there are several)
      this.live.add(e.pid);
      for (const tid of e.threads ?? []) this.live.add(tid);
      if (this.starting && this.live.size > 1) this.several = true;
      // -Y: strace loads a process's name when it starts tracing it, so its last line has one even if it
      // printed nothing before it was reaped (the launched command's comes from its exec)
      if (this.comm && !e.launched) for (const tid of [e.pid, ...(e.threads ?? [])]) this.commOf(tid, true);
      return '';
    }
    this.starting = false;
    this.out = '';
    if (e.type === 'detach') this.detached(e.pid);
    else {
      if (e.type !== 'exited') this.live.add(e.pid);
      this.event(e as Exclude<TraceEvent, AttachEvent>, shown);
    }
    const out = this.out;
    this.out = '';
    return out;
  }

  private event(e: Exclude<TraceEvent, AttachEvent>, shown: boolean): void {
    switch (e.type) {
      case 'enter': {
        this.checkPersonality(e.pid, e.ts, e.abi);
        if (!shown) return;
        if (this.status) this.stage.set(e.pid, '');
        if (this.o.syscallNumber) this.lastNr.set(e.pid, e.nr);
        if (e.ip !== undefined) this.ips.set(e.pid, e.ip);
        this.leader(e.pid, e.ts, e.ip);
        const args = argsText(e.args, this.o);
        const comma = e.more && args !== '';
        // the line ends only if the arguments' text does (no need to read the whole line for it)
        this.put(e.pid, `${e.name}(${args}${comma ? ', ' : ''}`, !comma && args !== '' && endsLine(args));
        if (this.o.dumps) this.entryArgs.set(e.pid, e.args);
        return;
      }
      case 'exit':
        if (!shown) return;
        if (e.ret === undefined) this.lost(e);
        else this.returned(e);
        return;
      case 'signal': {
        if (this.o.signals && !inSet(this.o.signals, e.signo)) return;
        const name = signalName(e.signo);
        this.leader(e.pid, e.ts, e.ip ?? null);
        const info = e.info ? valueText(e.info, this.o) : '';
        this.put(e.pid, e.stopped ? `--- stopped by ${name} ---\n` : `--- ${name} ${info} ---\n`);
        if (e.stack) this.put(e.pid, stackText(e.stack));
        this.lineEnded();
        return;
      }
      case 'exited': {
        // its name at death: an exec or PR_SET_NAME may have renamed it after its last line
        if (e.comm !== undefined && this.comm) this.comms.set(e.pid, quoteComm(e.comm, this.o.xflag));
        const shown =
          e.signo !== undefined ? !this.o.signals || inSet(this.o.signals, e.signo) : !this.quietExit;
        if (shown) {
          this.leader(e.pid, e.ts, null);
          this.put(
            e.pid,
            e.signo !== undefined
              ? `+++ killed by ${signalName(e.signo)}${e.core ? ' (core dumped)' : ''} +++\n`
              : `+++ exited with ${e.code ?? 0} +++\n`,
          );
          this.lineEnded();
        }
        this.live.delete(e.pid);
        this.personality.delete(e.pid);
        this.drop(e.pid);
        return;
      }
      case 'exec':
        // -Y: strace reloads the name after an exec (its COMM_CHANGE calls)
        if (this.comm) this.commOf(e.pid, true);
        this.exec(e.oldPid, e.pid, e.ts);
        return;
      case 'lost': {
        // where the engine noticed: never silent, and in the trace itself (it may be read long after)
        const p = this.printing;
        if (p !== undefined && !this.stage.has(p) && this.col.has(p)) this.put(p, UNFINISHED);
        this.lineEnded();
        this.out += `${lostNotice(e.count)}\n`;
        return;
      }
    }
  }

  /** strace's update_personality: `[ Process PID=N runs in 32 bit mode. ]` when a thread changes ABI. */
  private checkPersonality(pid: number, ts: bigint, abi: SyscallEnter['abi']): void {
    const mode = abi === 'i386' ? '32 bit' : abi === 'x32' ? 'x32' : '64 bit';
    const known = this.personality.get(pid);
    const before = known ?? this.lastPersonality;
    if (known !== mode) this.personality.set(pid, mode);
    this.lastPersonality = mode;
    if (before === mode || this.quietPersonality) return;
    this.leader(pid, ts);
    this.put(pid, `[ Process PID=${pid} runs in ${mode} mode. ]\n`);
    this.lineEnded();
  }

  /** Writes to the thread's output: its held-back text while it has some, else the output itself. */
  private put(pid: number, text: string, ends = endsLine(text)): void {
    if (text === '') return;
    const staged = this.stage.size === 0 ? undefined : this.stage.get(pid);
    if (staged !== undefined) this.stage.set(pid, staged + text);
    else this.out += text;
    if (ends) this.col.delete(pid);
    else this.col.set(pid, (this.col.get(pid) ?? 0) + text.length);
  }

  /**
   * strace's printleader: ends another thread's open line with ` <unfinished ...>` (not when this thread's
   * text is held back), then starts this thread's line: pid prefix and time columns.
   */
  private leader(pid: number, ts: bigint, ip?: bigint | null): void {
    const p = this.printing;
    if (p !== undefined && !this.held(pid) && this.col.has(p) && (!this.o.perProcess || p === pid))
      this.put(p, UNFINISHED);
    this.printing = pid;
    const lead =
      this.prefix(pid) +
      this.contextPrefix(pid) +
      (this.time?.prefix(ts) ?? '') +
      (this.marked ? this.marks(pid, ip) : '');
    // the line's column is the lead's width, set in place: deleting the key and adding it again at every line left
    // the map a deleted entry per line to rebuild (a lead never ends a line)
    if (lead === '') this.col.delete(pid);
    else if (this.stage.size === 0) {
      this.out += lead;
      this.col.set(pid, lead.length);
    } else {
      this.col.delete(pid);
      this.put(pid, lead, false);
    }
  }

  /** -e status=: whether this thread's text is held back (no lookup when nothing is). */
  private held(pid: number): boolean {
    return this.stage.size !== 0 && this.stage.has(pid);
  }

  private lineEnded(): void {
    if (this.printing !== undefined) this.col.delete(this.printing);
    this.printing = undefined;
  }

  /** strace's print_syscall_resume: `<... name resumed>` when another line came between entry and exit. */
  private resume(pid: number, ts: bigint, name: string): void {
    const reprint = this.reprint.size !== 0 && this.reprint.delete(pid);
    if ((!this.o.perProcess && this.printing !== pid && !this.held(pid)) || reprint) {
      this.leader(pid, ts, this.ips.get(pid));
      this.put(pid, `<... ${name} resumed>`);
    }
  }

  /** Passes the thread's held-back text on (or drops it) and stops holding back. */
  private release(pid: number, publish: boolean): void {
    const text = this.stage.get(pid);
    if (text === undefined) return;
    this.stage.delete(pid);
    if (publish) this.out += text;
  }

  private returned(e: SyscallExit): void {
    this.ended(e.pid, e.ts, e.name, e.errno !== undefined, e, e.duration);
  }

  /**
   * A call's exit line: `resumed` when needed, the exit arguments, ` = ` at its column, the result. `call` is the
   * exit event, or (eBPF's record-to-text path) the exit arguments' and the result's text already made.
   */
  private ended(
    pid: number,
    ts: bigint,
    name: string,
    failed: boolean,
    call: SyscallExit | { readonly tail: string; readonly result: string },
    duration: bigint | undefined,
  ): void {
    this.resume(pid, ts, name);
    this.printing = pid;
    const entry = this.o.dumps ? this.entryArgs.get(pid) : undefined;
    if (this.o.dumps) this.entryArgs.delete(pid);
    if (this.status && this.stage.has(pid)) {
      const publish = this.status.has(failed ? 'failed' : 'successful');
      this.release(pid, publish);
      if (!publish) {
        this.col.delete(pid);
        this.lineEnded();
        return;
      }
    }
    const e = 'tail' in call ? undefined : call;
    const tail = 'tail' in call ? call.tail : `${argsText(call.args, this.o)})`;
    const width = (this.col.get(pid) ?? 0) + tail.length;
    const pad = width < this.align ? ' '.repeat(this.align - width) : '';
    const result = 'tail' in call ? call.result : this.result(call);
    this.put(pid, `${tail}${pad} = ${result}${this.time?.duration(duration) ?? ''}\n`, true);
    if (e && this.o.dumps) this.out += dumpsText([...(entry ?? []), ...e.args]);
    if (e?.stack) this.put(pid, stackText(e.stack));
    this.lineEnded();
  }

  /**
   * The entry half of a call printed from its text (eBPF's record-to-text path): what format() prints for the
   * call's enter event, made from `name(` and the entry arguments.
   */
  callEnter(c: CallText): string {
    this.starting = false;
    this.out = '';
    this.live.add(c.pid);
    this.checkPersonality(c.pid, c.ts, undefined);
    if (this.status) this.stage.set(c.pid, '');
    if (this.o.syscallNumber) this.lastNr.set(c.pid, c.nr);
    this.leader(c.pid, c.ts, undefined);
    this.put(c.pid, c.head);
    const out = this.out;
    this.out = '';
    return out;
  }

  /**
   * Such a call whole, nothing printed between its entry and exit: callEnter(c) + callExit(exit), with their common
   * case (no line open, no -e status=, no personality change, no `resumed` owed) made in one piece. `exit`: the
   * exit half when it came apart from the entry (the ptrace engine's: its tail, result and -T stamps); else `c`.
   */
  callWhole(c: CallText, exit: CallText = c): string {
    const pid = c.pid;
    const p = this.printing;
    const known = this.personality.get(pid);
    if (
      this.status !== undefined ||
      this.marked ||
      this.o.dumps ||
      (p !== undefined && this.col.has(p)) ||
      this.stage.has(pid) ||
      (this.reprint.size > 0 && this.reprint.has(pid)) ||
      (known ?? this.lastPersonality) !== '64 bit'
    )
      return this.callEnter(c) + this.callExit(exit);
    this.starting = false;
    this.live.add(pid);
    // set once per thread, not again at each of its calls
    if (known === undefined) this.personality.set(pid, '64 bit');
    this.lastPersonality = '64 bit';
    const lead = this.prefix(pid) + this.contextPrefix(pid) + (this.time?.prefix(c.ts) ?? '');
    const width = lead.length + c.head.length + exit.tail.length;
    const pad = width < this.align ? ' '.repeat(this.align - width) : '';
    this.col.delete(pid);
    this.printing = undefined;
    return `${lead}${c.head}${exit.tail}${pad} = ${exit.result}${this.time?.duration(exit.tsExit - exit.ts) ?? ''}\n`;
  }

  /** The exit half of such a call: what format() prints for its exit event. */
  callExit(c: CallText): string {
    this.starting = false;
    this.out = '';
    this.live.add(c.pid);
    this.ended(c.pid, c.tsExit, c.name, c.failed, c, c.tsExit - c.ts);
    const out = this.out;
    this.out = '';
    return out;
  }

  /** strace's print_event_exit: the thread left the call without returning (`= ?`). */
  private lost(e: SyscallExit): void {
    this.entryArgs.delete(e.pid);
    const p = this.printing;
    if (!this.o.perProcess && p !== undefined && p !== e.pid && this.col.has(p)) {
      this.put(p, UNFINISHED);
    }
    this.resume(e.pid, e.ts, e.name);
    this.printing = e.pid;
    // died in the call before the arguments decoded at exit could be shown
    const tail = `${argsText(e.args, this.o)}${e.lostArgs ? ' <unfinished ...>' : ''})`;
    const width = (this.col.get(e.pid) ?? 0) + tail.length;
    const pad = width < this.align ? ' '.repeat(this.align - width) : '';
    this.put(e.pid, `${tail}${pad} = ?\n`);
    if (e.stack) this.put(e.pid, stackText(e.stack));
    this.release(e.pid, this.status?.has('unfinished') ?? true);
    this.lineEnded();
  }

  /**
   * A thread other than the leader exec'd and goes on as `pid` (strace's maybe_switch_tcbs): its open execve
   * line says so, the leader is dropped, and the execve's exit will say `resumed`.
   */
  private exec(oldPid: number, pid: number, ts: bigint): void {
    if (this.col.has(oldPid)) this.put(oldPid, ` <pid changed to ${pid} ...>\n`);
    // the text held back for the thread is the dropped leader's now
    this.release(oldPid, this.status?.has('detached') ?? true);
    this.col.delete(oldPid);
    this.col.delete(pid);
    if (this.printing === oldPid) this.printing = pid;
    else if (this.printing === pid) this.printing = undefined;
    const entry = this.entryArgs.get(oldPid);
    this.entryArgs.delete(oldPid);
    if (entry) this.entryArgs.set(pid, entry);
    this.live.delete(oldPid);
    if (!this.quietExecve) {
      this.leader(pid, ts, null);
      this.put(pid, `+++ superseded by execve in pid ${oldPid} +++\n`);
      this.lineEnded();
    }
    if (this.status) this.stage.set(pid, '');
    this.reprint.add(pid);
  }

  /** A thread is gone (strace's droptcb): text still held back goes out only when `detached` is selected. */
  private drop(pid: number): boolean {
    const publish = this.status?.has('detached') ?? true;
    this.release(pid, publish);
    this.reprint.delete(pid);
    this.entryArgs.delete(pid);
    this.lastNr.delete(pid);
    this.ips.delete(pid);
    this.comms.delete(pid);
    return publish;
  }

  /** A thread let go (Ctrl-C in attach mode): its open line ends as strace ends it. */
  private detached(pid: number): void {
    this.live.delete(pid);
    const publish = this.drop(pid);
    const open = this.col.has(pid) && (this.o.perProcess || this.printing === pid);
    if (open && publish) this.out += ' <detached ...>\n';
    this.col.delete(pid);
    if (this.printing === pid) this.printing = undefined;
  }

  private result(e: SyscallExit): string {
    if (e.ret === undefined) return '?';
    if (e.errno !== undefined) {
      const info = errnoByValue(e.errno);
      const name = info?.name ?? String(e.errno);
      const restart = name.startsWith('ERESTART');
      return `${restart ? '?' : '-1'} ${name} (${info?.message ?? 'Unknown error'})${tamperText(e)}`;
    }
    const detail = e.retDetail ? ` ${e.retDetail}` : '';
    const kind = pidResultKind(e.name);
    if (
      (this.comm || this.o.pidns) &&
      e.ret > 0n &&
      kind !== undefined &&
      (!e.retValue || e.retValue.k === 'int')
    )
      return `${this.pidResult(e.pid, e.name, Number(e.ret), kind)}${detail}${tamperText(e)}`;
    return `${e.retValue ? valueText(e.retValue, this.o) : String(e.ret)}${detail}${tamperText(e)}`;
  }

  /** -ff: this thread's output ends because it exec'd and now writes as `pid` (strace's `<pid changed to>`). */
  handOver(pid: number): string {
    this.out = '';
    const p = this.printing;
    if (p !== undefined && this.col.has(p)) this.put(p, ` <pid changed to ${pid} ...>\n`);
    for (const staged of [...this.stage.keys()]) this.release(staged, this.status?.has('detached') ?? true);
    this.printing = undefined;
    const out = this.out;
    this.out = '';
    return out;
  }

  /** Closes an open line at the end of output. */
  finish(): string {
    this.out = '';
    const p = this.printing;
    if (p !== undefined && this.col.has(p)) this.put(p, UNFINISHED);
    for (const staged of [...this.stage.keys()]) this.release(staged, this.status?.has('detached') ?? true);
    this.printing = undefined;
    const out = this.out;
    this.out = '';
    return out;
  }
}

/** strace's marks after the result of a call -e inject= tampered with. */
function tamperText(e: SyscallExit): string {
  const m = e.tamper;
  if (!m) return '';
  const injected =
    m.injected === undefined ? '' : m.injected === 'retval' ? ' (INJECTED)' : ` (INJECTED: ${m.injected})`;
  return `${injected}${m.delayed ? ' (DELAYED)' : ''}`;
}

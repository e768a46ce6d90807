// The one writer of vat's JSON Lines records (schema/trace-event.v1.schema.json): events in, record objects
// out, for a live trace (`--json`) and an imported strace log alike; recordLine() is their one line form, and
// addLine() writes a call's line without its record.
import { signatureFor } from '../decode/decode-call.js';
import { i386Signature } from '../decode/i386-signature.js';
import { type Call, CallJoiner, type ThreadGroups } from '../model/call.js';
import type { CallJsonExit, OpenCallJson } from '../model/call-json.js';
import type { StackFrame, TraceEvent } from '../model/events.js';
import type { Value } from '../model/value.js';
import { errnoByValue } from '../tables/errnos.js';
import { signalName } from '../tables/signals.js';
import type { Signature } from '../tables/signature.js';
import type { ByteWriter } from '../util/byte-writer.js';
import { type JsonValue, jsonInt, jsonValue } from './json-value.js';
import { jsonValueText } from './json-value-text.js';
import { jsonText, recordLine } from './json-writer.js';
import { OpenLiveCall, writeLiveLine } from './jsonl-live.js';
import { JSONL_SCHEMA_VERSION } from './jsonl-version.js';
import { stackJson } from './stack-json.js';

export { JSONL_SCHEMA_VERSION };

/** One JSON Lines record; ts and dur are bigint in memory (they exceed 2^53), other fields as in the schema. */
export interface TraceRecord {
  readonly v: number;
  readonly type: string;
  readonly pid: number;
  readonly tid: number;
  readonly ts: bigint;
  readonly dur?: bigint | undefined;
  readonly [key: string]: unknown;
}

export interface ArgRecord {
  readonly name: string;
  readonly raw: string | null;
  readonly value: JsonValue;
}

export interface RecordOptions {
  /**
   * The events come from an strace text log: values carry no kind (an fd prints as an int, a pointer as hex),
   * so the signature gives it; extra values are named `argN`; a duration is the exit's time minus the entry's
   * only when the log has time stamps (`timed`).
   */
  readonly fromLog?: { readonly timed: () => boolean };
}

/**
 * Events into records, the calls joined by the one CallJoiner (a syscall is one record, written at its exit);
 * the process of a thread comes from a port (/proc live, `[pid N]` and -ff names for a log).
 */
export class RecordMaker {
  private readonly joiner: CallJoiner;

  constructor(
    private readonly threads: ThreadGroups,
    private readonly options: RecordOptions = {},
  ) {
    // processes from the port, exits whose entry was not seen kept
    this.joiner = new CallJoiner({ pidOf: (tid) => threads.pidOf(tid), resumed: true });
  }

  private base(type: string, tid: number, ts: bigint): TraceRecord {
    return { v: JSONL_SCHEMA_VERSION, type, pid: this.threads.pidOf(tid), tid, ts };
  }

  /** Whether a call of the thread waits for its exit (an event of it would complete that call). */
  callOpen(tid: number): boolean {
    return this.joiner.isOpen(tid) || this.liveOpen.get(tid)?.open === true;
  }

  /**
   * Calls of the live path (their entry halves) by thread: one object per thread, reused by its next call, `open`
   * until its exit half; an open one is the joiner's open call for its thread. `opened` counts the open ones.
   */
  private readonly liveOpen = new Map<number, OpenLiveCall>();
  private opened = 0;

  /**
   * A call's entry half from the live path (engine/ptrace/live-json.ts): its line is written at its exit half
   * (callExitLine), or as a call that never returned when an event of its thread ends it, as the joiner would.
   */
  callEnterLine(
    tid: number,
    ts: bigint,
    nr: number,
    name: string,
    out: (line: string) => void,
  ): OpenCallJson {
    this.endLive(tid, undefined, out);
    const prev = this.joiner.close(tid);
    if (prev) out(this.syscallLine(prev));
    let slot = this.liveOpen.get(tid);
    if (slot === undefined) {
      slot = new OpenLiveCall(tid);
      this.liveOpen.set(tid, slot);
    }
    slot.start(tid, ts, nr, name);
    this.opened++;
    return slot;
  }

  /**
   * A live call's exit half: its line, fields as syscallLine() writes them, into `w`. Nothing when an event of its
   * thread already wrote it as a call that never returned.
   */
  callExitLine(h: OpenCallJson, x: CallJsonExit, w: ByteWriter): void {
    const c = h as OpenLiveCall;
    if (!c.open) return;
    c.open = false;
    this.opened--;
    writeLiveLine(w, this.joiner.pidOf(c.tid), c, x);
  }

  /** The thread's open live call written as one that never returned (`end`: the stamp of the exit that says so). */
  private endLive(tid: number, end: bigint | undefined, out: (line: string) => void): boolean {
    const c = this.liveOpen.get(tid);
    if (c === undefined || !c.open) return false;
    c.open = false;
    this.opened--;
    const open = syscallLineOpen({
      pid: this.joiner.pidOf(c.tid),
      tid: c.tid,
      ts: c.ts,
      dur: end === undefined ? undefined : end - c.ts,
      nr: c.nr,
      name: c.name,
      args: c.unfinishedArgs(),
      ret: undefined,
      retValue: undefined,
      retDetail: undefined,
      errno: undefined,
    });
    out(`${open}}`);
    return true;
  }

  /**
   * An event's effect on the open live calls, as the joiner's on its own: an entry, exit or end of the thread writes
   * its call as never returned, an exec moves it. True: the event was that call's exit (the tracer's `lost`), done.
   */
  private liveEvent(e: TraceEvent, out: (line: string) => void): boolean {
    switch (e.type) {
      case 'exit':
        return this.endLive(e.pid, e.ts, out);
      case 'enter':
      case 'exited':
      case 'detach':
        this.endLive(e.pid, undefined, out);
        return false;
      case 'exec': {
        // a non-leader thread's exec: its open call takes the leader's id; the leader's, if still open, never returned
        if (e.oldPid === e.pid) return false;
        this.endLive(e.pid, undefined, out);
        const c = this.liveOpen.get(e.oldPid);
        if (c?.open) {
          this.liveOpen.delete(e.oldPid);
          this.liveOpen.set(e.pid, c);
          c.tid = e.pid;
        }
        return false;
      }
      default:
        return false;
    }
  }

  /** The records one event completes (none for a syscall entry). */
  add(e: TraceEvent, out: (r: TraceRecord) => void): void {
    for (const call of this.joiner.add(e)) out(this.syscall(call));
    this.event(e, out);
  }

  /** The record of an event other than a syscall's entry or exit (those are joined into calls: syscall()). */
  private event(e: TraceEvent, out: (r: TraceRecord) => void): void {
    switch (e.type) {
      case 'enter':
      case 'exit':
        return;
      case 'signal':
        out({
          ...this.base('signal', e.pid, e.ts),
          signal: signalName(e.signo),
          signo: e.signo,
          siginfo: e.info ? jsonValue(e.info) : undefined,
          stack: e.stack ? stackJson(e.stack) : undefined,
        });
        return;
      case 'exited':
        out({
          ...this.base('exit', e.pid, e.ts),
          ...(e.signo === undefined
            ? { code: e.code ?? 0 }
            : { signal: signalName(e.signo), core: e.core === true }),
        });
        this.threads.forget?.(e.pid);
        return;
      case 'exec':
        out({ ...this.base('exec', e.pid, e.ts), old_tid: e.oldPid });
        return;
      case 'attach':
      case 'detach':
        if (e.launched) return; // the command vat started: a trace of it has no attach
        out(this.base(e.type, e.pid, e.ts));
        return;
      case 'lost':
        // no process: the engine counted records it could not write (pid and tid 0)
        out({ v: JSONL_SCHEMA_VERSION, type: 'lost', pid: 0, tid: 0, ts: e.ts, count: e.count });
        return;
    }
  }

  /** Calls still open at the end, written without a result. */
  finish(out: (r: TraceRecord) => void): void {
    for (const call of this.joiner.finish()) out(this.syscall(call));
  }

  /**
   * add() with each record as its line (recordLine's text): a call's line is written straight from the call,
   * without its record object and the JSON values of its arguments (vat import's and convert's hot path).
   */
  addLine(e: TraceEvent, out: (line: string) => void): void {
    if (this.opened > 0 && this.liveEvent(e, out)) return;
    // a thread that is gone needs no entry half kept for it (its call, if open, was written just now)
    if (this.liveOpen.size > 0 && (e.type === 'exited' || e.type === 'detach')) this.liveOpen.delete(e.pid);
    for (const call of this.joiner.add(e)) out(this.syscallLine(call));
    this.event(e, (r) => out(recordLine(r)));
  }

  /** finish() as lines. */
  finishLines(out: (line: string) => void): void {
    for (const call of this.joiner.finish()) out(this.syscallLine(call));
    for (const tid of [...this.liveOpen.keys()]) this.endLive(tid, undefined, out);
  }

  /** A joined call as its record; fields in the schema's order, undefined ones not written. */
  private syscall(call: Call): TraceRecord {
    const log = this.options.fromLog;
    const sig = callSignature(call);
    const values = call.args;
    const args: ArgRecord[] = [];
    const n = log ? Math.max(values.length, sig.args.length) : sig.args.length;
    for (let i = 0; i < n; i++) {
      const a = sig.args[i];
      const raw = call.raw[i];
      const v = argValue(values[i], a?.kind, log !== undefined);
      args.push({
        name: a?.name ?? `arg${i}`,
        raw: raw === undefined ? null : `0x${BigInt.asUintN(64, raw).toString(16)}`,
        value: v === undefined ? null : jsonValue(v),
      });
    }
    const errno = call.errno;
    const info = errno === undefined ? undefined : errnoByValue(errno);
    const retValue = retValueOf(call, sig, log !== undefined);
    // one literal (no spreads: once per call)
    return {
      v: JSONL_SCHEMA_VERSION,
      type: 'syscall',
      pid: call.pid,
      tid: call.tid,
      ts: call.ts,
      dur: durationOf(call, log),
      nr: call.nr,
      name: call.name,
      abi: call.abi,
      args,
      ret: call.ret === undefined ? null : jsonInt(call.ret),
      ret_value: retValue === undefined ? undefined : jsonValue(retValue),
      ret_detail: call.retDetail || undefined,
      injected: call.tamper?.injected || undefined,
      delayed: call.tamper?.delayed ? true : undefined,
      errno: info?.name ?? null,
      error: info?.message,
      unfinished: call.ret === undefined ? true : undefined,
      stack: call.stack ? stackJson(call.stack) : undefined,
    };
  }

  /** recordLine(this.syscall(call)), written field by field in the same order with the same omissions. */
  private syscallLine(call: Call): string {
    const log = this.options.fromLog;
    const sig = callSignature(call);
    const values = call.args;
    const n = log ? Math.max(values.length, sig.args.length) : sig.args.length;
    let args = '';
    for (let i = 0; i < n; i++) {
      const a = sig.args[i];
      const raw = call.raw[i];
      const v = argValue(values[i], a?.kind, log !== undefined);
      args += `${i === 0 ? '' : ','}{"name":${JSON.stringify(a?.name ?? `arg${i}`)},"raw":${raw === undefined ? 'null' : `"0x${BigInt.asUintN(64, raw).toString(16)}"`},"value":${v === undefined ? 'null' : jsonValueText(v)}}`;
    }
    const retValue = retValueOf(call, sig, log !== undefined);
    const open = syscallLineOpen({
      pid: call.pid,
      tid: call.tid,
      ts: call.ts,
      dur: durationOf(call, log),
      nr: call.nr,
      name: call.name,
      abi: call.abi,
      args,
      ret: call.ret,
      retValue: retValue === undefined ? undefined : jsonValueText(retValue),
      retDetail: call.retDetail,
      injected: call.tamper?.injected,
      delayed: call.tamper?.delayed,
      errno: call.errno,
    });
    return syscallLineClose(open, call.stack);
  }
}

/** A syscall record's fields for its line, the values already JSON text where they are trees. */
export interface SyscallLineParts {
  readonly pid: number;
  readonly tid: number;
  readonly ts: bigint;
  /** Written as given (a bigint or its digits); undefined: not written. */
  readonly dur: bigint | string | undefined;
  readonly nr: number | undefined;
  readonly name: string | undefined;
  readonly abi?: string | undefined;
  /** The `args` array's items, written. */
  readonly args: string;
  /** Written as given (a bigint or its digits); undefined: the call never returned (`"ret":null`, `"unfinished":true`). */
  readonly ret: bigint | string | undefined;
  /** `ret_value`, written. */
  readonly retValue: string | undefined;
  readonly retDetail: string | undefined;
  readonly injected?: string | undefined;
  readonly delayed?: boolean | undefined;
  readonly errno: number | undefined;
}

/**
 * The one writer of a syscall record's line (RecordMaker's calls and import/direct-line.ts's plain calls): fields
 * in the schema's order, those without a value left out, as recordLine() writes the record; without the closing
 * brace, which syscallLineClose() adds after a -k stack.
 */
export function syscallLineOpen(p: SyscallLineParts): string {
  let line = `{"v":${JSONL_SCHEMA_VERSION},"type":"syscall","pid":${jsonText(p.pid)},"tid":${jsonText(p.tid)},"ts":${p.ts}`;
  if (p.dur !== undefined) line += `,"dur":${p.dur}`;
  if (p.nr !== undefined) line += `,"nr":${jsonText(p.nr)}`;
  if (p.name !== undefined) line += `,"name":${quotedName(p.name)}`;
  if (p.abi !== undefined) line += `,"abi":${jsonText(p.abi)}`;
  line += `,"args":[${p.args}],"ret":${p.ret === undefined ? 'null' : p.ret}`;
  if (p.retValue !== undefined) line += `,"ret_value":${p.retValue}`;
  if (p.retDetail) line += `,"ret_detail":${jsonText(p.retDetail)}`;
  if (p.injected) line += `,"injected":${jsonText(p.injected)}`;
  if (p.delayed) line += ',"delayed":true';
  line += p.errno === undefined ? ',"errno":null' : errnoFields(p.errno);
  if (p.ret === undefined) line += ',"unfinished":true';
  return line;
}

/** Syscall names as JSON strings, each quoted once (a trace has a few dozen names and many lines). */
const quotedNames = new Map<string, string>();
function quotedName(name: string): string {
  let q = quotedNames.get(name);
  if (q === undefined) {
    q = jsonText(name);
    if (quotedNames.size < 4096) quotedNames.set(name, q);
  }
  return q;
}

/** `,"errno":"ENOENT","error":"No such file or directory"` per errno number, written once. */
const errnoTexts = new Map<number, string>();
function errnoFields(errno: number): string {
  let text = errnoTexts.get(errno);
  if (text === undefined) {
    const info = errnoByValue(errno);
    text = `,"errno":${info === undefined ? 'null' : jsonText(info.name)}`;
    if (info?.message !== undefined) text += `,"error":${jsonText(info.message)}`;
    errnoTexts.set(errno, text);
  }
  return text;
}

/** syscallLineOpen's text closed, with the call's -k stack when it has one. */
export const syscallLineClose = (open: string, stack: readonly StackFrame[] | undefined): string =>
  stack ? `${open},"stack":${jsonText(stackJson(stack))}}` : `${open}}`;

/** What durationOf, argValue and retValueOf decide for syscall() and syscallLine() alike. */
type FromLog = RecordOptions['fromLog'];

/** The call's duration: the exit's time minus the entry's, or a log's own `<secs>` (undefined: not written). */
function durationOf(call: Call, log: FromLog): bigint | undefined {
  if (log)
    return call.duration !== undefined
      ? call.duration
      : call.end !== undefined && !call.resumed && log.timed() && call.end >= call.ts
        ? call.end - call.ts
        : undefined;
  return call.end !== undefined && !call.resumed ? call.end - call.ts : undefined;
}

/** An argument's value as written (undefined: null), kinded by the signature when it comes from a log. */
function argValue(v: Value | undefined, kind: string | undefined, log: boolean): Value | undefined {
  if (v === undefined || v.k === 'none') return undefined;
  return log && kind !== undefined ? asKind(v, kind) : v;
}

/** The return value's display form, written only for a call that did not fail. */
function retValueOf(call: Call, sig: Signature, log: boolean): Value | undefined {
  if (!call.retValue || call.errno !== undefined) return undefined;
  return log && sig.ret === 'fd' ? asKind(call.retValue, 'fd') : call.retValue;
}

/** The signature a call's arguments are named and kinded by (its ABI's: i386 calls have their own). */
export const callSignature = (call: Pick<Call, 'name' | 'abi'>): Signature =>
  call.abi === 'i386' ? (i386Signature(call.name) ?? signatureFor('')) : signatureFor(call.name);

/** strace prints an fd and an int alike, a pointer and a hex number alike: the signature tells which it is. */
export function asKind(v: Value, kind: string): Value {
  if (v.k === 'int' && (kind === 'fd' || kind === 'dirfd')) return { k: 'fd', fd: Number(v.v) };
  if (v.k === 'hex' && kind === 'ptr') return { k: 'ptr', v: BigInt(v.v) };
  return v;
}

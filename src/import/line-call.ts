// A plain call line of an strace log as the analyses read it: a joined Call made straight from the line
// (import/plain-line.ts read it once), with no events and no join, whose arguments are parsed only when asked
// for, one at a time (argOf): the analyses read a path, an fd or flags of most calls, not statx's buffer or
// getdents64's entries. Lines of other kinds (unfinished/resumed, forks, exec, signals, a new thread) go the
// general way: StraceEvents, then the CallJoiner. Both give the same Call (test/import/line-call.test.ts).

import { asKind } from '../format/jsonl-record.js';
import type { Call } from '../model/call.js';
import type { StackFrame } from '../model/events.js';
import { NONE, type Value } from '../model/value.js';
import type { PlainLineScanner } from './plain-line.js';
import { PlainLineReader } from './plain-line-reader.js';
import type { FileClock, StraceEvents } from './strace-log.js';
import { argAt } from './strace-values.js';

const NO_RAW: readonly bigint[] = [];

/** A call read from its line; its arguments are read from the line on first use. */
export class LineCall implements Call {
  readonly type = 'syscall';
  readonly raw = NO_RAW;
  /** Set when the call is handed on: -k's stack lines after it, -T's or the time stamps' duration. */
  stack: readonly StackFrame[] | undefined;
  duration: bigint | undefined;
  readonly end: bigint;
  readonly ret: bigint;
  readonly errno: number | undefined;
  readonly retValue: Value | undefined;
  readonly retDetail: string | undefined;
  /** How many arguments the call has: the line's, at least its signature's. */
  readonly argCount: number;
  /** The arguments read so far (made on the first one asked for). */
  private values: (Value | undefined)[] | undefined;

  constructor(
    readonly pid: number,
    readonly tid: number,
    readonly nr: number,
    readonly name: string,
    readonly ts: bigint,
    /** -T's duration, when the line has it. */
    readonly lineDuration: bigint | undefined,
    l: PlainLineScanner,
    /** The line without -T's duration, and where its arguments are. */
    private readonly text: string,
    private readonly starts: readonly number[],
    private readonly argsEnd: number,
    private readonly kinds: readonly string[],
    /** Arguments the scanner already gave to the general parser, when there were any. */
    private readonly parsed: readonly (Value | undefined)[] | undefined,
  ) {
    this.end = ts + (lineDuration ?? 0n);
    const r = l.result;
    this.ret = r.ret as bigint;
    this.errno = r.errno;
    this.retValue = r.retValue;
    this.retDetail = r.retDetail;
    this.argCount = Math.max(starts.length, kinds.length);
  }

  /** Argument i, its signature's kind applied (an fd, a pointer), NONE past the line's; undefined past the call's. */
  arg(i: number): Value | undefined {
    if (i >= this.argCount) return undefined;
    this.values ??= new Array(this.argCount);
    let v = this.values[i];
    if (v === undefined) {
      if (i < this.starts.length) {
        v = this.parsed?.[i] ?? argAt(this.text, this.starts[i] as number).value;
        const kind = this.kinds[i];
        if (kind !== undefined) v = asKind(v, kind);
      } else v = NONE;
      this.values[i] = v;
    }
    return v;
  }

  /**
   * The arguments as the line has them, `, ` between them, '' for those it did not print: what strace-values.ts
   * reads prints back as the same text, so this tells calls apart as their values do, without reading them.
   */
  argsText(): string {
    const n = this.starts.length;
    let t = n === 0 ? '' : this.text.slice(this.starts[0] as number, this.argsEnd);
    for (let i = n; i < this.argCount; i++) if (i > 0) t += ', ';
    return t;
  }

  /** Every argument (all are read). */
  get args(): readonly Value[] {
    for (let i = 0; i < this.argCount; i++) this.arg(i);
    return (this.values ?? []) as Value[];
  }
}

/** Argument i of a call: a line's call reads only that one. */
export const argOf = (c: Call, i: number): Value | undefined =>
  c instanceof LineCall ? c.arg(i) : c.args[i];

/** How many arguments a call has, without reading them. */
export const argCount = (c: Call): number => (c instanceof LineCall ? c.argCount : c.args.length);

/** Plain call lines into LineCalls, held by the importer (for -k's stack lines) as a call's exit is. */
export class LineCalls extends PlainLineReader {
  /** `callOpen`: whether the joiner has a call of the thread open (then its line goes the general way). */
  constructor(importer: StraceEvents, callOpen: (tid: number) => boolean) {
    super(false, importer, callOpen);
  }

  /** Takes one line when it is a plain call read here; false (nothing read, nothing changed) for the general path. */
  line(s: string, clock: FileClock, filePid: number | undefined): boolean {
    const l = this.scanner;
    const importer = this.importer;
    const taken = this.take(s, clock, filePid);
    if (taken === undefined) return false;
    const { tid, ts } = taken;
    const n = l.count;
    let parsed: (Value | undefined)[] | undefined;
    for (let i = 0; i < n; i++)
      if (l.parsed[i] !== undefined) {
        parsed = l.parsed.slice(0, n);
        break;
      }
    const call = new LineCall(
      importer.tgidOf(tid),
      tid,
      l.info.nr,
      l.name,
      ts,
      l.dur,
      l,
      l.body,
      l.starts.slice(0, n),
      l.argsEnd,
      l.info.kinds,
      parsed,
    );
    importer.holdDirect(call);
    return true;
  }
}

/**
 * The call as the general path hands it on when the importer lets it go: with the stack lines after it, and the
 * duration the log tells (-T's, else 0 when the log has time stamps: its exit is its entry).
 */
export function handedOn(c: LineCall, stack: readonly StackFrame[] | undefined, timed: boolean): LineCall {
  if (stack !== undefined) c.stack = stack;
  c.duration = c.lineDuration ?? (timed ? 0n : undefined);
  return c;
}

// One line of an strace log: the pid prefix, time columns, and the body (a call, a resumed call, a signal, an
// exit), parsed without context. strace-log.ts turns the lines into events.

import type { StackFrame } from '../model/events.js';
import type { Value } from '../model/value.js';
import { valueText } from '../model/value-text.js';
import { errnoByName } from '../tables/errnos.js';
import { signalByName } from '../tables/signals.js';
import { parseArgs, parseOneValue, wordValue } from './strace-values.js';

/** How a call's text ended. */
export type CallEnd =
  /** `) = result` */
  | 'returned'
  /** ` <unfinished ...>`: the exit comes on a later `<... name resumed>` line */
  | 'unfinished'
  /** ` <unfinished ...>) = ?`: the thread died in the call */
  | 'lost'
  /** ` <detached ...>` */
  | 'detached'
  /** ` <pid changed to N ...>`: a non-leader thread exec'd */
  | 'pid-changed';

export interface Result {
  /** undefined for `= ?`. */
  readonly ret: bigint | undefined;
  readonly errno?: number | undefined;
  readonly retValue?: Value | undefined;
  readonly retDetail?: string | undefined;
}

export interface TimeFields {
  /** -t/-tt/-ttt: the clock text's parts. */
  readonly clock?: {
    readonly unix: boolean;
    readonly seconds: number;
    readonly nanos: number;
    readonly digits: number;
  };
  /** -r: seconds and nanoseconds since the previous line. */
  readonly relative?: { readonly nanos: bigint; readonly digits: number };
}

interface Common {
  /** The pid prefix, when the line has one. */
  readonly pid: number | undefined;
  readonly pidStyle: 'plain' | 'bracket' | 'none';
  readonly time: TimeFields;
}

export type StraceLine =
  | (Common & {
      readonly kind: 'call' | 'resumed';
      readonly name: string;
      readonly args: Value[];
      /** The text ended with `, ` before ` <unfinished ...>`: more arguments come at exit. */
      readonly more: boolean;
      readonly end: CallEnd;
      readonly result?: Result | undefined;
      /** -T, nanoseconds, with its digits. */
      readonly duration?: { readonly nanos: bigint; readonly digits: number } | undefined;
      /** ` <pid changed to N ...>` */
      readonly newPid?: number | undefined;
    })
  | (Common & {
      readonly kind: 'signal';
      readonly signo: number;
      readonly info?: Value;
      readonly stopped: boolean;
    })
  | (Common & {
      readonly kind: 'exited';
      readonly code?: number;
      readonly signo?: number;
      readonly core?: boolean;
    })
  | (Common & { readonly kind: 'superseded'; readonly oldPid: number })
  | (Common & { readonly kind: 'attach' | 'detach' })
  /** strace's own messages (`strace: ...`) that carry no event. */
  | (Common & { readonly kind: 'note' })
  /** -k: one frame of the stack printed after the line before (` > libc.so.6(__write+0x10) [0xf8350]`). */
  | (Common & { readonly kind: 'frame'; readonly frame: StackFrame });

/** pid_max can be at most 2^22: a larger leading number is a -ttt time stamp in whole seconds. */
const PID_MAX = 4_194_304;

const BILLION = 1_000_000_000n;
/** The first 9 digits of a fraction as nanoseconds (`5` is 500000000), digit by digit: once per line. */
const fracNanos = (digits: string): number => {
  let n = 0;
  for (let i = 0; i < 9; i++) n = n * 10 + (i < digits.length ? digits.charCodeAt(i) - 0x30 : 0);
  return n;
};

const NAME = /^([A-Za-z0-9_?]+)\(/;
const RESUMED = /^<\.\.\. ([A-Za-z0-9_?]+) resumed>/;
const CLOCK = /^(\d\d):(\d\d):(\d\d)(?:\.(\d+))? /;
const UNIX = /^(\d+)(?:\.(\d+))? /;
const RELATIVE = /^\(\+ *(\d+)\.(\d+)\) /;
const RELATIVE_ALONE = /^ *(\d+)\.(\d+) /;
const DURATION = / <(\d+)\.(\d+)>$/;

/** Parses one line; undefined when it is not strace's. */
export function parseStraceLine(line: string): StraceLine | undefined {
  if (line.startsWith(' > ')) return parseFrame(line);
  let s = line;
  let pid: number | undefined;
  let pidStyle: 'plain' | 'bracket' | 'none' = 'none';
  // prefix: `[pid  1234] ` (stderr output) or `1234  ` (-o with -f)
  if (s.startsWith('[pid ')) {
    const close = s.indexOf('] ');
    if (close < 0) return undefined;
    pid = Number(s.slice(5, close).trim());
    pidStyle = 'bracket';
    if (!Number.isInteger(pid)) return undefined;
    s = s.slice(close + 2);
  } else {
    const m = /^(\d+) +/.exec(s);
    if (m && Number(m[1]) <= PID_MAX && !/^\d\d:\d\d:/.test(s)) {
      pid = Number(m[1]);
      pidStyle = 'plain';
      s = s.slice(m[0].length);
    }
  }
  const time: { clock?: TimeFields['clock']; relative?: TimeFields['relative'] } = {};
  let m = CLOCK.exec(s);
  if (m) {
    const seconds = Number(m[1]) * 3600 + Number(m[2]) * 60 + Number(m[3]);
    time.clock = { unix: false, seconds, nanos: m[4] ? fracNanos(m[4]) : 0, digits: m[4]?.length ?? 0 };
    s = s.slice(m[0].length);
  } else {
    const u = UNIX.exec(s);
    if (u && (u[1] as string).length >= 9) {
      time.clock = {
        unix: true,
        seconds: Number(u[1]),
        nanos: u[2] ? fracNanos(u[2]) : 0,
        digits: u[2]?.length ?? 0,
      };
      s = s.slice(u[0].length);
    }
  }
  m = (time.clock ? RELATIVE : RELATIVE_ALONE).exec(s);
  if (m) {
    const frac = m[2] as string;
    time.relative = {
      nanos: BigInt(m[1] as string) * BILLION + BigInt(fracNanos(frac)),
      digits: frac.length,
    };
    s = s.slice(m[0].length);
  }
  const common = { pid, pidStyle, time };
  if (s.startsWith('--- ')) return signalLine(s, common);
  if (s.startsWith('+++ ')) return exitLine(s, common);
  if (s.startsWith('strace: ') || s.startsWith('vat: ')) return noteLine(s, common);
  m = RESUMED.exec(s);
  if (m) return callLine(s, m[0].length, 'resumed', m[1] as string, common);
  m = NAME.exec(s);
  if (m) return callLine(s, m[0].length, 'call', m[1] as string, common);
  return undefined;
}

function signalLine(s: string, common: Common): StraceLine | undefined {
  if (!s.endsWith(' ---')) return undefined;
  const body = s.slice(4, -4);
  if (body.startsWith('stopped by ')) {
    const sig = signalByName(body.slice(11));
    return sig ? { ...common, kind: 'signal', signo: sig.value, stopped: true } : undefined;
  }
  const sp = body.indexOf(' ');
  const sig = signalByName(sp < 0 ? body : body.slice(0, sp));
  if (!sig) return undefined;
  const info = sp < 0 ? undefined : parseOneValue(body, sp + 1);
  return { ...common, kind: 'signal', signo: sig.value, stopped: false, ...(info ? { info } : {}) };
}

function exitLine(s: string, common: Common): StraceLine | undefined {
  let m = /^\+\+\+ exited with (-?\d+) \+\+\+$/.exec(s);
  if (m) return { ...common, kind: 'exited', code: Number(m[1]) };
  m = /^\+\+\+ killed by (SIG[A-Z0-9_]+)( \(core dumped\))? \+\+\+$/.exec(s);
  if (m) {
    const sig = signalByName(m[1] as string);
    return sig ? { ...common, kind: 'exited', signo: sig.value, core: m[2] !== undefined } : undefined;
  }
  m = /^\+\+\+ superseded by execve in pid (\d+) \+\+\+$/.exec(s);
  if (m) return { ...common, kind: 'superseded', oldPid: Number(m[1]) };
  return undefined;
}

function noteLine(s: string, common: Common): StraceLine {
  const m = /^(?:strace|vat): Process (\d+) (attached|detached)/.exec(s);
  if (m) return { ...common, pid: Number(m[1]), kind: m[2] === 'attached' ? 'attach' : 'detach' };
  return { ...common, kind: 'note' };
}

function callLine(
  line: string,
  from: number,
  kind: 'call' | 'resumed',
  name: string,
  common: Common,
): StraceLine | undefined {
  let s = line;
  let duration: { nanos: bigint; digits: number } | undefined;
  // the only place ` <d.d>` can start is the last ` <` (its digits hold none): no scan of the whole line
  const d = s.endsWith('>') ? DURATION.exec(s.slice(s.lastIndexOf(' <'))) : null;
  if (d) {
    const frac = d[2] as string;
    duration = { nanos: BigInt(d[1] as string) * BILLION + BigInt(fracNanos(frac)), digits: frac.length };
    s = s.slice(0, s.length - d[0].length);
  }
  // `<... clone resumed>, child_tidptr=...)`: strace ended the entry without the separator
  const leadingComma = kind === 'resumed' && s.startsWith(', ', from);
  const { values, end, trailingComma } = parseArgs(s, leadingComma ? from + 2 : from);
  const first = values[0];
  if (leadingComma && first) values[0] = { k: 'text', text: `, ${valueText(first, { xflag: 0 })}` };
  const rest = s.slice(end);
  // one object shape for every call line (no spreads: this runs once per line)
  const out: {
    pid: number | undefined;
    pidStyle: Common['pidStyle'];
    time: TimeFields;
    kind: 'call' | 'resumed';
    name: string;
    args: Value[];
    more: boolean;
    end: CallEnd;
    result: Result | undefined;
    duration: { readonly nanos: bigint; readonly digits: number } | undefined;
    newPid: number | undefined;
  } = {
    pid: common.pid,
    pidStyle: common.pidStyle,
    time: common.time,
    kind,
    name,
    args: values,
    more: trailingComma,
    end: 'returned',
    result: undefined,
    duration: undefined,
    newPid: undefined,
  };
  if (rest.charCodeAt(0) === 0x20) {
    if (rest === ' <unfinished ...>') {
      out.end = 'unfinished';
      return out;
    }
    if (rest === ' <detached ...>') {
      out.end = 'detached';
      return out;
    }
    const pc = /^ <pid changed to (\d+) \.\.\.>$/.exec(rest);
    if (pc) {
      out.end = 'pid-changed';
      out.newPid = Number(pc[1]);
      return out;
    }
  }
  let close = rest;
  if (close.startsWith(' <unfinished ...>)')) {
    out.end = 'lost';
    close = close.slice(' <unfinished ...>'.length);
  }
  if (close.charCodeAt(0) !== 0x29) return undefined;
  let i = 1;
  while (close.charCodeAt(i) === 0x20) i++;
  if (close.charCodeAt(i) !== 0x3d || close.charCodeAt(i + 1) !== 0x20) return undefined;
  const result = parseResult(close.slice(i + 2));
  if (!result) return undefined;
  out.result = result;
  out.duration = duration;
  return out;
}

const ERRNO_RESULT = /^(-1|\?) (E[A-Z0-9_]+) \((.*)\)$/;

/** `0`, `-1 ENOENT (No such file or directory)`, `? ERESTARTSYS (...)`, `0x7f...`, `3</path>`, `1 (in [3])`. */
export function parseResult(text: string): Result | undefined {
  if (text === '?') return { ret: undefined };
  if (text.charCodeAt(0) === 0x2d || text.charCodeAt(0) === 0x3f) {
    const m = ERRNO_RESULT.exec(text);
    if (m) {
      const info = errnoByName(m[2] as string);
      if (!info) return undefined;
      return { ret: BigInt(-info.value), errno: info.value };
    }
  }
  // the value runs to the first space outside an fd's <path>
  let end: number;
  const lt = text.indexOf('<');
  const sp = text.indexOf(' ');
  if (lt >= 0 && (sp < 0 || lt < sp)) {
    const gt = text.indexOf('>', lt);
    end = gt < 0 ? -1 : gt + 1;
    // a path may contain `> `-free spaces: take the last `>` before ` (` or the end
    const paren = text.lastIndexOf('> (');
    if (paren > gt) end = paren + 1;
    else if (text.endsWith('>')) end = text.length;
  } else end = sp < 0 ? text.length : sp;
  if (end < 0) return undefined;
  const word = text.slice(0, end);
  const detail = text.slice(end);
  if (detail !== '' && !(detail.startsWith(' (') && detail.endsWith(')'))) return undefined;
  const value = word.includes('<') ? parseOneValue(word) : wordValue(word);
  let ret: bigint;
  switch (value.k) {
    case 'int':
    case 'hex':
      ret = BigInt(value.v);
      break;
    case 'oct':
      ret = BigInt(value.v);
      break;
    case 'fd':
      ret = BigInt(value.fd);
      break;
    default:
      return undefined;
  }
  return { ret, retValue: value, retDetail: detail ? detail.slice(1) : undefined };
}

const FRAME_SYMBOL = /^ > (.*?)\((.*)\+0x([0-9a-f]+)\) \[0x([0-9a-f]+)\]$/;
const FRAME_BARE = /^ > (.*)\(\) \[0x([0-9a-f]+)\]$/;
const FRAME_ERROR = /^ > ([^[]*?)(?: \[0x([0-9a-f]+)\])?$/;

/** A -k stack line: `module(symbol+0xoff) [0xaddr]`, `module() [0xaddr]` or `error [0xaddr]`. */
function parseFrame(line: string): StraceLine | undefined {
  const common = { pid: undefined, pidStyle: 'none' as const, time: {} };
  const hex = (h: string | undefined): number => (h === undefined ? 0 : Number.parseInt(h, 16));
  let m = FRAME_SYMBOL.exec(line);
  if (m)
    return {
      ...common,
      kind: 'frame',
      frame: { module: m[1] as string, symbol: m[2] as string, offset: hex(m[3]), address: hex(m[4]) },
    };
  m = FRAME_BARE.exec(line);
  if (m) return { ...common, kind: 'frame', frame: { module: m[1] as string, address: hex(m[2]) } };
  m = FRAME_ERROR.exec(line);
  if (m && m[1] !== '')
    return { ...common, kind: 'frame', frame: { error: m[1] as string, address: hex(m[2]) } };
  return undefined;
}

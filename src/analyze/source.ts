// Where analyses get their events: a JSON Lines trace (`vat --json`), a live run (`-- CMD`) or an attach (`-p PID`).
// Every source becomes the same records: the JSON Lines shape, with exact integers for ts, dur and ret.
import { accessSync, constants, statSync } from 'node:fs';
import type { TraceOutcome } from '../engine/engine.js';
import { UsageError, VatError } from '../errors.js';
import type { JsonValue } from '../format/json-value.js';
import type { TraceRecord } from '../format/jsonl-record.js';
import { LineSource } from '../import/input.js';
import { isRecord, parseJsonlRecord, readJsonl } from '../import/jsonl-read.js';
import { EMPTY_TRACE, openInputs, records } from '../import/pipeline.js';
import { procExists } from '../sys/procfs.js';

export interface ArgRec {
  readonly name: string;
  readonly raw: string | null;
  readonly value: JsonValue;
}

interface RecBase {
  readonly pid: number;
  readonly tid: number;
  readonly ts: bigint;
}

export interface SyscallRec extends RecBase {
  readonly type: 'syscall';
  readonly name: string;
  readonly args: readonly ArgRec[];
  readonly dur?: bigint;
  /** null: the call never returned (exit_group, a call still blocked at detach). */
  readonly ret: bigint | null;
  readonly errno: string | null;
  readonly unfinished?: boolean;
  readonly ret_value?: JsonValue;
}

interface SignalRec extends RecBase {
  readonly type: 'signal';
  readonly signal: string;
  readonly signo: number;
  readonly siginfo?: JsonValue;
}

interface ExitRec extends RecBase {
  readonly type: 'exit';
  readonly code?: number;
  readonly signal?: string;
  readonly core?: boolean;
}

interface NoticeRec extends RecBase {
  readonly type: 'exec' | 'attach' | 'detach' | 'lost';
}

export type Rec = SyscallRec | SignalRec | ExitRec | NoticeRec;

export interface Trace {
  /** What was analysed: a file name, `live: CMD`, `pid N`. */
  readonly source: string;
  /**
   * Visits every record in order. A file is streamed from disk on each call (memory stays flat whatever its
   * size); analyses keep only bounded state.
   */
  readonly each: (visit: (r: Rec) => void) => Promise<void>;
  /** A live run's outcome (exit status of the launched command). */
  readonly outcome?: TraceOutcome;
}

/**
 * A record (from the one JSON Lines reader, the importer, or a live run) as the analyses read it: ret a bigint
 * or null, errno a name or null; undefined when a syscall record has no name or arguments.
 */
export function recOf(r: TraceRecord): Rec | undefined {
  if (r.type !== 'syscall') return r as unknown as Rec;
  if (typeof r.name !== 'string' || !Array.isArray(r.args)) return undefined;
  const ret = typeof r.ret === 'number' || typeof r.ret === 'bigint' ? BigInt(r.ret) : null;
  return { ...r, ret, errno: typeof r.errno === 'string' ? r.errno : null } as unknown as Rec;
}

/** One JSON Lines record as the analyses read it; undefined when the line is not one of ours. */
function parseRecord(line: string): Rec | undefined {
  const r = parseJsonlRecord(line);
  return isRecord(r) ? recOf(r) : undefined;
}

/**
 * A `vat --json` trace or an strace log (-f, -tt, -T... as the importer reads them), told apart by the first
 * non-empty line; read line by line on each pass. What cannot be read at all fails here, with one line.
 */
export async function readTrace(path: string, command: string): Promise<Trace> {
  try {
    if (statSync(path).isDirectory()) throw new UsageError(`${path}: is a directory, not a trace`);
    accessSync(path, constants.R_OK);
  } catch (err) {
    if (err instanceof VatError) throw err;
    const code = (err as NodeJS.ErrnoException).code ?? 'error';
    throw new UsageError(`cannot read trace '${path}': ${code === 'ENOENT' ? 'no such file' : code}`);
  }
  const src = new LineSource(path);
  const first = await src.first();
  src.close();
  if (first === undefined) throw new UsageError(`${path}: ${EMPTY_TRACE}`);
  const strace = parseRecord(first) === undefined && looksLikeStraceLog(first);
  return {
    source: path,
    each: (visit) =>
      strace ? eachStraceRecord(path, command, visit) : eachJsonlRecord(path, command, visit),
  };
}

/** The records of a `vat --json` trace, through the one reader (a cut last line ends it with a warning). */
async function eachJsonlRecord(path: string, command: string, visit: (r: Rec) => void): Promise<void> {
  const src = new LineSource(path);
  let count = 0;
  try {
    await readJsonl(src, { command }, (r) => {
      const rec = recOf(r);
      if (!rec) throw new UsageError(`${command}: ${path}: line ${src.lineNo}: not a vat trace event`);
      count++;
      visit(rec);
    });
  } finally {
    src.close();
  }
  if (count === 0) throw new UsageError(`${path}: ${EMPTY_TRACE}`);
}

/** An strace text log through the importer (src/import), as the same records `vat --json` writes. */
async function eachStraceRecord(path: string, command: string, visit: (r: Rec) => void): Promise<void> {
  // the importer's messages name the command that reads (`vat: files: line 3: cannot parse`)
  const inputs = await openInputs(command, [path]);
  let count = 0;
  try {
    await records(inputs, { command }, (r) => {
      const rec = recOf(r);
      if (!rec) return;
      count++;
      visit(rec);
    });
  } finally {
    for (const src of inputs.sources) src.close();
  }
  if (count === 0) throw new UsageError(`${path}: ${EMPTY_TRACE}`);
}

const looksLikeStraceLog = (line: string): boolean =>
  /^(\[pid\s+\d+\]\s+|\d+\s+)?([\d:.]+\s+)?([a-z_0-9]+\(|\+\+\+ |--- )/.test(line);

/** A pid that does not exist is one clear line, exit status 2. */
export function checkPid(pid: number): void {
  if (!procExists(pid)) throw new UsageError(`no such process: ${pid}`);
}

export function parsePid(text: string): number {
  if (!/^\d+$/.test(text) || Number(text) <= 0) throw new UsageError(`invalid process id: '${text}'`);
  if (Number(text) === process.pid) throw new UsageError('cannot analyse vat itself');
  return Number(text);
}

/** `2s`, `500ms`, `1.5` (seconds) into milliseconds. */
export function parseDuration(text: string): number {
  const m = /^(\d+(?:\.\d+)?)(ms|s|m)?$/.exec(text);
  if (!m) throw new UsageError(`invalid duration '${text}' (use 2s, 500ms, 1m)`);
  const n = Number(m[1]);
  return m[2] === 'ms' ? n : m[2] === 'm' ? n * 60_000 : n * 1000;
}

// ---- reading values ------------------------------------------------------------------------------------

const SIMPLE_ESC: Record<string, number> = { n: 10, t: 9, r: 13, v: 11, f: 12, '\\': 92, '"': 34 };

/** strace's escapes (`\n`, `\33`, `\x1b`) back into the bytes they stand for, as UTF-8 text. */
export function unescapeText(s: string): string {
  if (!s.includes('\\')) return s;
  const bytes: number[] = [];
  for (let i = 0; i < s.length; i++) {
    const c = s[i] as string;
    if (c !== '\\') {
      for (const b of Buffer.from(c, 'utf8')) bytes.push(b);
      continue;
    }
    const n = s[i + 1] ?? '';
    if (n in SIMPLE_ESC) {
      bytes.push(SIMPLE_ESC[n] as number);
      i++;
    } else if (n === 'x') {
      bytes.push(Number.parseInt(s.slice(i + 2, i + 4), 16));
      i += 3;
    } else {
      const oct = /^[0-7]{1,3}/.exec(s.slice(i + 1))?.[0];
      if (oct) {
        bytes.push(Number.parseInt(oct, 8));
        i += oct.length;
      } else bytes.push(92);
    }
  }
  return Buffer.from(bytes).toString('utf8');
}

export const argOf = (r: SyscallRec, name: string): ArgRec | undefined => r.args.find((a) => a.name === name);

/** A string argument's text (unescaped), undefined when it is not a string. */
export function strOf(v: JsonValue | undefined): string | undefined {
  if (v && typeof v === 'object' && !Array.isArray(v) && typeof v.str === 'string')
    return unescapeText(v.str);
  return undefined;
}

/** An fd argument or return value: `{fd: 3}` or a plain integer. */
export function fdOf(v: JsonValue | undefined): number | undefined {
  if (typeof v === 'number') return v;
  if (v && typeof v === 'object' && !Array.isArray(v) && typeof v.fd === 'number') return v.fd;
  return undefined;
}

/** Argument i as an fd: the decoded value, else the raw register (imported logs have no raw values). */
export function fdArgOf(r: SyscallRec, i: number): number | undefined {
  const a = r.args[i];
  const v = fdOf(a?.value);
  if (v !== undefined) return v;
  return a?.raw ? Number(BigInt.asIntN(32, BigInt(a.raw))) : undefined;
}

/** The path -y attached to an fd value, when the trace has one. */
export function fdPathOf(v: JsonValue | undefined): string | undefined {
  if (v && typeof v === 'object' && !Array.isArray(v) && typeof v.path === 'string') return v.path;
  return undefined;
}

/** Symbolic text of a value (`O_RDONLY|O_CLOEXEC`), searching through wrappers. */
export function symOf(v: JsonValue | undefined): string | undefined {
  if (!v || typeof v !== 'object' || Array.isArray(v)) return undefined;
  if (typeof v.sym === 'string') return v.sym;
  if ('value' in v) return symOf(v.value);
  return undefined;
}

export const isSyscall = (r: Rec): r is SyscallRec => r.type === 'syscall';

/** Seconds with 3 significant decimals for people: `12.3 ms`, `1.20 s`, `350 µs`. */
export function humanNs(ns: bigint | number): string {
  const n = Number(ns);
  if (n >= 1e9) return `${(n / 1e9).toFixed(2)} s`;
  if (n >= 1e6) return `${(n / 1e6).toFixed(1)} ms`;
  if (n >= 1e3) return `${(n / 1e3).toFixed(0)} µs`;
  return `${n} ns`;
}

/** A short one-line text of a string for reports: escapes kept, cut at `max`. */
export function shortText(s: string, max = 60): string {
  const t = JSON.stringify(s).slice(1, -1);
  return t.length > max ? `${t.slice(0, max)}...` : t;
}

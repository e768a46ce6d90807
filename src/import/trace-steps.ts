// A recorded trace as the analyses and security read it: a JSON Lines trace (`vat --json`) or an strace log
// (-ff's FILE.PID files together), and a live run's calls alike. Every source becomes the same stream of Steps:
// joined Calls (model/call.ts) and the other events with their process, read one at a time (nothing of the
// trace is kept here).
import { accessSync, constants, statSync } from 'node:fs';
import type { TraceOutcome } from '../engine/engine.js';
import { UsageError, VatError } from '../errors.js';
import { asKind, callSignature } from '../format/jsonl-record.js';
import { type Call, CallJoiner } from '../model/call.js';
import type { SyscallEnter, SyscallExit, TraceEvent } from '../model/events.js';
import { NONE, type Value } from '../model/value.js';
import { isRecord, parseJsonlRecord, readJsonl } from './jsonl-read.js';
import { handedOn, LineCall, LineCalls } from './line-call.js';
import { LineSource } from './line-source.js';
import { EMPTY_TRACE, openInputs, straceEvents } from './pipeline.js';
import { callOfRecord, eventsOfRecord } from './records.js';

/** An event other than a syscall's entry or exit (those come joined, as Calls). */
export type OtherEvent = Exclude<TraceEvent, SyscallEnter | SyscallExit>;

/** Such an event with the process (thread group) of its thread: `pid`; the thread is `event.pid`. */
export interface Happening {
  readonly type: 'event';
  readonly pid: number;
  readonly event: OtherEvent;
}

/**
 * One step of a trace as the analyses read it. A Call has as many arguments as `vat --json` writes for it (its
 * signature's, and an imported log's extra ones), none where nothing was decoded; `duration` is the time in the
 * call as the trace tells it (exit minus entry live; a log's -T, else its time stamps when it has them).
 */
export type Step = Call | Happening;

export interface Trace {
  /** What was analysed: a file name, `live: CMD`, `pid N`. */
  readonly source: string;
  /**
   * Visits every step in order. A file is streamed from disk on each call (memory stays flat whatever its
   * size); analyses keep only bounded state.
   */
  readonly each: (visit: (s: Step) => void) => Promise<void>;
  /** A live run's outcome (exit status of the launched command). */
  readonly outcome?: TraceOutcome;
  /** A file's kind: vat's JSON Lines or an strace log. */
  readonly kind?: 'jsonl' | 'strace';
}

export const isSyscall = (s: Step): s is Call => s.type === 'syscall';

/**
 * The step of an event that is not a syscall's half, with its thread's process (undefined for the halves and
 * for the launch of the command vat started, which a trace does not show). Lost records have no process (0).
 */
export function happening(e: TraceEvent, pidOf: (tid: number) => number): Happening | undefined {
  switch (e.type) {
    case 'enter':
    case 'exit':
      return undefined;
    case 'attach':
    case 'detach':
      if (e.launched) return undefined;
      return { type: 'event', pid: pidOf(e.pid), event: e };
    case 'lost':
      return { type: 'event', pid: 0, event: e };
    default:
      return { type: 'event', pid: pidOf(e.pid), event: e };
  }
}

/** Arguments padded (or cut) to `n`, with `kind` applied to each: undefined when nothing changes. */
function fitArgs(
  args: readonly Value[],
  n: number,
  kind?: (v: Value, i: number) => Value,
): Value[] | undefined {
  if (args.length === n && kind === undefined) return undefined;
  const out: Value[] = new Array(n);
  for (let i = 0; i < n; i++) {
    const v = args[i];
    out[i] = v === undefined ? NONE : kind ? kind(v, i) : v;
  }
  return out;
}

/** A live call as the analyses read it: its signature's arguments, the time between its entry and exit. */
export function liveStep(c: Call): Call {
  const args = fitArgs(c.args, callSignature(c).args.length);
  const duration = c.end !== undefined && !c.resumed ? c.end - c.ts : undefined;
  if (args === undefined && duration === c.duration) return c;
  return { ...c, args: args ?? c.args, duration };
}

/**
 * A call of an strace log: its values carry no kind (an fd prints as an int, a pointer as hex), so the signature
 * gives it; a duration is -T's, else the exit's time minus the entry's when the log has time stamps (`timed`).
 */
function logStep(c: Call, timed: boolean): Call {
  const sig = callSignature(c);
  const args = fitArgs(c.args, Math.max(c.args.length, sig.args.length), (v, i) => {
    const a = sig.args[i];
    return a ? asKind(v, a.kind) : v;
  });
  const duration =
    c.duration !== undefined
      ? c.duration
      : c.end !== undefined && !c.resumed && timed && c.end >= c.ts
        ? c.end - c.ts
        : undefined;
  return { ...c, args: args ?? c.args, duration };
}

/** One JSON Lines record as the analyses read it; undefined when the line is not one of ours. */
function isOurs(line: string): boolean {
  return isRecord(parseJsonlRecord(line));
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
  const strace = !isOurs(first) && looksLikeStraceLog(first);
  return {
    source: path,
    kind: strace ? 'strace' : 'jsonl',
    each: (visit) => (strace ? eachStraceStep([path], command, visit) : eachJsonlStep(path, command, visit)),
  };
}

/**
 * strace logs read together: -ff's FILE.PID files, merged by time stamp (the importer's). `plainLines: false`:
 * every line the general way, through events and the joiner (the tests compare both ways).
 */
export function straceLogTrace(paths: readonly string[], command: string, plainLines = true): Trace {
  return {
    source: paths.join(', '),
    kind: 'strace',
    each: (visit) => eachStraceStep(paths, command, visit, plainLines),
  };
}

/** The steps of a `vat --json` trace, through the one reader (a cut last line ends it with a warning). */
async function eachJsonlStep(path: string, command: string, visit: (s: Step) => void): Promise<void> {
  const src = new LineSource(path);
  let count = 0;
  try {
    await readJsonl(src, { command }, (r) => {
      if (r.type === 'syscall') {
        if (typeof r.name !== 'string' || !Array.isArray(r.args))
          throw new UsageError(`${command}: ${path}: line ${src.lineNo}: not a vat trace event`);
        count++;
        visit(callOfRecord(r));
        return;
      }
      count++;
      const e = eventsOfRecord(r)[0] as OtherEvent | undefined;
      if (e) visit({ type: 'event', pid: r.pid, event: e });
    });
  } finally {
    src.close();
  }
  if (count === 0) throw new UsageError(`${path}: ${EMPTY_TRACE}`);
}

/** strace text logs through the importer: their events joined by the one CallJoiner. */
async function eachStraceStep(
  paths: readonly string[],
  command: string,
  visit: (s: Step) => void,
  plainLines = true,
): Promise<void> {
  // the importer's messages name the command that reads (`vat: files: line 3: cannot parse`)
  const inputs = await openInputs(command, paths);
  let count = 0;
  let joiner: CallJoiner | undefined;
  let timed = (): boolean => false;
  try {
    await straceEvents(
      inputs,
      { command },
      (e, importer) => {
        // the thread group from the importer (`[pid N]`, -ff names) instead of /proc
        const pidOf = (tid: number): number => importer.tgidOf(tid);
        joiner ??= new CallJoiner({ pidOf, resumed: true });
        timed = () => importer.format.timed;
        for (const c of joiner.add(e)) {
          count++;
          visit(logStep(c, timed()));
        }
        const h = happening(e, pidOf);
        if (h) {
          count++;
          visit(h);
        }
      },
      (importer) => {
        if (!plainLines) return undefined;
        // a plain call line becomes its Call at once, its arguments read when asked for
        importer.onDirect = (c, stack) => {
          if (!(c instanceof LineCall)) return;
          count++;
          visit(handedOn(c, stack, importer.format.timed));
        };
        const calls = new LineCalls(importer, (tid) => joiner?.isOpen(tid) === true);
        return (text, clock, filePid) => calls.line(text, clock, filePid);
      },
    );
    for (const c of joiner?.finish() ?? []) {
      count++;
      visit(logStep(c, timed()));
    }
  } finally {
    for (const src of inputs.sources) src.close();
  }
  if (count === 0) throw new UsageError(`${paths.join(', ')}: ${EMPTY_TRACE}`);
}

const looksLikeStraceLog = (line: string): boolean =>
  /^(\[pid\s+\d+\]\s+|\d+\s+)?([\d:.]+\s+)?([a-z_0-9]+\(|\+\+\+ |--- )/.test(line);

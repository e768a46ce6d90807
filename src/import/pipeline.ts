// The shared front of import, convert and summary: open the inputs, tell their kind, and stream either events
// (strace logs) or records (both kinds) to a consumer.
import { UsageError } from '../errors.js';
import { recordLine } from '../format/json-writer.js';
import { RecordMaker, syscallLineClose, type TraceRecord } from '../format/jsonl-record.js';
import type { TraceEvent } from '../model/events.js';
import { PROG } from '../util/prog-name.js';
import { Progress } from '../util/progress.js';
import { DirectLines } from './direct-line.js';
import { readJsonl } from './jsonl-read.js';
import { type ImportStats, type InputKind, LineSource } from './line-source.js';
import { StraceEvents } from './strace-log.js';
import { readStraceLogs, type StraceReadOptions } from './strace-logs.js';

export interface Inputs {
  readonly sources: LineSource[];
  readonly kind: InputKind;
}

/** One rule for every subcommand that reads traces: an input without a line is a mistake, exit 2. */
export const EMPTY_TRACE = 'empty trace (no events)';

/**
 * Opens the inputs (several only for -ff's FILE.PID logs) and tells their kind from the first non-empty line;
 * inputs with no line at all are refused (EMPTY_TRACE).
 */
export async function openInputs(command: string, paths: readonly string[]): Promise<Inputs> {
  if (paths.length === 0)
    throw new UsageError(`${command}: give a trace file (strace log or vat JSON Lines)`);
  const sources = paths.map((p) => new LineSource(p));
  let kind: InputKind | undefined;
  for (const s of sources) {
    const k = await s.kind();
    if (k && kind && k !== kind)
      throw new UsageError(`${command}: ${s.path}: inputs mix strace logs and JSON Lines`);
    kind ??= k;
  }
  if (kind === undefined) {
    for (const s of sources) s.close();
    throw new UsageError(`${command}: ${paths.join(', ')}: ${EMPTY_TRACE}`);
  }
  if (kind === 'jsonl' && sources.length > 1)
    throw new UsageError(`${command}: give one JSON Lines trace (several files are for strace -ff logs)`);
  return { sources, kind };
}

export interface StreamOptions {
  readonly command: string;
  readonly strict?: boolean;
  readonly pid?: number;
}

/** The record maker for calls read from strace logs: the thread group from the importer (`[pid N]`, -ff names)
 * instead of /proc, timestamps as the log has them. */
function logRecordMaker(importer: StraceEvents): RecordMaker {
  return new RecordMaker(
    { pidOf: (tid) => importer.tgidOf(tid) },
    { fromLog: { timed: () => importer.format.timed } },
  );
}

/**
 * Streams strace logs as events; returns the importer (time format, pid style) and the counts. `direct`: a reader
 * of plain call lines that takes them before they become events (the analyses' import/line-call.ts).
 */
export async function straceEvents(
  inputs: Inputs,
  o: StreamOptions,
  onEvent: (e: TraceEvent, importer: StraceEvents) => void,
  direct?: (importer: StraceEvents) => StraceReadOptions['direct'],
): Promise<{ stats: ImportStats; importer: StraceEvents }> {
  const progress = new Progress(o.command);
  const importer: StraceEvents = new StraceEvents(
    (e) => onEvent(e, importer),
    o.pid ?? 0,
    o.pid !== undefined,
  );
  const takeLine = direct?.(importer);
  try {
    const stats = await readStraceLogs(
      inputs.sources,
      {
        command: o.command,
        strict: o.strict === true,
        progress,
        ...(takeLine !== undefined ? { direct: takeLine } : {}),
      },
      importer,
    );
    return { stats, importer };
  } finally {
    progress.done();
  }
}

/** Streams either kind of input as JSON Lines records. */
export async function records(
  inputs: Inputs,
  o: StreamOptions,
  onRecord: (r: TraceRecord) => void,
): Promise<ImportStats> {
  if (inputs.kind === 'jsonl') {
    const progress = new Progress(o.command);
    try {
      return await readJsonl(inputs.sources[0] as LineSource, { command: o.command, progress }, onRecord);
    } finally {
      progress.done();
    }
  }
  let maker: RecordMaker | undefined;
  // the stats count what is written: one record per call, not its entry and exit events
  let written = 0;
  const counted = (r: TraceRecord): void => {
    written++;
    onRecord(r);
  };
  const { stats } = await straceEvents(inputs, o, (e, importer) => {
    maker ??= logRecordMaker(importer);
    maker.add(e, counted);
  });
  maker?.finish(counted);
  return { ...stats, events: written };
}

/**
 * records() as their JSON lines (recordLine's text): a plain call of an strace log goes from its text to its line
 * (import/direct-line.ts), any other call from its events, without a record object in between.
 */
export async function recordLines(
  inputs: Inputs,
  o: StreamOptions,
  onLine: (line: string) => void,
): Promise<ImportStats> {
  if (inputs.kind === 'jsonl') return records(inputs, o, (r) => onLine(recordLine(r)));
  let written = 0;
  const counted = (line: string): void => {
    written++;
    onLine(line);
  };
  let maker: RecordMaker | undefined;
  // the maker and the plain-line writer need the importer, which straceEvents makes before it reads a line
  const direct = (importer: StraceEvents): StraceReadOptions['direct'] => {
    const m = logRecordMaker(importer);
    maker = m;
    importer.onDirect = (call, stack) => {
      if (call.type === 'direct') counted(syscallLineClose(call.head, stack));
    };
    const lines = new DirectLines(importer, (tid) => m.callOpen(tid));
    return (text, clock, filePid) => lines.line(text, clock, filePid);
  };
  const { stats } = await straceEvents(inputs, o, (e) => maker?.addLine(e, counted), direct);
  maker?.finishLines(counted);
  return { ...stats, events: written };
}

/** The line printed at the end when some lines could not be parsed. */
export function statsLine(command: string, s: ImportStats): string | undefined {
  if (s.bad === 0 && !process.stderr.isTTY) return undefined;
  return `${PROG}: ${command}: ${s.lines} lines, ${s.events} events${s.bad ? `, ${s.bad} lines could not be parsed` : ''}\n`;
}

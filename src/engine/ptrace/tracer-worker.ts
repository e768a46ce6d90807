// Worker entry: runs the tracer on this thread and hands events to the main thread in batches.
import { parentPort, workerData } from 'node:worker_threads';
import { VatError } from '../../errors.js';
import type { TraceEvent } from '../../model/events.js';
import { JsonlSink } from '../../sink/jsonl-sink.js';
import { cantFopen, isOpenError } from '../../sink/output-check.js';
import { reportWriteLosses } from '../../sink/output-file.js';
import { SummarySink } from '../../sink/summary-sink.js';
import { TextSink } from '../../sink/text-sink.js';
import { ProcThreadGroups } from '../../sys/procfs.js';
import type { TraceConfig } from '../engine.js';
import { CONTROL, isWakeProcess } from './control.js';
import { Tracer, type TracerIo } from './tracer.js';

/** Large enough to amortise postMessage, small enough to keep latency low. */
const BATCH = 512;
/** Lazy output (a regular file): text written in blocks of about this many characters. */
const BLOCK = 1 << 16;

const { config, control } = workerData as { config: TraceConfig; control: SharedArrayBuffer };
const flags = new Int32Array(control);
const port = parentPort;
if (!port) throw new Error('tracer-worker must run as a worker thread');

// text output is written from this thread: waking the main thread per event costs more than the trace
let text: JsonlSink | TextSink | undefined;
let summary: SummarySink | undefined;
const wantEvents = (workerData as { wantEvents: boolean }).wantEvents;
let batch: TraceEvent[] = [];
const io: TracerIo & { lazy: boolean; countOnly: boolean } = {
  lazy: false,
  countOnly: false,
  emit(e: TraceEvent): void {
    if (text) {
      if (!io.lazy) text.add(e);
      else {
        const was = text.buffered;
        text.add(e);
        if (text.buffered >= BLOCK) flushText();
        else if (was === 0 && text.buffered > 0)
          Atomics.store(flags, CONTROL.dirtySince, Atomics.load(flags, CONTROL.tick));
      }
    }
    summary?.add(e);
    if (!wantEvents) return;
    batch.push(e);
    if (batch.length >= BATCH) io.flush();
  },
  flush(): void {
    flushText();
    if (batch.length === 0) return;
    port.postMessage({ t: 'events', events: batch });
    batch = [];
  },
  stopRequested: (): boolean => Atomics.load(flags, CONTROL.stop) !== 0,
  stopSignal: (): number => Atomics.load(flags, CONTROL.stopSignal),
  isWakeProcess: (pid: number): boolean => isWakeProcess(flags, pid),
};

function flushText(): void {
  text?.flush();
  if (io.lazy) Atomics.store(flags, CONTROL.dirtySince, -1);
}

/**
 * Lazy mode: the main thread's watchdog asks for a flush when text has waited two ticks, and wakes this thread
 * when it is blocked in wait4 meanwhile; so a trace file lags the command by ~0.1 s at most.
 */
function idle(blocked: boolean): void {
  if (!blocked) Atomics.store(flags, CONTROL.blocked, 0);
  if (Atomics.load(flags, CONTROL.flush) !== 0) {
    Atomics.store(flags, CONTROL.flush, 0);
    flushText();
  }
  if (blocked && text && text.buffered > 0) Atomics.store(flags, CONTROL.blocked, 1);
}

try {
  // opened before the command starts: an output that cannot be opened stops vat before anything ran
  text = config.json
    ? new JsonlSink(config.json, new ProcThreadGroups())
    : config.text
      ? new TextSink(config.text.target, config.text.options)
      : undefined;
  summary = config.summary ? new SummarySink(config.summary) : undefined;
  // a regular file (or no per-event output) is written in blocks: a terminal or a pipe gets each stop's lines
  if (!wantEvents && (text === undefined || text.toRegularFile())) {
    io.lazy = true;
    io.idle = idle;
    Atomics.store(flags, CONTROL.dirtySince, -1);
    port.postMessage({ t: 'lazy' });
  }
  io.countOnly = !wantEvents && text === undefined && summary !== undefined;
  const outcome = new Tracer(config, io).run();
  io.flush();
  text?.close();
  summary?.close();
  reportWriteLosses();
  port.postMessage({ t: 'done', outcome });
} catch (err) {
  try {
    io.flush();
    text?.close();
  } catch {}
  reportWriteLosses();
  if (err instanceof VatError)
    port.postMessage({
      t: 'error',
      message: err.message,
      code: err.code,
      exit: err.exitStatus,
      said: err.said,
    });
  else if (isOpenError(err))
    port.postMessage({ t: 'error', message: cantFopen(err), code: 'EOUTPUT', exit: 2 });
  else
    port.postMessage({
      t: 'error',
      message: `tracer: ${err instanceof Error ? err.message : String(err)}`, // one line, no stack trace
      code: 'EINTERNAL',
      exit: 70,
    });
}

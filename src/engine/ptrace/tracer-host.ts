// Runs the tracer on the calling thread (the tracer worker, or the main thread when nothing else needs it) and
// hands its results, and events in batches when asked for, to a `post` function.
import { VatError } from '../../errors.js';
import type { TraceEvent } from '../../model/events.js';
import type { JsonlSink } from '../../sink/jsonl-sink.js';
import { cantFopen, isOpenError } from '../../sink/output-check.js';
import { reportWriteLosses } from '../../sink/output-file.js';
import { openOutputs, type TraceOutputs } from '../../sink/outputs.js';
import type { SummarySink } from '../../sink/summary-sink.js';
import { TextSink } from '../../sink/text-sink.js';
import type { TraceConfig, TraceOutcome } from '../engine.js';
import { CONTROL, isWakeProcess } from './control.js';
import { latchSignals, type SignalLatch } from './signal-latch.js';
import { Tracer, type TracerIo } from './tracer.js';
import { startWaitTicker, type WaitTicker } from './wait-ticker.js';

/** Large enough to amortise postMessage, small enough to keep latency low. */
const BATCH = 512;
/** Lazy output (a regular file): text written in blocks of about this many characters. */
const BLOCK = 1 << 16;

/** What the tracer's thread tells the engine. */
export type HostMessage =
  | { t: 'events'; events: TraceEvent[] }
  | { t: 'lazy' }
  | { t: 'done'; outcome: TraceOutcome }
  | { t: 'error'; message: string; code: string; exit: number; said?: boolean };

/** How often a tracer on the main thread is interrupted in wait4 to write text it holds (see wait-ticker.ts). */
const TICK_MS = 50;
/** A latching tracer looks for a latched signal at its first stop and every this many (a power of 2) after, and at
 * each EINTR. */
const LATCH_POLL = 64;

/** -I 2 on the main thread: the fatal signals to latch (signal-latch.ts) and what to tell of each that came. */
export interface InlineSignals {
  readonly signals: readonly number[];
  readonly onSignal: (signo: number) => void;
}

/**
 * Traces `config` to the end, writing `outputs`. In a worker (`inline` false), lazy output is watched by the main thread, which
 * `post({ t: 'lazy' })` asks for; on the main thread a timer signal interrupts wait4 instead, and `catching` latches
 * the signals that stop the trace.
 */
export function hostTracer(
  config: TraceConfig,
  outputs: TraceOutputs,
  flags: Int32Array,
  wantEvents: boolean,
  post: (m: HostMessage) => void,
  inline: boolean,
  catching?: InlineSignals,
): void {
  let text: JsonlSink | TextSink | undefined;
  let summary: SummarySink | undefined;
  let batch: TraceEvent[] = [];
  /** The main thread's wait ticker while it runs; null when it could not be started. */
  let ticker: WaitTicker | null | undefined;
  let latch: SignalLatch | undefined;
  /** Hands a latched signal on (which asks the tracer to stop, through `flags`). */
  const pollLatch = (): void => {
    const signo = latch?.take() ?? 0;
    if (signo !== 0) catching?.onSignal(signo);
  };
  let stops = 0;
  const runTicking = <T>(run: () => T): T => {
    // from before the command starts or is seized: a signal must not go to a JavaScript handler, which runs only
    // after the trace (the launch's waits mind EINTR)
    if (inline && catching !== undefined) latch = latchSignals(catching.signals);
    try {
      return run();
    } finally {
      ticker?.stop();
      // a signal that came as the trace ended (the command died of the same Ctrl-C) still ends vat
      pollLatch();
      latch?.release();
    }
  };
  const io: TracerIo & {
    lazy: boolean;
    queueExits: boolean;
    countOnly: boolean;
    stepCounts?: TracerIo['stepCounts'];
    callText?: TracerIo['callText'];
    callJson?: TracerIo['callJson'];
  } = {
    lazy: false,
    queueExits: false,
    countOnly: false,
    emit(e: TraceEvent): void {
      if (text) {
        if (!io.lazy) text.add(e);
        else {
          const was = text.buffered;
          text.add(e);
          added(was);
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
      post({ t: 'events', events: batch });
      batch = [];
    },
    stopRequested: (): boolean => {
      if (latch !== undefined && (++stops & (LATCH_POLL - 1)) === 1) pollLatch();
      return Atomics.load(flags, CONTROL.stop) !== 0;
    },
    stopSignal: (): number => Atomics.load(flags, CONTROL.stopSignal),
    isWakeProcess: (pid: number): boolean => isWakeProcess(flags, pid),
  };

  /** Lazy output: a block's worth of text is written; text that starts waiting starts the watchdog's clock. */
  function added(was: number): void {
    if (!text) return;
    if (text.buffered >= BLOCK) flushText();
    else if (was === 0 && text.buffered > 0)
      Atomics.store(flags, CONTROL.dirtySince, Atomics.load(flags, CONTROL.tick));
  }

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
    ({ text, summary } = openOutputs(outputs));
    // a regular file (or no per-event output) is written in blocks: a terminal or a pipe gets each stop's lines
    if (!wantEvents && (text === undefined || text.toRegularFile())) {
      io.lazy = true;
      Atomics.store(flags, CONTROL.dirtySince, -1);
      if (!inline) {
        io.idle = idle;
        post({ t: 'lazy' });
      }
    }
    const ticksText = inline && io.lazy && text !== undefined;
    // lines without time columns: a queued exit's own time is never read
    io.queueExits = ticksText && text instanceof TextSink && !text.showsTime;
    if (ticksText || (inline && catching !== undefined)) {
      // started at the first blocking wait, once the command runs: nothing before it has to mind EINTR. The timer
      // also bounds how long a latched signal waits when the kernel gave it to another of Node's threads.
      io.idle = (blocked) => {
        if (!blocked || ticker !== undefined) return;
        ticker = startWaitTicker(TICK_MS) ?? null;
        if (ticker === null && ticksText) io.lazy = false; // no timer: text is written before each blocking wait instead
        if (ticker === null) io.queueExits = false;
      };
      io.interrupted = () => {
        if (ticksText) flushText();
        pollLatch();
      };
    }
    io.countOnly = !wantEvents && text === undefined && summary !== undefined;
    // plain text alone: calls may come as text (the tracer's live-text path), not as events
    if (text instanceof TextSink && text.showsAll && !summary && !wantEvents) {
      const sink = text;
      io.callText = (c, part) => {
        const was = sink.buffered;
        sink.call(c, part);
        if (io.lazy) added(was);
      };
    }
    // --json alone: calls may come as their records' halves (the tracer's live-json path)
    if (text !== undefined && !(text instanceof TextSink) && !summary && !wantEvents) {
      const sink = text;
      io.callJson = {
        render: sink.valueJson,
        enter: (tid, ts, nr, name) => {
          const was = sink.buffered;
          const open = sink.callEnter(tid, ts, nr, name);
          if (io.lazy) added(was);
          return open;
        },
        exit: (c, x) => {
          const was = sink.buffered;
          sink.callExit(c, x);
          if (io.lazy) added(was);
        },
      };
    }
    if (io.countOnly) io.stepCounts = summary?.stepCounts();
    const outcome = runTicking(() => new Tracer(config, io).run());
    io.flush();
    text?.close();
    summary?.close();
    reportWriteLosses();
    post({ t: 'done', outcome });
  } catch (err) {
    try {
      io.flush();
      text?.close();
    } catch {}
    reportWriteLosses();
    if (err instanceof VatError)
      post({
        t: 'error',
        message: err.message,
        code: err.code,
        exit: err.exitStatus,
        said: err.said,
      });
    else if (isOpenError(err)) post({ t: 'error', message: cantFopen(err), code: 'EOUTPUT', exit: 2 });
    else
      post({
        t: 'error',
        message: `tracer: ${err instanceof Error ? err.message : String(err)}`, // one line, no stack trace
        code: 'EINTERNAL',
        exit: 70,
      });
  }
}

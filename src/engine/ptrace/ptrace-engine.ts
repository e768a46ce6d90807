// The ptrace engine seen from the main thread: a worker runs the tracer; events arrive here in batches.
import { VatError } from '../../errors.js';
import { libc } from '../../sys/libc.js';
import type { Engine, EventSink, TraceConfig, TraceOutcome, TraceOutputs } from '../engine.js';
import { CONTROL, CONTROL_BYTES, recordWake } from './control.js';
import { canLatchSignals } from './signal-latch.js';
import type { HostMessage, InlineSignals } from './tracer-host.js';
import { workerScript } from './worker-script.js';

/** How often the watchdog looks at a tracer blocked with unwritten text: a trace is never held longer than ~2 ticks. */
const TICK_MS = 50;

export interface PtraceEngineOptions {
  /**
   * The caller needs its event loop for nothing while the trace runs (no events; stop() only from the signals
   * of `catching`): the tracer runs on this thread, which spares a worker's start-up (a second Node bootstrap,
   * koffi and the tracer's code loaded again: about half of vat's fixed cost).
   */
  readonly inline?: boolean;
  /**
   * -I 2: the signals that stop the trace, latched while the tracer runs on this thread (signal-latch.ts), each
   * handed to `onSignal`, which calls stop(). Where they cannot be latched, the trace runs in a worker.
   */
  readonly catching?: InlineSignals;
}

export class PtraceEngine implements Engine {
  readonly name = 'ptrace';
  private readonly control = new SharedArrayBuffer(CONTROL_BYTES);
  /** The tracer runs on this thread: stop() has no wait4 of another thread to interrupt. */
  private here = false;

  constructor(private readonly options: PtraceEngineOptions = {}) {}

  async run(config: TraceConfig, sink?: EventSink, outputs: TraceOutputs = {}): Promise<TraceOutcome> {
    const { inline, catching } = this.options;
    if (inline && sink === undefined && (catching === undefined || canLatchSignals()))
      return this.runHere(config, outputs, catching);
    // loaded only for a worker: node:worker_threads brings several of Node's modules with it
    const { Worker } = await import('node:worker_threads');
    const worker = new Worker(workerScript.url, {
      argv: workerScript.argv,
      workerData: { config, outputs, control: this.control, wantEvents: sink !== undefined },
    });
    return new Promise((resolve, reject) => {
      let settled = false;
      let watchdog: NodeJS.Timeout | undefined;
      worker.on('message', (m: HostMessage) => {
        if (m.t === 'events') sink?.(m.events);
        else if (m.t === 'lazy') watchdog = this.watch();
        else if (m.t === 'done') {
          clearInterval(watchdog);
          settled = true;
          resolve(m.outcome);
        } else {
          clearInterval(watchdog);
          settled = true;
          reject(new VatError(m.message, m.code, m.exit, m.said === true));
        }
      });
      worker.on('error', (err) => {
        settled = true;
        reject(err);
      });
      worker.on('exit', (code) => {
        clearInterval(watchdog);
        if (!settled) reject(new VatError(`tracer thread exited with ${code}`, 'EINTERNAL', 70));
      });
    });
  }

  /** The tracer on this thread, to the end; the code is loaded only now (other commands never need it). */
  private async runHere(
    config: TraceConfig,
    outputs: TraceOutputs,
    catching: InlineSignals | undefined,
  ): Promise<TraceOutcome> {
    this.here = true;
    const { hostTracer } = await import('./tracer-host.js');
    let last: HostMessage | undefined;
    // a copy, as the worker gets one: the tracer sees plain data either way
    hostTracer(
      structuredClone(config),
      structuredClone(outputs),
      new Int32Array(this.control),
      false,
      (m) => {
        last = m;
      },
      true,
      catching,
    );
    if (last?.t === 'done') return last.outcome;
    if (last?.t === 'error') throw new VatError(last.message, last.code, last.exit, last.said === true);
    throw new VatError('tracer ended without an outcome', 'EINTERNAL', 70);
  }

  /**
   * Lazy output: text the tracer has held for two ticks is asked for; a tracer blocked in wait4 meanwhile (the
   * command sleeps, or waits for input) is woken to write it. A trace file never lags the command by much.
   */
  private watch(): NodeJS.Timeout {
    const flags = new Int32Array(this.control);
    return setInterval(() => {
      const tick = Atomics.add(flags, CONTROL.tick, 1) + 1;
      const since = Atomics.load(flags, CONTROL.dirtySince);
      if (since < 0 || tick - since < 2) return;
      // asked again while blocked: the request may have come just before the tracer went into wait4
      Atomics.store(flags, CONTROL.flush, 1);
      if (Atomics.load(flags, CONTROL.blocked) !== 0) wake(flags);
    }, TICK_MS);
  }

  /** Asks the tracer to detach from every tracee and finish. Safe to call from a signal handler. */
  stop(signal = 0): void {
    const flags = new Int32Array(this.control);
    Atomics.store(flags, CONTROL.stopSignal, signal);
    Atomics.store(flags, CONTROL.stop, 1);
    if (!this.here) wake(flags);
  }
}

/**
 * The tracer may be blocked in waitpid(-1): a child of ours that exits at once wakes it up. Its pid is recorded
 * for the tracer, which reports other unknown children's exits (`Exit of unknown pid N ignored`).
 */
function wake(flags: Int32Array): void {
  recordWake(flags, () => {
    const pid = [0];
    return libc.posixSpawn(pid, '/bin/true', 0n, 0, ['true', null], [null]) === 0 ? (pid[0] ?? 0) : 0;
  });
}

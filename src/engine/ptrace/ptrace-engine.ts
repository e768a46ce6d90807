// The ptrace engine seen from the main thread: a worker runs the tracer; events arrive here in batches.
import { Worker } from 'node:worker_threads';
import { VatError } from '../../errors.js';
import type { TraceEvent } from '../../model/events.js';
import { libc } from '../../sys/libc.js';
import type { Engine, EventSink, TraceConfig, TraceOutcome } from '../engine.js';
import { CONTROL, CONTROL_BYTES } from './control.js';

/** How often the watchdog looks at a tracer blocked with unwritten text: a trace is never held longer than ~2 ticks. */
const TICK_MS = 50;

type WorkerMessage =
  | { t: 'events'; events: TraceEvent[] }
  | { t: 'lazy' }
  | { t: 'done'; outcome: TraceOutcome }
  | { t: 'error'; message: string; code: string; exit: number; said?: boolean };

export class PtraceEngine implements Engine {
  readonly name = 'ptrace';
  private readonly control = new SharedArrayBuffer(CONTROL_BYTES);

  run(config: TraceConfig, sink?: EventSink): Promise<TraceOutcome> {
    const worker = new Worker(new URL('./tracer-worker.js', import.meta.url), {
      workerData: { config, control: this.control, wantEvents: sink !== undefined },
    });
    return new Promise((resolve, reject) => {
      let settled = false;
      let watchdog: NodeJS.Timeout | undefined;
      worker.on('message', (m: WorkerMessage) => {
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

  /**
   * Lazy output: when the tracer has blocked in one wait for a whole tick with text unwritten (the command
   * sleeps, or waits for input), it is woken to write it, so a trace file never lags far behind the command.
   */
  private watch(): NodeJS.Timeout {
    const flags = new Int32Array(this.control);
    let seen = -1;
    return setInterval(() => {
      const waits = Atomics.load(flags, CONTROL.waits);
      if (Atomics.load(flags, CONTROL.blocked) === 0) seen = -1;
      else if (seen !== waits) seen = waits;
      else {
        seen = -1;
        Atomics.store(flags, CONTROL.flush, 1);
        wake();
      }
    }, TICK_MS);
  }

  /** Asks the tracer to detach from every tracee and finish. Safe to call from a signal handler. */
  stop(): void {
    Atomics.store(new Int32Array(this.control), CONTROL.stop, 1);
    wake();
  }
}

/** The tracer may be blocked in waitpid(-1): a child of ours that exits at once wakes it up. */
function wake(): void {
  const pid = [0];
  libc.posixSpawn(pid, '/bin/true', 0n, 0, ['true', null], [null]);
}

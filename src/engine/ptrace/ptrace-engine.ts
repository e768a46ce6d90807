// The ptrace engine seen from the main thread: a worker runs the tracer; events arrive here in batches.
import { Worker } from 'node:worker_threads';
import { VatError } from '../../errors.js';
import type { TraceEvent } from '../../model/events.js';
import { libc } from '../../sys/libc.js';
import type { Engine, EventSink, TraceConfig, TraceOutcome } from '../engine.js';

type WorkerMessage =
  | { t: 'events'; events: TraceEvent[] }
  | { t: 'done'; outcome: TraceOutcome }
  | { t: 'error'; message: string; code: string; exit: number; said?: boolean };

export class PtraceEngine implements Engine {
  readonly name = 'ptrace';
  private readonly control = new SharedArrayBuffer(4);

  run(config: TraceConfig, sink?: EventSink): Promise<TraceOutcome> {
    const worker = new Worker(new URL('./tracer-worker.js', import.meta.url), {
      workerData: { config, control: this.control, wantEvents: sink !== undefined },
    });
    return new Promise((resolve, reject) => {
      let settled = false;
      worker.on('message', (m: WorkerMessage) => {
        if (m.t === 'events') sink?.(m.events);
        else if (m.t === 'done') {
          settled = true;
          resolve(m.outcome);
        } else {
          settled = true;
          reject(new VatError(m.message, m.code, m.exit, m.said === true));
        }
      });
      worker.on('error', (err) => {
        settled = true;
        reject(err);
      });
      worker.on('exit', (code) => {
        if (!settled) reject(new VatError(`tracer thread exited with ${code}`, 'EINTERNAL', 70));
      });
    });
  }

  /** Asks the tracer to detach from every tracee and finish. Safe to call from a signal handler. */
  stop(): void {
    Atomics.store(new Int32Array(this.control), 0, 1);
    // the tracer may be blocked in waitpid(-1): a child of ours that exits at once wakes it up
    const pid = [0];
    libc.posixSpawn(pid, '/bin/true', 0n, 0, ['true', null], [null]);
  }
}

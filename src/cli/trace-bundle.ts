// The entry of the trace's bundled script (dist/vat-trace.cjs, scripts/bundle.mjs): `vat [OPTIONS] -- CMD` and the
// tracer worker's body, without the tools (import, analyses, security, reports, the Windows tables): a trace reads,
// and V8 deserializes, only the code it can run (~1.0 MB of the 1.7 MB script).
import './bundled-worker.js';
import { runCli } from './run.js';
import { traceMain } from './trace-main.js';

export const run = (argv: string[]): Promise<void> => runCli(argv, traceMain);

/** Runs the tracer worker's body (its module's top level). */
export async function tracerWorker(): Promise<void> {
  await import('../engine/ptrace/tracer-worker.js');
}

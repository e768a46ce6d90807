// The entry of the CLI's bundled script (dist/vat.cjs, scripts/bundle.mjs): the CLI, and the tracer worker's body,
// so that a worker runs the same script from the same code cache through dist/cli.js (src/cli.ts) instead of
// loading ~20 ES-module chunks with a second Node start-up.
import { workerScript } from '../engine/ptrace/worker-script.js';

export { run } from './main.js';

workerScript.url = new URL('./cli.js', import.meta.url);
// dist/cli.js's only argument in a tracer worker (src/cli.ts): a NUL cannot come from a command line
workerScript.argv = ['\0tracer-worker'];

/** Runs the tracer worker's body (its module's top level). */
export async function tracerWorker(): Promise<void> {
  await import('../engine/ptrace/tracer-worker.js');
}

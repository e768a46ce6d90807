// In a bundled CLI a tracer worker runs dist/cli.js, which runs the trace's script (dist/vat-trace.cjs) from V8's
// code cache, instead of loading ~20 ES-module chunks with a second Node start-up (src/cli.ts).
import { workerScript } from '../engine/ptrace/worker-script.js';

workerScript.url = new URL('./cli.js', import.meta.url);
// dist/cli.js's only argument in a tracer worker (src/cli.ts): a NUL cannot come from a command line
workerScript.argv = ['\0tracer-worker'];

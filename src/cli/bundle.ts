// The entry of the whole CLI's bundled script (dist/vat.cjs, scripts/bundle.mjs): the tools, the overall help and
// version, and tracing. dist/cli.js runs it when the first argument names a tool (commands/names.ts); a trace runs
// the smaller dist/vat-trace.cjs (cli/trace-bundle.ts).
import './bundled-worker.js';

export { run } from './main.js';

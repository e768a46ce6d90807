#!/usr/bin/env node
// The `vat` executable. The CLI is one CommonJS script beside this file (dist/vat.cjs, scripts/bundle.mjs),
// compiled with V8's code cache: Node 20 has no compile cache for ES modules, and resolving, reading and
// compiling ~50 module chunks was the largest share of vat's start-up. Unbundled (plain tsc), cli/main.js runs.
import { createRequire } from 'node:module';
import { isToolArgv } from './cli/commands/names.js';

type Cli = { run(argv: string[]): Promise<void>; tracerWorker?(): Promise<void> };
// node:fs and node:vm through require: an ES module's view of a built-in reads every export (see bundle.mjs)
const require = createRequire(import.meta.url);

/** The build stamp at a script's end (scripts/bundle.mjs). */
const BUILD_STAMP = /\/\*vat-build:([0-9a-f]{16})\*\/\n$/;

const argv = process.argv.slice(2);
// a tracer worker (engine/ptrace/worker-script.ts; a NUL cannot come from a command line) runs the worker's body
const inWorker = argv.length === 1 && argv[0] === '\0tracer-worker';
// a trace runs a script without the tools' code: less to read and deserialize at each start
const script = !inWorker && isToolArgv(argv[0]) ? './vat.cjs' : './vat-trace.cjs';
// no top-level await: the same source is bundled as dist/cli.cjs too, the CommonJS entry bin/vat runs (Node's ES
// module loader is ~14 M instructions of each start-up, scripts/bundle.mjs), where a rejection ends the run as it does here
const start = (cli: Cli): Promise<void> =>
  inWorker && cli.tracerWorker !== undefined ? cli.tracerWorker() : cli.run(argv);
const bundled = runScript(script, !inWorker);
if (bundled !== undefined) void start(bundled);
else void import('./cli/main.js').then((cli) => start(cli as Cli));

/**
 * The script's exports, compiled with the code cache written beside it (`.vat-STAMP.cache` for vat.cjs, STAMP the hash
 * of the script's text that scripts/bundle.mjs writes as its last line: a rebuild changes the name, an install keeps
 * it; V8 itself rejects a cache from another V8 or other flags). A missing or rejected cache is
 * written when the run ends, once the functions it used are compiled (by the main thread: a worker's functions are
 * its own isolate's), atomically (temporary file, rename); where
 * the folder is read-only vat runs without one. With VAT_CODE_CACHE=refresh an accepted cache is written again, with
 * what this run compiled added to what it held: the build's training traces (scripts/bundle.mjs) make one cache
 * for both engines that way. undefined when there is no script (an unbundled build).
 */
function runScript(name: string, writeCache: boolean): Cli | undefined {
  const fs = require('node:fs') as typeof import('node:fs');
  const { Script } = require('node:vm') as typeof import('node:vm');
  const { fileURLToPath } = require('node:url') as typeof import('node:url');
  const url = new URL(name, import.meta.url);
  const file = fileURLToPath(url);
  let source: string;
  let cache: string;
  try {
    const fd = fs.openSync(file, 'r');
    try {
      const st = fs.fstatSync(fd);
      const base = name.slice(2, -'.cjs'.length);
      // esbuild writes ASCII only (charset: ascii), so latin1 reads it as a one-byte string, without decoding UTF-8
      source = fs.readFileSync(fd, 'latin1');
      // a script without a stamp (built before stamps) is known by its size and mtime
      const id = BUILD_STAMP.exec(source.slice(-40))?.[1] ?? `${st.size}-${Math.trunc(st.mtimeMs)}`;
      cache = fileURLToPath(new URL(`.${base}-${id}.cache`, url));
    } finally {
      fs.closeSync(fd);
    }
  } catch {
    return undefined;
  }
  let cachedData: Buffer | undefined;
  try {
    cachedData = fs.readFileSync(cache);
  } catch {}
  // the script is a function expression (scripts/bundle.mjs): compiled as read, with no wrapper to concatenate
  const script = new Script(source, { filename: file, cachedData });
  const mod = { exports: {} as Cli };
  script.runInThisContext()(
    mod.exports,
    createRequire(url),
    mod,
    file,
    fileURLToPath(new URL('.', url)),
    url.href,
  );
  const refresh = process.env.VAT_CODE_CACHE === 'refresh';
  if (writeCache && (refresh || cachedData === undefined || script.cachedDataRejected)) {
    // V8 stamps a cache with its flags: one made after the run changed them (v8.setFlagsFromString) would be
    // rejected by every later run, each compiling the whole script again and writing another such cache
    const v8 = require('node:v8') as typeof import('node:v8');
    const tag = v8.cachedDataVersionTag();
    process.once('exit', () => {
      if (v8.cachedDataVersionTag() !== tag) return;
      const tmp = `${cache}.${process.pid}`;
      try {
        fs.writeFileSync(tmp, script.createCachedData(), { mode: 0o644 });
        fs.renameSync(tmp, cache);
      } catch {
        try {
          fs.unlinkSync(tmp);
        } catch {}
      }
    });
  }
  return mod.exports;
}

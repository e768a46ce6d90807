// Entry logic: subcommands by name, otherwise strace's grammar (`vat [OPTIONS] -- CMD` / `vat -p PID`).
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { VatError } from '../errors.js';
import { quoteText } from '../model/quote.js';
import { errnoByName } from '../tables/errnos.js';
import { COMMANDS, isCommand } from './commands/index.js';
import { printHelp, printLines } from './parse-subcommand.js';
import { guardStdout } from './stdout-guard.js';
import { TRACE_HELP } from './trace-options.js';

/** vat's package.json, found upwards from this module (dist/cli/ unbundled, dist/ bundled). */
export function version(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    try {
      const pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as {
        name?: string;
        version: string;
      };
      if (pkg.name === 'vat-trace') return pkg.version;
    } catch {}
    const up = dirname(dir);
    if (up === dir) return 'unknown';
    dir = up;
  }
}

function help(): string {
  const commands = Object.entries(COMMANDS).map(([name, c]) => `  vat ${name.padEnd(10)} ${c.summary}`);
  return `vat ${version()} — a system-call tracer and toolkit for Linux

usage: vat [OPTIONS] -- COMMAND [ARGS...]     trace a command (strace's options)
       vat [OPTIONS] -p PID[,PID...]           trace running processes
       vat COMMAND [ARGS...]                   the tools below

${commands.join('\n')}

Each tool takes --help. Trace options:
${TRACE_HELP}`;
}

export async function main(argv: string[]): Promise<number> {
  const first = argv[0];
  guardStdout();
  if (isCommand(first)) return COMMANDS[first].run(argv.slice(1));
  if (first === '--help' || first === '-h') {
    printHelp(help());
    return 0;
  }
  if (first === '--version' || first === '-V') {
    printLines([`vat -- version ${version()}`]);
    return 0;
  }
  // loaded only when tracing: it brings in the FFI, which the reference commands do not need
  const { traceCommand } = await import('./trace-command.js');
  try {
    return await traceCommand(argv);
  } catch (err) {
    // strace exits 1 on every usage or start-up error where the tools exit 2; tracing follows strace
    if (err instanceof VatError && err.exitStatus === 2)
      throw new VatError(err.message, err.code, 1, err.said);
    throw err;
  }
}

/** Runs main and turns tool faults into one line on stderr (never a stack trace) and exit status 2. */
export async function run(argv: string[]): Promise<void> {
  try {
    process.exitCode = await main(argv);
  } catch (err) {
    if (err instanceof VatError) {
      if (!err.said) process.stderr.write(`vat: ${quoteText(err.message)}\n`);
      process.exitCode = err.exitStatus;
      return;
    }
    const fsError = userFileError(err);
    if (fsError !== undefined) {
      process.stderr.write(`vat: ${quoteText(fsError)}\n`);
      process.exitCode = 2;
      return;
    }
    const msg = err instanceof Error ? err.message : String(err);
    process.stderr.write(`vat: internal error: ${quoteText(msg)}\n`);
    if (process.env.VAT_DEBUG) process.stderr.write(`${err instanceof Error ? err.stack : ''}\n`);
    process.exitCode = 70;
  }
}

/**
 * A file the user named could not be opened, read or written (a directory, missing, unreadable, a full
 * disk): `PATH: REASON`, the user's to fix, not a bug of vat's.
 */
function userFileError(err: unknown): string | undefined {
  const e = err as NodeJS.ErrnoException;
  if (!(err instanceof Error) || typeof e.code !== 'string' || typeof e.path !== 'string') return undefined;
  const reason = errnoByName(e.code)?.message;
  return reason === undefined ? undefined : `${e.path}: ${reason}`;
}

// How a CLI run ends: its exit status, and a fault as one line on stderr (shared by the whole CLI and the trace's
// own script, src/cli/trace-bundle.ts).
import { VatError } from '../errors.js';
import { quoteText } from '../model/quote.js';
import { errnoByName } from '../tables/errnos.js';
import { PROG } from '../util/prog-name.js';
import { restoreProcessEnv } from '../util/shim-env.js';
import { keepStdioModes } from './stdio-modes.js';
import { guardStdout } from './stdout-guard.js';

/**
 * Runs a CLI's main (the whole CLI's, or the trace's alone: src/cli.ts chooses) and turns tool faults into one line
 * on stderr (never a stack trace) and exit status 2.
 */
export async function runCli(argv: string[], main: (argv: string[]) => Promise<number>): Promise<void> {
  try {
    restoreProcessEnv();
    // the guard first: it is put on stdout's stream where the stream is made, which keepStdioModes may do now
    guardStdout();
    keepStdioModes();
    process.exitCode = await main(argv);
  } catch (err) {
    if (err instanceof VatError) {
      if (!err.said) process.stderr.write(`${PROG}: ${quoteText(err.message)}\n${helpHint(err)}`);
      process.exitCode = err.exitStatus;
      return;
    }
    const fsError = userFileError(err);
    if (fsError !== undefined) {
      process.stderr.write(`${PROG}: ${quoteText(fsError)}\n`);
      process.exitCode = 2;
      return;
    }
    const missing = missingDependency(err);
    if (missing !== undefined) {
      process.stderr.write(
        `${PROG}: cannot load its dependency ${quoteText(missing)}: install vat with npm (\`npm install -g\` of the package, or \`npm ci\` in its source folder); a copied dist/ alone lacks node_modules\n`,
      );
      process.exitCode = 2;
      return;
    }
    const msg = err instanceof Error ? err.message : String(err);
    process.stderr.write(`${PROG}: internal error: ${quoteText(msg)}\n`);
    if (process.env.VAT_DEBUG) process.stderr.write(`${err instanceof Error ? err.stack : ''}\n`);
    process.exitCode = 70;
  }
}

/** The package a failed require or import named, when vat runs without its node_modules (a copied dist/). */
function missingDependency(err: unknown): string | undefined {
  const code = (err as { code?: unknown } | null)?.code;
  if (code !== 'MODULE_NOT_FOUND' && code !== 'ERR_MODULE_NOT_FOUND') return undefined;
  const name = /Cannot find (?:module|package) '([^']+)'/.exec((err as Error).message)?.[1];
  // a missing file of vat itself (a broken build) is not a missing dependency
  return name !== undefined && !name.startsWith('.') && !name.startsWith('/') ? name : undefined;
}

/** strace follows these usage errors (its error_msg_and_help) with a pointer to -h; vat does the same. */
const WITH_HELP_HINT = [
  /^invalid option -- '/,
  /^unrecognized option '/,
  /^must have PROG \[ARGS\] or -p PID$/,
  /^invalid (-[A-Za-z]|--[a-z-]+) argument: '/,
  /^invalid sortby: '/,
  /^unknown column name: '/,
  /^incorrect personality designator '/,
  /^call summary column has been provided more than once: '/,
  /^Too many -D's /,
  / must be given with \(-c\/--summary-only or -C\/--summary\)$/,
  /^PROG \[ARGS\] must be specified with -D\/--daemonize$/,
  / -ff\/--output-separately are mutually exclusive$/,
  /^-c\/--summary-only and -C\/--summary are mutually exclusive$/,
];

function helpHint(err: VatError): string {
  if (err.code !== 'EUSAGE' || !WITH_HELP_HINT.some((re) => re.test(err.message))) return '';
  return `Try '${PROG} -h' for more information.\n`;
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

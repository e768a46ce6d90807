// The inputs every analysis command takes: `TRACE.jsonl`, `-- CMD [ARGS]`, or `-p PID` (until Ctrl-C or --for).
import type { ParseArgsConfig } from 'node:util';
import { parseDuration, parsePid, readTrace, type Trace } from '../analyze/source.js';
import { UsageError } from '../errors.js';
import { PROG } from '../util/prog-name.js';
import { parseSubcommand } from './parse-subcommand.js';

export type Input =
  | { readonly kind: 'file'; readonly path: string }
  | { readonly kind: 'live'; readonly command: readonly string[] }
  | { readonly kind: 'attach'; readonly pids: readonly number[]; readonly forMs?: number };

type Options = NonNullable<ParseArgsConfig['options']>;

export const INPUT_OPTIONS = {
  pid: { type: 'string', short: 'p', multiple: true },
  for: { type: 'string' },
  json: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} as const satisfies Options;

/** Splits at `--` (the command), parses options before it; positionals are left to the caller. */
export function parseAnalysisArgs<T extends Options>(name: string, argv: string[], options: T) {
  const dash = argv.indexOf('--');
  const own = dash < 0 ? argv : argv.slice(0, dash);
  const command = dash < 0 ? [] : argv.slice(dash + 1);
  const parsed = parseSubcommand(name, own, { ...INPUT_OPTIONS, ...options });
  return { ...parsed, command };
}

/** One input from the parsed arguments; `positionals` are trace files. */
export function oneInput(
  name: string,
  positionals: readonly string[],
  command: readonly string[],
  pids: readonly string[] | undefined,
  forText: string | undefined,
): Input {
  const given = (positionals.length > 0 ? 1 : 0) + (command.length > 0 ? 1 : 0) + (pids?.length ? 1 : 0);
  if (given === 0) throw new UsageError(`${name}: give a trace file, -- COMMAND, or -p PID`);
  if (given > 1 || positionals.length > 1)
    throw new UsageError(`${name}: give one of a trace file, -- COMMAND, or -p PID`);
  if (positionals[0] !== undefined) return { kind: 'file', path: positionals[0] };
  if (command.length > 0) return { kind: 'live', command };
  const list = (pids ?? []).flatMap((p) => p.split(/[\s,]+/).filter(Boolean)).map(parsePid);
  return { kind: 'attach', pids: list, ...(forText ? { forMs: parseDuration(forText) } : {}) };
}

/** The trace an analysis reads; `name` (the subcommand) prefixes what the importer says about a log. */
export async function loadTrace(input: Input, name: string): Promise<Trace> {
  if (input.kind === 'file') return readTrace(input.path, name);
  // loaded only for live runs: the engine brings in the FFI and the decoders
  const { liveTrace } = await import('../analyze/live.js');
  if (input.kind === 'live') return liveTrace({ command: input.command, attach: [] });
  if (input.forMs === undefined && process.stderr.isTTY)
    process.stderr.write(`${PROG}: tracing until Ctrl-C (or give --for 5s)\n`);
  return liveTrace({
    command: [],
    attach: input.pids,
    ...(input.forMs !== undefined ? { forMs: input.forMs } : {}),
  });
}

export const INPUT_HELP = `  TRACE                        a trace recorded with 'vat --json -o TRACE.jsonl -f -- CMD', or an strace log
  -- CMD [ARGS...]              run CMD under vat (following children) and analyse the run
  -p PID [--for 5s]             attach to PID until Ctrl-C (or for a while) and analyse what was seen
  --json                       machine-readable output`;

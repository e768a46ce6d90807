// `vat import LOG... [-o OUT.jsonl] [--strict] [--pid N]`: an strace log into vat's JSON Lines events.
import { UsageError } from '../../errors.js';
import { openInputs, recordLines, statsLine } from '../../import/pipeline.js';
import { ChunkWriter } from '../../import/writer.js';
import { parseSubcommand, printHelp } from '../parse-subcommand.js';

export const IMPORT_HELP = `usage: vat import LOG [LOG.PID...] [-o OUT.jsonl] [--strict] [--pid N]

  Reads an strace text log (-f pid prefixes, -ff files FILE.PID, unfinished/resumed pairs, -t/-tt/-ttt/-r,
  -T, -y/-yy, signals, exits) and writes vat's JSON Lines events (schema/trace-event.v1.schema.json).
  Lines that do not parse are reported on stderr and counted.

  -o, --output FILE   write the events to FILE (default: stdout)
  --strict            stop with exit status 2 at the first line that does not parse
  --pid N             pid of lines without a pid prefix (strace prints none without -f; default 0)`;

export async function importCommand(argv: string[]): Promise<number> {
  const { values, positionals } = parseSubcommand('import', argv, {
    output: { type: 'string', short: 'o' },
    strict: { type: 'boolean' },
    pid: { type: 'string' },
    help: { type: 'boolean', short: 'h' },
  });
  if (values.help) {
    printHelp(IMPORT_HELP);
    return 0;
  }
  const pid = values.pid === undefined ? undefined : Number(values.pid);
  if (pid !== undefined && !(Number.isInteger(pid) && pid >= 0))
    throw new UsageError(`import: bad --pid '${values.pid}'`);
  const inputs = await openInputs('import', positionals);
  if (inputs.kind === 'jsonl')
    throw new UsageError(
      `import: ${positionals[0]}: already vat JSON Lines (vat convert changes its format)`,
    );
  const out = new ChunkWriter(values.output);
  try {
    const stats = await recordLines(
      inputs,
      { command: 'import', strict: values.strict === true, pid },
      (line) => out.writeLine(line),
    );
    const line = statsLine('import', stats);
    if (line) process.stderr.write(line);
  } finally {
    out.close();
    for (const s of inputs.sources) s.close();
  }
  return 0;
}

// `vat convert IN --to perfetto|jsonl|strace [-o OUT]`: a JSON Lines trace or an strace log into another format.
import { UsageError } from '../../errors.js';
import { StraceTextFormatter } from '../../format/strace-text.js';
import { PerfettoWriter } from '../../import/perfetto.js';
import {
  type Inputs,
  openInputs,
  recordLines,
  records,
  statsLine,
  straceEvents,
} from '../../import/pipeline.js';
import { eventsOfRecord } from '../../import/records.js';
import type { StraceEvents } from '../../import/strace-log.js';
import { ChunkWriter } from '../../import/writer.js';
import type { TraceEvent } from '../../model/events.js';
import { parseSubcommand, printHelp } from '../parse-subcommand.js';

const FORMATS = ['perfetto', 'jsonl', 'strace'] as const;
type Format = (typeof FORMATS)[number];

export const CONVERT_HELP = `usage: vat convert IN [IN.PID...] --to perfetto|jsonl|strace [-o OUT] [--strict]

  IN is a vat JSON Lines trace (--json) or an strace log (told apart by the first non-empty line).

  --to perfetto       Chrome Trace Event Format JSON (open it in ui.perfetto.dev or chrome://tracing)
  --to jsonl          vat's JSON Lines events
  --to strace         strace's text (an strace log prints back as it was)
  -o, --output FILE   write to FILE (default: stdout)
  --strict            (strace logs) stop with exit status 2 at the first line that does not parse`;

/** The strace formatter for an imported log: the log's own prefixes and time columns. */
function straceFormatter(importer: StraceEvents | undefined): StraceTextFormatter {
  // JSON Lines: pid prefixes as strace -f -o FILE; a log: as it was (stderr's `[pid N]` while several run)
  const style = importer?.pidStyle ?? 'plain';
  return new StraceTextFormatter({
    toFile: style === 'plain',
    followForks: true,
    perProcess: false,
    xflag: 0,
    quiet: [],
    time: importer?.format.options() ?? {},
  });
}

async function toStrace(inputs: Inputs, strict: boolean, out: ChunkWriter): Promise<void> {
  let fmt: StraceTextFormatter | undefined;
  if (inputs.kind === 'strace') {
    const { stats } = await straceEvents(
      inputs,
      { command: 'convert', strict },
      (e: TraceEvent, importer) => {
        fmt ??= straceFormatter(importer);
        out.write(fmt.format(e));
      },
    );
    const line = statsLine('convert', stats);
    if (line) process.stderr.write(line);
  } else {
    await records(inputs, { command: 'convert' }, (r) => {
      fmt ??= straceFormatter(undefined);
      for (const e of eventsOfRecord(r)) out.write(fmt.format(e));
    });
  }
  if (fmt) out.write(fmt.finish());
}

export async function convertCommand(argv: string[]): Promise<number> {
  const { values, positionals } = parseSubcommand('convert', argv, {
    to: { type: 'string' },
    output: { type: 'string', short: 'o' },
    strict: { type: 'boolean' },
    help: { type: 'boolean', short: 'h' },
  });
  if (values.help) {
    printHelp(CONVERT_HELP);
    return 0;
  }
  const to = values.to;
  if (to === undefined) throw new UsageError(`convert: say which format: --to ${FORMATS.join('|')}`);
  if (!(FORMATS as readonly string[]).includes(to))
    throw new UsageError(`convert: unknown format '${to}' (${FORMATS.join(', ')})`);
  const inputs = await openInputs('convert', positionals);
  const out = new ChunkWriter(values.output);
  const strict = values.strict === true;
  try {
    switch (to as Format) {
      case 'strace':
        await toStrace(inputs, strict, out);
        break;
      case 'jsonl': {
        const stats = await recordLines(inputs, { command: 'convert', strict }, (line) =>
          out.writeLine(line),
        );
        const line = inputs.kind === 'strace' ? statsLine('convert', stats) : undefined;
        if (line) process.stderr.write(line);
        break;
      }
      case 'perfetto': {
        const writer = new PerfettoWriter((t) => out.write(t));
        const stats = await records(inputs, { command: 'convert', strict }, (r) => writer.add(r));
        writer.finish();
        const line = inputs.kind === 'strace' ? statsLine('convert', stats) : undefined;
        if (line) process.stderr.write(line);
        break;
      }
    }
  } finally {
    out.close();
    for (const s of inputs.sources) s.close();
  }
  return 0;
}

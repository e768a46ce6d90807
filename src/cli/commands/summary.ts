// `vat summary IN [-S KEY] [-U COLUMNS] [--summary-latency]`: strace -c's table from a recorded trace.
import { SummaryCollector } from '../../format/summary-stats.js';
import { DEFAULT_COLUMNS, formatSummary, parseColumns, parseSortBy } from '../../format/summary-table.js';
import { openInputs, records, statsLine } from '../../import/pipeline.js';
import type { SyscallExit } from '../../model/events.js';
import { errnoByName } from '../../tables/errnos.js';
import { parseSubcommand, printHelp } from '../parse-subcommand.js';

export const SUMMARY_HELP = `usage: vat summary IN [IN.PID...] [-S SORTBY] [-U COLUMNS] [--summary-latency] [--strict]

  strace -c's table from a vat JSON Lines trace or an strace log: calls and errors per syscall; time from
  the trace's durations (JSON Lines: wall time from entry to exit; strace logs: -T, else 0).

  -S, --summary-sort-by KEY     time (default), calls, errors, name, min-time, max-time, avg-time, nothing
  -U, --summary-columns LIST    time-percent, total-time, avg-time, min-time, max-time, calls, errors, name
  --summary-latency             add p50, p90, p99 and longest (max) columns`;

export async function summaryCommand(argv: string[]): Promise<number> {
  const { values, positionals } = parseSubcommand('summary', argv, {
    'summary-sort-by': { type: 'string', short: 'S' },
    'summary-columns': { type: 'string', short: 'U', multiple: true },
    'summary-latency': { type: 'boolean' },
    strict: { type: 'boolean' },
    help: { type: 'boolean', short: 'h' },
  });
  if (values.help) {
    printHelp(SUMMARY_HELP);
    return 0;
  }
  const columns = values['summary-columns']
    ? parseColumns(values['summary-columns'].join(','))
    : [...DEFAULT_COLUMNS];
  const latency = values['summary-latency'] === true;
  if (latency) {
    const at = columns.indexOf('name');
    // as `-c --summary-latency`: the percentiles, then the longest call
    columns.splice(at < 0 ? columns.length : at, 0, 'p50', 'p90', 'p99', 'max-time');
  }
  const sortBy = values['summary-sort-by'] ? parseSortBy(values['summary-sort-by']) : 'time';
  const inputs = await openInputs('summary', positionals);
  const collector = new SummaryCollector(columns.some((c) => /^p\d+$/.test(c)));
  try {
    const stats = await records(inputs, { command: 'summary', strict: values.strict === true }, (r) => {
      if (r.type !== 'syscall' || r.ret === null || r.ret === undefined) return;
      const errno = typeof r.errno === 'string' ? errnoByName(r.errno)?.value : undefined;
      const exit: SyscallExit = {
        type: 'exit',
        pid: r.tid,
        ts: r.ts,
        nr: Number(r.nr),
        name: String(r.name),
        args: [],
        ret: BigInt(r.ret as number | bigint),
        ...(errno !== undefined ? { errno } : {}),
      };
      collector.add(exit, r.dur ?? 0n);
    });
    const line = inputs.kind === 'strace' ? statsLine('summary', stats) : undefined;
    if (line) process.stderr.write(line);
  } finally {
    for (const s of inputs.sources) s.close();
  }
  process.stdout.write(formatSummary(collector.rows(), columns, sortBy));
  return 0;
}

// `vat report TRACE -o report.html` / `vat report -o report.html -- CMD`: one self-contained HTML file that
// people can open and share (process tree, timeline, summary, errors, files, advice, learned profile).
import { spawnSync } from 'node:child_process';
import { closeSync, mkdtempSync, openSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { UsageError } from '../../errors.js';
import { PROG } from '../../util/prog-name.js';
import { parseSubcommand, printLines } from '../parse-subcommand.js';

export const REPORT_HELP = `usage: vat report [-o REPORT.html] TRACE | vat report [-o REPORT.html] -- CMD [ARGS...]

One self-contained HTML file (no network): the process tree with exec names and exit statuses, a zoomable
per-thread timeline of calls, the -c summary with latency percentiles, failed calls grouped by errno and
path, the files opened, vat advise's findings and the learned seccomp profile, with search by syscall, pid
and path. TRACE is a 'vat --json' trace or an strace log; -- CMD traces CMD (following children) first.
Big traces are aggregated, and the timeline shows a sample that the page describes.

  -o FILE    where to write the report (default: report.html)
  --title T  the report's title (default: the trace file or the command)`;

/** Opens the output before anything runs, so a bad path is said before the command's side effects. */
function checkOutput(path: string): void {
  try {
    closeSync(openSync(path, 'a'));
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code ?? 'error';
    const why = code === 'EISDIR' ? 'Is a directory' : code === 'ENOENT' ? 'No such file or directory' : code;
    throw new UsageError(`report: Can't fopen '${path}': ${why}`);
  }
}

/** Traces CMD with this vat (`--json -f`) into a temporary file; returns the file and the command's status. */
function record(command: readonly string[], dir: string): { file: string; status: number } {
  const file = join(dir, 'trace.jsonl');
  const cli = process.argv[1] ?? '';
  const r = spawnSync(process.execPath, [cli, '--json', '-f', '-o', file, '--', ...command], {
    stdio: 'inherit',
  });
  return { file, status: r.status ?? 128 + (r.signal ? 1 : 0) };
}

export async function reportCommand(argv: string[]): Promise<number> {
  const dash = argv.indexOf('--');
  const own = dash < 0 ? argv : argv.slice(0, dash);
  const command = dash < 0 ? [] : argv.slice(dash + 1);
  const { values, positionals } = parseSubcommand('report', own, {
    output: { type: 'string', short: 'o' },
    title: { type: 'string' },
    help: { type: 'boolean', short: 'h' },
  });
  if (values.help) {
    printLines([REPORT_HELP]);
    return 0;
  }
  if (positionals.length > 0 === command.length > 0 || positionals.length > 1)
    throw new UsageError('report: give one trace file, or -- COMMAND');
  const output = values.output ?? 'report.html';
  checkOutput(output);
  const { buildReportFromFile } = await import('../../report/from-file.js');
  const { reportHtml } = await import('../../report/html.js');
  if (command.length === 0) {
    const path = positionals[0] as string;
    const data = await buildReportFromFile(path, values.title ?? path);
    writeFileSync(output, reportHtml(data));
    process.stderr.write(`${PROG}: report of ${data.totals.calls} calls written to ${output}\n`);
    return 0;
  }
  const dir = mkdtempSync(join(tmpdir(), 'vat-report-'));
  try {
    const { file, status } = record(command, dir);
    const data = await buildReportFromFile(file, values.title ?? command.join(' '));
    writeFileSync(output, reportHtml(data));
    process.stderr.write(
      `${PROG}: report of ${data.totals.calls} calls written to ${output} (the command exited with status ${status})\n`,
    );
    return 0;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

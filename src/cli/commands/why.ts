// `vat why TRACE | -- CMD | -p PID`: why the program exited, with a ranked guess.

import type { ProcessEnd, WhyReport } from '../../analyze/why.js';
import type { Palette } from '../../util/color.js';
import { runAnalysis } from '../analysis-command.js';
import { INPUT_HELP } from '../analysis-input.js';

export const WHY_HELP = `usage: vat why [--json] TRACE.jsonl | -- CMD [ARGS...] | -p PID

Why the program exited: its exit status or signal, the last failed calls before the end (per process),
what it wrote to stderr just before, and a ranked guess.

${INPUT_HELP}`;

export const whyCommand = (argv: string[]): Promise<number> =>
  runAnalysis(
    {
      name: 'why',
      help: WHY_HELP,
      options: {},
      analyze: async ([trace]) => (await import('../../analyze/why.js')).analyzeWhy(trace),
      render: (report, _values, c) => whyLines(report, c),
    },
    argv,
  );

function whyLines(report: WhyReport, c: Palette): string[] {
  const lines: string[] = [];
  const main = report.main;
  if (!main) return [`${report.source}: no process in the trace`];
  lines.push(c.bold(`${report.source}: ${endLine(main, c)}`));
  const others = report.processes.filter(
    (p) =>
      p !== main &&
      (p.failures.some((f) => !f.benign) || p.stderr.length > 0 || p.how !== 'exited' || p.code !== 0),
  );
  for (const p of [main, ...others]) {
    lines.push(
      '',
      c.bold(`pid ${p.pid}${p.program ? ` ${p.program}` : ''}: ${endLine(p, c)} after ${p.calls} calls`),
    );
    if (p.failures.length === 0) lines.push(`  no failed calls${p.calls ? '' : ' (none traced)'}`);
    else {
      lines.push('  last failed calls:');
      for (const f of p.failures)
        lines.push(
          `    ${f.benign ? c.dim(`${f.call} = -1 ${f.errno}  (usual)`) : `${f.call} = -1 ${c.red(f.errno)}`}`,
        );
    }
    if (p.stderr.length > 0) {
      lines.push('  last writes to stderr:');
      for (const w of p.stderr) lines.push(`    fd ${w.fd}: ${c.yellow(JSON.stringify(w.text))}`);
    } else lines.push('  nothing written to stderr');
    if (p.lastCall) lines.push(`  last call: ${p.lastCall}`);
  }
  if (report.guesses.length > 0) {
    lines.push('', c.bold('most likely:'));
    report.guesses.forEach((g, i) => {
      lines.push(`  ${i + 1}. ${i === 0 ? c.cyan(g.text) : g.text}`);
    });
  }
  return lines;
}

function endLine(p: ProcessEnd, c: Palette): string {
  if (p.how === 'killed') return c.red(`killed by ${p.signal}${p.core ? ' (core dumped)' : ''}`);
  if (p.how === 'running') return c.yellow('still running when the trace ended');
  return p.code === 0 ? c.green('exited 0') : c.red(`exited ${p.code}`);
}

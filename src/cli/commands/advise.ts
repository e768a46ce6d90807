// `vat advise TRACE | -- CMD | -p PID`: where syscall overhead costs time, and what to do about it.

import type { AdviseReport } from '../../analyze/advise.js';
import { humanNs } from '../../analyze/source.js';
import type { Palette } from '../../util/color.js';
import { runAnalysis } from '../analysis-command.js';
import { INPUT_HELP } from '../analysis-input.js';

export const ADVISE_HELP = `usage: vat advise [--json] TRACE.jsonl | -- CMD [ARGS...] | -p PID

Where syscall overhead is the bottleneck: many small reads/writes on one fd, repeated identical calls, stat
storms, failed lookups along search paths, busy polling, files read piecemeal; each with the number of
calls, the time they took (sum of durations) and where (pid, fd, path).

${INPUT_HELP}`;

export const adviseCommand = (argv: string[]): Promise<number> =>
  runAnalysis(
    {
      name: 'advise',
      help: ADVISE_HELP,
      options: {},
      analyze: async ([trace]) => (await import('../../analyze/advise.js')).analyzeAdvice(trace),
      render: (report, _values, c) => adviseLines(report, c),
    },
    argv,
  );

function adviseLines(report: AdviseReport, c: Palette): string[] {
  const lines = [
    c.bold(
      report.timed
        ? `${report.source}: ${report.calls} syscalls, ${humanNs(report.timeNs)} in them (as traced: stops included)`
        : `${report.source}: ${report.calls} syscalls, no call times in this trace (times need strace -T)`,
    ),
  ];
  if (report.findings.length === 0) lines.push('  nothing to advise: no syscall pattern costs much here');
  report.findings.forEach((f, i) => {
    const share =
      report.timeNs > 0 ? ` (${((100 * f.timeNs) / report.timeNs).toFixed(0)}% of syscall time)` : '';
    lines.push('', `${i + 1}. ${c.yellow(`[${f.kind}]`)} ${c.bold(f.title)}`);
    lines.push(`   where: pid ${f.pid}, ${f.where}`);
    lines.push(`   cost:  ${f.count} calls${report.timed ? `, ${humanNs(f.timeNs)}${share}` : ''}`);
    for (const e of f.examples ?? []) lines.push(`   e.g.   ${e}`);
    lines.push(`   ${c.cyan(`advice: ${f.advice}`)}`);
  });
  return lines;
}

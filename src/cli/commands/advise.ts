// `vat advise TRACE | -- CMD | -p PID`: where syscall overhead costs time, and what to do about it.

import { humanNs } from '../../analyze/source.js';
import { palette } from '../../util/color.js';
import { INPUT_HELP, loadTrace, oneInput, parseAnalysisArgs } from '../analysis-input.js';
import { printHelp, printJson, printLines } from '../parse-subcommand.js';

export const ADVISE_HELP = `usage: vat advise [--json] TRACE.jsonl | -- CMD [ARGS...] | -p PID

Where syscall overhead is the bottleneck: many small reads/writes on one fd, repeated identical calls, stat
storms, failed lookups along search paths, busy polling, files read piecemeal; each with the number of
calls, the time they took (sum of durations) and where (pid, fd, path).

${INPUT_HELP}`;

export async function adviseCommand(argv: string[]): Promise<number> {
  const { values, positionals, command } = parseAnalysisArgs('advise', argv, {});
  if (values.help) {
    printHelp(ADVISE_HELP);
    return 0;
  }
  const input = oneInput('advise', positionals, command, values.pid, values.for);
  const { analyzeAdvice } = await import('../../analyze/advise.js');
  const report = await analyzeAdvice(await loadTrace(input, 'advise'));
  if (values.json) {
    printJson(report);
    return 0;
  }
  const c = palette();
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
  printLines(lines);
  return 0;
}

// `vat compare A.jsonl B.jsonl` or `vat compare A.jsonl -- CMD`: what changed between two runs.

import type { CompareReport } from '../../analyze/compare.js';
import type { Trace } from '../../analyze/source.js';
import { UsageError } from '../../errors.js';
import type { Palette } from '../../util/color.js';
import { runAnalysis } from '../analysis-command.js';
import type { Input } from '../analysis-input.js';

export const COMPARE_HELP = `usage: vat compare [--json] [--all] A.jsonl B.jsonl
       vat compare [--json] [--all] A.jsonl -- CMD [ARGS...]

What changed between two runs: syscall counts, files and their results, errors, programs run and how each
process ended. Pids, addresses and timestamps are masked (/proc/<pid>/, 0x<addr>).

  A.jsonl B.jsonl              two traces recorded with 'vat --json -o FILE -f -- CMD' (or strace logs)
  A.jsonl -- CMD [ARGS...]     a recorded trace against a new run of CMD
  --all                        also list syscalls whose counts changed by less than 5%
  --json                       machine-readable output`;

export const compareCommand = (argv: string[]): Promise<number> =>
  runAnalysis(
    {
      name: 'compare',
      help: COMPARE_HELP,
      options: { all: { type: 'boolean' } },
      inputs: ({ values, positionals, command }): [Input, Input] => {
        if (values.pid?.length) throw new UsageError('compare: -p is not supported; compare two traces');
        const wanted = command.length > 0 ? 1 : 2;
        if (positionals.length !== wanted)
          throw new UsageError('compare: give two traces (A.jsonl B.jsonl) or a trace and -- COMMAND');
        return [
          { kind: 'file', path: positionals[0] as string },
          command.length > 0 ? { kind: 'live', command } : { kind: 'file', path: positionals[1] as string },
        ];
      },
      analyze: async ([a, b]) => (await import('../../analyze/compare.js')).compareRuns(a, b as Trace),
      render: (report, values, c) => compareLines(report, values.all === true, c),
    },
    argv,
  );

function compareLines(report: CompareReport, all: boolean, c: Palette): string[] {
  const lines = [
    c.bold(
      `A: ${report.a.source}  (${report.a.calls} syscalls, ${plural(report.a.processes, 'process', 'es')})`,
    ),
    c.bold(
      `B: ${report.b.source}  (${report.b.calls} syscalls, ${plural(report.b.processes, 'process', 'es')})`,
    ),
  ];
  if (report.same) {
    lines.push(
      '',
      'no differences in syscalls, errors, files, programs or exits (pids, addresses, times masked)',
    );
    return lines;
  }
  if (report.exits.length > 0) {
    lines.push('', c.bold('how processes ended:'));
    for (const e of report.exits) lines.push(`  ${e.key}  ${e.a ?? '(absent)'} -> ${e.b ?? '(absent)'}`);
  }
  if (report.programs.onlyA.length + report.programs.onlyB.length > 0) {
    lines.push('', c.bold('programs run:'));
    for (const p of report.programs.onlyA) lines.push(`  ${c.red('-')} ${p}`);
    for (const p of report.programs.onlyB) lines.push(`  ${c.green('+')} ${p}`);
  }
  if (report.errors.length > 0) {
    lines.push('', c.bold('errors (calls that failed):'));
    for (const e of report.errors) lines.push(`  ${e.key.padEnd(28)} ${String(e.a).padStart(6)} -> ${e.b}`);
  }
  if (report.files.length > 0) {
    lines.push('', c.bold('files:'));
    for (const f of report.files) {
      if (f.a === null) lines.push(`  ${c.green('+')} ${f.key}  (${f.b})`);
      else if (f.b === null) lines.push(`  ${c.red('-')} ${f.key}  (${f.a})`);
      else lines.push(`  ${c.yellow('~')} ${f.key}  ${f.a} -> ${f.b}`);
    }
  }
  const shown = report.syscalls.filter(
    (s) => all || s.a === 0 || s.b === 0 || Math.abs(s.b - s.a) / Math.max(s.a, s.b) >= 0.05,
  );
  if (shown.length > 0) {
    lines.push('', c.bold('syscall counts that changed:'));
    lines.push(c.dim(`  ${'NAME'.padEnd(20)} ${'A'.padStart(8)} ${'B'.padStart(8)}  CHANGE`));
    for (const s of shown) {
      const d = s.b - s.a;
      lines.push(
        `  ${s.key.padEnd(20)} ${String(s.a).padStart(8)} ${String(s.b).padStart(8)}  ${d > 0 ? c.green(`+${d}`) : c.red(String(d))}`,
      );
    }
    if (shown.length < report.syscalls.length)
      lines.push(c.dim(`  (${report.syscalls.length - shown.length} more changed by less than 5%: --all)`));
  }
  return lines;
}

const plural = (n: number, word: string, suffix = 's'): string => `${n} ${word}${n === 1 ? '' : suffix}`;

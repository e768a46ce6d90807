// `vat stuck PID [--for 1s] [--no-sample]`: what a running process is blocked in, waiting or spinning.
import { parseDuration, parsePid } from '../../analyze/source.js';
import { humanMs } from '../../analyze/stuck/verdicts.js';
import type { StuckReport } from '../../analyze/stuck.js';
import { UsageError } from '../../errors.js';
import type { Palette } from '../../util/color.js';
import { runReport } from '../analysis-command.js';

export const STUCK_HELP = `usage: vat stuck [--for 1s] [--no-sample] [--json] PID

What each thread of PID is doing now, read from /proc without stopping it: state, the syscall it is in
(decoded, fds resolved to paths, pipes and sockets, and who holds the other end of a pipe), the kernel
function it waits in (wchan) and for how long it has not run. Then a short sampled trace (attach, then
detach) tells waiting from spinning: calls per second and the calls it repeats.

  --for DURATION               length of the sampled trace (default 1s; 500ms, 2s...)
  --no-sample                  only read /proc: never attach
  --json                       machine-readable output`;

export const stuckCommand = (argv: string[]): Promise<number> =>
  runReport(
    {
      name: 'stuck',
      help: STUCK_HELP,
      options: { 'no-sample': { type: 'boolean' } },
      report: async ({ values, positionals, command }) => {
        const given = [...(values.pid ?? []), ...positionals, ...command];
        if (given.length !== 1) throw new UsageError('stuck: give one PID');
        const pid = parsePid(given[0] as string);
        const forMs = values['no-sample'] ? null : parseDuration(values.for ?? '1s');
        const { analyzeStuck } = await import('../../analyze/stuck.js');
        return analyzeStuck(pid, forMs);
      },
      render: (report, _values, c) => stuckLines(report, c),
    },
    argv,
  );

function stuckLines(report: StuckReport, c: Palette): string[] {
  const lines = [
    c.bold(
      `pid ${report.pid} (${report.comm}) ${report.cmdline ? `${JSON.stringify(report.cmdline)} ` : ''}— ${report.threads.length} thread${report.threads.length === 1 ? '' : 's'}`,
    ),
  ];
  for (const t of report.threads) {
    const since = t.sleepingMs !== null ? ` for ~${humanMs(t.sleepingMs)}` : '';
    lines.push(
      '',
      `  tid ${t.tid} (${t.comm})  state ${t.state} ${t.stateText}${since}${t.wchan ? `  wchan ${t.wchan}` : ''}`,
    );
    if (t.syscall) lines.push(`    in ${c.cyan(t.syscall.text)}`);
    else lines.push(`    ${t.inUserSpace ? 'not in a syscall (user space)' : 'no syscall information'}`);
    for (const p of t.peers)
      lines.push(`    other end: pid ${p.pid} (${p.comm}) fd ${p.fd}, open for ${p.mode}`);
    const s = t.sample;
    if (s) {
      lines.push(
        `    sample: ${s.calls} calls in ${humanMs(report.sampledMs ?? 0)} (${s.perSecond}/s), ${Math.round(s.cpuMs)} ms CPU`,
      );
      for (const top of s.top) lines.push(`      ${String(top.count).padStart(6)} x ${top.call}`);
      if (s.unfinished) lines.push(`      still in: ${s.unfinished}`);
    }
  }
  lines.push('', c.bold('verdict:'));
  for (const v of report.verdicts)
    lines.push(`  ${v.includes('waiting') ? c.yellow(v) : v.includes('spinning') ? c.red(v) : v}`);
  return lines;
}

// A trace into the report's data: calls and process events into the collector, then the files, advice and
// profile views from the analyses vat already has.

import { analyzeAdvice } from '../analyze/advise.js';
import { callText, resultText } from '../analyze/call-text.js';
import { analyzeFiles } from '../analyze/files.js';
import { isSyscall, type Trace } from '../analyze/source.js';
import { argName, argNamed, errnoOf, fdPathOf, strOf } from '../analyze/values.js';
import type { Call } from '../model/call.js';
import { errnoByName } from '../tables/errnos.js';
import { signalName } from '../tables/signals.js';
import { ReportCollector } from './collector.js';
import type { ReportData } from './data.js';

const FORKS = new Set(['fork', 'vfork', 'clone', 'clone3']);
const EXECS = new Set(['execve', 'execveat']);

/** The path a call names (its first string argument) or works on (an fd with -y's path). */
function pathOf(r: Call): string | undefined {
  for (let i = 0; i < r.args.length; i++) {
    const s = strOf(r.args[i]);
    if (s === undefined) continue;
    const name = argName(r, i);
    if (name.includes('path') || name === 'filename' || name === 'name') return s;
  }
  for (const v of r.args) {
    const p = fdPathOf(v);
    if (p !== undefined) return p;
  }
  return undefined;
}

function argvText(r: Call): string {
  const v = argNamed(r, 'argv');
  return v?.k === 'array' ? v.items.map((x) => strOf(x) ?? '').join(' ') : '';
}

export async function buildReport(trace: Trace, title: string, profile: string): Promise<ReportData> {
  const c = new ReportCollector();
  await trace.each((r) => {
    if (isSyscall(r)) {
      const errno = errnoOf(r) ?? undefined;
      c.call({
        pid: r.pid,
        tid: r.tid,
        name: r.name,
        ts: r.ts,
        dur: r.duration,
        errno,
        errnoMessage: errno ? errnoByName(errno)?.message : undefined,
        line: `${callText(r, undefined, 6)}${resultText(r)}`,
        path: pathOf(r),
      });
      if (FORKS.has(r.name) && r.ret !== undefined && r.ret > 0n) c.fork(r.pid, Number(r.ret), r.ts);
      if (EXECS.has(r.name) && r.ret === 0n)
        c.exec(r.pid, strOf(argNamed(r, 'pathname') ?? argNamed(r, 'filename')) ?? '', argvText(r), r.ts);
      return;
    }
    const e = r.event;
    if (e.type === 'exited') {
      const signal = e.signo === undefined ? undefined : signalName(e.signo);
      const end = signal
        ? `killed by ${signal}${e.core ? ' (core dumped)' : ''}`
        : `exited with ${e.code ?? 0}`;
      c.exit(r.pid, end, Boolean(signal) || (e.code ?? 0) !== 0, e.ts);
    } else if (e.type === 'signal') c.signal(e.pid, signalName(e.signo), e.ts);
    else if (e.type === 'lost') c.lostEvents(1);
  });
  const files = (await analyzeFiles(trace)).files.map((f) => ({
    path: f.path,
    opens: f.access.filter((a) => a.startsWith('open')).length > 0 ? f.count : 0,
    reads: 0,
    writes: f.written ? 1 : 0,
    failed: f.failed,
    errnos: Object.keys(f.errors),
    pids: f.pids,
  }));
  const findings = (await analyzeAdvice(trace)).findings.map((f) => ({
    title: f.title,
    detail: `pid ${f.pid}, ${f.where}: ${f.count} calls. ${f.advice}`,
  }));
  return { ...c.result(title), files, findings, profile };
}

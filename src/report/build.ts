// A trace into the report's data: calls and process events into the collector, then the files, advice and
// profile views from the analyses vat already has.

import { analyzeAdvice } from '../analyze/advise.js';
import { callText, resultText } from '../analyze/call-text.js';
import { analyzeFiles } from '../analyze/files.js';
import { argOf, fdPathOf, isSyscall, type SyscallRec, strOf, type Trace } from '../analyze/source.js';
import { errnoByName } from '../tables/errnos.js';
import { ReportCollector } from './collector.js';
import type { ReportData } from './data.js';

const FORKS = new Set(['fork', 'vfork', 'clone', 'clone3']);
const EXECS = new Set(['execve', 'execveat']);

/** The path a call names (its first string argument) or works on (an fd with -y's path). */
function pathOf(r: SyscallRec): string | undefined {
  for (const a of r.args) {
    const s = strOf(a.value);
    if (s !== undefined && (a.name.includes('path') || a.name === 'filename' || a.name === 'name')) return s;
  }
  for (const a of r.args) {
    const p = fdPathOf(a.value);
    if (p !== undefined) return p;
  }
  return undefined;
}

function argvText(r: SyscallRec): string {
  const v = argOf(r, 'argv')?.value;
  if (v && typeof v === 'object' && !Array.isArray(v) && Array.isArray(v.array))
    return v.array.map((x) => strOf(x) ?? '').join(' ');
  return '';
}

export async function buildReport(trace: Trace, title: string, profile: string): Promise<ReportData> {
  const c = new ReportCollector();
  await trace.each((r) => {
    if (isSyscall(r)) {
      const errno = r.errno ?? undefined;
      c.call({
        pid: r.pid,
        tid: r.tid,
        name: r.name,
        ts: r.ts,
        dur: r.dur,
        errno,
        errnoMessage: errno ? errnoByName(errno)?.message : undefined,
        line: `${callText(r, undefined, 6)}${resultText(r)}`,
        path: pathOf(r),
      });
      if (FORKS.has(r.name) && r.ret !== null && r.ret > 0n) c.fork(r.pid, Number(r.ret), r.ts);
      if (EXECS.has(r.name) && r.ret === 0n)
        c.exec(
          r.pid,
          strOf(argOf(r, 'pathname')?.value ?? argOf(r, 'filename')?.value) ?? '',
          argvText(r),
          r.ts,
        );
    } else if (r.type === 'exit') {
      const end = r.signal
        ? `killed by ${r.signal}${r.core ? ' (core dumped)' : ''}`
        : `exited with ${r.code ?? 0}`;
      c.exit(r.pid, end, Boolean(r.signal) || (r.code ?? 0) !== 0, r.ts);
    } else if (r.type === 'signal') c.signal(r.tid, r.signal, r.ts);
    else if (r.type === 'lost') c.lostEvents(1);
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

// The /proc half of `vat stuck`: each thread's state, the call it is in, how long it has slept, and who else
// holds the pipe or socket it waits on; read through the ProcFs port, no stop, no ptrace.
import { procFdLink, procFds, procFile, procPids, procTasks } from '../../sys/procfs.js';
import { checkPid } from '../source.js';
import { decodeProcSyscall } from './proc-syscall.js';
import { clockOn, execStart, sinceLastRan } from './sched-clock.js';
import type { Peer, StuckReport, ThreadState } from './types.js';
import { procVerdict } from './verdicts.js';

const STATES: Record<string, string> = {
  R: 'running',
  S: 'sleeping',
  D: 'uninterruptible wait (disk, NFS, driver)',
  T: 'stopped',
  t: 'stopped by a tracer',
  Z: 'zombie',
  X: 'dead',
  I: 'idle',
  P: 'parked',
};

function statFields(text: string | undefined): string[] {
  if (!text) return [];
  // comm can hold spaces and parentheses: fields start after the last ')'
  return text.slice(text.lastIndexOf(')') + 2).split(' ');
}

/** Children of a process (what a thread in wait4 waits for). */
function childrenOf(pid: number): { pid: number; comm: string }[] {
  const out: { pid: number; comm: string }[] = [];
  for (const d of procPids()) {
    const text = procFile(Number(d), 'stat');
    if (!text) continue;
    if (statFields(text)[1] === String(pid))
      out.push({ pid: Number(d), comm: text.slice(text.indexOf('(') + 1, text.lastIndexOf(')')) });
  }
  return out;
}

/** Every other process holding the same pipe or socket, with the way it opened it. */
function peersOf(pid: number, fd: number, shown: string): Peer[] {
  const target = shown.split(' ')[0] ?? shown;
  if (!/^(pipe|socket):\[/.test(target)) return [];
  const out: Peer[] = [];
  for (const p of procPids()) {
    const fds = procFds(p);
    if (fds === undefined) continue;
    for (const f of fds) {
      if (Number(p) === pid && Number(f) === fd) continue;
      if (procFdLink(Number(p), Number(f)) !== target) continue;
      const flags = Number.parseInt(
        /flags:\s*([0-7]+)/.exec(procFile(Number(p), `fdinfo/${f}`) ?? '')?.[1] ?? '0',
        8,
      );
      const mode = (flags & 3) === 1 ? 'write' : (flags & 3) === 2 ? 'read-write' : 'read';
      out.push({ pid: Number(p), comm: (procFile(Number(p), 'comm') ?? '?').trim(), fd: Number(f), mode });
    }
  }
  return out;
}

/** CPU clock ticks (user + system) a thread has used. */
export function cpuTicks(pid: number, tid: number): number {
  const f = statFields(procFile(pid, `task/${tid}/stat`));
  return Number(f[11] ?? 0) + Number(f[12] ?? 0);
}

/** The /proc half: no stop, no ptrace. */
export function snapshot(pid: number): StuckReport {
  checkPid(pid);
  const comm = (procFile(pid, 'comm') ?? '?').trim();
  const cmdline = (procFile(pid, 'cmdline') ?? '').split('\0').filter(Boolean).join(' ');
  const tids = procTasks(pid)
    ?.map(Number)
    .sort((a, b) => a - b) ?? [pid];
  const clocks = new Map<string, number | undefined>();
  const threads: ThreadState[] = [];
  for (const tid of tids) {
    const base = `task/${tid}`;
    const f = statFields(procFile(pid, `${base}/stat`));
    const state = f[0] ?? '?';
    const wchanText = procFile(pid, `${base}/wchan`)?.trim();
    const line = procFile(pid, `${base}/syscall`)?.trim() ?? '';
    const syscall = decodeProcSyscall(pid, line);
    const started = execStart(pid, `${base}/sched`);
    const sleeping = state === 'S' || state === 'D' || state === 'I';
    const now = sleeping ? clockOn(f[36], clocks) : undefined;
    const blockedOn = syscall?.fds[0];
    threads.push({
      tid,
      comm: (procFile(pid, `${base}/comm`) ?? comm).trim(),
      state,
      stateText: STATES[state] ?? state,
      wchan: wchanText && wchanText !== '0' ? wchanText : null,
      syscall,
      inUserSpace: line === 'running' || line.startsWith('-1'),
      sleepingMs: sleeping ? sinceLastRan(started, now) : null,
      peers: blockedOn ? peersOf(pid, blockedOn.fd, blockedOn.target) : [],
      children: syscall && /^wait/.test(syscall.name) ? childrenOf(pid) : [],
    });
  }
  return { pid, comm, cmdline, threads, sampledMs: null, verdicts: threads.map((t) => procVerdict(t, pid)) };
}

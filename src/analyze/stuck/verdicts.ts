// `vat stuck`'s sentences: what /proc says a thread is doing, then what the sample says (waiting, spinning,
// working), the most clearly stuck thread first.
import type { ThreadSample, ThreadState } from './types.js';

/** A thread's verdict from /proc alone. */
export function procVerdict(t: ThreadState, pid: number): string {
  if (t.state === 'Z') return `thread ${t.tid} is a zombie: it exited and its parent has not waited for it`;
  if (t.state === 'T' || t.state === 't') return `thread ${t.tid} is ${t.stateText}`;
  if (t.syscall) {
    const on = t.syscall.fds[0];
    const what = on ? ` on ${kindText(on.target)} (fd ${on.fd})` : '';
    const since = t.sleepingMs !== null ? ` for ~${humanMs(t.sleepingMs)}` : '';
    return `thread ${t.tid} is blocked in ${t.syscall.name}${what}${since}${peerText(t, pid)}`;
  }
  if (t.state === 'R') return `thread ${t.tid} is running in user space`;
  return `thread ${t.tid} is ${t.stateText}`;
}

function kindText(target: string): string {
  if (target.startsWith('pipe:')) return `a pipe ${target}`;
  if (target.startsWith('socket:')) return `a socket ${target}`;
  return target;
}

function peerText(t: ThreadState, pid: number): string {
  if (t.children.length > 0)
    return `; its children: ${t.children.map((c) => `pid ${c.pid} (${c.comm})`).join(', ')} (try vat stuck on them)`;
  const on = t.syscall?.fds[0];
  if (!on?.target.startsWith('pipe:')) return '';
  const reading = /^(read|readv|pread64|splice)$/.test(t.syscall?.name ?? '');
  const want = reading ? 'write' : 'read';
  const others = t.peers.filter((p) => p.mode === want || p.mode === 'read-write');
  if (others.length === 0)
    return `; no process holds the ${want} end: it will ${reading ? 'see end of file' : 'get EPIPE'}`;
  const list = others.map((p) => `pid ${p.pid} (${p.comm}) fd ${p.fd}`).join(', ');
  if (others.every((p) => p.pid === pid))
    return `; the ${want} end is held only by this process (${list}): nothing else can ${want === 'write' ? 'write to' : 'read from'} it`;
  return `; the ${want} end is held by ${list}`;
}

export function humanMs(ms: number): string {
  if (ms >= 60_000) return `${(ms / 60_000).toFixed(1)} min`;
  if (ms >= 1000) return `${(ms / 1000).toFixed(1)} s`;
  return `${Math.round(ms)} ms`;
}

/** A thread's verdict from its sample. */
export function sampleVerdict(t: ThreadState, s: ThreadSample, elapsedMs: number, pid: number): string {
  const cpuShare = s.cpuMs / elapsedMs;
  const topShare = s.top[0] ? s.top[0].count / Math.max(1, s.calls) : 0;
  if (s.calls <= 2 && cpuShare >= 0.3)
    return `thread ${t.tid} is spinning in user space: ${Math.round(cpuShare * 100)}% CPU, no syscalls in ${humanMs(elapsedMs)}`;
  if (s.calls <= 2) {
    const call = t.syscall?.text ?? s.unfinished;
    const on = t.syscall?.fds[0];
    const since = t.sleepingMs !== null ? ` for ~${humanMs(Math.max(t.sleepingMs, elapsedMs))}` : '';
    if (call)
      return `thread ${t.tid} is waiting: blocked in ${t.syscall?.name ?? call}${on ? ` on ${kindText(on.target)} (fd ${on.fd})` : ''}${since}, ${s.calls} calls completed in ${humanMs(elapsedMs)}${peerText(t, pid)}`;
    return `thread ${t.tid} is idle (${t.stateText}, ${Math.round(cpuShare * 100)}% CPU), no calls in ${humanMs(elapsedMs)}`;
  }
  // the same call with the same result, over and over, from a runnable thread: spinning at whatever rate the
  // machine allows it (on a loaded machine a busy loop may get only a few calls in)
  const repeating = s.calls >= 5 && topShare >= 0.9 && t.state === 'R';
  if (((s.calls >= 20 && topShare >= 0.5) || repeating) && s.top[0])
    return `thread ${t.tid} is spinning: ${s.perSecond} calls/s, ${Math.round(topShare * 100)}% the same call: ${s.top[0].call}`;
  if (cpuShare >= 0.3 && s.perSecond < 20)
    return `thread ${t.tid} is spinning in user space: ${Math.round(cpuShare * 100)}% CPU, ${s.perSecond} calls/s`;
  return `thread ${t.tid} is working: ${s.perSecond} calls/s, ${Math.round(cpuShare * 100)}% CPU`;
}

/**
 * The sampled threads' verdicts, the most clearly stuck first; a process gone before the sample ended is the
 * answer (`end`), whatever its threads did before.
 */
export function sampleVerdicts(
  threads: readonly ThreadState[],
  elapsedMs: number,
  pid: number,
  end: string | undefined,
): string[] {
  const verdicts: string[] = [];
  for (const t of threads) {
    if (t.sample === undefined) continue;
    t.verdict = sampleVerdict(t, t.sample, elapsedMs, pid);
    verdicts.push(t.verdict);
  }
  const order = (v: string): number => (v.includes('waiting') ? 0 : v.includes('spinning') ? 1 : 2);
  verdicts.sort((a, b) => order(a) - order(b));
  if (end !== undefined) verdicts.unshift(`pid ${pid} ${end} during the sample: it is no longer running`);
  return verdicts;
}

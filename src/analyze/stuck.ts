// `vat stuck PID`: what each thread is doing right now, from /proc (no stop), then a short sampled trace to
// tell waiting (blocked in one call) from spinning (the same calls over and over, or CPU without calls).

import { execFileSync } from 'node:child_process';
import { closeSync, openSync, readdirSync, readFileSync, readSync } from 'node:fs';
import { VatError } from '../errors.js';
import { procFdLink } from '../sys/procfs.js';
import { signatureOf } from '../tables/lookup.js';
import { syscallByNumber } from '../tables/syscalls.js';
import { callText } from './call-text.js';
import { FdTable } from './fd-table.js';
import { checkPid, isSyscall, type Rec, type SyscallRec } from './source.js';

export interface ProcCall {
  readonly nr: number;
  readonly name: string;
  /** `read(3<pipe:[123]>, 0x7ffd..., 1)` */
  readonly text: string;
  /** The fds among the arguments, resolved through /proc/PID/fd. */
  readonly fds: { fd: number; target: string }[];
}

export interface Peer {
  readonly pid: number;
  readonly comm: string;
  readonly fd: number;
  readonly mode: 'read' | 'write' | 'read-write';
}

export interface ThreadState {
  readonly tid: number;
  readonly comm: string;
  readonly state: string;
  readonly stateText: string;
  readonly wchan: string | null;
  /** The syscall the thread is in, from /proc/PID/task/TID/syscall; null when running or not in one. */
  readonly syscall: ProcCall | null;
  readonly inUserSpace: boolean;
  /** Milliseconds since the thread last ran (sleeping threads), from the scheduler's exec_start. */
  readonly sleepingMs: number | null;
  /** Other holders of the pipe or socket the blocking call waits on. */
  readonly peers: Peer[];
  /** In wait4/waitid: the children it waits for. */
  readonly children: { pid: number; comm: string }[];
  sample?: ThreadSample;
  verdict?: string;
}

export interface ThreadSample {
  readonly calls: number;
  readonly perSecond: number;
  /** Most frequent calls during the sample: `poll(...) = 0` -> count. */
  readonly top: { call: string; count: number }[];
  /** The call in progress when the sample ended. */
  readonly unfinished: string | null;
  /** CPU time the thread used during the sample, milliseconds. */
  readonly cpuMs: number;
}

export interface StuckReport {
  readonly pid: number;
  readonly comm: string;
  readonly cmdline: string;
  readonly threads: ThreadState[];
  readonly sampledMs: number | null;
  /** How the process ended when it exited during the sample (`exited with 0`, `killed by SIGTERM`). */
  readonly exited?: string;
  /** One sentence per thread that matters, the first is the answer. */
  readonly verdicts: string[];
}

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
const CLK_TCK = 100;

const read = (path: string): string | undefined => {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return undefined;
  }
};

function statFields(text: string | undefined): string[] {
  if (!text) return [];
  // comm can hold spaces and parentheses: fields start after the last ')'
  return text.slice(text.lastIndexOf(')') + 2).split(' ');
}

function execStart(path: string): number | undefined {
  const m = /se\.exec_start\s*:\s*([\d.]+)/.exec(read(path) ?? '');
  return m ? Number(m[1]) : undefined;
}

/**
 * "Now" on a CPU's scheduler clock, which is per CPU and skips steal time: a `cat` pinned to that CPU reads its
 * own exec_start. Our own thread's value is the fallback (off by up to a second on a busy VM).
 */
function clockOn(cpu: string | undefined, cache: Map<string, number | undefined>): number | undefined {
  const key = cpu ?? 'self';
  if (cache.has(key)) return cache.get(key);
  let now: number | undefined;
  if (cpu !== undefined && /^\d+$/.test(cpu))
    try {
      const out = execFileSync('taskset', ['-c', cpu, 'cat', '/proc/thread-self/sched'], {
        encoding: 'utf8',
        stdio: ['ignore', 'pipe', 'ignore'],
        timeout: 2000,
      });
      const m = /se\.exec_start\s*:\s*([\d.]+)/.exec(out);
      if (m) now = Number(m[1]);
    } catch {
      now = undefined;
    }
  now ??= execStart('/proc/thread-self/sched');
  cache.set(key, now);
  return now;
}

function readString(pid: number, addr: bigint): string | undefined {
  if (addr === 0n) return undefined;
  let fd: number | undefined;
  try {
    fd = openSync(`/proc/${pid}/mem`, 'r');
    const buf = Buffer.alloc(256);
    const n = readSync(fd, buf, 0, buf.length, addr);
    const end = buf.subarray(0, n).indexOf(0);
    return buf.subarray(0, end < 0 ? n : end).toString('utf8');
  } catch {
    return undefined;
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

/** `/proc/PID/task/TID/syscall` decoded with the signature table. */
export function decodeProcSyscall(pid: number, line: string): ProcCall | null {
  const parts = line.trim().split(/\s+/);
  const nr = Number(parts[0]);
  if (parts[0] === 'running' || !Number.isInteger(nr) || nr < 0) return null;
  const name = syscallByNumber('x86_64', nr)?.name ?? `syscall_${nr}`;
  const raw = parts.slice(1, 7).map((h) => BigInt(h));
  const sig = signatureOf(name);
  const fds: { fd: number; target: string }[] = [];
  const args = (sig?.args ?? raw.map((_, i) => ({ name: `arg${i}`, kind: 'hex' as const }))).map((a, i) => {
    const v = raw[i] ?? 0n;
    const s32 = Number(BigInt.asIntN(32, v));
    switch (a.kind) {
      case 'fd':
      case 'dirfd': {
        if (a.kind === 'dirfd' && s32 === -100) return 'AT_FDCWD';
        const link = procFdLink(pid, s32);
        const sock = link === undefined ? undefined : describeSocket(pid, link);
        const target = sock === undefined ? link : `${link} ${sock}`;
        if (target !== undefined) fds.push({ fd: s32, target });
        return target === undefined ? String(s32) : `${s32}<${target}>`;
      }
      case 'path':
      case 'str': {
        const s = readString(pid, v);
        return s === undefined ? `0x${v.toString(16)}` : JSON.stringify(s);
      }
      case 'int':
      case 'pid':
      case 'uid':
      case 'gid':
        return String(s32);
      case 'uint':
      case 'size':
      case 'ulong':
        return String(v);
      case 'long':
      case 'off':
        return String(BigInt.asIntN(64, v));
      default:
        return v === 0n && a.kind === 'ptr' ? 'NULL' : `0x${v.toString(16)}`;
    }
  });
  return { nr, name, text: `${name}(${args.join(', ')})`, fds };
}

const TCP_STATES: Record<string, string> = {
  '01': 'ESTABLISHED',
  '02': 'SYN_SENT',
  '03': 'SYN_RECV',
  '06': 'TIME_WAIT',
  '07': 'CLOSE',
  '08': 'CLOSE_WAIT',
  '0A': 'LISTEN',
};

function ipv4(hex: string): string {
  const [addr = '', port = ''] = hex.split(':');
  const bytes = (addr.match(/../g) ?? []).map((b) => Number.parseInt(b, 16)).reverse();
  return `${bytes.join('.')}:${Number.parseInt(port, 16)}`;
}

/** `socket:[123]` as `TCP 127.0.0.1:8080 LISTEN` or `UNIX /run/x.sock`, from /proc/net (own network namespace). */
export function describeSocket(pid: number, target: string): string | undefined {
  const inode = /^socket:\[(\d+)\]$/.exec(target)?.[1];
  if (!inode) return undefined;
  for (const proto of ['tcp', 'udp'] as const) {
    const rows = (read(`/proc/${pid}/net/${proto}`) ?? '').split('\n').slice(1);
    for (const row of rows) {
      const f = row.trim().split(/\s+/);
      if (f[9] !== inode) continue;
      const state = proto === 'tcp' ? ` ${TCP_STATES[f[3] ?? ''] ?? f[3]}` : '';
      const remote = f[2] && !/^0+:0+$/.test(f[2]) ? ` -> ${ipv4(f[2])}` : '';
      return `${proto.toUpperCase()} ${ipv4(f[1] ?? '')}${remote}${state}`;
    }
  }
  for (const row of (read(`/proc/${pid}/net/unix`) ?? '').split('\n').slice(1)) {
    const f = row.trim().split(/\s+/);
    if (f[6] === inode) return `UNIX ${f[7] ?? '(unnamed)'}`;
  }
  return undefined;
}

/** Children of a process (what a thread in wait4 waits for). */
function childrenOf(pid: number): { pid: number; comm: string }[] {
  const out: { pid: number; comm: string }[] = [];
  let dirs: string[];
  try {
    dirs = readdirSync('/proc').filter((d) => /^\d+$/.test(d));
  } catch {
    return out;
  }
  for (const d of dirs) {
    const text = read(`/proc/${d}/stat`);
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
  let pids: string[];
  try {
    pids = readdirSync('/proc').filter((d) => /^\d+$/.test(d));
  } catch {
    return out;
  }
  for (const p of pids) {
    let fds: string[];
    try {
      fds = readdirSync(`/proc/${p}/fd`);
    } catch {
      continue;
    }
    for (const f of fds) {
      if (Number(p) === pid && Number(f) === fd) continue;
      if (procFdLink(Number(p), Number(f)) !== target) continue;
      const flags = Number.parseInt(
        /flags:\s*([0-7]+)/.exec(read(`/proc/${p}/fdinfo/${f}`) ?? '')?.[1] ?? '0',
        8,
      );
      const mode = (flags & 3) === 1 ? 'write' : (flags & 3) === 2 ? 'read-write' : 'read';
      out.push({ pid: Number(p), comm: (read(`/proc/${p}/comm`) ?? '?').trim(), fd: Number(f), mode });
    }
  }
  return out;
}

function cpuTicks(pid: number, tid: number): number {
  const f = statFields(read(`/proc/${pid}/task/${tid}/stat`));
  return Number(f[11] ?? 0) + Number(f[12] ?? 0);
}

/** The /proc half: no stop, no ptrace. */
export function snapshot(pid: number): StuckReport {
  checkPid(pid);
  const comm = (read(`/proc/${pid}/comm`) ?? '?').trim();
  const cmdline = (read(`/proc/${pid}/cmdline`) ?? '').split('\0').filter(Boolean).join(' ');
  let tids: number[];
  try {
    tids = readdirSync(`/proc/${pid}/task`)
      .map(Number)
      .sort((a, b) => a - b);
  } catch {
    tids = [pid];
  }
  const clocks = new Map<string, number | undefined>();
  const threads: ThreadState[] = [];
  for (const tid of tids) {
    const base = `/proc/${pid}/task/${tid}`;
    const f = statFields(read(`${base}/stat`));
    const state = f[0] ?? '?';
    const wchanText = read(`${base}/wchan`)?.trim();
    const line = read(`${base}/syscall`)?.trim() ?? '';
    const syscall = decodeProcSyscall(pid, line);
    const started = execStart(`${base}/sched`);
    const sleeping = state === 'S' || state === 'D' || state === 'I';
    const now = sleeping ? clockOn(f[36], clocks) : undefined;
    const blockedOn = syscall?.fds[0];
    threads.push({
      tid,
      comm: (read(`${base}/comm`) ?? comm).trim(),
      state,
      stateText: STATES[state] ?? state,
      wchan: wchanText && wchanText !== '0' ? wchanText : null,
      syscall,
      inUserSpace: line === 'running' || line.startsWith('-1'),
      sleepingMs:
        sleeping && now !== undefined && started !== undefined
          ? Math.max(0, Math.round(now - started))
          : null,
      peers: blockedOn ? peersOf(pid, blockedOn.fd, blockedOn.target) : [],
      children: syscall && /^wait/.test(syscall.name) ? childrenOf(pid) : [],
    });
  }
  return { pid, comm, cmdline, threads, sampledMs: null, verdicts: threads.map((t) => procVerdict(t, pid)) };
}

function procVerdict(t: ThreadState, pid: number): string {
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

/** Snapshot, then attach for `forMs`, detach, and read the sample. */
export async function analyzeStuck(pid: number, forMs: number | null): Promise<StuckReport> {
  const snap = snapshot(pid);
  if (forMs === null || forMs <= 0) return snap;
  const before = new Map(snap.threads.map((t) => [t.tid, cpuTicks(pid, t.tid)]));
  const started = Date.now();
  const { liveTrace } = await import('./live.js');
  const trace = { records: [] as Rec[] };
  try {
    const sampled = await liveTrace({ command: [], attach: [pid], forMs, strsize: 32, fdPaths: true });
    await sampled.each((r) => trace.records.push(r));
  } catch (err) {
    // another tracer holds it, or a kernel thread: what /proc tells is still worth showing
    if (!(err instanceof VatError) || err.code !== 'EPERM') throw err;
    return {
      ...snap,
      verdicts: [...snap.verdicts, `not sampled: ${err.message.replace(/^attach: /, 'cannot attach: ')}`],
    };
  }
  // the sampled window: from the attach to the detach as the trace saw them
  const first = trace.records[0]?.ts;
  const last = trace.records.at(-1)?.ts;
  const seen = first !== undefined && last !== undefined ? Number((last - first) / 1_000_000n) : 0;
  const wall = Math.max(1, Date.now() - started);
  const elapsed = seen > 0 ? seen : wall;
  const end = exitOf(trace.records, pid);
  const fds = new FdTable();
  const byTid = new Map<number, SyscallRec[]>();
  for (const r of trace.records) {
    if (!isSyscall(r)) continue;
    const list = byTid.get(r.tid) ?? [];
    list.push(r);
    byTid.set(r.tid, list);
  }
  const verdicts: string[] = [];
  for (const t of snap.threads) {
    const recs = byTid.get(t.tid) ?? [];
    const done = recs.filter((r) => r.ret !== null);
    const open = recs.filter((r) => r.ret === null).at(-1);
    const counts = new Map<string, number>();
    for (const r of done) {
      const key = `${callText(r, fds, 2)} = ${r.errno ? `-1 ${r.errno}` : r.ret}`;
      counts.set(key, (counts.get(key) ?? 0) + 1);
    }
    const top = [...counts]
      .sort((a, b) => b[1] - a[1])
      .slice(0, 3)
      .map(([call, count]) => ({ call, count }));
    // CPU over the whole wall time (from before the attach), scaled to the sampled window
    // (a thread gone by now reads as 0 ticks: no CPU known, not negative CPU)
    const ticks = Math.max(0, cpuTicks(pid, t.tid) - (before.get(t.tid) ?? 0));
    const cpuMs = ((ticks * 1000) / CLK_TCK) * (elapsed / wall);
    const sample: ThreadSample = {
      calls: done.length,
      perSecond: Math.round((done.length * 1000) / elapsed),
      top,
      unfinished: open ? callText(open, fds) : null,
      cpuMs,
    };
    t.sample = sample;
    t.verdict = sampleVerdict(t, sample, elapsed, pid);
    verdicts.push(t.verdict);
  }
  // the thread that is most clearly stuck first
  const order = (v: string): number => (v.includes('waiting') ? 0 : v.includes('spinning') ? 1 : 2);
  verdicts.sort((a, b) => order(a) - order(b));
  // a process gone before the sample ended is the answer, whatever its threads did before
  if (end !== undefined) verdicts.unshift(`pid ${pid} ${end} during the sample: it is no longer running`);
  return { ...snap, sampledMs: elapsed, ...(end === undefined ? {} : { exited: end }), verdicts };
}

/** `exited with N` / `killed by SIG` when the sampled trace saw the process end. */
function exitOf(records: readonly Rec[], pid: number): string | undefined {
  for (let i = records.length - 1; i >= 0; i--) {
    const r = records[i] as Rec;
    if (r.type !== 'exit' || r.pid !== pid || r.tid !== pid) continue;
    return r.signal !== undefined ? `was killed by ${r.signal}` : `exited with ${r.code ?? 0}`;
  }
  return undefined;
}

function sampleVerdict(t: ThreadState, s: ThreadSample, elapsedMs: number, pid: number): string {
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

// `vat advise`: where syscall overhead is the bottleneck — small I/O, repeated identical calls, stat storms,
// search-path misses, busy polling, files read piecemeal — each with counts, time spent and where.
import type { JsonValue } from '../format/json-value.js';
import { callText } from './call-text.js';
import { FdTable } from './fd-table.js';
import { LOOKUP_VERBS, pathUses, stemOf } from './path-ops.js';
import { fdArgOf, isSyscall, type SyscallRec, type Trace } from './source.js';
import { SparseTallies, type Tally } from './tallies.js';

export type FindingKind = 'small-io' | 'repeated' | 'stat-storm' | 'search-misses' | 'busy-poll' | 'mmap';

export interface Finding {
  readonly kind: FindingKind;
  readonly title: string;
  readonly pid: number;
  /** fd and path, syscall, or file the finding is about. */
  readonly where: string;
  /** Calls involved. */
  readonly count: number;
  /** Time those calls took, nanoseconds (sum of their durations). */
  readonly timeNs: number;
  readonly advice: string;
  readonly examples?: string[];
}

export interface AdviseReport {
  readonly source: string;
  readonly calls: number;
  /** Time in all syscalls, nanoseconds. */
  readonly timeNs: number;
  /** false: the trace has no call times (an strace log without -T), so every time above is 0. */
  readonly timed: boolean;
  readonly findings: Finding[];
}

const READS = new Set(['read', 'pread64', 'readv', 'preadv', 'preadv2', 'recvfrom', 'recvmsg']);
const WRITES = new Set(['write', 'pwrite64', 'writev', 'pwritev', 'pwritev2', 'sendto', 'sendmsg']);
const POLLERS = new Set(['poll', 'ppoll', 'select', 'pselect6', 'epoll_wait', 'epoll_pwait', 'epoll_pwait2']);
const STATS = new Set(['stat', 'lstat', 'fstat', 'newfstatat', 'statx', 'access', 'faccessat', 'faccessat2']);
/** Calls that are never "the same" twice in a useful sense (they move data, wait or change memory). */
const NOT_REPEATS = new Set([
  ...READS,
  ...WRITES,
  ...POLLERS,
  'futex',
  'nanosleep',
  'clock_nanosleep',
  'wait4',
  'waitid',
  'mmap',
  'munmap',
  'brk',
  'exit',
  'exit_group',
  'rt_sigreturn',
  'accept',
  'accept4',
  // fds are reused: the same number is another file each time
  'close',
  'open',
  'openat',
  'openat2',
  'dup',
  'dup2',
  'dup3',
  'lseek',
  'execve',
  'clone',
  'clone3',
  'fork',
  'vfork',
]);

/** Thresholds: below these, the overhead is not worth a finding. */
export const LIMITS = {
  smallBytes: 128,
  smallCalls: 100,
  repeats: 100,
  statCalls: 200,
  statSamePath: 20,
  searchMisses: 20,
  idlePolls: 20,
  fileReads: 64,
} as const;

const dur = (r: SyscallRec): bigint => r.dur ?? 0n;

function tally(map: Map<string, Tally>, key: string, pid: number, where: string): Tally {
  let t = map.get(key);
  if (!t) {
    t = { pid, where, count: 0, time: 0n, bytes: 0, small: 0 };
    map.set(key, t);
  }
  return t;
}

export async function analyzeAdvice(trace: Trace): Promise<AdviseReport> {
  const fds = new FdTable();
  // keyed by fd, call, path or file: only keys that can reach a finding's threshold are kept whole
  const io = new SparseTallies(LIMITS.smallCalls, 3);
  const repeats = new SparseTallies(LIMITS.repeats);
  const statsByPid = new Map<string, Tally>();
  const statsByPath = new SparseTallies(LIMITS.statSamePath);
  const misses = new Map<string, Tally>();
  const missStems = new Map<string, Set<string>>();
  const polls = new Map<string, Tally>();
  const fileReads = new SparseTallies(LIMITS.fileReads, 2);
  let calls = 0;
  let total = 0n;
  let timed = false;
  await trace.each((r) => {
    if (r.type === 'exit' && r.tid === r.pid) {
      // the process ended: its keys that have not made a finding yet never will
      for (const t of [io, repeats, statsByPath, fileReads]) t.retire(r.pid);
      return;
    }
    if (!isSyscall(r)) return;
    calls++;
    total += dur(r);
    if (r.dur !== undefined) timed = true;
    const fd = fdArgOf(r, 0) ?? -1;
    const reading = READS.has(r.name);
    if ((reading || WRITES.has(r.name)) && r.errno === null && r.ret !== null) {
      const info = fds.lookup(r.pid, fd, r.args[0]?.value);
      const time = dur(r);
      const bytes = Number(r.ret);
      io.add(
        `${r.pid} ${fd} ${info?.path} ${reading ? 'r' : 'w'}`,
        r.pid,
        { time, bytes, small: r.ret <= BigInt(LIMITS.smallBytes) },
        () => ({ pid: r.pid, where: fds.describe(r.pid, fd, r.args[0]?.value), example: r.name }),
      );
      if (reading && info?.kind === 'file' && isPlainFile(info.path)) {
        const path = info.path;
        fileReads.add(`${r.pid} ${path}`, r.pid, { time, bytes }, () => ({ pid: r.pid, where: path }));
      }
    }
    if (!NOT_REPEATS.has(r.name) && r.ret !== null) {
      const key = `${r.pid} ${r.name} ${r.args.map((a) => a.raw ?? valueKey(a.value)).join(',')} ${r.ret} ${r.errno}`;
      repeats.add(key, r.pid, { time: dur(r) }, () => ({
        pid: r.pid,
        where: r.name,
        example: `${callText(r, fds)} = ${r.errno ? `-1 ${r.errno}` : r.ret}`,
      }));
    }
    if (STATS.has(r.name)) {
      const t = tally(statsByPid, String(r.pid), r.pid, 'stat family');
      t.count++;
      t.time += dur(r);
      const path =
        pathUses(r, fds)[0]?.path ?? (r.name === 'fstat' ? fds.lookup(r.pid, fd)?.path : undefined);
      if (path !== undefined)
        statsByPath.add(`${r.pid} ${path}`, r.pid, { time: dur(r) }, () => ({ pid: r.pid, where: path }));
    }
    if (r.errno === 'ENOENT' || r.errno === 'ENOTDIR')
      for (const use of pathUses(r, fds))
        if (LOOKUP_VERBS.has(use.verb)) {
          const t = tally(misses, String(r.pid), r.pid, 'failed lookups');
          t.count++;
          t.time += dur(r);
          const stems = missStems.get(String(r.pid)) ?? new Set();
          stems.add(stemOf(use.path));
          missStems.set(String(r.pid), stems);
        }
    if (POLLERS.has(r.name) && r.ret === 0n) {
      const t = tally(polls, `${r.pid} ${r.name}`, r.pid, r.name);
      t.count++;
      t.time += dur(r);
      t.example ??= callText(r, fds, 4);
    }
    fds.update(r);
  });
  const findings: Finding[] = [];
  const ns = (b: bigint): number => Number(b);
  for (const t of io.kept()) {
    if (t.small < LIMITS.smallCalls || t.bytes / t.count > 4 * LIMITS.smallBytes) continue;
    const writing = !READS.has(t.example ?? '');
    const avg = t.bytes / t.count;
    findings.push({
      kind: 'small-io',
      title: `${t.count} small ${writing ? 'writes' : 'reads'} (${avg < 10 ? avg.toFixed(1) : Math.round(avg)} bytes each on average)`,
      pid: t.pid,
      where: t.where,
      count: t.count,
      timeNs: ns(t.time),
      advice: writing
        ? 'buffer the output (stdio full buffering, setvbuf, a BufWriter) or gather pieces with writev'
        : 'read in larger blocks (a buffered reader) or readv',
    });
  }
  for (const t of repeats.kept()) {
    if (t.count < LIMITS.repeats) continue;
    findings.push({
      kind: 'repeated',
      title: `${t.count} identical calls: ${t.example}`,
      pid: t.pid,
      where: t.where,
      count: t.count,
      timeNs: ns(t.time),
      advice: 'the answer does not change between calls: ask once and keep it (cache it)',
    });
  }
  const statPaths = [...statsByPath.kept()].filter((p) => p.count >= LIMITS.statSamePath);
  for (const t of statsByPid.values()) {
    const same = statPaths.filter((p) => p.pid === t.pid).sort((a, b) => b.count - a.count);
    if (t.count < LIMITS.statCalls && same.length === 0) continue;
    findings.push({
      kind: 'stat-storm',
      title: `${t.count} stat-family calls${same.length ? `, the same path up to ${same[0]?.count} times` : ''}`,
      pid: t.pid,
      where: same[0]?.where ?? 'many paths',
      count: t.count,
      timeNs: ns(t.time),
      advice:
        'remember what was stat-ed (or open once and fstat); check existence by opening the file directly',
      examples: same.slice(0, 3).map((p) => `${p.where} x${p.count}`),
    });
  }
  // one finding for the whole run: every process of a script searches the same paths
  const missAll = [...misses.values()];
  const missCount = missAll.reduce((n, t) => n + t.count, 0);
  if (missCount >= LIMITS.searchMisses) {
    const worst = missAll.sort((a, b) => b.count - a.count)[0] as Tally;
    const stems = [...new Set(missAll.flatMap((t) => [...(missStems.get(String(t.pid)) ?? [])]))];
    const procs = missAll.length > 1 ? ` in ${missAll.length} processes` : '';
    findings.push({
      kind: 'search-misses',
      title: `${missCount} lookups failed with ENOENT/ENOTDIR along search paths (${stems.length} names${procs})`,
      pid: worst.pid,
      where: `${stems.slice(0, 6).join(', ')}${stems.length > 6 ? ', ...' : ''}`,
      count: missCount,
      timeNs: ns(missAll.reduce((n, t) => n + t.time, 0n)),
      advice:
        'shorten the search path (PATH, LD_LIBRARY_PATH, sys.path, config dirs) or put the usual place first',
    });
  }
  for (const t of polls.values()) {
    if (t.count < LIMITS.idlePolls) continue;
    findings.push({
      kind: 'busy-poll',
      title: `${t.count} ${t.where} calls returned 0 (nothing ready): polling in a loop`,
      pid: t.pid,
      where: t.example ?? t.where,
      count: t.count,
      timeNs: ns(t.time),
      advice: 'block with a longer (or no) timeout and let the kernel wake you, instead of polling',
    });
  }
  for (const t of fileReads.kept()) {
    if (t.count < LIMITS.fileReads) continue;
    findings.push({
      kind: 'mmap',
      title: `${t.count} reads of the same file (${t.bytes} bytes)`,
      pid: t.pid,
      where: t.where,
      count: t.count,
      timeNs: ns(t.time),
      advice: 'map the file once (mmap) or read it whole into memory',
    });
  }
  findings.sort((a, b) => b.timeNs - a.timeNs || b.count - a.count);
  return { source: trace.source, calls, timeNs: ns(total), timed, findings };
}

/** A decoded value as a key's text: JSON, with big integers as digits (the slower replacer only when needed). */
function valueKey(v: JsonValue): string {
  try {
    return JSON.stringify(v);
  } catch {
    return JSON.stringify(v, (_k, x) => (typeof x === 'bigint' ? String(x) : x));
  }
}

const isPlainFile = (path: string): boolean =>
  path.startsWith('/') && !/^\/(dev|proc|sys)\//.test(path) && path !== '/dev/null';

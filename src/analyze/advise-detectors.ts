// advise's detectors as a table: one entry per pattern, saying which calls it watches, what it keeps of them
// (bounded: light tallies until a key can matter, let go when its process ends) and its verdict at the end.
import { argCount, argOf, LineCall } from '../import/line-call.js';
import type { Call } from '../model/call.js';
import type { Value } from '../model/value.js';
import { valueText } from '../model/value-text.js';
import { callText } from './call-text.js';
import type { FdInfo, FdTable } from './fd-table.js';
import { LOOKUP_VERBS, pathUses, stemOf } from './path-ops.js';
import { SparseTallies, type Tally } from './tallies.js';
import { errnoOf, rawOf } from './values.js';

type FindingKind = 'small-io' | 'repeated' | 'stat-storm' | 'search-misses' | 'busy-poll' | 'mmap';

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

/** Thresholds: below these, the overhead is not worth a finding. */
const LIMITS = {
  smallBytes: 128,
  smallCalls: 100,
  repeats: 100,
  statCalls: 200,
  statSamePath: 20,
  searchMisses: 20,
  idlePolls: 20,
  fileReads: 64,
} as const;

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

/** One call as the detectors see it, before the fd table learns from it. */
export class Seen {
  private fdInfo: FdInfo | undefined | null = null;
  /** The errno's name when the call failed. */
  readonly errno: string | null;

  constructor(
    readonly r: Call,
    /** Argument 0 as an fd, -1 when it is none. */
    readonly fd: number,
    readonly fds: FdTable,
  ) {
    this.errno = errnoOf(r);
  }

  /** Time inside the call (0 when the trace has no times). */
  get dur(): bigint {
    return this.r.duration ?? 0n;
  }

  /** What argument 0's fd is, looked up once for every detector. */
  get info(): FdInfo | undefined {
    if (this.fdInfo === null) this.fdInfo = this.fds.lookup(this.r.pid, this.fd, argOf(this.r, 0));
    return this.fdInfo;
  }

  /** A read or write that moved data. */
  get io(): 'r' | 'w' | undefined {
    const r = this.r;
    if (this.errno !== null || r.ret === undefined) return undefined;
    return READS.has(r.name) ? 'r' : WRITES.has(r.name) ? 'w' : undefined;
  }
}

/** A detector's state for one analysis. */
interface Detector {
  /** Called for every syscall of the trace. */
  watch(s: Seen): void;
  /** A process ended: its keys that have not made a finding yet never will. */
  retire?(pid: number): void;
  /** Its findings at the end of the trace, in the order the report lists equal ones. */
  verdict(): Finding[];
}

export interface DetectorEntry {
  readonly kind: FindingKind;
  /** What it watches, for people reading the table. */
  readonly watches: string;
  readonly make: () => Detector;
}

const ns = (b: bigint): number => Number(b);

function tally(map: Map<string, Tally>, key: string, pid: number, where: string): Tally {
  let t = map.get(key);
  if (!t) {
    t = { pid, where, count: 0, time: 0n, bytes: 0, small: 0 };
    map.set(key, t);
  }
  return t;
}

/** Sparse tallies let go of a process's light rows when it ends. */
const retiring = (t: SparseTallies) => (pid: number) => t.retire(pid);

function smallIo(): Detector {
  const io = new SparseTallies(LIMITS.smallCalls, 3);
  return {
    watch(s) {
      const dir = s.io;
      if (!dir) return;
      const { r, fd } = s;
      io.add(
        `${r.pid} ${fd} ${s.info?.path} ${dir}`,
        r.pid,
        { time: s.dur, bytes: Number(r.ret), small: (r.ret as bigint) <= BigInt(LIMITS.smallBytes) },
        () => ({ pid: r.pid, where: s.fds.describe(r.pid, fd, argOf(r, 0)), example: r.name }),
      );
    },
    retire: retiring(io),
    verdict: () =>
      [...io.kept()]
        .filter((t) => t.small >= LIMITS.smallCalls && t.bytes / t.count <= 4 * LIMITS.smallBytes)
        .map((t) => {
          const writing = !READS.has(t.example ?? '');
          const avg = t.bytes / t.count;
          return {
            kind: 'small-io',
            title: `${t.count} small ${writing ? 'writes' : 'reads'} (${avg < 10 ? avg.toFixed(1) : Math.round(avg)} bytes each on average)`,
            pid: t.pid,
            where: t.where,
            count: t.count,
            timeNs: ns(t.time),
            advice: writing
              ? 'buffer the output (stdio full buffering, setvbuf, a BufWriter) or gather pieces with writev'
              : 'read in larger blocks (a buffered reader) or readv',
          };
        }),
  };
}

/** Values as strace prints them, for keys: what an strace log's line has (line-call.ts's argsText). */
const KEY_TEXT = { xflag: 0 } as const;

/**
 * A call's arguments as a key that tells them apart: the registers where the trace has them, else each value as
 * strace prints it (a log's plain line gives its text as it is, without reading the values).
 */
function argsKey(r: Call): string {
  if (r instanceof LineCall) return r.argsText();
  const n = argCount(r);
  let key = '';
  for (let i = 0; i < n; i++) {
    const raw = rawOf(r, i);
    key += `${i > 0 ? ', ' : ''}${raw === undefined ? valueText(argOf(r, i) as Value, KEY_TEXT) : `0x${raw.toString(16)}`}`;
  }
  return key;
}

function repeated(): Detector {
  const repeats = new SparseTallies(LIMITS.repeats);
  return {
    watch({ r, fds, dur, errno }) {
      if (NOT_REPEATS.has(r.name) || r.ret === undefined) return;
      const key = `${r.pid} ${r.name} ${argsKey(r)} ${r.ret} ${errno}`;
      repeats.add(key, r.pid, { time: dur }, () => ({
        pid: r.pid,
        where: r.name,
        example: `${callText(r, fds)} = ${errno ? `-1 ${errno}` : r.ret}`,
      }));
    },
    retire: retiring(repeats),
    verdict: () =>
      [...repeats.kept()]
        .filter((t) => t.count >= LIMITS.repeats)
        .map((t) => ({
          kind: 'repeated',
          title: `${t.count} identical calls: ${t.example}`,
          pid: t.pid,
          where: t.where,
          count: t.count,
          timeNs: ns(t.time),
          advice: 'the answer does not change between calls: ask once and keep it (cache it)',
        })),
  };
}

function statStorm(): Detector {
  const byPid = new Map<string, Tally>();
  const byPath = new SparseTallies(LIMITS.statSamePath);
  return {
    watch({ r, fd, fds, dur }) {
      if (!STATS.has(r.name)) return;
      const t = tally(byPid, String(r.pid), r.pid, 'stat family');
      t.count++;
      t.time += dur;
      const path =
        pathUses(r, fds)[0]?.path ?? (r.name === 'fstat' ? fds.lookup(r.pid, fd)?.path : undefined);
      if (path !== undefined)
        byPath.add(`${r.pid} ${path}`, r.pid, { time: dur }, () => ({ pid: r.pid, where: path }));
    },
    retire: retiring(byPath),
    verdict() {
      const statPaths = [...byPath.kept()].filter((p) => p.count >= LIMITS.statSamePath);
      const out: Finding[] = [];
      for (const t of byPid.values()) {
        const same = statPaths.filter((p) => p.pid === t.pid).sort((a, b) => b.count - a.count);
        if (t.count < LIMITS.statCalls && same.length === 0) continue;
        out.push({
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
      return out;
    },
  };
}

function searchMisses(): Detector {
  const misses = new Map<string, Tally>();
  const missStems = new Map<string, Set<string>>();
  return {
    watch({ r, fds, dur, errno }) {
      if (errno !== 'ENOENT' && errno !== 'ENOTDIR') return;
      for (const use of pathUses(r, fds))
        if (LOOKUP_VERBS.has(use.verb)) {
          const t = tally(misses, String(r.pid), r.pid, 'failed lookups');
          t.count++;
          t.time += dur;
          const stems = missStems.get(String(r.pid)) ?? new Set();
          stems.add(stemOf(use.path));
          missStems.set(String(r.pid), stems);
        }
    },
    // one finding for the whole run: every process of a script searches the same paths
    verdict() {
      const missAll = [...misses.values()];
      const missCount = missAll.reduce((n, t) => n + t.count, 0);
      if (missCount < LIMITS.searchMisses) return [];
      const worst = missAll.sort((a, b) => b.count - a.count)[0] as Tally;
      const stems = [...new Set(missAll.flatMap((t) => [...(missStems.get(String(t.pid)) ?? [])]))];
      const procs = missAll.length > 1 ? ` in ${missAll.length} processes` : '';
      return [
        {
          kind: 'search-misses',
          title: `${missCount} lookups failed with ENOENT/ENOTDIR along search paths (${stems.length} names${procs})`,
          pid: worst.pid,
          where: `${stems.slice(0, 6).join(', ')}${stems.length > 6 ? ', ...' : ''}`,
          count: missCount,
          timeNs: ns(missAll.reduce((n, t) => n + t.time, 0n)),
          advice:
            'shorten the search path (PATH, LD_LIBRARY_PATH, sys.path, config dirs) or put the usual place first',
        },
      ];
    },
  };
}

function busyPoll(): Detector {
  const polls = new Map<string, Tally>();
  return {
    watch({ r, fds, dur }) {
      if (!POLLERS.has(r.name) || r.ret !== 0n) return;
      const t = tally(polls, `${r.pid} ${r.name}`, r.pid, r.name);
      t.count++;
      t.time += dur;
      t.example ??= callText(r, fds, 4);
    },
    verdict: () =>
      [...polls.values()]
        .filter((t) => t.count >= LIMITS.idlePolls)
        .map((t) => ({
          kind: 'busy-poll',
          title: `${t.count} ${t.where} calls returned 0 (nothing ready): polling in a loop`,
          pid: t.pid,
          where: t.example ?? t.where,
          count: t.count,
          timeNs: ns(t.time),
          advice: 'block with a longer (or no) timeout and let the kernel wake you, instead of polling',
        })),
  };
}

const isPlainFile = (path: string): boolean =>
  path.startsWith('/') && !/^\/(dev|proc|sys)\//.test(path) && path !== '/dev/null';

function fileReadPiecemeal(): Detector {
  const fileReads = new SparseTallies(LIMITS.fileReads, 2);
  return {
    watch(s) {
      if (s.io !== 'r') return;
      const info = s.info;
      if (info?.kind !== 'file' || !isPlainFile(info.path)) return;
      const { pid, ret } = s.r;
      const path = info.path;
      fileReads.add(`${pid} ${path}`, pid, { time: s.dur, bytes: Number(ret) }, () => ({ pid, where: path }));
    },
    retire: retiring(fileReads),
    verdict: () =>
      [...fileReads.kept()]
        .filter((t) => t.count >= LIMITS.fileReads)
        .map((t) => ({
          kind: 'mmap',
          title: `${t.count} reads of the same file (${t.bytes} bytes)`,
          pid: t.pid,
          where: t.where,
          count: t.count,
          timeNs: ns(t.time),
          advice: 'map the file once (mmap) or read it whole into memory',
        })),
  };
}

/** Every detector, in the order the report lists findings of equal cost. */
export const DETECTORS: readonly DetectorEntry[] = [
  { kind: 'small-io', watches: 'reads and writes that moved data, per process, fd and path', make: smallIo },
  { kind: 'repeated', watches: 'calls with the same arguments and result, per process', make: repeated },
  { kind: 'stat-storm', watches: 'the stat family, per process and per path', make: statStorm },
  { kind: 'search-misses', watches: 'lookups failing with ENOENT/ENOTDIR, over the run', make: searchMisses },
  { kind: 'busy-poll', watches: 'poll/select/epoll_wait returning 0, per process', make: busyPoll },
  { kind: 'mmap', watches: 'reads of a plain file, per process and file', make: fileReadPiecemeal },
];

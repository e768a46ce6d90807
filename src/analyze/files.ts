// `vat files`: every path a run touched — how, how often, by which process, with what result — and the
// searches behind them (failed lookups before the one that worked: library, module and config search paths).
import { FdTable } from './fd-table.js';
import { LOOKUP_VERBS, type PathUse, pathUses, stemOf } from './path-ops.js';
import { isSyscall, type Step, type Trace } from './source.js';
import { errnoOf } from './values.js';

export interface FileEntry {
  readonly path: string;
  /** `open r`, `open w+create`, `stat`, `exec`, `delete`... in first-use order. */
  readonly access: string[];
  count: number;
  ok: number;
  failed: number;
  /** errno name -> how many calls failed with it. */
  readonly errors: Record<string, number>;
  readonly pids: number[];
  written: boolean;
  /** The path was cut at the string limit (-s): this is a prefix. */
  truncated: boolean;
}

export interface SearchTry {
  readonly path: string;
  readonly errno: string;
}

export interface Search {
  readonly pid: number;
  /** What was looked for: the name that was found, else the name tried last. */
  readonly name: string;
  readonly tried: SearchTry[];
  /** Where it was found, or null when every place failed. */
  readonly found: string | null;
}

export interface FilesReport {
  readonly source: string;
  readonly files: FileEntry[];
  readonly searches: Search[];
  readonly processes: number[];
}

/** Misses that make a lookup part of a search (not EACCES: that one is a finding in itself). */
const MISS = new Set(['ENOENT', 'ENOTDIR']);

interface Pending {
  stem: string;
  tried: SearchTry[];
}

export async function analyzeFiles(trace: Trace): Promise<FilesReport> {
  const pass = filesPass();
  await trace.each(pass.visit);
  return pass.finish(trace.source);
}

/**
 * What a pass keeps: the searches always; the files (`files: false`: none, for why) and each file's processes
 * (`pids: false`: none, for compare), which grow with every process of a large trace.
 */
export interface FilesScope {
  readonly files: boolean;
  readonly pids: boolean;
}

/**
 * The files analysis as a visitor, so that why and compare run it inside their own single pass. `shared`: their
 * fd table, which they update after each call (then visit takes the call's path uses they read, not read twice).
 */
export function filesPass(
  scope: FilesScope = { files: true, pids: true },
  shared?: FdTable,
): {
  visit: (s: Step, uses?: readonly PathUse[]) => void;
  finish: (source: string) => FilesReport;
} {
  const fds = shared ?? new FdTable();
  const byPath = new Map<string, FileEntry>();
  const searches: Search[] = [];
  const pending = new Map<number, Pending>();
  const processes: number[] = [];
  const seen = new Set<number>();
  const flush = (pid: number): void => {
    const p = pending.get(pid);
    pending.delete(pid);
    if (p && p.tried.length >= 2)
      searches.push({ pid, name: baseName(p.tried.at(-1)?.path ?? ''), tried: p.tried, found: null });
  };
  const lookup = (pid: number, use: PathUse, errno: string | null): void => {
    const stem = stemOf(use.path);
    const p = pending.get(pid);
    // the search probing a directory of the place it just tried (ld.so stats each hwcaps dir): same search
    const last = p?.tried.at(-1)?.path;
    if (last?.startsWith(`${use.path}/`)) return;
    if (errno !== null && MISS.has(errno)) {
      if (p && p.stem === stem) p.tried.push({ path: use.path, errno });
      else {
        flush(pid);
        pending.set(pid, { stem, tried: [{ path: use.path, errno }] });
      }
      return;
    }
    if (errno === null && p && p.stem === stem) {
      pending.delete(pid);
      searches.push({ pid, name: baseName(use.path), tried: p.tried, found: use.path });
      return;
    }
    // another name found in between (ld.so reads its cache, python stats a directory): the search goes on
  };
  const visit = (r: Step, uses?: readonly PathUse[]): void => {
    if (!seen.has(r.pid)) {
      seen.add(r.pid);
      processes.push(r.pid);
    }
    if (!isSyscall(r)) return;
    const errno = errnoOf(r);
    const found = uses ?? pathUses(r, fds);
    for (const use of found) {
      if (LOOKUP_VERBS.has(use.verb)) lookup(r.pid, use, errno);
      if (!scope.files) continue;
      let e = byPath.get(use.path);
      if (!e) {
        e = {
          path: use.path,
          access: [],
          count: 0,
          ok: 0,
          failed: 0,
          errors: {},
          pids: [],
          written: false,
          truncated: false,
        };
        byPath.set(use.path, e);
      }
      const access = use.verb === 'open' ? `open ${use.access}` : use.access;
      if (!e.access.includes(access)) e.access.push(access);
      e.count++;
      if (scope.pids && e.pids.at(-1) !== r.pid && !e.pids.includes(r.pid)) e.pids.push(r.pid);
      if (use.truncated) e.truncated = true;
      // a call still blocked (or exit_group's `= ?`) neither succeeded nor failed
      if (errno !== null) {
        e.failed++;
        e.errors[errno] = (e.errors[errno] ?? 0) + 1;
      } else if (r.ret !== undefined || r.name === 'execve' || r.name === 'execveat') {
        e.ok++;
        if (use.writes) e.written = true;
      }
    }
    if (shared === undefined) fds.update(r, found[0]?.path);
  };
  const finish = (source: string): FilesReport => {
    for (const pid of [...pending.keys()]) flush(pid);
    return { source, files: [...byPath.values()], searches, processes };
  };
  return { visit, finish };
}

const baseName = (path: string): string => path.slice(path.lastIndexOf('/') + 1);

export interface FilesFilter {
  readonly failed?: boolean;
  readonly written?: boolean;
}

export function filterFiles(files: readonly FileEntry[], f: FilesFilter): FileEntry[] {
  return files.filter((e) => (!f.failed || e.failed > 0) && (!f.written || e.written));
}

/** `ok`, `ENOENT`, `ok 2, ENOENT 1`. */
export function resultText(e: FileEntry): string {
  const parts = e.ok > 0 ? [e.failed > 0 ? `ok ${e.ok}` : 'ok'] : [];
  for (const [errno, n] of Object.entries(e.errors))
    parts.push(e.ok > 0 || Object.keys(e.errors).length > 1 ? `${errno} ${n}` : errno);
  return parts.join(', ') || 'unfinished';
}

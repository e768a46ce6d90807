// `vat compare A B`: what changed between two runs — syscall counts, files, errors, processes — with pids,
// addresses and timestamps masked so that only real differences show.

import { signalName } from '../tables/signals.js';
import { filesPass, resultText } from './files.js';
import { isSyscall, type Trace } from './source.js';
import { errnoOf } from './values.js';

export interface RunShape {
  readonly source: string;
  readonly calls: number;
  readonly syscalls: Record<string, number>;
  /** `openat ENOENT` -> count. */
  readonly errors: Record<string, number>;
  /** masked path -> result (`ok`, `ENOENT`, `ok 2, ENOENT 1`). */
  readonly files: Record<string, string>;
  /** Programs exec'd, in order (masked). */
  readonly programs: string[];
  /** How each process ended, in order of appearance: `#1 exited 0`. */
  readonly exits: string[];
  readonly processes: number;
}

export interface Change<T> {
  readonly key: string;
  readonly a: T;
  readonly b: T;
}

export interface CompareReport {
  readonly a: RunShape;
  readonly b: RunShape;
  readonly syscalls: Change<number>[];
  readonly errors: Change<number>[];
  readonly files: Change<string | null>[];
  readonly programs: { readonly onlyA: string[]; readonly onlyB: string[] };
  readonly exits: Change<string | null>[];
  readonly same: boolean;
}

/** Masks what differs between two runs of the same thing: pids in /proc, long numbers, hex addresses. */
export function mask(text: string): string {
  return text
    .replace(/\/proc\/\d+\//g, '/proc/<pid>/')
    .replace(/\/proc\/\d+$/g, '/proc/<pid>')
    .replace(/0x[0-9a-f]{6,}/g, '0x<addr>')
    .replace(/\d{4,}/g, '<n>');
}

export async function shapeOf(trace: Trace): Promise<RunShape> {
  const syscalls: Record<string, number> = {};
  const errors: Record<string, number> = {};
  const programs: string[] = [];
  const order: number[] = [];
  const seen = new Set<number>();
  const exits = new Map<number, string>();
  let calls = 0;
  // one pass: the files analysis sees each record as it goes by
  const filesOf = filesPass({ files: true, pids: false });
  await trace.each((r) => {
    filesOf.visit(r);
    if (!seen.has(r.pid)) {
      seen.add(r.pid);
      order.push(r.pid);
    }
    if (r.type === 'event') {
      const e = r.event;
      if (e.type === 'exited' && e.pid === r.pid)
        exits.set(
          r.pid,
          e.signo !== undefined ? `killed by ${signalName(e.signo)}` : `exited ${e.code ?? 0}`,
        );
    }
    if (!isSyscall(r)) return;
    calls++;
    syscalls[r.name] = (syscalls[r.name] ?? 0) + 1;
    const errno = errnoOf(r);
    if (errno !== null) errors[`${r.name} ${errno}`] = (errors[`${r.name} ${errno}`] ?? 0) + 1;
  });
  const files: Record<string, string> = {};
  const report = filesOf.finish(trace.source);
  for (const f of report.files) {
    const key = mask(f.path);
    files[key] = files[key] === undefined ? resultText(f) : `${files[key]}; ${resultText(f)}`;
    if (f.access.includes('exec') && f.ok > 0) programs.push(key);
  }
  return {
    source: trace.source,
    calls,
    syscalls,
    errors,
    files,
    programs,
    exits: order.map((pid, i) => `#${i + 1} ${exits.get(pid) ?? 'did not exit'}`),
    processes: order.length,
  };
}

function changes<T>(a: Record<string, T>, b: Record<string, T>, none: T): Change<T>[] {
  const keys = [...new Set([...Object.keys(a), ...Object.keys(b)])].sort();
  return keys.map((key) => ({ key, a: a[key] ?? none, b: b[key] ?? none })).filter((c) => c.a !== c.b);
}

export async function compareRuns(ta: Trace, tb: Trace): Promise<CompareReport> {
  const a = await shapeOf(ta);
  const b = await shapeOf(tb);
  const syscalls = changes(a.syscalls, b.syscalls, 0).sort(
    (x, y) => Math.abs(y.b - y.a) - Math.abs(x.b - x.a) || x.key.localeCompare(y.key),
  );
  const errors = changes(a.errors, b.errors, 0);
  const files = changes<string | null>(a.files, b.files, null);
  const exitsA = Object.fromEntries(
    a.exits.map((e) => [e.slice(0, e.indexOf(' ')), e.slice(e.indexOf(' ') + 1)]),
  );
  const exitsB = Object.fromEntries(
    b.exits.map((e) => [e.slice(0, e.indexOf(' ')), e.slice(e.indexOf(' ') + 1)]),
  );
  const exits = changes<string | null>(exitsA, exitsB, null);
  const programs = {
    onlyA: a.programs.filter((p) => !b.programs.includes(p)),
    onlyB: b.programs.filter((p) => !a.programs.includes(p)),
  };
  const same =
    syscalls.length === 0 &&
    errors.length === 0 &&
    files.length === 0 &&
    exits.length === 0 &&
    programs.onlyA.length === 0 &&
    programs.onlyB.length === 0;
  return { a, b, syscalls, errors, files, programs, exits, same };
}

// `vat why`: why the program exited — its status or signal, the last failed calls before the end (per
// process), what it wrote to stderr just before, and a ranked guess that ties them together.

import { type JsonValue, jsonValue } from '../format/json-value.js';
import { argOf } from '../import/line-call.js';
import type { Call } from '../model/call.js';
import { signalName } from '../tables/signals.js';
import { callText, writtenText } from './call-text.js';
import { FdTable } from './fd-table.js';
import { filesPass, type Search } from './files.js';
import { type PathUse, pathUses } from './path-ops.js';
import { shortText, type Trace } from './source.js';
import { KeySet } from './tallies.js';
import { errnoOf, fdArgOf } from './values.js';

export interface Failure {
  readonly call: string;
  readonly errno: string;
  /** A failure programs make on purpose (isatty's ENOTTY, EAGAIN, a library found further down the path). */
  readonly benign: boolean;
  /** Path the call named, when it names one. */
  readonly path?: string;
  /** Index of the call in its process, for ordering. */
  readonly seq: number;
}

export interface StderrWrite {
  readonly fd: number;
  readonly text: string;
  readonly seq: number;
}

export interface ProcessEnd {
  readonly pid: number;
  readonly program?: string;
  /** exited, killed, or still running when the trace ended. */
  readonly how: 'exited' | 'killed' | 'running';
  readonly code?: number;
  readonly signal?: string;
  readonly core?: boolean;
  /** siginfo of the fatal signal as delivered, when it was seen. */
  readonly signalInfo?: string;
  readonly lastCall?: string;
  /** The last failed calls before the end, oldest first (at most 5 that matter, benign ones marked). */
  readonly failures: Failure[];
  readonly stderr: StderrWrite[];
  readonly calls: number;
}

export interface Guess {
  readonly score: number;
  readonly text: string;
}

export interface WhyReport {
  readonly source: string;
  readonly main: ProcessEnd | undefined;
  readonly processes: ProcessEnd[];
  readonly guesses: Guess[];
}

const BENIGN_ERRNO = new Set(['EAGAIN', 'EINTR', 'ECHILD', 'ENOTTY', 'ESPIPE', 'EINPROGRESS']);
const BENIGN_PATHS = new Set(['/etc/ld.so.preload']);
const KEEP_FAILURES = 5;
const KEEP_WRITES = 3;
const NO_USES: readonly PathUse[] = [];

interface Acc {
  pid: number;
  program?: string;
  calls: number;
  failures: Failure[];
  stderr: StderrWrite[];
  lastCall?: Call;
  /** The last call's text, made when the process ended (the record is let go then). */
  lastText?: string;
  end?: { how: 'exited' | 'killed'; code?: number; signal?: string; core?: boolean };
  signals: Map<string, string>;
  /**
   * Successful (call, path) keys of the process while it runs: a success of the same call on the same path
   * (before or after) makes a failure a retry that worked. Let go when the process ends, so memory follows the
   * processes alive at once, not the whole trace.
   */
  succeeded?: KeySet;
  /** Failures found retried by the end of the process. */
  retried: Set<Failure>;
}

export async function analyzeWhy(trace: Trace): Promise<WhyReport> {
  const fds = new FdTable();
  // one pass: the files analysis (its searches) sees each record as it goes by, with this fd table and the
  // path uses read here
  const filesOf = filesPass({ files: false, pids: false }, fds);
  const procs = new Map<number, Acc>();
  const acc = (pid: number): Acc => {
    let a = procs.get(pid);
    if (!a) {
      a = { pid, calls: 0, failures: [], stderr: [], signals: new Map(), retried: new Set() };
      procs.set(pid, a);
    }
    return a;
  };
  await trace.each((r) => {
    const uses = r.type === 'syscall' ? pathUses(r, fds) : NO_USES;
    filesOf.visit(r, uses);
    const a = acc(r.pid);
    if (r.type === 'event') {
      const e = r.event;
      if (e.type === 'exited') {
        if (e.pid !== r.pid && a.end === undefined) return; // a thread, not the process
        a.end =
          e.signo !== undefined
            ? { how: 'killed', signal: signalName(e.signo), core: e.core === true }
            : { how: 'exited', code: e.code ?? 0 };
        settle(a, fds);
      } else if (e.type === 'signal')
        a.signals.set(signalName(e.signo), siginfoText(e.info ? jsonValue(e.info) : undefined));
      return;
    }
    a.calls++;
    const seq = a.calls;
    const errno = errnoOf(r);
    if (r.name !== 'exit_group' && r.name !== 'exit') a.lastCall = r;
    if ((r.name === 'execve' || r.name === 'execveat') && errno === null) {
      const path = uses[0]?.path;
      if (path !== undefined) a.program = path;
      // what happened before the exec belongs to the program that exec'd
      a.failures = [];
      a.stderr = [];
    }
    const path = uses[0]?.path;
    if (errno === null && r.ret !== undefined && path !== undefined) {
      a.succeeded ??= new KeySet(64);
      a.succeeded.add(`${r.name} ${path}`);
    }
    if (errno !== null) {
      const benign =
        BENIGN_ERRNO.has(errno) ||
        (r.name.startsWith('readlink') && errno === 'EINVAL') ||
        (path !== undefined && BENIGN_PATHS.has(path));
      a.failures.push({
        call: callText(r, fds),
        errno,
        benign,
        ...(path !== undefined ? { path } : {}),
        seq,
      });
      if (a.failures.length > 64) a.failures.splice(0, a.failures.length - 64);
    }
    const text = writtenText(r);
    if (text !== undefined && errno === null) {
      const fd = fdArgOf(r, 0) ?? -1;
      const info = fds.lookup(r.pid, fd, argOf(r, 0));
      if (fd === 2 || info?.path === 'stderr') {
        a.stderr.push({ fd, text, seq });
        if (a.stderr.length > KEEP_WRITES) a.stderr.shift();
      }
    }
    fds.update(r, uses[0]?.path);
  });
  // a miss along a search path that found the name later is not why it ended
  const searches = filesOf.finish(trace.source).searches;
  const foundTries = new Set<string>();
  for (const s of searches) if (s.found) for (const t of s.tried) foundTries.add(`${s.pid} ${t.path}`);
  // failures later retried with success are not why it ended
  const processes: ProcessEnd[] = [];
  for (const a of procs.values()) {
    settle(a, fds);
    const failures = a.failures
      .map((f) =>
        f.path !== undefined && (foundTries.has(`${a.pid} ${f.path}`) || a.retried.has(f))
          ? { ...f, benign: true }
          : f,
      )
      .filter((f, i, all) => !f.benign || i >= all.length - KEEP_FAILURES);
    const meaningful = failures.filter((f) => !f.benign).slice(-KEEP_FAILURES);
    const shown = [...failures.filter((f) => f.benign).slice(-2), ...meaningful].sort(
      (x, y) => x.seq - y.seq,
    );
    const sig = a.end?.signal;
    processes.push({
      pid: a.pid,
      ...(a.program !== undefined ? { program: a.program } : {}),
      how: a.end?.how ?? 'running',
      ...(a.end?.code !== undefined ? { code: a.end.code } : {}),
      ...(sig !== undefined ? { signal: sig, core: a.end?.core === true } : {}),
      ...(sig !== undefined && a.signals.has(sig) ? { signalInfo: a.signals.get(sig) } : {}),
      ...(a.lastText !== undefined ? { lastCall: a.lastText } : {}),
      failures: shown,
      stderr: a.stderr,
      calls: a.calls,
    });
  }
  let main = processes[0];
  if (main && main.how === 'running' && trace.outcome) {
    const o = trace.outcome;
    main = {
      ...main,
      ...(o.killedBy !== undefined
        ? { how: 'killed' as const, signal: `signal ${o.killedBy}` }
        : { how: 'exited' as const, code: o.status }),
    };
    processes[0] = main;
  }
  return { source: trace.source, main, processes, guesses: guess(main, processes, searches) };
}

/**
 * What a process keeps past its end: which of its failures were retried with success (its success keys are let
 * go) and its last call as text. Run again at the end of the trace for processes still running.
 */
function settle(a: Acc, fds: FdTable): void {
  if (a.succeeded)
    for (const f of a.failures)
      if (f.path !== undefined && a.succeeded.has(`${f.call.slice(0, f.call.indexOf('('))} ${f.path}`))
        a.retried.add(f);
  a.succeeded = undefined;
  if (a.lastCall) a.lastText = callText(a.lastCall, fds);
  a.lastCall = undefined;
}

/** A siginfo's fields for people, in its JSON shape (`si_code=SI_USER, si_pid=42`). */
function siginfoText(v: JsonValue | undefined): string {
  if (!v || typeof v !== 'object' || !('struct' in v)) return '';
  const s = (v as { struct: Record<string, JsonValue> }).struct;
  return Object.entries(s)
    .map(
      ([k, val]) => `${k}=${symOfJson(val) ?? (typeof val === 'object' ? JSON.stringify(val) : String(val))}`,
    )
    .join(', ');
}

/** Symbolic text of a JSON value, through comments and names. */
function symOfJson(v: JsonValue): string | undefined {
  if (!v || typeof v !== 'object' || Array.isArray(v)) return undefined;
  if (typeof v.sym === 'string') return v.sym;
  if ('value' in v) return symOfJson(v.value as JsonValue);
  return undefined;
}

function endText(p: ProcessEnd): string {
  if (p.how === 'killed') return `was killed by ${p.signal}${p.core ? ' (core dumped)' : ''}`;
  if (p.how === 'exited') return `exited ${p.code}`;
  return 'was still running when the trace ended';
}

function stderrText(p: ProcessEnd): string {
  const last = p.stderr.at(-1);
  if (!last) return '';
  const text = p.stderr.map((w) => w.text).join('');
  return `it wrote '${shortText(text.trim(), 70)}' to fd ${last.fd}`;
}

/** Ranked explanations, best first. */
function guess(main: ProcessEnd | undefined, processes: ProcessEnd[], searches: Search[]): Guess[] {
  if (!main) return [];
  const out: Guess[] = [];
  const end = endText(main);
  const said = stderrText(main);
  if (main.how === 'exited' && main.code === 0)
    return [{ score: 100, text: `it exited 0: it succeeded${said ? ` (and ${said.slice(3)})` : ''}` }];
  if (main.how === 'running')
    out.push({ score: 10, text: 'the process had not exited when the trace ended' });
  if (main.how === 'killed') {
    const info = main.signalInfo ? ` {${main.signalInfo}}` : '';
    const last = main.lastCall ? `; the last call was ${main.lastCall}` : '';
    out.push({ score: 95, text: `it ${end}${info}${last}` });
  }
  const lastFailed = main.failures.filter((f) => !f.benign);
  // a search (config, library) that never found anything
  for (const s of searches.filter((x) => x.found === null && x.pid === main.pid)) {
    const places = s.tried.map((t) => t.path);
    const errnos = [...new Set(s.tried.map((t) => t.errno))].join('/');
    const after = said ? `, then ${said} and ${end}` : `, then ${end} without writing to stderr`;
    const last = lastFailed.at(-1);
    const recent = last !== undefined && places.includes(last.path ?? '');
    out.push({
      score: recent ? 90 : 60,
      text: `it looked for ${s.name} in ${places.length} places (${places.join(', ')}), every lookup failed ${errnos}${after}`,
    });
  }
  const inSearch = new Set(
    searches.filter((x) => x.found === null).flatMap((x) => x.tried.map((t) => t.path)),
  );
  lastFailed.forEach((f, i) => {
    if (f.path !== undefined && inSearch.has(f.path)) return;
    const recency = (i + 1) / lastFailed.length;
    const kind = f.path !== undefined ? 15 : /^(connect|bind|socket|sendto|recvfrom)\(/.test(f.call) ? 15 : 0;
    const perm = f.errno === 'EACCES' || f.errno === 'EPERM' ? 10 : 0;
    const after = said ? `, then ${said} and ${end}` : `, then it ${end}`;
    out.push({
      score: Math.round(40 + 30 * recency + kind + perm) - (main.how === 'killed' ? 30 : 0),
      text: `${f.call} failed ${f.errno}${after}`,
    });
  });
  if (said && lastFailed.length === 0 && main.how === 'exited')
    out.push({ score: 75, text: `no call failed; ${said} and ${end}: the program decided to stop` });
  for (const p of processes)
    if (p !== main && ((p.how === 'exited' && p.code !== 0) || p.how === 'killed'))
      out.push({
        score: 55,
        text: `child ${p.pid}${p.program ? ` (${p.program})` : ''} ${endText(p)}${p.stderr.length ? ` after ${stderrText(p).slice(3)}` : ''}`,
      });
  if (out.length === 0 && main.how === 'exited')
    out.push({ score: 30, text: `it ${end} without a failed call or a message: the program chose to stop` });
  const seen = new Set<string>();
  return out
    .sort((a, b) => b.score - a.score)
    .filter((g) => !seen.has(g.text) && seen.add(g.text))
    .slice(0, 5);
}

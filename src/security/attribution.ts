// Which executable made each call: a thread runs what it last exec'd, or what the task that created it ran.
// A task's calls can arrive before the clone that created it returns in its parent: they wait until then.
import { resolve } from 'node:path';
import type { Call } from '../model/call.js';
import { procExe } from '../sys/procfs.js';
import { childOf, execedPath, type Fact, factsOf } from './facts.js';

export type FactSink = (exe: string, facts: readonly Fact[], call: Call) => void;

export class Attribution {
  private readonly exe = new Map<number, string>();
  private readonly waiting = new Map<number, { facts: Fact[]; call: Call }[]>();
  /** The first program seen: calls nobody can place are given to it at the end. */
  private root: string | undefined;

  /**
   * `cwd`: where relative exec paths are placed (the launched command's directory, vat's own), so that
   * `profile record -- ./prog`, `profile check P -- ./prog` and `-- $PWD/prog` name the same executable.
   */
  constructor(
    private readonly sink: FactSink,
    private readonly cwd = process.cwd(),
  ) {}

  /** A thread known to run `path` (an attached process, from /proc/PID/exe). */
  seed(tid: number, path: string): void {
    const exe = resolve(this.cwd, path);
    this.exe.set(tid, exe);
    this.root ??= exe;
  }

  exeOf(tid: number): string | undefined {
    return this.exe.get(tid);
  }

  add(call: Call): void {
    let facts = factsOf(call);
    const current = this.exe.get(call.tid);
    // the launch itself (the first program's exec, made by vat's launcher) is not an exec of the program's
    if (current === undefined && this.root === undefined && execedPath(call) !== undefined)
      facts = facts.filter((f) => f.kind !== 'exec');
    if (current === undefined) {
      const list = this.waiting.get(call.tid) ?? [];
      list.push({ facts, call });
      this.waiting.set(call.tid, list);
    } else this.sink(current, facts, call);
    const child = childOf(call);
    if (child !== undefined && current !== undefined) this.assign(child, current);
    const execed = execedPath(call);
    if (execed !== undefined) this.assign(call.tid, execed, true);
  }

  private assign(tid: number, execed: string, exec = false): void {
    if (!exec && this.exe.has(tid)) return;
    const path = resolve(this.cwd, execed);
    this.exe.set(tid, path);
    this.root ??= path;
    const list = this.waiting.get(tid);
    this.waiting.delete(tid);
    for (const w of list ?? []) this.add2(path, w);
  }

  private add2(path: string, w: { facts: Fact[]; call: Call }): void {
    this.sink(path, w.facts, w.call);
    const child = childOf(w.call);
    if (child !== undefined) this.assign(child, path);
  }

  /** Calls still unplaced: their thread's program from /proc when it is still there, else the root program. */
  finish(): void {
    for (const [tid, list] of [...this.waiting]) {
      this.waiting.delete(tid);
      const path = procExe(tid) ?? this.root;
      for (const w of list) this.add2(path ?? '(unknown)', w);
    }
  }
}

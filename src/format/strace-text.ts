// strace's text output: prefixes, unfinished/resumed pairs, `= ret` at column 40, signal and exit lines.
import type { SyscallExit, TraceEvent } from '../model/events.js';
import { errnoByValue } from '../tables/errnos.js';
import { signalName } from '../tables/signals.js';
import { argsText } from './args-text.js';
import { valueText } from './value-text.js';

export interface StraceTextOptions {
  /** -o FILE given (prefix `PID ` when following), else stderr (prefix `[pid N]` while several run). */
  readonly toFile: boolean;
  readonly followForks: boolean;
  /** -ff: one output per process, no prefixes. */
  readonly perProcess: boolean;
  readonly xflag: 0 | 1 | 2;
  /** -qq and above: no `+++ exited` lines (-qqq also no signal lines). */
  readonly quiet: number;
  /** Several processes were attached with -p: prefix as when following. */
  readonly multiAttach?: boolean;
}

/** Column where ` = ` starts, as strace's default -a40. */
const ALIGN = 39;

export class StraceTextFormatter {
  /** The pid whose line is open (entry printed, no newline yet). */
  private open: number | undefined;
  private openCol = 0;
  private readonly live = new Set<number>();

  constructor(private readonly o: StraceTextOptions) {}

  private prefix(pid: number): string {
    if (this.o.perProcess) return '';
    if (this.o.toFile && (this.o.followForks || this.o.multiAttach)) return `${String(pid).padEnd(5)} `;
    if (!this.o.toFile && this.live.size > 1) return `[pid ${String(pid).padStart(5)}] `;
    return '';
  }

  /** Text for one event, possibly closing another process's open line first. */
  format(e: TraceEvent): string {
    if (e.type === 'attach' || e.type === 'detach') return this.detached(e.pid, e.type);
    if (!this.live.has(e.pid) && e.type !== 'exited') this.live.add(e.pid);
    let out = '';
    if (this.open !== undefined && (this.open !== e.pid || e.type !== 'exit')) {
      out += ' <unfinished ...>\n';
      this.open = undefined;
    }
    switch (e.type) {
      case 'enter': {
        const args = argsText(e.args, this.o);
        const line = `${this.prefix(e.pid)}${e.name}(${args}${e.more && args !== '' ? ', ' : ''}`;
        this.open = e.pid;
        this.openCol = line.length;
        return out + line;
      }
      case 'exit': {
        const resumed = this.open !== e.pid;
        const head = resumed ? `${this.prefix(e.pid)}<... ${e.name} resumed>` : '';
        const col = resumed ? head.length : this.openCol;
        this.open = undefined;
        const tail = `${argsText(e.args, this.o)})`;
        const width = col + tail.length;
        const pad = width < ALIGN ? ' '.repeat(ALIGN - width) : '';
        return `${out}${head}${tail}${pad} = ${this.result(e)}\n`;
      }
      case 'signal':
        if (this.o.quiet >= 3) return out;
        return `${out}${this.prefix(e.pid)}--- ${signalName(e.signo)} ${e.info ? valueText(e.info, this.o) : ''} ---\n`;
      case 'exited': {
        const prefix = this.prefix(e.pid);
        this.live.delete(e.pid);
        if (this.o.quiet >= 2) return out;
        if (e.signo !== undefined)
          return `${out}${prefix}+++ killed by ${signalName(e.signo)}${e.core ? ' (core dumped)' : ''} +++\n`;
        return `${out}${prefix}+++ exited with ${e.code ?? 0} +++\n`;
      }
      case 'exec':
        this.live.delete(e.oldPid);
        return this.o.quiet >= 2
          ? out
          : `${out}${this.prefix(e.pid)}+++ superseded by execve in pid ${e.oldPid} +++\n`;
    }
  }

  private detached(pid: number, kind: 'attach' | 'detach'): string {
    if (kind === 'attach') return '';
    let out = '';
    if (this.open === pid) {
      out = ' <detached ...>\n';
      this.open = undefined;
    }
    return out;
  }

  private result(e: SyscallExit): string {
    if (e.ret === undefined) return '?';
    if (e.errno !== undefined) {
      const info = errnoByValue(e.errno);
      const name = info?.name ?? String(e.errno);
      const restart = name.startsWith('ERESTART');
      return `${restart ? '?' : '-1'} ${name} (${info?.message ?? 'Unknown error'})`;
    }
    const detail = e.retDetail ? ` ${e.retDetail}` : '';
    return `${e.retValue ? valueText(e.retValue, this.o) : String(e.ret)}${detail}`;
  }

  /** Closes an open line at the end of output. */
  finish(): string {
    if (this.open === undefined) return '';
    this.open = undefined;
    return ' <unfinished ...>\n';
  }
}

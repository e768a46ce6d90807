// JSON Lines: one object per event, a syscall as one record (entry and exit joined), schema in schema/.
import { readFileSync } from 'node:fs';
import { signatureFor } from '../decode/decode-call.js';
import { i386Signature } from '../decode/i386-signature.js';
import type { SyscallEnter, TraceEvent } from '../model/events.js';
import { errnoByValue } from '../tables/errnos.js';
import { signalName } from '../tables/signals.js';
import { type JsonValue, jsonInt, jsonLine, jsonValue } from './json-value.js';
import { stackJson } from './stack-json.js';

/** Bumped when a field changes meaning or goes away; adding fields keeps the version. */
export const JSONL_SCHEMA_VERSION = 1;

/** The process (thread group) a thread belongs to, from /proc while the thread is alive; cached per thread. */
function tgidOf(tid: number, cache: Map<number, number>): number {
  let tgid = cache.get(tid);
  if (tgid === undefined) {
    try {
      tgid = Number(/^Tgid:\s+(\d+)/m.exec(readFileSync(`/proc/${tid}/status`, 'utf8'))?.[1] ?? tid);
    } catch {
      tgid = tid;
    }
    cache.set(tid, tgid);
  }
  return tgid;
}

export class JsonlFormatter {
  private readonly open = new Map<number, SyscallEnter>();
  private readonly tgids = new Map<number, number>();

  private base(type: string, tid: number, ts: bigint): { [key: string]: JsonValue } {
    return { v: JSONL_SCHEMA_VERSION, type, pid: tgidOf(tid, this.tgids), tid, ts: jsonInt(ts) };
  }

  /** Zero or more lines for one event (a syscall entry waits for its exit). */
  format(e: TraceEvent): string {
    switch (e.type) {
      case 'enter':
        this.open.set(e.pid, e);
        return '';
      case 'exit': {
        const enter = this.open.get(e.pid);
        this.open.delete(e.pid);
        return line(this.syscall(enter, e));
      }
      case 'signal':
        return line({
          ...this.base('signal', e.pid, e.ts),
          signal: signalName(e.signo),
          signo: e.signo,
          ...(e.info ? { siginfo: jsonValue(e.info) } : {}),
          ...(e.stack ? { stack: stackJson(e.stack) } : {}),
        });
      case 'exited': {
        const out = this.unfinished(e.pid);
        this.tgids.delete(e.pid);
        const how =
          e.signo === undefined
            ? { code: e.code ?? 0 }
            : { signal: signalName(e.signo), core: e.core === true };
        return out + line({ ...this.base('exit', e.pid, e.ts), ...how });
      }
      case 'exec':
        return line({ ...this.base('exec', e.pid, e.ts), old_tid: e.oldPid });
      case 'attach':
      case 'detach':
        return this.unfinished(e.pid) + line(this.base(e.type, e.pid, e.ts));
      case 'lost':
        return line({ v: JSONL_SCHEMA_VERSION, type: 'lost', ts: jsonInt(e.ts), count: e.count });
    }
  }

  private syscall(enter: SyscallEnter | undefined, exit: Extract<TraceEvent, { type: 'exit' }> | undefined) {
    const first = enter ?? exit;
    if (!first) return {};
    const sig =
      enter?.abi === 'i386' ? (i386Signature(first.name) ?? signatureFor('')) : signatureFor(first.name);
    const values = [...(enter?.args ?? []), ...(exit?.args ?? [])];
    const args: JsonValue[] = sig.args.map((a, i) => {
      const v = values[i];
      return {
        name: a.name,
        raw:
          enter?.raw[i] === undefined ? null : `0x${BigInt.asUintN(64, enter.raw[i] as bigint).toString(16)}`,
        value: v === undefined || v.k === 'none' ? null : jsonValue(v),
      };
    });
    const errno = exit?.errno;
    const info = errno === undefined ? undefined : errnoByValue(errno);
    return {
      ...this.base('syscall', first.pid, enter?.ts ?? first.ts),
      ...(exit && enter ? { dur: jsonInt(exit.ts - enter.ts) } : {}),
      nr: first.nr,
      name: first.name,
      ...(enter?.abi ? { abi: enter.abi } : {}),
      args,
      ret: exit?.ret === undefined ? null : jsonInt(exit.ret),
      ...(exit?.retValue && errno === undefined ? { ret_value: jsonValue(exit.retValue) } : {}),
      ...(exit?.retDetail ? { ret_detail: exit.retDetail } : {}),
      ...(exit?.tamper?.injected ? { injected: exit.tamper.injected } : {}),
      ...(exit?.tamper?.delayed ? { delayed: true } : {}),
      errno: info?.name ?? null,
      ...(info ? { error: info.message } : {}),
      ...(exit === undefined || exit.ret === undefined ? { unfinished: true } : {}),
      ...(exit?.stack ? { stack: stackJson(exit.stack) } : {}),
    };
  }

  /** A call still open when its thread exits or detaches is written without a result. */
  private unfinished(tid: number): string {
    const enter = this.open.get(tid);
    if (!enter) return '';
    this.open.delete(tid);
    return line(this.syscall(enter, undefined));
  }

  finish(): string {
    let out = '';
    for (const tid of [...this.open.keys()]) out += this.unfinished(tid);
    return out;
  }
}

const line = jsonLine;

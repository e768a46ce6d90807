// JSON Lines: one object per event, a syscall as one record (entry and exit joined), schema in schema/.
import { signatureFor } from '../decode/decode-call.js';
import { i386Signature } from '../decode/i386-signature.js';
import { type Call, CallJoiner, type ThreadGroups } from '../model/call.js';
import type { TraceEvent } from '../model/events.js';
import { errnoByValue } from '../tables/errnos.js';
import { signalName } from '../tables/signals.js';
import { type JsonValue, jsonInt, jsonLine, jsonValue } from './json-value.js';
import { stackJson } from './stack-json.js';

/** Bumped when a field changes meaning or goes away; adding fields keeps the version. */
export const JSONL_SCHEMA_VERSION = 1;

/** The thread groups of a trace read back (or a test): every thread is its own process unless told. */
const OWN_PROCESS: ThreadGroups = { pidOf: (tid) => tid };

/** Events into JSON lines, the calls joined by the one CallJoiner; the process of a thread comes from a port. */
export class JsonlFormatter {
  private readonly joiner: CallJoiner;

  constructor(private readonly threads: ThreadGroups = OWN_PROCESS) {
    this.joiner = new CallJoiner({ pidOf: (tid) => threads.pidOf(tid), resumed: true });
  }

  private base(type: string, tid: number, ts: bigint): { [key: string]: JsonValue } {
    return { v: JSONL_SCHEMA_VERSION, type, pid: this.threads.pidOf(tid), tid, ts: jsonInt(ts) };
  }

  /** Zero or more lines for one event (a syscall entry waits for its exit). */
  format(e: TraceEvent): string {
    let out = '';
    for (const call of this.joiner.add(e)) out += line(syscallJson(call));
    switch (e.type) {
      case 'enter':
      case 'exit':
        return out;
      case 'signal':
        return (
          out +
          line({
            ...this.base('signal', e.pid, e.ts),
            signal: signalName(e.signo),
            signo: e.signo,
            ...(e.info ? { siginfo: jsonValue(e.info) } : {}),
            ...(e.stack ? { stack: stackJson(e.stack) } : {}),
          })
        );
      case 'exited': {
        const how =
          e.signo === undefined
            ? { code: e.code ?? 0 }
            : { signal: signalName(e.signo), core: e.core === true };
        out += line({ ...this.base('exit', e.pid, e.ts), ...how });
        this.threads.forget?.(e.pid);
        return out;
      }
      case 'exec':
        return out + line({ ...this.base('exec', e.pid, e.ts), old_tid: e.oldPid });
      case 'attach':
      case 'detach':
        if (e.launched) return out; // the command vat started: a trace of it has no attach
        return out + line(this.base(e.type, e.pid, e.ts));
      case 'lost':
        // no process: the engine counted records it could not write (pid and tid 0)
        return (
          out +
          line({
            v: JSONL_SCHEMA_VERSION,
            type: 'lost',
            pid: 0,
            tid: 0,
            ts: jsonInt(e.ts),
            count: e.count,
          })
        );
    }
  }

  /** Calls still open at the end, written without a result. */
  finish(): string {
    let out = '';
    for (const call of this.joiner.finish()) out += line(syscallJson(call));
    return out;
  }
}

/** A joined call as its JSON record (schema/trace-event.v1.schema.json). */
export function syscallJson(call: Call): { [key: string]: JsonValue } {
  const sig = call.abi === 'i386' ? (i386Signature(call.name) ?? signatureFor('')) : signatureFor(call.name);
  const args: JsonValue[] = sig.args.map((a, i) => {
    const v = call.args[i];
    const raw = call.raw[i];
    return {
      name: a.name,
      raw: raw === undefined ? null : `0x${BigInt.asUintN(64, raw).toString(16)}`,
      value: v === undefined || v.k === 'none' ? null : jsonValue(v),
    };
  });
  const info = call.errno === undefined ? undefined : errnoByValue(call.errno);
  return {
    v: JSONL_SCHEMA_VERSION,
    type: 'syscall',
    pid: call.pid,
    tid: call.tid,
    ts: jsonInt(call.ts),
    ...(call.end !== undefined && !call.resumed ? { dur: jsonInt(call.end - call.ts) } : {}),
    nr: call.nr,
    name: call.name,
    ...(call.abi ? { abi: call.abi } : {}),
    args,
    ret: call.ret === undefined ? null : jsonInt(call.ret),
    ...(call.retValue && call.errno === undefined ? { ret_value: jsonValue(call.retValue) } : {}),
    ...(call.retDetail ? { ret_detail: call.retDetail } : {}),
    ...(call.tamper?.injected ? { injected: call.tamper.injected } : {}),
    ...(call.tamper?.delayed ? { delayed: true } : {}),
    errno: info?.name ?? null,
    ...(info ? { error: info.message } : {}),
    ...(call.ret === undefined ? { unfinished: true } : {}),
    ...(call.stack ? { stack: stackJson(call.stack) } : {}),
  };
}

const line = jsonLine;

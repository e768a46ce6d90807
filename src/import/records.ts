// vat's JSON Lines records (schema/trace-event.v1.schema.json) as objects: built from events (an imported
// strace log), and turned back into events and values (a JSONL trace printed as strace text).
import { signatureFor } from '../decode/decode-call.js';
import { type JsonValue, jsonInt, jsonValue } from '../format/json-value.js';
import { JSONL_SCHEMA_VERSION } from '../format/jsonl.js';
import { stackJson } from '../format/stack-json.js';
import { type Call, CallJoiner } from '../model/call.js';
import type { SyscallEnter, SyscallExit, TraceEvent } from '../model/events.js';
import { NONE, type Value } from '../model/value.js';
import { errnoByName, errnoByValue } from '../tables/errnos.js';
import { signalByName, signalName } from '../tables/signals.js';
import { unescapeStrace } from './unescape.js';

/** One JSON Lines record; ts and dur are bigint in memory (they exceed 2^53), other fields as in the schema. */
export interface TraceRecord {
  readonly v: number;
  readonly type: string;
  readonly pid: number;
  readonly tid: number;
  readonly ts: bigint;
  readonly dur?: bigint;
  readonly [key: string]: unknown;
}

export interface ArgRecord {
  readonly name: string;
  readonly raw: string | null;
  readonly value: JsonValue;
}

/**
 * Events into records, joined by the one CallJoiner as the --json writer joins them (a syscall is one record,
 * written at its exit), with the thread group from the importer (`tgidOf`) instead of /proc, and `dur` only
 * when the log gave times.
 */
export class RecordBuilder {
  private readonly joiner: CallJoiner;

  constructor(
    private readonly tgidOf: (tid: number) => number,
    /** The log has time stamps: a call's duration is its exit time minus its entry time when -T is absent. */
    private readonly timed: () => boolean,
  ) {
    this.joiner = new CallJoiner({ pidOf: tgidOf, resumed: true });
  }

  private base(type: string, tid: number, ts: bigint): TraceRecord {
    return { v: JSONL_SCHEMA_VERSION, type, pid: this.tgidOf(tid), tid, ts };
  }

  /** The records one event completes (none for a syscall entry). */
  add(e: TraceEvent, out: (r: TraceRecord) => void): void {
    for (const call of this.joiner.add(e)) out(this.syscall(call));
    switch (e.type) {
      case 'signal':
        out({
          ...this.base('signal', e.pid, e.ts),
          signal: signalName(e.signo),
          signo: e.signo,
          ...(e.info ? { siginfo: jsonValue(e.info) } : {}),
          ...(e.stack ? { stack: stackJson(e.stack) } : {}),
        });
        return;
      case 'exited':
        out({
          ...this.base('exit', e.pid, e.ts),
          ...(e.signo === undefined
            ? { code: e.code ?? 0 }
            : { signal: signalName(e.signo), core: e.core === true }),
        });
        return;
      case 'exec':
        out({ ...this.base('exec', e.pid, e.ts), old_tid: e.oldPid });
        return;
      case 'attach':
      case 'detach':
        out(this.base(e.type, e.pid, e.ts));
        return;
    }
  }

  private syscall(call: Call): TraceRecord {
    const sig = signatureFor(call.name);
    const values = call.args;
    const args: ArgRecord[] = [];
    const n = Math.max(values.length, sig.args.length);
    for (let i = 0; i < n; i++) {
      const v = values[i];
      const a = sig.args[i];
      args.push({
        name: a?.name ?? `arg${i}`,
        raw: null,
        value: v === undefined || v.k === 'none' ? null : jsonValue(a ? asKind(v, a.kind) : v),
      });
    }
    const errno = call.errno;
    const info = errno === undefined ? undefined : errnoByValue(errno);
    const dur =
      call.duration !== undefined
        ? call.duration
        : call.end !== undefined && !call.resumed && this.timed() && call.end >= call.ts
          ? call.end - call.ts
          : undefined;
    // one literal, fields in the schema's order; undefined ones are not written (no spreads: once per call)
    return {
      v: JSONL_SCHEMA_VERSION,
      type: 'syscall',
      pid: call.pid,
      tid: call.tid,
      ts: call.ts,
      dur,
      nr: call.nr,
      name: call.name,
      args,
      ret: call.ret === undefined ? null : jsonInt(call.ret),
      ret_value:
        call.retValue && errno === undefined
          ? jsonValue(sig.ret === 'fd' ? asKind(call.retValue, 'fd') : call.retValue)
          : undefined,
      ret_detail: call.retDetail || undefined,
      errno: info?.name ?? null,
      error: info?.message,
      unfinished: call.ret === undefined ? true : undefined,
      stack: call.stack ? stackJson(call.stack) : undefined,
    };
  }

  /** Calls still open at the end, written without a result. */
  finish(out: (r: TraceRecord) => void): void {
    for (const call of this.joiner.finish()) out(this.syscall(call));
  }
}

/** strace prints an fd and an int alike, a pointer and a hex number alike: the signature tells which it is. */
function asKind(v: Value, kind: string): Value {
  if (v.k === 'int' && (kind === 'fd' || kind === 'dirfd')) return { k: 'fd', fd: Number(v.v) };
  if (v.k === 'hex' && kind === 'ptr') return { k: 'ptr', v: BigInt(v.v) };
  return v;
}

const isObj = (j: unknown): j is { [key: string]: JsonValue } =>
  typeof j === 'object' && j !== null && !Array.isArray(j);

function bigOf(j: unknown): bigint {
  if (typeof j === 'bigint') return j;
  if (typeof j === 'number') return BigInt(j);
  if (typeof j !== 'string') return 0n;
  try {
    return j.startsWith('-') ? -BigInt(j.slice(1)) : BigInt(j);
  } catch {
    return 0n;
  }
}

/** A JSON value of a record back into vat's value tree (the inverse of format/json-value.ts). */
export function valueOfJson(j: unknown): Value {
  if (j === null || j === undefined) return NONE;
  if (typeof j === 'number' || typeof j === 'bigint') return { k: 'int', v: j };
  if (typeof j === 'string') return /^-?\d+$/.test(j) ? { k: 'int', v: BigInt(j) } : { k: 'text', text: j };
  if (!isObj(j)) return { k: 'text', text: JSON.stringify(j) };
  if ('hex' in j) return { k: 'hex', v: bigOf(String(j.hex)) };
  if ('oct' in j) return { k: 'oct', v: Number.parseInt(String(j.oct), 8) };
  if ('ptr' in j) return { k: 'ptr', v: j.ptr === null ? 0n : bigOf(j.ptr) };
  if ('str' in j) {
    const s = String(j.str);
    return { k: 'str', bytes: unescapeStrace(s, 0, s.length) ?? Buffer.from(s), more: j.truncated === true };
  }
  if ('sym' in j) return { k: 'sym', text: String(j.sym) };
  if ('fd' in j) {
    const fd = Number(j.fd);
    return typeof j.path === 'string' ? { k: 'fd', fd, path: j.path } : { k: 'fd', fd };
  }
  if ('struct' in j && isObj(j.struct)) {
    const fields = Object.entries(j.struct).map(
      ([name, v]) => [/^_\d+$/.test(name) ? '' : name, valueOfJson(v)] as const,
    );
    return j.abbreviated ? { k: 'struct', fields, more: true } : { k: 'struct', fields };
  }
  if ('array' in j && Array.isArray(j.array)) {
    const items = j.array.map(valueOfJson);
    return j.truncated ? { k: 'array', items, more: true } : { k: 'array', items };
  }
  if ('comment' in j) return { k: 'commented', value: valueOfJson(j.value), comment: String(j.comment) };
  if ('text' in j) return { k: 'text', text: String(j.text) };
  if ('before' in j) return { k: 'changed', before: valueOfJson(j.before), after: valueOfJson(j.after) };
  if ('name' in j) return { k: 'named', name: String(j.name), value: valueOfJson(j.value) };
  return { k: 'text', text: JSON.stringify(j) };
}

/** A record as the events the strace formatter takes (a syscall as its entry and exit, back to back). */
export function eventsOfRecord(r: TraceRecord): TraceEvent[] {
  const pid = r.tid;
  const ts = r.ts;
  switch (r.type) {
    case 'syscall': {
      const name = String(r.name);
      const nr = Number(r.nr);
      const args = ((r.args ?? []) as ArgRecord[]).map((a) => valueOfJson(a.value));
      const enter: SyscallEnter = { type: 'enter', pid, ts, nr, name, raw: [], args, more: false };
      const errno = typeof r.errno === 'string' ? errnoByName(r.errno)?.value : undefined;
      const exit: SyscallExit = {
        type: 'exit',
        pid,
        ts: ts + (r.dur ?? 0n),
        nr,
        name,
        args: [],
        ret: r.ret === null || r.ret === undefined ? undefined : bigOf(r.ret),
        errno,
        retValue: r.ret_value !== undefined ? valueOfJson(r.ret_value) : undefined,
        retDetail: typeof r.ret_detail === 'string' ? r.ret_detail : undefined,
        duration: r.dur,
      };
      return [enter, exit];
    }
    case 'signal':
      return [
        {
          type: 'signal',
          pid,
          ts,
          signo: Number(r.signo ?? signalByName(String(r.signal))?.value ?? 0),
          info: r.siginfo === undefined ? undefined : valueOfJson(r.siginfo),
        },
      ];
    case 'exit':
      return [
        r.signal !== undefined
          ? {
              type: 'exited',
              pid,
              ts,
              signo: signalByName(String(r.signal))?.value ?? 0,
              core: r.core === true,
            }
          : { type: 'exited', pid, ts, code: Number(r.code ?? 0) },
      ];
    case 'exec':
      return [{ type: 'exec', pid, ts, oldPid: Number(r.old_tid) }];
    case 'attach':
    case 'detach':
      return [{ type: r.type, pid, ts }];
    case 'lost':
      return [{ type: 'lost', pid: 0, ts, count: Number(r.count ?? 0) }];
    default:
      return [];
  }
}

// vat's JSON Lines records turned back into events and values (a JSONL trace printed as strace text, the
// library's readTrace); format/jsonl-record.ts writes them.
import type { JsonValue } from '../format/json-value.js';
import type { ArgRecord, TraceRecord } from '../format/jsonl-record.js';
import type { Call } from '../model/call.js';
import type { SyscallEnter, SyscallExit, TraceEvent } from '../model/events.js';
import { NONE, type Value } from '../model/value.js';
import { errnoByName } from '../tables/errnos.js';
import { signalByName } from '../tables/signals.js';
import { unescapeStrace } from './unescape.js';

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
    return {
      k: 'fd',
      fd,
      ...(typeof j.path === 'string' ? { path: j.path } : {}),
      ...(typeof j.detail === 'string' ? { detail: j.detail } : {}),
      ...(j.deleted === true ? { deleted: true } : {}),
    };
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

/** The raw registers of a record's arguments, as far as it has them (an imported log's have none). */
function rawOf(args: readonly ArgRecord[]): bigint[] {
  const out: bigint[] = [];
  for (const a of args) {
    if (typeof a.raw !== 'string') break;
    try {
      out.push(BigInt(a.raw));
    } catch {
      break;
    }
  }
  return out;
}

/**
 * A syscall record back into the joined call it was written from (the analyses and `profile from` read these):
 * its process as recorded, an argument per recorded one (null ones as `none`), its registers, `duration` the
 * record's dur. The caller has checked that it is a syscall with a name.
 */
export function callOfRecord(r: TraceRecord): Call {
  const args = (Array.isArray(r.args) ? r.args : []) as ArgRecord[];
  const errno = typeof r.errno === 'string' ? errnoByName(r.errno)?.value : undefined;
  return {
    type: 'syscall',
    pid: r.pid,
    tid: r.tid,
    nr: Number(r.nr),
    name: String(r.name),
    ...(r.abi === 'i386' || r.abi === 'x32' ? { abi: r.abi } : {}),
    raw: rawOf(args),
    args: args.map((a) => valueOfJson(a.value)),
    ts: r.ts,
    ...(r.dur !== undefined ? { end: r.ts + r.dur, duration: r.dur } : {}),
    ret: typeof r.ret === 'number' || typeof r.ret === 'bigint' ? BigInt(r.ret) : undefined,
    ...(errno !== undefined ? { errno } : {}),
    ...(r.ret_value !== undefined ? { retValue: valueOfJson(r.ret_value) } : {}),
  };
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

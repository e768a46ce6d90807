// CallRecords, what the profile recorder and checker read: from joined calls (a live run, an strace log) and
// from `vat --json` trace lines.
import { jsonValue } from '../format/json-value.js';
import type { TraceRecord } from '../format/jsonl-record.js';
import type { Call } from '../model/call.js';
import { syscallName, X32_ONLY, X32_SYSCALL_BIT } from '../tables/syscalls.js';
import type { CallRecord } from './facts.js';
import { ProfileError } from './profile.js';

/** The ABI and its name for a number as the tracer reports it (x32 numbers keep bit 30 set). */
export function abiName(
  nr: number,
  name: string,
  abi: 'i386' | 'x32' | undefined,
): { abi: CallRecord['abi']; name: string } {
  if (abi === 'i386') return { abi: 'i386', name };
  if (abi === 'x32' || (nr & X32_SYSCALL_BIT) !== 0) {
    const n = nr & ~X32_SYSCALL_BIT;
    return { abi: 'x32', name: X32_ONLY[n]?.[1] ?? syscallName('x86_64', n) };
  }
  return { abi: 'x86_64', name };
}

/** A joined call (model/call.ts, the one join) as the record the recorder and checker read. */
export function callRecord(call: Call): CallRecord {
  const { abi, name } = abiName(call.nr, call.name, call.abi);
  return { tid: call.tid, name, abi, raw: call.raw, args: call.args.map(jsonValue), ret: call.ret };
}

const rawOf = (s: unknown): bigint | undefined => {
  if (typeof s !== 'string') return undefined;
  try {
    return BigInt(s);
  } catch {
    return undefined;
  }
};

/** A `vat --json` record (read by import/jsonl-read.ts) as a call record; other event types: undefined. */
export function recordFromJsonl(r: TraceRecord, where: string): CallRecord | undefined {
  if (r.type !== 'syscall') return undefined;
  if (typeof r.name !== 'string' || typeof r.tid !== 'number' || typeof r.nr !== 'number')
    throw new ProfileError(`${where}: syscall record without name, nr or tid`);
  const args = Array.isArray(r.args) ? (r.args as { raw?: unknown; value?: unknown }[]) : [];
  const { abi, name } = abiName(r.nr, r.name, r.abi === 'i386' || r.abi === 'x32' ? r.abi : undefined);
  const ret = typeof r.ret === 'number' || typeof r.ret === 'bigint' ? BigInt(r.ret) : undefined;
  return {
    tid: r.tid,
    name,
    abi,
    raw: args.map((a) => rawOf(a.raw)),
    args: args.map((a) => (a.value ?? null) as CallRecord['args'][number]),
    ret,
  };
}

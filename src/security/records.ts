// Sources of CallRecords: the live event stream of the ptrace engine, and `vat --json` trace files.
import { jsonValue } from '../format/json-value.js';
import type { SyscallEnter, TraceEvent } from '../model/events.js';
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

/** Joins entry and exit events per thread into records, in the order the calls finished. */
export class EventJoiner {
  private readonly open = new Map<number, SyscallEnter>();

  /** Records completed by these events. */
  add(events: readonly TraceEvent[]): CallRecord[] {
    const out: CallRecord[] = [];
    for (const e of events) {
      if (e.type === 'enter') {
        const prev = this.open.get(e.pid);
        if (prev) out.push(this.record(prev, undefined));
        this.open.set(e.pid, e);
      } else if (e.type === 'exit') {
        const enter = this.open.get(e.pid);
        this.open.delete(e.pid);
        if (enter) out.push(this.record(enter, e));
      } else if (e.type === 'exited' || e.type === 'detach') {
        const enter = this.open.get(e.pid);
        this.open.delete(e.pid);
        if (enter) out.push(this.record(enter, undefined));
      }
    }
    return out;
  }

  /** Calls still open at the end (an exec'd-away or killed thread's last call). */
  finish(): CallRecord[] {
    const out = [...this.open.values()].map((e) => this.record(e, undefined));
    this.open.clear();
    return out;
  }

  private record(enter: SyscallEnter, exit: Extract<TraceEvent, { type: 'exit' }> | undefined): CallRecord {
    const { abi, name } = abiName(enter.nr, enter.name, enter.abi);
    return {
      tid: enter.pid,
      name,
      abi,
      raw: enter.raw,
      args: [...enter.args, ...(exit?.args ?? [])].map(jsonValue),
      ret: exit?.ret,
    };
  }
}

const rawOf = (s: unknown): bigint | undefined => {
  if (typeof s !== 'string') return undefined;
  try {
    return BigInt(s);
  } catch {
    return undefined;
  }
};

/** One `vat --json` line as a record (other event types: undefined). */
export function recordFromJsonl(line: string, where: string): CallRecord | undefined {
  let o: unknown;
  try {
    o = JSON.parse(line);
  } catch {
    throw new ProfileError(`${where}: not a JSON line (profile from reads \`vat --json\` traces)`);
  }
  if (typeof o !== 'object' || o === null) throw new ProfileError(`${where}: not a trace event`);
  const r = o as Record<string, unknown>;
  if (r.v !== 1)
    throw new ProfileError(`${where}: trace event schema version ${String(r.v)} is not supported`);
  if (r.type !== 'syscall') return undefined;
  if (typeof r.name !== 'string' || typeof r.tid !== 'number' || typeof r.nr !== 'number')
    throw new ProfileError(`${where}: syscall record without name, nr or tid`);
  const args = Array.isArray(r.args) ? (r.args as { raw?: unknown; value?: unknown }[]) : [];
  const { abi, name } = abiName(r.nr, r.name, r.abi === 'i386' || r.abi === 'x32' ? r.abi : undefined);
  const ret = typeof r.ret === 'number' ? BigInt(r.ret) : undefined;
  return {
    tid: r.tid,
    name,
    abi,
    raw: args.map((a) => rawOf(a.raw)),
    args: args.map((a) => (a.value ?? null) as CallRecord['args'][number]),
    ret,
  };
}

// Plain numeric arguments: printed from the register, nothing read from memory (-Y: a pid's /proc comm).
import { pidNsComment } from '../../model/pid-ns-comment.js';
import { quoteComm } from '../../model/quote.js';
import { hex, int, ptr, type Value } from '../../model/value.js';
import { type PidKind, pidInTracerNs } from '../../sys/pidns.js';
import { procComm } from '../../sys/procfs.js';
import { type ArgDecoder, asInt, asLong, asUint, type CallContext } from '../context.js';

const entry = (f: (raw: bigint) => Value): ArgDecoder => ({
  phase: 'entry',
  decode: (c, i) => f(c.raw[i] ?? 0n),
});

export const NUMBER_DECODERS = {
  int: entry((r) => int(asInt(r))),
  uint: entry((r) => int(asUint(r))),
  long: entry((r) => int(asLong(r))),
  ulong: entry((r) => int(BigInt.asUintN(64, r))),
  hex: entry((r) => hex(BigInt.asUintN(64, r))),
  // strace's print_numeric_umode_t: a umode_t, 16 bits whatever the register holds (umask takes an int)
  octal: entry((r) => ({ k: 'oct', v: asUint(r) & 0xffff })),
  ptr: entry((r) => ptr(BigInt.asUintN(64, r))),
  size: entry((r) => int(BigInt.asUintN(64, r))),
  off: entry((r) => int(asLong(r))),
  pid: { phase: 'entry', decode: (c, i) => pidValue(c, asInt(c.raw[i] ?? 0n)) },
  pgid: { phase: 'entry', decode: (c, i) => pidValue(c, asInt(c.raw[i] ?? 0n), 'pgid') },
  uid: entry((r) => int(asInt(r) === -1 ? -1 : asUint(r))),
  gid: entry((r) => int(asInt(r) === -1 ? -1 : asUint(r))),
} as const satisfies Record<string, ArgDecoder>;

/**
 * -Y: a positive pid with its command name while the process exists (`1234<sh>`), as strace's printpid; with
 * --decode-pids=pidns and a tracee (`c.pid`) in another pid namespace, also the pid in vat's namespace
 * (`2 /* 5678 in strace's PID NS *\/`, strace's words), the name being read through that one.
 */
export function pidValue(
  c: Pick<CallContext, 'opts'> & { readonly pid?: number },
  pid: number,
  kind: PidKind = 'pid',
): Value {
  if ((!c.opts.decodePids && !c.opts.pidns) || pid <= 0) return int(pid);
  const outer = c.opts.pidns && c.pid !== undefined ? pidInTracerNs(c.pid, pid, kind) : undefined;
  // strace names the command of a process or thread, not of a group or session
  const comm = c.opts.decodePids && kind === 'pid' ? procComm(outer ?? pid) : undefined;
  const text = `${pid}${comm === undefined ? '' : `<${quoteComm(comm, c.opts.xflag)}>`}`;
  if (outer !== undefined) return { k: 'text', text: `${text}${pidNsComment(outer)}` };
  return comm === undefined ? int(pid) : { k: 'text', text };
}

/**
 * strace's printpid_tgid_pgid: a positive number is a process (-Y names it), one below -1 a process group
 * (F_SETOWN's argument, F_GETOWN's result), both translated under --decode-pids=pidns.
 */
export function pidOrGroupValue(c: Pick<CallContext, 'opts'> & { readonly pid?: number }, id: number): Value {
  if (id > 0) return pidValue(c, id);
  if (id >= -1 || !c.opts.pidns || c.pid === undefined) return int(id);
  const outer = pidInTracerNs(c.pid, -id, 'pgid');
  return outer === undefined ? int(id) : { k: 'text', text: `${id}${pidNsComment(outer)}` };
}

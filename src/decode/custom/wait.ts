// wait4's status (`[{WIFEXITED(s) && WEXITSTATUS(s) == 0}]`, strace's printstatus) and waitid's id, which its
// idtype makes a pid, a process group or a pidfd.
import { int, ptr, text, type Value } from '../../model/value.js';
import { signalName } from '../../tables/signals.js';
import { fdValue } from '../args/fds.js';
import { pidValue } from '../args/numbers.js';
import type { ArgDecoder, CallContext } from '../context.js';
import { rusage } from '../structs/resource.js';
import type { StructDecoder } from '../structs/struct-decoder.js';
import { i32, nameOf, view, xv } from './util.js';

const hexOf = (n: number): string => (n === 0 ? '0' : `0x${n.toString(16)}`);

/** The macros of <sys/wait.h> (glibc's waitstatus.h), as strace prints them. */
export function waitStatusText(status: number): string {
  let s = status >>> 0;
  let head: string;
  if ((s & 0xff) === 0x7f) {
    const sig = (s >>> 8) & 0xff;
    head = `{WIFSTOPPED(s) && WSTOPSIG(s) == ${signalName(sig & 0x7f)}${sig & 0x80 ? ' | 0x80' : ''}}`;
    s &= ~((sig << 8) | 0x7f);
  } else if ((s & 0x7f) !== 0 && (s & 0x7f) !== 0x7f) {
    const sig = s & 0x7f;
    head = `{WIFSIGNALED(s) && WTERMSIG(s) == ${signalName(sig)}${s & 0x80 ? ' && WCOREDUMP(s)' : ''}}`;
    s &= ~(sig | 0x80);
  } else if ((s & 0x7f) === 0) {
    const code = (s >>> 8) & 0xff;
    head = `{WIFEXITED(s) && WEXITSTATUS(s) == ${code}}`;
    s &= ~(code << 8);
  } else if (s === 0xffff) {
    head = '{WIFCONTINUED(s)}';
    s &= ~0xffff;
  } else return hexOf(s);
  s >>>= 0;
  const event = s >>> 16;
  if (event) {
    head += `|${nameOf('ptrace_events', event) ?? `${hexOf(event)} /* PTRACE_EVENT_??? */`}<<16`;
    s &= 0xffff;
  }
  if (s) head += `|${hexOf(s)}`;
  return head;
}

/** wait4's status pointer, at exit: the address unless a child was reaped (a zero return leaves it unset). */
const wait_status: StructDecoder = (c: CallContext, addr: bigint): Value => {
  if (c.ret === undefined || c.ret <= 0n) return ptr(addr);
  const v = view(c, addr, 4);
  return v ? { k: 'array', items: [text(waitStatusText(v.getInt32(0, true)))] } : ptr(addr);
};

/** wait4's rusage: like its status, filled only when a child was reaped (strace's printwaitn). */
const wait_rusage: StructDecoder = (c: CallContext, addr: bigint): Value =>
  c.ret === undefined || c.ret <= 0n ? ptr(addr) : rusage(c, addr);

const waitidId: ArgDecoder = {
  phase: 'entry',
  decode: (c, i) => {
    const id = i32(c, i);
    const idtype = i32(c, 0);
    if (idtype === xv('waitid_idtype', 'P_PIDFD')) return fdValue(c, id);
    // strace's printpid at entry: -Y names a process while it still exists (a reaped one has no name at exit)
    if (idtype === xv('waitid_idtype', 'P_PID')) return pidValue(c, id);
    if (idtype === xv('waitid_idtype', 'P_PGID')) return pidValue(c, id, 'pgid');
    return int(id);
  },
};

export const WAIT_DECODERS = { waitid_id: waitidId } as const satisfies Record<string, ArgDecoder>;
export const WAIT_STRUCTS = { wait_status, wait_rusage } as const;

// CLONE_UNTRACED would let a followed tracee create a child that no tracer sees (its calls missing from -f
// traces, profiles, checks and log-mode sandboxes): the flag is cleared at clone entry, in clone's flags
// register or in clone3's struct clone_args, and a child that still comes without its ptrace event is reported.
import { libc } from '../../sys/libc.js';
import { procFile } from '../../sys/procfs.js';
import { constantOf } from '../../tables/constants.js';
import { syscallByName, syscallName } from '../../tables/syscalls.js';
import type { LiveMemory } from './live-memory.js';
import { REG } from './regs.js';

export const CLONE_UNTRACED = constantOf('clone_flags', 'CLONE_UNTRACED');

const X32_BIT = 0x40000000;
const CLONE = syscallByName('x86_64', 'clone')?.nr;
const CLONE3 = syscallByName('x86_64', 'clone3')?.nr;
/** user_regs_struct's rbx: an i386 call's first argument (ebx). */
const RBX = 5 * 8;
const POKEUSER = 6;
const POKEDATA = 5;

export type CloneCall = 'clone' | 'clone3';

/** Whether the call (as PTRACE_GET_SYSCALL_INFO gave it) is clone or clone3 in any ABI. */
export function cloneCall(i386: boolean, nr: number): CloneCall | undefined {
  // i386's numbers looked up only for an i386 call: its table is loaded at its first use
  if (i386) {
    const name = syscallName('i386', nr);
    return name === 'clone' || name === 'clone3' ? name : undefined;
  }
  const base = nr & ~X32_BIT;
  return base === CLONE ? 'clone' : base === CLONE3 ? 'clone3' : undefined;
}

/** clone3's flags as the program wrote them, put back at the call's exit (the program and the trace see them). */
export interface SavedFlags {
  readonly address: bigint;
  readonly flags: bigint;
}

/**
 * At the call's entry, the tracee stopped: clears CLONE_UNTRACED where the kernel will read it. Returns 'refuse'
 * when clone3's flags could not be rewritten (the caller must refuse the call), the flags to put back when
 * clone3's struct was rewritten, else undefined. clone3's flags live in the tracee's memory, where another of
 * its threads could set the flag again before the kernel reads it: the missing ptrace event at the call's exit
 * tells (see Tracer), and the child is then reported.
 */
export function clearUntraced(
  tid: number,
  call: CloneCall,
  i386: boolean,
  args: readonly bigint[],
  mem: LiveMemory,
): SavedFlags | 'refuse' | undefined {
  const first = args[0] ?? 0n;
  if (call === 'clone') {
    if ((first & CLONE_UNTRACED) !== 0n)
      libc.ptrace(POKEUSER, tid, i386 ? RBX : REG.rdi, first & ~CLONE_UNTRACED);
    return undefined;
  }
  // clone3(struct clone_args *args, size_t size): flags is its first u64; a short or unreadable struct fails
  // in the kernel (EINVAL, EFAULT) before any child exists
  const address = i386 ? BigInt.asUintN(32, first) : first;
  mem.pid = tid;
  const bytes = mem.read(address, 8);
  if (!bytes || bytes.length < 8 || (args[1] ?? 0n) < 8n) return undefined;
  const flags = new DataView(bytes.buffer, bytes.byteOffset, 8).getBigUint64(0, true);
  if ((flags & CLONE_UNTRACED) === 0n) return undefined;
  return writeFlags(tid, address, flags & ~CLONE_UNTRACED, mem) ? { address, flags } : 'refuse';
}

/** At clone3's exit: the program's own flags back in its struct. */
export function restoreFlags(tid: number, saved: SavedFlags, mem: LiveMemory): void {
  writeFlags(tid, saved.address, saved.flags, mem);
}

function writeFlags(tid: number, address: bigint, flags: bigint, mem: LiveMemory): boolean {
  const bytes = new Uint8Array(8);
  new DataView(bytes.buffer).setBigUint64(0, flags, true);
  mem.pid = tid;
  if (mem.write(address, bytes)) return true;
  // a read-only page: PTRACE_POKEDATA writes through the protection, as a debugger does
  return libc.ptrace(POKEDATA, tid, address, flags) === 0;
}

/** Makes the kernel skip the call at its entry: it returns ENOSYS (glibc then falls back to clone). */
export function refuseCall(tid: number): void {
  libc.ptrace(POKEUSER, tid, REG.orig_rax, (1n << 64n) - 1n);
}

/** Tgid and PPid of a task from /proc (undefined once it is gone). */
function ids(tid: number): { tgid: number; ppid: number } | undefined {
  const status = procFile(tid, 'status', 'latin1');
  if (status === undefined) return undefined;
  const field = (name: string): number => Number(new RegExp(`^${name}:\\s*(\\d+)`, 'm').exec(status)?.[1]);
  return { tgid: field('Tgid'), ppid: field('PPid') };
}

/**
 * Whether `child` (the id clone returned to `parent`) is in vat's view the task `parent` created: its thread,
 * its child, or its parent's (CLONE_PARENT). A caller inside another pid namespace gets an id of that
 * namespace, which here may name an unrelated process: that one must never be killed.
 */
export function createdBy(child: number, parent: number): boolean {
  const c = ids(child);
  const p = ids(parent);
  if (!c || !p) return false;
  return c.tgid === p.tgid || c.ppid === p.tgid || c.ppid === p.ppid;
}

// clone(2) and clone3(2) as strace prints them. clone shows named arguments in its own order:
// `child_stack=, flags=` at entry, then `parent_tid=, tls=, child_tidptr=` at exit, each only when a flag asks
// for it. x86_64 passes (flags, stack, parent_tid, child_tid, tls), so each slot shows the item strace prints at
// that position: slot 0 child_stack, slot 1 flags, slot 2 parent_tid, slot 3 tls, slot 4 child_tidptr.
import { int, NONE, named, ptr, sym, type Value } from '../../model/value.js';
import { signalByValue } from '../../tables/signals.js';
import { isI386 } from '../abi.js';
import { fdValue } from '../args/fds.js';
import type { ArgDecoder, CallContext } from '../context.js';
import type { StructDecoder } from '../structs/struct-decoder.js';
import { styled } from '../xlat.js';
import { userDescAt } from './ldt.js';
import { flagsOf, indirect, nonzeroTail, save, saved, u64, view, xv, xval } from './util.js';

const flag = (name: string): bigint => BigInt(xv('clone3_flags', name));
const has = (flags: bigint, ...names: string[]): boolean => names.some((n) => (flags & flag(n)) !== 0n);

/** `[1234]`: the tid the kernel stored (printnum_pid), the address when the call failed or it is unreadable. */
const tidAt = (c: CallContext, addr: bigint): Value =>
  c.failed ? ptr(addr) : indirect(c, addr, 4, (v) => int(v.getInt32(0, true)));
/** `[5]`: a pidfd the kernel stored (printnum_fd). */
const fdAt = (c: CallContext, addr: bigint): Value =>
  c.failed ? ptr(addr) : indirect(c, addr, 4, (v) => fdValue(c, v.getInt32(0, true)));

const cloneEntry: ArgDecoder = {
  phase: 'entry',
  atEntry: (c) => {
    const flags = u64(c, 0);
    if (
      !has(
        flags,
        'CLONE_PARENT_SETTID',
        'CLONE_PIDFD',
        'CLONE_CHILD_SETTID',
        'CLONE_CHILD_CLEARTID',
        'CLONE_SETTLS',
      )
    )
      c.entryOnly = true;
  },
  decode: (c, i) =>
    i === 0 ? named('child_stack', ptr(u64(c, 1))) : named('flags', flagsOf('clone_flags', u64(c, 0))),
};

/** Slot 2: parent_tid; slot 3: tls; slot 4: child_tidptr. */
const cloneExit: ArgDecoder = {
  phase: 'exit',
  decode: (c, i) => {
    const flags = u64(c, 0);
    switch (i) {
      case 2:
        if (has(flags, 'CLONE_PARENT_SETTID')) return named('parent_tid', tidAt(c, u64(c, 2)));
        return has(flags, 'CLONE_PIDFD') ? named('parent_tid', fdAt(c, u64(c, 2))) : NONE;
      case 3:
        // i386's tls is a struct user_desc (strace prints it whole); x86_64's the fs base
        return has(flags, 'CLONE_SETTLS')
          ? named('tls', isI386(c) ? userDescAt(c, u64(c, 4), true) : ptr(u64(c, 4)))
          : NONE;
      default:
        return has(flags, 'CLONE_CHILD_SETTID', 'CLONE_CHILD_CLEARTID')
          ? named('child_tidptr', ptr(u64(c, 3)))
          : NONE;
    }
  },
};

/** struct clone_args (include/uapi/linux/sched.h): eleven u64; strace needs at least up to tls (64 bytes). */
const ARGS = {
  flags: 0,
  pidfd: 8,
  childTid: 16,
  parentTid: 24,
  exitSignal: 32,
  stack: 40,
  stackSize: 48,
  tls: 56,
  setTid: 64,
  setTidSize: 72,
  cgroup: 80,
  size: 88,
  minSize: 64,
} as const;
/** What the eBPF engine follows in clone3's struct at exit: the ints at pidfd and parent_tid. */
export const CLONE_ARGS_FOLLOWED = {
  fields: [ARGS.pidfd, ARGS.parentTid],
  item: 4,
} as const;
const INT_MAX = 0x7fffffffn;
/** strace's limit on set_tid_size before it prints set_tid as an address. */
const MAX_SET_TID = 32n;

/** The bytes past struct clone_args that clone3 was given (up to a page), as strace shows them. */
const tailOf = (c: CallContext, addr: bigint, size: bigint, fetch: number): Value | undefined =>
  size > BigInt(fetch) ? nonzeroTail(c, addr, fetch, Number(size < 4096n ? size : 4096n)) : undefined;

/** The struct as clone3 passes it, read at entry (`undefined`: print the address). */
function cloneArgs(c: CallContext, addr: bigint, size: bigint): Value {
  const fetch = Number(size < BigInt(ARGS.size) ? size : BigInt(ARGS.size));
  if (fetch < ARGS.minSize) return ptr(addr);
  const bytes = c.mem.read(addr, fetch);
  if (!bytes || bytes.length < fetch) return ptr(addr);
  const full = new Uint8Array(ARGS.size);
  full.set(bytes);
  const v = new DataView(full.buffer);
  const at = (off: number): bigint => v.getBigUint64(off, true);
  const flags = at(ARGS.flags);
  const fields: [string, Value][] = [['flags', flagsOf('clone3_flags', flags)]];
  if (has(flags, 'CLONE_PIDFD')) fields.push(['pidfd', ptr(at(ARGS.pidfd))]);
  if (has(flags, 'CLONE_CHILD_SETTID', 'CLONE_CHILD_CLEARTID'))
    fields.push(['child_tid', ptr(at(ARGS.childTid))]);
  if (has(flags, 'CLONE_PARENT_SETTID')) fields.push(['parent_tid', ptr(at(ARGS.parentTid))]);
  const sig = at(ARGS.exitSignal);
  const sigName = sig > 0n && sig < INT_MAX ? signalByValue(Number(sig))?.name : undefined;
  // printsignal: the name in the -X style (`17` under raw, `17 /* SIGCHLD */` under verbose)
  fields.push(['exit_signal', sigName ? sym(styled(String(sig), sigName)) : int(sig)]);
  fields.push(['stack', ptr(at(ARGS.stack))], ['stack_size', xval(at(ARGS.stackSize))]);
  if (has(flags, 'CLONE_SETTLS'))
    fields.push(['tls', isI386(c) ? userDescAt(c, at(ARGS.tls), true) : ptr(at(ARGS.tls))]);
  const setTid = at(ARGS.setTid);
  const setTidSize = at(ARGS.setTidSize);
  if (setTid || setTidSize) {
    if (!setTid || !setTidSize || setTidSize > MAX_SET_TID) fields.push(['set_tid', ptr(setTid)]);
    else {
      const tids = view(c, setTid, Number(setTidSize) * 4);
      const items = tids
        ? Array.from({ length: Number(setTidSize) }, (_, k) => int(tids.getInt32(4 * k, true)))
        : [];
      fields.push(['set_tid', tids ? { k: 'array', items } : ptr(setTid)]);
    }
    fields.push(['set_tid_size', int(setTidSize)]);
  }
  if (fetch > ARGS.cgroup && (at(ARGS.cgroup) || has(flags, 'CLONE_INTO_CGROUP')))
    fields.push(['cgroup', int(at(ARGS.cgroup))]);
  const tail = tailOf(c, addr, size, fetch);
  if (tail) fields.push(['', tail]);
  return { k: 'struct', fields };
}

/** What the kernel wrote back for the parent: ` => {pidfd=[3], parent_tid=[1234]}`. */
function cloneArgsAfter(c: CallContext, addr: bigint, size: bigint): Value | undefined {
  if (c.failed || size < BigInt(ARGS.minSize)) return undefined;
  const v = view(c, addr, ARGS.minSize);
  if (!v) return undefined;
  const flags = v.getBigUint64(ARGS.flags, true);
  const fields: [string, Value][] = [];
  if (has(flags, 'CLONE_PIDFD')) fields.push(['pidfd', fdAt(c, v.getBigUint64(ARGS.pidfd, true))]);
  if (has(flags, 'CLONE_PARENT_SETTID'))
    fields.push(['parent_tid', tidAt(c, v.getBigUint64(ARGS.parentTid, true))]);
  const tail = tailOf(c, addr, size, Math.min(Number(size), ARGS.size));
  if (tail) fields.push(['', tail]);
  return fields.length ? { k: 'struct', fields } : undefined;
}

/** clone3's first argument: the struct as it was at entry, and what the kernel set, at exit. */
const clone_args: StructDecoder = Object.assign(
  (c: CallContext, addr: bigint, i: number): Value => {
    const size = u64(c, i + 1);
    const before = saved(c, i) ?? cloneArgs(c, addr, size);
    const after = before.k === 'struct' ? cloneArgsAfter(c, addr, size) : undefined;
    return after ? { k: 'changed', before, after } : before;
  },
  {
    atEntry: (c: CallContext, addr: bigint, i: number) => {
      if (addr !== 0n) save(c, i, cloneArgs(c, addr, u64(c, i + 1)));
    },
  },
);

export const CLONE_DECODERS = { clone_entry: cloneEntry, clone_exit: cloneExit } as const satisfies Record<
  string,
  ArgDecoder
>;
export const CLONE_STRUCTS = { clone_args } as const;

// fcntl(2)'s third argument and return value, by command (strace's print_fcntl): a table of shapes keyed by
// the command names of the fcntl_cmd xlat table.
import { int, NONE, ptr, sym, type Value } from '../../model/value.js';
import { signalByValue } from '../../tables/signals.js';
import { isI386 } from '../abi.js';
import { fdValue } from '../args/fds.js';
import { pidOrGroupValue, pidValue } from '../args/numbers.js';
import { asInt, asLong, type CallContext } from '../context.js';
import { abbreviated, formatOpenFlags } from '../xlat.js';
import { byValue, enumOf, flagsOf, flagsText, i32, nameOf, twoPhase, u32, u64, view, xval } from './util.js';

/** struct flock on x86_64 (include/uapi/asm-generic/fcntl.h): l_type s16, l_whence s16, l_start, l_len, l_pid. */
const FLOCK = { size: 32, type: 0, whence: 2, start: 8, len: 16, pid: 24 } as const;
/** struct f_owner_ex (include/uapi/asm-generic/fcntl.h): type int, pid int. */
const OWNER_EX = { size: 8, type: 0, pid: 4 } as const;

/** struct compat_flock (an i386 call's F_GETLK/F_SETLK/F_SETLKW): off_t as s32; 16 bytes. */
export const FLOCK32 = { size: 16, type: 0, whence: 2, start: 4, len: 8, pid: 12 } as const;
/** struct compat_flock64 (an i386 call's *LK64 and F_OFD_*; packed, x86's __ARCH_COMPAT_FLOCK64_PACK): 24 bytes. */
export const FLOCK64_32 = { size: 24, type: 0, whence: 2, start: 4, len: 12, pid: 20 } as const;

/** The struct flock at `addr`; `wide` for the commands that take struct flock64 (the same on x86_64). */
function flock(c: CallContext, addr: bigint, getlk: boolean, wide = false): Value {
  const i386 = isI386(c);
  const L = !i386 ? FLOCK : wide ? FLOCK64_32 : FLOCK32;
  const v = view(c, addr, L.size);
  if (!v) return ptr(addr);
  const off = (at: number): bigint =>
    L === FLOCK32 ? BigInt(v.getInt32(at, true)) : v.getBigInt64(at, true);
  const fields: [string, Value][] = [
    ['l_type', enumOf('flock_type', v.getInt16(L.type, true))],
    ['l_whence', enumOf('whence', v.getInt16(L.whence, true))],
    ['l_start', int(off(L.start))],
    ['l_len', int(off(L.len))],
  ];
  if (getlk) fields.push(['l_pid', pidValue(c, v.getInt32(L.pid, true))]);
  return { k: 'struct', fields };
}

function ownerEx(c: CallContext, addr: bigint): Value {
  const v = view(c, addr, OWNER_EX.size);
  if (!v) return ptr(addr);
  const type = v.getInt32(OWNER_EX.type, true);
  const pid = v.getInt32(OWNER_EX.pid, true);
  // the id is a thread, a process or a group by the owner type (strace's print_f_owner_ex)
  const owner = nameOf('f_owner_type', type);
  const kind = owner === 'F_OWNER_PGRP' ? 'pgid' : 'pid';
  return {
    k: 'struct',
    fields: [
      ['type', enumOf('f_owner_type', type)],
      ['pid', owner === undefined ? int(pid) : pidValue(c, pid, kind)],
    ],
  };
}

/** The *LK64 commands exist for 32-bit callers only (x86_64's kernel refuses them; strace shows the number). */
const flock64 = (c: CallContext, addr: bigint): Value =>
  isI386(c) ? flock(c, addr, false, true) : xval(addr);

const signalOrNumber = (n: number): Value => {
  const s = n > 0 ? signalByValue(n) : undefined;
  return s ? sym(s.name) : int(n);
};

/**
 * How one command shows its argument: `in` at entry from the registers or memory, `out` at exit (the address
 * when the call failed), `none` not at all; `ret` shows the return value (with its comment) at exit.
 */
interface Shape {
  readonly in?: (c: CallContext, i: number) => Value;
  readonly out?: (c: CallContext, i: number) => Value;
  readonly ret?: (c: CallContext, ret: bigint) => void;
}

const decimal = (c: CallContext, i: number): Value => int(asLong(c.raw[i]));
const retFd = (c: CallContext, ret: bigint): void => {
  c.retValue = fdValue(c, Number(ret));
};
/**
 * RVAL_HEX | RVAL_STR: `0x1 (flags FD_CLOEXEC)`, plain 0 when the text is empty. F_GETFD's and F_GET_SEALS' flags
 * follow -X (`(flags 0x1)`); F_GETFL's and F_GETLEASE's stay names, as strace prints them.
 */
const retAux =
  (text: (v: bigint) => string | undefined, style: 'styled' | 'abbrev' = 'abbrev') =>
  (c: CallContext, ret: bigint): void => {
    const t = style === 'styled' ? text(ret) : abbreviated(() => text(ret));
    if (t === undefined) return;
    c.retValue = xval(ret);
    c.retDetail = t;
  };
const prefixed = (prefix: string, table: string) => (v: bigint) => {
  const t = flagsText(table, v);
  return t === undefined ? undefined : `${prefix}${t}`;
};

// biome-ignore format: one command per line
const SHAPES: Readonly<Record<string, Shape>> = {
  F_SETFD: { in: (c, i) => flagsOf('fd_flags', u32(c, i)) },
  F_SETOWN: { in: (c, i) => pidOrGroupValue(c, i32(c, i)) },
  F_SETPIPE_SZ: { in: decimal },
  F_DUPFD: { in: decimal, ret: retFd },
  F_DUPFD_CLOEXEC: { in: decimal, ret: retFd },
  F_SETFL: { in: (c, i) => sym(formatOpenFlags(u32(c, i))) },
  F_SETLK: { in: (c, i) => flock(c, u64(c, i), false) },
  F_SETLKW: { in: (c, i) => flock(c, u64(c, i), false) },
  F_SETLK64: { in: (c, i) => flock64(c, u64(c, i)) },
  F_SETLKW64: { in: (c, i) => flock64(c, u64(c, i)) },
  F_OFD_SETLK: { in: (c, i) => flock(c, u64(c, i), false, true) },
  F_OFD_SETLKW: { in: (c, i) => flock(c, u64(c, i), false, true) },
  F_SETOWN_EX: { in: (c, i) => ownerEx(c, u64(c, i)) },
  F_NOTIFY: { in: (c, i) => flagsOf('dnotify_flags', u64(c, i)) },
  F_SETLEASE: { in: (c, i) => enumOf('flock_type', u64(c, i)) },
  F_ADD_SEALS: { in: (c, i) => flagsOf('f_seals', u64(c, i)) },
  F_SETSIG: { in: (c, i) => signalOrNumber(Number(asLong(c.raw[i]))) },
  F_GETOWN: {
    ret: (c, ret) => {
      const v = pidOrGroupValue(c, Number(BigInt.asIntN(32, ret)));
      if (v.k === 'text') c.retValue = v;
    },
  },
  F_GETPIPE_SZ: {},
  F_GETFD: { ret: retAux(prefixed('flags ', 'fd_flags'), 'styled') },
  F_GETFL: { ret: retAux((v) => `flags ${formatOpenFlags(v)}`) },
  F_GETLK: { out: (c, i) => flock(c, u64(c, i), true) },
  F_GETLK64: { out: (c, i) => flock(c, u64(c, i), true, true) },
  F_OFD_GETLK: { out: (c, i) => flock(c, u64(c, i), true, true) },
  F_GETOWN_EX: { out: (c, i) => ownerEx(c, u64(c, i)) },
  F_GETLEASE: { ret: retAux((v) => nameOf('flock_type', v)) },
  F_GET_SEALS: { ret: retAux(prefixed('seals ', 'f_seals'), 'styled') },
  F_GETSIG: {
    ret: (c, ret) => {
      const s = ret > 0n ? signalByValue(Number(ret)) : undefined;
      if (s) c.retDetail = s.name;
    },
  },
};

let shapes: ReadonlyMap<number, Shape> | undefined;
/** The shape of the command in argument 1 (undefined: strace's default, the argument in hex). */
const shapeOf = (c: CallContext): Shape | undefined => {
  shapes ??= byValue('fcntl_cmd', SHAPES);
  return shapes.get(asInt(c.raw[1]));
};

export const FCNTL_DECODERS = {
  fcntl_arg: {
    ...twoPhase(
      (c, i) => {
        const s = shapeOf(c);
        if (!s) return xval(u64(c, i));
        if (s.in) return s.in(c, i);
        return s.out ? undefined : NONE;
      },
      (c, i) => (c.failed ? ptr(u64(c, i)) : (shapeOf(c)?.out?.(c, i) ?? NONE)),
    ),
    atExit: (c: CallContext) => {
      if (c.failed || c.ret === undefined) return;
      shapeOf(c)?.ret?.(c, BigInt.asIntN(64, c.ret));
    },
  },
} as const;

// Small conditional arguments of single syscalls: getrandom's bytes, the remaining time of an interrupted sleep,
// mremap's new address, syslog, reboot, mount, membarrier, mknod/ustat devices, swapon, kcmp, priorities.
import { quoteBytes } from '../../model/quote.js';
import { int, NONE, ptr, sym, text, type Value } from '../../model/value.js';
import { pidInTracerNs } from '../../sys/pidns.js';
import { procFdLink, procFile } from '../../sys/procfs.js';
import { errnoByValue } from '../../tables/errnos.js';
import { fdValue } from '../args/fds.js';
import { pidValue } from '../args/numbers.js';
import { byteBuffer, cString } from '../args/strings.js';
import type { ArgDecoder, CallContext } from '../context.js';
import { memArray } from '../structs/array.js';
import { devValue, modeValue } from '../structs/read.js';
import { timespecAt } from '../structs/time.js';
import { currentConstStyle, formatFlags, lookupXlat } from '../xlat.js';
import {
  boundedString,
  customConst,
  enumOf,
  flagsOf,
  i32,
  nameOf,
  twoPhase,
  u32,
  u64,
  xv,
  xval,
} from './util.js';

/** getrandom's buffer at exit: the bytes it got, every one hex-escaped (QUOTE_FORCE_HEX), cut at -s. */
const getrandomBuf: ArgDecoder = {
  phase: 'exit',
  decode: (c, i) => {
    const addr = u64(c, i);
    if (c.failed || c.ret === undefined) return ptr(addr);
    const v = byteBuffer(c, addr, Number(c.ret));
    return v.k === 'str' ? text(quoteBytes(v.bytes, v.more, 2)) : v;
  },
};

/** Errors that restart a sleep: only then does the kernel write the remaining time (include/linux/errno.h). */
const RESTARTS = ['ERESTARTSYS', 'ERESTARTNOINTR', 'ERESTARTNOHAND', 'ERESTART_RESTARTBLOCK'];
const interrupted = (c: CallContext): boolean => {
  if (!c.failed || c.ret === undefined) return false;
  const name = errnoByValue(Number(-BigInt.asIntN(64, c.ret)))?.name;
  return name !== undefined && RESTARTS.includes(name);
};

/**
 * nanosleep's rem and clock_nanosleep's remain, at exit: the time left when a signal interrupted a relative
 * sleep, else the address (the kernel did not write it).
 */
const nanosleepRem: ArgDecoder = {
  phase: 'exit',
  decode: (c, i) => {
    const relative = c.name === 'clock_nanosleep' ? u64(c, 1) === 0n : true;
    return relative && interrupted(c) ? timespecAt(c, u64(c, i)) : ptr(u64(c, i));
  },
};

/** mremap's fifth argument: only with MREMAP_MAYMOVE|MREMAP_FIXED. */
const mremapNewAddress: ArgDecoder = {
  phase: 'entry',
  decode: (c, i) => {
    const both = BigInt(xv('mremap_flags', 'MREMAP_MAYMOVE') | xv('mremap_flags', 'MREMAP_FIXED'));
    return (u64(c, 3) & both) === both ? ptr(u64(c, i)) : NONE;
  },
};

/** syslog: which commands ignore the buffer and length, and which fill the buffer. */
const SYSLOG_IGNORED = [
  'SYSLOG_ACTION_CLOSE',
  'SYSLOG_ACTION_OPEN',
  'SYSLOG_ACTION_CLEAR',
  'SYSLOG_ACTION_CONSOLE_OFF',
  'SYSLOG_ACTION_CONSOLE_ON',
  'SYSLOG_ACTION_SIZE_UNREAD',
  'SYSLOG_ACTION_SIZE_BUFFER',
];
const SYSLOG_READS = ['SYSLOG_ACTION_READ', 'SYSLOG_ACTION_READ_ALL', 'SYSLOG_ACTION_READ_CLEAR'];
const syslogAction = (c: CallContext): string => nameOf('syslog_action', i32(c, 0)) ?? '';

const syslogBuf = twoPhase(
  (c, i) => {
    const action = syslogAction(c);
    if (SYSLOG_IGNORED.includes(action)) return NONE;
    return SYSLOG_READS.includes(action) ? undefined : ptr(u64(c, i));
  },
  (c, i) => (c.failed || c.ret === undefined ? ptr(u64(c, i)) : byteBuffer(c, u64(c, i), Number(c.ret))),
  false,
);
const syslogLen = {
  phase: 'exit' as const,
  decode: (c: CallContext, i: number): Value => {
    const action = syslogAction(c);
    if (SYSLOG_IGNORED.includes(action)) return NONE;
    return action === 'SYSLOG_ACTION_CONSOLE_LEVEL'
      ? enumOf('syslog_console_levels', i32(c, i))
      : int(i32(c, i));
  },
  atEntry: (c: CallContext) => {
    if (SYSLOG_IGNORED.includes(syslogAction(c))) c.entryOnly = true;
  },
};

/** reboot's argument: the command string of LINUX_REBOOT_CMD_RESTART2, at most 255 bytes. */
const rebootArg: ArgDecoder = {
  phase: 'entry',
  decode: (c, i) =>
    u32(c, 2) === xv('reboot_cmd', 'LINUX_REBOOT_CMD_RESTART2') ? boundedString(c, u64(c, i), 255) : NONE,
};

/**
 * memfd_create's name: at most MFD_NAME_MAX_LEN + 1 bytes (strace's printstr_ex with QUOTE_0_TERMINATED), where
 * MFD_NAME_MAX_LEN is NAME_MAX less the kernel's "memfd:" prefix (mm/memfd.c).
 */
const memfdName: ArgDecoder = {
  phase: 'entry',
  decode: (c, i) => boundedString(c, u64(c, i), customConst('NAME_MAX') - 'memfd:'.length + 1),
};

/** mount: a remount ignores the type; bind, move and propagation changes ignore the type and the data. */
function mountIgnores(c: CallContext): { type: boolean; data: boolean } {
  const ms = (n: string): bigint => BigInt(xv('mount_flags', n));
  let flags = u64(c, 3);
  const magicMask = BigInt(
    lookupXlat('mount_magic')?.values.find(([n]) => n === 'MS_MGC_MSK')?.[1] ?? 0xffff0000,
  );
  const magic = BigInt(
    lookupXlat('mount_magic')?.values.find(([n]) => n === 'MS_MGC_VAL')?.[1] ?? 0xc0ed0000,
  );
  if ((flags & magicMask) === magic) flags &= ~magicMask;
  if (flags & ms('MS_REMOUNT')) return { type: true, data: false };
  const moving = ['MS_BIND', 'MS_MOVE', 'MS_SHARED', 'MS_PRIVATE', 'MS_SLAVE', 'MS_UNBINDABLE'].some(
    (n) => flags & ms(n),
  );
  return { type: moving, data: moving };
}
const mountStr = (which: 'type' | 'data'): ArgDecoder => ({
  phase: 'entry',
  decode: (c, i) => (mountIgnores(c)[which] ? ptr(u64(c, i)) : cString(c, u64(c, i), c.opts.strsize)),
});

/** membarrier's cpu_id, only with MEMBARRIER_CMD_FLAG_CPU; MEMBARRIER_CMD_QUERY returns the commands. */
const membarrierCpuId: ArgDecoder = {
  phase: 'entry',
  decode: (c, i) => (u32(c, 1) & xv('membarrier_flags', 'MEMBARRIER_CMD_FLAG_CPU') ? int(i32(c, i)) : NONE),
  atExit: (c) => {
    if (c.failed || !c.ret || i32(c, 0) !== 0) return;
    const table = lookupXlat('membarrier_cmd');
    if (!table) return;
    c.retValue = xval(c.ret);
    c.retDetail = formatFlags(table, c.ret);
  },
};

/** mknod's mode as strace's print_symbolic_mode_t (`S_IFCHR|0600`); the device only for S_IFCHR/S_IFBLK. */
const symbolicMode: ArgDecoder = { phase: 'entry', decode: (c, i) => modeValue(u32(c, i) & 0xffff) };
const mknodDev: ArgDecoder = {
  phase: 'entry',
  decode: (c, i) => {
    const type = u32(c, i - 1) & 0xffff & customConst('S_IFMT');
    return type === customConst('S_IFCHR') || type === customConst('S_IFBLK')
      ? devValue(BigInt(u32(c, i)))
      : NONE;
  },
};
/** ustat's dev_t (an unsigned int here). */
const dev: ArgDecoder = { phase: 'entry', decode: (c, i) => devValue(BigInt(u32(c, i))) };

/** swapon's flags: the flags, then the priority in the low bits (`SWAP_FLAG_PREFER|10`). */
const swapFlags: ArgDecoder = {
  phase: 'entry',
  decode: (c, i) => {
    const v = u32(c, i);
    const mask = customConst('SWAP_FLAG_PRIO_MASK');
    const flags = (v & ~mask) >>> 0;
    if (!flags) return int(v & mask);
    const f = flagsOf('swap_flags', flags);
    return sym(`${f.k === 'sym' ? f.text : `0x${flags.toString(16)}`}|${v & mask}`);
  },
};

/**
 * strace's printfd_pid_tracee_ns: an fd in the table of `pid` (kcmp's pid1 or pid2, a tracee-namespace id),
 * its -y path read from that process; a pid that names no process prints the bare number.
 */
function fdOfPid(c: CallContext, pid: number, fd: number): Value {
  if (pid <= 0) return int(fd);
  const real = pidInTracerNs(c.pid, pid) ?? pid;
  return fdValue({ ...c, fdPath: (n) => procFdLink(real, n) }, fd);
}

/** kcmp's idx1/idx2: fds for KCMP_FILE (and idx1 of KCMP_EPOLL_TFD), nothing for the whole-resource types. */
const kcmpIdx: ArgDecoder = {
  phase: 'entry',
  decode: (c, i) => {
    const type = nameOf('kcmp_type', i32(c, 2));
    const pid = i32(c, i - 3);
    switch (type) {
      case 'KCMP_FILE':
        return fdOfPid(c, pid, i32(c, i));
      case 'KCMP_EPOLL_TFD':
        return i === 3 ? fdOfPid(c, pid, i32(c, i)) : epollSlot(c, i32(c, 1), u64(c, i));
      case 'KCMP_FILES':
      case 'KCMP_FS':
      case 'KCMP_IO':
      case 'KCMP_SIGHAND':
      case 'KCMP_SYSVSEM':
      case 'KCMP_VM':
        return NONE;
      default:
        return xval(u64(c, i));
    }
  },
};
/** struct kcmp_epoll_slot (include/uapi/linux/kcmp.h): efd and tfd are fds of pid2, toff is unsigned. */
function epollSlot(c: CallContext, pid2: number, addr: bigint): Value {
  const b = addr === 0n ? undefined : c.mem.read(addr, 12);
  if (!b || b.length < 12) return ptr(addr);
  const v = new DataView(b.buffer, b.byteOffset, 12);
  return {
    k: 'struct',
    fields: [
      ['efd', fdOfPid(c, pid2, v.getInt32(0, true))],
      ['tfd', fdOfPid(c, pid2, v.getInt32(4, true))],
      ['toff', int(v.getUint32(8, true))],
    ],
  };
}

/**
 * getpriority/setpriority and ioprio_get/set `who`, by `which`: a process (-Y names it), a process group (both
 * translated by --decode-pids=pidns, as strace's printpid) or a user, a plain number.
 */
const whoBy =
  (table: string): ArgDecoder['decode'] =>
  (c, i) => {
    const which = nameOf(table, u32(c, 0));
    const id = i32(c, i);
    if (which === 'PRIO_PROCESS' || which === 'IOPRIO_WHO_PROCESS') return pidValue(c, id);
    if (which === 'PRIO_PGRP' || which === 'IOPRIO_WHO_PGRP') return pidValue(c, id, 'pgid');
    return int(id);
  };
const who: ArgDecoder = { phase: 'entry', decode: whoBy('priority_which') };

/**
 * IOPRIO_PRIO_VALUE(class, data) as strace's sprint_ioprio: the class is everything above IOPRIO_CLASS_SHIFT
 * (unmasked, so garbage shows), the data the bits below it (include/uapi/linux/ioprio.h).
 */
export function ioprioText(v: number): string {
  const cls = v >>> customConst('IOPRIO_CLASS_SHIFT');
  const e = enumOf('ioprio_class', cls);
  return `IOPRIO_PRIO_VALUE(${e.k === 'sym' ? e.text : cls}, ${v & customConst('IOPRIO_PRIO_MASK')})`;
}
/** ioprio_set's value: the text; -X raw the signed number; -X verbose the number with the text in a comment. */
const ioprio: ArgDecoder = {
  phase: 'entry',
  decode: (c, i) => {
    const style = currentConstStyle();
    if (style === 'abbrev') return sym(ioprioText(u32(c, i)));
    return style === 'raw' ? int(i32(c, i)) : text(`${i32(c, i)} /* ${ioprioText(u32(c, i))} */`);
  },
};
const ioprioWho: ArgDecoder = {
  phase: 'entry',
  decode: whoBy('ioprio_which'),
  atExit: (c) => {
    if (c.name !== 'ioprio_get' || c.failed || c.ret === undefined || currentConstStyle() === 'raw') return;
    c.retDetail = ioprioText(Number(c.ret));
  },
};

/** The process a pidfd of `pid` refers to, from its fdinfo's `Pid:` line (strace's pidfd_get_pid); 0 if none. */
function pidfdTarget(pid: number, pidfd: number): number {
  const m = /^Pid:\s*(-?\d+)$/m.exec(procFile(pid, `fdinfo/${pidfd}`, 'latin1') ?? '');
  return m?.[1] === undefined ? 0 : Number(m[1]);
}

/** pidfd_getfd's target fd: an fd of the pidfd's process, so -y names it from that process's table (printfd_pid). */
const pidfdTargetFd: ArgDecoder = {
  phase: 'entry',
  decode: (c, i) => {
    const fd = i32(c, i);
    const target = pidfdTarget(c.pid, i32(c, 0));
    if (target <= 0) return int(fd);
    return fdValue({ ...c, pid: target, fdPath: (n) => procFdLink(target, n) }, fd);
  },
};

/** get_mempolicy's mode: `[MPOL_DEFAULT]` at exit, the address when the call failed. */
const getMempolicyMode: ArgDecoder = {
  phase: 'exit',
  decode: (c, i) => {
    const addr = u64(c, i);
    if (c.failed || addr === 0n) return ptr(addr);
    const b = c.mem.read(addr, 4);
    if (!b || b.length < 4) return ptr(addr);
    return {
      k: 'array',
      items: [enumOf('mpol_modes', new DataView(b.buffer, b.byteOffset, 4).getInt32(0, true))],
    };
  },
};

/** x86_64's page size: mincore has one byte per page. */
const PAGE_SIZE = 4096n;

/** mincore's vector, at exit: the residency bit of each page, `[1, 0, ...]` (strace's print_array). */
const mincoreVec: ArgDecoder = {
  phase: 'exit',
  decode: (c, i) => {
    const pages = (u64(c, 1) + PAGE_SIZE - 1n) / PAGE_SIZE;
    if (c.failed) return ptr(u64(c, i));
    return memArray(c, u64(c, i), pages, 1, (v, off) => int(v.getUint8(off) & 1));
  },
};

export const MISC_DECODERS = {
  getrandom_buf: getrandomBuf,
  nanosleep_rem: nanosleepRem,
  mremap_new_address: mremapNewAddress,
  syslog_buf: syslogBuf,
  syslog_len: syslogLen,
  reboot_arg: rebootArg,
  memfd_name: memfdName,
  mount_fstype: mountStr('type'),
  mount_data: mountStr('data'),
  membarrier_cpu_id: membarrierCpuId,
  symbolic_mode: symbolicMode,
  mknod_dev: mknodDev,
  dev,
  swap_flags: swapFlags,
  kcmp_idx: kcmpIdx,
  priority_who: who,
  ioprio_who: ioprioWho,
  ioprio,
  pidfd_target_fd: pidfdTargetFd,
  get_mempolicy_mode: getMempolicyMode,
  mincore_vec: mincoreVec,
} as const satisfies Record<string, ArgDecoder>;

// Strings and buffers: paths and C strings at entry, kernel-filled buffers at exit (cut at -s as strace does).
import { ptr, type Value } from '../../model/value.js';
import { procPath } from '../../sys/procfs.js';
import { type ArgDecoder, argIndex, asInt, type CallContext } from '../context.js';
import { dumpsBuffer, readWhole } from './dump.js';
import { AT_FDCWD } from './fds.js';
import { fileContextText, secontextWarning } from './secontext.js';

/** strace's printpath: up to PATH_MAX - 1 bytes, whole (not cut at -s); it reads one byte more to see the NUL. */
export const PATH_MAX = 4096;
const PATH_SHOWN = PATH_MAX - 1;

const addr = (c: CallContext, i: number): bigint => BigInt.asUintN(64, c.raw[i] ?? 0n);

/** A NUL-terminated string at argument i, cut at `max` bytes (then `...`). */
export function cString(c: CallContext, a: bigint, max: number): Value {
  if (a === 0n) return ptr(0n);
  const s = c.mem.readString(a, max);
  if (!s) return ptr(a);
  return { k: 'str', bytes: s.bytes.subarray(0, max), more: !s.complete };
}

/**
 * --secontext: a path read whole is followed by its file's SELinux context, found from the tracee's view: its
 * root for an absolute path, else the call's dirfd (strace's last_dirfd) or its working directory.
 */
function withPathContext(c: CallContext, i: number, v: Value): Value {
  const o = c.opts.secontext;
  if (!o || v.k !== 'str' || v.more) return v;
  const path = Buffer.from(v.bytes).toString('latin1');
  const dirfdAt = c.args.findIndex((a, at) => at < i && a.kind === 'dirfd');
  const dirfd = dirfdAt < 0 ? AT_FDCWD : asInt(c.raw[dirfdAt]);
  let file: string | undefined;
  if (path.startsWith('/')) file = procPath(c.pid, `root${path}`);
  else if (dirfd === AT_FDCWD) file = procPath(c.pid, `cwd/${path}`);
  else if (dirfd >= 0) file = procPath(c.pid, `fd/${dirfd}/${path}`);
  const secontext = file && fileContextText(file, o, c.opts.xflag, secontextWarning);
  return secontext ? { ...v, secontext } : v;
}

/** `len` bytes at `a`, printed up to -s with `...` when longer. */
export function byteBuffer(c: CallContext, a: bigint, len: number): Value {
  if (a === 0n) return ptr(0n);
  const shown = Math.min(len, c.opts.strsize);
  // strace's printstr_ex: one byte past the -s limit is fetched too, and all must be readable (umoven), else
  // the address
  const fetched = Math.min(len, c.opts.strsize + 1);
  const read = c.mem.read(a, fetched);
  if (!read || read.length < fetched) return ptr(a);
  const bytes = read.length > shown ? read.subarray(0, shown) : read;
  // -e read=/write=: the whole buffer too, for the hex dump
  const whole = dumpsBuffer(c, a) ? readWhole(c, a, len) : undefined;
  if (!whole?.bytes) return { k: 'str', bytes, more: len > shown };
  return {
    k: 'str',
    bytes,
    more: len > shown,
    dump: whole.bytes,
    ...(whole.cut ? { dumpCut: whole.cut } : {}),
  };
}

/** Length of a buffer argument: the named length argument, or at exit the return value when smaller. */
function bufferLength(c: CallContext, param: string | undefined): number {
  const li = argIndex(c, param);
  const given = li >= 0 ? Number(BigInt.asUintN(64, c.raw[li] ?? 0n)) : 0;
  if (c.ret === undefined) return given;
  return Math.max(0, Math.min(given, Number(c.ret)));
}

export const STRING_DECODERS = {
  path: { phase: 'entry', decode: (c, i) => withPathContext(c, i, cString(c, addr(c, i), PATH_SHOWN)) },
  str: { phase: 'entry', decode: (c, i) => cString(c, addr(c, i), c.opts.strsize) },
  ibuf: { phase: 'entry', decode: (c, i, p) => byteBuffer(c, addr(c, i), bufferLength(c, p)) },
  obuf: {
    phase: 'exit',
    decode: (c, i, p) => (c.failed ? ptr(addr(c, i)) : byteBuffer(c, addr(c, i), bufferLength(c, p))),
  },
  // strace's printpathn(addr, rval): the kernel's path whole (not cut at -s), up to the length it returned
  ostr: {
    phase: 'exit',
    decode: (c, i) =>
      c.failed ? ptr(addr(c, i)) : cString(c, addr(c, i), Math.min(Number(c.ret ?? 0n), PATH_SHOWN)),
  },
} as const satisfies Record<string, ArgDecoder>;

// Fast forms of arguments the decoders print from a table or a struct (flags, enums, struct stat and statx), for the
// record-to-text path: the decoders' own functions and text, without the general path's BigInt arguments, events and
// CallContext per call. A flags value is decoded once and its text cached (a trace repeats a few values); a struct
// is decoded over the record's own bytes, not copied.
import type { CallContext } from '../../decode/context.js';
import { openModeShown } from '../../decode/custom/open-mode.js';
import type { Memory } from '../../decode/memory.js';
import type { DecodeOptions } from '../../decode/options.js';
import { ARG_DECODERS } from '../../decode/registry.js';
import { devValue, modeValue } from '../../decode/structs/read.js';
import type { Value } from '../../model/value.js';
import { valueText } from '../../model/value-text.js';
import type { Signature } from '../../tables/signature.js';
import { EXACT_HI, TWO32 } from './record-words.js';

/**
 * Struct decoders that read nothing but the struct's bytes and the options (no hooks, no other argument, no /proc):
 * their output from a record is the general path's. Git's ~30 K newfstatat calls per status are the reason.
 */
export const FAST_STRUCTS: ReadonlySet<string> = new Set(['stat', 'statx']);

/**
 * Struct decoders that read the call's other arguments and its return besides the struct (no hooks, no fd paths):
 * the ptrace engine's live path gives them both per call (liveStructForm). getdents64's count and return, wait4's
 * (a status and rusage only when a child was reaped); sigaction, rlimit and statfs read their bytes alone
 * (rt_sigaction's 5 k calls in make, prlimit64, statfs), here since the eBPF engine's fast path does not take them.
 */
export const LIVE_STRUCTS: ReadonlySet<string> = new Set([
  'linux_dirent64',
  'linux_dirent',
  'wait_status',
  'wait_rusage',
  'sigaction',
  'rlimit',
  'statfs',
]);

/** custom(NAME) decoders that read nothing but the call's raw arguments (open_mode: openat's mode, shown with O_CREAT). */
export const FAST_CUSTOM: ReadonlySet<string> = new Set(['open_mode']);

/** Texts kept per argument at most (beyond, the cache starts again). */
const CACHE_MAX = 4096;
const NO_MEMORY: Memory = { read: () => undefined, readString: () => undefined };

/** How a decoded value is written: strace's text by default; --json's live path gives its JSON text. */
export type Render = (v: Value) => string;
const textOf = (o: DecodeOptions): Render => {
  const text = { xflag: o.xflag };
  return (v) => valueText(v, text);
};

/** A context for one argument of one call, made once: the decoders read `raw[index]`, the options and `mem`. */
function contextFor(
  sig: Signature,
  name: string,
  o: DecodeOptions,
  mem: Memory,
): CallContext & { raw: bigint[] } {
  return {
    pid: 0,
    name,
    raw: [0n, 0n, 0n, 0n, 0n, 0n],
    args: sig.args,
    mem,
    opts: o,
    fdPath: () => undefined,
  };
}

/** flags(TABLE), enum(TABLE) or signal argument `index`: its text from the argument's two 32-bit halves. */
export function xlatForm(
  sig: Signature,
  name: string,
  kind: 'flags' | 'enum' | 'signal',
  param: string | undefined,
  index: number,
  o: DecodeOptions,
  render: Render = textOf(o),
): (lo: number, hi: number) => string {
  const ctx = contextFor(sig, name, o, NO_MEMORY);
  const cache = new Map<number, string>();
  return (lo, hi) => {
    const exact = hi < EXACT_HI;
    const key = hi * TWO32 + lo;
    if (exact) {
      const t = cache.get(key);
      if (t !== undefined) return t;
    }
    ctx.raw[index] = (BigInt(hi) << 32n) | BigInt(lo);
    const t = render(ARG_DECODERS[kind].decode(ctx, index, param));
    if (exact) {
      if (cache.size >= CACHE_MAX) cache.clear();
      cache.set(key, t);
    }
    return t;
  };
}

/**
 * custom(NAME) argument `index` (NAME in FAST_CUSTOM): the decoder's text from the arguments (the six words at `at`
 * in `v`), or null when it prints nothing (NONE: the argument and its separator are left out).
 */
export function customForm(
  sig: Signature,
  name: string,
  param: string,
  index: number,
  o: DecodeOptions,
  render: Render = textOf(o),
): (v: DataView, at: number) => string | null {
  const ctx = contextFor(sig, name, o, NO_MEMORY);
  const n = Math.min(sig.args.length, 6);
  const decoded = (v: DataView, at: number): string | null => {
    for (let j = 0; j < n; j++) ctx.raw[j] = v.getBigUint64(at + j * 8, true);
    const value = ARG_DECODERS.custom.decode(ctx, index, param);
    return value.k === 'none' ? null : render(value);
  };
  // an open's mode, shown only when its flags create a file: most opens print nothing, told from the flags' low
  // word without six BigInts and a decoder call
  if (param === 'open_mode' && index > 0)
    return (v, at) => (openModeShown(v.getUint32(at + (index - 1) * 8, true)) ? decoded(v, at) : null);
  return decoded;
}

/** out(STRUCT) argument `index` of a call that returned: the struct decoder's text over `mem` (the record at exit). */
export function structForm(
  sig: Signature,
  name: string,
  param: string,
  index: number,
  o: DecodeOptions,
  mem: Memory,
  render: Render = textOf(o),
): (addr: bigint) => string {
  const ctx = contextFor(sig, name, o, mem);
  ctx.failed = false;
  return (addr) => {
    ctx.raw[index] = addr;
    return render(ARG_DECODERS.out.decode(ctx, index, param));
  };
}

/**
 * out(STRUCT) argument `index` (STRUCT in LIVE_STRUCTS) of a call that returned: the struct decoder's text over `mem`,
 * with the call's six arguments and its return as the decoder reads them (the words at `at` and `retAt` in `v`).
 * in(STRUCT) at entry: `retAt` < 0, no return yet (the in decoder tells entry from exit by it). sigset(SIZE) and
 * osigset(SIZE) likewise (their size is another argument): rt_sigprocmask.
 */
export function liveStructForm(
  sig: Signature,
  name: string,
  param: string,
  index: number,
  o: DecodeOptions,
  mem: Memory,
  render: Render = textOf(o),
  kind: 'out' | 'in' | 'sigset' | 'osigset' = 'out',
): (v: DataView, at: number, retAt: number) => string {
  const ctx = contextFor(sig, name, o, mem);
  ctx.failed = false;
  ctx.ret = kind === 'out' || kind === 'osigset' ? 0n : undefined;
  const n = Math.min(sig.args.length, 6);
  const decoder = ARG_DECODERS[kind];
  return (v, at, retAt) => {
    for (let j = 0; j < n; j++) ctx.raw[j] = v.getBigUint64(at + j * 8, true);
    if (retAt >= 0) ctx.ret = v.getBigUint64(retAt, true);
    return render(decoder.decode(ctx, index, param));
  };
}

/**
 * custom(NAME) decoders that the record and live paths run per call over one context (HookedForm): hooks, the return
 * and memory read at exit, no fd paths nor /proc. An entry hook may decide from the registers what prints at exit, an
 * exit hook the return's form. fcntl's argument: F_GETFL's `0x8002 (flags O_RDWR|O_LARGEFILE)`, F_DUPFD's fd,
 * F_GETLK's struct at exit (walk's 4 k calls); arch_prctl's address (ARCH_GET_FS's read at exit) and getrandom's
 * buffer (its bytes sized by the return): one of each per process make starts.
 */
export const HOOKED_CUSTOM: ReadonlySet<string> = new Set(['fcntl_arg', 'arch_prctl_addr', 'getrandom_buf']);

/** A HOOKED_CUSTOM argument of one syscall: its decoder's hooks and decode over one context made once. */
export interface HookedForm {
  /**
   * At entry (the six words at `at` in `v`): whether the argument prints at exit (false: the entry line closes without
   * `, `, ctx.entryOnly); undefined when the entry hook read the tracee's memory (the general path keeps what it read).
   */
  open(v: DataView, at: number): boolean | undefined;
  /** At exit: the argument's text (null: nothing); the entry hook is run again from the same registers first. */
  exit(v: DataView, at: number, ret: bigint, failed: boolean): string | null;
  /** Right after exit(): the return as the exit hook set it (retValue, retDetail); undefined: the signature's. */
  result(): string | undefined;
  /** Right after exit(): the exit hook's retValue (undefined: the signature's) and retDetail, as Values (--json). */
  returned(): { readonly value: Value | undefined; readonly detail: string | undefined };
}

export function hookedForm(
  sig: Signature,
  name: string,
  param: string,
  index: number,
  o: DecodeOptions,
  mem: Memory,
  render: Render = textOf(o),
): HookedForm {
  let touched = false;
  // a read at entry is what the general path printed then; this path would read it again at exit
  const watched: Memory = {
    read: (a, l) => {
      touched = true;
      return mem.read(a, l);
    },
    readString: (a, m) => {
      touched = true;
      return mem.readString(a, m);
    },
  };
  const ctx = contextFor(sig, name, o, watched);
  const n = Math.min(sig.args.length, 6);
  const d = ARG_DECODERS.custom;
  const text = { xflag: o.xflag };
  const enter = (v: DataView, at: number): void => {
    for (let j = 0; j < n; j++) ctx.raw[j] = v.getBigUint64(at + j * 8, true);
    ctx.ret = undefined;
    ctx.failed = undefined;
    ctx.saved = undefined;
    ctx.entryOnly = undefined;
    ctx.retValue = undefined;
    ctx.retDetail = undefined;
    d.atEntry?.(ctx, index, param);
  };
  return {
    open(v, at) {
      touched = false;
      enter(v, at);
      return touched ? undefined : ctx.entryOnly !== true;
    },
    exit(v, at, ret, failed) {
      enter(v, at);
      ctx.ret = ret;
      ctx.failed = failed;
      // decode-call.ts decodeExit: the hooks first, then the argument
      d.atExit?.(ctx, index, param);
      const value = d.decode(ctx, index, param);
      return value.k === 'none' ? null : render(value);
    },
    result() {
      // decode-call.ts putReturnFields, as format/strace-text.ts result() prints them
      if (ctx.retValue === undefined && ctx.retDetail === undefined) return undefined;
      const value = ctx.retValue === undefined ? String(ctx.ret) : valueText(ctx.retValue, text);
      return ctx.retDetail === undefined ? value : `${value} (${ctx.retDetail})`;
    },
    returned() {
      return { value: ctx.retValue, detail: ctx.retDetail };
    },
  };
}

const modes = new Map<number, string>();

/** A struct stat's st_mode as the decoder prints it (modeValue), cached: a trace sees few distinct modes. */
export function modeText(mode: number): string {
  let t = modes.get(mode);
  if (t === undefined) {
    t = valueText(modeValue(mode), { xflag: 0 });
    if (modes.size >= CACHE_MAX) modes.clear();
    modes.set(mode, t);
  }
  return t;
}

/** A device number as the decoder prints it (devValue: `makedev(0x88, 0x3)`). */
export const devText = (dev: bigint): string => valueText(devValue(dev), { xflag: 0 });

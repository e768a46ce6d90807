// The direct record-to-text path for plain text output: a call whose arguments are all numbers, fds, strings or
// byte buffers (write, read, close, getppid, ...) is printed from the ring record itself, without the BigInt
// arguments, Value trees and enter/exit events of the general path. Byte for byte what the decoders and the
// strace-text formatter print for such calls (test/engine/ebpf/fast-text.test.ts compares the two).
import { signatureFor } from '../../decode/decode-call.js';
import type { Memory } from '../../decode/memory.js';
import type { DecodeOptions } from '../../decode/options.js';
import { ARG_DECODERS, phaseOf } from '../../decode/registry.js';
import { SIGACTION } from '../../decode/structs/signal.js';
import { isDevice, STAT } from '../../decode/structs/stat.js';
import { styled } from '../../decode/xlat.js';
import { quoteForX } from '../../model/quote.js';
import { type ArgWidth, argWidths, fitsWidth } from '../../tables/arg-width.js';
import { errnoByValue } from '../../tables/errnos.js';
import type { ArgKind, Signature } from '../../tables/signature.js';
import { syscallByNumber } from '../../tables/syscalls.js';
import {
  customForm,
  devText,
  FAST_CUSTOM,
  FAST_STRUCTS,
  HOOKED_CUSTOM,
  hookedForm,
  LIVE_STRUCTS,
  liveStructForm,
  modeText,
  structForm,
  xlatForm,
} from './fast-decoded.js';
import { REC, SEG, SEG_FLAG } from './layout.js';
import { hexWord, hi, int32, lo, s64At, TWO32, u64At, word } from './record-words.js';

/** strace's printpath limit (decode/args/strings.ts): PATH_MAX - 1 bytes. */
const PATH_SHOWN = 4095;

/** What one argument prints, from the record; null: nothing (NONE); undefined sends the record down the general path. */
export type ArgText = (r: RecordView, i: number) => string | null | undefined;

/** A call whose decoder runs hooks (HOOKED_CUSTOM): what they decide per call, beside its argument's text. */
export interface CallHook {
  /** At entry: whether arguments follow at exit (false: ctx.entryOnly); undefined: the general path. */
  open(r: RecordView): boolean | undefined;
  /** At exit, after the exit arguments' texts: the return as the decoder set it; undefined: the signature's. */
  result(): string | undefined;
}

/** A live form; a hooked argument's carries its call's hook. */
export type LiveArgText = ArgText & { readonly hook?: CallHook };

/**
 * The forms of the arguments that point into the tracee's memory (strings, buffers, structs), and of custom arguments
 * with hooks, for an engine that reads them live (ptrace) rather than from the record's captured segments; undefined:
 * the general path. `lengthIndex`: the index of the argument a buffer's length is in (-1: none).
 */
export type LiveForms = (
  kind: ArgKind,
  param: string | undefined,
  index: number,
  lengthIndex: number,
  sig: Signature,
  name: string,
) => LiveArgText | undefined;

/** The argument kinds LiveForms gives: those the record's segments hold (and in() and signal sets, which only a live
 * read has here). */
const MEMORY_KINDS: ReadonlySet<ArgKind> = new Set<ArgKind>([
  'path',
  'str',
  'ibuf',
  'obuf',
  'out',
  'in',
  'sigset',
  'osigset',
]);

/** A record being printed: its view, offset, and the captured segments' area. */
export interface RecordView {
  v: DataView;
  bytes: Uint8Array;
  off: number;
  len: number;
  /** The call's return (signed), once known: buffers the kernel filled are sized by it. */
  ret: number;
  failed: boolean;
}

/** Points `r` at a record: its place, and its return value (a value in the kernel's errno range is a failure). */
export function viewRecord(r: RecordView, v: DataView, bytes: Uint8Array, off: number, len: number): void {
  r.v = v;
  r.bytes = bytes;
  r.off = off;
  r.len = len;
  r.ret = v.getInt32(off + REC.ret + 4, true) * 2 ** 32 + v.getUint32(off + REC.ret, true);
  r.failed = r.ret < 0 && r.ret >= -4095;
}

/**
 * The record's captured memory as the general path reads it (CapturedMemory: each phase's copy first), loaded by the
 * reader for the plans that read structs and signal sets through it (FastPlan.captures).
 */
export interface PhasedMemory extends Memory {
  phase: 'entry' | 'exit';
}

/** `mem` read as in `phase` (an entry argument's decoder sees the entry copy first, an exit argument's the exit copy). */
const inPhase = (mem: PhasedMemory, phase: 'entry' | 'exit'): Memory => ({
  read: (addr, len) => {
    mem.phase = phase;
    return mem.read(addr, len);
  },
  readString: (addr, max) => {
    mem.phase = phase;
    return mem.readString(addr, max);
  },
});

/** Argument kinds read through the captured memory (PhasedMemory) when the struct is one of LIVE_STRUCTS. */
const CAPTURED_STRUCT_KINDS: ReadonlySet<ArgKind> = new Set<ArgKind>(['in', 'out']);

/** Whether argument `a` is read through the captured memory on the record-to-text path. */
const readsCaptured = (a: Signature['args'][number]): boolean =>
  a.kind === 'sigset' ||
  a.kind === 'osigset' ||
  (CAPTURED_STRUCT_KINDS.has(a.kind) && LIVE_STRUCTS.has(a.param ?? '')) ||
  (a.kind === 'custom' && HOOKED_CUSTOM.has(a.param ?? ''));

/**
 * Structs whose text is a function of their bytes alone (and the options), by size: rt_sigaction's act and oldact.
 * Both engines' record paths key them so (this file's keyedByBytes, the ptrace live path's byBytes).
 */
export const KEYED_BY_BYTES: ReadonlyMap<string, number> = new Map([['sigaction', SIGACTION.size]]);
/** Texts kept per argument at most (beyond, the cache starts again). */
const KEYED_MAX = 1024;

/** Keeps `text` as the text of `key`, the cache started again when it holds KEYED_MAX texts. */
export function keepText(texts: Map<string, string>, key: string, text: string): void {
  if (texts.size >= KEYED_MAX) texts.clear();
  texts.set(key, text);
}

/**
 * `text` of a struct in KEYED_BY_BYTES, cached by the struct's captured bytes: make's shells set the same few
 * handlers again and again (~5 k rt_sigaction calls, each a Value tree and a signal set's text). Other structs, and
 * bytes not captured whole: `text` itself.
 */
export function keyedByBytes(param: string, mem: Memory, text: ArgText): ArgText {
  const size = KEYED_BY_BYTES.get(param);
  if (size === undefined) return text;
  const texts = new Map<string, string>();
  return (r, i) => {
    const b = mem.read(word(r, i), size);
    if (b === undefined || b.length < size) return text(r, i);
    const key = String.fromCharCode.apply(null, b as unknown as number[]);
    const kept = texts.get(key);
    if (kept !== undefined) return kept;
    const t = text(r, i);
    if (typeof t === 'string') keepText(texts, key, t);
    return t;
  };
}

const intArg = (r: RecordView, i: number): string => String(int32(r, i));
const u64Text = (r: RecordView, i: number): string => u64At(r.v, r.off + REC.args + i * 8);
const s64Text = (r: RecordView, i: number): string => s64At(r.v, r.off + REC.args + i * 8);

const hexArg = (r: RecordView, i: number): string => hexWord(hi(r, i), lo(r, i));
export const ptrArg = (r: RecordView, i: number): string => {
  const h = hi(r, i);
  const l = lo(r, i);
  return h === 0 && l === 0 ? 'NULL' : hexWord(h, l);
};
/** An argument as an address (exact below 2^53, as CapturedMemory compares them). */
const addrOf = (r: RecordView, i: number): number => hi(r, i) * TWO32 + lo(r, i);

/** The segment CapturedMemory.find would pick: set by `find`, read right after. */
let segStart = 0;
let segLen = 0;
let segAt = 0;
let segString = false;
let segComplete = false;

/** CapturedMemory.load + find over the record's own bytes, without copying them. */
function find(r: RecordView, addr: number, wantString: boolean, exit: boolean): boolean {
  const end = r.off + r.len;
  const base = r.off + REC.size;
  const dataEnd = Math.min(end, base + r.v.getUint32(r.off + REC.dataLen, true));
  let off = base;
  let found = false;
  // a string this phase's copy cut short (the entry copy's limit): the other copy may hold more of it
  let cutAt = -1;
  while (off + SEG.size <= dataEnd) {
    const a = r.v.getUint32(off + SEG.addr, true) + r.v.getUint32(off + SEG.addr + 4, true) * TWO32;
    const len = r.v.getUint32(off + SEG.len, true);
    const flags = r.v.getUint16(off + SEG.flags, true);
    const start = off + SEG.size;
    if (start + len > dataEnd) break;
    const string = (flags & SEG_FLAG.string) !== 0;
    const hit = addr >= a && addr < a + Math.max(len, 1) && !(wantString && !string && len === 0);
    const longer = cutAt === a && string && len > segLen;
    if (hit && (((flags & SEG_FLAG.exit) !== 0) === exit || !found || longer)) {
      const exact = ((flags & SEG_FLAG.exit) !== 0) === exit;
      segStart = start;
      segLen = len;
      segAt = addr - a;
      segString = string;
      segComplete = (flags & SEG_FLAG.complete) !== 0;
      found = true;
      if (longer) return true;
      if (exact) {
        if (!(wantString && string && !segComplete)) return true;
        cutAt = a;
      }
    }
    off = start + Math.ceil((string ? len + 1 : len) / 8) * 8;
  }
  return found;
}

/** The Memory port over the record being printed, at exit: CapturedMemory's reads, over the record's own bytes. */
class RecordMemory implements Memory {
  r: RecordView | undefined;

  read(addr: bigint, len: number): Uint8Array | undefined {
    const r = this.r;
    if (r === undefined || addr === 0n) return undefined;
    if (len === 0) return EMPTY;
    if (!find(r, Number(addr), false, true) || segAt >= segLen) return undefined;
    return r.bytes.subarray(segStart + segAt, segStart + Math.min(segLen, segAt + len));
  }

  readString(addr: bigint, max: number): { bytes: Uint8Array; complete: boolean } | undefined {
    const r = this.r;
    if (r === undefined || addr === 0n || !find(r, Number(addr), true, true)) return undefined;
    const b = r.bytes.subarray(segStart + Math.min(segAt, segLen), segStart + segLen);
    const nul = b.indexOf(0);
    if (nul >= 0 && nul <= max) return { bytes: b.subarray(0, nul), complete: true };
    if (segString && segComplete && b.length <= max) return { bytes: b, complete: true };
    return { bytes: b.subarray(0, max), complete: false };
  }
}

/**
 * decode/structs/stat.ts without -v: `{st_mode=S_IFREG|0644, st_size=7, ...}` (st_rdev for a device), or the
 * address when the struct was not captured whole (readView).
 */
function briefStat(r: RecordView, i: number): string {
  if (!find(r, addrOf(r, i), false, true) || segLen - segAt < STAT.size) return ptrArg(r, i);
  return briefStatAt(r.v, segStart + segAt);
}

/** The struct stat at `at` in `v` as briefStat prints it (the ptrace engine's live path reads it from the tracee). */
export function briefStatAt(v: DataView, at: number): string {
  const mode = v.getUint32(at + STAT.mode, true);
  if (isDevice(mode))
    return `{st_mode=${modeText(mode)}, st_rdev=${devText(v.getBigUint64(at + STAT.rdev, true))}, ...}`;
  return `{st_mode=${modeText(mode)}, st_size=${u64At(v, at + STAT.size_)}, ...}`;
}

/**
 * decode/args/strings.ts byteBuffer: `len` bytes shown up to -s; as strace's printstr_ex one byte past -s must have
 * been captured too, else the address.
 */
function bufferText(r: RecordView, i: number, len: number, o: DecodeOptions, exit: boolean): string {
  const h = hi(r, i);
  const l = lo(r, i);
  if (h === 0 && l === 0) return 'NULL';
  const shown = Math.min(len, o.strsize);
  const fetched = Math.min(len, o.strsize + 1);
  if (fetched === 0) return quoteForX(EMPTY, false, o.xflag);
  if (!find(r, addrOf(r, i), false, exit) || segLen - segAt < fetched) return hexWord(h, l);
  return quoteForX(r.bytes.subarray(segStart + segAt, segStart + segAt + shown), len > shown, o.xflag);
}
const EMPTY = new Uint8Array(0);

/** decode/args/strings.ts cString: a NUL-terminated string cut at `max`. */
function stringText(r: RecordView, i: number, max: number, o: DecodeOptions, exit: boolean): string {
  const h = hi(r, i);
  const l = lo(r, i);
  if (h === 0 && l === 0) return 'NULL';
  if (!find(r, addrOf(r, i), true, exit)) return hexWord(h, l);
  const b = r.bytes.subarray(segStart + Math.min(segAt, segLen), segStart + segLen);
  const nul = b.indexOf(0);
  if (nul >= 0 && nul <= max) return quoteForX(b.subarray(0, nul), false, o.xflag);
  if (segString && segComplete && b.length <= max) return quoteForX(b, false, o.xflag);
  return quoteForX(b.subarray(0, max), true, o.xflag);
}

/** The length argument of a buffer (decode/args/strings.ts bufferLength): given, or at exit at most the return. */
export function lengthOf(r: RecordView, li: number, exit: boolean): number {
  const given = li >= 0 ? hi(r, li) * TWO32 + lo(r, li) : 0;
  return exit ? Math.max(0, Math.min(given, r.ret)) : given;
}

const AT_FDCWD = -100;

/** The fast form of each argument kind that has one, under these options (undefined: the general path). */
function argText(
  sig: Signature,
  name: string,
  index: number,
  o: DecodeOptions,
  live?: LiveForms,
  captured?: PhasedMemory,
): LiveArgText | undefined {
  const { kind, param } = sig.args[index] as Signature['args'][number];
  const li = sig.args.findIndex((a) => a.name === param);
  const hooked = kind === 'custom' && HOOKED_CUSTOM.has(param ?? '');
  if (live && (MEMORY_KINDS.has(kind) || hooked)) return live(kind, param, index, li, sig, name);
  switch (kind) {
    case 'int':
      return intArg;
    case 'uint':
      return (r, i) => String(lo(r, i));
    case 'long':
    case 'off':
      return s64Text;
    case 'ulong':
    case 'size':
      return u64Text;
    case 'hex':
      return hexArg;
    case 'ptr':
      return ptrArg;
    case 'uid':
    case 'gid':
      return (r, i) => (int32(r, i) === -1 ? '-1' : String(lo(r, i)));
    case 'pid':
    case 'fd':
      return intArg;
    case 'dirfd':
      return (r, i) => {
        const fd = int32(r, i);
        return fd === AT_FDCWD ? styled('-100', 'AT_FDCWD') : String(fd);
      };
    case 'path':
      return (r, i) => stringText(r, i, PATH_SHOWN, o, false);
    case 'str':
      return (r, i) => stringText(r, i, o.strsize, o, false);
    case 'ibuf':
      return (r, i) => bufferText(r, i, lengthOf(r, li, false), o, false);
    case 'obuf':
      return (r, i) => (r.failed ? ptrArg(r, i) : bufferText(r, i, lengthOf(r, li, true), o, true));
    case 'flags':
    case 'enum':
    // kill's, rt_sigaction's (test/engine/ebpf/fast-text.test.ts compares both paths' lines)
    case 'signal': {
      const f = xlatForm(sig, name, kind, param, index, o);
      return (r, i) => f(lo(r, i), hi(r, i));
    }
    case 'in': {
      // a struct the caller gave (rt_sigaction's act, prlimit64's new limit): decoded from the entry copy
      if (captured === undefined || param === undefined || !LIVE_STRUCTS.has(param)) return undefined;
      const mem = inPhase(captured, 'entry');
      const g = liveStructForm(sig, name, param, index, o, mem, undefined, 'in');
      return keyedByBytes(param, mem, (r) => g(r.v, r.off + REC.args, -1));
    }
    case 'sigset':
    case 'osigset': {
      // a set the caller gave (the entry copy), or one the kernel filled (the exit copy; its address on failure)
      if (captured === undefined) return undefined;
      const filled = kind === 'osigset';
      const mem = inPhase(captured, filled ? 'exit' : 'entry');
      const g = liveStructForm(sig, name, param ?? '', index, o, mem, undefined, kind);
      return filled
        ? (r, i) => (r.failed ? ptrArg(r, i) : g(r.v, r.off + REC.args, r.off + REC.ret))
        : (r) => g(r.v, r.off + REC.args, -1);
    }
    case 'custom': {
      if (captured !== undefined && param !== undefined && HOOKED_CUSTOM.has(param)) {
        // run per call as the live path runs it (live-text.ts), over the record's exit copy: fcntl's F_GETLK struct,
        // getrandom's bytes, ARCH_GET_FS's address
        const h = hookedForm(sig, name, param, index, o, inPhase(captured, 'exit'));
        const f: ArgText = (r) => h.exit(r.v, r.off + REC.args, BigInt(r.ret), r.failed);
        return Object.assign(f, {
          hook: { open: (r: RecordView) => h.open(r.v, r.off + REC.args), result: () => h.result() },
        });
      }
      if (param === undefined || !FAST_CUSTOM.has(param)) return undefined;
      const f = customForm(sig, name, param, index, o);
      return (r) => f(r.v, r.off + REC.args);
    }
    case 'out': {
      if (param === 'stat' && !o.verbose) return (r, i) => (r.failed ? ptrArg(r, i) : briefStat(r, i));
      if (captured !== undefined && param !== undefined && LIVE_STRUCTS.has(param)) {
        // a struct that reads the call's other arguments or its return too (wait4's status, getdents64's count)
        const mem = inPhase(captured, 'exit');
        const g = liveStructForm(sig, name, param, index, o, mem);
        const f = keyedByBytes(param, mem, (r) => g(r.v, r.off + REC.args, r.off + REC.ret));
        return (r, i) => (r.failed ? ptrArg(r, i) : f(r, i));
      }
      if (param === undefined || !FAST_STRUCTS.has(param)) return undefined;
      const mem = new RecordMemory();
      const f = structForm(sig, name, param, index, o, mem);
      return (r, i) => {
        if (r.failed) return ptrArg(r, i);
        mem.r = r;
        return f(word(r, i));
      };
    }
    default:
      return undefined;
  }
}

/**
 * How a call prints on the fast path: its arguments at entry and at exit, its return kind, and the kernel types of
 * its arguments when some are narrower than a register (a record whose registers do not fit them is not printed here).
 */
export type FastRet = 'int' | 'hex' | 'udec';

export interface FastPlan {
  readonly name: string;
  readonly entry: readonly ArgText[];
  readonly exit: readonly ArgText[];
  /** How a successful return prints: decimal, hex, or unsigned decimal (strace's RVAL_UDECIMAL, as getuid's). */
  readonly ret: FastRet;
  readonly widths: readonly ArgWidth[] | undefined;
  /** The hooks of a HOOKED_CUSTOM argument (the live path's, or the record path's over the captured memory). */
  readonly hook: CallHook | undefined;
  /** Some argument reads the record's captured memory (PhasedMemory): the reader loads it first. */
  readonly captures: boolean;
}

/**
 * Plans per syscall number under these options, each made at its syscall's first record (all 512 at once were
 * 7-9 ms of every eBPF start, before the command could run); undefined where the general path is needed.
 */
export class FastPlans {
  /** Whether these options allow fast forms at all. */
  readonly any: boolean;
  /** null: made, and the general path's. */
  private readonly plans: (FastPlan | null | undefined)[] = new Array(512).fill(undefined);

  constructor(
    private readonly o: DecodeOptions,
    private readonly captured?: PhasedMemory,
  ) {
    this.any = fastOptions(o);
  }

  get(nr: number): FastPlan | undefined {
    const known = this.plans[nr];
    if (known !== undefined) return known ?? undefined;
    const name = this.any ? syscallByNumber('x86_64', nr)?.name : undefined;
    const plan = name === undefined ? undefined : planFor(name, this.o, undefined, this.captured);
    if (nr >= 0 && nr < this.plans.length) this.plans[nr] = plan ?? null;
    return plan;
  }
}

/**
 * Options under which the fast forms are the decoders' own: no fd paths or details (-y, -e decode-fds=), no pid
 * names (-Y, pidns), no SELinux contexts, no hex dumps, no -X/-e raw= (never given to this engine).
 */
export function fastOptions(o: DecodeOptions): boolean {
  return (
    o.yflag === 0 &&
    o.fdDetails === undefined &&
    o.secontext === undefined &&
    !o.decodePids &&
    !o.pidns &&
    o.dumpRead === undefined &&
    o.dumpWrite === undefined &&
    o.constStyle === undefined &&
    o.rawCalls === undefined &&
    o.abbrevCalls === undefined &&
    o.verboseCalls === undefined &&
    !o.noDeref
  );
}

const RETURNS = new Set(['int', 'udec', 'pid', 'pgid', 'sid', 'fd', 'hex']);

/** How `name` prints on the fast path under `o` (its memory arguments by `live` when given); undefined: the general path. */
export function planFor(
  name: string,
  o: DecodeOptions,
  live?: LiveForms,
  captured?: PhasedMemory,
): FastPlan | undefined {
  const sig = signatureFor(name);
  if (!RETURNS.has(sig.ret)) return undefined;
  const entry: ArgText[] = [];
  const exit: ArgText[] = [];
  let hook: CallHook | undefined;
  for (const [index, a] of sig.args.entries()) {
    const d = ARG_DECODERS[a.kind];
    const p = a.param ?? '';
    // out(STRUCT), in(STRUCT) and custom(NAME) forward their decoder's hooks: the fast ones have none, the live and
    // record paths run HOOKED_CUSTOM's per call
    const fastInner =
      (a.kind === 'out' && FAST_STRUCTS.has(p)) ||
      ((a.kind === 'out' || a.kind === 'in') &&
        (live !== undefined || captured !== undefined) &&
        LIVE_STRUCTS.has(p)) ||
      (a.kind === 'custom' &&
        (FAST_CUSTOM.has(p) || ((live !== undefined || captured !== undefined) && HOOKED_CUSTOM.has(p))));
    if ((d.atEntry !== undefined || d.atExit !== undefined) && !fastInner) return undefined;
    const f = argText(sig, name, index, o, live, captured);
    if (!f) return undefined;
    if (f.hook) {
      // one hooked argument per call: a second one's decisions would need their own split
      if (hook) return undefined;
      hook = f.hook;
    }
    // the general path splits at the first argument decoded at exit
    if (exit.length > 0 || phaseOf(a) === 'exit') exit.push(f);
    else entry.push(f);
  }
  const widths = argWidths(name);
  return {
    name,
    entry,
    exit,
    ret: sig.ret === 'hex' || sig.ret === 'udec' ? sig.ret : 'int',
    widths: widths?.some((w) => w !== 'full') ? widths : undefined,
    hook,
    captures: live === undefined && captured !== undefined && sig.args.some(readsCaptured),
  };
}

/** Whether each argument's register already holds its kernel-typed value (tables/arg-width.ts narrow). */
export function fitsWidths(r: RecordView, widths: readonly ArgWidth[]): boolean {
  for (let i = 0; i < widths.length; i++) if (!fitsWidth(lo(r, i), hi(r, i), widths[i])) return false;
  return true;
}

/** The copy narrowArgs points a record at, reused from call to call (grown to the largest record). */
let copy = new Uint8Array(1024);
let copyView = new DataView(copy.buffer);

/**
 * Points `r` at a copy of its record whose argument registers are cut to their kernel types, as tables/arg-width.ts
 * narrow() cuts them for the general path: the fast forms then print what it prints. The common case is an `int`
 * passed in a 32-bit register (glibc's AT_FDCWD: 0xffffff9c, its upper half zero), not garbage.
 */
export function narrowArgs(r: RecordView, widths: readonly ArgWidth[]): void {
  if (copy.length < r.len) {
    copy = new Uint8Array(Math.max(r.len, copy.length * 2));
    copyView = new DataView(copy.buffer);
  }
  copy.set(r.bytes.subarray(r.off, r.off + r.len));
  for (let i = 0; i < widths.length; i++) {
    const at = REC.args + i * 8;
    const low = copyView.getUint32(at, true);
    const w = widths[i];
    if (w === 'i32') copyView.setUint32(at + 4, low >= 0x80000000 ? 0xffffffff : 0, true);
    else if (w === 'u32') copyView.setUint32(at + 4, 0, true);
    else if (w === 'u16') {
      copyView.setUint32(at, low & 0xffff, true);
      copyView.setUint32(at + 4, 0, true);
    }
  }
  r.v = copyView;
  r.bytes = copy;
  r.off = 0;
}

/** The arguments of `plan`'s list, joined as strace joins them; undefined when one needs the general path. */
export function argsOf(r: RecordView, list: readonly ArgText[], first: number): string | undefined {
  let out = '';
  for (let k = 0; k < list.length; k++) {
    const f = list[k] as ArgText;
    const t = f(r, first + k);
    if (t === undefined) return undefined;
    // as format/args-text.ts: an argument that prints nothing leaves out its separator too
    if (t !== null) out += out === '' ? t : `, ${t}`;
  }
  return out;
}

/** formatter's result(): the value, or `-1 ENAME (message)` for a failed call. */
export function resultText(r: RecordView, ret: FastRet): string {
  const v = r.v;
  const at = r.off + REC.ret;
  if (r.failed) {
    const errno = -r.ret;
    const info = errnoByValue(errno);
    const name = info?.name ?? String(errno);
    return `${name.startsWith('ERESTART') ? '?' : '-1'} ${name} (${info?.message ?? 'Unknown error'})`;
  }
  if (ret === 'hex') return hexWord(v.getUint32(at + 4, true), v.getUint32(at, true));
  return ret === 'udec' ? u64At(v, at) : s64At(v, at);
}

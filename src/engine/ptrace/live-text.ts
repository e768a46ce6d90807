// The plain-text path of the ptrace engine: a call whose arguments all have a fast form (numbers, fds, flags,
// strings, buffers, struct stat and statx, getdents' entries) is printed from a record-shaped copy of its
// registers, as the eBPF engine prints its records (engine/ebpf/fast-text.ts), without the general path's BigInt
// arguments, CallContext, Value trees and events. Strings, buffers and structs are read live, by the decoders' own
// functions.

import { byteBuffer, cString, PATH_MAX } from '../../decode/args/strings.js';
import type { CallContext } from '../../decode/context.js';
import type { Memory } from '../../decode/memory.js';
import type { DecodeOptions } from '../../decode/options.js';
import { STAT } from '../../decode/structs/stat.js';
import { ptr, type Value } from '../../model/value.js';
import { valueText } from '../../model/value-text.js';
import type { ArgWidth } from '../../tables/arg-width.js';
import { syscallName } from '../../tables/syscalls.js';
import {
  FAST_STRUCTS,
  HOOKED_CUSTOM,
  hookedForm,
  LIVE_STRUCTS,
  liveStructForm,
  type Render,
  structForm,
} from '../ebpf/fast-decoded.js';
import {
  type ArgText,
  argsOf,
  briefStatAt,
  type FastPlan,
  fastOptions,
  KEYED_BY_BYTES,
  keepText,
  keyedByBytes,
  type LiveArgText,
  type LiveForms,
  lengthOf,
  planFor,
  ptrArg,
  type RecordView,
  resultText,
} from '../ebpf/fast-text.js';
import { REC } from '../ebpf/layout.js';
import { hi, lo, TWO32, word } from '../ebpf/record-words.js';
import { LiveMemory } from './live-memory.js';
import { UNREADABLE } from './page-cache.js';

/**
 * A syscall printed on this path: its fast plan, with how the kernel narrows each argument register (`narrow`: its
 * widths as NARROW codes, compared as numbers at every call).
 */
export type LivePlan = FastPlan & { readonly narrow: Uint8Array | undefined };

/** An argument width as a number: kept whole, cut to a sign-extended 32 bits, to 32 bits, to 16 bits. */
const NARROW = { full: 0, i32: 1, u32: 2, u16: 3 } as const satisfies Record<ArgWidth, number>;

/** A plan's widths as NARROW codes; undefined when no argument is narrowed. */
const narrowCodes = (widths: readonly ArgWidth[] | undefined): Uint8Array | undefined =>
  widths && Uint8Array.from({ length: 6 }, (_, i) => NARROW[widths[i] ?? 'full']);

/**
 * A thread's call as a record: its six arguments where a ring record has them (REC.args), then its return; `more`:
 * whether its entry half left arguments for the exit (set by headText).
 */
export type LiveRecord = RecordView & { more: boolean; readonly words: Uint32Array };

/** PTRACE_GET_SYSCALL_INFO's entry arguments start where a record's do (struct ptrace_syscall_info.entry.args). */
const INFO_ARGS = 32;

export class LiveText {
  /** Per syscall number: its plan, or null when the general path prints it. */
  private readonly plans: (LivePlan | null | undefined)[] = [];
  private readonly forms: LiveForms;

  constructor(
    private readonly o: DecodeOptions,
    mem: Memory,
  ) {
    this.forms = liveForms(o, mem);
  }

  /** Whether options let calls take this path at all (no -y, -e read=, -e raw=, ...). */
  static usable(o: DecodeOptions): boolean {
    return fastOptions(o) && !o.kvmVcpu;
  }

  /** The plan of x86-64 syscall `nr`, made at its first call; undefined: the general path. */
  plan(nr: number): LivePlan | undefined {
    let p = this.plans[nr];
    if (p === undefined) {
      const name = syscallName('x86_64', nr);
      const fast = nr >= 0 && nr < 1024 ? planFor(name, this.o, this.forms) : undefined;
      p = fast ? { ...fast, narrow: narrowCodes(fast.widths) } : null;
      if (nr >= 0 && nr < 1024) this.plans[nr] = p;
    }
    return p ?? undefined;
  }
}

/** A record for one thread's calls, made at its first call on this path. */
export function liveRecord(): LiveRecord {
  const bytes = new Uint8Array(REC.size);
  const words = new Uint32Array(bytes.buffer);
  return {
    v: new DataView(bytes.buffer),
    bytes,
    words,
    off: 0,
    len: REC.size,
    ret: 0,
    failed: false,
    more: false,
  };
}

/** The record's argument words (REC.args) as 32-bit halves, x86-64's little-endian order as the info's. */
const ARGS_WORD = REC.args / 4;

/**
 * The entry arguments of the stop in `info` (32-bit halves) copied into `r`, each cut to its kernel type (its plan's
 * NARROW code) as tables/arg-width.ts narrow() cuts it.
 */
export function takeArgs(r: LiveRecord, info: Uint32Array, narrow: Uint8Array | undefined): void {
  const out = r.words;
  // most calls' registers are their arguments as they are: copied word by word (a DataView's stores cost more)
  if (narrow === undefined) {
    for (let k = 0; k < 12; k++) out[ARGS_WORD + k] = info[INFO_ARGS / 4 + k] as number;
    return;
  }
  for (let i = 0; i < 6; i++) {
    let lo = info[INFO_ARGS / 4 + 2 * i] as number;
    let hi = info[INFO_ARGS / 4 + 2 * i + 1] as number;
    const w = narrow[i];
    if (w === NARROW.i32) hi = lo >= 0x80000000 ? 0xffffffff : 0;
    else if (w === NARROW.u32) hi = 0;
    else if (w === NARROW.u16) {
      lo &= 0xffff;
      hi = 0;
    }
    out[ARGS_WORD + 2 * i] = lo;
    out[ARGS_WORD + 2 * i + 1] = hi;
  }
}

/**
 * A return put in `r`: as a number, its failure, and in the record's words, from its halves at `words[at]` and
 * `words[at + 1]` (the exit stop's syscall info, or an exit the stop step queued), without a BigInt.
 */
export function takeReturn(r: LiveRecord, words: Uint32Array, at: number): void {
  const low = words[at] as number;
  const high = words[at + 1] as number;
  r.words[RET_WORD] = low;
  r.words[RET_WORD + 1] = high;
  // signed, as Number(BigInt) gives it: the high half's product is exact, the one sum rounds as that conversion does
  r.ret = high >= 0x80000000 ? (high - TWO32) * TWO32 + low : high * TWO32 + low;
  // decode-call.ts decodeReturn: -4095..-1 (0xffff_ffff_ffff_f001 and up) is an errno
  r.failed = high === 0xffffffff && low >= 0xfffff001;
}

/** The record's return word (REC.ret) as 32-bit halves. */
const RET_WORD = REC.ret / 4;

/**
 * `name(` and the entry arguments, then `, ` when arguments follow at exit (r.more); undefined: the general path.
 */
export function headText(r: LiveRecord, plan: LivePlan): string | undefined {
  const args = argsOf(r, plan.entry, 0);
  if (args === undefined) return undefined;
  const open = plan.hook === undefined ? true : plan.hook.open(r);
  if (open === undefined) return undefined;
  const more = plan.exit.length > 0 && open;
  r.more = more;
  return `${plan.name}(${args}${more && args !== '' ? ', ' : ''}`;
}

/** The exit arguments and `)`, and the result; undefined: an argument could not take this path (then its address). */
export function tailText(r: LiveRecord, plan: LivePlan): { tail: string; result: string } {
  let args = argsOf(r, plan.exit, plan.entry.length);
  if (args === undefined) {
    // the fast forms of exit arguments always give text; kept total all the same
    args = plan.exit.map((_, k) => ptrArg(r, plan.entry.length + k)).join(', ');
  }
  const hooked = plan.hook !== undefined && !r.failed ? plan.hook.result() : undefined;
  return { tail: `${args})`, result: hooked ?? resultText(r, plan.ret) };
}

/** The high half of the first address above x86-64's user space (2^47). */
const USER_HI = 0x8000;

/** Argument `i` as a user-space address, exact as a Number below 2^47; undefined above (a kernel address). */
function userAddr(r: RecordView, i: number): number | undefined {
  const h = hi(r, i);
  return h < USER_HI ? h * TWO32 + lo(r, i) : undefined;
}

/** strace's printpath limit: PATH_MAX - 1 bytes (decode/args/strings.ts). */
export const PATH_SHOWN = PATH_MAX - 1;

/** A context for the string decoders (cString, byteBuffer), which read only its `mem` and `opts`. */
export const stringContext = (o: DecodeOptions, mem: Memory): CallContext => ({
  pid: 0,
  name: '',
  raw: [],
  args: [],
  mem,
  opts: o,
  fdPath: () => undefined,
});

/**
 * Strings and buffers read live with the decoders' own functions (their text, their warnings); `render` writes their
 * values another way (--json's live path: their JSON text).
 */
export function liveForms(o: DecodeOptions, mem: Memory, render?: Render): LiveForms {
  const ctx = stringContext(o, mem);
  const text = { xflag: o.xflag };
  const show = render ?? ((v: Value): string => valueText(v, text));
  // a buffer or struct the call did not fill: its address (the decoders give ptr())
  const unfilled: ArgText = render ? (r, i) => render(ptr(word(r, i))) : ptrArg;
  // text of a string read from the tracee: quoted in place from its page when it ends there (LiveMemory), else
  // through the string decoder's Value
  const live = !render && mem instanceof LiveMemory ? mem : undefined;
  // texts kept by a struct's bytes: the text's or --json's, a function of the bytes either way
  const keyed = mem instanceof LiveMemory ? mem : undefined;
  const stringArg =
    (max: number): LiveArgText =>
    (r, i) => {
      const at = userAddr(r, i);
      if (live && at !== undefined) {
        const t = live.quotedString(at, max, o.xflag);
        if (t !== undefined) return t ?? ptrArg(r, i);
      }
      return show(cString(ctx, word(r, i), max));
    };
  // a buffer (`li`: its length's argument; `exit`: cut at the return) quoted in place from its page, as strings are
  const bufferArg =
    (li: number, exit: boolean): LiveArgText =>
    (r, i) => {
      const len = lengthOf(r, li, exit);
      const at = userAddr(r, i);
      if (live && at !== undefined) {
        const t = live.quotedBytes(at, len, o.strsize, o.xflag);
        if (t !== undefined) return t ?? ptrArg(r, i);
      }
      return show(byteBuffer(ctx, word(r, i), len));
    };
  return (kind, param, index, li, sig, name): LiveArgText | undefined => {
    switch (kind) {
      case 'path':
        return stringArg(PATH_SHOWN);
      case 'str':
        return stringArg(o.strsize);
      case 'ibuf':
        return bufferArg(li, false);
      case 'obuf': {
        const f = bufferArg(li, true);
        return (r, i) => (r.failed ? unfilled(r, i) : f(r, i));
      }
      case 'out': {
        // a struct the kernel filled: its address when the call failed, as decode/args/structs.ts shows it
        if (param === 'stat' && !o.verbose && !render)
          return (r, i) => (r.failed ? ptrArg(r, i) : (liveStat(mem, r, i) ?? ptrArg(r, i)));
        if (param !== undefined && LIVE_STRUCTS.has(param)) {
          const g = liveStructForm(sig, name, param, index, o, mem, render);
          const f = (r: RecordView): string => g(r.v, r.off + REC.args, r.off + REC.ret);
          // a record's captured memory (the eBPF engine's JSON path): kept by the bytes it reads
          const k = keyed ? byBytes(param, keyed, f) : keyedByBytes(param, mem, f);
          return (r, i) => (r.failed ? unfilled(r, i) : k ? k(r, i) : f(r));
        }
        if (param === undefined || !FAST_STRUCTS.has(param)) return undefined;
        const f = structForm(sig, name, param, index, o, mem, render);
        return (r, i) => (r.failed ? unfilled(r, i) : f(word(r, i)));
      }
      case 'in': {
        // read at entry, no return yet
        if (param === undefined || !LIVE_STRUCTS.has(param)) return undefined;
        const g = liveStructForm(sig, name, param, index, o, mem, render, 'in');
        const f = (r: RecordView): string => g(r.v, r.off + REC.args, -1);
        return keyed ? byBytes(param, keyed, f) || f : keyedByBytes(param, mem, f);
      }
      case 'sigset': {
        const g = liveStructForm(sig, name, param ?? '', index, o, mem, render, 'sigset');
        return (r) => g(r.v, r.off + REC.args, -1);
      }
      case 'osigset': {
        // a set the kernel filled: its address when the call failed, as the decoder shows it
        const g = liveStructForm(sig, name, param ?? '', index, o, mem, render, 'osigset');
        return (r, i) => (r.failed ? unfilled(r, i) : g(r.v, r.off + REC.args, r.off + REC.ret));
      }
      case 'custom': {
        // text only: --json writes a hooked argument's call on the general path
        if (param === undefined || !HOOKED_CUSTOM.has(param) || render) return undefined;
        const h = hookedForm(sig, name, param, index, o, mem);
        const f: ArgText = (r) => h.exit(r.v, r.off + REC.args, BigInt(r.ret), r.failed);
        return Object.assign(f, {
          hook: { open: (r: RecordView) => h.open(r.v, r.off + REC.args), result: () => h.result() },
        });
      }
      default:
        return undefined;
    }
  };
}

/**
 * A struct argument in KEYED_BY_BYTES, its text (`text`: the decoder's, or its JSON) cached by its bytes when they
 * lie in one page: a program sets the same few handlers, masks and flags again and again (make's shells: ~5 k
 * rt_sigaction calls, each a Value tree with BigInts and a sigset's text). Unreadable or across pages: the decoder.
 */
function byBytes(param: string, live: LiveMemory, text: (r: RecordView) => string): LiveArgText | undefined {
  const size = KEYED_BY_BYTES.get(param);
  if (size === undefined) return undefined;
  const texts = new Map<string, string>();
  return (r, i) => {
    const at = userAddr(r, i);
    const from = at === undefined ? UNREADABLE : live.lendAt(at, size);
    if (from < 0) return text(r);
    const view = live.cache.view;
    let key = '';
    for (let k = 0; k < size; k += 4) key += `${view.getUint32(from + k, true)},`;
    let t = texts.get(key);
    if (t === undefined) {
      t = text(r);
      keepText(texts, key, t);
    }
    return t;
  };
}

/** A struct stat read from the tracee, printed as the eBPF engine prints it without -v; undefined: unreadable. */
function liveStat(mem: Memory, r: RecordView, i: number): string | undefined {
  // in place in the page cache when it lies in one page (no copy, no DataView made per call)
  const at = userAddr(r, i);
  if (mem instanceof LiveMemory && at !== undefined) {
    const from = mem.lendAt(at, STAT.size);
    if (from >= 0) return briefStatAt(mem.cache.view, from);
    if (from === UNREADABLE) return undefined;
  }
  const b = mem.read(word(r, i), STAT.size);
  if (b === undefined || b.length < STAT.size) return undefined;
  return briefStatAt(new DataView(b.buffer, b.byteOffset, STAT.size), 0);
}

// --json on the ptrace engine's live path: a call that live-text.ts could print from its registers (numbers, fds,
// flags, strings, paths, buffers) is written as its JSON Lines record from the same copy of its registers, field by
// field, as the general path's Value trees are written (format/jsonl-record.ts syscallLine, format/json-value-text.ts):
// no BigInt arguments, CallContext, Value trees of numbers, events or joiner per call. The record's halves are UTF-8
// bytes in one reused buffer (model/call-json.ts): numbers as digits, keys pre-encoded, plain strings copied as their
// bytes. Other strings, buffers, flags and custom forms are the decoders' own values, written by the JSON writer the
// host gives (`render`).

import { byteBuffer, cString } from '../../decode/args/strings.js';
import type { CallContext } from '../../decode/context.js';
import { signatureFor } from '../../decode/decode-call.js';
import type { Memory } from '../../decode/memory.js';
import type { DecodeOptions } from '../../decode/options.js';
import { devValue, modeValue } from '../../decode/structs/read.js';
import { isDevice, STAT } from '../../decode/structs/stat.js';
import { styled } from '../../decode/xlat.js';
import type { CallJsonExit, OpenCallJson } from '../../model/call-json.js';
import { PLAIN_MAX, printsAsItself } from '../../model/quote.js';
import { sym, type Value } from '../../model/value.js';
import type { Signature } from '../../tables/signature.js';
import { type ByteWriter, utf8 } from '../../util/byte-writer.js';
import {
  customForm,
  FAST_CUSTOM,
  HOOKED_CUSTOM,
  hookedForm,
  type Render,
  xlatForm,
} from '../ebpf/fast-decoded.js';
import { type ArgText, type LiveForms, lengthOf, type RecordView } from '../ebpf/fast-text.js';
import { REC } from '../ebpf/layout.js';
import { hexWord, hi, int32, lo, shi, word } from '../ebpf/record-words.js';
import { type LivePlan, type LiveRecord, liveForms, PATH_SHOWN, stringContext } from './live-text.js';

/** One argument's `value`, written as JSON into `w`, from the call's record. */
type ArgJson = (r: RecordView, i: number, w: ByteWriter) => void;

/** What a hooked argument's decoder (HOOKED_CUSTOM: fcntl's) decides per call, beside its value. */
export interface JsonHook {
  /** At entry: whether the argument is shown at exit (false: ctx.entryOnly, its value null); undefined: general path. */
  open(r: RecordView): boolean | undefined;
  /** At exit, after the argument's value: the return as the exit hook set it, written (undefined: the signature's). */
  result(): { readonly value: string | undefined; readonly detail: string | undefined };
}

/** An argument's JSON form; a hooked argument's carries its call's hook. */
type ArgJsonForm = ArgJson & { readonly hook?: JsonHook };

/** A syscall written on this path: its text plan's split and narrowing, and per argument its JSON form. */
export interface JsonPlan {
  readonly name: string;
  readonly nr: number;
  /** How the kernel narrows each argument register: the text plan's NARROW codes (takeArgs). */
  readonly narrow: Uint8Array | undefined;
  readonly entry: readonly ArgJson[];
  readonly exit: readonly ArgJson[];
  /** Per argument, its item up to the raw word's digits: `,{"name":"fd","raw":"0x` (no comma first). */
  readonly opens: readonly Uint8Array[];
  /** Per argument of a register kind, its last item (undefined: none kept, or the word changes too often). */
  readonly memo: (ItemMemo | undefined)[];
  readonly ret: 'int' | 'fd' | 'hex' | 'udec';
  /** The hook of its one hooked exit argument (fcntl's arg). */
  readonly hook: JsonHook | undefined;
}

/**
 * An argument's last item (`{"name":…,"raw":…,"value":…}`) and the raw word it was written for, for an argument
 * whose value is a function of that word alone: a call repeats most of its numbers, fds and flags, and one native
 * copy of the item costs less than writing it again (a byte written by a loop costs several instructions).
 */
interface ItemMemo {
  high: number;
  low: number;
  item: Uint8Array;
  hits: number;
  misses: number;
}

/** The kinds whose value is a function of the argument's register alone (no memory read, no return). */
const REGISTER_KINDS: ReadonlySet<string> = new Set([
  'int',
  'pid',
  'uint',
  'long',
  'off',
  'ulong',
  'size',
  'hex',
  'ptr',
  'uid',
  'gid',
  'fd',
  'dirfd',
  'flags',
  'enum',
  'signal',
]);

/** A memo that misses this often (a pointer that moves) is dropped: its copies would cost more than they save. */
const MEMO_TRIAL = 64;

/** PTRACE_GET_SYSCALL_INFO's entry arguments, in 32-bit words (struct ptrace_syscall_info.entry.args). */
const INFO_ARGS_WORD = 8;
const AT_FDCWD = -100;

const PTR_NULL = utf8('{"ptr":null}');
const PTR_OPEN = utf8('{"ptr":"0x');
const QUOTE_BRACE = utf8('"}');
const RAW_CLOSE = utf8('","value":');
const HEX_OPEN = utf8('{"hex":"');
const FD_OPEN = utf8('{"fd":');
const STR_OPEN = utf8('{"str":"');
const TRUNCATED = utf8('","truncated":true}');
const WHOLE = utf8('","truncated":false}');
const STAT_OPEN = utf8('{"struct":{"st_mode":');
const STAT_RDEV = utf8(',"st_rdev":');
const STAT_SIZE = utf8(',"st_size":');
const STAT_CLOSE = utf8('},"abbreviated":true}');
const MINUS_ONE = utf8('-1');
const BRACE_CLOSE = 125;

const ptrJson: ArgJson = (r, i, w) => {
  const h = hi(r, i);
  const l = lo(r, i);
  if (h === 0 && l === 0) w.raw(PTR_NULL);
  else {
    w.raw(PTR_OPEN);
    w.hex(h, l);
    w.raw(QUOTE_BRACE);
  }
};

/**
 * A decoded string or buffer as json-value-text.ts writes it: `{"str":"…","truncated":…}`; the bytes themselves when
 * each prints as itself in JSON and in strace's quoting (printable ASCII but `"` and `\`) and they are at most
 * quote.ts's PLAIN_MAX, else through `render`.
 */
function strJson(v: Value, w: ByteWriter, render: Render): void {
  if (v.k !== 'str' || v.bytes.length > PLAIN_MAX) {
    w.text(render(v));
    return;
  }
  const b = v.bytes;
  const n = b.length;
  w.room(n + STR_OPEN.length + TRUNCATED.length);
  const start = w.at;
  w.raw(STR_OPEN);
  const buf = w.buf;
  let at = w.at;
  for (let i = 0; i < n; i++) {
    const c = b[i] as number;
    if (!printsAsItself(c)) {
      w.at = start;
      w.text(render(v));
      return;
    }
    buf[at++] = c;
  }
  w.at = at;
  w.raw(v.more ? TRUNCATED : WHOLE);
}

/** A little-endian 32-bit word of `b` at `at`. */
const u32 = (b: Uint8Array, at: number): number =>
  ((b[at] as number) | ((b[at + 1] as number) << 8) | ((b[at + 2] as number) << 16)) +
  (b[at + 3] as number) * 0x1000000;

/**
 * struct stat without -v, written from its bytes as the stat decoder's Value is (decode/structs/stat.ts):
 * `{"struct":{"st_mode":…,"st_size":N},"abbreviated":true}`, st_rdev for a device, its address when the call failed
 * or it is unreadable. No Value tree per call: the mode's JSON is made once per mode (a trace sees a few).
 */
function briefStatJson(mem: Memory, render: Render): ArgJson {
  const modes = new Map<number, Uint8Array>();
  const modeJson = (mode: number): Uint8Array => {
    let t = modes.get(mode);
    if (t === undefined) {
      t = utf8(render(modeValue(mode)));
      if (modes.size < 4096) modes.set(mode, t);
    }
    return t;
  };
  return (r, i, w) => {
    if (r.failed) return ptrJson(r, i, w);
    const b = mem.read(word(r, i), STAT.size);
    if (b === undefined || b.length < STAT.size) return ptrJson(r, i, w);
    const mode = u32(b, STAT.mode);
    w.raw(STAT_OPEN);
    w.raw(modeJson(mode));
    if (isDevice(mode)) {
      w.raw(STAT_RDEV);
      const rdev = new DataView(b.buffer, b.byteOffset, STAT.size).getBigUint64(STAT.rdev, true);
      w.text(render(devValue(rdev)));
    } else {
      w.raw(STAT_SIZE);
      w.u64(u32(b, STAT.size_ + 4), u32(b, STAT.size_));
    }
    w.raw(STAT_CLOSE);
  };
}

/** The JSON of each argument kind that has a live form, as its decoder's Value is written (undefined: none). */
function argJson(
  sig: Signature,
  name: string,
  index: number,
  o: DecodeOptions,
  forms: LiveForms,
  render: Render,
  mem: Memory,
  ctx: CallContext,
): ArgJsonForm | undefined {
  const { kind, param } = sig.args[index] as Signature['args'][number];
  switch (kind) {
    case 'out':
      // the stat family's brief struct from its bytes, as the text path prints it (live-text.ts liveStat)
      if (param === 'stat' && !o.verbose) return briefStatJson(mem, render);
      return liveArgJson(sig, name, index, forms, kind, param);
    // strings and buffers read as the text path reads them (live-text.ts liveForms), their bytes copied
    case 'path':
      return (r, i, w) => strJson(cString(ctx, word(r, i), PATH_SHOWN), w, render);
    case 'str':
      return (r, i, w) => strJson(cString(ctx, word(r, i), o.strsize), w, render);
    case 'ibuf': {
      const li = sig.args.findIndex((a) => a.name === param);
      return (r, i, w) => strJson(byteBuffer(ctx, word(r, i), lengthOf(r, li, false)), w, render);
    }
    case 'obuf': {
      // a buffer the call did not fill: its address
      const li = sig.args.findIndex((a) => a.name === param);
      return (r, i, w) =>
        r.failed ? ptrJson(r, i, w) : strJson(byteBuffer(ctx, word(r, i), lengthOf(r, li, true)), w, render);
    }
    // a struct read at entry (sigaction, rlimit), a signal set (rt_sigprocmask, rt_sigpending): their decoders' Values
    case 'in':
    case 'sigset':
    case 'osigset':
      return liveArgJson(sig, name, index, forms, kind, param);
    case 'int':
    case 'pid':
      return (r, i, w) => w.int(int32(r, i));
    case 'uint':
      return (r, i, w) => w.uint(lo(r, i));
    case 'long':
    case 'off':
      return (r, i, w) => w.s64(shi(r, i), lo(r, i));
    case 'ulong':
    case 'size':
      return (r, i, w) => w.u64(hi(r, i), lo(r, i));
    case 'hex':
      return (r, i, w) => {
        w.raw(HEX_OPEN);
        w.text(hexWord(hi(r, i), lo(r, i)));
        w.raw(QUOTE_BRACE);
      };
    case 'ptr':
      return ptrJson;
    case 'uid':
    case 'gid':
      return (r, i, w) => (int32(r, i) === -1 ? w.raw(MINUS_ONE) : w.uint(lo(r, i)));
    case 'fd':
      return fdJson;
    case 'dirfd': {
      const cwd = utf8(render(sym(styled('-100', 'AT_FDCWD'))));
      return (r, i, w) => (int32(r, i) === AT_FDCWD ? w.raw(cwd) : fdJson(r, i, w));
    }
    case 'flags':
    case 'enum':
    case 'signal': {
      const f = xlatForm(sig, name, kind, param, index, o, render);
      return (r, i, w) => w.text(f(lo(r, i), hi(r, i)));
    }
    case 'custom': {
      if (param !== undefined && HOOKED_CUSTOM.has(param))
        return hookedJson(sig, name, param, index, o, mem, render);
      if (param === undefined || !FAST_CUSTOM.has(param)) return undefined;
      const f = customForm(sig, name, param, index, o, render);
      return (r, _i, w) => w.text(f(r.v, r.off + REC.args) ?? 'null');
    }
    default:
      return undefined;
  }
}

const fdJson: ArgJson = (r, i, w) => {
  w.raw(FD_OPEN);
  w.int(int32(r, i));
  w.byte(BRACE_CLOSE);
};

/**
 * A HOOKED_CUSTOM argument (fcntl's arg): its decoder's hooks run over one context per call, as on the text path
 * (live-text.ts liveForms): its value at exit, null when the entry hook said the call shows it at entry only
 * (`r.more` false, set by jsonEnter: the general path does not decode it then); the exit hook's return after it.
 */
function hookedJson(
  sig: Signature,
  name: string,
  param: string,
  index: number,
  o: DecodeOptions,
  mem: Memory,
  render: Render,
): ArgJsonForm {
  const h = hookedForm(sig, name, param, index, o, mem, render);
  const f: ArgJson = (r, _i, w) => {
    const value = h.exit(r.v, r.off + REC.args, BigInt(r.ret), r.failed) ?? 'null';
    w.text((r as LiveRecord).more ? value : 'null');
  };
  const hook: JsonHook = {
    open: (r) => h.open(r.v, r.off + REC.args),
    result: () => {
      const { value, detail } = h.returned();
      return {
        value: value === undefined ? undefined : render(value),
        detail: detail === undefined ? undefined : `(${detail})`,
      };
    },
  };
  return Object.assign(f, { hook });
}

/** An argument's live form (live-text.ts liveForms) as JSON: a value that prints nothing (NONE) is JSON's null. */
function liveArgJson(
  sig: Signature,
  name: string,
  index: number,
  forms: LiveForms,
  kind: Signature['args'][number]['kind'],
  param: string | undefined,
): ArgJson | undefined {
  const li = sig.args.findIndex((a) => a.name === param);
  const f: ArgText | undefined = forms(kind, param, index, li, sig, name);
  return f && ((r, i, w) => w.text(f(r, i) ?? 'null'));
}

export class LiveJson {
  /** Per syscall number: its plan, or null when the general path writes it. */
  private readonly plans: (JsonPlan | null | undefined)[] = [];
  private readonly forms: LiveForms;
  /** The string decoders' context (stringContext). */
  private readonly ctx: CallContext;
  /** The exit half: one object, read before the next call. */
  private readonly exit: CallJsonExit = {
    ts: 0n,
    args: 0,
    retValue: -1,
    retHigh: 0,
    retLow: 0,
    retDetail: undefined,
    errno: undefined,
  };

  constructor(
    private readonly o: DecodeOptions,
    private readonly mem: Memory,
    private readonly render: Render,
    /** The text path's plans: a call takes this path when it has one (the same forms decide). */
    private readonly text: (nr: number) => LivePlan | undefined,
  ) {
    this.forms = liveForms(o, mem, render);
    this.ctx = stringContext(o, mem);
  }

  /** The plan of x86-64 syscall `nr`, made at its first call; undefined: the general path. */
  plan(nr: number): JsonPlan | undefined {
    let p = this.plans[nr];
    if (p === undefined) {
      p = this.make(nr) ?? null;
      if (nr >= 0 && nr < 1024) this.plans[nr] = p;
    }
    return p ?? undefined;
  }

  private make(nr: number): JsonPlan | undefined {
    const text = this.text(nr);
    if (!text) return undefined;
    const name = text.name;
    const sig = signatureFor(name);
    const all: ArgJson[] = [];
    const split = text.entry.length;
    let hook: JsonHook | undefined;
    for (let i = 0; i < sig.args.length; i++) {
      const f = argJson(sig, name, i, this.o, this.forms, this.render, this.mem, this.ctx);
      if (!f) return undefined;
      if (f.hook) {
        // one hooked argument, shown at exit (its exit hook sets the return)
        if (hook || i < split) return undefined;
        hook = f.hook;
      }
      all.push(f);
    }
    return {
      name,
      nr,
      narrow: text.narrow,
      entry: all.slice(0, split),
      exit: all.slice(split),
      opens: sig.args.map((a, i) => utf8(`${i === 0 ? '' : ','}{"name":${JSON.stringify(a.name)},"raw":"0x`)),
      memo: sig.args.map((a) =>
        REGISTER_KINDS.has(a.kind) ? { high: 0, low: 0, item: NO_ITEM, hits: 0, misses: 0 } : undefined,
      ),
      ret: sig.ret === 'fd' || sig.ret === 'hex' || sig.ret === 'udec' ? sig.ret : 'int',
      hook,
    };
  }

  /**
   * Whether the call takes this path: false when its hook sends it to the general path (fcntl's F_SETLK); sets
   * `r.more` from the hook.
   */
  takes(r: LiveRecord, plan: JsonPlan): boolean {
    if (!plan.hook) return true;
    const open = plan.hook.open(r);
    if (open === undefined) return false;
    r.more = open;
    return true;
  }

  /**
   * The entry half of a call into its open record `c`: the entry arguments' items (their raw words are the
   * registers as the program passed them, in `info`; their values from the narrowed copy `r`), and the exit
   * arguments' raw words, kept for their items at exit.
   */
  jsonEnter(c: OpenCallJson, r: LiveRecord, info: Uint32Array, plan: JsonPlan): void {
    const w = c.w;
    w.at = 0;
    const opens = plan.opens;
    const entry = plan.entry;
    for (let k = 0; k < entry.length; k++) {
      const at = INFO_ARGS_WORD + 2 * k;
      item(w, plan, k, info[at + 1] as number, info[at] as number, r, entry[k] as ArgJson);
    }
    c.head = w.at;
    const first = entry.length;
    const n = plan.exit.length;
    const raws = c.raws;
    for (let k = 0; k < n; k++) {
      const at = INFO_ARGS_WORD + 2 * (first + k);
      raws[2 * k] = info[at + 1] as number;
      raws[2 * k + 1] = info[at] as number;
    }
    c.opens = opens;
    c.first = first;
    c.count = n;
  }

  /**
   * The exit half: the exit arguments' items and `ret_value` appended to the call's record, from `r` once
   * takeReturn() put the return in it. The object returned is read before the next call.
   */
  jsonExit(c: OpenCallJson, r: LiveRecord, plan: JsonPlan, ts: bigint): CallJsonExit {
    const w = c.w;
    w.at = c.head;
    const exit = plan.exit;
    const first = plan.entry.length;
    const raws = c.raws;
    for (let k = 0; k < exit.length; k++)
      item(w, plan, first + k, raws[2 * k] as number, raws[2 * k + 1] as number, r, exit[k] as ArgJson);
    const x = this.exit;
    x.args = w.at;
    x.ts = ts;
    x.retHigh = r.v.getInt32(r.off + REC.ret + 4, true);
    x.retLow = r.v.getUint32(r.off + REC.ret, true);
    x.retDetail = undefined;
    if (r.failed) {
      x.errno = -r.ret;
      x.retValue = -1;
    } else {
      // decode-call.ts putReturnFields: the exit hook's return first
      x.errno = undefined;
      const hooked = plan.hook?.result();
      if (hooked?.value !== undefined) w.text(hooked.value);
      else retJson(r, plan, w);
      x.retValue = w.at;
      x.retDetail = hooked?.detail;
    }
    return x;
  }
}

const NO_ITEM = new Uint8Array(0);

/** Argument `i`'s whole item, its raw word's halves given: copied from its memo when the word is the same. */
function item(
  w: ByteWriter,
  plan: JsonPlan,
  i: number,
  high: number,
  low: number,
  r: LiveRecord,
  f: ArgJson,
): void {
  const m = plan.memo[i];
  if (m !== undefined && m.high === high && m.low === low && m.item.length > 0) {
    m.hits++;
    w.raw(m.item);
    return;
  }
  const start = w.at;
  rawItem(w, plan.opens[i] as Uint8Array, high, low);
  f(r, i, w);
  w.byte(BRACE_CLOSE);
  if (m !== undefined) remember(plan, i, m, w, start, high, low);
}

/** Bytes `start` to `w.at` kept as argument `i`'s memo for its word; a memo that misses too often is dropped. */
function remember(
  plan: JsonPlan,
  i: number,
  m: ItemMemo,
  w: ByteWriter,
  start: number,
  high: number,
  low: number,
): void {
  if (++m.misses >= MEMO_TRIAL && m.misses > 2 * m.hits) {
    plan.memo[i] = undefined;
    return;
  }
  const item = new Uint8Array(w.at - start);
  item.set(new Uint8Array(w.buf.buffer, w.buf.byteOffset + start, item.length));
  m.item = item;
  m.high = high;
  m.low = low;
}

/** An argument's item up to its value: its opening, the raw word's hex digits, `","value":`. */
function rawItem(w: ByteWriter, open: Uint8Array, high: number, low: number): void {
  w.raw(open);
  w.hex(high, low);
  w.raw(RAW_CLOSE);
}

/** The return's `ret_value` by the signature's kind. */
function retJson(r: LiveRecord, plan: JsonPlan, w: ByteWriter): void {
  const at = r.off + REC.ret;
  const high = r.v.getUint32(at + 4, true);
  const low = r.v.getUint32(at, true);
  switch (plan.ret) {
    case 'int':
      w.s64(r.v.getInt32(at + 4, true), low);
      return;
    case 'udec':
      w.u64(high, low);
      return;
    case 'fd':
      w.raw(FD_OPEN);
      w.int(r.ret);
      w.byte(BRACE_CLOSE);
      return;
    case 'hex':
      w.raw(HEX_OPEN);
      w.text(hexWord(high, low));
      w.raw(QUOTE_BRACE);
  }
}

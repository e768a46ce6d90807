// --json on the ptrace engine's live path: a call that live-text.ts could print from its registers (numbers, fds,
// flags, strings, paths, buffers) is written as its JSON Lines record from the same copy of its registers, field by
// field, as the general path's Value trees are written (format/jsonl-record.ts syscallLine, format/json-value-text.ts):
// no BigInt arguments, CallContext, Value trees of numbers, events or joiner per call. Strings, buffers, flags and
// custom forms are the decoders' own values, written by the JSON writer the host gives (`render`).

import { signatureFor } from '../../decode/decode-call.js';
import type { Memory } from '../../decode/memory.js';
import type { DecodeOptions } from '../../decode/options.js';
import { devValue, modeValue } from '../../decode/structs/read.js';
import { isDevice, STAT } from '../../decode/structs/stat.js';
import { styled } from '../../decode/xlat.js';
import type { CallJsonEnter, CallJsonExit } from '../../model/call-json.js';
import { sym } from '../../model/value.js';
import type { Signature } from '../../tables/signature.js';
import {
  customForm,
  FAST_CUSTOM,
  HOOKED_CUSTOM,
  hookedForm,
  type Render,
  xlatForm,
} from '../ebpf/fast-decoded.js';
import type { ArgText, LiveForms, RecordView } from '../ebpf/fast-text.js';
import { REC } from '../ebpf/layout.js';
import { hexDigits, hexWord, hi, int32, lo, s64At, u64At } from '../ebpf/record-words.js';
import { type LivePlan, type LiveRecord, liveForms } from './live-text.js';

/** One argument's `value`, JSON text, from the call's record. */
type ArgJson = (r: RecordView, i: number) => string;

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
  readonly opens: readonly string[];
  readonly ret: 'int' | 'fd' | 'hex' | 'udec';
  /** The hook of its one hooked exit argument (fcntl's arg). */
  readonly hook: JsonHook | undefined;
}

/** PTRACE_GET_SYSCALL_INFO's entry arguments, in 32-bit words (struct ptrace_syscall_info.entry.args). */
const INFO_ARGS_WORD = 8;
const AT_FDCWD = -100;
const NO_ITEMS: readonly string[] = [];

const ptrJson = (r: RecordView, i: number): string => {
  const h = hi(r, i);
  const l = lo(r, i);
  return h === 0 && l === 0 ? '{"ptr":null}' : `{"ptr":"0x${hexDigits(h, l)}"}`;
};

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
  const modes = new Map<number, string>();
  const modeJson = (mode: number): string => {
    let t = modes.get(mode);
    if (t === undefined) {
      t = render(modeValue(mode));
      if (modes.size < 4096) modes.set(mode, t);
    }
    return t;
  };
  return (r, i) => {
    if (r.failed) return ptrJson(r, i);
    const b = mem.read(r.v.getBigUint64(r.off + REC.args + i * 8, true), STAT.size);
    if (b === undefined || b.length < STAT.size) return ptrJson(r, i);
    const mode = u32(b, STAT.mode);
    const second = isDevice(mode)
      ? `"st_rdev":${render(devValue(new DataView(b.buffer, b.byteOffset, STAT.size).getBigUint64(STAT.rdev, true)))}`
      : `"st_size":${sizeDigits(u32(b, STAT.size_ + 4), u32(b, STAT.size_))}`;
    return `{"struct":{"st_mode":${modeJson(mode)},${second}},"abbreviated":true}`;
  };
}

/** An unsigned 64-bit word's decimal digits from its halves (a BigInt only past 2^53). */
const sizeDigits = (h: number, l: number): string =>
  h < 0x200000 ? String(h * 0x100000000 + l) : String((BigInt(h) << 32n) | BigInt(l));

/** The JSON of each argument kind that has a live form, as its decoder's Value is written (undefined: none). */
function argJson(
  sig: Signature,
  name: string,
  index: number,
  o: DecodeOptions,
  forms: LiveForms,
  render: Render,
  mem: Memory,
): ArgJsonForm | undefined {
  const { kind, param } = sig.args[index] as Signature['args'][number];
  switch (kind) {
    case 'out':
      // the stat family's brief struct from its bytes, as the text path prints it (live-text.ts liveStat)
      if (param === 'stat' && !o.verbose) return briefStatJson(mem, render);
      return liveArgJson(sig, name, index, forms, kind, param);
    case 'path':
    case 'str':
    case 'ibuf':
    case 'obuf':
    // a struct read at entry (sigaction, rlimit), a signal set (rt_sigprocmask, rt_sigpending): their decoders' Values
    case 'in':
    case 'sigset':
    case 'osigset':
      return liveArgJson(sig, name, index, forms, kind, param);
    case 'int':
    case 'pid':
      return (r, i) => String(int32(r, i));
    case 'uint':
      return (r, i) => String(lo(r, i));
    case 'long':
    case 'off':
      return (r, i) => s64At(r.v, r.off + REC.args + i * 8);
    case 'ulong':
    case 'size':
      return (r, i) => u64At(r.v, r.off + REC.args + i * 8);
    case 'hex':
      return (r, i) => `{"hex":"${hexWord(hi(r, i), lo(r, i))}"}`;
    case 'ptr':
      return ptrJson;
    case 'uid':
    case 'gid':
      return (r, i) => (int32(r, i) === -1 ? '-1' : String(lo(r, i)));
    case 'fd':
      return (r, i) => `{"fd":${int32(r, i)}}`;
    case 'dirfd': {
      const cwd = render(sym(styled('-100', 'AT_FDCWD')));
      return (r, i) => {
        const fd = int32(r, i);
        return fd === AT_FDCWD ? cwd : `{"fd":${fd}}`;
      };
    }
    case 'flags':
    case 'enum':
    case 'signal': {
      const f = xlatForm(sig, name, kind, param, index, o, render);
      return (r, i) => f(lo(r, i), hi(r, i));
    }
    case 'custom': {
      if (param !== undefined && HOOKED_CUSTOM.has(param))
        return hookedJson(sig, name, param, index, o, mem, render);
      if (param === undefined || !FAST_CUSTOM.has(param)) return undefined;
      const f = customForm(sig, name, param, index, o, render);
      return (r) => f(r.v, r.off + REC.args) ?? 'null';
    }
    default:
      return undefined;
  }
}

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
  const f: ArgJson = (r) => {
    const value = h.exit(r.v, r.off + REC.args, BigInt(r.ret), r.failed) ?? 'null';
    return (r as LiveRecord).more ? value : 'null';
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
  return f && ((r, i) => f(r, i) ?? 'null');
}

export class LiveJson {
  /** Per syscall number: its plan, or null when the general path writes it. */
  private readonly plans: (JsonPlan | null | undefined)[] = [];
  private readonly forms: LiveForms;

  constructor(
    private readonly o: DecodeOptions,
    private readonly mem: Memory,
    private readonly render: Render,
    /** The text path's plans: a call takes this path when it has one (the same forms decide). */
    private readonly text: (nr: number) => LivePlan | undefined,
  ) {
    this.forms = liveForms(o, mem, render);
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
      const f = argJson(sig, name, i, this.o, this.forms, this.render, this.mem);
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
      opens: sig.args.map((a, i) => `${i === 0 ? '' : ','}{"name":${JSON.stringify(a.name)},"raw":"0x`),
      ret: sig.ret === 'fd' || sig.ret === 'hex' || sig.ret === 'udec' ? sig.ret : 'int',
      hook,
    };
  }
}

/**
 * The entry half of a call: the entry arguments' items (their raw words are the registers as the program passed
 * them, in `info`; their values from the narrowed copy `r`), and the exit arguments' items up to their value;
 * undefined when the call's hook sends it to the general path.
 */
export function jsonEnter(
  r: LiveRecord,
  info: Uint32Array,
  plan: JsonPlan,
  tid: number,
  ts: bigint,
): CallJsonEnter | undefined {
  if (plan.hook) {
    const open = plan.hook.open(r);
    if (open === undefined) return undefined;
    r.more = open;
  }
  const opens = plan.opens;
  const entry = plan.entry;
  let head = '';
  for (let k = 0; k < entry.length; k++) {
    const w = INFO_ARGS_WORD + 2 * k;
    head += `${opens[k]}${hexDigits(info[w + 1] as number, info[w] as number)}","value":${(entry[k] as ArgJson)(r, k)}}`;
  }
  let exitItems = NO_ITEMS;
  const n = plan.exit.length;
  if (n > 0) {
    const items: string[] = [];
    for (let k = entry.length; k < entry.length + n; k++) {
      const w = INFO_ARGS_WORD + 2 * k;
      items.push(`${opens[k]}${hexDigits(info[w + 1] as number, info[w] as number)}","value":`);
    }
    exitItems = items;
  }
  return { tid, ts, nr: plan.nr, name: plan.name, head, exitItems };
}

/** The exit half: the exit arguments' items and the return, from `r` once takeReturn() put the return in it. */
export function jsonExit(r: LiveRecord, plan: JsonPlan, c: CallJsonEnter, ts: bigint): CallJsonExit {
  const exit = plan.exit;
  const first = plan.entry.length;
  let tail = '';
  for (let k = 0; k < exit.length; k++) tail += `${c.exitItems[k]}${(exit[k] as ArgJson)(r, first + k)}}`;
  const ret = s64At(r.v, r.off + REC.ret);
  if (r.failed) return { ts, tail, ret, retValue: undefined, retDetail: undefined, errno: -r.ret };
  // decode-call.ts putReturnFields: the exit hook's return first
  const hooked = plan.hook?.result();
  return {
    ts,
    tail,
    ret,
    retValue: hooked?.value ?? retJson(r, plan, ret),
    retDetail: hooked?.detail,
    errno: undefined,
  };
}

/** The return's `ret_value` by the signature's kind. */
function retJson(r: LiveRecord, plan: JsonPlan, ret: string): string {
  const at = r.off + REC.ret;
  return plan.ret === 'int'
    ? ret
    : plan.ret === 'udec'
      ? u64At(r.v, at)
      : plan.ret === 'fd'
        ? `{"fd":${r.ret}}`
        : `{"hex":"${hexWord(r.v.getUint32(at + 4, true), r.v.getUint32(at, true))}"}`;
}

// -e inject= / -e fault=: which call to tamper with (counted per syscall per thread, as strace counts), and the
// register and memory writes that do it: an invalid (or substituted) syscall number at entry, the result at exit.
import type { Memory } from '../../decode/memory.js';
import type { InjectRule, Poke } from '../../filter/inject-spec.js';
import type { TamperMark } from '../../model/events.js';
import { libc } from '../../sys/libc.js';
import type { SignatureArg } from '../../tables/signature.js';
import { type Arch, syscallByName } from '../../tables/syscalls.js';
import type { LiveMemory } from './live-memory.js';
import { REG } from './regs.js';

const POKEUSER = 6;
const MAX_PATH = 4096;

/** What was decided for one call at its entry; kept on the call until its exit. */
export interface TamperPlan {
  readonly rule: InjectRule;
  /** The result is replaced (error= or retval=). */
  readonly result: boolean;
  /** The call's name and argument count, for poke's messages. */
  readonly name: string;
  readonly nargs: number;
  /** A poke wrote at least one byte (strace marks `(INJECTED: args)` only then). */
  poked: boolean;
}

/** Where the tracer's own warnings go (`vat: Failed to tamper with process N: couldn't poke`). */
export type Warn = (message: string) => void;

/** A small seeded generator (mulberry32): --seed N gives the same choices in the same order of calls. */
function generator(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export class Tamperer {
  /** Rule per `abi:name` (the last -e inject naming a syscall wins, as in strace), undefined when none. */
  private readonly ruleCache = new Map<string, InjectRule | undefined>();
  /** Invocations seen per thread, per `abi:name`. */
  private readonly counts = new Map<number, Map<string, number>>();
  private readonly paths: Map<InjectRule, RegExp>;
  private readonly random: () => number;

  constructor(
    private readonly rules: readonly InjectRule[],
    seed: number,
  ) {
    this.paths = new Map(rules.flatMap((r) => (r.pathGlob ? [[r, new RegExp(r.pathGlob, 's')]] : [])));
    this.random = generator(seed);
  }

  private ruleFor(key: string, name: string): InjectRule | undefined {
    if (this.ruleCache.has(key)) return this.ruleCache.get(key);
    let found: InjectRule | undefined;
    for (let i = this.rules.length - 1; i >= 0 && !found; i--) {
      const r = this.rules[i] as InjectRule;
      if (!r.names || r.names.includes(name)) found = r;
    }
    this.ruleCache.set(key, found);
    return found;
  }

  /** vat's own conditions on decoded arguments: a path argument matching the glob, an fd argument equal to N. */
  private matches(
    rule: InjectRule,
    args: readonly SignatureArg[],
    raw: readonly bigint[],
    mem: Memory,
  ): boolean {
    if (rule.fd !== undefined) {
      const i = args.findIndex((a) => a.kind === 'fd' || a.kind === 'dirfd');
      if (i < 0 || Number(BigInt.asIntN(32, raw[i] ?? 0n)) !== rule.fd) return false;
    }
    const re = this.paths.get(rule);
    if (re) {
      const i = args.findIndex((a) => a.kind === 'path');
      const s = i < 0 ? undefined : mem.readString(raw[i] ?? 0n, MAX_PATH);
      if (!s || !re.test(Buffer.from(s.bytes).toString('latin1'))) return false;
    }
    return true;
  }

  /** At a traced call's entry: the plan when this invocation is to be tampered with. */
  decide(
    tid: number,
    abi: Arch,
    name: string,
    args: readonly SignatureArg[],
    raw: readonly bigint[],
    mem: Memory,
  ): TamperPlan | undefined {
    const key = `${abi}:${name}`;
    const rule = this.ruleFor(key, name);
    if (!rule || !this.matches(rule, args, raw, mem)) return undefined;
    let perThread = this.counts.get(tid);
    if (!perThread) {
      perThread = new Map();
      this.counts.set(tid, perThread);
    }
    const k = (perThread.get(key) ?? 0) + 1;
    perThread.set(key, k);
    if (k < rule.first || k > rule.last || (k - rule.first) % rule.step !== 0) return undefined;
    if (rule.prob !== undefined && this.random() * 100 >= rule.prob) return undefined;
    return {
      rule,
      result: rule.error !== undefined || rule.retval !== undefined,
      name,
      nargs: args.length,
      poked: false,
    };
  }

  /** The thread is gone: its counts go with it (a new thread with the same id starts afresh, as in strace). */
  forget(tid: number): void {
    this.counts.delete(tid);
  }
}

/** At entry (the tracee stopped): pokes memory, and makes the kernel skip the call or run the substitute. */
export function tamperEntry(
  tid: number,
  abi: Arch,
  plan: TamperPlan,
  raw: readonly bigint[],
  mem: LiveMemory,
  warn: Warn,
): void {
  const rule = plan.rule;
  if (rule.pokeEnter && poke(tid, plan, rule.pokeEnter, raw, mem, warn)) plan.poked = true;
  if (!plan.result) return;
  const substitute = rule.syscall === undefined ? undefined : syscallByName(abi, rule.syscall)?.nr;
  const nr = substitute === undefined ? (1n << 64n) - 1n : BigInt(substitute);
  libc.ptrace(POKEUSER, tid, REG.orig_rax, nr);
}

/** At exit: pokes memory and sets the result; returns the raw return value the call now has (undefined: unchanged). */
export function tamperExit(
  tid: number,
  plan: TamperPlan,
  raw: readonly bigint[],
  mem: LiveMemory,
  warn: Warn,
): bigint | undefined {
  const rule = plan.rule;
  if (rule.pokeExit && poke(tid, plan, rule.pokeExit, raw, mem, warn)) plan.poked = true;
  if (!plan.result) return undefined;
  const ret = rule.error !== undefined ? BigInt.asUintN(64, BigInt(-rule.error)) : (rule.retval ?? 0n);
  libc.ptrace(POKEUSER, tid, REG.rax, ret);
  return ret;
}

/**
 * Writes each poke over the memory its argument points to, as strace's poke_tcb: an argument the call does not
 * have and a write that wrote nothing are reported; a write cut short where memory ends counts. True when any
 * byte was written.
 */
function poke(
  tid: number,
  plan: TamperPlan,
  pokes: readonly Poke[],
  raw: readonly bigint[],
  mem: LiveMemory,
  warn: Warn,
): boolean {
  const failed = `Failed to tamper with process ${tid}:`;
  let poked = false;
  for (const p of pokes) {
    if (p.arg >= plan.nargs) {
      warn(
        `${failed} requested to tamper with argument #${p.arg + 1}, but system call '${plan.name}' has only ${plan.nargs} arguments`,
      );
      continue;
    }
    const addr = raw[p.arg] ?? 0n;
    if (mem.poke(addr, Uint8Array.from(p.bytes)) > 0) poked = true;
    else warn(`${failed} couldn't poke`);
  }
  return poked;
}

/** The suffix marks for an exit line. */
export function tamperMark(plan: TamperPlan): TamperMark | undefined {
  const injected = plan.poked ? (plan.result ? 'args, retval' : 'args') : plan.result ? 'retval' : undefined;
  const delayed = plan.rule.delayEnter !== undefined || plan.rule.delayExit !== undefined;
  if (!injected && !delayed) return undefined;
  return { ...(injected ? { injected } : {}), ...(delayed ? { delayed } : {}) };
}

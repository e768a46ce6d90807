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
  readonly poked: boolean;
}

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
      poked: rule.pokeEnter !== undefined || rule.pokeExit !== undefined,
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
): void {
  const rule = plan.rule;
  if (rule.pokeEnter) poke(rule.pokeEnter, raw, mem);
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
): bigint | undefined {
  const rule = plan.rule;
  if (rule.pokeExit) poke(rule.pokeExit, raw, mem);
  if (!plan.result) return undefined;
  const ret = rule.error !== undefined ? BigInt.asUintN(64, BigInt(-rule.error)) : (rule.retval ?? 0n);
  libc.ptrace(POKEUSER, tid, REG.rax, ret);
  return ret;
}

function poke(pokes: readonly Poke[], raw: readonly bigint[], mem: LiveMemory): void {
  for (const p of pokes) {
    const addr = raw[p.arg] ?? 0n;
    if (addr !== 0n) mem.write(addr, Uint8Array.from(p.bytes));
  }
}

/** The suffix marks for an exit line. */
export function tamperMark(plan: TamperPlan): TamperMark | undefined {
  const injected = plan.poked ? (plan.result ? 'args, retval' : 'args') : plan.result ? 'retval' : undefined;
  const delayed = plan.rule.delayEnter !== undefined || plan.rule.delayExit !== undefined;
  if (!injected && !delayed) return undefined;
  return { ...(injected ? { injected } : {}), ...(delayed ? { delayed } : {}) };
}

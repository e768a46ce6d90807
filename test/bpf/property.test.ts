// The seccomp compiler's property test: random policies (every action, 32- and 64-bit argument rules on any
// argument with up to hundreds of values, dense and sparse numbers, i386 sections) compiled, then ≥100k random
// calls checked against the policy's meaning, written here independently of the compiler: in vat's cBPF
// interpreter for all of them, and in the real kernel (test/fixtures/bpf-load.c) for a sample.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { AUDIT_ARCH } from '../../src/bpf/consts.js';
import {
  ALLOW,
  actionOf,
  actionValue,
  compileSeccomp,
  errnoAction,
  type Insn,
  KILL_PROCESS,
  KILL_THREAD,
  LOG,
  runSeccompFilter,
  type SeccompAction,
  type SeccompPolicy,
  type SyscallRule,
  traceAction,
  trapAction,
  USER_NOTIF,
} from '../../src/bpf/index.js';
import { syscallByName, X32_SYSCALL_BIT } from '../../src/tables/syscalls.js';
import { kernelCanFilter, loadAndCall } from '../helpers/bpf-kernel.js';
import { random } from '../helpers/prng.js';

const X86_64 = AUDIT_ARCH.AUDIT_ARCH_X86_64;
const I386 = AUDIT_ARCH.AUDIT_ARCH_I386;
const AARCH64 = AUDIT_ARCH.AUDIT_ARCH_AARCH64;
const POLICIES = 400;
const CALLS_PER_POLICY = 300;
/** The kernel sample: this many policies, each loaded once with up to KERNEL_CALLS calls. */
const KERNEL_POLICIES = 24;
const KERNEL_CALLS = 60;
/** The probe filter's errno (bpf-load --probe): no random policy uses it. */
const PROBE = 4090;
const SECCOMP = syscallByName('x86_64', 'seccomp')?.nr;
/** Calls the kernel lets through every filter (kernel/seccomp.c, its uprobe passthrough). */
const PASSTHROUGH = [syscallByName('x86_64', 'uretprobe')?.nr ?? 335, 336];

type Rnd = () => number;
type Entry = SeccompAction | SyscallRule;

interface Call {
  readonly arch: number;
  readonly nr: number;
  readonly args: readonly bigint[];
}

const int = (rnd: Rnd, n: number): number => Math.floor(rnd() * n);
const pick = <T>(rnd: Rnd, xs: readonly T[]): T => xs[int(rnd, xs.length)] as T;
const u64 = (rnd: Rnd): bigint => (BigInt(int(rnd, 2 ** 32)) << 32n) | BigInt(int(rnd, 2 ** 32));

function randomAction(rnd: Rnd): SeccompAction {
  switch (int(rnd, 9)) {
    case 0:
    case 1:
    case 2:
      return ALLOW;
    case 3:
    case 4:
      return errnoAction(1 + int(rnd, 4000));
    case 5:
      return traceAction(int(rnd, 0x10000));
    case 6:
      return pick(rnd, [KILL_PROCESS, KILL_THREAD]);
    case 7:
      return pick(rnd, [LOG, USER_NOTIF]);
    default:
      return trapAction(int(rnd, 0x10000));
  }
}

/** An argument value as programs pass them: small, negative, a full 64-bit word, or a 32-bit one. */
function randomValue(rnd: Rnd): bigint {
  switch (int(rnd, 4)) {
    case 0:
      return BigInt(int(rnd, 64));
    case 1:
      return -BigInt(1 + int(rnd, 5000));
    case 2:
      return u64(rnd);
    default:
      return BigInt(int(rnd, 2 ** 32));
  }
}

function randomRule(rnd: Rnd, big: boolean): SyscallRule {
  const count = big ? 100 + int(rnd, 300) : 1 + int(rnd, 8);
  const width = rnd() < 0.5 ? 32 : 64;
  // a 32-bit rule takes what fits an int or an unsigned int
  const fit = (v: bigint): bigint =>
    width === 64 ? v : rnd() < 0.5 ? BigInt.asIntN(32, v) : BigInt.asUintN(32, v);
  const anyOf = Array.from({ length: count }, () => fit(randomValue(rnd)));
  return {
    when: { arg: int(rnd, 6), anyOf, width },
    action: randomAction(rnd),
    ...(rnd() < 0.6 ? { otherwise: randomAction(rnd) } : {}),
  };
}

/** Numbers: dense runs, sparse picks up to 1023, or a handful. */
function randomNumbers(rnd: Rnd): number[] {
  const style = int(rnd, 3);
  if (style === 0) {
    const start = int(rnd, 400);
    return Array.from({ length: 1 + int(rnd, 200) }, (_, i) => start + i);
  }
  const count = style === 1 ? 1 + int(rnd, 300) : 1 + int(rnd, 6);
  return Array.from({ length: count }, () => int(rnd, 1024));
}

function randomTable(rnd: Rnd): Map<number, Entry> {
  const table = new Map<number, Entry>();
  // one rule with hundreds of values at most: a filter has room for 4096 instructions
  let big = rnd() < 0.3;
  for (const nr of randomNumbers(rnd)) {
    const ruled = rnd() < 0.15;
    table.set(nr, ruled ? randomRule(rnd, big) : randomAction(rnd));
    if (ruled) big = false;
  }
  return table;
}

function randomPolicy(rnd: Rnd): SeccompPolicy {
  return {
    arch: 'x86_64',
    syscalls: randomTable(rnd),
    defaultAction: randomAction(rnd),
    foreignArchAction: randomAction(rnd),
    x32Action: randomAction(rnd),
    ...(rnd() < 0.4
      ? { i386: { syscalls: randomTable(rnd), ...(rnd() < 0.5 ? { defaultAction: randomAction(rnd) } : {}) } }
      : {}),
  };
}

/** A call aimed at the policy: listed numbers and rule values most of the time, anything else too. */
function randomCall(rnd: Rnd, p: SeccompPolicy, archs: readonly number[]): Call {
  const arch = pick(rnd, archs);
  const table = (arch === I386 ? p.i386?.syscalls : p.syscalls) as Map<number, Entry> | undefined;
  const listed = table ? [...table.keys()] : [];
  let nr: number;
  const how = rnd();
  if (how < 0.7 && listed.length > 0) nr = pick(rnd, listed);
  else if (how < 0.85) nr = int(rnd, 1024);
  else if (how < 0.93) nr = (X32_SYSCALL_BIT | int(rnd, 1024)) >>> 0;
  else nr = int(rnd, 2 ** 32);
  const args = Array.from({ length: 6 }, () => randomValue(rnd));
  const entry = table?.get(nr);
  if (entry && 'when' in entry && rnd() < 0.6) {
    // a value of the rule, maybe with other high bits (a 32-bit rule must still match, a 64-bit one not)
    let v = BigInt.asUintN(64, BigInt(pick(rnd, entry.when.anyOf)));
    if (rnd() < 0.3) v = (BigInt(int(rnd, 2 ** 32)) << 32n) | (v & 0xffffffffn);
    args[entry.when.arg] = v;
  }
  return { arch, nr, args };
}

/** Whether the call meets an argument rule (the part of the policy the counters below make sure is hit). */
function ruled(p: SeccompPolicy, c: Call): boolean {
  const table = (c.arch === I386 ? p.i386?.syscalls : c.arch === X86_64 ? p.syscalls : undefined) as
    | Map<number, Entry>
    | undefined;
  const entry = (c.nr & X32_SYSCALL_BIT) !== 0 && c.arch === X86_64 ? undefined : table?.get(c.nr);
  return entry !== undefined && 'when' in entry;
}

/** The policy's meaning for one call: the section by arch (x32 numbers apart), the entry, its rule. */
function meaning(p: SeccompPolicy, c: Call): SeccompAction {
  let table: Map<number, Entry> | ReadonlySet<number>;
  let fallback: SeccompAction;
  if (c.arch === X86_64) {
    if ((c.nr & X32_SYSCALL_BIT) !== 0) return p.x32Action;
    table = p.syscalls as Map<number, Entry>;
    fallback = p.defaultAction;
  } else if (c.arch === I386 && p.i386) {
    table = p.i386.syscalls as Map<number, Entry>;
    fallback = p.i386.defaultAction ?? p.defaultAction;
  } else return p.foreignArchAction;
  const entry =
    table instanceof Map ? table.get(c.nr) : (table as ReadonlySet<number>).has(c.nr) ? ALLOW : undefined;
  if (entry === undefined) return fallback;
  if (!('when' in entry)) return entry;
  const width = entry.when.width ?? 64;
  const arg = BigInt.asUintN(width, c.args[entry.when.arg] ?? 0n);
  const hit = entry.when.anyOf.some((v) => BigInt.asUintN(width, BigInt(v)) === arg);
  return hit ? entry.action : (entry.otherwise ?? fallback);
}

const show = (c: Call): string => `arch 0x${c.arch.toString(16)} nr ${c.nr} args ${c.args.join(',')}`;

test('property: 120k random calls on 400 random policies agree with the policy in the interpreter', () => {
  const rnd = random(0x5eccb9f);
  let cases = 0;
  let rules = 0;
  for (let i = 0; i < POLICIES; i++) {
    const p = randomPolicy(rnd);
    const program = compileSeccomp(p);
    for (let k = 0; k < CALLS_PER_POLICY; k++) {
      const c = randomCall(rnd, p, [X86_64, X86_64, X86_64, I386, AARCH64, int(rnd, 2 ** 32)]);
      const got = runSeccompFilter(program, c);
      const want = actionValue(meaning(p, c));
      if (got !== want)
        assert.fail(
          `policy ${i}: ${show(c)}: program returned 0x${got.toString(16)}, policy says 0x${want.toString(16)}`,
        );
      cases++;
      if (ruled(p, c)) rules++;
    }
  }
  assert.ok(cases >= 100_000, `${cases} cases`);
  assert.ok(rules >= 5_000, `${rules} cases met an argument rule`);
});

/** What bpf-load --probe reports for an action: the probe's errno for the actions that let a call on. */
function kernelOutcome(a: SeccompAction): string {
  if (a.kind === 'errno') return `err ${Math.min(a.errno, 4095)}`;
  if (a.kind === 'kill-process' || a.kind === 'kill-thread' || a.kind === 'trap') return 'died';
  return `err ${PROBE}`;
}

test('property: a sample of random policies loaded into the kernel agrees with the policy', {
  skip: !kernelCanFilter() && 'needs gcc and seccomp filters',
}, () => {
  const rnd = random(0xb0a710ad);
  let checked = 0;
  let rules = 0;
  for (let i = 0; i < KERNEL_POLICIES; i++) {
    const p = randomPolicy(rnd);
    const program: Insn[] = compileSeccomp(p);
    // native and x32 entries (this kernel may run no i386 code); a fatal outcome ends the child: one, last
    const calls: Call[] = [];
    let fatal: Call | undefined;
    while (calls.length < KERNEL_CALLS) {
      const c = randomCall(rnd, p, [X86_64]);
      // the probe lets filter installs through: none made at random; the kernel runs uretprobe (335) and
      // uprobe (336, Linux 6.16) without consulting seccomp at all (only a uprobe trampoline may call them)
      if (c.nr === SECCOMP || PASSTHROUGH.includes(c.nr)) continue;
      if (kernelOutcome(meaning(p, c)) === 'died') fatal ??= c;
      else calls.push(c);
    }
    if (fatal) calls.push(fatal);
    // the syscall instruction with the whole number: one with X32_SYSCALL_BIT is an x32 entry
    const spec = calls.map((c) =>
      ['64', c.nr, ...c.args.map((a) => `0x${BigInt.asUintN(64, a).toString(16)}`)].join(':'),
    );
    const r = loadAndCall(program, spec, { probe: PROBE });
    assert.ok(r.loaded, `policy ${i}: the kernel refused the program (errno ${r.loadErrno})`);
    for (const [k, c] of calls.entries()) {
      const want = kernelOutcome(meaning(p, c));
      const o = r.calls[k];
      const got = o?.kind === 'err' ? `err ${o.errno}` : o?.kind === 'died' ? 'died' : JSON.stringify(o);
      assert.equal(
        got,
        want,
        `policy ${i} call ${k}: ${show(c)} (${JSON.stringify(actionOf(actionValue(meaning(p, c))))})`,
      );
      checked++;
      if (ruled(p, c)) rules++;
    }
  }
  assert.ok(checked >= KERNEL_POLICIES * KERNEL_CALLS);
  assert.ok(rules >= 100, `${rules} kernel calls met an argument rule`);
});

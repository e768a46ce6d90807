// Big and random policies against the kernel, every number probed without running anything: the fixture's
// --probe filter fails every call with PROBE, and when the filter under test also says ERRNO, the kernel
// returns the newest filter's errno. So PROBE means "allowed", any other errno names the branch taken.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { AUDIT_ARCH } from '../../src/bpf/consts.js';
import {
  ALLOW,
  actionOf,
  compileSeccomp,
  errnoAction,
  type Insn,
  runSeccompFilter,
  type SeccompAction,
  type SeccompPolicy,
} from '../../src/bpf/index.js';
import { OP } from '../../src/bpf/insn.js';
import { listSyscalls, X32_SYSCALL_BIT } from '../../src/tables/syscalls.js';
import { i386, kernelCanFilter, loadAndCall, native, nrOf, x32 } from '../helpers/bpf-kernel.js';
import { ia32Available } from '../helpers/fixtures.js';
import { random } from '../helpers/prng.js';

const skip = !kernelCanFilter() && 'needs gcc and seccomp filters';
const PROBE = 4001;
const REFUSED = errnoAction(4002);
const X32 = errnoAction(4003);
const FOREIGN = errnoAction(4004);

/**
 * Native numbers no filter sees: the kernel runs uretprobe (and uprobe, the next number since Linux 6.16)
 * without filtering (seccomp_uprobe_exception), and outside a uprobe trampoline they kill the caller.
 */
const UNFILTERED = new Set([nrOf('x86_64', 'uretprobe'), nrOf('x86_64', 'uretprobe') + 1]);
const X86_64 = listSyscalls('x86_64')
  .map((s) => s.nr)
  .filter((nr) => !UNFILTERED.has(nr));
const MAX_NR = Math.max(...X86_64);
/** Every number up to past the table's end, and the edges of the 32-bit range. */
const NUMBERS = [
  ...Array.from({ length: MAX_NR + 16 }, (_, i) => i).filter((nr) => !UNFILTERED.has(nr)),
  0x3fffffff,
  0x80000000,
  0xffffffff,
];

const policyOf = (syscalls: ReadonlyMap<number, SeccompAction> | ReadonlySet<number>): SeccompPolicy => ({
  arch: 'x86_64',
  syscalls,
  defaultAction: REFUSED,
  foreignArchAction: FOREIGN,
  x32Action: X32,
});

/** The errno a probe must come back with, from the policy itself. */
function expectedErrno(policy: SeccompPolicy, nr: number, abi: 'native' | 'x32' | 'i386'): number {
  const errnoOf = (a: SeccompAction): number =>
    a.kind === 'errno' ? a.errno : a.kind === 'allow' ? PROBE : -1;
  if (abi === 'i386') return errnoOf(policy.foreignArchAction);
  if (abi === 'x32' || (nr & X32_SYSCALL_BIT) !== 0) return errnoOf(policy.x32Action);
  const table = policy.syscalls;
  const action =
    table instanceof Set
      ? table.has(nr)
        ? ALLOW
        : undefined
      : (table as Map<number, SeccompAction>).get(nr);
  return errnoOf(action ?? policy.defaultAction);
}

/** Probes every number natively, a few through x32 and i386, and checks kernel and interpreter alike. */
function probeAll(policy: SeccompPolicy, program: readonly Insn[]): void {
  const probes = [
    ...NUMBERS.map((nr) => ({ nr, abi: 'native' as const, spec: native(nr) })),
    ...[0, 1, nrOf('x86_64', 'getpid'), MAX_NR].map((nr) => ({ nr, abi: 'x32' as const, spec: x32(nr) })),
    // i386 only where the kernel runs it: with IA-32 emulation off, int $0x80 faults before the filter
    ...(ia32Available() ? [1, 20, nrOf('i386', 'getpid'), 400] : []).map((nr) => ({
      nr,
      abi: 'i386' as const,
      spec: i386(nr),
    })),
  ];
  const report = loadAndCall(
    program,
    probes.map((p) => p.spec),
    { probe: PROBE },
  );
  assert.ok(report.loaded, `kernel refused the filter: errno ${report.loadErrno}`);
  const wrong: string[] = [];
  probes.forEach((p, i) => {
    const want = expectedErrno(policy, p.nr, p.abi);
    const got = report.calls[i];
    if (got?.kind !== 'err' || got.errno !== want) {
      wrong.push(`${p.spec}: want errno ${want}, kernel ${JSON.stringify(got)}`);
    }
    const arch = p.abi === 'i386' ? AUDIT_ARCH.AUDIT_ARCH_I386 : AUDIT_ARCH.AUDIT_ARCH_X86_64;
    const nr = p.abi === 'x32' ? (p.nr | X32_SYSCALL_BIT) >>> 0 : p.nr;
    const js = actionOf(runSeccompFilter(program, { nr, arch }));
    const jsErrno = js?.kind === 'errno' ? js.errno : js?.kind === 'allow' ? PROBE : -1;
    if (jsErrno !== want) wrong.push(`${p.spec}: want errno ${want}, interpreter ${JSON.stringify(js)}`);
  });
  assert.deepEqual(wrong.slice(0, 20), []);
}

test('every x86_64 syscall but a few: allowed ones pass, the rest and other ABIs are refused', {
  skip,
}, () => {
  const refused = new Set(
    ['ptrace', 'reboot', 'kexec_load', 'init_module', 'process_vm_writev'].map((n) => nrOf('x86_64', n)),
  );
  const allowed = new Set(X86_64.filter((nr) => !refused.has(nr)));
  assert.ok(allowed.size > 360, `${allowed.size} syscalls`);
  const policy = policyOf(allowed);
  const program = compileSeccomp(policy);
  // Consecutive allowed numbers merge into ranges: a handful of compares cover the whole table.
  assert.ok(program.length < 40, `${program.length} instructions`);
  probeAll(policy, program);
});

test('1500 scattered numbers: a deep search with long jumps (BPF_JA) loads and decides right', {
  skip,
}, () => {
  const allowed = new Set(Array.from({ length: 1500 }, (_, i) => 2 * i));
  const policy = policyOf(allowed);
  const program = compileSeccomp(policy);
  assert.ok(
    program.some((insn) => insn.code === OP.ja && insn.k > 255),
    'expected jumps beyond the 8-bit conditional offsets',
  );
  assert.ok(program.length < 1500 * 1.5, `${program.length} instructions`);
  const numbers = Array.from({ length: 3010 }, (_, nr) => nr).filter((nr) => !UNFILTERED.has(nr));
  const report = loadAndCall(
    program,
    numbers.map((nr) => native(nr)),
    { probe: PROBE },
  );
  const wrong = report.calls.flatMap((got, i) => {
    const nr = numbers[i] ?? -1;
    const want = nr % 2 === 0 && nr < 3000 ? PROBE : 4002;
    return got.kind === 'err' && got.errno === want ? [] : [`${nr}: ${JSON.stringify(got)}`];
  });
  assert.deepEqual(wrong.slice(0, 20), []);
});

for (const [seed, density, mixed] of [
  [1, 0.05, false],
  [2, 0.3, false],
  [3, 0.5, false],
  [4, 0.8, false],
  [5, 0.97, false],
  [6, 0.5, true],
] as const) {
  test(`random subset ${seed} (density ${density}${mixed ? ', mixed actions' : ''}): kernel matches the policy`, {
    skip,
  }, () => {
    const rnd = random(seed);
    const chosen = X86_64.filter(() => rnd() < density);
    // Mixed: some numbers fail with their own errno instead of running, so neighbours do not merge.
    const syscalls = mixed
      ? new Map(
          chosen.map((nr): [number, SeccompAction] => [
            nr,
            rnd() < 0.5 ? ALLOW : errnoAction(100 + Math.floor(rnd() * 50)),
          ]),
        )
      : new Set(chosen);
    const policy = policyOf(syscalls);
    probeAll(policy, compileSeccomp(policy));
  });
}

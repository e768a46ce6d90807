// The BPF compiler without the kernel: wire format, label assembly with long jumps, the number search,
// whole policies checked through the interpreter for every number, the validator and the listing.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  ALLOW,
  actionValue,
  errnoAction,
  KILL_PROCESS,
  type SeccompAction,
  traceAction,
} from '../../src/bpf/actions.js';
import { Assembler } from '../../src/bpf/assembler.js';
import { AUDIT_ARCH, SECCOMP_DATA } from '../../src/bpf/consts.js';
import { disassemble } from '../../src/bpf/disasm.js';
import { BpfError } from '../../src/bpf/errors.js';
import { decodeProgram, encodeProgram, INSN_SIZE, type Insn, jump, OP, stmt } from '../../src/bpf/insn.js';
import { decide, depth, searchTree, toRanges } from '../../src/bpf/number-search.js';
import type { SeccompPolicy, SyscallRule } from '../../src/bpf/policy.js';
import { runSeccompFilter } from '../../src/bpf/run.js';
import { compileSeccomp } from '../../src/bpf/seccomp-compiler.js';
import { tracingPolicy } from '../../src/bpf/trace-policy.js';
import { validateSeccompProgram } from '../../src/bpf/validate.js';
import { listSyscalls, syscallByName, X32_SYSCALL_BIT } from '../../src/tables/syscalls.js';
import { random } from '../helpers/prng.js';

const X86_64 = AUDIT_ARCH.AUDIT_ARCH_X86_64;
const I386 = AUDIT_ARCH.AUDIT_ARCH_I386;
const nr = (name: string): number => syscallByName('x86_64', name)?.nr ?? assert.fail(name);
const ALL = listSyscalls('x86_64').map((s) => s.nr);

test('sock_filter records are 8 little-endian bytes: u16 code, u8 jt, u8 jf, u32 k', () => {
  const insns = [jump(OP.jeq, 0xc000003e, 1, 2), stmt(OP.ret, 0x7fff0000)];
  const bytes = encodeProgram(insns);
  assert.equal(bytes.length, 2 * INSN_SIZE);
  const view = new DataView(bytes.buffer);
  assert.equal(view.getUint16(0, true), OP.jeq);
  assert.deepEqual([bytes[2], bytes[3]], [1, 2]);
  assert.equal(view.getUint32(4, true), 0xc000003e);
  assert.deepEqual(decodeProgram(bytes), insns);
  assert.throws(() => decodeProgram(bytes.subarray(0, 7)), BpfError);
  assert.throws(() => jump(OP.jeq, 0, 256, 0), BpfError);
});

test('assembler: far conditional targets go through BPF_JA, near ones stay 8-bit', () => {
  const asm = new Assembler();
  const [near, far, farToo, filler] = [asm.label(), asm.label(), asm.label(), asm.label()];
  asm.emit(stmt(OP.ldW, SECCOMP_DATA.SECCOMP_DATA_NR));
  asm.jump('jeq', 1, filler, near); // near: right after, filler: after the next jump's expansion
  asm.place(near);
  asm.jump('jeq', 5, far, farToo); // both targets 300 instructions on
  asm.place(filler);
  for (let i = 0; i < 300; i++) asm.emit(stmt(OP.ldW, SECCOMP_DATA.SECCOMP_DATA_NR));
  asm.emit(stmt(OP.ret, 1));
  asm.place(far);
  asm.emit(stmt(OP.ret, 2));
  asm.place(farToo);
  asm.emit(stmt(OP.ret, 3));
  const program = asm.assemble();
  assert.deepEqual(validateSeccompProgram(program), []);
  assert.equal(program.filter((i) => i.code === OP.ja).length, 2);
  const run = (n: number): number => runSeccompFilter(program, { nr: n, arch: X86_64 });
  assert.deepEqual([run(1), run(5), run(7)], [1, 2, 3]);
});

test('assembler: a jump to the next instruction disappears; misuse is an error', () => {
  const asm = new Assembler();
  const next = asm.label();
  asm.ja(next);
  asm.place(next);
  asm.emit(stmt(OP.ret, 0));
  assert.equal(asm.assemble().length, 1);
  const back = new Assembler();
  const start = back.label();
  back.place(start);
  back.emit(stmt(OP.ldW, 0));
  back.ja(start);
  assert.throws(() => back.assemble(), /backwards/);
  const lost = new Assembler();
  lost.ja(lost.label('nowhere'));
  assert.throws(() => lost.assemble(), /never placed/);
});

test('number search: agrees with a plain lookup and stays logarithmic', () => {
  const rnd = random(11);
  for (let round = 0; round < 200; round++) {
    const size = Math.floor(rnd() * 600);
    const targets = ['a', 'b', 'c'];
    const map = new Map<number, string>();
    for (let i = 0; i < size; i++) map.set(Math.floor(rnd() * 1000), targets[Math.floor(rnd() * 3)] ?? 'a');
    const ranges = toRanges(map, 'a');
    const tree = searchTree(ranges, 'a');
    for (let n = 0; n < 1010; n++)
      assert.equal(decide(tree, n), map.get(n) ?? 'a', `round ${round}, number ${n}`);
    assert.equal(decide(tree, 0xffffffff), 'a');
    // Binary splits down to chains of at most 4 points, each range costing at most 2 more compares.
    assert.ok(
      depth(tree) <= Math.ceil(Math.log2(ranges.length + 1)) + 4,
      `depth ${depth(tree)} for ${ranges.length}`,
    );
  }
});

/** What the policy says for one call, to compare with what the compiled program returns. */
function expected(policy: SeccompPolicy, arch: number, n: number, arg0 = 0n): number {
  if (arch === I386 && policy.i386) {
    return lookup(policy.i386.syscalls, n, policy.i386.defaultAction ?? policy.defaultAction, arg0);
  }
  if (arch !== X86_64) return actionValue(policy.foreignArchAction);
  if (n & X32_SYSCALL_BIT) return actionValue(policy.x32Action);
  return lookup(policy.syscalls, n, policy.defaultAction, arg0);
}

function lookup(table: SeccompPolicy['syscalls'], n: number, fallback: SeccompAction, arg0: bigint): number {
  if (table instanceof Set) return actionValue(table.has(n) ? ALLOW : fallback);
  const entry = (table as ReadonlyMap<number, SeccompAction | SyscallRule>).get(n);
  if (!entry) return actionValue(fallback);
  if (!('when' in entry)) return actionValue(entry);
  const width = entry.when.width ?? 64;
  const hit = entry.when.anyOf.some((v) => BigInt.asUintN(width, BigInt(v)) === BigInt.asUintN(width, arg0));
  return actionValue(hit ? entry.action : (entry.otherwise ?? fallback));
}

test('random policies: the program returns what the policy says for every number, ABI and argument', () => {
  const rnd = random(7);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)] as T;
  const actions = [
    ALLOW,
    ALLOW,
    ALLOW,
    errnoAction('EPERM'),
    errnoAction('EACCES'),
    traceAction(3),
    KILL_PROCESS,
  ];
  for (let round = 0; round < 40; round++) {
    const density = rnd();
    const syscalls = new Map<number, SeccompAction | SyscallRule>();
    for (const n of ALL) {
      if (rnd() >= density) continue;
      const width = rnd() < 0.5 ? 32 : 64;
      const anyOf = width === 32 ? [1, 2, -1n] : [1, 2, -1n, 0x1_0000_0002n];
      syscalls.set(n, rnd() < 0.05 ? { when: { arg: 0, anyOf, width }, action: ALLOW } : pick(actions));
    }
    const policy: SeccompPolicy = {
      arch: 'x86_64',
      syscalls,
      defaultAction: pick(actions),
      foreignArchAction: KILL_PROCESS,
      x32Action: errnoAction('ENOSYS'),
      ...(rnd() < 0.5 ? { i386: { syscalls: new Set(ALL.filter(() => rnd() < 0.5)) } } : {}),
    };
    const program = compileSeccomp(policy);
    for (const arch of [X86_64, I386, AUDIT_ARCH.AUDIT_ARCH_AARCH64]) {
      for (const n of [
        ...Array.from({ length: 480 }, (_, i) => i),
        0x7fffffff,
        0x80000001,
        0xffffffff,
        X32_SYSCALL_BIT | 1,
      ]) {
        for (const arg0 of [0n, 1n, 2n, 0xffffffffffffffffn, 0x1_0000_0002n, 0x2_0000_0001n]) {
          const got = runSeccompFilter(program, { nr: n, arch, args: [arg0] });
          if (got !== expected(policy, arch, n, arg0)) {
            assert.fail(`round ${round}: arch ${arch} nr ${n} arg0 ${arg0}`);
          }
          if (!program.some((i) => i.k === SECCOMP_DATA.SECCOMP_DATA_ARGS)) break; // no rule: arguments do not matter
        }
      }
    }
  }
});

test('a 400-syscall allow-list is small; scattered lists cost about one compare per number', () => {
  const policy = (syscalls: ReadonlySet<number>): SeccompPolicy => ({
    arch: 'x86_64',
    syscalls,
    defaultAction: errnoAction('EPERM'),
    foreignArchAction: KILL_PROCESS,
    x32Action: KILL_PROCESS,
  });
  const allButFew = new Set(ALL.filter((n) => ![nr('ptrace'), nr('reboot'), nr('kexec_load')].includes(n)));
  assert.ok(compileSeccomp(policy(allButFew)).length <= 20);
  const everyOther = new Set(ALL.filter((_, i) => i % 2 === 0));
  const program = compileSeccomp(policy(everyOther));
  assert.ok(program.length < everyOther.size * 1.5, `${program.length} for ${everyOther.size}`);
});

test('a policy beyond BPF_MAXINSNS is refused with a message, not handed to the kernel', () => {
  const syscalls = new Map(
    Array.from({ length: 5000 }, (_, i): [number, SeccompAction] => [i * 2, errnoAction(1 + (i % 4000))]),
  );
  const policy: SeccompPolicy = {
    arch: 'x86_64',
    syscalls,
    defaultAction: ALLOW,
    foreignArchAction: KILL_PROCESS,
    x32Action: KILL_PROCESS,
  };
  assert.throws(() => compileSeccomp(policy), /instructions, the kernel takes 4096/);
});

test('bad policies are errors: x32 numbers, argument index, errno names', () => {
  const base: SeccompPolicy = {
    arch: 'x86_64',
    syscalls: new Set([X32_SYSCALL_BIT | 1]),
    defaultAction: ALLOW,
    foreignArchAction: KILL_PROCESS,
    x32Action: KILL_PROCESS,
  };
  assert.throws(() => compileSeccomp(base), BpfError);
  const rule: SyscallRule = { when: { arg: 6, anyOf: [1] }, action: ALLOW };
  assert.throws(
    () => compileSeccomp({ ...base, syscalls: new Map([[1, rule]]), defaultAction: KILL_PROCESS }),
    /argument index/,
  );
  assert.throws(() => errnoAction('ENOTANERRNO'), BpfError);
  assert.throws(() => traceAction(0x10000), BpfError);
});

test('validator: the kernel rules and no dead code', () => {
  const ret = stmt(OP.ret, 0);
  const cases: [Insn[], RegExp][] = [
    [[], /length 0/],
    [[stmt(OP.ldW, 3), ret], /seccomp_data\[3\]/],
    [[stmt(OP.ldW, SECCOMP_DATA.SECCOMP_DATA_SIZE), ret], /seccomp_data/],
    [[jump(OP.jeq, 0, 0, 5), ret], /past the end/],
    [[stmt(OP.ldW, 0)], /not a return/],
    [[ret, ret], /1: unreachable/],
    [[stmt(0x94, 1), ret], /not allowed/], // BPF_ALU|BPF_MOD: classic BPF, but not in seccomp's list
  ];
  for (const [program, problem] of cases) assert.match(validateSeccompProgram(program).join('; '), problem);
});

test('tracing policy: traced numbers stop, everything else runs, other ABIs stop', () => {
  const program = compileSeccomp(tracingPolicy({ x86_64: [nr('openat'), nr('read')] }, 5));
  const run = (n: number, arch = X86_64): number => runSeccompFilter(program, { nr: n, arch });
  const [trace, allow] = [actionValue(traceAction(5)), actionValue(ALLOW)];
  assert.deepEqual([run(nr('openat')), run(nr('read')), run(nr('write'))], [trace, trace, allow]);
  assert.deepEqual([run(X32_SYSCALL_BIT | nr('write')), run(5, I386)], [trace, trace]);
});

test('listing: bpf_asm syntax with the meaning of each number', () => {
  const policy: SeccompPolicy = {
    arch: 'x86_64',
    syscalls: new Map<number, SeccompAction | SyscallRule>([
      [nr('getpid'), ALLOW],
      [nr('socket'), { when: { arg: 0, anyOf: [1], width: 32 }, action: ALLOW }],
    ]),
    defaultAction: errnoAction('EPERM'),
    foreignArchAction: KILL_PROCESS,
    x32Action: KILL_PROCESS,
  };
  assert.equal(
    disassemble(compileSeccomp(policy)),
    [
      'l0000: ld [4]                           ; arch',
      'l0001: jeq #0xc000003e, l0003, l0002    ; AUDIT_ARCH_X86_64',
      'l0002: ret #0x80000000                  ; KILL_PROCESS',
      'l0003: ld [0]                           ; nr',
      'l0004: jset #0x40000000, l0005, l0006   ; X32_SYSCALL_BIT',
      'l0005: ret #0x80000000                  ; KILL_PROCESS',
      'l0006: jeq #0x27, l0010, l0007          ; getpid',
      'l0007: jeq #0x29, l0008, l0011          ; socket',
      'l0008: ld [16]                          ; args[0]',
      'l0009: jeq #0x1, l0010, l0011',
      'l0010: ret #0x7fff0000                  ; ALLOW',
      'l0011: ret #0x50001                     ; ERRNO(EPERM)',
      '',
    ].join('\n'),
  );
  const raw = disassemble([stmt(OP.ret, 0)], { raw: true, comments: true });
  assert.equal(raw, 'l0000: ret #0                           ; KILL_THREAD  { 6, 0, 0, 0x0 }\n');
});

// The BPF and seccomp constants vat generates agree with the system's C headers, including the struct
// layouts no macro states (offsetof(struct seccomp_data, ...), sizeof(struct sock_filter)).
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { INSN_SIZE } from '../../src/bpf/insn.js';
import { XLAT, type XlatName } from '../../src/tables/generated/xlat.js';
import { X32_SYSCALL_BIT } from '../../src/tables/syscalls.js';
import { scratch } from '../helpers/fixtures.js';

const TABLES: readonly XlatName[] = [
  'bpf_class',
  'bpf_size',
  'bpf_mode',
  'bpf_op_alu',
  'bpf_op_jmp',
  'bpf_src',
  'bpf_rval',
  'bpf_miscop',
  'bpf_limits',
  'bpf_code_mask',
  'seccomp_ret',
  'seccomp_ret_mask',
  'seccomp_data_offset',
  'audit_arch',
];

/** Names we made up, as the C expression that computes them. */
const C_EXPRESSIONS: Readonly<Record<string, string>> = {
  SECCOMP_DATA_NR: 'offsetof(struct seccomp_data, nr)',
  SECCOMP_DATA_ARCH: 'offsetof(struct seccomp_data, arch)',
  SECCOMP_DATA_INSTRUCTION_POINTER: 'offsetof(struct seccomp_data, instruction_pointer)',
  SECCOMP_DATA_ARGS: 'offsetof(struct seccomp_data, args)',
  SECCOMP_DATA_SIZE: 'sizeof(struct seccomp_data)',
  BPF_CLASS_MASK: 'BPF_CLASS(0xffff)',
  BPF_SIZE_MASK: 'BPF_SIZE(0xffff)',
  BPF_MODE_MASK: 'BPF_MODE(0xffff)',
  BPF_OP_MASK: 'BPF_OP(0xffff)',
  BPF_SRC_MASK: 'BPF_SRC(0xffff)',
  BPF_RVAL_MASK: 'BPF_RVAL(0xffff)',
  BPF_MISCOP_MASK: 'BPF_MISCOP(0xffff)',
  INSN_SIZE: 'sizeof(struct sock_filter)',
  X32_SYSCALL_BIT: '__X32_SYSCALL_BIT',
};

function hasGcc(): boolean {
  try {
    execFileSync('gcc', ['--version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

test('BPF, seccomp and audit constants match the system headers', { skip: !hasGcc() && 'no gcc' }, () => {
  const ours = new Map<string, number>([
    ['INSN_SIZE', INSN_SIZE],
    ['X32_SYSCALL_BIT', X32_SYSCALL_BIT],
  ]);
  for (const table of TABLES) for (const [name, value] of XLAT[table].values) ours.set(name, value);
  const lines = [...ours.keys()].map((name) => {
    const expr = C_EXPRESSIONS[name];
    if (expr) return `  printf("${name} %llu\\n", (unsigned long long)(${expr}));`;
    // Names the system headers may lack (an older kernel's): compared when present.
    return `#ifdef ${name}\n  printf("${name} %llu\\n", (unsigned long long)(${name}));\n#endif`;
  });
  const dir = scratch();
  const src = join(dir, 'bpf-consts.c');
  writeFileSync(
    src,
    `#include <stddef.h>\n#include <stdio.h>\n#include <asm/unistd.h>\n#include <linux/audit.h>\n#include <linux/filter.h>\n#include <linux/seccomp.h>\nint main(void) {\n${lines.join('\n')}\n  return 0;\n}\n`,
  );
  execFileSync('gcc', ['-w', '-o', join(dir, 'bpf-consts'), src]);
  const printed = execFileSync(join(dir, 'bpf-consts'), { encoding: 'utf8' }).trim().split('\n');
  const c = new Map(printed.map((line) => line.split(' ') as [string, string]));
  const mismatches = [...ours]
    .filter(([name, value]) => c.has(name) && BigInt(c.get(name) ?? '') !== BigInt.asUintN(64, BigInt(value)))
    .map(([name, value]) => `${name}: ours ${value}, C ${c.get(name)}`);
  assert.deepEqual(mismatches, []);
  for (const name of [
    'SECCOMP_RET_ALLOW',
    'BPF_JSET',
    'AUDIT_ARCH_X86_64',
    'AUDIT_ARCH_I386',
    'SECCOMP_DATA_ARGS',
  ]) {
    assert.ok(c.has(name), `${name} was not compared`);
  }
  assert.ok(c.size > 60, `only ${c.size} names compared`);
});

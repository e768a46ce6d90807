// The eBPF assembler's numbers against the pinned kernel header, and its encoding of labels and immediates.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { Assembler, AssemblyError, R0, R1, R2 } from '../../../src/engine/ebpf/asm/assembler.js';
import { ALU_OP, CLASS, HELPER, JMP_OP, MODE, SIZE } from '../../../src/engine/ebpf/asm/opcodes.js';
import { BPF_CMD, MAP_TYPE, PROG_TYPE } from '../../../src/engine/ebpf/bpf-consts.js';
import { ROOT } from '../../helpers/fixtures.js';

const header =
  readFileSync(join(ROOT, 'data/kernel/uapi/linux/bpf_common.h'), 'utf8') +
  readFileSync(join(ROOT, 'data/kernel/uapi/linux/bpf.h'), 'utf8');

/** `#define BPF_NAME 0x..` values. */
const define = (name: string): number => {
  const m = new RegExp(`#define\\s+BPF_${name}\\s+(0x[0-9a-fA-F]+|\\d+)`).exec(header);
  assert.ok(m, `BPF_${name} in the header`);
  return Number(m[1]);
};

/** The position of `BPF_NAME` in the enum that starts with `first`. */
const enumValue = (first: string, name: string): number => {
  const start = header.indexOf(`\t${first},`);
  const body = header.slice(start, header.indexOf('}', start));
  // aliases (`BPF_PROG_RUN = BPF_PROG_TEST_RUN,`) take no position of their own
  const names = body
    .split('\n')
    .filter((l) => !l.includes('='))
    .map((l) => /^\s*(BPF_[A-Z0-9_]+)/.exec(l)?.[1])
    .filter(Boolean);
  const i = names.indexOf(name);
  assert.ok(i >= 0, `${name} in the enum`);
  return i;
};

test('opcode classes, sizes, modes and ops match the header', () => {
  for (const [k, v] of Object.entries(CLASS)) assert.equal(v, define(k), k);
  for (const [k, v] of Object.entries(SIZE)) assert.equal(v, define(k), k);
  for (const [k, v] of Object.entries(MODE)) assert.equal(v, define(k), k);
  for (const [k, v] of Object.entries(ALU_OP)) assert.equal(v, define(k.toUpperCase()), k);
  for (const [k, v] of Object.entries(JMP_OP)) assert.equal(v, define(k.toUpperCase()), k);
});

test('helper ids, commands, map and program types match the header', () => {
  for (const [k, v] of Object.entries(HELPER)) {
    const m = new RegExp(`FN\\(${k}, (\\d+),`).exec(header);
    assert.equal(v, Number(m?.[1]), k);
  }
  for (const [k, v] of Object.entries(BPF_CMD)) assert.equal(v, enumValue('BPF_MAP_CREATE', `BPF_${k}`), k);
  for (const [k, v] of Object.entries(MAP_TYPE))
    assert.equal(v, enumValue('BPF_MAP_TYPE_UNSPEC', `BPF_MAP_TYPE_${k}`), k);
  for (const [k, v] of Object.entries(PROG_TYPE))
    assert.equal(v, enumValue('BPF_PROG_TYPE_UNSPEC', `BPF_PROG_TYPE_${k}`), k);
});

test('labels resolve to relative offsets; ld_imm64 takes two slots', () => {
  const a = new Assembler();
  a.mov(R0, 0);
  a.jmp('jeq', R1, 0, 'out');
  a.ld64(R2, 0x1122334455667788n);
  a.label('out');
  a.exit();
  const code = a.assemble();
  assert.equal(code.length, 5 * 8);
  const v = new DataView(code.buffer);
  assert.equal(v.getInt16(8 + 2, true), 2, 'the jump skips the two ld_imm64 slots');
  assert.equal(v.getUint32(16 + 4, true), 0x55667788);
  assert.equal(v.getUint32(24 + 4, true), 0x11223344);
  assert.equal(v.getUint8(32), CLASS.JMP | JMP_OP.exit);
});

test('an undefined label is an assembly error', () => {
  const a = new Assembler();
  a.ja('nowhere');
  assert.throws(() => a.assemble(), AssemblyError);
});

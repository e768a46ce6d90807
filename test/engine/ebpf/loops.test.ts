// Capture loops as bpf_loop callbacks: the assembler places a callback after the program and points at it, the
// loader finds the callbacks in the code (cached programs have only their bytes), and the kernel's verifier accepts
// the programs both ways: with callbacks, and unrolled (kernels before 5.17), for the plans of the default trace
// and of -y -v, naming the ring directly (-c, --ring-size) or through its slot (a ring that may grow: the default).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { DEFAULT_DECODE } from '../../../src/decode/options.js';
import { Assembler, FP, R0, R1, R2, R3, R4 } from '../../../src/engine/ebpf/asm/assembler.js';
import { followsFds } from '../../../src/engine/ebpf/fd-shadow.js';
import { funcInfo, subprogramStarts } from '../../../src/engine/ebpf/func-info.js';
import { KernelObjects } from '../../../src/engine/ebpf/kernel-objects.js';
import { kernelHasLoops } from '../../../src/engine/ebpf/loader.js';
import { buildPlans, planKey } from '../../../src/engine/ebpf/plans.js';
import { MAP_TYPE, ownBpfMaps } from '../../helpers/bpf-maps.js';

const root = process.geteuid?.() === 0;

test('a callback goes after the program; its address is relative to the load; the loader finds it', () => {
  const a = new Assembler();
  a.mov(R1, 4);
  a.ldFunc(R2, () => {
    a.mov(R0, 0);
    a.exit();
  });
  a.mov(R3, FP).add(R3, -8);
  a.mov(R4, 0);
  a.call('loop');
  a.exit();
  const code = a.assemble();
  // mov, ld_imm64 (2 slots), mov, add, mov, call, exit: the callback at 8
  assert.equal(code.length / 8, 10);
  const v = new DataView(code.buffer);
  assert.equal(v.getUint8(8 + 1) >> 4, 4, 'BPF_PSEUDO_FUNC');
  assert.equal(v.getInt32(8 + 4, true), 8 - 1 - 1);
  assert.deepEqual(subprogramStarts(code), [8]);
  const info = new DataView(funcInfo([8]).buffer);
  assert.deepEqual(
    [info.getUint32(0, true), info.getUint32(8, true)],
    [0, 8],
    'func_info: the program at 0, the callback at 8',
  );
});

test('a program without callbacks has no subprograms', () => {
  const a = new Assembler();
  a.ld64(R0, 4n << 32n); // an ld_imm64 that names no function
  a.exit();
  assert.deepEqual(subprogramStarts(a.assemble()), []);
});

for (const loops of [true, false]) {
  const forms: [flags: readonly string[], slot: boolean][] = [
    [[], true],
    [['-y', '-v'], true],
    [[], false],
    [['-y', '-v'], false],
  ];
  for (const [flags, slot] of forms) {
    const how = `${loops ? 'with bpf_loop' : 'unrolled'}, ${slot ? 'the ring through its slot' : 'the ring named'}`;
    test(`the verifier accepts the programs ${how} (${flags.join(' ') || 'default'})`, {
      skip: (!root && 'needs root') || (loops && !kernelHasLoops() && 'no bpf_loop in this kernel'),
    }, () => {
      const decode = {
        ...DEFAULT_DECODE,
        verbose: flags.includes('-v'),
        yflag: flags.includes('-y') ? 1 : 0,
      } as const;
      const ctx = { decode, followFds: followsFds(decode) };
      const insns = new Map<string, number>();
      const k = new KernelObjects({
        scope: { kind: 'tids' },
        follow: true,
        summary: false,
        ringSize: 1 << 20,
        ...(slot ? { ringTarget: 2 << 20 } : {}),
        plans: () => buildPlans(ctx, undefined),
        planKey: planKey(ctx, undefined),
        fdInodes: ctx.followFds,
        loops,
      });
      for (const p of k.loaded) insns.set(p.name, p.insns);
      const slots = ownBpfMaps().filter((m) => m.type === MAP_TYPE.ARRAY_OF_MAPS).length;
      k.close();
      assert.equal(slots, slot ? 1 : 0);
      const exit = insns.get('vat_sys_exit') ?? 0;
      assert.ok(exit > 0);
      // the callbacks' point: one copy of each loop's body, not one per iteration
      if (loops) assert.ok(exit < 8000, `vat_sys_exit: ${exit} instructions`);
    });
  }
}

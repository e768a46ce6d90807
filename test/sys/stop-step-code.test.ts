// The stop step's machine code: every byte is what GNU as makes of the assembler line written beside it, and the
// routine and its libc fallback give the same results (here with no child: a held resume of a process vat does
// not trace fails with ESRCH, then wait4 with ECHILD, and no syscall info is read).
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { PT } from '../../src/engine/ptrace/consts.js';
import { openStopStep } from '../../src/engine/ptrace/stop-step.js';
import { assemble, assemblerText, CTL, stopStepLines } from '../../src/sys/stop-step-code.js';
import { errnoByName } from '../../src/tables/errnos.js';
import { tempDir } from '../helpers/fixtures.js';

const numbers = {
  ptrace: 101,
  wait4: 61,
  clockGettime: 228,
  monotonic: 1,
  getSyscallInfo: 0x420e,
  syscall: 24,
  infoEntry: 1,
  infoExit: 2,
  archX86_64: 0xc000003e,
  syscallStop: 0x857f,
  seccompStop: 0x7057f,
};
const has = (tool: string): boolean => spawnSync(tool, ['--version']).status === 0;

test('every byte of the stop step is what GNU as assembles from its line', (t) => {
  if (process.arch !== 'x64' || !has('as') || !has('objcopy')) {
    t.skip('needs x86-64 binutils (as, objcopy)');
    return;
  }
  const lines = stopStepLines(0x7f12_3456_7000n, numbers);
  const dir = tempDir('vat-stop-step-');
  writeFileSync(join(dir, 'step.s'), assemblerText(lines));
  execFileSync('as', ['-o', join(dir, 'step.o'), join(dir, 'step.s')]);
  execFileSync('objcopy', ['-O', 'binary', '-j', '.text', join(dir, 'step.o'), join(dir, 'step.bin')]);
  const theirs = readFileSync(join(dir, 'step.bin'));
  assert.deepEqual([...assemble(lines)], [...theirs]);
  // the control block's slots the code addresses are the ones the JavaScript side reads
  assert.match(assemblerText(lines), new RegExp(`lea r10, \\[rbx\\+${CTL.info}\\]`));
});

test('the native step and the libc one: a held resume first (ESRCH), then wait4 (ECHILD), no info read', () => {
  const ESRCH = errnoByName('ESRCH')?.value ?? 3;
  const ECHILD = errnoByName('ECHILD')?.value ?? 10;
  const results = ['native', 'libc'].map((how) => {
    const saved = process.env.VAT_STOP_STEP;
    if (how === 'libc') process.env.VAT_STOP_STEP = 'libc';
    const step = openStopStep(false);
    if (saved === undefined) delete process.env.VAT_STOP_STEP;
    else process.env.VAT_STOP_STEP = saved;
    // a pid above any pid_max: no such process, so the resume can only fail
    step.resume(PT.CONT, 0x7fff_fff0, 0);
    const waited = step.wait(PT.WALL | PT.WNOHANG);
    return { native: step.refused === undefined, waited, resumed: step.resumed(), info: step.infoResult() };
  });
  for (const r of results) {
    assert.equal(r.waited, -ECHILD);
    assert.equal(r.resumed, -ESRCH);
    assert.equal(r.info, 0);
  }
  assert.equal(results[1]?.native, false);
  if (process.arch === 'x64') assert.equal(results[0]?.native, true, 'this host maps the routine');
});

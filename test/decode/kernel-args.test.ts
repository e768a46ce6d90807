// int/unsigned int arguments are cut to 32 bits as the kernel cuts them (from its prototypes, for every
// syscall at once): garbage in the upper half of a register must not reach the decoded line, with either engine
// (the eBPF records carry whole registers, cut by the reader as the ptrace engine cuts them). strace is the oracle.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { argWidths, narrow } from '../../src/tables/arg-width.js';
import { fixture, scratch } from '../helpers/fixtures.js';
import { runVat } from '../helpers/run-vat.js';
import { hasStrace } from '../helpers/strace-oracle.js';

const dir = scratch();
after(() => rmSync(dir, { recursive: true, force: true }));

const CALLS = 'wait4,waitid,clock_getres,dup3,fadvise64,prctl,lseek,umask,kill';

function lines(file: string): string[] {
  return readFileSync(file, 'utf8')
    .split('\n')
    .filter((l) => /^[a-z_0-9]+\(/.test(l))
    .map((l) => l.replace(/ +=/, ' ='));
}

test('widths come from the kernel prototypes', () => {
  assert.deepEqual(argWidths('wait4'), ['i32', 'full', 'i32', 'full']);
  assert.deepEqual(argWidths('waitid'), ['i32', 'i32', 'full', 'i32', 'full']);
  assert.equal(argWidths('mmap'), undefined);
  assert.equal(narrow(0xdefaced0ffffffffn, 'i32'), 0xffffffffffffffffn);
  assert.equal(narrow(0xdefaced0ffffffffn, 'u32'), 0xffffffffn);
  assert.equal(narrow(0xdefaced000001ffn, 'u16'), 0x1ffn);
});

for (const engine of ['ptrace', 'ebpf'])
  test(`${engine}: garbage above an int argument is not printed (same lines as strace)`, {
    skip: !hasStrace,
  }, () => {
    const exe = fixture('garbage-args');
    const vatOut = join(dir, `vat-${engine}.txt`);
    const straceOut = join(dir, 'strace.txt');
    const run = runVat(['--engine', engine, '-e', `trace=${CALLS}`, '-o', vatOut, '--', exe]);
    assert.equal(run.status, 0, run.stderr);
    spawnSync('strace', ['-e', `trace=${CALLS}`, '-o', straceOut, '--', exe], { stdio: 'ignore' });
    const actual = lines(vatOut);
    assert.equal(actual.length, 9);
    assert.deepEqual(actual, lines(straceOut));
    assert.ok(!actual.some((l) => l.includes('defaced')));
  });

// Strings and structs ending where readable memory ends, compared with strace 6.1: an unterminated string
// before an unmapped page is shown as its address (umovestr fails), a struct tail past what vat knows as strace's
// print_nonzero_bytes shows it.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { CLI, fixture, scratch } from '../helpers/fixtures.js';
import { hasStrace, normalize, traceWith } from '../helpers/strace-oracle.js';

test('strings at the edge of a mapping: address when cut by unreadable memory, as strace', {
  skip: !hasStrace && 'strace is not installed',
}, () => {
  const exe = fixture('page-edge-strings');
  const opts = ['-e', 'trace=faccessat,chdir,openat,write'];
  const vat = traceWith('vat', opts, [exe]);
  const strace = traceWith('strace', opts, [exe]);
  const v = normalize(vat.trace);
  assert.equal(v, normalize(strace.trace));
  assert.match(v, /^faccessat\(AT_FDCWD, ADDR, F_OK\) = -1 EFAULT/m);
  assert.match(v, /^openat\(AT_FDCWD, "\/nonexi", O_RDONLY\) = -1 ENOENT/m);
  assert.match(v, /^chdir\("\/{4095}"\.\.\.\) = -1 ENAMETOOLONG/m);
  assert.match(v, /^chdir\("\/{4095}"\) = 0/m);
  assert.match(v, /^write\(-1, ADDR, 10\) = -1 EBADF/m);
  assert.match(v, /^write\(-1, "nexi\\0", 5\) = -1 EBADF/m);
  assert.match(v, /^write\(-1, ADDR, 33\) = -1 EBADF/m);
  assert.match(v, /^write\(-1, "(\\0)+\/nonexi"\.\.\., 40\) = -1 EBADF/m);
});

/** The inner tracer's trace when an outer one of the same kind makes its process_vm_readv fail (ENOSYS). */
function legacy(tracer: 'strace' | 'vat', opts: readonly string[], exe: string): string {
  const out = join(scratch(), 'trace.txt');
  // the subject is how a ptrace tracer reads memory (process_vm_readv, then word by word): vat pinned to ptrace
  const self = tracer === 'vat' ? [process.execPath, CLI, '--engine', 'ptrace'] : ['strace'];
  const outer = ['-o', '/dev/null', '-qq', '-e', 'signal=none', '-e', 'trace=process_vm_readv'];
  const argv = [...self, ...outer, '-e', 'fault=process_vm_readv', ...self, ...opts, '-o', out, exe];
  spawnSync(argv[0] as string, argv.slice(1), { encoding: 'utf8', timeout: 120_000 });
  return readFileSync(out, 'utf8');
}

test('process_vm_readv failing (a tracer above faults it): memory is read word by word, as strace', {
  skip: !hasStrace && 'strace is not installed',
}, () => {
  const exe = fixture('page-edge-strings');
  const opts = ['-e', 'trace=faccessat,chdir,openat,write'];
  const v = normalize(legacy('vat', opts, exe));
  assert.equal(v, normalize(legacy('strace', opts, exe)));
  assert.match(v, /^openat\(AT_FDCWD, "\/nonexi", O_RDONLY\) = -1 ENOENT/m);
  assert.match(v, /^write\(-1, "nexi\\0", 5\) = -1 EBADF/m);
});

test('clone3 with a struct larger than clone_args: its tail as strace shows it; CLONE_NEWTIME named', {
  skip: !hasStrace && 'strace is not installed',
}, () => {
  const exe = fixture('clone3-tails');
  const opts = ['-e', 'trace=clone3'];
  const v = normalize(traceWith('vat', opts, [exe]).trace);
  assert.equal(v, normalize(traceWith('strace', opts, [exe]).trace));
  assert.match(v, /stack_size=0, \?\?\?\}, 96\) = -1 EFAULT/);
  assert.match(
    v,
    /stack_size=0, \/\* bytes 88\.\.95 \*\/ "\\xde\\xc0\\xad\\xde\\xed\\xfe\\xce\\xfa"\}, 96\) = -1 E2BIG/,
  );
  assert.match(v, /CLONE_NEWTIME/);
});

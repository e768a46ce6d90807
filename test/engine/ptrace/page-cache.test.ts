// Tracee memory is read page by page, each page once per stop, as strace reads it: an outer strace counts the
// process_vm_readv calls each tracer makes to decode writev over 32 iovecs (strings in one page, then across
// two), and vat must make as many as strace. Without the cache vat made 67.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { CLI, fixture, scratch } from '../../helpers/fixtures.js';
import { hasStrace, normalize } from '../../helpers/strace-oracle.js';

/** The inner tracer's trace and the process_vm_readv calls it made (seen by an outer strace, successful ones). */
function counted(tracer: 'strace' | 'vat'): { trace: string; reads: number } {
  const dir = scratch();
  const out = join(dir, 'trace.txt');
  const count = join(dir, 'count.txt');
  // the subject is the ptrace engine's memory reads at its stops: pinned (the default may be eBPF)
  const self = tracer === 'vat' ? [process.execPath, CLI, '--engine', 'ptrace'] : ['strace'];
  // no -f: the inner tracer's child cannot be traced twice; vat under `-o FILE` traces on its main thread
  const outer = ['-qq', '-e', 'signal=none', '-e', 'trace=process_vm_readv', '-z', '-o', count];
  const r = spawnSync(
    'strace',
    [...outer, ...self, '-o', out, '-e', 'trace=writev', fixture('iovec-pages')],
    {
      encoding: 'utf8',
      timeout: 120_000,
    },
  );
  assert.equal(r.status, 0, r.stderr);
  const reads = readFileSync(count, 'utf8')
    .split('\n')
    .filter((l) => l.startsWith('process_vm_readv('));
  return { trace: readFileSync(out, 'utf8'), reads: reads.length };
}

test('writev over 32 iovecs: one read per page touched at the stop, as strace', {
  skip: !hasStrace && 'strace is not installed',
}, () => {
  const s = counted('strace');
  const v = counted('vat');
  assert.equal(normalize(v.trace), normalize(s.trace));
  assert.equal(s.reads, 5); // the fixture's premise: 2 pages at the first writev, 3 at the second
  assert.equal(v.reads, s.reads);
});

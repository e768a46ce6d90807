// The bundled CLI's V8 code cache (src/cli.ts), in a copy of dist/: the cache a run leaves is one the next run
// accepts (not rewritten: same inode) whichever engine wrote it, and a bad cache file (cut short, empty, made
// under other V8 flags) is rejected by V8 and rewritten, the trace the same as with a good one.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import {
  copyFileSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { fixture, ROOT, scratch } from '../helpers/fixtures.js';

/** A copy of dist/'s top-level files without its code caches, beside the checkout's node_modules (koffi). */
function distCopy(): string {
  const root = scratch();
  const dist = join(root, 'dist');
  mkdirSync(dist);
  for (const f of readdirSync(join(ROOT, 'dist'), { withFileTypes: true }))
    if (f.isFile() && !f.name.startsWith('.vat-'))
      copyFileSync(join(ROOT, 'dist', f.name), join(dist, f.name));
  symlinkSync(join(ROOT, 'node_modules'), join(root, 'node_modules'));
  return dist;
}

/** The trace script's cache file (one, named by the script's build stamp), or undefined. */
function traceCache(dist: string): string | undefined {
  const names = readdirSync(dist).filter((n) => /^\.vat-trace-[0-9a-f]{16}\.cache$/.test(n));
  assert.ok(names.length <= 1, names.join(' '));
  return names[0] === undefined ? undefined : join(dist, names[0]);
}

/** The cache file's inode: a write is a rename of a new file over it, so a rewrite changes it. */
const inode = (dist: string): number | undefined => {
  const file = traceCache(dist);
  return file === undefined ? undefined : statSync(file).ino;
};

/** `vat --engine ENGINE -e trace=openat -o FILE -- /bin/true` from the copy; the trace's text. */
function trace(dist: string, engine: string, nodeFlags: readonly string[] = [], env = process.env): string {
  const out = join(dist, '..', 'trace.txt');
  const r = spawnSync(
    process.execPath,
    [
      ...nodeFlags,
      join(dist, 'cli.cjs'),
      '--engine',
      engine,
      '-e',
      'trace=openat',
      '-o',
      out,
      '--',
      '/bin/true',
    ],
    { encoding: 'utf8', timeout: 60_000, env },
  );
  assert.equal(r.status, 0, r.stderr);
  assert.equal(r.stderr, '');
  return readFileSync(out, 'utf8');
}

for (const first of ['ebpf', 'ptrace'])
  test(`the code cache a ${first} trace writes is accepted by the next runs of both engines`, () => {
    const dist = distCopy();
    assert.equal(traceCache(dist), undefined);
    const want = trace(dist, first);
    assert.match(want, /^openat\(/m);
    const written = inode(dist);
    assert.notEqual(written, undefined, 'no cache written');
    // eBPF's heap bounds are V8 flags (ebpf-engine.ts): a cache stamped with them was rejected by every later run
    for (const engine of ['ptrace', 'ebpf', 'ptrace']) {
      assert.equal(trace(dist, engine), want, engine);
      assert.equal(inode(dist), written, `${engine} rewrote the cache ${first} wrote: it was rejected`);
    }
  });

const bad: Record<string, (dist: string) => void> = {
  'cut short': (dist) => {
    const file = traceCache(dist) ?? assert.fail('no cache');
    writeFileSync(file, readFileSync(file).subarray(0, 4096));
  },
  empty: (dist) => writeFileSync(traceCache(dist) ?? assert.fail('no cache'), ''),
};

for (const [kind, spoil] of Object.entries(bad))
  test(`a ${kind} code cache is rejected and rewritten, and the trace is the same`, () => {
    const dist = distCopy();
    const want = trace(dist, 'ptrace');
    spoil(dist);
    const spoilt = inode(dist);
    assert.equal(trace(dist, 'ptrace'), want);
    assert.notEqual(inode(dist), spoilt, 'the bad cache was kept');
    const rewritten = inode(dist);
    assert.equal(trace(dist, 'ebpf'), want);
    assert.equal(inode(dist), rewritten, 'the rewritten cache was rejected');
  });

test('a code cache made under other V8 flags is rejected and rewritten, and the trace is the same', () => {
  const dist = distCopy();
  // a run under other flags finds no cache and writes one stamped with them
  const want = trace(dist, 'ptrace', ['--no-opt']);
  const foreign = inode(dist);
  assert.notEqual(foreign, undefined);
  assert.equal(trace(dist, 'ptrace'), want);
  assert.notEqual(inode(dist), foreign, 'the foreign cache was kept');
  const rewritten = inode(dist);
  assert.equal(trace(dist, 'ptrace'), want);
  assert.equal(inode(dist), rewritten);
});

test("VAT_CODE_CACHE=refresh (the build's training) writes an accepted cache again, with the other engine's code added", () => {
  const dist = distCopy();
  const want = trace(dist, 'ptrace');
  const ptraceOnly = statSync(traceCache(dist) ?? assert.fail('no cache')).size;
  const ptraceInode = inode(dist);
  assert.equal(trace(dist, 'ebpf', [], { ...process.env, VAT_CODE_CACHE: 'refresh' }), want);
  assert.notEqual(inode(dist), ptraceInode, 'not written again');
  const both = statSync(traceCache(dist) ?? assert.fail('no cache')).size;
  assert.ok(both > ptraceOnly, `${both} <= ${ptraceOnly}: the eBPF engine's functions were not added`);
  const refreshed = inode(dist);
  for (const engine of ['ptrace', 'ebpf']) {
    assert.equal(trace(dist, engine), want);
    assert.equal(inode(dist), refreshed, `${engine} rejected the refreshed cache`);
  }
});

test('the code cache a long eBPF trace writes (its heap bounded by V8 flags) is accepted by the next runs', () => {
  const dist = distCopy();
  const out = join(dist, '..', 'storm.txt');
  // 20 000 calls: past the records after which the engine bounds V8's heap (ebpf-engine.ts, HeapBound)
  const r = spawnSync(
    process.execPath,
    [
      join(dist, 'cli.cjs'),
      '--engine',
      'ebpf',
      '-e',
      'trace=write',
      '-o',
      out,
      '--',
      fixture('write-storm'),
      '20000',
    ],
    { encoding: 'utf8', timeout: 60_000 },
  );
  assert.equal(r.status, 0, r.stderr);
  assert.equal(
    readFileSync(out, 'utf8')
      .split('\n')
      .filter((l) => l.startsWith('write(')).length,
    20_000,
  );
  const written = inode(dist);
  assert.notEqual(written, undefined, 'no cache written');
  for (const engine of ['ptrace', 'ebpf']) {
    trace(dist, engine);
    assert.equal(inode(dist), written, `${engine} rewrote the cache: it was rejected`);
  }
});

// The kernel's struct offsets are read from its BTF once per kernel build, then from the cache: a cache for
// another kernel, or one another user could write, is not believed.
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { kernelBuildId } from '../../../src/engine/ebpf/btf-cache.js';

const dir = mkdtempSync(join(tmpdir(), 'vat-btf-cache-'));
after(() => rmSync(dir, { recursive: true, force: true }));
const file = join(dir, 'vat', 'btf-offsets.json');
const btf = fileURLToPath(new URL('../../../src/engine/ebpf/btf.js', import.meta.url));

/** task_struct's offsets as a fresh vat process finds them, with the cache in `dir`. */
function offsets(): Record<string, number> {
  const code = `import { kernelOffsets } from ${JSON.stringify(btf)};
process.stdout.write(JSON.stringify(kernelOffsets('task_struct', ['exit_code', 'pid'])));`;
  const r = spawnSync(process.execPath, ['--input-type=module', '-e', code], {
    env: { ...process.env, XDG_CACHE_HOME: dir },
    encoding: 'utf8',
  });
  assert.equal(r.status, 0, r.stderr);
  return JSON.parse(r.stdout) as Record<string, number>;
}

const hasBtf = existsSync('/sys/kernel/btf/vmlinux');

test('the kernel build id is the one perf reads', { skip: !hasBtf && 'no kernel BTF' }, (t) => {
  let perf: string;
  try {
    perf = execFileSync('perf', ['buildid-list', '-k'], { encoding: 'utf8' }).trim();
  } catch {
    t.skip('perf cannot read the kernel build id');
    return;
  }
  assert.equal(kernelBuildId(), perf);
});

test('offsets are cached per kernel build, and a cache nobody else may write is the only one read', {
  skip: !hasBtf && 'no kernel BTF',
}, () => {
  const real = offsets();
  assert.ok(Number.isInteger(real.exit_code) && Number.isInteger(real.pid));
  const saved = JSON.parse(readFileSync(file, 'utf8')) as {
    kernel: string;
    entries: Record<string, unknown>;
  };
  assert.ok(saved.kernel.startsWith(`${kernelBuildId()}:`));
  assert.deepEqual(saved.entries['task_struct:exit_code,pid'], real);
  // a changed cache is what the next run believes: it no longer reads the BTF
  const planted = { ...saved, entries: { 'task_struct:exit_code,pid': { exit_code: 8, pid: 16 } } };
  writeFileSync(file, JSON.stringify(planted));
  assert.deepEqual(offsets(), { exit_code: 8, pid: 16 });
  // writable by others: ignored (and rewritten with the real offsets)
  chmodSync(file, 0o666);
  assert.deepEqual(offsets(), real);
  // another kernel's: ignored
  writeFileSync(file, JSON.stringify({ ...planted, kernel: 'another' }), { mode: 0o644 });
  chmodSync(file, 0o644);
  assert.deepEqual(offsets(), real);
});

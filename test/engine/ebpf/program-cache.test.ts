// Plans and assembled programs come from the cache on a second run: the same trace, map references moved to this
// run's fds; a cache file another user could have written is not believed (it is made again).
import assert from 'node:assert/strict';
import {
  chmodSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  utimesSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { Assembler, R0, R1 } from '../../../src/engine/ebpf/asm/assembler.js';
import { prune, remapMaps } from '../../../src/engine/ebpf/program-cache.js';
import { runVat } from '../../helpers/run-vat.js';

const dir = mkdtempSync(join(tmpdir(), 'vat-program-cache-'));
after(() => rmSync(dir, { recursive: true, force: true }));

test('map references move from one set of fds to another; other instructions stay', () => {
  const a = new Assembler();
  a.ldMap(R1, { fd: 7 });
  a.ld64(R0, 7n);
  a.ldMap(R1, { fd: 9 });
  a.mov(R0, 7);
  a.exit();
  const code = a.assemble();
  const slots = [9, 7];
  const stored = remapMaps(code, (fd) => (slots.indexOf(fd) < 0 ? undefined : slots.indexOf(fd)));
  assert.ok(stored);
  const imm = (c: Uint8Array, insn: number): number => new DataView(c.buffer).getInt32(insn * 8 + 4, true);
  assert.deepEqual([imm(stored, 0), imm(stored, 2), imm(stored, 4), imm(stored, 6)], [1, 7, 0, 7]);
  const back = remapMaps(stored, (slot) => [30, 31][slot]);
  assert.ok(back);
  assert.deepEqual([imm(back, 0), imm(back, 2), imm(back, 4)], [31, 7, 30]);
  assert.equal(
    remapMaps(code, () => undefined),
    undefined,
  );
});

/** The trace of `cat /etc/hostname` (one process), the cache in `dir`: each call's name, and its lines naming the file. */
function trace(name: string): string[] {
  const out = join(dir, `${name}.txt`);
  const r = runVat(['--engine', 'ebpf', '-o', out, '/bin/cat', '/etc/hostname'], {
    env: { ...process.env, XDG_CACHE_HOME: dir },
  });
  assert.equal(r.status, 0, r.stderr);
  return readFileSync(out, 'utf8')
    .split('\n')
    .map((l) => (l.includes('/etc/hostname') ? l.replace(/0x[0-9a-f]+/g, 'ADDR') : (l.split('(')[0] ?? '')));
}

test('ebpf: a second run takes its programs from the cache and traces the same', () => {
  const first = trace('first');
  assert.ok(
    first.some((l) => l.startsWith('openat(AT_FDCWD, "/etc/hostname", O_RDONLY) = 3')),
    first.join('\n'),
  );
  const files = readdirSync(join(dir, 'vat', 'ebpf'));
  assert.equal(files.length, 1, files.join(' '));
  const file = join(dir, 'vat', 'ebpf', files[0] as string);
  const made = statSync(file).mtimeMs;
  assert.deepEqual(trace('second'), first);
  assert.equal(statSync(file).mtimeMs, made, 'read, not made again');
  // writable by others: not believed, made again (and written private)
  chmodSync(file, 0o666);
  assert.deepEqual(trace('third'), first);
  assert.equal(statSync(file).mode & 0o777, 0o644);
});

test('the cache keeps the most recently used entries and removes stale temporary files', () => {
  const folder = join(dir, 'prune');
  mkdirSync(folder);
  const name = (i: number): string => `${i.toString(16).padStart(16, '0')}.json`;
  const hour = 3600;
  const now = Date.now() / 1000;
  // entry i last used i hours ago
  for (let i = 0; i < 10; i++) {
    writeFileSync(join(folder, name(i)), '{}');
    utimesSync(join(folder, name(i)), now - i * hour, now - i * hour);
  }
  writeFileSync(join(folder, `${name(0)}.123`), 'left by a run that died');
  utimesSync(join(folder, `${name(0)}.123`), now - hour, now - hour);
  writeFileSync(join(folder, `${name(1)}.456`), 'being written');
  writeFileSync(join(folder, 'notes.txt'), "not the cache's");
  prune(folder, 4);
  assert.deepEqual(
    readdirSync(folder).sort(),
    [name(0), `${name(1)}.456`, name(1), name(2), name(3), 'notes.txt'].sort(),
  );
});

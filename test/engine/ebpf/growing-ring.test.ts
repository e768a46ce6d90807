// The eBPF engine's ring starts small (64 MiB: made in a few ms, and all most traces need) and grows (128, then 256
// MiB) when the reader falls behind: a storm of four threads grows it with no call lost and no line out of stamp order across
// the switch; a trace that keeps up holds 64 MiB of kernel memory; -c and --ring-size name one ring that never grows;
// a ring is not grown into memory the command has taken since the start.
import assert from 'node:assert/strict';
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { MAP_TYPE, type MapInfo, mapInfo } from '../../helpers/bpf-maps.js';
import { CLI, fixture, scratch } from '../../helpers/fixtures.js';
import { noMemcg, withMemoryCgroup } from '../../helpers/memcg.js';
import { runVat } from '../../helpers/run-vat.js';

const dir = scratch();
after(() => rmSync(dir, { recursive: true, force: true }));
const root = process.geteuid?.() === 0 ? false : 'needs root';

const CALLS = 100_000;
const THREADS = 4;

test('ebpf: a storm grows the ring from 64 MiB, every call recorded and every line in stamp order', {
  skip: root,
}, () => {
  const out = join(dir, 'storm.txt');
  const exe = fixture('thread-storm', ['-pthread']);
  const r = runVat([
    '--engine',
    'ebpf',
    '-d',
    '-f',
    '-ttt',
    '-o',
    out,
    '--',
    exe,
    String(CALLS),
    String(THREADS),
  ]);
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stderr, /^vat: ring: grew from 64 to 128 MiB \(the reader fell behind\)$/m);
  assert.doesNotMatch(r.stderr, /lost/);
  let calls = 0;
  let last = 0;
  const late: string[] = [];
  for (const line of readFileSync(out, 'utf8').split('\n')) {
    const m = /^\d+ +(\d+\.\d+) (.*)$/.exec(line);
    if (!m) continue;
    const ts = Number(m[1]);
    if (ts < last) late.push(line);
    else last = ts;
    if (/^(getppid\(\)|<\.\.\. getppid resumed>)/.test(m[2] as string)) calls++; // whole, or its exit half
  }
  assert.equal(calls, CALLS * THREADS);
  assert.deepEqual(late.slice(0, 5), [], `${late.length} lines before a line printed earlier`);
});

/** The maps vat holds while its command runs (the command's parent is vat). */
function vatMaps(args: readonly string[]): MapInfo[] {
  const show = 'for f in /proc/$PPID/fdinfo/*; do cat "$f"; echo; done';
  const r = runVat([...args, '--', 'sh', '-c', show]);
  assert.equal(r.status, 0, r.stderr);
  return r.stdout.split('\n\n').flatMap((info) => mapInfo(info) ?? []);
}

const rings = (maps: readonly MapInfo[]): number[] =>
  maps.filter((m) => m.type === MAP_TYPE.RINGBUF).map((m) => m.maxEntries);
const slots = (maps: readonly MapInfo[]): number =>
  maps.filter((m) => m.type === MAP_TYPE.ARRAY_OF_MAPS).length;

test('ebpf: a trace that keeps up holds a 64 MiB ring, through a map of maps', { skip: root }, () => {
  const maps = vatMaps(['--engine', 'ebpf', '-f', '-o', join(dir, 'small.txt')]);
  assert.deepEqual(rings(maps), [64 << 20]);
  assert.equal(slots(maps), 1);
});

test('ebpf: -c and --ring-size name their one ring directly (no map of maps, no growth)', {
  skip: root,
}, () => {
  for (const [args, size] of [
    [['-c', '-o', join(dir, 'c.txt')], 1 << 20],
    [['--ring-size', '8M', '-o', join(dir, 'r.txt')], 8 << 20],
  ] as const) {
    const maps = vatMaps(['--engine', 'ebpf', ...args]);
    assert.deepEqual(rings(maps), [size], args.join(' '));
    assert.equal(slots(maps), 0, args.join(' '));
  }
});

test('ebpf: in a memory cgroup the command has mostly taken, the ring is not grown (the command is never OOM-killed)', {
  skip: root || noMemcg,
}, () => {
  // 1100 MiB: the first ring is sized for it (128 MiB may be grown to); the command then holds 850 MiB
  const r = withMemoryCgroup('grow', 1100 << 20, (inCg) =>
    inCg([
      process.execPath,
      CLI,
      '--engine',
      'ebpf',
      '-d',
      '-f',
      '-o',
      join(dir, 'cg.txt'),
      '--',
      fixture('thread-storm', ['-pthread']),
      String(CALLS * 2),
      String(THREADS),
      '850',
    ]),
  );
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stderr, /^vat: ring: not grown past 64 MiB: too little memory left$/m);
  assert.doesNotMatch(r.stderr, /ring: grew/);
  assert.match(readFileSync(join(dir, 'cg.txt'), 'utf8'), /\+\+\+ exited with 0 \+\+\+\n$/);
});

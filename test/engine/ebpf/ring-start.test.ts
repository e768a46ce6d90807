// The ring made on another thread while the engine starts: the map lands under its placeholder's fd, an abandoned
// one leaves nothing in the kernel, and where memory is short (a memory cgroup) the ring fits and is made in line.
import assert from 'node:assert/strict';
import { readFileSync, readlinkSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { PendingMap } from '../../../src/engine/ebpf/loader.js';
import { defaultRingSize } from '../../../src/engine/ebpf/ring-size.js';
import { MAP_TYPE, ownBpfMaps } from '../../helpers/bpf-maps.js';
import { CLI, ROOT } from '../../helpers/fixtures.js';
import { noMemcg, withMemoryCgroup } from '../../helpers/memcg.js';

const root = process.geteuid?.() === 0;

/** This process's fds on ring buffer maps of `size` bytes (fdinfo shows no name). */
const ringFds = (size: number): number[] =>
  ownBpfMaps()
    .filter((m) => m.type === MAP_TYPE.RINGBUF && m.maxEntries === size)
    .map((m) => m.fd);

test('a ring made on another thread is the map under its placeholder fd', {
  skip: !root && 'needs root',
}, async () => {
  const pending = new PendingMap('vat_ring_test', 'RINGBUF', 0, 0, 4 << 20);
  const placeholder = pending.map.fd;
  assert.equal(readlinkSync(`/proc/self/fd/${placeholder}`), '/dev/null');
  const map = await pending.ready();
  assert.equal(map.fd, placeholder);
  const info = readFileSync(`/proc/self/fdinfo/${placeholder}`, 'utf8');
  assert.match(info, /^map_type:\t27$/m); // BPF_MAP_TYPE_RINGBUF
  assert.match(info, /^max_entries:\t4194304$/m);
  assert.deepEqual(ringFds(4 << 20), [placeholder], 'the created fd was closed once moved');
  pending.close();
  assert.deepEqual(ringFds(4 << 20), []);
});

test('a ring closed while it is made leaves no map behind', { skip: !root && 'needs root' }, async () => {
  const pending = new PendingMap('vat_ring_gone', 'RINGBUF', 0, 0, 8 << 20);
  pending.close();
  await assert.rejects(pending.ready(), /closed while created/);
  assert.deepEqual(ringFds(8 << 20), []);
});

test('a ring the kernel refuses fails at ready() with the errno of a ring made here', {
  skip: !root && 'needs root',
}, async () => {
  // 3 pages is not a power of two: EINVAL on either thread
  const pending = new PendingMap('vat_ring_bad', 'RINGBUF', 0, 0, 3 * 4096);
  await assert.rejects(pending.ready(), /^VatError: eBPF: cannot create map vat_ring_bad: Invalid argument$/);
  pending.close();
  assert.deepEqual(ringFds(3 * 4096), []);
});

test('a ring made here and now (memory short): the same map, and a refusal thrown at ready()', {
  skip: !root && 'needs root',
}, async () => {
  const made = new PendingMap('vat_ring_now', 'RINGBUF', 0, 0, 2 << 20, 0, false);
  assert.notEqual(readlinkSync(`/proc/self/fd/${made.map.fd}`), '/dev/null', 'no placeholder');
  assert.equal((await made.ready()).fd, made.map.fd);
  assert.deepEqual(ringFds(2 << 20), [made.map.fd]);
  made.close();
  const bad = new PendingMap('vat_ring_now', 'RINGBUF', 0, 0, 5 * 4096, 0, false);
  await assert.rejects(bad.ready(), /^VatError: eBPF: cannot create map vat_ring_now: Invalid argument$/);
  bad.close();
});

test('the default ring is at most an eighth of the memory left, at least 16 MiB', () => {
  assert.equal(defaultRingSize(Number.POSITIVE_INFINITY), 256 << 20);
  assert.equal(defaultRingSize(1 << 30), 128 << 20);
  assert.equal(defaultRingSize(200 << 20), 16 << 20);
});

test('in a memory cgroup of 220 MiB: the default ring fits it and auto traces with eBPF', {
  skip: (!root && 'needs root') || noMemcg,
}, () => {
  withMemoryCgroup('ring', 220 << 20, (run) => {
    const inCg = (...args: string[]) => run([process.execPath, ...args]);
    // what the engine sees of its memory: the cgroup's room, not the machine's
    const headroom = inCg(
      '--input-type=module',
      '-e',
      `import(${JSON.stringify(join(ROOT, 'build/src/sys/memory-headroom.js'))}).then((m) => console.log(m.memoryHeadroom()))`,
    );
    assert.equal(headroom.status, 0, String(headroom.stderr));
    assert.ok(Number(headroom.stdout) <= 220 << 20, String(headroom.stdout));
    for (let i = 0; i < 3; i++) {
      const auto = inCg(CLI, '-d', '-e', 'trace=exit_group', '--', '/bin/true');
      assert.equal(auto.status, 0, String(auto.stderr));
      assert.doesNotMatch(String(auto.stderr), /could not start/);
      assert.match(String(auto.stderr), /^vat: engine ebpf: /m);
      assert.match(String(auto.stderr), /^exit_group\(0\) += \?$/m);
    }
  });
});

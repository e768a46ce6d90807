// vat import: an strace log of a real run, imported and printed back as strace text, is the same log.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { fixture, ROOT, scratch } from '../helpers/fixtures.js';
import { runVat } from '../helpers/run-vat.js';

const schema = JSON.parse(readFileSync(join(ROOT, 'schema', 'trace-event.v1.schema.json'), 'utf8')) as object;
const validate = new Ajv2020({ allErrors: true, strict: false }).compile(schema);

/** strace's log of a fixture run with these options. */
function straceLog(flags: readonly string[], argv: readonly string[]): { dir: string; log: string } {
  const dir = scratch();
  const log = join(dir, 'strace.txt');
  const r = spawnSync('strace', [...flags, '-o', log, '--', ...argv], { stdio: 'ignore', timeout: 60_000 });
  assert.ok(r.status !== null || r.signal !== null);
  return { dir, log };
}

const CASES: readonly { name: string; flags: string[]; argv: () => string[] }[] = [
  { name: 'fork-wait -f', flags: ['-f'], argv: () => [fixture('fork-wait')] },
  { name: 'exact-calls -f', flags: ['-f'], argv: () => [fixture('exact-calls')] },
  { name: 'vfork-exec -f (unfinished/resumed)', flags: ['-f'], argv: () => [fixture('vfork-exec')] },
  {
    name: 'thread-exec -f (threads, superseded)',
    flags: ['-f'],
    argv: () => [fixture('thread-exec', ['-pthread'])],
  },
  { name: 'self-kill (signal, killed by)', flags: ['-f'], argv: () => [fixture('self-kill'), '15'] },
  {
    name: 'decode-files -f -tt -T -y',
    flags: ['-f', '-tt', '-T', '-y'],
    argv: () => [fixture('decode-files'), scratch()],
  },
  { name: 'fork-wait -f -ttt -yy', flags: ['-f', '-ttt', '-yy'], argv: () => [fixture('fork-wait')] },
  { name: 'fork-tree -f -r -T', flags: ['-f', '-r', '-T'], argv: () => [fixture('fork-tree'), '20'] },
  {
    // two processes' calls interleaved: lines cut by another pid's, each pid's prefix and column kept apart
    name: 'two write storms at once -f (unfinished/resumed across pids)',
    flags: ['-f'],
    argv: () => ['sh', '-c', `${fixture('write-storm')} 300 & ${fixture('write-storm')} 300; wait`],
  },
  { name: 'exact-calls -t (no -f)', flags: ['-t'], argv: () => [fixture('exact-calls')] },
];

for (const c of CASES) {
  test(`round trip: strace ${c.name} -> import -> strace text is the same log`, () => {
    const { dir, log } = straceLog(c.flags, c.argv());
    const original = readFileSync(log, 'utf8');
    assert.ok(original.length > 0);
    const back = join(dir, 'back.txt');
    const r = runVat(['convert', log, '--to', 'strace', '-o', back]);
    assert.equal(r.status, 0, r.stderr);
    assert.equal(r.stderr, '');
    assert.equal(readFileSync(back, 'utf8'), original);
  });
}

test('every imported event validates against the JSON Lines schema; pids group threads', () => {
  const { log } = straceLog(['-f', '-ttt', '-T'], [fixture('thread-exec', ['-pthread'])]);
  const r = runVat(['import', log]);
  assert.equal(r.status, 0, r.stderr);
  const events = r.stdout
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l) as Record<string, unknown>);
  assert.ok(events.length > 20);
  for (const e of events)
    assert.ok(validate(e), `${JSON.stringify(validate.errors?.slice(0, 2))}\n${JSON.stringify(e)}`);
  const first = events[0] as Record<string, unknown>;
  // every thread of the fixture belongs to the first process
  assert.ok(events.every((e) => e.pid === first.pid));
  assert.ok(new Set(events.map((e) => e.tid)).size > 1);
  assert.ok(events.some((e) => e.type === 'exec'));
});

test('-ff files (FILE.PID) merge by time stamp, pids from the file names', () => {
  const dir = scratch();
  spawnSync('strace', ['-ff', '-ttt', '-o', join(dir, 'p'), '--', fixture('fork-wait')], { stdio: 'ignore' });
  const files = spawnSync('sh', ['-c', `ls ${dir}/p.*`], { encoding: 'utf8' })
    .stdout.trim()
    .split('\n');
  assert.equal(files.length, 2);
  const r = runVat(['import', ...files]);
  assert.equal(r.status, 0, r.stderr);
  const events = r.stdout
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l.replace(/"ts":(\d+)/, '"ts":"$1"')) as Record<string, unknown>);
  const pids = files.map((f) => Number(f.split('.').at(-1)));
  assert.deepEqual(new Set(events.map((e) => e.tid)), new Set(pids));
  const stamps = events.map((e) => BigInt(e.ts as string));
  // records are written at each call's exit; entries of one thread are in order
  for (const pid of pids) {
    const own = events.filter((e) => e.tid === pid).map((e) => BigInt(e.ts as string));
    for (let i = 1; i < own.length; i++) assert.ok((own[i] as bigint) >= (own[i - 1] as bigint));
  }
  assert.ok(stamps.length > 10);
  const fork = events.find((e) => e.name === 'fork' || e.name === 'clone');
  assert.ok(fork && pids.includes(Number(fork.ret)));
});

test('stderr logs: `[pid N]` prefixes, unprefixed lines take the first process pid', () => {
  const dir = scratch();
  const log = join(dir, 'err.txt');
  const r0 = spawnSync('strace', ['-f', '--', fixture('fork-wait')], { encoding: 'utf8' });
  writeFileSync(log, r0.stderr);
  const r = runVat(['import', log]);
  assert.equal(r.status, 0, r.stderr);
  const events = r.stdout
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l) as Record<string, unknown>);
  const tids = new Set(events.map((e) => e.tid));
  assert.equal(tids.size, 2, [...tids].join(' '));
  assert.ok(!tids.has(0));
});

// strace -f on stderr where the parent's clone is cut by the child's notice and resumed under `[pid N]`: the
// resumed line names the parent (a real log kept, since which shape strace prints depends on timing)
test('stderr logs: a fork resumed under `[pid N]` names the first process', () => {
  const r = runVat([
    'import',
    join(ROOT, 'test', 'golden', 'import', 'fork-wait.stderr-clone-unfinished.txt'),
  ]);
  assert.equal(r.status, 0, r.stderr);
  const tids = new Set(
    r.stdout
      .trim()
      .split('\n')
      .map((l) => (JSON.parse(l) as Record<string, unknown>).tid),
  );
  assert.deepEqual([...tids].sort(), [16088, 16089]);
});

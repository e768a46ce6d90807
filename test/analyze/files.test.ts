// `vat files`: every path touched, how, by whom, with what result, and the search paths behind them.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { test } from 'node:test';
import { fixture, scratch } from '../helpers/fixtures.js';
import { record } from '../helpers/record.js';
import { runVat } from '../helpers/run-vat.js';

const env = { ...process.env, NO_COLOR: '1' };

interface Entry {
  path: string;
  access: string[];
  ok: number;
  failed: number;
  errors: Record<string, number>;
  written: boolean;
  pids: number[];
}

test('files: the three config places fail, shown as one search that found nothing (live and recorded)', () => {
  const exe = fixture('puzzle-config');
  const trace = record([exe]);
  for (const input of [['--', exe], [trace]]) {
    const r = runVat(['files', ...input], { env });
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, /\/etc\/vat-puzzle\/vat-puzzle\.conf +open r +ENOENT +1 +\d+/);
    assert.match(r.stdout, new RegExp(`${exe.replace(/[/.]/g, '\\$&')} +exec +ok`));
    assert.match(r.stdout, /vat-puzzle\.conf NOT FOUND: 3 places tried/);
    const j = JSON.parse(runVat(['files', '--json', ...input]).stdout);
    const conf = j.files.filter((e: Entry) => e.path.endsWith('vat-puzzle.conf'));
    assert.equal(conf.length, 3);
    for (const e of conf) assert.deepEqual([e.access, e.errors, e.ok], [['open r'], { ENOENT: 1 }, 0]);
    const search = j.searches.find((s: { found: string | null }) => s.found === null);
    assert.equal(search.name, 'vat-puzzle.conf');
    assert.equal(search.tried.length, 3);
    // the dynamic loader found libc: a file that was opened for reading
    assert.ok(j.files.some((e: Entry) => /libc\.so\.6$/.test(e.path) && e.ok > 0));
  }
});

test('files --failed and --written filter; --tree groups by directory', () => {
  const dir = scratch();
  const exe = fixture('puzzle-bytewise');
  const out = join(dir, 'out.txt');
  const trace = record([
    'sh',
    '-c',
    `${exe} ${out}; mv ${out} ${out}.old; rm ${out}.old; cat /nonexistent-vat 2>/dev/null`,
  ]);
  const failed = JSON.parse(runVat(['files', '--json', '--failed', trace]).stdout);
  assert.ok(failed.files.length > 0);
  for (const e of failed.files as Entry[]) assert.ok(e.failed > 0, e.path);
  assert.ok(failed.files.some((e: Entry) => e.path === '/nonexistent-vat'));
  const written = JSON.parse(runVat(['files', '--json', '--written', trace]).stdout);
  const byPath = new Map((written.files as Entry[]).map((e) => [e.path, e]));
  assert.deepEqual(byPath.get(out)?.access, ['open w+create+trunc', 'rename-from']);
  // rm stats the file before unlinking it
  assert.deepEqual(
    byPath.get(`${out}.old`)?.access.filter((a) => a !== 'stat'),
    ['rename-to', 'delete'],
  );
  for (const e of written.files as Entry[]) assert.ok(e.written, e.path);
  assert.ok(![...byPath.keys()].includes(exe));
  // processes: sh, the fixture, mv, rm, cat
  const all = JSON.parse(runVat(['files', '--json', trace]).stdout);
  assert.ok(all.processes.length >= 5);
  assert.ok(all.files.some((e: Entry) => e.path === exe && e.access.includes('exec')));
  const tree = runVat(['files', '--tree', '--written', trace], { env });
  assert.equal(tree.status, 0, tree.stderr);
  assert.match(
    tree.stdout,
    /\n {2}\/\n {4}tmp\/(?:[\w.-]+\/)*vat-test-\w+\/\n {6}out\.txt {2}open w\+create\+trunc rename-from {2}ok {2}x2\n/,
  );
});

test('files: the dynamic loader searching LD_LIBRARY_PATH is one search that found libc', () => {
  const r = runVat(['files', '--json', '--', '/bin/true'], {
    env: { ...process.env, LD_LIBRARY_PATH: '/nonexistent-vat-lib' },
  });
  assert.equal(r.status, 0, r.stderr);
  const j = JSON.parse(r.stdout);
  const libc = j.searches.find((s: { name: string }) => s.name === 'libc.so.6');
  assert.ok(libc, r.stdout);
  assert.match(libc.found, /\/libc\.so\.6$/);
  assert.ok(libc.tried.length >= 1);
  for (const t of libc.tried) assert.ok(t.path.startsWith('/nonexistent-vat-lib/'), t.path);
});

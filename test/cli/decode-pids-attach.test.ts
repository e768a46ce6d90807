// -Y with -p, against strace 6.1: a process's name is known from the attach on, so its `+++ exited +++` line
// has one even when nothing else of it was printed (it is reaped before that line is written).
import assert from 'node:assert/strict';
import { type ChildProcess, spawn } from 'node:child_process';
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { CLI, scratch } from '../helpers/fixtures.js';
import { hasStrace } from '../helpers/strace-oracle.js';

const dirs: string[] = [];
after(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

/** Resolves when the tracer has said `Process N attached` `count` times. */
function attached(child: ChildProcess, count: number): Promise<void> {
  return new Promise((resolve, reject) => {
    let text = '';
    child.stderr?.on('data', (d: Buffer) => {
      text += d.toString();
      if ((text.match(/Process \d+ attached/g) ?? []).length >= count) resolve();
    });
    child.on('exit', () => reject(new Error(`tracer ended first: ${text}`)));
  });
}

/** Two `cat`s attached with `-p A -Y -p B -e none`; they end (stdin closed) once both are attached. */
async function exitLines(tracer: 'strace' | 'vat'): Promise<string[]> {
  const dir = scratch();
  dirs.push(dir);
  const cats = [
    spawn('cat', [], { stdio: ['pipe', 'ignore', 'ignore'] }),
    spawn('cat', [], { stdio: ['pipe', 'ignore', 'ignore'] }),
  ];
  const [a, b] = cats.map((c) => String(c.pid));
  const log = join(dir, 'log');
  const args = ['-e', 'none', '-o', log, '-p', a ?? '', '-Y', '-p', b ?? ''];
  const t =
    tracer === 'vat'
      ? spawn(process.execPath, [CLI, ...args], { stdio: ['ignore', 'ignore', 'pipe'] })
      : spawn('strace', args, { stdio: ['ignore', 'ignore', 'pipe'] });
  await attached(t, 2);
  for (const c of cats) c.stdin?.end();
  await new Promise((resolve) => t.on('close', resolve));
  return readFileSync(log, 'utf8')
    .split('\n')
    .filter((l) => l.includes('+++'))
    .map((l) => l.replace(a ?? '', 'A').replace(b ?? '', 'B'))
    .sort();
}

test('-p A -Y -p B: each `+++ exited with 0 +++` line names its process, as strace', {
  skip: !hasStrace,
}, async () => {
  const s = await exitLines('strace');
  assert.deepEqual(s, ['A<cat> +++ exited with 0 +++', 'B<cat> +++ exited with 0 +++']);
  assert.deepEqual(await exitLines('vat'), s);
});

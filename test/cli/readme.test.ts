// Every console block of README.md is run, in order, in one scratch directory (./vat and vat are the built CLI,
// the puzzles and fixtures are compiled there), and each command's output must have the shape the README shows:
// the same lines and words, numbers and addresses aside; a `...` line stands for lines left out.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { chmodSync, copyFileSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { CLI, fixture, ROOT, scratch } from '../helpers/fixtures.js';
import { consoleBlocks, shapeMismatch } from '../helpers/readme.js';

const dir = scratch();
const jobs: number[] = [];
after(() => {
  for (const pid of jobs)
    try {
      process.kill(pid, 'SIGKILL');
    } catch {}
  rmSync(dir, { recursive: true, force: true });
});

/** What the README's examples expect to find beside ./vat. */
function setUp(): void {
  const vat = join(dir, 'vat');
  writeFileSync(vat, `#!/bin/sh\nexec ${JSON.stringify(process.execPath)} ${JSON.stringify(CLI)} "$@"\n`);
  chmodSync(vat, 0o755);
  for (const name of ['puzzle-config', 'puzzle-blocked', 'puzzle-bytewise', 'puzzle-getppid', 'fork-wait'])
    copyFileSync(fixture(name), join(dir, name));
  copyFileSync(join(ROOT, 'test', 'golden', 'import', 'noisy.strace.txt'), join(dir, 'noisy.txt'));
  // a trace written by a later vat, whose schema version this one does not read
  writeFileSync(join(dir, 'v2.jsonl'), '{"v":2,"type":"syscall","pid":1,"tid":1,"ts":0,"name":"getpid"}\n');
}

/** Waits until `pid` sleeps (a background puzzle has reached the call it blocks in). */
function waitAsleep(pid: number): void {
  for (let i = 0; i < 200; i++) {
    try {
      const state = /\) (\S)/.exec(readFileSync(`/proc/${pid}/stat`, 'utf8'))?.[1];
      const wchan = readFileSync(`/proc/${pid}/wchan`, 'utf8');
      if (state === 'S' && wchan !== '0' && wchan !== '') return;
    } catch {
      return;
    }
    Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 50);
  }
}

test('README: every console block prints what it shows', () => {
  setUp();
  const env = { ...process.env, PATH: `${dir}:${process.env.PATH}`, NO_COLOR: '1' };
  const blocks = consoleBlocks(readFileSync(join(ROOT, 'README.md'), 'utf8'));
  assert.ok(blocks.length >= 10, `console blocks found: ${blocks.length}`);
  let background: number | undefined;
  const failures: string[] = [];
  for (const steps of blocks)
    for (const step of steps) {
      let command = step.command;
      if (command.endsWith('&')) {
        // a background job: started on its own, its pid is the one the README's next commands name
        const r = spawnSync('sh', ['-c', `${command} echo $!`], {
          cwd: dir,
          env,
          encoding: 'utf8',
          stdio: ['ignore', 'pipe', 'ignore'],
        });
        background = Number(r.stdout.trim());
        jobs.push(background);
        waitAsleep(background);
        continue;
      }
      if (background !== undefined) command = command.replace(/(stuck )\d+/, `$1${background}`);
      const r = spawnSync('sh', ['-c', `exec 2>&1\n${command}`], {
        cwd: dir,
        env,
        encoding: 'utf8',
        timeout: 120_000,
      });
      const shaped = shapeMismatch(r.stdout.split('\n'), step.expected);
      const miss =
        shaped !== undefined && untimedMatch(command, r.stdout, step.expected) ? undefined : shaped;
      if (miss !== undefined)
        failures.push(
          `README.md:${step.line}: $ ${step.command}\n  ${miss}\n  got:\n    ${r.stdout.trimEnd().split('\n').join('\n    ')}`,
        );
    }
  assert.deepEqual(failures, []);
});

/**
 * `vat stuck` gives no time for a thread whose scheduler clock the kernel zeroed (exec_start, reset when a queued
 * thread moves to another CPU: ~2 % of blocked starts at load, test/analyze/stuck-clock.test.ts); every other word
 * of its output must still match the README's.
 */
function untimedMatch(command: string, stdout: string, expected: readonly string[]): boolean {
  const got = stdout.split('\n');
  if (!/\bstuck\b/.test(command) || got.some((l) => / for ~[\d.]+ /.test(l))) return false;
  return (
    shapeMismatch(
      got,
      expected.map((l) => l.replace(/ for ~[\d.]+ (ms|s|min|h)\b/g, '')),
    ) === undefined
  );
}

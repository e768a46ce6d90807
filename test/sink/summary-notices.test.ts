// -c alone has no trace text, yet strace still says `Process N attached` on stderr for each process it follows
// or attaches (not with -q, nor with -o while launching). Compared with strace 6.1: stderr without the table.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { CLI, scratch } from '../helpers/fixtures.js';
import { messages, runTracer } from '../helpers/strace-oracle.js';

const dir = scratch();
after(() => rmSync(dir, { recursive: true, force: true }));

/** The summary table's lines: header, rules, rows and total. */
const TABLE = /^(% time|-{6} |\s*\d+\.\d+ |\s*\d+ )/;

/** stderr without the summary table, pids as PID, sorted (several children may be announced in any order). */
function notices(stderr: string): string[] {
  return messages(stderr)
    .split('\n')
    .filter((l) => l !== '' && !TABLE.test(l))
    .map((l) => l.replace(/\d+/g, 'PID'))
    .sort();
}

function run(tracer: 'strace' | 'vat', args: readonly string[]): string[] {
  const r = runTracer(tracer, args, { timeout: 120_000 });
  assert.equal(r.status, 0, r.stderr);
  return notices(r.stderr);
}

const twoChildren = ['--', 'sh', '-c', 'true & true & wait'];
for (const [name, args, expected] of [
  ['-c -f', ['-c', '-f', ...twoChildren], 2],
  ['-c -f -e trace=exit_group', ['-c', '-f', '-e', 'trace=exit_group', ...twoChildren], 2],
  ['-c -f -q', ['-c', '-f', '-q', ...twoChildren], 0],
  ['-c -f -o FILE', ['-c', '-f', '-o', join(dir, 'summary.txt'), ...twoChildren], 0],
  ['-C -f', ['-C', '-f', '-e', 'trace=none', '-e', 'signal=none', ...twoChildren], 2],
] as const)
  test(`${name}: the same notices as strace`, () => {
    const want = run('strace', args);
    const got = run('vat', args);
    assert.deepEqual(got, want);
    assert.equal(got.filter((l) => l === 'TRACER: Process PID attached').length, expected, got.join('\n'));
  });

/** Runs `tracer -c -p PID` on a process that is killed once the tracer said it attached. */
async function attachSummary(tracer: 'strace' | 'vat'): Promise<string[]> {
  const target = spawn('sleep', ['600'], { stdio: 'ignore' });
  const argv = ['-c', '-p', String(target.pid)];
  const child =
    tracer === 'vat' ? spawn(process.execPath, [CLI, ...argv]) : spawn('strace', argv, { stdio: 'pipe' });
  let stderr = '';
  child.stderr?.setEncoding('utf8');
  const ended = new Promise<number | null>((resolve) => child.on('close', resolve));
  await new Promise<void>((resolve) => {
    child.stderr?.on('data', (d: string) => {
      stderr += d;
      if (stderr.includes('attached')) resolve();
    });
    child.on('close', () => resolve());
  });
  target.kill('SIGKILL');
  assert.equal(await ended, 0, stderr);
  return notices(stderr);
}

test('-c -p PID: the attach is said, as strace says it', async () => {
  const want = await attachSummary('strace');
  const got = await attachSummary('vat');
  assert.deepEqual(got, want);
  assert.ok(got.includes('TRACER: Process PID attached'), got.join('\n'));
});

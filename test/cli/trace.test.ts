// Tracing through the CLI: exit status, strace-like text, attach and detach, bad input.
import assert from 'node:assert/strict';
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { CLI, fixture, scratch } from '../helpers/fixtures.js';
import { runVat } from '../helpers/run-vat.js';

const names = (trace: string): string[] =>
  trace
    .split('\n')
    .map((l) => /^(?:\d+\s+)?([a-z_0-9]+)\(/.exec(l)?.[1])
    .filter((n): n is string => n !== undefined);

test('vat -- sh -c "exit 7" exits 7 and prints the trace on stderr', () => {
  const r = runVat(['--', 'sh', '-c', 'exit 7']);
  assert.equal(r.status, 7);
  assert.match(
    r.stderr,
    /^execve\("\/usr\/bin\/sh", \["sh", "-c", "exit 7"\], 0x[0-9a-f]+ \/\* \d+ vars \*\/\) = 0$/m,
  );
  assert.match(r.stderr, /^exit_group\(7\) += \?\n\+\+\+ exited with 7 \+\+\+\n$/m);
});

test('the traced command keeps stdin, stdout and stderr', () => {
  const r = runVat(['-o', '/dev/null', '--', 'sh', '-c', 'read x; echo "got $x"; echo err >&2'], {
    input: 'hello\n',
  });
  assert.equal(r.status, 0);
  assert.equal(r.stdout, 'got hello\n');
  assert.equal(r.stderr, 'err\n');
});

test('the environment and argv[0] reach the command unchanged', () => {
  const env = { ...process.env, VAT_TEST_MARKER: 'x y' };
  const r = runVat(['-o', '/dev/null', '--', 'sh', '-c', 'echo "$0|$VAT_TEST_MARKER"'], { env });
  assert.equal(r.stdout, 'sh|x y\n');
});

test('a fixture traced by vat and by strace makes the same calls with the same results', () => {
  const dir = scratch();
  const exe = fixture('exact-calls');
  spawnSync('strace', ['-o', join(dir, 's.txt'), '--', exe]);
  const r = runVat(['-o', join(dir, 'v.txt'), '--', exe]);
  assert.equal(r.status, 7);
  const s = readFileSync(join(dir, 's.txt'), 'utf8');
  const v = readFileSync(join(dir, 'v.txt'), 'utf8');
  assert.deepEqual(names(v), names(s));
  // addresses and pids (set_tid_address, getppid) differ between runs; a pid is known by its call, not by its
  // digits (pids wrap: a 3-digit pid made this test fail)
  const results = (t: string) =>
    t.split('\n').map((l) => {
      const r = / = (.*)$/.exec(l)?.[1]?.replace(/0x[0-9a-f]+/g, 'ADDR');
      return r !== undefined && /^\d+$/.test(r) && /^(set_tid_address|getpid|getppid|gettid)\(/.test(l)
        ? 'PID'
        : r;
    });
  assert.deepEqual(results(v), results(s));
});

test('-f -o prefixes every line with its pid, -ff writes one file per process', () => {
  const dir = scratch();
  const exe = fixture('fork-wait');
  assert.equal(runVat(['-f', '-o', join(dir, 'one.txt'), '--', exe]).status, 0);
  const lines = readFileSync(join(dir, 'one.txt'), 'utf8').trim().split('\n');
  assert.ok(
    lines.every((l) => /^\d+ +\S/.test(l)),
    lines.join('\n'),
  );
  assert.equal(new Set(lines.map((l) => l.split(' ')[0])).size, 2);
  assert.ok(lines.some((l) => /\+\+\+ exited with 3 \+\+\+/.test(l)));
  assert.equal(runVat(['-ff', '-o', join(dir, 'per'), '--', exe]).status, 0);
  const files = readdirSync(dir).filter((f) => f.startsWith('per.'));
  assert.equal(files.length, 2);
  for (const f of files) assert.doesNotMatch(readFileSync(join(dir, f), 'utf8'), /^\d+ /m);
});

test('a command killed by SIGKILL: vat reports it and dies the same way', () => {
  const r = runVat(['--', fixture('self-kill'), '9']);
  assert.match(r.stderr, /\+\+\+ killed by SIGKILL \+\+\+/);
  assert.equal(r.signal, 'SIGKILL');
});

test("bad input: one line on stderr (strace's -h hint after usage errors), exit 1 as strace, no stack trace", () => {
  for (const [args, text] of [
    [['--', 'nosuch-vat-command'], "vat: Can't stat 'nosuch-vat-command': No such file or directory"],
    [['-K', 'true'], "vat: invalid option -- 'K'\nTry 'vat -h' for more information."],
    [['-p', '999999999'], 'vat: attach: ptrace(PTRACE_SEIZE, 999999999): No such process'],
    [['-p', 'abc'], "vat: Invalid process id: 'abc'"],
    [['-e', 'trace=nosuch', 'true'], "vat: invalid system call 'nosuch'"],
    [[], "vat: must have PROG [ARGS] or -p PID\nTry 'vat -h' for more information."],
  ] as const) {
    const r = runVat(args);
    assert.equal(r.status, 1, `${args.join(' ')}: ${r.stderr}`);
    assert.equal(r.stderr.trim(), text);
  }
});

test("checked as strace parses the options: -b's syscall before a missing command, over-long names", () => {
  const long = ' '.repeat(4096);
  const perProcess = ' '.repeat(4084);
  for (const args of [
    ['-b', 'chdir'],
    ['--detach-on=execve', '--detach-on=chdir'],
    ['-b', 'chdir', '-b', 'execve', 'true'],
    [long],
    ['-ff', '-o', perProcess, 'true'],
  ]) {
    const s = spawnSync('strace', args, { encoding: 'utf8' });
    const v = runVat(args);
    assert.equal(v.status, s.status, `${args.join(' ').trim()}: ${v.stderr}`);
    assert.equal(v.stderr.replaceAll('vat', 'TRACER'), s.stderr.replaceAll('strace', 'TRACER'));
  }
});

function waitFor(
  child: ChildProcess,
  pattern: RegExp,
  what: 'stderr' | 'stdout' = 'stderr',
): Promise<string> {
  return new Promise((resolve, reject) => {
    let seen = '';
    const timer = setTimeout(() => reject(new Error(`timed out waiting for ${pattern}: ${seen}`)), 20_000);
    child[what]?.on('data', (d: Buffer) => {
      seen += d.toString();
      if (pattern.test(seen)) {
        clearTimeout(timer);
        resolve(seen);
      }
    });
  });
}

const procState = (pid: number): string =>
  readFileSync(`/proc/${pid}/stat`, 'utf8').replace(/^.*\) /s, '')[0] ?? '?';

test('vat -p PID, then SIGINT: vat detaches and the program keeps running, not stopped', async () => {
  const target = spawn(fixture('ticker'), [], { stdio: 'ignore' });
  const pid = target.pid as number;
  try {
    const vat = spawn(process.execPath, [CLI, '-p', String(pid)], { stdio: ['ignore', 'ignore', 'pipe'] });
    await waitFor(vat, /nanosleep|getppid/);
    vat.kill('SIGINT');
    const signal = await new Promise<NodeJS.Signals | null>((resolve) =>
      vat.on('exit', (_, sig) => resolve(sig)),
    );
    assert.equal(signal, 'SIGINT', 'after detaching, vat dies of the signal as strace does');
    await new Promise((r) => setTimeout(r, 100));
    assert.match(procState(pid), /[SR]/, 'running or sleeping, not stopped (T/t)');
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    assert.match(status, /^TracerPid:\s+0$/m, 'no tracer left attached');
  } finally {
    target.kill('SIGKILL');
  }
});

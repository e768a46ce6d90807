// -p with processes that cannot be traced: the others are traced; a process held by another tracer or a
// kernel thread is named as such; `vat stuck` still shows what /proc tells about them.
import assert from 'node:assert/strict';
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { once } from 'node:events';
import { readFileSync } from 'node:fs';
import { after, test } from 'node:test';
import { CLI } from '../../helpers/fixtures.js';
import { runVat } from '../../helpers/run-vat.js';

const started: ChildProcess[] = [];
after(() => {
  for (const c of started) c.kill('SIGKILL');
});

/** A sleep that strace traces; resolves to its pid once strace holds it. */
async function heldByStrace(): Promise<number> {
  const c = spawn('strace', ['-o', '/dev/null', 'sleep', '20'], { stdio: 'ignore' });
  started.push(c);
  for (let i = 0; i < 100; i++) {
    const r = spawnSync('pgrep', ['-P', String(c.pid), '-x', 'sleep'], { encoding: 'utf8' });
    const pid = Number(r.stdout.trim());
    if (pid > 0 && /^TracerPid:\s*[1-9]/m.test(readFileSync(`/proc/${pid}/status`, 'utf8'))) return pid;
    await new Promise((res) => setTimeout(res, 50));
  }
  throw new Error('strace did not start');
}

/** A process to attach to that exits 0 once told (a shell reading a line): it outlives a slow vat start. */
function waiter(): ChildProcess {
  const c = spawn('sh', ['-c', 'read x'], { stdio: ['pipe', 'ignore', 'ignore'] });
  started.push(c);
  return c;
}

/** vat attached to `targets`' pids (plus `extra` -p arguments): each target is told to exit once vat says so. */
async function attachUntilExit(
  targets: readonly ChildProcess[],
  args: readonly string[],
): Promise<{ status: number | null; stderr: string }> {
  const vat = spawn(process.execPath, [CLI, ...args], { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  let told = false;
  vat.stderr.setEncoding('utf8');
  vat.stderr.on('data', (d: string) => {
    stderr += d;
    if (told || !/attached/.test(stderr)) return;
    told = true;
    for (const t of targets) t.stdin?.end('go\n');
  });
  const [status] = (await once(vat, 'close')) as [number | null];
  return { status, stderr };
}

test('-p GOOD,BAD warns about BAD and traces GOOD until it exits', async () => {
  const good = waiter();
  const r = await attachUntilExit([good], ['-p', `${good.pid},999999999`]);
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stderr, /^vat: attach: ptrace\(PTRACE_SEIZE, 999999999\): No such process$/m);
  assert.match(r.stderr, new RegExp(`^vat: Process ${good.pid} attached$`, 'm'));
  assert.match(r.stderr, /^\+\+\+ exited with 0 \+\+\+$/m);
});

test('-p X -p X attaches once', async () => {
  const c = waiter();
  const r = await attachUntilExit([c], ['-p', String(c.pid), '-p', `${c.pid}`]);
  assert.equal(r.status, 0, r.stderr);
  assert.equal(r.stderr.match(/attached/g)?.length, 1, r.stderr);
});

test('-p BAD alone: the error, exit 1 as strace, said once', () => {
  const r = runVat(['-p', '999999999']);
  assert.equal(r.stderr, 'vat: attach: ptrace(PTRACE_SEIZE, 999999999): No such process\n');
  assert.equal(r.status, 1);
});

test('a process another tracer holds: vat names the tracer; vat stuck still reads /proc', async () => {
  const pid = await heldByStrace();
  // one ptrace tracer at a time: the eBPF engine traces the process beside strace
  const r = runVat(['--engine', 'ptrace', '-p', String(pid)]);
  assert.equal(r.status, 1);
  assert.match(
    r.stderr,
    /^vat: attach: ptrace\(PTRACE_SEIZE, \d+\): Operation not permitted \(already traced by process \d+ \("strace"\)/,
  );
  assert.doesNotMatch(r.stderr, /run as root/);
  const s = runVat(['stuck', '--for', '200ms', String(pid)]);
  assert.equal(s.status, 0, s.stderr);
  assert.match(s.stdout, /blocked in clock_nanosleep/);
  assert.match(s.stdout, /not sampled: cannot attach: .*already traced by process/);
});

test('a kernel thread: said so; vat stuck still reads /proc', () => {
  const r = runVat(['-p', '2']);
  assert.equal(r.status, 1);
  assert.match(
    r.stderr,
    /^vat: attach: ptrace\(PTRACE_SEIZE, 2\): Operation not permitted \(a kernel thread: it cannot be traced\)$/m,
  );
  const s = runVat(['stuck', '--for', '200ms', '2']);
  assert.equal(s.status, 0, s.stderr);
  assert.match(s.stdout, /^pid 2 \(kthreadd\)/);
  assert.match(s.stdout, /not sampled: cannot attach: .*kernel thread/);
});

test('a zombie: said so, not the yama hint', async () => {
  // the shell's child exits; the shell, replaced by sleep, never reaps it
  const parent = spawn('sh', ['-c', 'true & exec sleep 20'], { stdio: 'ignore' });
  started.push(parent);
  let zombie = 0;
  for (let i = 0; i < 100 && zombie === 0; i++) {
    const r = spawnSync('pgrep', ['-P', String(parent.pid)], { encoding: 'utf8' });
    const pid = Number(r.stdout.trim());
    if (pid > 0 && /^State:\s*Z/m.test(readFileSync(`/proc/${pid}/status`, 'utf8'))) zombie = pid;
    else await new Promise((res) => setTimeout(res, 50));
  }
  assert.ok(zombie > 0, 'no zombie appeared');
  const r = runVat(['-p', String(zombie)]);
  assert.equal(r.status, 1);
  assert.equal(
    r.stderr,
    `vat: attach: ptrace(PTRACE_SEIZE, ${zombie}): Operation not permitted (a zombie: the process has exited and its parent has not reaped it)\n`,
  );
});

// the eBPF engine attaches without ptrace, yet refuses what strace refuses, in strace's words
test('--engine ebpf: -p BAD, a kernel thread, -p GOOD,BAD: the same errors and exit status as ptrace', async () => {
  const bad = runVat(['--engine', 'ebpf', '-p', '999999999']);
  assert.equal(bad.stderr, 'vat: attach: ptrace(PTRACE_SEIZE, 999999999): No such process\n');
  assert.equal(bad.status, 1);
  const kernel = runVat(['--engine', 'ebpf', '-p', '2']);
  assert.equal(
    kernel.stderr,
    'vat: attach: ptrace(PTRACE_SEIZE, 2): Operation not permitted (a kernel thread: it cannot be traced)\n',
  );
  assert.equal(kernel.status, 1);
  const good = waiter();
  const r = await attachUntilExit([good], ['--engine', 'ebpf', '-p', `${good.pid},999999999`]);
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stderr, /^vat: attach: ptrace\(PTRACE_SEIZE, 999999999\): No such process$/m);
  assert.match(r.stderr, new RegExp(`^vat: Process ${good.pid} attached$`, 'm'));
  assert.match(r.stderr, /^\+\+\+ exited with 0 \+\+\+$/m);
});

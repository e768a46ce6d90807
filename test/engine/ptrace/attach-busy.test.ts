// -p on a process that makes no system call (strace's detach-running test): the attach notice is written at
// once, not when vat ends, and SIGTERM detaches and leaves the process running, as strace 6.1 does.
import assert from 'node:assert/strict';
import { type ChildProcess, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { after, test } from 'node:test';
import { CLI } from '../../helpers/fixtures.js';

const started: ChildProcess[] = [];
after(() => {
  for (const c of started) c.kill('SIGKILL');
});

/** Resolves when `text()` matches `re`, rejects after `ms` (a bound for a stuck run, not a measured time). */
async function until(text: () => string, re: RegExp, ms: number): Promise<void> {
  for (const end = Date.now() + ms; !re.test(text()); ) {
    if (Date.now() > end) throw new Error(`not seen: ${re} in ${JSON.stringify(text())}`);
    await new Promise((res) => setTimeout(res, 50));
  }
}

/** Attaches `tracer` to a busy loop, waits for its notice, SIGTERMs it; its stderr, status and the loop's state. */
async function attachBusy(tracer: readonly string[]) {
  const busy = spawn('sh', ['-c', 'while :; do :; done'], { stdio: 'ignore' });
  started.push(busy);
  const pid = busy.pid as number;
  const [cmd = '', ...args] = tracer;
  const t = spawn(cmd, [...args, '-p', String(pid)], { stdio: ['ignore', 'ignore', 'pipe'] });
  started.push(t);
  let stderr = '';
  t.stderr?.setEncoding('utf8').on('data', (d: string) => {
    stderr += d;
  });
  const ended = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((res) =>
    t.on('close', (code, signal) => res({ code, signal })),
  );
  await until(() => stderr, new RegExp(`Process ${pid} attached\\n`), 60_000);
  t.kill('SIGTERM');
  const status = await ended;
  const state = /^State:\s*(\S)/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1];
  const tracerPid = /^TracerPid:\s*(\d+)/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1];
  busy.kill('SIGKILL');
  return {
    notices: stderr.replace(/^(strace|vat): /gm, 'TRACER: ').replaceAll(String(pid), 'PID'),
    status,
    state,
    tracerPid,
  };
}

test('-p on a busy loop: notice at once; SIGTERM detaches, the loop runs on; same as strace', async () => {
  const vat = await attachBusy([process.execPath, CLI]);
  const strace = await attachBusy(['strace']);
  assert.equal(vat.notices, 'TRACER: Process PID attached\nTRACER: Process PID detached\n');
  assert.equal(vat.notices, strace.notices);
  assert.deepEqual(vat.status, strace.status);
  assert.equal(vat.tracerPid, '0');
  assert.match(vat.state ?? '', /^[RS]$/);
});

// The Session: calls joined once and handed over before the event that completed them; a consumer that throws
// stops the run (the command is let go, not left stopped) and its error comes out of run().
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { test } from 'node:test';
import { DEFAULT_DECODE } from '../../src/decode/options.js';
import type { TraceConfig } from '../../src/engine/engine.js';
import { PtraceEngine } from '../../src/engine/ptrace/ptrace-engine.js';
import { Session } from '../../src/engine/session.js';
import type { Call } from '../../src/model/call.js';

const config = (command: string[]): TraceConfig => ({
  command,
  commandPath: command[0] as string,
  attach: [],
  followForks: true,
  decode: DEFAULT_DECODE,
});

test('calls come joined, each before the event that completed it, and the open ones at the end', async () => {
  const order: string[] = [];
  const calls: Call[] = [];
  const outcome = await new Session(new PtraceEngine(), config(['/bin/sh', '-c', 'exit 3'])).run({
    call: (c) => {
      calls.push(c);
      order.push(`call ${c.tid} ${c.name}`);
    },
    event: (e) => {
      if (e.type === 'exit') order.push(`exit ${e.pid} ${e.name}`);
    },
  });
  assert.equal(outcome.status, 3);
  // every returned call was handed over right before its exit event
  for (let i = 0; i < order.length; i++) {
    const line = order[i] as string;
    if (!line.startsWith('exit ')) continue;
    assert.equal(order[i - 1], line.replace(/^exit/, 'call'), `call before its exit at ${i}`);
  }
  const last = calls.at(-1);
  assert.equal(last?.name, 'exit_group');
  assert.equal(last?.ret, undefined, 'exit_group never returns: handed over at the end, without a result');
});

test("a consumer's error stops the run, lets the command go and is thrown by run()", async () => {
  const marker = `vat-session-${process.pid}`;
  // the command would run 30 s; the consumer fails at its first call, and vat detaches from it
  const run = new Session(new PtraceEngine(), config(['/bin/bash', '-c', `exec -a ${marker} sleep 30`])).run({
    call: () => {
      throw new Error('consumer failed');
    },
  });
  await assert.rejects(run, /consumer failed/);
  // the run ended before the command did; detached, not stopped: the command is there, running (not t). bash
  // may not have reached its exec yet when run() rejects (at the first call): wait for it, a few seconds at most
  const commandLines = (): string[] =>
    execFileSync('ps', ['-eo', 'pid=,stat=,args='], { encoding: 'utf8' })
      .split('\n')
      .filter((l) => l.includes(marker) && !l.includes('bash -c'));
  let ps = commandLines();
  for (let i = 0; i < 50 && ps.length === 0; i++) {
    await new Promise((resolve) => setTimeout(resolve, 100));
    ps = commandLines();
  }
  assert.equal(ps.length, 1, `the command still runs: ${ps.join('; ')}`);
  for (const line of ps) {
    const [pid, stat] = line.trim().split(/\s+/);
    assert.ok(!stat?.startsWith('t') && !stat?.startsWith('T'), `not left stopped: ${line}`);
    process.kill(Number(pid), 'SIGKILL');
  }
});

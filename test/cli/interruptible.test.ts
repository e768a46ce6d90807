// -I/--interruptible: SIGINT, SIGTERM, SIGHUP and SIGTSTP sent to the tracer at each level, launched and -p,
// with and without -o (strace's default choice): whether the tracer traces on, detaches or stops, what becomes
// of the command, the tracer's exit status and its output, the same for vat as for strace 6.1. Every step
// waits for an event (a file the command writes, a line of the trace, the tracer's exit or stop), never a time.
import assert from 'node:assert/strict';
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { CLI, fixture, scratch } from '../helpers/fixtures.js';

const started: number[] = [];
after(() => {
  for (const pid of started)
    try {
      process.kill(pid, 'SIGKILL');
    } catch {}
});

/** A bound for a stuck run (a wrong behaviour waits forever), not a measured time. */
const STUCK_MS = 90_000;

/** Resolves with the first `probe` result that is not undefined, polling; rejects when the run is stuck. */
async function until<T>(what: string, probe: () => T | undefined): Promise<T> {
  for (const end = Date.now() + STUCK_MS; ; ) {
    const got = probe();
    if (got !== undefined) return got;
    if (Date.now() > end) throw new Error(`stuck waiting for ${what}`);
    await new Promise((res) => setTimeout(res, 25));
  }
}

/** One letter of /proc/PID/stat (R, S, T, Z...), or undefined when the process is gone. */
function procState(pid: number): string | undefined {
  try {
    return /^\d+ \(.*\) (\S)/s.exec(readFileSync(`/proc/${pid}/stat`, 'utf8'))?.[1];
  } catch {
    return undefined;
  }
}

/** What the tracer does on the signal: trace on, end (having detached) or stop. */
type Reaction = 'traced' | 'ended' | 'stopped';

interface Scenario {
  readonly options: readonly string[];
  readonly signal: NodeJS.Signals;
  /** -p on a running command instead of launching it. */
  readonly attach?: boolean;
  /** -o FILE. */
  readonly toFile?: boolean;
  /** strace 6.1's reaction, per its man page: the steps after the signal follow it, for both tracers. */
  readonly reaction: Reaction;
}

interface Outcome {
  readonly reaction: Reaction;
  readonly exit: { code: number | null; signal: NodeJS.Signals | null };
  /** After the tracer ended: whether the command ran on untraced (and not stopped), or died. */
  readonly command: 'ran on' | 'died' | 'exited';
  readonly stderr: string;
  readonly trace: string;
}

async function play(tracer: 'vat' | 'strace', s: Scenario, engine?: string): Promise<Outcome> {
  const dir = scratch();
  const target = fixture('signal-target');
  const file = join(dir, 'trace.txt');
  const ready = (): number | undefined =>
    existsSync(join(dir, 'ready')) ? Number(readFileSync(join(dir, 'ready'), 'utf8')) : undefined;
  let commandProc: ChildProcess | undefined;
  if (s.attach) {
    commandProc = spawn(target, [dir], { stdio: 'ignore' });
    started.push(commandProc.pid as number);
    await until('the command', ready);
  }
  const args = [
    ...s.options,
    '-e',
    'trace=chdir,exit_group',
    ...(s.toFile ? ['-o', file] : []),
    ...(s.attach ? ['-p', String(commandProc?.pid)] : ['--', target, dir]),
  ];
  // the tracer in a process group of its own whose parent (this test) is in another group of the same session:
  // the kernel discards SIGTSTP sent to an orphaned group, which the test's own group may be under CI
  const own = engine === undefined ? [] : ['--engine', engine];
  const argv = tracer === 'vat' ? [process.execPath, CLI, ...own, ...args] : ['strace', ...args];
  const proc = spawn('perl', ['-e', 'setpgrp(0, 0); exec @ARGV or die', ...argv], {
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  const tracerPid = proc.pid as number;
  started.push(tracerPid);
  let stderr = '';
  proc.stderr?.setEncoding('utf8').on('data', (d: string) => {
    stderr += d;
  });
  let exit: Outcome['exit'] | undefined;
  proc.on('exit', (code, signal) => {
    exit = { code, signal };
  });
  const trace = (): string => (s.toFile ? (existsSync(file) ? readFileSync(file, 'utf8') : '') : stderr);
  const pid = await until('the command', ready);
  started.push(pid);
  if (s.attach) await until('the attach notice', () => (/ attached\n/.test(stderr) ? true : undefined));
  const marked = (): boolean => trace().includes('signal-target-marker');
  const go = (): void => writeFileSync(join(dir, 'go'), '');

  process.kill(tracerPid, s.signal);
  // a tracer expected to trace on is shown the marked call; one expected to end or stop is given none
  if (s.reaction === 'traced') go();
  const reaction = await until<Reaction>('the tracer', () =>
    exit !== undefined ? 'ended' : procState(tracerPid) === 'T' ? 'stopped' : marked() ? 'traced' : undefined,
  );
  if (reaction === 'stopped') {
    process.kill(tracerPid, 'SIGCONT');
    go();
    await until('the marked call', () => (marked() || exit !== undefined ? true : undefined));
  }
  let command: Outcome['command'] = 'exited';
  if (reaction === 'ended') {
    // the command, no longer traced: it either makes its marked call untraced or is dead
    go();
    command = await until('the command', () =>
      existsSync(join(dir, 'went'))
        ? 'ran on'
        : procState(pid) === undefined || procState(pid) === 'Z'
          ? 'died'
          : undefined,
    );
    if (command === 'ran on') {
      const status = readFileSync(`/proc/${pid}/status`, 'utf8');
      assert.match(status, /^TracerPid:\s+0$/m, `${tracer}: the command is no longer traced`);
      assert.doesNotMatch(status, /^State:\s+[tT]/m, `${tracer}: the command is not left stopped`);
    }
  }
  writeFileSync(join(dir, 'done'), '');
  const ended = await until('the tracer to end', () => exit);
  return {
    reaction,
    exit: ended,
    command,
    stderr: stderr.replace(/^(strace|vat): /gm, 'TRACER: ').replaceAll(String(pid), 'PID'),
    trace: s.toFile ? trace() : '',
  };
}

const SCENARIOS: readonly (Scenario & { readonly name: string })[] = [
  { name: 'launched, trace on stderr (default 2), SIGINT', options: [], signal: 'SIGINT', reaction: 'ended' },
  { name: 'launched, default 2, SIGHUP', options: [], signal: 'SIGHUP', reaction: 'ended' },
  { name: 'launched, default 2, SIGTSTP', options: [], signal: 'SIGTSTP', reaction: 'stopped' },
  {
    name: 'launched with -o (default 3), SIGINT',
    options: [],
    toFile: true,
    signal: 'SIGINT',
    reaction: 'traced',
  },
  {
    name: 'launched with -o and -I2, SIGTERM',
    options: ['-I2'],
    toFile: true,
    signal: 'SIGTERM',
    reaction: 'ended',
  },
  { name: 'launched, -I1, SIGTERM', options: ['-I1'], signal: 'SIGTERM', reaction: 'ended' },
  { name: 'launched, -I 3, SIGINT', options: ['-I', '3'], signal: 'SIGINT', reaction: 'traced' },
  { name: 'launched, -I3, SIGTSTP', options: ['-I3'], signal: 'SIGTSTP', reaction: 'stopped' },
  {
    name: 'launched, --interruptible=never_tstp, SIGTSTP',
    options: ['--interruptible=never_tstp'],
    signal: 'SIGTSTP',
    reaction: 'traced',
  },
  { name: 'launched, -I4, SIGTERM', options: ['-I4'], signal: 'SIGTERM', reaction: 'traced' },
  {
    name: '-p with -o (default 2), SIGINT',
    options: [],
    attach: true,
    toFile: true,
    signal: 'SIGINT',
    reaction: 'ended',
  },
  { name: '-p, -I1, SIGINT', options: ['-I1'], attach: true, signal: 'SIGINT', reaction: 'ended' },
  { name: '-p, -I3, SIGTERM', options: ['-I3'], attach: true, signal: 'SIGTERM', reaction: 'traced' },
];

// both engines: eBPF never stops the command, yet vat reacts to each signal as strace does
for (const engine of ['ptrace', 'ebpf'])
  for (const s of SCENARIOS)
    test(`-I (--engine ${engine}): ${s.name}: vat does what strace does`, async () => {
      const strace = await play('strace', s);
      const vat = await play('vat', s, engine);
      assert.equal(strace.reaction, s.reaction, 'strace reacts as its man page says');
      assert.deepEqual(vat, strace);
    });

test('-I: the levels name what each signal does (sanity of the scenarios)', async () => {
  // the launched command dies of the signal at level 2 and runs on at level 1, whichever the tracer
  const two = await play('vat', SCENARIOS[0] as Scenario);
  assert.deepEqual([two.command, two.exit.signal], ['died', 'SIGINT']);
  assert.match(two.stderr, /^TRACER: Process PID detached$/m);
  const one = await play('vat', SCENARIOS[5] as Scenario);
  assert.deepEqual([one.command, one.exit.signal], ['ran on', 'SIGTERM']);
});

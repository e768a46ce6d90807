// The hard cases of a ptrace tracer, each on a C fixture, vat's trace compared with strace's where the text is
// deterministic: which processes, which calls and how each ended, unfinished/resumed pairs, `= ?`, signal,
// stop, exit and exec lines. Arguments are left to the decoding tests; pids and addresses are normalized.
// The fixtures act at known moments (they wait for /proc states, never for a fixed time), so nothing here
// depends on timing.
import assert from 'node:assert/strict';
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { CLI, fixture, scratch } from '../../helpers/fixtures.js';
import { runTracer, traceWith } from '../../helpers/strace-oracle.js';
import { POLLING, shape, shapeLine, stories, texts } from '../../helpers/trace-shape.js';

/** The subject is the ptrace engine's hard cases (stops, PTRACE_LISTEN, EXITKILL): pinned (the default may be eBPF). */
const PTRACE = ['--engine', 'ptrace'];
/** The cases the eBPF engine shows as ptrace does (its records and scheduler tracepoints): run with both. */
const ENGINES = ['ptrace', 'ebpf'] as const;

/** Runs vat and strace alike (`-o FILE`), checks both exit alike, returns both traces. */
function both(
  options: readonly string[],
  command: readonly string[],
  engine: (typeof ENGINES)[number] = 'ptrace',
) {
  const s = traceWith('strace', options, command);
  const v = traceWith('vat', ['--engine', engine, ...options], command);
  assert.equal(v.stderr, s.stderr, 'nothing else on stderr');
  assert.deepEqual([v.status, v.signal], [s.status, s.signal], `vat exits as strace: ${v.stderr}`);
  return { s, v };
}

const count = (lines: readonly string[], re: RegExp): number => lines.filter((l) => re.test(l)).length;

for (const engine of ENGINES)
  test(`${engine}: exec from a non-leader thread: superseded leader, \`= ?\` for the others, execve resumed as the leader`, () => {
    const exe = fixture('thread-exec', ['-pthread']);
    const { s, v } = both(['-f'], [exe], engine);
    assert.equal(v.status, 5);
    assert.deepEqual(stories(shape(v.trace, POLLING)), stories(shape(s.trace, POLLING)));
    // the exact lines: the leader's pause ends `= ?`, the reader's read too (its buffer never shown), then
    // the leader's pid says who superseded it and carries the execve's result
    const lines = v.trace.split('\n');
    const sup = lines.findIndex((l) => /^\d+ +\+\+\+ superseded by execve in pid \d+ \+\+\+$/.test(l));
    assert.ok(sup > 0, v.trace);
    const [leader, tid] = (/^(\d+) .* pid (\d+) /.exec(lines[sup] as string) ?? []).slice(1);
    assert.match(lines[sup + 1] as string, new RegExp(`^${leader} +<\\.\\.\\. execve resumed>\\) += 0$`));
    assert.ok(
      lines.some((l) => new RegExp(`^${tid} +execve\\(.*"after"\\].* <unfinished \\.\\.\\.>$`).test(l)),
    );
    const before = lines.slice(0, sup);
    assert.ok(
      before.some((l) => new RegExp(`^${leader} +(<\\.\\.\\. pause resumed>|pause\\()\\) += \\?$`).test(l)),
    );
    assert.ok(
      before.some((l) => /^\d+ +(<\.\.\. read resumed>|read\(3, ) <unfinished \.\.\.>\) += \?$/.test(l)),
    );
    assert.match(lines.at(-2) ?? '', new RegExp(`^${leader} +\\+\\+\\+ exited with 5 \\+\\+\\+$`));
  });

for (const engine of ENGINES)
  test(`${engine}: exec from a non-leader thread with -ff: the thread file ends \`<pid changed to N ...>\`, the leader file goes on`, () => {
    const exe = fixture('thread-exec', ['-pthread']);
    const files = (tracer: 'vat' | 'strace'): Map<string, string> => {
      const dir = scratch();
      const argv = ['-ff', '-o', join(dir, 't'), '--', exe];
      const r = runTracer(tracer, tracer === 'vat' ? ['--engine', engine, ...argv] : argv, {
        timeout: 60_000,
      });
      assert.equal(r.status, 5, r.stderr);
      return new Map(readdirSync(dir).map((f) => [f.slice(2), readFileSync(join(dir, f), 'utf8')]));
    };
    const s = files('strace');
    const v = files('vat');
    const shapes = (m: Map<string, string>) =>
      [...m.values()].map((t) => texts(shape(t, POLLING)).join('\n')).sort();
    assert.deepEqual(shapes(v), shapes(s));
    const changed = [...v.entries()].find(([, t]) => t.includes('<pid changed to'));
    const leaderText = [...v.entries()].find(([, t]) => t.includes('+++ superseded by execve'));
    assert.ok(changed && leaderText, [...v.values()].join('\n----\n'));
    assert.match(changed[1], new RegExp(`execve\\(.* <pid changed to ${leaderText[0]} \\.\\.\\.>\\n$`));
    assert.match(
      leaderText[1],
      /\+\+\+ superseded by execve in pid \d+ \+\+\+\n<\.\.\. execve resumed>\) += 0\n/,
    );
  });

test('a tracee SIGKILLed in a blocking read: `read(3,  <unfinished ...>) = ?`, killed by SIGKILL', () => {
  const { s, v } = both([], [fixture('killed-read')]);
  assert.equal(v.signal, 'SIGKILL');
  assert.deepEqual(texts(shape(v.trace)), texts(shape(s.trace)));
  assert.match(v.trace, /\nread\(3, {2}<unfinished \.\.\.>\) += \?\n\+\+\+ killed by SIGKILL \+\+\+\n$/);
});

test('a 1000-process fork tree with -f: every process traced, every exit reported, same stories as strace', () => {
  const { s, v } = both(['-f'], [fixture('fork-tree'), '1000']);
  assert.equal(v.status, 0, 'each parent saw the status it expected from each child');
  const lines = v.trace.split('\n');
  assert.equal(count(lines, /\+\+\+ exited with \d+ \+\+\+$/), 1000);
  for (const code of [0, 1, 2, 3, 4])
    assert.equal(count(lines, new RegExp(`\\+\\+\\+ exited with ${code} \\+\\+\\+$`)), 200, `exit ${code}`);
  assert.equal(new Set(lines.filter((l) => l !== '').map((l) => l.split(' ')[0])).size, 1000);
  assert.deepEqual(stories(shape(v.trace)), stories(shape(s.trace)));
});

test('vfork: the parent resumes after its child execs, and after its child exits (-f)', () => {
  const { s, v } = both(['-f'], [fixture('vfork-exec')]);
  assert.equal(v.status, 0);
  assert.deepEqual(stories(shape(v.trace)), stories(shape(s.trace)));
  const parent = stories(shape(v.trace)).find((st) => st.includes('vfork()'));
  assert.match(
    parent ?? '',
    /vfork\(\) = PID\nwait4\(\) = PID\nvfork\(\) = PID\nwait4\(\) = PID\nexit_group\(\) = \?/,
  );
  assert.match(v.trace, /\+\+\+ exited with 3 \+\+\+/);
  assert.match(v.trace, /\+\+\+ exited with 4 \+\+\+/);
});

test('64 threads with -f: every thread traced, every exit reported', () => {
  const { s, v } = both(['-f'], [fixture('threads64', ['-pthread'])]);
  assert.equal(v.status, 0);
  const summary = (trace: string) => {
    const st = stories(shape(trace)).join('\n====\n').split('\n');
    return {
      getppid: count(st, /^getppid\(\) = PID$/),
      gettid: count(st, /^gettid\(\) = PID$/),
      exit: count(st, /^exit\(\) = \?$/),
      exited: count(st, /^\+\+\+ exited with 0 \+\+\+$/),
      pids: new Set(
        trace
          .split('\n')
          .filter((l) => l !== '')
          .map((l) => l.split(' ')[0]),
      ).size,
    };
  };
  assert.deepEqual(summary(v.trace), { getppid: 64, gettid: 64, exit: 64, exited: 65, pids: 65 });
  assert.deepEqual(summary(v.trace), summary(s.trace));
});

test('a zombie: the child exits while the parent sleeps in waitid, stays Z, then is reaped', () => {
  const { s, v } = both([], [fixture('zombie')]);
  assert.equal(v.status, 0, 'the parent saw its child as a zombie, then reaped it');
  assert.deepEqual(texts(shape(v.trace, POLLING)), texts(shape(s.trace, POLLING)));
  assert.match(
    v.trace,
    /\n--- SIGCHLD \{si_signo=SIGCHLD, si_code=CLD_EXITED, si_pid=\d+, si_uid=\d+, si_status=2,/,
  );
  const f = both(['-f'], [fixture('zombie')]);
  assert.equal(f.v.status, 0);
  assert.deepEqual(stories(shape(f.v.trace, POLLING)), stories(shape(f.s.trace, POLLING)));
});

test('an orphan: its parent exits first; vat traces it to its end and returns the parent status', () => {
  const { s, v } = both(['-f'], [fixture('orphan')]);
  assert.equal(v.status, 6);
  assert.deepEqual(stories(shape(v.trace)), stories(shape(s.trace)));
  assert.match(v.trace, /\+\+\+ exited with 4 \+\+\+/);
  const child = /^(\d+) +\+\+\+ exited with 4/m.exec(v.trace)?.[1];
  assert.match(v.trace, new RegExp(`^${child} +getppid\\(\\) += \\d+\\n`, 'm'));
});

for (const engine of ENGINES)
  test(`${engine}: group-stop: SIGSTOP then SIGCONT from another process; the tracee really stops (PTRACE_LISTEN)`, () => {
    const { s, v } = both([], [fixture('stop-cont')], engine);
    assert.equal(v.status, 0, 'the other process saw the tracee stopped, then running again');
    assert.deepEqual(texts(shape(v.trace)), texts(shape(s.trace)));
    assert.match(
      v.trace,
      /\nread\(3, 0x[0-9a-f]+, 1\) += \? ERESTARTSYS \(To be restarted if SA_RESTART is set\)\n--- SIGSTOP \{si_signo=SIGSTOP, si_code=SI_USER, si_pid=\d+, si_uid=\d+\} ---\n--- stopped by SIGSTOP ---\n--- SIGCONT \{si_signo=SIGCONT, si_code=SI_USER, si_pid=\d+, si_uid=\d+\} ---\nread\(3, "y", 1\) += 1\n/,
    );
  });

test('interrupted calls: ERESTARTSYS with and without SA_RESTART, rt_sigreturn, restart_syscall', () => {
  const { s, v } = both([], [fixture('restart')]);
  assert.equal(v.status, 0, 'the signals came where the fixture meant them to');
  assert.deepEqual(texts(shape(v.trace)), texts(shape(s.trace)));
  const shapes = texts(shape(v.trace)).join('\n');
  const erestartsys =
    'read() = ? ERESTARTSYS (To be restarted if SA_RESTART is set)\n--- SIGALRM {si_code=SI_USER} ---';
  assert.ok(shapes.includes(`${erestartsys}\nrt_sigreturn() = 0\nread() = 1`), shapes);
  assert.ok(shapes.includes(`${erestartsys}\nrt_sigreturn() = -1 EINTR (Interrupted system call)`), shapes);
  assert.ok(
    shapes.includes(
      'poll() = ? ERESTART_RESTARTBLOCK (Interrupted by signal)\n--- SIGWINCH {si_code=SI_USER} ---\n' +
        'restart_syscall(<... resuming interrupted poll ...>) = 1',
    ),
    shapes,
  );
  assert.ok(
    shapes.includes(
      'restart_syscall(<... resuming interrupted nanosleep ...>) = ? ERESTART_RESTARTBLOCK (Interrupted by signal)',
    ),
    shapes,
  );
});

test('ebpf: interrupted calls: the command runs as untraced, where an ignored signal interrupts no call', () => {
  // a ptraced thread never ignores a signal (kernel/signal.c sig_ignored): under strace the SIGWINCHs without a
  // handler interrupt poll and nanosleep (ERESTART_RESTARTBLOCK, restart_syscall). Untraced, and under eBPF, which
  // stops nothing, the kernel drops them: the fixture's child never sees restart_syscall and the fixture exits 1,
  // as it does untraced. The signals are still shown, after the call they came during.
  const exe = fixture('restart');
  const v = traceWith('vat', ['--engine', 'ebpf'], [exe]);
  assert.equal(v.status, 1, 'as the fixture exits untraced');
  const shapes = texts(shape(v.trace)).join('\n');
  const erestartsys =
    'read() = ? ERESTARTSYS (To be restarted if SA_RESTART is set)\n--- SIGALRM {si_code=SI_USER} ---';
  assert.ok(shapes.includes(`${erestartsys}\nrt_sigreturn() = 0\nread() = 1`), shapes);
  assert.ok(shapes.includes(`${erestartsys}\nrt_sigreturn() = -1 EINTR (Interrupted system call)`), shapes);
  // poll ends when the child, giving up on restart_syscall, writes (its revents shown, as ptrace shows them), or at
  // a heavy load at its own timeout
  assert.match(
    shapes,
    /\npoll\(\) = (1 \(\[\{fd=3, revents=POLLIN\}\]\)|0 \(Timeout\))\n--- SIGWINCH \{si_code=SI_USER\} ---\n/,
  );
  assert.ok(!shapes.includes('restart_syscall'), shapes);
});

/** Notices and `+++`/`---` lines of a trace on stderr (notices may sit mid-line, as strace's do). */
function statusLines(stderr: string): string[] {
  const found =
    stderr.match(/(?:strace|vat): Process \d+ \w+(?: with \d+ threads)?|(?:\+\+\+|---) [^\n]*/g) ?? [];
  return found.map((l) => shapeLine(l).text).sort();
}

test('-q, -qq, -qqq: notices, exit and superseded lines as strace 6.1 drops them (trace on stderr)', () => {
  const cases = [
    [fixture('thread-exec', ['-pthread'])],
    [fixture('killed-read')],
    ['sh', '-c', 'ls / | wc -l > /dev/null'],
  ];
  for (const q of [[], ['-q'], ['-qq'], ['-qqq']])
    for (const command of cases) {
      const argv = [...q, '-f', '--', ...command];
      const s = runTracer('strace', argv, { timeout: 60_000 });
      const v = runTracer('vat', [...PTRACE, ...argv], { timeout: 60_000 });
      // SIGCHLDs of the shell may merge: compare which lines occur, not how often
      const set = (stderr: string) => [...new Set(statusLines(stderr))];
      assert.deepEqual(set(v.stderr), set(s.stderr), `${argv.join(' ')}\n${v.stderr.slice(-2000)}`);
    }
});

test('-o FILE with a command implies -q: no notices; -ff files likewise', () => {
  const dir = scratch();
  const v = spawnSync(
    process.execPath,
    [CLI, ...PTRACE, '-f', '-o', join(dir, 'v'), '--', fixture('fork-wait')],
    {
      encoding: 'utf8',
    },
  );
  assert.equal(v.status, 0);
  assert.equal(v.stderr, '');
});

test('-f on stderr: `[pid N]` prefixes only while more than one process is traced', () => {
  const exe = fixture('fork-wait');
  const check = (stderr: string, who: string) => {
    const lines = stderr.split('\n').filter((l) => l !== '' && !/^(strace|vat): /.test(l));
    const exitAt = lines.findIndex((l) => /\+\+\+ exited with 3 \+\+\+$/.test(l));
    const cloneAt = lines.findIndex((l) => /^clone/.test(l));
    assert.ok(cloneAt > 0 && exitAt > cloneAt, `${who}: ${stderr}`);
    assert.ok(
      lines.slice(0, cloneAt).every((l) => !l.startsWith('[pid')),
      `${who}: no prefix before the fork`,
    );
    assert.match(
      lines[exitAt] as string,
      /^\[pid +\d+\] \+\+\+ exited with 3/,
      `${who}: the child's exit is prefixed`,
    );
    assert.ok(
      lines.slice(exitAt + 1).every((l) => !l.startsWith('[pid')),
      `${who}: no prefix once the child is gone\n${stderr}`,
    );
    const child = /^\[pid +(\d+)\] \+\+\+ exited/.exec(lines[exitAt] as string)?.[1];
    assert.equal(
      count(stderr.split('\n'), new RegExp(`: Process ${child} attached`)),
      1,
      `${who}: one notice`,
    );
  };
  check(runTracer('strace', ['-f', '--', exe]).stderr, 'strace');
  check(runTracer('vat', [...PTRACE, '-f', '--', exe]).stderr, 'vat');
});

function waitFor(
  child: ChildProcess,
  pattern: RegExp,
  stream: 'stderr' | 'stdout' = 'stderr',
): Promise<string> {
  return new Promise((resolve, reject) => {
    let seen = '';
    const timer = setTimeout(() => reject(new Error(`timed out waiting for ${pattern}: ${seen}`)), 20_000);
    const onData = (d: Buffer) => {
      seen += d.toString();
      if (pattern.test(seen)) {
        clearTimeout(timer);
        child[stream]?.off('data', onData);
        resolve(seen);
      }
    };
    child[stream]?.on('data', onData);
  });
}

const exited = (child: ChildProcess): Promise<{ code: number | null; signal: NodeJS.Signals | null }> =>
  new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null)
      resolve({ code: child.exitCode, signal: child.signalCode });
    else child.on('exit', (code, signal) => resolve({ code, signal }));
  });

const tasks = (pid: number): number[] => readdirSync(`/proc/${pid}/task`).map(Number);
const taskStatus = (pid: number, tid: number): string =>
  readFileSync(`/proc/${pid}/task/${tid}/status`, 'utf8');

/** Every thread runs or sleeps (not stopped, T/t) and none has a tracer. */
function assertRunningFree(pid: number): void {
  for (const tid of tasks(pid)) {
    const status = taskStatus(pid, tid);
    assert.match(status, /^State:\s+[SR]/m, `thread ${tid} runs or sleeps`);
    assert.match(status, /^TracerPid:\s+0$/m, `thread ${tid} has no tracer`);
  }
}

/** Starts the 4-thread ticker (not under any tracer) and returns it with its pid once every thread runs. */
async function ticker(): Promise<{ child: ChildProcess; pid: number }> {
  const child = spawn(fixture('threads-ticker', ['-pthread']), [], { stdio: ['ignore', 'pipe', 'ignore'] });
  const pid = Number((await waitFor(child, /^\d+\n/, 'stdout')).trim());
  return { child, pid };
}

/** `tracer -f -p PID`, then SIGINT once every thread showed a call; returns stderr and how it ended. */
async function attachAndInterrupt(tracer: 'vat' | 'strace', pid: number, follow: boolean) {
  const argv = [...(follow ? ['-f'] : []), '-p', String(pid)];
  const proc =
    tracer === 'vat'
      ? spawn(process.execPath, [CLI, ...PTRACE, ...argv], { stdio: ['ignore', 'ignore', 'pipe'] })
      : spawn('strace', argv, { stdio: ['ignore', 'ignore', 'pipe'] });
  const end = exited(proc);
  const want = follow ? tasks(pid) : [pid];
  const seenAll = new RegExp(
    want.map((tid) => `(?=[\\s\\S]*${follow ? `\\[pid +${tid}\\] ` : '\\n'}getppid\\()`).join(''),
  );
  let stderr = await waitFor(proc, seenAll);
  proc.stderr?.on('data', (d: Buffer) => {
    stderr += d.toString();
  });
  proc.kill('SIGINT');
  const how = await end;
  return { stderr, ...how };
}

const notices = (stderr: string): string[] =>
  (stderr.match(/(?:strace|vat): Process \d+ \w+(?: with \d+ threads)?/g) ?? []).map((n) =>
    n.replace(/^\w+/, 'TRACER').replace(/Process \d+/, 'Process PID'),
  );

test('vat -f -p PID of a 4-thread process: every thread attached and traced; SIGINT detaches all, as strace', async () => {
  const { child, pid } = await ticker();
  try {
    for (const tracer of ['strace', 'vat'] as const) {
      const r = await attachAndInterrupt(tracer, pid, true);
      assert.equal(r.signal, 'SIGINT', `${tracer} dies of SIGINT after detaching`);
      const n = notices(r.stderr);
      assert.deepEqual(
        n,
        ['TRACER: Process PID attached with 4 threads', ...Array(4).fill('TRACER: Process PID detached')],
        `${tracer}: ${r.stderr.slice(0, 500)}`,
      );
      for (const tid of tasks(pid))
        assert.match(r.stderr, new RegExp(`: Process ${tid} detached`), `${tracer} detached thread ${tid}`);
      assertRunningFree(pid);
    }
  } finally {
    child.kill('SIGKILL');
  }
});

test('vat -p PID without -f: only the thread named is traced, as strace', async () => {
  const { child, pid } = await ticker();
  try {
    for (const tracer of ['strace', 'vat'] as const) {
      const r = await attachAndInterrupt(tracer, pid, false);
      assert.deepEqual(notices(r.stderr), ['TRACER: Process PID attached', 'TRACER: Process PID detached']);
      assert.doesNotMatch(r.stderr, /\[pid/, `${tracer}: one thread, no prefixes`);
      assertRunningFree(pid);
    }
  } finally {
    child.kill('SIGKILL');
  }
});

for (const engine of ENGINES)
  test(`${engine}: vat SIGKILLed: a launched tracee dies with it (PTRACE_O_EXITKILL, eBPF: PR_SET_PDEATHSIG), an attached one runs on`, async () => {
    // launched: the command prints its pid on vat's stdout
    const vat = spawn(
      process.execPath,
      [CLI, '--engine', engine, '-f', '-o', '/dev/null', '--', fixture('threads-ticker', ['-pthread'])],
      {
        stdio: ['ignore', 'pipe', 'ignore'],
      },
    );
    const launched = Number((await waitFor(vat, /^\d+\n/, 'stdout')).trim());
    assert.ok(tasks(launched).length === 4);
    vat.kill('SIGKILL');
    await exited(vat);
    const gone = () => {
      try {
        return /^State:\s+[ZX]/m.test(readFileSync(`/proc/${launched}/status`, 'utf8'));
      } catch {
        return true;
      }
    };
    for (let i = 0; i < 200 && !gone(); i++) await new Promise((r) => setTimeout(r, 50));
    assert.ok(gone(), 'the launched command died with vat');

    // attached: it runs on, untraced
    const { child, pid } = await ticker();
    try {
      const proc = spawn(process.execPath, [CLI, '--engine', engine, '-f', '-p', String(pid)], {
        stdio: ['ignore', 'ignore', 'pipe'],
      });
      await waitFor(proc, /getppid\(/);
      proc.kill('SIGKILL');
      await exited(proc);
      for (let i = 0; i < 100 && /TracerPid:\s+[1-9]/.test(taskStatus(pid, pid)); i++)
        await new Promise((r) => setTimeout(r, 20));
      assertRunningFree(pid);
      assert.equal(child.exitCode, null, 'still running');
    } finally {
      child.kill('SIGKILL');
    }
  });

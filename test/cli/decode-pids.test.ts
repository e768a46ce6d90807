// -Y and --decode-pids=pidns against strace 6.1: the `[pid N<comm>]` prefix, and pids seen from a pid namespace.
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { once } from 'node:events';
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { CLI, fixture, scratch } from '../helpers/fixtures.js';
import { traceWith } from '../helpers/strace-oracle.js';

const dirs: string[] = [];
after(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

/** A tracer's stderr (the trace, as no -o is given). */
function stderrOf(tracer: 'strace' | 'vat', args: readonly string[]): string {
  const r =
    tracer === 'vat'
      ? spawnSync(process.execPath, [CLI, ...args], { encoding: 'utf8', timeout: 60_000 })
      : spawnSync('strace', args, { encoding: 'utf8', timeout: 60_000 });
  assert.equal(r.status, 0, r.stderr);
  return r.stderr;
}

/** `-f -o` lines without their pid, each call whole again (`<unfinished ...>` joined to its `<... resumed>`). */
function joined(trace: string): string[] {
  const open = new Map<string, string>();
  const out: string[] = [];
  for (const line of trace.split('\n')) {
    const m = /^(\d+) +(.*)$/.exec(line);
    if (!m) continue;
    const [, pid = '', body = ''] = m;
    if (body.endsWith(' <unfinished ...>')) open.set(pid, body.slice(0, -' <unfinished ...>'.length));
    else if (body.startsWith('<... ')) {
      out.push(`${open.get(pid) ?? ''}${body.replace(/^<\.\.\. [a-z0-9_]+ resumed>/, '')}`);
      open.delete(pid);
    } else out.push(body);
  }
  return out;
}

test('-Y on stderr: the pid is padded to 5 as strace pads it, the <comm> follows unpadded', () => {
  const args = ['-Y', '-f', '-qq', '-e', 'trace=execve,exit_group', '--', 'sh', '-c', '/bin/true; true'];
  const prefixes = (t: string): string[] =>
    [...t.matchAll(/^\[pid( +)(\d+)(<[^>]*>)\] /gm)].map((m) => {
      const [, pad = '', pid = '', comm = ''] = m;
      return `${' '.repeat(Math.max(0, pad.length + pid.length - 5) + 1)}${'N'.repeat(Math.min(pid.length, 5))}${comm}`;
    });
  const s = prefixes(stderrOf('strace', args));
  const v = prefixes(stderrOf('vat', args));
  assert.ok(s.length > 0);
  assert.deepEqual(v, s);
});

test('--decode-pids=pidns in a new pid namespace: the same pids and comments as strace', () => {
  const dir = scratch();
  dirs.push(dir);
  const options = ['-f', '--decode-pids=pidns', '-e', 'trace=getpid,getppid,gettid,kill,tgkill,wait4,clone'];
  const command = ['unshare', '--pid', '--fork', fixture('pidns-calls')];
  // whole lines of the calls that never wait, without their prefix; the tracer's own pids made alike
  const lines = (t: string): string[] =>
    joined(t)
      .filter((l) => /^(getpid|getppid|gettid|kill|tgkill)\(.*= /.test(l))
      .map((l) => l.replace(/\/\* \d+ in strace's PID NS \*\//g, "/* N in strace's PID NS */"))
      .map((l) => l.replace(/ +=/, ' ='))
      .sort();
  const s = traceWith('strace', options, command, dir);
  const v = traceWith('vat', options, command, dir);
  assert.equal(v.status, s.status, v.stderr);
  assert.ok(
    lines(s.trace).some((l) => l.includes("/* N in strace's PID NS */")),
    s.trace,
  );
  assert.deepEqual(lines(v.trace), lines(s.trace));
  // the comment names the process as vat sees it: getpid's is the line's own prefix
  for (const m of v.trace.matchAll(/^(\d+) +getpid\(\) += 1 \/\* (\d+) in strace's PID NS \*\//gm))
    assert.equal(m[2], m[1]);
  // a fork's result and a wait4 argument are given in both namespaces too, as strace gives them
  const whole = joined(v.trace).join('\n');
  assert.match(whole, /clone\(.*= 2 \/\* \d+ in strace's PID NS \*\//);
  assert.match(whole, /wait4\(2 \/\* \d+ in strace's PID NS \*\//);
});

test("--decode-pids=pidns in vat's own namespace changes nothing, as strace", () => {
  const dir = scratch();
  dirs.push(dir);
  const v = traceWith('vat', ['-f', '--decode-pids=pidns'], [fixture('pidns-calls')], dir);
  assert.equal(v.status, 0, v.stderr);
  assert.doesNotMatch(v.trace, /PID NS/);
  assert.match(v.trace, /getpid\(\) += \d+\n/);
});

test("-Y -f -o: the launcher's execve line names the tracer, as strace's names strace (the exec has not happened yet)", () => {
  const dir = scratch();
  dirs.push(dir);
  const options = ['-Y', '-f', '-e', 'trace=execve'];
  const first = (t: string): string =>
    t
      .split('\n')[0]
      ?.replace(/^\d+</, 'N<')
      .replace(/0x[0-9a-f]+/, 'ADDR') ?? '';
  const s = first(traceWith('strace', options, ['/bin/true'], dir).trace);
  const v = first(traceWith('vat', options, ['/bin/true'], dir).trace);
  assert.match(s, /^N<strace> execve\("\/bin\/true"/);
  assert.equal(v, s.replace('<strace>', '<vat>'));
});

test('-b execve on stderr: the detach notice and ` <detached ...>` come where strace puts them', () => {
  const args = ['-b', 'execve', '-e', 'trace=execve,exit_group', '--', 'sh', '-c', 'exec /bin/true'];
  const norm = (t: string): string =>
    t
      .replace(/^(strace|vat): /gm, 'TRACER: ')
      .replace(/(strace|vat): Process \d+/g, 'TRACER: Process N')
      .replace(/0x[0-9a-f]+/g, 'ADDR');
  const s = norm(stderrOf('strace', args));
  const v = norm(stderrOf('vat', args));
  assert.match(s, /<detached \.\.\.>/);
  assert.equal(v, s);
});

test("-Y: the command's parent is the tracer, named vat as strace's is named strace (getppid, /proc/PPID/comm)", () => {
  const dir = scratch();
  dirs.push(dir);
  const options = ['-Y', '-e', 'trace=getppid'];
  const command = ['/bin/sh', '-c', 'cat /proc/$PPID/comm > comm.txt'];
  const line = (t: string): string => t.split('\n')[0]?.replace(/= \d+</, '= N<') ?? '';
  const s = line(traceWith('strace', options, command, dir).trace);
  const seenUnderStrace = readFileSync(join(dir, 'comm.txt'), 'utf8');
  const v = line(traceWith('vat', options, command, dir).trace);
  assert.match(s, /^getppid\(\) += N<strace>$/);
  assert.equal(seenUnderStrace, 'strace\n');
  assert.equal(v, s.replace('<strace>', '<vat>'));
  assert.equal(readFileSync(join(dir, 'comm.txt'), 'utf8'), 'vat\n');
});

/**
 * The trace of pidns-calls, itself in a new pid namespace, by a tracer in a new pid namespace that keeps the outer
 * /proc (where /proc/N is not the tracer's pid N), as strace's tests run it.
 */
function traceUnderUnshare(tracer: 'strace' | 'vat', out: string): string {
  const argv = [
    '-f',
    '--decode-pids=pidns',
    '-e',
    'trace=getpid,getppid,gettid,kill,tgkill',
    '-o',
    out,
    '--',
  ];
  const command = ['unshare', '--pid', '--fork', fixture('pidns-calls')];
  const tracerArgv = tracer === 'vat' ? [process.execPath, CLI] : ['strace'];
  const r = spawnSync('unshare', ['-Urpf', ...tracerArgv, ...argv, ...command], {
    encoding: 'utf8',
    timeout: 60_000,
  });
  assert.equal(r.status, 0, r.stderr);
  return readFileSync(out, 'utf8');
}

/** Whole lines without prefixes and numbers: pids differ per run, the comments must be there in both. */
const pidnsLines = (t: string): string[] =>
  joined(t)
    // SIGCHLD's si_utime/si_stime get a seconds comment when the child used a clock tick, which depends on the run;
    // its si_pid is translated only while the exited child is still there to look up, a race in both tracers
    .map((l) =>
      l
        .replace(/ \/\* \d+\.\d+ s \*\//g, '')
        .replace(/^(--- SIGCHLD .*si_pid=\d+) \/\* \d+ in strace's PID NS \*\//, '$1')
        .replace(/\d+/g, 'N')
        .replace(/ +=/, ' ='),
    )
    .sort();

/** strace and vat under `unshare -Urpf` trace the same lines, translations included (they must be there). */
function sameUnderUnshare(dir: string): void {
  const s = pidnsLines(traceUnderUnshare('strace', join(dir, 'strace.txt')));
  const v = pidnsLines(traceUnderUnshare('vat', join(dir, 'vat.txt')));
  assert.ok(
    s.some((l) => l.includes("in strace's PID NS")),
    s.join('\n'),
  );
  assert.deepEqual(v, s);
}

test('--decode-pids=pidns with /proc mounted by an ancestor namespace (the tracer under unshare -pf): as strace', () => {
  const dir = scratch();
  dirs.push(dir);
  sameUnderUnshare(dir);
});

test("--decode-pids=pidns under unshare -pf beside another pid namespace of the same depth: its pids are not vat's", async () => {
  const dir = scratch();
  dirs.push(dir);
  // a sibling namespace started first (lower /proc numbers, met first by a scan) holding pids 1-21 as vat's
  // holds them: as under `make -j2 check`, where two pidns tests run side by side
  const decoy = spawn(
    'unshare',
    ['--kill-child', '-Urpf', 'sh', '-c', 'for i in $(seq 20); do sleep 60 & done; echo up; wait'],
    { stdio: ['ignore', 'pipe', 'ignore'] },
  );
  try {
    // its shell says `up` once the sleeps are started
    await once(decoy.stdout, 'data');
    sameUnderUnshare(dir);
  } finally {
    decoy.kill('SIGKILL');
  }
});

test('--decode-pids=pidns: groups, sessions, fd owners, priorities and siginfo translated by kind, as strace', () => {
  const dir = scratch();
  dirs.push(dir);
  const options = [
    '-f',
    '--decode-pids=pidns',
    '-e',
    'trace=setpgid,getpgrp,getpgid,getsid,fcntl,getpriority,rt_sigqueueinfo',
  ];
  const command = ['unshare', '--pid', '--fork', fixture('pidns-groups')];
  // pids differ per run: numbers become N, the translations' words stay
  const lines = (t: string): string[] =>
    joined(t)
      .filter((l) => /^(setpgid|getpgrp|getpgid|getsid|fcntl|getpriority|rt_sigqueueinfo)\(/.test(l))
      .map((l) =>
        l
          .replace(/0x[0-9a-f]+/g, 'ADDR')
          .replace(/\d+/g, 'N')
          .replace(/ +=/, ' ='),
      );
  const s = traceWith('strace', options, command, dir);
  const v = traceWith('vat', options, command, dir);
  assert.equal(v.status, s.status, v.stderr);
  const expected = lines(s.trace);
  assert.ok(expected.filter((l) => l.includes("in strace's PID NS")).length >= 8, expected.join('\n'));
  assert.deepEqual(lines(v.trace), expected);
});

test('--pidns-translation is --decode-pids=pidns (strace 6.1 takes both)', () => {
  const dir = scratch();
  dirs.push(dir);
  const command = ['unshare', '--pid', '--fork', fixture('pidns-groups')];
  const a = traceWith('vat', ['-f', '--pidns-translation', '-e', 'trace=getpgrp'], command, dir);
  assert.equal(a.status, 0, a.stderr);
  assert.match(a.trace, /getpgrp\(\) += \d+ \/\* \d+ in strace's PID NS \*\//);
});

test('-Y names processes and threads, never groups or sessions (F_SETOWN, priorities, siginfo), as strace', () => {
  const dir = scratch();
  dirs.push(dir);
  const options = ['-Y', '-e', 'trace=setpgid,getpgrp,getpgid,getsid,fcntl,getpriority,rt_sigqueueinfo'];
  const lines = (t: string): string[] =>
    t
      .split('\n')
      .map((l) =>
        l
          .replace(/0x[0-9a-f]+/g, 'ADDR')
          .replace(/\d+/g, 'N')
          .replace(/ +=/, ' ='),
      )
      .filter((l) => l !== '');
  const s = traceWith('strace', options, [fixture('pidns-groups')], dir);
  const v = traceWith('vat', options, [fixture('pidns-groups')], dir);
  assert.equal(v.status, s.status, v.stderr);
  const expected = lines(s.trace);
  assert.ok(
    expected.some((l) => l.includes('F_SETOWN, N<pidns-groups>')),
    expected.join('\n'),
  );
  assert.deepEqual(lines(v.trace), expected);
});

test('-Y quotes a command name the tracee chose, as strace: escapes in octal, `<` and `>` too, in the prefix and in arguments; the exit line has the name an untraced exec gave', () => {
  const options = ['-f', '-Y', '-q', '-e', 'trace=kill', '-e', 'signal=none'];
  // the pids alike (not the octal escapes, which follow a backslash)
  const lines = (t: string): string[] =>
    t
      .split('\n')
      .filter(Boolean)
      .map((l) => l.replace(/(?<!\\\d*)\d+/g, 'N'));
  const s = traceWith('strace', options, [fixture('hostile-comm')]).trace;
  const v = traceWith('vat', options, [fixture('hostile-comm')]);
  assert.equal(lines(s).length, 7);
  assert.match(s, /<exe> \+\+\+ exited with 0 \+\+\+/);
  assert.ok(s.includes('<foo\\33[2Jbar>') && s.includes('<foo\\74bar\\76>'));
  assert.deepEqual(lines(v.trace), lines(s));
  // nothing the tracee named reaches the output raw: no control byte, no byte outside ASCII
  assert.ok(
    [...v.trace].every((ch) => ch === '\n' || (ch >= ' ' && ch <= '~')),
    v.trace,
  );
});

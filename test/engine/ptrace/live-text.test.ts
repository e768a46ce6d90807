// The plain-text path (engine/ptrace/live-text.ts: calls printed from a copy of their registers, without events)
// against the general path (VAT_LIVE_TEXT=off): the same lines under the options that change how a call prints,
// for programs whose calls read strings and buffers, fail, fork, are killed inside a call and are restarted.
import assert from 'node:assert/strict';
import { mkdirSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { DEFAULT_DECODE } from '../../../src/decode/options.js';
import { LiveText } from '../../../src/engine/ptrace/live-text.js';
import { syscallByName } from '../../../src/tables/syscalls.js';
import { maskedFfRuns } from '../../helpers/ff-traces.js';
import { fixture, tempDir } from '../../helpers/fixtures.js';
import { runVat } from '../../helpers/run-vat.js';

/** What differs between any two runs: the fixtures' polling (wait-state.h), random bytes, vat's own pid, and the
 * environment execve shows (VAT_LIVE_TEXT itself). */
const NOISE = 'trace=!open,pread64,close,nanosleep,clock_nanosleep,getrandom,getppid,execve';

/** A -ff run into a fresh directory (its traces compared with maskedFfRuns). */
function traces(args: readonly string[], command: readonly string[], off: boolean) {
  const dir = tempDir('vat-live-text-');
  const env = off ? { ...process.env, VAT_LIVE_TEXT: 'off' } : { ...process.env, VAT_LIVE_TEXT: 'on' };
  // the subject is the ptrace engine's live path (VAT_LIVE_TEXT): pinned (the default may be eBPF)
  const run = runVat(
    ['--engine', 'ptrace', '-ff', '-o', join(dir, 't'), '-e', NOISE, ...args, '--', ...command],
    {
      env,
    },
  );
  return { status: run.status, stderr: run.stderr, dir };
}

/** A directory for live-structs: a file whose times are fixed (-v prints them) and a subdirectory. */
function structsDir(): string {
  const dir = tempDir('vat-live-structs-');
  writeFileSync(join(dir, 'f'), 'hello\n');
  utimesSync(join(dir, 'f'), 1700000000, 1600000000);
  mkdirSync(join(dir, 'sub'));
  return dir;
}

const commands: { name: string; command: () => string[] }[] = [
  { name: 'files: paths, buffers, stat, failures', command: () => [fixture('decode-files')] },
  { name: 'structs, narrowed registers, fcntl', command: () => [fixture('live-structs'), structsDir()] },
  {
    name: 'hooked and entry structs: fcntl, rt_sigaction, wait4, prlimit64',
    command: () => [fixture('live-hooks')],
  },
  { name: 'calls failing on bad input', command: () => [fixture('failed-inputs')] },
  { name: 'forks and exits', command: () => [fixture('fork-tree'), '6'] },
  { name: 'a tracee killed inside read', command: () => [fixture('killed-read')] },
  { name: 'a signal delivered, restart_syscall', command: () => [fixture('restart')] },
];

const options: readonly (readonly string[])[] = [
  [],
  ['-s', '4', '-x'],
  ['-xx', '-a', '20', '-v'],
  ['-z'],
  ['-e', 'status=failed,unfinished'],
  ['-e', 'trace=read,write,openat,newfstatat,exit_group', '-qq'],
];

for (const c of commands)
  test(`live text: ${c.name}, the same lines as through events`, () => {
    const command = c.command();
    for (const args of options) {
      const live = traces(args, command, false);
      const events = traces(args, command, true);
      assert.equal(live.status, events.status, live.stderr);
      const [liveTexts = [], eventTexts = []] = maskedFfRuns([live.dir, events.dir]);
      assert.ok(eventTexts.join('').split('\n').length > 3, `${args.join(' ')}: ${eventTexts.join('')}`);
      assert.deepEqual(liveTexts, eventTexts, args.join(' '));
    }
  });

test('live text: the struct, narrowed and hooked calls take the path (plain text, -v), not under -y', () => {
  const mem = { read: () => undefined, readString: () => undefined };
  const calls = [
    ...['newfstatat', 'fstat', 'stat', 'lstat', 'statx', 'openat', 'getdents64', 'getdents'],
    // walk's fcntl, make's rt_sigaction, wait4 and prlimit64 (issue 16 stop 24)
    ...['fcntl', 'rt_sigaction', 'wait4', 'prlimit64', 'kill', 'getrlimit', 'setrlimit'],
    ...['rt_sigprocmask', 'rt_sigpending', 'statfs', 'fstatfs'],
  ];
  for (const verbose of [false, true]) {
    const live = new LiveText({ ...DEFAULT_DECODE, verbose }, mem);
    for (const name of calls)
      assert.ok(live.plan(syscallByName('x86_64', name)?.nr ?? -1), `${name}${verbose ? ' -v' : ''}`);
  }
  assert.equal(LiveText.usable({ ...DEFAULT_DECODE, yflag: 1 }), false);
});

// The one-crossing stop step (sys/stop-step.ts: the resume of the stop before, wait4 and PTRACE_GET_SYSCALL_INFO
// in one native routine) against the same three calls made through libc (VAT_STOP_STEP=libc, what a host that
// refuses executable memory gets): the traces of group-stops, ptrace events, signals, killed tracees, threads
// and restarted calls are the same lines either way.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { maskedFfRuns } from '../../helpers/ff-traces.js';
import { CLI, fixture, tempDir } from '../../helpers/fixtures.js';
import { runVat } from '../../helpers/run-vat.js';
import { hasStrace } from '../../helpers/strace-oracle.js';

const libcEnv = { ...process.env, VAT_STOP_STEP: 'libc' };
/** The subject is how the ptrace engine waits at its stops: pinned (the default may be eBPF, which never stops). */
const PTRACE = ['--engine', 'ptrace'];

/** What differs between any two runs: the fixtures' polling (wait-state.h: open, pread64, close, nanosleep, as
 * often as timing makes it), random bytes, and vat's own pid (getppid). */
const NOISE = '!open,pread64,close,nanosleep,clock_nanosleep,getrandom,getppid';

/**
 * Each process's trace (-ff: one file per process, so no line is split by another's), with pids, addresses and
 * the environment's size masked; the list sorted, as processes may be numbered in any order.
 */
function traces(args: readonly string[], command: readonly string[], env?: NodeJS.ProcessEnv) {
  const dir = tempDir('vat-stop-step-');
  const run = runVat(
    [...PTRACE, '-ff', '-o', join(dir, 't'), '-e', `trace=${NOISE}`, ...args, '--', ...command],
    {
      ...(env ? { env } : {}),
    },
  );
  return { status: run.status, stderr: run.stderr, dir };
}

/** The runs' traces, comparable (ff-traces.ts); VAT_STOP_STEP itself is one more variable in the environment. */
const masked = (...runs: { dir: string }[]): string[][] =>
  maskedFfRuns(
    runs.map((r) => r.dir),
    (t) => t.replace(/\/\* \d+ vars \*\//, '/* N vars */'),
  );

const cases: { name: string; command: () => string[] }[] = [
  { name: 'group-stop and SIGCONT (PTRACE_LISTEN)', command: () => [fixture('stop-cont')] },
  { name: 'fork events and exits', command: () => [fixture('fork-tree'), '20'] },
  { name: 'a tracee killed inside read', command: () => [fixture('killed-read')] },
  { name: 'a signal delivered, restart_syscall', command: () => [fixture('restart')] },
  { name: 'a thread exec, the others gone', command: () => [fixture('thread-exec', ['-pthread'])] },
];

for (const c of cases)
  test(`stop step: ${c.name}, the same trace with one native call per stop as with libc`, () => {
    const command = c.command();
    const native = traces([], command);
    const viaLibc = traces([], command, libcEnv);
    assert.equal(native.status, viaLibc.status, native.stderr);
    const [nativeTexts = [], libcTexts = []] = masked(native, viaLibc);
    assert.ok(nativeTexts.join('').split('\n').length > 10, nativeTexts.join(''));
    assert.deepEqual(nativeTexts, libcTexts);
  });

const loopOffEnv = { ...process.env, VAT_STOP_LOOP: 'off' };

// Without the seccomp filter every call stops: the step passes over the calls -e trace= does not select
for (const c of cases)
  test(`stop step: ${c.name}, calls outside -e trace= passed over in the step (native and libc) as in JavaScript`, () => {
    const command = c.command();
    const off = traces(['--no-seccomp-bpf'], command, loopOffEnv);
    const native = traces(['--no-seccomp-bpf'], command);
    const viaLibc = traces(['--no-seccomp-bpf'], command, libcEnv);
    assert.equal(native.status, off.status, native.stderr);
    const [offTexts = [], nativeTexts = [], libcTexts = []] = masked(off, native, viaLibc);
    assert.ok(offTexts.join('').split('\n').length > 10, offTexts.join(''));
    assert.deepEqual(nativeTexts, offTexts);
    assert.deepEqual(libcTexts, offTexts);
  });

/** -c's calls and errors per syscall (times vary from run to run), of the calls `filter` selects. */
function summary(command: readonly string[], filter: string, env?: NodeJS.ProcessEnv) {
  const dir = tempDir('vat-stop-step-');
  const out = join(dir, 'c');
  const args = [
    ...PTRACE,
    '-f',
    '-c',
    '-U',
    'name,calls,errors',
    '-S',
    'name',
    '-e',
    `trace=${filter}`,
    '-o',
    out,
  ];
  const run = runVat([...args, '--', ...command], { ...(env ? { env } : {}) });
  return { status: run.status, stderr: run.stderr, table: readFileSync(out, 'utf8') };
}

/** Each case's calls, the same in every run: 64 threads' futex, mmap and munmap calls vary with timing. */
const counted: { name: string; command: () => string[]; filter?: string }[] = [
  { name: 'fork events and exits', command: () => [fixture('fork-tree'), '20'] },
  {
    name: '64 threads',
    command: () => [fixture('threads64', ['-pthread'])],
    filter: 'gettid,rseq,set_robust_list,rt_sigprocmask,clone3,execve,access,exit',
  },
  { name: 'failed calls', command: () => [fixture('failed-inputs')] },
  { name: 'a tracee killed inside read', command: () => [fixture('killed-read')] },
  { name: 'a signal delivered, restart_syscall', command: () => [fixture('restart')] },
  { name: 'a thread exec, the others gone', command: () => [fixture('thread-exec', ['-pthread'])] },
];

for (const c of counted)
  test(`stop step: -c of ${c.name}, counted in the step (native and libc) as in JavaScript`, () => {
    const command = c.command();
    const filter = c.filter ?? NOISE;
    const off = summary(command, filter, loopOffEnv);
    const native = summary(command, filter);
    const viaLibc = summary(command, filter, libcEnv);
    assert.equal(native.status, off.status, native.stderr);
    assert.match(off.table, /total/);
    assert.equal(native.table, off.table);
    assert.equal(viaLibc.table, off.table);
  });

test('-d says how stops are waited for: one native call here, three libc calls under VAT_STOP_STEP=libc', (t) => {
  const native = runVat([...PTRACE, '-d', '-o', '/dev/null', '--', '/bin/true']);
  const viaLibc = runVat([...PTRACE, '-d', '-o', '/dev/null', '--', '/bin/true'], { env: libcEnv });
  assert.match(viaLibc.stderr, /ptrace stops: three libc calls each \(VAT_STOP_STEP=libc\)/);
  const refused = native.stderr.match(/ptrace stops: three libc calls each \((.*)\)/);
  if (refused) {
    t.skip(`this host refuses the native step: ${refused[1]}`);
    return;
  }
  assert.match(native.stderr, /ptrace stops: one native call each/);
});

/** vat's own ptrace calls while it traces `ls` with `-e trace=SET`, counted by strace tracing vat. */
function ptraceCalls(set: string, env?: NodeJS.ProcessEnv, extra: readonly string[] = []): number {
  const dir = tempDir('vat-get-regs-');
  const log = join(dir, 'ptrace.log');
  const run = spawnSync(
    'strace',
    ['-qq', '-e', 'signal=none', '-e', 'trace=ptrace', '-o', log, '--', process.execPath, CLI].concat([
      ...PTRACE,
      '-qq',
      ...extra,
      '-e',
      'signal=none',
      '-e',
      `trace=${set}`,
      '-o',
      join(dir, 'trace.txt'),
      '--',
      '/bin/ls',
      '/usr',
    ]),
    { encoding: 'utf8', ...(env ? { env } : {}) },
  );
  assert.equal(run.status, 0, run.stderr);
  return readFileSync(log, 'utf8')
    .split('\n')
    .filter((l) => l.startsWith('ptrace(')).length;
}

// strace's get_regs test: the exit of a call nobody shows is resumed without PTRACE_GET_SYSCALL_INFO
test('stop step: calls outside -e trace= cost fewer ptrace calls than traced ones (native and libc)', (t) => {
  if (!hasStrace) {
    t.skip('needs strace');
    return;
  }
  for (const env of [undefined, libcEnv]) {
    const none = ptraceCalls('none', env);
    const all = ptraceCalls('all', env);
    assert.ok(none > 0, 'strace saw no ptrace call of vat');
    // per call: none is an entry's info and two resumes (3), all both stops' info too (4); before, both were 4
    assert.ok(none < all * 0.9, `trace=none ${none} ptrace calls, trace=all ${all}`);
  }
});

const liveExitsOffEnv = { ...process.env, VAT_LIVE_EXITS: 'off' };

/**
 * The command's own calls (no -f: the fixtures' helper children are untraced) as plain text into a file, which lets
 * the step queue the exits of live calls that print only their return; addresses and numbers of 3+ digits masked.
 */
function plainTrace(command: readonly string[], env?: NodeJS.ProcessEnv, filter = '--no-seccomp-bpf') {
  const file = join(tempDir('vat-stop-step-'), 't');
  const args = [...PTRACE, filter, '-e', `trace=${NOISE}`, '-o', file, '--', ...command];
  const run = runVat(args, { ...(env ? { env } : {}) });
  const text = readFileSync(file, 'utf8')
    .replace(/\/\* \d+ vars \*\//g, '/* N vars */')
    .replace(/0x[0-9a-f]+/g, 'ADDR')
    .replace(/\b\d{3,}\b/g, 'N');
  return { status: run.status, stderr: run.stderr, text };
}

const queuedExits: { name: string; command: () => string[] }[] = [
  { name: 'failed calls', command: () => [fixture('failed-inputs')] },
  { name: 'exact calls', command: () => [fixture('exact-calls')] },
  { name: 'a signal delivered, restart_syscall', command: () => [fixture('restart')] },
  { name: 'a tracee killed inside read', command: () => [fixture('killed-read')] },
];

// under the tracing seccomp filter the step resumes a thread whose exit it queued with PTRACE_CONT (to its next
// traced call), as the tracer resumes a thread between calls; a PTRACE_SYSCALL there would stop it at every call
for (const filter of ['--no-seccomp-bpf', '--seccomp-bpf'])
  for (const c of queuedExits)
    test(`stop step: ${c.name}, live calls' exits queued in the step (native and libc) as printed in JavaScript, ${filter}`, () => {
      const command = c.command();
      const off = plainTrace(command, liveExitsOffEnv, filter);
      const native = plainTrace(command, undefined, filter);
      const viaLibc = plainTrace(command, libcEnv, filter);
      assert.equal(native.status, off.status, native.stderr);
      assert.equal(viaLibc.status, off.status, viaLibc.stderr);
      assert.ok(off.text.split('\n').length > 10, off.text);
      assert.equal(native.text, off.text);
      assert.equal(viaLibc.text, off.text);
    });

// a thread whose exit the step queued is left as JavaScript leaves a thread between calls: no more ptrace calls than
// when every exit returns there. Under the tracing filter it runs on to its next traced call (PTRACE_CONT; a
// PTRACE_SYSCALL stopped it at the entry and exit of each untraced call); without it, its slot is armed, so its next
// untraced call is passed over in the step (a free slot cost that call's exit a PTRACE_GET_SYSCALL_INFO)
test('stop step: exits queued in the step leave the thread as JavaScript does (native and libc)', (t) => {
  if (!hasStrace) {
    t.skip('needs strace');
    return;
  }
  for (const filter of [['-f', '--seccomp-bpf'], ['--no-seccomp-bpf']])
    for (const env of [process.env, libcEnv]) {
      const queued = ptraceCalls('openat,close', env, filter);
      const returned = ptraceCalls('openat,close', { ...env, VAT_LIVE_EXITS: 'off' }, filter);
      assert.ok(returned > 20, `${returned} ptrace calls`);
      assert.ok(
        queued <= returned,
        `${filter.join(' ')}: queued ${queued} ptrace calls, returned ${returned}`,
      );
    }
});

// Without PTRACE_GET_SYSCALL_INFO (a seccomp filter on vat makes it fail, as strace's
// disable_ptrace_get_syscall_info helper does; a kernel before 5.3), vat reads each syscall stop from the
// registers: -d says which, in strace's words, and the traces are the same lines as with it.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { test } from 'node:test';
import { maskedFfRuns } from '../../helpers/ff-traces.js';
import { CLI, fixture, tempDir } from '../../helpers/fixtures.js';

/** vat with `args`, run under the helper when `legacy`. */
function vat(args: readonly string[], legacy: boolean) {
  // the subject is how the ptrace engine reads its stops: pinned (the default may be eBPF, which makes none)
  const argv = [process.execPath, CLI, '--engine', 'ptrace', ...args];
  const [file, ...rest] = legacy ? [fixture('no-syscall-info'), ...argv] : argv;
  return spawnSync(file as string, rest, { encoding: 'utf8', timeout: 120_000 });
}

/** A -ff run into a fresh directory (its traces compared with maskedFfRuns, pipe inodes masked too). */
function traces(args: readonly string[], legacy: boolean) {
  const dir = tempDir('vat-legacy-info-');
  const run = vat(['-ff', '-o', join(dir, 't'), ...args], legacy);
  return { status: run.status, stderr: run.stderr, dir };
}

test('-d: whether PTRACE_GET_SYSCALL_INFO works, as strace says it', () => {
  assert.match(
    vat(['-d', '-e', 'trace=none', 'true'], false).stderr,
    /^vat: PTRACE_GET_SYSCALL_INFO works$/m,
  );
  const legacy = vat(['-d', '-e', 'trace=none', 'true'], true);
  assert.equal(legacy.status, 0, legacy.stderr);
  assert.match(legacy.stderr, /^vat: PTRACE_GET_SYSCALL_INFO does not work$/m);
});

/** What differs between any two runs: the fixtures' polling (wait-state.h), random bytes. */
const NOISE = '!open,pread64,close,nanosleep,clock_nanosleep,getrandom,execve';

const cases: { name: string; args: () => string[] }[] = [
  {
    name: 'every call of a program, -y, a signal',
    args: () => ['-y', '-e', `trace=${NOISE}`, fixture('signal-fd')],
  },
  {
    name: 'calls restarted after signals',
    args: () => ['-e', `trace=${NOISE}`, fixture('restart')],
  },
  // -f with a trace set would take the seccomp filter, whose stops need the info: off, every call stops
  {
    name: '-f -e trace=SET (the filter left off)',
    args: () => ['-f', '-e', 'trace=getppid,wait4,exit_group', fixture('fork-wait')],
  },
  { name: 'only some calls shown', args: () => ['-e', 'trace=openat,read,write', fixture('decode-files')] },
];

for (const c of cases) {
  test(`the registers give the same trace: ${c.name}`, () => {
    const args = c.args();
    const info = traces(args, false);
    const regs = traces(args, true);
    assert.equal(regs.status, info.status, regs.stderr);
    const [infoTexts = [], regsTexts = []] = maskedFfRuns([info.dir, regs.dir], (t) =>
      t.replace(/pipe:\[\d+\]/g, 'pipe:[INODE]'),
    );
    assert.ok(infoTexts.join('').split('\n').length > 3, infoTexts.join(''));
    assert.deepEqual(regsTexts, infoTexts);
  });
}

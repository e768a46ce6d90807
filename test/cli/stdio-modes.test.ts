// The command's stdio is the open file description vat shares with it: vat must leave its flags as it found
// them. Node makes a piped or socket stdout/stderr non-blocking (libuv), which the command then saw in its
// F_GETFL (and as EAGAIN on writes); strace leaves them alone. Every way vat runs a command is compared with
// the untraced run and with strace, through pipes (a shell's `|`) and sockets (what Node's spawn gives).
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { CLI, fixture, scratch } from '../helpers/fixtures.js';

const dir = scratch();
after(() => rmSync(dir, { recursive: true, force: true }));
const flagsFile = join(dir, 'flags.txt');
const profile = join(dir, 'p.json');
const baseline = join(dir, 'a.jsonl');
let prog = '';

/** fd 0, 1 and 2 each a pipe of its own (stdin from `:`, stdout and stderr into two `cat`s). */
const PIPES = ': | ( "$@" 2>&1 1>&3 3>&- | cat 1>&2 ) 3>&1 | cat';

/** Runs argv (its last word the fixture, given the flags file), returns what the fixture saw. */
function seen(argv: readonly string[], plumbing: 'pipes' | 'sockets'): string {
  rmSync(flagsFile, { force: true });
  const words = [...argv, prog, flagsFile];
  const [cmd, ...args] = words as [string, ...string[]];
  const r =
    plumbing === 'pipes'
      ? spawnSync('sh', ['-c', PIPES, 'sh', ...words], { encoding: 'utf8', cwd: dir, timeout: 120_000 })
      : spawnSync(cmd, args, { encoding: 'utf8', cwd: dir, timeout: 120_000 });
  assert.equal(r.status, 0, `${words.join(' ')}: ${r.stderr}`);
  return readFileSync(flagsFile, 'utf8');
}

const vat = (...args: string[]): string[] => [process.execPath, CLI, ...args];

before(() => {
  prog = fixture('stdio-flags');
  seen(vat('profile', 'record', '-o', profile, '--'), 'sockets');
  seen(vat('--json', '-o', baseline, '--'), 'sockets');
});

const WAYS: Record<string, string[]> = {
  strace: ['strace', '-qq', '-e', 'trace=write'],
  text: vat('-e', 'trace=write', '--'),
  'text, all calls': vat('--'),
  '-o': vat('-o', join(dir, 'o.txt'), '--'),
  '--json': vat('--json', '--'),
  '--json -o': vat('--json', '-o', join(dir, 'o.jsonl'), '--'),
  '-c': vat('-c', '--'),
  '-C': vat('-C', '--'),
  '-ff -o': vat('-ff', '-o', join(dir, 'ff'), '--'),
  '-f --seccomp-bpf': vat('-f', '--seccomp-bpf', '-e', 'trace=write', '--'),
  '-D': vat('-D', '-e', 'trace=write', '--'),
  'profile record': vat('profile', 'record', '-o', join(dir, 'p2.json'), '--'),
  'profile check': vat('profile', 'check', profile, '--'),
  sandbox: vat('sandbox', '--profile', profile, '--'),
  'sandbox --mode log': vat('sandbox', '--profile', profile, '--mode', 'log', '--'),
  files: vat('files', '--'),
  why: vat('why', '--'),
  advise: vat('advise', '--'),
  compare: vat('compare', baseline, '--'),
  report: vat('report', '-o', join(dir, 'r.html'), '--'),
};

for (const plumbing of ['pipes', 'sockets'] as const)
  describe(`stdio through ${plumbing}`, () => {
    let untraced = '';
    before(() => {
      untraced = seen([], plumbing);
    });
    for (const [name, argv] of Object.entries(WAYS))
      test(`${name}: the command sees its fds 0-2 as untraced`, () => {
        assert.equal(seen(argv, plumbing), untraced);
      });
  });

test('a stdout that was non-blocking before vat stays non-blocking for the command', () => {
  // python sets O_NONBLOCK on the pipe, then runs vat on it: vat must not clear what it did not set
  const setNonblock = 'import os,sys; os.set_blocking(1, False); os.execvp(sys.argv[1], sys.argv[1:])';
  const words = ['python3', '-c', setNonblock, ...vat('-e', 'trace=write', '--'), prog, flagsFile];
  const r = spawnSync('sh', ['-c', '"$@" | cat', 'sh', ...words], { encoding: 'utf8', cwd: dir });
  assert.equal(r.status, 0, r.stderr);
  assert.match(readFileSync(flagsFile, 'utf8'), /fd1=04001 /);
});

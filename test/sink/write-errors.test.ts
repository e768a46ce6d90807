// Writing the trace fails (full tmpfs, /dev/full, stderr on /dev/full, EIO from a hung-up pty): vat says it
// once, with the file and the lines lost, tracing goes on and the command keeps its output and exit status. -ff
// closes each process's file when it is gone. Output paths are checked before the command runs.
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { CLI, fixture, scratch } from '../helpers/fixtures.js';
import { runVat } from '../helpers/run-vat.js';

const dir = scratch();
after(() => rmSync(dir, { recursive: true, force: true }));

/** A busy little command: many traced calls, a line on stdout, a status of its own. */
const busy = [
  'sh',
  '-c',
  'i=0; while [ $i -lt 200 ]; do echo x >/dev/null; i=$((i+1)); done; echo done; exit 4',
];

const escaped = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
/** The one line saying what was lost (strace's words, and how many lines when more than one); `perProcess`: the
 * file is FILE.PID. */
const lostLine = (file: string, perProcess = false): RegExp =>
  new RegExp(
    `^vat: ${escaped(file)}${perProcess ? '\\.\\d+' : ''}: No space left on device(?:: ([2-9]|\\d\\d+) lines of the trace lost)?$`,
    'm',
  );

test('-o on a full tmpfs: the command finishes with its output and status; one line says what was lost', (t) => {
  const mnt = join(dir, 'small');
  execFileSync('mkdir', [mnt]);
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=16k', 'tmpfs', mnt], { stdio: 'ignore' });
  } catch {
    t.skip('cannot mount a tmpfs here (not root?)');
    return;
  }
  try {
    for (const mode of [[], ['--json'], ['-ff']]) {
      const out = join(mnt, `t${mode.join('')}`);
      const r = runVat(['-o', out, ...mode, '--', ...busy]);
      assert.equal(r.status, 4, r.stderr);
      assert.equal(r.stdout, 'done\n');
      const lines = r.stderr.split('\n').filter((l) => l.startsWith('vat: '));
      assert.equal(lines.length, 1, r.stderr);
      assert.match(r.stderr, lostLine(out, mode.includes('-ff')));
      execFileSync('sh', ['-c', `rm -f ${mnt}/*`]);
    }
  } finally {
    execFileSync('umount', [mnt]);
  }
});

test('-o /dev/full, --json -o /dev/full, -c -o /dev/full: the command finishes as untraced', () => {
  for (const mode of [[], ['--json'], ['-c'], ['-C']]) {
    const r = runVat(['-o', '/dev/full', ...mode, '--', ...busy]);
    assert.equal(r.status, 4, r.stderr);
    assert.equal(r.stdout, 'done\n');
    assert.match(r.stderr, lostLine('/dev/full'));
    assert.equal(r.stderr.trim().split('\n').length, 1, r.stderr);
  }
});

test("one line lost (-e trace=none -o /dev/full): strace's own message, nothing added (strace 6.1: fflush.test)", () => {
  const r = runVat(['-o', '/dev/full', '-e', 'trace=none', '--', 'true']);
  assert.equal(r.status, 0, r.stderr);
  assert.equal(r.stderr, 'vat: /dev/full: No space left on device\n');
  const s = spawnSync('strace', ['-o', '/dev/full', '-e', 'trace=none', '--', 'true'], { encoding: 'utf8' });
  if (s.status === 0) assert.equal(r.stderr.replace(/^vat:/, 'strace:'), s.stderr);
});

test("-o /dev/full with many lines: the count follows strace's message", () => {
  const r = runVat(['-o', '/dev/full', '--', ...busy]);
  assert.match(r.stderr, /^vat: \/dev\/full: No space left on device: \d+ lines of the trace lost$/m);
});

test('the trace on stderr, stderr on /dev/full: the command finishes as untraced', () => {
  const r = spawnSync('sh', ['-c', `exec "$@" 2>/dev/full`, 'sh', process.execPath, CLI, '--', ...busy], {
    encoding: 'utf8',
  });
  assert.equal(r.status, 4);
  assert.equal(r.stdout, 'done\n');
});

test('EIO: -o on a pty whose master went away mid-run, as ENOSPC: said once, the command finishes', () => {
  for (const mode of [[], ['--json'], ['-C']]) {
    const r = spawnSync(
      fixture('hangup-pty'),
      ['path', process.execPath, CLI, '-o', '@PTY@', ...mode, '--', ...busy],
      {
        encoding: 'utf8',
        timeout: 120_000,
      },
    );
    assert.equal(r.status, 4, r.stderr);
    assert.equal(r.stdout, 'done\n');
    assert.match(r.stderr, /^vat: \/dev\/pts\/\d+: Input\/output error(?:: \d+ lines of the trace lost)?$/m);
    assert.equal(r.stderr.trim().split('\n').length, 1, r.stderr);
  }
});

test('EIO: the trace on stderr, stderr on a hung-up pty: the command finishes as untraced', () => {
  for (const mode of [[], ['-c'], ['-f']]) {
    const r = spawnSync(fixture('hangup-pty'), ['stderr', process.execPath, CLI, ...mode, '--', ...busy], {
      encoding: 'utf8',
      timeout: 120_000,
    });
    assert.equal(r.status, 4, `${mode.join(' ')}: ${r.stderr}`);
    assert.equal(r.stdout, 'done\n');
  }
});

test('-ff closes each process file when the process is gone: 300 children under ulimit -n 64', () => {
  for (const mode of [[], ['--json']]) {
    const out = join(dir, `ff${mode.length}`);
    execFileSync('mkdir', [out]);
    const loop = 'i=0; while [ $i -lt 300 ]; do /bin/true; i=$((i+1)); done; exit 5';
    const r = spawnSync(
      'sh',
      [
        '-c',
        'ulimit -n 64; exec "$@"',
        'sh',
        process.execPath,
        CLI,
        '-ff',
        ...mode,
        '-o',
        join(out, 't'),
        '--',
        'sh',
        '-c',
        loop,
      ],
      { encoding: 'utf8', timeout: 240_000 },
    );
    assert.equal(r.status, 5, r.stderr);
    assert.equal(r.stderr, '');
    assert.equal(readdirSync(out).length, 301);
    const files = readdirSync(out).map((f) => readFileSync(join(out, f), 'utf8'));
    const exits = files.filter((f) => (mode.length ? /"type":"exit"/ : /\+\+\+ exited with/).test(f));
    assert.equal(exits.length, 301, 'every file ends with its process exit');
  }
});

test("output paths are checked before the command runs, with strace's wording", () => {
  const marker = join(dir, 'ran');
  const cases: [string[], string][] = [
    [['-o', dir], `Can't fopen '${dir}': Is a directory`],
    [['-o', join(dir, 'no', 'x')], `Can't fopen '${join(dir, 'no', 'x')}': No such file or directory`],
    [['-ff', '-o', '/dev/full/x'], "Can't fopen '/dev/full/x.PID': Not a directory"],
    [['-c', '-o', dir], `Can't fopen '${dir}': Is a directory`],
    [['--json', '-o', dir], `Can't fopen '${dir}': Is a directory`],
  ];
  for (const [opts, message] of cases) {
    const r = runVat([...opts, '--', 'touch', marker]);
    assert.equal(r.stderr, `vat: ${message}\n`);
    assert.equal(r.status, 1);
    assert.equal(existsSync(marker), false, `${opts.join(' ')}: the command must not run`);
  }
});

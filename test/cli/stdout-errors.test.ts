// vat's own stdout in every subcommand: a reader that went away ends vat quietly (141, as head's writers),
// a full disk or a closed stdout is one line and exit 1. User-caused errors are one line, exit 2.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { CLI, scratch } from '../helpers/fixtures.js';
import { runVat } from '../helpers/run-vat.js';

const dir = scratch();
after(() => rmSync(dir, { recursive: true, force: true }));
const trace = join(dir, 't.jsonl');
const log = join(dir, 's.txt');
before(() => {
  assert.equal(runVat(['--json', '-o', trace, '-f', '--', 'sh', '-c', 'cat /etc/hostname; ls /']).status, 0);
  assert.equal(spawnSync('strace', ['-f', '-o', log, 'sh', '-c', 'ls / >/dev/null']).status, 0);
  mkdirSync(join(dir, 'adir'));
});

/** Runs vat with its stdout redirected by a shell (`REDIR`), returning status and stderr. */
function shell(args: readonly string[], redir: string): { status: number | null; stderr: string } {
  const r = spawnSync('sh', ['-c', `"$@" ${redir}`, 'sh', process.execPath, CLI, ...args], {
    encoding: 'utf8',
    cwd: dir,
  });
  return { status: r.status, stderr: r.stderr };
}

const commands = (): string[][] => [
  ['syscalls', '--json'],
  ['syscalls'],
  ['errno'],
  ['files', trace],
  ['summary', trace],
  ['why', trace],
  ['import', log],
  ['convert', trace, '--to', 'perfetto'],
];

test('a closed stdout pipe ends every subcommand quietly', () => {
  for (const args of commands()) {
    const r = spawnSync('sh', ['-c', '"$@" | head -c 10 >/dev/null', 'sh', process.execPath, CLI, ...args], {
      encoding: 'utf8',
    });
    assert.equal(r.stderr, '', args.join(' '));
  }
});

test('stdout on /dev/full: one line, exit 1', () => {
  for (const args of commands()) {
    const r = shell(args, '>/dev/full');
    assert.equal(r.stderr, 'vat: stdout: No space left on device\n', args.join(' '));
    assert.equal(r.status, 1, args.join(' '));
  }
});

test('stdout closed (>&-): one line, exit 1, never a silent success', () => {
  for (const args of [['syscalls'], ['files', trace]]) {
    const r = shell(args, '>&-');
    assert.equal(r.stderr, 'vat: stdout: Bad file descriptor\n', args.join(' '));
    assert.equal(r.status, 1);
  }
});

test('user-caused file errors: one line naming the file and the reason, exit 2', () => {
  const adir = join(dir, 'adir');
  const cases: [string[], string][] = [
    [['import', log, '-o', '/dev/full'], 'vat: /dev/full: No space left on device\n'],
    [['import', log, '-o', adir], `vat: ${adir}: Is a directory\n`],
    [['convert', trace, '--to', 'jsonl', '-o', adir], `vat: ${adir}: Is a directory\n`],
    [['profile', 'from', adir, '-o', join(dir, 'p.json')], `vat: ${adir}: is a directory, not a trace\n`],
    [['profile', 'from', trace, '-o', '/dev/full'], 'vat: /dev/full: No space left on device\n'],
    [
      ['profile', 'record', '-o', adir, '--', 'touch', join(dir, 'ran')],
      `vat: Can't fopen '${adir}': Is a directory\n`,
    ],
  ];
  for (const [args, message] of cases) {
    const r = runVat(args);
    assert.equal(r.stderr, message, args.join(' '));
    assert.equal(r.status, 2, args.join(' '));
  }
  assert.equal(existsSync(join(dir, 'ran')), false, 'profile record never ran the command');
});

test("node's parseArgs wording never reaches the user: getopt's", () => {
  const cases: [string[], string][] = [
    [['syscalls', '-1'], "vat: syscalls: invalid option -- '1'\n"],
    [['errno', '--bogus'], "vat: errno: unrecognized option '--bogus'\n"],
    [['import', '-o'], "vat: import: option '--output' requires an argument\n"],
  ];
  for (const [args, message] of cases) {
    const r = runVat(args);
    assert.equal(r.stderr, message);
    assert.equal(r.status, 2);
  }
});

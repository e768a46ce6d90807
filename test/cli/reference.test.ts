// `vat syscalls`, `vat errno`, `vat signals`, help, version and bad input, through the real CLI.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { listSyscalls } from '../../src/tables/syscalls.js';
import { runVat } from '../helpers/run-vat.js';

test('vat syscalls openat shows its number on each architecture', () => {
  const r = runVat(['syscalls', 'openat']);
  assert.equal(r.status, 0);
  assert.match(r.stdout, /x86_64\s+257/);
  assert.match(r.stdout, /i386\s+295/);
  assert.match(r.stdout, /arm64\s+56/);
  assert.match(r.stdout, /classes\s+.*%file/);
  assert.match(r.stdout, /summary\s+\S/);
});

test('vat syscalls --arch x86_64 lists every syscall of the pinned table', () => {
  const r = runVat(['syscalls', '--arch', 'x86_64']);
  assert.equal(r.status, 0);
  assert.equal(r.stdout.trim().split('\n').length, listSyscalls('x86_64').length);
});

test('vat syscalls filters by class and pattern, and prints JSON', () => {
  const byClass = runVat(['syscalls', '--class', '%network']).stdout;
  assert.match(byClass, /\bconnect\(/);
  assert.doesNotMatch(byClass, /\bopenat\(/);
  const pattern = runVat(['syscalls', 'open*']).stdout.trim().split('\n');
  assert.ok(
    pattern.every((l) => /^\s*\d+\s+open/.test(l)),
    pattern.join('\n'),
  );
  const json = JSON.parse(runVat(['syscalls', '257', '--json']).stdout) as {
    name: string;
    numbers: { arm64: number };
  };
  assert.equal(json.name, 'openat');
  assert.equal(json.numbers.arm64, 56);
});

test('unknown syscall, architecture, class and errno: one line, exit 2, a suggestion', () => {
  for (const [args, hint] of [
    [['syscalls', 'nosuch'], /unknown syscall/],
    [['syscalls', 'opnat'], /did you mean 'openat'/],
    [['syscalls', '--arch', 'x86'], /unknown architecture 'x86'/],
    [['syscalls', '--class', '%fil'], /did you mean '%file'/],
    [['errno', 'ENOENTT'], /did you mean 'ENOENT'/],
  ] as const) {
    const r = runVat(args);
    assert.equal(r.status, 2, args.join(' '));
    assert.equal(r.stderr.trim().split('\n').length, 1, r.stderr);
    assert.match(r.stderr, hint);
  }
});

test('vat errno and vat signals', () => {
  assert.match(runVat(['errno', 'ENOENT']).stdout, /^\s*2\s+ENOENT\s+No such file or directory/);
  assert.match(runVat(['errno', '11']).stdout, /EAGAIN.*also EWOULDBLOCK/);
  assert.match(runVat(['signals', 'term']).stdout, /^\s*15\s+SIGTERM/);
  const all = JSON.parse(runVat(['signals', '--json']).stdout) as unknown[];
  assert.ok(all.length >= 64);
});

test('help and version', () => {
  const help = runVat(['--help']);
  assert.equal(help.status, 0);
  assert.match(help.stdout, /vat syscalls/);
  assert.equal(runVat(['syscalls', '--help']).status, 0);
  assert.match(runVat(['--version']).stdout, /^vat -- version \d+\.\d+\.\d+/);
});

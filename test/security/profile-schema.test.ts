// Malformed profiles fail closed: wrong types, unknown fields and duplicated keys are exit 2 with the JSON
// path of the fault (before, `"sockets": {"family": "AF_UNIX"}` was read as no sockets: every family open).
import assert from 'node:assert/strict';
import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { scratch } from '../helpers/fixtures.js';
import { runVat } from '../helpers/run-vat.js';

const dirs: string[] = [];
after(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

const exe = (extra: string): string =>
  `{"format":"vat-profile","version":1,"arch":"x86_64","executables":[{"path":"/x","syscalls":{"x86_64":["execve","socket"]}${extra}}]}`;

const CASES: [string, string, RegExp][] = [
  [
    'sockets as an object',
    exe(',"sockets":{"family":"AF_UNIX"}'),
    /\$\.executables\[0\]\.sockets: must be array/,
  ],
  [
    'a misspelt field',
    exe(',"socket":[{"family":"AF_UNIX","type":"SOCK_STREAM"}]'),
    /\$\.executables\[0\]\.socket: unknown field/,
  ],
  [
    'a family of the wrong type',
    exe(',"sockets":[{"family":2,"type":"SOCK_STREAM"}]'),
    /\$\.executables\[0\]\.sockets\[0\]\.family: must be string/,
  ],
  ['files as a string', exe(',"files":"/"'), /\$\.executables\[0\]\.files: must be array/],
  [
    'clone with a string',
    exe(',"clone":{"threads":"yes","processes":false}'),
    /\$\.executables\[0\]\.clone\.threads: must be boolean/,
  ],
  [
    'an unknown top-level field',
    exe('').replace('"arch"', '"allow_all":true,"arch"'),
    /\$\.allow_all: unknown field/,
  ],
  [
    'a duplicated key',
    exe(',"sockets":[{"family":"AF_UNIX","type":"SOCK_STREAM"}],"sockets":[]'),
    /\$\.executables\[0\]\.sockets: duplicated key/,
  ],
];

test('malformed profiles: exit 2, one line naming the JSON path, in every command that reads one', () => {
  const dir = scratch();
  dirs.push(dir);
  for (const [what, text, message] of CASES) {
    const path = join(dir, 'p.json');
    writeFileSync(path, text);
    for (const args of [
      ['seccomp', path, '--format', 'docker'],
      ['sandbox', '--profile', path, '--', 'true'],
      ['profile', 'check', path, '--', 'true'],
      ['profile', 'merge', path, '-o', join(dir, 'm.json')],
    ]) {
      const r = runVat(args);
      assert.equal(r.status, 2, `${what} (${args[0]}): ${r.stderr}`);
      assert.match(r.stderr, message, `${what} (${args[0]})`);
      assert.equal(r.stderr.trim().split('\n').length, 1, `${what}: one line`);
    }
  }
});

test('a recorded profile fits the schema', () => {
  const dir = scratch();
  dirs.push(dir);
  const path = join(dir, 'ls.json');
  assert.equal(runVat(['profile', 'record', '-f', '-o', path, '--', 'ls', '/']).status, 0);
  assert.equal(runVat(['seccomp', path, '--format', 'docker']).status, 0);
});

// Names from the tracee are quoted losslessly where vat prints them raw: a name holding the four characters
// `x\33y` and one holding x, ESC, y read differently in profile check alerts and summaries and in -k frames.
import assert from 'node:assert/strict';
import { copyFileSync, mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { stackTracesUnavailable } from '../../src/engine/ptrace/stack/index.js';
import { quoteName, quoteText } from '../../src/model/quote.js';
import { fixture, scratch } from '../helpers/fixtures.js';
import { runVat } from '../helpers/run-vat.js';

const dir = scratch();
after(() => rmSync(dir, { recursive: true, force: true }));

test('quoteName doubles backslashes, then escapes as quoteText does', () => {
  assert.equal(quoteName('x\\33y'), 'x\\\\33y');
  assert.equal(quoteName('x\x1by'), 'x\\33y');
  assert.notEqual(quoteName('x\\33y'), quoteName('x\x1by'));
  assert.equal(quoteText('x\\33y'), quoteText('x\x1by'), 'the whole-line quoter alone cannot tell them');
  assert.equal(quoteName('a\\\r\n'), 'a\\\\\\r\\n');
  assert.equal(quoteName('plain /path'), 'plain /path');
});

test('profile check: alerts and summary tell a literal \\33 from ESC', () => {
  const prog = fixture('backslash-names');
  const p = join(dir, 'benign.json');
  assert.equal(runVat(['profile', 'record', '-o', p, '--', prog, 'benign']).status, 0);
  const r = runVat(['profile', 'check', p, '--', prog], { cwd: dir });
  assert.equal(r.status, 1, r.stderr);
  assert.ok(!r.stderr.includes('\x1b'), 'no raw ESC');
  assert.match(r.stderr, /ALERT pid \d+: file x\\\\33y \(w\) outside profile/);
  assert.match(r.stderr, /ALERT pid \d+: file x\\33y \(w\) outside profile/);
  assert.match(r.stderr, /^vat: +1 {2}file x\\\\33y$/m);
  assert.match(r.stderr, /^vat: +1 {2}file x\\33y$/m);
});

test('-k: a module path with a backslash is printed with it doubled', {
  skip: stackTracesUnavailable() ?? false,
}, () => {
  const where = join(dir, 'a\\b');
  mkdirSync(where);
  const prog = join(where, 'prog');
  copyFileSync(fixture('backslash-names'), prog);
  const r = runVat(['-k', '-e', 'trace=exit_group', '--', prog, 'benign']);
  assert.equal(r.status, 0, r.stderr);
  assert.ok(r.stderr.includes(` > ${where.replace('a\\b', 'a\\\\b')}/prog(`), r.stderr);
});

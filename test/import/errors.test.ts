// Bad input to import/convert/summary: one clear `vat: ...` line and exit status 2; noise is reported and counted.
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { ROOT, scratch } from '../helpers/fixtures.js';
import { runVat } from '../helpers/run-vat.js';

const GOLDEN = join(ROOT, 'test', 'golden', 'import');

function file(name: string, text: string): string {
  const path = join(scratch(), name);
  writeFileSync(path, text);
  return path;
}

const oneLine = (stderr: string): string => {
  const lines = stderr.trimEnd().split('\n');
  assert.equal(lines.length, 1, stderr);
  return lines[0] as string;
};

test('noise: each unparsable line is reported with its number, counted, and the rest imported', () => {
  const r = runVat(['import', join(GOLDEN, 'noisy.strace.txt')]);
  assert.equal(r.status, 0);
  const lines = r.stderr.trimEnd().split('\n');
  assert.match(lines[0] as string, /^vat: import: line 1: cannot parse: this is not strace output$/);
  assert.match(lines[1] as string, /^vat: import: line 7: cannot parse: 5086 .*write\(1, "unterminated$/);
  assert.match(lines[2] as string, /^vat: import: line 15: cannot parse: random noise = 3$/);
  assert.equal(lines[3], 'vat: import: 15 lines, 12 events, 3 lines could not be parsed');
  assert.equal(r.stdout.trim().split('\n').length, 12);
});

test('--strict: the first unparsable line fails with exit status 2', () => {
  const r = runVat(['import', '--strict', join(GOLDEN, 'noisy.strace.txt')]);
  assert.equal(r.status, 2);
  assert.equal(oneLine(r.stderr), 'vat: import: line 1: cannot parse: this is not strace output');
});

test('not a trace: exit 2 with one line', () => {
  const path = file('notes.txt', 'hello\nworld\n');
  for (const args of [
    ['import', path],
    ['convert', path, '--to', 'perfetto'],
    ['summary', path],
  ]) {
    const r = runVat(args);
    assert.equal(r.status, 2, r.stderr);
    assert.ok(oneLine(r.stderr).endsWith(`${path}: not an strace log (no line could be parsed)`), r.stderr);
  }
});

test('a JSON line cut inside the trace (not at its end): exit 2 naming the line', () => {
  const good = readFileSync(join(GOLDEN, 'fork-wait.jsonl'), 'utf8');
  const at = good.indexOf('\n', 500);
  const cut = `${good.slice(0, at + 40)}\n${good.slice(at + 1)}`;
  const path = file('cut.jsonl', cut);
  const r = runVat(['convert', path, '--to', 'perfetto', '-o', join(scratch(), 'out.json')]);
  assert.equal(r.status, 2);
  assert.match(oneLine(r.stderr), /^vat: convert: .*cut\.jsonl: line \d+: truncated or invalid JSON$/);
});

test('unknown schema version: exit 2', () => {
  const path = file('v9.jsonl', '{"v":9,"type":"syscall","pid":1,"tid":1,"ts":0}\n');
  const r = runVat(['summary', path]);
  assert.equal(r.status, 2);
  assert.match(oneLine(r.stderr), /unsupported schema version 9 \(this vat reads version 1\)$/);
});

test('usage errors: missing file, unknown format, JSON Lines given to import', () => {
  assert.match(
    oneLine(runVat(['import', '/nonexistent/x.txt']).stderr),
    /^vat: \/nonexistent\/x\.txt: no such file$/,
  );
  const r = runVat(['convert', join(GOLDEN, 'fork-wait.strace.txt'), '--to', 'svg']);
  assert.equal(r.status, 2);
  assert.match(oneLine(r.stderr), /unknown format 'svg'/);
  const j = runVat(['import', join(GOLDEN, 'fork-wait.jsonl')]);
  assert.equal(j.status, 2);
  assert.match(oneLine(j.stderr), /already vat JSON Lines/);
});

test('an empty input is an empty trace: one line, exit 2, as in the analyses', () => {
  const r = runVat(['convert', file('empty.txt', ''), '--to', 'perfetto']);
  assert.equal(r.status, 2, r.stderr);
  assert.match(oneLine(r.stderr), /empty\.txt: empty trace \(no events\)$/);
});

// `vat advise`: syscall patterns that cost time, with counts, time and where.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { test } from 'node:test';
import { fixture, scratch } from '../helpers/fixtures.js';
import { record } from '../helpers/record.js';
import { runVat } from '../helpers/run-vat.js';

const env = { ...process.env, NO_COLOR: '1' };

interface Finding {
  kind: string;
  title: string;
  where: string;
  count: number;
  timeNs: number;
  pid: number;
}

test('advise: a byte at a time on one fd is flagged as small writes on that fd (live and recorded)', () => {
  const exe = fixture('puzzle-bytewise');
  const out = join(scratch(), 'out.txt');
  const trace = record([exe, out]);
  for (const input of [['--', exe, out], [trace]]) {
    const r = runVat(['advise', ...input], { env });
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, /1\. \[small-io\] 2000 small writes \(1\.0 bytes each on average\)/);
    assert.match(r.stdout, new RegExp(`where: pid \\d+, fd 3 \\(${out.replace(/[/.]/g, '\\$&')}\\)`));
    assert.match(r.stdout, /advice: buffer the output/);
    const j = JSON.parse(runVat(['advise', '--json', ...input]).stdout);
    const f = j.findings.find((x: Finding) => x.kind === 'small-io') as Finding;
    assert.equal(f.count, 2000);
    assert.equal(f.where, `fd 3 (${out})`);
    assert.ok(f.timeNs > 0);
    assert.ok(!j.findings.some((x: Finding) => x.kind === 'repeated'));
  }
});

test('advise: getppid 10 000 times is flagged as repeated identical calls (live and recorded)', () => {
  const exe = fixture('puzzle-getppid');
  const trace = record([exe]);
  for (const input of [['--', exe], [trace]]) {
    const r = runVat(['advise', ...input], { env });
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, /\[repeated\] 10000 identical calls: getppid\(\) = \d+/);
    assert.match(r.stdout, /cache it/);
    const j = JSON.parse(runVat(['advise', '--json', ...input]).stdout);
    const f = j.findings.find((x: Finding) => x.kind === 'repeated') as Finding;
    assert.equal(f.count, 10000);
    assert.equal(f.where, 'getppid');
    assert.ok(f.timeNs > 0 && f.timeNs <= j.timeNs);
  }
});

test('advise: a quiet program gets no advice; bad input exits 2', () => {
  const r = runVat(['advise', '--', 'true'], { env });
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, /nothing to advise/);
  const bad = runVat(['advise', join(scratch(), 'missing.jsonl')]);
  assert.equal(bad.status, 2);
  assert.match(bad.stderr, /^vat: cannot read trace '.*missing\.jsonl': no such file\n$/);
});

test('advise: poll returning 0 in a loop is busy polling', () => {
  const trace = record([fixture('puzzle-spin'), '500']);
  const j = JSON.parse(runVat(['advise', '--json', trace]).stdout);
  const f = j.findings.find((x: Finding) => x.kind === 'busy-poll') as Finding;
  assert.equal(f.count, 500);
  assert.match(f.title, /500 poll calls returned 0/);
});

test('advise: a log without -T says that times need -T, never "0 ns"', () => {
  const exe = fixture('puzzle-bytewise');
  const dir = scratch();
  const log = join(dir, 'strace.txt');
  const s = spawnSync('strace', ['-f', '-o', log, '--', exe, join(dir, 'out.txt')]);
  assert.equal(s.status, 0, String(s.stderr));
  const r = runVat(['advise', log], { env });
  assert.equal(r.status, 0, r.stderr);
  assert.match(
    r.stdout.split('\n')[0] ?? '',
    /: \d+ syscalls, no call times in this trace \(times need strace -T\)$/,
  );
  assert.match(r.stdout, /cost: {2}2000 calls\n/);
  assert.doesNotMatch(r.stdout, /\b0 ns\b/);
  assert.equal(JSON.parse(runVat(['advise', '--json', log]).stdout).timed, false);
  // with -T the times are there
  const t = spawnSync('strace', ['-f', '-T', '-o', log, '--', exe, join(dir, 'out.txt')]);
  assert.equal(t.status, 0);
  assert.match(runVat(['advise', log], { env }).stdout, /syscalls, .* in them \(as traced/);
});

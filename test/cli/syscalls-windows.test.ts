// `vat syscalls --os windows` and `--count`, checked against the CSV files the table is generated from.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { ROOT } from '../helpers/fixtures.js';
import { runVat } from '../helpers/run-vat.js';

/** The source data itself: releases and, per call, the cells as written (`0x0055` or ''). */
function csv(arch: 'x64' | 'x86'): { releases: string[]; rows: Map<string, string[]> } {
  const [head = '', ...body] = readFileSync(join(ROOT, 'data', 'windows', `nt-${arch}.csv`), 'utf8')
    .split(/\r?\n/)
    .filter((l) => l !== '');
  const rows = new Map(body.map((l) => l.split(',')).map(([name = '', ...cells]) => [name, cells] as const));
  return { releases: head.split(',').slice(1), rows };
}

test('one NT call: its number in every release of both architectures, as the data has it', () => {
  const r = runVat(['syscalls', '--os', 'windows', 'NtCreateFile']);
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, /^ {2}Windows 11 and Server \(11 25H2\) +0x0055$/m);
  for (const arch of ['x64', 'x86'] as const) {
    const { releases, rows } = csv(arch);
    const cells = rows.get('NtCreateFile') ?? [];
    for (const [i, release] of releases.entries())
      assert.ok(
        r.stdout.includes(`  ${release}`) && r.stdout.includes(cells[i] ?? '?'),
        `${arch} ${release}`,
      );
  }
  const j = JSON.parse(runVat(['syscalls', '--os', 'windows', 'NtCreateFile', '--json']).stdout);
  const { releases, rows } = csv('x64');
  for (const [i, release] of releases.entries())
    assert.equal(j.numbers.x64[release], Number.parseInt(rows.get('NtCreateFile')?.[i] ?? '', 16));
  assert.equal(j.numbers.x86['Windows NT 3.x (3.1)'], 0x13);
});

test('the list: the newest release of the architecture, by number; glob, regex and number lookups', () => {
  for (const arch of ['x64', 'x86'] as const) {
    const { releases, rows } = csv(arch);
    const r = runVat(['syscalls', '--os', 'windows', '--arch', arch]);
    assert.equal(r.status, 0, r.stderr);
    const [head, ...lines] = r.stdout.trimEnd().split('\n');
    assert.equal(head, `# ${arch}, ${releases.at(-1)}`);
    const expected = [...rows].filter(([, c]) => (c.at(-1) ?? '') !== '');
    assert.equal(lines.length, expected.length);
    const numbers = lines.map((l) => Number.parseInt(l.slice(0, 6), 16));
    assert.deepEqual(
      numbers,
      [...numbers].sort((a, b) => a - b),
    );
    for (const [name, cells] of expected) assert.ok(lines.includes(`${cells.at(-1)}  ${name}`), name);
  }
  const glob = runVat(['syscalls', '--os', 'windows', 'NtCreate*File']).stdout.trimEnd().split('\n').slice(1);
  assert.ok(glob.includes('0x0055  NtCreateFile'));
  assert.ok(
    glob.every((l) => / {2}NtCreate.*File$/.test(l)),
    glob.join('\n'),
  );
  const json = JSON.parse(runVat(['syscalls', '--os', 'windows', '/^NtCreateFile$', '--json']).stdout);
  assert.deepEqual(json, [
    {
      nr: 0x55,
      hex: '0x0055',
      name: 'NtCreateFile',
      arch: 'x64',
      release: 'Windows 11 and Server (11 25H2)',
    },
  ]);
  assert.match(runVat(['syscalls', '--os', 'windows', '0x55']).stdout, /^NtCreateFile\n/);
});

test('--count: Linux per ABI from the pinned tables, Windows per release from the data', () => {
  const r = runVat(['syscalls', '--count', '--json']);
  assert.equal(r.status, 0, r.stderr);
  const j = JSON.parse(r.stdout);
  // x86_64: rows of syscall_64.tbl for the common and 64 ABIs that name an entry point
  const tbl = readFileSync(join(ROOT, 'data', 'kernel', 'syscall_64.tbl'), 'utf8')
    .split('\n')
    .filter((l) => /^\d+\s+(common|64)\s/.test(l));
  const x86 = j.linux.arches.find((a: { arch: string }) => a.arch === 'x86_64');
  assert.equal(x86.implemented, tbl.filter((l) => l.trim().split(/\s+/).length >= 4).length);
  assert.equal(x86.implemented + x86.reserved, tbl.length);
  for (const w of j.windows) {
    const { releases, rows } = csv(w.arch);
    assert.deepEqual(
      w.releases,
      releases.map((release, i) => ({
        release,
        count: [...rows.values()].filter((c) => c[i] !== '').length,
      })),
    );
  }
  const text = runVat(['syscalls', '--count']).stdout;
  const last = csv('x64');
  const latest = [...last.rows.values()].filter((c) => c.at(-1) !== '').length;
  assert.match(
    text,
    new RegExp(`^Linux [\\d.]+ x86_64: ${x86.implemented}; .*11 25H2\\) x64: ${latest}$`, 'm'),
  );
  const linuxOnly = runVat(['syscalls', '--count', '--os', 'linux']).stdout;
  assert.doesNotMatch(linuxOnly, /Windows/);
});

test('bad input: one line and exit 2', () => {
  for (const [args, message] of [
    [['--os', 'macos'], "vat: syscalls: unknown OS 'macos'"],
    [['--os', 'windows', 'NtCreatFile'], "vat: syscalls: unknown NT system call 'NtCreatFile' (did you mean"],
    [['--os', 'windows', '--arch', 'arm'], "vat: syscalls: unknown Windows architecture 'arm'"],
    [['--os', 'windows', '--class', '%file'], 'vat: syscalls: --class applies to Linux only'],
  ] as const) {
    const r = runVat(['syscalls', ...args]);
    assert.equal(r.status, 2, args.join(' '));
    assert.ok(r.stderr.startsWith(message) && r.stderr.split('\n').length === 2, r.stderr);
  }
});

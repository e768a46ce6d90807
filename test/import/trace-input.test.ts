// Trace inputs read alike by every subcommand: an empty input, a trace cut mid-line by a killed run, a file that
// is not a trace, and the counts in import's stats line.
import assert from 'node:assert/strict';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { ROOT, tempDir } from '../helpers/fixtures.js';
import { runVat } from '../helpers/run-vat.js';

const GOLDEN = join(ROOT, 'test', 'golden', 'import');
const dir = tempDir('vat-trace-input-');
after(() => rmSync(dir, { recursive: true, force: true }));
const env = { ...process.env, NO_COLOR: '1' };

function file(name: string, text: string): string {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}

/** Every subcommand that reads a trace file, as argv around the file. */
const READERS: readonly ((f: string) => string[])[] = [
  (f) => ['import', f],
  (f) => ['convert', f, '--to', 'jsonl'],
  (f) => ['convert', f, '--to', 'strace'],
  (f) => ['summary', f],
  (f) => ['profile', 'from', '-o', join(dir, 'p.json'), f],
  (f) => ['files', f],
  (f) => ['why', f],
  (f) => ['advise', f],
  (f) => ['compare', f, f],
];

test('an empty input is one rule everywhere: `empty trace`, one line, exit 2', () => {
  for (const text of ['', '\n\n  \n']) {
    const empty = file('empty.txt', text);
    for (const argv of READERS.map((r) => r(empty))) {
      const r = runVat(argv, { env });
      assert.equal(r.status, 2, `${argv.join(' ')}: ${r.stderr}`);
      assert.match(r.stderr, /^vat: .*empty\.txt: empty trace \(no events\)\n$/, argv.join(' '));
      assert.equal(r.stdout, '', argv.join(' '));
    }
  }
});

/** The file cut in the middle of a line past its half, and the same file cut at the end of that line's predecessor. */
function cut(name: string, text: string): { cut: string; whole: string; line: number } {
  const at = text.indexOf('\n', text.length / 2) + 20;
  const lastNl = text.lastIndexOf('\n', at - 1);
  assert.ok(text[at] !== '\n' && text.slice(lastNl + 1, at).length > 5);
  return {
    cut: file(`cut-${name}`, text.slice(0, at)),
    whole: file(`whole-${name}`, text.slice(0, lastNl + 1)),
    line: text.slice(0, lastNl + 1).split('\n').length,
  };
}

for (const golden of ['fork-wait.jsonl', 'fork-wait.strace.txt']) {
  test(`a trace cut mid-line (${golden}) is read up to the cut with one warning, in every subcommand`, () => {
    const { cut: c, whole, line } = cut(golden, readFileSync(join(GOLDEN, golden), 'utf8'));
    for (const reader of READERS) {
      const argv = reader(c);
      if (argv[0] === 'import' && golden.endsWith('.jsonl')) continue; // import refuses JSON Lines anyway
      const r = runVat(argv, { env });
      assert.equal(r.status, 0, `${argv.join(' ')}: ${r.stderr}`);
      const warnings = r.stderr.split('\n').filter((l) => l !== '');
      const name = `cut-${golden}`.replace(/[.]/g, '\\.');
      const warning = new RegExp(`^vat: (\\w+( \\w+)?: )?\\S*${name}: line ${line}: the trace ends mid-line`);
      // once, however many times the command reads the file (why, compare)
      assert.equal(warnings.length, 1, r.stderr);
      for (const w of warnings) assert.match(w, warning);
      // what was read is exactly the trace up to the last whole line
      if (argv[0] === 'profile') continue; // the profile names its input file
      const w = runVat(reader(whole), { env });
      assert.equal(w.status, 0, w.stderr);
      assert.equal(r.stdout.replaceAll(`cut-${golden}`, 'F'), w.stdout.replaceAll(`whole-${golden}`, 'F'));
    }
  });
}

test('a file that is not a trace (README.md) is one line and exit 2 for summary, import and convert', () => {
  const readme = join(ROOT, 'README.md');
  for (const argv of [
    ['summary', readme],
    ['import', readme],
    ['convert', readme, '--to', 'perfetto'],
  ]) {
    const r = runVat(argv, { env });
    assert.equal(r.status, 2, r.stderr);
    assert.match(
      r.stderr,
      /^vat: \w+: .*README\.md: not an strace log \(\d+ of \d+ lines could not be parsed\)\n$/,
    );
    assert.equal(r.stdout, '');
  }
});

test("import's stats line counts the records it writes, once each", () => {
  const r = runVat(['import', join(GOLDEN, 'noisy.strace.txt')]);
  assert.equal(r.status, 0, r.stderr);
  const written = r.stdout.trim().split('\n').length;
  const stats = /(\d+) lines, (\d+) events, 3 lines could not be parsed/.exec(r.stderr);
  assert.ok(stats, r.stderr);
  assert.equal(Number(stats[2]), written);
});

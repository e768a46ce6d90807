// What the log importer says about a bad line names the subcommand that read it, once (`vat: files: line 3`,
// never `vat: vat:`), and the line's bytes come quoted: no raw escape or invalid UTF-8 reaches the terminal.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { CLI, scratch } from '../helpers/fixtures.js';
import { runVat } from '../helpers/run-vat.js';

const dir = scratch();
after(() => rmSync(dir, { recursive: true, force: true }));

// a real strace log with a hostile line in the middle: an escape sequence and bytes that are not UTF-8
const log = join(dir, 'trace.log');
const traced = spawnSync('strace', ['-o', log, '--', 'true']);
assert.equal(traced.status, 0);
const lines = readFileSync(log).toString('latin1').split('\n');
lines.splice(2, 0, 'GA\xff\xfe \x1b[31mred');
writeFileSync(log, Buffer.from(lines.join('\n'), 'latin1'));

for (const [name, args] of [
  ['files', ['files', log]],
  ['why', ['why', log]],
  ['advise', ['advise', log]],
  ['compare', ['compare', log, log]],
  ['summary', ['summary', log]],
  ['import', ['import', log, '-o', join(dir, 'out.jsonl')]],
  ['convert', ['convert', '--to', 'jsonl', log, '-o', join(dir, 'out2.jsonl')]],
  ['report', ['report', log, '-o', join(dir, 'out.html')]],
] as const)
  test(`${name}: a line that cannot be parsed is said once, prefixed by the subcommand, quoted`, () => {
    const r = runVat(args);
    assert.equal(r.status, 0, r.stderr);
    // the same run's stderr as bytes: no escape byte, nothing that is not UTF-8
    const bytes = spawnSync(process.execPath, [CLI, ...args]).stderr;
    assert.ok(!bytes.includes(0x1b), 'no raw escape byte');
    assert.ok(Buffer.from(bytes.toString('utf8'), 'utf8').equals(bytes), 'stderr is valid UTF-8');
    const said = r.stderr.split('\n').filter((l) => l.includes('cannot parse'));
    assert.equal(said.length, 1, r.stderr);
    for (const l of said) {
      assert.ok(l.startsWith(`vat: ${name}: line 3: cannot parse: `), l);
      assert.doesNotMatch(l, /vat: vat:/);
    }
    assert.match(said[0] ?? '', /\\33\[31mred/, 'the escape is shown quoted');
  });

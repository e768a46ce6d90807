// The one JSON Lines reader: every subcommand reads back what `vat --json` wrote, whatever text the program put in
// its strings (a hostile name shaped like a JSON member with a big integer), with integers past 2^53 exact.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { scratch } from '../helpers/fixtures.js';
import { record } from '../helpers/record.js';
import { runVat } from '../helpers/run-vat.js';

// inside the JSON string this reads `\",\"x\":12345678901234567890`: a member with a big integer, to a regex
const NAME = 'a","x":12345678901234567890';

test('a string that looks like a big-integer member is read back as text by every reader', () => {
  const trace = record(['cat', NAME]);
  const written = readFileSync(trace, 'utf8');
  assert.ok(written.includes('12345678901234567890'), 'the name is in the trace');
  // convert to JSON Lines again: the same bytes (ts past 2^53 kept digit for digit)
  const again = join(scratch(), 'again.jsonl');
  const jsonl = runVat(['convert', trace, '--to', 'jsonl', '-o', again]);
  assert.equal(jsonl.status, 0, jsonl.stderr);
  assert.equal(readFileSync(again, 'utf8'), written);
  const text = runVat(['convert', trace, '--to', 'strace']);
  assert.equal(text.status, 0, text.stderr);
  assert.ok(
    text.stdout.includes('openat(AT_FDCWD, "a\\",\\"x\\":12345678901234567890", O_RDONLY)'),
    text.stdout,
  );
  for (const argv of [
    ['why', trace],
    ['files', trace],
    ['advise', trace],
    ['summary', trace],
  ]) {
    const r = runVat(argv);
    assert.equal(r.status, 0, `${argv[0]}: ${r.stderr}`);
  }
  const profile = runVat(['profile', 'from', trace, '-o', join(scratch(), 'p.json')]);
  assert.equal(profile.status, 0, profile.stderr);
});

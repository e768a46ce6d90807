// Records a run as the README says (`vat --json -o T.jsonl -f -- CMD`), for the tests of commands that read traces.
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { scratch } from './fixtures.js';
import { runVat } from './run-vat.js';

/** The path of a fresh JSONL trace of `argv`, run in `cwd` when given. */
export function record(argv: readonly string[], cwd?: string): string {
  const trace = join(scratch(), 't.jsonl');
  const r = runVat(['--json', '-o', trace, '-f', '--', ...argv], cwd === undefined ? {} : { cwd });
  assert.ok(existsSync(trace), `recording failed: ${r.stderr}`);
  return trace;
}

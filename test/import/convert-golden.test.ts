// vat import / convert / summary on committed strace logs, against committed outputs (test/golden/import/).
// Regenerate after a reviewed change with VAT_UPDATE_GOLDEN=1 and read the diff.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { ROOT, scratch } from '../helpers/fixtures.js';
import { runVat } from '../helpers/run-vat.js';

const DIR = join(ROOT, 'test', 'golden', 'import');
const UPDATE = process.env.VAT_UPDATE_GOLDEN === '1';
const INPUTS = readdirSync(DIR)
  .filter((f) => f.endsWith('.strace.txt'))
  .map((f) => f.slice(0, -'.strace.txt'.length));

function golden(file: string, actual: string): void {
  const path = join(DIR, file);
  if (UPDATE) writeFileSync(path, actual);
  assert.equal(actual, readFileSync(path, 'utf8'), `${file} differs (VAT_UPDATE_GOLDEN=1 regenerates it)`);
}

/** Chrome Trace Event Format: the fields each phase needs, and flows that pair up. */
export function checkTraceEvents(doc: unknown): void {
  assert.ok(doc && typeof doc === 'object' && Array.isArray((doc as { traceEvents: unknown }).traceEvents));
  const events = (doc as { traceEvents: Record<string, unknown>[] }).traceEvents;
  const flows = new Map<unknown, string[]>();
  for (const e of events) {
    const where = JSON.stringify(e);
    assert.equal(typeof e.name, 'string', where);
    assert.ok(Number.isInteger(e.pid) && Number.isInteger(e.tid), where);
    switch (e.ph) {
      case 'X':
        assert.ok(typeof e.ts === 'number' && typeof e.dur === 'number' && e.dur >= 0, where);
        break;
      case 'i':
        assert.ok(typeof e.ts === 'number' && ['g', 'p', 't'].includes(e.s as string), where);
        break;
      case 'M':
        assert.ok(['process_name', 'thread_name'].includes(e.name as string), where);
        assert.equal(typeof (e.args as { name?: unknown }).name, 'string', where);
        break;
      case 's':
      case 'f':
        assert.ok(typeof e.ts === 'number' && e.id !== undefined && typeof e.cat === 'string', where);
        flows.set(e.id, [...(flows.get(e.id) ?? []), e.ph]);
        break;
      default:
        assert.fail(`unknown phase: ${where}`);
    }
  }
  for (const [id, phases] of flows) assert.deepEqual(phases.sort(), ['f', 's'], `flow ${String(id)}`);
}

for (const name of INPUTS) {
  const input = join(DIR, `${name}.strace.txt`);

  test(`golden ${name}: import, perfetto, summary, and JSON Lines back to strace text`, () => {
    const imp = runVat(['import', input]);
    assert.equal(imp.status, 0, imp.stderr);
    golden(`${name}.jsonl`, imp.stdout);
    golden(`${name}.import-stderr.txt`, imp.stderr);
    const perfetto = runVat(['convert', input, '--to', 'perfetto']);
    assert.equal(perfetto.status, 0, perfetto.stderr);
    golden(`${name}.perfetto.json`, perfetto.stdout);
    checkTraceEvents(JSON.parse(perfetto.stdout));
    const summary = runVat(['summary', input, '-S', 'name']);
    assert.equal(summary.status, 0, summary.stderr);
    golden(`${name}.summary.txt`, summary.stdout);
    const dir = scratch();
    const jsonl = join(dir, 'trace.jsonl');
    writeFileSync(jsonl, imp.stdout);
    const text = runVat(['convert', jsonl, '--to', 'strace']);
    assert.equal(text.status, 0, text.stderr);
    golden(`${name}.from-jsonl.txt`, text.stdout);
    // JSON Lines in, JSON Lines out: the same records
    const same = runVat(['convert', jsonl, '--to', 'jsonl']);
    assert.equal(same.stdout, imp.stdout);
    // and the JSON Lines trace gives the same Perfetto document and table as the log
    assert.equal(runVat(['convert', jsonl, '--to', 'perfetto']).stdout, perfetto.stdout);
    assert.equal(runVat(['summary', jsonl, '-S', 'name']).stdout, summary.stdout);
  });
}

test('perfetto: syscalls as complete events in µs, names from exec, flows from fork to the child', () => {
  const r = runVat(['convert', join(DIR, 'fork-wait.strace.txt'), '--to', 'perfetto']);
  const doc = JSON.parse(r.stdout) as { traceEvents: Record<string, unknown>[]; displayTimeUnit: string };
  assert.equal(doc.displayTimeUnit, 'ns');
  const x = doc.traceEvents.filter((e) => e.ph === 'X');
  assert.equal(x[0]?.name, 'execve');
  assert.equal(x[0]?.ts, 0);
  const brk = x[1] as Record<string, unknown>;
  assert.equal(brk.dur, 19);
  assert.deepEqual((brk.args as Record<string, unknown>).ret_value, { hex: '0x555b6513d000' });
  const names = doc.traceEvents.filter((e) => e.ph === 'M' && e.name === 'process_name');
  assert.ok(names.some((e) => (e.args as { name: string }).name === 'fork-wait'));
  const s = doc.traceEvents.find((e) => e.ph === 's');
  const f = doc.traceEvents.find((e) => e.ph === 'f');
  assert.ok(s && f && s.id === f.id && s.tid !== f.tid);
  assert.ok(doc.traceEvents.some((e) => e.ph === 'i' && e.name === 'SIGCHLD'));
  assert.ok(doc.traceEvents.some((e) => e.ph === 'i' && e.name === 'exited with 0'));
});

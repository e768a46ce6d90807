// --json: every line parses, matches the committed schema, and carries the same calls as the text trace.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { fixture, ROOT, scratch } from '../helpers/fixtures.js';
import { runVat } from '../helpers/run-vat.js';

const schema = JSON.parse(readFileSync(join(ROOT, 'schema', 'trace-event.v1.schema.json'), 'utf8')) as object;
const validate = new Ajv2020({ allErrors: true, strict: false }).compile(schema);

/** Parses JSON Lines keeping big integers exact as strings (ts exceeds 2^53). */
const parse = (text: string): Record<string, unknown>[] =>
  text
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l.replace(/"ts":(\d+)/, '"ts":"$1"')) as Record<string, unknown>);

function traceJson(args: string[]): Record<string, unknown>[] {
  const dir = scratch();
  const out = join(dir, 'trace.jsonl');
  runVat(['--json', '-o', out, ...args]);
  return parse(readFileSync(out, 'utf8'));
}

test('every event kind the fixtures produce validates against the schema', () => {
  const events = [
    ...traceJson(['-f', '--', fixture('fork-wait')]),
    ...traceJson(['--', fixture('self-kill'), '15']),
    ...traceJson(['--', fixture('exact-calls')]),
  ];
  const kinds = new Set<unknown>();
  for (const e of events) {
    const checked = { ...e, ts: Number(e.ts) };
    assert.ok(
      validate(checked),
      `${JSON.stringify(validate.errors?.slice(0, 2))}\n${JSON.stringify(e).slice(0, 300)}`,
    );
    kinds.add(e.type);
  }
  for (const kind of ['exit', 'signal', 'syscall']) assert.ok(kinds.has(kind), kind);
});

test('a syscall record joins entry and exit: arguments, raw values, result, errno', () => {
  const events = traceJson(['--', fixture('exact-calls')]);
  const open = events.find((e) => e.name === 'openat' && e.errno === 'ENOENT') as
    | Record<string, unknown>
    | undefined;
  assert.ok(open, 'the fixture openat');
  assert.equal(open.ret, -2);
  assert.equal(open.error, 'No such file or directory');
  const args = open.args as { name: string; raw: string; value: unknown }[];
  assert.deepEqual(args[1]?.value, { str: '/nonexistent/vat-fixture', truncated: false });
  assert.equal(args[0]?.raw, '0xffffff9c');
  assert.ok(typeof open.dur === 'number' && open.dur >= 0);
  const exit = events.at(-1);
  assert.deepEqual({ type: exit?.type, code: exit?.code }, { type: 'exit', code: 7 });
});

test('timestamps are exact integers in nanoseconds since the epoch, in order', () => {
  const dir = scratch();
  const out = join(dir, 'trace.jsonl');
  runVat(['--json', '-o', out, '--', fixture('exact-calls')]);
  const stamps = [...readFileSync(out, 'utf8').matchAll(/"ts":(\d+)/g)].map((m) => BigInt(m[1] as string));
  const now = BigInt(Date.now()) * 1_000_000n;
  assert.ok(
    stamps.every((t) => t > now - 600_000_000_000n && t <= now),
    'within the last ten minutes',
  );
  for (let i = 1; i < stamps.length; i++) assert.ok((stamps[i] as bigint) >= (stamps[i - 1] as bigint));
});

test('--json works with -ff: one JSON Lines file per process', () => {
  const dir = scratch();
  runVat(['--json', '-ff', '-o', join(dir, 'p'), '--', fixture('fork-wait')]);
  const files = readdirSync(dir).filter((f) => f.startsWith('p.'));
  assert.equal(files.length, 2);
  for (const f of files) {
    const events = parse(readFileSync(join(dir, f), 'utf8'));
    assert.equal(new Set(events.map((e) => e.tid)).size, 1, f);
  }
});

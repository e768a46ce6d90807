// vat import and convert write each call's line straight from the call (recordLines, jsonValueText): the lines must
// be the bytes recordLine() writes for the record objects that the other consumers (perfetto, summary) get.
import assert from 'node:assert/strict';
import { readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { jsonValue } from '../../src/format/json-value.js';
import { jsonValueText } from '../../src/format/json-value-text.js';
import { jsonText } from '../../src/format/json-writer.js';
import type { Value } from '../../src/model/value.js';
import { fixture, ROOT, scratch } from '../helpers/fixtures.js';
import { bothWays } from '../helpers/import-paths.js';
import { hasStrace, traceWith } from '../helpers/strace-oracle.js';

const GOLDEN = join(ROOT, 'test', 'golden', 'import');

test('the committed logs: each line is recordLine of its record', async () => {
  const logs = readdirSync(GOLDEN).filter((f) => f.endsWith('.strace.txt'));
  assert.ok(logs.length > 0);
  for (const f of logs) {
    const { fromRecords, lines } = await bothWays(join(GOLDEN, f));
    assert.ok(lines.length > 0, f);
    assert.deepEqual(lines, fromRecords, f);
  }
});

test('strace -f -yy -tt -T -v logs of fixtures: the same lines either way', {
  skip: !hasStrace,
}, async () => {
  const dir = scratch();
  for (const [name, args] of [
    ['fork-wait', []],
    ['exact-calls', []],
    ['self-kill', ['15']],
  ] as const) {
    const t = traceWith('strace', ['-f', '-yy', '-tt', '-T', '-v', '-s', '8'], [fixture(name), ...args]);
    assert.ok(t.trace.includes('('), `${name}: ${t.stderr}`);
    const log = join(dir, `${name}.log`);
    writeFileSync(log, t.trace);
    const { fromRecords, lines } = await bothWays(log);
    assert.ok(lines.length > 5, name);
    assert.deepEqual(lines, fromRecords, name);
  }
});

test('jsonValueText writes jsonText(jsonValue(v)), odd struct field names included', () => {
  const bytes = (s: string): Uint8Array => new Uint8Array(Buffer.from(s, 'latin1'));
  const values: Value[] = [
    { k: 'int', v: -5 },
    { k: 'int', v: 2n ** 60n },
    { k: 'int', v: -(2n ** 53n) },
    { k: 'int', v: Number.NaN },
    { k: 'hex', v: 0 },
    { k: 'hex', v: -255n },
    { k: 'oct', v: 0 },
    { k: 'oct', v: 0o755 },
    { k: 'ptr', v: 0n },
    { k: 'ptr', v: 0x7ffd1234n },
    { k: 'str', bytes: bytes('a"b\\c\n\u00ff\u0001'), more: true },
    { k: 'str', bytes: bytes(''), more: false },
    { k: 'str', bytes: bytes('x') } as unknown as Value,
    { k: 'sym', text: 'O_RDONLY|O_CLOEXEC' },
    { k: 'fd', fd: 3 },
    { k: 'fd', fd: 3, detail: 'pipe:[42]' },
    { k: 'fd', fd: 4, path: '/tmp/a "b"', detail: '"/tmp/a \\"b\\""', deleted: true },
    { k: 'fd', fd: 4, path: '/tmp/x', detail: '/tmp/x<char 1:3>' },
    {
      k: 'struct',
      fields: [
        ['st_mode', { k: 'sym', text: 'S_IFREG|0644' }],
        ['', { k: 'int', v: 1 }],
        ['st_size', { k: 'int', v: 10 }],
      ],
      more: true,
    },
    { k: 'struct', fields: [] },
    {
      k: 'struct',
      fields: [
        ['2', { k: 'int', v: 1 }],
        ['a', { k: 'int', v: 2 }],
        ['1', { k: 'int', v: 3 }],
      ],
    },
    {
      k: 'struct',
      fields: [
        ['a', { k: 'int', v: 1 }],
        ['b', { k: 'int', v: 2 }],
        ['a', { k: 'int', v: 3 }],
      ],
    },
    {
      k: 'struct',
      fields: [
        ['_1', { k: 'int', v: 1 }],
        ['', { k: 'int', v: 2 }],
      ],
    },
    {
      k: 'struct',
      fields: [
        ['__proto__', { k: 'int', v: 1 }],
        ['b', { k: 'int', v: 2 }],
      ],
    },
    { k: 'array', items: [{ k: 'int', v: 1 }, { k: 'none' }], more: true },
    { k: 'array', items: [] },
    { k: 'commented', value: { k: 'hex', v: 16 }, comment: '23 vars' },
    { k: 'text', text: '{WIFEXITED(s) && WEXITSTATUS(s) == 0}' },
    { k: 'named', name: 'child_stack', value: { k: 'ptr', v: 0n } },
    { k: 'changed', before: { k: 'int', v: 16 }, after: { k: 'int', v: 8 } },
    { k: 'none' },
  ];
  for (const v of values)
    assert.equal(
      jsonValueText(v),
      jsonText(jsonValue(v)),
      JSON.stringify(v, (_k, x) => String(x)),
    );
});
